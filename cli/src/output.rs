//! Standard output that a closed pipe cannot turn into a panic.
//!
//! `print!` panics when the reader has gone away (`clusprop decode X | head
//! -1`). Every line the command prints goes through [`write`] instead: a
//! closed pipe ends the program quietly with status 0 (the reader asked for
//! no more), any other write error with one line on stderr and status 1.

use std::fmt;
use std::io::{ErrorKind, Write};

/// `print!` through [`write`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write(format_args!($($arg)*))
    };
}

/// `println!` through [`write`].
macro_rules! outln {
    () => {
        $crate::output::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};

/// Writes to standard output; see the module documentation for errors.
pub fn write(args: fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("clusprop: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}
