//! Writes seeds for the `xml_resource` target: reads each FHIR JSON file named on the
//! command line as a resource and writes it as FHIR XML into the output folder (the spec
//! examples are JSON only). Files that do not read, or whose XML is larger than the limit,
//! are listed on stderr and skipped.
//!
//! ```text
//! cargo run --example xml_seeds -- OUT_DIR MAX_BYTES FILE.json...
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use careconnect_stu3::rt::{FhirJson, FhirXml};
use careconnect_stu3::stu3::Resource;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(out), Some(max)) = (args.next(), args.next()) else {
        eprintln!("usage: xml_seeds OUT_DIR MAX_BYTES FILE.json...");
        return ExitCode::FAILURE;
    };
    let Some(max) = max.to_str().and_then(|m| m.parse::<usize>().ok()) else {
        eprintln!("MAX_BYTES must be a number of bytes");
        return ExitCode::FAILURE;
    };
    let out = PathBuf::from(out);
    let (mut written, mut skipped) = (0, 0);
    for file in args.map(PathBuf::from) {
        match convert(&file, max) {
            Ok(xml) => {
                let stem = file.file_stem().unwrap_or_default().to_string_lossy();
                let target = out.join(format!("{stem}.xml"));
                if let Err(e) = std::fs::write(&target, xml) {
                    eprintln!("{}: {e}", target.display());
                    return ExitCode::FAILURE;
                }
                written += 1;
            }
            Err(why) => {
                eprintln!("skipped {}: {why}", file.display());
                skipped += 1;
            }
        }
    }
    eprintln!(
        "{written} XML seeds written to {}, {skipped} skipped",
        out.display()
    );
    ExitCode::SUCCESS
}

fn convert(file: &Path, max: usize) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let resource = Resource::from_json(&bytes).map_err(|e| e.to_string())?;
    let xml = resource.to_xml_pretty();
    if xml.len() > max {
        return Err(format!("{} bytes as XML, over {max}", xml.len()));
    }
    Ok(xml)
}
