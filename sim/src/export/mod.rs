//! The C-ABI side of the simulator, and the only module with `unsafe`.
//!
//! * The clusapi functions, exported by their Win32 names with the
//!   `windows-sys` prototypes (`#[unsafe(no_mangle)] extern "system"`), so the
//!   `cdylib` can stand in for `clusapi.dll`: one module per object
//!   (`exports_cluster`, `exports_group`, `exports_resource`, `exports_node`,
//!   `exports_network`) and per family of calls (`exports_control`,
//!   `exports_notify`, `exports_enum`); `args` reads their arguments and
//!   writes their results.
//! * `GetLastError` on platforms without kernel32 (a thread-local value);
//!   on Windows the simulator sets the real last error with kernel32's
//!   `SetLastError`, as clusapi does when an `Open*` call fails
//!   (`last_error`).
//! * `ClusSim*` control functions (C ABI, UTF-8) to configure and observe a
//!   simulator that was loaded as a shared library (`exports_sim`).
//! * [`clusapi`]: the same functions as an in-process
//!   [`clusprop_ffi::Functions`] table (`table`), and [`SimLibrary`]: the
//!   shared library loaded by path (`loader`).

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

mod args;
mod exports_cluster;
mod exports_control;
mod exports_enum;
mod exports_group;
mod exports_network;
mod exports_node;
mod exports_notify;
mod exports_resource;
mod exports_sim;
mod last_error;
mod loader;
mod table;

pub use exports_cluster::{CloseCluster, OpenCluster, OpenClusterEx};
pub use exports_control::{
    ClusterControl, ClusterGroupControl, ClusterNetInterfaceControl, ClusterNetworkControl,
    ClusterNodeControl, ClusterResourceControl, ClusterResourceTypeControl,
};
pub use exports_enum::{
    ClusterCloseEnum, ClusterCloseEnumEx, ClusterEnum, ClusterEnumEx, ClusterGroupCloseEnum,
    ClusterGroupCloseEnumEx, ClusterGroupEnum, ClusterGroupEnumEx, ClusterGroupOpenEnum,
    ClusterGroupOpenEnumEx, ClusterOpenEnum, ClusterOpenEnumEx,
};
pub use exports_group::{
    CancelClusterGroupOperation, CloseClusterGroup, GetClusterGroupState, MoveClusterGroupEx,
    OfflineClusterGroupEx, OnlineClusterGroupEx, OpenClusterGroup, OpenClusterGroupEx,
};
pub use exports_network::{
    CloseClusterNetInterface, CloseClusterNetwork, OpenClusterNetInterface,
    OpenClusterNetInterfaceEx, OpenClusterNetwork, OpenClusterNetworkEx,
};
pub use exports_node::{CloseClusterNode, OpenClusterNode, OpenClusterNodeEx};
pub use exports_notify::{CloseClusterNotifyPort, CreateClusterNotifyPortV2, GetClusterNotifyV2};
pub use exports_resource::{
    CloseClusterResource, GetClusterResourceState, OfflineClusterResourceEx,
    OnlineClusterResourceEx, OpenClusterResource, OpenClusterResourceEx,
};
pub use exports_sim::{
    ClusSimConfigure, ClusSimControlCalls, ClusSimEvents, ClusSimInvalidCloses, ClusSimOpenHandles,
    ClusSimRemove, ClusSimWaitIdle,
};
pub use loader::{EventsError, MAX_EVENT_CALLS, SimLibrary, built_library_path, library_file_name};
pub use table::clusapi;
