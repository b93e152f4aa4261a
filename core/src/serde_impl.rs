//! The JSON form of the owned model (feature `serde`), documented in the
//! workspace README:
//!
//! ```json
//! {"properties": [{"name": "Foo", "values": [{"syntax": 65538, "format": "dword", "value": 1}]}],
//!  "trailing_end_mark": false}
//! ```
//!
//! Each value has `syntax` (the u32), `format` (the lower-case format name,
//! informational: it must agree with the syntax), and either `value` (number,
//! string, list of strings, hex string for binary, nested object for lists,
//! `null` for an empty "reset to default" value) or `raw` (hex of bytes kept
//! as they are). Text that is not valid UTF-16 is written as
//! `{"utf16": [code units]}`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::owned::{
    OwnedData, OwnedProperty, OwnedPropertyList, OwnedValue, OwnedValueList, WideString,
};
use crate::syntax::{PropertyFormat, Syntax};
use crate::value::FileTime;

/// Text as JSON: a string when it is valid UTF-16, else its code units.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum JsonText {
    Text(String),
    Units { utf16: Vec<u16> },
}

impl From<&WideString> for JsonText {
    fn from(s: &WideString) -> Self {
        match s.to_string_checked() {
            Some(text) => JsonText::Text(text),
            None => JsonText::Units {
                utf16: s.units().to_vec(),
            },
        }
    }
}

impl JsonText {
    fn into_wide<E: serde::de::Error>(self) -> Result<WideString, E> {
        let units = match self {
            JsonText::Text(s) => s.encode_utf16().collect(),
            JsonText::Units { utf16 } => utf16,
        };
        WideString::from_units(units).map_err(|_| E::custom("string contains a NUL character"))
    }
}

impl Serialize for WideString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        JsonText::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for WideString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        JsonText::deserialize(deserializer)?.into_wide()
    }
}

/// The `value` field, read before the format tells what it must be.
#[derive(Deserialize)]
#[serde(untagged)]
enum JsonData {
    Unsigned(u64),
    Signed(i64),
    Text(String),
    Units { utf16: Vec<u16> },
    Strings(Vec<JsonText>),
    PropertyList(OwnedPropertyList),
    ValueList(OwnedValueList),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<E: serde::de::Error>(text: &str) -> Result<Vec<u8>, E> {
    if text.len() % 2 != 0 {
        return Err(E::custom("hex string of odd length"));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| E::custom(format!("invalid hex at character {i}")))
        })
        .collect()
}

fn format_name(syntax: Syntax) -> String {
    match syntax.format().short_name() {
        Some(name) => name.into(),
        None => format!("{:#06x}", syntax.format().0),
    }
}

impl Serialize for OwnedValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("syntax", &self.syntax().0)?;
        map.serialize_entry("format", &format_name(self.syntax()))?;
        match self.data() {
            OwnedData::Empty => map.serialize_entry("value", &())?,
            OwnedData::Raw(bytes) => map.serialize_entry("raw", &hex(bytes))?,
            OwnedData::Binary(bytes) => map.serialize_entry("value", &hex(bytes))?,
            OwnedData::Dword(v) => map.serialize_entry("value", v)?,
            OwnedData::Long(v) => map.serialize_entry("value", v)?,
            OwnedData::Word(v) => map.serialize_entry("value", v)?,
            OwnedData::ULargeInteger(v) => map.serialize_entry("value", v)?,
            OwnedData::LargeInteger(v) => map.serialize_entry("value", v)?,
            OwnedData::FileTime(v) => map.serialize_entry("value", &v.0)?,
            OwnedData::String(s) => map.serialize_entry("value", s)?,
            OwnedData::MultiString(items) => map.serialize_entry("value", items)?,
            OwnedData::PropertyList(list) => map.serialize_entry("value", list)?,
            OwnedData::ValueList(list) => map.serialize_entry("value", list)?,
        }
        map.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueRepr {
    syntax: u32,
    format: Option<String>,
    #[serde(default)]
    value: Option<JsonData>,
    #[serde(default)]
    raw: Option<String>,
}

impl<'de> Deserialize<'de> for OwnedValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = ValueRepr::deserialize(deserializer)?;
        let syntax = Syntax(repr.syntax);
        if let Some(name) = &repr.format {
            if *name != format_name(syntax) {
                return Err(D::Error::custom(format!(
                    "format {name:?} does not match syntax {:#010x} ({})",
                    repr.syntax,
                    format_name(syntax)
                )));
            }
        }
        let data = match (repr.raw, repr.value) {
            (Some(_), Some(_)) => {
                return Err(D::Error::custom("a value has either \"value\" or \"raw\""));
            }
            (Some(raw), None) => OwnedData::Raw(unhex(&raw)?),
            (None, None) => OwnedData::Empty,
            (None, Some(value)) => typed(syntax, value)?,
        };
        OwnedValue::new(syntax, data).map_err(|e| D::Error::custom(format!("{e}")))
    }
}

fn typed<E: serde::de::Error>(syntax: Syntax, value: JsonData) -> Result<OwnedData, E> {
    let format = syntax.format();
    let mismatch = || {
        E::custom(format!(
            "this value does not fit format {}",
            format_name(syntax)
        ))
    };
    let unsigned = |v: &JsonData| match *v {
        JsonData::Unsigned(n) => Some(n),
        _ => None,
    };
    let signed = |v: &JsonData| match *v {
        JsonData::Unsigned(n) => i64::try_from(n).ok(),
        JsonData::Signed(n) => Some(n),
        _ => None,
    };
    Ok(match format {
        PropertyFormat::DWORD => OwnedData::Dword(
            unsigned(&value)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(mismatch)?,
        ),
        PropertyFormat::WORD => OwnedData::Word(
            unsigned(&value)
                .and_then(|n| u16::try_from(n).ok())
                .ok_or_else(mismatch)?,
        ),
        PropertyFormat::ULARGE_INTEGER => {
            OwnedData::ULargeInteger(unsigned(&value).ok_or_else(mismatch)?)
        }
        PropertyFormat::FILETIME => {
            OwnedData::FileTime(FileTime(unsigned(&value).ok_or_else(mismatch)?))
        }
        PropertyFormat::LONG => OwnedData::Long(
            signed(&value)
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(mismatch)?,
        ),
        PropertyFormat::LARGE_INTEGER => {
            OwnedData::LargeInteger(signed(&value).ok_or_else(mismatch)?)
        }
        PropertyFormat::BINARY | PropertyFormat::SECURITY_DESCRIPTOR => match value {
            JsonData::Text(h) => OwnedData::Binary(unhex(&h)?),
            _ => return Err(mismatch()),
        },
        PropertyFormat::SZ | PropertyFormat::EXPAND_SZ | PropertyFormat::EXPANDED_SZ => match value
        {
            JsonData::Text(s) => OwnedData::String(JsonText::Text(s).into_wide()?),
            JsonData::Units { utf16 } => OwnedData::String(JsonText::Units { utf16 }.into_wide()?),
            _ => return Err(mismatch()),
        },
        PropertyFormat::MULTI_SZ => match value {
            JsonData::Strings(items) => OwnedData::MultiString(
                items
                    .into_iter()
                    .map(JsonText::into_wide)
                    .collect::<Result<_, E>>()?,
            ),
            _ => return Err(mismatch()),
        },
        PropertyFormat::PROPERTY_LIST => match value {
            JsonData::PropertyList(list) => OwnedData::PropertyList(list),
            _ => return Err(mismatch()),
        },
        PropertyFormat::VALUE_LIST => match value {
            JsonData::ValueList(list) => OwnedData::ValueList(list),
            _ => return Err(mismatch()),
        },
        _ => {
            return Err(E::custom(
                "values of this format are written as \"raw\" hex",
            ));
        }
    })
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PropertyRepr {
    name: WideString,
    values: Vec<OwnedValue>,
}

impl Serialize for OwnedProperty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("values", &self.values)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for OwnedProperty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = PropertyRepr::deserialize(deserializer)?;
        if repr.values.is_empty() {
            return Err(D::Error::custom("a property needs at least one value"));
        }
        Ok(OwnedProperty {
            name: repr.name,
            values: repr.values,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PropertyListRepr {
    properties: Vec<OwnedProperty>,
    #[serde(default)]
    trailing_end_mark: bool,
}

impl Serialize for OwnedPropertyList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("properties", &self.properties)?;
        map.serialize_entry("trailing_end_mark", &self.trailing_end_mark)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for OwnedPropertyList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = PropertyListRepr::deserialize(deserializer)?;
        Ok(OwnedPropertyList {
            properties: repr.properties,
            trailing_end_mark: repr.trailing_end_mark,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueListRepr {
    values: Vec<OwnedValue>,
}

impl Serialize for OwnedValueList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("values", &self.values)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for OwnedValueList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(OwnedValueList {
            values: ValueListRepr::deserialize(deserializer)?.values,
        })
    }
}
