//! The node's exports: `OpenClusterNode(Ex)` and `CloseClusterNode`.

use windows_sys::Win32::Networking::Clustering::{HCLUSTER, HNODE};
use windows_sys::core::{BOOL, PCWSTR};

use super::args::closed;
use super::exports_cluster::open_object;
use crate::model::{self, HandleKind};

/// `OpenClusterNode`: `ERROR_CLUSTER_NODE_NOT_FOUND` for an unknown name.
///
/// # Safety
///
/// `lpsznodename` is NULL or a NUL-terminated UTF-16 string.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterNode(hcluster: HCLUSTER, lpsznodename: PCWSTR) -> HNODE {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::Node,
            lpsznodename,
            None,
            std::ptr::null_mut(),
        )
    }
}

/// `OpenClusterNodeEx`: a node handle with read or all access.
///
/// # Safety
///
/// As `OpenClusterNode`; `lpdwgrantedaccess` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterNodeEx(
    hcluster: HCLUSTER,
    lpsznodename: PCWSTR,
    dwdesiredaccess: u32,
    lpdwgrantedaccess: *mut u32,
) -> HNODE {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::Node,
            lpsznodename,
            Some(dwdesiredaccess),
            lpdwgrantedaccess,
        )
    }
}

/// `CloseClusterNode`.
#[unsafe(no_mangle)]
pub extern "system" fn CloseClusterNode(hnode: HNODE) -> BOOL {
    closed(model::close(hnode, HandleKind::Node))
}
