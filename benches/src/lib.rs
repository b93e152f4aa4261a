//! The benchmark workloads, generated deterministically (and saved under
//! `benches/data/`), and the operations measured on them, shared by the
//! criterion suite (`benches/codec.rs`) and the instruction-count suite
//! (`benches/instructions.rs`).
//!
//! Every workload is encoded with the Windows-style trailing end mark, so the
//! same bytes can be handed to Samba's decoder, which requires it.
//!
//! Each workload exists in three forms:
//! - [`Workload::source`]: the application's data in plain Rust types (`&str`
//!   names, `u32`, `String`, `Vec<u8>`, ...), which the no-alloc
//!   [`PropertyListBuilder`] encodes into a caller's slice ([`encode_slice`]);
//!   this is the analogue of Samba's push, which also starts from UTF-8 names;
//! - [`Workload::list`]: the owned model ([`OwnedPropertyList`]);
//! - [`Workload::bytes`]: the encoding.

use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop::{
    Binary, EncodeError, EncodeOptions, MultiSzOf, OwnedPropertyList, OwnedValue, PropertyList,
    PropertyListBuilder, Sz, Value, ValuesBuilder,
};

/// A named workload: its source data, the owned list and its encoding.
pub struct Workload {
    /// `typical`, `many_small`, `large_binary`, `nested` or `vm_save`.
    pub name: &'static str,
    /// The data in plain Rust types (what [`encode_slice`] encodes).
    pub source: Source,
    /// The owned model of the list (trailing end mark recorded).
    pub list: OwnedPropertyList,
    /// Its bytes (trailing end mark included).
    pub bytes: Vec<u8>,
    /// Whether Samba's model (one value per property, no nesting) can hold it.
    pub samba_can_hold: bool,
}

impl Workload {
    /// Number of values, nested ones included (the "elements" of the
    /// elements-per-second figures).
    pub fn elements(&self) -> u64 {
        value_count(&PropertyList::parse(&self.bytes).expect("workloads decode"))
    }
}

/// The names looked up in `typical` (from its start, middle and end).
pub const LOOKUP_NAMES: [&str; 5] = [
    "Name",
    "RestartThreshold",
    "PendingTimeout",
    "PossibleOwners",
    "StatusTime",
];

/// The options every workload is encoded with: trailing end mark (Samba
/// requires it), `EXPANDED_SZ` allowed (none of the workloads has one).
pub fn encode_options() -> EncodeOptions {
    EncodeOptions::default()
        .with_trailing_end_mark(true)
        .with_expanded_sz(true)
}

// ---------------------------------------------------------------------------
// Source data
// ---------------------------------------------------------------------------

/// A value in plain Rust types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `LIST_VALUE_DWORD`.
    Dword(u32),
    /// `LIST_VALUE_ULARGE_INTEGER`.
    ULargeInteger(u64),
    /// `LIST_VALUE_SZ`.
    Sz(String),
    /// `LIST_VALUE_MULTI_SZ`.
    MultiSz(Vec<String>),
    /// `LIST_VALUE_BINARY`.
    Binary(Vec<u8>),
    /// `LIST_VALUE_PROPERTY_LIST` (nested).
    List(Source),
}

/// A property in plain Rust types: a name and one or more values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceProperty {
    /// The name.
    pub name: String,
    /// The values (one, except in hand-made multi-valued lists).
    pub values: Vec<Item>,
}

/// A property list in plain Rust types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    /// The properties in order.
    pub properties: Vec<SourceProperty>,
}

impl Source {
    fn push(&mut self, name: impl Into<String>, value: Item) {
        self.properties.push(SourceProperty {
            name: name.into(),
            values: vec![value],
        });
    }

    /// Writes the properties through a builder (no allocation), as a caller
    /// writes them: a property with one value through
    /// `PropertyListBuilder::property`, the others through `property_with`.
    pub fn build(&self, b: &mut PropertyListBuilder<'_>) -> Result<(), EncodeError> {
        self.build_as::<DIRECT>(b)
    }

    /// Writes every property through `PropertyListBuilder::property_with`,
    /// one-valued ones included (the general call's cost).
    pub fn build_with_closures(&self, b: &mut PropertyListBuilder<'_>) -> Result<(), EncodeError> {
        self.build_as::<IN_CLOSURE>(b)
    }

    /// Writes the properties, one-valued ones through `property` when
    /// `ONE_VALUED_DIRECT` (a constant, so that each way compiles to its own
    /// loop with no test of it per property).
    fn build_as<const ONE_VALUED_DIRECT: bool>(
        &self,
        b: &mut PropertyListBuilder<'_>,
    ) -> Result<(), EncodeError> {
        for p in &self.properties {
            let name = p.name.as_str();
            match p.values.as_slice() {
                [value] if ONE_VALUED_DIRECT => {
                    value.write_property::<ONE_VALUED_DIRECT>(name, b)?
                }
                values => {
                    b.property_with(name, |builder| {
                        for v in values {
                            v.write::<ONE_VALUED_DIRECT>(builder)?;
                        }
                        Ok(())
                    })?;
                }
            }
        }
        Ok(())
    }

    /// The owned model of this list (what "owned build" measures).
    pub fn to_owned_list(&self) -> OwnedPropertyList {
        let mut list = OwnedPropertyList::new();
        for p in &self.properties {
            let mut values = p.values.iter().map(Item::to_owned_value);
            let first = values.next().expect("a property has a value");
            list.push(&p.name, first).expect("valid names");
            let property = list.properties.last_mut().expect("just pushed");
            property.values.extend(values);
        }
        list
    }
}

/// `Source::build_as`'s ways of writing a property with one value: through
/// `PropertyListBuilder::property`, or `property_with` with one `value` in
/// its closure.
const DIRECT: bool = true;
const IN_CLOSURE: bool = false;

impl Item {
    fn write<const ONE_VALUED_DIRECT: bool>(
        &self,
        values: &mut ValuesBuilder<'_, '_>,
    ) -> Result<(), EncodeError> {
        match self {
            Item::Dword(v) => values.value(v)?,
            Item::ULargeInteger(v) => values.value(v)?,
            Item::Sz(s) => values.value(&Sz(s.as_str()))?,
            Item::MultiSz(items) => values.value(&MultiSzOf(items.as_slice()))?,
            Item::Binary(b) => values.value(&Binary(b))?,
            Item::List(inner) => {
                values.property_list(|b| inner.build_as::<ONE_VALUED_DIRECT>(b))?
            }
        };
        Ok(())
    }

    /// Writes a property holding only this value through
    /// `PropertyListBuilder::property`.
    fn write_property<const ONE_VALUED_DIRECT: bool>(
        &self,
        name: &str,
        b: &mut PropertyListBuilder<'_>,
    ) -> Result<(), EncodeError> {
        match self {
            Item::Dword(v) => b.property(name, v)?,
            Item::ULargeInteger(v) => b.property(name, v)?,
            Item::Sz(s) => b.property(name, &Sz(s.as_str()))?,
            Item::MultiSz(items) => b.property(name, &MultiSzOf(items.as_slice()))?,
            Item::Binary(bytes) => b.property(name, &Binary(bytes))?,
            Item::List(inner) => b.property_with(name, |values| {
                values.property_list(|list| inner.build_as::<ONE_VALUED_DIRECT>(list))?;
                Ok(())
            })?,
        };
        Ok(())
    }

    fn to_owned_value(&self) -> OwnedValue {
        match self {
            Item::Dword(v) => OwnedValue::dword(*v),
            Item::ULargeInteger(v) => OwnedValue::ularge_integer(*v),
            Item::Sz(s) => OwnedValue::sz(s).expect("no NUL"),
            Item::MultiSz(items) => OwnedValue::multi_sz(items).expect("no NUL"),
            Item::Binary(b) => OwnedValue::binary(b.clone()),
            Item::List(inner) => OwnedValue::property_list(inner.to_owned_list()),
        }
    }
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/// A small deterministic generator (xorshift32), so workloads never change.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
}

/// About 30 properties of mixed DWORD/SZ/MULTI_SZ/BINARY/ULARGE_INTEGER, like
/// the common properties a resource returns.
pub fn typical_source() -> Source {
    let mut rng = Rng(0x2545_F491);
    let mut list = Source::default();
    let dwords = [
        "RestartAction",
        "RestartThreshold",
        "RestartPeriod",
        "RestartDelay",
        "RetryPeriodOnFailure",
        "PendingTimeout",
        "DeadlockTimeout",
        "LooksAlivePollInterval",
        "IsAlivePollInterval",
        "SeparateMonitor",
        "PersistentState",
        "MonitorProcessId",
        "EmbeddedFailureAction",
    ];
    for name in dwords {
        list.push(name, Item::Dword(rng.next() % 100_000));
    }
    let strings = [
        ("Name", "SQL Server (MSSQLSERVER)"),
        ("Type", "SQL Server"),
        (
            "Description",
            "Database engine for the accounting cluster role",
        ),
        ("OwnerGroup", "SQLGroup"),
        (
            "ResourceSpecificData1",
            "{8D4F1E2A-6C3B-4E5F-9A7D-1B2C3D4E5F60}",
        ),
        ("StatusInformation", "Online"),
        ("LastOperationStatusCode", "0x0"),
    ];
    for (name, value) in strings {
        list.push(name, Item::Sz(value.to_owned()));
    }
    let multi: [(&str, &[&str]); 3] = [
        ("PossibleOwners", &["node1", "node2", "node3", "node4"]),
        ("Dependencies", &["Cluster Disk 1", "SQL Network Name"]),
        ("RequiredDependencyTypes", &["Network Name"]),
    ];
    for (name, items) in multi {
        list.push(
            name,
            Item::MultiSz(items.iter().map(|s| (*s).to_owned()).collect()),
        );
    }
    for i in 0..4 {
        let blob: Vec<u8> = (0..(24 + i * 17)).map(|_| rng.next() as u8).collect();
        list.push(format!("ResourceSpecificStatus{i}"), Item::Binary(blob));
    }
    for name in ["StatusTime", "LastOnlineTime", "CryptoCheckpoints"] {
        list.push(name, Item::ULargeInteger(u64::from(rng.next()) << 20));
    }
    list
}

/// 10,000 DWORD properties.
pub fn many_small_source() -> Source {
    let mut list = Source::default();
    for i in 0..10_000u32 {
        list.push(
            format!("Counter{i:05}"),
            Item::Dword(i.wrapping_mul(2_654_435_761)),
        );
    }
    list
}

/// One 1 MiB BINARY value.
pub fn large_binary_source() -> Source {
    let mut rng = Rng(0x9E37_79B9);
    let data: Vec<u8> = (0..(1 << 20)).map(|_| rng.next() as u8).collect();
    let mut list = Source::default();
    list.push("Checkpoint", Item::Binary(data));
    list
}

/// Property lists nested four levels deep (a root, then three children per
/// list down to level 4: 121 lists), a few properties in each.
pub fn nested_source() -> Source {
    fn level(depth: u32) -> Source {
        let mut list = Source::default();
        list.push("Depth", Item::Dword(depth));
        list.push("Label", Item::Sz(format!("level {depth}")));
        list.push(
            "Members",
            Item::MultiSz(vec!["a".into(), "b".into(), "c".into()]),
        );
        if depth < 4 {
            for child in 0..3 {
                list.push(format!("Child{child}"), Item::List(level(depth + 1)));
            }
        }
        list
    }
    level(0)
}

/// The VM save-state offline instruction, as the core's
/// [`OfflineInstructions`] writes it.
pub fn vm_save_source() -> Source {
    let bytes = OfflineInstructions::new()
        .virtual_machine(VmAction::Save)
        .to_vec()
        .expect("the instruction encodes");
    Source::from_bytes(&bytes)
}

impl Source {
    /// The source form of an encoded list (the formats the workloads use).
    pub fn from_bytes(bytes: &[u8]) -> Source {
        Source::from_list(&PropertyList::parse(bytes).expect("a valid list"))
    }

    fn from_list(list: &PropertyList<'_>) -> Source {
        let properties = list
            .iter()
            .map(|p| SourceProperty {
                name: p.name().to_string_lossy(),
                values: p
                    .values()
                    .map(|v| match v.decode() {
                        Value::Dword(x) => Item::Dword(x),
                        Value::ULargeInteger(x) => Item::ULargeInteger(x),
                        Value::Sz(s) => Item::Sz(s.to_string_lossy()),
                        Value::MultiSz(m) => {
                            Item::MultiSz(m.iter().map(|s| s.to_string_lossy()).collect())
                        }
                        Value::Binary(b) => Item::Binary(b.to_vec()),
                        Value::PropertyList(inner) => Item::List(Source::from_list(&inner)),
                        other => panic!("no workload uses {other:?}"),
                    })
                    .collect(),
            })
            .collect();
        Source { properties }
    }
}

/// `typical` as an owned list (trailing end mark not recorded).
pub fn typical() -> OwnedPropertyList {
    typical_source().to_owned_list()
}

/// The names of the workloads, in the order of the report.
pub const NAMES: [&str; 5] = ["typical", "many_small", "large_binary", "nested", "vm_save"];

/// One workload by name (`None` for an unknown name); generates only that one.
pub fn workload(name: &str) -> Option<Workload> {
    let (name, source, samba_can_hold): (&'static str, Source, bool) = match name {
        "typical" => ("typical", typical_source(), true),
        "many_small" => ("many_small", many_small_source(), true),
        "large_binary" => ("large_binary", large_binary_source(), true),
        "nested" => ("nested", nested_source(), false),
        "vm_save" => ("vm_save", vm_save_source(), true),
        _ => return None,
    };
    let mut list = source.to_owned_list();
    list.trailing_end_mark = true;
    let bytes = list
        .to_vec_with(&encode_options())
        .expect("workloads encode");
    Some(Workload {
        name,
        source,
        list,
        bytes,
        samba_can_hold,
    })
}

/// Every workload, in the order of the report.
pub fn all() -> Vec<Workload> {
    NAMES.iter().filter_map(|n| workload(n)).collect()
}

// ---------------------------------------------------------------------------
// Operations (what the suites measure)
// ---------------------------------------------------------------------------

/// Number of values in a list, nested ones included (the elements of the
/// elements-per-second figures).
pub fn value_count(list: &PropertyList<'_>) -> u64 {
    list.iter()
        .flat_map(|p| p.values())
        .map(|v| match v.decode() {
            Value::PropertyList(inner) => 1 + value_count(&inner),
            _ => 1,
        })
        .sum()
}

/// Validate only: parse (every rule checked), returning the property count.
pub fn validate(bytes: &[u8]) -> usize {
    PropertyList::parse(bytes).map_or(0, |l| l.len())
}

/// Validate and visit every value (typed decode, nested lists entered, every
/// string of a `MULTI_SZ` found); returns a checksum so the work is not
/// optimised away.
pub fn decode_and_visit(bytes: &[u8]) -> u64 {
    let list = PropertyList::parse(bytes).expect("workloads decode");
    visit(&list)
}

fn visit(list: &PropertyList<'_>) -> u64 {
    let mut sum = 0u64;
    for p in list {
        sum = sum.wrapping_add(p.name().len() as u64);
        for v in p.values() {
            sum = sum.wrapping_add(match v.decode() {
                Value::Dword(x) => u64::from(x),
                Value::ULargeInteger(x) => x,
                Value::Sz(s) => s.len() as u64,
                Value::MultiSz(m) => m.iter().map(|s| s.len() as u64).sum(),
                Value::Binary(b) => b.len() as u64,
                Value::PropertyList(inner) => visit(&inner),
                _ => 1,
            });
        }
    }
    sum
}

/// [`decode_and_visit`] in one pass: [`PropertyList::parse_visiting`] shows
/// a [`Visitor`](clusprop::Visitor) each name and value as validation reads
/// it, instead of iterating the validated list afterwards. Same checksum.
pub fn decode_visiting(bytes: &[u8]) -> u64 {
    let mut checksum = Checksum::default();
    PropertyList::parse_visiting(bytes, &mut checksum).expect("workloads decode");
    checksum.sum
}

/// [`visit`]'s checksum as a visitor: a nested value list counts 1 and its
/// contents are skipped.
#[derive(Default)]
struct Checksum {
    sum: u64,
}

impl<'data> clusprop::Visitor<'data> for Checksum {
    #[inline(always)]
    fn property(&mut self, name: clusprop::Utf16Str<'data>) {
        self.sum = self.sum.wrapping_add(name.len() as u64);
    }

    #[inline(always)]
    fn value(&mut self, value: Value<'data>) {
        self.sum = self.sum.wrapping_add(match value {
            Value::Dword(x) => u64::from(x),
            Value::ULargeInteger(x) => x,
            Value::Sz(s) => s.len() as u64,
            Value::MultiSz(m) => m.iter().map(|s| s.len() as u64).sum(),
            Value::Binary(b) => b.len() as u64,
            _ => 1,
        });
    }

    #[inline(always)]
    fn enter_list(&mut self, kind: clusprop::ListKind) -> bool {
        if kind == clusprop::ListKind::ValueList {
            self.sum = self.sum.wrapping_add(1);
            return false;
        }
        true
    }
}

/// Parse `typical` and read the [`LOOKUP_NAMES`] as typed values, as a
/// client reading five common properties from a reply does; returns how many
/// were found.
pub fn lookup_5(bytes: &[u8]) -> usize {
    let list = PropertyList::parse(bytes).expect("workloads decode");
    let [name, threshold, timeout, owners, time] = LOOKUP_NAMES;
    usize::from(list.get::<clusprop::Utf16Str<'_>>(name).is_ok())
        + usize::from(list.get::<u32>(threshold).is_ok())
        + usize::from(list.get::<u32>(timeout).is_ok())
        + usize::from(list.get::<clusprop::MultiSz<'_>>(owners).is_ok())
        + usize::from(list.get::<u64>(time).is_ok())
}

/// Encode the source data into a preallocated slice with the no-alloc
/// builder; returns the bytes written.
pub fn encode_slice(source: &Source, buf: &mut [u8]) -> usize {
    let mut b = PropertyListBuilder::with_options(buf, encode_options());
    source.build(&mut b).expect("the workload fits");
    b.finish().expect("the workload fits")
}

/// [`encode_slice`] with every property written through
/// `PropertyListBuilder::property_with`, one-valued ones included.
pub fn encode_slice_with_closures(source: &Source, buf: &mut [u8]) -> usize {
    let mut b = PropertyListBuilder::with_options(buf, encode_options());
    source
        .build_with_closures(&mut b)
        .expect("the workload fits");
    b.finish().expect("the workload fits")
}

/// Encode the owned model into a preallocated slice.
pub fn encode_owned_slice(list: &OwnedPropertyList, buf: &mut [u8]) -> usize {
    list.encode_into_with(buf, &encode_options())
        .expect("the workload fits")
}

/// Encode the owned model into a new `Vec` of the exact size.
pub fn encode_vec(list: &OwnedPropertyList) -> Vec<u8> {
    list.to_vec_with(&encode_options())
        .expect("workloads encode")
}

/// Build the owned model from the source data, then encode it into a `Vec`.
pub fn owned_build_encode(source: &Source) -> Vec<u8> {
    let mut list = source.to_owned_list();
    list.trailing_end_mark = true;
    list.to_vec().expect("workloads encode")
}

/// A pass over the bytes that reads each one (the physical limit of any
/// decoder that looks at its whole input).
pub fn byte_scan(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0u32, |acc, &x| acc.wrapping_add(u32::from(x)))
}

/// The Samba model of an encoded list (one value per property), for the
/// push baseline.
#[cfg(feature = "samba")]
pub fn samba_properties(bytes: &[u8]) -> Vec<clusprop_tests::samba::SambaProperty> {
    let list = PropertyList::parse(bytes).expect("workloads decode");
    list.iter()
        .map(|p| {
            let v = p.value();
            clusprop_tests::samba::SambaProperty::new(
                p.name().to_string_lossy(),
                v.syntax().0,
                v.data(),
            )
        })
        .collect()
}
