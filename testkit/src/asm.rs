//! A tiny assembler for hand-made buffers, written from the wire layout
//! (`docs/wire-format.md` §2 and §3) and sharing no code with the encoder:
//! each entry is a little-endian u32 syntax, a u32 length, the data, and zero
//! padding to a multiple of 4 bytes.

/// Syntax of a property name entry (`CLUSPROP_SYNTAX_NAME`).
pub const SYNTAX_NAME: u32 = 0x0004_0003;
/// Syntax of a DWORD value (`CLUSPROP_SYNTAX_LIST_VALUE_DWORD`).
pub const SYNTAX_DWORD: u32 = 0x0001_0002;

/// Parses hex digits, ignoring everything else ("01000000 03000400 ...", the
/// notation the format notes use). Panics on an odd number of digits.
pub fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    assert!(digits.len() % 2 == 0, "odd hex: {s}");
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// UTF-16LE code units of `s` followed by a NUL, as a string value's data.
pub fn sz(s: &str) -> Vec<u8> {
    let mut v: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    v.extend_from_slice(&[0, 0]);
    v
}

/// A byte assembler: chain the pieces, then [`Asm::build`]. It writes exactly
/// what it is told, so it can make malformed buffers as easily as valid ones.
#[derive(Default, Clone, Debug)]
pub struct Asm(pub Vec<u8>);

impl Asm {
    /// An empty buffer.
    pub fn new() -> Self {
        Asm(Vec::new())
    }

    /// A little-endian u32.
    pub fn u32(mut self, v: u32) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    /// Raw bytes.
    pub fn bytes(mut self, b: &[u8]) -> Self {
        self.0.extend_from_slice(b);
        self
    }

    /// UTF-16LE code units of `s` (no NUL added).
    pub fn utf16(mut self, s: &str) -> Self {
        for unit in s.encode_utf16() {
            self.0.extend_from_slice(&unit.to_le_bytes());
        }
        self
    }

    /// Zero bytes up to the next multiple of 4.
    pub fn pad(mut self) -> Self {
        while self.0.len() % 4 != 0 {
            self.0.push(0);
        }
        self
    }

    /// A whole entry: syntax, length of `data`, `data`, zero padding.
    pub fn entry(self, syntax: u32, data: &[u8]) -> Self {
        let len = u32::try_from(data.len()).expect("test data under 4 GiB");
        self.u32(syntax).u32(len).bytes(data).pad()
    }

    /// A property name entry for `s` (NUL added).
    pub fn name(self, s: &str) -> Self {
        self.entry(SYNTAX_NAME, &sz(s))
    }

    /// A DWORD value entry.
    pub fn dword(self, v: u32) -> Self {
        self.entry(SYNTAX_DWORD, &v.to_le_bytes())
    }

    /// An end mark (`CLUSPROP_SYNTAX_ENDMARK`, a zero u32).
    pub fn end(self) -> Self {
        self.u32(0)
    }

    /// The bytes assembled.
    pub fn build(self) -> Vec<u8> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assembles_vector_v1_by_hand() {
        // V1: count 1, NAME "Foo", DWORD 1, end mark (36 bytes).
        let bytes = Asm::new().u32(1).name("Foo").dword(1).end().build();
        assert_eq!(
            bytes,
            hex("01000000 03000400 08000000 46006f00 6f000000 \
                 02000100 04000000 01000000 00000000")
        );
        assert_eq!(bytes, crate::vector("V1.bin"));
    }

    #[test]
    fn pads_with_zeros_to_four() {
        let bytes = Asm::new().entry(0x0001_0001, &[0xaa, 0xbb, 0xcc]).build();
        assert_eq!(bytes, hex("01000100 03000000 aabbcc00"));
    }
}
