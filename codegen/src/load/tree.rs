//! The format-neutral element tree that both readers produce.
//!
//! [`json`](super::json) and [`xml`](super::xml) each turn a file into a [`Node`] tree and
//! nothing else; [`convert`](super::convert) turns the tree into the model types. Because
//! there is only one conversion, the two formats cannot drift apart.
//!
//! The tree follows FHIR's own format-independent shape:
//!
//! * a node has a name (the XML element name, the JSON property name without `_`),
//! * a primitive has a `value` (the XML `value` attribute, the JSON string, number or
//!   boolean *as written*: `1.50` stays `"1.50"`, `true` stays `"true"`),
//! * a primitive's `id` and extensions are its children (XML child elements, the JSON `_name`
//!   object), a complex element's properties are its children,
//! * a repeating element appears once per repetition (JSON arrays are unrolled),
//! * XML's `id` and `url` attributes become children named `id` and `url`, placed first,
//!   which is where FHIR JSON puts those properties too,
//! * a resource is a node named after its resource type (the XML root element, the JSON
//!   `resourceType`); a contained resource sits inside a node of its property name, as in XML,
//! * children keep document order.
//!
//! The narrative (`text`) of a resource is dropped by both readers, all but its links to
//! the definitions of a type in the FHIR specification ([`narrative_links`]): its text is
//! prose, which nothing generated may use, and it is the one place where the two formats
//! differ in kind (XHTML vs string).

use std::borrow::Cow;

use super::model::Value;

/// The node a reader puts in place of a resource's narrative, and its children: one
/// primitive per link ([`narrative_links`]).
pub(crate) const NARRATIVE: &str = "text";
pub(crate) const NARRATIVE_LINK: &str = "link";

/// What a reader keeps of a resource's narrative: the targets of its links to the
/// definitions of a type in the specification (`datatypes-definitions.html#HumanName`: a
/// page ending in `-definitions.html`, a fragment without a `.`), in document order, as a
/// [`NARRATIVE`] node; `None` when there is none. The core's datatype definitions link
/// their own root element so, which is how the base layer's docs find a datatype's page
/// of the specification. Nothing else of the narrative is read.
pub(crate) fn narrative_links<'a>(
    hrefs: impl IntoIterator<Item = Cow<'a, str>>,
) -> Option<Node<'a>> {
    let mut node = Node::new(NARRATIVE, None);
    for href in hrefs {
        let is_type_link = href.split_once('#').is_some_and(|(page, fragment)| {
            page.ends_with("-definitions.html") && !fragment.is_empty() && !fragment.contains('.')
        });
        if is_type_link {
            node.children
                .push(Node::primitive(NARRATIVE_LINK, href, None));
        }
    }
    (!node.children.is_empty()).then_some(node)
}

/// The `href` attribute values of the `<a>` elements in XHTML markup given as text (the
/// narrative `div` of FHIR JSON). A scan, not a parser: enough for the markup the FHIR
/// publisher writes; an unusual attribute is missed, never misread as a link.
pub(crate) fn xhtml_hrefs(markup: &str) -> impl Iterator<Item = &str> {
    markup.split("<a ").skip(1).filter_map(|tag| {
        let tag = &tag[..tag.find('>')?];
        let at = tag.find("href=")?;
        let rest = &tag[at + "href=".len()..];
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        Some(&value[..value.find(quote)?])
    })
}

/// One element of a FHIR resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node<'a> {
    pub(crate) name: Cow<'a, str>,
    /// The primitive value, as written. `None` for complex elements and for primitives that
    /// carry only extensions.
    pub(crate) value: Option<Cow<'a, str>>,
    pub(crate) children: Vec<Node<'a>>,
    /// 1-based line where the element starts, when the reader knows it.
    pub(crate) line: Option<u32>,
}

impl<'a> Node<'a> {
    /// A node with a name and nothing else.
    pub(crate) fn new(name: impl Into<Cow<'a, str>>, line: Option<u32>) -> Self {
        Node {
            name: name.into(),
            value: None,
            children: Vec::new(),
            line,
        }
    }

    /// A primitive node.
    pub(crate) fn primitive(
        name: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
        line: Option<u32>,
    ) -> Self {
        Node {
            name: name.into(),
            value: Some(value.into()),
            children: Vec::new(),
            line,
        }
    }

    /// All children with this name, in document order.
    pub(crate) fn all<'s, 'x>(
        &'s self,
        name: &'x str,
    ) -> impl Iterator<Item = &'s Node<'a>> + use<'s, 'a, 'x> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child with this name.
    pub(crate) fn first(&self, name: &str) -> Option<&Node<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The value of the first child with this name, if it is a primitive with a value.
    pub(crate) fn value_of(&self, name: &str) -> Option<&str> {
        self.first(name).and_then(|c| c.value.as_deref())
    }

    /// The `valueString` (or other `value[x]`) of the first `extension` child whose `url` is
    /// `url`.
    pub(crate) fn extension_value(&self, url: &str) -> Option<&str> {
        self.all("extension")
            .find(|e| e.value_of("url").map(str::trim) == Some(url))
            .and_then(|e| {
                e.children
                    .iter()
                    .find(|c| c.name.starts_with("value"))
                    .and_then(|c| c.value.as_deref())
            })
    }

    /// Whether the children are only what a primitive may carry (`id`, `extension`).
    pub(crate) fn has_only_primitive_children(&self) -> bool {
        self.children
            .iter()
            .all(|c| c.name == "id" || c.name == "extension")
    }

    /// The format-neutral [`Value`] of this node (for `fixed[x]` and `pattern[x]`).
    ///
    /// A node with a value is a primitive (its children are its `id` and extensions); a node
    /// without one is complex. A primitive that carries only extensions therefore reads as
    /// a complex value, identically in both formats.
    pub(crate) fn to_value(&self) -> Value {
        let children = self
            .children
            .iter()
            .map(|c| (c.name.to_string(), c.to_value()))
            .collect();
        match &self.value {
            Some(v) => Value::Primitive {
                value: Some(v.to_string()),
                extensions: children,
            },
            None => Value::Complex(children),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrative_keeps_only_links_to_a_type_definition() {
        let markup = "<div><a name=\"x\"> </a><a href=\"formats.html#table\" title=\"t\">N</a>\
                      <a href=\"datatypes-definitions.html#HumanName\" title=\"HumanName : prose\">HumanName</a>\
                      <a href='datatypes-definitions.html#HumanName.use'>use</a></div>";
        let hrefs: Vec<&str> = xhtml_hrefs(markup).collect();
        assert_eq!(
            hrefs,
            [
                "formats.html#table",
                "datatypes-definitions.html#HumanName",
                "datatypes-definitions.html#HumanName.use"
            ]
        );
        let node = narrative_links(hrefs.into_iter().map(Cow::Borrowed));
        let links: Vec<_> = node
            .iter()
            .flat_map(|n| n.all(NARRATIVE_LINK))
            .filter_map(|l| l.value.as_deref())
            .collect();
        assert_eq!(links, ["datatypes-definitions.html#HumanName"]);
        assert_eq!(
            narrative_links(xhtml_hrefs("<div>prose</div>").map(Cow::Borrowed)),
            None
        );
    }

    #[test]
    fn primitive_with_extension_keeps_both_in_value() {
        let mut code = Node::primitive("code", "x", None);
        let mut ext = Node::new("extension", None);
        ext.children.push(Node::primitive("url", "http://e", None));
        ext.children.push(Node::primitive("valueString", "s", None));
        code.children.push(ext);
        assert_eq!(code.extension_value("http://e"), Some("s"));
        assert_eq!(
            code.to_value(),
            Value::Primitive {
                value: Some("x".into()),
                extensions: vec![(
                    "extension".into(),
                    Value::Complex(vec![
                        (
                            "url".into(),
                            Value::Primitive {
                                value: Some("http://e".into()),
                                extensions: vec![]
                            }
                        ),
                        (
                            "valueString".into(),
                            Value::Primitive {
                                value: Some("s".into()),
                                extensions: vec![]
                            }
                        ),
                    ])
                )],
            }
        );
    }
}
