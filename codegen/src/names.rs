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

/// Makes `name` unique among `taken` by appending `2`, `3`, ...; records it.
pub fn unique(name: String, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{name}{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
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
    fn unique_appends_numbers() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique("A".into(), &mut taken), "A");
        assert_eq!(unique("A".into(), &mut taken), "A2");
        assert_eq!(unique("A".into(), &mut taken), "A3");
    }
}
