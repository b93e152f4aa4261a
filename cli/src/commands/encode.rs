//! `clusprop encode`: the JSON form back to binary.

use std::path::PathBuf;

use clap::Args;
use clusprop::{JsonList, JsonTextErrorKind};

use crate::error::{Failure, Outcome};
use crate::input::InputCap;

/// Arguments of `encode`.
#[derive(Args, Debug)]
pub struct EncodeArgs {
    /// Write the binary list here instead of stdout (`-`: stdout; without
    /// it, a stdout that is a terminal is refused).
    #[arg(short, long, value_parser = crate::input::path_parser())]
    pub output: Option<PathBuf>,
    /// Refuse EXPANDED_SZ values, as a client-built list must (MS-CMRP 2.2.2.3).
    #[arg(long)]
    pub client: bool,
    #[command(flatten)]
    pub cap: InputCap,
    /// The JSON form (stdin when absent or `-`): an object with "properties"
    /// (a property list) or "values" (a bare value list).
    #[arg(value_parser = crate::input::path_parser())]
    pub file: Option<PathBuf>,
}

/// Runs `encode`.
pub fn run(args: &EncodeArgs) -> Outcome {
    use std::io::IsTerminal;
    crate::input::refuse_terminal_output(args.output.as_deref(), std::io::stdout().is_terminal())?;
    let text = crate::input::read(args.file.as_deref(), args.cap)?;
    let document = JsonList::from_json_text(&text).map_err(|e| {
        let advice = match e.kind {
            JsonTextErrorKind::Utf16 => " (in PowerShell: `Out-File -Encoding utf8`)",
            _ => crate::hint::for_json(&text),
        };
        Failure::bad_input(format!("invalid JSON form: {e}{advice}"))
    })?;
    drop(text);
    let bytes = document
        .encode(args.client)
        .map_err(|e| Failure::bad_input(format!("cannot encode: {e}")))?;
    crate::input::write(args.output.as_ref(), &bytes)
}
