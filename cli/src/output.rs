//! Standard output, and what a failed write means.
//!
//! Everything the command prints goes through one buffered sink. A write
//! error never ends the program, and never decides the exit status alone:
//!
//! * a closed pipe (`clusprop decode X | head -1`) means the reader wants no
//!   more: later output is dropped, the command goes on to its end (a
//!   cluster command finishes its operation and waits for it), and the exit
//!   status is the command's own;
//! * any other error (a full disk, `/dev/full`) also drops later output; the
//!   command then exits with [`OUTPUT`](crate::error::OUTPUT) (5), unless it
//!   failed by itself, whose status then stands.
//!
//! Standard error is written by [`errln!`], which never panics either.
//!
//! [`out!`] and [`outln!`] print a line (flushed at once, so progress shows
//! while a cluster command waits); [`stream`] hands the sink, behind a
//! buffer, to code that prints a lot (a tree, a dump, JSON) as it walks a
//! list, and which stops at the first error the sink returns.

use std::fmt;
use std::io::{self, BufWriter, ErrorKind, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard};

/// `print!` through [`write()`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write(format_args!($($arg)*))
    };
}

/// `println!` through [`write()`].
macro_rules! outln {
    () => {
        $crate::output::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` through [`write_err`]: never panics.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::write_err(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {errln, out, outln};

/// Standard output that remembers its first error.
pub struct Sink {
    out: Stdout,
    failed: Option<(ErrorKind, String)>,
}

impl Sink {
    fn check<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result
            && self.failed.is_none()
        {
            self.failed = Some((e.kind(), e.to_string()));
        }
        result
    }

    fn refuse(&self) -> io::Result<()> {
        match &self.failed {
            Some((kind, _)) => Err(io::Error::new(*kind, "standard output failed earlier")),
            None => Ok(()),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.refuse()?;
        let result = self.out.write(buf);
        self.check(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.refuse()?;
        let result = self.out.flush();
        self.check(result)
    }
}

static SINK: LazyLock<Mutex<Sink>> = LazyLock::new(|| {
    Mutex::new(Sink {
        out: io::stdout(),
        failed: None,
    })
});

fn sink() -> MutexGuard<'static, Sink> {
    SINK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether `out!`/`outln!` go to stderr: set by `--json` on the cluster
/// commands, so that stdout holds only the JSON object.
static HUMAN_TO_STDERR: AtomicBool = AtomicBool::new(false);

/// Sends what `out!`/`outln!` print to stderr from now on.
pub fn human_to_stderr() {
    HUMAN_TO_STDERR.store(true, Ordering::Relaxed);
}

/// Writes `text` to stdout whatever [`human_to_stderr`] says (the JSON
/// object of `--json`).
pub fn write_stdout(text: &str) {
    let mut sink = sink();
    let _ = sink.write_all(text.as_bytes()).and_then(|()| sink.flush());
}

/// Writes and flushes; an error is remembered for [`finish`].
pub fn write(args: fmt::Arguments<'_>) {
    if HUMAN_TO_STDERR.load(Ordering::Relaxed) {
        eprint!("{args}");
        return;
    }
    let mut sink = sink();
    let _ = sink.write_fmt(args).and_then(|()| sink.flush());
}

/// Writes to standard error. `eprintln!` panics (exit 101) when standard
/// error cannot be written (`2>/dev/full`, a pipe whose reader is gone);
/// here the message is lost and the exit status stays the command's.
pub fn write_err(args: fmt::Arguments<'_>) {
    let _ = io::stderr().lock().write_fmt(args);
}

/// What [`stream`] hands out: the sink behind a 64 KiB buffer.
pub type Stream<'a> = BufWriter<&'a mut Sink>;

/// Runs `print` with the sink behind a buffer; an error is remembered for
/// [`finish`], and `print` should stop at the first one.
pub fn stream(print: impl FnOnce(&mut Stream<'_>) -> io::Result<()>) {
    let mut sink = sink();
    let mut out = BufWriter::with_capacity(64 * 1024, &mut *sink);
    let _ = print(&mut out).and_then(|()| out.flush());
}

/// How the output ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// Everything was written.
    Written,
    /// The reader closed the pipe: the rest was dropped.
    PipeClosed,
    /// Another error: the message.
    Failed(String),
}

/// Flushes what is buffered and says how the output ended.
pub fn finish() -> Ended {
    let mut sink = sink();
    let _ = sink.flush();
    match &sink.failed {
        None => Ended::Written,
        Some((ErrorKind::BrokenPipe, _)) => Ended::PipeClosed,
        Some((_, message)) => Ended::Failed(message.clone()),
    }
}
