//! The lexical rules of FHIR STU3 string values that their Rust type does not decide: the
//! string-like primitives (`string`, `code`, `id`, `uri`, `oid`, `uuid`, `markdown`) are
//! all `String`, so which rule applies travels with the element, as a [`TextRule`] in its
//! struct's key table.
//!
//! The rules, from the STU3 data types page (<http://hl7.org/fhir/STU3/datatypes.html>)
//! and the JSON and XML pages (<http://hl7.org/fhir/STU3/json.html>,
//! <http://hl7.org/fhir/STU3/xml.html>):
//!
//! | type | rule |
//! |---|---|
//! | every string value (also `Element.id`, `Extension.url`) | not empty, not whitespace only ("present with at least one character of non-whitespace content"); no control character (U+0000–U+001F other than tab, LF, CR: "Strings SHOULD not contain Unicode character points below 32, except for u0009 (horizontal tab), u0010 (carriage return) and u0013 (line feed)", and XML 1.0 cannot carry them at all) |
//! | `code` | no leading or trailing whitespace, no whitespace inside other than single spaces ("a string which has at least one character and no leading or trailing whitespace, and where there is no whitespace other than single spaces in the contents") |
//! | `id` | `[A-Za-z0-9\-\.]{1,64}` |
//! | `uri` | `\S*`: no whitespace |
//! | `oid` | `urn:oid:[0-2](\.[1-9]\d*)+` |
//! | `uuid` | `urn:uuid:` and a lower-case UUID, `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}` ("UUID values SHALL be represented in lower case") |
//! | `string`, `markdown` | the rule of every string value; at most 1 MiB (`ReadOptions::max_string_len`, checked by the readers) |
//!
//! Whitespace is XML's and FHIR's: space, tab, LF, CR.

use std::fmt;

/// Which lexical rule a string value follows: the FHIR type of a string-like primitive
/// element. Encoded in the top bits of a key's part in [`TypeInfo::table`](crate::rt::TypeInfo::table)
/// (see [`TextRule::code`]); `careconnect-expand` writes the same numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum TextRule {
    /// `string` (also `Element.id`), and the rule every other one adds to.
    #[default]
    String,
    Code,
    Id,
    Uri,
    Oid,
    Uuid,
    Markdown,
}

impl TextRule {
    /// Every rule, in the order of their numbers.
    pub const ALL: [TextRule; 7] = [
        TextRule::String,
        TextRule::Code,
        TextRule::Id,
        TextRule::Uri,
        TextRule::Oid,
        TextRule::Uuid,
        TextRule::Markdown,
    ];

    /// The FHIR type code (`"id"`).
    pub const fn type_name(self) -> &'static str {
        match self {
            TextRule::String => "string",
            TextRule::Code => "code",
            TextRule::Id => "id",
            TextRule::Uri => "uri",
            TextRule::Oid => "oid",
            TextRule::Uuid => "uuid",
            TextRule::Markdown => "markdown",
        }
    }

    /// The number the key tables carry (0 for `string`).
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The rule numbered `code` (`string` for a number no rule has).
    pub const fn from_code(code: u8) -> TextRule {
        match code {
            1 => TextRule::Code,
            2 => TextRule::Id,
            3 => TextRule::Uri,
            4 => TextRule::Oid,
            5 => TextRule::Uuid,
            6 => TextRule::Markdown,
            _ => TextRule::String,
        }
    }

    /// Checks `text` against the rule; the error says what is wrong.
    pub fn check(self, text: &str) -> Result<(), RuleError> {
        if text.is_empty() {
            return Err(RuleError::new(self, "the value is empty".into()));
        }
        if text.bytes().all(is_space) {
            return Err(RuleError::new(self, "the value is whitespace only".into()));
        }
        let problem = match self {
            TextRule::String | TextRule::Markdown => None,
            TextRule::Code => code_problem(text),
            TextRule::Id => id_problem(text),
            TextRule::Uri => text
                .bytes()
                .position(is_space)
                .map(|i| format!("whitespace at index {i} (a uri has none)")),
            TextRule::Oid => {
                (!is_oid(text)).then(|| "not of the form urn:oid:[0-2](\\.[1-9]\\d*)+".to_string())
            }
            TextRule::Uuid => (!is_uuid(text)).then(|| {
                "not of the form urn:uuid: followed by a lower-case UUID (8-4-4-4-12 hex digits)"
                    .to_string()
            }),
        };
        match problem {
            Some(message) => Err(RuleError::new(self, message)),
            None => Ok(()),
        }
    }
}

/// A string value that breaks its [`TextRule`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub rule: TextRule,
    pub message: String,
}

impl RuleError {
    fn new(rule: TextRule, message: String) -> Self {
        RuleError { rule, message }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.rule.type_name(), self.message)
    }
}

/// XML's (and FHIR's) whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn code_problem(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.first().copied().is_some_and(is_space) {
        return Some("leading whitespace".into());
    }
    if bytes.last().copied().is_some_and(is_space) {
        return Some("trailing whitespace".into());
    }
    for (i, pair) in bytes.windows(2).enumerate() {
        if is_space(pair[1]) && (pair[1] != b' ' || is_space(pair[0])) {
            return Some(format!(
                "whitespace at index {} that is not a single space",
                i + 1
            ));
        }
    }
    None
}

fn id_problem(text: &str) -> Option<String> {
    let bad = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
    if let Some(i) = bad {
        let c = text[i..].chars().next().unwrap_or(' ');
        return Some(format!(
            "'{}' at index {i}: an id holds only A-Z, a-z, 0-9, '-' and '.'",
            c.escape_debug()
        ));
    }
    (text.len() > 64).then(|| format!("{} characters (an id has at most 64)", text.len()))
}

/// `urn:oid:[0-2](\.[1-9]\d*)+`
fn is_oid(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("urn:oid:") else {
        return false;
    };
    let mut arcs = rest.split('.');
    let first_ok = matches!(arcs.next(), Some("0" | "1" | "2"));
    let mut more = 0;
    let rest_ok = arcs.all(|arc| {
        more += 1;
        arc.starts_with(|c: char| matches!(c, '1'..='9')) && arc.bytes().all(|b| b.is_ascii_digit())
    });
    first_ok && more > 0 && rest_ok
}

/// `urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
fn is_uuid(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("urn:uuid:") else {
        return false;
    };
    let groups = [8, 4, 4, 4, 12];
    let mut parts = rest.split('-');
    let shaped = groups.iter().all(|&n| {
        parts.next().is_some_and(|p| {
            p.len() == n
                && p.bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'a'..=b'f'))
        })
    });
    shaped && parts.next().is_none()
}

/// The first control character in `text` that FHIR strings may not hold (U+0000–U+001F
/// other than tab, LF and CR), with its byte index.
pub fn control_character(text: &str) -> Option<(usize, char)> {
    text.bytes()
        .position(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .map(|i| (i, char::from(text.as_bytes()[i])))
}

/// `text` with each control character [`control_character`] finds replaced by U+FFFD, the
/// replacement character: what a lenient read keeps.
pub fn replace_control_characters(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c < ' ' && !matches!(c, '\t' | '\n' | '\r') {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

/// The message for a control character at byte `index` of a value.
pub(crate) fn control_message(index: usize, c: char) -> String {
    format!(
        "control character U+{:04X} at index {index} (FHIR strings and XML 1.0 do not allow U+0000-U+001F other than tab, LF and CR)",
        u32::from(c)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(rule: TextRule, text: &str) -> bool {
        rule.check(text).is_ok()
    }

    #[test]
    fn every_rule_refuses_empty_and_whitespace_only_values() {
        for rule in TextRule::ALL {
            for text in ["", " ", "\t\n\r ", "  "] {
                assert!(!ok(rule, text), "{rule:?} {text:?}");
            }
        }
        assert!(ok(TextRule::String, " a "));
        assert!(ok(TextRule::Markdown, "*a*\n\n b"));
    }

    #[test]
    fn codes_have_single_inner_spaces_only() {
        for good in ["a", "final", "a b", "a b c", "ÄÖ-ü", "a-b_c.d"] {
            assert!(ok(TextRule::Code, good), "{good:?}");
        }
        for bad in [" a", "a ", "a  b", "a\tb", "a\nb", "a \tb", "\ta"] {
            assert!(!ok(TextRule::Code, bad), "{bad:?}");
        }
    }

    #[test]
    fn ids_are_1_to_64_of_their_characters() {
        for good in ["a", "example", "A-1.b", &"x".repeat(64)] {
            assert!(ok(TextRule::Id, good), "{good:?}");
        }
        for bad in ["a b", "a_b", "é", "a/b", &"x".repeat(65), "#a"] {
            assert!(!ok(TextRule::Id, bad), "{bad:?}");
        }
        let e = TextRule::Id.check("ab_c").expect_err("an underscore");
        assert_eq!(
            e.to_string(),
            "invalid id: '_' at index 2: an id holds only A-Z, a-z, 0-9, '-' and '.'"
        );
    }

    #[test]
    fn uris_have_no_whitespace() {
        assert!(ok(TextRule::Uri, "http://example.org/a?b=c#d"));
        assert!(ok(TextRule::Uri, "#p1"));
        for bad in ["http://a b", " http://a", "a\tb"] {
            assert!(!ok(TextRule::Uri, bad), "{bad:?}");
        }
    }

    #[test]
    fn oids_follow_the_spec_pattern() {
        for good in ["urn:oid:1.2", "urn:oid:2.16.840.1.113883", "urn:oid:0.10"] {
            assert!(ok(TextRule::Oid, good), "{good:?}");
        }
        for bad in [
            "urn:oid:1",
            "urn:oid:3.1",
            "urn:oid:1.02",
            "urn:oid:1.0",
            "urn:oid:1..2",
            "urn:oid:1.2.",
            "1.2.3",
            "urn:oid:1.2a",
            "URN:OID:1.2",
        ] {
            assert!(!ok(TextRule::Oid, bad), "{bad:?}");
        }
    }

    #[test]
    fn uuids_are_lower_case_urns() {
        assert!(ok(
            TextRule::Uuid,
            "urn:uuid:c757873d-ec9a-4326-a141-556f43239520"
        ));
        for bad in [
            "urn:uuid:C757873D-EC9A-4326-A141-556F43239520",
            "c757873d-ec9a-4326-a141-556f43239520",
            "urn:uuid:c757873d-ec9a-4326-a141-556f4323952",
            "urn:uuid:c757873d-ec9a-4326-a141-556f43239520-1",
            "urn:uuid:c757873dec9a4326a141556f43239520",
            "urn:uuid:g757873d-ec9a-4326-a141-556f43239520",
        ] {
            assert!(!ok(TextRule::Uuid, bad), "{bad:?}");
        }
    }

    #[test]
    fn control_characters_are_found_and_replaced_but_not_tab_or_line_breaks() {
        assert_eq!(control_character("a\tb\r\nc"), None);
        assert_eq!(control_character("ab\u{1}c"), Some((2, '\u{1}')));
        assert_eq!(control_character("é\u{0}"), Some((2, '\u{0}')));
        assert_eq!(control_character("\u{7f}"), None);
        assert_eq!(
            replace_control_characters("a\u{1f}b\tc\u{8}"),
            "a\u{fffd}b\tc\u{fffd}"
        );
    }

    #[test]
    fn rule_numbers_round_trip() {
        for rule in TextRule::ALL {
            assert_eq!(TextRule::from_code(rule.code()), rule);
        }
        assert_eq!(TextRule::from_code(15), TextRule::String);
    }
}
