//! `clusprop decode`: a readable tree, or the JSON form of the owned model.

use std::path::PathBuf;

use clap::Args;
use clusprop::{OwnedPropertyList, OwnedValueList, PropertyList, ValueList};

use crate::error::{Failure, Outcome};
use crate::output::out;
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
    /// The binary list (stdin when absent or `-`).
    pub file: Option<PathBuf>,
}

/// Runs `decode`.
pub fn run(args: &DecodeArgs) -> Outcome {
    let bytes = crate::input::read(args.file.as_deref())?;
    let options = args.policy.options();
    // Everything is rendered before anything is printed: a bad input leaves stdout empty.
    let text = if args.value_list {
        let list = ValueList::parse_with(&bytes, &options).map_err(Failure::bad_input)?;
        if args.json {
            json(&OwnedValueList::from_list(&list))?
        } else {
            crate::tree::value_list(&list)
        }
    } else {
        let list = PropertyList::parse_with(&bytes, &options).map_err(Failure::bad_input)?;
        if args.json {
            json(&OwnedPropertyList::from_list(&list))?
        } else {
            crate::tree::property_list(&list)
        }
    };
    out!("{text}");
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    let mut text = serde_json::to_string_pretty(value).map_err(Failure::bad_input)?;
    text.push('\n');
    Ok(text)
}
