//! The `ClusSim*` control functions (C ABI, UTF-8 strings) that configure
//! and observe a simulator loaded as a shared library.

use std::time::Duration;

use windows_sys::Win32::Foundation as w;

use crate::config::ClusterConfig;
use crate::model;

/// Reads a UTF-8 string given as pointer and length.
///
/// # Safety
///
/// `ptr` is readable for `len` bytes (or `len` is 0).
unsafe fn read_utf8<'a>(ptr: *const u8, len: usize) -> Option<&'a str> {
    if len == 0 {
        return Some("");
    }
    if ptr.is_null() {
        return None;
    }
    // SAFETY: the caller promises `len` readable bytes.
    std::str::from_utf8(unsafe { std::slice::from_raw_parts(ptr, len) }).ok()
}

/// Registers every cluster of a configuration text (the format of
/// [`crate::config`]). Returns 0, or `ERROR_INVALID_PARAMETER` (the reason is
/// printed to standard error).
///
/// # Safety
///
/// `text` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ClusSimConfigure(text: *const u8, len: usize) -> u32 {
    // SAFETY: forwarded from this function's contract.
    let Some(text) = (unsafe { read_utf8(text, len) }) else {
        return w::ERROR_INVALID_PARAMETER;
    };
    let result = ClusterConfig::parse_all(text).and_then(|configs| {
        configs
            .iter()
            .try_for_each(|c| model::register(c).map(drop))
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            model::warn(format_args!("{e}"));
            w::ERROR_INVALID_PARAMETER
        }
    }
}

/// Removes a cluster by name: 1 if it existed.
///
/// # Safety
///
/// `name` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ClusSimRemove(name: *const u8, len: usize) -> u32 {
    // SAFETY: forwarded from this function's contract.
    let name = unsafe { read_utf8(name, len) };
    u32::from(name.is_some_and(model::unregister))
}

/// The number of open handles of a cluster, or −1 if there is no such
/// cluster.
///
/// # Safety
///
/// `name` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ClusSimOpenHandles(name: *const u8, len: usize) -> i64 {
    // SAFETY: forwarded from this function's contract.
    let found = unsafe { read_utf8(name, len) }.and_then(model::find_cluster);
    found.map_or(-1, |c| i64::try_from(c.open_handles()).unwrap_or(i64::MAX))
}

/// How often a handle of a cluster was closed when it was no longer open,
/// or −1 if there is no such cluster.
///
/// # Safety
///
/// `name` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ClusSimInvalidCloses(name: *const u8, len: usize) -> i64 {
    // SAFETY: forwarded from this function's contract.
    let found = unsafe { read_utf8(name, len) }.and_then(model::find_cluster);
    found.map_or(-1, |c| {
        i64::try_from(c.invalid_closes()).unwrap_or(i64::MAX)
    })
}

/// How many control calls (`Cluster*Control`) reached a cluster, or −1 if
/// there is no such cluster.
///
/// # Safety
///
/// `name` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ClusSimControlCalls(name: *const u8, len: usize) -> i64 {
    // SAFETY: forwarded from this function's contract.
    let found = unsafe { read_utf8(name, len) }.and_then(model::find_cluster);
    found.map_or(-1, |c| i64::try_from(c.control_calls()).unwrap_or(i64::MAX))
}

/// Waits up to `timeout_ms` until no operation runs in the cluster: 1 if
/// idle, 0 if not (or no such cluster).
///
/// # Safety
///
/// `name` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ClusSimWaitIdle(name: *const u8, len: usize, timeout_ms: u32) -> u32 {
    // SAFETY: forwarded from this function's contract.
    let found = unsafe { read_utf8(name, len) }.and_then(model::find_cluster);
    u32::from(found.is_some_and(|c| c.wait_idle(Duration::from_millis(timeout_ms.into()))))
}

/// Writes what the cluster's resources did, one event per line (UTF-8,
/// not NUL-terminated), into `out` (up to `capacity` bytes) and returns the
/// full length; call again with a larger buffer if it is bigger than
/// `capacity`. `usize::MAX` if there is no such cluster.
///
/// # Safety
///
/// `name` is readable for `len` bytes; `out` is NULL or writable for
/// `capacity` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ClusSimEvents(
    name: *const u8,
    len: usize,
    out: *mut u8,
    capacity: usize,
) -> usize {
    // SAFETY: forwarded from this function's contract.
    let Some(cluster) = unsafe { read_utf8(name, len) }.and_then(model::find_cluster) else {
        return usize::MAX;
    };
    let text: String = cluster.events().iter().map(|e| format!("{e}\n")).collect();
    if !out.is_null() && text.len() <= capacity {
        // SAFETY: `out` is writable for `capacity >= text.len()` bytes.
        unsafe { std::ptr::copy_nonoverlapping(text.as_ptr(), out, text.len()) };
    }
    text.len()
}
