//! Shared helpers for the integration tests: where the shared data is, and FHIR-aware
//! JSON comparison.
//!
//! The definitions and examples are never copied into this repository; tests read them
//! from `../shared` beside the checkout, or from the folders named by the environment
//! variables `CARECONNECT_DEFINITIONS` and `CARECONNECT_EXAMPLES`.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The examples folder (`../shared/examples` or `$CARECONNECT_EXAMPLES`); panics with
/// instructions when it is missing, so a test never passes by finding nothing.
pub fn examples_dir() -> PathBuf {
    let dir = match std::env::var_os("CARECONNECT_EXAMPLES") {
        Some(d) => PathBuf::from(d),
        None => workspace_root().join("..").join("shared").join("examples"),
    };
    assert!(
        dir.is_dir(),
        "the shared examples are missing at {}: put the `shared` folder beside the repository \
         or set CARECONNECT_EXAMPLES to its `examples` folder",
        dir.display()
    );
    dir
}

/// Every `.json` file directly in `dir`, sorted by name, with its bytes.
pub fn json_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "json").then_some(path)
        })
        .map(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Compares two JSON texts as FHIR content: objects by key (order free), arrays in order,
/// numbers by their exact text (`1.50` ≠ `1.5`, `1` ≠ `1.0`). Returns the path of the
/// first difference.
pub fn json_equal(expected: &[u8], actual: &[u8]) -> Result<(), String> {
    let a: Value = serde_json::from_slice(expected).map_err(|e| format!("expected: {e}"))?;
    let b: Value = serde_json::from_slice(actual).map_err(|e| format!("actual: {e}"))?;
    diff(&a, &b, &mut String::from("$"))
}

fn diff(a: &Value, b: &Value, path: &mut String) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let len = path.len();
                path.push('.');
                path.push_str(k);
                match y.get(k) {
                    Some(vb) => diff(va, vb, path)?,
                    None => return Err(format!("{path}: missing in output")),
                }
                path.truncate(len);
            }
            if let Some(k) = y.keys().find(|k| !x.contains_key(*k)) {
                return Err(format!("{path}.{k}: not in input"));
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: {} items in input, {} in output", x.len(), y.len()));
            }
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                diff(va, vb, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        // With `arbitrary_precision`, numbers compare by their text.
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: input {a}, output {b}")),
    }
}
