//! The docs of the committed generated code: each type and field links its definition and
//! states the facts of its element (checked on a few representative elements), and none of
//! the definitions' prose is copied into them.
//!
//! The committed code equals the generator's output (`generated_code.rs`), so these are
//! checks of the generator's docs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use careconnect_tests::{codegen_config, workspace_root};

/// The doc lines of struct `ty` in `file` (relative to the workspace root), or of its field
/// `field`.
fn docs(file: &str, ty: &str, field: Option<&str>) -> Vec<String> {
    let path = workspace_root().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let item = parsed
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == ty => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{file}: no struct {ty}"));
    let attrs = match field {
        None => &item.attrs,
        Some(name) => {
            &item
                .fields
                .iter()
                .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
                .unwrap_or_else(|| panic!("{file}: {ty} has no field {name}"))
                .attrs
        }
    };
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Asserts that `lines` has each of `expected` as a line.
#[track_caller]
fn assert_lines(lines: &[String], expected: &[&str]) {
    for e in expected {
        assert!(
            lines.iter().any(|l| l == e),
            "no doc line\n  {e}\nin\n  {}",
            lines.join("\n  ")
        );
    }
}

const PATIENT: &str = "careconnect-models/src/careconnect/care_connect_patient.rs";
const CC_PATIENT: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";

#[test]
fn sliced_element_docs_name_the_slice_and_its_discriminator() {
    let slice = docs(PATIENT, "CareConnectPatient", Some("nhs_number"));
    assert_lines(
        &slice,
        &[
            &format!(
                "[`Patient.identifier:nhsNumber`]({CC_PATIENT}) · 0..1 · base [`Patient::identifier`](crate::stu3::Patient::identifier)"
            ),
            "- slice `nhsNumber` of `identifier`, by value `system`",
        ],
    );
    let rest = docs(PATIENT, "CareConnectPatient", Some("identifier"));
    assert_lines(
        &rest,
        &["- the items of `identifier` no slice matches, by value `system`; openAtEnd"],
    );
    let extension = docs(PATIENT, "CareConnectPatient", Some("ethnic_category"));
    assert_lines(
        &extension,
        &["- slice `ethnicCategory` of `extension`, by value `url`"],
    );
}

#[test]
fn bound_code_docs_name_strength_value_set_and_code_enum() {
    let gender = docs(PATIENT, "CareConnectPatient", Some("gender"));
    assert_lines(
        &gender,
        &[
            "- binding: required <https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-AdministrativeGender-1>, [`AdministrativeGender`](crate::careconnect::codes::AdministrativeGender)",
        ],
    );
    let base = docs(
        "careconnect-stu3/src/stu3/patient.rs",
        "Patient",
        Some("gender"),
    );
    assert_lines(
        &base,
        &[
            "[`Patient.gender`](https://hl7.org/fhir/STU3/patient-definitions.html#Patient.gender) · 0..1 · code",
            "- binding: required <http://hl7.org/fhir/ValueSet/administrative-gender>, [`AdministrativeGender`](crate::stu3::codes::AdministrativeGender)",
        ],
    );
}

#[test]
fn fixed_value_docs_name_the_value_and_its_constant() {
    let nhs_number = docs(PATIENT, "CareConnectPatientNhsNumber", None);
    assert_lines(
        &nhs_number,
        &[
            "- `system` is fixed to `https://fhir.nhs.uk/Id/nhs-number` ([`SYSTEM`](crate::careconnect::CareConnectPatientNhsNumber::SYSTEM); written on output, checked on input).",
        ],
    );
    // An optional element with a fixed value is a field.
    let system = docs(
        "careconnect-models/src/careconnect/referral_request_method.rs",
        "ReferralRequestMethodValueCodeableConceptCoding",
        Some("system"),
    );
    assert_lines(
        &system,
        &[
            "- fixed: `https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ReferralRequestMethod-1`, [`SYSTEM`](crate::careconnect::ReferralRequestMethodValueCodeableConceptCoding::SYSTEM)",
        ],
    );
}

#[test]
fn reference_docs_link_the_target_types() {
    let gp = docs(PATIENT, "CareConnectPatient", Some("general_practitioner"));
    assert_lines(
        &gp,
        &[
            "- targets: [`CareConnectOrganization`](crate::careconnect::CareConnectOrganization), [`CareConnectPractitioner`](crate::careconnect::CareConnectPractitioner)",
        ],
    );
    let base = docs(
        "careconnect-stu3/src/stu3/patient.rs",
        "Patient",
        Some("general_practitioner"),
    );
    assert_lines(
        &base,
        &[
            "- targets: [`Organization`](crate::stu3::Organization), [`Practitioner`](crate::stu3::Practitioner)",
        ],
    );
}

#[test]
fn choice_and_must_support_are_listed() {
    let effective = docs(
        "careconnect-models/src/careconnect/care_connect_blood_pressure_observation.rs",
        "CareConnectBloodPressureObservation",
        Some("effective"),
    );
    assert_lines(
        &effective,
        &["- types: dateTime | Period", "- must support"],
    );
}

#[test]
fn base_datatype_fields_link_their_entry_in_the_specification() {
    const HUMAN_NAME: &str = "careconnect-stu3/src/stu3/human_name.rs";
    assert_lines(
        &docs(HUMAN_NAME, "HumanName", None),
        &[
            "FHIR datatype [`HumanName`](https://hl7.org/fhir/STU3/datatypes-definitions.html#HumanName).",
        ],
    );
    assert_lines(
        &docs(HUMAN_NAME, "HumanName", Some("family")),
        &[
            "[`HumanName.family`](https://hl7.org/fhir/STU3/datatypes-definitions.html#HumanName.family) · 0..1 · string",
        ],
    );
    // An inherited element links the element that defines it.
    assert_lines(
        &docs(HUMAN_NAME, "HumanName", Some("id")),
        &[
            "[`HumanName.id`](https://hl7.org/fhir/STU3/element-definitions.html#Element.id) · 0..1 · string (XML attribute)",
        ],
    );
    // A datatype on a page other than the datatypes' (the page read from its definition).
    assert_lines(
        &docs("careconnect-stu3/src/stu3/meta.rs", "Meta", None),
        &["FHIR datatype [`Meta`](https://hl7.org/fhir/STU3/resource-definitions.html#Meta)."],
    );
    // Choice elements: `[x]` is `_x_` in the specification's anchors.
    assert_lines(
        &docs(
            "careconnect-stu3/src/stu3/patient.rs",
            "Patient",
            Some("deceased"),
        ),
        &[
            "[`Patient.deceased[x]`](https://hl7.org/fhir/STU3/patient-definitions.html#Patient.deceased_x_) · 0..1 · boolean | dateTime · modifier",
        ],
    );
}

#[test]
fn a_builds_own_types_link_through_the_paths_of_the_users_crate() {
    // The trust fixture package, generated by this crate's build script on top of the
    // models as a user's build script would (`careconnect_tests::trust`).
    let path = Path::new(env!("OUT_DIR")).join("trust_profiles.rs");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let links: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("///"))
        .flat_map(|l| l.split("](").skip(1))
        .filter_map(|rest| rest.split(')').next())
        .filter(|target| !target.starts_with("http"))
        .collect();
    assert!(links.len() > 100, "only {} intra-doc links", links.len());
    let stray: Vec<&&str> = links
        .iter()
        .filter(|t| !t.starts_with("super::") && !t.starts_with("careconnect_models::"))
        .collect();
    assert!(
        stray.is_empty(),
        "links not moved into the user's crate: {stray:?}"
    );
    // A base field, a type the models provide and one of the build's own.
    for expected in [
        "careconnect_models::stu3::Observation::subject",
        "careconnect_models::careconnect::CareConnectPatient",
        "super::TrustHeartRateObservation::STATUS",
    ] {
        assert!(links.contains(&expected), "no link to {expected}");
    }
}

/// The files of `dir` and its subfolders with extension `ext`.
fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|x| x == ext) {
            out.push(path);
        }
    }
}

/// The elements of conformance resources that hold prose.
const PROSE: &[&str] = &[
    "short",
    "definition",
    "comment",
    "comments",
    "requirements",
    "description",
    "purpose",
    "meaningWhenMissing",
    "copyright",
];

/// The labels of codes (`display`): the code enums carry them, as the FHIR display of each
/// code; a code system whose display repeats its definition is not a leak.
const LABEL: &str = "display";

/// How many characters of a prose text are compared: long enough that a fact of the
/// generated docs (a name, a path, a code) cannot be mistaken for it.
const PROSE_PREFIX: usize = 24;

/// Whether the start of a text reads as words, not as a fact that a prose element happens
/// to hold (an element path, a name, a URL, the type list `code | Coding | string` that
/// STU3 writes as the `short` of a choice element).
fn is_words(prefix: &str) -> bool {
    prefix.matches(' ').count() >= 2 && !prefix.contains('|')
}

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The texts of a resource's prose elements (`prose`) and of its code labels (`labels`).
struct Texts {
    prose: Vec<String>,
    labels: Vec<String>,
}

impl Texts {
    fn add(&mut self, element: &str, text: &str) {
        if PROSE.contains(&element) {
            self.prose.push(normalized(text));
        } else if element == LABEL {
            self.labels.push(normalized(text));
        }
    }

    fn json(&mut self, value: &serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map {
                    match v {
                        serde_json::Value::String(s) => self.add(key, s),
                        _ => self.json(v),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| self.json(v)),
            _ => {}
        }
    }

    fn xml(&mut self, text: &str) {
        let Ok(doc) = roxmltree::Document::parse(text.trim_start_matches('\u{feff}')) else {
            return;
        };
        for node in doc.descendants().filter(roxmltree::Node::is_element) {
            if let Some(value) = node.attribute("value") {
                self.add(node.tag_name().name(), value);
            }
        }
    }
}

/// The first [`PROSE_PREFIX`] characters of every prose text of the definition packages
/// the models are generated from that reads as words ([`is_words`]) and is no code's
/// label (texts shorter than that are left out).
fn prose_prefixes() -> HashSet<String> {
    let sources = codegen_config().read_sources().unwrap_or_else(|e| {
        panic!("{e}\nthis test reads the definition packages: put the `shared` folder beside the repository")
    });
    let mut texts = Texts {
        prose: Vec::new(),
        labels: Vec::new(),
    };
    for package in &sources.packages {
        let dir = sources.root.join(&package.path);
        let mut paths = Vec::new();
        files(&dir, "json", &mut paths);
        files(&dir, "xml", &mut paths);
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if path.extension().is_some_and(|x| x == "json") {
                if let Ok(value) = serde_json::from_str(text.trim_start_matches('\u{feff}')) {
                    texts.json(&value);
                }
            } else {
                texts.xml(&text);
            }
        }
    }
    let prefix = |t: &String| -> Option<String> {
        (t.chars().count() >= PROSE_PREFIX).then(|| t.chars().take(PROSE_PREFIX).collect())
    };
    let labels: HashSet<String> = texts.labels.iter().filter_map(prefix).collect();
    texts
        .prose
        .iter()
        .filter_map(prefix)
        .filter(|p| is_words(p) && !labels.contains(p))
        .collect()
}

#[test]
fn no_prose_of_the_definitions_is_in_the_generated_docs() {
    let prefixes = prose_prefixes();
    assert!(
        prefixes.len() > 10_000,
        "only {} prose texts read: are the packages there?",
        prefixes.len()
    );
    let root = workspace_root();
    let mut paths = Vec::new();
    files(&root.join("careconnect-stu3/src/stu3"), "rs", &mut paths);
    files(
        &root.join("careconnect-models/src/careconnect"),
        "rs",
        &mut paths,
    );
    let mut leaks = Vec::new();
    let mut lines = 0;
    for path in &paths {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines() {
            let Some(doc) = line.trim_start().strip_prefix("///") else {
                continue;
            };
            lines += 1;
            let doc = normalized(doc);
            let starts: Vec<usize> = doc.char_indices().map(|(i, _)| i).collect();
            for (k, &start) in starts.iter().enumerate() {
                let Some(&end) = starts.get(k + PROSE_PREFIX) else {
                    let tail = &doc[start..];
                    if tail.chars().count() == PROSE_PREFIX && prefixes.contains(tail) {
                        leaks.push(format!("{}: {doc}", path.display()));
                    }
                    break;
                };
                if prefixes.contains(&doc[start..end]) {
                    leaks.push(format!("{}: {doc}", path.display()));
                    break;
                }
            }
        }
    }
    assert!(lines > 10_000, "only {lines} doc lines checked");
    assert!(
        leaks.is_empty(),
        "{} doc lines quote the definitions' prose:\n{}",
        leaks.len(),
        leaks
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
