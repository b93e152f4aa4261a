//! `struct clusprop_error` and the failures the functions report.

use std::borrow::Cow;
use std::ffi::c_char;
use std::fmt;

use crate::{
    CLUSPROP_ENCODE_FAILED, CLUSPROP_INTERNAL_ERROR, CLUSPROP_INVALID_DATA,
    CLUSPROP_INVALID_PARAMETER, CLUSPROP_KIND_BUFFER_TOO_SMALL, CLUSPROP_KIND_DECODE,
    CLUSPROP_KIND_ENCODE, CLUSPROP_KIND_INVALID_ARGUMENT, CLUSPROP_KIND_JSON,
    CLUSPROP_KIND_NOT_FOUND, CLUSPROP_KIND_NULL_POINTER, CLUSPROP_KIND_PANIC,
    CLUSPROP_KIND_WRONG_FORMAT, CLUSPROP_MORE_DATA, CLUSPROP_NOT_FOUND, CLUSPROP_TYPE_MISMATCH,
};

/// Bytes of `clusprop_error::message`, its NUL included.
pub const CLUSPROP_MESSAGE_LEN: usize = 256;

/// What went wrong, filled by every function that takes it (and cleared on
/// success).
#[repr(C)]
pub struct clusprop_error {
    /// One of the `CLUSPROP_KIND_*` constants.
    pub kind: u32,
    /// For `CLUSPROP_KIND_DECODE`: the byte offset of the fault in the input
    /// (as `clusprop decode` reports it); for a lookup whose value has the
    /// wrong format or a string value with an unpaired UTF-16 surrogate
    /// (`CLUSPROP_KIND_WRONG_FORMAT`): the value's offset; 0 otherwise, a
    /// JSON error (`CLUSPROP_KIND_JSON`) included: its place in the text is
    /// `line` and `column`.
    pub offset: usize,
    /// For `CLUSPROP_KIND_JSON` from `clusprop_from_json`: the line of the
    /// fault in the JSON text, counted from 1 (what `message` names at its
    /// end, `at line 3 column 5`, here whatever part of the message is
    /// kept). 0 when the error has no place in the text (UTF-16 text, a
    /// `clusprop_to_json` failure) and for every other kind; a success
    /// clears it.
    pub line: usize,
    /// For `CLUSPROP_KIND_JSON` from `clusprop_from_json`: the column of the
    /// fault in that line, counted from 1 in characters (Unicode scalar
    /// values, as an editor shows them, not UTF-8 bytes; a byte-order mark
    /// at the start of the text is not counted). 0 whenever `line` is 0.
    pub column: usize,
    /// What went wrong, UTF-8, NUL-terminated, at most 255 bytes: a longer
    /// text keeps its start and its last 96 bytes (where the location is:
    /// `at line 1 column 86`) with an ellipsis (U+2026) between, cut at
    /// character boundaries.
    /// Control characters (C0, DEL, C1), Unicode line and paragraph
    /// separators, bidirectional controls and characters that show as
    /// nothing (a zero-width space, a byte-order mark), from the caller's
    /// text it quotes, are escaped (`\0`, `\n`, `\u{1b}`, `\u{2028}`,
    /// `\u{202e}`, `\u{200b}`), so the message is one line that shows as
    /// it reads. A name quoted in it has its `"` and `\` written `\"` and
    /// `\\` (`no property named "a\"b"`), so the quote reads back to one
    /// name.
    pub message: [c_char; CLUSPROP_MESSAGE_LEN],
}

/// A failure: the status to return and the details for `clusprop_error`.
#[derive(Debug)]
pub struct Failure {
    /// The status (a `CLUSPROP_*` status constant).
    pub status: i32,
    /// The error kind (a `CLUSPROP_KIND_*` constant).
    pub kind: u32,
    /// The byte offset, where there is one.
    pub offset: usize,
    /// The line in a JSON text, from 1, where there is one (else 0).
    pub line: usize,
    /// The column (in characters) in a JSON text, from 1, where there is
    /// one (else 0).
    pub column: usize,
    /// The message.
    pub message: String,
}

impl Failure {
    fn new(status: i32, kind: u32, offset: usize, message: impl fmt::Display) -> Self {
        Failure {
            status,
            kind,
            offset,
            line: 0,
            column: 0,
            message: message.to_string(),
        }
    }

    /// A required pointer argument was NULL.
    pub fn null(argument: &str) -> Self {
        Self::new(
            CLUSPROP_INVALID_PARAMETER,
            CLUSPROP_KIND_NULL_POINTER,
            0,
            format!("{argument} is NULL"),
        )
    }

    /// An argument that is not valid.
    pub fn invalid(message: impl fmt::Display) -> Self {
        Self::new(
            CLUSPROP_INVALID_PARAMETER,
            CLUSPROP_KIND_INVALID_ARGUMENT,
            0,
            message,
        )
    }

    /// The output buffer holds fewer than `needed` bytes.
    pub fn more_data(needed: usize, capacity: usize) -> Self {
        Self::new(
            CLUSPROP_MORE_DATA,
            CLUSPROP_KIND_BUFFER_TOO_SMALL,
            0,
            format!("the buffer holds {capacity} bytes, {needed} are needed"),
        )
    }

    /// A panic caught at the boundary, with its message when it has one
    /// (`panic!` with text gives a `&str` or a `String`): the default hook
    /// prints it to stderr, which a service or a GUI application does not
    /// show, so `err` is where the caller can see it.
    pub fn panic(payload: &(dyn std::any::Any + Send)) -> Self {
        const TEXT: &str = "internal error (a panic in clusprop was caught)";
        let said = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
        let message = match said {
            Some(said) => format!("{TEXT}: {said}"),
            None => TEXT.to_string(),
        };
        Self::new(CLUSPROP_INTERNAL_ERROR, CLUSPROP_KIND_PANIC, 0, message)
    }

    /// A failure of the JSON form with no place in a text (writing JSON).
    pub fn json(message: impl fmt::Display) -> Self {
        Self::new(CLUSPROP_INVALID_DATA, CLUSPROP_KIND_JSON, 0, message)
    }

    /// JSON text that is not the JSON form, with the line and column the
    /// reader gives (both 0 for UTF-16 text, which has no place).
    pub fn json_text(e: clusprop::JsonTextError) -> Self {
        Failure {
            line: e.line,
            column: e.column,
            ..Self::json(format_args!("invalid JSON form: {e}"))
        }
    }

    /// Copies the details into `err`: kind, offset, line, column, and the
    /// message escaped and cut to fit ([`fill_message`]), NUL-terminated.
    pub fn fill(&self, err: &mut clusprop_error) {
        err.kind = self.kind;
        err.offset = self.offset;
        err.line = self.line;
        err.column = self.column;
        fill_message(&mut err.message, &self.message);
    }
}

/// `text` with each control character, Unicode line or paragraph
/// separator, bidirectional formatting character and invisible character
/// escaped, as the core's [`clusprop::escaped`] writes them (`\0`, `\n`,
/// `\u{1b}`, `\u{202e}`, `\u{200b}`): messages echo the caller's text (a
/// JSON key, a name), and a NUL there would end the C string early, an
/// escape sequence would reach the caller's terminal or log, a line
/// separator would break the one line, a bidi control would reorder how it
/// shows, an invisible character would make two names look the same.
fn escape_controls(text: &str) -> Cow<'_, str> {
    clusprop::escaped(text).to_cow()
}

/// Bytes kept from the end of a message too long for `clusprop_error`: the
/// location comes last (`... in property 0 "A", value 0 at line 1 column
/// 86`), so cutting only the end lost where the fault is whenever the
/// caller's text quoted before it (a long JSON key or name) was long.
const KEPT_TAIL: usize = 96;

/// What stands for the bytes left out of a long message.
const ELISION: &str = "\u{2026}";

/// `text` into `out`, its control characters escaped ([`escape_controls`]),
/// NUL-terminated. A text longer than the 255 bytes there is room for keeps
/// its start and its last [`KEPT_TAIL`] bytes, with "…" between them, each
/// cut at a character boundary.
pub fn fill_message(out: &mut [c_char; CLUSPROP_MESSAGE_LEN], text: &str) {
    let text = escape_controls(text);
    let room = CLUSPROP_MESSAGE_LEN - 1;
    let pieces: [&str; 3] = if text.len() <= room {
        [&text, "", ""]
    } else {
        let mut head_end = room - ELISION.len() - KEPT_TAIL;
        while !text.is_char_boundary(head_end) {
            head_end -= 1;
        }
        let mut tail_start = text.len() - KEPT_TAIL;
        while !text.is_char_boundary(tail_start) {
            tail_start += 1;
        }
        [&text[..head_end], ELISION, &text[tail_start..]]
    };
    let bytes = pieces.iter().flat_map(|piece| piece.bytes());
    let mut end = 0;
    // At most `room` bytes: the zip stops at the array's end in any case.
    for (slot, byte) in out[..room].iter_mut().zip(bytes) {
        *slot = byte as c_char;
        end += 1;
    }
    out[end..].fill(0);
}

/// Clears `err` (a success).
pub fn clear(err: &mut clusprop_error) {
    err.kind = crate::CLUSPROP_KIND_NONE;
    err.offset = 0;
    err.line = 0;
    err.column = 0;
    err.message.fill(0);
}

impl From<clusprop::DecodeError> for Failure {
    fn from(e: clusprop::DecodeError) -> Self {
        Self::new(CLUSPROP_INVALID_DATA, CLUSPROP_KIND_DECODE, e.offset(), e)
    }
}

impl From<clusprop::EncodeError> for Failure {
    fn from(e: clusprop::EncodeError) -> Self {
        Self::new(CLUSPROP_ENCODE_FAILED, CLUSPROP_KIND_ENCODE, 0, e)
    }
}

impl Failure {
    /// The encoder's refusal of a JSON form document, with the path to the
    /// property or value it refused when one is known
    /// (`... in property 1 "B", value 0`).
    pub fn encode(e: clusprop::LocatedEncodeError) -> Self {
        Self::new(CLUSPROP_ENCODE_FAILED, CLUSPROP_KIND_ENCODE, 0, e)
    }
}

impl From<clusprop::LookupError> for Failure {
    fn from(e: clusprop::LookupError) -> Self {
        match e {
            clusprop::LookupError::NotFound { .. } => {
                Self::new(CLUSPROP_NOT_FOUND, CLUSPROP_KIND_NOT_FOUND, 0, e)
            }
            // The C ABI reads parsed buffers only: every place is a byte.
            clusprop::LookupError::WrongFormat { at, .. }
            | clusprop::LookupError::Empty { at, .. }
            | clusprop::LookupError::NotUnicode { at, .. } => Self::new(
                CLUSPROP_TYPE_MISMATCH,
                CLUSPROP_KIND_WRONG_FORMAT,
                at.byte().unwrap_or(0),
                e,
            ),
            other => Self::new(CLUSPROP_TYPE_MISMATCH, CLUSPROP_KIND_WRONG_FORMAT, 0, other),
        }
    }
}
