//! `CLUSTER_GROUP_STATE` and `CLUSTER_RESOURCE_STATE`.

use std::fmt;

use windows_sys::Win32::Networking::Clustering::{
    self as c, CLUSTER_GROUP_STATE, CLUSTER_RESOURCE_STATE,
};

/// The state of a cluster group (`CLUSTER_GROUP_STATE`, MS-CMRP 3.1.4.2.46).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GroupState {
    /// `ClusterGroupStateUnknown` (−1): what `GetClusterGroupState` returns
    /// when it fails. [`Group::state`](crate::Group::state) turns a failure
    /// into an error, so this only appears when no error code came with it.
    Unknown,
    /// `ClusterGroupOnline` (0): every resource is online.
    Online,
    /// `ClusterGroupOffline` (1): every resource is offline (or the group has
    /// no resources).
    Offline,
    /// `ClusterGroupFailed` (2): at least one resource failed.
    Failed,
    /// `ClusterGroupPartialOnline` (3): some resources online, none failed.
    PartialOnline,
    /// `ClusterGroupPending` (4): at least one resource is going online or
    /// offline.
    Pending,
    /// A value this crate does not know, kept as is.
    Other(i32),
}

impl GroupState {
    /// The state for a raw `CLUSTER_GROUP_STATE`.
    pub const fn from_raw(raw: CLUSTER_GROUP_STATE) -> Self {
        match raw {
            c::ClusterGroupStateUnknown => Self::Unknown,
            c::ClusterGroupOnline => Self::Online,
            c::ClusterGroupOffline => Self::Offline,
            c::ClusterGroupFailed => Self::Failed,
            c::ClusterGroupPartialOnline => Self::PartialOnline,
            c::ClusterGroupPending => Self::Pending,
            other => Self::Other(other),
        }
    }

    /// The raw `CLUSTER_GROUP_STATE`.
    pub const fn to_raw(self) -> CLUSTER_GROUP_STATE {
        match self {
            Self::Unknown => c::ClusterGroupStateUnknown,
            Self::Online => c::ClusterGroupOnline,
            Self::Offline => c::ClusterGroupOffline,
            Self::Failed => c::ClusterGroupFailed,
            Self::PartialOnline => c::ClusterGroupPartialOnline,
            Self::Pending => c::ClusterGroupPending,
            Self::Other(raw) => raw,
        }
    }

    /// The Win32 enumerator name, e.g. `"ClusterGroupOffline"`.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::Unknown => "ClusterGroupStateUnknown",
            Self::Online => "ClusterGroupOnline",
            Self::Offline => "ClusterGroupOffline",
            Self::Failed => "ClusterGroupFailed",
            Self::PartialOnline => "ClusterGroupPartialOnline",
            Self::Pending => "ClusterGroupPending",
            Self::Other(_) => return None,
        })
    }
}

impl fmt::Display for GroupState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown => f.write_str("unknown"),
            Self::Online => f.write_str("online"),
            Self::Offline => f.write_str("offline"),
            Self::Failed => f.write_str("failed"),
            Self::PartialOnline => f.write_str("partially online"),
            Self::Pending => f.write_str("pending"),
            Self::Other(raw) => write!(f, "{raw} (not a known state)"),
        }
    }
}

/// The state of a cluster resource (`CLUSTER_RESOURCE_STATE` in clusapi.h;
/// MS-CMRP's ApiGetResourceState returns it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResourceState {
    /// `ClusterResourceStateUnknown` (−1): what `GetClusterResourceState`
    /// returns when it fails.
    Unknown,
    /// `ClusterResourceInherited` (0).
    Inherited,
    /// `ClusterResourceInitializing` (1).
    Initializing,
    /// `ClusterResourceOnline` (2).
    Online,
    /// `ClusterResourceOffline` (3).
    Offline,
    /// `ClusterResourceFailed` (4).
    Failed,
    /// `ClusterResourcePending` (128).
    Pending,
    /// `ClusterResourceOnlinePending` (129).
    OnlinePending,
    /// `ClusterResourceOfflinePending` (130).
    OfflinePending,
    /// A value this crate does not know, kept as is.
    Other(i32),
}

impl ResourceState {
    /// The state for a raw `CLUSTER_RESOURCE_STATE`.
    pub const fn from_raw(raw: CLUSTER_RESOURCE_STATE) -> Self {
        match raw {
            c::ClusterResourceStateUnknown => Self::Unknown,
            c::ClusterResourceInherited => Self::Inherited,
            c::ClusterResourceInitializing => Self::Initializing,
            c::ClusterResourceOnline => Self::Online,
            c::ClusterResourceOffline => Self::Offline,
            c::ClusterResourceFailed => Self::Failed,
            c::ClusterResourcePending => Self::Pending,
            c::ClusterResourceOnlinePending => Self::OnlinePending,
            c::ClusterResourceOfflinePending => Self::OfflinePending,
            other => Self::Other(other),
        }
    }

    /// The raw `CLUSTER_RESOURCE_STATE`.
    pub const fn to_raw(self) -> CLUSTER_RESOURCE_STATE {
        match self {
            Self::Unknown => c::ClusterResourceStateUnknown,
            Self::Inherited => c::ClusterResourceInherited,
            Self::Initializing => c::ClusterResourceInitializing,
            Self::Online => c::ClusterResourceOnline,
            Self::Offline => c::ClusterResourceOffline,
            Self::Failed => c::ClusterResourceFailed,
            Self::Pending => c::ClusterResourcePending,
            Self::OnlinePending => c::ClusterResourceOnlinePending,
            Self::OfflinePending => c::ClusterResourceOfflinePending,
            Self::Other(raw) => raw,
        }
    }

    /// The Win32 enumerator name, e.g. `"ClusterResourceOffline"`.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::Unknown => "ClusterResourceStateUnknown",
            Self::Inherited => "ClusterResourceInherited",
            Self::Initializing => "ClusterResourceInitializing",
            Self::Online => "ClusterResourceOnline",
            Self::Offline => "ClusterResourceOffline",
            Self::Failed => "ClusterResourceFailed",
            Self::Pending => "ClusterResourcePending",
            Self::OnlinePending => "ClusterResourceOnlinePending",
            Self::OfflinePending => "ClusterResourceOfflinePending",
            Self::Other(_) => return None,
        })
    }
}

impl fmt::Display for ResourceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown => f.write_str("unknown"),
            Self::Inherited => f.write_str("inherited"),
            Self::Initializing => f.write_str("initializing"),
            Self::Online => f.write_str("online"),
            Self::Offline => f.write_str("offline"),
            Self::Failed => f.write_str("failed"),
            Self::Pending => f.write_str("pending"),
            Self::OnlinePending => f.write_str("online pending"),
            Self::OfflinePending => f.write_str("offline pending"),
            Self::Other(raw) => write!(f, "{raw} (not a known state)"),
        }
    }
}

/// The state of whatever a wait watches: a group or a resource. Carried by
/// [`Error::WaitFailed`](crate::Error::WaitFailed) and
/// [`Error::Timeout`](crate::Error::Timeout). Non-exhaustive: a wait on
/// another kind of object would add a variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ObjectState {
    /// A group's state.
    Group(GroupState),
    /// A resource's state.
    Resource(ResourceState),
}

impl From<GroupState> for ObjectState {
    fn from(s: GroupState) -> Self {
        Self::Group(s)
    }
}

impl From<ResourceState> for ObjectState {
    fn from(s: ResourceState) -> Self {
        Self::Resource(s)
    }
}

impl fmt::Display for ObjectState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Group(s) => write!(f, "group {s}"),
            Self::Resource(s) => write!(f, "resource {s}"),
        }
    }
}

impl ObjectState {
    /// The state without its kind (`pending`, where `Display` writes `group
    /// pending`): for an error's message, whose [`Error::Object`] prefix
    /// names the object and so its kind (`group "G": ... last state
    /// pending`).
    ///
    /// [`Error::Object`]: crate::Error::Object
    pub(crate) fn without_kind(self) -> impl fmt::Display {
        struct Bare(ObjectState);
        impl fmt::Display for Bare {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0 {
                    ObjectState::Group(s) => s.fmt(f),
                    ObjectState::Resource(s) => s.fmt(f),
                }
            }
        }
        Bare(self)
    }
}

/// What a state query means: `state`, unless it is `unknown` with an error
/// code (the documented failure of `GetClusterGroupState` and
/// `GetClusterResourceState`), which is that error.
pub(crate) fn checked<S: PartialEq>(
    state: S,
    unknown: S,
    error: u32,
    function: &'static str,
) -> Result<S, crate::Error> {
    if state == unknown && error != 0 {
        return Err(crate::Error::from_last_error(function, error));
    }
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_state_round_trips() {
        for raw in -3..8 {
            assert_eq!(GroupState::from_raw(raw).to_raw(), raw);
        }
        assert_eq!(GroupState::from_raw(-1), GroupState::Unknown);
        assert_eq!(GroupState::from_raw(4), GroupState::Pending);
        assert_eq!(GroupState::from_raw(7), GroupState::Other(7));
        assert_eq!(GroupState::Offline.name(), Some("ClusterGroupOffline"));
    }

    #[test]
    fn every_resource_state_round_trips() {
        for raw in (-3..140).chain([i32::MIN, i32::MAX]) {
            assert_eq!(ResourceState::from_raw(raw).to_raw(), raw);
        }
        assert_eq!(ResourceState::from_raw(130), ResourceState::OfflinePending);
        assert_eq!(ResourceState::from_raw(3), ResourceState::Offline);
        assert_eq!(ResourceState::from_raw(5), ResourceState::Other(5));
        let named = (-1..=130)
            .filter(|&r| ResourceState::from_raw(r).name().is_some())
            .count();
        assert_eq!(
            named, 9,
            "every windows-sys CLUSTER_RESOURCE_STATE is named"
        );
        assert_eq!(
            ObjectState::from(ResourceState::Failed).to_string(),
            "resource failed"
        );
    }
}
