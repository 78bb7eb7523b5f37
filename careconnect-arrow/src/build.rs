//! The column builders: one [`Builder`] per Rust field, shaped once per table from the
//! field's type ([`Shaper`]) and filled row by row; [`Builder::finish`] gives the Arrow
//! columns it stands for (one, or two for the values with a derived typed column, or one
//! per allowed type for a choice).

use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BinaryBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder,
    StringBuilder, StringDictionaryBuilder, TimestampMicrosecondBuilder, UInt32Builder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, ListArray, StructArray};
use arrow_buffer::{NullBufferBuilder, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Fields, TimeUnit};
use careconnect_models::rt::JsonWriter;

/// The time zone of the timestamp columns: instants are normalised to UTC.
pub const UTC: &str = "UTC";

/// The column (or columns) of one Rust field, named after the field.
pub struct Builder {
    pub(crate) name: String,
    pub(crate) kind: Kind,
}

/// What a [`Builder`] holds. Every column is nullable: an absent element is a null.
/// Public for the generated [`Leaf`](crate::Leaf) impls of code enums only.
#[doc(hidden)]
pub enum Kind {
    /// Strings, URIs, ids, markdown, times, base64 text: the FHIR text.
    Text(StringBuilder),
    /// A code of a required binding (a Rust enum): dictionary-encoded.
    Code(StringDictionaryBuilder<Int32Type>),
    Bool(BooleanBuilder),
    Int(Int32Builder),
    UInt(UInt32Builder),
    /// A decimal: the number (`name`) and the exact text (`name_text`).
    Decimal(Float64Builder, StringBuilder),
    /// A dateTime or instant: the text (`name`) and, where it has a time and a zone, the
    /// instant in UTC (`name_ts`, microseconds).
    Stamp(StringBuilder, TimestampMicrosecondBuilder),
    /// A date: the text (`name`) and, where it has a day, the day (`name_date`).
    Day(StringBuilder, Date32Builder),
    /// A value kept as its FHIR JSON text: base `Extension`s, resources, and a struct met
    /// again inside itself (the schema stops where the type recurs).
    Json(StringBuilder),
    Struct(Box<StructCols>),
    List(Box<ListCols>),
    /// A choice element: one column per allowed type (`value_quantity`, `value_string`).
    Choice(Box<ChoiceCols>),
}

/// The columns of a choice element's types, and how many values it has (its columns catch
/// up with nulls when one of them is next written, or at the end).
pub struct ChoiceCols {
    pub(crate) variants: Vec<Builder>,
    pub(crate) rows: usize,
}

/// The columns of a struct, its `_rest` column (the FHIR JSON of what the typed columns
/// cannot hold: a primitive's id and extensions, a value a lenient read kept as written)
/// and, for a profile struct with sliced elements, `_order` (the order the items of each
/// sliced element came in). A null struct is one bit of its validity: its columns catch
/// up with nulls in bulk when the struct next has a value, or at the end, so an absent
/// element costs the same whatever the width of its type.
pub struct StructCols {
    pub(crate) fields: Vec<Builder>,
    pub(crate) rest: StringBuilder,
    pub(crate) order: Option<SliceOrderCol>,
    pub(crate) validity: NullBufferBuilder,
}

/// The `_order` column: per row, one byte string per sliced element.
pub(crate) struct SliceOrderCol {
    pub(crate) offsets: Vec<i32>,
    pub(crate) items: BinaryBuilder,
    pub(crate) validity: NullBufferBuilder,
}

pub struct ListCols {
    pub(crate) offsets: Vec<i32>,
    pub(crate) validity: NullBufferBuilder,
    pub(crate) item: Builder,
}

impl Builder {
    pub(crate) fn new(name: &str, kind: Kind) -> Builder {
        Builder {
            name: name.to_string(),
            kind,
        }
    }

    /// Appends a null: an absent element.
    pub fn push_null(&mut self) {
        let n = self.len() + 1;
        self.pad_to(n);
    }

    /// The values appended so far.
    pub fn len(&self) -> usize {
        match &self.kind {
            Kind::Text(b) | Kind::Json(b) => b.len(),
            Kind::Code(b) => b.len(),
            Kind::Bool(b) => b.len(),
            Kind::Int(b) => b.len(),
            Kind::UInt(b) => b.len(),
            Kind::Decimal(n, _) => n.len(),
            Kind::Stamp(t, _) | Kind::Day(t, _) => t.len(),
            Kind::Struct(s) => s.validity.len(),
            Kind::List(l) => l.offsets.len() - 1,
            Kind::Choice(c) => c.rows,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends nulls up to `n` values in all (none if it has as many).
    pub(crate) fn pad_to(&mut self, n: usize) {
        let k = n.saturating_sub(self.len());
        if k == 0 {
            return;
        }
        match &mut self.kind {
            Kind::Text(b) | Kind::Json(b) => b.append_nulls(k),
            Kind::Code(b) => b.append_nulls(k),
            Kind::Bool(b) => b.append_nulls(k),
            Kind::Int(b) => b.append_nulls(k),
            Kind::UInt(b) => b.append_nulls(k),
            Kind::Decimal(n, t) => {
                n.append_nulls(k);
                t.append_nulls(k);
            }
            Kind::Stamp(t, s) => {
                t.append_nulls(k);
                s.append_nulls(k);
            }
            Kind::Day(t, d) => {
                t.append_nulls(k);
                d.append_nulls(k);
            }
            Kind::Struct(s) => s.validity.append_n_nulls(k),
            Kind::List(l) => {
                let end = l.end();
                l.offsets.extend(std::iter::repeat_n(end, k));
                l.validity.append_n_nulls(k);
            }
            Kind::Choice(c) => c.rows += k,
        }
    }

    /// Appends the FHIR JSON text `w` wrote (a [`Kind::Json`] column).
    pub(crate) fn push_json(&mut self, write: impl FnOnce(&mut JsonWriter)) {
        let Kind::Json(b) = &mut self.kind else {
            unreachable!("JSON text pushed into the non-JSON column `{}`", self.name)
        };
        let mut w = JsonWriter::compact();
        write(&mut w);
        b.append_value(w.into_string());
    }

    /// The Arrow fields of the columns this builder stands for.
    pub fn fields(&self) -> Vec<Field> {
        let n = &self.name;
        let field = |name: String, ty: DataType| Field::new(name, ty, true);
        match &self.kind {
            Kind::Text(_) | Kind::Json(_) => vec![field(n.clone(), DataType::Utf8)],
            Kind::Code(_) => vec![field(n.clone(), code_type())],
            Kind::Bool(_) => vec![field(n.clone(), DataType::Boolean)],
            Kind::Int(_) => vec![field(n.clone(), DataType::Int32)],
            Kind::UInt(_) => vec![field(n.clone(), DataType::UInt32)],
            Kind::Decimal(..) => vec![
                field(n.clone(), DataType::Float64),
                field(format!("{n}_text"), DataType::Utf8),
            ],
            Kind::Stamp(..) => vec![
                field(n.clone(), DataType::Utf8),
                field(format!("{n}_ts"), timestamp_type()),
            ],
            Kind::Day(..) => vec![
                field(n.clone(), DataType::Utf8),
                field(format!("{n}_date"), DataType::Date32),
            ],
            Kind::Struct(s) => vec![field(n.clone(), DataType::Struct(s.arrow_fields()))],
            Kind::List(l) => l
                .item
                .fields()
                .into_iter()
                .map(|item| {
                    let name = item.name().clone();
                    field(name, DataType::List(Arc::new(item.with_name("item"))))
                })
                .collect(),
            Kind::Choice(c) => c.variants.iter().flat_map(Builder::fields).collect(),
        }
    }

    /// Takes the rows appended so far as Arrow arrays, in the order of
    /// [`Builder::fields`]; the builder is empty again afterwards.
    pub fn finish(&mut self) -> Vec<ArrayRef> {
        match &mut self.kind {
            Kind::Text(b) | Kind::Json(b) => vec![Arc::new(b.finish())],
            Kind::Code(b) => vec![Arc::new(b.finish())],
            Kind::Bool(b) => vec![Arc::new(b.finish())],
            Kind::Int(b) => vec![Arc::new(b.finish())],
            Kind::UInt(b) => vec![Arc::new(b.finish())],
            Kind::Decimal(n, t) => vec![Arc::new(n.finish()), Arc::new(t.finish())],
            Kind::Stamp(t, s) => vec![
                Arc::new(t.finish()),
                Arc::new(s.finish().with_timezone(UTC)),
            ],
            Kind::Day(t, d) => vec![Arc::new(t.finish()), Arc::new(d.finish())],
            Kind::Struct(s) => vec![Arc::new(s.finish())],
            Kind::List(l) => l.finish(),
            Kind::Choice(c) => {
                let rows = c.rows;
                c.rows = 0;
                c.variants
                    .iter_mut()
                    .flat_map(|v| {
                        v.pad_to(rows);
                        v.finish()
                    })
                    .collect()
            }
        }
    }
}

/// The type of a code column: dictionary-encoded strings.
pub fn code_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// The type of an instant column.
pub fn timestamp_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into()))
}

impl StructCols {
    pub(crate) fn new(fields: Vec<Builder>, sliced: bool) -> StructCols {
        StructCols {
            fields,
            rest: StringBuilder::new(),
            order: sliced.then(|| SliceOrderCol {
                offsets: vec![0],
                items: BinaryBuilder::new(),
                validity: NullBufferBuilder::new(0),
            }),
            validity: NullBufferBuilder::new(0),
        }
    }

    /// Brings the struct's columns up to its `rows` values, with nulls.
    pub(crate) fn pad_columns(&mut self, rows: usize) {
        for f in &mut self.fields {
            f.pad_to(rows);
        }
        let k = rows.saturating_sub(self.rest.len());
        self.rest.append_nulls(k);
        if let Some(order) = &mut self.order {
            order.pad_to(rows);
        }
    }

    /// The Arrow fields of the struct's columns, `_rest` and `_order` last.
    pub fn arrow_fields(&self) -> Fields {
        let mut fields: Vec<Field> = self.fields.iter().flat_map(Builder::fields).collect();
        fields.push(Field::new(REST, DataType::Utf8, true));
        if self.order.is_some() {
            fields.push(Field::new(ORDER, order_type(), true));
        }
        fields.into()
    }

    /// The columns of the rows appended so far, without the struct's own validity: the
    /// columns of a record batch.
    pub(crate) fn finish_columns(&mut self) -> Vec<ArrayRef> {
        self.pad_columns(self.validity.len());
        let mut columns: Vec<ArrayRef> = self.fields.iter_mut().flat_map(Builder::finish).collect();
        columns.push(Arc::new(self.rest.finish()));
        if let Some(order) = &mut self.order {
            columns.push(order.finish());
        }
        columns
    }

    fn finish(&mut self) -> StructArray {
        let fields = self.arrow_fields();
        // The columns first: they catch up with the struct's validity.
        let columns = self.finish_columns();
        let nulls = self.validity.finish();
        StructArray::try_new(fields, columns, nulls)
            .unwrap_or_else(|e| unreachable!("struct columns out of step: {e}"))
    }
}

/// The name of every struct's column of what its typed columns cannot hold.
pub const REST: &str = "_rest";
/// The name of the column of the order of sliced items.
pub const ORDER: &str = "_order";

fn order_type() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Binary, true)))
}

impl SliceOrderCol {
    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub(crate) fn pad_to(&mut self, n: usize) {
        while self.len() < n {
            self.push(None);
        }
    }

    /// Appends one row: the order of each sliced element, or null where every element is
    /// in the canonical order (a value built by hand).
    pub(crate) fn push(&mut self, orders: Option<&[&[u8]]>) {
        match orders {
            Some(orders) => {
                for order in orders {
                    self.items.append_value(order);
                }
                self.validity.append_non_null();
            }
            None => self.validity.append_null(),
        }
        self.offsets.push(i32_len(self.items.len()));
    }

    fn finish(&mut self) -> ArrayRef {
        let offsets = std::mem::replace(&mut self.offsets, vec![0]);
        let item = Arc::new(Field::new("item", DataType::Binary, true));
        Arc::new(
            ListArray::try_new(
                item,
                OffsetBuffer::new(ScalarBuffer::from(offsets)),
                Arc::new(self.items.finish()),
                self.validity.finish(),
            )
            .unwrap_or_else(|e| unreachable!("order column out of step: {e}")),
        )
    }
}

impl ListCols {
    fn end(&self) -> i32 {
        self.offsets.last().copied().unwrap_or(0)
    }

    /// Closes the row whose items were appended to [`ListCols::item`].
    pub(crate) fn close_row(&mut self, count: usize) {
        let end = self.end() + i32_len(count);
        self.offsets.push(end);
        self.validity.append_non_null();
    }

    fn finish(&mut self) -> Vec<ArrayRef> {
        let offsets = OffsetBuffer::new(ScalarBuffer::from(std::mem::replace(
            &mut self.offsets,
            vec![0],
        )));
        let nulls = self.validity.finish();
        let items = self.item.fields();
        self.item
            .finish()
            .into_iter()
            .zip(items)
            .map(|(values, field)| -> ArrayRef {
                let item = Arc::new(field.with_name("item"));
                Arc::new(
                    ListArray::try_new(item, offsets.clone(), values, nulls.clone())
                        .unwrap_or_else(|e| unreachable!("list columns out of step: {e}")),
                )
            })
            .collect()
    }
}

/// An item count as an Arrow offset: a column of more than 2³¹ items is a batch too large
/// for 32-bit offsets, which the table's batch size keeps far away.
fn i32_len(n: usize) -> i32 {
    i32::try_from(n).unwrap_or_else(|_| panic!("more than {} items in one column", i32::MAX))
}

pub(crate) fn list(name: &str, item: Builder) -> Builder {
    Builder::new(
        name,
        Kind::List(Box::new(ListCols {
            offsets: vec![0],
            validity: NullBufferBuilder::new(0),
            item,
        })),
    )
}
