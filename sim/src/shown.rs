//! Untrusted text (a configuration's names and tokens) quoted in error
//! messages so that it cannot act on a terminal or reorder what is shown:
//! the characters of [`clusprop::must_escape`] (controls, separators, bidi
//! controls, invisible characters) are written as the core's
//! [`clusprop::escaped`] writes them, and a long token is cut short.

use std::fmt::{self, Write};

/// The most characters of one token an error quotes; a longer one shows its
/// start and its length.
pub(crate) const MAX_SHOWN_CHARS: usize = 60;

/// A token or name from the text, between backticks: the characters of
/// [`clusprop::must_escape`] escaped, and a backslash or backtick escaped with a
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
                c if clusprop::must_escape(c) => {
                    write!(f, "{}", clusprop::escaped(c.encode_utf8(&mut [0; 4])))?;
                }
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
        // Miri interprets: a shorter token there, still far past the cut.
        let len = if cfg!(miri) { 2_000 } else { 100_000 };
        let long = "x".repeat(len);
        let shown = Shown(&long).to_string();
        assert_eq!(
            shown,
            format!("`{}...` ({len} characters)", "x".repeat(MAX_SHOWN_CHARS))
        );
        let exact = "y".repeat(MAX_SHOWN_CHARS);
        assert_eq!(Shown(&exact).to_string(), format!("`{exact}`"));
    }
}
