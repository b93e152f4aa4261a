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

/// Every value of a parsed list, nested lists' values included, depth first.
pub fn each_value<'a>(values: clusprop::Values<'a>, f: &mut dyn FnMut(&clusprop::RawValue<'a>)) {
    for v in values {
        f(&v);
        match v.decode() {
            clusprop::Value::PropertyList(l) => {
                for p in &l {
                    each_value(p.values(), f);
                }
            }
            clusprop::Value::ValueList(l) => each_value(l.iter(), f),
            _ => {}
        }
    }
}

fn data_of<V: clusprop::EncodeValue>(v: &V) -> (clusprop::Syntax, Vec<u8>) {
    let mut out = vec![0u8; v.data_len().expect("typed value encodes")];
    v.write_data(&mut out);
    (v.syntax(), out)
}

/// A value read into its typed form and written back from it: the typed
/// form's name and the syntax and data it writes. `None` when the value has
/// no typed form, or one that would not reproduce it (a GUID string not in
/// upper-case registry form, a PARTITION_INFO_EX2 longer than 1700 bytes, a
/// MULTI_SZ that is not canonical, a string with an unpaired surrogate):
/// those stay raw.
pub fn typed_reencode(
    v: &clusprop::RawValue<'_>,
) -> Option<(&'static str, clusprop::Syntax, Vec<u8>)> {
    use clusprop::disk::*;
    use clusprop::security::SecurityDescriptor;
    use clusprop::{PropertyFormat as F, Syntax as S};
    if v.data().is_empty() {
        return None;
    }
    let typed = |name: &'static str, (syntax, data): (S, Vec<u8>)| Some((name, syntax, data));
    match v.syntax() {
        S::DISK_SIGNATURE => {
            return typed("DiskSignature", data_of(&v.to::<DiskSignature>().ok()?));
        }
        S::DISK_NUMBER => return typed("DiskNumber", data_of(&v.to::<DiskNumber>().ok()?)),
        S::DISK_SIZE => return typed("DiskSize", data_of(&v.to::<DiskSize>().ok()?)),
        S::SCSI_ADDRESS => return typed("ScsiAddress", data_of(&v.to::<ScsiAddress>().ok()?)),
        S::RESCLASS => return typed("ResourceClass", data_of(&v.to::<ResourceClass>().ok()?)),
        S::DISK_GUID => {
            let g = v.to::<DiskGuid>().ok()?;
            let canonical = format!("{}", g.0);
            let text = v.to::<clusprop::Utf16Str>().ok()?;
            if text != canonical.as_str() {
                return None;
            }
            return typed("DiskGuid", data_of(&g));
        }
        S::PARTITION_INFO => {
            return typed("PartitionInfo", data_of(v.to::<&PartitionInfo>().ok()?));
        }
        S::PARTITION_INFO_EX => {
            return typed("PartitionInfoEx", data_of(v.to::<&PartitionInfoEx>().ok()?));
        }
        S::PARTITION_INFO_EX2 if v.data().len() == 1700 => {
            return typed(
                "PartitionInfoEx2",
                data_of(v.to::<&PartitionInfoEx2>().ok()?),
            );
        }
        S::FTSET_INFO => return typed("FtSetInfo", data_of(v.to::<&FtSetInfo>().ok()?)),
        S::STORAGE_DEVICE_ID_DESCRIPTOR => {
            return typed(
                "StorageDeviceIdDescriptor",
                data_of(&v.to::<StorageDeviceIdDescriptor>().ok()?),
            );
        }
        _ => {}
    }
    if v.syntax().ty() != clusprop::PropertyType::LIST_VALUE {
        return None;
    }
    match v.syntax().format() {
        F::SECURITY_DESCRIPTOR => typed(
            "SecurityDescriptor",
            data_of(&v.to::<SecurityDescriptor>().ok()?),
        ),
        F::SZ => typed("String", data_of(&clusprop::Sz(v.to::<String>().ok()?))),
        F::EXPAND_SZ => typed(
            "String",
            data_of(&clusprop::ExpandSz(v.to::<String>().ok()?)),
        ),
        F::EXPANDED_SZ => typed(
            "String",
            data_of(&clusprop::ExpandedSz(v.to::<String>().ok()?)),
        ),
        F::MULTI_SZ => {
            let items = v.to::<Vec<String>>().ok()?;
            let (syntax, data) = data_of(&clusprop::MultiSzOf(&items));
            (data == v.data()).then_some(("Vec<String>", syntax, data))
        }
        F::DWORD => {
            let b = v.to::<bool>().ok()?;
            typed("bool", data_of(&u32::from(b)))
        }
        F::FILETIME => {
            let t = v.to::<std::time::SystemTime>().ok()?;
            typed(
                "SystemTime",
                data_of(&clusprop::FileTime::from_system_time(t)?),
            )
        }
        _ => None,
    }
}
