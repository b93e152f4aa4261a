//! Reading the exports' arguments (UTF-16 names, input buffers) and writing
//! their out-parameters and results (optional `u32`s, names in a caller's
//! buffer, opened handles and `BOOL`s with the last error set).

use windows_sys::Win32::Foundation as w;
use windows_sys::core::{BOOL, PCWSTR, PWSTR};

use super::last_error::set_last_error;

/// Longest name accepted (a runaway unterminated string stops here).
const MAX_NAME_UNITS: usize = 0x8000;

/// Reads an optional NUL-terminated UTF-16 string.
///
/// # Safety
///
/// `ptr` is NULL or points to a NUL-terminated UTF-16 string (or at least
/// `MAX_NAME_UNITS` readable units).
pub(super) unsafe fn read_wide(ptr: PCWSTR) -> Result<Option<String>, u32> {
    if ptr.is_null() {
        return Ok(None);
    }
    let mut len = 0usize;
    // SAFETY: the caller promises a terminator (or MAX_NAME_UNITS readable
    // units); we stop at the first NUL or the limit, never past them.
    while unsafe { *ptr.add(len) } != 0 {
        len += 1;
        if len >= MAX_NAME_UNITS {
            return Err(w::ERROR_INVALID_PARAMETER);
        }
    }
    // SAFETY: the `len` units before the terminator were just read.
    let units = unsafe { std::slice::from_raw_parts(ptr, len) };
    Ok(Some(String::from_utf16_lossy(units)))
}

/// The input buffer as a slice (empty for `NULL, 0`).
///
/// # Safety
///
/// `ptr` is NULL or points to `len` readable bytes.
pub(super) unsafe fn read_buffer<'a>(ptr: *const u8, len: u32) -> Result<&'a [u8], u32> {
    match (ptr.is_null(), len) {
        (_, 0) => Ok(&[]),
        (true, _) => Err(w::ERROR_INVALID_PARAMETER),
        (false, len) => {
            let len = usize::try_from(len).map_err(|_| w::ERROR_INVALID_PARAMETER)?;
            // SAFETY: the caller promises `len` readable bytes at `ptr`; the
            // slice is used only during the call (the model copies what it
            // keeps).
            Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
        }
    }
}

/// Writes `value` through an optional out-pointer.
///
/// # Safety
///
/// `ptr` is NULL or valid for a `u32` write.
pub(super) unsafe fn write_opt(ptr: *mut u32, value: u32) {
    if !ptr.is_null() {
        // SAFETY: non-NULL, and the caller promises it is writable.
        unsafe { ptr.write(value) };
    }
}

pub(super) fn opened(result: Result<(isize, u32), u32>, granted: *mut u32) -> isize {
    match result {
        Ok((handle, mask)) => {
            // SAFETY: `granted` is the caller's optional out-parameter,
            // NULL or writable (clusapi contract).
            unsafe { write_opt(granted, mask) };
            handle
        }
        Err(code) => {
            set_last_error(code);
            0
        }
    }
}

pub(super) fn closed(result: Result<(), u32>) -> BOOL {
    match result {
        Ok(()) => 1,
        Err(code) => {
            set_last_error(code);
            0
        }
    }
}

/// Writes `name` into a caller's `(buffer, count)` pair as the
/// `GetCluster*State` functions do: `Ok(())` when it fits (count = length
/// without the NUL) or when no buffer was given (count = length), else
/// `Err(ERROR_MORE_DATA)` with the length needed in the count.
///
/// # Safety
///
/// `buf` is NULL or writable for `*count` units; `count` is NULL or a
/// readable and writable `u32`.
pub(super) unsafe fn write_name(name: &str, buf: PWSTR, count: *mut u32) -> Result<(), u32> {
    if count.is_null() {
        return Ok(());
    }
    let units: Vec<u16> = name.encode_utf16().collect();
    let len = u32::try_from(units.len()).unwrap_or(u32::MAX);
    // SAFETY: non-NULL, readable per the contract.
    let capacity = usize::try_from(unsafe { count.read() }).unwrap_or(usize::MAX);
    if buf.is_null() || capacity <= units.len() {
        // SAFETY: non-NULL, writable per the contract.
        unsafe { count.write(len) };
        return if buf.is_null() {
            Ok(())
        } else {
            Err(w::ERROR_MORE_DATA)
        };
    }
    // SAFETY: the buffer holds `capacity > units.len()` units, so the name and
    // its terminator fit; source and destination do not overlap.
    unsafe {
        std::ptr::copy_nonoverlapping(units.as_ptr(), buf, units.len());
        buf.add(units.len()).write(0);
        count.write(len);
    }
    Ok(())
}
