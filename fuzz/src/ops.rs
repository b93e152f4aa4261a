//! The vocabulary of the `builder_ops` target: builder calls with arbitrary
//! arguments, applied to a small fixed buffer.

use arbitrary::Arbitrary;
use clusprop::{
    Binary, EncodeError, EncodeOptions, ExpandSz, ExpandedSz, FileTime, MultiSzOf, Name,
    PropertyListBuilder, RawData, ResetToDefault, Syntax, Sz, ValuesBuilder,
};

/// One value to add.
#[derive(Arbitrary, Debug, Clone)]
pub enum ValueOp {
    /// A DWORD.
    Dword(u32),
    /// A LONG.
    Long(i32),
    /// A WORD.
    Word(u16),
    /// A ULARGE_INTEGER.
    ULarge(u64),
    /// A LARGE_INTEGER.
    Large(i64),
    /// A FILETIME.
    FileTime(u64),
    /// An SZ (may contain NUL: must then be refused).
    Sz(String),
    /// An EXPAND_SZ.
    ExpandSz(String),
    /// An EXPANDED_SZ (refused unless the options allow it).
    ExpandedSz(String),
    /// A MULTI_SZ (may contain empty or NUL-holding elements).
    MultiSz(Vec<String>),
    /// Raw UTF-16 as an SZ (lone surrogates included).
    Utf16(Vec<u16>),
    /// BINARY.
    Binary(Vec<u8>),
    /// A zero-length value.
    Reset(u32),
    /// Any syntax with any data (checked by the reader's rules).
    Raw(u32, Vec<u8>),
    /// A NAME (refused inside a property).
    Name(String),
    /// A nested property list.
    Nested(Vec<PropertyOp>),
    /// A nested value list.
    NestedValues(Vec<ValueOp>),
}

/// One property to add.
#[derive(Arbitrary, Debug, Clone)]
pub struct PropertyOp {
    /// Its name (may contain NUL: must then be refused).
    pub name: String,
    /// Its values (none: must be refused).
    pub values: Vec<ValueOp>,
}

/// A whole builder session.
#[derive(Arbitrary, Debug, Clone)]
pub struct Session {
    /// Write the trailing end mark.
    pub trailing_end_mark: bool,
    /// Allow EXPANDED_SZ.
    pub allow_expanded_sz: bool,
    /// Buffer size (kept small).
    pub buffer: u16,
    /// The properties, in order.
    pub properties: Vec<PropertyOp>,
}

impl Session {
    /// The encode options.
    pub fn options(&self) -> EncodeOptions {
        EncodeOptions::default()
            .with_trailing_end_mark(self.trailing_end_mark)
            .with_expanded_sz(self.allow_expanded_sz)
    }
}

fn add_value(v: &mut ValuesBuilder<'_, '_>, op: &ValueOp, depth: usize) -> Result<(), EncodeError> {
    match op {
        ValueOp::Dword(x) => v.value(x),
        ValueOp::Long(x) => v.value(x),
        ValueOp::Word(x) => v.value(x),
        ValueOp::ULarge(x) => v.value(x),
        ValueOp::Large(x) => v.value(x),
        ValueOp::FileTime(x) => v.value(&FileTime(*x)),
        ValueOp::Sz(s) => v.value(&Sz(s.as_str())),
        ValueOp::ExpandSz(s) => v.value(&ExpandSz(s.as_str())),
        ValueOp::ExpandedSz(s) => v.value(&ExpandedSz(s.as_str())),
        ValueOp::MultiSz(items) => {
            let refs: Vec<&str> = items.iter().map(String::as_str).collect();
            v.value(&MultiSzOf(&refs))
        }
        ValueOp::Utf16(units) => v.value(&Sz(units.as_slice())),
        ValueOp::Binary(b) => v.value(&Binary(b)),
        ValueOp::Reset(s) => v.value(&ResetToDefault(Syntax(*s))),
        ValueOp::Raw(s, data) => v.value(&RawData {
            syntax: Syntax(*s),
            data,
        }),
        ValueOp::Name(s) => v.value(&Name(s.as_str())),
        ValueOp::Nested(props) if depth < 12 => {
            v.property_list(|inner| add_properties(inner, props, depth + 1))
        }
        ValueOp::NestedValues(values) if depth < 12 => v.value_list(|entries| {
            for e in values {
                // Entries that are refused are left out; the list stays valid.
                let _ = add_value(entries, e, depth + 1);
            }
            Ok(())
        }),
        _ => v.value(&0u32),
    }
    .map(drop)
}

/// Adds `props` to `b`, leaving out the ones the builder refuses.
pub fn add_properties(
    b: &mut PropertyListBuilder<'_>,
    props: &[PropertyOp],
    depth: usize,
) -> Result<(), EncodeError> {
    for p in props {
        let _ = b.property_with(p.name.as_str(), |v| {
            for op in &p.values {
                add_value(v, op, depth)?;
            }
            Ok(())
        });
    }
    Ok(())
}
