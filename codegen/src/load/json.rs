//! FHIR JSON → [`Node`] tree.
//!
//! Parsing is serde_json's (validation, escapes, error positions). Two things serde_json does
//! not give us are recovered by one cheap pass over the bytes before parsing ([`scan`]):
//!
//! * **the text of numbers**: without its `arbitrary_precision` feature (which would change
//!   number handling for every crate in the workspace) serde_json hands over an `f64`, and
//!   `1.50` would come back as `1.5`. The pass records every number token outside strings in
//!   document order; serde_json visits numbers in the same order, so the n-th visited number
//!   is the n-th token.
//! * **line numbers**: the pass records the line of every `{` outside strings; serde_json
//!   calls `visit_map` once per `{`, in order, so an object's line is known when it is built.
//!   Minified files (the whole core package) are one line; their nodes get no line.
//!
//! Every value is visited (nothing is skipped with `IgnoredAny`), so the counters cannot
//! drift; a number whose recorded text does not parse to the visited value falls back to
//! the value's own formatting, so a bug here can cost precision but never corrupt values.
//!
//! JSON-specific shapes are undone here: `_name` objects (primitive `id`/extensions) are
//! merged into the primitive's node, arrays (also `_name` arrays, aligned with `null`s) are
//! unrolled, `resourceType` names the node of a resource.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::tree::{Node, narrative_links, xhtml_hrefs};

/// A parse failure with the position serde_json reports.
#[derive(Debug)]
pub(crate) struct JsonError {
    pub(crate) line: Option<u32>,
    pub(crate) message: String,
}

/// Parses one FHIR JSON resource (already stripped of a BOM) into a tree. Of the resource's
/// narrative (`text`) only its links to type definitions are kept
/// ([`narrative_links`](super::tree::narrative_links)).
pub(crate) fn parse(text: &str) -> Result<Node<'_>, JsonError> {
    let scan = scan(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed(&scan).deserialize(&mut de).map_err(json_error)?;
    de.end().map_err(json_error)?;
    match value {
        J::Object(entries, line) => resource(entries, line),
        _ => Err(JsonError {
            line: Some(1),
            message: "expected a JSON object (a FHIR resource)".to_owned(),
        }),
    }
}

fn json_error(e: serde_json::Error) -> JsonError {
    let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
    JsonError {
        line,
        message: format!("invalid JSON: {e}"),
    }
}

/// The root object: named by its `resourceType`, without the narrative's text.
fn resource<'a>(
    entries: Vec<(Cow<'a, str>, J<'a>)>,
    line: Option<u32>,
) -> Result<Node<'a>, JsonError> {
    let mut resource_type = None;
    let mut narrative = None;
    let mut rest = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        match (&*key, value) {
            ("resourceType", J::Primitive(t)) => resource_type = Some(t),
            ("resourceType", _) => {
                return Err(JsonError {
                    line,
                    message: "expected `resourceType` to be a string".to_owned(),
                });
            }
            ("text", J::Object(entries, _)) => narrative = narrative_links_of(entries),
            ("text" | "_text", _) => {}
            (_, value) => rest.push((key, value)),
        }
    }
    let Some(resource_type) = resource_type else {
        return Err(JsonError {
            line,
            message: "expected a `resourceType` property".to_owned(),
        });
    };
    let mut node = Node::new(resource_type, line);
    node.children = properties(rest);
    node.children.extend(narrative);
    Ok(node)
}

/// The links to type definitions in a narrative's `div` (the object of `text`).
fn narrative_links_of<'a>(entries: Vec<(Cow<'a, str>, J<'a>)>) -> Option<Node<'a>> {
    let div = entries
        .into_iter()
        .find_map(|(key, value)| match (&*key, value) {
            ("div", J::Primitive(div)) => Some(div),
            _ => None,
        })?;
    match div {
        Cow::Borrowed(div) => narrative_links(xhtml_hrefs(div).map(Cow::Borrowed)),
        Cow::Owned(div) => narrative_links(xhtml_hrefs(&div).map(|h| Cow::Owned(h.to_owned()))),
    }
}

/// A parsed JSON value, borrowing from the input where it can.
#[derive(Debug)]
enum J<'a> {
    Null,
    /// A string, or a number or boolean as written.
    Primitive(Cow<'a, str>),
    Array(Vec<J<'a>>),
    Object(Vec<(Cow<'a, str>, J<'a>)>, Option<u32>),
}

/// The properties of a JSON object as tree children, `_name` merged into `name`.
fn properties<'a>(entries: Vec<(Cow<'a, str>, J<'a>)>) -> Vec<Node<'a>> {
    let mut out: Vec<Node<'a>> = Vec::with_capacity(entries.len());
    // (name, first index in `out`, count): where each property's nodes are, so that the
    // `_name` twin can be merged whichever of the two comes first.
    let mut spans: Vec<(Cow<'a, str>, usize, usize)> = Vec::new();
    for (key, value) in entries {
        let (name, is_twin) = match key {
            Cow::Borrowed(k) if k.starts_with('_') => (Cow::Borrowed(&k[1..]), true),
            Cow::Owned(k) if k.starts_with('_') => (Cow::Owned(k[1..].to_owned()), true),
            k => (k, false),
        };
        let items = unroll(value);
        let existing = spans
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|&(_, start, count)| (start, count));
        let (start, count) = existing.unwrap_or((out.len(), 0));
        for (i, item) in items.into_iter().enumerate() {
            if i >= count {
                out.push(Node::new(name.clone(), None));
            }
            let node = &mut out[start + i];
            if is_twin {
                if let Some(J::Object(entries, line)) = item {
                    node.children.extend(properties(entries));
                    node.line = node.line.or(line);
                }
            } else {
                fill(node, item);
            }
        }
        if existing.is_none() {
            spans.push((name, start, out.len() - start));
        }
    }
    // `null` placeholders that no `_name` entry filled carry nothing.
    out.retain(|n| n.value.is_some() || !n.children.is_empty() || n.line.is_some());
    out
}

/// A property's value as a list of repetitions (`None` for `null`).
fn unroll(value: J<'_>) -> Vec<Option<J<'_>>> {
    match value {
        J::Array(items) => items
            .into_iter()
            .map(|i| if matches!(i, J::Null) { None } else { Some(i) })
            .collect(),
        J::Null => Vec::new(),
        other => vec![Some(other)],
    }
}

/// Puts one repetition's content into its node.
fn fill<'a>(node: &mut Node<'a>, item: Option<J<'a>>) {
    match item {
        None | Some(J::Null) => {}
        Some(J::Primitive(v)) => node.value = Some(v),
        Some(J::Object(entries, line)) => {
            node.line = line;
            if entries.iter().any(|(k, _)| k == "resourceType") {
                // A contained resource: wrap it in a node named by its type, as in XML.
                if let Ok(inner) = resource(entries, line) {
                    node.children.push(inner);
                }
            } else {
                node.children.extend(properties(entries));
            }
        }
        // An array inside an array is not FHIR; keep its items as repetitions of this node's
        // content so nothing is silently lost.
        Some(J::Array(items)) => {
            for item in items {
                let mut inner = Node::new(node.name.clone(), None);
                fill(&mut inner, Some(item));
                node.children.push(inner);
            }
        }
    }
}

/// What [`scan`] found: number tokens and object lines, in document order.
struct Scan<'a> {
    numbers: Vec<&'a str>,
    objects: Vec<u32>,
    next_number: Cell<usize>,
    next_object: Cell<usize>,
}

impl<'a> Scan<'a> {
    fn number(&self) -> Option<&'a str> {
        let i = self.next_number.get();
        self.next_number.set(i + 1);
        self.numbers.get(i).copied()
    }

    fn object_line(&self) -> Option<u32> {
        let i = self.next_object.get();
        self.next_object.set(i + 1);
        self.objects.get(i).copied()
    }
}

/// One pass over the bytes: every number token and the line of every `{`, outside strings.
/// Only needs to be right for valid JSON (serde_json rejects the rest).
fn scan(text: &str) -> Scan<'_> {
    let bytes = text.as_bytes();
    let mut numbers = Vec::new();
    let mut objects = Vec::new();
    let mut line = 1u32;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\n' => {
                            line += 1;
                            i += 1;
                        }
                        _ => i += 1,
                    }
                }
            }
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'{' => {
                objects.push(line);
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                {
                    i += 1;
                }
                // The token is ASCII, so `start..i` is on character boundaries.
                if let Some(token) = text.get(start..i) {
                    numbers.push(token);
                }
            }
            _ => i += 1,
        }
    }
    // Minified files (the whole core package) are one line: a line number says nothing there.
    if line == 1 {
        objects.clear();
    }
    Scan {
        numbers,
        objects,
        next_number: Cell::new(0),
        next_object: Cell::new(0),
    }
}

#[derive(Clone, Copy)]
struct Seed<'s, 'a>(&'s Scan<'a>);

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = J<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<J<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Seed<'_, 'de> {
    /// The recorded text of the next number, if it denotes `parsed`.
    fn number_text<T: std::str::FromStr + PartialEq + fmt::Display>(
        &self,
        parsed: T,
    ) -> Cow<'de, str> {
        match self.0.number() {
            Some(text) if text.parse::<T>().ok().as_ref() == Some(&parsed) => Cow::Borrowed(text),
            _ => Cow::Owned(parsed.to_string()),
        }
    }
}

impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = J<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<J<'de>, E> {
        Ok(J::Primitive(Cow::Borrowed(if v {
            "true"
        } else {
            "false"
        })))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<J<'de>, E> {
        Ok(J::Primitive(self.number_text(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<J<'de>, E> {
        Ok(J::Primitive(self.number_text(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<J<'de>, E> {
        Ok(J::Primitive(self.number_text(v)))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<J<'de>, E> {
        Ok(J::Primitive(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<J<'de>, E> {
        Ok(J::Primitive(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<J<'de>, E> {
        Ok(J::Primitive(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<J<'de>, E> {
        Ok(J::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(J::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J<'de>, A::Error> {
        let line = self.0.object_line();
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(self)?;
            entries.push((key, value));
        }
        Ok(J::Object(entries, line))
    }
}

/// An object key, borrowed when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Node<'_> {
        match parse(text) {
            Ok(node) => node,
            Err(e) => panic!("{}", e.message),
        }
    }

    #[test]
    fn numbers_keep_their_text() {
        let node = parse_ok(
            r#"{"resourceType": "X", "a": 1.50, "b": [-0.0, 1e3, 12], "c": "1.50", "d": true}"#,
        );
        let values: Vec<_> = node
            .children
            .iter()
            .map(|c| c.value.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(values, ["1.50", "-0.0", "1e3", "12", "1.50", "true"]);
    }

    #[test]
    fn numbers_inside_strings_do_not_shift_later_numbers() {
        let node = parse_ok(r#"{"resourceType": "X", "s": "a \"1.0\" {", "n": 2.50}"#);
        assert_eq!(node.value_of("n"), Some("2.50"));
    }

    #[test]
    fn object_lines_are_recorded() {
        let text = "{\n\"resourceType\": \"X\",\n\"a\": [\n{\"b\": 1},\n{\"b\": 2}\n]\n}";
        let node = parse_ok(text);
        let lines: Vec<_> = node.all("a").map(|a| a.line).collect();
        assert_eq!(node.line, Some(1));
        assert_eq!(lines, [Some(4), Some(5)]);
    }

    #[test]
    fn underscore_properties_merge_into_primitives_and_arrays_align() {
        let text = r#"{"resourceType": "X",
            "_a": {"id": "i"}, "a": "v",
            "b": ["x", null, "z"],
            "_b": [null, {"extension": [{"url": "u", "valueString": "s"}]}, null],
            "_c": {"extension": [{"url": "u", "valueCode": "k"}]}}"#;
        let node = parse_ok(text);
        let a = node.first("a").expect("a");
        assert_eq!(a.value.as_deref(), Some("v"));
        assert_eq!(a.value_of("id"), Some("i"));
        let b: Vec<_> = node.all("b").collect();
        assert_eq!(b.len(), 3);
        assert_eq!(b[1].value, None);
        assert_eq!(b[1].extension_value("u"), Some("s"));
        assert_eq!(b[2].value.as_deref(), Some("z"));
        let c = node.first("c").expect("c");
        assert_eq!(
            (c.value.as_deref(), c.extension_value("u")),
            (None, Some("k"))
        );
    }

    #[test]
    fn narrative_is_dropped_and_resource_type_names_the_root() {
        let node =
            parse_ok(r#"{"resourceType": "ValueSet", "text": {"div": "<div/>"}, "url": "u"}"#);
        assert_eq!(node.name, "ValueSet");
        assert_eq!(node.children.len(), 1);
    }

    #[test]
    fn invalid_json_reports_a_line() {
        let err = parse("{\n\"resourceType\": \"X\",\n\"a\": }").expect_err("error");
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("invalid JSON"), "{}", err.message);
    }

    #[test]
    fn missing_resource_type_is_an_error() {
        let err = parse(r#"{"url": "u"}"#).expect_err("error");
        assert!(err.message.contains("resourceType"), "{}", err.message);
    }
}
