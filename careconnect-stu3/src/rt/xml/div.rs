//! The quick check of a narrative `div` read from FHIR JSON.
//!
//! Every `div` the JSON reader accepts must be one the XML reader accepts in place (see
//! [`XmlReader::check_div`](super::XmlReader::check_div)), so that it can be written into
//! FHIR XML verbatim and read back. Running the XML reader over each `div` is most of the
//! cost of a typed JSON parse, while nearly every `div` is plain XHTML: elements with
//! ASCII names, quoted attributes, text, the predefined entities. This scanner decides
//! those in one pass over the bytes, with no allocation, and answers "not decided here"
//! for everything else (comments, CDATA, prefixes, namespace declarations below the `div`,
//! unusual spacing, very deep nesting, ...), which then goes through the XML reader. So
//! the scanner only ever accepts a subset of what the XML reader accepts; debug builds
//! check that on every `div` they see.
//!
//! The scanner also accepts only what txt-1 and txt-2 allow (see [`super::xhtml`]): an
//! element or attribute outside their lists, a `javascript:` URL, a character reference to
//! a control character or a `div` without content is "not decided here", and the XML
//! reader says what is wrong.

use super::read::XHTML_NS;
use super::xhtml;
use crate::rt::word;

/// Elements open at once that the scanner keeps track of; deeper text is left to the XML
/// reader.
const MAX_OPEN: usize = 48;
/// Attributes on one element that the scanner compares for duplicates.
const MAX_ATTRIBUTES: usize = 16;

/// Whether `text` is plainly one well-formed `<div xmlns="http://www.w3.org/1999/xhtml">`
/// element, nothing before or after it, with no more than `max_depth` levels of elements
/// counting the `div`. `false` means "not decided here", not "invalid".
pub(super) fn plainly_valid(text: &str, max_depth: usize) -> bool {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    if !s.b.starts_with(b"<div") {
        return false;
    }
    s.i = 4;
    if s.tag_rest(true, false).map(|t| t.0) != Some(Tag::Open) {
        return false;
    }
    // Open elements, as (start, end) of their names in the text.
    let mut open = [(0usize, 0usize); MAX_OPEN];
    open[0] = (1, 4);
    let mut depth = 1;
    // Whether txt-2's content was seen: text other than whitespace, or an image.
    let mut content = false;
    loop {
        let Some(at) = next_markup(s.b, s.i) else {
            return false;
        };
        content = content || xhtml::has_content(&s.b[s.i..at]);
        s.i = at;
        if s.b[s.i] == b'&' {
            match s.reference() {
                Some(space) => content = content || !space,
                None => return false,
            }
            continue;
        }
        s.i += 1;
        match s.b.get(s.i) {
            Some(b'/') => {
                s.i += 1;
                let (start, end) = open[depth - 1];
                let name = &s.b[start..end];
                if !s.b[s.i..].starts_with(name) || s.b.get(s.i + name.len()) != Some(&b'>') {
                    return false;
                }
                s.i += name.len() + 1;
                depth -= 1;
                if depth == 0 {
                    return s.i == s.b.len() && content;
                }
            }
            _ => {
                let start = s.i;
                if !s.name() {
                    return false;
                }
                let end = s.i;
                let name = &s.b[start..end];
                if !xhtml::allowed_element(name) {
                    return false;
                }
                let tag = s.tag_rest(false, name == b"img");
                if tag.is_some_and(|(_, image)| image) {
                    content = true;
                }
                match tag.map(|t| t.0) {
                    Some(Tag::Empty) => {}
                    Some(Tag::Open) => {
                        if depth >= MAX_OPEN || depth + 1 >= max_depth {
                            return false;
                        }
                        open[depth] = (start, end);
                        depth += 1;
                    }
                    None => return false,
                }
            }
        }
    }
}

/// The index of the first `<` or `&` at or after `i`, found a word at a time: the text
/// between tags is mostly short (line breaks and indentation), where a call into `memchr`
/// costs more than the scan.
fn next_markup(b: &[u8], mut i: usize) -> Option<usize> {
    while let Some(w) = word::load(b, i) {
        let found = word::equal(w, b'<') | word::equal(w, b'&');
        if found != 0 {
            return Some(i + word::first(found));
        }
        i += 8;
    }
    let rest = b.get(i..)?;
    rest.iter()
        .position(|&c| c == b'<' || c == b'&')
        .map(|p| i + p)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    /// `>`: content and an end tag follow.
    Open,
    /// `/>`
    Empty,
}

struct Scanner<'t> {
    b: &'t [u8],
    i: usize,
}

impl Scanner<'_> {
    /// An ASCII XML name without a prefix (the scanner leaves every prefix to the XML
    /// reader).
    fn name(&mut self) -> bool {
        match self.b.get(self.i) {
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => self.i += 1,
            _ => return false,
        }
        while let Some(c) = self.b.get(self.i) {
            if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.') {
                self.i += 1;
            } else {
                break;
            }
        }
        true
    }

    fn whitespace(&mut self) -> usize {
        let from = self.i;
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
        self.i - from
    }

    /// The attributes and end of a start tag whose name was just read, and whether it is
    /// an image with a source (`image`: the element is an `img`). On the `div` (`root`),
    /// one attribute must be `xmlns` with the XHTML namespace written literally; below it,
    /// `xmlns` is left to the XML reader.
    fn tag_rest(&mut self, root: bool, image: bool) -> Option<(Tag, bool)> {
        // Most tags have no attributes.
        if !root {
            match self.b.get(self.i) {
                Some(b'>') => {
                    self.i += 1;
                    return Some((Tag::Open, false));
                }
                Some(b'/') if self.b.get(self.i + 1) == Some(&b'>') => {
                    self.i += 2;
                    return Some((Tag::Empty, false));
                }
                _ => {}
            }
        }
        self.attributes(root, image)
    }

    /// [`Scanner::tag_rest`] for a tag with attributes (or the `div`'s own).
    #[inline(never)]
    fn attributes(&mut self, root: bool, image: bool) -> Option<(Tag, bool)> {
        let mut names: [&[u8]; MAX_ATTRIBUTES] = [&[]; MAX_ATTRIBUTES];
        let mut count = 0;
        let mut declares = false;
        let mut source = false;
        loop {
            let spaced = self.whitespace() > 0;
            match self.b.get(self.i)? {
                b'>' => {
                    self.i += 1;
                    return (declares || !root).then_some((Tag::Open, source));
                }
                b'/' => {
                    if self.b.get(self.i + 1) != Some(&b'>') {
                        return None;
                    }
                    self.i += 2;
                    return (declares || !root).then_some((Tag::Empty, source));
                }
                _ if spaced => {}
                _ => return None,
            }
            let start = self.i;
            if !self.name() || self.b.get(self.i) != Some(&b'=') {
                return None;
            }
            let name = &self.b[start..self.i];
            if count == MAX_ATTRIBUTES || names[..count].contains(&name) {
                return None;
            }
            names[count] = name;
            count += 1;
            self.i += 1;
            let quote = *self.b.get(self.i).filter(|q| matches!(q, b'"' | b'\''))?;
            self.i += 1;
            let value_start = self.i;
            let mut escaped = false;
            loop {
                self.i += memchr::memchr3(quote, b'<', b'&', &self.b[self.i..])?;
                match self.b[self.i] {
                    b'<' => return None,
                    b'&' => {
                        self.reference()?;
                        escaped = true;
                    }
                    _ => break,
                }
            }
            let value = &self.b[value_start..self.i];
            self.i += 1;
            if name == b"xmlns" {
                if !root || value != XHTML_NS.as_bytes() {
                    return None;
                }
                declares = true;
                continue;
            }
            if !xhtml::allowed_attribute(name) {
                return None;
            }
            if matches!(name, b"href" | b"src") {
                // A URL with references is read by the XML reader, which unescapes it.
                let text = std::str::from_utf8(value).ok()?;
                if escaped || xhtml::is_script_url(name, text) {
                    return None;
                }
                source |= image && name == b"src";
            }
        }
    }

    /// A reference at the `&` under the cursor: one of the five predefined entities or a
    /// character reference to a character XML allows. Moves past it, and says whether it
    /// stands for whitespace (which is no content for txt-2).
    fn reference(&mut self) -> Option<bool> {
        let rest = &self.b[self.i + 1..];
        let end = rest.iter().take(12).position(|&c| c == b';')?;
        let body = &rest[..end];
        let code = match body {
            b"amp" | b"lt" | b"gt" | b"quot" | b"apos" => None,
            [b'#', b'x', hex @ ..] if !hex.is_empty() => Some(number(hex, 16)?),
            [b'#', dec @ ..] if !dec.is_empty() => Some(number(dec, 10)?),
            _ => return None,
        };
        // A character XML's Char production allows; the XML reader says what is wrong
        // with any other (a C0 control, a surrogate, U+FFFE, past U+10FFFF).
        if code.is_some_and(|c| {
            !matches!(c, 0x09 | 0x0A | 0x0D | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
        }) {
            return None;
        }
        self.i += end + 2;
        Some(code.is_some_and(|c| matches!(c, 0x09 | 0x0A | 0x0D | 0x20)))
    }
}

/// The value of the digits `digits` in base `radix` (at most eight of them: no
/// character is higher).
fn number(digits: &[u8], radix: u32) -> Option<u32> {
    if digits.len() > 8 {
        return None;
    }
    digits.iter().try_fold(0u32, |v, &d| {
        Some(v * radix + char::from(d).to_digit(radix)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rt::xml::XmlReader;

    const NS: &str = "http://www.w3.org/1999/xhtml";

    fn div(body: &str) -> String {
        format!("<div xmlns=\"{NS}\">{body}</div>")
    }

    #[test]
    fn plain_xhtml_is_decided_here_and_the_xml_reader_agrees() {
        let cases = [
            div("plain text"),
            div("<img src=\"a.png\"/>"),
            div("<p>a &amp; b &lt; c &#160; &#xA0;</p>"),
            div("<table class=\"grid\" id='t1'><tr><td>1</td></tr></table><br/><br />"),
            div("<p\n  class=\"x\"\tstyle=\"color: red\">text with > and ]]</p>"),
            format!("<div class=\"a\" xmlns='{NS}'>é ü 中文</div>"),
            div("<a href=\"x?a=1\">link</a>"),
            div("<p title=\"a > b\" alt='c \"d\" > e'>x</p>"),
        ];
        for text in &cases {
            assert!(plainly_valid(text, 100), "{text}");
            assert!(XmlReader::check_div(text, 100).is_ok(), "{text}");
        }
    }

    #[test]
    fn anything_unusual_is_left_to_the_xml_reader() {
        let cases = [
            // Not a div, or the namespace not declared literally on it.
            "<p>x</p>".to_string(),
            "<div>x</div>".to_string(),
            format!("<div xmlns=\"{NS}x\">x</div>"),
            "<div xmlns=\"http://www.w3.org/1999/xhtm&#108;\">x</div>".to_string(),
            format!("<x:div xmlns:x=\"{NS}\">x</x:div>"),
            format!(" <div xmlns=\"{NS}\">x</div>"),
            format!("<div xmlns=\"{NS}\">x</div> "),
            format!("<div xmlns=\"{NS}\"/>"),
            // Forms the scanner does not take apart.
            div("<!-- c -->"),
            div("<![CDATA[x]]>"),
            div("<?pi x?>"),
            div("<p xmlns=\"urn:other\">x</p>"),
            div("<x:p xmlns:x=\"urn:other\">x</x:p>"),
            div("<p title = \"1\">x</p>"),
            div("<p title=1>x</p>"),
            div("<p title=\"1\"class=\"2\">x</p>"),
            div("<p title=\"1\" title=\"2\">x</p>"),
            div("<p>x</p >"),
            div("&nbsp;"),
            div("& x"),
            div("<p>unclosed"),
            div("<p>x</q>"),
            format!("<div xmlns=\"{NS}\">x"),
            // A URL with a reference: the XML reader unescapes it to look for a script.
            div("<a href=\"x?a=1&amp;b=2\">link</a>"),
        ];
        for text in &cases {
            assert!(!plainly_valid(text, 100), "{text}");
        }
        assert!(XmlReader::check_div(&div("<a href=\"x?a=1&amp;b=2\">link</a>"), 100).is_ok());
    }

    /// What txt-1 and txt-2 refuse is never plainly valid: the XML reader decides it and
    /// names the rule (an element or attribute outside the lists, a `javascript:` URL, a
    /// `div` without content).
    #[test]
    fn narrative_rules_are_left_to_the_xml_reader_which_names_them() {
        let cases = [
            (div(""), "txt-2"),
            (format!("<div xmlns=\"{NS}\"/>"), "txt-2"),
            (div(" \n\t&#32;&#x9;<p> </p><br/>"), "txt-2"),
            (div("<img alt=\"no source\"/>"), "txt-2"),
            (div("<script>x</script>"), "txt-1"),
            (div("<p onclick=\"x()\">x</p>"), "txt-1"),
            (div("<p xml:lang=\"en\">x</p>"), "txt-1"),
            (div("<form><input/></form>x"), "txt-1"),
            (div("<iframe src=\"a\"/>x"), "txt-1"),
            (div("<a href=\"javascript:x()\">x</a>"), "txt-1"),
            (div("<a href=\"&#106;avascript:x()\">x</a>"), "txt-1"),
            (div("<img src=\" JAVASCRIPT:x\"/>"), "txt-1"),
        ];
        for (text, key) in &cases {
            assert!(!plainly_valid(text, 100), "{text}");
            match XmlReader::check_div(text, 100).map_err(|e| e.kind().clone()) {
                Err(crate::rt::ErrorKind::Constraint { key: k, .. }) => {
                    assert_eq!(k, *key, "{text}")
                }
                other => panic!("{text}: expected {key}, got {other:?}"),
            }
        }
    }

    /// FHIR XML has no DTD: an entity other than the five XML predefines is not declared,
    /// so a div that uses one (`&nbsp;`) is not well-formed, nor is one with a reference
    /// to a code point that is no character.
    #[test]
    fn undeclared_entities_and_references_to_no_character_are_not_xml() {
        for (body, message) in [
            ("a&nbsp;b", "entity reference '&nbsp;' is not allowed"),
            ("<p>&quok;x</p>", "entity reference '&quok;' is not allowed"),
            (
                "x&#xD800;",
                "character reference '&#xD800;' is not to a character XML allows",
            ),
            ("x&#1114112;", "character reference '&#1114112;'"),
            ("x&#xFFFF;", "character reference '&#xFFFF;'"),
        ] {
            let text = div(body);
            assert!(!plainly_valid(&text, 100), "{text}");
            let e = XmlReader::check_div(&text, 100).expect_err(body);
            assert!(
                matches!(e.kind(), crate::rt::ErrorKind::Syntax(m) if m.contains(message)),
                "{body}: {e}"
            );
        }
        for body in ["&amp;&lt;&gt;&quot;&apos;", "&#160;&#x10FFFF;"] {
            assert!(XmlReader::check_div(&div(body), 100).is_ok(), "{body}");
        }
    }

    /// A start tag the XML tokenizer cannot take apart into attributes is not XML, below
    /// the div or on it.
    #[test]
    fn malformed_attributes_are_not_xml() {
        for text in [
            div("<p <q xmlns=\"urn:x\">title=\"t\">x</p>"),
            div("<p title=\"1\"class=\"2\">x</p>"),
            div("<p title=\"1\" title=\"2\">x</p>"),
            div("<p title>x</p>"),
            format!("<div xmlns=\"{NS}\" class=\"a\"title=\"b\">x</div>"),
        ] {
            let e = XmlReader::check_div(&text, 100).expect_err(&text);
            assert!(
                matches!(e.kind(), crate::rt::ErrorKind::Syntax(m) if m.contains("attribute")),
                "{text}: {e}"
            );
        }
    }

    #[test]
    fn markup_is_found_wherever_it_stands() {
        for len in 0..20 {
            for at in 0..len {
                for c in [b'<', b'&'] {
                    let mut text = vec![b'x'; len];
                    text[at] = c;
                    if at + 1 < len {
                        text[at + 1] = b'<';
                    }
                    assert_eq!(next_markup(&text, 0), Some(at), "{text:?}");
                    assert_eq!(next_markup(&text, at + 1), (at + 1 < len).then_some(at + 1));
                }
            }
            assert_eq!(next_markup(&vec![b'x'; len], 0), None);
        }
        // Every byte value next to the markup, below and above it.
        for b in 0u8..=255 {
            let text = [b, b, b, b, b'<', b, b, b, b];
            let first = if b == b'<' || b == b'&' { 0 } else { 4 };
            assert_eq!(next_markup(&text, 0), Some(first), "{b:#04x}");
        }
    }

    #[test]
    fn nesting_near_the_limit_is_left_to_the_xml_reader() {
        let deep = |n: usize| div(&format!("{}x{}", "<b>".repeat(n), "</b>".repeat(n)));
        assert!(plainly_valid(&deep(5), 10));
        assert!(!plainly_valid(&deep(9), 10));
        assert!(!plainly_valid(&deep(MAX_OPEN), 1000));
        assert!(XmlReader::check_div(&deep(MAX_OPEN), 1000).is_ok());
    }
}
