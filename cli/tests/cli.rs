//! The `clusprop` binary, run as a user runs it.

use std::path::PathBuf;

use assert_cmd::Command;
use clusprop_testkit::{hex, vectors_dir};

fn vectors() -> Vec<(String, PathBuf)> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(vectors_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    v.sort();
    assert_eq!(v.len(), clusprop_testkit::vectors::VECTOR_COUNT);
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

fn run(args: &[&str]) -> std::process::Output {
    clusprop().args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn get_prints_windows_own_reply_and_its_json_encodes_back() {
    let w1 = std::fs::read(vectors_dir().join("W1.bin")).unwrap();
    let out = stdout(clusprop().args(["get", "DemoCluster", "--kind", "cluster", "--ro"]));
    for needle in [
        "read-only common properties of \"DemoCluster\" (ClusterControl, 412 bytes)",
        "6 properties, with trailing end mark",
        "\"SharedVolumesRoot\"",
        "\"C:\\\\ClusterStorage\"",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    // The JSON form of the reply encodes back to Windows' bytes.
    let json =
        stdout(clusprop().args(["get", "DemoCluster", "--kind", "cluster", "--ro", "--json"]));
    let encoded = clusprop().arg("encode").write_stdin(json).output().unwrap();
    assert!(encoded.status.success());
    assert_eq!(encoded.stdout, w1);
    let node = stdout(clusprop().args(["get", "NODE1", "--kind", "node", "--ro"]));
    assert!(
        node.contains("740 bytes") && node.contains("\"BuildNumber\""),
        "{node}"
    );
    let private = stdout(clusprop().args(["get", "DemoVM", "--private"]));
    assert!(private.contains("\"OfflineAction\""), "{private}");
}

#[test]
fn set_reads_back_and_rejections_exit_3() {
    let out = stdout(clusprop().args([
        "set",
        "DemoGroup",
        "--kind",
        "group",
        "Priority=dword:3000",
        "Description=sz:a: b",
    ]));
    assert!(
        out.contains("SET 2 common properties of \"DemoGroup\""),
        "{out}"
    );
    assert!(out.contains(": applied"), "{out}");
    assert!(
        out.contains("3000 (0xbb8)") && out.contains("\"a: b\""),
        "{out}"
    );
    let out = stdout(clusprop().args(["set", "DemoVM", "--private", "Notes=sz:x"]));
    assert!(
        out.contains("takes effect when the resource next comes online"),
        "{out}"
    );
    let out = stdout(clusprop().args([
        "set",
        "DemoGroup",
        "--kind",
        "group",
        "--validate",
        "Priority=dword:1",
    ]));
    assert!(
        out.contains("accepted (nothing changed)") && out.contains("2000 (0x7d0)"),
        "{out}"
    );
    // A read-only property and an unknown one: the cluster's code, exit 3.
    for prop in ["GroupType=dword:1", "NoSuch=dword:1"] {
        let out = run(&["set", "DemoGroup", "--kind", "group", prop]);
        assert_eq!(out.status.code(), Some(3), "{prop}");
        let err = text(&out.stderr);
        assert!(
            err.contains("ClusterGroupControl failed: ERROR_INVALID_PARAMETER (87)"),
            "{err}"
        );
        assert_eq!(
            err.lines().filter(|l| !is_simulation_notice(l)).count(),
            1,
            "{err}"
        );
    }
    assert_eq!(
        run(&["set", "DemoGroup"]).status.code(),
        Some(2),
        "no properties"
    );
    assert_eq!(run(&["set", "DemoGroup", "Bad"]).status.code(), Some(2));
    assert_eq!(run(&["get", "X", "--kind", "bogus"]).status.code(), Some(2));
    assert_eq!(
        run(&["get", "Nope"]).status.code(),
        Some(3),
        "no such resource"
    );
}

#[test]
fn move_live_migrates_and_quick_migrates_on_the_simulator() {
    let out = stdout(clusprop().args(["move", "DemoGroup", "NODE2", "--vm-action", "live"]));
    for needle in [
        "instructions (144 bytes)",
        "\"Virtual Machine Configuration\"",
        "MoveClusterGroupEx(\"DemoGroup\", node \"NODE2\", flags 0xe, 144 bytes): ERROR_IO_PENDING",
        "group \"DemoGroup\" is online on NODE2",
        "DemoVM (Virtual Machine): VM was live-migrated to NODE2",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    let out = stdout(clusprop().args(["move", "DemoGroup", "NODE2", "--vm-action", "save"]));
    assert!(
        out.contains("flags 0x0") && out.contains("VM saved its state"),
        "{out}"
    );
    assert_eq!(run(&["move", "DemoGroup", "NODE9"]).status.code(), Some(3));
    assert_eq!(
        run(&["move", "DemoGroup", "NODE2", "--vm-action", "bogus"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn online_on_a_chosen_node() {
    let config = sim_config(
        "cluster \"Off\" local\nnode \"NODE2\"\ngroup \"G\"\nresource \"R\" type=Generic state=offline delay-ms=5\n",
    );
    let config = config.to_str().unwrap();
    let out = stdout(clusprop().args(["online", "G", "--node", "NODE2", "--sim-config", config]));
    for needle in [
        "OnlineClusterGroupEx(\"G\", node NODE2, flags 0x0, no buffer): ERROR_IO_PENDING",
        "group state Online",
        "group \"G\" is online on NODE2",
        "R (Generic): came online",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    // Already online: completed at once, where it is.
    let out = stdout(clusprop().args(["online", "DemoGroup"]));
    assert!(
        out.contains("ERROR_SUCCESS: completed") && out.contains("online on NODE1"),
        "{out}"
    );
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // The 10,000-property benchmark workload: its tree is far larger than a
    // pipe buffer, so the command is still writing when the reader leaves.
    let input = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../benches/data/many_small.bin");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("clusprop"))
        .arg("decode")
        .arg(&input)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first, b"property list: 1");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr), "", "no panic, no message");
}

/// The line every cluster command prints on stderr when the cluster it acts
/// on is the simulated one.
fn is_simulation_notice(line: &str) -> bool {
    line.starts_with(
        "clusprop: using the simulated cluster \"DemoCluster\" (clusprop-sim), not a real cluster",
    )
}

#[test]
fn every_cluster_command_names_the_simulated_cluster_on_stderr() {
    let commands: [&[&str]; 6] = [
        &["get", "DemoGroup", "--kind", "group"],
        &[
            "set",
            "DemoGroup",
            "--kind",
            "group",
            "--validate",
            "Priority=dword:1",
        ],
        &["offline", "DemoGroup", "--vm-action", "save"],
        &["online", "DemoGroup"],
        &["move", "DemoGroup", "NODE2"],
        &["get", "DemoCluster", "--kind", "cluster", "--simulate"],
    ];
    for args in commands {
        let out = clusprop().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert_eq!(
            err.lines().filter(|l| is_simulation_notice(l)).count(),
            1,
            "{args:?}: {err}"
        );
    }
}
