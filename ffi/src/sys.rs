//! The one module that touches the C ABI: the function-pointer table, loading
//! it from a library, and the handle owners that call through it.
//!
//! Every `unsafe` block of the crate is here, each with a `// SAFETY:`
//! comment. Everything outside this module is safe code over
//! [`RawCluster`] and [`RawObject`] (a group, node or resource handle), whose
//! invariant is simple: a value of either type holds a live handle that was
//! opened through the table stored beside it, and nothing else closes it.
//! The public `unsafe fn from_raw` constructors live here too.

use std::ffi::{OsStr, c_void};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use windows_sys::Win32::Networking::Clustering::{
    CLUSTER_ENUM_ITEM, CLUSTER_GROUP_ENUM_ITEM, CLUSTER_GROUP_STATE, CLUSTER_RESOURCE_STATE,
    HCHANGE, HCLUSENUM, HCLUSENUMEX, HCLUSTER, HGROUP, HGROUPENUM, HGROUPENUMEX, HNETINTERFACE,
    HNETWORK, HNODE, HRESOURCE, NOTIFY_FILTER_AND_TYPE,
};
use windows_sys::core::{BOOL, PCWSTR, PWSTR};

use crate::error::{Error, Unsupported};
use crate::name::WideName;

macro_rules! function_table {
    ($(
        $(#[$doc:meta])*
        $field:ident : $alias:ident = $name:ident,
            unsafe extern "system" fn($($arg:ident : $argty:ty),* $(,)?) -> $ret:ty;
    )*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("\n\nPrototype of `", stringify!($name), "` (clusapi.h).")]
            pub type $alias = unsafe extern "system" fn($($arg: $argty),*) -> $ret;
        )*

        /// The clusapi entry points this crate calls, one optional function
        /// pointer each, with the exact Win32 prototypes.
        ///
        /// A `None` entry is an entry point the library does not export; using
        /// it gives [`Error::Unsupported`]. The struct is `#[non_exhaustive]`
        /// so entries can be added: build one from [`Functions::EMPTY`] and
        /// set the fields (this works in a `const` too).
        #[derive(Clone, Copy)]
        #[non_exhaustive]
        pub struct Functions {
            $(
                $(#[$doc])*
                pub $field: Option<$alias>,
            )*
            /// `GetLastError`. On Windows this is always kernel32's (set by
            /// [`ClusApi::system`] and [`ClusApi::load_path`]); elsewhere it
            /// is the library's own export of that name, if any.
            pub get_last_error: Option<GetLastErrorFn>,
        }

        impl Functions {
            /// A table with no entry points.
            pub const EMPTY: Self = Self { $($field: None,)* get_last_error: None };

            /// The Win32 names of the clusapi entry points, in field order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// Looks every entry point up by name.
            fn resolve(library: &libloading::Library) -> Self {
                Self {
                    $($field: symbol::<$alias>(library, concat!(stringify!($name), "\0")),)*
                    get_last_error: last_error_function(library),
                }
            }

            /// The Win32 names of the clusapi entry points that are present.
            pub fn present(&self) -> Vec<&'static str> {
                let mut names = Vec::new();
                $(if self.$field.is_some() { names.push(stringify!($name)); })*
                names
            }
        }

        /// Type-checks each prototype against the `windows-sys` declaration.
        /// Generic and never instantiated, so it is never code-generated and
        /// links nothing (a non-generic function could be code-generated and
        /// pull in an import of clusapi.dll).
        #[allow(dead_code, clippy::extra_unused_type_parameters)]
        fn prototypes_match_windows_sys<T>() {
            $(
                let _: $alias = windows_sys::Win32::Networking::Clustering::$name;
            )*
        }
    };
}

function_table! {
    /// `OpenCluster`: a handle to the named cluster, or the local one for `NULL`.
    open_cluster: OpenClusterFn = OpenCluster,
        unsafe extern "system" fn(lpszclustername: PCWSTR) -> HCLUSTER;
    /// `OpenClusterEx`: like `OpenCluster` with a desired access mask.
    open_cluster_ex: OpenClusterExFn = OpenClusterEx,
        unsafe extern "system" fn(lpszclustername: PCWSTR, desiredaccess: u32, grantedaccess: *mut u32) -> HCLUSTER;
    /// `CloseCluster`.
    close_cluster: CloseClusterFn = CloseCluster,
        unsafe extern "system" fn(hcluster: HCLUSTER) -> BOOL;
    /// `OpenClusterGroup`.
    open_cluster_group: OpenClusterGroupFn = OpenClusterGroup,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszgroupname: PCWSTR) -> HGROUP;
    /// `OpenClusterGroupEx`: like `OpenClusterGroup` with a desired access mask.
    open_cluster_group_ex: OpenClusterGroupExFn = OpenClusterGroupEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszgroupname: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HGROUP;
    /// `CloseClusterGroup`.
    close_cluster_group: CloseClusterGroupFn = CloseClusterGroup,
        unsafe extern "system" fn(hgroup: HGROUP) -> BOOL;
    /// `GetClusterGroupState`.
    get_cluster_group_state: GetClusterGroupStateFn = GetClusterGroupState,
        unsafe extern "system" fn(hgroup: HGROUP, lpsznodename: PWSTR, lpcchnodename: *mut u32) -> CLUSTER_GROUP_STATE;
    /// `OfflineClusterGroupEx` (Windows Server 2012+).
    offline_cluster_group_ex: OfflineClusterGroupExFn = OfflineClusterGroupEx,
        unsafe extern "system" fn(hgroup: HGROUP, dwofflineflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `OnlineClusterGroupEx` (Windows Server 2012+).
    online_cluster_group_ex: OnlineClusterGroupExFn = OnlineClusterGroupEx,
        unsafe extern "system" fn(hgroup: HGROUP, hdestinationnode: HNODE, dwonlineflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `OpenClusterResource`.
    open_cluster_resource: OpenClusterResourceFn = OpenClusterResource,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszresourcename: PCWSTR) -> HRESOURCE;
    /// `CloseClusterResource`.
    close_cluster_resource: CloseClusterResourceFn = CloseClusterResource,
        unsafe extern "system" fn(hresource: HRESOURCE) -> BOOL;
    /// `OfflineClusterResourceEx` (Windows Server 2012+).
    offline_cluster_resource_ex: OfflineClusterResourceExFn = OfflineClusterResourceEx,
        unsafe extern "system" fn(hresource: HRESOURCE, dwofflineflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `OnlineClusterResourceEx` (Windows Server 2012+).
    online_cluster_resource_ex: OnlineClusterResourceExFn = OnlineClusterResourceEx,
        unsafe extern "system" fn(hresource: HRESOURCE, dwonlineflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `OpenClusterResourceEx`: like `OpenClusterResource` with a desired
    /// access mask.
    open_cluster_resource_ex: OpenClusterResourceExFn = OpenClusterResourceEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszresourcename: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HRESOURCE;
    /// `GetClusterResourceState`.
    get_cluster_resource_state: GetClusterResourceStateFn = GetClusterResourceState,
        unsafe extern "system" fn(hresource: HRESOURCE, lpsznodename: PWSTR, lpcchnodename: *mut u32, lpszgroupname: PWSTR, lpcchgroupname: *mut u32) -> CLUSTER_RESOURCE_STATE;
    /// `OpenClusterNode`.
    open_cluster_node: OpenClusterNodeFn = OpenClusterNode,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpsznodename: PCWSTR) -> HNODE;
    /// `OpenClusterNodeEx`: like `OpenClusterNode` with a desired access mask.
    open_cluster_node_ex: OpenClusterNodeExFn = OpenClusterNodeEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpsznodename: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HNODE;
    /// `CloseClusterNode`.
    close_cluster_node: CloseClusterNodeFn = CloseClusterNode,
        unsafe extern "system" fn(hnode: HNODE) -> BOOL;
    /// `MoveClusterGroupEx` (Windows Server 2012+).
    move_cluster_group_ex: MoveClusterGroupExFn = MoveClusterGroupEx,
        unsafe extern "system" fn(hgroup: HGROUP, hdestinationnode: HNODE, dwmoveflags: u32, lpinbuffer: *const u8, cbinbuffersize: u32) -> u32;
    /// `ClusterControl`: a `CLUSCTL_CLUSTER_*` control code.
    cluster_control: ClusterControlFn = ClusterControl,
        unsafe extern "system" fn(hcluster: HCLUSTER, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `ClusterGroupControl`: a `CLUSCTL_GROUP_*` control code.
    cluster_group_control: ClusterGroupControlFn = ClusterGroupControl,
        unsafe extern "system" fn(hgroup: HGROUP, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `ClusterNodeControl`: a `CLUSCTL_NODE_*` control code.
    cluster_node_control: ClusterNodeControlFn = ClusterNodeControl,
        unsafe extern "system" fn(hnode: HNODE, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `ClusterResourceControl`: a `CLUSCTL_RESOURCE_*` control code.
    cluster_resource_control: ClusterResourceControlFn = ClusterResourceControl,
        unsafe extern "system" fn(hresource: HRESOURCE, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, cbinbuffersize: u32, lpoutbuffer: *mut c_void, cboutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `OpenClusterNetwork`.
    open_cluster_network: OpenClusterNetworkFn = OpenClusterNetwork,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpsznetworkname: PCWSTR) -> HNETWORK;
    /// `OpenClusterNetworkEx`: like `OpenClusterNetwork` with a desired
    /// access mask.
    open_cluster_network_ex: OpenClusterNetworkExFn = OpenClusterNetworkEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpsznetworkname: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HNETWORK;
    /// `CloseClusterNetwork`.
    close_cluster_network: CloseClusterNetworkFn = CloseClusterNetwork,
        unsafe extern "system" fn(hnetwork: HNETWORK) -> BOOL;
    /// `ClusterNetworkControl`: a `CLUSCTL_NETWORK_*` control code.
    cluster_network_control: ClusterNetworkControlFn = ClusterNetworkControl,
        unsafe extern "system" fn(hnetwork: HNETWORK, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `OpenClusterNetInterface`.
    open_cluster_net_interface: OpenClusterNetInterfaceFn = OpenClusterNetInterface,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszinterfacename: PCWSTR) -> HNETINTERFACE;
    /// `OpenClusterNetInterfaceEx`: like `OpenClusterNetInterface` with a
    /// desired access mask.
    open_cluster_net_interface_ex: OpenClusterNetInterfaceExFn = OpenClusterNetInterfaceEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszinterfacename: PCWSTR, dwdesiredaccess: u32, lpdwgrantedaccess: *mut u32) -> HNETINTERFACE;
    /// `CloseClusterNetInterface`.
    close_cluster_net_interface: CloseClusterNetInterfaceFn = CloseClusterNetInterface,
        unsafe extern "system" fn(hnetinterface: HNETINTERFACE) -> BOOL;
    /// `ClusterNetInterfaceControl`: a `CLUSCTL_NETINTERFACE_*` control code.
    cluster_net_interface_control: ClusterNetInterfaceControlFn = ClusterNetInterfaceControl,
        unsafe extern "system" fn(hnetinterface: HNETINTERFACE, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `ClusterResourceTypeControl`: a `CLUSCTL_RESOURCE_TYPE_*` control
    /// code for a resource type named on a cluster handle.
    cluster_resource_type_control: ClusterResourceTypeControlFn = ClusterResourceTypeControl,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszresourcetypename: PCWSTR, hhostnode: HNODE, dwcontrolcode: u32, lpinbuffer: *const c_void, ninbuffersize: u32, lpoutbuffer: *mut c_void, noutbuffersize: u32, lpbytesreturned: *mut u32) -> u32;
    /// `CancelClusterGroupOperation` (Windows Server 2012+): cancels a
    /// group's pending move (or other operation).
    cancel_cluster_group_operation: CancelClusterGroupOperationFn = CancelClusterGroupOperation,
        unsafe extern "system" fn(hgroup: HGROUP, dwcancelflags_reserved: u32) -> u32;
    /// `CreateClusterNotifyPortV2` (Windows Server 2012+): a notification
    /// port for the filters given (`INVALID_HANDLE_VALUE` as `hchange` makes
    /// a new one).
    create_cluster_notify_port_v2: CreateClusterNotifyPortV2Fn = CreateClusterNotifyPortV2,
        unsafe extern "system" fn(hchange: HCHANGE, hcluster: HCLUSTER, filters: *const NOTIFY_FILTER_AND_TYPE, dwfiltercount: u32, dwnotifykey: usize) -> HCHANGE;
    /// `GetClusterNotifyV2`: the next notification, waiting up to
    /// `dwmilliseconds`.
    get_cluster_notify_v2: GetClusterNotifyV2Fn = GetClusterNotifyV2,
        unsafe extern "system" fn(hchange: HCHANGE, lpdwnotifykey: *mut usize, pfilterandtype: *mut NOTIFY_FILTER_AND_TYPE, buffer: *mut u8, lpbbuffersize: *mut u32, lpszobjectid: PWSTR, lpcchobjectid: *mut u32, lpszparentid: PWSTR, lpcchparentid: *mut u32, lpszname: PWSTR, lpcchname: *mut u32, lpsztype: PWSTR, lpcchtype: *mut u32, dwmilliseconds: u32) -> u32;
    /// `CloseClusterNotifyPort`.
    close_cluster_notify_port: CloseClusterNotifyPortFn = CloseClusterNotifyPort,
        unsafe extern "system" fn(hchange: HCHANGE) -> BOOL;
    /// `ClusterOpenEnumEx` (Windows Server 2016+): an enumeration of the
    /// cluster's objects of the `CLUSTER_ENUM` types in `dwtype`.
    cluster_open_enum_ex: ClusterOpenEnumExFn = ClusterOpenEnumEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, dwtype: u32, poptions: *const c_void) -> HCLUSENUMEX;
    /// `ClusterEnumEx`: one `CLUSTER_ENUM_ITEM` (type, id, name) by index.
    cluster_enum_ex: ClusterEnumExFn = ClusterEnumEx,
        unsafe extern "system" fn(hclusterenum: HCLUSENUMEX, dwindex: u32, pitem: *mut CLUSTER_ENUM_ITEM, cbitem: *mut u32) -> u32;
    /// `ClusterCloseEnumEx`.
    cluster_close_enum_ex: ClusterCloseEnumExFn = ClusterCloseEnumEx,
        unsafe extern "system" fn(hclusterenum: HCLUSENUMEX) -> u32;
    /// `ClusterGroupOpenEnumEx` (Windows Server 2016+): the cluster's groups
    /// with their state and owner node.
    cluster_group_open_enum_ex: ClusterGroupOpenEnumExFn = ClusterGroupOpenEnumEx,
        unsafe extern "system" fn(hcluster: HCLUSTER, lpszproperties: PCWSTR, cbproperties: u32, lpszroproperties: PCWSTR, cbroproperties: u32, dwflags: u32) -> HGROUPENUMEX;
    /// `ClusterGroupEnumEx`: one `CLUSTER_GROUP_ENUM_ITEM` by index.
    cluster_group_enum_ex: ClusterGroupEnumExFn = ClusterGroupEnumEx,
        unsafe extern "system" fn(hgroupenumex: HGROUPENUMEX, dwindex: u32, pitem: *mut CLUSTER_GROUP_ENUM_ITEM, cbitem: *mut u32) -> u32;
    /// `ClusterGroupCloseEnumEx`.
    cluster_group_close_enum_ex: ClusterGroupCloseEnumExFn = ClusterGroupCloseEnumEx,
        unsafe extern "system" fn(hgroupenumex: HGROUPENUMEX) -> u32;
    /// `ClusterOpenEnum`: the older enumeration (type and name only).
    cluster_open_enum: ClusterOpenEnumFn = ClusterOpenEnum,
        unsafe extern "system" fn(hcluster: HCLUSTER, dwtype: u32) -> HCLUSENUM;
    /// `ClusterEnum`: one entry's type and name by index.
    cluster_enum: ClusterEnumFn = ClusterEnum,
        unsafe extern "system" fn(henum: HCLUSENUM, dwindex: u32, lpdwtype: *mut u32, lpszname: PWSTR, lpcchname: *mut u32) -> u32;
    /// `ClusterCloseEnum`.
    cluster_close_enum: ClusterCloseEnumFn = ClusterCloseEnum,
        unsafe extern "system" fn(henum: HCLUSENUM) -> u32;
    /// `ClusterGroupOpenEnum`: the resources (or preferred nodes) of a group.
    cluster_group_open_enum: ClusterGroupOpenEnumFn = ClusterGroupOpenEnum,
        unsafe extern "system" fn(hgroup: HGROUP, dwtype: u32) -> HGROUPENUM;
    /// `ClusterGroupEnum`: one entry's type and name by index.
    cluster_group_enum: ClusterGroupEnumFn = ClusterGroupEnum,
        unsafe extern "system" fn(hgroupenum: HGROUPENUM, dwindex: u32, lpdwtype: *mut u32, lpszresourcename: PWSTR, lpcchname: *mut u32) -> u32;
    /// `ClusterGroupCloseEnum`.
    cluster_group_close_enum: ClusterGroupCloseEnumFn = ClusterGroupCloseEnum,
        unsafe extern "system" fn(hgroupenum: HGROUPENUM) -> u32;
}

/// Prototype of `GetLastError` (kernel32; exported by the simulator on
/// platforms without kernel32).
pub type GetLastErrorFn = unsafe extern "system" fn() -> u32;

impl fmt::Debug for Functions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Functions")
            .field("present", &self.present())
            .field("get_last_error", &self.get_last_error.is_some())
            .finish()
    }
}

fn symbol<T: Copy>(library: &libloading::Library, name: &'static str) -> Option<T> {
    // SAFETY: `T` is one of the `*Fn` aliases above, the exact prototype of
    // the clusapi function called `name`; any library handed to this crate
    // promises (see `ClusApi::load_path`) that an export of that name has that
    // prototype. The pointer is copied out of the `Symbol`, and stays valid
    // because the `Library` is kept alive in the same `ClusApi` as the table.
    unsafe { library.get::<T>(name.as_bytes()) }
        .ok()
        .map(|s| *s)
}

#[cfg(windows)]
fn last_error_function(_library: &libloading::Library) -> Option<GetLastErrorFn> {
    Some(windows_sys::Win32::Foundation::GetLastError)
}

#[cfg(not(windows))]
fn last_error_function(library: &libloading::Library) -> Option<GetLastErrorFn> {
    symbol::<GetLastErrorFn>(library, "GetLastError\0")
}

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
                        detail: e.to_string(),
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
                detail: e.to_string(),
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

    fn require<T>(&self, f: Option<T>, name: &'static str) -> Result<T, Error> {
        f.ok_or(Error::Unsupported(Unsupported::EntryPoint { name }))
    }

    /// Reads the calling thread's last error through the table.
    fn last_error(&self) -> u32 {
        match self.inner.functions.get_last_error {
            // SAFETY: `GetLastError` takes nothing and only reads the calling
            // thread's last-error value.
            Some(f) => unsafe { f() },
            None => 0,
        }
    }

    /// The error after a failed call that reports through `GetLastError`.
    fn failed(&self, function: &'static str) -> Error {
        Error::from_last_error(function, self.last_error())
    }
}

/// An open cluster handle. Invariant: `raw` is a live `HCLUSTER` returned by
/// `api`; it is closed exactly once, in `Drop`, unless `disown` was called.
pub(crate) struct RawCluster {
    api: ClusApi,
    raw: HCLUSTER,
    owned: std::sync::atomic::AtomicBool,
    granted: u32,
}

impl RawCluster {
    /// `OpenCluster(name)`; `None` is the local cluster.
    pub(crate) fn open(api: &ClusApi, name: Option<&WideName>) -> Result<Self, Error> {
        let f = api.require(api.functions().open_cluster, "OpenCluster")?;
        let ptr = name.map_or(std::ptr::null(), WideName::as_ptr);
        // SAFETY: `ptr` is NULL or a NUL-terminated UTF-16 string that lives
        // across the call (`WideName` guarantees the terminator and no
        // interior NUL).
        let raw = unsafe { f(ptr) };
        if raw == 0 {
            return Err(api.failed("OpenCluster"));
        }
        Ok(Self::owned(api, raw, crate::Access::ALL.bits()))
    }

    /// `OpenClusterEx(name, desired, &granted)`.
    pub(crate) fn open_ex(
        api: &ClusApi,
        name: Option<&WideName>,
        desired: u32,
    ) -> Result<Self, Error> {
        let f = api.require(api.functions().open_cluster_ex, "OpenClusterEx")?;
        let ptr = name.map_or(std::ptr::null(), WideName::as_ptr);
        let mut granted = 0u32;
        // SAFETY: `ptr` is NULL or a NUL-terminated UTF-16 string alive across
        // the call; `granted` is a valid, writable u32 for the call.
        let raw = unsafe { f(ptr, desired, &mut granted) };
        if raw == 0 {
            return Err(api.failed("OpenClusterEx"));
        }
        Ok(Self::owned(api, raw, granted))
    }

    fn owned(api: &ClusApi, raw: HCLUSTER, granted: u32) -> Self {
        Self {
            api: api.clone(),
            raw,
            owned: std::sync::atomic::AtomicBool::new(true),
            granted,
        }
    }

    /// Takes ownership of a handle opened elsewhere.
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HCLUSTER` from `api`'s library that nothing else
    /// will close.
    pub(crate) unsafe fn from_raw(api: &ClusApi, raw: HCLUSTER, granted: u32) -> Self {
        Self::owned(api, raw, granted)
    }

    pub(crate) fn api(&self) -> &ClusApi {
        &self.api
    }

    pub(crate) fn raw(&self) -> HCLUSTER {
        self.raw
    }

    pub(crate) fn granted(&self) -> u32 {
        self.granted
    }

    /// Gives up ownership: `Drop` will not close the handle.
    pub(crate) fn disown(&self) {
        self.owned.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    /// `OpenCluster<Object>` (`desired == None`) or `OpenCluster<Object>Ex`.
    pub(crate) fn open_object<K: ObjectKind>(
        self: &Arc<Self>,
        name: &WideName,
        desired: Option<u32>,
    ) -> Result<RawObject<K>, Error> {
        let api = &self.api;
        let f = api.functions();
        let (raw, granted) = match desired {
            None => {
                let open = api.require(K::open(f), K::OPEN)?;
                // SAFETY: `self.raw` is live (type invariant); `name` is a
                // NUL-terminated UTF-16 string alive across the call.
                let raw = unsafe { open(self.raw, name.as_ptr()) };
                if raw == 0 {
                    return Err(api.failed(K::OPEN));
                }
                (raw, crate::Access::ALL.bits())
            }
            Some(desired) => {
                let open = api.require(K::open_ex(f), K::OPEN_EX)?;
                let mut granted = 0u32;
                // SAFETY: as above, and `granted` is a writable u32.
                let raw = unsafe { open(self.raw, name.as_ptr(), desired, &mut granted) };
                if raw == 0 {
                    return Err(api.failed(K::OPEN_EX));
                }
                (raw, granted)
            }
        };
        Ok(RawObject {
            cluster: Arc::clone(self),
            raw,
            granted,
            owned: true,
            kind: PhantomData,
        })
    }

    /// `ClusterControl(h, host, code, in, out, &returned)`: the raw return
    /// code and the byte count written back.
    pub(crate) fn control(
        &self,
        host: Option<&RawObject<NodeKind>>,
        code: u32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<(u32, u32), Error> {
        let f = self
            .api
            .require(self.api.functions().cluster_control, "ClusterControl")?;
        let host = self.host_node(host)?;
        // SAFETY: `self.raw` is a live cluster handle (type invariant), the
        // kind `ClusterControl` takes; `host` is NULL or a live node handle
        // of the same library (checked by `host_node`).
        unsafe { control_call(f, self.raw, host, code, input, output) }
    }

    /// `ClusterResourceTypeControl(h, type, host, code, in, out, &returned)`:
    /// the raw return code and the byte count written back.
    pub(crate) fn resource_type_control(
        &self,
        type_name: &WideName,
        host: Option<&RawObject<NodeKind>>,
        code: u32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<(u32, u32), Error> {
        let f = self.api.require(
            self.api.functions().cluster_resource_type_control,
            "ClusterResourceTypeControl",
        )?;
        let host = self.host_node(host)?;
        let (in_ptr, in_len) = buffer_args(input)?;
        let out_len =
            u32::try_from(output.len()).map_err(|_| Error::BufferTooLarge { len: output.len() })?;
        let out_ptr = if output.is_empty() {
            std::ptr::null_mut()
        } else {
            output.as_mut_ptr()
        };
        let mut returned = 0u32;
        // SAFETY: `self.raw` is a live cluster handle (type invariant);
        // `type_name` is NUL-terminated UTF-16 alive across the call; `host`
        // is NULL or a live node handle of the same library; the buffers are
        // as in `control_call`, and `returned` is a writable u32.
        let status = unsafe {
            f(
                self.raw,
                type_name.as_ptr(),
                host,
                code,
                in_ptr.cast(),
                in_len,
                out_ptr.cast(),
                out_len,
                &mut returned,
            )
        };
        Ok((status, returned))
    }

    /// The raw handle of an optional host or destination node, after
    /// checking that it was opened through the same table as `self`.
    fn host_node(&self, node: Option<&RawObject<NodeKind>>) -> Result<HNODE, Error> {
        match node {
            None => Ok(0),
            Some(n) if n.cluster.api.same_table(&self.api) => Ok(n.raw),
            Some(_) => Err(Error::ForeignHandle),
        }
    }
}

impl Drop for RawCluster {
    fn drop(&mut self) {
        if !*self.owned.get_mut() {
            return;
        }
        if let Some(f) = self.api.functions().close_cluster {
            // SAFETY: the handle is live and owned (type invariant), and this
            // is the only place that closes it; `drop` runs once.
            unsafe { f(self.raw) };
        }
    }
}

/// The prototype shared by `ClusterControl`, `ClusterGroupControl`,
/// `ClusterNodeControl` and `ClusterResourceControl` (every handle type is
/// an `isize`).
type ControlFn = ClusterControlFn;
/// The prototype shared by `OpenClusterGroup`/`Node`/`Resource`.
type OpenObjectFn = OpenClusterGroupFn;
/// The prototype shared by `OpenClusterGroupEx`/`NodeEx`/`ResourceEx`.
type OpenObjectExFn = OpenClusterGroupExFn;
/// The prototype shared by `CloseClusterGroup`/`Node`/`Resource`.
type CloseObjectFn = CloseClusterGroupFn;

/// A kind of object opened from a cluster handle: which entry points open,
/// close and control it.
pub(crate) trait ObjectKind {
    const OPEN: &'static str;
    const OPEN_EX: &'static str;
    const CONTROL: &'static str;
    fn open(f: &Functions) -> Option<OpenObjectFn>;
    fn open_ex(f: &Functions) -> Option<OpenObjectExFn>;
    fn close(f: &Functions) -> Option<CloseObjectFn>;
    fn control(f: &Functions) -> Option<ControlFn>;
}

macro_rules! object_kind {
    ($(#[$doc:meta])* $kind:ident: $open:ident, $open_ex:ident, $close:ident, $control:ident;
     $open_name:literal, $open_ex_name:literal, $control_name:literal) => {
        $(#[$doc])*
        pub(crate) enum $kind {}

        impl ObjectKind for $kind {
            const OPEN: &'static str = $open_name;
            const OPEN_EX: &'static str = $open_ex_name;
            const CONTROL: &'static str = $control_name;
            fn open(f: &Functions) -> Option<OpenObjectFn> {
                f.$open
            }
            fn open_ex(f: &Functions) -> Option<OpenObjectExFn> {
                f.$open_ex
            }
            fn close(f: &Functions) -> Option<CloseObjectFn> {
                f.$close
            }
            fn control(f: &Functions) -> Option<ControlFn> {
                f.$control
            }
        }
    };
}

object_kind! {
    /// `HGROUP`.
    GroupKind: open_cluster_group, open_cluster_group_ex, close_cluster_group, cluster_group_control;
    "OpenClusterGroup", "OpenClusterGroupEx", "ClusterGroupControl"
}
object_kind! {
    /// `HNODE`.
    NodeKind: open_cluster_node, open_cluster_node_ex, close_cluster_node, cluster_node_control;
    "OpenClusterNode", "OpenClusterNodeEx", "ClusterNodeControl"
}
object_kind! {
    /// `HRESOURCE`.
    ResourceKind: open_cluster_resource, open_cluster_resource_ex, close_cluster_resource, cluster_resource_control;
    "OpenClusterResource", "OpenClusterResourceEx", "ClusterResourceControl"
}

object_kind! {
    /// `HNETWORK`.
    NetworkKind: open_cluster_network, open_cluster_network_ex, close_cluster_network, cluster_network_control;
    "OpenClusterNetwork", "OpenClusterNetworkEx", "ClusterNetworkControl"
}
object_kind! {
    /// `HNETINTERFACE`.
    NetInterfaceKind: open_cluster_net_interface, open_cluster_net_interface_ex, close_cluster_net_interface, cluster_net_interface_control;
    "OpenClusterNetInterface", "OpenClusterNetInterfaceEx", "ClusterNetInterfaceControl"
}

/// An open group, node or resource handle. Invariant: `raw` is a live handle
/// of kind `K` returned through `cluster.api`; closed exactly once, in
/// `Drop`, unless `owned` is false. Holding the cluster keeps the cluster
/// handle (and the library) open for as long as this handle.
pub(crate) struct RawObject<K: ObjectKind> {
    cluster: Arc<RawCluster>,
    raw: isize,
    granted: u32,
    owned: bool,
    kind: PhantomData<K>,
}

pub(crate) type RawGroup = RawObject<GroupKind>;
pub(crate) type RawNode = RawObject<NodeKind>;
pub(crate) type RawResource = RawObject<ResourceKind>;
pub(crate) type RawNetwork = RawObject<NetworkKind>;
pub(crate) type RawNetInterface = RawObject<NetInterfaceKind>;

impl<K: ObjectKind> RawObject<K> {
    /// Takes ownership of a handle of kind `K` opened elsewhere.
    ///
    /// # Safety
    ///
    /// `raw` must be a live handle of kind `K` opened through `cluster`'s
    /// library that nothing else will close.
    pub(crate) unsafe fn from_raw(cluster: Arc<RawCluster>, raw: isize, granted: u32) -> Self {
        Self {
            cluster,
            raw,
            granted,
            owned: true,
            kind: PhantomData,
        }
    }

    pub(crate) fn raw(&self) -> isize {
        self.raw
    }

    pub(crate) fn granted(&self) -> u32 {
        self.granted
    }

    pub(crate) fn cluster(&self) -> &Arc<RawCluster> {
        &self.cluster
    }

    fn api(&self) -> &ClusApi {
        self.cluster.api()
    }

    /// Gives up ownership and returns the handle.
    pub(crate) fn into_raw(mut self) -> isize {
        self.owned = false;
        self.raw
    }

    /// `Cluster<Object>Control(h, host, code, in, out, &returned)`: the raw
    /// return code and the byte count written back.
    pub(crate) fn control(
        &self,
        host: Option<&RawNode>,
        code: u32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<(u32, u32), Error> {
        let f = self
            .api()
            .require(K::control(self.api().functions()), K::CONTROL)?;
        let host = self.cluster.host_node(host)?;
        // SAFETY: `self.raw` is a live handle of kind `K` (type invariant),
        // the kind `K::control` takes; `host` is NULL or a live node handle
        // of the same library (checked by `host_node`).
        unsafe { control_call(f, self.raw, host, code, input, output) }
    }
}

impl<K: ObjectKind> Drop for RawObject<K> {
    fn drop(&mut self) {
        if !self.owned {
            return;
        }
        if let Some(f) = K::close(self.api().functions()) {
            // SAFETY: the handle is live, of kind `K` and owned (type
            // invariant), and this is the only place that closes it; `drop`
            // runs once.
            unsafe { f(self.raw) };
        }
    }
}

/// The prototype shared by `OfflineClusterGroupEx`,
/// `OfflineClusterResourceEx` and `OnlineClusterResourceEx`: a handle, flags
/// and an instruction buffer.
type FlagsAndBufferFn = OfflineClusterGroupExFn;

impl<K: ObjectKind> RawObject<K> {
    /// Calls `f(handle, flags, buffer)`, one of the `*Ex` calls that take a
    /// handle of kind `K`: the raw return code.
    fn flags_and_buffer(
        &self,
        f: Option<FlagsAndBufferFn>,
        name: &'static str,
        flags: u32,
        buffer: &[u8],
    ) -> Result<u32, Error> {
        let f = self.api().require(f, name)?;
        let (ptr, len) = buffer_args(buffer)?;
        // SAFETY: the handle is live and of kind `K` (type invariant), the
        // kind the caller picked `f` for; `ptr` is NULL with `len == 0`, or
        // points to `len` readable bytes that stay alive and unchanged across
        // the call. clusapi copies the buffer before it returns (it is an
        // RPC `[in, size_is]` array).
        Ok(unsafe { f(self.raw, flags, ptr, len) })
    }
}

/// Calls a control function with an input and an output buffer.
///
/// # Safety
///
/// `handle` must be a live handle of the kind `f` takes, and `host` NULL or
/// a live node handle, both from the library `f` belongs to.
unsafe fn control_call(
    f: ControlFn,
    handle: isize,
    host: HNODE,
    code: u32,
    input: &[u8],
    output: &mut [u8],
) -> Result<(u32, u32), Error> {
    let (in_ptr, in_len) = buffer_args(input)?;
    let out_len =
        u32::try_from(output.len()).map_err(|_| Error::BufferTooLarge { len: output.len() })?;
    let out_ptr = if output.is_empty() {
        std::ptr::null_mut()
    } else {
        output.as_mut_ptr()
    };
    let mut returned = 0u32;
    // SAFETY: the handles are as this function's contract says. `in_ptr` is
    // NULL with length 0 or `in_len` readable bytes; `out_ptr` is NULL with
    // length 0 or `out_len` writable bytes; `returned` is a writable u32;
    // all of them stay alive across the call, which only writes within
    // `out_len` (clusapi contract: `nOutBufferSize` bounds the write).
    let status = unsafe {
        f(
            handle,
            host,
            code,
            in_ptr.cast(),
            in_len,
            out_ptr.cast(),
            out_len,
            &mut returned,
        )
    };
    Ok((status, returned))
}

/// A `GetCluster*State`-style name buffer: pointer and in/out count, NULL
/// and 0 when no buffer is wanted.
fn name_buffer(buf: Option<&mut [u16]>) -> (*mut u16, u32) {
    match buf {
        Some(buf) => (
            buf.as_mut_ptr(),
            u32::try_from(buf.len()).unwrap_or(u32::MAX),
        ),
        None => (std::ptr::null_mut(), 0),
    }
}

/// What `GetClusterGroupState` / `GetClusterResourceState` reported: the raw
/// state, the character counts written back, and the last error when the
/// state is unknown (0 otherwise).
pub(crate) struct RawState<S> {
    pub(crate) state: S,
    pub(crate) node_len: u32,
    pub(crate) group_len: u32,
    pub(crate) error: u32,
}

impl RawGroup {
    /// `GetClusterGroupState(h, buf, &cch)`: see [`RawState`].
    pub(crate) fn state(
        &self,
        node: Option<&mut [u16]>,
    ) -> Result<RawState<CLUSTER_GROUP_STATE>, Error> {
        let api = self.api();
        let f = api.require(
            api.functions().get_cluster_group_state,
            "GetClusterGroupState",
        )?;
        let (ptr, mut cch) = name_buffer(node);
        let cch_ptr: *mut u32 = if ptr.is_null() {
            std::ptr::null_mut()
        } else {
            &mut cch
        };
        // SAFETY: the group handle is live (type invariant). `ptr` is NULL
        // (with a NULL count) or points to a writable buffer of `cch` u16s,
        // and `cch_ptr` to a writable u32, both alive across the call.
        let state = unsafe { f(self.raw, ptr, cch_ptr) };
        let error = if state == windows_sys::Win32::Networking::Clustering::ClusterGroupStateUnknown
        {
            api.last_error()
        } else {
            0
        };
        Ok(RawState {
            state,
            node_len: cch,
            group_len: 0,
            error,
        })
    }

    /// `OfflineClusterGroupEx(h, flags, buffer)`: the raw return code.
    pub(crate) fn offline_ex(&self, flags: u32, buffer: &[u8]) -> Result<u32, Error> {
        let f = self.api().functions().offline_cluster_group_ex;
        self.flags_and_buffer(f, "OfflineClusterGroupEx", flags, buffer)
    }

    /// `OnlineClusterGroupEx(h, node, flags, buffer)`: the raw return code.
    pub(crate) fn online_ex(
        &self,
        node: Option<&RawNode>,
        flags: u32,
        buffer: &[u8],
    ) -> Result<u32, Error> {
        let api = self.api();
        let f = api.require(
            api.functions().online_cluster_group_ex,
            "OnlineClusterGroupEx",
        )?;
        let node = self.cluster.host_node(node)?;
        let (ptr, len) = buffer_args(buffer)?;
        // SAFETY: as for `offline_ex`; `node` is NULL (the cluster chooses,
        // as documented) or a live node handle of the same library.
        Ok(unsafe { f(self.raw, node, flags, ptr, len) })
    }

    /// `CancelClusterGroupOperation(h, 0)`: the raw return code.
    pub(crate) fn cancel_operation(&self) -> Result<u32, Error> {
        let api = self.api();
        let f = api.require(
            api.functions().cancel_cluster_group_operation,
            "CancelClusterGroupOperation",
        )?;
        // SAFETY: the group handle is live (type invariant); the reserved
        // flags are zero, as documented.
        Ok(unsafe { f(self.raw, 0) })
    }

    /// `MoveClusterGroupEx(h, node, flags, buffer)`: the raw return code.
    pub(crate) fn move_ex(
        &self,
        node: Option<&RawNode>,
        flags: u32,
        buffer: &[u8],
    ) -> Result<u32, Error> {
        let api = self.api();
        let f = api.require(api.functions().move_cluster_group_ex, "MoveClusterGroupEx")?;
        let node = self.cluster.host_node(node)?;
        let (ptr, len) = buffer_args(buffer)?;
        // SAFETY: as for `online_ex`.
        Ok(unsafe { f(self.raw, node, flags, ptr, len) })
    }
}

impl RawResource {
    /// `GetClusterResourceState(h, node, &cch, group, &cch)`: see
    /// [`RawState`].
    pub(crate) fn state(
        &self,
        node: Option<&mut [u16]>,
        group: Option<&mut [u16]>,
    ) -> Result<RawState<CLUSTER_RESOURCE_STATE>, Error> {
        let api = self.api();
        let f = api.require(
            api.functions().get_cluster_resource_state,
            "GetClusterResourceState",
        )?;
        let (node_ptr, mut node_cch) = name_buffer(node);
        let (group_ptr, mut group_cch) = name_buffer(group);
        let node_cch_ptr: *mut u32 = if node_ptr.is_null() {
            std::ptr::null_mut()
        } else {
            &mut node_cch
        };
        let group_cch_ptr: *mut u32 = if group_ptr.is_null() {
            std::ptr::null_mut()
        } else {
            &mut group_cch
        };
        // SAFETY: the resource handle is live (type invariant). Each name
        // pointer is NULL (with a NULL count) or points to a writable buffer
        // of as many u16s as its count says, and each count pointer to a
        // writable u32; all alive across the call.
        let state = unsafe { f(self.raw, node_ptr, node_cch_ptr, group_ptr, group_cch_ptr) };
        let error =
            if state == windows_sys::Win32::Networking::Clustering::ClusterResourceStateUnknown {
                api.last_error()
            } else {
                0
            };
        Ok(RawState {
            state,
            node_len: node_cch,
            group_len: group_cch,
            error,
        })
    }

    /// `OfflineClusterResourceEx(h, flags, buffer)`: the raw return code.
    pub(crate) fn offline_ex(&self, flags: u32, buffer: &[u8]) -> Result<u32, Error> {
        let f = self.api().functions().offline_cluster_resource_ex;
        self.flags_and_buffer(f, "OfflineClusterResourceEx", flags, buffer)
    }

    /// `OnlineClusterResourceEx(h, flags, buffer)`: the raw return code.
    pub(crate) fn online_ex(&self, flags: u32, buffer: &[u8]) -> Result<u32, Error> {
        let f = self.api().functions().online_cluster_resource_ex;
        self.flags_and_buffer(f, "OnlineClusterResourceEx", flags, buffer)
    }
}

/// Which enumeration API an open enumeration handle belongs to, and so which
/// function reads and which closes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EnumApi {
    /// `ClusterOpenEnumEx` / `ClusterEnumEx` / `ClusterCloseEnumEx`.
    ClusterEx,
    /// `ClusterOpenEnum` / `ClusterEnum` / `ClusterCloseEnum`.
    Cluster,
    /// `ClusterGroupOpenEnum` / `ClusterGroupEnum` / `ClusterGroupCloseEnum`.
    Group,
    /// `ClusterGroupOpenEnumEx` / `ClusterGroupEnumEx` /
    /// `ClusterGroupCloseEnumEx`.
    GroupEx,
}

/// An open enumeration handle. Invariant: `raw` is a live handle of the kind
/// `api` names, returned through `cluster.api`; closed exactly once, in
/// `Drop`. Holding the cluster keeps the cluster handle (and the library)
/// open for as long as this handle.
pub(crate) struct RawEnum {
    cluster: Arc<RawCluster>,
    raw: isize,
    api: EnumApi,
}

/// What one `ClusterEnum` / `ClusterGroupEnum` call reported: the status,
/// the entry's type and the character count written back.
pub(crate) struct RawEnumEntry {
    pub(crate) status: u32,
    pub(crate) kind: u32,
    pub(crate) cch: u32,
}

impl RawCluster {
    /// `ClusterOpenEnumEx(h, types, NULL)` when the library has it (and
    /// `prefer_ex`), else `ClusterOpenEnum(h, types)`.
    pub(crate) fn open_enum(
        self: &Arc<Self>,
        types: u32,
        prefer_ex: bool,
    ) -> Result<RawEnum, Error> {
        let f = self.api.functions();
        let (raw, api, name) = match f.cluster_open_enum_ex.filter(|_| prefer_ex) {
            Some(open) => {
                // SAFETY: `self.raw` is a live cluster handle (type
                // invariant); the options pointer may be NULL (documented:
                // reserved, must be NULL).
                let raw = unsafe { open(self.raw, types, std::ptr::null()) };
                (raw, EnumApi::ClusterEx, "ClusterOpenEnumEx")
            }
            None => {
                let open = self.api.require(f.cluster_open_enum, "ClusterOpenEnum")?;
                // SAFETY: `self.raw` is a live cluster handle (type invariant).
                let raw = unsafe { open(self.raw, types) };
                (raw, EnumApi::Cluster, "ClusterOpenEnum")
            }
        };
        if raw == 0 {
            return Err(self.api.failed(name));
        }
        Ok(RawEnum {
            cluster: Arc::clone(self),
            raw,
            api,
        })
    }
}

impl RawCluster {
    /// `ClusterGroupOpenEnumEx(h, NULL, 0, NULL, 0, 0)`: the groups, no
    /// properties asked for; `None` when the library does not export it.
    pub(crate) fn open_group_enum_ex(self: &Arc<Self>) -> Result<Option<RawEnum>, Error> {
        let Some(open) = self.api.functions().cluster_group_open_enum_ex else {
            return Ok(None);
        };
        // SAFETY: `self.raw` is a live cluster handle (type invariant); the
        // property-name lists are NULL with size 0 (none asked for) and the
        // flags 0, as documented.
        let raw = unsafe { open(self.raw, std::ptr::null(), 0, std::ptr::null(), 0, 0) };
        if raw == 0 {
            return Err(self.api.failed("ClusterGroupOpenEnumEx"));
        }
        Ok(Some(RawEnum {
            cluster: Arc::clone(self),
            raw,
            api: EnumApi::GroupEx,
        }))
    }
}

impl RawGroup {
    /// `ClusterGroupOpenEnum(h, types)`.
    pub(crate) fn open_enum(&self, types: u32) -> Result<RawEnum, Error> {
        let api = self.api();
        let open = api.require(
            api.functions().cluster_group_open_enum,
            "ClusterGroupOpenEnum",
        )?;
        // SAFETY: the group handle is live (type invariant).
        let raw = unsafe { open(self.raw, types) };
        if raw == 0 {
            return Err(api.failed("ClusterGroupOpenEnum"));
        }
        Ok(RawEnum {
            cluster: Arc::clone(&self.cluster),
            raw,
            api: EnumApi::Group,
        })
    }
}

impl RawEnum {
    /// Which API the handle belongs to.
    pub(crate) fn api_kind(&self) -> EnumApi {
        self.api
    }

    /// `ClusterEnumEx(h, index, item, &cb)` into `buf` (8-byte aligned, as
    /// `CLUSTER_ENUM_ITEM` needs): the status and the byte count written
    /// back (on `ERROR_MORE_DATA`, the size needed).
    pub(crate) fn item_ex(&self, index: u32, buf: &mut [u64]) -> Result<(u32, u32), Error> {
        let api = self.cluster.api();
        let f = api.require(api.functions().cluster_enum_ex, "ClusterEnumEx")?;
        if self.api != EnumApi::ClusterEx {
            return Err(Error::Unsupported(Unsupported::EntryPoint {
                name: "ClusterEnumEx",
            }));
        }
        let bytes = buf.len().saturating_mul(8);
        let mut cb = u32::try_from(bytes).map_err(|_| Error::BufferTooLarge { len: bytes })?;
        // SAFETY: the handle is a live `ClusterOpenEnumEx` handle (type
        // invariant; only `EnumApi::ClusterEx` handles reach here, see
        // `Enumeration`); `buf` is writable for `cb` bytes and aligned for
        // `CLUSTER_ENUM_ITEM` (u64 storage), `cb` is a writable u32; both
        // stay alive across the call, which writes within `cb` bytes.
        let status = unsafe {
            f(
                self.raw,
                index,
                buf.as_mut_ptr().cast::<CLUSTER_ENUM_ITEM>(),
                &mut cb,
            )
        };
        Ok((status, cb))
    }

    /// `ClusterGroupEnumEx(h, index, item, &cb)` into `buf` (8-byte
    /// aligned): the status and the byte count written back.
    pub(crate) fn group_item_ex(&self, index: u32, buf: &mut [u64]) -> Result<(u32, u32), Error> {
        let api = self.cluster.api();
        let f = api.require(api.functions().cluster_group_enum_ex, "ClusterGroupEnumEx")?;
        if self.api != EnumApi::GroupEx {
            return Err(Error::Unsupported(Unsupported::EntryPoint {
                name: "ClusterGroupEnumEx",
            }));
        }
        let bytes = buf.len().saturating_mul(8);
        let mut cb = u32::try_from(bytes).map_err(|_| Error::BufferTooLarge { len: bytes })?;
        // SAFETY: the handle is a live `ClusterGroupOpenEnumEx` handle
        // (checked just above); `buf` is writable for `cb` bytes and aligned
        // for `CLUSTER_GROUP_ENUM_ITEM` (u64 storage), `cb` is a writable
        // u32; both stay alive across the call, which writes within `cb`.
        let status = unsafe {
            f(
                self.raw,
                index,
                buf.as_mut_ptr().cast::<CLUSTER_GROUP_ENUM_ITEM>(),
                &mut cb,
            )
        };
        Ok((status, cb))
    }

    /// `ClusterEnum` / `ClusterGroupEnum(h, index, &type, name, &cch)`.
    pub(crate) fn item(&self, index: u32, name: &mut [u16]) -> Result<RawEnumEntry, Error> {
        let api = self.cluster.api();
        let f = match self.api {
            EnumApi::Group => {
                api.require(api.functions().cluster_group_enum, "ClusterGroupEnum")?
            }
            EnumApi::Cluster => api.require(api.functions().cluster_enum, "ClusterEnum")?,
            EnumApi::ClusterEx | EnumApi::GroupEx => {
                return Err(Error::Unsupported(Unsupported::EntryPoint {
                    name: "ClusterEnum",
                }));
            }
        };
        let mut kind = 0u32;
        let (ptr, mut cch) = name_buffer(Some(name));
        // SAFETY: the handle is a live enumeration handle of the kind `f`
        // takes (`ClusterGroupEnum` for a `ClusterGroupOpenEnum` handle,
        // `ClusterEnum` for a `ClusterOpenEnum` one, matched just above); `ptr` points to `cch` writable u16s and
        // `kind`/`cch` are writable u32s, all alive across the call.
        let status = unsafe { f(self.raw, index, &mut kind, ptr, &mut cch) };
        Ok(RawEnumEntry { status, kind, cch })
    }
}

impl Drop for RawEnum {
    fn drop(&mut self) {
        let f = self.cluster.api().functions();
        let close = match self.api {
            EnumApi::ClusterEx => f.cluster_close_enum_ex,
            EnumApi::Cluster => f.cluster_close_enum,
            EnumApi::Group => f.cluster_group_close_enum,
            EnumApi::GroupEx => f.cluster_group_close_enum_ex,
        };
        if let Some(close) = close {
            // SAFETY: the handle is live and owned, of the kind `close`
            // takes (type invariant), and this is the only place that closes
            // it; `drop` runs once.
            unsafe { close(self.raw) };
        }
    }
}

/// An open notification port. Invariant: `raw` is a live `HCHANGE` from
/// `CreateClusterNotifyPortV2` through `cluster.api`; closed exactly once,
/// in `Drop`.
pub(crate) struct RawNotifyPort {
    cluster: Arc<RawCluster>,
    raw: HCHANGE,
}

/// `WAIT_TIMEOUT`: `GetClusterNotifyV2` found nothing in time.
const WAIT_TIMEOUT: u32 = windows_sys::Win32::Foundation::WAIT_TIMEOUT;

/// The largest string (in UTF-16 units) and payload (in bytes) a
/// notification read grows its buffers to.
const MAX_NOTIFY_UNITS: usize = 0x1_0000;

impl RawCluster {
    /// `CreateClusterNotifyPortV2(INVALID_HANDLE_VALUE, h, filters, key 0)`:
    /// `None` when the library does not export the notification calls.
    pub(crate) fn notify_port(
        self: &Arc<Self>,
        filters: &[NOTIFY_FILTER_AND_TYPE],
    ) -> Result<Option<RawNotifyPort>, Error> {
        let f = self.api.functions();
        let (Some(create), Some(_), Some(_)) = (
            f.create_cluster_notify_port_v2,
            f.get_cluster_notify_v2,
            f.close_cluster_notify_port,
        ) else {
            return Ok(None);
        };
        let count = u32::try_from(filters.len())
            .map_err(|_| Error::BufferTooLarge { len: filters.len() })?;
        // SAFETY: `self.raw` is a live cluster handle (type invariant);
        // `filters` points to `count` readable filters alive across the call;
        // `INVALID_HANDLE_VALUE` asks for a new port, as documented.
        let raw = unsafe { create(-1, self.raw, filters.as_ptr(), count, 0) };
        if raw == 0 || raw == -1 {
            return Err(self.api.failed("CreateClusterNotifyPortV2"));
        }
        Ok(Some(RawNotifyPort {
            cluster: Arc::clone(self),
            raw,
        }))
    }
}

impl RawNotifyPort {
    /// Reads the next notification, waiting up to `timeout_ms`: `Ok(true)`
    /// when one was read, `Ok(false)` on `WAIT_TIMEOUT`. Its contents are
    /// not kept (a wait re-reads the state); the buffers grow on
    /// `ERROR_MORE_DATA` to the sizes returned, at least double, within
    /// `MAX_NOTIFY_UNITS`, in at most `MAX_CONTROL_CALLS` calls.
    pub(crate) fn next(&self, timeout_ms: u32) -> Result<bool, Error> {
        let api = self.cluster.api();
        let f = api.require(api.functions().get_cluster_notify_v2, "GetClusterNotifyV2")?;
        let mut payload_len = 64usize;
        let mut units = [64usize; 4];
        for _ in 0..crate::MAX_CONTROL_CALLS {
            let mut payload = vec![0u8; payload_len];
            let mut strings: Vec<Vec<u16>> = units.iter().map(|&n| vec![0u16; n]).collect();
            let mut counts: Vec<u32> = units
                .iter()
                .map(|&n| u32::try_from(n).unwrap_or(u32::MAX))
                .collect();
            let mut payload_size = u32::try_from(payload_len).unwrap_or(u32::MAX);
            let mut key = 0usize;
            let mut filter = NOTIFY_FILTER_AND_TYPE {
                dwObjectType: 0,
                FilterFlags: 0,
            };
            let [id, parent, name, ty] = &mut strings[..] else {
                unreachable!("four strings")
            };
            let [cid, cparent, cname, cty] = &mut counts[..] else {
                unreachable!("four counts")
            };
            // SAFETY: the port handle is live (type invariant); every
            // buffer is writable for the size passed beside it (bytes for
            // the payload, u16 units for the strings), every count and the
            // key and filter are writable, all alive across the call.
            let status = unsafe {
                f(
                    self.raw,
                    &mut key,
                    &mut filter,
                    payload.as_mut_ptr(),
                    &mut payload_size,
                    id.as_mut_ptr(),
                    cid,
                    parent.as_mut_ptr(),
                    cparent,
                    name.as_mut_ptr(),
                    cname,
                    ty.as_mut_ptr(),
                    cty,
                    timeout_ms,
                )
            };
            match status {
                windows_sys::Win32::Foundation::ERROR_SUCCESS => return Ok(true),
                WAIT_TIMEOUT => return Ok(false),
                windows_sys::Win32::Foundation::ERROR_MORE_DATA => {
                    let grow = |have: usize, asked: u32, cap: usize| -> Result<usize, Error> {
                        let asked = usize::try_from(asked)
                            .unwrap_or(usize::MAX)
                            .saturating_add(1);
                        if asked > cap {
                            return Err(Error::ReplyTooLarge {
                                function: "GetClusterNotifyV2",
                                needed: asked,
                            });
                        }
                        Ok(if asked > have {
                            asked.max(have.saturating_mul(2)).min(cap)
                        } else {
                            have
                        })
                    };
                    payload_len = grow(payload_len, payload_size, MAX_NOTIFY_UNITS * 2)?;
                    for (n, c) in units.iter_mut().zip(&counts) {
                        *n = grow(*n, *c, MAX_NOTIFY_UNITS)?;
                    }
                }
                code => {
                    return Err(Error::Api {
                        function: "GetClusterNotifyV2",
                        error: crate::Win32Error::from_code(code),
                    });
                }
            }
        }
        Err(Error::ReplyNotSettled {
            function: "GetClusterNotifyV2",
            tries: crate::MAX_CONTROL_CALLS,
        })
    }
}

impl Drop for RawNotifyPort {
    fn drop(&mut self) {
        if let Some(close) = self.cluster.api().functions().close_cluster_notify_port {
            // SAFETY: the port is live and owned (type invariant), and this
            // is the only place that closes it; `drop` runs once.
            unsafe { close(self.raw) };
        }
    }
}

impl crate::Cluster {
    /// Takes ownership of a cluster handle opened elsewhere (for example by
    /// C code, or given up earlier with [`Cluster::into_raw`](crate::Cluster::into_raw));
    /// it will be closed on drop. Its granted access is taken to be
    /// [`Access::ALL`](crate::Access::ALL).
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HCLUSTER` opened through `api`'s library, and
    /// from this call on nothing else may close it or rely on it staying
    /// open: the new `Cluster` closes it when it and everything opened from
    /// it are dropped.
    ///
    /// In particular `raw` must not be a handle that live objects still
    /// use. A handle given up with [`Cluster::into_raw`](crate::Cluster::into_raw)
    /// is still used by every [`Group`](crate::Group), [`Node`](crate::Node)
    /// and [`Resource`](crate::Resource) opened from that `Cluster` for as
    /// long as they live (they call through it, and their own handles are
    /// its children); adopting it while any of them is alive would close it
    /// under them. Adopt it only once all of them are dropped. The same
    /// holds for a handle that C code, or another `ClusApi`, still uses.
    pub unsafe fn from_raw(api: &ClusApi, raw: HCLUSTER) -> Self {
        Self {
            // SAFETY: forwarded from this function's contract.
            raw: Arc::new(unsafe { RawCluster::from_raw(api, raw, crate::Access::ALL.bits()) }),
            name: None,
        }
    }

    /// Takes ownership of a group handle opened elsewhere from this
    /// cluster; it will be closed on drop.
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HGROUP` opened through this cluster's library,
    /// and nothing else may close it.
    pub unsafe fn group_from_raw(&self, raw: HGROUP, name: &str) -> crate::Group {
        crate::Group {
            // SAFETY: forwarded from this function's contract.
            raw: unsafe {
                RawGroup::from_raw(Arc::clone(&self.raw), raw, crate::Access::ALL.bits())
            },
            name: name.to_owned(),
        }
    }

    /// Takes ownership of a node handle opened elsewhere from this cluster;
    /// it will be closed on drop.
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HNODE` opened through this cluster's library,
    /// and nothing else may close it.
    pub unsafe fn node_from_raw(&self, raw: HNODE, name: &str) -> crate::Node {
        crate::Node {
            // SAFETY: forwarded from this function's contract.
            raw: unsafe {
                RawNode::from_raw(Arc::clone(&self.raw), raw, crate::Access::ALL.bits())
            },
            name: name.to_owned(),
        }
    }

    /// Takes ownership of a resource handle opened elsewhere from this
    /// cluster; it will be closed on drop.
    ///
    /// # Safety
    ///
    /// `raw` must be a live `HRESOURCE` opened through this cluster's
    /// library, and nothing else may close it.
    pub unsafe fn resource_from_raw(&self, raw: HRESOURCE, name: &str) -> crate::Resource {
        crate::Resource {
            // SAFETY: forwarded from this function's contract.
            raw: unsafe {
                RawResource::from_raw(Arc::clone(&self.raw), raw, crate::Access::ALL.bits())
            },
            name: name.to_owned(),
        }
    }
}

/// Pointer and length for an optional input buffer: `NULL, 0` when empty, as
/// Microsoft's own examples pass it.
fn buffer_args(buffer: &[u8]) -> Result<(*const u8, u32), Error> {
    if buffer.is_empty() {
        return Ok((std::ptr::null(), 0));
    }
    let len =
        u32::try_from(buffer.len()).map_err(|_| Error::BufferTooLarge { len: buffer.len() })?;
    Ok((buffer.as_ptr(), len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cluster, Unsupported};

    #[test]
    fn a_missing_entry_point_is_unsupported_not_a_crash() {
        // SAFETY: an empty table has no entry points to misbehave.
        let api = unsafe { ClusApi::from_table(Functions::EMPTY, "empty") };
        let err = Cluster::open_local(&api).unwrap_err();
        assert_eq!(
            err,
            Error::Unsupported(Unsupported::EntryPoint {
                name: "OpenCluster"
            })
        );
        let err = Cluster::open(&api, Some("c"), crate::Access::ALL).unwrap_err();
        assert_eq!(
            err,
            Error::Unsupported(Unsupported::EntryPoint {
                name: "OpenClusterEx"
            })
        );
        assert!(api.functions().present().is_empty());
        assert_eq!(Functions::NAMES.len(), 48);
        assert_eq!(Functions::NAMES[7], "OfflineClusterGroupEx");
    }

    use std::sync::atomic::{AtomicUsize, Ordering};

    static CLUSTER_CLOSES: AtomicUsize = AtomicUsize::new(0);
    static GROUP_CLOSES: AtomicUsize = AtomicUsize::new(0);

    extern "system" fn fake_open(_: PCWSTR) -> HCLUSTER {
        0x10
    }
    extern "system" fn fake_close(h: HCLUSTER) -> BOOL {
        assert_eq!(h, 0x10);
        CLUSTER_CLOSES.fetch_add(1, Ordering::SeqCst);
        1
    }
    extern "system" fn fake_open_group(h: HCLUSTER, _: PCWSTR) -> HGROUP {
        assert_eq!(h, 0x10);
        0x20
    }
    extern "system" fn fake_close_group(h: HGROUP) -> BOOL {
        assert_eq!(h, 0x20);
        GROUP_CLOSES.fetch_add(1, Ordering::SeqCst);
        1
    }

    #[test]
    fn raw_handles_change_owner_and_close_once() {
        let mut f = Functions::EMPTY;
        f.open_cluster = Some(fake_open);
        f.close_cluster = Some(fake_close);
        f.open_cluster_group = Some(fake_open_group);
        f.close_cluster_group = Some(fake_close_group);
        // SAFETY: the fakes have the prototypes and touch no pointers.
        let api = unsafe { ClusApi::from_table(f, "fake") };
        let closes = || {
            (
                CLUSTER_CLOSES.load(Ordering::SeqCst),
                GROUP_CLOSES.load(Ordering::SeqCst),
            )
        };

        let cluster = Cluster::open_local(&api).unwrap();
        let raw_group = cluster.open_group("G").unwrap().into_raw();
        assert_eq!(closes(), (0, 0), "into_raw gave the group handle up");
        // SAFETY: 0x20 is the live group handle given up just above.
        let group = unsafe { cluster.group_from_raw(raw_group, "G") };
        let raw_cluster = cluster.into_raw();
        drop(group);
        assert_eq!(
            closes(),
            (0, 1),
            "the group closed once; the cluster was given up"
        );
        // SAFETY: 0x10 is the live cluster handle given up just above.
        let cluster = unsafe { Cluster::from_raw(&api, raw_cluster) };
        let group = cluster.open_group("G").unwrap();
        drop(cluster);
        assert_eq!(closes(), (0, 1), "the group keeps the cluster open");
        drop(group);
        assert_eq!(closes(), (1, 2));
    }

    #[test]
    fn empty_buffer_is_null_and_zero() {
        let (ptr, len) = buffer_args(&[]).unwrap();
        assert!(ptr.is_null());
        assert_eq!(len, 0);
        let data = [1u8, 2, 3];
        let (ptr, len) = buffer_args(&data).unwrap();
        assert_eq!((ptr, len), (data.as_ptr(), 3));
    }
}
