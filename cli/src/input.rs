//! Reading the input (a file or stdin, with a size cap) and writing binary
//! output.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::Failure;

/// The default cap on what is read: 256 MiB. A real property list is far
/// smaller (a control-code reply is at most `MAX_REPLY_LEN`, 64 MiB, and
/// real ones are kilobytes); the cap only stops an endless or hostile input
/// (`/dev/zero`) before it fills memory.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 << 20;

/// `--max-input-bytes`.
#[derive(Args, Debug, Clone, Copy)]
pub struct InputCap {
    /// Refuse an input (FILE or stdin, and --sim-config where the command
    /// takes one) larger than this many bytes (exit status 1).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_INPUT_BYTES,
          allow_negative_numbers = true, value_parser = parse_cap)]
    pub max_input_bytes: u64,
}

/// Reads `--max-input-bytes` (clap value parser): a whole number of bytes,
/// at least 1 (0 and -1 get the same message: it names the range). Rust's
/// own words for a bad number ("invalid digit found in string") say neither
/// what is expected nor that a unit is not taken.
fn parse_cap(text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "expected a whole number of bytes from 1 to {} (no unit: 1048576 for 1 MiB)",
            u64::MAX
        )),
    }
}

/// The value parser of a file argument (FILE, `-o`, `--sim-config`): an
/// empty one is refused as such. Clap's own parser refuses it too, but says
/// "a value is required ... but none was supplied" although one was (an
/// unset shell variable in quotes, `clusprop decode "$F"`).
pub fn path_parser() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser as _;
    clap::builder::OsStringValueParser::new().try_map(|os: std::ffi::OsString| {
        if os.is_empty() {
            Err("the file name is empty")
        } else {
            Ok(PathBuf::from(os))
        }
    })
}

/// Reads everything from `reader`, at most `cap` bytes; `what` names the
/// source in the error.
pub fn read_capped(reader: impl Read, cap: u64, what: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::bad_input(format!("cannot read {what}: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(Failure::bad_input(format!(
            "{what} is larger than the input cap of {cap} bytes (raise it with --max-input-bytes)"
        )));
    }
    Ok(bytes)
}

/// Opens `path` for reading. A directory is refused as one ("cannot read
/// PATH: it is a directory"): on Linux it opens, and reading it fails with
/// the system's "Is a directory (os error 21)", which names no argument
/// either way. The message is the caller's to wrap (a wrong input or a
/// wrong argument).
pub fn open_file(path: &Path) -> Result<std::fs::File, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(cannot)?;
    if file.metadata().map_err(cannot)?.is_dir() {
        return Err(format!("cannot read {}: it is a directory", path.display()));
    }
    Ok(file)
}

/// Reads `path`, or stdin when it is absent or `-`, at most `cap` bytes.
pub fn read(path: Option<&Path>, cap: InputCap) -> Result<Vec<u8>, Failure> {
    use std::io::IsTerminal;
    refuse_terminal(path, std::io::stdin().is_terminal())?;
    let cap = cap.max_input_bytes;
    match path {
        Some(p) if p != Path::new("-") => {
            let file = open_file(p).map_err(Failure::bad_input)?;
            read_capped(file, cap, &p.display().to_string())
        }
        _ => read_capped(std::io::stdin().lock(), cap, "stdin"),
    }
}

/// A command run without FILE at a terminal would wait, silently, for a
/// list typed at the keyboard (a new user's first try): refused, unless
/// `-` asks for exactly that.
fn refuse_terminal(path: Option<&Path>, stdin_is_terminal: bool) -> Result<(), Failure> {
    if path.is_none() && stdin_is_terminal {
        return Err(Failure::usage(
            "no FILE given and standard input is a terminal: name a FILE, pipe the input in, \
             or give `-` to type it",
        ));
    }
    Ok(())
}

/// Refuses to write a binary list to standard output when it is a terminal
/// and no `-o` was given (`refuse_terminal`'s twin): the bytes of a crafted
/// document (a BINARY value, a name) would reach the terminal as commands,
/// and nobody reads a binary list there. `-o -` still asks for exactly that.
pub fn refuse_terminal_output(
    path: Option<&Path>,
    stdout_is_terminal: bool,
) -> Result<(), Failure> {
    if path.is_none() && stdout_is_terminal {
        return Err(Failure::usage(
            "standard output is a terminal, and the output is a binary list: give -o FILE, \
             redirect or pipe the output, or give `-o -` to write it there anyway",
        ));
    }
    Ok(())
}

/// Writes `bytes` to `path`, or stdout when it is absent or `-`. A regular
/// file that cannot be written to its end (a full disk, a file size limit)
/// is removed, so no cut list is left where the output was expected.
pub fn write(path: Option<&PathBuf>, bytes: &[u8]) -> Result<(), Failure> {
    match path {
        Some(p) if p.as_path() != Path::new("-") => {
            let cannot = |e: std::io::Error| format!("cannot write {}: {e}", p.display());
            let mut file = std::fs::File::create(p).map_err(|e| Failure::output(cannot(e)))?;
            match file.write_all(bytes).and_then(|()| file.flush()) {
                Ok(()) => Ok(()),
                Err(e) => {
                    // The path itself, not what it points to: a symbolic
                    // link is left in place (removing it would lose the link
                    // and still leave its target cut).
                    let regular = std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file());
                    drop(file);
                    let removed = regular && std::fs::remove_file(p).is_ok();
                    let note = if removed {
                        " (the partial file was removed)"
                    } else {
                        ""
                    };
                    Err(Failure::output(format!("{}{note}", cannot(e))))
                }
            }
        }
        _ => {
            crate::output::stream(|out| out.write_all(bytes));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_goes_to_a_terminal_only_when_asked_with_a_dash() {
        let refused = refuse_terminal_output(None, true).unwrap_err();
        assert_eq!(refused.status, crate::error::USAGE);
        assert!(refused.message.contains("terminal"));
        assert!(refused.message.contains("-o"));
        assert!(refuse_terminal_output(Some(Path::new("-")), true).is_ok());
        assert!(refuse_terminal_output(Some(Path::new("x.bin")), true).is_ok());
        assert!(refuse_terminal_output(None, false).is_ok());
    }

    #[test]
    fn a_terminal_is_read_only_when_asked_with_a_dash() {
        let refused = refuse_terminal(None, true).unwrap_err();
        assert_eq!(refused.status, crate::error::USAGE);
        assert!(refused.message.contains("terminal"));
        assert!(refuse_terminal(Some(Path::new("-")), true).is_ok());
        assert!(refuse_terminal(Some(Path::new("x.bin")), true).is_ok());
        assert!(refuse_terminal(None, false).is_ok());
    }
}
