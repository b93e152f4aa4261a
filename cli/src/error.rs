//! The command's failures and their documented exit codes.

use std::fmt;
use std::process::ExitCode;

/// Exit status 1: the input is not a valid list (or not valid JSON), cannot
/// be read, or is larger than `--max-input-bytes`.
pub const BAD_INPUT: u8 = 1;
/// Exit status 2: the command line is wrong (clap uses 2 for its own errors too).
pub const USAGE: u8 = 2;
/// Exit status 3: the cluster rejected a call or a group ended in a bad state
/// (or on another node than the one asked for).
pub const CLUSTER: u8 = 3;
/// Exit status 4: the wait for the group timed out.
pub const TIMEOUT: u8 = 4;
/// Exit status 5: the output could not be written (a full disk, `/dev/full`,
/// an I/O error; not a closed pipe, which only ends the printing). A cluster
/// operation that failed keeps its own status (3 or 4) instead.
pub const OUTPUT: u8 = 5;

/// Exit status 130 (128 + SIGINT, as shells report an interrupted command):
/// Ctrl-C during a wait; the first one asks the cluster to cancel the
/// operation and the message says what became of it, a second one ends the
/// command at once.
pub const INTERRUPTED: u8 = 130;

/// The exit statuses, as `--help` shows them.
pub const EXIT_STATUS_HELP: &str = "Exit status: 0 ok; 1 bad input (invalid, unreadable, or larger \
than --max-input-bytes); 2 usage; 3 cluster error (also a group that ends on another node than \
the one asked for); 4 timeout; 5 the output could not be written; 130 interrupted (Ctrl-C during \
a wait asks the cluster to cancel; a second Ctrl-C ends at once). A closed pipe only ends the \
printing: a cluster command still finishes its operation and exits with its status.";

/// A failure: one line for stderr and the exit status that goes with it.
#[derive(Debug)]
pub struct Failure {
    /// Exit status (see the constants of this module).
    pub status: u8,
    /// What went wrong, and where.
    pub message: String,
    /// The Win32 error behind a cluster failure, when there is one.
    pub win32: Option<clusprop_ffi::Win32Error>,
    /// Whether the message already names the object it was about (the
    /// library's [`clusprop_ffi::Error::Object`]), so [`Failure::about`]
    /// adds nothing.
    pub named: bool,
}

impl Failure {
    /// A failure with this status and message.
    pub fn new(status: u8, message: impl fmt::Display) -> Self {
        Failure {
            status,
            message: message.to_string(),
            win32: None,
            named: false,
        }
    }

    /// A bad-input failure (exit 1).
    pub fn bad_input(message: impl fmt::Display) -> Self {
        Failure::new(BAD_INPUT, message)
    }

    /// A usage failure (exit 2).
    pub fn usage(message: impl fmt::Display) -> Self {
        Failure::new(USAGE, message)
    }

    /// An output failure (exit 5).
    pub fn output(message: impl fmt::Display) -> Self {
        Failure::new(OUTPUT, message)
    }

    /// A cluster failure (exit 3, or 4 for a timeout). The library's
    /// message names the object the call was on (`group "NoSuchGroup":
    /// OpenClusterGroup failed: ...`) and says a timeout's wait for people
    /// ("3.2 s").
    pub fn cluster(error: clusprop_ffi::Error) -> Self {
        let named = error.object().is_some();
        let win32 = error.win32();
        let status = match error.inner() {
            clusprop_ffi::Error::Timeout { .. } => TIMEOUT,
            _ => CLUSTER,
        };
        let message = error.to_string();
        Failure {
            status,
            message,
            win32,
            named,
        }
    }

    /// Names the object a cluster failure (exit 3 or 4) was about, `group
    /// "DemoGroup": ...`, unless the message already names an object (the
    /// library names the object of each call). Whether the message happens
    /// to quote the name is no guide: a property, or a node, may have the
    /// object's name.
    pub fn about(mut self, kind: &str, name: &str) -> Self {
        if matches!(self.status, CLUSTER | TIMEOUT) && !self.named {
            self.message = format!("{kind} {}: {}", clusprop::quoted(name), self.message);
            self.named = true;
        }
        self
    }

    /// Prints the message and turns the failure into the process exit code.
    /// Control characters other than line breaks and tabs are printed
    /// escaped: a message may quote an input file, and its bytes must not
    /// reach the terminal as commands. A message may also quote as much of
    /// the input as it holds (a long string where a number belongs): one
    /// longer than [`MAX_MESSAGE_CHARS`] keeps its start and its end (what
    /// went wrong, and where) and leaves out the middle.
    pub fn report(self) -> ExitCode {
        let message = shortened(&self.message);
        crate::output::errln!("clusprop: {}", crate::human::terminal_safe(&message));
        ExitCode::from(self.status)
    }
}

/// The longest message [`Failure::report`] prints whole, in characters.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// `message`, or its first and last 400 characters with a note of how
/// many were left out between them when it is longer than
/// [`MAX_MESSAGE_CHARS`].
pub fn shortened(message: &str) -> std::borrow::Cow<'_, str> {
    const KEPT: usize = 400;
    let count = message.chars().count();
    if count <= MAX_MESSAGE_CHARS {
        return std::borrow::Cow::Borrowed(message);
    }
    let head: String = message.chars().take(KEPT).collect();
    let tail: String = message.chars().skip(count - KEPT).collect();
    std::borrow::Cow::Owned(format!(
        "{head}[... {} characters left out ...]{tail}",
        count - 2 * KEPT
    ))
}

/// Result of a subcommand.
pub type Outcome = Result<(), Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_keeps_its_start_and_end() {
        let short = "é".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(shortened(&short), short.as_str());
        let long = format!("start{}end", "é".repeat(MAX_MESSAGE_CHARS));
        let shown = shortened(&long);
        assert!(
            shown.starts_with("start") && shown.ends_with("end"),
            "{shown}"
        );
        assert!(shown.contains(&format!("[... {} characters left out ...]", 1008 - 800)));
        assert!(shown.chars().count() < MAX_MESSAGE_CHARS);
    }
}
