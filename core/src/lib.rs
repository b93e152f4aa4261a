// The README's examples use the owned model (`alloc`); without it the
// crate's page is this summary, so that its doctests build.
#![cfg_attr(feature = "alloc", doc = include_str!("../README.md"))]
#![cfg_attr(
    not(feature = "alloc"),
    doc = "Zero-copy reader and allocation-free writer for Windows Failover Cluster \
           property lists (CLUSPROP, MS-CMRP 2.2.3.10). The full crate documentation, \
           with its examples, is that of a build with the `alloc` feature."
)]
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "arbitrary")]
mod arbitrary_impl;
#[cfg(feature = "alloc")]
mod buf;
pub mod disk;
mod disk_values;
mod error;
mod escape;
mod formats;
mod hex;
#[cfg(feature = "json")]
mod json_text;
pub mod limits;
#[cfg(feature = "alloc")]
mod notation;
pub mod offline;
mod options;
#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "alloc")]
mod owned_iter;
#[cfg(feature = "alloc")]
mod owned_locate;
#[cfg(feature = "alloc")]
mod owned_typed;
mod read;
#[cfg(feature = "alloc")]
mod sddl;
pub mod security;
#[cfg(feature = "serde")]
mod serde_impl;
mod storage_id;
mod syntax;
mod text;
mod utc;
pub mod wire;
mod write;

#[cfg(feature = "alloc")]
pub use buf::PropertyListBuf;
pub use error::{
    DecodeError, DecodeErrorKind, EncodeError, Field, LookupError, LookupName, StructField, ValueAt,
};
pub use escape::{Escaped, Quoted, escaped, must_escape, quoted};
#[cfg(feature = "json")]
pub use json_text::{JsonTextError, JsonTextErrorKind};
#[cfg(feature = "alloc")]
pub use notation::{
    TextValueError, TextValueType, TextValueTypes, text_value_type, text_value_types,
};
pub use options::{DecodeOptions, NestedLists, SyntaxSet, TrailingEndMark};
#[cfg(feature = "alloc")]
pub use owned::{
    OwnedData, OwnedProperty, OwnedPropertyList, OwnedValue, OwnedValueList, WideString,
};
#[cfg(feature = "alloc")]
pub use owned_locate::LocatedEncodeError;
#[cfg(feature = "alloc")]
pub use owned_typed::{FromOwnedValue, IntoOwnedValue};
pub use read::{
    FileTime, FromValue, Properties, Property, PropertyList, RawValue, Value, ValueList, Values,
    Visitor,
};
#[cfg(feature = "serde")]
pub use serde_impl::JsonList;
pub use syntax::{LengthRule, ListKind, PropertyFormat, PropertyType, Syntax, SyntaxTier};
pub use text::{CodeUnits, MultiSz, MultiSzIter, Utf16Str, fold_name_char};
pub use utc::UtcTime;
pub use write::{
    Binary, DiskSerialNumber, EncodeOptions, EncodeValue, ExpandSz, ExpandedSz, MultiSzOf, Name,
    PropertyListBuilder, RawData, ResetToDefault, Sz, Utf16Source, ValueListBuilder, ValuesBuilder,
};
