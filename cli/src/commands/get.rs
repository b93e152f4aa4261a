//! `clusprop get OBJECT [NAME...]`: read an object's properties with
//! `CLUSCTL_*_GET_*_PROPERTIES` control codes and print all of them, or
//! only the ones named, as a tree, a table, JSON or bare values.

use std::io::Write;

use clap::{Args, ValueEnum};
use clusprop::{OwnedProperty, OwnedPropertyList, OwnedValue, Property, WideString};
use clusprop_ffi::known::{self, KnownObject};
use clusprop_ffi::{ControlTarget, PropertyKind, PropertyReply};

use crate::backend::Backend;
use crate::commands::object::{self, ObjectArgs, OnObject};
use crate::error::{CLUSTER, Failure, Outcome};
use crate::output::outln;

/// How `get` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The readable tree (syntax, length and value of each value).
    Tree,
    /// One row per property: object, name, value, type (as
    /// Get-ClusterParameter shows them).
    Table,
    /// The JSON form (what `clusprop encode` reads).
    Json,
    /// Only the values, one per line (a MULTI_SZ one string per line), for
    /// scripts.
    Value,
}

/// Arguments of `get`.
#[derive(Args, Debug)]
pub struct GetArgs {
    #[command(flatten)]
    pub object: ObjectArgs,
    /// Only these properties (case-insensitive; a name given again, in any
    /// case, is read and printed once). Without --private or --ro
    /// they are looked for in all four stores: common, read-only common,
    /// private, read-only private. A name the object does not have is an
    /// error (exit 3) after the others are printed.
    #[arg(value_name = "NAME", value_parser = crate::prop::utf8(crate::backend::parse_name))]
    pub names: Vec<String>,
    /// Private properties (default: common).
    #[arg(long)]
    pub private: bool,
    /// Read-only properties (default: the writable ones).
    #[arg(long)]
    pub ro: bool,
    /// How to print.
    #[arg(long, value_enum, default_value_t = Format::Tree)]
    pub format: Format,
    /// The same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

struct Get {
    /// The stores read, in the order a name is looked for.
    kinds: Vec<PropertyKind>,
    names: Vec<String>,
    format: Format,
    name: String,
}

/// One property found.
struct Found<'a> {
    property: Property<'a>,
}

impl OnObject for Get {
    fn other_names(&self) -> &[String] {
        &self.names
    }

    fn run<T: ControlTarget>(&self, object: &T, _: &Backend) -> Result<(), Failure> {
        let replies = self
            .kinds
            .iter()
            .map(|&kind| object.get_properties(kind).map(|reply| (kind, reply)))
            .collect::<Result<Vec<(PropertyKind, PropertyReply)>, _>>()
            .map_err(Failure::cluster)?;
        if self.names.is_empty() {
            let (kind, reply) = &replies[0];
            return self.print_all::<T>(*kind, reply);
        }
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for name in &self.names {
            let hit = replies
                .iter()
                .find_map(|(_, reply)| reply.list().find(name).map(|property| Found { property }));
            match hit {
                Some(f) => found.push(f),
                None => missing.push(name.as_str()),
            }
        }
        self.print_found(&found);
        if missing.is_empty() {
            Ok(())
        } else {
            Err(self.not_found(KnownObject::from(T::OBJECT), &missing))
        }
    }
}

impl Get {
    /// Every property of one store.
    fn print_all<T: ControlTarget>(
        &self,
        kind: PropertyKind,
        reply: &PropertyReply,
    ) -> Result<(), Failure> {
        let list = reply.list();
        match self.format {
            Format::Json => crate::output::stream(|out| {
                crate::json::to_writer_pretty(&mut *out, &crate::json::PropertyListJson(&list))?;
                out.write_all(b"\n")
            }),
            Format::Tree => {
                outln!(
                    "{} of {} ({}, {} bytes):",
                    object::describe(kind),
                    clusprop::quoted(&self.name),
                    T::OBJECT.function(),
                    reply.as_bytes().len()
                );
                crate::output::stream(|out| crate::tree::property_list(out, &list));
            }
            Format::Table | Format::Value => {
                let found: Vec<Found<'_>> =
                    list.iter().map(|property| Found { property }).collect();
                self.print_found(&found);
            }
        }
        Ok(())
    }

    /// The properties found, in the order asked for.
    fn print_found(&self, found: &[Found<'_>]) {
        match self.format {
            Format::Tree => crate::output::stream(|out| {
                for f in found {
                    crate::tree::property(out, &f.property, 0)?;
                }
                Ok(())
            }),
            Format::Value => {
                for f in found {
                    for v in f.property.values() {
                        for line in crate::human::lines(&v) {
                            outln!("{line}");
                        }
                    }
                }
            }
            Format::Json => {
                let list = OwnedPropertyList {
                    properties: found
                        .iter()
                        .map(|f| OwnedProperty {
                            name: WideString::from(f.property.name()),
                            values: f
                                .property
                                .values()
                                .map(|v| OwnedValue::from_raw(&v))
                                .collect(),
                        })
                        .collect(),
                    trailing_end_mark: false,
                };
                crate::output::stream(|out| {
                    crate::json::to_writer_pretty(&mut *out, &list)?;
                    out.write_all(b"\n")
                });
            }
            Format::Table => self.print_table(found),
        }
    }

    /// Object, Name, Value, Type columns, padded to the widest cell.
    fn print_table(&self, found: &[Found<'_>]) {
        let mut rows = vec![[
            "Object".to_owned(),
            "Name".to_owned(),
            "Value".to_owned(),
            "Type".to_owned(),
        ]];
        for f in found {
            let name = crate::human::wide(&f.property.name());
            let values: Vec<_> = f.property.values().collect();
            let value = values
                .iter()
                .map(crate::human::one_line)
                .collect::<Vec<_>>()
                .join("; ");
            let ty = values
                .iter()
                .map(crate::human::format_name)
                .collect::<Vec<_>>()
                .join("; ");
            rows.push([crate::human::text(&self.name), name, value, ty]);
        }
        let mut widths = [0usize; 4];
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        for row in &rows {
            let line = row
                .iter()
                .zip(widths)
                .map(|(cell, w)| format!("{cell:<w$}"))
                .collect::<Vec<_>>()
                .join("  ");
            outln!("{}", line.trim_end());
        }
    }

    /// Exit 3: the cluster's data has no such property. The object was
    /// found and answered; what is missing is data on the cluster, as a
    /// missing object is (ERROR_RESOURCE_NOT_FOUND is exit 3 too), not a
    /// malformed command line or input.
    fn not_found(&self, object: KnownObject, missing: &[&str]) -> Failure {
        let stores = self
            .kinds
            .iter()
            .map(|&k| object::describe(k))
            .collect::<Vec<_>>()
            .join(", ");
        let each = missing
            .iter()
            .map(|name| match known::lookup(object, name) {
                Some(k) => {
                    let store = if k.read_only {
                        PropertyKind::ReadOnlyCommon
                    } else {
                        PropertyKind::Common
                    };
                    // --ro or --private may have left its store out.
                    let why = if self.kinds.contains(&store) {
                        "this object does not return it".to_owned()
                    } else {
                        format!(
                            "the {} were not looked in: without --ro and --private, all \
                             four stores are",
                            object::describe(store)
                        )
                    };
                    format!(
                        "{} (a {} {} property: {}, {}{}; {why})",
                        clusprop::quoted(name),
                        object.name(),
                        if k.read_only {
                            "read-only common"
                        } else {
                            "common"
                        },
                        k.meaning,
                        k.format_name(),
                        if k.read_only { ", read-only" } else { "" }
                    )
                }
                None => clusprop::quoted(name).to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        Failure::new(
            CLUSTER,
            // `about` puts the object before it: `group "DemoGroup": no
            // property "X" (...)`.
            format!("no property {each} (looked in its {stores})"),
        )
    }
}

/// Runs `get`.
pub fn run(args: &GetArgs) -> Outcome {
    let kinds = if !args.names.is_empty() && !args.private && !args.ro {
        vec![
            PropertyKind::Common,
            PropertyKind::ReadOnlyCommon,
            PropertyKind::Private,
            PropertyKind::ReadOnlyPrivate,
        ]
    } else {
        vec![object::property_kind(args.private, args.ro)]
    };
    let get = Get {
        kinds,
        // The cluster matches names case-insensitively: `Priority priority`
        // names one property, printed once under the first spelling.
        names: crate::prop::first_spellings(&args.names),
        format: if args.json { Format::Json } else { args.format },
        name: args.object.object.clone(),
    };
    object::with_object(&args.object, &get)
}
