//! Pointer and length pairs for the buffers passed to clusapi.

use crate::error::Error;

/// A `GetCluster*State`-style name buffer: pointer and in/out count, NULL
/// and 0 when no buffer is wanted.
pub(super) fn name_buffer(buf: Option<&mut [u16]>) -> (*mut u16, u32) {
    match buf {
        Some(buf) => (
            buf.as_mut_ptr(),
            u32::try_from(buf.len()).unwrap_or(u32::MAX),
        ),
        None => (std::ptr::null_mut(), 0),
    }
}

/// Pointer and length for an optional input buffer: `NULL, 0` when empty, as
/// Microsoft's own examples pass it.
pub(super) fn buffer_args(buffer: &[u8]) -> Result<(*const u8, u32), Error> {
    if buffer.is_empty() {
        return Ok((std::ptr::null(), 0));
    }
    let len =
        u32::try_from(buffer.len()).map_err(|_| Error::BufferTooLarge { len: buffer.len() })?;
    Ok((buffer.as_ptr(), len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_buffer_is_null_and_zero() {
        let (ptr, len) = buffer_args(&[]).unwrap();
        assert!(ptr.is_null());
        assert_eq!(len, 0);
        let data = [1u8, 2, 3];
        let (ptr, len) = buffer_args(&data).unwrap();
        assert_eq!((ptr, len), (data.as_ptr(), 3));
    }
}
