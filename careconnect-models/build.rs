//! Tells the build scripts of dependent crates where the models' facts file is, and which
//! features the models were built with, so that `careconnect-codegen` can generate a
//! user's profile package on top of exactly these models (`DEP_CARECONNECT_MODELS_*`).

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let facts = std::path::Path::new(&dir).join("facts.jsonl");
    println!("cargo::metadata=facts={}", facts.display());
    for feature in ["derive", "serde", "xml"] {
        let on = std::env::var_os(format!("CARGO_FEATURE_{}", feature.to_uppercase())).is_some();
        println!("cargo::metadata={feature}={}", u8::from(on));
    }
    println!("cargo::rerun-if-changed=build.rs");
}
