//! Test-only helpers: where the shared vectors live, and a tiny assembler for
//! hand-made buffers that shares no code with the crate's encoder.

#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/vectors` beside the repository (or `$CLUSPROP_VECTORS`).
pub fn vectors_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CLUSPROP_VECTORS") {
        return PathBuf::from(dir);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors");
    assert!(
        dir.is_dir(),
        "test vectors not found at {} (set CLUSPROP_VECTORS)",
        dir.display()
    );
    dir
}

/// The bytes of a shared vector file such as `V1.bin`.
pub fn vector(name: &str) -> Vec<u8> {
    let path = vectors_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every `*.bin` in the shared vectors folder, sorted by name.
pub fn all_vectors() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(vectors_dir())
        .expect("vectors folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(
        out.len() >= 20,
        "expected the shared vectors, found {}",
        out.len()
    );
    out
}

/// Parses the spec's hex notation ("01000000 03000400 ...").
pub fn hex(s: &str) -> Vec<u8> {
    let digits: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    assert!(digits.len() % 2 == 0, "odd hex: {s}");
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect()
}

/// A little byte assembler for malformed inputs.
#[derive(Default, Clone)]
pub struct Asm(pub Vec<u8>);

impl Asm {
    pub fn new() -> Self {
        Asm(Vec::new())
    }
    pub fn u32(mut self, v: u32) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn bytes(mut self, b: &[u8]) -> Self {
        self.0.extend_from_slice(b);
        self
    }
    /// UTF-16LE units of `s` (no NUL added).
    pub fn utf16(mut self, s: &str) -> Self {
        for u in s.encode_utf16() {
            self.0.extend_from_slice(&u.to_le_bytes());
        }
        self
    }
    pub fn pad(mut self) -> Self {
        while self.0.len() % 4 != 0 {
            self.0.push(0);
        }
        self
    }
    /// A full entry: syntax, length, data, zero padding.
    pub fn entry(self, syntax: u32, data: &[u8]) -> Self {
        self.u32(syntax).u32(data.len() as u32).bytes(data).pad()
    }
    /// A NAME entry for `s` (NUL added).
    pub fn name(self, s: &str) -> Self {
        let mut data: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        data.extend_from_slice(&[0, 0]);
        self.entry(0x0004_0003, &data)
    }
    pub fn dword(self, v: u32) -> Self {
        self.entry(0x0001_0002, &v.to_le_bytes())
    }
    pub fn end(self) -> Self {
        self.u32(0)
    }
    pub fn build(self) -> Vec<u8> {
        self.0
    }
}

/// UTF-16LE with a NUL.
pub fn sz(s: &str) -> Vec<u8> {
    let mut v: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    v.extend_from_slice(&[0, 0]);
    v
}
