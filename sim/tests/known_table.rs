//! The demo cluster's property stores agree with clusprop-ffi's table of
//! well-known common properties: same format, and a read-only store only
//! for read-only entries (and the other way round), for every common
//! property both know.

use clusprop::OwnedPropertyList;
use clusprop_ffi::known::{KnownObject, lookup};
use clusprop_sim::{ClusterConfig, PropertyStores};

/// Checks one object's common stores; returns how many properties the
/// table knew.
fn check(object: KnownObject, stores: &PropertyStores, what: &str) -> usize {
    let mut known = 0;
    let sides: [(&OwnedPropertyList, bool); 2] =
        [(&stores.common, false), (&stores.read_only_common, true)];
    for (list, read_only) in sides {
        for property in &list.properties {
            let name = property.name.to_string_lossy();
            let Some(entry) = lookup(object, &name) else {
                continue;
            };
            known += 1;
            let value = property.values.first().expect("a value");
            assert_eq!(
                value.syntax().format(),
                entry.format,
                "{what} {name}: the demo's format differs from the table's"
            );
            assert_eq!(
                entry.read_only, read_only,
                "{what} {name}: the demo's store differs from the table's access"
            );
        }
    }
    known
}

#[test]
fn demo_stores_agree_with_the_table() {
    let demo = ClusterConfig::demo();
    let mut known = check(KnownObject::Cluster, &demo.properties, "cluster");
    for node in &demo.nodes {
        known += check(KnownObject::Node, &node.properties, &node.name);
    }
    for group in &demo.groups {
        known += check(KnownObject::Group, &group.properties, &group.name);
        for resource in &group.resources {
            known += check(KnownObject::Resource, &resource.properties, &resource.name);
        }
    }
    // W1 (6 known), W2 twice (12 + Description each), the group's 7 and
    // the two resources' 5 each: the check ran on real entries.
    assert!(known >= 40, "only {known} demo properties are in the table");
}
