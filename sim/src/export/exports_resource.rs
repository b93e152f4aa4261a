//! The resource's exports: opening and closing a resource, its state, and
//! taking it offline or online.

use windows_sys::Win32::Networking::Clustering::{
    CLUSTER_RESOURCE_STATE, ClusterResourceStateUnknown, HCLUSTER, HRESOURCE,
};
use windows_sys::core::{BOOL, PCWSTR, PWSTR};

use super::args::{closed, write_name};
use super::exports_cluster::open_object;
use super::exports_group::start;
use super::last_error::set_last_error;
use crate::model::{self, HandleKind};
use crate::ops::Request;

/// `OpenClusterResource`: `ERROR_RESOURCE_NOT_FOUND` for an unknown name.
///
/// # Safety
///
/// `lpszresourcename` is NULL or a NUL-terminated UTF-16 string.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterResource(
    hcluster: HCLUSTER,
    lpszresourcename: PCWSTR,
) -> HRESOURCE {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::Resource,
            lpszresourcename,
            None,
            std::ptr::null_mut(),
        )
    }
}

/// `OpenClusterResourceEx`: a resource handle with read or all access.
///
/// # Safety
///
/// As `OpenClusterResource`; `lpdwgrantedaccess` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterResourceEx(
    hcluster: HCLUSTER,
    lpszresourcename: PCWSTR,
    dwdesiredaccess: u32,
    lpdwgrantedaccess: *mut u32,
) -> HRESOURCE {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::Resource,
            lpszresourcename,
            Some(dwdesiredaccess),
            lpdwgrantedaccess,
        )
    }
}

/// `CloseClusterResource`.
#[unsafe(no_mangle)]
pub extern "system" fn CloseClusterResource(hresource: HRESOURCE) -> BOOL {
    closed(model::close(hresource, HandleKind::Resource))
}

/// `GetClusterResourceState`: the state, and the owner node's and the
/// group's names for the buffers given (each as in `GetClusterGroupState`).
///
/// # Safety
///
/// Each name buffer is NULL or writable for the units its count says; each
/// count is NULL or a readable and writable `u32`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn GetClusterResourceState(
    hresource: HRESOURCE,
    lpsznodename: PWSTR,
    lpcchnodename: *mut u32,
    lpszgroupname: PWSTR,
    lpcchgroupname: *mut u32,
) -> CLUSTER_RESOURCE_STATE {
    let written = model::resource_state_of(hresource).and_then(|(state, node, group)| {
        // SAFETY: forwarded from this function's contract.
        let node = unsafe { write_name(&node, lpsznodename, lpcchnodename) };
        // SAFETY: forwarded from this function's contract.
        let group = unsafe { write_name(&group, lpszgroupname, lpcchgroupname) };
        node.and(group).map(|()| state)
    });
    match written {
        Ok(state) => state.to_raw(),
        Err(code) => {
            set_last_error(code);
            ClusterResourceStateUnknown
        }
    }
}

/// `OfflineClusterResourceEx`.
///
/// # Safety
///
/// `lpinbuffer` is NULL or readable for `cbinbuffersize` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OfflineClusterResourceEx(
    hresource: HRESOURCE,
    dwofflineflags: u32,
    lpinbuffer: *const u8,
    cbinbuffersize: u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        start(
            hresource,
            Request::OfflineResource,
            dwofflineflags,
            lpinbuffer,
            cbinbuffersize,
        )
    }
}

/// `OnlineClusterResourceEx`.
///
/// # Safety
///
/// `lpinbuffer` is NULL or readable for `cbinbuffersize` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OnlineClusterResourceEx(
    hresource: HRESOURCE,
    dwonlineflags: u32,
    lpinbuffer: *const u8,
    cbinbuffersize: u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        start(
            hresource,
            Request::OnlineResource,
            dwonlineflags,
            lpinbuffer,
            cbinbuffersize,
        )
    }
}
