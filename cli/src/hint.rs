//! Hints for the wrong kind of input, a first-hour mistake: a property list
//! decoded as a bare value list or the reverse (the core's error says what
//! the bytes are; the hint says how to read them here), the JSON form or a
//! hex dump given to `decode` or `dump`, a binary list given to `encode`,
//! an empty input. Each is appended to the error message, which keeps its
//! position.

use clusprop::{DecodeError, DecodeErrorKind};

use crate::error::Failure;

/// The failure for a binary list that did not parse as the kind asked
/// for, with a hint when the input is another kind.
pub fn binary_failure(error: DecodeError, bytes: &[u8]) -> Failure {
    let hint = if bytes.is_empty() {
        " (the input is empty)"
    } else if looks_like_json(bytes) {
        " (this looks like the JSON form: `clusprop encode` reads it)"
    } else if looks_like_hex_text(bytes) {
        " (this looks like a hex dump, which is text: give the binary list itself; \
         `xxd -r -p` turns plain hex digits back into bytes, `xxd -r` an xxd dump)"
    } else if matches!(error.kind(), DecodeErrorKind::LooksLikeValueList { .. }) {
        // The core's message says what the bytes are and ends "read it as
        // a value list" (or "as a property list"); this says how, here.
        " with --value-list"
    } else if matches!(error.kind(), DecodeErrorKind::LooksLikePropertyList { .. }) {
        " without --value-list"
    } else {
        ""
    };
    Failure::bad_input(format!("{error}{hint}"))
}

/// A hint for `encode` when its input is empty, not text at all, or a hex
/// dump.
pub fn for_json(bytes: &[u8]) -> &'static str {
    if bytes.is_empty() {
        " (the input is empty)"
    } else if std::str::from_utf8(bytes).is_err() {
        " (the input is not UTF-8 text: if it is a binary list, `clusprop decode` reads it)"
    } else if bytes.iter().take(4).any(|&b| b == 0) {
        // A binary list starts with a count or a syntax word whose high
        // bytes are zero; text with a NUL further on is text with a stray
        // NUL, which the error's line and column point at.
        " (the input starts with a NUL byte, as a binary list does: `clusprop decode` \
         reads binary lists)"
    } else if looks_like_hex_text(bytes) {
        " (this looks like a hex dump, not the JSON form: `xxd -r -p` turns plain hex \
         digits into the binary list, which `clusprop decode` reads)"
    } else {
        ""
    }
}

/// UTF-8 text whose first character, after an optional byte-order mark and
/// white space, opens a JSON object.
fn looks_like_json(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(text).is_ok_and(|t| t.trim_start().starts_with('{'))
}

/// Printable ASCII text that starts like a hex dump of a list rather than
/// the list: its first word (less a trailing `:` or `,`, as in `xxd`'s
/// offsets or a C array, and a `0x`) is at least four hex digits, or its
/// first four words are bytes in hex (`01 00 00 00`, `0x01, 0x00, ...`). A
/// binary list starts with a little-endian count, whose high bytes are zero
/// in any real list, so it is never such text.
fn looks_like_hex_text(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if !text
        .iter()
        .all(|&b| b.is_ascii_graphic() || b.is_ascii_whitespace())
    {
        return false;
    }
    let digits = |word: &[u8]| -> Option<usize> {
        let word = word
            .strip_suffix(b":")
            .or_else(|| word.strip_suffix(b","))
            .unwrap_or(word);
        let word = word
            .strip_prefix(b"0x")
            .or_else(|| word.strip_prefix(b"0X"))
            .unwrap_or(word);
        (!word.is_empty() && word.iter().all(u8::is_ascii_hexdigit)).then_some(word.len())
    };
    let mut words = text
        .split(|b| b.is_ascii_whitespace())
        .filter(|word| !word.is_empty())
        .map(digits);
    match words.next() {
        Some(Some(n)) if n >= 4 => true,
        Some(Some(2)) => words.take(3).filter(|&w| w == Some(2)).count() == 3,
        _ => false,
    }
}
