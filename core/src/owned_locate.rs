//! Where the encoder refuses an owned list (feature `alloc`).
//!
//! The owned model's values are each sound on their own (their data agrees
//! with their syntax); the rules that depend on where a value is written
//! (which syntaxes a property value may have, how many values a property
//! holds, nesting depth, a client's `EXPANDED_SZ` rule) are the encoder's,
//! and its errors say what without where. When it refuses a list, these
//! find the first property or value that cannot be written in its place and
//! name the path to it as the JSON form's reader does (`property 3 "Foo",
//! value 0`): for messages, not for program logic.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::EncodeError;
use crate::owned::{OwnedData, OwnedPropertyList, OwnedValue, OwnedValueList};
use crate::write::{EncodeOptions, PropertyListBuilder, ValueListBuilder};

/// An encoder error with the path to the property or value it refused, when
/// [`refused_at`](OwnedPropertyList::refused_at) finds one; shown as
/// `the error in property 1 "B", value 0`. Non-exhaustive: a later version
/// may give the place in a structured form beside the text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LocatedEncodeError {
    /// What the encoder said.
    pub error: EncodeError,
    /// Where, when known.
    pub place: Option<String>,
}

impl fmt::Display for LocatedEncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)?;
        match &self.place {
            Some(place) => write!(f, " in {place}"),
            None => Ok(()),
        }
    }
}

/// No `source`: `Display` starts with the [`EncodeError`]'s message (a
/// reporter that prints the chain would print it twice); the `error` field
/// is that error.
impl core::error::Error for LocatedEncodeError {}

#[cfg(feature = "serde")]
impl crate::JsonList {
    /// The bytes of this document as `clusprop encode` writes them: a
    /// property list with its own options (its trailing end mark), a bare
    /// value list with a server's; `EXPANDED_SZ` refused at every depth
    /// when `client`. An error names what the encoder refused.
    ///
    /// ```
    /// use clusprop::JsonList;
    /// let json = r#"{"values": [{"syntax": 65538, "format": "dword", "value": 1},
    ///                          {"syntax": 65544, "format": "expanded_sz", "value": "C:\\x"}]}"#;
    /// let document: JsonList = serde_json::from_str(json)?;
    /// assert!(document.encode(false).is_ok());
    /// let refused = document.encode(true).unwrap_err();
    /// assert_eq!(refused.place.as_deref(), Some("value 1"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn encode(&self, client: bool) -> Result<Vec<u8>, LocatedEncodeError> {
        match self {
            crate::JsonList::Properties(list) => {
                list.to_vec_located(&list.encode_options().with_expanded_sz(!client))
            }
            crate::JsonList::Values(list) => {
                list.to_vec_located(&OwnedValueList::encode_options().with_expanded_sz(!client))
            }
        }
    }
}

impl OwnedPropertyList {
    /// The path (`property 1 "B", value 0`, through nested lists) to the
    /// first property or value the encoder refuses with `options`; `None`
    /// when each encodes in its place (the list as a whole is refused: its
    /// size, say).
    ///
    /// ```
    /// use clusprop::{EncodeOptions, OwnedPropertyList, OwnedValue};
    /// let mut list = OwnedPropertyList::new();
    /// list.push("A", OwnedValue::dword(1))?;
    /// list.push("B", OwnedValue::dword(1))?;
    /// // Four values, where MS-CMRP allows a property one to three.
    /// list.properties[1].values.extend([2, 3, 4].map(OwnedValue::dword));
    /// let options = EncodeOptions::default();
    /// assert!(list.to_vec_with(&options).is_err());
    /// assert_eq!(list.refused_at(&options).as_deref(), Some("property 1 \"B\""));
    /// # Ok::<(), clusprop::EncodeError>(())
    /// ```
    pub fn refused_at(&self, options: &EncodeOptions) -> Option<String> {
        properties_at(self, options, &[]).map(|steps| steps.join(", "))
    }

    /// [`to_vec_with`](Self::to_vec_with), whose error also names the
    /// property or value refused ([`refused_at`](Self::refused_at)): for
    /// messages to a person who wrote the list by hand.
    ///
    /// ```
    /// use clusprop::{EncodeOptions, OwnedPropertyList, OwnedValue};
    /// let mut list = OwnedPropertyList::new();
    /// list.push("A", OwnedValue::dword(1))?;
    /// list.properties[0].values.extend([2, 3, 4].map(OwnedValue::dword));
    /// let refused = list.to_vec_located(&EncodeOptions::default()).unwrap_err();
    /// assert_eq!(refused.to_string(), "property has more than 3 values in property 0 \"A\"");
    /// # Ok::<(), clusprop::EncodeError>(())
    /// ```
    pub fn to_vec_located(&self, options: &EncodeOptions) -> Result<Vec<u8>, LocatedEncodeError> {
        self.to_vec_with(options)
            .map_err(|error| LocatedEncodeError {
                error,
                place: self.refused_at(options),
            })
    }
}

impl OwnedValueList {
    /// The path (`value 1`, through nested lists) to the first value the
    /// encoder refuses with `options`; `None` when each encodes in its place.
    pub fn refused_at(&self, options: &EncodeOptions) -> Option<String> {
        values_at(&self.values, options, &[]).map(|steps| steps.join(", "))
    }

    /// [`to_vec_with`](Self::to_vec_with), whose error also names the value
    /// refused ([`refused_at`](Self::refused_at)).
    pub fn to_vec_located(&self, options: &EncodeOptions) -> Result<Vec<u8>, LocatedEncodeError> {
        self.to_vec_with(options)
            .map_err(|error| LocatedEncodeError {
                error,
                place: self.refused_at(options),
            })
    }
}

fn with(path: &[String], step: String) -> Vec<String> {
    let mut steps = path.to_vec();
    steps.push(step);
    steps
}

/// The rules a nested list's entries are held to: the options it is
/// written with, plus the enclosing writer's policy (values per property,
/// `EXPANDED_SZ`), which holds at every depth.
fn nested_rules(written_with: EncodeOptions, outer: &EncodeOptions) -> EncodeOptions {
    written_with
        .with_max_values_per_property(outer.max_values_per_property)
        .with_expanded_sz(outer.allow_expanded_sz)
}

fn properties_at(
    list: &OwnedPropertyList,
    options: &EncodeOptions,
    path: &[String],
) -> Option<Vec<String>> {
    for (i, p) in list.properties.iter().enumerate() {
        let here = with(
            path,
            format!("property {i} {}", crate::quoted(&p.name.to_string_lossy())),
        );
        for (j, v) in p.values.iter().enumerate() {
            let at = with(&here, format!("value {j}"));
            if let Some(inner) = inside(v, options, &at) {
                return Some(inner);
            }
            let alone = PropertyListBuilder::measuring(*options)
                .property_with(&p.name, |values| values.value(v).map(drop))
                .is_err();
            if alone {
                return Some(at);
            }
        }
        let whole = PropertyListBuilder::measuring(*options)
            .property_with(&p.name, |values| {
                p.values.iter().try_for_each(|v| values.value(v).map(drop))
            })
            .is_err();
        if whole {
            return Some(here);
        }
    }
    None
}

fn values_at(
    values: &[OwnedValue],
    options: &EncodeOptions,
    path: &[String],
) -> Option<Vec<String>> {
    for (j, v) in values.iter().enumerate() {
        let at = with(path, format!("value {j}"));
        if let Some(inner) = inside(v, options, &at) {
            return Some(inner);
        }
        if ValueListBuilder::with_options(&mut [], *options)
            .value(v)
            .is_err()
        {
            return Some(at);
        }
    }
    None
}

/// The path to a refused entry inside a nested list `v` holds.
fn inside(v: &OwnedValue, options: &EncodeOptions, path: &[String]) -> Option<Vec<String>> {
    match v.data() {
        OwnedData::PropertyList(list) => {
            properties_at(list, &nested_rules(list.nested_options(), options), path)
        }
        OwnedData::ValueList(list) => values_at(
            &list.values,
            &nested_rules(OwnedValueList::nested_options(), options),
            path,
        ),
        _ => None,
    }
}
