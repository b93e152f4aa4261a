//! The handle owners: [`RawCluster`] and [`RawObject`] (a group, node,
//! resource, network or network interface handle, by [`ObjectKind`]). Each
//! holds a live handle opened through the table stored beside it, and closes
//! it exactly once, in `Drop`.

use std::marker::PhantomData;
use std::sync::Arc;

use windows_sys::Win32::Networking::Clustering::{HCLUSTER, HNODE};

use crate::error::Error;
use crate::name::WideName;

use super::api::ClusApi;
use super::table::{
    CloseClusterGroupFn, ClusterControlFn, Functions, OpenClusterGroupExFn, OpenClusterGroupFn,
};

/// An open cluster handle. Invariant: `raw` is a live `HCLUSTER` returned by
/// `api`; it is closed exactly once, in `Drop`, unless `disown` was called.
pub(crate) struct RawCluster {
    pub(super) api: ClusApi,
    pub(super) raw: HCLUSTER,
    owned: std::sync::atomic::AtomicBool,
    granted: u32,
}

impl RawCluster {
    /// `OpenCluster(name)`; `None` is the local cluster.
    pub(crate) fn open(api: &ClusApi, name: Option<&WideName>) -> Result<Self, Error> {
        let f = api.require(api.functions().open_cluster, "OpenCluster")?;
        let ptr = name.map_or(std::ptr::null(), WideName::as_ptr);
        // SAFETY: `ptr` is NULL or a NUL-terminated UTF-16 string that lives
        // across the call (`WideName` guarantees the terminator and no
        // interior NUL).
        let raw = unsafe { f(ptr) };
        if raw == 0 {
            return Err(api.failed("OpenCluster"));
        }
        Ok(Self::owned(api, raw, crate::Access::ALL.bits()))
    }

    /// `OpenClusterEx(name, desired, &granted)`.
    pub(crate) fn open_ex(
        api: &ClusApi,
        name: Option<&WideName>,
        desired: u32,
    ) -> Result<Self, Error> {
        let f = api.require(api.functions().open_cluster_ex, "OpenClusterEx")?;
        let ptr = name.map_or(std::ptr::null(), WideName::as_ptr);
        let mut granted = 0u32;
        // SAFETY: `ptr` is NULL or a NUL-terminated UTF-16 string alive across
        // the call; `granted` is a valid, writable u32 for the call.
        let raw = unsafe { f(ptr, desired, &mut granted) };
        if raw == 0 {
            return Err(api.failed("OpenClusterEx"));
        }
        Ok(Self::owned(api, raw, granted))
    }

    fn owned(api: &ClusApi, raw: HCLUSTER, granted: u32) -> Self {
        Self {
            api: api.clone(),
            raw,
            owned: std::sync::atomic::AtomicBool::new(true),
            granted,
        }
    }

    /// Takes ownership of a handle opened elsewhere.
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HCLUSTER` from `api`'s library that nothing else
    /// will close.
    pub(crate) unsafe fn from_raw(api: &ClusApi, raw: HCLUSTER, granted: u32) -> Self {
        Self::owned(api, raw, granted)
    }

    pub(crate) fn api(&self) -> &ClusApi {
        &self.api
    }

    pub(crate) fn raw(&self) -> HCLUSTER {
        self.raw
    }

    pub(crate) fn granted(&self) -> u32 {
        self.granted
    }

    /// Gives up ownership: `Drop` will not close the handle.
    pub(crate) fn disown(&self) {
        self.owned.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    /// `OpenCluster<Object>` (`desired == None`) or `OpenCluster<Object>Ex`.
    pub(crate) fn open_object<K: ObjectKind>(
        self: &Arc<Self>,
        name: &WideName,
        desired: Option<u32>,
    ) -> Result<RawObject<K>, Error> {
        let api = &self.api;
        let f = api.functions();
        let (raw, granted) = match desired {
            None => {
                let open = api.require(K::open(f), K::OPEN)?;
                // SAFETY: `self.raw` is live (type invariant); `name` is a
                // NUL-terminated UTF-16 string alive across the call.
                let raw = unsafe { open(self.raw, name.as_ptr()) };
                if raw == 0 {
                    return Err(api.failed(K::OPEN));
                }
                (raw, crate::Access::ALL.bits())
            }
            Some(desired) => {
                let open = api.require(K::open_ex(f), K::OPEN_EX)?;
                let mut granted = 0u32;
                // SAFETY: as above, and `granted` is a writable u32.
                let raw = unsafe { open(self.raw, name.as_ptr(), desired, &mut granted) };
                if raw == 0 {
                    return Err(api.failed(K::OPEN_EX));
                }
                (raw, granted)
            }
        };
        Ok(RawObject {
            cluster: Arc::clone(self),
            raw,
            granted,
            owned: true,
            kind: PhantomData,
        })
    }

    /// The raw handle of an optional host or destination node, after
    /// checking that it was opened through the same table as `self`.
    pub(super) fn host_node(&self, node: Option<&RawObject<NodeKind>>) -> Result<HNODE, Error> {
        match node {
            None => Ok(0),
            Some(n) if n.cluster.api.same_table(&self.api) => Ok(n.raw),
            Some(_) => Err(Error::ForeignHandle),
        }
    }
}

impl Drop for RawCluster {
    fn drop(&mut self) {
        if !*self.owned.get_mut() {
            return;
        }
        if let Some(f) = self.api.functions().close_cluster {
            // SAFETY: the handle is live and owned (type invariant), and this
            // is the only place that closes it; `drop` runs once.
            unsafe { f(self.raw) };
        }
    }
}

/// The prototype shared by `ClusterControl`, `ClusterGroupControl`,
/// `ClusterNodeControl` and `ClusterResourceControl` (every handle type is
/// an `isize`).
pub(super) type ControlFn = ClusterControlFn;
/// The prototype shared by `OpenClusterGroup`/`Node`/`Resource`.
type OpenObjectFn = OpenClusterGroupFn;
/// The prototype shared by `OpenClusterGroupEx`/`NodeEx`/`ResourceEx`.
type OpenObjectExFn = OpenClusterGroupExFn;
/// The prototype shared by `CloseClusterGroup`/`Node`/`Resource`.
type CloseObjectFn = CloseClusterGroupFn;

/// A kind of object opened from a cluster handle: which entry points open,
/// close and control it.
pub(crate) trait ObjectKind {
    const OPEN: &'static str;
    const OPEN_EX: &'static str;
    const CONTROL: &'static str;
    fn open(f: &Functions) -> Option<OpenObjectFn>;
    fn open_ex(f: &Functions) -> Option<OpenObjectExFn>;
    fn close(f: &Functions) -> Option<CloseObjectFn>;
    fn control(f: &Functions) -> Option<ControlFn>;
}

macro_rules! object_kind {
    ($(#[$doc:meta])* $kind:ident: $open:ident, $open_ex:ident, $close:ident, $control:ident;
     $open_name:literal, $open_ex_name:literal, $control_name:literal) => {
        $(#[$doc])*
        pub(crate) enum $kind {}

        impl ObjectKind for $kind {
            const OPEN: &'static str = $open_name;
            const OPEN_EX: &'static str = $open_ex_name;
            const CONTROL: &'static str = $control_name;
            fn open(f: &Functions) -> Option<OpenObjectFn> {
                f.$open
            }
            fn open_ex(f: &Functions) -> Option<OpenObjectExFn> {
                f.$open_ex
            }
            fn close(f: &Functions) -> Option<CloseObjectFn> {
                f.$close
            }
            fn control(f: &Functions) -> Option<ControlFn> {
                f.$control
            }
        }
    };
}

object_kind! {
    /// `HGROUP`.
    GroupKind: open_cluster_group, open_cluster_group_ex, close_cluster_group, cluster_group_control;
    "OpenClusterGroup", "OpenClusterGroupEx", "ClusterGroupControl"
}
object_kind! {
    /// `HNODE`.
    NodeKind: open_cluster_node, open_cluster_node_ex, close_cluster_node, cluster_node_control;
    "OpenClusterNode", "OpenClusterNodeEx", "ClusterNodeControl"
}
object_kind! {
    /// `HRESOURCE`.
    ResourceKind: open_cluster_resource, open_cluster_resource_ex, close_cluster_resource, cluster_resource_control;
    "OpenClusterResource", "OpenClusterResourceEx", "ClusterResourceControl"
}

object_kind! {
    /// `HNETWORK`.
    NetworkKind: open_cluster_network, open_cluster_network_ex, close_cluster_network, cluster_network_control;
    "OpenClusterNetwork", "OpenClusterNetworkEx", "ClusterNetworkControl"
}
object_kind! {
    /// `HNETINTERFACE`.
    NetInterfaceKind: open_cluster_net_interface, open_cluster_net_interface_ex, close_cluster_net_interface, cluster_net_interface_control;
    "OpenClusterNetInterface", "OpenClusterNetInterfaceEx", "ClusterNetInterfaceControl"
}

/// An open group, node or resource handle. Invariant: `raw` is a live handle
/// of kind `K` returned through `cluster.api`; closed exactly once, in
/// `Drop`, unless `owned` is false. Holding the cluster keeps the cluster
/// handle (and the library) open for as long as this handle.
pub(crate) struct RawObject<K: ObjectKind> {
    pub(super) cluster: Arc<RawCluster>,
    pub(super) raw: isize,
    granted: u32,
    owned: bool,
    kind: PhantomData<K>,
}

pub(crate) type RawGroup = RawObject<GroupKind>;
pub(crate) type RawNode = RawObject<NodeKind>;
pub(crate) type RawResource = RawObject<ResourceKind>;
pub(crate) type RawNetwork = RawObject<NetworkKind>;
pub(crate) type RawNetInterface = RawObject<NetInterfaceKind>;

impl<K: ObjectKind> RawObject<K> {
    /// Takes ownership of a handle of kind `K` opened elsewhere.
    ///
    /// # Safety
    ///
    /// `raw` must be a live handle of kind `K` opened through `cluster`'s
    /// library that nothing else will close.
    pub(crate) unsafe fn from_raw(cluster: Arc<RawCluster>, raw: isize, granted: u32) -> Self {
        Self {
            cluster,
            raw,
            granted,
            owned: true,
            kind: PhantomData,
        }
    }

    pub(crate) fn raw(&self) -> isize {
        self.raw
    }

    pub(crate) fn granted(&self) -> u32 {
        self.granted
    }

    pub(crate) fn cluster(&self) -> &Arc<RawCluster> {
        &self.cluster
    }

    pub(super) fn api(&self) -> &ClusApi {
        self.cluster.api()
    }

    /// Gives up ownership and returns the handle.
    pub(crate) fn into_raw(mut self) -> isize {
        self.owned = false;
        self.raw
    }
}

impl<K: ObjectKind> Drop for RawObject<K> {
    fn drop(&mut self) {
        if !self.owned {
            return;
        }
        if let Some(f) = K::close(self.api().functions()) {
            // SAFETY: the handle is live, of kind `K` and owned (type
            // invariant), and this is the only place that closes it; `drop`
            // runs once.
            unsafe { f(self.raw) };
        }
    }
}
