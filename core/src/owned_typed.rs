//! Typed access to the owned model (feature `alloc`): `get`, `set` and
//! `insert` on [`OwnedPropertyList`] with plain Rust types, and the two
//! conversion traits behind them.
//!
//! Lookups compare names case-insensitively (as [`Utf16Str::eq_ignore_case`](crate::Utf16Str::eq_ignore_case))
//! directly on the stored UTF-16 units: finding a property allocates nothing.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{EncodeError, LookupError};
use crate::owned::{OwnedData, OwnedProperty, OwnedPropertyList, OwnedValue, WideString};
use crate::syntax::PropertyFormat;
use crate::value::FileTime;

/// Types an owned value can be read as (see [`OwnedPropertyList::get`]).
///
/// As with [`FromValue`](crate::FromValue), the format word decides: a `u32`
/// reads any DWORD-format value. Errors report the property's index in
/// [`OwnedPropertyList::properties`] where a parsed list reports a byte offset.
pub trait FromOwnedValue<'a>: Sized {
    /// Reads `value` (of the property at `index`) as `Self`.
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError>;
}

/// Values [`OwnedPropertyList::set`] and [`OwnedPropertyList::insert`] accept.
///
/// Integers map as the builders map them (`u32` → `LIST_VALUE_DWORD`, ...),
/// `bool` → DWORD 0 or 1, text → `LIST_VALUE_SZ`, string lists →
/// `LIST_VALUE_MULTI_SZ`, `SystemTime` → `LIST_VALUE_FILETIME`.
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
        OwnedData::Empty => Err(LookupError::Empty { offset: index }),
        data => Ok(data),
    }
}

fn wrong(value: &OwnedValue, expected: PropertyFormat, index: usize) -> LookupError {
    LookupError::WrongFormat {
        expected,
        found: value.syntax(),
        offset: index,
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

macro_rules! from_owned_fixed {
    ($($ty:ty => $format:ident, $variant:ident;)*) => {$(
        impl<'a> FromOwnedValue<'a> for $ty {
            fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
                let expected = PropertyFormat::$format;
                match expect(value, expected, index)? {
                    OwnedData::$variant(v) => Ok(*v),
                    OwnedData::Raw(b) | OwnedData::Binary(b) => b
                        .as_slice()
                        .try_into()
                        .map(<$ty>::from_le_bytes)
                        .map_err(|_| wrong(value, expected, index)),
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
            OwnedData::Raw(b) | OwnedData::Binary(b) => b
                .as_slice()
                .try_into()
                .map(|b| FileTime(u64::from_le_bytes(b)))
                .map_err(|_| wrong(value, expected, index)),
            _ => Err(wrong(value, expected, index)),
        }
    }
}

#[cfg(feature = "std")]
impl<'a> FromOwnedValue<'a> for std::time::SystemTime {
    fn from_owned_value(value: &'a OwnedValue, index: usize) -> Result<Self, LookupError> {
        let t = FileTime::from_owned_value(value, index)?;
        t.to_system_time().ok_or(LookupError::TimeOutOfRange {
            ticks: t.0,
            offset: index,
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
                value: other,
                offset: index,
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
            .ok_or(LookupError::NotUnicode { offset: index })
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
                s.to_string_checked()
                    .ok_or(LookupError::NotUnicode { offset: index })
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
        let value = property
            .values
            .first()
            .ok_or(LookupError::NoSuchValue { index: 0 })?;
        T::from_owned_value(value, index)
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
        assert_eq!(
            l.get::<String>("two"),
            Err(LookupError::WrongFormat {
                expected: PropertyFormat::SZ,
                found: Syntax::LIST_VALUE_DWORD,
                offset: 1
            })
        );
        assert_eq!(
            l.get::<bool>("Two"),
            Err(LookupError::NotABool {
                value: 2,
                offset: 1
            })
        );
        let err = l.get::<u32>("Missing").unwrap_err();
        assert_eq!(err.to_string(), "no property named \"Missing\"");
    }

    #[test]
    fn raw_kept_fixed_values_still_read() {
        // A DWORD kept as raw bytes (as a user would build it) reads as u32.
        let v =
            OwnedValue::new(Syntax::DISK_NUMBER, OwnedData::Raw(alloc::vec![5, 0, 0, 0])).unwrap();
        assert_eq!(v.to::<u32>(), Ok(5));
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
