//! Every FHIR → Rust identifier goes through here.
//!
//! Rules: types and variants are UpperCamelCase, fields and modules snake_case; Rust
//! keywords get a trailing `_` (`type` → `type_`) rather than `r#`, which reads badly in
//! user code; names that start with a digit or contain no letters fall back to the code's
//! display text or a `V` prefix; `[x]` is dropped.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, 2024 edition) and names that cannot be raw.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn escape_keyword(s: String) -> String {
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

/// The element name without a trailing `[x]`.
pub fn strip_choice(name: &str) -> &str {
    name.strip_suffix("[x]").unwrap_or(name)
}

/// Field name for an element name: `birthDate` → `birth_date`, `type` → `type_`,
/// `value[x]` → `value`.
pub fn field(element: &str) -> String {
    escape_keyword(strip_choice(element).to_snake_case())
}

/// Type name for a FHIR type or a path: `Patient.contact` → `PatientContact`.
pub fn type_name(path: &str) -> String {
    let joined: String = path
        .split('.')
        .map(|seg| strip_choice(seg).to_upper_camel_case())
        .collect();
    escape_keyword(joined)
}

/// Module (file) name for a type: `HumanName` → `human_name`.
pub fn module(type_name: &str) -> String {
    escape_keyword(type_name.to_snake_case())
}

/// Variant name for a FHIR type code in a choice: `dateTime` → `DateTime`.
pub fn choice_variant(type_code: &str) -> String {
    type_code.to_upper_camel_case()
}

/// Variant name for a code. Uses the code when it has letters and does not start with a
/// digit, else the display text, else `V` + the code's alphanumerics.
pub fn code_variant(code: &str, display: Option<&str>) -> String {
    let from_code = code_words(code);
    if starts_with_letter(&from_code) {
        return escape_keyword(from_code);
    }
    if let Some(d) = display {
        let from_display = code_words(d);
        if starts_with_letter(&from_display) {
            return escape_keyword(from_display);
        }
    }
    let symbols = symbol_words(code);
    if starts_with_letter(&symbols) {
        return symbols;
    }
    let alnum: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("V{alnum}")
}

fn starts_with_letter(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// UpperCamel of the ASCII alphanumeric words in `s` (`entered-in-error` → `EnteredInError`,
/// `v2.0` → `V20`).
fn code_words(s: &str) -> String {
    let words: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    words.to_upper_camel_case()
}

/// Names for codes made of comparison symbols (`<=` → `LessOrEqual`).
fn symbol_words(code: &str) -> String {
    match code {
        "<" => "LessThan".into(),
        "<=" => "LessOrEqual".into(),
        ">" => "GreaterThan".into(),
        ">=" => "GreaterOrEqual".into(),
        "=" => "Equal".into(),
        "!=" => "NotEqual".into(),
        _ => String::new(),
    }
}

/// The first of `candidates` not in `taken`, recorded there; `None` when all are taken.
///
/// Names are never made unique with a counter: a counter depends on what else is
/// generated, so adding a definition would rename types that did not change. Each kind of
/// name instead offers candidates made from the thing it names, each more specific than the
/// one before.
pub fn first_free(
    candidates: impl IntoIterator<Item = String>,
    taken: &mut std::collections::BTreeSet<String>,
) -> Option<String> {
    candidates.into_iter().find(|c| taken.insert(c.clone()))
}

/// Candidate variant names for a code: [`code_variant`], then the code with every symbol
/// spelled out (`a-b` → `AHyphenB`), then its bytes in hexadecimal, which differ for any
/// two different codes (`mL` and `ML` spell the same).
pub fn code_variant_candidates(code: &str, display: Option<&str>) -> Vec<String> {
    let hex: String = code.bytes().map(|b| format!("{b:02X}")).collect();
    vec![
        code_variant(code, display),
        spelled(code),
        format!("V{hex}"),
    ]
}

/// A code with its symbols spelled out as words: `a-b` → `AHyphenB`, `1.0` → `V1Dot0`.
fn spelled(code: &str) -> String {
    let mut words = String::new();
    for c in code.chars() {
        match c {
            c if c.is_ascii_alphanumeric() => words.push(c),
            '-' => words.push_str(" hyphen "),
            '_' => words.push_str(" underscore "),
            '.' => words.push_str(" dot "),
            '/' => words.push_str(" slash "),
            ':' => words.push_str(" colon "),
            ' ' => words.push_str(" space "),
            '+' => words.push_str(" plus "),
            '<' => words.push_str(" less "),
            '>' => words.push_str(" greater "),
            '=' => words.push_str(" equal "),
            c => words.push_str(&format!(" u{:x} ", u32::from(c))),
        }
    }
    let camel = escape_keyword(code_words_keeping_case(&words));
    if starts_with_letter(&camel) {
        camel
    } else {
        format!("V{camel}")
    }
}

/// UpperCamel of the words of `s`, keeping the case inside each word (`aB c` → `ABC`).
fn code_words_keeping_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The profile layer.

/// Candidate names of a profile's or extension's main type, from the last segment of its
/// canonical URL: without a trailing version number and, for an extension, without the
/// `Extension-` and `{prefix}-` prefixes (`CareConnect-Patient-1` → `CareConnectPatient`,
/// `Extension-CareConnect-EthnicCategory-1` → `EthnicCategory`, `patient-birthTime` →
/// `PatientBirthTime`); then the same after the words of its publisher's host
/// (`https://example.org/...` → `ExampleCareConnectPatient`); then the whole URL.
pub fn profile_module(url: &str, is_extension: bool, prefix: &str) -> Vec<String> {
    let last = url.rsplit('/').next().unwrap_or(url).trim();
    let mut stem = last;
    if let Some((head, tail)) = stem.rsplit_once('-')
        && !tail.is_empty()
        && tail.chars().all(|c| c.is_ascii_digit())
    {
        stem = head;
    }
    if is_extension {
        for p in ["Extension-".to_string(), format!("{prefix}-")] {
            stem = stem.strip_prefix(p.as_str()).unwrap_or(stem);
        }
    }
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split('/').next().unwrap_or(rest);
    let labels: Vec<&str> = host.split('.').collect();
    // Without `www`/`fhir` in front and the top-level domain at the end.
    let publisher: Vec<&str> = labels
        .iter()
        .take(labels.len().saturating_sub(1))
        .copied()
        .skip_while(|l| matches!(*l, "www" | "fhir"))
        .collect();
    let qualified = format!("{} {stem}", publisher.join(" "));
    let path = rest.replace(['/', '.'], " ");
    let mut out: Vec<String> = Vec::new();
    for s in [stem, qualified.as_str(), path.as_str()] {
        let name = type_name(&s.replace('-', " "));
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The words of an element id below its root, for names: slice names stand for their
/// element, `[x]` is dropped (`Patient.identifier:nhsNumber` → `["nhsNumber"]`,
/// `Observation.value[x]` → `["value"]`).
fn element_words(element: &str, slices: bool) -> String {
    element
        .split('.')
        .skip(1)
        .map(|seg| match seg.split_once(':') {
            Some((_, slice)) if slices => slice.to_string(),
            Some((name, _)) => strip_choice(name).to_string(),
            None => strip_choice(seg).to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
        .replace('-', " ")
}

/// Candidate names of the struct for a constrained element of module `module`: the module
/// name and the element's path below the root (slices by their names), then the same
/// followed by the base type (`CareConnectPatientNhsNumber`, `CareConnectPatientNhsNumberIdentifier`).
pub fn nested_struct(module: &str, element: &str, base: &str) -> Vec<String> {
    let suffix = type_name(&element_words(element, true));
    vec![
        format!("{module}{suffix}"),
        format!("{module}{suffix}{base}"),
    ]
}

/// Candidate names of the narrowed enum of a choice element (`CareConnectObservationValue`).
pub fn choice_enum(module: &str, element: &str) -> Vec<String> {
    let suffix = type_name(&element_words(element, false));
    vec![
        format!("{module}{suffix}"),
        format!("{module}{suffix}Choice"),
    ]
}

/// The field of a slice: its name in snake case (`nhsNumber` → `nhs_number`).
pub fn slice_field(slice: &str) -> String {
    field(&slice.replace('-', "_"))
}

/// Candidate names for a slice field that collides with a field of its struct: with a
/// `_slice` suffix, then with the sliced element's name before it.
pub fn renamed_slice_field(name: &str, sliced_element: &str) -> Vec<String> {
    vec![
        format!("{name}_slice"),
        format!("{}_{name}_slice", field(sliced_element)),
    ]
}

/// The constant for a binding that could not become a type: the element path below the
/// root in upper snake case (`Patient.extension:ethnicCategory.value[x]` →
/// `EXTENSION_ETHNICCATEGORY_VALUE_X_BINDING`).
pub fn binding_const(element: &str) -> String {
    let parts: Vec<String> = element
        .split('.')
        .skip(1)
        .map(|s| s.replace([':', '-', '[', ']'], "_"))
        .collect();
    format!("{}_BINDING", parts.join("_")).to_uppercase()
}

/// The associated constant holding an element's fixed value: the element name in upper
/// snake case (`system` → `SYSTEM`, `valueCode` → `VALUE_CODE`).
pub fn fixed_const(element_name: &str) -> String {
    strip_choice(element_name).to_snake_case().to_uppercase()
}

/// The marker type of a set of reference targets (`OrganizationOrPatient`).
pub fn target_set(resource_types: &[String]) -> String {
    resource_types
        .iter()
        .map(|t| type_name(t))
        .collect::<Vec<_>>()
        .join("Or")
}

/// A constraint in words, for [`shared_struct`], and the stem word it qualifies (a slice's
/// cardinality is said with the slice's name: `snomedCT` + `list` → `SnomedCtList`).
pub type Qualifier = (String, Option<String>);

/// The name of a struct shared by several places: the naming prefix, the words of what it
/// constrains and its base type (`CareConnect` + `snomedCT` + `CodeableConcept` →
/// `CareConnectSnomedCtCodeableConcept`). Each stem word comes with the extras that
/// qualify it, then the other extras follow; a word said twice is said once.
pub fn shared_struct(prefix: &str, stem: &[String], extras: &[Qualifier], base: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut push = |w: String| {
        let w = type_name(&w.replace(['-', '_', '/', ':', '|', '#', '.'], " "));
        if !w.is_empty() && !words.contains(&w) {
            words.push(w);
        }
    };
    for s in stem {
        let mut phrase = s.clone();
        for (w, _) in extras
            .iter()
            .filter(|(_, after)| after.as_deref() == Some(s.as_str()))
        {
            phrase.push(' ');
            phrase.push_str(w);
        }
        push(phrase);
    }
    for (w, _) in extras.iter().filter(|(_, after)| after.is_none()) {
        push(w.clone());
    }
    let words: String = words.concat();
    if words.is_empty() || base.ends_with(&words) {
        format!("{prefix}{base}")
    } else {
        format!("{prefix}{words}{base}")
    }
}

/// The words of a fixed value or canonical URL, for names: the last segment of a URL
/// (`http://snomed.info/sct` → `sct`, `https://fhir.nhs.uk/Id/ods-site-code` →
/// `ods-site-code`, `http://unitsofmeasure.org` → `unitsofmeasure`), at most four words.
pub fn value_words(value: &str) -> String {
    let v = value.trim();
    let v = match v.split_once("://") {
        Some((_, rest)) => {
            let rest = rest.trim_end_matches('/');
            match rest.rsplit_once('/') {
                Some((_, last)) => last.to_string(),
                None => rest.split('.').next().unwrap_or(rest).to_string(),
            }
        }
        None => v.rsplit(':').next().unwrap_or(v).to_string(),
    };
    let v = v.split('|').next().unwrap_or(&v).to_string();
    v.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_snake_case_without_keywords() {
        let cases = [
            ("birthDate", "birth_date"),
            ("type", "type_"),
            ("use", "use_"),
            ("abstract", "abstract_"),
            ("value[x]", "value"),
            ("deceased[x]", "deceased"),
            ("modifierExtension", "modifier_extension"),
            ("id", "id"),
            ("class", "class"),
            ("for", "for_"),
            ("_id", "id"),
        ];
        for (input, expected) in cases {
            assert_eq!(field(input), expected, "field({input:?})");
        }
    }

    #[test]
    fn type_names_join_paths_in_upper_camel_case() {
        let cases = [
            ("Patient", "Patient"),
            ("Patient.contact", "PatientContact"),
            (
                "MedicationRequest.dispenseRequest",
                "MedicationRequestDispenseRequest",
            ),
            ("Claim.item.detail.subDetail", "ClaimItemDetailSubDetail"),
            ("Timing.repeat", "TimingRepeat"),
            ("Observation.value[x]", "ObservationValue"),
            ("Self", "Self_"),
        ];
        for (input, expected) in cases {
            assert_eq!(type_name(input), expected, "type_name({input:?})");
        }
    }

    #[test]
    fn module_names_are_snake_case() {
        assert_eq!(module("HumanName"), "human_name");
        assert_eq!(module("ElementDefinition"), "element_definition");
        assert_eq!(module("Type"), "type_");
    }

    #[test]
    fn code_variants_fall_back_to_display_symbols_and_prefix() {
        let cases = [
            ("entered-in-error", None, "EnteredInError"),
            ("male", None, "Male"),
            ("<", Some("Less than"), "LessThan"),
            ("<=", None, "LessOrEqual"),
            ("1", Some("Refill"), "Refill"),
            ("1", None, "V1"),
            ("text/html", None, "TextHtml"),
            ("self", None, "Self_"),
            ("ALL", None, "All"),
            ("v2", None, "V2"),
        ];
        for (code, display, expected) in cases {
            assert_eq!(
                code_variant(code, display),
                expected,
                "code_variant({code:?})"
            );
        }
    }

    #[test]
    fn first_free_takes_the_next_candidate_and_never_counts() {
        let mut taken = std::collections::BTreeSet::new();
        let cands = || vec!["A".to_string(), "AB".to_string()];
        assert_eq!(first_free(cands(), &mut taken).as_deref(), Some("A"));
        assert_eq!(first_free(cands(), &mut taken).as_deref(), Some("AB"));
        assert_eq!(first_free(cands(), &mut taken), None);
    }

    #[test]
    fn spelled_codes_tell_apart_codes_that_camel_case_merges() {
        let a = code_variant_candidates("a-b", None);
        let b = code_variant_candidates("a_b", None);
        assert_eq!(a[0], b[0], "both camel-case to the same first candidate");
        assert_eq!(a[1], "AHyphenB");
        assert_eq!(b[1], "AUnderscoreB");
        assert_eq!(code_variant_candidates("1.0", None)[1], "V1Dot0");
    }

    #[test]
    fn profile_module_names_drop_version_and_extension_prefixes() {
        let cases = [
            (
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1",
                false,
                "CareConnectPatient",
            ),
            (
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-BloodPressure-Observation-1",
                false,
                "CareConnectBloodPressureObservation",
            ),
            (
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-EthnicCategory-1",
                true,
                "EthnicCategory",
            ),
            (
                "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                true,
                "PatientBirthTime",
            ),
            (
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-coding-sctdescid",
                true,
                "CodingSctdescid",
            ),
        ];
        for (url, ext, expected) in cases {
            assert_eq!(
                profile_module(url, ext, "CareConnect")[0],
                expected,
                "{url}"
            );
        }
        assert_eq!(
            profile_module(
                "https://example.org/fhir/StructureDefinition/CareConnect-Patient-1",
                false,
                "CareConnect"
            )[1],
            "ExampleCareConnectPatient"
        );
        assert_eq!(
            profile_module(
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1",
                false,
                "CareConnect"
            )[1],
            "Hl7OrgCareConnectPatient"
        );
    }

    #[test]
    fn element_names_use_slice_names_below_the_root() {
        assert_eq!(
            nested_struct(
                "CareConnectPatient",
                "Patient.identifier:nhsNumber",
                "Identifier"
            )[0],
            "CareConnectPatientNhsNumber"
        );
        assert_eq!(
            choice_enum("CareConnectObservation", "Observation.value[x]")[0],
            "CareConnectObservationValue"
        );
        assert_eq!(
            binding_const("Patient.extension:ethnicCategory.value[x]"),
            "EXTENSION_ETHNICCATEGORY_VALUE_X__BINDING"
        );
        assert_eq!(fixed_const("valueCode"), "VALUE_CODE");
        assert_eq!(
            target_set(&["Organization".into(), "Patient".into()]),
            "OrganizationOrPatient"
        );
    }

    #[test]
    fn shared_struct_names_say_what_is_constrained() {
        let stem = vec!["snomedCT".to_string()];
        let none: Vec<Qualifier> = vec![];
        assert_eq!(
            shared_struct("CareConnect", &stem, &none, "CodeableConcept"),
            "CareConnectSnomedCtCodeableConcept"
        );
        let qualified = vec![
            ("list".to_string(), Some("snomedCT".to_string())),
            ("no version".to_string(), None),
        ];
        assert_eq!(
            shared_struct("CareConnect", &stem, &qualified, "CodeableConcept"),
            "CareConnectSnomedCtListNoVersionCodeableConcept"
        );
        assert_eq!(
            shared_struct("CareConnect", &[], &none, "Quantity"),
            "CareConnectQuantity"
        );
    }

    #[test]
    fn value_words_take_the_telling_part_of_urls_and_codes() {
        assert_eq!(value_words("http://snomed.info/sct"), "sct");
        assert_eq!(
            value_words("https://fhir.nhs.uk/Id/ods-site-code"),
            "ods site code"
        );
        assert_eq!(value_words("http://unitsofmeasure.org"), "unitsofmeasure");
        assert_eq!(value_words("vital-signs"), "vital signs");
        assert_eq!(value_words("/min"), "min");
        assert_eq!(value_words("urn:oid:1.2.3"), "1 2 3");
    }
}
