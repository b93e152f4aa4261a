//! A second decoder, written straight from the format notes (format-spec
//! §2–§5) with `nom` parser combinators. It shares no code with the
//! production reader and models its default options; the `differential`
//! target checks that both agree on accept/reject and on content.
//!
//! Nothing here is public API of the library, and no nom type leaves this
//! module: results are plain vectors, the error is [`Rejected`].

use nom::bytes::complete::take;
use nom::number::complete::le_u32;
use nom::{IResult, Parser};

/// One decoded property: its name in UTF-16 code units (no NUL) and its
/// values as (syntax, unpadded data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prop {
    /// The name, without its NUL.
    pub name: Vec<u16>,
    /// The values in order.
    pub values: Vec<(u32, Vec<u8>)>,
}

/// A decoded property list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// The properties.
    pub properties: Vec<Prop>,
    /// Whether a 4-byte zero end mark followed the last property.
    pub trailing_end_mark: bool,
}

type Res<'a, T> = IResult<&'a [u8], T, ()>;

/// The spec decoder's only error: the input breaks a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected;

const NAME: u32 = 0x0004_0003;
const ENDMARK: u32 = 0;
const PROPERTY_LIST: u32 = 0x0001_000E;
const VALUE_LIST: u32 = 0x0001_000D;
const MAX_DEPTH: u8 = 8;
const MAX_VALUES: usize = 3;

/// The syntaxes the default reader accepts besides the user range: those of
/// MS-CMRP 2.2.2.3 and the Windows-header extras (§1.3).
const KNOWN: &[u32] = &[
    0x0004_0003,
    0x0002_0002,
    0x0001_0003,
    0x0001_0004,
    0x0001_0002,
    0x0001_0001,
    0x0001_0005,
    0x0001_0007,
    0x0001_0008,
    0x0001_0009,
    0x0001_000A,
    0x0001_0006,
    0x0001_000B,
    0x0001_000E,
    0x0001_000C,
    0x0005_0002,
    0x0006_0002,
    0x0007_0002,
    0x0008_0001,
    0x0009_0001,
    0x000A_0003,
    0x000B_0003,
    0x000C_0006,
    0x000D_0001,
    0x000E_0001,
    0x000F_0001,
    0x0001_000D,
];

fn is_user(syntax: u32) -> bool {
    (syntax >> 16) >= 0x8000 || (syntax & 0xFFFF) >= 0x8000
}

fn fail<T>() -> Result<T, Rejected> {
    Err(Rejected)
}

/// An entry: syntax, length, data, zero to three padding bytes.
fn entry(input: &[u8]) -> Res<'_, (u32, &[u8])> {
    let (input, syntax) = le_u32(input)?;
    let (input, len) = le_u32(input)?;
    let len = len as usize;
    let (input, data) = take(len).parse(input)?;
    let (input, _padding) = take((4 - len % 4) % 4).parse(input)?;
    Ok((input, (syntax, data)))
}

fn units(data: &[u8]) -> Vec<u16> {
    data.chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect()
}

/// A single NUL-terminated UTF-16 string: even, ends in NUL, no earlier NUL.
fn single_string(data: &[u8]) -> bool {
    let u = units(data);
    data.len().is_multiple_of(2)
        && u.last() == Some(&0)
        && u.iter().filter(|&&x| x == 0).count() == 1
}

/// REG_MULTI_SZ: even, ends in NUL, nothing but NULs after the first empty string.
fn multi_string(data: &[u8]) -> bool {
    let u = units(data);
    if !data.len().is_multiple_of(2) || u.last() != Some(&0) {
        return false;
    }
    // The terminator is the first NUL that starts a string (at 0 or right after a NUL).
    let terminator = (0..u.len()).find(|&i| u[i] == 0 && (i == 0 || u[i - 1] == 0));
    match terminator {
        Some(t) => u[t..].iter().all(|&x| x == 0),
        None => true,
    }
}

/// Length and content rules of a non-empty value (format-spec §4, R9).
fn content_ok(syntax: u32, data: &[u8], depth: u8) -> bool {
    if is_user(syntax) {
        return true;
    }
    let n = data.len();
    match syntax {
        0x0002_0002 => n == 4 || n == 8,
        0x0008_0001 => n == 1120,
        0x000D_0001 => n == 1160,
        0x000E_0001 => n >= 1700,
        0x0009_0001 => n == 8,
        0x0001_0009 => n >= 20,
        PROPERTY_LIST => depth < MAX_DEPTH && property_list(data, depth + 1).is_ok(),
        VALUE_LIST => depth < MAX_DEPTH && value_list(data, depth + 1).is_ok(),
        _ => match syntax & 0xFFFF {
            2 | 7 => n == 4,
            0xB => n == 2,
            6 | 0xA | 0xC => n == 8,
            3 | 4 | 8 => single_string(data),
            5 => multi_string(data),
            _ => true,
        },
    }
}

fn name_ok(data: &[u8]) -> bool {
    !data.is_empty() && single_string(data)
}

/// The syntax rules of a value in a property list (R4, R6, R7).
fn property_value_syntax_ok(syntax: u32) -> bool {
    let ty = syntax >> 16;
    syntax != NAME && (ty == 1 || ty >= 0x8000) && (KNOWN.contains(&syntax) || is_user(syntax))
}

/// Decodes a property list that must fill `input` (plus an optional end mark).
pub fn property_list(input: &[u8], depth: u8) -> Result<List, Rejected> {
    let (mut rest, count) = le_u32::<_, ()>(input).map_err(|_| Rejected)?;
    let mut properties = Vec::new();
    for _ in 0..count {
        let (after, (syntax, name)) = entry(rest).map_err(|_| Rejected)?;
        if syntax != NAME || !name_ok(name) {
            return fail();
        }
        rest = after;
        let mut values = Vec::new();
        loop {
            let (after, syntax) = le_u32::<_, ()>(rest).map_err(|_| Rejected)?;
            if syntax == ENDMARK {
                if values.is_empty() {
                    return fail();
                }
                rest = after;
                break;
            }
            if values.len() == MAX_VALUES || !property_value_syntax_ok(syntax) {
                return fail();
            }
            let (after, (syntax, data)) = entry(rest).map_err(|_| Rejected)?;
            if !data.is_empty() && !content_ok(syntax, data, depth) {
                return fail();
            }
            values.push((syntax, data.to_vec()));
            rest = after;
        }
        properties.push(Prop {
            name: units(&name[..name.len() - 2]),
            values,
        });
    }
    let trailing_end_mark = match rest {
        [] => false,
        [0, 0, 0, 0] => true,
        _ => return fail(),
    };
    Ok(List {
        properties,
        trailing_end_mark,
    })
}

/// Decodes a bare value list that must fill `input`: entries, then an end mark.
pub fn value_list(input: &[u8], depth: u8) -> Result<Vec<(u32, Vec<u8>)>, Rejected> {
    let mut rest = input;
    let mut values = Vec::new();
    loop {
        let (after, syntax) = le_u32::<_, ()>(rest).map_err(|_| Rejected)?;
        if syntax == ENDMARK {
            return if after.is_empty() { Ok(values) } else { fail() };
        }
        if !(KNOWN.contains(&syntax) || is_user(syntax)) {
            return fail();
        }
        let (after, (syntax, data)) = entry(rest).map_err(|_| Rejected)?;
        let ok = if syntax == NAME {
            name_ok(data)
        } else {
            data.is_empty() || content_ok(syntax, data, depth)
        };
        if !ok {
            return fail();
        }
        values.push((syntax, data.to_vec()));
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_simple_list() {
        let v1 = [
            1, 0, 0, 0, 3, 0, 4, 0, 8, 0, 0, 0, b'F', 0, b'o', 0, b'o', 0, 0, 0, 2, 0, 1, 0, 4, 0,
            0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
        ];
        let list = property_list(&v1, 0).unwrap();
        assert_eq!(
            list.properties[0].name,
            "Foo".encode_utf16().collect::<Vec<_>>()
        );
        assert_eq!(
            list.properties[0].values,
            vec![(0x0001_0002, vec![1, 0, 0, 0])]
        );
        assert!(property_list(&v1[..35], 0).is_err());
    }
}
