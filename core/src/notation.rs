//! Values written as text, `TYPE:VALUE` (feature `alloc`): the notation of
//! the `clusprop` command's `--prop NAME=TYPE:VALUE` and of the simulated
//! cluster's configuration files, in one place.
//!
//! The type names of the formats, their aliases and what their text is are
//! the format table's (names and shapes); the storage syntaxes, from
//! `disk_signature` on, are syntaxes rather than formats and are read here.
//!
//! The TYPEs and what their text is are tabled in the documentation of
//! [`OwnedValue::from_text`], which is what a reader of the crate sees.

use alloc::vec::Vec;
use core::fmt;

use crate::disk::{Guid, GuidParseError, StorageDeviceIdDescriptor};
use crate::error::{DecodeError, EncodeError};
use crate::formats::{self, Shape};
use crate::owned::{OwnedData, OwnedValue, WideString};
use crate::security::{SddlError, SecurityDescriptor, parse_sddl};
use crate::syntax::{PropertyFormat, PropertyType, Syntax};

/// One TYPE of the notation (a row of [`OwnedValue::from_text`]'s table):
/// its name, the other names it accepts, and the syntax of the values it
/// makes. The TYPEs of the formats are the format table's names and
/// aliases, so a format added there is a TYPE here too; [`text_value_types`]
/// lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TextValueType {
    name: &'static str,
    aliases: &'static [&'static str],
    syntax: Syntax,
    server_only: bool,
}

impl TextValueType {
    /// The TYPE's name, lower case (`ularge_integer`, `disk_guid`).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The other names it accepts (`qword` and `ularge` for
    /// `ularge_integer`), lower case; most TYPEs have none.
    pub const fn aliases(&self) -> &'static [&'static str] {
        self.aliases
    }

    /// The name, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        core::iter::once(self.name).chain(self.aliases.iter().copied())
    }

    /// The syntax of its values: `LIST_VALUE` and a format for the TYPEs of
    /// the formats, a value-list syntax (`DISK_SIGNATURE`, `RESCLASS`, ...)
    /// for the others.
    pub const fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// Whether its values only encode with an option: `expanded_sz`, which
    /// only a server sends (MS-CMRP 2.2.2.3), needs
    /// [`EncodeOptions::with_expanded_sz`](crate::EncodeOptions::with_expanded_sz).
    pub const fn needs_option(&self) -> bool {
        self.server_only
    }

    /// The smallest and largest number a value of this TYPE holds, for the
    /// TYPEs of integer formats (`dword`, `long`, ..., `filetime`, whose
    /// number is a count of ticks); `None` for the others.
    ///
    /// ```
    /// use clusprop::text_value_type;
    /// assert_eq!(text_value_type("word").unwrap().integer_range(), Some((0, 65535)));
    /// assert_eq!(text_value_type("sz").unwrap().integer_range(), None);
    /// ```
    pub fn integer_range(&self) -> Option<(i128, i128)> {
        if self.syntax.ty() != PropertyType::LIST_VALUE {
            return None;
        }
        formats::shape(self.syntax.format())?.integer_range()
    }

    /// Whether a property's value may have this TYPE in a list sent to the
    /// cluster: a `LIST_VALUE` syntax that needs no option. The others
    /// make entries of value lists, which no property holds, or values
    /// only a server sends.
    ///
    /// ```
    /// use clusprop::text_value_type;
    /// assert!(text_value_type("qword").unwrap().is_property_value());
    /// assert!(!text_value_type("expanded_sz").unwrap().is_property_value());
    /// assert!(!text_value_type("disk_signature").unwrap().is_property_value());
    /// ```
    pub fn is_property_value(&self) -> bool {
        self.syntax.ty() == PropertyType::LIST_VALUE && !self.server_only
    }
}

/// The TYPEs that are value-list syntaxes rather than formats, in the
/// module table's order.
const STRUCTURE_TYPES: [(&str, Syntax); 11] = [
    ("disk_signature", Syntax::DISK_SIGNATURE),
    ("disk_number", Syntax::DISK_NUMBER),
    ("disk_size", Syntax::DISK_SIZE),
    ("disk_guid", Syntax::DISK_GUID),
    ("scsi_address", Syntax::SCSI_ADDRESS),
    ("resclass", Syntax::RESCLASS),
    ("ftset_info", Syntax::FTSET_INFO),
    ("partition_info", Syntax::PARTITION_INFO),
    ("partition_info_ex", Syntax::PARTITION_INFO_EX),
    ("partition_info_ex2", Syntax::PARTITION_INFO_EX2),
    ("storage_device_id", Syntax::STORAGE_DEVICE_ID_DESCRIPTOR),
];

/// The TYPE of a format-table entry, if its values have a text form: a
/// format with no typed form (`unknown`) or whose values are nested lists
/// has none.
const fn format_type(info: &formats::FormatInfo) -> Option<TextValueType> {
    match info.shape {
        Shape::Opaque | Shape::PropertyList | Shape::ValueList => None,
        Shape::Bytes
        | Shape::Unsigned { .. }
        | Shape::Signed { .. }
        | Shape::FileTime
        | Shape::Text
        | Shape::MultiText => Some(TextValueType {
            name: info.name,
            aliases: info.aliases,
            syntax: Syntax::new(PropertyType::LIST_VALUE, info.format),
            server_only: info.server_only,
        }),
    }
}

/// Every TYPE of the notation: the formats' in the format table's order
/// (which is their format word's), then the value-list syntaxes'.
///
/// ```
/// let names: Vec<&str> = clusprop::text_value_types().map(|t| t.name()).collect();
/// assert!(names.contains(&"dword") && names.contains(&"disk_guid"));
/// ```
pub fn text_value_types() -> TextValueTypes {
    TextValueTypes { next: 0 }
}

/// The TYPE named `name` (its name or an alias, ASCII case ignored), as
/// [`OwnedValue::from_text`] reads it.
///
/// ```
/// use clusprop::{Syntax, text_value_type};
/// assert_eq!(text_value_type("QWORD").map(|t| t.name()), Some("ularge_integer"));
/// assert_eq!(text_value_type("disk_guid").map(|t| t.syntax()), Some(Syntax::DISK_GUID));
/// assert_eq!(text_value_type("float"), None);
/// ```
pub fn text_value_type(name: &str) -> Option<TextValueType> {
    text_value_types().find(|t| t.names().any(|n| n.eq_ignore_ascii_case(name)))
}

/// The iterator of [`text_value_types`]. Its [`Display`](fmt::Display)
/// writes the TYPEs still to come as messages list them, each with its
/// aliases in parentheses: `binary, dword, ..., ularge_integer (qword,
/// ularge), ...`.
///
/// ```
/// let list = clusprop::text_value_types().to_string();
/// assert!(list.starts_with("binary, dword, sz, "));
/// assert!(list.contains(", security_descriptor (sd), "));
/// ```
#[derive(Clone, Debug)]
pub struct TextValueTypes {
    /// The next position: the format table's, then [`STRUCTURE_TYPES`]'s.
    next: usize,
}

impl Iterator for TextValueTypes {
    type Item = TextValueType;

    fn next(&mut self) -> Option<TextValueType> {
        loop {
            let at = self.next;
            self.next = self.next.saturating_add(1);
            if let Some(info) = formats::FORMATS.get(at) {
                match format_type(info) {
                    Some(ty) => return Some(ty),
                    None => continue,
                }
            }
            let (name, syntax) = *STRUCTURE_TYPES.get(at - formats::FORMATS.len())?;
            return Some(TextValueType {
                name,
                aliases: &[],
                syntax,
                server_only: false,
            });
        }
    }
}

impl core::iter::FusedIterator for TextValueTypes {}

impl fmt::Display for TextValueTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, ty) in self.clone().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(ty.name)?;
            for (j, alias) in ty.aliases.iter().enumerate() {
                f.write_str(if j == 0 { " (" } else { ", " })?;
                f.write_str(alias)?;
            }
            if !ty.aliases.is_empty() {
                f.write_str(")")?;
            }
        }
        Ok(())
    }
}

/// Why a `TYPE:VALUE` text is not a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TextValueError {
    /// No `:` between the type and the value.
    MissingColon,
    /// A type name that is none of [`text_value_types`].
    UnknownType,
    /// Not a decimal or `0x` hexadecimal integer.
    NotANumber,
    /// A number outside the type's range (for example `dword:-1`).
    OutOfRange,
    /// A `filetime` text that starts as a date (four or five digits and
    /// `-`) but is not an ISO-8601 UTC time `YYYY-MM-DDTHH:MM:SS[.fffffff]Z`
    /// that exists and a FILETIME holds, from 1601-01-01 to
    /// 60056-05-28T05:36:10.9551615Z (`2023-02-29T00:00:00Z` is not one).
    NotATime,
    /// `binary` with an odd number of hex digits.
    OddHexDigits,
    /// `binary` (or another type written in hex) with a character that is
    /// not a hex digit or separator.
    NotHex {
        /// The character.
        found: char,
        /// Its byte index in the value's text, from 0 (what
        /// [`SddlError::position`] counts: every character before it is
        /// ASCII, so it is also the character index); the message counts
        /// characters from 1, as columns are counted.
        position: usize,
    },
    /// The text cannot be a value of that type (a NUL in a string, an empty
    /// `MULTI_SZ` item, a structure of the wrong length).
    Encode(EncodeError),
    /// Not a GUID in registry form.
    NotAGuid(GuidParseError),
    /// Not as many `:`-separated numbers as the type has fields.
    FieldCount {
        /// How many the type needs (the most, for `resclass`).
        expected: u8,
    },
    /// SDDL-like text that is not a security descriptor.
    Sddl(SddlError),
    /// Hex bytes that are not a valid structure of the type (a security
    /// descriptor whose owner lies outside it, say); the offset is in the bytes.
    Malformed(DecodeError),
}

impl fmt::Display for TextValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingColon => f.write_str("expected TYPE:VALUE"),
            Self::UnknownType => {
                write!(f, "unknown type (expected one of: {})", text_value_types())
            }
            Self::NotANumber => f.write_str("not a number"),
            Self::OutOfRange => f.write_str("number out of range for the type"),
            Self::NotATime => f.write_str(
                "not a UTC time YYYY-MM-DDTHH:MM:SS[.fffffff]Z that exists and a FILETIME \
                 holds, from 1601-01-01 to 60056-05-28T05:36:10.9551615Z (at most 7 digits of \
                 fraction)",
            ),
            Self::OddHexDigits => f.write_str("hex needs an even number of digits"),
            Self::NotHex { found, position } => write!(
                f,
                "not hex: {found:?} ({}; hex digits, with ':', '-' or space allowed between \
                 them)",
                crate::error::AtCharacter(*position)
            ),
            Self::Encode(e) => e.fmt(f),
            Self::NotAGuid(e) => e.fmt(f),
            Self::FieldCount { expected } => {
                write!(f, "expected {expected} numbers separated by ':'")
            }
            Self::Malformed(e) => e.fmt(f),
            Self::Sddl(e) => e.fmt(f),
        }
    }
}

impl core::error::Error for TextValueError {}

impl From<EncodeError> for TextValueError {
    fn from(e: EncodeError) -> Self {
        Self::Encode(e)
    }
}

/// An integer: one optional sign (`-` or `+`), then decimal digits or `0x`
/// and hex digits. The digits themselves carry no sign (Rust's parsers
/// would take one, reading `--5` as 5).
fn number<T: TryFrom<i128>>(text: &str) -> Result<T, TextValueError> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (digits, radix) = match unsigned
        .strip_prefix("0x")
        .or_else(|| unsigned.strip_prefix("0X"))
    {
        Some(hex) => (hex, 16),
        None => (unsigned, 10),
    };
    // Only digits of the radix make a number (Rust's parser would also take
    // a sign); once they do, a parse failure can only be a magnitude beyond
    // 128 bits: out of range for every type, not "not a number".
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(TextValueError::NotANumber);
    }
    let magnitude = i128::from_str_radix(digits, radix).map_err(|_| TextValueError::OutOfRange)?;
    // Both digit strings are unsigned and at most 128 bits, so negation
    // only fails for values no CLUSPROP type holds anyway.
    let value = if negative {
        magnitude.checked_neg().ok_or(TextValueError::OutOfRange)?
    } else {
        magnitude
    };
    T::try_from(value).map_err(|_| TextValueError::OutOfRange)
}

/// `N` numbers separated by `:`.
fn fields<T: TryFrom<i128> + Copy + Default, const N: usize>(
    text: &str,
    expected: u8,
) -> Result<[T; N], TextValueError> {
    let mut out = [T::default(); N];
    let mut parts = text.split(':');
    for slot in &mut out {
        *slot = number(
            parts
                .next()
                .ok_or(TextValueError::FieldCount { expected })?,
        )?;
    }
    if parts.next().is_some() {
        return Err(TextValueError::FieldCount { expected });
    }
    Ok(out)
}

fn hex_bytes(text: &str) -> Result<Vec<u8>, TextValueError> {
    let separator = |c: char| matches!(c, ' ' | ':' | '-');
    if let Some((position, found)) = text
        .char_indices()
        .find(|&(_, c)| !separator(c) && !c.is_ascii_hexdigit())
    {
        return Err(TextValueError::NotHex { found, position });
    }
    let digits: Vec<u8> = text
        .bytes()
        .filter(|&c| !separator(char::from(c)))
        .collect();
    if digits.len() % 2 != 0 {
        return Err(TextValueError::OddHexDigits);
    }
    // Only hex digits are left (checked above): two make a byte, and the
    // cast is exact.
    let digit = |c: u8| char::from(c).to_digit(16).unwrap_or(0);
    Ok(digits
        .chunks_exact(2)
        .map(|pair| (digit(pair[0]) * 16 + digit(pair[1])) as u8)
        .collect())
}

/// A self-relative security descriptor in hex, or SDDL-like text; checked.
/// The empty text is SDDL: it is what `Display` writes for a descriptor
/// with no owner, group or ACL (as hex it would be no descriptor at all).
fn security_descriptor(text: &str) -> Result<Vec<u8>, TextValueError> {
    let sddl = text.is_empty() || ["O:", "G:", "D:", "S:"].iter().any(|p| text.starts_with(p));
    let bytes = if sddl {
        parse_sddl(text).map_err(TextValueError::Sddl)?
    } else {
        hex_bytes(text)?
    };
    SecurityDescriptor::parse(&bytes).map_err(TextValueError::Malformed)?;
    Ok(bytes)
}

impl OwnedValue {
    /// A value from its type name and its text, as command lines (`clusprop
    /// set`, `--prop`) and configuration files (the simulator's) write
    /// values. Type names are case-insensitive.
    ///
    /// | type | value | syntax |
    /// |---|---|---|
    /// | `dword` | `16`, `0x10` | `LIST_VALUE_DWORD` |
    /// | `long` | `-5` | `LIST_VALUE_LONG` |
    /// | `word` | `0x1234` | `LIST_VALUE_WORD` |
    /// | `ularge_integer`, `qword` or `ularge` | `1` | `LIST_VALUE_ULARGE_INTEGER` |
    /// | `large_integer` or `large` | `-2` | `LIST_VALUE_LARGE_INTEGER` |
    /// | `filetime` | `133000000000000000` (100 ns ticks since 1601), or the ISO-8601 UTC time the `clusprop` command prints, `2022-06-18T04:26:40Z` (`.fffffff` allowed) | `LIST_VALUE_FILETIME` |
    /// | `sz` | any text (colons included) | `LIST_VALUE_SZ` |
    /// | `expand_sz` | `%SystemRoot%` | `LIST_VALUE_EXPAND_SZ` |
    /// | `expanded_sz` | any text (server replies only) | `LIST_VALUE_EXPANDED_SZ` |
    /// | `multi_sz` | items split at `\|`, or at `,` when there is no `\|`; empty text is no item | `LIST_VALUE_MULTI_SZ` |
    /// | `binary` | hex digits, `:`/`-`/space allowed between them | `LIST_VALUE_BINARY` |
    /// | `security_descriptor` (or `sd`) | a self-relative descriptor in hex, checked; or SDDL-like text as the tree shows it (`O:S-1-5-32-544D:(A;;0x1f01ff;;;S-1-5-18)`, see [`parse_sddl`](crate::security::parse_sddl)) | `LIST_VALUE_SECURITY_DESCRIPTOR` |
    /// | `disk_signature` | `0x1234ABCD` | `DISK_SIGNATURE` |
    /// | `disk_number` | `3` | `DISK_NUMBER` |
    /// | `disk_size` | `1073741824` | `DISK_SIZE` |
    /// | `disk_guid` | `{6B29FC40-CA47-1067-B31D-00DD010662DA}` (braces optional) | `DISK_GUID` |
    /// | `scsi_address` | `PORT:PATH:TARGET:LUN` | `SCSI_ADDRESS` |
    /// | `resclass` | `CLASS` or `CLASS:SUBCLASS` | `RESCLASS` (4 or 8 bytes) |
    /// | `ftset_info` | `ROOTSIGNATURE:FTTYPE` | `FTSET_INFO` |
    /// | `partition_info`, `partition_info_ex`, `partition_info_ex2` | the structure in hex, length checked | `PARTITION_INFO`, `_EX`, `_EX2` |
    /// | `storage_device_id` | the descriptor in hex, checked | `STORAGE_DEVICE_ID_DESCRIPTOR` |
    ///
    /// ```
    /// use clusprop::OwnedValue;
    /// assert_eq!(OwnedValue::from_text("dword", "0x10")?, OwnedValue::dword(16));
    /// assert_eq!(OwnedValue::from_text("multi_sz", "a|b")?, OwnedValue::multi_sz(&["a", "b"])?);
    /// assert!(OwnedValue::from_text("word", "70000").is_err());
    /// // A FILETIME as ticks, or as the UTC time `clusprop get` prints.
    /// assert_eq!(
    ///     OwnedValue::from_text("filetime", "2022-06-18T04:26:40Z")?,
    ///     OwnedValue::from_text("filetime", "133000000000000000")?
    /// );
    /// # Ok::<(), clusprop::TextValueError>(())
    /// ```
    pub fn from_text(ty: &str, text: &str) -> Result<Self, TextValueError> {
        let syntax = text_value_type(ty)
            .ok_or(TextValueError::UnknownType)?
            .syntax();
        if syntax.ty() != PropertyType::LIST_VALUE {
            return Self::structure_from_text(syntax, text);
        }
        let format = syntax.format();
        let data = match formats::shape(format) {
            Some(Shape::FileTime) if crate::utc::looks_like_a_date(text) => {
                let time = crate::FileTime::from_utc(text).ok_or(TextValueError::NotATime)?;
                OwnedData::from_integer(Shape::FileTime, i128::from(time.0))
                    .ok_or(TextValueError::OutOfRange)?
            }
            Some(shape @ (Shape::Unsigned { .. } | Shape::Signed { .. } | Shape::FileTime)) => {
                OwnedData::from_integer(shape, number(text)?).ok_or(TextValueError::OutOfRange)?
            }
            Some(Shape::Text) => OwnedData::String(WideString::from_str_checked(text)?),
            Some(Shape::MultiText) => {
                let separator = if text.contains('|') { '|' } else { ',' };
                let items = if text.is_empty() {
                    Vec::new()
                } else {
                    text.split(separator)
                        .map(WideString::from_str_checked)
                        .collect::<Result<Vec<_>, _>>()?
                };
                OwnedData::MultiString(items)
            }
            Some(Shape::Bytes) if format == PropertyFormat::SECURITY_DESCRIPTOR => {
                OwnedData::Binary(security_descriptor(text)?)
            }
            Some(Shape::Bytes) => OwnedData::Binary(hex_bytes(text)?),
            // No TYPE makes these (`format_type`).
            Some(Shape::Opaque | Shape::PropertyList | Shape::ValueList) | None => {
                return Err(TextValueError::UnknownType);
            }
        };
        Ok(OwnedValue::new(syntax, data)?)
    }

    /// The value-list TYPEs of [`from_text`](Self::from_text), by the
    /// syntax [`STRUCTURE_TYPES`] gives their name.
    fn structure_from_text(syntax: Syntax, text: &str) -> Result<Self, TextValueError> {
        let value = |data| Ok(OwnedValue::new(syntax, data)?);
        match syntax {
            Syntax::STORAGE_DEVICE_ID_DESCRIPTOR => {
                let bytes = hex_bytes(text)?;
                StorageDeviceIdDescriptor::parse(&bytes).map_err(TextValueError::Malformed)?;
                value(OwnedData::Binary(bytes))
            }
            Syntax::DISK_SIGNATURE | Syntax::DISK_NUMBER => value(OwnedData::Dword(number(text)?)),
            Syntax::DISK_SIZE => value(OwnedData::ULargeInteger(number(text)?)),
            Syntax::DISK_GUID => {
                let guid = Guid::parse(text).map_err(TextValueError::NotAGuid)?;
                let text = alloc::format!("{guid}");
                value(OwnedData::String(WideString::from_str_checked(&text)?))
            }
            Syntax::SCSI_ADDRESS => {
                let [port, path, target, lun] = fields::<u8, 4>(text, 4)?;
                value(OwnedData::Dword(u32::from_le_bytes([
                    port, path, target, lun,
                ])))
            }
            Syntax::RESCLASS => {
                let parts: Vec<&str> = text.split(':').collect();
                match parts.as_slice() {
                    [class] => value(OwnedData::Dword(number(class)?)),
                    [class, sub] => {
                        let mut bytes = number::<u32>(class)?.to_le_bytes().to_vec();
                        bytes.extend_from_slice(&number::<u32>(sub)?.to_le_bytes());
                        value(OwnedData::Raw(bytes))
                    }
                    _ => Err(TextValueError::FieldCount { expected: 2 }),
                }
            }
            Syntax::FTSET_INFO => {
                let [root, ft_type] = fields::<u32, 2>(text, 2)?;
                let mut bytes = root.to_le_bytes().to_vec();
                bytes.extend_from_slice(&ft_type.to_le_bytes());
                value(OwnedData::Binary(bytes))
            }
            Syntax::PARTITION_INFO | Syntax::PARTITION_INFO_EX | Syntax::PARTITION_INFO_EX2 => {
                value(OwnedData::Binary(hex_bytes(text)?))
            }
            // Every row of `STRUCTURE_TYPES` has its arm (the tests read
            // each one).
            _ => Err(TextValueError::UnknownType),
        }
    }

    /// [`OwnedValue::from_text`] for one `TYPE:VALUE` string (split at the
    /// first `:`, so string values may contain colons).
    ///
    /// ```
    /// use clusprop::OwnedValue;
    /// assert_eq!(OwnedValue::parse_typed("sz:C:\\ClusterStorage")?, OwnedValue::sz("C:\\ClusterStorage")?);
    /// # Ok::<(), clusprop::TextValueError>(())
    /// ```
    pub fn parse_typed(typed: &str) -> Result<Self, TextValueError> {
        let (ty, text) = typed.split_once(':').ok_or(TextValueError::MissingColon)?;
        Self::from_text(ty, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::SddlProblem;
    use crate::syntax::Syntax;

    fn filetime(text: &str) -> Result<OwnedValue, TextValueError> {
        OwnedValue::from_text("filetime", text)
    }

    /// `filetime` reads the ISO-8601 UTC time the `clusprop` command
    /// prints, to the tick, as well as the ticks themselves.
    #[test]
    fn filetimes_are_read_as_utc_times() {
        use crate::FileTime;
        let ticks = |t: u64| Ok(OwnedValue::filetime(FileTime(t)));
        assert_eq!(filetime("1601-01-01T00:00:00Z"), ticks(0));
        assert_eq!(filetime("1601-01-01T00:00:00.0000001Z"), ticks(1));
        assert_eq!(
            filetime("1970-01-01T00:00:00Z"),
            ticks(FileTime::UNIX_EPOCH_TICKS)
        );
        // A leap day, and a fraction shorter than seven digits.
        let leap = FileTime::UNIX_EPOCH_TICKS + 951_827_696 * 10_000_000 + 5_000_000;
        assert_eq!(filetime("2000-02-29T12:34:56.5Z"), ticks(leap));
        assert_eq!(
            filetime("2022-06-18T04:26:39.9999999Z"),
            ticks(132_999_999_999_999_999)
        );
        assert_eq!(
            filetime("2022-06-18T04:26:40Z"),
            ticks(133_000_000_000_000_000)
        );
        assert_eq!(
            filetime("9999-12-31T23:59:59.9999999Z"),
            ticks(2_650_467_743_999_999_999)
        );
        // Five-digit years, up to the largest FILETIME.
        assert_eq!(
            filetime("30828-09-14T02:48:05.4775807Z"),
            ticks(i64::MAX as u64)
        );
        assert_eq!(filetime("60056-05-28T05:36:10.9551615Z"), ticks(u64::MAX));
        // Ticks as before.
        assert_eq!(
            filetime("133000000000000000"),
            ticks(133_000_000_000_000_000)
        );
        assert_eq!(filetime("0x10"), ticks(16));
    }

    #[test]
    fn a_filetime_that_starts_as_a_date_must_be_one_that_exists() {
        for bad in [
            "2023-02-29T00:00:00Z",          // not a leap year
            "1900-02-29T00:00:00Z",          // nor is a century not divisible by 400
            "1600-12-31T23:59:59Z",          // before FILETIME's epoch
            "60056-05-28T05:36:10.9551616Z", // past the largest FILETIME
            "99999-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z",
            "2022-13-01T00:00:00Z",          // month
            "2022-00-01T00:00:00Z",          // month
            "2022-04-31T00:00:00Z",          // day
            "2022-06-00T00:00:00Z",          // day
            "2022-06-18T24:00:00Z",          // hour
            "2022-06-18T04:60:00Z",          // minute
            "2022-06-18T04:26:60Z",          // no leap second
            "2022-06-18T04:26:40",           // no zone
            "2022-06-18T04:26:40+02:00",     // only UTC
            "2022-06-18 04:26:40Z",          // the T
            "2022-06-18t04:26:40z",          // as printed: upper case
            "2022-06-18T04:26:40.Z",         // an empty fraction
            "2022-06-18T04:26:40.12345678Z", // finer than a tick
            "2022-06-18T04:26:40Zjunk",
            "2022-6-18T04:26:40Z",
            "2022-06-18",
            "2022-",
            "2022-06-18T04:26:4\u{e9}Z",
        ] {
            assert_eq!(filetime(bad), Err(TextValueError::NotATime), "{bad}");
        }
        assert!(
            TextValueError::NotATime
                .to_string()
                .contains("YYYY-MM-DDTHH:MM:SS[.fffffff]Z")
        );
        // Not a date at all: still a number that is not one.
        assert_eq!(filetime("June 18"), Err(TextValueError::NotANumber));
        assert_eq!(
            filetime("123456-01-01T00:00:00Z"),
            Err(TextValueError::NotANumber)
        );
        assert_eq!(filetime("-5"), Err(TextValueError::OutOfRange));
    }

    fn parse(typed: &str) -> Result<OwnedValue, TextValueError> {
        OwnedValue::parse_typed(typed)
    }

    /// Every format of the table is a TYPE under its table name and
    /// aliases, but those whose values have no text form: a format added
    /// to the table without a TYPE fails here until it is listed below.
    #[test]
    fn every_format_of_the_table_is_a_type() {
        const NO_TYPE: [PropertyFormat; 3] = [
            PropertyFormat::UNKNOWN,
            PropertyFormat::VALUE_LIST,
            PropertyFormat::PROPERTY_LIST,
        ];
        let types: Vec<TextValueType> = text_value_types().collect();
        for info in &formats::FORMATS {
            let syntax = Syntax::new(PropertyType::LIST_VALUE, info.format);
            let found: Vec<&TextValueType> =
                types.iter().filter(|t| t.syntax() == syntax).collect();
            if NO_TYPE.contains(&info.format) {
                assert!(found.is_empty(), "{info:?}");
                assert_eq!(text_value_type(info.name), None, "{info:?}");
                continue;
            }
            assert_eq!(found.len(), 1, "no TYPE (or two) for {info:?}");
            let ty = found[0];
            assert_eq!(ty.name(), info.name);
            assert_eq!(ty.aliases(), info.aliases);
            assert_eq!(ty.needs_option(), info.server_only);
            assert_eq!(ty.is_property_value(), !info.server_only);
            assert_eq!(ty.integer_range(), info.shape.integer_range());
            for name in ty.names() {
                assert_eq!(text_value_type(name), Some(*ty), "{name}");
            }
        }
        // The value-list TYPEs follow, one for each row of their table.
        let structures: Vec<&TextValueType> = types
            .iter()
            .filter(|t| t.syntax().ty() != PropertyType::LIST_VALUE)
            .collect();
        assert_eq!(structures.len(), STRUCTURE_TYPES.len());
        for (ty, (name, syntax)) in structures.iter().zip(STRUCTURE_TYPES) {
            assert_eq!((ty.name(), ty.syntax()), (name, syntax));
            assert!(!ty.is_property_value() && !ty.needs_option(), "{ty:?}");
            assert_eq!(ty.integer_range(), None, "{ty:?}");
        }
        // Names are unique, whatever their case.
        let mut names: Vec<alloc::string::String> = types
            .iter()
            .flat_map(|t| t.names())
            .map(|n| n.to_ascii_lowercase())
            .collect();
        let all = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all);
    }

    /// The table in `OwnedValue::from_text`'s documentation names every
    /// TYPE and alias of [`text_value_types`] in its first column, and no
    /// other: a TYPE added or renamed in the tables fails here until the
    /// documentation says so.
    #[test]
    fn the_from_text_table_names_every_type() {
        let source = include_str!("notation.rs");
        let mut documented: Vec<&str> = Vec::new();
        for line in source.lines() {
            let Some(row) = line.trim_start().strip_prefix("/// | ") else {
                continue;
            };
            let first = row.split(" | ").next().unwrap_or("");
            if first == "type" || first.starts_with("---") {
                continue;
            }
            // The backticked words of the first cell: `a`, `b` or `c`.
            documented.extend(first.split('`').skip(1).step_by(2));
        }
        let mut listed: Vec<&str> = text_value_types().flat_map(|t| t.names()).collect();
        documented.sort_unstable();
        listed.sort_unstable();
        assert_eq!(documented, listed);
    }

    /// Each TYPE's name and aliases reach its own syntax through
    /// `from_text` (the empty text is refused or accepted by the TYPE, never
    /// taken for an unknown one), and the message of an unknown TYPE lists
    /// them all.
    #[test]
    fn each_listed_type_is_read_and_named_in_the_message() {
        let message = TextValueError::UnknownType.to_string();
        assert!(message.starts_with("unknown type (expected one of: binary, dword, sz, "));
        for ty in text_value_types() {
            for name in ty.names() {
                assert!(message.contains(name), "{name}: {message}");
                for spelt in [name.to_owned(), name.to_ascii_uppercase()] {
                    let read = OwnedValue::from_text(&spelt, "");
                    assert_ne!(read, Err(TextValueError::UnknownType), "{spelt}");
                    if let Ok(value) = read {
                        assert_eq!(value.syntax(), ty.syntax(), "{spelt}");
                    }
                }
            }
            if !ty.aliases().is_empty() {
                let shown = alloc::format!("{} ({})", ty.name(), ty.aliases().join(", "));
                assert!(message.contains(&shown), "{shown}: {message}");
            }
        }
        assert!(
            message.contains("ularge_integer (qword, ularge), "),
            "{message}"
        );
        assert!(message.ends_with(", storage_device_id)"), "{message}");
        // The iterator ends, and stays ended.
        let mut all = text_value_types();
        assert_eq!(all.by_ref().count(), 12 + STRUCTURE_TYPES.len());
        assert_eq!(all.next(), None);
        assert_eq!(all.to_string(), "");
    }

    #[test]
    fn parses_each_type() {
        assert_eq!(parse("dword:0x10"), Ok(OwnedValue::dword(16)));
        assert_eq!(parse("DWORD:7"), Ok(OwnedValue::dword(7)));
        assert_eq!(parse("long:-5"), Ok(OwnedValue::long(-5)));
        assert_eq!(parse("word:0x1234"), Ok(OwnedValue::word(0x1234)));
        assert_eq!(parse("qword:1"), Ok(OwnedValue::ularge_integer(1)));
        assert_eq!(parse("ularge:2"), Ok(OwnedValue::ularge_integer(2)));
        assert_eq!(parse("large:-2"), Ok(OwnedValue::large_integer(-2)));
        assert_eq!(parse("sz:a:b"), Ok(OwnedValue::sz("a:b").unwrap()));
        assert_eq!(
            parse("expand_sz:%A%"),
            Ok(OwnedValue::expand_sz("%A%").unwrap())
        );
        assert_eq!(
            parse("multi_sz:x|y,z"),
            Ok(OwnedValue::multi_sz(&["x", "y,z"]).unwrap())
        );
        assert_eq!(
            parse("multi_sz:x,y"),
            Ok(OwnedValue::multi_sz(&["x", "y"]).unwrap())
        );
        assert_eq!(
            parse("multi_sz:"),
            Ok(OwnedValue::multi_sz::<&str>(&[]).unwrap())
        );
        assert_eq!(
            parse("binary:aa:BB-cc dd"),
            Ok(OwnedValue::binary([0xaa, 0xbb, 0xcc, 0xdd]))
        );
        assert_eq!(
            parse("word:1").map(|v| v.syntax()),
            Ok(Syntax::LIST_VALUE_WORD)
        );
    }

    #[test]
    fn rejects_bad_text_with_the_reason() {
        assert_eq!(parse("dword"), Err(TextValueError::MissingColon));
        assert_eq!(parse("float:1"), Err(TextValueError::UnknownType));
        assert_eq!(parse("dword:x"), Err(TextValueError::NotANumber));
        assert_eq!(parse("dword:"), Err(TextValueError::NotANumber));
        assert_eq!(parse("dword:-1"), Err(TextValueError::OutOfRange));
        assert_eq!(parse("word:70000"), Err(TextValueError::OutOfRange));
        assert_eq!(parse("long:0x80000000"), Err(TextValueError::OutOfRange));
        assert_eq!(parse("binary:abc"), Err(TextValueError::OddHexDigits));
        assert_eq!(
            parse("binary:zz"),
            Err(TextValueError::NotHex {
                found: 'z',
                position: 0
            })
        );
        assert_eq!(
            parse("sz:a\0b"),
            Err(TextValueError::Encode(EncodeError::InteriorNul))
        );
        assert_eq!(
            parse("multi_sz:a||b"),
            Err(TextValueError::Encode(EncodeError::EmptyMultiSzString))
        );
        assert!(TextValueError::UnknownType.to_string().contains("dword"));
    }

    #[test]
    fn a_number_has_at_most_one_sign_before_its_digits() {
        // One sign, before the `0x` when there is one.
        assert_eq!(parse("dword:+5"), Ok(OwnedValue::dword(5)));
        assert_eq!(parse("long:-0x10"), Ok(OwnedValue::long(-16)));
        assert_eq!(parse("dword:-0"), Ok(OwnedValue::dword(0)));
        // A second sign, or one after `0x`, is not a number: `--5` was read
        // as 5 and `-0x-5` as 5.
        for text in [
            "dword:--5",
            "dword:-+5",
            "dword:+-5",
            "dword:++5",
            "long:--5",
            "long:0x-5",
            "long:-0x-5",
            "dword:0x+10",
            "dword:0x-0",
            "dword:-",
            "dword:+",
            "dword:-0x",
            "scsi_address:1:0:--3:4",
            "resclass:1:--2",
        ] {
            assert_eq!(parse(text), Err(TextValueError::NotANumber), "{text}");
        }
    }

    /// Digits beyond what 128 bits hold are a number out of range, as a
    /// smaller number too large for its type is; digits mixed with other
    /// characters are not a number, however many there are.
    #[test]
    fn a_number_too_large_for_any_type_is_out_of_range() {
        let huge = "9".repeat(60);
        let huge_hex = alloc::format!("0x{}", "f".repeat(40));
        for text in [
            alloc::format!("dword:{huge}"),
            alloc::format!("dword:{huge_hex}"),
            alloc::format!("long:-{huge}"),
            alloc::format!("qword:{huge}"),
            alloc::format!("large:-{huge_hex}"),
            alloc::format!("filetime:{huge}"),
            alloc::format!("disk_size:{huge}"),
            alloc::format!("scsi_address:1:2:3:{huge}"),
        ] {
            assert_eq!(parse(&text), Err(TextValueError::OutOfRange), "{text}");
        }
        // Just past i128::MAX, and i128::MIN itself (whose magnitude is
        // past i128::MAX): out of range, never a wrapped value.
        assert_eq!(
            parse("large:170141183460469231731687303715884105728"),
            Err(TextValueError::OutOfRange)
        );
        assert_eq!(
            parse("large:-170141183460469231731687303715884105728"),
            Err(TextValueError::OutOfRange)
        );
        for text in [
            alloc::format!("dword:{huge}x"),
            alloc::format!("dword:x{huge}"),
            alloc::format!("dword:{huge} "),
            alloc::format!("dword:0x{huge}g"),
            alloc::format!("dword:{huge}_0"),
        ] {
            assert_eq!(parse(&text), Err(TextValueError::NotANumber), "{text}");
        }
    }

    /// A character that is not hex is named, with its place in the value's
    /// text (found here by searching the text), in every type written in
    /// hex; separators are not faults, and the place counts them.
    #[test]
    fn a_character_that_is_not_hex_is_named_and_placed() {
        for (ty, text, found) in [
            ("binary", "00 11:22-33 4g", 'g'),
            ("binary", "0011223344556677 8899aabbccddeeff 0x10", 'x'),
            ("binary", "ab\u{e9}", '\u{e9}'),
            ("binary", "abc\u{20ac}", '\u{20ac}'),
            ("partition_info", "0011_22", '_'),
            ("storage_device_id", "0c00000001 0000 00.", '.'),
            ("sd", "0100 0080 z", 'z'),
        ] {
            let position = text.find(found).unwrap();
            let e = OwnedValue::from_text(ty, text).unwrap_err();
            assert_eq!(e, TextValueError::NotHex { found, position }, "{ty}:{text}");
            let shown = e.to_string();
            assert!(
                shown.contains(&alloc::format!("{found:?} (at character {};", position + 1)),
                "{shown}"
            );
        }
        // Every character before a non-ASCII one is ASCII: its byte index
        // is its character index.
        let e = OwnedValue::from_text("binary", "a\u{e9}").unwrap_err();
        assert_eq!(
            e,
            TextValueError::NotHex {
                found: '\u{e9}',
                position: 1
            }
        );
        // Separators only, or nothing: no bytes (an empty value).
        assert_eq!(parse("binary: :-"), Ok(OwnedValue::binary([])));
    }

    /// Whatever a descriptor's `Display` writes reads back through `sd:`,
    /// the descriptor with no owner, group or ACL included: it prints as
    /// the empty text (which `parse_sddl` reads), and `sd:` with nothing
    /// after it was taken for empty hex and refused.
    #[test]
    fn the_text_of_a_descriptor_with_no_parts_reads_back() {
        let header_only = [
            1, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let shown = SecurityDescriptor::parse(&header_only).unwrap().to_string();
        assert_eq!(shown, "");
        let v = parse(&alloc::format!("sd:{shown}")).unwrap();
        assert_eq!(v.data(), &OwnedData::Binary(header_only.to_vec()));
        assert_eq!(OwnedValue::from_text("security_descriptor", ""), Ok(v));
        // Hex that is not a descriptor is still refused.
        assert!(matches!(
            parse("sd:0100"),
            Err(TextValueError::Malformed(_))
        ));
    }

    #[test]
    fn storage_and_security_types() {
        // O:S-1-5-18, no ACLs: header then the SID at 20.
        let sd = "01000080 14000000 00000000 00000000 00000000 010100000000000512000000";
        let v = parse(&alloc::format!("sd:{sd}")).unwrap();
        assert_eq!(v.syntax(), Syntax::LIST_VALUE_SECURITY_DESCRIPTOR);
        assert_eq!(
            parse(&alloc::format!("security_descriptor:{sd}")),
            Ok(v.clone())
        );
        // Owner offset 0x40 lies outside the 32 bytes.
        let bad = "01000080 40000000 00000000 00000000 00000000 010100000000000512000000";
        assert!(matches!(
            parse(&alloc::format!("sd:{bad}")),
            Err(TextValueError::Malformed(e)) if e.offset() == 4
        ));
        // The same descriptor as the tree shows it.
        assert_eq!(parse("sd:O:S-1-5-18"), Ok(v.clone()));
        assert_eq!(
            parse("sd:O:S-1-5-18X"),
            Err(TextValueError::Sddl(SddlError {
                position: 10,
                problem: SddlProblem::TrailingText
            }))
        );
        assert_eq!(
            parse("disk_signature:0x1234").map(|v| v.syntax()),
            Ok(Syntax::DISK_SIGNATURE)
        );
        assert_eq!(
            parse("disk_size:5").map(|v| v.into_data()),
            Ok(OwnedData::ULargeInteger(5))
        );
        let g = parse("disk_guid:6b29fc40-ca47-1067-b31d-00dd010662da").unwrap();
        assert_eq!(
            g.data(),
            &OwnedData::String(
                crate::owned::WideString::from_str_checked(
                    "{6B29FC40-CA47-1067-B31D-00DD010662DA}"
                )
                .unwrap()
            )
        );
        assert!(matches!(
            parse("disk_guid:{nope}"),
            Err(TextValueError::NotAGuid(_))
        ));
        assert_eq!(
            parse("scsi_address:1:0:3:4").map(|v| v.into_data()),
            Ok(OwnedData::Dword(0x0403_0001))
        );
        assert_eq!(
            parse("scsi_address:1:0:3"),
            Err(TextValueError::FieldCount { expected: 4 })
        );
        assert_eq!(
            parse("scsi_address:1:0:3:256"),
            Err(TextValueError::OutOfRange)
        );
        assert_eq!(
            parse("resclass:1:0x80000000").map(|v| v.into_data()),
            Ok(OwnedData::Raw(alloc::vec![1, 0, 0, 0, 0, 0, 0, 0x80]))
        );
        assert_eq!(
            parse("ftset_info:7:2").map(|v| v.into_data()),
            Ok(OwnedData::Binary(alloc::vec![7, 0, 0, 0, 2, 0, 0, 0]))
        );
        assert!(matches!(
            parse("partition_info:00"),
            Err(TextValueError::Encode(EncodeError::WrongLength { .. }))
        ));
        assert!(matches!(
            parse("storage_device_id:0c000000"),
            Err(TextValueError::Malformed(_))
        ));
    }
}
