//! The network's and the network interface's exports: opening and closing
//! them.

use windows_sys::Win32::Networking::Clustering::{HCLUSTER, HNETINTERFACE, HNETWORK};
use windows_sys::core::{BOOL, PCWSTR};

use super::args::closed;
use super::exports_cluster::open_object;
use crate::model::{self, HandleKind};

/// `OpenClusterNetwork`: `ERROR_CLUSTER_NETWORK_NOT_FOUND` for an unknown
/// name.
///
/// # Safety
///
/// `lpsznetworkname` is NULL or a NUL-terminated UTF-16 string.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterNetwork(
    hcluster: HCLUSTER,
    lpsznetworkname: PCWSTR,
) -> HNETWORK {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::Network,
            lpsznetworkname,
            None,
            std::ptr::null_mut(),
        )
    }
}

/// `OpenClusterNetworkEx`: a network handle with read or all access.
///
/// # Safety
///
/// As `OpenClusterNetwork`; `lpdwgrantedaccess` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterNetworkEx(
    hcluster: HCLUSTER,
    lpsznetworkname: PCWSTR,
    dwdesiredaccess: u32,
    lpdwgrantedaccess: *mut u32,
) -> HNETWORK {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::Network,
            lpsznetworkname,
            Some(dwdesiredaccess),
            lpdwgrantedaccess,
        )
    }
}

/// `CloseClusterNetwork`.
#[unsafe(no_mangle)]
pub extern "system" fn CloseClusterNetwork(hnetwork: HNETWORK) -> BOOL {
    closed(model::close(hnetwork, HandleKind::Network))
}

/// `OpenClusterNetInterface`: `ERROR_CLUSTER_NETINTERFACE_NOT_FOUND` for an
/// unknown name.
///
/// # Safety
///
/// `lpszinterfacename` is NULL or a NUL-terminated UTF-16 string.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterNetInterface(
    hcluster: HCLUSTER,
    lpszinterfacename: PCWSTR,
) -> HNETINTERFACE {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::NetInterface,
            lpszinterfacename,
            None,
            std::ptr::null_mut(),
        )
    }
}

/// `OpenClusterNetInterfaceEx`: an interface handle with read or all access.
///
/// # Safety
///
/// As `OpenClusterNetInterface`; `lpdwgrantedaccess` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn OpenClusterNetInterfaceEx(
    hcluster: HCLUSTER,
    lpszinterfacename: PCWSTR,
    dwdesiredaccess: u32,
    lpdwgrantedaccess: *mut u32,
) -> HNETINTERFACE {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        open_object(
            hcluster,
            HandleKind::NetInterface,
            lpszinterfacename,
            Some(dwdesiredaccess),
            lpdwgrantedaccess,
        )
    }
}

/// `CloseClusterNetInterface`.
#[unsafe(no_mangle)]
pub extern "system" fn CloseClusterNetInterface(hnetinterface: HNETINTERFACE) -> BOOL {
    closed(model::close(hnetinterface, HandleKind::NetInterface))
}
