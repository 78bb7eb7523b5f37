//! FHIR XML: the reader, the writer, the table-driven struct reader and writer, and the
//! entry points generated types use.
//!
//! The same tables that drive FHIR JSON drive XML (see [`crate::rt::value`]): element
//! names come from [`TypeInfo`], attributes are the fields marked `attribute`, choice
//! elements are found by their typed names. What XML adds: elements are written in
//! definition order and must be read in it, a repeating element's items stand together,
//! and primitives carry their value in a `value` attribute.

mod read;
mod write;

pub use read::{FHIR_NS, Namespace, RawAttribute, XHTML_NS, XSI_NS, XmlElement, XmlReader};
pub use write::XmlWriter;

use crate::rt::error::{ErrorKind, Issue, PathSegment, Result};
use crate::rt::json::ReadOptions;
use crate::rt::value::{FhirStruct, FhirValue, FieldForm, Part, StructKind};

/// Reading and writing FHIR XML; implemented for every generated resource, datatype and
/// the [`Resource`](crate::stu3::Resource) enum.
pub trait FhirXml: Sized {
    /// Reads FHIR XML, failing on any unknown element or attribute.
    fn from_xml(xml: impl AsRef<[u8]>) -> Result<Self>;

    /// Reads FHIR XML with options; returns the issues recorded (in lenient mode unknown
    /// elements and attributes, skipped, with their paths; always an `xsi:schemaLocation`
    /// on the root, which is not kept).
    fn from_xml_with(xml: impl AsRef<[u8]>, options: ReadOptions) -> Result<(Self, Vec<Issue>)>;

    /// Writes compact FHIR XML (no XML declaration).
    fn to_xml(&self) -> String;

    /// Writes FHIR XML with each element on its own line, indented by two spaces.
    fn to_xml_pretty(&self) -> String;
}

impl<T: FhirValue> FhirXml for T {
    fn from_xml(xml: impl AsRef<[u8]>) -> Result<Self> {
        let (v, _) = from_slice(xml.as_ref(), ReadOptions::default())?;
        Ok(v)
    }

    fn from_xml_with(xml: impl AsRef<[u8]>, options: ReadOptions) -> Result<(Self, Vec<Issue>)> {
        from_slice(xml.as_ref(), options)
    }

    fn to_xml(&self) -> String {
        let mut w = XmlWriter::compact();
        self.write_xml_bare(&mut w);
        w.into_string()
    }

    fn to_xml_pretty(&self) -> String {
        let mut w = XmlWriter::pretty(2);
        self.write_xml_bare(&mut w);
        w.into_string()
    }
}

/// Reads one document whose root element is a `T` from `src`.
pub fn from_slice<T: FhirValue>(src: &[u8], options: ReadOptions) -> Result<(T, Vec<Issue>)> {
    let root = T::type_name();
    let with_root = |e: crate::rt::error::Error| match root {
        Some(name) => e.with_root(name),
        None => e,
    };
    let mut r = XmlReader::new(src, options)?;
    r.set_root(root.unwrap_or(""));
    let el = r.root()?;
    r.expect_namespace(&el, Namespace::Fhir)?;
    let v = T::read_xml_bare(&mut r, &el).map_err(with_root)?;
    r.finish().map_err(with_root)?;
    Ok((v, r.take_issues()))
}

/// Reads an XML element into a generated struct (the body of the derived `read_xml`):
/// attributes into the fields marked `attribute`, child elements into the others, in
/// definition order.
pub fn read_struct<'a>(
    v: &mut dyn FhirStruct,
    r: &mut XmlReader<'a>,
    el: &XmlElement<'a>,
    part: Part,
) -> Result<()> {
    let info = v.type_info();
    if !matches!(part, Part::Value | Part::Choice(_)) {
        return Err(r.error_at(
            ErrorKind::Syntax("internal: an extension part in XML".into()),
            el.offset(),
        ));
    }
    if info.kind == StructKind::Resource && el.name() != info.name {
        return Err(r.error_at(
            ErrorKind::ResourceTypeMismatch {
                expected: info.name,
                found: el.name().to_string(),
            },
            el.offset(),
        ));
    }
    let mut seen: u128 = 0;
    for attr in el.attributes() {
        let attr = attr.map_err(|e| e.with_position(r.position(el.offset())))?;
        if attr.prefixed {
            r.foreign_attribute(el, &attr)?;
            continue;
        }
        let entry = info
            .lookup(attr.name.as_bytes())
            .filter(|k| k.part == Part::Value)
            .filter(|k| info.field(usize::from(k.field)).form == FieldForm::Attribute);
        let Some(entry) = entry else {
            r.unexpected_attribute(el, attr.name.to_string())?;
            continue;
        };
        let at = r.offset_of(&attr.value, el.offset());
        let text = r.attribute_text(&attr.value, at)?;
        v.field_mut(usize::from(entry.field))
            .read_xml_attribute(text);
        seen |= 1u128 << (entry.field & 127);
    }
    let mut last: Option<usize> = None;
    while let Some(child) = r.next_child(el)? {
        let entry = info
            .lookup(child.name().as_bytes())
            .filter(|k| matches!(k.part, Part::Value | Part::Choice(_)));
        let Some(entry) = entry else {
            let suggestion = info.suggest(child.name());
            r.unknown_element(&child, suggestion)?;
            continue;
        };
        let field = usize::from(entry.field);
        let f = info.field(field);
        let name = info.key_name(entry);
        if f.form == FieldForm::Attribute {
            return Err(r.error_at(
                ErrorKind::Syntax(format!(
                    "'{name}' is an attribute in FHIR XML, not an element"
                )),
                child.offset(),
            ));
        }
        let expected = if f.form == FieldForm::Xhtml {
            Namespace::Xhtml
        } else {
            Namespace::Fhir
        };
        r.expect_namespace(&child, expected)?;
        if let Some(prev) = last {
            if field < prev {
                return Err(r.error_at(
                    ErrorKind::OutOfOrder {
                        name: name.to_string(),
                        after: info.field(prev).name.to_string(),
                    },
                    child.offset(),
                ));
            }
            if field == prev && !f.repeats {
                return Err(r.error_at(
                    ErrorKind::DuplicateElement(name.to_string()),
                    child.offset(),
                ));
            }
        }
        last = Some(field);
        seen |= 1u128 << (field & 127);
        r.enter(child.offset())?;
        let tracks = r.tracks_path();
        if tracks {
            r.push_path(PathSegment::Field(name.into()));
        }
        let res = v.field_mut(field).read_xml(r, &child, entry.part);
        if tracks {
            r.pop_path();
        }
        r.leave();
        res.map_err(|e| e.in_field(name))?;
    }
    let missing = info.required & !seen;
    if missing != 0 {
        let name = info.field_names[missing.trailing_zeros() as usize];
        return Err(r.error_at(ErrorKind::MissingElement(name), el.offset()));
    }
    Ok(())
}

/// Writes a generated struct as element `name` + `suffix`: attribute fields first, then
/// the other elements in definition order.
pub fn write_struct(v: &dyn FhirStruct, name: &str, suffix: &str, w: &mut XmlWriter) {
    let info = v.type_info();
    w.start(name, suffix);
    let forms = || {
        info.field_names
            .iter()
            .enumerate()
            .map(|(i, n)| (i, *n, info.field(i).form))
    };
    for (i, field, form) in forms() {
        if form == FieldForm::Attribute {
            v.field(i).write_xml_attribute(field, w);
        }
    }
    for (i, field, form) in forms() {
        if form != FieldForm::Attribute {
            v.field(i).write_xml(field, w);
        }
    }
    w.end(name, suffix);
}

/// The resource inside a wrapper element (`contained`, `entry.resource`): exactly one
/// child element. Returns it, for the caller to read; [`end_of_wrapper`] then checks that
/// nothing follows.
pub fn wrapped_resource<'a>(r: &mut XmlReader<'a>, el: &XmlElement<'a>) -> Result<XmlElement<'a>> {
    match r.next_child(el)? {
        Some(inner) => {
            r.expect_namespace(&inner, Namespace::Fhir)?;
            Ok(inner)
        }
        None => Err(r.error_at(
            ErrorKind::Syntax(format!("'{}' must hold a resource element", el.name())),
            el.offset(),
        )),
    }
}

/// After the resource in a wrapper element: its end tag, nothing else.
pub fn end_of_wrapper<'a>(r: &mut XmlReader<'a>, el: &XmlElement<'a>) -> Result<()> {
    match r.next_child(el)? {
        None => Ok(()),
        Some(extra) => Err(r.error_at(
            ErrorKind::Syntax(format!(
                "'{}' holds one resource; found '{}' after it",
                el.name(),
                extra.name()
            )),
            extra.offset(),
        )),
    }
}

#[doc(hidden)]
pub fn not_a_choice(r: &XmlReader<'_>, el: &XmlElement<'_>) -> crate::rt::error::Error {
    r.error_at(
        ErrorKind::Syntax("internal: a choice element read without its type".into()),
        el.offset(),
    )
}

#[doc(hidden)]
pub fn unknown_resource_type(r: &XmlReader<'_>, el: &XmlElement<'_>) -> crate::rt::error::Error {
    r.error_at(
        ErrorKind::UnknownResourceType(el.name().to_string()),
        el.offset(),
    )
}
