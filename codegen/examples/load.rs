//! Loads the packages of `definitions/sources.toml` and prints counts, diagnostics by kind
//! and the time taken: `cargo run -p careconnect-codegen --release --example load [-- -v]`
//! (`-v` prints every diagnostic).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use careconnect_codegen::load;

fn main() -> ExitCode {
    let verbose = std::env::args().any(|a| a == "-v");
    let sources_toml = Path::new(env!("CARGO_MANIFEST_DIR")).join("../definitions/sources.toml");
    let root = std::env::var_os(load::DEFINITIONS_ENV)
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from);
    let sources = match load::read_sources(&sources_toml, root.as_deref()) {
        Ok(sources) => sources,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let start = Instant::now();
    let files = match load::check_lock(&sources) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let read_and_hashed = start.elapsed();
    let registry = match load::load_inputs(&sources, &files) {
        Ok(registry) => registry,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let total = start.elapsed();
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "{} files, {:.1} MB: read + sha256 {:.0} ms, parse + resolve {:.0} ms, total {:.0} ms",
        files.len(),
        bytes as f64 / 1e6,
        read_and_hashed.as_secs_f64() * 1e3,
        (total - read_and_hashed).as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3
    );
    println!(
        "{} structure definitions, {} value sets, {} code systems",
        registry.structure_definitions.len(),
        registry.value_sets.len(),
        registry.code_systems.len()
    );
    let mut by_kind: BTreeMap<_, usize> = BTreeMap::new();
    for d in &registry.diagnostics {
        *by_kind.entry((d.kind, d.severity)).or_default() += 1;
        if verbose {
            println!("{d}");
        }
    }
    for ((kind, severity), count) in by_kind {
        println!("{count:5} {severity:?} {kind:?}");
    }
    ExitCode::SUCCESS
}
