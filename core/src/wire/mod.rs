//! The wire's framing: its constants and the [`Cursor`] that steps through a
//! buffer one entry at a time (the only code that reads an entry header).

mod cursor;

pub use cursor::{Cursor, Entry};

/// Every entry and every list starts on a multiple of this many bytes
/// measured from the start of the buffer.
pub const ALIGNMENT: usize = 4;

/// Size of an entry header (`syntax` and `cbLength`).
pub const ENTRY_HEADER_LEN: usize = 8;

/// Size of an end mark: a bare zero syntax with no length field.
pub const END_MARK_LEN: usize = 4;

/// Size of a property list's leading count.
pub const COUNT_LEN: usize = 4;

/// Number of padding bytes after `len` bytes of data (0 to 3).
#[inline]
pub const fn padding_for(len: usize) -> usize {
    (ALIGNMENT - len % ALIGNMENT) % ALIGNMENT
}

/// `8 + ALIGN_CLUSPROP(len)` computed without wrapping, or `None` when it
/// does not fit in `usize` (the C macro wraps to 0 for lengths near `u32::MAX`).
#[inline]
pub fn entry_len(data_len: u32) -> Option<usize> {
    usize::try_from(entry_len_u64(data_len)).ok()
}

/// `8 + ALIGN_CLUSPROP(len)` as a `u64`, which it always fits (at most
/// `2^32 + 8`): no check needed where the sum is taken in `u64`.
#[inline]
pub const fn entry_len_u64(data_len: u32) -> u64 {
    // ALIGN_CLUSPROP's own form, `(count + 3) & ~3`: the same padding as
    // `padding_for` (the tests compare them), in fewer instructions.
    let align = ALIGNMENT as u64;
    ((data_len as u64 + (align - 1)) & !(align - 1)) + ENTRY_HEADER_LEN as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_len_never_wraps() {
        assert_eq!(entry_len(0), Some(8));
        assert_eq!(entry_len(3), Some(12));
        assert_eq!(entry_len(4), Some(12));
        assert_eq!(entry_len(5), Some(16));
        // ALIGN_CLUSPROP(0xFFFFFFFD) is 0 in 32-bit C arithmetic.
        assert_eq!(entry_len(0xFFFF_FFFD), Some(0x1_0000_0008));
        assert_eq!(padding_for(0xFFFF_FFFD), 3);
        assert_eq!(entry_len_u64(u32::MAX), 0x1_0000_0008);
        for len in [0, 1, 2, 3, 4, 5, 1000, 0xFFFF_FFFC, 0xFFFF_FFFD] {
            assert_eq!(entry_len(len), usize::try_from(entry_len_u64(len)).ok());
            let padded = u64::from(len) + padding_for(len as usize) as u64;
            assert_eq!(entry_len_u64(len), padded + ENTRY_HEADER_LEN as u64);
            assert_eq!(entry_len_u64(len) % 4, 0);
        }
    }
}
