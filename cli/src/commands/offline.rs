//! `clusprop offline GROUP`: build the instructions, pass them to
//! `OfflineClusterGroupEx`, wait for the group to go offline.

use clap::Args;
use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop_ffi::{
    CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, OfflineFlags, Outcome, WaitTarget,
};

use crate::backend::{Backend, ClusterArgs};
use crate::commands::progress;
use crate::commands::report::Report;
use crate::error::{Failure, Outcome as CommandOutcome};
use crate::output::outln;
use crate::prop::PropArg;

/// Arguments of `offline`.
#[derive(Args, Debug)]
pub struct OfflineArgs {
    /// The group to take offline.
    #[arg(value_parser = crate::prop::utf8(crate::backend::parse_name))]
    pub group: String,
    /// What "Virtual Machine" resources do: save, shutdown, turn-off or force-shutdown.
    #[arg(long, value_name = "ACTION", value_parser = crate::prop::utf8(parse_vm_action))]
    pub vm_action: Option<VmAction>,
    /// Another instruction, NAME=TYPE:VALUE (NAME is a resource type; TYPE as
    /// for `set`, [`crate::prop::property_value_type_names`], which the help
    /// lists). Repeatable.
    #[arg(
        long = "prop",
        value_name = "NAME=TYPE:VALUE",
        value_parser = crate::prop::utf8(crate::prop::parse),
        help = format!(
            "Another instruction, NAME=TYPE:VALUE (NAME is a resource type; TYPE as for \
             `set`: {}). Repeatable",
            crate::prop::property_value_type_names()
        )
    )]
    pub props: Vec<PropArg>,
    /// Go offline even if a resource is locked in its state
    /// (CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS).
    #[arg(long)]
    pub ignore_locked: bool,
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

/// Parses `--vm-action` (clap value parser). The core's error lists the
/// move actions too (`live`); offline takes only these four, and `live`
/// is said to be `move`'s.
fn parse_vm_action(text: &str) -> Result<VmAction, String> {
    if text == "live" {
        return Err(
            "live migration moves a VM to another node: it is `clusprop move`'s \
                    action (offline: save, shutdown, turn-off or force-shutdown)"
                .to_owned(),
        );
    }
    text.parse().map_err(|_| {
        "unknown VM action (expected save, shutdown, turn-off or force-shutdown)".to_owned()
    })
}

/// The instructions these arguments describe.
pub fn instructions(args: &OfflineArgs) -> Result<OfflineInstructions, Failure> {
    let vm = args
        .vm_action
        .map(|_| (clusprop::offline::VIRTUAL_MACHINE, "--vm-action".to_owned()));
    let props = args
        .props
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), format!("--prop number {}", i + 1)));
    crate::prop::refuse_duplicates(vm.into_iter().chain(props)).map_err(Failure::usage)?;
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
    if args.json {
        crate::output::human_to_stderr();
    }
    let mut report = Report::new("offline", &args.group);
    let result = run_on_group(args, &mut report).map_err(|f| f.about("group", &args.group));
    if args.json {
        report.print(&result);
    }
    result
}

/// `run`, its failures not yet naming the group.
fn run_on_group(args: &OfflineArgs, report: &mut Report) -> CommandOutcome {
    let deadline = progress::Deadline::after(args.timeout);
    let instructions = instructions(args)?;
    // The cluster is chosen (and --sim-config read) before anything is
    // printed, so a wrong argument leaves stdout empty.
    let backend = Backend::choose(&args.cluster)?;
    let bytes = progress::encode_and_print(&instructions)?;

    outln!("cluster: {}", backend.describe());
    let cluster = backend.open(&args.cluster)?;
    let group = cluster
        .open_group(&args.group)
        .map_err(crate::commands::object::opening_group(
            &cluster,
            &args.group,
        ))?;
    let result = (|| -> CommandOutcome {
        let flags = if args.ignore_locked {
            CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS
        } else {
            OfflineFlags::NONE
        };
        let call = format!(
            "OfflineClusterGroupEx({:?}, flags {:#x}, {} bytes)",
            args.group,
            flags.bits(),
            bytes.len()
        );
        let outcome = progress::print_outcome(
            &call,
            group.offline_ex_raw(flags, &bytes),
            &backend,
            &deadline,
        )?;
        if outcome == Outcome::Pending {
            progress::wait_for_group(&group, WaitTarget::Offline, &deadline, &backend)?;
        }
        outln!("group {:?} is offline", args.group);
        progress::report_events(&backend, &deadline);
        Ok(())
    })();
    report.observe(&group, &backend);
    result
}
