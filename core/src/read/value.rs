//! Typed values: what a [`RawValue`] holds, by syntax and format.

use core::fmt;

use zerocopy::FromBytes;

use crate::disk::{
    FtSetInfo, PartitionInfo, PartitionInfoEx, PartitionInfoEx2, ResourceClass, ScsiAddress,
    StorageDeviceIdDescriptor,
};
use crate::error::LookupError;
use crate::hex::Hex;
use crate::options::NestedLists;
use crate::read::views::{PropertyList, RawValue, ValueList};
use crate::security::SecurityDescriptor;
use crate::syntax::{ListKind, PropertyFormat, Syntax};
use crate::text::{MultiSz, Utf16Str};

/// A `FILETIME`: 100-nanosecond ticks since 1601-01-01 UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileTime(pub u64);

impl FileTime {
    /// Ticks between 1601-01-01 and 1970-01-01.
    pub const UNIX_EPOCH_TICKS: u64 = 116_444_736_000_000_000;

    /// `dwLowDateTime`.
    pub const fn low(self) -> u32 {
        self.0 as u32
    }

    /// `dwHighDateTime`.
    pub const fn high(self) -> u32 {
        (self.0 >> 32) as u32
    }

    /// Seconds since the Unix epoch (negative before 1970), and the
    /// nanoseconds within that second.
    pub const fn to_unix(self) -> (i64, u32) {
        let ticks = self.0 as i128 - Self::UNIX_EPOCH_TICKS as i128;
        let secs = ticks.div_euclid(10_000_000) as i64;
        let nanos = (ticks.rem_euclid(10_000_000) * 100) as u32;
        (secs, nanos)
    }

    /// The same instant as a [`SystemTime`](std::time::SystemTime) (feature
    /// `std`); `None` when the platform's `SystemTime` cannot hold it.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use clusprop::FileTime;
    /// let t = FileTime(FileTime::UNIX_EPOCH_TICKS + 10_000_000);
    /// assert_eq!(t.to_system_time(), Some(UNIX_EPOCH + Duration::from_secs(1)));
    /// ```
    #[cfg(feature = "std")]
    pub fn to_system_time(self) -> Option<std::time::SystemTime> {
        use std::time::{Duration, UNIX_EPOCH};
        let since_1601 = Duration::new(self.0 / 10_000_000, (self.0 % 10_000_000) as u32 * 100);
        let epoch_offset = Duration::from_secs(Self::UNIX_EPOCH_TICKS / 10_000_000);
        match since_1601.checked_sub(epoch_offset) {
            Some(after) => UNIX_EPOCH.checked_add(after),
            None => UNIX_EPOCH.checked_sub(epoch_offset - since_1601),
        }
    }

    /// The `FILETIME` of a [`SystemTime`](std::time::SystemTime) (feature
    /// `std`), truncated to 100 ns; `None` before 1601-01-01 or after the
    /// last tick a `u64` counts (year 60056).
    ///
    /// ```
    /// use std::time::UNIX_EPOCH;
    /// use clusprop::FileTime;
    /// assert_eq!(FileTime::from_system_time(UNIX_EPOCH), Some(FileTime(FileTime::UNIX_EPOCH_TICKS)));
    /// ```
    #[cfg(feature = "std")]
    pub fn from_system_time(time: std::time::SystemTime) -> Option<FileTime> {
        use std::time::UNIX_EPOCH;
        let epoch = i128::from(Self::UNIX_EPOCH_TICKS);
        let ticks = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => epoch + (after.as_nanos() / 100) as i128,
            // Before 1970: round toward the earlier tick, as a later tick
            // would be after the instant.
            Err(before) => epoch - before.duration().as_nanos().div_ceil(100) as i128,
        };
        u64::try_from(ticks).ok().map(FileTime)
    }
}

/// The typed content of a value.
///
/// Well-known syntaxes get their own variant; anything else (user-range
/// syntaxes, nested lists read as opaque) is [`Value::Unknown`], raw and whole.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Value<'data> {
    /// A zero-length value: in SET lists, "reset this property to its default".
    Empty,
    /// `CLUSPROP_FORMAT_BINARY`.
    Binary(&'data [u8]),
    /// `CLUSPROP_FORMAT_DWORD`.
    Dword(u32),
    /// `CLUSPROP_FORMAT_LONG`.
    Long(i32),
    /// `CLUSPROP_FORMAT_WORD`.
    Word(u16),
    /// `CLUSPROP_FORMAT_ULARGE_INTEGER`.
    ULargeInteger(u64),
    /// `CLUSPROP_FORMAT_LARGE_INTEGER`.
    LargeInteger(i64),
    /// `CLUSPROP_FORMAT_FILETIME`.
    FileTime(FileTime),
    /// `CLUSPROP_FORMAT_SZ`.
    Sz(Utf16Str<'data>),
    /// `CLUSPROP_FORMAT_EXPAND_SZ`.
    ExpandSz(Utf16Str<'data>),
    /// `CLUSPROP_FORMAT_EXPANDED_SZ`.
    ExpandedSz(Utf16Str<'data>),
    /// `CLUSPROP_FORMAT_MULTI_SZ`.
    MultiSz(MultiSz<'data>),
    /// `CLUSPROP_FORMAT_SECURITY_DESCRIPTOR`, its bytes; the checked view is
    /// [`SecurityDescriptor`](crate::security::SecurityDescriptor)
    /// (`raw.to::<SecurityDescriptor>()`), which `Display` uses (SDDL-like;
    /// hex when the bytes are not a valid descriptor).
    SecurityDescriptor(&'data [u8]),
    /// A nested property list (`CLUSPROP_SYNTAX_LIST_VALUE_PROPERTY_LIST`).
    PropertyList(PropertyList<'data>),
    /// A nested bare value list (`LIST_VALUE << 16 | CLUSPROP_FORMAT_VALUE_LIST`).
    ValueList(ValueList<'data>),
    /// `CLUSPROP_SYNTAX_NAME` inside a bare value list (a resource type name).
    Name(Utf16Str<'data>),
    /// `CLUSPROP_SYNTAX_RESCLASS`.
    ResourceClass(ResourceClass),
    /// `CLUSPROP_SYNTAX_DISK_SIGNATURE`.
    DiskSignature(u32),
    /// `CLUSPROP_SYNTAX_SCSI_ADDRESS`.
    ScsiAddress(ScsiAddress),
    /// `CLUSPROP_SYNTAX_DISK_NUMBER`.
    DiskNumber(u32),
    /// `CLUSPROP_SYNTAX_PARTITION_INFO`.
    PartitionInfo(&'data PartitionInfo),
    /// `CLUSPROP_SYNTAX_PARTITION_INFO_EX`.
    PartitionInfoEx(&'data PartitionInfoEx),
    /// `CLUSPROP_SYNTAX_PARTITION_INFO_EX2` (extra bytes past 1700 are ignored).
    PartitionInfoEx2(&'data PartitionInfoEx2),
    /// `CLUSPROP_SYNTAX_FTSET_INFO`.
    FtSetInfo(&'data FtSetInfo),
    /// `CLUSPROP_SYNTAX_DISK_SERIALNUMBER`.
    DiskSerialNumber(Utf16Str<'data>),
    /// `CLUSPROP_SYNTAX_DISK_GUID` (a `{GUID}` string).
    DiskGuid(Utf16Str<'data>),
    /// `CLUSPROP_SYNTAX_DISK_SIZE`.
    DiskSize(u64),
    /// `CLUSPROP_SYNTAX_STORAGE_DEVICE_ID_DESCRIPTOR`, its bytes; the checked
    /// view is [`StorageDeviceIdDescriptor`](crate::disk::StorageDeviceIdDescriptor)
    /// (`raw.to::<StorageDeviceIdDescriptor>()`), which `Display` uses.
    StorageDeviceIdDescriptor(&'data [u8]),
    /// Any other syntax, handed over whole.
    Unknown(RawValue<'data>),
}

/// The string inside validated SZ-like data ([`Utf16Str::terminated`]).
#[inline]
pub(crate) fn string(data: &[u8]) -> Utf16Str<'_> {
    Utf16Str::terminated(data)
}

#[inline]
fn u32_of(data: &[u8]) -> u32 {
    <[u8; 4]>::try_from(data).map_or(0, u32::from_le_bytes)
}

#[inline]
fn u64_of(data: &[u8]) -> u64 {
    <[u8; 8]>::try_from(data).map_or(0, u64::from_le_bytes)
}

impl<'data> Value<'data> {
    /// Decodes a validated raw value. Never fails: anything without a typed
    /// form, or whose data does not fit it, comes back as [`Value::Unknown`].
    #[inline(always)]
    pub(crate) fn from_raw(raw: &RawValue<'data>) -> Value<'data> {
        let data = raw.data();
        if data.is_empty() {
            return Value::Empty;
        }
        let syntax = raw.syntax();
        if syntax.is_plain_list_value() {
            // Each arm builds the final value: no `Option` is unwrapped
            // after the match, one merge of the arms fewer in the caller.
            return Self::list_value(raw, syntax.format(), data);
        }
        // The fields one by one (in registers), not a reference that would
        // make the caller store the value before the branch; the result
        // rebuilt so that the inline path's value stays in registers.
        Self::rebuilt(Self::other_syntax(
            syntax,
            data,
            raw.offset(),
            raw.nested_lists(),
        ))
    }

    /// `value`, rebuilt variant by variant from its fields.
    ///
    /// What an out-of-line call returns lives in memory, and a value that
    /// merges with it is kept in memory on every path: the common values
    /// built inline would be stored and the caller's `match` would reload
    /// them. Rebuilt, each arm yields fields the compiler keeps in
    /// registers, and a caller's `match` on the result folds into the
    /// decoding one (one jump table instead of two; decode + visit
    /// `typical` about 3.5 % fewer instructions). The arms are those
    /// [`other_syntax`](Self::other_syntax) returns; any other is passed as
    /// it is.
    #[inline(always)]
    fn rebuilt(value: Value<'data>) -> Value<'data> {
        match value {
            Value::Name(s) => Value::Name(s),
            Value::ResourceClass(c) => Value::ResourceClass(c),
            Value::DiskSignature(n) => Value::DiskSignature(n),
            Value::ScsiAddress(a) => Value::ScsiAddress(a),
            Value::DiskNumber(n) => Value::DiskNumber(n),
            Value::PartitionInfo(p) => Value::PartitionInfo(p),
            Value::PartitionInfoEx(p) => Value::PartitionInfoEx(p),
            Value::PartitionInfoEx2(p) => Value::PartitionInfoEx2(p),
            Value::FtSetInfo(f) => Value::FtSetInfo(f),
            Value::DiskSerialNumber(s) => Value::DiskSerialNumber(s),
            Value::DiskGuid(s) => Value::DiskGuid(s),
            Value::DiskSize(n) => Value::DiskSize(n),
            Value::StorageDeviceIdDescriptor(d) => Value::StorageDeviceIdDescriptor(d),
            Value::PropertyList(l) => Value::PropertyList(l),
            Value::ValueList(l) => Value::ValueList(l),
            Value::Unknown(raw) => Value::Unknown(raw),
            other => other,
        }
    }

    /// Every value that is not a plain `LIST_VALUE`: kept out of line, so
    /// the common path stays small where it is inlined.
    #[inline(never)]
    fn other_syntax(
        syntax: Syntax,
        data: &'data [u8],
        offset: usize,
        nested: NestedLists,
    ) -> Value<'data> {
        let raw = RawValue::from_parts(syntax, data, offset, nested);
        Self::typed(&raw, data).unwrap_or(Value::Unknown(raw))
    }

    /// The typed form of a value that is not a plain `LIST_VALUE`, if it
    /// has one.
    #[inline]
    fn typed(raw: &RawValue<'data>, data: &'data [u8]) -> Option<Value<'data>> {
        Some(match raw.syntax() {
            Syntax::NAME => Value::Name(string(data)),
            Syntax::RESCLASS => Value::ResourceClass(ResourceClass::from_data(data)?),
            Syntax::DISK_SIGNATURE => Value::DiskSignature(u32_of(data)),
            Syntax::SCSI_ADDRESS => Value::ScsiAddress(ScsiAddress::from_data(data)?),
            Syntax::DISK_NUMBER => Value::DiskNumber(u32_of(data)),
            Syntax::PARTITION_INFO => {
                Value::PartitionInfo(PartitionInfo::ref_from_bytes(data).ok()?)
            }
            Syntax::PARTITION_INFO_EX => {
                Value::PartitionInfoEx(PartitionInfoEx::ref_from_bytes(data).ok()?)
            }
            Syntax::PARTITION_INFO_EX2 => {
                Value::PartitionInfoEx2(PartitionInfoEx2::ref_from_prefix(data).ok()?.0)
            }
            Syntax::FTSET_INFO => Value::FtSetInfo(FtSetInfo::ref_from_bytes(data).ok()?),
            Syntax::DISK_SERIALNUMBER => Value::DiskSerialNumber(string(data)),
            Syntax::DISK_GUID => Value::DiskGuid(string(data)),
            Syntax::DISK_SIZE => Value::DiskSize(u64_of(data)),
            Syntax::STORAGE_DEVICE_ID_DESCRIPTOR => Value::StorageDeviceIdDescriptor(data),
            _ => return Self::nested(raw, data),
        })
    }

    /// A nested list value, when `raw` is one and nested lists are decoded.
    #[inline]
    fn nested(raw: &RawValue<'data>, data: &'data [u8]) -> Option<Value<'data>> {
        let kind = raw.syntax().list_kind()?;
        let nested = raw.nested_lists();
        if nested == NestedLists::Opaque {
            return None;
        }
        // Validated with the enclosing list: take the view as it is.
        let at = raw.data_offset();
        Some(match kind {
            ListKind::PropertyList => {
                Value::PropertyList(PropertyList::from_validated(data, at, nested))
            }
            ListKind::ValueList => Value::ValueList(ValueList::from_validated(data, at, nested)),
        })
    }

    /// A `LIST_VALUE` value of one of the scalar, string or binary formats.
    #[inline]
    fn list_value(
        raw: &RawValue<'data>,
        format: PropertyFormat,
        data: &'data [u8],
    ) -> Value<'data> {
        match format {
            PropertyFormat::BINARY => Value::Binary(data),
            PropertyFormat::DWORD => Value::Dword(u32_of(data)),
            PropertyFormat::LONG => Value::Long(u32_of(data) as i32),
            PropertyFormat::WORD => match data.try_into() {
                Ok(word) => Value::Word(u16::from_le_bytes(word)),
                Err(_) => Value::Unknown(*raw),
            },
            PropertyFormat::ULARGE_INTEGER => Value::ULargeInteger(u64_of(data)),
            PropertyFormat::LARGE_INTEGER => Value::LargeInteger(u64_of(data) as i64),
            PropertyFormat::FILETIME => Value::FileTime(FileTime(u64_of(data))),
            PropertyFormat::SZ => Value::Sz(string(data)),
            PropertyFormat::EXPAND_SZ => Value::ExpandSz(string(data)),
            PropertyFormat::EXPANDED_SZ => Value::ExpandedSz(string(data)),
            PropertyFormat::MULTI_SZ => Value::MultiSz(MultiSz::new(data)),
            PropertyFormat::SECURITY_DESCRIPTOR => Value::SecurityDescriptor(data),
            _ => Value::Unknown(*raw),
        }
    }
}

impl fmt::Display for Value<'_> {
    /// A one-line human form: numbers in decimal (and hex for DWORDs),
    /// strings quoted, binary as hex.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Empty => f.write_str("(empty: reset to default)"),
            Value::Binary(b) => Hex(b).fmt(f),
            Value::SecurityDescriptor(b) => match SecurityDescriptor::parse(b) {
                Ok(sd) => sd.fmt(f),
                Err(_) => Hex(b).fmt(f),
            },
            Value::StorageDeviceIdDescriptor(b) => match StorageDeviceIdDescriptor::parse(b) {
                Ok(view) => view.fmt(f),
                Err(_) => Hex(b).fmt(f),
            },
            Value::Dword(v) | Value::DiskSignature(v) | Value::DiskNumber(v) => {
                write!(f, "{v} ({v:#x})")
            }
            Value::Long(v) => write!(f, "{v}"),
            Value::Word(v) => write!(f, "{v} ({v:#x})"),
            Value::ULargeInteger(v) | Value::DiskSize(v) => write!(f, "{v} ({v:#x})"),
            Value::LargeInteger(v) => write!(f, "{v}"),
            Value::FileTime(t) => write!(f, "{} ({:#x})", t.0, t.0),
            Value::Sz(s)
            | Value::ExpandSz(s)
            | Value::ExpandedSz(s)
            | Value::Name(s)
            | Value::DiskSerialNumber(s)
            | Value::DiskGuid(s) => write!(f, "{s:?}"),
            Value::MultiSz(m) => write!(f, "{m:?}"),
            Value::PropertyList(l) => write!(f, "property list of {} properties", l.len()),
            Value::ValueList(l) => write!(f, "value list of {} entries", l.len()),
            Value::ResourceClass(c) => match c.subclass {
                Some(s) => write!(f, "class {} subclass {s:#x}", c.class),
                None => write!(f, "class {}", c.class),
            },
            Value::ScsiAddress(a) => write!(
                f,
                "port {} path {} target {} lun {}",
                a.port_number, a.path_id, a.target_id, a.lun
            ),
            Value::PartitionInfo(p) => write!(f, "{:?}", p),
            Value::PartitionInfoEx(p) => write!(f, "{:?}", p),
            Value::PartitionInfoEx2(p) => write!(f, "{:?}", p),
            Value::FtSetInfo(p) => write!(f, "{:?}", p),
            Value::Unknown(raw) => Hex(raw.data()).fmt(f),
        }
    }
}

/// Types a value can be read as (see [`PropertyList::get`]).
///
/// Conversions check the format word, not the type word: a `u32` can be read
/// from any DWORD-format value (`LIST_VALUE_DWORD`, `DISK_NUMBER`, ...).
pub trait FromValue<'data>: Sized {
    /// Reads `value` as `Self`.
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError>;
}

/// The data of `value` if its format is `format`, it is not empty and (with
/// `len`) it has that length.
pub(crate) fn expect<'data>(
    value: &RawValue<'data>,
    format: PropertyFormat,
    len: Option<usize>,
) -> Result<&'data [u8], LookupError> {
    if value.syntax().format() != format {
        return Err(LookupError::WrongFormat {
            property: None,
            expected: format,
            found: value.syntax(),
            at: crate::ValueAt::Byte(value.offset()),
        });
    }
    let data = value.data();
    if data.is_empty() {
        return Err(LookupError::Empty {
            property: None,
            at: crate::ValueAt::Byte(value.offset()),
        });
    }
    match len {
        Some(n) if data.len() != n => Err(LookupError::WrongFormat {
            property: None,
            expected: format,
            found: value.syntax(),
            at: crate::ValueAt::Byte(value.offset()),
        }),
        _ => Ok(data),
    }
}

macro_rules! from_fixed {
    ($($ty:ty => $format:ident, $len:literal;)*) => {$(
        impl<'data> FromValue<'data> for $ty {
            fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
                let data = expect(value, PropertyFormat::$format, Some($len))?;
                let bytes: [u8; $len] = data.try_into().map_err(|_| LookupError::Empty { property: None, at: crate::ValueAt::Byte(value.offset()) })?;
                Ok(<$ty>::from_le_bytes(bytes))
            }
        }
    )*};
}

from_fixed! {
    u32 => DWORD, 4;
    i32 => LONG, 4;
    u16 => WORD, 2;
    u64 => ULARGE_INTEGER, 8;
    i64 => LARGE_INTEGER, 8;
}

impl<'data> FromValue<'data> for FileTime {
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        let data = expect(value, PropertyFormat::FILETIME, Some(8))?;
        Ok(FileTime(u64_of(data)))
    }
}

#[cfg(feature = "std")]
impl<'data> FromValue<'data> for std::time::SystemTime {
    /// Reads a `FILETIME`-format value; `TimeOutOfRange` when the platform
    /// cannot represent it.
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        let ticks = FileTime::from_value(value)?;
        ticks.to_system_time().ok_or(LookupError::TimeOutOfRange {
            property: None,
            ticks: ticks.0,
            at: crate::ValueAt::Byte(value.offset()),
        })
    }
}

impl<'data> FromValue<'data> for bool {
    /// Reads a `DWORD`-format value that is 0 or 1 (how cluster properties
    /// store booleans); any other number is `NotABool`, not `true`.
    ///
    /// ```
    /// let mut buf = [0u8; 128];
    /// let mut b = clusprop::PropertyListBuilder::new(&mut buf);
    /// b.property("On", &1u32)?.property("Odd", &2u32)?;
    /// let n = b.finish()?;
    /// let list = clusprop::PropertyList::parse(&buf[..n])?;
    /// assert_eq!(list.get::<bool>("On"), Ok(true));
    /// assert!(matches!(list.get::<bool>("Odd"), Err(clusprop::LookupError::NotABool { value: 2, .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        match u32::from_value(value)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(LookupError::NotABool {
                property: None,
                value: other,
                at: crate::ValueAt::Byte(value.offset()),
            }),
        }
    }
}

/// The string of an `SZ`, `EXPAND_SZ` or `EXPANDED_SZ` value.
#[cfg(feature = "alloc")]
fn any_string<'data>(value: &RawValue<'data>) -> Result<Utf16Str<'data>, LookupError> {
    let format = value.syntax().format();
    let expected = match format {
        PropertyFormat::EXPAND_SZ | PropertyFormat::EXPANDED_SZ => format,
        _ => PropertyFormat::SZ,
    };
    Ok(string(expect(value, expected, None)?))
}

#[cfg(feature = "alloc")]
impl<'data> FromValue<'data> for alloc::string::String {
    /// Reads any string format (`SZ`, `EXPAND_SZ`, `EXPANDED_SZ`: the text
    /// as stored); `NotUnicode` for an unpaired surrogate.
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let mut b = clusprop::PropertyListBuilder::new(&mut buf);
    /// b.property("Name", &clusprop::Sz("ab"))?;
    /// let n = b.finish()?;
    /// let list = clusprop::PropertyList::parse(&buf[..n])?;
    /// assert_eq!(list.get::<String>("name")?, "ab");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        any_string(value)?
            .to_string_checked()
            .ok_or(LookupError::NotUnicode {
                property: None,
                at: crate::ValueAt::Byte(value.offset()),
            })
    }
}

#[cfg(feature = "alloc")]
impl<'data> FromValue<'data> for alloc::vec::Vec<alloc::string::String> {
    /// Reads a `MULTI_SZ`-format value; `NotUnicode` for an unpaired surrogate.
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        MultiSz::from_value(value)?
            .iter()
            .map(|s| {
                s.to_string_checked().ok_or(LookupError::NotUnicode {
                    property: None,
                    at: crate::ValueAt::Byte(value.offset()),
                })
            })
            .collect()
    }
}

impl<'data> FromValue<'data> for Utf16Str<'data> {
    /// Reads an `SZ`-format value (`ExpandSz<Utf16Str>` and `ExpandedSz<Utf16Str>` read the others).
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        Ok(string(expect(value, PropertyFormat::SZ, None)?))
    }
}

impl<'data> FromValue<'data> for MultiSz<'data> {
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        Ok(MultiSz::new(expect(value, PropertyFormat::MULTI_SZ, None)?))
    }
}

impl<'data> FromValue<'data> for &'data [u8] {
    /// Reads a `BINARY`-format value.
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        expect(value, PropertyFormat::BINARY, None)
    }
}

impl<'data> FromValue<'data> for PropertyList<'data> {
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        expect(value, PropertyFormat::PROPERTY_LIST, None)?;
        match value.decode() {
            Value::PropertyList(list) => Ok(list),
            _ => Err(LookupError::WrongFormat {
                property: None,
                expected: PropertyFormat::PROPERTY_LIST,
                found: value.syntax(),
                at: crate::ValueAt::Byte(value.offset()),
            }),
        }
    }
}

impl<'data> FromValue<'data> for ValueList<'data> {
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        expect(value, PropertyFormat::VALUE_LIST, None)?;
        match value.decode() {
            Value::ValueList(list) => Ok(list),
            _ => Err(LookupError::WrongFormat {
                property: None,
                expected: PropertyFormat::VALUE_LIST,
                found: value.syntax(),
                at: crate::ValueAt::Byte(value.offset()),
            }),
        }
    }
}

impl<'data> FromValue<'data> for Value<'data> {
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        Ok(value.decode())
    }
}

impl<'data> FromValue<'data> for RawValue<'data> {
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        Ok(*value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filetime_to_unix() {
        assert_eq!(FileTime(FileTime::UNIX_EPOCH_TICKS).to_unix(), (0, 0));
        assert_eq!(
            FileTime(FileTime::UNIX_EPOCH_TICKS + 15).to_unix(),
            (0, 1500)
        );
        assert_eq!(FileTime(0).to_unix().0, -11_644_473_600);
        let t = FileTime(0x01D9_A0B0_C0D0_E0F0);
        assert_eq!((t.low(), t.high()), (0xC0D0_E0F0, 0x01D9_A0B0));
    }
}
