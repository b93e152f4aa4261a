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

/// A field of a structure carried inside a value (a security descriptor,
/// a storage device id descriptor), named in [`DecodeErrorKind::StructTruncated`],
/// [`DecodeErrorKind::StructOutOfRange`] and [`DecodeErrorKind::StructInvalid`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StructField {
    /// The 20-byte `SECURITY_DESCRIPTOR_RELATIVE` header (MS-DTYP 2.4.6).
    SdHeader,
    /// `Revision` of a security descriptor (must be 1).
    SdRevision,
    /// `Control` of a security descriptor (`SE_SELF_RELATIVE` must be set).
    SdControl,
    /// `OffsetOwner`.
    SdOwnerOffset,
    /// `OffsetGroup`.
    SdGroupOffset,
    /// `OffsetSacl`.
    SdSaclOffset,
    /// `OffsetDacl`.
    SdDaclOffset,
    /// The 8-byte fixed part of a SID (MS-DTYP 2.4.2.2).
    SidHeader,
    /// `Revision` of a SID (must be 1).
    SidRevision,
    /// `SubAuthorityCount` of a SID (at most 15, and its sub-authorities must fit).
    SidSubAuthorityCount,
    /// The 8-byte ACL header (MS-DTYP 2.4.5).
    AclHeader,
    /// `AclRevision` (2 or 4).
    AclRevision,
    /// `AclSize`.
    AclSize,
    /// `AceCount`.
    AceCount,
    /// The 4-byte ACE header (MS-DTYP 2.4.4.1).
    AceHeader,
    /// `AceSize` of an ACE (at least its header, a multiple of 4, inside the ACL).
    AceSize,
    /// The mask and SID of an access-allowed, access-denied or audit ACE.
    AceBody,
    /// The 12-byte `STORAGE_DEVICE_ID_DESCRIPTOR` header.
    StorageIdHeader,
    /// `Size` of a `STORAGE_DEVICE_ID_DESCRIPTOR`.
    StorageIdSize,
    /// The 16-byte fixed part of a `STORAGE_IDENTIFIER`.
    IdentifierHeader,
    /// `IdentifierSize` of a `STORAGE_IDENTIFIER`.
    IdentifierSize,
    /// `NextOffset` of a `STORAGE_IDENTIFIER`.
    IdentifierNextOffset,
    /// A `{GUID}` string (`CLUSPROP_SYNTAX_DISK_GUID`).
    GuidText,
}

impl fmt::Display for StructField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StructField::SdHeader => "the security descriptor header",
            StructField::SdRevision => "the security descriptor revision",
            StructField::SdControl => "the security descriptor control flags",
            StructField::SdOwnerOffset => "the owner offset",
            StructField::SdGroupOffset => "the group offset",
            StructField::SdSaclOffset => "the SACL offset",
            StructField::SdDaclOffset => "the DACL offset",
            StructField::SidHeader => "a SID header",
            StructField::SidRevision => "a SID revision",
            StructField::SidSubAuthorityCount => "a SID sub-authority count",
            StructField::AclHeader => "an ACL header",
            StructField::AclRevision => "an ACL revision",
            StructField::AclSize => "an ACL size",
            StructField::AceCount => "an ACL's ACE count",
            StructField::AceHeader => "an ACE header",
            StructField::AceSize => "an ACE size",
            StructField::AceBody => "an ACE's mask and SID",
            StructField::StorageIdHeader => "the storage device id descriptor header",
            StructField::StorageIdSize => "the storage device id descriptor size",
            StructField::IdentifierHeader => "a storage identifier header",
            StructField::IdentifierSize => "a storage identifier size",
            StructField::IdentifierNextOffset => "a storage identifier's next offset",
            StructField::GuidText => "a GUID string",
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
    /// The data ends after a value, where another value or the end mark
    /// that closes the values (of a property, or a bare value list) should
    /// start: the end mark is missing. (The data ending inside a field is
    /// [`Truncated`](Self::Truncated).)
    MissingEndMark,
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
    /// A structure inside a value ends before `field` does.
    StructTruncated {
        /// The field that is cut short.
        field: StructField,
    },
    /// An offset or size in a structure inside a value points past its end.
    StructOutOfRange {
        /// The offset or size field.
        field: StructField,
        /// Its value.
        value: u32,
        /// The length it must stay within, in bytes (for
        /// [`StructField::AceCount`], how many ACEs the ACL's size holds).
        limit: usize,
    },
    /// A field of a structure inside a value holds a value its layout forbids.
    StructInvalid {
        /// The field.
        field: StructField,
        /// Its value.
        value: u32,
    },
    /// A property list whose count cannot be one and whose bytes look like
    /// a bare value list: the count read is a value's syntax word (a bare
    /// value list has no count; `0x00010002` is a DWORD entry, read as a
    /// count of 65538). Reported at byte 0, for the outermost list only,
    /// when the count asks for more properties than the buffer can hold
    /// and the bytes parse as a value list, or their first word is a known
    /// value syntax other than a name's (a property list that lost its
    /// count starts with a name). Read them with
    /// [`ValueList::parse`](crate::ValueList::parse).
    LooksLikeValueList {
        /// The first word, as a syntax.
        first: Syntax,
        /// Whether the whole buffer is a valid value list (under the same
        /// options), not only one that starts like one.
        valid: bool,
    },
    /// [`LooksLikeValueList`](Self::LooksLikeValueList)'s twin: a bare
    /// value list whose bytes are a property list, read as a value list
    /// fails at its first word, the property count. Reported at byte 0,
    /// for the outermost list only, when the bytes are a valid property
    /// list (under the same options), or start as one: a first word below
    /// 0x10000, a count and no value's syntax (a value syntax has a type,
    /// in its upper half), then a name entry's syntax (a property list's
    /// first entry is its first name). Read them with
    /// [`PropertyList::parse`](crate::PropertyList::parse).
    LooksLikePropertyList {
        /// The first word: the property count.
        count: u32,
        /// Whether the whole buffer is a valid property list, not only one
        /// that starts like one.
        valid: bool,
    },
}

/// Whether `length` bytes obey `rule` (the content aside: a string's
/// terminating NUL, a structure's fields).
fn rule_allows(rule: LengthRule, length: usize) -> bool {
    let Ok(length) = u32::try_from(length) else {
        return matches!(rule, LengthRule::AtLeast(_) | LengthRule::Any);
    };
    match rule {
        LengthRule::Exact(n) => length == n,
        LengthRule::OneOf(a, b) => length == a || length == b,
        LengthRule::AtLeast(n) => length >= n,
        LengthRule::String => length >= 2 && length % 2 == 0,
        LengthRule::Any => true,
    }
}

/// "byte" or "bytes", as `count` needs.
const fn bytes(count: usize) -> &'static str {
    if count == 1 { "byte" } else { "bytes" }
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

/// How a reading pass reports a broken rule: [`DecodeError`] says what and
/// where, [`Fault`] only that something is wrong.
///
/// The framing step and the validator are generic over it, so the same rules
/// run twice at most: first reporting [`Fault`], which the compiler reduces to
/// a flag (no error is built or moved on the hot path), then, only when that
/// pass failed, reporting [`DecodeError`] to say what and where.
pub(crate) trait Report: Sized {
    /// The report of a fault of `kind` at byte `offset`.
    fn fault(kind: DecodeErrorKind, offset: usize) -> Self;
}

impl Report for DecodeError {
    #[inline]
    fn fault(kind: DecodeErrorKind, offset: usize) -> Self {
        DecodeError::new(kind, offset)
    }
}

/// `at character N` in a message: `index`, a character's place in a text
/// from 0 (every place the crate reports this way counts only ASCII before
/// it, so its byte index is its character index), shown from 1, as the
/// line and column of a JSON text are.
pub(crate) struct AtCharacter(pub usize);

impl fmt::Display for AtCharacter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}", self.0.saturating_add(1))
    }
}

/// That a rule is broken, and nothing more (see [`Report`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fault;

impl Report for Fault {
    #[inline(always)]
    fn fault(_: DecodeErrorKind, _: usize) -> Self {
        Fault
    }
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

impl DecodeErrorKind {
    /// A stable snake_case name for the rule that was broken (`"truncated"`,
    /// `"wrong_length"`, ...): the variant's name, for bindings in other
    /// languages (the Python package's `DecodeError.kind`).
    ///
    /// ```
    /// let err = clusprop::PropertyList::parse(&[0x01, 0, 0]).unwrap_err();
    /// assert_eq!(err.kind().name(), "truncated");
    /// ```
    pub const fn name(&self) -> &'static str {
        use DecodeErrorKind::*;
        match *self {
            Truncated { .. } => "truncated",
            MissingProperty { .. } => "missing_property",
            LengthExceedsBuffer { .. } => "length_exceeds_buffer",
            ExpectedName { .. } => "expected_name",
            UnexpectedName => "unexpected_name",
            MissingEndMark => "missing_end_mark",
            NoValue => "no_value",
            TooManyValues { .. } => "too_many_values",
            SyntaxNotAllowed { .. } => "syntax_not_allowed",
            NotListValue { .. } => "not_list_value",
            EmptyName => "empty_name",
            OddStringLength { .. } => "odd_string_length",
            NotNulTerminated => "not_nul_terminated",
            InteriorNul => "interior_nul",
            DataAfterMultiSzEnd => "data_after_multi_sz_end",
            WrongLength { .. } => "wrong_length",
            EmptyValue { .. } => "empty_value",
            TooDeep { .. } => "too_deep",
            TrailingBytes { .. } => "trailing_bytes",
            MissingTrailingEndMark => "missing_trailing_end_mark",
            UnexpectedTrailingEndMark => "unexpected_trailing_end_mark",
            NonZeroPadding => "non_zero_padding",
            ExpandedSzFromClient => "expanded_sz_from_client",
            StructTruncated { .. } => "struct_truncated",
            StructOutOfRange { .. } => "struct_out_of_range",
            StructInvalid { .. } => "struct_invalid",
            LooksLikeValueList { .. } => "looks_like_value_list",
            LooksLikePropertyList { .. } => "looks_like_property_list",
        }
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
                "length {length} (plus padding) exceeds the {available} {} that remain{}",
                bytes(available),
                if available == 1 { "s" } else { "" }
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
            MissingEndMark => f.write_str(
                "the data ends where a value or the end mark that closes the values should \
                 start (the end mark is missing)",
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
                write!(
                    f,
                    "{count} unexpected {} after the end of the list",
                    bytes(count)
                )
            }
            MissingTrailingEndMark => f.write_str("the trailing list end mark is missing"),
            UnexpectedTrailingEndMark => f.write_str("a trailing list end mark is not allowed"),
            NonZeroPadding => f.write_str("non-zero padding byte"),
            ExpandedSzFromClient => {
                f.write_str("EXPANDED_SZ value in a client-built list (MS-CMRP 2.2.2.3)")
            }
            StructTruncated { field } => write!(f, "the value ends inside {field}"),
            // The counts are told in their own unit: an ACE count's limit
            // is how many ACEs the ACL's size holds, a sub-authority
            // count's the bytes left for the SID it implies.
            StructOutOfRange {
                field: StructField::AceCount,
                value,
                limit,
            } => write!(
                f,
                "{} is {value}, past the {limit} ACE{} its size holds",
                StructField::AceCount,
                if limit == 1 { "" } else { "s" }
            ),
            StructOutOfRange {
                field: StructField::SidSubAuthorityCount,
                value,
                limit,
            } => write!(
                f,
                "{} is {value} (a SID of {} bytes), past the {limit} {} it must stay within",
                StructField::SidSubAuthorityCount,
                8 + 4 * u64::from(value),
                bytes(limit)
            ),
            StructOutOfRange {
                field,
                value,
                limit,
            } => write!(
                f,
                "{field} is {value}, past the {limit} {} it must stay within",
                bytes(limit)
            ),
            StructInvalid { field, value } => {
                write!(f, "{field} has the invalid value {value} ({value:#x})")
            }
            // Worded for every reader: the Rust API's `ValueList::parse`,
            // the CLI's `--value-list` and Python's `decode_value_list`
            // each "read it as a value list"; they may add their pointer.
            LooksLikeValueList { first, valid } => write!(
                f,
                "the property count {count} is more than the data can hold: {what}, not a \
                 property list (it starts with a {first} entry where a property list has \
                 its count): read it as a value list",
                count = u32::from(first),
                what = if valid {
                    "this is a valid value list"
                } else {
                    "this looks like a value list"
                },
            ),
            LooksLikePropertyList { count, valid } => write!(
                f,
                "the first word, {count}, is a property count, not a value's syntax: {what}, \
                 not a value list (it starts with a count and a name entry, where a value \
                 list starts with its first value): read it as a property list",
                what = if valid {
                    "this is a valid property list"
                } else {
                    "this looks like a property list"
                },
            ),
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
    /// Owned lists nested deeper than [`MAX_DEPTH_LIMIT`](crate::limits::MAX_DEPTH_LIMIT).
    TooDeep,
    /// A time before 1601-01-01 or after the last tick a `FILETIME` counts.
    TimeOutOfRange,
    /// An owned value whose data is of another kind than its syntax's format
    /// holds (`OwnedValue::new` with a string for a DWORD syntax).
    WrongData {
        /// The value's syntax; the message names the kinds of data its
        /// format holds.
        syntax: Syntax,
    },
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
                crate::limits::DEFAULT_MAX_DEPTH
            ),
            EncodeError::TimeOutOfRange => {
                f.write_str("time outside the FILETIME range (1601-01-01 to year 60056)")
            }
            EncodeError::WrongData { syntax } => {
                write!(
                    f,
                    "{syntax} cannot hold data of that kind: its format holds "
                )?;
                match crate::formats::owned_data_kind(syntax.format()) {
                    Some(kind) => write!(f, "OwnedData::{kind}, Raw or Empty"),
                    None => f.write_str("OwnedData::Raw or Empty"),
                }
            }
            EncodeError::WrongLength { syntax, length } => {
                write!(f, "{syntax} cannot have ")?;
                let rule = syntax.length_rule();
                if rule_allows(rule, length) {
                    // The length is not what is wrong: what the bytes hold is.
                    write!(
                        f,
                        "these {length} {} of data (the length suits it; what they hold does \
                         not)",
                        bytes(length)
                    )
                } else {
                    write!(f, "{length} {} of data: ", bytes(length))?;
                    match rule {
                        LengthRule::Exact(n) => write!(f, "it needs exactly {n}"),
                        LengthRule::OneOf(a, b) => write!(f, "it needs {a} or {b}"),
                        LengthRule::AtLeast(n) => write!(f, "it needs at least {n}"),
                        LengthRule::String | LengthRule::Any => f.write_str(
                            "it needs an even number, at least 2 (a NUL-terminated UTF-16 \
                             string)",
                        ),
                    }
                }
            }
        }
    }
}

impl core::error::Error for EncodeError {}

/// The name a failed lookup looked for, copied into the error.
///
/// The lookup's name belongs to the caller, so a borrowing error would tie
/// every `Result<_, LookupError>` to the caller's string and could not travel
/// through `?` into `Box<dyn Error>`. Instead the first
/// [`LookupName::CAPACITY`] bytes of UTF-8 (cut at a character boundary) are
/// copied inline: no allocation (the crate is `no_std`), and the error stays
/// `Copy`. Property names are short; a longer one is marked as cut
/// ([`is_truncated`](Self::is_truncated)) and displayed with a trailing `…`.
///
/// ```
/// use clusprop::LookupName;
/// let name = LookupName::new("Virtual Machine");
/// assert_eq!(name.as_str(), "Virtual Machine");
/// assert!(!name.is_truncated());
/// let long = "x".repeat(100);
/// assert_eq!(LookupName::new(&long).as_str().len(), LookupName::CAPACITY);
/// assert!(LookupName::new(&long).is_truncated());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct LookupName {
    bytes: [u8; LookupName::CAPACITY],
    len: u8,
    truncated: bool,
}

impl LookupName {
    /// How many bytes of the name are kept.
    pub const CAPACITY: usize = 64;

    /// Copies `name`, or its longest prefix of whole characters that fits.
    pub fn new(name: &str) -> Self {
        let mut len = name.len().min(Self::CAPACITY);
        while !name.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0u8; Self::CAPACITY];
        bytes[..len].copy_from_slice(&name.as_bytes()[..len]);
        LookupName {
            bytes,
            // `len <= CAPACITY = 64`: the cast is exact.
            len: len as u8,
            truncated: len < name.len(),
        }
    }

    /// Copies a name read from the wire, as UTF-8 (an unpaired surrogate
    /// becomes U+FFFD), or its longest prefix of whole characters that fits.
    #[cold]
    pub(crate) fn from_utf16(name: crate::Utf16Str<'_>) -> Self {
        let mut bytes = [0u8; Self::CAPACITY];
        let mut len = 0;
        let mut truncated = false;
        for c in name.chars() {
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            let width = c.len_utf8();
            if len + width > Self::CAPACITY {
                truncated = true;
                break;
            }
            c.encode_utf8(&mut bytes[len..len + width]);
            len += width;
        }
        LookupName {
            bytes,
            // `len <= CAPACITY = 64`: the cast is exact.
            len: len as u8,
            truncated,
        }
    }

    /// The kept name (all of it unless [`is_truncated`](Self::is_truncated)).
    pub fn as_str(&self) -> &str {
        // Copied from a `&str` and cut at a character boundary.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    /// Whether the name was longer than [`CAPACITY`](Self::CAPACITY) bytes.
    pub const fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Display for LookupName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for LookupName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())?;
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl PartialEq<str> for LookupName {
    fn eq(&self, other: &str) -> bool {
        !self.truncated && self.as_str() == other
    }
}

impl PartialEq<&str> for LookupName {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// Where a looked-up value stands: its entry's byte offset in a parsed
/// buffer, or, in the owned model (which has no bytes), its property's
/// index. `Display` says which: `byte 36`, `property 2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueAt {
    /// Byte offset of the value's entry in the outermost parsed buffer.
    Byte(usize),
    /// Index of the property in `OwnedPropertyList::properties` (the owned
    /// model, feature `alloc`).
    Property(usize),
}

impl ValueAt {
    /// The byte offset, for a value of a parsed buffer.
    pub const fn byte(self) -> Option<usize> {
        match self {
            ValueAt::Byte(offset) => Some(offset),
            ValueAt::Property(_) => None,
        }
    }
}

impl fmt::Display for ValueAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueAt::Byte(offset) => write!(f, "byte {offset}"),
            ValueAt::Property(index) => write!(f, "property {index}"),
        }
    }
}

/// A typed lookup that found nothing usable.
///
/// `at` fields say where the value stands ([`ValueAt`]): a byte offset in
/// a parsed buffer, a property's index in the owned model. `property`
/// fields name the property the value belongs to when the lookup went
/// through one (`get` on a list or a property); a value read on its own
/// ([`RawValue::to`](crate::RawValue::to)) has no name to give. Like
/// [`LookupName`], the name is a bounded copy: the error needs no
/// allocation and stays `Copy`.
///
/// The message names the property (quoted, see [`quoted`](crate::quoted)),
/// what was asked, what was found and where, in the words of the format
/// (the short names of the JSON form and the `TYPE:VALUE` notation), not of
/// Rust types: the Python package and the C ABI show the same text.
///
/// ```
/// let mut buf = [0u8; 64];
/// let mut b = clusprop::PropertyListBuilder::new(&mut buf);
/// b.property("Name", &clusprop::Sz("ab"))?;
/// let n = b.finish()?;
/// let list = clusprop::PropertyList::parse(&buf[..n])?;
/// let err = list.get::<u32>("name").unwrap_err();
/// assert_eq!(err.property().map(|p| p.as_str()), Some("Name"));
/// assert_eq!(
///     err.to_string(),
///     "property \"Name\", value at byte 24: expected format dword, \
///      found CLUSPROP_SYNTAX_LIST_VALUE_SZ (0x00010003) of format sz"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LookupError {
    /// No property has that name (resutils: `ERROR_FILE_NOT_FOUND`).
    NotFound {
        /// The name looked for (see [`LookupName`] for why it is a copy).
        name: LookupName,
    },
    /// The property has fewer values than the index asked for.
    NoSuchValue {
        /// The 0-based index asked for.
        index: usize,
        /// How many values the property has (a `u32`, as on the wire, so
        /// the error stays small; the owned model's count saturates).
        count: u32,
        /// Where the property stands (the byte offset of its name entry, or
        /// its index in the owned model).
        at: ValueAt,
        /// The property's name.
        property: Option<LookupName>,
    },
    /// The value has another format than the one asked for.
    WrongFormat {
        /// The format the caller asked for.
        expected: PropertyFormat,
        /// The syntax of the value found.
        found: Syntax,
        /// Where the value stands.
        at: ValueAt,
        /// The name of the property the value belongs to, when known.
        property: Option<LookupName>,
    },
    /// The value is empty (a "reset to default" request carries no data).
    Empty {
        /// Where the value stands.
        at: ValueAt,
        /// The name of the property the value belongs to, when known.
        property: Option<LookupName>,
    },
    /// A cluster boolean is a DWORD 0 or 1; this one holds another number.
    NotABool {
        /// The DWORD found.
        value: u32,
        /// Where the value stands.
        at: ValueAt,
        /// The name of the property the value belongs to, when known.
        property: Option<LookupName>,
    },
    /// A string with an unpaired surrogate, read as a Rust `String`
    /// (read it as [`Utf16Str`](crate::Utf16Str) to keep it).
    NotUnicode {
        /// Where the value stands.
        at: ValueAt,
        /// The name of the property the value belongs to, when known.
        property: Option<LookupName>,
    },
    /// A `FILETIME` the platform's `SystemTime` cannot hold.
    TimeOutOfRange {
        /// The ticks found.
        ticks: u64,
        /// Where the value stands.
        at: ValueAt,
        /// The name of the property the value belongs to, when known.
        property: Option<LookupName>,
    },
    /// The value has another syntax than the structure asked for (the storage
    /// structures share the `BINARY` format, so their syntax decides).
    WrongSyntax {
        /// The syntax the caller's type reads.
        expected: Syntax,
        /// The syntax of the value found.
        found: Syntax,
        /// Where the value stands.
        at: ValueAt,
        /// The name of the property the value belongs to, when known.
        property: Option<LookupName>,
    },
    /// The value's bytes do not form the structure asked for (a security
    /// descriptor whose owner lies outside it, say).
    Malformed {
        /// What is wrong and where: the offset is relative to the outermost
        /// buffer (in the owned model, to the value's own data).
        error: DecodeError,
        /// The name of the property the value belongs to, when known.
        property: Option<LookupName>,
    },
}

impl LookupError {
    /// `NotFound` for `name`.
    pub fn not_found(name: &str) -> Self {
        LookupError::NotFound {
            name: LookupName::new(name),
        }
    }

    /// `Malformed` for `error`, not yet naming a property (a lookup by name
    /// adds it, see [`in_property`](Self::in_property)): what a
    /// [`FromValue`](crate::FromValue) of one's own returns for bytes that
    /// do not form its structure.
    pub const fn malformed(error: DecodeError) -> Self {
        LookupError::Malformed {
            error,
            property: None,
        }
    }

    /// The name of the property the lookup read: the name looked for
    /// (`NotFound`), the property's name when the lookup went through
    /// one, `None` for a value read on its own.
    pub fn property(&self) -> Option<&LookupName> {
        match self {
            LookupError::NotFound { name } => Some(name),
            LookupError::NoSuchValue { property, .. }
            | LookupError::WrongFormat { property, .. }
            | LookupError::Empty { property, .. }
            | LookupError::NotABool { property, .. }
            | LookupError::NotUnicode { property, .. }
            | LookupError::TimeOutOfRange { property, .. }
            | LookupError::WrongSyntax { property, .. }
            | LookupError::Malformed { property, .. } => property.as_ref(),
        }
    }

    /// This error with its `property` set to `name` (a no-op for `NotFound`,
    /// which has its name): what a lookup by name does to
    /// the error of reading the value, so that the message names the
    /// property. A lookup of one's own (a [`FromValue`](crate::FromValue)
    /// read through [`RawValue::to`](crate::RawValue::to)) calls it to say
    /// which property failed.
    #[must_use]
    #[cold]
    pub fn in_property(self, name: &str) -> Self {
        self.with_property(LookupName::new(name))
    }

    /// [`in_property`](Self::in_property) with a name already copied.
    #[cold]
    pub(crate) fn with_property(mut self, name: LookupName) -> Self {
        match &mut self {
            LookupError::NoSuchValue { property, .. }
            | LookupError::WrongFormat { property, .. }
            | LookupError::Empty { property, .. }
            | LookupError::NotABool { property, .. }
            | LookupError::NotUnicode { property, .. }
            | LookupError::TimeOutOfRange { property, .. }
            | LookupError::WrongSyntax { property, .. }
            | LookupError::Malformed { property, .. } => *property = Some(name),
            LookupError::NotFound { .. } => {}
        }
        self
    }
}

/// `name` for a message, quoted as [`quoted`](crate::quoted) quotes names,
/// followed by `…` (outside the quotes, so that it cannot be read as part
/// of the name) when it was cut.
struct ShownName<'a>(&'a LookupName);

impl fmt::Display for ShownName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::quoted(self.0.as_str()))?;
        if self.0.is_truncated() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// Where a lookup's fault is, for the start of its message: the property
/// and the value's place (`property "Name", value at byte 24`,
/// `property 2 "Name"`), or the place alone (`at byte 24`).
struct Place<'a> {
    at: ValueAt,
    property: Option<&'a LookupName>,
    /// Whether `at` is the property's own place (`NoSuchValue`), not a value's.
    of_property: bool,
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.property, self.at) {
            (None, at) => write!(f, "at {at}"),
            (Some(name), ValueAt::Property(index)) => {
                write!(f, "property {index} {}", ShownName(name))
            }
            (Some(name), ValueAt::Byte(offset)) if self.of_property => {
                write!(f, "property {} at byte {offset}", ShownName(name))
            }
            (Some(name), ValueAt::Byte(offset)) => {
                write!(f, "property {}, value at byte {offset}", ShownName(name))
            }
        }
    }
}

/// A format as messages name it: its short name (`dword`, the JSON form's
/// and the notation's word), else its number.
struct FormatName(PropertyFormat);

impl fmt::Display for FormatName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.short_name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{:?}", self.0),
        }
    }
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn place(at: ValueAt, property: &Option<LookupName>) -> Place<'_> {
            Place {
                at,
                property: property.as_ref(),
                of_property: false,
            }
        }
        match self {
            LookupError::NotFound { name } => write!(f, "no property named {}", ShownName(name)),
            LookupError::NoSuchValue {
                index,
                count,
                at,
                property,
            } => write!(
                f,
                "{}: no value {index} (the property has {count} value{})",
                Place {
                    at: *at,
                    property: property.as_ref(),
                    of_property: true,
                },
                if *count == 1 { "" } else { "s" }
            ),
            LookupError::WrongFormat {
                expected,
                found,
                at,
                property,
            } => {
                write!(
                    f,
                    "{}: expected format {}, found {found}",
                    place(*at, property),
                    FormatName(*expected)
                )?;
                match found.format().short_name() {
                    Some(name) => write!(f, " of format {name}"),
                    None => Ok(()),
                }
            }
            LookupError::Empty { at, property } => write!(
                f,
                "{}: the value is empty (a reset to the default carries no data)",
                place(*at, property)
            ),
            LookupError::NotABool {
                value,
                at,
                property,
            } => write!(
                f,
                "{}: a boolean DWORD must be 0 or 1, found {value} ({value:#x})",
                place(*at, property)
            ),
            LookupError::NotUnicode { at, property } => write!(
                f,
                "{}: the string has an unpaired UTF-16 surrogate (it has no UTF-8 form)",
                place(*at, property)
            ),
            LookupError::TimeOutOfRange {
                ticks,
                at,
                property,
            } => write!(
                f,
                "{}: FILETIME {ticks:#x} is outside the times this platform can represent",
                place(*at, property)
            ),
            LookupError::WrongSyntax {
                expected,
                found,
                at,
                property,
            } => write!(
                f,
                "{}: expected {expected}, found {found}",
                place(*at, property)
            ),
            // The error says where (`at byte N: ...`), after the name:
            // `property "Security", at byte 44: ...`.
            LookupError::Malformed { error, property } => match property {
                Some(name) => write!(f, "property {}, {error}", ShownName(name)),
                None => error.fmt(f),
            },
        }
    }
}

/// No `source`: for [`LookupError::Malformed`], `Display` is the
/// [`DecodeError`]'s own message, so a reporter that prints the chain
/// (anyhow's `{:#}`, eyre) would print it twice; match the variant to get
/// the `DecodeError`.
impl core::error::Error for LookupError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wrong length says how long the data is, in the right number, and
    /// what the syntax's rule (the format table's) asks for.
    #[test]
    fn a_wrong_length_says_what_is_expected() {
        assert_eq!(
            EncodeError::WrongData {
                syntax: Syntax::LIST_VALUE_DWORD,
            }
            .to_string(),
            "CLUSPROP_SYNTAX_LIST_VALUE_DWORD (0x00010002) cannot hold data of that kind: its \
             format holds OwnedData::Dword, Raw or Empty"
        );
        let shown = |syntax, length| EncodeError::WrongLength { syntax, length }.to_string();
        assert_eq!(
            shown(Syntax::PARTITION_INFO, 1),
            "CLUSPROP_SYNTAX_PARTITION_INFO (0x00080001) cannot have 1 byte of data: it needs \
             exactly 1120"
        );
        assert_eq!(
            shown(Syntax::LIST_VALUE_DWORD, 2),
            "CLUSPROP_SYNTAX_LIST_VALUE_DWORD (0x00010002) cannot have 2 bytes of data: it \
             needs exactly 4"
        );
        assert_eq!(
            shown(Syntax::RESCLASS, 12),
            "CLUSPROP_SYNTAX_RESCLASS (0x00020002) cannot have 12 bytes of data: it needs 4 \
             or 8"
        );
        assert_eq!(
            shown(Syntax::LIST_VALUE_SECURITY_DESCRIPTOR, 3),
            "CLUSPROP_SYNTAX_LIST_VALUE_SECURITY_DESCRIPTOR (0x00010009) cannot have 3 bytes \
             of data: it needs at least 20"
        );
        assert_eq!(
            shown(Syntax::NAME, 0),
            "CLUSPROP_SYNTAX_NAME (0x00040003) cannot have 0 bytes of data: it needs an even \
             number, at least 2 (a NUL-terminated UTF-16 string)"
        );
        // A length the rule allows: the content is what is wrong.
        assert_eq!(
            shown(Syntax::LIST_VALUE_SECURITY_DESCRIPTOR, 40),
            "CLUSPROP_SYNTAX_LIST_VALUE_SECURITY_DESCRIPTOR (0x00010009) cannot have these 40 \
             bytes of data (the length suits it; what they hold does not)"
        );
    }

    /// The reader's limits in bytes (or ACEs) are counted in the right
    /// number: "1 byte", not "1 bytes".
    #[test]
    fn a_limit_of_one_is_singular() {
        let shown = |field, limit| {
            DecodeErrorKind::StructOutOfRange {
                field,
                value: 9,
                limit,
            }
            .to_string()
        };
        assert_eq!(
            shown(StructField::SdOwnerOffset, 1),
            "the owner offset is 9, past the 1 byte it must stay within"
        );
        assert_eq!(
            shown(StructField::SdOwnerOffset, 2),
            "the owner offset is 9, past the 2 bytes it must stay within"
        );
        assert_eq!(
            shown(StructField::AceCount, 1),
            "an ACL's ACE count is 9, past the 1 ACE its size holds"
        );
        assert_eq!(
            shown(StructField::SidSubAuthorityCount, 1),
            "a SID sub-authority count is 9 (a SID of 44 bytes), past the 1 byte it must stay \
             within"
        );
    }
}
