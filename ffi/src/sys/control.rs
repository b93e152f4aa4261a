//! The control calls: `ClusterControl`, `Cluster<Object>Control` and
//! `ClusterResourceTypeControl`, each with an input and an output buffer.

use windows_sys::Win32::Networking::Clustering::HNODE;

use crate::error::Error;
use crate::name::WideName;

use super::buffers::buffer_args;
use super::handles::{ControlFn, NodeKind, ObjectKind, RawCluster, RawNode, RawObject};

impl RawCluster {
    /// `ClusterControl(h, host, code, in, out, &returned)`: the raw return
    /// code and the byte count written back.
    pub(crate) fn control(
        &self,
        host: Option<&RawObject<NodeKind>>,
        code: u32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<(u32, u32), Error> {
        let f = self
            .api
            .require(self.api.functions().cluster_control, "ClusterControl")?;
        let host = self.host_node(host)?;
        // SAFETY: `self.raw` is a live cluster handle (type invariant), the
        // kind `ClusterControl` takes; `host` is NULL or a live node handle
        // of the same library (checked by `host_node`).
        unsafe { control_call(f, self.raw, host, code, input, output) }
    }

    /// `ClusterResourceTypeControl(h, type, host, code, in, out, &returned)`:
    /// the raw return code and the byte count written back.
    pub(crate) fn resource_type_control(
        &self,
        type_name: &WideName,
        host: Option<&RawObject<NodeKind>>,
        code: u32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<(u32, u32), Error> {
        let f = self.api.require(
            self.api.functions().cluster_resource_type_control,
            "ClusterResourceTypeControl",
        )?;
        let host = self.host_node(host)?;
        let (in_ptr, in_len) = buffer_args(input)?;
        let out_len =
            u32::try_from(output.len()).map_err(|_| Error::BufferTooLarge { len: output.len() })?;
        let out_ptr = if output.is_empty() {
            std::ptr::null_mut()
        } else {
            output.as_mut_ptr()
        };
        let mut returned = 0u32;
        // SAFETY: `self.raw` is a live cluster handle (type invariant);
        // `type_name` is NUL-terminated UTF-16 alive across the call; `host`
        // is NULL or a live node handle of the same library; the buffers are
        // as in `control_call`, and `returned` is a writable u32.
        let status = unsafe {
            f(
                self.raw,
                type_name.as_ptr(),
                host,
                code,
                in_ptr.cast(),
                in_len,
                out_ptr.cast(),
                out_len,
                &mut returned,
            )
        };
        Ok((status, returned))
    }
}

impl<K: ObjectKind> RawObject<K> {
    /// `Cluster<Object>Control(h, host, code, in, out, &returned)`: the raw
    /// return code and the byte count written back.
    pub(crate) fn control(
        &self,
        host: Option<&RawNode>,
        code: u32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<(u32, u32), Error> {
        let f = self
            .api()
            .require(K::control(self.api().functions()), K::CONTROL)?;
        let host = self.cluster.host_node(host)?;
        // SAFETY: `self.raw` is a live handle of kind `K` (type invariant),
        // the kind `K::control` takes; `host` is NULL or a live node handle
        // of the same library (checked by `host_node`).
        unsafe { control_call(f, self.raw, host, code, input, output) }
    }
}

/// Calls a control function with an input and an output buffer.
///
/// # Safety
///
/// `handle` must be a live handle of the kind `f` takes, and `host` NULL or
/// a live node handle, both from the library `f` belongs to.
pub(super) unsafe fn control_call(
    f: ControlFn,
    handle: isize,
    host: HNODE,
    code: u32,
    input: &[u8],
    output: &mut [u8],
) -> Result<(u32, u32), Error> {
    let (in_ptr, in_len) = buffer_args(input)?;
    let out_len =
        u32::try_from(output.len()).map_err(|_| Error::BufferTooLarge { len: output.len() })?;
    let out_ptr = if output.is_empty() {
        std::ptr::null_mut()
    } else {
        output.as_mut_ptr()
    };
    let mut returned = 0u32;
    // SAFETY: the handles are as this function's contract says. `in_ptr` is
    // NULL with length 0 or `in_len` readable bytes; `out_ptr` is NULL with
    // length 0 or `out_len` writable bytes; `returned` is a writable u32;
    // all of them stay alive across the call, which only writes within
    // `out_len` (clusapi contract: `nOutBufferSize` bounds the write).
    let status = unsafe {
        f(
            handle,
            host,
            code,
            in_ptr.cast(),
            in_len,
            out_ptr.cast(),
            out_len,
            &mut returned,
        )
    };
    Ok((status, returned))
}
