//! `NAME=TYPE:VALUE` arguments (`offline --prop`, `set`): a property name and
//! a value in the core's text notation ([`clusprop::OwnedValue::parse_typed`]).

use clusprop::{OwnedValue, PropertyFormat, PropertyType, Syntax, TextValueError, TextValueType};

/// The TYPEs of the notation a property's value can have in a list sent to
/// the cluster (`set`, `offline --prop`): those of the core's
/// [`clusprop::text_value_types`] that are property values, the
/// `LIST_VALUE` syntaxes other than `EXPANDED_SZ`, which only replies carry
/// (MS-CMRP 2.2.2.3). The notation's other TYPEs (`disk_signature`,
/// `resclass`, ...) make entries of value lists, which no property holds.
fn property_types() -> impl Iterator<Item = TextValueType> {
    clusprop::text_value_types().filter(TextValueType::is_property_value)
}

/// The name the CLI writes a TYPE by: its shortest (`qword` for
/// `ularge_integer`, `sd` for `security_descriptor`), the first of equal ones.
fn short_name(ty: &TextValueType) -> &'static str {
    ty.names().min_by_key(|n| n.len()).unwrap_or(ty.name())
}

/// The property TYPEs ([`property_types`]) for help and messages, in
/// alphabetical order, each by its [`short_name`] with its other names in
/// parentheses: `binary, dword, ..., qword (ularge_integer, ularge), ...`.
pub fn property_value_types() -> String {
    let mut shown: Vec<String> = property_types()
        .map(|ty| {
            let short = short_name(&ty);
            let others: Vec<&str> = ty.names().filter(|n| *n != short).collect();
            if others.is_empty() {
                short.to_owned()
            } else {
                format!("{short} ({})", others.join(", "))
            }
        })
        .collect();
    shown.sort();
    shown.join(", ")
}

/// The property TYPEs by their short names only (`binary, dword, ...,
/// word`), for the help of `set` and `offline --prop`.
pub fn property_value_type_names() -> String {
    let mut names: Vec<&str> = property_types().map(|ty| short_name(&ty)).collect();
    names.sort_unstable();
    names.join(", ")
}

/// A parsed `NAME=TYPE:VALUE`: the property name and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct PropArg {
    /// The property (for offline instructions: a resource type name).
    pub name: String,
    /// The value.
    pub value: OwnedValue,
}

/// A clap value parser that reads the argument as UTF-8 text with `parse`,
/// and refuses an argument that is not UTF-8 as that argument's own error:
/// clap's own check names no argument ("invalid UTF-8 was detected in one
/// or more arguments"); this one is "invalid value '...' for '<ARG>'", the
/// value shown with U+FFFD where its bytes are not UTF-8.
pub fn utf8<T: Clone + Send + Sync + 'static>(
    parse: fn(&str) -> Result<T, String>,
) -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser as _;
    clap::builder::OsStringValueParser::new().try_map(move |os: std::ffi::OsString| {
        match os.to_str() {
            Some(text) => parse(text),
            None => Err("not UTF-8 text (names and values are Unicode text)".to_owned()),
        }
    })
}

/// Parses `NAME=TYPE:VALUE` (clap value parser). The name ends at the first
/// `=`, the type at the next `:`; the value is the rest. An error does not
/// quote the argument: clap's message does (`invalid value 'A=dword:x' for
/// '--prop <NAME=TYPE:VALUE>': not a number ...`).
pub fn parse(arg: &str) -> Result<PropArg, String> {
    let (name, typed) = arg
        .split_once('=')
        .ok_or_else(|| "expected NAME=TYPE:VALUE".to_owned())?;
    if name.is_empty() {
        return Err("the name is empty".to_owned());
    }
    if name.contains('\0') {
        return Err("a name cannot contain NUL".to_owned());
    }
    let value = OwnedValue::parse_typed(typed).map_err(|e| match e {
        // The TYPE as read, and only the TYPEs a property can have (the
        // notation's list names value-list TYPEs too, which the check below
        // refuses).
        TextValueError::UnknownType => {
            let ty = typed.split_once(':').map_or(typed, |(ty, _)| ty);
            let name_note = if ty.contains('=') {
                " (the name ends at the first `=`)"
            } else {
                ""
            };
            format!(
                "unknown type {}{name_note}; a property's TYPE is one of {}",
                clusprop::quoted(ty),
                property_value_types()
            )
        }
        TextValueError::NotANumber { .. } => {
            let ty = typed.split_once(':').map_or(typed, |(ty, _)| ty);
            match range(ty) {
                Some(range) => format!("{e}: expected {range}"),
                None => e.to_string(),
            }
        }
        // The core's message names the range; a `filetime` may also be
        // written as a time.
        TextValueError::OutOfRange { .. } => {
            let ty = typed.split_once(':').map_or(typed, |(ty, _)| ty);
            let filetime = clusprop::text_value_type(ty)
                .is_some_and(|ty| ty.syntax().format() == PropertyFormat::FILETIME);
            if filetime {
                format!("{e}, or a UTC time {TIME_EXAMPLE}")
            } else {
                e.to_string()
            }
        }
        _ => e.to_string(),
    })?;
    let syntax = value.syntax();
    if syntax.ty() != PropertyType::LIST_VALUE {
        let ty = typed.split_once(':').map_or(typed, |(ty, _)| ty);
        return Err(format!(
            "{ty} makes an entry of a value list ({}), which no property holds; \
             a property's TYPE is one of {}",
            syntax.name().unwrap_or("a value-list syntax"),
            property_value_types()
        ));
    }
    if syntax.format() == PropertyFormat::EXPANDED_SZ {
        return Err(
            "EXPANDED_SZ values are only in the cluster's replies (MS-CMRP \
                    2.2.2.3); a list sent to the cluster writes expand_sz"
                .to_owned(),
        );
    }
    // `"Virtual Machine =dword:1"` would send an instruction no resource
    // type reads, or make a new private property `X `: the spaces around
    // `=` are a slip, not part of a real name. (Checked after the value, so
    // a wrong TYPE is named first.)
    if name.trim() != name {
        return Err(
            "the name has white space at its start or end (NAME=TYPE:VALUE takes none around \
             `=`)"
                .to_owned(),
        );
    }
    Ok(PropArg {
        name: name.to_owned(),
        value,
    })
}

/// A `set` argument: `NAME=TYPE:VALUE`, or `NAME=VALUE` whose type comes
/// from the object.
#[derive(Clone, Debug, PartialEq)]
pub struct SetArg {
    /// The property.
    pub name: String,
    /// The value, typed or still text.
    pub value: SetValue,
}

/// The value of a [`SetArg`].
#[derive(Clone, Debug, PartialEq)]
pub enum SetValue {
    /// `TYPE:VALUE` with a known TYPE.
    Typed(OwnedValue),
    /// Text to read in the property's own format.
    Text(String),
}

/// Parses a `set` argument (clap value parser): `NAME=TYPE:VALUE` when the
/// text after `=` starts with a known TYPE and a `:`, otherwise
/// `NAME=VALUE` (so `Description=a: b` is the text `a: b`; a string that
/// starts with a type name is written `NAME=sz:dword:...`).
pub fn parse_set(arg: &str) -> Result<SetArg, String> {
    let (name, rest) = arg
        .split_once('=')
        .ok_or_else(|| "expected NAME=VALUE or NAME=TYPE:VALUE".to_owned())?;
    let typed = rest.split_once(':').is_some_and(|(ty, _)| is_type(ty));
    if typed {
        let p = parse(arg)?;
        return Ok(SetArg {
            name: p.name,
            value: SetValue::Typed(p.value),
        });
    }
    if name.is_empty() {
        return Err("the name is empty".to_owned());
    }
    if name.contains('\0') {
        return Err("a name cannot contain NUL".to_owned());
    }
    Ok(SetArg {
        name: name.to_owned(),
        value: SetValue::Text(rest.to_owned()),
    })
}

/// Whether `ty` is a TYPE of the text notation.
fn is_type(ty: &str) -> bool {
    clusprop::text_value_type(ty).is_some()
}

/// The TYPE of the text notation that writes a value of `format` (by its
/// [`short_name`]), if one does.
pub fn type_for(format: PropertyFormat) -> Option<&'static str> {
    let syntax = Syntax::new(PropertyType::LIST_VALUE, format);
    property_types()
        .find(|ty| ty.syntax() == syntax)
        .map(|ty| short_name(&ty))
}

/// The numbers a numeric TYPE holds, for messages (and for `filetime` the
/// other way to write one: the time as `decode` and `get` print it).
fn range(ty: &str) -> Option<String> {
    let ty = clusprop::text_value_type(ty)?;
    let (low, high) = ty.integer_range()?;
    let time = if ty.syntax().format() == PropertyFormat::FILETIME {
        format!(", or a UTC time {TIME_EXAMPLE}")
    } else {
        String::new()
    };
    Some(format!(
        "a number from {low} to {high} (decimal, or hex with 0x){time}"
    ))
}

/// A UTC time as `decode` and `get` print one, for messages about `filetime`.
const TIME_EXAMPLE: &str = "2022-06-18T04:26:40Z";

/// Refuses a name given twice among `names` (each with the argument it came
/// from, for the message). Names compare case-insensitively, character by
/// character through the simple upper-case mapping, as
/// [`clusprop::Utf16Str::eq_ignore_case`] (and the cluster) compare them: a
/// list with the same name twice is ambiguous, whichever entry its reader
/// takes.
pub fn refuse_duplicates<'a>(
    names: impl IntoIterator<Item = (&'a str, String)>,
) -> Result<(), String> {
    let mut seen = std::collections::HashMap::new();
    for (name, from) in names {
        if let Some(first) = seen.insert(folded(name), from.clone()) {
            return Err(format!(
                "the name {} is given twice, by {first} and by {from} (names compare \
                 case-insensitively)",
                clusprop::quoted(name)
            ));
        }
    }
    Ok(())
}

/// `names` without the repeats: a name equal to an earlier one by the rule
/// of [`refuse_duplicates`] is left out, so the first spelling stays (`get
/// G Priority priority` reads, and prints, one property).
pub fn first_spellings(names: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .iter()
        .filter(|name| seen.insert(folded(name)))
        .cloned()
        .collect()
}

/// `name` through the simple (one-to-one) upper-case mapping.
fn folded(name: &str) -> String {
    name.chars()
        .map(|c| {
            let mut upper = c.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unknown TYPE is named as it was read, with the TYPEs a property
    /// can have (not the storage types, which no property holds); a TYPE
    /// holding `=` says where the name ends.
    #[test]
    fn an_unknown_type_is_named_with_the_property_types() {
        let e = parse("A=dwrod:1").unwrap_err();
        assert!(
            e.contains("unknown type \"dwrod\"; a property's TYPE is one of "),
            "{e}"
        );
        assert!(e.ends_with(&property_value_types()), "{e}");
        assert!(
            !e.contains("disk_number") && !e.contains("name ends"),
            "{e}"
        );
        let e = parse("A=B=dword:1").unwrap_err();
        assert!(
            e.contains("unknown type \"B=dword\" (the name ends at the first `=`)"),
            "{e}"
        );
    }

    #[test]
    fn splits_name_type_and_value() {
        let p = parse("Virtual Machine=dword:1").unwrap();
        assert_eq!(p.name, "Virtual Machine");
        assert_eq!(p.value, OwnedValue::dword(1));
        assert_eq!(
            parse("Path=sz:C:\\x=y").unwrap().value,
            OwnedValue::sz("C:\\x=y").unwrap()
        );
    }

    #[test]
    fn set_arguments_are_typed_only_with_a_known_type() {
        let typed = parse_set("Priority=dword:3000").unwrap();
        assert_eq!(typed.value, SetValue::Typed(OwnedValue::dword(3000)));
        let text = parse_set("Priority=3000").unwrap();
        assert_eq!(text.name, "Priority");
        assert_eq!(text.value, SetValue::Text("3000".to_owned()));
        assert_eq!(
            parse_set("Description=a: b").unwrap().value,
            SetValue::Text("a: b".to_owned())
        );
        assert_eq!(
            parse_set("Path=C:\\x").unwrap().value,
            SetValue::Text("C:\\x".to_owned())
        );
        assert!(
            parse_set("X=dword:x")
                .unwrap_err()
                .contains("0 to 4294967295")
        );
        assert!(parse_set("NoEquals").unwrap_err().contains("NAME=VALUE"));
        assert!(parse_set("=1").unwrap_err().contains("empty"));
    }

    /// The TYPEs listed for a property are the core's property TYPEs, each
    /// with all its names; the help lists the same ones by short name.
    #[test]
    fn the_property_types_are_the_cores() {
        let shown = property_value_types();
        assert!(
            shown.starts_with("binary, dword, expand_sz, filetime, "),
            "{shown}"
        );
        assert!(shown.contains("qword (ularge_integer, ularge)"), "{shown}");
        assert!(shown.contains("sd (security_descriptor)"), "{shown}");
        let names = property_value_type_names();
        let mut count = 0;
        for ty in clusprop::text_value_types() {
            let listed = ty
                .names()
                .all(|n| shown.split([',', ' ', '(', ')']).any(|w| w == n));
            assert_eq!(listed, ty.is_property_value(), "{ty:?}: {shown}");
            if ty.is_property_value() {
                count += 1;
                assert!(names.split(", ").any(|n| n == short_name(&ty)), "{names}");
                assert_eq!(type_for(ty.syntax().format()), Some(short_name(&ty)));
            }
        }
        assert_eq!(names.split(", ").count(), count);
        assert!(
            !shown.contains("expanded_sz") && !shown.contains("disk_"),
            "{shown}"
        );
        assert_eq!(type_for(PropertyFormat::EXPANDED_SZ), None);
        assert_eq!(type_for(PropertyFormat::PROPERTY_LIST), None);
    }

    #[test]
    fn rejects_bad_input_naming_the_argument() {
        assert!(parse("A").unwrap_err().contains("NAME=TYPE:VALUE"));
        assert!(parse("A=dword").unwrap_err().contains("TYPE:VALUE"));
        assert!(parse("A=float:1").unwrap_err().contains("unknown type"));
        assert!(parse("A=word:70000").unwrap_err().contains("out of range"));
        // The core's message names the range; a filetime's adds a time.
        assert_eq!(
            parse("A=word:70000").unwrap_err(),
            "number out of range: expected 0 to 65535"
        );
        assert_eq!(
            parse("A=filetime:-1").unwrap_err(),
            "number out of range: expected 0 to 18446744073709551615, or a UTC time \
             2022-06-18T04:26:40Z"
        );
        assert!(
            parse("A=dword:1e20")
                .unwrap_err()
                .contains("expected a number from 0 to 4294967295")
        );
        assert!(
            parse("A=long:NaN")
                .unwrap_err()
                .contains("from -2147483648 to 2147483647")
        );
        // Every integer TYPE says its range, by any of its names.
        for (arg, range) in [
            ("A=ularge_integer:x", "from 0 to 18446744073709551615"),
            (
                "A=LARGE_INTEGER:x",
                "from -9223372036854775808 to 9223372036854775807",
            ),
            ("A=filetime:x", "from 0 to 18446744073709551615"),
        ] {
            assert!(parse(arg).unwrap_err().contains(range), "{arg}");
        }
        assert!(parse("=dword:1").unwrap_err().contains("empty"));
        assert!(parse("A\0B=dword:1").unwrap_err().contains("NUL"));
    }
}
