//! Generated names depend only on what they name (issue 11): adding a package leaves every
//! file the earlier packages generate as it was, and no public name of the profile layer
//! carries a disambiguation counter.
//!
//! The added package is `definitions/fixtures/extra-package`, loaded beside the real
//! packages (which rank before it, as `sources.toml` would list it last). Each of its files
//! is there to hit one way a new package could rename what the earlier ones generate:
//!
//! | file | what could rename things |
//! |---|---|
//! | `Example-Inpatient-Encounter`, `Example-DayCase-Encounter` | (a) two profiles constrain `Encounter.hospitalization` alike: a new shared struct of the package |
//! | `Example-Goal` | (b) `Goal.identifier` constrained exactly as Care Connect constrains identifiers: Care Connect's shared struct must be reused; (e) `Goal.subject` targets Care Connect profiles |
//! | `ValueSet-example-discharge-method` | (c) named as Care Connect's required discharge method value set, other codes, bound `required` by the shared struct of (a) |
//! | `CareConnect-Patient-1` | (d) its URL ends as Care Connect's Patient profile's does; (f) slices `Patient.extension` with the extension below |
//! | `Extension-Example-HousingStatus` | (f) the extension definition of that slice |
//! | `CareConnect-Patient-Contact-1` | (g) its type name would be the name of Care Connect's struct for `Patient.contact` |
//! | `CareConnect-CodeableConcept-1` | (h) its type name would be the name of a struct Care Connect shares (`CareConnectCodeableConcept`) |
//!
//! The first test also checks that each case is really hit, so that it cannot pass by the
//! package constraining nothing that matters.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use careconnect_codegen::diag::Diagnostic;
use careconnect_codegen::ir::profile::{
    Implementor, Member, PStruct, PType, ProfileKind, ProfileLayer, ProfileModule, Rest, StructRef,
    TargetType, Use,
};
use careconnect_codegen::load::model::Registry;
use careconnect_codegen::{Built, build, names};
use careconnect_tests::{
    add_package, codegen_config, is_index_file, real_packages, workspace_root,
};

/// The fixture package's name; it ranks after the real packages.
const PACKAGE: &str = "extra-package";

const CARE_CONNECT: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/";
const EXAMPLE: &str = "https://example.org/fhir/StructureDefinition/";
const INPATIENT: &str = "https://example.org/fhir/StructureDefinition/Example-Inpatient-Encounter";
const DAY_CASE: &str = "https://example.org/fhir/StructureDefinition/Example-DayCase-Encounter";
const GOAL: &str = "https://example.org/fhir/StructureDefinition/Example-Goal";
const PATIENT: &str = "https://example.org/fhir/StructureDefinition/CareConnect-Patient-1";
const HOUSING_STATUS: &str =
    "https://example.org/fhir/StructureDefinition/Extension-Example-HousingStatus";
const DISCHARGE_METHOD: &str = "https://example.org/fhir/ValueSet/example-discharge-method";
const PATIENT_CONTACT: &str =
    "https://example.org/fhir/StructureDefinition/CareConnect-Patient-Contact-1";
const CODEABLE_CONCEPT: &str =
    "https://example.org/fhir/StructureDefinition/CareConnect-CodeableConcept-1";

/// One generation: the registry it read and what it built.
struct Generation {
    registry: Registry,
    built: Built,
}

/// The real packages alone (A) and with the fixture package added (B), built once for
/// both tests.
fn generations() -> &'static (Generation, Generation) {
    static GENERATIONS: OnceLock<(Generation, Generation)> = OnceLock::new();
    GENERATIONS.get_or_init(|| {
        let config = codegen_config();
        let generate = |registry: Registry, what: &str| {
            let built = build(&registry, &config)
                .unwrap_or_else(|e| panic!("the generator fails on {what}: {e}"));
            Generation { registry, built }
        };
        let without = generate(real_packages(), "the real packages");
        let mut registry = real_packages();
        let fixture_diagnostics = add_extra_package(&mut registry);
        // A failure here is a name of the real packages that the added package took away.
        let with = generate(
            registry,
            &format!("the real packages once the package `{PACKAGE}` is added"),
        );
        // The fixture is well-formed: nothing found in it while generating snapshots, and
        // nothing while lowering that its Care Connect bases do not have already (a finding
        // would mean the package does not constrain what it says).
        let inherited: BTreeSet<(Option<&str>, &str)> = without
            .built
            .diagnostics
            .iter()
            .map(|d| (d.location.element.as_deref(), d.message.as_str()))
            .collect();
        let findings: Vec<String> = fixture_diagnostics
            .iter()
            .chain(with.built.diagnostics.iter().filter(|d| {
                !inherited.contains(&(d.location.element.as_deref(), d.message.as_str()))
            }))
            .filter(|d| is_about_fixture(d))
            .map(ToString::to_string)
            .collect();
        assert!(
            findings.is_empty(),
            "the fixture package has findings:\n{}",
            findings.join("\n")
        );
        (without, with)
    })
}

/// Adds the fixture package to `registry`; returns the findings of loading it and of
/// generating its snapshots.
fn add_extra_package(registry: &mut Registry) -> Vec<Diagnostic> {
    let dir = workspace_root()
        .join("definitions")
        .join("fixtures")
        .join(PACKAGE);
    add_package(registry, PACKAGE, &dir)
}

fn is_about_fixture(d: &Diagnostic) -> bool {
    d.location.file.starts_with(PACKAGE)
        || d.location
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://example.org/"))
}

#[test]
fn adding_a_package_leaves_every_other_generated_file_byte_identical() {
    let (a, b) = generations();
    let b_files: BTreeMap<&str, &str> = b
        .built
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let mut differing = Vec::new();
    for f in &a.built.files {
        match b_files.get(f.path.as_str()) {
            None => differing.push(format!("{}: no longer generated", f.path)),
            Some(&contents) if contents == f.contents => {}
            Some(&contents) if is_index_file(&f.path) => {
                let lost = lines_not_kept(&f.contents, contents);
                if !lost.is_empty() {
                    differing.push(format!(
                        "{} (an index: it may only gain lines) lost or reordered:\n    {}",
                        f.path,
                        lost.join("\n    ")
                    ));
                }
            }
            Some(&contents) => differing.push(format!(
                "{}: changed\n{}",
                f.path,
                first_difference(&f.contents, contents)
            )),
        }
    }
    let b_names: BTreeMap<String, String> = public_names(&b.built.profiles, &b.registry)
        .into_iter()
        .map(|n| (n.identity, n.name))
        .collect();
    let renamed: Vec<String> = public_names(&a.built.profiles, &a.registry)
        .into_iter()
        .filter(|n| b_names.get(&n.identity) != Some(&n.name))
        .map(|n| {
            let now = b_names.get(&n.identity).map_or("(gone)", String::as_str);
            format!("{}: {} -> {now}", n.identity, n.name)
        })
        .collect();
    let renamed = if renamed.is_empty() {
        "(none)".to_string()
    } else {
        renamed.join("\n")
    };
    assert!(
        differing.is_empty(),
        "adding the package `{PACKAGE}` changed {} file(s) the real packages generate:\n{}\n\
         names of the real packages' types it changed:\n{renamed}",
        differing.len(),
        differing.join("\n"),
    );

    // The package's own modules are new files (so the comparison above saw the package).
    let a_paths: BTreeSet<&str> = a.built.files.iter().map(|f| f.path.as_str()).collect();
    let new_files: BTreeSet<&str> = b_files
        .keys()
        .copied()
        .filter(|p| !a_paths.contains(p))
        .collect();
    let config = codegen_config();
    let missing: Vec<String> = b
        .built
        .profiles
        .modules()
        .filter(|m| m.package == PACKAGE)
        .map(|m| format!("{}/{}.rs", config.profile_dir(), m.file))
        .filter(|p| !new_files.contains(p.as_str()))
        .collect();
    let modules = b
        .built
        .profiles
        .modules()
        .filter(|m| m.package == PACKAGE)
        .count();
    assert_eq!(
        modules, 7,
        "the package's 7 StructureDefinitions should each be a module; new files: {new_files:?}"
    );
    assert!(
        missing.is_empty(),
        "the package's modules are not new files: {missing:?}; new files: {new_files:?}"
    );
    assert_fixture_hits_every_renaming_case(a, b);
}

/// Each case the fixture package is written for is really hit.
fn assert_fixture_hits_every_renaming_case(a: &Generation, b: &Generation) {
    let (a_layer, b_layer) = (&a.built.profiles, &b.built.profiles);
    let prefix = codegen_config().prefix;
    let a_shared: BTreeSet<&str> = a_layer.shared.iter().map(|s| s.def.name.as_str()).collect();

    // (a) a new shared struct of the package, standing for both Encounter profiles.
    let hospitalization = |profile: &str| Use {
        profile: profile.to_string(),
        element: "Encounter.hospitalization".to_string(),
    };
    let shared_a = b_layer
        .shared
        .iter()
        .find(|s| s.used_by.contains(&hospitalization(INPATIENT)))
        .unwrap_or_else(|| {
            panic!("(a) no shared struct stands for Encounter.hospitalization in {INPATIENT}")
        });
    assert!(
        !a_shared.contains(shared_a.def.name.as_str())
            && shared_a.used_by.contains(&hospitalization(DAY_CASE))
            && shared_a
                .used_by
                .iter()
                .all(|u| u.profile.starts_with(EXAMPLE)),
        "(a) {} should be new and stand for the package's two Encounter profiles only: {:?}",
        shared_a.def.name,
        shared_a.used_by
    );
    assert!(
        shared_a
            .def
            .fields()
            .any(|f| matches!(unboxed(&f.ty), PType::Concept(vs) if vs == DISCHARGE_METHOD)),
        "(a) {} should bind dischargeDisposition to {DISCHARGE_METHOD}",
        shared_a.def.name
    );

    // (b) Goal.identifier reuses the struct Care Connect shares for Condition.identifier,
    // and the package makes no struct of that shape of its own.
    let condition_identifier = Use {
        profile: format!("{CARE_CONNECT}CareConnect-Condition-1"),
        element: "Condition.identifier".to_string(),
    };
    let cc_identifier = a_layer
        .shared
        .iter()
        .find(|s| s.used_by.contains(&condition_identifier))
        .expect("(b) Care Connect shares the struct of Condition.identifier");
    let goal = module(b_layer, GOAL);
    let identifier = field_type(&goal.structs[0], "identifier");
    assert_eq!(
        identifier,
        &PType::Struct(StructRef::Shared(cc_identifier.def.name.clone())),
        "(b) Goal.identifier should be Care Connect's {}",
        cc_identifier.def.name
    );
    let same_shape: Vec<&str> = b_layer
        .shared
        .iter()
        .map(|s| &s.def)
        .filter(|s| !a_shared.contains(s.name.as_str()))
        .chain(
            b_layer
                .modules()
                .filter(|m| m.package == PACKAGE)
                .flat_map(|m| m.structs.iter().skip(1)),
        )
        .filter(|s| shape(s) == shape(&cc_identifier.def))
        .map(|s| s.name.as_str())
        .collect();
    assert!(
        same_shape.is_empty(),
        "(b) the package made structs shaped as {}: {same_shape:?}",
        cc_identifier.def.name
    );

    // (c) the package's required value set is named as Care Connect's, with other codes.
    let fixture_vs = &b.registry.value_sets[DISCHARGE_METHOD];
    let cc_vs = a
        .registry
        .value_sets
        .values()
        .find(|v| v.name == fixture_vs.name && v.url != DISCHARGE_METHOD)
        .expect("(c) Care Connect has a value set of the fixture's name");
    let cc_enum = a_layer
        .code_enum(&cc_vs.url)
        .unwrap_or_else(|| panic!("(c) Care Connect has an enum for {}", cc_vs.url));
    let fixture_enum = b_layer
        .code_enum(DISCHARGE_METHOD)
        .expect("(c) the package's required value set has an enum");
    assert_eq!(
        fixture_vs.name.as_deref().map(names::type_name).as_ref(),
        Some(&cc_enum.name),
        "(c) the package's value set should first be offered the name of Care Connect's enum"
    );
    let fixture_codes: BTreeSet<&str> = fixture_enum
        .variants
        .iter()
        .map(|v| v.code.as_str())
        .collect();
    let cc_codes: BTreeSet<&str> = cc_enum.variants.iter().map(|v| v.code.as_str()).collect();
    assert_ne!(
        fixture_codes, cc_codes,
        "(c) the two value sets should list other codes"
    );

    // (d) the package's Patient profile would take Care Connect's Patient type name.
    let cc_patient = module(a_layer, &format!("{CARE_CONNECT}CareConnect-Patient-1"));
    assert_eq!(
        names::profile_module(PATIENT, false, &prefix).first(),
        Some(&cc_patient.name),
        "(d) {PATIENT} should first be offered Care Connect's name"
    );
    let patient = module(b_layer, PATIENT);

    // (e) Goal.subject targets Care Connect's Patient and Organization profiles.
    let cc_organization = module(
        a_layer,
        &format!("{CARE_CONNECT}CareConnect-Organization-1"),
    );
    let PType::Ref { targets, .. } = unboxed(field_type(&goal.structs[0], "subject")) else {
        panic!("(e) Goal.subject is not a typed reference");
    };
    let marker = b_layer
        .targets
        .iter()
        .find(|t| &t.name == targets)
        .unwrap_or_else(|| panic!("(e) no target marker {targets}"));
    for (profile, resource_type) in [(cc_patient, "Patient"), (cc_organization, "Organization")] {
        let implementor = Implementor {
            ty: TargetType::Profile(profile.name.clone()),
            resource_type: resource_type.to_string(),
        };
        assert!(
            marker.implementors.contains(&implementor),
            "(e) {} should be a target of Goal.subject: {:?}",
            profile.name,
            marker.implementors
        );
    }

    // (f) a slice of the package's Patient profile typed by the package's extension.
    let extension = module(b_layer, HOUSING_STATUS);
    assert_eq!(extension.kind, ProfileKind::Extension);
    let slice = patient.structs[0]
        .slicings()
        .flat_map(|s| &s.slices)
        .find(|s| s.name == "housingStatus")
        .expect("(f) Patient.extension:housingStatus is a slice");
    assert_eq!(
        slice.field.as_ref().map(|f| unboxed(&f.ty)),
        Some(&PType::Struct(StructRef::Module(extension.name.clone()))),
        "(f) the slice should hold the extension's type"
    );

    // (g) a profile whose type name would be that of Care Connect's Patient.contact struct.
    let cc_contact = cc_patient
        .structs
        .iter()
        .find(|s| s.element == "Patient.contact")
        .expect("(g) Care Connect's Patient profile has a struct for Patient.contact");
    assert_eq!(
        names::profile_module(PATIENT_CONTACT, false, &prefix).first(),
        Some(&cc_contact.name),
        "(g) {PATIENT_CONTACT} should first be offered the name of Care Connect's Patient.contact struct"
    );
    module(b_layer, PATIENT_CONTACT);

    // (h) a profile whose type name would be that of a struct Care Connect shares.
    let observation_code = Use {
        profile: format!("{CARE_CONNECT}CareConnect-Observation-1"),
        element: "Observation.code".to_string(),
    };
    let cc_concept = a_layer
        .shared
        .iter()
        .find(|s| s.used_by.contains(&observation_code))
        .expect("(h) Care Connect shares the struct of Observation.code");
    assert_eq!(
        names::profile_module(CODEABLE_CONCEPT, false, &prefix).first(),
        Some(&cc_concept.def.name),
        "(h) {CODEABLE_CONCEPT} should first be offered the name of Care Connect's shared {}",
        cc_concept.def.name
    );
    module(b_layer, CODEABLE_CONCEPT);
}

#[test]
fn no_public_generated_name_carries_a_disambiguation_counter() {
    // The check itself catches a counter, and lets digits of the source through.
    assert_eq!(
        unexplained_digits(
            "CareConnectPatient2",
            &[format!("{CARE_CONNECT}CareConnect-Patient-1")]
        ),
        ["2"]
    );
    assert!(unexplained_digits("CareConnectSnomedCt2", &["Sp02 2".to_string()]).is_empty());

    let (a, b) = generations();
    let names = public_names(&b.built.profiles, &b.registry);
    assert!(
        names.iter().any(
            |n| n.kind == "module" && n.sources.first().is_some_and(|u| u.starts_with(EXAMPLE))
        ),
        "the names should include the fixture package's"
    );
    let mut offending = Vec::new();
    for n in &names {
        let digits = unexplained_digits(&n.name, &n.sources);
        if !digits.is_empty() {
            offending.push(format!(
                "{} {}: digits {digits:?} come from none of its sources {:?}",
                n.kind, n.name, n.sources
            ));
        }
    }
    // Digits that come from the source still read as a counter when the name without them
    // is another name of the same namespace whose source has them too
    // (`CareConnectPatient` and `CareConnectPatient1`, both from a URL ending in `-1`): the
    // digits then do not say what tells the two apart (as the `2` of a code `C2` beside a
    // code `C` does).
    let by_namespace: BTreeMap<(&str, &str), &Named> = names
        .iter()
        .map(|n| ((n.namespace.as_str(), n.name.as_str()), n))
        .collect();
    for n in &names {
        let stem = n.name.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = &n.name[stem.len()..];
        let Some(other) = by_namespace.get(&(n.namespace.as_str(), stem)) else {
            continue;
        };
        if !digits.is_empty() && unexplained_digits(digits, &other.sources).is_empty() {
            offending.push(format!(
                "{} {}: reads as {} {stem} with a counter: its digits are in both sources \
                 ({:?}, {:?})",
                n.kind, n.name, other.kind, n.sources, other.sources
            ));
        }
    }

    // (c) and (d): the package's value set and profile named like Care Connect's get names
    // of their own.
    let a_layer = &a.built.profiles;
    let b_layer = &b.built.profiles;
    let cc_enum = a_layer
        .code_enum("https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-DischargeMethod-1")
        .expect("Care Connect's discharge method value set has an enum");
    let fixture_enum = b_layer
        .code_enum(DISCHARGE_METHOD)
        .expect("the package's discharge method value set has an enum");
    let cc_patient = module(a_layer, &format!("{CARE_CONNECT}CareConnect-Patient-1"));
    let patient = module(b_layer, PATIENT);
    for (what, fixture, cc) in [
        ("(c) code enum", &fixture_enum.name, &cc_enum.name),
        ("(d) profile", &patient.name, &cc_patient.name),
    ] {
        if fixture == cc {
            offending.push(format!(
                "{what} {fixture}: the package's takes Care Connect's name"
            ));
        } else if fixture.trim_end_matches(|c: char| c.is_ascii_digit()) == cc.as_str() {
            offending.push(format!(
                "{what} {fixture}: Care Connect's name {cc} with a counter"
            ));
        }
    }
    assert!(
        offending.is_empty(),
        "{} of {} public names carry a disambiguation counter:\n{}",
        offending.len(),
        names.len(),
        offending.join("\n")
    );
}

/// A public name of the profile layer and what it is made from.
struct Named {
    /// `module`, `nested struct`, `choice enum`, `shared struct`, `code enum`,
    /// `code variant`, `target marker`.
    kind: &'static str,
    /// Names that must differ from each other (types, `codes`, `targets`, one enum's variants).
    namespace: String,
    /// What is named, the same in every generation (`module <url>`, `code enum <url>`).
    identity: String,
    name: String,
    /// What the name may take its words from.
    sources: Vec<String>,
}

/// Every public name of the profile layer: module main types, nested structs, choice
/// enums, shared structs, code enums and their variants, target markers.
fn public_names(layer: &ProfileLayer, registry: &Registry) -> Vec<Named> {
    let mut out = Vec::new();
    let types = || "types".to_string();
    for m in layer.modules() {
        out.push(Named {
            kind: "module",
            namespace: types(),
            identity: format!("module {}", m.url),
            name: m.name.clone(),
            sources: vec![m.url.clone()],
        });
        for s in m.structs.iter().skip(1) {
            out.push(Named {
                kind: "nested struct",
                namespace: types(),
                identity: format!("struct {} in {}", s.element, m.url),
                name: s.name.clone(),
                sources: vec![m.name.clone(), s.element.clone(), s.base.clone()],
            });
        }
        for c in &m.choices {
            out.push(Named {
                kind: "choice enum",
                namespace: types(),
                identity: format!("choice {} in {}", c.element, m.url),
                name: c.name.clone(),
                sources: vec![m.name.clone(), c.element.clone()],
            });
        }
    }
    for s in &layer.shared {
        let mut sources: Vec<String> = s.used_by.iter().map(|u| u.element.clone()).collect();
        struct_words(&s.def, layer, &mut BTreeSet::new(), &mut sources);
        out.push(Named {
            kind: "shared struct",
            namespace: types(),
            identity: s.used_by.first().map_or_else(
                || format!("shared struct {}", s.def.name),
                |u| format!("struct {} in {} (shared)", u.element, u.profile),
            ),
            name: s.def.name.clone(),
            sources,
        });
    }
    for e in &layer.code_enums {
        let vs = registry.value_sets.get(&e.value_set);
        let sources = [
            vs.and_then(|v| v.name.clone()),
            vs.and_then(|v| v.id.clone()),
            Some(e.value_set.clone()),
        ];
        out.push(Named {
            kind: "code enum",
            namespace: "codes".to_string(),
            identity: format!("code enum {}", e.value_set),
            name: e.name.clone(),
            sources: sources.into_iter().flatten().collect(),
        });
        for v in &e.variants {
            // A code with no letters of its own may be named from its display text, its
            // symbols spelled out, or its bytes in hexadecimal.
            let hex: String = v.code.bytes().map(|b| format!("{b:02X}")).collect();
            out.push(Named {
                kind: "code variant",
                namespace: format!("codes::{}", e.name),
                identity: format!("code {:?} of {}", v.code, e.value_set),
                name: v.name.clone(),
                sources: [Some(v.code.clone()), v.display.clone(), Some(hex)]
                    .into_iter()
                    .flatten()
                    .collect(),
            });
        }
    }
    for t in &layer.targets {
        out.push(Named {
            kind: "target marker",
            namespace: "targets".to_string(),
            identity: format!("target marker {}", t.types.join("|")),
            name: t.name.clone(),
            sources: t.types.clone(),
        });
    }
    out
}

/// The words a shared struct's name may be made of: its elements, slice names, fixed
/// values, bound value sets, referenced types and markers, the types its choices keep,
/// and the same of the structs it holds.
fn struct_words(
    s: &PStruct,
    layer: &ProfileLayer,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<String>,
) {
    if !seen.insert(s.name.clone()) {
        return;
    }
    out.extend([s.element.clone(), s.base.clone()]);
    for m in &s.members {
        match m {
            Member::Field(f) => {
                out.extend([f.element.clone(), f.base_field.clone()]);
                type_words(&f.ty, layer, seen, out);
            }
            Member::Sliced(sl) => {
                out.extend([sl.element.clone(), sl.base_field.clone()]);
                let rest = match &sl.rest {
                    Rest::Open(f) => Some(f),
                    Rest::Closed => None,
                };
                for slice in &sl.slices {
                    out.push(slice.name.clone());
                }
                for f in sl
                    .slices
                    .iter()
                    .filter_map(|s| s.field.as_ref())
                    .chain(rest)
                {
                    out.push(f.element.clone());
                    type_words(&f.ty, layer, seen, out);
                }
            }
            Member::Fixed(f) => {
                out.extend([
                    f.element.clone(),
                    f.base_field.clone(),
                    f.value.literal.text(),
                ]);
            }
            Member::Removed(r) => out.extend([r.element.clone(), r.base_field.clone()]),
        }
    }
}

fn type_words(
    ty: &PType,
    layer: &ProfileLayer,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<String>,
) {
    match ty {
        PType::Base { .. } => {}
        PType::Struct(r) => {
            out.push(r.name().to_string());
            let held = layer
                .shared
                .iter()
                .map(|s| &s.def)
                .chain(layer.modules().flat_map(|m| m.structs.iter()))
                .find(|s| s.name == r.name());
            if let Some(held) = held {
                struct_words(held, layer, seen, out);
            }
        }
        PType::Code { value_set, .. } | PType::Concept(value_set) | PType::Coding(value_set) => {
            out.push(value_set.clone());
        }
        PType::Ref { targets, .. } => out.push(targets.clone()),
        PType::Choice(name) => {
            out.push(name.clone());
            let choice = layer
                .modules()
                .flat_map(|m| m.choices.iter())
                .find(|c| &c.name == name);
            for v in choice.iter().flat_map(|c| &c.variants) {
                out.extend([v.name.clone(), v.type_code.clone()]);
                type_words(&v.ty, layer, seen, out);
            }
        }
        PType::Fixed(v) => out.push(v.literal.text()),
        PType::Unboxed(inner) => type_words(inner, layer, seen, out),
        PType::ChoiceOnly { variant, ty, .. } => {
            out.push(variant.clone());
            type_words(ty, layer, seen, out);
        }
        PType::MaxLength { max, ty } => {
            out.push(max.to_string());
            type_words(ty, layer, seen, out);
        }
    }
}

/// The runs of digits in `name` that are no run of digits of any source (a source's runs
/// are taken as written and with everything but letters and digits removed: `v2.0` gives
/// `2`, `0` and `20`).
fn unexplained_digits(name: &str, sources: &[String]) -> Vec<String> {
    let mut known = BTreeSet::new();
    for s in sources {
        let alphanumeric: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
        known.extend(digit_runs(s));
        known.extend(digit_runs(&alphanumeric));
    }
    digit_runs(name)
        .into_iter()
        .filter(|run| !known.contains(run))
        .collect()
}

fn digit_runs(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(str::to_string)
        .collect()
}

/// The module generated for a definition.
fn module<'l>(layer: &'l ProfileLayer, url: &str) -> &'l ProfileModule {
    layer
        .modules()
        .find(|m| m.url == url)
        .unwrap_or_else(|| panic!("no module for {url}"))
}

/// The type of a struct's field for base field `base_field` (the first, for a sliced one).
fn field_type<'s>(s: &'s PStruct, base_field: &str) -> &'s PType {
    s.fields()
        .find(|f| f.base_field == base_field)
        .map(|f| &f.ty)
        .unwrap_or_else(|| panic!("{} has no field for {base_field}", s.name))
}

fn unboxed(ty: &PType) -> &PType {
    match ty {
        PType::Unboxed(inner) => unboxed(inner),
        other => other,
    }
}

/// A struct without its name and element ids: what it constrains.
fn shape(s: &PStruct) -> PStruct {
    let mut s = s.clone();
    s.name.clear();
    s.element.clear();
    for m in &mut s.members {
        match m {
            Member::Field(f) => f.element.clear(),
            Member::Sliced(sl) => {
                sl.element.clear();
                for slice in &mut sl.slices {
                    if let Some(f) = &mut slice.field {
                        f.element.clear();
                    }
                }
                if let Rest::Open(f) = &mut sl.rest {
                    f.element.clear();
                }
            }
            Member::Fixed(f) => f.element.clear(),
            Member::Removed(r) => r.element.clear(),
        }
    }
    s
}

/// The lines of `before` that `after` does not have in the same order.
fn lines_not_kept<'t>(before: &'t str, after: &str) -> Vec<&'t str> {
    let after: Vec<&str> = after.lines().collect();
    let mut next = 0;
    before
        .lines()
        .filter(|line| {
            match after
                .get(next..)
                .and_then(|rest| rest.iter().position(|l| l == line))
            {
                Some(i) => {
                    next += i + 1;
                    false
                }
                None => true,
            }
        })
        .collect()
}

/// The first differing line of two texts, with its number.
fn first_difference(before: &str, after: &str) -> String {
    let mut b = before.lines();
    let mut a = after.lines();
    let mut n = 1;
    loop {
        match (b.next(), a.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            (x, y) => {
                return format!(
                    "    line {n} was: {}\n    line {n} is:  {}",
                    x.unwrap_or("(end of file)"),
                    y.unwrap_or("(end of file)")
                );
            }
        }
    }
}
