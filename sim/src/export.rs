//! The C-ABI side of the simulator, and the only module with `unsafe`.
//!
//! * The clusapi functions, exported by their Win32 names with the
//!   `windows-sys` prototypes (`#[unsafe(no_mangle)] extern "system"`), so the
//!   `cdylib` can stand in for `clusapi.dll`.
//! * `GetLastError` on platforms without kernel32 (a thread-local value);
//!   on Windows the simulator sets the real last error with kernel32's
//!   `SetLastError`, as clusapi does when an `Open*` call fails.
//! * `ClusSim*` control functions (C ABI, UTF-8) to configure and observe a
//!   simulator that was loaded as a shared library.
//! * [`clusapi`]: the same functions as an in-process
//!   [`clusprop_ffi::Functions`] table, and [`SimLibrary`]: the shared library
//!   loaded by path.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clusprop_ffi::prototypes::*;
use clusprop_ffi::{ClusApi, Functions};
use windows_sys::Win32::Foundation as w;
use windows_sys::Win32::Networking::Clustering::{
    CLUSTER_ENUM_ITEM, CLUSTER_ENUM_ITEM_VERSION_1, CLUSTER_GROUP_ENUM_ITEM,
    CLUSTER_GROUP_ENUM_ITEM_VERSION_1, CLUSTER_GROUP_STATE, CLUSTER_RESOURCE_STATE,
    ClusterGroupStateUnknown, ClusterResourceStateUnknown, HCHANGE, HCLUSENUM, HCLUSENUMEX,
    HCLUSTER, HGROUP, HGROUPENUM, HGROUPENUMEX, HNETINTERFACE, HNETWORK, HNODE, HRESOURCE,
    NOTIFY_FILTER_AND_TYPE,
};
use windows_sys::core::{BOOL, PCWSTR, PWSTR};

use crate::config::ClusterConfig;
use crate::model::{self, HandleKind};
use crate::ops::{self, Request};

// ---------------------------------------------------------------------------
// Last error

#[cfg(not(windows))]
thread_local! {
    static LAST_ERROR: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn set_last_error(code: u32) {
    #[cfg(windows)]
    // SAFETY: `SetLastError` only writes the calling thread's last-error
    // value.
    unsafe {
        w::SetLastError(code)
    };
    #[cfg(not(windows))]
    LAST_ERROR.with(|e| e.set(code));
}

/// Writes a `#[repr(C)]` struct into `$ptr` field by field: a whole-struct
/// write would leave its padding bytes uninitialised in the caller's buffer,
/// which the reader then copies as plain bytes (undefined behaviour, found
/// by miri). Use inside an `unsafe` block, `$ptr` valid for the struct.
macro_rules! write_fields {
    ($ptr:expr, $ty:ident { $($field:ident: $value:expr),* $(,)? }) => {{
        let target: *mut $ty = $ptr;
        $( std::ptr::addr_of_mut!((*target).$field).write($value); )*
    }};
}

/// `GetLastError` for platforms without kernel32: the last error the
/// simulator set on the calling thread.
#[cfg(not(windows))]
#[unsafe(no_mangle)]
pub extern "system" fn GetLastError() -> u32 {
    LAST_ERROR.with(|e| e.get())
}

#[cfg(not(windows))]
const GET_LAST_ERROR: GetLastErrorFn = GetLastError;
#[cfg(windows)]
const GET_LAST_ERROR: GetLastErrorFn = w::GetLastError;

// ---------------------------------------------------------------------------
// Argument helpers

/// Longest name accepted (a runaway unterminated string stops here).
const MAX_NAME_UNITS: usize = 0x8000;

/// Reads an optional NUL-terminated UTF-16 string.
///
/// # Safety
///
/// `ptr` is NULL or points to a NUL-terminated UTF-16 string (or at least
/// `MAX_NAME_UNITS` readable units).
unsafe fn read_wide(ptr: PCWSTR) -> Result<Option<String>, u32> {
    if ptr.is_null() {
        return Ok(None);
    }
    let mut len = 0usize;
    // SAFETY: the caller promises a terminator (or MAX_NAME_UNITS readable
    // units); we stop at the first NUL or the limit, never past them.
    while unsafe { *ptr.add(len) } != 0 {
        len += 1;
        if len >= MAX_NAME_UNITS {
            return Err(w::ERROR_INVALID_PARAMETER);
        }
    }
    // SAFETY: the `len` units before the terminator were just read.
    let units = unsafe { std::slice::from_raw_parts(ptr, len) };
    Ok(Some(String::from_utf16_lossy(units)))
}

/// The input buffer as a slice (empty for `NULL, 0`).
///
/// # Safety
///
/// `ptr` is NULL or points to `len` readable bytes.
unsafe fn read_buffer<'a>(ptr: *const u8, len: u32) -> Result<&'a [u8], u32> {
    match (ptr.is_null(), len) {
        (_, 0) => Ok(&[]),
        (true, _) => Err(w::ERROR_INVALID_PARAMETER),
        (false, len) => {
            let len = usize::try_from(len).map_err(|_| w::ERROR_INVALID_PARAMETER)?;
            // SAFETY: the caller promises `len` readable bytes at `ptr`; the
            // slice is used only during the call (the model copies what it
            // keeps).
            Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
        }
    }
}

/// Writes `value` through an optional out-pointer.
///
/// # Safety
///
/// `ptr` is NULL or valid for a `u32` write.
unsafe fn write_opt(ptr: *mut u32, value: u32) {
    if !ptr.is_null() {
        // SAFETY: non-NULL, and the caller promises it is writable.
        unsafe { ptr.write(value) };
    }
}

fn opened(result: Result<(isize, u32), u32>, granted: *mut u32) -> isize {
    match result {
        Ok((handle, mask)) => {
            // SAFETY: `granted` is the caller's optional out-parameter,
            // NULL or writable (clusapi contract).
            unsafe { write_opt(granted, mask) };
            handle
        }
        Err(code) => {
            set_last_error(code);
            0
        }
    }
}

fn closed(result: Result<(), u32>) -> BOOL {
    match result {
        Ok(()) => 1,
        Err(code) => {
            set_last_error(code);
            0
        }
    }
}

// ---------------------------------------------------------------------------
// The clusapi exports

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
unsafe fn open_object(
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

/// Writes `name` into a caller's `(buffer, count)` pair as the
/// `GetCluster*State` functions do: `Ok(())` when it fits (count = length
/// without the NUL) or when no buffer was given (count = length), else
/// `Err(ERROR_MORE_DATA)` with the length needed in the count.
///
/// # Safety
///
/// `buf` is NULL or writable for `*count` units; `count` is NULL or a
/// readable and writable `u32`.
unsafe fn write_name(name: &str, buf: PWSTR, count: *mut u32) -> Result<(), u32> {
    if count.is_null() {
        return Ok(());
    }
    let units: Vec<u16> = name.encode_utf16().collect();
    let len = u32::try_from(units.len()).unwrap_or(u32::MAX);
    // SAFETY: non-NULL, readable per the contract.
    let capacity = usize::try_from(unsafe { count.read() }).unwrap_or(usize::MAX);
    if buf.is_null() || capacity <= units.len() {
        // SAFETY: non-NULL, writable per the contract.
        unsafe { count.write(len) };
        return if buf.is_null() {
            Ok(())
        } else {
            Err(w::ERROR_MORE_DATA)
        };
    }
    // SAFETY: the buffer holds `capacity > units.len()` units, so the name and
    // its terminator fit; source and destination do not overlap.
    unsafe {
        std::ptr::copy_nonoverlapping(units.as_ptr(), buf, units.len());
        buf.add(units.len()).write(0);
        count.write(len);
    }
    Ok(())
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
unsafe fn start(raw: isize, request: Request, flags: u32, buffer: *const u8, len: u32) -> u32 {
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

// ---------------------------------------------------------------------------
// Notification ports

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

// ---------------------------------------------------------------------------
// Enumeration

/// `ClusterOpenEnumEx`: an enumeration of the cluster's objects of the
/// `CLUSTER_ENUM_*` types in `dwtype`, taken when it is opened. NULL with
/// the last error set on failure (`ERROR_INVALID_PARAMETER` for type bits
/// outside `CLUSTER_ENUM_ALL` or non-NULL options).
#[unsafe(no_mangle)]
pub extern "system" fn ClusterOpenEnumEx(
    hcluster: HCLUSTER,
    dwtype: u32,
    poptions: *const std::ffi::c_void,
) -> HCLUSENUMEX {
    let result = if poptions.is_null() {
        model::open_cluster_enum(hcluster, dwtype, HandleKind::ClusterEnumEx)
    } else {
        Err(w::ERROR_INVALID_PARAMETER)
    };
    opened(result.map(|h| (h, 0)), std::ptr::null_mut())
}

/// The bytes a `CLUSTER_ENUM_ITEM` for `item` needs: the header, then the
/// id and the name, each NUL-terminated.
fn item_size(id: &[u16], name: &[u16]) -> usize {
    size_of::<CLUSTER_ENUM_ITEM>() + (id.len() + 1) * 2 + (name.len() + 1) * 2
}

/// `ClusterEnumEx`: entry `dwindex` as a `CLUSTER_ENUM_ITEM` with its
/// strings after the header in the caller's buffer. `ERROR_MORE_DATA` with
/// the size needed in `*cbitem` when the buffer is NULL or too small;
/// `ERROR_NO_MORE_ITEMS` past the end.
///
/// # Safety
///
/// `cbitem` is a readable and writable `u32`; `pitem` is NULL or writable
/// for `*cbitem` bytes and aligned for `CLUSTER_ENUM_ITEM`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn ClusterEnumEx(
    hclusterenum: HCLUSENUMEX,
    dwindex: u32,
    pitem: *mut CLUSTER_ENUM_ITEM,
    cbitem: *mut u32,
) -> u32 {
    if cbitem.is_null() {
        return w::ERROR_INVALID_PARAMETER;
    }
    let item = match model::enum_item(hclusterenum, HandleKind::ClusterEnumEx, dwindex) {
        Ok(Some(item)) => item,
        Ok(None) => return w::ERROR_NO_MORE_ITEMS,
        Err(code) => return code,
    };
    let id: Vec<u16> = item.id.encode_utf16().collect();
    let name: Vec<u16> = item.name.encode_utf16().collect();
    let needed = item_size(&id, &name);
    // SAFETY: non-NULL, readable and writable per the contract.
    let capacity = usize::try_from(unsafe { cbitem.read() }).unwrap_or(usize::MAX);
    let needed_u32 = u32::try_from(needed).unwrap_or(u32::MAX);
    if pitem.is_null() || capacity < needed {
        // SAFETY: as above.
        unsafe { cbitem.write(needed_u32) };
        return w::ERROR_MORE_DATA;
    }
    let base = pitem.cast::<u8>();
    // SAFETY: the buffer holds `capacity >= needed` bytes: the header, then
    // the id at offset `size_of::<CLUSTER_ENUM_ITEM>()` (even, so aligned for
    // u16 in an aligned buffer) and the name after it, each with its NUL.
    unsafe {
        let id_ptr = base.add(size_of::<CLUSTER_ENUM_ITEM>()).cast::<u16>();
        std::ptr::copy_nonoverlapping(id.as_ptr(), id_ptr, id.len());
        id_ptr.add(id.len()).write(0);
        let name_ptr = id_ptr.add(id.len() + 1);
        std::ptr::copy_nonoverlapping(name.as_ptr(), name_ptr, name.len());
        name_ptr.add(name.len()).write(0);
        write_fields!(
            pitem,
            CLUSTER_ENUM_ITEM {
                dwVersion: CLUSTER_ENUM_ITEM_VERSION_1,
                dwType: item.kind,
                cbId: u32::try_from((id.len() + 1) * 2).unwrap_or(u32::MAX),
                lpszId: id_ptr,
                cbName: u32::try_from((name.len() + 1) * 2).unwrap_or(u32::MAX),
                lpszName: name_ptr,
            }
        );
        cbitem.write(needed_u32);
    }
    w::ERROR_SUCCESS
}

/// `ClusterCloseEnumEx`: `ERROR_INVALID_HANDLE` for a handle that is not an
/// open `ClusterOpenEnumEx` enumeration (a second close is counted).
#[unsafe(no_mangle)]
pub extern "system" fn ClusterCloseEnumEx(hclusterenum: HCLUSENUMEX) -> u32 {
    close_code(model::close(hclusterenum, HandleKind::ClusterEnumEx))
}

fn close_code(result: Result<(), u32>) -> u32 {
    result.err().unwrap_or(w::ERROR_SUCCESS)
}

/// `ClusterGroupOpenEnumEx`: the groups with state and owner node (no
/// properties: non-empty property lists or non-zero flags are
/// `ERROR_INVALID_PARAMETER`).
#[unsafe(no_mangle)]
pub extern "system" fn ClusterGroupOpenEnumEx(
    hcluster: HCLUSTER,
    lpszproperties: PCWSTR,
    cbproperties: u32,
    lpszroproperties: PCWSTR,
    cbroproperties: u32,
    dwflags: u32,
) -> HGROUPENUMEX {
    let properties = !lpszproperties.is_null()
        || cbproperties != 0
        || !lpszroproperties.is_null()
        || cbroproperties != 0;
    let result = model::open_group_enum_ex(hcluster, properties, dwflags);
    opened(result.map(|h| (h, 0)), std::ptr::null_mut())
}

/// `ClusterGroupEnumEx`: group `dwindex` as a `CLUSTER_GROUP_ENUM_ITEM`
/// (id, name and owner node after the header, no properties), with the
/// `ClusterEnumEx` size rules.
///
/// # Safety
///
/// `cbitem` is a readable and writable `u32`; `pitem` is NULL or writable
/// for `*cbitem` bytes and aligned for `CLUSTER_GROUP_ENUM_ITEM`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn ClusterGroupEnumEx(
    hgroupenumex: HGROUPENUMEX,
    dwindex: u32,
    pitem: *mut CLUSTER_GROUP_ENUM_ITEM,
    cbitem: *mut u32,
) -> u32 {
    if cbitem.is_null() {
        return w::ERROR_INVALID_PARAMETER;
    }
    let item = match model::enum_item(hgroupenumex, HandleKind::GroupEnumEx, dwindex) {
        Ok(Some(item)) => item,
        Ok(None) => return w::ERROR_NO_MORE_ITEMS,
        Err(code) => return code,
    };
    let id: Vec<u16> = item.id.encode_utf16().collect();
    let name: Vec<u16> = item.name.encode_utf16().collect();
    let owner: Vec<u16> = item.owner.encode_utf16().collect();
    let header = size_of::<CLUSTER_GROUP_ENUM_ITEM>();
    let needed = header + (id.len() + 1) * 2 + (name.len() + 1) * 2 + (owner.len() + 1) * 2;
    // SAFETY: non-NULL, readable and writable per the contract.
    let capacity = usize::try_from(unsafe { cbitem.read() }).unwrap_or(usize::MAX);
    let needed_u32 = u32::try_from(needed).unwrap_or(u32::MAX);
    if pitem.is_null() || capacity < needed {
        // SAFETY: as above.
        unsafe { cbitem.write(needed_u32) };
        return w::ERROR_MORE_DATA;
    }
    let cb = |units: &[u16]| u32::try_from((units.len() + 1) * 2).unwrap_or(u32::MAX);
    // SAFETY: the buffer holds `capacity >= needed` bytes: the header, then
    // the id, the name and the owner, each with its NUL, from the (even)
    // header size on.
    unsafe {
        let id_ptr = pitem.cast::<u8>().add(header).cast::<u16>();
        std::ptr::copy_nonoverlapping(id.as_ptr(), id_ptr, id.len());
        id_ptr.add(id.len()).write(0);
        let name_ptr = id_ptr.add(id.len() + 1);
        std::ptr::copy_nonoverlapping(name.as_ptr(), name_ptr, name.len());
        name_ptr.add(name.len()).write(0);
        let owner_ptr = name_ptr.add(name.len() + 1);
        std::ptr::copy_nonoverlapping(owner.as_ptr(), owner_ptr, owner.len());
        owner_ptr.add(owner.len()).write(0);
        write_fields!(
            pitem,
            CLUSTER_GROUP_ENUM_ITEM {
                dwVersion: CLUSTER_GROUP_ENUM_ITEM_VERSION_1,
                cbId: cb(&id),
                lpszId: id_ptr,
                cbName: cb(&name),
                lpszName: name_ptr,
                state: item.state,
                cbOwnerNode: cb(&owner),
                lpszOwnerNode: owner_ptr,
                dwFlags: 0,
                cbProperties: 0,
                pProperties: std::ptr::null_mut(),
                cbRoProperties: 0,
                pRoProperties: std::ptr::null_mut(),
            }
        );
        cbitem.write(needed_u32);
    }
    w::ERROR_SUCCESS
}

/// `ClusterGroupCloseEnumEx`.
#[unsafe(no_mangle)]
pub extern "system" fn ClusterGroupCloseEnumEx(hgroupenumex: HGROUPENUMEX) -> u32 {
    close_code(model::close(hgroupenumex, HandleKind::GroupEnumEx))
}

/// `ClusterOpenEnum`: as `ClusterOpenEnumEx`, for `ClusterEnum`.
#[unsafe(no_mangle)]
pub extern "system" fn ClusterOpenEnum(hcluster: HCLUSTER, dwtype: u32) -> HCLUSENUM {
    let result = model::open_cluster_enum(hcluster, dwtype, HandleKind::ClusterEnum);
    opened(result.map(|h| (h, 0)), std::ptr::null_mut())
}

/// `ClusterEnum` and `ClusterGroupEnum`: entry `index`'s type and name, the
/// name as `GetClusterGroupState` writes it (`ERROR_MORE_DATA` with the
/// length needed, without the NUL, when the buffer is too small).
///
/// # Safety
///
/// `kind_out` is NULL or writable; `name` is NULL or writable for `*cch`
/// units; `cch` is NULL or a readable and writable `u32`.
unsafe fn plain_item(
    raw: isize,
    kind: HandleKind,
    index: u32,
    kind_out: *mut u32,
    name: PWSTR,
    cch: *mut u32,
) -> u32 {
    if cch.is_null() {
        return w::ERROR_INVALID_PARAMETER;
    }
    let item = match model::enum_item(raw, kind, index) {
        Ok(Some(item)) => item,
        Ok(None) => return w::ERROR_NO_MORE_ITEMS,
        Err(code) => return code,
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { write_opt(kind_out, item.kind) };
    // SAFETY: forwarded from this function's contract.
    match unsafe { write_name(&item.name, name, cch) } {
        Ok(()) if name.is_null() => w::ERROR_MORE_DATA,
        Ok(()) => w::ERROR_SUCCESS,
        Err(code) => code,
    }
}

/// `ClusterEnum`: see `plain_item`; `ERROR_NO_MORE_ITEMS` past the end.
///
/// # Safety
///
/// `lpdwtype` is NULL or writable; `lpszname` is NULL or writable for
/// `*lpcchname` units; `lpcchname` is a readable and writable `u32`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn ClusterEnum(
    henum: HCLUSENUM,
    dwindex: u32,
    lpdwtype: *mut u32,
    lpszname: PWSTR,
    lpcchname: *mut u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        plain_item(
            henum,
            HandleKind::ClusterEnum,
            dwindex,
            lpdwtype,
            lpszname,
            lpcchname,
        )
    }
}

/// `ClusterCloseEnum`.
#[unsafe(no_mangle)]
pub extern "system" fn ClusterCloseEnum(henum: HCLUSENUM) -> u32 {
    close_code(model::close(henum, HandleKind::ClusterEnum))
}

/// `ClusterGroupOpenEnum`: the group's resources
/// (`CLUSTER_GROUP_ENUM_CONTAINS`); a simulated group has no preferred
/// owners (`CLUSTER_GROUP_ENUM_NODES` lists none).
#[unsafe(no_mangle)]
pub extern "system" fn ClusterGroupOpenEnum(hgroup: HGROUP, dwtype: u32) -> HGROUPENUM {
    opened(
        model::open_group_enum(hgroup, dwtype).map(|h| (h, 0)),
        std::ptr::null_mut(),
    )
}

/// `ClusterGroupEnum`: as `ClusterEnum`.
///
/// # Safety
///
/// As `ClusterEnum`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn ClusterGroupEnum(
    hgroupenum: HGROUPENUM,
    dwindex: u32,
    lpdwtype: *mut u32,
    lpszresourcename: PWSTR,
    lpcchname: *mut u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        plain_item(
            hgroupenum,
            HandleKind::GroupEnum,
            dwindex,
            lpdwtype,
            lpszresourcename,
            lpcchname,
        )
    }
}

/// `ClusterGroupCloseEnum`.
#[unsafe(no_mangle)]
pub extern "system" fn ClusterGroupCloseEnum(hgroupenum: HGROUPENUM) -> u32 {
    close_code(model::close(hgroupenum, HandleKind::GroupEnum))
}

// ---------------------------------------------------------------------------
// Control functions for the shared library (C ABI, UTF-8 strings)

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

// ---------------------------------------------------------------------------
// The in-process table

const TABLE: Functions = {
    let mut f = Functions::EMPTY;
    f.open_cluster = Some(OpenCluster as OpenClusterFn);
    f.open_cluster_ex = Some(OpenClusterEx as OpenClusterExFn);
    f.close_cluster = Some(CloseCluster as CloseClusterFn);
    f.open_cluster_group = Some(OpenClusterGroup as OpenClusterGroupFn);
    f.open_cluster_group_ex = Some(OpenClusterGroupEx as OpenClusterGroupExFn);
    f.close_cluster_group = Some(CloseClusterGroup as CloseClusterGroupFn);
    f.get_cluster_group_state = Some(GetClusterGroupState as GetClusterGroupStateFn);
    f.offline_cluster_group_ex = Some(OfflineClusterGroupEx as OfflineClusterGroupExFn);
    f.online_cluster_group_ex = Some(OnlineClusterGroupEx as OnlineClusterGroupExFn);
    f.open_cluster_resource = Some(OpenClusterResource as OpenClusterResourceFn);
    f.close_cluster_resource = Some(CloseClusterResource as CloseClusterResourceFn);
    f.offline_cluster_resource_ex = Some(OfflineClusterResourceEx as OfflineClusterResourceExFn);
    f.online_cluster_resource_ex = Some(OnlineClusterResourceEx as OnlineClusterResourceExFn);
    f.open_cluster_resource_ex = Some(OpenClusterResourceEx as OpenClusterResourceExFn);
    f.get_cluster_resource_state = Some(GetClusterResourceState as GetClusterResourceStateFn);
    f.open_cluster_node = Some(OpenClusterNode as OpenClusterNodeFn);
    f.open_cluster_node_ex = Some(OpenClusterNodeEx as OpenClusterNodeExFn);
    f.close_cluster_node = Some(CloseClusterNode as CloseClusterNodeFn);
    f.move_cluster_group_ex = Some(MoveClusterGroupEx as MoveClusterGroupExFn);
    f.cluster_control = Some(ClusterControl as ClusterControlFn);
    f.cluster_group_control = Some(ClusterGroupControl as ClusterGroupControlFn);
    f.cluster_node_control = Some(ClusterNodeControl as ClusterNodeControlFn);
    f.cluster_resource_control = Some(ClusterResourceControl as ClusterResourceControlFn);
    f.open_cluster_network = Some(OpenClusterNetwork as OpenClusterNetworkFn);
    f.open_cluster_network_ex = Some(OpenClusterNetworkEx as OpenClusterNetworkExFn);
    f.close_cluster_network = Some(CloseClusterNetwork as CloseClusterNetworkFn);
    f.cluster_network_control = Some(ClusterNetworkControl as ClusterNetworkControlFn);
    f.open_cluster_net_interface = Some(OpenClusterNetInterface as OpenClusterNetInterfaceFn);
    f.open_cluster_net_interface_ex =
        Some(OpenClusterNetInterfaceEx as OpenClusterNetInterfaceExFn);
    f.close_cluster_net_interface = Some(CloseClusterNetInterface as CloseClusterNetInterfaceFn);
    f.cluster_net_interface_control =
        Some(ClusterNetInterfaceControl as ClusterNetInterfaceControlFn);
    f.cluster_resource_type_control =
        Some(ClusterResourceTypeControl as ClusterResourceTypeControlFn);
    f.create_cluster_notify_port_v2 =
        Some(CreateClusterNotifyPortV2 as CreateClusterNotifyPortV2Fn);
    f.get_cluster_notify_v2 = Some(GetClusterNotifyV2 as GetClusterNotifyV2Fn);
    f.close_cluster_notify_port = Some(CloseClusterNotifyPort as CloseClusterNotifyPortFn);
    f.cancel_cluster_group_operation =
        Some(CancelClusterGroupOperation as CancelClusterGroupOperationFn);
    f.cluster_open_enum_ex = Some(ClusterOpenEnumEx as ClusterOpenEnumExFn);
    f.cluster_enum_ex = Some(ClusterEnumEx as ClusterEnumExFn);
    f.cluster_close_enum_ex = Some(ClusterCloseEnumEx as ClusterCloseEnumExFn);
    f.cluster_group_open_enum_ex = Some(ClusterGroupOpenEnumEx as ClusterGroupOpenEnumExFn);
    f.cluster_group_enum_ex = Some(ClusterGroupEnumEx as ClusterGroupEnumExFn);
    f.cluster_group_close_enum_ex = Some(ClusterGroupCloseEnumEx as ClusterGroupCloseEnumExFn);
    f.cluster_open_enum = Some(ClusterOpenEnum as ClusterOpenEnumFn);
    f.cluster_enum = Some(ClusterEnum as ClusterEnumFn);
    f.cluster_close_enum = Some(ClusterCloseEnum as ClusterCloseEnumFn);
    f.cluster_group_open_enum = Some(ClusterGroupOpenEnum as ClusterGroupOpenEnumFn);
    f.cluster_group_enum = Some(ClusterGroupEnum as ClusterGroupEnumFn);
    f.cluster_group_close_enum = Some(ClusterGroupCloseEnum as ClusterGroupCloseEnumFn);
    f.get_last_error = Some(GET_LAST_ERROR);
    f
};

/// The simulator's functions as an in-process clusapi table: the same
/// exported functions the shared library has, called through the same
/// function pointers as `clusapi.dll`'s.
pub fn clusapi() -> ClusApi {
    // SAFETY: every entry of `TABLE` is one of this module's exported
    // functions, which have the clusapi prototypes and follow their
    // contracts; `fn` items live for the whole program.
    unsafe { ClusApi::from_table(TABLE, "clusprop-sim (in-process)") }
}

// ---------------------------------------------------------------------------
// The shared library, loaded by path

type ConfigureFn = unsafe extern "C" fn(*const u8, usize) -> u32;
type NameU32Fn = unsafe extern "C" fn(*const u8, usize) -> u32;
type NameI64Fn = unsafe extern "C" fn(*const u8, usize) -> i64;
type WaitIdleFn = unsafe extern "C" fn(*const u8, usize, u32) -> u32;
type EventsFn = unsafe extern "C" fn(*const u8, usize, *mut u8, usize) -> usize;

/// The simulator built as a shared library and loaded by path: its clusapi
/// table (through [`ClusApi::load_path`], the same path any clusapi-like
/// library takes) and its `ClusSim*` control functions.
///
/// The library has its own clusters, separate from the in-process
/// simulator's.
pub struct SimLibrary {
    api: ClusApi,
    configure: ConfigureFn,
    remove: NameU32Fn,
    open_handles: NameI64Fn,
    invalid_closes: NameI64Fn,
    control_calls: NameI64Fn,
    wait_idle: WaitIdleFn,
    events: EventsFn,
    // Keeps the control functions loaded (the `ClusApi` holds its own
    // reference to the same library).
    _library: libloading::Library,
}

impl std::fmt::Debug for SimLibrary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimLibrary")
            .field("api", &self.api)
            .finish()
    }
}

/// The file name of the simulator's shared library on this platform.
pub fn library_file_name() -> String {
    format!(
        "{}clusprop_sim{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// Where cargo put the simulator's shared library for the running
/// executable: `$CLUSPROP_SIM_LIB` if set, else the executable's directory
/// or its parent (test binaries live in `target/<profile>/deps`).
pub fn built_library_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CLUSPROP_SIM_LIB") {
        return Some(PathBuf::from(path));
    }
    let exe = std::env::current_exe().ok()?;
    let name = library_file_name();
    exe.ancestors()
        .skip(1)
        .take(2)
        .map(|dir| dir.join(&name))
        .find(|p| p.is_file())
}

impl SimLibrary {
    /// Loads the simulator's shared library that cargo built for this
    /// executable ([`built_library_path`]).
    pub fn load_built() -> Result<Self, String> {
        let path = built_library_path()
            .ok_or_else(|| format!("{} not found beside the executable", library_file_name()))?;
        // SAFETY: the file is this crate's own cdylib, built by the same cargo
        // run (or named by CLUSPROP_SIM_LIB for that purpose).
        unsafe { Self::load(&path) }
    }

    /// Loads the simulator's shared library from `path`.
    ///
    /// # Safety
    ///
    /// `path` must be this crate's `cdylib` (its initialisers are run and its
    /// exports trusted to have the prototypes declared here).
    pub unsafe fn load(path: &Path) -> Result<Self, String> {
        // SAFETY: forwarded from this function's contract.
        let api = unsafe { ClusApi::load_path(path) }.map_err(|e| e.to_string())?;
        // SAFETY: as above (the same library; dlopen/LoadLibrary count it).
        let library =
            unsafe { libloading::Library::new(OsStr::new(path)) }.map_err(|e| e.to_string())?;
        fn get<T: Copy>(library: &libloading::Library, name: &str) -> Result<T, String> {
            // SAFETY: `T` is the prototype this module declares for `name`,
            // and the library is this module's own build.
            unsafe { library.get::<T>(name.as_bytes()) }
                .map(|s| *s)
                .map_err(|e| e.to_string())
        }
        Ok(Self {
            api,
            configure: get(&library, "ClusSimConfigure\0")?,
            remove: get(&library, "ClusSimRemove\0")?,
            open_handles: get(&library, "ClusSimOpenHandles\0")?,
            invalid_closes: get(&library, "ClusSimInvalidCloses\0")?,
            control_calls: get(&library, "ClusSimControlCalls\0")?,
            wait_idle: get(&library, "ClusSimWaitIdle\0")?,
            events: get(&library, "ClusSimEvents\0")?,
            _library: library,
        })
    }

    /// The library's clusapi table.
    pub fn api(&self) -> &ClusApi {
        &self.api
    }

    /// Registers the clusters of a configuration text in the library.
    pub fn configure(&self, text: &str) -> Result<(), u32> {
        // SAFETY: `text` is readable for its length during the call.
        match unsafe { (self.configure)(text.as_ptr(), text.len()) } {
            0 => Ok(()),
            code => Err(code),
        }
    }

    /// Removes a cluster: whether it existed.
    pub fn remove(&self, cluster: &str) -> bool {
        // SAFETY: `cluster` is readable for its length during the call.
        unsafe { (self.remove)(cluster.as_ptr(), cluster.len()) == 1 }
    }

    /// Open handles of a cluster (`None`: no such cluster).
    pub fn open_handles(&self, cluster: &str) -> Option<usize> {
        // SAFETY: `cluster` is readable for its length during the call.
        let n = unsafe { (self.open_handles)(cluster.as_ptr(), cluster.len()) };
        usize::try_from(n).ok()
    }

    /// Closes of handles that were not open (`None`: no such cluster).
    pub fn invalid_closes(&self, cluster: &str) -> Option<usize> {
        // SAFETY: `cluster` is readable for its length during the call.
        let n = unsafe { (self.invalid_closes)(cluster.as_ptr(), cluster.len()) };
        usize::try_from(n).ok()
    }

    /// Control calls that reached a cluster (`None`: no such cluster).
    pub fn control_calls(&self, cluster: &str) -> Option<usize> {
        // SAFETY: `cluster` is readable for its length during the call.
        let n = unsafe { (self.control_calls)(cluster.as_ptr(), cluster.len()) };
        usize::try_from(n).ok()
    }

    /// Waits until no operation runs in the cluster.
    pub fn wait_idle(&self, cluster: &str, timeout: Duration) -> bool {
        let ms = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX);
        // SAFETY: `cluster` is readable for its length during the call.
        unsafe { (self.wait_idle)(cluster.as_ptr(), cluster.len(), ms) == 1 }
    }

    /// What the cluster's resources did, one line per event.
    ///
    /// The events are copied out in at most [`MAX_EVENT_CALLS`] calls (the
    /// list may grow between two calls while operations run); each retry at
    /// least doubles the buffer.
    pub fn events(&self, cluster: &str) -> Result<Vec<String>, EventsError> {
        read_events(|buf| {
            // SAFETY: `cluster` is readable for its length and `buf` writable
            // for its length during the call.
            unsafe { (self.events)(cluster.as_ptr(), cluster.len(), buf.as_mut_ptr(), buf.len()) }
        })
    }
}

/// How many calls [`SimLibrary::events`] makes at most.
pub const MAX_EVENT_CALLS: u32 = 4;

/// Why [`SimLibrary::events`] has no events to give.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventsError {
    /// The library has no cluster of that name.
    NoSuchCluster,
    /// The events outgrew the buffer on every one of this many calls.
    NotSettled {
        /// The calls made.
        calls: u32,
    },
}

impl std::fmt::Display for EventsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSuchCluster => f.write_str("no such cluster in the simulator library"),
            Self::NotSettled { calls } => write!(
                f,
                "the cluster's events outgrew the buffer on each of {calls} calls"
            ),
        }
    }
}

impl std::error::Error for EventsError {}

/// The `ClusSimEvents` protocol: `call` copies the events into the buffer
/// if they fit and returns their full length (`usize::MAX`: no such
/// cluster). Retries with a buffer of the size asked for, and at least
/// double the last, at most [`MAX_EVENT_CALLS`] calls in all.
fn read_events(mut call: impl FnMut(&mut [u8]) -> usize) -> Result<Vec<String>, EventsError> {
    let mut buf = Vec::new();
    for _ in 0..MAX_EVENT_CALLS {
        let needed = call(&mut buf);
        if needed == usize::MAX {
            return Err(EventsError::NoSuchCluster);
        }
        if needed <= buf.len() {
            buf.truncate(needed);
            let text = String::from_utf8_lossy(&buf);
            return Ok(text.lines().map(str::to_owned).collect());
        }
        let next = needed.max(buf.len().saturating_mul(2));
        buf.clear();
        buf.resize(next, 0);
    }
    Err(EventsError::NotSettled {
        calls: MAX_EVENT_CALLS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_that_keep_growing_stop_at_the_call_cap() {
        // Always one byte more than the buffer: each retry at least doubles
        // it, and the calls stop at the cap with a typed error.
        let mut sizes = Vec::new();
        let err = read_events(|buf| {
            sizes.push(buf.len());
            buf.len() + 1
        })
        .unwrap_err();
        assert_eq!(
            err,
            EventsError::NotSettled {
                calls: MAX_EVENT_CALLS
            }
        );
        assert_eq!(sizes.len(), MAX_EVENT_CALLS as usize);
        assert!(
            sizes.windows(2).skip(1).all(|w| w[1] >= 2 * w[0]),
            "{sizes:?}"
        );
    }

    #[test]
    fn events_are_read_in_two_calls_and_a_missing_cluster_is_said() {
        let text = b"a\nbb\n";
        let mut calls = 0;
        let events = read_events(|buf| {
            calls += 1;
            if buf.len() >= text.len() {
                buf[..text.len()].copy_from_slice(text);
            }
            text.len()
        })
        .unwrap();
        assert_eq!((events, calls), (vec!["a".to_owned(), "bb".to_owned()], 2));
        assert_eq!(read_events(|_| usize::MAX), Err(EventsError::NoSuchCluster));
    }
}
