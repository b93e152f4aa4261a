//! [`Network`], [`NetInterface`] and [`ResourceType`]: the objects that take
//! `ClusterNetworkControl`, `ClusterNetInterfaceControl` and
//! `ClusterResourceTypeControl` codes.

use std::fmt;
use std::sync::Arc;

use windows_sys::Win32::Networking::Clustering::{HNETINTERFACE, HNETWORK};

use crate::Cluster;
use crate::control::ObjectType;
use crate::error::Error;
use crate::flags::Access;
use crate::name::WideName;
use crate::sys::{RawCluster, RawNetInterface, RawNetwork};

/// An open cluster network (`HNETWORK`), closed with `CloseClusterNetwork`
/// exactly once, on drop. It keeps its [`Cluster`]'s handle open.
///
/// Read and write its properties with
/// [`ControlTarget`](crate::ControlTarget).
pub struct Network {
    pub(crate) raw: RawNetwork,
    pub(crate) name: String,
}

/// An open network interface (`HNETINTERFACE`), closed with
/// `CloseClusterNetInterface` exactly once, on drop. It keeps its
/// [`Cluster`]'s handle open.
///
/// Read and write its properties with
/// [`ControlTarget`](crate::ControlTarget).
pub struct NetInterface {
    pub(crate) raw: RawNetInterface,
    pub(crate) name: String,
}

/// A resource type, named on a cluster handle (resource types have no
/// handle of their own: `ClusterResourceTypeControl` takes the cluster and
/// the type's name). It keeps its [`Cluster`]'s handle open.
///
/// Read and write its properties with
/// [`ControlTarget`](crate::ControlTarget).
pub struct ResourceType {
    pub(crate) cluster: Arc<RawCluster>,
    pub(crate) wide: WideName,
    pub(crate) name: String,
}

macro_rules! handle_object {
    ($ty:ident, $raw:ty) => {
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($ty))
                    .field("name", &self.name)
                    .field("handle", &self.raw.raw())
                    .finish()
            }
        }

        impl $ty {
            /// The name it was opened with.
            pub fn name(&self) -> &str {
                &self.name
            }

            /// The access granted when it was opened.
            pub fn granted_access(&self) -> Access {
                Access::from_bits_retain(self.raw.granted())
            }

            /// The raw handle, still owned by `self`.
            pub fn as_raw(&self) -> $raw {
                self.raw.raw()
            }

            /// Gives up ownership: the handle will never be closed by this
            /// crate.
            pub fn into_raw(self) -> $raw {
                self.raw.into_raw()
            }
        }
    };
}

handle_object!(Network, HNETWORK);
handle_object!(NetInterface, HNETINTERFACE);

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceType")
            .field("name", &self.name)
            .finish()
    }
}

impl ResourceType {
    /// The type's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Cluster {
    /// Opens a network by name with `OpenClusterNetwork`. A missing network
    /// is `ERROR_CLUSTER_NETWORK_NOT_FOUND`, in an [`Error::Object`] that
    /// names the network.
    pub fn open_network(&self, name: &str) -> Result<Network, Error> {
        Ok(Network {
            raw: self.open_object(ObjectType::Network, name, None)?,
            name: name.to_owned(),
        })
    }

    /// Opens a network interface by name with `OpenClusterNetInterface`. A
    /// missing interface is `ERROR_CLUSTER_NETINTERFACE_NOT_FOUND`, in an
    /// [`Error::Object`] that names the interface.
    pub fn open_net_interface(&self, name: &str) -> Result<NetInterface, Error> {
        Ok(NetInterface {
            raw: self.open_object(ObjectType::NetInterface, name, None)?,
            name: name.to_owned(),
        })
    }

    /// A resource type by name, for `ClusterResourceTypeControl`. Nothing
    /// is called yet: an unknown type shows in the first control call
    /// (`ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND` on Windows).
    pub fn resource_type(&self, name: &str) -> Result<ResourceType, Error> {
        Ok(ResourceType {
            cluster: Arc::clone(&self.raw),
            wide: WideName::new(name).map_err(|e| e.about(ObjectType::ResourceType, name))?,
            name: name.to_owned(),
        })
    }
}
