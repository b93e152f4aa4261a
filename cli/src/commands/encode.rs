//! `clusprop encode`: the JSON form back to binary.

use std::path::PathBuf;

use clap::Args;
use clusprop::{JsonList, OwnedValueList};

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
    // A UTF-8 byte-order mark is skipped (RFC 8259 lets a parser ignore
    // it; Windows tools write one), so columns are what an editor shows.
    let json = match text.as_slice() {
        [0xef, 0xbb, 0xbf, rest @ ..] => rest,
        [0xff, 0xfe, ..] | [0xfe, 0xff, ..] => {
            return Err(Failure::bad_input(
                "invalid JSON form: it is UTF-16 (it starts with a UTF-16 byte-order mark); \
                 clusprop reads UTF-8 (in PowerShell: `Out-File -Encoding utf8`)",
            ));
        }
        all => all,
    };
    let document: JsonList = serde_json::from_slice(json).map_err(|e| {
        Failure::bad_input(format!(
            "invalid JSON form: {}{}",
            json_error(&e),
            crate::hint::for_json(json)
        ))
    })?;
    drop(text);
    // On an error, the path to what the encoder refused.
    let bytes = match &document {
        JsonList::Properties(list) => {
            let options = list.encode_options().with_expanded_sz(!args.client);
            list.to_vec_with(&options)
                .map_err(|e| (e, crate::locate::in_properties(&list.properties, &options)))
        }
        JsonList::Values(list) => {
            let options = OwnedValueList::encode_options().with_expanded_sz(!args.client);
            list.to_vec_with(&options)
                .map_err(|e| (e, crate::locate::in_values(&list.values, &options)))
        }
    }
    .map_err(|(e, place)| {
        Failure::bad_input(format!("cannot encode: {e}{}", place.unwrap_or_default()))
    })?;
    crate::input::write(args.output.as_ref(), &bytes)
}

/// A JSON error with its place counted as an editor counts it: serde_json
/// says "column 0" for an error before a line's first character (a
/// document of the wrong shape), which is column 1.
fn json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let place = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&place) {
        Some(what) if e.line() > 0 => {
            format!("{what} at line {} column {}", e.line(), e.column().max(1))
        }
        _ => message,
    }
}
