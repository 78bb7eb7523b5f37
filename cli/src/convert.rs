//! `careconnect convert`: FHIR JSON to XML and back.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::ValueHint;
use clap::error::ErrorKind;

use crate::format::{Format, read_resource, write_resource};
use crate::{Status, usage_error};

/// Convert a FHIR STU3 resource between JSON and XML
///
/// IN is FHIR JSON or XML (by its extension, else by its first character). The output
/// format comes from OUT's extension (.json or .xml), or from --to, which writes to
/// stdout when no OUT is given. Elements are written in FHIR order; nothing is lost. An
/// existing OUT is replaced only with --force.
#[derive(Debug, clap::Args)]
#[command(
    verbatim_doc_comment,
    after_help = "Exit status: 0 on success, 1 when IN cannot be read or is not a valid resource,\n\
                  or OUT exists (without --force) or cannot be written, 2 for a usage error."
)]
pub struct ConvertArgs {
    /// The resource to read (FHIR JSON or XML)
    #[arg(value_name = "IN", value_hint = ValueHint::FilePath)]
    input: PathBuf,
    /// The file to write (without it: stdout, and --to is needed)
    #[arg(value_name = "OUT", value_hint = ValueHint::FilePath)]
    output: Option<PathBuf>,
    /// The output format, when OUT does not end in .json or .xml
    #[arg(long, value_name = "FORMAT")]
    to: Option<Format>,
    /// Indent the output (compact by default)
    #[arg(long)]
    pretty: bool,
    /// Report unknown elements and absent required ones as warnings
    ///
    /// Skips elements FHIR STU3 does not define and accepts absent required elements,
    /// reporting each as a warning on stderr (by default they are errors).
    #[arg(long, verbatim_doc_comment)]
    lenient: bool,
    /// Replace OUT if it exists
    #[arg(long)]
    force: bool,
}

pub fn run(args: &ConvertArgs) -> Status {
    let input = args.input.as_path();
    let output = args.output.as_deref();
    let format = match (args.to, output.and_then(Format::from_extension)) {
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => {
            return match output {
                Some(o) => usage_error(
                    "convert",
                    ErrorKind::InvalidValue,
                    format!(
                        "cannot tell the output format from '{}': give --to json or --to xml",
                        o.display()
                    ),
                ),
                None => usage_error(
                    "convert",
                    ErrorKind::MissingRequiredArgument,
                    "give OUT or --to json|xml",
                ),
            };
        }
    };
    // Checked before the work, and again when the file is created (it may appear meanwhile).
    if let Some(path) = output
        && !args.force
        && path.exists()
    {
        eprintln!("{}", exists_message(path));
        return Status::Errors;
    }
    let name = input.display();
    let bytes = match std::fs::read(input) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{name}: error: cannot read: {e}");
            return Status::Errors;
        }
    };
    let from = match Format::detect(input, &bytes) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{name}: error: {e}");
            return Status::Errors;
        }
    };
    let (resource, issues) = match read_resource(&bytes, from, args.lenient) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{name}: error: {e}");
            return Status::Errors;
        }
    };
    for issue in &issues {
        eprintln!("{name}: warning: {issue}");
    }
    let text = write_resource(&resource, format, args.pretty);
    let written = match output {
        Some(path) => match write_file(path, text.as_bytes(), args.force) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                eprintln!("{}", exists_message(path));
                return Status::Errors;
            }
            written => written.map_err(|e| (path.display().to_string(), e)),
        },
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| ("stdout".to_string(), e))
        }
    };
    match written {
        Ok(()) => Status::Clean,
        Err((target, e)) => {
            eprintln!("careconnect: cannot write {target}: {e}");
            Status::Errors
        }
    }
}

fn exists_message(path: &Path) -> String {
    format!(
        "careconnect: convert: {} exists; give --force to replace it",
        path.display()
    )
}

/// Writes `bytes` to `path`; without `force`, fails with `AlreadyExists` rather than
/// replace a file.
fn write_file(path: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
    let mut file = open_output(path, force)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Opens an output file (`convert`'s OUT, `ndjson --out`); without `force`, fails with
/// `AlreadyExists` rather than replace a file, also one that appeared since it was checked.
pub fn open_output(path: &Path, force: bool) -> io::Result<std::fs::File> {
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path)
}
