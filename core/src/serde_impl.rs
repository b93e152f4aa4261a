//! The JSON form of the owned model (feature `serde`), documented in the
//! repository's `docs/cli.md` ("The JSON form"):
//!
//! ```json
//! {"properties": [{"name": "Foo", "values": [{"syntax": 65538, "format": "dword", "value": 1}]}],
//!  "trailing_end_mark": false}
//! ```
//!
//! Each value has `syntax` (the u32), `format` (the lower-case format name;
//! required, and it must agree with the syntax), and either `value` (number,
//! string, list of strings, hex string for binary, nested object for lists,
//! `null` for an empty "reset to default" value) or `raw` (hex of bytes kept
//! as they are). Text that is not valid UTF-16 is written as
//! `{"utf16": [code units]}`.
//!
//! Reading is strict, and every error says where it is: hex is exactly
//! lower-case `[0-9a-f]` digits in pairs; a key given twice, an unknown key
//! or a missing one is an error; `syntax` comes before `value` or `raw` in a
//! value object (it says how to read the value). The visitors below know at
//! each point which form they expect, carry the path to it (property index
//! and name, value index, through nested lists) and name it in the message,
//! and report errors while the deserializer reads, so a format such as JSON
//! adds the line and column.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::formats::{Shape, describe};
use crate::hex::Hex;
use crate::limits::MAX_DEPTH_LIMIT;
use crate::owned::{
    OwnedData, OwnedProperty, OwnedPropertyList, OwnedValue, OwnedValueList, WideString,
};
use crate::syntax::Syntax;

// ---------------------------------------------------------------- writing

/// Serialized with `collect_str`: a serializer that writes as it goes
/// (serde_json's does) never holds the text, twice as large as the bytes.
impl Serialize for Hex<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn format_name(syntax: Syntax) -> String {
    match syntax.format().short_name() {
        Some(name) => name.into(),
        None => format!("{:#06x}", syntax.format().0),
    }
}

impl Serialize for WideString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.to_string_checked() {
            Some(text) => serializer.serialize_str(&text),
            None => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("utf16", self.units())?;
                map.end()
            }
        }
    }
}

impl Serialize for OwnedValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("syntax", &self.syntax().0)?;
        map.serialize_entry("format", &format_name(self.syntax()))?;
        match self.data() {
            OwnedData::Empty => map.serialize_entry("value", &())?,
            OwnedData::Raw(bytes) => map.serialize_entry("raw", &Hex(bytes))?,
            OwnedData::Binary(bytes) => map.serialize_entry("value", &Hex(bytes))?,
            OwnedData::Dword(v) => map.serialize_entry("value", v)?,
            OwnedData::Long(v) => map.serialize_entry("value", v)?,
            OwnedData::Word(v) => map.serialize_entry("value", v)?,
            OwnedData::ULargeInteger(v) => map.serialize_entry("value", v)?,
            OwnedData::LargeInteger(v) => map.serialize_entry("value", v)?,
            OwnedData::FileTime(v) => map.serialize_entry("value", &v.0)?,
            OwnedData::String(s) => map.serialize_entry("value", s)?,
            OwnedData::MultiString(items) => map.serialize_entry("value", items)?,
            OwnedData::PropertyList(list) => map.serialize_entry("value", list)?,
            OwnedData::ValueList(list) => map.serialize_entry("value", list)?,
        }
        map.end()
    }
}

impl Serialize for OwnedProperty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("values", &self.values)?;
        map.end()
    }
}

impl Serialize for OwnedPropertyList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("properties", &self.properties)?;
        map.serialize_entry("trailing_end_mark", &self.trailing_end_mark)?;
        map.end()
    }
}

impl Serialize for OwnedValueList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("values", &self.values)?;
        map.end()
    }
}

// ---------------------------------------------------------------- where

/// One step of the path to what is being read.
#[derive(Clone, Copy)]
enum Step<'a> {
    /// The document itself.
    Top,
    /// A property: its index in its list (if in one) and its name once read.
    Property(Option<usize>, Option<&'a str>),
    /// A value: its index in its property or list.
    Value(usize),
    /// A string of a `multi_sz` value.
    Item(usize),
}

/// The path from the document to what is being read, shown in messages as
/// ` in property 3 "Foo", value 0`.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

const TOP: Path<'static> = Path {
    parent: None,
    step: Step::Top,
};

impl<'a> Path<'a> {
    fn then(&'a self, step: Step<'a>) -> Path<'a> {
        Path {
            parent: Some(self),
            step,
        }
    }

    /// How deep a list opened at this point would be nested: the number of
    /// values on the path (each nested list is the data of one value; the
    /// document's own list is depth 0).
    fn list_depth(&self) -> usize {
        let mut depth = 0;
        let mut at = Some(self);
        while let Some(path) = at {
            if matches!(path.step, Step::Value(_)) {
                depth += 1;
            }
            at = path.parent;
        }
        depth
    }

    fn steps(&self, f: &mut fmt::Formatter<'_>) -> Result<bool, fmt::Error> {
        let mut any = match self.parent {
            Some(parent) => parent.steps(f)?,
            None => false,
        };
        let sep = if any { ", " } else { " in " };
        match self.step {
            Step::Top => return Ok(any),
            Step::Property(index, name) => {
                f.write_str(sep)?;
                f.write_str("property")?;
                if let Some(i) = index {
                    write!(f, " {i}")?;
                }
                if let Some(name) = name {
                    write!(f, " {}", crate::quoted(name))?;
                }
            }
            Step::Value(i) => write!(f, "{sep}value {i}")?,
            Step::Item(i) => write!(f, "{sep}string {i}")?,
        }
        any = true;
        Ok(any)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.steps(f).map(|_| ())
    }
}

/// Reads the keys of an object, refusing unknown and repeated ones.
struct Keys {
    names: &'static [&'static str],
    seen: [bool; 4],
}

impl Keys {
    fn new(names: &'static [&'static str]) -> Self {
        Keys {
            names,
            seen: [false; 4],
        }
    }

    /// The next key's index in `names`, or `None` at the end of the object.
    fn next<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        path: &Path<'_>,
    ) -> Result<Option<usize>, A::Error> {
        let Some(index) = map.next_key_seed(KeySeed { names: self.names })? else {
            return Ok(None);
        };
        if core::mem::replace(&mut self.seen[index], true) {
            return Err(A::Error::custom(format!(
                "duplicate key {:?}{path}",
                self.names[index]
            )));
        }
        Ok(Some(index))
    }
}

/// A key that must be one of `names`; yields its index.
struct KeySeed {
    names: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of the keys {:?}", self.names)
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        self.names
            .iter()
            .position(|n| *n == key)
            .ok_or_else(|| E::unknown_field(key, self.names))
    }
}

const VALUE_KEYS: &[&str] = &["syntax", "format", "value", "raw"];
const PROPERTY_KEYS: &[&str] = &["name", "values"];
const PROPERTY_LIST_KEYS: &[&str] = &["properties", "trailing_end_mark"];
const VALUE_LIST_KEYS: &[&str] = &["values"];
const UNITS_KEYS: &[&str] = &["utf16"];

// ---------------------------------------------------------------- scalars

/// An unsigned integer of type `T`, said as `what` in errors: `syntax` (a
/// `u32`) and each code unit of `utf16` (a `u16`). JSON's `-0` is 0.
struct UintSeed<'p, T> {
    what: &'static str,
    path: &'p Path<'p>,
    bits: core::marker::PhantomData<T>,
}

impl<'p, T> UintSeed<'p, T> {
    fn new(what: &'static str, path: &'p Path<'p>) -> Self {
        UintSeed {
            what,
            path,
            bits: core::marker::PhantomData,
        }
    }
}

/// The unsigned integer types a [`UintSeed`] reads, each asking the
/// deserializer for its own width (what a format that is not self-describing
/// needs to find it).
trait Uint: TryFrom<u64> + TryFrom<i64> + Default {
    fn ask<'de, D: Deserializer<'de>, V: Visitor<'de>>(
        deserializer: D,
        visitor: V,
    ) -> Result<V::Value, D::Error>;
}

impl Uint for u16 {
    fn ask<'de, D: Deserializer<'de>, V: Visitor<'de>>(
        deserializer: D,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        deserializer.deserialize_u16(visitor)
    }
}

impl Uint for u32 {
    fn ask<'de, D: Deserializer<'de>, V: Visitor<'de>>(
        deserializer: D,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        deserializer.deserialize_u32(visitor)
    }
}

impl<'de, T: Uint> DeserializeSeed<'de> for UintSeed<'_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::ask(deserializer, self)
    }
}

impl<'de, T: Uint> Visitor<'de> for UintSeed<'_, T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.what, self.path)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<T, E> {
        T::try_from(n).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(n), &self))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<T, E> {
        T::try_from(n).map_err(|_| E::invalid_value(de::Unexpected::Signed(n), &self))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<T, E> {
        if is_json_minus_zero(n) {
            Ok(T::default())
        } else {
            Err(not_an_integer(n, &self))
        }
    }
}

/// Whether a number the parser handed over as floating point is JSON's
/// `-0`: an integer (zero) in JSON's grammar, which parsers keep as
/// negative zero. Every other such number has a fraction or an exponent,
/// or lies beyond 64 bits.
fn is_json_minus_zero(n: f64) -> bool {
    n == 0.0 && n.is_sign_negative()
}

/// The error for a number that is not an integer in 64 bits, said as such
/// (the parser's own words would call `18446744073709551616` a float).
fn not_an_integer<E: de::Error>(n: f64, expected: &dyn de::Expected) -> E {
    E::invalid_value(de::Unexpected::Other(&non_integer(n)), expected)
}

/// What a floating-point number that is not an integer in 64 bits is, for
/// messages: JSON text has no NaN or infinity, but a deserializer of
/// objects in memory (Python's `float("nan")`, through `pythonize`) does.
fn non_integer(n: f64) -> String {
    if n.is_nan() {
        String::from("NaN (not a number)")
    } else if n.abs() < 9_007_199_254_740_992.0 {
        // Beyond 2^53 the parser's double no longer spells the number
        // written.
        format!("{n}, a number with a fraction or an exponent")
    } else {
        String::from("a number beyond 64-bit integers")
    }
}

/// `format`: a string.
struct FormatSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for FormatSeed<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for FormatSeed<'_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the format's name, a string such as \"dword\", for \"format\"{}",
            self.path
        )
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.into())
    }
}

/// `trailing_end_mark`: a boolean.
struct FlagSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for FlagSeed<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_bool(self)
    }
}

impl<'de> Visitor<'de> for FlagSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "true or false for \"trailing_end_mark\"{}", self.path)
    }
    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<bool, E> {
        Ok(flag)
    }
}

// ---------------------------------------------------------------- hex

/// Exactly lower-case hex digits in pairs.
fn unhex<E: de::Error>(text: &str, path: &Path<'_>) -> Result<Vec<u8>, E> {
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if let Some(at) = bytes.iter().position(|&c| digit(c).is_none()) {
        let found = text[at..].chars().next().unwrap_or('?');
        return Err(E::custom(format!(
            "expected lower-case hex digits (0-9, a-f), found {found:?} {}{path}",
            crate::error::AtCharacter(at)
        )));
    }
    if bytes.len() % 2 != 0 {
        return Err(E::custom(format!(
            "expected hex digits in pairs, found an odd number ({}){path}",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(2)
        .map(|pair| (digit(pair[0]).unwrap_or(0) << 4) | digit(pair[1]).unwrap_or(0))
        .collect())
}

struct HexSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for HexSeed<'_> {
    type Value = Vec<u8>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for HexSeed<'_> {
    type Value = Vec<u8>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string of lower-case hex digit pairs{}", self.path)
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<u8>, E> {
        unhex(text, self.path)
    }
}

// ---------------------------------------------------------------- text

/// A string, or `{"utf16": [code units]}`; no NUL.
struct TextSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_> {
    type Value = WideString;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<WideString, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl TextSeed<'_> {
    fn wide<E: de::Error>(&self, units: Vec<u16>) -> Result<WideString, E> {
        WideString::from_units(units).map_err(|_| {
            E::custom(format!(
                "expected text without NUL characters, found a NUL{}",
                self.path
            ))
        })
    }
}

impl<'de> Visitor<'de> for TextSeed<'_> {
    type Value = WideString;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string, or {{\"utf16\": [code units]}}{}", self.path)
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<WideString, E> {
        self.wide(text.encode_utf16().collect())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<WideString, A::Error> {
        let mut keys = Keys::new(UNITS_KEYS);
        let mut units = None;
        while keys.next(&mut map, self.path)?.is_some() {
            units = Some(map.next_value_seed(UnitsSeed { path: self.path })?);
        }
        match units {
            Some(units) => self.wide(units),
            None => Err(A::Error::custom(format!(
                "missing key \"utf16\"{}",
                self.path
            ))),
        }
    }
}

/// `utf16`: a list of code units.
struct UnitsSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for UnitsSeed<'_> {
    type Value = Vec<u16>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<u16>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for UnitsSeed<'_> {
    type Value = Vec<u16>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of UTF-16 code units for \"utf16\"{}", self.path)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u16>, A::Error> {
        // The hint comes from the input: it bounds nothing.
        let mut units = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let unit = || {
            UintSeed::<u16>::new(
                "a UTF-16 code unit, a number from 0 to 65535, in \"utf16\"",
                self.path,
            )
        };
        while let Some(unit) = seq.next_element_seed(unit())? {
            units.push(unit);
        }
        Ok(units)
    }
}

impl<'de> Deserialize<'de> for WideString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        TextSeed { path: &TOP }.deserialize(deserializer)
    }
}

/// The strings of a `multi_sz` value.
struct StringsSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> Visitor<'de> for StringsSeed<'_> {
    type Value = Vec<WideString>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of strings{}", self.path)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let path = self.path.then(Step::Item(items.len()));
            match seq.next_element_seed(TextSeed { path: &path })? {
                Some(item) => items.push(item),
                None => return Ok(items),
            }
        }
    }
}

// ---------------------------------------------------------------- values

/// What a value object's `"value"` must be, given its syntax.
struct DataSeed<'p> {
    syntax: Syntax,
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for DataSeed<'_> {
    type Value = OwnedData;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<OwnedData, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl DataSeed<'_> {
    /// The shape of this value's data, from the format table (`Opaque` for
    /// a format the table does not hold: such values are written as `raw`).
    fn shape(&self) -> Shape {
        describe(self.syntax.format()).map_or(Shape::Opaque, |f| f.shape)
    }

    fn range(&self) -> Option<(i128, i128)> {
        self.shape().integer_range()
    }

    fn number<E: de::Error>(self, n: i128) -> Result<OwnedData, E> {
        let Some((low, high)) = self.range() else {
            return Err(E::invalid_type(de::Unexpected::Other("a number"), &self));
        };
        match OwnedData::from_integer(self.shape(), n) {
            Some(data) => Ok(data),
            None => Err(E::custom(format!(
                "expected a number from {low} to {high} (format {}), found {n}{}",
                format_name(self.syntax),
                self.path
            ))),
        }
    }
}

impl<'de> Visitor<'de> for DataSeed<'_> {
    type Value = OwnedData;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = format_name(self.syntax);
        if let Some((low, high)) = self.range() {
            write!(f, "a number from {low} to {high} (format {name})")?;
        } else {
            f.write_str(match self.shape() {
                Shape::Bytes => "a string of lower-case hex digit pairs",
                Shape::Text => "a string, or {\"utf16\": [code units]}",
                Shape::MultiText => "a list of strings",
                Shape::PropertyList => "a property list object {\"properties\": [...]}",
                Shape::ValueList => "a value list object {\"values\": [...]}",
                _ => "no \"value\" (values of this format are written as \"raw\" hex)",
            })?;
            write!(f, " (format {name})")?;
        }
        write!(f, " or null{}", self.path)
    }

    fn visit_unit<E: de::Error>(self) -> Result<OwnedData, E> {
        Ok(OwnedData::Empty)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<OwnedData, E> {
        self.number(n.into())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<OwnedData, E> {
        self.number(n.into())
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<OwnedData, E> {
        if is_json_minus_zero(n) {
            self.number(0)
        } else {
            Err(not_an_integer(n, &self))
        }
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<OwnedData, E> {
        match self.shape() {
            Shape::Bytes => Ok(OwnedData::Binary(unhex(text, self.path)?)),
            Shape::Text => TextSeed { path: self.path }
                .visit_str(text)
                .map(OwnedData::String),
            _ => Err(E::invalid_type(de::Unexpected::Str(text), &self)),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OwnedData, A::Error> {
        match self.shape() {
            Shape::MultiText => StringsSeed { path: self.path }
                .visit_seq(seq)
                .map(OwnedData::MultiString),
            _ => Err(A::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OwnedData, A::Error> {
        // Each nested list is read by recursion through these seeds. A
        // deserializer without a recursion limit of its own (pythonize, or
        // any that walks objects in memory, where a list can contain itself)
        // would otherwise overflow the stack; no encoder writes lists nested
        // deeper than `MAX_DEPTH_LIMIT`, so reading stops there.
        if matches!(self.shape(), Shape::PropertyList | Shape::ValueList)
            && self.path.list_depth() > usize::from(MAX_DEPTH_LIMIT)
        {
            return Err(A::Error::custom(format!(
                "lists nested deeper than {MAX_DEPTH_LIMIT} levels{}",
                self.path
            )));
        }
        match self.shape() {
            Shape::Text => TextSeed { path: self.path }
                .visit_map(map)
                .map(OwnedData::String),
            Shape::PropertyList => PropertyListSeed { path: self.path }
                .visit_map(map)
                .map(OwnedData::PropertyList),
            Shape::ValueList => ValueListSeed { path: self.path }
                .visit_map(map)
                .map(OwnedData::ValueList),
            _ => Err(A::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// A value object: `syntax`, `format`, and `value` or `raw`.
struct ValueSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = OwnedValue;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<OwnedValue, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = OwnedValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a value object {{\"syntax\", \"format\", \"value\" or \"raw\"}}{}",
            self.path
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OwnedValue, A::Error> {
        let path = self.path;
        let mut keys = Keys::new(VALUE_KEYS);
        let mut syntax: Option<Syntax> = None;
        let mut format: Option<String> = None;
        let mut data: Option<OwnedData> = None;
        let need_syntax = |key: &str| {
            A::Error::custom(format!(
                "expected \"syntax\" before \"{key}\" (it says how to read the value){path}"
            ))
        };
        while let Some(key) = keys.next(&mut map, path)? {
            match key {
                0 => {
                    let word = UintSeed::<u32>::new(
                        "the syntax, a number from 0 to 4294967295, for \"syntax\"",
                        path,
                    );
                    syntax = Some(Syntax(map.next_value_seed(word)?));
                }
                1 => format = Some(map.next_value_seed(FormatSeed { path })?),
                _ => {
                    let Some(syntax) = syntax else {
                        return Err(need_syntax(VALUE_KEYS[key]));
                    };
                    if data.is_some() {
                        return Err(A::Error::custom(format!(
                            "expected either \"value\" or \"raw\", found both{path}"
                        )));
                    }
                    data = Some(if key == 2 {
                        map.next_value_seed(DataSeed { syntax, path })?
                    } else {
                        OwnedData::Raw(map.next_value_seed(HexSeed { path })?)
                    });
                }
            }
            if let (Some(syntax), Some(name)) = (syntax, &format) {
                if *name != format_name(syntax) {
                    return Err(A::Error::custom(format!(
                        "format {} does not match syntax {:#010x}: expected \"{}\"{path}",
                        crate::quoted(name),
                        syntax.0,
                        format_name(syntax)
                    )));
                }
            }
        }
        let Some(syntax) = syntax else {
            return Err(A::Error::custom(format!("missing key \"syntax\"{path}")));
        };
        if format.is_none() {
            return Err(A::Error::custom(format!(
                "missing key \"format\" (expected \"{}\" for syntax {:#010x}){path}",
                format_name(syntax),
                syntax.0
            )));
        }
        // A zero-length value asks the cluster to reset the property to its
        // default: it is written `"value": null`, never left to a key that
        // was forgotten.
        let Some(data) = data else {
            return Err(A::Error::custom(format!(
                "missing key \"value\" (or \"raw\"; a zero-length \"reset to default\" value is \
                 written \"value\": null){path}"
            )));
        };
        OwnedValue::new(syntax, data).map_err(|e| A::Error::custom(format!("{e}{path}")))
    }
}

impl<'de> Deserialize<'de> for OwnedValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValueSeed { path: &TOP }.deserialize(deserializer)
    }
}

/// A list of value objects; `at_least_one` for a property's values.
struct ValuesSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for ValuesSeed<'_> {
    type Value = Vec<OwnedValue>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ValuesSeed<'_> {
    type Value = Vec<OwnedValue>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of value objects{}", self.path)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::new();
        loop {
            let path = self.path.then(Step::Value(values.len()));
            match seq.next_element_seed(ValueSeed { path: &path })? {
                Some(value) => values.push(value),
                None => return Ok(values),
            }
        }
    }
}

// ---------------------------------------------------------------- properties

/// A property object: `name` and `values` (at least one).
struct PropertySeed<'p> {
    index: Option<usize>,
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for PropertySeed<'_> {
    type Value = OwnedProperty;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<OwnedProperty, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PropertySeed<'_> {
    type Value = OwnedProperty;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let here = self.path.then(Step::Property(self.index, None));
        write!(f, "a property object {{\"name\", \"values\"}}{here}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OwnedProperty, A::Error> {
        let mut keys = Keys::new(PROPERTY_KEYS);
        let mut name: Option<WideString> = None;
        // The name as text, for messages about the values.
        let mut shown: Option<String> = None;
        let mut values: Option<Vec<OwnedValue>> = None;
        loop {
            let here = self.path.then(Step::Property(self.index, shown.as_deref()));
            match keys.next(&mut map, &here)? {
                None => break,
                Some(0) => {
                    let read = map.next_value_seed(TextSeed { path: &here })?;
                    shown = Some(read.to_string_lossy());
                    name = Some(read);
                }
                Some(_) => values = Some(map.next_value_seed(ValuesSeed { path: &here })?),
            }
        }
        let here = self.path.then(Step::Property(self.index, shown.as_deref()));
        let Some(name) = name else {
            return Err(A::Error::custom(format!("missing key \"name\"{here}")));
        };
        match values {
            None => Err(A::Error::custom(format!("missing key \"values\"{here}"))),
            Some(values) if values.is_empty() => Err(A::Error::custom(format!(
                "expected at least one value, found none{here}"
            ))),
            Some(values) => Ok(OwnedProperty { name, values }),
        }
    }
}

impl<'de> Deserialize<'de> for OwnedProperty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PropertySeed {
            index: None,
            path: &TOP,
        }
        .deserialize(deserializer)
    }
}

/// A list of property objects.
struct PropertiesSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for PropertiesSeed<'_> {
    type Value = Vec<OwnedProperty>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PropertiesSeed<'_> {
    type Value = Vec<OwnedProperty>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of property objects{}", self.path)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut properties = Vec::new();
        loop {
            let seed = PropertySeed {
                index: Some(properties.len()),
                path: self.path,
            };
            match seq.next_element_seed(seed)? {
                Some(p) => properties.push(p),
                None => return Ok(properties),
            }
        }
    }
}

// ---------------------------------------------------------------- lists

/// A property list object: `properties` and optionally `trailing_end_mark`.
struct PropertyListSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for PropertyListSeed<'_> {
    type Value = OwnedPropertyList;
    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<OwnedPropertyList, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PropertyListSeed<'_> {
    type Value = OwnedPropertyList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a property list object {{\"properties\", \"trailing_end_mark\"}}{}",
            self.path
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OwnedPropertyList, A::Error> {
        let mut keys = Keys::new(PROPERTY_LIST_KEYS);
        let mut properties = None;
        let mut trailing_end_mark = false;
        while let Some(key) = keys.next(&mut map, self.path)? {
            if key == 0 {
                properties = Some(map.next_value_seed(PropertiesSeed { path: self.path })?);
            } else {
                trailing_end_mark = map.next_value_seed(FlagSeed { path: self.path })?;
            }
        }
        match properties {
            Some(properties) => Ok(OwnedPropertyList {
                properties,
                trailing_end_mark,
            }),
            None => Err(A::Error::custom(format!(
                "missing key \"properties\"{}",
                self.path
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for OwnedPropertyList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PropertyListSeed { path: &TOP }.deserialize(deserializer)
    }
}

/// A value list object: `values`.
struct ValueListSeed<'p> {
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for ValueListSeed<'_> {
    type Value = OwnedValueList;
    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<OwnedValueList, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ValueListSeed<'_> {
    type Value = OwnedValueList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a value list object {{\"values\"}}{}", self.path)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OwnedValueList, A::Error> {
        let mut keys = Keys::new(VALUE_LIST_KEYS);
        let mut values = None;
        while keys.next(&mut map, self.path)?.is_some() {
            values = Some(map.next_value_seed(ValuesSeed { path: self.path })?);
        }
        match values {
            Some(values) => Ok(OwnedValueList { values }),
            None => Err(A::Error::custom(format!(
                "missing key \"values\"{}",
                self.path
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for OwnedValueList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValueListSeed { path: &TOP }.deserialize(deserializer)
    }
}

/// Either kind of owned list, told apart as the JSON form does: an object
/// with `"properties"` (and optionally `"trailing_end_mark"`) is a property
/// list, one with `"values"` a bare value list.
///
/// ```
/// use clusprop::JsonList;
/// let json = r#"{"values": [{"syntax": 65538, "format": "dword", "value": 1}]}"#;
/// let list: JsonList = serde_json::from_str(json)?;
/// assert!(matches!(list, JsonList::Values(v) if v.values.len() == 1));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonList {
    /// A property list.
    Properties(OwnedPropertyList),
    /// A bare value list.
    Values(OwnedValueList),
}

const JSON_LIST_KEYS: &[&str] = &["properties", "trailing_end_mark", "values"];

impl Serialize for JsonList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            JsonList::Properties(list) => list.serialize(serializer),
            JsonList::Values(list) => list.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for JsonList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(JsonListVisitor)
    }
}

struct JsonListVisitor;

impl<'de> Visitor<'de> for JsonListVisitor {
    type Value = JsonList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with \"properties\" (a property list) or \"values\" (a value list)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonList, A::Error> {
        let mut keys = Keys::new(JSON_LIST_KEYS);
        let mut properties = None;
        let mut trailing_end_mark = None;
        let mut values = None;
        while let Some(key) = keys.next(&mut map, &TOP)? {
            match key {
                0 => properties = Some(map.next_value_seed(PropertiesSeed { path: &TOP })?),
                1 => trailing_end_mark = Some(map.next_value_seed(FlagSeed { path: &TOP })?),
                _ => values = Some(map.next_value_seed(ValuesSeed { path: &TOP })?),
            }
        }
        match (properties, values) {
            (Some(properties), None) => Ok(JsonList::Properties(OwnedPropertyList {
                properties,
                trailing_end_mark: trailing_end_mark.unwrap_or(false),
            })),
            (None, Some(values)) if trailing_end_mark.is_none() => {
                Ok(JsonList::Values(OwnedValueList { values }))
            }
            (None, Some(_)) => Err(A::Error::custom(
                "expected \"trailing_end_mark\" only with \"properties\", found it with \"values\"",
            )),
            (Some(_), Some(_)) => Err(A::Error::custom(
                "expected either \"properties\" or \"values\", found both",
            )),
            (None, None) => Err(A::Error::custom(
                "expected an object with \"properties\" (a property list) or \"values\" (a value list)",
            )),
        }
    }
}
