//! `clusprop dump`: an annotated hex dump, one entry per line group (offset,
//! raw bytes, meaning), as a protocol analyzer shows it.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use clusprop::{PropertyList, RawValue, Value, ValueList, wire};

use crate::error::Outcome;
use crate::input::InputCap;
use crate::policy::Policy;
use crate::tree::syntax_name;

/// Arguments of `dump`.
#[derive(Args, Debug)]
pub struct DumpArgs {
    /// The input is a bare value list (no count), not a property list.
    #[arg(long)]
    pub value_list: bool,
    #[command(flatten)]
    pub policy: Policy,
    #[command(flatten)]
    pub cap: InputCap,
    /// The binary list (stdin when absent or `-`).
    pub file: Option<PathBuf>,
}

/// Runs `dump`.
pub fn run(args: &DumpArgs) -> Outcome {
    let bytes = crate::input::read(args.file.as_deref(), args.cap)?;
    let options = args.policy.options();
    // Parsing validates the whole list before anything is printed.
    if args.value_list {
        let list = ValueList::parse_with(&bytes, &options)
            .map_err(|e| crate::hint::binary_failure(e, &bytes, true, &options))?;
        crate::output::stream(|out| Dumper { bytes: &bytes, out }.value_list(&list, 0, 0));
    } else {
        let list = PropertyList::parse_with(&bytes, &options)
            .map_err(|e| crate::hint::binary_failure(e, &bytes, false, &options))?;
        crate::output::stream(|out| {
            let mut d = Dumper { bytes: &bytes, out };
            d.property_list(&list, 0)?;
            if list.has_trailing_end_mark() {
                d.line(
                    bytes.len() - wire::END_MARK_LEN,
                    wire::END_MARK_LEN,
                    0,
                    "ENDMARK (trailing, after the last property)",
                )?;
            }
            Ok(())
        });
    }
    Ok(())
}

struct Dumper<'a, W> {
    bytes: &'a [u8],
    out: W,
}

const PER_ROW: usize = 16;

impl<W: Write> Dumper<'_, W> {
    /// Prints `len` bytes from `at`, 16 per row, the meaning on the first row.
    fn line(&mut self, at: usize, len: usize, depth: usize, meaning: &str) -> io::Result<()> {
        let end = (at + len).min(self.bytes.len());
        let chunk = self.bytes.get(at..end).unwrap_or_default();
        let mut rows = chunk.chunks(PER_ROW).enumerate().peekable();
        if rows.peek().is_none() {
            writeln!(
                self.out,
                "{at:08x}  {:48}  {}{meaning}",
                "",
                "  ".repeat(depth)
            )?;
        }
        for (i, row) in rows {
            let hex: Vec<String> = row.iter().map(|b| format!("{b:02x}")).collect();
            let note = if i == 0 { meaning } else { "" };
            writeln!(
                self.out,
                "{:08x}  {:48}  {}{note}",
                at + i * PER_ROW,
                hex.join(" "),
                "  ".repeat(depth)
            )?;
        }
        Ok(())
    }

    fn padding(&mut self, at: usize, len: usize, depth: usize) -> io::Result<()> {
        if len > 0 {
            self.line(at, len, depth, &format!("padding ({len} bytes)"))?;
        }
        Ok(())
    }

    fn property_list(&mut self, list: &PropertyList<'_>, depth: usize) -> io::Result<()> {
        let base = list.offset();
        let count = list.len();
        self.line(base, 4, depth, &format!("count = {count}"))?;
        for p in list {
            let at = p.offset();
            let name_len = (p.name().len() + 1) * 2;
            self.line(at, 8, depth, &format!("NAME, length {name_len}"))?;
            self.line(
                at + 8,
                name_len,
                depth,
                &format!(
                    "name \"{}\"",
                    crate::human::text(&p.name().to_string_lossy())
                ),
            )?;
            self.padding(at + 8 + name_len, wire::padding_for(name_len), depth)?;
            let mut end = at + 8 + name_len + wire::padding_for(name_len);
            for v in p.values() {
                end = self.value(&v, depth)?;
            }
            self.line(
                end,
                4,
                depth,
                &format!(
                    "ENDMARK (end of \"{}\")",
                    crate::human::text(&p.name().to_string_lossy())
                ),
            )?;
        }
        Ok(())
    }

    fn value_list(&mut self, list: &ValueList<'_>, base: usize, depth: usize) -> io::Result<()> {
        let mut end = base;
        for v in list {
            end = self.value(&v, depth)?;
        }
        self.line(end, 4, depth, "ENDMARK (end of value list)")
    }

    /// Dumps one value entry; returns the offset just past it.
    fn value(&mut self, v: &RawValue<'_>, depth: usize) -> io::Result<usize> {
        let len = v.data().len();
        self.line(
            v.offset(),
            8,
            depth,
            &format!(
                "{} ({:#010x}), length {len}",
                syntax_name(v.syntax()),
                v.syntax().0
            ),
        )?;
        let data_at = v.data_offset();
        match v.decode() {
            Value::PropertyList(inner) => self.property_list(&inner, depth + 1)?,
            Value::ValueList(inner) => self.value_list(&inner, data_at, depth + 1)?,
            Value::Empty => {}
            other => {
                let meaning = match other {
                    Value::Unknown(_) | Value::Binary(_) => "data".to_owned(),
                    _ => crate::human::describe(&other, true),
                };
                self.line(data_at, len, depth, &meaning)?;
            }
        }
        let pad = wire::padding_for(len);
        self.padding(data_at + len, pad, depth)?;
        Ok(data_at + len + pad)
    }
}
