//! `careconnect`: check FHIR STU3 resources against the Care Connect profiles they
//! declare, read bulk NDJSON on all cores, convert between FHIR JSON and XML.

mod args;
mod check;
mod convert;
mod format;
mod ndjson;
mod profiles;
mod progress;

use std::ffi::OsString;
use std::process::ExitCode;

use args::{Args, Parsed, Spec};

const HELP: &str = "\
careconnect: FHIR STU3 and NHS Care Connect from the command line.

Usage: careconnect COMMAND [OPTIONS] ...

Commands:
  check FILE...       read FHIR JSON or XML resources and check the Care Connect
                      profiles they declare
  ndjson FILE         read a bulk NDJSON file on all cores, reporting each bad line
  convert IN OUT      convert a resource between FHIR JSON and XML

Run 'careconnect COMMAND --help' for a command's options.

Options:
  -h, --help     print this help
  -V, --version  print the version

Exit status: 0 when clean, 1 when an input has an error, 2 for a usage error.
";

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

/// Prints a usage error for `command` (or for the tool, when empty) and returns
/// [`Status::Usage`].
pub fn usage_error(command: &str, usage: &str, message: &str) -> Status {
    let (prefix, help) = if command.is_empty() {
        (String::new(), "careconnect --help".to_string())
    } else {
        (
            format!("{command}: "),
            format!("careconnect {command} --help"),
        )
    };
    eprintln!("careconnect: {prefix}{message}\nUsage: {usage}\nRun '{help}' for more.");
    Status::Usage
}

const TOOL_USAGE: &str = "careconnect check|ndjson|convert ... (careconnect --help)";

type Command = (
    &'static Spec,
    &'static str,
    &'static str,
    fn(&Args) -> Status,
);

fn command(name: &str) -> Option<Command> {
    match name {
        "check" => Some((&check::SPEC, check::USAGE, check::HELP, check::run)),
        "ndjson" => Some((&ndjson::SPEC, ndjson::USAGE, ndjson::HELP, ndjson::run)),
        "convert" => Some((&convert::SPEC, convert::USAGE, convert::HELP, convert::run)),
        _ => None,
    }
}

fn run(mut args: impl Iterator<Item = OsString>) -> Status {
    let Some(first) = args.next() else {
        return usage_error("", TOOL_USAGE, "no command given");
    };
    let name = first.to_string_lossy();
    match name.as_ref() {
        "-h" | "--help" | "help" => {
            print!("{HELP}");
            return Status::Clean;
        }
        "-V" | "--version" => {
            println!("careconnect {}", env!("CARGO_PKG_VERSION"));
            return Status::Clean;
        }
        _ => {}
    }
    let Some((spec, usage, help, run)) = command(&name) else {
        return usage_error("", TOOL_USAGE, &format!("unknown command '{name}'"));
    };
    match args::parse(args, spec) {
        Ok(Parsed::Help) => {
            print!("{help}");
            Status::Clean
        }
        Ok(Parsed::Args(a)) => run(&a),
        Err(message) => usage_error(&name, usage, &message),
    }
}

fn main() -> ExitCode {
    run(std::env::args_os().skip(1)).into()
}
