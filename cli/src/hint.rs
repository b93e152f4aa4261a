//! Hints for the wrong kind of input, a first-hour mistake: a bare value list
//! decoded as a property list (or the reverse), the JSON form given to
//! `decode` or `dump`, a binary list given to `encode`. Each is appended to
//! the error message, which keeps its position.

use clusprop::{DecodeError, DecodeOptions, PropertyList, ValueList};

use crate::error::Failure;

/// The failure for a binary list that did not parse as the kind asked for
/// (`value_list`), with a hint when the input is another kind.
pub fn binary_failure(
    error: DecodeError,
    bytes: &[u8],
    value_list: bool,
    options: &DecodeOptions,
) -> Failure {
    let hint = if looks_like_json(bytes) {
        " (this looks like the JSON form: `clusprop encode` reads it)"
    } else if value_list && PropertyList::parse_with(bytes, options).is_ok() {
        " (it is a valid property list: decode it without --value-list)"
    } else if !value_list && ValueList::parse_with(bytes, options).is_ok() {
        " (it is a valid bare value list: add --value-list)"
    } else {
        ""
    };
    Failure::bad_input(format!("{error}{hint}"))
}

/// A hint for `encode` when its input is not text at all.
pub fn for_json(bytes: &[u8]) -> &'static str {
    if bytes.contains(&0) || std::str::from_utf8(bytes).is_err() {
        " (the input is not UTF-8 text: if it is a binary list, `clusprop decode` reads it)"
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
