//! The operations that take an instruction buffer and run in the background:
//! `OfflineClusterGroupEx`, `OnlineClusterGroupEx`, `MoveClusterGroupEx`,
//! `OfflineClusterResourceEx` and `OnlineClusterResourceEx`.
//!
//! One implementation for all five, [`start`], in three steps: [`check`]
//! validates the request against the model (no state change on error),
//! [`plan`] computes the resource steps, and [`launch`] marks them pending,
//! the group busy, and hands the plan to a thread ([`run`]). The call returns
//! `ERROR_IO_PENDING` (or `ERROR_SUCCESS` when there is nothing to do).

use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use clusprop::offline::{VIRTUAL_MACHINE, VM_RESOURCE_TYPES, VmAction, VmMoveAction};
use clusprop::{DecodeOptions, PropertyList, Syntax};
use windows_sys::Win32::Foundation as w;
use windows_sys::Win32::Networking::Clustering as c;

use crate::config::ResourceState;
use crate::model::{
    Action, ClusterShared, Event, Group, HandleKind, OFFLINE_ACTION, Object, Pause, State, node_of,
    resolve,
};

/// What was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Request {
    /// `OfflineClusterGroupEx`.
    OfflineGroup,
    /// `OnlineClusterGroupEx` on a node (`0`: where it is).
    OnlineGroup { node: isize },
    /// `MoveClusterGroupEx` to a node (`0`: another node).
    MoveGroup { node: isize },
    /// `OfflineClusterResourceEx`.
    OfflineResource,
    /// `OnlineClusterResourceEx`.
    OnlineResource,
}

impl Request {
    fn handle_kind(self) -> HandleKind {
        match self {
            Self::OfflineResource | Self::OnlineResource => HandleKind::Resource,
            _ => HandleKind::Group,
        }
    }

    /// The flags the call accepts (docs/wire-format.md §6.2, from windows-sys), and
    /// which of them is "ignore locked resources".
    fn flags(self) -> (u32, u32) {
        match self {
            Self::OfflineGroup => (
                c::CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS,
                c::CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS,
            ),
            Self::OnlineGroup { .. } => (
                c::CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS
                    | c::CLUSAPI_GROUP_ONLINE_SYNCHRONOUS
                    | c::CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE
                    | c::CLUSAPI_GROUP_ONLINE_IGNORE_AFFINITY_RULE,
                c::CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS,
            ),
            Self::MoveGroup { .. } => (
                c::CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS
                    | c::CLUSAPI_GROUP_MOVE_RETURN_TO_SOURCE_NODE_ON_ERROR
                    | c::CLUSAPI_GROUP_MOVE_QUEUE_ENABLED
                    | c::CLUSAPI_GROUP_MOVE_HIGH_PRIORITY_START
                    | c::CLUSAPI_GROUP_MOVE_FAILBACK
                    | c::CLUSAPI_GROUP_MOVE_IGNORE_AFFINITY_RULE,
                c::CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS,
            ),
            Self::OfflineResource => (
                c::CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS
                    | c::CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION
                    | c::CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE,
                c::CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS,
            ),
            Self::OnlineResource => (
                c::CLUSAPI_RESOURCE_ONLINE_IGNORE_RESOURCE_STATUS
                    | c::CLUSAPI_RESOURCE_ONLINE_DO_NOT_UPDATE_PERSISTENT_STATE
                    | c::CLUSAPI_RESOURCE_ONLINE_NECESSARY_FOR_QUORUM
                    | c::CLUSAPI_RESOURCE_ONLINE_BEST_POSSIBLE_NODE
                    | c::CLUSAPI_RESOURCE_ONLINE_IGNORE_AFFINITY_RULE,
                c::CLUSAPI_RESOURCE_ONLINE_IGNORE_RESOURCE_STATUS,
            ),
        }
    }
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

/// One step of a plan, run in order after the resource's delay.
#[derive(Clone, Debug)]
enum Step {
    /// Take a resource offline as its instruction says.
    Offline { resource: usize, told: Instruction },
    /// Bring a resource online.
    Online { resource: usize },
    /// Live-migrate a VM to a node (it stays online).
    LiveMigrate { resource: usize, to: usize },
    /// Hand the group to a node.
    SetOwner { to: usize },
}

/// The group a request acts on, and for a resource request its index.
struct Target {
    cluster: Arc<ClusterShared>,
    group: usize,
    resource: Option<usize>,
    /// Whether the handle was opened with full access.
    full_access: bool,
}

impl Target {
    /// The target's group in the locked state.
    fn group<'s>(&self, state: &'s State) -> Result<&'s Group, u32> {
        state
            .groups
            .get(self.group)
            .ok_or(w::ERROR_GROUP_NOT_AVAILABLE)
    }

    /// As [`Target::group`], to change it.
    fn group_mut<'s>(&self, state: &'s mut State) -> Result<&'s mut Group, u32> {
        state
            .groups
            .get_mut(self.group)
            .ok_or(w::ERROR_GROUP_NOT_AVAILABLE)
    }
}

/// What a request's handle names: `ERROR_INVALID_HANDLE` for an unknown
/// handle or one of the wrong kind.
fn target(raw: isize, request: Request) -> Result<Target, u32> {
    let (cluster, object, full_access) = resolve(raw, request.handle_kind())?;
    let (group, resource) = match object {
        Object::Group(g) => (g, None),
        Object::Resource(g, r) => (g, Some(r)),
        _ => return Err(w::ERROR_INVALID_HANDLE),
    };
    Ok(Target {
        cluster,
        group,
        resource,
        full_access,
    })
}

/// A request that passed every check: what its plan and launch need.
struct Checked<'b> {
    request: Request,
    /// The instructions (`None`: an empty buffer).
    list: Option<PropertyList<'b>>,
    /// The destination node, if the call names one.
    node: Option<usize>,
    /// A move made with `RETURN_TO_SOURCE_NODE_ON_ERROR`.
    return_to_source: bool,
}

/// Runs `request` (see the crate docs for the checks and their codes).
/// `buffer` empty stands for `NULL, 0`.
pub(crate) fn start(raw: isize, request: Request, flags: u32, buffer: &[u8]) -> u32 {
    match start_checked(raw, request, flags, buffer) {
        Ok(code) | Err(code) => code,
    }
}

/// `start` as check → plan → launch, in one critical section from the
/// checks of the model's state to the launch.
fn start_checked(raw: isize, request: Request, flags: u32, buffer: &[u8]) -> Result<u32, u32> {
    let target = target(raw, request)?;
    let (checked, state) = check(&target, request, flags, buffer)?;
    let steps = plan(&target, &checked, &state)?;
    if steps.is_empty() {
        return Ok(w::ERROR_SUCCESS);
    }
    launch(&target, &checked, state, steps)?;
    Ok(w::ERROR_IO_PENDING)
}

/// Validates a request against the call's rules and the model, in the
/// order of the crate docs (access, flags, instructions, destination node,
/// then, with the cluster locked, a running operation and locked
/// resources), changing nothing. The cluster stays locked on success, so
/// the plan and its launch see the state the checks saw.
fn check<'t, 'b>(
    target: &'t Target,
    request: Request,
    flags: u32,
    buffer: &'b [u8],
) -> Result<(Checked<'b>, MutexGuard<'t, State>), u32> {
    if !target.full_access {
        return Err(w::ERROR_ACCESS_DENIED);
    }
    let (allowed, ignore_locks_flag) = request.flags();
    if flags & !allowed != 0 {
        return Err(w::ERROR_INVALID_PARAMETER);
    }
    // MS-CMRP 3.1.4.2.131: these two together are invalid.
    let both = c::CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS | c::CLUSAPI_GROUP_MOVE_QUEUE_ENABLED;
    if matches!(request, Request::MoveGroup { .. }) && flags & both == both {
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
    // Node handles are resolved before the cluster is locked.
    let node = match request {
        Request::OnlineGroup { node } | Request::MoveGroup { node } => {
            node_of(&target.cluster, node)?
        }
        _ => None,
    };
    let ignore_locks = flags & ignore_locks_flag != 0;
    let return_to_source = matches!(request, Request::MoveGroup { .. })
        && flags & c::CLUSAPI_GROUP_MOVE_RETURN_TO_SOURCE_NODE_ON_ERROR != 0;

    let state = target.cluster.lock();
    let group = target.group(&state)?;
    if group.busy {
        return Err(w::ERROR_INVALID_STATE);
    }
    let locked = match target.resource {
        Some(r) => group.resources.get(r).is_some_and(|r| r.config.locked),
        None => group.resources.iter().any(|r| r.config.locked),
    };
    if locked && !ignore_locks {
        return Err(w::ERROR_CLUSTER_RESOURCE_LOCKED_STATUS);
    }
    let checked = Checked {
        request,
        list,
        node,
        return_to_source,
    };
    Ok((checked, state))
}

/// The resource steps that carry out a checked request, in order (none:
/// nothing to do); `ERROR_HOST_NODE_NOT_AVAILABLE` for a move in a
/// one-node cluster.
fn plan(target: &Target, checked: &Checked<'_>, state: &State) -> Result<Vec<Step>, u32> {
    let group = target.group(state)?;
    let list = checked.list.as_ref();
    Ok(match checked.request {
        Request::OfflineGroup => offline_steps(group, None, list),
        Request::OfflineResource => offline_steps(group, target.resource, list),
        Request::OnlineResource => online_steps(group, target.resource),
        Request::OnlineGroup { .. } => {
            // A destination applies to a group that is entirely offline; a
            // group with resources online comes online where it is.
            let all_offline = group
                .resources
                .iter()
                .all(|r| r.state != ResourceState::Online);
            let mut steps = Vec::new();
            if let Some(to) = checked.node.filter(|&to| to != group.owner && all_offline) {
                steps.push(Step::SetOwner { to });
            }
            steps.extend(online_steps(group, None));
            steps
        }
        Request::MoveGroup { .. } => {
            // No destination: the next node after the owner (the failover
            // policy's choice stands in for the simulator's).
            let node_count = state.nodes.len();
            let to = match checked.node {
                Some(to) => to,
                None if node_count > 1 => (group.owner + 1) % node_count,
                None => return Err(w::ERROR_HOST_NODE_NOT_AVAILABLE),
            };
            if to == group.owner {
                Vec::new()
            } else {
                move_steps(group, to, list)
            }
        }
    })
}

/// Launches a plan: its resources go pending (and so the group), the group
/// is marked busy, the changes are notified, and a thread runs the steps
/// ([`run`]) once the cluster is unlocked.
fn launch(
    target: &Target,
    checked: &Checked<'_>,
    mut state: MutexGuard<'_, State>,
    steps: Vec<Step>,
) -> Result<(), u32> {
    let group = target.group_mut(&mut state)?;
    for step in &steps {
        let pending = match step {
            Step::Offline { resource, .. } => Some((*resource, ResourceState::OfflinePending)),
            Step::Online { resource } => Some((*resource, ResourceState::OnlinePending)),
            _ => None,
        };
        // A resource that is taken down and brought up again by a move
        // shows the first of the two.
        if let Some((index, pending)) = pending
            && let Some(r) = group.resources.get_mut(index)
            && !matches!(
                r.state,
                ResourceState::OfflinePending | ResourceState::OnlinePending
            )
        {
            r.state = pending;
        }
    }
    group.busy = true;
    let source = group.owner;
    let pending: Vec<usize> = steps
        .iter()
        .filter_map(|step| match step {
            Step::Offline { resource, .. } | Step::Online { resource } => Some(*resource),
            _ => None,
        })
        .collect();
    for r in pending {
        crate::model::notify_resource(&mut state, target.group, r);
    }
    drop(state);
    target.cluster.wake.notify_all();
    let worker = Arc::clone(&target.cluster);
    let group_index = target.group;
    let return_to = checked.return_to_source.then_some(source);
    std::thread::spawn(move || run(&worker, group_index, steps, return_to));
    Ok(())
}

/// Offline steps for the whole group (last resource first: the order stands
/// in for dependencies) or one resource; resources already offline are left
/// alone.
fn offline_steps(group: &Group, only: Option<usize>, list: Option<&PropertyList<'_>>) -> Vec<Step> {
    (0..group.resources.len())
        .rev()
        .filter(|&i| only.is_none_or(|o| o == i))
        .filter(|&i| group.resources[i].state != ResourceState::Offline)
        .map(|i| Step::Offline {
            resource: i,
            told: instruction_for(list, &group.resources[i].config.resource_type),
        })
        .collect()
}

/// Online steps for the whole group (first resource first) or one resource.
fn online_steps(group: &Group, only: Option<usize>) -> Vec<Step> {
    (0..group.resources.len())
        .filter(|&i| only.is_none_or(|o| o == i))
        .filter(|&i| group.resources[i].state != ResourceState::Online)
        .map(|i| Step::Online { resource: i })
        .collect()
}

/// A move: online VMs told to live-migrate go with the group while running;
/// every other online resource goes offline (as its instruction says), the
/// owner changes, and they come back online there.
fn move_steps(group: &Group, to: usize, list: Option<&PropertyList<'_>>) -> Vec<Step> {
    let told = |i: usize| {
        let ty = &group.resources[i].config.resource_type;
        // A VM reads its own type name, then the other VM type name
        // (VM_RESDLL_CONTEXT: both name the VM for moves).
        let is_vm = VM_RESOURCE_TYPES.iter().any(|t| t.eq_ignore_ascii_case(ty));
        match instruction_for(list, ty) {
            Instruction::None if is_vm => VM_RESOURCE_TYPES
                .iter()
                .map(|t| instruction_for(list, t))
                .find(|i| !matches!(i, Instruction::None))
                .unwrap_or(Instruction::None),
            other => other,
        }
    };
    let online: Vec<usize> = (0..group.resources.len())
        .filter(|&i| group.resources[i].state == ResourceState::Online)
        .collect();
    let live = |i: usize| {
        let is_vm = group.resources[i]
            .config
            .resource_type
            .eq_ignore_ascii_case(VIRTUAL_MACHINE);
        is_vm
            && matches!(told(i), Instruction::Dword(v) if v == VmMoveAction::LiveMigration.value())
    };
    let mut plan: Vec<Step> = online
        .iter()
        .rev()
        .filter(|&&i| !live(i))
        .map(|&i| Step::Offline {
            resource: i,
            told: told(i),
        })
        .collect();
    plan.extend(
        online
            .iter()
            .filter(|&&i| live(i))
            .map(|&i| Step::LiveMigrate { resource: i, to }),
    );
    plan.push(Step::SetOwner { to });
    plan.extend(
        online
            .iter()
            .filter(|&&i| !live(i))
            .map(|&i| Step::Online { resource: i }),
    );
    plan
}

/// What a resource records when its instruction is not a DWORD.
fn not_a_dword(syntax: Syntax) -> Action {
    Action::InstructionIgnored {
        reason: format!("expected a DWORD, got syntax 0x{:08X}", syntax.0),
    }
}

/// How a VM goes offline: its instruction, else its `OfflineAction` private
/// property, else save. Records why an instruction was ignored.
fn vm_action(
    state: &State,
    group: usize,
    index: usize,
    told: &Instruction,
) -> (VmAction, Option<Action>) {
    let resource = &state.groups[group].resources[index];
    let configured = resource
        .props
        .private
        .find(OFFLINE_ACTION)
        .and_then(|p| p.values.first())
        .and_then(|v| match v.data() {
            clusprop::OwnedData::Dword(n) => VmAction::from_value(*n),
            _ => None,
        })
        .unwrap_or(resource.config.offline_action);
    match told {
        Instruction::None => (configured, None),
        Instruction::Dword(v) => match VmAction::from_value(*v) {
            Some(action) => (action, None),
            None => (
                configured,
                Some(Action::InstructionIgnored {
                    reason: format!("{v} is not a VM offline action (0..3)"),
                }),
            ),
        },
        Instruction::Other(syntax) => (configured, Some(not_a_dword(*syntax))),
    }
}

/// The background part of a request. `return_to` is the source node of a
/// move made with `RETURN_TO_SOURCE_NODE_ON_ERROR`.
fn run(cluster: &ClusterShared, group: usize, plan: Vec<Step>, return_to: Option<usize>) {
    let mut failed_online = false;
    let steps = plan.len();
    for (index, step) in plan.into_iter().enumerate() {
        let delay = {
            let state = cluster.lock();
            let resource = match &step {
                Step::Offline { resource, .. }
                | Step::Online { resource }
                | Step::LiveMigrate { resource, .. } => Some(*resource),
                Step::SetOwner { .. } => None,
            };
            resource
                .and_then(|r| state.groups.get(group)?.resources.get(r))
                .map_or(Duration::ZERO, |r| r.config.delay)
        };
        match cluster.pause_step(group, delay) {
            Pause::Elapsed => {}
            Pause::ShutDown => return, // leave everything where it is
            Pause::Cancelled => {
                cancel_rest(cluster, group);
                return;
            }
        }
        let mut state = cluster.lock();
        if state.groups.get(group).is_none() {
            return;
        }
        match step {
            Step::Offline { resource, told } => offline_one(&mut state, group, resource, &told),
            Step::Online { resource } => {
                failed_online |= online_one(&mut state, group, resource, false);
            }
            Step::LiveMigrate { resource, to } => {
                let node = state.node_name(to);
                record(&mut state, group, resource, Action::VmLiveMigrated { node });
            }
            Step::SetOwner { to } => set_owner(&mut state, group, to),
        }
        // The last step ends the operation in the same critical section, so
        // nobody reads the last resource's final state while the group still
        // says Pending (unless a failed move still goes back to its source).
        let last = index + 1 == steps;
        let finished = last && !(failed_online && return_to.is_some());
        if finished {
            finish(&mut state, group);
        }
        drop(state);
        // Wakes the notification ports' readers.
        cluster.wake.notify_all();
        if finished {
            return;
        }
    }
    if let (true, Some(source)) = (failed_online, return_to) {
        // Back to the source node, where the resources come up (the
        // failure was the destination's).
        let mut state = cluster.lock();
        set_owner(&mut state, group, source);
        let failed: Vec<usize> = state.groups[group]
            .resources
            .iter()
            .enumerate()
            .filter(|(_, r)| r.state == ResourceState::Failed)
            .map(|(i, _)| i)
            .collect();
        for i in failed {
            online_one(&mut state, group, i, true);
        }
    }
    let mut state = cluster.lock();
    finish(&mut state, group);
    drop(state);
    cluster.wake.notify_all();
}

/// The operation on `group` is over: no longer busy, and a cancel that came
/// after the last step has nothing left to stop.
fn finish(state: &mut State, group: usize) {
    if state.groups.get(group).is_some() {
        let g = &mut state.groups[group];
        g.busy = false;
        g.cancel = false;
        crate::model::notify_group(state, group);
    }
}

/// Ends a cancelled operation (inferred; Windows documents only that the
/// group returns to its persistent state): the steps already run stay done;
/// every resource still pending (its step not run yet, or under way) goes
/// back to the state it had before (`OfflinePending` to online,
/// `OnlinePending` to offline) with an [`Action::Cancelled`] event; the
/// owner stays where it is; the group is no longer busy.
fn cancel_rest(cluster: &ClusterShared, group: usize) {
    let mut state = cluster.lock();
    let pending: Vec<(usize, ResourceState)> = state.groups[group]
        .resources
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r.state {
            ResourceState::OfflinePending => Some((i, ResourceState::Online)),
            ResourceState::OnlinePending => Some((i, ResourceState::Offline)),
            _ => None,
        })
        .collect();
    for (i, before) in pending {
        state.groups[group].resources[i].state = before;
        record(&mut state, group, i, Action::Cancelled);
    }
    let g = &mut state.groups[group];
    g.busy = false;
    g.cancel = false;
    crate::model::notify_group(&mut state, group);
    drop(state);
    cluster.wake.notify_all();
}

fn record(state: &mut State, group: usize, resource: usize, action: Action) {
    let g = &state.groups[group];
    let Some(r) = g.resources.get(resource) else {
        return;
    };
    let event = Event {
        group: g.name.clone(),
        resource: r.config.name.clone(),
        resource_type: r.config.resource_type.clone(),
        action,
    };
    state.events.push(event);
    crate::model::notify_resource(state, group, resource);
}

fn offline_one(state: &mut State, group: usize, index: usize, told: &Instruction) {
    let Some(resource) = state.groups[group].resources.get(index) else {
        return;
    };
    let is_vm = resource
        .config
        .resource_type
        .eq_ignore_ascii_case(VIRTUAL_MACHINE);
    let fails = resource.config.fail_offline;
    let (action, ignored) = if is_vm {
        vm_action(state, group, index, told)
    } else {
        let ignored = match told {
            Instruction::None => None,
            Instruction::Dword(v) => Some(Action::InstructionIgnored {
                reason: format!("no offline instructions for this type (got {v})"),
            }),
            Instruction::Other(syntax) => Some(not_a_dword(*syntax)),
        };
        (VmAction::Save, ignored)
    };
    if let Some(ignored) = ignored {
        record(state, group, index, ignored);
    }
    let (new_state, done) = if fails {
        (ResourceState::Failed, Action::FailedGoingOffline)
    } else if is_vm {
        (
            ResourceState::Offline,
            match action {
                VmAction::TurnOff => Action::VmTurnedOff,
                VmAction::Save => Action::VmSaved,
                VmAction::Shutdown => Action::VmShutDown,
                VmAction::ShutdownForce => Action::VmShutDownForced,
            },
        )
    } else {
        (ResourceState::Offline, Action::WentOffline)
    };
    state.groups[group].resources[index].state = new_state;
    record(state, group, index, done);
}

/// Brings a resource online; returns whether it failed. `recovering`: a
/// return to the source node, where the configured failure does not apply.
fn online_one(state: &mut State, group: usize, index: usize, recovering: bool) -> bool {
    let Some(resource) = state.groups[group].resources.get_mut(index) else {
        return false;
    };
    let fails = resource.config.fail_online && !recovering;
    resource.state = if fails {
        ResourceState::Failed
    } else {
        ResourceState::Online
    };
    let action = if fails {
        Action::FailedComingOnline
    } else {
        Action::CameOnline
    };
    record(state, group, index, action);
    fails
}

fn set_owner(state: &mut State, group: usize, to: usize) {
    let from = state.groups[group].owner;
    if from == to {
        return;
    }
    state.groups[group].owner = to;
    let (from, to) = (state.node_name(from), state.node_name(to));
    for i in 0..state.groups[group].resources.len() {
        let action = Action::Moved {
            from: from.clone(),
            to: to.clone(),
        };
        record(state, group, i, action);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SimCluster;
    use crate::model::{close, open_cluster, open_object};

    /// A handle to the object `name` of the kind given in `cluster`.
    fn open(cluster: isize, kind: HandleKind, name: &str, desired: Option<u32>) -> isize {
        open_object(cluster, kind, name, desired).unwrap().0
    }

    #[test]
    fn checks_come_in_the_documented_order_and_change_nothing() {
        let sim = SimCluster::from_text(
            "cluster ops-check-order\nnode NODE2\ngroup G\n\
             resource Slow type=Generic delay-ms=60000\nresource Stuck type=Generic locked\n",
        )
        .unwrap();
        let other = SimCluster::from_text("cluster ops-check-order-other\nnode NODE2\n").unwrap();
        let cluster = open_cluster(Some(sim.name()), None).unwrap().0;
        let foreign = open_cluster(Some(other.name()), None).unwrap().0;
        let group = open(cluster, HandleKind::Group, "G", None);
        let read_only = open(cluster, HandleKind::Group, "G", Some(w::GENERIC_READ));
        let slow = open(cluster, HandleKind::Resource, "Slow", None);
        let foreign_node = open(foreign, HandleKind::Node, "NODE2", None);
        let junk = b"not a property list";
        let all_flags = u32::MAX;

        // 1. A handle of the wrong kind, whatever else is wrong.
        let code = start(cluster, Request::OfflineGroup, all_flags, junk);
        assert_eq!(code, w::ERROR_INVALID_HANDLE);
        // 2. Read access only, before the flags and the buffer.
        let code = start(read_only, Request::OfflineGroup, all_flags, junk);
        assert_eq!(code, w::ERROR_ACCESS_DENIED);
        // 3. Flags, buffer and destination node, before the locked resource.
        let code = start(group, Request::OfflineGroup, all_flags, &[]);
        assert_eq!(code, w::ERROR_INVALID_PARAMETER);
        let code = start(group, Request::OfflineGroup, 0, junk);
        assert_eq!(code, w::ERROR_INVALID_PARAMETER);
        let to_foreign = Request::MoveGroup { node: foreign_node };
        assert_eq!(start(group, to_foreign, 0, &[]), w::ERROR_INVALID_HANDLE);
        // 5. The locked resource; nothing changed.
        let code = start(group, Request::OfflineGroup, 0, &[]);
        assert_eq!(code, w::ERROR_CLUSTER_RESOURCE_LOCKED_STATUS);
        assert_eq!(sim.resource_state("Slow"), Some(ResourceState::Online));
        assert!(sim.events().is_empty());

        // An operation on the unlocked resource keeps the group busy.
        let code = start(slow, Request::OfflineResource, 0, &[]);
        assert_eq!(code, w::ERROR_IO_PENDING);
        assert_eq!(
            sim.resource_state("Slow"),
            Some(ResourceState::OfflinePending)
        );
        // 3 before 4: a bad buffer is said before the running operation.
        let code = start(group, Request::OfflineGroup, 0, junk);
        assert_eq!(code, w::ERROR_INVALID_PARAMETER);
        // 4 before 5: the running operation before the locked resource.
        let code = start(group, Request::OfflineGroup, 0, &[]);
        assert_eq!(code, w::ERROR_INVALID_STATE);
        assert_eq!(sim.resource_state("Stuck"), Some(ResourceState::Online));

        for (handle, kind) in [
            (group, HandleKind::Group),
            (read_only, HandleKind::Group),
            (slow, HandleKind::Resource),
            (foreign_node, HandleKind::Node),
            (cluster, HandleKind::Cluster),
            (foreign, HandleKind::Cluster),
        ] {
            close(handle, kind).unwrap();
        }
    }
}
