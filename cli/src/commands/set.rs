//! `clusprop set OBJECT NAME=TYPE:VALUE...`: write properties with a
//! `CLUSCTL_*_SET_*_PROPERTIES` control code (or only check them with
//! `VALIDATE`), then read them back.

use clap::Args;
use clusprop::OwnedPropertyList;
use clusprop_ffi::{ControlTarget, SetOutcome, WritableKind};

use crate::backend::Backend;
use crate::commands::object::{self, ObjectArgs, OnObject};
use crate::error::{Failure, Outcome};
use crate::output::{out, outln};
use crate::prop::PropArg;

/// Arguments of `set`.
#[derive(Args, Debug)]
pub struct SetArgs {
    #[command(flatten)]
    pub object: ObjectArgs,
    /// The properties, NAME=TYPE:VALUE (TYPE one of dword, long, word,
    /// qword, large, sz, expand_sz, multi_sz, binary, sd, disk_signature,
    /// disk_number, disk_size, disk_guid, scsi_address, resclass, ftset_info,
    /// partition_info, partition_info_ex, partition_info_ex2,
    /// storage_device_id).
    #[arg(required = true, value_name = "NAME=TYPE:VALUE", value_parser = crate::prop::parse)]
    pub props: Vec<PropArg>,
    /// Private properties (default: common).
    #[arg(long)]
    pub private: bool,
    /// Only ask whether the cluster would accept them
    /// (`*_VALIDATE_*_PROPERTIES`); change nothing.
    #[arg(long)]
    pub validate: bool,
}

struct Set {
    list: OwnedPropertyList,
    kind: WritableKind,
    validate: bool,
    name: String,
}

impl OnObject for Set {
    fn run<T: ControlTarget>(&self, object: &T, _: &Backend) -> Result<(), Failure> {
        let verb = if self.validate { "VALIDATE" } else { "SET" };
        let bytes = self
            .list
            .to_vec()
            .map_err(|e| Failure::usage(format!("cannot encode the properties: {e}")))?;
        out!(
            "{verb} {} {} of {:?} ({} bytes): ",
            self.list.properties.len(),
            if self.kind == WritableKind::Common {
                "common properties"
            } else {
                "private properties"
            },
            self.name,
            bytes.len()
        );
        let result = if self.validate {
            object
                .validate_properties_raw(self.kind, &bytes)
                .map(|()| "accepted (nothing changed)")
        } else {
            object
                .set_properties_raw(self.kind, &bytes)
                .map(|outcome| match outcome {
                    SetOutcome::Applied => "applied",
                    SetOutcome::StoredUntilRestart => {
                        "stored; it takes effect when the resource next comes online"
                    }
                })
        };
        match result {
            Ok(said) => outln!("{said}"),
            Err(e) => {
                outln!("rejected");
                return Err(Failure::cluster(e));
            }
        }
        let kind = object::property_kind(self.kind == WritableKind::Private, false);
        let reply = object.get_properties(kind).map_err(Failure::cluster)?;
        outln!("{} of {:?} now:", object::describe(kind), self.name);
        let list = reply.list();
        crate::output::stream(|out| crate::tree::property_list(out, &list));
        Ok(())
    }
}

/// Runs `set`.
pub fn run(args: &SetArgs) -> Outcome {
    crate::prop::refuse_duplicates(
        args.props
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), format!("property argument {}", i + 1))),
    )
    .map_err(Failure::usage)?;
    let mut list = OwnedPropertyList::new();
    for p in &args.props {
        list.push(&p.name, p.value.clone())
            .map_err(|e| Failure::usage(format!("{}: {e}", p.name)))?;
    }
    let set = Set {
        list,
        kind: if args.private {
            WritableKind::Private
        } else {
            WritableKind::Common
        },
        validate: args.validate,
        name: args.object.object.clone(),
    };
    object::with_object(&args.object, &set)
}
