//! `careconnect check`: reads FHIR resources and checks them against the Care Connect
//! profiles they declare, and against those given with `--profile`.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use careconnect_models::stu3::Resource;
use clap::ValueHint;

use crate::Status;
use crate::format::{Format, read_resource};
use crate::profiles::{self, Severity};

/// Check FHIR STU3 resources against Care Connect profiles
///
/// Each FILE is FHIR JSON or XML (by its extension, .json or .xml, else by its first
/// character: '{' or '<'), read as a FHIR STU3 resource. Then it is checked against every
/// Care Connect profile it declares in meta.profile, and so is the resource of every
/// Bundle entry; --profile adds a profile to check every resource of its type against.
///
/// Each read error and each profile violation is printed on stdout as FILE: error: ...
/// with the FHIR path, what the profile expects and what was found. A file without errors
/// gets one line saying what was checked (ok: ...) or that nothing was (unchecked: ...).
/// Declared profiles that are not Care Connect profiles are counted in the summary
/// (--verbose lists them per file). The summary counts files, files with errors,
/// resources read and resources checked against a profile.
#[derive(Debug, clap::Args)]
#[command(
    verbatim_doc_comment,
    after_help = "Exit status: 0 when no file has an error (warnings allowed), 1 when any file\n\
                  has an error, 2 for a usage error (an unknown --profile too)."
)]
pub struct CheckArgs {
    /// FHIR JSON or XML files to check
    #[arg(value_name = "FILE", required = true, value_hint = ValueHint::FilePath)]
    files: Vec<PathBuf>,
    /// Also check against this Care Connect profile; repeatable
    ///
    /// Every resource of the profile's type is checked against it: the file's own and
    /// each Bundle entry's, whether they declare the profile or not. URL is the
    /// profile's canonical URL, or its last segment (CareConnect-Patient-1). A URL this
    /// tool does not know is a usage error that lists close matches; a profile that fits
    /// no resource of a file is an error for that file.
    #[arg(
        long,
        value_name = "URL",
        value_parser = profiles::parse_profile,
        verbatim_doc_comment
    )]
    profile: Vec<&'static str>,
    /// Report unknown elements and absent required ones as warnings
    ///
    /// Skips elements FHIR STU3 does not define and accepts absent required elements,
    /// reporting each as a warning (by default they are errors).
    #[arg(long, verbatim_doc_comment)]
    lenient: bool,
    /// Print only the errors and the summary
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// List the declared profiles that are not checked, per file
    ///
    /// Profiles that are not HL7 UK Care Connect profiles are not checked; by default
    /// one line after the summary counts them.
    #[arg(short, long, verbatim_doc_comment)]
    verbose: bool,
}

/// What to print besides errors and the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Counts over all files.
#[derive(Debug, Default)]
struct Totals {
    files_with_errors: usize,
    errors: usize,
    warnings: usize,
    resources: usize,
    checked: usize,
    failing: usize,
    /// Declarations of profiles that are not Care Connect profiles.
    unchecked: usize,
    /// The distinct profiles among them.
    unchecked_profiles: BTreeSet<String>,
}

pub fn run(args: &CheckArgs) -> Status {
    let verbosity = if args.quiet {
        Verbosity::Quiet
    } else if args.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut totals = Totals::default();
    for path in &args.files {
        check_file(path, args, verbosity, &mut totals, &mut out);
    }
    let _ = writeln!(out, "{}", summary(args.files.len(), &totals));
    if verbosity == Verbosity::Normal && totals.unchecked > 0 {
        let distinct = totals.unchecked_profiles.len();
        let _ = writeln!(
            out,
            "not checked: {} declaration{} of {distinct} profile{} that {} not Care Connect \
             (--verbose lists them)",
            totals.unchecked,
            plural(totals.unchecked),
            plural(distinct),
            if distinct == 1 { "is" } else { "are" }
        );
    }
    let _ = out.flush();
    if totals.errors > 0 {
        Status::Errors
    } else {
        Status::Clean
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `20 files, 2 with errors; 412 resources read, 92 checked against a Care Connect
/// profile (3 do not conform); 11 errors, 0 warnings`.
fn summary(files: usize, t: &Totals) -> String {
    let mut s = format!(
        "{files} file{}, {} with errors; {} resource{} read, {} checked against a Care Connect \
         profile",
        plural(files),
        t.files_with_errors,
        t.resources,
        plural(t.resources),
        t.checked
    );
    if t.failing > 0 {
        s.push_str(&format!(
            " ({} {} not conform)",
            t.failing,
            if t.failing == 1 { "does" } else { "do" }
        ));
    }
    s.push_str(&format!(
        "; {} error{}, {} warning{}",
        t.errors,
        plural(t.errors),
        t.warnings,
        plural(t.warnings)
    ));
    s
}

fn check_file(
    path: &Path,
    args: &CheckArgs,
    verbosity: Verbosity,
    totals: &mut Totals,
    out: &mut impl Write,
) {
    let name = path.display();
    let errors_before = totals.errors;
    let mut say = |severity: Severity, message: &str| {
        match severity {
            Severity::Error => totals.errors += 1,
            Severity::Warning => totals.warnings += 1,
        }
        if severity == Severity::Error || verbosity != Verbosity::Quiet {
            let _ = writeln!(out, "{name}: {}: {message}", severity.label());
        }
    };
    let read = std::fs::read(path)
        .map_err(|e| format!("cannot read: {e}"))
        .and_then(|bytes| {
            let format = Format::detect(path, &bytes)?;
            read_resource(&bytes, format, args.lenient).map_err(|e| e.to_string())
        });
    let (resource, issues) = match read {
        Ok(r) => r,
        Err(message) => {
            say(Severity::Error, &message);
            totals.files_with_errors += 1;
            return;
        }
    };
    for issue in &issues {
        say(Severity::Warning, &issue.to_string());
    }
    let report = profiles::check(&resource, &args.profile);
    for f in &report.findings {
        say(f.severity, &f.message);
    }
    totals.resources += report.resources;
    totals.checked += report.checked;
    totals.failing += report.failing;
    for (url, n) in &report.unchecked {
        totals.unchecked += n;
        totals.unchecked_profiles.insert(url.clone());
    }
    if verbosity == Verbosity::Verbose {
        for (url, n) in &report.unchecked {
            let by = match n {
                1 => "one resource".to_string(),
                n => format!("{n} resources"),
            };
            let _ = writeln!(
                out,
                "{name}: note: {url} (declared by {by}) is not an HL7 UK Care Connect \
                 profile; not checked"
            );
        }
    }
    if totals.errors > errors_before {
        totals.files_with_errors += 1;
    } else if verbosity != Verbosity::Quiet {
        let _ = writeln!(out, "{name}: {}", outcome(&resource, &report));
    }
}

/// The line for a file without errors: what was checked, or that nothing was.
///
/// `ok: Patient conforms to CareConnect-Patient-1`, `ok: Bundle of 22 entries: 3 of its 23
/// resources checked against Care Connect profiles (CareConnect-Patient-1, ...), all
/// conform`, `unchecked: Observation declares no Care Connect profile (--profile URL checks
/// one)`.
fn outcome(resource: &Resource, report: &profiles::Report) -> String {
    let mut names: Vec<&str> = report
        .profiles
        .iter()
        .map(|u| u.rsplit('/').next().unwrap_or(u))
        .collect();
    // A Bundle may be checked against many: the first three name the kind of document.
    let more = names.len().saturating_sub(3);
    names.truncate(3);
    let listed = match more {
        0 => names.join(", "),
        n => format!("{} and {n} more", names.join(", ")),
    };
    let what = match resource {
        Resource::Bundle(b) => {
            let n = b.entry.len();
            format!("Bundle of {n} entr{}", if n == 1 { "y" } else { "ies" })
        }
        r => r.resource_type().to_string(),
    };
    match (report.checked, report.resources) {
        (0, 1) => {
            format!("unchecked: {what} declares no Care Connect profile (--profile URL checks one)")
        }
        (0, n) => format!(
            "unchecked: {what}: none of its {n} resources declares a Care Connect profile \
             (--profile URL checks one)"
        ),
        (1, 1) => format!("ok: {what} conforms to {}", names.join(" and ")),
        (checked, n) => format!(
            "ok: {what}: {checked} of its {n} resources checked against Care Connect \
             profiles ({listed}), all conform"
        ),
    }
}
