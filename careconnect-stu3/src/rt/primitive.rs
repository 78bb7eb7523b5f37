//! FHIR primitive elements: a value plus the element's optional id and extensions.

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU32;

use crate::rt::datetime::{Date, DateTime, Instant, Time};
use crate::rt::decimal::Decimal;
use crate::rt::dom3::LocalRefs;
use crate::rt::error::{Error, ErrorKind, PathSegment, Result};
use crate::rt::json::{InvalidValues, JsonReader, JsonWriter, Token};
use crate::rt::lexical::{self, TextRule};
use crate::rt::value::{CodeValue, ConstDefault, FhirValue, Part};
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

    /// The value, if one was given and is valid: `None` when it is absent, and when a
    /// lenient read kept its text because it breaks its type's rule (see
    /// [`Primitive::try_get`]).
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The value (`Ok(None)`: absent), or the text a lenient read kept because it breaks
    /// its type's rule: `Err` with `2018-11-08T13:07:00` for a `dateTime` with a time and
    /// no zone. A value set in [`Primitive::value`] takes the text's place.
    pub fn try_get(&self) -> std::result::Result<Option<&T>, &InvalidText> {
        match (&self.value, self.invalid()) {
            (None, Some(text)) => Err(text),
            (value, _) => Ok(value.as_ref()),
        }
    }

    /// The text of a value that breaks its type's rule, as a lenient read kept it.
    pub fn invalid(&self) -> Option<&InvalidText> {
        self.extras.as_ref().and_then(|e| e.invalid.as_ref())
    }

    /// A primitive holding `text` as an invalid value (a JSON string): what a conversion
    /// keeps of a value its type cannot hold, rather than drop it or guess.
    #[cfg(any(feature = "chrono", feature = "time"))]
    pub(crate) fn with_invalid_text(text: String) -> Self {
        Primitive {
            value: None,
            extras: Some(Box::new(PrimitiveExtras {
                invalid: Some(InvalidText { text, quoted: true }),
                ..PrimitiveExtras::default()
            })),
        }
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
            (v, e) => {
                let mut d = f.debug_struct("Primitive");
                match self.invalid() {
                    Some(text) if v.is_none() => d.field("value", text),
                    _ => d.field("value", v),
                };
                d.field("extras", &element_extras(e.as_deref())).finish()
            }
        }
    }
}

/// The extras of a primitive if they hold an id or extensions: what `_name` and the XML
/// element carry besides the value.
fn element_extras(extras: Option<&PrimitiveExtras>) -> Option<&PrimitiveExtras> {
    extras.filter(|e| e.id.is_some() || !e.extension.is_empty())
}

/// How a primitive's value stands in FHIR JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    String,
    Number,
    Boolean,
}

impl JsonType {
    /// What a message says was expected for a value of type `type_name`.
    fn expected(self, type_name: &str) -> &'static str {
        match self {
            JsonType::String => "a string",
            JsonType::Boolean => "a boolean",
            JsonType::Number if type_name == "decimal" => "a number",
            JsonType::Number => "an integer",
        }
    }
}

/// The result of [`PrimitiveValue::parse`]: the value, or what is wrong with the text
/// and the text itself, given back for the reader to keep or report.
pub type Parsed<'t, T> = std::result::Result<T, (ErrorKind, Cow<'t, str>)>;

/// The value type of a FHIR primitive: its JSON type, how it is parsed from its text (a
/// JSON string's content or a number or boolean literal, an XML `value` attribute) and
/// how it is written. The readers do the rest, once for every type: JSON types, control
/// characters, length limits, and keeping what a lenient read cannot parse.
pub trait PrimitiveValue: Sized {
    /// The FHIR type name (`date`, `boolean`) for messages.
    const TYPE_NAME: &'static str;
    /// How the value stands in FHIR JSON.
    const JSON_TYPE: JsonType;
    /// Whether [`ReadOptions::max_string_len`](crate::rt::ReadOptions::max_string_len)
    /// limits the value's text (every type but `base64Binary`).
    const LIMITED: bool = true;
    /// Parses `text`, which holds no control character. `rule` is the element's
    /// [`TextRule`]: the string-like types follow it, the others have a rule of their own.
    fn parse(text: Cow<'_, str>, rule: TextRule) -> Parsed<'_, Self>;
    fn write_json(&self, w: &mut JsonWriter);
    /// Writes the XML `value` attribute.
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter);
}

/// The text of a primitive's value that breaks the rule of its type (a `dateTime` with a
/// time but no zone, an `integer` written `01`, a code outside its required value set),
/// kept exactly as written by a lenient read
/// ([`ReadOptions::invalid_values`](crate::rt::ReadOptions::invalid_values)), which
/// records an issue for it. [`Primitive::get`] gives no value for it and
/// [`Primitive::try_get`] gives this; both writers write the text back unchanged, in JSON
/// as the string or literal it was.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct InvalidText {
    text: String,
    /// Written as a JSON string (`"01"`), not as the bare literal it was (`1.0`, `true`).
    quoted: bool,
}

impl InvalidText {
    /// The text as written (a JSON string's content, a number's digits, an XML `value`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether JSON has it as a string rather than a number or boolean literal.
    pub fn is_json_string(&self) -> bool {
        self.quoted
    }

    #[cfg(feature = "xml")]
    /// The text of an XML `value` attribute, for a value whose JSON type is `json`: a bare
    /// literal in JSON only where it is one of that type.
    fn from_xml(text: String, json: JsonType) -> InvalidText {
        let quoted = match json {
            JsonType::String => true,
            JsonType::Number => !is_json_number(&text),
            JsonType::Boolean => !matches!(text.as_str(), "true" | "false"),
        };
        InvalidText { text, quoted }
    }

    fn write_json(&self, w: &mut JsonWriter) {
        if self.quoted {
            w.string(&self.text);
        } else {
            w.number(&self.text);
        }
    }
}

impl fmt::Debug for InvalidText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Invalid({:?})", self.text)
    }
}

impl fmt::Display for InvalidText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(feature = "xml")]
/// Whether `text` is a JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    match digits(&mut i) {
        0 => return false,
        n if n > 1 && b[int_start] == b'0' => return false,
        _ => {}
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

impl<T: PrimitiveValue> Primitive<T> {
    fn read_part(&mut self, r: &mut JsonReader<'_>, part: Part, in_array: bool) -> Result<()> {
        let extras = &mut self.extras;
        T::reading(&mut self.value, |value| {
            read_primitive_part(r, part, in_array, extras, value)
        })
    }
}

/// How a value of type `T` is read into `value`, for the non-generic readers.
trait Reading: PrimitiveValue {
    fn reading<R>(value: &mut Option<Self>, read: impl FnOnce(Value<'_>) -> R) -> R {
        let mut take = higher_ranked(|text, rule| {
            *value = Some(Self::parse(text, rule)?);
            Ok(())
        });
        read(Value {
            json: Self::JSON_TYPE,
            type_name: Self::TYPE_NAME,
            limited: Self::LIMITED,
            take: &mut take,
        })
    }
}

impl<T: PrimitiveValue> Reading for T {}

/// Gives a closure the signature [`Value::take`] needs (for every lifetime of its text),
/// which closure inference alone does not.
fn higher_ranked<F>(f: F) -> F
where
    F: for<'t> FnMut(Cow<'t, str>, TextRule) -> Parsed<'t, ()>,
{
    f
}

/// The generic parts of reading a primitive's value, handed to the non-generic readers.
struct Value<'f> {
    json: JsonType,
    type_name: &'static str,
    limited: bool,
    /// Parses the text under a rule and sets the value.
    take: &'f mut dyn for<'t> FnMut(Cow<'t, str>, TextRule) -> Parsed<'t, ()>,
}

/// What a reader reports invalid values through: the JSON and XML readers alike.
pub(crate) trait Findings {
    fn lenient(&self) -> bool;
    fn max_len(&self) -> usize;
    fn fail(&self, kind: ErrorKind, at: usize) -> Error;
    fn invalid(&mut self, kind: ErrorKind, at: usize, outcome: &str) -> Result<()>;
    fn tracks_path(&self) -> bool;
    fn push_path(&mut self, segment: PathSegment);
    fn pop_path(&mut self);
    /// What the reader has noted for dom-3.
    fn local_refs(&mut self) -> &mut LocalRefs;
}

/// The same [`Findings`] for both readers, from their inherent methods of the same names.
macro_rules! findings {
    ($reader:ident) => {
        impl Findings for $reader<'_> {
            fn lenient(&self) -> bool {
                self.options().invalid_values == InvalidValues::Report
            }
            fn max_len(&self) -> usize {
                self.options().max_string_len
            }
            fn fail(&self, kind: ErrorKind, at: usize) -> Error {
                self.error_at(kind, at)
            }
            fn invalid(&mut self, kind: ErrorKind, at: usize, outcome: &str) -> Result<()> {
                $reader::invalid(self, || kind, at, outcome)
            }
            fn tracks_path(&self) -> bool {
                $reader::tracks_path(self)
            }
            fn push_path(&mut self, segment: PathSegment) {
                $reader::push_path(self, segment);
            }
            fn pop_path(&mut self) {
                $reader::pop_path(self);
            }
            fn local_refs(&mut self) -> &mut LocalRefs {
                $reader::local_refs(self)
            }
        }
    };
}

findings!(JsonReader);
#[cfg(feature = "xml")]
findings!(XmlReader);

/// Where a value's text was found and what the reader knows of it.
#[derive(Clone, Copy)]
struct Found {
    /// Byte offset of the value.
    at: usize,
    /// The text was unescaped, so it may hold a control character.
    may_control: bool,
    /// JSON had it as a string (for a value kept as written).
    quoted: bool,
    /// JSON had it as a literal of another JSON type than the value's (`"active": "yes"`).
    wrong_type: Option<&'static str>,
}

/// Takes a value's text (in either format): the length limit, control characters, then
/// the type's own parse. What breaks a rule is an error, or (lenient) an issue with the
/// text kept in `kept`: it returns `Ok(Some(text))` when the value was not taken.
fn take_text(
    r: &mut dyn Findings,
    text: Cow<'_, str>,
    found: Found,
    rule: TextRule,
    value: Value<'_>,
) -> Result<Option<InvalidText>> {
    let at = found.at;
    let limit = r.max_len();
    if value.limited && text.len() > limit {
        return Err(r.fail(
            ErrorKind::TooLong {
                limit,
                found: text.len(),
            },
            at,
        ));
    }
    let control = if found.may_control {
        lexical::control_character(&text)
    } else {
        None
    };
    let text = match control {
        Some((i, c)) => {
            let kind = ErrorKind::InvalidValue {
                type_name: value.type_name,
                message: lexical::control_message(i, c),
            };
            r.invalid(kind, at, "replaced by U+FFFD")?;
            Cow::Owned(lexical::replace_control_characters(&text))
        }
        None => text,
    };
    let (kind, text) = match found.wrong_type {
        Some(written) => (
            ErrorKind::WrongType {
                expected: value.json.expected(value.type_name),
                found: written,
            },
            text,
        ),
        None => match (value.take)(text, rule) {
            Ok(()) => return Ok(None),
            Err(failed) => failed,
        },
    };
    if !r.lenient() {
        return Err(r.fail(kind, at));
    }
    r.invalid(kind, at, "kept as written")?;
    Ok(Some(InvalidText {
        text: text.into_owned(),
        quoted: found.quoted,
    }))
}

/// Reads the JSON scalar of a primitive's value: `Some` with its text when it breaks its
/// rule and a lenient read keeps it.
fn read_json_value(r: &mut JsonReader<'_>, value: Value<'_>) -> Result<Option<InvalidText>> {
    let token = r.peek()?;
    let at = r.offset();
    let scalar = |token| match token {
        Token::String => Some(JsonType::String),
        Token::Number => Some(JsonType::Number),
        Token::Bool => Some(JsonType::Boolean),
        _ => None,
    };
    let written = match scalar(token) {
        Some(written) if written == value.json || r.lenient() => written,
        _ => return Err(r.wrong_type(value.json.expected(value.type_name))),
    };
    let wrong_type = (written != value.json).then(|| token.describe());
    let text = match written {
        JsonType::String => r.read_str("a string")?,
        JsonType::Number => Cow::Borrowed(r.read_number("a number")?),
        JsonType::Boolean => Cow::Borrowed(if r.read_bool("a boolean")? {
            "true"
        } else {
            "false"
        }),
    };
    let found = Found {
        at,
        may_control: r.had_control(at),
        quoted: written == JsonType::String,
        wrong_type,
    };
    let rule = r.text_rule();
    take_text(r, text, found, rule, value)
}

/// A plain string value (`Element.id`, `Extension.url`: XML attributes, with no `_name`
/// partner in JSON) under the rules of a string value of type `rule`; one that breaks
/// them is kept as written when read leniently.
pub(crate) fn plain_string(
    r: &mut dyn Findings,
    text: Cow<'_, str>,
    may_control: bool,
    at: usize,
    rule: TextRule,
) -> Result<String> {
    let mut out = None;
    let found = Found {
        at,
        may_control,
        quoted: true,
        wrong_type: None,
    };
    let kept = String::reading(&mut out, |value| take_text(r, text, found, rule, value))?;
    Ok(out.or(kept.map(|k| k.text)).unwrap_or_default())
}

/// The non-generic body of reading one half of a primitive: `null` inside arrays, the
/// `_name` object, or the value itself.
fn read_primitive_part(
    r: &mut JsonReader<'_>,
    part: Part,
    in_array: bool,
    extras: &mut Option<Box<PrimitiveExtras>>,
    value: Value<'_>,
) -> Result<()> {
    if in_array && r.read_null()? {
        return Ok(());
    }
    match part {
        Part::Value | Part::Choice(_) => {
            if let Some(kept) = read_json_value(r, value)? {
                extras.get_or_insert_with(Default::default).invalid = Some(kept);
            }
            Ok(())
        }
        Part::Extension | Part::ChoiceExtension(_) => {
            let at = r.offset();
            let mut read = PrimitiveExtras::read_new(r, Part::Value)?;
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
            // The value's text, if it came first and was kept.
            read.invalid = extras.take().and_then(|e| e.invalid);
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
        } else if let Some(text) = self.invalid() {
            w.key(false, name, suffix);
            text.write_json(w);
        }
        if let Some(e) = element_extras(self.extras.as_deref()) {
            w.key(true, name, suffix);
            e.write_json_bare(w);
        }
    }

    fn write_json_bare(&self, w: &mut JsonWriter) {
        match (&self.value, self.invalid()) {
            (Some(v), _) => v.write_json(w),
            (None, Some(text)) => text.write_json(w),
            (None, None) => w.null(),
        }
    }

    fn write_json_items(items: &[Self], name: &str, w: &mut JsonWriter) {
        if items
            .iter()
            .any(|p| p.value.is_some() || p.invalid().is_some())
        {
            w.key(false, name, "");
            w.begin_array();
            for p in items {
                w.item();
                p.write_json_bare(w);
            }
            w.end_array();
        }
        write_extras_array(
            name,
            items.len(),
            &|i| element_extras(items[i].extras.as_deref()),
            w,
        );
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
        match (&self.value, &self.extras) {
            (None, None) => Err(Error::new(ErrorKind::EmptyPrimitive, None)),
            (None, Some(e)) if e.invalid.is_none() && e.extension.is_empty() => {
                Err(Error::new(crate::rt::constraint::primitive_ele_1(), None))
            }
            _ => Ok(()),
        }
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
        let extras = &mut self.extras;
        T::reading(&mut self.value, |value| {
            read_primitive_xml(r, el, extras, value)
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
        let value: &dyn Fn(&mut XmlWriter) = &|w| match (&self.value, self.invalid()) {
            (Some(v), _) => v.write_xml_value(w),
            (None, Some(text)) => w.attr("value", text.as_str()),
            (None, None) => {}
        };
        write_primitive_xml(name, suffix, self.extras.as_deref(), value, w);
    }
}

/// The non-generic body of reading a primitive's XML element: the `id` and `value`
/// attributes, and `extension` children.
#[cfg(feature = "xml")]
fn read_primitive_xml<'a>(
    r: &mut XmlReader<'a>,
    el: &XmlElement<'a>,
    extras: &mut Option<Box<PrimitiveExtras>>,
    value: Value<'_>,
) -> Result<()> {
    let json = value.json;
    let mut value = Some(value);
    for attr in el.attributes() {
        if attr.prefixed {
            r.foreign_attribute(el, &attr)?;
            continue;
        }
        let at = r.offset_of(attr.value, el.offset());
        match attr.name {
            "value" => {
                let text = r.attribute_text(attr.value, at)?;
                let found = Found {
                    at,
                    may_control: matches!(text, Cow::Owned(_)),
                    quoted: true,
                    wrong_type: None,
                };
                let rule = r.text_rule();
                if let Some(value) = value.take()
                    && let Some(kept) = take_text(r, text, found, rule, value)?
                {
                    let kept = InvalidText::from_xml(kept.text, json);
                    extras.get_or_insert_with(Default::default).invalid = Some(kept);
                }
            }
            "id" => {
                let text = r.attribute_text(attr.value, at)?;
                let may_control = matches!(text, Cow::Owned(_));
                let id = plain_string(r, text, may_control, at, TextRule::String)?;
                extras.get_or_insert_with(Default::default).id = Some(id);
            }
            other => r.unexpected_attribute(el, other.to_string())?,
        }
    }
    let has_value = value.is_none();
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
    if !has_value {
        match extras {
            None => return Err(r.error_at(ErrorKind::EmptyPrimitive, el.offset())),
            Some(e) if e.invalid.is_none() && e.extension.is_empty() => r.invalid(
                crate::rt::constraint::primitive_ele_1,
                el.offset(),
                "kept as written",
            )?,
            Some(_) => {}
        }
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

/// An invalid value of type `type_name`.
fn invalid(type_name: &'static str, message: impl fmt::Display) -> ErrorKind {
    ErrorKind::InvalidValue {
        type_name,
        message: message.to_string(),
    }
}

/// Codes of required value sets (the enums `#[derive(FhirCode)]` makes).
impl<C: CodeValue> PrimitiveValue for C {
    const TYPE_NAME: &'static str = "code";
    const JSON_TYPE: JsonType = JsonType::String;
    fn parse(text: Cow<'_, str>, _rule: TextRule) -> Parsed<'_, Self> {
        match C::from_code(&text) {
            Some(c) => Ok(c),
            None => Err((
                ErrorKind::UnknownCode {
                    code: text.to_string(),
                    value_set: C::VALUE_SET,
                },
                text,
            )),
        }
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.code());
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", self.code());
    }
}

impl PrimitiveValue for bool {
    const TYPE_NAME: &'static str = "boolean";
    const JSON_TYPE: JsonType = JsonType::Boolean;
    fn parse(text: Cow<'_, str>, _rule: TextRule) -> Parsed<'_, Self> {
        match &*text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err((
                invalid(Self::TYPE_NAME, format!("'{text}' is not true or false")),
                text,
            )),
        }
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.bool(*self);
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", if *self { "true" } else { "false" });
    }
}

/// An integer's text, `-?(0|[1-9][0-9]*)` (STU3's `integer` pattern; `unsignedInt` and
/// `positiveInt` refuse the sign afterwards), within the 32-bit range.
fn parse_integer(text: &str, type_name: &'static str) -> std::result::Result<i64, ErrorKind> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let well_formed = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !well_formed {
        return Err(invalid(type_name, format!("'{text}' is not an integer")));
    }
    match text.parse::<i64>() {
        Ok(v) if (i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&v) => Ok(v),
        _ => Err(invalid(
            type_name,
            format!("{text} is out of the 32-bit range"),
        )),
    }
}

/// An `unsignedInt` or `positiveInt`: `[0]|([1-9][0-9]*)` and `+?[1-9][0-9]*` have no minus
/// sign, not even on zero.
fn parse_unsigned(text: &str, type_name: &'static str) -> std::result::Result<u32, ErrorKind> {
    let v = parse_integer(text, type_name)?;
    match u32::try_from(v) {
        Ok(v) if !text.starts_with('-') => Ok(v),
        _ => Err(invalid(type_name, "must not be negative")),
    }
}

impl PrimitiveValue for i32 {
    const TYPE_NAME: &'static str = "integer";
    const JSON_TYPE: JsonType = JsonType::Number;
    fn parse(text: Cow<'_, str>, _rule: TextRule) -> Parsed<'_, Self> {
        match parse_integer(&text, Self::TYPE_NAME) {
            // In range: checked by `parse_integer`.
            Ok(v) => Ok(v as i32),
            Err(e) => Err((e, text)),
        }
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64(i64::from(*self));
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", &self.to_string());
    }
}

/// `unsignedInt`: 0 ..= 2³¹−1.
impl PrimitiveValue for u32 {
    const TYPE_NAME: &'static str = "unsignedInt";
    const JSON_TYPE: JsonType = JsonType::Number;
    fn parse(text: Cow<'_, str>, _rule: TextRule) -> Parsed<'_, Self> {
        match parse_unsigned(&text, Self::TYPE_NAME) {
            Ok(v) => Ok(v),
            Err(e) => Err((e, text)),
        }
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64(i64::from(*self));
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", &self.to_string());
    }
}

/// `positiveInt`: 1 ..= 2³¹−1.
impl PrimitiveValue for NonZeroU32 {
    const TYPE_NAME: &'static str = "positiveInt";
    const JSON_TYPE: JsonType = JsonType::Number;
    fn parse(text: Cow<'_, str>, _rule: TextRule) -> Parsed<'_, Self> {
        let v = match parse_unsigned(&text, Self::TYPE_NAME) {
            Ok(v) => NonZeroU32::new(v),
            Err(e) => return Err((e, text)),
        };
        match v {
            Some(v) => Ok(v),
            None => Err((invalid(Self::TYPE_NAME, "must be 1 or more"), text)),
        }
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64(i64::from(self.get()));
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", &self.get().to_string());
    }
}

impl PrimitiveValue for Decimal {
    const TYPE_NAME: &'static str = "decimal";
    const JSON_TYPE: JsonType = JsonType::Number;
    fn parse(text: Cow<'_, str>, _rule: TextRule) -> Parsed<'_, Self> {
        match text.parse() {
            Ok(v) => Ok(v),
            Err(e) => Err((invalid(Self::TYPE_NAME, e), text)),
        }
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.number(self.as_str());
    }
    #[cfg(feature = "xml")]
    fn write_xml_value(&self, w: &mut XmlWriter) {
        w.attr("value", self.as_str());
    }
}

/// `string`, `code` (without a required binding), `id`, `uri`, `oid`, `uuid`, `markdown`:
/// which of them is the element's [`TextRule`].
impl PrimitiveValue for String {
    const TYPE_NAME: &'static str = "string";
    const JSON_TYPE: JsonType = JsonType::String;
    fn parse(text: Cow<'_, str>, rule: TextRule) -> Parsed<'_, Self> {
        match rule.check(&text) {
            Ok(()) => Ok(text.into_owned()),
            Err(e) => Err((invalid(rule.type_name(), e.message), text)),
        }
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
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
    const JSON_TYPE: JsonType = JsonType::String;
    const LIMITED: bool = false;
    fn parse(text: Cow<'_, str>, _rule: TextRule) -> Parsed<'_, Self> {
        let problem = match outside_base64(text.as_bytes()) {
            Some(bad) => format!("character at index {bad} is not in the base64 alphabet"),
            None if text.bytes().all(|b| matches!(b, b' ' | b'\n' | b'\r')) => {
                "the value is empty or whitespace only".to_string()
            }
            None => return Ok(Base64Binary(text.into_owned())),
        };
        Err((invalid(Self::TYPE_NAME, problem), text))
    }
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(&self.0);
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
            const JSON_TYPE: JsonType = JsonType::String;
            fn parse(text: Cow<'_, str>, _rule: TextRule) -> Parsed<'_, Self> {
                match text.parse() {
                    Ok(v) => Ok(v),
                    Err(e) => Err((invalid($name, e), text)),
                }
            }
            fn write_json(&self, w: &mut JsonWriter) {
                w.display_string(self);
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
