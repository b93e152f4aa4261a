//! `CLUSTER_GROUP_STATE`.

use std::fmt;

use windows_sys::Win32::Networking::Clustering::{self as c, CLUSTER_GROUP_STATE};

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
            Self::Other(raw) => write!(f, "state {raw}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips() {
        for raw in -3..8 {
            assert_eq!(GroupState::from_raw(raw).to_raw(), raw);
        }
        assert_eq!(GroupState::from_raw(-1), GroupState::Unknown);
        assert_eq!(GroupState::from_raw(4), GroupState::Pending);
        assert_eq!(GroupState::from_raw(7), GroupState::Other(7));
        assert_eq!(GroupState::Offline.name(), Some("ClusterGroupOffline"));
    }
}
