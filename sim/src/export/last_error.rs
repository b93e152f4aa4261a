//! The thread's last error, as the `Open*` exports report their failures:
//! kernel32's `SetLastError` on Windows, elsewhere a thread-local value that
//! the library's own `GetLastError` export returns.

use clusprop_ffi::prototypes::GetLastErrorFn;
#[cfg(windows)]
use windows_sys::Win32::Foundation as w;

#[cfg(not(windows))]
thread_local! {
    static LAST_ERROR: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Sets the calling thread's last error, as a failing clusapi call does.
pub(super) fn set_last_error(code: u32) {
    #[cfg(windows)]
    // SAFETY: `SetLastError` only writes the calling thread's last-error
    // value.
    unsafe {
        w::SetLastError(code)
    };
    #[cfg(not(windows))]
    LAST_ERROR.with(|e| e.set(code));
}

/// `GetLastError` for platforms without kernel32: the last error the
/// simulator set on the calling thread.
#[cfg(not(windows))]
#[unsafe(no_mangle)]
pub extern "system" fn GetLastError() -> u32 {
    LAST_ERROR.with(|e| e.get())
}

/// The `GetLastError` the in-process table hands out: the simulator's own
/// where kernel32 is missing, else kernel32's.
#[cfg(not(windows))]
pub(super) const GET_LAST_ERROR: GetLastErrorFn = GetLastError;
#[cfg(windows)]
pub(super) const GET_LAST_ERROR: GetLastErrorFn = w::GetLastError;
