//! Names and string values are whatever a list's writer chose: every
//! control character (C0, DEL, C1), Unicode line or paragraph separator
//! and bidirectional control in them is printed escaped, by every output
//! (tree, dump, table, JSON, messages), so that what a terminal shows is
//! what the list holds. Before, the human outputs escaped only control
//! characters: `A\u{202e}B` showed reordered, `\u{2028}` broke the line.

use std::process::Output;

use assert_cmd::Command;

fn clusprop() -> Command {
    Command::cargo_bin("clusprop").unwrap()
}

/// The characters no output may hold raw, but the line breaks and tabs an
/// output writes itself (listed apart: each is checked where it cannot be
/// the output's own).
fn risky() -> Vec<char> {
    (0x00..=0x1fu32)
        .chain([0x7f])
        .chain(0x80..=0x9f)
        .chain([0x2028, 0x2029, 0x061c, 0x200e, 0x200f])
        .chain(0x202a..=0x202e)
        .chain(0x2066..=0x2069)
        .map(|c| char::from_u32(c).unwrap())
        .collect()
}

/// `text` holds no risky character but the line breaks (and tabs, when
/// `tabs`) that lay the output out.
fn assert_clean(what: &str, text: &str, tabs: bool) {
    let raw: Vec<String> = text
        .chars()
        .filter(|c| risky().contains(c) && *c != '\n' && !(tabs && *c == '\t'))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(raw.is_empty(), "{what}: raw {raw:?} in {text:?}");
}

fn utf8(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// `name` and `value` as JSON string contents, every character a `\u`
/// escape (so the document itself is plain ASCII).
fn json_text(s: &str) -> String {
    s.encode_utf16().map(|u| format!("\\u{u:04x}")).collect()
}

/// A property list with one property per risky character: the name
/// `N<c>x`, an SZ `v<c>w` and a MULTI_SZ of `m<c>` and `<c>`; NUL, which
/// no name or string holds, is left out.
fn hostile_list() -> Vec<u8> {
    let properties: Vec<String> = risky()
        .into_iter()
        .filter(|c| *c != '\0')
        .map(|c| {
            format!(
                r#"{{"name": "{}", "values": [
                    {{"syntax": 65539, "format": "sz", "value": "{}"}},
                    {{"syntax": 65541, "format": "multi_sz", "value": ["{}", "{}"]}}]}}"#,
                json_text(&format!("N{c}x")),
                json_text(&format!("v{c}w")),
                json_text(&format!("m{c}")),
                json_text(&c.to_string()),
            )
        })
        .collect();
    let json = format!(
        r#"{{"properties": [{}], "trailing_end_mark": false}}"#,
        properties.join(",")
    );
    let out = clusprop().arg("encode").write_stdin(json).output().unwrap();
    assert!(out.status.success(), "{}", utf8(&out.stderr));
    out.stdout
}

fn succeeds(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    utf8(&out.stdout)
}

#[test]
fn decode_dump_and_json_print_no_raw_control_separator_or_bidi_character() {
    let list = hostile_list();
    let tree = succeeds(
        clusprop()
            .arg("decode")
            .write_stdin(list.clone())
            .output()
            .unwrap(),
    );
    assert_clean("decode", &tree, false);
    // Each character shows as its escape, in the name and in the strings.
    assert!(tree.contains("\"N\\u{202e}x\""), "{tree}");
    assert!(tree.contains("\"v\\u{2028}w\""), "{tree}");
    assert!(tree.contains("- \"m\\u{85}\""), "{tree}");
    assert!(
        tree.contains("\"N\\nx\"") && tree.contains("\"N\\tx\""),
        "{tree}"
    );
    // The rest reads as before: quoted names, escapes only where needed.
    assert!(
        tree.contains("\"N\\u{1b}x\"\n  LIST_VALUE_SZ 0x00010003, 8 bytes: \"v\\u{1b}w\""),
        "{tree}"
    );

    let dump = succeeds(
        clusprop()
            .arg("dump")
            .write_stdin(list.clone())
            .output()
            .unwrap(),
    );
    assert_clean("dump", &dump, false);
    assert!(dump.contains("name \"N\\u{2067}x\""), "{dump}");

    let json = succeeds(
        clusprop()
            .args(["decode", "--json"])
            .write_stdin(list)
            .output()
            .unwrap(),
    );
    assert_clean("decode --json", &json, false);
    assert!(json.contains(r#""name": "N\u202ex""#), "{json}");
    assert!(json.contains(r#""value": "v\u2029w""#), "{json}");
    // The JSON means the same text: it encodes back to the same list.
    let again = clusprop()
        .arg("encode")
        .write_stdin(json.clone())
        .output()
        .unwrap();
    let back = succeeds(
        clusprop()
            .args(["decode", "--json"])
            .write_stdin(again.stdout)
            .output()
            .unwrap(),
    );
    assert_eq!(back, json);
}

#[test]
fn error_messages_quote_input_escaped() {
    for c in risky().into_iter().filter(|c| *c != '\0' && *c != '\n') {
        // A JSON key the reader quotes.
        let json = format!(
            r#"{{"properties": [], "k{}": 1}}"#,
            json_text(&c.to_string())
        );
        let out = clusprop().arg("encode").write_stdin(json).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = utf8(&out.stderr);
        assert!(err.contains("unknown field `k"), "{err}");
        assert_clean("encode", err.trim_end_matches('\n'), true);

        // An argument clap quotes as given, and the name `set` quotes.
        let arg = format!("A{c}=float:1");
        let out = clusprop()
            .args(["offline", "DemoGroup", "--prop", &arg])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = utf8(&out.stderr);
        assert!(err.contains("unknown type"), "{err}");
        // clap's message has lines of its own: a tab or line break it
        // quotes is kept as a layout character.
        assert_clean("offline --prop", &err, true);
        if c == '\t' {
            continue;
        }
        let arg = format!("Na{c}me=x{c}y");
        let out = clusprop()
            .args(["set", "DemoGroup", &arg])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = utf8(&out.stderr);
        assert!(err.contains("cannot tell the type of Na"), "{err}");
        for line in err.lines() {
            assert_clean("set", line, false);
        }
    }
    // A line break in a name stays on the message's one line.
    let out = clusprop()
        .args(["set", "DemoGroup", "Na\nme=x"])
        .output()
        .unwrap();
    let err = utf8(&out.stderr);
    assert!(err.contains("cannot tell the type of Na\\nme: "), "{err}");
}

#[test]
fn a_cluster_reply_is_printed_escaped() {
    // `set` prints the object's properties as the cluster returns them.
    let arg = "X\u{202e}Y=sz:a\u{2028}b\u{9b}c";
    let out = clusprop()
        .args(["set", "DemoVM", "--private", arg])
        .output()
        .unwrap();
    let shown = succeeds(out);
    assert_clean("set", &shown, false);
    assert!(shown.contains("\"X\\u{202e}Y\"\n"), "{shown}");
    assert!(shown.contains("\"a\\u{2028}b\\u{9b}c\""), "{shown}");
}

/// A name quoted in a message has its `"` and `\` escaped too, so the quote
/// cannot end early: `group "No"Such"` would read as a group named `No`.
#[test]
fn a_quote_or_backslash_in_a_quoted_name_is_escaped() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["offline", r#"No"Such\Group"#],
            r#"clusprop: group "No\"Such\\Group": OpenClusterGroup failed"#,
        ),
        (
            &["get", r#"a"b"#],
            r#"clusprop: no resource, group, node, network or cluster is named "a\"b"; tried"#,
        ),
        (
            &["move", "DemoGroup", r#"N"1\"#],
            r#"clusprop: node "N\"1\\": OpenClusterNode failed"#,
        ),
        (
            &["offline", "DemoGroup", "--prop", r#"A=fl"t:1"#],
            r#"unknown type "fl\"t"; a property's TYPE is one of"#,
        ),
    ];
    for (args, expected) in cases {
        let out = clusprop().args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = utf8(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}
