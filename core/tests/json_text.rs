//! `JsonList::from_json_text`: the JSON form read from text as
//! `clusprop encode` and the C ABI read it.

use clusprop::limits::MAX_DEPTH_LIMIT;
use clusprop::{JsonList, JsonTextErrorKind, OwnedPropertyList, OwnedValue};

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

/// A document of property lists nested `levels` deep inside the
/// document's own list, each holding a DWORD beside the next list, as
/// `serde_json::to_string` writes the owned model.
fn nested_property_lists(levels: usize) -> String {
    let mut inner = OwnedPropertyList::new();
    inner.push("Leaf", OwnedValue::dword(1)).unwrap();
    for _ in 0..levels {
        let mut outer = OwnedPropertyList::new();
        outer.push("N", OwnedValue::dword(2)).unwrap();
        outer.push("In", OwnedValue::property_list(inner)).unwrap();
        inner = outer;
    }
    serde_json::to_string(&inner).unwrap()
}

/// Lists nested as deep as the owned model holds them (`MAX_DEPTH_LIMIT`:
/// five JSON arrays and objects per property list, past serde_json's own
/// limit of 128) read back from the text `to_json` wrote, to the same
/// text; one level more is a form error naming the limit and the path,
/// at the place it opens. Before, serde_json's limit refused 31 levels and
/// more ("nested too deeply ... at most 8 levels").
#[test]
fn lists_nested_to_the_limit_read_back_and_one_more_is_refused() {
    let limit = usize::from(MAX_DEPTH_LIMIT);
    for levels in [limit - 8, limit] {
        let text = nested_property_lists(levels);
        let read = JsonList::from_json_text(text.as_bytes())
            .unwrap_or_else(|e| panic!("{levels} levels: {e}"));
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            text,
            "{levels} levels"
        );
    }
    let text = nested_property_lists(limit + 1);
    let e = JsonList::from_json_text(text.as_bytes()).unwrap_err();
    assert_eq!((e.kind, e.line), (JsonTextErrorKind::Form, 1), "{e}");
    assert!(
        e.message.starts_with(&format!(
            "lists nested deeper than {limit} levels in property 1 \"In\", value 0, property 1"
        )),
        "{e}"
    );
    // The column is where the 33rd nested list's object ends its first
    // key: inside the text, past the 32 levels before it.
    assert!(e.column > text.len() / 2 && e.column < text.len(), "{e}");
}

/// Arrays and objects nested far past any limit, where the form has a
/// list of values or an object, are refused where the first one that does
/// not belong opens, without reading (and recursing into) the rest: no
/// stack overflow, whatever the depth, now that serde_json's own limit is
/// off.
#[test]
fn arrays_and_objects_nested_100000_deep_are_refused_without_recursion() {
    let deep = 100_000;
    let cases = [
        (format!("{{\"properties\": {}", "[".repeat(deep)), 17),
        (format!("{{\"values\": [{}", "[".repeat(deep)), 13),
        (
            format!(
                "{{\"values\": [{{\"syntax\": 65541, \"format\": \"multi_sz\", \"value\": [{}",
                "[".repeat(deep)
            ),
            63,
        ),
        (
            format!(
                "{{\"properties\": [{{\"name\": {}",
                "{\"utf16\": ".repeat(deep)
            ),
            36,
        ),
        (
            format!(
                "{{\"values\": [{{\"syntax\": 65538, \"format\": \"dword\", \"value\": {}",
                "{\"a\": ".repeat(deep)
            ),
            59,
        ),
        // Where it wants hex text or a name.  (A key the form does not
        // have is refused at the key, before its value: below.)
        (
            format!(
                "{{\"values\": [{{\"syntax\": 65537, \"raw\": {}",
                "[".repeat(deep)
            ),
            38,
        ),
        (
            format!("{{\"properties\": [{{\"name\": {}", "[".repeat(deep)),
            26,
        ),
    ];
    for (text, column) in cases {
        // A thread with a small stack: the refusal does not recurse.
        let text2 = text.clone();
        let e = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || JsonList::from_json_text(text2.as_bytes()).unwrap_err())
            .unwrap()
            .join()
            .unwrap();
        // At the first bracket that does not belong (serde_json places an
        // unexpected array or object at the character before it).
        assert!(e.message.starts_with("invalid type: "), "{e}");
        assert_eq!(e.line, 1, "{e}");
        assert!((column - 1..=column).contains(&e.column), "{e}");
    }
    let unknown_key = format!("{{\"properties\": [], \"x\": {}", "[".repeat(deep));
    let e = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || JsonList::from_json_text(unknown_key.as_bytes()).unwrap_err())
        .unwrap()
        .join()
        .unwrap();
    assert!(e.message.starts_with("unknown field `x`"), "{e}");
    assert_eq!((e.line, e.column), (1, 22), "{e}");
    // Value lists nested 100,000 deep stop at the limit.
    let mut text = String::from("{\"values\": [");
    for _ in 0..deep {
        text.push_str("{\"syntax\": 65549, \"format\": \"value_list\", \"value\": {\"values\": [");
    }
    let e = std::thread::Builder::new()
        .stack_size(4 * 1024 * 1024)
        .spawn(move || JsonList::from_json_text(text.as_bytes()).unwrap_err())
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(e.kind, JsonTextErrorKind::Form, "{e}");
    assert!(
        e.message
            .starts_with("lists nested deeper than 32 levels in value 0, value 0"),
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
