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

/// An `-o` file that cannot be written to its end (here the file size
/// limit, `ulimit -f`, stops it after 1 KiB) exits 5 and leaves no file: a
/// cut list was left behind, which a later step could take for the output.
#[cfg(unix)]
#[test]
fn encode_leaves_no_partial_output_file() {
    let dir = std::env::temp_dir().join(format!("clusprop-cli-partial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json = format!(
        r#"{{"properties":[{{"name":"Blob","values":[{{"syntax":65537,"format":"binary","value":"{}"}}]}}]}}"#,
        "ab".repeat(8192)
    );
    // Writes the list under a 2-block file size limit; exit status and stderr.
    let encode_limited = |out: &std::path::Path| {
        let bin = assert_cmd::cargo::cargo_bin("clusprop");
        let mut run = std::process::Command::new("sh")
            .args([
                "-c",
                "trap '' XFSZ; ulimit -f 2; exec \"$0\" encode -o \"$1\"",
            ])
            .arg(&bin)
            .arg(out)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut run.stdin.take().unwrap(), json.as_bytes()).unwrap();
        let done = run.wait_with_output().unwrap();
        (
            done.status.code(),
            String::from_utf8_lossy(&done.stderr).into_owned(),
        )
    };
    let out = dir.join("big.bin");
    let (status, err) = encode_limited(&out);
    assert_eq!(status, Some(5), "{err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(err.contains("the partial file was removed"), "{err}");
    assert!(!out.exists(), "a partial {} was left: {err}", out.display());
    // A symbolic link is not removed (that would lose the link and leave
    // its target cut): the failure is reported, the link stays.
    let target = dir.join("target.bin");
    let link = dir.join("link.bin");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (status, err) = encode_limited(&link);
    assert_eq!(status, Some(5), "{err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(!err.contains("removed"), "{err}");
    assert!(
        std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()),
        "the link was removed: {err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An error that quotes the input (a string where a number belongs, an
/// unknown key, a property's name in the path) is kept to a readable line:
/// a megabyte of input made a megabyte of stderr.
#[test]
fn errors_quoting_a_huge_input_are_shortened_in_the_middle() {
    let long = "x".repeat(1_000_000);
    let documents = [
        format!(
            r#"{{"properties":[{{"name":"A","values":[{{"syntax":65538,"format":"dword","value":"{long}"}}]}}]}}"#
        ),
        format!(r#"{{"{long}":1}}"#),
        format!(r#"{{"properties":[{{"name":"{long}","values":[]}}]}}"#),
    ];
    for json in documents {
        let out = clusprop().arg("encode").write_stdin(json).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.len() < 2000, "{} bytes of stderr", err.len());
        assert!(err.contains("characters left out"), "{err}");
        assert!(err.starts_with("clusprop: invalid JSON form: "), "{err}");
        assert!(err.trim_end().contains("at line 1 column"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
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
            let shown = String::from_utf8(out.stdout).unwrap();
            if sub == "decode" {
                assert!(shown.is_empty(), "{name} decode: stdout must stay empty");
            } else {
                // The dump shows every field before the fault, then the fault.
                let (last, before) = shown
                    .trim_end()
                    .lines()
                    .collect::<Vec<_>>()
                    .split_last()
                    .map(|(l, b)| (l.to_string(), b.to_vec()))
                    .unwrap();
                assert!(
                    last.contains(&format!("!! fault at byte {offset}:")),
                    "{name} dump: {shown}"
                );
                for line in before {
                    let at = usize::from_str_radix(&line[..8], 16).unwrap();
                    assert!(
                        at < offset,
                        "{name} dump shows a field at or past the fault: {shown}"
                    );
                }
            }
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
fn dump_of_a_cut_buffer_shows_everything_before_the_cut() {
    let w1 = std::fs::read(vectors_dir().join("W1.bin")).unwrap();
    let whole = stdout(clusprop().arg("dump").arg(vectors_dir().join("W1.bin")));
    // Cut inside the last property's value: the count, every earlier
    // property and the last name are still shown, then the fault.
    let cut = &w1[..w1.len() - 10];
    let out = clusprop()
        .arg("dump")
        .write_stdin(cut.to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let shown = text(&out.stdout);
    let lines: Vec<&str> = shown.lines().collect();
    let (last, before) = lines.split_last().unwrap();
    assert!(last.contains("!! fault at byte"), "{shown}");
    assert!(before.len() + 6 >= whole.lines().count(), "{shown}");
    let (cut_entry, complete) = before.split_last().unwrap();
    for line in complete {
        assert!(whole.contains(line), "{line:?} is not in the whole dump");
    }
    // The entry the cut runs into shows its syntax word, as the whole dump
    // starts that entry's line.
    let (at, rest) = cut_entry.split_at(8);
    let (bytes, meaning) = rest.split_at(50);
    let full = whole.lines().find(|l| l.starts_with(at)).unwrap();
    assert!(
        full[8..58].trim().starts_with(bytes.trim()) && full.contains(meaning.trim()),
        "{cut_entry:?} does not start {full:?}"
    );
    assert!(text(&out.stderr).contains("at byte"));
}

/// Asserts that a dump ends with the fault line for byte `at`.
fn assert_fault_line(shown: &str, at: usize) {
    let last = shown.lines().last().unwrap_or_default();
    assert!(last.contains(&format!("!! fault at byte {at}:")), "{shown}");
}

/// Dumps the bytes `digits` spells in hex (spaces ignored) with `args`; the
/// exit status and stdout.
fn dump_hex(digits: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = clusprop()
        .arg("dump")
        .args(args)
        .write_stdin(hex(digits))
        .output()
        .unwrap();
    (out.status.code(), text(&out.stdout))
}

#[test]
fn dump_shows_the_fields_of_the_faulty_entry_before_its_fault() {
    // A name with no NUL: its header is sound and shown, the fault is in its data.
    let (code, shown) = dump_hex(
        "01000000 03000400 08000000 46006f00 6f002100 02000100 04000000 01000000 00000000",
        &[],
    );
    assert_eq!(code, Some(1));
    assert!(
        shown.contains("00000004  03 00 04 00 08 00 00 00"),
        "{shown}"
    );
    assert!(shown.contains("NAME, length 8"), "{shown}");
    assert_fault_line(&shown, 12);
    // A name with a NUL inside: its text is shown up to the fault, no further.
    let (_, shown) = dump_hex(
        "01000000 03000400 0c000000 46006f00 00006f00 6f000000 02000100 04000000 01000000 00000000",
        &[],
    );
    assert!(shown.contains("0000000c  46 00 6f 00  "), "{shown}");
    assert!(!shown.contains("00 00 6f 00"), "{shown}");
    // Non-zero padding under --strict-padding: the data before it is shown
    // as data, the fault is at the padding byte.
    let (code, shown) = dump_hex(
        "01000000 03000400 04000000 41000000 01000100 01000000 aaffffff 00000000",
        &["--strict-padding"],
    );
    assert_eq!(code, Some(1));
    assert!(shown.contains("00000018  aa"), "{shown}");
    assert!(!shown.contains("malformed"), "{shown}");
    assert_fault_line(&shown, 25);
    // A value cut after its syntax word: the word is shown, then the fault
    // at its length (wire-format.md's N3).
    let (_, shown) = dump_hex(
        "01000000 03000400 08000000 46006f00 6f000000 02000100 fdffffff 01000000 00000000",
        &[],
    );
    assert!(shown.contains("00000014  02 00 01 00"), "{shown}");
    assert_fault_line(&shown, 24);
}

#[test]
fn dump_shows_a_nested_lists_trailing_end_mark() {
    // "N" = a nested property list ("X" = DWORD 1) that ends with the
    // trailing end mark: every byte of the buffer is on a line.
    let list = "01000000 03000400 04000000 4e000000 0e000100 24000000 \
         01000000 03000400 04000000 58000000 02000100 04000000 01000000 00000000 00000000 \
         00000000";
    let (code, shown) = dump_hex(list, &[]);
    assert_eq!(code, Some(0));
    assert!(
        shown.contains("00000038  00 00 00 00")
            && shown.contains("ENDMARK (trailing, after the last property)"),
        "{shown}"
    );
    assert!(shown.contains("0000003c  00 00 00 00"), "{shown}");
    // The tree says so too, as the JSON form's "trailing_end_mark" does.
    let tree = stdout(clusprop().arg("decode").write_stdin(hex(list)));
    assert!(
        tree.contains("property list of 1 property, with trailing end mark"),
        "{tree}"
    );
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
        "\"C:\\ClusterStorage\"",
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
            err.contains(
                "group \"DemoGroup\": CLUSCTL_GROUP_SET_COMMON_PROPERTIES (0x0340005E): \
                 ClusterGroupControl failed: ERROR_INVALID_PARAMETER (87)"
            ),
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
        "OnlineClusterGroupEx(\"G\", node \"NODE2\", flags 0x0, no buffer): ERROR_IO_PENDING",
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
fn online_that_ends_on_another_node_names_the_group_once() {
    // A group partly online stays where it is when brought online.
    let config = sim_config(
        "cluster \"Part\" local\nnode \"NODE2\"\ngroup \"G\"\nresource \"R\" type=Generic\n\
         resource \"S\" type=Generic state=offline\n",
    );
    let config = config.to_str().unwrap();
    let out = clusprop()
        .args(["online", "G", "--node", "NODE2", "--sim-config", config])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "clusprop: group \"G\": ended on node \"NODE1\", not on \"NODE2\" as asked (the \
             group was already partially online: an online leaves a group where it is, a move \
             takes it to another node)\n"
        ),
        "{err}"
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

#[test]
fn out_of_range_numbers_are_usage_errors_naming_the_range() {
    // `--timeout` of every cluster command that waits.
    for command in [
        vec!["offline", "DemoGroup"],
        vec!["online", "DemoGroup"],
        vec!["move", "DemoGroup", "NODE2"],
    ] {
        for bad in [
            "1e20", "NaN", "nan", "inf", "-inf", "-1", "-0.5", "604801", "1e400", "", "abc",
            "0x10", "5s",
        ] {
            // `--timeout=VALUE`, so that clap takes "-inf" as the value.
            let arg = format!("--timeout={bad}");
            let mut args = command.clone();
            args.push(&arg);
            let out = run(&args);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains("from 0 to 604800"), "{args:?}: {err}");
            assert!(!err.contains("panicked"), "{args:?}: {err}");
        }
    }
    // The edges of the range are accepted.
    for good in ["0", "604800", "0.25"] {
        let out = run(&["online", "DemoGroup", "--timeout", good]);
        assert_eq!(out.status.code(), Some(0), "{good}: {}", text(&out.stderr));
    }
    // Numbers in NAME=TYPE:VALUE (`offline --prop`, `set`).
    for (args, range) in [
        (
            vec!["offline", "DemoGroup", "--prop", "X=dword:1e20"],
            "0 to 4294967295",
        ),
        (
            vec!["offline", "DemoGroup", "--prop", "X=word:-1"],
            "0 to 65535",
        ),
        (
            vec!["set", "DemoVM", "X=large:99999999999999999999"],
            "9223372036854775807",
        ),
        (
            vec!["set", "DemoVM", "X=long:NaN"],
            "-2147483648 to 2147483647",
        ),
    ] {
        let out = run(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(range), "{args:?}: {err}");
    }
    // `--max-input-bytes` of every command that reads input.
    for command in [
        vec!["decode"],
        vec!["dump"],
        vec!["encode"],
        vec!["get", "DemoVM"],
        vec!["offline", "DemoGroup"],
    ] {
        for bad in ["0", "-1", "1e3", "18446744073709551616", "x"] {
            let arg = format!("--max-input-bytes={bad}");
            let mut args = command.clone();
            args.push(&arg);
            let out = run(&args);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains("--max-input-bytes"), "{args:?}: {err}");
        }
    }
}

/// A number with more digits than 128 bits hold is a number out of range
/// (it was "not a number"), typed or read in the property's own format;
/// digits with anything else among them are still not a number.
#[test]
fn numbers_beyond_128_bits_are_out_of_range_not_malformed() {
    let huge = "9".repeat(50);
    let typed = format!("X=dword:{huge}");
    let hex = format!("X=qword:0x{}", "f".repeat(33));
    let untyped = format!("Priority={huge}");
    for args in [
        vec!["offline", "DemoGroup", "--prop", &typed],
        vec!["set", "DemoVM", &hex],
        vec!["set", "DemoGroup", &untyped],
    ] {
        let out = run(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("out of range"), "{args:?}: {err}");
        assert!(!err.contains("not a number"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let mixed = format!("X=dword:{huge}z");
    let out = run(&["set", "DemoVM", &mixed]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not a number"), "{err}");
}

/// A number out of its TYPE's range names the range, in the core's words
/// (the CLI added its own; a sim config's line did not have it), and a
/// structure of the wrong length says the length it needs ("1 byte", not
/// "1 bytes").
#[test]
fn out_of_range_and_wrong_length_say_what_is_expected() {
    for (args, needle) in [
        (
            vec!["offline", "DemoGroup", "--prop", "X=word:70000"],
            "'X=word:70000' for '--prop <NAME=TYPE:VALUE>': number out of range: expected 0 \
             to 65535\n",
        ),
        (
            vec!["set", "DemoVM", "X=long:0x80000000"],
            "number out of range: expected -2147483648 to 2147483647\n",
        ),
        (
            vec!["offline", "DemoGroup", "--prop", "X=filetime:-1"],
            "number out of range: expected 0 to 18446744073709551615, or a UTC time \
             2022-06-18T04:26:40Z\n",
        ),
        (
            vec!["offline", "DemoGroup", "--prop", "X=partition_info:00"],
            "'X=partition_info:00' for '--prop <NAME=TYPE:VALUE>': \
             CLUSPROP_SYNTAX_PARTITION_INFO (0x00080001) cannot have 1 byte of data: it needs \
             exactly 1120\n",
        ),
    ] {
        let out = run(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// A `binary` value with a character that is not hex says which and where
/// (it said only "not hex"), and is a usage error before anything is sent.
#[test]
fn a_bad_hex_character_is_named_with_its_place() {
    let value = "00112233 44556677 8899aabb ccddeeff 0011223g";
    // Characters are counted from 1, as columns are.
    let at = value.find('g').unwrap() + 1;
    let arg = format!("X=binary:{value}");
    for args in [
        vec!["offline", "DemoGroup", "--prop", &arg],
        vec!["set", "DemoVM", &arg],
    ] {
        let out = run(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!("not hex: 'g' (at character {at} of the value;")),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// A number with a character that cannot be in it names the character and
/// its place in the value (it said only "not a number"), with the range
/// the TYPE holds; typed (`--prop`, `set NAME=TYPE:VALUE`) or read in the
/// property's own format (`set Priority=12a4`).
#[test]
fn a_bad_number_names_its_character_and_place() {
    for (arg, needle) in [
        (
            "X=dword:12a4",
            "not a number: 'a' at character 3 of the value: expected a number from 0 to \
             4294967295 (decimal, or hex with 0x)",
        ),
        (
            "X=dword:1,000",
            "not a number: ',' at character 2 of the value: expected a number from 0 to \
             4294967295",
        ),
        (
            "X=qword:0x12g",
            "not a number: 'g' at character 5 of the value: expected a number from 0 to \
             18446744073709551615",
        ),
        (
            "X=long:--5",
            "not a number: '-' at character 2 of the value: expected a number from \
             -2147483648 to 2147483647",
        ),
    ] {
        for args in [
            vec!["offline", "DemoGroup", "--prop", arg],
            vec!["set", "DemoVM", arg],
        ] {
            let out = run(&args);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(needle), "{args:?}: {err}");
            assert!(out.stdout.is_empty(), "{args:?}");
        }
    }
    // The fields of a value-list TYPE: how many, and which is out of range.
    for (arg, needle) in [
        (
            "X=scsi_address:1:0:3",
            "expected 4 numbers separated by ':', found 3",
        ),
        (
            "X=scsi_address:1:0:3:256",
            "number 4 (at character 7 of the value) out of range: expected 0 to 255",
        ),
        // A class alone, or a class and a subclass.
        (
            "X=resclass:1:2:3",
            "expected 1 or 2 numbers separated by ':', found 3",
        ),
    ] {
        let out = run(&["offline", "DemoGroup", "--prop", arg]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{arg}: {err}");
        assert!(err.contains(needle), "{arg}: {err}");
    }
    let out = run(&["set", "DemoGroup", "Priority=12a4"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "Priority is a DWORD (0 to 4294967295): \"12a4\": not a number: 'a' at character 3 \
             of the value"
        ),
        "{err}"
    );
    // A number out of range: the notation says the range, once.
    let out = run(&["set", "DemoGroup", "Priority=70000000000"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "Priority is a DWORD: \"70000000000\": number out of range: expected 0 to 4294967295\n"
        ),
        "{err}"
    );
    assert_eq!(err.matches("4294967295").count(), 1, "{err}");
}

/// An empty `multi_sz` item is named by its number and place (it said
/// only "MULTI_SZ element is empty").
#[test]
fn an_empty_multi_sz_item_is_named_with_its_place() {
    for (arg, needle) in [
        (
            "X=multi_sz:a||b",
            "MULTI_SZ item 2 is empty (at character 3 of the value; items are split at '|', \
             and none may be empty)",
        ),
        (
            "X=multi_sz:a,b,",
            "MULTI_SZ item 3 is empty (at character 5 of the value; items are split at ',', \
             and none may be empty)",
        ),
    ] {
        let out = run(&["offline", "DemoGroup", "--prop", arg]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{arg}: {err}");
        assert!(err.contains(needle), "{arg}: {err}");
    }
}

/// `prefix` followed by something that is not Unicode text on this
/// platform: a byte 0xFF (Unix), an unpaired surrogate (Windows).
fn not_utf8(prefix: &str) -> std::ffi::OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let mut bytes = prefix.as_bytes().to_vec();
        bytes.push(0xFF);
        std::ffi::OsString::from_vec(bytes)
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStringExt;
        let mut units: Vec<u16> = prefix.encode_utf16().collect();
        units.push(0xD800);
        std::ffi::OsString::from_wide(&units)
    }
}

/// An argument that is not Unicode text is refused as that argument's
/// error, naming it (clap's own check said only "invalid UTF-8 was
/// detected in one or more arguments"), a usage error before anything is
/// sent.
#[test]
fn an_argument_that_is_not_text_is_named() {
    for (args, bad, arg_name) in [
        (vec!["set", "DemoGroup"], "Description=a", "<NAME=VALUE>"),
        (vec!["offline", "DemoGroup", "--prop"], "X=sz:", "--prop"),
        (vec!["get"], "Demo", "<OBJECT>"),
        (vec!["online", "DemoGroup", "--node"], "NODE", "--node"),
    ] {
        let mut cmd = clusprop();
        cmd.args(&args).arg(not_utf8(bad));
        let out = cmd.output().unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!("invalid value '{bad}\u{fffd}'")) && err.contains(arg_name),
            "{args:?}: {err}"
        );
        assert!(err.contains("not UTF-8 text"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// Names that differ only in an unpaired surrogate (which Windows strings
/// may hold) are shown apart by `decode` and `dump`: each surrogate as its
/// code unit, where a lossy conversion showed U+FFFD for all of them.
#[test]
fn names_with_unpaired_surrogates_are_shown_apart() {
    use clusprop_testkit::Asm;
    let name = |units: &[u16]| -> Vec<u8> {
        units
            .iter()
            .chain(&[0])
            .flat_map(|u| u.to_le_bytes())
            .collect()
    };
    let bytes = Asm::new()
        .u32(3)
        .entry(0x0004_0003, &name(&[0x41, 0xD800]))
        .dword(1)
        .end()
        .entry(0x0004_0003, &name(&[0x41, 0xDC00]))
        .dword(2)
        .end()
        .entry(0x0004_0003, &name(&[0x41, 0xFFFD]))
        .dword(3)
        .end()
        .build();
    let tree = stdout(clusprop().arg("decode").write_stdin(bytes.clone()));
    let dump = stdout(clusprop().arg("dump").write_stdin(bytes));
    for shown in [&tree, &dump] {
        assert!(shown.contains(r#""A\u{d800}""#), "{shown}");
        assert!(shown.contains(r#""A\u{dc00}""#), "{shown}");
        // A real U+FFFD is a character, shown as it is, and only there.
        let real = shown.matches("\"A\u{fffd}\"").count();
        assert!(real >= 1, "{shown}");
        assert_eq!(shown.matches('\u{fffd}').count(), real, "{shown}");
    }
}

/// Starts `clusprop args`, reads one byte of its output, closes the pipe,
/// and returns how it ended and how long it ran.
fn run_with_stdout_closed_early(args: &[&str]) -> (std::process::Output, std::time::Duration) {
    let start = std::time::Instant::now();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("clusprop"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (out, start.elapsed())
}

#[test]
fn a_closed_pipe_does_not_change_what_a_cluster_command_reports() {
    // A timeout is still a timeout (exit 4).
    let slow = sim_config(
        "cluster \"SlowPipe\" local\ngroup \"G\"\nresource \"VM\" type=\"Virtual Machine\" delay-ms=3000\n",
    );
    let slow = slow.to_str().unwrap();
    let (out, _) = run_with_stdout_closed_early(&[
        "offline",
        "G",
        "--vm-action",
        "save",
        "--timeout",
        "0.5",
        "--sim-config",
        slow,
    ]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("standard output was closed"), "{err}");
    assert!(err.contains("timed out"), "{err}");

    // A success is reported only once the group is offline: the resource
    // takes 600 ms, and the command does not exit before.
    let delayed = sim_config(
        "cluster \"PipeOk\" local\ngroup \"G\"\nresource \"VM\" type=\"Virtual Machine\" delay-ms=600\n",
    );
    let (out, elapsed) = run_with_stdout_closed_early(&[
        "offline",
        "G",
        "--vm-action",
        "save",
        "--sim-config",
        delayed.to_str().unwrap(),
    ]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        elapsed >= std::time::Duration::from_millis(600),
        "exited after {elapsed:?}, before the group went offline"
    );
    assert!(err.contains("standard output was closed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The binary as a plain `std::process::Command` (for redirecting stdout).
fn clusprop_std() -> std::process::Command {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("clusprop"))
}

fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
}

#[test]
fn an_output_that_cannot_be_written_exits_5() {
    for args in [
        vec!["decode".to_owned(), vector_path("V1")],
        vec!["decode".to_owned(), "--json".to_owned(), vector_path("V1")],
        vec!["dump".to_owned(), vector_path("V1")],
        vec!["get".to_owned(), "DemoVM".to_owned()],
        vec!["offline".to_owned(), "DemoGroup".to_owned()],
    ] {
        let out = clusprop_std()
            .args(&args)
            .stdout(dev_full())
            .output()
            .unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{args:?}: {err}");
        assert!(
            err.contains("cannot write standard output") && err.contains("No space left"),
            "{args:?}: {err}"
        );
    }
    // encode: to stdout and to a file that cannot be written.
    let json = stdout(clusprop().args(["decode", "--json"]).arg(vector_path("V1")));
    let json_file = sim_config(&json);
    let out = clusprop_std()
        .arg("encode")
        .arg(&json_file)
        .stdout(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    let out = clusprop()
        .args(["encode", "-o", "/dev/full"])
        .write_stdin(json)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    // A cluster command that failed keeps its own status.
    let locked = sim_config(
        "cluster \"LockedFull\" local\ngroup \"G\"\nresource \"VM\" type=\"Virtual Machine\" locked\n",
    );
    let out = clusprop_std()
        .args(["offline", "G", "--sim-config"])
        .arg(&locked)
        .stdout(dev_full())
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("cannot write standard output")
            && err.contains("ERROR_CLUSTER_RESOURCE_LOCKED_STATUS"),
        "{err}"
    );
}

fn vector_path(name: &str) -> String {
    vectors_dir()
        .join(format!("{name}.bin"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_timeout_bounds_the_whole_command() {
    // The resource takes 5 s; the command gives up after 0.3 s, and ends
    // within the documented margin of 0.5 s (plus 0.5 s here for starting
    // the process on a loaded machine), not after the resource's 5 s.
    let slow = sim_config(
        "cluster \"Slower\" local\ngroup \"G\"\nresource \"VM\" type=\"Virtual Machine\" delay-ms=5000\n",
    );
    for command in ["offline", "move"] {
        let mut args = vec![command, "G"];
        if command == "move" {
            args.push("NODE2");
        }
        let start = std::time::Instant::now();
        let out = clusprop()
            .args(&args)
            .args(["--timeout", "0.3", "--sim-config"])
            .arg(&slow)
            .output()
            .unwrap();
        let elapsed = start.elapsed();
        let err = text(&out.stderr);
        let stdout = text(&out.stdout);
        if command == "move" {
            // The simulated cluster has one node: the move is refused at once.
            assert_eq!(out.status.code(), Some(3), "{err}");
            continue;
        }
        assert_eq!(out.status.code(), Some(4), "{command}: {err}");
        assert!(
            elapsed < std::time::Duration::from_millis(1300),
            "{command} took {elapsed:?}"
        );
        assert!(stdout.contains("still working"), "{stdout}");
    }
    let two_nodes = sim_config(
        "cluster \"SlowerMove\" local\nnode \"NODE2\"\ngroup \"G\"\nresource \"VM\" type=\"Virtual Machine\" delay-ms=5000\n",
    );
    let start = std::time::Instant::now();
    let out = clusprop()
        .args(["move", "G", "NODE2", "--timeout", "0.3", "--sim-config"])
        .arg(&two_nodes)
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    assert!(
        elapsed < std::time::Duration::from_millis(1300),
        "move took {elapsed:?}"
    );
}

#[test]
fn online_on_a_node_fails_when_the_group_is_elsewhere() {
    // DemoGroup is online on NODE1: the cluster leaves it there.
    let out = run(&["online", "DemoGroup", "--node", "NODE2"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("NODE2") && err.contains("NODE1"), "{err}");
    assert!(!text(&out.stdout).contains("is online on"));
    // Where it is, it succeeds.
    let out = run(&["online", "DemoGroup", "--node", "node1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn inputs_larger_than_the_cap_exit_1_naming_it() {
    // An endless input ends promptly at the default cap.
    for command in ["decode", "dump", "encode"] {
        let start = std::time::Instant::now();
        let out = run(&[command, "/dev/zero"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command}: {err}");
        assert!(
            err.contains("larger than the input cap of 268435456 bytes")
                && err.contains("--max-input-bytes"),
            "{err}"
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }
    // stdin, and a raised or lowered cap.
    let v1 = std::fs::read(vectors_dir().join("V1.bin")).unwrap();
    let cap = (v1.len() - 1).to_string();
    let out = clusprop()
        .args(["decode", "--max-input-bytes", &cap])
        .write_stdin(v1.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(&format!(
        "stdin is larger than the input cap of {cap} bytes"
    )));
    let exact = v1.len().to_string();
    clusprop()
        .args(["decode", "--max-input-bytes", &exact])
        .write_stdin(v1)
        .assert()
        .success();
    // The simulator's configuration: by flag, and by environment variable.
    let out = run(&[
        "get",
        "DemoVM",
        "--max-input-bytes",
        "4096",
        "--sim-config",
        "/dev/zero",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("input cap of 4096 bytes"),
        "{}",
        text(&out.stderr)
    );
    let start = std::time::Instant::now();
    let out = clusprop()
        .args(["get", "DemoVM"])
        .env("CLUSPROP_SIM_CONFIG", "/dev/zero")
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(
        err.contains("/dev/zero: larger than the cap of 268435456 bytes"),
        "{err}"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn encode_errors_name_line_column_and_property() {
    let json = "{\"properties\": [\n {\"name\": \"A\", \"values\": [{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1}]},\n {\"name\": \"B\", \"values\": [{\"syntax\": 65537, \"format\": \"binary\", \"value\": \"+f+f\"}]}\n]}";
    let out = clusprop().arg("encode").write_stdin(json).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("found '+' at character 1 in property 1 \"B\", value 0 at line 3 column"),
        "{err}"
    );
    for (json, said) in [
        (
            r#"{"values": [], "values": []}"#,
            "duplicate key \"values\" at line 1",
        ),
        (
            r#"{"values": [], "trailing_end_mark": true}"#,
            "\"trailing_end_mark\" only with \"properties\"",
        ),
        (r#"{"properties": [], "values": []}"#, "found both"),
        (r#"{}"#, "expected an object with \"properties\""),
    ] {
        let out = clusprop().arg("encode").write_stdin(json).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{json}");
        assert!(
            text(&out.stderr).contains(said),
            "{json}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn ms_cmrp_rejects_nested_lists_as_its_help_says() {
    let out = run(&["decode", "--ms-cmrp", &vector_path("V8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("LIST_VALUE_PROPERTY_LIST (0x0001000e) is not an accepted syntax"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    // Without it, the same list decodes, nested list and all.
    assert!(stdout(clusprop().arg("decode").arg(vector_path("V8"))).contains("property list of"));
    let help = stdout(clusprop().args(["decode", "--help"]));
    assert!(
        help.contains("nested property or value list is") && help.contains("rejected"),
        "{help}"
    );
    assert!(!help.contains("opaque"), "{help}");
}

/// `encode --client` refuses EXPANDED_SZ wherever it is: in a nested
/// property list, in a nested value list, and in a bare value list.
#[test]
fn encode_client_refuses_expanded_sz_at_every_depth() {
    let expanded = r#"{"syntax":65544,"format":"expanded_sz","value":"x"}"#;
    for json in [
        format!(r#"{{"values":[{expanded}]}}"#),
        format!(
            r#"{{"properties":[{{"name":"A","values":[{{"syntax":65550,"format":"property_list","value":{{"properties":[{{"name":"P","values":[{expanded}]}}]}}}}]}}]}}"#
        ),
        format!(
            r#"{{"properties":[{{"name":"A","values":[{{"syntax":65549,"format":"value_list","value":{{"values":[{expanded}]}}}}]}}]}}"#
        ),
        // The same nested list as raw bytes.
        r#"{"properties":[{"name":"A","values":[{"syntax":65550,"format":"property_list","raw":"0100000003000400040000005000000008000100040000007800000000000000"}]}]}"#.to_owned(),
    ] {
        let out = run_stdin(&["encode", "--client"], &json);
        assert_eq!(out.status.code(), Some(1), "{json}");
        assert!(out.stdout.is_empty(), "{json}");
        assert!(text(&out.stderr).contains("EXPANDED_SZ"), "{json}");
        // Without --client the same JSON is a server reply and encodes.
        assert_eq!(
            run_stdin(&["encode"], &json).status.code(),
            Some(0),
            "{json}"
        );
    }
}

fn run_stdin(args: &[&str], input: &str) -> std::process::Output {
    clusprop().args(args).write_stdin(input).output().unwrap()
}

/// A property list `levels` deep in the JSON form: the document's list, and
/// in it `levels` nested lists, each a property "In" of the one around it.
fn nested_json(levels: usize) -> String {
    let mut text = String::new();
    for _ in 0..levels {
        text.push_str(
            r#"{"properties":[{"name":"In","values":[{"syntax":65550,"format":"property_list","value":"#,
        );
    }
    text.push_str(r#"{"properties":[{"name":"Leaf","values":[{"syntax":65538,"format":"dword","value":1}]}]}"#);
    text.push_str(&"}]}]}".repeat(levels));
    text
}

/// `encode` reads lists nested as deep as the model holds them, and says
/// which rule refuses them: past 8 levels the encoder's (what the default
/// reader accepts), past 32 the JSON reader's, each with the path. The JSON
/// reader said "arrays and objects nested too deeply" from 31 levels (its
/// parser's own limit). Brackets nested 100,000 deep are refused at the
/// first one out of place, exit 1, not a crash.
#[test]
fn encode_names_the_rule_that_refuses_deep_nesting() {
    let out = run_stdin(&["encode"], &nested_json(8));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for levels in [9, 31, 32] {
        let out = run_stdin(&["encode"], &nested_json(levels));
        assert_eq!(out.status.code(), Some(1), "{levels}");
        let err = text(&out.stderr);
        assert!(
            err.starts_with(
                "clusprop: cannot encode: lists nested deeper than 8 levels (what the default \
                 reader accepts) in property 0 \"In\", value 0"
            ),
            "{levels}: {err}"
        );
    }
    let out = run_stdin(&["encode"], &nested_json(33));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("clusprop: invalid JSON form: lists nested deeper than 32 levels in property 0 \"In\", value 0, property 0")
            && err.contains(" at line 1 column "),
        "{err}"
    );
    let deep = format!(r#"{{"properties":{}"#, "[".repeat(100_000));
    let out = run_stdin(&["encode"], &deep);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let err = err.trim_end();
    // At the second `[` (column 16), or the character before it, where
    // serde_json places an array it did not expect.
    assert!(
        err.starts_with(
            "clusprop: invalid JSON form: invalid type: sequence, expected a property object \
             {\"name\", \"values\"} in property 0 at line 1 column "
        ) && (err.ends_with("column 15") || err.ends_with("column 16")),
        "{err}"
    );
}

/// What the encoder refuses after the JSON reader accepted it (rules that
/// depend on where a value is written) is named with the path to it.
#[test]
fn encoder_errors_name_the_property_and_value() {
    let dword = r#"{"syntax":65538,"format":"dword","value":1}"#;
    let cases = [
        (
            format!(
                r#"{{"properties":[{{"name":"A","values":[{dword}]}},{{"name":"B","values":[{{"syntax":3,"format":"sz","value":"x"}}]}}]}}"#
            ),
            r#"in property 1 "B", value 0"#,
        ),
        (
            format!(
                r#"{{"properties":[{{"name":"A","values":[{dword},{dword},{dword},{dword}]}}]}}"#
            ),
            r#"in property 0 "A""#,
        ),
        (
            format!(r#"{{"values":[{dword},{{"syntax":0,"format":"unknown","value":null}}]}}"#),
            "in value 1",
        ),
        (
            format!(
                r#"{{"properties":[{{"name":"A","values":[{{"syntax":65550,"format":"property_list","value":{{"properties":[{{"name":"P","values":[{dword},{{"syntax":536936450,"format":"dword","raw":"01000000"}}]}}]}}}}]}}]}}"#
            ),
            r#"in property 0 "A", value 0, property 0 "P", value 1"#,
        ),
    ];
    for (json, place) in cases {
        let out = run_stdin(&["encode"], &json);
        assert_eq!(out.status.code(), Some(1), "{json}");
        assert!(out.stdout.is_empty(), "{json}");
        let err = text(&out.stderr);
        assert!(
            err.contains("cannot encode") && err.contains(place),
            "{json}: {err}"
        );
    }
    let out = run_stdin(
        &["encode", "--client"],
        r#"{"values":[{"syntax":65538,"format":"dword","value":1},{"syntax":65544,"format":"expanded_sz","value":"x"}]}"#,
    );
    assert!(
        text(&out.stderr).contains("in value 1"),
        "{}",
        text(&out.stderr)
    );
}

/// A `--sim-config` that cannot be used is a wrong argument (exit 2) however
/// it fails (missing, a directory, not a configuration), and it is refused
/// before anything is printed: nothing on stdout.
#[test]
fn a_bad_sim_config_is_refused_before_any_output() {
    let dir = std::env::temp_dir();
    let dir = dir.to_str().unwrap();
    let empty = sim_config("");
    let empty = empty.to_str().unwrap();
    for config in ["/nonexistent/clusprop.conf", dir, empty] {
        for cmd in [
            &["offline", "DemoGroup", "--vm-action", "save"][..],
            &["move", "DemoGroup", "Node2"][..],
            &["online", "DemoGroup"][..],
            &["get", "DemoGroup", "--kind", "group"][..],
        ] {
            let mut args = cmd.to_vec();
            args.extend(["--sim-config", config]);
            let out = run(&args);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{args:?}: {}",
                text(&out.stderr)
            );
            assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
            assert!(text(&out.stderr).contains(config), "{args:?}");
        }
    }
}

/// A name given twice (names compare case-insensitively, as the cluster
/// compares them) would make an ambiguous list: which one applies is up to
/// the reader. The property lists built from arguments refuse it (exit 2)
/// before anything is printed or sent.
#[test]
fn a_name_given_twice_in_arguments_is_a_usage_error() {
    for args in [
        &["set", "DemoVM", "A=dword:1", "A=dword:2"][..],
        &["set", "DemoVM", "Émile=dword:1", "éMILE=dword:2"][..],
        &[
            "set",
            "DemoVM",
            "--validate",
            "a=dword:1",
            "B=sz:x",
            "A=dword:2",
        ][..],
        &[
            "offline",
            "DemoGroup",
            "--prop",
            "a=dword:1",
            "--prop",
            "A=dword:2",
        ][..],
        &[
            "offline",
            "DemoGroup",
            "--vm-action",
            "save",
            "--prop",
            "virtual machine=dword:1",
        ][..],
    ] {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            text(&out.stderr).contains("twice"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    // Different names still go through.
    let out = run(&["set", "DemoVM", "--validate", "A1=dword:1", "A2=dword:2"]);
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

/// JSON nested deeper than the reader accepts is refused with the limit named
/// and where the too-deep list starts.
#[test]
fn json_nested_too_deep_names_the_limit() {
    let mut json = r#"{"values":[]}"#.to_owned();
    for _ in 0..12 {
        json = format!(r#"{{"values":[{{"syntax":65549,"format":"value_list","value":{json}}}]}}"#);
    }
    let out = run_stdin(&["encode"], &json);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("deeper than 8 levels") && err.contains("in value 0"),
        "{err}"
    );
}

/// A UTF-8 byte-order mark (what Windows editors and PowerShell's
/// `Out-File -Encoding utf8` write) is skipped, as RFC 8259 allows; a UTF-16
/// document (PowerShell 5's `>` writes UTF-16LE) is named as such.
#[test]
fn encode_skips_a_utf8_bom_and_names_utf16() {
    let json = r#"{"values":[{"syntax":65538,"format":"dword","value":1}]}"#;
    let plain = clusprop().arg("encode").write_stdin(json).output().unwrap();
    assert_eq!(plain.status.code(), Some(0));
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(json.as_bytes());
    let out = clusprop()
        .arg("encode")
        .write_stdin(with_bom)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(out.stdout, plain.stdout);
    // Errors after a BOM keep the columns an editor shows.
    let mut bad = b"\xef\xbb\xbf".to_vec();
    bad.extend_from_slice(b"{\"values\":1}");
    let out = clusprop().arg("encode").write_stdin(bad).output().unwrap();
    assert!(
        text(&out.stderr).contains("line 1 column 11"),
        "{}",
        text(&out.stderr)
    );

    let mut utf16 = vec![0xff, 0xfe];
    for u in json.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let out = clusprop()
        .arg("encode")
        .write_stdin(utf16)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("UTF-16"),
        "{}",
        text(&out.stderr)
    );
}

/// A first-hour mistake gets a hint: a bare value list decoded without
/// `--value-list`, the JSON form given to `decode`, a binary list given to
/// `encode`.
#[test]
fn the_wrong_kind_of_input_gets_a_hint() {
    // The core's error says what the bytes are, once; the CLI says how to
    // read them here.
    let v10 = vectors_dir().join("V10.bin");
    for cmd in ["decode", "dump"] {
        let out = run(&[cmd, v10.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.ends_with(
                "clusprop: at byte 0: the property count 131074 is more than the data can hold: \
                 this is a valid value list, not a property list (it starts with a \
                 CLUSPROP_SYNTAX_RESCLASS (0x00020002) entry where a property list has its \
                 count): read it as a value list with --value-list\n"
            ),
            "{err}"
        );
        assert_eq!(err.matches("value list").count(), 2, "{err}");
    }
    let out = run(&["decode", v10.to_str().unwrap()]);
    assert!(out.stdout.is_empty());

    let json = r#"{"values":[{"syntax":65538,"format":"dword","value":1}]}"#;
    for cmd in ["decode", "dump"] {
        let out = run_stdin(&[cmd], json);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("clusprop encode"),
            "{}",
            text(&out.stderr)
        );
    }

    let v1 = std::fs::read(vectors_dir().join("V1.bin")).unwrap();
    let out = clusprop().arg("encode").write_stdin(v1).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("clusprop decode"),
        "{}",
        text(&out.stderr)
    );

    // JSON text with a stray NUL is not called "not UTF-8 text", nor a
    // binary list: the error's place points at the NUL.
    for json in ["{\"values\": [], \"x\0\": 1}", "{\"values\": []}\0"] {
        let out = run_stdin(&["encode", "-o", "-"], json);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let column = json.find('\0').unwrap() + 1;
        assert!(err.contains(&format!("line 1 column {column}")), "{err}");
        assert!(!err.contains("UTF-8") && !err.contains("binary"), "{err}");
    }
    // A value list given to `encode` starts with a syntax word: hinted too.
    let v10 = std::fs::read(vectors_dir().join("V10.bin")).unwrap();
    let out = clusprop().arg("encode").write_stdin(v10).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("clusprop decode"),
        "{}",
        text(&out.stderr)
    );

    // A property list given with --value-list is told so, by `decode` and
    // `dump` alike, once.
    let v12 = vectors_dir().join("V12.bin");
    for cmd in ["decode", "dump"] {
        let out = run(&[cmd, "--value-list", v12.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.contains(
                "this is a valid property list, not a value list (it starts with a count and \
                 a name entry, where a value list starts with its first value): read it as a \
                 property list without --value-list\n"
            ),
            "{cmd}: {err}"
        );
        assert_eq!(err.matches("property list").count(), 2, "{cmd}: {err}");
    }
}

/// Standard error that cannot be written (a full disk, or a pipe whose
/// reader is gone) never panics (exit 101) and never changes the exit
/// status: the messages are lost, the command's status stands.
#[test]
fn an_unwritable_stderr_changes_nothing_but_the_messages() {
    let cases: [(Vec<String>, i32); 5] = [
        (vec!["decode".into(), "/nonexistent/x.bin".into()], 1),
        (vec!["decode".into(), vector_path("V1")], 0),
        (vec!["get".into(), "DemoVM".into()], 0),
        (vec!["offline".into(), "DemoGroup".into()], 0),
        (vec!["move".into(), "DemoGroup".into(), "NOWHERE".into()], 3),
    ];
    for (args, status) in &cases {
        let out = clusprop_std()
            .args(args)
            .stderr(dev_full())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(*status),
            "{args:?} with stderr on /dev/full"
        );
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = clusprop_std().args(args).stderr(writer).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(*status),
            "{args:?} with stderr closed"
        );
    }
}

/// `--help` and `--version` follow the output rule of every command: exit 5
/// when stdout cannot be written, 0 for a closed pipe.
#[test]
fn help_that_cannot_be_written_exits_5() {
    for args in [
        &["--help"][..],
        &["--version"][..],
        &["decode", "--help"][..],
        &["help", "set"][..],
    ] {
        let out = clusprop_std()
            .args(args)
            .stdout(dev_full())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(5),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let out = clusprop_std().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

/// With `--kind cluster`, OBJECT names the cluster: a `--cluster` naming
/// another one is a contradiction (exit 2), not silently ignored.
#[test]
fn kind_cluster_with_another_cluster_flag_is_a_usage_error() {
    let out = run(&[
        "get",
        "DemoCluster",
        "--kind",
        "cluster",
        "--cluster",
        "Other",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("--cluster"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&[
        "set",
        "DemoCluster",
        "--kind",
        "cluster",
        "--cluster",
        "Other",
        "A=dword:1",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    // The same cluster twice (names compare case-insensitively) is fine.
    let out = run(&[
        "get",
        "DemoCluster",
        "--kind",
        "cluster",
        "--cluster",
        "democluster",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// An object that cannot be opened is named in the message, so the user
/// knows which of the command's names was wrong.
#[test]
fn an_object_that_cannot_be_opened_is_named() {
    // The library names the object (its name escaped); the command does not
    // name it a second time.
    for (args, line) in [
        (
            &["get", "NoSuchResource", "--kind", "resource"][..],
            "resource \"NoSuchResource\": OpenClusterResource failed: \
             ERROR_RESOURCE_NOT_FOUND (5007)",
        ),
        (
            &["get", "NoSuchGroup", "--kind", "group"][..],
            "group \"NoSuchGroup\": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013)",
        ),
        (
            &["get", "NoSuchNode", "--kind", "node"][..],
            "node \"NoSuchNode\": OpenClusterNode failed: ERROR_CLUSTER_NODE_NOT_FOUND (5042)",
        ),
        (
            &["get", "x", "--kind", "netinterface"][..],
            "network interface \"x\": OpenClusterNetInterface failed: \
             ERROR_CLUSTER_NETINTERFACE_NOT_FOUND (5047)",
        ),
        (
            &["get", "NoSuchCluster", "--kind", "cluster"][..],
            "cluster \"NoSuchCluster\": OpenCluster failed: RPC_S_SERVER_UNAVAILABLE (1722)",
        ),
        (
            &["get", "DemoVM", "--cluster", "NoSuchCluster"][..],
            "cluster \"NoSuchCluster\": OpenCluster failed: RPC_S_SERVER_UNAVAILABLE (1722)",
        ),
        (
            &["offline", "NoSuchGroup"][..],
            "group \"NoSuchGroup\": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013)",
        ),
        (
            &["move", "DemoGroup", "NODE9"][..],
            "node \"NODE9\": OpenClusterNode failed: ERROR_CLUSTER_NODE_NOT_FOUND (5042)",
        ),
        (
            &["online", "DemoGroup", "--node", "NODE9"][..],
            "node \"NODE9\": OpenClusterNode failed: ERROR_CLUSTER_NODE_NOT_FOUND (5042)",
        ),
        (
            &["get", "a\u{1b}[2Jb", "--kind", "group"][..],
            "group \"a\\u{1b}[2Jb\": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013)",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        let err = text(&out.stderr);
        let last = err.lines().last().unwrap_or_default();
        assert_eq!(last, format!("clusprop: {line}"), "{args:?}: {err}");
    }
}
