//! Error types: small, `Copy`, specific, and carrying the byte offset where
//! the fault was found.

use core::fmt;

use crate::syntax::{LengthRule, PropertyFormat, Syntax};

/// A field of the wire format, named in truncation errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The property count at the start of a property list.
    Count,
    /// The syntax word that opens an entry (or is an end mark).
    Syntax,
    /// The length word of an entry.
    Length,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::Count => "the property count",
            Field::Syntax => "an entry's syntax",
            Field::Length => "an entry's length",
        })
    }
}

/// What was wrong with a buffer the reader rejected.
///
/// Each variant is one rule of the format; [`DecodeError::offset`] says where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The buffer ends where a fixed-size field should be.
    Truncated {
        /// The field that is missing.
        field: Field,
    },
    /// The buffer ends where property `index` (1-based) of `count` should start.
    MissingProperty {
        /// 1-based index of the first missing property.
        index: u32,
        /// The count the list declares.
        count: u32,
    },
    /// An entry's length (plus its padding) runs past the end of the buffer.
    LengthExceedsBuffer {
        /// The declared data length.
        length: u32,
        /// Bytes left after the entry header.
        available: usize,
    },
    /// A property must start with a `CLUSPROP_SYNTAX_NAME` entry (MS-CMRP 2.2.3.10.1).
    ExpectedName {
        /// The syntax found instead.
        found: Syntax,
        /// 1-based index of the property.
        index: u32,
        /// The count the list declares.
        count: u32,
    },
    /// A name entry where a value or the property's end mark was expected
    /// (the previous property is missing its end mark).
    UnexpectedName,
    /// A property has no value before its end mark (MS-CMRP 2.2.3.10.1).
    NoValue,
    /// A property has more values than the options allow (MS-CMRP: at most 3).
    TooManyValues {
        /// The configured maximum.
        max: u16,
    },
    /// A syntax outside the set the options accept (MS-CMRP 2.2.2.3: "MUST be treated as an error").
    SyntaxNotAllowed {
        /// The rejected syntax.
        syntax: Syntax,
    },
    /// A property value whose type word is not `CLUSPROP_TYPE_LIST_VALUE` (MS-CMRP 2.2.2.1).
    NotListValue {
        /// The rejected syntax.
        syntax: Syntax,
    },
    /// A name length of 0 (a name holds at least its NUL).
    EmptyName,
    /// A UTF-16 name or string whose byte length is odd.
    OddStringLength {
        /// The declared length.
        length: u32,
    },
    /// A name or string whose last code unit is not NUL.
    NotNulTerminated,
    /// A name or single string with a NUL before its terminating NUL.
    InteriorNul,
    /// A `MULTI_SZ` with non-zero data after its terminating empty string.
    DataAfterMultiSzEnd,
    /// A data length that does not fit the syntax (for example a DWORD of length 2).
    WrongLength {
        /// The entry's syntax.
        syntax: Syntax,
        /// The declared length.
        length: u32,
        /// What the syntax requires.
        rule: LengthRule,
    },
    /// A zero-length value ("reset to default") where the options forbid it.
    EmptyValue {
        /// The entry's syntax.
        syntax: Syntax,
    },
    /// A nested list deeper than the configured limit.
    TooDeep {
        /// The configured limit.
        limit: u8,
    },
    /// Bytes after the last property (or after a value list's end mark) that
    /// are not the one optional trailing end mark.
    TrailingBytes {
        /// How many bytes are left over.
        count: usize,
    },
    /// The options require the Windows-style trailing end mark and it is absent.
    MissingTrailingEndMark,
    /// The options forbid the Windows-style trailing end mark and it is present.
    UnexpectedTrailingEndMark,
    /// A padding byte that is not zero (only reported when the options ask).
    NonZeroPadding,
    /// An `EXPANDED_SZ` value in a list a client sent (MS-CMRP 2.2.2.3).
    ExpandedSzFromClient,
}

/// A decoding failure: what and at which byte offset of the input.
///
/// ```
/// let err = clusprop::PropertyList::parse(&[0x01, 0, 0, 0, 0x03, 0, 0x04, 0]).unwrap_err();
/// assert_eq!(err.offset(), 8);
/// assert_eq!(err.to_string(), "at byte 8: the data ends inside an entry's length");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    offset: usize,
}

impl DecodeError {
    /// Builds an error of `kind` found at `offset`.
    pub const fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        DecodeError { kind, offset }
    }

    /// What went wrong.
    pub const fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// Byte offset from the start of the outermost buffer.
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DecodeErrorKind::*;
        match *self {
            Truncated { field } => write!(f, "the data ends inside {field}"),
            MissingProperty { index, count } => {
                write!(
                    f,
                    "the data ends where property {index} of {count} should start"
                )
            }
            LengthExceedsBuffer { length, available } => write!(
                f,
                "length {length} (plus padding) exceeds the {available} bytes that remain"
            ),
            ExpectedName {
                found,
                index,
                count,
            } => write!(
                f,
                "expected the name of property {index} of {count}, found {found}"
            ),
            UnexpectedName => f.write_str(
                "a property name where a value or the end mark was expected (missing end mark)",
            ),
            NoValue => f.write_str("property has no value before its end mark"),
            TooManyValues { max } => write!(f, "property has more than {max} values"),
            SyntaxNotAllowed { syntax } => write!(f, "{syntax} is not an accepted syntax"),
            NotListValue { syntax } => {
                write!(f, "{syntax} is not a CLUSPROP_TYPE_LIST_VALUE syntax")
            }
            EmptyName => f.write_str("name length is 0 (a name includes its NUL)"),
            OddStringLength { length } => write!(f, "odd UTF-16 length {length}"),
            NotNulTerminated => f.write_str("string is not NUL-terminated within its length"),
            InteriorNul => f.write_str("string has a NUL before its end"),
            DataAfterMultiSzEnd => {
                f.write_str("MULTI_SZ has data after its terminating empty string")
            }
            WrongLength {
                syntax,
                length,
                rule,
            } => match rule {
                LengthRule::Exact(n) => write!(f, "{syntax} has length {length}, expected {n}"),
                LengthRule::OneOf(a, b) => {
                    write!(f, "{syntax} has length {length}, expected {a} or {b}")
                }
                LengthRule::AtLeast(n) => {
                    write!(f, "{syntax} has length {length}, expected at least {n}")
                }
                LengthRule::String | LengthRule::Any => {
                    write!(f, "{syntax} has invalid length {length}")
                }
            },
            EmptyValue { syntax } => write!(f, "{syntax} has length 0"),
            TooDeep { limit } => write!(f, "lists nested deeper than {limit} levels"),
            TrailingBytes { count } => {
                write!(f, "{count} unexpected bytes after the end of the list")
            }
            MissingTrailingEndMark => f.write_str("the trailing list end mark is missing"),
            UnexpectedTrailingEndMark => f.write_str("a trailing list end mark is not allowed"),
            NonZeroPadding => f.write_str("non-zero padding byte"),
            ExpandedSzFromClient => {
                f.write_str("EXPANDED_SZ value in a client-built list (MS-CMRP 2.2.2.3)")
            }
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.kind)
    }
}

impl core::error::Error for DecodeError {}

/// An encoding failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodeError {
    /// The output buffer is too small; `needed` bytes would have been enough
    /// (the resutils `ERROR_MORE_DATA` + required size contract).
    BufferTooSmall {
        /// The exact size of the complete encoding.
        needed: usize,
    },
    /// A name or string contains a NUL code unit (it would be cut short on the wire).
    InteriorNul,
    /// A `MULTI_SZ` element is empty (it would end the list early).
    EmptyMultiSzString,
    /// A value or list is longer than a `u32` length can describe.
    TooLong,
    /// More properties than a `u32` count can describe.
    TooManyProperties,
    /// A property with no value (MS-CMRP requires at least one).
    NoValue,
    /// More values in one property than the options allow (MS-CMRP: at most 3).
    TooManyValues {
        /// The configured maximum.
        max: u16,
    },
    /// A syntax that cannot be a value here (`NAME` or `ENDMARK` inside a property).
    SyntaxNotAllowed {
        /// The rejected syntax.
        syntax: Syntax,
    },
    /// An `EXPANDED_SZ` value in a client-built list (MS-CMRP 2.2.2.3); allow it in
    /// [`EncodeOptions`](crate::EncodeOptions) to write a server-style reply.
    ExpandedSzNotAllowed,
    /// Owned lists nested deeper than [`MAX_DEPTH_LIMIT`](crate::wire::MAX_DEPTH_LIMIT).
    TooDeep,
    /// A value whose data does not fit its syntax (for example 3 bytes for a DWORD).
    WrongLength {
        /// The value's syntax.
        syntax: Syntax,
        /// The data length.
        length: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EncodeError::BufferTooSmall { needed } => {
                write!(f, "output buffer too small: {needed} bytes needed")
            }
            EncodeError::InteriorNul => f.write_str("string contains a NUL character"),
            EncodeError::EmptyMultiSzString => f.write_str("MULTI_SZ element is empty"),
            EncodeError::TooLong => f.write_str("value longer than 4 GiB"),
            EncodeError::TooManyProperties => f.write_str("more than 2^32-1 properties"),
            EncodeError::NoValue => f.write_str("property has no value"),
            EncodeError::TooManyValues { max } => write!(f, "property has more than {max} values"),
            EncodeError::SyntaxNotAllowed { syntax } => {
                write!(
                    f,
                    "{syntax} cannot be written here (an end mark, a name or a reserved syntax never \
                     can; a property's value must be of type CLUSPROP_TYPE_LIST_VALUE or a user type)"
                )
            }
            EncodeError::ExpandedSzNotAllowed => {
                f.write_str("EXPANDED_SZ values are only for server replies (MS-CMRP 2.2.2.3)")
            }
            EncodeError::TooDeep => write!(
                f,
                "lists nested deeper than {} levels (what the default reader accepts)",
                crate::options::DecodeOptions::new().max_depth
            ),
            EncodeError::WrongLength { syntax, length } => {
                write!(f, "{syntax} cannot have {length} bytes of data")
            }
        }
    }
}

impl core::error::Error for EncodeError {}

/// A typed lookup that found nothing usable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LookupError {
    /// No property has that name (resutils: `ERROR_FILE_NOT_FOUND`).
    NotFound,
    /// The property has fewer values than the index asked for.
    NoSuchValue {
        /// The 0-based index asked for.
        index: usize,
    },
    /// The value has another format than the one asked for.
    WrongFormat {
        /// The format the caller asked for.
        expected: PropertyFormat,
        /// The syntax of the value found.
        found: Syntax,
        /// Byte offset of the value's entry.
        offset: usize,
    },
    /// The value is empty (a "reset to default" request carries no data).
    Empty {
        /// Byte offset of the value's entry.
        offset: usize,
    },
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LookupError::NotFound => f.write_str("no property with that name"),
            LookupError::NoSuchValue { index } => write!(f, "the property has no value {index}"),
            LookupError::WrongFormat {
                expected,
                found,
                offset,
            } => write!(
                f,
                "at byte {offset}: expected format {expected:?}, found {found}"
            ),
            LookupError::Empty { offset } => write!(f, "at byte {offset}: the value is empty"),
        }
    }
}

impl core::error::Error for LookupError {}
