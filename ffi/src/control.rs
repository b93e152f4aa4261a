//! Control codes: `ClusterControl`, `ClusterGroupControl`,
//! `ClusterNodeControl` and `ClusterResourceControl`, and on top of them
//! reading, writing and validating properties.
//!
//! Every control code number comes from `windows-sys` (`CLUSCTL_*`). Replies
//! follow the documented `ERROR_MORE_DATA` contract (MS-CMRP 3.1.4.3.1.11:
//! an output buffer too small MUST get `ERROR_MORE_DATA`; the Win32
//! `Cluster*Control` pages: `lpBytesReturned` then holds the size the output
//! buffer needs): the first call goes into
//! a [`FIRST_REPLY_LEN`]-byte buffer, and on `ERROR_MORE_DATA` the buffer
//! grows to exactly the size returned and the call is made again, at most
//! [`MAX_CONTROL_CALLS`] times in all.

use clusprop::{DecodeError, OwnedPropertyList, PropertyList, PropertyListBuf};
use windows_sys::Win32::Foundation::{
    ERROR_MORE_DATA, ERROR_RESOURCE_PROPERTIES_STORED, ERROR_SUCCESS,
};
use windows_sys::Win32::Networking::Clustering as c;

use crate::error::{Error, Win32Error};
use crate::{Cluster, Group, NetInterface, Network, Node, Resource, ResourceType};

/// The size of the first reply buffer: enough for the common properties of a
/// node or a cluster in one call (the Windows captures W1 and W2 are 412 and
/// 740 bytes).
pub const FIRST_REPLY_LEN: usize = 1024;

/// The largest reply buffer a control call may ask for (64 MiB); a larger
/// size in `lpBytesReturned` is [`Error::ReplyTooLarge`], never an
/// allocation.
pub const MAX_REPLY_LEN: usize = 64 << 20;

/// How many calls one control request makes at most before
/// [`Error::ReplyNotSettled`] (the first, and retries after
/// `ERROR_MORE_DATA` when the data grew in between).
pub const MAX_CONTROL_CALLS: u32 = 4;

/// The four kinds of object that take control codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ObjectType {
    /// A cluster: `ClusterControl`, `CLUSCTL_CLUSTER_*`.
    Cluster,
    /// A group: `ClusterGroupControl`, `CLUSCTL_GROUP_*`.
    Group,
    /// A node: `ClusterNodeControl`, `CLUSCTL_NODE_*`.
    Node,
    /// A resource: `ClusterResourceControl`, `CLUSCTL_RESOURCE_*`.
    Resource,
    /// A resource type: `ClusterResourceTypeControl`,
    /// `CLUSCTL_RESOURCE_TYPE_*`.
    ResourceType,
    /// A network: `ClusterNetworkControl`, `CLUSCTL_NETWORK_*`.
    Network,
    /// A network interface: `ClusterNetInterfaceControl`,
    /// `CLUSCTL_NETINTERFACE_*`.
    NetInterface,
}

impl std::fmt::Display for ObjectType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.noun())
    }
}

/// Which properties a `GET` control code reads (MS-CMRP 3.1.1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PropertyKind {
    /// `*_GET_COMMON_PROPERTIES`: the writable common properties.
    Common,
    /// `*_GET_RO_COMMON_PROPERTIES`: the read-only common properties.
    ReadOnlyCommon,
    /// `*_GET_PRIVATE_PROPERTIES`: the writable private (and unknown)
    /// properties.
    Private,
    /// `*_GET_RO_PRIVATE_PROPERTIES`: the read-only private properties.
    ReadOnlyPrivate,
}

/// Which properties a `SET` or `VALIDATE` control code writes or checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WritableKind {
    /// `*_SET_COMMON_PROPERTIES` / `*_VALIDATE_COMMON_PROPERTIES`.
    Common,
    /// `*_SET_PRIVATE_PROPERTIES` / `*_VALIDATE_PRIVATE_PROPERTIES`.
    Private,
}

impl PropertyKind {
    /// The words for the kind, as messages name it: `"common"`,
    /// `"read-only common"`, `"private"`, `"read-only private"` (also its
    /// `Display`).
    pub const fn words(self) -> &'static str {
        match self {
            Self::Common => "common",
            Self::ReadOnlyCommon => "read-only common",
            Self::Private => "private",
            Self::ReadOnlyPrivate => "read-only private",
        }
    }

    /// The kind a `SET` of these properties takes: `None` for the
    /// read-only kinds.
    ///
    /// ```
    /// use clusprop_ffi::{PropertyKind, WritableKind};
    /// assert_eq!(PropertyKind::Private.writable(), Some(WritableKind::Private));
    /// assert_eq!(PropertyKind::ReadOnlyCommon.writable(), None);
    /// // and back: the GET that reads what a SET writes
    /// assert_eq!(PropertyKind::from(WritableKind::Common), PropertyKind::Common);
    /// assert_eq!(PropertyKind::ReadOnlyPrivate.to_string(), "read-only private");
    /// ```
    pub const fn writable(self) -> Option<WritableKind> {
        match self {
            Self::Common => Some(WritableKind::Common),
            Self::Private => Some(WritableKind::Private),
            Self::ReadOnlyCommon | Self::ReadOnlyPrivate => None,
        }
    }

    /// [`From<WritableKind>`], usable in a `const fn`.
    const fn from_writable(kind: WritableKind) -> Self {
        match kind {
            WritableKind::Common => Self::Common,
            WritableKind::Private => Self::Private,
        }
    }
}

impl std::fmt::Display for PropertyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words())
    }
}

impl WritableKind {
    /// The words for the kind: `"common"` or `"private"` (also its
    /// `Display`).
    pub const fn words(self) -> &'static str {
        PropertyKind::from_writable(self).words()
    }
}

impl std::fmt::Display for WritableKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words())
    }
}

/// The `GET` kind that reads what a `SET` of `kind` writes.
impl From<WritableKind> for PropertyKind {
    fn from(kind: WritableKind) -> Self {
        Self::from_writable(kind)
    }
}

/// `CLUSCTL_*` codes are `i32` in `windows-sys`; every one is non-negative
/// (the object code sits in bits 24..31 and is below 0x80), so this is exact.
const fn code(value: i32) -> u32 {
    value as u32
}

impl ObjectType {
    /// The kind in words, as error messages name it: `"group"`,
    /// `"network interface"`, ... (also its `Display`).
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Cluster => "cluster",
            Self::Group => "group",
            Self::Node => "node",
            Self::Resource => "resource",
            Self::ResourceType => "resource type",
            Self::Network => "network",
            Self::NetInterface => "network interface",
        }
    }

    /// The Win32 function that takes this object's control codes.
    pub const fn function(self) -> &'static str {
        match self {
            Self::Cluster => "ClusterControl",
            Self::Group => "ClusterGroupControl",
            Self::Node => "ClusterNodeControl",
            Self::Resource => "ClusterResourceControl",
            Self::ResourceType => "ClusterResourceTypeControl",
            Self::Network => "ClusterNetworkControl",
            Self::NetInterface => "ClusterNetInterfaceControl",
        }
    }

    /// The `CLUSCTL_*_GET_*_PROPERTIES` code for `kind`.
    pub const fn get_code(self, kind: PropertyKind) -> u32 {
        use PropertyKind as K;
        code(match (self, kind) {
            (Self::Cluster, K::Common) => c::CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES,
            (Self::Cluster, K::ReadOnlyCommon) => c::CLUSCTL_CLUSTER_GET_RO_COMMON_PROPERTIES,
            (Self::Cluster, K::Private) => c::CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES,
            (Self::Cluster, K::ReadOnlyPrivate) => c::CLUSCTL_CLUSTER_GET_RO_PRIVATE_PROPERTIES,
            (Self::Group, K::Common) => c::CLUSCTL_GROUP_GET_COMMON_PROPERTIES,
            (Self::Group, K::ReadOnlyCommon) => c::CLUSCTL_GROUP_GET_RO_COMMON_PROPERTIES,
            (Self::Group, K::Private) => c::CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES,
            (Self::Group, K::ReadOnlyPrivate) => c::CLUSCTL_GROUP_GET_RO_PRIVATE_PROPERTIES,
            (Self::Node, K::Common) => c::CLUSCTL_NODE_GET_COMMON_PROPERTIES,
            (Self::Node, K::ReadOnlyCommon) => c::CLUSCTL_NODE_GET_RO_COMMON_PROPERTIES,
            (Self::Node, K::Private) => c::CLUSCTL_NODE_GET_PRIVATE_PROPERTIES,
            (Self::Node, K::ReadOnlyPrivate) => c::CLUSCTL_NODE_GET_RO_PRIVATE_PROPERTIES,
            (Self::Resource, K::Common) => c::CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES,
            (Self::Resource, K::ReadOnlyCommon) => c::CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES,
            (Self::Resource, K::Private) => c::CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES,
            (Self::Resource, K::ReadOnlyPrivate) => c::CLUSCTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES,
            (Self::ResourceType, K::Common) => c::CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES,
            (Self::ResourceType, K::ReadOnlyCommon) => {
                c::CLUSCTL_RESOURCE_TYPE_GET_RO_COMMON_PROPERTIES
            }
            (Self::ResourceType, K::Private) => c::CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES,
            (Self::ResourceType, K::ReadOnlyPrivate) => {
                c::CLUSCTL_RESOURCE_TYPE_GET_RO_PRIVATE_PROPERTIES
            }
            (Self::Network, K::Common) => c::CLUSCTL_NETWORK_GET_COMMON_PROPERTIES,
            (Self::Network, K::ReadOnlyCommon) => c::CLUSCTL_NETWORK_GET_RO_COMMON_PROPERTIES,
            (Self::Network, K::Private) => c::CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES,
            (Self::Network, K::ReadOnlyPrivate) => c::CLUSCTL_NETWORK_GET_RO_PRIVATE_PROPERTIES,
            (Self::NetInterface, K::Common) => c::CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES,
            (Self::NetInterface, K::ReadOnlyCommon) => {
                c::CLUSCTL_NETINTERFACE_GET_RO_COMMON_PROPERTIES
            }
            (Self::NetInterface, K::Private) => c::CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES,
            (Self::NetInterface, K::ReadOnlyPrivate) => {
                c::CLUSCTL_NETINTERFACE_GET_RO_PRIVATE_PROPERTIES
            }
        })
    }

    /// The `CLUSCTL_*_SET_*_PROPERTIES` code for `kind`.
    pub const fn set_code(self, kind: WritableKind) -> u32 {
        use WritableKind as K;
        code(match (self, kind) {
            (Self::Cluster, K::Common) => c::CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES,
            (Self::Cluster, K::Private) => c::CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES,
            (Self::Group, K::Common) => c::CLUSCTL_GROUP_SET_COMMON_PROPERTIES,
            (Self::Group, K::Private) => c::CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES,
            (Self::Node, K::Common) => c::CLUSCTL_NODE_SET_COMMON_PROPERTIES,
            (Self::Node, K::Private) => c::CLUSCTL_NODE_SET_PRIVATE_PROPERTIES,
            (Self::Resource, K::Common) => c::CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES,
            (Self::Resource, K::Private) => c::CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES,
            (Self::ResourceType, K::Common) => c::CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES,
            (Self::ResourceType, K::Private) => c::CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES,
            (Self::Network, K::Common) => c::CLUSCTL_NETWORK_SET_COMMON_PROPERTIES,
            (Self::Network, K::Private) => c::CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES,
            (Self::NetInterface, K::Common) => c::CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES,
            (Self::NetInterface, K::Private) => c::CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES,
        })
    }

    /// The `CLUSCTL_*_ENUM_*_PROPERTIES` code for `kind`: the names of the
    /// object's properties of that kind (read-only ones included), as a
    /// `MULTI_SZ`.
    pub const fn enum_code(self, kind: WritableKind) -> u32 {
        use WritableKind as K;
        code(match (self, kind) {
            (Self::Cluster, K::Common) => c::CLUSCTL_CLUSTER_ENUM_COMMON_PROPERTIES,
            (Self::Cluster, K::Private) => c::CLUSCTL_CLUSTER_ENUM_PRIVATE_PROPERTIES,
            (Self::Group, K::Common) => c::CLUSCTL_GROUP_ENUM_COMMON_PROPERTIES,
            (Self::Group, K::Private) => c::CLUSCTL_GROUP_ENUM_PRIVATE_PROPERTIES,
            (Self::Node, K::Common) => c::CLUSCTL_NODE_ENUM_COMMON_PROPERTIES,
            (Self::Node, K::Private) => c::CLUSCTL_NODE_ENUM_PRIVATE_PROPERTIES,
            (Self::Resource, K::Common) => c::CLUSCTL_RESOURCE_ENUM_COMMON_PROPERTIES,
            (Self::Resource, K::Private) => c::CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES,
            (Self::ResourceType, K::Common) => c::CLUSCTL_RESOURCE_TYPE_ENUM_COMMON_PROPERTIES,
            (Self::ResourceType, K::Private) => c::CLUSCTL_RESOURCE_TYPE_ENUM_PRIVATE_PROPERTIES,
            (Self::Network, K::Common) => c::CLUSCTL_NETWORK_ENUM_COMMON_PROPERTIES,
            (Self::Network, K::Private) => c::CLUSCTL_NETWORK_ENUM_PRIVATE_PROPERTIES,
            (Self::NetInterface, K::Common) => c::CLUSCTL_NETINTERFACE_ENUM_COMMON_PROPERTIES,
            (Self::NetInterface, K::Private) => c::CLUSCTL_NETINTERFACE_ENUM_PRIVATE_PROPERTIES,
        })
    }

    /// The `CLUSCTL_*_GET_*_PROPERTY_FMTS` code for `kind`: a property list
    /// giving each property's format.
    pub const fn formats_code(self, kind: WritableKind) -> u32 {
        use WritableKind as K;
        code(match (self, kind) {
            (Self::Cluster, K::Common) => c::CLUSCTL_CLUSTER_GET_COMMON_PROPERTY_FMTS,
            (Self::Cluster, K::Private) => c::CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTY_FMTS,
            (Self::Group, K::Common) => c::CLUSCTL_GROUP_GET_COMMON_PROPERTY_FMTS,
            (Self::Group, K::Private) => c::CLUSCTL_GROUP_GET_PRIVATE_PROPERTY_FMTS,
            (Self::Node, K::Common) => c::CLUSCTL_NODE_GET_COMMON_PROPERTY_FMTS,
            (Self::Node, K::Private) => c::CLUSCTL_NODE_GET_PRIVATE_PROPERTY_FMTS,
            (Self::Resource, K::Common) => c::CLUSCTL_RESOURCE_GET_COMMON_PROPERTY_FMTS,
            (Self::Resource, K::Private) => c::CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS,
            (Self::ResourceType, K::Common) => c::CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTY_FMTS,
            (Self::ResourceType, K::Private) => c::CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTY_FMTS,
            (Self::Network, K::Common) => c::CLUSCTL_NETWORK_GET_COMMON_PROPERTY_FMTS,
            (Self::Network, K::Private) => c::CLUSCTL_NETWORK_GET_PRIVATE_PROPERTY_FMTS,
            (Self::NetInterface, K::Common) => c::CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTY_FMTS,
            (Self::NetInterface, K::Private) => c::CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTY_FMTS,
        })
    }

    /// The `CLUSCTL_*_VALIDATE_*_PROPERTIES` code for `kind`.
    pub const fn validate_code(self, kind: WritableKind) -> u32 {
        use WritableKind as K;
        code(match (self, kind) {
            (Self::Cluster, K::Common) => c::CLUSCTL_CLUSTER_VALIDATE_COMMON_PROPERTIES,
            (Self::Cluster, K::Private) => c::CLUSCTL_CLUSTER_VALIDATE_PRIVATE_PROPERTIES,
            (Self::Group, K::Common) => c::CLUSCTL_GROUP_VALIDATE_COMMON_PROPERTIES,
            (Self::Group, K::Private) => c::CLUSCTL_GROUP_VALIDATE_PRIVATE_PROPERTIES,
            (Self::Node, K::Common) => c::CLUSCTL_NODE_VALIDATE_COMMON_PROPERTIES,
            (Self::Node, K::Private) => c::CLUSCTL_NODE_VALIDATE_PRIVATE_PROPERTIES,
            (Self::Resource, K::Common) => c::CLUSCTL_RESOURCE_VALIDATE_COMMON_PROPERTIES,
            (Self::Resource, K::Private) => c::CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES,
            (Self::ResourceType, K::Common) => c::CLUSCTL_RESOURCE_TYPE_VALIDATE_COMMON_PROPERTIES,
            (Self::ResourceType, K::Private) => {
                c::CLUSCTL_RESOURCE_TYPE_VALIDATE_PRIVATE_PROPERTIES
            }
            (Self::Network, K::Common) => c::CLUSCTL_NETWORK_VALIDATE_COMMON_PROPERTIES,
            (Self::Network, K::Private) => c::CLUSCTL_NETWORK_VALIDATE_PRIVATE_PROPERTIES,
            (Self::NetInterface, K::Common) => c::CLUSCTL_NETINTERFACE_VALIDATE_COMMON_PROPERTIES,
            (Self::NetInterface, K::Private) => c::CLUSCTL_NETINTERFACE_VALIDATE_PRIVATE_PROPERTIES,
        })
    }
}

/// A `GET` reply: the bytes the cluster wrote, owned, validated once as a
/// property list (when the reply is made); [`PropertyReply::list`] is the
/// core's zero-copy reader over them, rebuilt in constant time from what
/// that validation found, never validated again
/// ([`clusprop::PropertyListBuf`]).
///
/// A reply of zero bytes (what some objects send when they have no
/// properties of a kind) is the empty list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyReply {
    /// `None`: the zero-byte reply.
    list: Option<PropertyListBuf>,
}

impl PropertyReply {
    /// Validates `bytes` as a property list (the default
    /// [`DecodeOptions`](clusprop::DecodeOptions), which accept the trailing
    /// end mark Windows writes).
    pub fn new(bytes: Vec<u8>) -> Result<Self, DecodeError> {
        let list = if bytes.is_empty() {
            None
        } else {
            Some(PropertyListBuf::new(bytes)?)
        };
        Ok(Self { list })
    }

    /// The list, borrowed from the reply (constant time: no validation).
    pub fn list(&self) -> PropertyList<'_> {
        self.list
            .as_ref()
            .map_or(PropertyList::EMPTY, PropertyListBuf::list)
    }

    /// The reply exactly as the cluster wrote it.
    pub fn as_bytes(&self) -> &[u8] {
        self.list.as_ref().map_or(&[], PropertyListBuf::as_bytes)
    }

    /// The reply's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.list
            .map(PropertyListBuf::into_bytes)
            .unwrap_or_default()
    }

    /// The list as an owned model (to change and send back).
    pub fn to_owned_list(&self) -> OwnedPropertyList {
        self.list().to_owned_list()
    }
}

/// How a `SET` went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum SetOutcome {
    /// `ERROR_SUCCESS`: stored and in effect.
    Applied,
    /// `ERROR_RESOURCE_PROPERTIES_STORED`: stored, but an online resource
    /// uses the new values only when it next comes online (MS-CMRP
    /// 3.1.4.3.1.12).
    StoredUntilRestart,
}

/// Calls `call` with a reply buffer, growing it on `ERROR_MORE_DATA` as the
/// module documentation says. `call` returns the status and the byte count
/// written back.
pub(crate) fn call_with_growth(
    function: &'static str,
    first_len: usize,
    mut call: impl FnMut(&mut [u8]) -> Result<(u32, u32), Error>,
) -> Result<Vec<u8>, Error> {
    let mut buf = vec![0u8; first_len.min(MAX_REPLY_LEN)];
    for _ in 0..MAX_CONTROL_CALLS {
        let (status, returned) = call(&mut buf)?;
        let returned = usize::try_from(returned).unwrap_or(usize::MAX);
        match status {
            ERROR_SUCCESS if returned <= buf.len() => {
                buf.truncate(returned);
                return Ok(buf);
            }
            // `ERROR_MORE_DATA`, or a success that claims more bytes than the
            // buffer holds (clusapi may answer a zero-sized buffer that way):
            // grow to the size asked for.
            ERROR_SUCCESS | ERROR_MORE_DATA => {
                if returned > MAX_REPLY_LEN {
                    return Err(Error::ReplyTooLarge {
                        function,
                        needed: returned,
                    });
                }
                // A size that would not grow the buffer says nothing useful;
                // double instead, so the loop still makes progress.
                let next = if returned > buf.len() {
                    returned
                } else {
                    buf.len().saturating_mul(2).clamp(1, MAX_REPLY_LEN)
                };
                buf.clear();
                buf.resize(next, 0);
            }
            code => {
                return Err(Error::Api {
                    function,
                    error: Win32Error::from_code(code),
                });
            }
        }
    }
    Err(Error::ReplyNotSettled {
        function,
        tries: MAX_CONTROL_CALLS,
    })
}

/// Splits a `MULTI_SZ` reply (UTF-16LE strings, each NUL-terminated, then
/// an empty one; a zero-byte reply is the empty list): the names, or the
/// byte offset where it stops holding together (an odd length, a missing
/// terminator, data after the end).
pub(crate) fn parse_multi_sz(bytes: &[u8]) -> Result<Vec<String>, usize> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    if !bytes.len().is_multiple_of(2) {
        return Err(bytes.len() - 1);
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let mut names = Vec::new();
    let mut start = 0;
    while start < units.len() {
        let len = units[start..]
            .iter()
            .position(|&u| u == 0)
            .ok_or(units.len() * 2)?;
        if len == 0 {
            // The end mark: nothing may follow it.
            return if start + 1 == units.len() {
                Ok(names)
            } else {
                Err((start + 1) * 2)
            };
        }
        names.push(String::from_utf16_lossy(&units[start..start + len]));
        start += len + 1;
    }
    // Strings without the final empty one.
    Err(bytes.len())
}

mod sealed {
    /// The raw control call behind [`ControlTarget`](super::ControlTarget);
    /// not nameable outside the crate, so only this crate's handle types
    /// implement it.
    pub trait RawControl {
        fn raw_control(
            &self,
            host: Option<&crate::Node>,
            code: u32,
            input: &[u8],
            output: &mut [u8],
        ) -> Result<(u32, u32), crate::Error>;

        /// The name errors give the object (`None`: the local cluster,
        /// which has none).
        fn object_name(&self) -> Option<&str>;
    }
}

/// Sends `code` to `target` with no input and reads the reply as a
/// property list; a reply that is not one is [`Error::Decode`], naming
/// `code`.
fn property_list_reply<T: ControlTarget + ?Sized>(
    target: &T,
    code: u32,
) -> Result<PropertyReply, Error> {
    let bytes = target.control(None, code, &[])?;
    let reply = PropertyReply::new(bytes).map_err(|error| {
        Error::Decode {
            function: T::OBJECT.function(),
            error,
        }
        .sent(code)
    });
    named(target, reply)
}

/// `result`, its error naming `target` ([`Error::Object`]) when it has a
/// name.
fn named<T: ControlTarget + ?Sized, R>(target: &T, result: Result<R, Error>) -> Result<R, Error> {
    result.map_err(|error| match target.object_name() {
        Some(name) => error.about(T::OBJECT, name),
        None => error,
    })
}

/// The objects that take control codes: [`Cluster`], [`Group`], [`Node`],
/// [`Resource`], [`Network`], [`NetInterface`] and [`ResourceType`]. Bring
/// the trait into scope to read and write their properties.
///
/// ```
/// use clusprop_ffi::{Cluster, ControlTarget, PropertyKind};
/// let sim = clusprop_sim::SimCluster::new(&clusprop_sim::ClusterConfig::demo().named("doc-control"))?;
/// let cluster = Cluster::open_named(&sim.api(), sim.name())?;
/// let node = cluster.open_node("NODE1")?;
/// let reply = node.get_properties(PropertyKind::ReadOnlyCommon)?;
/// assert_eq!(reply.list().get::<u32>("BuildNumber")?, 9600);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait ControlTarget: sealed::RawControl {
    /// Which kind of object this is.
    const OBJECT: ObjectType;

    /// Sends any control code with an input buffer (empty for none) and
    /// returns the reply, growing the reply buffer on `ERROR_MORE_DATA`.
    /// `host` is the node that performs the operation (`None`: the owner).
    /// Errors name the object ([`Error::Object`]) and the control code
    /// ([`Error::Control`]), as for every method here that sends one.
    fn control(&self, host: Option<&Node>, code: u32, input: &[u8]) -> Result<Vec<u8>, Error> {
        self.control_with_capacity(host, code, input, FIRST_REPLY_LEN)
    }

    /// [`ControlTarget::control`] with the size of the first reply buffer
    /// (0 is allowed: the first call then only learns the size).
    fn control_with_capacity(
        &self,
        host: Option<&Node>,
        code: u32,
        input: &[u8],
        first_len: usize,
    ) -> Result<Vec<u8>, Error> {
        let reply = call_with_growth(Self::OBJECT.function(), first_len, |out| {
            self.raw_control(host, code, input, out)
        });
        named(self, reply.map_err(|error| error.sent(code)))
    }

    /// Reads the object's properties of `kind` (`CLUSCTL_*_GET_*`). A reply
    /// that is not a property list is [`Error::Decode`].
    fn get_properties(&self, kind: PropertyKind) -> Result<PropertyReply, Error> {
        property_list_reply(self, Self::OBJECT.get_code(kind))
    }

    /// The names of the object's properties of `kind`, read-only ones
    /// included (`CLUSCTL_*_ENUM_*_PROPERTIES`). A reply that is not a
    /// `MULTI_SZ` is [`Error::BadNameList`].
    fn property_names(&self, kind: WritableKind) -> Result<Vec<String>, Error> {
        let code = Self::OBJECT.enum_code(kind);
        let bytes = self.control(None, code, &[])?;
        let names = parse_multi_sz(&bytes).map_err(|offset| {
            Error::BadNameList {
                function: Self::OBJECT.function(),
                offset,
            }
            .sent(code)
        });
        named(self, names)
    }

    /// The formats of the object's properties of `kind`
    /// (`CLUSCTL_*_GET_*_PROPERTY_FMTS`): a property list whose values are
    /// `WORD`s holding each property's `CLUSPROP_FORMAT_*`.
    fn property_formats(&self, kind: WritableKind) -> Result<PropertyReply, Error> {
        property_list_reply(self, Self::OBJECT.formats_code(kind))
    }

    /// Writes properties (`CLUSCTL_*_SET_*`) from the owned model, encoded
    /// as a client sends them (no `EXPANDED_SZ`, no trailing end mark unless
    /// the list asks for it). The cluster validates the whole list first and
    /// changes nothing when it rejects it.
    ///
    /// Read, change, write back (the whole list, or only what changes):
    ///
    /// ```
    /// use clusprop::offline::VmAction;
    /// use clusprop_ffi::{Cluster, ControlTarget, PropertyKind, SetOutcome, WritableKind};
    /// use clusprop_sim::{ClusterConfig, SimCluster};
    ///
    /// let sim = SimCluster::new(&ClusterConfig::demo().named("DocSetProperties"))?;
    /// let api = sim.api();
    /// let cluster = Cluster::open_named(&api, sim.name())?;
    /// let vm = cluster.open_resource("DemoVM")?;
    ///
    /// let kind = WritableKind::Private;
    /// let mut private = vm.get_properties(kind.into())?.to_owned_list();
    /// private.set("OfflineAction", VmAction::Shutdown.value())?;
    /// // The VM is online: Windows keeps private properties for its next start.
    /// assert_eq!(vm.set_properties(kind, &private)?, SetOutcome::StoredUntilRestart);
    ///
    /// let now = vm.get_properties(PropertyKind::Private)?;
    /// assert_eq!(now.list().get::<u32>("OfflineAction")?, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn set_properties(
        &self,
        kind: WritableKind,
        list: &OwnedPropertyList,
    ) -> Result<SetOutcome, Error> {
        let bytes = named(self, list.to_vec().map_err(Error::from))?;
        self.set_properties_raw(kind, &bytes)
    }

    /// [`ControlTarget::set_properties`] with an encoded list (for example
    /// what [`clusprop::PropertyListBuilder`] wrote), sent as it is.
    fn set_properties_raw(&self, kind: WritableKind, list: &[u8]) -> Result<SetOutcome, Error> {
        let function = Self::OBJECT.function();
        let code = Self::OBJECT.set_code(kind);
        let outcome = self
            .raw_control(None, code, list, &mut [])
            .and_then(|(status, _)| match status {
                ERROR_SUCCESS => Ok(SetOutcome::Applied),
                ERROR_RESOURCE_PROPERTIES_STORED => Ok(SetOutcome::StoredUntilRestart),
                status => Err(Error::Api {
                    function,
                    error: Win32Error::from_code(status),
                }),
            });
        named(self, outcome.map_err(|error| error.sent(code)))
    }

    /// Asks whether a `SET` of `list` would be accepted
    /// (`CLUSCTL_*_VALIDATE_*`), changing nothing.
    fn validate_properties(
        &self,
        kind: WritableKind,
        list: &OwnedPropertyList,
    ) -> Result<(), Error> {
        let bytes = named(self, list.to_vec().map_err(Error::from))?;
        self.validate_properties_raw(kind, &bytes)
    }

    /// [`ControlTarget::validate_properties`] with an encoded list.
    fn validate_properties_raw(&self, kind: WritableKind, list: &[u8]) -> Result<(), Error> {
        let code = Self::OBJECT.validate_code(kind);
        let outcome = self
            .raw_control(None, code, list, &mut [])
            .and_then(|(status, _)| match status {
                ERROR_SUCCESS => Ok(()),
                status => Err(Error::Api {
                    function: Self::OBJECT.function(),
                    error: Win32Error::from_code(status),
                }),
            });
        named(self, outcome.map_err(|error| error.sent(code)))
    }
}

impl sealed::RawControl for Cluster {
    fn raw_control(
        &self,
        host: Option<&Node>,
        code: u32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<(u32, u32), Error> {
        self.raw.control(host.map(|n| &n.raw), code, input, output)
    }

    fn object_name(&self) -> Option<&str> {
        self.name()
    }
}

impl ControlTarget for Cluster {
    const OBJECT: ObjectType = ObjectType::Cluster;
}

macro_rules! object_control {
    ($($ty:ident => $object:ident),*) => {$(
        impl sealed::RawControl for $ty {
            fn raw_control(
                &self,
                host: Option<&Node>,
                code: u32,
                input: &[u8],
                output: &mut [u8],
            ) -> Result<(u32, u32), Error> {
                self.raw.control(host.map(|n| &n.raw), code, input, output)
            }

            fn object_name(&self) -> Option<&str> {
                Some(&self.name)
            }
        }

        impl ControlTarget for $ty {
            const OBJECT: ObjectType = ObjectType::$object;
        }
    )*};
}

object_control!(
    Group => Group,
    Node => Node,
    Resource => Resource,
    Network => Network,
    NetInterface => NetInterface
);

impl sealed::RawControl for ResourceType {
    fn raw_control(
        &self,
        host: Option<&Node>,
        code: u32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<(u32, u32), Error> {
        self.cluster
            .resource_type_control(&self.wide, host.map(|n| &n.raw), code, input, output)
    }

    fn object_name(&self) -> Option<&str> {
        Some(&self.name)
    }
}

impl ControlTarget for ResourceType {
    const OBJECT: ObjectType = ObjectType::ResourceType;
}

#[cfg(test)]
mod tests {
    use super::*;

    const OBJECTS: [(ObjectType, u32); 4] = [
        (ObjectType::Resource, 0x01),
        (ObjectType::Group, 0x03),
        (ObjectType::Node, 0x04),
        (ObjectType::Cluster, 0x07),
    ];

    #[test]
    fn multi_sz_replies_split_or_say_where_they_break() {
        let wide = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        assert_eq!(parse_multi_sz(&wide("A\0Bc\0\0")).unwrap(), ["A", "Bc"]);
        assert_eq!(parse_multi_sz(&wide("\0")).unwrap(), Vec::<String>::new());
        assert_eq!(parse_multi_sz(&[]).unwrap(), Vec::<String>::new());
        assert_eq!(parse_multi_sz(&wide("A\0")), Err(4), "no end mark");
        assert_eq!(parse_multi_sz(&wide("A")), Err(2), "no terminator");
        assert_eq!(
            parse_multi_sz(&wide("A\0\0B\0")),
            Err(6),
            "data after the end"
        );
        assert_eq!(parse_multi_sz(&[0x41, 0, 0]), Err(2), "odd length");
    }

    #[test]
    fn the_kinds_convert_both_ways_and_name_themselves() {
        for kind in [WritableKind::Common, WritableKind::Private] {
            assert_eq!(PropertyKind::from(kind).writable(), Some(kind));
            assert_eq!(PropertyKind::from(kind).to_string(), kind.to_string());
        }
        assert_eq!(PropertyKind::ReadOnlyCommon.writable(), None);
        assert_eq!(PropertyKind::ReadOnlyPrivate.writable(), None);
        let words: Vec<String> = [
            PropertyKind::Common,
            PropertyKind::ReadOnlyCommon,
            PropertyKind::Private,
            PropertyKind::ReadOnlyPrivate,
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            words,
            ["common", "read-only common", "private", "read-only private"]
        );
    }

    #[test]
    fn control_codes_follow_the_clusctl_layout() {
        // Bits 24..31 are the object (CLUS_OBJECT_RESOURCE 1, GROUP 3, NODE
        // 4, CLUSTER 7); the rest (access bits and function) is the same for
        // one operation on every object. A code wired to the wrong
        // windows-sys constant breaks one of the two.
        let kinds = [
            PropertyKind::Common,
            PropertyKind::ReadOnlyCommon,
            PropertyKind::Private,
            PropertyKind::ReadOnlyPrivate,
        ];
        let writable = [WritableKind::Common, WritableKind::Private];
        let mut low_bits = Vec::new();
        for (object, id) in OBJECTS {
            let mut codes: Vec<u32> = kinds.iter().map(|&k| object.get_code(k)).collect();
            codes.extend(writable.iter().map(|&k| object.set_code(k)));
            codes.extend(writable.iter().map(|&k| object.validate_code(k)));
            assert!(
                codes.iter().all(|c| c >> 24 == id),
                "{object:?}: {codes:x?}"
            );
            let low: Vec<u32> = codes.iter().map(|c| c & 0x00FF_FFFF).collect();
            let mut unique = low.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), 8, "{object:?}: eight distinct operations");
            low_bits.push(low);
        }
        assert!(low_bits.windows(2).all(|w| w[0] == w[1]), "{low_bits:x?}");
        // Two documented values (Win32 pages), as a spot check.
        assert_eq!(
            ObjectType::Resource.get_code(PropertyKind::Common),
            0x0100_0059
        );
        assert_eq!(
            ObjectType::Cluster.get_code(PropertyKind::ReadOnlyCommon),
            0x0700_0055
        );
        // SET codes carry CLUS_MODIFY (bit 22) and write access (bits 0..1
        // = CLUS_ACCESS_WRITE, 2); GET and VALIDATE codes read access (1).
        for object in OBJECTS.map(|(o, _)| o) {
            let set = object.set_code(WritableKind::Private);
            assert_eq!((set >> 22 & 1, set & 3), (1, 2), "{object:?}");
            let get = object.get_code(PropertyKind::Private);
            assert_eq!((get >> 22 & 1, get & 3), (0, 1), "{object:?}");
            let validate = object.validate_code(WritableKind::Private);
            assert_eq!((validate >> 22 & 1, validate & 3), (0, 1), "{object:?}");
        }
    }

    /// A fake control function: a reply of `size` bytes, and a log of the
    /// buffer sizes it was called with.
    fn fake(size: usize, calls: &mut Vec<usize>, out: &mut [u8]) -> (u32, u32) {
        calls.push(out.len());
        if out.len() < size {
            return (ERROR_MORE_DATA, size as u32);
        }
        out[..size].fill(0xAB);
        (ERROR_SUCCESS, size as u32)
    }

    #[test]
    fn grows_once_to_the_exact_size_asked_for() {
        let mut calls = Vec::new();
        let reply = call_with_growth("F", 16, |out| Ok(fake(100, &mut calls, out))).unwrap();
        assert_eq!(reply, vec![0xAB; 100]);
        assert_eq!(calls, [16, 100]);
        // The boundary: a reply of exactly the first size takes one call.
        let mut calls = Vec::new();
        let reply = call_with_growth("F", 100, |out| Ok(fake(100, &mut calls, out))).unwrap();
        assert_eq!((reply.len(), calls.as_slice()), (100, &[100][..]));
        let mut calls = Vec::new();
        call_with_growth("F", 99, |out| Ok(fake(100, &mut calls, out))).unwrap();
        assert_eq!(calls, [99, 100]);
        // A zero-sized first buffer only learns the size.
        let mut calls = Vec::new();
        call_with_growth("F", 0, |out| Ok(fake(5, &mut calls, out))).unwrap();
        assert_eq!(calls, [0, 5]);
    }

    #[test]
    fn growth_is_bounded_in_size_and_in_calls() {
        let err = call_with_growth("F", 16, |_| Ok((ERROR_MORE_DATA, u32::MAX))).unwrap_err();
        assert_eq!(
            err,
            Error::ReplyTooLarge {
                function: "F",
                needed: u32::MAX as usize
            }
        );
        // Data that keeps growing between calls.
        let mut size = 16u32;
        let err = call_with_growth("F", 16, |_| {
            size *= 2;
            Ok((ERROR_MORE_DATA, size))
        })
        .unwrap_err();
        assert_eq!(
            err,
            Error::ReplyNotSettled {
                function: "F",
                tries: MAX_CONTROL_CALLS
            }
        );
        // MORE_DATA with a size that would not grow the buffer: doubling.
        let mut calls = Vec::new();
        let _ = call_with_growth("F", 8, |out| {
            calls.push(out.len());
            Ok((ERROR_MORE_DATA, 4))
        });
        assert_eq!(calls, [8, 16, 32, 64]);
        // Any other status is the error it names.
        let err = call_with_growth("F", 8, |_| Ok((5, 0))).unwrap_err();
        assert_eq!(err.win32(), Some(Win32Error::AccessDenied));
    }

    #[test]
    fn replies_are_validated_once_and_empty_is_the_empty_list() {
        assert!(PropertyReply::new(Vec::new()).unwrap().list().is_empty());
        assert!(PropertyReply::new(vec![1, 0, 0, 0]).is_err());
        let reply = PropertyReply::new(vec![0; 8]).unwrap();
        assert!(reply.list().has_trailing_end_mark());
        assert_eq!(reply.as_bytes(), &[0; 8]);
    }

    #[test]
    fn the_list_is_the_validated_buffers_view() {
        // `list` is the view `PropertyListBuf` keeps (whose own tests count
        // that it validates once): the same bytes, the same shape.
        let bytes = clusprop::offline::OfflineInstructions::new()
            .all_vm_types(clusprop::offline::VmAction::Save)
            .to_vec()
            .unwrap();
        let reply = PropertyReply::new(bytes.clone()).unwrap();
        let buf = PropertyListBuf::new(bytes.clone()).unwrap();
        assert_eq!(reply.list(), buf.list());
        assert_eq!(reply.list().as_bytes().as_ptr(), reply.as_bytes().as_ptr());
        assert_eq!(reply.list().len(), 2);
        assert_eq!(reply.clone().into_bytes(), bytes);
        assert_eq!(
            PropertyReply::new(Vec::new()).unwrap().into_bytes(),
            Vec::<u8>::new()
        );
    }
}
