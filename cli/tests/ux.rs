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
        err.contains("\"DemoGroup\" has no property \"NoSuchProp\""),
        "{err}"
    );
    assert!(
        err.contains("\"AntiAffinityClassNames\" (a group common property: groups sharing"),
        "{err}"
    );
    assert!(err.contains("MULTI_SZ"), "{err}");
    assert!(err.contains("read-only private properties"), "{err}");
}

#[test]
fn unknown_names_exit_3_listing_what_was_tried() {
    let out = run(&["get", "Nope"]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    for needle in [
        "no resource, group, node or cluster is named \"Nope\"",
        "resource (OpenClusterResource failed: ERROR_RESOURCE_NOT_FOUND (5007))",
        "group (OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013))",
        "node (",
        "cluster (",
        "--kind resource|group|node|cluster",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in {err}");
    }
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
