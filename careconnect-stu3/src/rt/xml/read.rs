//! A pull reader for FHIR XML over a byte slice.
//!
//! The tokenizer ([`super::lex`]) checks the markup (names, tags and attributes, end tags
//! matching their start tags, comments, namespace scopes); this reader adds what FHIR XML
//! needs on top: only elements in the FHIR namespace (and XHTML for the narrative), no text
//! between elements, no DOCTYPE and therefore no entity ever defined or expanded, attribute
//! values unescaped with only the predefined entities and character references, a nesting
//! limit, and errors with line and column. The typed readers drive it element by element;
//! nothing is buffered but the input itself (and, in lenient mode, the issues: at most
//! `ReadOptions::max_issues`, located all at once when they are taken).

use std::borrow::Cow;

use crate::rt::error::{
    Error, ErrorKind, Issue, IssueLog, PathSegment, Position, Result, format_path,
};
use crate::rt::json::{InvalidValues, MissingRequired, ReadOptions, UnknownElements};
use crate::rt::lexical::TextRule;

use super::lex::{Event, LexError, Lexer, Tag, colon, reference};
use super::xhtml;

/// The FHIR namespace.
pub const FHIR_NS: &str = "http://hl7.org/fhir";
/// The XHTML namespace of the narrative `div`.
pub const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
/// The XML Schema instance namespace (`xsi:schemaLocation`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The namespace an element is in, as far as FHIR cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Namespace {
    Fhir,
    Xhtml,
    /// Any other namespace, or none (the text says which, for messages).
    Other(Box<str>),
}

impl Namespace {
    fn describe(&self) -> String {
        match self {
            Namespace::Fhir => FHIR_NS.to_string(),
            Namespace::Xhtml => XHTML_NS.to_string(),
            Namespace::Other(s) => s.to_string(),
        }
    }
}

/// An element whose start tag has been read: its name, attributes and namespace. Its
/// content is read next (unless it is empty, `<name/>`).
#[derive(Debug)]
pub struct XmlElement<'a> {
    start: Tag<'a>,
    empty: bool,
    offset: usize,
    namespace: Namespace,
}

impl<'a> XmlElement<'a> {
    /// The local name (without prefix).
    pub fn name(&self) -> &'a str {
        self.start.local_name()
    }

    /// Whether the element was written `<name/>`: it has no content to read.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// Byte offset of the element's `<`.
    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn namespace(&self) -> &Namespace {
        &self.namespace
    }

    /// Whether the element has a `value` attribute and whether it has an `id` attribute
    /// (neither with a prefix): what a primitive's element may carry.
    pub fn value_and_id(&self) -> (bool, bool) {
        let bits = self.start.primitive_attributes();
        (bits & super::lex::VALUE != 0, bits & super::lex::ID != 0)
    }

    /// The element's attributes other than namespace declarations, each with its local
    /// name, namespace prefix and raw (still escaped) value. The tokenizer has checked
    /// them.
    pub fn attributes(&self) -> impl Iterator<Item = RawAttribute<'a>> + use<'a> {
        self.start.attributes().filter_map(|(qname, value)| {
            let (prefix, name) = match colon(qname.as_bytes()) {
                Some(at) => (Some(&qname[..at]), &qname[at + 1..]),
                None => (None, qname),
            };
            if qname == "xmlns" || prefix == Some("xmlns") {
                return None;
            }
            Some(RawAttribute {
                qname,
                prefixed: prefix.is_some(),
                name,
                value,
            })
        })
    }
}

/// One attribute of an element, before unescaping.
#[derive(Debug)]
pub struct RawAttribute<'e> {
    /// The name as written (`xsi:schemaLocation`).
    pub qname: &'e str,
    /// Whether the name has a namespace prefix.
    pub prefixed: bool,
    /// The local name.
    pub name: &'e str,
    pub value: &'e str,
}

/// The pull reader. See the module documentation.
pub struct XmlReader<'a> {
    inner: Lexer<'a>,
    /// The whole input (positions are offsets into it).
    src: &'a [u8],
    /// Where `inner` starts in `src` (after a byte-order mark).
    base: usize,
    options: ReadOptions,
    depth: usize,
    /// Offset of the root element, once read.
    root_offset: Option<usize>,
    root: &'static str,
    path: Vec<PathSegment>,
    issues: IssueLog,
    /// The lexical rule of the string element being read (set by the struct reader).
    text_rule: TextRule,
    /// Whether the resource about to be read stands in `contained`.
    contained: bool,
    /// What dom-3 needs of the resources being read.
    #[cfg_attr(not(feature = "xml"), allow(dead_code))]
    local_refs: crate::rt::dom3::LocalRefs,
}

impl<'a> XmlReader<'a> {
    /// A reader over `src`, which must be UTF-8 (with or without a byte-order mark).
    pub fn new(src: &'a [u8], options: ReadOptions) -> Result<Self> {
        if let Err(e) = std::str::from_utf8(src) {
            let at = e.valid_up_to();
            return Err(Error::new(
                ErrorKind::InvalidUtf8,
                Some(Position::locate(src, at)),
            ));
        }
        let base = if src.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        // Checked above: the input is UTF-8, and a BOM is three whole bytes.
        let text = std::str::from_utf8(&src[base..]).unwrap_or("");
        let inner = Lexer::new(text);
        Ok(XmlReader {
            inner,
            src,
            base,
            options,
            depth: 0,
            root_offset: None,
            root: "",
            path: Vec::new(),
            issues: IssueLog::new(options.max_issues),
            text_rule: TextRule::String,
            contained: false,
            local_refs: Default::default(),
        })
    }

    /// What the struct readers have noted for dom-3 (see [`crate::rt::dom3`]).
    #[cfg_attr(not(feature = "xml"), allow(dead_code))]
    pub(crate) fn local_refs(&mut self) -> &mut crate::rt::dom3::LocalRefs {
        &mut self.local_refs
    }

    pub fn options(&self) -> &ReadOptions {
        &self.options
    }

    /// The issues recorded (at most [`ReadOptions::max_issues`], then one saying how many
    /// more were found), with their positions.
    pub fn take_issues(&mut self) -> Vec<Issue> {
        self.issues.take(self.src)
    }

    /// Sets the type name that issue paths start with.
    pub fn set_root(&mut self, root: &'static str) {
        self.root = root;
    }

    /// The byte offset reached.
    pub fn offset(&self) -> usize {
        self.base + self.inner.position()
    }

    /// Line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        Position::locate(self.src, offset)
    }

    pub fn error_at(&self, kind: ErrorKind, offset: usize) -> Error {
        Error::new(kind, Some(Position::locate(self.src, offset)))
    }

    /// The offset of `slice` in the input, when it is a part of it (attribute values that
    /// needed no copy), else `fallback`.
    pub fn offset_of(&self, slice: &str, fallback: usize) -> usize {
        let start = self.src.as_ptr() as usize;
        let at = slice.as_ptr() as usize;
        if at >= start && at + slice.len() <= start + self.src.len() {
            at - start
        } else {
            fallback
        }
    }

    fn xml_error(&self, e: LexError) -> Error {
        self.error_at(e.kind, self.base + e.at)
    }

    /// The next event and its offset.
    fn next_event(&mut self) -> Result<(usize, Event<'a>)> {
        match self.inner.next() {
            Ok((at, event)) => Ok((self.base + at, event)),
            Err(e) => Err(self.xml_error(e)),
        }
    }

    fn doctype_error(&self, at: usize) -> Error {
        self.error_at(
            ErrorKind::Syntax(
                "a DOCTYPE is not allowed in FHIR XML (entities are never defined or expanded)"
                    .into(),
            ),
            at,
        )
    }

    /// Reads up to the root element: the XML declaration, comments, processing
    /// instructions and whitespace before it are skipped; a DOCTYPE is an error.
    pub fn root(&mut self) -> Result<XmlElement<'a>> {
        loop {
            let (at, event) = self.next_event()?;
            match event {
                Event::Start {
                    tag,
                    empty,
                    namespace,
                } => {
                    self.root_offset = Some(at);
                    return Ok(XmlElement {
                        start: tag,
                        empty,
                        offset: at,
                        namespace,
                    });
                }
                Event::Decl(decl) => {
                    let encoding = decl
                        .attributes()
                        .find(|&(name, _)| name == "encoding")
                        .map(|(_, value)| value);
                    if let Some(encoding) = encoding
                        && !encoding.eq_ignore_ascii_case("utf-8")
                    {
                        return Err(self.error_at(
                            ErrorKind::Syntax(format!(
                                "the document declares encoding '{encoding}'; FHIR XML is read as UTF-8"
                            )),
                            at,
                        ));
                    }
                }
                Event::Comment | Event::ProcessingInstruction => {}
                Event::DocType => return Err(self.doctype_error(at)),
                Event::Eof => return Err(self.error_at(ErrorKind::UnexpectedEnd, at)),
                Event::Text(t) => {
                    return Err(self.error_at(
                        ErrorKind::Syntax("expected the root element".into()),
                        at + leading_space(t),
                    ));
                }
                Event::End | Event::Ref(_) | Event::CData(_) => {
                    return Err(
                        self.error_at(ErrorKind::Syntax("expected the root element".into()), at)
                    );
                }
            }
        }
    }

    /// After the root element: only comments, processing instructions and whitespace.
    pub fn finish(&mut self) -> Result<()> {
        loop {
            let (at, event) = self.next_event()?;
            match event {
                Event::Eof => return Ok(()),
                Event::Comment | Event::ProcessingInstruction => {}
                Event::DocType => return Err(self.doctype_error(at)),
                Event::Text(t) => {
                    return Err(self.error_at(ErrorKind::TrailingContent, at + leading_space(t)));
                }
                _ => return Err(self.error_at(ErrorKind::TrailingContent, at)),
            }
        }
    }

    /// The next child element of `parent`, or `None` at its end tag. Comments, processing
    /// instructions and whitespace between elements are skipped; text is an error.
    pub fn next_child(&mut self, parent: &XmlElement<'a>) -> Result<Option<XmlElement<'a>>> {
        if parent.empty {
            return Ok(None);
        }
        loop {
            let (at, event) = self.next_event()?;
            match event {
                Event::Start {
                    tag,
                    empty,
                    namespace,
                } => {
                    return Ok(Some(XmlElement {
                        start: tag,
                        empty,
                        offset: at,
                        namespace,
                    }));
                }
                Event::End => return Ok(None),
                Event::Comment | Event::ProcessingInstruction => {}
                Event::Text(t) => {
                    return Err(self.error_at(ErrorKind::UnexpectedText, at + leading_space(t)));
                }
                Event::CData(_) | Event::Ref(_) => {
                    return Err(self.error_at(ErrorKind::UnexpectedText, at));
                }
                Event::DocType => return Err(self.doctype_error(at)),
                Event::Decl(_) => {
                    return Err(self.error_at(
                        ErrorKind::Syntax("an XML declaration inside the document".into()),
                        at,
                    ));
                }
                Event::Eof => return Err(self.error_at(ErrorKind::UnexpectedEnd, at)),
            }
        }
    }

    /// Skips the content of `el` and its end tag (nesting inside still counts against the
    /// depth limit).
    pub fn skip(&mut self, el: &XmlElement<'a>) -> Result<()> {
        if el.empty {
            return Ok(());
        }
        let mut nested = 1;
        loop {
            let (at, event) = self.next_event()?;
            match event {
                Event::Start { empty: false, .. } => {
                    nested += 1;
                    self.within_depth(nested, at)?;
                }
                Event::End => {
                    nested -= 1;
                    if nested == 0 {
                        return Ok(());
                    }
                }
                Event::DocType => return Err(self.doctype_error(at)),
                Event::Eof => return Err(self.error_at(ErrorKind::UnexpectedEnd, at)),
                _ => {}
            }
        }
    }

    /// Fails when `nested` elements open below the current one, the last at byte `at`,
    /// pass the depth limit.
    fn within_depth(&self, nested: usize, at: usize) -> Result<()> {
        if self.depth + nested > self.options.max_depth {
            return Err(self.error_at(
                ErrorKind::TooDeep {
                    limit: self.options.max_depth,
                },
                at,
            ));
        }
        Ok(())
    }

    /// The whole of `el` (start tag, content, end tag) as it stands in the input: the
    /// narrative `div`, kept verbatim. The XHTML namespace declaration is added to the
    /// start tag when the `div` inherits it from an ancestor instead of declaring it, so
    /// that the text stands on its own (as FHIR JSON requires). A `div` that breaks txt-1
    /// or txt-2 is an invalid value (see [`XmlReader::invalid`]).
    pub fn raw_element(&mut self, el: &XmlElement<'a>) -> Result<String> {
        let (text, violation) = self.raw_div(el)?;
        if let Some((at, kind)) = violation {
            self.invalid(|| kind, at, "kept as written")?;
        }
        Ok(text)
    }

    /// [`XmlReader::raw_element`], with the first txt-1 or txt-2 violation found (its
    /// offset and kind) rather than reported.
    fn raw_div(&mut self, el: &XmlElement<'a>) -> Result<(String, Option<(usize, ErrorKind)>)> {
        let violation = self.skip_div(el)?;
        let end = self.offset();
        let raw = std::str::from_utf8(&self.src[el.offset..end]).unwrap_or("");
        if el.start.prefix().is_some() {
            return Err(self.error_at(
                ErrorKind::Syntax(
                    "the narrative div must use the default namespace (xmlns=\"http://www.w3.org/1999/xhtml\"), not a prefix".into(),
                ),
                el.offset,
            ));
        }
        let declares = el.start.attributes().any(|(name, _)| name == "xmlns");
        if declares {
            return Ok((raw.to_string(), violation));
        }
        let name_len = 1 + el.start.qname().len();
        let text = format!(
            "{} xmlns=\"{XHTML_NS}\"{}",
            &raw[..name_len],
            &raw[name_len..]
        );
        Ok((text, violation))
    }

    /// Skips the narrative `div` `el` as [`XmlReader::skip`] does, checking what XML 1.0
    /// and txt-1 and txt-2 allow in it (see [`super::xhtml`]): a control character (raw or
    /// as a reference) makes it not well-formed, an error; the first txt violation is
    /// returned with its offset.
    fn skip_div(&mut self, el: &XmlElement<'a>) -> Result<Option<(usize, ErrorKind)>> {
        let mut found = None;
        let mut content = false;
        self.div_tag(&el.start, el.offset, &mut found, &mut content)?;
        let mut nested = usize::from(!el.empty);
        while nested > 0 {
            let (at, event) = self.next_event()?;
            match event {
                Event::Start { tag, empty, .. } => {
                    if !empty {
                        nested += 1;
                        self.within_depth(nested, at)?;
                    }
                    self.div_tag(&tag, at, &mut found, &mut content)?;
                }
                Event::End => nested -= 1,
                Event::Text(t) => content |= self.div_text(t.as_bytes(), at)?,
                Event::CData(t) => content |= self.div_text(t.as_bytes(), at)?,
                // FHIR XML has no DTD, so an entity other than the five predefined ones is
                // not declared and the div not well-formed XML; nor is a reference to a
                // code point that is no XML character (a C0 control: see `div_text`).
                Event::Ref(r) => match reference(r) {
                    Some(c) => {
                        let mut buf = [0; 4];
                        content |= self.div_text(c.encode_utf8(&mut buf).as_bytes(), at)?;
                    }
                    None => return Err(self.error_at(undefined_reference(r), at)),
                },
                Event::DocType => return Err(self.doctype_error(at)),
                Event::Eof => return Err(self.error_at(ErrorKind::UnexpectedEnd, at)),
                Event::Comment | Event::ProcessingInstruction | Event::Decl(_) => {}
            }
        }
        if found.is_none() && !content {
            found = Some((el.offset, txt("txt-2", xhtml::NO_CONTENT.into())));
        }
        Ok(found)
    }

    /// Text inside the div at byte `at`: an error if it holds a control character, else
    /// whether it is content for txt-2.
    fn div_text(&self, text: &[u8], at: usize) -> Result<bool> {
        if let Some(i) = text
            .iter()
            .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        {
            return Err(self.error_at(
                ErrorKind::Syntax(format!(
                    "the narrative holds the control character U+{:04X}, which XML 1.0 does not allow",
                    text[i]
                )),
                at,
            ));
        }
        Ok(xhtml::has_content(text))
    }

    /// A start tag inside the div (or the div's own) at byte `at`: txt-1's elements and
    /// attributes (the first violation into `found`), an image's source into `content`.
    fn div_tag(
        &self,
        start: &Tag<'_>,
        at: usize,
        found: &mut Option<(usize, ErrorKind)>,
        content: &mut bool,
    ) -> Result<()> {
        let element = start.local_name();
        let mut violation =
            (!xhtml::allowed_element(element.as_bytes())).then(|| xhtml::element_message(element));
        for (name, value) in start.attributes() {
            if name == "xmlns" || name.starts_with("xmlns:") {
                continue;
            }
            let value = self.attribute_text(value, at)?;
            self.div_text(value.as_bytes(), at)?;
            if violation.is_some() {
                continue;
            }
            if !xhtml::allowed_attribute(name.as_bytes()) {
                violation = Some(xhtml::attribute_message(element, name));
            } else if xhtml::is_script_url(name.as_bytes(), &value) {
                violation = Some(xhtml::script_url_message(element, name));
            } else if element == "img" && name == "src" {
                *content = true;
            }
        }
        if found.is_none() {
            *found = violation.map(|message| (at, txt("txt-1", message)));
        }
        Ok(())
    }
    /// Checks a narrative `div` given as text (FHIR JSON's form) as this reader checks it
    /// in place, so that every `div` the JSON reader accepts can be written into FHIR XML
    /// verbatim and read back: one well-formed `div` element in the XHTML namespace
    /// (declared on the element itself), with nothing before or after it, and no more than
    /// `max_depth` levels of elements. The error's position is in `text`. An error of kind
    /// [`ErrorKind::Constraint`] is a `div` that is all that, but breaks txt-1 or txt-2.
    pub fn check_div(text: &str, max_depth: usize) -> Result<()> {
        if super::div::plainly_valid(text, max_depth) {
            debug_assert!(
                Self::check_div_fully(text, max_depth).is_ok(),
                "the quick div check accepted what the XML reader refuses: {text:?}"
            );
            return Ok(());
        }
        Self::check_div_fully(text, max_depth)
    }

    /// [`XmlReader::check_div`] through the XML reader itself.
    fn check_div_fully(text: &str, max_depth: usize) -> Result<()> {
        let options = ReadOptions {
            max_depth,
            ..ReadOptions::default()
        };
        let mut r = XmlReader::new(text.as_bytes(), options)?;
        let el = r.root()?;
        if el.offset != 0 || el.name() != "div" {
            return Err(r.error_at(
                ErrorKind::Syntax("expected the text to start with a <div> element".into()),
                el.offset,
            ));
        }
        r.expect_namespace(&el, Namespace::Xhtml)?;
        // Also refuses a prefixed `div`.
        let (raw, violation) = r.raw_div(&el)?;
        let end = r.offset();
        if end != text.len() {
            return Err(r.error_at(
                ErrorKind::Syntax("content after the div's end tag".into()),
                end,
            ));
        }
        // Standing alone, in the XHTML namespace and without a prefix, the `div` declares
        // `xmlns` itself (the tokenizer takes no other way there), so the XML reader kept
        // its text as written and it comes back from XML unchanged.
        debug_assert_eq!(raw, text, "a lone div read back differently");
        match violation {
            Some((at, kind)) => Err(r.error_at(kind, at)),
            None => Ok(()),
        }
    }

    /// Checks that an element is in the namespace expected for it.
    pub fn expect_namespace(&self, el: &XmlElement<'a>, expected: Namespace) -> Result<()> {
        if el.namespace == expected {
            return Ok(());
        }
        let expected = match expected {
            Namespace::Xhtml => XHTML_NS,
            _ => FHIR_NS,
        };
        Err(self.error_at(
            ErrorKind::WrongNamespace {
                expected,
                found: el.namespace.describe(),
            },
            el.offset,
        ))
    }

    /// Unescapes an attribute value: the five predefined entities and character
    /// references; any other entity reference is an error (none can be defined). Line
    /// breaks and tabs written literally become spaces, as XML attribute-value
    /// normalization requires (written as `&#10;`, they stay).
    ///
    /// A control character XML 1.0 does not allow (raw, or as a reference such as `&#1;`)
    /// is passed through for the value's own check to report: only a copied value
    /// (`Cow::Owned`) can hold one.
    pub fn attribute_text<'v>(&self, text: &'v str, at: usize) -> Result<Cow<'v, str>> {
        if !text.bytes().any(|b| matches!(b, b'&' | b'<' | 0..=0x1F)) {
            return Ok(Cow::Borrowed(text));
        }
        let mut out = String::with_capacity(text.len());
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '&' => {
                    let rest = &text[i + 1..];
                    let Some(end) = rest.find(';') else {
                        return Err(self.error_at(
                            ErrorKind::Syntax(
                                "'&' must start an entity reference ending in ';' (write '&amp;')"
                                    .into(),
                            ),
                            at + i,
                        ));
                    };
                    let name = &rest[..end];
                    match reference(name) {
                        Some(ch) => out.push(ch),
                        None => return Err(self.error_at(undefined_reference(name), at + i)),
                    }
                    for _ in 0..name.chars().count() + 1 {
                        chars.next();
                    }
                }
                '<' => {
                    return Err(self.error_at(
                        ErrorKind::Syntax("'<' in an attribute value (write '&lt;')".into()),
                        at + i,
                    ));
                }
                '\r' => {
                    if chars.peek().is_some_and(|&(_, n)| n == '\n') {
                        chars.next();
                    }
                    out.push(' ');
                }
                '\t' | '\n' => out.push(' '),
                c => out.push(c),
            }
        }
        Ok(Cow::Owned(out))
    }

    /// Enters a nested element; fails past the depth limit (no stack overflow).
    pub fn enter(&mut self, at: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > self.options.max_depth {
            return Err(self.error_at(
                ErrorKind::TooDeep {
                    limit: self.options.max_depth,
                },
                at,
            ));
        }
        Ok(())
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Enters an element that stands for `levels` nested JSON arrays and objects, so that
    /// the limit is reached at the same nesting as in FHIR JSON. With `checked` false the
    /// innermost level is counted but not checked (a primitive with only a value, a JSON
    /// scalar); whatever is entered below it is.
    pub fn enter_levels(&mut self, levels: usize, checked: bool, at: usize) -> Result<()> {
        for i in 1..=levels {
            self.depth += 1;
            if (checked || i < levels) && self.depth > self.options.max_depth {
                return Err(self.error_at(
                    ErrorKind::TooDeep {
                        limit: self.options.max_depth,
                    },
                    at,
                ));
            }
        }
        Ok(())
    }

    pub fn leave_levels(&mut self, levels: usize) {
        self.depth = self.depth.saturating_sub(levels);
    }

    /// Whether issues need paths (lenient mode).
    #[inline]
    pub fn tracks_path(&self) -> bool {
        self.options.reports()
    }

    /// The lexical rule of the string element being read.
    #[inline]
    pub fn text_rule(&self) -> TextRule {
        self.text_rule
    }

    /// Sets the lexical rule of the string element read next.
    #[inline]
    pub fn set_text_rule(&mut self, rule: TextRule) {
        self.text_rule = rule;
    }

    /// Whether the resource read next stands in a `contained` element.
    pub fn in_contained(&self) -> bool {
        self.contained
    }

    /// Marks whether the resources read next stand in a `contained` element.
    pub fn set_contained(&mut self, contained: bool) {
        self.contained = contained;
    }

    /// A value that breaks a rule FHIR sets for it, found at byte `at`: an error, or with
    /// [`InvalidValues::Report`] an issue saying what was done with the value (`outcome`),
    /// and the read goes on.
    pub fn invalid(
        &mut self,
        kind: impl FnOnce() -> ErrorKind,
        at: usize,
        outcome: &str,
    ) -> Result<()> {
        if self.options.invalid_values == InvalidValues::Error {
            return Err(self.error_at(kind(), at));
        }
        self.record(at, || format!("{}; {outcome}", kind()));
        Ok(())
    }

    pub fn push_path(&mut self, seg: PathSegment) {
        self.path.push(seg);
    }

    pub fn pop_path(&mut self) {
        self.path.pop();
    }

    /// Records an issue at byte `at`; its message is only built if it is kept.
    fn record(&mut self, at: usize, message: impl FnOnce() -> String) {
        let (root, path) = (self.root, &self.path);
        self.issues
            .record(at, || (format_path(root, path.iter()), message()));
    }

    /// Required elements absent from `el` (`missing` has bit `i` set for field `i` of
    /// `info`): an error for the first, or (lenient) an issue for each.
    pub fn missing_required(
        &mut self,
        info: &crate::rt::value::TypeInfo,
        missing: u128,
        el: &XmlElement<'a>,
    ) -> Result<()> {
        let first = info.field_names[missing.trailing_zeros() as usize];
        if self.options.missing_required == MissingRequired::Error {
            return Err(self.error_at(ErrorKind::MissingElement(first), el.offset));
        }
        let mut rest = missing;
        while rest != 0 {
            let name = info.field_names[rest.trailing_zeros() as usize];
            rest &= rest - 1;
            self.record(el.offset, || {
                format!("{}; left empty", ErrorKind::MissingElement(name))
            });
        }
        Ok(())
    }

    /// An element the type does not define: an error, or (lenient) an issue, skipping it.
    pub fn unknown_element(
        &mut self,
        el: &XmlElement<'a>,
        did_you_mean: Option<&'static str>,
    ) -> Result<()> {
        let kind = ErrorKind::UnknownElement {
            name: el.name().to_string(),
            did_you_mean,
        };
        self.not_taken(el, kind)
    }

    /// An element the type does not take (`kind` says why: unknown, or a choice element
    /// named with a type it does not take): an error, or (lenient) an issue, skipping it.
    pub fn not_taken(&mut self, el: &XmlElement<'a>, kind: ErrorKind) -> Result<()> {
        match self.options.unknown_elements {
            UnknownElements::Error => Err(self.error_at(kind, el.offset)),
            UnknownElements::Report => {
                self.record(el.offset, || format!("{kind}; skipped"));
                self.skip(el)
            }
        }
    }

    /// An attribute the element does not take: an error, or (lenient) an issue.
    pub fn unexpected_attribute(&mut self, el: &XmlElement<'a>, name: String) -> Result<()> {
        let kind = ErrorKind::UnexpectedAttribute { name };
        match self.options.unknown_elements {
            UnknownElements::Error => Err(self.error_at(kind, el.offset)),
            UnknownElements::Report => {
                self.record(el.offset, || format!("{kind}; skipped"));
                Ok(())
            }
        }
    }

    /// Handles an attribute in another namespace: `xsi:schemaLocation` on the root element
    /// is a schema hint, not FHIR content — accepted, not kept, and recorded as an issue;
    /// anything else is an unexpected attribute.
    pub fn foreign_attribute(
        &mut self,
        el: &XmlElement<'a>,
        attr: &RawAttribute<'_>,
    ) -> Result<()> {
        let prefix = attr.qname.split_once(':').map_or("", |(p, _)| p);
        let is_xsi = self.inner.resolve_prefix(prefix) == Some(XSI_NS);
        if is_xsi && attr.name == "schemaLocation" && self.root_offset == Some(el.offset) {
            self.record(el.offset, || {
                "xsi:schemaLocation is a schema hint, not FHIR content; not kept".into()
            });
            return Ok(());
        }
        self.unexpected_attribute(el, attr.qname.to_string())
    }
}

/// The error of a reference `&name;` that [`reference`] does not resolve.
fn undefined_reference(name: &str) -> ErrorKind {
    ErrorKind::Syntax(if name.starts_with('#') {
        format!("character reference '&{name};' is not to a character XML allows")
    } else {
        format!(
            "entity reference '&{name};' is not allowed: FHIR XML has no DTD, so only &amp; &lt; &gt; &quot; &apos; and character references are defined"
        )
    })
}

/// A txt-1 or txt-2 violation.
fn txt(key: &'static str, message: String) -> ErrorKind {
    ErrorKind::Constraint { key, message }
}

/// The length of the whitespace `t` starts with.
fn leading_space(t: &str) -> usize {
    t.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count()
}
