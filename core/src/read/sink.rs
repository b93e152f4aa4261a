//! What validation shows of a list as it reads it: the link between the
//! validator's one pass and a [`Visitor`](crate::Visitor).
//!
//! Validation calls a [`Sink`] at each name, value and nested list it has
//! checked. Plain validation passes [`Unseen`], whose methods do nothing and
//! compile away; [`PropertyList::parse_visiting`](crate::PropertyList::parse_visiting)
//! passes a sink that turns each entry into what its visitor takes.

use crate::syntax::ListKind;
use crate::wire::Entry;

/// Receives each entry of a list once validation has checked its own rules.
pub(crate) trait Sink<'data> {
    /// A property's name entry (its text rules checked).
    fn property(&mut self, name: &Entry<'data>);
    /// A value entry (its length and content rules checked). Nested lists
    /// come here too, after their contents were shown between
    /// [`enter`](Self::enter) and [`leave`](Self::leave) when they were
    /// read as lists (`validate::decoded_list`).
    fn value(&mut self, value: &Entry<'data>);
    /// A nested list's contents follow: shown to this sink when it answers
    /// `true`, checked without showing them when `false`.
    fn enter(&mut self, kind: ListKind) -> bool;
    /// The nested list entered last (with `true`) ends.
    fn leave(&mut self);
}

/// The sink of plain validation: shows nothing.
pub(crate) struct Unseen;

impl<'data> Sink<'data> for Unseen {
    #[inline(always)]
    fn property(&mut self, _: &Entry<'data>) {}
    #[inline(always)]
    fn value(&mut self, _: &Entry<'data>) {}
    #[inline(always)]
    fn enter(&mut self, _: ListKind) -> bool {
        false
    }
    #[inline(always)]
    fn leave(&mut self) {}
}
