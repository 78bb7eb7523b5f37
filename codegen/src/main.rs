//! `careconnect-codegen`: regenerate the models, rewrite the input lock, dump the IR.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use careconnect_codegen::{Config, Output, facts, load, run};

const USAGE: &str = "\
usage: careconnect-codegen <command> [options]

commands:
  generate   regenerate the models (careconnect-stu3/src/stu3, careconnect-models/src/careconnect,
             careconnect-models/facts.jsonl)
  include    generate types for profile packages on top of careconnect-models, into one file
             for include! (what a build script's Config::compile does)
  diff       what a profile update changes in the generated Rust API and on the wire:
             [--old SIDE] [--new SIDE] [--format text|markdown|json] [--fail-on LEVEL]
             [--severity KIND=LEVEL]...; a SIDE is a sources.toml, a facts file or a
             profile package (folder, NPM folder, .tgz: on top of careconnect-models).
             Default: the committed careconnect-models/facts.jsonl (what the models were
             generated from) against the workspace's sources.toml (the files on disk now).
             Exit status 1 when a change is at LEVEL (breaking, warning, info) or above.
  explain    what the generator made of a definition or element and why:
             explain URL[#element-id] (or a type name) [--format json]
  lock       rewrite definitions/sources.lock from the files on disk (review the diff!)
  ir         print the intermediate representation as JSON

Exit status 2 on an error.

options:
  --sources FILE     definitions/sources.toml to read (default: the workspace's)
  --out DIR          output root (default: the workspace root; include: required)
  --package PATH     include: a profile package (folder, NPM package folder or .tgz); repeatable
  --profile URL      include: generate only this profile (URL or type name) and what it uses;
                     repeatable
  --facts FILE       include: the models' facts file (default: the workspace's)
  --derive           include: generate what #[derive(Profiled)] needs
  --xml              include: generate FHIR XML support
  --deny-warnings    fail if any warning diagnostic is reported
  --verbose          print every diagnostic, not only the summary
  --report FILE      write the full generation report (FILE.md: Markdown, FILE.json: JSON)

The definitions root comes from sources.toml; the CARECONNECT_DEFINITIONS environment
variable overrides it.";

struct Options {
    config: Config,
    report: Option<PathBuf>,
    verbose: bool,
    old: Option<PathBuf>,
    new: Option<PathBuf>,
    /// `--format`: `text`, `markdown` or `json`.
    format: String,
    /// `diff --severity KIND=LEVEL`.
    severities: std::collections::BTreeMap<
        careconnect_codegen::diff::Kind,
        careconnect_codegen::diff::Severity,
    >,
    /// `diff --fail-on LEVEL`.
    fail_on: Option<careconnect_codegen::diff::Severity>,
    /// Arguments that are not options (`explain`'s URL).
    positional: Vec<String>,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(command) = args.next() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let config = Config::workspace().with_definitions_root(std::env::var_os(load::DEFINITIONS_ENV));
    let mut options = Options {
        config,
        report: None,
        verbose: false,
        old: None,
        new: None,
        format: "text".into(),
        severities: Default::default(),
        fail_on: None,
        positional: Vec::new(),
    };
    if command == "include" {
        let root = careconnect_codegen::workspace_root();
        options.config.output = Output::Include {
            file: careconnect_codegen::INCLUDE_FILE.into(),
        };
        options.config.facts = Some(root.join(facts::FACTS_FILE));
        options.config.out_dir = std::path::PathBuf::new();
    }
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sources" | "--out" | "--report" | "--package" | "--profile" | "--facts"
            | "--old" | "--new" | "--format" | "--severity" | "--fail-on" => {
                let Some(value) = args.next() else {
                    eprintln!("{arg} needs a value\n\n{USAGE}");
                    return ExitCode::from(2);
                };
                match arg.as_str() {
                    "--sources" => options.config.sources = value.into(),
                    "--out" => options.config.out_dir = value.into(),
                    "--package" => options.config.packages.push(value.into()),
                    "--profile" => options.config.profiles.push(value),
                    "--facts" => options.config.facts = Some(value.into()),
                    "--old" => options.old = Some(value.into()),
                    "--new" => options.new = Some(value.into()),
                    "--format" => {
                        if !["text", "markdown", "md", "json"].contains(&value.as_str()) {
                            eprintln!("--format takes text, markdown or json, not '{value}'");
                            return ExitCode::from(2);
                        }
                        options.format = value;
                    }
                    "--fail-on" => match value.as_str() {
                        "never" => options.fail_on = None,
                        level => match careconnect_codegen::diff::Severity::parse(level) {
                            Some(s) => options.fail_on = Some(s),
                            None => {
                                eprintln!(
                                    "--fail-on takes breaking, warning, info or never, not '{value}'"
                                );
                                return ExitCode::from(2);
                            }
                        },
                    },
                    "--severity" => {
                        use careconnect_codegen::diff::{Kind, Severity};
                        let parsed = value
                            .split_once('=')
                            .and_then(|(k, s)| Some((Kind::parse(k)?, Severity::parse(s)?)));
                        let Some((kind, severity)) = parsed else {
                            let kinds: Vec<String> = Kind::ALL.iter().map(|k| k.name()).collect();
                            eprintln!(
                                "--severity takes KIND=LEVEL (LEVEL: breaking, warning or info; \
                                 KIND: {}), not '{value}'",
                                kinds.join(", ")
                            );
                            return ExitCode::from(2);
                        };
                        options.severities.insert(kind, severity);
                    }
                    _ => options.report = Some(value.into()),
                }
            }
            "--deny-warnings" => options.config.deny_warnings = true,
            "--derive" => options.config.derive_support = true,
            "--xml" => options.config.xml_support = true,
            "--verbose" => options.verbose = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if !arg.starts_with('-') => options.positional.push(arg),
            _ => {
                eprintln!("unknown argument '{arg}'\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let result = match command.as_str() {
        "generate" | "include" => cmd_generate(&options),
        "lock" => cmd_lock(&options),
        "diff" => cmd_diff(&options),
        "explain" => cmd_explain(&options),
        "ir" => cmd_ir(&options),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("unknown command '{command}'\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn cmd_generate(options: &Options) -> careconnect_codegen::diag::Result<ExitCode> {
    let started = Instant::now();
    // Written at the end, so that a closed pipe (`| head`) loses output, not the run.
    let mut text = String::new();
    // The library's one entry point; warnings are denied there when asked.
    let compiled = match options.config.compile() {
        Err(careconnect_codegen::diag::Error::Denied { warnings }) => {
            for d in &warnings {
                eprintln!("{d}");
            }
            eprintln!(
                "error: {} warnings and --deny-warnings was given",
                warnings.len()
            );
            return Ok(ExitCode::FAILURE);
        }
        other => other?,
    };
    let (generated, summary) = (&compiled.generated, &compiled.summary);
    let lines: usize = generated
        .files
        .iter()
        .map(|f| f.contents.lines().count())
        .sum();
    let _ = writeln!(
        text,
        "generated {} files ({} lines): {} written, {} unchanged, {} removed",
        generated.files.len(),
        lines,
        summary.written,
        summary.unchanged,
        summary.removed
    );
    let report = generated.report();
    text.push_str(&report.summary());
    if options.verbose {
        for d in &generated.diagnostics {
            let _ = writeln!(text, "{d}");
        }
    }
    if let Some(path) = &options.report {
        let contents = if path.extension().is_some_and(|e| e == "json") {
            serde_json::to_string_pretty(&report).map_err(|e| {
                careconnect_codegen::diag::Error::Emit {
                    file: path.clone(),
                    message: e.to_string(),
                }
            })?
        } else {
            report.markdown()
        };
        std::fs::write(path, contents)
            .map_err(|e| careconnect_codegen::diag::Error::io(path, e))?;
        let _ = writeln!(text, "report written to {}", path.display());
    }
    let _ = writeln!(
        text,
        "took {:.2?} (load {:.2?}, generate {:.2?})",
        started.elapsed(),
        generated.load_time,
        generated.generate_time
    );
    print_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_diff(options: &Options) -> careconnect_codegen::diag::Result<ExitCode> {
    use careconnect_codegen::diff::{self, Report, Severity, Side};
    let root = careconnect_codegen::workspace_root();
    let old = options
        .old
        .clone()
        .unwrap_or_else(|| root.join(facts::FACTS_FILE));
    let new = options
        .new
        .clone()
        .unwrap_or_else(|| options.config.sources.clone());
    let started = Instant::now();
    let (a, own_a) = careconnect_codegen::lower_side(&options.config, &old)?;
    let (b, own_b) = careconnect_codegen::lower_side(&options.config, &new)?;
    let mut changes = diff::compare(&Side::of(&a, own_a), &Side::of(&b, own_b.clone()));
    diff::override_severities(&mut changes, &options.severities);
    // The bump applies to careconnect-models when the models are compared.
    let version = if own_b.is_empty() {
        workspace_version(&root)
    } else {
        None
    };
    let took = started.elapsed();
    let report = Report::new(
        old.display().to_string(),
        new.display().to_string(),
        changes,
        version,
    );
    let text = match options.format.as_str() {
        "json" => {
            serde_json::to_string_pretty(&report).map_err(|e| {
                careconnect_codegen::diag::Error::Emit {
                    file: "diff.json".into(),
                    message: e.to_string(),
                }
            })? + "\n"
        }
        "markdown" | "md" => report.markdown(),
        _ => format!("{}took {took:.2?}\n", report.text(options.verbose)),
    };
    print_stdout(&text)?;
    match options.fail_on {
        Some(level) if report.at_least(level) > 0 => {
            eprintln!(
                "{} changes at severity {} or above (--fail-on)",
                report.at_least(level),
                match level {
                    Severity::Breaking => "breaking",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                }
            );
            Ok(ExitCode::from(1))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The workspace's package version (`[workspace.package] version`), which
/// careconnect-models inherits.
fn workspace_version(root: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let value: toml::Value = toml::from_str(&text).ok()?;
    value
        .get("workspace")?
        .get("package")?
        .get("version")?
        .as_str()
        .map(str::to_owned)
}

fn cmd_explain(options: &Options) -> careconnect_codegen::diag::Result<ExitCode> {
    let [query] = options.positional.as_slice() else {
        eprintln!("explain needs one URL[#element-id] or type name\n\n{USAGE}");
        return Ok(ExitCode::from(2));
    };
    let lowered = careconnect_codegen::lower_only(&options.config)?;
    match careconnect_codegen::explain::explain(&lowered, query) {
        Ok(explanation) => {
            let text = if options.format == "json" {
                serde_json::to_string_pretty(&explanation).map_err(|e| {
                    careconnect_codegen::diag::Error::Emit {
                        file: "explain.json".into(),
                        message: e.to_string(),
                    }
                })? + "\n"
            } else {
                explanation.text()
            };
            print_stdout(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("error: {message}");
            Ok(ExitCode::from(2))
        }
    }
}

fn cmd_lock(options: &Options) -> careconnect_codegen::diag::Result<ExitCode> {
    let sources = options.config.read_sources()?;
    let n = load::write_lock(&sources)?;
    println!(
        "{} now records {n} input files; review the diff before committing",
        sources.lock_file.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn cmd_ir(options: &Options) -> careconnect_codegen::diag::Result<ExitCode> {
    let generated = run(&options.config)?;
    let ir = serde_json::json!({ "base": &generated.model, "profiles": &generated.profiles });
    let json =
        serde_json::to_string_pretty(&ir).map_err(|e| careconnect_codegen::diag::Error::Emit {
            file: "ir.json".into(),
            message: e.to_string(),
        })?;
    print_stdout(&format!("{json}\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth a panic.
fn print_stdout(text: &str) -> careconnect_codegen::diag::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(
            careconnect_codegen::diag::Error::io(std::path::Path::new("<stdout>"), e),
        ),
        _ => Ok(()),
    }
}
