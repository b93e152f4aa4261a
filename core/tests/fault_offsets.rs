//! Every fault is reported at the byte that is wrong, wherever the faulty
//! entry stands: after other properties, inside nested property lists and
//! value lists, several levels down. The expected offset is computed here
//! from the bytes this file assembles (with the test kit's assembler, which
//! shares no code with the crate), not copied from the reader's answer.

mod common;

use clusprop::{DecodeErrorKind as K, DecodeOptions, LengthRule, PropertyList, Syntax, ValueList};
use common::{Asm, sz};

const SZ: u32 = 0x0001_0003;
const MULTI_SZ: u32 = 0x0001_0005;
const BINARY: u32 = 0x0001_0001;
const DWORD: u32 = 0x0001_0002;
const RESERVED: u32 = 0x0001_0010;
const NESTED_PROPERTY_LIST: u32 = 0x0001_000E;
const NESTED_VALUE_LIST: u32 = 0x0001_000D;
const NAME: u32 = 0x0004_0003;

/// A visitor that is shown everything and keeps nothing.
struct Silent;

impl clusprop::Visitor<'_> for Silent {}

/// Bytes with the offset of their fault, relative to their first byte.
struct Faulty {
    bytes: Vec<u8>,
    at: usize,
}

/// Well-formed properties that come before the faulty one.
fn fillers(n: usize) -> Asm {
    (0..n).fold(Asm::new(), |a, i| {
        a.name(&format!("Filler{i}")).dword(i as u32).end()
    })
}

/// A fault inside one property (name, values, end mark), placed by the
/// caller after other properties; `at` is relative to the property's
/// first byte. `next` is whether a property must follow it (for the
/// missing end mark, whose fault is the next name).
struct PropertyFault {
    what: &'static str,
    bytes: Vec<u8>,
    at: usize,
    kind: K,
    options: DecodeOptions,
    needs_next: bool,
}

fn property_faults() -> Vec<PropertyFault> {
    let default = DecodeOptions::default;
    let mut out = Vec::new();
    let name_a = Asm::new().name("A").build();
    let mut fault = |what, bytes: Vec<u8>, at, kind, options, needs_next| {
        out.push(PropertyFault {
            what,
            bytes,
            at,
            kind,
            options,
            needs_next,
        })
    };

    // A name with a NUL at unit 2 ("ab\0cd\0"): the NUL's byte.
    let mut name = sz("ab");
    name.extend(sz("cd"));
    let bytes = Asm::new().entry(NAME, &name).dword(1).end().build();
    fault(
        "name interior NUL",
        bytes,
        8 + 4,
        K::InteriorNul,
        default(),
        false,
    );

    // A name of odd length: its length word.
    let bytes = Asm::new()
        .u32(NAME)
        .u32(7)
        .bytes(&[b'a', 0, b'b', 0, b'c', 0, 0, 0])
        .dword(1)
        .end()
        .build();
    fault(
        "odd name length",
        bytes,
        4,
        K::OddStringLength { length: 7 },
        default(),
        false,
    );

    // A name of length 0: its length word.
    let bytes = Asm::new().u32(NAME).u32(0).dword(1).end().build();
    fault("empty name", bytes, 4, K::EmptyName, default(), false);

    // A DWORD of length 2 after a good value: the entry.
    let mut bytes = Asm::new().name("A").dword(9).build();
    let at = bytes.len();
    bytes.extend(Asm::new().entry(DWORD, &[1, 2]).end().build());
    let kind = K::WrongLength {
        syntax: Syntax(DWORD),
        length: 2,
        rule: LengthRule::Exact(4),
    };
    fault("short DWORD", bytes, at, kind, default(), false);

    // An SZ value with a NUL at unit 1: that unit.
    let mut data = sz("x");
    data.extend(sz("y"));
    let bytes = Asm::new().name("A").entry(SZ, &data).end().build();
    fault(
        "SZ interior NUL",
        bytes,
        name_a.len() + 8 + 2,
        K::InteriorNul,
        default(),
        false,
    );

    // A MULTI_SZ "a", "", then "b": the first byte of "b".
    let mut data = sz("a");
    data.extend(sz(""));
    data.extend(sz("b"));
    let bytes = Asm::new().name("A").entry(MULTI_SZ, &data).end().build();
    let at = name_a.len() + 8 + 6;
    fault(
        "MULTI_SZ data after end",
        bytes,
        at,
        K::DataAfterMultiSzEnd,
        default(),
        false,
    );

    // A reserved syntax as the second value: its syntax word.
    let mut bytes = Asm::new().name("A").dword(1).build();
    let at = bytes.len();
    bytes.extend(Asm::new().entry(RESERVED, &[0; 4]).end().build());
    let kind = K::SyntaxNotAllowed {
        syntax: Syntax(RESERVED),
    };
    fault("reserved syntax", bytes, at, kind, default(), false);

    // No value: the end mark.
    let bytes = Asm::new().name("A").end().build();
    fault(
        "no value",
        bytes,
        name_a.len(),
        K::NoValue,
        default(),
        false,
    );

    // A fourth value: its syntax word.
    let mut bytes = Asm::new().name("A").dword(1).dword(2).dword(3).build();
    let at = bytes.len();
    bytes.extend(Asm::new().dword(4).end().build());
    fault(
        "fourth value",
        bytes,
        at,
        K::TooManyValues { max: 3 },
        default(),
        false,
    );

    // Non-zero padding, reported when asked: the second padding byte.
    let mut strict = DecodeOptions::default();
    strict.reject_nonzero_padding = true;
    let bytes = Asm::new()
        .name("A")
        .u32(BINARY)
        .u32(2)
        .bytes(&[7, 7, 0, 0xEE])
        .end()
        .build();
    let at = name_a.len() + 8 + 3;
    fault(
        "non-zero padding",
        bytes,
        at,
        K::NonZeroPadding,
        strict,
        false,
    );

    // No end mark: the next property's name (its syntax word).
    let bytes = Asm::new().name("A").dword(1).build();
    let at = bytes.len();
    fault(
        "missing end mark",
        bytes,
        at,
        K::UnexpectedName,
        default(),
        true,
    );

    // The data ends after the last value, the property's end mark missing:
    // where the end mark should start (the end of the list's bytes).
    let bytes = Asm::new().name("A").dword(1).build();
    let at = bytes.len();
    fault(
        "missing final end mark",
        bytes,
        at,
        K::MissingEndMark,
        default(),
        false,
    );

    // A value whose length runs past the end of its list: its length word
    // (the value is the last entry of the list, so only the list's own
    // bytes remain after it).
    let bytes = Asm::new().name("A").u32(DWORD).u32(0x0000_1000).build();
    let at = name_a.len() + 4;
    let kind = K::LengthExceedsBuffer {
        length: 0x1000,
        available: 0,
    };
    fault("length past the end", bytes, at, kind, default(), false);
    out
}

/// A property list: `before` good properties, the faulty property, and
/// (when it needs one) a good property after it.
fn property_list(fault: &PropertyFault, before: usize) -> Faulty {
    let head = fillers(before).build();
    let count = before + 1 + usize::from(fault.needs_next);
    let mut bytes = Asm::new().u32(count as u32).build();
    bytes.extend(&head);
    let at = bytes.len() + fault.at;
    bytes.extend(&fault.bytes);
    if fault.needs_next {
        bytes.extend(Asm::new().name("Next").dword(2).end().build());
    }
    Faulty { bytes, at }
}

/// `inner` as the data of a nested property list value, in a property
/// list with `before` properties before it.
fn in_property_list(inner: Faulty, before: usize) -> Faulty {
    let head = fillers(before).build();
    let name = Asm::new().name("Nested").build();
    let mut bytes = Asm::new().u32(before as u32 + 1).build();
    bytes.extend(&head);
    bytes.extend(&name);
    let data_at = bytes.len() + 8;
    bytes.extend(
        Asm::new()
            .entry(NESTED_PROPERTY_LIST, &inner.bytes)
            .end()
            .build(),
    );
    Faulty {
        bytes,
        at: data_at + inner.at,
    }
}

/// `inner` (a property list) as an entry of a nested value list, after
/// `before` DWORD entries, in a property list of one property.
fn in_value_list(inner: Faulty, before: usize) -> Faulty {
    let mut list = (0..before).fold(Asm::new(), |a, i| a.dword(i as u32));
    let inner_at = list.0.len() + 8;
    list = list.entry(NESTED_PROPERTY_LIST, &inner.bytes).end();
    let value_list = Faulty {
        bytes: list.build(),
        at: inner_at + inner.at,
    };
    let mut bytes = Asm::new().u32(1).name("Values").build();
    let data_at = bytes.len() + 8;
    bytes.extend(
        Asm::new()
            .entry(NESTED_VALUE_LIST, &value_list.bytes)
            .end()
            .build(),
    );
    Faulty {
        bytes,
        at: data_at + value_list.at,
    }
}

#[test]
fn every_fault_is_reported_at_its_byte_at_every_depth() {
    let mut checked = 0;
    for fault in property_faults() {
        for before in 0..3 {
            // Depth 0, then wrapped in up to three levels of nested lists,
            // property lists and value lists alternating.
            let mut case = property_list(&fault, before);
            for depth in 0..=3 {
                if depth > 0 {
                    case = if depth % 2 == 1 {
                        in_property_list(case, before)
                    } else {
                        in_value_list(case, before)
                    };
                }
                let err =
                    PropertyList::parse_with(&case.bytes, &fault.options).expect_err(fault.what);
                assert_eq!(
                    (err.kind(), err.offset()),
                    (fault.kind, case.at),
                    "{} at depth {depth} after {before}: {err}",
                    fault.what
                );
                assert!(
                    err.to_string()
                        .starts_with(&format!("at byte {}: ", case.at))
                );
                // The one-pass visitor finds the same fault.
                let visited =
                    PropertyList::parse_visiting_with(&case.bytes, &fault.options, &mut Silent);
                assert_eq!(visited.err(), Some(err), "{}", fault.what);
                checked += 1;
            }
        }
    }
    assert_eq!(checked, property_faults().len() * 3 * 4);
}

/// The faults of a value in a bare value list, after other entries: the
/// same bytes as in a property, without the name.
#[test]
fn value_list_faults_are_reported_at_their_byte() {
    let name_a = Asm::new().name("A").build();
    let name_len = name_a.len();
    let mut checked = 0;
    for fault in property_faults() {
        // Faults of the name (those properties are not named "A") or of the
        // property's shape have no value-list counterpart.
        let shape = matches!(
            fault.kind,
            K::NoValue | K::TooManyValues { .. } | K::UnexpectedName
        );
        if !fault.bytes.starts_with(&name_a) || shape {
            continue;
        }
        checked += 1;
        for before in 0..3 {
            let mut bytes = (0..before).fold(Asm::new(), |a, i| a.dword(i)).build();
            let at = bytes.len() + fault.at - name_len;
            bytes.extend(&fault.bytes[name_len..]);
            let err = ValueList::parse_with(&bytes, &fault.options).expect_err(fault.what);
            assert_eq!(
                (err.kind(), err.offset()),
                (fault.kind, at),
                "{} after {before}: {err}",
                fault.what
            );
        }
    }
    // Short DWORD, SZ, MULTI_SZ, reserved syntax, padding, final end mark,
    // length.
    assert_eq!(checked, 7);
}

/// A nested list value whose length lies: longer than the list it holds
/// (bytes left over inside it), or shorter (the list is cut at the value's
/// end, even though the bytes that follow would complete it).
#[test]
fn a_nested_list_whose_length_lies_is_refused_inside_it() {
    let inner = Asm::new().u32(1).name("I").dword(7).end().build();
    let head = Asm::new().u32(1).name("Nested").build();
    let data_at = head.len() + 8;

    // Four bytes more than the list: they are inside the value.
    let mut longer = inner.clone();
    longer.extend([1, 2, 3, 4]);
    let mut bytes = head.clone();
    bytes.extend(
        Asm::new()
            .entry(NESTED_PROPERTY_LIST, &longer)
            .end()
            .build(),
    );
    let err = PropertyList::parse(&bytes).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (K::TrailingBytes { count: 4 }, data_at + inner.len())
    );

    // Four bytes fewer: the inner property's end mark falls outside the
    // value, where it reads as the outer property's end mark.
    let mut bytes = head.clone();
    bytes.extend(
        Asm::new()
            .u32(NESTED_PROPERTY_LIST)
            .u32(inner.len() as u32 - 4)
            .build(),
    );
    bytes.extend(&inner);
    bytes.extend(Asm::new().end().build());
    let err = PropertyList::parse(&bytes).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (K::MissingEndMark, data_at + inner.len() - 4)
    );

    // The same lies in a nested value list.
    let values = Asm::new().dword(1).end().build();
    let mut bytes = Asm::new().u32(1).name("Nested").build();
    bytes.extend(
        Asm::new()
            .u32(NESTED_VALUE_LIST)
            .u32(values.len() as u32 - 4)
            .build(),
    );
    bytes.extend(&values);
    bytes.extend(Asm::new().end().build());
    let err = PropertyList::parse(&bytes).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (K::MissingEndMark, data_at + values.len() - 4)
    );
}
