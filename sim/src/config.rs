//! What a simulated cluster contains: built with the API or read from a small
//! text file.
//!
//! # The text format
//!
//! One item per line; `#` starts a comment; names with spaces are quoted.
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
//!   `state-query-error`, `GetClusterGroupState` fails with that code.
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

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use clusprop::offline::{VIRTUAL_MACHINE, VmAction};
use clusprop::{OwnedPropertyList, OwnedValue};
use clusprop_ffi::PropertyKind;

use crate::check::{ObjectRef, check};
use crate::model::cluster_key;

/// The state of a simulated resource: `clusprop-ffi`'s
/// `CLUSTER_RESOURCE_STATE` type (the simulator uses `Online`, `Offline`,
/// `Failed`, `OnlinePending` and `OfflinePending`).
pub use clusprop_ffi::ResourceState;

/// The four property stores of a cluster object (MS-CMRP 3.1.1.9): what the
/// `*_GET_*_PROPERTIES` control codes return, and what `*_SET_*` changes.
///
/// Replies are encoded as Windows writes them (server rules, with the
/// trailing end mark the list records; stores built here record it).
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
    /// Failure injection: `GetClusterGroupState` fails with this code.
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

    /// Reads exactly one cluster from the text format (module docs).
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let mut all = Self::parse_all(text)?;
        if all.len() != 1 {
            return Err(ConfigError::new(
                0,
                format!("expected one cluster, found {}", all.len()),
            ));
        }
        Ok(all.remove(0))
    }

    /// Reads every cluster in the text format (module docs).
    ///
    /// Besides the syntax, each cluster is held to what starting it checks
    /// (names unique and not empty, owners and an interface's node and
    /// network declared), and the clusters of one text to the registry's
    /// rules among themselves (distinct names, at most one `local`): an
    /// error names the line that declared the object at fault.
    pub fn parse_all(text: &str) -> Result<Vec<Self>, ConfigError> {
        let mut parser = Parser::default();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let code = line.split_once('#').map_or(line, |(code, _)| code);
            let tokens = tokenize(code).map_err(|m| ConfigError::new(number, m))?;
            if let Some(line) = Line::split(number, &tokens)? {
                parser.line(&line)?;
            }
        }
        let (clusters, declared) = parser.finish();
        let mut names = HashSet::with_capacity(clusters.len());
        let mut local = false;
        for (cluster, at) in clusters.iter().zip(&declared) {
            check(cluster).map_err(|e| ConfigError::new(at.line_of(e.object), e.message))?;
            if !names.insert(cluster_key(&cluster.name)) {
                return Err(ConfigError::new(
                    at.cluster,
                    format!("a second cluster named `{}`", cluster.name),
                ));
            }
            if cluster.local && std::mem::replace(&mut local, true) {
                return Err(ConfigError::new(
                    at.cluster,
                    "a second local cluster".to_owned(),
                ));
            }
        }
        Ok(clusters)
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

/// One line of the text format with at least a keyword: the keyword, the
/// name after it and the options after the name.
struct Line<'a> {
    /// 1-based, for errors.
    number: usize,
    keyword: &'a Token,
    name: &'a str,
    options: &'a [Token],
}

impl<'a> Line<'a> {
    /// Splits a line's tokens (`None` for a line without any); the keyword
    /// must be followed by a name that is not a `key=value`.
    fn split(number: usize, tokens: &'a [Token]) -> Result<Option<Self>, ConfigError> {
        let Some((keyword, rest)) = tokens.split_first() else {
            return Ok(None);
        };
        let Some((name, options)) = rest.split_first() else {
            return Err(ConfigError::new(
                number,
                format!("`{keyword}` needs a name"),
            ));
        };
        if name.key.is_some() {
            return Err(ConfigError::new(
                number,
                format!("`{keyword}` needs a name first"),
            ));
        }
        Ok(Some(Self {
            number,
            keyword,
            name: &name.value,
            options,
        }))
    }

    /// An error on this line.
    fn error(&self, message: String) -> ConfigError {
        ConfigError::new(self.number, message)
    }

    /// For keywords that take no options: an error naming the first one.
    fn no_options(&self) -> Result<(), ConfigError> {
        match self.options.first() {
            Some(o) => Err(self.error(format!("unknown {} option `{o}`", self.keyword.value))),
            None => Ok(()),
        }
    }

    /// An error for an option the keyword does not take.
    fn unknown_option(&self, option: &Token) -> ConfigError {
        self.error(format!("unknown {} option `{option}`", self.keyword.value))
    }

    /// A number option's value, or an error on this line.
    fn number(&self, text: &str) -> Result<u32, ConfigError> {
        parse_number(text).map_err(|m| self.error(m))
    }
}

/// The lines that declared a cluster and its objects (for the objects
/// of `demo` and a cluster's first node, the `cluster` line).
#[derive(Default)]
struct Declared {
    cluster: usize,
    nodes: Vec<usize>,
    groups: Vec<usize>,
    networks: Vec<usize>,
    net_interfaces: Vec<usize>,
    /// The resources, counting through the groups in order.
    resources: Vec<usize>,
}

impl Declared {
    /// The objects `cluster` holds, all declared on its line `number`.
    fn by_cluster_line(number: usize, cluster: &ClusterConfig) -> Self {
        Declared {
            cluster: number,
            nodes: vec![number; cluster.nodes.len()],
            groups: vec![number; cluster.groups.len()],
            networks: vec![number; cluster.networks.len()],
            net_interfaces: vec![number; cluster.net_interfaces.len()],
            resources: vec![number; cluster.groups.iter().map(|g| g.resources.len()).sum()],
        }
    }

    /// The line that declared `object`.
    fn line_of(&self, object: ObjectRef) -> usize {
        let at = |lines: &[usize], i: usize| lines.get(i).copied().unwrap_or(self.cluster);
        match object {
            ObjectRef::Cluster => self.cluster,
            ObjectRef::Node(i) => at(&self.nodes, i),
            ObjectRef::Group(i) => at(&self.groups, i),
            ObjectRef::Network(i) => at(&self.networks, i),
            ObjectRef::NetInterface(i) => at(&self.net_interfaces, i),
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
            other => Err(line.error(format!("unknown item `{other}`"))),
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
            .ok_or_else(|| line.error(format!("`{}` before any `cluster`", line.keyword.value)))
    }

    /// `cluster NAME [demo] [local] [node=NAME] [caller-access=all|read]`.
    fn parse_cluster(&mut self, line: &Line<'_>) -> Result<Option<Object>, ConfigError> {
        // `demo` starts from the built-in demo under this name.
        let demo = line
            .options
            .iter()
            .any(|o| o.key.is_none() && o.value == "demo");
        let mut cluster = if demo {
            ClusterConfig::demo().named(line.name)
        } else {
            ClusterConfig::new(line.name)
        };
        for o in line.options {
            match (o.key.as_deref(), o.value.as_str()) {
                (None, "demo") => {}
                (None, "local") => cluster.local = true,
                (Some("node"), v) => {
                    if let Some(first) = cluster.nodes.first_mut() {
                        first.name = v.to_owned();
                    }
                }
                (Some("caller-access"), "all") => cluster.caller_access = CallerAccess::All,
                (Some("caller-access"), "read") => cluster.caller_access = CallerAccess::Read,
                _ => return Err(line.unknown_option(o)),
            }
        }
        self.declared
            .push(Declared::by_cluster_line(line.number, &cluster));
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
        let cluster = self.cluster(line)?;
        let mut group = GroupConfig::new(line.name);
        for o in line.options {
            match (o.key.as_deref(), o.value.as_str()) {
                (Some("state-query-error"), v) => group.state_query_error = Some(line.number(v)?),
                (Some("owner"), v) => group.owner = Some(v.to_owned()),
                _ => return Err(line.unknown_option(o)),
            }
        }
        cluster.groups.push(group);
        self.declared_here(|d| &mut d.groups, line);
        Ok(Some(Object::Group))
    }

    /// `resource NAME type=TYPE [state=online|offline|failed] [locked]
    /// [delay-ms=N] [fail-offline] [fail-online] [offline-action=0..3]`.
    fn parse_resource(&mut self, line: &Line<'_>) -> Result<Option<Object>, ConfigError> {
        let group = self
            .clusters
            .last_mut()
            .and_then(|c| c.groups.last_mut())
            .ok_or_else(|| line.error("`resource` before any `group`".to_owned()))?;
        let mut resource = ResourceConfig::new(line.name, "");
        for o in line.options {
            match (o.key.as_deref(), o.value.as_str()) {
                (Some("type"), v) => resource.resource_type = v.to_owned(),
                (Some("state"), "online") => resource.state = ResourceState::Online,
                (Some("state"), "offline") => resource.state = ResourceState::Offline,
                (Some("state"), "failed") => resource.state = ResourceState::Failed,
                (None, "locked") => resource.locked = true,
                (None, "fail-offline") => resource.fail_offline = true,
                (None, "fail-online") => resource.fail_online = true,
                (Some("delay-ms"), v) => {
                    resource.delay = Duration::from_millis(line.number(v)?.into());
                }
                (Some("offline-action"), v) => {
                    let n = line.number(v)?;
                    resource.offline_action = VmAction::from_value(n)
                        .ok_or_else(|| line.error(format!("offline-action {n} is not 0..3")))?;
                }
                _ => return Err(line.unknown_option(o)),
            }
        }
        if resource.resource_type.is_empty() {
            return Err(line.error(format!("resource `{}` needs type=...", resource.name)));
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
        let cluster = self.cluster(line)?;
        let (mut node, mut network) = (None, None);
        for o in line.options {
            match (o.key.as_deref(), o.value.as_str()) {
                (Some("node"), v) => node = Some(v.to_owned()),
                (Some("network"), v) => network = Some(v.to_owned()),
                _ => return Err(line.unknown_option(o)),
            }
        }
        let (Some(node), Some(network)) = (node, network) else {
            return Err(line.error(format!(
                "netinterface `{}` needs node=... and network=...",
                line.name
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
        Ok(None)
    }

    /// `common`, `ro-common`, `private` or `ro-private` `"NAME=TYPE:VALUE"`:
    /// a property of the object `last` names, in the store `kind`, set when
    /// the next object starts.
    fn parse_property(&mut self, line: &Line<'_>, kind: PropertyKind) -> Result<(), ConfigError> {
        let keyword = line.keyword;
        if let Some(o) = line.options.first() {
            return Err(line.error(format!("unexpected `{o}` after the property")));
        }
        let (prop, typed) = line
            .name
            .split_once('=')
            .ok_or_else(|| line.error(format!("`{keyword}` needs \"NAME=TYPE:VALUE\"")))?;
        if prop.is_empty() || prop.contains('\0') {
            return Err(line.error(format!("`{keyword}`: bad property name")));
        }
        let value =
            OwnedValue::parse_typed(typed).map_err(|e| line.error(format!("`{prop}`: {e}")))?;
        if self.stores().is_none() {
            return Err(line.error(format!("`{keyword}` before any object")));
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
    fn declared_here(&mut self, list: fn(&mut Declared) -> &mut Vec<usize>, line: &Line<'_>) {
        if let Some(declared) = self.declared.last_mut() {
            list(declared).push(line.number);
        }
    }

    /// The clusters read, their last property lines set, and where their
    /// objects were declared.
    fn finish(mut self) -> (Vec<ClusterConfig>, Vec<Declared>) {
        self.flush();
        (self.clusters, self.declared)
    }
}

/// A configuration problem, with its 1-based line (0: the whole text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The line, or 0.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    pub(crate) fn new(line: usize, message: String) -> Self {
        Self { line, message }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

struct Token {
    key: Option<String>,
    value: String,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(k) => write!(f, "{k}={}", self.value),
            None => f.write_str(&self.value),
        }
    }
}

/// A number: decimal digits, or `0x` and hex digits (no sign: Rust's
/// parsers would take a `+` after the `0x`).
fn parse_number(text: &str) -> Result<u32, String> {
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) if !hex.starts_with('+') => u32::from_str_radix(hex, 16),
        Some(_) => return Err(format!("`{text}` is not a number")),
        None => text.parse(),
    };
    parsed.map_err(|_| format!("`{text}` is not a number"))
}

/// Splits a line into `word`, `"quoted words"`, `key=value` and
/// `key="quoted value"` tokens.
fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else {
            return Ok(tokens);
        };
        let mut key = None;
        let mut value = String::new();
        if first != '"' {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '"') {
                value.push(c);
            }
            if chars.next_if_eq(&'=').is_some() {
                key = Some(std::mem::take(&mut value));
            } else {
                if chars.peek() == Some(&'"') {
                    return Err(format!("unexpected quote after `{value}`"));
                }
                tokens.push(Token { key, value });
                continue;
            }
        }
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => value.push(c),
                    None => return Err("unterminated quote".to_owned()),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                value.push(c);
            }
        }
        tokens.push(Token { key, value });
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
            err.message.contains("needs node=... and network="),
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
        assert!(e.to_string().starts_with("line 1:"), "{e}");
    }

    #[test]
    fn every_error_says_its_line_and_why() {
        for (text, line, message) in [
            ("cluster \"C", 1, "unterminated quote"),
            ("cluster C\nnode N\"x\"", 2, "unexpected quote after `N`"),
            ("cluster", 1, "`cluster` needs a name"),
            ("cluster C\ngroup owner=N", 2, "`group` needs a name first"),
            ("bogus B", 1, "unknown item `bogus`"),
            ("cluster C bogus", 1, "unknown cluster option `bogus`"),
            (
                "cluster C caller-access=some",
                1,
                "unknown cluster option `caller-access=some`",
            ),
            ("node N", 1, "`node` before any `cluster`"),
            ("cluster C\nnode N x=1", 2, "unknown node option `x=1`"),
            ("group G", 1, "`group` before any `cluster`"),
            (
                "cluster C\ngroup G state-query-error=x",
                2,
                "`x` is not a number",
            ),
            (
                "cluster C\ngroup G color=red",
                2,
                "unknown group option `color=red`",
            ),
            (
                "cluster C\nresource R type=T",
                2,
                "`resource` before any `group`",
            ),
            (
                "cluster C\ngroup G\nresource R",
                3,
                "resource `R` needs type=...",
            ),
            (
                "cluster C\ngroup G\nresource R type=T delay-ms=0x",
                3,
                "`0x` is not a number",
            ),
            (
                "cluster C\ngroup G\nresource R type=T delay-ms=0x+5",
                3,
                "`0x+5` is not a number",
            ),
            (
                "cluster C\ngroup G\nresource R type=T offline-action=4",
                3,
                "offline-action 4 is not 0..3",
            ),
            (
                "cluster C\ngroup G\nresource R type=T state=gone",
                3,
                "unknown resource option `state=gone`",
            ),
            ("network N", 1, "`network` before any `cluster`"),
            ("cluster C\nnetwork N x", 2, "unknown network option `x`"),
            (
                "netinterface I node=A network=B",
                1,
                "`netinterface` before any `cluster`",
            ),
            (
                "cluster C\nnetinterface I node=A up",
                2,
                "unknown netinterface option `up`",
            ),
            (
                "cluster C\nnetinterface I network=B",
                2,
                "netinterface `I` needs node=... and network=...",
            ),
            ("restype T", 1, "`restype` before any `cluster`"),
            ("cluster C\nrestype T x", 2, "unknown restype option `x`"),
            (
                "cluster C\nprivate \"A=dword:1\" x",
                2,
                "unexpected `x` after the property",
            ),
            (
                "cluster C\nro-common A",
                2,
                "`ro-common` needs \"NAME=TYPE:VALUE\"",
            ),
            (
                "cluster C\nro-private \"=dword:1\"",
                2,
                "`ro-private`: bad property name",
            ),
            ("common \"A=dword:1\"", 1, "`common` before any object"),
            (
                "cluster C\nrestype T\ncommon \"A=dword:1\"",
                3,
                "`common` before any object",
            ),
            ("", 0, "expected one cluster, found 0"),
            ("cluster A\ncluster B", 0, "expected one cluster, found 2"),
        ] {
            let err = ClusterConfig::parse(text).unwrap_err();
            assert_eq!(err, ConfigError::new(line, message.to_owned()), "{text}");
        }
        // The value's own error follows the property's name.
        let err = ClusterConfig::parse("cluster C\ncommon \"A=float:1\"").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.starts_with("`A`: "), "{err:?}");
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
