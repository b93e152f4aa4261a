//! Typed instructions for `OfflineClusterGroupEx` and its relatives.
//!
//! MS-CMRP 3.1.4.2.130 (ApiOfflineGroupEx): the input buffer is a property
//! list whose property *names are resource type names*; resources of that
//! type read the value, every other property is passed to resources
//! unchanged. The one documented instruction is for the `"Virtual Machine"`
//! resource type: a DWORD from `VM_RESDLL_CONTEXT` (resapi.h) that says how
//! the VM goes offline. `VM_RESDLL_CONTEXT` also names `"Virtual Machine
//! Configuration"` as an accepted type name (stated for MoveClusterGroupEx).

use core::fmt;
use core::str::FromStr;

use crate::error::EncodeError;
use crate::write::builder::{EncodeOptions, PropertyListBuilder};

/// The resource type name of a Hyper-V virtual machine.
pub const VIRTUAL_MACHINE: &str = "Virtual Machine";

/// The resource type name of a virtual machine's configuration.
pub const VIRTUAL_MACHINE_CONFIGURATION: &str = "Virtual Machine Configuration";

/// The VM resource types that read instructions, in the order os-win and the
/// managed Failover Cluster framework send them.
pub const VM_RESOURCE_TYPES: [&str; 2] = [VIRTUAL_MACHINE, VIRTUAL_MACHINE_CONFIGURATION];

/// How a virtual machine goes offline (`VM_RESDLL_CONTEXT` values 0–3;
/// MS-CMRP 3.1.4.2.130). Value 4 is reserved for offline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum VmAction {
    /// `VmResdllContextTurnOff`: turn the VM off.
    TurnOff = 0,
    /// `VmResdllContextSave`: save the VM's state.
    Save = 1,
    /// `VmResdllContextShutdown`: shut the guest down.
    Shutdown = 2,
    /// `VmResdllContextShutdownForce`: force the guest to shut down.
    ShutdownForce = 3,
}

/// How a virtual machine leaves its node in `MoveClusterGroupEx`
/// (MS-CMRP 3.1.4.2.131, ApiMoveGroupEx): the offline actions plus live migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum VmMoveAction {
    /// Turn off, then move.
    TurnOff = 0,
    /// Save state, then move ("quick migration").
    Save = 1,
    /// Shut down, then move.
    Shutdown = 2,
    /// Forced shutdown, then move.
    ShutdownForce = 3,
    /// `VmResdllContextLiveMigration`: live migration.
    LiveMigration = 4,
}

/// A string that names no [`VmAction`] / [`VmMoveAction`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownVmAction;

impl fmt::Display for UnknownVmAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One error for both parsers: `live` is named as a move's only, so
        // that refusing it as an offline action does not offer it back.
        f.write_str(
            "unknown VM action (expected save, shutdown, turn-off or force-shutdown, \
             or live for a move)",
        )
    }
}

impl core::error::Error for UnknownVmAction {}

impl VmAction {
    /// Every action, in value order.
    pub const ALL: [VmAction; 4] = [
        VmAction::TurnOff,
        VmAction::Save,
        VmAction::Shutdown,
        VmAction::ShutdownForce,
    ];

    /// The DWORD written on the wire.
    pub const fn value(self) -> u32 {
        self as u32
    }

    /// The action for a wire value.
    pub const fn from_value(value: u32) -> Option<Self> {
        match value {
            0 => Some(VmAction::TurnOff),
            1 => Some(VmAction::Save),
            2 => Some(VmAction::Shutdown),
            3 => Some(VmAction::ShutdownForce),
            _ => None,
        }
    }

    /// The command-line spelling (`turn-off`, `save`, `shutdown`, `force-shutdown`).
    pub const fn as_str(self) -> &'static str {
        match self {
            VmAction::TurnOff => "turn-off",
            VmAction::Save => "save",
            VmAction::Shutdown => "shutdown",
            VmAction::ShutdownForce => "force-shutdown",
        }
    }
}

impl fmt::Display for VmAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VmAction {
    type Err = UnknownVmAction;
    fn from_str(s: &str) -> Result<Self, UnknownVmAction> {
        VmAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or(UnknownVmAction)
    }
}

impl VmMoveAction {
    /// The DWORD written on the wire.
    pub const fn value(self) -> u32 {
        self as u32
    }

    /// The command-line spelling (`live` for live migration).
    pub const fn as_str(self) -> &'static str {
        match self {
            VmMoveAction::TurnOff => "turn-off",
            VmMoveAction::Save => "save",
            VmMoveAction::Shutdown => "shutdown",
            VmMoveAction::ShutdownForce => "force-shutdown",
            VmMoveAction::LiveMigration => "live",
        }
    }
}

impl From<VmAction> for VmMoveAction {
    fn from(a: VmAction) -> Self {
        match a {
            VmAction::TurnOff => VmMoveAction::TurnOff,
            VmAction::Save => VmMoveAction::Save,
            VmAction::Shutdown => VmMoveAction::Shutdown,
            VmAction::ShutdownForce => VmMoveAction::ShutdownForce,
        }
    }
}

impl FromStr for VmMoveAction {
    type Err = UnknownVmAction;
    fn from_str(s: &str) -> Result<Self, UnknownVmAction> {
        if s == "live" {
            return Ok(VmMoveAction::LiveMigration);
        }
        s.parse::<VmAction>().map(VmMoveAction::from)
    }
}

impl fmt::Display for VmMoveAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Writes the one-property instruction `"Virtual Machine" = DWORD action`
/// into `buf` without allocating; returns its length (60 bytes, or 64 with
/// the trailing end mark).
///
/// ```
/// use clusprop::offline::{write_vm_instruction, VmAction};
/// let mut buf = [0u8; 64];
/// let len = write_vm_instruction(&mut buf, VmAction::Save, Default::default())?;
/// assert_eq!(len, 60); // vector V12
/// # Ok::<(), clusprop::EncodeError>(())
/// ```
pub fn write_vm_instruction(
    buf: &mut [u8],
    action: VmAction,
    options: EncodeOptions,
) -> Result<usize, EncodeError> {
    let mut b = PropertyListBuilder::with_options(buf, options);
    b.property(VIRTUAL_MACHINE, &action.value())?;
    b.finish()
}

#[cfg(feature = "alloc")]
pub use self::owned_instructions::OfflineInstructions;

#[cfg(feature = "alloc")]
mod owned_instructions {
    use alloc::vec::Vec;

    use super::{VIRTUAL_MACHINE, VM_RESOURCE_TYPES, VmAction, VmMoveAction};
    use crate::error::EncodeError;
    use crate::owned::{OwnedPropertyList, OwnedValue};
    use crate::write::builder::EncodeOptions;

    /// Instructions for `OfflineClusterGroupEx` (and the other `*Ex` calls
    /// that take a buffer), keyed by resource type name.
    ///
    /// ```
    /// use clusprop::offline::{OfflineInstructions, VmAction};
    /// // "Save the VMs of this group", exactly the bytes of vector V12:
    /// let bytes = OfflineInstructions::new().virtual_machine(VmAction::Save).to_vec()?;
    /// assert_eq!(bytes.len(), 60);
    /// # Ok::<(), clusprop::EncodeError>(())
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq, Default)]
    pub struct OfflineInstructions {
        list: OwnedPropertyList,
    }

    impl OfflineInstructions {
        /// No instructions (an empty list is also valid input: count 0).
        pub fn new() -> Self {
            Self::default()
        }

        /// Tells `"Virtual Machine"` resources how to go offline.
        pub fn virtual_machine(mut self, action: VmAction) -> Self {
            self.push_dword(VIRTUAL_MACHINE, action.value());
            self
        }

        /// Tells every VM resource type (`"Virtual Machine"` and `"Virtual
        /// Machine Configuration"`) what to do, as os-win and the managed
        /// framework do for moves.
        pub fn all_vm_types(mut self, action: impl Into<VmMoveAction>) -> Self {
            let value = action.into().value();
            for ty in VM_RESOURCE_TYPES {
                self.push_dword(ty, value);
            }
            self
        }

        fn push_dword(&mut self, name: &str, value: u32) {
            // The constant names hold no NUL, so this cannot fail.
            if let Ok(p) = crate::owned::OwnedProperty::new(name, OwnedValue::dword(value)) {
                self.list.properties.push(p);
            }
        }

        /// Adds any other instruction, passed to resources untouched.
        pub fn property(
            mut self,
            resource_type: &str,
            value: OwnedValue,
        ) -> Result<Self, EncodeError> {
            self.list.push(resource_type, value)?;
            Ok(self)
        }

        /// Appends the Windows-style trailing end mark when encoding.
        pub fn with_trailing_end_mark(mut self, on: bool) -> Self {
            self.list.trailing_end_mark = on;
            self
        }

        /// The instructions as a property list.
        pub fn as_list(&self) -> &OwnedPropertyList {
            &self.list
        }

        /// Consumes the instructions, returning the property list.
        pub fn into_list(self) -> OwnedPropertyList {
            self.list
        }

        /// The exact encoded size.
        pub fn encoded_len(&self) -> Result<usize, EncodeError> {
            self.list.encoded_len()
        }

        /// Encodes into `buf`.
        pub fn encode_into(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
            self.list.encode_into(buf)
        }

        /// Encodes into a new vector (client rules: no `EXPANDED_SZ`).
        pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
            self.list.to_vec_with(&self.encode_options())
        }

        fn encode_options(&self) -> EncodeOptions {
            self.list.encode_options()
        }
    }

    impl From<OwnedPropertyList> for OfflineInstructions {
        fn from(list: OwnedPropertyList) -> Self {
            OfflineInstructions { list }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action's name parses back to it; `live` is a move's only, and
    /// the refusal of it (or of anything else) does not offer `live` as an
    /// offline action.
    #[test]
    fn action_names_parse_and_refusals_say_which_names_exist() {
        for action in VmAction::ALL {
            assert_eq!(action.as_str().parse::<VmAction>(), Ok(action));
            let moving = VmMoveAction::from(action);
            assert_eq!(moving.as_str().parse::<VmMoveAction>(), Ok(moving));
        }
        assert_eq!(
            "live".parse::<VmMoveAction>(),
            Ok(VmMoveAction::LiveMigration)
        );
        assert_eq!("live".parse::<VmAction>(), Err(UnknownVmAction));
        let message = UnknownVmAction.to_string();
        assert_eq!(
            message,
            "unknown VM action (expected save, shutdown, turn-off or force-shutdown, \
             or live for a move)"
        );
    }
}
