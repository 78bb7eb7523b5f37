//! A small JSON tree that keeps every number as the text it was written with, used to
//! judge a round trip as FHIR content (object key order and whitespace free, numbers
//! exact) and to look into inputs (resources counted, declared profiles found) without
//! going through any of the parsers being measured.

use std::fmt;

/// Deepest nesting accepted; deeper input is an error, never a stack overflow.
const MAX_DEPTH: usize = 512;

/// A JSON value; numbers keep their text, objects keep their members in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number exactly as written (`1.50` stays `1.50`).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array (none for anything else).
    pub fn items(&self) -> &[Json] {
        match self {
            Json::Array(items) => items,
            _ => &[],
        }
    }

    /// The resources in this value: objects with a string `resourceType`, at any depth
    /// (the resource itself, contained resources, Bundle entries and what they contain).
    pub fn count_resources(&self) -> usize {
        match self {
            Json::Array(items) => items.iter().map(Json::count_resources).sum(),
            Json::Object(members) => {
                let own = usize::from(self.get("resourceType").and_then(Json::as_str).is_some());
                own + members
                    .iter()
                    .map(|(_, v)| v.count_resources())
                    .sum::<usize>()
            }
            _ => 0,
        }
    }

    /// The profile URLs this resource declares in `meta.profile`.
    pub fn declared_profiles(&self) -> Vec<&str> {
        self.get("meta")
            .and_then(|m| m.get("profile"))
            .map(|p| p.items().iter().filter_map(Json::as_str).collect())
            .unwrap_or_default()
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Number(n) => f.write_str(n),
            Json::String(s) if s.chars().count() > 40 => {
                let cut: String = s.chars().take(40).collect();
                write!(f, "{cut:?}...")
            }
            Json::String(s) => write!(f, "{s:?}"),
            Json::Array(a) => write!(f, "[{} items]", a.len()),
            Json::Object(o) => write!(f, "{{{} members}}", o.len()),
        }
    }
}

/// Compares two values as FHIR content: objects by key (order free), arrays in order,
/// strings by their unescaped text, numbers by their exact text. Returns the path and
/// description of the first difference.
pub fn first_difference(expected: &Json, actual: &Json) -> Option<String> {
    let mut path = String::from("$");
    diff(expected, actual, &mut path).err()
}

fn diff(a: &Json, b: &Json, path: &mut String) -> Result<(), String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for (key, va) in x {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                match b.get(key) {
                    Some(vb) => diff(va, vb, path)?,
                    None => return Err(format!("{path}: missing in output")),
                }
                path.truncate(len);
            }
            match y.iter().find(|(key, _)| a.get(key).is_none()) {
                Some((key, _)) => Err(format!("{path}.{key}: not in input")),
                None => Ok(()),
            }
        }
        (Json::Array(x), Json::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!(
                    "{path}: {} items in input, {} in output",
                    x.len(),
                    y.len()
                ));
            }
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                diff(va, vb, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (Json::String(x), Json::String(y)) if x != y => {
            // Long strings (narrative, base64) are shown around their first difference.
            let at = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
            if at < 30 {
                return Err(format!("{path}: input {a}, output {b}"));
            }
            let around = |s: &str| -> String { s.chars().skip(at - 10).take(30).collect() };
            Err(format!(
                "{path}: strings differ at character {at}: input \"…{}\", output \"…{}\"",
                around(x).escape_debug(),
                around(y).escape_debug()
            ))
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: input {a}, output {b}")),
    }
}

/// The kind of a difference [`first_difference`] found, for grouping round-trip failures.
pub fn kind_of_difference(diff: &str) -> &'static str {
    let number = |s: &str| s.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    if diff.ends_with("missing in output") {
        "element dropped"
    } else if diff.ends_with("not in input") {
        "element added"
    } else if diff.contains(" items in input") {
        "array length changed"
    } else if diff.contains(": strings differ at character ") {
        "value changed"
    } else if let Some((_, rest)) = diff.split_once(": input ") {
        match rest.split_once(", output ") {
            Some((a, b)) if number(a) && number(b) => "number text changed",
            _ => "value changed",
        }
    } else {
        "other"
    }
}

/// Parses one JSON document (RFC 8259; no byte-order mark, nothing after the value).
/// Duplicate object keys are an error, since they would make the comparison ambiguous.
pub fn parse(src: &[u8]) -> Result<Json, String> {
    let mut p = Parser { src, pos: 0 };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos != src.len() {
        return Err(p.error("trailing characters after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        let before = &self.src[..self.pos.min(self.src.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        format!("{what} at byte {} (line {line}, column {column})", self.pos)
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{}'", byte as char)))
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, String> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(&format!("expected '{word}'")))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!("nesting deeper than {MAX_DEPTH}")));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("unexpected end of input, expected a JSON value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, String> {
        self.pos += 1;
        let mut members: Vec<(String, Json)> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key_at = self.pos;
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                self.pos = key_at;
                return Err(self.error(&format!("duplicate key {key:?}")));
            }
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, String> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        match digits(self) {
            0 => return Err(self.error("expected a digit")),
            n if n > 1 && self.src[int_start] == b'0' => {
                self.pos = int_start;
                return Err(self.error("leading zero in a number"));
            }
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error("expected a digit after '.'"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let text = std::str::from_utf8(&self.src[start..self.pos])
            .map_err(|_| self.error("invalid number"))?;
        Ok(Json::Number(text.to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let Some(digits) = self.src.get(self.pos..self.pos + 4) else {
            return Err(self.error("expected four hex digits after \\u"));
        };
        let text = std::str::from_utf8(digits).map_err(|_| self.error("invalid \\u escape"))?;
        let v = u32::from_str_radix(text, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.extend_from_slice(&self.src[run_start..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return String::from_utf8(out).map_err(|_| self.error("invalid UTF-8"));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek();
                    self.pos += 1;
                    let c = match escaped {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("invalid escape"));
                        }
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn unicode_escape(&mut self) -> Result<char, String> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.src[self.pos..].starts_with(b"\\u") {
                return Err(self.error("lone high surrogate in a \\u escape"));
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("invalid low surrogate in a \\u escape"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid code point in a \\u escape"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Json {
        parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn key_order_and_whitespace_do_not_count() {
        let a = json(r#"{"a": 1, "b": [true, null, "x"]}"#);
        let b = json(r#"{"b":[true,null,"x"],"a":1}"#);
        assert_eq!(first_difference(&a, &b), None);
    }

    #[test]
    fn number_text_counts() {
        let a = json(r#"{"value": 1.50}"#);
        let b = json(r#"{"value": 1.5}"#);
        assert_eq!(
            first_difference(&a, &b).as_deref(),
            Some("$.value: input 1.50, output 1.5")
        );
    }

    #[test]
    fn strings_compare_unescaped() {
        let a = json(r#"["caf\u00e9 \ud83d\ude00 \/"]"#);
        let b = json("[\"café 😀 /\"]");
        assert_eq!(first_difference(&a, &b), None);
    }

    #[test]
    fn long_strings_are_shown_around_their_first_difference() {
        let a = Json::String(format!("{}<br>tail", "x".repeat(50)));
        let b = Json::String(format!("{}<br/>tail", "x".repeat(50)));
        assert_eq!(
            first_difference(&a, &b).as_deref(),
            Some(
                r#"$: strings differ at character 53: input "…xxxxxxx<br>tail", output "…xxxxxxx<br/>tail""#
            )
        );
    }

    #[test]
    fn missing_and_extra_members_are_named() {
        let a = json(r#"{"x": {"y": 1}}"#);
        let b = json(r#"{"x": {"z": 1}}"#);
        assert_eq!(
            first_difference(&a, &b).as_deref(),
            Some("$.x.y: missing in output")
        );
        let c = json(r#"{"x": {"y": 1, "z": 2}}"#);
        assert_eq!(
            first_difference(&a, &c).as_deref(),
            Some("$.x.z: not in input")
        );
    }

    #[test]
    fn resources_are_counted_at_any_depth() {
        let bundle = json(
            r#"{"resourceType": "Bundle", "entry": [
                {"resource": {"resourceType": "Patient",
                              "contained": [{"resourceType": "Organization"}]}},
                {"resource": {"resourceType": "Observation"}}]}"#,
        );
        assert_eq!(bundle.count_resources(), 4);
    }

    #[test]
    fn bad_input_is_an_error_with_its_position() {
        assert_eq!(
            parse(b"{\"a\": 01}").expect_err("a leading zero"),
            "leading zero in a number at byte 6 (line 1, column 7)"
        );
        assert_eq!(
            parse(b"{\"a\": 1, \"a\": 2}").expect_err("a duplicate key"),
            "duplicate key \"a\" at byte 9 (line 1, column 10)"
        );
        assert_eq!(
            parse(b"[1,\n 2").expect_err("an unclosed array"),
            "expected ',' or ']' at byte 6 (line 2, column 3)"
        );
        let deep = "[".repeat(MAX_DEPTH + 2);
        assert!(
            parse(deep.as_bytes())
                .expect_err("too deep")
                .starts_with("nesting deeper")
        );
    }

    #[test]
    fn differences_are_grouped_by_kind() {
        assert_eq!(
            kind_of_difference("$.valueQuantity.value: input 1.50, output 1.5"),
            "number text changed"
        );
        assert_eq!(
            kind_of_difference("$.valueQuantity.value: input -0.0, output 0"),
            "number text changed"
        );
        assert_eq!(
            kind_of_difference("$.text.div: input \"<div>\", output \"<div/>\""),
            "value changed"
        );
        assert_eq!(
            kind_of_difference("$._birthDate: missing in output"),
            "element dropped"
        );
        assert_eq!(kind_of_difference("$.id: not in input"), "element added");
        assert_eq!(
            kind_of_difference("$.name: 2 items in input, 1 in output"),
            "array length changed"
        );
    }
}
