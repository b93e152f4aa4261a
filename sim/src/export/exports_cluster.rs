//! The cluster's exports: `OpenCluster(Ex)`, `CloseCluster`, and the body
//! of every `OpenCluster<Object>(Ex)`.

use windows_sys::Win32::Foundation as w;
use windows_sys::Win32::Networking::Clustering::HCLUSTER;
use windows_sys::core::{BOOL, PCWSTR};

use super::args::{closed, opened, read_wide};
use crate::model::{self, HandleKind};

/// `OpenCluster`: `NULL` opens the cluster configured as local. An unknown
/// name fails with `RPC_S_SERVER_UNAVAILABLE` in the last error.
///
/// # Safety
///
/// `lpszclustername` is NULL or a NUL-terminated UTF-16 string.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenCluster(lpszclustername: PCWSTR) -> HCLUSTER {
    // SAFETY: forwarded from this function's contract.
    let result = unsafe { read_wide(lpszclustername) }
        .and_then(|name| model::open_cluster(name.as_deref(), None));
    opened(result, std::ptr::null_mut())
}

/// `OpenClusterEx`: like `OpenCluster`, granting read or all for the desired
/// mask and writing it to `grantedaccess` (optional).
///
/// # Safety
///
/// As `OpenCluster`; `grantedaccess` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterEx(
    lpszclustername: PCWSTR,
    desiredaccess: u32,
    grantedaccess: *mut u32,
) -> HCLUSTER {
    // SAFETY: forwarded from this function's contract.
    let result = unsafe { read_wide(lpszclustername) }
        .and_then(|name| model::open_cluster(name.as_deref(), Some(desiredaccess)));
    opened(result, grantedaccess)
}

/// `CloseCluster`: `FALSE` with `ERROR_INVALID_HANDLE` for a handle that is
/// not open (the simulator counts such a second close).
#[unsafe(no_mangle)]
pub extern "system" fn CloseCluster(hcluster: HCLUSTER) -> BOOL {
    closed(model::close(hcluster, HandleKind::Cluster))
}

/// `OpenCluster<Object>(Ex)` for a group, node or resource name.
///
/// # Safety
///
/// `name` is NULL or a NUL-terminated UTF-16 string; `granted` is NULL or
/// writable.
pub(super) unsafe fn open_object(
    hcluster: HCLUSTER,
    kind: HandleKind,
    name: PCWSTR,
    desired: Option<u32>,
    granted: *mut u32,
) -> isize {
    // SAFETY: forwarded from this function's contract.
    let result = unsafe { read_wide(name) }.and_then(|name| {
        let name = name.ok_or(w::ERROR_INVALID_PARAMETER)?;
        model::open_object(hcluster, kind, &name, desired)
    });
    opened(result, granted)
}
