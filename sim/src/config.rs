//! What a simulated cluster contains: built with the API or read from a small
//! text file.
//!
//! # The text format
//!
//! One item per line (LF or CRLF line ends; a byte order mark at the start
//! is skipped); tokens are separated by whitespace; `#` outside quotes
//! starts a comment that runs to the end of the line. Names with spaces (or
//! `#`) are quoted: a quoted value runs to the next `"` on its line, which
//! must be followed by whitespace, a comment or the end of the line; there
//! are no escapes (a backslash is text), so a quoted value cannot hold `"`.
//! Each option is given at most once. Numbers are decimal digits, or `0x`
//! and hex digits, without a sign, at most 4294967295. Object names may not
//! be empty or hold NUL.
//!
//! ```text
//! cluster "TestCluster" local node="NODE1" caller-access=all
//! common "Description=sz:test cluster"
//! node "NODE2"
//! group "DemoGroup" state-query-error=5023 owner="NODE2"
//! resource "DemoVM" type="Virtual Machine" state=online locked delay-ms=5 offline-action=1
//! private "VmID=sz:1f4c"
//! resource "Disk 1" type="Physical Disk" fail-offline
//! ```
//!
//! * `cluster NAME [demo] [local] [node=NAME] [caller-access=all|read]`:
//!   starts a cluster (with `demo`: the built-in [`ClusterConfig::demo`]
//!   under this name, to which later lines add). `local` makes it the one
//!   `OpenCluster(NULL)` opens;
//!   `node` names its first node (default `NODE1`); `caller-access=read`
//!   simulates a caller with read access only.
//! * `node NAME`: another node of the last cluster.
//! * `group NAME [owner=NODE] [state-query-error=CODE]`: a group in the last
//!   cluster, owned by `NODE` (default: the first node); with
//!   `state-query-error`, `GetClusterGroupState` fails with that code (not
//!   0: a failed query always has an error code).
//! * `resource NAME type=TYPE [state=online|offline|failed] [locked]
//!   [delay-ms=N] [fail-offline] [fail-online] [offline-action=0..3]`: a
//!   resource in the last group (state online by default; a delay of N ms for
//!   each transition; `offline-action` is the VM's `OfflineAction` private
//!   property, used when no instruction is given, default 1 = save).
//! * `network NAME`: a network of the last cluster.
//! * `netinterface NAME node=NODE network=NETWORK`: a network interface of
//!   the last cluster, joining `NODE` to `NETWORK`.
//! * `restype NAME`: a resource type of the last cluster besides the types
//!   its resources use (those are listed without being declared).
//! * `common`, `ro-common`, `private`, `ro-private` `"NAME=TYPE:VALUE"`: a
//!   property of the object on the line above (cluster, node, group,
//!   resource, network or network interface) in that store, the value in the core's text notation
//!   ([`clusprop::OwnedValue::parse_typed`]).
//!
//! An object holds only the properties given to it: one declared without
//! property lines answers a `GET` with an empty list and refuses a `SET`
//! of a common property (`ERROR_INVALID_PARAMETER`: not one of its
//! writable common properties), where on Windows every group has its
//! `Priority`, `Description`, ... Declare the properties the code under
//! test reads or writes (see [`PropertyStores`]); the demo cluster
//! (`cluster NAME demo`, [`ClusterConfig::demo`]) gives its objects a few
//! of Windows' own.
//!
//! An error ([`ConfigError`]) names the line and the column (in characters)
//! of the token at fault, quoting the token escaped.

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use clusprop::offline::{VIRTUAL_MACHINE, VmAction};
use clusprop::{OwnedPropertyList, OwnedValue};
use clusprop_ffi::PropertyKind;

use crate::check::{ObjectRef, check};
use crate::model::cluster_key;
use crate::shown::Shown;

/// The state of a simulated resource: `clusprop-ffi`'s
/// `CLUSTER_RESOURCE_STATE` type (the simulator uses `Online`, `Offline`,
/// `Failed`, `OnlinePending` and `OfflinePending`).
pub use clusprop_ffi::ResourceState;

/// The four property stores of a cluster object (MS-CMRP 3.1.1.9): what the
/// `*_GET_*_PROPERTIES` control codes return, and what `*_SET_*` changes.
///
/// Replies are encoded as Windows writes them (server rules, with the
/// trailing end mark the list records; stores built here record it).
///
/// The stores start empty ([`Default`]): an object has only the
/// properties it is given, so a test declares those its code reads or
/// changes, with the API or with property lines:
///
/// ```
/// use clusprop::OwnedPropertyList;
/// use clusprop_ffi::{Cluster, ControlTarget, PropertyKind, Win32Error, WritableKind};
/// use clusprop_sim::SimCluster;
///
/// let sim = SimCluster::from_text(
///     "cluster \"DocStores\"\n\
///      group \"Web\"\n\
///      common \"Priority=dword:2000\"\n\
///      group \"Bare\"\n",
/// )?;
/// let api = sim.api();
/// let cluster = Cluster::open_named(&api, "DocStores")?;
///
/// // Read a property, change it, write it back.
/// let web = cluster.open_group("Web")?;
/// let mut common = web.get_properties(PropertyKind::Common)?.to_owned_list();
/// let priority: u32 = common.get("Priority")?;
/// common.set("Priority", priority + 1000)?;
/// let _ = web.set_properties(WritableKind::Common, &common)?;
/// let now = web.get_properties(PropertyKind::Common)?;
/// assert_eq!(now.list().get::<u32>("Priority")?, 3000);
///
/// // A group declared without properties has none.
/// let bare = cluster.open_group("Bare")?;
/// assert!(bare.get_properties(PropertyKind::Common)?.list().is_empty());
/// let mut change = OwnedPropertyList::new();
/// change.set("Priority", 3000u32)?;
/// let refused = bare.set_properties(WritableKind::Common, &change).unwrap_err();
/// assert_eq!(refused.win32(), Some(Win32Error::InvalidParameter));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyStores {
    /// Writable common properties (`*_GET_COMMON_PROPERTIES`).
    pub common: OwnedPropertyList,
    /// Read-only common properties (`*_GET_RO_COMMON_PROPERTIES`).
    pub read_only_common: OwnedPropertyList,
    /// Writable private properties (`*_GET_PRIVATE_PROPERTIES`; `SET`
    /// also stores unknown names here, MS-CMRP 3.1.4.3.1.18).
    pub private: OwnedPropertyList,
    /// Read-only private properties (`*_GET_RO_PRIVATE_PROPERTIES`).
    pub read_only_private: OwnedPropertyList,
}

impl Default for PropertyStores {
    fn default() -> Self {
        let empty = || {
            let mut list = OwnedPropertyList::new();
            list.trailing_end_mark = true;
            list
        };
        Self {
            common: empty(),
            read_only_common: empty(),
            private: empty(),
            read_only_private: empty(),
        }
    }
}

impl PropertyStores {
    /// The store a `GET` of `kind` reads.
    pub fn store(&self, kind: PropertyKind) -> &OwnedPropertyList {
        match kind {
            PropertyKind::Common => &self.common,
            PropertyKind::ReadOnlyCommon => &self.read_only_common,
            PropertyKind::Private => &self.private,
            PropertyKind::ReadOnlyPrivate => &self.read_only_private,
        }
    }

    /// The store of `kind`, to change.
    pub fn store_mut(&mut self, kind: PropertyKind) -> &mut OwnedPropertyList {
        match kind {
            PropertyKind::Common => &mut self.common,
            PropertyKind::ReadOnlyCommon => &mut self.read_only_common,
            PropertyKind::Private => &mut self.private,
            PropertyKind::ReadOnlyPrivate => &mut self.read_only_private,
        }
    }

    /// Adds (or replaces) a property in the store of `kind`.
    pub fn with(mut self, kind: PropertyKind, name: &str, value: OwnedValue) -> Self {
        self.set(kind, name, value);
        self
    }

    /// Sets a property in the store of `kind`, replacing a property of the
    /// same name (case-insensitive). Names with NUL are ignored.
    pub fn set(&mut self, kind: PropertyKind, name: &str, value: OwnedValue) {
        let store = self.store_mut(kind);
        match store.find_mut(name) {
            Some(p) => p.values = vec![value],
            None => {
                let _ = store.push(name, value);
            }
        }
    }

    /// A read-only store taken from an encoded list (for example one that
    /// Windows returned), kept byte for byte: the list's trailing end mark
    /// and non-canonical values survive re-encoding.
    pub fn with_read_only_common_bytes(mut self, bytes: &[u8]) -> Result<Self, ConfigError> {
        let list = clusprop::PropertyList::parse(bytes)
            .map_err(|e| ConfigError::new(0, format!("read-only common properties: {e}")))?;
        self.read_only_common = list.to_owned_list();
        Ok(self)
    }
}

/// One node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeConfig {
    /// Its name (what `OpenClusterNode` is given; case-insensitive).
    pub name: String,
    /// Its properties.
    pub properties: PropertyStores,
}

impl NodeConfig {
    /// A node with no properties.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            properties: PropertyStores::default(),
        }
    }

    /// Sets its properties.
    pub fn properties(mut self, properties: PropertyStores) -> Self {
        self.properties = properties;
        self
    }
}

/// Which access a simulated caller may be granted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CallerAccess {
    /// Full access ("All"): the default.
    #[default]
    All,
    /// Read access only: asking for full access is `ERROR_ACCESS_DENIED`,
    /// `MAXIMUM_ALLOWED` and the plain `Open*` calls grant read.
    Read,
}

/// One resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceConfig {
    /// Its name.
    pub name: String,
    /// Its type name, e.g. `"Virtual Machine"` or `"Physical Disk"`.
    pub resource_type: String,
    /// Its state at start.
    pub state: ResourceState,
    /// "Locked" in its current state: an offline without
    /// `CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS` is refused.
    pub locked: bool,
    /// How long each transition (offline or online) takes.
    pub delay: Duration,
    /// Fail (state `Failed`) instead of going offline.
    pub fail_offline: bool,
    /// Fail (state `Failed`) instead of coming online.
    pub fail_online: bool,
    /// For a VM: its `OfflineAction` private property, used when the offline
    /// buffer has no instruction for it. It is also in the private store
    /// (as a DWORD), where a `SET` can change it.
    pub offline_action: VmAction,
    /// Its properties (the simulator adds `Type` to the read-only common
    /// store and, for a VM, `OfflineAction` to the private store, unless they
    /// are there).
    pub properties: PropertyStores,
}

impl ResourceConfig {
    /// An online, unlocked resource of `resource_type` with no delay.
    pub fn new(name: &str, resource_type: &str) -> Self {
        Self {
            name: name.to_owned(),
            resource_type: resource_type.to_owned(),
            state: ResourceState::Online,
            locked: false,
            delay: Duration::ZERO,
            fail_offline: false,
            fail_online: false,
            offline_action: VmAction::Save,
            properties: PropertyStores::default(),
        }
    }

    /// A `"Virtual Machine"` resource.
    pub fn virtual_machine(name: &str) -> Self {
        Self::new(name, VIRTUAL_MACHINE)
    }

    /// Sets the state at start.
    pub fn state(mut self, state: ResourceState) -> Self {
        self.state = state;
        self
    }

    /// Locks the resource in its state.
    pub fn locked(mut self) -> Self {
        self.locked = true;
        self
    }

    /// Sets the delay of each transition.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Makes the resource fail while going offline.
    pub fn fail_offline(mut self) -> Self {
        self.fail_offline = true;
        self
    }

    /// Makes the resource fail while coming online.
    pub fn fail_online(mut self) -> Self {
        self.fail_online = true;
        self
    }

    /// Sets a VM's `OfflineAction`.
    pub fn offline_action(mut self, action: VmAction) -> Self {
        self.offline_action = action;
        self
    }

    /// Sets its properties.
    pub fn properties(mut self, properties: PropertyStores) -> Self {
        self.properties = properties;
        self
    }
}

/// One group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupConfig {
    /// Its name.
    pub name: String,
    /// Its resources.
    pub resources: Vec<ResourceConfig>,
    /// Failure injection: `GetClusterGroupState` fails with this code (not
    /// 0, which the cluster refuses when it starts).
    pub state_query_error: Option<u32>,
    /// The node that owns it at start (`None`: the cluster's first node).
    pub owner: Option<String>,
    /// Its properties.
    pub properties: PropertyStores,
}

impl GroupConfig {
    /// An empty group.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            resources: Vec::new(),
            state_query_error: None,
            owner: None,
            properties: PropertyStores::default(),
        }
    }

    /// Sets the node that owns it at start.
    pub fn owner(mut self, node: &str) -> Self {
        self.owner = Some(node.to_owned());
        self
    }

    /// Sets its properties.
    pub fn properties(mut self, properties: PropertyStores) -> Self {
        self.properties = properties;
        self
    }

    /// Adds a resource.
    pub fn resource(mut self, resource: ResourceConfig) -> Self {
        self.resources.push(resource);
        self
    }

    /// Makes `GetClusterGroupState` fail with `code` (not 0: a failed
    /// query always has an error code; the cluster refuses to start with 0).
    pub fn state_query_error(mut self, code: u32) -> Self {
        self.state_query_error = Some(code);
        self
    }
}

/// One simulated cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterConfig {
    /// Its name (what `OpenCluster` is given; case-insensitive, unique among
    /// the clusters alive in the process).
    pub name: String,
    /// Whether `OpenCluster(NULL)` opens this cluster (at most one at a time).
    pub local: bool,
    /// Its nodes; the first owns every group that names no owner. A cluster
    /// has at least one node (an empty list gets `NODE1`).
    pub nodes: Vec<NodeConfig>,
    /// What the simulated caller may be granted.
    pub caller_access: CallerAccess,
    /// Its groups.
    pub groups: Vec<GroupConfig>,
    /// The cluster's own properties.
    pub properties: PropertyStores,
    /// Its networks.
    pub networks: Vec<NetworkConfig>,
    /// Its network interfaces (each joins a node to a network).
    pub net_interfaces: Vec<NetInterfaceConfig>,
    /// Resource types declared beyond those its resources use (enumerations
    /// list the types of the resources first, in the order they appear,
    /// then these).
    pub resource_types: Vec<String>,
}

/// A cluster network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkConfig {
    /// Its name (unique among the cluster's networks).
    pub name: String,
    /// Its properties (the simulator adds the read-only common `Name`).
    pub properties: PropertyStores,
}

impl NetworkConfig {
    /// A network with no properties of its own.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            properties: PropertyStores::default(),
        }
    }
}

/// A network interface: a node's adapter on a network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetInterfaceConfig {
    /// Its name (unique among the cluster's interfaces).
    pub name: String,
    /// The node it belongs to.
    pub node: String,
    /// The network it is on.
    pub network: String,
    /// Its properties (the simulator adds the read-only common `Name`,
    /// `Node` and `Network`).
    pub properties: PropertyStores,
}

impl NetInterfaceConfig {
    /// An interface of `node` on `network`, with no properties of its own.
    pub fn new(name: &str, node: &str, network: &str) -> Self {
        Self {
            name: name.to_owned(),
            node: node.to_owned(),
            network: network.to_owned(),
            properties: PropertyStores::default(),
        }
    }
}

/// The name of the demo cluster's network (each demo node has an interface
/// `"<node> - Ethernet"` on it).
pub const DEMO_NETWORK: &str = "Cluster Network 1";
/// The name of the demo cluster.
pub const DEMO_CLUSTER: &str = "DemoCluster";
/// The name of the demo group.
pub const DEMO_GROUP: &str = "DemoGroup";
/// The name of the demo VM resource.
pub const DEMO_VM: &str = "DemoVM";
/// The name of the demo disk resource.
pub const DEMO_DISK: &str = "Cluster Disk 1";

/// The node a cluster has when it is given none (and the first node of
/// [`ClusterConfig::new`]).
pub(crate) const DEFAULT_NODE: &str = "NODE1";

/// The names of the demo nodes.
pub const DEMO_NODES: [&str; 2] = ["NODE1", "NODE2"];

/// What Windows Server 2012 R2 returned for
/// `CLUSCTL_CLUSTER_GET_RO_COMMON_PROPERTIES` (vector W1, from Samba's NDR
/// test data; see `sim/data/README.md`).
pub const W1_CLUSTER_RO_COMMON: &[u8] = include_bytes!("../data/W1.bin");

/// What Windows Server 2012 R2 returned for a node's read-only common
/// properties (vector W2, node `node1`; see `sim/data/README.md`).
pub const W2_NODE_RO_COMMON: &[u8] = include_bytes!("../data/W2.bin");

impl ClusterConfig {
    /// An empty cluster with one node, `NODE1`.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            local: false,
            nodes: vec![NodeConfig::new(DEFAULT_NODE)],
            caller_access: CallerAccess::All,
            groups: Vec::new(),
            properties: PropertyStores::default(),
            networks: Vec::new(),
            net_interfaces: Vec::new(),
            resource_types: Vec::new(),
        }
    }

    /// The built-in demo: cluster `DemoCluster` (local) with nodes `NODE1`
    /// and `NODE2`, and group `DemoGroup` (owned by `NODE1`) holding an
    /// online `"Virtual Machine"` resource `DemoVM` and an online
    /// `"Physical Disk"` resource `Cluster Disk 1`, each taking 20 ms per
    /// transition. The cluster's read-only common properties are Windows'
    /// own reply [`W1_CLUSTER_RO_COMMON`] and `NODE1`'s are
    /// [`W2_NODE_RO_COMMON`]; `NODE2` has W2 with its own `NodeName`; the
    /// group and resources have the usual common properties and a few
    /// private ones.
    pub fn demo() -> Self {
        use PropertyKind::{Common, Private, ReadOnlyCommon};
        let delay = Duration::from_millis(20);
        let dword = OwnedValue::dword;
        let sz = |s: &str| OwnedValue::sz(s).unwrap_or_else(|_| OwnedValue::dword(0));
        // The captures decode (a test checks it); an empty store stands in
        // should that ever change, rather than a panic.
        let from_bytes = |bytes: &[u8]| {
            PropertyStores::default()
                .with_read_only_common_bytes(bytes)
                .unwrap_or_default()
        };
        let cluster = from_bytes(W1_CLUSTER_RO_COMMON)
            .with(Common, "Description", sz("clusprop-sim demo cluster"))
            .with(Common, "QuorumArbitrationTimeMax", dword(20));
        let node1 = from_bytes(W2_NODE_RO_COMMON).with(Common, "Description", sz(""));
        let node2 = from_bytes(W2_NODE_RO_COMMON)
            .with(ReadOnlyCommon, "NodeName", sz("node2"))
            .with(Common, "Description", sz(""));
        let group = PropertyStores::default()
            .with(Common, "Description", sz("a virtual machine and its disk"))
            .with(Common, "PersistentState", dword(1))
            .with(Common, "FailoverThreshold", dword(u32::MAX))
            .with(Common, "FailoverPeriod", dword(6))
            .with(Common, "AutoFailbackType", dword(0))
            .with(Common, "Priority", dword(2000))
            .with(ReadOnlyCommon, "GroupType", dword(111));
        let resource_common = |description: &str| {
            PropertyStores::default()
                .with(Common, "Description", sz(description))
                .with(Common, "RestartAction", dword(2))
                .with(Common, "RestartThreshold", dword(1))
                .with(Common, "RestartPeriod", dword(900_000))
                .with(Common, "PendingTimeout", dword(180_000))
        };
        let vm = resource_common("the demo VM").with(
            Private,
            "VmID",
            sz("5e3f2b1a-0c4d-4e8f-9a7b-6c5d4e3f2a1b"),
        );
        let disk = resource_common("")
            .with(Private, "DiskIdType", dword(0))
            .with(Private, "DiskSignature", dword(0x1A2B_3C4D));
        let mut demo = Self::new(DEMO_CLUSTER).local().group(
            GroupConfig::new(DEMO_GROUP)
                .properties(group)
                .resource(
                    ResourceConfig::virtual_machine(DEMO_VM)
                        .delay(delay)
                        .properties(vm),
                )
                .resource(
                    ResourceConfig::new(DEMO_DISK, "Physical Disk")
                        .delay(delay)
                        .properties(disk),
                ),
        );
        demo.nodes = vec![
            NodeConfig::new(DEMO_NODES[0]).properties(node1),
            NodeConfig::new(DEMO_NODES[1]).properties(node2),
        ];
        demo.properties = cluster;
        demo.networks = vec![NetworkConfig::new(DEMO_NETWORK)];
        demo.net_interfaces = DEMO_NODES
            .iter()
            .map(|node| NetInterfaceConfig::new(&format!("{node} - Ethernet"), node, DEMO_NETWORK))
            .collect();
        demo
    }

    /// Renames the cluster (and makes it non-local), e.g. to run the demo in
    /// parallel tests.
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_owned();
        self.local = false;
        self
    }

    /// Makes it the local cluster.
    pub fn local(mut self) -> Self {
        self.local = true;
        self
    }

    /// Adds a network.
    pub fn network(mut self, network: NetworkConfig) -> Self {
        self.networks.push(network);
        self
    }

    /// Adds a network interface.
    pub fn net_interface(mut self, interface: NetInterfaceConfig) -> Self {
        self.net_interfaces.push(interface);
        self
    }

    /// Declares a resource type (besides those its resources use).
    pub fn resource_type(mut self, name: &str) -> Self {
        self.resource_types.push(name.to_owned());
        self
    }

    /// Adds a group.
    pub fn group(mut self, group: GroupConfig) -> Self {
        self.groups.push(group);
        self
    }

    /// Sets what the caller may be granted.
    pub fn caller_access(mut self, access: CallerAccess) -> Self {
        self.caller_access = access;
        self
    }

    /// Reads exactly one cluster from the text format (module docs): a
    /// second `cluster` line is an error at its name.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let (mut all, declared) = Self::parse_declared(text)?;
        if let Some(second) = declared.get(1) {
            return Err(second.cluster.error(format!(
                "a second cluster: this text describes one ({} clusters in all)",
                all.len()
            )));
        }
        all.pop().ok_or_else(|| {
            ConfigError::new(
                0,
                "no cluster: the text needs a `cluster NAME` line".to_owned(),
            )
        })
    }

    /// Reads every cluster in the text format (module docs).
    ///
    /// Besides the syntax, each cluster is held to what starting it checks
    /// (names unique, not empty and without NUL, owners and an interface's
    /// node and network declared), and the clusters of one text to the
    /// registry's rules among themselves (distinct names, at most one
    /// `local`): an error names the line, and the column of the token, that
    /// declared the object at fault.
    pub fn parse_all(text: &str) -> Result<Vec<Self>, ConfigError> {
        Self::parse_declared(text).map(|(clusters, _)| clusters)
    }

    /// [`Self::parse_all`], with where each cluster and its objects were
    /// declared.
    fn parse_declared(text: &str) -> Result<(Vec<Self>, Vec<Declared>), ConfigError> {
        // A byte order mark (as some Windows editors write) is not text.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut parser = Parser::default();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let tokens =
                tokenize(line).map_err(|(column, m)| ConfigError::at(number, column, m))?;
            if let Some(line) = Line::split(number, &tokens)? {
                parser.line(&line)?;
            }
        }
        let (clusters, declared) = parser.finish();
        let mut names = HashSet::with_capacity(clusters.len());
        let mut local = false;
        for (cluster, at) in clusters.iter().zip(&declared) {
            check(cluster).map_err(|e| {
                let position = at.position_of(e.object);
                let mut message = e.message;
                if at.demo == Some(position) {
                    message.push_str(" (an object that `demo` adds)");
                }
                position.error(message)
            })?;
            if !names.insert(cluster_key(&cluster.name)) {
                return Err(at
                    .cluster
                    .error(format!("a second cluster named {}", Shown(&cluster.name))));
            }
            if cluster.local && std::mem::replace(&mut local, true) {
                return Err(at.cluster.error("a second local cluster".to_owned()));
            }
        }
        Ok((clusters, declared))
    }
}

/// The object the last line declared (property lines attach to it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Object {
    Cluster,
    Node,
    Group,
    Resource,
    Network,
    NetInterface,
}

/// The keywords that start a line, as a message lists them.
const KEYWORDS: &str = "cluster, node, group, resource, network, netinterface, restype, \
                        common, ro-common, private or ro-private";

/// Where a token stands: its 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Position {
    line: usize,
    column: usize,
}

impl Position {
    /// An error at this position.
    fn error(self, message: String) -> ConfigError {
        ConfigError::at(self.line, self.column, message)
    }
}

/// One line of the text format with at least a keyword: the keyword, the
/// name after it and the options after the name.
struct Line<'a> {
    /// 1-based, for errors.
    number: usize,
    keyword: &'a Token,
    /// The token that holds the name (for its column).
    name_token: &'a Token,
    name: &'a str,
    options: &'a [Token],
}

impl<'a> Line<'a> {
    /// Splits a line's tokens (`None` for a line without any); the keyword
    /// must be one of [`KEYWORDS`] and be followed by a name that is not a
    /// `key=value`.
    fn split(number: usize, tokens: &'a [Token]) -> Result<Option<Self>, ConfigError> {
        let Some((keyword, rest)) = tokens.split_first() else {
            return Ok(None);
        };
        let at = |token: &Token, message| ConfigError::at(number, token.column, message);
        let known = keyword.key.is_none()
            && matches!(
                keyword.value.as_str(),
                "cluster"
                    | "node"
                    | "group"
                    | "resource"
                    | "network"
                    | "netinterface"
                    | "restype"
                    | "common"
                    | "ro-common"
                    | "private"
                    | "ro-private"
            );
        if !known {
            return Err(at(
                keyword,
                format!("unknown item {} (expected {KEYWORDS})", keyword.shown()),
            ));
        }
        let Some((name, options)) = rest.split_first() else {
            return Err(at(keyword, format!("`{keyword}` needs a name")));
        };
        if name.key.is_some() {
            let message = if keyword.value.ends_with("common") || keyword.value.ends_with("private")
            {
                format!(
                    "`{keyword}` needs \"NAME=TYPE:VALUE\" in quotes, found {}",
                    name.shown()
                )
            } else {
                format!("`{keyword}` needs a name first, found {}", name.shown())
            };
            return Err(at(name, message));
        }
        Ok(Some(Self {
            number,
            keyword,
            name_token: name,
            name: &name.value,
            options,
        }))
    }

    /// Where `token` stands.
    fn position(&self, token: &Token) -> Position {
        Position {
            line: self.number,
            column: token.column,
        }
    }

    /// An error about the line as a whole (at its keyword).
    fn error(&self, message: String) -> ConfigError {
        self.position(self.keyword).error(message)
    }

    /// An error at `token`.
    fn error_at(&self, token: &Token, message: String) -> ConfigError {
        self.position(token).error(message)
    }

    /// For keywords that take no options: an error naming the first one.
    fn no_options(&self) -> Result<(), ConfigError> {
        match self.options.first() {
            Some(o) => Err(self.error_at(
                o,
                format!(
                    "unknown {} option {}: `{}` takes only a name",
                    self.keyword,
                    o.shown(),
                    self.keyword
                ),
            )),
            None => Ok(()),
        }
    }

    /// An error for an option the keyword does not take; `expected` lists
    /// those it takes.
    fn unknown_option(&self, option: &Token, expected: &str) -> ConfigError {
        self.error_at(
            option,
            format!(
                "unknown {} option {} (expected {expected})",
                self.keyword,
                option.shown()
            ),
        )
    }

    /// Notes `option` in `seen`; an error if an option of its name (the key,
    /// or the word of a flag) came before on this line. `seen` holds at most
    /// one entry per option the keyword takes, as an unknown one ends the
    /// line.
    fn once(&self, seen: &mut Vec<(&'a str, usize)>, option: &'a Token) -> Result<(), ConfigError> {
        let name = option.key.as_deref().unwrap_or(&option.value);
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
            return Err(self.error_at(
                option,
                format!("{} given twice (first at column {first})", Shown(name)),
            ));
        }
        seen.push((name, option.column));
        Ok(())
    }

    /// A number option's value, or an error at the option.
    fn number(&self, option: &Token) -> Result<u32, ConfigError> {
        let name = option.key.as_deref().unwrap_or_default();
        parse_number(&option.value).map_err(|m| self.error_at(option, format!("{name}: {m}")))
    }
}

/// Where a cluster and its objects were declared: the name of each on its
/// line (for the objects of `demo`, the `demo` option; for a cluster's
/// first node, its `node=` option or the cluster's name).
#[derive(Default)]
struct Declared {
    cluster: Position,
    /// The `demo` option, if any.
    demo: Option<Position>,
    nodes: Vec<Position>,
    groups: Vec<Position>,
    networks: Vec<Position>,
    net_interfaces: Vec<Position>,
    resource_types: Vec<Position>,
    /// The resources, counting through the groups in order.
    resources: Vec<Position>,
}

impl Declared {
    /// A cluster declared at `at` whose objects so far were all added by
    /// the `demo` option at `demo`, or declared at `at`.
    fn by_cluster_line(at: Position, demo: Option<Position>, cluster: &ClusterConfig) -> Self {
        let objects = demo.unwrap_or(at);
        Declared {
            cluster: at,
            demo,
            nodes: vec![objects; cluster.nodes.len()],
            groups: vec![objects; cluster.groups.len()],
            networks: vec![objects; cluster.networks.len()],
            net_interfaces: vec![objects; cluster.net_interfaces.len()],
            resource_types: vec![objects; cluster.resource_types.len()],
            resources: vec![objects; cluster.groups.iter().map(|g| g.resources.len()).sum()],
        }
    }

    /// Where `object` was declared.
    fn position_of(&self, object: ObjectRef) -> Position {
        let at = |list: &[Position], i: usize| list.get(i).copied().unwrap_or(self.cluster);
        match object {
            ObjectRef::Cluster => self.cluster,
            ObjectRef::Node(i) => at(&self.nodes, i),
            ObjectRef::Group(i) => at(&self.groups, i),
            ObjectRef::Network(i) => at(&self.networks, i),
            ObjectRef::NetInterface(i) => at(&self.net_interfaces, i),
            ObjectRef::ResourceType(i) => at(&self.resource_types, i),
            ObjectRef::Resource(i) => at(&self.resources, i),
        }
    }
}

/// One pass over a configuration text: one function per keyword, each
/// adding to the clusters read so far.
#[derive(Default)]
struct Parser {
    /// The clusters read so far; object lines add to the last.
    clusters: Vec<ClusterConfig>,
    /// Where each cluster's objects were declared, cluster by cluster.
    declared: Vec<Declared>,
    /// The object property lines attach to.
    last: Option<Object>,
    /// The property lines of the object `last` names, set together when
    /// the next object starts (one pass over its stores, not one per line).
    pending: Vec<(PropertyKind, String, OwnedValue)>,
}

impl Parser {
    /// Reads one line: dispatches on its keyword.
    fn line(&mut self, line: &Line<'_>) -> Result<(), ConfigError> {
        match line.keyword.value.as_str() {
            "cluster" => self.object(line, Self::parse_cluster),
            "node" => self.object(line, Self::parse_node),
            "group" => self.object(line, Self::parse_group),
            "resource" => self.object(line, Self::parse_resource),
            "network" => self.object(line, Self::parse_network),
            "netinterface" => self.object(line, Self::parse_net_interface),
            "restype" => self.object(line, Self::parse_resource_type),
            "common" => self.parse_property(line, PropertyKind::Common),
            "ro-common" => self.parse_property(line, PropertyKind::ReadOnlyCommon),
            "private" => self.parse_property(line, PropertyKind::Private),
            "ro-private" => self.parse_property(line, PropertyKind::ReadOnlyPrivate),
            _ => Err(line.error(format!(
                "unknown item {} (expected {KEYWORDS})",
                line.keyword.shown()
            ))),
        }
    }

    /// A line that declares an object: the property lines read so far go to
    /// the object before it, then `parse` adds the new one and says what
    /// property lines attach to from now on.
    fn object(
        &mut self,
        line: &Line<'_>,
        parse: fn(&mut Self, &Line<'_>) -> Result<Option<Object>, ConfigError>,
    ) -> Result<(), ConfigError> {
        self.flush();
        self.last = parse(self, line)?;
        Ok(())
    }

    /// The cluster object lines add to: the last one read.
    fn cluster(&mut self, line: &Line<'_>) -> Result<&mut ClusterConfig, ConfigError> {
        self.clusters
            .last_mut()
            .ok_or_else(|| line.error(format!("`{}` before any `cluster`", line.keyword)))
    }

    /// `cluster NAME [demo] [local] [node=NAME] [caller-access=all|read]`.
    fn parse_cluster(&mut self, line: &Line<'_>) -> Result<Option<Object>, ConfigError> {
        const EXPECTED: &str = "demo, local, node=NAME or caller-access=all|read";
        // `demo` starts from the built-in demo under this name.
        let demo = line
            .options
            .iter()
            .find(|o| o.key.is_none() && o.value == "demo");
        let mut cluster = if demo.is_some() {
            ClusterConfig::demo().named(line.name)
        } else {
            ClusterConfig::new(line.name)
        };
        let at = line.position(line.name_token);
        let mut declared = Declared::by_cluster_line(at, demo.map(|o| line.position(o)), &cluster);
        let mut seen = Vec::new();
        for o in line.options {
            line.once(&mut seen, o)?;
            match (o.key.as_deref(), o.value.as_str()) {
                (None, "demo") => {}
                (None, "local") => cluster.local = true,
                (Some("node"), v) => {
                    if let Some(first) = cluster.nodes.first_mut() {
                        first.name = v.to_owned();
                    }
                    if let Some(first) = declared.nodes.first_mut() {
                        *first = line.position(o);
                    }
                }
                (Some("caller-access"), "all") => cluster.caller_access = CallerAccess::All,
                (Some("caller-access"), "read") => cluster.caller_access = CallerAccess::Read,
                _ => return Err(line.unknown_option(o, EXPECTED)),
            }
        }
        self.declared.push(declared);
        self.clusters.push(cluster);
        Ok(Some(Object::Cluster))
    }

    /// `node NAME`.
    fn parse_node(&mut self, line: &Line<'_>) -> Result<Option<Object>, ConfigError> {
        let cluster = self.cluster(line)?;
        line.no_options()?;
        cluster.nodes.push(NodeConfig::new(line.name));
        self.declared_here(|d| &mut d.nodes, line);
        Ok(Some(Object::Node))
    }

    /// `group NAME [owner=NODE] [state-query-error=CODE]`.
    fn parse_group(&mut self, line: &Line<'_>) -> Result<Option<Object>, ConfigError> {
        const EXPECTED: &str = "owner=NODE or state-query-error=CODE";
        let cluster = self.cluster(line)?;
        let mut group = GroupConfig::new(line.name);
        let mut seen = Vec::new();
        for o in line.options {
            line.once(&mut seen, o)?;
            match (o.key.as_deref(), o.value.as_str()) {
                (Some("state-query-error"), _) => group.state_query_error = Some(line.number(o)?),
                (Some("owner"), v) => group.owner = Some(v.to_owned()),
                _ => return Err(line.unknown_option(o, EXPECTED)),
            }
        }
        cluster.groups.push(group);
        self.declared_here(|d| &mut d.groups, line);
        Ok(Some(Object::Group))
    }

    /// `resource NAME type=TYPE [state=online|offline|failed] [locked]
    /// [delay-ms=N] [fail-offline] [fail-online] [offline-action=0..3]`.
    fn parse_resource(&mut self, line: &Line<'_>) -> Result<Option<Object>, ConfigError> {
        const EXPECTED: &str = "type=TYPE, state=online|offline|failed, locked, delay-ms=N, \
                                fail-offline, fail-online or offline-action=0..3";
        let group = self
            .clusters
            .last_mut()
            .and_then(|c| c.groups.last_mut())
            .ok_or_else(|| line.error("`resource` before any `group`".to_owned()))?;
        let mut resource = ResourceConfig::new(line.name, "");
        let mut seen = Vec::new();
        for o in line.options {
            line.once(&mut seen, o)?;
            match (o.key.as_deref(), o.value.as_str()) {
                (Some("type"), "") => {
                    return Err(line.error_at(o, "`type=` needs a resource type".to_owned()));
                }
                (Some("type"), v) => resource.resource_type = v.to_owned(),
                (Some("state"), "online") => resource.state = ResourceState::Online,
                (Some("state"), "offline") => resource.state = ResourceState::Offline,
                (Some("state"), "failed") => resource.state = ResourceState::Failed,
                (None, "locked") => resource.locked = true,
                (None, "fail-offline") => resource.fail_offline = true,
                (None, "fail-online") => resource.fail_online = true,
                (Some("delay-ms"), _) => {
                    resource.delay = Duration::from_millis(line.number(o)?.into());
                }
                (Some("offline-action"), _) => {
                    let n = line.number(o)?;
                    resource.offline_action = VmAction::from_value(n).ok_or_else(|| {
                        line.error_at(
                            o,
                            format!(
                                "offline-action {n} is not 0..3 (0 turn off, 1 save, \
                                 2 shut down, 3 force shutdown)"
                            ),
                        )
                    })?;
                }
                _ => return Err(line.unknown_option(o, EXPECTED)),
            }
        }
        if resource.resource_type.is_empty() {
            return Err(line.error(format!(
                "resource {} needs type=TYPE",
                Shown(&resource.name)
            )));
        }
        group.resources.push(resource);
        self.declared_here(|d| &mut d.resources, line);
        Ok(Some(Object::Resource))
    }

    /// `network NAME`.
    fn parse_network(&mut self, line: &Line<'_>) -> Result<Option<Object>, ConfigError> {
        let cluster = self.cluster(line)?;
        line.no_options()?;
        cluster.networks.push(NetworkConfig::new(line.name));
        self.declared_here(|d| &mut d.networks, line);
        Ok(Some(Object::Network))
    }

    /// `netinterface NAME node=NODE network=NETWORK`.
    fn parse_net_interface(&mut self, line: &Line<'_>) -> Result<Option<Object>, ConfigError> {
        const EXPECTED: &str = "node=NODE and network=NETWORK";
        let cluster = self.cluster(line)?;
        let (mut node, mut network) = (None, None);
        let mut seen = Vec::new();
        for o in line.options {
            line.once(&mut seen, o)?;
            match (o.key.as_deref(), o.value.as_str()) {
                (Some("node"), v) => node = Some(v.to_owned()),
                (Some("network"), v) => network = Some(v.to_owned()),
                _ => return Err(line.unknown_option(o, EXPECTED)),
            }
        }
        let (Some(node), Some(network)) = (node, network) else {
            return Err(line.error(format!(
                "netinterface {} needs node=NODE and network=NETWORK",
                Shown(line.name)
            )));
        };
        cluster
            .net_interfaces
            .push(NetInterfaceConfig::new(line.name, &node, &network));
        self.declared_here(|d| &mut d.net_interfaces, line);
        Ok(Some(Object::NetInterface))
    }

    /// `restype NAME`: a resource type, which takes no property lines.
    fn parse_resource_type(&mut self, line: &Line<'_>) -> Result<Option<Object>, ConfigError> {
        let cluster = self.cluster(line)?;
        line.no_options()?;
        cluster.resource_types.push(line.name.to_owned());
        self.declared_here(|d| &mut d.resource_types, line);
        Ok(None)
    }

    /// `common`, `ro-common`, `private` or `ro-private` `"NAME=TYPE:VALUE"`:
    /// a property of the object `last` names, in the store `kind`, set when
    /// the next object starts.
    fn parse_property(&mut self, line: &Line<'_>, kind: PropertyKind) -> Result<(), ConfigError> {
        let keyword = line.keyword;
        let token = line.name_token;
        if let Some(o) = line.options.first() {
            return Err(line.error_at(
                o,
                format!(
                    "unexpected {} after the property (quote the whole \"NAME=TYPE:VALUE\")",
                    o.shown()
                ),
            ));
        }
        let (prop, typed) = line.name.split_once('=').ok_or_else(|| {
            line.error_at(
                token,
                format!(
                    "`{keyword}` needs \"NAME=TYPE:VALUE\", found {}",
                    token.shown()
                ),
            )
        })?;
        if prop.is_empty() {
            return Err(line.error_at(
                token,
                format!("`{keyword}`: the property name before `=` is empty"),
            ));
        }
        if prop.contains('\0') {
            return Err(line.error_at(
                token,
                format!("`{keyword}`: the property name {} holds NUL", Shown(prop)),
            ));
        }
        let value = OwnedValue::parse_typed(typed).map_err(|e| {
            // The column where TYPE:VALUE starts: after the quote, the
            // name and the `=`.
            let column = token.column + usize::from(token.quoted) + prop.chars().count() + 1;
            ConfigError::at(line.number, column, format!("{}: {e}", Shown(prop)))
        })?;
        if self.stores().is_none() {
            let why = if self.clusters.is_empty() {
                "a property line follows the cluster, node, group, resource, network or \
                 netinterface line it belongs to"
            } else {
                "the line above is a `restype`, which takes no properties"
            };
            return Err(line.error(format!("`{keyword}` before any object ({why})")));
        }
        self.pending.push((kind, prop.to_owned(), value));
        Ok(())
    }

    /// The property stores of the object `last` names.
    fn stores(&mut self) -> Option<&mut PropertyStores> {
        let c = self.clusters.last_mut()?;
        match self.last? {
            Object::Cluster => Some(&mut c.properties),
            Object::Node => c.nodes.last_mut().map(|n| &mut n.properties),
            Object::Group => c.groups.last_mut().map(|g| &mut g.properties),
            Object::Resource => c
                .groups
                .last_mut()
                .and_then(|g| g.resources.last_mut())
                .map(|r| &mut r.properties),
            Object::Network => c.networks.last_mut().map(|n| &mut n.properties),
            Object::NetInterface => c.net_interfaces.last_mut().map(|n| &mut n.properties),
        }
    }

    /// Sets the property lines read for the object `last` names, in order,
    /// as [`PropertyStores::set`] one by one would, in time linear in their
    /// number.
    fn flush(&mut self) {
        let lines = std::mem::take(&mut self.pending);
        let Some(stores) = self.stores() else {
            return;
        };
        for kind in [
            PropertyKind::Common,
            PropertyKind::ReadOnlyCommon,
            PropertyKind::Private,
            PropertyKind::ReadOnlyPrivate,
        ] {
            let of_kind = lines
                .iter()
                .filter(|(k, _, _)| *k == kind)
                .map(|(_, name, value)| (name.as_str(), Some(value.clone())));
            crate::names::apply_all(stores.store_mut(kind), of_kind);
        }
    }

    /// Notes that `line` declared the object just added to the list
    /// `list` picks of the last cluster.
    fn declared_here(&mut self, list: fn(&mut Declared) -> &mut Vec<Position>, line: &Line<'_>) {
        if let Some(declared) = self.declared.last_mut() {
            list(declared).push(line.position(line.name_token));
        }
    }

    /// The clusters read, their last property lines set, and where their
    /// objects were declared.
    fn finish(mut self) -> (Vec<ClusterConfig>, Vec<Declared>) {
        self.flush();
        (self.clusters, self.declared)
    }
}

/// A configuration problem: where it is (its 1-based line and column, 0
/// when it is about the whole text or the whole line) and what is wrong.
///
/// Its `Display` (`line 3, column 27: ...`) escapes control characters,
/// bidirectional controls and other invisible characters, so that text
/// quoted from a configuration cannot act on a terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigError {
    /// The 1-based line, or 0 for the text as a whole (or a configuration
    /// built with the API).
    pub line: usize,
    /// The 1-based column, counted in characters (a tab counts one), of the
    /// token at fault; 0 when the error is about its line as a whole or
    /// `line` is 0.
    pub column: usize,
    /// What is wrong (tokens quoted from the text are escaped and cut
    /// short; other text as it is).
    pub message: String,
}

impl ConfigError {
    /// An error about a whole line (or with `line` 0, the whole text).
    pub(crate) fn new(line: usize, message: String) -> Self {
        Self {
            line,
            column: 0,
            message,
        }
    }

    /// An error at a column of a line.
    pub(crate) fn at(line: usize, column: usize, message: String) -> Self {
        Self {
            line,
            column,
            message,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = clusprop::escaped(&self.message);
        match (self.line, self.column) {
            (0, _) => write!(f, "{message}"),
            (line, 0) => write!(f, "line {line}: {message}"),
            (line, column) => write!(f, "line {line}, column {column}: {message}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// One token of a line: a word, a `"quoted value"`, or a `key=value`.
struct Token {
    key: Option<String>,
    value: String,
    /// The 1-based column (in characters) where it starts.
    column: usize,
    /// Whether the value was quoted.
    quoted: bool,
}

impl Token {
    /// The token as an error quotes it ([`Shown`]).
    fn shown(&self) -> String {
        Shown(&self.to_string()).to_string()
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(k) => write!(f, "{k}={}", self.value),
            None => f.write_str(&self.value),
        }
    }
}

/// What a number option takes, as its errors say.
const NUMBER_FORM: &str = "decimal digits, or 0x and hex digits, without a sign";

/// A number: decimal digits, or `0x` and hex digits (no sign, which Rust's
/// parsers would take, nor any other character), at most `u32::MAX`.
fn parse_number(text: &str) -> Result<u32, String> {
    let (digits, radix) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => (hex, 16),
        None => (text, 10),
    };
    if text.is_empty() {
        return Err(format!("the number is missing (expected {NUMBER_FORM})"));
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(format!(
            "{} is not a number (expected {NUMBER_FORM})",
            Shown(text)
        ));
    }
    u32::from_str_radix(digits, radix).map_err(|_| {
        format!(
            "{} is out of range (at most {} = {:#X})",
            Shown(text),
            u32::MAX,
            u32::MAX
        )
    })
}

/// Reads a line's characters, counting columns.
struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    /// The 1-based column of the next character.
    column: usize,
}

impl Cursor<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        self.column += 1;
        Some(c)
    }

    fn next_if(&mut self, accept: impl Fn(char) -> bool) -> Option<char> {
        let c = self.chars.next_if(|&c| accept(c))?;
        self.column += 1;
        Some(c)
    }
}

/// Splits a line into `word`, `"quoted words"`, `key=value` and
/// `key="quoted value"` tokens. Outside quotes, `#` starts a comment that
/// runs to the end of the line; inside them it is text. A quoted value runs
/// to the next `"` (there are no escapes) and must be followed by
/// whitespace, a comment or the end of the line. An error carries the
/// column of the character at fault.
fn tokenize(line: &str) -> Result<Vec<Token>, (usize, String)> {
    let mut tokens = Vec::new();
    let mut cursor = Cursor {
        chars: line.chars().peekable(),
        column: 1,
    };
    loop {
        while cursor.next_if(char::is_whitespace).is_some() {}
        let column = cursor.column;
        let first = match cursor.peek() {
            None | Some('#') => return Ok(tokens),
            Some(c) => c,
        };
        let mut key = None;
        let mut value = String::new();
        if first != '"' {
            while let Some(c) =
                cursor.next_if(|c| !c.is_whitespace() && c != '=' && c != '"' && c != '#')
            {
                value.push(c);
            }
            if cursor.next_if(|c| c == '=').is_some() {
                key = Some(std::mem::take(&mut value));
            } else {
                if cursor.peek() == Some('"') {
                    return Err((
                        cursor.column,
                        format!("unexpected quote after {}", Shown(&value)),
                    ));
                }
                tokens.push(Token {
                    key,
                    value,
                    column,
                    quoted: false,
                });
                continue;
            }
        }
        let quoted = cursor.next_if(|c| c == '"').is_some();
        if quoted {
            let open = cursor.column - 1;
            loop {
                match cursor.next() {
                    Some('"') => break,
                    Some(c) => value.push(c),
                    None => {
                        return Err((
                            open,
                            "unterminated quote (a quoted value ends at the next `\"` on its line)"
                                .to_owned(),
                        ));
                    }
                }
            }
            if let Some(c) = cursor.peek()
                && !c.is_whitespace()
                && c != '#'
            {
                // A backslash before the quote that ended the value was
                // probably meant as an escape, which the format has not.
                let hint = if value.ends_with('\\') {
                    " (there are no escapes: a quoted value ends at the next `\"`)"
                } else {
                    ""
                };
                return Err((
                    cursor.column,
                    format!(
                        "expected a space after the quoted {}, found {}{hint}",
                        Shown(&value),
                        Shown(c.encode_utf8(&mut [0; 4]))
                    ),
                ));
            }
        } else {
            while let Some(c) = cursor.next_if(|c| !c.is_whitespace() && c != '#') {
                value.push(c);
            }
        }
        tokens.push(Token {
            key,
            value,
            column,
            quoted,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let text = r#"
            # a comment
            cluster "TestCluster" local node="NODE 2" caller-access=read
            group "DemoGroup" state-query-error=0x139F
            resource "DemoVM" type="Virtual Machine" state=online locked delay-ms=5 offline-action=2
            resource "Disk 1" type="Physical Disk" fail-offline state=failed
        "#;
        let c = ClusterConfig::parse(text).unwrap();
        assert_eq!(c.name, "TestCluster");
        assert!(c.local);
        assert_eq!(c.nodes[0].name, "NODE 2");
        assert_eq!(c.caller_access, CallerAccess::Read);
        let g = &c.groups[0];
        assert_eq!(g.state_query_error, Some(5023));
        assert_eq!(g.resources[0].resource_type, "Virtual Machine");
        assert!(g.resources[0].locked);
        assert_eq!(g.resources[0].delay, Duration::from_millis(5));
        assert_eq!(g.resources[0].offline_action, VmAction::Shutdown);
        assert!(g.resources[1].fail_offline);
        assert_eq!(g.resources[1].state, ResourceState::Failed);
    }

    #[test]
    fn networks_interfaces_and_resource_types() {
        let text = r#"
            cluster netcfg-ok node=N1
            network "Net A"
            netinterface "N1 - A" node=N1 network="Net A"
            restype "Generic Script"
        "#;
        let c = ClusterConfig::parse(text).unwrap();
        assert_eq!(c.networks, [NetworkConfig::new("Net A")]);
        assert_eq!(
            c.net_interfaces,
            [NetInterfaceConfig::new("N1 - A", "N1", "Net A")]
        );
        assert_eq!(c.resource_types, ["Generic Script"]);
        assert!(crate::SimCluster::new(&c).is_ok());

        let err = ClusterConfig::parse("cluster C\nnetinterface I node=N1\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(
            err.message.contains("needs node=NODE and network=NETWORK"),
            "{err:?}"
        );
        let err = ClusterConfig::parse("cluster C\nnetwork N color=red\n").unwrap_err();
        assert!(
            err.message.contains("unknown network option `color=red`"),
            "{err:?}"
        );
        let c = ClusterConfig::parse("cluster C\nnetwork N\ncommon \"A=dword:1\"\n").unwrap();
        assert!(c.networks[0].properties.common.find("A").is_some());
        let err = ClusterConfig::parse("cluster C\nrestype T\ncommon \"A=dword:1\"\n").unwrap_err();
        assert_eq!(err.line, 3, "resource types take no property lines");
        // Interfaces must name a known node and network, names be unique:
        // read from text, the error names the line that declared the
        // object at fault.
        for (bad, line, why) in [
            (
                "cluster netcfg-1\nnetwork N\nnetinterface I node=X network=N\n",
                3,
                "no node `X`",
            ),
            (
                "cluster netcfg-2\nnetwork N\nnetinterface I node=NODE1 network=M\n",
                3,
                "no network `M`",
            ),
            (
                "cluster netcfg-3\nnetwork N\nnetwork n\n",
                3,
                "network names must be unique",
            ),
        ] {
            let err = ClusterConfig::parse(bad).unwrap_err();
            assert_eq!(err.line, line, "{bad}: {err:?}");
            assert!(err.message.contains(why), "{bad}: {err:?}");
        }
        // Built with the API, the same configuration fails when it starts.
        let c = ClusterConfig::new("netcfg-api")
            .network(NetworkConfig::new("N"))
            .net_interface(NetInterfaceConfig::new("I", "NODE1", "M"));
        let err = crate::SimCluster::new(&c).unwrap_err();
        assert_eq!(err.line, 0);
        assert!(err.message.contains("no network `M`"), "{err:?}");
    }

    #[test]
    fn inconsistent_objects_are_reported_at_their_line() {
        for (text, line, why) in [
            ("cluster \"\"\n", 1, "a cluster needs a name"),
            (
                "cluster C\nnode N2\nnode n2\n",
                3,
                "node names must be unique",
            ),
            (
                "cluster C node=\"\"\n",
                1,
                "node names must be unique and not empty",
            ),
            (
                "cluster C demo\nnode NODE2\n",
                2,
                "node names must be unique",
            ),
            ("cluster C\ngroup G\ngroup g\n", 3, "two groups named `g`"),
            (
                "cluster C\nnode N2\n\ngroup G owner=N3\n",
                4,
                "group `G`: no node `N3`",
            ),
            ("cluster C demo\ngroup DemoGroup\n", 2, "two groups named"),
            ("cluster C\ngroup \"\"\n", 2, "a group needs a name"),
            (
                "cluster C\ngroup G\ngroup H state-query-error=0x0\n",
                3,
                "group `H`: state-query-error 0 is not an error code",
            ),
            (
                "cluster C\ngroup G\nresource \"\" type=T\n",
                3,
                "a resource needs a name",
            ),
            (
                "cluster C\ngroup G\nresource R type=T\ngroup H\nresource r type=T\n",
                5,
                "two resources named `r`",
            ),
            (
                "cluster C demo\ngroup G\nresource demovm type=T\n",
                3,
                "two resources named `demovm`",
            ),
            (
                "cluster C\nnetwork N\nnetinterface I node=NODE1 network=N\nnetinterface i node=NODE1 network=N\n",
                4,
                "netinterface names must be unique",
            ),
            (
                "cluster A\ncluster B\ncluster a\n",
                3,
                "a second cluster named `a`",
            ),
            (
                "cluster A local\ncluster B\ncluster C local\n",
                3,
                "a second local cluster",
            ),
        ] {
            let err = ClusterConfig::parse_all(text).unwrap_err();
            assert_eq!(
                (err.line, err.message.contains(why)),
                (line, true),
                "{text}: {err:?}"
            );
        }
        // The owner may be the default node, or a node declared later.
        assert!(ClusterConfig::parse("cluster C\ngroup G owner=node1\n").is_ok());
        assert!(ClusterConfig::parse("cluster C\ngroup G owner=N2\nnode N2\n").is_ok());
    }

    #[test]
    fn nodes_owners_and_properties() {
        let text = r#"
            cluster C
            common "Description=sz:a: b"
            node "NODE2"
            ro-common "NodeName=sz:node2"
            group G owner=NODE2
            private "Flags=dword:0x10"
            resource R type=Generic
            common "RestartAction=dword:1"
            ro-private "Blob=binary:aabb"
        "#;
        let c = ClusterConfig::parse(text).unwrap();
        let names: Vec<_> = c.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["NODE1", "NODE2"]);
        let get = |s: &PropertyStores, k, n| s.store(k).find(n).map(|p| p.values[0].clone());
        use PropertyKind::*;
        assert_eq!(
            get(&c.properties, Common, "description"),
            Some(OwnedValue::sz("a: b").unwrap())
        );
        assert_eq!(
            get(&c.nodes[1].properties, ReadOnlyCommon, "NodeName"),
            Some(OwnedValue::sz("node2").unwrap())
        );
        assert_eq!(c.groups[0].owner.as_deref(), Some("NODE2"));
        assert_eq!(
            get(&c.groups[0].properties, Private, "Flags"),
            Some(OwnedValue::dword(16))
        );
        let r = &c.groups[0].resources[0].properties;
        assert_eq!(get(r, Common, "RestartAction"), Some(OwnedValue::dword(1)));
        assert_eq!(
            get(r, ReadOnlyPrivate, "Blob"),
            Some(OwnedValue::binary([0xaa, 0xbb]))
        );
        for bad in [
            "common \"X=dword:1\"",
            "cluster C\ncommon X",
            "cluster C\ncommon \"X=float:1\"",
            "cluster C\nnode N extra",
        ] {
            assert!(ClusterConfig::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_demo_by_another_name() {
        let c = ClusterConfig::parse("cluster X demo\ngroup Extra").unwrap();
        let demo = ClusterConfig::demo();
        assert_eq!((c.name.as_str(), c.local), ("X", false));
        assert_eq!(c.nodes, demo.nodes);
        assert_eq!(c.properties, demo.properties);
        assert_eq!(c.groups.len(), 2);
        assert!(ClusterConfig::parse("cluster X local demo").unwrap().local);
    }

    #[test]
    fn the_demo_carries_windows_replies() {
        let demo = ClusterConfig::demo();
        let w1 = &demo.properties.read_only_common;
        assert!(w1.trailing_end_mark);
        assert_eq!(
            w1.to_vec_with(&clusprop::EncodeOptions::server_reply())
                .unwrap(),
            W1_CLUSTER_RO_COMMON
        );
        assert_eq!(demo.nodes.len(), 2);
        let node2 = &demo.nodes[1].properties.read_only_common;
        assert_eq!(node2.properties.len(), 12);
        assert_eq!(
            node2.find("NodeName").unwrap().values[0],
            OwnedValue::sz("node2").unwrap()
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = ClusterConfig::parse("cluster C\nresource R type=x").unwrap_err();
        assert_eq!(e.line, 2);
        let e = ClusterConfig::parse("cluster C\ngroup G\nresource R").unwrap_err();
        assert!(e.message.contains("type"), "{e}");
        let e = ClusterConfig::parse("cluster \"C").unwrap_err();
        assert!(e.message.contains("unterminated"), "{e}");
        let e = ClusterConfig::parse("cluster C bogus").unwrap_err();
        assert!(e.to_string().starts_with("line 1, column 11: "), "{e}");
        // About a whole line: no column.
        let e = ConfigError::new(4, "x".to_owned());
        assert_eq!(e.to_string(), "line 4: x");
    }

    #[test]
    fn every_error_says_its_line_column_and_why() {
        const NUMBER: &str = "(expected decimal digits, or 0x and hex digits, without a sign)";
        for (text, line, column, message) in [
            (
                "cluster \"C",
                1,
                9,
                "unterminated quote (a quoted value ends at the next `\"` on its line)".to_owned(),
            ),
            (
                "cluster C\nnode N\"x\"",
                2,
                7,
                "unexpected quote after `N`".to_owned(),
            ),
            ("cluster", 1, 1, "`cluster` needs a name".to_owned()),
            (
                "cluster C\ngroup owner=N",
                2,
                7,
                "`group` needs a name first, found `owner=N`".to_owned(),
            ),
            (
                "bogus B",
                1,
                1,
                format!("unknown item `bogus` (expected {KEYWORDS})"),
            ),
            (
                "cluster C bogus",
                1,
                11,
                "unknown cluster option `bogus` (expected demo, local, node=NAME or \
                 caller-access=all|read)"
                    .to_owned(),
            ),
            (
                "cluster C caller-access=some",
                1,
                11,
                "unknown cluster option `caller-access=some` (expected demo, local, \
                 node=NAME or caller-access=all|read)"
                    .to_owned(),
            ),
            ("node N", 1, 1, "`node` before any `cluster`".to_owned()),
            (
                "cluster C\nnode N x=1",
                2,
                8,
                "unknown node option `x=1`: `node` takes only a name".to_owned(),
            ),
            ("group G", 1, 1, "`group` before any `cluster`".to_owned()),
            (
                "cluster C\ngroup G state-query-error=x",
                2,
                9,
                format!("state-query-error: `x` is not a number {NUMBER}"),
            ),
            (
                "cluster C\ngroup G color=red",
                2,
                9,
                "unknown group option `color=red` (expected owner=NODE or \
                 state-query-error=CODE)"
                    .to_owned(),
            ),
            (
                "cluster C\nresource R type=T",
                2,
                1,
                "`resource` before any `group`".to_owned(),
            ),
            (
                "cluster C\ngroup G\nresource R",
                3,
                1,
                "resource `R` needs type=TYPE".to_owned(),
            ),
            (
                "cluster C\ngroup G\nresource R type=T delay-ms=0x",
                3,
                19,
                format!("delay-ms: `0x` is not a number {NUMBER}"),
            ),
            (
                "cluster C\ngroup G\nresource R type=T delay-ms=0x+5",
                3,
                19,
                format!("delay-ms: `0x+5` is not a number {NUMBER}"),
            ),
            (
                "cluster C\ngroup G\nresource R type=T offline-action=4",
                3,
                19,
                "offline-action 4 is not 0..3 (0 turn off, 1 save, 2 shut down, \
                 3 force shutdown)"
                    .to_owned(),
            ),
            (
                "cluster C\ngroup G\nresource R type=T state=gone",
                3,
                19,
                "unknown resource option `state=gone` (expected type=TYPE, \
                 state=online|offline|failed, locked, delay-ms=N, fail-offline, \
                 fail-online or offline-action=0..3)"
                    .to_owned(),
            ),
            (
                "network N",
                1,
                1,
                "`network` before any `cluster`".to_owned(),
            ),
            (
                "cluster C\nnetwork N x",
                2,
                11,
                "unknown network option `x`: `network` takes only a name".to_owned(),
            ),
            (
                "netinterface I node=A network=B",
                1,
                1,
                "`netinterface` before any `cluster`".to_owned(),
            ),
            (
                "cluster C\nnetinterface I node=A up",
                2,
                23,
                "unknown netinterface option `up` (expected node=NODE and network=NETWORK)"
                    .to_owned(),
            ),
            (
                "cluster C\nnetinterface I network=B",
                2,
                1,
                "netinterface `I` needs node=NODE and network=NETWORK".to_owned(),
            ),
            (
                "restype T",
                1,
                1,
                "`restype` before any `cluster`".to_owned(),
            ),
            (
                "cluster C\nrestype T x",
                2,
                11,
                "unknown restype option `x`: `restype` takes only a name".to_owned(),
            ),
            (
                "cluster C\nprivate \"A=dword:1\" x",
                2,
                21,
                "unexpected `x` after the property (quote the whole \"NAME=TYPE:VALUE\")"
                    .to_owned(),
            ),
            (
                "cluster C\nro-common A",
                2,
                11,
                "`ro-common` needs \"NAME=TYPE:VALUE\", found `A`".to_owned(),
            ),
            (
                "cluster C\ncommon A=dword:1",
                2,
                8,
                "`common` needs \"NAME=TYPE:VALUE\" in quotes, found `A=dword:1`".to_owned(),
            ),
            (
                "cluster C\nro-private \"=dword:1\"",
                2,
                12,
                "`ro-private`: the property name before `=` is empty".to_owned(),
            ),
            (
                "cluster C\nro-private \"A\0B=dword:1\"",
                2,
                12,
                "`ro-private`: the property name `A\\0B` holds NUL".to_owned(),
            ),
            // A number out of its TYPE's range names the range.
            (
                "cluster C\nprivate \"X=word:70000\"",
                2,
                12,
                "`X`: number out of range: expected 0 to 65535".to_owned(),
            ),
            // A NUL in a string is placed: its item and character.
            (
                "cluster C\nprivate \"X=multi_sz:a|b\0\"",
                2,
                12,
                "`X`: MULTI_SZ item 2 holds a NUL character (at character 4 of the value; a \
                 string cannot hold one)"
                    .to_owned(),
            ),
            (
                "common \"A=dword:1\"",
                1,
                1,
                "`common` before any object (a property line follows the cluster, node, \
                 group, resource, network or netinterface line it belongs to)"
                    .to_owned(),
            ),
            (
                "cluster C\nrestype T\ncommon \"A=dword:1\"",
                3,
                1,
                "`common` before any object (the line above is a `restype`, which takes \
                 no properties)"
                    .to_owned(),
            ),
            (
                "# only a comment",
                0,
                0,
                "no cluster: the text needs a `cluster NAME` line".to_owned(),
            ),
            (
                "cluster A\ncluster B\ncluster C",
                2,
                9,
                "a second cluster: this text describes one (3 clusters in all)".to_owned(),
            ),
        ] {
            let err = ClusterConfig::parse(text).unwrap_err();
            assert_eq!(err, ConfigError::at(line, column, message), "{text}");
        }
        // The value's own error follows the property's name, at the column
        // where TYPE:VALUE starts.
        let err = ClusterConfig::parse("cluster C\ncommon \"Ab=float:1\"").unwrap_err();
        assert_eq!((err.line, err.column), (2, 12));
        assert!(err.message.starts_with("`Ab`: "), "{err:?}");
        let err = ClusterConfig::parse("cluster C\ncommon Ab=\"dword:x\"").unwrap_err();
        assert_eq!((err.line, err.column), (2, 8), "{err:?}");
    }

    #[test]
    fn comments_quotes_and_line_ends() {
        // `#` inside quotes is text; outside them it starts a comment, also
        // right after a quoted value.
        let c = ClusterConfig::parse(
            "cluster \"A#1\"# comment\ncommon \"Description=sz:issue #5\" # done\n",
        )
        .unwrap();
        assert_eq!(c.name, "A#1");
        assert_eq!(
            c.properties.common.find("Description").unwrap().values[0],
            OwnedValue::sz("issue #5").unwrap()
        );
        // A bare word ends at `#`, as it always did.
        let c = ClusterConfig::parse("cluster C#x\ngroup G owner=NODE1#y").unwrap();
        assert_eq!(
            (c.name.as_str(), c.groups[0].owner.as_deref()),
            ("C", Some("NODE1"))
        );
        // A byte order mark, CRLF line ends and tabs read as plain text does.
        let plain = ClusterConfig::parse("cluster C local\ngroup G\nresource R type=T\n").unwrap();
        for text in [
            "\u{FEFF}cluster C local\r\ngroup G\r\nresource R type=T\r\n",
            "cluster\tC\tlocal\ngroup\tG\n\tresource R\ttype=T",
        ] {
            assert_eq!(ClusterConfig::parse(text).unwrap(), plain, "{text:?}");
        }
        // Elsewhere than at the start, a byte order mark is text, shown
        // escaped.
        let err = ClusterConfig::parse("cluster C\n\u{FEFF}group G").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(
            err.message.starts_with("unknown item `\\u{feff}group`"),
            "{err:?}"
        );
        // A quoted value ends its token.
        for (text, column, message) in [
            (
                "cluster \"A\"local",
                12,
                "expected a space after the quoted `A`, found `l`",
            ),
            (
                "cluster \"A\"\"B\"",
                12,
                "expected a space after the quoted `A`, found `\"`",
            ),
            (
                "cluster C node=\"N\"=x",
                19,
                "expected a space after the quoted `N`, found `=`",
            ),
            (
                "cluster \"a\\\"b\"",
                13,
                "expected a space after the quoted `a\\\\`, found `b` (there are no escapes: \
                 a quoted value ends at the next `\"`)",
            ),
        ] {
            let err = ClusterConfig::parse(text).unwrap_err();
            assert_eq!(
                err,
                ConfigError::at(1, column, message.to_owned()),
                "{text}"
            );
        }
        // Columns count characters, not bytes.
        let err = ClusterConfig::parse("cluster \"Ünïcödé\" bogus").unwrap_err();
        assert_eq!((err.line, err.column), (1, 19), "{err:?}");
    }

    #[test]
    fn a_line_starts_with_a_keyword() {
        // A `key=value` is no keyword, even when its value is one.
        let err = ClusterConfig::parse("node=cluster C").unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
        assert!(
            err.message
                .starts_with("unknown item `node=cluster` (expected cluster, "),
            "{err:?}"
        );
        // An unknown keyword is named as such, with or without a name.
        let err = ClusterConfig::parse("cluster C\n  bogus").unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
        assert!(err.message.starts_with("unknown item `bogus`"), "{err:?}");
    }

    #[test]
    fn numbers_are_digits_in_range() {
        let delay = |v: &str| {
            ClusterConfig::parse(&format!(
                "cluster C\ngroup G\nresource R type=T delay-ms={v}"
            ))
            .map(|c| c.groups[0].resources[0].delay)
        };
        for (v, ms) in [
            ("0", 0),
            ("0005", 5),
            ("0x10", 16),
            ("0XfF", 255),
            ("4294967295", u32::MAX),
            ("0xFFFFFFFF", u32::MAX),
        ] {
            assert_eq!(delay(v), Ok(Duration::from_millis(ms.into())), "{v}");
        }
        let digits = "9".repeat(if cfg!(miri) { 500 } else { 10_000 });
        for (v, why) in [
            ("+5", "`+5` is not a number (expected"),
            ("-5", "`-5` is not a number (expected"),
            ("0x-5", "`0x-5` is not a number (expected"),
            ("5ms", "`5ms` is not a number (expected"),
            ("\u{663}", "`\u{663}` is not a number (expected"),
            ("1_000", "`1_000` is not a number (expected"),
            ("", "the number is missing (expected"),
            (
                "4294967296",
                "`4294967296` is out of range (at most 4294967295 = 0xFFFFFFFF)",
            ),
            (
                "18446744073709551615",
                "`18446744073709551615` is out of range",
            ),
            ("0x100000000", "`0x100000000` is out of range"),
            (&digits, "`999"),
        ] {
            let err = delay(v).unwrap_err();
            assert_eq!((err.line, err.column), (3, 19), "{v}");
            assert!(
                err.message.starts_with(&format!("delay-ms: {why}")),
                "{v}: {err:?}"
            );
            // However long the number, the message is short.
            assert!(err.message.len() < 200, "{err:?}");
        }
        // The other number options read numbers the same way.
        let err = ClusterConfig::parse("cluster C\ngroup G state-query-error=+5").unwrap_err();
        assert!(
            err.message
                .starts_with("state-query-error: `+5` is not a number"),
            "{err:?}"
        );
        let err = ClusterConfig::parse("cluster C\ngroup G\nresource R type=T offline-action=-1")
            .unwrap_err();
        assert!(
            err.message
                .starts_with("offline-action: `-1` is not a number"),
            "{err:?}"
        );
    }

    #[test]
    fn an_option_given_twice_is_an_error() {
        for (text, line, column, name, first) in [
            ("cluster C local local", 1, 17, "local", 11),
            ("cluster C demo demo", 1, 16, "demo", 11),
            ("cluster C node=A node=B", 1, 18, "node", 11),
            (
                "cluster C caller-access=all caller-access=read",
                1,
                29,
                "caller-access",
                11,
            ),
            (
                "cluster C\ngroup G owner=NODE1 owner=NODE1",
                2,
                21,
                "owner",
                9,
            ),
            (
                "cluster C\ngroup G state-query-error=5 state-query-error=6",
                2,
                29,
                "state-query-error",
                9,
            ),
            (
                "cluster C\ngroup G\nresource R type=T type=U",
                3,
                19,
                "type",
                12,
            ),
            (
                "cluster C\ngroup G\nresource R type=T state=online state=offline",
                3,
                32,
                "state",
                19,
            ),
            (
                "cluster C\ngroup G\nresource R type=T locked locked",
                3,
                26,
                "locked",
                19,
            ),
            (
                "cluster C\ngroup G\nresource R type=T delay-ms=1 delay-ms=2",
                3,
                30,
                "delay-ms",
                19,
            ),
            (
                "cluster C\nnetwork N\nnetinterface I node=NODE1 network=N node=NODE1",
                3,
                37,
                "node",
                16,
            ),
        ] {
            let err = ClusterConfig::parse(text).unwrap_err();
            assert_eq!(
                err,
                ConfigError::at(
                    line,
                    column,
                    format!("`{name}` given twice (first at column {first})")
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn names_with_nul_and_empty_types_are_refused_at_their_token() {
        for (text, line, column, message) in [
            (
                "cluster C\nnode \"N\0\"",
                2,
                6,
                "node `N\\0`: a name may not hold NUL",
            ),
            (
                "cluster C node=\"N\0\"",
                1,
                11,
                "node `N\\0`: a name may not hold NUL",
            ),
            (
                "cluster C\ngroup \"G\0\"",
                2,
                7,
                "group `G\\0`: a name may not hold NUL",
            ),
            (
                "cluster C\ngroup G\nresource \"R\0\" type=T",
                3,
                10,
                "resource `R\\0`: a name may not hold NUL",
            ),
            (
                "cluster C\ngroup G\nresource R type=\"T\0\"",
                3,
                10,
                "resource `R`: the type `T\\0` holds NUL",
            ),
            (
                "cluster C\nnetwork \"N\0\"",
                2,
                9,
                "network `N\\0`: a name may not hold NUL",
            ),
            (
                "cluster C\nnetwork N\nnetinterface \"I\0\" node=NODE1 network=N",
                3,
                14,
                "netinterface `I\\0`: a name may not hold NUL",
            ),
            (
                "cluster C\nrestype \"T\0\"",
                2,
                9,
                "resource type `T\\0`: a name may not hold NUL",
            ),
            (
                "cluster C\nrestype \"\"",
                2,
                9,
                "a resource type needs a name",
            ),
            (
                "cluster C\ngroup G\nresource R type=",
                3,
                12,
                "`type=` needs a resource type",
            ),
        ] {
            let err = ClusterConfig::parse(text).unwrap_err();
            assert_eq!(
                err,
                ConfigError::at(line, column, message.to_owned()),
                "{text:?}"
            );
        }
        // Built with the API, the same configuration fails when it starts.
        let config = ClusterConfig::new("nul-names").group(GroupConfig::new("G\0"));
        let err = crate::SimCluster::new(&config).unwrap_err();
        assert_eq!(
            err,
            ConfigError::new(0, "group `G\\0`: a name may not hold NUL".to_owned())
        );
    }

    #[test]
    fn errors_show_untrusted_text_escaped_and_short() {
        let text = "cluster C\ngroup \"x\u{202E}y\" owner=\u{1b}[31mred";
        let err = ClusterConfig::parse(text).unwrap_err();
        assert_eq!(
            err,
            ConfigError::at(
                2,
                7,
                "group `x\\u{202e}y`: no node `\\u{1b}[31mred`".to_owned()
            )
        );
        // Display escapes what a message holds raw (a caller's, or a
        // value's error from the core).
        let raw = ConfigError {
            line: 1,
            column: 2,
            message: "a\u{1b}b\u{2067}c\nd".to_owned(),
        };
        assert_eq!(raw.to_string(), "line 1, column 2: a\\u{1b}b\\u{2067}c\\nd");
        // A long token is cut short: the message does not grow with it.
        // Miri interprets: a shorter token there, still far past the cut.
        let len = if cfg!(miri) { 4096 } else { 1 << 20 };
        let long = "x".repeat(len);
        let err = ClusterConfig::parse(&format!("cluster C {long}")).unwrap_err();
        assert!(
            err.message.contains(&format!("...` ({len} characters)")),
            "{err:?}"
        );
        assert!(err.to_string().len() < 300, "{err}");
    }

    #[test]
    fn demo_objects_are_named_as_such() {
        // Renaming the demo's first node leaves its interface without a
        // node: the error points at `demo` and says so.
        let err = ClusterConfig::parse("cluster C demo node=X").unwrap_err();
        assert_eq!(
            err,
            ConfigError::at(
                1,
                11,
                "netinterface `NODE1 - Ethernet`: no node `NODE1` (an object that `demo` adds)"
                    .to_owned()
            )
        );
        // Declaring that node makes the same line valid, as before.
        let c = ClusterConfig::parse("cluster C demo node=X\nnode NODE1").unwrap();
        let names: Vec<_> = c.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["X", "NODE2", "NODE1"]);
    }

    #[test]
    fn demo_has_a_vm_and_a_disk() {
        let demo = ClusterConfig::demo();
        assert_eq!(demo.groups[0].name, DEMO_GROUP);
        let types: Vec<_> = demo.groups[0]
            .resources
            .iter()
            .map(|r| r.resource_type.as_str())
            .collect();
        assert_eq!(types, ["Virtual Machine", "Physical Disk"]);
    }
}
