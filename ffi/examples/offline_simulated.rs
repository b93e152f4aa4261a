//! Builds "save the VMs" instructions and runs them through the FFI path
//! against the simulated cluster (`clusprop-sim`'s built-in demo): open the
//! cluster and the group, `OfflineClusterGroupEx`, wait for offline.
//!
//! `cargo run -p clusprop-ffi --example offline_simulated`

use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop_ffi::{Cluster, Outcome, WaitOptions, WaitTarget};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sim = clusprop_sim::SimCluster::demo()?;
    let api = sim.api();
    let cluster = Cluster::open_local(&api)?;
    let group = cluster.open_group("DemoGroup")?;
    let save = OfflineInstructions::new().virtual_machine(VmAction::Save);
    match group.offline_ex(Default::default(), &save)? {
        Outcome::Completed => println!("offline at once"),
        Outcome::Pending => {
            println!("pending");
            let state = group.wait(WaitTarget::Offline, &WaitOptions::default())?;
            println!("group is {state:?}");
        }
    }
    drop(group);
    drop(cluster);
    for event in sim.events() {
        println!("  {event}");
    }
    assert_eq!(sim.open_handles(), 0, "every handle closed");
    Ok(())
}
