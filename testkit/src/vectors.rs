//! The test vectors: valid CLUSPROP buffers kept in `testkit/vectors/` (see
//! its README for what each holds and where the two Windows captures come
//! from).

use std::path::PathBuf;

/// How many `*.bin` vectors the folder holds; a test that walks them all
/// checks it found every one, so a missing file cannot pass unnoticed.
pub const VECTOR_COUNT: usize = 20;

/// The folder of test vectors: `testkit/vectors` in this repository, or
/// `$CLUSPROP_VECTORS` when set (to run the suites on other producers' lists).
pub fn vectors_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CLUSPROP_VECTORS") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// The path of one vector, such as `V1.bin`.
pub fn vector_path(name: &str) -> PathBuf {
    vectors_dir().join(name)
}

/// The bytes of one vector, such as `V1.bin`; panics with the path when the
/// file cannot be read (a test with a missing input must fail, not skip).
pub fn vector(name: &str) -> Vec<u8> {
    let path = vector_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every `*.bin` vector as `(file name, bytes)`, sorted by name. Panics when
/// the folder holds fewer than [`VECTOR_COUNT`] (the default folder) files.
pub fn all_vectors() -> Vec<(String, Vec<u8>)> {
    let dir = vectors_dir();
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.extension().is_some_and(|x| x == "bin"))
        .map(|path| {
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                bytes,
            )
        })
        .collect();
    out.sort();
    if std::env::var_os("CLUSPROP_VECTORS").is_none() {
        assert_eq!(
            out.len(),
            VECTOR_COUNT,
            "expected every vector in {}",
            dir.display()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vector_is_there_and_v1_is_what_its_readme_says() {
        let all = all_vectors();
        assert_eq!(all.len(), VECTOR_COUNT);
        // V1: one DWORD property "Foo" = 1, 36 bytes.
        let v1 = vector("V1.bin");
        assert_eq!(v1.len(), 36);
        assert_eq!(&v1[..4], &1u32.to_le_bytes());
        assert_eq!(&v1[v1.len() - 8..v1.len() - 4], &1u32.to_le_bytes());
    }
}
