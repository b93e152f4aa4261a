//! What a cluster's configuration must hold beyond its syntax: names that
//! are not empty, hold no NUL and are unique where Windows makes them
//! unique, and references (a group's owner, an interface's node and
//! network) that name something.
//!
//! One check for both ways a configuration is made: built with the API, it
//! is checked when the cluster starts; read from text, when the text is read,
//! so that the error names the line that declared the object.

use std::collections::HashSet;

use crate::config::{ClusterConfig, DEFAULT_NODE};
use crate::names::object_key;
use crate::shown::Shown;

/// The object an [`Inconsistency`] is about, by its index in its list of
/// the [`ClusterConfig`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ObjectRef {
    /// The cluster itself.
    Cluster,
    /// `nodes[i]`.
    Node(usize),
    /// `groups[i]`.
    Group(usize),
    /// `networks[i]`.
    Network(usize),
    /// `net_interfaces[i]`.
    NetInterface(usize),
    /// `resource_types[i]`.
    ResourceType(usize),
    /// The `i`-th resource of the cluster, counting through the groups in
    /// order.
    Resource(usize),
}

/// A rule of this module that a configuration breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Inconsistency {
    /// What it is about.
    pub(crate) object: ObjectRef,
    /// What is wrong.
    pub(crate) message: String,
}

fn fail(object: ObjectRef, message: String) -> Result<(), Inconsistency> {
    Err(Inconsistency { object, message })
}

/// An error if `name` holds NUL: the cluster API takes names as
/// NUL-terminated strings, so no call could name the object, and an
/// enumeration would show a shorter name.
fn no_nul(object: ObjectRef, kind: &str, name: &str) -> Result<(), Inconsistency> {
    if name.contains('\0') {
        return fail(
            object,
            format!("{kind} {}: a name may not hold NUL", Shown(name)),
        );
    }
    Ok(())
}

/// Checks `config`; the first rule broken, in the order of the lists.
pub(crate) fn check(config: &ClusterConfig) -> Result<(), Inconsistency> {
    if config.name.is_empty() || config.name.contains('\0') {
        return fail(
            ObjectRef::Cluster,
            "a cluster needs a name without NUL".to_owned(),
        );
    }
    // One hash lookup per name, however many objects there are.
    let mut nodes = HashSet::with_capacity(config.nodes.len().max(1));
    for (i, n) in config.nodes.iter().enumerate() {
        no_nul(ObjectRef::Node(i), "node", &n.name)?;
        if n.name.is_empty() || !nodes.insert(object_key(&n.name)) {
            return fail(
                ObjectRef::Node(i),
                format!(
                    "node names must be unique and not empty ({})",
                    Shown(&n.name)
                ),
            );
        }
    }
    if config.nodes.is_empty() {
        nodes.insert(object_key(DEFAULT_NODE));
    }
    let mut groups = HashSet::with_capacity(config.groups.len());
    // Resource names are unique in the whole cluster, as Windows makes
    // them (`OpenClusterResource` takes only the cluster and the name).
    let mut resources = HashSet::new();
    let mut resource_index = 0;
    for (i, g) in config.groups.iter().enumerate() {
        if g.name.is_empty() {
            return fail(ObjectRef::Group(i), "a group needs a name".to_owned());
        }
        no_nul(ObjectRef::Group(i), "group", &g.name)?;
        // A failed `GetClusterGroupState` always has a last error; with 0
        // the query would return `ClusterGroupStateUnknown` and no error,
        // which Windows never does.
        if g.state_query_error == Some(0) {
            return fail(
                ObjectRef::Group(i),
                format!(
                    "group {}: state-query-error 0 is not an error code",
                    Shown(&g.name)
                ),
            );
        }
        if !groups.insert(object_key(&g.name)) {
            return fail(
                ObjectRef::Group(i),
                format!("two groups named {}", Shown(&g.name)),
            );
        }
        if let Some(owner) = g
            .owner
            .as_deref()
            .filter(|o| !nodes.contains(&object_key(o)))
        {
            return fail(
                ObjectRef::Group(i),
                format!("group {}: no node {}", Shown(&g.name), Shown(owner)),
            );
        }
    }
    for r in config.groups.iter().flat_map(|g| &g.resources) {
        let object = ObjectRef::Resource(resource_index);
        resource_index += 1;
        if r.name.is_empty() {
            return fail(object, "a resource needs a name".to_owned());
        }
        no_nul(object, "resource", &r.name)?;
        if !resources.insert(object_key(&r.name)) {
            return fail(object, format!("two resources named {}", Shown(&r.name)));
        }
        if r.resource_type.contains('\0') {
            return fail(
                object,
                format!(
                    "resource {}: the type {} holds NUL",
                    Shown(&r.name),
                    Shown(&r.resource_type)
                ),
            );
        }
    }
    let mut networks = HashSet::with_capacity(config.networks.len());
    for (i, n) in config.networks.iter().enumerate() {
        no_nul(ObjectRef::Network(i), "network", &n.name)?;
        if n.name.is_empty() || !networks.insert(object_key(&n.name)) {
            return fail(
                ObjectRef::Network(i),
                format!(
                    "network names must be unique and not empty ({})",
                    Shown(&n.name)
                ),
            );
        }
    }
    let mut interfaces = HashSet::with_capacity(config.net_interfaces.len());
    for (i, n) in config.net_interfaces.iter().enumerate() {
        let object = ObjectRef::NetInterface(i);
        if !nodes.contains(&object_key(&n.node)) {
            return fail(
                object,
                format!(
                    "netinterface {}: no node {}",
                    Shown(&n.name),
                    Shown(&n.node)
                ),
            );
        }
        if !networks.contains(&object_key(&n.network)) {
            return fail(
                object,
                format!(
                    "netinterface {}: no network {}",
                    Shown(&n.name),
                    Shown(&n.network)
                ),
            );
        }
        no_nul(object, "netinterface", &n.name)?;
        if n.name.is_empty() || !interfaces.insert(object_key(&n.name)) {
            return fail(
                object,
                format!(
                    "netinterface names must be unique and not empty ({})",
                    Shown(&n.name)
                ),
            );
        }
    }
    // Declared types may repeat (and repeat the types of resources): the
    // cluster lists each once.
    for (i, t) in config.resource_types.iter().enumerate() {
        let object = ObjectRef::ResourceType(i);
        if t.is_empty() {
            return fail(object, "a resource type needs a name".to_owned());
        }
        no_nul(object, "resource type", t)?;
    }
    Ok(())
}
