//! `clusprop get OBJECT`: read an object's properties with a
//! `CLUSCTL_*_GET_*_PROPERTIES` control code and print the reply.

use std::io::Write;

use clap::Args;
use clusprop_ffi::{ControlTarget, PropertyKind};

use crate::backend::Backend;
use crate::commands::object::{self, ObjectArgs, OnObject};
use crate::error::{Failure, Outcome};
use crate::output::outln;

/// Arguments of `get`.
#[derive(Args, Debug)]
pub struct GetArgs {
    #[command(flatten)]
    pub object: ObjectArgs,
    /// Private properties (default: common).
    #[arg(long)]
    pub private: bool,
    /// Read-only properties (default: the writable ones).
    #[arg(long)]
    pub ro: bool,
    /// Print the JSON form of the reply (what `clusprop encode` reads).
    #[arg(long)]
    pub json: bool,
}

struct Get {
    kind: PropertyKind,
    json: bool,
    name: String,
}

impl OnObject for Get {
    fn run<T: ControlTarget>(&self, object: &T, _: &Backend) -> Result<(), Failure> {
        let reply = object.get_properties(self.kind).map_err(Failure::cluster)?;
        if self.json {
            let list = reply.list();
            crate::output::stream(|out| {
                serde_json::to_writer_pretty(&mut *out, &crate::json::PropertyListJson(&list))?;
                out.write_all(b"\n")
            });
        } else {
            outln!(
                "{} of {:?} ({}, {} bytes):",
                object::describe(self.kind),
                self.name,
                T::OBJECT.function(),
                reply.as_bytes().len()
            );
            let list = reply.list();
            crate::output::stream(|out| crate::tree::property_list(out, &list));
        }
        Ok(())
    }
}

/// Runs `get`.
pub fn run(args: &GetArgs) -> Outcome {
    let get = Get {
        kind: object::property_kind(args.private, args.ro),
        json: args.json,
        name: args.object.object.clone(),
    };
    object::with_object(&args.object, &get)
}
