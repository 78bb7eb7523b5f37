//! `careconnect export`: bulk NDJSON into Parquet files of typed columns, one per Care
//! Connect profile (and per base resource type for the rest), on all cores, in bounded
//! memory, with every line that could not be exported as a profile written down.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use careconnect_arrow::AnyTable;
use careconnect_models::careconnect::ProfiledResource;
use careconnect_models::rt::JsonWriter;
use careconnect_models::rt::ReadOptions;
use careconnect_models::rt::ndjson::{NdjsonOptions, ParallelReader, ParsedLine};
use careconnect_models::rt::profile::Conformance;
use careconnect_models::stu3::Resource;
use clap::ValueHint;
use parquet::arrow::ArrowWriter;

use crate::Status;
use crate::progress::Progress;

/// Export bulk NDJSON as Parquet files of typed columns, one per Care Connect profile
///
/// Each resource goes to the table of every Care Connect profile it declares in
/// meta.profile and conforms to (CareConnectPatient.parquet: a column per element,
/// nhs_number a column of its own); a resource that declares none, or conforms to none
/// of those it declares, goes to the table of its resource type (Patient.parquet), so
/// nothing read is dropped. The columns mirror the model: see the README of
/// careconnect-arrow's mapping. Lines that cannot be read and resources that break a
/// profile they declare are written to failures.ndjson in the output folder, one JSON
/// object per line: {"file", "line", "error"} or {"file", "line", "resourceType",
/// "profile", "violations": [{"path", "message"}]}.
///
/// Inputs are NDJSON files or folders of them (every .ndjson file inside, by name), read
/// on all cores in bounded memory whatever their size. A progress bar is drawn on stderr
/// when stderr is a terminal. At the end a summary is printed on stdout.
#[derive(Debug, clap::Args)]
#[command(
    verbatim_doc_comment,
    after_help = "Exit status: 0 when every line was exported as the profiles it declares, 1 \
                  when any line could not be read or broke a profile (see failures.ndjson) or \
                  a file could not be read or written, 2 for a usage error."
)]
pub struct ExportArgs {
    /// NDJSON files, or folders of .ndjson files
    #[arg(value_name = "INPUT", required = true, value_hint = ValueHint::AnyPath)]
    inputs: Vec<PathBuf>,
    /// The folder to write the Parquet files and failures.ndjson into (created if absent)
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    out: PathBuf,
    /// Replace files of the same names in the output folder
    #[arg(long)]
    force: bool,
    /// Parse on N threads (default: the number of cores)
    #[arg(long, value_name = "N", value_parser = crate::ndjson::from_one)]
    threads: Option<usize>,
    /// Rows per record batch (and per Parquet page group); memory grows with it
    #[arg(long, value_name = "N", default_value_t = 8192, value_parser = crate::ndjson::from_one)]
    batch_rows: usize,
}

/// Input bytes after which a table's rows are written whatever their count: keeps every
/// column of a batch far below Arrow's 2 GiB offsets, and memory bounded, with large
/// resources.
const BATCH_INPUT_BYTES: usize = 64 << 20;
/// The failures file in the output folder.
pub const FAILURES: &str = "failures.ndjson";

/// Where one resource goes.
enum Target {
    Profile(ProfiledResource),
    Base(Resource),
}

/// What a worker made of one line.
struct Outcome {
    line: u64,
    end: u64,
    bytes: usize,
    result: Result<Vec<Target>, String>,
    /// The profiles the resource declares and breaks.
    broken: Vec<Conformance>,
    /// The Care Connect profiles the resource declares that profile another resource type.
    other_type: Vec<&'static str>,
    resource_type: &'static str,
}

/// A table and the Parquet file it is written to (opened at its first row).
struct Sink<R> {
    table: Box<dyn AnyTable<R>>,
    writer: Option<ArrowWriter<BufWriter<File>>>,
    path: PathBuf,
    /// Input bytes of the rows appended since the last batch.
    pending_bytes: usize,
    rows: u64,
}

impl<R> Sink<R> {
    fn new(table: Box<dyn AnyTable<R>>, out: &Path) -> Sink<R> {
        let path = out.join(format!("{}.parquet", table.type_name()));
        Sink {
            table,
            writer: None,
            path,
            pending_bytes: 0,
            rows: 0,
        }
    }

    fn push(&mut self, r: &R, bytes: usize, batch_rows: usize, force: bool) -> Result<(), String> {
        if !self.table.push(r) {
            return Err(format!(
                "a resource routed to the {} table is not of its type",
                self.table.type_name()
            ));
        }
        self.rows += 1;
        self.pending_bytes += bytes;
        if self.table.len() >= batch_rows || self.pending_bytes >= BATCH_INPUT_BYTES {
            self.flush(force)?;
        }
        Ok(())
    }

    /// Writes the rows appended so far as a batch.
    fn flush(&mut self, force: bool) -> Result<(), String> {
        if self.table.is_empty() {
            return Ok(());
        }
        let batch = self.table.finish();
        self.pending_bytes = 0;
        let cannot =
            |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", self.path.display());
        if self.writer.is_none() {
            let file = crate::convert::open_output(&self.path, force).map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    format!("{} exists; give --force to replace it", self.path.display())
                } else {
                    cannot(&e)
                }
            })?;
            let writer = careconnect_arrow::parquet_writer(
                BufWriter::with_capacity(1 << 20, file),
                self.table.schema(),
            )
            .map_err(|e| cannot(&e))?;
            self.writer = Some(writer);
        }
        let Some(writer) = self.writer.as_mut() else {
            return Err(cannot(&"no writer"));
        };
        writer.write(&batch).map_err(|e| cannot(&e))
    }

    fn close(mut self, force: bool) -> Result<(&'static str, u64, PathBuf), String> {
        self.flush(force)?;
        if let Some(writer) = self.writer.take() {
            writer
                .close()
                .map_err(|e| format!("cannot write {}: {e}", self.path.display()))?;
        }
        Ok((self.table.type_name(), self.rows, self.path))
    }
}

pub fn run(args: &ExportArgs) -> Status {
    let files = match input_files(&args.inputs) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("careconnect: export: {message}");
            return Status::Errors;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!(
            "careconnect: export: cannot create {}: {e}",
            args.out.display()
        );
        return Status::Errors;
    }
    let failures_path = args.out.join(FAILURES);
    let failures = match crate::convert::open_output(&failures_path, args.force) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!(
                "careconnect: export: {} exists; give --force to replace it",
                failures_path.display()
            );
            return Status::Errors;
        }
        Err(e) => {
            eprintln!(
                "careconnect: export: cannot create {}: {e}",
                failures_path.display()
            );
            return Status::Errors;
        }
    };
    let mut export = Export {
        out: args.out.clone(),
        force: args.force,
        batch_rows: args.batch_rows,
        profiles: BTreeMap::new(),
        bases: BTreeMap::new(),
        failures: BufWriter::new(failures),
        failure_lines: 0,
        lines: 0,
        resources: 0,
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let total: u64 = files
        .iter()
        .filter_map(|f| f.metadata().ok())
        .map(|m| m.len())
        .sum();
    let started = Instant::now();
    let mut progress = Progress::new(Some(total));
    let mut done = 0;
    let mut bytes = 0;
    for file in &files {
        match export.file(file, threads, &mut progress, done) {
            Ok(read) => {
                done += read;
                bytes += read;
            }
            Err(message) => {
                progress.finish();
                eprintln!("careconnect: export: {message}");
                return Status::Errors;
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    progress.finish();
    drop(progress);
    match export.close() {
        Ok(summary) => {
            let mb_per_s = if seconds > 0.0 {
                bytes as f64 / 1e6 / seconds
            } else {
                0.0
            };
            println!(
                "lines {}, resources {}, failures {}, bytes {bytes}, seconds {seconds:.2}, MB/s {mb_per_s:.1}",
                summary.lines, summary.resources, summary.failures
            );
            for (name, rows, path) in &summary.tables {
                println!("  {name}: {rows} rows -> {}", path.display());
            }
            if summary.failures > 0 {
                println!("  failures: {}", failures_path.display());
                Status::Errors
            } else {
                Status::Clean
            }
        }
        Err(message) => {
            eprintln!("careconnect: export: {message}");
            Status::Errors
        }
    }
}

/// The NDJSON files the inputs name: files as given, folders' `.ndjson` files by name.
fn input_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input)
                .map_err(|e| format!("cannot read the folder {}: {e}", input.display()))?;
            let mut found = Vec::new();
            for entry in entries {
                let path = entry
                    .map_err(|e| format!("cannot read the folder {}: {e}", input.display()))?
                    .path();
                if path.is_file() && path.extension().is_some_and(|e| e == "ndjson") {
                    found.push(path);
                }
            }
            if found.is_empty() {
                return Err(format!("{} holds no .ndjson file", input.display()));
            }
            found.sort();
            files.extend(found);
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            return Err(format!(
                "{} is neither a file nor a folder",
                input.display()
            ));
        }
    }
    Ok(files)
}

struct Export {
    out: PathBuf,
    force: bool,
    batch_rows: usize,
    profiles: BTreeMap<&'static str, Sink<ProfiledResource>>,
    bases: BTreeMap<&'static str, Sink<Resource>>,
    failures: BufWriter<File>,
    failure_lines: u64,
    lines: u64,
    resources: u64,
}

struct Summary {
    lines: u64,
    resources: u64,
    failures: u64,
    tables: Vec<(&'static str, u64, PathBuf)>,
}

impl Export {
    /// Exports one file; returns its size in bytes.
    fn file(
        &mut self,
        path: &Path,
        threads: usize,
        progress: &mut Progress,
        before: u64,
    ) -> Result<u64, String> {
        let name = path.display().to_string();
        let input = File::open(path).map_err(|e| format!("cannot open {name}: {e}"))?;
        let options = NdjsonOptions {
            read: ReadOptions::default(),
            max_line_len: NdjsonOptions::DEFAULT_MAX_LINE_LEN,
        };
        let summary = ParallelReader::new(BufReader::with_capacity(1 << 20, input), options)
            .threads(threads)
            .for_each_mapped(examine, |o: Outcome| -> Result<(), String> {
                self.lines += 1;
                progress.update(before + o.end);
                self.take(&name, o)
            })
            .map_err(|e| e.to_string())?;
        Ok(summary.bytes)
    }

    /// Appends one line's resources to their tables, and its failures to the file.
    fn take(&mut self, file: &str, o: Outcome) -> Result<(), String> {
        let targets = match o.result {
            Ok(targets) => targets,
            Err(message) => {
                return self.fail(file, o.line, |w| {
                    w.key(false, "error", "");
                    w.string(&message);
                });
            }
        };
        self.resources += 1;
        for url in &o.other_type {
            self.fail(file, o.line, |w| {
                w.key(false, "resourceType", "");
                w.string(o.resource_type);
                w.key(false, "profile", "");
                w.string(url);
                w.key(false, "error", "");
                w.string("the profile is of another resource type");
            })?;
        }
        for c in &o.broken {
            self.fail(file, o.line, |w| {
                w.key(false, "resourceType", "");
                w.string(o.resource_type);
                w.key(false, "profile", "");
                w.string(c.profile);
                w.key(false, "violations", "");
                w.begin_array();
                for v in &c.violations {
                    w.item();
                    w.begin_object();
                    w.key(false, "path", "");
                    w.string(&v.path);
                    w.key(false, "message", "");
                    w.display_string(&v.kind);
                    w.end_object();
                }
                w.end_array();
            })?;
        }
        let (out, force, rows) = (&self.out, self.force, self.batch_rows);
        for target in targets {
            match target {
                Target::Profile(p) => {
                    let name = profile_type(&p);
                    sink(
                        &mut self.profiles,
                        name,
                        careconnect_arrow::careconnect::table,
                        out,
                    )?
                    .push(&p, o.bytes, rows, force)?;
                }
                Target::Base(r) => {
                    let name = r.resource_type();
                    sink(&mut self.bases, name, careconnect_arrow::stu3::table, out)?
                        .push(&r, o.bytes, rows, force)?;
                }
            }
        }
        Ok(())
    }

    /// Writes one failure: `{"file", "line", ...}`, the rest from `fields`.
    fn fail(
        &mut self,
        file: &str,
        line: u64,
        fields: impl FnOnce(&mut JsonWriter),
    ) -> Result<(), String> {
        let mut w = JsonWriter::compact();
        w.begin_object();
        w.key(false, "file", "");
        w.string(file);
        w.key(false, "line", "");
        w.i64(i64::try_from(line).unwrap_or(i64::MAX));
        fields(&mut w);
        w.end_object();
        let mut bytes = w.into_bytes();
        bytes.push(b'\n');
        self.failure_lines += 1;
        self.failures
            .write_all(&bytes)
            .map_err(|e| format!("cannot write {}: {e}", self.out.join(FAILURES).display()))
    }

    fn close(mut self) -> Result<Summary, String> {
        let mut tables = Vec::new();
        for (_, sink) in std::mem::take(&mut self.profiles) {
            tables.push(sink.close(self.force)?);
        }
        for (_, sink) in std::mem::take(&mut self.bases) {
            tables.push(sink.close(self.force)?);
        }
        self.failures
            .flush()
            .map_err(|e| format!("cannot write {}: {e}", self.out.join(FAILURES).display()))?;
        Ok(Summary {
            lines: self.lines,
            resources: self.resources,
            failures: self.failure_lines,
            tables,
        })
    }
}

/// The sink of the table of type `name`, made with `table` at its first row.
fn sink<'m, R>(
    sinks: &'m mut BTreeMap<&'static str, Sink<R>>,
    name: &'static str,
    table: fn(&str) -> Option<Box<dyn AnyTable<R>>>,
    out: &Path,
) -> Result<&'m mut Sink<R>, String> {
    match sinks.entry(name) {
        std::collections::btree_map::Entry::Occupied(e) => Ok(e.into_mut()),
        std::collections::btree_map::Entry::Vacant(e) => {
            let table = table(name).ok_or_else(|| format!("no table of the type {name}"))?;
            Ok(e.insert(Sink::new(table, out)))
        }
    }
}

/// The Rust name of a profile value's type, as its table is named.
fn profile_type(p: &ProfiledResource) -> &'static str {
    let url = p.url();
    ProfiledResource::URLS
        .iter()
        .position(|u| *u == url)
        .and_then(|i| careconnect_arrow::careconnect::TYPES.get(i))
        .copied()
        .unwrap_or("")
}

/// The work done on a worker thread for one line: read, then each Care Connect profile
/// the resource declares.
fn examine(p: ParsedLine<'_, Resource>) -> Outcome {
    let (line, end, bytes) = (p.line, p.end_offset(), p.bytes.len());
    let resource = match p.result {
        Ok(r) => r,
        Err(e) => {
            return Outcome {
                line,
                end,
                bytes,
                result: Err(e.message()),
                broken: Vec::new(),
                other_type: Vec::new(),
                resource_type: "",
            };
        }
    };
    let resource_type = resource.resource_type();
    let mut declared: Vec<&'static str> = Vec::new();
    if let Some(meta) = resource.meta() {
        for url in meta.profile.iter().filter_map(|p| p.value.as_deref()) {
            if let Some(known) = ProfiledResource::URLS.iter().find(|u| **u == url)
                && !declared.contains(known)
            {
                declared.push(known);
            }
        }
    }
    let mut targets = Vec::new();
    let mut broken = Vec::new();
    let mut other_type = Vec::new();
    let mut resource = Some(resource);
    for (i, url) in declared.iter().enumerate() {
        // The last profile takes the resource itself; the others a copy.
        let r = if i + 1 == declared.len() {
            resource.take()
        } else {
            resource.clone()
        };
        let Some(r) = r else { break };
        match ProfiledResource::from_resource(url, r) {
            Some(Ok(p)) => targets.push(Target::Profile(p)),
            Some(Err(c)) => broken.push(c),
            None => other_type.push(*url),
        }
    }
    if targets.is_empty() {
        // The resource went into a failed conversion: read the line again (failures are
        // the exception; copying every resource in case would cost every line).
        let base = match resource {
            Some(r) => Ok(r),
            None => careconnect_models::rt::FhirJson::from_json(p.bytes).map_err(|e| e.to_string()),
        };
        match base {
            Ok(r) => targets.push(Target::Base(r)),
            Err(message) => {
                return Outcome {
                    line,
                    end,
                    bytes,
                    result: Err(message),
                    broken,
                    other_type,
                    resource_type,
                };
            }
        }
    }
    Outcome {
        line,
        end,
        bytes,
        result: Ok(targets),
        broken,
        other_type,
        resource_type,
    }
}
