//! Errors: Win32 return codes by name ([`Win32Error`]) and everything else
//! that can go wrong above them ([`Error`]).

use std::fmt;
use std::io;
use std::time::Duration;

use windows_sys::Win32::Foundation as f;
use windows_sys::Win32::System::Rpc as rpc;

use crate::control::ObjectType;
use crate::control_code::ControlCode;
use crate::state::ObjectState;
use crate::wait::WaitTarget;

// RPC status codes are `i32` in windows-sys; they are non-negative Win32
// error codes, so the cast is exact.
const RPC_S_SERVER_UNAVAILABLE: u32 = rpc::RPC_S_SERVER_UNAVAILABLE as u32;
const RPC_S_PROCNUM_OUT_OF_RANGE: u32 = rpc::RPC_S_PROCNUM_OUT_OF_RANGE as u32;
const RPC_X_BAD_STUB_DATA: u32 = f::RPC_X_BAD_STUB_DATA as u32;

macro_rules! win32_errors {
    ($( $(#[$doc:meta])* $variant:ident = $path:path, $name:literal, $kind:ident; )*) => {
        /// A Win32 error code returned by (or read with `GetLastError` after) a
        /// clusapi call. Every code the calls this crate makes are documented to
        /// return has its own variant, named after the constant (its
        /// `Display` prints the constant's name and value); any other code is
        /// kept as [`Win32Error::Other`].
        ///
        /// Build from a code with [`Win32Error::from_code`] (which never
        /// produces `Other` for a named code).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Win32Error {
            $(
                $(#[$doc])*
                #[doc = concat!("\n\n`", $name, "`.")]
                #[doc(alias = $name)]
                $variant,
            )*
            /// A code without a variant of its own, kept as is.
            Other(u32),
        }

        impl Win32Error {
            /// The variant for `code`.
            pub const fn from_code(code: u32) -> Self {
                match code {
                    $( $path => Self::$variant, )*
                    other => Self::Other(other),
                }
            }

            /// The numeric Win32 code.
            pub const fn code(self) -> u32 {
                match self {
                    $( Self::$variant => $path, )*
                    Self::Other(code) => code,
                }
            }

            /// The name of the Win32 constant, e.g. `"ERROR_ACCESS_DENIED"`;
            /// `None` for [`Win32Error::Other`].
            pub const fn name(self) -> Option<&'static str> {
                match self {
                    $( Self::$variant => Some($name), )*
                    Self::Other(_) => None,
                }
            }

            /// The closest [`io::ErrorKind`].
            pub fn io_kind(self) -> io::ErrorKind {
                match self {
                    $( Self::$variant => io::ErrorKind::$kind, )*
                    Self::Other(_) => io::ErrorKind::Other,
                }
            }
        }
    };
}

win32_errors! {
    /// Control code not supported by the object.
    InvalidFunction = f::ERROR_INVALID_FUNCTION, "ERROR_INVALID_FUNCTION", Unsupported;
    /// A name that is not present (resutils lookups).
    FileNotFound = f::ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND", NotFound;
    /// The caller lacks the access the call needs (offline/online/move need
    /// full access on the handle).
    AccessDenied = f::ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED", PermissionDenied;
    /// The handle is not a valid handle of the expected kind.
    InvalidHandle = f::ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE", InvalidInput;
    /// Out of memory.
    NotEnoughMemory = f::ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY", OutOfMemory;
    /// Malformed data.
    InvalidData = f::ERROR_INVALID_DATA, "ERROR_INVALID_DATA", InvalidData;
    /// The server is paused or starting.
    SharingPaused = f::ERROR_SHARING_PAUSED, "ERROR_SHARING_PAUSED", Other;
    /// The request is not supported.
    NotSupported = f::ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED", Unsupported;
    /// Bad flags, a bad access mask or a malformed property list.
    InvalidParameter = f::ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER", InvalidInput;
    /// The function is not implemented.
    CallNotImplemented = f::ERROR_CALL_NOT_IMPLEMENTED, "ERROR_CALL_NOT_IMPLEMENTED", Unsupported;
    /// A buffer is smaller than the data.
    InsufficientBuffer = f::ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER", InvalidInput;
    /// An output buffer is too small (the size needed is returned).
    MoreData = f::ERROR_MORE_DATA, "ERROR_MORE_DATA", Other;
    /// An enumeration has no more items.
    NoMoreItems = f::ERROR_NO_MORE_ITEMS, "ERROR_NO_MORE_ITEMS", Other;
    /// Accepted and in progress (a status, not a failure; it only appears
    /// here where a call was not expected to return it).
    IoPending = f::ERROR_IO_PENDING, "ERROR_IO_PENDING", WouldBlock;
    /// The operation is not allowed on a built-in special group.
    SpecialGroup = f::ERROR_SPECIAL_GROUP, "ERROR_SPECIAL_GROUP", PermissionDenied;
    /// The cluster cannot be reached (a wrong cluster name, or it is down).
    RpcServerUnavailable = RPC_S_SERVER_UNAVAILABLE, "RPC_S_SERVER_UNAVAILABLE", ConnectionRefused;
    /// The server does not have the method (an older Windows version).
    RpcProcnumOutOfRange = RPC_S_PROCNUM_OUT_OF_RANGE, "RPC_S_PROCNUM_OUT_OF_RANGE", Unsupported;
    /// The RPC layer rejected the arguments.
    RpcBadStubData = RPC_X_BAD_STUB_DATA, "RPC_X_BAD_STUB_DATA", InvalidInput;
    /// A node that could host the resource is not available.
    HostNodeNotAvailable = f::ERROR_HOST_NODE_NOT_AVAILABLE, "ERROR_HOST_NODE_NOT_AVAILABLE", Other;
    /// No such resource.
    ResourceNotFound = f::ERROR_RESOURCE_NOT_FOUND, "ERROR_RESOURCE_NOT_FOUND", NotFound;
    /// The group was deleted meanwhile.
    GroupNotAvailable = f::ERROR_GROUP_NOT_AVAILABLE, "ERROR_GROUP_NOT_AVAILABLE", NotFound;
    /// No group of that name (there is no `ERROR_CLUSTER_GROUP_NOT_FOUND`).
    GroupNotFound = f::ERROR_GROUP_NOT_FOUND, "ERROR_GROUP_NOT_FOUND", NotFound;
    /// The group is not online.
    GroupNotOnline = f::ERROR_GROUP_NOT_ONLINE, "ERROR_GROUP_NOT_ONLINE", Other;
    /// The cluster is shutting down.
    ClusterShuttingDown = f::ERROR_CLUSTER_SHUTTING_DOWN, "ERROR_CLUSTER_SHUTTING_DOWN", Other;
    /// The object is in the wrong state (for example, an operation is already
    /// pending on the group).
    InvalidState = f::ERROR_INVALID_STATE, "ERROR_INVALID_STATE", Other;
    /// Properties were stored but take effect when the resource next comes
    /// online.
    ResourcePropertiesStored = f::ERROR_RESOURCE_PROPERTIES_STORED, "ERROR_RESOURCE_PROPERTIES_STORED", Other;
    /// The resource is not online.
    ResourceNotOnline = f::ERROR_RESOURCE_NOT_ONLINE, "ERROR_RESOURCE_NOT_ONLINE", Other;
    /// No such node.
    ClusterNodeNotFound = f::ERROR_CLUSTER_NODE_NOT_FOUND, "ERROR_CLUSTER_NODE_NOT_FOUND", NotFound;
    /// No such network.
    ClusterNetworkNotFound = f::ERROR_CLUSTER_NETWORK_NOT_FOUND, "ERROR_CLUSTER_NETWORK_NOT_FOUND", NotFound;
    /// No such network interface.
    ClusterNetInterfaceNotFound = f::ERROR_CLUSTER_NETINTERFACE_NOT_FOUND, "ERROR_CLUSTER_NETINTERFACE_NOT_FOUND", NotFound;
    /// No such resource type.
    ClusterResourceTypeNotFound = f::ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND, "ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND", NotFound;
    /// The request is not valid for this object.
    ClusterInvalidRequest = f::ERROR_CLUSTER_INVALID_REQUEST, "ERROR_CLUSTER_INVALID_REQUEST", InvalidInput;
    /// The node is down.
    ClusterNodeDown = f::ERROR_CLUSTER_NODE_DOWN, "ERROR_CLUSTER_NODE_DOWN", Other;
    /// A property value has the wrong format for the property.
    ClusterPropertyDataTypeMismatch = f::ERROR_CLUSTER_PROPERTY_DATA_TYPE_MISMATCH, "ERROR_CLUSTER_PROPERTY_DATA_TYPE_MISMATCH", InvalidData;
    /// The group is moving.
    ClusterGroupMoving = f::ERROR_CLUSTER_GROUP_MOVING, "ERROR_CLUSTER_GROUP_MOVING", Other;
    /// A property value is out of its range.
    ClusterParameterOutOfBounds = f::ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS, "ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS", InvalidInput;
    /// A string value is not NUL-terminated as its length says.
    ClusterInvalidStringTermination = f::ERROR_CLUSTER_INVALID_STRING_TERMINATION, "ERROR_CLUSTER_INVALID_STRING_TERMINATION", InvalidData;
    /// A string value is malformed.
    ClusterInvalidStringFormat = f::ERROR_CLUSTER_INVALID_STRING_FORMAT, "ERROR_CLUSTER_INVALID_STRING_FORMAT", InvalidData;
    /// The Failover Clustering feature is not installed.
    ClusterNotInstalled = f::ERROR_CLUSTER_NOT_INSTALLED, "ERROR_CLUSTER_NOT_INSTALLED", Unsupported;
    /// The group is busy with another operation.
    ClusterGroupBusy = f::ERROR_CLUSTER_GROUP_BUSY, "ERROR_CLUSTER_GROUP_BUSY", Other;
    /// The request was queued.
    ClusterGroupQueued = f::ERROR_CLUSTER_GROUP_QUEUED, "ERROR_CLUSTER_GROUP_QUEUED", Other;
    /// A resource in the group is locked in its state and the ignore flag
    /// ([`CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS`](crate::CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS))
    /// was not set.
    ClusterResourceLockedStatus = f::ERROR_CLUSTER_RESOURCE_LOCKED_STATUS, "ERROR_CLUSTER_RESOURCE_LOCKED_STATUS", ResourceBusy;
    /// A resource is in maintenance mode.
    ClusterResourceIsInMaintenanceMode = f::ERROR_CLUSTER_RESOURCE_IS_IN_MAINTENANCE_MODE, "ERROR_CLUSTER_RESOURCE_IS_IN_MAINTENANCE_MODE", ResourceBusy;
}

impl Win32Error {
    /// The system's text for this code (`FormatMessageW`), on Windows; `None`
    /// elsewhere, or when the system has no text for it. [`Error::Api`]
    /// shows it after the constant's name.
    pub fn system_message(&self) -> Option<String> {
        crate::sys::system_message(self.code())
    }
}

impl fmt::Display for Win32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({})", self.code()),
            None => write!(f, "Win32 error {} (0x{:X})", self.code(), self.code()),
        }
    }
}

impl std::error::Error for Win32Error {}

impl From<u32> for Win32Error {
    fn from(code: u32) -> Self {
        Self::from_code(code)
    }
}

/// What is missing when something is [`Error::Unsupported`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unsupported {
    /// The library could not be loaded (no Failover Clustering feature, not
    /// Windows, or a bad path).
    Library {
        /// The library's name or path.
        name: String,
        /// The loader's message.
        detail: String,
    },
    /// The library does not export this entry point (an older Windows).
    EntryPoint {
        /// The Win32 function name.
        name: &'static str,
    },
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Library { name, detail } => write!(f, "cannot load {name}: {detail}"),
            Self::EntryPoint { name } => {
                write!(f, "the cluster API library does not export {name}")
            }
        }
    }
}

/// Everything that can go wrong in this crate.
///
/// `Display` names the object, the function and the Win32 constant (on
/// Windows, with the system's message). An error from a call on a named
/// object (opening it, a control call, an offline, a wait) comes wrapped in
/// [`Error::Object`], which says which object it was about; look through it
/// with [`inner`](Self::inner) to match on what went wrong, or ask
/// [`win32`](Self::win32), which looks through it too. An error of a control
/// request also says which control code was sent ([`Error::Control`],
/// inside [`Error::Object`]; [`control_code`](Self::control_code) gives
/// it):
///
/// ```
/// use std::time::Duration;
///
/// use clusprop::offline::{OfflineInstructions, VmAction};
/// use clusprop_ffi::{Cluster, Error, ObjectType, OfflineFlags, WaitOptions, Win32Error};
/// use clusprop_sim::{ClusterConfig, GroupConfig, ResourceConfig, SimCluster};
///
/// let sim = SimCluster::new(&ClusterConfig::new("DocErrors").group(
///     GroupConfig::new("Slow").resource(
///         ResourceConfig::virtual_machine("SlowVM").delay(Duration::from_secs(2)),
///     ),
/// ))?;
/// let api = sim.api();
/// let cluster = Cluster::open_named(&api, "DocErrors")?;
///
/// let missing = cluster.open_group("NoSuchGroup").unwrap_err();
/// let first_line = missing.to_string().lines().next().map(str::to_owned);
/// assert_eq!(
///     first_line.as_deref(),
///     Some("group \"NoSuchGroup\": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013)")
/// );
/// // What went wrong, whichever object it was about:
/// assert!(matches!(missing.inner(), Error::Api { error: Win32Error::GroupNotFound, .. }));
/// assert_eq!(missing.win32(), Some(Win32Error::GroupNotFound));
/// assert_eq!(missing.win32_code(), Some(5013));
/// // Which object:
/// assert_eq!(missing.object(), Some((ObjectType::Group, "NoSuchGroup")));
///
/// let slow = cluster.open_group("Slow")?;
/// let short = WaitOptions::with_timeout(Duration::from_millis(100));
/// let save = OfflineInstructions::new().virtual_machine(VmAction::Save);
/// let late = slow.offline_ex_and_wait(OfflineFlags::empty(), &save, &short).unwrap_err();
/// assert!(matches!(late.inner(), Error::Timeout { .. }), "{late}");
/// assert!(late.to_string().starts_with("group \"Slow\": timed out after "), "{late}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// To match the object and the error together, match the wrapper's fields:
///
/// ```
/// # use clusprop_ffi::{Error, ObjectType, Win32Error};
/// fn describe(e: &Error) -> String {
///     match e {
///         Error::Object { kind: ObjectType::Group, name, error }
///             if error.win32() == Some(Win32Error::GroupNotFound) =>
///         {
///             format!("there is no group {name:?}")
///         }
///         other => other.to_string(),
///     }
/// }
/// # let e = Error::Api { function: "OpenClusterGroup", error: Win32Error::GroupNotFound };
/// # assert_eq!(describe(&e), e.to_string());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A clusapi function failed with a Win32 code.
    Api {
        /// The Win32 function, e.g. `"OfflineClusterGroupEx"`.
        function: &'static str,
        /// The code, by name.
        error: Win32Error,
    },
    /// A function reported failure but `GetLastError` gave no code (0, or
    /// the library has no `GetLastError`).
    NoErrorCode {
        /// The Win32 function.
        function: &'static str,
    },
    /// The cluster API library or one of its entry points is not available.
    Unsupported(Unsupported),
    /// A name contains a NUL character at this UTF-16 position.
    InteriorNul {
        /// Index of the first NUL, in UTF-16 code units.
        position: usize,
    },
    /// An input buffer longer than `u32::MAX` bytes.
    BufferTooLarge {
        /// Its length.
        len: usize,
    },
    /// A node handle from another [`ClusApi`](crate::ClusApi) table was
    /// passed as a host or destination node (handles are only meaningful to
    /// the library that opened them).
    ForeignHandle,
    /// The instructions could not be encoded.
    Encode(clusprop::EncodeError),
    /// A wait ended in a state that means the operation failed (for a
    /// group going offline: `Failed`, `PartialOnline` or `Online`).
    WaitFailed {
        /// What the wait was for.
        target: WaitTarget,
        /// The state reached.
        state: ObjectState,
    },
    /// A wait reached its deadline.
    Timeout {
        /// What the wait was for.
        target: WaitTarget,
        /// The last state read.
        last: ObjectState,
        /// How long the wait lasted.
        waited: Duration,
    },
    /// A wait was stopped by its [`WaitOptions::stop`](crate::WaitOptions::stop)
    /// check before it ended; the operation goes on in the cluster.
    Stopped {
        /// What the wait was for.
        target: WaitTarget,
        /// The last state read.
        last: ObjectState,
        /// How long the wait lasted.
        waited: Duration,
    },
    /// A control call's reply is not the property list it should be.
    Decode {
        /// The Win32 function, e.g. `"ClusterResourceControl"`.
        function: &'static str,
        /// What is wrong with it, and where.
        error: clusprop::DecodeError,
    },
    /// A control call asked for a reply buffer larger than
    /// [`MAX_REPLY_LEN`](crate::MAX_REPLY_LEN), or an enumeration entry
    /// (`ClusterEnumEx`) one larger than
    /// [`MAX_ENUM_ITEM_LEN`](crate::MAX_ENUM_ITEM_LEN).
    ReplyTooLarge {
        /// The Win32 function.
        function: &'static str,
        /// The size it asked for.
        needed: usize,
    },
    /// A control call or a name query (`GetCluster*State`) kept answering
    /// `ERROR_MORE_DATA` (the data grew between calls, or the size it
    /// reported was not enough) for [`MAX_CONTROL_CALLS`](crate::MAX_CONTROL_CALLS)
    /// or [`MAX_NAME_CALLS`](crate::MAX_NAME_CALLS) calls.
    ReplyNotSettled {
        /// The Win32 function.
        function: &'static str,
        /// How many calls were made.
        tries: u32,
    },
    /// An enumeration entry (`CLUSTER_ENUM_ITEM`) that does not hold
    /// together: a string pointer outside the buffer it was written to, or
    /// a missing name.
    BadEnumItem {
        /// The Win32 function.
        function: &'static str,
        /// What is wrong with it.
        detail: &'static str,
    },
    /// A reply that should be a `MULTI_SZ` list of names
    /// (`CLUSCTL_*_ENUM_*_PROPERTIES`) is not one.
    BadNameList {
        /// The Win32 function.
        function: &'static str,
        /// The byte offset where it stops holding together.
        offset: usize,
    },
    /// A move finished with the group on another node than the one asked
    /// for (for example returned to its source node after an error). The
    /// message has no subject (`ended on node "NODE1", not on "NODE2" as
    /// asked`): the crate returns it inside [`Error::Object`], which names
    /// the group.
    ///
    /// After an online, `already_up` says whether the group was up before
    /// the call: the cluster brings such a group up where it is (an online
    /// does not move a group), and the message then says so and that a move
    /// is what takes it to another node.
    WrongNode {
        /// The node asked for.
        wanted: String,
        /// The node that owns the group now.
        owner: String,
        /// For an online: the group's state before the call, when that was
        /// [`GroupState::Online`](crate::GroupState::Online) or
        /// [`GroupState::PartialOnline`](crate::GroupState::PartialOnline)
        /// (see [`Group::state_and_node_checked_after_online`](crate::Group::state_and_node_checked_after_online)).
        /// `None` after a move, after an online of a group that was down,
        /// or when the state before was not read.
        already_up: Option<crate::GroupState>,
    },
    /// `error` happened in a control request (`Cluster*Control`) with this
    /// control code: the call failed, or its reply did not hold together,
    /// or it could not be made (a list that cannot be encoded is
    /// [`Error::Encode`] without it: no request is made). The crate returns
    /// it inside
    /// [`Error::Object`] when the object has a name, and never nests it in
    /// itself. [`Error::inner`] looks through it (and
    /// [`win32`](Self::win32), [`win32_code`](Self::win32_code) and
    /// [`io_kind`](Self::io_kind) answer for `error`);
    /// [`control_code`](Self::control_code) gives the code.
    ///
    /// `Display` writes the code (`CLUSCTL_GROUP_SET_COMMON_PROPERTIES
    /// (0x0340005E): `) before `error`'s message.
    Control {
        /// The control code sent.
        code: ControlCode,
        /// What went wrong.
        error: Box<Error>,
    },
    /// `error` happened in a call on the object of this kind and name
    /// (opening it, a control call, an offline, a wait, ...). The crate
    /// never nests this variant: `error` is never itself an
    /// [`Error::Object`]. [`Error::inner`] gives `error`;
    /// [`win32`](Self::win32), [`win32_code`](Self::win32_code) and
    /// [`io_kind`](Self::io_kind) answer for it.
    ///
    /// `Display` writes `group "Name": ` before `error`'s message, the name
    /// quoted with [`clusprop::quoted`] (a name is whatever its creator
    /// chose, control characters, quotes and backslashes included).
    Object {
        /// What kind of object.
        kind: ObjectType,
        /// The name the caller gave (to open it, or that it was opened with).
        name: String,
        /// What went wrong.
        error: Box<Error>,
    },
}

impl Error {
    /// The error after `function` failed and `GetLastError` gave `code`.
    pub(crate) fn from_last_error(function: &'static str, code: u32) -> Self {
        if code == 0 {
            Self::NoErrorCode { function }
        } else {
            Self::Api {
                function,
                error: Win32Error::from_code(code),
            }
        }
    }

    /// This error as the failure of a call on the `kind` object called
    /// `name`: [`Error::Object`], unless it already names an object (the
    /// innermost call knows best which object it was about).
    pub(crate) fn about(self, kind: ObjectType, name: &str) -> Self {
        match self {
            Self::Object { .. } => self,
            error => Self::Object {
                kind,
                name: name.to_owned(),
                error: Box::new(error),
            },
        }
    }

    /// This error as the failure of a control request with `code`:
    /// [`Error::Control`], unless it already names a code or an object.
    pub(crate) fn sent(self, code: u32) -> Self {
        match self {
            Self::Control { .. } | Self::Object { .. } => self,
            error => Self::Control {
                code: ControlCode::new(code),
                error: Box::new(error),
            },
        }
    }

    /// What went wrong, without the object it was about or the control code
    /// sent: the error inside [`Error::Object`] and [`Error::Control`], or
    /// this error itself. Match on it to act on one kind of failure
    /// whichever object and request it concerned.
    pub fn inner(&self) -> &Error {
        let mut error = self;
        while let Self::Object { error: inner, .. } | Self::Control { error: inner, .. } = error {
            error = inner;
        }
        error
    }

    /// [`inner`](Self::inner), by value: the object's kind and name and the
    /// control code are dropped.
    pub fn into_inner(self) -> Error {
        let mut error = self;
        while let Self::Object { error: inner, .. } | Self::Control { error: inner, .. } = error {
            error = *inner;
        }
        error
    }

    /// The control code of the failed control request, for
    /// [`Error::Control`] (also inside [`Error::Object`]): which
    /// `CLUSCTL_*` code the cluster rejected, or answered with a reply
    /// that did not hold together.
    pub fn control_code(&self) -> Option<ControlCode> {
        let mut error = self;
        loop {
            match error {
                Self::Object { error: inner, .. } => error = inner,
                Self::Control { code, .. } => return Some(*code),
                _ => return None,
            }
        }
    }

    /// The kind and name of the object the failed call was on, for
    /// [`Error::Object`].
    pub fn object(&self) -> Option<(ObjectType, &str)> {
        match self {
            Self::Object { kind, name, .. } => Some((*kind, name.as_str())),
            _ => None,
        }
    }

    /// The Win32 error, for [`Error::Api`] (also inside [`Error::Object`]).
    pub fn win32(&self) -> Option<Win32Error> {
        match self.inner() {
            Self::Api { error, .. } => Some(*error),
            _ => None,
        }
    }

    /// The raw Win32 code, for [`Error::Api`] (also inside
    /// [`Error::Object`]).
    pub fn win32_code(&self) -> Option<u32> {
        self.win32().map(Win32Error::code)
    }

    /// The closest [`io::ErrorKind`] (for [`Error::Object`], that of the
    /// error inside).
    pub fn io_kind(&self) -> io::ErrorKind {
        match self {
            Self::Object { error, .. } | Self::Control { error, .. } => error.io_kind(),
            Self::Api { error, .. } => error.io_kind(),
            Self::NoErrorCode { .. }
            | Self::WaitFailed { .. }
            | Self::ReplyNotSettled { .. }
            | Self::WrongNode { .. } => io::ErrorKind::Other,
            Self::Unsupported(_) => io::ErrorKind::Unsupported,
            Self::InteriorNul { .. }
            | Self::BufferTooLarge { .. }
            | Self::Encode(_)
            | Self::ForeignHandle => io::ErrorKind::InvalidInput,
            Self::Decode { .. } | Self::BadEnumItem { .. } | Self::BadNameList { .. } => {
                io::ErrorKind::InvalidData
            }
            Self::ReplyTooLarge { .. } => io::ErrorKind::OutOfMemory,
            Self::Timeout { .. } => io::ErrorKind::TimedOut,
            Self::Stopped { .. } => io::ErrorKind::Interrupted,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { function, error } => {
                write!(f, "{function} failed: {error}")?;
                // On Windows, what the system says of the code, as
                // `FormatMessage` gives it ("Access is denied.").
                match error.system_message() {
                    Some(text) => write!(f, ": {text}"),
                    None => Ok(()),
                }
            }
            Self::NoErrorCode { function } => {
                write!(f, "{function} failed without an error code")
            }
            Self::Unsupported(what) => write!(f, "unsupported: {what}"),
            Self::InteriorNul { position } => {
                write!(f, "name contains a NUL character at position {position}")
            }
            Self::BufferTooLarge { len } => {
                write!(f, "input buffer of {len} bytes is longer than u32::MAX")
            }
            Self::Encode(e) => write!(f, "cannot encode the instructions: {e}"),
            Self::ForeignHandle => f.write_str(
                "a node handle opened through another cluster API table cannot be used here",
            ),
            Self::WaitFailed { target, state } => {
                write!(
                    f,
                    "reached state {} while waiting to be {target}",
                    state.without_kind()
                )
            }
            Self::Timeout {
                target,
                last,
                waited,
            } => write!(
                f,
                "timed out after {} waiting to be {target}; last state {}",
                HumanDuration(*waited),
                last.without_kind()
            ),
            Self::Stopped {
                target,
                last,
                waited,
            } => write!(
                f,
                "stopped after {} waiting to be {target} (the operation goes on in \
                 the cluster); last state {}",
                HumanDuration(*waited),
                last.without_kind()
            ),
            Self::Decode { function, error } => {
                write!(f, "{function} returned a malformed property list: {error}")
            }
            Self::ReplyTooLarge { function, needed } => {
                let limit = if *function == "ClusterEnumEx" {
                    crate::MAX_ENUM_ITEM_LEN
                } else {
                    crate::MAX_REPLY_LEN
                };
                write!(
                    f,
                    "{function} asked for a {needed}-byte reply buffer, more than the {limit} bytes allowed"
                )
            }
            Self::ReplyNotSettled { function, tries } => write!(
                f,
                "{function} still answered ERROR_MORE_DATA after {tries} calls"
            ),
            Self::BadNameList { function, offset } => write!(
                f,
                "{function} returned a malformed list of names (MULTI_SZ) at byte {offset}"
            ),
            Self::BadEnumItem { function, detail } => {
                write!(f, "{function} returned a malformed entry: {detail}")
            }
            Self::WrongNode {
                wanted,
                owner,
                already_up,
            } => {
                write!(
                    f,
                    // No subject: the crate returns it inside Error::Object,
                    // whose prefix names the group (`group "G": ended on ...`).
                    "ended on node {}, not on {} as asked",
                    clusprop::quoted(owner),
                    clusprop::quoted(wanted)
                )?;
                match already_up {
                    Some(state) => write!(
                        f,
                        " (the group was already {state}: an online leaves a group where \
                         it is, a move takes it to another node)"
                    ),
                    None => Ok(()),
                }
            }
            Self::Control { code, error } => write!(f, "{code}: {error}"),
            Self::Object { kind, name, error } => {
                write!(f, "{kind} {}: {error}", clusprop::quoted(name))
            }
        }
    }
}

/// A wait's length as people read it (`850 ms`, `3.2 s`, `2 min 5 s`), not
/// in `Duration`'s `Debug` form (`3.200123456s`).
struct HumanDuration(Duration);

impl fmt::Display for HumanDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if d.as_micros() < 1000 {
            write!(f, "{} µs", d.as_micros())
        } else if d.as_millis() < 1000 {
            write!(f, "{} ms", d.as_millis())
        } else if d.as_secs() < 60 {
            write!(f, "{:.1} s", d.as_secs_f64())
        } else {
            write!(f, "{} min {} s", d.as_secs() / 60, d.as_secs() % 60)
        }
    }
}

/// No `source`: `Display` already ends with the inner error's message
/// (`OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013)`; for
/// [`Error::Object`] and [`Error::Control`], the whole message of the error
/// inside), so a reporter
/// that prints the chain (anyhow's `{:#}`, eyre) would print it twice. The
/// inner error is the variant's field.
impl std::error::Error for Error {}

impl std::error::Error for Unsupported {}

impl From<Error> for io::Error {
    /// Keeps the typed error inside (`io::Error::get_ref` + `downcast_ref`
    /// gives it back) with the closest [`io::ErrorKind`]. The Win32 code is
    /// available from [`Error::win32_code`]; it is not stored as a raw OS
    /// error because off Windows that slot means `errno`.
    fn from(e: Error) -> Self {
        io::Error::new(e.io_kind(), e)
    }
}

impl From<Win32Error> for io::Error {
    fn from(e: Win32Error) -> Self {
        io::Error::new(e.io_kind(), e)
    }
}

impl From<clusprop::EncodeError> for Error {
    fn from(e: clusprop::EncodeError) -> Self {
        Self::Encode(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What anyhow's `{:#}` prints: each message of the chain, joined by `: `.
    fn chain(e: &dyn std::error::Error) -> String {
        let mut shown = e.to_string();
        let mut next = e.source();
        while let Some(inner) = next {
            shown.push_str(": ");
            shown.push_str(&inner.to_string());
            next = inner.source();
        }
        shown
    }

    #[test]
    fn a_reported_chain_says_each_thing_once() {
        let api = Error::Api {
            function: "OpenClusterGroup",
            error: Win32Error::GroupNotFound,
        };
        assert_eq!(chain(&api), api.to_string());
        assert_eq!(chain(&api).matches("ERROR_GROUP_NOT_FOUND").count(), 1);
        let encode = Error::Encode(clusprop::EncodeError::BufferTooSmall { needed: 60 });
        assert_eq!(
            chain(&encode),
            "cannot encode the instructions: output buffer too small: 60 bytes needed"
        );
        let decode = Error::Decode {
            function: "ClusterGroupControl",
            error: clusprop::PropertyList::parse(&[]).unwrap_err(),
        };
        assert_eq!(
            chain(&decode),
            "ClusterGroupControl returned a malformed property list: \
             at byte 0: the data ends inside the property count"
        );
    }

    #[test]
    fn an_object_error_names_the_object_and_answers_for_the_error_inside() {
        let api = Error::Api {
            function: "OpenClusterGroup",
            error: Win32Error::GroupNotFound,
        };
        let named = api.clone().about(ObjectType::Group, "Sales");
        assert_eq!(named.to_string(), format!("group \"Sales\": {api}"));
        assert_eq!(named.inner(), &api);
        assert_eq!(named.object(), Some((ObjectType::Group, "Sales")));
        assert_eq!(named.win32(), Some(Win32Error::GroupNotFound));
        assert_eq!(named.win32_code(), Some(5013));
        assert_eq!(named.io_kind(), io::ErrorKind::NotFound);
        assert_eq!(chain(&named), named.to_string());
        let io: io::Error = named.clone().into();
        assert_eq!(io.kind(), io::ErrorKind::NotFound);
        assert_eq!(io.to_string(), named.to_string());
        // The innermost object is the one named; the crate never nests.
        let again = named.clone().about(ObjectType::Cluster, "C1");
        assert_eq!(again, named);
        assert_eq!(again.into_inner(), api);
        assert_eq!(api.object(), None);
        assert_eq!(api.inner(), &api);
        // Not a Win32 failure: no code, the inner error's kind.
        let timeout = Error::Timeout {
            target: WaitTarget::Offline,
            last: ObjectState::Group(crate::GroupState::Pending),
            waited: Duration::from_secs(3),
        }
        .about(ObjectType::Resource, "Disk 1");
        assert_eq!(timeout.win32(), None);
        assert_eq!(timeout.io_kind(), io::ErrorKind::TimedOut);
        assert!(
            timeout
                .to_string()
                .starts_with("resource \"Disk 1\": timed out after 3.0 s waiting to be offline"),
            "{timeout}"
        );
    }

    /// Before: a rejected control request said the function
    /// (`ClusterGroupControl failed: ...`) but not the control code sent.
    #[test]
    fn a_control_error_names_the_code_and_answers_for_the_error_inside() {
        let api = Error::Api {
            function: "ClusterGroupControl",
            error: Win32Error::InvalidParameter,
        };
        let set = ObjectType::Group.set_code(crate::WritableKind::Common);
        let sent = api.clone().sent(set).about(ObjectType::Group, "G");
        assert_eq!(
            sent.to_string(),
            format!("group \"G\": CLUSCTL_GROUP_SET_COMMON_PROPERTIES (0x0340005E): {api}")
        );
        assert_eq!(sent.control_code(), Some(ControlCode::new(0x0340_005E)));
        assert_eq!(sent.inner(), &api);
        assert_eq!(sent.object(), Some((ObjectType::Group, "G")));
        assert_eq!(sent.win32(), Some(Win32Error::InvalidParameter));
        assert_eq!(sent.io_kind(), io::ErrorKind::InvalidInput);
        assert_eq!(chain(&sent), sent.to_string());
        // Wrapped once: the innermost request knows its code.
        let again = sent.clone().sent(0x0100_0059);
        assert_eq!(again, sent);
        let Error::Object { error, .. } = &sent else {
            panic!("{sent:?}");
        };
        assert_eq!(error.clone().sent(0x0100_0059), **error);
        assert_eq!(sent.clone().into_inner(), api);
        // An unnamed code by value; no code outside a control request.
        let other = api.clone().sent(0x0100_002D);
        assert_eq!(other.to_string(), format!("control code 0x0100002D: {api}"));
        assert_eq!(api.control_code(), None);
    }

    #[test]
    fn a_name_in_a_message_is_escaped() {
        let e = Error::InteriorNul { position: 1 }
            .about(ObjectType::NetInterface, "a\0\u{1b}[2J\u{202e}b");
        assert_eq!(
            e.to_string(),
            "network interface \"a\\0\\u{1b}[2J\\u{202e}b\": \
             name contains a NUL character at position 1"
        );
        // The error keeps the name as given.
        assert_eq!(
            e.object().map(|(_, name)| name),
            Some("a\0\u{1b}[2J\u{202e}b")
        );
    }

    #[test]
    fn a_quote_or_backslash_in_a_name_is_escaped_inside_the_quotes() {
        let e = Error::InteriorNul { position: 1 }.about(ObjectType::Group, r#"a": b\"#);
        // Without the escapes this read `group "a": b\": ...`: a group "a".
        assert_eq!(
            e.to_string(),
            r#"group "a\": b\\": name contains a NUL character at position 1"#
        );
        let moved = Error::WrongNode {
            wanted: r#"N"2"#.to_owned(),
            owner: r"N\1".to_owned(),
            already_up: None,
        };
        assert_eq!(
            moved.to_string(),
            r#"ended on node "N\\1", not on "N\"2" as asked"#
        );
    }

    #[test]
    fn wait_errors_say_the_state_once_and_the_wait_for_people() {
        let group = |state| ObjectState::Group(state);
        let timeout = Error::Timeout {
            target: WaitTarget::Offline,
            last: group(crate::GroupState::Pending),
            waited: Duration::from_millis(3_249),
        }
        .about(ObjectType::Group, "G");
        assert_eq!(
            timeout.to_string(),
            "group \"G\": timed out after 3.2 s waiting to be offline; last state pending"
        );
        let failed = Error::WaitFailed {
            target: WaitTarget::Online,
            state: ObjectState::Resource(crate::ResourceState::Failed),
        }
        .about(ObjectType::Resource, "R");
        assert_eq!(
            failed.to_string(),
            "resource \"R\": reached state failed while waiting to be online"
        );
        let stopped = Error::Stopped {
            target: WaitTarget::Moved,
            last: group(crate::GroupState::Other(42)),
            waited: Duration::from_secs(125),
        };
        assert_eq!(
            stopped.to_string(),
            "stopped after 2 min 5 s waiting to be online after the move (the operation goes \
             on in the cluster); last state 42 (not a known state)"
        );
        for (waited, shown) in [
            (Duration::from_micros(3), "3 µs"),
            (Duration::from_millis(850), "850 ms"),
            (Duration::from_secs(59), "59.0 s"),
        ] {
            assert_eq!(HumanDuration(waited).to_string(), shown);
        }
    }

    #[test]
    fn node_names_in_a_wrong_node_error_are_escaped_as_object_names_are() {
        let e = Error::WrongNode {
            wanted: "NODE\u{200b}2".to_owned(),
            owner: "NODE1\u{1b}[2J".to_owned(),
            already_up: None,
        };
        assert_eq!(
            e.to_string(),
            "ended on node \"NODE1\\u{1b}[2J\", not on \"NODE\\u{200b}2\" as asked"
        );
    }

    /// Before: an online on a node of a group already up said only where
    /// it ended; why (an online does not move a group) was the CLI's own
    /// note, which Python's `online(node=...)` did not have.
    #[test]
    fn a_wrong_node_after_an_online_of_a_group_already_up_says_why() {
        for (state, shown) in [
            (crate::GroupState::Online, "online"),
            (crate::GroupState::PartialOnline, "partially online"),
        ] {
            let e = Error::WrongNode {
                wanted: "NODE2".to_owned(),
                owner: "NODE1".to_owned(),
                already_up: Some(state),
            }
            .about(ObjectType::Group, "G");
            assert_eq!(
                e.to_string(),
                format!(
                    "group \"G\": ended on node \"NODE1\", not on \"NODE2\" as asked (the group \
                     was already {shown}: an online leaves a group where it is, a move takes \
                     it to another node)"
                )
            );
        }
    }

    #[test]
    fn every_kind_has_its_noun() {
        for (kind, noun) in [
            (ObjectType::Cluster, "cluster"),
            (ObjectType::Group, "group"),
            (ObjectType::Node, "node"),
            (ObjectType::Resource, "resource"),
            (ObjectType::ResourceType, "resource type"),
            (ObjectType::Network, "network"),
            (ObjectType::NetInterface, "network interface"),
        ] {
            assert_eq!(kind.noun(), noun);
            assert_eq!(kind.to_string(), noun);
        }
    }

    #[test]
    fn unsupported_is_an_error_of_its_own() {
        let missing = Unsupported::EntryPoint {
            name: "ClusterGroupOpenEnumEx",
        };
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(missing.clone());
        assert_eq!(
            boxed.to_string(),
            "the cluster API library does not export ClusterGroupOpenEnumEx"
        );
        assert_eq!(
            Error::Unsupported(missing).to_string(),
            "unsupported: the cluster API library does not export ClusterGroupOpenEnumEx"
        );
    }

    #[test]
    fn codes_round_trip_by_name() {
        let locked = Win32Error::from_code(5960);
        assert_eq!(locked, Win32Error::ClusterResourceLockedStatus);
        assert_eq!(locked.name(), Some("ERROR_CLUSTER_RESOURCE_LOCKED_STATUS"));
        assert_eq!(
            locked.to_string(),
            "ERROR_CLUSTER_RESOURCE_LOCKED_STATUS (5960)"
        );
        assert_eq!(Win32Error::from_code(5).name(), Some("ERROR_ACCESS_DENIED"));
        assert_eq!(Win32Error::from_code(5013), Win32Error::GroupNotFound);
        assert_eq!(Win32Error::from_code(87), Win32Error::InvalidParameter);
        assert_eq!(Win32Error::from_code(5023), Win32Error::InvalidState);
        assert_eq!(
            Win32Error::from_code(1722),
            Win32Error::RpcServerUnavailable
        );
        assert_eq!(Win32Error::from_code(4242), Win32Error::Other(4242));
        assert_eq!(Win32Error::Other(4242).code(), 4242);
        assert_eq!(Win32Error::Other(4242).name(), None);
    }

    #[test]
    fn every_named_code_round_trips() {
        for code in 0..10_000u32 {
            let e = Win32Error::from_code(code);
            assert_eq!(e.code(), code);
            if let Some(name) = e.name() {
                assert!(
                    name.starts_with("ERROR_") || name.starts_with("RPC_"),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn io_error_keeps_the_typed_error() {
        let e = Error::Api {
            function: "OfflineClusterGroupEx",
            error: Win32Error::AccessDenied,
        };
        let io: io::Error = e.clone().into();
        assert_eq!(io.kind(), io::ErrorKind::PermissionDenied);
        let inner = io.get_ref().and_then(|r| r.downcast_ref::<Error>());
        assert_eq!(inner, Some(&e));
        // Then, on Windows only, the system's text for the code.
        let shown = e.to_string();
        let system = match e.win32().and_then(|w| w.system_message()) {
            Some(text) => format!(": {text}"),
            None => String::new(),
        };
        assert_eq!(
            shown,
            format!("OfflineClusterGroupEx failed: ERROR_ACCESS_DENIED (5){system}")
        );
        assert_eq!(cfg!(windows), !system.is_empty(), "{shown}");
        assert_eq!(
            Error::from_last_error("OpenCluster", 0),
            Error::NoErrorCode {
                function: "OpenCluster"
            }
        );
    }
}

#[cfg(all(test, windows))]
mod windows_tests {
    use super::*;

    /// Run as a Windows executable (under Wine in CI): the system's own text
    /// follows the constant's name.
    #[test]
    fn win32_errors_carry_the_systems_message_text() {
        let error = Error::Api {
            function: "OpenClusterGroup",
            error: Win32Error::from_code(windows_sys::Win32::Foundation::ERROR_ACCESS_DENIED),
        };
        let shown = error.to_string().to_lowercase();
        assert!(
            shown.starts_with("openclustergroup failed: error_access_denied (5): ")
                && shown.contains("denied"),
            "{shown}"
        );
    }
}
