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
    /// Not a decimal or `0x` hexadecimal integer: at most one sign (`-`
    /// or `+`), then decimal digits or `0x` and hex digits.
    NotANumber {
        /// The first character that cannot come where it is (`'a'` in
        /// `12a4`, the second `-` in `--5`); `None` when the text ends
        /// where a digit is needed (an empty text, `-`, `0x`).
        found: Option<char>,
        /// Its byte index in the value's text, from 0, or the text's length
        /// when `found` is `None`. Every character before it is ASCII (a
        /// sign, `0x`, digits, and the `:` of earlier fields), so it is also
        /// the character index; the message counts characters from 1.
        position: usize,
    },
    /// A number outside the type's range (for example `dword:-1`, or
    /// `word:70000`); a field of a structure out of its range is
    /// [`FieldOutOfRange`](Self::FieldOutOfRange).
    OutOfRange {
        /// The smallest number the type holds.
        min: i128,
        /// The largest number the type holds.
        max: i128,
    },
    /// A `filetime` text that starts as a date (four or five digits and
    /// `-`) but is not an ISO-8601 UTC time `YYYY-MM-DDTHH:MM:SS[.fffffff]Z`
    /// that exists and a FILETIME holds, from 1601-01-01 to
    /// 60056-05-28T05:36:10.9551615Z (`2023-02-29T00:00:00Z` is not one).
    NotATime {
        /// Where it goes wrong: a byte index in the value's text from 0,
        /// also the character index (only ASCII comes before it); the
        /// message counts from 1. The first character that breaks the
        /// pattern, the end of a text that stops early, or the start of a
        /// field out of its range (the month of `2022-13-01`, the day of
        /// `2023-02-29`); 0 (the year) for a year before 1601 or a time
        /// past the largest FILETIME.
        position: usize,
    },
    /// `binary` (or another type written in hex) with an odd number of hex
    /// digits: a byte is two.
    OddHexDigits {
        /// Where the first run of digits (between separators, or the whole
        /// text when it has none) whose count is odd starts: a byte index
        /// from 0, which is also the character index (only hex digits and
        /// separators come before it); the message counts from 1.
        position: usize,
        /// How many digits that run has.
        count: usize,
    },
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
        /// How many the type takes at least: `expected`, but 1 for
        /// `resclass` (a class alone, or a class and a subclass).
        fewest: u8,
        /// How many the type takes (at most, for `resclass`).
        expected: u8,
        /// How many the text has (one more than its `:`s).
        found: usize,
    },
    /// A `:`-separated field (of `scsi_address`, `ftset_info`, or
    /// `resclass` with a subclass) whose number its field cannot hold:
    /// `256` for a byte of `scsi_address`.
    FieldOutOfRange {
        /// Which field, from 0 (the message counts fields from 1).
        index: usize,
        /// Where the field starts: a byte index in the value's text from 0,
        /// also the character index (the fields before it are numbers);
        /// the message counts from 1.
        position: usize,
        /// The largest number the field holds (the smallest is 0).
        max: u32,
    },
    /// A `security_descriptor` (`sd`) text that is neither of its forms:
    /// it does not start as SDDL-like text does (`O:`, `G:`, `D:` or `S:`),
    /// and it is not hex either.
    NotASecurityDescriptor {
        /// The first character that is neither a hex digit nor a separator
        /// (`:`, `-`, space); `None` when every character is one, but the
        /// digits cannot pair into bytes (an odd run, as in
        /// [`OddHexDigits`](Self::OddHexDigits)).
        found: Option<char>,
        /// The byte index of that character, or of the start of the odd
        /// run of digits, from 0; also the character index (only ASCII
        /// comes before it). The message counts characters from 1.
        position: usize,
    },
    /// A `multi_sz` text with an empty item (`a||b`, `a,`, `|a`): a
    /// `MULTI_SZ` holds no empty string (the empty text is no item at all).
    EmptyItem {
        /// Which item, from 0 (the message counts items from 1).
        index: usize,
        /// Where it would start in the value's text: a character index
        /// from 0 (not a byte index: items before it may hold any
        /// character), the message counts from 1. An empty last item
        /// starts at the text's end.
        position: usize,
        /// The separator the items were split at: `|`, or `,` when the
        /// text has no `|`.
        separator: char,
    },
    /// A string (`sz`, `expand_sz`, `expanded_sz`) or `multi_sz` item with
    /// a NUL character, which would end it early on the wire.
    Nul {
        /// Where the NUL is in the value's text: a character index from 0
        /// (not a byte index: the characters before it may be any), the
        /// message counts from 1.
        position: usize,
        /// For `multi_sz`, which item holds it, from 0 (the message counts
        /// items from 1); `None` for a single string.
        item: Option<usize>,
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
            Self::NotANumber {
                found: Some(c),
                position,
            } => write!(f, "not a number: {c:?} {}", InValue(*position)),
            Self::NotANumber {
                found: None,
                position: 0,
            } => f.write_str("not a number: the value is empty"),
            Self::NotANumber {
                found: None,
                position,
            } => write!(
                f,
                "not a number: the value ends where a digit is needed ({})",
                InValue(*position)
            ),
            Self::OutOfRange { min, max } => {
                write!(f, "number out of range: expected {min} to {max}")
            }
            Self::NotATime { position } => write!(
                f,
                "not a UTC time YYYY-MM-DDTHH:MM:SS[.fffffff]Z that exists and a FILETIME \
                 holds, from 1601-01-01 to 60056-05-28T05:36:10.9551615Z (at most 7 digits of \
                 fraction): it goes wrong {}",
                InValue(*position)
            ),
            Self::OddHexDigits { position, count } => write!(
                f,
                "hex needs two digits a byte: the run of {count} digit{} {}",
                if *count == 1 { "" } else { "s" },
                OddRun(*position)
            ),
            Self::NotASecurityDescriptor { found, position } => {
                f.write_str("not a security descriptor: ")?;
                match found {
                    Some(c) => write!(
                        f,
                        "{c:?} {} is not hex, and the value does not start as SDDL-like \
                         text does",
                        InValue(*position)
                    )?,
                    None => write!(
                        f,
                        "hex needs two digits a byte: the run of digits {}",
                        OddRun(*position)
                    )?,
                }
                f.write_str(
                    "; a security descriptor is hex (self-relative, 01000080...), or \
                     SDDL-like text starting with O:, G:, D: or S: \
                     (O:S-1-5-18D:(A;;0x1f01ff;;;S-1-5-18))",
                )
            }
            Self::EmptyItem {
                index,
                position,
                separator,
            } => write!(
                f,
                "MULTI_SZ item {} is empty ({}; items are split at {separator:?}, and none \
                 may be empty)",
                index.saturating_add(1),
                InValue(*position)
            ),
            Self::NotHex { found, position } => write!(
                f,
                "not hex: {found:?} ({}; hex digits, with ':', '-' or space allowed between \
                 them)",
                InValue(*position)
            ),
            Self::Nul {
                position,
                item: None,
            } => write!(
                f,
                "the string holds a NUL character ({}; a string cannot hold one)",
                InValue(*position)
            ),
            Self::Nul {
                position,
                item: Some(index),
            } => write!(
                f,
                "MULTI_SZ item {} holds a NUL character ({}; a string cannot hold one)",
                index.saturating_add(1),
                InValue(*position)
            ),
            Self::Encode(e) => e.fmt(f),
            Self::NotAGuid(e) => e.fmt(f),
            Self::FieldCount {
                fewest,
                expected,
                found,
            } => {
                f.write_str("expected ")?;
                match expected.saturating_sub(*fewest) {
                    0 => write!(f, "{expected}")?,
                    1 => write!(f, "{fewest} or {expected}")?,
                    _ => write!(f, "{fewest} to {expected}")?,
                }
                write!(f, " numbers separated by ':', found {found}")
            }
            Self::FieldOutOfRange {
                index,
                position,
                max,
            } => write!(
                f,
                "number {} ({}) out of range: expected 0 to {max}",
                index.saturating_add(1),
                InValue(*position)
            ),
            Self::Malformed(e) => e.fmt(f),
            Self::Sddl(e) => e.fmt(f),
        }
    }
}

/// `at character N of the value`: a place in the VALUE of `TYPE:VALUE`
/// (a message may quote the whole `NAME=TYPE:VALUE`), counted as
/// [`AtCharacter`](crate::error::AtCharacter) counts.
struct InValue(usize);

impl fmt::Display for InValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of the value", crate::error::AtCharacter(self.0))
    }
}

/// `starting at character N of the value is odd in length`, for a run of
/// hex digits that cannot pair into bytes.
struct OddRun(usize);

impl fmt::Display for OddRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "starting {} is odd in length", InValue(self.0))
    }
}

impl core::error::Error for TextValueError {}

impl From<EncodeError> for TextValueError {
    fn from(e: EncodeError) -> Self {
        Self::Encode(e)
    }
}

/// An integer type a text is read into, with its range (for the message
/// of a number out of it).
trait Integer: TryFrom<i128> {
    /// The smallest number of the type.
    const MIN: i128;
    /// The largest number of the type.
    const MAX: i128;
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl Integer for $t {
            const MIN: i128 = <$t>::MIN as i128;
            const MAX: i128 = <$t>::MAX as i128;
        }
    )*};
}
integer!(u8, u32, u64);

/// [`number_in`] the range of `T`.
fn number<T: Integer>(text: &str) -> Result<T, TextValueError> {
    let n = number_in(text, T::MIN, T::MAX)?;
    // In `T`'s range, so the conversion cannot fail.
    T::try_from(n).map_err(|_| TextValueError::OutOfRange {
        min: T::MIN,
        max: T::MAX,
    })
}

/// An integer from `min` to `max`: one optional sign (`-` or `+`), then
/// decimal digits or `0x` and hex digits. The digits themselves carry no
/// sign (Rust's parsers would take one, reading `--5` as 5). A number
/// outside the range is [`TextValueError::OutOfRange`], which names it.
fn number_in(text: &str, min: i128, max: i128) -> Result<i128, TextValueError> {
    let out_of_range = TextValueError::OutOfRange { min, max };
    let sign = usize::from(text.starts_with(['-', '+']));
    let negative = text.starts_with('-');
    let unsigned = &text[sign..];
    let (digits, radix) = match unsigned
        .strip_prefix("0x")
        .or_else(|| unsigned.strip_prefix("0X"))
    {
        Some(hex) => (hex, 16),
        None => (unsigned, 10),
    };
    // Only digits of the radix make a number (Rust's parser would also take
    // a sign); once they do, a parse failure can only be a magnitude beyond
    // 128 bits: out of range for every type, not "not a number". The first
    // character that is not a digit is named, at its place in `text`
    // (everything before it is ASCII: a sign, `0x`, digits).
    let start = text.len() - digits.len();
    if let Some((at, found)) = digits.char_indices().find(|&(_, c)| !c.is_digit(radix)) {
        return Err(TextValueError::NotANumber {
            found: Some(found),
            position: start + at,
        });
    }
    if digits.is_empty() {
        return Err(TextValueError::NotANumber {
            found: None,
            position: text.len(),
        });
    }
    let magnitude = i128::from_str_radix(digits, radix).map_err(|_| out_of_range)?;
    // Both digit strings are unsigned and at most 128 bits, so negation
    // only fails for values no CLUSPROP type holds anyway.
    let value = if negative {
        magnitude.checked_neg().ok_or(out_of_range)?
    } else {
        magnitude
    };
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(out_of_range)
    }
}

/// [`TextValueError::Nul`] for the first NUL in `text`, a string (or
/// item `item` of a `MULTI_SZ`) that starts at character `start` of the
/// value's text.
fn refuse_nul(text: &str, start: usize, item: Option<usize>) -> Result<(), TextValueError> {
    match text.chars().position(|c| c == '\0') {
        Some(at) => Err(TextValueError::Nul {
            position: start + at,
            item,
        }),
        None => Ok(()),
    }
}

/// The error of a number outside `shape`'s range (`UnknownType` for a
/// shape that holds no number: no TYPE reaches it).
fn out_of_range(shape: Shape) -> TextValueError {
    match shape.integer_range() {
        Some((min, max)) => TextValueError::OutOfRange { min, max },
        None => TextValueError::UnknownType,
    }
}

/// [`number`] for field `index` of the value's text, which starts at byte
/// `start` and holds 0 to `max`: a character that is not a digit is placed
/// in the whole text, and a number out of range names its field.
fn field<T: Integer>(
    text: &str,
    start: usize,
    index: usize,
    max: u32,
) -> Result<T, TextValueError> {
    number(text).map_err(|e| match e {
        TextValueError::NotANumber { found, position } => TextValueError::NotANumber {
            found,
            position: start + position,
        },
        TextValueError::OutOfRange { .. } => TextValueError::FieldOutOfRange {
            index,
            position: start,
            max,
        },
        other => other,
    })
}

/// `N` numbers separated by `:`, each from 0 to `max`, for a type that
/// takes `fewest` to `N` numbers (the caller reads the shorter forms; the
/// count only goes into the message of a wrong one).
fn fields<T: Integer + Copy + Default, const N: usize>(
    text: &str,
    fewest: u8,
    max: u32,
) -> Result<[T; N], TextValueError> {
    let count = text.split(':').count();
    if count != N {
        return Err(TextValueError::FieldCount {
            fewest,
            // The structures have at most four fields.
            expected: u8::try_from(N).unwrap_or(u8::MAX),
            found: count,
        });
    }
    let mut out = [T::default(); N];
    for (index, (slot, (start, part))) in
        out.iter_mut().zip(split_with_starts(text, ':')).enumerate()
    {
        *slot = field(part, start, index, max)?;
    }
    Ok(out)
}

/// The parts of `text` split at `separator`, each with its byte index in
/// `text`.
fn split_with_starts(text: &str, separator: char) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split(separator).map(move |part| {
        let at = start;
        start += part.len() + separator.len_utf8();
        (at, part)
    })
}

/// Why a text is not hex, before it is placed in an error.
enum HexFault {
    /// A character that is neither a hex digit nor a separator, and its
    /// byte index.
    NotHex(char, usize),
    /// The first run of digits whose count is odd: its start and count.
    Odd(usize, usize),
}

impl From<HexFault> for TextValueError {
    fn from(fault: HexFault) -> Self {
        match fault {
            HexFault::NotHex(found, position) => Self::NotHex { found, position },
            HexFault::Odd(position, count) => Self::OddHexDigits { position, count },
        }
    }
}

/// The bytes of hex text: digits in pairs, with `:`, `-` or space allowed
/// between them.
fn hex_bytes(text: &str) -> Result<Vec<u8>, HexFault> {
    let separator = |c: char| matches!(c, ' ' | ':' | '-');
    if let Some((position, found)) = text
        .char_indices()
        .find(|&(_, c)| !separator(c) && !c.is_ascii_hexdigit())
    {
        return Err(HexFault::NotHex(found, position));
    }
    let digits: Vec<u8> = text
        .bytes()
        .filter(|&c| !separator(char::from(c)))
        .collect();
    if digits.len() % 2 != 0 {
        // An odd total has at least one run of odd length; the first is
        // where the pairs go wrong (`aa b cc`), as the separators show it.
        // (Separators are one byte each.)
        let mut start = 0;
        let mut odd = (0, digits.len());
        for run in text.split(separator) {
            if run.len() % 2 != 0 {
                odd = (start, run.len());
                break;
            }
            start += run.len() + 1;
        }
        let (start, count) = odd;
        return Err(HexFault::Odd(start, count));
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
        // Text that is not hex either is neither form: the error says both.
        hex_bytes(text).map_err(|fault| match fault {
            HexFault::NotHex(found, position) => TextValueError::NotASecurityDescriptor {
                found: Some(found),
                position,
            },
            HexFault::Odd(position, _) => TextValueError::NotASecurityDescriptor {
                found: None,
                position,
            },
        })?
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
                let ticks = crate::utc::parse_placed(text)
                    .map_err(|position| TextValueError::NotATime { position })?;
                OwnedData::from_integer(Shape::FileTime, i128::from(ticks))
                    .ok_or(out_of_range(Shape::FileTime))?
            }
            Some(shape @ (Shape::Unsigned { .. } | Shape::Signed { .. } | Shape::FileTime)) => {
                let (min, max) = shape.integer_range().ok_or(TextValueError::UnknownType)?;
                OwnedData::from_integer(shape, number_in(text, min, max)?)
                    .ok_or(out_of_range(shape))?
            }
            Some(Shape::Text) => {
                refuse_nul(text, 0, None)?;
                OwnedData::String(WideString::from_str_checked(text)?)
            }
            Some(Shape::MultiText) => {
                let separator = if text.contains('|') { '|' } else { ',' };
                let mut items = Vec::new();
                // The empty text is no item; otherwise each item has a
                // character, and an empty one is named with its place (in
                // characters: the items before it may be any text).
                let mut position = 0;
                for (index, item) in text.split(separator).enumerate() {
                    if item.is_empty() && !text.is_empty() {
                        return Err(TextValueError::EmptyItem {
                            index,
                            position,
                            separator,
                        });
                    }
                    refuse_nul(item, position, Some(index))?;
                    position += item.chars().count() + 1;
                    if !text.is_empty() {
                        items.push(WideString::from_str_checked(item)?);
                    }
                }
                OwnedData::MultiString(items)
            }
            Some(Shape::Bytes) if format == PropertyFormat::SECURITY_DESCRIPTOR => {
                OwnedData::Binary(security_descriptor(text)?)
            }
            Some(Shape::Bytes) => OwnedData::Binary(hex_bytes(text).map_err(TextValueError::from)?),
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
                let bytes = hex_bytes(text).map_err(TextValueError::from)?;
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
                let [port, path, target, lun] = fields::<u8, 4>(text, 4, u8::MAX.into())?;
                value(OwnedData::Dword(u32::from_le_bytes([
                    port, path, target, lun,
                ])))
            }
            Syntax::RESCLASS => {
                if !text.contains(':') {
                    return value(OwnedData::Dword(number(text)?));
                }
                // A class alone was read above.
                let [class, sub] = fields::<u32, 2>(text, 1, u32::MAX)?;
                let mut bytes = class.to_le_bytes().to_vec();
                bytes.extend_from_slice(&sub.to_le_bytes());
                value(OwnedData::Raw(bytes))
            }
            Syntax::FTSET_INFO => {
                let [root, ft_type] = fields::<u32, 2>(text, 2, u32::MAX)?;
                let mut bytes = root.to_le_bytes().to_vec();
                bytes.extend_from_slice(&ft_type.to_le_bytes());
                value(OwnedData::Binary(bytes))
            }
            Syntax::PARTITION_INFO | Syntax::PARTITION_INFO_EX | Syntax::PARTITION_INFO_EX2 => {
                value(OwnedData::Binary(
                    hex_bytes(text).map_err(TextValueError::from)?,
                ))
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
        // Each names where it goes wrong: the field out of range, the
        // character that breaks the pattern, or the end of a short text.
        for (bad, position) in [
            ("2023-02-29T00:00:00Z", 8),          // not a leap year: the day
            ("1900-02-29T00:00:00Z", 8),          // nor is a century not divisible by 400
            ("1600-12-31T23:59:59Z", 0),          // before FILETIME's epoch: the year
            ("60056-05-28T05:36:10.9551616Z", 0), // past the largest FILETIME
            ("99999-12-31T23:59:59Z", 0),
            ("0000-01-01T00:00:00Z", 0),
            ("2022-13-01T00:00:00Z", 5),           // month
            ("2022-00-01T00:00:00Z", 5),           // month
            ("2022-04-31T00:00:00Z", 8),           // day
            ("2022-06-00T00:00:00Z", 8),           // day
            ("2022-06-18T24:00:00Z", 11),          // hour
            ("2022-06-18T04:60:00Z", 14),          // minute
            ("2022-06-18T04:26:60Z", 17),          // no leap second
            ("2022-06-18T04:26:40", 19),           // no zone: the end
            ("2022-06-18T04:26:40+02:00", 19),     // only UTC
            ("2022-06-18 04:26:40Z", 10),          // the T
            ("2022-06-18t04:26:40z", 10),          // as printed: upper case
            ("2022-06-18T04:26:40.Z", 20),         // an empty fraction
            ("2022-06-18T04:26:40.12345678Z", 27), // finer than a tick: the eighth digit
            ("2022-06-18T04:26:40Zjunk", 20),
            ("2022-6-18T04:26:40Z", 6),
            ("2022-06-18", 10),
            ("2022-", 5),
            ("2022-06-18T04:26:4\u{e9}Z", 18),
        ] {
            assert_eq!(
                filetime(bad),
                Err(TextValueError::NotATime { position }),
                "{bad}"
            );
        }
        assert_eq!(
            filetime("2023-02-29T00:00:00Z").unwrap_err().to_string(),
            "not a UTC time YYYY-MM-DDTHH:MM:SS[.fffffff]Z that exists and a FILETIME holds, \
             from 1601-01-01 to 60056-05-28T05:36:10.9551615Z (at most 7 digits of fraction): \
             it goes wrong at character 9 of the value"
        );
        // Not a date at all: still a number that is not one.
        assert_eq!(filetime("June 18"), not_a_number('J', 0));
        assert_eq!(filetime("123456-01-01T00:00:00Z"), not_a_number('-', 6));
        assert_eq!(
            filetime("-5"),
            Err(TextValueError::OutOfRange {
                min: 0,
                max: 18446744073709551615
            })
        );
    }

    fn parse(typed: &str) -> Result<OwnedValue, TextValueError> {
        OwnedValue::parse_typed(typed)
    }

    /// `NotANumber` naming `found` at byte `position` of the value.
    fn not_a_number(found: char, position: usize) -> Result<OwnedValue, TextValueError> {
        Err(TextValueError::NotANumber {
            found: Some(found),
            position,
        })
    }

    /// `NotANumber` for a value that ends (after `position` bytes) where a
    /// digit is needed.
    fn no_digit_at(position: usize) -> Result<OwnedValue, TextValueError> {
        Err(TextValueError::NotANumber {
            found: None,
            position,
        })
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
        assert_eq!(parse("dword:x"), not_a_number('x', 0));
        assert_eq!(parse("dword:"), no_digit_at(0));
        assert_eq!(
            parse("dword:-1"),
            Err(TextValueError::OutOfRange {
                min: 0,
                max: 4294967295
            })
        );
        assert_eq!(
            parse("word:70000"),
            Err(TextValueError::OutOfRange { min: 0, max: 65535 })
        );
        assert_eq!(
            parse("long:0x80000000"),
            Err(TextValueError::OutOfRange {
                min: -2147483648,
                max: 2147483647
            })
        );
        assert_eq!(
            parse("binary:abc"),
            Err(TextValueError::OddHexDigits {
                position: 0,
                count: 3
            })
        );
        assert_eq!(
            parse("binary:zz"),
            Err(TextValueError::NotHex {
                found: 'z',
                position: 0
            })
        );
        assert_eq!(
            parse("sz:a\0b"),
            Err(TextValueError::Nul {
                position: 1,
                item: None
            })
        );
        assert_eq!(
            parse("multi_sz:a||b"),
            Err(TextValueError::EmptyItem {
                index: 1,
                position: 2,
                separator: '|'
            })
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
        // The first character that cannot come where it is is named, at its
        // byte index in the value (in the whole value for a field).
        for (text, found, position) in [
            ("dword:--5", '-', 1),
            ("dword:-+5", '+', 1),
            ("dword:+-5", '-', 1),
            ("dword:++5", '+', 1),
            ("long:--5", '-', 1),
            ("long:0x-5", '-', 2),
            ("long:-0x-5", '-', 3),
            ("dword:0x+10", '+', 2),
            ("dword:0x-0", '-', 2),
            ("scsi_address:1:0:--3:4", '-', 5),
            ("resclass:1:--2", '-', 3),
        ] {
            assert_eq!(parse(text), not_a_number(found, position), "{text}");
        }
        // A sign or `0x` with no digits after it.
        for (text, position) in [("dword:-", 1), ("dword:+", 1), ("dword:-0x", 3)] {
            assert_eq!(parse(text), no_digit_at(position), "{text}");
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
        ] {
            assert!(
                matches!(parse(&text), Err(TextValueError::OutOfRange { .. })),
                "{text}"
            );
        }
        // In a field, the field is named.
        assert_eq!(
            parse(&alloc::format!("scsi_address:1:2:3:{huge}")),
            Err(TextValueError::FieldOutOfRange {
                index: 3,
                position: 6,
                max: 255
            })
        );
        const LARGE: TextValueError = TextValueError::OutOfRange {
            min: i64::MIN as i128,
            max: i64::MAX as i128,
        };
        // Just past i128::MAX, and i128::MIN itself (whose magnitude is
        // past i128::MAX): out of range, never a wrapped value.
        assert_eq!(
            parse("large:170141183460469231731687303715884105728"),
            Err(LARGE)
        );
        assert_eq!(
            parse("large:-170141183460469231731687303715884105728"),
            Err(LARGE)
        );
        for (text, found, position) in [
            (alloc::format!("dword:{huge}x"), 'x', 60),
            (alloc::format!("dword:x{huge}"), 'x', 0),
            (alloc::format!("dword:{huge} "), ' ', 60),
            (alloc::format!("dword:0x{huge}g"), 'g', 62),
            (alloc::format!("dword:{huge}_0"), '_', 60),
        ] {
            assert_eq!(parse(&text), not_a_number(found, position), "{text}");
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
        ] {
            let position = text.find(found).unwrap();
            let e = OwnedValue::from_text(ty, text).unwrap_err();
            assert_eq!(e, TextValueError::NotHex { found, position }, "{ty}:{text}");
            let shown = e.to_string();
            assert!(
                shown.contains(&alloc::format!(
                    "{found:?} (at character {} of the value;",
                    position + 1
                )),
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
            Err(TextValueError::FieldCount {
                fewest: 4,
                expected: 4,
                found: 3
            })
        );
        assert_eq!(
            parse("scsi_address:1:0:3:256"),
            Err(TextValueError::FieldOutOfRange {
                index: 3,
                position: 6,
                max: 255
            })
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

    /// The message of each error that places a fault, exactly: what is
    /// wrong, and at which character of the value (from 1).
    #[test]
    fn placed_errors_say_what_and_where() {
        let shown = |typed: &str| parse(typed).unwrap_err().to_string();
        // Numbers: the first character that is not a digit of the radix,
        // or the sign after a sign.
        assert_eq!(
            shown("dword:12a4"),
            "not a number: 'a' at character 3 of the value"
        );
        assert_eq!(
            shown("dword:1,000"),
            "not a number: ',' at character 2 of the value"
        );
        assert_eq!(
            shown("qword:0x12g"),
            "not a number: 'g' at character 5 of the value"
        );
        assert_eq!(
            shown("long:--5"),
            "not a number: '-' at character 2 of the value"
        );
        assert_eq!(
            shown("dword:5\u{e9}"),
            "not a number: '\u{e9}' at character 2 of the value"
        );
        // A field is placed in the whole value.
        assert_eq!(
            shown("scsi_address:1:0:x:4"),
            "not a number: 'x' at character 5 of the value"
        );
        assert_eq!(
            shown("ftset_info:7:2z"),
            "not a number: 'z' at character 4 of the value"
        );
        assert_eq!(shown("dword:"), "not a number: the value is empty");
        // Fields: how many there are, and which one is out of its range.
        assert_eq!(
            shown("scsi_address:1:0:3"),
            "expected 4 numbers separated by ':', found 3"
        );
        // `resclass` is a class alone, or a class and a subclass.
        assert_eq!(
            shown("resclass:1:2:3"),
            "expected 1 or 2 numbers separated by ':', found 3"
        );
        assert_eq!(
            shown("ftset_info:7:2:1"),
            "expected 2 numbers separated by ':', found 3"
        );
        assert_eq!(
            shown("scsi_address:1:300:3:4"),
            "number 2 (at character 3 of the value) out of range: expected 0 to 255"
        );
        assert_eq!(
            shown("ftset_info:7:-1"),
            "number 2 (at character 3 of the value) out of range: expected 0 to 4294967295"
        );
        assert_eq!(
            shown("resclass:0x100000000:1"),
            "number 1 (at character 1 of the value) out of range: expected 0 to 4294967295"
        );
        // One number alone is `resclass`'s class.
        assert_eq!(
            parse("resclass:-1"),
            Err(TextValueError::OutOfRange {
                min: 0,
                max: 4294967295
            })
        );
        // A structure of the wrong length says the length it needs.
        assert_eq!(
            shown("partition_info:00"),
            "CLUSPROP_SYNTAX_PARTITION_INFO (0x00080001) cannot have 1 byte of data: it needs \
             exactly 1120"
        );
        assert_eq!(
            shown("partition_info_ex2:0000"),
            "CLUSPROP_SYNTAX_PARTITION_INFO_EX2 (0x000e0001) cannot have 2 bytes of data: it \
             needs at least 1700"
        );
        // A NUL is placed in characters, and in its item.
        assert_eq!(
            shown("sz:\u{e9}t\u{e9}\0"),
            "the string holds a NUL character (at character 4 of the value; a string cannot \
             hold one)"
        );
        assert_eq!(
            shown("expand_sz:\0"),
            "the string holds a NUL character (at character 1 of the value; a string cannot \
             hold one)"
        );
        assert_eq!(
            shown("multi_sz:\u{e9}|b\0c|\0"),
            "MULTI_SZ item 2 holds a NUL character (at character 4 of the value; a string \
             cannot hold one)"
        );
        assert_eq!(
            shown("multi_sz:a,\0"),
            "MULTI_SZ item 2 holds a NUL character (at character 3 of the value; a string \
             cannot hold one)"
        );
        // A number alone names its type's range.
        assert_eq!(
            shown("word:70000"),
            "number out of range: expected 0 to 65535"
        );
        assert_eq!(
            shown("long:-0x80000001"),
            "number out of range: expected -2147483648 to 2147483647"
        );
        assert_eq!(
            shown("disk_size:-1"),
            "number out of range: expected 0 to 18446744073709551615"
        );
        assert_eq!(
            shown("long:-0x"),
            "not a number: the value ends where a digit is needed (at character 4 of the value)"
        );
        // Hex whose digits cannot pair: the first run of odd length.
        assert_eq!(
            shown("binary:abc"),
            "hex needs two digits a byte: the run of 3 digits starting at character 1 of the \
             value is odd in length"
        );
        assert_eq!(
            shown("binary:aa bb c dd"),
            "hex needs two digits a byte: the run of 1 digit starting at character 7 of the \
             value is odd in length"
        );
        assert_eq!(
            parse("binary:aa:bb-ccc-dd"),
            Err(TextValueError::OddHexDigits {
                position: 6,
                count: 3
            })
        );
        // An empty MULTI_SZ item, by its number and its place in characters
        // (the `é` before it is one character, two bytes).
        assert_eq!(
            shown("multi_sz:a||b"),
            "MULTI_SZ item 2 is empty (at character 3 of the value; items are split at '|', \
             and none may be empty)"
        );
        assert_eq!(
            parse("multi_sz:\u{e9},,b"),
            Err(TextValueError::EmptyItem {
                index: 1,
                position: 2,
                separator: ','
            })
        );
        for (text, index, position) in [("|a", 0, 0), ("a|", 1, 2), ("a,b,", 2, 4), (",", 0, 0)] {
            let separator = if text.contains('|') { '|' } else { ',' };
            assert_eq!(
                OwnedValue::from_text("multi_sz", text),
                Err(TextValueError::EmptyItem {
                    index,
                    position,
                    separator
                }),
                "{text}"
            );
        }
    }

    /// A security descriptor's text that is neither hex nor SDDL-like says
    /// both forms, and where the hex went wrong; hex that is not a
    /// descriptor, and SDDL-like text that is not one, keep their own
    /// errors.
    #[test]
    fn a_descriptor_that_is_neither_form_says_both() {
        const BOTH: &str = "; a security descriptor is hex (self-relative, 01000080...), or \
                            SDDL-like text starting with O:, G:, D: or S: \
                            (O:S-1-5-18D:(A;;0x1f01ff;;;S-1-5-18))";
        for (ty, text, found, position) in [
            ("sd", "garbage", Some('g'), 0),
            ("sd", "0100 0080 z", Some('z'), 10),
            ("security_descriptor", "o:S-1-5-18", Some('o'), 0),
            ("sd", "abc", None, 0),
            ("sd", "01000080 140", None, 9),
        ] {
            let e = OwnedValue::from_text(ty, text).unwrap_err();
            assert_eq!(
                e,
                TextValueError::NotASecurityDescriptor { found, position },
                "{ty}:{text}"
            );
            assert!(e.to_string().ends_with(BOTH), "{e}");
        }
        assert_eq!(
            parse("sd:garbage").unwrap_err().to_string(),
            alloc::format!(
                "not a security descriptor: 'g' at character 1 of the value is not hex, and \
                 the value does not start as SDDL-like text does{BOTH}"
            )
        );
        assert_eq!(
            parse("sd:abc").unwrap_err().to_string(),
            alloc::format!(
                "not a security descriptor: hex needs two digits a byte: the run of digits \
                 starting at character 1 of the value is odd in length{BOTH}"
            )
        );
        // `binary` is only hex: its errors name no descriptor.
        assert_eq!(
            parse("binary:garbage"),
            Err(TextValueError::NotHex {
                found: 'g',
                position: 0
            })
        );
    }
}
