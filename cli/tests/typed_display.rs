//! The tree and the dump show security descriptors SDDL-like and disk GUIDs
//! in registry form (through the core's `Display`); the JSON form keeps the
//! descriptor's bytes as hex.

use assert_cmd::Command;

/// One property "Security" holding O:BA G:SY D:(A;;0x1f01ff;;;SY), built
/// from MS-DTYP 2.4.6's layout.
fn sd_list() -> Vec<u8> {
    let system = [1u8, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0];
    let admins = [1u8, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0];
    let mut sd = vec![1, 0, 0x04, 0x80];
    for offset in [20u32, 36, 0, 48] {
        sd.extend(offset.to_le_bytes());
    }
    sd.extend(admins);
    sd.extend(system);
    sd.extend([2, 0, 28, 0, 1, 0, 0, 0]); // ACL: revision 2, size 28, one ACE
    sd.extend([0, 0, 20, 0]); // ACCESS_ALLOWED, no flags, size 20
    sd.extend(0x001F_01FFu32.to_le_bytes());
    sd.extend(system);
    let mut list = 1u32.to_le_bytes().to_vec();
    let name: Vec<u8> = "Security\0"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    list.extend(0x0004_0003u32.to_le_bytes());
    list.extend((name.len() as u32).to_le_bytes());
    list.extend(&name);
    list.extend([0, 0]); // padding to 4
    list.extend(0x0001_0009u32.to_le_bytes());
    list.extend((sd.len() as u32).to_le_bytes());
    list.extend(&sd);
    list.extend(0u32.to_le_bytes());
    list
}

fn run(args: &[&str], input: Vec<u8>) -> String {
    let out = Command::cargo_bin("clusprop")
        .unwrap()
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const SDDL: &str = "O:S-1-5-32-544G:S-1-5-18D:(A;;0x1f01ff;;;S-1-5-18)";

#[test]
fn tree_and_dump_show_sddl() {
    let tree = run(&["decode"], sd_list());
    assert!(tree.contains(SDDL), "{tree}");
    let dump = run(&["dump"], sd_list());
    assert!(dump.contains(SDDL), "{dump}");
    let json = run(&["decode", "--json"], sd_list());
    assert!(json.contains("\"010004801400000024000000"), "{json}");
}

#[test]
fn tree_shows_disk_guid_in_registry_form() {
    let guid = "{6B29FC40-CA47-1067-B31D-00DD010662DA}";
    let text: Vec<u8> = guid
        .encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut list = 0x000B_0003u32.to_le_bytes().to_vec();
    list.extend((text.len() as u32).to_le_bytes());
    list.extend(&text);
    list.extend([0, 0]); // 78 bytes, padded to 80
    list.extend(0u32.to_le_bytes());
    let tree = run(&["decode", "--value-list"], list);
    assert!(tree.contains(guid), "{tree}");
}
