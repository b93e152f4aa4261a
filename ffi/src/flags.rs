//! Flags and access masks.

use std::ops::{BitOr, BitOrAssign};

use windows_sys::Win32::Foundation::{GENERIC_ALL, GENERIC_READ};
use windows_sys::Win32::Networking::Clustering as clus;
use windows_sys::Win32::System::SystemServices::MAXIMUM_ALLOWED;

macro_rules! flag_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name(u32);

        impl $name {
            /// No flags.
            pub const NONE: Self = Self(0);

            /// Any value, including bits this crate has no name for (the
            /// cluster rejects unknown bits with `ERROR_INVALID_PARAMETER`).
            pub const fn from_bits_retain(bits: u32) -> Self {
                Self(bits)
            }

            /// The raw value.
            pub const fn bits(self) -> u32 {
                self.0
            }

            /// Whether every bit of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
        }

        impl BitOr for $name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                Self(self.0 | rhs.0)
            }
        }

        impl BitOrAssign for $name {
            fn bitor_assign(&mut self, rhs: Self) {
                self.0 |= rhs.0;
            }
        }
    };
}

flag_type! {
    /// `dwOfflineFlags` of `OfflineClusterGroupEx`. MS-CMRP 3.1.4.2.130: the
    /// value is either 0 or
    /// [`CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS`].
    OfflineFlags
}

flag_type! {
    /// `dwOnlineFlags` of `OnlineClusterGroupEx`.
    OnlineFlags
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
    OfflineFlags(clus::CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS);

/// Online flag 0x1: bring the group online even if a resource is locked.
pub const CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS: OnlineFlags =
    OnlineFlags(clus::CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS);

/// Online flag 0x2 (Windows Server 2016+): the call returns when the group
/// is online.
pub const CLUSAPI_GROUP_ONLINE_SYNCHRONOUS: OnlineFlags =
    OnlineFlags(clus::CLUSAPI_GROUP_ONLINE_SYNCHRONOUS);

/// Online flag 0x4 (Windows Server 2016+): pick the best possible node.
pub const CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE: OnlineFlags =
    OnlineFlags(clus::CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE);

/// A desired access mask for `OpenClusterEx` / `OpenClusterGroupEx`, or the
/// access a handle was granted.
///
/// The cluster grants either read access (`GENERIC_READ`) or full access
/// (`GENERIC_ALL`); offline, online and move need full access
/// (MS-CMRP 3.1.4.2.130: access level "All").
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
