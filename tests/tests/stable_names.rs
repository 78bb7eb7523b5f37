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
//!
//! The first test also checks that each case is really hit, so that it cannot pass by the
//! package constraining nothing that matters.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use careconnect_codegen::diag::Diagnostic;
use careconnect_codegen::ir::profile::{
    Implementor, Member, PStruct, PType, ProfileKind, ProfileLayer, ProfileModule, Rest, StructRef,
    TargetType, Use,
};
use careconnect_codegen::load::model::Registry;
use careconnect_codegen::load::{self, Resource};
use careconnect_codegen::{Built, build, fixups, names, snapshot};
use careconnect_tests::{codegen_config, workspace_root};

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
        let generate = |registry: Registry| {
            let built = build(&registry, &config)
                .unwrap_or_else(|e| panic!("the generator failed on the registry: {e}"));
            Generation { registry, built }
        };
        let without = generate(real_packages());
        let mut registry = real_packages();
        let fixture_diagnostics = add_extra_package(&mut registry);
        let with = generate(registry);
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

/// The real packages as `careconnect_codegen::run` reads them: loaded (lock checked),
/// snapshots generated, fixups applied.
fn real_packages() -> Registry {
    let config = codegen_config();
    let sources = config.read_sources().unwrap_or_else(|e| {
        panic!(
            "{e}\nthese tests read the real definition packages: put the `shared` folder beside \
             the repository or set CARECONNECT_DEFINITIONS to its `definitions` folder"
        )
    });
    let mut registry =
        load::load(&sources).unwrap_or_else(|e| panic!("loading the definitions failed: {e}"));
    snapshot::generate_snapshots(&mut registry);
    fixups::apply(&mut registry).unwrap_or_else(|e| panic!("the fixups failed: {e}"));
    registry
}

/// Adds every file of the fixture package to `registry`, ranked after the real packages,
/// and generates the snapshots of its differentials; returns the snapshot findings.
fn add_extra_package(registry: &mut Registry) -> Vec<Diagnostic> {
    let dir = workspace_root()
        .join("definitions")
        .join("fixtures")
        .join(PACKAGE);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    paths.sort();
    assert!(!paths.is_empty(), "{} has no files", dir.display());
    for path in paths {
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let file = Path::new(PACKAGE).join(path.file_name().unwrap_or_default());
        let (resource, diagnostics) = load::load_file(&file, &bytes, PACKAGE)
            .unwrap_or_else(|e| panic!("the fixture {} does not load: {e}", file.display()));
        assert!(
            diagnostics.is_empty(),
            "loading {} found: {diagnostics:?}",
            file.display()
        );
        let url = match resource {
            Some(Resource::StructureDefinition(r)) => {
                let url = r.url.clone();
                registry
                    .structure_definitions
                    .insert(url.clone(), r)
                    .is_none()
                    .then_some(url)
            }
            Some(Resource::ValueSet(r)) => {
                let url = r.url.clone();
                registry
                    .value_sets
                    .insert(url.clone(), r)
                    .is_none()
                    .then_some(url)
            }
            Some(Resource::CodeSystem(r)) => {
                let url = r.url.clone();
                registry
                    .code_systems
                    .insert(url.clone(), r)
                    .is_none()
                    .then_some(url)
            }
            None => panic!(
                "the fixture {} is not a resource the generator reads",
                file.display()
            ),
        };
        assert!(
            url.is_some(),
            "the fixture {} reuses a URL of the real packages: it must add, not replace",
            file.display()
        );
    }
    registry.packages.push(PACKAGE.to_string());
    snapshot::generate_snapshots(registry)
}

fn is_about_fixture(d: &Diagnostic) -> bool {
    d.location.file.starts_with(PACKAGE)
        || d.location
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://example.org/"))
}

/// The files that list every module of a layer. A new package adds modules, so these may
/// gain lines; every line they had must still be there, in the same order.
fn is_index_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "mod.rs" | "profiled.rs" | "targets.rs")
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
    assert!(
        differing.is_empty(),
        "adding the package `{PACKAGE}` changed {} file(s) the real packages generate:\n{}",
        differing.len(),
        differing.join("\n")
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
        .map(|m| format!("{}/{}.rs", config.profile_dir, m.file))
        .filter(|p| !new_files.contains(p.as_str()))
        .collect();
    let modules = b
        .built
        .profiles
        .modules()
        .filter(|m| m.package == PACKAGE)
        .count();
    assert_eq!(
        modules, 6,
        "the package's 6 definitions should each be a module; new files: {new_files:?}"
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

    // (c) the package's value set has its own enum; Care Connect's keeps its name.
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
    assert_ne!(
        fixture_enum.name, cc_enum.name,
        "(c) the two value sets named {:?} share an enum name",
        fixture_vs.name
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
        names::profile_module(PATIENT, false, &codegen_config().prefix).first(),
        Some(&cc_patient.name),
        "(d) {PATIENT} should first be offered Care Connect's name"
    );
    let patient = module(b_layer, PATIENT);
    assert_ne!(
        patient.name, cc_patient.name,
        "(d) two profiles share a type name"
    );

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
