//! Interoperability with Samba's C implementation of the MS-CMRP
//! `PROPERTY_LIST` (`ndr_pull_clusapi_PROPERTY_LIST` /
//! `ndr_push_clusapi_PROPERTY_LIST` in Debian's `libndr-samba4.so.0`, driven
//! through `clusprop_tests::samba`).
//!
//! Samba's model is narrower than the format: exactly one value per property,
//! and the 4-byte end mark after the last property is required. So every list
//! we hand Samba is built with the trailing end mark on.
//!
//! * Direction 1: lists our builder writes (random names including non-ASCII
//!   and non-BMP characters, every `LIST_VALUE` format Samba's IDL names, 0 to
//!   50 properties) are pulled by Samba without error, all bytes consumed,
//!   with the same names, syntaxes, sizes and value bytes; Samba's push of what
//!   it pulled gives our bytes back.
//! * Direction 2: lists Samba pushes from its own structures are read by our
//!   reader with the same content and re-encoded by our writer byte for byte.
//! * A catalogue of broken buffers pins, per buffer, whether each side rejects
//!   it; every disagreement says which side follows MS-CMRP.
//!
//! "Samba accepts" below means what Samba's own `ndr_pull_struct_blob_all`
//! means: the pull succeeds *and* consumes every byte. A pull that succeeds
//! but stops early is reported separately (`LeavesBytes`), because that is
//! how Samba misreads lists outside its model (e.g. a second value).

#![cfg(not(clusprop_no_samba))]

use clusprop_testkit::hex;
use std::time::Instant;

use clusprop::{
    Binary, DecodeOptions, EncodeOptions, ExpandSz, ExpandedSz, FileTime, MultiSzOf, PropertyList,
    PropertyListBuilder, RawData, ResetToDefault, Syntax, Sz,
};
use clusprop_tests::samba::{
    SYNTAX_NAME, SambaError, SambaProperty, SambaPushList, samba_library_path, samba_print,
    samba_pull, samba_pull_detailed, samba_pull_only, samba_push, samba_shim_property_value_size,
};

/// Lists generated per direction.
const LISTS_PER_DIRECTION: usize = 1_000;
/// Most properties in one generated list.
const MAX_PROPERTIES: usize = 50;

// ---------------------------------------------------------------------------
// Deterministic generator
// ---------------------------------------------------------------------------

/// SplitMix64: small, deterministic, good enough to pick test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `1/n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

/// Characters names and strings are drawn from: ASCII, Latin-1, Greek,
/// Cyrillic, CJK, and characters outside the BMP (surrogate pairs in UTF-16).
const CHARS: &[char] = &[
    'a',
    'b',
    'c',
    'x',
    'y',
    'z',
    'A',
    'M',
    'Q',
    'Z',
    '0',
    '7',
    '9',
    ' ',
    '_',
    '-',
    '.',
    '%',
    '\\',
    ':',
    'é',
    'ü',
    'ß',
    'Ø',
    'ñ',
    'λ',
    'Ω',
    'Ж',
    'я',
    '中',
    '文',
    '日',
    '本',
    '€',
    '\u{FFFD}',
    '😀',
    '𝄞',
    '🦀',
    '\u{10FFFD}',
];

fn random_text(rng: &mut Rng, max_chars: usize) -> String {
    let len = rng.below(max_chars + 1);
    (0..len).map(|_| CHARS[rng.below(CHARS.len())]).collect()
}

/// A property name: usually 1..=40 characters, sometimes empty (Samba and
/// MS-CMRP both allow a name that is just its NUL).
fn random_name(rng: &mut Rng) -> String {
    if rng.one_in(60) {
        return String::new();
    }
    let mut name = random_text(rng, 39);
    name.push(CHARS[rng.below(CHARS.len())]);
    name
}

/// The `LIST_VALUE` formats in Samba's `CLUSTER_PROPERTY_SYNTAX` enum (the
/// other members, RESCLASS and the disk syntaxes, are not property values:
/// MS-CMRP 2.2.2.1 says property values have type LIST_VALUE).
const SAMBA_VALUE_SYNTAXES: [Syntax; 12] = [
    Syntax::LIST_VALUE_SZ,
    Syntax::LIST_VALUE_EXPAND_SZ,
    Syntax::LIST_VALUE_DWORD,
    Syntax::LIST_VALUE_BINARY,
    Syntax::LIST_VALUE_MULTI_SZ,
    Syntax::LIST_VALUE_LONG,
    Syntax::LIST_VALUE_EXPANDED_SZ,
    Syntax::LIST_VALUE_SECURITY_DESCRIPTOR,
    Syntax::LIST_VALUE_LARGE_INTEGER,
    Syntax::LIST_VALUE_ULARGE_INTEGER,
    Syntax::LIST_VALUE_WORD,
    Syntax::LIST_VALUE_FILETIME,
];

/// One generated value, kept in typed form so our builder can write it with
/// its typed wrappers.
#[derive(Clone, Debug)]
enum GenValue {
    Sz(String),
    ExpandSz(String),
    ExpandedSz(String),
    Dword(u32),
    Binary(Vec<u8>),
    MultiSz(Vec<String>),
    Long(i32),
    SecurityDescriptor(Vec<u8>),
    LargeInteger(i64),
    ULargeInteger(u64),
    Word(u16),
    FileTime(u64),
    /// Zero-length "reset to default" value of this syntax.
    Reset(Syntax),
}

fn utf16z(s: &str) -> Vec<u8> {
    s.encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect()
}

impl GenValue {
    fn random(rng: &mut Rng) -> Self {
        if rng.one_in(40) {
            return GenValue::Reset(SAMBA_VALUE_SYNTAXES[rng.below(SAMBA_VALUE_SYNTAXES.len())]);
        }
        match rng.below(12) {
            0 => GenValue::Sz(random_text(rng, 30)),
            1 => GenValue::ExpandSz(format!("%{}%", random_text(rng, 12))),
            2 => GenValue::ExpandedSz(random_text(rng, 30)),
            3 => GenValue::Dword(rng.next_u64() as u32),
            4 => {
                let len = rng.below(41);
                GenValue::Binary(rng.bytes(len))
            }
            5 => {
                let n = rng.below(5);
                GenValue::MultiSz(
                    (0..n)
                        .map(|_| {
                            let mut s = random_text(rng, 9);
                            s.push('s');
                            s
                        })
                        .collect(),
                )
            }
            6 => GenValue::Long(rng.next_u64() as i32),
            7 => {
                // A self-relative SECURITY_DESCRIPTOR header (revision 1,
                // SE_SELF_RELATIVE, no owner/group/SACL/DACL) plus a tail.
                let mut sd = vec![1, 0, 0x00, 0x80];
                sd.extend([0u8; 16]);
                let tail = rng.below(29);
                sd.extend(rng.bytes(tail));
                GenValue::SecurityDescriptor(sd)
            }
            8 => GenValue::LargeInteger(rng.next_u64() as i64),
            9 => GenValue::ULargeInteger(rng.next_u64()),
            10 => GenValue::Word(rng.next_u64() as u16),
            _ => GenValue::FileTime(rng.next_u64()),
        }
    }

    fn syntax(&self) -> Syntax {
        match self {
            GenValue::Sz(_) => Syntax::LIST_VALUE_SZ,
            GenValue::ExpandSz(_) => Syntax::LIST_VALUE_EXPAND_SZ,
            GenValue::ExpandedSz(_) => Syntax::LIST_VALUE_EXPANDED_SZ,
            GenValue::Dword(_) => Syntax::LIST_VALUE_DWORD,
            GenValue::Binary(_) => Syntax::LIST_VALUE_BINARY,
            GenValue::MultiSz(_) => Syntax::LIST_VALUE_MULTI_SZ,
            GenValue::Long(_) => Syntax::LIST_VALUE_LONG,
            GenValue::SecurityDescriptor(_) => Syntax::LIST_VALUE_SECURITY_DESCRIPTOR,
            GenValue::LargeInteger(_) => Syntax::LIST_VALUE_LARGE_INTEGER,
            GenValue::ULargeInteger(_) => Syntax::LIST_VALUE_ULARGE_INTEGER,
            GenValue::Word(_) => Syntax::LIST_VALUE_WORD,
            GenValue::FileTime(_) => Syntax::LIST_VALUE_FILETIME,
            GenValue::Reset(s) => *s,
        }
    }

    /// The value's data bytes as the format defines them (independent of
    /// both implementations).
    fn data(&self) -> Vec<u8> {
        match self {
            GenValue::Sz(s) | GenValue::ExpandSz(s) | GenValue::ExpandedSz(s) => utf16z(s),
            GenValue::Dword(v) => v.to_le_bytes().to_vec(),
            GenValue::Binary(b) | GenValue::SecurityDescriptor(b) => b.clone(),
            GenValue::MultiSz(list) => {
                let mut out: Vec<u8> = list.iter().flat_map(|s| utf16z(s)).collect();
                out.extend([0, 0]);
                out
            }
            GenValue::Long(v) => v.to_le_bytes().to_vec(),
            GenValue::LargeInteger(v) => v.to_le_bytes().to_vec(),
            GenValue::ULargeInteger(v) => v.to_le_bytes().to_vec(),
            GenValue::Word(v) => v.to_le_bytes().to_vec(),
            GenValue::FileTime(v) => v.to_le_bytes().to_vec(),
            GenValue::Reset(_) => Vec::new(),
        }
    }

    /// Adds `name` = this value to `b` with our typed writer API.
    fn write(
        &self,
        b: &mut PropertyListBuilder<'_>,
        name: &str,
    ) -> Result<(), clusprop::EncodeError> {
        match self {
            GenValue::Sz(s) => b.property(name, &Sz(s.as_str())),
            GenValue::ExpandSz(s) => b.property(name, &ExpandSz(s.as_str())),
            GenValue::ExpandedSz(s) => b.property(name, &ExpandedSz(s.as_str())),
            GenValue::Dword(v) => b.property(name, v),
            GenValue::Binary(d) => b.property(name, &Binary(d)),
            GenValue::MultiSz(list) => b.property(name, &MultiSzOf(list.as_slice())),
            GenValue::Long(v) => b.property(name, v),
            GenValue::SecurityDescriptor(d) => b.property(
                name,
                &RawData {
                    syntax: Syntax::LIST_VALUE_SECURITY_DESCRIPTOR,
                    data: d,
                },
            ),
            GenValue::LargeInteger(v) => b.property(name, v),
            GenValue::ULargeInteger(v) => b.property(name, v),
            GenValue::Word(v) => b.property(name, v),
            GenValue::FileTime(v) => b.property(name, &FileTime(*v)),
            GenValue::Reset(s) => b.property(name, &ResetToDefault(*s)),
        }
        .map(|_| ())
    }
}

type GenList = Vec<(String, GenValue)>;

/// List `index` of a run: list 0 is empty and list 1 has the maximum number
/// of properties, so both ends are always covered.
fn random_list(rng: &mut Rng, index: usize) -> GenList {
    let n = match index {
        0 => 0,
        1 => MAX_PROPERTIES,
        _ => rng.below(MAX_PROPERTIES + 1),
    };
    (0..n)
        .map(|_| (random_name(rng), GenValue::random(rng)))
        .collect()
}

/// The options our writer needs for Samba: the trailing end mark (Samba
/// requires it) and EXPANDED_SZ allowed (a server-style list; Samba models it).
fn samba_compatible() -> EncodeOptions {
    EncodeOptions::server_reply()
}

/// Our builder's bytes for `list`.
fn build_ours(list: &GenList) -> Vec<u8> {
    let build = |buf: &mut [u8]| {
        let mut b = PropertyListBuilder::with_options(buf, samba_compatible());
        for (name, value) in list {
            value
                .write(&mut b, name)
                .unwrap_or_else(|e| panic!("our builder refused {name:?} = {value:?}: {e}"));
        }
        b.finish()
    };
    let needed = match build(&mut []) {
        Err(clusprop::EncodeError::BufferTooSmall { needed }) => needed,
        other => panic!("measuring pass: expected BufferTooSmall, got {other:?}"),
    };
    let mut buf = vec![0u8; needed];
    let len = build(&mut buf).expect("our builder failed with an exact-size buffer");
    assert_eq!(len, needed);
    buf
}

/// Our reader's view of a list of single-valued properties, in Samba's terms.
fn our_view(bytes: &[u8]) -> Vec<SambaProperty> {
    let list = PropertyList::parse(bytes).unwrap_or_else(|e| panic!("our reader rejects: {e}"));
    list.iter()
        .map(|p| {
            assert_eq!(
                p.value_count(),
                1,
                "generated lists have one value per property"
            );
            let v = p.value();
            SambaProperty {
                name: p
                    .name()
                    .to_string_checked()
                    .expect("generated names are valid UTF-16"),
                syntax: v.syntax().0,
                size: u32::try_from(v.data().len()).unwrap(),
                data: v.data().to_vec(),
            }
        })
        .collect()
}

fn vector(name: &str) -> Vec<u8> {
    clusprop_testkit::vector(&format!("{name}.bin"))
}

fn name_size(name: &str) -> u32 {
    u32::try_from((name.encode_utf16().count() + 1) * 2).unwrap()
}

// ---------------------------------------------------------------------------
// The shim itself and the captured/hand-made vectors
// ---------------------------------------------------------------------------

#[test]
fn shim_declares_samba_struct_layout() {
    // struct clusapi_propertyValue as pidl lays it out on LP64: 2×u32,
    // pointer, DATA_BLOB (16), clusapi_propertyValues (40), u32 + padding.
    if cfg!(target_pointer_width = "64") {
        assert_eq!(samba_shim_property_value_size(), 80);
    }
    assert!(samba_library_path().ends_with("libndr-samba4.so.0"));
    // ndr_print works and sees what we expect (also proves the layout).
    let printed = samba_print(&vector("V12b")).expect("Samba pulls V12b");
    assert!(printed.contains("'Virtual Machine'"), "{printed}");
    assert!(
        printed.contains("CLUSPROP_SYNTAX_LIST_VALUE_DWORD"),
        "{printed}"
    );
}

#[test]
fn windows_captures_and_trailing_mark_vectors_agree() {
    for name in ["W1", "W2", "V12b", "V9b"] {
        let bytes = vector(name);
        let pulled =
            samba_pull_detailed(&bytes).unwrap_or_else(|e| panic!("Samba rejects {name}: {e}"));
        assert_eq!(
            pulled.consumed,
            bytes.len(),
            "{name}: Samba left bytes unread"
        );
        assert_eq!(pulled.list_end_mark, 0, "{name}");
        let samba_props = pulled.simple_properties();
        assert_eq!(
            samba_props,
            our_view(&bytes),
            "{name}: Samba's view differs from ours"
        );
        for p in &pulled.properties {
            assert_eq!(p.name_syntax, SYNTAX_NAME, "{name}");
            assert_eq!(p.name_size, name_size(&p.property.name), "{name}");
            assert_eq!(p.end_mark, 0, "{name}");
        }

        // Samba's push of its own view reproduces the capture.
        assert_eq!(
            samba_push(&samba_props).unwrap(),
            bytes,
            "{name}: Samba push"
        );

        // Our writer with the trailing end mark reproduces it too.
        let list = PropertyList::parse(&bytes).unwrap();
        assert!(list.has_trailing_end_mark(), "{name}");
        let mut buf = vec![0u8; bytes.len()];
        let mut b = PropertyListBuilder::with_options(&mut buf, samba_compatible());
        for p in &list {
            b.property(p.name(), &p.value()).unwrap();
        }
        let len = b.finish().unwrap();
        assert_eq!(&buf[..len], &bytes[..], "{name}: our re-encoding");
    }
    assert_eq!(
        samba_pull(&vector("W1")).unwrap().0.len(),
        6,
        "W1 holds 6 properties"
    );
    assert_eq!(samba_pull_only(&vector("W2")).unwrap(), (12, 740));
}

// ---------------------------------------------------------------------------
// Direction 1: our builder → Samba's pull (and push back)
// ---------------------------------------------------------------------------

#[test]
fn direction1_samba_pulls_what_we_build() {
    let started = Instant::now();
    let mut rng = Rng::new(0x5A3B_A001);
    let mut syntaxes_seen = std::collections::BTreeSet::new();
    let (mut properties, mut non_ascii, mut non_bmp, mut empty_names) =
        (0usize, 0usize, 0usize, 0usize);
    for index in 0..LISTS_PER_DIRECTION {
        let list = random_list(&mut rng, index);
        let bytes = build_ours(&list);
        let context = || {
            format!(
                "list #{index} ({} properties, {} bytes)",
                list.len(),
                bytes.len()
            )
        };

        let pulled = samba_pull_detailed(&bytes)
            .unwrap_or_else(|e| panic!("{}: Samba rejects: {e}", context()));
        assert_eq!(
            pulled.consumed,
            bytes.len(),
            "{}: Samba did not consume every byte",
            context()
        );
        assert_eq!(pulled.list_end_mark, 0, "{}", context());
        assert_eq!(pulled.properties.len(), list.len(), "{}", context());

        // Samba's view against the generator's model ...
        for (i, ((name, value), got)) in list.iter().zip(&pulled.properties).enumerate() {
            let data = value.data();
            assert_eq!(got.property.name, *name, "{} property {i}: name", context());
            assert_eq!(got.name_syntax, SYNTAX_NAME, "{} property {i}", context());
            assert_eq!(
                got.name_size,
                name_size(name),
                "{} property {i}: name length",
                context()
            );
            assert_eq!(
                got.property.syntax,
                value.syntax().0,
                "{} property {i}: syntax",
                context()
            );
            assert_eq!(
                got.property.size as usize,
                data.len(),
                "{} property {i}: size",
                context()
            );
            assert_eq!(
                got.property.data,
                data,
                "{} property {i}: value bytes",
                context()
            );
            assert_eq!(
                got.value_padding_len,
                (4 - data.len() % 4) % 4,
                "{} property {i}",
                context()
            );
            assert_eq!(got.end_mark, 0, "{} property {i}", context());
            syntaxes_seen.insert(value.syntax().0);
            non_ascii += usize::from(!name.is_ascii());
            non_bmp += usize::from(name.chars().any(|c| c as u32 > 0xFFFF));
            empty_names += usize::from(name.is_empty());
        }
        properties += list.len();
        // ... and against our own reader.
        let simple = pulled.simple_properties();
        assert_eq!(
            simple,
            our_view(&bytes),
            "{}: Samba's view differs from our reader's",
            context()
        );

        // Samba's push of what it pulled gives our bytes back.
        let pushed =
            samba_push(&simple).unwrap_or_else(|e| panic!("{}: Samba push fails: {e}", context()));
        assert_eq!(
            pushed,
            bytes,
            "{}: Samba's push differs from our bytes",
            context()
        );
    }
    let elapsed = started.elapsed();
    println!(
        "direction 1: {LISTS_PER_DIRECTION} lists, {properties} properties \
         ({non_ascii} non-ASCII names, {non_bmp} with non-BMP characters, {empty_names} empty) in {elapsed:?}"
    );
    for syntax in SAMBA_VALUE_SYNTAXES {
        assert!(
            syntaxes_seen.contains(&syntax.0),
            "{syntax:?} never generated"
        );
    }
    assert!(non_ascii > 1000 && non_bmp > 100 && empty_names > 10);
}

// ---------------------------------------------------------------------------
// Direction 2: Samba's push → our reader (and our writer back)
// ---------------------------------------------------------------------------

/// A Samba-side list: properties in Samba's own structure, with the data the
/// format defines for each value.
fn random_samba_list(rng: &mut Rng, index: usize) -> (GenList, Vec<SambaProperty>) {
    let list = random_list(rng, index);
    let samba = list
        .iter()
        .map(|(name, value)| SambaProperty::new(name.clone(), value.syntax().0, value.data()))
        .collect();
    (list, samba)
}

#[test]
fn direction2_we_read_what_samba_pushes() {
    let started = Instant::now();
    let mut rng = Rng::new(0x5A3B_A002);
    let mut properties = 0usize;
    for index in 0..LISTS_PER_DIRECTION {
        let (model, samba_props) = random_samba_list(&mut rng, index);
        let bytes = samba_push(&samba_props)
            .unwrap_or_else(|e| panic!("list #{index}: Samba push fails: {e}"));
        let context = || {
            format!(
                "list #{index} ({} properties, {} bytes)",
                model.len(),
                bytes.len()
            )
        };

        // Our reader: same content, trailing end mark reported.
        let list = PropertyList::parse(&bytes)
            .unwrap_or_else(|e| panic!("{}: our reader rejects: {e}", context()));
        assert_eq!(list.len(), samba_props.len(), "{}", context());
        assert!(list.has_trailing_end_mark(), "{}", context());
        for (i, (p, want)) in list.iter().zip(&samba_props).enumerate() {
            assert!(
                p.name().units().eq(want.name.encode_utf16()),
                "{} property {i}: name",
                context()
            );
            assert_eq!(p.value_count(), 1, "{} property {i}", context());
            let v = p.value();
            assert_eq!(
                v.syntax().0,
                want.syntax,
                "{} property {i}: syntax",
                context()
            );
            assert_eq!(v.data(), &want.data[..], "{} property {i}: data", context());
        }
        assert_eq!(our_view(&bytes), samba_props, "{}", context());

        // Our writer, copying what it read, gives Samba's bytes back ...
        let mut buf = vec![0u8; bytes.len()];
        let mut b = PropertyListBuilder::with_options(&mut buf, samba_compatible());
        for p in &list {
            b.property(p.name(), &p.value())
                .unwrap_or_else(|e| panic!("{}: our writer refuses {p:?}: {e}", context()));
        }
        let len = b.finish().unwrap_or_else(|e| panic!("{}: {e}", context()));
        assert_eq!(
            &buf[..len],
            &bytes[..],
            "{}: our copy differs from Samba's bytes",
            context()
        );

        // ... and so does writing the same content through the typed API.
        assert_eq!(
            build_ours(&model),
            bytes,
            "{}: our typed encoding differs",
            context()
        );
        properties += model.len();
    }
    println!(
        "direction 2: {LISTS_PER_DIRECTION} lists, {properties} properties in {:?}",
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------
// Malformed inputs: who rejects what
// ---------------------------------------------------------------------------

/// What Samba's pull does with a buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Samba {
    /// Pull succeeds and consumes every byte.
    Accepts,
    /// Pull succeeds but reads only this many bytes (Samba's
    /// `ndr_pull_struct_blob_all` reports `NDR_ERR_UNREAD_BYTES`): a reject,
    /// usually after misreading the structure.
    LeavesBytes(usize),
    /// Pull fails with this `ndr_err_code`.
    Rejects(i32),
}

impl Samba {
    fn of(bytes: &[u8]) -> Samba {
        match samba_pull_only(bytes) {
            Ok((_, consumed)) if consumed == bytes.len() => Samba::Accepts,
            Ok((_, consumed)) => Samba::LeavesBytes(consumed),
            Err(e) => Samba::Rejects(e.code),
        }
    }

    fn accepts(self) -> bool {
        self == Samba::Accepts
    }
}

const BUFSIZE: Samba = Samba::Rejects(SambaError::NDR_BUFSIZE);

/// One catalogue entry: the bytes, and the pinned outcome on each side.
struct Case {
    id: &'static str,
    bytes: Vec<u8>,
    /// Our reader with `DecodeOptions::default()` accepts it.
    ours: bool,
    samba: Samba,
}

/// V1 ("Foo" = DWORD 1) with the trailing end mark that Samba needs to
/// reach the end of the list at all.
const V1T: &str =
    "01000000 03000400 08000000 46006f00 6f000000 02000100 04000000 01000000 00000000 00000000";

fn with_trailing(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.extend([0, 0, 0, 0]);
    bytes
}

fn patched(base: &str, at: usize, with: &[u8]) -> Vec<u8> {
    let mut bytes = hex(base);
    bytes[at..at + with.len()].copy_from_slice(with);
    bytes
}

fn catalogue() -> Vec<Case> {
    let v1 = vector("V1");
    let mut n2 = v1.clone();
    n2[0] = 2;
    vec![
        // ---- the spec's negative vectors (docs/wire-format.md §9.2) ----
        Case {
            id: "N1 truncated name entry",
            bytes: hex("01000000 03000400"),
            ours: false,
            samba: BUFSIZE,
        },
        Case {
            id: "N2 count 2, one property",
            bytes: n2.clone(),
            ours: false,
            samba: BUFSIZE,
        },
        Case {
            id: "N2b count 2, one property + trailing mark",
            bytes: with_trailing(n2),
            ours: false,
            samba: BUFSIZE,
        },
        Case {
            id: "N3 value length 0xFFFFFFFD",
            bytes: with_trailing(hex(
                "01000000 03000400 08000000 46006f00 6f000000 02000100 fdffffff 01000000 00000000",
            )),
            ours: false,
            samba: BUFSIZE,
        },
        // Samba ignores the name's length field and scans for a NUL.
        // MS-CMRP 2.2.3.10.1: the length is the name's byte size incl. its NUL
        // and the padding is 0 or 2 bytes, so the length is even: ours follows MS-CMRP.
        Case {
            id: "N4 odd name length 7",
            bytes: with_trailing(hex(
                "01000000 03000400 07000000 46006f00 6f000000 02000100 04000000 01000000 00000000",
            )),
            ours: false,
            samba: Samba::Accepts,
        },
        // The only NUL lies in the padding: Samba's NUL scan finds it.
        // MS-CMRP: the NUL is part of the name and counted in its length: ours follows MS-CMRP.
        Case {
            id: "N5 name NUL only in padding",
            bytes: with_trailing(hex(
                "01000000 03000400 06000000 46006f00 6f000000 02000100 04000000 01000000 00000000",
            )),
            ours: false,
            samba: Samba::Accepts,
        },
        // Samba pulls the syntax as a plain 32-bit enum and never checks it.
        // MS-CMRP 2.2.2.3: other values are reserved and "MUST be treated as
        // an error": ours follows MS-CMRP.
        Case {
            id: "N6 reserved syntax 0x00010010",
            bytes: with_trailing(hex(
                "01000000 03000400 08000000 46006f00 6f000000 10000100 04000000 01000000 00000000",
            )),
            ours: false,
            samba: Samba::Accepts,
        },
        Case {
            id: "N7 missing per-property end mark",
            bytes: with_trailing(hex(
                "02000000 03000400 04000000 41000000 02000100 04000000 01000000 03000400 04000000 42000000 02000100 04000000 02000000 00000000",
            )),
            ours: false,
            samba: BUFSIZE,
        },
        Case {
            id: "N8 property without a value",
            bytes: with_trailing(hex("01000000 03000400 08000000 46006f00 6f000000 00000000")),
            ours: false,
            samba: BUFSIZE,
        },
        // Samba treats every value as opaque bytes of any length.
        // MS-CMRP 2.2.2.2 defines CLUSPROP_FORMAT_DWORD as a 32-bit value; a
        // 2-byte DWORD is malformed: ours follows MS-CMRP.
        Case {
            id: "N9 DWORD of length 2",
            bytes: with_trailing(hex(
                "01000000 03000400 08000000 46006f00 6f000000 02000100 02000000 01000000 00000000",
            )),
            ours: false,
            samba: Samba::Accepts,
        },
        // Samba reads the second value's syntax as the property's end mark and
        // stops; both reject (we because MS-CMRP allows at most three values).
        Case {
            id: "N11 four values",
            bytes: with_trailing(hex(
                "01000000 03000400 08000000 46006f00 6f000000 02000100 04000000 01000000 02000100 04000000 01000000 \
                 02000100 04000000 01000000 02000100 04000000 01000000 00000000",
            )),
            ours: false,
            samba: Samba::LeavesBytes(40),
        },
        Case {
            id: "N12 count 0xFFFFFFFF",
            bytes: hex("ffffffff"),
            ours: false,
            samba: Samba::Rejects(SambaError::NDR_ALLOC),
        },
        Case {
            id: "N12 count 0xFFFFFFFF + mark",
            bytes: hex("ffffffff 00000000"),
            ours: false,
            samba: Samba::Rejects(SambaError::NDR_ALLOC),
        },
        Case {
            id: "count 4096, no properties",
            bytes: hex("00100000 00000000"),
            ours: false,
            samba: BUFSIZE,
        },
        Case {
            id: "empty buffer",
            bytes: Vec::new(),
            ours: false,
            samba: BUFSIZE,
        },
        Case {
            id: "3 bytes",
            bytes: hex("000000"),
            ours: false,
            samba: BUFSIZE,
        },
        // ---- the two model differences named in the issue ----
        // The list-level end mark: MS-CMRP 2.2.3.10 has none, Samba requires
        // one. Ours follows MS-CMRP (and also accepts Windows' trailing mark).
        Case {
            id: "V1 without trailing end mark (MS-CMRP form)",
            bytes: v1.clone(),
            ours: true,
            samba: BUFSIZE,
        },
        Case {
            id: "V9 empty list without trailing end mark",
            bytes: vector("V9"),
            ours: true,
            samba: BUFSIZE,
        },
        Case {
            id: "V12 without trailing end mark",
            bytes: vector("V12"),
            ours: true,
            samba: BUFSIZE,
        },
        // One value per property: MS-CMRP 2.2.3.10.1 allows one to three (and
        // 2.2.2.3 makes a server send EXPAND_SZ + EXPANDED_SZ pairs). Samba
        // misreads the second value's syntax as the end mark: ours follows MS-CMRP.
        Case {
            id: "V7 two values (EXPAND_SZ + EXPANDED_SZ) + mark",
            bytes: with_trailing(vector("V7")),
            ours: true,
            samba: Samba::LeavesBytes(48),
        },
        // ---- fields Samba reads but never checks ----
        // MS-CMRP 2.2.3.10.1: each property starts with CLUSPROP_SYNTAX_NAME: ours follows MS-CMRP.
        Case {
            id: "name entry syntax 0x00040002",
            bytes: patched(V1T, 4, &[2, 0, 4, 0]),
            ours: false,
            samba: Samba::Accepts,
        },
        // The name length field must be the UTF-16 size incl. NUL: ours follows MS-CMRP.
        Case {
            id: "name length 32, name is 8 bytes",
            bytes: patched(V1T, 8, &[32]),
            ours: false,
            samba: Samba::Accepts,
        },
        Case {
            id: "name length 0",
            bytes: patched(V1T, 8, &[0]),
            ours: false,
            samba: Samba::Accepts,
        },
        Case {
            id: "name length 4 (NUL not inside)",
            bytes: patched(V1T, 8, &[4]),
            ours: false,
            samba: Samba::Accepts,
        },
        // MS-CMRP: one ENDMARK (0) closes each property's value list. We read
        // 0x00000007 as the next value's syntax (not LIST_VALUE): ours follows MS-CMRP.
        Case {
            id: "per-property end mark 0x00000007",
            bytes: patched(V1T, 32, &[7]),
            ours: false,
            samba: Samba::Accepts,
        },
        // The trailing mark is not in MS-CMRP at all; any non-zero DWORD there
        // is stray data after the last property: ours rejects, closer to MS-CMRP.
        Case {
            id: "trailing end mark 0x00000001",
            bytes: patched(V1T, 36, &[1]),
            ours: false,
            samba: Samba::Accepts,
        },
        // MS-CMRP 2.2.2.1: property values have type LIST_VALUE; DISK_SIGNATURE
        // belongs in disk value lists: ours follows MS-CMRP.
        Case {
            id: "value syntax DISK_SIGNATURE",
            bytes: patched(V1T, 20, &[2, 0, 5, 0]),
            ours: false,
            samba: Samba::Accepts,
        },
        // CLUSPROP_SYNTAX_NAME as a value: both fail, differently.
        Case {
            id: "value syntax NAME",
            bytes: patched(V1T, 20, &[3, 0, 4, 0]),
            ours: false,
            samba: Samba::Accepts,
        },
        // SZ content: MS-CMRP 2.2.2.2 says SZ is a NUL-terminated Unicode
        // string; Samba keeps value bytes opaque: ours follows MS-CMRP.
        Case {
            id: "SZ of 3 bytes, no NUL",
            bytes: with_trailing(hex(
                "01000000 03000400 08000000 46006f00 6f000000 03000100 03000000 61626300 00000000",
            )),
            ours: false,
            samba: Samba::Accepts,
        },
        Case {
            id: "SZ with interior NUL",
            bytes: with_trailing(hex(
                "01000000 03000400 08000000 46006f00 6f000000 03000100 08000000 61000000 62000000 00000000",
            )),
            ours: false,
            samba: Samba::Accepts,
        },
        Case {
            id: "MULTI_SZ with data after its end",
            bytes: with_trailing(hex(
                "01000000 03000400 08000000 46006f00 6f000000 05000100 08000000 00000000 62000000 00000000",
            )),
            ours: false,
            samba: Samba::Accepts,
        },
        // ---- names ----
        // An unpaired surrogate: Samba converts names to UTF-8 and fails.
        // MS-CMRP only says "null-terminated Unicode string"; Windows strings
        // are arbitrary UTF-16 and we keep names as UTF-16: ours follows
        // Windows, MS-CMRP does not decide.
        Case {
            id: "name with unpaired surrogate D800",
            bytes: with_trailing(hex(
                "01000000 03000400 04000000 00d80000 02000100 04000000 01000000 00000000",
            )),
            ours: true,
            samba: Samba::Rejects(SambaError::NDR_CHARCNV),
        },
        Case {
            id: "name with surrogate pair U+1F600",
            bytes: with_trailing(hex(
                "01000000 03000400 06000000 3dd800de 00000000 02000100 04000000 01000000 00000000",
            )),
            ours: true,
            samba: Samba::Accepts,
        },
        Case {
            id: "empty name (length 2)",
            bytes: with_trailing(hex(
                "01000000 03000400 02000000 00000000 02000100 04000000 01000000 00000000",
            )),
            ours: true,
            samba: Samba::Accepts,
        },
        Case {
            id: "name NUL early, length 8",
            bytes: with_trailing(hex(
                "01000000 03000400 08000000 46000000 6f000000 02000100 04000000 01000000 00000000",
            )),
            ours: false,
            samba: BUFSIZE,
        },
        // ---- accepted by both ----
        // MS-CMRP 2.2.3.10.1: padding contents MUST be ignored: both follow it.
        Case {
            id: "non-zero name and value padding",
            bytes: with_trailing(hex(
                "01000000 03000400 0a000000 50006f00 72007400 0000ffff 0b000100 02000000 3412ffff 00000000",
            )),
            ours: true,
            samba: Samba::Accepts,
        },
        Case {
            id: "V15 SZ of length 0 (reset to default)",
            bytes: with_trailing(vector("V15")),
            ours: true,
            samba: Samba::Accepts,
        },
        Case {
            id: "V16 empty SZ (length 2)",
            bytes: with_trailing(vector("V16")),
            ours: true,
            samba: Samba::Accepts,
        },
        // Nested property list value: Windows-header tier, opaque to Samba.
        // MS-CMRP 2.2.2.3 does not list 0x0001000E (DecodeOptions::ms_cmrp()
        // rejects it; checked below); the default follows the Windows headers.
        Case {
            id: "V8 nested property list + mark",
            bytes: with_trailing(vector("V8")),
            ours: true,
            samba: Samba::Accepts,
        },
        // User-range syntax: passed through as opaque by both.
        Case {
            id: "user-range syntax 0x80000001",
            bytes: patched(V1T, 20, &[1, 0, 0, 0x80]),
            ours: true,
            samba: Samba::Accepts,
        },
        Case {
            id: "V9b empty list + mark",
            bytes: vector("V9b"),
            ours: true,
            samba: Samba::Accepts,
        },
        // ---- extra bytes / truncation ----
        Case {
            id: "V1 + 8 zero bytes",
            bytes: with_trailing(with_trailing(v1.clone())),
            ours: false,
            samba: Samba::LeavesBytes(40),
        },
        Case {
            id: "V9b + 1 byte",
            bytes: hex("00000000 00000000 00"),
            ours: false,
            samba: Samba::LeavesBytes(8),
        },
        Case {
            id: "value padding cut off",
            bytes: hex("01000000 03000400 08000000 46006f00 6f000000 01000100 03000000 aabbcc"),
            ours: false,
            samba: BUFSIZE,
        },
        Case {
            id: "V1T cut by 1 byte",
            bytes: hex(V1T)[..39].to_vec(),
            ours: false,
            samba: BUFSIZE,
        },
    ]
}

#[test]
fn malformed_catalogue_pins_who_rejects_what() {
    let cases = catalogue();
    let mut table = String::new();
    let mut wrong = Vec::new();
    let (mut both_reject, mut both_accept, mut only_ours, mut only_samba) = (0, 0, 0, 0);
    for case in &cases {
        let ours = PropertyList::parse(&case.bytes);
        let samba = Samba::of(&case.bytes);
        let ours_text = match &ours {
            Ok(_) => "accepts".to_owned(),
            Err(e) => format!("rejects ({e})"),
        };
        table.push_str(&format!(
            "{:<48} ours {:<60} samba {:?}\n",
            case.id, ours_text, samba
        ));
        if ours.is_ok() != case.ours || samba != case.samba {
            wrong.push(format!(
                "{}: pinned ours={} samba={:?}, got ours={} samba={:?}",
                case.id, case.ours, case.samba, ours_text, samba
            ));
        }
        match (case.ours, case.samba.accepts()) {
            (false, false) => both_reject += 1,
            (true, true) => both_accept += 1,
            (true, false) => only_ours += 1,
            (false, true) => only_samba += 1,
        }
        // Never a panic, whatever the options.
        for options in [
            DecodeOptions::ms_cmrp(),
            DecodeOptions::lenient(),
            DecodeOptions::client_input(),
        ] {
            let _ = PropertyList::parse_with(&case.bytes, &options);
        }
    }
    println!("{table}");
    println!(
        "{} cases: both reject {both_reject}, both accept {both_accept}, only ours accepts {only_ours}, \
         only Samba accepts {only_samba}",
        cases.len()
    );
    assert!(
        wrong.is_empty(),
        "outcomes changed:\n{}\n\nfull table:\n{table}",
        wrong.join("\n")
    );
    // The catalogue keeps covering all four quadrants.
    assert!(both_reject > 0 && both_accept > 0 && only_ours > 0 && only_samba > 0);

    // Strict MS-CMRP options reject the nested list that the default accepts.
    assert!(
        PropertyList::parse_with(&with_trailing(vector("V8")), &DecodeOptions::ms_cmrp()).is_err()
    );
}

/// Lists Samba's push produces from structures outside the format's rules:
/// Samba writes them, our reader pins what it makes of them.
#[test]
fn samba_push_of_out_of_rule_structures() {
    // A 2-byte DWORD: Samba writes it; we reject it (MS-CMRP 2.2.2.2: DWORD is 32 bits).
    let bytes = samba_push(&[SambaProperty::new(
        "Foo",
        Syntax::LIST_VALUE_DWORD.0,
        vec![1, 0],
    )])
    .unwrap();
    assert_eq!(
        bytes,
        hex(
            "01000000 03000400 08000000 46006f00 6f000000 02000100 02000000 01000000 00000000 00000000"
        )
    );
    assert!(PropertyList::parse(&bytes).is_err());

    // A reserved syntax: Samba writes it; we reject it (MS-CMRP 2.2.2.3).
    let bytes = samba_push(&[SambaProperty::new("X", 0x0001_0010, vec![1, 2, 3])]).unwrap();
    assert!(PropertyList::parse(&bytes).is_err());
    assert_eq!(samba_pull(&bytes).unwrap().0[0].syntax, 0x0001_0010);

    // A user-range syntax (type and format >= 0x8000): both pass it through.
    let bytes = samba_push(&[SambaProperty::new("X", 0xDEAD_BEEF, vec![1, 2, 3])]).unwrap();
    let list = PropertyList::parse(&bytes).unwrap();
    let value = list.iter().next().unwrap().value();
    assert_eq!(
        (value.syntax().0, value.data()),
        (0xDEAD_BEEF, &[1u8, 2, 3][..])
    );

    // An empty name: both sides agree (length 2, the NUL alone, 2 pad bytes).
    let bytes = samba_push(&[SambaProperty::new(
        "",
        Syntax::LIST_VALUE_DWORD.0,
        vec![1, 0, 0, 0],
    )])
    .unwrap();
    assert_eq!(
        bytes,
        hex("01000000 03000400 02000000 00000000 02000100 04000000 01000000 00000000 00000000")
    );
    let list = PropertyList::parse(&bytes).unwrap();
    assert!(list.iter().next().unwrap().name().is_empty());

    // Size larger than the data: Samba zero-fills the value up to Size.
    let bytes = samba_push(&[SambaProperty {
        name: "x".into(),
        syntax: Syntax::LIST_VALUE_BINARY.0,
        size: 8,
        data: vec![1, 2, 3, 4],
    }])
    .unwrap();
    assert_eq!(
        bytes,
        hex(
            "01000000 03000400 04000000 78000000 01000100 08000000 01020304 00000000 00000000 00000000"
        )
    );
    assert_eq!(
        PropertyList::parse(&bytes)
            .unwrap()
            .iter()
            .next()
            .unwrap()
            .value()
            .data(),
        &[1, 2, 3, 4, 0, 0, 0, 0]
    );

    // Size smaller than the data: Samba refuses (NDR_ERR_SUBCONTEXT).
    let err = samba_push(&[SambaProperty {
        name: "x".into(),
        syntax: Syntax::LIST_VALUE_BINARY.0,
        size: 2,
        data: vec![1, 2, 3, 4],
    }])
    .unwrap_err();
    assert_eq!(err.code, SambaError::NDR_SUBCONTEXT);

    // A name with a NUL cannot be expressed in Samba's model (C string); the
    // shim says so instead of truncating. Our writer refuses it too.
    let err = samba_push(&[SambaProperty::new(
        "a\0b",
        Syntax::LIST_VALUE_DWORD.0,
        vec![1, 0, 0, 0],
    )])
    .unwrap_err();
    assert_eq!(err.code, SambaError::ARGS);
    let mut buf = [0u8; 64];
    assert!(
        PropertyListBuilder::new(&mut buf)
            .property("a\0b", &1u32)
            .is_err()
    );

    // An empty list: count 0 + trailing mark, exactly V9b.
    assert_eq!(samba_push(&[]).unwrap(), vector("V9b"));
}

/// The benchmark entry points can run in a loop: stable results and no
/// memory growth (each call frees its talloc context).
#[test]
fn pull_and_push_in_a_loop_do_not_leak() {
    let w2 = vector("W2");
    // W2 without its trailing end mark: Samba fails with NDR_ERR_BUFSIZE after
    // pulling all 12 properties, so the error path frees a fully built list.
    let w2_broken = w2[..w2.len() - 4].to_vec();
    let props = samba_pull(&w2).unwrap().0;
    let prepared = SambaPushList::new(&props).unwrap();
    let mut out = Vec::new();
    let rss_kib = || -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    let round = |out: &mut Vec<u8>| {
        assert_eq!(samba_pull_only(&w2).unwrap(), (12, 740));
        assert_eq!(
            samba_pull_only(&w2_broken),
            Err(SambaError {
                code: SambaError::NDR_BUFSIZE
            })
        );
        prepared.push_into(out).unwrap();
        assert_eq!(*out, w2);
    };
    for _ in 0..2_000 {
        round(&mut out);
    }
    let before = rss_kib().expect("VmRSS readable");
    for _ in 0..40_000 {
        round(&mut out);
    }
    let after = rss_kib().expect("VmRSS readable");
    // A leak of even one pulled W2 per round (a few KiB) would add > 100 MiB.
    assert!(
        after.saturating_sub(before) < 48 * 1024,
        "RSS grew from {before} KiB to {after} KiB over 40,000 pull/push rounds"
    );
}
