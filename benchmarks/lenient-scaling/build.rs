//! Records the rustc that builds the benchmark, for the first line of its report.

use std::process::Command;

fn main() {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc)
        .arg("-V")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "rustc of unknown version".to_string());
    println!("cargo::rustc-env=BENCH_RUSTC_VERSION={version}");
    println!("cargo::rerun-if-changed=build.rs");
}
