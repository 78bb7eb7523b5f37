//! The loader on the small hand-written fixtures in `definitions/fixtures/loader/`, and the
//! lock on a temporary copy of them.

use std::fs;
use std::path::{Path, PathBuf};

use careconnect_codegen::diag::{Diagnostic, DiagnosticKind, Error, Severity};
use careconnect_codegen::load::model::{
    ElementDefinition, Package, Sources, StructureDefinition, TypedValue, Value,
};
use careconnect_codegen::load::resolve::{ReferenceKind, dangling_references};
use careconnect_codegen::load::{
    InputFile, Resource, check_lock, load, load_file, load_inputs, write_lock,
};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../definitions/fixtures/loader")
}

fn bytes(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads one fixture; the path in messages is `fixtures/<name>`.
fn read(name: &str) -> Result<(Option<Resource>, Vec<Diagnostic>), Error> {
    load_file(&Path::new("fixtures").join(name), &bytes(name), "fixtures")
}

fn read_ok(name: &str) -> (Resource, Vec<Diagnostic>) {
    match read(name) {
        Ok((Some(resource), diagnostics)) => (resource, diagnostics),
        Ok((None, _)) => panic!("{name}: skipped"),
        Err(e) => panic!("{e}"),
    }
}

fn structure_definition(name: &str) -> (StructureDefinition, Vec<Diagnostic>) {
    match read_ok(name) {
        (Resource::StructureDefinition(sd), diagnostics) => (sd, diagnostics),
        (other, _) => panic!("{name}: expected a StructureDefinition, got {other:?}"),
    }
}

fn errors(error: Error) -> Vec<Error> {
    match error {
        Error::Many(many) => many.into_iter().flat_map(errors).collect(),
        other => vec![other],
    }
}

fn primitive(value: &str) -> Value {
    Value::Primitive {
        value: Some(value.to_owned()),
        extensions: vec![],
    }
}

fn field(name: &str, value: Value) -> (String, Value) {
    (name.to_owned(), value)
}

/// The value of `fixed[x]`/`pattern[x]` of the differential element with this id.
fn element_value<'a>(
    sd: &'a StructureDefinition,
    id: &str,
    pick: fn(&'a ElementDefinition) -> &'a Option<TypedValue>,
) -> &'a TypedValue {
    let element = sd
        .differential
        .iter()
        .flatten()
        .find(|e| e.id.as_deref() == Some(id));
    let element = element.unwrap_or_else(|| panic!("no element {id}"));
    pick(element)
        .as_ref()
        .unwrap_or_else(|| panic!("{id} has no value"))
}

fn without_source_and_lines(mut sd: StructureDefinition) -> StructureDefinition {
    sd.source.file = PathBuf::new();
    for element in sd
        .snapshot
        .iter_mut()
        .flatten()
        .chain(sd.differential.iter_mut().flatten())
    {
        element.line = None;
    }
    sd
}

#[test]
fn xml_and_json_of_one_profile_load_to_equal_structure_definitions() {
    let (from_xml, xml_diagnostics) = structure_definition("tiny-profile.xml");
    let (from_json, json_diagnostics) = structure_definition("tiny-profile.json");
    assert_eq!(xml_diagnostics, []);
    assert_eq!(json_diagnostics, []);
    assert_eq!(from_xml.source.file, Path::new("fixtures/tiny-profile.xml"));
    assert_eq!(
        from_json.source.file,
        Path::new("fixtures/tiny-profile.json")
    );
    assert!(
        from_xml
            .differential
            .iter()
            .flatten()
            .all(|e| e.line.is_some()),
        "XML elements have lines"
    );
    assert_eq!(
        without_source_and_lines(from_xml.clone()),
        without_source_and_lines(from_json)
    );

    // Equality alone would also hold if both readers lost everything: check the content.
    let sd = from_xml;
    assert_eq!(
        sd.url,
        "https://example.org/fhir/StructureDefinition/Loader-Tiny-Patient"
    );
    assert_eq!(
        (
            sd.snapshot.as_ref().map(Vec::len),
            sd.differential.as_ref().map(Vec::len)
        ),
        (Some(3), Some(11))
    );
    let root = &sd.snapshot.as_ref().expect("snapshot")[0];
    assert_eq!(
        root.constraints[0].expression.as_deref(),
        Some("contained.contained.empty()")
    );
    assert_eq!(root.base.as_ref().map(|b| b.max.as_str()), Some("*"));
    let value = &sd.snapshot.as_ref().expect("snapshot")[1];
    assert_eq!(value.types[0].code, None);
    assert_eq!(value.types[0].json_type.as_deref(), Some("string"));
    assert_eq!(
        value.types[0].xml_type.as_deref(),
        Some("xsd:gYear OR xsd:gYearMonth OR xsd:date")
    );
    assert_eq!(value.representation, ["xmlAttr"]);

    let system = element_value(&sd, "Patient.identifier:nhsNumber.system", |e| &e.fixed);
    assert_eq!(
        system,
        &TypedValue {
            type_name: "uri".into(),
            value: primitive("https://fhir.nhs.uk/Id/nhs-number")
        }
    );
    let number = element_value(&sd, "Patient.identifier:nhsNumber.value", |e| &e.fixed);
    let note = Value::Complex(vec![
        field(
            "url",
            primitive("https://example.org/fhir/StructureDefinition/note"),
        ),
        field("valueString", primitive("a test number")),
    ]);
    assert_eq!(
        number,
        &TypedValue {
            type_name: "string".into(),
            value: Value::Primitive {
                value: Some("9000000009".into()),
                extensions: vec![field("id", primitive("fs1")), field("extension", note)],
            },
        }
    );
    let coding = |system: &str, code: &str| {
        vec![
            field("system", primitive(system)),
            field("code", primitive(code)),
        ]
    };
    let mut local = coding("https://example.org/local", "nhs");
    local.push(field("userSelected", primitive("true")));
    let concept = element_value(&sd, "Patient.identifier:nhsNumber.type", |e| &e.pattern);
    assert_eq!(
        concept,
        &TypedValue {
            type_name: "CodeableConcept".into(),
            value: Value::Complex(vec![
                field(
                    "coding",
                    Value::Complex(coding("http://hl7.org/fhir/v2/0203", "NH"))
                ),
                field("coding", Value::Complex(local)),
                field("text", primitive("NHS number")),
            ]),
        }
    );
    let weight = element_value(&sd, "Patient.extension:weight.valueQuantity", |e| {
        &e.pattern
    });
    assert_eq!(
        weight.value,
        Value::Complex(vec![
            field("value", primitive("1.50")),
            field("unit", primitive("kg"))
        ]),
        "a JSON number keeps its text"
    );
    assert_eq!(
        element_value(&sd, "Patient.active", |e| &e.fixed).value,
        primitive("true")
    );

    let find = |id: &str| {
        sd.differential
            .iter()
            .flatten()
            .find(|e| e.id.as_deref() == Some(id))
            .expect(id)
    };
    let binding = find("Patient.maritalStatus")
        .binding
        .as_ref()
        .expect("binding");
    assert_eq!(binding.name.as_deref(), Some("MaritalStatus"));
    assert_eq!(
        binding.value_set.as_deref(),
        Some("https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-MaritalStatus-1")
    );
    let by_uri = find("Patient.communication.language")
        .binding
        .as_ref()
        .expect("binding");
    assert_eq!(
        (by_uri.strength.as_str(), by_uri.value_set.as_deref()),
        ("extensible", Some("urn:ietf:bcp:47"))
    );
    let slicing = find("Patient.identifier")
        .slicing
        .as_ref()
        .expect("slicing");
    assert_eq!(
        (
            slicing.discriminators[0].kind.as_str(),
            slicing.discriminators[0].path.as_str()
        ),
        ("value", "system")
    );
    let reference = &find("Patient.generalPractitioner").types[0];
    assert_eq!(reference.aggregation, ["referenced", "bundled"]);
    assert_eq!(reference.versioning.as_deref(), Some("either"));
    let slice = find("Patient.identifier:nhsNumber");
    assert_eq!(
        (slice.slice_name.as_deref(), slice.min, slice.max.as_deref()),
        (Some("nhsNumber"), Some(1), Some("1"))
    );
    assert_eq!(slice.must_support, Some(true));
}

#[test]
fn byte_order_mark_is_stripped_and_noted() {
    assert_eq!(
        &bytes("bom-valueset.xml")[..3],
        b"\xEF\xBB\xBF",
        "the fixture starts with a BOM"
    );
    let (resource, diagnostics) = read_ok("bom-valueset.xml");
    let Resource::ValueSet(vs) = resource else {
        panic!("expected a ValueSet")
    };
    assert_eq!(vs.url, "https://example.org/fhir/ValueSet/Loader-Bom");
    assert_eq!(
        vs.compose
            .as_ref()
            .map(|c| c.include[0].concepts[0].code.as_str()),
        Some("red")
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(
        (diagnostics[0].kind, diagnostics[0].severity),
        (DiagnosticKind::ByteOrderMark, Severity::Note)
    );
    assert_eq!(
        diagnostics[0].location.url.as_deref(),
        Some(vs.url.as_str())
    );
}

#[test]
fn whitespace_around_urls_is_trimmed_with_warnings_naming_url_and_element() {
    let (sd, diagnostics) = structure_definition("untrimmed-urls.xml");
    assert_eq!(
        sd.url,
        "https://example.org/fhir/StructureDefinition/Loader-Untrimmed"
    );
    assert_eq!(
        sd.base_definition.as_deref(),
        Some("http://hl7.org/fhir/StructureDefinition/Extension")
    );
    let element = &sd.differential.as_ref().expect("differential")[0];
    assert_eq!(
        element.types[0].target_profile.as_deref(),
        Some("https://example.org/fhir/StructureDefinition/Loader-Organization")
    );
    assert_eq!(
        element
            .binding
            .as_ref()
            .and_then(|b| b.value_set.as_deref()),
        Some("https://example.org/fhir/ValueSet/Loader-Bom")
    );
    assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");
    for d in &diagnostics {
        assert_eq!(
            (d.kind, d.severity),
            (DiagnosticKind::UntrimmedUrl, Severity::Warning)
        );
        assert_eq!(d.location.url.as_deref(), Some(sd.url.as_str()), "{d}");
    }
    let on_element: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.location.element.as_deref() == Some("Extension.value[x]"))
        .collect();
    assert_eq!(
        on_element.len(),
        2,
        "targetProfile and binding: {diagnostics:#?}"
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.starts_with("canonical URL")),
        "{diagnostics:#?}"
    );
}

#[test]
fn malformed_content_is_reported_all_at_once_with_url_and_element() {
    let err = read("malformed-elements.xml").expect_err("malformed input must be an error");
    let messages: Vec<String> = errors(err).iter().map(ToString::to_string).collect();
    let url = "https://example.org/fhir/StructureDefinition/Loader-Malformed";
    let expect = [
        format!("fixtures/malformed-elements.xml:7: {url}: unknown `kind` \"widget\""),
        format!(
            "fixtures/malformed-elements.xml:15: {url}: Patient.name: `min` is \"one\"; expected a non-negative integer"
        ),
        format!(
            "fixtures/malformed-elements.xml:19: {url}: Patient.gender: `max` is \"many\"; expected `*`"
        ),
        format!("fixtures/malformed-elements.xml:21: {url}: Patient.birthDate: missing `path`"),
    ];
    assert_eq!(messages.len(), expect.len(), "{messages:#?}");
    for (message, expected) in messages.iter().zip(&expect) {
        assert!(
            message.starts_with(expected.as_str()),
            "{message}\n  does not start with\n{expected}"
        );
    }
}

#[test]
fn invalid_json_is_an_input_error_with_its_line() {
    let err = read("malformed-syntax.json").expect_err("invalid JSON must be an error");
    let Error::Input { location, message } = err else {
        panic!("expected Error::Input, got {err:?}")
    };
    assert_eq!(
        (location.file.as_path(), location.line),
        (Path::new("fixtures/malformed-syntax.json"), Some(6))
    );
    assert!(message.contains("invalid JSON"), "{message}");
}

#[test]
fn missing_url_is_an_input_error() {
    let err = read("missing-url.json").expect_err("a resource without url must be an error");
    assert!(err.to_string().contains("missing `url`"), "{err}");
}

#[test]
fn concept_map_is_skipped_with_a_note() {
    let (resource, diagnostics) = read("conceptmap.xml").unwrap_or_else(|e| panic!("{e}"));
    assert!(resource.is_none());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        (diagnostics[0].kind, diagnostics[0].severity),
        (DiagnosticKind::SkippedResource, Severity::Note)
    );
    assert_eq!(
        diagnostics[0].location.url.as_deref(),
        Some("https://example.org/fhir/ConceptMap/Loader-Map")
    );
}

#[test]
fn code_system_concepts_nest_and_codes_are_trimmed_with_a_warning() {
    let (resource, diagnostics) = read_ok("codesystem.json");
    let Resource::CodeSystem(cs) = resource else {
        panic!("expected a CodeSystem")
    };
    assert_eq!(cs.concepts.len(), 2);
    assert_eq!(cs.concepts[0].children[0].code, "crimson");
    assert_eq!(cs.concepts[1].code, "blue");
    assert_eq!(cs.case_sensitive, Some(true));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].kind, DiagnosticKind::UnexpectedContent);
}

fn input(package: &str, name: &str) -> InputFile {
    InputFile {
        package: package.into(),
        path: Path::new(package).join(name),
        bytes: bytes(name),
    }
}

fn sources(packages: &[&str]) -> Sources {
    Sources {
        root: fixtures_dir(),
        packages: packages
            .iter()
            .map(|p| Package {
                name: (*p).into(),
                path: (*p).into(),
            })
            .collect(),
        lock_file: PathBuf::from("unused.lock"),
    }
}

#[test]
fn later_package_wins_a_url_collision_with_a_warning_naming_both_files() {
    let files = [
        input("second", "tiny-profile.xml"),
        input("first", "tiny-profile.json"),
    ];
    let registry =
        load_inputs(&sources(&["first", "second"]), &files).unwrap_or_else(|e| panic!("{e}"));
    let url = "https://example.org/fhir/StructureDefinition/Loader-Tiny-Patient";
    assert_eq!(registry.structure_definitions[url].source.package, "second");
    let duplicates: Vec<_> = registry
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::DuplicateUrl)
        .collect();
    assert_eq!(duplicates.len(), 1, "{:#?}", registry.diagnostics);
    assert_eq!(
        duplicates[0].location.file,
        Path::new("second/tiny-profile.xml")
    );
    assert!(
        duplicates[0].message.contains("first/tiny-profile.json"),
        "{}",
        duplicates[0]
    );
}

#[test]
fn same_url_twice_in_one_package_is_an_error() {
    let files = [
        input("only", "tiny-profile.xml"),
        input("only", "tiny-profile.json"),
    ];
    let err =
        load_inputs(&sources(&["only"]), &files).expect_err("duplicate in a package must fail");
    let message = err.to_string();
    assert!(
        message.contains("only/tiny-profile.json") && message.contains("only/tiny-profile.xml"),
        "{message}"
    );
}

#[test]
fn errors_of_all_files_are_returned_together() {
    let files = [
        input("p", "malformed-elements.xml"),
        input("p", "malformed-syntax.json"),
        input("p", "missing-url.json"),
        input("p", "tiny-profile.xml"),
    ];
    let err = load_inputs(&sources(&["p"]), &files).expect_err("must fail");
    let files: std::collections::BTreeSet<_> = errors(err)
        .into_iter()
        .map(|e| match e {
            Error::Input { location, .. } => location.file,
            other => panic!("expected input errors, got {other}"),
        })
        .collect();
    let expected: std::collections::BTreeSet<_> = [
        "p/malformed-elements.xml",
        "p/malformed-syntax.json",
        "p/missing-url.json",
    ]
    .map(PathBuf::from)
    .into();
    assert_eq!(files, expected);
}

#[test]
fn unresolved_references_are_reported_and_external_ones_are_not() {
    let files = [
        input("p", "tiny-profile.xml"),
        input("p", "untrimmed-urls.xml"),
        input("p", "bom-valueset.xml"),
        input("p", "codesystem.json"),
    ];
    let registry = load_inputs(&sources(&["p"]), &files).unwrap_or_else(|e| panic!("{e}"));
    let mut found: Vec<(ReferenceKind, String, Severity)> = dangling_references(&registry)
        .into_iter()
        .map(|d| (d.kind, d.target, d.severity))
        .collect();
    found.sort();
    let expected = vec![
        (
            ReferenceKind::BaseDefinition,
            "http://hl7.org/fhir/StructureDefinition/Patient",
            Severity::Warning,
        ),
        (
            ReferenceKind::BaseDefinition,
            "http://hl7.org/fhir/StructureDefinition/Extension",
            Severity::Warning,
        ),
        (
            ReferenceKind::Profile,
            "https://example.org/fhir/StructureDefinition/Loader-Weight",
            Severity::Warning,
        ),
        (
            ReferenceKind::TargetProfile,
            "https://example.org/fhir/StructureDefinition/Loader-Organization",
            Severity::Warning,
        ),
        (
            ReferenceKind::TargetProfile,
            "https://example.org/fhir/StructureDefinition/Loader-Organization",
            Severity::Warning,
        ),
        (
            ReferenceKind::Binding,
            "https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-MaritalStatus-1",
            Severity::Warning,
        ),
    ];
    let mut expected: Vec<(ReferenceKind, String, Severity)> = expected
        .into_iter()
        .map(|(k, t, s)| (k, t.to_owned(), s))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
    // The same findings are in the registry's diagnostics; `urn:ietf:bcp:47` is not.
    let dangling: Vec<_> = registry
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::DanglingReference)
        .collect();
    assert_eq!(dangling.len(), expected.len());
    assert!(dangling.iter().all(|d| !d.message.contains("bcp:47")));
    let sorted = {
        let mut d = registry.diagnostics.clone();
        d.sort_by(|a, b| a.location.cmp(&b.location));
        d
    };
    assert_eq!(
        sorted.iter().map(|d| &d.location).collect::<Vec<_>>(),
        registry
            .diagnostics
            .iter()
            .map(|d| &d.location)
            .collect::<Vec<_>>()
    );
}

// --- the lock ---------------------------------------------------------------------------

/// A temporary definitions root holding a copy of some fixtures as package `pkg`; removed
/// on drop.
struct TempRoot {
    root: PathBuf,
}

impl TempRoot {
    fn new(test: &str) -> Self {
        let root =
            std::env::temp_dir().join(format!("careconnect-loader-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let package = root.join("pkg");
        fs::create_dir_all(package.join("nested")).expect("create temp dir");
        for name in ["tiny-profile.xml", "codesystem.json"] {
            fs::write(package.join(name), bytes(name)).expect("copy fixture");
        }
        fs::write(
            package.join("nested/bom-valueset.xml"),
            bytes("bom-valueset.xml"),
        )
        .expect("copy fixture");
        fs::write(package.join("SHA256SUMS"), "not an input\n").expect("write");
        TempRoot { root }
    }

    fn sources(&self) -> Sources {
        Sources {
            root: self.root.clone(),
            packages: vec![Package {
                name: "pkg".into(),
                path: "pkg".into(),
            }],
            lock_file: self.root.join("sources.lock"),
        }
    }
}

impl Drop for TempRoot {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn lock_error(sources: &Sources) -> String {
    match check_lock(sources) {
        Ok(_) => panic!("the lock check must fail"),
        Err(Error::Lock { message }) => message,
        Err(other) => panic!("expected Error::Lock, got {other}"),
    }
}

#[test]
fn lock_records_every_input_file_and_load_reads_them() {
    let temp = TempRoot::new("records");
    let sources = temp.sources();
    assert_eq!(
        write_lock(&sources).unwrap_or_else(|e| panic!("{e}")),
        3,
        "SHA256SUMS is not an input"
    );
    let lock = fs::read_to_string(&sources.lock_file).expect("lock written");
    assert!(
        lock.starts_with('#')
            && lock.contains("cargo run -p careconnect-codegen --release -- lock"),
        "{lock}"
    );
    let paths: Vec<&str> = lock
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once("  "))
        .map(|(_, p)| p)
        .collect();
    assert_eq!(
        paths,
        [
            "pkg/codesystem.json",
            "pkg/nested/bom-valueset.xml",
            "pkg/tiny-profile.xml"
        ]
    );
    let files = check_lock(&sources).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(files.len(), 3);
    let registry = load(&sources).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            registry.structure_definitions.len(),
            registry.value_sets.len(),
            registry.code_systems.len()
        ),
        (1, 1, 1)
    );
}

#[test]
fn lock_check_fails_naming_a_file_with_one_changed_byte() {
    let temp = TempRoot::new("changed");
    let sources = temp.sources();
    write_lock(&sources).unwrap_or_else(|e| panic!("{e}"));
    let path = temp.root.join("pkg/nested/bom-valueset.xml");
    let mut content = fs::read(&path).expect("read");
    let last = content.len() - 2;
    content[last] ^= 0x01;
    fs::write(&path, content).expect("write");
    let message = lock_error(&sources);
    assert!(
        message.contains("changed: pkg/nested/bom-valueset.xml"),
        "{message}"
    );
    assert!(
        !message.contains("tiny-profile"),
        "only the changed file is named: {message}"
    );
    assert!(message.contains("--release -- lock"), "{message}");
}

#[test]
fn lock_check_fails_naming_an_added_file() {
    let temp = TempRoot::new("added");
    let sources = temp.sources();
    write_lock(&sources).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        temp.root.join("pkg/nested/extra.json"),
        bytes("codesystem.json"),
    )
    .expect("write");
    fs::write(temp.root.join("pkg/notes.txt"), "not an input").expect("write");
    let message = lock_error(&sources);
    assert!(
        message.contains("not in the lock: pkg/nested/extra.json"),
        "{message}"
    );
    assert!(!message.contains("notes.txt"), "{message}");
}

#[test]
fn lock_check_fails_naming_a_removed_file_and_a_missing_lock() {
    let temp = TempRoot::new("removed");
    let sources = temp.sources();
    write_lock(&sources).unwrap_or_else(|e| panic!("{e}"));
    fs::remove_file(temp.root.join("pkg/codesystem.json")).expect("remove");
    let message = lock_error(&sources);
    assert!(message.contains("pkg/codesystem.json"), "{message}");
    fs::remove_file(&sources.lock_file).expect("remove lock");
    let message = lock_error(&sources);
    assert!(message.contains("no lock file"), "{message}");
}
