//! The table of data formats: for every [`PropertyFormat`] the crate knows,
//! its lower-case name, the length rule of its `LIST_VALUE` syntax and the
//! shape of its data.
//!
//! Every other place that depends on a format reads this table: the length
//! rules of [`Syntax::length_rule`](crate::Syntax::length_rule), the format
//! names of the JSON form and of the `TYPE:VALUE` notation, the number
//! ranges and value kinds the JSON reader accepts, the owned model's check
//! of data against its syntax, the structured fuzzing generators and the
//! builder's checks. Adding a format is one entry here (and its tests).

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
    #[cfg(feature = "serde")]
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
}

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
    }
}

/// Every known format, indexed by its word (the table's position is the
/// format's value, which keeps [`describe`] one bounds check and one load).
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
        entry(F::EXPANDED_SZ, "expanded_sz", &[], String, Shape::Text),
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

/// The table as one object in memory, for references into it.
static TABLE: [FormatInfo; FORMATS.len()] = FORMATS;

/// The table entry of `format`, if the crate knows it.
#[inline]
pub(crate) fn describe(format: PropertyFormat) -> Option<&'static FormatInfo> {
    TABLE.get(usize::from(format.0))
}

/// The length rule of `format`'s `LIST_VALUE` syntax (any length for a
/// format the table does not hold); `const` for [`Syntax::length_rule`](crate::Syntax::length_rule).
#[inline]
pub(crate) const fn length_rule(format: PropertyFormat) -> LengthRule {
    let index = format.0 as usize;
    if index < FORMATS.len() {
        FORMATS[index].length
    } else {
        LengthRule::Any
    }
}

/// The lower-case name of `format`; `const` for [`PropertyFormat::short_name`].
pub(crate) const fn name(format: PropertyFormat) -> Option<&'static str> {
    let index = format.0 as usize;
    if index < FORMATS.len() {
        Some(FORMATS[index].name)
    } else {
        None
    }
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
