//! The simulator's shared library loaded by path: [`SimLibrary`], with its
//! clusapi table and its `ClusSim*` control functions.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clusprop_ffi::ClusApi;

type ConfigureFn = unsafe extern "C" fn(*const u8, usize) -> u32;
type NameU32Fn = unsafe extern "C" fn(*const u8, usize) -> u32;
type NameI64Fn = unsafe extern "C" fn(*const u8, usize) -> i64;
type WaitIdleFn = unsafe extern "C" fn(*const u8, usize, u32) -> u32;
type EventsFn = unsafe extern "C" fn(*const u8, usize, *mut u8, usize) -> usize;

/// The simulator built as a shared library and loaded by path: its clusapi
/// table (through [`ClusApi::load_path`], the same path any clusapi-like
/// library takes) and its `ClusSim*` control functions.
///
/// The library has its own clusters, separate from the in-process
/// simulator's.
pub struct SimLibrary {
    api: ClusApi,
    configure: ConfigureFn,
    remove: NameU32Fn,
    open_handles: NameI64Fn,
    invalid_closes: NameI64Fn,
    control_calls: NameI64Fn,
    wait_idle: WaitIdleFn,
    events: EventsFn,
    // Keeps the control functions loaded (the `ClusApi` holds its own
    // reference to the same library).
    _library: libloading::Library,
}

impl std::fmt::Debug for SimLibrary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimLibrary")
            .field("api", &self.api)
            .finish()
    }
}

/// The file name of the simulator's shared library on this platform.
pub fn library_file_name() -> String {
    format!(
        "{}clusprop_sim{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// Where cargo put the simulator's shared library for the running
/// executable: `$CLUSPROP_SIM_LIB` if set, else the executable's directory
/// or its parent (test binaries live in `target/<profile>/deps`).
pub fn built_library_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CLUSPROP_SIM_LIB") {
        return Some(PathBuf::from(path));
    }
    let exe = std::env::current_exe().ok()?;
    let name = library_file_name();
    exe.ancestors()
        .skip(1)
        .take(2)
        .map(|dir| dir.join(&name))
        .find(|p| p.is_file())
}

impl SimLibrary {
    /// Loads the simulator's shared library that cargo built for this
    /// executable ([`built_library_path`]).
    pub fn load_built() -> Result<Self, String> {
        let path = built_library_path()
            .ok_or_else(|| format!("{} not found beside the executable", library_file_name()))?;
        // SAFETY: the file is this crate's own cdylib, built by the same cargo
        // run (or named by CLUSPROP_SIM_LIB for that purpose).
        unsafe { Self::load(&path) }
    }

    /// Loads the simulator's shared library from `path`.
    ///
    /// # Safety
    ///
    /// `path` must be this crate's `cdylib` (its initialisers are run and its
    /// exports trusted to have the prototypes declared here).
    pub unsafe fn load(path: &Path) -> Result<Self, String> {
        // SAFETY: forwarded from this function's contract.
        let api = unsafe { ClusApi::load_path(path) }.map_err(|e| e.to_string())?;
        // SAFETY: as above (the same library; dlopen/LoadLibrary count it).
        let library = unsafe { libloading::Library::new(OsStr::new(path)) }
            .map_err(|e| loader_message(&e))?;
        fn get<T: Copy>(library: &libloading::Library, name: &str) -> Result<T, String> {
            // SAFETY: `T` is the prototype this module declares for `name`,
            // and the library is this module's own build.
            unsafe { library.get::<T>(name.as_bytes()) }
                .map(|s| *s)
                .map_err(|e| format!("{}: {}", name.trim_end_matches('\0'), loader_message(&e)))
        }
        Ok(Self {
            api,
            configure: get(&library, "ClusSimConfigure\0")?,
            remove: get(&library, "ClusSimRemove\0")?,
            open_handles: get(&library, "ClusSimOpenHandles\0")?,
            invalid_closes: get(&library, "ClusSimInvalidCloses\0")?,
            control_calls: get(&library, "ClusSimControlCalls\0")?,
            wait_idle: get(&library, "ClusSimWaitIdle\0")?,
            events: get(&library, "ClusSimEvents\0")?,
            _library: library,
        })
    }

    /// The library's clusapi table.
    pub fn api(&self) -> &ClusApi {
        &self.api
    }

    /// Registers the clusters of a configuration text in the library.
    pub fn configure(&self, text: &str) -> Result<(), u32> {
        // SAFETY: `text` is readable for its length during the call.
        match unsafe { (self.configure)(text.as_ptr(), text.len()) } {
            0 => Ok(()),
            code => Err(code),
        }
    }

    /// Removes a cluster: whether it existed.
    pub fn remove(&self, cluster: &str) -> bool {
        // SAFETY: `cluster` is readable for its length during the call.
        unsafe { (self.remove)(cluster.as_ptr(), cluster.len()) == 1 }
    }

    /// Open handles of a cluster (`None`: no such cluster).
    pub fn open_handles(&self, cluster: &str) -> Option<usize> {
        // SAFETY: `cluster` is readable for its length during the call.
        let n = unsafe { (self.open_handles)(cluster.as_ptr(), cluster.len()) };
        usize::try_from(n).ok()
    }

    /// Closes of handles that were not open (`None`: no such cluster).
    pub fn invalid_closes(&self, cluster: &str) -> Option<usize> {
        // SAFETY: `cluster` is readable for its length during the call.
        let n = unsafe { (self.invalid_closes)(cluster.as_ptr(), cluster.len()) };
        usize::try_from(n).ok()
    }

    /// Control calls that reached a cluster (`None`: no such cluster).
    pub fn control_calls(&self, cluster: &str) -> Option<usize> {
        // SAFETY: `cluster` is readable for its length during the call.
        let n = unsafe { (self.control_calls)(cluster.as_ptr(), cluster.len()) };
        usize::try_from(n).ok()
    }

    /// Waits until no operation runs in the cluster.
    pub fn wait_idle(&self, cluster: &str, timeout: Duration) -> bool {
        let ms = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX);
        // SAFETY: `cluster` is readable for its length during the call.
        unsafe { (self.wait_idle)(cluster.as_ptr(), cluster.len(), ms) == 1 }
    }

    /// What the cluster's resources did, one line per event.
    ///
    /// The events are copied out in at most [`MAX_EVENT_CALLS`] calls (the
    /// list may grow between two calls while operations run); each retry at
    /// least doubles the buffer.
    pub fn events(&self, cluster: &str) -> Result<Vec<String>, EventsError> {
        read_events(|buf| {
            // SAFETY: `cluster` is readable for its length and `buf` writable
            // for its length during the call.
            unsafe { (self.events)(cluster.as_ptr(), cluster.len(), buf.as_mut_ptr(), buf.len()) }
        })
    }
}

/// How many calls [`SimLibrary::events`] makes at most.
pub const MAX_EVENT_CALLS: u32 = 4;

/// Why [`SimLibrary::events`] has no events to give.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventsError {
    /// The library has no cluster of that name.
    NoSuchCluster,
    /// The events outgrew the buffer on every one of this many calls.
    NotSettled {
        /// The calls made.
        calls: u32,
    },
}

impl std::fmt::Display for EventsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSuchCluster => f.write_str("no such cluster in the simulator library"),
            Self::NotSettled { calls } => write!(
                f,
                "the cluster's events outgrew the buffer on each of {calls} calls"
            ),
        }
    }
}

impl std::error::Error for EventsError {}

/// The `ClusSimEvents` protocol: `call` copies the events into the buffer
/// if they fit and returns their full length (`usize::MAX`: no such
/// cluster). Retries with a buffer of the size asked for, and at least
/// double the last, at most [`MAX_EVENT_CALLS`] calls in all.
fn read_events(mut call: impl FnMut(&mut [u8]) -> usize) -> Result<Vec<String>, EventsError> {
    let mut buf = Vec::new();
    for _ in 0..MAX_EVENT_CALLS {
        let needed = call(&mut buf);
        if needed == usize::MAX {
            return Err(EventsError::NoSuchCluster);
        }
        if needed <= buf.len() {
            buf.truncate(needed);
            let text = String::from_utf8_lossy(&buf);
            return Ok(text.lines().map(str::to_owned).collect());
        }
        let next = needed.max(buf.len().saturating_mul(2));
        buf.clear();
        buf.resize(next, 0);
    }
    Err(EventsError::NotSettled {
        calls: MAX_EVENT_CALLS,
    })
}

/// A loader error with the system's reason (libloading's `Display` names
/// only the call, `dlsym failed`; the reason is its `source`).
fn loader_message(error: &libloading::Error) -> String {
    let mut message = error.to_string();
    let mut next = std::error::Error::source(error);
    while let Some(inner) = next {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        next = inner.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_that_keep_growing_stop_at_the_call_cap() {
        // Always one byte more than the buffer: each retry at least doubles
        // it, and the calls stop at the cap with a typed error.
        let mut sizes = Vec::new();
        let err = read_events(|buf| {
            sizes.push(buf.len());
            buf.len() + 1
        })
        .unwrap_err();
        assert_eq!(
            err,
            EventsError::NotSettled {
                calls: MAX_EVENT_CALLS
            }
        );
        assert_eq!(sizes.len(), MAX_EVENT_CALLS as usize);
        assert!(
            sizes.windows(2).skip(1).all(|w| w[1] >= 2 * w[0]),
            "{sizes:?}"
        );
    }

    #[test]
    fn events_are_read_in_two_calls_and_a_missing_cluster_is_said() {
        let text = b"a\nbb\n";
        let mut calls = 0;
        let events = read_events(|buf| {
            calls += 1;
            if buf.len() >= text.len() {
                buf[..text.len()].copy_from_slice(text);
            }
            text.len()
        })
        .unwrap();
        assert_eq!((events, calls), (vec!["a".to_owned(), "bb".to_owned()], 2));
        assert_eq!(read_events(|_| usize::MAX), Err(EventsError::NoSuchCluster));
    }

    /// A library that does not load says why (libloading's own message is
    /// only `dlopen failed`).
    #[test]
    #[cfg_attr(miri, ignore = "miri cannot load a shared library (dlopen)")]
    fn a_loader_error_keeps_the_reason() {
        let path = std::env::temp_dir().join("clusprop-sim-no-such-dir/no-such-library.so");
        // SAFETY: nothing exists at `path`, so no code is loaded or run.
        let err = unsafe { libloading::Library::new(&path) }.unwrap_err();
        let message = loader_message(&err);
        assert!(message.starts_with(&format!("{err}: ")), "{message}");
        #[cfg(target_os = "linux")]
        assert!(message.contains("No such file or directory"), "{message}");
    }
}
