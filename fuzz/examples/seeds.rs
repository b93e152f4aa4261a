//! Writes the seed corpora: the test vectors (testkit/vectors, or
//! $CLUSPROP_VECTORS), the format notes' malformed inputs, and lists generated with
//! the builder (nested, multi-valued, disk entries, user syntaxes), into
//! `seeds/<target>/`. Run from `fuzz/`: `cargo run --example seeds`.

use std::path::Path;

use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop::{
    Binary, EncodeOptions, ExpandSz, ExpandedSz, MultiSzOf, Name, PropertyListBuilder, RawData,
    ResetToDefault, Syntax, Sz, ValueListBuilder,
};

fn hex(s: &str) -> Vec<u8> {
    let d: String = s.chars().filter(char::is_ascii_hexdigit).collect();
    (0..d.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&d[i..i + 2], 16).unwrap())
        .collect()
}

fn generated() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 8192];
    let mut b = PropertyListBuilder::with_options(&mut buf, EncodeOptions::server_reply());
    b.property("Name", &Sz("node1")).unwrap();
    b.property("Nodes", &MultiSzOf(&["a", "bb", "ccc"]))
        .unwrap();
    b.property("Blob", &Binary(&[1, 2, 3, 4, 5])).unwrap();
    b.property("Big", &u64::MAX).unwrap();
    b.property("Neg", &-7i64).unwrap();
    b.property("Port", &8080u16).unwrap();
    b.property("Reset", &ResetToDefault(Syntax::LIST_VALUE_DWORD))
        .unwrap();
    b.property(
        "User",
        &RawData {
            syntax: Syntax(0x8001_0002),
            data: &[9; 7],
        },
    )
    .unwrap();
    b.property_with("Path", |v| {
        v.value(&ExpandSz("%SystemRoot%"))?
            .value(&ExpandedSz("C:\\Windows"))?;
        Ok(())
    })
    .unwrap();
    b.property_with("Nested", |v| {
        v.property_list(|inner| {
            inner.property("Depth", &1u32)?;
            inner.property_with("Deeper", |v| {
                v.value_list(|e| {
                    e.value(&Name("Network Name"))?;
                    Ok(())
                })?;
                Ok(())
            })?;
            Ok(())
        })?;
        Ok(())
    })
    .unwrap();
    let n = b.finish().unwrap();
    out.push(("gen-mixed".to_owned(), buf[..n].to_vec()));

    let mut buf = vec![0u8; 4096];
    let mut b = ValueListBuilder::new(&mut buf);
    b.value(&RawData {
        syntax: Syntax::DISK_SIGNATURE,
        data: &[1, 2, 3, 4],
    })
    .unwrap();
    b.value(&RawData {
        syntax: Syntax::PARTITION_INFO,
        data: &[0; 1120],
    })
    .unwrap();
    b.value(&RawData {
        syntax: Syntax::RESCLASS,
        data: &[1, 0, 0, 0, 0, 0, 0, 0x80],
    })
    .unwrap();
    b.value(&RawData {
        syntax: Syntax::DISK_GUID,
        data: &[b'{', 0, b'}', 0, 0, 0],
    })
    .unwrap();
    let n = b.finish().unwrap();
    out.push(("gen-disks".to_owned(), buf[..n].to_vec()));

    for action in VmAction::ALL {
        let bytes = OfflineInstructions::new()
            .all_vm_types(action)
            .to_vec()
            .unwrap();
        out.push((format!("gen-vm-{action}"), bytes));
    }
    out
}

const NEGATIVE: &[(&str, &str)] = &[
    ("N1", "01000000 03000400"),
    (
        "N3",
        "01000000 03000400 08000000 46006f00 6f000000 02000100 fdffffff 01000000 00000000",
    ),
    (
        "N4",
        "01000000 03000400 07000000 46006f00 6f000000 02000100 04000000 01000000 00000000",
    ),
    (
        "N5",
        "01000000 03000400 06000000 46006f00 6f000000 02000100 04000000 01000000 00000000",
    ),
    (
        "N6",
        "01000000 03000400 08000000 46006f00 6f000000 10000100 04000000 01000000 00000000",
    ),
    (
        "N7",
        "02000000 03000400 04000000 41000000 02000100 04000000 01000000 03000400 04000000 42000000 02000100 04000000 02000000 00000000",
    ),
    (
        "N8",
        "01000000 03000400 08000000 46006f00 6f000000 00000000",
    ),
    (
        "N9",
        "01000000 03000400 08000000 46006f00 6f000000 02000100 02000000 01000000 00000000",
    ),
    ("N12", "ffffffff"),
];

fn main() {
    let vectors = clusprop_testkit::vectors_dir();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&vectors)
        .unwrap_or_else(|e| panic!("{}: {e}", vectors.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        inputs.push((name, std::fs::read(&p).unwrap()));
    }
    for (name, h) in NEGATIVE {
        inputs.push(((*name).to_owned(), hex(h)));
    }
    inputs.extend(generated());
    let byte_targets = [
        "decode_property_list",
        "decode_value_list",
        "roundtrip_bytes",
        "differential",
    ];
    // The structured targets read their input through `arbitrary`; any bytes
    // make a start, and the vectors give them varied material.
    let structured = ["roundtrip_model", "builder_ops"];
    for target in byte_targets.iter().chain(&structured) {
        let dir = Path::new("seeds").join(target);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in &inputs {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
    // clusapi_calls reads its call sequence through `arbitrary` too.
    let dir = Path::new("seeds").join("clusapi_calls");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in &inputs {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let json = json_seeds(&inputs);
    let dir = Path::new("seeds").join("encode_json");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in &json {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let dir = Path::new("seeds").join("notation_text");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, text) in NOTATION.iter().enumerate() {
        std::fs::write(dir.join(format!("text{i:02}")), text).unwrap();
    }
    let dir = Path::new("seeds").join("sim_config");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, text) in SIM_CONFIGS.iter().enumerate() {
        std::fs::write(dir.join(format!("config{i}")), text).unwrap();
    }
    println!(
        "wrote {} seeds for each of {} targets, {} JSON seeds for encode_json, \
         {} texts for notation_text and {} configurations for sim_config",
        inputs.len(),
        byte_targets.len() + structured.len() + 1,
        json.len(),
        NOTATION.len(),
        SIM_CONFIGS.len()
    );
}

/// Simulator configurations using every keyword and option of the format
/// (`sim/src/config.rs`).
const SIM_CONFIGS: &[&str] = &[
    r#"cluster "TestCluster" local node="NODE1" caller-access=all
node "NODE2"
common "Description=sz:test cluster"
group "DemoGroup" state-query-error=5023 owner="NODE2"
resource "DemoVM" type="Virtual Machine" state=online locked delay-ms=5 offline-action=1
private "VmID=sz:1f4c"
resource "Disk 1" type="Physical Disk" fail-offline
"#,
    r#"# two clusters in one file
cluster "FileCluster" local node=FILENODE
group "Web"
resource "Site" type="Generic Service" delay-ms=1 fail-online
cluster "Other" caller-access=read
group "Empty"
"#,
    r#"cluster "Lab" demo
node N2
network "Public Net"
ro-common "State=dword:3"
netinterface "N1 - Public" node=N2 network="Public Net"
ro-private "Address=sz:10.0.0.1"
restype "Generic Script"
group "Files" owner=N2
resource "Disk 9" type="Physical Disk" state=offline
ro-private "DiskSignature=disk_signature:0x1234"
resource "Broken" type="Generic Service" state=failed
"#,
];

/// One `TYPE:VALUE` text of every type the notation reads (its module's
/// table), and SDDL-like descriptors in each of the forms the tree shows.
const NOTATION: &[&str] = &[
    "dword:16",
    "dword:0x10",
    "long:-5",
    "word:0x1234",
    "ularge_integer:18446744073709551615",
    "qword:1",
    "large_integer:-2",
    "filetime:133000000000000000",
    "sz:C:\\Windows",
    "sz:",
    "expand_sz:%SystemRoot%\\x",
    "expanded_sz:C:\\Windows",
    "multi_sz:a|b|c",
    "multi_sz:a,b",
    "multi_sz:",
    "binary:01:02-03 04",
    "sd:0100048014000000000000000000000000000000",
    "sd:O:S-1-5-32-544G:S-1-5-18D:P(A;CI;0x1f01ff;;;S-1-5-18)S:(AU;FA;0x1;;;S-1-1-0)",
    "sd:D:NO_ACCESS_CONTROL",
    "sd:D:(OA;ID;raw:aaaaaaaaaaaaaaaa)",
    "sd:O:S-1-0x010000000000-7G:S-1-5-21-1-2-3-500D:PAI(A;OICI0x20;0x0;;;S-1-1-0)S:",
    "security_descriptor:D:(D;;0x1;;;S-1-1-0)",
    "disk_signature:0x1234ABCD",
    "disk_number:3",
    "disk_size:1073741824",
    "disk_guid:{6B29FC40-CA47-1067-B31D-00DD010662DA}",
    "disk_guid:6B29FC40-CA47-1067-B31D-00DD010662DA",
    "scsi_address:1:0:2:3",
    "resclass:1",
    "resclass:1:2",
    "ftset_info:0x1234:2",
    "partition_info:00",
    "storage_device_id:00",
];

/// The JSON form of every input that decodes (leniently) as a property list
/// or a bare value list, as `encode` reads it, plus a few hand-written edge
/// cases (EXPANDED_SZ nested in lists, user syntaxes, raw hex).
fn json_seeds(inputs: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    use clusprop::{DecodeOptions, OwnedPropertyList, OwnedValueList, PropertyList, ValueList};
    let mut out = Vec::new();
    let lenient = DecodeOptions::lenient();
    for (name, bytes) in inputs {
        if let Ok(list) = PropertyList::parse_with(bytes, &lenient) {
            let owned = OwnedPropertyList::from_list(&list);
            out.push((
                format!("{name}.json"),
                serde_json::to_string_pretty(&owned).unwrap(),
            ));
        }
        if let Ok(list) = ValueList::parse_with(bytes, &lenient) {
            let owned = OwnedValueList::from_list(&list);
            out.push((
                format!("{name}-values.json"),
                serde_json::to_string(&owned).unwrap(),
            ));
        }
    }
    let hand = [
        (
            "nested-expanded",
            r#"{"properties":[{"name":"Outer","values":[{"syntax":65550,"format":"property_list","value":{"properties":[{"name":"Inner","values":[{"syntax":65544,"format":"expanded_sz","value":"C:\x"}]}],"trailing_end_mark":false}}]}],"trailing_end_mark":false}"#,
        ),
        (
            "values-expanded",
            r#"{"values":[{"syntax":65544,"format":"expanded_sz","value":"C:\x"},{"syntax":262147,"format":"sz","value":"Network Name"}]}"#,
        ),
        (
            "user-raw",
            r#"{"properties":[{"name":"U","values":[{"syntax":98305,"raw":"0102030405"}]}],"trailing_end_mark":true}"#,
        ),
        (
            "reset",
            r#"{"properties":[{"name":"R","values":[{"syntax":65538,"format":"dword","value":null}]}]}"#,
        ),
        (
            "utf16",
            r#"{"properties":[{"name":{"utf16":[55296,65]},"values":[{"syntax":65539,"format":"sz","value":{"utf16":[56320]}}]}]}"#,
        ),
    ];
    for (name, text) in hand {
        out.push((format!("hand-{name}.json"), text.to_owned()));
    }
    out
}
