//! `careconnect ndjson`: reads a bulk NDJSON file on all cores, reports every bad line and
//! carries on, optionally checks declared profiles and writes the resources back.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use careconnect_models::rt::ndjson::{
    FromNdjsonLine, Lenient, NdjsonOptions, NdjsonWriter, ParallelReader, ParsedLine, encode_line,
};
use careconnect_models::rt::{Issue, ReadOptions};
use careconnect_models::stu3::Resource;

use clap::ValueHint;
use clap::error::ErrorKind;

use crate::profiles::{self, Severity};
use crate::progress::Progress;
use crate::{Status, usage_error};

/// Read a bulk NDJSON file (one FHIR STU3 resource per line) on all cores
///
/// FILE is read as a stream ('-' reads standard input), in bounded memory whatever its
/// size. Each bad line is reported on stderr as FILE:LINE: message, and reading carries
/// on. Blank lines are skipped; lines end with LF or CRLF. A progress bar (MB done, MB/s)
/// is drawn on stderr when stderr is a terminal. At the end a summary is printed on
/// stdout: lines, resources ok, errors, bytes, seconds, MB/s (1 MB = 1,000,000 bytes).
#[derive(Debug, clap::Args)]
#[command(
    verbatim_doc_comment,
    after_help = "Exit status: 0 when every line is clean, 1 when any line has an error or the\n\
                  input cannot be read, 2 for a usage error."
)]
pub struct NdjsonArgs {
    /// The NDJSON file ('-' reads standard input)
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    file: PathBuf,
    /// Parse on N threads (default: the number of cores)
    #[arg(long, value_name = "N", value_parser = from_one)]
    threads: Option<usize>,
    /// Check the Care Connect profiles each resource declares
    ///
    /// Every Care Connect profile a resource declares in meta.profile (and those of
    /// Bundle entries) is checked; each violation is an error for its line.
    #[arg(long, verbatim_doc_comment)]
    check_profiles: bool,
    /// Report unknown elements and absent required ones as warnings
    ///
    /// Skips elements FHIR STU3 does not define and accepts absent required elements,
    /// reporting each as a warning (by default they are errors).
    #[arg(long, verbatim_doc_comment)]
    lenient: bool,
    /// Write the resources read, in input order, as NDJSON to FILE
    ///
    /// Lines with read errors are left out.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    out: Option<PathBuf>,
    /// Replace the --out file if it exists
    #[arg(long, requires = "out")]
    force: bool,
    /// The longest line accepted, in bytes (default 67108864, 64 MiB)
    ///
    /// A longer line is an error and is not held in memory.
    #[arg(
        long,
        value_name = "N",
        value_parser = from_one,
        verbatim_doc_comment
    )]
    max_line_bytes: Option<usize>,
}

/// A count of 1 or more.
pub(crate) fn from_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a whole number from 1 up".into()),
    }
}

/// What a worker found on one line, for the consumer to report in order.
struct Outcome {
    line: u64,
    /// The byte offset just after the line (for progress).
    end: u64,
    /// Whether the line was read (it may still violate a profile).
    read: bool,
    errors: usize,
    /// Messages for the line, each with its label (`warning: ...`) if not an error.
    messages: Vec<String>,
    /// Declared profiles that are not Care Connect profiles (not checked).
    unchecked: usize,
    /// The resource as an NDJSON line, when `--out` is given.
    encoded: Option<Vec<u8>>,
}

/// A line's value: the resource and, in lenient mode, the issues.
trait LineValue: FromNdjsonLine {
    fn into_parts(self) -> (Resource, Vec<Issue>);
}

impl LineValue for Resource {
    fn into_parts(self) -> (Resource, Vec<Issue>) {
        (self, Vec::new())
    }
}

impl LineValue for Lenient<Resource> {
    fn into_parts(self) -> (Resource, Vec<Issue>) {
        (self.value, self.issues)
    }
}

struct Config {
    file: PathBuf,
    threads: usize,
    check_profiles: bool,
    lenient: bool,
    out: Option<PathBuf>,
    force: bool,
    max_line_len: usize,
}

pub fn run(args: &NdjsonArgs) -> Status {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let max_line_len = args
        .max_line_bytes
        .unwrap_or(NdjsonOptions::DEFAULT_MAX_LINE_LEN);
    let config = Config {
        file: args.file.clone(),
        threads,
        check_profiles: args.check_profiles,
        lenient: args.lenient,
        out: args.out.clone(),
        force: args.force,
        max_line_len,
    };
    if config.lenient {
        process::<Lenient<Resource>>(&config)
    } else {
        process::<Resource>(&config)
    }
}

/// Counts beyond what the reader's summary has.
#[derive(Default)]
struct Tally {
    /// Lines read but failing a profile.
    profile_errors: u64,
    warnings: u64,
    /// Declared profiles that are not Care Connect profiles.
    unchecked: u64,
    written: u64,
}

fn process<T: LineValue>(config: &Config) -> Status {
    let name = config.file.display().to_string();
    let (input, total): (Box<dyn BufRead + Send>, Option<u64>) = if name == "-" {
        (
            Box::new(BufReader::with_capacity(1 << 20, io::stdin())),
            None,
        )
    } else {
        match File::open(&config.file) {
            Ok(f) => {
                let total = f.metadata().ok().map(|m| m.len());
                (Box::new(BufReader::with_capacity(1 << 20, f)), total)
            }
            Err(e) => {
                eprintln!("careconnect: cannot open {name}: {e}");
                return Status::Errors;
            }
        }
    };
    if let Some(out) = &config.out
        && same_file(&config.file, out)
    {
        return usage_error(
            "ndjson",
            ErrorKind::ArgumentConflict,
            format!(
                "--out {} is the input file; write the output elsewhere",
                out.display()
            ),
        );
    }
    let mut out = match &config.out {
        None => None,
        Some(path) => match crate::convert::open_output(path, config.force) {
            Ok(f) => Some(NdjsonWriter::new(BufWriter::with_capacity(1 << 20, f))),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                eprintln!(
                    "careconnect: ndjson: {} exists; give --force to replace it",
                    path.display()
                );
                return Status::Errors;
            }
            Err(e) => {
                eprintln!("careconnect: cannot create {}: {e}", path.display());
                return Status::Errors;
            }
        },
    };

    let options = NdjsonOptions {
        read: ReadOptions::default(),
        max_line_len: config.max_line_len,
    };
    let started = Instant::now();
    let mut progress = Progress::new(total);
    let mut tally = Tally::default();
    let encode = out.is_some();
    let check_profiles = config.check_profiles;
    let result = ParallelReader::new(input, options)
        .threads(config.threads)
        .for_each_mapped(
            |p: ParsedLine<'_, T>| examine(p, check_profiles, encode),
            |o: Outcome| -> io::Result<()> {
                for m in &o.messages {
                    progress.message(&format!("{name}:{}: {m}", o.line));
                }
                if o.read && o.errors > 0 {
                    tally.profile_errors += 1;
                }
                tally.warnings += (o.messages.len() - o.errors) as u64;
                tally.unchecked += o.unchecked as u64;
                if let (Some(w), Some(line)) = (out.as_mut(), &o.encoded) {
                    w.write_encoded(line)?;
                    tally.written += 1;
                }
                progress.update(o.end);
                Ok(())
            },
        );
    let seconds = started.elapsed().as_secs_f64();
    let summary = match result {
        Ok(summary) => summary,
        Err(e) => {
            progress.finish();
            let out = config.out.as_deref().unwrap_or(config.file.as_path());
            eprintln!("careconnect: cannot write {}: {e}", out.display());
            return Status::Errors;
        }
    };
    if let Some(w) = out.as_mut()
        && let Err(e) = w.flush()
    {
        progress.finish();
        let path = config.out.as_deref().unwrap_or(config.file.as_path());
        eprintln!("careconnect: cannot write {}: {e}", path.display());
        return Status::Errors;
    }
    progress.finish();
    drop(progress);

    let errors = summary.errors + tally.profile_errors;
    let ok = summary.ok - tally.profile_errors;
    let mb_per_s = if seconds > 0.0 {
        summary.bytes as f64 / 1e6 / seconds
    } else {
        0.0
    };
    let mut line = format!(
        "lines {}, resources ok {ok}, errors {errors}",
        summary.lines
    );
    if check_profiles {
        line.push_str(&format!(
            " (read {}, profile {})",
            summary.errors, tally.profile_errors
        ));
    }
    if tally.warnings > 0 {
        line.push_str(&format!(", warnings {}", tally.warnings));
    }
    if tally.unchecked > 0 {
        line.push_str(&format!(", other profiles not checked {}", tally.unchecked));
    }
    line.push_str(&format!(
        ", bytes {}, seconds {seconds:.2}, MB/s {mb_per_s:.1}",
        summary.bytes
    ));
    if config.out.is_some() {
        line.push_str(&format!(", written {}", tally.written));
    }
    println!("{line}");
    let _ = io::stdout().flush();
    if errors > 0 {
        Status::Errors
    } else {
        Status::Clean
    }
}

/// The work done on a worker thread for one line.
fn examine<T: LineValue>(p: ParsedLine<'_, T>, check_profiles: bool, encode: bool) -> Outcome {
    let end = p.end_offset();
    let value = match p.result {
        Ok(v) => v,
        Err(e) => {
            return Outcome {
                line: p.line,
                end,
                read: false,
                errors: 1,
                messages: vec![e.message()],
                unchecked: 0,
                encoded: None,
            };
        }
    };
    let (resource, issues) = value.into_parts();
    let mut messages: Vec<String> = issues
        .iter()
        .map(|i| {
            format!(
                "warning: {}: {} (column {})",
                i.path, i.message, i.position.column
            )
        })
        .collect();
    let mut errors = 0;
    let mut unchecked = 0;
    // A line without the word cannot declare a profile: skip the check cheaply.
    if check_profiles && contains(p.bytes, b"\"profile\"") {
        let report = profiles::check(&resource, &[]);
        for f in report.findings {
            match f.severity {
                Severity::Error => {
                    errors += 1;
                    messages.push(f.message);
                }
                Severity::Warning => messages.push(format!("warning: {}", f.message)),
            }
        }
        // A note about another profile on every line of a bulk file would bury the
        // errors: they are counted in the summary.
        unchecked = report.unchecked.iter().map(|(_, n)| n).sum();
    }
    let encoded = encode.then(|| {
        let mut line = Vec::with_capacity(p.bytes.len() + 1);
        encode_line(&resource, &mut line);
        line
    });
    Outcome {
        line: p.line,
        end,
        read: true,
        errors,
        messages,
        unchecked,
        encoded,
    }
}

/// Whether two paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
