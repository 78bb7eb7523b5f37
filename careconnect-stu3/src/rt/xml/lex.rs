//! The tokenizer under the FHIR XML reader: XML 1.0 with namespaces, over text already
//! checked as UTF-8.
//!
//! It checks what makes XML well-formed and namespace-well-formed: names (the XML `Name`
//! production, at most one colon in a qualified name), start tags with whitespace between
//! attributes and no attribute twice, quoted attribute values without `<`, end tags
//! matching their start tags, comments without `--`, processing instructions, CDATA
//! sections, the XML declaration only at the very start, and namespace declarations
//! (scoped to their element, `xml` bound implicitly, no prefix undeclared or rebound to the
//! reserved names). Element names are resolved to their namespace as each start tag is
//! read. A DOCTYPE is reported as such and never read: FHIR XML has none, so no entity is
//! ever defined or expanded.
//!
//! What FHIR XML adds on top (no text between FHIR elements, attribute values unescaped,
//! the narrative's rules, the depth limit) is the reader's (see [`super::read`]). Nothing
//! is copied: events borrow the input. Positions are byte offsets into the text read.

use std::borrow::Cow;

use super::read::{FHIR_NS, Namespace, XHTML_NS};
use crate::rt::error::ErrorKind;
use crate::rt::word;

/// The namespace the `xml` prefix is bound to without a declaration.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of the `xmlns` attributes themselves, which nothing may be bound to.
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// A tokenizer error: what is wrong, and the byte offset where it was found.
#[derive(Debug)]
pub(super) struct LexError {
    pub at: usize,
    pub kind: ErrorKind,
}

pub(super) type LexResult<T> = std::result::Result<T, LexError>;

fn malformed(at: usize, what: impl std::fmt::Display) -> LexError {
    LexError {
        at,
        kind: ErrorKind::Syntax(format!("malformed XML: {what}")),
    }
}

fn bad_attribute(at: usize, what: impl std::fmt::Display) -> LexError {
    LexError {
        at,
        kind: ErrorKind::Syntax(format!("malformed attribute: {what}")),
    }
}

fn unexpected_end(at: usize) -> LexError {
    LexError {
        at,
        kind: ErrorKind::UnexpectedEnd,
    }
}

/// A start tag (or an empty-element tag) as it stands in the input, checked.
#[derive(Debug, Clone)]
pub struct Tag<'a> {
    /// The qualified name as written (`div`, `h:div`).
    qname: &'a str,
    /// Where the local name starts in `qname` (after the prefix and its colon; 0 without
    /// a prefix).
    local_at: usize,
    /// The attribute section: from the end of the name to the `>` or `/>` that closes the
    /// tag, already checked.
    attrs: &'a str,
    /// Which of the attributes `value` and `id` (without a prefix) the tag has: bits
    /// [`VALUE`] and [`ID`].
    primitive: u8,
}

/// [`Tag::primitive_attributes`]: the tag has a `value` attribute.
pub const VALUE: u8 = 1;
/// [`Tag::primitive_attributes`]: the tag has an `id` attribute.
pub const ID: u8 = 2;

impl<'a> Tag<'a> {
    /// The qualified name as written.
    pub fn qname(&self) -> &'a str {
        self.qname
    }

    /// The local name, without a prefix.
    pub fn local_name(&self) -> &'a str {
        &self.qname[self.local_at..]
    }

    /// The prefix, if the name has one.
    pub fn prefix(&self) -> Option<&'a str> {
        (self.local_at > 0).then(|| &self.qname[..self.local_at - 1])
    }

    /// Which of a primitive's attributes, `value` and `id`, the tag has (bits [`VALUE`]
    /// and [`ID`]), known without taking the attributes apart again.
    pub fn primitive_attributes(&self) -> u8 {
        self.primitive
    }

    /// Every attribute, namespace declarations included, as (qualified name, raw value).
    pub fn attributes(&self) -> Attributes<'a> {
        Attributes { rest: self.attrs }
    }
}

/// The attributes of a [`Tag`], in the order written. The section was checked when the tag
/// was read, so this only takes it apart.
#[derive(Debug, Clone)]
pub struct Attributes<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Attributes<'a> {
    /// The qualified name and the raw (still escaped) value.
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        // Every index below is at an ASCII byte, so a character boundary.
        let (s, b) = (self.rest, self.rest.as_bytes());
        let mut i = 0;
        while b.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        let name_at = i;
        while b.get(i).is_some_and(|&c| !is_space(c) && c != b'=') {
            i += 1;
        }
        let name_end = i;
        while b.get(i).is_some_and(|&c| c != b'"' && c != b'\'') {
            i += 1;
        }
        let quote = *b.get(i)?;
        let value_at = i + 1;
        let value_end = value_at + b[value_at..].iter().position(|&c| c == quote)?;
        self.rest = &s[value_end + 1..];
        Some((&s[name_at..name_end], &s[value_at..value_end]))
    }
}

/// One event of the input.
#[derive(Debug)]
pub(super) enum Event<'a> {
    /// A start tag, or with `empty` an empty-element tag, with the element's namespace.
    Start {
        tag: Tag<'a>,
        empty: bool,
        namespace: Namespace,
    },
    /// The end tag of the element open (checked to match it).
    End,
    /// Text up to the next markup or reference, other than whitespace alone (which is
    /// passed over). It starts with the whitespace before it.
    Text(&'a str),
    /// An entity or character reference: the text between `&` and `;`.
    Ref(&'a str),
    /// The content of a CDATA section.
    CData(&'a str),
    Comment,
    ProcessingInstruction,
    /// The XML declaration: its pseudo-attributes, to be read as a tag's.
    Decl(Tag<'a>),
    /// A document type declaration (not read any further).
    DocType,
    Eof,
}

/// A namespace binding in scope.
#[derive(Debug)]
struct Binding<'a> {
    /// The prefix, or `""` for the default namespace.
    prefix: &'a str,
    /// The namespace name (empty: the default namespace undeclared).
    uri: Cow<'a, str>,
    /// The namespace as the reader sees it.
    namespace: Namespace,
}

/// The tokenizer. See the module documentation.
pub(super) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    /// Elements open: the qualified name and the number of bindings before its own.
    open: Vec<(&'a str, usize)>,
    bindings: Vec<Binding<'a>>,
    /// The bindings of the last empty-element tag, dropped at the next event.
    pop_to: Option<usize>,
    /// The qualified names of the attributes of the tag being read (for duplicates).
    names: Vec<&'a str>,
    /// Whether an attribute of the tag being read has a prefix (other than `xmlns`).
    prefixed: bool,
    /// [`Tag::primitive_attributes`] of the tag being read.
    primitive: u8,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        Lexer {
            text,
            pos: 0,
            open: Vec::new(),
            bindings: Vec::new(),
            pop_to: None,
            names: Vec::new(),
            prefixed: false,
            primitive: 0,
        }
    }

    /// The byte offset reached.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The namespace name the attribute prefix `prefix` is bound to where the last tag was
    /// read.
    pub fn resolve_prefix(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        self.bindings
            .iter()
            .rev()
            .find(|b| same(b.prefix, prefix))
            .map(|b| b.uri.as_ref())
    }

    /// The next event and the offset where it starts.
    pub fn next(&mut self) -> LexResult<(usize, Event<'a>)> {
        if let Some(to) = self.pop_to.take() {
            self.bindings.truncate(to);
        }
        let b = self.text.as_bytes();
        let start = self.pos;
        let i = word::skip_whitespace(b, start);
        let Some(&first) = b.get(i) else {
            self.pos = i;
            if !self.open.is_empty() {
                return Err(unexpected_end(i));
            }
            return Ok((i, Event::Eof));
        };
        match first {
            b'<' => {
                self.pos = i;
                let event = self.markup()?;
                Ok((i, event))
            }
            b'&' => {
                let name = self.reference(i)?;
                Ok((i, Event::Ref(name)))
            }
            _ => {
                let end = memchr::memchr2(b'<', b'&', &b[i..]).map_or(b.len(), |p| i + p);
                if let Some(p) = memchr::memmem::find(&b[i..end], b"]]>") {
                    return Err(malformed(i + p, "']]>' in text (write ']]&gt;')"));
                }
                self.pos = end;
                Ok((start, Event::Text(&self.text[start..end])))
            }
        }
    }

    /// `&name;` at `at`: the name.
    fn reference(&mut self, at: usize) -> LexResult<&'a str> {
        let b = self.text.as_bytes();
        let body = at + 1;
        let end = b[body..]
            .iter()
            .take(64)
            .position(|&c| c == b';')
            .map(|p| body + p);
        let Some(end) = end.filter(|&e| e > body) else {
            return Err(malformed(
                at,
                "'&' must start an entity or character reference ending in ';' (write '&amp;')",
            ));
        };
        self.pos = end + 1;
        Ok(&self.text[body..end])
    }

    /// Markup at `self.pos` (a `<`).
    fn markup(&mut self) -> LexResult<Event<'a>> {
        let b = self.text.as_bytes();
        let at = self.pos;
        match b.get(at + 1) {
            None => Err(unexpected_end(b.len())),
            Some(b'/') => self.end_tag(at),
            Some(b'!') => {
                let rest = &b[at..];
                if rest.starts_with(b"<!--") {
                    self.comment(at)
                } else if rest.starts_with(b"<![CDATA[") {
                    let body = at + 9;
                    let Some(p) = memchr::memmem::find(&b[body..], b"]]>") else {
                        return Err(unexpected_end(b.len()));
                    };
                    self.pos = body + p + 3;
                    Ok(Event::CData(&self.text[body..body + p]))
                } else if rest.starts_with(b"<!DOCTYPE") {
                    // Never read further: the reader refuses the document here.
                    self.pos = at + 9;
                    Ok(Event::DocType)
                } else if b"<!--".starts_with(rest)
                    || b"<![CDATA[".starts_with(rest)
                    || b"<!DOCTYPE".starts_with(rest)
                {
                    Err(unexpected_end(b.len()))
                } else {
                    Err(malformed(
                        at,
                        "'<!' must start a comment or a CDATA section",
                    ))
                }
            }
            Some(b'?') => self.processing_instruction(at),
            Some(_) => self.start_tag(at),
        }
    }

    /// `<!-- ... -->` at `at`: no `--` inside, no control character.
    fn comment(&mut self, at: usize) -> LexResult<Event<'a>> {
        let b = self.text.as_bytes();
        let body = at + 4;
        let Some(p) = memchr::memmem::find(&b[body..], b"--") else {
            return Err(unexpected_end(b.len()));
        };
        let dashes = body + p;
        match b.get(dashes + 2) {
            None => return Err(unexpected_end(b.len())),
            Some(b'>') => {}
            Some(_) => return Err(malformed(dashes, "'--' inside a comment")),
        }
        if let Some(c) = first_control(&b[body..dashes]) {
            return Err(control(body + c, b[body + c], "a comment"));
        }
        self.pos = dashes + 3;
        Ok(Event::Comment)
    }

    /// `<?target ...?>` at `at`, or the XML declaration.
    fn processing_instruction(&mut self, at: usize) -> LexResult<Event<'a>> {
        let b = self.text.as_bytes();
        let target_at = at + 2;
        let target_end = self.name(target_at)?;
        let target = &self.text[target_at..target_end];
        let Some(p) = memchr::memmem::find(&b[target_end..], b"?>") else {
            return Err(unexpected_end(b.len()));
        };
        let close = target_end + p;
        if close > target_end && !is_space(b[target_end]) {
            return Err(malformed(
                target_end,
                "a processing instruction's target must be followed by whitespace or '?>'",
            ));
        }
        if let Some(c) = first_control(&b[target_end..close]) {
            return Err(control(
                target_end + c,
                b[target_end + c],
                "a processing instruction",
            ));
        }
        if !target.eq_ignore_ascii_case("xml") {
            self.pos = close + 2;
            return Ok(Event::ProcessingInstruction);
        }
        if target != "xml" || at != 0 {
            return Err(malformed(
                at,
                "an XML declaration ('<?xml ...?>') may stand only at the very start of the document, and no processing instruction may be named 'xml'",
            ));
        }
        self.attribute_section(target_end, close, false)?;
        let tag = Tag {
            qname: target,
            local_at: 0,
            attrs: &self.text[target_end..close],
            primitive: 0,
        };
        declaration(&tag, target_end)?;
        self.pos = close + 2;
        Ok(Event::Decl(tag))
    }

    /// `</name>` at `at`: it must close the element open.
    fn end_tag(&mut self, at: usize) -> LexResult<Event<'a>> {
        let b = self.text.as_bytes();
        let name_at = at + 2;
        let name_end = self.name(name_at)?;
        let mut i = name_end;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            None => return Err(unexpected_end(b.len())),
            Some(b'>') => {}
            Some(_) => return Err(malformed(i, "expected '>' to close the end tag")),
        }
        let name = &self.text[name_at..name_end];
        let Some(&(open, mark)) = self.open.last() else {
            return Err(malformed(
                at,
                format_args!("the end tag '</{name}>' closes no element"),
            ));
        };
        if !same(open, name) {
            return Err(malformed(
                at,
                format_args!("expected '</{open}>', found '</{name}>'"),
            ));
        }
        self.open.pop();
        self.bindings.truncate(mark);
        self.pos = i + 1;
        Ok(Event::End)
    }

    /// `<name attributes>` or `<name attributes/>` at `at`.
    fn start_tag(&mut self, at: usize) -> LexResult<Event<'a>> {
        let b = self.text.as_bytes();
        let name_at = at + 1;
        let name_end = self.name(name_at)?;
        let qname = &self.text[name_at..name_end];
        let local_at = qualified(qname, name_at)?;
        let mark = self.bindings.len();
        let (close, empty) = self.attribute_section(name_end, b.len(), true)?;
        let tag = Tag {
            qname,
            local_at,
            attrs: &self.text[name_end..close],
            primitive: self.primitive,
        };
        let prefix = tag.prefix().unwrap_or("");
        if prefix == "xmlns" || prefix == "xml" {
            return Err(malformed(
                name_at,
                format_args!("the prefix '{prefix}' is reserved (no element takes it)"),
            ));
        }
        let namespace = self.namespace_of(prefix);
        if self.prefixed {
            self.attribute_prefixes(name_at)?;
        }
        self.pos = close + if empty { 2 } else { 1 };
        if empty {
            self.pop_to = Some(mark);
        } else {
            self.open.push((qname, mark));
        }
        Ok(Event::Start {
            tag,
            empty,
            namespace,
        })
    }

    /// The prefixes of the attributes of the tag at `at` must be declared, and two of its
    /// attributes must not have the same local name in the same namespace (`p:a` and `q:a`
    /// with `p` and `q` bound to one name).
    #[inline(never)]
    fn attribute_prefixes(&self, at: usize) -> LexResult<()> {
        let expanded = |name: &'a str| {
            let (prefix, local) = name.split_once(':')?;
            if prefix == "xmlns" {
                return None;
            }
            Some((self.resolve_prefix(prefix), local))
        };
        for (i, &a) in self.names.iter().enumerate() {
            let Some(first) = expanded(a) else { continue };
            if first.0.is_none() {
                let prefix = &a[..a.len() - first.1.len() - 1];
                return Err(malformed(
                    at,
                    format_args!("the prefix '{prefix}' of attribute '{a}' is not declared"),
                ));
            }
            for &b in &self.names[i + 1..] {
                if expanded(b) == Some(first) {
                    return Err(bad_attribute(
                        at,
                        format_args!("'{a}' and '{b}' are the same attribute"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The namespace of an element with prefix `prefix` (`""` for none).
    fn namespace_of(&self, prefix: &str) -> Namespace {
        match self.bindings.iter().rev().find(|b| same(b.prefix, prefix)) {
            Some(binding) => binding.namespace.clone(),
            None if prefix.is_empty() => Namespace::Other("no namespace".into()),
            None => Namespace::Other(format!("the undeclared prefix '{prefix}'").into()),
        }
    }

    /// The attributes of a tag from `i` (just after its name) to its close: `>` or `/>`
    /// when `element`, else the `?>` of the XML declaration at `end`. Records the
    /// attributes' names in `self.names` and, for an element, its namespace declarations.
    /// Returns the offset of the close and whether it is `/>`.
    fn attribute_section(
        &mut self,
        mut i: usize,
        end: usize,
        element: bool,
    ) -> LexResult<(usize, bool)> {
        self.names.clear();
        self.prefixed = false;
        self.primitive = 0;
        let b = self.text.as_bytes();
        loop {
            let spaced = i;
            while i < end && is_space(b[i]) {
                i += 1;
            }
            if !element && i == end {
                return Ok((end, false));
            }
            match b.get(i) {
                None => return Err(unexpected_end(b.len())),
                Some(b'>') if element => return Ok((i, false)),
                Some(b'/') if element => {
                    return match b.get(i + 1) {
                        Some(b'>') => Ok((i, true)),
                        None => Err(unexpected_end(b.len())),
                        Some(_) => Err(malformed(i, "expected '>' after '/' in a tag")),
                    };
                }
                Some(_) if i == spaced => {
                    return Err(bad_attribute(
                        i,
                        "no whitespace after a value before the next attribute",
                    ));
                }
                Some(&c) if !is_name_start(c) => {
                    return Err(bad_attribute(i, "expected an attribute name, '>' or '/>'"));
                }
                Some(_) => {}
            }
            let name_at = i;
            i = self.name(i)?;
            let name = &self.text[name_at..i];
            let local_at = qualified(name, name_at)?;
            while i < end && is_space(b[i]) {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                return match b.get(i) {
                    None => Err(unexpected_end(b.len())),
                    Some(_) => Err(bad_attribute(
                        i,
                        format_args!("expected '=' and a quoted value after '{name}'"),
                    )),
                };
            }
            i += 1;
            while i < end && is_space(b[i]) {
                i += 1;
            }
            let quote = match b.get(i) {
                None => return Err(unexpected_end(b.len())),
                Some(&q @ (b'"' | b'\'')) => q,
                Some(_) => {
                    return Err(bad_attribute(
                        i,
                        format_args!("the value of '{name}' must be in quotes"),
                    ));
                }
            };
            let value_at = i + 1;
            let Some(len) = memchr::memchr(quote, &b[value_at..end.max(value_at)]) else {
                return Err(unexpected_end(b.len()));
            };
            let value_end = value_at + len;
            if let Some(p) = memchr::memchr(b'<', &b[value_at..value_end]) {
                return Err(malformed(
                    value_at + p,
                    "'<' in an attribute value (write '&lt;')",
                ));
            }
            if self.names.iter().any(|&n| same(n, name)) {
                return Err(bad_attribute(
                    name_at,
                    format_args!("'{name}' is given twice"),
                ));
            }
            self.names.push(name);
            let declaration = same(name, "xmlns") || name.starts_with("xmlns:");
            if local_at > 0 {
                self.prefixed |= !declaration;
            } else if same(name, "value") {
                self.primitive |= VALUE;
            } else if same(name, "id") {
                self.primitive |= ID;
            }
            if element && declaration {
                let prefix = if local_at == 0 { "" } else { &name[local_at..] };
                let value = &self.text[value_at..value_end];
                self.declare(prefix, value, name_at)?;
            }
            i = value_end + 1;
        }
    }

    /// A namespace declaration of `prefix` (`""`: the default namespace) as `value` (raw),
    /// at `at`.
    fn declare(&mut self, prefix: &'a str, value: &'a str, at: usize) -> LexResult<()> {
        let uri = if value.contains('&') {
            Cow::Owned(unescape(value).ok_or_else(|| {
                malformed(
                    at,
                    "a namespace declaration's value holds a reference XML does not define",
                )
            })?)
        } else {
            Cow::Borrowed(value)
        };
        let uri_ref: &str = &uri;
        if let Some(c) = first_control(uri_ref.as_bytes()) {
            return Err(control(
                at,
                uri_ref.as_bytes()[c],
                "a namespace declaration",
            ));
        }
        let refused = match prefix {
            "xmlns" => Some("the prefix 'xmlns' cannot be declared"),
            "xml" if uri_ref != XML_NS => Some("the prefix 'xml' cannot be bound elsewhere"),
            "xml" => None,
            _ if uri_ref == XML_NS || uri_ref == XMLNS_NS => {
                Some("a reserved namespace cannot be bound to another prefix")
            }
            "" => None,
            _ if uri_ref.is_empty() => Some("a prefix cannot be undeclared (xmlns:p=\"\")"),
            _ => None,
        };
        if let Some(why) = refused {
            return Err(malformed(at, why));
        }
        let namespace = match uri_ref {
            FHIR_NS => Namespace::Fhir,
            XHTML_NS => Namespace::Xhtml,
            "" => Namespace::Other("no namespace".into()),
            other => Namespace::Other(other.into()),
        };
        self.bindings.push(Binding {
            prefix,
            uri,
            namespace,
        });
        Ok(())
    }

    /// An XML name at `at`: returns where it ends.
    #[inline]
    fn name(&self, at: usize) -> LexResult<usize> {
        let b = self.text.as_bytes();
        let Some(&first) = b.get(at) else {
            return Err(unexpected_end(b.len()));
        };
        if !is_name_start(first) {
            return Err(malformed(at, "expected a name"));
        }
        let mut i = at + 1;
        while let Some(&c) = b.get(i) {
            if NAME_BYTE[usize::from(c)] {
                i += 1;
            } else if c < 0x80 {
                break;
            } else {
                return self.name_slow(at);
            }
        }
        if first >= 0x80 {
            return self.name_slow(at);
        }
        Ok(i)
    }

    /// [`Lexer::name`] for a name with characters beyond ASCII.
    #[inline(never)]
    fn name_slow(&self, at: usize) -> LexResult<usize> {
        let rest = &self.text[at..];
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            let ok = if i == 0 {
                is_name_start_char(c)
            } else {
                is_name_char(c)
            };
            if !ok {
                if i == 0 {
                    return Err(malformed(at, "expected a name"));
                }
                if c.is_ascii() {
                    end = i;
                    break;
                }
                return Err(malformed(
                    at + i,
                    format_args!("'{c}' cannot stand in an XML name"),
                ));
            }
        }
        Ok(at + end)
    }
}

/// The XML declaration's pseudo-attributes (at `at`): `version`, then optionally
/// `encoding` and `standalone`, in that order, with the values XML allows.
fn declaration(tag: &Tag<'_>, at: usize) -> LexResult<()> {
    let mut expected = ["version", "encoding", "standalone"].iter();
    for (i, (name, value)) in tag.attributes().enumerate() {
        if i == 0 && name != "version" {
            return Err(malformed(
                at,
                "the XML declaration must start with its version (version=\"1.0\")",
            ));
        }
        if !expected.any(|&e| e == name) {
            return Err(malformed(
                at,
                format_args!(
                    "the XML declaration takes version, encoding and standalone, in that order; found '{name}'"
                ),
            ));
        }
        let b = value.as_bytes();
        let valid = match name {
            "version" => {
                b.len() > 2 && b.starts_with(b"1.") && b[2..].iter().all(u8::is_ascii_digit)
            }
            "encoding" => {
                b.first().is_some_and(u8::is_ascii_alphabetic)
                    && b.iter()
                        .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
            }
            _ => matches!(value, "yes" | "no"),
        };
        if !valid {
            return Err(malformed(
                at,
                format_args!("'{value}' is not a value the XML declaration's {name} takes"),
            ));
        }
    }
    Ok(())
}

/// Where the local name starts in the qualified name `name` written at `at`: at most one
/// colon, with a name on either side.
fn qualified(name: &str, at: usize) -> LexResult<usize> {
    let b = name.as_bytes();
    match colon(b) {
        None => Ok(0),
        Some(colon) if colon == 0 || colon + 1 == name.len() || b[colon + 1..].contains(&b':') => {
            Err(malformed(
                at,
                format_args!("'{name}' is not a qualified name (prefix:name)"),
            ))
        }
        Some(colon) => {
            let starts_name = name[colon + 1..]
                .chars()
                .next()
                .is_some_and(is_name_start_char);
            if !starts_name {
                return Err(malformed(
                    at,
                    format_args!("'{name}' is not a qualified name (prefix:name)"),
                ));
            }
            Ok(colon + 1)
        }
    }
}

/// The offset of the first colon in a name (a byte loop: names are short).
#[inline]
pub(super) fn colon(name: &[u8]) -> Option<usize> {
    name.iter().position(|&c| c == b':')
}

/// The character an entity or character reference (the text between `&` and `;`) stands
/// for, if it is one XML defines without a DTD.
pub(super) fn reference(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x") {
                if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                u32::from_str_radix(hex, 16).ok()?
            } else if let Some(dec) = name.strip_prefix('#') {
                if !dec.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                dec.parse().ok()?
            } else {
                return None;
            };
            // XML's Char production has no NUL or other C0 controls but tab and line
            // breaks: the value's own check reports them (as it does raw ones). Nor has
            // it U+FFFE or U+FFFF, which no check after this one would catch.
            char::from_u32(code).filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        }
    }
}

/// `value` with its references replaced, if they all are ones XML defines and stand for
/// characters XML allows.
fn unescape(value: &str) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let end = rest[amp..].find(';')? + amp;
        out.push(reference(&rest[amp + 1..end]).filter(|&c| !is_control(c))?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn is_control(c: char) -> bool {
    c < ' ' && !matches!(c, '\t' | '\n' | '\r')
}

/// The offset of the first character XML 1.0 does not allow (a C0 control other than tab
/// and line breaks) in `b`.
fn first_control(b: &[u8]) -> Option<usize> {
    b.iter()
        .position(|&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r'))
}

fn control(at: usize, c: u8, place: &str) -> LexError {
    malformed(
        at,
        format_args!("{place} holds the control character U+{c:04X}, which XML 1.0 does not allow"),
    )
}

/// String equality for the short names of markup, without a call into `memcmp`.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

#[inline]
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// The ASCII bytes that can stand in a name after its first character.
static NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 128 {
        table[c] =
            (c as u8).is_ascii_alphanumeric() || matches!(c as u8, b'_' | b'-' | b'.' | b':');
        c += 1;
    }
    table
};

/// Whether the byte can start a name (a non-ASCII lead byte is checked as a character).
#[inline]
fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'_' | b':') || c >= 0x80
}

/// XML 1.0's `NameStartChar`.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0's `NameChar`.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `text` is one well-formed, namespace-well-formed document as the reader
    /// takes it: the tokenizer's events to the end, one root element, nothing but
    /// comments, processing instructions and whitespace around it, no DOCTYPE, and what
    /// the reader checks itself (references XML defines, no control characters in text or
    /// attribute values, every element's prefix declared).
    fn reads(text: &str) -> std::result::Result<(), String> {
        let mut lexer = Lexer::new(text);
        let (mut depth, mut roots) = (0usize, 0);
        loop {
            let (at, event) = lexer
                .next()
                .map_err(|e| format!("{} at {}", e.kind, e.at))?;
            let ok = match event {
                Event::Eof => {
                    return if roots == 1 {
                        Ok(())
                    } else {
                        Err("no root".into())
                    };
                }
                Event::Start {
                    tag,
                    empty,
                    namespace,
                } => {
                    if depth == 0 {
                        roots += 1;
                    }
                    depth += usize::from(!empty);
                    let values_ok = tag.attributes().all(|(_, v)| {
                        unescape(v).is_some_and(|v| first_control(v.as_bytes()).is_none())
                    });
                    let declared = !matches!(&namespace, Namespace::Other(s) if s.starts_with("the undeclared"));
                    roots == 1 && values_ok && declared
                }
                Event::End => {
                    depth -= 1;
                    true
                }
                Event::Text(t) => depth > 0 && first_control(t.as_bytes()).is_none(),
                Event::CData(t) => depth > 0 && first_control(t.as_bytes()).is_none(),
                Event::Ref(r) => {
                    depth > 0
                        && reference(r).is_some_and(|c| {
                            !matches!(c, '\u{FFFE}' | '\u{FFFF}')
                                && first_control(c.to_string().as_bytes()).is_none()
                        })
                }
                Event::Comment | Event::ProcessingInstruction | Event::Decl(_) => true,
                Event::DocType => false,
            };
            if !ok {
                return Err(format!("refused at {at}"));
            }
        }
    }

    const DOCUMENT: &str = concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment -->\n",
        "<Patient xmlns=\"http://hl7.org/fhir\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"x y\">\n",
        "  <id value='p1'/>\n  <?pi some data?>\n",
        "  <text><status value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\">",
        "<p class=\"a\">caf\u{e9} &amp; &#x41;&#66; <![CDATA[<b>]]></p><h:b xmlns:h=\"http://www.w3.org/1999/xhtml\">x</h:b><br/></div></text>\n",
        "  <name><family value=\"O&apos;Brien &lt;x&gt;\"/><given\tvalue = \"A\" /></name>\n",
        "  <\u{e9}l\u{e9}ment/>\n",
        "</Patient >\n<!-- after -->\n"
    );

    #[test]
    fn a_document_with_every_kind_of_markup_reads() {
        reads(DOCUMENT).unwrap_or_else(|e| panic!("{e}"));
        roxmltree::Document::parse(DOCUMENT).unwrap_or_else(|e| panic!("{e}"));
        let mut lexer = Lexer::new(DOCUMENT);
        let mut names = Vec::new();
        loop {
            match lexer.next().map(|(_, e)| e) {
                Ok(Event::Start { tag, namespace, .. }) => {
                    names.push((tag.qname(), tag.local_name(), namespace));
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{e:?}"),
            }
        }
        let (_, _, root) = &names[0];
        assert_eq!(*root, Namespace::Fhir);
        let div = names.iter().find(|n| n.0 == "div").expect("div");
        assert_eq!(div.2, Namespace::Xhtml);
        let prefixed = names.iter().find(|n| n.0 == "h:b").expect("h:b");
        assert_eq!((prefixed.1, &prefixed.2), ("b", &Namespace::Xhtml));
        // The div's declaration is scoped to it.
        let family = names.iter().find(|n| n.0 == "family").expect("family");
        assert_eq!(family.2, Namespace::Fhir);
    }

    #[test]
    fn attributes_are_taken_apart_as_written() {
        let mut lexer = Lexer::new("<a  b = \"1 = 2\"\tc='x\"y' xmlns:p=\"u\" p:d=\"\"/>");
        let Ok((0, Event::Start { tag, empty, .. })) = lexer.next() else {
            panic!("expected the tag");
        };
        assert!(empty);
        let attributes: Vec<_> = tag.attributes().collect();
        assert_eq!(
            attributes,
            [("b", "1 = 2"), ("c", "x\"y"), ("xmlns:p", "u"), ("p:d", "")]
        );
        assert_eq!(lexer.resolve_prefix("p"), Some("u"));
        assert_eq!(lexer.resolve_prefix("xml"), Some(XML_NS));
        assert!(matches!(lexer.next(), Ok((_, Event::Eof))));
        // The empty element's declarations end with it.
        assert_eq!(lexer.resolve_prefix("p"), None);
        assert_eq!(tag.primitive_attributes(), 0);
        for (text, bits) in [
            ("<v value='1' xmlns:p='u' p:id='2'/>", VALUE),
            ("<v id='1'><x/></v>", ID),
            ("<v id='1' value='2'/>", ID | VALUE),
        ] {
            let Ok((_, Event::Start { tag, .. })) = Lexer::new(text).next() else {
                panic!("{text}: expected the tag");
            };
            assert_eq!(tag.primitive_attributes(), bits, "{text}");
        }
    }

    #[test]
    fn malformed_markup_is_refused_with_what_is_wrong_and_where() {
        for (text, message, at) in [
            ("<a><b></a>", "expected '</b>', found '</a>'", 6),
            ("<a></a></a>", "closes no element", 7),
            (
                "<a b=\"1\"c=\"2\"/>",
                "malformed attribute: no whitespace",
                8,
            ),
            ("<a b/>", "malformed attribute: expected '='", 4),
            ("<a b=1/>", "must be in quotes", 5),
            ("<a <b/>", "expected an attribute name", 3),
            ("<a b='1' b='2'/>", "'b' is given twice", 9),
            (
                "<a xmlns:p='u' xmlns:q='u' p:x='1' q:x='2'/>",
                "the same attribute",
                1,
            ),
            (
                "<a p:x='1'/>",
                "the prefix 'p' of attribute 'p:x' is not declared",
                1,
            ),
            ("<a b='<'/>", "'<' in an attribute value", 6),
            ("<a><!-- x -- y --></a>", "'--' inside a comment", 10),
            ("<a><!-- x ---></a>", "'--' inside a comment", 10),
            ("<a>]]></a>", "']]>' in text", 3),
            ("<a>&amp</a>", "must start an entity", 3),
            ("<a/><?xml version='1.0'?>", "XML declaration", 4),
            (
                "<?xml encoding='UTF-8'?><a/>",
                "must start with its version",
                5,
            ),
            ("<?xml version='1.0' enco='UTF-8'?><a/>", "found 'enco'", 5),
            (
                "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>",
                "found 'encoding'",
                5,
            ),
            ("<?xml version='2.0'?><a/>", "'2.0' is not a value", 5),
            ("<a><!ELEMENT a ANY></a>", "'<!' must start", 3),
            ("<a:b:c/>", "not a qualified name", 1),
            ("<a xmlns:='u'/>", "'xmlns:' is not a qualified name", 3),
            ("<a xmlns:p=''/>", "cannot be undeclared", 3),
            ("<a xmlns:xml='u'/>", "cannot be bound elsewhere", 3),
            ("<xmlns:a/>", "the prefix 'xmlns' is reserved", 1),
            ("<a><xml:b/></a>", "the prefix 'xml' is reserved", 4),
            ("<a\u{d7}/>", "cannot stand in an XML name", 2),
            ("<1a/>", "expected a name", 1),
            ("<a/ >", "expected '>' after '/'", 2),
            ("<a></a x>", "expected '>' to close the end tag", 7),
            ("<a><?pi \u{1}?></a>", "control character U+0001", 8),
            ("<a><?pi\u{1}?></a>", "must be followed by whitespace", 7),
            ("<a xmlns:p='u&#1;'/>", "a reference XML does not define", 3),
        ] {
            let mut lexer = Lexer::new(text);
            let e = loop {
                match lexer.next() {
                    Ok((_, Event::Eof)) => panic!("{text}: accepted"),
                    Ok(_) => {}
                    Err(e) => break e,
                }
            };
            assert!(e.kind.to_string().contains(message), "{text}: {}", e.kind);
            assert_eq!(e.at, at, "{text}: {}", e.kind);
        }
    }

    #[test]
    fn every_truncation_is_an_unexpected_end_or_refused() {
        let complete = DOCUMENT.find("</Patient >").expect("end tag") + "</Patient >".len();
        for end in 0..complete {
            let Some(text) = DOCUMENT.get(..end) else {
                continue;
            };
            assert!(reads(text).is_err(), "accepted the first {end} bytes");
        }
    }

    /// A small deterministic generator (xorshift), so that the mutation test needs no
    /// dependency and every run checks the same inputs.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Mutations of a document (bytes deleted, inserted from the markup's alphabet, spans
    /// copied elsewhere): whatever the tokenizer and the reader's checks accept, an
    /// independent XML parser accepts too. Many mutants are refused by both; the test
    /// also counts that both sides were exercised.
    #[test]
    fn whatever_reads_is_well_formed_for_another_parser() {
        const ALPHABET: &[&str] = &[
            "<",
            ">",
            "/",
            "!",
            "?",
            "-",
            "=",
            "\"",
            "'",
            " ",
            ":",
            "&",
            ";",
            "[",
            "]",
            "x",
            "p",
            "#",
            "\u{1}",
            "\u{e9}",
            "--",
            "]]>",
            "&#0;",
            "xmlns",
            "xmlns:p=\"u\" ",
            "<!--",
            "-->",
            "<![CDATA[",
            "<?",
            "?>",
            "</",
            "/>",
            "p:",
            "&lt;",
            "&#xFFFE;",
        ];
        let seeds = [
            DOCUMENT,
            "<a xmlns='u'><b c='d'>t</b><!--c--><?p d?></a>",
            "<r xmlns:p='u'><p:x p:y='1'/></r>",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut accepted, mut refused) = (0, 0);
        for round in 0..30_000 {
            let mut text = seeds[round % seeds.len()].to_string();
            for _ in 0..=rng.below(3) {
                let mut at = rng.below(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match rng.below(3) {
                    0 => {
                        let mut end = (at + 1 + rng.below(4)).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        text.replace_range(at..end, "");
                    }
                    1 => text.insert_str(at, ALPHABET[rng.below(ALPHABET.len())]),
                    _ => {
                        let mut end = (at + rng.below(24)).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        let span = text[at..end].to_string();
                        let mut to = rng.below(text.len() + 1);
                        while !text.is_char_boundary(to) {
                            to -= 1;
                        }
                        text.insert_str(to, &span);
                    }
                }
            }
            match reads(&text) {
                Ok(()) => {
                    accepted += 1;
                    if let Err(e) = roxmltree::Document::parse(&text) {
                        panic!("read, but not well-formed ({e}): {text:?}");
                    }
                }
                Err(_) => refused += 1,
            }
        }
        assert!(
            accepted > 1_000 && refused > 1_000,
            "accepted {accepted}, refused {refused}"
        );
    }
}
