//! The traits the generated types implement, and the table-driven readers and writers
//! behind them.
//!
//! Compile cost decides the shape of this module. A generated struct gets, from
//! `#[derive(FhirType)]`, one static [`TypeInfo`] table (element names, cardinality, the
//! sorted JSON keys) and two `match`es that hand out its fields as `&dyn Slot`. Everything
//! else — the object loop, key lookup, duplicate and required-element checks, writing in
//! element order — is written once here, non-generic, over `&mut dyn FhirStruct`. The
//! only generic code is per *field type* (`Option<T>`, `Vec<T>`, `T`), not per field.

use std::fmt;

use crate::rt::constraint::{self, ResourceScope};
use crate::rt::dom3;
use crate::rt::error::{Error, ErrorKind, PathSegment, Position, Result};
use crate::rt::json::{JsonReader, JsonWriter};
use crate::rt::lexical::{self, TextRule};
use crate::rt::xml::XmlReader;
#[cfg(feature = "xml")]
use crate::rt::xml::{XmlElement, XmlWriter};

/// Which part of an element a JSON key addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `name`: the value.
    Value,
    /// `_name`: the id and extensions of a primitive.
    Extension,
    /// `nameType`: one type of a choice element, by index into the choice's types.
    Choice(u8),
    /// `_nameType`: the id and extensions of a primitive type of a choice element.
    ChoiceExtension(u8),
}

impl Part {
    /// The same part with the choice index dropped (what the chosen member reads).
    pub fn member_part(self) -> Part {
        match self {
            Part::Choice(_) => Part::Value,
            Part::ChoiceExtension(_) => Part::Extension,
            p => p,
        }
    }
}

/// How an element is represented on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldForm {
    /// A complex value (or resource): a JSON object, an XML element with children.
    Complex,
    /// A primitive: JSON value plus `_name`; XML `value` attribute.
    Primitive,
    /// A choice element (`value[x]`).
    Choice,
    /// A plain string that is an XML attribute (`Element.id`, `Extension.url`).
    Attribute,
    /// XHTML (`Narrative.div`): a JSON string, verbatim XHTML in XML.
    Xhtml,
}

impl FieldForm {
    /// The code used in [`TypeInfo::field_flags`] (bits 0–2).
    pub const fn code(self) -> u8 {
        match self {
            FieldForm::Complex => 0,
            FieldForm::Primitive => 1,
            FieldForm::Choice => 2,
            FieldForm::Attribute => 3,
            FieldForm::Xhtml => 4,
        }
    }

    fn from_code(code: u8) -> FieldForm {
        match code & 7 {
            1 => FieldForm::Primitive,
            2 => FieldForm::Choice,
            3 => FieldForm::Attribute,
            4 => FieldForm::Xhtml,
            _ => FieldForm::Complex,
        }
    }
}

/// Bit in [`TypeInfo::field_flags`]: the element is required.
pub const FIELD_REQUIRED: u8 = 8;
/// Bit in [`TypeInfo::field_flags`]: the element repeats.
pub const FIELD_REPEATS: u8 = 16;
/// In [`TypeInfo::field_flags`]: a primitive element named `reference`, whose `#id`
/// values dom-3 looks for (`Reference.reference`, and the few elements of that name
/// elsewhere).
pub const FIELD_REFERENCE: u8 = 32;

/// One element of a generated struct.
#[derive(Debug, Clone, Copy)]
pub struct FieldInfo {
    /// The element name (`birthDate`; for choices the name without `[x]`).
    pub name: &'static str,
    pub required: bool,
    pub repeats: bool,
    pub form: FieldForm,
}

/// What kind of definition a struct comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    Resource,
    Datatype,
    /// A backbone element nested in a resource or datatype (`Patient.contact`).
    Backbone,
}

/// The static description of a generated struct.
#[derive(Debug)]
pub struct TypeInfo {
    /// FHIR type name (`Patient`) or element path for backbone elements.
    pub name: &'static str,
    pub kind: StructKind,
    /// Element names, in definition order (the order elements are written).
    pub field_names: &'static [&'static str],
    /// Per element: [`FieldForm::code`] or'd with [`FIELD_REQUIRED`], [`FIELD_REPEATS`] and
    /// [`FIELD_REFERENCE`].
    pub field_flags: &'static [u8],
    /// Every JSON key the struct accepts, sorted.
    pub keys: &'static [&'static str],
    /// Open-addressing hash table over `keys`, [`SLOT_BYTES`] bytes per slot (a byte
    /// string: one literal per struct costs the compiler far less than a slice of struct
    /// literals). [`key_hash`] masked to the slot count picks the first slot to probe
    /// (linear probing). Slot layout, little-endian: the key's first eight bytes, its last
    /// eight bytes (as [`key_words`] gives them), then `u16`s: length, key index + 1 (0
    /// marks an empty slot), field index, and [`Part::encode`]. A key of up to 16 bytes is
    /// identified by length and words alone, so finding it touches only its slot. The
    /// part's top four bits hold the [`TextRule`] of a string-valued element
    /// ([`TextRule::code`]; 0, `string`, for every other). Built by the derive at compile
    /// time.
    pub table: &'static [u8],
    /// Bit `i` set: field `i` is required.
    pub required: u128,
    /// Bit `i` set: field `i` needs [`Slot::check`] once the object is read (primitives,
    /// and choices, which may hold one).
    pub checked: u128,
}

/// Bytes per slot of [`TypeInfo::table`].
pub const SLOT_BYTES: usize = 24;

/// A key found in a struct's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// Index into [`TypeInfo::keys`].
    pub index: u16,
    pub field: u16,
    pub part: Part,
    /// The lexical rule of the element's string value (`string` for any other value).
    pub rule: TextRule,
}

impl Part {
    /// The `u16` form used in key tables: 0 value, 1 extension, `0x100 | t` choice type
    /// `t`, `0x200 | t` its extension.
    pub const fn encode(self) -> u16 {
        match self {
            Part::Value => 0,
            Part::Extension => 1,
            Part::Choice(t) => 0x100 | t as u16,
            Part::ChoiceExtension(t) => 0x200 | t as u16,
        }
    }

    fn decode(v: u16) -> Part {
        match v >> 8 {
            0 if v == 0 => Part::Value,
            0 => Part::Extension,
            1 => Part::Choice(v as u8),
            _ => Part::ChoiceExtension(v as u8),
        }
    }
}

#[inline]
fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

#[inline]
fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

/// The first and last eight bytes of a key, zero-padded when it is shorter.
#[inline]
pub fn key_words(key: &[u8]) -> (u64, u64) {
    let n = key.len();
    if n >= 8 {
        let mut head = [0u8; 8];
        let mut tail = [0u8; 8];
        head.copy_from_slice(&key[..8]);
        tail.copy_from_slice(&key[n - 8..]);
        return (u64::from_le_bytes(head), u64::from_le_bytes(tail));
    }
    // Shorter keys: two overlapping loads (the bytes they share are the same), which is
    // cheaper than a byte loop or a `memcpy` of variable length.
    let lo2 = key
        .first_chunk::<2>()
        .map_or(0, |w| u64::from(u16::from_le_bytes(*w)));
    let hi2 = key
        .last_chunk::<2>()
        .map_or(0, |w| u64::from(u16::from_le_bytes(*w)));
    let lo4 = key
        .first_chunk::<4>()
        .map_or(0, |w| u64::from(u32::from_le_bytes(*w)));
    let hi4 = key
        .last_chunk::<4>()
        .map_or(0, |w| u64::from(u32::from_le_bytes(*w)));
    let head = match n {
        0 => 0,
        1 => u64::from(key[0]),
        2 | 3 => lo2 | hi2 << (8 * (n - 2)),
        _ => lo4 | hi4 << (8 * (n - 4)),
    };
    (head, 0)
}

/// Hash of a key from its [`key_words`] and length: one multiplication (FHIR element
/// names are short, so the words see all or nearly all of each). `careconnect-derive`
/// builds the tables with the same function.
#[inline]
pub fn key_hash(head: u64, tail: u64, len: usize) -> u32 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let x = head ^ tail.rotate_left(23) ^ (len as u64).wrapping_mul(K);
    (x.wrapping_mul(K) >> 32) as u32
}

impl TypeInfo {
    /// Element `i` (in definition order).
    pub fn field(&self, i: usize) -> FieldInfo {
        let flags = self.field_flags.get(i).copied().unwrap_or(0);
        FieldInfo {
            name: self.field_names.get(i).copied().unwrap_or(""),
            required: flags & FIELD_REQUIRED != 0,
            repeats: flags & FIELD_REPEATS != 0,
            form: FieldForm::from_code(flags),
        }
    }

    #[inline]
    pub fn lookup(&self, key: &[u8]) -> Option<Key> {
        let slots = self.table.len() / SLOT_BYTES;
        if slots == 0 {
            return None;
        }
        let (head, tail) = key_words(key);
        let mask = slots - 1;
        let mut i = key_hash(head, tail, key.len()) as usize & mask;
        loop {
            let slot = &self.table[i * SLOT_BYTES..(i + 1) * SLOT_BYTES];
            let index = u16_at(slot, 18);
            if index == 0 {
                return None;
            }
            if usize::from(u16_at(slot, 16)) == key.len()
                && u64_at(slot, 0) == head
                && u64_at(slot, 8) == tail
                && (key.len() <= 16 || self.keys[usize::from(index - 1)].as_bytes() == key)
            {
                let part = u16_at(slot, 22);
                return Some(Key {
                    index: index - 1,
                    field: u16_at(slot, 20),
                    part: Part::decode(part & 0x0FFF),
                    rule: TextRule::from_code((part >> 12) as u8),
                });
            }
            i = (i + 1) & mask;
        }
    }

    /// The text of a key.
    pub fn key_name(&self, key: Key) -> &'static str {
        self.keys.get(usize::from(key.index)).copied().unwrap_or("")
    }

    /// A known key equal to `key` ignoring ASCII case (for "did you mean").
    pub fn suggest(&self, key: &str) -> Option<&'static str> {
        self.keys
            .iter()
            .find(|k| k.eq_ignore_ascii_case(key))
            .copied()
    }
}

/// A generated struct, seen through its table. Implemented by `#[derive(FhirType)]`.
pub trait FhirStruct {
    fn type_info(&self) -> &'static TypeInfo;
    /// Field `index` (per [`TypeInfo::field`]).
    fn field(&self, index: usize) -> &dyn Slot;
    fn field_mut(&mut self, index: usize) -> &mut dyn Slot;
}

/// A value that can stand in an element: complex type, resource, primitive, choice.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a FHIR type of the models",
    label = "expected a FHIR datatype, resource or the `Resource` enum",
    note = "FHIR JSON and XML are read and written for the generated `stu3` types and for types deriving `FhirType`; a profile type (`careconnect::...`) reads and writes through `Profile`"
)]
pub trait FhirValue: Sized {
    /// Reads the JSON value under one key into `self` (a primitive's value and its `_`
    /// partner arrive as two calls).
    fn read_json(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()>;

    /// Reads a new value.
    fn read_new(r: &mut JsonReader<'_>, part: Part) -> Result<Self>;

    /// Reads one item of a JSON array into `self`; primitives accept `null` here.
    fn read_json_item(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
        self.read_json(r, part)
    }

    /// Reads a new array item.
    fn read_new_item(r: &mut JsonReader<'_>, part: Part) -> Result<Self> {
        Self::read_new(r, part)
    }

    /// Writes `"name<suffix>": value` (and `"_name<suffix>": {...}` for primitives).
    fn write_json_field(&self, name: &str, suffix: &str, w: &mut JsonWriter);

    /// Writes the value alone (an object for complex values).
    fn write_json_bare(&self, w: &mut JsonWriter);

    /// Writes a repeating element. Primitives override this to write the `_name` array.
    fn write_json_items(items: &[Self], name: &str, w: &mut JsonWriter) {
        w.key(false, name, "");
        w.begin_array();
        let mut i = 0;
        while i < items.len() {
            w.item();
            items[i].write_json_bare(w);
            i += 1;
        }
        w.end_array();
    }

    /// [`FhirValue::check`] for each item of a repeating element (complex values need
    /// none, so only primitives override this).
    fn check_items(items: &[Self]) -> Result<()> {
        let _ = items;
        Ok(())
    }

    /// Checks what can only be checked once an object has been read completely.
    fn check(&self) -> Result<()> {
        Ok(())
    }

    /// The FHIR type name, used as the root of error paths when this type is read at the
    /// top level (`None` for the `Resource` enum, whose errors name the actual type).
    fn type_name() -> Option<&'static str> {
        None
    }

    /// Whether the value carries nothing (writers skip it).
    fn is_empty(&self) -> bool {
        false
    }

    /// Reads the XML element `el` (its start tag read) through its end tag into `self`.
    #[cfg(feature = "xml")]
    fn read_xml<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        el: &XmlElement<'a>,
        part: Part,
    ) -> Result<()>;

    /// Reads a new value from the XML element `el`.
    #[cfg(feature = "xml")]
    fn read_new_xml<'a>(r: &mut XmlReader<'a>, el: &XmlElement<'a>, part: Part) -> Result<Self>;

    /// Reads a value whose own element is `el` (a document's root): for resources the
    /// element named by the type, for the `Resource` enum any resource's element.
    #[cfg(feature = "xml")]
    fn read_xml_bare<'a>(r: &mut XmlReader<'a>, el: &XmlElement<'a>) -> Result<Self> {
        Self::read_new_xml(r, el, Part::Value)
    }

    /// Writes the element `name<suffix>`.
    #[cfg(feature = "xml")]
    fn write_xml(&self, name: &str, suffix: &str, w: &mut XmlWriter);

    /// Writes the value as a document's root element (named by its type).
    #[cfg(feature = "xml")]
    fn write_xml_bare(&self, w: &mut XmlWriter) {
        self.write_xml(Self::type_name().unwrap_or("value"), "", w);
    }
}

/// Boxed values (recursive fields, complex choice variants) read and write as their
/// contents.
impl<T: FhirValue> FhirValue for Box<T> {
    fn read_json(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
        (**self).read_json(r, part)
    }
    fn read_new(r: &mut JsonReader<'_>, part: Part) -> Result<Self> {
        match T::read_new(r, part) {
            Ok(v) => Ok(Box::new(v)),
            Err(e) => Err(e),
        }
    }
    fn read_json_item(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
        (**self).read_json_item(r, part)
    }
    fn read_new_item(r: &mut JsonReader<'_>, part: Part) -> Result<Self> {
        match T::read_new_item(r, part) {
            Ok(v) => Ok(Box::new(v)),
            Err(e) => Err(e),
        }
    }
    fn write_json_field(&self, name: &str, suffix: &str, w: &mut JsonWriter) {
        (**self).write_json_field(name, suffix, w);
    }
    fn write_json_bare(&self, w: &mut JsonWriter) {
        (**self).write_json_bare(w);
    }
    fn check(&self) -> Result<()> {
        (**self).check()
    }
    fn type_name() -> Option<&'static str> {
        T::type_name()
    }
    fn is_empty(&self) -> bool {
        (**self).is_empty()
    }
    #[cfg(feature = "xml")]
    fn read_xml<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        el: &XmlElement<'a>,
        part: Part,
    ) -> Result<()> {
        (**self).read_xml(r, el, part)
    }
    #[cfg(feature = "xml")]
    fn read_new_xml<'a>(r: &mut XmlReader<'a>, el: &XmlElement<'a>, part: Part) -> Result<Self> {
        match T::read_new_xml(r, el, part) {
            Ok(v) => Ok(Box::new(v)),
            Err(e) => Err(e),
        }
    }
    #[cfg(feature = "xml")]
    fn read_xml_bare<'a>(r: &mut XmlReader<'a>, el: &XmlElement<'a>) -> Result<Self> {
        match T::read_xml_bare(r, el) {
            Ok(v) => Ok(Box::new(v)),
            Err(e) => Err(e),
        }
    }
    #[cfg(feature = "xml")]
    fn write_xml(&self, name: &str, suffix: &str, w: &mut XmlWriter) {
        (**self).write_xml(name, suffix, w);
    }
    #[cfg(feature = "xml")]
    fn write_xml_bare(&self, w: &mut XmlWriter) {
        (**self).write_xml_bare(w);
    }
}

/// One field of a struct, whatever its cardinality: `T`, `Option<T>` or `Vec<T>`.
///
/// Every field type instantiates these methods once, so their bodies avoid generic helpers
/// (`?`, `map_err`, iterator adapters) that would each be instantiated again per type.
pub trait Slot: std::any::Any {
    fn read_json(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()>;
    fn write_json(&self, name: &str, w: &mut JsonWriter);
    fn check(&self) -> Result<()>;
    /// Reads one XML element of this field (one item, for a repeating field). Fields that
    /// are XML attributes (`Option<String>`, `String`) are set by the struct reader.
    #[cfg(feature = "xml")]
    fn read_xml<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        el: &XmlElement<'a>,
        part: Part,
    ) -> Result<()>;
    /// Writes the field's elements.
    #[cfg(feature = "xml")]
    fn write_xml(&self, name: &str, w: &mut XmlWriter);
}

impl<T: FhirValue + 'static> Slot for T {
    fn read_json(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
        FhirValue::read_json(self, r, part)
    }
    fn write_json(&self, name: &str, w: &mut JsonWriter) {
        if !self.is_empty() {
            self.write_json_field(name, "", w);
        }
    }
    fn check(&self) -> Result<()> {
        FhirValue::check(self)
    }
    #[cfg(feature = "xml")]
    fn read_xml<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        el: &XmlElement<'a>,
        part: Part,
    ) -> Result<()> {
        FhirValue::read_xml(self, r, el, part)
    }
    #[cfg(feature = "xml")]
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        if !self.is_empty() {
            FhirValue::write_xml(self, name, "", w);
        }
    }
}

impl<T: FhirValue + 'static> Slot for Option<T> {
    fn read_json(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
        match self {
            Some(v) => v.read_json(r, part),
            None => match T::read_new(r, part) {
                Ok(v) => {
                    *self = Some(v);
                    Ok(())
                }
                Err(e) => Err(e),
            },
        }
    }
    fn write_json(&self, name: &str, w: &mut JsonWriter) {
        if let Some(v) = self {
            v.write_json_field(name, "", w);
        }
    }
    fn check(&self) -> Result<()> {
        match self {
            Some(v) => v.check(),
            None => Ok(()),
        }
    }
    #[cfg(feature = "xml")]
    fn read_xml<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        el: &XmlElement<'a>,
        part: Part,
    ) -> Result<()> {
        // The struct reader lets a non-repeating element through once.
        match T::read_new_xml(r, el, part) {
            Ok(v) => {
                *self = Some(v);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
    #[cfg(feature = "xml")]
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        if let Some(v) = self {
            v.write_xml(name, "", w);
        }
    }
}

impl<T: FhirValue + 'static> Slot for Vec<T> {
    fn read_json(&mut self, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
        let had = self.len();
        read_array(r, part, had, &mut |r, i| {
            if i < self.len() {
                self[i].read_json_item(r, part)
            } else {
                match T::read_new_item(r, part) {
                    Ok(v) => {
                        // Most FHIR arrays hold one item: room for exactly that, not the
                        // four a first push makes room for.
                        if self.capacity() == 0 {
                            self.reserve_exact(1);
                        }
                        self.push(v);
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
        })?;
        if self.len() < self.capacity() {
            self.shrink_to_fit();
        }
        Ok(())
    }
    fn write_json(&self, name: &str, w: &mut JsonWriter) {
        if !self.is_empty() {
            T::write_json_items(self, name, w);
        }
    }
    fn check(&self) -> Result<()> {
        T::check_items(self)
    }
    #[cfg(feature = "xml")]
    fn read_xml<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        el: &XmlElement<'a>,
        part: Part,
    ) -> Result<()> {
        // The struct reader adds the item's index to paths.
        match T::read_new_xml(r, el, part) {
            Ok(v) => {
                self.push(v);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
    #[cfg(feature = "xml")]
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        let mut i = 0;
        while i < self.len() {
            self[i].write_xml(name, "", w);
            i += 1;
        }
    }
}

/// Reads a JSON array for a repeating element, calling `item` with each index; the only
/// generic code is the `item` closure. `had` is the number of items already present (the
/// other half of a primitive's `name` / `_name` pair), which the array must match.
fn read_array(
    r: &mut JsonReader<'_>,
    part: Part,
    had: usize,
    item: &mut dyn FnMut(&mut JsonReader<'_>, usize) -> Result<()>,
) -> Result<()> {
    let start = r.offset();
    r.begin_array("an array (the element repeats)")?;
    let mut first = true;
    let mut i = 0;
    while r.next_item(&mut first)? {
        let tracks = r.tracks_path();
        if tracks {
            r.push_path(PathSegment::Index(i));
        }
        let res = item(r, i);
        if tracks {
            r.pop_path();
        }
        res.map_err(|e| e.at_index(i))?;
        i += 1;
    }
    if i == 0 {
        return Err(r.error_at(
            ErrorKind::Syntax("an array must not be empty in FHIR JSON".into()),
            start,
        ));
    }
    if had > 0 && i != had {
        let (values, extensions) = if part == Part::Extension {
            (had, i)
        } else {
            (i, had)
        };
        return Err(r.error_at(ErrorKind::MisalignedArrays { values, extensions }, start));
    }
    Ok(())
}

/// Fields seen so far in one object: value and `_` parts, and the choice type taken.
#[derive(Clone, Copy)]
struct Seen {
    value: u128,
    ext: u128,
}

impl Seen {
    fn bit(field: u16) -> u128 {
        1u128 << (field & 127)
    }
}

/// Reads a JSON object into a generated struct (the body of the derived `read_json`).
pub fn read_struct(v: &mut dyn FhirStruct, r: &mut JsonReader<'_>, part: Part) -> Result<()> {
    let info = v.type_info();
    if part != Part::Value && !matches!(part, Part::Choice(_)) {
        return Err(r.wrong_type("no '_' element: this is not a primitive"));
    }
    let start = r.offset();
    let object = r.checkpoint();
    r.begin_object("an object")?;
    let scope = ResourceScope::enter(info, r.in_contained());
    let frame = scope.active.then(|| r.local_refs().enter());
    let mut seen = Seen { value: 0, ext: 0 };
    let mut choice_key: [Option<Key>; 4] = [None; 4];
    let mut saw_resource_type = false;
    let mut first = true;
    while let Some(key) = r.next_key_bytes(&mut first)? {
        let Some(entry) = info.lookup(&key) else {
            if &*key == b"resourceType" && info.kind == StructKind::Resource {
                let at = r.offset();
                let found = r.read_str("a string")?;
                if found != info.name {
                    return Err(r.error_at(
                        ErrorKind::ResourceTypeMismatch {
                            expected: info.name,
                            found: found.into_owned(),
                        },
                        at,
                    ));
                }
                saw_resource_type = true;
                continue;
            }
            not_an_element(info, r, &key)?;
            continue;
        };
        if let Part::Choice(t) | Part::ChoiceExtension(t) = entry.part {
            check_choice(r, info, &mut choice_key, entry, t)?;
        }
        let bit = Seen::bit(entry.field);
        let is_ext = matches!(entry.part, Part::Extension | Part::ChoiceExtension(_));
        let bits = if is_ext {
            &mut seen.ext
        } else {
            &mut seen.value
        };
        if *bits & bit != 0 {
            return Err(r.error_at(
                ErrorKind::DuplicateElement(info.key_name(entry).into()),
                r.key_offset(),
            ));
        }
        *bits |= bit;
        let tracks = r.tracks_path();
        if tracks {
            r.push_path(PathSegment::Field(info.key_name(entry).into()));
        }
        if scope.active {
            resource_element_json(&scope, info, r, entry.field)
                .map_err(|e| e.in_field(info.key_name(entry)))?;
        }
        r.set_text_rule(entry.rule);
        let value_at = r.offset();
        let res = v
            .field_mut(usize::from(entry.field))
            .read_json(r, entry.part);
        if let Err(e) = res {
            return Err(e.in_field(info.key_name(entry)));
        }
        if scope.active {
            after_resource_element_json(&scope, v, r, entry.field, value_at)
                .map_err(|e| e.in_field(info.key_name(entry)))?;
        }
        let flags = info_flags(info, usize::from(entry.field));
        if flags & FIELD_REFERENCE != 0 {
            r.local_refs().note_reference(v, usize::from(entry.field));
        }
        let form = flags & 7;
        if form == XHTML {
            check_div(v, r, entry.field, value_at).map_err(|e| e.in_field(info.key_name(entry)))?;
        } else if form == ATTRIBUTE {
            check_attribute(v, r, entry, value_at).map_err(|e| e.in_field(info.key_name(entry)))?;
        }
        if tracks {
            r.pop_path();
        }
    }
    if let Some(frame) = frame {
        r.set_contained(scope.contained);
        if !saw_resource_type {
            return Err(r.error_at(ErrorKind::MissingResourceType, start));
        }
        if scope.contained {
            r.local_refs().leave_contained(v, start);
        } else {
            dom3::end_container(r, frame)?;
        }
    }
    let present = seen.value | seen.ext;
    if constraint::breaks_ele_1(info, present) {
        r.invalid(|| constraint::ele_1(info), start, "kept as written")?;
    }
    let missing = info.required & !present;
    if missing != 0 {
        r.missing_required(info, missing, start)?;
    }
    let to_check = present & info.checked;
    if to_check != 0 {
        check_fields(v, r, object, seen, to_check)?;
    }
    Ok(())
}

/// A key the struct's table does not have: a choice element named with a type it does
/// not take, or an unknown element. Fails, or (lenient) records an issue and skips it.
#[inline(never)]
fn not_an_element(info: &TypeInfo, r: &mut JsonReader<'_>, key: &[u8]) -> Result<()> {
    let key = r.key_text(key)?;
    match constraint::wrong_choice_type(info, key) {
        Some(kind) => r.not_taken(kind),
        None => {
            let suggestion = info.suggest(key);
            r.unknown_element(key, suggestion)
        }
    }
}

/// Before element `field` of a resource is read: the dom rule it breaks if the resource is
/// contained, and whether the resources it holds are contained.
#[inline(never)]
fn resource_element_json(
    scope: &ResourceScope,
    info: &TypeInfo,
    r: &mut JsonReader<'_>,
    field: u16,
) -> Result<()> {
    if let Some(kind) = scope.misplaced(info, field) {
        r.invalid(|| kind, r.key_offset(), "kept as written")?;
    }
    r.set_contained(scope.holds_contained(field));
    Ok(())
}

/// After element `field` of a resource was read from byte `at`: dom-4 on its `meta`.
#[inline(never)]
fn after_resource_element_json(
    scope: &ResourceScope,
    v: &dyn FhirStruct,
    r: &mut JsonReader<'_>,
    field: u16,
    at: usize,
) -> Result<()> {
    r.set_contained(false);
    match scope.meta_versioned(v, field) {
        Some(kind) => r.invalid(|| kind, at, "kept as written"),
        None => Ok(()),
    }
}

/// The checks of [`FhirValue::check`] on the elements `to_check` once the object that
/// started at `object` has been read; an error points at the element's key.
#[inline(never)]
fn check_fields(
    v: &dyn FhirStruct,
    r: &mut JsonReader<'_>,
    object: crate::rt::json::Checkpoint,
    seen: Seen,
    mut to_check: u128,
) -> Result<()> {
    let info = v.type_info();
    while to_check != 0 {
        let i = to_check.trailing_zeros() as usize;
        to_check &= to_check - 1;
        let Err(e) = v.field(i).check() else {
            continue;
        };
        // Found after the object was read: point at the element's key.
        let f = info.field(i);
        let bit = 1u128 << i;
        let constraint = matches!(e.kind(), ErrorKind::Constraint { .. });
        // A primitive that breaks ele-1 (an id and nothing else) has what it has in its
        // `_name` object.
        let key = if seen.value & bit != 0 && !(constraint && seen.ext & bit != 0) {
            f.name.to_string()
        } else {
            format!("_{}", f.name)
        };
        let at = r.key_offset_in(object, &key);
        if constraint {
            // A rule the value breaks (ele-1), not a shape the reader cannot hold. The
            // path is the element's, with the index of the item (as in FHIR XML), in the
            // issue as in the error.
            let tracks = r.tracks_path();
            let inner: Vec<PathSegment> = e.path().cloned().collect();
            if tracks {
                r.push_path(PathSegment::Field(f.name.into()));
                for seg in &inner {
                    r.push_path(seg.clone());
                }
            }
            let res = r.invalid(|| e.kind().clone(), at.unwrap_or(0), "kept as written");
            if tracks {
                for _ in 0..=inner.len() {
                    r.pop_path();
                }
            }
            res.map_err(|err| {
                let err = inner.iter().rev().fold(err, |err, seg| match seg {
                    PathSegment::Field(name) => err.in_field(name),
                    PathSegment::Index(i) => err.at_index(*i),
                    PathSegment::Type(t) => err.in_resource(t),
                });
                err.in_field(f.name)
            })?;
            continue;
        }
        let e = match at {
            Some(at) => e.with_position(Position::locate(r.source(), at)),
            None => e,
        };
        return Err(e.in_field(f.name));
    }
    Ok(())
}

/// The form bits of [`TypeInfo::field_flags`] for a narrative `div`.
const XHTML: u8 = FieldForm::Xhtml.code();
/// The form bits of [`TypeInfo::field_flags`] for a plain string (`Element.id`,
/// `Extension.url`).
const ATTRIBUTE: u8 = FieldForm::Attribute.code();

/// Checks the plain string (`Element.id`, `Extension.url`) just read from byte `at` into
/// field `entry.field` under its rule, as the value of a primitive is checked; a control
/// character a lenient read replaces is replaced in the field.
#[inline(never)]
fn check_attribute(
    v: &mut dyn FhirStruct,
    r: &mut JsonReader<'_>,
    entry: Key,
    at: usize,
) -> Result<()> {
    let slot: &mut dyn std::any::Any = v.field_mut(usize::from(entry.field));
    let text = if let Some(s) = slot.downcast_mut::<Option<String>>() {
        s.as_mut()
    } else {
        slot.downcast_mut::<String>()
    };
    let Some(text) = text else {
        return Ok(());
    };
    let may_control = r.had_control(at);
    let read = std::mem::take(text);
    *text = crate::rt::primitive::plain_string(
        r,
        std::borrow::Cow::Owned(read),
        may_control,
        at,
        entry.rule,
    )?;
    Ok(())
}

/// Checks the narrative `div` just read into field `field` as the XML reader would check
/// it in place (see [`XmlReader::check_div`]): a text that FHIR XML cannot carry verbatim
/// would be accepted here and then written as XML that does not read back. A div that
/// FHIR XML can carry but that breaks txt-1 or txt-2 is an invalid value (kept as written
/// when read leniently).
#[inline(never)]
fn check_div(v: &dyn FhirStruct, r: &mut JsonReader<'_>, field: u16, at: usize) -> Result<()> {
    let slot: &dyn std::any::Any = v.field(usize::from(field));
    let Some(div) = slot.downcast_ref::<String>() else {
        return Ok(());
    };
    let not_carried = |r: &JsonReader<'_>, what: String| {
        r.error_at(
            ErrorKind::InvalidValue {
                type_name: "xhtml",
                message: format!("not a narrative div FHIR XML can carry: {what}"),
            },
            at,
        )
    };
    // Escaped in JSON, a control character would stand raw in XML, which XML 1.0 does not
    // allow: the div would not be well-formed XML.
    if r.had_control(at)
        && let Some((i, c)) = lexical::control_character(div)
    {
        return Err(not_carried(r, lexical::control_message(i, c)));
    }
    // The XML reader counts the elements above the `div` against the same limit; there
    // are never more of them than JSON arrays and objects above the `div` string.
    let depth = r.options().max_depth.saturating_sub(r.depth());
    match XmlReader::check_div(div, depth) {
        Ok(()) => Ok(()),
        Err(e) => {
            let offset = e.position().map_or(0, |p| p.offset);
            if let ErrorKind::Constraint { key, message } = e.kind() {
                let message = format!("{message} (at byte {offset} of the div)");
                return r.invalid(
                    || ErrorKind::Constraint { key, message },
                    at,
                    "kept as written",
                );
            }
            Err(not_carried(
                r,
                format!("{} (at byte {offset} of the div)", e.kind()),
            ))
        }
    }
}

/// A choice element takes one type: `valueString` then `valueQuantity` is an error, while
/// `valueString` with `_valueString` is fine.
fn check_choice(
    r: &JsonReader<'_>,
    info: &TypeInfo,
    taken: &mut [Option<Key>; 4],
    entry: Key,
    ty: u8,
) -> Result<()> {
    for slot in taken.iter_mut() {
        match slot {
            Some(prev) if prev.field == entry.field => {
                let prev_ty = match prev.part {
                    Part::Choice(t) | Part::ChoiceExtension(t) => t,
                    _ => ty,
                };
                if prev_ty != ty {
                    return Err(r.error_at(
                        ErrorKind::ChoiceConflict {
                            first: info.key_name(*prev).into(),
                            second: info.key_name(entry).into(),
                        },
                        r.key_offset(),
                    ));
                }
                return Ok(());
            }
            Some(_) => {}
            None => {
                *slot = Some(entry);
                return Ok(());
            }
        }
    }
    // More than four choice elements in one object: only the first four are tracked.
    // No FHIR STU3 type has more than three.
    Ok(())
}

/// Reads one resource for the `Resource` enum; its type name leads the paths of the
/// issues and errors inside it.
pub fn read_resource<T: FhirValue>(r: &mut JsonReader<'_>, name: &'static str) -> Result<Box<T>> {
    let tracks = r.tracks_path();
    if tracks {
        r.push_path(PathSegment::Type(name));
    }
    let v = T::read_new(r, Part::Value);
    if tracks {
        r.pop_path();
    }
    match v {
        Ok(v) => Ok(Box::new(v)),
        Err(e) => Err(e.in_resource(name)),
    }
}

/// Writes a generated struct as a JSON object.
pub fn write_struct(v: &dyn FhirStruct, w: &mut JsonWriter) {
    let info = v.type_info();
    w.begin_object();
    if info.kind == StructKind::Resource {
        w.key(false, "resourceType", "");
        w.string(info.name);
    }
    for (i, name) in info.field_names.iter().enumerate() {
        if info_form(info, i) == XHTML && is_empty_div(v, i) {
            continue;
        }
        v.field(i).write_json(name, w);
    }
    w.end_object();
}

/// Whether field `i` is a narrative `div` with no text: what a lenient read leaves for an
/// absent `div`. Written as `""`, it would not read back (no reader accepts an empty
/// `div`); left out, it reads back as absent again.
#[inline(never)]
fn is_empty_div(v: &dyn FhirStruct, i: usize) -> bool {
    let slot: &dyn std::any::Any = v.field(i);
    slot.downcast_ref::<String>().is_some_and(String::is_empty)
}

#[inline]
fn info_form(info: &TypeInfo, i: usize) -> u8 {
    info_flags(info, i) & 7
}

/// The [`TypeInfo::field_flags`] of field `i`.
fn info_flags(info: &TypeInfo, i: usize) -> u8 {
    info.field_flags.get(i).copied().unwrap_or(0)
}

/// `Debug` for generated structs: the type name and the value as FHIR JSON (indented
/// with `{:#?}`), which shows exactly what is set and costs no code per field.
pub fn debug_struct(v: &dyn FhirStruct, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let name = v.type_info().name;
    let mut w = if f.alternate() {
        JsonWriter::pretty(2)
    } else {
        JsonWriter::compact()
    };
    write_struct(v, &mut w);
    write!(f, "{name} {}", w.into_string())
}

/// `Debug` for choice enums: the type name and the value as FHIR JSON, keyed by the
/// chosen type (`ObservationValue {"Quantity":{"value":1}}`).
pub fn debug_value<T: FhirValue>(v: &T, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    debug_json(name, f, &|w| {
        w.begin_object();
        v.write_json_field("", "", w);
        w.end_object();
    })
}

/// `Debug` for the `Resource` enum: the enum name and the resource as FHIR JSON.
pub fn debug_bare<T: FhirValue>(v: &T, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    debug_json(name, f, &|w| v.write_json_bare(w))
}

/// Writes `name` and the JSON that `write` produces (indented with `{:#?}`).
fn debug_json(
    name: &str,
    f: &mut fmt::Formatter<'_>,
    write: &dyn Fn(&mut JsonWriter),
) -> fmt::Result {
    let mut w = if f.alternate() {
        JsonWriter::pretty(2)
    } else {
        JsonWriter::compact()
    };
    write(&mut w);
    write!(f, "{name} {}", w.into_string())
}

/// A value with a constant default, so that a generated struct's `Default` is a copy of a
/// constant rather than a call per field (which costs compile time in every struct).
pub trait ConstDefault {
    const DEFAULT: Self;
}

impl<T> ConstDefault for Option<T> {
    const DEFAULT: Self = None;
}

impl<T> ConstDefault for Vec<T> {
    const DEFAULT: Self = Vec::new();
}

impl ConstDefault for String {
    const DEFAULT: Self = String::new();
}

/// A choice type (`Observation.value[x]`). Implemented by `#[derive(FhirChoice)]`.
pub trait ChoiceValue {
    /// FHIR type codes of the variants, in order.
    const TYPES: &'static [&'static str];
    /// The FHIR type code of the value held.
    fn type_code(&self) -> &'static str;
}

/// A code from a required value set. Implemented by `#[derive(FhirCode)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a code enum of a required value set",
    label = "expected a code enum",
    note = "each required value set has one enum, one variant per code: `stu3::codes::AdministrativeGender`, `careconnect::codes::CareConnectEthnicCategory`; a `BoundConcept<C>` or `BoundCoding<C>` names the enum of its element's value set"
)]
pub trait CodeValue: Sized + Copy + 'static {
    /// Canonical URL of the value set.
    const VALUE_SET: &'static str;
    /// All codes, in variant order.
    const CODES: &'static [&'static str];
    fn from_code(code: &str) -> Option<Self>;
    fn code(&self) -> &'static str;
    /// The code system the code comes from, when the value set names one.
    fn system(&self) -> Option<&'static str>;
    /// The code's display text from its code system, when it has one.
    fn display(&self) -> Option<&'static str>;
}

/// `const` check that a struct's choice attribute lists the same types as the enum.
pub const fn same_types(a: &[&str], b: &[&str]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        let (x, y) = (a[i].as_bytes(), b[i].as_bytes());
        if x.len() != y.len() {
            return false;
        }
        let mut j = 0;
        while j < x.len() {
            if x[j] != y[j] {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// Turns an error from a primitive's lexical check into a runtime error at `offset`.
pub fn invalid_value(
    r: &JsonReader<'_>,
    type_name: &'static str,
    message: impl fmt::Display,
    offset: usize,
) -> Error {
    r.error_at(
        ErrorKind::InvalidValue {
            type_name,
            message: message.to_string(),
        },
        offset,
    )
}

/// The slot handed out for an index past the last field; tables never produce one.
struct NoField;

impl Slot for NoField {
    fn read_json(&mut self, r: &mut JsonReader<'_>, _part: Part) -> Result<()> {
        Err(r.error(ErrorKind::Syntax("internal: no such field".into())))
    }
    fn write_json(&self, _name: &str, _w: &mut JsonWriter) {}
    fn check(&self) -> Result<()> {
        Ok(())
    }
    #[cfg(feature = "xml")]
    fn read_xml<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        el: &XmlElement<'a>,
        _part: Part,
    ) -> Result<()> {
        Err(r.error_at(
            ErrorKind::Syntax("internal: no such field".into()),
            el.offset(),
        ))
    }
    #[cfg(feature = "xml")]
    fn write_xml(&self, _name: &str, _w: &mut XmlWriter) {}
}

#[doc(hidden)]
pub fn no_field() -> &'static dyn Slot {
    &NoField
}

#[doc(hidden)]
pub fn no_field_mut() -> &'static mut dyn Slot {
    // A zero-sized value: leaking it allocates nothing.
    Box::leak(Box::new(NoField))
}

#[doc(hidden)]
pub fn not_a_choice(r: &mut JsonReader<'_>) -> Error {
    r.wrong_type("a choice element named with its type")
}

/// Reads a code of a required value set.
#[doc(hidden)]
// `?` would instantiate `Try`/`FromResidual` glue once per code enum.
#[allow(clippy::question_mark)]
pub fn read_code<C: CodeValue>(r: &mut JsonReader<'_>) -> Result<C> {
    let mut found = None;
    if let Err(e) = read_code_with(r, C::VALUE_SET, &mut |code| {
        found = C::from_code(code);
        found.is_some()
    }) {
        return Err(e);
    }
    match found {
        Some(c) => Ok(c),
        None => Err(r.error(ErrorKind::Syntax("internal: code not kept".into()))),
    }
}

/// The non-generic body of [`read_code`]: reads a string and asks `accept` about it.
fn read_code_with(
    r: &mut JsonReader<'_>,
    value_set: &'static str,
    accept: &mut dyn FnMut(&str) -> bool,
) -> Result<()> {
    let at = r.offset();
    let code = r.read_str("a string")?;
    if accept(&code) {
        Ok(())
    } else {
        Err(r.error_at(
            ErrorKind::UnknownCode {
                code: code.into_owned(),
                value_set,
            },
            at,
        ))
    }
}

/// A code that is not in an enum's value set (from `str::parse`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub code: String,
    pub value_set: &'static str,
}

impl UnknownCode {
    pub fn new<C: CodeValue>(code: &str) -> Self {
        UnknownCode {
            code: code.to_string(),
            value_set: C::VALUE_SET,
        }
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "code '{}' is not in the value set {}",
            self.code, self.value_set
        )
    }
}

impl std::error::Error for UnknownCode {}

/// Finds the `resourceType` of the object that starts next, without consuming anything.
/// Returns the offset of the object and the type name.
#[doc(hidden)]
pub fn peek_resource_type<'a>(
    r: &mut JsonReader<'a>,
    part: Part,
) -> Result<(usize, std::borrow::Cow<'a, str>)> {
    if part != Part::Value {
        return Err(r.wrong_type("no '_' element: a resource is not a primitive"));
    }
    let cp = r.checkpoint();
    r.begin_object("a resource (an object with resourceType)")?;
    let at = r.offset();
    let ty = r.find_resource_type()?;
    r.restore(cp);
    match ty {
        Some(ty) => Ok((at, ty)),
        None => Err(r.error_at(ErrorKind::MissingResourceType, at)),
    }
}

#[doc(hidden)]
pub fn unknown_resource_type(r: &JsonReader<'_>, ty: &str, at: usize) -> Error {
    r.error_at(ErrorKind::UnknownResourceType(ty.to_string()), at)
}

/// The text of a primitive value, for fixed values and re-coding.
pub trait PrimitiveText {
    fn text(&self) -> &str;
}

impl PrimitiveText for String {
    fn text(&self) -> &str {
        self
    }
}

impl<C: CodeValue> PrimitiveText for C {
    fn text(&self) -> &str {
        self.code()
    }
}

/// A primitive value as FHIR writes it, for messages (a fixed value found otherwise).
pub trait ValueText {
    fn value_text(&self) -> String;
}

impl ValueText for String {
    fn value_text(&self) -> String {
        self.clone()
    }
}

impl<C: CodeValue> ValueText for C {
    fn value_text(&self) -> String {
        self.code().to_string()
    }
}

macro_rules! value_text_by_display {
    ($($t:ty),*) => {$(
        impl ValueText for $t {
            fn value_text(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

value_text_by_display!(bool, i32, u32, std::num::NonZeroU32);

/// A value a base primitive can be rebuilt from: its text (for fixed values and for codes
/// written back from a profile's enum).
pub trait FromText: Sized {
    fn from_text(text: &str) -> Option<Self>;
}

impl FromText for String {
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

impl<C: CodeValue> FromText for C {
    fn from_text(text: &str) -> Option<Self> {
        C::from_code(text)
    }
}

#[cfg(test)]
mod tests {
    use super::key_words;

    /// The definition the derive builds its tables with.
    fn by_definition(key: &[u8]) -> (u64, u64) {
        let n = key.len();
        let mut head = [0u8; 8];
        let mut tail = [0u8; 8];
        if n >= 8 {
            head.copy_from_slice(&key[..8]);
            tail.copy_from_slice(&key[n - 8..]);
        } else {
            head[..n].copy_from_slice(key);
        }
        (u64::from_le_bytes(head), u64::from_le_bytes(tail))
    }

    #[test]
    fn key_words_of_every_length_match_their_definition() {
        let bytes: Vec<u8> = (0..24u8)
            .map(|i| i.wrapping_mul(37).wrapping_add(0x41))
            .collect();
        for n in 0..=bytes.len() {
            for start in 0..=bytes.len() - n {
                let key = &bytes[start..start + n];
                assert_eq!(key_words(key), by_definition(key), "{key:?}");
            }
        }
    }

    /// A primitive with an id and nothing else breaks ele-1: strict and lenient reading
    /// name the element as FHIR XML does (with the item's index), at its `_name` key.
    #[test]
    fn primitive_ele_1_names_the_element_and_its_item_in_both_modes() {
        use crate::rt::{FhirJson, ReadOptions};
        use crate::stu3::Patient;
        for (json, path, column) in [
            (
                r#"{"resourceType":"Patient","_active":{"id":"a"}}"#,
                "Patient.active",
                27,
            ),
            (
                r#"{"resourceType":"Patient","active":true,"name":[{"given":["a",null],"_given":[null,{"id":"g"}]}]}"#,
                "Patient.name[0].given[1]",
                69,
            ),
        ] {
            let e = Patient::from_json(json).expect_err("ele-1");
            assert_eq!(e.path_string(), path, "{e}");
            assert_eq!(e.position().map(|p| p.column), Some(column), "{e}");
            let (_, issues) =
                Patient::from_json_with(json, ReadOptions::lenient()).expect("lenient");
            assert_eq!(issues.len(), 1, "{issues:?}");
            assert_eq!(issues[0].path, path);
            assert_eq!(issues[0].position.column, column);
        }
    }
}
