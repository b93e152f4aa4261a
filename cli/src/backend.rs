//! Which cluster the cluster subcommands talk to: the real clusapi.dll on
//! Windows, or the simulated cluster (elsewhere, and with `--simulate`).

use std::path::Path;

use clap::Args;
use clusprop_ffi::{ClusApi, Cluster};
use clusprop_sim::SimCluster;

use crate::error::Failure;
use crate::input::InputCap;

/// Flags shared by the cluster subcommands.
#[derive(Args, Debug, Clone)]
pub struct ClusterArgs {
    /// The cluster to open (default: the local cluster).
    #[arg(long)]
    pub cluster: Option<String>,
    /// Use the simulated cluster even on Windows (always used elsewhere).
    #[arg(long)]
    pub simulate: bool,
    /// Simulator configuration file (clusprop-sim's text format) instead of
    /// the built-in demo: a local cluster "DemoCluster" whose group
    /// "DemoGroup" holds a virtual machine and a disk.
    #[arg(long, value_name = "FILE")]
    pub sim_config: Option<std::path::PathBuf>,
    /// The cap on the size of --sim-config.
    #[command(flatten)]
    pub cap: InputCap,
}

/// The chosen cluster API, and the simulator behind it if any.
pub struct Backend {
    /// The clusapi function table.
    pub api: ClusApi,
    /// The simulated cluster, when simulating (kept alive while in use).
    pub sim: Option<SimCluster>,
}

impl Backend {
    /// Picks the backend for `args`.
    pub fn choose(args: &ClusterArgs) -> Result<Backend, Failure> {
        if args.simulate || args.sim_config.is_some() || !cfg!(windows) {
            let sim = match &args.sim_config {
                Some(path) => sim_from_file(path, args.cap)?,
                None => {
                    SimCluster::demo().map_err(|e| Failure::usage(format!("simulator: {e}")))?
                }
            };
            return Ok(Backend {
                api: sim.api(),
                sim: Some(sim),
            });
        }
        let api = ClusApi::system().map_err(Failure::cluster)?;
        Ok(Backend { api, sim: None })
    }

    /// A one-line description for the output.
    pub fn describe(&self) -> String {
        match &self.sim {
            Some(sim) => format!("simulated cluster {:?} (clusprop-sim)", sim.name()),
            None => "clusapi.dll (the system's cluster API)".to_owned(),
        }
    }

    /// Opens the cluster `args` names (or the local one).
    pub fn open(&self, args: &ClusterArgs) -> Result<Cluster, Failure> {
        match &args.cluster {
            Some(name) => Cluster::open_named(&self.api, name),
            None => Cluster::open_local(&self.api),
        }
        .map_err(Failure::cluster)
    }
}

fn sim_from_file(path: &Path, cap: InputCap) -> Result<SimCluster, Failure> {
    // An unreadable configuration is a wrong argument (exit 2); one over the
    // cap is refused as any input is (exit 1).
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
    let bytes = crate::input::read_capped(file, cap.max_input_bytes, &path.display().to_string())?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Failure::usage(format!("{}: not UTF-8: {e}", path.display())))?;
    SimCluster::from_text(&text).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))
}
