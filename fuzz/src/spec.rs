//! A second decoder, written straight from the format notes (docs/wire-format.md
//! §2–§5) with `nom` parser combinators. It shares no code with the
//! production reader and models two of its option sets, the default and
//! `DecodeOptions::ms_cmrp()` ([`Rules`]); the `differential` target checks
//! that both agree on accept/reject and on content.
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

/// Which reading of the format the decoder applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Accept the syntaxes the Windows headers add to MS-CMRP's list (nested
    /// lists, FTSET_INFO, STORAGE_DEVICE_ID_DESCRIPTOR: docs/wire-format.md §1.3, §1.4).
    pub windows_extras: bool,
    /// Accept user-range syntaxes (type or format word >= 0x8000, §1.4) as opaque bytes.
    pub user_range: bool,
    /// Accept zero-length values ("reset to default", §4.1).
    pub empty_values: bool,
}

impl Rules {
    /// The production reader's default: Windows syntaxes, the user range,
    /// empty values; nested lists validated.
    pub const DEFAULT: Rules = Rules {
        windows_extras: true,
        user_range: true,
        empty_values: true,
    };
    /// Exactly MS-CMRP 2.2.2.3 and 2.2.3.10: its syntaxes only, no empty values.
    pub const MS_CMRP: Rules = Rules {
        windows_extras: false,
        user_range: false,
        empty_values: false,
    };

    fn known(&self, syntax: u32) -> bool {
        MS_CMRP_SYNTAXES.contains(&syntax)
            || (self.windows_extras && WINDOWS_EXTRAS.contains(&syntax))
            || (self.user_range && is_user(syntax))
    }
}

/// The spec decoder's only error: the input breaks a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected;

const NAME: u32 = 0x0004_0003;
const ENDMARK: u32 = 0;
const PROPERTY_LIST: u32 = 0x0001_000E;
const VALUE_LIST: u32 = 0x0001_000D;
const MAX_DEPTH: u8 = 8;
const MAX_VALUES: usize = 3;

/// The syntaxes MS-CMRP 2.2.2.3 lists (docs/wire-format.md §1.3), end mark aside.
const MS_CMRP_SYNTAXES: &[u32] = &[
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
    0x0001_000C,
    0x0005_0002,
    0x0006_0002,
    0x0007_0002,
    0x0008_0001,
    0x000A_0003,
    0x000B_0003,
    0x000C_0006,
    0x000D_0001,
    0x000E_0001,
];

/// What the Windows headers add (§1.3, §3.5): the nested property list, the
/// nested value list (`LIST_VALUE << 16 | VALUE_LIST`), FTSET_INFO and
/// STORAGE_DEVICE_ID_DESCRIPTOR.
const WINDOWS_EXTRAS: &[u32] = &[0x0001_000E, 0x0001_000D, 0x0009_0001, 0x000F_0001];

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

/// Length and content rules of a non-empty value (docs/wire-format.md §4, R9).
fn content_ok(syntax: u32, data: &[u8], depth: u8, rules: &Rules) -> bool {
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
        PROPERTY_LIST => depth < MAX_DEPTH && property_list_with(data, depth + 1, rules).is_ok(),
        VALUE_LIST => depth < MAX_DEPTH && value_list_with(data, depth + 1, rules).is_ok(),
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
fn property_value_syntax_ok(syntax: u32, rules: &Rules) -> bool {
    let ty = syntax >> 16;
    syntax != NAME && (ty == 1 || ty >= 0x8000) && rules.known(syntax)
}

/// Decodes a property list that must fill `input` (plus an optional end mark)
/// under [`Rules::DEFAULT`].
pub fn property_list(input: &[u8], depth: u8) -> Result<List, Rejected> {
    property_list_with(input, depth, &Rules::DEFAULT)
}

/// Decodes a property list under `rules`.
pub fn property_list_with(input: &[u8], depth: u8, rules: &Rules) -> Result<List, Rejected> {
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
            if values.len() == MAX_VALUES || !property_value_syntax_ok(syntax, rules) {
                return fail();
            }
            let (after, (syntax, data)) = entry(rest).map_err(|_| Rejected)?;
            let ok = if data.is_empty() {
                rules.empty_values
            } else {
                content_ok(syntax, data, depth, rules)
            };
            if !ok {
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

/// Decodes a bare value list that must fill `input`: entries, then an end
/// mark, under [`Rules::DEFAULT`].
pub fn value_list(input: &[u8], depth: u8) -> Result<Vec<(u32, Vec<u8>)>, Rejected> {
    value_list_with(input, depth, &Rules::DEFAULT)
}

/// Decodes a bare value list under `rules`.
pub fn value_list_with(
    input: &[u8],
    depth: u8,
    rules: &Rules,
) -> Result<Vec<(u32, Vec<u8>)>, Rejected> {
    let mut rest = input;
    let mut values = Vec::new();
    loop {
        let (after, syntax) = le_u32::<_, ()>(rest).map_err(|_| Rejected)?;
        if syntax == ENDMARK {
            return if after.is_empty() { Ok(values) } else { fail() };
        }
        if !rules.known(syntax) {
            return fail();
        }
        let (after, (syntax, data)) = entry(rest).map_err(|_| Rejected)?;
        let ok = if syntax == NAME {
            name_ok(data)
        } else if data.is_empty() {
            rules.empty_values
        } else {
            content_ok(syntax, data, depth, rules)
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

    fn vector(name: &str) -> Vec<u8> {
        clusprop_testkit::vector(&format!("{name}.bin"))
    }

    fn hex(s: &str) -> Vec<u8> {
        let d: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
        d.chunks(2)
            .map(|c| u8::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap())
            .collect()
    }

    /// The test vectors as docs/wire-format.md §9.1 describes them, under both rule sets.
    #[test]
    fn positive_vectors() {
        for name in [
            "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V9b", "V12", "V12b", "V13",
            "V14", "V15", "V16", "W1", "W2",
        ] {
            let bytes = vector(name);
            let list = property_list(&bytes, 0).unwrap_or_else(|_| panic!("{name}"));
            assert_eq!(
                list.trailing_end_mark,
                name.ends_with('b') || name.starts_with('W')
            );
            // Nested lists are not MS-CMRP, nor are zero-length values.
            let strict = property_list_with(&bytes, 0, &Rules::MS_CMRP).is_ok();
            assert_eq!(strict, !matches!(name, "V8" | "V15"), "{name}");
        }
        for name in ["V10", "V11"] {
            assert!(value_list(&vector(name), 0).is_ok(), "{name}");
            assert!(value_list_with(&vector(name), 0, &Rules::MS_CMRP).is_ok());
        }
        let v7 = property_list(&vector("V7"), 0).unwrap();
        assert_eq!(v7.properties[0].values.len(), 2);
    }

    /// The malformed inputs of docs/wire-format.md §9.2 are rejected.
    #[test]
    fn negative_vectors() {
        for n in [
            "01000000 03000400",
            "01000000 03000400 08000000 46006f00 6f000000 02000100 fdffffff 01000000 00000000",
            "01000000 03000400 07000000 46006f00 6f000000 02000100 04000000 01000000 00000000",
            "01000000 03000400 06000000 46006f00 6f000000 02000100 04000000 01000000 00000000",
            "01000000 03000400 08000000 46006f00 6f000000 10000100 04000000 01000000 00000000",
            "02000000 03000400 04000000 41000000 02000100 04000000 01000000 03000400 04000000 \
             42000000 02000100 04000000 02000000 00000000",
            "01000000 03000400 08000000 46006f00 6f000000 00000000",
            "01000000 03000400 08000000 46006f00 6f000000 02000100 02000000 01000000 00000000",
            "ffffffff",
        ] {
            assert!(property_list(&hex(n), 0).is_err(), "{n}");
        }
        // N2 and N2b: V1 with count 2, without and with a trailing end mark.
        let mut n2 = vector("V1");
        n2[0] = 2;
        assert!(property_list(&n2, 0).is_err());
        n2.extend([0; 4]);
        assert!(property_list(&n2, 0).is_err());
        // N11: four values.
        let four = hex(
            "01000000 03000400 04000000 50000000 02000100 04000000 01000000 02000100 04000000 \
             02000000 02000100 04000000 03000000 02000100 04000000 04000000 00000000",
        );
        assert!(property_list(&four, 0).is_err());
        assert!(property_list(&four[..four.len() - 16], 0).is_err());
        let mut three = four[..four.len() - 16].to_vec();
        three.extend([0; 4]);
        assert!(property_list(&three, 0).is_ok());
    }
}
