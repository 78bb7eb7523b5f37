//! Rewrites `definitions/sources.lock` from the input files on disk.
//!
//! `cargo run -p careconnect-codegen --release --example lock` (until the CLI's `lock`
//! subcommand is wired to [`careconnect_codegen::load::write_lock`]).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let sources_toml = Path::new(env!("CARGO_MANIFEST_DIR")).join("../definitions/sources.toml");
    let result = careconnect_codegen::load::read_sources(&sources_toml)
        .and_then(|sources| Ok((careconnect_codegen::load::write_lock(&sources)?, sources)));
    match result {
        Ok((count, sources)) => {
            println!("{}: {count} input files", sources.lock_file.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
