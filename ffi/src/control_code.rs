//! Control codes by name: [`ControlCode`], the `CLUSCTL_*` code a
//! `Cluster*Control` call was sent, as errors show it.

use std::fmt;

use windows_sys::Win32::Networking::Clustering as c;

/// A control code (`dwControlCode` of `Cluster*Control`), kept with the
/// error of a control request ([`Error::Control`](crate::Error::Control)).
///
/// `Display` gives the `CLUSCTL_*` constant's name and the value in hex
/// (`CLUSCTL_GROUP_SET_COMMON_PROPERTIES (0x0340005E)`) for every code this
/// crate sends (the property codes of each [`ObjectType`](crate::ObjectType));
/// another code is shown by value (`control code 0x0100002D`).
///
/// ```
/// use clusprop_ffi::{ControlCode, ObjectType, WritableKind};
///
/// let set = ControlCode::new(ObjectType::Group.set_code(WritableKind::Common));
/// assert_eq!(set.name(), Some("CLUSCTL_GROUP_SET_COMMON_PROPERTIES"));
/// assert_eq!(set.to_string(), "CLUSCTL_GROUP_SET_COMMON_PROPERTIES (0x0340005E)");
/// assert_eq!(ControlCode::new(0x0100_002D).to_string(), "control code 0x0100002D");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ControlCode(u32);

impl ControlCode {
    /// The code `value`.
    pub const fn new(value: u32) -> Self {
        Self(value)
    }

    /// The numeric code.
    pub const fn value(self) -> u32 {
        self.0
    }

    /// The name of the `CLUSCTL_*` constant, e.g.
    /// `"CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES"`; `None` for a code not in
    /// the table (see the type's documentation).
    pub fn name(self) -> Option<&'static str> {
        NAMES
            .iter()
            .find(|&&(value, _)| value == self.0)
            .map(|&(_, name)| name)
    }
}

impl fmt::Display for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} (0x{:08X})", self.0),
            None => write!(f, "control code 0x{:08X}", self.0),
        }
    }
}

impl From<u32> for ControlCode {
    fn from(value: u32) -> Self {
        Self(value)
    }
}

impl From<ControlCode> for u32 {
    fn from(code: ControlCode) -> Self {
        code.0
    }
}

macro_rules! control_names {
    ($($name:ident,)*) => {
        /// Each named code's value and name (windows-sys types the constants
        /// `i32`; they are bit patterns, so the cast is exact).
        const NAMES: &[(u32, &str)] = &[$((c::$name as u32, stringify!($name)),)*];
    };
}

control_names! {
    // CLUS_OBJECT_CLUSTER
    CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES,
    CLUSCTL_CLUSTER_GET_RO_COMMON_PROPERTIES,
    CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES,
    CLUSCTL_CLUSTER_GET_RO_PRIVATE_PROPERTIES,
    CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES,
    CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES,
    CLUSCTL_CLUSTER_ENUM_COMMON_PROPERTIES,
    CLUSCTL_CLUSTER_ENUM_PRIVATE_PROPERTIES,
    CLUSCTL_CLUSTER_GET_COMMON_PROPERTY_FMTS,
    CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTY_FMTS,
    CLUSCTL_CLUSTER_VALIDATE_COMMON_PROPERTIES,
    CLUSCTL_CLUSTER_VALIDATE_PRIVATE_PROPERTIES,
    // CLUS_OBJECT_GROUP
    CLUSCTL_GROUP_GET_COMMON_PROPERTIES,
    CLUSCTL_GROUP_GET_RO_COMMON_PROPERTIES,
    CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES,
    CLUSCTL_GROUP_GET_RO_PRIVATE_PROPERTIES,
    CLUSCTL_GROUP_SET_COMMON_PROPERTIES,
    CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES,
    CLUSCTL_GROUP_ENUM_COMMON_PROPERTIES,
    CLUSCTL_GROUP_ENUM_PRIVATE_PROPERTIES,
    CLUSCTL_GROUP_GET_COMMON_PROPERTY_FMTS,
    CLUSCTL_GROUP_GET_PRIVATE_PROPERTY_FMTS,
    CLUSCTL_GROUP_VALIDATE_COMMON_PROPERTIES,
    CLUSCTL_GROUP_VALIDATE_PRIVATE_PROPERTIES,
    // CLUS_OBJECT_NODE
    CLUSCTL_NODE_GET_COMMON_PROPERTIES,
    CLUSCTL_NODE_GET_RO_COMMON_PROPERTIES,
    CLUSCTL_NODE_GET_PRIVATE_PROPERTIES,
    CLUSCTL_NODE_GET_RO_PRIVATE_PROPERTIES,
    CLUSCTL_NODE_SET_COMMON_PROPERTIES,
    CLUSCTL_NODE_SET_PRIVATE_PROPERTIES,
    CLUSCTL_NODE_ENUM_COMMON_PROPERTIES,
    CLUSCTL_NODE_ENUM_PRIVATE_PROPERTIES,
    CLUSCTL_NODE_GET_COMMON_PROPERTY_FMTS,
    CLUSCTL_NODE_GET_PRIVATE_PROPERTY_FMTS,
    CLUSCTL_NODE_VALIDATE_COMMON_PROPERTIES,
    CLUSCTL_NODE_VALIDATE_PRIVATE_PROPERTIES,
    // CLUS_OBJECT_RESOURCE
    CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES,
    CLUSCTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES,
    CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES,
    CLUSCTL_RESOURCE_ENUM_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES,
    CLUSCTL_RESOURCE_GET_COMMON_PROPERTY_FMTS,
    CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS,
    CLUSCTL_RESOURCE_VALIDATE_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES,
    // CLUS_OBJECT_RESOURCE_TYPE
    CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_TYPE_GET_RO_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES,
    CLUSCTL_RESOURCE_TYPE_GET_RO_PRIVATE_PROPERTIES,
    CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES,
    CLUSCTL_RESOURCE_TYPE_ENUM_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_TYPE_ENUM_PRIVATE_PROPERTIES,
    CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTY_FMTS,
    CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTY_FMTS,
    CLUSCTL_RESOURCE_TYPE_VALIDATE_COMMON_PROPERTIES,
    CLUSCTL_RESOURCE_TYPE_VALIDATE_PRIVATE_PROPERTIES,
    // CLUS_OBJECT_NETWORK
    CLUSCTL_NETWORK_GET_COMMON_PROPERTIES,
    CLUSCTL_NETWORK_GET_RO_COMMON_PROPERTIES,
    CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES,
    CLUSCTL_NETWORK_GET_RO_PRIVATE_PROPERTIES,
    CLUSCTL_NETWORK_SET_COMMON_PROPERTIES,
    CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES,
    CLUSCTL_NETWORK_ENUM_COMMON_PROPERTIES,
    CLUSCTL_NETWORK_ENUM_PRIVATE_PROPERTIES,
    CLUSCTL_NETWORK_GET_COMMON_PROPERTY_FMTS,
    CLUSCTL_NETWORK_GET_PRIVATE_PROPERTY_FMTS,
    CLUSCTL_NETWORK_VALIDATE_COMMON_PROPERTIES,
    CLUSCTL_NETWORK_VALIDATE_PRIVATE_PROPERTIES,
    // CLUS_OBJECT_NETINTERFACE
    CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES,
    CLUSCTL_NETINTERFACE_GET_RO_COMMON_PROPERTIES,
    CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES,
    CLUSCTL_NETINTERFACE_GET_RO_PRIVATE_PROPERTIES,
    CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES,
    CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES,
    CLUSCTL_NETINTERFACE_ENUM_COMMON_PROPERTIES,
    CLUSCTL_NETINTERFACE_ENUM_PRIVATE_PROPERTIES,
    CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTY_FMTS,
    CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTY_FMTS,
    CLUSCTL_NETINTERFACE_VALIDATE_COMMON_PROPERTIES,
    CLUSCTL_NETINTERFACE_VALIDATE_PRIVATE_PROPERTIES,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ObjectType, PropertyKind, WritableKind};

    const OBJECTS: [ObjectType; 7] = [
        ObjectType::Cluster,
        ObjectType::Group,
        ObjectType::Node,
        ObjectType::Resource,
        ObjectType::ResourceType,
        ObjectType::Network,
        ObjectType::NetInterface,
    ];

    /// Every code the crate sends has a name, and that name says the
    /// object and the operation it was sent for (a row wired to the wrong
    /// constant would say another).
    #[test]
    fn every_code_the_crate_sends_is_named_for_its_object_and_operation() {
        let object = |o: ObjectType| match o {
            ObjectType::Cluster => "CLUSTER",
            ObjectType::Group => "GROUP",
            ObjectType::Node => "NODE",
            ObjectType::Resource => "RESOURCE",
            ObjectType::ResourceType => "RESOURCE_TYPE",
            ObjectType::Network => "NETWORK",
            ObjectType::NetInterface => "NETINTERFACE",
        };
        for o in OBJECTS {
            let mut sent: Vec<(u32, String)> = [
                (PropertyKind::Common, "GET_COMMON_PROPERTIES"),
                (PropertyKind::ReadOnlyCommon, "GET_RO_COMMON_PROPERTIES"),
                (PropertyKind::Private, "GET_PRIVATE_PROPERTIES"),
                (PropertyKind::ReadOnlyPrivate, "GET_RO_PRIVATE_PROPERTIES"),
            ]
            .map(|(kind, operation)| (o.get_code(kind), operation.to_owned()))
            .into();
            for (kind, word) in [
                (WritableKind::Common, "COMMON"),
                (WritableKind::Private, "PRIVATE"),
            ] {
                sent.push((o.set_code(kind), format!("SET_{word}_PROPERTIES")));
                sent.push((o.enum_code(kind), format!("ENUM_{word}_PROPERTIES")));
                sent.push((o.formats_code(kind), format!("GET_{word}_PROPERTY_FMTS")));
                sent.push((o.validate_code(kind), format!("VALIDATE_{word}_PROPERTIES")));
            }
            for (value, operation) in sent {
                let code = ControlCode::new(value);
                let expected = format!("CLUSCTL_{}_{operation}", object(o));
                assert_eq!(code.name(), Some(expected.as_str()), "{value:#010X}");
                assert_eq!(code.to_string(), format!("{expected} ({value:#010X})"));
            }
        }
    }

    #[test]
    fn names_are_unique_and_values_too() {
        let mut values: Vec<u32> = NAMES.iter().map(|&(v, _)| v).collect();
        values.sort_unstable();
        values.dedup();
        assert_eq!(values.len(), NAMES.len());
        assert_eq!(NAMES.len(), 7 * 12);
    }

    #[test]
    fn an_unnamed_code_is_shown_by_value() {
        let code = ControlCode::from(0x0100_002D);
        assert_eq!(code.name(), None);
        assert_eq!(code.to_string(), "control code 0x0100002D");
        assert_eq!(u32::from(code), 0x0100_002D);
        assert_eq!(code.value(), 0x0100_002D);
    }
}
