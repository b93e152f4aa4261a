#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cluster;
mod control;
mod control_code;
mod enumerate;
mod error;
mod flags;
mod group;
mod group_enum;
pub mod known;
mod name;
mod network;
mod node;
mod operation;
mod outcome;
mod resource;
mod state;
mod sys;
mod wait;

pub use cluster::Cluster;
pub use control::{
    ControlTarget, FIRST_REPLY_LEN, MAX_CONTROL_CALLS, MAX_REPLY_LEN, ObjectType, PropertyKind,
    PropertyReply, SetOutcome, WritableKind,
};
pub use control_code::ControlCode;
pub use enumerate::{EnumEntry, EnumKind, Enumeration, MAX_ENUM_ITEM_LEN};
pub use error::{Error, Unsupported, Win32Error};
pub use flags::{
    Access, CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE,
    CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS, CLUSAPI_GROUP_ONLINE_SYNCHRONOUS, MoveFlags,
    OfflineFlags, OnlineFlags, ResourceOfflineFlags, ResourceOnlineFlags,
};
pub use group::Group;
pub use group_enum::{GroupEntry, GroupEnumeration};
pub use name::{MAX_NAME_CALLS, WideName};
pub use network::{NetInterface, Network, ResourceType};
pub use node::Node;
pub use outcome::Outcome;
pub use resource::Resource;
pub use state::{GroupState, ObjectState, ResourceState};
pub use sys::{ClusApi, Functions};
pub use wait::{WaitEvent, WaitOptions, WaitTarget};

/// The raw prototypes of the clusapi entry points in [`Functions`], for
/// building a table (the simulator does).
pub mod prototypes {
    pub use crate::sys::{
        CancelClusterGroupOperationFn, CloseClusterFn, CloseClusterGroupFn,
        CloseClusterNetInterfaceFn, CloseClusterNetworkFn, CloseClusterNodeFn,
        CloseClusterNotifyPortFn, CloseClusterResourceFn, ClusterCloseEnumExFn, ClusterCloseEnumFn,
        ClusterControlFn, ClusterEnumExFn, ClusterEnumFn, ClusterGroupCloseEnumExFn,
        ClusterGroupCloseEnumFn, ClusterGroupControlFn, ClusterGroupEnumExFn, ClusterGroupEnumFn,
        ClusterGroupOpenEnumExFn, ClusterGroupOpenEnumFn, ClusterNetInterfaceControlFn,
        ClusterNetworkControlFn, ClusterNodeControlFn, ClusterOpenEnumExFn, ClusterOpenEnumFn,
        ClusterResourceControlFn, ClusterResourceTypeControlFn, CreateClusterNotifyPortV2Fn,
        GetClusterGroupStateFn, GetClusterNotifyV2Fn, GetClusterResourceStateFn, GetLastErrorFn,
        MoveClusterGroupExFn, OfflineClusterGroupExFn, OfflineClusterResourceExFn,
        OnlineClusterGroupExFn, OnlineClusterResourceExFn, OpenClusterExFn, OpenClusterFn,
        OpenClusterGroupExFn, OpenClusterGroupFn, OpenClusterNetInterfaceExFn,
        OpenClusterNetInterfaceFn, OpenClusterNetworkExFn, OpenClusterNetworkFn,
        OpenClusterNodeExFn, OpenClusterNodeFn, OpenClusterResourceExFn, OpenClusterResourceFn,
    };
}

/// Re-exported handle and state types from `windows-sys`.
pub mod win32 {
    pub use windows_sys::Win32::Networking::Clustering::{
        CLUSTER_GROUP_STATE, HCLUSTER, HGROUP, HNETINTERFACE, HNETWORK, HNODE, HRESOURCE,
    };
}

#[cfg(test)]
mod tests {
    fn send_sync<T: Send + Sync>() {}

    #[test]
    fn handle_types_are_send_and_sync() {
        send_sync::<crate::ClusApi>();
        send_sync::<crate::Cluster>();
        send_sync::<crate::Group>();
        send_sync::<crate::Node>();
        send_sync::<crate::Resource>();
        send_sync::<crate::Network>();
        send_sync::<crate::NetInterface>();
        send_sync::<crate::ResourceType>();
        send_sync::<crate::Enumeration>();
        send_sync::<crate::GroupEnumeration<'static>>();
        send_sync::<crate::Error>();
    }
}
