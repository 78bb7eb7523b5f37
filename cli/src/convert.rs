//! `careconnect convert`: FHIR JSON to XML and back.

use std::io::{self, Write};
use std::path::Path;

use crate::args::{Args, Spec};
use crate::format::{Format, read_resource, write_resource};
use crate::{Status, usage_error};

pub const SPEC: Spec = Spec {
    flags: &["--pretty", "--lenient"],
    options: &["--to"],
};

pub const USAGE: &str =
    "careconnect convert IN OUT [--pretty] | careconnect convert IN --to json|xml [--pretty]";

pub const HELP: &str = "\
Convert a FHIR STU3 resource between JSON and XML.

Usage: careconnect convert IN OUT [--pretty] [--lenient]
       careconnect convert IN --to json|xml [--pretty] [--lenient]

IN is FHIR JSON or XML (by its extension, else by its first character). The output
format comes from OUT's extension (.json or .xml), or from --to, which writes to
stdout when no OUT is given. Elements are written in FHIR order; nothing is lost.

Options:
  --to json|xml  the output format (needed when OUT is absent or has another extension)
  --pretty       indent the output (compact by default)
  --lenient      skip elements FHIR STU3 does not define and accept absent required
                 elements, reporting each as a warning on stderr (by default they are
                 errors)
  -h, --help     print this help

Exit status: 0 on success, 1 when IN cannot be read or is not a valid resource or OUT
cannot be written, 2 for a usage error.
";

pub fn run(args: &Args) -> Status {
    let (input, output) = match args.positional.as_slice() {
        [input] => (Path::new(input), None),
        [input, output] => (Path::new(input), Some(Path::new(output))),
        [] => return usage_error("convert", USAGE, "expected IN and OUT (or IN and --to)"),
        _ => return usage_error("convert", USAGE, "expected at most two files, IN and OUT"),
    };
    let to = match args.value("--to").map(|t| (t, Format::from_name(t))) {
        None => None,
        Some((_, Some(f))) => Some(f),
        Some((t, None)) => {
            return usage_error(
                "convert",
                USAGE,
                &format!("--to takes json or xml, not '{t}'"),
            );
        }
    };
    let format = match (to, output.and_then(Format::from_extension)) {
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => {
            let why = match output {
                Some(o) => format!(
                    "cannot tell the output format from '{}': give --to json or --to xml",
                    o.display()
                ),
                None => "give OUT or --to json|xml".to_string(),
            };
            return usage_error("convert", USAGE, &why);
        }
    };
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
    let (resource, issues) = match read_resource(&bytes, from, args.flag("--lenient")) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{name}: error: {e}");
            return Status::Errors;
        }
    };
    for issue in &issues {
        eprintln!("{name}: warning: {issue}");
    }
    let text = write_resource(&resource, format, args.flag("--pretty"));
    let written = match output {
        Some(path) => std::fs::write(path, text).map_err(|e| (path.display().to_string(), e)),
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
