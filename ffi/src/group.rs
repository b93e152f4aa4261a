//! [`Group`]: a cluster group, taken offline, brought online or moved with
//! instruction buffers, and waited for.

use std::fmt;
use std::time::Duration;

use clusprop::offline::OfflineInstructions;
use windows_sys::Win32::Networking::Clustering::{self as clustering, HCLUSTER, HGROUP};

use crate::control::ObjectType;
use crate::error::Error;
use crate::flags::{Access, MoveFlags, OfflineFlags, OnlineFlags};
use crate::name::read_name;
use crate::node::Node;
use crate::operation::{self, OperableKind};
use crate::outcome::Outcome;
use crate::state::{GroupState, checked};
use crate::sys::{GroupKind, RawGroup, RawNode};
use crate::wait::{WaitEvent, WaitOptions, WaitTarget};

/// An open cluster group (`HGROUP`), closed with `CloseClusterGroup`
/// exactly once, on drop. It keeps its [`Cluster`](crate::Cluster)'s handle
/// open.
///
/// Every error of its methods names it: an [`Error::Object`] with the
/// group's name (match on [`Error::inner`] for the failure itself).
///
/// `Send + Sync`; see the crate documentation for the rule.
///
/// ```
/// use std::time::Duration;
///
/// use clusprop::offline::{OfflineInstructions, VmAction};
/// use clusprop_ffi::{
///     Cluster, GroupState, OfflineFlags, OnlineFlags, Outcome, WaitOptions, WaitTarget,
/// };
/// use clusprop_sim::{ClusterConfig, SimCluster};
///
/// let sim = SimCluster::new(&ClusterConfig::demo().named("DocGroup"))?;
/// let api = sim.api();
/// let group = Cluster::open_named(&api, "DocGroup")?.open_group("DemoGroup")?;
/// let options = WaitOptions::with_timeout(Duration::from_secs(10));
///
/// // The call, then the wait when the cluster answers ERROR_IO_PENDING ...
/// let save = OfflineInstructions::new().virtual_machine(VmAction::Save);
/// if group.offline_ex(OfflineFlags::empty(), &save)? == Outcome::Pending {
///     assert_eq!(group.wait(WaitTarget::Offline, &options)?, GroupState::Offline);
/// }
/// // ... or both in one.
/// let owner = group.online_ex_and_wait(OnlineFlags::empty(), None, &[], &options)?;
/// assert_eq!(owner, "NODE1");
/// assert_eq!(group.state_and_node()?, (GroupState::Online, owner));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Group {
    pub(crate) raw: RawGroup,
    pub(crate) name: String,
}

impl fmt::Debug for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Group")
            .field("name", &self.name)
            .field("handle", &self.raw.raw())
            .finish()
    }
}

impl Group {
    /// The name it was opened with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The access granted when it was opened.
    pub fn granted_access(&self) -> Access {
        Access::from_bits_retain(self.raw.granted())
    }

    /// The raw handle, still owned by `self`.
    pub fn as_raw(&self) -> HGROUP {
        self.raw.raw()
    }

    /// The raw handle of the cluster it was opened from.
    pub fn cluster_raw(&self) -> HCLUSTER {
        self.raw.cluster().raw()
    }

    /// Gives up ownership: the group handle will never be closed by this
    /// crate. (The cluster handle is still closed when its last owner goes.)
    pub fn into_raw(self) -> HGROUP {
        self.raw.into_raw()
    }

    /// `OfflineClusterGroupEx` with the instructions built by
    /// [`clusprop::offline::OfflineInstructions`].
    ///
    /// `Ok(Outcome::Pending)` means accepted and in progress: wait with
    /// [`Group::wait`]`(WaitTarget::Offline, ..)`. An error means the request
    /// was rejected with no change to the group, e.g.
    /// [`Win32Error::ClusterResourceLockedStatus`](crate::Win32Error::ClusterResourceLockedStatus)
    /// (a resource is locked and
    /// [`CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS`](crate::CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS)
    /// was not given), [`Win32Error::AccessDenied`](crate::Win32Error::AccessDenied)
    /// (a read-only handle) or
    /// [`Win32Error::InvalidParameter`](crate::Win32Error::InvalidParameter)
    /// (bad flags or buffer).
    pub fn offline_ex(
        &self,
        flags: OfflineFlags,
        instructions: &OfflineInstructions,
    ) -> Result<Outcome, Error> {
        let buffer = self.named(instructions.to_vec().map_err(Error::from))?;
        self.offline_ex_raw(flags, &buffer)
    }

    /// Asks the cluster to cancel the group's pending operation (a move,
    /// or an offline or online that returned [`Outcome::Pending`]) with
    /// `CancelClusterGroupOperation` (Windows Server 2012+), which returns
    /// the group to its persistent state.
    ///
    /// [`Outcome::Completed`]: cancelled; [`Outcome::Pending`]: the
    /// cancellation is under way (wait for the group to leave
    /// [`GroupState::Pending`]); any other code is [`Error::Api`] (the
    /// simulator answers `ERROR_INVALID_STATE` when nothing is running).
    pub fn cancel_operation(&self) -> Result<Outcome, Error> {
        let outcome = self
            .raw
            .cancel_operation()
            .and_then(|code| Outcome::from_code("CancelClusterGroupOperation", code));
        self.named(outcome)
    }

    /// `OfflineClusterGroupEx` with any buffer (the escape hatch: nothing is
    /// checked here; the cluster validates it). An empty slice is passed as
    /// `NULL, 0`. The buffer may be reused as soon as this returns.
    pub fn offline_ex_raw(&self, flags: OfflineFlags, buffer: &[u8]) -> Result<Outcome, Error> {
        self.named(operation::offline(&self.raw, flags.bits(), buffer))
    }

    /// `OfflineClusterGroupEx`, then [`Group::wait`] for offline.
    pub fn offline_ex_and_wait(
        &self,
        flags: OfflineFlags,
        instructions: &OfflineInstructions,
        options: &WaitOptions,
    ) -> Result<(), Error> {
        self.named(operation::offline_and_wait(
            &self.raw,
            flags.bits(),
            instructions,
            options,
        ))
    }

    /// `OnlineClusterGroupEx` with a raw instruction buffer (empty for
    /// none), on `destination` or (`None`) the node the cluster picks.
    pub fn online_ex_raw(
        &self,
        flags: OnlineFlags,
        destination: Option<&Node>,
        buffer: &[u8],
    ) -> Result<Outcome, Error> {
        let destination = destination.map(|n| &n.raw);
        self.named(operation::online(
            &self.raw,
            destination,
            flags.bits(),
            buffer,
        ))
    }

    /// `OnlineClusterGroupEx`, then [`Group::wait`] for online; returns the
    /// node that owns the group. With a `destination`, ending on another
    /// node is [`Error::WrongNode`]
    /// ([`Group::state_and_node_checked_after_online`]): the cluster brings a
    /// group that is already up (online or partially online) up where it
    /// is, and the error then says so. With a `destination` the group's
    /// state is read before the call for that.
    pub fn online_ex_and_wait(
        &self,
        flags: OnlineFlags,
        destination: Option<&Node>,
        buffer: &[u8],
        options: &WaitOptions,
    ) -> Result<String, Error> {
        // Only for the message of a wrong node: a failed read leaves it
        // without the note rather than stopping the online.
        let before = destination.and_then(|_| self.state().ok());
        let raw_destination = destination.map(|n| &n.raw);
        let done =
            operation::online_and_wait(&self.raw, raw_destination, flags.bits(), buffer, options);
        self.named(done)?;
        Ok(self
            .state_and_node_checked_after_online(destination, before)?
            .1)
    }

    /// [`Group::state_and_node`], checked against `destination`: with one,
    /// a group on another node (names compared as Windows compares them,
    /// ASCII case ignored) is [`Error::WrongNode`], inside [`Error::Object`]
    /// naming the group. The check [`Group::online_ex_and_wait`] and
    /// [`Group::move_ex_and_wait`] make after their wait, for callers that
    /// make the call and wait themselves.
    pub fn state_and_node_checked(
        &self,
        destination: Option<&Node>,
    ) -> Result<(GroupState, String), Error> {
        self.checked_on(destination, None)
    }

    /// [`Group::state_and_node_checked`] after an online that began with
    /// the group in `before` (read with [`Group::state`] before the call;
    /// `None` when it was not read): the cluster leaves a group that was
    /// already up (online or partially online) where it is, so its
    /// [`Error::WrongNode`] carries that state in `already_up` and its
    /// message says an online does not move a group. The check
    /// [`Group::online_ex_and_wait`] makes, for callers that make the call
    /// and wait themselves.
    pub fn state_and_node_checked_after_online(
        &self,
        destination: Option<&Node>,
        before: Option<GroupState>,
    ) -> Result<(GroupState, String), Error> {
        let already_up =
            before.filter(|s| matches!(s, GroupState::Online | GroupState::PartialOnline));
        self.checked_on(destination, already_up)
    }

    /// The state and owner, a wrong owner being [`Error::WrongNode`] with
    /// `already_up`.
    fn checked_on(
        &self,
        destination: Option<&Node>,
        already_up: Option<GroupState>,
    ) -> Result<(GroupState, String), Error> {
        let (state, owner) = self.state_and_node()?;
        match destination {
            Some(node) if !owner.eq_ignore_ascii_case(node.name()) => {
                self.named(Err(Error::WrongNode {
                    wanted: node.name().to_owned(),
                    owner,
                    already_up,
                }))
            }
            _ => Ok((state, owner)),
        }
    }

    /// `MoveClusterGroupEx` to `destination` (`None`: the node the failover
    /// policy picks), with instructions for the group's resources. For VMs,
    /// [`OfflineInstructions::all_vm_types`] with
    /// [`VmMoveAction::LiveMigration`](clusprop::offline::VmMoveAction::LiveMigration)
    /// and [`MoveFlags::LIVE_MIGRATION`] is what os-win and the managed
    /// Failover Cluster framework send.
    pub fn move_ex(
        &self,
        flags: MoveFlags,
        destination: Option<&Node>,
        instructions: &OfflineInstructions,
    ) -> Result<Outcome, Error> {
        let buffer = self.named(instructions.to_vec().map_err(Error::from))?;
        self.move_ex_raw(flags, destination, &buffer)
    }

    /// `MoveClusterGroupEx` with any buffer (empty for none).
    pub fn move_ex_raw(
        &self,
        flags: MoveFlags,
        destination: Option<&Node>,
        buffer: &[u8],
    ) -> Result<Outcome, Error> {
        let outcome = self
            .raw
            .move_ex(destination.map(|n| &n.raw), flags.bits(), buffer)
            .and_then(|code| Outcome::from_code("MoveClusterGroupEx", code));
        self.named(outcome)
    }

    /// `MoveClusterGroupEx`, then waits until the group is back in the state
    /// it had ([`WaitTarget::Moved`] for a group that was not offline) and
    /// returns the node that owns it. With a `destination`, ending on
    /// another node is [`Error::WrongNode`].
    pub fn move_ex_and_wait(
        &self,
        flags: MoveFlags,
        destination: Option<&Node>,
        instructions: &OfflineInstructions,
        options: &WaitOptions,
    ) -> Result<String, Error> {
        let target = WaitTarget::after_move(self.state()?);
        // Completed or pending, the wait ends as soon as it reads the target
        // state (at the first poll for a completed request).
        let _accepted = self.move_ex(flags, destination, instructions)?;
        self.wait(target, options)?;
        Ok(self.state_and_node_checked(destination)?.1)
    }

    /// `GetClusterGroupState`. A failed query (state
    /// `ClusterGroupStateUnknown` with a last error) is an error.
    pub fn state(&self) -> Result<GroupState, Error> {
        self.named(GroupKind::state(&self.raw))
    }

    /// `GetClusterGroupState` with the name of the node that owns the group.
    pub fn state_and_node(&self) -> Result<(GroupState, String), Error> {
        let read = read_name("GetClusterGroupState", |buf| {
            let raw = self.raw.state(Some(buf))?;
            Ok((raw.state, raw.node_len, raw.error))
        })
        .and_then(|(state, node)| Ok((check_state(state, 0)?, node)));
        self.named(read)
    }

    /// Waits until the group reaches
    /// `target` (returns the state), a failure state for it
    /// ([`Error::WaitFailed`]; for offline: `Failed`, `PartialOnline`,
    /// `Online`), a failed query (that error) or the timeout
    /// ([`Error::Timeout`] with the last state). It reads [`Group::state`]
    /// with back-off, and between reads sleeps on a notification port for
    /// group state changes, so a change wakes it at once; where the port
    /// cannot be created it sleeps the pause out (polling).
    pub fn wait(&self, target: WaitTarget, options: &WaitOptions) -> Result<GroupState, Error> {
        self.wait_with(target, options, |_| {})
    }

    /// [`Group::wait`], calling `observe` with every state it reads and the
    /// time waited so far (for a progress line): [`Group::wait_with`] with
    /// only those two.
    pub fn wait_observed(
        &self,
        target: WaitTarget,
        options: &WaitOptions,
        mut observe: impl FnMut(GroupState, Duration),
    ) -> Result<GroupState, Error> {
        self.wait_with(target, options, |event| observe(event.state, event.elapsed))
    }

    /// [`Group::wait`], showing `observe` a [`WaitEvent`] for every state it
    /// reads, in order: the state, the one read before it (so a progress
    /// display can print only the changes, [`WaitEvent::is_change`]) and the
    /// time waited so far. The observer runs on the waiting thread between
    /// reads; it may call other methods of this group (for example
    /// to cancel the operation).
    pub fn wait_with(
        &self,
        target: WaitTarget,
        options: &WaitOptions,
        observe: impl FnMut(&WaitEvent<GroupState>),
    ) -> Result<GroupState, Error> {
        self.named(operation::wait(&self.raw, target, options, observe))
    }

    /// `result`, its error naming this group ([`Error::Object`]).
    pub(crate) fn named<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|error| error.about(ObjectType::Group, &self.name))
    }
}

/// A group's state and the offline, online and wait shared with resources.
impl OperableKind for GroupKind {
    type State = GroupState;
    type Destination<'a> = Option<&'a RawNode>;
    const OFFLINE: &'static str = "OfflineClusterGroupEx";
    const ONLINE: &'static str = "OnlineClusterGroupEx";
    const OBJECT_TYPE: i32 = clustering::CLUSTER_OBJECT_TYPE_GROUP;
    const STATE_CHANGE: i32 = clustering::CLUSTER_CHANGE_GROUP_STATE_V2;

    fn offline(raw: &RawGroup, flags: u32, buffer: &[u8]) -> Result<u32, Error> {
        raw.offline_ex(flags, buffer)
    }

    fn online(
        raw: &RawGroup,
        destination: Option<&RawNode>,
        flags: u32,
        buffer: &[u8],
    ) -> Result<u32, Error> {
        raw.online_ex(destination, flags, buffer)
    }

    fn state(raw: &RawGroup) -> Result<GroupState, Error> {
        let raw = raw.state(None)?;
        check_state(raw.state, raw.error)
    }
}

/// A raw `GetClusterGroupState` result: an error for `Unknown` with a last
/// error, else the state.
fn check_state(raw: i32, error: u32) -> Result<GroupState, Error> {
    let state = GroupState::from_raw(raw);
    checked(state, GroupState::Unknown, error, "GetClusterGroupState")
}
