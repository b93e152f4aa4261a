//! Decodes and prints a property list captured from Windows: by default the
//! node's read-only common properties (`W2.bin`, Windows Server 2012 R2, from
//! Samba's test data) from the repository's test vectors, or the file given.
//!
//! `cargo run -p clusprop --example decode_capture [FILE]`

use std::process::ExitCode;

use clusprop::{PropertyList, Value};

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../testkit/vectors/W2.bin").to_owned()
    });
    // Errors are printed with `{}`: their Display says what went wrong and
    // where (returning them from `main` would print their Debug form).
    match run(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(path)?;
    let list = PropertyList::parse(&bytes)?;
    println!(
        "{path}: {} properties{}",
        list.len(),
        if list.has_trailing_end_mark() {
            ", Windows-style trailing end mark"
        } else {
            ""
        }
    );
    for property in &list {
        for value in property.values() {
            let shown = match value.decode() {
                Value::Sz(s) => format!("{s:?}"),
                other => other.to_string(),
            };
            println!(
                "  {:<20} {:<40} {shown}",
                property.name().to_string(),
                value.syntax().to_string()
            );
        }
    }
    Ok(())
}
