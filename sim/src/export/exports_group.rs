//! The group's exports: opening and closing a group, its state, and the
//! offline/online/move operations and their cancellation.

use windows_sys::Win32::Networking::Clustering::{
    CLUSTER_GROUP_STATE, ClusterGroupStateUnknown, HCLUSTER, HGROUP, HNODE,
};
use windows_sys::core::{BOOL, PCWSTR, PWSTR};

use super::args::{closed, read_buffer, write_name};
use super::exports_cluster::open_object;
use super::last_error::set_last_error;
use crate::model::{self, HandleKind};
use crate::ops::{self, Request};

/// `OpenClusterGroup`: `ERROR_GROUP_NOT_FOUND` for an unknown name.
///
/// # Safety
///
/// `lpszgroupname` is NULL or a NUL-terminated UTF-16 string.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterGroup(
    hcluster: HCLUSTER,
    lpszgroupname: PCWSTR,
) -> HGROUP {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::Group,
            lpszgroupname,
            None,
            std::ptr::null_mut(),
        )
    }
}

/// `OpenClusterGroupEx`: a group handle with read or all access.
///
/// # Safety
///
/// As `OpenClusterGroup`; `lpdwgrantedaccess` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterGroupEx(
    hcluster: HCLUSTER,
    lpszgroupname: PCWSTR,
    dwdesiredaccess: u32,
    lpdwgrantedaccess: *mut u32,
) -> HGROUP {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::Group,
            lpszgroupname,
            Some(dwdesiredaccess),
            lpdwgrantedaccess,
        )
    }
}

/// `CloseClusterGroup`.
#[unsafe(no_mangle)]
pub extern "system" fn CloseClusterGroup(hgroup: HGROUP) -> BOOL {
    closed(model::close(hgroup, HandleKind::Group))
}

/// `GetClusterGroupState`: the state, and the owner node's name if a buffer
/// is given. A buffer too small gives `ClusterGroupStateUnknown`,
/// `ERROR_MORE_DATA` and the length needed (without the NUL) in
/// `*lpcchnodename`.
///
/// # Safety
///
/// `lpsznodename` is NULL or writable for `*lpcchnodename` units;
/// `lpcchnodename` is NULL or a readable and writable `u32`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn GetClusterGroupState(
    hgroup: HGROUP,
    lpsznodename: PWSTR,
    lpcchnodename: *mut u32,
) -> CLUSTER_GROUP_STATE {
    let written = model::group_state(hgroup).and_then(|(state, node)| {
        // SAFETY: forwarded from this function's contract.
        unsafe { write_name(&node, lpsznodename, lpcchnodename) }.map(|()| state)
    });
    match written {
        Ok(state) => state.to_raw(),
        Err(code) => {
            set_last_error(code);
            ClusterGroupStateUnknown
        }
    }
}

/// `CancelClusterGroupOperation`: `ERROR_IO_PENDING` when the group has an
/// operation running (it stops before its next step; see `model::cancel_group`
/// for the other codes).
#[unsafe(no_mangle)]
pub extern "system" fn CancelClusterGroupOperation(
    hgroup: HGROUP,
    dwcancelflags_reserved: u32,
) -> u32 {
    model::cancel_group(hgroup, dwcancelflags_reserved).unwrap_or_else(|code| code)
}

/// The five operations that take an instruction buffer, after reading it.
///
/// # Safety
///
/// `buffer` is NULL or readable for `len` bytes.
pub(super) unsafe fn start(
    raw: isize,
    request: Request,
    flags: u32,
    buffer: *const u8,
    len: u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    match unsafe { read_buffer(buffer, len) } {
        Ok(buffer) => ops::start(raw, request, flags, buffer),
        Err(code) => code,
    }
}

/// `OfflineClusterGroupEx` (see the crate docs for what it checks).
///
/// # Safety
///
/// `lpinbuffer` is NULL or readable for `cbinbuffersize` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OfflineClusterGroupEx(
    hgroup: HGROUP,
    dwofflineflags: u32,
    lpinbuffer: *const u8,
    cbinbuffersize: u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        start(
            hgroup,
            Request::OfflineGroup,
            dwofflineflags,
            lpinbuffer,
            cbinbuffersize,
        )
    }
}

/// `OnlineClusterGroupEx`, on the node given (NULL: where the group is).
///
/// # Safety
///
/// `lpinbuffer` is NULL or readable for `cbinbuffersize` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OnlineClusterGroupEx(
    hgroup: HGROUP,
    hdestinationnode: HNODE,
    dwonlineflags: u32,
    lpinbuffer: *const u8,
    cbinbuffersize: u32,
) -> u32 {
    let request = Request::OnlineGroup {
        node: hdestinationnode,
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { start(hgroup, request, dwonlineflags, lpinbuffer, cbinbuffersize) }
}

/// `MoveClusterGroupEx` to the node given (NULL: the next node).
///
/// # Safety
///
/// `lpinbuffer` is NULL or readable for `cbinbuffersize` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn MoveClusterGroupEx(
    hgroup: HGROUP,
    hdestinationnode: HNODE,
    dwmoveflags: u32,
    lpinbuffer: *const u8,
    cbinbuffersize: u32,
) -> u32 {
    let request = Request::MoveGroup {
        node: hdestinationnode,
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { start(hgroup, request, dwmoveflags, lpinbuffer, cbinbuffersize) }
}
