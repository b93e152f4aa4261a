//! Testing your own clusapi code against the simulator: the code under test
//! takes a `ClusApi` (on Windows, `ClusApi::system()`); the test hands it the
//! simulator's in-process table and checks what the cluster saw.
//!
//! `cargo run -p clusprop-sim --example test_your_code`

use std::time::Duration;

use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop_ffi::{ClusApi, Cluster, Error, OfflineFlags, WaitOptions};
use clusprop_sim::{Action, SimCluster};

/// The code under test: save the VMs of a group and wait until it is offline.
fn save_group(api: &ClusApi, cluster: &str, group: &str) -> Result<(), Error> {
    let cluster = Cluster::open_named(api, cluster)?;
    let group = cluster.open_group(group)?;
    let save = OfflineInstructions::new().virtual_machine(VmAction::Save);
    group.offline_ex_and_wait(
        OfflineFlags::empty(),
        &save,
        &WaitOptions::with_timeout(Duration::from_secs(10)),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A cluster of its own, under a name no other test uses.
    let sim = SimCluster::from_text(
        "cluster \"SaveTest\"\n\
         group \"Web\"\n\
         resource \"WebVM\" type=\"Virtual Machine\"\n\
         resource \"Disk\" type=\"Physical Disk\"\n",
    )?;
    save_group(&sim.api(), "SaveTest", "Web")?;
    for event in sim.events() {
        println!("{event}");
    }
    let actions: Vec<Action> = sim.events().into_iter().map(|e| e.action).collect();
    assert_eq!(actions, [Action::WentOffline, Action::VmSaved]); // last resource first
    assert_eq!(sim.open_handles(), 0, "every handle closed");

    let missing = save_group(&sim.api(), "SaveTest", "NoSuchGroup").unwrap_err();
    println!("a missing group: {missing}");
    assert!(missing.to_string().contains("ERROR_GROUP_NOT_FOUND"));
    Ok(())
}
