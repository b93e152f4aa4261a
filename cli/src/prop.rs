//! `NAME=TYPE:VALUE` arguments (`offline --prop`, `set`): a property name and
//! a value in the core's text notation ([`clusprop::OwnedValue::parse_typed`]).

use clusprop::OwnedValue;

/// A parsed `NAME=TYPE:VALUE`: the property name and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct PropArg {
    /// The property (for offline instructions: a resource type name).
    pub name: String,
    /// The value.
    pub value: OwnedValue,
}

/// Parses `NAME=TYPE:VALUE` (clap value parser). The name ends at the first
/// `=`, the type at the next `:`; the value is the rest.
pub fn parse(arg: &str) -> Result<PropArg, String> {
    let (name, typed) = arg
        .split_once('=')
        .ok_or_else(|| format!("{arg:?}: expected NAME=TYPE:VALUE"))?;
    if name.is_empty() {
        return Err(format!("{arg:?}: the name is empty"));
    }
    if name.contains('\0') {
        return Err(format!("{arg:?}: a name cannot contain NUL"));
    }
    let value = OwnedValue::parse_typed(typed).map_err(|e| format!("{arg:?}: {e}"))?;
    Ok(PropArg {
        name: name.to_owned(),
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rejects_bad_input_naming_the_argument() {
        assert!(parse("A").unwrap_err().contains("NAME=TYPE:VALUE"));
        assert!(parse("A=dword").unwrap_err().contains("TYPE:VALUE"));
        assert!(parse("A=float:1").unwrap_err().contains("unknown type"));
        assert!(parse("A=word:70000").unwrap_err().contains("out of range"));
        assert!(parse("=dword:1").unwrap_err().contains("empty"));
        assert!(parse("A\0B=dword:1").unwrap_err().contains("NUL"));
    }
}
