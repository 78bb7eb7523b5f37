//! The large-file commands behind `benchmarks/memory.sh`: writing a big Bundle out of the
//! spec examples, and parsing a file in a process of its own (so that its peak RSS is
//! what that one parse needed).

use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use careconnect_models::rt::FhirJson;
use careconnect_models::stu3::Bundle;
use fhir_model::stu3::resources as fm;
use serde_json::Value;

use crate::spec::SpecCorpus;

/// Writes a `collection` Bundle of at least `min_bytes` to `out`: the spec examples all
/// three readers read, each as it is (whitespace kept) as one entry's resource, repeated
/// until the size is reached.
pub fn make_bundle(out: &Path, min_bytes: usize) -> Result<(), String> {
    let spec = SpecCorpus::load()?;
    let docs = spec.docs(&spec.read_by_all());
    if docs.is_empty() {
        return Err("no spec example that all three readers read".into());
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let file =
        std::fs::File::create(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut w = std::io::BufWriter::new(file);
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", out.display());
    let head =
        br#"{"resourceType":"Bundle","id":"runtime-benchmark","type":"collection","entry":["#;
    w.write_all(head).map_err(fail)?;
    let mut written = head.len();
    let mut entries = 0usize;
    let mut copies = 0usize;
    while written < min_bytes {
        copies += 1;
        for d in &docs {
            let sep: &[u8] = if entries == 0 { b"\n" } else { b",\n" };
            let resource = d.bytes.trim_ascii();
            for part in [sep, b"{\"resource\":", resource, b"}"] {
                w.write_all(part).map_err(fail)?;
                written += part.len();
            }
            entries += 1;
        }
    }
    w.write_all(b"\n]}\n").map_err(fail)?;
    written += 4;
    w.flush().map_err(fail)?;
    eprintln!(
        "wrote {}: {written} bytes, {entries} entries ({copies} copies of the {} spec examples \
         all three readers read)",
        out.display(),
        docs.len()
    );
    Ok(())
}

/// Which reader `parse-file` uses.
#[derive(Debug, Clone, Copy)]
pub enum Reader {
    Ours,
    Value,
    FhirModel,
}

impl Reader {
    pub fn parse(name: &str) -> Option<Reader> {
        match name {
            "ours" => Some(Reader::Ours),
            "value" => Some(Reader::Value),
            "fhir-model" => Some(Reader::FhirModel),
            _ => None,
        }
    }
}

/// Reads `path` into memory, parses it as a Bundle with `reader` and prints one line:
/// the reader, bytes, parse time, throughput and entry count. The parsed value is kept
/// until after the line is printed.
pub fn parse_file(reader: Reader, path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // The parsed value lives in one of these until after the line is printed, so that it
    // is in the peak RSS and its drop is not in the parse time.
    let mut ours: Option<Bundle> = None;
    let mut value: Option<Value> = None;
    let mut fhir: Option<fm::Bundle> = None;
    let start = Instant::now();
    let (name, entries) = match reader {
        Reader::Ours => {
            let b = Bundle::from_json(&bytes).map_err(|e| format!("ours: {e}"))?;
            let n = b.entry.len();
            ours = Some(b);
            ("ours (Bundle)", n)
        }
        Reader::Value => {
            let v: Value =
                serde_json::from_slice(&bytes).map_err(|e| format!("serde_json: {e}"))?;
            let n = v.get("entry").and_then(Value::as_array).map_or(0, Vec::len);
            value = Some(v);
            ("serde_json::Value", n)
        }
        Reader::FhirModel => {
            let b: fm::Bundle =
                serde_json::from_slice(&bytes).map_err(|e| format!("fhir-model: {e}"))?;
            let n = b.entry.len();
            fhir = Some(b);
            ("fhir-model (Bundle)", n)
        }
    };
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name}: parsed {} bytes in {secs:.3} s ({:.1} MB/s), {entries} entries",
        bytes.len(),
        bytes.len() as f64 / secs / 1e6
    );
    black_box((&ours, &value, &fhir));
    Ok(())
}
