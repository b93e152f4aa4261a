//! `clusprop set OBJECT NAME=VALUE...`: write properties with a
//! `CLUSCTL_*_SET_*_PROPERTIES` control code (or only check them with
//! `VALIDATE`), then read them back. A value without a TYPE takes the
//! format the object already gives the property, or else the one the
//! table of well-known properties gives it.

use clap::Args;
use clusprop::{OwnedPropertyList, OwnedValue, PropertyFormat, TextValueError};
use clusprop_ffi::known::{self, KnownObject};
use clusprop_ffi::{ControlTarget, PropertyKind, PropertyReply, SetOutcome, WritableKind};

use crate::backend::Backend;
use crate::commands::object::{self, ObjectArgs, OnObject};
use crate::error::{Failure, Outcome};
use crate::output::{out, outln};
use crate::prop::{SetArg, SetValue, property_value_types};

/// Arguments of `set`.
#[derive(Args, Debug)]
pub struct SetArgs {
    #[command(flatten)]
    pub object: ObjectArgs,
    /// The properties, NAME=VALUE (the type is the property's current
    /// format on the object, or the well-known one) or NAME=TYPE:VALUE
    /// (needed for a new private property; TYPE one of the property TYPEs,
    /// [`crate::prop::property_value_type_names`], which the help lists).
    #[arg(
        required = true,
        value_name = "NAME=VALUE",
        value_parser = crate::prop::utf8(crate::prop::parse_set),
        help = format!(
            "The properties, NAME=VALUE (the type is the property's current format on the \
             object, or the well-known one) or NAME=TYPE:VALUE (needed for a new private \
             property; TYPE one of {})",
            crate::prop::property_value_type_names()
        )
    )]
    pub props: Vec<SetArg>,
    /// Private properties (default: common).
    #[arg(long)]
    pub private: bool,
    /// Only ask whether the cluster would accept them
    /// (`*_VALIDATE_*_PROPERTIES`); change nothing.
    #[arg(long)]
    pub validate: bool,
}

struct Set {
    props: Vec<SetArg>,
    kind: WritableKind,
    validate: bool,
    name: String,
}

impl OnObject for Set {
    fn run<T: ControlTarget>(&self, object: &T, _: &Backend) -> Result<(), Failure> {
        let verb = if self.validate { "VALIDATE" } else { "SET" };
        let object_kind = KnownObject::from(T::OBJECT);
        let needs_formats = self
            .props
            .iter()
            .any(|p| matches!(p.value, SetValue::Text(_)));
        let current = if needs_formats {
            Some(self.current(object).map_err(Failure::cluster)?)
        } else {
            None
        };
        let list = self.list(object, current.as_ref())?;
        let bytes = list
            .to_vec()
            .map_err(|e| Failure::usage(format!("cannot encode the properties: {e}")))?;
        out!(
            "{verb} {} {} of {} ({} bytes): ",
            list.properties.len(),
            match (
                self.kind == WritableKind::Common,
                list.properties.len() == 1
            ) {
                (true, true) => "common property",
                (true, false) => "common properties",
                (false, true) => "private property",
                (false, false) => "private properties",
            },
            clusprop::quoted(&self.name),
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
                let current = current.or_else(|| self.current(object).ok());
                let hints = self.hints(object_kind, current.as_ref());
                let mut failure = Failure::cluster(e);
                if !hints.is_empty() {
                    failure.message = format!("{}; {hints}", failure.message);
                }
                return Err(failure);
            }
        }
        let kind = object::property_kind(self.kind == WritableKind::Private, false);
        let reply = object.get_properties(kind).map_err(Failure::cluster)?;
        outln!(
            "{} of {} now:",
            object::describe(kind),
            clusprop::quoted(&self.name)
        );
        let list = reply.list();
        crate::output::stream(|out| crate::tree::property_list(out, &list));
        Ok(())
    }
}

/// The writable store and its read-only twin, as the object has them now.
struct Current {
    writable: PropertyReply,
    read_only: PropertyReply,
}

impl Current {
    /// The format of the first value of `name` and whether it is read-only.
    fn format(&self, name: &str) -> Option<(PropertyFormat, bool)> {
        [(&self.writable, false), (&self.read_only, true)]
            .into_iter()
            .find_map(|(reply, read_only)| {
                let property = reply.list().find(name)?;
                let value = property.values().next()?;
                Some((value.syntax().format(), read_only))
            })
    }
}

impl Set {
    /// Reads the store written to and its read-only twin.
    fn current<T: ControlTarget>(&self, object: &T) -> Result<Current, clusprop_ffi::Error> {
        let (writable, read_only) = match self.kind {
            WritableKind::Common => (PropertyKind::Common, PropertyKind::ReadOnlyCommon),
            WritableKind::Private => (PropertyKind::Private, PropertyKind::ReadOnlyPrivate),
        };
        Ok(Current {
            writable: object.get_properties(writable)?,
            read_only: object.get_properties(read_only)?,
        })
    }

    /// The format `name` has: the object's own first, then the table's
    /// (common properties only: private ones belong to resource DLLs).
    fn format_of(
        &self,
        object: KnownObject,
        current: Option<&Current>,
        name: &str,
    ) -> Option<PropertyFormat> {
        current
            .and_then(|c| c.format(name))
            .map(|(format, _)| format)
            .or_else(|| {
                (self.kind == WritableKind::Common)
                    .then(|| known::lookup(object, name).map(|k| k.format))
                    .flatten()
            })
    }

    /// A note for a NAME whose type cannot be told, when the object has
    /// NAME in the other pair of stores (`set DemoVM OfflineAction=2` for a
    /// private property: add `--private`); empty otherwise.
    fn other_store_hint<T: ControlTarget>(&self, object: &T, name: &str) -> String {
        let (other, flag) = match self.kind {
            WritableKind::Common => (
                [PropertyKind::Private, PropertyKind::ReadOnlyPrivate],
                "add --private",
            ),
            WritableKind::Private => (
                [PropertyKind::Common, PropertyKind::ReadOnlyCommon],
                "drop --private",
            ),
        };
        let found = other.into_iter().find(|&kind| {
            object
                .get_properties(kind)
                .is_ok_and(|reply| reply.list().find(name).is_some())
        });
        found.map_or_else(String::new, |kind| {
            // The message names the object before this note.
            format!(
                " ({} is among its {}: {flag})",
                crate::human::text(name),
                object::describe(kind)
            )
        })
    }

    /// The list to write; an untyped value is read in its property's
    /// format (exit 2 when there is none or the text does not fit it).
    fn list<T: ControlTarget>(
        &self,
        object: &T,
        current: Option<&Current>,
    ) -> Result<OwnedPropertyList, Failure> {
        let mut list = OwnedPropertyList::new();
        for p in &self.props {
            let value = match &p.value {
                SetValue::Typed(v) => v.clone(),
                SetValue::Text(text) => self.infer(object, current, &p.name, text)?,
            };
            list.push(&p.name, value)
                .map_err(|e| Failure::usage(format!("{}: {e}", crate::human::text(&p.name))))?;
        }
        Ok(list)
    }

    /// `text` as a value of `name`'s format.
    fn infer<T: ControlTarget>(
        &self,
        target: &T,
        current: Option<&Current>,
        name: &str,
        text: &str,
    ) -> Result<OwnedValue, Failure> {
        let object = KnownObject::from(T::OBJECT);
        let store = if self.kind == WritableKind::Common {
            "common"
        } else {
            "private"
        };
        // The name and the text as messages quote them (escaped).
        let (shown_name, shown_text) = (crate::human::text(name), crate::human::text(text));
        let Some(format) = self.format_of(object, current, name) else {
            let why = if self.kind == WritableKind::Common {
                format!("and it is not a well-known {} property", object.name())
            } else {
                "(a new private property needs its type)".to_owned()
            };
            return Err(Failure::usage(format!(
                "cannot tell the type of {shown_name}: {} has no {store} property of that \
                 name {why}; write {shown_name}=TYPE:{shown_text} (TYPE one of {}){}{}{}",
                clusprop::quoted(&self.name),
                property_value_types(),
                misspelt_type(text).map_or_else(String::new, |word| format!(
                    "; {} is not a TYPE, so the whole text was read as the value",
                    clusprop::quoted(word)
                )),
                self.other_store_hint(target, name),
                spaces_hint(name, "name")
            )));
        };
        let Some(ty) = crate::prop::type_for(format) else {
            return Err(Failure::usage(format!(
                "{shown_name} is {}, which has no text form here; write {shown_name}=TYPE:VALUE",
                known::expected(format)
            )));
        };
        OwnedValue::from_text(ty, text).map_err(|e| {
            // Spaces that are all that is wrong (`Priority= 3000`).
            let spaces = if OwnedValue::from_text(ty, text.trim()).is_ok() {
                spaces_hint(text, "value")
            } else {
                String::new()
            };
            // The notation's own range says what the number must be; the
            // table's words would give it a second time.
            let expected = match e {
                TextValueError::OutOfRange { .. } => format!("a {}", known::format_name(format)),
                _ => known::expected(format).to_owned(),
            };
            Failure::usage(format!(
                "{shown_name} is {expected}: {}: {e}{}{spaces}",
                clusprop::quoted(text),
                misspelt_type(text).map_or_else(String::new, |word| format!(
                    " ({} is not a TYPE, so the whole text was read as the value; \
                     TYPE is one of {})",
                    clusprop::quoted(word),
                    property_value_types()
                ))
            ))
        })
    }

    /// What each property written was expected to be, for a rejection:
    /// "GroupType is read-only", "Priority is a DWORD (0 to 4294967295)".
    fn hints(&self, object: KnownObject, current: Option<&Current>) -> String {
        self.props
            .iter()
            .map(|p| {
                let here = current.and_then(|c| c.format(&p.name));
                let table = (self.kind == WritableKind::Common)
                    .then(|| known::lookup(object, &p.name))
                    .flatten();
                // As the message quotes it.
                let name = crate::human::text(&p.name);
                match (here, table) {
                    (Some((_, true)), _)
                    | (
                        None,
                        Some(known::KnownProperty {
                            read_only: true, ..
                        }),
                    ) => {
                        format!("{name} is read-only")
                    }
                    (Some((format, false)), _) => {
                        format!("{name} is {}", known::expected(format))
                    }
                    (None, Some(k)) => format!("{name} is {}", k.expected()),
                    (None, None) if self.kind == WritableKind::Common => {
                        // The error's prefix names the object already.
                        format!("{name} is not one of its common properties")
                    }
                    (None, None) => format!("{name} is a new private property"),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// For a value that did not fit and starts like `TYPE:` with a word that
/// is no TYPE (`dwrod:5`), the word: the argument was read as `NAME=VALUE`,
/// and a misspelt type would otherwise only show as "not a number".
fn misspelt_type(text: &str) -> Option<&str> {
    let (word, _) = text.split_once(':')?;
    (!word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then_some(word)
}

/// A note for a NAME or VALUE (`what`) of `NAME=VALUE` with white space at
/// its start or end (`"Priority =3000"`, `"Priority= 3000"`): the argument
/// is split at `=` exactly, so the spaces are part of it. Empty when there
/// is none.
fn spaces_hint(text: &str, what: &str) -> String {
    if text.trim() == text {
        return String::new();
    }
    format!("; the {what} has white space at its start or end (NAME=VALUE takes none around `=`)")
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
    let set = Set {
        props: args.props.clone(),
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
