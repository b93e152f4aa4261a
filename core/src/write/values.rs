//! What can be written as a value: the [`EncodeValue`] trait, the
//! [`Utf16Source`] trait for text, and the format wrappers.
//!
//! Typed wrappers are correct by construction (their syntax and length always
//! agree); text is checked for NUL characters, and raw data is checked by the
//! same rules the reader applies, so whatever the builder accepts of the
//! crate's values decodes (an [`EncodeValue`] implemented outside the crate
//! is trusted to do the same).

use crate::error::{DecodeError, DecodeErrorKind, EncodeError, LookupError};
use crate::options::DecodeOptions;
use crate::read::validate;
use crate::read::value::{FileTime, FromValue, expect, string};
use crate::read::views::{PropertyList, RawValue, ValueList};
use crate::syntax::{ListKind, PropertyFormat, Syntax};
use crate::text::{MultiSz, Utf16Str};
use crate::wire::Entry;
use crate::write::builder::EncodeOptions;

/// A value the builders can write: a syntax and exactly `data_len()` bytes.
///
/// Implemented for the integers (`u32` → DWORD, `i32` → LONG, `u16` → WORD,
/// `u64` → ULARGE_INTEGER, `i64` → LARGE_INTEGER), [`FileTime`], the format
/// wrappers of this module, the reader's [`RawValue`], [`PropertyList`] and
/// [`ValueList`] (copied through), and, with `alloc`, the owned model.
///
/// The builders check where a value's syntax may stand, its nesting and
/// the writer's policy, but not its data: they write what `write_data`
/// writes. The crate's implementations keep their data to the reader's
/// rules for their syntax (a DWORD is 4 bytes, a string ends in its only
/// NUL, ...); an implementation of your own must too, or the list it is
/// written into will not decode. For bytes made elsewhere, [`RawData`]
/// checks them by the reader's rules.
pub trait EncodeValue {
    /// The syntax word to write.
    fn syntax(&self) -> Syntax;

    /// The unpadded data length, or why this value cannot be encoded.
    fn data_len(&self) -> Result<usize, EncodeError>;

    /// Writes the data into `out`, which is exactly `data_len()` bytes long.
    fn write_data(&self, out: &mut [u8]);

    /// How many levels of nested lists this value contains (0 for a plain
    /// value, 1 for a list of plain values). The builders refuse values that
    /// would nest deeper than the default reader accepts.
    fn nesting_depth(&self) -> u8 {
        0
    }

    /// Checks the rules of `options` inside this value's nested lists, at
    /// every depth (no `EXPANDED_SZ` unless allowed, at most
    /// `max_values_per_property` values per property), so that a policy
    /// the builder applies to its own entries holds for nested content too.
    /// Plain values have no nested lists: the default accepts.
    fn check_nested(&self, options: &EncodeOptions) -> Result<(), EncodeError> {
        let _ = options;
        Ok(())
    }
}

/// Text the writer can encode as UTF-16LE: `&str`, `String`, `&[u16]`,
/// `Vec<u16>`, the reader's [`Utf16Str`] and the owned model's `WideString`.
///
/// Only [`for_each_unit`](Self::for_each_unit) is required; the other two
/// methods have fast versions for the built-in types.
pub trait Utf16Source {
    /// Calls `f` with each UTF-16 code unit in order.
    fn for_each_unit(&self, f: &mut dyn FnMut(u16));

    /// Number of code units, or `InteriorNul` when one of them is NUL.
    fn checked_units(&self) -> Result<usize, EncodeError> {
        let mut count = 0usize;
        let mut nul = false;
        self.for_each_unit(&mut |u| {
            count += 1;
            nul |= u == 0;
        });
        if nul {
            Err(EncodeError::InteriorNul)
        } else {
            Ok(count)
        }
    }

    /// The text as UTF-8, when that is how it is held (`str`, `String`).
    /// The writer uses it to tell ASCII text from its length alone after
    /// measuring, instead of scanning it again. The provided method returns
    /// `None`, which is always correct; an implementation that returns
    /// `Some` must return the text its other methods describe.
    #[inline]
    fn as_utf8(&self) -> Option<&str> {
        None
    }

    /// Writes the code units little-endian into `out`, which must be exactly
    /// `2 * checked_units()` bytes long (the built-in types rely on that
    /// length: given another, what they write is unspecified, but they
    /// never panic).
    fn write_le(&self, out: &mut [u8]) {
        let mut chunks = out.chunks_exact_mut(2);
        self.for_each_unit(&mut |u| {
            if let Some(c) = chunks.next() {
                c.copy_from_slice(&u.to_le_bytes());
            }
        });
    }
}

fn units_checked(units: &[u16]) -> Result<usize, EncodeError> {
    if units.contains(&0) {
        Err(EncodeError::InteriorNul)
    } else {
        Ok(units.len())
    }
}

fn write_units_le(units: &[u16], out: &mut [u8]) {
    for (c, u) in out.chunks_exact_mut(2).zip(units) {
        c.copy_from_slice(&u.to_le_bytes());
    }
}

/// One pass over UTF-8 bytes, eight at a time: whether they are all ASCII
/// and whether one of them is NUL. Both answers are yes/no, so windows may
/// overlap: a string of 8 to 16 bytes is read as its first and last word of
/// 8, a longer one word by word with a last word overlapping the one before
/// it, one of 4 to 7 bytes as two overlapping words of 4, and only one
/// shorter than that byte by byte.
#[inline(always)]
fn scan_ascii_nul(bytes: &[u8]) -> (bool, bool) {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Every byte read is OR-ed into `any`; every word's "has a zero byte"
    // flags (the classic test, exact as a yes/no answer) into `zeros`.
    let (mut any, mut zeros) = (0u64, 0u64);
    let mut word = |w: u64| {
        any |= w;
        zeros |= w.wrapping_sub(LOW) & !w & HIGH;
    };
    match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (Some(&first), Some(&last)) if bytes.len() <= 16 => {
            word(u64::from_le_bytes(first));
            word(u64::from_le_bytes(last));
        }
        (Some(_), Some(&last)) => {
            let mut rest = bytes;
            while let Some((&w, tail)) = rest.split_first_chunk::<8>() {
                word(u64::from_le_bytes(w));
                rest = tail;
            }
            if !rest.is_empty() {
                word(u64::from_le_bytes(last));
            }
        }
        _ => match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            // Words of 4, their high halves filled with 0x01 bytes (neither
            // NUL nor above ASCII).
            (Some(&first), Some(&last)) => {
                let filler = LOW & !u64::from(u32::MAX);
                word(u64::from(u32::from_le_bytes(first)) | filler);
                word(u64::from(u32::from_le_bytes(last)) | filler);
            }
            _ => {
                for &b in bytes {
                    word(u64::from(b) | (LOW & !0xFF));
                }
            }
        },
    }
    (any & HIGH == 0, zeros != 0)
}

/// Writes ASCII bytes as UTF-16LE units: each byte, then a zero, eight
/// bytes at a time. The last eight bytes of a string of eight or more are
/// widened as one word that may overlap the one before (writing the same
/// units twice); a string of 8 to 16 bytes is two such words, with no loop.
///
/// Kept out of line on purpose: inlined into the builder's larger bodies,
/// `widen8` stops compiling to an unpack and becomes sixteen byte stores
/// (measured: encode `typical` went from 9,512 to 11,693 instructions).
#[inline(never)]
fn widen_ascii(bytes: &[u8], out: &mut [u8]) {
    fn widen8(src: &[u8; 8]) -> [u8; 16] {
        // Fixed sizes, so this compiles to an unpack, not a loop.
        let mut wide = [0u8; 16];
        for (i, &b) in src.iter().enumerate() {
            wide[2 * i] = b;
        }
        wide
    }
    let Some(out) = out.get_mut(..2 * bytes.len()) else {
        return;
    };
    let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) else {
        for (c, &b) in out.chunks_exact_mut(2).zip(bytes) {
            c[0] = b;
            c[1] = 0;
        }
        return;
    };
    if bytes.len() > 16 {
        let (mut src, mut dst) = (bytes, &mut out[..]);
        while let (Some((s, src_tail)), Some((d, dst_tail))) = (
            src.split_first_chunk::<8>(),
            dst.split_first_chunk_mut::<16>(),
        ) {
            *d = widen8(s);
            (src, dst) = (src_tail, dst_tail);
        }
    } else if let Some(d) = out.first_chunk_mut::<16>() {
        *d = widen8(first);
    }
    if let Some(d) = out.last_chunk_mut::<16>() {
        *d = widen8(last);
    }
}

impl Utf16Source for str {
    #[inline]
    fn for_each_unit(&self, f: &mut dyn FnMut(u16)) {
        self.encode_utf16().for_each(f)
    }
    #[inline(always)]
    fn as_utf8(&self) -> Option<&str> {
        Some(self)
    }
    #[inline(always)]
    fn checked_units(&self) -> Result<usize, EncodeError> {
        let bytes = self.as_bytes();
        // A NUL byte is a NUL code unit (UTF-8 never uses 0 inside a
        // sequence).
        let (ascii, nul) = scan_ascii_nul(bytes);
        if nul {
            return Err(EncodeError::InteriorNul);
        }
        // Property names and most values are ASCII: one unit per byte.
        if ascii {
            return Ok(bytes.len());
        }
        Ok(utf16_units_of_utf8(bytes))
    }
    #[inline(always)]
    fn write_le(&self, out: &mut [u8]) {
        // As many code units as UTF-8 bytes only when every character is
        // ASCII (any other takes more bytes than units): no second scan.
        if out.len() == 2 * self.len() {
            widen_ascii(self.as_bytes(), out);
        } else {
            write_utf8_as_utf16(self, out);
        }
    }
}

/// Code units of UTF-8 `bytes` as UTF-16: one per lead byte, two for
/// 4-byte sequences (characters above U+FFFF); a branch-free sum. Kept out
/// of line: ASCII text, the common case, never comes here, and inlined its
/// vector constants would be loaded on every call.
#[cold]
#[inline(never)]
fn utf16_units_of_utf8(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// Writes non-ASCII `text` as UTF-16LE units into `out` (out of line for
/// the same reason as [`utf16_units_of_utf8`]).
#[cold]
#[inline(never)]
fn write_utf8_as_utf16(text: &str, out: &mut [u8]) {
    for (c, u) in out.chunks_exact_mut(2).zip(text.encode_utf16()) {
        c.copy_from_slice(&u.to_le_bytes());
    }
}

impl Utf16Source for [u16] {
    fn for_each_unit(&self, f: &mut dyn FnMut(u16)) {
        self.iter().copied().for_each(f)
    }
    fn checked_units(&self) -> Result<usize, EncodeError> {
        units_checked(self)
    }
    fn write_le(&self, out: &mut [u8]) {
        write_units_le(self, out)
    }
}

impl Utf16Source for Utf16Str<'_> {
    fn for_each_unit(&self, f: &mut dyn FnMut(u16)) {
        self.units().for_each(f)
    }
    fn checked_units(&self) -> Result<usize, EncodeError> {
        if self.as_le_bytes().chunks_exact(2).any(|c| c == [0, 0]) {
            Err(EncodeError::InteriorNul)
        } else {
            Ok(self.len())
        }
    }
    fn write_le(&self, out: &mut [u8]) {
        // Already little-endian: a plain copy.
        if let Some(dst) = out.get_mut(..self.as_le_bytes().len()) {
            dst.copy_from_slice(self.as_le_bytes());
        }
    }
}

impl<T: Utf16Source + ?Sized> Utf16Source for &T {
    #[inline]
    fn for_each_unit(&self, f: &mut dyn FnMut(u16)) {
        (**self).for_each_unit(f)
    }
    #[inline(always)]
    fn as_utf8(&self) -> Option<&str> {
        (**self).as_utf8()
    }
    #[inline(always)]
    fn checked_units(&self) -> Result<usize, EncodeError> {
        (**self).checked_units()
    }
    #[inline(always)]
    fn write_le(&self, out: &mut [u8]) {
        (**self).write_le(out)
    }
}

#[cfg(feature = "alloc")]
impl Utf16Source for alloc::string::String {
    #[inline]
    fn for_each_unit(&self, f: &mut dyn FnMut(u16)) {
        self.as_str().for_each_unit(f)
    }
    #[inline(always)]
    fn as_utf8(&self) -> Option<&str> {
        Some(self.as_str())
    }
    #[inline]
    fn checked_units(&self) -> Result<usize, EncodeError> {
        self.as_str().checked_units()
    }
    #[inline]
    fn write_le(&self, out: &mut [u8]) {
        self.as_str().write_le(out)
    }
}

#[cfg(feature = "alloc")]
impl Utf16Source for alloc::vec::Vec<u16> {
    fn for_each_unit(&self, f: &mut dyn FnMut(u16)) {
        self.as_slice().for_each_unit(f)
    }
    fn checked_units(&self) -> Result<usize, EncodeError> {
        units_checked(self)
    }
    fn write_le(&self, out: &mut [u8]) {
        write_units_le(self, out)
    }
}

/// Writes `text` and a terminating NUL as UTF-16LE into `out`.
#[inline(always)]
pub(crate) fn write_utf16_nul<T: Utf16Source + ?Sized>(text: &T, out: &mut [u8]) {
    // A fixed-size NUL: two stores, not a call to memset.
    if let Some((text_bytes, nul)) = out.split_last_chunk_mut::<2>() {
        text.write_le(text_bytes);
        *nul = [0, 0];
    }
}

/// Byte length of `text` plus its NUL, as an entry's `u32` length: one
/// compare bounds the units, so the sum and the doubling cannot overflow.
#[inline(always)]
pub(crate) fn utf16_nul_len32<T: Utf16Source + ?Sized>(text: &T) -> Result<u32, EncodeError> {
    const MAX_UNITS: u32 = u32::MAX / 2 - 1;
    match u32::try_from(text.checked_units()?) {
        Ok(units) if units <= MAX_UNITS => Ok((units + 1) * 2),
        _ => Err(EncodeError::TooLong),
    }
}

/// Byte length of `text` plus its NUL ([`utf16_nul_len32`]: an entry's
/// length is a `u32`, so nothing longer can be written).
#[inline]
pub(crate) fn utf16_nul_len<T: Utf16Source + ?Sized>(text: &T) -> Result<usize, EncodeError> {
    usize::try_from(utf16_nul_len32(text)?).map_err(|_| EncodeError::TooLong)
}

/// `EncodeValue` for values of a fixed size: `TYPE => SYNTAX, |v| BYTES`
/// writes `BYTES` (a little-endian byte array made from `v`, the value)
/// under `SYNTAX`; the data length is the array's.
macro_rules! fixed_size_values {
    ($($ty:ty => $syntax:ident, |$v:ident| $bytes:expr;)*) => {$(
        impl $crate::write::values::EncodeValue for $ty {
            #[inline]
            fn syntax(&self) -> $crate::syntax::Syntax {
                $crate::syntax::Syntax::$syntax
            }
            #[inline]
            fn data_len(&self) -> Result<usize, $crate::error::EncodeError> {
                let $v = self;
                Ok($bytes.len())
            }
            #[inline]
            fn write_data(&self, out: &mut [u8]) {
                let $v = self;
                out.copy_from_slice(&$bytes);
            }
        }
    )*};
}
pub(crate) use fixed_size_values;

fixed_size_values! {
    u32 => LIST_VALUE_DWORD, |v| v.to_le_bytes();
    i32 => LIST_VALUE_LONG, |v| v.to_le_bytes();
    u16 => LIST_VALUE_WORD, |v| v.to_le_bytes();
    u64 => LIST_VALUE_ULARGE_INTEGER, |v| v.to_le_bytes();
    i64 => LIST_VALUE_LARGE_INTEGER, |v| v.to_le_bytes();
    FileTime => LIST_VALUE_FILETIME, |v| v.0.to_le_bytes();
    // A cluster boolean: a DWORD 0 or 1.
    bool => LIST_VALUE_DWORD, |v| u32::from(*v).to_le_bytes();
}

#[cfg(feature = "std")]
impl EncodeValue for std::time::SystemTime {
    /// `LIST_VALUE_FILETIME`, truncated to 100 ns; `TimeOutOfRange` before
    /// 1601 or after the last `FILETIME` tick.
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_FILETIME
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        FileTime::from_system_time(*self)
            .map(|_| 8)
            .ok_or(EncodeError::TimeOutOfRange)
    }
    fn write_data(&self, out: &mut [u8]) {
        if let Some(t) = FileTime::from_system_time(*self) {
            t.write_data(out);
        }
    }
}

macro_rules! string_wrappers {
    ($($(#[$doc:meta])* $name:ident => $syntax:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
        pub struct $name<T>(pub T);

        impl<T: Utf16Source> EncodeValue for $name<T> {
            fn syntax(&self) -> Syntax {
                Syntax::$syntax
            }
            #[inline]
            fn data_len(&self) -> Result<usize, EncodeError> {
                utf16_nul_len(&self.0)
            }
            #[inline]
            fn write_data(&self, out: &mut [u8]) {
                write_utf16_nul(&self.0, out)
            }
        }
    )*};
}

string_wrappers! {
    /// An `SZ` string (`CLUSPROP_SYNTAX_LIST_VALUE_SZ`). Reading: `Sz<Utf16Str>`.
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let mut b = clusprop::PropertyListBuilder::new(&mut buf);
    /// b.property("Name", &clusprop::Sz("ab"))?;
    /// assert_eq!(b.finish()?, 44); // vector V2
    /// # Ok::<(), clusprop::EncodeError>(())
    /// ```
    Sz => LIST_VALUE_SZ;
    /// An `EXPAND_SZ` string with unexpanded `%VAR%` references.
    ExpandSz => LIST_VALUE_EXPAND_SZ;
    /// An `EXPANDED_SZ` string (server replies only, MS-CMRP 2.2.2.3).
    ExpandedSz => LIST_VALUE_EXPANDED_SZ;
    /// A resource type name in a bare value list (`CLUSPROP_SYNTAX_NAME`).
    Name => NAME;
    /// A disk serial number in a bare value list (`CLUSPROP_SYNTAX_DISK_SERIALNUMBER`).
    /// Reading: `DiskSerialNumber<Utf16Str>`.
    DiskSerialNumber => DISK_SERIALNUMBER;
}

/// Reading a wrapped string: the wrapper names the format the value must
/// have (`Sz<Utf16Str>` reads an `SZ`, and so on). These impls live with
/// the wrappers so that the reader does not depend on the writer.
macro_rules! read_string_wrappers {
    ($($name:ident => $format:ident;)*) => {$(
        impl<'data> FromValue<'data> for $name<Utf16Str<'data>> {
            fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
                Ok($name(string(expect(value, PropertyFormat::$format, None)?)))
            }
        }
    )*};
}

read_string_wrappers! {
    Sz => SZ;
    ExpandSz => EXPAND_SZ;
    ExpandedSz => EXPANDED_SZ;
}

/// A `MULTI_SZ` string list. Elements must be non-empty and NUL-free; an
/// empty list is written as a single NUL (length 2), as `CClusPropList` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MultiSzOf<'a, T>(pub &'a [T]);

impl<T: Utf16Source> EncodeValue for MultiSzOf<'_, T> {
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_MULTI_SZ
    }
    #[inline]
    fn data_len(&self) -> Result<usize, EncodeError> {
        let mut total: usize = 2;
        for s in self.0 {
            let len = utf16_nul_len(s)?;
            if len == 2 {
                return Err(EncodeError::EmptyMultiSzString);
            }
            total = total.checked_add(len).ok_or(EncodeError::TooLong)?;
        }
        Ok(total)
    }
    fn write_data(&self, out: &mut [u8]) {
        if write_ascii_multi_sz(self.0, out) {
            return;
        }
        let mut at = 0;
        for s in self.0 {
            let len = utf16_nul_len(s).unwrap_or(0);
            if let Some(dst) = out.get_mut(at..at + len) {
                write_utf16_nul(s, dst);
            }
            at += len;
        }
        if let Some(dst) = out.get_mut(at..at + 2) {
            dst.copy_from_slice(&[0, 0]);
        }
    }
}

/// Writes `items` as `MULTI_SZ` data into `out` (exactly `data_len()`
/// bytes) when all of them are ASCII text held as UTF-8, and says whether
/// it did. No item is scanned again: UTF-8 text has at most one UTF-16
/// unit per byte, and exactly one only when it is ASCII, so the lengths
/// alone tell, once `data_len` has measured the units.
#[inline]
fn write_ascii_multi_sz<T: Utf16Source>(items: &[T], out: &mut [u8]) -> bool {
    // Each item as ASCII takes twice its bytes plus a NUL; the list, a
    // last NUL. (Saturating: a sum that cannot be the length is no match.)
    let ascii_len = |text: &str| text.len().saturating_mul(2).saturating_add(2);
    let mut utf8_len: usize = 2;
    for item in items {
        match item.as_utf8() {
            Some(text) => utf8_len = utf8_len.saturating_add(ascii_len(text)),
            None => return false,
        }
    }
    if utf8_len != out.len() {
        return false;
    }
    let mut rest = &mut out[..];
    for text in items.iter().filter_map(Utf16Source::as_utf8) {
        let Some((item, tail)) = rest.split_at_mut_checked(ascii_len(text)) else {
            return false;
        };
        write_utf16_nul(text, item);
        rest = tail;
    }
    // What is left is the list's last NUL.
    if let Some(nul) = rest.first_chunk_mut::<2>() {
        *nul = [0, 0];
    }
    true
}

/// A `BINARY` value (`CLUSPROP_SYNTAX_LIST_VALUE_BINARY`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Binary<'a>(pub &'a [u8]);

impl EncodeValue for Binary<'_> {
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_BINARY
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        Ok(self.0.len())
    }
    fn write_data(&self, out: &mut [u8]) {
        out.copy_from_slice(self.0)
    }
}

/// A zero-length value of `syntax`: in a SET list, "reset this property to
/// its default" (`CClusPropList::ScSetPropToDefault`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResetToDefault(pub Syntax);

impl EncodeValue for ResetToDefault {
    fn syntax(&self) -> Syntax {
        self.0
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        Ok(0)
    }
    fn write_data(&self, _out: &mut [u8]) {}
}

/// Any syntax with caller-supplied data (user-defined syntaxes, disk
/// structures, security descriptors). The data is checked with the reader's
/// rules for that syntax, nested lists included.
///
/// ```
/// use clusprop::{RawData, Syntax};
/// let mut buf = [0u8; 64];
/// let mut b = clusprop::ValueListBuilder::new(&mut buf);
/// b.value(&RawData { syntax: Syntax::DISK_SIGNATURE, data: &0x1234_5678u32.to_le_bytes() })?;
/// assert!(b.value(&RawData { syntax: Syntax::DISK_SIGNATURE, data: &[1, 2] }).is_err());
/// # Ok::<(), clusprop::EncodeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RawData<'a> {
    /// The syntax word.
    pub syntax: Syntax,
    /// The unpadded data.
    pub data: &'a [u8],
}

/// The length of raw `data` for `syntax`, once the default reader's content
/// rules accept it.
pub(crate) fn checked_raw_len(syntax: Syntax, data: &[u8]) -> Result<usize, EncodeError> {
    if u32::try_from(data.len()).is_err() {
        return Err(EncodeError::TooLong);
    }
    let entry = Entry::unframed(syntax, data);
    // Structure and content only: the values-per-property limit of nested
    // lists is the caller's policy, applied by `check_raw_nested`.
    let mut structure = DecodeOptions::new();
    structure.max_values_per_property = u16::MAX;
    validate::entry_content::<DecodeError>(&entry, &structure, 0, &mut validate::Unseen).map_err(
        |e| match e.kind() {
            DecodeErrorKind::InteriorNul => EncodeError::InteriorNul,
            DecodeErrorKind::TooDeep { .. } => EncodeError::TooDeep,
            _ => EncodeError::WrongLength {
                syntax,
                length: data.len(),
            },
        },
    )?;
    Ok(data.len())
}

/// The policy of `options` inside raw nested-list `data` of `syntax`, at
/// every depth (nothing to check for other syntaxes). The reader enforces
/// it, with the reader options that mirror the writer's.
pub(crate) fn check_raw_nested(
    syntax: Syntax,
    data: &[u8],
    options: &EncodeOptions,
) -> Result<(), EncodeError> {
    if syntax.list_kind().is_none() {
        return Ok(());
    }
    let entry = Entry::unframed(syntax, data);
    let mut policy = DecodeOptions::new();
    policy.reject_expanded_sz = !options.allow_expanded_sz;
    policy.max_values_per_property = options.max_values_per_property;
    validate::entry_content::<DecodeError>(&entry, &policy, 0, &mut validate::Unseen).map_err(|e| {
        match e.kind() {
            DecodeErrorKind::ExpandedSzFromClient => EncodeError::ExpandedSzNotAllowed,
            DecodeErrorKind::TooManyValues { max } => EncodeError::TooManyValues { max },
            DecodeErrorKind::InteriorNul => EncodeError::InteriorNul,
            DecodeErrorKind::TooDeep { .. } => EncodeError::TooDeep,
            _ => EncodeError::WrongLength {
                syntax,
                length: data.len(),
            },
        }
    })
}

/// The writer's own rule on one syntax word, as the builder applies it to
/// its entries: a format only servers send (`EXPANDED_SZ`) only when allowed.
pub(crate) fn check_expanded_sz(
    syntax: Syntax,
    options: &EncodeOptions,
) -> Result<(), EncodeError> {
    if !options.allow_expanded_sz && crate::formats::is_server_only(syntax.format()) {
        return Err(EncodeError::ExpandedSzNotAllowed);
    }
    Ok(())
}

/// How deep the lists nested in raw `data` of `syntax` go (0 for anything
/// that is not a nested list).
fn raw_nesting_depth(syntax: Syntax, data: &[u8]) -> u8 {
    match syntax.list_kind() {
        Some(ListKind::PropertyList) => PropertyList::parse(data).map_or(0, |l| l.nesting_depth()),
        Some(ListKind::ValueList) => ValueList::parse(data).map_or(0, |l| l.nesting_depth()),
        None => 0,
    }
}

impl EncodeValue for RawData<'_> {
    fn syntax(&self) -> Syntax {
        self.syntax
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        checked_raw_len(self.syntax, self.data)
    }
    fn write_data(&self, out: &mut [u8]) {
        out.copy_from_slice(self.data)
    }
    fn nesting_depth(&self) -> u8 {
        raw_nesting_depth(self.syntax, self.data)
    }
    fn check_nested(&self, options: &EncodeOptions) -> Result<(), EncodeError> {
        check_raw_nested(self.syntax, self.data, options)
    }
}

impl EncodeValue for RawValue<'_> {
    fn syntax(&self) -> Syntax {
        RawValue::syntax(self)
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        checked_raw_len(RawValue::syntax(self), self.data())
    }
    fn write_data(&self, out: &mut [u8]) {
        out.copy_from_slice(self.data())
    }
    fn nesting_depth(&self) -> u8 {
        match self.decode() {
            crate::read::value::Value::PropertyList(list) => list.nesting_depth(),
            crate::read::value::Value::ValueList(list) => list.nesting_depth(),
            _ => 0,
        }
    }
    fn check_nested(&self, options: &EncodeOptions) -> Result<(), EncodeError> {
        check_raw_nested(RawValue::syntax(self), self.data(), options)
    }
}

impl EncodeValue for PropertyList<'_> {
    /// `CLUSPROP_SYNTAX_LIST_VALUE_PROPERTY_LIST`, the list's bytes as they are.
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_PROPERTY_LIST
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        checked_raw_len(Syntax::LIST_VALUE_PROPERTY_LIST, self.as_bytes())
    }
    fn write_data(&self, out: &mut [u8]) {
        out.copy_from_slice(self.as_bytes())
    }
    fn nesting_depth(&self) -> u8 {
        1 + self
            .iter()
            .flat_map(|p| p.values())
            .map(|v| v.nesting_depth())
            .max()
            .unwrap_or(0)
    }
    fn check_nested(&self, options: &EncodeOptions) -> Result<(), EncodeError> {
        check_raw_nested(Syntax::LIST_VALUE_PROPERTY_LIST, self.as_bytes(), options)
    }
}

impl EncodeValue for ValueList<'_> {
    /// `LIST_VALUE << 16 | CLUSPROP_FORMAT_VALUE_LIST`, the list's bytes as they are.
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_VALUE_LIST
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        checked_raw_len(Syntax::LIST_VALUE_VALUE_LIST, self.as_bytes())
    }
    fn write_data(&self, out: &mut [u8]) {
        out.copy_from_slice(self.as_bytes())
    }
    fn nesting_depth(&self) -> u8 {
        1 + self.iter().map(|v| v.nesting_depth()).max().unwrap_or(0)
    }
    fn check_nested(&self, options: &EncodeOptions) -> Result<(), EncodeError> {
        check_raw_nested(Syntax::LIST_VALUE_VALUE_LIST, self.as_bytes(), options)
    }
}

impl EncodeValue for MultiSz<'_> {
    /// A `MULTI_SZ` view copied through as it is.
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_MULTI_SZ
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        checked_raw_len(Syntax::LIST_VALUE_MULTI_SZ, self.as_le_bytes())
    }
    fn write_data(&self, out: &mut [u8]) {
        out.copy_from_slice(self.as_le_bytes())
    }
}

impl<V: EncodeValue + ?Sized> EncodeValue for &V {
    fn syntax(&self) -> Syntax {
        (**self).syntax()
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        (**self).data_len()
    }
    fn write_data(&self, out: &mut [u8]) {
        (**self).write_data(out)
    }
    fn nesting_depth(&self) -> u8 {
        (**self).nesting_depth()
    }
    fn check_nested(&self, options: &EncodeOptions) -> Result<(), EncodeError> {
        (**self).check_nested(options)
    }
}

#[cfg(test)]
mod tests {
    use super::Utf16Source;

    #[test]
    fn str_unit_count_matches_encode_utf16() {
        for s in [
            "",
            "a",
            "äöü",
            "中文",
            "😀x😀",
            "a\u{7FF}\u{800}\u{FFFF}\u{10000}",
        ] {
            assert_eq!(s.checked_units(), Ok(s.encode_utf16().count()), "{s}");
        }
        assert!("a\0b".checked_units().is_err());
    }

    /// Every length up to three words and every position: the scan's
    /// windows (words of 8, overlapping last words, words of 4, bytes) leave
    /// no byte unread.
    #[test]
    fn a_nul_or_a_non_ascii_byte_is_seen_wherever_it_stands() {
        for len in 1..=24 {
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = 0;
                let s = core::str::from_utf8(&bytes).unwrap();
                assert_eq!(
                    super::scan_ascii_nul(s.as_bytes()),
                    (true, true),
                    "{len} {at}"
                );
                assert!(s.checked_units().is_err(), "{len} {at}");
                bytes[at] = 0x80;
                assert_eq!(super::scan_ascii_nul(&bytes), (false, false), "{len} {at}");
            }
            assert_eq!(
                super::scan_ascii_nul(&vec![b'a'; len]),
                (true, false),
                "{len}"
            );
        }
        assert_eq!(super::scan_ascii_nul(&[]), (true, false));
    }

    #[test]
    fn ascii_and_other_text_write_what_encode_utf16_gives() {
        let pieces = ["a", "Z", "~", "é", "中", "😀"];
        for len in 0..40 {
            for (i, odd) in pieces.iter().enumerate() {
                // `len` ASCII characters with one other piece somewhere (or
                // none, for the first piece, which is ASCII itself).
                let mut s: String = (0..len)
                    .map(|k| char::from(b'a' + (k % 26) as u8))
                    .collect();
                s.insert_str((len * i) / pieces.len(), odd);
                let expected: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
                assert_eq!(s.checked_units(), Ok(expected.len() / 2), "{s}");
                let mut out = vec![0xEE; expected.len()];
                s.as_str().write_le(&mut out);
                assert_eq!(out, expected, "{s}");
                let with_nul = format!("{s}\0{s}");
                assert_eq!(
                    with_nul.checked_units(),
                    Err(crate::EncodeError::InteriorNul)
                );
            }
        }
    }

    /// The `MULTI_SZ` writer takes the no-rescan path only when every item
    /// is ASCII; any other item, anywhere, must still come out as
    /// `encode_utf16` gives it, with each item's NUL and the list's.
    #[test]
    #[cfg(feature = "alloc")]
    fn multi_sz_items_write_what_encode_utf16_gives() {
        use super::{EncodeValue, MultiSzOf};
        let items = [
            "node1",
            "a",
            "é",
            "Cluster Disk 1",
            "中文",
            "😀",
            "ascii again",
        ];
        let lists: Vec<Vec<&str>> = (0..items.len())
            .flat_map(|start| (start..=items.len()).map(move |end| items[start..end].to_vec()))
            .collect();
        for list in &lists {
            let mut expected: Vec<u8> = Vec::new();
            for item in list {
                expected.extend(item.encode_utf16().chain([0]).flat_map(u16::to_le_bytes));
            }
            expected.extend([0, 0]);
            let value = MultiSzOf(list.as_slice());
            assert_eq!(value.data_len(), Ok(expected.len()), "{list:?}");
            let mut out = vec![0xEE; expected.len()];
            value.write_data(&mut out);
            assert_eq!(out, expected, "{list:?}");
            // The same items as `String`s, and as UTF-16 (which is never
            // taken for ASCII by its length), write the same bytes.
            let owned: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
            let mut out = vec![0xEE; expected.len()];
            MultiSzOf(owned.as_slice()).write_data(&mut out);
            assert_eq!(out, expected, "{list:?}");
            let wide: Vec<Vec<u16>> = list.iter().map(|s| s.encode_utf16().collect()).collect();
            let mut out = vec![0xEE; expected.len()];
            MultiSzOf(wide.as_slice()).write_data(&mut out);
            assert_eq!(out, expected, "{list:?}");
        }
    }
}
