//! Values as people (and scripts) read them: strings as text with only
//! control characters escaped, FILETIMEs as ISO-8601 UTC times, resource
//! classes by name, numbers in decimal.

use clusprop::{FileTime, RawValue, Value};

/// `s` as the core's [`clusprop::escaped`] writes it: each control
/// character, Unicode line or paragraph separator and bidirectional
/// control escaped (`\n`, `\r`, `\t`, `\0`, other ones as `\u{..}`) and
/// everything else as it is, backslashes included (`C:\ClusterStorage`),
/// so that text reads as text and shows as it reads; the rare string that
/// holds a backslash followed by `n` reads like an escaped newline, which
/// the JSON form (`--json`) tells apart.
pub fn text(s: &str) -> String {
    clusprop::escaped(s).to_string()
}

/// A UTF-16 string (a name, a string value) as [`text`] shows it, with each
/// unpaired surrogate, which Windows strings may hold and Unicode text
/// cannot, shown as its code unit (`\u{d800}`): a lossy conversion shows
/// every one as U+FFFD, so that names differing only there looked the same
/// (and like a real U+FFFD).
pub fn wide(s: &clusprop::Utf16Str<'_>) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for c in s.chars() {
        match c {
            Ok(c) => run.push(c),
            Err(e) => {
                out.push_str(&text(&run));
                run.clear();
                let _ = write!(out, "\\u{{{:x}}}", e.unpaired_surrogate());
            }
        }
    }
    out.push_str(&text(&run));
    out
}

/// `s` with every character [`text`] escapes escaped as it does, but a
/// line break or a tab: multi-line text that is safe to print on a terminal.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    clusprop::escaped(s).keep_line_breaks().to_cow()
}

/// A FILETIME as an ISO-8601 UTC time, `1601-01-01T00:00:00Z`, with the
/// fraction of a second (100 ns digits, trailing zeros dropped) when there
/// is one ([`FileTime::utc`]: what the `filetime` notation reads back).
pub fn filetime(t: FileTime) -> String {
    t.utc().to_string()
}

/// A `CLUSTER_RESOURCE_CLASS` by name.
pub fn resource_class(class: u32) -> String {
    match class {
        0 => "unknown".to_owned(),
        1 => "storage".to_owned(),
        2 => "network".to_owned(),
        c if c >= 0x8000 => format!("user ({c:#x})"),
        c => format!("{c}"),
    }
}

/// One value as lines of plain text (a MULTI_SZ gives one line per
/// string), what `get --format value` prints.
pub fn lines(v: &RawValue<'_>) -> Vec<String> {
    match v.decode() {
        Value::Empty => vec![String::new()],
        Value::Dword(n) | Value::DiskSignature(n) | Value::DiskNumber(n) => vec![n.to_string()],
        Value::Long(n) => vec![n.to_string()],
        Value::Word(n) => vec![n.to_string()],
        Value::ULargeInteger(n) | Value::DiskSize(n) => vec![n.to_string()],
        Value::LargeInteger(n) => vec![n.to_string()],
        Value::FileTime(t) => vec![filetime(t)],
        Value::Sz(s)
        | Value::ExpandSz(s)
        | Value::ExpandedSz(s)
        | Value::Name(s)
        | Value::DiskSerialNumber(s)
        | Value::DiskGuid(s) => vec![wide(&s)],
        Value::MultiSz(m) => m.into_iter().map(|s| wide(&s)).collect(),
        Value::ResourceClass(c) => vec![match c.subclass {
            Some(s) if s & 0x8000_0000 != 0 => format!("{} shared", resource_class(c.class)),
            Some(s) => format!("{} subclass {s:#x}", resource_class(c.class)),
            None => resource_class(c.class),
        }],
        other => vec![text(&other.to_string())],
    }
}

/// One value on one line for the tree and the dump: strings quoted (only
/// control characters escaped), FILETIMEs as ISO-8601 UTC (with the ticks
/// too when `ticks`), resource classes by name, the rest as the core shows
/// it (numbers in decimal and hex).
pub fn describe(v: &Value<'_>, ticks: bool) -> String {
    let quoted = |s: &clusprop::Utf16Str<'_>| format!("\"{}\"", wide(s));
    match v {
        Value::Sz(s)
        | Value::ExpandSz(s)
        | Value::ExpandedSz(s)
        | Value::Name(s)
        | Value::DiskSerialNumber(s)
        | Value::DiskGuid(s) => quoted(s),
        Value::MultiSz(m) => format!(
            "[{}]",
            m.into_iter()
                .map(|s| quoted(&s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::FileTime(t) if ticks => format!("{} (ticks {}, {:#x})", filetime(*t), t.0, t.0),
        Value::FileTime(t) => filetime(*t),
        Value::ResourceClass(c) => match c.subclass {
            Some(s) if s & 0x8000_0000 != 0 => {
                format!("{} ({}), shared ({s:#x})", resource_class(c.class), c.class)
            }
            Some(s) => format!("{} ({}), subclass {s:#x}", resource_class(c.class), c.class),
            None => format!("{} ({})", resource_class(c.class), c.class),
        },
        other => other.to_string(),
    }
}

/// One value on one line (a MULTI_SZ's strings joined by `, `), for tables.
pub fn one_line(v: &RawValue<'_>) -> String {
    lines(v).join(", ")
}

/// A value's format as a short name (`DWORD`, `SZ`, `MULTI_SZ`).
pub fn format_name(v: &RawValue<'_>) -> &'static str {
    clusprop_ffi::known::format_name(v.syntax().format())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_controls_separators_and_bidi_controls_only() {
        assert_eq!(
            text("C:\\ClusterStorage \"x\" é"),
            "C:\\ClusterStorage \"x\" é"
        );
        assert_eq!(text("a\nb\t\0\u{1b}"), "a\\nb\\t\\0\\u{1b}");
        // C1 controls, DEL, line separators and bidi controls too.
        assert_eq!(
            text("\u{85}\u{7f}\u{2028}\u{2029}\u{202e}\u{2066}\u{200f}\u{61c}"),
            "\\u{85}\\u{7f}\\u{2028}\\u{2029}\\u{202e}\\u{2066}\\u{200f}\\u{61c}"
        );
        assert_eq!(
            terminal_safe("a\n\tb\r\u{1b}\u{202e}"),
            "a\n\tb\\r\\u{1b}\\u{202e}"
        );
        assert!(matches!(
            terminal_safe("a\nb"),
            std::borrow::Cow::Borrowed("a\nb")
        ));
    }

    /// Different strings never look the same: an unpaired surrogate is its
    /// code unit (a lossy conversion made each one U+FFFD, as a real U+FFFD
    /// is), and what is around it is escaped as `text` escapes it.
    #[test]
    fn unpaired_surrogates_are_shown_as_their_code_unit() {
        let wide = |u: &[u16]| {
            let bytes: Vec<u8> = u.iter().flat_map(|u| u.to_le_bytes()).collect();
            super::wide(&clusprop::Utf16Str::from_le_bytes(&bytes).unwrap())
        };
        assert_eq!(wide(&[0x41, 0xD800, 0x42]), "A\\u{d800}B");
        assert_eq!(wide(&[0xDC00]), "\\u{dc00}");
        assert_eq!(wide(&[0xFFFD]), "\u{fffd}");
        assert_ne!(wide(&[0xD800]), wide(&[0xDC00]));
        // A pair is one character, shown as it is; two high halves are
        // both alone.
        assert_eq!(wide(&[0xD83D, 0xDE00]), "\u{1f600}");
        assert_eq!(wide(&[0xD800, 0xD800]), "\\u{d800}\\u{d800}");
        // Around them, text is escaped as `text` escapes it.
        assert_eq!(wide(&[0x0A, 0xD800, 0x202E]), "\\n\\u{d800}\\u{202e}");
    }

    #[test]
    fn resource_classes_by_name() {
        assert_eq!(resource_class(1), "storage");
        assert_eq!(resource_class(2), "network");
        assert_eq!(resource_class(0x8001), "user (0x8001)");
    }
}
