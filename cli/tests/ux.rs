//! The CLI as a person uses it (issue 17): names resolve to their kind,
//! `get` shows only the properties named in four formats, `set` infers
//! types, values print for people.

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;

fn clusprop() -> Command {
    Command::cargo_bin("clusprop").unwrap()
}

fn run(args: &[&str]) -> Output {
    clusprop().args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Stdout of a run that must succeed.
fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// A simulator configuration file unique to this test.
fn sim_config(tag: &str, body: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("clusprop-ux-{}-{tag}.conf", std::process::id()));
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn get_a_group_by_name_alone_prints_one_value() {
    // Before: the default kind was resource, and this failed with
    // ERROR_RESOURCE_NOT_FOUND (5007).
    assert_eq!(
        ok(&["get", "DemoGroup", "Priority", "--format", "value"]),
        "2000\n"
    );
    // Case-insensitive names; read-only and private stores are searched too.
    assert_eq!(
        ok(&[
            "get",
            "DemoGroup",
            "priority",
            "grouptype",
            "--format",
            "value"
        ]),
        "2000\n111\n"
    );
    assert_eq!(
        ok(&["get", "NODE1", "NodeName", "--format", "value"]),
        "node1\n"
    );
    assert_eq!(
        ok(&["get", "DemoVM", "OfflineAction", "--format", "value"]),
        "1\n"
    );
    // The cluster by its name; strings as text, no Rust escaping.
    assert_eq!(
        ok(&[
            "get",
            "DemoCluster",
            "SharedVolumesRoot",
            "--format",
            "value"
        ]),
        "C:\\ClusterStorage\n"
    );
}

#[test]
fn get_formats_tree_table_json_and_json_alias() {
    let tree = ok(&["get", "DemoGroup", "Priority"]);
    assert_eq!(
        tree,
        "\"Priority\"\n  LIST_VALUE_DWORD 0x00010002, 4 bytes: 2000 (0x7d0)\n"
    );
    let table = ok(&[
        "get",
        "DemoGroup",
        "Priority",
        "Description",
        "--format",
        "table",
    ]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["Object", "Name", "Value", "Type"]
    );
    assert_eq!(
        lines[1].split_whitespace().collect::<Vec<_>>(),
        ["DemoGroup", "Priority", "2000", "DWORD"]
    );
    assert!(lines[2].starts_with("DemoGroup  Description"), "{table}");
    assert!(lines[2].contains("a virtual machine and its disk") && lines[2].ends_with("SZ"));
    // Columns line up: the Value column starts at the same place on each line.
    let at = lines[0].find("Value").unwrap();
    assert_eq!(lines[1].find("2000"), Some(at), "{table}");
    // JSON of only the named properties, which encodes back to a list.
    let json = ok(&["get", "DemoGroup", "Priority", "--format", "json"]);
    assert_eq!(json, ok(&["get", "DemoGroup", "Priority", "--json"]));
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["properties"].as_array().unwrap().len(), 1);
    assert_eq!(parsed["properties"][0]["name"], "Priority");
    assert_eq!(parsed["properties"][0]["values"][0]["value"], 2000);
    let encoded = clusprop().arg("encode").write_stdin(json).output().unwrap();
    assert!(encoded.status.success(), "{}", text(&encoded.stderr));
    // A whole store as a table: every property of it, one row each.
    let all = ok(&["get", "DemoGroup", "--format", "table"]);
    assert_eq!(all.lines().count(), 1 + 6, "{all}");
    // --json and --format together are a usage error.
    assert_eq!(
        run(&["get", "DemoGroup", "--json", "--format", "tree"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn get_of_a_missing_property_exits_3_naming_it_and_what_the_table_knows() {
    let out = run(&[
        "get",
        "DemoGroup",
        "Priority",
        "NoSuchProp",
        "AntiAffinityClassNames",
    ]);
    assert_eq!(out.status.code(), Some(3));
    // What was found is still printed.
    assert!(
        text(&out.stdout).contains("\"Priority\""),
        "{}",
        text(&out.stdout)
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("clusprop: group \"DemoGroup\": no property \"NoSuchProp\", "),
        "{err}"
    );
    assert!(
        err.contains("\"AntiAffinityClassNames\" (a group common property: groups sharing"),
        "{err}"
    );
    assert!(err.contains("MULTI_SZ"), "{err}");
    assert!(err.contains("read-only private properties"), "{err}");
}

/// Before: `get DemoGroup Priority priority` printed the property twice in
/// every format (the JSON form then held a list with the same name twice),
/// and a missing name given twice was named twice.
#[test]
fn a_name_given_twice_in_any_case_is_printed_once() {
    let args = ["get", "DemoGroup", "Priority", "priority", "PRIORITY"];
    let tree = ok(&args);
    assert_eq!(
        tree,
        "\"Priority\"\n  LIST_VALUE_DWORD 0x00010002, 4 bytes: 2000 (0x7d0)\n"
    );
    assert_eq!(ok(&[&args[..], &["--format", "value"]].concat()), "2000\n");
    let table = ok(&[&args[..], &["--format", "table"]].concat());
    assert_eq!(table.lines().count(), 2, "{table}");
    let json = ok(&[&args[..], &["--json"]].concat());
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let properties = parsed["properties"].as_array().unwrap();
    assert_eq!(properties.len(), 1, "{json}");
    assert_eq!(properties[0]["name"], "Priority");
    // Names the same property in between does not matter either.
    assert_eq!(
        ok(&[
            "get",
            "DemoGroup",
            "priority",
            "grouptype",
            "Priority",
            "--format",
            "value"
        ]),
        "2000\n111\n"
    );
    // A missing name given twice is named once, as first spelled.
    let out = run(&["get", "DemoGroup", "NoSuchProp", "nosuchprop"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("no property \"NoSuchProp\" (looked in"),
        "{err}"
    );
    assert!(!err.contains("nosuchprop"), "{err}");
}

#[test]
fn a_bad_property_argument_is_quoted_once_by_clap() {
    for (args, needle) in [
        (
            &["set", "DemoGroup", "Foo=dword:xx"][..],
            "invalid value 'Foo=dword:xx' for '<NAME=VALUE>...': not a number: 'x' at \
             character 1 of the value: expected a number from 0 to 4294967295",
        ),
        (
            &["offline", "DemoGroup", "--prop", "Foo=dword:xx"],
            "invalid value 'Foo=dword:xx' for '--prop <NAME=TYPE:VALUE>': not a number: 'x' \
             at character 1 of the value: expected a number from 0 to 4294967295",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.matches("Foo=dword:xx").count(), 1, "{err}");
    }
}

#[test]
fn a_missing_property_named_as_its_object_still_names_the_object() {
    // The message quotes "DemoGroup" as the property: the object is still
    // put before it, once.
    let out = run(&["get", "DemoGroup", "DemoGroup"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("clusprop: group \"DemoGroup\": no property \"DemoGroup\" (looked in its "),
        "{err}"
    );
}

#[test]
fn unknown_names_exit_3_listing_what_was_tried() {
    let out = run(&["get", "Nope"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    for needle in [
        "no resource, group, node, network or cluster is named \"Nope\"",
        "resource (OpenClusterResource failed: ERROR_RESOURCE_NOT_FOUND (5007))",
        "group (OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013))",
        "node (",
        "network (",
        "cluster (",
        "--kind resource|group|node|network|netinterface|resource-type|cluster",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in {err}");
    }
    // The name once, not again in each kind's error.
    assert_eq!(err.matches("\"Nope\"").count(), 1, "{err}");
    // --kind still forces one kind: then only that kind is tried.
    let out = run(&["get", "DemoGroup", "--kind", "resource"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("ERROR_RESOURCE_NOT_FOUND (5007)"));
}

#[test]
fn ambiguous_names_exit_2_listing_the_matches() {
    let config = sim_config(
        "ambiguous",
        "cluster \"Amb\" local\ngroup \"DemoVM\"\nresource \"DemoVM\" type=\"Virtual Machine\"\n",
    );
    let config = config.to_str().unwrap();
    let out = run(&["get", "DemoVM", "--sim-config", config]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("\"DemoVM\" names more than one object: a resource and a group"),
        "{err}"
    );
    assert!(err.contains("--kind resource|group"), "{err}");
    // --kind settles it.
    let out = ok(&["get", "DemoVM", "--kind", "group", "--sim-config", config]);
    assert!(out.contains("ClusterGroupControl"), "{out}");
}

#[test]
fn set_infers_the_type_from_the_object_then_from_the_table() {
    // Priority is a DWORD on the demo group: no TYPE needed, no --kind.
    let out = ok(&["set", "DemoGroup", "Priority=3000"]);
    assert!(
        out.contains("SET 1 common property of \"DemoGroup\""),
        "{out}"
    );
    assert!(out.contains("3000 (0xbb8)"), "{out}");
    // A private property takes its current format too.
    let out = ok(&[
        "set",
        "DemoVM",
        "--private",
        "OfflineAction=2",
        "--validate",
    ]);
    assert!(out.contains("accepted"), "{out}");
    // A string with a colon is text, not TYPE:VALUE.
    let out = ok(&["set", "DemoGroup", "Description=a: b", "--validate"]);
    assert!(out.contains("accepted"), "{out}");
    // TYPE:VALUE still works, for a new private property.
    let out = ok(&["set", "DemoVM", "--private", "Notes=sz:x"]);
    assert!(out.contains("\"Notes\""), "{out}");
}

#[test]
fn set_values_that_do_not_fit_say_what_was_expected() {
    let out = run(&["set", "DemoGroup", "Priority=high"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("Priority is a DWORD (0 to 4294967295): \"high\": "),
        "{err}"
    );
    // Out of range: the notation says the range (once).
    let out = run(&["set", "DemoGroup", "Priority=-1"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("Priority is a DWORD: \"-1\": number out of range: expected 0 to 4294967295"),
        "{err}"
    );
    // Neither the object nor the table knows it: ask for the type.
    let out = run(&["set", "DemoVM", "--private", "Brand=new"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("cannot tell the type of Brand"), "{err}");
    assert!(err.contains("write Brand=TYPE:new"), "{err}");
}

#[test]
fn a_rejected_set_names_the_property_and_what_was_expected() {
    // Read-only in the object's read-only store: the cluster refuses it
    // (exit 3) and the message says why, on the same line.
    let out = run(&["set", "DemoGroup", "GroupType=1"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("ERROR_INVALID_PARAMETER (87); GroupType is read-only"),
        "{err}"
    );
    // Known to the table but not to this object: the table's format.
    let out = run(&["set", "DemoGroup", "AntiAffinityClassNames=a,b"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("AntiAffinityClassNames is a list of strings (MULTI_SZ)"),
        "{}",
        text(&out.stderr)
    );
    // Typed but unknown: said to be no common property of the object,
    // which the error's prefix names, once.
    let out = run(&["set", "DemoGroup", "NoSuch=dword:1"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "group \"DemoGroup\": CLUSCTL_GROUP_SET_COMMON_PROPERTIES (0x0340005E): \
             ClusterGroupControl failed: ERROR_INVALID_PARAMETER (87); \
             NoSuch is not one of its common properties"
        ),
        "{err}"
    );
    let line = err
        .lines()
        .find(|l| l.contains("NoSuch"))
        .unwrap_or_default();
    assert_eq!(line.matches("DemoGroup").count(), 1, "{err}");
}

#[test]
fn a_timeout_says_how_long_it_waited_for_people() {
    let config = sim_config(
        "slow",
        "cluster \"Slow\" local\ngroup \"G\"\nresource \"VM\" type=\"Virtual Machine\" delay-ms=3000\n",
    );
    let out = clusprop()
        .args(["offline", "G", "--timeout", "0.2", "--sim-config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = text(&out.stderr);
    // "timed out after 2xx ms", never Debug's "200.123456ms".
    let after = err.split("timed out after ").nth(1).expect("timed out");
    let (number, rest) = after.split_once(' ').unwrap();
    assert!(number.parse::<u32>().is_ok(), "{err}");
    assert!(rest.starts_with("ms waiting to be"), "{err}");
}

/// The binary list `encode` makes of `json`.
fn encoded(json: &str) -> Vec<u8> {
    let out = clusprop().arg("encode").write_stdin(json).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    out.stdout
}

const TIME_AND_TEXT: &str = r#"{"properties":[
 {"name":"When","values":[{"syntax":65548,"format":"filetime","value":133000000000000000}]},
 {"name":"Path","values":[{"syntax":65539,"format":"sz","value":"C:\\a\nb \"q\" é"}]},
 {"name":"Owners","values":[{"syntax":65541,"format":"multi_sz","value":["N\\1","N\t2"]}]}
],"trailing_end_mark":false}"#;

#[test]
fn decode_prints_times_as_iso_8601_and_strings_as_text() {
    let bin = encoded(TIME_AND_TEXT);
    let out = clusprop().arg("decode").write_stdin(bin).output().unwrap();
    let tree = text(&out.stdout);
    assert!(out.status.success());
    // 133000000000000000 ticks = 1655526400 s after 1970 = 2022-06-18 04:26:40 UTC.
    assert!(tree.contains("8 bytes: 2022-06-18T04:26:40Z\n"), "{tree}");
    // Backslashes, quotes and non-ASCII as they are; the newline escaped.
    assert!(tree.contains("26 bytes: \"C:\\a\\nb \"q\" é\"\n"), "{tree}");
    assert!(
        tree.contains("- \"N\\1\"\n") && tree.contains("- \"N\\t2\"\n"),
        "{tree}"
    );
}

#[test]
fn dump_prints_the_time_and_its_ticks() {
    let bin = encoded(TIME_AND_TEXT);
    let out = clusprop().arg("dump").write_stdin(bin).output().unwrap();
    let dump = text(&out.stdout);
    assert!(out.status.success());
    assert!(
        dump.contains("2022-06-18T04:26:40Z (ticks 133000000000000000, 0x1d882cb9b208000)"),
        "{dump}"
    );
    assert!(dump.contains("name \"Path\""), "{dump}");
}

#[test]
fn resource_classes_print_by_name() {
    let bin = encoded(r#"{"values":[{"syntax":131074,"format":"dword","value":1}]}"#);
    let out = clusprop()
        .args(["decode", "--value-list"])
        .write_stdin(bin)
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("RESCLASS 0x00020002, 4 bytes: storage (1)"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn cluster_errors_name_the_object_once() {
    let out = run(&["get", "DemoGroup", "--kind", "resource"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "clusprop: resource \"DemoGroup\": OpenClusterResource failed: \
             ERROR_RESOURCE_NOT_FOUND (5007)\n"
        ),
        "{err}"
    );
    assert_eq!(err.matches("\"DemoGroup\"").count(), 1, "{err}");
    let out = run(&["offline", "NoSuchGroup"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "group \"NoSuchGroup\": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013)"
        ),
        "{err}"
    );
    // Each cause once: the Win32 code appears a single time.
    assert_eq!(err.matches("5013").count(), 1, "{err}");
    // A message that already quotes the name is left as it is.
    let out = run(&["get", "DemoGroup", "NoSuchProp"]);
    let err = text(&out.stderr);
    assert_eq!(err.matches("\"DemoGroup\"").count(), 1, "{err}");
}

/// Runs a cluster command with `--json`: its exit status and the one JSON
/// object on stdout (nothing else is there).
fn json_run(args: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let out = run(args);
    let stdout = text(&out.stdout);
    let value: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: stdout is not one JSON object ({e}):\n{stdout}"));
    (out.status.code(), value, text(&out.stderr))
}

#[test]
fn offline_json_reports_state_owner_and_what_each_resource_did() {
    let (status, v, stderr) = json_run(&["offline", "DemoGroup", "--vm-action", "save", "--json"]);
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(v["operation"], "offline");
    assert_eq!(v["group"], "DemoGroup");
    assert_eq!(v["ok"], true);
    assert_eq!(v["exit_status"], 0);
    assert_eq!(v["state"], "offline");
    assert_eq!(v["owner_node"], "NODE1");
    assert!(v["error"].is_null());
    let resources = v["resources"].as_array().unwrap();
    assert!(
        resources.iter().any(|r| r["resource"] == "DemoVM"
            && r["type"] == "Virtual Machine"
            && r["did"] == "VM saved its state"),
        "{v}"
    );
    assert!(
        resources
            .iter()
            .any(|r| r["resource"] == "Cluster Disk 1" && r["did"] == "went offline"),
        "{v}"
    );
    // The progress went to stderr, not lost.
    assert!(stderr.contains("OfflineClusterGroupEx"), "{stderr}");
}

#[test]
fn move_and_online_json() {
    let (status, v, stderr) = json_run(&[
        "move",
        "DemoGroup",
        "NODE2",
        "--vm-action",
        "live",
        "--json",
    ]);
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(
        (v["state"].as_str(), v["owner_node"].as_str()),
        (Some("online"), Some("NODE2"))
    );
    assert!(
        v["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["did"] == "VM was live-migrated to NODE2"),
        "{v}"
    );
    let (status, v, _) = json_run(&["online", "DemoGroup", "--json"]);
    assert_eq!(status, Some(0));
    assert_eq!(
        (v["operation"].as_str(), v["state"].as_str()),
        (Some("online"), Some("online"))
    );
}

#[test]
fn failed_operations_json_carry_the_win32_code_and_name_and_keep_the_exit_status() {
    let (status, v, _) = json_run(&["online", "NoSuchGroup", "--json"]);
    assert_eq!(status, Some(3));
    assert_eq!(v["ok"], false);
    assert_eq!(v["exit_status"], 3);
    assert_eq!(v["error"]["win32_code"], 5013);
    assert_eq!(v["error"]["win32_name"], "ERROR_GROUP_NOT_FOUND");
    assert!(v["state"].is_null() && v["resources"].is_null(), "{v}");
    // A timeout: exit 4, the group's state as it was left.
    let config = sim_config(
        "slow-json",
        "cluster \"Slow\" local\ngroup \"G\"\nresource \"VM\" type=\"Virtual Machine\" delay-ms=3000\n",
    );
    let config = config.to_str().unwrap();
    let (status, v, _) = json_run(&[
        "offline",
        "G",
        "--timeout",
        "0.2",
        "--json",
        "--sim-config",
        config,
    ]);
    assert_eq!(status, Some(4));
    assert_eq!(v["exit_status"], 4);
    assert_eq!(v["state"], "pending");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("timed out"),
        "{v}"
    );
    // A resource that fails going offline: exit 3, and what it did.
    let failing = sim_config(
        "fail-json",
        "cluster \"F\" local\ngroup \"G\"\nresource \"D\" type=\"Physical Disk\" fail-offline\n",
    );
    let (status, v, _) = json_run(&[
        "offline",
        "G",
        "--json",
        "--sim-config",
        failing.to_str().unwrap(),
    ]);
    assert_eq!(status, Some(3), "{v}");
    assert_eq!(v["ok"], false);
    assert!(
        v["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["resource"] == "D"),
        "{v}"
    );
}

/// The subcommands `clusprop --help` lists (without `help`), so that a new
/// one is covered by the checks below without editing them.
fn subcommands() -> Vec<String> {
    let help = ok(&["--help"]);
    let listed: Vec<String> = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    for expected in ["decode", "get", "set", "offline", "completions", "man"] {
        assert!(listed.iter().any(|n| n == expected), "{listed:?}");
    }
    listed
}

#[test]
fn completions_for_every_shell_mention_every_subcommand() {
    let subcommands = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = ok(&["completions", shell]);
        assert!(script.contains("clusprop"), "{shell}");
        for sub in &subcommands {
            assert!(
                script.contains(sub.as_str()),
                "{shell} completions lack {sub}"
            );
        }
    }
    // Options of a subcommand are completed too.
    assert!(ok(&["completions", "bash"]).contains("--format"));
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn the_manual_page_has_a_section_for_every_subcommand() {
    let page = ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH clusprop 1"),
        "{page}"
    );
    assert!(page.contains(".TH clusprop 1"));
    for sub in subcommands() {
        let section = format!(".SH \"CLUSPROP {}\"", sub.to_uppercase());
        assert!(page.contains(&section), "the page lacks {section}");
    }
    // The options of get, as clap defines them.
    assert!(page.contains("\\-\\-format"), "get --format");
}

#[test]
fn the_cluster_is_tried_only_when_no_other_kind_has_the_name() {
    // A cluster, a node and a resource all called "Same": the resource and
    // the node are ambiguous (exit 2); the cluster is not opened by name.
    let config = sim_config(
        "same",
        "cluster \"Same\" local node=\"Same\"\ngroup \"G\"\nresource \"Same\" type=\"Physical Disk\"\n",
    );
    let config = config.to_str().unwrap();
    let out = run(&["get", "Same", "--sim-config", config]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.contains("names more than one object"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.ends_with("a resource and a node; choose one with --kind resource|node"),
        "{line}"
    );
    // The cluster alone has the name: it is found.
    let config = sim_config("only-cluster", "cluster \"Only\" local\n");
    let out = ok(&[
        "get",
        "Only",
        "--ro",
        "--sim-config",
        config.to_str().unwrap(),
    ]);
    assert!(out.contains("(ClusterControl, "), "{out}");
}

#[test]
fn networks_interfaces_and_resource_types_are_objects_too() {
    // A network is found by its name alone; interfaces and resource types
    // by --kind.
    for (args, heading) in [
        (
            &["get", "Cluster Network 1"][..],
            "common properties of \"Cluster Network 1\" (ClusterNetworkControl",
        ),
        (
            &["get", "NODE1 - Ethernet", "--kind", "netinterface"][..],
            "common properties of \"NODE1 - Ethernet\" (ClusterNetInterfaceControl",
        ),
        (
            &["get", "Virtual Machine", "--kind", "resource-type"][..],
            "common properties of \"Virtual Machine\" (ClusterResourceTypeControl",
        ),
    ] {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stdout).contains(heading), "{}", text(&out.stdout));
    }
}

/// Encodes `json` from stdin; the exit status, stdout and stderr.
fn encode(json: &str) -> Output {
    clusprop().arg("encode").write_stdin(json).output().unwrap()
}

fn ularge(value: &str) -> String {
    format!(
        r#"{{"properties":[{{"name":"X","values":[{{"syntax":65542,"format":"ularge_integer","value":{value}}}]}}]}}"#
    )
}

#[test]
fn json_numbers_are_judged_as_integers() {
    // JSON's -0 is an integer: zero.
    let zero = encode(&ularge("-0"));
    assert_eq!(zero.status.code(), Some(0));
    assert_eq!(zero.stdout, encode(&ularge("0")).stdout);
    // One past u64::MAX is too large, not "a floating point".
    let big = encode(&ularge("18446744073709551616"));
    assert_eq!(big.status.code(), Some(1));
    let err = String::from_utf8_lossy(&big.stderr);
    assert!(err.contains("beyond 64-bit integers"), "{err}");
    assert!(!err.contains("floating point"), "{err}");
    assert!(
        err.contains("in property 0 \"X\", value 0 at line 1 column"),
        "{err}"
    );
    // A fraction is named as one, with the number written.
    let half = encode(&ularge("1.5"));
    let err = String::from_utf8_lossy(&half.stderr);
    assert!(
        err.contains("1.5, a number with a fraction or an exponent"),
        "{err}"
    );
}

#[test]
fn json_error_columns_start_at_1() {
    let out = encode("[]");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at line 1 column 1"), "{err}");
}

#[test]
fn control_characters_in_an_error_reach_the_terminal_escaped() {
    let config = std::env::temp_dir().join(format!("clusprop-ux-{}.conf", std::process::id()));
    std::fs::write(&config, b"\x1b]0;title\x07\x1b[31mRED\n").unwrap();
    let out = run(&["list", "groups", "--sim-config", config.to_str().unwrap()]);
    let _ = std::fs::remove_file(&config);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.contains(&0x1b) && !out.stderr.contains(&0x07));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(r"\u{1b}]0;title\u{7}"), "{err}");
}

#[test]
fn a_nested_value_list_is_named_by_its_syntax() {
    let json = r#"{"properties":[{"name":"X","values":[{"syntax":65549,"format":"value_list","value":{"values":[{"syntax":65538,"format":"dword","value":1}]}}]}]}"#;
    let bytes = encode(json).stdout;
    let out = clusprop()
        .arg("decode")
        .write_stdin(bytes.clone())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("LIST_VALUE_VALUE_LIST 0x0001000d"));
    let out = clusprop().arg("dump").write_stdin(bytes).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("LIST_VALUE_VALUE_LIST (0x0001000d)"));
}

#[test]
fn a_utf16_name_error_says_where() {
    for (units, found) in [
        ("{}", "invalid type: map"),
        ("[65,70000]", "integer `70000`"),
    ] {
        let json = format!(
            r#"{{"properties":[{{"name":{{"utf16":{units}}},"values":[{{"syntax":65538,"format":"dword","value":1}}]}}]}}"#
        );
        let out = encode(&json);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(found) && err.contains("in property 0 at line 1"),
            "{err}"
        );
    }
}

#[test]
fn the_tree_shows_binary_and_unknown_values_as_hex() {
    // "A" = an unknown LIST_VALUE format (0x0099, 3 bytes), "B" = BINARY.
    let bytes = clusprop_testkit::hex(
        "02000000 03000400 04000000 41000000 99000100 03000000 aabbcc00 00000000 \
         03000400 04000000 42000000 01000100 02000000 0f100000 00000000",
    );
    let out = clusprop()
        .args(["decode", "--lenient"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(
        tree.contains("unknown 0x00010099, 3 bytes: raw aabbcc\n"),
        "{tree}"
    );
    assert!(
        tree.contains("LIST_VALUE_BINARY 0x00010001, 2 bytes: 0f10\n"),
        "{tree}"
    );
}

/// The help of OBJECT and `--kind` names every kind found without `--kind`:
/// a network is one (it said "resource, group and node").
#[test]
fn object_help_names_the_kinds_that_are_tried() {
    let network = ok(&["get", "Cluster Network 1", "--format", "json"]);
    assert!(network.contains("\"properties\""), "{network}");
    for command in ["get", "set"] {
        let help = ok(&[command, "--help"]);
        assert!(
            help.contains("The resource, group, node, network or cluster"),
            "{help}"
        );
        assert!(
            help.contains("whichever of resource, group, node and network has that name"),
            "{help}"
        );
    }
}

/// `set NAME=VALUE` of a FILETIME property reads the ticks, as
/// `NAME=filetime:VALUE` does (it said the format had no text form).
#[test]
fn set_infers_a_filetime() {
    let config = sim_config(
        "filetime",
        "cluster \"FtCluster\" local\ngroup \"G\"\nresource \"R\" type=\"T\"\n\
         private \"When=filetime:133000000000000000\"\n",
    );
    let config = config.to_str().unwrap();
    let set = ok(&[
        "set",
        "R",
        "--private",
        "When=133000000000000001",
        "--sim-config",
        config,
    ]);
    assert!(set.contains("2022-06-18T04:26:40.0000001Z"), "{set}");
    let _ = std::fs::remove_file(config);
}

/// The TYPEs `set` and `offline --prop` list include `filetime`, which the
/// notation reads (the lists left it out): the help lists every property
/// TYPE of the notation, as the core names them.
#[test]
fn the_type_lists_in_the_help_name_filetime() {
    for command in ["set", "offline"] {
        let help = ok(&[command, "--help"]);
        assert!(
            help.contains(
                "binary, dword, expand_sz, filetime, large, long, multi_sz, qword, sd, sz, word"
            ),
            "{command}: {help}"
        );
    }
}

/// An empty name (an unset shell variable, `clusprop set "$GROUP" ...`) is
/// a usage error: the cluster API takes an empty cluster name for the local
/// cluster, so `set "" Description=...` wrote the cluster's properties.
#[test]
fn an_empty_object_group_node_or_cluster_name_is_refused() {
    for args in [
        &["set", "", "Description=sz:oops"][..],
        &["get", ""][..],
        &["get", "DemoGroup", "--cluster", ""][..],
        &["offline", ""][..],
        &["online", "", "--simulate"][..],
        &["online", "DemoGroup", "--node", ""][..],
        &["move", "DemoGroup", ""][..],
        &["move", "", "NODE2"][..],
        &["list", "groups", "--cluster", ""][..],
    ] {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
        assert!(
            text(&out.stderr).contains("empty"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

/// Group names compare case-insensitively: `offline demogroup --json`
/// reports what the resources of `DemoGroup` did, as the progress on stderr
/// shows it (`resources` was empty).
#[test]
fn json_resources_do_not_depend_on_the_case_of_the_group_name() {
    let (status, v, stderr) = json_run(&["offline", "demogroup", "--vm-action", "save", "--json"]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stderr.contains("VM saved its state"), "{stderr}");
    assert!(
        v["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["resource"] == "DemoVM" && r["did"] == "VM saved its state"),
        "{v}"
    );
}

/// Names the cluster returns (resources and their types in the simulated
/// events, the owner node) are printed with their control characters
/// escaped, as names are everywhere else: an escape sequence in one reached
/// the terminal.
#[test]
fn progress_escapes_the_names_the_cluster_returns() {
    let config = sim_config(
        "escapes",
        "cluster \"EscCluster\" local node=\"N\u{1b}[1m\"\ngroup \"G\"\n\
         resource \"R\u{1b}]0;x\u{7}\" type=\"T\u{9b}2J\"\n",
    );
    let config = config.to_str().unwrap();
    for (args, expected) in [
        (
            &["offline", "G", "--sim-config", config][..],
            "R\\u{1b}]0;x\\u{7} (T\\u{9b}2J): went offline",
        ),
        (
            &["online", "G", "--sim-config", config][..],
            "is online on N\\u{1b}[1m",
        ),
    ] {
        let out = run(args);
        let shown = text(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            !shown.contains(|c: char| c.is_control() && c != '\n'),
            "{args:?}: {shown:?}"
        );
        assert!(shown.contains(expected), "{args:?}: {shown}");
    }
    let _ = std::fs::remove_file(config);
}

/// `offline --vm-action` refused `live` saying it expected "save, ...,
/// force-shutdown or live": the list is the offline actions, and `live`
/// is named as a move action.
#[test]
fn offline_vm_action_errors_offer_only_offline_actions() {
    let out = run(&["offline", "DemoGroup", "--vm-action", "live"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("clusprop move"), "{err}");
    assert!(!err.contains("or live"), "{err}");
    let out = run(&["offline", "DemoGroup", "--vm-action", "hibernate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("expected save, shutdown, turn-off or force-shutdown"),
        "{err}"
    );
    // move still takes live, and names it among its choices.
    let out = run(&["move", "DemoGroup", "NODE2", "--vm-action", "hibernate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("or live"),
        "{}",
        text(&out.stderr)
    );
}

/// docs/cli.md's paragraph on the `--prop` and `set` types names every
/// name and alias of each property TYPE of the core's notation, and no
/// other TYPE before the sentence on the ones refused, which names
/// `expanded_sz` and a disk TYPE: a TYPE added to or dropped from the core
/// fails here until the reference says so.
#[test]
fn the_reference_lists_the_property_types_of_the_core() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/cli.md");
    let doc = std::fs::read_to_string(&path).expect("docs/cli.md");
    let start = doc
        .find("`--prop` and `set` types")
        .expect("the types paragraph");
    let paragraph = &doc[start..];
    let paragraph = &paragraph[..paragraph.find("\n\n").unwrap_or(paragraph.len())];
    let (accepted, refused) = paragraph
        .split_once("The notation's other types")
        .expect("the sentence on the refused types");
    let backticked = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let accepted = backticked(accepted);
    let refused = backticked(refused);
    for ty in clusprop::text_value_types() {
        for name in ty.names() {
            let named = name.to_owned();
            if ty.is_property_value() {
                assert!(accepted.contains(&named), "{name} missing: {accepted:?}");
            } else {
                assert!(!accepted.contains(&named), "{name} listed: {accepted:?}");
            }
        }
    }
    assert!(refused.iter().any(|w| w == "expanded_sz"), "{refused:?}");
    assert!(refused.iter().any(|w| w == "disk_signature"), "{refused:?}");
}
