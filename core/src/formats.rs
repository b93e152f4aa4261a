//! The table of data formats: for every [`PropertyFormat`] the crate knows,
//! its lower-case name, the length rule of its `LIST_VALUE` syntax and the
//! shape of its data.
//!
//! Every other place that depends on a format reads this table: the length
//! rules of [`Syntax::length_rule`](crate::Syntax::length_rule), the format
//! names of the JSON form and of the `TYPE:VALUE` notation, the number
//! ranges and value kinds the JSON reader accepts, the owned model's check
//! of data against its syntax, the structured fuzzing generators and the
//! builder's checks. The reader's typed decode ([`Value`](crate::Value))
//! gives each format its own variant; the tests below check that variant
//! has the table's shape, and that every consumer reads every entry back.
//! Adding a format is one entry here (and its tests).

use crate::syntax::{LengthRule, PropertyFormat};

/// What the data of a format is, as the typed models hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Shape {
    /// No typed form: the bytes are kept as they are.
    Opaque,
    /// Bytes with a meaning of their own (binary, security descriptor).
    Bytes,
    /// A little-endian unsigned integer of this many bytes.
    Unsigned {
        /// 2, 4 or 8.
        bytes: u8,
    },
    /// A little-endian two's complement integer of this many bytes.
    Signed {
        /// 4 or 8.
        bytes: u8,
    },
    /// A `FILETIME`: an unsigned 8-byte tick count.
    FileTime,
    /// One NUL-terminated UTF-16LE string.
    Text,
    /// NUL-terminated UTF-16LE strings ending in an extra NUL.
    MultiText,
    /// A nested property list.
    PropertyList,
    /// A nested bare value list.
    ValueList,
}

impl Shape {
    /// The smallest and largest number a value of this shape holds, for the
    /// integer shapes (a `FILETIME` is a number of ticks).
    #[cfg(feature = "alloc")]
    pub(crate) const fn integer_range(self) -> Option<(i128, i128)> {
        match self {
            Shape::Unsigned { bytes } => Some((0, (1i128 << (8 * bytes as u32)) - 1)),
            Shape::Signed { bytes } => {
                let half = 1i128 << (8 * bytes as u32 - 1);
                Some((-half, half - 1))
            }
            Shape::FileTime => Some((0, u64::MAX as i128)),
            _ => None,
        }
    }

    /// Whether the data is a nested list.
    pub(crate) const fn is_list(self) -> bool {
        matches!(self, Shape::PropertyList | Shape::ValueList)
    }
}

/// One format: its word, names, length rule and shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FormatInfo {
    /// The format word.
    pub(crate) format: PropertyFormat,
    /// The lower-case name: the JSON form's `"format"` and the notation's type.
    pub(crate) name: &'static str,
    /// Other names the `TYPE:VALUE` notation accepts for this format.
    pub(crate) aliases: &'static [&'static str],
    /// The data length rule of its `LIST_VALUE` syntax.
    pub(crate) length: LengthRule,
    /// What the data is.
    pub(crate) shape: Shape,
    /// Whether only a server may send it (MS-CMRP 2.2.2.3: `EXPANDED_SZ`);
    /// the writer refuses it in a client's list unless told otherwise.
    pub(crate) server_only: bool,
}

/// A table entry of a format any side may send.
const fn entry(
    format: PropertyFormat,
    name: &'static str,
    aliases: &'static [&'static str],
    length: LengthRule,
    shape: Shape,
) -> FormatInfo {
    FormatInfo {
        format,
        name,
        aliases,
        length,
        shape,
        server_only: false,
    }
}

/// [`entry`] for a format only a server may send.
const fn server_only(info: FormatInfo) -> FormatInfo {
    FormatInfo {
        server_only: true,
        ..info
    }
}

/// Every known format, indexed by its word (the table's position is the
/// format's value, which makes [`describe`] one bounds check and one load).
pub(crate) const FORMATS: [FormatInfo; 15] = {
    use LengthRule::{Any, AtLeast, Exact, String};
    use PropertyFormat as F;
    [
        entry(F::UNKNOWN, "unknown", &[], Any, Shape::Opaque),
        entry(F::BINARY, "binary", &[], Any, Shape::Bytes),
        entry(
            F::DWORD,
            "dword",
            &[],
            Exact(4),
            Shape::Unsigned { bytes: 4 },
        ),
        entry(F::SZ, "sz", &[], String, Shape::Text),
        entry(F::EXPAND_SZ, "expand_sz", &[], String, Shape::Text),
        entry(F::MULTI_SZ, "multi_sz", &[], String, Shape::MultiText),
        entry(
            F::ULARGE_INTEGER,
            "ularge_integer",
            &["qword", "ularge"],
            Exact(8),
            Shape::Unsigned { bytes: 8 },
        ),
        entry(F::LONG, "long", &[], Exact(4), Shape::Signed { bytes: 4 }),
        server_only(entry(
            F::EXPANDED_SZ,
            "expanded_sz",
            &[],
            String,
            Shape::Text,
        )),
        // The self-relative header is 20 bytes.
        entry(
            F::SECURITY_DESCRIPTOR,
            "security_descriptor",
            &["sd"],
            AtLeast(20),
            Shape::Bytes,
        ),
        entry(
            F::LARGE_INTEGER,
            "large_integer",
            &["large"],
            Exact(8),
            Shape::Signed { bytes: 8 },
        ),
        entry(F::WORD, "word", &[], Exact(2), Shape::Unsigned { bytes: 2 }),
        entry(F::FILETIME, "filetime", &[], Exact(8), Shape::FileTime),
        entry(F::VALUE_LIST, "value_list", &[], Any, Shape::ValueList),
        entry(
            F::PROPERTY_LIST,
            "property_list",
            &[],
            Any,
            Shape::PropertyList,
        ),
    ]
};

/// The whole table entry of `format`, if the crate knows it (the hot paths
/// read one field each through `per_format!`, as [`length_rule`] and
/// [`shape`] do).
#[cfg(any(test, feature = "serde"))]
pub(crate) fn describe(format: PropertyFormat) -> Option<&'static FormatInfo> {
    FORMATS.get(usize::from(format.0))
}

/// `$field` of the table entry of `$format`, `None` for a format the table
/// does not hold: a match with one constant arm per entry, read from
/// the table at compile time. On the hot paths (every value validated,
/// built or encoded) the compiler then sees each entry's constant and folds
/// the caller's test into one switch on the format word, where a load from
/// the table followed by a branch on what it holds costs more per value.
macro_rules! per_format {
    ($format:expr, $field:ident) => {
        match $format.0 {
            0 => Some(FORMATS[0].$field),
            1 => Some(FORMATS[1].$field),
            2 => Some(FORMATS[2].$field),
            3 => Some(FORMATS[3].$field),
            4 => Some(FORMATS[4].$field),
            5 => Some(FORMATS[5].$field),
            6 => Some(FORMATS[6].$field),
            7 => Some(FORMATS[7].$field),
            8 => Some(FORMATS[8].$field),
            9 => Some(FORMATS[9].$field),
            10 => Some(FORMATS[10].$field),
            11 => Some(FORMATS[11].$field),
            12 => Some(FORMATS[12].$field),
            13 => Some(FORMATS[13].$field),
            14 => Some(FORMATS[14].$field),
            _ => None,
        }
    };
}

// `per_format!` has an arm for every index of the table: a new entry needs
// its arm there.
const _: () = assert!(FORMATS.len() == 15);

/// The length rule of `format`'s `LIST_VALUE` syntax (any length for a
/// format the table does not hold); `const` for [`Syntax::length_rule`](crate::Syntax::length_rule).
#[inline(always)]
pub(crate) const fn length_rule(format: PropertyFormat) -> LengthRule {
    match per_format!(format, length) {
        Some(rule) => rule,
        None => LengthRule::Any,
    }
}

/// The `OwnedData` variant that holds a value of `format` in its typed
/// form, for messages (`"Dword"`); `None` for a format with no typed form.
/// `Raw` and `Empty` go with every format.
pub(crate) const fn owned_data_kind(format: PropertyFormat) -> Option<&'static str> {
    Some(match shape(format) {
        Some(Shape::Bytes) => "Binary",
        Some(Shape::Unsigned { bytes: 2 }) => "Word",
        Some(Shape::Unsigned { bytes: 4 }) => "Dword",
        Some(Shape::Unsigned { .. }) => "ULargeInteger",
        Some(Shape::Signed { bytes: 4 }) => "Long",
        Some(Shape::Signed { .. }) => "LargeInteger",
        Some(Shape::FileTime) => "FileTime",
        Some(Shape::Text) => "String",
        Some(Shape::MultiText) => "MultiString",
        Some(Shape::PropertyList) => "PropertyList",
        Some(Shape::ValueList) => "ValueList",
        Some(Shape::Opaque) | None => return None,
    })
}

/// The shape of `format`'s data, if the table holds it (see [`per_format!`]).
#[inline(always)]
pub(crate) const fn shape(format: PropertyFormat) -> Option<Shape> {
    per_format!(format, shape)
}

/// The formats only a server may send, one bit each (bit `n` is format `n`),
/// gathered from the table when the crate is compiled.
const SERVER_ONLY: u32 = {
    let mut bits = 0u32;
    let mut i = 0;
    while i < FORMATS.len() {
        if FORMATS[i].server_only {
            bits |= 1 << i;
        }
        i += 1;
    }
    bits
};

/// Whether only a server may send values of `format`: a test of one bit,
/// as the builder asks it of every entry.
#[inline(always)]
pub(crate) const fn is_server_only(format: PropertyFormat) -> bool {
    format.0 < 32 && SERVER_ONLY & (1 << format.0) != 0
}

/// The lower-case name of `format`; `const` for [`PropertyFormat::short_name`].
pub(crate) const fn name(format: PropertyFormat) -> Option<&'static str> {
    per_format!(format, name)
}

/// The format named `name` (its table name or, with `aliases`, one of its
/// aliases), ignoring ASCII case when `ignore_case`.
pub(crate) fn by_name(name: &str, aliases: bool, ignore_case: bool) -> Option<&'static FormatInfo> {
    let same = |known: &str| {
        if ignore_case {
            known.eq_ignore_ascii_case(name)
        } else {
            known == name
        }
    };
    FORMATS
        .iter()
        .find(|f| same(f.name) || (aliases && f.aliases.iter().any(|a| same(a))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{PropertyType, Syntax};

    /// The `LIST_VALUE` syntax of a format.
    fn list_value(format: PropertyFormat) -> Syntax {
        Syntax::new(PropertyType::LIST_VALUE, format)
    }

    #[test]
    fn the_table_is_indexed_by_format_and_named_after_the_headers() {
        for (i, info) in FORMATS.iter().enumerate() {
            assert_eq!(usize::from(info.format.0), i, "{info:?}");
            let header = info.format.name().expect("a named format");
            let short = header
                .strip_prefix("CLUSPROP_FORMAT_")
                .expect("a format name")
                .to_ascii_lowercase();
            assert_eq!(short, info.name);
            assert_eq!(describe(info.format), Some(info));
            // The per-field lookups of the hot paths read the same entry.
            assert_eq!(shape(info.format), Some(info.shape));
            assert_eq!(length_rule(info.format), info.length);
            assert_eq!(name(info.format), Some(info.name));
            assert_eq!(is_server_only(info.format), info.server_only);
        }
        // Every format the headers name is in the table, but the start of
        // the user range, which names no format.
        for format in PropertyFormat::ALL {
            assert_eq!(
                describe(*format).is_some(),
                *format != PropertyFormat::USER,
                "{format:?}"
            );
        }
        for unknown in [15, 0x7FFF, 0x8000, 0xFFFF] {
            let format = PropertyFormat(unknown);
            assert_eq!(describe(format), None);
            assert_eq!(shape(format), None);
            assert_eq!(length_rule(format), LengthRule::Any);
            assert_eq!(name(format), None);
        }
        // Names and aliases are unique, whatever their case.
        let mut names: std::vec::Vec<std::string::String> = FORMATS
            .iter()
            .flat_map(|f| core::iter::once(f.name).chain(f.aliases.iter().copied()))
            .map(|n| n.to_ascii_lowercase())
            .collect();
        let all = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all);
    }

    #[test]
    fn each_list_value_syntax_has_its_formats_length_rule() {
        for info in &FORMATS {
            let syntax = list_value(info.format);
            assert_eq!(syntax.length_rule(), info.length, "{syntax:?}");
            let fixed = match info.length {
                LengthRule::Exact(n) => Some(n),
                _ => None,
            };
            assert_eq!(syntax.fixed_len(), fixed, "{syntax:?}");
        }
        // Integer shapes are as long as their numbers.
        for info in &FORMATS {
            if let Shape::Unsigned { bytes } | Shape::Signed { bytes } = info.shape {
                assert_eq!(info.length, LengthRule::Exact(u32::from(bytes)), "{info:?}");
            }
        }
    }

    #[test]
    fn names_read_back_as_their_format() {
        for info in &FORMATS {
            assert_eq!(info.format.short_name(), Some(info.name));
            assert_eq!(
                PropertyFormat::from_short_name(info.name),
                Some(info.format)
            );
            assert_eq!(
                by_name(&info.name.to_ascii_uppercase(), false, true),
                Some(info)
            );
            assert_eq!(by_name(&info.name.to_ascii_uppercase(), false, false), None);
            for alias in info.aliases {
                // Aliases are the notation's, not the JSON form's.
                assert_eq!(PropertyFormat::from_short_name(alias), None);
                assert_eq!(by_name(alias, true, false), Some(info));
            }
        }
    }

    #[cfg(feature = "alloc")]
    mod owned {
        use super::*;
        use crate::owned::{OwnedData, OwnedPropertyList, OwnedValue, OwnedValueList, WideString};
        use crate::read::value::Value;
        use alloc::vec;

        /// The shape of a decoded value of a `LIST_VALUE` syntax.
        fn decoded_shape(value: &Value<'_>) -> Option<Shape> {
            Some(match value {
                Value::Binary(_) | Value::SecurityDescriptor(_) => Shape::Bytes,
                Value::Dword(_) => Shape::Unsigned { bytes: 4 },
                Value::Word(_) => Shape::Unsigned { bytes: 2 },
                Value::ULargeInteger(_) => Shape::Unsigned { bytes: 8 },
                Value::Long(_) => Shape::Signed { bytes: 4 },
                Value::LargeInteger(_) => Shape::Signed { bytes: 8 },
                Value::FileTime(_) => Shape::FileTime,
                Value::Sz(_) | Value::ExpandSz(_) | Value::ExpandedSz(_) => Shape::Text,
                Value::MultiSz(_) => Shape::MultiText,
                Value::PropertyList(_) => Shape::PropertyList,
                Value::ValueList(_) => Shape::ValueList,
                Value::Unknown(_) => Shape::Opaque,
                _ => return None,
            })
        }

        /// An owner descriptor, O:S-1-5-18, and no ACLs.
        const SD: [u8; 32] = [
            1, 0, 0, 0x80, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 5,
            18, 0, 0, 0,
        ];

        /// A value of `info`'s format, built from its shape: the largest
        /// number, text, bytes, a nested list; raw bytes for no typed form.
        fn sample(info: &FormatInfo) -> OwnedValue {
            let text = |s: &str| WideString::from_str_checked(s).unwrap();
            let data = match info.shape {
                Shape::Opaque => OwnedData::Raw(vec![1, 2, 3, 4]),
                Shape::Bytes if info.format == PropertyFormat::SECURITY_DESCRIPTOR => {
                    OwnedData::Binary(SD.to_vec())
                }
                Shape::Bytes => OwnedData::Binary(vec![1, 2, 3]),
                Shape::Unsigned { .. } | Shape::Signed { .. } | Shape::FileTime => {
                    let (low, high) = info.shape.integer_range().unwrap();
                    // Out of range is no value of the shape.
                    assert_eq!(OwnedData::from_integer(info.shape, high + 1), None);
                    assert_eq!(OwnedData::from_integer(info.shape, low - 1), None);
                    OwnedData::from_integer(info.shape, high).unwrap()
                }
                Shape::Text => OwnedData::String(text("ab")),
                Shape::MultiText => OwnedData::MultiString(vec![text("a"), text("bc")]),
                Shape::PropertyList => {
                    let mut list = OwnedPropertyList::new();
                    list.push("Inner", OwnedValue::dword(7)).unwrap();
                    OwnedData::PropertyList(list)
                }
                Shape::ValueList => OwnedData::ValueList(OwnedValueList {
                    values: vec![OwnedValue::word(3)],
                }),
            };
            let value = OwnedValue::new(list_value(info.format), data).unwrap();
            assert_eq!(
                value.data().shape(),
                (info.shape != Shape::Opaque).then_some(info.shape)
            );
            value
        }

        /// Encodes `value` as the one value of a property, parses it, and
        /// checks its decoded shape and its owned copy.
        fn round_trip(info: &FormatInfo, value: &OwnedValue) {
            let mut list = OwnedPropertyList::new();
            list.push("P", value.clone()).unwrap();
            let options = list.encode_options().with_expanded_sz(true);
            if info.shape == Shape::Opaque {
                // `LIST_VALUE` of a format without typed form is a reserved
                // syntax: the writer refuses it.
                let syntax = value.syntax();
                assert_eq!(
                    list.to_vec_with(&options),
                    Err(crate::EncodeError::SyntaxNotAllowed { syntax })
                );
                return;
            }
            let bytes = list.to_vec_with(&options).unwrap();
            let parsed = crate::PropertyList::parse(&bytes).unwrap();
            let raw = parsed.iter().next().unwrap().value();
            assert_eq!(raw.syntax(), value.syntax());
            let decoded = raw.decode();
            if !matches!(value.data(), OwnedData::Empty) {
                assert_eq!(decoded_shape(&decoded), Some(info.shape), "{decoded:?}");
            }
            assert_eq!(&OwnedValue::from_raw(&raw), value, "{info:?}");
        }

        #[test]
        fn a_value_of_each_shape_encodes_and_decodes_back() {
            for info in &FORMATS {
                round_trip(info, &sample(info));
                // Another shape's data is refused for this format.
                for other in FORMATS.iter().filter(|o| o.shape != info.shape) {
                    if other.shape == Shape::Opaque {
                        continue;
                    }
                    let data = sample(other).into_data();
                    let refused = OwnedValue::new(list_value(info.format), data).unwrap_err();
                    // Said as a kind of data, not as a length (the data has
                    // the right kind of length for its own format).
                    assert!(
                        matches!(refused, crate::EncodeError::WrongData { .. }),
                        "{other:?} as {info:?}: {refused}"
                    );
                }
            }
        }

        #[test]
        fn the_notation_reads_each_name_and_alias() {
            for info in &FORMATS {
                let text = match info.shape {
                    Shape::Unsigned { .. } | Shape::Signed { .. } | Shape::FileTime => "0x10",
                    Shape::Text => "C:\\x",
                    Shape::MultiText => "a|b",
                    Shape::Bytes if info.format == PropertyFormat::SECURITY_DESCRIPTOR => {
                        "O:S-1-5-18"
                    }
                    Shape::Bytes => "0a0b",
                    Shape::Opaque | Shape::PropertyList | Shape::ValueList => "x",
                };
                let names = core::iter::once(info.name).chain(info.aliases.iter().copied());
                for name in names {
                    let upper = name.to_ascii_uppercase();
                    for ty in [name, upper.as_str()] {
                        let read = OwnedValue::from_text(ty, text);
                        if matches!(
                            info.shape,
                            Shape::Opaque | Shape::PropertyList | Shape::ValueList
                        ) {
                            assert_eq!(read, Err(crate::TextValueError::UnknownType), "{ty}");
                            continue;
                        }
                        let value = read.unwrap_or_else(|e| panic!("{ty}:{text}: {e}"));
                        assert_eq!(value.syntax(), list_value(info.format), "{ty}");
                        assert_eq!(value.data().shape(), Some(info.shape), "{ty}");
                        let listed = crate::text_value_type(ty).expect("a listed TYPE");
                        assert_eq!(listed.syntax(), list_value(info.format), "{ty}");
                        round_trip(info, &value);
                    }
                }
            }
            assert_eq!(
                OwnedValue::from_text("dword", "0x10").map(OwnedValue::into_data),
                Ok(OwnedData::Dword(16))
            );
            assert_eq!(
                OwnedValue::from_text("filetime", "-1"),
                Err(crate::TextValueError::OutOfRange {
                    min: 0,
                    max: u64::MAX.into()
                })
            );
        }

        #[cfg(feature = "serde")]
        #[test]
        fn json_names_each_format_and_reads_it_back() {
            for info in &FORMATS {
                let value = sample(info);
                let json = serde_json::to_string(&value).unwrap();
                let tree: serde_json::Value = serde_json::from_str(&json).unwrap();
                assert_eq!(tree["format"], info.name, "{json}");
                let again: OwnedValue = serde_json::from_str(&json).unwrap();
                assert_eq!(again, value, "{json}");
                // A number one past the shape's range is refused, naming the format.
                if let Some((_, high)) = info.shape.integer_range() {
                    let past = alloc::format!(
                        r#"{{"syntax": {}, "format": "{}", "value": {}}}"#,
                        list_value(info.format).0,
                        info.name,
                        high + 1
                    );
                    let err = serde_json::from_str::<OwnedValue>(&past).unwrap_err();
                    assert!(err.to_string().contains(info.name), "{err}");
                }
            }
        }

        #[cfg(feature = "arbitrary")]
        #[test]
        fn arbitrary_values_take_their_formats_shape_and_round_trip() {
            use arbitrary::{Arbitrary, Unstructured};
            let mut seen = [false; FORMATS.len()];
            let mut seed = 0x2545_F491u32;
            let mut bytes = [0u8; 512];
            for _ in 0..if cfg!(miri) { 20 } else { 2000 } {
                for b in bytes.iter_mut() {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    *b = seed as u8;
                }
                let mut u = Unstructured::new(&bytes);
                let value = OwnedValue::arbitrary(&mut u).unwrap();
                let format = value.syntax().format();
                let Some(info) = describe(format) else {
                    continue;
                };
                if value.syntax().ty() != PropertyType::LIST_VALUE {
                    continue;
                }
                if let Some(shape) = value.data().shape() {
                    assert_eq!(shape, info.shape, "{value:?}");
                    seen[usize::from(format.0)] = true;
                }
                round_trip(info, &value);
            }
            if !cfg!(miri) {
                for info in &FORMATS {
                    assert_eq!(
                        seen[usize::from(info.format.0)],
                        info.shape != Shape::Opaque,
                        "{info:?}"
                    );
                }
            }
        }
    }
}
