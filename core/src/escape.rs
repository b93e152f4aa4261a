//! Text from a list (a property name, a string value) or from a caller,
//! made safe to quote in a message or to print on a terminal.
//!
//! A name or a string value is whatever its writer chose. Printed as it is,
//! a control character moves the cursor or starts a terminal command, a
//! NUL ends a C string early, a Unicode line or paragraph separator breaks
//! the line for many viewers, and a bidirectional formatting character
//! reorders how the rest of the line shows (so `abc\u{202e}fed` reads as
//! `abcdef`), and an invisible character (a zero-width space, a byte-order
//! mark) makes two different names look the same. [`escaped`] writes each
//! such character as an escape, in one notation: `\0`, `\n`, `\r`, `\t`,
//! and `\u{..}` (lower-case hex, as Rust writes it) for the others; every
//! other character, a backslash included (`C:\ClusterStorage`), is written
//! as it is.

use core::fmt;

/// Whether [`escaped`] escapes `c`: a C0 or C1 control character or DEL
/// (Unicode category `Cc`), a line or paragraph separator (U+2028, U+2029),
/// a bidirectional formatting character (U+061C ARABIC LETTER MARK,
/// U+200E and U+200F, the embeddings and overrides U+202A to U+202E, the
/// isolates U+2066 to U+2069), or a character that shows as nothing, so
/// that two names differing only by it look the same: the soft hyphen
/// U+00AD, U+180E, the zero-width space U+200B, the word joiner and the
/// other invisible format characters U+2060 to U+206F, the byte-order mark
/// U+FEFF and the interlinear annotation marks U+FFF9 to U+FFFB. The
/// zero-width joiner and non-joiner (U+200C, U+200D) are kept: scripts and
/// emoji need them.
///
/// ```
/// use clusprop::must_escape;
/// assert!(must_escape('\u{1b}') && must_escape('\u{85}') && must_escape('\u{7f}'));
/// assert!(must_escape('\u{2028}') && must_escape('\u{202e}') && must_escape('\u{2067}'));
/// assert!(!must_escape('é') && !must_escape('\\') && !must_escape(' '));
/// ```
pub fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{00ad}'
                | '\u{180e}'
                | '\u{200b}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// `text` with every character of [`must_escape`] escaped, as its
/// [`Display`](fmt::Display) writes it (see [`escaped`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Escaped<'a> {
    text: &'a str,
    keep_line_breaks: bool,
}

/// `text` for a message or a terminal: its [`Display`](fmt::Display) writes
/// each character of [`must_escape`] as an escape (`\0`, `\n`, `\r`, `\t`,
/// others as `\u{..}` in lower-case hex) and every other character as it
/// is. It writes straight into the formatter, so it needs no allocation.
///
/// ```
/// use clusprop::escaped;
/// assert_eq!(escaped("C:\\Storage \"x\" é").to_string(), "C:\\Storage \"x\" é");
/// assert_eq!(escaped("a\nb\t\0\u{1b}[2J").to_string(), "a\\nb\\t\\0\\u{1b}[2J");
/// // A right-to-left override would show "abc\u{202e}fed" as "abcdef".
/// assert_eq!(escaped("abc\u{202e}fed").to_string(), "abc\\u{202e}fed");
/// assert_eq!(escaped("one\u{2028}line").to_string(), "one\\u{2028}line");
/// ```
pub const fn escaped(text: &str) -> Escaped<'_> {
    Escaped {
        text,
        keep_line_breaks: false,
    }
}

impl<'a> Escaped<'a> {
    /// The same, but `\n` and `\t` written as they are: multi-line text (a
    /// message of several lines) that is still safe on a terminal. A
    /// carriage return is still escaped, as it could overwrite the line.
    ///
    /// ```
    /// use clusprop::escaped;
    /// let shown = escaped("a\n\tb\r\u{202e}").keep_line_breaks().to_string();
    /// assert_eq!(shown, "a\n\tb\\r\\u{202e}");
    /// ```
    #[must_use]
    pub const fn keep_line_breaks(self) -> Self {
        Escaped {
            keep_line_breaks: true,
            ..self
        }
    }

    /// The text as given.
    pub const fn text(&self) -> &'a str {
        self.text
    }

    /// Whether `c` is escaped here.
    fn escapes(&self, c: char) -> bool {
        must_escape(c) && !(self.keep_line_breaks && matches!(c, '\n' | '\t'))
    }

    /// Whether the text holds nothing to escape (then it is written as it is).
    pub fn is_unchanged(&self) -> bool {
        !self.text.chars().any(|c| self.escapes(c))
    }

    /// The escaped text, borrowed when there is nothing to escape.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use clusprop::escaped;
    /// assert!(matches!(escaped("plain").to_cow(), Cow::Borrowed("plain")));
    /// assert_eq!(escaped("a\u{2029}b").to_cow(), "a\\u{2029}b");
    /// ```
    #[cfg(feature = "alloc")]
    pub fn to_cow(&self) -> alloc::borrow::Cow<'a, str> {
        if self.is_unchanged() {
            alloc::borrow::Cow::Borrowed(self.text)
        } else {
            alloc::borrow::Cow::Owned(alloc::string::ToString::to_string(self))
        }
    }
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Runs of characters that need no escape are written whole.
        let mut start = 0;
        for (at, c) in self.text.char_indices() {
            if !self.escapes(c) {
                continue;
            }
            f.write_str(&self.text[start..at])?;
            match c {
                '\0' => f.write_str("\\0")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                c => write!(f, "\\u{{{:x}}}", u32::from(c))?,
            }
            start = at + c.len_utf8();
        }
        f.write_str(&self.text[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(
        miri,
        ignore = "formats all 1.1 million characters: hours under miri; safe code only"
    )]
    fn every_control_separator_and_bidi_character_is_escaped() {
        let mut escaped_ones = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let code = u32::from(c);
            let expected = c.is_control()
                || matches!(code, 0x2028 | 0x2029 | 0x061C | 0x200E | 0x200F)
                || (0x202A..=0x202E).contains(&code)
                || matches!(code, 0xAD | 0x180E | 0x200B | 0xFEFF)
                || (0x2060..=0x206F).contains(&code)
                || (0xFFF9..=0xFFFB).contains(&code);
            assert_eq!(must_escape(c), expected, "{:x}", u32::from(c));
            let mut buf = [0; 4];
            let shown = escaped(c.encode_utf8(&mut buf)).to_string();
            if expected {
                escaped_ones += 1;
                assert!(shown.starts_with('\\'), "{shown}");
                assert!(!shown.chars().any(must_escape), "{shown}");
            } else {
                assert_eq!(shown, c.to_string());
            }
        }
        // C0 (32), DEL, C1 (32), two separators, eight bidi controls
        // outside U+2060..=U+206F, that block (16, its four isolates
        // included), four more invisible characters, three annotation marks.
        assert_eq!(escaped_ones, 32 + 1 + 32 + 2 + 8 + 16 + 4 + 3);
        // The joiners some scripts and emoji need are kept.
        assert!(!must_escape('\u{200c}') && !must_escape('\u{200d}'));
    }

    #[test]
    fn the_notation_is_rusts_for_the_short_escapes_and_hex_otherwise() {
        let shown = escaped("\0\n\r\t\u{7f}\u{85}\u{9b}\u{2066}x").to_string();
        assert_eq!(shown, "\\0\\n\\r\\t\\u{7f}\\u{85}\\u{9b}\\u{2066}x");
        // Text around the escapes is kept whole, multi-byte characters too.
        assert_eq!(escaped("é\u{1}ü").to_string(), "é\\u{1}ü");
        assert_eq!(escaped("").to_string(), "");
        assert!(escaped("C:\\x").is_unchanged());
        assert!(!escaped("\u{200f}").is_unchanged());
        let kept = escaped("a\nb\tc\r").keep_line_breaks();
        assert_eq!(kept.to_string(), "a\nb\tc\\r");
        assert!(!kept.is_unchanged());
        assert!(escaped("a\nb").keep_line_breaks().is_unchanged());
        assert_eq!(kept.text(), "a\nb\tc\r");
    }
}
