//! Property tests: arbitrary values of the generated types survive writing and reading.
//!
//! The generated types have no `Arbitrary` impls, and hand-written strategies for some
//! 500 structs would drift from them. Instead the values are built from the generator's
//! own description of the types, its IR ([`careconnect_codegen::ir::Model`], lowered
//! from the definitions at test time): a strategy per struct produces FHIR JSON for it —
//! optional and repeating elements, every choice type, primitives with `_name` ids and
//! extensions (also in arrays, aligned with `null`s), nested backbone elements, contained
//! resources, codes from required value sets, odd-but-valid strings, decimals with
//! exponents and trailing zeros, dates and times of every precision. What it generates is
//! valid FHIR, as the readers check it: every element has a value or children (ele-1),
//! every extension a value or extensions but not both (ext-1), every string something
//! other than whitespace and no control character, every id, code, uri and oid its
//! lexical form, every narrative some content and only the XHTML the narrative allows
//! (txt-1, txt-2), and no contained resource a narrative, contained resources or version
//! metadata (dom-1, dom-2, dom-4). Each case checks:
//!
//! 1. the generated JSON reads strictly (the IR and the generated code agree on what is
//!    valid);
//! 2. the value written as JSON is the generated JSON, as FHIR content (nothing dropped,
//!    nothing changed), and written twice is byte-identical;
//! 3. model → JSON → model and model → XML → model give an equal value, and the XML
//!    written twice is byte-identical.
//!
//! Shrinking drops optional elements and array items and simplifies values, so a failure
//! shows a small JSON document and the step that failed.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Debug;
use std::sync::OnceLock;

use careconnect_codegen::ir::{
    ChoiceEnum, CodeEnum, Field, FieldType, Model, Primitive, StructDef, StructKind,
};
use careconnect_codegen::{fixups, load, lower, snapshot};
use careconnect_models::rt::{FhirJson, FhirValue, FhirXml};
use careconnect_models::stu3::{self, Resource};
use careconnect_tests::{Json, json_equal};
use proptest::prelude::*;
use proptest::strategy::{NewTree, ValueTree};
use proptest::test_runner::{Config, TestCaseError, TestRunner};

// ---------------------------------------------------------------------------------------
// The model

/// The base layer's IR, lowered once from the definitions (as `generate` does).
fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let sources = careconnect_tests::codegen_config()
            .read_sources()
            .unwrap_or_else(|e| panic!("reading definitions/sources.toml: {e}"));
        let mut registry = load::load(&sources).unwrap_or_else(|e| panic!("loading: {e}"));
        snapshot::generate_snapshots(&mut registry);
        fixups::apply(&mut registry).unwrap_or_else(|e| panic!("fixups: {e}"));
        let (model, _) = lower::lower_base(&registry).unwrap_or_else(|e| panic!("lowering: {e}"));
        model
    })
}

// ---------------------------------------------------------------------------------------
// Strategies for FHIR JSON, from the IR

/// How likely an optional element is to be present (repeating ones likewise).
const PRESENT: u32 = 25;

type JsonStrategy = BoxedStrategy<Json>;
/// The keys and values one element contributes to its object: none, `name`, `_name`, or
/// both.
type Members = Vec<(String, Json)>;

/// Builds strategies for the structs of a model. Strategies are built once per (struct,
/// depth) and shared, so a strategy for a Bundle with every resource type inside stays
/// small. `depth` bounds complex nesting: at 0 only required elements are generated.
struct Gen<'m> {
    structs: HashMap<&'m str, &'m StructDef>,
    choices: HashMap<&'m str, &'m ChoiceEnum>,
    codes: HashMap<&'m str, &'m CodeEnum>,
    resources: Vec<&'m str>,
    memo: RefCell<HashMap<(String, u8), JsonStrategy>>,
    building: RefCell<HashSet<(String, u8)>>,
}

impl<'m> Gen<'m> {
    fn new(model: &'m Model) -> Self {
        let modules = model.datatypes.iter().chain(&model.resources);
        let structs = modules
            .clone()
            .flat_map(|m| &m.structs)
            .map(|s| (s.name.as_str(), s))
            .collect();
        let choices = modules
            .flat_map(|m| &m.choices)
            .chain(&model.shared_choices)
            .map(|c| (c.name.as_str(), c))
            .collect();
        let codes = model
            .code_enums
            .iter()
            .map(|c| (c.name.as_str(), c))
            .collect();
        let resources = model
            .resources
            .iter()
            .map(|m| m.structs[0].name.as_str())
            .collect();
        Gen {
            structs,
            choices,
            codes,
            resources,
            memo: RefCell::default(),
            building: RefCell::default(),
        }
    }

    fn struct_def(&self, name: &str) -> &'m StructDef {
        self.structs
            .get(name)
            .copied()
            .unwrap_or_else(|| panic!("no struct {name} in the IR"))
    }

    /// A JSON object for struct `name` (with `resourceType` for resources).
    fn object(&self, name: &str, depth: u8) -> JsonStrategy {
        let key = (name.to_string(), depth);
        if let Some(s) = self.memo.borrow().get(&key) {
            return s.clone();
        }
        assert!(
            self.building.borrow_mut().insert(key.clone()),
            "{name} requires itself at depth {depth}: the IR has a cycle of required elements"
        );
        let def = self.struct_def(name);
        let strategy = if def.fhir_name == "Extension" {
            self.extension(def, depth)
        } else if def.kind == StructKind::Resource
            || def
                .fields
                .iter()
                .any(|f| f.cardinality().is_required() && !matches!(f.ty, FieldType::Attribute))
        {
            self.members(def, depth, None, None)
        } else {
            // ele-1: an element has a value or children. One element none of whose
            // children is required gets one of them for certain, each in turn.
            let variants: Vec<JsonStrategy> = self
                .content_fields(def, depth)
                .into_iter()
                .map(|i| self.members(def, depth, Some(i), None))
                .collect();
            assert!(
                !variants.is_empty(),
                "{name}: no element to give it content"
            );
            proptest::strategy::Union::new(variants).boxed()
        };
        self.building.borrow_mut().remove(&key);
        self.memo.borrow_mut().insert(key, strategy.clone());
        strategy
    }

    /// A JSON object of `def`'s members: each optional element present or not, `forced`
    /// (a field's index) present for certain, `omitted` (a field's FHIR name) never.
    fn members(
        &self,
        def: &'m StructDef,
        depth: u8,
        forced: Option<usize>,
        omitted: Option<&str>,
    ) -> JsonStrategy {
        let members: Vec<BoxedStrategy<Members>> = def
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| Some(f.fhir_name.as_str()) != omitted)
            .filter_map(|(i, f)| self.field(f, depth, forced == Some(i)))
            .collect();
        let resource_type = (def.kind == StructKind::Resource).then(|| def.fhir_name.clone());
        members
            .prop_map(move |parts| {
                let mut map: BTreeMap<String, Json> = parts.into_iter().flatten().collect();
                if let Some(ty) = &resource_type {
                    map.insert("resourceType".into(), Json::String(ty.clone()));
                    refer_to_contained(&mut map);
                }
                Json::Object(map)
            })
            .boxed()
    }

    /// The fields that can give an element of `def` its content (ele-1): not its `id`;
    /// its extensions only below depth 0, so that extensions end. At depth 0, the
    /// primitive ones if it has any (a complex one nests again).
    fn content_fields(&self, def: &StructDef, depth: u8) -> Vec<usize> {
        let candidates = |primitive_only: bool| -> Vec<usize> {
            def.fields
                .iter()
                .enumerate()
                .filter(|(_, f)| match &f.ty {
                    FieldType::Attribute => false,
                    FieldType::Resource => depth > 0,
                    FieldType::Complex(ty) if ty == "Extension" => depth > 0,
                    FieldType::Complex(_) | FieldType::Backbone(_) => !primitive_only,
                    FieldType::Choice(choice) => {
                        !primitive_only
                            || self.choices[choice.as_str()].variants.iter().any(|v| {
                                matches!(v.ty, FieldType::Primitive(_) | FieldType::Code { .. })
                            })
                    }
                    FieldType::Primitive(_) | FieldType::Code { .. } | FieldType::Xhtml => true,
                })
                .map(|(i, _)| i)
                .collect()
        };
        let primitive = candidates(depth == 0);
        if primitive.is_empty() {
            candidates(false)
        } else {
            primitive
        }
    }

    /// An extension: its url and either a value or extensions of its own (ext-1), the
    /// latter only below depth 0.
    fn extension(&self, def: &'m StructDef, depth: u8) -> JsonStrategy {
        let index = |name: &str| {
            def.fields
                .iter()
                .position(|f| f.fhir_name == name)
                .unwrap_or_else(|| panic!("Extension has no {name}"))
        };
        let with_value = self.members(def, depth, Some(index("value")), Some("extension"));
        if depth == 0 {
            return with_value;
        }
        let nested = self.members(def, depth, Some(index("extension")), Some("value"));
        prop_oneof![3 => with_value, 1 => nested].boxed()
    }

    /// Any resource (what `contained` and `Bundle.entry.resource` hold).
    fn any_resource(&self, depth: u8) -> JsonStrategy {
        let all: Vec<JsonStrategy> = self
            .resources
            .iter()
            .map(|r| self.object(r, depth))
            .collect();
        proptest::strategy::Union::new(all).boxed()
    }

    /// The members one element contributes, or `None` when it is optional and too deep.
    /// `forced`: present for certain, as if it were required.
    fn field(&self, f: &'m Field, depth: u8, forced: bool) -> Option<BoxedStrategy<Members>> {
        let required = f.cardinality().is_required() || forced;
        let repeats = f.cardinality().repeats();
        let nested = depth.saturating_sub(1);
        let name = f.fhir_name.clone();
        let strategy = match &f.ty {
            FieldType::Primitive(_) | FieldType::Code { .. } => {
                let item = self.primitive_item(&f.ty, depth);
                if repeats {
                    let min = usize::from(required);
                    primitive_array(name, item, min.max(1)).boxed()
                } else {
                    item.prop_map(move |(value, extras)| primitive_members(&name, value, extras))
                        .boxed()
                }
            }
            FieldType::Complex(ty) | FieldType::Backbone(ty) => {
                if depth == 0 && !required {
                    return None;
                }
                let value = self.object(ty, nested);
                complex(name, value, repeats)
            }
            FieldType::Resource => {
                if depth == 0 {
                    assert!(!required, "{}: a required resource", f.path);
                    return None;
                }
                let resource = self.any_resource(nested);
                if name == "contained" {
                    complex(name, resource.prop_map(contained).boxed(), repeats)
                } else {
                    complex(name, resource, repeats)
                }
            }
            FieldType::Choice(choice) => self.choice(f, choice, depth, required)?,
            FieldType::Attribute if f.fhir_name == "url" => uri()
                .prop_map(move |u| vec![(name.clone(), Json::String(u))])
                .boxed(),
            FieldType::Attribute => element_id()
                .prop_map(move |id| vec![(name.clone(), Json::String(id))])
                .boxed(),
            FieldType::Xhtml => xhtml_div()
                .prop_map(move |div| vec![(name.clone(), Json::String(div))])
                .boxed(),
        };
        Some(if required {
            strategy
        } else {
            Maybe(strategy).boxed()
        })
    }

    /// One value of a choice element: `valueString`, `valueQuantity`, ...; at depth 0
    /// only its primitive types.
    fn choice(
        &self,
        f: &'m Field,
        choice: &str,
        depth: u8,
        required: bool,
    ) -> Option<BoxedStrategy<Members>> {
        assert!(!f.cardinality().repeats(), "{}: a repeating choice", f.path);
        let def = self
            .choices
            .get(choice)
            .unwrap_or_else(|| panic!("no choice enum {choice} in the IR"));
        let nested = depth.saturating_sub(1);
        let mut variants: Vec<BoxedStrategy<Members>> = Vec::new();
        for v in &def.variants {
            let key = format!("{}{}", f.fhir_name, upper_first(&v.type_code));
            match &v.ty {
                FieldType::Primitive(_) | FieldType::Code { .. } => {
                    variants.push(
                        self.primitive_item(&v.ty, depth)
                            .prop_map(move |(value, extras)| primitive_members(&key, value, extras))
                            .boxed(),
                    );
                }
                FieldType::Complex(ty) if depth > 0 || required => {
                    variants.push(
                        self.object(ty, nested)
                            .prop_map(move |o| vec![(key.clone(), o)])
                            .boxed(),
                    );
                }
                FieldType::Resource if depth > 0 => {
                    variants.push(
                        self.any_resource(nested)
                            .prop_map(move |o| vec![(key.clone(), o)])
                            .boxed(),
                    );
                }
                _ => {}
            }
        }
        if variants.is_empty() {
            assert!(!required, "{}: nothing to choose", f.path);
            return None;
        }
        Some(proptest::strategy::Union::new(variants).boxed())
    }

    /// One primitive: its value, its `_name` object (id and extensions), or both.
    fn primitive_item(
        &self,
        ty: &FieldType,
        depth: u8,
    ) -> BoxedStrategy<(Option<Json>, Option<Json>)> {
        let value = match ty {
            FieldType::Primitive(p) => primitive_value(*p),
            FieldType::Code { enum_name } => {
                let codes: Vec<String> = self
                    .codes
                    .get(enum_name.as_str())
                    .unwrap_or_else(|| panic!("no code enum {enum_name} in the IR"))
                    .variants
                    .iter()
                    .map(|v| v.code.clone())
                    .collect();
                prop::sample::select(codes).prop_map(Json::String).boxed()
            }
            other => unreachable!("not a primitive: {other:?}"),
        };
        // ele-1: a primitive has a value, extensions, or both; an id goes with either.
        let extras = self.primitive_extras(depth, true);
        if depth == 0 {
            return prop_oneof![
                6 => value.clone().prop_map(|v| (Some(v), None)),
                1 => (value, extras).prop_map(|(v, e)| (Some(v), Some(e))),
            ]
            .boxed();
        }
        let extensions = self.primitive_extras(depth, false);
        prop_oneof![
            6 => value.clone().prop_map(|v| (Some(v), None)),
            1 => (value, extras).prop_map(|(v, e)| (Some(v), Some(e))),
            1 => extensions.prop_map(|e| (None, Some(e))),
        ]
        .boxed()
    }

    /// A `_name` object: an id (only `with_value`: alone it would be an element with no
    /// value and no children), extensions (below depth 0), or both.
    fn primitive_extras(&self, depth: u8, with_value: bool) -> JsonStrategy {
        let id = element_id().prop_map(|id| vec![("id".to_string(), Json::String(id))]);
        let object = |m: Members| Json::Object(m.into_iter().collect());
        if depth == 0 {
            assert!(with_value, "a primitive without a value needs extensions");
            return id.prop_map(object).boxed();
        }
        let extensions = prop::collection::vec(self.object("Extension", depth - 1), 1..=2)
            .prop_map(|e| vec![("extension".to_string(), Json::Array(e))]);
        let with_id = (id.clone(), extensions.clone())
            .prop_map(|(a, b): (Members, Members)| a.into_iter().chain(b).collect::<Members>());
        if with_value {
            prop_oneof![id, extensions, with_id]
                .prop_map(object)
                .boxed()
        } else {
            prop_oneof![extensions, with_id].prop_map(object).boxed()
        }
    }
}

/// An optional element: present with probability [`PRESENT`]. Shrinking first tries
/// leaving it out, and only simplifies its content when the failure needs it there, so
/// a failure shrinks to the few elements that cause it.
#[derive(Debug)]
struct Maybe(BoxedStrategy<Members>);

impl Strategy for Maybe {
    type Tree = MaybeTree;
    type Value = Members;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let present = prop::bool::weighted(f64::from(PRESENT) / 100.0)
            .new_tree(runner)?
            .current();
        let inner = if present {
            Some(self.0.new_tree(runner)?)
        } else {
            None
        };
        Ok(MaybeTree {
            inner,
            absent: !present,
            needed: false,
        })
    }
}

struct MaybeTree {
    inner: Option<Box<dyn ValueTree<Value = Members>>>,
    /// Currently left out.
    absent: bool,
    /// Leaving it out made the failure go away: only its content is simplified now.
    needed: bool,
}

impl ValueTree for MaybeTree {
    type Value = Members;

    fn current(&self) -> Members {
        match &self.inner {
            Some(inner) if !self.absent => inner.current(),
            _ => Vec::new(),
        }
    }

    fn simplify(&mut self) -> bool {
        match &mut self.inner {
            None => false,
            Some(_) if self.absent => false,
            Some(_) if !self.needed => {
                self.absent = true;
                true
            }
            Some(inner) => inner.simplify(),
        }
    }

    fn complicate(&mut self) -> bool {
        match &mut self.inner {
            None => false,
            Some(_) if self.absent && !self.needed => {
                self.absent = false;
                self.needed = true;
                true
            }
            Some(_) if self.absent => false,
            Some(inner) => inner.complicate(),
        }
    }
}

/// `name` and/or `_name` for one primitive.
fn primitive_members(name: &str, value: Option<Json>, extras: Option<Json>) -> Members {
    let mut out = Vec::new();
    if let Some(v) = value {
        out.push((name.to_string(), v));
    }
    if let Some(e) = extras {
        out.push((format!("_{name}"), e));
    }
    out
}

/// A repeating primitive: `name` and `_name` arrays, aligned with `null`s; an array that
/// would hold only `null`s is left out.
fn primitive_array(
    name: String,
    item: BoxedStrategy<(Option<Json>, Option<Json>)>,
    min: usize,
) -> impl Strategy<Value = Members> {
    prop::collection::vec(item, min..=3).prop_map(move |items| {
        let (values, extras): (Vec<_>, Vec<_>) = items.into_iter().unzip();
        let mut out = Vec::new();
        for (key, column) in [(name.clone(), values), (format!("_{name}"), extras)] {
            if column.iter().any(Option::is_some) {
                let array = column
                    .into_iter()
                    .map(|v| v.unwrap_or(Json::Null))
                    .collect();
                out.push((key, Json::Array(array)));
            }
        }
        out
    })
}

/// A resource as `contained` may hold it: no narrative (dom-1), no contained resources
/// of its own (dom-2), no `meta.versionId` or `meta.lastUpdated` (dom-4); a `meta` left
/// with nothing but its id is left out (ele-1).
fn contained(resource: Json) -> Json {
    let Json::Object(mut map) = resource else {
        return resource;
    };
    map.remove("text");
    map.remove("contained");
    if let Some(Json::Object(meta)) = map.get_mut("meta") {
        for key in ["versionId", "_versionId", "lastUpdated", "_lastUpdated"] {
            meta.remove(key);
        }
        if meta.keys().all(|k| k == "id") {
            map.remove("meta");
        }
    }
    Json::Object(map)
}

/// dom-3: every contained resource is referred to from its container. Each gets the id
/// `c0`, `c1`, ... and the container an extension whose `valueReference` refers to it.
fn refer_to_contained(map: &mut BTreeMap<String, Json>) {
    let Some(Json::Array(contained)) = map.get_mut("contained") else {
        return;
    };
    let mut references = Vec::new();
    for (i, resource) in contained.iter_mut().enumerate() {
        if let Json::Object(r) = resource {
            let id = format!("c{i}");
            r.insert("id".into(), Json::String(id.clone()));
            let reference =
                BTreeMap::from([("reference".to_string(), Json::String(format!("#{id}")))]);
            references.push(Json::Object(BTreeMap::from([
                (
                    "url".to_string(),
                    Json::String("http://example.org/contained".into()),
                ),
                ("valueReference".to_string(), Json::Object(reference)),
            ])));
        }
    }
    match map
        .entry("extension".into())
        .or_insert_with(|| Json::Array(Vec::new()))
    {
        Json::Array(extensions) => extensions.extend(references),
        other => panic!("extension is not an array: {other:?}"),
    }
}

/// A complex element: one object, or an array of one to three.
fn complex(name: String, value: JsonStrategy, repeats: bool) -> BoxedStrategy<Members> {
    if repeats {
        prop::collection::vec(value, 1..=3)
            .prop_map(move |items| vec![(name.clone(), Json::Array(items))])
            .boxed()
    } else {
        value.prop_map(move |v| vec![(name.clone(), v)]).boxed()
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Primitive values

fn primitive_value(p: Primitive) -> JsonStrategy {
    let string = |s: BoxedStrategy<String>| s.prop_map(Json::String).boxed();
    let number = |s: BoxedStrategy<String>| s.prop_map(Json::Number).boxed();
    match p {
        Primitive::Boolean => any::<bool>().prop_map(Json::Bool).boxed(),
        Primitive::Integer => number(
            prop_oneof![
                Just(i32::MIN),
                Just(i32::MAX),
                Just(0),
                any::<i32>(),
                -100..100i32
            ]
            .prop_map(|i| i.to_string())
            .boxed(),
        ),
        Primitive::UnsignedInt => number(
            prop_oneof![Just(0), Just(i32::MAX), 0..=i32::MAX]
                .prop_map(|i| i.to_string())
                .boxed(),
        ),
        Primitive::PositiveInt => number(
            prop_oneof![Just(1), Just(i32::MAX), 1..=i32::MAX]
                .prop_map(|i| i.to_string())
                .boxed(),
        ),
        Primitive::Decimal => number(decimal()),
        Primitive::String | Primitive::Markdown => string(text()),
        Primitive::Uri => string(uri()),
        Primitive::Code => string(code()),
        Primitive::Id => string(id()),
        Primitive::Oid => string("urn:oid:[0-2](\\.[1-9][0-9]{0,4}){1,5}".boxed()),
        Primitive::Uuid => {
            string("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".boxed())
        }
        Primitive::Base64Binary => {
            string("([A-Za-z0-9+/]{4}){1,6}([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?".boxed())
        }
        Primitive::Date => string(date()),
        Primitive::DateTime => string(prop_oneof![date(), full_date_time()].boxed()),
        Primitive::Instant => string(full_date_time()),
        Primitive::Time => string(time()),
    }
}

/// Text as FHIR allows it: any Unicode but control characters (tab and line breaks
/// allowed), with something other than whitespace in it; with the awkward cases for JSON
/// and XML writers.
fn text() -> BoxedStrategy<String> {
    let whitespace_only = |s: &str| s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
    prop_oneof![
        3 => "[a-zA-Z0-9 ]{0,12}[a-zA-Z0-9]",
        3 => "[\\PC\t\r\n]{1,12}".prop_map(move |s: String| {
            if whitespace_only(&s) { s + "." } else { s }
        }),
        1 => prop::sample::select(vec![
            "</div>",
            "<![CDATA[x]]>",
            "a \"quoted\" \\ back/slash",
            "tab\there",
            "line\nbreak\r\nand\rreturn",
            "&amp; & &lt; < > '",
            "\u{2028}\u{2029}\u{85}",
            "  padded  ",
            "\u{FEFF}bom",
            "\u{1F600}\u{10FFFF}",
            "e\u{301}",
        ])
        .prop_map(String::from),
    ]
    .boxed()
}

fn uri() -> BoxedStrategy<String> {
    prop_oneof![
        "(http|https|urn)://[a-z]{1,8}\\.org(/[A-Za-z0-9._~%-]{1,8}){0,3}",
        "#[a-z0-9]{1,4}",
        "[A-Z][a-z]{1,6}/[a-z0-9]{1,4}",
    ]
    .boxed()
}

fn code() -> BoxedStrategy<String> {
    "[a-zA-Z0-9][a-zA-Z0-9._-]{0,8}( [a-zA-Z0-9]{1,3})?".boxed()
}

fn id() -> BoxedStrategy<String> {
    "[A-Za-z0-9.-]{1,64}".boxed()
}

/// `Element.id`: a string in XML attribute form.
fn element_id() -> BoxedStrategy<String> {
    prop_oneof![3 => "[a-z][a-z0-9-]{0,6}", 1 => text()].boxed()
}

/// Decimals as written: signs, leading `0.`, trailing zeros, exponents either case.
fn decimal() -> BoxedStrategy<String> {
    (
        any::<bool>(),
        prop_oneof![Just("0".to_string()), "[1-9][0-9]{0,9}"],
        prop::option::of("[0-9]{1,8}"),
        prop::option::of(("[eE]", "[+-]?", "[0-9]{1,2}")),
    )
        .prop_map(|(negative, int, frac, exp)| {
            let mut s = String::new();
            if negative {
                s.push('-');
            }
            s.push_str(&int);
            if let Some(f) = frac {
                s.push('.');
                s.push_str(&f);
            }
            if let Some((e, sign, digits)) = exp {
                s.push_str(&e);
                s.push_str(&sign);
                s.push_str(&digits);
            }
            s
        })
        .boxed()
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, leap days included.
fn date() -> BoxedStrategy<String> {
    (1u32..=9999, 1u32..=12, 1u32..=31, 0u8..3)
        .prop_map(|(y, m, d, precision)| match precision {
            0 => format!("{y:04}"),
            1 => format!("{y:04}-{m:02}"),
            _ => format!("{y:04}-{m:02}-{:02}", d.min(days_in(y, m))),
        })
        .boxed()
}

/// `hh:mm:ss` with an optional fraction of one to nine digits (trailing zeros kept).
fn time() -> BoxedStrategy<String> {
    (0u32..24, 0u32..60, 0u32..60, prop::option::of("[0-9]{1,9}"))
        .prop_map(|(h, m, s, frac)| match frac {
            Some(f) => format!("{h:02}:{m:02}:{s:02}.{f}"),
            None => format!("{h:02}:{m:02}:{s:02}"),
        })
        .boxed()
}

/// A full date and time with a zone: `Z` or an offset from -14:00 to +14:00.
fn full_date_time() -> BoxedStrategy<String> {
    let zone = prop_oneof![
        Just("Z".to_string()),
        Just("+14:00".to_string()),
        Just("-00:00".to_string()),
        ("[+-]", 0u32..14, 0u32..60).prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}")),
    ];
    (1u32..=9999, 1u32..=12, 1u32..=31, time(), zone)
        .prop_map(|(y, m, d, t, z)| format!("{y:04}-{m:02}-{:02}T{t}{z}", d.min(days_in(y, m))))
        .boxed()
}

/// A narrative `div`: XHTML with escaped text, nested markup and attributes.
fn xhtml_div() -> BoxedStrategy<String> {
    let escaped = text().prop_map(|t| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    });
    let fragment = prop_oneof![
        escaped.clone(),
        escaped.clone().prop_map(|t| format!("<p>{t}</p>")),
        escaped.prop_map(|t| format!("<table><tr><td><b>{t}</b></td></tr></table>")),
        Just("<br/>".to_string()),
        Just("<a href=\"http://example.org/?a=1&amp;b=2\">link</a>".to_string()),
        Just("<!-- a comment --><span class=\"x\" style=\"color: red\">s</span>".to_string()),
        Just("<img src=\"a.png\" alt=\"\"/>".to_string()),
    ];
    // txt-2: some text, or an image with a source; a line break alone is neither.
    prop::collection::vec(fragment, 1..=3)
        .prop_map(|mut parts| {
            if parts.iter().all(|p| p == "<br/>") {
                parts.push("x".to_string());
            }
            format!(
                "<div xmlns=\"http://www.w3.org/1999/xhtml\">{}</div>",
                parts.concat()
            )
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------
// The property

/// Reads the generated JSON as `T` and checks every round trip; `Err` names the step.
fn round_trip<T: FhirValue + PartialEq + Debug>(json: &Json) -> Result<(), TestCaseError> {
    let input = json.to_json_text();
    let fail = |step: &str, detail: String| {
        TestCaseError::fail(format!("{step}\n  generated JSON: {input}\n  {detail}"))
    };
    let value = T::from_json(&input)
        .map_err(|e| fail("the generated JSON does not read", e.to_string()))?;

    let written = value.to_json();
    json_equal(input.as_bytes(), written.as_bytes()).map_err(|d| {
        fail(
            "the JSON written is not the JSON read",
            format!("{d}\n  written: {written}"),
        )
    })?;
    let back = T::from_json(&written)
        .map_err(|e| fail("the JSON written does not read back", e.to_string()))?;
    if back != value {
        return Err(fail(
            "JSON round trip changed the value",
            format!("{back:?}"),
        ));
    }
    let again = back.to_json();
    if again != written {
        return Err(fail(
            "JSON written twice differs",
            format!("first: {written}\n  second: {again}"),
        ));
    }

    let xml = value.to_xml();
    let back = T::from_xml(&xml).map_err(|e| {
        fail(
            "the XML written does not read back",
            format!("{e}\n  XML: {xml}"),
        )
    })?;
    if back != value {
        return Err(fail(
            "XML round trip changed the value",
            format!("XML: {xml}\n  read back: {back:?}"),
        ));
    }
    let again = back.to_xml();
    if again != xml {
        return Err(fail(
            "XML written twice differs",
            format!("first: {xml}\n  second: {again}"),
        ));
    }
    Ok(())
}

/// A generated document, shown as its JSON text in failure reports.
#[derive(Clone)]
struct Doc(Json);

impl Debug for Doc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.to_json_text())
    }
}

/// Runs `cases` cases of `strategy` through `check`; shrinks and panics on failure.
fn run(
    what: &str,
    cases: u32,
    strategy: &JsonStrategy,
    check: impl Fn(&Json) -> Result<(), TestCaseError>,
) {
    let config = Config {
        cases,
        // Failures print their shrunk input; nothing is written into the repository.
        failure_persistence: None,
        max_shrink_iters: 20_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&strategy.clone().prop_map(Doc), |doc| check(&doc.0)) {
        panic!("{what}: {e}");
    }
}

/// A resource of any type, read through the `Resource` enum, which must give back the
/// type that was generated.
fn resource_round_trip(json: &Json) -> Result<(), TestCaseError> {
    let Json::Object(map) = json else {
        return Err(TestCaseError::fail("not an object"));
    };
    let expected = match map.get("resourceType") {
        Some(Json::String(ty)) => ty.clone(),
        _ => return Err(TestCaseError::fail("no resourceType")),
    };
    round_trip::<Resource>(json)?;
    let read =
        Resource::from_json(json.to_json_text()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(read.resource_type(), expected.as_str());
    Ok(())
}

/// Depth of complex nesting for generated values.
const DEPTH: u8 = 3;

#[test]
fn patient_round_trips() {
    let g = Gen::new(model());
    run(
        "Patient",
        64,
        &g.object("Patient", DEPTH),
        round_trip::<stu3::Patient>,
    );
}

#[test]
fn observation_round_trips() {
    let g = Gen::new(model());
    run(
        "Observation",
        64,
        &g.object("Observation", DEPTH),
        round_trip::<stu3::Observation>,
    );
}

/// Bundles always with entries, each any resource (a contained resource, a nested
/// Bundle, ...).
#[test]
fn bundle_with_entries_of_many_types_round_trips() {
    let g = Gen::new(model());
    let entry =
        (g.object("BundleEntry", 1), g.any_resource(DEPTH - 1)).prop_map(|(entry, resource)| {
            match entry {
                Json::Object(mut map) => {
                    map.insert("resource".into(), resource);
                    Json::Object(map)
                }
                other => other,
            }
        });
    let bundle = (g.object("Bundle", 1), prop::collection::vec(entry, 2..=5))
        .prop_map(|(bundle, entries)| match bundle {
            Json::Object(mut map) => {
                map.insert("entry".into(), Json::Array(entries));
                Json::Object(map)
            }
            other => other,
        })
        .boxed();
    run("Bundle", 48, &bundle, round_trip::<stu3::Bundle>);
}

/// Questionnaires whose items always nest, up to eight levels (`item.item` is a content
/// reference back to `Questionnaire.item`).
#[test]
fn questionnaire_with_deeply_nested_items_round_trips() {
    let g = Gen::new(model());
    let leaf = g.object("QuestionnaireItem", 2);
    let item = leaf.clone().prop_recursive(8, 64, 3, move |inner| {
        (leaf.clone(), prop::collection::vec(inner, 1..=3)).prop_map(
            |(item, children)| match item {
                Json::Object(mut map) => {
                    map.insert("item".into(), Json::Array(children));
                    Json::Object(map)
                }
                other => other,
            },
        )
    });
    let questionnaire = (
        g.object("Questionnaire", 1),
        prop::collection::vec(item, 1..=2),
    )
        .prop_map(|(q, items)| match q {
            Json::Object(mut map) => {
                map.insert("item".into(), Json::Array(items));
                Json::Object(map)
            }
            other => other,
        })
        .boxed();
    run(
        "Questionnaire",
        32,
        &questionnaire,
        round_trip::<stu3::Questionnaire>,
    );
}

/// Every resource type of the model, a few cases each.
#[test]
fn every_resource_type_round_trips() {
    let model = model();
    let g = Gen::new(model);
    assert_eq!(g.resources.len(), 117, "STU3 has 117 resource types");
    for name in &g.resources {
        run(name, 6, &g.object(name, DEPTH), resource_round_trip);
    }
}

/// Reads and checks a datatype by its FHIR name; the list must name every datatype of
/// the model (checked below), since a type cannot be chosen by name at run time.
macro_rules! datatypes {
    ($($name:ident),* $(,)?) => {
        const DATATYPES: &[&str] = &[$(stringify!($name)),*];

        fn datatype_round_trip(name: &str, json: &Json) -> Result<(), TestCaseError> {
            match name {
                $(stringify!($name) => round_trip::<stu3::$name>(json),)*
                other => Err(TestCaseError::fail(format!("{other} is not in DATATYPES"))),
            }
        }
    };
}

datatypes!(
    Address,
    Age,
    Annotation,
    Attachment,
    CodeableConcept,
    Coding,
    ContactDetail,
    ContactPoint,
    Contributor,
    Count,
    DataRequirement,
    Distance,
    Dosage,
    Duration,
    ElementDefinition,
    Extension,
    HumanName,
    Identifier,
    Meta,
    Money,
    Narrative,
    ParameterDefinition,
    Period,
    Quantity,
    Range,
    Ratio,
    Reference,
    RelatedArtifact,
    SampledData,
    Signature,
    SimpleQuantity,
    Timing,
    TriggerDefinition,
    UsageContext,
);

/// Every datatype of the model, read and written as a document of its own.
#[test]
fn every_datatype_round_trips() {
    let model = model();
    let g = Gen::new(model);
    let names: Vec<&str> = model
        .datatypes
        .iter()
        .map(|m| m.structs[0].name.as_str())
        .collect();
    assert_eq!(
        names, DATATYPES,
        "the datatypes of the model and the list in this test differ"
    );
    for name in names {
        run(name, 16, &g.object(name, DEPTH), |json| {
            datatype_round_trip(name, json)
        });
    }
}

/// The strategies cover what they claim: a sample of generated Patients holds each kind
/// of content at least once (a generator that stopped producing one would make the
/// property tests pass vacuously).
#[test]
fn generated_json_covers_every_kind_of_content() {
    type Check = fn(&str, &Json) -> bool;
    let kinds: [(&str, Check); 11] = [
        ("a primitive's extension", |k, v| {
            k.starts_with('_') && contains(v, &|k, _| k == "extension")
        }),
        ("an extension with extensions and no value", |k, v| {
            k == "extension"
                && matches!(v, Json::Array(items) if items.iter().any(|e| matches!(e,
                    Json::Object(m) if m.contains_key("extension")
                        && !m.keys().any(|k| k.starts_with("value")))))
        }),
        (
            "a primitive array with null",
            |_, v| matches!(v, Json::Array(items) if items.contains(&Json::Null)),
        ),
        ("a choice element", |k, _| {
            k.starts_with("deceased") || k.starts_with("multipleBirth")
        }),
        ("a contained resource", |k, _| k == "contained"),
        (
            "a decimal with an exponent",
            |_, v| matches!(v, Json::Number(n) if n.contains(['e', 'E'])),
        ),
        ("a dateTime with a zone", |_, v| {
            matches!(v, Json::String(s) if s.len() >= 20 && s.as_bytes()[10] == b'T'
                && (s.ends_with('Z') || s.as_bytes()[s.len() - 6] == b'+'
                    || s.as_bytes()[s.len() - 6] == b'-'))
        }),
        ("a year-only birthDate", |k, v| {
            k == "birthDate" && matches!(v, Json::String(s) if s.len() == 4)
        }),
        (
            "non-ASCII text",
            |_, v| matches!(v, Json::String(s) if !s.is_ascii()),
        ),
        ("a narrative div", |k, _| k == "div"),
        ("a nested backbone element", |k, v| {
            k == "contact" && contains(v, &|k, _| k == "name")
        }),
    ];
    let g = Gen::new(model());
    let strategy = g.object("Patient", DEPTH);
    let mut runner = TestRunner::deterministic();
    let mut missing: Vec<&str> = kinds.iter().map(|(name, _)| *name).collect();
    for _ in 0..400 {
        let json = strategy
            .new_tree(&mut runner)
            .expect("a generated value")
            .current();
        missing.retain(|name| {
            let (_, check) = kinds.iter().find(|(n, _)| n == name).expect("a kind");
            !contains(&json, check)
        });
    }
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

/// Whether `check` holds for some member (key and value) anywhere in `json`.
fn contains(json: &Json, check: &dyn Fn(&str, &Json) -> bool) -> bool {
    match json {
        Json::Object(map) => map.iter().any(|(k, v)| check(k, v) || contains(v, check)),
        Json::Array(items) => items.iter().any(|v| contains(v, check)),
        _ => false,
    }
}
