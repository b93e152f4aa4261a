//! [`ClusApi`]: where the table comes from (the system's `clusapi.dll`, a
//! library loaded by path, or an in-process table), and the calls every
//! handle owner makes through it (a required entry point, the last error),
//! plus the system's message text for an error code.

use std::ffi::OsStr;
use std::fmt;
use std::sync::Arc;

use crate::error::{Error, Unsupported};

use super::table::Functions;

/// The system's message text for a Win32 error code (`FormatMessageW`
/// with `FORMAT_MESSAGE_FROM_SYSTEM`), without its trailing line break;
/// `None` when the system has none. Windows only: elsewhere there is no
/// system message table.
#[cfg(windows)]
pub(crate) fn system_message(code: u32) -> Option<String> {
    use windows_sys::Win32::System::Diagnostics::Debug::{
        FORMAT_MESSAGE_FROM_SYSTEM, FORMAT_MESSAGE_IGNORE_INSERTS, FormatMessageW,
    };
    let mut buffer = [0u16; 512];
    // SAFETY: `buffer` is writable for the length passed (in UTF-16 units);
    // no source module and no inserts are used, so no other pointer is read.
    let written = unsafe {
        FormatMessageW(
            FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
            std::ptr::null(),
            code,
            0,
            buffer.as_mut_ptr(),
            buffer.len() as u32,
            std::ptr::null(),
        )
    };
    let units = buffer.get(..usize::try_from(written).ok()?)?;
    let text = String::from_utf16_lossy(units);
    let text = text.trim_end();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Off Windows there is no system message table.
#[cfg(not(windows))]
pub(crate) fn system_message(_code: u32) -> Option<String> {
    None
}

/// Where a [`ClusApi`] table came from.
#[derive(Debug)]
enum Source {
    /// A loaded library, kept alive as long as the table.
    Library {
        _library: libloading::Library,
        name: String,
    },
    /// A table compiled into this process (the simulator).
    Table { name: String },
}

struct Inner {
    functions: Functions,
    source: Source,
}

/// The clusapi function table in use: either `clusapi.dll` (Windows), a
/// library with the same exports loaded by path, or an in-process table.
///
/// Cheap to clone (an `Arc`); every [`Cluster`](crate::Cluster) and
/// [`Group`](crate::Group) holds one, so the library stays loaded as long as
/// any handle is open. `Send + Sync`: function pointers and a loaded library
/// can be used from any thread.
///
/// Write cluster code against a `&ClusApi` and choose the table once: the
/// system's on Windows, the simulator's (`clusprop-sim`) in tests and off
/// Windows.
///
/// ```
/// use clusprop_ffi::{ClusApi, Cluster, Error};
/// use clusprop_sim::{ClusterConfig, SimCluster};
///
/// /// Your code: which node owns a group.
/// fn owner_of(api: &ClusApi, cluster: &str, group: &str) -> Result<String, Error> {
///     let cluster = Cluster::open_named(api, cluster)?;
///     let (_state, node) = cluster.open_group(group)?.state_and_node()?;
///     Ok(node)
/// }
///
/// match ClusApi::system() {
///     Ok(api) => println!("using {}", api.source_name()),
///     // Off Windows, or without the Failover Clustering feature.
///     Err(e @ Error::Unsupported(_)) => println!("{e}"),
///     Err(e) => return Err(e.into()),
/// }
///
/// // In tests (and wherever there is no cluster): the simulator's table.
/// let sim = SimCluster::new(&ClusterConfig::demo().named("DocClusApi"))?;
/// assert_eq!(owner_of(&sim.api(), "DocClusApi", "DemoGroup")?, "NODE1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct ClusApi {
    inner: Arc<Inner>,
}

impl fmt::Debug for ClusApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClusApi")
            .field("source", &self.source_name())
            .field("functions", &self.inner.functions)
            .finish()
    }
}

impl ClusApi {
    /// Loads `clusapi.dll` from the Windows system directory
    /// (`LoadLibraryExW` with `LOAD_LIBRARY_SEARCH_SYSTEM32`, never the
    /// application directory or `PATH`).
    ///
    /// On a machine without the Failover Clustering feature (or on a
    /// non-Windows platform) this returns [`Error::Unsupported`]; a program
    /// using this crate still starts there, because nothing links clusapi at
    /// build time. Entry points missing from an older clusapi are `None` in
    /// the table and give [`Error::Unsupported`] when used.
    pub fn system() -> Result<Self, Error> {
        Self::load_system()
    }

    #[cfg(windows)]
    fn load_system() -> Result<Self, Error> {
        use libloading::os::windows::{LOAD_LIBRARY_SEARCH_SYSTEM32, Library};
        // SAFETY: clusapi.dll from System32 is the system's own library; its
        // initialisation routine is sound to run, and its exports have the
        // documented prototypes that `Functions` declares.
        let library =
            unsafe { Library::load_with_flags("clusapi.dll", LOAD_LIBRARY_SEARCH_SYSTEM32) }
                .map_err(|e| {
                    Error::Unsupported(Unsupported::Library {
                        name: "clusapi.dll".to_owned(),
                        detail: loader_message(&e),
                    })
                })?;
        Ok(Self::from_library(
            library.into(),
            "clusapi.dll (system)".to_owned(),
        ))
    }

    #[cfg(not(windows))]
    fn load_system() -> Result<Self, Error> {
        Err(Error::Unsupported(Unsupported::Library {
            name: "clusapi.dll".to_owned(),
            detail: "the Failover Cluster API exists only on Windows".to_owned(),
        }))
    }

    /// Loads any library that exports the clusapi functions by their Win32
    /// names (for example the simulator built as a shared library), by path.
    ///
    /// A library that cannot be loaded is [`Error::Unsupported`]; missing
    /// entry points are `None` in the table.
    ///
    /// # Safety
    ///
    /// Loading runs the library's initialisation code, and every export whose
    /// name matches a clusapi function must have that function's prototype
    /// and honour its contract (handles it returns stay valid until closed,
    /// buffers are only read within their stated size).
    pub unsafe fn load_path(path: impl AsRef<OsStr>) -> Result<Self, Error> {
        let path = path.as_ref();
        // SAFETY: the caller promises that the library is sound to load and
        // that its exports follow the clusapi prototypes.
        let library = unsafe { libloading::Library::new(path) }.map_err(|e| {
            Error::Unsupported(Unsupported::Library {
                name: path.to_string_lossy().into_owned(),
                detail: loader_message(&e),
            })
        })?;
        Ok(Self::from_library(
            library,
            path.to_string_lossy().into_owned(),
        ))
    }

    fn from_library(library: libloading::Library, name: String) -> Self {
        let functions = Functions::resolve(&library);
        Self {
            inner: Arc::new(Inner {
                functions,
                source: Source::Library {
                    _library: library,
                    name,
                },
            }),
        }
    }

    /// Wraps a table of functions that live in this process (the simulator's
    /// in-process table). `name` is only used in `Debug` output.
    ///
    /// # Safety
    ///
    /// Every `Some` entry must have the prototype of the clusapi function it
    /// stands for and honour that function's contract, and must stay callable
    /// for the life of the program (true of any `fn` item).
    pub unsafe fn from_table(functions: Functions, name: &str) -> Self {
        Self {
            inner: Arc::new(Inner {
                functions,
                source: Source::Table {
                    name: name.to_owned(),
                },
            }),
        }
    }

    /// The table of entry points in use.
    pub fn functions(&self) -> &Functions {
        &self.inner.functions
    }

    /// A short description of where the table came from.
    pub fn source_name(&self) -> &str {
        match &self.inner.source {
            Source::Library { name, .. } | Source::Table { name } => name,
        }
    }

    /// Whether `other` is this very table (a clone of the same `ClusApi`):
    /// only then may a handle opened through one be passed to the other.
    pub fn same_table(&self, other: &ClusApi) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    pub(super) fn require<T>(&self, f: Option<T>, name: &'static str) -> Result<T, Error> {
        f.ok_or(Error::Unsupported(Unsupported::EntryPoint { name }))
    }

    /// Reads the calling thread's last error through the table.
    pub(super) fn last_error(&self) -> u32 {
        match self.inner.functions.get_last_error {
            // SAFETY: `GetLastError` takes nothing and only reads the calling
            // thread's last-error value.
            Some(f) => unsafe { f() },
            None => 0,
        }
    }

    /// The error after a failed call that reports through `GetLastError`.
    pub(super) fn failed(&self, function: &'static str) -> Error {
        Error::from_last_error(function, self.last_error())
    }
}

/// A loader error with the system's reason: libloading's `Display` is only
/// the call (`dlopen failed`, `LoadLibraryExW failed`) and keeps the reason
/// (`dlerror`'s text, the OS error) in `source`, which a message built with
/// `to_string` would drop.
pub(crate) fn loader_message(error: &libloading::Error) -> String {
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

    /// A library that cannot be loaded says why, not only which call failed.
    #[test]
    #[cfg_attr(miri, ignore = "miri cannot load a shared library (dlopen)")]
    fn a_library_that_does_not_load_says_why() {
        let dir = std::env::temp_dir().join("clusprop-ffi-no-such-dir");
        let path = dir.join("no-such-library.so");
        // SAFETY: nothing exists at `path`, so no code is loaded or run.
        let err = unsafe { ClusApi::load_path(&path) }.unwrap_err();
        let Error::Unsupported(Unsupported::Library { name, detail }) = &err else {
            panic!("expected Unsupported::Library, got {err:?}");
        };
        assert_eq!(*name, path.to_string_lossy());
        let call = if cfg!(windows) {
            "LoadLibraryExW failed: "
        } else {
            "dlopen failed: "
        };
        assert!(detail.starts_with(call), "{detail}");
        assert!(detail.len() > call.len(), "{detail}");
        #[cfg(target_os = "linux")]
        assert!(detail.contains("No such file or directory"), "{detail}");
    }
}
