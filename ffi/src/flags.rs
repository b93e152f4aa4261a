//! Flags (typed bitflags whose values are the `CLUSAPI_*` constants of
//! `windows-sys`) and access masks.

use windows_sys::Win32::Foundation::{GENERIC_ALL, GENERIC_READ};
use windows_sys::Win32::Networking::Clustering as clus;
use windows_sys::Win32::System::SystemServices::MAXIMUM_ALLOWED;

bitflags::bitflags! {
    /// `dwOfflineFlags` of `OfflineClusterGroupEx`. MS-CMRP 3.1.4.2.130: the
    /// value is either 0 or
    /// [`CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS`].
    ///
    /// `from_bits_retain` keeps bits this crate has no name for; the cluster
    /// rejects unknown bits with `ERROR_INVALID_PARAMETER`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct OfflineFlags: u32 {
        /// `CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS`.
        const IGNORE_RESOURCE_STATUS = clus::CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS;
    }

    /// `dwOnlineFlags` of `OnlineClusterGroupEx`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct OnlineFlags: u32 {
        /// `CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS`: come online even if
        /// a resource is locked in its state.
        const IGNORE_RESOURCE_STATUS = clus::CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS;
        /// `CLUSAPI_GROUP_ONLINE_SYNCHRONOUS` (Windows Server 2016+): return
        /// when the group is online.
        const SYNCHRONOUS = clus::CLUSAPI_GROUP_ONLINE_SYNCHRONOUS;
        /// `CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE` (Windows Server 2016+).
        const BEST_POSSIBLE_NODE = clus::CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE;
        /// `CLUSAPI_GROUP_ONLINE_IGNORE_AFFINITY_RULE`.
        const IGNORE_AFFINITY_RULE = clus::CLUSAPI_GROUP_ONLINE_IGNORE_AFFINITY_RULE;
    }

    /// `dwMoveFlags` of `MoveClusterGroupEx` (MS-CMRP 3.1.4.2.131). MS-CMRP:
    /// `IGNORE_RESOURCE_STATUS` together with `QUEUE_ENABLED` is
    /// `ERROR_INVALID_PARAMETER`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MoveFlags: u32 {
        /// `CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS`: move even if a
        /// resource is locked in its state, terminating it if need be.
        const IGNORE_RESOURCE_STATUS = clus::CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS;
        /// `CLUSAPI_GROUP_MOVE_RETURN_TO_SOURCE_NODE_ON_ERROR`.
        const RETURN_TO_SOURCE_NODE_ON_ERROR = clus::CLUSAPI_GROUP_MOVE_RETURN_TO_SOURCE_NODE_ON_ERROR;
        /// `CLUSAPI_GROUP_MOVE_QUEUE_ENABLED`: retry while the resources say
        /// "not now".
        const QUEUE_ENABLED = clus::CLUSAPI_GROUP_MOVE_QUEUE_ENABLED;
        /// `CLUSAPI_GROUP_MOVE_HIGH_PRIORITY_START`.
        const HIGH_PRIORITY_START = clus::CLUSAPI_GROUP_MOVE_HIGH_PRIORITY_START;
        /// `CLUSAPI_GROUP_MOVE_FAILBACK` (Win32: "reserved").
        const FAILBACK = clus::CLUSAPI_GROUP_MOVE_FAILBACK;
        /// `CLUSAPI_GROUP_MOVE_IGNORE_AFFINITY_RULE`.
        const IGNORE_AFFINITY_RULE = clus::CLUSAPI_GROUP_MOVE_IGNORE_AFFINITY_RULE;
    }

    /// `dwOfflineFlags` of `OfflineClusterResourceEx`. (The
    /// `CLUSAPI_RESOURCE_OFFLINE_REASON_*` values that the Win32 page lists
    /// beside them are reasons handed to resource DLLs, not flags, and
    /// collide with these numerically; they are deliberately absent.)
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct ResourceOfflineFlags: u32 {
        /// `CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS`.
        const IGNORE_RESOURCE_STATUS = clus::CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS;
        /// `CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION`.
        const FORCE_WITH_TERMINATION = clus::CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION;
        /// `CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE`.
        const DO_NOT_UPDATE_PERSISTENT_STATE = clus::CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE;
    }

    /// `dwOnlineFlags` of `OnlineClusterResourceEx`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct ResourceOnlineFlags: u32 {
        /// `CLUSAPI_RESOURCE_ONLINE_IGNORE_RESOURCE_STATUS`.
        const IGNORE_RESOURCE_STATUS = clus::CLUSAPI_RESOURCE_ONLINE_IGNORE_RESOURCE_STATUS;
        /// `CLUSAPI_RESOURCE_ONLINE_DO_NOT_UPDATE_PERSISTENT_STATE`.
        const DO_NOT_UPDATE_PERSISTENT_STATE = clus::CLUSAPI_RESOURCE_ONLINE_DO_NOT_UPDATE_PERSISTENT_STATE;
        /// `CLUSAPI_RESOURCE_ONLINE_NECESSARY_FOR_QUORUM`.
        const NECESSARY_FOR_QUORUM = clus::CLUSAPI_RESOURCE_ONLINE_NECESSARY_FOR_QUORUM;
        /// `CLUSAPI_RESOURCE_ONLINE_BEST_POSSIBLE_NODE`.
        const BEST_POSSIBLE_NODE = clus::CLUSAPI_RESOURCE_ONLINE_BEST_POSSIBLE_NODE;
        /// `CLUSAPI_RESOURCE_ONLINE_IGNORE_AFFINITY_RULE`.
        const IGNORE_AFFINITY_RULE = clus::CLUSAPI_RESOURCE_ONLINE_IGNORE_AFFINITY_RULE;
    }
}

macro_rules! none_and_default {
    ($($name:ident),*) => {$(
        impl $name {
            /// No flags (`0`).
            pub const NONE: Self = Self::empty();
        }

        impl Default for $name {
            /// No flags.
            fn default() -> Self {
                Self::NONE
            }
        }
    )*};
}

none_and_default!(
    OfflineFlags,
    OnlineFlags,
    MoveFlags,
    ResourceOfflineFlags,
    ResourceOnlineFlags
);

impl MoveFlags {
    /// What the Win32 page and MS-CMRP recommend for a VM live migration:
    /// `RETURN_TO_SOURCE_NODE_ON_ERROR | QUEUE_ENABLED | HIGH_PRIORITY_START`
    /// (0xE).
    pub const LIVE_MIGRATION: Self = Self::RETURN_TO_SOURCE_NODE_ON_ERROR
        .union(Self::QUEUE_ENABLED)
        .union(Self::HIGH_PRIORITY_START);
}

/// Offline flag 0x1: go offline even if a resource is "locked" in its state
/// (otherwise the call fails with `ERROR_CLUSTER_RESOURCE_LOCKED_STATUS`).
///
/// This is the name in the SDK header, `windows-sys` and MS-CMRP. The Win32
/// page for `OfflineClusterGroupEx` also spells it
/// `CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_LOCKED_STATUS` and
/// `CLUSAPI_OFFLINE_GROUP_IGNORE_RESOURCE_LOCKED_STATUS`; neither exists in
/// any header, so they are only search aliases here.
#[doc(alias = "CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_LOCKED_STATUS")]
#[doc(alias = "CLUSAPI_OFFLINE_GROUP_IGNORE_RESOURCE_LOCKED_STATUS")]
#[doc(alias = "IGNORE_RESOURCE_STATUS")]
pub const CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS: OfflineFlags =
    OfflineFlags::IGNORE_RESOURCE_STATUS;

/// Online flag 0x1: bring the group online even if a resource is locked.
pub const CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS: OnlineFlags =
    OnlineFlags::IGNORE_RESOURCE_STATUS;

/// Online flag 0x2 (Windows Server 2016+): the call returns when the group
/// is online.
pub const CLUSAPI_GROUP_ONLINE_SYNCHRONOUS: OnlineFlags = OnlineFlags::SYNCHRONOUS;

/// Online flag 0x4 (Windows Server 2016+): pick the best possible node.
pub const CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE: OnlineFlags = OnlineFlags::BEST_POSSIBLE_NODE;

/// A desired access mask for `OpenClusterEx` / `OpenCluster*Ex`, or the
/// access a handle was granted.
///
/// The cluster grants either read access (`GENERIC_READ`) or full access
/// (`GENERIC_ALL`); offline, online, move and the `SET` control codes need
/// full access (MS-CMRP 3.1.4.2.130: access level "All").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Access(u32);

impl Access {
    /// `GENERIC_READ`: query only.
    pub const READ: Self = Self(GENERIC_READ);
    /// `GENERIC_ALL`: full access, what the plain `Open*` calls ask for.
    pub const ALL: Self = Self(GENERIC_ALL);
    /// `MAXIMUM_ALLOWED`: whatever the caller may have.
    pub const MAXIMUM_ALLOWED: Self = Self(MAXIMUM_ALLOWED);

    /// Any mask, as passed to Windows.
    pub const fn from_bits_retain(bits: u32) -> Self {
        Self(bits)
    }

    /// The raw mask.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Whether a granted mask allows changes (offline, online, move):
    /// `GENERIC_ALL`, `GENERIC_WRITE`/`GENERIC_EXECUTE` (which MS-CMRP maps
    /// to read + change) or the clusapi `CLUSAPI_CHANGE_ACCESS` bit.
    pub const fn allows_change(self) -> bool {
        const CHANGE: u32 = clus::CLUSAPI_CHANGE_ACCESS as u32;
        const WRITE_OR_EXECUTE: u32 = windows_sys::Win32::Foundation::GENERIC_WRITE
            | windows_sys::Win32::Foundation::GENERIC_EXECUTE;
        self.0 & (GENERIC_ALL | WRITE_OR_EXECUTE | CHANGE) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_for_flag_one() {
        assert_eq!(CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS.bits(), 1);
        let both = OfflineFlags::NONE | CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS;
        assert!(both.contains(CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS));
        assert!(!OfflineFlags::NONE.contains(CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS));
        assert_eq!(OfflineFlags::default(), OfflineFlags::NONE);
    }

    #[test]
    fn flag_values_are_the_headers() {
        // The documented values (docs/wire-format.md §6.2); the constants come from
        // windows-sys, so this catches a flag wired to the wrong constant.
        assert_eq!(MoveFlags::all().bits(), 0x3F);
        assert_eq!(MoveFlags::LIVE_MIGRATION.bits(), 0xE);
        assert_eq!(OnlineFlags::all().bits(), 0xF);
        assert_eq!(ResourceOfflineFlags::all().bits(), 0x7);
        assert_eq!(ResourceOnlineFlags::all().bits(), 0x2F);
        assert_eq!(
            format!("{:?}", MoveFlags::IGNORE_RESOURCE_STATUS),
            "MoveFlags(IGNORE_RESOURCE_STATUS)"
        );
        // Unknown bits are kept, not dropped.
        assert_eq!(OfflineFlags::from_bits_retain(0x8).bits(), 0x8);
        assert_eq!(OfflineFlags::from_bits(0x8), None);
    }

    #[test]
    fn access_masks() {
        assert_eq!(Access::READ.bits(), 0x8000_0000);
        assert_eq!(Access::ALL.bits(), 0x1000_0000);
        assert_eq!(Access::MAXIMUM_ALLOWED.bits(), 0x0200_0000);
        assert!(Access::ALL.allows_change());
        assert!(!Access::READ.allows_change());
    }
}
