//! `clusprop offline GROUP`: build the instructions, pass them to
//! `OfflineClusterGroupEx`, wait for the group to go offline.

use std::time::Duration;

use clap::Args;
use clusprop::PropertyList;
use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop_ffi::{
    CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, GroupState, OfflineFlags, Outcome, WaitOptions,
    WaitTarget,
};

use crate::backend::{Backend, ClusterArgs};
use crate::error::{Failure, Outcome as CommandOutcome};
use crate::prop::PropArg;

/// Arguments of `offline`.
#[derive(Args, Debug)]
pub struct OfflineArgs {
    /// The group to take offline.
    pub group: String,
    /// What "Virtual Machine" resources do: save, shutdown, turn-off or force-shutdown.
    #[arg(long, value_name = "ACTION")]
    pub vm_action: Option<VmAction>,
    /// Another instruction, NAME=TYPE:VALUE (NAME is a resource type; TYPE one of
    /// dword, long, word, qword, large, sz, expand_sz, multi_sz, binary). Repeatable.
    #[arg(long = "prop", value_name = "NAME=TYPE:VALUE", value_parser = crate::prop::parse)]
    pub props: Vec<PropArg>,
    /// Go offline even if a resource is locked in its state
    /// (CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS).
    #[arg(long)]
    pub ignore_locked: bool,
    /// Give up waiting after this many seconds (exit status 4).
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub timeout: f64,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// The instructions these arguments describe.
pub fn instructions(args: &OfflineArgs) -> Result<OfflineInstructions, Failure> {
    let mut instructions = OfflineInstructions::new();
    if let Some(action) = args.vm_action {
        instructions = instructions.virtual_machine(action);
    }
    for p in &args.props {
        instructions = instructions
            .property(&p.name, p.value.clone())
            .map_err(|e| Failure::usage(format!("--prop {}: {e}", p.name)))?;
    }
    Ok(instructions)
}

/// Runs `offline`.
pub fn run(args: &OfflineArgs) -> CommandOutcome {
    if !(args.timeout.is_finite() && args.timeout >= 0.0) {
        return Err(Failure::usage("--timeout must be a number of seconds"));
    }
    let instructions = instructions(args)?;
    let bytes = instructions
        .to_vec()
        .map_err(|e| Failure::usage(format!("cannot encode the instructions: {e}")))?;
    let decoded = PropertyList::parse(&bytes).map_err(Failure::bad_input)?;
    println!("instructions ({} bytes):", bytes.len());
    print!("{}", crate::tree::property_list(&decoded));

    let backend = Backend::choose(&args.cluster)?;
    println!("cluster: {}", backend.describe());
    let cluster = backend.open(&args.cluster)?;
    let group = cluster.open_group(&args.group).map_err(Failure::cluster)?;
    let flags = if args.ignore_locked {
        CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS
    } else {
        OfflineFlags::NONE
    };
    print!(
        "OfflineClusterGroupEx({:?}, flags {:#x}, {} bytes): ",
        args.group,
        flags.bits(),
        bytes.len()
    );
    let outcome = group.offline_ex_raw(flags, &bytes);
    match outcome {
        Ok(Outcome::Completed) => println!("ERROR_SUCCESS: completed"),
        Ok(Outcome::Pending) => println!("ERROR_IO_PENDING: accepted, in progress"),
        Err(e) => {
            println!("rejected");
            return Err(Failure::cluster(e));
        }
    }
    if outcome.is_ok_and(|o| o == Outcome::Pending) {
        println!(
            "waiting for {:?} to go offline (timeout {} s)",
            args.group, args.timeout
        );
        let options = WaitOptions::with_timeout(Duration::from_secs_f64(args.timeout))
            .intervals(Duration::from_millis(20), Duration::from_millis(500));
        let mut last: Option<GroupState> = None;
        let waited = group.wait_observed(WaitTarget::Offline, &options, |state, elapsed| {
            if last != Some(state) {
                println!("  {:>7.2} s  group state {state:?}", elapsed.as_secs_f64());
                last = Some(state);
            }
        });
        if let Err(e) = waited {
            report_events(&backend);
            return Err(Failure::cluster(e));
        }
    }
    println!("group {:?} is offline", args.group);
    report_events(&backend);
    Ok(())
}

/// Prints what the simulated resources did (nothing for a real cluster).
fn report_events(backend: &Backend) {
    if let Some(sim) = &backend.sim {
        sim.wait_idle(Duration::from_secs(5));
        for event in sim.events() {
            println!("  {event}");
        }
    }
}
