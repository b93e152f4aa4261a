//! The control exports (`Cluster*Control`): the call, then its reply fitted
//! into the caller's output buffer.

use windows_sys::Win32::Foundation as w;
use windows_sys::Win32::Networking::Clustering::{
    HCLUSTER, HGROUP, HNETINTERFACE, HNETWORK, HNODE, HRESOURCE,
};
use windows_sys::core::PCWSTR;

use super::args::{read_buffer, read_wide, write_opt};
use crate::model::HandleKind;

/// A control call: runs it, then fits the reply into the caller's output
/// buffer. A reply that does not fit is `ERROR_MORE_DATA` (MS-CMRP
/// 3.1.4.3.1.11) with its size in `*returned` (the Win32 `Cluster*Control`
/// pages); with no output buffer at all (NULL,
/// 0) the call succeeds and `*returned` is the size, as the Win32
/// `Cluster*Control` pages allow ("ERROR_SUCCESS may be returned, not
/// ERROR_MORE_DATA").
///
/// # Safety
///
/// `input` is NULL or readable for `in_len` bytes; `output` is NULL or
/// writable for `out_len` bytes; `returned` is NULL or writable.
#[allow(clippy::too_many_arguments)]
unsafe fn control(
    raw: isize,
    kind: HandleKind,
    host: HNODE,
    code: u32,
    input: *const std::ffi::c_void,
    in_len: u32,
    output: *mut std::ffi::c_void,
    out_len: u32,
    returned: *mut u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    let input = match unsafe { read_buffer(input.cast(), in_len) } {
        Ok(input) => input,
        Err(code) => return code,
    };
    let reply = crate::control::control(raw, kind, host, code, input);
    // SAFETY: forwarded from this function's contract.
    unsafe { write_reply(reply, output, out_len, returned) }
}

/// Fits a control reply into the caller's output buffer, as `control`
/// describes.
///
/// # Safety
///
/// `output` is NULL or writable for `out_len` bytes; `returned` is NULL or
/// writable.
unsafe fn write_reply(
    reply: Result<(u32, Vec<u8>), u32>,
    output: *mut std::ffi::c_void,
    out_len: u32,
    returned: *mut u32,
) -> u32 {
    let (status, data) = match reply {
        Ok(reply) => reply,
        Err(code) => return code,
    };
    let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
    // SAFETY: `returned` is NULL or writable per the contract.
    unsafe { write_opt(returned, size) };
    if data.is_empty() {
        return status;
    }
    let capacity = usize::try_from(out_len).unwrap_or(0);
    if output.is_null() {
        return if capacity == 0 {
            status
        } else {
            w::ERROR_INVALID_PARAMETER
        };
    }
    if capacity < data.len() {
        return w::ERROR_MORE_DATA;
    }
    // SAFETY: `output` is writable for `out_len >= data.len()` bytes and does
    // not overlap the simulator's own reply.
    unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), output.cast::<u8>(), data.len()) };
    status
}

macro_rules! control_export {
    ($(#[$doc:meta])* $name:ident($handle:ident: $ty:ty) => $kind:ident) => {
        $(#[$doc])*
        ///
        /// # Safety
        ///
        /// `lpinbuffer` is NULL or readable for its size; `lpoutbuffer` is
        /// NULL or writable for its size; `lpbytesreturned` is NULL or
        /// writable.
        #[unsafe(no_mangle)]
        #[allow(clippy::too_many_arguments)]
        pub unsafe extern "system" fn $name(
            $handle: $ty,
            hhostnode: HNODE,
            dwcontrolcode: u32,
            lpinbuffer: *const std::ffi::c_void,
            ninbuffersize: u32,
            lpoutbuffer: *mut std::ffi::c_void,
            noutbuffersize: u32,
            lpbytesreturned: *mut u32,
        ) -> u32 {
            // SAFETY: forwarded from this function's contract.
            unsafe {
                control(
                    $handle,
                    HandleKind::$kind,
                    hhostnode,
                    dwcontrolcode,
                    lpinbuffer,
                    ninbuffersize,
                    lpoutbuffer,
                    noutbuffersize,
                    lpbytesreturned,
                )
            }
        }
    };
}

control_export! {
    /// `ClusterControl`: `CLUSCTL_CLUSTER_*` codes (see `control.rs`).
    ClusterControl(hcluster: HCLUSTER) => Cluster
}
control_export! {
    /// `ClusterGroupControl`: `CLUSCTL_GROUP_*` codes.
    ClusterGroupControl(hgroup: HGROUP) => Group
}
control_export! {
    /// `ClusterNodeControl`: `CLUSCTL_NODE_*` codes.
    ClusterNodeControl(hnode: HNODE) => Node
}
control_export! {
    /// `ClusterResourceControl`: `CLUSCTL_RESOURCE_*` codes.
    ClusterResourceControl(hresource: HRESOURCE) => Resource
}

control_export! {
    /// `ClusterNetworkControl`: `CLUSCTL_NETWORK_*` codes.
    ClusterNetworkControl(hnetwork: HNETWORK) => Network
}
control_export! {
    /// `ClusterNetInterfaceControl`: `CLUSCTL_NETINTERFACE_*` codes.
    ClusterNetInterfaceControl(hnetinterface: HNETINTERFACE) => NetInterface
}

/// `ClusterResourceTypeControl`: `CLUSCTL_RESOURCE_TYPE_*` codes for the
/// type named (`ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND` for an unknown one).
///
/// # Safety
///
/// `lpszresourcetypename` is NULL or a NUL-terminated UTF-16 string;
/// `lpinbuffer` is NULL or readable for its size; `lpoutbuffer` is NULL or
/// writable for its size; `lpbytesreturned` is NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "system" fn ClusterResourceTypeControl(
    hcluster: HCLUSTER,
    lpszresourcetypename: PCWSTR,
    hhostnode: HNODE,
    dwcontrolcode: u32,
    lpinbuffer: *const std::ffi::c_void,
    ninbuffersize: u32,
    lpoutbuffer: *mut std::ffi::c_void,
    noutbuffersize: u32,
    lpbytesreturned: *mut u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    let name = match unsafe { read_wide(lpszresourcetypename) } {
        Ok(Some(name)) => name,
        Ok(None) => return w::ERROR_INVALID_PARAMETER,
        Err(code) => return code,
    };
    // SAFETY: forwarded from this function's contract.
    let input = match unsafe { read_buffer(lpinbuffer.cast(), ninbuffersize) } {
        Ok(input) => input,
        Err(code) => return code,
    };
    let reply =
        crate::control::resource_type_control(hcluster, &name, hhostnode, dwcontrolcode, input);
    // SAFETY: forwarded from this function's contract.
    unsafe { write_reply(reply, lpoutbuffer, noutbuffersize, lpbytesreturned) }
}
