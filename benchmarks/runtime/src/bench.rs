//! The workloads of the report. Each prepares its inputs in memory, checks what every
//! contender reads (a pre-pass, so nothing fails inside a timed loop), times the
//! contenders interleaved and writes its tables and headline ratios.

use std::time::Duration;

use careconnect_models::careconnect::ProfiledResource;
use careconnect_models::rt::{FhirJson, FhirXml};
use careconnect_models::stu3::{Bundle, Patient, Resource};
use fhir_model::stu3::resources as fm;
use serde_json::Value;

use crate::contenders::*;
use crate::spec::SpecCorpus;
use careconnect_bench_runtime::alloc::{self, Held};
use careconnect_bench_runtime::data::{self, Doc};
use careconnect_bench_runtime::jsontext::{self, Json};
use careconnect_bench_runtime::measure::{self, Contender, Plan, Timing};
use careconnect_bench_runtime::report::{self, Report, mb, num, ratio};

/// How long and how much to measure.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub plan: Plan,
    pub smoke: bool,
}

const OURS: &str = "ours";
const VALUE: &str = "serde_json::Value";
const FHIR: &str = "fhir-model";
const VALUE_STR: &str = "serde_json::Value, from_str";
const SONIC: &str = "sonic-rs Value";

/// What a contender's throughput is counted against.
#[derive(Debug, Clone)]
struct Input {
    label: String,
    bytes: usize,
    resources: usize,
}

struct Measured {
    name: String,
    input: Input,
    timing: Timing,
}

impl Measured {
    fn row(&self, operation: &str) -> Vec<String> {
        let t = self.timing.median;
        vec![
            operation.to_owned(),
            self.name.clone(),
            self.input.label.clone(),
            num(report::mb_per_s(self.input.bytes, t)),
            num(report::per_s(self.input.resources, t)),
            report::duration(t),
            report::spread(&self.timing),
        ]
    }
}

const THROUGHPUT_HEADER: [&str; 7] = [
    "operation",
    "contender",
    "input",
    "MB/s",
    "resources/s",
    "time per pass",
    "spread",
];

/// Throughput of `a` over throughput of `b` on the same input: > 1 means `a` is faster.
fn faster(a: &Measured, b: &Measured) -> f64 {
    b.timing.median.as_secs_f64() / a.timing.median.as_secs_f64()
}

/// Time of `a` over time of `b`: > 1 means `a` is slower.
fn time_ratio(a: &Measured, b: &Measured) -> f64 {
    a.timing.median.as_secs_f64() / b.timing.median.as_secs_f64()
}

/// Times the contenders interleaved; returns them with their inputs, in the given order.
fn timed<'a>(opts: &Options, what: &str, lanes: Vec<(Contender<'a>, Input)>) -> Vec<Measured> {
    let (mut contenders, inputs): (Vec<_>, Vec<_>) = lanes.into_iter().unzip();
    eprintln!(
        "  {what}: {} contenders, {} rounds",
        contenders.len(),
        opts.plan.rounds
    );
    let timings = measure::run(&mut contenders, opts.plan);
    contenders
        .into_iter()
        .zip(inputs)
        .zip(timings)
        .map(|((c, input), timing)| Measured {
            name: c.name,
            input,
            timing,
        })
        .collect()
}

fn input(label: impl Into<String>, bytes: usize, resources: usize) -> Input {
    Input {
        label: label.into(),
        bytes,
        resources,
    }
}

/// Parses every document with `parse`, counting the heap the resulting `Vec` holds.
fn parse_all<T, E>(docs: &[&Doc], parse: impl Fn(&[u8]) -> Result<T, E>) -> (Vec<T>, Held) {
    alloc::held_by(|| {
        let mut out = Vec::with_capacity(docs.len());
        out.extend(docs.iter().filter_map(|d| parse(&d.bytes).ok()));
        out
    })
}

/// What the parsed spec corpus holds on the heap, per reader.
pub struct MemoryFigures {
    rows: Vec<(String, String, usize, usize, Held)>,
    ours_ratio: f64,
}

/// The spec corpus: parse, write, parse + write for all three contenders; also measures the
/// memory each parsed corpus holds (the models are the ones the write passes use).
pub fn spec_corpus(
    report: &mut Report,
    opts: &Options,
    spec: &SpecCorpus,
) -> Result<MemoryFigures, String> {
    eprintln!("spec corpus");
    let s = spec.read_by_ours();
    let f = spec.read_by_all();
    let s_docs = spec.docs(&s);
    let f_docs = spec.docs(&f);
    let s_in = input(
        format!("{} files read by ours", s.len()),
        spec.bytes(&s),
        spec.resources(&s),
    );
    let f_in = input(
        format!("{} files read by fhir-model", f.len()),
        spec.bytes(&f),
        spec.resources(&f),
    );

    let (ours_models, ours_held) = parse_all(&s_docs, |b| Resource::from_json(b));
    let (values, value_held) = parse_all(&s_docs, |b| serde_json::from_slice::<Value>(b));
    let (ours_f, ours_f_held) = parse_all(&f_docs, |b| Resource::from_json(b));
    drop(ours_f);
    let (fhir_models, fhir_held) =
        parse_all(&f_docs, |b| serde_json::from_slice::<fm::Resource>(b));
    if ours_models.len() != s.len() || values.len() != s.len() || fhir_models.len() != f.len() {
        return Err("spec corpus: a reader gave a different result than in the pre-pass".into());
    }
    let ours_refs: Vec<&Resource> = ours_models.iter().collect();
    let value_refs: Vec<&Value> = values.iter().collect();
    let ours_f_refs: Vec<&Resource> = f
        .iter()
        .filter_map(|i| s.iter().position(|j| j == i).map(|k| &ours_models[k]))
        .collect();
    let fhir_refs: Vec<&fm::Resource> = fhir_models.iter().collect();
    let texts: Vec<&str> = s_docs
        .iter()
        .map(|d| std::str::from_utf8(&d.bytes).map_err(|e| format!("{}: {e}", d.name)))
        .collect::<Result<_, _>>()?;
    let sonic_values: Vec<sonic_rs::Value> = s_docs
        .iter()
        .map(|d| sonic_rs::from_slice(&d.bytes).map_err(|e| format!("{}: sonic-rs: {e}", d.name)))
        .collect::<Result<_, _>>()?;
    let sonic_refs: Vec<&sonic_rs::Value> = sonic_values.iter().collect();

    let parse = timed(
        opts,
        "parse",
        vec![
            (
                Contender::new(OURS, ours_parse::<Resource>(&s_docs)),
                s_in.clone(),
            ),
            (
                Contender::new(VALUE, serde_parse::<Value>(&s_docs)),
                s_in.clone(),
            ),
            (
                Contender::new(OURS, ours_parse::<Resource>(&f_docs)),
                f_in.clone(),
            ),
            (
                Contender::new(FHIR, serde_parse::<fm::Resource>(&f_docs)),
                f_in.clone(),
            ),
            (
                Contender::new(VALUE_STR, serde_parse_str::<Value>(&texts)),
                s_in.clone(),
            ),
            (Contender::new(SONIC, sonic_parse(&s_docs)), s_in.clone()),
        ],
    );
    let write = timed(
        opts,
        "write",
        vec![
            (Contender::new(OURS, ours_write(&ours_refs)), s_in.clone()),
            (
                Contender::new(VALUE, serde_write(&value_refs)),
                s_in.clone(),
            ),
            (Contender::new(OURS, ours_write(&ours_f_refs)), f_in.clone()),
            (Contender::new(FHIR, serde_write(&fhir_refs)), f_in.clone()),
            (
                Contender::new(SONIC, sonic_write(&sonic_refs)),
                s_in.clone(),
            ),
        ],
    );
    let both = timed(
        opts,
        "parse + write",
        vec![
            (
                Contender::new(OURS, ours_parse_write::<Resource>(&s_docs)),
                s_in.clone(),
            ),
            (
                Contender::new(VALUE, serde_parse_write::<Value>(&s_docs)),
                s_in.clone(),
            ),
            (
                Contender::new(OURS, ours_parse_write::<Resource>(&f_docs)),
                f_in.clone(),
            ),
            (
                Contender::new(FHIR, serde_parse_write::<fm::Resource>(&f_docs)),
                f_in.clone(),
            ),
        ],
    );

    report.section("Spec corpus (fhir-stu3-spec, every example)");
    report.line(format!(
        "{} of {} files: ours reads {}, serde_json reads {}, fhir-model reads {} (of which ours \
         reads {}). The Value columns use the {} files ours reads ({} MB, {} resources); the \
         fhir-model columns use the {} files all three read ({} MB, {} resources), and ours is \
         timed again on exactly those. Write is timed from models parsed up front, into one \
         reused buffer; its MB/s counts the input files' bytes, so that parse, write and \
         parse + write rates are on one scale.",
        spec.docs.len(),
        spec.docs.len(),
        spec.ours.iter().filter(|r| r.is_ok()).count(),
        spec.value.iter().filter(|r| r.is_ok()).count(),
        spec.fhir.iter().filter(|r| r.is_ok()).count(),
        f.len(),
        s.len(),
        mb(s_in.bytes),
        report::grouped(s_in.resources as i64),
        f.len(),
        mb(f_in.bytes),
        report::grouped(f_in.resources as i64),
    ));
    report.line("");
    let mut rows = Vec::new();
    for (op, group) in [
        ("parse", &parse),
        ("write", &write),
        ("parse + write", &both),
    ] {
        rows.extend(group.iter().map(|m| m.row(op)));
    }
    report.table(&THROUGHPUT_HEADER, &rows);
    report.line("Throughput ratios (> 1 means ours is faster):");
    report.line("");
    let mut ratio_rows = Vec::new();
    for (op, g) in [
        ("parse", &parse),
        ("write", &write),
        ("parse + write", &both),
    ] {
        let vs_value = faster(&g[0], &g[1]);
        let vs_fhir = faster(&g[2], &g[3]);
        ratio_rows.push(vec![op.to_owned(), ratio(vs_value), ratio(vs_fhir)]);
        report.headline(
            format!("spec corpus {op}: ours ÷ Value (throughput)"),
            ratio(vs_value),
            "> 1 = ours faster",
        );
        report.headline(
            format!("spec corpus {op}: ours ÷ fhir-model (throughput)"),
            ratio(vs_fhir),
            "> 1 = ours faster",
        );
    }
    report.table(
        &[
            "operation",
            &format!("ours ÷ Value ({} files)", s.len()),
            &format!("ours ÷ fhir-model ({} files)", f.len()),
        ],
        &ratio_rows,
    );
    dom_baselines(report, &parse, &write, s.len());
    refused(report, spec);

    let held_ratio = ours_held.bytes as f64 / s_in.bytes as f64;
    Ok(MemoryFigures {
        rows: vec![
            (
                OURS.into(),
                s_in.label.clone(),
                s.len(),
                s_in.bytes,
                ours_held,
            ),
            (
                VALUE.into(),
                s_in.label.clone(),
                s.len(),
                s_in.bytes,
                value_held,
            ),
            (
                OURS.into(),
                f_in.label.clone(),
                f.len(),
                f_in.bytes,
                ours_f_held,
            ),
            (
                FHIR.into(),
                f_in.label.clone(),
                f.len(),
                f_in.bytes,
                fhir_held,
            ),
        ],
        ours_ratio: held_ratio,
    })
}

/// Ours against the JSON DOMs a user would otherwise call, from the same interleaved run:
/// `serde_json::Value` from bytes and from a `&str`, and sonic-rs (SIMD), the fastest Rust
/// JSON DOM. The groups hold ours first, then Value from bytes, ..., then Value from a
/// `&str` and sonic-rs last (see `spec_corpus`).
fn dom_baselines(report: &mut Report, parse: &[Measured], write: &[Measured], files: usize) {
    let (ours_parse, ours_write) = (&parse[0], &write[0]);
    let rows = [
        (
            "parse",
            "serde_json::from_slice::<Value>",
            faster(ours_parse, &parse[1]),
        ),
        (
            "parse",
            "serde_json::from_str::<Value> (a `String` in hand)",
            faster(ours_parse, &parse[4]),
        ),
        (
            "parse",
            "sonic_rs::from_slice::<sonic_rs::Value>",
            faster(ours_parse, &parse[5]),
        ),
        (
            "write",
            "serde_json::to_writer(Value)",
            faster(ours_write, &write[1]),
        ),
        (
            "write",
            "sonic_rs::to_writer(sonic_rs::Value)",
            faster(ours_write, &write[4]),
        ),
    ];
    report.line(format!(
        "Ours against the JSON DOMs, on the same {files} files in the same interleaved runs \
         (throughput ratio: **> 1 favours ours**, < 1 favours the DOM). A DOM checks only \
         that the text is JSON; ours also checks every element name, type and primitive \
         format."
    ));
    report.line("");
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(op, base, r)| vec![(*op).to_owned(), (*base).to_owned(), ratio(*r)])
        .collect();
    report.table(
        &["operation", "baseline", "ours ÷ baseline (throughput)"],
        &table,
    );
    for (op, base, r) in rows {
        // The goal is to reach the fastest DOM; the others are context.
        let goal = if base.starts_with("sonic_rs") {
            "≥ 1.0× (> 1 = ours faster)"
        } else {
            "> 1 = ours faster"
        };
        report.headline(
            format!("spec corpus {op}: ours ÷ {base} (throughput)"),
            ratio(r),
            goal,
        );
    }
}

/// The `serde` feature against the native reader and writer on the spec corpus: what
/// `axum::Json`, `reqwest`'s `.json()` and other serde_json users cost over `from_json` /
/// `write_json`. Goal: serde ÷ native time ≤ 1.2 for every entry point.
pub fn serde_path(report: &mut Report, opts: &Options, spec: &SpecCorpus) -> Result<(), String> {
    eprintln!("serde path");
    let s = spec.read_by_ours();
    let docs = spec.docs(&s);
    let texts: Vec<&str> = docs
        .iter()
        .map(|d| std::str::from_utf8(&d.bytes).map_err(|e| format!("{}: {e}", d.name)))
        .collect::<Result<_, _>>()?;
    let s_in = input(
        format!("{} files read by ours", s.len()),
        spec.bytes(&s),
        spec.resources(&s),
    );
    let (models, _) = parse_all(&docs, |b| Resource::from_json(b));
    for (d, m) in docs.iter().zip(&models) {
        let through_serde: Resource = serde_json::from_slice(&d.bytes)
            .map_err(|e| format!("{}: serde_json::from_slice: {e}", d.name))?;
        let written = serde_json::to_string(m).map_err(|e| format!("{}: {e}", d.name))?;
        if &through_serde != m || written != m.to_json() {
            return Err(format!("{}: the serde path gave another result", d.name));
        }
    }
    let refs: Vec<&Resource> = models.iter().collect();
    let parse = timed(
        opts,
        "serde parse",
        vec![
            (
                Contender::new("native from_json", ours_parse::<Resource>(&docs)),
                s_in.clone(),
            ),
            (
                Contender::new("serde_json::from_slice", serde_parse::<Resource>(&docs)),
                s_in.clone(),
            ),
            (
                Contender::new("serde_json::from_str", move || {
                    for t in &texts {
                        std::hint::black_box(serde_json::from_str::<Resource>(t).ok());
                    }
                }),
                s_in.clone(),
            ),
            (
                Contender::new("serde_json::from_reader", {
                    let docs = docs.clone();
                    move || {
                        for d in &docs {
                            std::hint::black_box(
                                serde_json::from_reader::<_, Resource>(&d.bytes[..]).ok(),
                            );
                        }
                    }
                }),
                s_in.clone(),
            ),
            // serde_json's own reader against its slice path, on its own `Value`: what
            // `from_reader` costs any type.
            (
                Contender::new("Value from_slice", serde_parse::<Value>(&docs)),
                s_in.clone(),
            ),
            (
                Contender::new("Value from_reader", {
                    let docs = docs.clone();
                    move || {
                        for d in &docs {
                            std::hint::black_box(
                                serde_json::from_reader::<_, Value>(&d.bytes[..]).ok(),
                            );
                        }
                    }
                }),
                s_in.clone(),
            ),
        ],
    );
    let write = timed(
        opts,
        "serde write",
        vec![
            (
                Contender::new("native write_json", ours_write(&refs)),
                s_in.clone(),
            ),
            (
                Contender::new("serde_json::to_writer", serde_write(&refs)),
                s_in.clone(),
            ),
            (
                Contender::new("native to_json", {
                    let refs = refs.clone();
                    move || {
                        for m in &refs {
                            std::hint::black_box(m.to_json());
                        }
                    }
                }),
                s_in.clone(),
            ),
            (
                Contender::new("serde_json::to_string", {
                    let refs = refs.clone();
                    move || {
                        for m in &refs {
                            std::hint::black_box(serde_json::to_string(m).ok());
                        }
                    }
                }),
                s_in.clone(),
            ),
        ],
    );
    report.section("The serde feature (spec corpus, as `Resource`)");
    report.line(format!(
        "The {} files ours reads ({} MB). Every serde_json entry point against the native call \
         a user would make instead: parsing through serde_json hands the native reader the \
         value's raw text after serde_json has found where it ends; writing hands serde_json \
         the native writer's bytes. Goal: serde ÷ native time ≤ 1.2.",
        s.len(),
        mb(s_in.bytes),
    ));
    report.line("");
    let mut rows: Vec<Vec<String>> = parse.iter().map(|m| m.row("parse")).collect();
    rows.extend(write.iter().map(|m| m.row("write")));
    report.table(&THROUGHPUT_HEADER, &rows);
    let mut ratio_rows = Vec::new();
    for (entry, serde, native) in [
        ("serde_json::from_slice", &parse[1], &parse[0]),
        ("serde_json::from_str", &parse[2], &parse[0]),
        ("serde_json::from_reader", &parse[3], &parse[0]),
        ("serde_json::to_writer", &write[1], &write[0]),
        ("serde_json::to_string", &write[3], &write[2]),
    ] {
        let r = time_ratio(serde, native);
        ratio_rows.push(vec![
            entry.to_owned(),
            native.name.clone(),
            ratio(r),
            if r <= 1.2 { "met" } else { "missed" }.to_owned(),
        ]);
        report.headline(
            format!("serde: {entry} ÷ {} (time)", native.name),
            ratio(r),
            "≤ 1.2 (< 1 = serde faster)",
        );
    }
    report.table(
        &[
            "serde entry point",
            "native baseline",
            "time ratio",
            "goal ≤ 1.2",
        ],
        &ratio_rows,
    );
    let reader = time_ratio(&parse[5], &parse[4]);
    report.line(format!(
        "`serde_json::from_reader` reads a byte at a time through `std::io::Read` and copies \
         the value's text out before the native reader sees it; on serde_json's own `Value` \
         it costs {} of `from_slice` in the same run. serde_json's documentation advises \
         reading into memory and calling `from_slice`, which is what the native reader needs \
         anyway.",
        ratio(reader)
    ));
    report.headline(
        "serde: Value from_reader ÷ Value from_slice (time, context)",
        ratio(reader),
        "serde_json's reader path, any type",
    );
    Ok(())
}

/// Lists the files a reader refuses, grouped by the start of the message.
fn refused(report: &mut Report, spec: &SpecCorpus) {
    for (name, verdicts) in [(OURS, &spec.ours), (VALUE, &spec.value), (FHIR, &spec.fhir)] {
        let failed: Vec<(&str, &str)> = verdicts
            .iter()
            .zip(&spec.docs)
            .filter_map(|(v, d)| v.as_ref().err().map(|e| (d.name.as_str(), e.as_str())))
            .collect();
        if failed.is_empty() {
            continue;
        }
        report.line(format!("Files {name} refuses ({}):", failed.len()));
        report.line("");
        for (file, error) in failed.iter().take(12) {
            report.line(format!("- `{file}`: {}", one_line(error, 160)));
        }
        if failed.len() > 12 {
            report.line(format!("- … and {} more", failed.len() - 12));
        }
        report.line("");
    }
}

fn one_line(text: &str, max: usize) -> String {
    let flat = text.replace(['\n', '|'], " ");
    match flat.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

/// The memory table (from figures taken while the spec corpus was prepared).
pub fn memory(report: &mut Report, figures: &MemoryFigures) {
    report.section("Memory held by the parsed spec corpus");
    report.line(
        "Heap bytes held by a `Vec` of every parsed file (the `Vec`'s buffer included), as \
         counted by a counting global allocator around the parse: bytes requested and not \
         freed; the allocator's own per-block overhead is not in it (the live blocks are \
         counted, for an idea of it). Goal for ours: ≤ 2.0× the input bytes.",
    );
    report.line("");
    let rows: Vec<Vec<String>> = figures
        .rows
        .iter()
        .map(|(name, label, files, bytes, held)| {
            vec![
                name.clone(),
                format!("{label} ({files})"),
                mb(*bytes),
                mb(held.bytes),
                ratio(held.bytes as f64 / *bytes as f64),
                report::grouped(held.blocks as i64),
            ]
        })
        .collect();
    report.table(
        &[
            "contender",
            "input",
            "input MB",
            "heap held MB",
            "held ÷ input",
            "live blocks",
        ],
        &rows,
    );
    type_sizes(report);
    if let Some((_, _, _, _, held)) = figures.rows.first() {
        heap_by_block_size(report, held);
    }
    report.headline(
        "spec corpus parsed: ours heap ÷ input bytes",
        ratio(figures.ours_ratio),
        "≤ 2.0×",
    );
    if let (Some(ours), Some(value), Some(ours_f), Some(fhir)) = (
        figures.rows.first(),
        figures.rows.get(1),
        figures.rows.get(2),
        figures.rows.get(3),
    ) {
        report.headline(
            "spec corpus parsed: ours heap ÷ Value heap",
            ratio(ours.4.bytes as f64 / value.4.bytes as f64),
            "< 1 = ours smaller",
        );
        report.headline(
            "spec corpus parsed: ours heap ÷ fhir-model heap",
            ratio(ours_f.4.bytes as f64 / fhir.4.bytes as f64),
            "< 1 = ours smaller",
        );
    }
}

/// The inline size of common types, where the heap of a parsed corpus mostly goes.
fn type_sizes(report: &mut Report) {
    use careconnect_models::rt::Primitive;
    use careconnect_models::stu3 as ours;
    use fhir_model::stu3::types as fmt;
    use std::mem::size_of;
    let boxed = |inner: usize| format!("8 + {inner}");
    let rows = [
        (
            "Resource",
            size_of::<Resource>(),
            size_of::<fm::Resource>().to_string(),
        ),
        (
            "Patient",
            size_of::<Patient>(),
            boxed(size_of::<fm::PatientInner>()),
        ),
        (
            "Observation",
            size_of::<ours::Observation>(),
            boxed(size_of::<fm::ObservationInner>()),
        ),
        (
            "Bundle",
            size_of::<Bundle>(),
            boxed(size_of::<fm::BundleInner>()),
        ),
        (
            "Bundle.entry",
            size_of::<ours::BundleEntry>(),
            size_of::<fm::BundleEntry>().to_string(),
        ),
        (
            "Meta",
            size_of::<ours::Meta>(),
            boxed(size_of::<fmt::MetaInner>()),
        ),
        (
            "Narrative",
            size_of::<ours::Narrative>(),
            boxed(size_of::<fmt::NarrativeInner>()),
        ),
        (
            "Extension",
            size_of::<ours::Extension>(),
            boxed(size_of::<fmt::ExtensionInner>()),
        ),
        (
            "Identifier",
            size_of::<ours::Identifier>(),
            boxed(size_of::<fmt::IdentifierInner>()),
        ),
        (
            "Reference",
            size_of::<ours::Reference>(),
            boxed(size_of::<fmt::ReferenceInner>()),
        ),
        (
            "CodeableConcept",
            size_of::<ours::CodeableConcept>(),
            boxed(size_of::<fmt::CodeableConceptInner>()),
        ),
        (
            "Coding",
            size_of::<ours::Coding>(),
            boxed(size_of::<fmt::CodingInner>()),
        ),
        (
            "HumanName",
            size_of::<ours::HumanName>(),
            boxed(size_of::<fmt::HumanNameInner>()),
        ),
        (
            "optional string element",
            size_of::<Option<Primitive<String>>>(),
            format!(
                "{} + {} (`_ext`)",
                size_of::<Option<String>>(),
                size_of::<Option<fmt::FieldExtension>>()
            ),
        ),
    ];
    report.line(
        "Inline size in bytes of common types (what a `Vec` of them or an optional field \
         costs before anything is filled in); fhir-model boxes most structs (not the backbone elements), shown as \
         pointer + pointee:",
    );
    report.line("");
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(name, o, f)| vec![name.to_owned(), o.to_string(), f])
        .collect();
    report.table(&["type", "ours", "fhir-model"], &rows);
}

/// Type names with their inline size in bytes.
type Sizes = Vec<(&'static str, usize)>;

/// Our types by inline size, to name the block sizes the heap goes to: each boxed resource
/// is one block of its size; `Vec` buffers are their capacity times the element size.
fn ours_sizes() -> (Sizes, Sizes) {
    use careconnect_models::stu3 as ours;
    macro_rules! sizes {
        ($($t:ident),* $(,)?) => {
            vec![$((stringify!($t), std::mem::size_of::<ours::$t>())),*]
        };
    }
    let resources = sizes![
        Account,
        ActivityDefinition,
        AdverseEvent,
        AllergyIntolerance,
        Appointment,
        AppointmentResponse,
        AuditEvent,
        Basic,
        Binary,
        BodySite,
        Bundle,
        CapabilityStatement,
        CarePlan,
        CareTeam,
        ChargeItem,
        Claim,
        ClaimResponse,
        ClinicalImpression,
        CodeSystem,
        Communication,
        CommunicationRequest,
        CompartmentDefinition,
        Composition,
        ConceptMap,
        Condition,
        Consent,
        Contract,
        Coverage,
        DataElement,
        DetectedIssue,
        Device,
        DeviceComponent,
        DeviceMetric,
        DeviceRequest,
        DeviceUseStatement,
        DiagnosticReport,
        DocumentManifest,
        DocumentReference,
        EligibilityRequest,
        EligibilityResponse,
        Encounter,
        Endpoint,
        EnrollmentRequest,
        EnrollmentResponse,
        EpisodeOfCare,
        ExpansionProfile,
        ExplanationOfBenefit,
        FamilyMemberHistory,
        Flag,
        Goal,
        GraphDefinition,
        Group,
        GuidanceResponse,
        HealthcareService,
        ImagingManifest,
        ImagingStudy,
        Immunization,
        ImmunizationRecommendation,
        ImplementationGuide,
        Library,
        Linkage,
        List,
        Location,
        Measure,
        MeasureReport,
        Media,
        Medication,
        MedicationAdministration,
        MedicationDispense,
        MedicationRequest,
        MedicationStatement,
        MessageDefinition,
        MessageHeader,
        NamingSystem,
        NutritionOrder,
        Observation,
        OperationDefinition,
        OperationOutcome,
        Organization,
        Parameters,
        Patient,
        PaymentNotice,
        PaymentReconciliation,
        Person,
        PlanDefinition,
        Practitioner,
        PractitionerRole,
        Procedure,
        ProcedureRequest,
        ProcessRequest,
        ProcessResponse,
        Provenance,
        Questionnaire,
        QuestionnaireResponse,
        ReferralRequest,
        RelatedPerson,
        RequestGroup,
        ResearchStudy,
        ResearchSubject,
        RiskAssessment,
        Schedule,
        SearchParameter,
        Sequence,
        ServiceDefinition,
        Slot,
        Specimen,
        StructureDefinition,
        StructureMap,
        Subscription,
        Substance,
        SupplyDelivery,
        SupplyRequest,
        Task,
        TestReport,
        TestScript,
        ValueSet,
        VisionPrescription
    ];
    let datatypes = sizes![
        Extension,
        Coding,
        CodeableConcept,
        Identifier,
        Reference,
        ContactPoint,
        HumanName,
        Address,
        Period,
        Quantity,
        Annotation,
        Attachment,
        Narrative,
        Meta,
        BundleEntry,
        Dosage,
        Timing,
        ElementDefinition
    ];
    (resources, datatypes)
}

/// Where our parsed spec corpus' heap goes, by block size.
fn heap_by_block_size(report: &mut Report, held: &Held) {
    let (resources, datatypes) = ours_sizes();
    let name = |size: usize| -> String {
        let mut names: Vec<String> = resources
            .iter()
            .chain(&datatypes)
            .filter(|(_, s)| *s == size)
            .map(|(n, _)| (*n).to_owned())
            .collect();
        for (n, s) in &datatypes {
            for k in 2..=4 {
                if s * k == size {
                    names.push(format!("Vec of {k} {n}"));
                }
            }
        }
        if names.is_empty() {
            "–".to_owned()
        } else {
            names.join(", ")
        }
    };
    let rows: Vec<Vec<String>> = held
        .by_size
        .iter()
        .take(15)
        .map(|c| {
            vec![
                c.size.map_or("≥ 4096".to_owned(), |s| s.to_string()),
                report::grouped(c.blocks as i64),
                mb(c.bytes),
                format!("{:.1}%", 100.0 * c.bytes as f64 / held.bytes as f64),
                c.size.map_or("–".to_owned(), name),
            ]
        })
        .collect();
    report.line(format!(
        "Where ours' heap goes (spec corpus): the {} block sizes holding the most bytes. A \
         boxed resource is one block of its type's size; strings and `Vec` buffers are their \
         capacity (element size × capacity), so a size can match more than one thing.",
        rows.len()
    ));
    report.line("");
    report.table(
        &[
            "block bytes",
            "blocks",
            "MB",
            "share",
            "our types of that size",
        ],
        &rows,
    );
}

/// One Patient parsed over and over, and the generic `Resource` against `Patient`.
pub fn patient_hot_loop(
    report: &mut Report,
    opts: &Options,
    spec: &SpecCorpus,
) -> Result<(), String> {
    eprintln!("patient hot loop");
    const NAME: &str = "patient-example.json";
    let i = spec
        .find(NAME)
        .ok_or_else(|| format!("{NAME} is missing from the spec examples"))?;
    spec.ours[i]
        .as_ref()
        .map_err(|e| format!("{NAME}: ours: {e}"))?;
    let docs = spec.docs(&[i]);
    let one = input(NAME, docs[0].bytes.len(), spec.resources(&[i]));
    let fhir_ok =
        serde_json::from_slice::<fm::Patient>(&docs[0].bytes).is_ok() && spec.fhir[i].is_ok();
    let mut lanes = vec![
        (
            Contender::new("ours as Patient", ours_parse::<Patient>(&docs)),
            one.clone(),
        ),
        (
            Contender::new("ours as Resource", ours_parse::<Resource>(&docs)),
            one.clone(),
        ),
        (
            Contender::new(VALUE, serde_parse::<Value>(&docs)),
            one.clone(),
        ),
    ];
    if fhir_ok {
        lanes.push((
            Contender::new("fhir-model as Patient", serde_parse::<fm::Patient>(&docs)),
            one.clone(),
        ));
        lanes.push((
            Contender::new("fhir-model as Resource", serde_parse::<fm::Resource>(&docs)),
            one.clone(),
        ));
    }
    let g = timed(opts, "parse", lanes);

    report.section("Single Patient, parsed over and over");
    report.line(format!(
        "`{NAME}` ({} bytes) held in memory; one pass is one parse, a sample repeats it \
         {} times.",
        one.bytes, g[0].timing.passes
    ));
    report.line("");
    let rows: Vec<Vec<String>> = g.iter().map(|m| m.row("parse")).collect();
    report.table(&THROUGHPUT_HEADER, &rows);
    let mut ratios = vec![vec![
        "ours as Patient ÷ Value (throughput)".to_owned(),
        ratio(faster(&g[0], &g[2])),
    ]];
    report.headline(
        "Patient hot loop: ours (Patient) ÷ Value (throughput)",
        ratio(faster(&g[0], &g[2])),
        "> 1 = ours faster",
    );
    if fhir_ok {
        ratios.push(vec![
            "ours ÷ fhir-model, both as Patient (throughput)".to_owned(),
            ratio(faster(&g[0], &g[3])),
        ]);
        ratios.push(vec![
            "ours ÷ fhir-model, both as Resource (throughput)".to_owned(),
            ratio(faster(&g[1], &g[4])),
        ]);
        report.headline(
            "Patient hot loop: ours ÷ fhir-model, as Patient (throughput)",
            ratio(faster(&g[0], &g[3])),
            "> 1 = ours faster",
        );
    }
    let generic = time_ratio(&g[1], &g[0]);
    ratios.push(vec![
        "ours: Resource time ÷ Patient time".to_owned(),
        ratio(generic),
    ]);
    report.headline(
        "Patient hot loop: ours Resource time ÷ Patient time",
        ratio(generic),
        "≤ 1.10×",
    );
    if fhir_ok {
        ratios.push(vec![
            "fhir-model: Resource time ÷ Patient time".to_owned(),
            ratio(time_ratio(&g[4], &g[3])),
        ]);
    } else {
        report.line(format!(
            "fhir-model does not read `{NAME}`; it is left out of this table."
        ));
    }
    report.table(&["ratio", "value"], &ratios);
    Ok(())
}

/// The three largest Bundles of the spec corpus: parse as `Bundle` and as `Resource`, and
/// write.
pub fn largest_bundles(
    report: &mut Report,
    opts: &Options,
    spec: &SpecCorpus,
) -> Result<(), String> {
    eprintln!("largest bundles");
    let mut bundles: Vec<usize> = spec
        .read_by_ours()
        .into_iter()
        .filter(|&i| spec.resource_type(i) == "Bundle")
        .collect();
    bundles.sort_by_key(|&i| std::cmp::Reverse(spec.docs[i].bytes.len()));
    bundles.truncate(3);
    if bundles.is_empty() {
        return Err("no Bundle in the spec examples that ours reads".into());
    }
    let fhir_bundles: Vec<usize> = bundles
        .iter()
        .copied()
        .filter(|&i| {
            spec.fhir[i].is_ok()
                && serde_json::from_slice::<fm::Bundle>(&spec.docs[i].bytes).is_ok()
        })
        .collect();
    let same_set = fhir_bundles == bundles;
    let docs = spec.docs(&bundles);
    let f_docs = spec.docs(&fhir_bundles);
    let all_in = input(
        format!("{} largest Bundles", bundles.len()),
        spec.bytes(&bundles),
        spec.resources(&bundles),
    );
    let f_in = input(
        format!("{} of them fhir-model reads", fhir_bundles.len()),
        spec.bytes(&fhir_bundles),
        spec.resources(&fhir_bundles),
    );

    let ours_models: Vec<Resource> = docs
        .iter()
        .filter_map(|d| Resource::from_json(&d.bytes).ok())
        .collect();
    let values: Vec<Value> = docs
        .iter()
        .filter_map(|d| serde_json::from_slice(&d.bytes).ok())
        .collect();
    let fhir_models: Vec<fm::Resource> = f_docs
        .iter()
        .filter_map(|d| serde_json::from_slice(&d.bytes).ok())
        .collect();
    let ours_refs: Vec<&Resource> = ours_models.iter().collect();
    let ours_f_refs: Vec<&Resource> = fhir_bundles
        .iter()
        .filter_map(|i| bundles.iter().position(|j| j == i).map(|k| &ours_models[k]))
        .collect();
    let value_refs: Vec<&Value> = values.iter().collect();
    let fhir_refs: Vec<&fm::Resource> = fhir_models.iter().collect();

    // Lanes 0..=2 are on all the Bundles; fhir-model's lanes come last, with ours timed
    // again on fhir-model's subset when it reads fewer.
    let mut lanes = vec![
        (
            Contender::new("ours as Bundle", ours_parse::<Bundle>(&docs)),
            all_in.clone(),
        ),
        (
            Contender::new("ours as Resource", ours_parse::<Resource>(&docs)),
            all_in.clone(),
        ),
        (
            Contender::new(VALUE, serde_parse::<Value>(&docs)),
            all_in.clone(),
        ),
    ];
    if !fhir_bundles.is_empty() {
        if !same_set {
            lanes.push((
                Contender::new("ours as Bundle", ours_parse::<Bundle>(&f_docs)),
                f_in.clone(),
            ));
            lanes.push((
                Contender::new("ours as Resource", ours_parse::<Resource>(&f_docs)),
                f_in.clone(),
            ));
        }
        lanes.push((
            Contender::new("fhir-model as Bundle", serde_parse::<fm::Bundle>(&f_docs)),
            f_in.clone(),
        ));
        lanes.push((
            Contender::new(
                "fhir-model as Resource",
                serde_parse::<fm::Resource>(&f_docs),
            ),
            f_in.clone(),
        ));
    }
    let parse = timed(opts, "parse", lanes);
    let mut write_lanes = vec![
        (Contender::new(OURS, ours_write(&ours_refs)), all_in.clone()),
        (
            Contender::new(VALUE, serde_write(&value_refs)),
            all_in.clone(),
        ),
    ];
    if !fhir_bundles.is_empty() {
        if !same_set {
            write_lanes.push((Contender::new(OURS, ours_write(&ours_f_refs)), f_in.clone()));
        }
        write_lanes.push((Contender::new(FHIR, serde_write(&fhir_refs)), f_in.clone()));
    }
    let write = timed(opts, "write", write_lanes);

    report.section("Largest Bundles of the spec corpus");
    let names: Vec<String> = docs
        .iter()
        .map(|d| format!("`{}` ({} kB)", d.name, d.bytes.len() / 1000))
        .collect();
    report.line(format!(
        "{}; {} resources in all. Write is timed from models parsed up front, into one \
         reused buffer; its MB/s counts the input files' bytes.",
        names.join(", "),
        all_in.resources
    ));
    if !same_set {
        report.line(format!(
            "fhir-model reads {} of the {}; its comparisons use those, with ours timed on the \
             same subset.",
            fhir_bundles.len(),
            bundles.len()
        ));
    }
    report.line("");
    let mut rows: Vec<Vec<String>> = parse.iter().map(|m| m.row("parse")).collect();
    rows.extend(write.iter().map(|m| m.row("write")));
    report.table(&THROUGHPUT_HEADER, &rows);

    let mut ratios = vec![
        vec![
            "parse: ours as Bundle ÷ Value (throughput)".to_owned(),
            ratio(faster(&parse[0], &parse[2])),
        ],
        vec![
            "write: ours ÷ Value (throughput)".to_owned(),
            ratio(faster(&write[0], &write[1])),
        ],
        vec![
            "ours: Resource time ÷ Bundle time".to_owned(),
            ratio(time_ratio(&parse[1], &parse[0])),
        ],
    ];
    report.headline(
        "largest Bundles parse: ours ÷ Value (throughput)",
        ratio(faster(&parse[0], &parse[2])),
        "> 1 = ours faster",
    );
    report.headline(
        "largest Bundles: ours Resource time ÷ Bundle time",
        ratio(time_ratio(&parse[1], &parse[0])),
        "≤ 1.10×",
    );
    if !fhir_bundles.is_empty() {
        let n = parse.len();
        let (ours_b, ours_r) = if same_set {
            (&parse[0], &parse[1])
        } else {
            (&parse[3], &parse[4])
        };
        let (fhir_b, fhir_r) = (&parse[n - 2], &parse[n - 1]);
        let w = write.len();
        let ours_w = &write[w - 2];
        let fhir_w = &write[w - 1];
        ratios.push(vec![
            "parse: ours ÷ fhir-model, both as Bundle (throughput)".to_owned(),
            ratio(faster(ours_b, fhir_b)),
        ]);
        ratios.push(vec![
            "parse: ours ÷ fhir-model, both as Resource (throughput)".to_owned(),
            ratio(faster(ours_r, fhir_r)),
        ]);
        ratios.push(vec![
            "write: ours ÷ fhir-model (throughput)".to_owned(),
            ratio(faster(ours_w, fhir_w)),
        ]);
        ratios.push(vec![
            "fhir-model: Resource time ÷ Bundle time".to_owned(),
            ratio(time_ratio(fhir_r, fhir_b)),
        ]);
        report.headline(
            "largest Bundles parse: ours ÷ fhir-model, as Bundle (throughput)",
            ratio(faster(ours_b, fhir_b)),
            "> 1 = ours faster",
        );
    } else {
        report.line("fhir-model reads none of these Bundles; it is left out of this table.");
    }
    report.table(&["ratio", "value"], &ratios);
    Ok(())
}

/// Where in a file the Care Connect profiles to convert are declared.
enum Targets {
    /// The file's resource itself declares this profile.
    Root(String),
    /// Bundle entries (by index) declare these profiles.
    Entries(Vec<(usize, String)>),
}

/// Converts what `targets` names into profile types; returns how many converted.
fn to_profiles(resource: Resource, targets: &Targets) -> usize {
    let convert = |url: &str, r: Resource| {
        matches!(
            std::hint::black_box(ProfiledResource::from_resource(url, r)),
            Some(Ok(_))
        )
    };
    match (targets, resource) {
        (Targets::Root(url), r) => usize::from(convert(url, r)),
        (Targets::Entries(list), Resource::Bundle(mut b)) => list
            .iter()
            .filter(|(i, url)| {
                b.entry
                    .get_mut(*i)
                    .and_then(|e| e.resource.take())
                    .is_some_and(|r| convert(url, r))
            })
            .count(),
        (Targets::Entries(_), _) => 0,
    }
}

fn care_connect_url(urls: Vec<&str>) -> Option<String> {
    urls.into_iter()
        .find(|u| u.contains("CareConnect"))
        .map(str::to_owned)
}

/// Checks one declared profile on a copy of the resource: `Err` says why it is left out.
fn check_profile(url: &str, resource: Resource) -> Result<(), String> {
    match ProfiledResource::from_resource(url, resource) {
        None => Err(format!("no profile type for {url}")),
        Some(Err(e)) => Err(format!("does not conform to {url}: {e}")),
        Some(Ok(_)) => Ok(()),
    }
}

/// The Care Connect JSON instances that declare a Care Connect profile which converts.
struct CareConnectInstances<'a> {
    /// Each kept file: what to convert, its resource count and how many convert.
    kept: Vec<(&'a Doc, Targets, usize, usize)>,
    /// Files (or entries) left out, and why.
    left_out: Vec<(String, String)>,
    /// Files that declare no Care Connect profile.
    undeclared: usize,
}

/// Sorts `all` into what [`CareConnectInstances`] holds.
fn care_connect_instances(all: &[Doc]) -> CareConnectInstances<'_> {
    let mut kept: Vec<(&Doc, Targets, usize, usize)> = Vec::new();
    let mut left_out: Vec<(String, String)> = Vec::new();
    let mut undeclared = 0;
    for doc in all {
        let tree = match jsontext::parse(&doc.bytes) {
            Ok(t) => t,
            Err(e) => {
                left_out.push((doc.name.clone(), format!("not JSON: {e}")));
                continue;
            }
        };
        let resource = match Resource::from_json(&doc.bytes) {
            Ok(r) => r,
            Err(e) => {
                left_out.push((doc.name.clone(), format!("ours cannot read it: {e}")));
                continue;
            }
        };
        let targets = if let Some(url) = care_connect_url(tree.declared_profiles()) {
            if let Err(e) = check_profile(&url, resource.clone()) {
                left_out.push((doc.name.clone(), e));
                continue;
            }
            Targets::Root(url)
        } else if let Resource::Bundle(b) = &resource {
            let mut list = Vec::new();
            let entries = tree.get("entry").map(Json::items).unwrap_or_default();
            for (i, entry) in entries.iter().enumerate() {
                let Some(url) = entry
                    .get("resource")
                    .and_then(|r| care_connect_url(r.declared_profiles()))
                else {
                    continue;
                };
                let Some(r) = b.entry.get(i).and_then(|e| e.resource.clone()) else {
                    continue;
                };
                match check_profile(&url, r) {
                    Ok(()) => list.push((i, url)),
                    Err(e) => left_out.push((format!("{} entry[{i}]", doc.name), e)),
                }
            }
            if list.is_empty() {
                undeclared += 1;
                continue;
            }
            Targets::Entries(list)
        } else {
            undeclared += 1;
            continue;
        };
        let converted = to_profiles(resource, &targets);
        kept.push((doc, targets, tree.count_resources(), converted));
    }
    CareConnectInstances {
        kept,
        left_out,
        undeclared,
    }
}

/// One pass that reads every kept instance and converts it into its profile types, for
/// the harness and for a profiler.
pub fn care_connect_convert_pass(all: &[Doc]) -> Result<impl FnMut() + '_, String> {
    let kept = care_connect_instances(all).kept;
    if kept.is_empty() {
        return Err("no Care Connect JSON instance declares a profile that converts".into());
    }
    Ok(move || convert_all(&kept))
}

/// What `profile-direct` repeats: the one-pass reads of [`direct_all`].
pub fn care_connect_direct_pass(all: &[Doc]) -> Result<impl FnMut() + '_, String> {
    let kept = care_connect_instances(all).kept;
    if kept.is_empty() {
        return Err("no Care Connect JSON instance declares a profile that converts".into());
    }
    Ok(move || direct_all(&kept))
}

/// Reads every instance of `kept` and converts it into its profile types (one pass).
fn convert_all(kept: &[(&Doc, Targets, usize, usize)]) {
    for (doc, t, _, _) in kept {
        if let Ok(r) = Resource::from_json(&doc.bytes) {
            std::hint::black_box(to_profiles(r, t));
        }
    }
}

/// Reads every instance of `kept` straight into its profile type
/// (`ProfiledResource::from_json`, no base value in between). A Bundle whose entries
/// declare the profiles is read as a `Resource` and its entries converted: the one-pass
/// reader reads a whole document as one profile.
fn direct_all(kept: &[(&Doc, Targets, usize, usize)]) {
    for (doc, t, _, _) in kept {
        match t {
            Targets::Root(url) => {
                std::hint::black_box(ProfiledResource::from_json(url, &doc.bytes));
            }
            Targets::Entries(_) => {
                if let Ok(r) = Resource::from_json(&doc.bytes) {
                    std::hint::black_box(to_profiles(r, t));
                }
            }
        }
    }
}

/// How many of `kept` the one-pass reader reads whole (their root declares the profile).
fn read_direct(kept: &[(&Doc, Targets, usize, usize)]) -> usize {
    kept.iter()
        .filter(|k| matches!(k.1, Targets::Root(_)))
        .count()
}

/// Care Connect JSON instances: plain `Resource` parse against parse + conversion into
/// the declared profile types.
pub fn care_connect_profiles(report: &mut Report, opts: &Options) -> Result<(), String> {
    eprintln!("care connect profiles");
    let dir = data::examples_subdir("careconnect")?;
    let all = data::files_recursive(&dir, "json")?;
    let CareConnectInstances {
        kept,
        left_out,
        undeclared,
    } = care_connect_instances(&all);
    if kept.is_empty() {
        return Err(format!(
            "no JSON instance under {} declares a Care Connect profile that converts",
            dir.display()
        ));
    }
    let docs: Vec<&Doc> = kept.iter().map(|k| k.0).collect();
    let profiled: usize = kept.iter().map(|k| k.3).sum();
    let all_in = input(
        format!("{} instances", kept.len()),
        data::total_bytes(docs.iter().copied()),
        kept.iter().map(|k| k.2).sum(),
    );
    let to_profile_pass = || convert_all(&kept);
    let direct_pass = || direct_all(&kept);
    let g = timed(
        opts,
        "parse",
        vec![
            (
                Contender::new("ours as Resource", ours_parse::<Resource>(&docs)),
                all_in.clone(),
            ),
            (
                Contender::new(
                    "ours as Resource, then ProfiledResource::from_resource",
                    to_profile_pass,
                ),
                all_in.clone(),
            ),
            (
                Contender::new(
                    "ours straight into the profile type, ProfiledResource::from_json",
                    direct_pass,
                ),
                all_in.clone(),
            ),
        ],
    );

    report.section("Care Connect profile types");
    report.line(format!(
        "Every JSON instance under `careconnect/` ({} files) whose resource, or whose Bundle \
         entries' resources, declare a Care Connect profile in `meta.profile`: {} instances, \
         {} MB, {} resources, of which {} are converted into their profile type (the first \
         Care Connect profile each declares). {} files declare none.",
        all.len(),
        kept.len(),
        mb(all_in.bytes),
        all_in.resources,
        profiled,
        undeclared
    ));
    report.line("");
    let rows: Vec<Vec<String>> = g.iter().map(|m| m.row("parse")).collect();
    report.table(&THROUGHPUT_HEADER, &rows);
    let slower = time_ratio(&g[1], &g[0]);
    let direct = time_ratio(&g[2], &g[0]);
    report.line(format!(
        "Read into the profile type in one pass (`ProfiledResource::from_json`; {} of the {} \
         instances are read whole, the others are Bundles read as `Resource` and their \
         entries converted) time ÷ plain `Resource` parse time: **{}**. Parse + conversion \
         (`Resource`, then `from_resource`) time ÷ plain `Resource` parse time: **{}**. \
         Above 1 the profile read is slower.",
        read_direct(&kept),
        kept.len(),
        ratio(direct),
        ratio(slower)
    ));
    report.line("");
    report.headline(
        "Care Connect instances: one-pass profile read time ÷ Resource parse time",
        ratio(direct),
        "≤ 1.3× (cost of the profile layer; < 1 = profile faster)",
    );
    report.headline(
        "Care Connect instances: Resource parse + profile conversion time ÷ Resource parse time",
        ratio(slower),
        "(the conversion of a value read before)",
    );
    profile_writes(report, opts, &targets_of(&kept));
    if !left_out.is_empty() {
        report.line(format!("Left out ({}):", left_out.len()));
        report.line("");
        for (name, why) in &left_out {
            report.line(format!("- `{name}`: {}", one_line(why, 200)));
        }
        report.line("");
    }
    Ok(())
}

/// The profile values `kept` converts into, read afresh.
fn targets_of(kept: &[(&Doc, Targets, usize, usize)]) -> Vec<ProfiledResource> {
    let mut out = Vec::new();
    for (doc, targets, _, _) in kept {
        let Ok(resource) = Resource::from_json(&doc.bytes) else {
            continue;
        };
        let mut convert = |url: &str, r: Resource| {
            if let Some(Ok(p)) = ProfiledResource::from_resource(url, r) {
                out.push(p);
            }
        };
        match (targets, resource) {
            (Targets::Root(url), r) => convert(url, r),
            (Targets::Entries(list), Resource::Bundle(mut b)) => {
                for (i, url) in list {
                    if let Some(r) = b.entry.get_mut(*i).and_then(|e| e.resource.take()) {
                        convert(url, r);
                    }
                }
            }
            (Targets::Entries(_), _) => {}
        }
    }
    out
}

/// Writing profile values: by reference (`to_json`), against writing their base
/// resources, and against the copy-then-convert path `to_json` took before.
fn profile_writes(report: &mut Report, opts: &Options, values: &[ProfiledResource]) {
    let bases: Vec<Resource> = values.iter().map(|p| p.clone().into_resource()).collect();
    let bytes: usize = bases.iter().map(|r| r.to_json().len()).sum();
    let all = input(
        format!("{} profile values", values.len()),
        bytes,
        values.len(),
    );
    let g = timed(
        opts,
        "write",
        vec![
            (
                Contender::new("ours: the base resources, `to_json`", || {
                    for r in &bases {
                        std::hint::black_box(r.to_json());
                    }
                }),
                all.clone(),
            ),
            (
                Contender::new("ours: the profile values, `to_json` (by reference)", || {
                    for p in values {
                        std::hint::black_box(p.to_json());
                    }
                }),
                all.clone(),
            ),
            (
                Contender::new(
                    "ours: the profile values, copied into their base, `to_json`",
                    || {
                        for p in values {
                            std::hint::black_box(p.clone().into_resource().to_json());
                        }
                    },
                ),
                all.clone(),
            ),
        ],
    );
    report.line(format!(
        "Writing the {} profile values these instances convert into ({} MB of JSON):",
        values.len(),
        mb(bytes)
    ));
    report.line("");
    let rows: Vec<Vec<String>> = g.iter().map(|m| m.row("write")).collect();
    report.table(&THROUGHPUT_HEADER, &rows);
    let by_ref = time_ratio(&g[1], &g[0]);
    let copy = time_ratio(&g[1], &g[2]);
    report.line(format!(
        "Profile value `to_json` time ÷ base resource `to_json` time: **{}** (below 1 favours \
         the profile writer). By reference ÷ copy first: **{}** (below 1 favours writing by \
         reference).",
        ratio(by_ref),
        ratio(copy)
    ));
    report.line("");
    report.headline(
        "Care Connect instances: profile value to_json time ÷ base resource to_json time",
        ratio(by_ref),
        "(by reference, no copy)",
    );
}

/// Care Connect XML Bundles, and the same content as JSON.
pub fn xml_vs_json(report: &mut Report, opts: &Options) -> Result<(), String> {
    eprintln!("xml vs json");
    let dir = data::examples_subdir("careconnect")?;
    let all = data::files_recursive(&dir, "xml")?;
    let mut xml_docs: Vec<&Doc> = Vec::new();
    let mut models: Vec<Resource> = Vec::new();
    let mut json_docs: Vec<Doc> = Vec::new();
    let mut resources = 0;
    let mut left_out: Vec<(String, String)> = Vec::new();
    let mut not_bundles = 0;
    for doc in &all {
        let r = match Resource::from_xml(&doc.bytes) {
            Ok(r) => r,
            Err(e) => {
                left_out.push((doc.name.clone(), format!("ours cannot read it: {e}")));
                continue;
            }
        };
        if r.resource_type() != "Bundle" {
            not_bundles += 1;
            continue;
        }
        let json = r.to_json().into_bytes();
        if let Err(e) = Resource::from_json(&json) {
            left_out.push((
                doc.name.clone(),
                format!("its JSON does not read back: {e}"),
            ));
            continue;
        }
        let tree = jsontext::parse(&json).map_err(|e| format!("{} as JSON: {e}", doc.name))?;
        resources += tree.count_resources();
        xml_docs.push(doc);
        models.push(r);
        json_docs.push(Doc {
            name: doc.name.clone(),
            bytes: json,
        });
    }
    if xml_docs.is_empty() {
        return Err(format!(
            "no XML Bundle under {} that ours reads",
            dir.display()
        ));
    }
    let json_refs: Vec<&Doc> = json_docs.iter().collect();
    let model_refs: Vec<&Resource> = models.iter().collect();
    let xml_out: usize = models.iter().map(|m| m.to_xml().len()).sum();
    let json_out: usize = models.iter().map(|m| m.to_json().len()).sum();
    let n = xml_docs.len();
    let xml_in = input(
        format!("{n} Bundles as XML"),
        data::total_bytes(xml_docs.iter().copied()),
        resources,
    );
    let json_in = input(
        format!("{n} Bundles as JSON"),
        data::total_bytes(json_refs.iter().copied()),
        resources,
    );
    let xml_written = input(format!("{n} Bundles as XML"), xml_out, resources);
    let json_written = input(format!("{n} Bundles as JSON"), json_out, resources);

    let parse = timed(
        opts,
        "parse",
        vec![
            (
                Contender::new("ours, XML", ours_parse_xml::<Resource>(&xml_docs)),
                xml_in,
            ),
            (
                Contender::new("ours, JSON", ours_parse::<Resource>(&json_refs)),
                json_in,
            ),
        ],
    );
    let xml_write = || {
        for m in &model_refs {
            std::hint::black_box(m.to_xml());
        }
    };
    let json_write = || {
        for m in &model_refs {
            std::hint::black_box(m.to_json());
        }
    };
    let write = timed(
        opts,
        "write",
        vec![
            (Contender::new("ours, XML", xml_write), xml_written),
            (Contender::new("ours, JSON", json_write), json_written),
        ],
    );

    report.section("FHIR XML against JSON, same content");
    report.line(format!(
        "Every XML Bundle under `careconnect/` that ours reads ({n} of {} XML files; {} are \
         not Bundles), and the same content as JSON (the parsed models written with \
         `to_json` once, up front). MB/s counts each format's own bytes: the bytes read for \
         parse, the bytes written (compact) for write. Both writes are `to_xml()` / \
         `to_json()`, each into a new `String`.",
        all.len(),
        not_bundles
    ));
    report.line("");
    let mut rows: Vec<Vec<String>> = parse.iter().map(|m| m.row("parse")).collect();
    rows.extend(write.iter().map(|m| m.row("write")));
    report.table(&THROUGHPUT_HEADER, &rows);
    let parse_ratio = time_ratio(&parse[0], &parse[1]);
    let write_ratio = time_ratio(&write[0], &write[1]);
    report.table(
        &["operation", "XML time ÷ JSON time"],
        &[
            vec!["parse".into(), ratio(parse_ratio)],
            vec!["write".into(), ratio(write_ratio)],
        ],
    );
    report.headline(
        "Care Connect Bundles: XML parse time ÷ JSON parse time",
        ratio(parse_ratio),
        "≤ 2.0× (same content; < 1 = XML faster)",
    );
    report.headline(
        "Care Connect Bundles: XML write time ÷ JSON write time",
        ratio(write_ratio),
        "(same content)",
    );
    if !left_out.is_empty() {
        report.line(format!("Left out ({}):", left_out.len()));
        report.line("");
        for (name, why) in &left_out {
            report.line(format!("- `{name}`: {}", one_line(why, 200)));
        }
        report.line("");
    }
    Ok(())
}

/// Exact round trip of every spec example: parse, write, compare as FHIR content.
pub fn round_trip(report: &mut Report, spec: &SpecCorpus) {
    eprintln!("round trip");
    type Writer<'a> = &'a dyn Fn(&[u8]) -> Result<Vec<u8>, String>;
    let ours: Writer<'_> = &|b| {
        Resource::from_json(b)
            .map(|r| r.to_json().into_bytes())
            .map_err(|e| e.to_string())
    };
    let value: Writer<'_> = &|b| {
        serde_json::from_slice::<Value>(b)
            .and_then(|v| serde_json::to_vec(&v))
            .map_err(|e| e.to_string())
    };
    let fhir: Writer<'_> = &|b| {
        serde_json::from_slice::<fm::Resource>(b)
            .and_then(|v| serde_json::to_vec(&v))
            .map_err(|e| e.to_string())
    };
    let mut rows = Vec::new();
    let mut details = Vec::new();
    for (name, write) in [(OURS, ours), (VALUE, value), (FHIR, fhir)] {
        let mut read = 0;
        let mut exact = 0;
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        let mut examples: Vec<String> = Vec::new();
        for (doc, tree) in spec.docs.iter().zip(&spec.trees) {
            let Ok(out) = write(&doc.bytes) else { continue };
            read += 1;
            let diff = match jsontext::parse(&out) {
                Ok(back) => jsontext::first_difference(tree, &back),
                Err(e) => Some(format!("output is not JSON: {e}")),
            };
            match diff {
                None => exact += 1,
                Some(d) => {
                    let kind = jsontext::kind_of_difference(&d);
                    match kinds.iter_mut().find(|(k, _)| *k == kind) {
                        Some((_, n)) => *n += 1,
                        None => kinds.push((kind, 1)),
                    }
                    if examples.len() < 6 {
                        examples.push(format!("`{}`: {}", doc.name, one_line(&d, 160)));
                    }
                }
            }
        }
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let kinds_text = if kinds.is_empty() {
            "–".to_owned()
        } else {
            kinds
                .iter()
                .map(|(k, n)| format!("{k}: {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        rows.push(vec![
            name.to_owned(),
            read.to_string(),
            exact.to_string(),
            spec.docs.len().to_string(),
            kinds_text,
        ]);
        if name != VALUE {
            report.headline(
                format!("spec examples that round-trip exactly: {name}"),
                format!("{exact} / {}", spec.docs.len()),
                "all that it reads",
            );
        }
        if !examples.is_empty() {
            details.push((name, examples));
        }
    }
    report.section("Exact round trip of the spec examples");
    report.line(
        "Parse, write compact JSON, compare with the input as FHIR content: object key order \
         and whitespace free, strings by their unescaped text, numbers exactly as written \
         (`1.50` ≠ `1.5`). The comparison uses the harness's own small JSON reader, not any \
         of the contenders. serde_json::Value (without `arbitrary_precision`) is shown as a \
         yardstick of what going through `f64` does to numbers.",
    );
    report.line("");
    report.table(
        &[
            "contender",
            "files read",
            "round-trip exactly",
            "of",
            "first difference, by kind",
        ],
        &rows,
    );
    for (name, examples) in details {
        report.line(format!("First differences, {name}:"));
        report.line("");
        for e in examples {
            report.line(format!("- {e}"));
        }
        report.line("");
    }
}

/// Sample plan for the smoke run: one round, one pass.
pub fn smoke_plan() -> Plan {
    Plan {
        rounds: 1,
        min_sample: Duration::ZERO,
    }
}
