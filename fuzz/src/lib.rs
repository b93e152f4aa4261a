//! Shared pieces of the fuzz targets: the option sets to try, a walker that
//! touches and formats everything, padding normalisation, the builder-call
//! vocabulary, and `spec`, a second decoder written from the format notes
//! with `nom` that shares no code with the production reader.

pub mod ops;
pub mod spec;

use std::fmt::Write;

use clusprop::{
    DecodeOptions, NestedLists, Property, PropertyList, RawValue, SyntaxSet, TrailingEndMark,
    Value, ValueList, Visitor,
};

/// A global allocator that counts, per thread, the bytes it hands out, so a
/// target can check that decoding allocates nothing (and so nothing in
/// proportion to a length or count field); the workspace's test kit holds it.
/// Install it with `#[global_allocator] static A: CountingAlloc = CountingAlloc::new();`.
pub use clusprop_testkit::alloc::CountingAlloc;

/// The presets are ordered: `ms_cmrp` and `client_input` accept no more than
/// `default`, which accepts no more than `lenient`. `accepts` says whether
/// the input decodes with the given options; panics on a violation.
pub fn check_preset_ordering(accepts: impl Fn(&DecodeOptions) -> bool) {
    let default = accepts(&DecodeOptions::default());
    assert!(
        !accepts(&DecodeOptions::ms_cmrp()) || default,
        "ms_cmrp ⊄ default"
    );
    assert!(
        !accepts(&DecodeOptions::client_input()) || default,
        "client_input ⊄ default"
    );
    assert!(
        !default || accepts(&DecodeOptions::lenient()),
        "default ⊄ lenient"
    );
}

/// The presets, plus a variant of the default in which every field is chosen
/// by the input's first and last bytes and its length's parity (so the
/// fuzzer can steer the options without shifting the list itself).
pub fn option_sets(data: &[u8]) -> Vec<DecodeOptions> {
    let a = data.first().copied().unwrap_or(0);
    let b = data.last().copied().unwrap_or(0);
    let mut custom = DecodeOptions::default();
    custom.trailing_end_mark = match a & 3 {
        0 => TrailingEndMark::Optional,
        1 => TrailingEndMark::Required,
        _ => TrailingEndMark::Forbidden,
    };
    custom.reject_nonzero_padding = a & 4 != 0;
    custom.nested = if a & 8 != 0 {
        NestedLists::Opaque
    } else {
        NestedLists::Decode
    };
    // 0..=15: past the library's own depth cap as well.
    custom.max_depth = a >> 4;
    custom.syntaxes = match b & 3 {
        0 => SyntaxSet::MsCmrp,
        1 => SyntaxSet::Windows,
        2 => SyntaxSet::WindowsAndUser,
        _ => SyntaxSet::Any,
    };
    custom.require_list_value_type = b & 4 == 0;
    custom.reject_expanded_sz = b & 8 != 0;
    custom.allow_empty_values = b & 0x10 == 0;
    custom.max_values_per_property = match b >> 5 {
        7 => u16::MAX,
        n => u16::from(n),
    };
    // No bit of the first or last byte is left: the length's parity.
    custom.allow_nul_padded_strings = data.len() % 2 == 1;
    vec![
        DecodeOptions::default(),
        DecodeOptions::ms_cmrp(),
        DecodeOptions::client_input(),
        DecodeOptions::lenient(),
        custom,
    ]
}

/// Visits every property and value of a list, decoding and formatting each;
/// returns a digest so the work cannot be optimised away.
pub fn walk_property_list(list: &PropertyList<'_>) -> usize {
    let mut out = String::new();
    walk_list(list, &mut out);
    out.len()
}

/// One call a [`Visitor`] receives, as [`check_visitor`] records them.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Event<'a> {
    Property(clusprop::Utf16Str<'a>),
    Value(Value<'a>),
    Enter(clusprop::ListKind),
    Leave,
}

/// Records every call it receives, skipping the contents of one kind of
/// nested list when asked.
struct Recorder<'a> {
    events: Vec<Event<'a>>,
    skip: Option<clusprop::ListKind>,
}

impl<'a> Visitor<'a> for Recorder<'a> {
    fn property(&mut self, name: clusprop::Utf16Str<'a>) {
        self.events.push(Event::Property(name));
    }
    fn value(&mut self, value: Value<'a>) {
        self.events.push(Event::Value(value));
    }
    fn enter_list(&mut self, kind: clusprop::ListKind) -> bool {
        self.events.push(Event::Enter(kind));
        self.skip != Some(kind)
    }
    fn leave_list(&mut self) {
        self.events.push(Event::Leave);
    }
}

fn expected_events<'a>(
    list: &PropertyList<'a>,
    skip: Option<clusprop::ListKind>,
    out: &mut Vec<Event<'a>>,
) {
    for p in list {
        out.push(Event::Property(p.name()));
        for v in p.values() {
            expected_value(v.decode(), skip, out);
        }
    }
}

fn expected_value<'a>(
    value: Value<'a>,
    skip: Option<clusprop::ListKind>,
    out: &mut Vec<Event<'a>>,
) {
    use clusprop::ListKind;
    match value {
        Value::PropertyList(inner) => {
            out.push(Event::Enter(ListKind::PropertyList));
            if skip != Some(ListKind::PropertyList) {
                expected_events(&inner, skip, out);
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

/// `PropertyList::parse_visiting_with` gives `parse_with`'s answer
/// (`parsed`), and on success showed its visitor exactly what the
/// iterators of the parsed list yield, in order; `skip_with` picks which
/// kind of nested list (if any) the visitor skips.
pub fn check_visitor(
    data: &[u8],
    options: &DecodeOptions,
    parsed: &Result<PropertyList<'_>, clusprop::DecodeError>,
    skip_with: u8,
) {
    let skip = match skip_with % 3 {
        0 => None,
        1 => Some(clusprop::ListKind::PropertyList),
        _ => Some(clusprop::ListKind::ValueList),
    };
    let mut recorder = Recorder {
        events: Vec::new(),
        skip,
    };
    let visited = PropertyList::parse_visiting_with(data, options, &mut recorder);
    assert_eq!(&visited, parsed, "parse_visiting against parse");
    if let Ok(list) = parsed {
        let mut want = Vec::new();
        expected_events(list, skip, &mut want);
        assert_eq!(recorder.events, want, "what the visitor saw");
    }
}

/// [`check_visitor`] for a bare value list: `ValueList::parse_visiting_with`
/// gives `parse_with`'s answer and shows each value its iterator yields.
pub fn check_value_list_visitor(
    data: &[u8],
    options: &DecodeOptions,
    parsed: &Result<ValueList<'_>, clusprop::DecodeError>,
) {
    let mut recorder = Recorder {
        events: Vec::new(),
        skip: None,
    };
    let visited = ValueList::parse_visiting_with(data, options, &mut recorder);
    assert_eq!(&visited, parsed, "parse_visiting against parse");
    if let Ok(list) = parsed {
        let mut want = Vec::new();
        for v in list {
            expected_value(v.decode(), None, &mut want);
        }
        assert_eq!(recorder.events, want, "what the visitor saw");
    }
}

/// Like [`walk_property_list`] for a bare value list.
pub fn walk_value_list(list: &ValueList<'_>) -> usize {
    let mut out = String::new();
    for v in list {
        walk_value(&v, &mut out);
    }
    let _ = write!(out, "{list:?}");
    out.len()
}

fn walk_list(list: &PropertyList<'_>, out: &mut String) {
    let _ = write!(
        out,
        "{} {} {:?}",
        list.len(),
        list.has_trailing_end_mark(),
        list
    );
    for p in list {
        walk_property(&p, out);
        // Lookups by the property's own name find a property.
        let name = p.name().to_string_lossy();
        if p.name().is_valid() {
            assert!(list.find(&name).is_some(), "find({name:?}) failed");
        }
    }
}

fn walk_property(p: &Property<'_>, out: &mut String) {
    let _ = write!(out, "{} {:?} {}", p.name(), p.name(), p.value_count());
    assert!(p.value_count() >= 1);
    assert_eq!(p.values().count(), p.value_count());
    for v in p.values() {
        walk_value(&v, out);
    }
}

fn walk_value(v: &RawValue<'_>, out: &mut String) {
    let value = v.decode();
    let _ = write!(out, "{} {:?} {value} {value:?}", v.syntax(), v.syntax());
    let _ = v.to::<u32>();
    let _ = v.to::<clusprop::Utf16Str>();
    let _ = v.to::<clusprop::MultiSz>();
    walk_structures(v, out);
    match value {
        Value::PropertyList(inner) => walk_list(&inner, out),
        Value::ValueList(inner) => {
            for e in &inner {
                walk_value(&e, out);
            }
        }
        Value::MultiSz(m) => {
            for s in m {
                let _ = write!(out, "{s}");
            }
        }
        _ => {}
    }
}

/// The checked structure views a value may hold: read, formatted, and on
/// failure an error inside the value's own bytes.
fn walk_structures(v: &RawValue<'_>, out: &mut String) {
    use clusprop::LookupError;
    use clusprop::disk::{DiskGuid, StorageDeviceIdDescriptor};
    use clusprop::security::SecurityDescriptor;
    let end = v.data_offset() + v.data().len();
    let check = |e: LookupError| {
        if let LookupError::Malformed { error: e, .. } = e {
            assert!(
                e.offset() >= v.data_offset() && e.offset() <= end,
                "{e} outside the value at {}..{end}",
                v.data_offset()
            );
        }
    };
    match v.to::<SecurityDescriptor>() {
        Ok(sd) => {
            let _ = write!(out, "{sd} {sd:?}");
            // The SDDL-like text reads back to a descriptor with the same text.
            let text = sd.to_string();
            let bytes =
                clusprop::security::parse_sddl(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
            let again = SecurityDescriptor::parse(&bytes).expect("the writer's bytes parse");
            assert_eq!(again.to_string(), text);
            for acl in [sd.dacl(), sd.sacl()].into_iter().flatten() {
                assert_eq!(acl.aces().count(), usize::from(acl.ace_count()));
            }
        }
        Err(e) => check(e),
    }
    match v.to::<StorageDeviceIdDescriptor>() {
        Ok(d) => {
            let _ = write!(out, "{d} {d:?}");
            assert_eq!(d.identifiers().count(), d.number_of_identifiers() as usize);
        }
        Err(e) => check(e),
    }
    match v.to::<DiskGuid>() {
        Ok(g) => {
            let _ = write!(out, "{}", g.0);
        }
        Err(e) => check(e),
    }
}

/// A copy of the bytes of `list` with every padding byte set to zero (the
/// writer always writes zero padding; the reader ignores padding contents).
pub fn zero_padding(list: &PropertyList<'_>, whole: &[u8]) -> Vec<u8> {
    let mut out = whole.to_vec();
    zero_list(list, &mut out);
    out
}

/// Like [`zero_padding`] for a bare value list.
pub fn zero_value_list_padding(list: &ValueList<'_>, whole: &[u8]) -> Vec<u8> {
    let mut out = whole.to_vec();
    for v in list {
        zero_value(&v, &mut out);
    }
    out
}

fn zero_range(out: &mut [u8], start: usize, len: usize) {
    if let Some(range) = out.get_mut(start..start + len) {
        range.fill(0);
    }
}

fn zero_list(list: &PropertyList<'_>, out: &mut [u8]) {
    for p in list {
        let name_len = (p.name().len() + 1) * 2;
        zero_range(
            out,
            p.offset() + 8 + name_len,
            clusprop::wire::padding_for(name_len),
        );
        for v in p.values() {
            zero_value(&v, out);
        }
    }
}

fn zero_value(v: &RawValue<'_>, out: &mut [u8]) {
    let len = v.data().len();
    zero_range(out, v.data_offset() + len, clusprop::wire::padding_for(len));
    match v.decode() {
        Value::PropertyList(inner) => zero_list(&inner, out),
        Value::ValueList(inner) => {
            for e in &inner {
                zero_value(&e, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[global_allocator]
    static ALLOC: CountingAlloc = CountingAlloc::new();

    #[test]
    fn the_counter_sees_allocations_and_decoding_makes_none() {
        let before = ALLOC.allocated();
        let v = std::hint::black_box(vec![0u8; 100]);
        assert!(ALLOC.allocated() >= before + 100);
        drop(v);
        // N12: a count of 4 294 967 295 properties in 4 bytes.
        let data = [0xff; 4];
        let sets = option_sets(&data);
        let before = ALLOC.allocated();
        for options in &sets {
            assert!(PropertyList::parse_with(&data, options).is_err());
        }
        assert_eq!(ALLOC.allocated(), before);
    }

    /// The dictionary's values (the quoted part of each `name="..."` line).
    fn dictionary() -> Vec<String> {
        include_str!("../clusprop.dict")
            .lines()
            .filter_map(|l| l.split_once('=').map(|(_, v)| v.trim()))
            .filter_map(|v| v.strip_prefix('"')?.strip_suffix('"'))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_dictionary_has_every_notation_type() {
        let dict = dictionary();
        // Every name and alias of every TYPE.
        let names = clusprop::text_value_types().flat_map(|t| t.names());
        let missing: Vec<&str> = names
            .filter(|n| !dict.iter().any(|d| d.starts_with(&format!("{n}:"))))
            .collect();
        assert!(
            missing.is_empty(),
            "not in clusprop.dict as NAME:…: {missing:?}"
        );
    }

    #[test]
    fn the_dictionary_has_every_sim_config_keyword() {
        let dict = dictionary();
        // The seeds use every keyword (examples/seeds.rs): the first word of
        // each line and the name of each `key=value` or bare flag after it.
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/sim_config");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(seeds).expect("the sim_config seeds") {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
                let mut words = line.split_whitespace();
                let Some(keyword) = words.next() else {
                    continue;
                };
                let mut wanted = vec![format!("{keyword} ")];
                for word in words.filter(|w| !w.starts_with('"')) {
                    match word.split_once('=') {
                        Some((key, _)) => wanted.push(format!("{key}=")),
                        None if word.starts_with(|c: char| c.is_ascii_lowercase())
                            && word.chars().all(|c| c.is_ascii_lowercase() || c == '-') =>
                        {
                            wanted.push(word.to_owned())
                        }
                        None => {}
                    }
                }
                for w in wanted {
                    if !dict.contains(&w) && !missing.contains(&w) {
                        missing.push(w);
                    }
                }
            }
        }
        assert!(missing.is_empty(), "not in clusprop.dict: {missing:?}");
    }
}
