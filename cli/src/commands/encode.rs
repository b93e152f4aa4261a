//! `clusprop encode`: the JSON form back to binary.

use std::fmt;
use std::path::PathBuf;

use clap::Args;
use clusprop::{OwnedProperty, OwnedPropertyList, OwnedValue, OwnedValueList};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::error::{Failure, Outcome};
use crate::input::InputCap;

/// Arguments of `encode`.
#[derive(Args, Debug)]
pub struct EncodeArgs {
    /// Write the binary list here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Refuse EXPANDED_SZ values, as a client-built list must (MS-CMRP 2.2.2.3).
    #[arg(long)]
    pub client: bool,
    #[command(flatten)]
    pub cap: InputCap,
    /// The JSON form (stdin when absent or `-`): an object with "properties"
    /// (a property list) or "values" (a bare value list).
    pub file: Option<PathBuf>,
}

/// Runs `encode`.
pub fn run(args: &EncodeArgs) -> Outcome {
    let text = crate::input::read(args.file.as_deref(), args.cap)?;
    // Read straight into the owned model, so errors carry their line and
    // column, and no intermediate JSON tree is built.
    let document: Document = serde_json::from_slice(&text)
        .map_err(|e| Failure::bad_input(format!("invalid JSON form: {e}")))?;
    drop(text);
    let bytes = match document {
        Document::Properties(list) => {
            let options = list.encode_options().with_expanded_sz(!args.client);
            list.to_vec_with(&options)
        }
        Document::Values(list) => list.to_vec(),
    }
    .map_err(|e| Failure::bad_input(format!("cannot encode: {e}")))?;
    crate::input::write(args.output.as_ref(), &bytes)
}

/// The top-level object: a property list or a bare value list.
enum Document {
    Properties(OwnedPropertyList),
    Values(OwnedValueList),
}

const KEYS: &[&str] = &["properties", "trailing_end_mark", "values"];

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with \"properties\" (a property list) or \"values\" (a value list)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut properties: Option<Vec<OwnedProperty>> = None;
        let mut trailing: Option<bool> = None;
        let mut values: Option<Vec<OwnedValue>> = None;
        while let Some(key) = map.next_key::<String>()? {
            let duplicate = || de::Error::custom(format!("duplicate key {key:?}"));
            match key.as_str() {
                "properties" if properties.is_some() => return Err(duplicate()),
                "properties" => properties = Some(map.next_value()?),
                "trailing_end_mark" if trailing.is_some() => return Err(duplicate()),
                "trailing_end_mark" => trailing = Some(map.next_value()?),
                "values" if values.is_some() => return Err(duplicate()),
                "values" => values = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, KEYS)),
            }
        }
        match (properties, values) {
            (Some(properties), None) => Ok(Document::Properties(OwnedPropertyList {
                properties,
                trailing_end_mark: trailing.unwrap_or(false),
            })),
            (None, Some(values)) if trailing.is_none() => {
                Ok(Document::Values(OwnedValueList { values }))
            }
            (None, Some(_)) => Err(de::Error::custom(
                "\"trailing_end_mark\" belongs to a property list, not a value list",
            )),
            (Some(_), Some(_)) => Err(de::Error::custom(
                "expected either \"properties\" or \"values\", found both",
            )),
            (None, None) => Err(de::Error::custom(
                "expected an object with \"properties\" (a property list) or \"values\" (a value list)",
            )),
        }
    }
}
