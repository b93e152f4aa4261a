//! The reading side: validation (the rules, checked once), the zero-copy
//! views over validated bytes, the typed decode of one value, and the
//! visitor that sees a list in validation's one pass.
//!
//! Every walk here goes through [`wire::Cursor`](crate::wire::Cursor).

mod sink;
pub(crate) mod validate;
pub(crate) mod value;
pub(crate) mod views;
mod visit;

pub use value::{FileTime, FromValue, Value};
pub use views::{Properties, Property, PropertyList, RawValue, ValueList, Values};
pub use visit::Visitor;
