//! `PropertyList::parse_visiting`: the visitor is shown exactly what the
//! iterators of the parsed list yield, in the same order, and the answer
//! (the list or the error) is `parse`'s, on every vector and on damaged
//! copies of them, under every preset.

mod common;

use clusprop::{
    DecodeOptions, ListKind, NestedLists, PropertyList, Utf16Str, Value, ValueList, Visitor,
};
use common::{Asm, all_vectors, sz, vector};

/// One call a visitor receives.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Event<'a> {
    Property(Utf16Str<'a>),
    Value(Value<'a>),
    Enter(ListKind),
    Leave,
}

/// Records every call; skips the contents of the nested lists whose kind
/// is in `skip`.
#[derive(Default)]
struct Recorder<'a> {
    events: Vec<Event<'a>>,
    skip: Option<ListKind>,
}

impl<'a> Visitor<'a> for Recorder<'a> {
    fn property(&mut self, name: Utf16Str<'a>) {
        self.events.push(Event::Property(name));
    }
    fn value(&mut self, value: Value<'a>) {
        self.events.push(Event::Value(value));
    }
    fn enter_list(&mut self, kind: ListKind) -> bool {
        self.events.push(Event::Enter(kind));
        self.skip != Some(kind)
    }
    fn leave_list(&mut self) {
        self.events.push(Event::Leave);
    }
}

/// What a recorder should see, found with the iterators of a parsed list.
fn expected<'a>(list: &PropertyList<'a>, skip: Option<ListKind>, out: &mut Vec<Event<'a>>) {
    for property in list {
        out.push(Event::Property(property.name()));
        for value in property.values() {
            expected_value(value.decode(), skip, out);
        }
    }
}

fn expected_value<'a>(value: Value<'a>, skip: Option<ListKind>, out: &mut Vec<Event<'a>>) {
    match value {
        Value::PropertyList(inner) => {
            out.push(Event::Enter(ListKind::PropertyList));
            if skip != Some(ListKind::PropertyList) {
                expected(&inner, skip, out);
                out.push(Event::Leave);
            }
        }
        Value::ValueList(inner) => {
            out.push(Event::Enter(ListKind::ValueList));
            if skip != Some(ListKind::ValueList) {
                for v in &inner {
                    expected_value(v.decode(), skip, out);
                }
                out.push(Event::Leave);
            }
        }
        other => out.push(Event::Value(other)),
    }
}

/// What a recorder skips: nothing, nested property lists, value lists.
const SKIPS: [Option<ListKind>; 3] = [
    None,
    Some(ListKind::ValueList),
    Some(ListKind::PropertyList),
];

const PRESETS: [fn() -> DecodeOptions; 4] = [
    DecodeOptions::default,
    DecodeOptions::ms_cmrp,
    DecodeOptions::client_input,
    DecodeOptions::lenient,
];

/// `parse_visiting_with` agrees with `parse_with` on `bytes` under
/// `options`, and on success showed the recorder what the iterators yield.
/// Returns the events shown when the list was valid.
#[track_caller]
fn agrees<'a>(
    bytes: &'a [u8],
    options: &DecodeOptions,
    skip: Option<ListKind>,
) -> Option<Vec<Event<'a>>> {
    let mut recorder = Recorder {
        skip,
        ..Recorder::default()
    };
    let visited = PropertyList::parse_visiting_with(bytes, options, &mut recorder);
    let parsed = PropertyList::parse_with(bytes, options);
    assert_eq!(visited, parsed, "{bytes:02x?} {options:?}");
    let list = parsed.ok()?;
    let mut want = Vec::new();
    expected(&list, skip, &mut want);
    assert_eq!(recorder.events, want, "{bytes:02x?} {options:?}");
    Some(recorder.events)
}

fn property_list_vectors() -> Vec<(String, Vec<u8>)> {
    all_vectors()
        .into_iter()
        .filter(|(name, _)| !name.starts_with("V10") && !name.starts_with("V11"))
        .collect()
}

#[test]
fn every_vector_is_shown_as_its_iterators_yield_it() {
    // Under miri (a thousand times slower): the default preset, nested
    // lists decoded, skipping none or the value lists; the same code paths.
    let (presets, nesting, skips) = if cfg!(miri) {
        (&PRESETS[..1], &[NestedLists::Decode][..], &SKIPS[..2])
    } else {
        (
            &PRESETS[..],
            &[NestedLists::Decode, NestedLists::Opaque][..],
            &SKIPS[..],
        )
    };
    let (mut shown, mut entered) = (0, 0);
    for (name, bytes) in property_list_vectors() {
        for preset in presets {
            for &nested in nesting {
                let mut options = preset();
                options.nested = nested;
                for &skip in skips {
                    if let Some(events) = agrees(&bytes, &options, skip) {
                        shown += 1;
                        entered += events
                            .iter()
                            .filter(|e| matches!(e, Event::Enter(_)))
                            .count();
                    }
                }
            }
        }
        assert!(
            PropertyList::parse(&bytes).is_err() || shown > 0,
            "{name}: not one preset accepted it"
        );
    }
    // Lists were shown, nested ones among them.
    assert!(shown > 10 && entered > 0, "{shown} {entered}");
}

/// Bare value lists (the V10 and V11 vectors, and damaged copies):
/// `ValueList::parse_visiting` gives `parse`'s answer and shows each value
/// the iterator yields.
#[test]
fn value_lists_are_shown_as_their_iterator_yields_them() {
    let mut shown = 0;
    for (_, bytes) in all_vectors()
        .into_iter()
        .filter(|(name, _)| name.starts_with("V10") || name.starts_with("V11"))
    {
        let (step, presets) = if cfg!(miri) {
            (7, &PRESETS[..1])
        } else {
            (1, &PRESETS[..])
        };
        for at in (0..=bytes.len()).step_by(step) {
            let mut damaged = bytes.clone();
            if at < bytes.len() {
                damaged[at] ^= 0x05;
            }
            for preset in presets {
                let options = preset();
                let mut recorder = Recorder::default();
                let visited = ValueList::parse_visiting_with(&damaged, &options, &mut recorder);
                let parsed = ValueList::parse_with(&damaged, &options);
                assert_eq!(visited, parsed);
                if let Ok(list) = parsed {
                    let mut want = Vec::new();
                    for v in &list {
                        expected_value(v.decode(), None, &mut want);
                    }
                    assert_eq!(recorder.events, want);
                    shown += usize::from(!want.is_empty());
                }
            }
        }
    }
    assert!(shown > 4, "{shown}");
}

/// A list with a nested property list and a nested value list (holding a
/// name and another property list) shows this exact sequence.
#[test]
fn nested_lists_are_entered_and_left_in_place() {
    let inner = Asm::new().u32(1).name("In").dword(2).end().build();
    let values = Asm::new()
        .entry(clusprop::Syntax::NAME.0, &sz("Type"))
        .entry(clusprop::Syntax::LIST_VALUE_PROPERTY_LIST.0, &inner)
        .end()
        .build();
    let bytes = Asm::new()
        .u32(2)
        .name("A")
        .dword(1)
        .entry(clusprop::Syntax::LIST_VALUE_PROPERTY_LIST.0, &inner)
        .end()
        .name("B")
        .entry(clusprop::Syntax::LIST_VALUE_VALUE_LIST.0, &values)
        .end()
        .build();
    let mut recorder = Recorder::default();
    let list = PropertyList::parse_visiting(&bytes, &mut recorder).expect("valid");
    assert_eq!(list.len(), 2);
    let text = |events: &[Event<'_>]| {
        events
            .iter()
            .map(|e| match e {
                Event::Property(n) => format!("property {n}"),
                Event::Value(v) => format!("value {v}"),
                Event::Enter(k) => format!("enter {k:?}"),
                Event::Leave => "leave".to_string(),
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        text(&recorder.events),
        [
            "property A",
            "value 1 (0x1)",
            "enter PropertyList",
            "property In",
            "value 2 (0x2)",
            "leave",
            "property B",
            "enter ValueList",
            "value \"Type\"",
            "enter PropertyList",
            "property In",
            "value 2 (0x2)",
            "leave",
            "leave",
        ],
    );
    assert!(matches!(recorder.events[8], Event::Value(Value::Name(_))));
    // Skipped lists are entered (the visitor is asked) but not shown or left.
    let mut skipping = Recorder {
        skip: Some(ListKind::ValueList),
        ..Recorder::default()
    };
    PropertyList::parse_visiting(&bytes, &mut skipping).expect("valid");
    assert_eq!(
        text(&skipping.events)[5..],
        ["leave", "property B", "enter ValueList"]
    );
    // Opaque nested lists are values like any other.
    let mut opaque = Recorder::default();
    let mut options = DecodeOptions::default();
    options.nested = NestedLists::Opaque;
    PropertyList::parse_visiting_with(&bytes, &options, &mut opaque).expect("valid");
    assert!(
        opaque
            .events
            .iter()
            .all(|e| !matches!(e, Event::Enter(_) | Event::Leave))
    );
    assert!(matches!(opaque.events[2], Event::Value(Value::Unknown(_))));
    assert_eq!(opaque.events.len(), 5);
}

/// Damaged copies of every vector: `parse_visiting` returns exactly
/// `parse`'s error (kind and offset), or the same list.
#[test]
fn damaged_vectors_get_parse_s_answer() {
    let step = if cfg!(miri) { 61 } else { 1 };
    let (mut accepted, mut rejected) = (0, 0);
    for (_, bytes) in property_list_vectors() {
        for at in (0..bytes.len()).step_by(step) {
            let mut cut = bytes[..at].to_vec();
            let flipped = {
                let mut copy = bytes.clone();
                copy[at] ^= 0x05;
                copy
            };
            for damaged in [&mut cut, &mut flipped.clone()] {
                for preset in &PRESETS[..if cfg!(miri) { 1 } else { 4 }] {
                    if agrees(damaged, &preset(), None).is_some() {
                        accepted += 1;
                    } else {
                        rejected += 1;
                    }
                }
            }
        }
    }
    assert!(accepted > 0 && rejected > 20, "{accepted} {rejected}");
}

/// A visitor behind `dyn` (chosen at run time) is shown the same.
#[test]
fn a_dyn_visitor_is_shown_the_same() {
    let bytes = vector("V1.bin");
    let mut recorder = Recorder::default();
    let visitor: &mut dyn Visitor<'_> = &mut recorder;
    PropertyList::parse_visiting(&bytes, visitor).expect("valid");
    let list = PropertyList::parse(&bytes).expect("valid");
    let mut want = Vec::new();
    expected(&list, None, &mut want);
    assert_eq!(recorder.events, want);
}

/// What a visitor sees before a fault: the properties before it, then
/// `Err` (the documented contract).
#[test]
fn a_fault_after_valid_properties_is_reported_after_they_were_shown() {
    let mut bytes = vector("V1.bin");
    bytes[0] = 2; // one property, counted as two
    let mut recorder = Recorder::default();
    let error = PropertyList::parse_visiting(&bytes, &mut recorder).expect_err("count too high");
    assert_eq!(error, PropertyList::parse(&bytes).unwrap_err());
    assert_eq!(recorder.events.len(), 2, "{:?}", recorder.events);
    assert!(matches!(recorder.events[1], Event::Value(Value::Dword(_))));
}
