//! Bytes as lower-case hex digit pairs: the one formatter behind
//! [`Value`](crate::Value)'s `Display` and the JSON form's binary text.

use core::fmt;

/// `bytes` shown as lower-case hex digit pairs (`[0xab, 0x01]` → `ab01`),
/// written to the formatter a block at a time, never held whole: a value may
/// be as large as its list.
#[derive(Clone, Copy)]
pub(crate) struct Hex<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        // One `write_str` per 256 bytes.
        let mut text = [0u8; 512];
        for block in self.0.chunks(256) {
            for (pair, &b) in text.chunks_exact_mut(2).zip(block) {
                pair[0] = DIGITS[usize::from(b >> 4)];
                pair[1] = DIGITS[usize::from(b & 15)];
            }
            let digits = text.get(..2 * block.len()).unwrap_or_default();
            // Hex digits are ASCII, so this never fails.
            f.write_str(core::str::from_utf8(digits).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Hex;

    #[test]
    fn every_byte_as_two_lower_case_digits_across_blocks() {
        let bytes: std::vec::Vec<u8> = (0..=255u8).cycle().take(700).collect();
        let expected: std::string::String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(Hex(&bytes).to_string(), expected);
        assert_eq!(Hex(&[]).to_string(), "");
    }
}
