//! The object model: clusters, nodes, groups and resources, the handle
//! table, opening, closing and state queries. Safe code only; the C-ABI side
//! is in `export/`, the offline/online/move operations in `ops.rs` and the
//! control codes in `control.rs`.
//!
//! Every call returns `Result<_, u32>` with a Win32 code as the error, which
//! the exported functions hand back as clusapi does (return value or last
//! error).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use clusprop::OwnedValue;
use clusprop::offline::VIRTUAL_MACHINE;
use clusprop_ffi::{GroupState, PropertyKind};
use windows_sys::Win32::Foundation as w;

use crate::check::check;
use crate::config::{
    CallerAccess, ClusterConfig, ConfigError, DEFAULT_NODE, PropertyStores, ResourceState,
};

/// `RPC_S_SERVER_UNAVAILABLE`: what opening an unknown cluster name gives.
pub(crate) const RPC_S_SERVER_UNAVAILABLE: u32 =
    windows_sys::Win32::System::Rpc::RPC_S_SERVER_UNAVAILABLE as u32;

/// What a resource did, as the simulator records it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// A VM saved its state and went offline.
    VmSaved,
    /// A VM's guest shut down and the VM went offline.
    VmShutDown,
    /// A VM's guest was shut down by force and the VM went offline.
    VmShutDownForced,
    /// A VM was turned off.
    VmTurnedOff,
    /// Any other resource went offline.
    WentOffline,
    /// The resource failed while going offline.
    FailedGoingOffline,
    /// The resource came online.
    CameOnline,
    /// The resource failed while coming online.
    FailedComingOnline,
    /// The buffer had a property named after the resource's type that the
    /// resource could not use; it went on as if there were none.
    InstructionIgnored {
        /// Why.
        reason: String,
    },
    /// The operation was cancelled (`CancelClusterGroupOperation`) before
    /// this resource's step ran or while it ran: the resource is back in the
    /// state it had before the operation.
    Cancelled,
    /// A VM was live-migrated to another node (it stayed running).
    VmLiveMigrated {
        /// The node it runs on now.
        node: String,
    },
    /// The resource moved with its group.
    Moved {
        /// The node it left.
        from: String,
        /// The node it is on now.
        to: String,
    },
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::VmSaved => f.write_str("VM saved its state"),
            Self::VmShutDown => f.write_str("VM shut down"),
            Self::VmShutDownForced => f.write_str("VM was shut down by force"),
            Self::VmTurnedOff => f.write_str("VM was turned off"),
            Self::WentOffline => f.write_str("went offline"),
            Self::FailedGoingOffline => f.write_str("failed while going offline"),
            Self::CameOnline => f.write_str("came online"),
            Self::FailedComingOnline => f.write_str("failed while coming online"),
            Self::InstructionIgnored { reason } => write!(f, "ignored its instruction: {reason}"),
            Self::VmLiveMigrated { node } => write!(f, "VM was live-migrated to {node}"),
            Self::Moved { from, to } => write!(f, "moved from {from} to {to}"),
            Self::Cancelled => f.write_str("was left as it was: the operation was cancelled"),
        }
    }
}

/// One thing a resource did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The group.
    pub group: String,
    /// The resource.
    pub resource: String,
    /// The resource's type.
    pub resource_type: String,
    /// What it did.
    pub action: Action,
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.resource, self.resource_type, self.action
        )
    }
}

#[derive(Debug)]
pub(crate) struct Resource {
    pub(crate) config: crate::config::ResourceConfig,
    pub(crate) state: ResourceState,
    pub(crate) props: PropertyStores,
}

#[derive(Debug)]
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) resources: Vec<Resource>,
    pub(crate) state_query_error: Option<u32>,
    /// An offline, online or move is running in the background.
    pub(crate) busy: bool,
    /// `CancelClusterGroupOperation` asked the running operation to stop.
    pub(crate) cancel: bool,
    /// Index of the node that owns it.
    pub(crate) owner: usize,
    pub(crate) props: PropertyStores,
}

impl Group {
    pub(crate) fn state(&self) -> GroupState {
        if self.busy {
            return GroupState::Pending;
        }
        let count = |s: ResourceState| self.resources.iter().filter(|r| r.state == s).count();
        let (online, failed) = (count(ResourceState::Online), count(ResourceState::Failed));
        if failed > 0 {
            GroupState::Failed
        } else if online == 0 {
            GroupState::Offline
        } else if online == self.resources.len() {
            GroupState::Online
        } else {
            GroupState::PartialOnline
        }
    }
}

#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) name: String,
    pub(crate) props: PropertyStores,
}

/// A network, a network interface or a resource type: a name and property
/// stores.
#[derive(Debug)]
pub(crate) struct NetObject {
    pub(crate) name: String,
    pub(crate) props: PropertyStores,
}

/// A resource type's stores: the common `Description` (empty) and the
/// read-only common `Name`.
fn resource_type_properties(name: &str) -> PropertyStores {
    let mut stores = with_read_only_names(PropertyStores::default(), &[("Name", name)]);
    if let Ok(empty) = OwnedValue::sz("") {
        stores.set(PropertyKind::Common, "Description", empty);
    }
    stores
}

/// `stores` with the read-only common string properties in `names` added
/// where not configured.
fn with_read_only_names(mut stores: PropertyStores, names: &[(&str, &str)]) -> PropertyStores {
    for (name, value) in names {
        if stores.read_only_common.find(name).is_none()
            && let Ok(value) = OwnedValue::sz(value)
        {
            stores.set(PropertyKind::ReadOnlyCommon, name, value);
        }
    }
    stores
}

#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) groups: Vec<Group>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) networks: Vec<NetObject>,
    pub(crate) net_interfaces: Vec<NetObject>,
    /// The resource types: those the resources use, in order of first use,
    /// then the declared ones not among them.
    pub(crate) resource_types: Vec<NetObject>,
    /// The cluster's own properties.
    pub(crate) props: PropertyStores,
    pub(crate) events: Vec<Event>,
    /// The open notification ports, by handle.
    pub(crate) ports: HashMap<isize, Port>,
    pub(crate) open_handles: usize,
    pub(crate) invalid_closes: usize,
    pub(crate) control_calls: usize,
    pub(crate) shutdown: bool,
}

impl State {
    pub(crate) fn node_name(&self, index: usize) -> String {
        self.nodes
            .get(index)
            .map_or_else(String::new, |n| n.name.clone())
    }
}

/// What a resource's stores hold besides its configuration: `Type` (read-only
/// common) and, for a VM, `OfflineAction` (private), unless configured.
fn resource_properties(config: &crate::config::ResourceConfig) -> PropertyStores {
    let mut props = config.properties.clone();
    if props.read_only_common.find("Type").is_none()
        && let Ok(ty) = OwnedValue::sz(&config.resource_type)
    {
        props.set(PropertyKind::ReadOnlyCommon, "Type", ty);
    }
    let is_vm = config.resource_type.eq_ignore_ascii_case(VIRTUAL_MACHINE);
    if is_vm && props.private.find(OFFLINE_ACTION).is_none() {
        props.set(
            PropertyKind::Private,
            OFFLINE_ACTION,
            OwnedValue::dword(config.offline_action.value()),
        );
    }
    props
}

/// The VM resource's private property that says how it goes offline when
/// the buffer has no instruction for it.
pub(crate) const OFFLINE_ACTION: &str = "OfflineAction";

/// The property stores every object was configured with: what a "reset to
/// default" (a zero-length value in a SET) puts back. Never changes.
#[derive(Debug, Default)]
pub(crate) struct Defaults {
    cluster: PropertyStores,
    nodes: Vec<PropertyStores>,
    /// Per group: its stores and its resources' stores.
    groups: Vec<(PropertyStores, Vec<PropertyStores>)>,
    networks: Vec<PropertyStores>,
    net_interfaces: Vec<PropertyStores>,
    resource_types: Vec<PropertyStores>,
}

impl Defaults {
    fn of(state: &State) -> Self {
        Self {
            cluster: state.props.clone(),
            nodes: state.nodes.iter().map(|n| n.props.clone()).collect(),
            groups: state
                .groups
                .iter()
                .map(|g| {
                    let resources = g.resources.iter().map(|r| r.props.clone()).collect();
                    (g.props.clone(), resources)
                })
                .collect(),
            networks: state.networks.iter().map(|n| n.props.clone()).collect(),
            net_interfaces: state
                .net_interfaces
                .iter()
                .map(|n| n.props.clone())
                .collect(),
            resource_types: state
                .resource_types
                .iter()
                .map(|n| n.props.clone())
                .collect(),
        }
    }

    /// The configured stores of `object`.
    pub(crate) fn get(&self, object: Object) -> Option<&PropertyStores> {
        match object {
            Object::Cluster => Some(&self.cluster),
            Object::Node(n) => self.nodes.get(n),
            Object::Group(g) => self.groups.get(g).map(|(stores, _)| stores),
            Object::Resource(g, r) => self.groups.get(g)?.1.get(r),
            Object::Network(i) => self.networks.get(i),
            Object::NetInterface(i) => self.net_interfaces.get(i),
            Object::ResourceType(i) => self.resource_types.get(i),
            Object::Enum(_) | Object::Port => None,
        }
    }
}

/// One simulated cluster, shared by its owner, its handles and its
/// background operations.
#[derive(Debug)]
pub(crate) struct ClusterShared {
    name: String,
    local: bool,
    caller_access: CallerAccess,
    state: Mutex<State>,
    pub(crate) defaults: Defaults,
    pub(crate) wake: Condvar,
}

impl ClusterShared {
    fn new(config: &ClusterConfig) -> Result<Self, ConfigError> {
        check(config).map_err(|e| ConfigError::new(0, e.message))?;
        // Checked: names are unique and every owner names a node. Owners
        // are found through a hash map of node keys.
        let mut nodes: Vec<Node> = config
            .nodes
            .iter()
            .map(|n| Node {
                name: n.name.clone(),
                props: n.properties.clone(),
            })
            .collect();
        if nodes.is_empty() {
            nodes.push(Node {
                name: DEFAULT_NODE.to_owned(),
                props: PropertyStores::default(),
            });
        }
        let node_index: HashMap<String, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (crate::names::object_key(&n.name), i))
            .collect();
        let groups: Vec<Group> = config
            .groups
            .iter()
            .map(|g| Group {
                name: g.name.clone(),
                resources: g
                    .resources
                    .iter()
                    .map(|r| Resource {
                        config: r.clone(),
                        state: r.state,
                        props: resource_properties(r),
                    })
                    .collect(),
                state_query_error: g.state_query_error,
                busy: false,
                cancel: false,
                owner: g
                    .owner
                    .as_deref()
                    .and_then(|name| node_index.get(&crate::names::object_key(name)).copied())
                    .unwrap_or(0),
                props: g.properties.clone(),
            })
            .collect();
        let networks: Vec<NetObject> = config
            .networks
            .iter()
            .map(|n| NetObject {
                name: n.name.clone(),
                props: with_read_only_names(n.properties.clone(), &[("Name", &n.name)]),
            })
            .collect();
        let net_interfaces: Vec<NetObject> = config
            .net_interfaces
            .iter()
            .map(|n| {
                let names = [
                    ("Name", n.name.as_str()),
                    ("Node", &n.node),
                    ("Network", &n.network),
                ];
                NetObject {
                    name: n.name.clone(),
                    props: with_read_only_names(n.properties.clone(), &names),
                }
            })
            .collect();
        let mut resource_types: Vec<NetObject> = Vec::new();
        let mut type_keys: HashSet<String> = HashSet::new();
        let used = groups
            .iter()
            .flat_map(|g| g.resources.iter().map(|r| &r.config.resource_type));
        for name in used.chain(config.resource_types.iter()) {
            if type_keys.insert(crate::names::object_key(name)) {
                resource_types.push(NetObject {
                    name: name.clone(),
                    props: resource_type_properties(name),
                });
            }
        }
        let state = State {
            groups,
            nodes,
            networks,
            net_interfaces,
            resource_types,
            props: config.properties.clone(),
            ..State::default()
        };
        Ok(Self {
            name: config.name.clone(),
            local: config.local,
            caller_access: config.caller_access,
            defaults: Defaults::of(&state),
            state: Mutex::new(state),
            wake: Condvar::new(),
        })
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic in a test thread must not wedge every other test.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn open_handles(&self) -> usize {
        self.lock().open_handles
    }

    pub(crate) fn invalid_closes(&self) -> usize {
        self.lock().invalid_closes
    }

    pub(crate) fn events(&self) -> Vec<Event> {
        self.lock().events.clone()
    }

    pub(crate) fn control_calls(&self) -> usize {
        self.lock().control_calls
    }

    pub(crate) fn group_owner(&self, group: &str) -> Option<String> {
        let state = self.lock();
        state
            .groups
            .iter()
            .find(|g| g.name.eq_ignore_ascii_case(group))
            .map(|g| state.node_name(g.owner))
    }

    pub(crate) fn group_state(&self, group: &str) -> Option<GroupState> {
        let state = self.lock();
        state
            .groups
            .iter()
            .find(|g| g.name.eq_ignore_ascii_case(group))
            .map(Group::state)
    }

    pub(crate) fn resource_state(&self, resource: &str) -> Option<ResourceState> {
        let state = self.lock();
        state
            .groups
            .iter()
            .flat_map(|g| &g.resources)
            .find(|r| r.config.name.eq_ignore_ascii_case(resource))
            .map(|r| r.state)
    }

    pub(crate) fn set_locked(&self, resource: &str, locked: bool) -> bool {
        let mut state = self.lock();
        let found = state
            .groups
            .iter_mut()
            .flat_map(|g| &mut g.resources)
            .find(|r| r.config.name.eq_ignore_ascii_case(resource));
        match found {
            Some(r) => {
                r.config.locked = locked;
                true
            }
            None => false,
        }
    }

    /// Stops background operations (they leave resources where they are).
    pub(crate) fn shut_down(&self) {
        self.lock().shutdown = true;
        self.wake.notify_all();
    }

    /// Waits until no operation is running, or `timeout`.
    pub(crate) fn wait_idle(&self, timeout: Duration) -> bool {
        self.wait_for(Some(timeout), |state| {
            (!state.groups.iter().any(|g| g.busy)).then_some(())
        })
        .is_some()
    }

    /// Waits with the state locked, woken by `wake`, until `answer` gives a
    /// result or `limit` (`None`: no limit) has passed, then `None`. A limit
    /// beyond what the clock can represent (`Duration::MAX`) is no limit.
    pub(crate) fn wait_for<R>(
        &self,
        limit: Option<Duration>,
        mut answer: impl FnMut(&mut State) -> Option<R>,
    ) -> Option<R> {
        let deadline = limit.and_then(|limit| Instant::now().checked_add(limit));
        let mut state = self.lock();
        loop {
            if let Some(result) = answer(&mut state) {
                return Some(result);
            }
            let wait = match deadline {
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        return None;
                    }
                    deadline - now
                }
                // No limit: hour-long slices, each ended early by a change.
                None => Duration::from_secs(3600),
            };
            state = self
                .wake
                .wait_timeout(state, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// How a pause before an operation's step ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pause {
    /// The delay passed: run the step.
    Elapsed,
    /// The simulator is shutting down: leave everything where it is.
    ShutDown,
    /// The group's operation was cancelled.
    Cancelled,
}

impl ClusterShared {
    /// Waits `delay` before a step of `group`'s operation; ends at once when
    /// the simulator shuts down or the operation is cancelled.
    pub(crate) fn pause_step(&self, group: usize, delay: Duration) -> Pause {
        self.wait_for(Some(delay), |state| {
            if state.shutdown {
                Some(Pause::ShutDown)
            } else if state.groups.get(group).is_some_and(|g| g.cancel) {
                Some(Pause::Cancelled)
            } else {
                None
            }
        })
        .unwrap_or(Pause::Elapsed)
    }
}

/// `CancelClusterGroupOperation`. The Win32 reference
/// (<https://learn.microsoft.com/windows/win32/api/clusapi/nf-clusapi-cancelclustergroupoperation>)
/// says: `ERROR_SUCCESS` when the operation was cancelled, `ERROR_IO_PENDING`
/// while the cancellation is in progress, another code when it could not be
/// issued; the reserved flags must be zero. The simulator answers
/// `ERROR_IO_PENDING` for a running operation (it stops before its next
/// step, see `ops::run`), and, inferred: `ERROR_INVALID_PARAMETER` for
/// non-zero flags, `ERROR_ACCESS_DENIED` for a read-only handle, and
/// `ERROR_INVALID_STATE` when nothing is running.
pub(crate) fn cancel_group(raw: isize, flags: u32) -> Result<u32, u32> {
    let (cluster, object, full) = resolve(raw, HandleKind::Group)?;
    let Object::Group(index) = object else {
        return Err(w::ERROR_INVALID_HANDLE);
    };
    if flags != 0 {
        return Err(w::ERROR_INVALID_PARAMETER);
    }
    if !full {
        return Err(w::ERROR_ACCESS_DENIED);
    }
    let mut state = cluster.lock();
    let group = state
        .groups
        .get_mut(index)
        .ok_or(w::ERROR_GROUP_NOT_AVAILABLE)?;
    if !group.busy {
        return Err(w::ERROR_INVALID_STATE);
    }
    group.cancel = true;
    drop(state);
    cluster.wake.notify_all();
    Ok(w::ERROR_IO_PENDING)
}

/// What a handle refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Object {
    Cluster,
    Group(usize),
    /// Group index, resource index.
    Resource(usize, usize),
    Node(usize),
    Network(usize),
    NetInterface(usize),
    /// A resource type (no handle of its own: named on a cluster handle).
    ResourceType(usize),
    /// A notification port (its queue is in the cluster's state).
    Port,
    /// An enumeration of the kind given (its entries are in the registry).
    Enum(HandleKind),
}

/// The kinds of handle, for the close functions and the checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HandleKind {
    Cluster,
    Group,
    Resource,
    Node,
    Network,
    NetInterface,
    /// `CreateClusterNotifyPortV2`.
    NotifyPort,
    /// Not a handle: the object kind of `ClusterResourceTypeControl` codes.
    ResourceType,
    /// `ClusterOpenEnum`.
    ClusterEnum,
    /// `ClusterOpenEnumEx`.
    ClusterEnumEx,
    /// `ClusterGroupOpenEnum`.
    GroupEnum,
    /// `ClusterGroupOpenEnumEx`.
    GroupEnumEx,
}

impl Object {
    pub(crate) fn kind(self) -> HandleKind {
        match self {
            Self::Cluster => HandleKind::Cluster,
            Self::Group(_) => HandleKind::Group,
            Self::Resource(..) => HandleKind::Resource,
            Self::Node(_) => HandleKind::Node,
            Self::Network(_) => HandleKind::Network,
            Self::NetInterface(_) => HandleKind::NetInterface,
            Self::ResourceType(_) => HandleKind::ResourceType,
            Self::Port => HandleKind::NotifyPort,
            Self::Enum(kind) => kind,
        }
    }
}

#[derive(Debug)]
struct Handle {
    cluster: Arc<ClusterShared>,
    object: Object,
    full_access: bool,
}

/// What a live handle refers to: its cluster, the object and whether it has
/// full access.
pub(crate) type Resolved = (Arc<ClusterShared>, Object, bool);

#[derive(Default)]
struct Registry {
    clusters: HashMap<String, Arc<ClusterShared>>,
    handles: HashMap<isize, Handle>,
    /// Closed handles, to count a second close against their cluster.
    closed: HashMap<isize, Weak<ClusterShared>>,
    /// The entries of each open enumeration, taken when it was opened.
    enums: HashMap<isize, Vec<EnumItem>>,
    next_handle: isize,
    env_loaded: bool,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(|| Mutex::new(Registry::default()));

fn registry() -> MutexGuard<'static, Registry> {
    let mut reg = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    if !reg.env_loaded {
        reg.env_loaded = true;
        load_env_config(&mut reg);
    }
    reg
}

/// The environment variable naming a configuration file loaded on first use
/// (for a program that loads the simulator as its clusapi, e.g. under Wine).
pub const CONFIG_ENV: &str = "CLUSPROP_SIM_CONFIG";

/// The most [`CONFIG_ENV`]'s file may hold: 256 MiB (the `clusprop`
/// command's default input cap), so an endless file (`/dev/zero`) is refused
/// instead of filling memory.
pub const MAX_CONFIG_BYTES: u64 = 256 << 20;

/// Reads a configuration file of at most [`MAX_CONFIG_BYTES`].
fn read_config(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(format!(
            "larger than the cap of {MAX_CONFIG_BYTES} bytes for a configuration"
        ));
    }
    String::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))
}

/// Loads the clusters of the file [`CONFIG_ENV`] names, if it names one (an
/// empty value is unset, as a shell's `VAR=` means). The simulator has no
/// caller to return an error to, so a file that cannot be loaded, or a
/// cluster of it that cannot be registered, is a warning on stderr that
/// names the variable and says what was left out; the process goes on
/// without it.
fn load_env_config(reg: &mut Registry) {
    let Some(path) = std::env::var_os(CONFIG_ENV).filter(|p| !p.is_empty()) else {
        return;
    };
    let shown = path.to_string_lossy();
    let loaded = read_config(Path::new(&path))
        .and_then(|text| ClusterConfig::parse_all(&text).map_err(|e| e.to_string()));
    match loaded {
        Ok(configs) => {
            for config in configs {
                if let Err(e) = register_locked(reg, &config) {
                    warn(format_args!(
                        "{CONFIG_ENV} names {shown}: {e}; its cluster {} is not loaded",
                        crate::shown::Shown(&config.name)
                    ));
                }
            }
        }
        Err(e) => warn(format_args!(
            "{CONFIG_ENV} names {shown}: {e}; none of its clusters is loaded"
        )),
    }
}

/// The registry's key of a cluster name: names compare case-insensitively.
pub(crate) fn cluster_key(name: &str) -> String {
    name.to_lowercase()
}

fn register_locked(
    reg: &mut Registry,
    config: &ClusterConfig,
) -> Result<Arc<ClusterShared>, ConfigError> {
    if reg.clusters.contains_key(&cluster_key(&config.name)) {
        return Err(ConfigError::new(
            0,
            format!(
                "a cluster named {} exists in this process (clusters live until their \
                 SimCluster is dropped; parallel tests need one name each: \
                 `ClusterConfig::demo().named(..)`)",
                crate::shown::Shown(&config.name)
            ),
        ));
    }
    if config.local && reg.clusters.values().any(|c| c.local) {
        return Err(ConfigError::new(
            0,
            "another local cluster exists in this process (at most one is local, the one \
             `OpenCluster(NULL)` opens; open the others by name)"
                .to_owned(),
        ));
    }
    let shared = Arc::new(ClusterShared::new(config)?);
    reg.clusters
        .insert(cluster_key(&config.name), Arc::clone(&shared));
    Ok(shared)
}

/// Adds a cluster to the process-wide registry.
pub(crate) fn register(config: &ClusterConfig) -> Result<Arc<ClusterShared>, ConfigError> {
    register_locked(&mut registry(), config)
}

/// Removes a cluster by name (its open handles stay usable) and stops its
/// background operations.
pub(crate) fn unregister(name: &str) -> bool {
    let removed = registry().clusters.remove(&cluster_key(name));
    match removed {
        Some(shared) => {
            shared.shut_down();
            true
        }
        None => false,
    }
}

/// Removes `shared` from the registry if it is still registered, and stops
/// its background operations.
pub(crate) fn unregister_shared(shared: &Arc<ClusterShared>) {
    let mut reg = registry();
    let k = cluster_key(&shared.name);
    if reg.clusters.get(&k).is_some_and(|c| Arc::ptr_eq(c, shared)) {
        reg.clusters.remove(&k);
    }
    // The record of closed handles exists to count second closes against a
    // cluster that can still be asked; once its owner drops it, nobody can,
    // and keeping the records would grow the registry with every cluster a
    // long-running process (a fuzzer) creates.
    reg.closed
        .retain(|_, c| c.strong_count() > 0 && !std::ptr::eq(c.as_ptr(), Arc::as_ptr(shared)));
    drop(reg);
    shared.shut_down();
}

pub(crate) fn find_cluster(name: &str) -> Option<Arc<ClusterShared>> {
    registry().clusters.get(&cluster_key(name)).cloned()
}

fn new_handle(
    reg: &mut Registry,
    cluster: &Arc<ClusterShared>,
    object: Object,
    full_access: bool,
) -> isize {
    // Pointer-like, never reused, never 0.
    reg.next_handle += 0x10;
    let raw = 0x1000 + reg.next_handle;
    cluster.lock().open_handles += 1;
    reg.handles.insert(
        raw,
        Handle {
            cluster: Arc::clone(cluster),
            object,
            full_access,
        },
    );
    raw
}

/// Decides the access granted for a desired mask. As MS-CMRP describes
/// `ApiOpenClusterEx`/`ApiOpenGroupEx`: the granted access is read or all;
/// `GENERIC_WRITE`/`GENERIC_EXECUTE` count as all; more than the caller may
/// have is `ERROR_ACCESS_DENIED`; `MAXIMUM_ALLOWED` grants what it may.
fn grant(cluster: &ClusterShared, desired: Option<u32>) -> Result<bool, u32> {
    use windows_sys::Win32::System::SystemServices::MAXIMUM_ALLOWED;
    let may_change = cluster.caller_access == CallerAccess::All;
    let Some(desired) = desired else {
        // Plain Open*: the most the caller may have.
        return Ok(may_change);
    };
    const CHANGE: u32 = w::GENERIC_ALL | w::GENERIC_WRITE | w::GENERIC_EXECUTE;
    if desired & !(CHANGE | w::GENERIC_READ | MAXIMUM_ALLOWED) != 0 || desired == 0 {
        return Err(w::ERROR_INVALID_PARAMETER);
    }
    if desired & MAXIMUM_ALLOWED != 0 {
        return Ok(may_change);
    }
    let wants_change = desired & CHANGE != 0;
    if wants_change && !may_change {
        return Err(w::ERROR_ACCESS_DENIED);
    }
    Ok(wants_change)
}

fn granted_mask(full: bool) -> u32 {
    if full {
        w::GENERIC_ALL
    } else {
        w::GENERIC_READ
    }
}

/// `OpenCluster` / `OpenClusterEx`: the handle and the granted mask.
pub(crate) fn open_cluster(name: Option<&str>, desired: Option<u32>) -> Result<(isize, u32), u32> {
    let mut reg = registry();
    let cluster = match name {
        None | Some("") => reg.clusters.values().find(|c| c.local).cloned(),
        Some(name) => reg.clusters.get(&cluster_key(name)).cloned(),
    }
    .ok_or(RPC_S_SERVER_UNAVAILABLE)?;
    let full = grant(&cluster, desired)?;
    Ok((
        new_handle(&mut reg, &cluster, Object::Cluster, full),
        granted_mask(full),
    ))
}

/// `OpenCluster<Object>` / `OpenCluster<Object>Ex` for a group, node or
/// resource name: the not-found code is the one Windows gives for that kind
/// (`ERROR_GROUP_NOT_FOUND`, `ERROR_CLUSTER_NODE_NOT_FOUND`,
/// `ERROR_RESOURCE_NOT_FOUND`).
pub(crate) fn open_object(
    cluster: isize,
    kind: HandleKind,
    name: &str,
    desired: Option<u32>,
) -> Result<(isize, u32), u32> {
    let mut reg = registry();
    let handle = reg.handles.get(&cluster).ok_or(w::ERROR_INVALID_HANDLE)?;
    if handle.object != Object::Cluster {
        return Err(w::ERROR_INVALID_HANDLE);
    }
    let shared = Arc::clone(&handle.cluster);
    let object = {
        let state = shared.lock();
        let same = |n: &str| n.eq_ignore_ascii_case(name);
        match kind {
            HandleKind::Group => state
                .groups
                .iter()
                .position(|g| same(&g.name))
                .map(Object::Group)
                .ok_or(w::ERROR_GROUP_NOT_FOUND)?,
            HandleKind::Node => state
                .nodes
                .iter()
                .position(|n| same(&n.name))
                .map(Object::Node)
                .ok_or(w::ERROR_CLUSTER_NODE_NOT_FOUND)?,
            HandleKind::Resource => state
                .groups
                .iter()
                .enumerate()
                .find_map(|(gi, g)| {
                    g.resources
                        .iter()
                        .position(|r| same(&r.config.name))
                        .map(|ri| Object::Resource(gi, ri))
                })
                .ok_or(w::ERROR_RESOURCE_NOT_FOUND)?,
            HandleKind::Network => state
                .networks
                .iter()
                .position(|n| same(&n.name))
                .map(Object::Network)
                .ok_or(w::ERROR_CLUSTER_NETWORK_NOT_FOUND)?,
            HandleKind::NetInterface => state
                .net_interfaces
                .iter()
                .position(|n| same(&n.name))
                .map(Object::NetInterface)
                .ok_or(w::ERROR_CLUSTER_NETINTERFACE_NOT_FOUND)?,
            _ => return Err(w::ERROR_INVALID_PARAMETER),
        }
    };
    let full = grant(&shared, desired)?;
    Ok((
        new_handle(&mut reg, &shared, object, full),
        granted_mask(full),
    ))
}

/// `CloseCluster` / `CloseCluster<Object>`: `Err(ERROR_INVALID_HANDLE)` for
/// an unknown, already closed, or wrong-kind handle.
pub(crate) fn close(raw: isize, kind: HandleKind) -> Result<(), u32> {
    let mut reg = registry();
    let kind_ok = reg.handles.get(&raw).map(|h| h.object.kind() == kind);
    match kind_ok {
        Some(true) => {
            reg.enums.remove(&raw);
            if let Some(handle) = reg.handles.remove(&raw) {
                let mut state = handle.cluster.lock();
                state.open_handles = state.open_handles.saturating_sub(1);
                // A port closed while a `GetClusterNotifyV2` waits on it:
                // the wait ends with `ERROR_INVALID_HANDLE`.
                let port = state.ports.remove(&raw).is_some();
                drop(state);
                if port {
                    handle.cluster.wake.notify_all();
                }
                reg.closed.insert(raw, Arc::downgrade(&handle.cluster));
            }
            Ok(())
        }
        Some(false) => Err(w::ERROR_INVALID_HANDLE),
        None => {
            if let Some(cluster) = reg.closed.get(&raw).and_then(Weak::upgrade) {
                cluster.lock().invalid_closes += 1;
            }
            Err(w::ERROR_INVALID_HANDLE)
        }
    }
}

/// What a live handle of `kind` refers to (`ERROR_INVALID_HANDLE` for an
/// unknown handle or one of another kind).
pub(crate) fn resolve(raw: isize, kind: HandleKind) -> Result<Resolved, u32> {
    let reg = registry();
    match reg.handles.get(&raw) {
        Some(h) if h.object.kind() == kind => Ok((Arc::clone(&h.cluster), h.object, h.full_access)),
        _ => Err(w::ERROR_INVALID_HANDLE),
    }
}

/// The node a node handle names, checked to belong to `cluster`; `Ok(None)`
/// for a NULL handle.
pub(crate) fn node_of(cluster: &Arc<ClusterShared>, raw: isize) -> Result<Option<usize>, u32> {
    if raw == 0 {
        return Ok(None);
    }
    match resolve(raw, HandleKind::Node)? {
        (c, Object::Node(index), _) if Arc::ptr_eq(&c, cluster) => Ok(Some(index)),
        _ => Err(w::ERROR_INVALID_HANDLE),
    }
}

/// `GetClusterGroupState`: the state and the owner node's name.
pub(crate) fn group_state(raw: isize) -> Result<(GroupState, String), u32> {
    let (cluster, object, _) = resolve(raw, HandleKind::Group)?;
    let Object::Group(index) = object else {
        return Err(w::ERROR_INVALID_HANDLE);
    };
    let state = cluster.lock();
    let group = state
        .groups
        .get(index)
        .ok_or(w::ERROR_GROUP_NOT_AVAILABLE)?;
    if let Some(code) = group.state_query_error {
        return Err(code);
    }
    Ok((group.state(), state.node_name(group.owner)))
}

/// `GetClusterResourceState`: the state, the owner node's name and the
/// group's name.
pub(crate) fn resource_state_of(raw: isize) -> Result<(ResourceState, String, String), u32> {
    let (cluster, object, _) = resolve(raw, HandleKind::Resource)?;
    let Object::Resource(gi, ri) = object else {
        return Err(w::ERROR_INVALID_HANDLE);
    };
    let state = cluster.lock();
    let group = state.groups.get(gi).ok_or(w::ERROR_GROUP_NOT_AVAILABLE)?;
    let resource = group
        .resources
        .get(ri)
        .ok_or(w::ERROR_RESOURCE_NOT_AVAILABLE)?;
    Ok((
        resource.state,
        state.node_name(group.owner),
        group.name.clone(),
    ))
}

/// One entry of an enumeration: its `CLUSTER_ENUM_*` (or
/// `CLUSTER_GROUP_ENUM_*`) type, name and id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EnumItem {
    pub(crate) kind: u32,
    pub(crate) name: String,
    pub(crate) id: String,
    /// For `ClusterGroupEnumEx`: the group's state and owner node (empty
    /// otherwise).
    pub(crate) state: i32,
    pub(crate) owner: String,
}

/// The id the simulator gives an object: a GUID-shaped string made of its
/// `CLUSTER_ENUM_*` type and its position among the objects of that type
/// (stable for the cluster's life; Windows' ids are random GUIDs).
pub(crate) fn object_id(kind: u32, index: usize) -> String {
    format!("{kind:08x}-0000-4000-8000-{index:012x}")
}

/// The cluster's objects of the `CLUSTER_ENUM_*` types in `types`, in type
/// bit order, each type in configuration order.
fn cluster_items(state: &State, types: u32) -> Vec<EnumItem> {
    use windows_sys::Win32::Networking::Clustering as c;
    let mut items = Vec::new();
    let mut add = |kind: i32, names: &mut dyn Iterator<Item = &str>| {
        let kind = kind as u32;
        if types & kind != 0 {
            items.extend(names.enumerate().map(|(i, name)| EnumItem {
                kind,
                name: name.to_owned(),
                id: object_id(kind, i),
                state: 0,
                owner: String::new(),
            }));
        }
    };
    add(
        c::CLUSTER_ENUM_NODE,
        &mut state.nodes.iter().map(|n| n.name.as_str()),
    );
    add(
        c::CLUSTER_ENUM_RESTYPE,
        &mut state.resource_types.iter().map(|t| t.name.as_str()),
    );
    add(
        c::CLUSTER_ENUM_RESOURCE,
        &mut state
            .groups
            .iter()
            .flat_map(|g| g.resources.iter().map(|r| r.config.name.as_str())),
    );
    add(
        c::CLUSTER_ENUM_GROUP,
        &mut state.groups.iter().map(|g| g.name.as_str()),
    );
    add(
        c::CLUSTER_ENUM_NETWORK,
        &mut state.networks.iter().map(|n| n.name.as_str()),
    );
    add(
        c::CLUSTER_ENUM_NETINTERFACE,
        &mut state.net_interfaces.iter().map(|n| n.name.as_str()),
    );
    items
}

/// `ClusterOpenEnum` / `ClusterOpenEnumEx` (`kind` says which): an
/// enumeration handle over a snapshot of the objects. Type bits outside
/// `CLUSTER_ENUM_ALL` are `ERROR_INVALID_PARAMETER`.
pub(crate) fn open_cluster_enum(
    cluster: isize,
    types: u32,
    kind: HandleKind,
) -> Result<isize, u32> {
    use windows_sys::Win32::Networking::Clustering::CLUSTER_ENUM_ALL;
    let mut reg = registry();
    let handle = reg.handles.get(&cluster).ok_or(w::ERROR_INVALID_HANDLE)?;
    if handle.object != Object::Cluster {
        return Err(w::ERROR_INVALID_HANDLE);
    }
    if types & !(CLUSTER_ENUM_ALL as u32) != 0 {
        return Err(w::ERROR_INVALID_PARAMETER);
    }
    let shared = Arc::clone(&handle.cluster);
    let full = handle.full_access;
    let items = cluster_items(&shared.lock(), types);
    let raw = new_handle(&mut reg, &shared, Object::Enum(kind), full);
    reg.enums.insert(raw, items);
    Ok(raw)
}

/// `ClusterGroupOpenEnum`: the group's resources for
/// `CLUSTER_GROUP_ENUM_CONTAINS`; for `CLUSTER_GROUP_ENUM_NODES` its
/// preferred owners, of which a simulated group has none.
pub(crate) fn open_group_enum(group: isize, types: u32) -> Result<isize, u32> {
    use windows_sys::Win32::Networking::Clustering::{
        CLUSTER_ENUM_RESOURCE, CLUSTER_GROUP_ENUM_ALL, CLUSTER_GROUP_ENUM_CONTAINS,
    };
    let mut reg = registry();
    let handle = reg.handles.get(&group).ok_or(w::ERROR_INVALID_HANDLE)?;
    let Object::Group(index) = handle.object else {
        return Err(w::ERROR_INVALID_HANDLE);
    };
    if types & !(CLUSTER_GROUP_ENUM_ALL as u32) != 0 {
        return Err(w::ERROR_INVALID_PARAMETER);
    }
    let shared = Arc::clone(&handle.cluster);
    let full = handle.full_access;
    let items = {
        let state = shared.lock();
        let group = state
            .groups
            .get(index)
            .ok_or(w::ERROR_GROUP_NOT_AVAILABLE)?;
        // A resource's id is its position among all the cluster's resources,
        // as in `cluster_items`.
        let before: usize = state.groups[..index]
            .iter()
            .map(|g| g.resources.len())
            .sum();
        if types & CLUSTER_GROUP_ENUM_CONTAINS as u32 != 0 {
            group
                .resources
                .iter()
                .enumerate()
                .map(|(i, r)| EnumItem {
                    kind: CLUSTER_GROUP_ENUM_CONTAINS as u32,
                    name: r.config.name.clone(),
                    id: object_id(CLUSTER_ENUM_RESOURCE as u32, before + i),
                    state: 0,
                    owner: String::new(),
                })
                .collect()
        } else {
            Vec::new()
        }
    };
    let raw = new_handle(&mut reg, &shared, Object::Enum(HandleKind::GroupEnum), full);
    reg.enums.insert(raw, items);
    Ok(raw)
}

/// Entry `index` of an open enumeration of `kind`: `Ok(None)` past the end
/// (`ERROR_NO_MORE_ITEMS`), `ERROR_INVALID_HANDLE` for any other handle.
pub(crate) fn enum_item(raw: isize, kind: HandleKind, index: u32) -> Result<Option<EnumItem>, u32> {
    let reg = registry();
    match reg.handles.get(&raw) {
        Some(h) if h.object == Object::Enum(kind) => {}
        _ => return Err(w::ERROR_INVALID_HANDLE),
    }
    let items = reg.enums.get(&raw).ok_or(w::ERROR_INVALID_HANDLE)?;
    Ok(usize::try_from(index)
        .ok()
        .and_then(|i| items.get(i))
        .cloned())
}

/// The resource type named `name` on the cluster behind a cluster handle,
/// for `ClusterResourceTypeControl`: the cluster, the object and whether the
/// handle has full access (`ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND` for an
/// unknown type).
pub(crate) fn resolve_resource_type(cluster: isize, name: &str) -> Result<Resolved, u32> {
    let (shared, object, full) = resolve(cluster, HandleKind::Cluster)?;
    if object != Object::Cluster {
        return Err(w::ERROR_INVALID_HANDLE);
    }
    let index = shared
        .lock()
        .resource_types
        .iter()
        .position(|t| t.name.eq_ignore_ascii_case(name))
        .ok_or(w::ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND)?;
    Ok((shared, Object::ResourceType(index), full))
}

/// `ClusterGroupOpenEnumEx`: a snapshot of the groups with their state and
/// owner node. Property names are not supported: a non-empty list is
/// `ERROR_INVALID_PARAMETER`, as are flags other than 0.
pub(crate) fn open_group_enum_ex(
    cluster: isize,
    properties: bool,
    flags: u32,
) -> Result<isize, u32> {
    use windows_sys::Win32::Networking::Clustering::CLUSTER_ENUM_GROUP;
    let mut reg = registry();
    let handle = reg.handles.get(&cluster).ok_or(w::ERROR_INVALID_HANDLE)?;
    if handle.object != Object::Cluster {
        return Err(w::ERROR_INVALID_HANDLE);
    }
    if properties || flags != 0 {
        return Err(w::ERROR_INVALID_PARAMETER);
    }
    let shared = Arc::clone(&handle.cluster);
    let full = handle.full_access;
    let items = {
        let state = shared.lock();
        state
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| EnumItem {
                kind: CLUSTER_ENUM_GROUP as u32,
                name: g.name.clone(),
                id: object_id(CLUSTER_ENUM_GROUP as u32, i),
                state: g.state().to_raw(),
                owner: state.node_name(g.owner),
            })
            .collect()
    };
    let raw = new_handle(
        &mut reg,
        &shared,
        Object::Enum(HandleKind::GroupEnumEx),
        full,
    );
    reg.enums.insert(raw, items);
    Ok(raw)
}

/// One notification: what `GetClusterNotifyV2` returns.
#[derive(Clone, Debug)]
pub(crate) struct Notice {
    pub(crate) object_type: u32,
    pub(crate) flags: i64,
    pub(crate) id: String,
    pub(crate) parent_id: String,
    pub(crate) name: String,
    pub(crate) type_name: String,
    /// The new state (a DWORD payload).
    pub(crate) state: u32,
}

/// A notification port: its filters, key and queue.
#[derive(Debug)]
pub(crate) struct Port {
    filters: Vec<(u32, i64)>,
    pub(crate) key: usize,
    queue: std::collections::VecDeque<Notice>,
}

/// The most notifications a port keeps unread; older ones are dropped
/// (inferred: Windows documents no limit).
pub(crate) const MAX_PORT_QUEUE: usize = 4096;

fn notify(state: &mut State, notice: &Notice) {
    for port in state.ports.values_mut() {
        let wanted = port
            .filters
            .iter()
            .any(|&(ty, flags)| ty == notice.object_type && flags & notice.flags != 0);
        if wanted {
            if port.queue.len() >= MAX_PORT_QUEUE {
                port.queue.pop_front();
            }
            port.queue.push_back(notice.clone());
        }
    }
}

/// Queues `CLUSTER_CHANGE_GROUP_STATE_V2` for group `g` on the ports that
/// ask for it (the caller wakes the waiters).
pub(crate) fn notify_group(state: &mut State, g: usize) {
    use windows_sys::Win32::Networking::Clustering as c;
    let Some(group) = state.groups.get(g) else {
        return;
    };
    let notice = Notice {
        object_type: c::CLUSTER_OBJECT_TYPE_GROUP as u32,
        flags: i64::from(c::CLUSTER_CHANGE_GROUP_STATE_V2),
        id: object_id(c::CLUSTER_ENUM_GROUP as u32, g),
        parent_id: String::new(),
        name: group.name.clone(),
        type_name: String::new(),
        state: group.state().to_raw() as u32,
    };
    notify(state, &notice);
}

/// Queues `CLUSTER_CHANGE_RESOURCE_STATE_V2` for resource `r` of group `g`,
/// then the group's change.
pub(crate) fn notify_resource(state: &mut State, g: usize, r: usize) {
    use windows_sys::Win32::Networking::Clustering as c;
    let before: usize = state.groups[..g.min(state.groups.len())]
        .iter()
        .map(|g| g.resources.len())
        .sum();
    let Some(resource) = state.groups.get(g).and_then(|grp| grp.resources.get(r)) else {
        return;
    };
    let notice = Notice {
        object_type: c::CLUSTER_OBJECT_TYPE_RESOURCE as u32,
        flags: i64::from(c::CLUSTER_CHANGE_RESOURCE_STATE_V2),
        id: object_id(c::CLUSTER_ENUM_RESOURCE as u32, before + r),
        parent_id: object_id(c::CLUSTER_ENUM_GROUP as u32, g),
        name: resource.config.name.clone(),
        type_name: resource.config.resource_type.clone(),
        state: resource.state.to_raw() as u32,
    };
    notify(state, &notice);
    notify_group(state, g);
}

/// `CreateClusterNotifyPortV2` with a new port (`hchange` must be
/// `INVALID_HANDLE_VALUE`: adding filters to an open port is not simulated,
/// `ERROR_INVALID_PARAMETER`, as are no filters).
pub(crate) fn create_port(
    hchange: isize,
    cluster: isize,
    filters: Vec<(u32, i64)>,
    key: usize,
) -> Result<isize, u32> {
    if hchange != -1 || filters.is_empty() {
        return Err(w::ERROR_INVALID_PARAMETER);
    }
    let mut reg = registry();
    let handle = reg.handles.get(&cluster).ok_or(w::ERROR_INVALID_HANDLE)?;
    if handle.object != Object::Cluster {
        return Err(w::ERROR_INVALID_HANDLE);
    }
    let shared = Arc::clone(&handle.cluster);
    let full = handle.full_access;
    let raw = new_handle(&mut reg, &shared, Object::Port, full);
    shared.lock().ports.insert(
        raw,
        Port {
            filters,
            key,
            queue: std::collections::VecDeque::new(),
        },
    );
    Ok(raw)
}

/// `GetClusterNotifyV2`: waits up to `timeout` (`None`: for ever) for the
/// port's next notification and hands it to `write`, which fills the
/// caller's buffers and returns `ERROR_SUCCESS` (the notification is then
/// taken off the queue) or `ERROR_MORE_DATA` (it stays). `WAIT_TIMEOUT`
/// when nothing came in time; `ERROR_INVALID_HANDLE` when the port is not
/// open, or is closed during the wait.
pub(crate) fn next_notice(
    raw: isize,
    timeout: Option<Duration>,
    mut write: impl FnMut(&Notice, usize) -> u32,
) -> u32 {
    let cluster = match resolve(raw, HandleKind::NotifyPort) {
        Ok((cluster, _, _)) => cluster,
        Err(code) => return code,
    };
    cluster
        .wait_for(timeout, |state| {
            let Some(port) = state.ports.get_mut(&raw) else {
                return Some(w::ERROR_INVALID_HANDLE);
            };
            if let Some(notice) = port.queue.front() {
                let status = write(notice, port.key);
                if status == w::ERROR_SUCCESS {
                    port.queue.pop_front();
                }
                return Some(status);
            }
            state.shutdown.then_some(w::ERROR_INVALID_HANDLE)
        })
        .unwrap_or(w::WAIT_TIMEOUT)
}

/// Says on stderr why a configuration was not used. Never panics: a host
/// program whose stderr is closed or full must not die in a clusapi call.
pub(crate) fn warn(message: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "clusprop-sim: {message}");
}
