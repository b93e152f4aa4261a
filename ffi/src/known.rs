//! Well-known common properties: what Microsoft's property references
//! ("Cluster Common Properties", "Node Common Properties", "Group Common
//! Properties", "Resource Common Properties", "Resource Type Common
//! Properties", "Network Common Properties", "Network Interface Common
//! Properties") say of each common property's format and access, with a
//! one-line meaning.
//!
//! The table is for people and for guessing a type: it lets a tool infer
//! the format of `Priority=3000` on an object that does not list the
//! property yet, and say what was expected when a value is rejected
//! ("Priority is a DWORD"). What an object actually returns always wins over
//! the table (a newer Windows may add or change properties), and private
//! properties (those of a resource's DLL) are not in it.
//!
//! Lookups compare names as clusprop compares property names
//! ([`clusprop::fold_name_char`], character by character).

use clusprop::{PropertyFormat, fold_name_char};

use crate::control::ObjectType;

/// The kinds of cluster object whose common properties the table lists
/// (more than take control codes through [`ObjectType`] today).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KnownObject {
    /// The cluster itself.
    Cluster,
    /// A node.
    Node,
    /// A group.
    Group,
    /// A resource.
    Resource,
    /// A resource type.
    ResourceType,
    /// A network.
    Network,
    /// A network interface.
    NetInterface,
}

impl KnownObject {
    /// Every kind, in the order above.
    pub const ALL: [KnownObject; 7] = [
        KnownObject::Cluster,
        KnownObject::Node,
        KnownObject::Group,
        KnownObject::Resource,
        KnownObject::ResourceType,
        KnownObject::Network,
        KnownObject::NetInterface,
    ];

    /// The kind as a person names it ("resource type").
    pub const fn name(self) -> &'static str {
        match self {
            KnownObject::Cluster => "cluster",
            KnownObject::Node => "node",
            KnownObject::Group => "group",
            KnownObject::Resource => "resource",
            KnownObject::ResourceType => "resource type",
            KnownObject::Network => "network",
            KnownObject::NetInterface => "network interface",
        }
    }
}

impl From<ObjectType> for KnownObject {
    fn from(object: ObjectType) -> Self {
        match object {
            ObjectType::Cluster => KnownObject::Cluster,
            ObjectType::Group => KnownObject::Group,
            ObjectType::Node => KnownObject::Node,
            ObjectType::Resource => KnownObject::Resource,
            ObjectType::ResourceType => KnownObject::ResourceType,
            ObjectType::Network => KnownObject::Network,
            ObjectType::NetInterface => KnownObject::NetInterface,
        }
    }
}

/// One common property of one kind of object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownProperty {
    /// The kind of object that has it.
    pub object: KnownObject,
    /// Its name, spelled as Microsoft spells it.
    pub name: &'static str,
    /// Its value format (`CLUSPROP_FORMAT_*`).
    pub format: PropertyFormat,
    /// Whether it is read-only (returned by `*_GET_RO_COMMON_PROPERTIES`).
    pub read_only: bool,
    /// What it means, in one line.
    pub meaning: &'static str,
}

impl KnownProperty {
    /// The format as a person reads it: `DWORD`, `SZ`, `MULTI_SZ`, ...
    pub fn format_name(&self) -> &'static str {
        format_name(self.format)
    }

    /// What a value must be, for an error message: "a DWORD (0 to
    /// 4294967295)".
    pub fn expected(&self) -> &'static str {
        expected(self.format)
    }
}

/// A format without its `CLUSPROP_FORMAT_` prefix (`"DWORD"`), or
/// `"UNKNOWN"` for a value the headers do not name.
pub fn format_name(format: PropertyFormat) -> &'static str {
    format
        .name()
        .and_then(|n| n.strip_prefix("CLUSPROP_FORMAT_"))
        .unwrap_or("UNKNOWN")
}

/// What a value of `format` must be, in words: "a DWORD (0 to
/// 4294967295)", "a string (SZ)".
pub fn expected(format: PropertyFormat) -> &'static str {
    match format {
        PropertyFormat::DWORD => "a DWORD (0 to 4294967295)",
        PropertyFormat::LONG => "a LONG (-2147483648 to 2147483647)",
        PropertyFormat::WORD => "a WORD (0 to 65535)",
        PropertyFormat::ULARGE_INTEGER => "a ULARGE_INTEGER (0 to 18446744073709551615)",
        PropertyFormat::LARGE_INTEGER => {
            "a LARGE_INTEGER (-9223372036854775808 to 9223372036854775807)"
        }
        PropertyFormat::SZ => "a string (SZ)",
        PropertyFormat::EXPAND_SZ => "a string with %VARIABLES% (EXPAND_SZ)",
        PropertyFormat::EXPANDED_SZ => "a string (EXPANDED_SZ)",
        PropertyFormat::MULTI_SZ => "a list of strings (MULTI_SZ)",
        PropertyFormat::BINARY => "bytes in hex (BINARY)",
        PropertyFormat::FILETIME => {
            "a FILETIME (100 ns ticks since 1601-01-01 UTC, or a UTC time 2022-06-18T04:26:40Z)"
        }
        // Its two forms (hex, SDDL-like text) are the notation's to say,
        // in the error for a text that is neither
        // (`TextValueError::NotASecurityDescriptor`).
        PropertyFormat::SECURITY_DESCRIPTOR => "a self-relative security descriptor",
        _ => "a value of the property's own format",
    }
}

/// Whether two property names match as clusprop compares names.
fn same_name(a: &str, b: &str) -> bool {
    a.chars()
        .map(fold_name_char)
        .eq(b.chars().map(fold_name_char))
}

/// The entry for `name` on `object` (case-insensitive), if the table has it.
///
/// ```
/// use clusprop::PropertyFormat;
/// use clusprop_ffi::known::{KnownObject, lookup};
/// let p = lookup(KnownObject::Group, "priority").unwrap();
/// assert_eq!((p.name, p.format, p.read_only), ("Priority", PropertyFormat::DWORD, false));
/// ```
pub fn lookup(object: impl Into<KnownObject>, name: &str) -> Option<&'static KnownProperty> {
    let object = object.into();
    TABLE
        .iter()
        .find(|p| p.object == object && same_name(p.name, name))
}

/// Every entry for `object`, in the table's (alphabetical) order.
pub fn properties(object: impl Into<KnownObject>) -> impl Iterator<Item = &'static KnownProperty> {
    let object = object.into();
    TABLE.iter().filter(move |p| p.object == object)
}

/// The whole table.
pub fn all() -> &'static [KnownProperty] {
    TABLE
}

/// Builds the table compactly: `rw`/`ro`, a format constant's name, the
/// property name and its meaning.
macro_rules! table {
    ($( $object:ident { $( $access:ident $format:ident $name:literal $meaning:literal; )* } )*) => {
        &[ $( $( KnownProperty {
            object: KnownObject::$object,
            name: $name,
            format: PropertyFormat::$format,
            read_only: table!(@ro $access),
            meaning: $meaning,
        }, )* )* ]
    };
    (@ro rw) => { false };
    (@ro ro) => { true };
}

static TABLE: &[KnownProperty] = table! {
    Cluster {
        rw DWORD "AddEvictDelay" "seconds to wait after a node is evicted before adjusting the quorum";
        ro DWORD "AdminAccessPoint" "the kind of administrative access point the cluster has (none, DNS name, network name)";
        rw DWORD "BackupInProgress" "set while a backup of the cluster runs";
        rw DWORD "ClusSvcHangTimeout" "seconds the cluster service may stop responding before the node is treated as hung";
        rw DWORD "ClusSvcRegroupOpeningTimeout" "seconds a node waits for others to join the opening phase of a regroup";
        rw DWORD "ClusSvcRegroupPruningTimeout" "seconds the regroup pruning phase may take";
        rw DWORD "ClusSvcRegroupStageTimeout" "seconds each regroup stage may take";
        rw DWORD "ClusSvcRegroupTickInMilliseconds" "the regroup timer tick, in milliseconds";
        rw DWORD "ClusterEnforcedAntiAffinity" "1: groups with a shared anti-affinity class never share a node; 0: avoided when possible";
        rw DWORD "ClusterGroupWaitDelay" "seconds a group waits for its preferred owner after a cold start";
        rw DWORD "ClusterLogLevel" "how much the cluster log records (0 none to 5 everything)";
        rw DWORD "ClusterLogSize" "the cluster log's maximum size, in MB";
        rw DWORD "CrossSubnetDelay" "milliseconds between heartbeats to nodes on other subnets";
        rw DWORD "CrossSubnetThreshold" "heartbeats to nodes on other subnets missed before a node is treated as down";
        rw DWORD "CsvBalancer" "1: Cluster Shared Volume ownership is balanced across the nodes";
        rw DWORD "DatabaseReadWriteMode" "how the cluster database is written (0 all nodes, 1 majority)";
        rw DWORD "DefaultNetworkRole" "the role new networks get (0 none, 1 cluster only, 3 cluster and clients)";
        rw SZ "Description" "free text about the cluster";
        rw DWORD "DrainOnShutdown" "1: a node is drained of its groups before it shuts down";
        rw DWORD "DynamicQuorumEnabled" "1: the cluster adjusts node votes as nodes leave and join";
        rw DWORD "EnableSharedVolumes" "1: Cluster Shared Volumes are enabled";
        ro DWORD "FixQuorum" "1: the cluster was started with forced quorum";
        rw DWORD "GroupDependencyTimeout" "seconds a group waits for the groups it depends on";
        rw DWORD "HangRecoveryAction" "what the cluster does when its service hangs (0 none to 4 bugcheck)";
        ro DWORD "IgnorePersistentStateOnStartup" "1: groups' persistent states were ignored when the cluster started";
        rw DWORD "LogResourceControls" "1: resource control codes are written to the cluster log";
        rw DWORD "PlumbAllCrossSubnetRoutes" "1: routes to all subnets' addresses are set up";
        ro DWORD "PreventQuorum" "1: the node was started so that it cannot form a quorum of its own";
        rw DWORD "QuarantineDuration" "seconds a node that failed too often stays quarantined";
        rw DWORD "QuarantineThreshold" "failures within an hour after which a node is quarantined";
        rw DWORD "QuorumArbitrationTimeMax" "seconds a node may take at most to arbitrate for the quorum";
        rw DWORD "QuorumArbitrationTimeMin" "seconds a node takes at least to arbitrate for the quorum";
        rw DWORD "RequestReplyTimeout" "seconds a request between nodes may wait for its reply";
        rw DWORD "ResiliencyDefaultPeriod" "seconds a node may stay isolated before its groups are moved";
        rw DWORD "ResiliencyLevel" "how the cluster treats a briefly isolated node (1 legacy, 2 by cause)";
        rw DWORD "RouteHistoryLength" "how many heartbeat routing events are kept for the log";
        rw DWORD "SameSubnetDelay" "milliseconds between heartbeats to nodes on the same subnet";
        rw DWORD "SameSubnetThreshold" "heartbeats to nodes on the same subnet missed before a node is treated as down";
        rw DWORD "SecurityLevel" "protection of traffic between nodes (0 none, 1 signed, 2 encrypted)";
        ro SZ "SharedVolumesRoot" "the folder where Cluster Shared Volumes are mounted";
        rw DWORD "ShutdownTimeoutInMinutes" "minutes the cluster service may take to shut down";
        rw DWORD "WitnessDatabaseWriteTimeout" "seconds a write to the witness database may take";
        ro DWORD "WitnessDynamicWeight" "the witness's current vote (0 or 1)";
        rw DWORD "WitnessRestartInterval" "seconds between attempts to restart a failed witness";
    }
    Node {
        ro DWORD "BuildNumber" "the operating system's build number";
        ro SZ "CSDVersion" "the installed service pack, as text";
        rw SZ "Description" "free text about the node";
        ro DWORD "DynamicWeight" "the node's current vote, as dynamic quorum set it (0 or 1)";
        ro DWORD "MajorVersion" "the operating system's major version";
        ro DWORD "MinorVersion" "the operating system's minor version";
        ro DWORD "NeedsPreventQuorum" "1: the node must be started so that it cannot form a quorum";
        ro DWORD "NodeDrainStatus" "where draining the node stands (0 not started to 3 failed)";
        ro DWORD "NodeDrainTarget" "the node the groups are drained to (0: chosen by the cluster)";
        ro DWORD "NodeHighestVersion" "the highest cluster version the node can work with";
        ro SZ "NodeInstanceID" "the node's identifier, a GUID as text";
        ro DWORD "NodeLowestVersion" "the lowest cluster version the node can work with";
        ro SZ "NodeName" "the node's name";
        rw DWORD "NodeWeight" "1: the node has a quorum vote; 0: it does not";
    }
    Group {
        rw MULTI_SZ "AntiAffinityClassNames" "groups sharing one of these names are kept on different nodes";
        rw DWORD "AutoFailbackType" "whether the group goes back to its preferred owner (0 prevent, 1 allow)";
        rw DWORD "ColdStartSetting" "whether the group starts after a cold start (0 always, 1 only if it was online, 2 never)";
        rw DWORD "DefaultOwner" "the number of the node the group was last brought online on or moved to";
        rw SZ "Description" "free text about the group";
        rw LONG "FailbackWindowEnd" "the last hour of the day a failback may start (-1: any time)";
        rw LONG "FailbackWindowStart" "the first hour of the day a failback may start (-1: any time)";
        rw DWORD "FailoverPeriod" "hours over which FailoverThreshold counts failovers";
        rw DWORD "FailoverThreshold" "failovers allowed within FailoverPeriod before the group is left failed";
        ro DWORD "GroupType" "what the group is for (cluster group, file server, virtual machine, ...)";
        ro DWORD "IsCoreGroup" "1: the group is one of the cluster's own core groups";
        rw SZ "Name" "the group's name";
        rw DWORD "PersistentState" "1: the group was last online and comes back online when the cluster starts";
        rw DWORD "Priority" "start order among groups (3000 high, 2000 medium, 1000 low, 0 no automatic start)";
        rw DWORD "ResiliencyPeriod" "seconds the group may stay on an isolated node before it moves";
        ro ULARGE_INTEGER "StatusInformation" "flags describing the group's current status";
    }
    Resource {
        rw DWORD "DeadlockTimeout" "milliseconds before a resource DLL that does not answer is treated as deadlocked";
        rw SZ "Description" "free text about the resource";
        rw DWORD "EmbeddedFailureAction" "what to do when the resource reports an embedded failure";
        rw DWORD "IsAlivePollInterval" "milliseconds between thorough health checks (IsAlive)";
        rw DWORD "LooksAlivePollInterval" "milliseconds between quick health checks (LooksAlive)";
        ro DWORD "MonitorProcessId" "the process id of the resource monitor hosting the resource";
        rw SZ "Name" "the resource's name";
        rw DWORD "PendingTimeout" "milliseconds a pending online or offline may go without news before the resource is terminated";
        rw DWORD "PersistentState" "1: the resource was last online and comes back online when its group starts";
        rw DWORD "RestartAction" "what a failure does (0 no restart, 1 restart without affecting the group, 2 restart and fail the group over)";
        rw DWORD "RestartDelay" "milliseconds to wait before restarting the resource";
        rw DWORD "RestartPeriod" "milliseconds over which RestartThreshold counts restarts";
        rw DWORD "RestartThreshold" "restarts allowed within RestartPeriod before the resource is left failed";
        rw DWORD "RetryPeriodOnFailure" "milliseconds to wait before trying a failed resource again";
        rw DWORD "SeparateMonitor" "1: the resource runs in a resource monitor of its own";
        ro SZ "Type" "the name of the resource's type";
    }
    ResourceType {
        rw DWORD "DeadlockTimeout" "milliseconds before a resource DLL that does not answer is treated as deadlocked";
        rw SZ "Description" "free text about the resource type";
        rw SZ "DllName" "the file name of the resource DLL that handles the type";
        rw DWORD "IsAlivePollInterval" "default milliseconds between thorough health checks for resources of the type";
        rw DWORD "LooksAlivePollInterval" "default milliseconds between quick health checks for resources of the type";
        rw SZ "Name" "the type's display name";
        rw DWORD "PendingTimeout" "default milliseconds a pending resource of the type may go without news";
    }
    Network {
        ro SZ "Address" "the network's address (IPv4 or IPv6)";
        ro SZ "AddressMask" "the network's subnet mask";
        rw DWORD "AutoMetric" "1: the cluster chose the metric; 0: it was set by hand";
        rw SZ "Description" "free text about the network";
        ro MULTI_SZ "Ipv4Addresses" "the network's IPv4 subnets";
        ro MULTI_SZ "Ipv4PrefixLengths" "the prefix length of each IPv4 subnet";
        ro MULTI_SZ "Ipv6Addresses" "the network's IPv6 subnets";
        ro MULTI_SZ "Ipv6PrefixLengths" "the prefix length of each IPv6 subnet";
        rw DWORD "Metric" "the network's cost: the lowest carries cluster traffic first";
        rw SZ "Name" "the network's name";
        rw DWORD "Role" "what the network carries (0 nothing, 1 cluster traffic, 2 clients, 3 both)";
    }
    NetInterface {
        ro SZ "Adapter" "the name of the network adapter";
        ro SZ "AdapterId" "the network adapter's identifier";
        ro SZ "Address" "the interface's primary address";
        rw SZ "Description" "free text about the interface";
        ro DWORD "DhcpEnabled" "1: the address comes from DHCP";
        ro MULTI_SZ "IPv4Addresses" "the interface's IPv4 addresses";
        ro MULTI_SZ "IPv6Addresses" "the interface's IPv6 addresses";
        ro SZ "Name" "the interface's name";
        ro SZ "Network" "the name of the network the interface is on";
        ro SZ "Node" "the name of the node the interface belongs to";
    }
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_duplicates_per_object_even_ignoring_case() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                assert!(
                    !(a.object == b.object && same_name(a.name, b.name)),
                    "{} listed twice for {:?}",
                    a.name,
                    a.object
                );
            }
        }
    }

    #[test]
    fn every_object_has_entries_in_alphabetical_order() {
        for object in KnownObject::ALL {
            let names: Vec<String> = properties(object)
                .map(|p| p.name.to_ascii_uppercase())
                .collect();
            assert!(!names.is_empty(), "{object:?} has no entries");
            let mut sorted = names.clone();
            sorted.sort();
            assert_eq!(names, sorted, "{object:?} is out of order");
        }
    }

    #[test]
    fn entries_are_well_formed() {
        for p in TABLE {
            assert!(!p.name.is_empty() && p.name.trim() == p.name, "{p:?}");
            assert!(p.format.name().is_some(), "{p:?}");
            assert!(!p.meaning.is_empty() && !p.meaning.ends_with('.'), "{p:?}");
            assert!(!p.expected().contains("own format"), "{p:?}");
        }
    }

    #[test]
    fn lookups_ignore_case_and_respect_the_object() {
        let p = lookup(KnownObject::Group, "PRIORITY").expect("Priority");
        assert_eq!(p.name, "Priority");
        assert_eq!(p.format, PropertyFormat::DWORD);
        assert!(!p.read_only);
        assert_eq!(lookup(ObjectType::Group, "priority"), Some(p));
        assert!(lookup(KnownObject::Resource, "Priority").is_none());
        assert!(lookup(KnownObject::Group, "Priorit").is_none());
        assert!(lookup(KnownObject::Group, "Priorityy").is_none());
        let t = lookup(ObjectType::Resource, "type").expect("Type");
        assert!(t.read_only);
        assert_eq!(t.format_name(), "SZ");
        assert_eq!(
            lookup(KnownObject::Group, "failbackwindowstart").map(|p| p.format),
            Some(PropertyFormat::LONG)
        );
    }

    #[test]
    fn expected_names_the_range() {
        let p = lookup(KnownObject::Group, "Priority").expect("Priority");
        assert_eq!(
            format!("{} is {}", p.name, p.expected()),
            "Priority is a DWORD (0 to 4294967295)"
        );
        assert_eq!(format_name(PropertyFormat(0x7777)), "UNKNOWN");
    }
}
