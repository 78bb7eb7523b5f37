//! `careconnect`: check FHIR STU3 resources against the Care Connect profiles, read bulk
//! NDJSON on all cores, convert between FHIR JSON and XML.

mod check;
mod convert;
mod export;
mod format;
mod ndjson;
mod profiles;
mod progress;
mod synth;

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};

/// FHIR STU3 and NHS Care Connect from the command line
///
/// Checks FHIR STU3 resources (JSON or XML) against the NHS Care Connect profiles, reads
/// bulk NDJSON on all cores, exports it as Parquet files of typed columns per profile,
/// generates synthetic Care Connect data, and converts between FHIR JSON and XML.
#[derive(Debug, Parser)]
#[command(
    name = "careconnect",
    version,
    verbatim_doc_comment,
    arg_required_else_help = true,
    after_help = "Run 'careconnect COMMAND --help' for a command's options.\n\
                  Exit status: 0 when clean, 1 when an input has an error, 2 for a usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(check::CheckArgs),
    Ndjson(ndjson::NdjsonArgs),
    Convert(convert::ConvertArgs),
    Export(export::ExportArgs),
    Synth(synth::SynthArgs),
    /// Print a shell completion script on stdout
    ///
    /// For example, for bash:
    ///   careconnect completions bash > ~/.local/share/bash-completion/completions/careconnect
    /// for zsh, into a folder of $fpath:
    ///   careconnect completions zsh > ~/.zfunc/_careconnect
    #[command(verbatim_doc_comment)]
    Completions {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
}

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Clean,
    /// An input had an error (or could not be read or written).
    Errors,
    /// The command line was wrong.
    Usage,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Clean => 0,
            Status::Errors => 1,
            Status::Usage => 2,
        })
    }
}

/// Prints a usage error of `command` that the parser cannot see (one that depends on two
/// arguments together, or on a file), formatted as the parser formats its own, and
/// returns [`Status::Usage`].
pub fn usage_error(command: &str, kind: ErrorKind, message: impl Display) -> Status {
    let mut cli = Cli::command();
    // Gives each subcommand its full name (`careconnect convert`) for the usage line.
    cli.build();
    let error = match cli.find_subcommand_mut(command) {
        Some(sub) => sub.error(kind, message),
        None => cli.error(kind, message),
    };
    let _ = error.print();
    Status::Usage
}

fn run(cli: Cli) -> Status {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Ndjson(args) => ndjson::run(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Synth(args) => synth::run(&args),
        Command::Completions { shell } => {
            // Into a buffer first: the generator panics on a write error (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "careconnect", &mut script);
            let mut out = io::stdout().lock();
            match out.write_all(&script).and_then(|()| out.flush()) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    eprintln!("careconnect: cannot write the completion script: {e}");
                    Status::Errors
                }
                _ => Status::Clean,
            }
        }
    }
}

fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(cli) => run(cli).into(),
        Err(e) => {
            // Help and version go to stdout and exit 0; usage errors to stderr, exit 2.
            let _ = e.print();
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
