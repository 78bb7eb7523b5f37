//! Golden tests of the profile layer, one profile rule per case, in the manner of
//! prost-build's expected-output fixtures.
//!
//! Each case is a folder of hand-written definitions, `definitions/fixtures/golden/<case>/`
//! (its README lists what each case proves), generated on top of the miniature core of
//! `definitions/fixtures/golden/core/` through snapshot generation, lowering and emitting.
//! What the rule produced is compared with the committed files of
//! `codegen/tests/golden/<case>/`:
//!
//! * `ir.json`: the profile layer's IR (only the case's definitions are profiles);
//! * `<file>.rs`: the emitted files of the profile layer: one per module, and the
//!   `codes/`, `shared/` and `targets.rs` files the case produces (the `mod.rs` files and
//!   `profiled.rs` only list the others and are left out, as are the core's base files);
//! * `diagnostics.txt`: the findings about the case's definitions, one a line.
//!
//! On a difference the test prints a unified diff. To accept the new output, run
//! [`UPDATE_COMMAND`]: the tests then rewrite the expected files and still fail, so that
//! the change is reviewed (`git diff codegen/tests/golden`) and committed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use careconnect_codegen::diag::Diagnostic;
use careconnect_codegen::load::model::{Derivation, Registry};
use careconnect_codegen::load::{Resource, load_file};
use careconnect_codegen::write::HEADER;
use careconnect_codegen::{Built, Config, build, snapshot};

/// The one command that refreshes every expected file.
const UPDATE_COMMAND: &str = "UPDATE_GOLDEN=1 cargo test -p careconnect-codegen --test golden";

/// The package of the miniature core, and of each case's definitions (in this order).
const CORE_PACKAGE: &str = "core";
const CASE_PACKAGE: &str = "fixture";

/// How many unchanged lines a diff shows around each change.
const CONTEXT: usize = 3;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../definitions/fixtures/golden")
}

fn expected_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The files of a folder and its subfolders, by path relative to it, sorted.
fn files_under(dir: &Path) -> BTreeMap<String, PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, PathBuf>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => panic!("{}: {e}", dir.display()),
        };
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(relative) = path.strip_prefix(root) {
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(key, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The miniature core (package `core`) and, when given, the definitions of `case`
/// (package `fixture`), loaded as the loader loads two packages; the canonical URLs of the
/// case's definitions.
fn registry(case: Option<&str>) -> (Registry, BTreeSet<String>) {
    let mut registry = Registry {
        packages: vec![CORE_PACKAGE.into(), CASE_PACKAGE.into()],
        ..Registry::default()
    };
    let mut case_urls = BTreeSet::new();
    let folders = std::iter::once(("core", CORE_PACKAGE)).chain(case.map(|c| (c, CASE_PACKAGE)));
    for (folder, package) in folders {
        let files: Vec<(String, PathBuf)> = files_under(&fixtures_root().join(folder))
            .into_iter()
            .filter(|(name, _)| name.ends_with(".json"))
            .collect();
        assert!(
            !files.is_empty(),
            "no definitions in {}",
            fixtures_root().join(folder).display()
        );
        for (name, path) in files {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // Named relative to `definitions/`, as the loader names package files.
            let file = Path::new("fixtures/golden").join(folder).join(&name);
            let (resource, diagnostics) =
                load_file(&file, &bytes, package).unwrap_or_else(|e| panic!("{e}"));
            registry.diagnostics.extend(diagnostics);
            let resource = resource.unwrap_or_else(|| {
                panic!("{}: not a resource the generator reads", path.display())
            });
            if package == CASE_PACKAGE {
                case_urls.insert(resource.url().to_string());
            }
            match resource {
                Resource::StructureDefinition(r) => {
                    registry.structure_definitions.insert(r.url.clone(), r);
                }
                Resource::ValueSet(r) => {
                    registry.value_sets.insert(r.url.clone(), r);
                }
                Resource::CodeSystem(r) => {
                    registry.code_systems.insert(r.url.clone(), r);
                }
            }
        }
    }
    (registry, case_urls)
}

/// The stages after loading, run on [`registry`]: snapshots, lowering, emitting; every
/// finding of every stage.
struct Generated {
    registry: Registry,
    built: Built,
    diagnostics: Vec<Diagnostic>,
    case_urls: BTreeSet<String>,
}

fn generate(case: Option<&str>) -> Generated {
    let (mut registry, case_urls) = registry(case);
    let mut diagnostics: Vec<Diagnostic> = std::mem::take(&mut registry.diagnostics);
    diagnostics.extend(snapshot::generate_snapshots(&mut registry));
    let built = build(&registry, &Config::workspace()).unwrap_or_else(|e| {
        panic!(
            "{}: the generator stopped:\n{e}",
            case.unwrap_or("the miniature core")
        )
    });
    diagnostics.extend(built.diagnostics.iter().cloned());
    Generated {
        registry,
        built,
        diagnostics,
        case_urls,
    }
}

/// What `case` produces: expected-file name → contents.
fn outputs(case: &str) -> BTreeMap<String, String> {
    let Generated {
        registry,
        built,
        diagnostics,
        case_urls,
    } = generate(Some(case));
    let layer = &built.profiles;

    // Every profile of the case became a module: a case that lowers to nothing shows no rule.
    let modules: BTreeSet<&str> = layer.modules().map(|m| m.url.as_str()).collect();
    for url in &case_urls {
        let is_profile = registry
            .structure_definitions
            .get(url)
            .is_some_and(|sd| sd.derivation == Some(Derivation::Constraint));
        assert!(
            !is_profile || modules.contains(url.as_str()),
            "case {case}: {url} became no module"
        );
    }
    for url in &modules {
        assert!(
            case_urls.contains(*url),
            "case {case}: module {url} is not one of the case's definitions"
        );
    }

    let mut out = BTreeMap::new();
    let ir = serde_json::to_string_pretty(layer)
        .unwrap_or_else(|e| panic!("case {case}: the IR does not serialize: {e}"));
    out.insert("ir.json".to_string(), ir + "\n");

    let mut wanted: BTreeSet<String> = layer.modules().map(|m| format!("{}.rs", m.file)).collect();
    wanted.extend(
        layer
            .code_enums
            .iter()
            .map(|c| format!("codes/{}.rs", c.file)),
    );
    wanted.extend(layer.shared.iter().map(|s| {
        format!(
            "shared/{}.rs",
            careconnect_codegen::names::module(&s.def.name)
        )
    }));
    if !layer.targets.is_empty() {
        wanted.insert("targets.rs".to_string());
    }
    let prefix = format!("{}/", Config::workspace().profile_dir());
    for file in &built.files {
        let Some(name) = file.path.strip_prefix(&prefix) else {
            continue;
        };
        if wanted.remove(name) {
            let body = file.contents.strip_prefix(HEADER).unwrap_or(&file.contents);
            out.insert(name.to_string(), body.to_string());
        }
    }
    assert!(
        wanted.is_empty(),
        "case {case}: the layer names files that were not emitted: {wanted:?}"
    );

    let mut lines: Vec<String> = diagnostics
        .iter()
        .filter(|d| {
            d.location
                .url
                .as_ref()
                .is_some_and(|u| case_urls.contains(u))
        })
        .map(|d| format!("{d}\n"))
        .collect();
    lines.sort();
    lines.dedup();
    out.insert("diagnostics.txt".to_string(), lines.concat());
    out
}

/// Compares what `case` produces with its expected files; on a difference, fails with a
/// diff of each file, after rewriting them when `UPDATE_GOLDEN` is set.
fn check(case: &str) {
    let actual = outputs(case);
    let dir = expected_root().join(case);
    let expected = files_under(&dir);
    let mut report = String::new();
    let mut changed = Vec::new();
    for (name, contents) in &actual {
        let old = expected
            .get(name)
            .map(|p| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())));
        if old.as_deref() == Some(contents.as_str()) {
            continue;
        }
        report.push_str(&unified_diff(
            &format!("{case}/{name}"),
            old.as_deref().unwrap_or_default(),
            contents,
        ));
        changed.push(name.clone());
    }
    let stale: Vec<&String> = expected
        .keys()
        .filter(|k| !actual.contains_key(*k))
        .collect();
    for name in &stale {
        report.push_str(&format!("--- {case}/{name}\n(no longer produced)\n"));
    }
    if changed.is_empty() && stale.is_empty() {
        return;
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        for name in &changed {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
            }
            std::fs::write(&path, &actual[name])
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        for name in &stale {
            std::fs::remove_file(&expected[*name])
                .unwrap_or_else(|e| panic!("{}: {e}", expected[*name].display()));
        }
        panic!(
            "{report}\nupdated the expected files of case `{case}` shown above; review them \
             (git diff -- codegen/tests/golden/{case}) and commit them"
        );
    }
    panic!(
        "{report}\ncase `{case}` differs from its expected files (diffs above, - expected + \
         actual); if the new output is right, run\n    {UPDATE_COMMAND}\nthen review and commit \
         codegen/tests/golden/{case}"
    );
}

/// One line of a diff.
#[derive(Clone, Copy, PartialEq)]
enum Line<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// The lines of `old` and `new` as kept, removed and added lines: a longest common
/// subsequence of the lines after the common head and tail (a whole replacement when that
/// would take more than a few million steps).
fn line_diff<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Line<'a>> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut out: Vec<Line<'a>> = old[..head].iter().map(|l| Line::Same(l)).collect();
    let width = b.len() + 1;
    if a.len().saturating_mul(b.len()) > 4_000_000 {
        out.extend(a.iter().map(|l| Line::Removed(l)));
        out.extend(b.iter().map(|l| Line::Added(l)));
    } else {
        // lcs[i * width + j]: the length of the longest common subsequence of a[i..], b[j..].
        let mut lcs = vec![0u32; (a.len() + 1) * width];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i * width + j] = if a[i] == b[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                out.push(Line::Same(a[i]));
                (i, j) = (i + 1, j + 1);
            } else if j == b.len()
                || (i < a.len() && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
            {
                out.push(Line::Removed(a[i]));
                i += 1;
            } else {
                out.push(Line::Added(b[j]));
                j += 1;
            }
        }
    }
    out.extend(old[old.len() - tail..].iter().map(|l| Line::Same(l)));
    out
}

/// A unified diff of an expected file (`old`, empty when missing) and the output (`new`).
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let lines = line_diff(&old_lines, &new_lines);
    let mut out = format!("--- expected/{name}\n+++ actual/{name}\n");
    // Hunks: the changed lines with CONTEXT lines around them, merged where they touch.
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for (k, _) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !matches!(l, Line::Same(_)))
    {
        let (start, end) = (
            k.saturating_sub(CONTEXT),
            (k + CONTEXT + 1).min(lines.len()),
        );
        match hunks.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => hunks.push((start, end)),
        }
    }
    if hunks.is_empty() {
        out.push_str("(the files differ only in their line endings or final newline)\n");
        return out;
    }
    // Line numbers (1-based) in the old and new file before each diff line.
    let mut positions = Vec::with_capacity(lines.len());
    let (mut o, mut n) = (1, 1);
    for l in &lines {
        positions.push((o, n));
        match l {
            Line::Same(_) => (o, n) = (o + 1, n + 1),
            Line::Removed(_) => o += 1,
            Line::Added(_) => n += 1,
        }
    }
    for (start, end) in hunks {
        let part = &lines[start..end];
        let olds = part.iter().filter(|l| !matches!(l, Line::Added(_))).count();
        let news = part
            .iter()
            .filter(|l| !matches!(l, Line::Removed(_)))
            .count();
        let (o, n) = positions[start];
        // An empty side is named by the line before it, as diff does.
        let at = |line: usize, count: usize| if count == 0 { line - 1 } else { line };
        out.push_str(&format!(
            "@@ -{},{olds} +{},{news} @@\n",
            at(o, olds),
            at(n, news)
        ));
        for l in part {
            let (mark, text) = match l {
                Line::Same(t) => (' ', t),
                Line::Removed(t) => ('-', t),
                Line::Added(t) => ('+', t),
            };
            out.push_str(&format!("{mark}{text}\n"));
        }
    }
    out
}

/// Optional → required, repeating → single, repeating → non-empty.
#[test]
fn golden_cardinality() {
    check("cardinality");
}

/// `maxLength` on a string element: its values are checked to be at most that long.
#[test]
fn golden_max_length() {
    check("max_length");
}

/// Max 0 on an optional element: no field, must be absent.
#[test]
fn golden_removed_element() {
    check("removed_element");
}

/// Max 0 on an element the base requires: a diagnostic, the field kept.
#[test]
fn golden_removed_required_element() {
    check("removed_required_element");
}

/// A fixed value on a required primitive: no field, written and checked.
#[test]
fn golden_fixed_required_primitive() {
    check("fixed_required_primitive");
}

/// A fixed value on an optional primitive: an `Option<Fixed>` field.
#[test]
fn golden_fixed_optional_primitive() {
    check("fixed_optional_primitive");
}

/// A fixed code on an element bound to a base code enum: that enum's variant.
#[test]
fn golden_fixed_code_of_base_enum() {
    check("fixed_code_of_base_enum");
}

/// A fixed value its type cannot hold (boolean `yes`): a diagnostic, no rule.
#[test]
fn golden_fixed_invalid_value() {
    check("fixed_invalid_value");
}

/// An identifier slice by `system`, open: a slice field and a remainder field.
#[test]
fn golden_slicing_by_value_open() {
    check("slicing_by_value_open");
}

/// A slice whose discriminator (`code`) has no fixed value, matched by what its required
/// descendants fix: some `code.coding` with both the fixed `system` and `code` (an
/// optional fixed `display` is not part of the match); the match is reported as a note.
#[test]
fn golden_slicing_inferred_match() {
    check("slicing_inferred_match");
}

/// A slice whose discriminator carries a pattern CodeableConcept: matched by some coding
/// with the pattern's `system` and `code`.
#[test]
fn golden_slicing_by_pattern() {
    check("slicing_by_pattern");
}

/// The same slice, closed: no remainder field.
#[test]
fn golden_slicing_by_value_closed() {
    check("slicing_by_value_closed");
}

/// A slice the profile forbids (max 0): no field and no struct; its items are violations.
#[test]
fn golden_slicing_forbidden_slice() {
    check("slicing_forbidden_slice");
}

/// An extension slice typed by the package's extension definition.
#[test]
fn golden_extension_slice() {
    check("extension_slice");
}

/// A choice left with one type: a field of that type.
#[test]
fn golden_choice_narrowed_to_one_type() {
    check("choice_narrowed_to_one_type");
}

/// A choice left with two types: a narrowed enum.
#[test]
fn golden_choice_narrowed_to_two_types() {
    check("choice_narrowed_to_two_types");
}

/// A required binding to a value set that can be listed: a code enum.
#[test]
fn golden_binding_listable() {
    check("binding_listable");
}

/// A required binding to a value set defined by a filter: a `…_BINDING` constant and a note.
#[test]
fn golden_binding_unlistable() {
    check("binding_unlistable");
}

/// A required binding on a code narrowing its base enum's value set.
#[test]
fn golden_binding_narrows_base_code_enum() {
    check("binding_narrows_base_code_enum");
}

/// A target profile narrower than the base: a typed reference to the base resource.
#[test]
fn golden_typed_reference() {
    check("typed_reference");
}

/// A target profile of the package: the profile and its base resource implement the marker.
#[test]
fn golden_typed_reference_to_profile() {
    check("typed_reference_to_profile");
}

/// An element typed by a datatype profile of the package: that module's type.
#[test]
fn golden_type_profile() {
    check("type_profile");
}

/// A constraint deep inside a complex element: a nested struct per level; every field
/// carries the profile's element id (`Observation.code.coding.system`), its docs the path
/// below the struct.
#[test]
fn golden_nested_struct_kept() {
    check("nested_struct_kept");
}

/// An element re-stated with no change: no struct, the base type.
#[test]
fn golden_nested_struct_rolled_back() {
    check("nested_struct_rolled_back");
}

/// `component.referenceRange` takes the struct of the constrained `referenceRange`.
#[test]
fn golden_content_reference() {
    check("content_reference");
}

/// Only `referenceRange` constrained: `component.referenceRange` has its definition (a
/// content reference), so `component` gets a struct whose `reference_range` is the
/// constrained one.
#[test]
fn golden_content_reference_only_target_constrained() {
    check("content_reference_only_target_constrained");
}

/// Two profiles constraining a nested element alike: one shared struct, its docs relative to
/// the element it stands for (the same in every place).
#[test]
fn golden_sharing_alike_structs() {
    check("sharing_alike_structs");
}

/// Two shared structs whose names would read alike: each named by what only it constrains.
#[test]
fn golden_sharing_name_tie() {
    check("sharing_name_tie");
}

#[test]
fn the_miniature_core_alone_lowers_without_findings() {
    let Generated {
        built, diagnostics, ..
    } = generate(None);
    let found: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        Vec::<String>::new(),
        "findings about the miniature core"
    );
    assert_eq!(
        built.profiles.modules().count(),
        0,
        "the core has no profiles"
    );
    let resources: Vec<&str> = built
        .model
        .resources
        .iter()
        .map(|m| m.file.as_str())
        .collect();
    assert_eq!(resources, ["observation", "organization", "patient"]);
}

#[test]
fn the_diff_shows_each_change_with_three_lines_of_context() {
    let old: String = ('a'..='t').map(|c| format!("{c}\n")).collect();
    let new = old.replace("c\n", "C\n").replace("r\n", "R\n") + "u\n";
    assert_eq!(
        unified_diff("case/file.rs", &old, &new),
        "--- expected/case/file.rs\n+++ actual/case/file.rs\n\
         @@ -1,6 +1,6 @@\n a\n b\n-c\n+C\n d\n e\n f\n\
         @@ -15,6 +15,7 @@\n o\n p\n q\n-r\n+R\n s\n t\n+u\n"
    );
    assert!(unified_diff("f", "x\n", "x").contains("only in their line endings"));
}
