//! The wire's framing: its constants, the fixed little-endian header layout
//! and the [`Cursor`] that steps through a buffer one entry at a time.
//!
//! The header structs are made only of unaligned little-endian fields, so
//! `zerocopy` can view them at any offset of any `&[u8]` with no `unsafe` in
//! this crate; the only failure left is "too short".

use zerocopy::little_endian::U32;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

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

/// `CLUSPROP_VALUE`: the syntax and unpadded length that open every entry
/// except the end mark.
#[derive(Clone, Copy, Debug, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct EntryHeader {
    /// `CLUSTER_PROPERTY_SYNTAX`.
    pub syntax: U32,
    /// Byte count of the data that follows, padding excluded.
    pub length: U32,
}

/// Number of padding bytes after `len` bytes of data (0 to 3).
pub const fn padding_for(len: usize) -> usize {
    (ALIGNMENT - len % ALIGNMENT) % ALIGNMENT
}

/// `8 + ALIGN_CLUSPROP(len)` computed without wrapping, or `None` when it
/// does not fit in `usize` (the C macro wraps to 0 for lengths near `u32::MAX`).
pub fn entry_len(data_len: u32) -> Option<usize> {
    let data_len = usize::try_from(data_len).ok()?;
    data_len
        .checked_add(padding_for(data_len))?
        .checked_add(ENTRY_HEADER_LEN)
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
    }

    #[test]
    fn header_is_little_endian_at_any_alignment() {
        let bytes = [0xAA, 0x02, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00];
        let (header, rest) = EntryHeader::ref_from_prefix(&bytes[1..]).unwrap();
        assert_eq!(header.syntax.get(), 0x0001_0002);
        assert_eq!(header.length.get(), 4);
        assert!(rest.is_empty());
    }
}
