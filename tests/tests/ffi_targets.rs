//! The control targets beyond clusters, groups, nodes and resources:
//! resource types (`ClusterResourceTypeControl`, by name), networks and
//! network interfaces (`OpenClusterNetwork`/`OpenClusterNetInterface`,
//! their controls and closes), with the same get/set/validate API and the
//! `ENUM_*_PROPERTIES` / `GET_*_PROPERTY_FMTS` codes, in-process and
//! through the simulator's shared library. Every handle closed once.

mod common;

use clusprop::{OwnedPropertyList, OwnedValue, Utf16Str};
use clusprop_ffi::{ControlTarget, ObjectType, PropertyKind, SetOutcome, Win32Error, WritableKind};
use common::{Mode, Sim, api_error, both_modes};

const CONFIG: &str = "cluster NAME demo
network \"Backup Net\"
common \"Description=sz:the backup network\"
netinterface \"NODE1 - Backup\" node=NODE1 network=\"Backup Net\"
private \"Speed=dword:1000\"
restype \"Generic Script\"
";

fn one(name: &str, value: OwnedValue) -> OwnedPropertyList {
    let mut l = OwnedPropertyList::new();
    l.push(name, value).unwrap();
    l
}

/// Each new target reads its stores, writes, validates and lists its
/// property names and formats.
fn get_set_validate(mode: Mode) {
    let sim = Sim::new(mode, "targets", CONFIG);
    {
        let cluster = sim.open();
        let net = cluster.open_network("backup net").unwrap();
        assert_eq!(net.name(), "backup net");
        let ro = net.get_properties(PropertyKind::ReadOnlyCommon).unwrap();
        assert_eq!(ro.list().get::<Utf16Str<'_>>("Name").unwrap(), "Backup Net");
        let common = net.get_properties(PropertyKind::Common).unwrap();
        assert_eq!(
            common.list().get::<Utf16Str<'_>>("Description").unwrap(),
            "the backup network"
        );
        let change = one("Description", OwnedValue::sz("changed").unwrap());
        net.validate_properties(WritableKind::Common, &change)
            .unwrap();
        assert_eq!(
            net.set_properties(WritableKind::Common, &change).unwrap(),
            SetOutcome::Applied
        );
        let common = net.get_properties(PropertyKind::Common).unwrap();
        assert_eq!(
            common.list().get::<Utf16Str<'_>>("Description").unwrap(),
            "changed"
        );
        assert_eq!(
            net.property_names(WritableKind::Common).unwrap(),
            ["Description", "Name"]
        );

        let nic = cluster.open_net_interface("NODE1 - Backup").unwrap();
        let ro = nic.get_properties(PropertyKind::ReadOnlyCommon).unwrap();
        assert_eq!(ro.list().get::<Utf16Str<'_>>("Node").unwrap(), "NODE1");
        assert_eq!(
            ro.list().get::<Utf16Str<'_>>("Network").unwrap(),
            "Backup Net"
        );
        let private = nic.get_properties(PropertyKind::Private).unwrap();
        assert_eq!(private.list().get::<u32>("Speed").unwrap(), 1000);
        let formats = nic.property_formats(WritableKind::Private).unwrap();
        assert_eq!(formats.list().get::<u16>("Speed").unwrap(), 2, "DWORD");
        // A wrong type is refused, naming nothing changed.
        let bad = one("Speed", OwnedValue::sz("fast").unwrap());
        let (function, _) = api_error(nic.set_properties(WritableKind::Private, &bad));
        assert_eq!(function, "ClusterNetInterfaceControl");
        let private = nic.get_properties(PropertyKind::Private).unwrap();
        assert_eq!(private.list().get::<u32>("Speed").unwrap(), 1000);

        // Resource types: the declared one and those the resources use.
        for name in ["Generic Script", "virtual machine", "Physical Disk"] {
            let ty = cluster.resource_type(name).unwrap();
            let ro = ty.get_properties(PropertyKind::ReadOnlyCommon).unwrap();
            assert!(
                ro.list()
                    .get::<Utf16Str<'_>>("Name")
                    .unwrap()
                    .eq_ignore_ascii_case(name)
            );
        }
        let ty = cluster.resource_type("Generic Script").unwrap();
        let change = one("Description", OwnedValue::sz("scripts").unwrap());
        assert_eq!(
            ty.set_properties(WritableKind::Common, &change).unwrap(),
            SetOutcome::Applied
        );
        assert_eq!(
            ty.property_names(WritableKind::Common).unwrap(),
            ["Description", "Name"]
        );
        let (function, error) = api_error(
            cluster
                .resource_type("No Such Type")
                .unwrap()
                .get_properties(PropertyKind::Common),
        );
        assert_eq!(function, "ClusterResourceTypeControl");
        assert_eq!(
            error,
            Win32Error::from_code(5078),
            "ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND"
        );
    }
    sim.finish();
}

/// Unknown names give the kind's not-found code; a code for another kind
/// of object is `ERROR_INVALID_FUNCTION`.
fn errors(mode: Mode) {
    let sim = Sim::new(mode, "targets-errors", CONFIG);
    {
        let cluster = sim.open();
        let (function, error) = api_error(cluster.open_network("nope"));
        assert_eq!(function, "OpenClusterNetwork");
        assert_eq!(
            error,
            Win32Error::from_code(5045),
            "ERROR_CLUSTER_NETWORK_NOT_FOUND"
        );
        let (function, error) = api_error(cluster.open_net_interface("nope"));
        assert_eq!(function, "OpenClusterNetInterface");
        assert_eq!(
            error,
            Win32Error::from_code(5047),
            "ERROR_CLUSTER_NETINTERFACE_NOT_FOUND"
        );
        let net = cluster.open_network("Cluster Network 1").unwrap();
        let node_code = ObjectType::Node.get_code(PropertyKind::Common);
        let (_, error) = api_error(net.control(None, node_code, &[]));
        assert_eq!(error, Win32Error::from_code(1), "ERROR_INVALID_FUNCTION");
    }
    sim.finish();
}

both_modes!(get_set_validate, errors);

#[test]
fn codes_carry_their_object_byte() {
    for (object, byte) in [
        (ObjectType::ResourceType, 0x02),
        (ObjectType::Network, 0x05),
        (ObjectType::NetInterface, 0x06),
    ] {
        for kind in [WritableKind::Common, WritableKind::Private] {
            for code in [
                object.set_code(kind),
                object.validate_code(kind),
                object.enum_code(kind),
                object.formats_code(kind),
            ] {
                assert_eq!(code >> 24, byte, "{object:?} {code:#x}");
            }
        }
        assert_eq!(object.get_code(PropertyKind::ReadOnlyPrivate) >> 24, byte);
    }
}
