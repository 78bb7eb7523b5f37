//! Generates the trust fixture package (`definitions/fixtures/trust-package`) on top of
//! careconnect-models, the way a user's build script does: the compile-fail cases
//! (`tests/ui-trust/`) and `tests/trust_profiles.rs` use the types as `careconnect_tests::trust`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let here = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    careconnect_codegen::Config::new()
        .package(here.join("../definitions/fixtures/trust-package"))
        .include_file("trust_profiles.rs")
        .compile()?;
    Ok(())
}
