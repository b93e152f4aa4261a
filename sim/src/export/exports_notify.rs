//! The notification port exports: `CreateClusterNotifyPortV2`,
//! `GetClusterNotifyV2` and `CloseClusterNotifyPort`.

use std::time::Duration;

use windows_sys::Win32::Foundation as w;
use windows_sys::Win32::Networking::Clustering::{HCHANGE, HCLUSTER, NOTIFY_FILTER_AND_TYPE};
use windows_sys::core::{BOOL, PWSTR};

use super::args::{closed, opened, write_name};
use crate::model::{self, HandleKind};

/// The most filters one port takes.
const MAX_FILTERS: u32 = 64;

/// `CreateClusterNotifyPortV2`: a new port (`hchange` =
/// `INVALID_HANDLE_VALUE`) for the filters given; the simulator queues
/// `CLUSTER_CHANGE_GROUP_STATE_V2` and `CLUSTER_CHANGE_RESOURCE_STATE_V2`.
/// NULL with the last error on failure (`ERROR_INVALID_PARAMETER` for an
/// existing port, no filters, or more than 64).
///
/// # Safety
///
/// `filters` is readable for `dwfiltercount` entries.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn CreateClusterNotifyPortV2(
    hchange: HCHANGE,
    hcluster: HCLUSTER,
    filters: *const NOTIFY_FILTER_AND_TYPE,
    dwfiltercount: u32,
    dwnotifykey: usize,
) -> HCHANGE {
    let result = if filters.is_null() || dwfiltercount == 0 || dwfiltercount > MAX_FILTERS {
        Err(w::ERROR_INVALID_PARAMETER)
    } else {
        // SAFETY: non-NULL and readable for `dwfiltercount` (at most 64)
        // entries per the contract.
        let list = unsafe { std::slice::from_raw_parts(filters, dwfiltercount as usize) };
        let filters = list
            .iter()
            .map(|f| (f.dwObjectType, f.FilterFlags))
            .collect();
        model::create_port(hchange, hcluster, filters, dwnotifykey)
    };
    opened(result.map(|h| (h, 0)), std::ptr::null_mut())
}

/// Writes `value` as `write_name` does; a NULL buffer for a non-empty
/// value is `ERROR_MORE_DATA` (with the length in the count).
///
/// # Safety
///
/// As `write_name`.
unsafe fn write_opt_name(value: &str, buf: PWSTR, count: *mut u32) -> u32 {
    // SAFETY: forwarded from this function's contract.
    match unsafe { write_name(value, buf, count) } {
        Ok(()) if buf.is_null() && !value.is_empty() => w::ERROR_MORE_DATA,
        Ok(()) => w::ERROR_SUCCESS,
        Err(code) => code,
    }
}

/// `GetClusterNotifyV2`: the next notification, waiting up to
/// `dwmilliseconds` (`INFINITE` for ever): its key, filter, a DWORD payload
/// (the new state; inferred), the object's id, its parent's id (a
/// resource's group), its name and its type. A buffer too small gives
/// `ERROR_MORE_DATA` with every size needed written back, and the
/// notification stays queued; `WAIT_TIMEOUT` when nothing came;
/// `ERROR_INVALID_HANDLE` when the port is closed, also during the wait.
///
/// # Safety
///
/// Each pointer is NULL or valid for what its count says (the payload in
/// bytes, the strings in UTF-16 units); each count is NULL or readable and
/// writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "system" fn GetClusterNotifyV2(
    hchange: HCHANGE,
    lpdwnotifykey: *mut usize,
    pfilterandtype: *mut NOTIFY_FILTER_AND_TYPE,
    buffer: *mut u8,
    lpbbuffersize: *mut u32,
    lpszobjectid: PWSTR,
    lpcchobjectid: *mut u32,
    lpszparentid: PWSTR,
    lpcchparentid: *mut u32,
    lpszname: PWSTR,
    lpcchname: *mut u32,
    lpsztype: PWSTR,
    lpcchtype: *mut u32,
    dwmilliseconds: u32,
) -> u32 {
    let timeout =
        (dwmilliseconds != u32::MAX).then(|| Duration::from_millis(u64::from(dwmilliseconds)));
    model::next_notice(hchange, timeout, |notice, key| {
        let payload = notice.state.to_le_bytes();
        let mut status = w::ERROR_SUCCESS;
        if !lpbbuffersize.is_null() {
            // SAFETY: non-NULL, readable and writable per the contract.
            let have = unsafe { lpbbuffersize.read() };
            // SAFETY: as above.
            unsafe { lpbbuffersize.write(4) };
            if buffer.is_null() || have < 4 {
                status = w::ERROR_MORE_DATA;
            }
        }
        for (value, buf, count) in [
            (&notice.id, lpszobjectid, lpcchobjectid),
            (&notice.parent_id, lpszparentid, lpcchparentid),
            (&notice.name, lpszname, lpcchname),
            (&notice.type_name, lpsztype, lpcchtype),
        ] {
            // A NULL count: the caller does not want this string. Sizes are
            // written back even when another buffer is short.
            if count.is_null() {
                continue;
            }
            // SAFETY: forwarded from this function's contract.
            if unsafe { write_opt_name(value, buf, count) } != w::ERROR_SUCCESS {
                status = w::ERROR_MORE_DATA;
            }
        }
        if status != w::ERROR_SUCCESS {
            return status;
        }
        // SAFETY: per the contract, each pointer is NULL or writable; the
        // payload buffer holds at least 4 bytes (checked above).
        unsafe {
            write_opt_usize(lpdwnotifykey, key);
            if !pfilterandtype.is_null() {
                pfilterandtype.write(NOTIFY_FILTER_AND_TYPE {
                    dwObjectType: notice.object_type,
                    FilterFlags: notice.flags,
                });
            }
            if !buffer.is_null() && !lpbbuffersize.is_null() {
                std::ptr::copy_nonoverlapping(payload.as_ptr(), buffer, 4);
            }
        }
        w::ERROR_SUCCESS
    })
}

/// Writes an optional `usize` out-parameter.
///
/// # Safety
///
/// `ptr` is NULL or writable.
unsafe fn write_opt_usize(ptr: *mut usize, value: usize) {
    if !ptr.is_null() {
        // SAFETY: non-NULL, and the caller promises it is writable.
        unsafe { ptr.write(value) };
    }
}

/// `CloseClusterNotifyPort`: also ends a `GetClusterNotifyV2` waiting on
/// the port (with `ERROR_INVALID_HANDLE`).
#[unsafe(no_mangle)]
pub extern "system" fn CloseClusterNotifyPort(hchange: HCHANGE) -> BOOL {
    closed(model::close(hchange, HandleKind::NotifyPort))
}
