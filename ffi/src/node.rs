//! [`Node`]: a cluster node, queried through control codes and named as the
//! destination of a move or an online.

use std::fmt;

use windows_sys::Win32::Networking::Clustering::HNODE;

use crate::flags::Access;
use crate::sys::RawNode;

/// An open cluster node (`HNODE`), closed with `CloseClusterNode` exactly
/// once, on drop. It keeps its [`Cluster`](crate::Cluster)'s handle open.
///
/// Read and write its properties with
/// [`ControlTarget`](crate::ControlTarget); pass it as the destination of
/// [`Group::move_ex`](crate::Group::move_ex) or
/// [`Group::online_ex_raw`](crate::Group::online_ex_raw).
///
/// `Send + Sync`; see the crate documentation for the rule.
pub struct Node {
    pub(crate) raw: RawNode,
    pub(crate) name: String,
}

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node")
            .field("name", &self.name)
            .field("handle", &self.raw.raw())
            .finish()
    }
}

impl Node {
    /// The name it was opened with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The access granted when it was opened.
    pub fn granted_access(&self) -> Access {
        Access::from_bits_retain(self.raw.granted())
    }

    /// The raw handle, still owned by `self`.
    pub fn as_raw(&self) -> HNODE {
        self.raw.raw()
    }

    /// Gives up ownership: the node handle will never be closed by this
    /// crate.
    pub fn into_raw(self) -> HNODE {
        self.raw.into_raw()
    }
}
