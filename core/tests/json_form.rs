//! The JSON form is read strictly, and every error says where: line and
//! column (from serde_json), the path to the value (property index and name,
//! value index, through nested lists), and what was expected.
//!
//! Not run under miri (`scripts/miri`): the JSON form is serde over the
//! crate's safe code, so miri's checks find nothing here that the native run
//! does not, and its 10,000-property document alone would take miri hours.
#![cfg(not(miri))]

use clusprop::{OwnedPropertyList, OwnedValue, OwnedValueList};

fn error(json: &str) -> String {
    match serde_json::from_str::<OwnedPropertyList>(json) {
        Ok(list) => panic!("accepted {json}: {list:?}"),
        Err(e) => e.to_string(),
    }
}

fn one_value(value: &str) -> String {
    format!(r#"{{"properties": [{{"name": "Foo", "values": [{value}]}}]}}"#)
}

fn assert_has(message: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            message.contains(needle),
            "{needle:?} missing from: {message}"
        );
    }
    assert!(!message.contains("untagged"), "{message}");
}

#[test]
fn hex_is_lower_case_digit_pairs_only() {
    for (hex, said) in [
        ("+f+f", "found '+' at character 1"),
        ("0+ff", "found '+' at character 2"),
        ("FF", "found 'F' at character 1"),
        ("0g", "found 'g' at character 2"),
        (" 00", "found ' ' at character 1"),
        ("abc", "odd number (3)"),
        ("é0", "found 'é' at character 1"),
    ] {
        for key in ["value", "raw"] {
            let syntax = if key == "value" {
                r#""syntax": 65537, "format": "binary""#
            } else {
                r#""syntax": 65538, "format": "dword""#
            };
            let json = one_value(&format!(r#"{{{syntax}, "{key}": "{hex}"}}"#));
            let e = error(&json);
            assert_has(
                &e,
                &[
                    said,
                    "hex",
                    "in property 0 \"Foo\", value 0",
                    "line 1 column",
                ],
            );
        }
    }
    // What the encoder writes is read back.
    let list: OwnedPropertyList = serde_json::from_str(&one_value(
        r#"{"syntax": 65537, "format": "binary", "value": "00ff7a"}"#,
    ))
    .unwrap();
    assert_eq!(
        list.properties[0].values[0],
        OwnedValue::binary(vec![0, 0xff, 0x7a])
    );
}

#[test]
fn duplicate_keys_are_errors_at_every_level() {
    for (json, key) in [
        (
            one_value(r#"{"syntax": 65538, "syntax": 65538, "format": "dword", "value": 1}"#),
            "\"syntax\"",
        ),
        (
            one_value(r#"{"syntax": 65538, "format": "dword", "value": 1, "value": 2}"#),
            "\"value\"",
        ),
        (
            r#"{"properties": [{"name": "A", "name": "B", "values": []}]}"#.to_owned(),
            "\"name\"",
        ),
        (
            r#"{"properties": [], "properties": []}"#.to_owned(),
            "\"properties\"",
        ),
        (
            r#"{"properties": [], "trailing_end_mark": true, "trailing_end_mark": false}"#
                .to_owned(),
            "\"trailing_end_mark\"",
        ),
    ] {
        let e = error(&json);
        assert_has(&e, &["duplicate key", key, "line 1 column"]);
    }
    let e = serde_json::from_str::<OwnedValueList>(r#"{"values": [], "values": []}"#)
        .unwrap_err()
        .to_string();
    assert_has(&e, &["duplicate key \"values\"", "line 1 column"]);
    let e = serde_json::from_str::<clusprop::WideString>(r#"{"utf16": [65], "utf16": [66]}"#)
        .unwrap_err()
        .to_string();
    assert_has(&e, &["duplicate key \"utf16\""]);
}

#[test]
fn format_is_required_and_agrees_with_the_syntax() {
    let e = error(&one_value(r#"{"syntax": 65538, "value": 1}"#));
    assert_has(
        &e,
        &[
            "missing key \"format\"",
            "expected \"dword\"",
            "in property 0 \"Foo\", value 0",
            "line 1 column",
        ],
    );
    let e = error(&one_value(
        r#"{"syntax": 65538, "format": "sz", "value": 1}"#,
    ));
    assert_has(
        &e,
        &[
            "format \"sz\" does not match syntax 0x00010002",
            "expected \"dword\"",
        ],
    );
    let e = error(&one_value(r#"{"format": "dword", "value": 1}"#));
    assert_has(&e, &["\"syntax\" before \"value\""]);
    let e = error(&one_value(
        r#"{"syntax": 65538, "format": "dword", "value": 1, "raw": "00"}"#,
    ));
    assert_has(&e, &["either \"value\" or \"raw\""]);
    let e = error(&one_value(
        r#"{"syntax": 65538, "format": "dword", "valu": 1}"#,
    ));
    assert_has(&e, &["unknown field `valu`", "line 1 column"]);
}

#[test]
fn wrong_values_say_what_was_expected_and_where() {
    for (value, expected) in [
        (
            r#"{"syntax": 65538, "format": "dword", "value": -1}"#,
            "expected a number from 0 to 4294967295 (format dword), found -1",
        ),
        (
            r#"{"syntax": 65538, "format": "dword", "value": "1"}"#,
            "expected a number from 0 to 4294967295 (format dword) or null",
        ),
        (
            r#"{"syntax": 65538, "format": "dword", "value": 1.5}"#,
            "expected a number from 0 to 4294967295 (format dword) or null",
        ),
        (
            r#"{"syntax": 65539, "format": "sz", "value": 3}"#,
            "expected a string, or {\"utf16\": [code units]} (format sz) or null",
        ),
        (
            r#"{"syntax": 65541, "format": "multi_sz", "value": "a"}"#,
            "expected a list of strings (format multi_sz) or null",
        ),
        (
            r#"{"syntax": 65539, "format": "sz", "value": "a\u0000b"}"#,
            "expected text without NUL characters",
        ),
    ] {
        let e = error(&one_value(value));
        assert_has(
            &e,
            &[expected, "in property 0 \"Foo\", value 0", "line 1 column"],
        );
    }
    let e = error(&one_value(
        r#"{"syntax": "dword", "format": "dword", "value": 1}"#,
    ));
    assert_has(
        &e,
        &[
            "expected the syntax, a number from 0 to 4294967295, for \"syntax\" in property 0 \"Foo\", value 0",
            "line 1 column",
        ],
    );
    let e = error(&one_value(
        r#"{"syntax": 4294967296, "format": "dword", "value": 1}"#,
    ));
    assert_has(
        &e,
        &["invalid value: integer `4294967296`", "for \"syntax\""],
    );
    let e = error(&one_value(r#"{"syntax": 65538, "format": 2, "value": 1}"#));
    assert_has(
        &e,
        &[
            "expected the format's name",
            "in property 0 \"Foo\", value 0",
        ],
    );
    let e = error(r#"{"properties": [], "trailing_end_mark": 1}"#);
    assert_has(
        &e,
        &[
            "expected true or false for \"trailing_end_mark\"",
            "line 1 column",
        ],
    );
    let e = error(r#"{"properties": [{"name": "Foo", "values": []}]}"#);
    assert_has(&e, &["at least one value", "property 0 \"Foo\""]);
}

#[test]
fn a_property_name_in_a_path_is_quoted_with_its_quotes_and_backslashes_escaped() {
    let e = error(r#"{"properties": [{"name": "a\"b\\c\u001b", "values": []}]}"#);
    assert_has(&e, &["at least one value", r#"property 0 "a\"b\\c\u{1b}""#]);
    let e = error(
        r#"{"properties": [{"name": "x\"", "values": [{"syntax": 65538, "format": "d\"", "value": 1}]}]}"#,
    );
    assert_has(
        &e,
        &[
            r#"format "d\"" does not match syntax"#,
            r#"property 0 "x\"", value 0"#,
        ],
    );
}

#[test]
fn a_late_error_in_a_large_document_names_its_line_and_column() {
    // One property per line after the first two; property 7776 is on line 7779.
    let mut json = String::from("{\n\"properties\": [\n");
    for i in 0..10_000 {
        let value = if i == 7776 { "4294967296" } else { "1" };
        json.push_str(&format!(
            "{{\"name\": \"P{i}\", \"values\": [{{\"syntax\": 65538, \"format\": \"dword\", \"value\": {value}}}]}}{}\n",
            if i == 9999 { "" } else { "," }
        ));
    }
    json.push_str("]\n}\n");
    let line = json.lines().nth(7778).unwrap();
    assert!(line.contains("\"P7776\""));
    let column = line.find("4294967296").unwrap() + "4294967296".len();
    let e = error(&json);
    assert_has(
        &e,
        &[
            "expected a number from 0 to 4294967295 (format dword), found 4294967296",
            "in property 7776 \"P7776\", value 0",
            &format!("at line 7779 column {column}"),
        ],
    );
}

#[test]
fn an_error_inside_a_nested_list_names_the_path_to_it() {
    let json = r#"{"properties": [
  {"name": "Outer", "values": [
    {"syntax": 65538, "format": "dword", "value": 1},
    {"syntax": 65550, "format": "property_list", "value": {"properties": [
      {"name": "Inner", "values": [
        {"syntax": 65549, "format": "value_list", "value": {"values": [
          {"syntax": 65538, "format": "dword", "value": "seven"}
        ]}}
      ]}
    ]}}
  ]}
]}"#;
    let e = error(json);
    assert_has(
        &e,
        &[
            "invalid type: string \"seven\", expected a number from 0 to 4294967295 (format dword) or null",
            "in property 0 \"Outer\", value 1, property 0 \"Inner\", value 0, value 0",
            "at line 7 column",
        ],
    );
}

#[test]
fn the_documented_shapes_still_read() {
    let json = r#"{"properties": [
      {"name": "A", "values": [{"syntax": 65538, "format": "dword", "value": null}]},
      {"name": {"utf16": [55296, 65]}, "values": [
        {"syntax": 65539, "format": "sz", "value": {"utf16": [55296]}},
        {"syntax": 65541, "format": "multi_sz", "value": ["x", {"utf16": [56320]}]},
        {"syntax": 65543, "format": "long", "value": -5},
        {"format": "large_integer", "syntax": 65546, "value": -9223372036854775808},
        {"syntax": 65542, "format": "ularge_integer", "value": 18446744073709551615}
      ]}
    ], "trailing_end_mark": true}"#;
    let list: OwnedPropertyList = serde_json::from_str(json).unwrap();
    assert_eq!(list.properties.len(), 2);
    assert!(list.trailing_end_mark);
    let again: OwnedPropertyList =
        serde_json::from_str(&serde_json::to_string(&list).unwrap()).unwrap();
    assert_eq!(again, list);
}

/// A property list holding one property list value `levels` deep, as a
/// `serde_json::Value` (a deserializer with no recursion limit of its own,
/// like pythonize reading Python objects).
fn nested_lists(levels: usize) -> serde_json::Value {
    let mut list = serde_json::json!({"properties": [{"name": "X", "values": [
        {"syntax": 65538, "format": "dword", "value": 1}]}]});
    for _ in 0..levels {
        list = serde_json::json!({"properties": [{"name": "X", "values": [
            {"syntax": 65550, "format": "property_list", "value": list}]}]});
    }
    list
}

#[test]
fn lists_nested_past_the_depth_limit_are_refused_while_reading() {
    use serde::Deserialize;
    let limit = usize::from(clusprop::limits::MAX_DEPTH_LIMIT);
    let deepest = OwnedPropertyList::deserialize(nested_lists(limit)).unwrap();
    assert!(deepest.to_vec().is_err(), "past the default reader's depth");
    // One level more is an error naming the path, not a deeper recursion:
    // without the limit, a deep enough document overflowed the stack.
    for levels in [limit + 1, 200] {
        let message = OwnedPropertyList::deserialize(nested_lists(levels))
            .unwrap_err()
            .to_string();
        assert_has(
            &message,
            &["lists nested deeper than 32 levels in property 0 \"X\", value 0"],
        );
    }
}
