//! Typed access to the owned model (feature `alloc`): `get`, `set` and
//! `insert` on [`OwnedPropertyList`] with plain Rust types, and the two
//! conversion traits behind them.
//!
//! Lookups compare names case-insensitively (as [`Utf16Str::eq_ignore_case`](crate::Utf16Str::eq_ignore_case))
//! directly on the stored UTF-16 units: finding a property allocates nothing.

use alloc::string::String;
use alloc::vec::Vec;

use zerocopy::FromBytes;

use crate::disk::{
    DiskGuid, DiskNumber, DiskSignature, DiskSize, FtSetInfo, Guid, PartitionInfo, PartitionInfoEx,
    PartitionInfoEx2, ResourceClass, ScsiAddress, StorageDeviceIdDescriptor, StorageDeviceIdWriter,
};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError, LookupError, StructField, ValueAt};
use crate::options::DecodeOptions;
use crate::owned::{OwnedData, OwnedProperty, OwnedPropertyList, OwnedValue, WideString};
use crate::read::value::FileTime;
use crate::read::value::FromValue;
use crate::read::views::{RawValue, ValueList};
use crate::security::{SecurityDescriptor, SecurityDescriptorWriter};
use crate::syntax::PropertyFormat;
use crate::wire::Entry;
use crate::write::builder::{EncodeOptions, ValueListBuilder};
use crate::write::values::{Binary, EncodeValue, ExpandSz, Sz, Utf16Source};

/// Types an owned value can be read as (see [`OwnedPropertyList::get`]).
///
/// As with [`FromValue`](crate::FromValue), the format word decides: a `u32`
/// reads any DWORD-format value. Errors say where as
/// [`ValueAt::Property`]: the property's index in
/// [`OwnedPropertyList::properties`] (a parsed list reports a byte offset).
pub trait FromOwnedValue<'a>: Sized {
    /// Reads `value` (of the property at `index`) as `Self`.
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError>;
}

/// Values [`OwnedPropertyList::set`] and [`OwnedPropertyList::insert`] accept.
///
/// Integers map as the builders map them (`u32` → `LIST_VALUE_DWORD`, ...),
/// `bool` → DWORD 0 or 1, text → `LIST_VALUE_SZ`, string lists →
/// `LIST_VALUE_MULTI_SZ`, `SystemTime` → `LIST_VALUE_FILETIME`; the
/// builder's wrappers [`Binary`], [`Sz`] and [`ExpandSz`] name their syntax,
/// and the storage structures and security descriptors take theirs.
pub trait IntoOwnedValue {
    /// The owned value, or why it cannot be one (a NUL in a string, a time
    /// outside the `FILETIME` range).
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError>;
}

impl IntoOwnedValue for OwnedValue {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        Ok(self)
    }
}

macro_rules! into_owned {
    ($($ty:ty => $ctor:ident;)*) => {$(
        impl IntoOwnedValue for $ty {
            fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
                Ok(OwnedValue::$ctor(self))
            }
        }
    )*};
}

into_owned! {
    u32 => dword;
    i32 => long;
    u16 => word;
    u64 => ularge_integer;
    i64 => large_integer;
    FileTime => filetime;
}

impl IntoOwnedValue for bool {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        Ok(OwnedValue::dword(u32::from(self)))
    }
}

impl IntoOwnedValue for &str {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        OwnedValue::sz(self)
    }
}

impl IntoOwnedValue for String {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        OwnedValue::sz(&self)
    }
}

impl IntoOwnedValue for &String {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        OwnedValue::sz(self)
    }
}

/// `LIST_VALUE_BINARY`, as the builder writes it (`&[u8]` would be a list
/// of strings; `get::<&[u8]>` reads it back).
///
/// ```
/// use clusprop::{Binary, ExpandSz, OwnedPropertyList, Syntax};
/// let mut list = OwnedPropertyList::new();
/// list.set("Blob", Binary(&[0xaa, 0xbb]))?;
/// list.set("Path", ExpandSz("%SystemRoot%\\Cluster"))?;
/// assert_eq!(list.get::<&[u8]>("Blob")?, [0xaa, 0xbb]);
/// assert_eq!(list.get::<String>("Path")?, "%SystemRoot%\\Cluster");
/// assert_eq!(list.find("Path").unwrap().values[0].syntax(), Syntax::LIST_VALUE_EXPAND_SZ);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl IntoOwnedValue for Binary<'_> {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        Ok(OwnedValue::binary(self.0))
    }
}

/// `LIST_VALUE_SZ`, as the builder writes it (`&str` and `String` are
/// `SZ` too).
impl<T: Utf16Source> IntoOwnedValue for Sz<T> {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        OwnedValue::from_encoded(&self)
    }
}

/// `LIST_VALUE_EXPAND_SZ`, as the builder writes it.
impl<T: Utf16Source> IntoOwnedValue for ExpandSz<T> {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        OwnedValue::from_encoded(&self)
    }
}

impl<S: AsRef<str>> IntoOwnedValue for &[S] {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        OwnedValue::multi_sz(self)
    }
}

impl<S: AsRef<str>> IntoOwnedValue for Vec<S> {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        OwnedValue::multi_sz(&self)
    }
}

#[cfg(feature = "std")]
impl IntoOwnedValue for std::time::SystemTime {
    fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
        FileTime::from_system_time(self)
            .map(OwnedValue::filetime)
            .ok_or(EncodeError::TimeOutOfRange)
    }
}

/// The data of `value` if its format is `expected` and it is not empty.
fn expect(
    value: &OwnedValue,
    expected: PropertyFormat,
    index: usize,
) -> Result<&OwnedData, LookupError> {
    if value.syntax().format() != expected {
        return Err(wrong(value, expected, index));
    }
    match value.data() {
        OwnedData::Empty => Err(LookupError::Empty {
            property: None,
            at: ValueAt::Property(index),
        }),
        data => Ok(data),
    }
}

fn wrong(value: &OwnedValue, expected: PropertyFormat, index: usize) -> LookupError {
    LookupError::WrongFormat {
        property: None,
        expected,
        found: value.syntax(),
        at: ValueAt::Property(index),
    }
}

/// The bytes of a value kept as bytes (`Binary` or `Raw`).
pub(crate) fn owned_bytes(
    value: &OwnedValue,
    expected: PropertyFormat,
    index: usize,
) -> Result<&[u8], LookupError> {
    match expect(value, expected, index)? {
        OwnedData::Binary(b) | OwnedData::Raw(b) => Ok(b),
        _ => Err(wrong(value, expected, index)),
    }
}

/// Reads bytes the owned model keeps for `value` (`Raw` or `Binary`) as the
/// reader reads them: as a [`RawValue`] of the value's syntax, through
/// [`FromValue`], so that bytes have one decoder. Any failure is `mismatch`
/// (the owned model names the property's index, not a byte offset).
fn read_kept<'a, T: FromValue<'a>>(
    value: &OwnedValue,
    bytes: &'a [u8],
    mismatch: LookupError,
) -> Result<T, LookupError> {
    let entry = Entry::unframed(value.syntax(), bytes);
    let raw = RawValue::from_entry(entry, &DecodeOptions::lenient()).map_err(|_| mismatch)?;
    T::from_value(&raw).map_err(|_| mismatch)
}

macro_rules! from_owned_fixed {
    ($($ty:ty => $format:ident, $variant:ident;)*) => {$(
        impl<'a> FromOwnedValue<'a> for $ty {
            fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
                let expected = PropertyFormat::$format;
                match expect(value, expected, index)? {
                    OwnedData::$variant(v) => Ok(*v),
                    OwnedData::Raw(b) | OwnedData::Binary(b) => {
                        read_kept(value, b, wrong(value, expected, index))
                    }
                    _ => Err(wrong(value, expected, index)),
                }
            }
        }
    )*};
}

from_owned_fixed! {
    u32 => DWORD, Dword;
    i32 => LONG, Long;
    u16 => WORD, Word;
    u64 => ULARGE_INTEGER, ULargeInteger;
    i64 => LARGE_INTEGER, LargeInteger;
}

impl<'a> FromOwnedValue<'a> for FileTime {
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let expected = PropertyFormat::FILETIME;
        match expect(value, expected, index)? {
            OwnedData::FileTime(t) => Ok(*t),
            OwnedData::Raw(b) | OwnedData::Binary(b) => {
                read_kept(value, b, wrong(value, expected, index))
            }
            _ => Err(wrong(value, expected, index)),
        }
    }
}

#[cfg(feature = "std")]
impl<'a> FromOwnedValue<'a> for std::time::SystemTime {
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let t = FileTime::from_owned_value(value, index)?;
        t.to_system_time().ok_or(LookupError::TimeOutOfRange {
            property: None,
            ticks: t.0,
            at: ValueAt::Property(index),
        })
    }
}

impl<'a> FromOwnedValue<'a> for bool {
    /// A DWORD 0 or 1; any other number is `NotABool`.
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        match u32::from_owned_value(value, index)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(LookupError::NotABool {
                property: None,
                value: other,
                at: ValueAt::Property(index),
            }),
        }
    }
}

impl<'a> FromOwnedValue<'a> for &'a WideString {
    /// Any string format (`SZ`, `EXPAND_SZ`, `EXPANDED_SZ`), as stored.
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let format = value.syntax().format();
        let expected = match format {
            PropertyFormat::EXPAND_SZ | PropertyFormat::EXPANDED_SZ => format,
            _ => PropertyFormat::SZ,
        };
        match expect(value, expected, index)? {
            OwnedData::String(s) => Ok(s),
            _ => Err(wrong(value, expected, index)),
        }
    }
}

impl<'a> FromOwnedValue<'a> for String {
    /// Any string format; `NotUnicode` for an unpaired surrogate.
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        <&WideString>::from_owned_value(value, index)?
            .to_string_checked()
            .ok_or(LookupError::NotUnicode {
                property: None,
                at: ValueAt::Property(index),
            })
    }
}

impl<'a> FromOwnedValue<'a> for &'a [WideString] {
    /// A `MULTI_SZ` value in its canonical form (a non-canonical one is kept
    /// raw by the owned model and reads as `WrongFormat`).
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let expected = PropertyFormat::MULTI_SZ;
        match expect(value, expected, index)? {
            OwnedData::MultiString(items) => Ok(items),
            _ => Err(wrong(value, expected, index)),
        }
    }
}

impl<'a> FromOwnedValue<'a> for Vec<String> {
    /// A `MULTI_SZ` value; `NotUnicode` for an unpaired surrogate.
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        <&[WideString]>::from_owned_value(value, index)?
            .iter()
            .map(|s| {
                s.to_string_checked().ok_or(LookupError::NotUnicode {
                    property: None,
                    at: ValueAt::Property(index),
                })
            })
            .collect()
    }
}

impl<'a> FromOwnedValue<'a> for &'a [u8] {
    /// A `BINARY`-format value.
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        owned_bytes(value, PropertyFormat::BINARY, index)
    }
}

impl<'a> FromOwnedValue<'a> for &'a OwnedValue {
    fn from_owned_value(value: &'a OwnedValue, _index: usize) -> Result<Self, LookupError> {
        Ok(value)
    }
}

impl OwnedValue {
    /// The owned form of any value the builders can write: encoded, read
    /// back and copied as [`from_raw`](Self::from_raw) copies (so it equals
    /// what decoding the same bytes gives).
    ///
    /// ```
    /// use clusprop::disk::DiskSignature;
    /// use clusprop::{OwnedData, OwnedValue, Syntax};
    /// let v = OwnedValue::from_encoded(&DiskSignature(7))?;
    /// assert_eq!(v.syntax(), Syntax::DISK_SIGNATURE);
    /// assert_eq!(v.data(), &OwnedData::Dword(7));
    /// # Ok::<(), clusprop::EncodeError>(())
    /// ```
    pub fn from_encoded<V: EncodeValue + ?Sized>(value: &V) -> Result<OwnedValue, EncodeError> {
        let options = EncodeOptions::server_reply();
        let mut measure = ValueListBuilder::with_options(&mut [], options);
        measure.value(value)?;
        let mut buf = alloc::vec![0u8; measure.needed()];
        let mut b = ValueListBuilder::with_options(&mut buf, options);
        b.value(value)?;
        let len = b.finish()?;
        // What the builder wrote, the reader accepts (the builders check
        // with the reader's rules); a failure here would be a bug in one of them.
        let list =
            ValueList::parse_with(&buf[..len], &crate::DecodeOptions::lenient()).map_err(|_| {
                EncodeError::WrongLength {
                    syntax: value.syntax(),
                    length: len,
                }
            })?;
        let raw = list.iter().next().ok_or(EncodeError::NoValue)?;
        Ok(OwnedValue::from_raw(&raw))
    }
}

macro_rules! into_owned_encoded {
    ($($(#[$meta:meta])* $ty:ty;)*) => {$(
        $(#[$meta])*
        impl IntoOwnedValue for $ty {
            fn into_owned_value(self) -> Result<OwnedValue, EncodeError> {
                OwnedValue::from_encoded(&self)
            }
        }
    )*};
}

into_owned_encoded! {
    DiskSignature;
    DiskNumber;
    DiskSize;
    DiskGuid;
    ScsiAddress;
    ResourceClass;
    &PartitionInfo;
    &PartitionInfoEx;
    &PartitionInfoEx2;
    &FtSetInfo;
    StorageDeviceIdDescriptor<'_>;
    StorageDeviceIdWriter<'_>;
    SecurityDescriptor<'_>;
    SecurityDescriptorWriter<'_>;
}

/// The data of `value` when its syntax is `syntax`.
fn expect_syntax(
    value: &OwnedValue,
    syntax: crate::syntax::Syntax,
    index: usize,
) -> Result<&OwnedData, LookupError> {
    if value.syntax() != syntax {
        return Err(LookupError::WrongSyntax {
            property: None,
            expected: syntax,
            found: value.syntax(),
            at: ValueAt::Property(index),
        });
    }
    match value.data() {
        OwnedData::Empty => Err(LookupError::Empty {
            property: None,
            at: ValueAt::Property(index),
        }),
        data => Ok(data),
    }
}

fn syntax_mismatch(value: &OwnedValue, syntax: crate::syntax::Syntax, index: usize) -> LookupError {
    LookupError::WrongSyntax {
        property: None,
        expected: syntax,
        found: value.syntax(),
        at: ValueAt::Property(index),
    }
}

macro_rules! from_owned_scalar {
    ($($ty:ident => $syntax:ident, $variant:ident;)*) => {$(
        impl<'a> FromOwnedValue<'a> for $ty {
            fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
                let syntax = crate::syntax::Syntax::$syntax;
                match expect_syntax(value, syntax, index)? {
                    OwnedData::$variant(v) => Ok($ty(*v)),
                    OwnedData::Raw(b) | OwnedData::Binary(b) => {
                        read_kept(value, b, syntax_mismatch(value, syntax, index))
                    }
                    _ => Err(syntax_mismatch(value, syntax, index)),
                }
            }
        }
    )*};
}

from_owned_scalar! {
    DiskSignature => DISK_SIGNATURE, Dword;
    DiskNumber => DISK_NUMBER, Dword;
    DiskSize => DISK_SIZE, ULargeInteger;
}

impl<'a> FromOwnedValue<'a> for ScsiAddress {
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let syntax = crate::syntax::Syntax::SCSI_ADDRESS;
        match expect_syntax(value, syntax, index)? {
            OwnedData::Dword(dw) => Ok(ScsiAddress::from_u32(*dw)),
            OwnedData::Raw(b) | OwnedData::Binary(b) => {
                read_kept(value, b, syntax_mismatch(value, syntax, index))
            }
            _ => Err(syntax_mismatch(value, syntax, index)),
        }
    }
}

impl<'a> FromOwnedValue<'a> for ResourceClass {
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let syntax = crate::syntax::Syntax::RESCLASS;
        match expect_syntax(value, syntax, index)? {
            OwnedData::Dword(class) => Ok(ResourceClass {
                class: *class,
                subclass: None,
            }),
            OwnedData::Raw(b) | OwnedData::Binary(b) => {
                read_kept(value, b, syntax_mismatch(value, syntax, index))
            }
            _ => Err(syntax_mismatch(value, syntax, index)),
        }
    }
}

impl<'a> FromOwnedValue<'a> for DiskGuid {
    /// A `DISK_GUID` value's `{GUID}` string; text that is not one is
    /// `Malformed` (the offset is the character's position in the string).
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let syntax = crate::syntax::Syntax::DISK_GUID;
        let OwnedData::String(text) = expect_syntax(value, syntax, index)? else {
            return Err(syntax_mismatch(value, syntax, index));
        };
        let bad = |at: usize| {
            LookupError::malformed(DecodeError::new(
                DecodeErrorKind::StructInvalid {
                    field: StructField::GuidText,
                    value: at as u32,
                },
                at,
            ))
        };
        let ascii = text.to_string_checked().ok_or_else(|| bad(0))?;
        Guid::parse(&ascii)
            .map(DiskGuid)
            .map_err(|e| bad(e.position()))
    }
}

impl<'a> FromOwnedValue<'a> for Guid {
    /// A `DISK_GUID` value, as [`DiskGuid`].
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        DiskGuid::from_owned_value(value, index).map(|g| g.0)
    }
}

/// The bytes of a structure-valued owned value of `syntax`.
fn structure_bytes(
    value: &OwnedValue,
    syntax: crate::syntax::Syntax,
    index: usize,
) -> Result<&[u8], LookupError> {
    match expect_syntax(value, syntax, index)? {
        OwnedData::Binary(b) | OwnedData::Raw(b) => Ok(b),
        _ => Err(syntax_mismatch(value, syntax, index)),
    }
}

macro_rules! from_owned_structure {
    ($($ty:ident => $syntax:ident;)*) => {$(
        impl<'a> FromOwnedValue<'a> for &'a $ty {
            fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
                let syntax = crate::syntax::Syntax::$syntax;
                let bytes = structure_bytes(value, syntax, index)?;
                $ty::ref_from_prefix(bytes)
                    .map(|(v, _)| v)
                    .map_err(|_| syntax_mismatch(value, syntax, index))
            }
        }
    )*};
}

from_owned_structure! {
    PartitionInfo => PARTITION_INFO;
    PartitionInfoEx => PARTITION_INFO_EX;
    PartitionInfoEx2 => PARTITION_INFO_EX2;
    FtSetInfo => FTSET_INFO;
}

impl<'a> FromOwnedValue<'a> for StorageDeviceIdDescriptor<'a> {
    /// Checked; error offsets count from the value's first byte.
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let bytes = structure_bytes(
            value,
            crate::syntax::Syntax::STORAGE_DEVICE_ID_DESCRIPTOR,
            index,
        )?;
        StorageDeviceIdDescriptor::parse(bytes).map_err(LookupError::malformed)
    }
}

impl<'a> FromOwnedValue<'a> for SecurityDescriptor<'a> {
    /// A `SECURITY_DESCRIPTOR`-format or `BINARY`-format value (the
    /// format Windows keeps its security descriptor properties in, as the
    /// reader's `FromValue` explains), checked; error offsets count from the
    /// value's first byte.
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let format = value.syntax().format();
        let expected = if crate::security::holds_security_descriptor(format) {
            format
        } else {
            PropertyFormat::SECURITY_DESCRIPTOR
        };
        let bytes = owned_bytes(value, expected, index)?;
        SecurityDescriptor::parse(bytes).map_err(LookupError::malformed)
    }
}

impl OwnedPropertyList {
    /// Index of the first property named `name` (case-insensitive, no allocation).
    pub fn position(&self, name: &str) -> Option<usize> {
        self.properties
            .iter()
            .position(|p| p.name.eq_ignore_case(name))
    }

    /// Reads the first value of property `name` as `T`: `NotFound` (with the
    /// name) when absent, `WrongFormat` when the value has another format.
    ///
    /// ```
    /// use clusprop::{LookupError, OwnedPropertyList};
    /// let mut list = OwnedPropertyList::new();
    /// list.set("PersistentState", true)?;
    /// list.set("Description", "web tier")?;
    /// assert_eq!(list.get::<bool>("persistentstate"), Ok(true));
    /// assert_eq!(list.get::<String>("DESCRIPTION").as_deref(), Ok("web tier"));
    /// assert_eq!(list.get::<u32>("Nope"), Err(LookupError::not_found("Nope")));
    /// # Ok::<(), clusprop::EncodeError>(())
    /// ```
    pub fn get<'a, T: FromOwnedValue<'a>>(&'a self, name: &str) -> Result<T, LookupError> {
        let index = self
            .position(name)
            .ok_or_else(|| LookupError::not_found(name))?;
        let property = &self.properties[index];
        // Only a failed lookup pays for the name's copy.
        let named = |e: LookupError| e.in_property(&property.name.to_string_lossy());
        let value = property.values.first().ok_or_else(|| {
            named(LookupError::NoSuchValue {
                index: 0,
                count: 0,
                at: ValueAt::Property(index),
                property: None,
            })
        })?;
        T::from_owned_value(value, index).map_err(named)
    }

    /// Sets property `name` to the one value `value`: the first property of
    /// that name (case-insensitive; its stored spelling is kept) has its
    /// values replaced, and the old ones are returned; without one, a new
    /// property is appended and `None` returned.
    ///
    /// ```
    /// use clusprop::{OwnedPropertyList, OwnedValue};
    /// let mut list = OwnedPropertyList::new();
    /// assert_eq!(list.set("RestartDelay", 500u32)?, None);
    /// assert_eq!(list.set("restartdelay", 1000u32)?, Some(vec![OwnedValue::dword(500)]));
    /// assert_eq!(list.properties.len(), 1);
    /// assert_eq!(list.properties[0].name, "RestartDelay");
    /// # Ok::<(), clusprop::EncodeError>(())
    /// ```
    pub fn set(
        &mut self,
        name: &str,
        value: impl IntoOwnedValue,
    ) -> Result<Option<Vec<OwnedValue>>, EncodeError> {
        let value = value.into_owned_value()?;
        match self.position(name) {
            Some(i) => Ok(Some(core::mem::replace(
                &mut self.properties[i].values,
                alloc::vec![value],
            ))),
            None => {
                self.properties.push(OwnedProperty::new(name, value)?);
                Ok(None)
            }
        }
    }

    /// Appends property `name` with the one value `value`, even when a
    /// property of that name exists (offline and move instructions may
    /// repeat a resource type, MS-CMRP 2.2.3.25); [`set`](Self::set)
    /// replaces instead.
    ///
    /// ```
    /// use clusprop::OwnedPropertyList;
    /// let mut list = OwnedPropertyList::new();
    /// list.insert("Virtual Machine", 1u32)?.insert("Virtual Machine", 2u32)?;
    /// assert_eq!(list.properties.len(), 2);
    /// # Ok::<(), clusprop::EncodeError>(())
    /// ```
    pub fn insert(
        &mut self,
        name: &str,
        value: impl IntoOwnedValue,
    ) -> Result<&mut Self, EncodeError> {
        let value = value.into_owned_value()?;
        self.properties.push(OwnedProperty::new(name, value)?);
        Ok(self)
    }

    /// Removes the first property named `name` (case-insensitive) and
    /// returns it; `None` when there is none. A later property of the same
    /// name stays (call again to remove it).
    ///
    /// ```
    /// use clusprop::OwnedPropertyList;
    /// let mut list = OwnedPropertyList::new();
    /// list.set("Description", "web tier")?;
    /// list.set("Priority", 3000u32)?;
    /// let removed = list.remove("description").expect("it was there");
    /// assert_eq!(removed.name, "Description");
    /// assert_eq!(list.remove("Description"), None);
    /// assert_eq!(list.properties.len(), 1);
    /// # Ok::<(), clusprop::EncodeError>(())
    /// ```
    pub fn remove(&mut self, name: &str) -> Option<OwnedProperty> {
        self.position(name).map(|i| self.properties.remove(i))
    }
}

impl OwnedValue {
    /// Reads this value as `T` (errors report index 0).
    ///
    /// ```
    /// let v = clusprop::OwnedValue::dword(1);
    /// assert_eq!(v.to::<bool>(), Ok(true));
    /// ```
    pub fn to<'a, T: FromOwnedValue<'a>>(&'a self) -> Result<T, LookupError> {
        T::from_owned_value(self, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Syntax;

    #[test]
    fn remove_takes_the_first_of_a_name_and_keeps_the_order() {
        let mut l = OwnedPropertyList::new();
        l.insert("A", 1u32).unwrap().insert("B", 2u32).unwrap();
        l.insert("a", 3u32).unwrap().insert("C", 4u32).unwrap();
        assert_eq!(l.remove("A").unwrap().values, [OwnedValue::dword(1)]);
        assert_eq!(l.get::<u32>("A"), Ok(3));
        assert_eq!(l.remove("A").unwrap().name, "a");
        assert_eq!(l.remove("A"), None);
        let names: Vec<_> = l
            .properties
            .iter()
            .map(|p| p.name.to_string_lossy())
            .collect();
        assert_eq!(names, ["B", "C"]);
    }

    #[test]
    fn the_builder_wrappers_set_the_syntax_they_name() {
        let mut l = OwnedPropertyList::new();
        l.set("B", Binary(&[1, 2, 3])).unwrap();
        l.set("E", Binary(&[])).unwrap();
        l.set("S", Sz("a")).unwrap();
        l.set("X", ExpandSz("%A%")).unwrap();
        let syntax = |name: &str| l.find(name).unwrap().values[0].syntax();
        assert_eq!(syntax("B"), Syntax::LIST_VALUE_BINARY);
        assert_eq!(syntax("E"), Syntax::LIST_VALUE_BINARY);
        assert_eq!(syntax("S"), Syntax::LIST_VALUE_SZ);
        assert_eq!(syntax("X"), Syntax::LIST_VALUE_EXPAND_SZ);
        assert_eq!(l.get::<&[u8]>("B").unwrap(), [1, 2, 3]);
        assert_eq!(l.get::<String>("S").unwrap(), "a");
        assert_eq!(l.get::<String>("X").unwrap(), "%A%");
        // Each is what the builder writes for the same wrapper.
        let mut buf = [0u8; 256];
        let mut b = crate::PropertyListBuilder::new(&mut buf);
        b.property("B", &Binary(&[1, 2, 3]))
            .unwrap()
            .property("E", &Binary(&[]))
            .unwrap()
            .property("S", &Sz("a"))
            .unwrap()
            .property("X", &ExpandSz("%A%"))
            .unwrap();
        let n = b.finish().unwrap();
        assert_eq!(l.to_vec().unwrap(), buf[..n]);
        // A NUL is refused, as by the builder.
        assert_eq!(
            l.set("N", Sz("a\0b")).unwrap_err(),
            EncodeError::InteriorNul
        );
        assert_eq!(
            l.set("N", ExpandSz("a\0b")).unwrap_err(),
            EncodeError::InteriorNul
        );
    }

    #[test]
    fn each_type_reads_back_what_set_wrote() {
        let mut l = OwnedPropertyList::new();
        l.set("D", 7u32).unwrap();
        l.set("L", -7i32).unwrap();
        l.set("W", 7u16).unwrap();
        l.set("Q", 7u64).unwrap();
        l.set("QL", -7i64).unwrap();
        l.set("T", FileTime(99)).unwrap();
        l.set("B", false).unwrap();
        l.set("S", "x").unwrap();
        l.set("M", alloc::vec!["a", "b"]).unwrap();
        assert_eq!(l.get::<u32>("d"), Ok(7));
        assert_eq!(l.get::<i32>("l"), Ok(-7));
        assert_eq!(l.get::<u16>("w"), Ok(7));
        assert_eq!(l.get::<u64>("q"), Ok(7));
        assert_eq!(l.get::<i64>("ql"), Ok(-7));
        assert_eq!(l.get::<FileTime>("t"), Ok(FileTime(99)));
        assert_eq!(l.get::<bool>("b"), Ok(false));
        assert_eq!(l.get::<String>("s").as_deref(), Ok("x"));
        assert_eq!(
            l.get::<Vec<String>>("m"),
            Ok(alloc::vec!["a".into(), "b".into()])
        );
        assert_eq!(l.properties[1].values[0].syntax(), Syntax::LIST_VALUE_LONG);
    }

    #[test]
    fn errors_name_the_property_and_the_index() {
        let mut l = OwnedPropertyList::new();
        l.set("A", 1u32).unwrap();
        l.set("Two", 2u32).unwrap();
        // The name is the property's, as stored, not the spelling asked for.
        let two = Some(crate::LookupName::new("Two"));
        assert_eq!(
            l.get::<String>("two"),
            Err(LookupError::WrongFormat {
                expected: PropertyFormat::SZ,
                found: Syntax::LIST_VALUE_DWORD,
                at: ValueAt::Property(1),
                property: two,
            })
        );
        assert_eq!(
            l.get::<bool>("Two"),
            Err(LookupError::NotABool {
                value: 2,
                at: ValueAt::Property(1),
                property: two,
            })
        );
        // The message names the property and its index, not a byte the
        // model does not have.
        assert_eq!(
            l.get::<bool>("Two").unwrap_err().to_string(),
            "property 1 \"Two\": a boolean DWORD must be 0 or 1, found 2 (0x2)"
        );
        assert_eq!(
            l.get::<String>("two").unwrap_err().to_string(),
            "property 1 \"Two\": expected format sz, found \
             CLUSPROP_SYNTAX_LIST_VALUE_DWORD (0x00010002) of format dword"
        );
        // A value read on its own has no name to give.
        assert_eq!(
            l.properties[1].values[0]
                .to::<bool>()
                .unwrap_err()
                .property(),
            None
        );
        let err = l.get::<u32>("Missing").unwrap_err();
        assert_eq!(err.to_string(), "no property named \"Missing\"");
        // A property the model holds without a value (the encoder refuses
        // it) says so, with its name and index.
        l.properties[0].values.clear();
        let err = l.get::<u32>("a").unwrap_err();
        assert_eq!(
            err,
            LookupError::NoSuchValue {
                index: 0,
                count: 0,
                at: ValueAt::Property(0),
                property: Some(crate::LookupName::new("A")),
            }
        );
        assert_eq!(
            err.to_string(),
            "property 0 \"A\": no value 0 (the property has 0 values)"
        );
    }

    #[test]
    fn raw_kept_fixed_values_still_read() {
        // A DWORD kept as raw bytes (as a user would build it) reads as u32.
        let v =
            OwnedValue::new(Syntax::DISK_NUMBER, OwnedData::Raw(alloc::vec![5, 0, 0, 0])).unwrap();
        assert_eq!(v.to::<u32>(), Ok(5));
        assert_eq!(v.to::<DiskNumber>(), Ok(DiskNumber(5)));
        let raw = |syntax, bytes: &[u8]| OwnedValue::new(syntax, OwnedData::Raw(bytes.to_vec()));
        let t = raw(Syntax::LIST_VALUE_FILETIME, &9u64.to_le_bytes()).unwrap();
        assert_eq!(t.to::<FileTime>(), Ok(FileTime(9)));
        assert_eq!(
            t.to::<u64>(),
            Err(wrong(&t, PropertyFormat::ULARGE_INTEGER, 0))
        );
        let l = raw(Syntax::LIST_VALUE_LARGE_INTEGER, &(-3i64).to_le_bytes()).unwrap();
        assert_eq!(l.to::<i64>(), Ok(-3));
        let s = raw(Syntax::SCSI_ADDRESS, &[1, 2, 3, 4]).unwrap();
        assert_eq!(
            s.to::<ScsiAddress>(),
            Ok(ScsiAddress::from_u32(0x0403_0201))
        );
        // The 8-byte resource class has no typed owned form: kept, and read.
        let class = raw(Syntax::RESCLASS, &[1, 0, 0, 0, 0, 0, 0, 0x80]).unwrap();
        assert_eq!(
            class.to::<ResourceClass>(),
            Ok(ResourceClass {
                class: 1,
                subclass: Some(0x8000_0000)
            })
        );
        // The wrong type for the syntax names the value's index.
        assert_eq!(
            class.to::<DiskSize>(),
            Err(syntax_mismatch(&class, Syntax::DISK_SIZE, 0))
        );
    }

    #[test]
    fn set_rejects_nul_and_insert_repeats() {
        let mut l = OwnedPropertyList::new();
        assert_eq!(l.set("a\0b", 1u32), Err(EncodeError::InteriorNul));
        assert_eq!(l.set("A", "x\0"), Err(EncodeError::InteriorNul));
        assert!(l.properties.is_empty());
        l.insert("A", 1u32).unwrap().insert("a", 2u32).unwrap();
        assert_eq!(l.properties.len(), 2);
        assert_eq!(l.get::<u32>("A"), Ok(1));
    }

    #[test]
    fn storage_and_security_values_both_ways() {
        use crate::security::{NewAce, SidBuf};
        let mut l = OwnedPropertyList::new();
        l.set("Sig", DiskSignature(0xABCD)).unwrap();
        l.set("Num", DiskNumber(2)).unwrap();
        l.set("Size", DiskSize(1 << 33)).unwrap();
        let g = Guid::from_u128(0x6B29FC40_CA47_1067_B31D_00DD010662DA);
        l.set("Guid", DiskGuid(g)).unwrap();
        l.set("Scsi", ScsiAddress::from_u32(0x0403_0201)).unwrap();
        let rc = ResourceClass {
            class: 1,
            subclass: Some(0x8000_0000),
        };
        l.set("Class", rc).unwrap();
        l.set("Ft", &FtSetInfo::new(9, 1)).unwrap();
        let mut p = PartitionInfoEx::new();
        p.set_device_number(4);
        l.set("Part", &p).unwrap();
        let system = SidBuf::LOCAL_SYSTEM;
        let dacl = [NewAce::allow(1, system.as_sid())];
        let writer = SecurityDescriptorWriter {
            owner: Some(system.as_sid()),
            dacl: Some(&dacl),
            ..Default::default()
        };
        l.set("Security", writer).unwrap();

        assert_eq!(l.get::<DiskSignature>("sig"), Ok(DiskSignature(0xABCD)));
        assert_eq!(l.get::<u32>("sig"), Ok(0xABCD));
        assert_eq!(l.get::<DiskNumber>("num"), Ok(DiskNumber(2)));
        assert_eq!(l.get::<DiskSize>("size"), Ok(DiskSize(1 << 33)));
        assert_eq!(l.get::<Guid>("guid"), Ok(g));
        assert_eq!(l.get::<ScsiAddress>("scsi").map(|a| a.lun), Ok(4));
        assert_eq!(l.get::<ResourceClass>("class"), Ok(rc));
        assert_eq!(l.get::<&FtSetInfo>("ft").map(|f| f.root_signature()), Ok(9));
        assert_eq!(
            l.get::<&PartitionInfoEx>("part").map(|p| p.device_number()),
            Ok(4)
        );
        let sd = l.get::<SecurityDescriptor>("security").unwrap();
        assert_eq!(sd.to_string(), "O:S-1-5-18D:(A;;0x1;;;S-1-5-18)");
        assert!(matches!(
            l.get::<DiskNumber>("sig"),
            Err(LookupError::WrongSyntax {
                at: ValueAt::Property(0),
                ..
            })
        ));

        // The owned form is the one decoding the encoded bytes gives (the
        // storage syntaxes live in bare value lists, MS-CMRP 2.2.2.1).
        let values = crate::owned::OwnedValueList {
            values: l.properties.iter().map(|p| p.values[0].clone()).collect(),
        };
        let bytes = values.to_vec().unwrap();
        let parsed = crate::read::views::ValueList::parse(&bytes).unwrap();
        assert_eq!(crate::owned::OwnedValueList::from_list(&parsed), values);
    }

    #[cfg(feature = "std")]
    #[test]
    fn system_time_both_ways_and_out_of_range() {
        use std::time::{Duration, SystemTime, UNIX_EPOCH};
        let mut l = OwnedPropertyList::new();
        let t = UNIX_EPOCH + Duration::from_nanos(1_234_567_800);
        l.set("When", t).unwrap();
        assert_eq!(l.get::<SystemTime>("when"), Ok(t));
        assert_eq!(
            l.get::<FileTime>("when"),
            Ok(FileTime(FileTime::UNIX_EPOCH_TICKS + 12_345_678))
        );
        let before_1601 = UNIX_EPOCH - Duration::from_secs(11_644_473_601);
        assert_eq!(l.set("Old", before_1601), Err(EncodeError::TimeOutOfRange));
    }
}
