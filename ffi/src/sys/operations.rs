//! The calls on a group's or a resource's state: reading it
//! (`GetCluster*State`) and changing it (offline, online, move, cancel).

use windows_sys::Win32::Networking::Clustering::{CLUSTER_GROUP_STATE, CLUSTER_RESOURCE_STATE};

use crate::error::Error;

use super::buffers::{buffer_args, name_buffer};
use super::handles::{ObjectKind, RawGroup, RawNode, RawObject, RawResource};
use super::table::OfflineClusterGroupExFn;

/// The prototype shared by `OfflineClusterGroupEx`,
/// `OfflineClusterResourceEx` and `OnlineClusterResourceEx`: a handle, flags
/// and an instruction buffer.
type FlagsAndBufferFn = OfflineClusterGroupExFn;

impl<K: ObjectKind> RawObject<K> {
    /// Calls `f(handle, flags, buffer)`, one of the `*Ex` calls that take a
    /// handle of kind `K`: the raw return code.
    fn flags_and_buffer(
        &self,
        f: Option<FlagsAndBufferFn>,
        name: &'static str,
        flags: u32,
        buffer: &[u8],
    ) -> Result<u32, Error> {
        let f = self.api().require(f, name)?;
        let (ptr, len) = buffer_args(buffer)?;
        // SAFETY: the handle is live and of kind `K` (type invariant), the
        // kind the caller picked `f` for; `ptr` is NULL with `len == 0`, or
        // points to `len` readable bytes that stay alive and unchanged across
        // the call. clusapi copies the buffer before it returns (it is an
        // RPC `[in, size_is]` array).
        Ok(unsafe { f(self.raw, flags, ptr, len) })
    }
}

/// What `GetClusterGroupState` / `GetClusterResourceState` reported: the raw
/// state, the character counts written back, and the last error when the
/// state is unknown (0 otherwise).
pub(crate) struct RawState<S> {
    pub(crate) state: S,
    pub(crate) node_len: u32,
    pub(crate) group_len: u32,
    pub(crate) error: u32,
}

impl RawGroup {
    /// `GetClusterGroupState(h, buf, &cch)`: see [`RawState`].
    pub(crate) fn state(
        &self,
        node: Option<&mut [u16]>,
    ) -> Result<RawState<CLUSTER_GROUP_STATE>, Error> {
        let api = self.api();
        let f = api.require(
            api.functions().get_cluster_group_state,
            "GetClusterGroupState",
        )?;
        let (ptr, mut cch) = name_buffer(node);
        let cch_ptr: *mut u32 = if ptr.is_null() {
            std::ptr::null_mut()
        } else {
            &mut cch
        };
        // SAFETY: the group handle is live (type invariant). `ptr` is NULL
        // (with a NULL count) or points to a writable buffer of `cch` u16s,
        // and `cch_ptr` to a writable u32, both alive across the call.
        let state = unsafe { f(self.raw, ptr, cch_ptr) };
        let error = if state == windows_sys::Win32::Networking::Clustering::ClusterGroupStateUnknown
        {
            api.last_error()
        } else {
            0
        };
        Ok(RawState {
            state,
            node_len: cch,
            group_len: 0,
            error,
        })
    }

    /// `OfflineClusterGroupEx(h, flags, buffer)`: the raw return code.
    pub(crate) fn offline_ex(&self, flags: u32, buffer: &[u8]) -> Result<u32, Error> {
        let f = self.api().functions().offline_cluster_group_ex;
        self.flags_and_buffer(f, "OfflineClusterGroupEx", flags, buffer)
    }

    /// `OnlineClusterGroupEx(h, node, flags, buffer)`: the raw return code.
    pub(crate) fn online_ex(
        &self,
        node: Option<&RawNode>,
        flags: u32,
        buffer: &[u8],
    ) -> Result<u32, Error> {
        let api = self.api();
        let f = api.require(
            api.functions().online_cluster_group_ex,
            "OnlineClusterGroupEx",
        )?;
        let node = self.cluster.host_node(node)?;
        let (ptr, len) = buffer_args(buffer)?;
        // SAFETY: as for `offline_ex`; `node` is NULL (the cluster chooses,
        // as documented) or a live node handle of the same library.
        Ok(unsafe { f(self.raw, node, flags, ptr, len) })
    }

    /// `CancelClusterGroupOperation(h, 0)`: the raw return code.
    pub(crate) fn cancel_operation(&self) -> Result<u32, Error> {
        let api = self.api();
        let f = api.require(
            api.functions().cancel_cluster_group_operation,
            "CancelClusterGroupOperation",
        )?;
        // SAFETY: the group handle is live (type invariant); the reserved
        // flags are zero, as documented.
        Ok(unsafe { f(self.raw, 0) })
    }

    /// `MoveClusterGroupEx(h, node, flags, buffer)`: the raw return code.
    pub(crate) fn move_ex(
        &self,
        node: Option<&RawNode>,
        flags: u32,
        buffer: &[u8],
    ) -> Result<u32, Error> {
        let api = self.api();
        let f = api.require(api.functions().move_cluster_group_ex, "MoveClusterGroupEx")?;
        let node = self.cluster.host_node(node)?;
        let (ptr, len) = buffer_args(buffer)?;
        // SAFETY: as for `online_ex`.
        Ok(unsafe { f(self.raw, node, flags, ptr, len) })
    }
}

impl RawResource {
    /// `GetClusterResourceState(h, node, &cch, group, &cch)`: see
    /// [`RawState`].
    pub(crate) fn state(
        &self,
        node: Option<&mut [u16]>,
        group: Option<&mut [u16]>,
    ) -> Result<RawState<CLUSTER_RESOURCE_STATE>, Error> {
        let api = self.api();
        let f = api.require(
            api.functions().get_cluster_resource_state,
            "GetClusterResourceState",
        )?;
        let (node_ptr, mut node_cch) = name_buffer(node);
        let (group_ptr, mut group_cch) = name_buffer(group);
        let node_cch_ptr: *mut u32 = if node_ptr.is_null() {
            std::ptr::null_mut()
        } else {
            &mut node_cch
        };
        let group_cch_ptr: *mut u32 = if group_ptr.is_null() {
            std::ptr::null_mut()
        } else {
            &mut group_cch
        };
        // SAFETY: the resource handle is live (type invariant). Each name
        // pointer is NULL (with a NULL count) or points to a writable buffer
        // of as many u16s as its count says, and each count pointer to a
        // writable u32; all alive across the call.
        let state = unsafe { f(self.raw, node_ptr, node_cch_ptr, group_ptr, group_cch_ptr) };
        let error =
            if state == windows_sys::Win32::Networking::Clustering::ClusterResourceStateUnknown {
                api.last_error()
            } else {
                0
            };
        Ok(RawState {
            state,
            node_len: node_cch,
            group_len: group_cch,
            error,
        })
    }

    /// `OfflineClusterResourceEx(h, flags, buffer)`: the raw return code.
    pub(crate) fn offline_ex(&self, flags: u32, buffer: &[u8]) -> Result<u32, Error> {
        let f = self.api().functions().offline_cluster_resource_ex;
        self.flags_and_buffer(f, "OfflineClusterResourceEx", flags, buffer)
    }

    /// `OnlineClusterResourceEx(h, flags, buffer)`: the raw return code.
    pub(crate) fn online_ex(&self, flags: u32, buffer: &[u8]) -> Result<u32, Error> {
        let f = self.api().functions().online_cluster_resource_ex;
        self.flags_and_buffer(f, "OnlineClusterResourceEx", flags, buffer)
    }
}
