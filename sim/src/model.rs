//! The object model: clusters, groups and resources, the handle table, and
//! what each clusapi call does to them. Safe code only; the C-ABI side is in
//! `export.rs`.
//!
//! Every call returns `Result<_, u32>` with a Win32 code as the error, which
//! the exported functions hand back as clusapi does (return value or last
//! error).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use clusprop::offline::{VIRTUAL_MACHINE, VmAction};
use clusprop::{DecodeOptions, PropertyList, Syntax};
use clusprop_ffi::GroupState;
use windows_sys::Win32::Foundation as w;
use windows_sys::Win32::Networking::Clustering as c;

use crate::config::{CallerAccess, ClusterConfig, ConfigError, ResourceState};

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
struct Resource {
    config: crate::config::ResourceConfig,
    state: ResourceState,
}

#[derive(Debug)]
struct Group {
    name: String,
    resources: Vec<Resource>,
    state_query_error: Option<u32>,
    /// An offline or online is running in the background.
    busy: bool,
}

impl Group {
    fn state(&self) -> GroupState {
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

#[derive(Debug, Default)]
struct State {
    groups: Vec<Group>,
    events: Vec<Event>,
    open_handles: usize,
    invalid_closes: usize,
    shutdown: bool,
}

/// One simulated cluster, shared by its owner, its handles and its
/// background operations.
#[derive(Debug)]
pub(crate) struct ClusterShared {
    name: String,
    local: bool,
    node: String,
    caller_access: CallerAccess,
    state: Mutex<State>,
    wake: Condvar,
}

impl ClusterShared {
    fn new(config: &ClusterConfig) -> Result<Self, ConfigError> {
        let mut groups: Vec<Group> = Vec::new();
        for g in &config.groups {
            if groups.iter().any(|o| o.name.eq_ignore_ascii_case(&g.name)) {
                return Err(ConfigError::new(
                    0,
                    format!("two groups named `{}`", g.name),
                ));
            }
            groups.push(Group {
                name: g.name.clone(),
                resources: g
                    .resources
                    .iter()
                    .map(|r| Resource {
                        config: r.clone(),
                        state: r.state,
                    })
                    .collect(),
                state_query_error: g.state_query_error,
                busy: false,
            });
        }
        Ok(Self {
            name: config.name.clone(),
            local: config.local,
            node: config.node.clone(),
            caller_access: config.caller_access,
            state: Mutex::new(State {
                groups,
                ..State::default()
            }),
            wake: Condvar::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
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
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        loop {
            if !state.groups.iter().any(|g| g.busy) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            state = self
                .wake
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Sleeps `delay` unless the cluster shuts down first (then `false`).
    fn pause(&self, delay: Duration) -> bool {
        let deadline = Instant::now() + delay;
        let mut state = self.lock();
        loop {
            if state.shutdown {
                return false;
            }
            let now = Instant::now();
            if now >= deadline {
                return true;
            }
            state = self
                .wake
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// What a handle refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Object {
    Cluster,
    Group(usize),
}

#[derive(Debug)]
struct Handle {
    cluster: Arc<ClusterShared>,
    object: Object,
    full_access: bool,
}

#[derive(Default)]
struct Registry {
    clusters: HashMap<String, Arc<ClusterShared>>,
    handles: HashMap<isize, Handle>,
    /// Closed handles, to count a second close against their cluster.
    closed: HashMap<isize, Weak<ClusterShared>>,
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

fn load_env_config(reg: &mut Registry) {
    let Some(path) = std::env::var_os(CONFIG_ENV) else {
        return;
    };
    let loaded = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| ClusterConfig::parse_all(&text).map_err(|e| e.to_string()));
    match loaded {
        Ok(configs) => {
            for config in configs {
                if let Err(e) = register_locked(reg, &config) {
                    eprintln!("clusprop-sim: {}: {e}", path.to_string_lossy());
                }
            }
        }
        Err(e) => eprintln!("clusprop-sim: {}: {e}", path.to_string_lossy()),
    }
}

fn key(name: &str) -> String {
    name.to_lowercase()
}

fn register_locked(
    reg: &mut Registry,
    config: &ClusterConfig,
) -> Result<Arc<ClusterShared>, ConfigError> {
    if config.name.is_empty() || config.name.contains('\0') {
        return Err(ConfigError::new(
            0,
            "a cluster needs a name without NUL".to_owned(),
        ));
    }
    if reg.clusters.contains_key(&key(&config.name)) {
        return Err(ConfigError::new(
            0,
            format!("a cluster named `{}` exists", config.name),
        ));
    }
    if config.local && reg.clusters.values().any(|c| c.local) {
        return Err(ConfigError::new(
            0,
            "another local cluster exists".to_owned(),
        ));
    }
    let shared = Arc::new(ClusterShared::new(config)?);
    reg.clusters.insert(key(&config.name), Arc::clone(&shared));
    Ok(shared)
}

/// Adds a cluster to the process-wide registry.
pub(crate) fn register(config: &ClusterConfig) -> Result<Arc<ClusterShared>, ConfigError> {
    register_locked(&mut registry(), config)
}

/// Removes a cluster by name (its open handles stay usable) and stops its
/// background operations.
pub(crate) fn unregister(name: &str) -> bool {
    let removed = registry().clusters.remove(&key(name));
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
    let k = key(&shared.name);
    if reg.clusters.get(&k).is_some_and(|c| Arc::ptr_eq(c, shared)) {
        reg.clusters.remove(&k);
    }
    drop(reg);
    shared.shut_down();
}

pub(crate) fn find_cluster(name: &str) -> Option<Arc<ClusterShared>> {
    registry().clusters.get(&key(name)).cloned()
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
        Some(name) => reg.clusters.get(&key(name)).cloned(),
    }
    .ok_or(RPC_S_SERVER_UNAVAILABLE)?;
    let full = grant(&cluster, desired)?;
    Ok((
        new_handle(&mut reg, &cluster, Object::Cluster, full),
        granted_mask(full),
    ))
}

/// `OpenClusterGroup` / `OpenClusterGroupEx`.
pub(crate) fn open_group(
    cluster: isize,
    name: &str,
    desired: Option<u32>,
) -> Result<(isize, u32), u32> {
    let mut reg = registry();
    let handle = reg.handles.get(&cluster).ok_or(w::ERROR_INVALID_HANDLE)?;
    if handle.object != Object::Cluster {
        return Err(w::ERROR_INVALID_HANDLE);
    }
    let shared = Arc::clone(&handle.cluster);
    let index = shared
        .lock()
        .groups
        .iter()
        .position(|g| g.name.eq_ignore_ascii_case(name))
        .ok_or(w::ERROR_GROUP_NOT_FOUND)?;
    let full = grant(&shared, desired)?;
    Ok((
        new_handle(&mut reg, &shared, Object::Group(index), full),
        granted_mask(full),
    ))
}

/// `CloseCluster` / `CloseClusterGroup`: `Err(ERROR_INVALID_HANDLE)` for an
/// unknown, already closed, or wrong-kind handle.
pub(crate) fn close(raw: isize, want_cluster: bool) -> Result<(), u32> {
    let mut reg = registry();
    let kind_ok = reg
        .handles
        .get(&raw)
        .map(|h| (h.object == Object::Cluster) == want_cluster);
    match kind_ok {
        Some(true) => {
            if let Some(handle) = reg.handles.remove(&raw) {
                let mut state = handle.cluster.lock();
                state.open_handles = state.open_handles.saturating_sub(1);
                drop(state);
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

fn group_handle(raw: isize) -> Result<(Arc<ClusterShared>, usize, bool), u32> {
    let reg = registry();
    match reg.handles.get(&raw) {
        Some(Handle {
            cluster,
            object: Object::Group(index),
            full_access,
        }) => Ok((Arc::clone(cluster), *index, *full_access)),
        _ => Err(w::ERROR_INVALID_HANDLE),
    }
}

/// `GetClusterGroupState`: the state and the owner node's name.
pub(crate) fn group_state(raw: isize) -> Result<(GroupState, String), u32> {
    let (cluster, index, _) = group_handle(raw)?;
    let state = cluster.lock();
    let group = state
        .groups
        .get(index)
        .ok_or(w::ERROR_GROUP_NOT_AVAILABLE)?;
    if let Some(code) = group.state_query_error {
        return Err(code);
    }
    Ok((group.state(), cluster.node.clone()))
}

/// What one resource was told.
#[derive(Clone, Debug)]
enum Instruction {
    None,
    Dword(u32),
    Other(Syntax),
}

fn instruction_for(list: Option<&PropertyList<'_>>, resource_type: &str) -> Instruction {
    let Some(property) = list.and_then(|l| l.find(resource_type)) else {
        return Instruction::None;
    };
    let value = property.value();
    if value.syntax() == Syntax::LIST_VALUE_DWORD {
        match value.to::<u32>() {
            Ok(v) => Instruction::Dword(v),
            Err(_) => Instruction::Other(value.syntax()),
        }
    } else {
        Instruction::Other(value.syntax())
    }
}

/// Flags `OfflineClusterGroupEx` accepts (MS-CMRP 3.1.4.2.130: 0 or this).
const OFFLINE_FLAGS: u32 = c::CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS;
/// Flags `OnlineClusterGroupEx` accepts.
const ONLINE_FLAGS: u32 = c::CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS
    | c::CLUSAPI_GROUP_ONLINE_SYNCHRONOUS
    | c::CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE
    | c::CLUSAPI_GROUP_ONLINE_IGNORE_AFFINITY_RULE;

/// Which way a group is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Offline,
    Online,
}

/// `OfflineClusterGroupEx` / `OnlineClusterGroupEx`: checks everything at
/// once (no state change on error), then runs in the background and
/// returns `ERROR_IO_PENDING`, or `ERROR_SUCCESS` when there is nothing to
/// do. An empty `buffer` stands for `NULL, 0`.
fn start(raw: isize, direction: Direction, flags: u32, buffer: &[u8]) -> u32 {
    match start_checked(raw, direction, flags, buffer) {
        Ok(code) | Err(code) => code,
    }
}

fn start_checked(raw: isize, direction: Direction, flags: u32, buffer: &[u8]) -> Result<u32, u32> {
    let (cluster, index, full_access) = group_handle(raw)?;
    if !full_access {
        return Err(w::ERROR_ACCESS_DENIED);
    }
    let allowed = match direction {
        Direction::Offline => OFFLINE_FLAGS,
        Direction::Online => ONLINE_FLAGS,
    };
    if flags & !allowed != 0 {
        return Err(w::ERROR_INVALID_PARAMETER);
    }
    // The whole list is checked as a server checks a client's list; an empty
    // buffer (NULL, 0) is no instructions.
    let list = if buffer.is_empty() {
        None
    } else {
        Some(
            PropertyList::parse_with(buffer, &DecodeOptions::client_input())
                .map_err(|_| w::ERROR_INVALID_PARAMETER)?,
        )
    };
    let ignore_locks = flags & 1 != 0;

    let mut state = cluster.lock();
    let group = state
        .groups
        .get_mut(index)
        .ok_or(w::ERROR_GROUP_NOT_AVAILABLE)?;
    if group.busy {
        return Err(w::ERROR_INVALID_STATE);
    }
    if !ignore_locks && group.resources.iter().any(|r| r.config.locked) {
        return Err(w::ERROR_CLUSTER_RESOURCE_LOCKED_STATUS);
    }
    let (done, pending) = match direction {
        Direction::Offline => (ResourceState::Offline, ResourceState::OfflinePending),
        Direction::Online => (ResourceState::Online, ResourceState::OnlinePending),
    };
    let mut plan = Vec::new();
    // Offline takes resources down last-to-first; online brings them up
    // first-to-last (the order stands in for dependencies).
    let order: Vec<usize> = match direction {
        Direction::Offline => (0..group.resources.len()).rev().collect(),
        Direction::Online => (0..group.resources.len()).collect(),
    };
    for i in order {
        let Some(resource) = group.resources.get_mut(i) else {
            continue;
        };
        if resource.state == done {
            continue;
        }
        let instruction = instruction_for(list.as_ref(), &resource.config.resource_type);
        resource.state = pending;
        plan.push((i, instruction));
    }
    if plan.is_empty() {
        return Ok(w::ERROR_SUCCESS);
    }
    group.busy = true;
    drop(state);
    let worker = Arc::clone(&cluster);
    std::thread::spawn(move || run(&worker, index, direction, plan));
    Ok(w::ERROR_IO_PENDING)
}

pub(crate) fn offline_group(raw: isize, flags: u32, buffer: &[u8]) -> u32 {
    start(raw, Direction::Offline, flags, buffer)
}

pub(crate) fn online_group(raw: isize, node: isize, flags: u32, buffer: &[u8]) -> u32 {
    if node != 0 {
        // No node handles exist in the simulator yet.
        return w::ERROR_INVALID_HANDLE;
    }
    start(raw, Direction::Online, flags, buffer)
}

/// The background part of an offline/online.
fn run(
    cluster: &ClusterShared,
    group: usize,
    direction: Direction,
    plan: Vec<(usize, Instruction)>,
) {
    for (index, instruction) in plan {
        let delay = {
            let state = cluster.lock();
            state
                .groups
                .get(group)
                .and_then(|g| g.resources.get(index))
                .map_or(Duration::ZERO, |r| r.config.delay)
        };
        if !cluster.pause(delay) {
            return; // shut down: leave everything where it is
        }
        let mut state = cluster.lock();
        let State { groups, events, .. } = &mut *state;
        let Some(g) = groups.get_mut(group) else {
            return;
        };
        let Some(resource) = g.resources.get_mut(index) else {
            continue;
        };
        let (group_name, name, resource_type) = (
            g.name.clone(),
            resource.config.name.clone(),
            resource.config.resource_type.clone(),
        );
        let mut record = |action: Action| {
            events.push(Event {
                group: group_name.clone(),
                resource: name.clone(),
                resource_type: resource_type.clone(),
                action,
            });
        };
        match direction {
            Direction::Offline => {
                let is_vm = resource
                    .config
                    .resource_type
                    .eq_ignore_ascii_case(VIRTUAL_MACHINE);
                let vm_action = match (&instruction, is_vm) {
                    (Instruction::None, _) => resource.config.offline_action,
                    (Instruction::Dword(v), true) => {
                        VmAction::from_value(*v).unwrap_or_else(|| {
                            record(Action::InstructionIgnored {
                                reason: format!("{v} is not a VM offline action (0..3)"),
                            });
                            resource.config.offline_action
                        })
                    }
                    (Instruction::Dword(v), false) => {
                        record(Action::InstructionIgnored {
                            reason: format!("no offline instructions for this type (got {v})"),
                        });
                        resource.config.offline_action
                    }
                    (Instruction::Other(syntax), _) => {
                        record(Action::InstructionIgnored {
                            reason: format!("expected a DWORD, got syntax 0x{:08X}", syntax.0),
                        });
                        resource.config.offline_action
                    }
                };
                if resource.config.fail_offline {
                    resource.state = ResourceState::Failed;
                    record(Action::FailedGoingOffline);
                } else {
                    resource.state = ResourceState::Offline;
                    record(if is_vm {
                        match vm_action {
                            VmAction::TurnOff => Action::VmTurnedOff,
                            VmAction::Save => Action::VmSaved,
                            VmAction::Shutdown => Action::VmShutDown,
                            VmAction::ShutdownForce => Action::VmShutDownForced,
                        }
                    } else {
                        Action::WentOffline
                    });
                }
            }
            Direction::Online => {
                if resource.config.fail_online {
                    resource.state = ResourceState::Failed;
                    record(Action::FailedComingOnline);
                } else {
                    resource.state = ResourceState::Online;
                    record(Action::CameOnline);
                }
            }
        }
    }
    let mut state = cluster.lock();
    if let Some(g) = state.groups.get_mut(group) {
        g.busy = false;
    }
    drop(state);
    cluster.wake.notify_all();
}
