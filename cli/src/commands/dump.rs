//! `clusprop dump`: an annotated hex dump, one entry per line group (offset,
//! raw bytes, meaning), as a protocol analyzer shows it.
//!
//! The dump walks the bytes with the library's framing step
//! ([`clusprop::wire::Cursor`]) and is not limited to lists that validate:
//! for a malformed buffer it prints every field before the fault, then the
//! fault itself, and the command fails as `decode` does.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use clusprop::wire::{self, Cursor, Entry};
use clusprop::{
    DecodeError, DecodeOptions, ListKind, NestedLists, PropertyList, RawValue, Syntax, Value,
    ValueList,
};

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
    #[arg(value_parser = crate::input::path_parser())]
    pub file: Option<PathBuf>,
}

/// Runs `dump`.
pub fn run(args: &DumpArgs) -> Outcome {
    let bytes = crate::input::read(args.file.as_deref(), args.cap)?;
    let options = args.policy.options();
    // Validation says where the first fault is; the dump stops there.
    let checked = if args.value_list {
        ValueList::parse_with(&bytes, &options).map(|_| ())
    } else {
        PropertyList::parse_with(&bytes, &options).map(|_| ())
    };
    let fault = checked.err();
    crate::output::stream(|out| {
        let mut d = Dumper {
            bytes: &bytes,
            out,
            options,
            stop_at: fault.map_or(usize::MAX, |e| e.offset()),
        };
        let walked = if args.value_list {
            let mut cursor = Cursor::new(&bytes);
            d.value_list(&mut cursor, 0)
                .and_then(|()| d.list_end(&mut cursor, ListKind::ValueList, 0))
        } else {
            d.outer_property_list()
        };
        match walked {
            Ok(()) | Err(Stop::AtFault) => {}
            Err(Stop::Output(e)) => return Err(e),
        }
        match fault {
            Some(e) => d.fault(&e),
            None => Ok(()),
        }
    });
    match fault {
        Some(e) => Err(crate::hint::binary_failure(e, &bytes)),
        None => Ok(()),
    }
}

/// Why a walk ended early.
enum Stop {
    /// It reached the first fault (or bytes it cannot frame).
    AtFault,
    /// The output could not be written.
    Output(io::Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Stop::Output(e)
    }
}

struct Dumper<'a, W> {
    bytes: &'a [u8],
    out: W,
    options: DecodeOptions,
    /// Offset of the first fault validation found (`usize::MAX` if none):
    /// nothing at or after it is shown as if it made sense.
    stop_at: usize,
}

const PER_ROW: usize = 16;

impl<W: Write> Dumper<'_, W> {
    /// The options without the padding rule: what describes an entry's
    /// data (its padding has a line of its own, where a fault in it shows).
    fn data_rules(&self) -> DecodeOptions {
        let mut rules = self.options;
        rules.reject_nonzero_padding = false;
        rules
    }

    /// Prints `len` bytes from `at`, 16 per row, the meaning on the first
    /// row. The walk stops at the fault: a field that starts there is not
    /// printed, one that runs into it is printed up to it.
    fn line(&mut self, at: usize, len: usize, depth: usize, meaning: &str) -> Result<(), Stop> {
        if at >= self.stop_at {
            return Err(Stop::AtFault);
        }
        let end = at.saturating_add(len).min(self.bytes.len());
        let cut = end > self.stop_at;
        let end = end.min(self.stop_at);
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
        let indent = "  ".repeat(depth);
        let mut hex = String::with_capacity(3 * PER_ROW);
        for (i, row) in rows {
            hex.clear();
            for (k, b) in row.iter().enumerate() {
                let sep = if k == 0 { "" } else { " " };
                // Writing to a String cannot fail.
                let _ = write!(hex, "{sep}{b:02x}");
            }
            let row_at = at + i * PER_ROW;
            if i == 0 && !meaning.is_empty() {
                writeln!(self.out, "{row_at:08x}  {hex:48}  {indent}{meaning}")?;
            } else {
                // A continuation row: no meaning, so no padding after the
                // bytes (no trailing white space).
                writeln!(self.out, "{row_at:08x}  {hex}")?;
            }
        }
        if cut {
            return Err(Stop::AtFault);
        }
        Ok(())
    }

    /// The last line of a malformed buffer's dump: where and what the fault is.
    fn fault(&mut self, error: &DecodeError) -> io::Result<()> {
        writeln!(
            self.out,
            "{:08x}  {:48}  !! fault at byte {}: {}",
            error.offset(),
            "",
            error.offset(),
            error.kind()
        )
    }

    fn padding(&mut self, entry: &Entry<'_>, depth: usize) -> Result<(), Stop> {
        let len = entry.padding().len();
        if len > 0 {
            self.line(
                entry.padding_offset(),
                len,
                depth,
                &format!("padding ({len} bytes)"),
            )?;
        }
        Ok(())
    }

    /// The next entry or end mark. A framing fault stops the walk, after
    /// the syntax word when there is one before it.
    fn next<'b>(
        &mut self,
        cursor: &mut Cursor<'b>,
        depth: usize,
    ) -> Result<Option<Entry<'b>>, Stop> {
        let at = cursor.offset();
        match cursor.next_entry() {
            Ok(entry) => Ok(entry),
            Err(e) => {
                if let Some(word) = cursor.rest().first_chunk::<4>().filter(|_| e.offset() > at) {
                    let syntax = Syntax(u32::from_le_bytes(*word));
                    let name = syntax_name(syntax);
                    self.line(at, 4, depth, &format!("{name} ({:#010x})", syntax.0))?;
                }
                Err(Stop::AtFault)
            }
        }
    }

    /// What follows a list's last property or a value list's end mark: a
    /// property list's trailing end mark, or bytes that belong to nothing
    /// (validation reports them, so the walk stops there).
    fn list_end(
        &mut self,
        cursor: &mut Cursor<'_>,
        kind: ListKind,
        depth: usize,
    ) -> Result<(), Stop> {
        let at = cursor.offset();
        let left = cursor.rest().len();
        if kind == ListKind::PropertyList && left == wire::END_MARK_LEN && cursor.take_end_mark() {
            return self.line(
                at,
                left,
                depth,
                "ENDMARK (trailing, after the last property)",
            );
        }
        if left > 0 {
            self.line(at, left, depth, &format!("{left} bytes after the list"))?;
        }
        Ok(())
    }

    fn outer_property_list(&mut self) -> Result<(), Stop> {
        let mut cursor = Cursor::new(self.bytes);
        self.property_list(&mut cursor, 0)?;
        self.list_end(&mut cursor, ListKind::PropertyList, 0)
    }

    fn property_list(&mut self, cursor: &mut Cursor<'_>, depth: usize) -> Result<(), Stop> {
        let at = cursor.offset();
        let count = cursor.read_count().map_err(|_| Stop::AtFault)?;
        self.line(at, 4, depth, &format!("count = {count}"))?;
        for _ in 0..count {
            let Some(name) = self.next(cursor, depth)? else {
                return Err(Stop::AtFault);
            };
            let name_len = name.data().len();
            self.line(name.offset(), 8, depth, &format!("NAME, length {name_len}"))?;
            let (meaning, end) =
                match RawValue::from_entry(name, &self.data_rules()).map(|v| v.decode()) {
                    Ok(Value::Name(s)) => {
                        let text = crate::human::wide(&s);
                        (
                            format!("name \"{text}\""),
                            format!("ENDMARK (end of \"{text}\")"),
                        )
                    }
                    _ => (
                        "name (malformed)".to_owned(),
                        "ENDMARK (end of the property)".to_owned(),
                    ),
                };
            self.line(name.data_offset(), name_len, depth, &meaning)?;
            self.padding(&name, depth)?;
            self.values(cursor, depth, &end)?;
        }
        Ok(())
    }

    fn value_list(&mut self, cursor: &mut Cursor<'_>, depth: usize) -> Result<(), Stop> {
        self.values(cursor, depth, "ENDMARK (end of value list)")
    }

    /// Dumps value entries up to and including the end mark that closes
    /// them (a property's values or a value list), described as `end`.
    fn values(&mut self, cursor: &mut Cursor<'_>, depth: usize, end: &str) -> Result<(), Stop> {
        loop {
            let end_mark = cursor.offset();
            match self.next(cursor, depth)? {
                Some(value) => self.value(value, depth)?,
                None => return self.line(end_mark, 4, depth, end),
            }
        }
    }

    /// Dumps one value entry: header, data (a nested list entry by entry),
    /// padding.
    fn value(&mut self, entry: Entry<'_>, depth: usize) -> Result<(), Stop> {
        let syntax = entry.syntax();
        let len = entry.data().len();
        self.line(
            entry.offset(),
            8,
            depth,
            &format!("{} ({:#010x}), length {len}", syntax_name(syntax), syntax.0),
        )?;
        let nested = self.options.nested == NestedLists::Decode && len > 0;
        let mut inner = Cursor::at(entry.data(), entry.data_offset());
        let list_kind = syntax.list_kind().filter(|_| nested);
        if list_kind == Some(ListKind::PropertyList) {
            self.property_list(&mut inner, depth + 1)?;
            self.list_end(&mut inner, ListKind::PropertyList, depth + 1)?;
        } else if list_kind == Some(ListKind::ValueList) {
            self.value_list(&mut inner, depth + 1)?;
            self.list_end(&mut inner, ListKind::ValueList, depth + 1)?;
        } else if len > 0 {
            let meaning = match RawValue::from_entry(entry, &self.data_rules()).map(|v| v.decode())
            {
                Ok(Value::Unknown(_) | Value::Binary(_)) => "data".to_owned(),
                Ok(other) => crate::human::describe(&other, true),
                Err(_) => "data (malformed)".to_owned(),
            };
            self.line(entry.data_offset(), len, depth, &meaning)?;
        }
        self.padding(&entry, depth)
    }
}
