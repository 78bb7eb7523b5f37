//! Generates the profile types this crate uses, on top of careconnect-models.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    // The NHS package is not part of the repository: it is read from the definitions
    // folder beside the checkout, or from CARECONNECT_DEFINITIONS.
    println!("cargo:rerun-if-env-changed=CARECONNECT_DEFINITIONS");
    let definitions = match std::env::var_os("CARECONNECT_DEFINITIONS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => here.join("../../../shared/definitions"),
    };
    let nhs = definitions.join("nhs-derived-dev");
    if !nhs.is_dir() {
        return Err(format!(
            "{} not found: put the `shared` folder beside the checkout or set \
             CARECONNECT_DEFINITIONS to the folder holding nhs-derived-dev",
            nhs.display()
        )
        .into());
    }

    // NHS Digital's profiles (eRS, NRL, ODS, End of Life, ...): every definition.
    careconnect_codegen::Config::new()
        .package(nhs)
        .include_file("nhs_profiles.rs")
        .compile()?;

    // A trust's own profiles, derived from Care Connect ones.
    careconnect_codegen::Config::new()
        .package(here.join("../../definitions/fixtures/trust-package"))
        .include_file("trust_profiles.rs")
        .deny_warnings(false)
        .compile()?;
    Ok(())
}
