//! Reading typed values back from record batches: the batch's arrays bound once to the
//! shape of the type ([`Reader`]), then each row read through the same [`Column`] impls
//! that wrote it, `_rest` members merged last.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{
    Array, ArrayRef, BooleanArray, DictionaryArray, Int32Array, ListArray, RecordBatch,
    StringArray, UInt32Array,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use careconnect_models::rt::json::{InvalidValues, JsonReader, ReadOptions};
use careconnect_models::rt::value::Part;

use crate::build::{Builder, Kind, StructCols};
use crate::column::Columnar;

/// Why a batch or a row could not be read back: the column (its path from the table's
/// root, `meta.profile`) and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column `{}`: {}", self.column, self.message)
    }
}

impl std::error::Error for ReadError {}

/// The options the JSON text of a column is read with: values a lenient read kept as
/// written come back as written (they were written that way).
pub(crate) fn json_options() -> ReadOptions {
    ReadOptions {
        invalid_values: InvalidValues::Report,
        ..ReadOptions::default()
    }
}

/// The arrays of one field's column(s), bound to its shape.
pub struct Reader {
    pub(crate) name: String,
    pub(crate) kind: ReadKind,
}

pub(crate) enum ReadKind {
    Text(StringArray),
    Code(DictionaryArray<Int32Type>, StringArray),
    Bool(BooleanArray),
    Int(Int32Array),
    UInt(UInt32Array),
    /// A decimal, dateTime, instant or date: read from its text (the typed column is
    /// derived from it).
    Derived(StringArray),
    Json(StringArray),
    Struct(Box<StructRead>),
    List(Box<ListRead>),
    Choice(Vec<Reader>),
}

/// A struct's columns, and which field each column name (a choice's types included)
/// belongs to, for the members of `_rest`.
pub struct StructRead {
    pub(crate) fields: Vec<Reader>,
    rest: StringArray,
    order: Option<ListArray>,
    nulls: Option<NullBuffer>,
    by_column: HashMap<String, (usize, Option<u8>)>,
    path: String,
}

pub struct ListRead {
    offsets: OffsetBuffer<i32>,
    nulls: Option<NullBuffer>,
    pub(crate) item: Reader,
}

fn error(column: &str, message: impl Into<String>) -> ReadError {
    ReadError {
        column: column.to_string(),
        message: message.into(),
    }
}

/// The arrays of `arrays`, in the order of [`Builder::fields`], bound to `b`'s shape.
fn bind(
    b: &Builder,
    path: &str,
    arrays: &mut dyn Iterator<Item = ArrayRef>,
) -> Result<Reader, ReadError> {
    let path = if path.is_empty() {
        b.name.clone()
    } else {
        format!("{path}.{}", b.name)
    };
    let mut next = || {
        arrays
            .next()
            .ok_or_else(|| error(&path, "the batch has fewer columns than the type"))
    };
    let text = |a: ArrayRef| -> Result<StringArray, ReadError> {
        a.as_string_opt::<i32>()
            .cloned()
            .ok_or_else(|| error(&path, format!("expected text, found {}", a.data_type())))
    };
    let kind =
        match &b.kind {
            Kind::Text(_) => ReadKind::Text(text(next()?)?),
            Kind::Json(_) => ReadKind::Json(text(next()?)?),
            Kind::Code(_) => {
                let a = next()?;
                let dict = a.as_dictionary_opt::<Int32Type>().cloned().ok_or_else(|| {
                    error(
                        &path,
                        format!("expected a dictionary, found {}", a.data_type()),
                    )
                })?;
                let values = text(dict.values().clone())?;
                ReadKind::Code(dict, values)
            }
            Kind::Bool(_) => {
                let a = next()?;
                ReadKind::Bool(a.as_boolean_opt().cloned().ok_or_else(|| {
                    error(&path, format!("expected booleans, found {}", a.data_type()))
                })?)
            }
            Kind::Int(_) => {
                let a = next()?;
                ReadKind::Int(a.as_primitive_opt().cloned().ok_or_else(|| {
                    error(&path, format!("expected Int32, found {}", a.data_type()))
                })?)
            }
            Kind::UInt(_) => {
                let a = next()?;
                ReadKind::UInt(a.as_primitive_opt().cloned().ok_or_else(|| {
                    error(&path, format!("expected UInt32, found {}", a.data_type()))
                })?)
            }
            Kind::Decimal(..) => {
                // The number, then the text.
                next()?;
                ReadKind::Derived(text(next()?)?)
            }
            Kind::Stamp(..) | Kind::Day(..) => {
                let t = text(next()?)?;
                next()?;
                ReadKind::Derived(t)
            }
            Kind::Struct(s) => {
                let a = next()?;
                let array = a.as_struct_opt().cloned().ok_or_else(|| {
                    error(&path, format!("expected a struct, found {}", a.data_type()))
                })?;
                let nulls = array.nulls().cloned();
                ReadKind::Struct(Box::new(bind_struct(
                    s,
                    &path,
                    array.columns().to_vec(),
                    nulls,
                )?))
            }
            Kind::List(l) => {
                let width = l.item.fields().len();
                let mut lists = Vec::with_capacity(width);
                for _ in 0..width {
                    let a = next()?;
                    lists.push(a.as_list_opt::<i32>().cloned().ok_or_else(|| {
                        error(&path, format!("expected a list, found {}", a.data_type()))
                    })?);
                }
                let first = lists
                    .first()
                    .ok_or_else(|| error(&path, "a list of no column"))?
                    .clone();
                let mut values = lists.iter().map(|l| l.values().clone());
                let item = bind(&l.item, &path, &mut values)?;
                ReadKind::List(Box::new(ListRead {
                    offsets: first.offsets().clone(),
                    nulls: first.nulls().cloned(),
                    item: Reader {
                        name: item.name,
                        kind: item.kind,
                    },
                }))
            }
            Kind::Choice(c) => {
                // The choice's columns stand beside the struct's others, under its own path.
                let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
                let mut readers = Vec::with_capacity(c.variants.len());
                for v in &c.variants {
                    readers.push(bind(v, parent, arrays)?);
                }
                ReadKind::Choice(readers)
            }
        };
    Ok(Reader {
        name: b.name.clone(),
        kind,
    })
}

fn bind_struct(
    s: &StructCols,
    path: &str,
    columns: Vec<ArrayRef>,
    nulls: Option<NullBuffer>,
) -> Result<StructRead, ReadError> {
    let mut arrays = columns.into_iter();
    let mut fields = Vec::with_capacity(s.fields.len());
    let mut by_column = HashMap::new();
    for (i, f) in s.fields.iter().enumerate() {
        let r = bind(f, path, &mut arrays)?;
        if let ReadKind::Choice(variants) = &r.kind {
            for (v, variant) in variants.iter().enumerate() {
                let v = u8::try_from(v).map_err(|_| error(path, "a choice of over 255 types"))?;
                by_column.insert(variant.name.clone(), (i, Some(v)));
            }
        }
        by_column.insert(f.name.clone(), (i, None));
        fields.push(r);
    }
    let rest_path = format!("{path}.{}", crate::REST);
    let rest = arrays
        .next()
        .and_then(|a| a.as_string_opt::<i32>().cloned())
        .ok_or_else(|| error(&rest_path, "missing or not text"))?;
    let order = match &s.order {
        Some(_) => Some(
            arrays
                .next()
                .and_then(|a| a.as_list_opt::<i32>().cloned())
                .ok_or_else(|| {
                    error(&format!("{path}.{}", crate::ORDER), "missing or not a list")
                })?,
        ),
        None => None,
    };
    if arrays.next().is_some() {
        return Err(error(path, "the batch has more columns than the type"));
    }
    Ok(StructRead {
        fields,
        rest,
        order,
        nulls,
        by_column,
        path: path.to_string(),
    })
}

/// A batch bound to the shape of the table's type.
pub(crate) fn bind_batch(root: &StructCols, batch: &RecordBatch) -> Result<StructRead, ReadError> {
    let expected = root.arrow_fields();
    let found = batch.schema().fields().clone();
    if expected.len() != found.len()
        || expected
            .iter()
            .zip(found.iter())
            .any(|(e, f)| e.name() != f.name() || e.data_type() != f.data_type())
    {
        let differ = expected
            .iter()
            .zip(found.iter())
            .find(|(e, f)| e.name() != f.name() || e.data_type() != f.data_type())
            .map_or_else(
                || {
                    format!(
                        "{} columns where the type has {}",
                        found.len(),
                        expected.len()
                    )
                },
                |(e, f)| {
                    format!(
                        "column `{}` ({}) where the type has `{}` ({})",
                        f.name(),
                        f.data_type(),
                        e.name(),
                        e.data_type()
                    )
                },
            );
        return Err(error(
            "",
            format!("the batch is not of this table's schema: {differ}"),
        ));
    }
    bind_struct(root, "", batch.columns().to_vec(), None)
}

impl Reader {
    /// Whether the element is absent in `row`.
    pub fn is_null(&self, row: usize) -> bool {
        match &self.kind {
            ReadKind::Text(a) | ReadKind::Derived(a) | ReadKind::Json(a) => a.is_null(row),
            ReadKind::Code(a, _) => a.is_null(row),
            ReadKind::Bool(a) => a.is_null(row),
            ReadKind::Int(a) => a.is_null(row),
            ReadKind::UInt(a) => a.is_null(row),
            ReadKind::Struct(s) => s.nulls.as_ref().is_some_and(|n| n.is_null(row)),
            ReadKind::List(l) => l.nulls.as_ref().is_some_and(|n| n.is_null(row)),
            ReadKind::Choice(v) => v.iter().all(|v| v.is_null(row)),
        }
    }

    pub(crate) fn error(&self, message: impl Into<String>) -> ReadError {
        error(&self.name, message)
    }

    /// The text of a text, derived or JSON column.
    pub fn text(&self, row: usize) -> Result<&str, ReadError> {
        match &self.kind {
            ReadKind::Text(a) | ReadKind::Derived(a) | ReadKind::Json(a) if !a.is_null(row) => {
                Ok(a.value(row))
            }
            ReadKind::Code(keys, values) if !keys.is_null(row) => {
                let key = usize::try_from(keys.keys().value(row))
                    .map_err(|_| self.error("a negative dictionary key"))?;
                if key >= values.len() {
                    return Err(self.error("a dictionary key beyond the dictionary"));
                }
                Ok(values.value(key))
            }
            ReadKind::Text(_) | ReadKind::Derived(_) | ReadKind::Json(_) | ReadKind::Code(..) => {
                Err(self.error("null where a value is required"))
            }
            _ => Err(self.error("not a text column")),
        }
    }

    /// The struct columns of a struct field.
    pub fn structure(&self) -> Result<&StructRead, ReadError> {
        match &self.kind {
            ReadKind::Struct(s) => Ok(s),
            _ => Err(self.error("not a struct column")),
        }
    }

    /// The items of a list field in `row` (none where it is null).
    pub fn items(&self, row: usize) -> Result<(&Reader, std::ops::Range<usize>), ReadError> {
        let ReadKind::List(l) = &self.kind else {
            return Err(self.error("not a list column"));
        };
        if l.nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            return Ok((&l.item, 0..0));
        }
        let offsets = l.offsets.as_ref();
        let (Some(&start), Some(&end)) = (offsets.get(row), offsets.get(row + 1)) else {
            return Err(self.error("a row beyond the list's offsets"));
        };
        let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
            return Err(self.error("negative list offsets"));
        };
        Ok((&l.item, start..end))
    }

    /// The columns of a choice element's types.
    pub fn variants(&self) -> Result<&[Reader], ReadError> {
        match &self.kind {
            ReadKind::Choice(v) => Ok(v),
            _ => Err(self.error("not a choice column")),
        }
    }

    pub(crate) fn bool(&self, row: usize) -> Result<bool, ReadError> {
        match &self.kind {
            ReadKind::Bool(a) if !a.is_null(row) => Ok(a.value(row)),
            _ => Err(self.error("expected a boolean")),
        }
    }

    pub(crate) fn int(&self, row: usize) -> Result<i32, ReadError> {
        match &self.kind {
            ReadKind::Int(a) if !a.is_null(row) => Ok(a.value(row)),
            _ => Err(self.error("expected an integer")),
        }
    }

    pub(crate) fn uint(&self, row: usize) -> Result<u32, ReadError> {
        match &self.kind {
            ReadKind::UInt(a) if !a.is_null(row) => Ok(a.value(row)),
            _ => Err(self.error("expected an unsigned integer")),
        }
    }
}

/// One row of a struct's columns being read, field by field in declaration order.
pub struct Row<'a> {
    s: &'a StructRead,
    row: usize,
    next: usize,
}

impl StructRead {
    pub fn row(&self, row: usize) -> Row<'_> {
        Row {
            s: self,
            row,
            next: 0,
        }
    }
}

impl Row<'_> {
    /// Reads the next field.
    pub fn field<F: crate::Column>(&mut self) -> Result<F, ReadError> {
        let r = self
            .s
            .fields
            .get(self.next)
            .ok_or_else(|| error(&self.s.path, "a struct read more fields than it declared"))?;
        self.next += 1;
        F::read(r, self.row).map_err(|e| self.s.locate(e))
    }

    /// The order of the sliced items (structs that keep it).
    pub fn order(&self) -> Result<careconnect_models::rt::plumbing::SliceOrder, ReadError> {
        let mut order = careconnect_models::rt::plumbing::SliceOrder::default();
        let Some(list) = &self.s.order else {
            return Err(error(&self.s.path, "no `_order` column"));
        };
        if list.is_null(self.row) {
            return Ok(order);
        }
        let items = list.value(self.row);
        let items = items
            .as_binary_opt::<i32>()
            .ok_or_else(|| error(&self.s.path, "`_order` is not a list of bytes"))?;
        for (i, item) in items.iter().enumerate() {
            order.set(i, item.unwrap_or_default().into());
        }
        Ok(order)
    }

    /// Merges the members of `_rest` into `v`, each into the field its column name
    /// names ([`Columnar::merge`]).
    pub fn merge_rest<T: Columnar>(&self, v: &mut T) -> Result<(), ReadError> {
        if self.s.rest.is_null(self.row) {
            return Ok(());
        }
        let text = self.s.rest.value(self.row);
        let rest_path = format!("{}.{}", self.s.path, crate::REST)
            .trim_start_matches('.')
            .to_string();
        let fail = |e: careconnect_models::rt::Error| error(&rest_path, e.to_string());
        let mut r = JsonReader::new(text.as_bytes(), json_options());
        r.begin_object("the object of the fields the columns cannot hold")
            .map_err(fail)?;
        let mut first = true;
        while let Some(key) = r.next_key(&mut first).map_err(fail)? {
            let (column, extension) = match key.strip_prefix('_') {
                Some(c) => (c.to_string(), true),
                None => (key.to_string(), false),
            };
            let Some(&(field, variant)) = self.s.by_column.get(&column) else {
                return Err(error(
                    &rest_path,
                    format!("`{key}` names no column of the struct"),
                ));
            };
            let part = match (variant, extension) {
                (None, false) => Part::Value,
                (None, true) => Part::Extension,
                (Some(v), false) => Part::Choice(v),
                (Some(v), true) => Part::ChoiceExtension(v),
            };
            let mut m = Member {
                r: &mut r,
                part,
                column: &column,
            };
            v.merge(field, &mut m).map_err(|e| self.s.locate(e))?;
        }
        r.finish().map_err(fail)
    }
}

impl StructRead {
    /// Puts the struct's path in front of an error's column.
    fn locate(&self, mut e: ReadError) -> ReadError {
        if !self.path.is_empty() && !e.column.starts_with(&self.path) {
            e.column = format!("{}.{}", self.path, e.column);
        }
        e
    }
}

/// One member of a struct's `_rest` object, at its value: `part` tells whether it is the
/// value (`name`) or the id and extensions (`_name`), and of which type of a choice.
pub struct Member<'a, 'r> {
    pub r: &'a mut JsonReader<'r>,
    pub part: Part,
    pub column: &'a str,
}

impl Member<'_, '_> {
    /// The member is not one the field's type writes.
    pub fn unexpected(&self) -> ReadError {
        error(
            self.column,
            "a `_rest` member for a column that keeps everything itself",
        )
    }

    pub(crate) fn fail(&self, e: careconnect_models::rt::Error) -> ReadError {
        error(self.column, e.to_string())
    }
}

/// Reads a struct value: its columns, or its JSON text where the schema stopped.
pub fn read_struct<T: Columnar>(r: &Reader, row: usize) -> Result<T, ReadError> {
    match &r.kind {
        ReadKind::Struct(s) => T::read(s, row),
        ReadKind::Json(_) => T::from_json(r.text(row)?).map_err(|m| r.error(m)),
        _ => Err(r.error("not a struct column")),
    }
}

/// The rows of a batch.
pub(crate) fn rows<T: Columnar>(
    root: &StructCols,
    batch: &RecordBatch,
) -> Result<Vec<T>, ReadError> {
    let s = bind_batch(root, batch)?;
    (0..batch.num_rows()).map(|row| T::read(&s, row)).collect()
}
