//! The JSON form read from text (feature `json`): how `clusprop encode`
//! and the C ABI's `clusprop_from_json` read a document, in one place.
//!
//! The text is UTF-8; a UTF-8 byte-order mark is skipped (RFC 8259 lets a
//! parser ignore one, and Windows tools write it), so that columns are what
//! an editor shows, and UTF-16 text is named as such. The document is read
//! straight into the owned model, with no intermediate JSON tree, and every
//! error says its line and column, counted from 1.

use alloc::string::{String, ToString};
use core::fmt;

use serde::Deserialize as _;

use crate::serde_impl::JsonList;

/// Why a text is not a JSON form document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonTextError {
    /// What kind of problem it is.
    pub kind: JsonTextErrorKind,
    /// The line of the fault, from 1 (0 for [`JsonTextErrorKind::Utf16`]).
    pub line: usize,
    /// The column of the fault in that line, from 1, in characters (as an
    /// editor shows it, not UTF-8 bytes; 0 for [`JsonTextErrorKind::Utf16`]).
    pub column: usize,
    /// What is wrong, without the place (for `Form` errors with the path
    /// to the property or value: `... in property 3 "Foo", value 0`).
    pub message: String,
}

/// The kinds of [`JsonTextError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonTextErrorKind {
    /// The text starts with a UTF-16 byte-order mark: the JSON form is read
    /// as UTF-8.
    Utf16,
    /// Not JSON: bad syntax, not UTF-8, or the text ends too early.
    Json,
    /// JSON, but not the JSON form (an unknown key, a value out of range,
    /// a string where a number belongs, ...).
    Form,
}

impl fmt::Display for JsonTextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            JsonTextErrorKind::Utf16 => f.write_str(&self.message),
            JsonTextErrorKind::Json | JsonTextErrorKind::Form => write!(
                f,
                "{} at line {} column {}",
                self.message, self.line, self.column
            ),
        }
    }
}

impl std::error::Error for JsonTextError {}

impl JsonTextError {
    /// serde_json's error in `json` (the text it read), its message
    /// without the place it appends, and the column counted from 1 in
    /// characters (serde_json counts bytes, and says column 0 for a fault
    /// before a line's first character: a document of the wrong shape).
    fn from_serde(e: &serde_json::Error, json: &[u8]) -> Self {
        let kind = match e.classify() {
            serde_json::error::Category::Data => JsonTextErrorKind::Form,
            _ => JsonTextErrorKind::Json,
        };
        let shown = e.to_string();
        let place = alloc::format!(" at line {} column {}", e.line(), e.column());
        let mut message = shown.strip_suffix(&place).unwrap_or(&shown).to_string();
        // serde_json's words for half a surrogate pair in a `\u` escape
        // ("end of hex escape" after a high one, "leading surrogate" for a
        // low one) do not say what is wrong, nor how the form writes it.
        let unpaired = matches!(
            message.as_str(),
            "unexpected end of hex escape" | "lone leading surrogate in hex escape"
        );
        if unpaired {
            message = "an unpaired UTF-16 surrogate in a \\u escape: JSON text is Unicode; \
                       text that is not valid UTF-16 is written {\"utf16\": [code units]}"
                .to_string();
        }
        let (line, column) = if message == "trailing comma" {
            // serde_json places it at the `]` or `}` after the comma, often
            // on the next line; the comma is what to remove.
            trailing_comma(json, e.line(), e.column())
        } else if unpaired {
            // serde_json places it after the escape, or after the one that
            // follows it (where it found no low half); the escape is what
            // to rewrite.
            unpaired_escape(json, e.line(), e.column())
        } else {
            None
        }
        .unwrap_or((e.line(), char_column(json, e.line(), e.column())));
        // A character that looks like white space, or like nothing, where
        // the grammar has none (text pasted from a web page, a second
        // byte-order mark): serde_json's "expected value" does not say what
        // it found, and an editor shows nothing there.
        if kind == JsonTextErrorKind::Json {
            if let Some((c, what)) = unseen_char_at(json, e.line(), e.column()) {
                message = alloc::format!(
                    "{message}, found U+{:04X} ({what}), which JSON does not take as white space",
                    u32::from(c)
                );
            }
        }
        JsonTextError {
            kind,
            line: line.max(1),
            column: column.max(1),
            message,
        }
    }
}

/// The character that serde_json stopped at (line `line`, byte column
/// `column`, which counts the character's first byte), when it is one that
/// shows as white space or as nothing ([`unseen_name`]), with what it is.
fn unseen_char_at(json: &[u8], line: usize, column: usize) -> Option<(char, &'static str)> {
    let at = line_start(json, line)?.checked_add(column.checked_sub(1)?)?;
    let rest = json.get(at..)?;
    // The first character, whatever follows it.
    let c = (1..=4)
        .filter_map(|len| rest.get(..len))
        .find_map(|bytes| core::str::from_utf8(bytes).ok())?
        .chars()
        .next()?;
    unseen_name(c).map(|what| (c, what))
}

/// What a character that shows as white space or as nothing is, if `c` is
/// one: the white space of other scripts and typography, zero-width
/// characters and the byte-order mark.
fn unseen_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{feff}' => "a byte-order mark",
        '\u{a0}' | '\u{202f}' => "a no-break space",
        '\u{2000}'..='\u{200a}' | '\u{205f}' | '\u{3000}' | '\u{1680}' => "a space",
        '\u{200b}'..='\u{200d}' | '\u{2060}' => "a zero-width character",
        '\u{2028}' | '\u{2029}' => "a line or paragraph separator",
        _ => return None,
    })
}

/// The line and character column (from 1) of the comma before the `]` or
/// `}` serde_json's "trailing comma" points at (line `line`, byte column
/// `column`), white space between them skipped.
fn trailing_comma(json: &[u8], line: usize, column: usize) -> Option<(usize, usize)> {
    let fault = line_start(json, line)? + column.checked_sub(1)?;
    let before = json.get(..fault)?;
    let comma = before.iter().rposition(|b| !b.is_ascii_whitespace())?;
    if before[comma] != b',' {
        return None;
    }
    let comma_line = 1 + before[..comma].iter().filter(|&&b| b == b'\n').count();
    let start = line_start(json, comma_line)?;
    Some((comma_line, char_column(json, comma_line, comma + 1 - start)))
}

/// The line and character column (from 1) of the `\u` escape that holds
/// half a surrogate pair with no other half, in the run of escapes that ends
/// where serde_json stopped (line `line`, byte column `column`: just after
/// the run, or one or two characters later, `"`, `b` or `\n` read in
/// search of a low half).
fn unpaired_escape(json: &[u8], line: usize, column: usize) -> Option<(usize, usize)> {
    const ESCAPE_LEN: usize = 6;
    let start = line_start(json, line)?;
    let stop = start.checked_add(column)?;
    let unit = |at: usize| escape_unit(json, at);
    // The run's end: where serde_json stopped, or up to two bytes before.
    let end = (0..3)
        .filter_map(|back| stop.checked_sub(back))
        .find(|&end| end.checked_sub(ESCAPE_LEN).and_then(unit).is_some())?;
    let mut first = end - ESCAPE_LEN;
    while let Some(before) = first.checked_sub(ESCAPE_LEN).filter(|&at| at >= start) {
        if unit(before).is_none() {
            break;
        }
        first = before;
    }
    // The run from its start: pairs stepped over, the first half alone found.
    let mut at = first;
    while at < end {
        let u = unit(at)?;
        let low_follows = at + ESCAPE_LEN < end
            && unit(at + ESCAPE_LEN).is_some_and(|next| (0xDC00..0xE000).contains(&next));
        if (0xD800..0xDC00).contains(&u) && low_follows {
            at += 2 * ESCAPE_LEN;
        } else if (0xD800..0xE000).contains(&u) {
            return Some((line, char_column(json, line, at - start + 1)));
        } else {
            at += ESCAPE_LEN;
        }
    }
    None
}

/// The code unit of the `\uXXXX` escape at byte `at` of `json`, if one is
/// there (a backslash preceded by an even number of backslashes, so that it
/// is not itself escaped).
fn escape_unit(json: &[u8], at: usize) -> Option<u16> {
    let [b'\\', b'u', digits @ ..] = json.get(at..at.checked_add(6)?)? else {
        return None;
    };
    let backslashes = json[..at].iter().rev().take_while(|&&b| b == b'\\').count();
    if backslashes % 2 != 0 || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(core::str::from_utf8(digits).ok()?, 16).ok()
}

/// Where line `line` (from 1) of `json` starts.
fn line_start(json: &[u8], line: usize) -> Option<usize> {
    if line <= 1 {
        Some(0)
    } else {
        json.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map(|(at, _)| at + 1)
    }
}

/// The column, in characters, of serde_json's byte column `column` (from
/// 1: the fault's byte is the last it counts) on line `line` of `json`:
/// the characters that start in those bytes (UTF-8 lead bytes and ASCII,
/// so a fault inside a character is at that character).
fn char_column(json: &[u8], line: usize, column: usize) -> usize {
    let Some(start) = line_start(json, line) else {
        return column;
    };
    let rest = json.get(start..).unwrap_or_default();
    let counted = rest.get(..column).unwrap_or(rest);
    counted.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl JsonList {
    /// Reads a JSON form document (an object with `"properties"`, or
    /// `"values"` for a bare value list) from UTF-8 `text`, a byte-order
    /// mark allowed.
    ///
    /// ```
    /// use clusprop::{JsonList, JsonTextErrorKind};
    /// let text = b"\xef\xbb\xbf{\"values\": [{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1}]}";
    /// assert!(matches!(JsonList::from_json_text(text)?, JsonList::Values(v) if v.values.len() == 1));
    ///
    /// let e = JsonList::from_json_text(b"{\"properties\": [],\n \"colour\": 1}").unwrap_err();
    /// assert_eq!((e.kind, e.line, e.column), (JsonTextErrorKind::Form, 2, 9));
    /// assert!(e.to_string().starts_with("unknown field `colour`"), "{e}");
    /// # Ok::<(), clusprop::JsonTextError>(())
    /// ```
    pub fn from_json_text(text: &[u8]) -> Result<JsonList, JsonTextError> {
        let json = match text {
            [0xef, 0xbb, 0xbf, rest @ ..] => rest,
            [0xff, 0xfe, ..] | [0xfe, 0xff, ..] => {
                return Err(JsonTextError {
                    kind: JsonTextErrorKind::Utf16,
                    line: 0,
                    column: 0,
                    message: "it is UTF-16 (it starts with a UTF-16 byte-order mark); \
                              the JSON form is read as UTF-8"
                        .to_string(),
                });
            }
            all => all,
        };
        // serde_json stops at 128 nested arrays and objects, fewer than the
        // form nests: each property list inside a value takes five (the
        // value, its list object, "properties", the property, "values"),
        // so the MAX_DEPTH_LIMIT levels the encoder writes need more than
        // 160, and a document `to_json` wrote would not read back. The
        // seeds bound the recursion instead: every array and object is
        // read by the seed that expects it (anything else is refused
        // before its contents are read), and a nested list past
        // MAX_DEPTH_LIMIT is refused where it opens.
        let mut reader = serde_json::Deserializer::from_slice(json);
        reader.disable_recursion_limit();
        JsonList::deserialize(&mut reader)
            .and_then(|list| reader.end().map(|()| list))
            .map_err(|e| JsonTextError::from_serde(&e, json))
    }
}
