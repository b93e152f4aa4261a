//! `clusprop move GROUP NODE`: `MoveClusterGroupEx` with VM instructions for
//! both VM resource types, then wait until the group is online again.

use clap::Args;
use clusprop::offline::{OfflineInstructions, VmMoveAction};
use clusprop_ffi::{MoveFlags, Outcome, WaitTarget};

use crate::backend::{Backend, ClusterArgs};
use crate::commands::progress;
use crate::commands::report::Report;
use crate::error::{Failure, Outcome as CommandOutcome};
use crate::output::outln;

/// Arguments of `move`.
#[derive(Args, Debug)]
pub struct MoveArgs {
    /// The group to move.
    #[arg(value_parser = crate::prop::utf8(crate::backend::parse_name))]
    pub group: String,
    /// The node to move it to.
    #[arg(value_parser = crate::prop::utf8(crate::backend::parse_name))]
    pub node: String,
    /// What VMs do (MS-CMRP 3.1.4.2.131, `VM_RESDLL_CONTEXT`): live (4, live
    /// migration, sent with flags 0xE as Microsoft recommends), save (1,
    /// quick migration), shutdown (2), turn-off (0) or force-shutdown (3).
    /// Sent to both "Virtual Machine" and "Virtual Machine Configuration",
    /// as os-win and the managed Failover Cluster framework do.
    #[arg(long, value_name = "ACTION")]
    pub vm_action: Option<VmMoveAction>,
    /// Give up after this many seconds, 0 to 604800 (exit status 4). It
    /// bounds the whole command, which ends within it plus 0.5 s.
    #[arg(long, value_name = "SECS", default_value = "60",
          allow_negative_numbers = true,
          value_parser = progress::parse_timeout)]
    pub timeout: std::time::Duration,
    /// Print one JSON object on stdout when done: the final state, the
    /// owner node, what each resource did (simulated cluster) and, on
    /// failure, the Win32 code and name; the progress goes to stderr.
    /// The exit status is the same as without it.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// Runs `move`.
pub fn run(args: &MoveArgs) -> CommandOutcome {
    if args.json {
        crate::output::human_to_stderr();
    }
    let mut report = Report::new("move", &args.group);
    let result = run_on_group(args, &mut report).map_err(|f| f.about("group", &args.group));
    if args.json {
        report.print(&result);
    }
    result
}

/// `run`, its failures not yet naming the group.
fn run_on_group(args: &MoveArgs, report: &mut Report) -> CommandOutcome {
    let deadline = progress::Deadline::after(args.timeout);
    let mut instructions = OfflineInstructions::new();
    if let Some(action) = args.vm_action {
        instructions = instructions.all_vm_types(action);
    }
    let flags = if args.vm_action == Some(VmMoveAction::LiveMigration) {
        MoveFlags::LIVE_MIGRATION
    } else {
        MoveFlags::NONE
    };
    // The cluster is chosen (and --sim-config read) before anything is
    // printed, so a wrong argument leaves stdout empty.
    let backend = Backend::choose(&args.cluster)?;
    let bytes = progress::encode_and_print(&instructions)?;

    outln!("cluster: {}", backend.describe());
    let cluster = backend.open(&args.cluster)?;
    let group = cluster.open_group(&args.group).map_err(|e| {
        // `move NODE GROUP`, the arguments the wrong way round.
        if cluster.open_node(&args.group).is_ok() && cluster.open_group(&args.node).is_ok() {
            let mut failure = Failure::cluster(e);
            // The error's prefix names args.group already.
            failure.message.push_str(&format!(
                " (that is the name of a node, and {} of a group: the order is `clusprop \
                 move GROUP NODE`)",
                clusprop::quoted(&args.node)
            ));
            failure
        } else {
            crate::commands::object::opening_group(&cluster, &args.group)(e)
        }
    })?;
    let result = (|| -> CommandOutcome {
        let node = cluster.open_node(&args.node).map_err(Failure::cluster)?;
        let was = group.state().map_err(Failure::cluster)?;
        let call = format!(
            "MoveClusterGroupEx({}, node {}, flags {:#x}, {} bytes)",
            clusprop::quoted(&args.group),
            clusprop::quoted(&args.node),
            flags.bits(),
            bytes.len()
        );
        let outcome = progress::print_outcome(
            &call,
            group.move_ex_raw(flags, Some(&node), &bytes),
            &backend,
            &deadline,
        )?;
        if outcome == Outcome::Pending {
            let target = WaitTarget::after_move(was);
            progress::wait_for_group(&group, target, &deadline, &backend)?;
        }
        let (state, owner) = group.state_and_node_checked(Some(&node)).map_err(|e| {
            progress::report_events(&backend, &deadline);
            Failure::cluster(e)
        })?;
        outln!(
            "group {} is {state} on {}",
            clusprop::quoted(&args.group),
            crate::human::text(&owner)
        );
        progress::report_events(&backend, &deadline);
        Ok(())
    })();
    report.observe(&group, &backend);
    result
}
