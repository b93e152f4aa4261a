//! Mistakes of a user's first hour with the command: each gets a message
//! that says what is wrong, not only where.

use std::process::Output;

use assert_cmd::Command;

fn clusprop() -> Command {
    Command::cargo_bin("clusprop").unwrap()
}

fn run(args: &[&str]) -> Output {
    clusprop().args(args).output().unwrap()
}

fn run_stdin(args: &[&str], stdin: impl Into<Vec<u8>>) -> Output {
    clusprop().args(args).write_stdin(stdin).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `testkit/vectors/V12.bin`: "Virtual Machine" = DWORD 1.
fn v12() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testkit/vectors/V12.bin");
    std::fs::read(path).unwrap()
}

/// The TYPEs a property's value may have, as the messages list them.
fn property_types() -> &'static str {
    "binary, dword, expand_sz, filetime, large (large_integer), long, multi_sz, \
     qword (ularge_integer, ularge), sd (security_descriptor), sz, word"
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Before: `get` of an unknown name showed the network's answer as
/// "Win32 error 5045 (0x13B5)"; the not-found codes of networks, network
/// interfaces and resource types are named like the others.
#[test]
fn not_found_codes_of_every_kind_are_named() {
    let out = run(&["get", "Nope"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("network (OpenClusterNetwork failed: ERROR_CLUSTER_NETWORK_NOT_FOUND (5045))"),
        "{err}"
    );
    assert!(!err.contains("Win32 error"), "{err}");
    for (kind, name) in [
        (
            "netinterface",
            "ERROR_CLUSTER_NETINTERFACE_NOT_FOUND (5047)",
        ),
        (
            "resource-type",
            "ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND (5078)",
        ),
    ] {
        let out = run(&["get", "Nope", "--kind", kind]);
        assert_eq!(out.status.code(), Some(3));
        let err = text(&out.stderr);
        assert!(err.contains(name), "{kind}: {err}");
    }
}

/// Before: a hex dump given to `decode` or `dump` failed with only "expected
/// the name of property 1 of 808464432".
#[test]
fn a_hex_dump_instead_of_the_binary_list_gets_a_hint() {
    let plain = hex(&v12()); // as `xxd -p` writes it
    let xxd = format!("00000000: {}  ........", &plain[..32]); // as `xxd` writes it
    let spaced = "01 00 00 00 03 00 04 00 20 00 00 00\n".to_owned(); // bytes copied by hand
    let c_array = "0x01, 0x00, 0x00, 0x00, 0x03,".to_owned();
    for input in [plain.clone(), format!("{plain}\n"), xxd, spaced, c_array] {
        for cmd in ["decode", "dump"] {
            let out = run_stdin(&[cmd], input.clone());
            assert_eq!(out.status.code(), Some(1));
            let err = text(&out.stderr);
            assert!(err.contains("at byte 4: "), "{err}");
            assert!(
                err.contains("looks like a hex dump"),
                "{cmd} {input:?}: {err}"
            );
            assert!(err.contains("xxd -r -p"), "{err}");
        }
    }
    // Text that is not hex gets no such hint.
    for not_hex in ["hello world, not a list\n", "be a bee or add a cab\n"] {
        let out = run_stdin(&["decode"], not_hex);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            !text(&out.stderr).contains("hex dump"),
            "{}",
            text(&out.stderr)
        );
    }
}

/// Before: an empty input (an empty file, or nothing on stdin) said only
/// "the data ends inside the property count".
#[test]
fn an_empty_input_says_it_is_empty() {
    for args in [&["decode"][..], &["decode", "--value-list"], &["dump"]] {
        let out = run_stdin(args, "");
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains("at byte 0: "), "{args:?}: {err}");
        assert!(err.contains("(the input is empty)"), "{args:?}: {err}");
    }
}

/// Before: `set DemoGroup Priority=dwrod:5` said only `"dwrod:5": not a
/// number`, hiding that the type was misspelt.
#[test]
fn a_misspelt_type_in_set_is_named() {
    let out = run(&["set", "DemoGroup", "Priority=dwrod:5"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("Priority is a DWORD"), "{err}");
    assert!(
        err.contains("\"dwrod\" is not a TYPE, so the whole text was read as the value"),
        "{err}"
    );
    assert!(err.contains(property_types()), "{err}");
    // The same for a property whose type cannot be told.
    let out = run(&["set", "DemoGroup", "Foo=dwrod:5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("\"dwrod\" is not a TYPE"),
        "{}",
        text(&out.stderr)
    );
    // A value that is not a misspelt type gets no such note.
    let out = run(&["set", "DemoGroup", "Priority=high"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !text(&out.stderr).contains("not a TYPE"),
        "{}",
        text(&out.stderr)
    );
}

/// Before: `set` and `offline --prop` listed the disk and class TYPEs
/// (`disk_signature`, `resclass`, ...) and `expanded_sz` as theirs, read
/// the argument, opened the cluster and then failed to encode the list
/// ("cannot be written here (an end mark, a name or a reserved syntax never
/// can; ...)"). They are refused as arguments now, saying why and what a
/// property's TYPE can be.
#[test]
fn types_no_property_holds_are_refused_as_arguments() {
    for arg in [
        "T=disk_signature:5",
        "T=resclass:1",
        "T=scsi_address:1:2:3:4",
    ] {
        for args in [
            &["set", "DemoVM", "--private", arg][..],
            &["offline", "DemoGroup", "--prop", arg],
        ] {
            let out = run(args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
            let err = text(&out.stderr);
            assert!(
                err.contains("makes an entry of a value list (CLUSPROP_SYNTAX_"),
                "{err}"
            );
            assert!(err.contains("which no property holds"), "{err}");
            assert!(err.contains(property_types()), "{err}");
            assert!(
                !err.contains("simulated cluster"),
                "refused before the cluster: {err}"
            );
        }
    }
    let out = run(&["set", "DemoVM", "--private", "T=expanded_sz:%x%"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("a list sent to the cluster writes expand_sz"),
        "{err}"
    );
    // The help no longer offers them.
    for cmd in ["set", "offline"] {
        let help = text(&run(&[cmd, "--help"]).stdout);
        assert!(!help.contains("disk_signature"), "{cmd}: {help}");
        assert!(!help.contains("disk types"), "{cmd}: {help}");
    }
    // What a property holds still works.
    let out = run(&["set", "DemoVM", "--private", "--validate", "T=DWORD:5"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Before: `clusprop move NODE2 DemoGroup` said only `cannot open group
/// "NODE2": ... ERROR_GROUP_NOT_FOUND (5013)`.
#[test]
fn move_with_node_and_group_swapped_says_the_order() {
    let out = run(&["move", "NODE2", "DemoGroup"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("ERROR_GROUP_NOT_FOUND (5013)"), "{err}");
    assert!(
        err.contains(
            "group \"NODE2\": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013) (that is the \
             name of a node, and \"DemoGroup\" of a group: the order is `clusprop move GROUP NODE`)"
        ),
        "{err}"
    );
    // A group that is simply missing gets no such hint.
    let out = run(&["move", "NoSuchGroup", "NODE2"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        !text(&out.stderr).contains("the order is"),
        "{}",
        text(&out.stderr)
    );
}

/// Before: a `--sim-config` cluster without `local` failed every command
/// with only `OpenCluster failed: RPC_S_SERVER_UNAVAILABLE (1722)`.
#[test]
fn a_sim_config_without_a_local_cluster_says_so() {
    let path = std::env::temp_dir().join(format!(
        "clusprop-first-hour-{}-notlocal.conf",
        std::process::id()
    ));
    std::fs::write(
        &path,
        "cluster \"NotLocal\"\ngroup \"G\"\nresource \"R\" type=\"Virtual Machine\"\n",
    )
    .unwrap();
    let config = path.to_str().unwrap();
    let out = run(&["list", "groups", "--sim-config", config]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("RPC_S_SERVER_UNAVAILABLE (1722)"), "{err}");
    assert!(
        err.contains(
            "(the simulated cluster \"NotLocal\" is not the local one: add `local` to its \
             `cluster` line in the --sim-config file, or name it with --cluster \"NotLocal\")"
        ),
        "{err}"
    );
    // Named, it works.
    let out = run(&[
        "list",
        "groups",
        "--sim-config",
        config,
        "--cluster",
        "NotLocal",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("G "), "{}", text(&out.stdout));
    std::fs::remove_file(&path).unwrap();
}

/// Before: serde_json places a trailing comma at the `]` or `}` after it,
/// often the next line (`trailing comma at line 4 column 1` for a comma on
/// line 3); the error now names the comma's own line and column.
#[test]
fn a_trailing_comma_is_placed_at_the_comma() {
    let cases = [
        // The comma ends line 3; the `}` is on line 4.
        (
            "{\n  \"properties\": [],\n  \"trailing_end_mark\": false,\n}\n",
            "trailing comma at line 3 column 29",
        ),
        // On one line, with a space before the `]`; a non-ASCII name
        // before it counts as one column.
        (
            "{\"properties\": [{\"name\": \"é\", \"values\": [{\"syntax\": 65538, \"format\": \"dword\", \"value\": 1}]}, ]}",
            "trailing comma at line 1 column 92",
        ),
    ];
    for (json, expected) in cases {
        let out = run_stdin(&["encode", "-o", "-"], json);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains(expected), "{json:?}: {err}");
    }
}

/// Before: `get DemoGroup Priority --ro` said Priority was a common
/// property and "this object does not return it", though the group does;
/// --ro had left the common properties out.
#[test]
fn a_property_left_out_by_ro_or_private_says_so() {
    let out = run(&["get", "DemoGroup", "Priority", "--ro"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(!err.contains("this object does not return it"), "{err}");
    assert!(
        err.contains(
            "the common properties were not looked in: without --ro and --private, all four \
             stores are"
        ),
        "{err}"
    );
    // Looked for where it belongs, it is found.
    let out = run(&["get", "DemoGroup", "Priority", "--format", "value"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Before: `get DemoVM OfflineAction` finds the private property, but
/// `set DemoVM OfflineAction=2` said only that DemoVM has no common
/// property of that name; the message now says where it is and which flag
/// reaches it (and the reverse for `--private` on a common property).
#[test]
fn set_of_a_property_in_the_other_store_names_the_flag() {
    let out = run(&["set", "DemoVM", "OfflineAction=2"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("(OfflineAction is among its private properties: add --private)"),
        "{err}"
    );
    // The object once, where the message says it has no such property.
    assert_eq!(err.matches("DemoVM").count(), 1, "{err}");
    let out = run(&["set", "DemoVM", "--private", "OfflineAction=2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = run(&["set", "DemoGroup", "--private", "Priority=3000"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("(Priority is among its common properties: drop --private)"),
        "{err}"
    );
    // A name the object has nowhere gets no such hint.
    let out = run(&["set", "DemoVM", "Nope=2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !text(&out.stderr).contains("among its"),
        "{}",
        text(&out.stderr)
    );
}

/// Before: with `CLUSPROP_SIM_CONFIG` naming a configuration that has a
/// local cluster, every cluster command failed with only `simulator:
/// another local cluster exists in this process (...)`, not saying where
/// the other one came from.
#[test]
fn a_local_cluster_from_clusprop_sim_config_is_named_as_the_cause() {
    let path = std::env::temp_dir().join(format!(
        "clusprop-first-hour-{}-envlocal.conf",
        std::process::id()
    ));
    std::fs::write(&path, "cluster \"FromEnv\" local\ngroup \"G\"\n").unwrap();
    let out = clusprop()
        .args(["list", "groups"])
        .env("CLUSPROP_SIM_CONFIG", &path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("another local cluster exists"), "{err}");
    assert!(
        err.contains(&format!(
            "(CLUSPROP_SIM_CONFIG names {}, whose clusters the simulator loads as well: give \
             that file with --sim-config instead, and unset CLUSPROP_SIM_CONFIG)",
            path.display()
        )),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();
}

/// Before: `--max-input-bytes 1k` said only "invalid digit found in
/// string", Rust's words for a bad integer.
#[test]
fn a_cap_with_a_unit_says_what_a_cap_is() {
    // 0 and -1 get the same message: it names the range (0 used to get
    // clap's own "0 is not in 1..18446744073709551615", and -1 a tip to
    // write `-- -1`, which makes it FILE instead).
    for bad in ["1k", "1MiB", "1.5", "", "0", "-1"] {
        let out = run(&["decode", "--max-input-bytes", bad, "-"]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = text(&out.stderr);
        assert!(!err.contains("invalid digit"), "{bad:?}: {err}");
        assert!(
            err.contains("expected a whole number of bytes from 1 to 18446744073709551615 (no unit: 1048576 for 1 MiB)"),
            "{bad:?}: {err}"
        );
    }
    let out = run_stdin(&["decode", "--max-input-bytes", "1048576"], v12());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Before: a field longer than one row (a name, a string) continued on rows
/// padded with spaces to the meaning column, though they have no meaning:
/// trailing white space the README's example does not show.
#[test]
fn dump_rows_have_no_trailing_white_space() {
    let out = run_stdin(&["dump"], v12());
    assert_eq!(out.status.code(), Some(0));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("\n0000001c  4d 00 61 00 63 00 68 00 69 00 6e 00 65 00 00 00\n"),
        "{shown}"
    );
    for line in shown.lines() {
        assert_eq!(line, line.trim_end(), "{shown}");
    }
}

/// Before: `encode` of a hex dump said only `expected value at line 1
/// column 1` or `invalid number ...`, and of an empty input `EOF while
/// parsing a value`.
#[test]
fn encode_of_a_hex_dump_or_nothing_says_what_it_got() {
    let out = run_stdin(&["encode", "-o", "-"], format!("{}\n", hex(&v12())));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("at line 1 column"), "{err}");
    assert!(
        err.contains("(this looks like a hex dump, not the JSON form: `xxd -r -p`"),
        "{err}"
    );
    let out = run_stdin(&["encode", "-o", "-"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("(the input is empty)"), "{err}");
}

/// Before: `clusprop get Priority DemoGroup` (the property before the
/// object) listed every kind tried for "Priority" and no more.
#[test]
fn get_with_the_name_before_the_object_says_the_order() {
    let out = run(&["get", "Priority", "DemoGroup"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("no resource, group, node, network or cluster is named \"Priority\""),
        "{err}"
    );
    assert!(
        err.contains(
            "(\"DemoGroup\" names a group: the object comes first, then the names of its properties)"
        ),
        "{err}"
    );
    // Names that are no objects get no such hint.
    let out = run(&["get", "Nope", "Priority"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        !text(&out.stderr).contains("comes first"),
        "{}",
        text(&out.stderr)
    );
}

/// Before: `clusprop offline DemoVM --vm-action save` (the VM resource, not
/// its group) said only `cannot open group "DemoVM": ...
/// ERROR_GROUP_NOT_FOUND (5013)`; the message now says what DemoVM is and
/// which group it is in.
#[test]
fn a_resource_or_node_given_for_a_group_is_named() {
    for args in [
        &["offline", "DemoVM", "--vm-action", "save"][..],
        &["online", "DemoVM"],
        &["move", "DemoVM", "NODE2"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("ERROR_GROUP_NOT_FOUND (5013)"), "{err}");
        // The prefix names DemoVM; the note does not name it again.
        assert!(
            err.contains(
                "clusprop: group \"DemoVM\": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND \
                 (5013) (that is the name of a resource, in the group \"DemoGroup\": offline, \
                 online and move take a group)\n"
            ),
            "{args:?}: {err}"
        );
    }
    let out = run(&["offline", "NODE1"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains(
            "group \"NODE1\": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013) (that is \
             the name of a node: offline, online and move take a group)\n"
        ),
        "{}",
        text(&out.stderr)
    );
}

/// Before: an empty FILE, `-o` or `--sim-config` (`clusprop decode "$F"`
/// with F unset) said "a value is required for '[FILE]' but none was
/// supplied", although one was.
#[test]
fn an_empty_file_name_says_it_is_empty() {
    // Any existing file: `-o ""` is refused before the input is read.
    let input = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testkit/vectors/V12.bin");
    let input = input.to_str().unwrap();
    for (args, what) in [
        (vec!["decode", ""], "'[FILE]'"),
        (vec!["dump", ""], "'[FILE]'"),
        (vec!["encode", ""], "'[FILE]'"),
        (vec!["encode", "-o", "", input], "'--output <OUTPUT>'"),
        (
            vec!["list", "groups", "--sim-config", ""],
            "'--sim-config <FILE>'",
        ),
    ] {
        let out = run_stdin(&args, v12());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "invalid value '' for {what}: the file name is empty"
            )),
            "{args:?}: {err}"
        );
        assert!(!err.contains("none was supplied"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// Before: `--timeout -1` got clap's tip to write `-- -1` (which makes it a
/// positional argument), and `--timeout 1e3` was taken as 1000 seconds
/// (Rust's float syntax) while `0x10` was refused.
#[test]
fn a_timeout_is_plain_decimal_seconds() {
    for bad in [
        "-1", "-0.5", "1e3", "1E2", "+5", "infinity", ".", "1.2.3", "5 s",
    ] {
        for command in [
            vec!["offline", "DemoGroup"],
            vec!["online", "DemoGroup"],
            vec!["move", "DemoGroup", "NODE2"],
        ] {
            let mut args = command.clone();
            args.extend(["--timeout", bad]);
            let out = run(&args);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(
                err.contains(&format!(
                    "invalid value '{bad}' for '--timeout <SECS>': expected a number of \
                     seconds from 0 to 604800 (one week)"
                )),
                "{args:?}: {err}"
            );
            assert!(!err.contains("tip:"), "{args:?}: {err}");
            assert!(out.stdout.is_empty(), "{args:?}");
        }
    }
    for good in ["2", "2.5", ".5", "5.", " 3 "] {
        let out = run(&["online", "DemoGroup", "--timeout", good]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{good:?}: {}",
            text(&out.stderr)
        );
    }
}

/// docs/cli.md showed the `--json` report of `offline` with its keys in
/// another order than the command prints them; it now shows and promises
/// the order printed: alphabetical.
#[test]
fn the_json_report_has_the_documented_keys_in_alphabetical_order() {
    let out = run(&["offline", "DemoGroup", "--vm-action", "save", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let keys: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  \""))
        .filter_map(|l| l.split_once('"').map(|(key, _)| key))
        .collect();
    assert_eq!(
        keys,
        [
            "error",
            "exit_status",
            "group",
            "ok",
            "operation",
            "owner_node",
            "resources",
            "state"
        ],
        "{stdout}"
    );
    let docs = include_str!("../../docs/cli.md");
    assert!(docs.contains("its keys in alphabetical order"));
    assert!(
        docs.contains(
            r#""error": null, "exit_status": 0, "group": "DemoGroup", "ok": true,
  "operation": "offline", "owner_node": "NODE1","#
        ),
        "docs/cli.md's example report"
    );
}

/// A simulated cluster whose resource "R" has a FILETIME and a security
/// descriptor among its private properties; the file is removed on drop.
struct TimeAndSdConfig(std::path::PathBuf);

impl TimeAndSdConfig {
    fn new(tag: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "clusprop-first-hour-{tag}-{}.cfg",
            std::process::id()
        ));
        std::fs::write(
            &path,
            "cluster \"C\" local\ngroup \"G\"\nresource \"R\" type=\"Generic\"\n\
             private \"Sec=sd:O:S-1-5-18\"\nprivate \"T=filetime:132999999999999999\"\n",
        )
        .unwrap();
        TimeAndSdConfig(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TimeAndSdConfig {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Before: `get --format value` printed a FILETIME as a UTC time
/// (`2022-06-18T04:26:39.9999999Z`) that `set` refused as "not a number";
/// `set` and `--prop` now read that form too.
#[test]
fn a_filetime_printed_by_get_is_taken_back_by_set() {
    let config = TimeAndSdConfig::new("filetime");
    let cfg = config.path();
    let out = run(&[
        "get",
        "R",
        "T",
        "--private",
        "--format",
        "value",
        "--sim-config",
        cfg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "2022-06-18T04:26:39.9999999Z\n");
    // Another time, set as printed; the read-back tree shows it.
    let out = run(&[
        "set",
        "R",
        "--private",
        "T=2000-02-29T12:34:56.5Z",
        "--sim-config",
        cfg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("LIST_VALUE_FILETIME 0x0001000c, 8 bytes: 2000-02-29T12:34:56.5Z"),
        "{}",
        text(&out.stdout)
    );
    // A time that does not exist, and text that is neither form, say what
    // a FILETIME is written as.
    let out = run(&[
        "set",
        "R",
        "--private",
        "T=2023-02-29T00:00:00Z",
        "--sim-config",
        cfg,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "T is a FILETIME (100 ns ticks since 1601-01-01 UTC, or a UTC time \
             2022-06-18T04:26:40Z): \"2023-02-29T00:00:00Z\": not a UTC time \
             YYYY-MM-DDTHH:MM:SS[.fffffff]Z that exists"
        ),
        "{err}"
    );
    // Where: the day 2023 does not have.
    assert!(
        err.contains("(at most 7 digits of fraction): it goes wrong at character 9 of the value"),
        "{err}"
    );
    let out = run(&["offline", "DemoGroup", "--prop", "X=filetime:soon"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "not a number: 's' at character 1 of the value: expected a number from 0 to \
             18446744073709551615 (decimal, or hex with 0x), or a UTC time \
             2022-06-18T04:26:40Z"
        ),
        "{err}"
    );
    // Other numeric TYPEs are not offered a time.
    let out = run(&["offline", "DemoGroup", "--prop", "X=dword:soon"]);
    assert!(!text(&out.stderr).contains("UTC"), "{}", text(&out.stderr));
}

/// Before: a bad value for a security-descriptor property said only that
/// it is "a self-relative security descriptor" and "not hex", though the
/// SDDL-like text `get` prints is taken too.
#[test]
fn a_security_descriptor_value_says_both_forms() {
    let config = TimeAndSdConfig::new("sd");
    let cfg = config.path();
    let out = run(&["set", "R", "--private", "Sec=garbage", "--sim-config", cfg]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    // What is wrong and where, then both forms, said once (the core's
    // error says them; the CLI and the table of known properties no longer
    // add their own copy).
    assert!(
        err.contains(
            "Sec is a self-relative security descriptor: \"garbage\": not a security \
             descriptor: 'g' at character 1 of the value is not hex, and the value does not \
             start as SDDL-like text does; a security descriptor is hex (self-relative, \
             01000080...), or SDDL-like text starting with O:, G:, D: or S: \
             (O:S-1-5-18D:(A;;0x1f01ff;;;S-1-5-18))"
        ),
        "{err}"
    );
    assert_eq!(err.matches("SDDL-like text starting").count(), 1, "{err}");
    // The form `get` prints is taken back.
    let out = run(&[
        "set",
        "R",
        "--private",
        "Sec=O:S-1-5-32-544",
        "--sim-config",
        cfg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("O:S-1-5-32-544"),
        "{}",
        text(&out.stdout)
    );
    // One property is "1 private property" (it read "1 private properties").
    assert!(
        text(&out.stdout).starts_with("SET 1 private property of "),
        "{}",
        text(&out.stdout)
    ); // `TYPE:VALUE` (`--prop`, a typed `set`) names both forms too, and
    // only for a descriptor.
    for (arg, why) in [
        (
            "X=sd:garbage",
            "'g' at character 1 of the value is not hex, and the value does not start as \
             SDDL-like text does",
        ),
        (
            "X=security_descriptor:abc",
            "hex needs two digits a byte: the run of digits starting at character 1 of the \
             value is odd in length",
        ),
    ] {
        let out = run(&["offline", "DemoGroup", "--prop", arg]);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "not a security descriptor: {why}; a security descriptor is hex \
                 (self-relative, 01000080...), or SDDL-like text starting with O:, G:, D: or S:"
            )),
            "{arg}: {err}"
        );
        assert_eq!(
            err.matches("SDDL-like text starting").count(),
            1,
            "{arg}: {err}"
        );
    }
    let out = run(&["offline", "DemoGroup", "--prop", "X=binary:zz"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out.stderr).contains("SDDL"), "{}", text(&out.stderr));
}

/// Before: `online DemoGroup --node NODE2` on the demo group, online on
/// NODE1, failed with only "ended on node NODE1, not on NODE2 as asked";
/// it now says why (the group was already online) and what moves it. A
/// group that was offline is brought up on the node without the note.
#[test]
fn online_on_a_node_of_a_group_already_online_says_move_does_that() {
    let out = run(&["online", "DemoGroup", "--node", "NODE2"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("not on \"NODE2\" as asked"), "{err}");
    assert!(
        err.contains(
            "(the group was already online: an online leaves a group where it is, a move \
             takes it to another node)"
        ),
        "{err}"
    );
    let path = std::env::temp_dir().join(format!(
        "clusprop-first-hour-offline-{}.cfg",
        std::process::id()
    ));
    std::fs::write(
        &path,
        "cluster \"C\" local\nnode \"NODE2\"\ngroup \"G\"\n\
         resource \"R\" type=\"Generic\" state=offline\n",
    )
    .unwrap();
    let out = run(&[
        "online",
        "G",
        "--node",
        "NODE2",
        "--sim-config",
        path.to_str().unwrap(),
    ]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("is online on NODE2"),
        "{}",
        text(&out.stdout)
    );
    assert!(!text(&out.stderr).contains("already online"));
}

/// Before: a `CLUSPROP_SIM_CONFIG` that could not be loaded gave only
/// `clusprop-sim: /path: No such file or directory (os error 2)` before the
/// command went on with the demo, without saying what the file was or that
/// it was left out; an empty variable (`CLUSPROP_SIM_CONFIG=`) was taken as
/// a file named "" (`clusprop-sim: : No such file or directory`).
#[test]
fn a_sim_config_variable_that_cannot_be_loaded_says_it_is_left_out() {
    let missing = std::env::temp_dir().join(format!(
        "clusprop-first-hour-no-such-file-{}.cfg",
        std::process::id()
    ));
    let out = clusprop()
        .args(["list", "groups"])
        .env("CLUSPROP_SIM_CONFIG", &missing)
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "clusprop-sim: CLUSPROP_SIM_CONFIG names {}: ",
            missing.display()
        )),
        "{err}"
    );
    assert!(err.contains("; none of its clusters is loaded\n"), "{err}");
    // The command goes on with the demo, and says what it did.
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(text(&out.stdout).contains("DemoGroup"));

    let out = clusprop()
        .args(["list", "groups"])
        .env("CLUSPROP_SIM_CONFIG", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !text(&out.stderr).contains("clusprop-sim:"),
        "{}",
        text(&out.stderr)
    );
}

/// Before: `set DemoGroup "Priority =3000"` said only "cannot tell the type
/// of Priority : ..." (the space, part of the name, unseen), and
/// `"Priority= 3000"` only "not a number"; both now say the spaces are the
/// trouble. A value that is wrong for another reason gets no such note.
#[test]
fn spaces_around_the_equals_sign_of_set_are_named() {
    for (arg, what) in [
        ("Priority =3000", "name"),
        (" Priority=3000", "name"),
        ("Priority= 3000", "value"),
        ("Priority=3000 ", "value"),
    ] {
        let out = run(&["set", "DemoGroup", arg]);
        assert_eq!(out.status.code(), Some(2), "{arg:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "; the {what} has white space at its start or end (NAME=VALUE takes none \
                 around `=`)"
            )),
            "{arg:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{arg:?}");
    }
    let out = run(&["set", "DemoGroup", "Priority= high"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !text(&out.stderr).contains("white space"),
        "{}",
        text(&out.stderr)
    );
}

/// Before: `offline --prop "Virtual Machine =dword:1"` sent an instruction
/// named `Virtual Machine ` (no resource type reads it, so the VM did its
/// default), and `set R "X =dword:5"` made a new private property `X `;
/// a NAME=TYPE:VALUE name with white space at its ends is refused.
#[test]
fn a_typed_name_with_spaces_at_its_ends_is_refused() {
    for args in [
        vec!["offline", "DemoGroup", "--prop", "Virtual Machine =dword:1"],
        vec!["offline", "DemoGroup", "--prop", " Virtual Machine=dword:1"],
        vec!["set", "DemoVM", "--private", "X =dword:5"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains(
                "the name has white space at its start or end (NAME=TYPE:VALUE takes none \
                 around `=`)"
            ),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Spaces inside a name are the name's.
    let out = run(&[
        "offline",
        "DemoGroup",
        "--prop",
        "Virtual Machine=dword:1",
        "--timeout",
        "10",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Before: `get DemoGroup ""` (an unset `$PROP`) asked the cluster and
/// exited 3 with `no property ""`, and a NAME that is not UTF-8 got clap's
/// "invalid UTF-8 was detected in one or more arguments", naming none; both
/// are now usage errors about NAME, before the cluster is asked.
#[test]
fn an_empty_or_non_utf8_property_name_of_get_is_a_usage_error() {
    let out = run(&["get", "DemoGroup", "Priority", ""]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("invalid value '' for '[NAME]...': the name is empty"),
        "{err}"
    );
    assert!(
        !err.contains("simulated cluster"),
        "asked the cluster: {err}"
    );
    assert!(out.stdout.is_empty());
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"Pri\xffority");
        let out = clusprop()
            .args(["get", "DemoGroup"])
            .arg(name)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(err.contains("for '[NAME]...': not UTF-8 text"), "{err}");
    }
}

/// Before: a usage error about a 100,000-character argument quoted all of
/// it on one line of stderr (clap's message), where the command's own
/// messages keep a long quote's start and end; clap's lines now do too,
/// so what was wrong (at the end) stays on screen.
#[test]
fn a_usage_error_about_a_huge_argument_keeps_its_start_and_end() {
    let value = "7".repeat(100_000);
    let arg = format!("X=dword:{value}");
    let out = run(&["offline", "DemoGroup", "--prop", &arg]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.len() < 2_000, "{} bytes", err.len());
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("error: invalid value 'X=dword:777"),
        "{first}"
    );
    assert!(first.contains("characters left out ...]"), "{first}");
    assert!(
        first.ends_with(
            "' for '--prop <NAME=TYPE:VALUE>': number out of range: expected 0 to 4294967295"
        ),
        "{first}"
    );
    assert!(err.contains("For more information, try '--help'."), "{err}");
}

/// A directory where a file is read says so, in the same words for every
/// command (before: `decode`, `dump` and `encode` gave the system's "Is a
/// directory (os error 21)", `--sim-config` "it is a directory"), with the
/// command's exit status: a wrong input (1) for what is decoded or
/// encoded, a wrong argument (2) for `--sim-config`.
#[test]
fn a_directory_given_as_a_file_says_it_is_one() {
    let dir = std::env::temp_dir();
    let dir = dir.to_str().unwrap();
    let expected = format!("cannot read {dir}: it is a directory");
    for (args, status) in [
        (vec!["decode", dir], 1),
        (vec!["dump", dir], 1),
        (vec!["encode", dir, "-o", "-"], 1),
        (vec!["get", "DemoGroup", "--sim-config", dir], 2),
    ] {
        let out = run(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{args:?}: {err}");
        assert!(err.contains(&expected), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
