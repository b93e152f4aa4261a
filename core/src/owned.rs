//! The owned model (feature `alloc`): property lists and values a program can
//! build, inspect and change, convert from a parsed list, and encode again.
//!
//! Lossless by construction: [`OwnedPropertyList::from_list`] keeps every value
//! whose typed form would not re-encode to the same bytes (a non-canonical
//! `MULTI_SZ`, an 8-byte `RESCLASS`, a user-defined syntax) as
//! [`OwnedData::Raw`], so decode → owned → encode reproduces the input up to
//! padding bytes.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::EncodeError;
use crate::formats::Shape;
use crate::read::value::{FileTime, Value};
use crate::read::views::{PropertyList, RawValue, ValueList};
use crate::syntax::{ListKind, Syntax};
use crate::text::Utf16Str;
use crate::write::builder::{EncodeOptions, PropertyListBuilder, ValueListBuilder};
use crate::write::values::{
    EncodeValue, Utf16Source, checked_raw_len, utf16_nul_len, write_utf16_nul,
};

/// An owned UTF-16 string without NUL characters (names and string values).
///
/// Any UTF-16, unpaired surrogates included, so every name Windows can send
/// survives a round trip.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct WideString(Vec<u16>);

impl WideString {
    /// From code units; `InteriorNul` if one of them is 0.
    pub fn from_units(units: Vec<u16>) -> Result<Self, EncodeError> {
        if units.contains(&0) {
            Err(EncodeError::InteriorNul)
        } else {
            Ok(WideString(units))
        }
    }

    /// From a `&str`; `InteriorNul` if it contains `'\0'`.
    pub fn from_str_checked(s: &str) -> Result<Self, EncodeError> {
        Self::from_units(s.encode_utf16().collect())
    }

    /// The code units.
    pub fn units(&self) -> &[u16] {
        &self.0
    }

    /// A borrowed view for comparisons.
    pub fn to_string_lossy(&self) -> String {
        char::decode_utf16(self.0.iter().copied())
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    }

    /// The text as a `String`, or `None` with an unpaired surrogate.
    pub fn to_string_checked(&self) -> Option<String> {
        char::decode_utf16(self.0.iter().copied())
            .collect::<Result<_, _>>()
            .ok()
    }

    /// Case-insensitive comparison, as [`Utf16Str::eq_ignore_case`] (the
    /// same rule; allocates nothing).
    pub fn eq_ignore_case(&self, s: &str) -> bool {
        crate::text::units_eq_ignore_case(self.0.iter().copied(), self.0.len(), s)
    }
}

impl TryFrom<&str> for WideString {
    type Error = EncodeError;
    fn try_from(s: &str) -> Result<Self, EncodeError> {
        Self::from_str_checked(s)
    }
}

impl From<Utf16Str<'_>> for WideString {
    /// A validated view never contains NUL.
    fn from(s: Utf16Str<'_>) -> Self {
        WideString(s.units().collect())
    }
}

impl PartialEq<str> for WideString {
    fn eq(&self, other: &str) -> bool {
        self.0.iter().copied().eq(other.encode_utf16())
    }
}

impl PartialEq<&str> for WideString {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl fmt::Display for WideString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

impl fmt::Debug for WideString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_string_checked() {
            Some(s) => fmt::Debug::fmt(&s, f),
            None => write!(f, "WideString({:x?})", self.0),
        }
    }
}

impl Utf16Source for WideString {
    fn for_each_unit(&self, f: &mut dyn FnMut(u16)) {
        self.0.iter().copied().for_each(f)
    }
    fn checked_units(&self) -> Result<usize, EncodeError> {
        // No NUL by construction.
        Ok(self.0.len())
    }
    fn write_le(&self, out: &mut [u8]) {
        self.0.as_slice().write_le(out)
    }
}

/// The data of an [`OwnedValue`]; which variant goes with which syntax is
/// decided by the syntax's format word.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OwnedData {
    /// Zero-length data ("reset to default").
    Empty,
    /// BINARY and SECURITY_DESCRIPTOR formats (disk structures included).
    Binary(Vec<u8>),
    /// DWORD format.
    Dword(u32),
    /// LONG format.
    Long(i32),
    /// WORD format.
    Word(u16),
    /// ULARGE_INTEGER format.
    ULargeInteger(u64),
    /// LARGE_INTEGER format.
    LargeInteger(i64),
    /// FILETIME format.
    FileTime(FileTime),
    /// SZ, EXPAND_SZ and EXPANDED_SZ formats (names in bare value lists too).
    String(WideString),
    /// MULTI_SZ format: non-empty strings.
    MultiString(Vec<WideString>),
    /// A nested property list.
    PropertyList(OwnedPropertyList),
    /// A nested bare value list.
    ValueList(OwnedValueList),
    /// Bytes kept as they are: user-defined syntaxes, and values whose typed
    /// form would not reproduce them.
    Raw(Vec<u8>),
}

impl OwnedData {
    /// The owned copy of a decoded value whose data is `bytes`, or `None`
    /// when the value has no typed owned form or when writing that form
    /// would not give `bytes` back (a `MULTI_SZ` with something after its
    /// last string, an 8-byte resource class, a user-defined syntax).
    fn from_value(value: Value<'_>, bytes: &[u8]) -> Option<OwnedData> {
        let data = match value {
            Value::Empty => return Some(OwnedData::Empty),
            Value::PropertyList(list) => {
                return Some(OwnedData::PropertyList(OwnedPropertyList::from_list(&list)));
            }
            Value::ValueList(list) => {
                return Some(OwnedData::ValueList(OwnedValueList::from_list(&list)));
            }
            Value::Binary(b)
            | Value::SecurityDescriptor(b)
            | Value::StorageDeviceIdDescriptor(b) => return Some(OwnedData::Binary(b.to_vec())),
            // The structures are bytes in the owned model: copy them whole
            // (a PARTITION_INFO_EX2 may carry bytes past its 1700).
            Value::PartitionInfo(_)
            | Value::PartitionInfoEx(_)
            | Value::PartitionInfoEx2(_)
            | Value::FtSetInfo(_) => return Some(OwnedData::Binary(bytes.to_vec())),
            Value::Dword(v) | Value::DiskSignature(v) | Value::DiskNumber(v) => OwnedData::Dword(v),
            Value::ResourceClass(c) if c.subclass.is_none() => OwnedData::Dword(c.class),
            Value::ScsiAddress(a) => OwnedData::Dword(u32::from_le_bytes([
                a.port_number,
                a.path_id,
                a.target_id,
                a.lun,
            ])),
            Value::Long(v) => OwnedData::Long(v),
            Value::Word(v) => OwnedData::Word(v),
            Value::ULargeInteger(v) | Value::DiskSize(v) => OwnedData::ULargeInteger(v),
            Value::LargeInteger(v) => OwnedData::LargeInteger(v),
            Value::FileTime(v) => OwnedData::FileTime(v),
            Value::Sz(s)
            | Value::ExpandSz(s)
            | Value::ExpandedSz(s)
            | Value::Name(s)
            | Value::DiskSerialNumber(s)
            | Value::DiskGuid(s) => {
                // Written back as the text and one NUL: only when that is
                // what the bytes are.
                if !bytes.ends_with(&[0, 0]) {
                    return None;
                }
                OwnedData::String(WideString::from_units(s.units().collect()).ok()?)
            }
            Value::MultiSz(m) => OwnedData::MultiString(m.iter().map(WideString::from).collect()),
            _ => return None,
        };
        // Numbers are written at their size and strings with one NUL after
        // each: a typed form of another length would change the bytes.
        (data.typed_len() == Some(bytes.len())).then_some(data)
    }

    /// The length of this data as written, for the plain typed variants
    /// (`None` for lists, raw bytes and text with a NUL inside).
    fn typed_len(&self) -> Option<usize> {
        match self {
            OwnedData::Dword(_) | OwnedData::Long(_) => Some(4),
            OwnedData::Word(_) => Some(2),
            OwnedData::ULargeInteger(_) | OwnedData::LargeInteger(_) | OwnedData::FileTime(_) => {
                Some(8)
            }
            OwnedData::String(s) => utf16_nul_len(s).ok(),
            OwnedData::MultiString(items) => crate::write::values::MultiSzOf(items.as_slice())
                .data_len()
                .ok(),
            _ => None,
        }
    }

    /// The shape of data this variant holds, in the format table's terms
    /// (`None` for `Empty` and `Raw`, which go with any format).
    #[inline]
    pub(crate) fn shape(&self) -> Option<Shape> {
        Some(match self {
            OwnedData::Empty | OwnedData::Raw(_) => return None,
            OwnedData::Binary(_) => Shape::Bytes,
            OwnedData::Dword(_) => Shape::Unsigned { bytes: 4 },
            OwnedData::Word(_) => Shape::Unsigned { bytes: 2 },
            OwnedData::ULargeInteger(_) => Shape::Unsigned { bytes: 8 },
            OwnedData::Long(_) => Shape::Signed { bytes: 4 },
            OwnedData::LargeInteger(_) => Shape::Signed { bytes: 8 },
            OwnedData::FileTime(_) => Shape::FileTime,
            OwnedData::String(_) => Shape::Text,
            OwnedData::MultiString(_) => Shape::MultiText,
            OwnedData::PropertyList(_) => Shape::PropertyList,
            OwnedData::ValueList(_) => Shape::ValueList,
        })
    }

    /// The number `n` as data of an integer `shape`; `None` when the shape
    /// holds no numbers or `n` is outside its range.
    pub(crate) fn from_integer(shape: Shape, n: i128) -> Option<OwnedData> {
        let (low, high) = shape.integer_range()?;
        if !(low..=high).contains(&n) {
            return None;
        }
        // In the shape's range, so each conversion is exact.
        Some(match shape {
            Shape::Unsigned { bytes: 2 } => OwnedData::Word(n as u16),
            Shape::Unsigned { bytes: 4 } => OwnedData::Dword(n as u32),
            Shape::Unsigned { bytes: 8 } => OwnedData::ULargeInteger(n as u64),
            Shape::Signed { bytes: 4 } => OwnedData::Long(n as i32),
            Shape::Signed { bytes: 8 } => OwnedData::LargeInteger(n as i64),
            Shape::FileTime => OwnedData::FileTime(FileTime(n as u64)),
            _ => return None,
        })
    }
}

/// The rule on the strings of a `MULTI_SZ`: none is empty (an empty one
/// would read back as the end of the list).
fn check_items(items: &[WideString]) -> Result<(), EncodeError> {
    if items.iter().any(|s| s.units().is_empty()) {
        Err(EncodeError::EmptyMultiSzString)
    } else {
        Ok(())
    }
}

/// One owned value: a syntax and matching data.
///
/// ```
/// use clusprop::{OwnedValue, Syntax};
/// let v = OwnedValue::dword(1);
/// assert_eq!(v.syntax(), Syntax::LIST_VALUE_DWORD);
/// assert!(OwnedValue::sz("a\0b").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OwnedValue {
    syntax: Syntax,
    data: OwnedData,
}

impl OwnedValue {
    /// A value of `syntax` holding `data`; fails when they do not agree
    /// (for example `Dword` data with an `SZ` syntax, or raw bytes that the
    /// reader would reject for that syntax).
    pub fn new(syntax: Syntax, data: OwnedData) -> Result<Self, EncodeError> {
        // Zero bytes read back as `Empty`, so that is how they are kept.
        let data = match data {
            OwnedData::Binary(b) | OwnedData::Raw(b) if b.is_empty() => OwnedData::Empty,
            other => other,
        };
        let value = OwnedValue { syntax, data };
        value.check_kind()?;
        Ok(value)
    }

    fn check_kind(&self) -> Result<(), EncodeError> {
        let format = self.syntax.format();
        let wrong = EncodeError::WrongData {
            syntax: self.syntax,
        };
        let ok = match &self.data {
            OwnedData::Empty => true,
            OwnedData::Raw(bytes) => {
                checked_raw_len(self.syntax, bytes)?;
                true
            }
            OwnedData::MultiString(items) if check_items(items).is_err() => {
                return Err(EncodeError::EmptyMultiSzString);
            }
            // A nested list goes with the one syntax the reader reads as one.
            OwnedData::PropertyList(_) => self.syntax.list_kind() == Some(ListKind::PropertyList),
            OwnedData::ValueList(_) => self.syntax.list_kind() == Some(ListKind::ValueList),
            // Anything else: the variant's shape is the format's.
            data => crate::formats::shape(format) == data.shape(),
        };
        // Fixed-size syntaxes with a non-standard size (PARTITION_INFO as
        // `Binary` of the wrong length, say) are caught by the length rules.
        if ok {
            if let OwnedData::Binary(bytes) = &self.data {
                checked_raw_len(self.syntax, bytes)?;
            }
            Ok(())
        } else {
            Err(wrong)
        }
    }

    /// The syntax word.
    pub fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// The data.
    pub fn data(&self) -> &OwnedData {
        &self.data
    }

    /// Consumes the value, returning its data.
    pub fn into_data(self) -> OwnedData {
        self.data
    }

    /// A `LIST_VALUE_DWORD`.
    pub fn dword(v: u32) -> Self {
        OwnedValue {
            syntax: Syntax::LIST_VALUE_DWORD,
            data: OwnedData::Dword(v),
        }
    }

    /// A `LIST_VALUE_LONG`.
    pub fn long(v: i32) -> Self {
        OwnedValue {
            syntax: Syntax::LIST_VALUE_LONG,
            data: OwnedData::Long(v),
        }
    }

    /// A `LIST_VALUE_WORD`.
    pub fn word(v: u16) -> Self {
        OwnedValue {
            syntax: Syntax::LIST_VALUE_WORD,
            data: OwnedData::Word(v),
        }
    }

    /// A `LIST_VALUE_ULARGE_INTEGER`.
    pub fn ularge_integer(v: u64) -> Self {
        OwnedValue {
            syntax: Syntax::LIST_VALUE_ULARGE_INTEGER,
            data: OwnedData::ULargeInteger(v),
        }
    }

    /// A `LIST_VALUE_LARGE_INTEGER`.
    pub fn large_integer(v: i64) -> Self {
        OwnedValue {
            syntax: Syntax::LIST_VALUE_LARGE_INTEGER,
            data: OwnedData::LargeInteger(v),
        }
    }

    /// A `LIST_VALUE_FILETIME`.
    pub fn filetime(v: FileTime) -> Self {
        OwnedValue {
            syntax: Syntax::LIST_VALUE_FILETIME,
            data: OwnedData::FileTime(v),
        }
    }

    /// A `LIST_VALUE_BINARY` (`Empty` when `v` is empty: zero bytes read back that way).
    pub fn binary(v: impl Into<Vec<u8>>) -> Self {
        let v = v.into();
        let data = if v.is_empty() {
            OwnedData::Empty
        } else {
            OwnedData::Binary(v)
        };
        OwnedValue {
            syntax: Syntax::LIST_VALUE_BINARY,
            data,
        }
    }

    /// A `LIST_VALUE_SZ`; `InteriorNul` if `s` contains `'\0'`.
    pub fn sz(s: &str) -> Result<Self, EncodeError> {
        Ok(OwnedValue {
            syntax: Syntax::LIST_VALUE_SZ,
            data: OwnedData::String(WideString::from_str_checked(s)?),
        })
    }

    /// A `LIST_VALUE_EXPAND_SZ`; `InteriorNul` if `s` contains `'\0'`.
    pub fn expand_sz(s: &str) -> Result<Self, EncodeError> {
        Ok(OwnedValue {
            syntax: Syntax::LIST_VALUE_EXPAND_SZ,
            data: OwnedData::String(WideString::from_str_checked(s)?),
        })
    }

    /// A `LIST_VALUE_MULTI_SZ`; elements must be non-empty and NUL-free.
    pub fn multi_sz<S: AsRef<str>>(items: &[S]) -> Result<Self, EncodeError> {
        let items = items
            .iter()
            .map(|s| WideString::from_str_checked(s.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        // The syntax is the one for this data; only the items need a check.
        check_items(&items)?;
        Ok(OwnedValue {
            syntax: Syntax::LIST_VALUE_MULTI_SZ,
            data: OwnedData::MultiString(items),
        })
    }

    /// A nested property list value.
    pub fn property_list(list: OwnedPropertyList) -> Self {
        OwnedValue {
            syntax: Syntax::LIST_VALUE_PROPERTY_LIST,
            data: OwnedData::PropertyList(list),
        }
    }

    /// A nested value list value.
    pub fn value_list(list: OwnedValueList) -> Self {
        OwnedValue {
            syntax: Syntax::LIST_VALUE_VALUE_LIST,
            data: OwnedData::ValueList(list),
        }
    }

    /// Copies a parsed value, keeping it raw when its typed form would not
    /// reproduce its bytes.
    ///
    /// The typed form is the reader's [`Value`] (the one decoder from bytes
    /// to types), copied: disk numbers and signatures, SCSI addresses and
    /// 4-byte resource classes are DWORDs, disk sizes ULARGE_INTEGERs, names
    /// and disk strings strings, disk structures and descriptors bytes.
    pub fn from_raw(raw: &RawValue<'_>) -> Self {
        let syntax = raw.syntax();
        let bytes = raw.data();
        let data = OwnedData::from_value(raw.decode(), bytes)
            .unwrap_or_else(|| OwnedData::Raw(bytes.to_vec()));
        OwnedValue { syntax, data }
    }

    /// The writer's policy inside this value's nested lists (see
    /// [`EncodeValue::check_nested`]), at most `limit` levels down (deeper
    /// is `TooDeep`, which the depth check reports first anyway).
    fn check_nested_capped(&self, options: &EncodeOptions, limit: u8) -> Result<(), EncodeError> {
        let inner = || limit.checked_sub(1).ok_or(EncodeError::TooDeep);
        match &self.data {
            OwnedData::PropertyList(list) => list.check_policy(options, inner()?),
            OwnedData::ValueList(list) => list.check_policy(options, inner()?),
            OwnedData::Raw(bytes) => {
                crate::write::values::check_raw_nested(self.syntax, bytes, options)
            }
            _ => Ok(()),
        }
    }

    /// Nesting depth with a cut-off, so that a pathologically deep value
    /// costs at most `limit` frames.
    fn depth_capped(&self, limit: u8) -> u8 {
        if limit == 0 {
            return 1;
        }
        match &self.data {
            OwnedData::PropertyList(list) => 1 + list.depth_capped(limit - 1),
            OwnedData::ValueList(list) => {
                1 + list
                    .values
                    .iter()
                    .map(|v| v.depth_capped(limit - 1))
                    .max()
                    .unwrap_or(0)
            }
            _ => 0,
        }
    }
}

/// Depth beyond which the owned model refuses to encode (the reader's hard limit).
const DEPTH_CAP: u8 = crate::limits::MAX_DEPTH_LIMIT;

impl EncodeValue for OwnedValue {
    fn syntax(&self) -> Syntax {
        self.syntax
    }

    fn data_len(&self) -> Result<usize, EncodeError> {
        // The data agrees with the syntax by construction (`new` checked it
        // and the fields are private); only nesting depth is left to check.
        if matches!(
            self.data,
            OwnedData::PropertyList(_) | OwnedData::ValueList(_)
        ) && self.depth_capped(DEPTH_CAP) > DEPTH_CAP
        {
            return Err(EncodeError::TooDeep);
        }
        Ok(match &self.data {
            OwnedData::Empty => 0,
            OwnedData::Binary(b) | OwnedData::Raw(b) => b.len(),
            OwnedData::Dword(_) | OwnedData::Long(_) => 4,
            OwnedData::Word(_) => 2,
            OwnedData::ULargeInteger(_) | OwnedData::LargeInteger(_) | OwnedData::FileTime(_) => 8,
            OwnedData::String(s) => utf16_nul_len(s)?,
            OwnedData::MultiString(items) => {
                crate::write::values::MultiSzOf(items.as_slice()).data_len()?
            }
            OwnedData::PropertyList(list) => list.measure(&list.nested_options())?,
            OwnedData::ValueList(list) => list.measure(&OwnedValueList::nested_options())?,
        })
    }

    fn write_data(&self, out: &mut [u8]) {
        match &self.data {
            OwnedData::Empty => {}
            OwnedData::Binary(b) | OwnedData::Raw(b) => out.copy_from_slice(b),
            OwnedData::Dword(v) => v.write_data(out),
            OwnedData::Long(v) => v.write_data(out),
            OwnedData::Word(v) => v.write_data(out),
            OwnedData::ULargeInteger(v) => v.write_data(out),
            OwnedData::LargeInteger(v) => v.write_data(out),
            OwnedData::FileTime(v) => v.write_data(out),
            OwnedData::String(s) => write_utf16_nul(s, out),
            OwnedData::MultiString(items) => {
                crate::write::values::MultiSzOf(items.as_slice()).write_data(out)
            }
            OwnedData::PropertyList(list) => {
                let _ = list.encode_into_with(out, &list.nested_options());
            }
            OwnedData::ValueList(list) => {
                let _ = list.encode_into_with(out, &OwnedValueList::nested_options());
            }
        }
    }

    fn nesting_depth(&self) -> u8 {
        match self.data {
            OwnedData::PropertyList(_) | OwnedData::ValueList(_) => self.depth_capped(DEPTH_CAP),
            _ => 0,
        }
    }

    fn check_nested(&self, options: &EncodeOptions) -> Result<(), EncodeError> {
        self.check_nested_capped(options, DEPTH_CAP)
    }
}

/// One owned property: a name and one or more values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OwnedProperty {
    /// The name (no NUL).
    pub name: WideString,
    /// The values; encoding fails with `NoValue` when empty.
    pub values: Vec<OwnedValue>,
}

impl OwnedProperty {
    /// A property with one value; `InteriorNul` if the name contains `'\0'`.
    pub fn new(name: &str, value: OwnedValue) -> Result<Self, EncodeError> {
        Ok(OwnedProperty {
            name: WideString::from_str_checked(name)?,
            values: alloc::vec![value],
        })
    }
}

/// An owned property list.
///
/// With the `serde` feature it is `Serialize` and `Deserialize` as the JSON
/// form `clusprop decode --json` prints (read and write it with
/// `serde_json`; `JsonList` takes either kind of list).
///
/// ```
/// use clusprop::{OwnedPropertyList, OwnedValue};
/// let mut list = OwnedPropertyList::new();
/// list.push("Foo", OwnedValue::dword(1))?;
/// list.push("Name", OwnedValue::sz("ab")?)?;
/// let bytes = list.to_vec()?;
/// let parsed = clusprop::PropertyList::parse(&bytes)?;
/// assert_eq!(OwnedPropertyList::from_list(&parsed), list);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct OwnedPropertyList {
    /// The properties in order (duplicates allowed, as MS-CMRP allows them in
    /// offline instructions).
    pub properties: Vec<OwnedProperty>,
    /// Whether to write the Windows-style trailing end mark (recorded from a
    /// parsed list, so re-encoding reproduces it).
    pub trailing_end_mark: bool,
}

impl OwnedPropertyList {
    /// An empty list without trailing end mark.
    pub fn new() -> Self {
        Self::default()
    }

    /// Copies a parsed list (recording whether it had a trailing end mark).
    pub fn from_list(list: &PropertyList<'_>) -> Self {
        OwnedPropertyList {
            properties: list
                .iter()
                .map(|p| OwnedProperty {
                    name: WideString::from(p.name()),
                    values: p.values().map(|v| OwnedValue::from_raw(&v)).collect(),
                })
                .collect(),
            trailing_end_mark: list.has_trailing_end_mark(),
        }
    }

    /// Appends a property with one value.
    pub fn push(&mut self, name: &str, value: OwnedValue) -> Result<&mut Self, EncodeError> {
        self.properties.push(OwnedProperty::new(name, value)?);
        Ok(self)
    }

    /// The first property named `name` (case-insensitive).
    pub fn find(&self, name: &str) -> Option<&OwnedProperty> {
        self.properties.iter().find(|p| p.name.eq_ignore_case(name))
    }

    /// The first property named `name` (case-insensitive), mutably.
    pub fn find_mut(&mut self, name: &str) -> Option<&mut OwnedProperty> {
        self.properties
            .iter_mut()
            .find(|p| p.name.eq_ignore_case(name))
    }

    /// The options `to_vec` and `encode_into` use: the recorded trailing end
    /// mark, `EXPANDED_SZ` refused (MS-CMRP 2.2.2.3: clients must not send it).
    pub fn encode_options(&self) -> EncodeOptions {
        EncodeOptions::default().with_trailing_end_mark(self.trailing_end_mark)
    }

    /// The options a nested list is written with: its own trailing end mark,
    /// and no rule of a policy (those are the enclosing writer's, checked
    /// at every depth by `check_policy` before anything is written).
    pub(crate) fn nested_options(&self) -> EncodeOptions {
        EncodeOptions::server_reply()
            .with_trailing_end_mark(self.trailing_end_mark)
            .with_max_values_per_property(u16::MAX)
    }

    /// The rules of `options` for this list as a nested one, and inside it
    /// at every depth: values per property, `EXPANDED_SZ`.
    fn check_policy(&self, options: &EncodeOptions, limit: u8) -> Result<(), EncodeError> {
        let max = options.max_values_per_property;
        for p in &self.properties {
            if p.values.len() > usize::from(max) {
                return Err(EncodeError::TooManyValues { max });
            }
            for v in &p.values {
                crate::write::values::check_expanded_sz(v.syntax, options)?;
                v.check_nested_capped(options, limit)?;
            }
        }
        Ok(())
    }

    fn build(&self, b: &mut PropertyListBuilder<'_>) -> Result<(), EncodeError> {
        for p in &self.properties {
            match p.values.as_slice() {
                [value] => b.property(&p.name, value)?,
                values => b.property_with(&p.name, |builder| {
                    values.iter().try_for_each(|v| builder.value(v).map(drop))
                })?,
            };
        }
        Ok(())
    }

    fn measure(&self, options: &EncodeOptions) -> Result<usize, EncodeError> {
        let mut b = PropertyListBuilder::measuring(*options);
        self.build(&mut b)?;
        Ok(b.needed())
    }

    /// The exact encoded size with [`encode_options`](Self::encode_options).
    pub fn encoded_len(&self) -> Result<usize, EncodeError> {
        self.measure(&self.encode_options())
    }

    /// The exact encoded size with `options`.
    pub fn encoded_len_with(&self, options: &EncodeOptions) -> Result<usize, EncodeError> {
        self.measure(options)
    }

    /// Encodes into `buf`; `BufferTooSmall { needed }` when it does not fit.
    pub fn encode_into(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        self.encode_into_with(buf, &self.encode_options())
    }

    /// Encodes into `buf` with `options`.
    pub fn encode_into_with(
        &self,
        buf: &mut [u8],
        options: &EncodeOptions,
    ) -> Result<usize, EncodeError> {
        let mut b = PropertyListBuilder::with_options(buf, *options);
        self.build(&mut b)?;
        b.finish()
    }

    /// Encodes into a new vector.
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        self.to_vec_with(&self.encode_options())
    }

    /// Encodes into a new vector with `options`.
    pub fn to_vec_with(&self, options: &EncodeOptions) -> Result<Vec<u8>, EncodeError> {
        let mut out = alloc::vec![0u8; self.measure(options)?];
        let len = self.encode_into_with(&mut out, options)?;
        out.truncate(len);
        Ok(out)
    }

    fn depth_capped(&self, limit: u8) -> u8 {
        self.properties
            .iter()
            .flat_map(|p| &p.values)
            .map(|v| v.depth_capped(limit))
            .max()
            .unwrap_or(0)
    }
}

/// An owned bare value list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct OwnedValueList {
    /// The entries, end mark excluded.
    pub values: Vec<OwnedValue>,
}

impl OwnedValueList {
    /// Copies a parsed value list.
    pub fn from_list(list: &ValueList<'_>) -> Self {
        OwnedValueList {
            values: list.iter().map(|v| OwnedValue::from_raw(&v)).collect(),
        }
    }

    /// The options `to_vec` and `encode_into` use: a server's
    /// ([`EncodeOptions::server_reply`], `EXPANDED_SZ` allowed). Use the
    /// `_with` methods and [`EncodeOptions::default`] for a list a client
    /// sends; its rules then hold in nested lists too.
    pub fn encode_options() -> EncodeOptions {
        EncodeOptions::server_reply()
    }

    fn measure(&self, options: &EncodeOptions) -> Result<usize, EncodeError> {
        let mut b = ValueListBuilder::with_options(&mut [], *options);
        for v in &self.values {
            b.value(v)?;
        }
        Ok(b.needed())
    }

    /// The options a nested value list is written with (no rule of a
    /// policy: the enclosing writer's are checked by `check_policy`).
    pub(crate) fn nested_options() -> EncodeOptions {
        EncodeOptions::server_reply().with_max_values_per_property(u16::MAX)
    }

    /// The rules of `options` for this list as a nested one, at every depth.
    fn check_policy(&self, options: &EncodeOptions, limit: u8) -> Result<(), EncodeError> {
        for v in &self.values {
            crate::write::values::check_expanded_sz(v.syntax, options)?;
            v.check_nested_capped(options, limit)?;
        }
        Ok(())
    }

    /// The exact encoded size with [`encode_options`](Self::encode_options).
    pub fn encoded_len(&self) -> Result<usize, EncodeError> {
        self.measure(&Self::encode_options())
    }

    /// The exact encoded size with `options`.
    pub fn encoded_len_with(&self, options: &EncodeOptions) -> Result<usize, EncodeError> {
        self.measure(options)
    }

    /// Encodes into `buf`; `BufferTooSmall { needed }` when it does not fit.
    pub fn encode_into(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        self.encode_into_with(buf, &Self::encode_options())
    }

    /// Encodes into `buf` with `options` (the trailing end mark option does
    /// not apply to a value list).
    pub fn encode_into_with(
        &self,
        buf: &mut [u8],
        options: &EncodeOptions,
    ) -> Result<usize, EncodeError> {
        let mut b = ValueListBuilder::with_options(buf, *options);
        for v in &self.values {
            b.value(v)?;
        }
        b.finish()
    }

    /// Encodes into a new vector.
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        self.to_vec_with(&Self::encode_options())
    }

    /// Encodes into a new vector with `options`: with
    /// [`EncodeOptions::default`], `EXPANDED_SZ` is refused at every depth,
    /// as for a list a client sends.
    pub fn to_vec_with(&self, options: &EncodeOptions) -> Result<Vec<u8>, EncodeError> {
        let mut out = alloc::vec![0u8; self.measure(options)?];
        let len = self.encode_into_with(&mut out, options)?;
        out.truncate(len);
        Ok(out)
    }
}

impl EncodeValue for OwnedPropertyList {
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_PROPERTY_LIST
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        if self.nesting_depth() > DEPTH_CAP {
            return Err(EncodeError::TooDeep);
        }
        self.measure(&self.nested_options())
    }
    fn write_data(&self, out: &mut [u8]) {
        let _ = self.encode_into_with(out, &self.nested_options());
    }
    fn nesting_depth(&self) -> u8 {
        1 + self.depth_capped(DEPTH_CAP)
    }
    fn check_nested(&self, options: &EncodeOptions) -> Result<(), EncodeError> {
        self.check_policy(options, DEPTH_CAP)
    }
}

impl From<&PropertyList<'_>> for OwnedPropertyList {
    fn from(list: &PropertyList<'_>) -> Self {
        OwnedPropertyList::from_list(list)
    }
}

impl From<&ValueList<'_>> for OwnedValueList {
    fn from(list: &ValueList<'_>) -> Self {
        OwnedValueList::from_list(list)
    }
}

impl From<&RawValue<'_>> for OwnedValue {
    fn from(value: &RawValue<'_>) -> Self {
        OwnedValue::from_raw(value)
    }
}

impl PropertyList<'_> {
    /// Copies the list into the owned model (see [`OwnedPropertyList::from_list`]).
    pub fn to_owned_list(&self) -> OwnedPropertyList {
        OwnedPropertyList::from_list(self)
    }
}

impl ValueList<'_> {
    /// Copies the list into the owned model.
    pub fn to_owned_list(&self) -> OwnedValueList {
        OwnedValueList::from_list(self)
    }
}
