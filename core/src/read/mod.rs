//! The reading side: validation (the rules, checked once), the zero-copy
//! views over validated bytes, and the typed decode of one value.
//!
//! Every walk here goes through [`wire::Cursor`](crate::wire::Cursor).

pub(crate) mod validate;
pub(crate) mod value;
pub(crate) mod views;

pub use value::{FileTime, FromValue, Value};
pub use views::{Properties, Property, PropertyList, RawValue, ValueList, Values};
