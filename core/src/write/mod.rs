//! The writing side: the allocation-free list builder and the value
//! encoders it writes ([`EncodeValue`] and its wrappers).

pub(crate) mod builder;
pub(crate) mod values;

pub use builder::{EncodeOptions, PropertyListBuilder, ValueListBuilder, ValuesBuilder};
pub use values::{
    Binary, DiskSerialNumber, EncodeValue, ExpandSz, ExpandedSz, MultiSzOf, Name, RawData,
    ResetToDefault, Sz, Utf16Source,
};
