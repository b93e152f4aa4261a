//! The safe handle types: [`Cluster`] and [`Group`].

use std::fmt;
use std::sync::Arc;

use clusprop::offline::OfflineInstructions;
use windows_sys::Win32::Foundation::{ERROR_IO_PENDING, ERROR_MORE_DATA, ERROR_SUCCESS};
use windows_sys::Win32::Networking::Clustering::{HCLUSTER, HGROUP};

use crate::error::{Error, Win32Error};
use crate::flags::{Access, OfflineFlags, OnlineFlags};
use crate::name::{WideName, from_wide};
use crate::state::GroupState;
use crate::sys::{ClusApi, RawCluster, RawGroup};
use crate::wait::{RealClock, WaitOptions, WaitTarget, wait_until};

/// How an accepted offline/online/move request stands when the call returns.
///
/// "Not finished yet" is a status, not an error: `ERROR_IO_PENDING` becomes
/// [`Outcome::Pending`]. Both 0 and 997 mean "accepted" (MS-CMRP 3.1.4.2.130).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use = "a pending operation should be waited for (Group::wait)"]
pub enum Outcome {
    /// `ERROR_SUCCESS`: done (for example, the group was already offline).
    Completed,
    /// `ERROR_IO_PENDING`: accepted; the cluster is working on it. Wait with
    /// [`Group::wait`].
    Pending,
}

impl Outcome {
    fn from_code(function: &'static str, code: u32) -> Result<Self, Error> {
        match code {
            ERROR_SUCCESS => Ok(Self::Completed),
            ERROR_IO_PENDING => Ok(Self::Pending),
            other => Err(Error::Api {
                function,
                error: Win32Error::from_code(other),
            }),
        }
    }
}

/// An open cluster (`HCLUSTER`), closed with `CloseCluster` exactly once:
/// when this value and every [`Group`] opened from it are dropped.
///
/// `Send + Sync`; see the crate documentation for the rule.
pub struct Cluster {
    pub(crate) raw: Arc<RawCluster>,
    pub(crate) name: Option<String>,
}

impl fmt::Debug for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cluster")
            .field("name", &self.name)
            .field("handle", &self.raw.raw())
            .finish()
    }
}

impl Cluster {
    /// Opens the local cluster with `OpenCluster(NULL)` (full access, if the
    /// caller has it).
    pub fn open_local(api: &ClusApi) -> Result<Self, Error> {
        Ok(Self {
            raw: Arc::new(RawCluster::open(api, None)?),
            name: None,
        })
    }

    /// Opens the cluster called `name` (a cluster or node name) with
    /// `OpenCluster`.
    pub fn open_named(api: &ClusApi, name: &str) -> Result<Self, Error> {
        let wide = WideName::new(name)?;
        Ok(Self {
            raw: Arc::new(RawCluster::open(api, Some(&wide))?),
            name: Some(name.to_owned()),
        })
    }

    /// Opens the local (`None`) or a named cluster asking for `access`, with
    /// `OpenClusterEx` (Windows Server 2008 R2+). [`Cluster::granted_access`]
    /// tells what was granted.
    pub fn open(api: &ClusApi, name: Option<&str>, access: Access) -> Result<Self, Error> {
        let wide = name.map(WideName::new).transpose()?;
        Ok(Self {
            raw: Arc::new(RawCluster::open_ex(api, wide.as_ref(), access.bits())?),
            name: name.map(str::to_owned),
        })
    }

    /// The name it was opened with (`None` for the local cluster).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The access granted: what `OpenClusterEx` reported, or
    /// [`Access::ALL`] for `OpenCluster`.
    pub fn granted_access(&self) -> Access {
        Access::from_bits_retain(self.raw.granted())
    }

    /// The function table this handle uses.
    pub fn api(&self) -> &ClusApi {
        self.raw.api()
    }

    /// The raw handle, still owned by `self`.
    pub fn as_raw(&self) -> HCLUSTER {
        self.raw.raw()
    }

    /// Gives up ownership: the handle will never be closed by this crate,
    /// even after the groups opened from it are dropped.
    pub fn into_raw(self) -> HCLUSTER {
        self.raw.disown();
        self.raw.raw()
    }

    /// Opens a group by name with `OpenClusterGroup` (full access, if the
    /// caller has it). A missing group is `ERROR_GROUP_NOT_FOUND`.
    pub fn open_group(&self, name: &str) -> Result<Group, Error> {
        let wide = WideName::new(name)?;
        Ok(Group {
            raw: self.raw.open_group(&wide, None)?,
            name: name.to_owned(),
        })
    }

    /// Opens a group by name asking for `access`, with `OpenClusterGroupEx`
    /// (Windows Server 2008 R2+). A group opened with [`Access::READ`] can be
    /// queried but not taken offline (`ERROR_ACCESS_DENIED`).
    pub fn open_group_with_access(&self, name: &str, access: Access) -> Result<Group, Error> {
        let wide = WideName::new(name)?;
        Ok(Group {
            raw: self.raw.open_group(&wide, Some(access.bits()))?,
            name: name.to_owned(),
        })
    }
}

/// An open cluster group (`HGROUP`), closed with `CloseClusterGroup`
/// exactly once, on drop. It keeps its [`Cluster`]'s handle open.
///
/// `Send + Sync`; see the crate documentation for the rule.
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
    /// [`Win32Error::ClusterResourceLockedStatus`] (a resource is locked and
    /// [`CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS`](crate::CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS)
    /// was not given), [`Win32Error::AccessDenied`] (a read-only handle) or
    /// [`Win32Error::InvalidParameter`] (bad flags or buffer).
    pub fn offline_ex(
        &self,
        flags: OfflineFlags,
        instructions: &OfflineInstructions,
    ) -> Result<Outcome, Error> {
        let bytes = instructions.to_vec()?;
        self.offline_ex_raw(flags, &bytes)
    }

    /// `OfflineClusterGroupEx` with any buffer (the escape hatch: nothing is
    /// checked here; the cluster validates it). An empty slice is passed as
    /// `NULL, 0`. The buffer may be reused as soon as this returns.
    pub fn offline_ex_raw(&self, flags: OfflineFlags, buffer: &[u8]) -> Result<Outcome, Error> {
        let code = self.raw.offline_ex(flags.bits(), buffer)?;
        Outcome::from_code("OfflineClusterGroupEx", code)
    }

    /// `OfflineClusterGroupEx`, then, if pending, [`Group::wait`] for
    /// offline.
    pub fn offline_ex_and_wait(
        &self,
        flags: OfflineFlags,
        instructions: &OfflineInstructions,
        options: &WaitOptions,
    ) -> Result<(), Error> {
        match self.offline_ex(flags, instructions)? {
            Outcome::Completed => Ok(()),
            Outcome::Pending => self.wait(WaitTarget::Offline, options).map(drop),
        }
    }

    /// `OnlineClusterGroupEx` on the node the cluster picks, with a raw
    /// instruction buffer (empty for none).
    pub fn online_ex_raw(&self, flags: OnlineFlags, buffer: &[u8]) -> Result<Outcome, Error> {
        let code = self.raw.online_ex(flags.bits(), buffer)?;
        Outcome::from_code("OnlineClusterGroupEx", code)
    }

    /// `GetClusterGroupState`. A failed query (state
    /// `ClusterGroupStateUnknown` with a last error) is an error.
    pub fn state(&self) -> Result<GroupState, Error> {
        let (state, _, error) = self.raw.state(None)?;
        Self::check_state(state, error)
    }

    /// `GetClusterGroupState` with the name of the node that owns the group.
    pub fn state_and_node(&self) -> Result<(GroupState, String), Error> {
        let mut buf = vec![0u16; 64];
        loop {
            let (state, cch, error) = self.raw.state(Some(&mut buf))?;
            if error == ERROR_MORE_DATA {
                // `cch` is the length needed, without the terminator.
                let needed = usize::try_from(cch).unwrap_or(usize::MAX).saturating_add(1);
                if needed <= buf.len() || needed > 0x1_0000 {
                    return Err(Error::from_last_error("GetClusterGroupState", error));
                }
                buf.resize(needed, 0);
                continue;
            }
            let state = Self::check_state(state, error)?;
            let len = usize::try_from(cch).unwrap_or(usize::MAX).min(buf.len());
            return Ok((state, from_wide(buf.get(..len).unwrap_or(&buf))));
        }
    }

    fn check_state(raw: i32, error: u32) -> Result<GroupState, Error> {
        let state = GroupState::from_raw(raw);
        if state == GroupState::Unknown && error != 0 {
            return Err(Error::from_last_error("GetClusterGroupState", error));
        }
        Ok(state)
    }

    /// Polls [`Group::state`] with back-off until the group reaches
    /// `target` (returns the state), a failure state for it
    /// ([`Error::WaitFailed`]; for offline: `Failed`, `PartialOnline`,
    /// `Online`), a failed query (that error) or the timeout
    /// ([`Error::Timeout`] with the last state).
    pub fn wait(&self, target: WaitTarget, options: &WaitOptions) -> Result<GroupState, Error> {
        wait_until(|| self.state(), target, options, &RealClock)
    }

    /// [`Group::wait`], calling `observe` with every state it reads and the
    /// time waited so far (for a progress line).
    pub fn wait_observed(
        &self,
        target: WaitTarget,
        options: &WaitOptions,
        mut observe: impl FnMut(GroupState, std::time::Duration),
    ) -> Result<GroupState, Error> {
        let start = std::time::Instant::now();
        let query = || {
            let state = self.state()?;
            observe(state, start.elapsed());
            Ok(state)
        };
        wait_until(query, target, options, &RealClock)
    }
}
