//! Reads and writes cluster properties through control codes, then
//! live-migrates a VM group, against the simulated cluster (`clusprop-sim`'s
//! built-in demo, whose read-only replies are Windows' own bytes).
//!
//! `cargo run -p clusprop-ffi --example properties_simulated`

use clusprop::offline::{OfflineInstructions, VmMoveAction};
use clusprop::{OwnedPropertyList, OwnedValue, Utf16Str};
use clusprop_ffi::{
    Cluster, ControlTarget, MoveFlags, PropertyKind, SetOutcome, WaitOptions, WritableKind,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sim = clusprop_sim::SimCluster::demo()?;
    let cluster = Cluster::open_local(&sim.api())?;

    // CLUSCTL_CLUSTER_GET_RO_COMMON_PROPERTIES: an owned reply, read in place.
    let reply = cluster.get_properties(PropertyKind::ReadOnlyCommon)?;
    let list = reply.list();
    println!(
        "cluster: {} read-only common properties in {} bytes; SharedVolumesRoot = {}",
        list.len(),
        reply.as_bytes().len(),
        list.get::<Utf16Str<'_>>("SharedVolumesRoot")?
    );

    // A node's read-only common properties.
    let node = cluster.open_node("NODE1")?;
    let reply = node.get_properties(PropertyKind::ReadOnlyCommon)?;
    let list = reply.list();
    println!(
        "NODE1: Windows {}.{} build {}",
        list.get::<u32>("MajorVersion")?,
        list.get::<u32>("MinorVersion")?,
        list.get::<u32>("BuildNumber")?
    );

    // SET, then read back; a read-only property is refused with the code
    // Windows documents, and nothing changes.
    let group = cluster.open_group("DemoGroup")?;
    let mut change = OwnedPropertyList::new();
    change.push("Priority", OwnedValue::dword(3000))?;
    assert_eq!(
        group.set_properties(WritableKind::Common, &change)?,
        SetOutcome::Applied
    );
    let common = group.get_properties(PropertyKind::Common)?;
    println!(
        "DemoGroup: Priority = {}",
        common.list().get::<u32>("Priority")?
    );
    let mut read_only = OwnedPropertyList::new();
    read_only.push("GroupType", OwnedValue::dword(1))?;
    let refused = group.set_properties(WritableKind::Common, &read_only);
    println!("SET GroupType: {}", refused.unwrap_err());

    // Live-migrate the VM group to NODE2, as os-win does.
    let node2 = cluster.open_node("NODE2")?;
    let live = OfflineInstructions::new().all_vm_types(VmMoveAction::LiveMigration);
    let owner = group.move_ex_and_wait(
        MoveFlags::LIVE_MIGRATION,
        Some(&node2),
        &live,
        &WaitOptions::default(),
    )?;
    println!("DemoGroup is online on {owner}");

    drop((group, node, node2, cluster));
    for event in sim.events() {
        println!("  {event}");
    }
    assert_eq!(sim.open_handles(), 0, "every handle closed");
    Ok(())
}
