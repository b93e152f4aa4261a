//! A simulated Windows failover cluster that exports the clusapi functions
//! `clusprop-ffi` calls, so code that calls clusapi (this workspace's FFI
//! crate, or yours) is tested for real without Windows.
//!
//! # Quick start
//!
//! Register a cluster of your own (a unique name: tests run in parallel in
//! one process), hand its [`SimCluster::api`] table to code written against
//! [`clusprop_ffi::ClusApi`], then check what the cluster saw:
//!
//! ```
//! use std::time::Duration;
//!
//! use clusprop::offline::{OfflineInstructions, VmAction};
//! use clusprop_ffi::{Cluster, GroupState, OfflineFlags, WaitOptions};
//! use clusprop_sim::{Action, ClusterConfig, GroupConfig, ResourceConfig, SimCluster};
//!
//! let sim = SimCluster::new(
//!     &ClusterConfig::new("QuickStart").group(
//!         GroupConfig::new("Web")
//!             .resource(ResourceConfig::virtual_machine("WebVM"))
//!             .resource(ResourceConfig::new("Disk", "Physical Disk")),
//!     ),
//! )?;
//!
//! // The code under test: it sees only a `ClusApi`.
//! let api = sim.api();
//! let cluster = Cluster::open_named(&api, sim.name())?;
//! let group = cluster.open_group("Web")?;
//! let save = OfflineInstructions::new().virtual_machine(VmAction::Save);
//! group.offline_ex_and_wait(
//!     OfflineFlags::empty(),
//!     &save,
//!     &WaitOptions::with_timeout(Duration::from_secs(10)),
//! )?;
//! drop((group, cluster));
//!
//! // What the cluster saw.
//! assert_eq!(sim.group_state("Web"), Some(GroupState::Offline));
//! let actions: Vec<Action> = sim.events().into_iter().map(|e| e.action).collect();
//! assert_eq!(actions, [Action::WentOffline, Action::VmSaved]); // last resource first
//! assert_eq!(sim.open_handles(), 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`SimCluster::demo`] is the demo cluster the `clusprop` command uses; it
//! is *local* (what `OpenCluster(NULL)` opens) and there is one per process,
//! so tests that run in parallel use `ClusterConfig::demo().named(..)` or
//! clusters of their own. [`SimCluster::from_text`] reads the text format of
//! [`config`].
//!
//! Two ways in, one implementation:
//!
//! * **in-process**: [`clusapi()`] is a [`clusprop_ffi::ClusApi`] whose
//!   function pointers are this crate's exported functions;
//! * **as a shared library**: the `cdylib` exports `OpenCluster`,
//!   `OfflineClusterGroupEx`, … by their Win32 names; load it with
//!   [`clusprop_ffi::ClusApi::load_path`] (or [`SimLibrary`], which also
//!   reaches its `ClusSim*` control functions).
//!
//! # What it simulates (Microsoft's Win32 docs, MS-CMRP 3.1.4.2.130–131)
//!
//! Clusters hold nodes, groups, networks, network interfaces (each joining
//! a node to a network) and resource types; groups hold resources, each
//! with a type name and a state, optionally "locked" in its state; every
//! object has the four property stores of MS-CMRP 3.1.1.9
//! ([`PropertyStores`]). Enumerations (`ClusterOpenEnumEx`, ...) are
//! snapshots taken when opened; `CancelClusterGroupOperation` stops a
//! group's operation before its next step; notification ports
//! (`CreateClusterNotifyPortV2`) report group and resource state changes
//! in order.
//! `OfflineClusterGroupEx`, `OnlineClusterGroupEx`, `MoveClusterGroupEx`,
//! `OfflineClusterResourceEx` and `OnlineClusterResourceEx` share one
//! implementation (`ops.rs`), which checks, in order:
//!
//! 1. an unknown handle or one of the wrong kind: `ERROR_INVALID_HANDLE`;
//! 2. a handle without full access (opened with `GENERIC_READ`):
//!    `ERROR_ACCESS_DENIED`;
//! 3. flags the call does not define (§6.2 of the repository's
//!    docs/wire-format.md), the move flags
//!    `IGNORE_RESOURCE_STATUS` with `QUEUE_ENABLED` (MS-CMRP 3.1.4.2.131), a
//!    NULL buffer with a non-zero size, or a buffer that is not a valid
//!    property list for a client (parsed with `clusprop`,
//!    [`clusprop::DecodeOptions::client_input`]): `ERROR_INVALID_PARAMETER`;
//!    a destination node handle of another cluster: `ERROR_INVALID_HANDLE`;
//! 4. another operation still running on the group: `ERROR_INVALID_STATE`
//!    *(inferred)*;
//! 5. a locked resource (any, for a group call) and no ignore flag:
//!    `ERROR_CLUSTER_RESOURCE_LOCKED_STATUS`;
//!
//! each with no state change. Otherwise, if there is nothing to do,
//! `ERROR_SUCCESS`; else the resources go pending, the group reports
//! `ClusterGroupPending` *(inferred)*, the call returns `ERROR_IO_PENDING`,
//! and a background thread does the work one resource at a time, each after
//! its configured delay:
//!
//! * offline: last resource first. Each resource reads only the property
//!   named after its own type: a `"Virtual Machine"` resource saves its
//!   state, shuts down, shuts down by force or turns off as the DWORD says
//!   (without an instruction, as its `OfflineAction` private property says,
//!   default save); other values and other types' properties are ignored
//!   (recorded as [`Action::InstructionIgnored`]);
//! * online: first resource first, on the destination node if one is given
//!   and the group is entirely offline (else where it is);
//! * move (to the node given, or the next node; one node only:
//!   `ERROR_HOST_NODE_NOT_AVAILABLE`): a VM told `4`
//!   (`VmResdllContextLiveMigration`, under either VM type name) is
//!   live-migrated and stays online; every other online resource goes
//!   offline as told, the group changes owner, and they come online there.
//!   With `RETURN_TO_SOURCE_NODE_ON_ERROR`, a resource failing to come
//!   online sends the group back to its source node, where it comes online.
//!
//! A resource set to fail ends `Failed`, and so does the group. What each
//! resource did is recorded as an [`Event`] ("DemoVM (Virtual Machine): VM
//! saved its state").
//!
//! The control functions answer the `GET`, `SET` and `VALIDATE` property
//! codes of every object (`control.rs`, with the rules and cited error codes
//! in `props.rs`); replies honour the caller's buffer size
//! (`ERROR_MORE_DATA` and the size needed). The demo cluster's read-only
//! common properties are Windows' own bytes (vector W1) and its node
//! `NODE1`'s are vector W2.
//!
//! `OpenCluster*` and `OpenCluster<Object>*` set the thread's last error when
//! they fail (kernel32 `SetLastError` on Windows; elsewhere the library
//! exports its own `GetLastError`): `RPC_S_SERVER_UNAVAILABLE` for an unknown
//! cluster, `ERROR_GROUP_NOT_FOUND`, `ERROR_CLUSTER_NODE_NOT_FOUND`,
//! `ERROR_RESOURCE_NOT_FOUND`, `ERROR_CLUSTER_NETWORK_NOT_FOUND` or
//! `ERROR_CLUSTER_NETINTERFACE_NOT_FOUND` for an unknown name
//! (`ClusterResourceTypeControl` returns
//! `ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND` for an unknown type). Handles are counted per
//! cluster ([`SimCluster::open_handles`]); a handle closed twice is counted
//! too ([`SimCluster::invalid_closes`]).
//!
//! # Parallel tests
//!
//! Clusters live in a process-wide registry keyed by name, so each test
//! creates its own [`SimCluster`] with a unique name and opens it by that
//! name; handles are unique in the process and map to their cluster. At most
//! one cluster is "local" (what `OpenCluster(NULL)` opens).
//!
//! # Configuration
//!
//! With the API ([`ClusterConfig`], [`GroupConfig`], [`ResourceConfig`]) or
//! the small text format described in [`config`]; a shared library reads
//! `ClusSimConfigure` text, or on first use the file named by
//! `CLUSPROP_SIM_CONFIG`. [`SimCluster::demo`] is the built-in demo.

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

// The README's example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;

mod check;
pub mod config;
mod control;
mod export;
mod model;
mod names;
mod ops;
mod props;
mod shown;

use std::sync::Arc;
use std::time::Duration;

pub use clusprop_ffi::GroupState;
pub use config::{
    CallerAccess, ClusterConfig, ConfigError, DEMO_NETWORK, GroupConfig, NetInterfaceConfig,
    NetworkConfig, NodeConfig, PropertyStores, ResourceConfig, ResourceState,
};
pub use export::{
    CancelClusterGroupOperation, CloseCluster, CloseClusterGroup, CloseClusterNetInterface,
    CloseClusterNetwork, CloseClusterNode, CloseClusterNotifyPort, CloseClusterResource,
    ClusSimConfigure, ClusSimControlCalls, ClusSimEvents, ClusSimInvalidCloses, ClusSimOpenHandles,
    ClusSimRemove, ClusSimWaitIdle, ClusterCloseEnum, ClusterCloseEnumEx, ClusterControl,
    ClusterEnum, ClusterEnumEx, ClusterGroupCloseEnum, ClusterGroupCloseEnumEx,
    ClusterGroupControl, ClusterGroupEnum, ClusterGroupEnumEx, ClusterGroupOpenEnum,
    ClusterGroupOpenEnumEx, ClusterNetInterfaceControl, ClusterNetworkControl, ClusterNodeControl,
    ClusterOpenEnum, ClusterOpenEnumEx, ClusterResourceControl, ClusterResourceTypeControl,
    CreateClusterNotifyPortV2, EventsError, GetClusterGroupState, GetClusterNotifyV2,
    GetClusterResourceState, MAX_EVENT_CALLS, MoveClusterGroupEx, OfflineClusterGroupEx,
    OfflineClusterResourceEx, OnlineClusterGroupEx, OnlineClusterResourceEx, OpenCluster,
    OpenClusterEx, OpenClusterGroup, OpenClusterGroupEx, OpenClusterNetInterface,
    OpenClusterNetInterfaceEx, OpenClusterNetwork, OpenClusterNetworkEx, OpenClusterNode,
    OpenClusterNodeEx, OpenClusterResource, OpenClusterResourceEx, SimLibrary, built_library_path,
    clusapi, library_file_name,
};
pub use model::{Action, CONFIG_ENV, Event, MAX_CONFIG_BYTES};

/// A simulated cluster registered in this process; removed again on drop
/// (handles still open on it keep working, and its background operations
/// stop).
///
/// Names are unique in the process while their cluster lives (the crate's
/// quick start shows a whole test):
///
/// ```
/// use clusprop_sim::{ClusterConfig, SimCluster};
///
/// let sim = SimCluster::new(&ClusterConfig::demo().named("DocDemo"))?;
/// assert_eq!(sim.group_owner("DemoGroup").as_deref(), Some("NODE1"));
///
/// let again = SimCluster::new(&ClusterConfig::demo().named("DocDemo")).unwrap_err();
/// assert!(again.to_string().starts_with("a cluster named `DocDemo` exists in this process"));
/// drop(sim);
/// assert!(SimCluster::new(&ClusterConfig::demo().named("DocDemo")).is_ok());
/// # Ok::<(), clusprop_sim::ConfigError>(())
/// ```
#[derive(Debug)]
pub struct SimCluster {
    shared: Arc<model::ClusterShared>,
}

impl SimCluster {
    /// Registers a cluster. Fails if a live cluster has the same name
    /// (case-insensitive), if `config.local` and another local cluster
    /// exists, or if the configuration is inconsistent (a name empty,
    /// holding NUL or given twice, an owner or an interface's node or
    /// network not declared).
    pub fn new(config: &ClusterConfig) -> Result<Self, ConfigError> {
        Ok(Self {
            shared: model::register(config)?,
        })
    }

    /// Registers a cluster read from the text format ([`config`]).
    pub fn from_text(text: &str) -> Result<Self, ConfigError> {
        Self::new(&ClusterConfig::parse(text)?)
    }

    /// The built-in demo ([`ClusterConfig::demo`]): local cluster
    /// `DemoCluster` on nodes `NODE1` and `NODE2`, group `DemoGroup` with a
    /// `"Virtual Machine"` and a `"Physical Disk"` resource, both online.
    ///
    /// One at a time in a process: a second `demo()` while the first lives
    /// is an error (the name is taken). Tests, which run in parallel, each
    /// register the demo under a name of their own and open it by name:
    ///
    /// ```
    /// use clusprop_ffi::Cluster;
    /// use clusprop_sim::{ClusterConfig, SimCluster};
    ///
    /// let sim = SimCluster::new(&ClusterConfig::demo().named("DocDemoTest"))?;
    /// let api = sim.api();
    /// let cluster = Cluster::open_named(&api, sim.name())?; // not open_local: it is not local
    /// let group = cluster.open_group("DemoGroup")?;
    /// # drop(group);
    /// # drop(cluster);
    /// # assert_eq!(sim.open_handles(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn demo() -> Result<Self, ConfigError> {
        Self::new(&ClusterConfig::demo())
    }

    /// Its name, for `OpenCluster`.
    pub fn name(&self) -> &str {
        self.shared.name()
    }

    /// The in-process clusapi table ([`clusapi()`]).
    pub fn api(&self) -> clusprop_ffi::ClusApi {
        clusapi()
    }

    /// Handles (cluster and group) open on this cluster now.
    pub fn open_handles(&self) -> usize {
        self.shared.open_handles()
    }

    /// How often a handle of this cluster was closed when it was not open.
    pub fn invalid_closes(&self) -> usize {
        self.shared.invalid_closes()
    }

    /// What the resources did so far, in order.
    pub fn events(&self) -> Vec<Event> {
        self.shared.events()
    }

    /// How many control calls (`Cluster*Control`) reached this cluster.
    pub fn control_calls(&self) -> usize {
        self.shared.control_calls()
    }

    /// The node that owns a group now.
    pub fn group_owner(&self, group: &str) -> Option<String> {
        self.shared.group_owner(group)
    }

    /// A group's state as `GetClusterGroupState` would report it.
    pub fn group_state(&self, group: &str) -> Option<GroupState> {
        self.shared.group_state(group)
    }

    /// A resource's state.
    pub fn resource_state(&self, resource: &str) -> Option<ResourceState> {
        self.shared.resource_state(resource)
    }

    /// Locks or unlocks a resource in its state; `false` if there is no such
    /// resource.
    pub fn set_locked(&self, resource: &str, locked: bool) -> bool {
        self.shared.set_locked(resource, locked)
    }

    /// Waits until no offline/online runs in the cluster (`false` on
    /// timeout).
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        self.shared.wait_idle(timeout)
    }
}

impl Drop for SimCluster {
    fn drop(&mut self) {
        model::unregister_shared(&self.shared);
    }
}
