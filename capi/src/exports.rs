//! The exported `extern "C"` functions: the only module with `unsafe`.
//! Each one checks its pointers, turns them into slices and strings, calls
//! the safe code in `ops`, copies the result out under the
//! `ERROR_MORE_DATA` contract, and catches any panic.

#![allow(unsafe_code)]

use std::ffi::{CStr, c_char, c_int};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use crate::failure::{Failure, clear, clusprop_error};
use crate::{CLUSPROP_OK, CLUSPROP_POLICY_DEFAULT, ops};

/// Runs `body`, catching a panic, and reports its outcome: the status to
/// return, with `err` (if not NULL) filled or cleared.
fn guard(err: *mut clusprop_error, body: impl FnOnce() -> Result<(), Failure>) -> c_int {
    let outcome = catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|payload| Err(Failure::panic(&*payload)));
    // SAFETY: `err` is NULL or points to a writable `struct clusprop_error`
    // (the header's contract for every function); `as_mut` checks NULL.
    let details = unsafe { err.as_mut() };
    match outcome {
        Ok(()) => {
            if let Some(details) = details {
                clear(details);
            }
            CLUSPROP_OK
        }
        Err(failure) => {
            if let Some(details) = details {
                failure.fill(details);
            }
            failure.status
        }
    }
}

/// The input buffer `data` of `len` bytes; NULL with `len` 0 is empty
/// (what an empty C++ `std::vector`'s `data()` may give).
///
/// # Safety
/// `data` is NULL or points to `len` readable bytes that stay unchanged
/// during the call.
unsafe fn input<'a>(data: *const u8, len: usize, what: &str) -> Result<&'a [u8], Failure> {
    if data.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(&format!(
                "{what} (with len {len}; NULL is an empty input only with len 0)"
            )))
        };
    }
    check_length(len, what)?;
    // SAFETY: non-NULL, at most isize::MAX bytes, and readable for `len`
    // bytes by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

/// Rejects a length no object can have (above `isize::MAX`, C's
/// `PTRDIFF_MAX`): a negative number or `(size_t)-1` passed by mistake,
/// which the library must not trust.
fn check_length(len: usize, what: &str) -> Result<(), Failure> {
    if len > isize::MAX as usize {
        return Err(Failure::invalid(format!(
            "{what}: length {len} is too large"
        )));
    }
    Ok(())
}

/// The NUL-terminated UTF-8 string `text`.
///
/// # Safety
/// `text` is NULL or points to a NUL-terminated string.
unsafe fn text<'a>(text: *const c_char, what: &str) -> Result<&'a [u8], Failure> {
    if text.is_null() {
        return Err(Failure::null(what));
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    Ok(unsafe { CStr::from_ptr(text) }.to_bytes())
}

/// The NUL-terminated UTF-8 name `name`, as a `&str`.
///
/// # Safety
/// As [`text`].
unsafe fn name<'a>(name: *const c_char) -> Result<&'a str, Failure> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { text(name, "name") }?;
    std::str::from_utf8(bytes)
        .map_err(|e| Failure::invalid(format!("name is not UTF-8 (byte {})", e.valid_up_to())))
}

/// A caller's output buffer and the place for the size it needs.
struct Output {
    buf: *mut u8,
    capacity: usize,
    needed: *mut usize,
}

impl Output {
    /// Checks the pointers: `needed` must not be NULL; `buf` may be NULL
    /// only with capacity 0 (a size query); the capacity is at most
    /// `isize::MAX` ([`check_length`]). Stores 0 in `*needed`, which
    /// [`Output::write`] replaces with the size: a call that fails before
    /// it (any failure but `CLUSPROP_MORE_DATA`) leaves 0 there, never the
    /// caller's uninitialised value.
    ///
    /// # Safety
    /// `needed` is NULL or points to a writable `size_t`.
    unsafe fn new(buf: *mut u8, capacity: usize, needed: *mut usize) -> Result<Output, Failure> {
        if needed.is_null() {
            return Err(Failure::null("needed"));
        }
        // SAFETY: non-NULL and writable by the caller's contract.
        unsafe { needed.write_unaligned(0) };
        if buf.is_null() && capacity != 0 {
            return Err(Failure::null(&format!(
                "buf (with buf_len {capacity}; NULL asks for the size only with buf_len 0)"
            )));
        }
        check_length(capacity, "buf_len")?;
        Ok(Output {
            buf,
            capacity,
            needed,
        })
    }

    /// Stores the size needed; copies `bytes` when they fit, else
    /// `CLUSPROP_MORE_DATA` with the buffer untouched.
    ///
    /// # Safety
    /// `buf` is NULL (capacity 0) or points to `capacity` writable bytes
    /// not overlapping the library's data; `needed` points to a writable
    /// `size_t` (checked non-NULL by [`Output::new`]).
    unsafe fn write(&self, bytes: &[u8]) -> Result<(), Failure> {
        // SAFETY: `needed` is non-NULL (Output::new) and writable by contract.
        unsafe { self.needed.write_unaligned(bytes.len()) };
        if bytes.len() > self.capacity {
            return Err(Failure::more_data(bytes.len(), self.capacity));
        }
        if !bytes.is_empty() {
            // SAFETY: 0 < len <= capacity, so `buf` is non-NULL (Output::new)
            // and has room for `len` bytes; a fresh Vec cannot overlap it.
            unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), self.buf, bytes.len()) };
        }
        Ok(())
    }
}

/// Checks that `data[0..len]` is a valid property list (the default reader
/// policy). Returns 0 (`CLUSPROP_OK`) for a valid list, else non-zero with
/// `err` (if not NULL) holding the kind, the byte offset and a message.
///
/// # Safety
/// `data` is NULL (with `len` 0: an empty input) or points to `len`
/// readable bytes (a `len` above `PTRDIFF_MAX` is
/// `CLUSPROP_INVALID_PARAMETER`; a `len` beyond the buffer is undefined
/// behaviour); `err` is NULL or points to a writable `struct
/// clusprop_error`. Both are used only during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_validate(
    data: *const u8,
    len: usize,
    err: *mut clusprop_error,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { clusprop_validate_with(data, len, CLUSPROP_POLICY_DEFAULT, err) }
}

/// [`clusprop_validate`] under a reader policy (`CLUSPROP_POLICY_*`).
///
/// # Safety
/// As [`clusprop_validate`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_validate_with(
    data: *const u8,
    len: usize,
    policy: u32,
    err: *mut clusprop_error,
) -> c_int {
    guard(err, || {
        // SAFETY: forwarded contract.
        let data = unsafe { input(data, len, "data") }?;
        ops::validate(data, policy)
    })
}

/// Reads the DWORD property `name` (UTF-8, compared case-insensitively:
/// each character through its simple upper-case mapping, which agrees with
/// Windows' `CompareString(NORM_IGNORECASE)` on ASCII names and is not known
/// to beyond them; a character whose upper case is two, U+00DF, matches
/// only itself) of the list `data[0..len]` into `*value`.
/// `CLUSPROP_NOT_FOUND` when absent, `CLUSPROP_TYPE_MISMATCH` when its first
/// value is not a DWORD or is empty; `*value` is written only on success
/// (left as it was on failure). The whole list is checked first, under the
/// default policy (`CLUSPROP_POLICY_DEFAULT`): a list it refuses is
/// `CLUSPROP_INVALID_DATA` with the fault's offset, even when the property
/// asked for stands before the fault (so do the other lookups).
/// [`clusprop_get_dword_with`] reads the list under another policy.
///
/// # Safety
/// `data` as in [`clusprop_validate`]; `name` is NULL or NUL-terminated;
/// `value` is NULL or points to a writable `uint32_t`; `err` as in
/// [`clusprop_validate`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_get_dword(
    data: *const u8,
    len: usize,
    name: *const c_char,
    value: *mut u32,
    err: *mut clusprop_error,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { clusprop_get_dword_with(data, len, CLUSPROP_POLICY_DEFAULT, name, value, err) }
}

/// [`clusprop_get_dword`] with the list checked under a reader policy
/// (`CLUSPROP_POLICY_*`): a list from another producer that the default
/// refuses, such as a property with more than three values, which
/// `CLUSPROP_POLICY_LENIENT` accepts, can be read as
/// [`clusprop_validate_with`] and [`clusprop_to_json`] read it. An unknown
/// policy is `CLUSPROP_INVALID_PARAMETER`.
///
/// # Safety
/// As [`clusprop_get_dword`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_get_dword_with(
    data: *const u8,
    len: usize,
    policy: u32,
    name: *const c_char,
    value: *mut u32,
    err: *mut clusprop_error,
) -> c_int {
    guard(err, || {
        if value.is_null() {
            return Err(Failure::null("value"));
        }
        // SAFETY: forwarded contract.
        let (data, name) = unsafe { (input(data, len, "data")?, self::name(name)?) };
        let found = ops::dword(data, policy, name)?;
        // SAFETY: non-NULL and writable by contract.
        unsafe { value.write_unaligned(found) };
        Ok(())
    })
}

/// Reads the QWORD (`ULARGE_INTEGER`) property `name` into `*value`; as
/// [`clusprop_get_dword`].
///
/// # Safety
/// As [`clusprop_get_dword`], with `value` a writable `uint64_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_get_qword(
    data: *const u8,
    len: usize,
    name: *const c_char,
    value: *mut u64,
    err: *mut clusprop_error,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { clusprop_get_qword_with(data, len, CLUSPROP_POLICY_DEFAULT, name, value, err) }
}

/// [`clusprop_get_qword`] under a reader policy (`CLUSPROP_POLICY_*`), as
/// [`clusprop_get_dword_with`].
///
/// # Safety
/// As [`clusprop_get_qword`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_get_qword_with(
    data: *const u8,
    len: usize,
    policy: u32,
    name: *const c_char,
    value: *mut u64,
    err: *mut clusprop_error,
) -> c_int {
    guard(err, || {
        if value.is_null() {
            return Err(Failure::null("value"));
        }
        // SAFETY: forwarded contract.
        let (data, name) = unsafe { (input(data, len, "data")?, self::name(name)?) };
        let found = ops::qword(data, policy, name)?;
        // SAFETY: non-NULL and writable by contract.
        unsafe { value.write_unaligned(found) };
        Ok(())
    })
}

/// Copies the string property `name` (SZ, EXPAND_SZ or EXPANDED_SZ) as
/// NUL-terminated UTF-8 into `buf` (`buf_len` bytes). `*needed` receives
/// the size with the NUL; a too-small buffer gives `CLUSPROP_MORE_DATA`.
/// A string with an unpaired UTF-16 surrogate (valid on the wire, with no
/// UTF-8 form) is `CLUSPROP_TYPE_MISMATCH` with the value's offset.
///
/// # Safety
/// As [`clusprop_get_dword`]; `buf` is NULL (with `buf_len` 0) or points to
/// `buf_len` writable bytes; `needed` is NULL or points to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_get_string(
    data: *const u8,
    len: usize,
    name: *const c_char,
    buf: *mut c_char,
    buf_len: usize,
    needed: *mut usize,
    err: *mut clusprop_error,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        clusprop_get_string_with(
            data,
            len,
            CLUSPROP_POLICY_DEFAULT,
            name,
            buf,
            buf_len,
            needed,
            err,
        )
    }
}

/// [`clusprop_get_string`] under a reader policy (`CLUSPROP_POLICY_*`), as
/// [`clusprop_get_dword_with`].
///
/// # Safety
/// As [`clusprop_get_string`].
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn clusprop_get_string_with(
    data: *const u8,
    len: usize,
    policy: u32,
    name: *const c_char,
    buf: *mut c_char,
    buf_len: usize,
    needed: *mut usize,
    err: *mut clusprop_error,
) -> c_int {
    guard(err, || {
        // SAFETY: forwarded contract.
        let out = unsafe { Output::new(buf.cast(), buf_len, needed) }?;
        // SAFETY: forwarded contract.
        let (data, name) = unsafe { (input(data, len, "data")?, self::name(name)?) };
        let text = ops::string(data, policy, name)?;
        // SAFETY: forwarded contract.
        unsafe { out.write(&text) }
    })
}

/// Writes the `OfflineClusterGroupEx` instructions for a VM action
/// (`CLUSPROP_VM_TURN_OFF`, `_SAVE`, `_SHUTDOWN`, `_FORCE_SHUTDOWN`):
/// `"Virtual Machine"` = DWORD action (60 bytes). `*needed` receives the
/// size; a too-small buffer gives `CLUSPROP_MORE_DATA`.
///
/// # Safety
/// `buf` is NULL (with `buf_len` 0) or points to `buf_len` writable bytes;
/// `needed` is NULL or points to a writable `size_t`; `err` as in
/// [`clusprop_validate`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_offline_instructions(
    vm_action: u32,
    buf: *mut u8,
    buf_len: usize,
    needed: *mut usize,
    err: *mut clusprop_error,
) -> c_int {
    guard(err, || {
        // SAFETY: forwarded contract.
        let out = unsafe { Output::new(buf, buf_len, needed) }?;
        let bytes = ops::offline_instructions(vm_action)?;
        // SAFETY: forwarded contract.
        unsafe { out.write(&bytes) }
    })
}

/// Writes the `MoveClusterGroupEx` instructions: the VM action
/// (`CLUSPROP_VM_*`, `CLUSPROP_VM_LIVE` included) as a DWORD for both
/// `"Virtual Machine"` and `"Virtual Machine Configuration"` (144 bytes);
/// as [`clusprop_offline_instructions`].
///
/// # Safety
/// As [`clusprop_offline_instructions`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_move_instructions(
    vm_action: u32,
    buf: *mut u8,
    buf_len: usize,
    needed: *mut usize,
    err: *mut clusprop_error,
) -> c_int {
    guard(err, || {
        // SAFETY: forwarded contract.
        let out = unsafe { Output::new(buf, buf_len, needed) }?;
        let bytes = ops::move_instructions(vm_action)?;
        // SAFETY: forwarded contract.
        unsafe { out.write(&bytes) }
    })
}

/// Writes the JSON form of the property list `data[0..len]` (compact; the
/// same object `clusprop decode --json` prints) as NUL-terminated UTF-8
/// into `buf`. `policy` is a `CLUSPROP_POLICY_*`. `*needed` receives the
/// size with the NUL; a too-small buffer gives `CLUSPROP_MORE_DATA`.
///
/// # Safety
/// As [`clusprop_get_string`] (without `name`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_to_json(
    data: *const u8,
    len: usize,
    policy: u32,
    buf: *mut c_char,
    buf_len: usize,
    needed: *mut usize,
    err: *mut clusprop_error,
) -> c_int {
    guard(err, || {
        // SAFETY: forwarded contract.
        let out = unsafe { Output::new(buf.cast(), buf_len, needed) }?;
        // SAFETY: forwarded contract.
        let data = unsafe { input(data, len, "data") }?;
        let json = ops::to_json(data, policy, false)?;
        // SAFETY: forwarded contract.
        unsafe { out.write(&json) }
    })
}

/// [`clusprop_to_json`] for a bare value list (`{"values": [...]}`, as
/// `clusprop decode --value-list --json` prints it).
///
/// # Safety
/// As [`clusprop_to_json`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_value_list_to_json(
    data: *const u8,
    len: usize,
    policy: u32,
    buf: *mut c_char,
    buf_len: usize,
    needed: *mut usize,
    err: *mut clusprop_error,
) -> c_int {
    guard(err, || {
        // SAFETY: forwarded contract.
        let out = unsafe { Output::new(buf.cast(), buf_len, needed) }?;
        // SAFETY: forwarded contract.
        let data = unsafe { input(data, len, "data") }?;
        let json = ops::to_json(data, policy, true)?;
        // SAFETY: forwarded contract.
        unsafe { out.write(&json) }
    })
}

/// Encodes the JSON form in the NUL-terminated UTF-8 string `json` (an
/// object with "properties", or "values" for a bare value list) into
/// `buf`, as `clusprop encode` does: a UTF-8 byte-order mark is skipped,
/// `EXPANDED_SZ` is allowed, and an error (`CLUSPROP_INVALID_DATA`, kind
/// `CLUSPROP_KIND_JSON`) names the line and column, in the message and in
/// `err->line` and `err->column`. `*needed` receives the
/// size; a too-small buffer gives `CLUSPROP_MORE_DATA`.
///
/// # Safety
/// `json` is NULL or NUL-terminated; `buf`, `needed` and `err` as in
/// [`clusprop_offline_instructions`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clusprop_from_json(
    json: *const c_char,
    buf: *mut u8,
    buf_len: usize,
    needed: *mut usize,
    err: *mut clusprop_error,
) -> c_int {
    guard(err, || {
        // SAFETY: forwarded contract.
        let out = unsafe { Output::new(buf, buf_len, needed) }?;
        // SAFETY: forwarded contract.
        let json = unsafe { text(json, "json") }?;
        let bytes = ops::from_json(json)?;
        // SAFETY: forwarded contract.
        unsafe { out.write(&bytes) }
    })
}

/// The library's version, a static NUL-terminated string ("0.1.0"), owned
/// by the library and valid for the life of the process: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn clusprop_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::CLUSPROP_MESSAGE_LEN;
    use crate::*;

    fn blank() -> clusprop_error {
        clusprop_error {
            kind: 99,
            offset: 99,
            line: 99,
            column: 99,
            message: [1; CLUSPROP_MESSAGE_LEN],
        }
    }

    fn message(err: &clusprop_error) -> String {
        let bytes: Vec<u8> = err
            .message
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8(bytes).unwrap()
    }

    fn save() -> Vec<u8> {
        ops::offline_instructions(CLUSPROP_VM_SAVE).unwrap()
    }

    #[test]
    fn validate_reports_kind_offset_and_message() {
        let mut err = blank();
        let data = [1u8, 0, 0, 0, 3, 0, 4, 0];
        let status = unsafe { clusprop_validate(data.as_ptr(), data.len(), &mut err) };
        assert_eq!(status, CLUSPROP_INVALID_DATA);
        assert_eq!(err.kind, CLUSPROP_KIND_DECODE);
        assert_eq!(err.offset, 8);
        assert_eq!(
            message(&err),
            "at byte 8: the data ends inside an entry's length"
        );
        let good = save();
        let status = unsafe { clusprop_validate(good.as_ptr(), good.len(), &mut err) };
        assert_eq!(status, CLUSPROP_OK);
        assert_eq!((err.kind, err.offset, message(&err).as_str()), (0, 0, ""));
    }

    #[test]
    fn null_pointers_are_errors_not_crashes() {
        let mut err = blank();
        let status = unsafe { clusprop_validate(ptr::null(), 4, &mut err) };
        assert_eq!(status, CLUSPROP_INVALID_PARAMETER);
        assert_eq!(err.kind, CLUSPROP_KIND_NULL_POINTER);
        // The message gives the length that made NULL wrong.
        assert_eq!(
            message(&err),
            "data (with len 4; NULL is an empty input only with len 0) is NULL"
        );
        // NULL with no bytes is an empty input (an empty C++ vector gives
        // it): too short to be a list, not a bad pointer.
        let status = unsafe { clusprop_validate(ptr::null(), 0, &mut err) };
        assert_eq!(
            (status, err.kind, err.offset),
            (CLUSPROP_INVALID_DATA, CLUSPROP_KIND_DECODE, 0)
        );
        let data = save();
        let status = unsafe {
            clusprop_get_dword(
                data.as_ptr(),
                data.len(),
                ptr::null(),
                &mut 0,
                ptr::null_mut(),
            )
        };
        assert_eq!(status, CLUSPROP_INVALID_PARAMETER);
        let name = c"Virtual Machine";
        let status = unsafe {
            clusprop_get_dword(
                data.as_ptr(),
                data.len(),
                name.as_ptr(),
                ptr::null_mut(),
                &mut err,
            )
        };
        assert_eq!(
            (status, err.kind),
            (CLUSPROP_INVALID_PARAMETER, CLUSPROP_KIND_NULL_POINTER)
        );
        let status = unsafe {
            clusprop_offline_instructions(1, ptr::null_mut(), 0, ptr::null_mut(), &mut err)
        };
        assert_eq!(status, CLUSPROP_INVALID_PARAMETER);
        assert!(message(&err).contains("needed"));
        let mut needed = 0;
        let status =
            unsafe { clusprop_offline_instructions(1, ptr::null_mut(), 8, &mut needed, &mut err) };
        assert_eq!(status, CLUSPROP_INVALID_PARAMETER);
        assert_eq!(
            message(&err),
            "buf (with buf_len 8; NULL asks for the size only with buf_len 0) is NULL"
        );
        let status =
            unsafe { clusprop_from_json(ptr::null(), ptr::null_mut(), 0, &mut needed, &mut err) };
        assert_eq!(status, CLUSPROP_INVALID_PARAMETER);
    }

    #[test]
    fn buffers_follow_the_more_data_contract() {
        let mut needed = 0;
        let mut err = blank();
        let status =
            unsafe { clusprop_move_instructions(4, ptr::null_mut(), 0, &mut needed, &mut err) };
        assert_eq!((status, needed), (CLUSPROP_MORE_DATA, 144));
        assert_eq!(err.kind, CLUSPROP_KIND_BUFFER_TOO_SMALL);
        let mut small = [0xAAu8; 143];
        let status = unsafe {
            clusprop_move_instructions(4, small.as_mut_ptr(), small.len(), &mut needed, &mut err)
        };
        assert_eq!((status, needed), (CLUSPROP_MORE_DATA, 144));
        assert!(
            small.iter().all(|&b| b == 0xAA),
            "a short buffer stays untouched"
        );
        let mut buf = [0u8; 200];
        let status = unsafe {
            clusprop_move_instructions(4, buf.as_mut_ptr(), buf.len(), &mut needed, &mut err)
        };
        assert_eq!((status, needed), (CLUSPROP_OK, 144));
        assert_eq!(
            &buf[..144],
            &ops::move_instructions(CLUSPROP_VM_LIVE).unwrap()[..]
        );
    }

    #[test]
    fn needed_is_zero_after_a_failure_other_than_more_data() {
        let mut err = blank();
        let bad = [1u8, 0, 0, 0, 3, 0, 4, 0];
        let mut buf = [0 as c_char; 64];
        let mut needed = 777;
        let status = unsafe {
            clusprop_to_json(
                bad.as_ptr(),
                bad.len(),
                0,
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
                &mut err,
            )
        };
        assert_eq!((status, needed), (CLUSPROP_INVALID_DATA, 0));
        needed = 777;
        let status =
            unsafe { clusprop_offline_instructions(9, ptr::null_mut(), 0, &mut needed, &mut err) };
        assert_eq!((status, needed), (CLUSPROP_INVALID_PARAMETER, 0));
        needed = 777;
        let status =
            unsafe { clusprop_offline_instructions(1, ptr::null_mut(), 8, &mut needed, &mut err) };
        assert_eq!((status, needed), (CLUSPROP_INVALID_PARAMETER, 0));
    }

    #[test]
    fn lengths_no_object_can_have_are_rejected() {
        let data = save();
        let mut err = blank();
        let status = unsafe { clusprop_validate(data.as_ptr(), usize::MAX, &mut err) };
        assert_eq!(
            (status, err.kind),
            (CLUSPROP_INVALID_PARAMETER, CLUSPROP_KIND_INVALID_ARGUMENT)
        );
        // A buf_len of (size_t)-1, a negative int passed as a length: the
        // library must not trust it and write.
        let mut buf = [0x55u8; 200];
        let mut needed = 777;
        let status = unsafe {
            clusprop_move_instructions(4, buf.as_mut_ptr(), usize::MAX, &mut needed, &mut err)
        };
        assert_eq!(
            (status, err.kind, needed),
            (
                CLUSPROP_INVALID_PARAMETER,
                CLUSPROP_KIND_INVALID_ARGUMENT,
                0
            )
        );
        assert_eq!(
            message(&err),
            format!("buf_len: length {} is too large", usize::MAX)
        );
        assert!(buf.iter().all(|&b| b == 0x55), "the buffer stays untouched");
    }

    #[test]
    fn lookups_by_utf8_name() {
        let list = {
            let mut l = clusprop::OwnedPropertyList::new();
            l.push("Virtual Machine", clusprop::OwnedValue::dword(4))
                .unwrap();
            l.push("Size", clusprop::OwnedValue::ularge_integer(1 << 40))
                .unwrap();
            l.push("Café", clusprop::OwnedValue::sz("né").unwrap())
                .unwrap();
            l.to_vec().unwrap()
        };
        let (p, n) = (list.as_ptr(), list.len());
        let mut err = blank();
        let mut dword = 0;
        let status =
            unsafe { clusprop_get_dword(p, n, c"virtual machine".as_ptr(), &mut dword, &mut err) };
        assert_eq!((status, dword), (CLUSPROP_OK, 4));
        let mut qword = 0;
        let status = unsafe { clusprop_get_qword(p, n, c"Size".as_ptr(), &mut qword, &mut err) };
        assert_eq!((status, qword), (CLUSPROP_OK, 1 << 40));
        let status = unsafe { clusprop_get_dword(p, n, c"Size".as_ptr(), &mut dword, &mut err) };
        assert_eq!(
            (status, err.kind),
            (CLUSPROP_TYPE_MISMATCH, CLUSPROP_KIND_WRONG_FORMAT)
        );
        let status = unsafe { clusprop_get_dword(p, n, c"Nope".as_ptr(), &mut dword, &mut err) };
        assert_eq!(
            (status, err.kind),
            (CLUSPROP_NOT_FOUND, CLUSPROP_KIND_NOT_FOUND)
        );
        let mut needed = 0;
        let mut buf = [0 as c_char; 16];
        let status = unsafe {
            clusprop_get_string(
                p,
                n,
                c"CAFÉ".as_ptr(),
                buf.as_mut_ptr(),
                3,
                &mut needed,
                &mut err,
            )
        };
        assert_eq!(
            (status, needed),
            (CLUSPROP_MORE_DATA, 4),
            "\"né\" + NUL is 4 bytes"
        );
        let status = unsafe {
            clusprop_get_string(
                p,
                n,
                c"café".as_ptr(),
                buf.as_mut_ptr(),
                16,
                &mut needed,
                &mut err,
            )
        };
        assert_eq!(status, CLUSPROP_OK);
        assert_eq!(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str(), Ok("né"));
        let bad_utf8 = [0xFFu8, 0];
        let status =
            unsafe { clusprop_get_dword(p, n, bad_utf8.as_ptr().cast(), &mut dword, &mut err) };
        assert_eq!(
            (status, err.kind),
            (CLUSPROP_INVALID_PARAMETER, CLUSPROP_KIND_INVALID_ARGUMENT)
        );
    }

    #[test]
    fn a_string_with_an_unpaired_surrogate_is_a_type_mismatch_at_its_offset() {
        // "A" = SZ "\u{D800}": valid UTF-16 code units, not valid Unicode.
        let list: Vec<u8> = [
            &[1u8, 0, 0, 0][..],
            &[3, 0, 4, 0, 4, 0, 0, 0, b'A', 0, 0, 0],
            &[3, 0, 1, 0, 4, 0, 0, 0, 0x00, 0xD8, 0, 0],
            &[0, 0, 0, 0],
        ]
        .concat();
        let mut err = blank();
        assert_eq!(
            unsafe { clusprop_validate(list.as_ptr(), list.len(), &mut err) },
            CLUSPROP_OK
        );
        let mut buf = [0x55 as c_char; 16];
        let mut needed = 777;
        let status = unsafe {
            clusprop_get_string(
                list.as_ptr(),
                list.len(),
                c"a".as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
                &mut err,
            )
        };
        assert_eq!(
            (status, err.kind, err.offset, needed),
            (CLUSPROP_TYPE_MISMATCH, CLUSPROP_KIND_WRONG_FORMAT, 16, 0)
        );
        assert_eq!(
            message(&err),
            "property \"A\", value at byte 16: the string has an unpaired UTF-16 surrogate \
             (it has no UTF-8 form)"
        );
        assert!(buf.iter().all(|&c| c == 0x55), "the buffer stays untouched");
    }

    #[test]
    fn json_both_ways_is_byte_exact() {
        let data = save();
        let mut needed = 0;
        let mut err = blank();
        let status = unsafe {
            clusprop_to_json(
                data.as_ptr(),
                data.len(),
                0,
                ptr::null_mut(),
                0,
                &mut needed,
                &mut err,
            )
        };
        assert_eq!(status, CLUSPROP_MORE_DATA);
        let mut json = vec![0 as c_char; needed];
        let status = unsafe {
            clusprop_to_json(
                data.as_ptr(),
                data.len(),
                0,
                json.as_mut_ptr(),
                needed,
                &mut needed,
                &mut err,
            )
        };
        assert_eq!(status, CLUSPROP_OK);
        let text = unsafe { CStr::from_ptr(json.as_ptr()) };
        assert!(text.to_str().unwrap().contains("\"Virtual Machine\""));
        let mut back = [0u8; 64];
        let status = unsafe {
            clusprop_from_json(
                json.as_ptr(),
                back.as_mut_ptr(),
                back.len(),
                &mut needed,
                &mut err,
            )
        };
        assert_eq!(status, CLUSPROP_OK);
        assert_eq!(&back[..needed], &data[..]);
        let status = unsafe {
            clusprop_from_json(
                c"{\"nope\": 1}".as_ptr(),
                back.as_mut_ptr(),
                64,
                &mut needed,
                &mut err,
            )
        };
        assert_eq!(
            (status, err.kind),
            (CLUSPROP_INVALID_DATA, CLUSPROP_KIND_JSON)
        );
    }

    #[test]
    fn from_json_reads_as_clusprop_encode_does() {
        let mut err = blank();
        let mut needed = 0;
        let mut buf = [0u8; 64];
        let mut from_json = |json: &CStr, err: &mut clusprop_error| unsafe {
            clusprop_from_json(json.as_ptr(), buf.as_mut_ptr(), 64, &mut needed, err)
        };
        // A UTF-8 byte-order mark (Windows tools write one) is skipped.
        let with_bom =
            c"\u{feff}{\"values\": [{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1}]}";
        assert_eq!(
            from_json(with_bom, &mut err),
            CLUSPROP_OK,
            "{}",
            message(&err)
        );
        // An error in the model says where it is in the text.
        let too_big = c"{\"properties\": [\n{\"name\": \"x\", \"values\": [{\"syntax\": 65538, \
            \"format\": \"dword\", \"value\": 4294967296}]}]}";
        assert_eq!(from_json(too_big, &mut err), CLUSPROP_INVALID_DATA);
        assert_eq!(
            (err.kind, message(&err).as_str()),
            (
                CLUSPROP_KIND_JSON,
                "invalid JSON form: expected a number from 0 to 4294967295 (format dword), \
                 found 4294967296 in property 0 \"x\", value 0 at line 2 column 81"
            )
        );
        // serde_json's column 0 (before a line's first character) is column 1.
        assert_eq!(from_json(c"", &mut err), CLUSPROP_INVALID_DATA);
        assert_eq!(
            message(&err),
            "invalid JSON form: EOF while parsing a value at line 1 column 1"
        );
        // UTF-16 text ends at its first 0 byte for C; its mark is named.
        assert_eq!(from_json(c"\xff\xfe{", &mut err), CLUSPROP_INVALID_DATA);
        assert!(message(&err).contains("UTF-16"), "{}", message(&err));
        // What the encoder refuses in its place is named by its path: a NAME
        // syntax as a property value, inside a nested list.
        let nested = c"{\"properties\": [{\"name\": \"A\", \"values\": [{\"syntax\": 65550, \
            \"format\": \"property_list\", \"value\": {\"properties\": [{\"name\": \"P\", \
            \"values\": [{\"syntax\": 262147, \"format\": \"sz\", \"value\": \"x\"}]}]}}]}]}";
        assert_eq!(from_json(nested, &mut err), CLUSPROP_ENCODE_FAILED);
        assert_eq!(err.kind, CLUSPROP_KIND_ENCODE);
        assert!(
            message(&err).ends_with(" in property 0 \"A\", value 0, property 0 \"P\", value 0"),
            "{}",
            message(&err)
        );
    }

    #[test]
    fn calls_from_several_threads_at_once_do_not_interfere() {
        // The README's claim: no global or thread-local state, so threads
        // with their own outputs may call at once.
        let threads: Vec<_> = (0..4u32)
            .map(|action| {
                std::thread::spawn(move || {
                    let mut err = blank();
                    let mut buf = [0u8; 64];
                    let mut needed = 0;
                    for _ in 0..200 {
                        let status = unsafe {
                            clusprop_offline_instructions(
                                action,
                                buf.as_mut_ptr(),
                                buf.len(),
                                &mut needed,
                                &mut err,
                            )
                        };
                        assert_eq!((status, needed), (CLUSPROP_OK, 60));
                        let mut value = u32::MAX;
                        let status = unsafe {
                            clusprop_get_dword(
                                buf.as_ptr(),
                                needed,
                                c"Virtual Machine".as_ptr(),
                                &mut value,
                                &mut err,
                            )
                        };
                        assert_eq!((status, value), (CLUSPROP_OK, action));
                        let status =
                            unsafe { clusprop_validate(buf.as_ptr(), needed - 1, &mut err) };
                        assert_eq!(
                            (status, err.kind),
                            (CLUSPROP_INVALID_DATA, CLUSPROP_KIND_DECODE)
                        );
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
    }

    #[test]
    fn a_panic_is_caught_at_the_boundary() {
        let mut err = blank();
        let status = guard(&mut err, || panic!("a bug"));
        assert_eq!(
            (status, err.kind),
            (CLUSPROP_INTERNAL_ERROR, CLUSPROP_KIND_PANIC)
        );
        // The panic's own message reaches the caller, not only stderr (which
        // a service or a GUI application does not show).
        assert_eq!(
            message(&err),
            "internal error (a panic in clusprop was caught): a bug"
        );
        let status = guard(&mut err, || panic!("bug {} at {}", 2, "x"));
        assert_eq!(status, CLUSPROP_INTERNAL_ERROR);
        assert_eq!(
            message(&err),
            "internal error (a panic in clusprop was caught): bug 2 at x"
        );
        // A payload that is not text still gives the fixed message.
        let status = guard(&mut err, || std::panic::panic_any(42u8));
        assert_eq!(status, CLUSPROP_INTERNAL_ERROR);
        assert_eq!(
            message(&err),
            "internal error (a panic in clusprop was caught)"
        );
    }

    /// One entry: `syntax`, the length of `data`, `data` padded to 4 bytes.
    fn entry(syntax: u32, data: &[u8]) -> Vec<u8> {
        let mut out = syntax.to_le_bytes().to_vec();
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
        out
    }

    /// A NAME entry for the ASCII `name`.
    fn name_entry(name: &str) -> Vec<u8> {
        let utf16: Vec<u8> = name.bytes().chain([0]).flat_map(|b| [b, 0]).collect();
        entry(0x0004_0003, &utf16)
    }

    /// What only `CLUSPROP_POLICY_LENIENT` reads: "M" with four DWORD values
    /// (the Win32 guide's "one or more"; the default takes at most three),
    /// then "D" = DWORD 7, "Q" = ULARGE_INTEGER 2^40, "S" = SZ "hi".
    /// Returns the list and the offset of M's fourth value, where the
    /// default reader stops.
    fn lenient_only() -> (Vec<u8>, usize) {
        const DWORD: u32 = 0x0001_0002;
        let mut list = 4u32.to_le_bytes().to_vec();
        list.extend(name_entry("M"));
        let mut fourth = 0;
        for n in 1..=4u32 {
            if n == 4 {
                fourth = list.len();
            }
            list.extend(entry(DWORD, &n.to_le_bytes()));
        }
        list.extend(0u32.to_le_bytes());
        list.extend(name_entry("D"));
        list.extend(entry(DWORD, &7u32.to_le_bytes()));
        list.extend(0u32.to_le_bytes());
        list.extend(name_entry("Q"));
        list.extend(entry(0x0001_0006, &(1u64 << 40).to_le_bytes()));
        list.extend(0u32.to_le_bytes());
        list.extend(name_entry("S"));
        list.extend(entry(0x0001_0003, &[b'h', 0, b'i', 0, 0, 0]));
        list.extend(0u32.to_le_bytes());
        (list, fourth)
    }

    #[test]
    fn lookups_read_under_the_policy_asked_for() {
        let (list, fourth) = lenient_only();
        let (p, n) = (list.as_ptr(), list.len());
        let mut err = blank();
        // The list itself: lenient-only, as the lookups must see it.
        assert_eq!(
            unsafe { clusprop_validate_with(p, n, CLUSPROP_POLICY_LENIENT, &mut err) },
            CLUSPROP_OK,
            "{}",
            message(&err)
        );
        let mut dword = 0;
        let status = unsafe {
            clusprop_get_dword_with(
                p,
                n,
                CLUSPROP_POLICY_LENIENT,
                c"m".as_ptr(),
                &mut dword,
                &mut err,
            )
        };
        assert_eq!((status, dword), (CLUSPROP_OK, 1), "{}", message(&err));
        assert_eq!((err.kind, err.offset, message(&err).as_str()), (0, 0, ""));
        let status = unsafe {
            clusprop_get_dword_with(
                p,
                n,
                CLUSPROP_POLICY_LENIENT,
                c"D".as_ptr(),
                &mut dword,
                &mut err,
            )
        };
        assert_eq!((status, dword), (CLUSPROP_OK, 7));
        let mut qword = 0;
        let status = unsafe {
            clusprop_get_qword_with(
                p,
                n,
                CLUSPROP_POLICY_LENIENT,
                c"q".as_ptr(),
                &mut qword,
                &mut err,
            )
        };
        assert_eq!((status, qword), (CLUSPROP_OK, 1 << 40), "{}", message(&err));
        let mut buf = [0 as c_char; 8];
        let mut needed = 0;
        let status = unsafe {
            clusprop_get_string_with(
                p,
                n,
                CLUSPROP_POLICY_LENIENT,
                c"s".as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
                &mut err,
            )
        };
        assert_eq!((status, needed), (CLUSPROP_OK, 3), "{}", message(&err));
        assert_eq!(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str(), Ok("hi"));

        // Under the default policy (and through the functions without a
        // policy) the list is refused where M's fourth value stands, and
        // nothing is written.
        let refused = |status: c_int, err: &clusprop_error| {
            assert_eq!(
                (status, err.kind, err.offset),
                (CLUSPROP_INVALID_DATA, CLUSPROP_KIND_DECODE, fourth),
                "{}",
                message(err)
            );
        };
        dword = 77;
        let status = unsafe {
            clusprop_get_dword_with(
                p,
                n,
                CLUSPROP_POLICY_DEFAULT,
                c"D".as_ptr(),
                &mut dword,
                &mut err,
            )
        };
        refused(status, &err);
        let status = unsafe { clusprop_get_dword(p, n, c"D".as_ptr(), &mut dword, &mut err) };
        refused(status, &err);
        assert_eq!(dword, 77);
        qword = 77;
        let status = unsafe {
            clusprop_get_qword_with(
                p,
                n,
                CLUSPROP_POLICY_DEFAULT,
                c"Q".as_ptr(),
                &mut qword,
                &mut err,
            )
        };
        refused(status, &err);
        let status = unsafe { clusprop_get_qword(p, n, c"Q".as_ptr(), &mut qword, &mut err) };
        refused(status, &err);
        assert_eq!(qword, 77);
        let mut buf = [0x55 as c_char; 8];
        needed = 777;
        let status = unsafe {
            clusprop_get_string_with(
                p,
                n,
                CLUSPROP_POLICY_DEFAULT,
                c"S".as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
                &mut err,
            )
        };
        refused(status, &err);
        assert_eq!(needed, 0);
        let status = unsafe {
            clusprop_get_string(
                p,
                n,
                c"S".as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
                &mut err,
            )
        };
        refused(status, &err);
        assert!(buf.iter().all(|&c| c == 0x55), "the buffer stays untouched");
    }

    #[test]
    fn lookups_reject_an_unknown_policy() {
        let data = save();
        let (p, n) = (data.as_ptr(), data.len());
        let name = c"Virtual Machine".as_ptr();
        let mut err = blank();
        let unknown = |status: c_int, err: &clusprop_error| {
            assert_eq!(
                (status, err.kind, message(err).as_str()),
                (
                    CLUSPROP_INVALID_PARAMETER,
                    CLUSPROP_KIND_INVALID_ARGUMENT,
                    "unknown policy 4 (expected 0 to 3, CLUSPROP_POLICY_*)"
                )
            );
        };
        let mut dword = 77;
        let status = unsafe { clusprop_get_dword_with(p, n, 4, name, &mut dword, &mut err) };
        unknown(status, &err);
        assert_eq!(dword, 77);
        let mut qword = 77;
        let status = unsafe { clusprop_get_qword_with(p, n, 4, name, &mut qword, &mut err) };
        unknown(status, &err);
        assert_eq!(qword, 77);
        let mut buf = [0 as c_char; 8];
        let mut needed = 777;
        let status = unsafe {
            clusprop_get_string_with(p, n, 4, name, buf.as_mut_ptr(), 8, &mut needed, &mut err)
        };
        unknown(status, &err);
        assert_eq!(needed, 0);
        // Every known policy reads this list.
        for policy in [
            CLUSPROP_POLICY_DEFAULT,
            CLUSPROP_POLICY_MS_CMRP,
            CLUSPROP_POLICY_CLIENT,
            CLUSPROP_POLICY_LENIENT,
        ] {
            let status =
                unsafe { clusprop_get_dword_with(p, n, policy, name, &mut dword, &mut err) };
            assert_eq!(
                (status, dword),
                (CLUSPROP_OK, CLUSPROP_VM_SAVE),
                "policy {policy}"
            );
        }
    }

    #[test]
    fn a_json_error_gives_its_line_and_column() {
        let mut err = blank();
        let mut needed = 0;
        let from_json = |json: &CStr, err: &mut clusprop_error, needed: &mut usize| unsafe {
            clusprop_from_json(json.as_ptr(), ptr::null_mut(), 0, needed, err)
        };
        // Line 3, column 5: a character where a value belongs.
        let text = c"{\"properties\":\n[\n    x\n]}";
        assert_eq!(
            from_json(text, &mut err, &mut needed),
            CLUSPROP_INVALID_DATA
        );
        assert_eq!(
            (err.kind, err.line, err.column, err.offset),
            (CLUSPROP_KIND_JSON, 3, 5, 0)
        );
        assert!(
            message(&err).ends_with(" at line 3 column 5"),
            "{}",
            message(&err)
        );
        // The column counts characters: "é" is two bytes, one column, and
        // the `x` is the 16th character of line 3.
        let text = c"{\"properties\": [\n{\"name\":\n\"é\", \"values\": x}]}";
        assert_eq!(
            from_json(text, &mut err, &mut needed),
            CLUSPROP_INVALID_DATA
        );
        assert_eq!(
            (err.kind, err.line, err.column),
            (CLUSPROP_KIND_JSON, 3, 16)
        );
        // A message cut in the middle still has both, whole (the key's
        // closing quote: 2 spaces, the quote, 300 characters, the quote).
        let long = format!("{{\"properties\": [],\n\n  \"{}\": 1}}", "k".repeat(300));
        let long = std::ffi::CString::new(long).unwrap();
        assert_eq!(
            from_json(&long, &mut err, &mut needed),
            CLUSPROP_INVALID_DATA
        );
        assert!(message(&err).contains('\u{2026}'), "{}", message(&err));
        assert_eq!((err.line, err.column), (3, 304));
        // UTF-16 text has no place in the (UTF-8) text.
        assert_eq!(
            from_json(c"\xff\xfe{", &mut err, &mut needed),
            CLUSPROP_INVALID_DATA
        );
        assert_eq!((err.kind, err.line, err.column), (CLUSPROP_KIND_JSON, 0, 0));
        // An unknown key: serde_json places it at its closing quote.
        let text = c"{\n  \"properties\": [],\n  \"a\": 1\n}";
        assert_eq!(
            from_json(text, &mut err, &mut needed),
            CLUSPROP_INVALID_DATA
        );
        assert_eq!((err.kind, err.line, err.column), (CLUSPROP_KIND_JSON, 3, 5));
        // Success clears them.
        assert_eq!(
            from_json(text, &mut err, &mut needed),
            CLUSPROP_INVALID_DATA
        );
        let good = c"{\"values\": [{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1}]}";
        assert_eq!(from_json(good, &mut err, &mut needed), CLUSPROP_MORE_DATA);
        let mut buf = vec![0u8; needed];
        let status = unsafe {
            clusprop_from_json(
                good.as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
                &mut err,
            )
        };
        assert_eq!(status, CLUSPROP_OK);
        assert_eq!((err.kind, err.offset, err.line, err.column), (0, 0, 0, 0));
        // What the encoder refuses has a path in the model, no place in
        // the text.
        assert_eq!(
            from_json(text, &mut err, &mut needed),
            CLUSPROP_INVALID_DATA
        );
        let four = c"{\"properties\": [{\"name\": \"A\", \"values\": [\
            {\"syntax\": 65538, \"format\": \"dword\", \"value\": 1},\
            {\"syntax\": 65538, \"format\": \"dword\", \"value\": 1},\
            {\"syntax\": 65538, \"format\": \"dword\", \"value\": 1},\
            {\"syntax\": 65538, \"format\": \"dword\", \"value\": 1}]}]}";
        assert_eq!(
            from_json(four, &mut err, &mut needed),
            CLUSPROP_ENCODE_FAILED
        );
        assert_eq!(
            (err.kind, err.line, err.column),
            (CLUSPROP_KIND_ENCODE, 0, 0)
        );
    }

    #[test]
    fn errors_other_than_json_leave_line_and_column_0() {
        let mut err = blank();
        let bad = [1u8, 0, 0, 0, 3, 0, 4, 0];
        let status = unsafe { clusprop_validate(bad.as_ptr(), bad.len(), &mut err) };
        assert_eq!(
            (status, err.kind, err.offset, err.line, err.column),
            (CLUSPROP_INVALID_DATA, CLUSPROP_KIND_DECODE, 8, 0, 0)
        );
        // After a JSON error, a failure of another kind replaces them.
        let mut needed = 0;
        let text = c"{\"properties\":\n[\n    x\n]}";
        let status =
            unsafe { clusprop_from_json(text.as_ptr(), ptr::null_mut(), 0, &mut needed, &mut err) };
        assert_eq!(
            (status, err.line, err.column),
            (CLUSPROP_INVALID_DATA, 3, 5)
        );
        let data = save();
        let status = unsafe {
            clusprop_get_dword(
                data.as_ptr(),
                data.len(),
                c"Nope".as_ptr(),
                &mut 0,
                &mut err,
            )
        };
        assert_eq!(
            (status, err.kind, err.line, err.column),
            (CLUSPROP_NOT_FOUND, CLUSPROP_KIND_NOT_FOUND, 0, 0)
        );
        let status =
            unsafe { clusprop_from_json(text.as_ptr(), ptr::null_mut(), 0, &mut needed, &mut err) };
        assert_eq!(status, CLUSPROP_INVALID_DATA);
        let status =
            unsafe { clusprop_offline_instructions(1, ptr::null_mut(), 0, &mut needed, &mut err) };
        assert_eq!(
            (status, err.kind, err.line, err.column),
            (CLUSPROP_MORE_DATA, CLUSPROP_KIND_BUFFER_TOO_SMALL, 0, 0)
        );
    }

    #[test]
    fn unknown_actions_and_policies_are_rejected() {
        let mut needed = 0;
        let mut err = blank();
        let status =
            unsafe { clusprop_offline_instructions(4, ptr::null_mut(), 0, &mut needed, &mut err) };
        assert_eq!(
            (status, err.kind),
            (CLUSPROP_INVALID_PARAMETER, CLUSPROP_KIND_INVALID_ARGUMENT)
        );
        let data = save();
        let status = unsafe { clusprop_validate_with(data.as_ptr(), data.len(), 9, &mut err) };
        assert_eq!(status, CLUSPROP_INVALID_PARAMETER);
    }

    #[test]
    fn control_characters_in_messages_are_escaped() {
        // serde_json echoes the unknown key: its NUL cut the C string
        // short (losing what was expected) and its ESC reached a terminal.
        let mut err = blank();
        let mut needed = 0;
        let status = unsafe {
            clusprop_from_json(
                c"{\"properties\": [], \"x\\u0000y\\u001b[31m\": 1}".as_ptr(),
                ptr::null_mut(),
                0,
                &mut needed,
                &mut err,
            )
        };
        assert_eq!(status, CLUSPROP_INVALID_DATA);
        assert_eq!(
            message(&err),
            "invalid JSON form: unknown field `x\\0y\\u{1b}[31m`, \
             expected one of `properties`, `trailing_end_mark`, `values` at line 1 column 39"
        );
        let data = save();
        let status = unsafe {
            clusprop_get_dword(
                data.as_ptr(),
                data.len(),
                c"a\nb".as_ptr(),
                &mut 0,
                &mut err,
            )
        };
        assert_eq!(status, CLUSPROP_NOT_FOUND);
        assert_eq!(message(&err), "no property named \"a\\nb\"");
        // Unicode's own line breaks end the line as '\n' does, and bidi
        // controls reorder what a terminal or log viewer shows after them
        // (a name could make the message read as something else).
        let status = unsafe {
            clusprop_get_dword(
                data.as_ptr(),
                data.len(),
                c"a\u{2028}b\u{2029}c\u{202e}d\u{2066}e".as_ptr(),
                &mut 0,
                &mut err,
            )
        };
        assert_eq!(status, CLUSPROP_NOT_FOUND);
        assert_eq!(
            message(&err),
            "no property named \"a\\u{2028}b\\u{2029}c\\u{202e}d\\u{2066}e\""
        );
        // A quote or a backslash of the name is escaped inside the quotes:
        // the quote cannot end early, and `\n` reads apart from a newline.
        let status = unsafe {
            clusprop_get_dword(
                data.as_ptr(),
                data.len(),
                c"a\"b\\n".as_ptr(),
                &mut 0,
                &mut err,
            )
        };
        assert_eq!(status, CLUSPROP_NOT_FOUND);
        assert_eq!(message(&err), r#"no property named "a\"b\\n""#);
    }

    /// Every character the core escapes (C0 and C1 controls, DEL, the
    /// line and paragraph separators, each bidi control), in a name a
    /// lookup quotes and in a JSON key the reader quotes, reaches the
    /// message escaped: none of them is left raw.
    #[test]
    fn no_control_separator_or_bidi_character_reaches_a_message() {
        let risky: Vec<char> = (1..=0x9fu32)
            .chain([0x61c, 0x200e, 0x200f, 0x2028, 0x2029])
            .chain(0x202a..=0x202e)
            .chain(0x2066..=0x2069)
            .filter_map(char::from_u32)
            .filter(|c| clusprop::must_escape(*c))
            .collect();
        // 31 C0 characters (NUL cannot be in a C string), DEL, 32 C1, 2 + 12.
        assert_eq!(risky.len(), 31 + 1 + 32 + 2 + 12);
        let data = save();
        let mut err = blank();
        for c in risky {
            let name = std::ffi::CString::new(format!("a{c}b")).unwrap();
            let status = unsafe {
                clusprop_get_dword(data.as_ptr(), data.len(), name.as_ptr(), &mut 0, &mut err)
            };
            assert_eq!(status, CLUSPROP_NOT_FOUND);
            let shown = message(&err);
            assert!(!shown.contains(clusprop::must_escape), "{shown:?}");
            assert!(
                shown.contains(&clusprop::escaped(&format!("a{c}b")).to_string()),
                "{shown}"
            );
            // The same character in a JSON key, written as a \u escape.
            let json = format!("{{\"properties\": [], \"k\\u{:04x}\": 1}}", u32::from(c));
            let json = std::ffi::CString::new(json).unwrap();
            let mut needed = 0;
            let status = unsafe {
                clusprop_from_json(json.as_ptr(), ptr::null_mut(), 0, &mut needed, &mut err)
            };
            assert_eq!(status, CLUSPROP_INVALID_DATA);
            let shown = message(&err);
            assert!(!shown.contains(clusprop::must_escape), "{shown:?}");
            assert!(shown.contains("unknown field `k\\"), "{shown}");
        }
    }

    #[test]
    fn long_messages_are_cut_at_a_character_boundary() {
        let mut err = blank();
        let long = "é".repeat(200);
        Failure::invalid(&long).fill(&mut err);
        let kept = message(&err);
        // 78 two-byte characters (156 bytes), "…" (3), 48 of them (96).
        assert_eq!(
            kept,
            format!("{}\u{2026}{}", "é".repeat(78), "é".repeat(48))
        );
        assert_eq!(kept.len(), 255);
        assert_eq!(err.message[255], 0);
    }

    #[test]
    fn long_messages_keep_their_location() {
        // A long unknown key quoted by serde_json pushed "at line .. column
        // .." past the 255 bytes and it was cut off: the caller lost where.
        let mut err = blank();
        let mut needed = 0;
        let json = format!("{{\"properties\": [], \"{}\": 1}}", "k".repeat(300));
        let json = std::ffi::CString::new(json).unwrap();
        let status =
            unsafe { clusprop_from_json(json.as_ptr(), ptr::null_mut(), 0, &mut needed, &mut err) };
        assert_eq!(status, CLUSPROP_INVALID_DATA);
        let kept = message(&err);
        assert!(kept.len() <= 255, "{kept}");
        assert!(
            kept.starts_with("invalid JSON form: unknown field `kkk"),
            "{kept}"
        );
        assert!(kept.ends_with("at line 1 column 321"), "{kept}");
        assert!(kept.contains("k\u{2026}k"), "{kept}");
        // A message that fits is kept whole.
        let short = "x".repeat(255);
        Failure::invalid(&short).fill(&mut err);
        assert_eq!(message(&err), short);
    }

    /// `clusprop_to_json` and `clusprop_value_list_to_json`.
    type ToJson = unsafe extern "C" fn(
        *const u8,
        usize,
        u32,
        *mut c_char,
        usize,
        *mut usize,
        *mut clusprop_error,
    ) -> c_int;

    /// Every export on `data` (and on each property's name): a specific
    /// status whose kind matches it, a message, and for a malformed list an
    /// offset inside the input; never a caught panic.
    fn every_export_fails_cleanly_on(data: &[u8], what: &str) {
        let mut err = blank();
        let mut out = vec![0 as c_char; 1 << 14];
        let mut needed = 0;
        let check = |status: c_int, err: &clusprop_error, call: &str| {
            let expected_kind = match status {
                CLUSPROP_OK => CLUSPROP_KIND_NONE,
                CLUSPROP_INVALID_DATA => CLUSPROP_KIND_DECODE,
                CLUSPROP_NOT_FOUND => CLUSPROP_KIND_NOT_FOUND,
                CLUSPROP_TYPE_MISMATCH => CLUSPROP_KIND_WRONG_FORMAT,
                other => panic!("{what}: {call} returned {other}: {}", message(err)),
            };
            assert_eq!(err.kind, expected_kind, "{what}: {call}: {}", message(err));
            assert!(
                err.offset <= data.len(),
                "{what}: {call}: offset {}",
                err.offset
            );
            // Only a JSON text's error has a line and column.
            assert_eq!((err.line, err.column), (0, 0), "{what}: {call}");
            assert_eq!(
                status == CLUSPROP_OK,
                message(err).is_empty(),
                "{what}: {call}"
            );
        };
        for policy in [CLUSPROP_POLICY_DEFAULT, CLUSPROP_POLICY_LENIENT] {
            let status =
                unsafe { clusprop_validate_with(data.as_ptr(), data.len(), policy, &mut err) };
            check(status, &err, "validate");
            let to_json: [(ToJson, &str); 2] = [
                (clusprop_to_json, "to_json"),
                (clusprop_value_list_to_json, "value_list_to_json"),
            ];
            for (call, name) in to_json {
                let status = unsafe {
                    call(
                        data.as_ptr(),
                        data.len(),
                        policy,
                        out.as_mut_ptr(),
                        out.len(),
                        &mut needed,
                        &mut err,
                    )
                };
                check(status, &err, name);
            }
        }
        // The names as the lenient reader finds them: the lookups under
        // the default policy must then fail cleanly on what it refuses.
        let lenient = clusprop::DecodeOptions::lenient();
        let Ok(list) = clusprop::PropertyList::parse_with(data, &lenient) else {
            return;
        };
        for property in list.iter() {
            let Ok(name) = std::ffi::CString::new(property.name().to_string_lossy()) else {
                continue;
            };
            let (p, n, name) = (data.as_ptr(), data.len(), name.as_ptr());
            for policy in [CLUSPROP_POLICY_DEFAULT, CLUSPROP_POLICY_LENIENT] {
                let status =
                    unsafe { clusprop_get_dword_with(p, n, policy, name, &mut 0, &mut err) };
                check(status, &err, "get_dword_with");
                let status =
                    unsafe { clusprop_get_qword_with(p, n, policy, name, &mut 0, &mut err) };
                check(status, &err, "get_qword_with");
                let status = unsafe {
                    clusprop_get_string_with(
                        p,
                        n,
                        policy,
                        name,
                        out.as_mut_ptr(),
                        out.len(),
                        &mut needed,
                        &mut err,
                    )
                };
                check(status, &err, "get_string_with");
            }
            let status = unsafe { clusprop_get_dword(p, n, name, &mut 0, &mut err) };
            check(status, &err, "get_dword");
        }
    }

    #[test]
    fn cut_and_flipped_vectors_fail_cleanly() {
        for (name, data) in clusprop_testkit::all_vectors() {
            every_export_fails_cleanly_on(&data, &name);
            for cut in 0..data.len() {
                every_export_fails_cleanly_on(&data[..cut], &format!("{name} cut at {cut}"));
            }
            for at in 0..data.len() {
                for byte in [0x00, 0xFF] {
                    let mut bad = data.clone();
                    bad[at] = byte;
                    every_export_fails_cleanly_on(&bad, &format!("{name} byte {at} = {byte:#x}"));
                }
            }
        }
    }
}
