//! `clusprop encode`: the JSON form back to binary.

use std::path::PathBuf;

use clap::Args;
use clusprop::{OwnedPropertyList, OwnedValueList};

use crate::error::{Failure, Outcome};

/// Arguments of `encode`.
#[derive(Args, Debug)]
pub struct EncodeArgs {
    /// Write the binary list here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Refuse EXPANDED_SZ values, as a client-built list must (MS-CMRP 2.2.2.3).
    #[arg(long)]
    pub client: bool,
    /// The JSON form (stdin when absent or `-`): an object with "properties"
    /// (a property list) or "values" (a bare value list).
    pub file: Option<PathBuf>,
}

/// Runs `encode`.
pub fn run(args: &EncodeArgs) -> Outcome {
    let text = crate::input::read(args.file.as_deref())?;
    let json: serde_json::Value = serde_json::from_slice(&text)
        .map_err(|e| Failure::bad_input(format!("invalid JSON: {e}")))?;
    let bytes = if json.get("properties").is_some() {
        let list: OwnedPropertyList = serde_json::from_value(json)
            .map_err(|e| Failure::bad_input(format!("invalid property list: {e}")))?;
        let options = list.encode_options().with_expanded_sz(!args.client);
        list.to_vec_with(&options)
    } else if json.get("values").is_some() {
        let list: OwnedValueList = serde_json::from_value(json)
            .map_err(|e| Failure::bad_input(format!("invalid value list: {e}")))?;
        list.to_vec()
    } else {
        return Err(Failure::bad_input(
            "invalid JSON form: expected an object with \"properties\" or \"values\"",
        ));
    }
    .map_err(|e| Failure::bad_input(format!("cannot encode: {e}")))?;
    crate::input::write(args.output.as_ref(), &bytes)
}
