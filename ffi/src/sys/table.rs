//! The function-pointer table: one optional pointer per clusapi entry point,
//! with its exact Win32 prototype, and the by-name lookup that fills it from
//! a loaded library.

use std::ffi::c_void;
use std::fmt;

use windows_sys::Win32::Networking::Clustering::{
    CLUSTER_ENUM_ITEM, CLUSTER_GROUP_ENUM_ITEM, CLUSTER_GROUP_STATE, CLUSTER_RESOURCE_STATE,
    HCHANGE, HCLUSENUM, HCLUSENUMEX, HCLUSTER, HGROUP, HGROUPENUM, HGROUPENUMEX, HNETINTERFACE,
    HNETWORK, HNODE, HRESOURCE, NOTIFY_FILTER_AND_TYPE,
};
use windows_sys::core::{BOOL, PCWSTR, PWSTR};

macro_rules! function_table {
    ($(
        $(#[$doc:meta])*
        $field:ident : $alias:ident = $name:ident,
            unsafe extern "system" fn($($arg:ident : $argty:ty),* $(,)?) -> $ret:ty;
    )*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("\n\nPrototype of `", stringify!($name), "` (clusapi.h).")]
            pub type $alias = unsafe extern "system" fn($($arg: $argty),*) -> $ret;
        )*

        /// The clusapi entry points this crate calls, one optional function
        /// pointer each, with the exact Win32 prototypes.
        ///
        /// A `None` entry is an entry point the library does not export; using
        /// it gives [`Error::Unsupported`](crate::Error::Unsupported). The
        /// struct is `#[non_exhaustive]` so entries can be added: build one
        /// from [`Functions::EMPTY`] and set the fields (this works in a
        /// `const` too).
        #[derive(Clone, Copy)]
        #[non_exhaustive]
        pub struct Functions {
            $(
                $(#[$doc])*
                pub $field: Option<$alias>,
            )*
            /// `GetLastError`. On Windows this is always kernel32's (set by
            /// [`ClusApi::system`](crate::ClusApi::system) and
            /// [`ClusApi::load_path`](crate::ClusApi::load_path)); elsewhere
            /// it is the library's own export of that name, if any.
            pub get_last_error: Option<GetLastErrorFn>,
        }

        impl Functions {
            /// A table with no entry points.
            pub const EMPTY: Self = Self { $($field: None,)* get_last_error: None };

            /// The Win32 names of the clusapi entry points, in field order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// Looks every entry point up by name.
            pub(super) fn resolve(library: &libloading::Library) -> Self {
                Self {
                    $($field: symbol::<$alias>(library, concat!(stringify!($name), "\0")),)*
                    get_last_error: last_error_function(library),
                }
            }

            /// The Win32 names of the clusapi entry points that are present.
            pub fn present(&self) -> Vec<&'static str> {
                let mut names = Vec::new();
                $(if self.$field.is_some() { names.push(stringify!($name)); })*
                names
            }
        }

        /// Type-checks each prototype against the `windows-sys` declaration.
        /// Generic and never instantiated, so it is never code-generated and
        /// links nothing (a non-generic function could be code-generated and
        /// pull in an import of clusapi.dll).
        #[allow(dead_code, clippy::extra_unused_type_parameters)]
        fn prototypes_match_windows_sys<T>() {
            $(
                let _: $alias = windows_sys::Win32::Networking::Clustering::$name;
            )*
        }
    };
}

function_table! {
    /// `OpenCluster`: a handle to the named cluster, or the local one for `NULL`.
    open_cluster: OpenClusterFn = OpenCluster,
        unsafe extern "system" fn(lpszclustername: PCWSTR) -> HCLUSTER;
    /// `OpenClusterEx`: like `OpenCluster` with a desired access mask.
    open_cluster_ex: OpenClusterExFn = OpenClusterEx,
        unsafe extern "system" fn(lpszclustername: PCWSTR, desiredaccess: u32, grantedaccess: *mut u32) -> HCLUSTER;
    /// `CloseCluster`.
    close_cluster: CloseClusterFn = CloseCluster,
        unsafe extern "system" fn(hcluster: HCLUSTER) -> BOOL;
    /// `OpenClusterGroup`.
    open_cluster_group: OpenClusterGroupFn = OpenClusterGroup,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszgroupname: PCWSTR) -> HGROUP;
    /// `OpenClusterGroupEx`: like `OpenClusterGroup` with a desired access mask.
    open_cluster_group_ex: OpenClusterGroupExFn = OpenClusterGroupEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszgroupname: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HGROUP;
    /// `CloseClusterGroup`.
    close_cluster_group: CloseClusterGroupFn = CloseClusterGroup,
        unsafe extern "system" fn(hgroup: HGROUP) -> BOOL;
    /// `GetClusterGroupState`.
    get_cluster_group_state: GetClusterGroupStateFn = GetClusterGroupState,
        unsafe extern "system" fn(hgroup: HGROUP, lpsznodename: PWSTR, lpcchnodename: *mut u32) -> CLUSTER_GROUP_STATE;
    /// `OfflineClusterGroupEx` (Windows Server 2012+).
    offline_cluster_group_ex: OfflineClusterGroupExFn = OfflineClusterGroupEx,
        unsafe extern "system" fn(hgroup: HGROUP, dwofflineflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `OnlineClusterGroupEx` (Windows Server 2012+).
    online_cluster_group_ex: OnlineClusterGroupExFn = OnlineClusterGroupEx,
        unsafe extern "system" fn(hgroup: HGROUP, hdestinationnode: HNODE, dwonlineflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `OpenClusterResource`.
    open_cluster_resource: OpenClusterResourceFn = OpenClusterResource,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszresourcename: PCWSTR) -> HRESOURCE;
    /// `CloseClusterResource`.
    close_cluster_resource: CloseClusterResourceFn = CloseClusterResource,
        unsafe extern "system" fn(hresource: HRESOURCE) -> BOOL;
    /// `OfflineClusterResourceEx` (Windows Server 2012+).
    offline_cluster_resource_ex: OfflineClusterResourceExFn = OfflineClusterResourceEx,
        unsafe extern "system" fn(hresource: HRESOURCE, dwofflineflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `OnlineClusterResourceEx` (Windows Server 2012+).
    online_cluster_resource_ex: OnlineClusterResourceExFn = OnlineClusterResourceEx,
        unsafe extern "system" fn(hresource: HRESOURCE, dwonlineflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `OpenClusterResourceEx`: like `OpenClusterResource` with a desired
    /// access mask.
    open_cluster_resource_ex: OpenClusterResourceExFn = OpenClusterResourceEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszresourcename: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HRESOURCE;
    /// `GetClusterResourceState`.
    get_cluster_resource_state: GetClusterResourceStateFn = GetClusterResourceState,
        unsafe extern "system" fn(hresource: HRESOURCE, lpsznodename: PWSTR, lpcchnodename: *mut u32, lpszgroupname: PWSTR, lpcchgroupname: *mut u32) -> CLUSTER_RESOURCE_STATE;
    /// `OpenClusterNode`.
    open_cluster_node: OpenClusterNodeFn = OpenClusterNode,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpsznodename: PCWSTR) -> HNODE;
    /// `OpenClusterNodeEx`: like `OpenClusterNode` with a desired access mask.
    open_cluster_node_ex: OpenClusterNodeExFn = OpenClusterNodeEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpsznodename: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HNODE;
    /// `CloseClusterNode`.
    close_cluster_node: CloseClusterNodeFn = CloseClusterNode,
        unsafe extern "system" fn(hnode: HNODE) -> BOOL;
    /// `MoveClusterGroupEx` (Windows Server 2012+).
    move_cluster_group_ex: MoveClusterGroupExFn = MoveClusterGroupEx,
        unsafe extern "system" fn(hgroup: HGROUP, hdestinationnode: HNODE, dwmoveflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `ClusterControl`: a `CLUSCTL_CLUSTER_*` control code.
    cluster_control: ClusterControlFn = ClusterControl,
        unsafe extern "system" fn(hcluster: HCLUSTER, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `ClusterGroupControl`: a `CLUSCTL_GROUP_*` control code.
    cluster_group_control: ClusterGroupControlFn = ClusterGroupControl,
        unsafe extern "system" fn(hgroup: HGROUP, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `ClusterNodeControl`: a `CLUSCTL_NODE_*` control code.
    cluster_node_control: ClusterNodeControlFn = ClusterNodeControl,
        unsafe extern "system" fn(hnode: HNODE, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `ClusterResourceControl`: a `CLUSCTL_RESOURCE_*` control code.
    cluster_resource_control: ClusterResourceControlFn = ClusterResourceControl,
        unsafe extern "system" fn(hresource: HRESOURCE, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, cbinbuffersize: u32, lpoutbuffer: *mut c_void, cboutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `OpenClusterNetwork`.
    open_cluster_network: OpenClusterNetworkFn = OpenClusterNetwork,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpsznetworkname: PCWSTR) -> HNETWORK;
    /// `OpenClusterNetworkEx`: like `OpenClusterNetwork` with a desired
    /// access mask.
    open_cluster_network_ex: OpenClusterNetworkExFn = OpenClusterNetworkEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpsznetworkname: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HNETWORK;
    /// `CloseClusterNetwork`.
    close_cluster_network: CloseClusterNetworkFn = CloseClusterNetwork,
        unsafe extern "system" fn(hnetwork: HNETWORK) -> BOOL;
    /// `ClusterNetworkControl`: a `CLUSCTL_NETWORK_*` control code.
    cluster_network_control: ClusterNetworkControlFn = ClusterNetworkControl,
        unsafe extern "system" fn(hnetwork: HNETWORK, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `OpenClusterNetInterface`.
    open_cluster_net_interface: OpenClusterNetInterfaceFn = OpenClusterNetInterface,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszinterfacename: PCWSTR) -> HNETINTERFACE;
    /// `OpenClusterNetInterfaceEx`: like `OpenClusterNetInterface` with a
    /// desired access mask.
    open_cluster_net_interface_ex: OpenClusterNetInterfaceExFn = OpenClusterNetInterfaceEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszinterfacename: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HNETINTERFACE;
    /// `CloseClusterNetInterface`.
    close_cluster_net_interface: CloseClusterNetInterfaceFn = CloseClusterNetInterface,
        unsafe extern "system" fn(hnetinterface: HNETINTERFACE) -> BOOL;
    /// `ClusterNetInterfaceControl`: a `CLUSCTL_NETINTERFACE_*` control code.
    cluster_net_interface_control: ClusterNetInterfaceControlFn = ClusterNetInterfaceControl,
        unsafe extern "system" fn(hnetinterface: HNETINTERFACE, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `ClusterResourceTypeControl`: a `CLUSCTL_RESOURCE_TYPE_*` control
    /// code for a resource type named on a cluster handle.
    cluster_resource_type_control: ClusterResourceTypeControlFn = ClusterResourceTypeControl,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszresourcetypename: PCWSTR, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `CancelClusterGroupOperation` (Windows Server 2012+): cancels a
    /// group's pending move (or other operation).
    cancel_cluster_group_operation: CancelClusterGroupOperationFn = CancelClusterGroupOperation,
        unsafe extern "system" fn(hgroup: HGROUP, dwcancelflags_reserved: u32) -> u32;
    /// `CreateClusterNotifyPortV2` (Windows Server 2012+): a notification
    /// port for the filters given (`INVALID_HANDLE_VALUE` as `hchange` makes
    /// a new one).
    create_cluster_notify_port_v2: CreateClusterNotifyPortV2Fn = CreateClusterNotifyPortV2,
        unsafe extern "system" fn(hchange: HCHANGE, hcluster: HCLUSTER, filters: *const NOTIFY_FILTER_AND_TYPE, dwfiltercount: u32, dwnotifykey: usize) -> HCHANGE;
    /// `GetClusterNotifyV2`: the next notification, waiting up to
    /// `dwmilliseconds`.
    get_cluster_notify_v2: GetClusterNotifyV2Fn = GetClusterNotifyV2,
        unsafe extern "system" fn(hchange: HCHANGE, lpdwnotifykey: *mut usize, pfilterandtype: *mut NOTIFY_FILTER_AND_TYPE, buffer: *mut u8, lpbbuffersize: *mut u32, lpszobjectid: PWSTR, lpcchobjectid: *mut u32, lpszparentid: PWSTR, lpcchparentid: *mut u32, lpszname: PWSTR, lpcchname: *mut u32, lpsztype: PWSTR, lpcchtype: *mut u32, dwmilliseconds: u32) -> u32;
    /// `CloseClusterNotifyPort`.
    close_cluster_notify_port: CloseClusterNotifyPortFn = CloseClusterNotifyPort,
        unsafe extern "system" fn(hchange: HCHANGE) -> BOOL;
    /// `ClusterOpenEnumEx` (Windows Server 2016+): an enumeration of the
    /// cluster's objects of the `CLUSTER_ENUM` types in `dwtype`.
    cluster_open_enum_ex: ClusterOpenEnumExFn = ClusterOpenEnumEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, dwtype: u32, poptions: *const c_void) -> HCLUSENUMEX;
    /// `ClusterEnumEx`: one `CLUSTER_ENUM_ITEM` (type, id, name) by index.
    cluster_enum_ex: ClusterEnumExFn = ClusterEnumEx,
        unsafe extern "system" fn(hclusterenum: HCLUSENUMEX, dwindex: u32, pitem: *mut CLUSTER_ENUM_ITEM, cbitem: *mut u32) -> u32;
    /// `ClusterCloseEnumEx`.
    cluster_close_enum_ex: ClusterCloseEnumExFn = ClusterCloseEnumEx,
        unsafe extern "system" fn(hclusterenum: HCLUSENUMEX) -> u32;
    /// `ClusterGroupOpenEnumEx` (Windows Server 2016+): the cluster's groups
    /// with their state and owner node.
    cluster_group_open_enum_ex: ClusterGroupOpenEnumExFn = ClusterGroupOpenEnumEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszproperties: PCWSTR, cbproperties: u32, lpszroproperties: PCWSTR, cbroproperties: u32, dwflags: u32) -> HGROUPENUMEX;
    /// `ClusterGroupEnumEx`: one `CLUSTER_GROUP_ENUM_ITEM` by index.
    cluster_group_enum_ex: ClusterGroupEnumExFn = ClusterGroupEnumEx,
        unsafe extern "system" fn(hgroupenumex: HGROUPENUMEX, dwindex: u32, pitem: *mut CLUSTER_GROUP_ENUM_ITEM, cbitem: *mut u32) -> u32;
    /// `ClusterGroupCloseEnumEx`.
    cluster_group_close_enum_ex: ClusterGroupCloseEnumExFn = ClusterGroupCloseEnumEx,
        unsafe extern "system" fn(hgroupenumex: HGROUPENUMEX) -> u32;
    /// `ClusterOpenEnum`: the older enumeration (type and name only).
    cluster_open_enum: ClusterOpenEnumFn = ClusterOpenEnum,
        unsafe extern "system" fn(hcluster: HCLUSTER, dwtype: u32) -> HCLUSENUM;
    /// `ClusterEnum`: one entry's type and name by index.
    cluster_enum: ClusterEnumFn = ClusterEnum,
        unsafe extern "system" fn(henum: HCLUSENUM, dwindex: u32, lpdwtype: *mut u32, lpszname: PWSTR, lpcchname: *mut u32) -> u32;
    /// `ClusterCloseEnum`.
    cluster_close_enum: ClusterCloseEnumFn = ClusterCloseEnum,
        unsafe extern "system" fn(henum: HCLUSENUM) -> u32;
    /// `ClusterGroupOpenEnum`: the resources (or preferred nodes) of a group.
    cluster_group_open_enum: ClusterGroupOpenEnumFn = ClusterGroupOpenEnum,
        unsafe extern "system" fn(hgroup: HGROUP, dwtype: u32) -> HGROUPENUM;
    /// `ClusterGroupEnum`: one entry's type and name by index.
    cluster_group_enum: ClusterGroupEnumFn = ClusterGroupEnum,
        unsafe extern "system" fn(hgroupenum: HGROUPENUM, dwindex: u32, lpdwtype: *mut u32, lpszresourcename: PWSTR, lpcchname: *mut u32) -> u32;
    /// `ClusterGroupCloseEnum`.
    cluster_group_close_enum: ClusterGroupCloseEnumFn = ClusterGroupCloseEnum,
        unsafe extern "system" fn(hgroupenum: HGROUPENUM) -> u32;
}

/// Prototype of `GetLastError` (kernel32; exported by the simulator on
/// platforms without kernel32).
pub type GetLastErrorFn = unsafe extern "system" fn() -> u32;

impl fmt::Debug for Functions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Functions")
            .field("present", &self.present())
            .field("get_last_error", &self.get_last_error.is_some())
            .finish()
    }
}

fn symbol<T: Copy>(library: &libloading::Library, name: &'static str) -> Option<T> {
    // SAFETY: `T` is one of the `*Fn` aliases above, the exact prototype of
    // the clusapi function called `name`; any library handed to this crate
    // promises (see `ClusApi::load_path`) that an export of that name has that
    // prototype. The pointer is copied out of the `Symbol`, and stays valid
    // because the `Library` is kept alive in the same `ClusApi` as the table.
    unsafe { library.get::<T>(name.as_bytes()) }
        .ok()
        .map(|s| *s)
}

#[cfg(windows)]
fn last_error_function(_library: &libloading::Library) -> Option<GetLastErrorFn> {
    Some(windows_sys::Win32::Foundation::GetLastError)
}

#[cfg(not(windows))]
fn last_error_function(library: &libloading::Library) -> Option<GetLastErrorFn> {
    symbol::<GetLastErrorFn>(library, "GetLastError\0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClusApi, Cluster, Error, Unsupported};

    #[test]
    fn a_missing_entry_point_is_unsupported_not_a_crash() {
        // SAFETY: an empty table has no entry points to misbehave.
        let api = unsafe { ClusApi::from_table(Functions::EMPTY, "empty") };
        let err = Cluster::open_local(&api).unwrap_err();
        assert_eq!(
            err,
            Error::Unsupported(Unsupported::EntryPoint {
                name: "OpenCluster"
            })
        );
        let err = Cluster::open(&api, Some("c"), crate::Access::ALL).unwrap_err();
        assert_eq!(
            err.inner(),
            &Error::Unsupported(Unsupported::EntryPoint {
                name: "OpenClusterEx"
            })
        );
        assert_eq!(err.object(), Some((crate::ObjectType::Cluster, "c")));
        assert!(api.functions().present().is_empty());
        assert_eq!(Functions::NAMES.len(), 48);
        assert_eq!(Functions::NAMES[7], "OfflineClusterGroupEx");
    }
}
