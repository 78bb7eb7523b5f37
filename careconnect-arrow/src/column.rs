//! How each Rust type of the models becomes columns: [`Columnar`] for the structs
//! (generated: the list of their fields), [`Column`] for every field type (here, once per
//! kind of type), [`Leaf`] for the values of primitives.

use std::num::NonZeroU32;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, StringBuilder,
    StringDictionaryBuilder, TimestampMicrosecondBuilder, UInt32Builder,
};
use careconnect_models::rt::FhirJson;
use careconnect_models::rt::plumbing::{Checker, Narrow};
use careconnect_models::rt::profile::{BoundCoding, BoundConcept, Fixed, NonEmpty, Ref};
use careconnect_models::rt::value::FhirValue;
use careconnect_models::rt::{
    Base64Binary, CodeValue, Date, DateTime, Decimal, Instant, JsonWriter, Offset, Primitive,
    PrimitiveValue, Time,
};
use careconnect_models::stu3;

use crate::build::{Builder, Kind, StructCols};
use crate::read::{Member, ReadError, Reader, StructRead, read_struct};

/// A generated struct of the models (a resource, datatype or backbone element of the base
/// layer, or a profile struct): its fields in order. Implemented by the generated code of
/// this crate, with [`Column`] ([`Shaper::structure`] and [`push_struct`]); the rules are
/// in the [`Column`] impls of the field types.
pub trait Columnar: Sized {
    /// The type's name, which the schema uses to stop where the type recurs.
    const NAME: &'static str;
    /// Whether the struct keeps the order of sliced items (an `_order` column).
    const SLICED: bool = false;
    /// Declares the fields, in order: [`Fields::field`] for each.
    fn shape(s: &mut Fields<'_, Self>);
    /// Appends the fields, in the order [`Columnar::shape`] declared them.
    fn push(&self, p: &mut Push<'_>);
    /// Writes the value as FHIR JSON (where the schema keeps it as JSON text).
    fn write_json(&self, w: &mut JsonWriter);
    /// The order of the sliced items, one byte string per sliced element (structs with
    /// [`Columnar::SLICED`]); `None` for the canonical order.
    fn slice_order(&self) -> Option<Vec<&[u8]>> {
        None
    }
    /// Reads one row of the struct's columns ([`Row::field`](crate::Row::field) for each field in order,
    /// then [`Row::merge_rest`](crate::Row::merge_rest)).
    fn read(s: &StructRead, row: usize) -> Result<Self, ReadError>;
    /// Merges a member of `_rest` into field number `field`.
    fn merge(&mut self, field: usize, m: &mut Member<'_, '_>) -> Result<(), ReadError>;
    /// Reads the value from its FHIR JSON (where the schema keeps it as JSON text).
    fn from_json(text: &str) -> Result<Self, String>;
}

/// A field's type: how it is shaped into columns and appended.
pub trait Column {
    /// The builder of a field of this type, named `name`.
    fn builder(s: &mut Shaper, name: &str) -> Builder;
    /// Appends one value.
    fn push(&self, b: &mut Builder);
    /// Writes what the columns cannot hold (a primitive's id and extensions, a value kept
    /// as written by a lenient read) into the struct's `_rest` object, under the column's
    /// name as a FHIR JSON field would be written (`name` and `_name`).
    fn rest(&self, _name: &str, _rest: &mut Rest) {}
    /// [`Column::rest`] for a repeating field's items (a primitive's id and extensions
    /// take the `_name` array).
    fn rest_items(_items: &[Self], _name: &str, _rest: &mut Rest)
    where
        Self: Sized,
    {
    }
    /// Reads one value from its column(s).
    fn read(r: &Reader, row: usize) -> Result<Self, ReadError>
    where
        Self: Sized;
    /// Merges a member of the struct's `_rest` that [`Column::rest`] wrote.
    fn merge(&mut self, m: &mut Member<'_, '_>) -> Result<(), ReadError> {
        Err(m.unexpected())
    }
    /// [`Column::merge`] into an optional field, absent so far.
    fn merge_option(_slot: &mut Option<Self>, m: &mut Member<'_, '_>) -> Result<(), ReadError>
    where
        Self: Sized,
    {
        Err(m.unexpected())
    }
    /// [`Column::merge`] into a repeating field.
    fn merge_items(_items: &mut Vec<Self>, m: &mut Member<'_, '_>) -> Result<(), ReadError>
    where
        Self: Sized,
    {
        Err(m.unexpected())
    }
}

/// The value of a primitive: its column kind and how a value is appended.
pub trait Leaf: Sized {
    fn kind() -> Kind;
    fn push_leaf(&self, kind: &mut Kind);
    /// Reads a value from a column that is not null in `row`.
    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError>;
}

/// Decides the shape of a table: the types met on the way down, so that a struct met
/// again inside itself is kept as JSON text instead of expanding without end.
#[derive(Default)]
pub struct Shaper {
    stack: Vec<&'static str>,
}

/// The base types kept as FHIR JSON text wherever they stand: `Extension` (a base
/// extension is an open list of any value; the extensions a profile slices have columns
/// of their own) and resources (contained resources, Bundle entries).
const JSON_TYPES: &[&str] = &["stu3::Extension"];

impl Shaper {
    pub fn new() -> Shaper {
        Shaper::default()
    }

    /// The columns of a struct of type `T`, or a JSON text column where `T` recurs.
    pub fn structure<T: Columnar>(&mut self, name: &str) -> Builder {
        if JSON_TYPES.contains(&T::NAME) || self.stack.contains(&T::NAME) {
            return Builder::new(name, Kind::Json(StringBuilder::new()));
        }
        self.stack.push(T::NAME);
        let mut fields = Fields {
            shaper: self,
            out: Vec::new(),
            _struct: std::marker::PhantomData,
        };
        T::shape(&mut fields);
        let fields = fields.out;
        self.stack.pop();
        Builder::new(
            name,
            Kind::Struct(Box::new(StructCols::new(fields, T::SLICED))),
        )
    }
}

/// The fields of one struct being shaped.
pub struct Fields<'s, S> {
    shaper: &'s mut Shaper,
    out: Vec<Builder>,
    _struct: std::marker::PhantomData<fn(&S)>,
}

impl<S> Fields<'_, S> {
    /// Declares a field: its column name and (through the accessor, which is never called)
    /// its type.
    pub fn field<F: Column>(&mut self, name: &str, _: fn(&S) -> &F) {
        let b = F::builder(self.shaper, name);
        self.out.push(b);
    }
}

/// The fields of one struct value being appended, in declaration order.
pub struct Push<'a> {
    fields: std::slice::IterMut<'a, Builder>,
    rest: Rest,
    /// The struct's row: each field catches up to it before its value is appended.
    row: usize,
}

impl Push<'_> {
    /// Appends the next field.
    pub fn field<F: Column>(&mut self, v: &F) {
        let Some(b) = self.fields.next() else {
            unreachable!("a struct pushed more fields than it declared")
        };
        b.pad_to(self.row);
        v.push(b);
        v.rest(&b.name, &mut self.rest);
    }
}

/// The `_rest` object of one struct value, begun at its first member.
#[derive(Default)]
pub struct Rest {
    w: Option<JsonWriter>,
}

impl Rest {
    /// The writer of the object, for one more member.
    pub fn writer(&mut self) -> &mut JsonWriter {
        self.w.get_or_insert_with(|| {
            let mut w = JsonWriter::compact();
            w.begin_object();
            w
        })
    }

    fn finish(self, out: &mut StringBuilder) {
        match self.w {
            Some(mut w) => {
                w.end_object();
                out.append_value(w.into_string());
            }
            None => out.append_null(),
        }
    }
}

/// Appends a struct value into its builder: its columns, or its JSON text where the
/// schema stopped.
pub fn push_struct<T: Columnar>(v: &T, b: &mut Builder) {
    match &mut b.kind {
        Kind::Struct(s) => push_fields(v, s),
        Kind::Json(_) => b.push_json(|w| v.write_json(w)),
        _ => unreachable!("struct pushed into the non-struct column `{}`", b.name),
    }
}

/// Appends a struct value's fields, `_rest` and `_order` (a table's row, or a struct
/// column's value).
pub(crate) fn push_fields<T: Columnar>(v: &T, s: &mut StructCols) {
    let row = s.validity.len();
    let rest = arrow_array::builder::ArrayBuilder::len(&s.rest);
    s.rest.append_nulls(row.saturating_sub(rest));
    if let Some(order) = &mut s.order {
        order.pad_to(row);
    }
    let mut p = Push {
        fields: s.fields.iter_mut(),
        rest: Rest::default(),
        row,
    };
    v.push(&mut p);
    debug_assert!(
        p.fields.next().is_none(),
        "{} pushed fewer fields than it declared",
        T::NAME
    );
    p.rest.finish(&mut s.rest);
    if let Some(order) = &mut s.order {
        order.push(v.slice_order().as_deref());
    }
    s.validity.append_non_null();
}

impl<T: Column> Column for Option<T> {
    fn builder(s: &mut Shaper, name: &str) -> Builder {
        T::builder(s, name)
    }

    fn push(&self, b: &mut Builder) {
        match self {
            Some(v) => v.push(b),
            None => b.push_null(),
        }
    }

    fn rest(&self, name: &str, rest: &mut Rest) {
        if let Some(v) = self {
            v.rest(name, rest);
        }
    }

    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        if r.is_null(row) {
            return Ok(None);
        }
        T::read(r, row).map(Some)
    }

    fn merge(&mut self, m: &mut Member<'_, '_>) -> Result<(), ReadError> {
        T::merge_option(self, m)
    }
}

impl<T: Column> Column for Box<T> {
    fn builder(s: &mut Shaper, name: &str) -> Builder {
        T::builder(s, name)
    }

    fn push(&self, b: &mut Builder) {
        (**self).push(b);
    }

    fn rest(&self, name: &str, rest: &mut Rest) {
        (**self).rest(name, rest);
    }

    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        T::read(r, row).map(Box::new)
    }

    fn merge(&mut self, m: &mut Member<'_, '_>) -> Result<(), ReadError> {
        (**self).merge(m)
    }
}

impl<T: Column> Column for Vec<T> {
    fn builder(s: &mut Shaper, name: &str) -> Builder {
        crate::build::list(name, T::builder(s, name))
    }

    fn push(&self, b: &mut Builder) {
        push_items(self, b);
    }

    fn rest(&self, name: &str, rest: &mut Rest) {
        T::rest_items(self, name, rest);
    }

    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        read_items(r, row)
    }

    fn merge(&mut self, m: &mut Member<'_, '_>) -> Result<(), ReadError> {
        T::merge_items(self, m)
    }
}

impl<T: Column + Clone> Column for NonEmpty<T> {
    fn builder(s: &mut Shaper, name: &str) -> Builder {
        crate::build::list(name, T::builder(s, name))
    }

    fn push(&self, b: &mut Builder) {
        push_items(self.as_slice(), b);
    }

    fn rest(&self, name: &str, rest: &mut Rest) {
        T::rest_items(self.as_slice(), name, rest);
    }

    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        NonEmpty::from_vec(read_items(r, row)?)
            .ok_or_else(|| r.error("no item where the element requires one"))
    }

    fn merge(&mut self, m: &mut Member<'_, '_>) -> Result<(), ReadError> {
        let mut items = self.as_slice().to_vec();
        T::merge_items(&mut items, m)?;
        *self = NonEmpty::from_vec(items).ok_or_else(|| m.unexpected())?;
        Ok(())
    }
}

/// The items of a list column in `row`.
fn read_items<T: Column>(r: &Reader, row: usize) -> Result<Vec<T>, ReadError> {
    let (item, range) = r.items(row)?;
    range.map(|i| T::read(item, i)).collect()
}

/// A repeating element: a list, null when it has no item (FHIR has no empty arrays).
fn push_items<T: Column>(items: &[T], b: &mut Builder) {
    if items.is_empty() {
        return b.push_null();
    }
    let Kind::List(l) = &mut b.kind else {
        unreachable!("items pushed into the non-list column `{}`", b.name)
    };
    for item in items {
        item.push(&mut l.item);
    }
    l.close_row(items.len());
}

impl<T: Leaf + PrimitiveValue + 'static> Column for Primitive<T>
where
    Primitive<T>: FhirValue,
{
    fn builder(_: &mut Shaper, name: &str) -> Builder {
        Builder::new(name, T::kind())
    }

    fn push(&self, b: &mut Builder) {
        match &self.value {
            Some(v) => v.push_leaf(&mut b.kind),
            None => b.push_null(),
        }
    }

    fn rest(&self, name: &str, rest: &mut Rest) {
        if self.extras.is_some() {
            self.write_json_field(name, "", rest.writer());
        }
    }

    fn rest_items(items: &[Self], name: &str, rest: &mut Rest) {
        if items.iter().any(|p| p.extras.is_some()) {
            Self::write_json_items(items, name, rest.writer());
        }
    }

    /// A null column is a primitive without a value: its id and extensions, or the text
    /// a lenient read kept, come from `_rest`.
    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        let value = if r.is_null(row) {
            None
        } else {
            Some(T::read_leaf(r, row)?)
        };
        Ok(Primitive {
            value,
            extras: None,
        })
    }

    fn merge(&mut self, m: &mut Member<'_, '_>) -> Result<(), ReadError> {
        let part = m.part.member_part();
        self.read_json(m.r, part).map_err(|e| m.fail(e))
    }

    fn merge_option(slot: &mut Option<Self>, m: &mut Member<'_, '_>) -> Result<(), ReadError> {
        slot.get_or_insert_with(Primitive::default).merge(m)
    }

    fn merge_items(items: &mut Vec<Self>, m: &mut Member<'_, '_>) -> Result<(), ReadError> {
        let part = m.part.member_part();
        careconnect_models::rt::value::Slot::read_json(items, m.r, part).map_err(|e| m.fail(e))
    }
}

/// An element's `id` (a plain string in the models).
impl Column for String {
    fn builder(_: &mut Shaper, name: &str) -> Builder {
        Builder::new(name, Kind::Text(StringBuilder::new()))
    }

    fn push(&self, b: &mut Builder) {
        self.push_leaf(&mut b.kind);
    }

    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        String::read_leaf(r, row)
    }
}

/// A fixed value a profile struct keeps as a marker: `true` where the element is there.
impl Column for Fixed {
    fn builder(_: &mut Shaper, name: &str) -> Builder {
        Builder::new(name, Kind::Bool(BooleanBuilder::new()))
    }

    fn push(&self, b: &mut Builder) {
        true.push_leaf(&mut b.kind);
    }

    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        match bool::read_leaf(r, row)? {
            true => Ok(Fixed),
            false => Err(r.error("a fixed value's marker is false")),
        }
    }
}

/// A concept of a bound value set: the columns of a `CodeableConcept`.
impl<C: CodeValue> Column for BoundConcept<C> {
    fn builder(s: &mut Shaper, name: &str) -> Builder {
        s.structure::<stu3::CodeableConcept>(name)
    }

    fn push(&self, b: &mut Builder) {
        push_struct(self.concept(), b);
    }

    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        let concept = read_struct::<stu3::CodeableConcept>(r, row)?;
        Ok(Checker::new("").concept(concept, &r.name))
    }
}

/// A coding of a bound value set: the columns of a `Coding`.
impl<C: CodeValue> Column for BoundCoding<C> {
    fn builder(s: &mut Shaper, name: &str) -> Builder {
        s.structure::<stu3::Coding>(name)
    }

    fn push(&self, b: &mut Builder) {
        push_struct(self.coding(), b);
    }

    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        let coding = read_struct::<stu3::Coding>(r, row)?;
        Ok(Checker::new("").coding(coding, &r.name))
    }
}

/// A typed reference: the columns of a `Reference`.
impl<M> Column for Ref<M> {
    fn builder(s: &mut Shaper, name: &str) -> Builder {
        s.structure::<stu3::Reference>(name)
    }

    fn push(&self, b: &mut Builder) {
        push_struct(self.reference(), b);
    }

    /// The reference as written; a profile value read back is checked whole (see
    /// [`crate::TableOf::checked`]).
    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        read_struct::<stu3::Reference>(r, row).map(Ref::from_reference_unchecked)
    }
}

/// A resource (contained, a Bundle entry's): its FHIR JSON text.
impl Column for stu3::Resource {
    fn builder(_: &mut Shaper, name: &str) -> Builder {
        Builder::new(name, Kind::Json(StringBuilder::new()))
    }

    fn push(&self, b: &mut Builder) {
        b.push_json(|w| self.write_json_bare(w));
    }

    fn read(r: &Reader, row: usize) -> Result<Self, ReadError> {
        let text = r.text(row)?;
        stu3::Resource::from_json_with(text, crate::read::json_options())
            .map(|(v, _)| v)
            .map_err(|e| r.error(e.to_string()))
    }
}

/// Appends a choice element's value: its variant's column, nulls in the others.
pub fn push_variant<T: Column>(b: &mut Builder, index: usize, v: &T) {
    let Kind::Choice(c) = &mut b.kind else {
        unreachable!("choice pushed into the non-choice column `{}`", b.name)
    };
    let row = c.rows;
    let Some(variant) = c.variants.get_mut(index) else {
        unreachable!("type {index} of a choice of {}", c.variants.len())
    };
    variant.pad_to(row);
    v.push(variant);
    c.rows += 1;
}

/// The builder of a choice element: one column per type, `name_suffix`.
pub fn choice(variants: Vec<Builder>, name: &str) -> Builder {
    Builder::new(
        name,
        Kind::Choice(Box::new(crate::build::ChoiceCols { variants, rows: 0 })),
    )
}

/// The builder of one type of a choice element (the variant's constructor gives the
/// type).
pub fn variant<E, F: Column>(s: &mut Shaper, name: &str, suffix: &str, _: fn(F) -> E) -> Builder {
    F::builder(s, &variant_name(name, suffix))
}

/// The column name of a choice's type: `value` and `Quantity` give `value_quantity`.
pub fn variant_name(name: &str, suffix: &str) -> String {
    format!("{name}_{suffix}")
}

fn mismatch(kind: &Kind) -> ! {
    let what = match kind {
        Kind::Text(_) => "text",
        Kind::Code(_) => "code",
        Kind::Bool(_) => "boolean",
        Kind::Int(_) => "integer",
        Kind::UInt(_) => "unsigned integer",
        Kind::Decimal(..) => "decimal",
        Kind::Stamp(..) => "dateTime",
        Kind::Day(..) => "date",
        Kind::Json(_) => "JSON",
        Kind::Struct(_) => "struct",
        Kind::List(_) => "list",
        Kind::Choice(_) => "choice",
    };
    unreachable!("a value pushed into a {what} column of another type")
}

/// A primitive kept as its FHIR text.
fn push_text(kind: &mut Kind, text: &str) {
    let Kind::Text(b) = kind else { mismatch(kind) };
    b.append_value(text);
}

impl Leaf for String {
    fn kind() -> Kind {
        Kind::Text(StringBuilder::new())
    }

    fn push_leaf(&self, kind: &mut Kind) {
        push_text(kind, self);
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        r.text(row).map(str::to_string)
    }
}

impl Leaf for Base64Binary {
    fn kind() -> Kind {
        String::kind()
    }

    fn push_leaf(&self, kind: &mut Kind) {
        push_text(kind, &self.0);
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        r.text(row).map(|t| Base64Binary(t.to_string()))
    }
}

impl Leaf for Time {
    fn kind() -> Kind {
        String::kind()
    }

    fn push_leaf(&self, kind: &mut Kind) {
        push_text(kind, &self.to_string());
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        parse_text(r, row)
    }
}

impl Leaf for bool {
    fn kind() -> Kind {
        Kind::Bool(BooleanBuilder::new())
    }

    fn push_leaf(&self, kind: &mut Kind) {
        let Kind::Bool(b) = kind else { mismatch(kind) };
        b.append_value(*self);
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        r.bool(row)
    }
}

impl Leaf for i32 {
    fn kind() -> Kind {
        Kind::Int(Int32Builder::new())
    }

    fn push_leaf(&self, kind: &mut Kind) {
        let Kind::Int(b) = kind else { mismatch(kind) };
        b.append_value(*self);
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        r.int(row)
    }
}

impl Leaf for u32 {
    fn kind() -> Kind {
        Kind::UInt(UInt32Builder::new())
    }

    fn push_leaf(&self, kind: &mut Kind) {
        let Kind::UInt(b) = kind else { mismatch(kind) };
        b.append_value(*self);
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        r.uint(row)
    }
}

impl Leaf for NonZeroU32 {
    fn kind() -> Kind {
        u32::kind()
    }

    fn push_leaf(&self, kind: &mut Kind) {
        self.get().push_leaf(kind);
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        NonZeroU32::new(r.uint(row)?).ok_or_else(|| r.error("0 in a positiveInt column"))
    }
}

impl Leaf for Decimal {
    fn kind() -> Kind {
        Kind::Decimal(Float64Builder::new(), StringBuilder::new())
    }

    fn push_leaf(&self, kind: &mut Kind) {
        let Kind::Decimal(n, t) = kind else {
            mismatch(kind)
        };
        n.append_value(self.to_f64());
        t.append_value(self.as_str());
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        parse_text(r, row)
    }
}

impl Leaf for Date {
    fn kind() -> Kind {
        Kind::Day(StringBuilder::new(), Date32Builder::new())
    }

    fn push_leaf(&self, kind: &mut Kind) {
        let Kind::Day(t, d) = kind else {
            mismatch(kind)
        };
        t.append_value(self.to_string());
        d.append_option(whole_day(*self));
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        parse_text(r, row)
    }
}

impl Leaf for DateTime {
    fn kind() -> Kind {
        Kind::Stamp(StringBuilder::new(), TimestampMicrosecondBuilder::new())
    }

    fn push_leaf(&self, kind: &mut Kind) {
        let Kind::Stamp(t, s) = kind else {
            mismatch(kind)
        };
        t.append_value(self.to_string());
        let micros = match (whole_day(self.date()), self.time(), self.offset()) {
            (Some(day), Some(time), Some(offset)) => Some(micros(day, time, offset)),
            _ => None,
        };
        s.append_option(micros);
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        parse_text(r, row)
    }
}

impl Leaf for Instant {
    fn kind() -> Kind {
        DateTime::kind()
    }

    fn push_leaf(&self, kind: &mut Kind) {
        let Kind::Stamp(t, s) = kind else {
            mismatch(kind)
        };
        t.append_value(self.to_string());
        s.append_option(whole_day(self.date()).map(|day| micros(day, self.time(), self.offset())));
    }

    fn read_leaf(r: &Reader, row: usize) -> Result<Self, ReadError> {
        parse_text(r, row)
    }
}

/// A value read from its FHIR text.
fn parse_text<T: std::str::FromStr>(r: &Reader, row: usize) -> Result<T, ReadError>
where
    T::Err: std::fmt::Display,
{
    let text = r.text(row)?;
    text.parse()
        .map_err(|e| r.error(format!("`{text}` is not a valid value: {e}")))
}

/// Days since 1970-01-01 of a date with a day (a year or a month alone has none).
pub fn whole_day(date: Date) -> Option<i32> {
    let (month, day) = (date.month()?, date.day()?);
    // Days from the civil calendar (the proleptic Gregorian calendar), counting years
    // from March so that the leap day ends a year.
    let y = i64::from(date.year()) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    i32::try_from(days).ok()
}

/// Microseconds since the epoch, in UTC, of a day, a time of day and the zone's offset.
fn micros(day: i32, time: Time, offset: Offset) -> i64 {
    let seconds = i64::from(day) * 86_400
        + i64::from(time.hour()) * 3_600
        + i64::from(time.minute()) * 60
        + i64::from(time.second())
        - i64::from(offset.minutes()) * 60;
    seconds * 1_000_000 + i64::from(time.nanosecond() / 1_000)
}

/// The [`Leaf`] of a code enum: a dictionary-encoded column of its codes. The generated
/// code implements [`Leaf`] of each code enum with it.
pub fn code_kind() -> Kind {
    Kind::Code(StringDictionaryBuilder::new())
}

/// Appends a code (see [`code_kind`]).
pub fn push_code<C: CodeValue>(code: &C, kind: &mut Kind) {
    let Kind::Code(b) = kind else { mismatch(kind) };
    b.append_value(code.code());
}

/// Reads a code (see [`code_kind`]).
pub fn read_code<C: CodeValue>(r: &Reader, row: usize) -> Result<C, ReadError> {
    let text = r.text(row)?;
    C::from_code(text).ok_or_else(|| r.error(format!("`{text}` is not a code of {}", C::VALUE_SET)))
}

/// Reads one type of a choice, if its column has a value in `row`.
pub fn read_variant<E, F: Column>(
    variants: &[Reader],
    index: usize,
    row: usize,
    make: fn(F) -> E,
) -> Option<Result<E, ReadError>> {
    let r = variants.get(index).filter(|r| !r.is_null(row))?;
    Some(F::read(r, row).map(make))
}

/// Merges a `_rest` member into one type of a choice: into the value if it is of that
/// type, else into a new value of that type.
pub fn merge_variant<E, F: Column>(
    slot: &mut Option<E>,
    m: &mut Member<'_, '_>,
    make: fn(F) -> E,
    get: fn(&mut E) -> Option<&mut F>,
) -> Result<(), ReadError> {
    if let Some(f) = slot.as_mut().and_then(get) {
        return f.merge(m);
    }
    let mut fresh = None;
    F::merge_option(&mut fresh, m)?;
    if let Some(f) = fresh {
        *slot = Some(make(f));
    }
    Ok(())
}

/// A base value from its FHIR JSON.
pub fn base_from_json<T: FhirValue>(text: &str) -> Result<T, String> {
    T::from_json_with(text, crate::read::json_options())
        .map(|(v, _)| v)
        .map_err(|e| e.to_string())
}

/// A profile struct from the FHIR JSON of its base value, converted and checked.
pub fn narrowed_from_json<T: Narrow>(text: &str) -> Result<T, String> {
    let base = base_from_json::<T::Base>(text)?;
    let mut cx = Checker::new("");
    let v = T::from_base(&mut cx, base);
    cx.finish("", v).map_err(|c| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<i32> {
        whole_day(text.parse().unwrap_or_else(|e| panic!("{text}: {e}")))
    }

    #[test]
    fn days_count_from_the_epoch_across_leap_days_and_centuries() {
        // Expected values from the proleptic Gregorian calendar (Python's datetime.date).
        assert_eq!(day("1970-01-01"), Some(0));
        assert_eq!(day("2017-03-01"), Some(17_226));
        assert_eq!(day("1600-02-29"), Some(-135_081));
        assert_eq!(day("9999-12-31"), Some(2_932_896));
        // A year or a month alone has no day.
        assert_eq!(day("2017"), None);
        assert_eq!(day("2017-03"), None);
    }
}
