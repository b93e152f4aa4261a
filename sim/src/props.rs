//! Reading, writing and validating an object's property stores, as the
//! `*_GET_*`, `*_SET_*` and `*_VALIDATE_*` control codes do.
//!
//! The rules, and where each error code comes from:
//!
//! * the input is parsed as a client's list ([`DecodeOptions::client_input`]);
//!   a malformed list is `ERROR_INVALID_DATA` (the Win32 pages of every
//!   `CLUSCTL_*_SET_*_PROPERTIES` code: "the property list is either
//!   formatted incorrectly or contains invalid data");
//! * common properties: a name that is not a writable common property of the
//!   object, whether unknown or read-only, is `ERROR_INVALID_PARAMETER`
//!   (`ResUtilVerifyPropertyTable` with unknown properties not allowed; the
//!   read/write table a SET is checked against has no read-only entries;
//!   for read-only names this is *inferred*);
//! * private properties: unknown names are stored (MS-CMRP 3.1.4.3.1.18:
//!   "private and unknown properties"), read-only private names are
//!   `ERROR_INVALID_PARAMETER`;
//! * a value whose format differs from the stored property's, other than a
//!   zero-length "reset to default" value, is `ERROR_INVALID_PARAMETER`
//!   (`ResUtilVerifyPropertyTable`: the list "is not formatted correctly");
//! * every check passes before anything changes: a rejected SET changes
//!   nothing;
//! * a SET of private properties of an online resource returns
//!   `ERROR_RESOURCE_PROPERTIES_STORED` (MS-CMRP 3.1.4.3.1.18: stored, but
//!   in effect only when the resource next comes online).

use clusprop::{DecodeOptions, EncodeOptions, OwnedValue, PropertyList};
use clusprop_ffi::{PropertyKind, WritableKind};
use windows_sys::Win32::Foundation as w;

use crate::config::PropertyStores;
use crate::names::{self, StoreIndex};

/// The encoded reply for a `GET` of `kind`, as Windows writes it (server
/// rules; the trailing end mark as the store records it).
pub(crate) fn reply(stores: &PropertyStores, kind: PropertyKind) -> Result<Vec<u8>, u32> {
    let store = stores.store(kind);
    store
        .to_vec_with(&EncodeOptions::server_reply().with_trailing_end_mark(store.trailing_end_mark))
        .map_err(|_| w::ERROR_INVALID_DATA)
}

/// The writable and the read-only store of `kind`, in that order.
fn both(stores: &PropertyStores, kind: WritableKind) -> [&clusprop::OwnedPropertyList; 2] {
    match kind {
        WritableKind::Common => [&stores.common, &stores.read_only_common],
        WritableKind::Private => [&stores.private, &stores.read_only_private],
    }
}

/// `ENUM_*_PROPERTIES`: the names of `kind` (writable, then read-only) as a
/// `MULTI_SZ` (each name NUL-terminated, then an empty string).
pub(crate) fn names(stores: &PropertyStores, kind: WritableKind) -> Vec<u8> {
    let mut out = Vec::new();
    for p in both(stores, kind).into_iter().flat_map(|l| &l.properties) {
        for unit in p.name.units().iter().chain(&[0]) {
            out.extend_from_slice(&unit.to_le_bytes());
        }
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// `GET_*_PROPERTY_FMTS`: a property list, each property of `kind`
/// (writable, then read-only) with its format as a `WORD`.
pub(crate) fn formats(stores: &PropertyStores, kind: WritableKind) -> Result<Vec<u8>, u32> {
    let mut list = clusprop::OwnedPropertyList::new();
    for p in both(stores, kind).into_iter().flat_map(|l| &l.properties) {
        let format = p.values.first().map_or(0, |v| v.syntax().format().0);
        list.push(&p.name.to_string_lossy(), OwnedValue::word(format))
            .map_err(|_| w::ERROR_INVALID_DATA)?;
    }
    list.to_vec_with(&EncodeOptions::server_reply())
        .map_err(|_| w::ERROR_INVALID_DATA)
}

/// One accepted change: the store, the name and the new value (`None`:
/// reset to the default).
pub(crate) struct Change {
    kind: PropertyKind,
    name: String,
    value: Option<OwnedValue>,
}

/// Checks a `SET`/`VALIDATE` of `kind` against `stores`; the changes to
/// apply, or the Win32 error (module docs).
pub(crate) fn check(
    stores: &PropertyStores,
    kind: WritableKind,
    input: &[u8],
) -> Result<Vec<Change>, u32> {
    let list = PropertyList::parse_with(input, &DecodeOptions::client_input())
        .map_err(|_| w::ERROR_INVALID_DATA)?;
    let (writable, read_only) = match kind {
        WritableKind::Common => (PropertyKind::Common, PropertyKind::ReadOnlyCommon),
        WritableKind::Private => (PropertyKind::Private, PropertyKind::ReadOnlyPrivate),
    };
    // One index per store, so each property of the list costs a lookup,
    // not a scan (a SET may carry tens of thousands of properties, and this
    // runs under the cluster lock).
    let read_only_store = stores.store(read_only);
    let writable_store = stores.store(writable);
    let read_only_names = StoreIndex::new(read_only_store);
    let writable_names = StoreIndex::new(writable_store);
    let mut changes = Vec::new();
    for property in &list {
        let name = property.name().to_string_lossy();
        if read_only_names.find(&name).is_some() {
            return Err(w::ERROR_INVALID_PARAMETER);
        }
        let value = OwnedValue::from_raw(&property.value());
        let reset = property.value().data().is_empty();
        match writable_names.find(&name) {
            Some(at) => {
                let same_format = writable_store.properties[at]
                    .values
                    .first()
                    .is_some_and(|v| v.syntax().format() == value.syntax().format());
                if !reset && !same_format {
                    return Err(w::ERROR_INVALID_PARAMETER);
                }
            }
            None if kind == WritableKind::Common => return Err(w::ERROR_INVALID_PARAMETER),
            // An unknown private property: stored as given.
            None => {}
        }
        changes.push(Change {
            kind: writable,
            name,
            value: (!reset).then_some(value),
        });
    }
    Ok(changes)
}

/// Applies checked changes, in order. A reset puts back the value
/// `defaults` has (the store as configured), or removes a property that was
/// not configured. Linear in the store and the changes.
pub(crate) fn apply(stores: &mut PropertyStores, defaults: &PropertyStores, changes: Vec<Change>) {
    // The stores touched (at most four), in order of first change.
    let mut kinds: Vec<PropertyKind> = Vec::new();
    for change in &changes {
        if !kinds.contains(&change.kind) {
            kinds.push(change.kind);
        }
    }
    for kind in kinds {
        let configured = defaults.store(kind);
        let configured_names = StoreIndex::new(configured);
        let default_of = |name: &str| {
            configured_names
                .find(name)
                .and_then(|at| configured.properties[at].values.first().cloned())
        };
        let of_kind = changes.iter().filter(|c| c.kind == kind).map(|c| {
            let value = c.value.clone().or_else(|| default_of(&c.name));
            (c.name.as_str(), value)
        });
        names::apply_all(stores.store_mut(kind), of_kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusprop::OwnedPropertyList;

    fn stores() -> PropertyStores {
        PropertyStores::default()
            .with(
                PropertyKind::Common,
                "Description",
                OwnedValue::sz("x").unwrap(),
            )
            .with(PropertyKind::Common, "Priority", OwnedValue::dword(1))
            .with(
                PropertyKind::ReadOnlyCommon,
                "GroupType",
                OwnedValue::dword(111),
            )
            .with(PropertyKind::Private, "Flags", OwnedValue::dword(2))
            .with(
                PropertyKind::ReadOnlyPrivate,
                "Serial",
                OwnedValue::dword(3),
            )
    }

    fn list(props: &[(&str, OwnedValue)]) -> Vec<u8> {
        let mut l = OwnedPropertyList::new();
        for (n, v) in props {
            l.push(n, v.clone()).unwrap();
        }
        l.to_vec().unwrap()
    }

    #[test]
    fn the_documented_codes() {
        let s = stores();
        let common = WritableKind::Common;
        let private = WritableKind::Private;
        let dword = OwnedValue::dword;
        assert!(check(&s, common, &list(&[("priority", dword(5))])).is_ok());
        assert_eq!(
            check(&s, common, &[1, 0]).err(),
            Some(w::ERROR_INVALID_DATA)
        );
        let cases = [
            (common, "GroupType", dword(1)),
            (common, "Nope", dword(1)),
            (common, "Priority", OwnedValue::sz("5").unwrap()),
            (private, "Serial", dword(1)),
            (private, "Flags", OwnedValue::sz("x").unwrap()),
        ];
        for (kind, name, value) in cases {
            assert_eq!(
                check(&s, kind, &list(&[(name, value)])).err(),
                Some(w::ERROR_INVALID_PARAMETER),
                "{kind:?} {name}"
            );
        }
        // Unknown private names are stored.
        let mut changed = s.clone();
        let changes = check(&s, private, &list(&[("NewOne", dword(9))])).unwrap();
        apply(&mut changed, &s, changes);
        assert_eq!(
            changed.private.find("NewOne").unwrap().values,
            vec![dword(9)]
        );
    }

    #[test]
    fn a_reset_restores_the_default() {
        let defaults = stores();
        let mut s = defaults.clone();
        let set = check(
            &s,
            WritableKind::Common,
            &list(&[("Priority", OwnedValue::dword(7))]),
        );
        apply(&mut s, &defaults, set.unwrap());
        assert_eq!(
            s.common.find("Priority").unwrap().values[0],
            OwnedValue::dword(7)
        );
        // A zero-length DWORD: reset.
        let reset = [
            1, 0, 0, 0, 3, 0, 4, 0, 18, 0, 0, 0, b'P', 0, b'r', 0, b'i', 0, b'o', 0, b'r', 0, b'i',
            0, b't', 0, b'y', 0, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let changes = check(&s, WritableKind::Common, &reset).unwrap();
        apply(&mut s, &defaults, changes);
        assert_eq!(
            s.common.find("Priority").unwrap().values[0],
            OwnedValue::dword(1)
        );
    }
}
