//! [`Resource`]: a cluster resource, taken offline or brought online with
//! instruction buffers, and waited for.

use std::fmt;
use std::time::Duration;

use clusprop::offline::OfflineInstructions;
use windows_sys::Win32::Networking::Clustering::{self as clustering, HRESOURCE};

use crate::control::ObjectType;
use crate::error::Error;
use crate::flags::{Access, ResourceOfflineFlags, ResourceOnlineFlags};
use crate::name::read_name;
use crate::operation::{self, OperableKind};
use crate::outcome::Outcome;
use crate::state::{ResourceState, checked};
use crate::sys::{RawResource, ResourceKind};
use crate::wait::{WaitEvent, WaitOptions, WaitTarget};

/// An open cluster resource (`HRESOURCE`), closed with
/// `CloseClusterResource` exactly once, on drop. It keeps its
/// [`Cluster`](crate::Cluster)'s handle open.
///
/// Every error of its methods names it: an [`Error::Object`] with the
/// resource's name (match on [`Error::inner`] for the failure itself).
///
/// `Send + Sync`; see the crate documentation for the rule.
pub struct Resource {
    pub(crate) raw: RawResource,
    pub(crate) name: String,
}

impl fmt::Debug for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resource")
            .field("name", &self.name)
            .field("handle", &self.raw.raw())
            .finish()
    }
}

impl Resource {
    /// The name it was opened with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The access granted when it was opened.
    pub fn granted_access(&self) -> Access {
        Access::from_bits_retain(self.raw.granted())
    }

    /// The raw handle, still owned by `self`.
    pub fn as_raw(&self) -> HRESOURCE {
        self.raw.raw()
    }

    /// Gives up ownership: the resource handle will never be closed by this
    /// crate.
    pub fn into_raw(self) -> HRESOURCE {
        self.raw.into_raw()
    }

    /// `OfflineClusterResourceEx` with instructions (MS-CMRP's
    /// ApiOfflineResourceEx reads the same `"Virtual Machine"` DWORD as the
    /// group call). `Ok(Outcome::Pending)`: wait with [`Resource::wait`].
    pub fn offline_ex(
        &self,
        flags: ResourceOfflineFlags,
        instructions: &OfflineInstructions,
    ) -> Result<Outcome, Error> {
        let buffer = self.named(instructions.to_vec().map_err(Error::from))?;
        self.offline_ex_raw(flags, &buffer)
    }

    /// `OfflineClusterResourceEx` with any buffer (empty for none).
    pub fn offline_ex_raw(
        &self,
        flags: ResourceOfflineFlags,
        buffer: &[u8],
    ) -> Result<Outcome, Error> {
        self.named(operation::offline(&self.raw, flags.bits(), buffer))
    }

    /// `OfflineClusterResourceEx`, then [`Resource::wait`] for offline.
    pub fn offline_ex_and_wait(
        &self,
        flags: ResourceOfflineFlags,
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

    /// `OnlineClusterResourceEx` with any buffer (empty for none).
    pub fn online_ex_raw(
        &self,
        flags: ResourceOnlineFlags,
        buffer: &[u8],
    ) -> Result<Outcome, Error> {
        self.named(operation::online(&self.raw, (), flags.bits(), buffer))
    }

    /// `OnlineClusterResourceEx`, then [`Resource::wait`] for online.
    pub fn online_ex_and_wait(
        &self,
        flags: ResourceOnlineFlags,
        buffer: &[u8],
        options: &WaitOptions,
    ) -> Result<(), Error> {
        self.named(operation::online_and_wait(
            &self.raw,
            (),
            flags.bits(),
            buffer,
            options,
        ))
    }

    /// `GetClusterResourceState`. A failed query (state
    /// `ClusterResourceStateUnknown` with a last error) is an error.
    pub fn state(&self) -> Result<ResourceState, Error> {
        self.named(ResourceKind::state(&self.raw))
    }

    /// `GetClusterResourceState` with the name of the node that owns the
    /// resource.
    pub fn state_and_node(&self) -> Result<(ResourceState, String), Error> {
        let read = read_name("GetClusterResourceState", |buf| {
            let raw = self.raw.state(Some(buf), None)?;
            Ok((raw.state, raw.node_len, raw.error))
        })
        .and_then(|(state, node)| Ok((check_state(state, 0)?, node)));
        self.named(read)
    }

    /// `GetClusterResourceState` with the name of the group the resource is
    /// in.
    pub fn group_name(&self) -> Result<String, Error> {
        let read = read_name("GetClusterResourceState", |buf| {
            let raw = self.raw.state(None, Some(buf))?;
            Ok((raw.state, raw.group_len, raw.error))
        })
        .and_then(|(state, group)| check_state(state, 0).map(|_| group));
        self.named(read)
    }

    /// Reads [`Resource::state`] with back-off (sleeping on a notification
    /// port for resource state changes between reads, where it can be
    /// created) until the resource reaches
    /// `target`, a failure state for it ([`Error::WaitFailed`]), a failed
    /// query or the timeout ([`Error::Timeout`]); the same loop as
    /// [`Group::wait`](crate::Group::wait).
    pub fn wait(&self, target: WaitTarget, options: &WaitOptions) -> Result<ResourceState, Error> {
        self.wait_with(target, options, |_| {})
    }

    /// [`Resource::wait`], calling `observe` with every state it reads and
    /// the time waited so far: [`Resource::wait_with`] with only those two.
    pub fn wait_observed(
        &self,
        target: WaitTarget,
        options: &WaitOptions,
        mut observe: impl FnMut(ResourceState, Duration),
    ) -> Result<ResourceState, Error> {
        self.wait_with(target, options, |event| observe(event.state, event.elapsed))
    }

    /// [`Resource::wait`], showing `observe` a [`WaitEvent`] for every state it
    /// reads, in order: the state, the one read before it (so a progress
    /// display can print only the changes, [`WaitEvent::is_change`]) and the
    /// time waited so far. The observer runs on the waiting thread between
    /// reads; it may call other methods of this resource (for example
    /// to cancel the operation).
    pub fn wait_with(
        &self,
        target: WaitTarget,
        options: &WaitOptions,
        observe: impl FnMut(&WaitEvent<ResourceState>),
    ) -> Result<ResourceState, Error> {
        self.named(operation::wait(&self.raw, target, options, observe))
    }

    /// `result`, its error naming this resource ([`Error::Object`]).
    fn named<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|error| error.about(ObjectType::Resource, &self.name))
    }
}

/// A resource's state and the offline, online and wait shared with groups.
impl OperableKind for ResourceKind {
    type State = ResourceState;
    type Destination<'a> = ();
    const OFFLINE: &'static str = "OfflineClusterResourceEx";
    const ONLINE: &'static str = "OnlineClusterResourceEx";
    const OBJECT_TYPE: i32 = clustering::CLUSTER_OBJECT_TYPE_RESOURCE;
    const STATE_CHANGE: i32 = clustering::CLUSTER_CHANGE_RESOURCE_STATE_V2;

    fn offline(raw: &RawResource, flags: u32, buffer: &[u8]) -> Result<u32, Error> {
        raw.offline_ex(flags, buffer)
    }

    fn online(raw: &RawResource, (): (), flags: u32, buffer: &[u8]) -> Result<u32, Error> {
        raw.online_ex(flags, buffer)
    }

    fn state(raw: &RawResource) -> Result<ResourceState, Error> {
        let raw = raw.state(None, None)?;
        check_state(raw.state, raw.error)
    }
}

/// A raw `GetClusterResourceState` result: an error for `Unknown` with a
/// last error, else the state.
fn check_state(raw: i32, error: u32) -> Result<ResourceState, Error> {
    let state = ResourceState::from_raw(raw);
    checked(
        state,
        ResourceState::Unknown,
        error,
        "GetClusterResourceState",
    )
}
