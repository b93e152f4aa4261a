//! Reading the input file (or stdin) and writing binary output.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::Failure;

/// Reads `path`, or stdin when it is absent or `-`.
pub fn read(path: Option<&Path>) -> Result<Vec<u8>, Failure> {
    match path {
        Some(p) if p != Path::new("-") => std::fs::read(p)
            .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", p.display()))),
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::bad_input(format!("cannot read stdin: {e}")))?;
            Ok(bytes)
        }
    }
}

/// Writes `bytes` to `path`, or stdout when it is absent or `-`.
pub fn write(path: Option<&PathBuf>, bytes: &[u8]) -> Result<(), Failure> {
    match path {
        Some(p) if p.as_path() != Path::new("-") => std::fs::write(p, bytes)
            .map_err(|e| Failure::bad_input(format!("cannot write {}: {e}", p.display()))),
        _ => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                // The reader took what it wanted (see `output`).
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
                other => other.map_err(|e| Failure::bad_input(format!("cannot write stdout: {e}"))),
            }
        }
    }
}
