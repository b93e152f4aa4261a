//! The enumeration handles: [`RawEnum`] over the four enumeration APIs
//! (cluster and group, old and `Ex`), opening, reading and closing them.

use std::sync::Arc;

use windows_sys::Win32::Networking::Clustering::{CLUSTER_ENUM_ITEM, CLUSTER_GROUP_ENUM_ITEM};

use crate::error::{Error, Unsupported};

use super::buffers::name_buffer;
use super::handles::{RawCluster, RawGroup};

/// Which enumeration API an open enumeration handle belongs to, and so which
/// function reads and which closes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EnumApi {
    /// `ClusterOpenEnumEx` / `ClusterEnumEx` / `ClusterCloseEnumEx`.
    ClusterEx,
    /// `ClusterOpenEnum` / `ClusterEnum` / `ClusterCloseEnum`.
    Cluster,
    /// `ClusterGroupOpenEnum` / `ClusterGroupEnum` / `ClusterGroupCloseEnum`.
    Group,
    /// `ClusterGroupOpenEnumEx` / `ClusterGroupEnumEx` /
    /// `ClusterGroupCloseEnumEx`.
    GroupEx,
}

/// An open enumeration handle. Invariant: `raw` is a live handle of the kind
/// `api` names, returned through `cluster.api`; closed exactly once, in
/// `Drop`. Holding the cluster keeps the cluster handle (and the library)
/// open for as long as this handle.
pub(crate) struct RawEnum {
    cluster: Arc<RawCluster>,
    raw: isize,
    api: EnumApi,
}

/// What one `ClusterEnum` / `ClusterGroupEnum` call reported: the status,
/// the entry's type and the character count written back.
pub(crate) struct RawEnumEntry {
    pub(crate) status: u32,
    pub(crate) kind: u32,
    pub(crate) cch: u32,
}

impl RawCluster {
    /// `ClusterOpenEnumEx(h, types, NULL)` when the library has it (and
    /// `prefer_ex`), else `ClusterOpenEnum(h, types)`.
    pub(crate) fn open_enum(
        self: &Arc<Self>,
        types: u32,
        prefer_ex: bool,
    ) -> Result<RawEnum, Error> {
        let f = self.api.functions();
        let (raw, api, name) = match f.cluster_open_enum_ex.filter(|_| prefer_ex) {
            Some(open) => {
                // SAFETY: `self.raw` is a live cluster handle (type
                // invariant); the options pointer may be NULL (documented:
                // reserved, must be NULL).
                let raw = unsafe { open(self.raw, types, std::ptr::null()) };
                (raw, EnumApi::ClusterEx, "ClusterOpenEnumEx")
            }
            None => {
                let open = self.api.require(f.cluster_open_enum, "ClusterOpenEnum")?;
                // SAFETY: `self.raw` is a live cluster handle (type invariant).
                let raw = unsafe { open(self.raw, types) };
                (raw, EnumApi::Cluster, "ClusterOpenEnum")
            }
        };
        if raw == 0 {
            return Err(self.api.failed(name));
        }
        Ok(RawEnum {
            cluster: Arc::clone(self),
            raw,
            api,
        })
    }
}

impl RawCluster {
    /// `ClusterGroupOpenEnumEx(h, NULL, 0, NULL, 0, 0)`: the groups, no
    /// properties asked for; `None` when the library does not export it.
    pub(crate) fn open_group_enum_ex(self: &Arc<Self>) -> Result<Option<RawEnum>, Error> {
        let Some(open) = self.api.functions().cluster_group_open_enum_ex else {
            return Ok(None);
        };
        // SAFETY: `self.raw` is a live cluster handle (type invariant); the
        // property-name lists are NULL with size 0 (none asked for) and the
        // flags 0, as documented.
        let raw = unsafe { open(self.raw, std::ptr::null(), 0, std::ptr::null(), 0, 0) };
        if raw == 0 {
            return Err(self.api.failed("ClusterGroupOpenEnumEx"));
        }
        Ok(Some(RawEnum {
            cluster: Arc::clone(self),
            raw,
            api: EnumApi::GroupEx,
        }))
    }
}

impl RawGroup {
    /// `ClusterGroupOpenEnum(h, types)`.
    pub(crate) fn open_enum(&self, types: u32) -> Result<RawEnum, Error> {
        let api = self.api();
        let open = api.require(
            api.functions().cluster_group_open_enum,
            "ClusterGroupOpenEnum",
        )?;
        // SAFETY: the group handle is live (type invariant).
        let raw = unsafe { open(self.raw, types) };
        if raw == 0 {
            return Err(api.failed("ClusterGroupOpenEnum"));
        }
        Ok(RawEnum {
            cluster: Arc::clone(&self.cluster),
            raw,
            api: EnumApi::Group,
        })
    }
}

impl RawEnum {
    /// Which API the handle belongs to.
    pub(crate) fn api_kind(&self) -> EnumApi {
        self.api
    }

    /// `ClusterEnumEx(h, index, item, &cb)` into `buf` (8-byte aligned, as
    /// `CLUSTER_ENUM_ITEM` needs): the status and the byte count written
    /// back (on `ERROR_MORE_DATA`, the size needed).
    pub(crate) fn item_ex(&self, index: u32, buf: &mut [u64]) -> Result<(u32, u32), Error> {
        let api = self.cluster.api();
        let f = api.require(api.functions().cluster_enum_ex, "ClusterEnumEx")?;
        if self.api != EnumApi::ClusterEx {
            return Err(Error::Unsupported(Unsupported::EntryPoint {
                name: "ClusterEnumEx",
            }));
        }
        let bytes = buf.len().saturating_mul(8);
        let mut cb = u32::try_from(bytes).map_err(|_| Error::BufferTooLarge { len: bytes })?;
        // SAFETY: the handle is a live `ClusterOpenEnumEx` handle (type
        // invariant; only `EnumApi::ClusterEx` handles reach here, see
        // `Enumeration`); `buf` is writable for `cb` bytes and aligned for
        // `CLUSTER_ENUM_ITEM` (u64 storage), `cb` is a writable u32; both
        // stay alive across the call, which writes within `cb` bytes.
        let status = unsafe {
            f(
                self.raw,
                index,
                buf.as_mut_ptr().cast::<CLUSTER_ENUM_ITEM>(),
                &mut cb,
            )
        };
        Ok((status, cb))
    }

    /// `ClusterGroupEnumEx(h, index, item, &cb)` into `buf` (8-byte
    /// aligned): the status and the byte count written back.
    pub(crate) fn group_item_ex(&self, index: u32, buf: &mut [u64]) -> Result<(u32, u32), Error> {
        let api = self.cluster.api();
        let f = api.require(api.functions().cluster_group_enum_ex, "ClusterGroupEnumEx")?;
        if self.api != EnumApi::GroupEx {
            return Err(Error::Unsupported(Unsupported::EntryPoint {
                name: "ClusterGroupEnumEx",
            }));
        }
        let bytes = buf.len().saturating_mul(8);
        let mut cb = u32::try_from(bytes).map_err(|_| Error::BufferTooLarge { len: bytes })?;
        // SAFETY: the handle is a live `ClusterGroupOpenEnumEx` handle
        // (checked just above); `buf` is writable for `cb` bytes and aligned
        // for `CLUSTER_GROUP_ENUM_ITEM` (u64 storage), `cb` is a writable
        // u32; both stay alive across the call, which writes within `cb`.
        let status = unsafe {
            f(
                self.raw,
                index,
                buf.as_mut_ptr().cast::<CLUSTER_GROUP_ENUM_ITEM>(),
                &mut cb,
            )
        };
        Ok((status, cb))
    }

    /// `ClusterEnum` / `ClusterGroupEnum(h, index, &type, name, &cch)`.
    pub(crate) fn item(&self, index: u32, name: &mut [u16]) -> Result<RawEnumEntry, Error> {
        let api = self.cluster.api();
        let f = match self.api {
            EnumApi::Group => {
                api.require(api.functions().cluster_group_enum, "ClusterGroupEnum")?
            }
            EnumApi::Cluster => api.require(api.functions().cluster_enum, "ClusterEnum")?,
            EnumApi::ClusterEx | EnumApi::GroupEx => {
                return Err(Error::Unsupported(Unsupported::EntryPoint {
                    name: "ClusterEnum",
                }));
            }
        };
        let mut kind = 0u32;
        let (ptr, mut cch) = name_buffer(Some(name));
        // SAFETY: the handle is a live enumeration handle of the kind `f`
        // takes (`ClusterGroupEnum` for a `ClusterGroupOpenEnum` handle,
        // `ClusterEnum` for a `ClusterOpenEnum` one, matched just above); `ptr` points to `cch` writable u16s and
        // `kind`/`cch` are writable u32s, all alive across the call.
        let status = unsafe { f(self.raw, index, &mut kind, ptr, &mut cch) };
        Ok(RawEnumEntry { status, kind, cch })
    }
}

impl Drop for RawEnum {
    fn drop(&mut self) {
        let f = self.cluster.api().functions();
        let close = match self.api {
            EnumApi::ClusterEx => f.cluster_close_enum_ex,
            EnumApi::Cluster => f.cluster_close_enum,
            EnumApi::Group => f.cluster_group_close_enum,
            EnumApi::GroupEx => f.cluster_group_close_enum_ex,
        };
        if let Some(close) = close {
            // SAFETY: the handle is live and owned, of the kind `close`
            // takes (type invariant), and this is the only place that closes
            // it; `drop` runs once.
            unsafe { close(self.raw) };
        }
    }
}
