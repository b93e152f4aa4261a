//! Values written as text, `TYPE:VALUE` (feature `alloc`): the notation of
//! the `clusprop` command's `--prop NAME=TYPE:VALUE` and of the simulated
//! cluster's configuration files, in one place.
//!
//! The type names of the formats, their aliases and what their text is are
//! the format table's (names and shapes); the storage syntaxes, from
//! `disk_signature` on, are syntaxes rather than formats and are read here.
//!
//! | type | value | syntax |
//! |---|---|---|
//! | `dword` | `16`, `0x10` | `LIST_VALUE_DWORD` |
//! | `long` | `-5` | `LIST_VALUE_LONG` |
//! | `word` | `0x1234` | `LIST_VALUE_WORD` |
//! | `ularge_integer`, `qword` or `ularge` | `1` | `LIST_VALUE_ULARGE_INTEGER` |
//! | `large_integer` or `large` | `-2` | `LIST_VALUE_LARGE_INTEGER` |
//! | `filetime` | `133000000000000000` (100 ns ticks since 1601) | `LIST_VALUE_FILETIME` |
//! | `sz` | any text (colons included) | `LIST_VALUE_SZ` |
//! | `expand_sz` | `%SystemRoot%` | `LIST_VALUE_EXPAND_SZ` |
//! | `expanded_sz` | any text (server replies only) | `LIST_VALUE_EXPANDED_SZ` |
//! | `multi_sz` | items split at `\|`, or at `,` when there is no `\|`; empty text is no item | `LIST_VALUE_MULTI_SZ` |
//! | `binary` | hex digits, `:`/`-`/space allowed between them | `LIST_VALUE_BINARY` |
//! | `security_descriptor` (or `sd`) | a self-relative descriptor in hex, checked; or SDDL-like text as the tree shows it (`O:S-1-5-32-544D:(A;;0x1f01ff;;;S-1-5-18)`, see [`parse_sddl`](crate::security::parse_sddl)) | `LIST_VALUE_SECURITY_DESCRIPTOR` |
//! | `disk_signature` | `0x1234ABCD` | `DISK_SIGNATURE` |
//! | `disk_number` | `3` | `DISK_NUMBER` |
//! | `disk_size` | `1073741824` | `DISK_SIZE` |
//! | `disk_guid` | `{6B29FC40-CA47-1067-B31D-00DD010662DA}` (braces optional) | `DISK_GUID` |
//! | `scsi_address` | `PORT:PATH:TARGET:LUN` | `SCSI_ADDRESS` |
//! | `resclass` | `CLASS` or `CLASS:SUBCLASS` | `RESCLASS` (4 or 8 bytes) |
//! | `ftset_info` | `ROOTSIGNATURE:FTTYPE` | `FTSET_INFO` |
//! | `partition_info`, `partition_info_ex`, `partition_info_ex2` | the structure in hex, length checked | `PARTITION_INFO`, `_EX`, `_EX2` |
//! | `storage_device_id` | the descriptor in hex, checked | `STORAGE_DEVICE_ID_DESCRIPTOR` |

use alloc::vec::Vec;
use core::fmt;

use crate::disk::{Guid, GuidParseError, StorageDeviceIdDescriptor};
use crate::error::{DecodeError, EncodeError};
use crate::formats::{self, Shape};
use crate::owned::{OwnedData, OwnedValue, WideString};
use crate::security::{SddlError, SecurityDescriptor, parse_sddl};
use crate::syntax::{PropertyFormat, PropertyType, Syntax};

/// The type names [`OwnedValue::from_text`] understands, for messages.
pub const TEXT_VALUE_TYPES: &str = "dword, long, word, ularge_integer (qword, ularge), \
     large_integer (large), filetime, sz, expand_sz, expanded_sz, multi_sz, binary, \
     security_descriptor (sd), disk_signature, disk_number, disk_size, \
     disk_guid, scsi_address, resclass, ftset_info, partition_info, partition_info_ex, \
     partition_info_ex2, storage_device_id";

/// Why a `TYPE:VALUE` text is not a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TextValueError {
    /// No `:` between the type and the value.
    MissingColon,
    /// A type name not in [`TEXT_VALUE_TYPES`].
    UnknownType,
    /// Not a decimal or `0x` hexadecimal integer.
    NotANumber,
    /// A number outside the type's range (for example `dword:-1`).
    OutOfRange,
    /// `binary` with an odd number of hex digits.
    OddHexDigits,
    /// `binary` with a character that is not a hex digit or separator.
    NotHex,
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
            Self::UnknownType => write!(f, "unknown type (expected one of: {TEXT_VALUE_TYPES})"),
            Self::NotANumber => f.write_str("not a number"),
            Self::OutOfRange => f.write_str("number out of range for the type"),
            Self::OddHexDigits => f.write_str("hex needs an even number of digits"),
            Self::NotHex => f.write_str("not hex"),
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
    if digits.starts_with(['+', '-']) {
        return Err(TextValueError::NotANumber);
    }
    let magnitude = i128::from_str_radix(digits, radix).map_err(|_| TextValueError::NotANumber)?;
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
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !matches!(c, b' ' | b':' | b'-'))
        .collect();
    if digits.len() % 2 != 0 {
        return Err(TextValueError::OddHexDigits);
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            let hi = char::from(pair[0]).to_digit(16);
            let lo = char::from(pair[1]).to_digit(16);
            match (hi, lo) {
                // Two hex digits make a byte: the cast is exact.
                (Some(hi), Some(lo)) => Ok((hi * 16 + lo) as u8),
                _ => Err(TextValueError::NotHex),
            }
        })
        .collect()
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
    /// A value from its type name and its text (the module's table), as
    /// command lines and configuration files write values.
    ///
    /// ```
    /// use clusprop::OwnedValue;
    /// assert_eq!(OwnedValue::from_text("dword", "0x10")?, OwnedValue::dword(16));
    /// assert_eq!(OwnedValue::from_text("multi_sz", "a|b")?, OwnedValue::multi_sz(&["a", "b"])?);
    /// assert!(OwnedValue::from_text("word", "70000").is_err());
    /// # Ok::<(), clusprop::TextValueError>(())
    /// ```
    pub fn from_text(ty: &str, text: &str) -> Result<Self, TextValueError> {
        // A format's name or alias from the format table, case ignored;
        // anything else may be a storage syntax.
        let Some(info) = formats::by_name(ty, true, true) else {
            return Self::structure_from_text(ty, text);
        };
        let syntax = Syntax::new(PropertyType::LIST_VALUE, info.format);
        let data = match info.shape {
            Shape::Unsigned { .. } | Shape::Signed { .. } | Shape::FileTime => {
                OwnedData::from_integer(info.shape, number(text)?)
                    .ok_or(TextValueError::OutOfRange)?
            }
            Shape::Text => OwnedData::String(WideString::from_str_checked(text)?),
            Shape::MultiText => {
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
            Shape::Bytes if info.format == PropertyFormat::SECURITY_DESCRIPTOR => {
                OwnedData::Binary(security_descriptor(text)?)
            }
            Shape::Bytes => OwnedData::Binary(hex_bytes(text)?),
            Shape::Opaque | Shape::PropertyList | Shape::ValueList => {
                return Err(TextValueError::UnknownType);
            }
        };
        Ok(OwnedValue::new(syntax, data)?)
    }

    /// The storage types of [`from_text`](Self::from_text).
    fn structure_from_text(ty: &str, text: &str) -> Result<Self, TextValueError> {
        let lower = |expected: &str| ty.eq_ignore_ascii_case(expected);
        let value = |syntax, data| Ok(OwnedValue::new(syntax, data)?);
        if lower("storage_device_id") {
            let bytes = hex_bytes(text)?;
            StorageDeviceIdDescriptor::parse(&bytes).map_err(TextValueError::Malformed)?;
            value(
                Syntax::STORAGE_DEVICE_ID_DESCRIPTOR,
                OwnedData::Binary(bytes),
            )
        } else if lower("disk_signature") {
            value(Syntax::DISK_SIGNATURE, OwnedData::Dword(number(text)?))
        } else if lower("disk_number") {
            value(Syntax::DISK_NUMBER, OwnedData::Dword(number(text)?))
        } else if lower("disk_size") {
            value(Syntax::DISK_SIZE, OwnedData::ULargeInteger(number(text)?))
        } else if lower("disk_guid") {
            let guid = Guid::parse(text).map_err(TextValueError::NotAGuid)?;
            let text = alloc::format!("{guid}");
            value(
                Syntax::DISK_GUID,
                OwnedData::String(crate::owned::WideString::from_str_checked(&text)?),
            )
        } else if lower("scsi_address") {
            let [port, path, target, lun] = fields::<u8, 4>(text, 4)?;
            value(
                Syntax::SCSI_ADDRESS,
                OwnedData::Dword(u32::from_le_bytes([port, path, target, lun])),
            )
        } else if lower("resclass") {
            let parts: Vec<&str> = text.split(':').collect();
            match parts.as_slice() {
                [class] => value(Syntax::RESCLASS, OwnedData::Dword(number(class)?)),
                [class, sub] => {
                    let mut bytes = number::<u32>(class)?.to_le_bytes().to_vec();
                    bytes.extend_from_slice(&number::<u32>(sub)?.to_le_bytes());
                    value(Syntax::RESCLASS, OwnedData::Raw(bytes))
                }
                _ => Err(TextValueError::FieldCount { expected: 2 }),
            }
        } else if lower("ftset_info") {
            let [root, ft_type] = fields::<u32, 2>(text, 2)?;
            let mut bytes = root.to_le_bytes().to_vec();
            bytes.extend_from_slice(&ft_type.to_le_bytes());
            value(Syntax::FTSET_INFO, OwnedData::Binary(bytes))
        } else if lower("partition_info") {
            value(Syntax::PARTITION_INFO, OwnedData::Binary(hex_bytes(text)?))
        } else if lower("partition_info_ex") {
            value(
                Syntax::PARTITION_INFO_EX,
                OwnedData::Binary(hex_bytes(text)?),
            )
        } else if lower("partition_info_ex2") {
            value(
                Syntax::PARTITION_INFO_EX2,
                OwnedData::Binary(hex_bytes(text)?),
            )
        } else {
            Err(TextValueError::UnknownType)
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

    fn parse(typed: &str) -> Result<OwnedValue, TextValueError> {
        OwnedValue::parse_typed(typed)
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
        assert_eq!(parse("binary:zz"), Err(TextValueError::NotHex));
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
