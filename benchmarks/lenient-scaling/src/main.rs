//! Lenient reading at scale: how the time to read a Patient leniently grows with the number
//! of issues in it, N doubling (20k, 40k, 80k, 160k by default). A reader linear in its
//! input takes about twice the time for twice the issues; the goal is at most 2.2 times.
//!
//! Two workloads, each in JSON and in XML, one line of input each:
//!
//! - N unknown elements in the Patient (`"u0":0,"u1":1,...` / `<u0 value="0"/>...`);
//! - N/2 `communication` items, each with an unknown element and without its required
//!   `language`: N issues, each missing element found after the unknown one inside it
//!   though it stands before it (issues out of the order of their offsets).
//!
//! Each read with `ReadOptions::lenient()` (with the `max-issues` feature, that is at most
//! 1000 issues recorded and one more saying how many were not) and, with the feature, also
//! with `max_issues = usize::MAX`, every issue recorded: the reader alone, without the
//! bound.
//!
//! The machine is shared and noisy, so what counts are ratios measured in one process:
//! every case runs once per round, the order rotating from round to round; a sample
//! repeats the read until it lasts at least 20 ms; each case's figure is its median over
//! the rounds, and the ratios are of those medians. Absolute times from different runs
//! are not comparable. The report's first line names the CPU, its cores and the rustc
//! that built this program (recorded by `build.rs`); a second table gives the minor page
//! faults per read, the memory a read takes from the system: where reads start taking it,
//! at the largest sizes, the ratio jumps (BENCHMARKS.md, "Lenient reading at scale").
//!
//! ```text
//! bash benchmarks/lenient-scaling.sh [--base REV] [ROUNDS [SIZES]]   # builds and runs this
//! cargo run --release --features max-issues -- [--rounds N] [--sizes 20000,40000]
//! ```

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use careconnect_stu3::rt::{FhirJson, FhirXml, Issue, ReadOptions, Result};
use careconnect_stu3::stu3::Patient;

const DEFAULT_ROUNDS: usize = 5;
const DEFAULT_SIZES: [usize; 4] = [20_000, 40_000, 80_000, 160_000];
/// A sample lasts at least this long (short reads are repeated within it).
const MIN_SAMPLE: Duration = Duration::from_millis(20);
/// A sample of reads shorter than this starts with one read that is not timed: the first
/// read after a case that freed hundreds of thousands of issues pays for what that case
/// left to the allocator (measured without it: reads of 1 ms timed at 20 ms, always the
/// case that follows the largest of another workload). Slower reads, before the fix, do
/// not notice it and are not read twice.
const WARM_UP_BELOW: Duration = Duration::from_secs(1);
/// The goal: time for twice the issues at most this many times the time.
const GOAL: f64 = 2.2;

const USAGE: &str = "usage: bench-lenient [--rounds N] [--sizes N,2N,4N,...]";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// N unknown elements in the Patient.
    Unknown,
    /// N/2 items, each with an unknown element and without a required one.
    Items,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// `ReadOptions::lenient()` as it is.
    Lenient,
    /// `ReadOptions::lenient()` recording every issue.
    #[cfg_attr(not(feature = "max-issues"), allow(dead_code))]
    Unbounded,
}

impl Bound {
    fn all() -> &'static [Bound] {
        if cfg!(feature = "max-issues") {
            &[Bound::Lenient, Bound::Unbounded]
        } else {
            &[Bound::Lenient]
        }
    }

    fn options(self) -> ReadOptions {
        match self {
            Bound::Lenient => ReadOptions::lenient(),
            Bound::Unbounded => unbounded(),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Bound::Lenient => "`lenient()`",
            Bound::Unbounded => "`lenient().with_max_issues(usize::MAX)`",
        }
    }
}

#[cfg(feature = "max-issues")]
fn unbounded() -> ReadOptions {
    ReadOptions::lenient().with_max_issues(usize::MAX)
}

#[cfg(not(feature = "max-issues"))]
fn unbounded() -> ReadOptions {
    ReadOptions::lenient()
}

/// One workload in one format, with one bound, at one size.
struct Case {
    format: Format,
    shape: Shape,
    bound: Bound,
    size: usize,
    input: String,
    /// Issues the read returned (checked to be the same every time).
    issues: usize,
    /// Whether each sample starts with an untimed read (see [`WARM_UP_BELOW`]).
    warm_up: bool,
    samples: Vec<Duration>,
    /// Minor page faults per read, one figure per sample (empty without `/proc`).
    faults: Vec<u64>,
}

impl Case {
    fn read(&self) -> Result<Vec<Issue>> {
        let options = self.bound.options();
        let (patient, issues) = match self.format {
            Format::Json => Patient::from_json_with(&self.input, options)?,
            Format::Xml => Patient::from_xml_with(&self.input, options)?,
        };
        black_box(patient);
        Ok(issues)
    }

    /// One sample: the time of one read, from as many reads as fit in [`MIN_SAMPLE`], and
    /// the page faults they took.
    fn sample(&mut self) -> std::result::Result<(), String> {
        if self.warm_up {
            black_box(self.read().map_err(|e| e.to_string())?);
        }
        let faults = minor_faults();
        let start = Instant::now();
        let mut passes = 0u32;
        loop {
            let issues = black_box(self.read().map_err(|e| e.to_string())?);
            passes += 1;
            if issues.len() != self.issues {
                return Err(format!("{} issues, then {}", self.issues, issues.len()));
            }
            let elapsed = start.elapsed();
            if elapsed >= MIN_SAMPLE {
                self.samples.push(elapsed / passes);
                if let (Some(before), Some(after)) = (faults, minor_faults()) {
                    self.faults
                        .push(after.saturating_sub(before) / u64::from(passes));
                }
                return Ok(());
            }
        }
    }

    fn workload(&self) -> String {
        let format = match self.format {
            Format::Json => "JSON",
            Format::Xml => "XML",
        };
        let shape = match self.shape {
            Shape::Unknown => "N unknown elements in one object",
            Shape::Items => "N/2 items, each an unknown and a missing element",
        };
        format!("{format}: {shape}")
    }

    fn median(&self) -> Duration {
        let mut s = self.samples.clone();
        s.sort();
        let n = s.len();
        if n % 2 == 1 {
            s[n / 2]
        } else {
            (s[n / 2 - 1] + s[n / 2]) / 2
        }
    }

    /// The median of the page faults per read, if they were counted.
    fn median_faults(&self) -> Option<u64> {
        let mut f = self.faults.clone();
        f.sort_unstable();
        f.get(f.len() / 2).copied()
    }
}

/// Minor page faults of this process so far (field 10 of `/proc/self/stat`): a read that
/// touches memory the allocator has just taken from the system pays one per 4 KiB page,
/// which on a virtual machine can cost more than the reading itself.
fn minor_faults() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses; the 8th is minflt.
    let (_, fields) = stat.rsplit_once(')')?;
    fields.split_whitespace().nth(7)?.parse().ok()
}

fn input(format: Format, shape: Shape, n: usize) -> String {
    let mut s = String::new();
    match (format, shape) {
        (Format::Json, Shape::Unknown) => {
            s.push_str(r#"{"resourceType":"Patient""#);
            for i in 0..n {
                s.push_str(&format!(r#","u{i}":{i}"#));
            }
            s.push('}');
        }
        (Format::Xml, Shape::Unknown) => {
            s.push_str(r#"<Patient xmlns="http://hl7.org/fhir">"#);
            for i in 0..n {
                s.push_str(&format!(r#"<u{i} value="{i}"/>"#));
            }
            s.push_str("</Patient>");
        }
        (Format::Json, Shape::Items) => {
            s.push_str(r#"{"resourceType":"Patient","communication":["#);
            for i in 0..n / 2 {
                if i > 0 {
                    s.push(',');
                }
                s.push_str(&format!(r#"{{"preferred":true,"u{i}":1}}"#));
            }
            s.push_str("]}");
        }
        (Format::Xml, Shape::Items) => {
            s.push_str(r#"<Patient xmlns="http://hl7.org/fhir">"#);
            for i in 0..n / 2 {
                s.push_str(&format!(
                    r#"<communication><preferred value="true"/><u{i} value="1"/></communication>"#
                ));
            }
            s.push_str("</Patient>");
        }
    }
    s
}

fn parse_args() -> std::result::Result<(usize, Vec<usize>), String> {
    let mut rounds = DEFAULT_ROUNDS;
    let mut sizes = DEFAULT_SIZES.to_vec();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value\n{USAGE}"))?;
        match arg.as_str() {
            "--rounds" => {
                rounds = value
                    .parse()
                    .map_err(|_| format!("--rounds {value}: not a number\n{USAGE}"))?;
            }
            "--sizes" => {
                sizes = value
                    .split(',')
                    .map(|v| v.parse())
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|_| format!("--sizes {value}: not numbers\n{USAGE}"))?;
            }
            _ => return Err(USAGE.into()),
        }
    }
    if rounds == 0 || sizes.len() < 2 {
        return Err(format!("at least one round and two sizes\n{USAGE}"));
    }
    // The goal is a ratio for twice the issues: any other step would need another goal.
    if let Some(pair) = sizes.windows(2).find(|p| p[1] != 2 * p[0]) {
        return Err(format!(
            "--sizes: each size twice the one before it, not {} then {}\n{USAGE}",
            pair[0], pair[1]
        ));
    }
    Ok((rounds, sizes))
}

fn cpu() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        info.lines()
            .find(|l| l.split(':').next().is_some_and(|k| k.trim() == name))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
    };
    format!(
        "{} (family {}, model {}), {} cores, {}",
        field("model name").unwrap_or_else(|| "unknown CPU".into()),
        field("cpu family").unwrap_or_default(),
        field("model").unwrap_or_default(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::env::consts::ARCH,
    )
}

fn main() -> ExitCode {
    let (rounds, sizes) = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut cases = Vec::new();
    for format in [Format::Json, Format::Xml] {
        for shape in [Shape::Unknown, Shape::Items] {
            for &bound in Bound::all() {
                for &size in &sizes {
                    let mut case = Case {
                        format,
                        shape,
                        bound,
                        size,
                        input: input(format, shape, size),
                        issues: 0,
                        warm_up: false,
                        samples: Vec::new(),
                        faults: Vec::new(),
                    };
                    let start = Instant::now();
                    match case.read() {
                        Ok(issues) => {
                            case.issues = issues.len();
                            case.warm_up = start.elapsed() < WARM_UP_BELOW;
                        }
                        Err(e) => {
                            eprintln!("{}, N = {size}: {e}", case.workload());
                            return ExitCode::FAILURE;
                        }
                    }
                    cases.push(case);
                }
            }
        }
    }
    let order: Vec<usize> = (0..cases.len()).collect();
    for round in 0..rounds {
        eprintln!("round {}/{rounds}", round + 1);
        let shift = round * cases.len() / rounds;
        for &i in order[shift..].iter().chain(&order[..shift]) {
            if let Err(e) = cases[i].sample() {
                eprintln!("{}, N = {}: {e}", cases[i].workload(), cases[i].size);
                return ExitCode::FAILURE;
            }
        }
    }
    report(&cases, &sizes, rounds);
    ExitCode::SUCCESS
}

fn report(cases: &[Case], sizes: &[usize], rounds: usize) {
    println!(
        "{}; {}; medians of {rounds} rounds, samples of at least 20 ms\n",
        cpu(),
        env!("BENCH_RUSTC_VERSION"),
    );
    header(sizes, true);
    // The worst ratio of each bound, in the order of `Bound::all`: of all pairs, and of the
    // pairs in which neither read took memory from the system.
    let mut worst = vec![0.0_f64; Bound::all().len()];
    let mut worst_without_faults = vec![0.0_f64; Bound::all().len()];
    for row in cases.chunks(sizes.len()) {
        let first = &row[0];
        print!("| {} | {} |", first.workload(), first.bound.describe());
        for c in row {
            print!(" {} ({} issues) |", ms(c.median()), c.issues);
        }
        let b = Bound::all()
            .iter()
            .position(|&b| b == first.bound)
            .unwrap_or(0);
        for pair in row.windows(2) {
            let ratio = pair[1].median().as_secs_f64() / pair[0].median().as_secs_f64();
            worst[b] = worst[b].max(ratio);
            if pair.iter().all(|c| c.median_faults() == Some(0)) {
                worst_without_faults[b] = worst_without_faults[b].max(ratio);
            }
            print!(" {ratio:.2} |");
        }
        println!();
    }
    println!(
        "\nWorst ratio of the time at one N to the time at the N before it \
         (goal for twice the issues: at most {GOAL}):"
    );
    let verdict = |ratio: f64| if ratio <= GOAL { "met" } else { "not met" };
    for (b, bound) in Bound::all().iter().enumerate() {
        let (all, clean) = (worst[b], worst_without_faults[b]);
        print!("- {}: {all:.2}, {}", bound.describe(), verdict(all));
        // Only when the worst pair had page faults and some pair had none.
        if clean > 0.0 && clean < all {
            print!(
                "; of the pairs without page faults (table below): {clean:.2}, {}",
                verdict(clean)
            );
        }
        println!();
    }
    if cases.iter().all(|c| c.median_faults().is_none()) {
        return;
    }
    println!("\nMinor page faults per read (medians): memory the read took from the system.\n");
    header(sizes, false);
    for row in cases.chunks(sizes.len()) {
        print!("| {} | {} |", row[0].workload(), row[0].bound.describe());
        for c in row {
            match c.median_faults() {
                Some(f) => print!(" {f} |"),
                None => print!(" |"),
            }
        }
        println!();
    }
}

/// The head of a table with a column per size and, if `ratios`, per pair of sizes.
fn header(sizes: &[usize], ratios: bool) {
    print!("| workload | options |");
    for n in sizes {
        print!(" N = {n} |");
    }
    if ratios {
        for pair in sizes.windows(2) {
            print!(" {} / {} |", pair[1], pair[0]);
        }
    }
    let columns = if ratios {
        sizes.len() * 2 - 1
    } else {
        sizes.len()
    };
    println!("\n|---|---|{}", "---:|".repeat(columns));
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}
