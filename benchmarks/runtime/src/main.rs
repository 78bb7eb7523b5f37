//! Runtime benchmark of the careconnect models against `serde_json::Value` and against
//! `fhir-model` 0.13 (stu3), all in one process, on the same bytes held in memory.
//!
//! The machine this runs on is usually shared and noisy, so the figures that matter are
//! ratios between contenders measured interleaved in one run: every contender of a
//! workload runs once per round, in an order that rotates from round to round; each
//! contender's figure is its median over the rounds, and the comparisons are ratios of
//! those medians. Absolute figures from different runs are not comparable.
//!
//! Commands (from `benchmarks/runtime`; the examples are read from `../shared/examples`
//! beside the repository, or from `$CARECONNECT_EXAMPLES`):
//!
//! ```text
//! cargo run --release --locked                        # the full report, Markdown on stdout (1-3 minutes)
//! cargo run --release --locked -- --rounds 201        # more rounds (default 101)
//! cargo run --release --locked -- --smoke             # one tiny round of everything (what CI runs)
//! cargo run --release --locked -- make-bundle FILE [--min-mb 100]
//!                                                     # a big Bundle out of the spec examples
//! cargo run --release --locked -- parse-file ours|value|fhir-model FILE
//!                                                     # parse one file as a Bundle, print the time
//! cargo run --release --locked -- profile-parse [--passes N]
//!                                                     # only our typed parse of the spec corpus,
//!                                                     # to run under a profiler
//! cargo run --release --locked -- profile-write [--passes N]
//!                                                     # parse it once, then only our write
//! cargo run --release --locked -- profile-convert [--passes N]
//!                                                     # read the Care Connect instances and
//!                                                     # convert them into their profile types
//! cargo run --release --locked -- profile-direct [--passes N]
//!                                                     # read them straight into their profile types
//! cargo run --release --locked -- profile-xml [--passes N]
//!                                                     # read the Care Connect XML instances
//! cargo run --release --locked -- serde [--rounds N]   # only the serde-feature section
//! cargo run --release --locked -- profiles [--rounds N] # only the Care Connect profile types section
//! cargo run --release --locked -- xml [--rounds N]      # only the FHIR XML against JSON section
//! ../memory.sh                                        # peak RSS of each reader on a ≥ 100 MB Bundle
//! ```
//!
//! A profile of the typed parse (valgrind counts instructions, so it is not disturbed by
//! other load on the machine):
//!
//! ```text
//! cargo build --release --locked
//! valgrind --tool=callgrind --callgrind-out-file=target/callgrind.out \
//!     target/release/bench-runtime profile-parse --passes 1
//! callgrind_annotate target/callgrind.out | head -40                  # self cost
//! callgrind_annotate --inclusive=yes target/callgrind.out | head -60  # with callees
//! ```
//!
//! What the report contains: the machine; per workload (the 653 spec examples, one Patient
//! parsed over and over, the three largest Bundles, the Care Connect instances through
//! their profile types, the Care Connect XML Bundles against the same content as JSON)
//! MB/s and resources/s per contender and the throughput ratios (> 1 means ours is
//! faster); the heap the parsed spec corpus holds (a counting global allocator); how many
//! spec examples each reader round-trips exactly.

mod bench;
mod bigfile;
mod contenders;
mod spec;

use careconnect_bench_runtime::{alloc, data, measure, report};

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bench::Options;
use measure::Plan;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

const DEFAULT_ROUNDS: usize = 101;
/// A sample lasts at least this long (short passes are repeated within it).
const MIN_SAMPLE: Duration = Duration::from_millis(20);

const USAGE: &str = "\
usage: bench-runtime [--smoke | --rounds N]
       bench-runtime make-bundle FILE [--min-mb N]
       bench-runtime parse-file ours|value|fhir-model FILE
       bench-runtime profile-parse [--passes N]
       bench-runtime profile-write [--passes N]
       bench-runtime profile-convert [--passes N]
       bench-runtime profile-direct [--passes N]
       bench-runtime profile-xml [--passes N]
       bench-runtime serde [--rounds N]
       bench-runtime profiles [--rounds N]
       bench-runtime xml [--rounds N]

The full report (Markdown) goes to stdout, progress to stderr. See the top of
benchmarks/runtime/src/main.rs for what each command does.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = match args.first().map(String::as_str) {
        Some("make-bundle") => make_bundle(&args[1..]),
        Some("parse-file") => parse_file(&args[1..]),
        Some("profile-parse") => profile(&args[1..], Profiled::Parse),
        Some("profile-write") => profile(&args[1..], Profiled::Write),
        Some("profile-convert") => profile(&args[1..], Profiled::Convert),
        Some("profile-direct") => profile(&args[1..], Profiled::Direct),
        Some("profile-xml") => profile(&args[1..], Profiled::Xml),
        Some("serde") => only(&args[1..], |report, opts| {
            bench::serde_path(report, opts, &spec::SpecCorpus::load()?)
        }),
        Some("profiles") => only(&args[1..], bench::care_connect_profiles),
        Some("xml") => only(&args[1..], bench::xml_vs_json),
        _ => run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Takes the value of `--name N` out of `args`.
fn number_flag(args: &mut Vec<String>, name: &str) -> Result<Option<usize>, String> {
    let Some(at) = args.iter().position(|a| a == name) else {
        return Ok(None);
    };
    let value = args
        .get(at + 1)
        .ok_or_else(|| format!("{name} needs a number\n\n{USAGE}"))?;
    let n = value
        .parse::<usize>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{name}: expected a positive whole number, got {value:?}"))?;
    args.drain(at..at + 2);
    Ok(Some(n))
}

fn no_more(args: &[String]) -> Result<(), String> {
    match args.first() {
        None => Ok(()),
        Some(a) => Err(format!("unexpected argument {a:?}\n\n{USAGE}")),
    }
}

/// One section of the full report alone, with the same measurement.
fn only(
    args: &[String],
    section: impl FnOnce(&mut report::Report, &Options) -> Result<(), String>,
) -> Result<(), String> {
    let mut args = args.to_vec();
    let rounds = number_flag(&mut args, "--rounds")?;
    no_more(&args)?;
    let opts = Options {
        plan: Plan {
            rounds: rounds.unwrap_or(DEFAULT_ROUNDS),
            min_sample: MIN_SAMPLE,
        },
        smoke: false,
    };
    let started = Instant::now();
    let load_at_start = load_average();
    let mut report = report::Report::default();
    section(&mut report, &opts)?;
    print!(
        "{}",
        report.render(&preamble(&opts, started.elapsed(), &load_at_start))
    );
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let smoke = match args.iter().position(|a| a == "--smoke") {
        Some(at) => {
            args.remove(at);
            true
        }
        None => false,
    };
    let rounds = number_flag(&mut args, "--rounds")?;
    no_more(&args)?;
    if smoke && rounds.is_some() {
        return Err("--smoke and --rounds do not go together".into());
    }
    let plan = if smoke {
        bench::smoke_plan()
    } else {
        Plan {
            rounds: rounds.unwrap_or(DEFAULT_ROUNDS),
            min_sample: MIN_SAMPLE,
        }
    };
    let opts = Options { plan, smoke };
    let started = Instant::now();
    let load_at_start = load_average();

    eprintln!("reading the spec examples");
    let spec = spec::SpecCorpus::load()?;
    let mut report = report::Report::default();
    let memory = bench::spec_corpus(&mut report, &opts, &spec)?;
    bench::serde_path(&mut report, &opts, &spec)?;
    bench::patient_hot_loop(&mut report, &opts, &spec)?;
    bench::largest_bundles(&mut report, &opts, &spec)?;
    bench::care_connect_profiles(&mut report, &opts)?;
    bench::xml_vs_json(&mut report, &opts)?;
    bench::memory(&mut report, &memory);
    bench::round_trip(&mut report, &spec);

    let preamble = preamble(&opts, started.elapsed(), &load_at_start);
    print!("{}", report.render(&preamble));
    Ok(())
}

/// The report's header: machine, build, how the figures were taken and how to read them.
fn preamble(opts: &Options, took: Duration, load_at_start: &str) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, m)| m.trim().to_owned())
        .unwrap_or_else(|| "unknown (no /proc/cpuinfo)".into());
    let logical = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let available = std::thread::available_parallelism().map_or(0, |n| n.get());
    let build = if cfg!(debug_assertions) {
        "**a debug build: these figures mean nothing; build with --release**"
    } else {
        "release profile (opt-level 3, no debug info, no other flags)"
    };
    let run = if opts.smoke {
        "**smoke run** (one round, one pass per sample: the figures are not meaningful)".to_owned()
    } else {
        format!(
            "{} rounds, each sample ≥ {} ms",
            opts.plan.rounds,
            opts.plan.min_sample.as_millis()
        )
    };
    format!(
        "# careconnect runtime benchmark\n\n\
         - Machine: {cpu}, {logical} logical CPUs ({available} available to this process); \
         load average at start {load_at_start}, at end {}\n\
         - Compiler: {}; harness: {build}\n\
         - Contenders: ours (careconnect-models, typed, strict: unknown elements are errors), \
         serde_json {} `Value`, fhir-model 0.13 (stu3, typed, on serde_json)\n\
         - Run: {run}; {:.0} s in all\n\n\
         How to read: all contenders of a workload run in one process on the same bytes held in \
         memory, interleaved (round-robin, the order rotating each round); each figure is a \
         median over the rounds, and every comparison is a ratio of medians from this one run. \
         MB = 10^6 bytes. A parse pass includes dropping what it built. **Throughput ratios \
         > 1 mean ours is faster**; time ratios (named so) > 1 mean slower. \"spread\" is \
         (slowest − fastest sample) ÷ median: how noisy the machine was.\n",
        load_average(),
        env!("BENCH_RUSTC_VERSION"),
        serde_json_version(),
        took.as_secs_f64(),
    )
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

/// serde_json's version, from the lock file this harness is built with.
fn serde_json_version() -> &'static str {
    let lock = include_str!("../Cargo.lock");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"serde_json\""
            && let Some(v) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
        {
            return v;
        }
    }
    "1"
}

fn make_bundle(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let min_mb = number_flag(&mut args, "--min-mb")?.unwrap_or(100);
    let out = match args.as_slice() {
        [file] => PathBuf::from(file),
        _ => return Err(format!("make-bundle needs one output file\n\n{USAGE}")),
    };
    bigfile::make_bundle(&out, min_mb * 1_000_000)
}

fn parse_file(args: &[String]) -> Result<(), String> {
    match args {
        [reader, file] => {
            let reader = bigfile::Reader::parse(reader).ok_or_else(|| {
                format!("parse-file: unknown reader {reader:?} (ours, value or fhir-model)")
            })?;
            bigfile::parse_file(reader, &PathBuf::from(file))
        }
        _ => Err(format!("parse-file needs a reader and a file\n\n{USAGE}")),
    }
}

/// What `profile-parse` and `profile-write` repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Profiled {
    Parse,
    Write,
    /// Care Connect instances read and converted into their declared profile types.
    Convert,
    /// Care Connect instances read straight into their declared profile types.
    Direct,
    /// The Care Connect XML instances read.
    Xml,
}

/// Our typed parse (or write) of the spec corpus, or the Care Connect profile conversion,
/// and nothing else, for a profiler.
fn profile(args: &[String], what: Profiled) -> Result<(), String> {
    use careconnect_models::stu3::Resource;
    let mut args = args.to_vec();
    let passes = number_flag(&mut args, "--passes")?.unwrap_or(1);
    no_more(&args)?;
    let docs = match what {
        Profiled::Convert | Profiled::Direct => {
            data::files_recursive(&data::examples_subdir("careconnect")?, "json")?
        }
        Profiled::Xml => data::files_recursive(&data::examples_subdir("careconnect")?, "xml")?,
        _ => data::files(&data::examples_subdir("fhir-stu3-spec")?, "json")?,
    };
    let refs: Vec<&data::Doc> = docs.iter().collect();
    let models: Vec<Resource> = match what {
        Profiled::Write => docs
            .iter()
            .filter_map(|d| {
                <Resource as careconnect_models::rt::FhirJson>::from_json(&d.bytes).ok()
            })
            .collect(),
        _ => Vec::new(),
    };
    let model_refs: Vec<&Resource> = models.iter().collect();
    let mut pass: Box<dyn FnMut()> = match what {
        Profiled::Parse => Box::new(contenders::ours_parse::<Resource>(&refs)),
        Profiled::Write => Box::new(contenders::ours_write(&model_refs)),
        Profiled::Convert => Box::new(bench::care_connect_convert_pass(&docs)?),
        Profiled::Direct => Box::new(bench::care_connect_direct_pass(&docs)?),
        Profiled::Xml => Box::new(contenders::ours_parse_xml::<Resource>(&refs)),
    };
    let start = Instant::now();
    for _ in 0..passes {
        pass();
    }
    eprintln!(
        "{what:?}: {} files {passes} time(s) in {:.3} s",
        docs.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
