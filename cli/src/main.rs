//! `clusprop`: look at and write CLUSPROP property lists, read and write
//! cluster properties through control codes, and hand offline, online and
//! move instructions to a cluster.
//!
//! Exit status: 0 ok, 1 bad input (invalid, unreadable, or larger than
//! `--max-input-bytes`), 2 usage, 3 cluster error (also a group that ends on
//! another node than the one asked for), 4 timeout, 5 the output could not
//! be written (a closed pipe is not an error: it ends the printing, and a
//! cluster command still finishes its operation and exits with its status).

mod backend;
mod commands;
mod error;
mod generated;
mod hint;
mod human;
mod input;
mod interrupt;
mod json;
mod output;
mod policy;
mod prop;
mod tree;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Decode, encode and dump Windows Failover Cluster property lists (CLUSPROP),
/// read and write cluster properties, and take groups offline, online or to
/// another node with instructions.
///
/// Exit status: 0 ok, 1 bad input (invalid, unreadable, or larger than
/// --max-input-bytes), 2 usage, 3 cluster error (also: a group that ends on
/// another node than the one asked for), 4 timeout, 5 the output could not be
/// written. A closed pipe is not an error: it ends the printing, and a cluster
/// command still finishes its operation and exits with its status.
#[derive(Parser, Debug)]
#[command(name = "clusprop", version, about, long_about = None, after_help = error::EXIT_STATUS_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print a list as a readable tree (or as JSON with --json).
    #[command(after_help = error::EXIT_STATUS_HELP)]
    Decode(commands::decode::DecodeArgs),
    /// Turn the JSON form back into a binary list.
    #[command(after_help = error::EXIT_STATUS_HELP)]
    Encode(commands::encode::EncodeArgs),
    /// An annotated hex dump: offset, bytes, meaning (a malformed list up to its fault).
    #[command(after_help = error::EXIT_STATUS_HELP)]
    Dump(commands::dump::DumpArgs),
    /// Take a group offline with instructions (OfflineClusterGroupEx) and wait.
    #[command(after_help = error::EXIT_STATUS_HELP)]
    Offline(commands::offline::OfflineArgs),
    /// Bring a group online (OnlineClusterGroupEx) and wait.
    #[command(after_help = error::EXIT_STATUS_HELP)]
    Online(commands::online::OnlineArgs),
    /// Move a group to a node with VM instructions (MoveClusterGroupEx) and wait.
    #[command(after_help = error::EXIT_STATUS_HELP)]
    Move(commands::move_group::MoveArgs),
    /// Print an object's properties (CLUSCTL_*_GET_*_PROPERTIES).
    #[command(after_help = error::EXIT_STATUS_HELP)]
    Get(commands::get::GetArgs),
    /// Write an object's properties (CLUSCTL_*_SET_*_PROPERTIES) and read them back.
    #[command(after_help = error::EXIT_STATUS_HELP)]
    Set(commands::set::SetArgs),
    /// List the cluster's nodes, groups, resources, networks or resource types.
    #[command(after_help = error::EXIT_STATUS_HELP)]
    List(commands::list::ListArgs),
    /// Print a shell completion script (e.g. `clusprop completions bash >
    /// ~/.local/share/bash-completion/completions/clusprop`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `clusprop man > clusprop.1`).
    Man,
}

impl Command {
    /// Whether the command acts on a cluster (and so must finish even when
    /// nobody reads its output).
    fn is_cluster(&self) -> bool {
        !matches!(
            self,
            Command::Decode(_)
                | Command::Encode(_)
                | Command::Dump(_)
                | Command::Completions { .. }
                | Command::Man
        )
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return parse_failure(e),
    };
    let result = match &cli.command {
        Command::Decode(args) => commands::decode::run(args),
        Command::Encode(args) => commands::encode::run(args),
        Command::Dump(args) => commands::dump::run(args),
        Command::Offline(args) => commands::offline::run(args),
        Command::Online(args) => commands::online::run(args),
        Command::Move(args) => commands::move_group::run(args),
        Command::Get(args) => commands::get::run(args),
        Command::Set(args) => commands::set::run(args),
        Command::List(args) => commands::list::run(args),
        Command::Completions { shell } => generated::completions(*shell),
        Command::Man => generated::man(),
    };
    let ended = output::finish();
    if ended == output::Ended::PipeClosed && cli.command.is_cluster() {
        crate::output::errln!(
            "clusprop: standard output was closed; the operation was still carried to its end"
        );
    }
    match (result, ended) {
        (Ok(()), output::Ended::Failed(message)) => {
            error::Failure::output(format!("cannot write standard output: {message}")).report()
        }
        (Ok(()), _) => ExitCode::SUCCESS,
        (Err(failure), ended) => {
            if let output::Ended::Failed(message) = ended {
                crate::output::errln!("clusprop: cannot write standard output: {message}");
            }
            failure.report()
        }
    }
}

/// Help and version text go through the output sink when stdout is not a
/// terminal, so a failed write exits 5 as for any command (clap itself
/// ignores it and exits 0); usage errors are clap's (stderr, exit 2).
fn parse_failure(e: clap::Error) -> ExitCode {
    use std::io::IsTerminal;
    let shown = matches!(
        e.kind(),
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
    );
    if !shown {
        // A usage error may quote the argument as it was given (`invalid
        // value 'A\u{202e}...'`): when that holds a character the core
        // escapes, the message is printed escaped, without clap's colours.
        // It may also quote a whole argument of any length (a 100 kB
        // `--prop` value): a line longer than the command's own messages
        // can be keeps only its start and end, as those messages do.
        let plain = e.render().to_string();
        let safe = crate::human::terminal_safe(&plain);
        let long = safe
            .lines()
            .any(|line| line.chars().count() > error::MAX_MESSAGE_CHARS);
        if long || matches!(safe, std::borrow::Cow::Owned(_)) {
            let shown: String = safe.split_inclusive('\n').map(error::shortened).collect();
            output::write_err(format_args!("{shown}"));
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(error::USAGE));
        }
        e.exit();
    }
    if std::io::stdout().is_terminal() {
        e.exit();
    }
    output::out!("{}", e.render());
    match output::finish() {
        output::Ended::Failed(message) => {
            error::Failure::output(format!("cannot write standard output: {message}")).report()
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The clap command tree, for the generated completions and manual page.
fn cli_command() -> clap::Command {
    Cli::command()
}
