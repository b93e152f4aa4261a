//! The JSON form of a parsed list, serialized as the list is walked: one
//! property (or value) at a time goes through the owned model, so the output
//! is exactly what serializing the whole owned list gives, without holding
//! that list in memory.

use clusprop::{OwnedProperty, OwnedValue, PropertyList, ValueList, WideString};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A parsed property list in the JSON form of `OwnedPropertyList`.
pub struct PropertyListJson<'a>(pub &'a PropertyList<'a>);

/// A parsed value list in the JSON form of `OwnedValueList`.
pub struct ValueListJson<'a>(pub &'a ValueList<'a>);

struct Properties<'a>(&'a PropertyList<'a>);

struct Values<'a>(&'a ValueList<'a>);

impl Serialize for PropertyListJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("properties", &Properties(self.0))?;
        map.serialize_entry("trailing_end_mark", &self.0.has_trailing_end_mark())?;
        map.end()
    }
}

impl Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for p in self.0 {
            seq.serialize_element(&OwnedProperty {
                name: WideString::from(p.name()),
                values: p.values().map(|v| OwnedValue::from_raw(&v)).collect(),
            })?;
        }
        seq.end()
    }
}

impl Serialize for ValueListJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("values", &Values(self.0))?;
        map.end()
    }
}

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(&OwnedValue::from_raw(&v))?;
        }
        seq.end()
    }
}
