//! `clusprop decode`: a readable tree, or the JSON form of the owned model,
//! written as the validated list is walked.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use clusprop::{PropertyList, ValueList};

use crate::error::Outcome;
use crate::input::InputCap;
use crate::policy::Policy;

/// Arguments of `decode`.
#[derive(Args, Debug)]
pub struct DecodeArgs {
    /// Print the JSON form of the owned model instead of a tree.
    #[arg(long)]
    pub json: bool,
    /// The input is a bare value list (no count), not a property list.
    #[arg(long)]
    pub value_list: bool,
    #[command(flatten)]
    pub policy: Policy,
    #[command(flatten)]
    pub cap: InputCap,
    /// The binary list (stdin when absent or `-`).
    #[arg(value_parser = crate::input::path_parser())]
    pub file: Option<PathBuf>,
}

/// Runs `decode`.
pub fn run(args: &DecodeArgs) -> Outcome {
    let bytes = crate::input::read(args.file.as_deref(), args.cap)?;
    let options = args.policy.options();
    // Parsing validates the whole list before anything is printed: a bad
    // input leaves stdout empty.
    if args.value_list {
        let list = ValueList::parse_with(&bytes, &options)
            .map_err(|e| crate::hint::binary_failure(e, &bytes))?;
        crate::output::stream(|out| {
            if args.json {
                json(out, &crate::json::ValueListJson(&list))
            } else {
                crate::tree::value_list(out, &list)
            }
        });
    } else {
        let list = PropertyList::parse_with(&bytes, &options)
            .map_err(|e| crate::hint::binary_failure(e, &bytes))?;
        crate::output::stream(|out| {
            if args.json {
                json(out, &crate::json::PropertyListJson(&list))
            } else {
                crate::tree::property_list(out, &list)
            }
        });
    }
    Ok(())
}

fn json<W: Write>(out: &mut W, value: &impl serde::Serialize) -> io::Result<()> {
    crate::json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}
