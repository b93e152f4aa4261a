//! The simulated-cluster harness shared by the FFI suites: one cluster per
//! test, in-process or in the simulator's `cdylib` loaded by path, checked at
//! the end for handles closed exactly once.
#![allow(dead_code)] // each suite uses its own subset

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clusprop_ffi::{ClusApi, Cluster, Error, WaitOptions, Win32Error};
use clusprop_sim::{SimCluster, SimLibrary};

/// Both ways into the simulator.
pub const MODES: [Mode; 2] = [Mode::InProcess, Mode::Library];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    InProcess,
    Library,
}

pub static LIBRARY: LazyLock<SimLibrary> = LazyLock::new(|| {
    SimLibrary::load_built().expect("the clusprop-sim cdylib is built beside the test")
});

/// One simulated cluster for one test, in either mode.
pub struct Sim {
    pub name: String,
    pub api: ClusApi,
    pub in_process: Option<SimCluster>,
}

impl Sim {
    /// `config` is the text format with `NAME` standing for a unique
    /// cluster name.
    pub fn new(mode: Mode, test: &str, config: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("{test}-{mode:?}-{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let text = config.replace("NAME", &name);
        match mode {
            Mode::InProcess => {
                let cluster = SimCluster::from_text(&text).expect("valid configuration");
                Self {
                    name,
                    api: cluster.api(),
                    in_process: Some(cluster),
                }
            }
            Mode::Library => {
                LIBRARY.configure(&text).expect("valid configuration");
                Self {
                    name,
                    api: LIBRARY.api().clone(),
                    in_process: None,
                }
            }
        }
    }

    pub fn open(&self) -> Cluster {
        Cluster::open_named(&self.api, &self.name).expect("open the simulated cluster")
    }

    pub fn open_handles(&self) -> usize {
        match &self.in_process {
            Some(c) => c.open_handles(),
            None => LIBRARY.open_handles(&self.name).expect("cluster exists"),
        }
    }

    pub fn invalid_closes(&self) -> usize {
        match &self.in_process {
            Some(c) => c.invalid_closes(),
            None => LIBRARY.invalid_closes(&self.name).expect("cluster exists"),
        }
    }

    pub fn events(&self) -> Vec<String> {
        match &self.in_process {
            Some(c) => c.events().iter().map(ToString::to_string).collect(),
            None => LIBRARY.events(&self.name).expect("cluster exists"),
        }
    }

    /// Control calls that reached the cluster so far.
    pub fn control_calls(&self) -> usize {
        match &self.in_process {
            Some(c) => c.control_calls(),
            None => LIBRARY.control_calls(&self.name).expect("cluster exists"),
        }
    }

    pub fn wait_idle(&self) -> bool {
        let timeout = Duration::from_secs(5);
        match &self.in_process {
            Some(c) => c.wait_idle(timeout),
            None => LIBRARY.wait_idle(&self.name, timeout),
        }
    }

    /// Every handle closed exactly once.
    pub fn finish(self) {
        assert_eq!(self.open_handles(), 0, "handles left open");
        assert_eq!(self.invalid_closes(), 0, "a handle was closed twice");
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if self.in_process.is_none() {
            LIBRARY.remove(&self.name);
        }
    }
}

pub fn fast() -> WaitOptions {
    WaitOptions::with_timeout(Duration::from_secs(10))
        .intervals(Duration::from_millis(1), Duration::from_millis(20))
}

/// The function and code of a Win32 failure, whichever object it names
/// (the error inside [`Error::Object`]).
pub fn api_error(result: Result<impl std::fmt::Debug, Error>) -> (&'static str, Win32Error) {
    match result.map_err(Error::into_inner) {
        Err(Error::Api { function, error }) => (function, error),
        other => panic!("expected a Win32 error, got {other:?}"),
    }
}

/// Each scenario `fn(Mode)` as two tests: `in_process::name` and
/// `library::name` (the latter skipped under miri, which cannot `dlopen`).
macro_rules! both_modes {
    ($($scenario:ident),* $(,)?) => {
        mod in_process {
            $( #[test] fn $scenario() { super::$scenario(super::Mode::InProcess) } )*
        }
        mod library {
            $( #[test] #[cfg_attr(miri, ignore = "miri cannot load a shared library (dlopen); the same scenarios run in-process under miri")] fn $scenario() { super::$scenario(super::Mode::Library) } )*
        }
    };
}
pub(crate) use both_modes;
