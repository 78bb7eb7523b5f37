//! The XML side of the generated types: [`FhirXml`] and the table-driven struct reader
//! and writer (built with the `xml` feature).

use std::any::Any;

use super::{Namespace, XmlElement, XmlReader, XmlWriter};
use crate::rt::constraint::{self, ResourceScope};
use crate::rt::dom3;
use crate::rt::error::{ErrorKind, Issue, PathSegment, Result};
use crate::rt::json::ReadOptions;
use crate::rt::primitive::plain_string;
use crate::rt::value::{
    FIELD_REFERENCE, FhirStruct, FhirValue, FieldForm, Part, StructKind, TypeInfo,
};

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
    read_root::<T, T>(src, options, |r, el| T::read_xml_bare(r, el))
}

/// Reads a document whose root element is a `B` with `read`, with the document checks of
/// [`from_slice`]; returns what `read` gave and the issues of a lenient read. A reader
/// that does not go through [`FhirValue`] (a profile type filling its fields straight
/// from the wire) calls this with its own `read`.
pub fn read_root<B: FhirValue, T>(
    src: &[u8],
    options: ReadOptions,
    read: impl for<'a> FnOnce(&mut XmlReader<'a>, &XmlElement<'a>) -> Result<T>,
) -> Result<(T, Vec<Issue>)> {
    let root = B::type_name();
    let with_root = |e: crate::rt::error::Error| match root {
        Some(name) => e.with_root(name),
        None => e,
    };
    let mut r = match XmlReader::new(src, options) {
        Ok(r) => r,
        Err(e) if *e.kind() == ErrorKind::InvalidUtf8 => {
            return Err(with_root(locate_invalid_utf8::<B>(src, e, options)));
        }
        Err(e) => return Err(e),
    };
    r.set_root(root.unwrap_or(""));
    let el = r.root()?;
    r.expect_namespace(&el, Namespace::Fhir)?;
    // The root element is the JSON document's object: one level.
    r.enter(el.offset())?;
    let v = read(&mut r, &el).map_err(with_root)?;
    r.finish().map_err(with_root)?;
    Ok((v, r.take_issues()))
}

/// Gives an invalid-UTF-8 error the FHIR path of the element it stands in: the document
/// up to the bad byte is read, and where that stops (at the unfinished element) is where
/// the bad byte is.
fn locate_invalid_utf8<T: FhirValue>(
    src: &[u8],
    e: crate::rt::error::Error,
    options: ReadOptions,
) -> crate::rt::error::Error {
    let Some(position) = e.position() else {
        return e;
    };
    match from_slice::<T>(&src[..position.offset], options) {
        Err(prefix) => prefix.replace_kind(ErrorKind::InvalidUtf8, position),
        Ok(_) => e,
    }
}

/// Reads an XML element into a generated struct (the body of the derived `read_xml`):
/// attributes into the fields marked `attribute`, child elements into the others, in
/// definition order.
///
/// This function recurses once per level of nesting (through the field's `read_xml`), so
/// everything that is not the loop itself lives in helpers: the frame stays small and a
/// document nested up to the depth limit fits a small thread stack even in debug builds.
pub fn read_struct<'a>(
    v: &mut dyn FhirStruct,
    r: &mut XmlReader<'a>,
    el: &XmlElement<'a>,
    part: Part,
) -> Result<()> {
    let info = v.type_info();
    start_struct(v, r, el, part)?;
    let scope = ResourceScope::enter(info, r.in_contained());
    let frame = scope.active.then(|| r.local_refs().enter());
    let mut seen = read_attributes(v, r, el)?;
    let mut order = Order {
        last: None,
        index: 0,
    };
    while let Some(child) = r.next_child(el)? {
        let Some(next) = order.next(info, r, &child)? else {
            continue;
        };
        seen |= 1u128 << (next.field & 127);
        let res = read_child(v, r, &child, next, &scope);
        if let Err(e) = res {
            return Err(child_error(e, info, next));
        }
    }
    if let Some(frame) = frame {
        r.set_contained(scope.contained);
        if scope.contained {
            r.local_refs().leave_contained(v, el.offset());
        } else {
            dom3::end_container(r, frame)?;
        }
    }
    if constraint::breaks_ele_1(info, seen) {
        r.invalid(|| constraint::ele_1(info), el.offset(), "kept as written")?;
    }
    let missing = info.required & !seen;
    if missing != 0 {
        r.missing_required(info, missing, el)?;
    }
    Ok(())
}

/// Checks the part asked for and, for resources, the element name.
#[inline(never)]
fn start_struct<'a>(
    v: &dyn FhirStruct,
    r: &XmlReader<'a>,
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
    Ok(())
}

/// Reads the attributes of a struct's element into its attribute fields (`Option<String>`
/// or `String`); returns the fields set.
#[inline(never)]
fn read_attributes<'a>(
    v: &mut dyn FhirStruct,
    r: &mut XmlReader<'a>,
    el: &XmlElement<'a>,
) -> Result<u128> {
    let info = v.type_info();
    let mut seen = 0u128;
    for attr in el.attributes() {
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
        let at = r.offset_of(attr.value, el.offset());
        let text = r.attribute_text(attr.value, at)?;
        let may_control = matches!(text, std::borrow::Cow::Owned(_));
        let tracks = r.tracks_path();
        if tracks {
            r.push_path(PathSegment::Field(attr.name.into()));
        }
        let text = plain_string(r, text, may_control, at, entry.rule);
        if tracks {
            r.pop_path();
        }
        let text = text.map_err(|e| e.in_field(attr.name))?;
        let slot: &mut dyn Any = v.field_mut(usize::from(entry.field));
        if let Some(s) = slot.downcast_mut::<Option<String>>() {
            *s = Some(text);
        } else if let Some(s) = slot.downcast_mut::<String>() {
            *s = text;
        } else {
            return Err(r.error_at(
                ErrorKind::Syntax(format!(
                    "internal: attribute element '{}' is not a string",
                    attr.name
                )),
                at,
            ));
        }
        seen |= 1u128 << (entry.field & 127);
    }
    Ok(seen)
}

/// A child element found in a struct's table, in order.
#[derive(Clone, Copy)]
struct Next {
    field: u16,
    part: Part,
    key: crate::rt::value::Key,
    repeats: bool,
    /// The item's index, for a repeating element.
    index: usize,
    /// How deep the element nests in FHIR JSON, for the depth limit (see [`json_levels`]).
    levels: usize,
    /// Whether the innermost of those levels is checked now (see [`json_levels`]).
    checked: bool,
}

/// The element order seen so far in one struct.
struct Order {
    last: Option<u16>,
    /// Items of the repeating element being read so far (they stand together).
    index: usize,
}

impl Order {
    /// Finds `child` in the table and checks its namespace and order; `None` when it is
    /// unknown and (lenient) skipped.
    #[inline(never)]
    fn next<'a>(
        &mut self,
        info: &'static crate::rt::value::TypeInfo,
        r: &mut XmlReader<'a>,
        child: &XmlElement<'a>,
    ) -> Result<Option<Next>> {
        // `_name` keys are JSON's; attribute fields are not elements in XML.
        let entry = info
            .lookup(child.name().as_bytes())
            .filter(|k| matches!(k.part, Part::Value | Part::Choice(_)))
            .filter(|k| info.field(usize::from(k.field)).form != FieldForm::Attribute);
        let Some(entry) = entry else {
            match constraint::wrong_choice_type(info, child.name()) {
                Some(kind) => r.not_taken(child, kind)?,
                None => {
                    let suggestion = info.suggest(child.name());
                    r.unknown_element(child, suggestion)?;
                }
            }
            return Ok(None);
        };
        let f = info.field(usize::from(entry.field));
        let expected = if f.form == FieldForm::Xhtml {
            Namespace::Xhtml
        } else {
            Namespace::Fhir
        };
        r.expect_namespace(child, expected)?;
        let name = info.key_name(entry);
        if let Some(prev) = self.last {
            if entry.field < prev {
                return Err(r.error_at(
                    ErrorKind::OutOfOrder {
                        name: name.to_string(),
                        after: info.field(usize::from(prev)).name.to_string(),
                    },
                    child.offset(),
                ));
            }
            if entry.field == prev && !f.repeats {
                return Err(r.error_at(
                    ErrorKind::DuplicateElement(name.to_string()),
                    child.offset(),
                ));
            }
        }
        self.index = if self.last == Some(entry.field) {
            self.index + 1
        } else {
            0
        };
        self.last = Some(entry.field);
        let (levels, checked) = json_levels(f.form, f.repeats, child);
        Ok(Some(Next {
            field: entry.field,
            part: entry.part,
            key: entry,
            repeats: f.repeats,
            index: self.index,
            levels,
            checked,
        }))
    }
}

/// How many JSON arrays and objects the child element `child` of a field stands for, and
/// whether the innermost is an object for sure. The depth limit counts these, as the JSON
/// reader does, so that a value within the limit in one format is within it in the other
/// (an extension is one XML element but an array and an object in JSON).
///
/// An object, or an item of a repeating element (its array, then its object). A narrative
/// `div` is a string in JSON: nothing (its markup is counted as it is skipped). A primitive
/// with a `value` and no `id` is a JSON scalar, not an object: its level is counted but
/// not checked; the `extension`s it may hold are checked when entered, deeper.
#[inline(never)]
fn json_levels(form: FieldForm, repeats: bool, child: &XmlElement<'_>) -> (usize, bool) {
    if form == FieldForm::Xhtml {
        return (0, true);
    }
    let levels = if repeats { 2 } else { 1 };
    if !matches!(form, FieldForm::Primitive | FieldForm::Choice) {
        return (levels, true);
    }
    let (value, id) = child.value_and_id();
    (levels, !value || id)
}

/// Reads one child element into its field, one level deeper.
fn read_child<'a>(
    v: &mut dyn FhirStruct,
    r: &mut XmlReader<'a>,
    child: &XmlElement<'a>,
    next: Next,
    scope: &ResourceScope,
) -> Result<()> {
    r.enter_levels(next.levels, next.checked, child.offset())?;
    let tracks = r.tracks_path();
    if tracks {
        push_child_path(r, v.type_info(), next);
    }
    if scope.active {
        resource_element_xml(scope, v.type_info(), r, child, next.field)?;
    }
    r.set_text_rule(next.key.rule);
    let mut res = v
        .field_mut(usize::from(next.field))
        .read_xml(r, child, next.part);
    if scope.active && res.is_ok() {
        res = after_resource_element_xml(scope, v, r, child, next.field);
    }
    let flags = v.type_info().field_flags.get(usize::from(next.field));
    if res.is_ok() && flags.is_some_and(|f| f & FIELD_REFERENCE != 0) {
        r.local_refs().note_reference(v, usize::from(next.field));
    }
    if tracks {
        r.pop_path();
        if next.repeats {
            r.pop_path();
        }
    }
    r.leave_levels(next.levels);
    res
}

/// Before element `field` of a resource is read: the dom rule it breaks if the resource is
/// contained, and whether the resources it holds are contained.
#[inline(never)]
fn resource_element_xml<'a>(
    scope: &ResourceScope,
    info: &TypeInfo,
    r: &mut XmlReader<'a>,
    child: &XmlElement<'a>,
    field: u16,
) -> Result<()> {
    if let Some(kind) = scope.misplaced(info, field) {
        r.invalid(|| kind, child.offset(), "kept as written")?;
    }
    r.set_contained(scope.holds_contained(field));
    Ok(())
}

/// After element `field` of a resource was read: dom-4 on its `meta`.
#[inline(never)]
fn after_resource_element_xml<'a>(
    scope: &ResourceScope,
    v: &dyn FhirStruct,
    r: &mut XmlReader<'a>,
    child: &XmlElement<'a>,
    field: u16,
) -> Result<()> {
    r.set_contained(false);
    match scope.meta_versioned(v, field) {
        Some(kind) => r.invalid(|| kind, child.offset(), "kept as written"),
        None => Ok(()),
    }
}

#[inline(never)]
fn push_child_path(r: &mut XmlReader<'_>, info: &crate::rt::value::TypeInfo, next: Next) {
    r.push_path(PathSegment::Field(info.key_name(next.key).into()));
    if next.repeats {
        r.push_path(PathSegment::Index(next.index));
    }
}

#[inline(never)]
fn child_error(
    e: crate::rt::error::Error,
    info: &crate::rt::value::TypeInfo,
    next: Next,
) -> crate::rt::error::Error {
    let e = if next.repeats {
        e.at_index(next.index)
    } else {
        e
    };
    e.in_field(info.key_name(next.key))
}

/// Reads one resource for the `Resource` enum; its type name leads the paths of the
/// issues and errors inside it.
pub fn read_resource<'a, T: FhirValue>(
    r: &mut XmlReader<'a>,
    el: &XmlElement<'a>,
    name: &'static str,
) -> Result<Box<T>> {
    let tracks = r.tracks_path();
    if tracks {
        r.push_path(PathSegment::Type(name));
    }
    let v = T::read_new_xml(r, el, Part::Value);
    if tracks {
        r.pop_path();
    }
    match v {
        Ok(v) => Ok(Box::new(v)),
        Err(e) => Err(e.in_resource(name)),
    }
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
            let slot: &dyn Any = v.field(i);
            let text = match slot.downcast_ref::<Option<String>>() {
                Some(s) => s.as_deref(),
                None => slot.downcast_ref::<String>().map(String::as_str),
            };
            if let Some(text) = text {
                w.attr(field, text);
            }
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
