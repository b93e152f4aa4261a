//! `JsonList::from_json_text`: the JSON form read from text as
//! `clusprop encode` and the C ABI read it.

use clusprop::{JsonList, JsonTextErrorKind};

const DOCUMENT: &str = r#"{"properties": [{"name": "A", "values": [{"syntax": 65538, "format": "dword", "value": 7}]}]}"#;

#[test]
fn a_utf8_byte_order_mark_is_skipped_and_columns_do_not_count_it() {
    let plain = JsonList::from_json_text(DOCUMENT.as_bytes()).unwrap();
    let mut marked = b"\xef\xbb\xbf".to_vec();
    marked.extend_from_slice(DOCUMENT.as_bytes());
    assert_eq!(JsonList::from_json_text(&marked).unwrap(), plain);
    // The same fault at the same column with and without the mark.
    let bad = DOCUMENT.replace("7}", "-7}");
    let mut marked_bad = b"\xef\xbb\xbf".to_vec();
    marked_bad.extend_from_slice(bad.as_bytes());
    let a = JsonList::from_json_text(bad.as_bytes()).unwrap_err();
    let b = JsonList::from_json_text(&marked_bad).unwrap_err();
    assert_eq!(a, b);
    assert_eq!((a.kind, a.line), (JsonTextErrorKind::Form, 1));
    assert_eq!(
        a.to_string(),
        format!(
            "expected a number from 0 to 4294967295 (format dword), found -7 \
             in property 0 \"A\", value 0 at line 1 column {}",
            a.column
        )
    );
}

#[test]
fn utf16_text_is_named_as_such() {
    for mark in [[0xff, 0xfe], [0xfe, 0xff]] {
        let mut text = mark.to_vec();
        text.extend(DOCUMENT.encode_utf16().flat_map(u16::to_le_bytes));
        let e = JsonList::from_json_text(&text).unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (JsonTextErrorKind::Utf16, 0, 0));
        assert!(e.to_string().contains("UTF-16"), "{e}");
    }
}

#[test]
fn syntax_and_shape_errors_have_a_kind_and_columns_from_one() {
    // Not JSON: a syntax error, and text cut short.
    let e = JsonList::from_json_text(b"{\"properties\": [}").unwrap_err();
    assert_eq!((e.kind, e.line, e.column), (JsonTextErrorKind::Json, 1, 17));
    let e = JsonList::from_json_text(b"{\"properties\": [").unwrap_err();
    assert_eq!(e.kind, JsonTextErrorKind::Json);
    let e = JsonList::from_json_text(b"\xc3\x28").unwrap_err();
    assert_eq!(e.kind, JsonTextErrorKind::Json);
    // JSON of the wrong shape: serde_json places it at column 0 of line 1;
    // it is column 1.
    let e = JsonList::from_json_text(b"[]").unwrap_err();
    assert_eq!(
        (e.kind, e.line, e.column),
        (JsonTextErrorKind::Form, 1, 1),
        "{e}"
    );
    assert!(!e.message.contains("column"), "the place is said once: {e}");
}

/// A `\u` escape of half a surrogate pair is named as such, with the way to
/// write such text (serde_json said "unexpected end of hex escape" for a
/// lone high surrogate and "lone leading surrogate" for a lone low one).
#[test]
fn an_unpaired_surrogate_escape_is_named_with_the_utf16_form() {
    for name in [
        r#""\ud800""#,
        r#""a\ud800b""#,
        r#""\udc00""#,
        r#""\ud800\u0041""#,
    ] {
        let text = DOCUMENT.replace(r#""A""#, name);
        let e = JsonList::from_json_text(text.as_bytes()).unwrap_err();
        assert_eq!((e.kind, e.line), (JsonTextErrorKind::Json, 1), "{name}");
        assert!(
            e.message.contains("unpaired UTF-16 surrogate") && e.message.contains(r#"{"utf16":"#),
            "{name}: {e}"
        );
    }
    // Other escape faults keep serde_json's words.
    let e =
        JsonList::from_json_text(DOCUMENT.replace(r#""A""#, r#""\u12""#).as_bytes()).unwrap_err();
    assert!(!e.message.contains("surrogate"), "{e}");
}

/// The place of an unpaired surrogate escape is the escape itself (its
/// backslash), not where serde_json noticed that no low half follows: the
/// character after it, or the end of the escape after it. The expected
/// column is found here by searching the text for the escape.
#[test]
fn an_unpaired_surrogate_escape_is_placed_at_its_backslash() {
    // The name, and the escape in it that is unpaired (the first one with
    // that text).
    for (name, unpaired) in [
        (r#""\ud800""#, r"\ud800"),
        (r#""a\ud800b""#, r"\ud800"),
        (r#""a\udc00b""#, r"\udc00"),
        (r#""\ud800\u0041""#, r"\ud800"),
        (r#""\ud800\ud800""#, r"\ud800"),
        (r#""\ud800\n""#, r"\ud800"),
        (r#""\uD800\uDC00\ud801x""#, r"\ud801"),
        (r#""\uD800\uDC00b\uDFFF""#, r"\uDFFF"),
        (r#""\\\ud800""#, r"\ud800"),
        (r#""\u0041\udbff""#, r"\udbff"),
    ] {
        // On the second line, after characters of 2 and 3 bytes.
        let name = format!("\"\u{e9}\u{20ac}{}", &name[1..]);
        let text = DOCUMENT
            .replace(r#""A""#, &name)
            .replace(r#"{"name""#, "\n{\"name\"");
        let second_line = &text[text.find('\n').unwrap() + 1..];
        let at = second_line.find(unpaired).unwrap();
        let column = second_line[..at].chars().count() + 1;
        let e = JsonList::from_json_text(text.as_bytes()).unwrap_err();
        assert!(
            e.message.contains("unpaired UTF-16 surrogate"),
            "{name}: {e}"
        );
        assert_eq!((e.line, e.column), (2, column), "{name}: {e}\n{text}");
    }
}

/// A document nested past serde_json's recursion limit says so in terms of
/// the form (it said only "recursion limit exceeded").
#[test]
fn a_document_nested_too_deeply_is_named_as_such() {
    let mut text = String::new();
    for _ in 0..30 {
        text.push_str(
            r#"{"properties": [{"name": "In", "values": [{"syntax": 65550, "format": "property_list", "value": "#,
        );
    }
    text.push_str(r#"{"properties": []}"#);
    for _ in 0..30 {
        text.push_str("}]}]}");
    }
    let e = JsonList::from_json_text(text.as_bytes()).unwrap_err();
    assert_eq!((e.kind, e.line), (JsonTextErrorKind::Json, 1), "{e}");
    assert!(
        e.message.contains("nested too deeply") && e.message.contains("at most 8 levels"),
        "{e}"
    );
}

/// Columns count characters, as an editor shows them, not UTF-8 bytes:
/// a line with `ö`, `ß` and `€` (2, 2 and 3 bytes) before the fault puts
/// it at the same column as the ASCII line of the same length.
#[test]
fn columns_count_characters_not_bytes() {
    let line = |name: &str, value: &str| {
        format!(
            "{{\"properties\": [\n{{\"name\": \"{name}\", \"values\": [{{\"syntax\": 65538, \
             \"format\": \"dword\", \"value\": {value}}}]}}]}}"
        )
    };
    for value in ["x", "5000000000", "-7"] {
        let ascii = JsonList::from_json_text(line("Grosse", value).as_bytes()).unwrap_err();
        let wide = JsonList::from_json_text(line("Größe€", value).as_bytes()).unwrap_err();
        assert_eq!(ascii.line, 2, "{ascii}");
        assert_eq!(
            (wide.kind, wide.line, wide.column),
            (ascii.kind, 2, ascii.column),
            "{wide}"
        );
    }
    // An error inside a multi-byte character is at that character's column.
    let mut bytes = b"{\"properties\": [], \"\xc3\xa9\xff\": 1}".to_vec();
    let e = JsonList::from_json_text(&bytes).unwrap_err();
    assert_eq!(
        (e.kind, e.line, e.column),
        (JsonTextErrorKind::Json, 1, 22),
        "{e}"
    );
    bytes.truncate(4);
    assert_eq!(JsonList::from_json_text(&bytes).unwrap_err().line, 1);
}

/// A value object with neither `value` nor `raw` is an error: it was read
/// as a zero-length "reset to default" value, which a SET sends to reset
/// the property, so a forgotten key reset a property. `"value": null`
/// still says that on purpose.
#[test]
fn a_value_without_value_or_raw_is_an_error_not_a_reset() {
    let text = "{\"properties\": [{\"name\": \"A\", \"values\": [\n  {\"syntax\": 65538, \"format\": \"dword\"}]}]}";
    let e = JsonList::from_json_text(text.as_bytes()).unwrap_err();
    assert_eq!(e.kind, JsonTextErrorKind::Form, "{e}");
    assert!(e.message.starts_with("missing key \"value\""), "{e}");
    assert!(e.message.contains("\"value\": null"), "{e}");
    assert!(e.message.ends_with("in property 0 \"A\", value 0"), "{e}");
    // serde_json places a missing key at the object's closing brace.
    let brace = text.lines().nth(1).unwrap().find('}').unwrap() + 1;
    assert_eq!((e.line, e.column), (2, brace), "{e}");

    let reset = text.replace("\"dword\"}", "\"dword\", \"value\": null}");
    let Ok(JsonList::Properties(list)) = JsonList::from_json_text(reset.as_bytes()) else {
        panic!("{reset}");
    };
    let value = &list.properties[0].values[0];
    assert_eq!(value.data(), &clusprop::OwnedData::Empty);
    // count, name "A" (12 bytes), then the DWORD's syntax and length 0.
    let bytes = list.to_vec().unwrap();
    assert_eq!(bytes[16..24], [2, 0, 1, 0, 0, 0, 0, 0]);
}

/// A character that shows as white space or as nothing, where JSON takes
/// none, is named (serde_json said only "expected value"), at its column.
#[test]
fn an_unseen_character_is_named_where_it_stands() {
    for (text, what) in [
        (
            "\u{feff}\u{feff}{\"values\": []}",
            "U+FEFF (a byte-order mark)",
        ),
        ("{\"values\":\u{a0}[]}", "U+00A0 (a no-break space)"),
        (
            "{\"values\": []\u{200b}}",
            "U+200B (a zero-width character)",
        ),
        ("{\n  \"values\":\u{3000}[]}", "U+3000 (a space)"),
        (
            "{\"values\": [],\u{2028}\"x\": 1}",
            "U+2028 (a line or paragraph",
        ),
    ] {
        // The first mark is skipped as a byte-order mark; the second is text.
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let e = JsonList::from_json_text(text.as_bytes()).unwrap_err();
        assert_eq!(e.kind, JsonTextErrorKind::Json, "{e}");
        assert!(e.message.contains(&format!("found {what}")), "{e}");
        // The only character outside ASCII is the unseen one.
        let at = body.char_indices().find(|&(_, c)| !c.is_ascii()).unwrap().0;
        let line = body[..at].matches('\n').count() + 1;
        let line_start = body[..at].rfind('\n').map_or(0, |n| n + 1);
        let column = body[line_start..at].chars().count() + 1;
        assert_eq!((e.line, e.column), (line, column), "{text:?}: {e}");
    }
    // Other syntax errors keep serde_json's words alone.
    let e = JsonList::from_json_text(b"{\"values\": x}").unwrap_err();
    assert!(!e.message.contains("found U+"), "{e}");
}
