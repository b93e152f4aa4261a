//! [`Resource`]: a cluster resource, taken offline or brought online with
//! instruction buffers, and waited for.

use std::fmt;
use std::time::Duration;

use clusprop::offline::OfflineInstructions;
use windows_sys::Win32::Networking::Clustering::HRESOURCE;

use crate::error::Error;
use crate::flags::{Access, ResourceOfflineFlags, ResourceOnlineFlags};
use crate::name::read_name;
use crate::outcome::Outcome;
use crate::state::{ResourceState, checked};
use crate::sys::RawResource;
use crate::wait::{WaitOptions, WaitTarget, wait_for};

/// An open cluster resource (`HRESOURCE`), closed with
/// `CloseClusterResource` exactly once, on drop. It keeps its
/// [`Cluster`](crate::Cluster)'s handle open.
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
        self.offline_ex_raw(flags, &instructions.to_vec()?)
    }

    /// `OfflineClusterResourceEx` with any buffer (empty for none).
    pub fn offline_ex_raw(
        &self,
        flags: ResourceOfflineFlags,
        buffer: &[u8],
    ) -> Result<Outcome, Error> {
        let code = self.raw.offline_ex(flags.bits(), buffer)?;
        Outcome::from_code("OfflineClusterResourceEx", code)
    }

    /// `OfflineClusterResourceEx`, then [`Resource::wait`] for offline.
    pub fn offline_ex_and_wait(
        &self,
        flags: ResourceOfflineFlags,
        instructions: &OfflineInstructions,
        options: &WaitOptions,
    ) -> Result<(), Error> {
        // Completed or pending, the wait ends as soon as it reads the target
        // state (at the first poll for a completed request).
        let _accepted = self.offline_ex(flags, instructions)?;
        self.wait(WaitTarget::Offline, options).map(drop)
    }

    /// `OnlineClusterResourceEx` with any buffer (empty for none).
    pub fn online_ex_raw(
        &self,
        flags: ResourceOnlineFlags,
        buffer: &[u8],
    ) -> Result<Outcome, Error> {
        let code = self.raw.online_ex(flags.bits(), buffer)?;
        Outcome::from_code("OnlineClusterResourceEx", code)
    }

    /// `OnlineClusterResourceEx`, then [`Resource::wait`] for online.
    pub fn online_ex_and_wait(
        &self,
        flags: ResourceOnlineFlags,
        buffer: &[u8],
        options: &WaitOptions,
    ) -> Result<(), Error> {
        // Completed or pending, the wait ends as soon as it reads the target
        // state (at the first poll for a completed request).
        let _accepted = self.online_ex_raw(flags, buffer)?;
        self.wait(WaitTarget::Online, options).map(drop)
    }

    /// `GetClusterResourceState`. A failed query (state
    /// `ClusterResourceStateUnknown` with a last error) is an error.
    pub fn state(&self) -> Result<ResourceState, Error> {
        let raw = self.raw.state(None, None)?;
        Self::check_state(raw.state, raw.error)
    }

    /// `GetClusterResourceState` with the name of the node that owns the
    /// resource.
    pub fn state_and_node(&self) -> Result<(ResourceState, String), Error> {
        let (state, node) = read_name("GetClusterResourceState", |buf| {
            let raw = self.raw.state(Some(buf), None)?;
            Ok((raw.state, raw.node_len, raw.error))
        })?;
        Ok((Self::check_state(state, 0)?, node))
    }

    /// `GetClusterResourceState` with the name of the group the resource is
    /// in.
    pub fn group_name(&self) -> Result<String, Error> {
        let (state, group) = read_name("GetClusterResourceState", |buf| {
            let raw = self.raw.state(None, Some(buf))?;
            Ok((raw.state, raw.group_len, raw.error))
        })?;
        Self::check_state(state, 0)?;
        Ok(group)
    }

    fn check_state(raw: i32, error: u32) -> Result<ResourceState, Error> {
        let state = ResourceState::from_raw(raw);
        checked(
            state,
            ResourceState::Unknown,
            error,
            "GetClusterResourceState",
        )
    }

    /// Reads [`Resource::state`] with back-off (sleeping on a notification
    /// port for resource state changes between reads, where it can be
    /// created) until the resource reaches
    /// `target`, a failure state for it ([`Error::WaitFailed`]), a failed
    /// query or the timeout ([`Error::Timeout`]); the same loop as
    /// [`Group::wait`](crate::Group::wait).
    pub fn wait(&self, target: WaitTarget, options: &WaitOptions) -> Result<ResourceState, Error> {
        self.wait_observed(target, options, |_, _| {})
    }

    /// [`Resource::wait`], calling `observe` with every state it reads.
    pub fn wait_observed(
        &self,
        target: WaitTarget,
        options: &WaitOptions,
        observe: impl FnMut(ResourceState, Duration),
    ) -> Result<ResourceState, Error> {
        wait_for(
            || self.state(),
            target,
            options,
            crate::wait::state_port(
                self.raw.cluster(),
                windows_sys::Win32::Networking::Clustering::CLUSTER_OBJECT_TYPE_RESOURCE,
                windows_sys::Win32::Networking::Clustering::CLUSTER_CHANGE_RESOURCE_STATE_V2,
            ),
            observe,
        )
    }
}
