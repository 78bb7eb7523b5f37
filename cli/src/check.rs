//! `careconnect check`: reads FHIR resources and checks the Care Connect profiles they
//! declare.

use std::io::{self, Write};
use std::path::Path;

use careconnect_models::stu3::Resource;

use crate::args::{Args, Spec};
use crate::format::{Format, read_resource};
use crate::profiles::{self, Severity};
use crate::{Status, usage_error};

pub const SPEC: Spec = Spec {
    flags: &["--lenient"],
    options: &[],
};

pub const USAGE: &str = "careconnect check [--lenient] FILE...";

pub const HELP: &str = "\
Check FHIR STU3 resources and the Care Connect profiles they declare.

Usage: careconnect check [--lenient] FILE...

Each FILE is FHIR JSON or XML (by its extension, .json or .xml, else by its first
character: '{' or '<'), read as a FHIR STU3 resource. Then every Care Connect profile
it declares in meta.profile, and every one declared by the resource of a Bundle entry,
is checked. Each read error and each profile violation is printed on stdout as
FILE: error: ... with the FHIR path; a clean file as FILE: ok: ...

Options:
  --lenient   skip elements FHIR STU3 does not define and accept absent required
              elements, reporting each as a warning (by default they are errors)
  -h, --help  print this help

Exit status: 0 when no file has an error (warnings and notes allowed), 1 when any
file has an error, 2 for a usage error.
";

#[derive(Default)]
struct Counts {
    errors: usize,
    warnings: usize,
}

pub fn run(args: &Args) -> Status {
    if args.positional.is_empty() {
        return usage_error("check", USAGE, "expected at least one FILE");
    }
    let lenient = args.flag("--lenient");
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut total = Counts::default();
    for file in &args.positional {
        let path = Path::new(file);
        let counts = check_file(path, lenient, &mut out);
        total.errors += counts.errors;
        total.warnings += counts.warnings;
    }
    let files = args.positional.len();
    let _ = writeln!(
        out,
        "checked {files} file{}: {} error{}, {} warning{}",
        plural(files),
        total.errors,
        plural(total.errors),
        total.warnings,
        plural(total.warnings)
    );
    let _ = out.flush();
    if total.errors > 0 {
        Status::Errors
    } else {
        Status::Clean
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn check_file(path: &Path, lenient: bool, out: &mut impl Write) -> Counts {
    let name = path.display();
    let mut counts = Counts::default();
    let mut say = |severity: Severity, message: &str| {
        match severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
        }
        let _ = writeln!(out, "{name}: {}: {message}", severity.label());
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            say(Severity::Error, &format!("cannot read: {e}"));
            return counts;
        }
    };
    let format = match Format::detect(path, &bytes) {
        Ok(f) => f,
        Err(e) => {
            say(Severity::Error, &e);
            return counts;
        }
    };
    let (resource, issues) = match read_resource(&bytes, format, lenient) {
        Ok(r) => r,
        Err(e) => {
            say(Severity::Error, &e.to_string());
            return counts;
        }
    };
    for issue in &issues {
        say(Severity::Warning, &issue.to_string());
    }
    let report = profiles::check(&resource);
    for f in &report.findings {
        say(f.severity, &f.message);
    }
    for (url, n) in &report.unchecked {
        let by = match n {
            1 => "one resource".to_string(),
            n => format!("{n} resources"),
        };
        let _ = writeln!(
            out,
            "{name}: note: {url} (declared by {by}) is not an HL7 UK Care Connect profile; \
             not checked"
        );
    }
    if report.errors() == 0 {
        let _ = writeln!(out, "{name}: ok: {}", describe(&resource, &report));
    }
    counts
}

/// `Patient, conforms to 1 declared Care Connect profile`.
fn describe(resource: &Resource, report: &profiles::Report) -> String {
    let mut s = resource.resource_type().to_string();
    if let Resource::Bundle(b) = resource {
        let n = b.entry.len();
        s.push_str(&format!(" of {n} entr{}", if n == 1 { "y" } else { "ies" }));
    }
    match report.conforming {
        0 => s.push_str(", no Care Connect profile declared"),
        n => s.push_str(&format!(
            ", conforms to {n} declared Care Connect profile{}",
            plural(n)
        )),
    }
    s
}
