//! The public `unsafe fn from_raw` constructors: adopting cluster, group,
//! node and resource handles opened elsewhere.

use std::sync::Arc;

use windows_sys::Win32::Networking::Clustering::{HCLUSTER, HGROUP, HNODE, HRESOURCE};

use super::api::ClusApi;
use super::handles::{RawCluster, RawGroup, RawNode, RawResource};

impl crate::Cluster {
    /// Takes ownership of a cluster handle opened elsewhere (for example by
    /// C code, or given up earlier with [`Cluster::into_raw`](crate::Cluster::into_raw));
    /// it will be closed on drop. Its granted access is taken to be
    /// [`Access::ALL`](crate::Access::ALL).
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HCLUSTER` opened through `api`'s library, and
    /// from this call on nothing else may close it or rely on it staying
    /// open: the new `Cluster` closes it when it and everything opened from
    /// it are dropped.
    ///
    /// In particular `raw` must not be a handle that live objects still
    /// use. A handle given up with [`Cluster::into_raw`](crate::Cluster::into_raw)
    /// is still used by every [`Group`](crate::Group), [`Node`](crate::Node)
    /// and [`Resource`](crate::Resource) opened from that `Cluster` for as
    /// long as they live (they call through it, and their own handles are
    /// its children); adopting it while any of them is alive would close it
    /// under them. Adopt it only once all of them are dropped. The same
    /// holds for a handle that C code, or another `ClusApi`, still uses.
    pub unsafe fn from_raw(api: &ClusApi, raw: HCLUSTER) -> Self {
        Self {
            // SAFETY: forwarded from this function's contract.
            raw: Arc::new(unsafe { RawCluster::from_raw(api, raw, crate::Access::ALL.bits()) }),
            name: None,
        }
    }

    /// Takes ownership of a group handle opened elsewhere from this
    /// cluster; it will be closed on drop.
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HGROUP` opened through this cluster's library,
    /// and nothing else may close it.
    pub unsafe fn group_from_raw(&self, raw: HGROUP, name: &str) -> crate::Group {
        crate::Group {
            // SAFETY: forwarded from this function's contract.
            raw: unsafe {
                RawGroup::from_raw(Arc::clone(&self.raw), raw, crate::Access::ALL.bits())
            },
            name: name.to_owned(),
        }
    }

    /// Takes ownership of a node handle opened elsewhere from this cluster;
    /// it will be closed on drop.
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HNODE` opened through this cluster's library,
    /// and nothing else may close it.
    pub unsafe fn node_from_raw(&self, raw: HNODE, name: &str) -> crate::Node {
        crate::Node {
            // SAFETY: forwarded from this function's contract.
            raw: unsafe {
                RawNode::from_raw(Arc::clone(&self.raw), raw, crate::Access::ALL.bits())
            },
            name: name.to_owned(),
        }
    }

    /// Takes ownership of a resource handle opened elsewhere from this
    /// cluster; it will be closed on drop.
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HRESOURCE` opened through this cluster's
    /// library, and nothing else may close it.
    pub unsafe fn resource_from_raw(&self, raw: HRESOURCE, name: &str) -> crate::Resource {
        crate::Resource {
            // SAFETY: forwarded from this function's contract.
            raw: unsafe {
                RawResource::from_raw(Arc::clone(&self.raw), raw, crate::Access::ALL.bits())
            },
            name: name.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use windows_sys::Win32::Networking::Clustering::{HCLUSTER, HGROUP};
    use windows_sys::core::{BOOL, PCWSTR};

    use crate::{ClusApi, Cluster, Functions};

    static CLUSTER_CLOSES: AtomicUsize = AtomicUsize::new(0);
    static GROUP_CLOSES: AtomicUsize = AtomicUsize::new(0);

    extern "system" fn fake_open(_: PCWSTR) -> HCLUSTER {
        0x10
    }
    extern "system" fn fake_close(h: HCLUSTER) -> BOOL {
        assert_eq!(h, 0x10);
        CLUSTER_CLOSES.fetch_add(1, Ordering::SeqCst);
        1
    }
    extern "system" fn fake_open_group(h: HCLUSTER, _: PCWSTR) -> HGROUP {
        assert_eq!(h, 0x10);
        0x20
    }
    extern "system" fn fake_close_group(h: HGROUP) -> BOOL {
        assert_eq!(h, 0x20);
        GROUP_CLOSES.fetch_add(1, Ordering::SeqCst);
        1
    }

    #[test]
    fn raw_handles_change_owner_and_close_once() {
        let mut f = Functions::EMPTY;
        f.open_cluster = Some(fake_open);
        f.close_cluster = Some(fake_close);
        f.open_cluster_group = Some(fake_open_group);
        f.close_cluster_group = Some(fake_close_group);
        // SAFETY: the fakes have the prototypes and touch no pointers.
        let api = unsafe { ClusApi::from_table(f, "fake") };
        let closes = || {
            (
                CLUSTER_CLOSES.load(Ordering::SeqCst),
                GROUP_CLOSES.load(Ordering::SeqCst),
            )
        };

        let cluster = Cluster::open_local(&api).unwrap();
        let raw_group = cluster.open_group("G").unwrap().into_raw();
        assert_eq!(closes(), (0, 0), "into_raw gave the group handle up");
        // SAFETY: 0x20 is the live group handle given up just above.
        let group = unsafe { cluster.group_from_raw(raw_group, "G") };
        let raw_cluster = cluster.into_raw();
        drop(group);
        assert_eq!(
            closes(),
            (0, 1),
            "the group closed once; the cluster was given up"
        );
        // SAFETY: 0x10 is the live cluster handle given up just above.
        let cluster = unsafe { Cluster::from_raw(&api, raw_cluster) };
        let group = cluster.open_group("G").unwrap();
        drop(cluster);
        assert_eq!(closes(), (0, 1), "the group keeps the cluster open");
        drop(group);
        assert_eq!(closes(), (1, 2));
    }
}
