//! The rules of FHIR 3.0.1 that every value a strict read accepts must keep, checked on
//! the value's JSON output, apart from the readers that enforce them: a reader that
//! forgot a rule on one path (an attribute, a `_name` object, an array item, a choice
//! type) would accept a value that breaks it, and this oracle says where.
//!
//! | rule | checked on |
//! |---|---|
//! | a string has something other than whitespace and no control character but tab, LF, CR | every string value, `Element.id`, `Extension.url` |
//! | `id`, `code`, `uri`, `oid`, `uuid`: their lexical forms | every element of that type (the type from the base model's IR) |
//! | ele-1: an element has a value or children | every object but a resource; every primitive (a value, or extensions) |
//! | txt-1, txt-2: the narrative's XHTML subset, some content | every `div`, parsed by roxmltree |
//! | dom-1, dom-2, dom-4 | every resource in `contained` |
//! | dom-3: a contained resource is referred to (`#id`) from its container | every resource in `contained` with an id |
//!
//! The types come from the generator's IR of the base model, lowered from the
//! definitions once per process (the definitions are read as the tests read them:
//! `../shared/definitions` or `CARECONNECT_DEFINITIONS`).

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use careconnect_codegen::ir::{ChoiceEnum, FieldType, Model, Primitive, StructDef};
use careconnect_codegen::{fixups, load, lower, snapshot};
use careconnect_stu3::rt::json::Token;
use careconnect_stu3::rt::xml::xhtml;
use careconnect_stu3::rt::{JsonReader, ReadOptions};

/// Checks the JSON written for an accepted value; returns each rule broken, with the
/// FHIR path where.
pub fn broken_rules(json: &str) -> Vec<String> {
    let tree = match parse(json.as_bytes()) {
        Ok(tree) => tree,
        Err(e) => return vec![format!("the JSON written does not parse: {e}")],
    };
    let mut walk = Walk {
        types: types(),
        broken: Vec::new(),
    };
    walk.resource(&tree, "", false);
    walk.broken
}

/// JSON as a tree, strings unescaped, numbers as written.
enum Json {
    Null,
    Scalar,
    String(String),
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

fn parse(bytes: &[u8]) -> careconnect_stu3::rt::Result<Json> {
    let options = ReadOptions {
        max_depth: usize::MAX,
        max_string_len: usize::MAX,
        ..ReadOptions::default()
    };
    let mut r = JsonReader::new(bytes, options);
    let tree = value(&mut r)?;
    r.finish()?;
    Ok(tree)
}

fn value(r: &mut JsonReader<'_>) -> careconnect_stu3::rt::Result<Json> {
    Ok(match r.peek()? {
        Token::Null => {
            r.read_null()?;
            Json::Null
        }
        Token::Bool => {
            r.read_bool("a boolean")?;
            Json::Scalar
        }
        Token::Number => {
            r.read_number("a number")?;
            Json::Scalar
        }
        Token::String => Json::String(r.read_string_unlimited("a string")?),
        Token::Array => {
            r.begin_array("an array")?;
            let mut items = Vec::new();
            let mut first = true;
            while r.next_item(&mut first)? {
                items.push(value(r)?);
            }
            Json::Array(items)
        }
        Token::Object => {
            r.begin_object("an object")?;
            let mut map = BTreeMap::new();
            let mut first = true;
            while let Some(key) = r.next_key(&mut first)? {
                let key = key.into_owned();
                let v = value(r)?;
                map.insert(key, v);
            }
            Json::Object(map)
        }
    })
}

/// The base model's types, by FHIR name (resources and datatypes) and Rust name
/// (backbone elements, as fields name them).
struct Types {
    structs: HashMap<String, StructDef>,
    choices: HashMap<String, ChoiceEnum>,
}

fn types() -> &'static Types {
    static TYPES: OnceLock<Types> = OnceLock::new();
    TYPES.get_or_init(|| {
        let config = careconnect_codegen::Config::workspace()
            .with_definitions_root(std::env::var_os(load::DEFINITIONS_ENV));
        let sources = config
            .read_sources()
            .unwrap_or_else(|e| panic!("the rules oracle reads the definitions: {e}"));
        let mut registry = load::load(&sources).unwrap_or_else(|e| panic!("loading: {e}"));
        snapshot::generate_snapshots(&mut registry);
        fixups::apply(&mut registry).unwrap_or_else(|e| panic!("fixups: {e}"));
        let (model, _) = lower::lower_base(&registry).unwrap_or_else(|e| panic!("lowering: {e}"));
        index(model)
    })
}

fn index(model: Model) -> Types {
    let mut structs = HashMap::new();
    let mut choices = HashMap::new();
    for module in model.datatypes.into_iter().chain(model.resources) {
        for c in module.choices {
            choices.insert(c.name.clone(), c);
        }
        for s in module.structs {
            structs.insert(s.name.clone(), s);
        }
    }
    for c in model.shared_choices {
        choices.insert(c.name.clone(), c);
    }
    Types { structs, choices }
}

struct Walk {
    types: &'static Types,
    broken: Vec<String>,
}

/// FHIR's (and XML's) whitespace.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl Walk {
    fn broken(&mut self, path: &str, what: String) {
        self.broken.push(format!("{path}: {what}"));
    }

    /// A resource (its type from `resourceType`); `contained`: it stands in another's
    /// `contained`.
    fn resource(&mut self, json: &Json, path: &str, contained: bool) {
        let Json::Object(map) = json else {
            return self.broken(path, "a resource that is not an object".into());
        };
        let Some(Json::String(ty)) = map.get("resourceType") else {
            return self.broken(path, "a resource without resourceType".into());
        };
        let path = if path.is_empty() {
            ty.clone()
        } else {
            format!("{path}.ofType({ty})")
        };
        if contained {
            if map.contains_key("text") {
                self.broken(&path, "dom-1: a contained resource has a narrative".into());
            }
            if map.contains_key("contained") {
                self.broken(
                    &path,
                    "dom-2: a contained resource has contained resources".into(),
                );
            }
            if let Some(Json::Object(meta)) = map.get("meta") {
                for key in ["versionId", "lastUpdated", "_versionId", "_lastUpdated"] {
                    if meta.contains_key(key) {
                        self.broken(&path, format!("dom-4: a contained resource has meta.{key}"));
                    }
                }
            }
        }
        if let Some(Json::Array(contained)) = map.get("contained") {
            let mut targets = Vec::new();
            references(json, &mut targets);
            for (i, resource) in contained.iter().enumerate() {
                if let Json::Object(r) = resource
                    && let Some(Json::String(id)) = r.get("id")
                    && !targets
                        .iter()
                        .any(|t| t.strip_prefix('#') == Some(id.as_str()))
                {
                    self.broken(
                        &format!("{path}.contained[{i}]"),
                        format!("dom-3: no reference to #{id} in its container"),
                    );
                }
            }
        }
        match self.types.structs.get(ty.as_str()) {
            Some(def) => self.members(def, map, &path),
            None => self.broken(&path, format!("no resource type {ty}")),
        }
    }

    /// An element of struct type `ty`: ele-1, then its members.
    fn element(&mut self, ty: &str, json: &Json, path: &str) {
        let Some(def) = self.types.structs.get(ty) else {
            return self.broken(path, format!("no type {ty}"));
        };
        let Json::Object(map) = json else {
            return self.broken(path, format!("a {ty} that is not an object"));
        };
        let children = map.keys().any(|key| {
            let name = key.strip_prefix('_').unwrap_or(key);
            !def.fields
                .iter()
                .any(|f| f.fhir_name == name && matches!(f.ty, FieldType::Attribute))
        });
        if !children {
            self.broken(path, format!("ele-1: a {ty} with no value and no children"));
        }
        self.members(def, map, path);
    }

    fn members(&mut self, def: &StructDef, map: &BTreeMap<String, Json>, path: &str) {
        for (key, json) in map {
            if key == "resourceType" {
                continue;
            }
            let name = key.strip_prefix('_').unwrap_or(key);
            let Some(ty) = self.field_type(def, name) else {
                self.broken(path, format!("'{key}' is no element of {}", def.fhir_name));
                continue;
            };
            let path = format!("{path}.{key}");
            if key.starts_with('_') {
                let values = map.get(name);
                self.primitive_extras(json, values, &path);
                continue;
            }
            let extras = map.get(&format!("_{key}"));
            match json {
                Json::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let extra = match extras {
                            Some(Json::Array(e)) => e.get(i),
                            _ => None,
                        };
                        self.value(&ty, key, item, extra, &format!("{path}[{i}]"));
                    }
                }
                single => self.value(&ty, key, single, extras, &path),
            }
        }
    }

    /// The type of element `name` of `def`, a choice's type found from the name's suffix.
    fn field_type(&self, def: &StructDef, name: &str) -> Option<FieldType> {
        for f in &def.fields {
            if f.fhir_name == name && !matches!(f.ty, FieldType::Choice(_)) {
                return Some(f.ty.clone());
            }
            if let FieldType::Choice(choice) = &f.ty
                && let Some(suffix) = name.strip_prefix(f.fhir_name.as_str())
            {
                let variants = &self.types.choices.get(choice)?.variants;
                if let Some(v) = variants
                    .iter()
                    .find(|v| upper_first(&v.type_code) == suffix)
                {
                    return Some(v.ty.clone());
                }
            }
        }
        None
    }

    /// One value of an element of type `ty` (an array item or the element), with the
    /// `_name` object that goes with it, if any.
    fn value(&mut self, ty: &FieldType, key: &str, json: &Json, extras: Option<&Json>, path: &str) {
        match ty {
            FieldType::Primitive(p) => {
                let has_extensions =
                    matches!(extras, Some(Json::Object(e)) if e.contains_key("extension"));
                match json {
                    Json::String(s) => self.text(rule_of(*p), s, path),
                    Json::Null if !has_extensions => self.broken(
                        path,
                        "ele-1: a primitive with no value and no extensions".into(),
                    ),
                    _ => {}
                }
            }
            FieldType::Code { .. } => match json {
                Json::String(s) => self.text(Rule::Code, s, path),
                Json::Null => {}
                _ => self.broken(path, "a code that is not a string".into()),
            },
            FieldType::Attribute => match json {
                Json::String(s) if key == "url" => self.text(Rule::Uri, s, path),
                Json::String(s) => self.text(Rule::String, s, path),
                _ => self.broken(path, "an attribute that is not a string".into()),
            },
            FieldType::Xhtml => match json {
                Json::String(div) => self.div(div, path),
                _ => self.broken(path, "a div that is not a string".into()),
            },
            FieldType::Complex(name) | FieldType::Backbone(name) => self.element(name, json, path),
            FieldType::Resource => self.resource(json, path, key == "contained"),
            FieldType::Choice(_) => self.broken(path, "a choice inside a choice".into()),
        }
    }

    /// A `_name` object or array: each object holds an id or extensions; one without a
    /// value beside it holds extensions (ele-1).
    fn primitive_extras(&mut self, json: &Json, values: Option<&Json>, path: &str) {
        let items: Vec<(Option<&Json>, &Json, String)> = match (json, values) {
            (Json::Array(items), values) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let value = match values {
                        Some(Json::Array(v)) => v.get(i).filter(|v| !matches!(v, Json::Null)),
                        _ => None,
                    };
                    (value, item, format!("{path}[{i}]"))
                })
                .collect(),
            (single, value) => vec![(value, single, path.to_string())],
        };
        for (value, item, path) in items {
            let map = match item {
                Json::Null => continue,
                Json::Object(map) => map,
                _ => {
                    self.broken(&path, "a primitive's extras that are not an object".into());
                    continue;
                }
            };
            if value.is_none() && !map.contains_key("extension") {
                self.broken(
                    &path,
                    "ele-1: a primitive with no value and no extensions".into(),
                );
            }
            if map.is_empty() {
                self.broken(&path, "ele-1: an empty _name object".into());
            }
            for (key, json) in map {
                let path = format!("{path}.{key}");
                match (key.as_str(), json) {
                    ("id", Json::String(s)) => self.text(Rule::String, s, &path),
                    ("extension", Json::Array(items)) => {
                        for (i, e) in items.iter().enumerate() {
                            self.element("Extension", e, &format!("{path}[{i}]"));
                        }
                    }
                    _ => self.broken(&path, "not an id or extensions".into()),
                }
            }
        }
    }

    /// A string under its lexical rule.
    fn text(&mut self, rule: Rule, s: &str, path: &str) {
        if let Some(problem) = text_problem(rule, s) {
            self.broken(path, format!("{problem}: {s:?}"));
        }
    }

    /// A narrative: an XHTML `div`, only txt-1's elements and attributes, no script,
    /// some content (txt-2).
    fn div(&mut self, div: &str, path: &str) {
        const XHTML: &str = "http://www.w3.org/1999/xhtml";
        if let Some(problem) = text_problem(Rule::String, div) {
            return self.broken(path, format!("{problem}: {div:?}"));
        }
        let doc = match roxmltree::Document::parse(div) {
            Ok(doc) => doc,
            Err(e) => return self.broken(path, format!("a div that is not XML: {e}")),
        };
        let root = doc.root_element();
        if !root.has_tag_name((XHTML, "div")) {
            return self.broken(path, "a narrative that is not an XHTML div".into());
        }
        let mut content = false;
        for node in root.descendants() {
            if node.is_text() {
                content |= node.text().is_some_and(|t| !t.chars().all(is_space));
                continue;
            }
            if !node.is_element() {
                continue;
            }
            let name = node.tag_name().name();
            if !xhtml::ELEMENTS.contains(&name) {
                self.broken(path, format!("txt-1: <{name}>"));
            }
            for a in node.attributes() {
                // `name(.)`: an attribute in a namespace (`xml:lang`) has a prefix, and
                // no prefixed name is in the list.
                if a.namespace().is_some() || !xhtml::ATTRIBUTES.contains(&a.name()) {
                    self.broken(path, format!("txt-1: attribute {:?} on <{name}>", a.name()));
                }
                let script = a
                    .value()
                    .trim_start()
                    .get(..11)
                    .is_some_and(|s| s.eq_ignore_ascii_case("javascript:"));
                if matches!(a.name(), "href" | "src") && script {
                    self.broken(path, format!("txt-1: a javascript: URL on <{name}>"));
                }
            }
            content |= node.has_tag_name((XHTML, "img")) && node.has_attribute("src");
        }
        if !content {
            self.broken(path, "txt-2: a narrative without content".into());
        }
    }
}

/// Every string value of an element named `reference` in `json`, at any depth (dom-3:
/// `%resource.descendants().reference`).
fn references<'j>(json: &'j Json, out: &mut Vec<&'j str>) {
    match json {
        Json::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("reference", Json::String(s)) => out.push(s),
                    ("reference", Json::Array(items)) => {
                        out.extend(items.iter().filter_map(|i| match i {
                            Json::String(s) => Some(s.as_str()),
                            _ => None,
                        }));
                    }
                    _ => references(value, out),
                }
            }
        }
        Json::Array(items) => items.iter().for_each(|i| references(i, out)),
        _ => {}
    }
}

/// The lexical rules, as the STU3 data types page states them.
#[derive(Clone, Copy)]
enum Rule {
    String,
    Code,
    Id,
    Uri,
    Oid,
    Uuid,
}

fn rule_of(p: Primitive) -> Rule {
    match p {
        Primitive::Code => Rule::Code,
        Primitive::Id => Rule::Id,
        Primitive::Uri => Rule::Uri,
        Primitive::Oid => Rule::Oid,
        Primitive::Uuid => Rule::Uuid,
        _ => Rule::String,
    }
}

/// What is wrong with `s` under `rule`, if anything.
fn text_problem(rule: Rule, s: &str) -> Option<&'static str> {
    if s.chars().all(is_space) {
        return Some("an empty or whitespace-only string");
    }
    if s.chars()
        .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Some("a control character");
    }
    let ok = match rule {
        Rule::String => true,
        // No leading or trailing whitespace; inside, single spaces only.
        Rule::Code => {
            !s.starts_with(is_space)
                && !s.ends_with(is_space)
                && !s.contains("  ")
                && !s.contains(['\t', '\n', '\r'])
        }
        // [A-Za-z0-9\-\.]{1,64}
        Rule::Id => {
            s.len() <= 64
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        }
        // \S*
        Rule::Uri => !s.contains(is_space),
        // urn:oid:[0-2](\.[1-9]\d*)+
        Rule::Oid => s.strip_prefix("urn:oid:").is_some_and(|rest| {
            let arcs: Vec<&str> = rest.split('.').collect();
            arcs.len() >= 2
                && matches!(arcs[0], "0" | "1" | "2")
                && arcs[1..].iter().all(|a| {
                    a.starts_with(|c: char| ('1'..='9').contains(&c))
                        && a.chars().all(|c| c.is_ascii_digit())
                })
        }),
        // urn:uuid: and a lower-case UUID
        Rule::Uuid => s.strip_prefix("urn:uuid:").is_some_and(|rest| {
            let groups: Vec<&str> = rest.split('-').collect();
            groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
                && groups
                    .iter()
                    .all(|g| g.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')))
        }),
    };
    (!ok).then_some(match rule {
        Rule::String => "",
        Rule::Code => "not a code",
        Rule::Id => "not an id",
        Rule::Uri => "not a uri",
        Rule::Oid => "not an oid",
        Rule::Uuid => "not a uuid",
    })
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIV: &str = r#"<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"#;

    fn broken(json: &str) -> Vec<String> {
        broken_rules(json)
    }

    #[test]
    fn a_valid_resource_breaks_nothing() {
        let json = format!(
            r##"{{"resourceType":"Patient","id":"p.1","text":{{"status":"generated","div":"{DIV}"}},"contained":[{{"resourceType":"Organization","id":"o","meta":{{"profile":["http://example.org/p"]}},"name":"x"}}],"extension":[{{"url":"http://example.org/x","valueOid":"urn:oid:1.2.3"}},{{"url":"http://example.org/y","extension":[{{"url":"z","valueCode":"a b"}}]}}],"name":[{{"given":["a",null],"_given":[{{"id":"g"}},{{"extension":[{{"url":"u","valueBoolean":true}}]}}]}}],"managingOrganization":{{"reference":"#o"}}}}"##
        );
        assert_eq!(broken(&json), Vec::<String>::new());
    }

    /// Each rule, broken once: the oracle names it, at its path.
    #[test]
    fn each_rule_broken_is_named_at_its_path() {
        let cases = [
            (
                r#"{"resourceType":"Patient","name":[{"family":""}]}"#,
                "Patient.name[0].family: an empty or whitespace-only string",
            ),
            (
                r#"{"resourceType":"Patient","name":[{"family":" \n"}]}"#,
                "Patient.name[0].family: an empty or whitespace-only string",
            ),
            (
                r#"{"resourceType":"Patient","name":[{"given":["a","b\u0001"]}]}"#,
                "Patient.name[0].given[1]: a control character",
            ),
            (
                r#"{"resourceType":"Patient","name":[{"id":"\u001f","family":"x"}]}"#,
                "Patient.name[0].id: a control character",
            ),
            (
                r#"{"resourceType":"Patient","id":"a_b"}"#,
                "Patient.id: not an id",
            ),
            (
                r#"{"resourceType":"Patient","maritalStatus":{"coding":[{"code":"a  b"}]}}"#,
                "Patient.maritalStatus.coding[0].code: not a code",
            ),
            (
                r#"{"resourceType":"Patient","maritalStatus":{"coding":[{"system":"a b"}]}}"#,
                "Patient.maritalStatus.coding[0].system: not a uri",
            ),
            (
                r#"{"resourceType":"Patient","extension":[{"url":"a b","valueBoolean":true}]}"#,
                "Patient.extension[0].url: not a uri",
            ),
            (
                r#"{"resourceType":"Patient","extension":[{"url":"u","valueOid":"1.2"}]}"#,
                "Patient.extension[0].valueOid: not an oid",
            ),
            (
                r#"{"resourceType":"Patient","extension":[{"url":"u","valueId":"a b"}]}"#,
                "Patient.extension[0].valueId: not an id",
            ),
            (
                r#"{"resourceType":"Patient","maritalStatus":{}}"#,
                "Patient.maritalStatus: ele-1",
            ),
            (
                r#"{"resourceType":"Patient","name":[{"id":"n"}]}"#,
                "Patient.name[0]: ele-1",
            ),
            (
                r#"{"resourceType":"Patient","extension":[{"url":"u"}]}"#,
                "Patient.extension[0]: ele-1",
            ),
            (
                r#"{"resourceType":"Patient","_active":{"id":"a"}}"#,
                "Patient._active: ele-1",
            ),
            (
                r#"{"resourceType":"Patient","name":[{"given":[null],"_given":[{"id":"a"}]}]}"#,
                "Patient.name[0]._given[0]: ele-1",
            ),
            (
                r#"{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"> </div>"}}"#,
                "Patient.text.div: txt-2",
            ),
            (
                r#"{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">x<script/></div>"}}"#,
                "Patient.text.div: txt-1: <script>",
            ),
            (
                r#"{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p onclick=\"f()\">x</p></div>"}}"#,
                "Patient.text.div: txt-1: attribute \"onclick\"",
            ),
            (
                r#"{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p xml:lang=\"en\">x</p></div>"}}"#,
                "Patient.text.div: txt-1: attribute \"lang\"",
            ),
            (
                r#"{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\" JavaScript:f()\">x</a></div>"}}"#,
                "Patient.text.div: txt-1: a javascript: URL",
            ),
            (
                r#"{"resourceType":"Patient","contained":[{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}}]}"#,
                "Patient.contained[0].ofType(Patient): dom-1",
            ),
            (
                r#"{"resourceType":"Patient","contained":[{"resourceType":"Patient","contained":[{"resourceType":"Patient","active":true}]}]}"#,
                "Patient.contained[0].ofType(Patient): dom-2",
            ),
            (
                r#"{"resourceType":"Patient","contained":[{"resourceType":"Patient","meta":{"lastUpdated":"2017"}}]}"#,
                "Patient.contained[0].ofType(Patient): dom-4: a contained resource has meta.lastUpdated",
            ),
            (
                r##"{"resourceType":"Patient","contained":[{"resourceType":"Patient","id":"a","active":true},{"resourceType":"Patient","id":"b","active":true}],"link":[{"other":{"reference":"#a"},"type":"seealso"}]}"##,
                "Patient.contained[1]: dom-3: no reference to #b",
            ),
        ];
        for (json, expected) in cases {
            let found = broken(json);
            assert!(
                found.iter().any(|b| b.starts_with(expected)),
                "{json}: expected {expected:?}, found {found:?}"
            );
        }
    }

    /// No false alarm: every spec example the strict reader accepts keeps every rule (the
    /// examples are read from `../shared/examples` or `CARECONNECT_EXAMPLES`).
    #[test]
    fn the_valid_spec_examples_break_nothing() {
        use careconnect_stu3::rt::FhirJson;
        use careconnect_stu3::stu3::Resource;
        let examples = std::env::var_os("CARECONNECT_EXAMPLES").map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/examples"),
            std::path::PathBuf::from,
        );
        let dir = examples.join("fhir-stu3-spec");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (put the shared folder beside the repository or set CARECONNECT_EXAMPLES)",
                dir.display()
            )
        });
        let mut checked = 0;
        for entry in entries {
            let path = entry.expect("directory entry").path();
            let bytes = std::fs::read(&path).expect("example");
            let Ok(value) = Resource::from_json(&bytes) else {
                continue;
            };
            let found = broken(&value.to_json());
            assert!(found.is_empty(), "{}: {found:?}", path.display());
            checked += 1;
        }
        assert!(checked > 600, "only {checked} examples read");
    }

    #[test]
    fn lexical_rules_take_their_valid_forms() {
        for (rule, good) in [
            (Rule::Code, "a b"),
            (Rule::Id, "A-1.b"),
            (Rule::Uri, "urn:x"),
            (Rule::Oid, "urn:oid:2.16.840"),
            (Rule::Uuid, "urn:uuid:c757873d-ec9a-4326-a141-556f43239520"),
            (Rule::String, " \ta\u{7f}"),
        ] {
            assert_eq!(text_problem(rule, good), None, "{good}");
        }
        for (rule, bad) in [
            (Rule::Code, " a"),
            (Rule::Code, "a\tb"),
            (Rule::Id, &"x".repeat(65)),
            (Rule::Oid, "urn:oid:1.02"),
            (Rule::Oid, "urn:oid:3.1"),
            (Rule::Uuid, "urn:uuid:C757873D-EC9A-4326-A141-556F43239520"),
        ] {
            assert!(text_problem(rule, bad).is_some(), "{bad}");
        }
    }
}
