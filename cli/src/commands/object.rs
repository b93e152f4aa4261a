//! `get` and `set` name an object and its kind: open it and hand it, as a
//! `ControlTarget`, to the command.

use clap::{Args, ValueEnum};
use clusprop_ffi::{Cluster, ControlTarget, PropertyKind};

use crate::backend::{Backend, ClusterArgs};
use crate::error::Failure;

/// The kind of object a control code goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A resource (`ClusterResourceControl`).
    Resource,
    /// A group (`ClusterGroupControl`).
    Group,
    /// A node (`ClusterNodeControl`).
    Node,
    /// The cluster itself (`ClusterControl`); OBJECT names the cluster.
    Cluster,
    /// A network (`ClusterNetworkControl`).
    Network,
    /// A network interface (`ClusterNetInterfaceControl`); only with `--kind`.
    Netinterface,
    /// A resource type (`ClusterResourceTypeControl`), by its name; only
    /// with `--kind`.
    ResourceType,
}

/// OBJECT, `--kind` and the cluster flags.
#[derive(Args, Debug)]
pub struct ObjectArgs {
    /// The resource, group, node, network or cluster (its kind is found by
    /// opening each kind in turn when --kind is not given).
    #[arg(value_parser = crate::prop::utf8(crate::backend::parse_name))]
    pub object: String,
    /// What OBJECT is (default: whichever of resource, group, node and
    /// network has that name, when exactly one does; else the cluster of
    /// that name).
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// A command that runs against any object that takes control codes.
pub trait OnObject {
    /// Runs against `object`, which is `args.object` of kind `kind`.
    fn run<T: ControlTarget>(&self, object: &T, backend: &Backend) -> Result<(), Failure>;

    /// The command's other names (`get`'s NAMEs): when OBJECT names nothing
    /// but one of these names an object, the arguments were given the wrong
    /// way round, and the message says so.
    fn other_names(&self) -> &[String] {
        &[]
    }
}

impl Kind {
    /// The kinds tried, in order, when `--kind` is absent.
    const TRIED: [Kind; 5] = [
        Kind::Resource,
        Kind::Group,
        Kind::Node,
        Kind::Network,
        Kind::Cluster,
    ];

    /// The kind as `--kind` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Resource => "resource",
            Kind::Group => "group",
            Kind::Node => "node",
            Kind::Cluster => "cluster",
            Kind::Network => "network",
            Kind::Netinterface => "netinterface",
            Kind::ResourceType => "resource-type",
        }
    }
}

/// Which kind `name` is: `--kind` when given, otherwise the only kind of
/// object that opens under that name (resource, group, node, network; the
/// cluster only when none of those does). None opens: exit 3, naming what
/// was tried and why each failed; several open: exit 2 (the name is ambiguous:
/// a usage matter, `--kind` settles it), naming the matches.
fn resolve(backend: &Backend, args: &ObjectArgs, others: &[String]) -> Result<Kind, Failure> {
    if let Some(kind) = args.kind {
        return Ok(kind);
    }
    let name = args.object.as_str();
    let cluster = match backend.open(&args.cluster) {
        Ok(cluster) => cluster,
        // Without the cluster no resource, group or node can be looked for:
        // OBJECT can only be a cluster, else the failure is the cluster's.
        Err(failure) => {
            return match Cluster::open_named(&backend.api, name) {
                Ok(_) => Ok(Kind::Cluster),
                Err(_) => Err(failure),
            };
        }
    };
    let mut matches = Vec::new();
    let mut misses = Vec::new();
    for kind in Kind::TRIED {
        // Opening a cluster by name is a network connection to that name
        // (on Windows an RPC that can take seconds to fail): it is tried
        // only when no resource, group or node has the name.
        if kind == Kind::Cluster && !matches.is_empty() {
            break;
        }
        // The message names `name` once, so each kind's error is shown
        // without the object the library names in it.
        let opened = match kind {
            Kind::Cluster => Cluster::open_named(&backend.api, name).map(drop),
            Kind::Resource => cluster.open_resource(name).map(drop),
            Kind::Group => cluster.open_group(name).map(drop),
            Kind::Node => cluster.open_node(name).map(drop),
            Kind::Network => cluster.open_network(name).map(drop),
            Kind::Netinterface => cluster.open_net_interface(name).map(drop),
            Kind::ResourceType => cluster.resource_type(name).map(drop),
        }
        .map_err(|e| e.into_inner().to_string());
        match opened {
            Ok(()) => matches.push(kind),
            Err(e) => misses.push(format!("{} ({e})", kind.name())),
        }
    }
    match matches.as_slice() {
        [kind] => Ok(*kind),
        [] => {
            // `get NAME OBJECT`: one of the other names is an object (of a
            // kind opened in the cluster, not another cluster: no network).
            let swapped = others.iter().find_map(|other| {
                let kind = if cluster.open_resource(other).is_ok() {
                    Kind::Resource
                } else if cluster.open_group(other).is_ok() {
                    Kind::Group
                } else if cluster.open_node(other).is_ok() {
                    Kind::Node
                } else if cluster.open_network(other).is_ok() {
                    Kind::Network
                } else {
                    return None;
                };
                Some(format!(
                    " ({} names a {}: the object comes first, then the names of its \
                     properties)",
                    clusprop::quoted(other),
                    kind.name()
                ))
            });
            Err(Failure::new(
                crate::error::CLUSTER,
                format!(
                    "no resource, group, node, network or cluster is named {}; tried {}. \
                     Check the name, or give its kind with --kind \
                     resource|group|node|network|netinterface|resource-type|cluster{}",
                    clusprop::quoted(name),
                    misses.join(", "),
                    swapped.unwrap_or_default()
                ),
            ))
        }
        several => Err(Failure::usage(format!(
            "{} names more than one object: {}; choose one with --kind {}",
            clusprop::quoted(name),
            several
                .iter()
                .map(|k| format!("a {}", k.name()))
                .collect::<Vec<_>>()
                .join(" and "),
            several
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join("|")
        ))),
    }
}

/// Opens the object `args` names (of the kind [`resolve`] finds) and runs
/// `command` on it.
pub fn with_object(args: &ObjectArgs, command: &impl OnObject) -> Result<(), Failure> {
    // With --kind cluster, OBJECT is the cluster; a --cluster naming another
    // one would otherwise be ignored. Cluster names compare case-insensitively.
    if let (Some(Kind::Cluster), Some(other)) = (args.kind, &args.cluster.cluster)
        && !other.to_lowercase().eq(&args.object.to_lowercase())
    {
        return Err(Failure::usage(format!(
            "--kind cluster reads the cluster OBJECT names ({}); --cluster {} names \
             another (give one of them)",
            clusprop::quoted(&args.object),
            clusprop::quoted(other)
        )));
    }
    let backend = Backend::choose(&args.cluster)?;
    let kind = resolve(&backend, args, command.other_names())?;
    run_on(&backend, kind, args, command).map_err(|f| f.about(kind.name(), &args.object))
}

/// Opens `args.object` as a `kind` and runs `command` on it.
fn run_on(
    backend: &Backend,
    kind: Kind,
    args: &ObjectArgs,
    command: &impl OnObject,
) -> Result<(), Failure> {
    let name = args.object.as_str();
    let cluster = match kind {
        Kind::Cluster => Cluster::open_named(&backend.api, name).map_err(Failure::cluster)?,
        _ => backend.open(&args.cluster)?,
    };
    match kind {
        Kind::Cluster => command.run(&cluster, backend),
        Kind::Resource => {
            let resource = cluster.open_resource(name).map_err(Failure::cluster)?;
            command.run(&resource, backend)
        }
        Kind::Group => {
            let group = cluster.open_group(name).map_err(Failure::cluster)?;
            command.run(&group, backend)
        }
        Kind::Node => {
            let node = cluster.open_node(name).map_err(Failure::cluster)?;
            command.run(&node, backend)
        }
        Kind::Network => {
            let network = cluster.open_network(name).map_err(Failure::cluster)?;
            command.run(&network, backend)
        }
        Kind::Netinterface => {
            let interface = cluster.open_net_interface(name).map_err(Failure::cluster)?;
            command.run(&interface, backend)
        }
        Kind::ResourceType => {
            let resource_type = cluster.resource_type(name).map_err(Failure::cluster)?;
            command.run(&resource_type, backend)
        }
    }
}

/// `--private` and `--ro` as a property kind.
pub fn property_kind(private: bool, read_only: bool) -> PropertyKind {
    match (private, read_only) {
        (false, false) => PropertyKind::Common,
        (false, true) => PropertyKind::ReadOnlyCommon,
        (true, false) => PropertyKind::Private,
        (true, true) => PropertyKind::ReadOnlyPrivate,
    }
}

/// How a property kind is named in the output.
pub fn describe(kind: PropertyKind) -> &'static str {
    match kind {
        PropertyKind::Common => "common properties",
        PropertyKind::ReadOnlyCommon => "read-only common properties",
        PropertyKind::Private => "private properties",
        PropertyKind::ReadOnlyPrivate => "read-only private properties",
    }
}

/// The failure for a group that did not open: the command acts on groups,
/// and a newcomer may name a resource (`offline DemoVM`) or a node instead,
/// which the message then says (with the resource's group). The error's
/// prefix names the object already (`group "DemoVM": `), so the note does
/// not name it again.
pub fn opening_group<'a>(
    cluster: &'a Cluster,
    name: &'a str,
) -> impl FnOnce(clusprop_ffi::Error) -> Failure + 'a {
    move |error| {
        let mut failure = Failure::cluster(error);
        if let Ok(resource) = cluster.open_resource(name) {
            let group = resource
                .group_name()
                .map(|group| format!(", in the group {}", clusprop::quoted(&group)))
                .unwrap_or_default();
            failure.message.push_str(&format!(
                " (that is the name of a resource{group}: offline, online and move take a group)"
            ));
        } else if cluster.open_node(name).is_ok() {
            failure
                .message
                .push_str(" (that is the name of a node: offline, online and move take a group)");
        }
        failure
    }
}
