//! Which cluster the cluster subcommands talk to: the real clusapi.dll on
//! Windows, or the simulated cluster (elsewhere, and with `--simulate`),
//! which is always named on stderr so nobody mistakes it for a real one.
//! Without the `simulate` cargo feature there is no simulator: off Windows,
//! the cluster commands then fail with a clear error.

use clap::Args;
use clusprop_ffi::{ClusApi, Cluster};

use crate::error::Failure;
use crate::input::InputCap;

#[cfg(feature = "simulate")]
pub use clusprop_sim::SimCluster as Simulator;
#[cfg(not(feature = "simulate"))]
pub use without_simulator::Simulator;

/// Flags shared by the cluster subcommands.
#[derive(Args, Debug, Clone)]
pub struct ClusterArgs {
    /// The cluster to open (default: the local cluster).
    #[arg(long, value_parser = crate::prop::utf8(parse_name))]
    pub cluster: Option<String>,
    /// Use the simulated cluster (clusprop-sim) even on Windows; elsewhere
    /// it is the only cluster there is. Either way stderr names it.
    #[cfg_attr(
        not(feature = "simulate"),
        doc = "Not in this clusprop: it was built without the simulated cluster (cargo feature \
               `simulate`), and refuses this flag (exit status 2)."
    )]
    #[arg(long)]
    pub simulate: bool,
    /// Simulator configuration file (clusprop-sim's text format) instead of
    /// the built-in demo: a local cluster "DemoCluster" whose group
    /// "DemoGroup" holds a virtual machine and a disk.
    #[cfg_attr(
        not(feature = "simulate"),
        doc = "Not in this clusprop: it was built without the simulated cluster (cargo feature \
               `simulate`), and refuses this flag (exit status 2)."
    )]
    #[arg(long, value_name = "FILE", value_parser = crate::input::path_parser())]
    pub sim_config: Option<std::path::PathBuf>,
    /// The cap on the size of --sim-config.
    #[command(flatten)]
    pub cap: InputCap,
}

/// Reads the name of a cluster, group, node or other object, or a property
/// NAME of `get` (clap value parser): an empty one is refused. The cluster
/// API takes an empty cluster name for the local cluster, so an empty
/// OBJECT (an unset shell variable) would act on the local cluster instead
/// of failing; an empty NAME would ask the cluster for a property nothing
/// has.
pub fn parse_name(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("the name is empty".to_owned());
    }
    Ok(text.to_owned())
}

/// The chosen cluster API, and the simulator behind it if any.
pub struct Backend {
    /// The clusapi function table.
    pub api: ClusApi,
    /// The simulated cluster, when simulating (kept alive while in use).
    pub sim: Option<Simulator>,
}

impl Backend {
    /// Picks the backend for `args`, and says on stderr when it is the
    /// simulated cluster.
    pub fn choose(args: &ClusterArgs) -> Result<Backend, Failure> {
        if args.simulate || args.sim_config.is_some() || !cfg!(windows) {
            let sim = simulator(args)?;
            let why = if args.simulate || args.sim_config.is_some() {
                "as --simulate or --sim-config asks"
            } else {
                "no cluster API on this platform"
            };
            crate::output::errln!(
                "clusprop: using the simulated cluster {} (clusprop-sim), not a real cluster ({why})",
                clusprop::quoted(sim.name())
            );
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
            Some(sim) => format!(
                "simulated cluster {} (clusprop-sim)",
                clusprop::quoted(sim.name())
            ),
            None => "clusapi.dll (the system's cluster API)".to_owned(),
        }
    }

    /// Opens the cluster `args` names (or the local one).
    pub fn open(&self, args: &ClusterArgs) -> Result<Cluster, Failure> {
        match &args.cluster {
            Some(name) => Cluster::open_named(&self.api, name).map_err(Failure::cluster),
            None => Cluster::open_local(&self.api).map_err(|e| {
                let mut failure = Failure::cluster(e);
                // A --sim-config cluster without `local`: there is no local
                // cluster, as on a machine outside any cluster.
                if let Some(sim) = &self.sim
                    && failure.win32 == Some(clusprop_ffi::Win32Error::RpcServerUnavailable)
                {
                    failure.message.push_str(&format!(
                        " (the simulated cluster {name} is not the local one: add `local` to \
                         its `cluster` line in the --sim-config file, or name it with --cluster \
                         {name})",
                        name = clusprop::quoted(sim.name())
                    ));
                }
                failure
            }),
        }
    }
}

/// The simulated cluster `args` asks for: the built-in demo, or the one
/// `--sim-config` describes.
#[cfg(feature = "simulate")]
fn simulator(args: &ClusterArgs) -> Result<Simulator, Failure> {
    match &args.sim_config {
        Some(path) => {
            // A configuration that cannot be opened, a directory included,
            // is a wrong argument (exit 2), as is one that is not a valid
            // configuration; one over the cap is refused as any input is
            // (exit 1).
            let what = path.display().to_string();
            let file = crate::input::open_file(path).map_err(Failure::usage)?;
            let bytes = crate::input::read_capped(file, args.cap.max_input_bytes, &what)?;
            let text = String::from_utf8(bytes)
                .map_err(|e| Failure::usage(format!("{}: not UTF-8: {e}", path.display())))?;
            Simulator::from_text(&text)
                .map_err(|e| Failure::usage(format!("{}: {e}{}", path.display(), from_env_too())))
        }
        None => Simulator::demo()
            .map_err(|e| Failure::usage(format!("simulator: {e}{}", from_env_too()))),
    }
}

/// When `CLUSPROP_SIM_CONFIG` is set, a note for a simulator that could not
/// start: the simulator loads that file's clusters into the process too (it
/// is how the simulator built as a shared library is configured), so its
/// local cluster collides with the demo's or `--sim-config`'s.
#[cfg(feature = "simulate")]
fn from_env_too() -> String {
    match std::env::var_os(clusprop_sim::CONFIG_ENV) {
        Some(path) => format!(
            " ({} names {}, whose clusters the simulator loads as well: give that file \
             with --sim-config instead, and unset {0})",
            clusprop_sim::CONFIG_ENV,
            std::path::Path::new(&path).display()
        ),
        None => String::new(),
    }
}

#[cfg(not(feature = "simulate"))]
fn simulator(args: &ClusterArgs) -> Result<Simulator, Failure> {
    if args.simulate || args.sim_config.is_some() {
        return Err(Failure::usage(
            "--simulate and --sim-config need the simulated cluster, which this clusprop was \
             built without (cargo feature `simulate`)",
        ));
    }
    Err(Failure::new(
        crate::error::CLUSTER,
        "this platform has no cluster API (clusapi.dll), and this clusprop was built \
         without the simulated cluster (cargo feature `simulate`)",
    ))
}

/// The stand-in for the simulator in a build without it: a type with no
/// values, so every simulator-only path compiles and can never run.
#[cfg(not(feature = "simulate"))]
mod without_simulator {
    use std::convert::Infallible;
    use std::time::Duration;

    use clusprop_ffi::ClusApi;

    /// No simulator in this build.
    #[derive(Debug)]
    pub enum Simulator {}

    impl Simulator {
        pub fn name(&self) -> &str {
            match *self {}
        }
        pub fn api(&self) -> ClusApi {
            match *self {}
        }
        pub fn wait_idle(&self, _: Duration) -> bool {
            match *self {}
        }
        pub fn events(&self) -> Vec<Infallible> {
            match *self {}
        }
    }
}

/// A simulated resource's event, if it concerns `group`, as JSON:
/// resource, type and what it did. Group names compare as the cluster
/// opens groups, ignoring ASCII case (`demogroup` is `DemoGroup`).
#[cfg(feature = "simulate")]
pub fn event_json(event: &clusprop_sim::Event, group: &str) -> Option<serde_json::Value> {
    event.group.eq_ignore_ascii_case(group).then(|| {
        serde_json::json!({
            "resource": event.resource,
            "type": event.resource_type,
            "did": event.action.to_string(),
        })
    })
}

/// No events without the simulator.
#[cfg(not(feature = "simulate"))]
pub fn event_json(event: &std::convert::Infallible, _: &str) -> Option<serde_json::Value> {
    match *event {}
}

#[cfg(test)]
mod tests {
    /// The help of the simulator's flags says whether this build has it.
    #[test]
    fn the_simulator_flags_help_says_whether_the_build_has_it() {
        let mut command = crate::cli_command();
        let get = command.find_subcommand_mut("get").unwrap();
        for flag in ["simulate", "sim_config"] {
            let arg = get.get_arguments().find(|a| a.get_id() == flag).unwrap();
            let help = arg.get_help().unwrap().to_string();
            assert_eq!(
                help.contains("Not in this clusprop: it was built without the simulated cluster"),
                !cfg!(feature = "simulate"),
                "{flag}: {help}"
            );
        }
    }
}
