//! Shared helpers for the integration tests: where the shared data is, FHIR-aware JSON
//! comparison and XML infoset comparison.
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
/// The generator's configuration for this repository, with the definitions root from
/// `CARECONNECT_DEFINITIONS` when it is set (as the `careconnect-codegen` command does).
pub fn codegen_config() -> careconnect_codegen::Config {
    careconnect_codegen::Config::workspace()
        .with_definitions_root(std::env::var_os(careconnect_codegen::load::DEFINITIONS_ENV))
}

/// The real definition packages as `careconnect_codegen::run` reads them: loaded (lock
/// checked), snapshots generated, fixups applied. Panics, saying where to put them, when
/// they are missing.
pub fn real_packages() -> careconnect_codegen::load::model::Registry {
    let config = codegen_config();
    let sources = config.read_sources().unwrap_or_else(|e| {
        panic!(
            "{e}\nthis test reads the real definition packages: put the `shared` folder beside \
             the repository or set CARECONNECT_DEFINITIONS to its `definitions` folder"
        )
    });
    let mut registry = careconnect_codegen::load::load(&sources)
        .unwrap_or_else(|e| panic!("loading the definitions failed: {e}"));
    careconnect_codegen::snapshot::generate_snapshots(&mut registry);
    careconnect_codegen::fixups::apply(&mut registry)
        .unwrap_or_else(|e| panic!("the fixups failed: {e}"));
    registry
}

/// Adds every `.json`/`.xml` file under `dir` to `registry` as package `package`, ranked
/// after the packages already there (as `sources.toml` would list it last), and generates
/// the snapshots of its differentials; returns the findings of loading and snapshot
/// generation. A file that replaces a resource of another package is refused.
pub fn add_package(
    registry: &mut careconnect_codegen::load::model::Registry,
    package: &str,
    dir: &Path,
) -> Vec<careconnect_codegen::diag::Diagnostic> {
    use careconnect_codegen::load::{Resource, load_file};
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
                .path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json" || e == "xml") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "{} has no definitions", dir.display());
    let mut findings = Vec::new();
    for path in paths {
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let relative = path.strip_prefix(dir).unwrap_or(&path);
        let file = Path::new(package).join(relative);
        let (resource, diagnostics) = load_file(&file, &bytes, package)
            .unwrap_or_else(|e| panic!("{} does not load: {e}", file.display()));
        findings.extend(diagnostics);
        let added = match resource {
            Some(Resource::StructureDefinition(r)) => registry
                .structure_definitions
                .insert(r.url.clone(), r)
                .is_none(),
            Some(Resource::ValueSet(r)) => registry.value_sets.insert(r.url.clone(), r).is_none(),
            Some(Resource::CodeSystem(r)) => {
                registry.code_systems.insert(r.url.clone(), r).is_none()
            }
            // Resources the generator does not read (ConceptMap, ...).
            None => true,
        };
        assert!(
            added,
            "{} reuses a URL of an earlier package: it must add, not replace",
            file.display()
        );
    }
    registry.packages.push(package.to_string());
    findings.extend(careconnect_codegen::snapshot::generate_snapshots(registry));
    findings
}

/// Whether a generated file is an index file: it lists every item of its layer or folder
/// (the modules, the code enums, the shared structs, the profiled resources, the target
/// markers), so a new package adds lines to it. Each item is lines of its own: every line
/// it had stays, in order.
pub fn is_index_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "mod.rs" | "profiled.rs" | "targets.rs")
}

/// The files of `before` that `after` does not keep: changed or missing (index files may
/// only gain lines).
pub fn changed_files(
    before: &[careconnect_codegen::write::FormattedFile],
    after: &[careconnect_codegen::write::FormattedFile],
) -> Vec<String> {
    let after: BTreeMap<&str, &str> = after
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let mut changed = Vec::new();
    for f in before {
        let Some(now) = after.get(f.path.as_str()) else {
            changed.push(format!("{} (missing)", f.path));
            continue;
        };
        let kept = if is_index_file(&f.path) {
            let mut lines = now.lines();
            f.contents.lines().all(|l| lines.any(|n| n == l))
        } else {
            *now == f.contents
        };
        if !kept {
            changed.push(f.path.clone());
        }
    }
    changed
}

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

/// Spec examples that are not valid FHIR 3.0.1: the file, why, and the start of the error
/// the JSON reader must give for it (checked, so the list cannot go stale).
pub const SPEC_NOT_VALID_STU3: &[(&str, &str, &str)] = &[
    (
        "ActivityDefinition-blood-tubes-supply.json",
        "txt-2: the narrative div holds only whitespace",
        "parse: ActivityDefinition.text.div: txt-2:",
    ),
    (
        "ActivityDefinition-heart-valve-replacement.json",
        "txt-2: the narrative div holds only whitespace",
        "parse: ActivityDefinition.text.div: txt-2:",
    ),
    (
        "Patient-null.json",
        "dom-1: the contained Organization has a narrative",
        "parse: Patient.contained[1].ofType(Organization).text: dom-1:",
    ),
    (
        "Questionnaire-qs1.json",
        "Questionnaire.item.linkId is 1..1 in STU3, but item[0].item[0] (a display item) has none",
        "parse: Questionnaire.item[0].item[0]: missing required element 'linkId'",
    ),
    (
        "Questionnaire-zika-virus-exposure-assessment.json",
        "txt-2: the narrative div holds only whitespace",
        "parse: Questionnaire.text.div: txt-2:",
    ),
];

/// Every `.json` file directly in `dir`, sorted by name, with its bytes.
pub fn json_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_with_extension(dir, "json")
}

/// Every `.xml` file directly in `dir`, sorted by name, with its bytes.
pub fn xml_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_with_extension(dir, "xml")
}

fn files_with_extension(dir: &Path, extension: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == extension).then_some(path)
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

impl Json {
    /// Writes the value as compact JSON text, numbers exactly as read.
    pub fn to_json_text(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_json_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_to(out);
                }
                out.push(']');
            }
            Json::Object(map) => {
                out.push('{');
                for (i, (key, value)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(key, out);
                    out.push(':');
                    value.write_to(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
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

/// An XML name: namespace URI (`None` for no namespace) and local name.
pub type XmlName<'a> = (Option<&'a str>, &'a str);

/// Compares two XML documents as infosets: the same elements (namespace URI and local
/// name) in the same order, the same attributes (namespace URI, local name, value; in any
/// order; namespace declarations are not attributes), the same text where it is not
/// whitespace only. Comments, processing instructions, the XML declaration, namespace
/// prefixes and whitespace-only text are ignored; text on either side of a comment is
/// one text. Returns the first difference with its element path
/// (`/Bundle/entry[3]/resource/Patient/name`, 0-based indexes among same-named siblings,
/// shown where a name repeats) and its line in each document.
pub fn xml_equal(expected: &[u8], actual: &[u8]) -> Result<(), String> {
    xml_equal_except(expected, actual, &[])
}

/// Like [`xml_equal`], but skips the named attributes of the root element of `expected`
/// (attributes the reader is documented not to keep). `actual` is not given the same
/// leniency: an output that has them is a difference.
pub fn xml_equal_except(
    expected: &[u8],
    actual: &[u8],
    skip_root_attributes: &[XmlName<'_>],
) -> Result<(), String> {
    let a_text = xml_text(expected).map_err(|e| format!("expected: {e}"))?;
    let b_text = xml_text(actual).map_err(|e| format!("actual: {e}"))?;
    let a = roxmltree::Document::parse(a_text).map_err(|e| format!("expected: {e}"))?;
    let b = roxmltree::Document::parse(b_text).map_err(|e| format!("actual: {e}"))?;
    let (ra, rb) = (a.root_element(), b.root_element());
    let mut path = format!("/{}", ra.tag_name().name());
    if xml_name(ra) != xml_name(rb) {
        return Err(format!(
            "{path}: root element {} in input, {} in output",
            describe_element(ra),
            describe_element(rb)
        ));
    }
    compare_elements(ra, rb, skip_root_attributes, &mut path)
}

fn xml_text(bytes: &[u8]) -> Result<&str, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

fn xml_name<'a>(n: roxmltree::Node<'a, '_>) -> XmlName<'a> {
    let name = n.tag_name();
    (name.namespace(), name.name())
}

fn line_of(n: roxmltree::Node<'_, '_>) -> u32 {
    n.document().text_pos_at(n.range().start).row
}

fn display_name((namespace, local): XmlName<'_>) -> String {
    match namespace {
        Some(ns) => format!("{{{ns}}}{local}"),
        None => local.to_string(),
    }
}

fn describe_element(n: roxmltree::Node<'_, '_>) -> String {
    format!("<{}> (line {})", display_name(xml_name(n)), line_of(n))
}

fn describe_text(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}...", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// The children that count in an infoset comparison.
enum XmlItem<'a, 'i> {
    Element(roxmltree::Node<'a, 'i>),
    /// Text that is not whitespace only (adjacent text joined across comments and
    /// processing instructions), with the node it starts in.
    Text(String, roxmltree::Node<'a, 'i>),
}

impl XmlItem<'_, '_> {
    fn describe(&self) -> String {
        match self {
            XmlItem::Element(n) => format!("element {}", describe_element(*n)),
            XmlItem::Text(t, n) => format!("text {} (line {})", describe_text(t), line_of(*n)),
        }
    }
}

fn xml_items<'a, 'i>(n: roxmltree::Node<'a, 'i>) -> Vec<XmlItem<'a, 'i>> {
    type Pending<'a, 'i> = Option<(String, roxmltree::Node<'a, 'i>)>;
    fn flush<'a, 'i>(text: &mut Pending<'a, 'i>, out: &mut Vec<XmlItem<'a, 'i>>) {
        if let Some((t, node)) = text.take()
            && !t.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
        {
            out.push(XmlItem::Text(t, node));
        }
    }
    let mut out = Vec::new();
    let mut text: Pending<'a, 'i> = None;
    for child in n.children() {
        if child.is_element() {
            flush(&mut text, &mut out);
            out.push(XmlItem::Element(child));
        } else if let Some(t) = child.is_text().then(|| child.text()).flatten() {
            match &mut text {
                Some((acc, _)) => acc.push_str(t),
                None => text = Some((t.to_string(), child)),
            }
        }
    }
    flush(&mut text, &mut out);
    out
}

fn xml_attributes<'a>(
    n: roxmltree::Node<'a, '_>,
    skip: &[XmlName<'_>],
) -> Vec<(XmlName<'a>, &'a str)> {
    let mut attrs: Vec<(XmlName<'a>, &'a str)> = n
        .attributes()
        .map(|a| ((a.namespace(), a.name()), a.value()))
        .filter(|(name, _)| !skip.contains(name))
        .collect();
    attrs.sort();
    attrs
}

fn compare_elements(
    a: roxmltree::Node<'_, '_>,
    b: roxmltree::Node<'_, '_>,
    skip_attributes: &[XmlName<'_>],
    path: &mut String,
) -> Result<(), String> {
    // Lines are found by scanning the document: only for the message of a difference.
    let lines = || format!("input line {}, output line {}", line_of(a), line_of(b));
    let (attrs_a, attrs_b) = (xml_attributes(a, skip_attributes), xml_attributes(b, &[]));
    for (name, value) in &attrs_a {
        match attrs_b.iter().find(|(n, _)| n == name) {
            None => {
                return Err(format!(
                    "{path}: attribute '{}' missing in output ({})",
                    display_name(*name),
                    lines()
                ));
            }
            Some((_, v)) if v != value => {
                return Err(format!(
                    "{path}: attribute '{}' is {value:?} in input, {v:?} in output ({})",
                    display_name(*name),
                    lines()
                ));
            }
            Some(_) => {}
        }
    }
    if let Some((name, value)) = attrs_b
        .iter()
        .find(|(n, _)| !attrs_a.iter().any(|(m, _)| m == n))
    {
        return Err(format!(
            "{path}: attribute '{}' = {value:?} not in input ({})",
            display_name(*name),
            lines()
        ));
    }

    let (items_a, items_b) = (xml_items(a), xml_items(b));
    let mut totals: BTreeMap<XmlName<'_>, usize> = BTreeMap::new();
    for item in &items_a {
        if let XmlItem::Element(n) = item {
            *totals.entry(xml_name(*n)).or_default() += 1;
        }
    }
    let mut seen: BTreeMap<XmlName<'_>, usize> = BTreeMap::new();
    for i in 0..items_a.len().max(items_b.len()) {
        match (items_a.get(i), items_b.get(i)) {
            (Some(XmlItem::Element(ca)), Some(XmlItem::Element(cb))) => {
                let name = xml_name(*ca);
                let index = seen.entry(name).or_default();
                let len = path.len();
                path.push('/');
                path.push_str(name.1);
                if totals.get(&name).copied().unwrap_or(0) > 1 {
                    path.push_str(&format!("[{index}]"));
                }
                *index += 1;
                if name != xml_name(*cb) {
                    return Err(format!(
                        "{path}: element {} in input, {} in output",
                        describe_element(*ca),
                        describe_element(*cb)
                    ));
                }
                compare_elements(*ca, *cb, &[], path)?;
                path.truncate(len);
            }
            (Some(XmlItem::Text(ta, na)), Some(XmlItem::Text(tb, nb))) => {
                if ta != tb {
                    return Err(format!(
                        "{path}: text {} in input, {} in output (input line {}, output line {})",
                        describe_text(ta),
                        describe_text(tb),
                        line_of(*na),
                        line_of(*nb)
                    ));
                }
            }
            (Some(x), Some(y)) => {
                return Err(format!(
                    "{path}: child {i} is {} in input, {} in output",
                    x.describe(),
                    y.describe()
                ));
            }
            (Some(x), None) => {
                return Err(format!("{path}: {} missing in output", x.describe()));
            }
            (None, Some(y)) => {
                return Err(format!("{path}: {} not in input", y.describe()));
            }
            (None, None) => {}
        }
    }
    Ok(())
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

    #[test]
    fn json_text_round_trips_through_the_reader() {
        let text = r#"{"a":[1.50,-2e3,true,null],"b":"q\"\\\n\t\u0001é","c":{}}"#;
        let v = parse_json(text.as_bytes()).expect("valid JSON");
        assert_eq!(
            v.to_json_text(),
            r#"{"a":[1.50,-2e3,true,null],"b":"q\"\\\n\t\u0001é","c":{}}"#
        );
        assert_eq!(parse_json(v.to_json_text().as_bytes()), Ok(v));
    }

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Patient xmlns="http://hl7.org/fhir">
  <!-- a comment -->
  <id value="p1"/>
  <text>
    <status value="generated"/>
    <div xmlns="http://www.w3.org/1999/xhtml"><p>a <b>b</b> c</p></div>
  </text>
  <name><family value="x"/><given value="y"/><given value="z"/></name>
</Patient>"#;

    #[test]
    fn xml_comparison_ignores_layout_comments_declaration_and_prefixes() {
        let same = concat!(
            r#"<f:Patient xmlns:f="http://hl7.org/fhir"><?pi x?><f:id value="p1"></f:id>"#,
            r#"<f:text><f:status value="generated"/>"#,
            r#"<x:div xmlns:x="http://www.w3.org/1999/xhtml"><x:p>a <x:b>b</x:b><!-- c --> c</x:p></x:div>"#,
            r#"</f:text><f:name><f:family value="x"/><f:given value="y"/><f:given value="z"/></f:name></f:Patient>"#
        );
        assert_eq!(xml_equal(XML.as_bytes(), same.as_bytes()), Ok(()));
    }

    #[test]
    fn xml_comparison_reports_the_first_difference_with_its_path() {
        let changed = XML.replace(r#"<given value="z"/>"#, r#"<given value="q"/>"#);
        assert_eq!(
            xml_equal(XML.as_bytes(), changed.as_bytes()),
            Err(r#"/Patient/name/given[1]: attribute 'value' is "z" in input, "q" in output (input line 9, output line 9)"#.into())
        );
        let reordered = XML.replace(
            r#"<family value="x"/><given value="y"/>"#,
            r#"<given value="y"/><family value="x"/>"#,
        );
        assert_eq!(
            xml_equal(XML.as_bytes(), reordered.as_bytes()),
            Err("/Patient/name/family: element <{http://hl7.org/fhir}family> (line 9) in input, <{http://hl7.org/fhir}given> (line 9) in output".into())
        );
        let text = XML.replace("a <b>b</b> c", "a <b>b</b> d");
        assert_eq!(
            xml_equal(XML.as_bytes(), text.as_bytes()),
            Err(r#"/Patient/text/div/p: text " c" in input, " d" in output (input line 7, output line 7)"#.into())
        );
        let namespace = XML.replace("http://www.w3.org/1999/xhtml", "http://example.org");
        assert!(
            xml_equal(XML.as_bytes(), namespace.as_bytes())
                .is_err_and(|e| e
                    .starts_with("/Patient/text/div: element <{http://www.w3.org/1999/xhtml}div>")),
        );
        let extra = XML.replace(r#"<id value="p1"/>"#, r#"<id value="p1" id="i"/>"#);
        assert_eq!(
            xml_equal(XML.as_bytes(), extra.as_bytes()),
            Err(
                r#"/Patient/id: attribute 'id' = "i" not in input (input line 4, output line 4)"#
                    .into()
            )
        );
        let missing = XML.replace(r#"<given value="z"/>"#, "");
        assert!(
            xml_equal(XML.as_bytes(), missing.as_bytes()).is_err_and(|e| e.starts_with(
                "/Patient/name: element <{http://hl7.org/fhir}given> (line 9) missing in output"
            )),
        );
    }

    #[test]
    fn xml_comparison_skips_only_the_named_root_attributes_of_the_input() {
        const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
        let with = XML.replace(
            r#"<Patient xmlns="http://hl7.org/fhir">"#,
            r#"<Patient xmlns="http://hl7.org/fhir" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://hl7.org/fhir patient.xsd">"#,
        );
        let skip = [(Some(XSI), "schemaLocation")];
        assert_eq!(
            xml_equal_except(with.as_bytes(), XML.as_bytes(), &skip),
            Ok(())
        );
        assert!(xml_equal(with.as_bytes(), XML.as_bytes()).is_err());
        // Not in the output, and not below the root.
        assert!(xml_equal_except(XML.as_bytes(), with.as_bytes(), &skip).is_err());
        let nested = XML.replace(
            r#"<id value="p1"/>"#,
            r#"<id xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x" value="p1"/>"#,
        );
        assert!(xml_equal_except(nested.as_bytes(), XML.as_bytes(), &skip).is_err());
    }
}
