//! The benchmark workloads, generated deterministically (and saved under
//! `benches/data/`), shared by the criterion suite and any later
//! instruction-count suite.
//!
//! Every workload is encoded with the Windows-style trailing end mark, so the
//! same bytes can be handed to Samba's decoder, which requires it.

use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop::{EncodeOptions, OwnedPropertyList, OwnedValue, PropertyList, Value};

/// A named workload: the owned list and its encoding.
pub struct Workload {
    /// `typical`, `many_small`, `large_binary`, `nested` or `vm_save`.
    pub name: &'static str,
    /// The list.
    pub list: OwnedPropertyList,
    /// Its bytes (trailing end mark included).
    pub bytes: Vec<u8>,
    /// Whether Samba's model (one value per property, no nesting) can hold it.
    pub samba_can_hold: bool,
}

/// The names to look up in `typical`.
pub const LOOKUP_NAMES: [&str; 5] = [
    "Name",
    "RestartThreshold",
    "PendingTimeout",
    "LooksAlivePollInterval",
    "Description",
];

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

fn options() -> EncodeOptions {
    EncodeOptions::server_reply()
}

fn finish(name: &'static str, mut list: OwnedPropertyList, samba_can_hold: bool) -> Workload {
    list.trailing_end_mark = true;
    let bytes = list.to_vec_with(&options()).expect("workloads encode");
    Workload {
        name,
        list,
        bytes,
        samba_can_hold,
    }
}

/// About 30 properties of mixed DWORD/SZ/MULTI_SZ/BINARY/ULARGE_INTEGER, like
/// the common properties a resource returns.
pub fn typical() -> OwnedPropertyList {
    let mut rng = Rng(0x2545_F491);
    let mut list = OwnedPropertyList::new();
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
        list.push(name, OwnedValue::dword(rng.next() % 100_000))
            .unwrap();
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
        list.push(name, OwnedValue::sz(value).unwrap()).unwrap();
    }
    list.push(
        "PossibleOwners",
        OwnedValue::multi_sz(&["node1", "node2", "node3", "node4"]).unwrap(),
    )
    .unwrap();
    list.push(
        "Dependencies",
        OwnedValue::multi_sz(&["Cluster Disk 1", "SQL Network Name"]).unwrap(),
    )
    .unwrap();
    list.push(
        "RequiredDependencyTypes",
        OwnedValue::multi_sz(&["Network Name"]).unwrap(),
    )
    .unwrap();
    for i in 0..4 {
        let blob: Vec<u8> = (0..(24 + i * 17)).map(|_| rng.next() as u8).collect();
        list.push(
            &format!("ResourceSpecificStatus{i}"),
            OwnedValue::binary(blob),
        )
        .unwrap();
    }
    for name in ["StatusTime", "LastOnlineTime", "CryptoCheckpoints"] {
        list.push(
            name,
            OwnedValue::ularge_integer(u64::from(rng.next()) << 20),
        )
        .unwrap();
    }
    list
}

/// 10,000 DWORD properties.
pub fn many_small() -> OwnedPropertyList {
    let mut list = OwnedPropertyList::new();
    for i in 0..10_000u32 {
        list.push(
            &format!("Counter{i:05}"),
            OwnedValue::dword(i.wrapping_mul(2_654_435_761)),
        )
        .unwrap();
    }
    list
}

/// One 1 MiB BINARY value.
pub fn large_binary() -> OwnedPropertyList {
    let mut rng = Rng(0x9E37_79B9);
    let data: Vec<u8> = (0..(1 << 20)).map(|_| rng.next() as u8).collect();
    let mut list = OwnedPropertyList::new();
    list.push("Checkpoint", OwnedValue::binary(data)).unwrap();
    list
}

/// Property lists nested four levels deep, a few properties at each level.
pub fn nested() -> OwnedPropertyList {
    fn level(depth: u32) -> OwnedPropertyList {
        let mut list = OwnedPropertyList::new();
        list.push("Depth", OwnedValue::dword(depth)).unwrap();
        list.push("Label", OwnedValue::sz(&format!("level {depth}")).unwrap())
            .unwrap();
        list.push("Members", OwnedValue::multi_sz(&["a", "b", "c"]).unwrap())
            .unwrap();
        if depth < 4 {
            for child in 0..3 {
                list.push(
                    &format!("Child{child}"),
                    OwnedValue::property_list(level(depth + 1)),
                )
                .unwrap();
            }
        }
        list
    }
    level(0)
}

/// The VM save-state offline instruction.
pub fn vm_save() -> OwnedPropertyList {
    OfflineInstructions::new()
        .virtual_machine(VmAction::Save)
        .into_list()
}

/// The names of the workloads, in the order of the report.
pub const NAMES: [&str; 5] = ["typical", "many_small", "large_binary", "nested", "vm_save"];

/// One workload by name (`None` for an unknown name); generates only that one.
pub fn workload(name: &str) -> Option<Workload> {
    Some(match name {
        "typical" => finish("typical", typical(), true),
        "many_small" => finish("many_small", many_small(), true),
        "large_binary" => finish("large_binary", large_binary(), true),
        "nested" => finish("nested", nested(), false),
        "vm_save" => finish("vm_save", vm_save(), true),
        _ => return None,
    })
}

/// Every workload, in the order of the report.
pub fn all() -> Vec<Workload> {
    NAMES.iter().filter_map(|n| workload(n)).collect()
}

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

/// Validate and visit every value (typed decode); returns a checksum so the
/// work is not optimised away.
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

/// The Samba model of an encoded list (one value per property), for the
/// push baseline.
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
