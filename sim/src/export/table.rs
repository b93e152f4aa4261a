//! The in-process clusapi table: the exported functions as a
//! [`clusprop_ffi::Functions`] table.

use clusprop_ffi::prototypes::*;
use clusprop_ffi::{ClusApi, Functions};

use super::last_error::GET_LAST_ERROR;
use super::*;

/// Every clusapi function the simulator exports, by its table slot.
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
    // SAFETY: every entry of `TABLE` is one of the simulator's exported
    // functions, which have the clusapi prototypes and follow their
    // contracts; `fn` items live for the whole program.
    unsafe { ClusApi::from_table(TABLE, "clusprop-sim (in-process)") }
}
