//! Enumeration through `clusprop-ffi`'s function table against the
//! simulated cluster, in-process and through the simulator's shared library
//! (see `common/mod.rs`): `ClusterOpenEnumEx` (entries with ids),
//! `ClusterOpenEnum` (the fallback, also when the `Ex` entry points are
//! missing) and `ClusterGroupOpenEnum`. Every scenario ends with every
//! handle, enumeration handles included, closed exactly once.

mod common;

use clusprop_ffi::{ClusApi, Cluster, EnumEntry, EnumKind, Error, Functions, Win32Error};
use common::{Mode, Sim, both_modes};

/// The demo plus a second group, a declared resource type, a network and
/// its interfaces, and a resource whose name is longer than the first
/// buffers.
const CONFIG: &str = "cluster NAME demo
group \"Second Group\" owner=NODE2
resource \"A resource with a name long enough to need more than the first buffer of both the Ex and the plain calls: 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789\" type=\"Generic Service\" state=offline
restype \"Generic Script\"
network \"Backup Net\"
netinterface \"NODE1 - Backup\" node=NODE1 network=\"Backup Net\"
";

fn long_name() -> String {
    CONFIG
        .lines()
        .find_map(|l| l.strip_prefix("resource \""))
        .and_then(|l| l.split('"').next())
        .unwrap()
        .to_owned()
}

fn entries(e: clusprop_ffi::Enumeration) -> Vec<EnumEntry> {
    e.collect::<Result<_, _>>().unwrap()
}

fn names(entries: &[EnumEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.name.as_str()).collect()
}

/// The names of each kind, as the simulator's configuration declares them.
fn expected(kind: EnumKind) -> Vec<String> {
    let v: &[&str] = match kind {
        EnumKind::Node => &["NODE1", "NODE2"],
        EnumKind::ResourceType => &[
            "Virtual Machine",
            "Physical Disk",
            "Generic Service",
            "Generic Script",
        ],
        EnumKind::Resource => &["DemoVM", "Cluster Disk 1"],
        EnumKind::Group => &["DemoGroup", "Second Group"],
        EnumKind::Network => &["Cluster Network 1", "Backup Net"],
        EnumKind::NetInterface => &["NODE1 - Ethernet", "NODE2 - Ethernet", "NODE1 - Backup"],
        _ => unreachable!("no other kinds"),
    };
    let mut v: Vec<String> = v.iter().map(|s| (*s).to_owned()).collect();
    if kind == EnumKind::Resource {
        v.push(long_name());
    }
    v
}

/// Each kind alone, through `ClusterOpenEnumEx`: the names, the kind, and
/// an id per entry (distinct).
fn each_kind_ex(mode: Mode) {
    let sim = Sim::new(mode, "enum-ex", CONFIG);
    {
        let cluster = sim.open();
        for kind in EnumKind::ALL {
            let e = cluster.enumerate(&[kind]).unwrap();
            assert!(e.is_ex());
            let got = entries(e);
            assert_eq!(names(&got), expected(kind), "{kind:?}");
            assert!(
                got.iter()
                    .all(|e| e.kind == Some(kind) && e.raw_type == kind.code())
            );
            let mut ids: Vec<&str> = got.iter().map(|e| e.id.as_deref().unwrap()).collect();
            assert!(ids.iter().all(|id| id.len() == 36), "{ids:?}");
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), got.len(), "ids are distinct");
        }
        assert_eq!(
            cluster.names(EnumKind::Group).unwrap(),
            expected(EnumKind::Group)
        );
    }
    sim.finish();
}

/// The plain calls give the same names in the same order, without ids.
fn each_kind_plain(mode: Mode) {
    let sim = Sim::new(mode, "enum-plain", CONFIG);
    {
        let cluster = sim.open();
        for kind in EnumKind::ALL {
            let e = cluster.enumerate_plain(&[kind]).unwrap();
            assert!(!e.is_ex());
            let got = entries(e);
            assert_eq!(names(&got), expected(kind), "{kind:?}");
            assert!(got.iter().all(|e| e.kind == Some(kind) && e.id.is_none()));
        }
    }
    sim.finish();
}

/// Several kinds at once: every object once, grouped by kind.
fn all_kinds_at_once(mode: Mode) {
    let sim = Sim::new(mode, "enum-all", CONFIG);
    {
        let cluster = sim.open();
        let got = entries(cluster.enumerate(&EnumKind::ALL).unwrap());
        let want: Vec<(EnumKind, String)> = EnumKind::ALL
            .into_iter()
            .flat_map(|k| expected(k).into_iter().map(move |n| (k, n)))
            .collect();
        let have: Vec<(EnumKind, String)> = got
            .iter()
            .map(|e| (e.kind.unwrap(), e.name.clone()))
            .collect();
        assert_eq!(have, want);
        let plain = entries(cluster.enumerate_plain(&EnumKind::ALL).unwrap());
        assert_eq!(names(&plain), names(&got));
    }
    sim.finish();
}

/// A group's resources, with `ClusterGroupOpenEnum`; a simulated group has
/// no preferred owners.
fn group_resources(mode: Mode) {
    let sim = Sim::new(mode, "enum-group", CONFIG);
    {
        let cluster = sim.open();
        let demo = cluster.open_group("DemoGroup").unwrap();
        let got = entries(demo.resources().unwrap());
        assert_eq!(names(&got), ["DemoVM", "Cluster Disk 1"]);
        assert!(
            got.iter()
                .all(|e| e.kind == Some(EnumKind::Resource) && e.raw_type == 1)
        );
        let second = cluster.open_group("Second Group").unwrap();
        assert_eq!(names(&entries(second.resources().unwrap())), [long_name()]);
        assert!(entries(second.preferred_nodes().unwrap()).is_empty());
    }
    sim.finish();
}

/// An enumeration dropped half-way, or kept beyond its cluster and group,
/// is closed once.
fn handles_close_once(mode: Mode) {
    let sim = Sim::new(mode, "enum-close", CONFIG);
    {
        let cluster = sim.open();
        let mut e = cluster.enumerate(&[EnumKind::Node]).unwrap();
        assert_eq!(e.next().unwrap().unwrap().name, "NODE1");
        drop(e);
        assert_eq!(sim.open_handles(), 1, "only the cluster handle is left");
        let e = cluster.enumerate_plain(&[EnumKind::Group]).unwrap();
        let group = cluster.open_group("DemoGroup").unwrap();
        let r = group.resources().unwrap();
        drop(cluster);
        drop(group);
        assert_eq!(
            sim.open_handles(),
            3,
            "the enumerations keep the cluster open (the group is closed)"
        );
        assert_eq!(entries(e).len(), 2);
        assert_eq!(entries(r).len(), 2);
    }
    sim.finish();
}

/// A mask of no kind lists nothing, through either API.
fn empty_mask(mode: Mode) {
    let sim = Sim::new(mode, "enum-empty", CONFIG);
    {
        let cluster = sim.open();
        assert!(entries(cluster.enumerate(&[]).unwrap()).is_empty());
        assert!(entries(cluster.enumerate_plain(&[]).unwrap()).is_empty());
    }
    sim.finish();
}

/// `ENUM_*_PROPERTIES` and `GET_*_PROPERTY_FMTS` on every object type: the
/// names of both stores of a kind, and each one's format.
fn property_names_and_formats(mode: Mode) {
    use clusprop_ffi::{ControlTarget, PropertyKind, WritableKind};
    let sim = Sim::new(mode, "enum-props", CONFIG);
    {
        let cluster = sim.open();
        let names = cluster.property_names(WritableKind::Common).unwrap();
        for name in ["SharedVolumesRoot", "AdminAccessPoint"] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
        let vm = cluster.open_resource("DemoVM").unwrap();
        let private = vm.property_names(WritableKind::Private).unwrap();
        assert!(private.iter().any(|n| n == "VmID"), "{private:?}");
        assert!(private.iter().any(|n| n == "OfflineAction"), "{private:?}");
        let formats = vm.property_formats(WritableKind::Private).unwrap();
        assert_eq!(formats.list().get::<u16>("VmID").unwrap(), 3, "SZ");
        assert_eq!(
            formats.list().get::<u16>("OfflineAction").unwrap(),
            2,
            "DWORD"
        );
        assert_eq!(formats.list().len(), private.len());
        // Every name listed is a property of one of the two stores.
        let stores = [PropertyKind::Common, PropertyKind::ReadOnlyCommon]
            .map(|k| vm.get_properties(k).unwrap());
        let common = vm.property_names(WritableKind::Common).unwrap();
        let count: usize = stores.iter().map(|r| r.list().len()).sum();
        assert_eq!(common.len(), count);
        let group = cluster.open_group("DemoGroup").unwrap();
        let node = cluster.open_node("NODE1").unwrap();
        assert!(
            !group
                .property_names(WritableKind::Common)
                .unwrap()
                .is_empty()
        );
        assert!(
            node.property_names(WritableKind::Common)
                .unwrap()
                .iter()
                .any(|n| n == "BuildNumber")
        );
        let node_formats = node.property_formats(WritableKind::Common).unwrap();
        assert_eq!(node_formats.list().get::<u16>("BuildNumber").unwrap(), 2);
    }
    sim.finish();
}

/// `ClusterGroupOpenEnumEx`: every group with its state and owner node, in
/// one call each; the same through the fallback (names, then
/// `GetClusterGroupState` per group) when the `Ex` calls are missing.
fn groups_with_state_and_owner(mode: Mode) {
    use clusprop_ffi::{GroupEntry, GroupState};
    let sim = Sim::new(mode, "enum-groups", CONFIG);
    {
        let cluster = sim.open();
        let e = cluster.groups().unwrap();
        assert!(e.is_ex());
        let got: Vec<GroupEntry> = e.collect::<Result<_, _>>().unwrap();
        let view: Vec<(&str, GroupState, &str)> = got
            .iter()
            .map(|g| (g.name.as_str(), g.state, g.owner_node.as_str()))
            .collect();
        let want = [
            ("DemoGroup", GroupState::Online, "NODE1"),
            ("Second Group", GroupState::Offline, "NODE2"),
        ];
        assert_eq!(view, want);
        let ids = entries(cluster.enumerate(&[EnumKind::Group]).unwrap());
        assert_eq!(
            got.iter().map(|g| g.id.clone()).collect::<Vec<_>>(),
            ids.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            "the same ids as ClusterEnumEx"
        );

        let mut f: Functions = *sim.api.functions();
        f.cluster_group_open_enum_ex = None;
        // SAFETY: the simulator's own table with an entry removed.
        let api = unsafe { ClusApi::from_table(f, "sim without ClusterGroupOpenEnumEx") };
        let old = Cluster::open_named(&api, &sim.name).unwrap();
        let e = old.groups().unwrap();
        assert!(!e.is_ex());
        let got: Vec<GroupEntry> = e.collect::<Result<_, _>>().unwrap();
        let fallback: Vec<(&str, GroupState, &str)> = got
            .iter()
            .map(|g| (g.name.as_str(), g.state, g.owner_node.as_str()))
            .collect();
        assert_eq!(fallback, want);
        assert!(got.iter().all(|g| g.id.is_none()));
        // Dropped half-way: closed once.
        let mut e = cluster.groups().unwrap();
        assert!(e.next().is_some());
    }
    sim.finish();
}

both_modes!(
    groups_with_state_and_owner,
    property_names_and_formats,
    each_kind_ex,
    each_kind_plain,
    all_kinds_at_once,
    group_resources,
    handles_close_once,
    empty_mask
);

/// Without the `Ex` entry points (an older clusapi), `enumerate` falls back
/// to `ClusterOpenEnum`: names without ids.
#[test]
fn falls_back_without_the_ex_entry_points() {
    let sim = Sim::new(Mode::InProcess, "enum-fallback", CONFIG);
    {
        let mut f: Functions = *sim.api.functions();
        f.cluster_open_enum_ex = None;
        f.cluster_enum_ex = None;
        f.cluster_close_enum_ex = None;
        // SAFETY: the simulator's own table with entries removed.
        let api = unsafe { ClusApi::from_table(f, "sim without Ex") };
        let cluster = Cluster::open_named(&api, &sim.name).unwrap();
        let e = cluster.enumerate(&[EnumKind::Group]).unwrap();
        assert!(!e.is_ex());
        let got = entries(e);
        assert_eq!(names(&got), expected(EnumKind::Group));
        assert!(got.iter().all(|e| e.id.is_none()));

        // Neither API: the typed Unsupported error names the older one.
        f.cluster_open_enum = None;
        // SAFETY: as above.
        let api = unsafe { ClusApi::from_table(f, "sim without enumeration") };
        let cluster = Cluster::open_named(&api, &sim.name).unwrap();
        let err = cluster.enumerate(&[EnumKind::Group]).unwrap_err();
        assert_eq!(
            err.object(),
            Some((clusprop_ffi::ObjectType::Cluster, sim.name.as_str()))
        );
        assert_eq!(
            err.into_inner(),
            Error::Unsupported(clusprop_ffi::Unsupported::EntryPoint {
                name: "ClusterOpenEnum"
            })
        );
    }
    sim.finish();
}

#[test]
fn an_unknown_type_bit_is_invalid_parameter() {
    let sim = Sim::new(Mode::InProcess, "enum-bits", CONFIG);
    {
        let cluster = sim.open();
        let f = sim.api.functions().cluster_open_enum.unwrap();
        // SAFETY: a live cluster handle of this table.
        let h = unsafe { f(cluster.as_raw(), 0x40) };
        assert_eq!(h, 0);
        let last = sim.api.functions().get_last_error.unwrap();
        // SAFETY: reads the thread's last error.
        assert_eq!(unsafe { last() }, Win32Error::from_code(87).code());
    }
    sim.finish();
}
