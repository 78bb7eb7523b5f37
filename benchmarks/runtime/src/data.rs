//! Where the shared examples are, and reading them into memory. Nothing here is ever
//! copied into the repository: the files are read at run time from `../shared/examples`
//! beside the checkout, or from `$CARECONNECT_EXAMPLES`.

use std::path::{Path, PathBuf};

/// One input file, held in memory.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The path below the folder it was listed from (`/`-separated).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The examples folder, or an error that says how to provide it.
pub fn examples_dir() -> Result<PathBuf, String> {
    let dir = match std::env::var_os("CARECONNECT_EXAMPLES") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/examples"),
    };
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "the shared examples are missing at {}: put the `shared` folder beside the \
             repository or set CARECONNECT_EXAMPLES to its `examples` folder",
            dir.display()
        ))
    }
}

/// A folder below the examples folder, which must exist.
pub fn examples_subdir(name: &str) -> Result<PathBuf, String> {
    let dir = examples_dir()?.join(name);
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "{} is missing from the shared examples",
            dir.display()
        ))
    }
}

/// Every file directly in `dir` whose name ends in `.{extension}`, sorted by name.
pub fn files(dir: &Path, extension: &str) -> Result<Vec<Doc>, String> {
    let mut docs = Vec::new();
    collect(dir, dir, extension, false, &mut docs)?;
    Ok(docs)
}

/// Every file in `dir` or below whose name ends in `.{extension}`, sorted by path.
pub fn files_recursive(dir: &Path, extension: &str) -> Result<Vec<Doc>, String> {
    let mut docs = Vec::new();
    collect(dir, dir, extension, true, &mut docs)?;
    Ok(docs)
}

fn collect(
    root: &Path,
    dir: &Path,
    extension: &str,
    recurse: bool,
    docs: &mut Vec<Doc>,
) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if recurse {
                collect(root, &path, extension, recurse, docs)?;
            }
        } else if path.extension().is_some_and(|e| e == extension) {
            let bytes =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            docs.push(Doc { name, bytes });
        }
    }
    Ok(())
}

/// Total bytes of some documents.
pub fn total_bytes<'a>(docs: impl IntoIterator<Item = &'a Doc>) -> usize {
    docs.into_iter().map(|d| d.bytes.len()).sum()
}
