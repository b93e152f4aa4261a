//! [`Visitor`]: a property list's contents shown as validation reads them,
//! in one pass over the bytes.

use crate::error::DecodeError;
use crate::options::{DecodeOptions, NestedLists};
use crate::read::sink::Sink;
use crate::read::validate::{self, Defaults, Rules};
use crate::read::value::Value;
use crate::read::views::{PropertyList, RawValue, ValueList};
use crate::syntax::ListKind;
use crate::text::Utf16Str;
use crate::wire::Entry;

/// Receives a list's contents, in order, while
/// [`PropertyList::parse_visiting`] (or [`ValueList::parse_visiting`])
/// validates it: the one-pass alternative to parsing and then iterating
/// (the iterators walk the bytes a second time; a visitor is shown each
/// name and value as the validator checks it).
///
/// Every method has a default that does nothing, so a visitor implements
/// only what it needs. For a list `count, name₁, values…, name₂, values…`
/// the calls are `property(name₁)`, `value(…)` for each of its values,
/// `property(name₂)`, and so on. A nested list (when nested lists are
/// decoded, the default) is shown in place of its value: `enter_list`, its
/// own properties or values, `leave_list` (or, if `enter_list` answers
/// `false`, nothing more: a visitor skips what it does not need). With
/// [`NestedLists::Opaque`] it is one [`Value::Unknown`]. A `NAME` entry
/// inside a nested value list is a [`Value::Name`].
///
/// **A visitor sees the list before the list is known to be valid.** Each
/// name and value it is shown has passed its own rules (a value is never
/// truncated, a string is properly terminated), but a fault further on (a
/// missing end mark, a wrong count, trailing bytes) makes
/// `parse_visiting` return the error after the visitor has seen what came
/// before it. On `Err`, discard what the visitor gathered.
///
/// ```
/// use clusprop::{PropertyList, Value, Visitor, Utf16Str};
/// use clusprop::offline::{VmAction, write_vm_instruction};
///
/// /// Sums every DWORD and counts the properties.
/// #[derive(Default)]
/// struct Sum { properties: usize, dwords: u64 }
///
/// impl<'data> Visitor<'data> for Sum {
///     fn property(&mut self, _name: Utf16Str<'data>) {
///         self.properties += 1;
///     }
///     fn value(&mut self, value: Value<'data>) {
///         if let Value::Dword(n) = value {
///             self.dwords += u64::from(n);
///         }
///     }
/// }
///
/// let mut buf = [0u8; 64];
/// let len = write_vm_instruction(&mut buf, VmAction::Save, Default::default())?;
/// let mut sum = Sum::default();
/// let list = PropertyList::parse_visiting(&buf[..len], &mut sum)?;
/// assert_eq!((sum.properties, sum.dwords, list.len()), (1, 1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Visitor<'data> {
    /// A property starts; its values follow.
    #[inline]
    fn property(&mut self, name: Utf16Str<'data>) {
        let _ = name;
    }

    /// A value of the current property (or of the nested value list
    /// entered last), typed as [`RawValue::decode`] types it.
    #[inline]
    fn value(&mut self, value: Value<'data>) {
        let _ = value;
    }

    /// A nested list starts. Answer `true` (the default) to be shown its
    /// properties (or values), up to the matching
    /// [`leave_list`](Self::leave_list); `false` to skip them (they are
    /// still validated, and there is no `leave_list` for this list).
    #[inline]
    fn enter_list(&mut self, kind: ListKind) -> bool {
        let _ = kind;
        true
    }

    /// The nested list entered last (with `true`) ends.
    #[inline]
    fn leave_list(&mut self) {}
}

impl<'data> PropertyList<'data> {
    /// Parses and validates `bytes` as [`parse`](Self::parse) does, showing
    /// `visitor` each name and value in the same pass (see [`Visitor`],
    /// and what it may have seen when this returns an error).
    #[inline]
    pub fn parse_visiting(
        bytes: &'data [u8],
        visitor: &mut (impl Visitor<'data> + ?Sized),
    ) -> Result<Self, DecodeError> {
        Self::parse_visiting_by(bytes, Defaults, visitor)
    }

    /// [`parse_visiting`](Self::parse_visiting) with `options`, as
    /// [`parse_with`](Self::parse_with).
    pub fn parse_visiting_with(
        bytes: &'data [u8],
        options: &DecodeOptions,
        visitor: &mut (impl Visitor<'data> + ?Sized),
    ) -> Result<Self, DecodeError> {
        Self::parse_visiting_by(bytes, options, visitor)
    }

    #[inline]
    fn parse_visiting_by(
        bytes: &'data [u8],
        rules: impl Rules,
        visitor: &mut (impl Visitor<'data> + ?Sized),
    ) -> Result<Self, DecodeError> {
        Self::parse_by(bytes, rules, &mut Shown::new(visitor, rules))
    }
}

impl<'data> ValueList<'data> {
    /// Parses and validates a bare value list as [`parse`](Self::parse)
    /// does, showing `visitor` each value in the same pass (no
    /// `property` calls at the top level; see [`Visitor`]).
    #[inline]
    pub fn parse_visiting(
        bytes: &'data [u8],
        visitor: &mut (impl Visitor<'data> + ?Sized),
    ) -> Result<Self, DecodeError> {
        Self::parse_visiting_by(bytes, Defaults, visitor)
    }

    /// [`parse_visiting`](Self::parse_visiting) with `options`, as
    /// [`parse_with`](Self::parse_with).
    pub fn parse_visiting_with(
        bytes: &'data [u8],
        options: &DecodeOptions,
        visitor: &mut (impl Visitor<'data> + ?Sized),
    ) -> Result<Self, DecodeError> {
        Self::parse_visiting_by(bytes, options, visitor)
    }

    #[inline]
    fn parse_visiting_by(
        bytes: &'data [u8],
        rules: impl Rules,
        visitor: &mut (impl Visitor<'data> + ?Sized),
    ) -> Result<Self, DecodeError> {
        Self::parse_by(bytes, rules, &mut Shown::new(visitor, rules))
    }
}

/// The sink that shows a [`Visitor`] typed names and values, nested lists
/// read as the validation's `rules` say (with [`Defaults`], a type known
/// when the crate is compiled, that test folds away as the validator's do).
struct Shown<'v, V: ?Sized, R> {
    visitor: &'v mut V,
    rules: R,
}

impl<'v, V: ?Sized, R: Rules> Shown<'v, V, R> {
    #[inline]
    fn new(visitor: &'v mut V, rules: R) -> Self {
        Shown { visitor, rules }
    }

    #[inline(always)]
    fn nested(&self) -> NestedLists {
        self.rules.options().nested
    }
}

impl<'data, V: Visitor<'data> + ?Sized, R: Rules> Sink<'data> for Shown<'_, V, R> {
    #[inline(always)]
    fn property(&mut self, name: &Entry<'data>) {
        // Names are never NUL-padded (validation holds them to one NUL).
        self.visitor
            .property(Utf16Str::without_nul(name.data()).unwrap_or_default());
    }

    #[inline(always)]
    fn value(&mut self, entry: &Entry<'data>) {
        // A plain value is never a list: the common case skips the test.
        if !entry.syntax().is_plain_list_value()
            && validate::decoded_list(entry, self.nested()).is_some()
        {
            // Already shown, between `enter_list` and `leave_list`.
            return;
        }
        let raw = RawValue::new(*entry, self.nested());
        self.visitor.value(Value::from_raw(&raw));
    }

    #[inline(always)]
    fn enter(&mut self, kind: ListKind) -> bool {
        self.visitor.enter_list(kind)
    }

    #[inline(always)]
    fn leave(&mut self) {
        self.visitor.leave_list();
    }
}
