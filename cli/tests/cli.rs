//! The `clusprop` binary, run as a user runs it.

use std::path::PathBuf;

use assert_cmd::Command;

fn vectors_dir() -> PathBuf {
    let dir = std::env::var_os("CLUSPROP_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors"));
    assert!(
        dir.is_dir(),
        "test vectors not found at {} (set CLUSPROP_VECTORS)",
        dir.display()
    );
    dir
}

fn vectors() -> Vec<(String, PathBuf)> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(vectors_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    v.sort();
    assert!(v.len() >= 20);
    v
}

fn is_value_list(name: &str) -> bool {
    name == "V10" || name == "V11"
}

fn clusprop() -> Command {
    Command::cargo_bin("clusprop").unwrap()
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn hex(s: &str) -> Vec<u8> {
    let d: String = s.chars().filter(char::is_ascii_hexdigit).collect();
    (0..d.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&d[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn decodes_every_vector() {
    for (name, path) in vectors() {
        let mut cmd = clusprop();
        cmd.arg("decode");
        if is_value_list(&name) {
            cmd.arg("--value-list");
        }
        let text = stdout(cmd.arg(&path));
        assert!(
            text.contains(if is_value_list(&name) {
                "value list"
            } else {
                "property list"
            }),
            "{name}"
        );
    }
    let w2 = stdout(clusprop().arg("decode").arg(vectors_dir().join("W2.bin")));
    assert!(w2.contains("12 properties, with trailing end mark"));
    assert!(w2.contains("\"NodeName\"\n  LIST_VALUE_SZ 0x00010003, 12 bytes: \"node1\""));
    assert!(w2.contains("\"BuildNumber\"\n  LIST_VALUE_DWORD 0x00010002, 4 bytes: 9600 (0x2580)"));
    let v3 = stdout(clusprop().arg("decode").arg(vectors_dir().join("V3.bin")));
    assert!(v3.contains("2 strings\n    - \"n1\"\n    - \"n2\""));
}

#[test]
fn stdin_is_read_when_no_file_or_dash() {
    let bytes = std::fs::read(vectors_dir().join("V1.bin")).unwrap();
    let a = stdout(clusprop().arg("decode").write_stdin(bytes.clone()));
    let b = stdout(clusprop().args(["decode", "-"]).write_stdin(bytes));
    assert_eq!(a, b);
    assert!(a.contains("\"Foo\""));
}

#[test]
fn json_round_trip_is_byte_exact() {
    for (name, path) in vectors() {
        let original = std::fs::read(&path).unwrap();
        let mut decode = clusprop();
        decode.arg("decode").arg("--json");
        if is_value_list(&name) {
            decode.arg("--value-list");
        }
        let json = stdout(decode.arg(&path));
        let out = clusprop().arg("encode").write_stdin(json).output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, original, "{name}");
    }
}

#[test]
fn encode_writes_a_file_with_o() {
    let dir = std::env::temp_dir().join(format!("clusprop-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("v12.bin");
    let json = r#"{"properties":[{"name":"Virtual Machine","values":[{"syntax":65538,"format":"dword","value":1}]}]}"#;
    clusprop()
        .args(["encode", "-o"])
        .arg(&out)
        .write_stdin(json)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(vectors_dir().join("V12.bin")).unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn malformed_inputs_exit_1_with_one_line_naming_the_offset() {
    let cases: &[(&str, &str, usize)] = &[
        ("N1", "01000000 03000400", 8),
        (
            "N3",
            "01000000 03000400 08000000 46006f00 6f000000 02000100 fdffffff 01000000 00000000",
            24,
        ),
        (
            "N4",
            "01000000 03000400 07000000 46006f00 6f000000 02000100 04000000 01000000 00000000",
            8,
        ),
        (
            "N5",
            "01000000 03000400 06000000 46006f00 6f000000 02000100 04000000 01000000 00000000",
            12,
        ),
        (
            "N6",
            "01000000 03000400 08000000 46006f00 6f000000 10000100 04000000 01000000 00000000",
            20,
        ),
        (
            "N7",
            "02000000 03000400 04000000 41000000 02000100 04000000 01000000 03000400 04000000 42000000 02000100 04000000 02000000 00000000",
            28,
        ),
        (
            "N8",
            "01000000 03000400 08000000 46006f00 6f000000 00000000",
            20,
        ),
        (
            "N9",
            "01000000 03000400 08000000 46006f00 6f000000 02000100 02000000 01000000 00000000",
            20,
        ),
        ("N12", "ffffffff", 4),
        ("empty", "", 0),
    ];
    for &(name, bytes, offset) in cases {
        for sub in ["decode", "dump"] {
            let out = clusprop()
                .arg(sub)
                .write_stdin(hex(bytes))
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{name} {sub}");
            assert!(
                out.stdout.is_empty(),
                "{name} {sub}: stdout must stay empty"
            );
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(err.lines().count(), 1, "{name}: {err}");
            assert!(err.contains(&format!("at byte {offset}:")), "{name}: {err}");
        }
    }
    // N2 (count too high), N11 (four values), N10 (EXPANDED_SZ from a client).
    let mut n2 = std::fs::read(vectors_dir().join("V1.bin")).unwrap();
    n2[0] = 2;
    clusprop().arg("decode").write_stdin(n2).assert().code(1);
    let v7 = vectors_dir().join("V7.bin");
    clusprop()
        .args(["decode", "--client"])
        .arg(&v7)
        .assert()
        .code(1)
        .stdout("");
    clusprop().arg("decode").arg(&v7).assert().success();
    let n11 = hex(
        "01000000 03000400 08000000 46006f00 6f000000 02000100 04000000 01000000 02000100 04000000 01000000 02000100 04000000 01000000 02000100 04000000 01000000 00000000",
    );
    clusprop()
        .arg("decode")
        .write_stdin(n11.clone())
        .assert()
        .code(1);
    clusprop()
        .args(["decode", "--lenient"])
        .write_stdin(n11)
        .assert()
        .success();
}

#[test]
fn bad_json_exits_1() {
    for json in [
        "{",
        r#"{"nothing":1}"#,
        r#"{"properties":[{"name":"X","values":[]}]}"#,
    ] {
        let out = clusprop().arg("encode").write_stdin(json).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{json}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn dump_annotates_every_field() {
    let text = stdout(clusprop().arg("dump").arg(vectors_dir().join("V2.bin")));
    for needle in [
        "00000000  01 00 00 00",
        "count = 1",
        "NAME, length 10",
        "name \"Name\"",
        "padding (2 bytes)",
        "LIST_VALUE_SZ (0x00010003), length 6",
        "\"ab\"",
        "00000028  00 00 00 00",
        "ENDMARK (end of \"Name\")",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let w1 = stdout(clusprop().arg("dump").arg(vectors_dir().join("W1.bin")));
    assert!(w1.contains("00000198  00 00 00 00") && w1.contains("ENDMARK (trailing"));
    let v11 = stdout(
        clusprop()
            .args(["dump", "--value-list"])
            .arg(vectors_dir().join("V11.bin")),
    );
    assert!(v11.contains("DISK_SIZE (0x000c0006), length 8"));
}

#[test]
fn offline_save_runs_the_whole_path_on_the_simulator() {
    let text =
        stdout(clusprop().args(["offline", "DemoGroup", "--vm-action", "save", "--simulate"]));
    for needle in [
        "instructions (60 bytes)",
        "\"Virtual Machine\"",
        "LIST_VALUE_DWORD 0x00010002, 4 bytes: 1 (0x1)",
        "ERROR_IO_PENDING",
        "group state Offline",
        "is offline",
        "DemoVM (Virtual Machine): VM saved its state",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let text = stdout(clusprop().args([
        "offline",
        "DemoGroup",
        "--vm-action",
        "shutdown",
        "--prop",
        "Physical Disk=sz:note",
        "--simulate",
    ]));
    assert!(text.contains("VM shut down"), "{text}");
    assert!(text.contains("\"Physical Disk\""));
}

fn sim_config(text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "clusprop-sim-{}-{}.conf",
        std::process::id(),
        text.len()
    ));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn offline_exit_codes_for_cluster_errors_and_timeouts() {
    let slow = sim_config(
        "cluster \"Slow\" local\ngroup \"G\"\nresource \"VM\" type=\"Virtual Machine\" delay-ms=3000\n",
    );
    let out = clusprop()
        .args([
            "offline",
            "G",
            "--vm-action",
            "save",
            "--timeout",
            "0.2",
            "--sim-config",
        ])
        .arg(&slow)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let locked = sim_config(
        "cluster \"Locked\" local\ngroup \"G\"\nresource \"VM\" type=\"Virtual Machine\" locked\n",
    );
    let out = clusprop()
        .args(["offline", "G", "--sim-config"])
        .arg(&locked)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ERROR_CLUSTER_RESOURCE_LOCKED_STATUS"));
    clusprop()
        .args(["offline", "G", "--ignore-locked", "--sim-config"])
        .arg(&locked)
        .assert()
        .success();

    let out = clusprop()
        .args(["offline", "NoSuchGroup", "--simulate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ERROR_GROUP_NOT_FOUND"));
    for p in [slow, locked] {
        std::fs::remove_file(p).unwrap();
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["offline", "DemoGroup", "--vm-action", "hibernate"],
        vec!["offline", "DemoGroup", "--prop", "X=float:1"],
        vec!["offline", "DemoGroup", "--prop", "no-equals"],
        vec!["frobnicate"],
        vec!["decode", "--lenient", "--ms-cmrp"],
    ] {
        clusprop().args(&args).assert().code(2);
    }
}
