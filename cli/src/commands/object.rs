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
}

/// OBJECT, `--kind` and the cluster flags.
#[derive(Args, Debug)]
pub struct ObjectArgs {
    /// The resource, group or node (for --kind cluster: the cluster).
    pub object: String,
    /// What OBJECT is.
    #[arg(long, value_enum, default_value_t = Kind::Resource)]
    pub kind: Kind,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// A command that runs against any object that takes control codes.
pub trait OnObject {
    /// Runs against `object`, which is `args.object` of kind `args.kind`.
    fn run<T: ControlTarget>(&self, object: &T, backend: &Backend) -> Result<(), Failure>;
}

/// Opens the object `args` names and runs `command` on it.
pub fn with_object(args: &ObjectArgs, command: &impl OnObject) -> Result<(), Failure> {
    // With --kind cluster, OBJECT is the cluster; a --cluster naming another
    // one would otherwise be ignored. Cluster names compare case-insensitively.
    if let (Kind::Cluster, Some(other)) = (args.kind, &args.cluster.cluster)
        && !other.to_lowercase().eq(&args.object.to_lowercase())
    {
        return Err(Failure::usage(format!(
            "--kind cluster reads the cluster OBJECT names ({:?}); --cluster {other:?} names \
             another (give one of them)",
            args.object
        )));
    }
    let backend = Backend::choose(&args.cluster)?;
    let cluster = match args.kind {
        Kind::Cluster => Cluster::open_named(&backend.api, &args.object)
            .map_err(Failure::opening("cluster", &args.object))?,
        _ => backend.open(&args.cluster)?,
    };
    let name = args.object.as_str();
    match args.kind {
        Kind::Cluster => command.run(&cluster, &backend),
        Kind::Resource => {
            let resource = cluster
                .open_resource(name)
                .map_err(Failure::opening("resource", name))?;
            command.run(&resource, &backend)
        }
        Kind::Group => {
            let group = cluster
                .open_group(name)
                .map_err(Failure::opening("group", name))?;
            command.run(&group, &backend)
        }
        Kind::Node => {
            let node = cluster
                .open_node(name)
                .map_err(Failure::opening("node", name))?;
            command.run(&node, &backend)
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
