//! Shared helpers for the integration tests: where the shared data is, and FHIR-aware
//! JSON comparison.
//!
//! The definitions and examples are never copied into this repository; tests read them
//! from `../shared` beside the checkout, or from the folders named by the environment
//! variables `CARECONNECT_DEFINITIONS` and `CARECONNECT_EXAMPLES`.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use careconnect_models::rt::{ErrorKind, JsonReader, ReadOptions, json::Token};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
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
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// A JSON value with numbers kept as their text, for comparing FHIR content exactly.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number exactly as written.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Json::Null => write!(f, "null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Number(n) => write!(f, "{n}"),
            Json::String(s) => write!(f, "{s:?}"),
            Json::Array(a) => write!(f, "[{} items]", a.len()),
            Json::Object(o) => write!(f, "{{{} keys}}", o.len()),
        }
    }
}

/// Parses JSON into [`Json`] with the models' own reader (which keeps number text).
pub fn parse_json(bytes: &[u8]) -> Result<Json, String> {
    let options = ReadOptions {
        max_depth: 512,
        ..ReadOptions::default()
    };
    let mut r = JsonReader::new(bytes, options);
    let v = read_value(&mut r).map_err(|e| e.to_string())?;
    r.finish().map_err(|e| e.to_string())?;
    Ok(v)
}

fn read_value(r: &mut JsonReader<'_>) -> careconnect_models::rt::Result<Json> {
    Ok(match r.peek()? {
        Token::Null => {
            r.read_null()?;
            Json::Null
        }
        Token::Bool => Json::Bool(r.read_bool("a boolean")?),
        Token::Number => Json::Number(r.read_number("a number")?.to_string()),
        Token::String => Json::String(r.read_str("a string")?.into_owned()),
        Token::Array => {
            r.begin_array("an array")?;
            let mut items = Vec::new();
            let mut first = true;
            while r.next_item(&mut first)? {
                items.push(read_value(r)?);
            }
            Json::Array(items)
        }
        Token::Object => {
            r.begin_object("an object")?;
            let mut map = BTreeMap::new();
            let mut first = true;
            while let Some(key) = r.next_key(&mut first)? {
                let key = key.into_owned();
                let value = read_value(r)?;
                if map.insert(key.clone(), value).is_some() {
                    return Err(r.error(ErrorKind::DuplicateElement(key)));
                }
            }
            Json::Object(map)
        }
    })
}

/// Compares two JSON texts as FHIR content: objects by key (order free), arrays in order,
/// numbers by their exact text (`1.50` ≠ `1.5`, `1` ≠ `1.0`). Returns the path of the
/// first difference.
pub fn json_equal(expected: &[u8], actual: &[u8]) -> Result<(), String> {
    let a = parse_json(expected).map_err(|e| format!("expected: {e}"))?;
    let b = parse_json(actual).map_err(|e| format!("actual: {e}"))?;
    diff(&a, &b, &mut String::from("$"))
}

fn diff(a: &Json, b: &Json, path: &mut String) -> Result<(), String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
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
        (Json::Array(x), Json::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!(
                    "{path}: {} items in input, {} in output",
                    x.len(),
                    y.len()
                ));
            }
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                diff(va, vb, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: input {a}, output {b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_is_exact_on_numbers_and_free_on_key_order() {
        assert_eq!(
            json_equal(br#"{"a":1,"b":[1.50]}"#, br#"{"b":[1.50],"a":1}"#),
            Ok(())
        );
        assert_eq!(
            json_equal(br#"{"b":[1.50]}"#, br#"{"b":[1.5]}"#),
            Err("$.b[0]: input 1.50, output 1.5".into())
        );
        assert_eq!(
            json_equal(br#"{"a":1}"#, br#"{"a":1.0}"#),
            Err("$.a: input 1, output 1.0".into())
        );
        assert_eq!(
            json_equal(br#"{"a":1}"#, br#"{}"#),
            Err("$.a: missing in output".into())
        );
        assert_eq!(
            json_equal(br#"{}"#, br#"{"z":null}"#),
            Err("$.z: not in input".into())
        );
        assert!(json_equal(br#"[1,2]"#, br#"[2,1]"#).is_err());
        assert!(parse_json(br#"{"a":1,"a":2}"#).is_err());
    }
}
