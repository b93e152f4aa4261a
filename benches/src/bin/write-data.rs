//! Writes every workload's bytes to `benches/data/<name>.bin` (run from the
//! repository root: `cargo run -p clusprop-benches --bin write-data`).
//! `tests/data.rs` checks that the files still match the generators.

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::create_dir_all(&dir)?;
    for w in clusprop_benches::all() {
        std::fs::write(dir.join(format!("{}.bin", w.name)), &w.bytes)?;
        println!("{}: {} bytes", w.name, w.bytes.len());
    }
    Ok(())
}
