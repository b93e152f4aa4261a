//! `--prop NAME=TYPE:VALUE`: one extra instruction on the command line.

use clusprop::OwnedValue;

/// The value types `--prop` understands, as written on the command line.
pub const TYPES: &str = "dword, long, word, qword (ularge), large, sz, expand_sz, multi_sz, binary";

/// A parsed `--prop`: the property name and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct PropArg {
    /// The property (for offline instructions: a resource type name).
    pub name: String,
    /// The value.
    pub value: OwnedValue,
}

fn number<T: TryFrom<i128>>(text: &str) -> Result<T, String> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i128::from_str_radix(hex, 16),
        None => digits.parse::<i128>(),
    }
    .map_err(|_| format!("{text:?} is not a number"))?;
    let value = if negative { -magnitude } else { magnitude };
    T::try_from(value).map_err(|_| format!("{text} is out of range"))
}

fn hex_bytes(text: &str) -> Result<Vec<u8>, String> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-'))
        .collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("{text:?}: hex needs an even number of digits"));
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            digits
                .get(i..i + 2)
                .and_then(|d| u8::from_str_radix(d, 16).ok())
                .ok_or_else(|| format!("{text:?} is not hex"))
        })
        .collect()
}

/// Parses `NAME=TYPE:VALUE` (clap value parser).
pub fn parse(arg: &str) -> Result<PropArg, String> {
    let (name, rest) = arg
        .split_once('=')
        .ok_or_else(|| format!("{arg:?}: expected NAME=TYPE:VALUE"))?;
    let (ty, text) = rest
        .split_once(':')
        .ok_or_else(|| format!("{arg:?}: expected NAME=TYPE:VALUE"))?;
    if name.is_empty() {
        return Err(format!("{arg:?}: the name is empty"));
    }
    let value = match ty.to_ascii_lowercase().as_str() {
        "dword" => OwnedValue::dword(number(text)?),
        "long" => OwnedValue::long(number(text)?),
        "word" => OwnedValue::word(number(text)?),
        "qword" | "ularge" => OwnedValue::ularge_integer(number(text)?),
        "large" => OwnedValue::large_integer(number(text)?),
        "sz" => OwnedValue::sz(text).map_err(|e| e.to_string())?,
        "expand_sz" => OwnedValue::expand_sz(text).map_err(|e| e.to_string())?,
        "multi_sz" => {
            let separator = if text.contains('|') { '|' } else { ',' };
            let items: Vec<&str> = if text.is_empty() {
                Vec::new()
            } else {
                text.split(separator).collect()
            };
            OwnedValue::multi_sz(&items).map_err(|e| e.to_string())?
        }
        "binary" => OwnedValue::binary(hex_bytes(text)?),
        other => return Err(format!("unknown type {other:?} (expected one of: {TYPES})")),
    };
    if name.contains('\0') {
        return Err("a name cannot contain NUL".into());
    }
    Ok(PropArg {
        name: name.to_owned(),
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusprop::Syntax;

    fn syntax_of(ty: &str) -> Option<Syntax> {
        parse(&format!("x={ty}:1")).ok().map(|p| p.value.syntax())
    }

    #[test]
    fn parses_each_type() {
        assert_eq!(parse("A=dword:0x10").unwrap().value, OwnedValue::dword(16));
        assert_eq!(parse("A=long:-5").unwrap().value, OwnedValue::long(-5));
        assert_eq!(
            parse("A=qword:1").unwrap().value,
            OwnedValue::ularge_integer(1)
        );
        assert_eq!(
            parse("A=sz:a:b").unwrap().value,
            OwnedValue::sz("a:b").unwrap()
        );
        assert_eq!(
            parse("A=multi_sz:x|y").unwrap().value,
            OwnedValue::multi_sz(&["x", "y"]).unwrap()
        );
        assert_eq!(
            parse("A=binary:aabb").unwrap().value,
            OwnedValue::binary(vec![0xaa, 0xbb])
        );
        assert_eq!(
            parse("Virtual Machine=dword:1").unwrap().name,
            "Virtual Machine"
        );
        assert_eq!(syntax_of("word"), Some(Syntax::LIST_VALUE_WORD));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(parse("A").is_err());
        assert!(parse("A=dword").is_err());
        assert!(parse("A=float:1").unwrap_err().contains("unknown type"));
        assert!(parse("A=dword:-1").is_err());
        assert!(parse("A=word:70000").is_err());
        assert!(parse("A=binary:abc").is_err());
        assert!(parse("=dword:1").is_err());
    }
}
