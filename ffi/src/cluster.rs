//! [`Cluster`], the handle everything else is opened from.

use std::fmt;
use std::sync::Arc;

use windows_sys::Win32::Networking::Clustering::HCLUSTER;

use crate::control::ObjectType;
use crate::error::Error;
use crate::flags::Access;
use crate::name::WideName;
use crate::sys::{ClusApi, ObjectKind, RawCluster, RawObject};
use crate::{Group, Node, Resource};

/// An open cluster (`HCLUSTER`), closed with `CloseCluster` exactly once:
/// when this value and every [`Group`], [`Node`] and [`Resource`] opened
/// from it are dropped.
///
/// `Send + Sync`; see the crate documentation for the rule.
///
/// ```
/// use clusprop_ffi::{Cluster, ControlTarget, PropertyKind};
/// use clusprop_sim::{ClusterConfig, SimCluster};
///
/// let sim = SimCluster::new(&ClusterConfig::demo().named("DocCluster"))?;
/// let api = sim.api();
/// let cluster = Cluster::open_named(&api, "DocCluster")?;
/// let node = cluster.open_node("NODE1")?;
/// let reply = node.get_properties(PropertyKind::ReadOnlyCommon)?;
/// assert_eq!(reply.list().get::<u32>("BuildNumber")?, 9600); // Windows Server 2012 R2's own reply
/// drop((node, cluster)); // each handle closed once
/// assert_eq!(sim.open_handles(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Cluster {
    pub(crate) raw: Arc<RawCluster>,
    pub(crate) name: Option<String>,
}

impl fmt::Debug for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cluster")
            .field("name", &self.name)
            .field("handle", &self.raw.raw())
            .finish()
    }
}

impl Cluster {
    /// Opens the local cluster with `OpenCluster(NULL)` (full access, if the
    /// caller has it).
    pub fn open_local(api: &ClusApi) -> Result<Self, Error> {
        Ok(Self {
            raw: Arc::new(RawCluster::open(api, None)?),
            name: None,
        })
    }

    /// Opens the cluster called `name` (a cluster or node name) with
    /// `OpenCluster`. An error names the cluster ([`Error::Object`]), as do
    /// those of later calls on it.
    pub fn open_named(api: &ClusApi, name: &str) -> Result<Self, Error> {
        let open = || -> Result<Self, Error> {
            let wide = WideName::new(name)?;
            Ok(Self {
                raw: Arc::new(RawCluster::open(api, Some(&wide))?),
                name: Some(name.to_owned()),
            })
        };
        open().map_err(|e| e.about(ObjectType::Cluster, name))
    }

    /// Opens the local (`None`) or a named cluster asking for `access`, with
    /// `OpenClusterEx` (Windows Server 2008 R2+). [`Cluster::granted_access`]
    /// tells what was granted.
    pub fn open(api: &ClusApi, name: Option<&str>, access: Access) -> Result<Self, Error> {
        let open = || -> Result<Self, Error> {
            let wide = name.map(WideName::new).transpose()?;
            Ok(Self {
                raw: Arc::new(RawCluster::open_ex(api, wide.as_ref(), access.bits())?),
                name: name.map(str::to_owned),
            })
        };
        open().map_err(|e| match name {
            Some(name) => e.about(ObjectType::Cluster, name),
            None => e,
        })
    }

    /// The name it was opened with (`None` for the local cluster).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The access granted: what `OpenClusterEx` reported, or
    /// [`Access::ALL`] for `OpenCluster`.
    pub fn granted_access(&self) -> Access {
        Access::from_bits_retain(self.raw.granted())
    }

    /// The function table this handle uses.
    pub fn api(&self) -> &ClusApi {
        self.raw.api()
    }

    /// The raw handle, still owned by `self`.
    pub fn as_raw(&self) -> HCLUSTER {
        self.raw.raw()
    }

    /// Gives up ownership: the handle will never be closed by this crate,
    /// even after the groups opened from it are dropped. Groups, nodes and
    /// resources opened from this `Cluster` keep using the handle while they
    /// live: do not close it, or adopt it again with
    /// [`Cluster::from_raw`], before they are all dropped.
    pub fn into_raw(self) -> HCLUSTER {
        self.raw.disown();
        self.raw.raw()
    }

    /// `result`, its error naming this cluster ([`Error::Object`]) when it
    /// was opened by name.
    pub(crate) fn named<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|error| match self.name() {
            Some(name) => error.about(ObjectType::Cluster, name),
            None => error,
        })
    }

    /// Opens the `kind` object `name`, an error naming it
    /// ([`Error::Object`]).
    pub(crate) fn open_object<K: ObjectKind>(
        &self,
        kind: ObjectType,
        name: &str,
        access: Option<Access>,
    ) -> Result<RawObject<K>, Error> {
        WideName::new(name)
            .and_then(|wide| self.raw.open_object(&wide, access.map(Access::bits)))
            .map_err(|e| e.about(kind, name))
    }

    /// Opens a group by name with `OpenClusterGroup` (full access, if the
    /// caller has it). A missing group is `ERROR_GROUP_NOT_FOUND`, in an
    /// [`Error::Object`] that names the group (as are the errors of every
    /// call on the [`Group`]).
    pub fn open_group(&self, name: &str) -> Result<Group, Error> {
        Ok(Group {
            raw: self.open_object(ObjectType::Group, name, None)?,
            name: name.to_owned(),
        })
    }

    /// Opens a group by name asking for `access`, with `OpenClusterGroupEx`
    /// (Windows Server 2008 R2+). A group opened with [`Access::READ`] can be
    /// queried but not taken offline (`ERROR_ACCESS_DENIED`).
    pub fn open_group_with_access(&self, name: &str, access: Access) -> Result<Group, Error> {
        Ok(Group {
            raw: self.open_object(ObjectType::Group, name, Some(access))?,
            name: name.to_owned(),
        })
    }

    /// Opens a node by name with `OpenClusterNode`. A missing node is
    /// `ERROR_CLUSTER_NODE_NOT_FOUND`, in an [`Error::Object`] that names
    /// the node.
    pub fn open_node(&self, name: &str) -> Result<Node, Error> {
        Ok(Node {
            raw: self.open_object(ObjectType::Node, name, None)?,
            name: name.to_owned(),
        })
    }

    /// Opens a node by name asking for `access`, with `OpenClusterNodeEx`.
    pub fn open_node_with_access(&self, name: &str, access: Access) -> Result<Node, Error> {
        Ok(Node {
            raw: self.open_object(ObjectType::Node, name, Some(access))?,
            name: name.to_owned(),
        })
    }

    /// Opens a resource by name with `OpenClusterResource`. A missing
    /// resource is `ERROR_RESOURCE_NOT_FOUND`, in an [`Error::Object`] that
    /// names the resource (as are the errors of every call on the
    /// [`Resource`]).
    pub fn open_resource(&self, name: &str) -> Result<Resource, Error> {
        Ok(Resource {
            raw: self.open_object(ObjectType::Resource, name, None)?,
            name: name.to_owned(),
        })
    }

    /// Opens a resource by name asking for `access`, with
    /// `OpenClusterResourceEx`.
    pub fn open_resource_with_access(&self, name: &str, access: Access) -> Result<Resource, Error> {
        Ok(Resource {
            raw: self.open_object(ObjectType::Resource, name, Some(access))?,
            name: name.to_owned(),
        })
    }
}
