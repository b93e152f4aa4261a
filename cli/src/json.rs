//! The JSON form of a parsed list, serialized as the list is walked: one
//! property (or value) at a time goes through the owned model, so the output
//! is exactly what serializing the whole owned list gives, without holding
//! that list in memory.

use clusprop::{OwnedProperty, OwnedValue, PropertyList, ValueList, WideString};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A parsed property list in the JSON form of `OwnedPropertyList`.
pub struct PropertyListJson<'a>(pub &'a PropertyList<'a>);

/// A parsed value list in the JSON form of `OwnedValueList`.
pub struct ValueListJson<'a>(pub &'a ValueList<'a>);

struct Properties<'a>(&'a PropertyList<'a>);

struct Values<'a>(&'a ValueList<'a>);

impl Serialize for PropertyListJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("properties", &Properties(self.0))?;
        map.serialize_entry("trailing_end_mark", &self.0.has_trailing_end_mark())?;
        map.end()
    }
}

impl Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for p in self.0 {
            seq.serialize_element(&OwnedProperty {
                name: WideString::from(p.name()),
                values: p.values().map(|v| OwnedValue::from_raw(&v)).collect(),
            })?;
        }
        seq.end()
    }
}

impl Serialize for ValueListJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("values", &Values(self.0))?;
        map.end()
    }
}

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(&OwnedValue::from_raw(&v))?;
        }
        seq.end()
    }
}

/// `value` as pretty JSON into `out`, as `serde_json::to_writer_pretty`
/// writes it but for the characters the core escapes in text
/// ([`clusprop::must_escape`]) that JSON allows raw (DEL, C1 controls,
/// Unicode line separators, bidi controls): they are written `\uXXXX`, so
/// the JSON shown on a terminal reads as it is, and means the same text.
pub fn to_writer_pretty<W: std::io::Write, T: Serialize + ?Sized>(
    out: &mut W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(out, EscapingFormatter(Default::default()));
    value.serialize(&mut serializer)
}

/// `value` as pretty JSON text, escaped as [`to_writer_pretty`] escapes it.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer_pretty(&mut out, value)?;
    // The serializer writes UTF-8 only (strings are `str`, escapes ASCII).
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// serde_json's pretty formatter, with the text of strings escaped where
/// [`clusprop::must_escape`] says (serde_json escapes C0 controls itself,
/// before a fragment reaches [`write_string_fragment`](serde_json::ser::Formatter::write_string_fragment)).
struct EscapingFormatter(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for EscapingFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if clusprop::must_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                // Every such character is in the BMP: one `\u` escape.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_escapes_what_the_core_escapes_and_reads_back_the_same() {
        let text = "a\u{7f}\u{85}\u{2028}\u{202e}\u{2066}\u{61c}\u{200e}\n\u{1b}é\"\\z";
        let value = serde_json::json!({ text: [text, 1] });
        let shown = to_string_pretty(&value).unwrap();
        assert!(
            !shown.contains(|c: char| clusprop::must_escape(c) && c != '\n'),
            "{shown}"
        );
        assert!(
            shown.contains(r#""a\u007f\u0085\u2028\u202e\u2066\u061c\u200e\n\u001bé\"\\z""#),
            "{shown}"
        );
        // The same document, laid out as serde_json lays it out.
        let again: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(again, value);
        let plain =
            serde_json::to_string_pretty(&serde_json::json!({"k": [1, {"a": []}]})).unwrap();
        assert_eq!(
            to_string_pretty(&serde_json::json!({"k": [1, {"a": []}]})).unwrap(),
            plain
        );
    }
}
