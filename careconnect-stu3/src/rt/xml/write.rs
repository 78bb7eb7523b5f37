//! A FHIR XML writer into a `String`: elements, attributes escaped for round trips, and
//! the narrative `div` verbatim.

use crate::rt::xml::read::FHIR_NS;

/// Writes FHIR XML. The root element gets the FHIR namespace declaration; everything
/// below inherits it.
#[derive(Debug)]
pub struct XmlWriter {
    out: String,
    /// A start tag is open: attributes may still follow, and `end` may close it as `/>`.
    open: bool,
    /// Spaces per level when pretty-printing.
    indent: Option<usize>,
    depth: usize,
    /// The next start tag is the root's and declares the namespace.
    at_root: bool,
}

impl XmlWriter {
    /// A writer of compact XML.
    pub fn compact() -> Self {
        XmlWriter {
            out: String::new(),
            open: false,
            indent: None,
            depth: 0,
            at_root: true,
        }
    }

    /// A writer that puts each element on a line of its own, indented by `indent` spaces
    /// a level.
    pub fn pretty(indent: usize) -> Self {
        XmlWriter {
            indent: Some(indent),
            ..XmlWriter::compact()
        }
    }

    pub fn into_string(self) -> String {
        self.out
    }

    fn close_start(&mut self) {
        if self.open {
            self.out.push('>');
            self.open = false;
        }
    }

    fn line(&mut self) {
        if let Some(n) = self.indent
            && !self.out.is_empty()
        {
            self.out.push('\n');
            for _ in 0..self.depth * n {
                self.out.push(' ');
            }
        }
    }

    /// Opens element `name` + `suffix` (`value` + `Quantity`).
    pub fn start(&mut self, name: &str, suffix: &str) {
        self.close_start();
        self.line();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(suffix);
        if self.at_root {
            self.at_root = false;
            self.out.push_str(" xmlns=\"");
            self.out.push_str(FHIR_NS);
            self.out.push('"');
        }
        self.open = true;
        self.depth += 1;
    }

    /// An attribute of the element just opened (before any child).
    pub fn attr(&mut self, name: &str, value: &str) {
        debug_assert!(self.open, "attribute {name} after the start tag was closed");
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_attribute(&mut self.out, value);
        self.out.push('"');
    }

    /// Closes element `name` + `suffix`: `/>` when it got no content.
    pub fn end(&mut self, name: &str, suffix: &str) {
        self.depth = self.depth.saturating_sub(1);
        if self.open {
            self.out.push_str("/>");
            self.open = false;
            return;
        }
        self.line();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(suffix);
        self.out.push('>');
    }

    /// Markup written as it is (the narrative `div`).
    pub fn raw(&mut self, xml: &str) {
        self.close_start();
        self.line();
        self.out.push_str(xml);
    }
}

/// Escapes an attribute value so that reading it back gives the same text: markup
/// characters, and line breaks and tabs as character references (written literally,
/// attribute-value normalization would turn them into spaces).
fn escape_attribute(out: &mut String, value: &str) {
    let mut from = 0;
    for (i, b) in value.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\n' => "&#10;",
            b'\r' => "&#13;",
            b'\t' => "&#9;",
            _ => continue,
        };
        out.push_str(&value[from..i]);
        out.push_str(escaped);
        from = i + 1;
    }
    out.push_str(&value[from..]);
}
