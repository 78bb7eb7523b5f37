//! `careconnect-codegen`: regenerate the models, generate a user's profile packages,
//! compare two sets of definitions, explain what the generator made of one, rewrite the
//! input lock, dump the IR.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use careconnect_codegen::diff::{Kind, Severity};
use careconnect_codegen::{Config, Output, facts, load, run};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum, ValueHint};

/// Generates the careconnect models from the FHIR STU3 and Care Connect definitions
///
/// The definitions root comes from sources.toml; the CARECONNECT_DEFINITIONS environment
/// variable overrides it.
#[derive(Debug, Parser)]
#[command(
    name = "careconnect-codegen",
    version,
    verbatim_doc_comment,
    arg_required_else_help = true,
    after_help = "Run 'careconnect-codegen COMMAND --help' for a command's options.\n\
                  Exit status: 0 on success, 2 on an error (a usage error too); diff --fail-on:\n\
                  1 when a change is at the level given or above."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the models
    ///
    /// Writes careconnect-stu3/src/stu3, careconnect-models/src/careconnect and
    /// careconnect-models/facts.jsonl (only the files that change).
    #[command(verbatim_doc_comment)]
    Generate(GenerateArgs),
    /// Generate types for profile packages on top of careconnect-models
    ///
    /// Into one file for include!, as a build script's Config::compile does.
    #[command(verbatim_doc_comment)]
    Include(IncludeArgs),
    /// What a profile update changes in the generated Rust API and on the wire
    ///
    /// A SIDE is a sources.toml, a facts file, or a profile package (folder, NPM package
    /// folder, .tgz: on top of careconnect-models). By default the committed
    /// careconnect-models/facts.jsonl (what the models were generated from) is compared
    /// with the workspace's sources.toml (the files on disk now).
    #[command(verbatim_doc_comment)]
    Diff(DiffArgs),
    /// What the generator made of a definition or element, and why
    Explain(ExplainArgs),
    /// Rewrite definitions/sources.lock from the files on disk (review the diff!)
    Lock(SourcesArg),
    /// Print the intermediate representation as JSON
    Ir(SourcesArg),
    /// Print a shell completion script on stdout
    Completions {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
struct SourcesArg {
    /// definitions/sources.toml to read (default: the workspace's)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    sources: Option<PathBuf>,
}

/// What `generate` and `include` report.
#[derive(Debug, clap::Args)]
struct Reporting {
    /// Fail if any warning diagnostic is reported
    #[arg(long)]
    deny_warnings: bool,
    /// Print every diagnostic, not only the summary
    #[arg(long)]
    verbose: bool,
    /// Write the full generation report (FILE.md: Markdown, FILE.json: JSON)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    report: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    #[command(flatten)]
    sources: SourcesArg,
    /// Output root (default: the workspace root)
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    out: Option<PathBuf>,
    #[command(flatten)]
    reporting: Reporting,
}

#[derive(Debug, clap::Args)]
struct IncludeArgs {
    #[command(flatten)]
    sources: SourcesArg,
    /// The folder to write the include file into
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    out: PathBuf,
    /// A profile package (folder, NPM package folder or .tgz); repeatable
    #[arg(long = "package", value_name = "PATH", value_hint = ValueHint::AnyPath)]
    packages: Vec<PathBuf>,
    /// Generate only this profile (URL or type name) and what it uses; repeatable
    #[arg(long = "profile", value_name = "URL")]
    profiles: Vec<String>,
    /// The models' facts file (default: the workspace's)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    facts: Option<PathBuf>,
    /// Generate what #[derive(Profiled)] needs
    #[arg(long)]
    derive: bool,
    /// Generate FHIR XML support
    #[arg(long)]
    xml: bool,
    /// Generate the serde impls of the profile types (the models' `serde` feature)
    #[arg(long)]
    serde: bool,
    #[command(flatten)]
    reporting: Reporting,
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    #[command(flatten)]
    sources: SourcesArg,
    /// The old side (default: the committed careconnect-models/facts.jsonl)
    #[arg(long, value_name = "SIDE", value_hint = ValueHint::AnyPath)]
    old: Option<PathBuf>,
    /// The new side (default: the sources.toml read, the files on disk now)
    #[arg(long, value_name = "SIDE", value_hint = ValueHint::AnyPath)]
    new: Option<PathBuf>,
    /// The output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit with status 1 when a change is at LEVEL or above
    #[arg(
        long,
        value_name = "LEVEL",
        value_parser = PossibleValuesParser::new(["breaking", "warning", "info", "never"])
            .map(|level: String| Gate(Severity::parse(&level)))
    )]
    fail_on: Option<Gate>,
    /// Give the changes of a kind another severity (LEVEL: breaking, warning or info); repeatable
    #[arg(long = "severity", value_name = "KIND=LEVEL", value_parser = parse_severity)]
    severities: Vec<(Kind, Severity)>,
    /// The models' facts file a package side is read on top of (default: the workspace's)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    facts: Option<PathBuf>,
    /// List every change in full
    #[arg(long)]
    verbose: bool,
}

/// `diff --fail-on`: the severity at which the exit status is 1 (`None`: never).
#[derive(Debug, Clone, Copy)]
struct Gate(Option<Severity>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    #[value(alias = "md")]
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    #[command(flatten)]
    sources: SourcesArg,
    /// A canonical URL, with #element-id for one element, or a generated type name
    #[arg(value_name = "URL[#ELEMENT-ID]|TYPE")]
    query: String,
    /// The output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExplainFormat {
    Text,
    Json,
}

/// Reads `--severity KIND=LEVEL`; the error lists the kinds.
fn parse_severity(text: &str) -> Result<(Kind, Severity), String> {
    text.split_once('=')
        .and_then(|(k, s)| Some((Kind::parse(k)?, Severity::parse(s)?)))
        .ok_or_else(|| {
            let kinds: Vec<String> = Kind::ALL.iter().map(|k| k.name()).collect();
            format!(
                "expected KIND=LEVEL (LEVEL: breaking, warning or info; KIND: {})",
                kinds.join(", ")
            )
        })
}

/// The workspace's configuration, reading `sources` if given.
fn config(sources: &SourcesArg) -> Config {
    let mut config =
        Config::workspace().with_definitions_root(std::env::var_os(load::DEFINITIONS_ENV));
    if let Some(path) = &sources.sources {
        config.sources = path.clone();
    }
    config
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout and exit 0; usage errors to stderr, exit 2.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let result = match cli.command {
        Command::Generate(args) => {
            let mut config = config(&args.sources);
            if let Some(out) = args.out {
                config.out_dir = out;
            }
            config.deny_warnings = args.reporting.deny_warnings;
            cmd_generate(&config, &args.reporting)
        }
        Command::Include(args) => {
            let mut config = config(&args.sources);
            config.output = Output::Include {
                file: careconnect_codegen::INCLUDE_FILE.into(),
            };
            config.facts =
                Some(args.facts.unwrap_or_else(|| {
                    careconnect_codegen::workspace_root().join(facts::FACTS_FILE)
                }));
            config.out_dir = args.out;
            config.packages = args.packages;
            config.profiles = args.profiles;
            config.derive_support = args.derive;
            config.xml_support = args.xml;
            config.serde_support = args.serde;
            config.deny_warnings = args.reporting.deny_warnings;
            cmd_generate(&config, &args.reporting)
        }
        Command::Diff(args) => cmd_diff(&args),
        Command::Explain(args) => cmd_explain(&args),
        Command::Lock(sources) => cmd_lock(&config(&sources)),
        Command::Ir(sources) => cmd_ir(&config(&sources)),
        Command::Completions { shell } => {
            // Into a buffer first: the generator panics on a write error (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "careconnect-codegen",
                &mut script,
            );
            print_stdout(&String::from_utf8_lossy(&script)).map(|()| ExitCode::SUCCESS)
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

fn cmd_generate(
    config: &Config,
    reporting: &Reporting,
) -> careconnect_codegen::diag::Result<ExitCode> {
    let started = Instant::now();
    // Written at the end, so that a closed pipe (`| head`) loses output, not the run.
    let mut text = String::new();
    // The library's one entry point; warnings are denied there when asked.
    let compiled = match config.compile() {
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
    if reporting.verbose {
        for d in &generated.diagnostics {
            let _ = writeln!(text, "{d}");
        }
    }
    if let Some(path) = &reporting.report {
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

fn cmd_diff(args: &DiffArgs) -> careconnect_codegen::diag::Result<ExitCode> {
    use careconnect_codegen::diff::{self, Report, Side};
    let mut config = config(&args.sources);
    config.facts.clone_from(&args.facts);
    let root = careconnect_codegen::workspace_root();
    let old = args
        .old
        .clone()
        .unwrap_or_else(|| root.join(facts::FACTS_FILE));
    let new = args.new.clone().unwrap_or_else(|| config.sources.clone());
    let severities: BTreeMap<Kind, Severity> = args.severities.iter().copied().collect();
    let started = Instant::now();
    let (a, own_a) = careconnect_codegen::lower_side(&config, &old)?;
    let (b, own_b) = careconnect_codegen::lower_side(&config, &new)?;
    let mut changes = diff::compare(&Side::of(&a, own_a), &Side::of(&b, own_b.clone()));
    diff::override_severities(&mut changes, &severities);
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
    let text = match args.format {
        DiffFormat::Json => {
            serde_json::to_string_pretty(&report).map_err(|e| {
                careconnect_codegen::diag::Error::Emit {
                    file: "diff.json".into(),
                    message: e.to_string(),
                }
            })? + "\n"
        }
        DiffFormat::Markdown => report.markdown(),
        DiffFormat::Text => format!("{}took {took:.2?}\n", report.text(args.verbose)),
    };
    print_stdout(&text)?;
    match args.fail_on.and_then(|gate| gate.0) {
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

fn cmd_explain(args: &ExplainArgs) -> careconnect_codegen::diag::Result<ExitCode> {
    let lowered = careconnect_codegen::lower_only(&config(&args.sources))?;
    match careconnect_codegen::explain::explain(&lowered, &args.query) {
        Ok(explanation) => {
            let text = if args.format == ExplainFormat::Json {
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

fn cmd_lock(config: &Config) -> careconnect_codegen::diag::Result<ExitCode> {
    let sources = config.read_sources()?;
    let n = load::write_lock(&sources)?;
    println!(
        "{} now records {n} input files; review the diff before committing",
        sources.lock_file.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn cmd_ir(config: &Config) -> careconnect_codegen::diag::Result<ExitCode> {
    let generated = run(config)?;
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
