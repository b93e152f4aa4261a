//! `clusprop online GROUP`: `OnlineClusterGroupEx`, then wait for online.

use clap::Args;
use clusprop_ffi::{OnlineFlags, Outcome, WaitTarget};

use crate::backend::{Backend, ClusterArgs};
use crate::commands::progress;
use crate::commands::report::Report;
use crate::error::{Failure, Outcome as CommandOutcome};
use crate::output::outln;

/// Arguments of `online`.
#[derive(Args, Debug)]
pub struct OnlineArgs {
    /// The group to bring online.
    #[arg(value_parser = crate::prop::utf8(crate::backend::parse_name))]
    pub group: String,
    /// Come online on this node (default: where the cluster puts it); if the
    /// group ends up on another node, exit status 3 (as `move`).
    #[arg(long, value_name = "NODE", value_parser = crate::prop::utf8(crate::backend::parse_name))]
    pub node: Option<String>,
    /// Come online even if a resource is locked in its state
    /// (CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS).
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

/// Runs `online`.
pub fn run(args: &OnlineArgs) -> CommandOutcome {
    if args.json {
        crate::output::human_to_stderr();
    }
    let mut report = Report::new("online", &args.group);
    let result = run_on_group(args, &mut report).map_err(|f| f.about("group", &args.group));
    if args.json {
        report.print(&result);
    }
    result
}

/// `run`, its failures not yet naming the group.
fn run_on_group(args: &OnlineArgs, report: &mut Report) -> CommandOutcome {
    let deadline = progress::Deadline::after(args.timeout);
    let backend = Backend::choose(&args.cluster)?;
    outln!("cluster: {}", backend.describe());
    let cluster = backend.open(&args.cluster)?;
    let group = cluster
        .open_group(&args.group)
        .map_err(crate::commands::object::opening_group(
            &cluster,
            &args.group,
        ))?;
    let result = (|| -> CommandOutcome {
        let node = args
            .node
            .as_deref()
            .map(|n| cluster.open_node(n).map_err(Failure::cluster))
            .transpose()?;
        // The state before the call: a wrong-node failure then says
        // whether the group was already up (the library's message). A failed
        // read only leaves the note out.
        let before = node.as_ref().and_then(|_| group.state().ok());
        let flags = if args.ignore_locked {
            OnlineFlags::IGNORE_RESOURCE_STATUS
        } else {
            OnlineFlags::NONE
        };
        let call = format!(
            "OnlineClusterGroupEx({}, node {}, flags {:#x}, no buffer)",
            clusprop::quoted(&args.group),
            // Quoted as `move` quotes its node; NULL is the absent pointer.
            node.as_ref().map_or_else(
                || "NULL".to_owned(),
                |n| clusprop::quoted(n.name()).to_string()
            ),
            flags.bits()
        );
        let outcome = progress::print_outcome(
            &call,
            group.online_ex_raw(flags, node.as_ref(), &[]),
            &backend,
            &deadline,
        )?;
        if outcome == Outcome::Pending {
            progress::wait_for_group(&group, WaitTarget::Online, &deadline, &backend)?;
        }
        // The cluster may bring the group up elsewhere (a group that was
        // partly online stays where it is): asked for a node, that is a failure.
        let (_, owner) = group
            .state_and_node_checked_after_online(node.as_ref(), before)
            .map_err(|e| {
                progress::report_events(&backend, &deadline);
                Failure::cluster(e)
            })?;
        outln!(
            "group {} is online on {}",
            clusprop::quoted(&args.group),
            crate::human::text(&owner)
        );
        progress::report_events(&backend, &deadline);
        Ok(())
    })();
    report.observe(&group, &backend);
    result
}
