//! The vocabulary of the `builder_ops` target: builder calls with arbitrary
//! arguments, applied to a small fixed buffer.

use arbitrary::Arbitrary;
use clusprop::{
    Binary, DecodeOptions, EncodeError, EncodeOptions, EncodeValue, ExpandSz, ExpandedSz, FileTime,
    MultiSzOf, Name, PropertyListBuilder, RawData, ResetToDefault, Syntax, Sz, ValueListBuilder,
    ValuesBuilder,
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
    /// Values per property allowed on both sides: 1 to 4 (3, the default, when out of range).
    pub max_values: u8,
    /// Buffer size (kept small).
    pub buffer: u16,
    /// Build a bare value list from `entries` instead of a property list.
    pub bare: bool,
    /// The properties, in order.
    pub properties: Vec<PropertyOp>,
    /// The entries of a bare value list.
    pub entries: Vec<ValueOp>,
}

impl Session {
    /// Values per property allowed.
    pub fn max_values(&self) -> u16 {
        match self.max_values {
            n @ 1..=4 => u16::from(n),
            _ => 3,
        }
    }

    /// The encode options.
    pub fn options(&self) -> EncodeOptions {
        EncodeOptions::default()
            .with_trailing_end_mark(self.trailing_end_mark)
            .with_expanded_sz(self.allow_expanded_sz)
            .with_max_values_per_property(self.max_values())
    }

    /// The decode options that match [`options`](Self::options).
    pub fn decode_options(&self) -> DecodeOptions {
        let mut options = DecodeOptions::default();
        options.max_values_per_property = self.max_values();
        options
    }
}

/// How a property with one value is added: the builder has a call for it,
/// which must write exactly what the general call writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OneValue {
    /// `PropertyListBuilder::property_with`, one `value` in the closure.
    InClosure,
    /// `PropertyListBuilder::property`.
    Direct,
}

/// Where values go: a property's values or a (nested or bare) value list.
trait Entries {
    fn put<V: EncodeValue + ?Sized>(&mut self, value: &V) -> Result<(), EncodeError>;
    fn put_property_list(
        &mut self,
        props: &[PropertyOp],
        depth: usize,
        how: OneValue,
    ) -> Result<(), EncodeError>;
    fn put_value_list(
        &mut self,
        values: &[ValueOp],
        depth: usize,
        how: OneValue,
    ) -> Result<(), EncodeError>;
}

/// The same adapter for a property's values and for a bare value list: both
/// builders have `value`, `property_list` and `value_list`.
macro_rules! entries_for {
    ($($builder:ty),*) => {$(
        impl Entries for $builder {
            fn put<V: EncodeValue + ?Sized>(&mut self, value: &V) -> Result<(), EncodeError> {
                self.value(value).map(drop)
            }
            fn put_property_list(
                &mut self,
                props: &[PropertyOp],
                depth: usize,
                how: OneValue,
            ) -> Result<(), EncodeError> {
                self.property_list(|inner| add_properties(inner, props, depth + 1, how))
                    .map(drop)
            }
            fn put_value_list(
                &mut self,
                values: &[ValueOp],
                depth: usize,
                how: OneValue,
            ) -> Result<(), EncodeError> {
                self.value_list(|entries| {
                    for e in values {
                        // Entries that are refused are left out; the list stays valid.
                        let _ = add_value(entries, e, depth + 1, how);
                    }
                    Ok(())
                })
                .map(drop)
            }
        }
    )*};
}

entries_for!(ValuesBuilder<'_, '_>, ValueListBuilder<'_>);

/// A property with one value, added by `PropertyListBuilder::property`.
struct OneValued<'b, 'buf> {
    builder: &'b mut PropertyListBuilder<'buf>,
    name: &'b str,
}

impl Entries for OneValued<'_, '_> {
    fn put<V: EncodeValue + ?Sized>(&mut self, value: &V) -> Result<(), EncodeError> {
        self.builder.property(self.name, value).map(drop)
    }
    fn put_property_list(
        &mut self,
        props: &[PropertyOp],
        depth: usize,
        how: OneValue,
    ) -> Result<(), EncodeError> {
        self.builder
            .property_with(self.name, |v| v.put_property_list(props, depth, how))
            .map(drop)
    }
    fn put_value_list(
        &mut self,
        values: &[ValueOp],
        depth: usize,
        how: OneValue,
    ) -> Result<(), EncodeError> {
        self.builder
            .property_with(self.name, |v| v.put_value_list(values, depth, how))
            .map(drop)
    }
}

/// Adds `entries` to a bare value list, leaving out the ones the builder refuses.
pub fn add_entries(b: &mut ValueListBuilder<'_>, entries: &[ValueOp], how: OneValue) {
    for op in entries {
        let _ = add_value(b, op, 0, how);
    }
}

fn add_value<E: Entries>(
    v: &mut E,
    op: &ValueOp,
    depth: usize,
    how: OneValue,
) -> Result<(), EncodeError> {
    match op {
        ValueOp::Dword(x) => v.put(x),
        ValueOp::Long(x) => v.put(x),
        ValueOp::Word(x) => v.put(x),
        ValueOp::ULarge(x) => v.put(x),
        ValueOp::Large(x) => v.put(x),
        ValueOp::FileTime(x) => v.put(&FileTime(*x)),
        ValueOp::Sz(s) => v.put(&Sz(s.as_str())),
        ValueOp::ExpandSz(s) => v.put(&ExpandSz(s.as_str())),
        ValueOp::ExpandedSz(s) => v.put(&ExpandedSz(s.as_str())),
        ValueOp::MultiSz(items) => {
            let refs: Vec<&str> = items.iter().map(String::as_str).collect();
            v.put(&MultiSzOf(&refs))
        }
        ValueOp::Utf16(units) => v.put(&Sz(units.as_slice())),
        ValueOp::Binary(b) => v.put(&Binary(b)),
        ValueOp::Reset(s) => v.put(&ResetToDefault(Syntax(*s))),
        ValueOp::Raw(s, data) => v.put(&RawData {
            syntax: Syntax(*s),
            data,
        }),
        ValueOp::Name(s) => v.put(&Name(s.as_str())),
        ValueOp::Nested(props) if depth < 12 => v.put_property_list(props, depth, how),
        ValueOp::NestedValues(values) if depth < 12 => v.put_value_list(values, depth, how),
        _ => v.put(&0u32),
    }
}

/// Adds `props` to `b`, leaving out the ones the builder refuses; a property
/// with one value is added `how` says.
pub fn add_properties(
    b: &mut PropertyListBuilder<'_>,
    props: &[PropertyOp],
    depth: usize,
    how: OneValue,
) -> Result<(), EncodeError> {
    for p in props {
        let name = p.name.as_str();
        let _ = match (how, p.values.as_slice()) {
            (OneValue::Direct, [op]) => {
                add_value(&mut OneValued { builder: b, name }, op, depth, how)
            }
            _ => b
                .property_with(name, |v| {
                    for op in &p.values {
                        add_value(v, op, depth, how)?;
                    }
                    Ok(())
                })
                .map(drop),
        };
    }
    Ok(())
}
