//! FHIR primitive elements: a value plus the element's optional id and extensions.

use std::fmt;
use std::num::NonZeroU32;

use crate::rt::datetime::{Date, DateTime, Instant, Time};
use crate::rt::decimal::Decimal;
use crate::rt::error::{ErrorKind, Result};
use crate::rt::json::{JsonReader, JsonWriter, Token};
use crate::rt::value::{CodeValue, ConstDefault, FhirValue, Part, invalid_value};
#[cfg(feature = "xml")]
use crate::rt::xml::{Namespace, XmlElement, XmlReader, XmlWriter};
use crate::stu3::Extension;

pub use crate::stu3::primitive_extras::PrimitiveExtras;

/// A primitive element: a value of type `T` (absent when only extensions are given, as
/// with a `data-absent-reason`), and its id and extensions.
///
/// Build one from its value with `.into()`: `let b: Primitive<bool> = true.into();`.
#[derive(Clone, PartialEq)]
pub struct Primitive<T> {
    pub value: Option<T>,
    pub extras: Option<Box<PrimitiveExtras>>,
}

impl<T> Default for Primitive<T> {
    fn default() -> Self {
        Primitive {
            value: None,
            extras: None,
        }
    }
}

impl<T> From<T> for Primitive<T> {
    fn from(value: T) -> Self {
        Primitive {
            value: Some(value),
            extras: None,
        }
    }
}

impl From<&str> for Primitive<String> {
    fn from(value: &str) -> Self {
        Primitive::from(value.to_string())
    }
}

impl<T> Primitive<T> {
    /// A primitive holding `value`.
    pub fn new(value: T) -> Self {
        Primitive::from(value)
    }

    /// The value, if one was given.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The element id (`_name.id` in JSON).
    pub fn id(&self) -> Option<&str> {
        self.extras.as_ref().and_then(|e| e.id.as_deref())
    }

    /// The extensions on this primitive.
    pub fn extension(&self) -> &[Extension] {
        self.extras.as_ref().map_or(&[], |e| e.extension.as_slice())
    }

    /// The extensions on this primitive, for changing.
    pub fn extension_mut(&mut self) -> &mut Vec<Extension> {
        &mut self.extras.get_or_insert_with(Default::default).extension
    }

    /// Adds an extension and returns `self` (builder style).
    pub fn with_extension(mut self, extension: Extension) -> Self {
        self.extension_mut().push(extension);
        self
    }
}

impl<T: fmt::Debug> fmt::Debug for Primitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.value, &self.extras) {
            (Some(v), None) => v.fmt(f),
            (v, e) => f
                .debug_struct("Primitive")
                .field("value", v)
                .field("extras", e)
                .finish(),
        }
    }
}

/// The value type of a FHIR primitive: how it looks in JSON, and in XML's `value`
/// attribute.
pub trait PrimitiveValue: Sized {
    /// The FHIR type name (`date`, `boolean`) for messages.
    const TYPE_NAME: &'static str;
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self>;
    fn write_json(&self, w: &mut JsonWriter);
    /// Parses the text of an XML `value` attribute found at offset `at`.
    #[cfg(feature = "xml")]
    fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self>;
    /// Writes the XML `value` attribute.
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter);
}

impl<T: PrimitiveValue> Primitive<T> {
    fn read_part(&mut self, r: &mut JsonReader<'_>, part: Part, in_array: bool) -> Result<()> {
        let value = &mut self.value;
        read_primitive_part(r, part, in_array, &mut self.extras, &mut |r| {
            *value = Some(T::read_json(r)?);
            Ok(())
        })
    }
}

/// The non-generic body of reading one half of a primitive: `null` inside arrays, the
/// `_name` object, or (through `value`) the value itself.
fn read_primitive_part(
    r: &mut JsonReader<'_>,
    part: Part,
    in_array: bool,
    extras: &mut Option<Box<PrimitiveExtras>>,
    value: &mut dyn FnMut(&mut JsonReader<'_>) -> Result<()>,
) -> Result<()> {
    if in_array && r.read_null()? {
        return Ok(());
    }
    match part {
        Part::Value | Part::Choice(_) => value(r),
        Part::Extension | Part::ChoiceExtension(_) => {
            let at = r.offset();
            let read = PrimitiveExtras::read_new(r, Part::Value)?;
            // `"_name": {}` carries nothing, and FHIR XML has no way to write "an id and
            // extensions, none of them": accepted, the value would not survive XML.
            if read.id.is_none() && read.extension.is_empty() {
                return Err(r.error_at(
                    ErrorKind::WrongType {
                        expected: "an object with an id or extensions",
                        found: "an empty object",
                    },
                    at,
                ));
            }
            *extras = Some(Box::new(read));
            Ok(())
        }
    }
}

impl<T> ConstDefault for Primitive<T> {
    const DEFAULT: Self = Primitive {
        value: None,
        extras: None,
    };
}

impl<T: PrimitiveValue> FhirValue for Primitive<T> {
    fn read_json(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
        self.read_part(r, part, false)
    }

    fn read_new(r: &mut JsonReader<'_>, part: Part) -> Result<Self> {
        let mut p = Primitive::default();
        p.read_part(r, part, false)?;
        Ok(p)
    }

    fn read_json_item(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
        self.read_part(r, part, true)
    }

    fn read_new_item(r: &mut JsonReader<'_>, part: Part) -> Result<Self> {
        let mut p = Primitive::default();
        p.read_part(r, part, true)?;
        Ok(p)
    }

    fn write_json_field(&self, name: &str, suffix: &str, w: &mut JsonWriter) {
        if let Some(v) = &self.value {
            w.key(false, name, suffix);
            v.write_json(w);
        }
        if let Some(e) = &self.extras {
            w.key(true, name, suffix);
            e.write_json_bare(w);
        }
    }

    fn write_json_bare(&self, w: &mut JsonWriter) {
        match &self.value {
            Some(v) => v.write_json(w),
            None => w.null(),
        }
    }

    fn write_json_items(items: &[Self], name: &str, w: &mut JsonWriter) {
        if items.iter().any(|p| p.value.is_some()) {
            w.key(false, name, "");
            w.begin_array();
            for p in items {
                w.item();
                p.write_json_bare(w);
            }
            w.end_array();
        }
        write_extras_array(name, items.len(), &|i| items[i].extras.as_deref(), w);
    }

    fn check_items(items: &[Self]) -> Result<()> {
        for (i, p) in items.iter().enumerate() {
            if let Err(e) = p.check() {
                return Err(e.at_index(i));
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<()> {
        if self.value.is_none() && self.extras.is_none() {
            return Err(crate::rt::error::Error::new(
                ErrorKind::EmptyPrimitive,
                None,
            ));
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.value.is_none() && self.extras.is_none()
    }

    #[cfg(feature = "xml")]
    fn read_xml<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        el: &XmlElement<'a>,
        _part: Part,
    ) -> Result<()> {
        let value = &mut self.value;
        read_primitive_xml(r, el, &mut self.extras, &mut |r, text, at| {
            *value = Some(T::parse_xml(r, text, at)?);
            Ok(())
        })
    }

    #[cfg(feature = "xml")]
    fn read_new_xml<'a>(r: &mut XmlReader<'a>, el: &XmlElement<'a>, part: Part) -> Result<Self> {
        let mut p = Primitive::default();
        p.read_xml(r, el, part)?;
        Ok(p)
    }

    #[cfg(feature = "xml")]
    fn write_xml(&self, name: &str, suffix: &str, w: &mut XmlWriter) {
        let value: &dyn Fn(&mut XmlWriter) = &|w| {
            if let Some(v) = &self.value {
                v.write_xml_value(w);
            }
        };
        write_primitive_xml(name, suffix, self.extras.as_deref(), value, w);
    }
}

/// The non-generic body of reading a primitive's XML element: the `id` and `value`
/// attributes (the value through `value`), and `extension` children.
#[cfg(feature = "xml")]
fn read_primitive_xml<'a>(
    r: &mut XmlReader<'a>,
    el: &XmlElement<'a>,
    extras: &mut Option<Box<PrimitiveExtras>>,
    value: &mut dyn FnMut(&XmlReader<'a>, &str, usize) -> Result<()>,
) -> Result<()> {
    let mut has_value = false;
    for attr in el.attributes() {
        let attr = attr.map_err(|e| e.with_position(r.position(el.offset())))?;
        if attr.prefixed {
            r.foreign_attribute(el, &attr)?;
            continue;
        }
        let at = r.offset_of(&attr.value, el.offset());
        match attr.name {
            "value" => {
                let text = r.attribute_text(&attr.value, at)?;
                value(r, &text, at)?;
                has_value = true;
            }
            "id" => {
                let text = r.attribute_text(&attr.value, at)?;
                extras.get_or_insert_with(Default::default).id = Some(text.into_owned());
            }
            other => r.unexpected_attribute(el, other.to_string())?,
        }
    }
    let mut n = 0;
    while let Some(child) = r.next_child(el)? {
        if child.name() != "extension" {
            r.unknown_element(&child, None)?;
            continue;
        }
        r.expect_namespace(&child, Namespace::Fhir)?;
        // `"_name": {"extension": [{...}]}`: an array and an object below the primitive.
        r.enter_levels(2, true, child.offset())?;
        let tracks = r.tracks_path();
        if tracks {
            r.push_path(crate::rt::error::PathSegment::Field("extension".into()));
            r.push_path(crate::rt::error::PathSegment::Index(n));
        }
        let res = Extension::read_new_xml(r, &child, Part::Value);
        if tracks {
            r.pop_path();
            r.pop_path();
        }
        r.leave_levels(2);
        let ext = res.map_err(|e| e.at_index(n).in_field("extension"))?;
        extras
            .get_or_insert_with(Default::default)
            .extension
            .push(ext);
        n += 1;
    }
    if !has_value && extras.is_none() {
        return Err(r.error_at(ErrorKind::EmptyPrimitive, el.offset()));
    }
    Ok(())
}

/// The non-generic body of writing a primitive's XML element.
#[cfg(feature = "xml")]
fn write_primitive_xml(
    name: &str,
    suffix: &str,
    extras: Option<&PrimitiveExtras>,
    value: &dyn Fn(&mut XmlWriter),
    w: &mut XmlWriter,
) {
    w.start(name, suffix);
    if let Some(id) = extras.and_then(|e| e.id.as_deref()) {
        w.attr("id", id);
    }
    value(w);
    for e in extras.map_or(&[][..], |e| &e.extension) {
        e.write_xml("extension", "", w);
    }
    w.end(name, suffix);
}

/// Writes the `_name` array of a repeating primitive, if any item has extras.
fn write_extras_array<'a>(
    name: &str,
    len: usize,
    extras: &dyn Fn(usize) -> Option<&'a PrimitiveExtras>,
    w: &mut JsonWriter,
) {
    if (0..len).all(|i| extras(i).is_none()) {
        return;
    }
    w.key(true, name, "");
    w.begin_array();
    for i in 0..len {
        w.item();
        match extras(i) {
            Some(e) => e.write_json_bare(w),
            None => w.null(),
        }
    }
    w.end_array();
}

/// Plain strings: XML attributes (`Element.id`, `Extension.url`) and XHTML
/// (`Narrative.div`), which have no `_name` partner.
impl FhirValue for String {
    fn read_json(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
        *self = Self::read_new(r, part)?;
        Ok(())
    }

    fn read_new(r: &mut JsonReader<'_>, part: Part) -> Result<Self> {
        if part != Part::Value {
            return Err(r.wrong_type("no '_' element: this element takes no extensions"));
        }
        r.read_string("a string")
    }

    fn write_json_field(&self, name: &str, suffix: &str, w: &mut JsonWriter) {
        w.key(false, name, suffix);
        w.string(self);
    }

    fn write_json_bare(&self, w: &mut JsonWriter) {
        w.string(self);
    }

    /// Read as XML only for the narrative: the `div` verbatim.
    #[cfg(feature = "xml")]
    fn read_xml<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        el: &XmlElement<'a>,
        part: Part,
    ) -> Result<()> {
        *self = Self::read_new_xml(r, el, part)?;
        Ok(())
    }

    #[cfg(feature = "xml")]
    fn read_new_xml<'a>(r: &mut XmlReader<'a>, el: &XmlElement<'a>, _part: Part) -> Result<Self> {
        r.raw_element(el)
    }

    #[cfg(feature = "xml")]
    fn write_xml(&self, _name: &str, _suffix: &str, w: &mut XmlWriter) {
        w.raw(self);
    }
}

/// Codes of required value sets (the enums `#[derive(FhirCode)]` makes).
impl<C: CodeValue> PrimitiveValue for C {
    const TYPE_NAME: &'static str = "code";
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self> {
        crate::rt::value::read_code(r)
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.code());
    }
    #[cfg(feature = "xml")]
    fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self> {
        match C::from_code(text) {
            Some(c) => Ok(c),
            None => Err(unknown_code_xml(r, text, C::VALUE_SET, at)),
        }
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", self.code());
    }
}

impl PrimitiveValue for bool {
    const TYPE_NAME: &'static str = "boolean";
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self> {
        r.read_bool("a boolean")
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.bool(*self);
    }
    #[cfg(feature = "xml")]
    fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(xml_invalid(
                r,
                Self::TYPE_NAME,
                format!("'{text}' is not true or false"),
                at,
            )),
        }
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", if *self { "true" } else { "false" });
    }
}

/// Reads an integer number, rejecting fractions and exponents (`1.0` is not an integer).
fn read_integer(r: &mut JsonReader<'_>, type_name: &'static str) -> Result<(i64, usize)> {
    let at = r.offset();
    let text = r.read_number("an integer")?;
    if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return Err(invalid_value(
            r,
            type_name,
            format!("'{text}' is not an integer"),
            at,
        ));
    }
    match text.parse::<i64>() {
        Ok(v) if (i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&v) => Ok((v, at)),
        _ => Err(invalid_value(
            r,
            type_name,
            format!("{text} is out of the 32-bit range"),
            at,
        )),
    }
}

/// A code outside its required value set in an XML `value` attribute.
#[cfg(feature = "xml")]
fn unknown_code_xml(
    r: &XmlReader<'_>,
    code: &str,
    value_set: &'static str,
    at: usize,
) -> crate::rt::error::Error {
    r.error_at(
        ErrorKind::UnknownCode {
            code: code.to_string(),
            value_set,
        },
        at,
    )
}

/// An invalid XML `value` attribute.
#[cfg(feature = "xml")]
fn xml_invalid(
    r: &XmlReader<'_>,
    type_name: &'static str,
    message: impl fmt::Display,
    at: usize,
) -> crate::rt::error::Error {
    r.error_at(
        ErrorKind::InvalidValue {
            type_name,
            message: message.to_string(),
        },
        at,
    )
}

/// An XML integer: `-?(0|[1-9][0-9]*)` within the 32-bit range.
#[cfg(feature = "xml")]
fn parse_xml_integer(
    r: &XmlReader<'_>,
    text: &str,
    at: usize,
    type_name: &'static str,
) -> Result<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let well_formed = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !well_formed {
        return Err(xml_invalid(
            r,
            type_name,
            format!("'{text}' is not an integer"),
            at,
        ));
    }
    match text.parse::<i64>() {
        Ok(v) if (i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&v) => Ok(v),
        _ => Err(xml_invalid(
            r,
            type_name,
            format!("{text} is out of the 32-bit range"),
            at,
        )),
    }
}

impl PrimitiveValue for i32 {
    const TYPE_NAME: &'static str = "integer";
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self> {
        let (v, _) = read_integer(r, Self::TYPE_NAME)?;
        // In range: checked by `read_integer`.
        Ok(v as i32)
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64(i64::from(*self));
    }
    #[cfg(feature = "xml")]
    fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self> {
        // In range: checked by `parse_xml_integer`.
        Ok(parse_xml_integer(r, text, at, Self::TYPE_NAME)? as i32)
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", &self.to_string());
    }
}

/// `unsignedInt`: 0 ..= 2³¹−1.
impl PrimitiveValue for u32 {
    const TYPE_NAME: &'static str = "unsignedInt";
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self> {
        let (v, at) = read_integer(r, Self::TYPE_NAME)?;
        u32::try_from(v).map_err(|_| invalid_value(r, Self::TYPE_NAME, "must not be negative", at))
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64(i64::from(*self));
    }
    #[cfg(feature = "xml")]
    fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self> {
        let v = parse_xml_integer(r, text, at, Self::TYPE_NAME)?;
        u32::try_from(v).map_err(|_| xml_invalid(r, Self::TYPE_NAME, "must not be negative", at))
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", &self.to_string());
    }
}

/// `positiveInt`: 1 ..= 2³¹−1.
impl PrimitiveValue for NonZeroU32 {
    const TYPE_NAME: &'static str = "positiveInt";
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self> {
        let (v, at) = read_integer(r, Self::TYPE_NAME)?;
        u32::try_from(v)
            .ok()
            .and_then(NonZeroU32::new)
            .ok_or_else(|| invalid_value(r, Self::TYPE_NAME, "must be 1 or more", at))
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64(i64::from(self.get()));
    }
    #[cfg(feature = "xml")]
    fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self> {
        let v = parse_xml_integer(r, text, at, Self::TYPE_NAME)?;
        u32::try_from(v)
            .ok()
            .and_then(NonZeroU32::new)
            .ok_or_else(|| xml_invalid(r, Self::TYPE_NAME, "must be 1 or more", at))
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", &self.get().to_string());
    }
}

impl PrimitiveValue for Decimal {
    const TYPE_NAME: &'static str = "decimal";
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self> {
        let at = r.offset();
        let text = r.read_number("a number")?;
        text.parse()
            .map_err(|e| invalid_value(r, Self::TYPE_NAME, e, at))
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.number(self.as_str());
    }
    #[cfg(feature = "xml")]
    fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self> {
        text.parse()
            .map_err(|e| xml_invalid(r, Self::TYPE_NAME, e, at))
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", self.as_str());
    }
}

/// `string`, `code` (without a required binding), `id`, `uri`, `oid`, `uuid`, `markdown`.
impl PrimitiveValue for String {
    const TYPE_NAME: &'static str = "string";
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self> {
        r.read_string("a string")
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
    #[cfg(feature = "xml")]
    fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self> {
        let limit = r.options().max_string_len;
        if text.len() > limit {
            return Err(r.error_at(
                ErrorKind::TooLong {
                    limit,
                    found: text.len(),
                },
                at,
            ));
        }
        Ok(text.to_string())
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", self);
    }
}

/// `base64Binary`, kept as the text that was read (no length limit: attachments can be
/// large).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64Binary(pub String);

impl fmt::Debug for Base64Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() > 64 {
            write!(f, "Base64Binary({}… {} bytes)", &self.0[..32], self.0.len())
        } else {
            write!(f, "Base64Binary({})", self.0)
        }
    }
}

/// The bytes a base64Binary value may hold: the alphabet, padding, and the line breaks
/// and spaces that wrapped encodings contain.
const BASE64_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b' ' | b'\n' | b'\r');
        b += 1;
    }
    t
};

/// The index of the first byte of `text` that a base64Binary value may not hold. Long
/// values (attachments) are checked 32 bytes at a time without a branch per byte.
fn outside_base64(text: &[u8]) -> Option<usize> {
    let allowed = |b: &u8| BASE64_BYTES[usize::from(*b)];
    let mut at = 0;
    for chunk in text.chunks_exact(32) {
        if !chunk.iter().fold(true, |ok, b| ok & allowed(b)) {
            break;
        }
        at += 32;
    }
    text[at..].iter().position(|b| !allowed(b)).map(|i| at + i)
}

impl PrimitiveValue for Base64Binary {
    const TYPE_NAME: &'static str = "base64Binary";
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self> {
        let at = r.offset();
        let s = r.read_string_unlimited("a string")?;
        if let Some(bad) = outside_base64(s.as_bytes()) {
            return Err(invalid_value(
                r,
                Self::TYPE_NAME,
                format!("character at index {bad} is not in the base64 alphabet"),
                at,
            ));
        }
        Ok(Base64Binary(s))
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(&self.0);
    }
    #[cfg(feature = "xml")]
    fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self> {
        if let Some(bad) = outside_base64(text.as_bytes()) {
            return Err(xml_invalid(
                r,
                Self::TYPE_NAME,
                format!("character at index {bad} is not in the base64 alphabet"),
                at,
            ));
        }
        Ok(Base64Binary(text.to_string()))
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", &self.0);
    }
}

macro_rules! textual_primitive {
    ($ty:ty, $name:literal) => {
        impl PrimitiveValue for $ty {
            const TYPE_NAME: &'static str = $name;
            fn read_json(r: &mut JsonReader<'_>) -> Result<Self> {
                let at = r.offset();
                if r.peek()? != Token::String {
                    return Err(r.wrong_type("a string"));
                }
                let text = r.read_str("a string")?;
                text.parse().map_err(|e| invalid_value(r, $name, e, at))
            }
            fn write_json(&self, w: &mut JsonWriter) {
                w.display_string(self);
            }
            #[cfg(feature = "xml")]
            fn parse_xml(r: &XmlReader<'_>, text: &str, at: usize) -> Result<Self> {
                text.parse().map_err(|e| xml_invalid(r, $name, e, at))
            }
            #[cfg(feature = "xml")]
            fn write_xml_value(&self, w: &mut XmlWriter) {
                w.attr("value", &self.to_string());
            }
        }
    };
}

textual_primitive!(Date, "date");
textual_primitive!(DateTime, "dateTime");
textual_primitive!(Instant, "instant");
textual_primitive!(Time, "time");

#[cfg(test)]
mod tests {
    use super::outside_base64;

    #[test]
    fn the_first_byte_outside_base64_is_found_wherever_it_is() {
        let clean = b"QUJD+/09\r\n ".repeat(20);
        assert_eq!(outside_base64(&clean), None);
        assert_eq!(outside_base64(b""), None);
        for at in [0, 1, 31, 32, 33, 63, 64, 100, clean.len() - 1] {
            for bad in [b'"', b'-', b'_', b'\t', 0xC3] {
                let mut text = clean.clone();
                text[at] = bad;
                // A second bad byte later must not hide the first.
                let last = text.len() - 1;
                if at < last {
                    text[last] = b'!';
                }
                assert_eq!(outside_base64(&text), Some(at), "{bad} at {at}");
            }
        }
    }
}
