//! Hash keys for the simulator's name lookups, so that checking or applying
//! many names costs one lookup each instead of a scan of every other name.
//!
//! * Property names compare as the core compares them
//!   ([`clusprop::Utf16Str::eq_ignore_case`]): the key is the name with
//!   every character mapped by [`clusprop::fold_name_char`], so two names
//!   have the same key exactly when the comparison says they are equal.
//! * Object names (clusters, nodes, groups, resources) compare by ASCII
//!   folding, as `OpenCluster*` looks them up: the key is the name in ASCII
//!   upper case.

use std::collections::HashMap;

use clusprop::{OwnedProperty, OwnedPropertyList, OwnedValue, WideString, fold_name_char};

/// The key of a property name given as text.
pub(crate) fn property_key(name: &str) -> String {
    name.chars().map(fold_name_char).collect()
}

/// The key of a stored name; `None` with an unpaired surrogate (such a name
/// equals no text, so no lookup may find it).
fn stored_key(name: &WideString) -> Option<String> {
    char::decode_utf16(name.units().iter().copied())
        .map(|c| c.ok().map(fold_name_char))
        .collect()
}

/// The key of an object name.
pub(crate) fn object_key(name: &str) -> String {
    name.to_ascii_uppercase()
}

/// Where the first property of each name stands in a property list.
pub(crate) struct StoreIndex(HashMap<String, usize>);

impl StoreIndex {
    /// Indexes `list` (the first of several equal names wins, as
    /// `OwnedPropertyList::find` does).
    pub(crate) fn new(list: &OwnedPropertyList) -> Self {
        let mut map = HashMap::with_capacity(list.properties.len());
        for (i, p) in list.properties.iter().enumerate() {
            if let Some(key) = stored_key(&p.name) {
                map.entry(key).or_insert(i);
            }
        }
        StoreIndex(map)
    }

    /// The position of the first property named `name`.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.0.get(&property_key(name)).copied()
    }
}

/// Applies `changes` to `store` in order, exactly as one call each would:
/// `Some(value)` replaces the values of the first property of that name, or
/// appends a property (a name with NUL is ignored); `None` removes every
/// property of that name. Linear in the store and the changes.
pub(crate) fn apply_all<'a>(
    store: &mut OwnedPropertyList,
    changes: impl IntoIterator<Item = (&'a str, Option<OwnedValue>)>,
) {
    // Removed properties leave a hole until the end, so positions stay put.
    let mut slots: Vec<Option<OwnedProperty>> = std::mem::take(&mut store.properties)
        .into_iter()
        .map(Some)
        .collect();
    let mut positions: HashMap<String, Vec<usize>> = HashMap::with_capacity(slots.len());
    for (i, p) in slots.iter().enumerate() {
        if let Some(key) = p.as_ref().and_then(|p| stored_key(&p.name)) {
            positions.entry(key).or_default().push(i);
        }
    }
    for (name, value) in changes {
        let key = property_key(name);
        match value {
            Some(value) => {
                let first = positions.get(&key).and_then(|at| at.first()).copied();
                match first.and_then(|i| slots[i].as_mut()) {
                    Some(p) => p.values = vec![value],
                    None => {
                        let Ok(property) = OwnedProperty::new(name, value) else {
                            continue;
                        };
                        positions.entry(key).or_default().push(slots.len());
                        slots.push(Some(property));
                    }
                }
            }
            None => {
                for i in positions.remove(&key).unwrap_or_default() {
                    slots[i] = None;
                }
            }
        }
    }
    store.properties = slots.into_iter().flatten().collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(names: &[&str]) -> OwnedPropertyList {
        let mut l = OwnedPropertyList::new();
        for (i, n) in names.iter().enumerate() {
            l.properties
                .push(OwnedProperty::new(n, OwnedValue::dword(i as u32)).unwrap());
        }
        l
    }

    /// The same changes one at a time, with the core's own find and
    /// comparison: what `apply_all` must equal.
    fn one_by_one(store: &mut OwnedPropertyList, changes: &[(&str, Option<OwnedValue>)]) {
        for (name, value) in changes {
            match value {
                Some(v) => match store.find_mut(name) {
                    Some(p) => p.values = vec![v.clone()],
                    None => {
                        let _ = store.push(name, v.clone());
                    }
                },
                None => store.properties.retain(|p| !p.name.eq_ignore_case(name)),
            }
        }
    }

    #[test]
    fn keys_agree_with_the_cores_comparison() {
        let names = [
            "Name",
            "NAME",
            "name",
            "Straße",
            "STRASSE",
            "STRAßE",
            "ıd",
            "ID",
            "id",
            "\u{212A}ey",
            "KEY",
            "Ǆ",
            "ǅ",
            "ǆ",
            "Σ",
            "σ",
            "ς",
            "",
            "a",
            "A",
        ];
        for a in names {
            let wide = WideString::from_str_checked(a).unwrap();
            for b in names {
                assert_eq!(
                    stored_key(&wide).unwrap() == property_key(b),
                    wide.eq_ignore_case(b),
                    "{a:?} vs {b:?}"
                );
            }
        }
        let lone = WideString::from_units(vec![0xD800]).unwrap();
        assert_eq!(stored_key(&lone), None);
    }

    #[test]
    fn applying_all_at_once_is_applying_one_by_one() {
        let store = list(&["Alpha", "beta", "ALPHA", "Gamma"]);
        let dword = |v| Some(OwnedValue::dword(v));
        let changes = [
            ("alpha", dword(10)),
            ("Delta", dword(11)),
            ("BETA", None),
            ("beta", dword(12)),
            ("DELTA", None),
            ("delta", dword(13)),
            ("a\0b", dword(14)),
            ("Alpha", None),
            ("gamma", dword(15)),
        ];
        let mut expected = store.clone();
        one_by_one(&mut expected, &changes);
        let mut got = store.clone();
        apply_all(&mut got, changes.iter().map(|(n, v)| (*n, v.clone())));
        assert_eq!(got, expected);
        let index = StoreIndex::new(&store);
        assert_eq!(index.find("ALPHA"), Some(0));
        assert_eq!(index.find("Beta"), Some(1));
        assert_eq!(index.find("nope"), None);
    }
}
