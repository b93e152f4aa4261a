//! The owned lists as standard collections (feature `alloc`): iterated with
//! `for`, collected from an iterator, extended, like the `Vec` each wraps.
//!
//! A list collected from properties has no trailing end mark (as
//! [`OwnedPropertyList::new`]); extending a list keeps its own.

use alloc::vec::Vec;

use crate::owned::{OwnedProperty, OwnedPropertyList, OwnedValue, OwnedValueList};

impl<'a> IntoIterator for &'a OwnedPropertyList {
    type Item = &'a OwnedProperty;
    type IntoIter = core::slice::Iter<'a, OwnedProperty>;
    fn into_iter(self) -> Self::IntoIter {
        self.properties.iter()
    }
}

impl<'a> IntoIterator for &'a mut OwnedPropertyList {
    type Item = &'a mut OwnedProperty;
    type IntoIter = core::slice::IterMut<'a, OwnedProperty>;
    fn into_iter(self) -> Self::IntoIter {
        self.properties.iter_mut()
    }
}

impl IntoIterator for OwnedPropertyList {
    type Item = OwnedProperty;
    type IntoIter = alloc::vec::IntoIter<OwnedProperty>;
    fn into_iter(self) -> Self::IntoIter {
        self.properties.into_iter()
    }
}

/// A list of these properties, in order, without a trailing end mark.
///
/// ```
/// use clusprop::{OwnedPropertyList, OwnedValue};
/// let mut node = OwnedPropertyList::new();
/// node.push("NodeName", OwnedValue::sz("node1")?)?
///     .push("MajorVersion", OwnedValue::dword(6))?
///     .push("MinorVersion", OwnedValue::dword(3))?;
/// // The version numbers, as a list of their own.
/// let versions: OwnedPropertyList = node
///     .into_iter()
///     .filter(|p| p.name.to_string_lossy().ends_with("Version"))
///     .collect();
/// assert_eq!(versions.properties.len(), 2);
/// assert_eq!(versions.get::<u32>("MajorVersion")?, 6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl FromIterator<OwnedProperty> for OwnedPropertyList {
    fn from_iter<I: IntoIterator<Item = OwnedProperty>>(iter: I) -> Self {
        OwnedPropertyList {
            properties: iter.into_iter().collect(),
            trailing_end_mark: false,
        }
    }
}

/// Appends the properties, in order (duplicates are kept, as
/// [`push`](OwnedPropertyList::push) keeps them).
impl Extend<OwnedProperty> for OwnedPropertyList {
    fn extend<I: IntoIterator<Item = OwnedProperty>>(&mut self, iter: I) {
        self.properties.extend(iter);
    }
}

impl<'a> IntoIterator for &'a OwnedValueList {
    type Item = &'a OwnedValue;
    type IntoIter = core::slice::Iter<'a, OwnedValue>;
    fn into_iter(self) -> Self::IntoIter {
        self.values.iter()
    }
}

impl<'a> IntoIterator for &'a mut OwnedValueList {
    type Item = &'a mut OwnedValue;
    type IntoIter = core::slice::IterMut<'a, OwnedValue>;
    fn into_iter(self) -> Self::IntoIter {
        self.values.iter_mut()
    }
}

impl IntoIterator for OwnedValueList {
    type Item = OwnedValue;
    type IntoIter = alloc::vec::IntoIter<OwnedValue>;
    fn into_iter(self) -> Self::IntoIter {
        self.values.into_iter()
    }
}

/// A value list of these values, in order.
impl FromIterator<OwnedValue> for OwnedValueList {
    fn from_iter<I: IntoIterator<Item = OwnedValue>>(iter: I) -> Self {
        OwnedValueList {
            values: iter.into_iter().collect::<Vec<_>>(),
        }
    }
}

/// Appends the values, in order.
impl Extend<OwnedValue> for OwnedValueList {
    fn extend<I: IntoIterator<Item = OwnedValue>>(&mut self, iter: I) {
        self.values.extend(iter);
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec;

    use super::*;

    fn list() -> OwnedPropertyList {
        let mut list = OwnedPropertyList::new();
        list.push("A", OwnedValue::dword(1)).unwrap();
        list.push("B", OwnedValue::dword(2)).unwrap();
        list.trailing_end_mark = true;
        list
    }

    #[test]
    fn a_property_list_iterates_as_its_properties() {
        let mut list = list();
        let names: Vec<_> = (&list)
            .into_iter()
            .map(|p| p.name.to_string_lossy())
            .collect();
        assert_eq!(names, ["A", "B"]);
        for p in &mut list {
            p.values.push(OwnedValue::dword(9));
        }
        assert!(list.properties.iter().all(|p| p.values.len() == 2));
        let owned: Vec<OwnedProperty> = list.clone().into_iter().collect();
        assert_eq!(owned, list.properties);
    }

    #[test]
    fn collecting_gives_no_end_mark_and_extending_keeps_it() {
        let collected: OwnedPropertyList = list().into_iter().collect();
        assert_eq!(collected.properties, list().properties);
        assert!(!collected.trailing_end_mark);

        let mut extended = list();
        extended.extend(list());
        assert!(extended.trailing_end_mark);
        let names: Vec<_> = extended
            .properties
            .iter()
            .map(|p| p.name.to_string_lossy())
            .collect();
        assert_eq!(names, ["A", "B", "A", "B"]);
    }

    #[test]
    fn a_value_list_iterates_collects_and_extends_as_its_values() {
        let mut values: OwnedValueList = [1, 2].map(OwnedValue::dword).into_iter().collect();
        assert_eq!(values.values, [OwnedValue::dword(1), OwnedValue::dword(2)]);
        values.extend(vec![OwnedValue::dword(3)]);
        for v in &mut values {
            *v = OwnedValue::word(0);
        }
        assert_eq!((&values).into_iter().count(), 3);
        assert!(values.into_iter().all(|v| v == OwnedValue::word(0)));
    }
}
