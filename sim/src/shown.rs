//! Untrusted text (a configuration's names and tokens) quoted in error
//! messages so that it cannot act on a terminal or reorder what is shown:
//! control characters (C0, DEL, C1), the bidirectional controls and the
//! other invisible formatting characters are written as escapes, and a long
//! token is cut short.

use std::fmt::{self, Write};

/// The most characters of one token an error quotes; a longer one shows its
/// start and its length.
pub(crate) const MAX_SHOWN_CHARS: usize = 60;

/// Whether `c` is written escaped: a control character, or a character
/// that is invisible or changes the order or look of the text around it
/// (bidi embeddings, overrides, isolates and marks, zero-width characters,
/// line and paragraph separators, the byte order mark, interlinear
/// annotation marks).
pub(crate) fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{AD}'
                | '\u{61C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Writes `c` as an escape: `\t`, `\n`, `\r`, `\0`, else `\u{hex}`.
fn write_escape(f: &mut impl Write, c: char) -> fmt::Result {
    match c {
        '\t' => f.write_str("\\t"),
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        '\0' => f.write_str("\\0"),
        _ => write!(f, "\\u{{{:x}}}", u32::from(c)),
    }
}

/// A whole message with the characters of [`needs_escape`] escaped (the
/// rest, backslashes included, as they are: tokens in it were already
/// quoted by [`Shown`]).
pub(crate) struct SafeMessage<'a>(pub(crate) &'a str);

impl fmt::Display for SafeMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(needs_escape) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write_escape(f, c)?;
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// A token or name from the text, between backticks: the characters of
/// [`needs_escape`] escaped, and a backslash or backtick escaped with a
/// backslash so that the quote is unambiguous; past [`MAX_SHOWN_CHARS`]
/// characters, the start and the token's length in characters.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('`')?;
        for (count, c) in self.0.chars().enumerate() {
            if count == MAX_SHOWN_CHARS {
                // Counting the rest is linear in the token, as quoting it is.
                let total = self.0.chars().count();
                return write!(f, "...` ({total} characters)");
            }
            match c {
                '\\' | '`' => {
                    f.write_char('\\')?;
                    f.write_char(c)?;
                }
                c if needs_escape(c) => write_escape(f, c)?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('`')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_escapes_controls_bidi_and_quotes() {
        assert_eq!(Shown("NODE 1").to_string(), "`NODE 1`");
        assert_eq!(
            Shown("a\u{1b}[31m\u{202E}b\u{0}\t\u{85}").to_string(),
            "`a\\u{1b}[31m\\u{202e}b\\0\\t\\u{85}`"
        );
        assert_eq!(Shown("C:\\x`y").to_string(), "`C:\\\\x\\`y`");
        // Non-ASCII text that shows as itself stays.
        assert_eq!(Shown("Straße ü 名前").to_string(), "`Straße ü 名前`");
    }

    #[test]
    fn shown_cuts_long_tokens() {
        let long = "x".repeat(100_000);
        let shown = Shown(&long).to_string();
        assert_eq!(
            shown,
            format!("`{}...` (100000 characters)", "x".repeat(MAX_SHOWN_CHARS))
        );
        let exact = "y".repeat(MAX_SHOWN_CHARS);
        assert_eq!(Shown(&exact).to_string(), format!("`{exact}`"));
    }

    #[test]
    fn safe_message_escapes_only_what_acts_on_a_terminal() {
        assert_eq!(
            SafeMessage("a \\ b\u{7}c\u{2066}d\u{feff}").to_string(),
            "a \\ b\\u{7}c\\u{2066}d\\u{feff}"
        );
        assert_eq!(SafeMessage("plain").to_string(), "plain");
    }
}
