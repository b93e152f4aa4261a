//! `ClusterControl`, `ClusterGroupControl`, `ClusterNodeControl`,
//! `ClusterResourceControl`, `ClusterResourceTypeControl`,
//! `ClusterNetworkControl` and `ClusterNetInterfaceControl`: the control
//! codes the simulator understands.
//!
//! A code is read as its parts (the `CLUSCTL_*` layout: bits 24..31 the
//! object, bit 22 `CLUS_MODIFY`, bits 2..21 the function, bits 0..1 the
//! access), compared with the `windows-sys` constants:
//!
//! * `GET_COMMON`, `GET_RO_COMMON`, `GET_PRIVATE`, `GET_RO_PRIVATE`: the
//!   store's list;
//! * `SET_COMMON`, `SET_PRIVATE`, `VALIDATE_COMMON`, `VALIDATE_PRIVATE`: see
//!   [`crate::props`];
//! * `ENUM_COMMON`, `ENUM_PRIVATE`: the names in the writable and the
//!   read-only store of that kind, as a `MULTI_SZ`; `GET_COMMON_FMTS`,
//!   `GET_PRIVATE_FMTS`: a property list giving each of those properties
//!   its format as a `WORD` (`CLUSPROP_FORMAT_*`, the low word of its first
//!   value's syntax);
//! * a code for another kind of object, or one the simulator does not know:
//!   `ERROR_INVALID_FUNCTION` (what MS-CMRP's control methods return for a
//!   control code the object does not support);
//! * a write-access code (`CLUS_ACCESS_WRITE`) on a read-only handle:
//!   `ERROR_ACCESS_DENIED`.

use windows_sys::Win32::Foundation as w;
use windows_sys::Win32::Networking::Clustering as c;

use clusprop_ffi::{PropertyKind, WritableKind};

use crate::config::{PropertyStores, ResourceState};
use crate::model::{ClusterShared, HandleKind, Object, State, node_of, resolve};
use crate::props;

/// What a control code asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operation {
    Get(PropertyKind),
    Set(WritableKind),
    Validate(WritableKind),
    /// `ENUM_*_PROPERTIES`: the names, read-only ones included.
    EnumNames(WritableKind),
    /// `GET_*_PROPERTY_FMTS`: each property's format.
    Formats(WritableKind),
}

/// The low 24 bits (everything but the object) of a resource code, which
/// are the same for every object.
const fn function(code: i32) -> u32 {
    code as u32 & 0x00FF_FFFF
}

fn decode(code: u32) -> Option<(HandleKind, Operation)> {
    let object = match code >> 24 {
        0x01 => HandleKind::Resource,
        0x02 => HandleKind::ResourceType,
        0x03 => HandleKind::Group,
        0x04 => HandleKind::Node,
        0x05 => HandleKind::Network,
        0x06 => HandleKind::NetInterface,
        0x07 => HandleKind::Cluster,
        _ => return None,
    };
    let f = code & 0x00FF_FFFF;
    let operation = [
        (
            c::CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES,
            Operation::Get(PropertyKind::Common),
        ),
        (
            c::CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES,
            Operation::Get(PropertyKind::ReadOnlyCommon),
        ),
        (
            c::CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES,
            Operation::Get(PropertyKind::Private),
        ),
        (
            c::CLUSCTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES,
            Operation::Get(PropertyKind::ReadOnlyPrivate),
        ),
        (
            c::CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES,
            Operation::Set(WritableKind::Common),
        ),
        (
            c::CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES,
            Operation::Set(WritableKind::Private),
        ),
        (
            c::CLUSCTL_RESOURCE_VALIDATE_COMMON_PROPERTIES,
            Operation::Validate(WritableKind::Common),
        ),
        (
            c::CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES,
            Operation::Validate(WritableKind::Private),
        ),
        (
            c::CLUSCTL_RESOURCE_ENUM_COMMON_PROPERTIES,
            Operation::EnumNames(WritableKind::Common),
        ),
        (
            c::CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES,
            Operation::EnumNames(WritableKind::Private),
        ),
        (
            c::CLUSCTL_RESOURCE_GET_COMMON_PROPERTY_FMTS,
            Operation::Formats(WritableKind::Common),
        ),
        (
            c::CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS,
            Operation::Formats(WritableKind::Private),
        ),
    ]
    .into_iter()
    .find(|&(known, _)| function(known) == f)?
    .1;
    Some((object, operation))
}

/// Whether a code needs write access (`CLUS_ACCESS_WRITE` in bits 0..1).
const fn needs_write(code: u32) -> bool {
    code & 3 == 2
}

/// The stores of `object`, to change.
fn stores_mut(state: &mut State, object: Object) -> Option<&mut PropertyStores> {
    match object {
        Object::Cluster => Some(&mut state.props),
        Object::Node(n) => Some(&mut state.nodes.get_mut(n)?.props),
        Object::Group(g) => Some(&mut state.groups.get_mut(g)?.props),
        Object::Resource(g, r) => Some(&mut state.groups.get_mut(g)?.resources.get_mut(r)?.props),
        Object::Network(i) => Some(&mut state.networks.get_mut(i)?.props),
        Object::NetInterface(i) => Some(&mut state.net_interfaces.get_mut(i)?.props),
        Object::ResourceType(i) => Some(&mut state.resource_types.get_mut(i)?.props),
        Object::Enum(_) | Object::Port => None,
    }
}

fn stores(state: &State, object: Object) -> Option<&PropertyStores> {
    match object {
        Object::Cluster => Some(&state.props),
        Object::Node(n) => Some(&state.nodes.get(n)?.props),
        Object::Group(g) => Some(&state.groups.get(g)?.props),
        Object::Resource(g, r) => Some(&state.groups.get(g)?.resources.get(r)?.props),
        Object::Network(i) => Some(&state.networks.get(i)?.props),
        Object::NetInterface(i) => Some(&state.net_interfaces.get(i)?.props),
        Object::ResourceType(i) => Some(&state.resource_types.get(i)?.props),
        Object::Enum(_) | Object::Port => None,
    }
}

/// Runs a control code on the object behind `raw` (a handle of `kind`);
/// `host` is the optional host node. Returns the status and the reply data
/// (empty for SET and VALIDATE); the caller fits the data into the output
/// buffer.
pub(crate) fn control(
    raw: isize,
    kind: HandleKind,
    host: isize,
    code: u32,
    input: &[u8],
) -> Result<(u32, Vec<u8>), u32> {
    let resolved = resolve(raw, kind)?;
    dispatch(resolved, kind, host, code, input)
}

/// `ClusterResourceTypeControl`: a `CLUSCTL_RESOURCE_TYPE_*` code for the
/// type called `type_name` on the cluster behind `raw`.
pub(crate) fn resource_type_control(
    raw: isize,
    type_name: &str,
    host: isize,
    code: u32,
    input: &[u8],
) -> Result<(u32, Vec<u8>), u32> {
    let resolved = crate::model::resolve_resource_type(raw, type_name)?;
    dispatch(resolved, HandleKind::ResourceType, host, code, input)
}

fn dispatch(
    (cluster, object, full_access): crate::model::Resolved,
    kind: HandleKind,
    host: isize,
    code: u32,
    input: &[u8],
) -> Result<(u32, Vec<u8>), u32> {
    node_of(&cluster, host)?;
    cluster.lock().control_calls += 1;
    let (for_kind, operation) = decode(code).ok_or(w::ERROR_INVALID_FUNCTION)?;
    if for_kind != kind {
        return Err(w::ERROR_INVALID_FUNCTION);
    }
    if needs_write(code) && !full_access {
        return Err(w::ERROR_ACCESS_DENIED);
    }
    run(&cluster, object, operation, input)
}

fn run(
    cluster: &ClusterShared,
    object: Object,
    operation: Operation,
    input: &[u8],
) -> Result<(u32, Vec<u8>), u32> {
    let mut state = cluster.lock();
    let current = stores(&state, object).ok_or(w::ERROR_INVALID_HANDLE)?;
    match operation {
        Operation::Get(kind) => Ok((w::ERROR_SUCCESS, props::reply(current, kind)?)),
        Operation::EnumNames(kind) => Ok((w::ERROR_SUCCESS, props::names(current, kind))),
        Operation::Formats(kind) => Ok((w::ERROR_SUCCESS, props::formats(current, kind)?)),
        Operation::Validate(kind) => {
            props::check(current, kind, input)?;
            Ok((w::ERROR_SUCCESS, Vec::new()))
        }
        Operation::Set(kind) => {
            let changes = props::check(current, kind, input)?;
            let online_resource = match object {
                Object::Resource(g, r) => state
                    .groups
                    .get(g)
                    .and_then(|g| g.resources.get(r))
                    .is_some_and(|r| r.state == ResourceState::Online),
                _ => false,
            };
            let configured = cluster
                .defaults
                .get(object)
                .ok_or(w::ERROR_INVALID_HANDLE)?;
            let target = stores_mut(&mut state, object).ok_or(w::ERROR_INVALID_HANDLE)?;
            props::apply(target, configured, changes);
            let status = if online_resource && kind == WritableKind::Private {
                w::ERROR_RESOURCE_PROPERTIES_STORED
            } else {
                w::ERROR_SUCCESS
            };
            Ok((status, Vec::new()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_decode_to_object_and_operation() {
        assert_eq!(
            decode(c::CLUSCTL_NODE_GET_RO_COMMON_PROPERTIES as u32),
            Some((
                HandleKind::Node,
                Operation::Get(PropertyKind::ReadOnlyCommon)
            ))
        );
        assert_eq!(
            decode(c::CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES as u32),
            Some((HandleKind::Cluster, Operation::Set(WritableKind::Private)))
        );
        assert_eq!(
            decode(c::CLUSCTL_GROUP_VALIDATE_COMMON_PROPERTIES as u32),
            Some((HandleKind::Group, Operation::Validate(WritableKind::Common)))
        );
        assert_eq!(decode(c::CLUSCTL_RESOURCE_GET_FLAGS as u32), None);
        assert_eq!(
            decode(c::CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES as u32),
            Some((
                HandleKind::ResourceType,
                Operation::Get(PropertyKind::Common)
            ))
        );
        assert_eq!(
            decode(c::CLUSCTL_NETINTERFACE_ENUM_PRIVATE_PROPERTIES as u32),
            Some((
                HandleKind::NetInterface,
                Operation::EnumNames(WritableKind::Private)
            ))
        );
        assert_eq!(decode(0x0800_0059), None, "object 8 is not simulated");
        assert!(needs_write(
            c::CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES as u32
        ));
        assert!(!needs_write(
            c::CLUSCTL_RESOURCE_VALIDATE_COMMON_PROPERTIES as u32
        ));
        assert!(!needs_write(
            c::CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES as u32
        ));
    }
}
