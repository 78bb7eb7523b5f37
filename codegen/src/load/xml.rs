//! FHIR XML → [`Node`] tree (roxmltree).
//!
//! FHIR XML rules applied: elements are in the `http://hl7.org/fhir` namespace; a primitive
//! is `<name value="..."/>`; `id` (on any element) and `url` (on `extension`) are
//! attributes and become the first children of the node; repeating elements simply repeat.
//! Of the resource's narrative (`text`, XHTML) only its links to type definitions are kept
//! ([`narrative_links`]); an XHTML `div` anywhere else is
//! kept as a primitive whose value is its markup as written. The XML declaration is
//! optional (roxmltree does not require it), DTDs are refused.

use std::borrow::Cow;

use super::tree::{Node, narrative_links};

pub(crate) const FHIR_NS: &str = "http://hl7.org/fhir";

/// A parse failure with a line number.
#[derive(Debug)]
pub(crate) struct XmlError {
    pub(crate) line: Option<u32>,
    pub(crate) message: String,
}

/// Parses `text` (already stripped of a BOM) and hands the tree of its root element to `f`.
///
/// The tree borrows from roxmltree's document, which only lives inside this call.
pub(crate) fn with_tree<R>(text: &str, f: impl FnOnce(Node<'_>) -> R) -> Result<R, XmlError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| XmlError {
        line: Some(e.pos().row),
        message: format!("invalid XML: {e}"),
    })?;
    let root = doc.root_element();
    let mut lines = Lines {
        text: text.as_bytes(),
        offset: 0,
        line: 1,
    };
    let line = lines.at(root.range().start);
    if root.tag_name().namespace() != Some(FHIR_NS) {
        return Err(XmlError {
            line: Some(line),
            message: format!(
                "expected a FHIR resource in the {FHIR_NS} namespace, found <{}> in {}",
                root.tag_name().name(),
                root.tag_name()
                    .namespace()
                    .map_or("no namespace".to_owned(), |ns| format!("namespace {ns}")),
            ),
        });
    }
    Ok(f(element(root, text, &mut lines, true)))
}

fn element<'d>(
    node: roxmltree::Node<'d, '_>,
    text: &'d str,
    lines: &mut Lines<'_>,
    is_resource: bool,
) -> Node<'d> {
    let line = lines.at(node.range().start);
    let mut out = Node::new(Cow::Borrowed(node.tag_name().name()), Some(line));
    for attribute in node.attributes() {
        if attribute.namespace().is_some() {
            continue;
        }
        match attribute.name() {
            "value" => out.value = Some(Cow::Borrowed(attribute.value())),
            // `id` before `url`, as in FHIR JSON, whatever the attribute order.
            "id" => out
                .children
                .insert(0, Node::primitive("id", attribute.value(), Some(line))),
            "url" => out
                .children
                .push(Node::primitive("url", attribute.value(), Some(line))),
            _ => {}
        }
    }
    for child in node.children().filter(roxmltree::Node::is_element) {
        let name = child.tag_name();
        if name.namespace() != Some(FHIR_NS) {
            // XHTML (`div`): keep the markup verbatim as a primitive.
            let line = lines.at(child.range().start);
            let markup = text.get(child.range()).unwrap_or_default();
            out.children
                .push(Node::primitive(name.name(), markup, Some(line)));
            continue;
        }
        if is_resource && name.name() == "text" {
            let hrefs = child
                .descendants()
                .filter(|d| d.is_element() && d.tag_name().name() == "a")
                .filter_map(|d| d.attribute("href"))
                .map(Cow::Borrowed);
            out.children.extend(narrative_links(hrefs));
            continue;
        }
        out.children.push(element(child, text, lines, false));
    }
    out
}

/// Line numbers for byte offsets that arrive in increasing order (document order), in one
/// pass over the text.
struct Lines<'t> {
    text: &'t [u8],
    offset: usize,
    line: u32,
}

impl Lines<'_> {
    fn at(&mut self, offset: usize) -> u32 {
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let end = offset.min(self.text.len());
        let newlines = self
            .text
            .get(self.offset..end)
            .map_or(0, |s| memchr::memchr_iter(b'\n', s).count());
        self.line = self
            .line
            .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        self.offset = end;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_and_values(text: &str) -> Vec<(String, Option<String>, Option<u32>)> {
        with_tree(text, |root| {
            root.children
                .iter()
                .map(|c| {
                    (
                        c.name.to_string(),
                        c.value.as_deref().map(str::to_owned),
                        c.line,
                    )
                })
                .collect()
        })
        .map_err(|e| e.message)
        .expect("valid XML")
    }

    #[test]
    fn attributes_become_leading_children_and_narrative_is_skipped() {
        let text = "<ValueSet xmlns=\"http://hl7.org/fhir\">\n\
                    <text><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></text>\n\
                    <url value=\"u\"/>\n\
                    <extension url=\"e\" id=\"i\"><valueString value=\"s\"/></extension>\n\
                    </ValueSet>";
        let children = names_and_values(text);
        assert_eq!(
            children,
            [
                ("url".to_owned(), Some("u".to_owned()), Some(3)),
                ("extension".to_owned(), None, Some(4))
            ]
        );
        let order = with_tree(text, |root| {
            root.all("extension")
                .flat_map(|e| e.children.iter().map(|c| c.name.to_string()))
                .collect::<Vec<_>>()
        })
        .map_err(|e| e.message)
        .expect("valid XML");
        assert_eq!(order, ["id", "url", "valueString"]);
    }

    #[test]
    fn missing_declaration_is_fine_and_wrong_namespace_is_an_error() {
        assert!(with_tree("<CodeSystem xmlns=\"http://hl7.org/fhir\"/>", |_| ()).is_ok());
        let err = with_tree("<CodeSystem/>", |_| ()).expect_err("error");
        assert!(err.message.contains("namespace"), "{}", err.message);
    }

    #[test]
    fn invalid_xml_reports_a_line() {
        let err =
            with_tree("<a xmlns=\"http://hl7.org/fhir\">\n<b>\n</a>", |_| ()).expect_err("error");
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn dtd_is_refused() {
        let text = "<!DOCTYPE a [<!ENTITY x \"y\">]><a xmlns=\"http://hl7.org/fhir\"/>";
        assert!(with_tree(text, |_| ()).is_err());
    }
}
