//! Zero-copy UTF-16LE text: property names, strings and string lists.
//!
//! Windows strings are arbitrary sequences of UTF-16 code units (unpaired
//! surrogates included), so the views keep the raw little-endian bytes and
//! decode on demand. Nothing here allocates unless the `alloc` feature's
//! conversion methods are called.

use core::char::{DecodeUtf16, decode_utf16};
use core::fmt::{self, Write as _};

/// Whether a fixed-size block of UTF-16LE bytes holds a NUL code unit.
///
/// Written as a branch-free reduction over the whole block, so the compiler
/// turns it into vector compares (on x86-64, two `pcmpeqw` and a
/// `pmovmskb` per 32 bytes); a search that stops at the first NUL would
/// stay a scalar loop.
#[inline(always)]
fn block_has_nul<const N: usize>(block: &[u8; N]) -> bool {
    let mut any = false;
    for i in 0..N / 2 {
        any |= u16::from_le_bytes([block[2 * i], block[2 * i + 1]]) == 0;
    }
    any
}

/// The NUL lanes of a word of four UTF-16 code units, as their top bits.
///
/// In `w - 0x0001_0001_0001_0001 & !w & 0x8000_8000_8000_8000` a lane is
/// flagged when it is NUL, and a lane above a NUL may be flagged too (the
/// borrow), but none below the first: the result is 0 exactly when no lane
/// is NUL, and its lowest flagged lane is the first NUL.
#[inline(always)]
fn nul_lanes(word: u64) -> u64 {
    const LOW: u64 = 0x0001_0001_0001_0001;
    const HIGH: u64 = 0x8000_8000_8000_8000;
    word.wrapping_sub(LOW) & !word & HIGH
}

/// The NUL lanes (see [`nul_lanes`]) of 16 bytes of UTF-16LE, read as two
/// words: no vector unit, no loop, so it can stand inline in a hot loop.
#[inline(always)]
fn nul_lanes_16(block: &[u8; 16]) -> u64 {
    let both = u128::from_le_bytes(*block);
    nul_lanes(both as u64) | nul_lanes((both >> 64) as u64)
}

/// Index (in code units) of the first NUL code unit of UTF-16LE `bytes`.
///
/// Skips 32 bytes at a time while [`block_has_nul`] finds none, then reads
/// words of four units: the lowest lane [`nul_lanes`] flags is the first
/// NUL. An odd last byte is ignored. Units are read little-endian,
/// so the result does not depend on the host.
#[inline]
pub(crate) fn find_nul_unit(bytes: &[u8]) -> Option<usize> {
    let mut rest = bytes;
    let mut unit = 0;
    while let Some((block, tail)) = rest.split_first_chunk::<32>() {
        if block_has_nul(block) {
            break;
        }
        unit += 16;
        rest = tail;
    }
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let flagged = nul_lanes(u64::from_le_bytes(*word));
        if flagged != 0 {
            return Some(unit + (flagged.trailing_zeros() / 16) as usize);
        }
        unit += 4;
        rest = tail;
    }
    rest.chunks_exact(2)
        .position(|pair| pair == [0, 0])
        .map(|i| unit + i)
}

/// Whether UTF-16LE `bytes` hold a NUL code unit anywhere (an odd last byte
/// is ignored).
///
/// A yes/no answer needs no position, so the last window may overlap the one
/// before it (both start on a unit boundary because the length is even):
/// every length of 8 bytes or more is covered by whole blocks.
#[inline]
pub(crate) fn has_nul_unit(bytes: &[u8]) -> bool {
    let bytes = &bytes[..bytes.len() & !1];
    match bytes.len() {
        32.. => {
            let mut rest = bytes;
            while let Some((block, tail)) = rest.split_first_chunk::<32>() {
                if block_has_nul(block) {
                    return true;
                }
                rest = tail;
            }
            !rest.is_empty() && bytes.last_chunk::<32>().is_some_and(block_has_nul)
        }
        // Both windows tested, without a branch between them (`|`, not
        // `||`), so the two compares merge into one mask test.
        16.. => {
            bytes.first_chunk::<16>().is_some_and(block_has_nul)
                | bytes.last_chunk::<16>().is_some_and(block_has_nul)
        }
        8.. => {
            bytes.first_chunk::<8>().is_some_and(block_has_nul)
                | bytes.last_chunk::<8>().is_some_and(block_has_nul)
        }
        _ => bytes.chunks_exact(2).any(|pair| pair == [0, 0]),
    }
}

/// A borrowed UTF-16LE string without its terminating NUL, at any alignment.
///
/// ```
/// let bytes = [b'N', 0, b'o', 0, b'd', 0, b'e', 0];
/// let name = clusprop::Utf16Str::from_le_bytes(&bytes).unwrap();
/// assert_eq!(name, "Node");
/// assert!(name.eq_ignore_case("NODE"));
/// assert_eq!(name.len(), 4);
/// ```
#[derive(Clone, Copy, Default)]
pub struct Utf16Str<'data> {
    bytes: &'data [u8],
}

/// Iterator over the code units of a [`Utf16Str`].
#[derive(Clone, Debug)]
pub struct CodeUnits<'data> {
    chunks: core::slice::ChunksExact<'data, u8>,
}

impl Iterator for CodeUnits<'_> {
    type Item = u16;

    #[inline]
    fn next(&mut self) -> Option<u16> {
        self.chunks.next().map(|c| u16::from_le_bytes([c[0], c[1]]))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.chunks.size_hint()
    }
}

impl ExactSizeIterator for CodeUnits<'_> {}

impl<'data> Utf16Str<'data> {
    /// Views `bytes` (UTF-16LE, no terminating NUL) as a string; `None` when
    /// the length is odd.
    #[inline]
    pub const fn from_le_bytes(bytes: &'data [u8]) -> Option<Self> {
        if bytes.len() % 2 == 0 {
            Some(Utf16Str { bytes })
        } else {
            None
        }
    }

    /// The string inside a validated string value's `data`: the data minus
    /// its terminating NUL; `None` when the data is shorter than a NUL or of
    /// odd length. The one place where a value's NUL is stripped.
    #[inline]
    pub(crate) fn without_nul(data: &'data [u8]) -> Option<Self> {
        Self::from_le_bytes(data.get(..data.len().checked_sub(2)?)?)
    }

    /// The text of a validated string value: the units before its
    /// terminating NUL. Data whose terminator is followed by more NULs
    /// ([`DecodeOptions::allow_nul_padded_strings`](crate::DecodeOptions::allow_nul_padded_strings))
    /// ends at its first NUL; the test for that is one compare of the last
    /// two units.
    #[inline]
    pub(crate) fn terminated(data: &'data [u8]) -> Self {
        match data.last_chunk::<4>() {
            Some(&[0, 0, 0, 0]) => Self::padded(data),
            _ => Self::without_nul(data).unwrap_or_default(),
        }
    }

    /// [`terminated`](Self::terminated) for NUL-padded data, out of the
    /// common path.
    #[cold]
    #[inline(never)]
    fn padded(data: &'data [u8]) -> Self {
        Self::until_nul(data)
    }

    /// The view up to its first NUL code unit (for fixed-size `WCHAR[N]` fields).
    pub(crate) fn until_nul(bytes: &'data [u8]) -> Self {
        let even = &bytes[..bytes.len() - bytes.len() % 2];
        let end = find_nul_unit(even).map_or(even.len(), |units| units * 2);
        Utf16Str {
            bytes: &even[..end],
        }
    }

    /// The raw little-endian bytes (no NUL).
    #[inline]
    pub const fn as_le_bytes(&self) -> &'data [u8] {
        self.bytes
    }

    /// Number of UTF-16 code units.
    #[inline]
    pub const fn len(&self) -> usize {
        self.bytes.len() / 2
    }

    /// Whether the string is empty.
    pub const fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The code units.
    #[inline]
    pub fn units(&self) -> CodeUnits<'data> {
        CodeUnits {
            chunks: self.bytes.chunks_exact(2),
        }
    }

    /// The characters; unpaired surrogates come out as `Err`.
    pub fn chars(&self) -> DecodeUtf16<CodeUnits<'data>> {
        decode_utf16(self.units())
    }

    /// Whether this is exactly `s` (code unit for code unit).
    pub fn eq_str(&self, s: &str) -> bool {
        self.units().eq(s.encode_utf16())
    }

    /// Case-insensitive comparison of property names: character by
    /// character, two characters match when they are equal or have the same
    /// simple (one-to-one) upper-case mapping of the Unicode Character
    /// Database as Rust's `char::to_uppercase` has it ([`fold_name_char`]);
    /// a character whose full upper-case mapping is more than one character
    /// (`ß`) only matches itself. Unpaired surrogates match nothing. This
    /// is meant to stand in for the comparison Windows uses for property
    /// names (`CompareString` with `NORM_IGNORECASE`) and agrees with it on
    /// ASCII names, but it was never compared with Windows beyond ASCII:
    /// Windows' case tables (NLS data of the running version) may differ
    /// for other characters. Allocates nothing.
    pub fn eq_ignore_case(&self, s: &str) -> bool {
        units_eq_ignore_case(self.units(), self.len(), s)
    }

    /// Comparison that folds ASCII letters only.
    pub fn eq_ignore_ascii_case(&self, s: &str) -> bool {
        self.len() == s.encode_utf16().count()
            && self.units().zip(s.encode_utf16()).all(|(a, b)| {
                a == b || (a < 0x80 && b < 0x80 && (a as u8).eq_ignore_ascii_case(&(b as u8)))
            })
    }

    /// Whether the string is valid UTF-16 (no unpaired surrogate).
    pub fn is_valid(&self) -> bool {
        self.chars().all(|c| c.is_ok())
    }

    /// Converts to a `String`, replacing unpaired surrogates with U+FFFD.
    #[cfg(feature = "alloc")]
    pub fn to_string_lossy(&self) -> alloc::string::String {
        self.chars()
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    }

    /// Converts to a `String`, or `None` if the string has an unpaired surrogate.
    #[cfg(feature = "alloc")]
    pub fn to_string_checked(&self) -> Option<alloc::string::String> {
        self.chars().collect::<Result<_, _>>().ok()
    }

    /// Copies the code units into a vector.
    #[cfg(feature = "alloc")]
    pub fn to_units(&self) -> alloc::vec::Vec<u16> {
        self.units().collect()
    }
}

/// The rule of [`Utf16Str::eq_ignore_case`] over any code units (`len` of
/// them), allocation-free: the owned model's `WideString` uses it too.
pub(crate) fn units_eq_ignore_case<I>(units: I, len: usize, s: &str) -> bool
where
    I: Iterator<Item = u16> + Clone,
{
    // The common case, an ASCII name: equal strings then have one unit per
    // character on both sides (simple upper-case mappings keep a BMP
    // character in the BMP), and two ASCII units compare by ASCII folding.
    // Only a non-ASCII unit on this side needs the general rule below.
    if s.is_ascii() {
        if len != s.len() {
            return false;
        }
        let mut ascii = true;
        for (u, &b) in units.clone().zip(s.as_bytes()) {
            if u >= 0x80 {
                ascii = false;
                break;
            }
            // `u < 0x80`, so the cast is exact.
            if !(u as u8).eq_ignore_ascii_case(&b) {
                return false;
            }
        }
        if ascii {
            return true;
        }
    }
    units_eq_ignore_case_per_char(units, s)
}

/// The rule itself: character by character through [`fold_name_char`].
fn units_eq_ignore_case_per_char(units: impl Iterator<Item = u16>, s: &str) -> bool {
    let mut theirs = s.chars();
    for ours in decode_utf16(units) {
        let Some(c) = theirs.next() else { return false };
        match ours {
            Ok(o) if o == c || fold_name_char(o) == fold_name_char(c) => {}
            _ => return false,
        }
    }
    theirs.next().is_none()
}

/// What a name comparison ([`Utf16Str::eq_ignore_case`]) compares a
/// character by: its simple upper-case mapping (Rust's `char::to_uppercase`
/// when that is one character), else the character itself. Two valid names
/// are equal ignoring case exactly when they have as many characters and
/// these map to the same sequence, so the mapped characters make a hash key
/// that agrees with the comparison.
///
/// ```
/// use clusprop::fold_name_char;
/// assert_eq!(fold_name_char('a'), 'A');
/// assert_eq!(fold_name_char('\u{131}'), 'I'); // dotless i
/// assert_eq!(fold_name_char('\u{DF}'), '\u{DF}'); // ß: "SS" is two characters
/// ```
pub fn fold_name_char(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

impl PartialEq for Utf16Str<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Utf16Str<'_> {}

impl core::hash::Hash for Utf16Str<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl PartialEq<str> for Utf16Str<'_> {
    fn eq(&self, other: &str) -> bool {
        self.eq_str(other)
    }
}

impl PartialEq<&str> for Utf16Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.eq_str(other)
    }
}

impl fmt::Display for Utf16Str<'_> {
    /// Lossy: unpaired surrogates print as U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.chars() {
            f.write_char(c.unwrap_or(char::REPLACEMENT_CHARACTER))?;
        }
        Ok(())
    }
}

impl fmt::Debug for Utf16Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.chars() {
            match c {
                Ok(c) => {
                    for e in c.escape_debug() {
                        f.write_char(e)?;
                    }
                }
                Err(e) => write!(f, "\\u{{{:x}}}", e.unpaired_surrogate())?,
            }
        }
        f.write_char('"')
    }
}

/// A borrowed `MULTI_SZ` value: NUL-terminated strings ended by an empty one.
///
/// ```
/// let data = [b'a', 0, 0, 0, b'b', 0, 0, 0, 0, 0];
/// let list = clusprop::MultiSz::new(&data);
/// let items: Vec<String> = list.iter().map(|s| s.to_string()).collect();
/// assert_eq!(items, ["a", "b"]);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MultiSz<'data> {
    bytes: &'data [u8],
}

/// Iterator over the strings of a [`MultiSz`].
#[derive(Clone, Debug)]
pub struct MultiSzIter<'data> {
    rest: &'data [u8],
}

impl<'data> MultiSz<'data> {
    /// Views raw `MULTI_SZ` data (UTF-16LE, with all its NULs).
    #[inline]
    pub const fn new(bytes: &'data [u8]) -> Self {
        MultiSz { bytes }
    }

    /// The raw data, NULs included.
    pub const fn as_le_bytes(&self) -> &'data [u8] {
        self.bytes
    }

    /// The strings, up to the first empty one.
    #[inline]
    pub fn iter(&self) -> MultiSzIter<'data> {
        MultiSzIter { rest: self.bytes }
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the list holds no string.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl<'data> IntoIterator for MultiSz<'data> {
    type Item = Utf16Str<'data>;
    type IntoIter = MultiSzIter<'data>;
    #[inline]
    fn into_iter(self) -> MultiSzIter<'data> {
        self.iter()
    }
}

impl<'data> Iterator for MultiSzIter<'data> {
    type Item = Utf16Str<'data>;

    #[inline]
    fn next(&mut self) -> Option<Utf16Str<'data>> {
        let units = self.rest.len() / 2;
        let end = find_nul_unit(self.rest).unwrap_or(units);
        if end == 0 {
            self.rest = &[];
            return None;
        }
        let (s, rest) = self.rest.split_at(end * 2);
        self.rest = rest.get(2..).unwrap_or(&[]);
        Some(Utf16Str { bytes: s })
    }
}

impl core::iter::FusedIterator for MultiSzIter<'_> {}

impl fmt::Debug for MultiSz<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Checks of UTF-16 data used by the reader.
pub(crate) mod check {
    use crate::error::DecodeErrorKind;

    /// Position (in code units) of the first NUL, if any.
    #[inline]
    pub(crate) fn first_nul(bytes: &[u8]) -> Option<usize> {
        super::find_nul_unit(bytes)
    }

    /// Whether `bytes`, of even length (the validator checks that first),
    /// are a single NUL-terminated string: last unit NUL, no earlier NUL.
    /// The yes/no form of [`single_string`], for the validator's hot loop:
    /// no position is computed.
    #[inline(always)]
    pub(crate) fn is_single_string(bytes: &[u8]) -> bool {
        debug_assert!(
            bytes.len() % 2 == 0,
            "an odd string length is refused first"
        );
        match bytes.split_last_chunk::<2>() {
            // The last unit read as one word (one compare, not two).
            Some((text, &last)) => u16::from_le_bytes(last) == 0 && !text_has_nul(text),
            None => false,
        }
    }

    /// Whether the text of a single string (even length, its terminator
    /// left off) holds a NUL. Most property names' text is 16 to 32 bytes
    /// long: that is tested here, in the validator's loop, as two
    /// overlapping 16-byte windows (both start on a unit boundary because
    /// the length is even) with no call, so the loop keeps its registers;
    /// other lengths go to [`has_nul_unit`](super::has_nul_unit).
    #[inline(always)]
    fn text_has_nul(text: &[u8]) -> bool {
        match (text.first_chunk::<16>(), text.last_chunk::<16>()) {
            (Some(first), Some(last)) if text.len() <= 32 => {
                super::nul_lanes_16(first) | super::nul_lanes_16(last) != 0
            }
            _ => super::has_nul_unit(text),
        }
    }

    /// A single NUL-terminated string: even, last unit NUL, no earlier NUL
    /// (with `nul_padded`, NULs may follow the first one, but nothing
    /// else). Returns the byte offset (within `bytes`) of the fault.
    #[cold]
    pub(crate) fn single_string(
        bytes: &[u8],
        nul_padded: bool,
    ) -> Result<(), (DecodeErrorKind, usize)> {
        let Some((text, [0, 0])) = bytes.split_last_chunk::<2>() else {
            return Err((DecodeErrorKind::NotNulTerminated, 0));
        };
        match first_nul(text) {
            Some(i) if !(nul_padded && text[i * 2..].iter().all(|&b| b == 0)) => {
                Err((DecodeErrorKind::InteriorNul, i * 2))
            }
            _ => Ok(()),
        }
    }

    /// A `MULTI_SZ`: even, last unit NUL, nothing but NULs after the first
    /// empty string (the terminator).
    ///
    /// A well-formed value's first empty string is its last unit: when no
    /// unit before that one starts an empty string, the value is accepted
    /// in one pass of words ([`starts_an_empty_string`]); otherwise
    /// [`multi_string_walk`] walks it string by string to find where it
    /// goes wrong, if it does.
    #[inline]
    pub(crate) fn multi_string(bytes: &[u8]) -> Result<(), (DecodeErrorKind, usize)> {
        match bytes.split_last_chunk::<2>() {
            Some((body, &[0, 0])) if !starts_an_empty_string(body) => Ok(()),
            _ => multi_string_walk(bytes),
        }
    }

    /// Whether a unit of UTF-16LE `body` (even length) starts an empty
    /// string: is NUL and is the first unit or follows a NUL.
    ///
    /// Reads words of four units. [`super::nul_lanes`] flags every NUL
    /// lane, and may also flag a lane just above a NUL (a unit 0x0001 after
    /// a NUL): that can only make this answer "yes" for a value that has
    /// no empty string early, and the caller then walks it exactly. A
    /// "no" is always right.
    #[inline]
    fn starts_an_empty_string(body: &[u8]) -> bool {
        const TOP_OF_LANE_0: u64 = 1 << 15;
        const TOP_OF_LANE_3: u64 = 1 << 63;
        // Whether the unit before the next one is NUL (as lane 0's top
        // bit); "before the first unit" counts as NUL.
        let mut previous_nul = TOP_OF_LANE_0;
        let mut rest = body;
        while let Some((word, tail)) = rest.split_first_chunk::<8>() {
            let word = u64::from_le_bytes(*word);
            let nul = super::nul_lanes(word);
            if nul & ((nul << 16) | previous_nul) != 0 {
                return true;
            }
            previous_nul = (nul & TOP_OF_LANE_3) >> 48;
            rest = tail;
        }
        for unit in rest.chunks_exact(2) {
            let nul = unit == [0, 0];
            if nul && previous_nul != 0 {
                return true;
            }
            previous_nul = if nul { TOP_OF_LANE_0 } else { 0 };
        }
        false
    }

    /// [`multi_string`] string by string, with the offset of a fault.
    fn multi_string_walk(bytes: &[u8]) -> Result<(), (DecodeErrorKind, usize)> {
        if bytes.len() < 2 || bytes[bytes.len() - 2..] != [0, 0] {
            return Err((DecodeErrorKind::NotNulTerminated, 0));
        }
        let mut at = 0;
        while let Some(rest) = bytes.get(at..) {
            match first_nul(rest) {
                // An empty string: the terminator. Only NULs may follow.
                Some(0) => {
                    return match rest.chunks_exact(2).position(|c| c != [0, 0]) {
                        Some(i) => Err((DecodeErrorKind::DataAfterMultiSzEnd, at + i * 2)),
                        None => Ok(()),
                    };
                }
                Some(i) => at += (i + 1) * 2,
                None => break,
            }
        }
        Ok(())
    }

    #[cfg(test)]
    pub(super) fn multi_string_walk_for_tests(
        bytes: &[u8],
    ) -> Result<(), (DecodeErrorKind, usize)> {
        multi_string_walk(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn case_insensitive_like_windows() {
        let b = le("Virtual Machine");
        let s = Utf16Str::from_le_bytes(&b).unwrap();
        assert!(s.eq_ignore_case("virtual machine"));
        assert!(s.eq_ignore_case("VIRTUAL MACHINE"));
        assert!(!s.eq_ignore_case("Virtual Machin"));
        assert!(!s.eq_ignore_case("Virtual Machinee"));
        assert!(s.eq_ignore_ascii_case("virtual MACHINE"));
        assert!(!s.eq_str("virtual machine"));
        let b = le("Ärger");
        let s = Utf16Str::from_le_bytes(&b).unwrap();
        assert!(s.eq_ignore_case("äRGER"));
        assert!(!s.eq_ignore_ascii_case("äRGER"));
    }

    #[test]
    fn the_ascii_fast_path_gives_what_the_rule_gives() {
        let ours = [
            "Name",
            "NAME",
            "name",
            "Nam",
            "Names",
            "ıd",
            "ID",
            "ſize",
            "SIZE",
            "\u{212A}ey",
            "KEY",
            "key",
            "Straße",
            "STRASSE",
            "𐐨x",
            "𐐀X",
            "ab\u{0}",
            "",
            "a",
            "Ä",
        ];
        let theirs = [
            "name", "NAME", "Nam", "id", "ID", "size", "SIZE", "key", "KEY", "strasse", "STRASSE",
            "x", "X", "", "a", "A", "ä", "𐐨X", "straße",
        ];
        for o in ours {
            let units = le(o);
            let view = Utf16Str::from_le_bytes(&units).unwrap();
            for t in theirs {
                assert_eq!(
                    view.eq_ignore_case(t),
                    units_eq_ignore_case_per_char(view.units(), t),
                    "{o:?} vs {t:?}"
                );
            }
        }
        // Windows' rule, not ASCII folding: dotless i and long s upper-case
        // to ASCII letters; the Kelvin sign does not fold to K.
        let b = le("ıd");
        assert!(Utf16Str::from_le_bytes(&b).unwrap().eq_ignore_case("ID"));
        let b = le("\u{212A}ey");
        assert!(!Utf16Str::from_le_bytes(&b).unwrap().eq_ignore_case("key"));
    }

    #[test]
    fn unpaired_surrogate_survives() {
        let b = [0x00, 0xD8, b'a', 0];
        let s = Utf16Str::from_le_bytes(&b).unwrap();
        assert!(!s.is_valid());
        #[cfg(feature = "alloc")]
        assert_eq!(s.to_string_lossy(), "\u{FFFD}a");
        assert_eq!(format!("{s:?}"), "\"\\u{d800}a\"");
        assert!(!s.eq_ignore_case("\u{FFFD}a"));
    }

    #[test]
    fn multi_sz_shapes() {
        assert!(MultiSz::new(&[0, 0]).is_empty());
        assert!(MultiSz::new(&[0, 0, 0, 0]).is_empty());
        assert_eq!(MultiSz::new(&le("a\0bc\0\0")).len(), 2);
        assert_eq!(MultiSz::new(&le("a\0")).len(), 1);
        assert!(check::multi_string(&le("a\0bc\0\0")).is_ok());
        assert!(check::multi_string(&le("\0")).is_ok());
        assert!(check::multi_string(&le("a\0\0\0")).is_ok());
        assert_eq!(
            check::multi_string(&le("a\0\0b\0\0")),
            Err((DecodeErrorKind::DataAfterMultiSzEnd, 6))
        );
        assert_eq!(
            check::multi_string(&le("ab")),
            Err((DecodeErrorKind::NotNulTerminated, 0))
        );
    }

    #[test]
    fn single_string_rules() {
        assert!(check::single_string(&le("ab\0"), false).is_ok());
        assert!(check::single_string(&le("\0"), false).is_ok());
        assert_eq!(
            check::single_string(&le("a\0b\0"), false),
            Err((DecodeErrorKind::InteriorNul, 2))
        );
        assert_eq!(
            check::single_string(&le("ab"), false),
            Err((DecodeErrorKind::NotNulTerminated, 0))
        );
        assert_eq!(
            check::single_string(&[], false),
            Err((DecodeErrorKind::NotNulTerminated, 0))
        );
    }

    use crate::error::DecodeErrorKind;
}

#[cfg(test)]
mod find_nul_tests {
    use super::{check, find_nul_unit, has_nul_unit};

    /// The yes/no check of a single string and the detailed one answer as
    /// the rule does at every length around the inline windows (16 to 32
    /// bytes of text) and past them, with a NUL at every position or at
    /// none, and with or without the terminator.
    #[test]
    fn is_single_string_agrees_with_single_string() {
        // Under miri, the lengths on both sides of the inline windows' edges
        // (8 and 16 units of text) and the shortest.
        let lengths: Vec<usize> = if cfg!(miri) {
            vec![0, 1, 7, 8, 16, 17]
        } else {
            (0..40).collect()
        };
        let unit = |i: usize| [0x0100u16, 0x0001, 0x8000, 0xFFFF, 0x00FF][i % 5];
        for len in lengths {
            for nul in (0..len).map(Some).chain([None]) {
                for terminated in [true, false] {
                    let mut units: Vec<u16> = (0..len).map(unit).collect();
                    if let Some(at) = nul {
                        units[at] = 0;
                    }
                    if terminated {
                        units.push(0);
                    }
                    let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
                    // The rule, read off the units: last one NUL, no other.
                    let expected = units
                        .split_last()
                        .is_some_and(|(&last, text)| last == 0 && !text.contains(&0));
                    let at = format!("len {len} nul {nul:?} terminated {terminated}");
                    assert_eq!(
                        check::single_string(&bytes, false).is_ok(),
                        expected,
                        "{at}"
                    );
                    assert_eq!(check::is_single_string(&bytes), expected, "{at}");
                }
            }
        }
    }

    #[test]
    fn the_multi_sz_fast_check_gives_what_the_walk_gives() {
        // Every sequence of units drawn from NUL and four non-NUL units
        // chosen for the lane arithmetic (top bit only, low bit only, all
        // bits, a byte), up to 7 units natively (every word split and
        // tail), 3 under miri (with the longer values below, that still
        // reaches the word loop and the tail).
        let alphabet = [0u16, 0x8000, 0x0001, 0xFFFF, 0x0100];
        let max_len: u32 = if cfg!(miri) { 3 } else { 7 };
        let mut checked = 0;
        for len in 0..=max_len {
            for mut code in 0..alphabet.len().pow(len) {
                let mut bytes = Vec::with_capacity(2 * len as usize);
                for _ in 0..len {
                    bytes.extend_from_slice(&alphabet[code % alphabet.len()].to_le_bytes());
                    code /= alphabet.len();
                }
                assert_eq!(
                    check::multi_string(&bytes),
                    check::multi_string_walk_for_tests(&bytes),
                    "{bytes:?}"
                );
                checked += 1;
            }
        }
        let every_sequence: usize = (0..=max_len).map(|len| alphabet.len().pow(len)).sum();
        assert_eq!(checked, every_sequence);
        // Longer values: two NULs (or one, twice) at every pair of
        // positions, up to 40 units (under miri 9: two words and a tail).
        let unit = |i: usize| alphabet[1 + i % 4];
        let lengths: &[usize] = if cfg!(miri) { &[9] } else { &[9, 16, 17, 40] };
        for &len in lengths {
            for first in 0..len {
                for second in first..len {
                    let mut units: Vec<u16> = (0..len).map(unit).collect();
                    units[first] = 0;
                    units[second] = 0;
                    units.push(0);
                    let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
                    assert_eq!(
                        check::multi_string(&bytes),
                        check::multi_string_walk_for_tests(&bytes),
                        "{units:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn finds_the_first_nul_unit_in_every_position() {
        // Natively every length to 80 units (five 32-byte blocks); under
        // miri (a thousand times slower) the lengths around each window
        // and block boundary (4, 8, 16 and 32 units), which reach every path.
        let lengths: Vec<usize> = if cfg!(miri) {
            vec![
                0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 15, 16, 17, 20, 23, 24, 25, 31, 32, 33,
            ]
        } else {
            (0..80).collect()
        };
        // Non-zero units, some with zero bytes inside them (to trip a naive
        // byte search), some with the high bit set or a value of 1 (to trip
        // the word search's borrow from a NUL below them).
        let unit = |i: usize| {
            [0x0100, 0x0001, 0x8000, 0xFFFF, 0x00FF, 0x7FFF][i % 6] ^ (i / 6 % 2 * 0x200) as u16
        };
        for len in lengths {
            for nul in 0..len {
                let mut units: Vec<u16> = (0..len).map(unit).collect();
                units[nul] = 0;
                let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
                assert_eq!(find_nul_unit(&bytes), Some(nul), "len {len} nul {nul}");
                assert!(has_nul_unit(&bytes), "len {len} nul {nul}");
                // A second NUL later on changes neither answer.
                if nul + 1 < len {
                    let mut twice = bytes.clone();
                    twice[2 * len - 2..].fill(0);
                    assert_eq!(find_nul_unit(&twice), Some(nul), "len {len} nul {nul}");
                }
                // An odd byte at the end is not half a unit.
                let mut odd = bytes.clone();
                odd.push(0);
                assert_eq!(find_nul_unit(&odd), Some(nul), "len {len} nul {nul}");
            }
            let bytes: Vec<u8> = (0..len).flat_map(|i| unit(i).to_le_bytes()).collect();
            assert_eq!(find_nul_unit(&bytes), None);
            assert!(!has_nul_unit(&bytes), "len {len}");
            let mut odd = bytes.clone();
            odd.push(0);
            assert_eq!(find_nul_unit(&odd), None, "len {len}, odd");
            assert!(!has_nul_unit(&odd), "len {len}, odd");
        }
        // A zero byte straddling two units is not a NUL unit.
        assert_eq!(
            find_nul_unit(&[0x41, 0x00, 0x00, 0x42, 0x00, 0x00]),
            Some(2)
        );
    }
}
