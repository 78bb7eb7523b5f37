//! Care Connect profile types and FHIR STU3 resources as typed Apache Arrow columns, and
//! Parquet files of them.
//!
//! A [`Table`] of a profile type (`Table::<CareConnectPatient>`) or of a base resource
//! (`Table::<stu3::Observation>`) has one column per field of the Rust type: the schema
//! mirrors the model, generated from it, with no mapping written by hand.
//!
//! | the model | the columns |
//! |---|---|
//! | a struct (resource, datatype, backbone element, profile struct) | a struct column (the table's columns at the top), with `_rest` |
//! | `Option<T>` | `T`'s column(s), null when absent |
//! | `Vec<T>`, `NonEmpty<T>` | a list of `T`, null when empty; a field of two columns gives two lists |
//! | a slice, an extension slice (`nhs_number`, `ethnic_category`) | a column of its own, of the slice's type |
//! | a choice (`value[x]`) | one column per allowed type: `value_quantity`, `value_string`, ... |
//! | `string`, `uri`, `id`, `code` without an enum, `markdown`, `time`, `base64Binary`, ... | `Utf8`, the FHIR text |
//! | a code of a required binding (a Rust enum) | `Dictionary(Int32, Utf8)`, the code |
//! | `boolean` / `integer` / `unsignedInt`, `positiveInt` | `Boolean` / `Int32` / `UInt32` |
//! | `decimal` | `Float64` (`name`) and the exact text, `Utf8` (`name_text`) |
//! | `dateTime`, `instant` | the text, `Utf8` (`name`), and `Timestamp(µs, UTC)` (`name_ts`) where the value has a time (a zone then too) |
//! | `date` | the text, `Utf8` (`name`), and `Date32` (`name_date`) where the value has a day |
//! | a typed reference (`Ref<T>`) | the struct of `Reference` |
//! | a fixed value kept as a marker (`Fixed`) | `Boolean`, true where present |
//! | a base `Extension` (the extensions no slice matched), a resource (`contained`, a Bundle entry's), a struct inside a struct of its own type | `Utf8`: the value's FHIR JSON |
//! | what the columns cannot hold: a primitive's `id` and extensions, a value a lenient read kept as written | `_rest`, `Utf8`: a JSON object of those fields, keyed by column name, each written as FHIR JSON writes a field (`name` and `_name`) |
//! | the order of the items of sliced elements (profile structs) | `_order`, a list of `Binary`, null for the canonical order |
//!
//! Nothing a value holds is left out: every field is in a typed column, in `_rest` or in
//! a JSON text column, and [`Table::read`] gives the values of a batch back exactly.
//!
//! ```
//! use arrow_array::cast::AsArray;
//! use careconnect_arrow::Table;
//! use careconnect_models::careconnect::CareConnectPatient;
//! use careconnect_models::rt::profile::Profile;
//!
//! let json = r#"{"resourceType":"Patient",
//!   "identifier":[{"extension":[{
//!       "url":"https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1",
//!       "valueCodeableConcept":{"coding":[{
//!         "system":"https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1",
//!         "code":"01"}]}}],
//!     "system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}],
//!   "name":[{"use":"official","family":"Smith","given":["Jo"]}],
//!   "gender":"female","birthDate":"1980-02-29"}"#;
//! let patient = CareConnectPatient::from_json(json.as_bytes())?;
//!
//! let mut table = Table::<CareConnectPatient>::new();
//! table.push(&patient);
//! let batch = table.finish();
//!
//! // The NHS number slice is a column of its own; its `value` is the number.
//! let nhs = batch.column_by_name("nhs_number").unwrap().as_struct();
//! assert_eq!(nhs.column_by_name("value").unwrap().as_string::<i32>().value(0), "9000000009");
//!
//! // And the batch gives the value back.
//! assert_eq!(table.read(&batch)?, vec![patient]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
mod column;
mod read;
// Generated code is laid out by prettyplease, not rustfmt.
#[rustfmt::skip]
mod generated;

pub use generated::{careconnect, stu3};

use std::marker::PhantomData;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{Schema, SchemaRef};

pub use build::{Builder, Kind, ORDER, REST, UTC, code_type, timestamp_type};
pub use column::{
    Column, Columnar, Fields, Leaf, Push, Rest, Shaper, base_from_json, choice, code_kind,
    merge_variant, narrowed_from_json, push_code, push_struct, push_variant, read_code,
    read_variant, variant, variant_name, whole_day,
};
pub use read::{Member, ReadError, Reader, Row, StructRead, read_struct};

/// The type of choice a `_rest` member is of (see [`Member`]).
pub fn choice_index(m: &Member<'_, '_>) -> Option<u8> {
    match m.part {
        careconnect_models::rt::value::Part::Choice(i)
        | careconnect_models::rt::value::Part::ChoiceExtension(i) => Some(i),
        _ => None,
    }
}

/// Rows of one type, built into Arrow record batches.
pub struct Table<T: Columnar> {
    root: build::StructCols,
    schema: SchemaRef,
    rows: usize,
    _type: PhantomData<fn(&T)>,
}

impl<T: Columnar> Table<T> {
    pub fn new() -> Table<T> {
        let root = match Shaper::new().structure::<T>("").kind {
            Kind::Struct(s) => *s,
            _ => unreachable!("the table's own type is the first one shaped"),
        };
        let schema = Arc::new(Schema::new(root.arrow_fields()));
        Table {
            root,
            schema,
            rows: 0,
            _type: PhantomData,
        }
    }

    /// The schema of the batches.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// Appends one row. Arrow's text and list columns have 32-bit offsets: a batch holds
    /// at most 2 GiB of text in a column, so finish batches long before (`careconnect
    /// export` writes one every 64 MiB of input at most).
    pub fn push(&mut self, v: &T) {
        column::push_fields(v, &mut self.root);
        self.rows += 1;
    }

    /// The rows appended since the last batch.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The values of a batch of this table's schema (one this table or another wrote, or
    /// read from a Parquet file): what was appended, exactly.
    pub fn read(&self, batch: &RecordBatch) -> Result<Vec<T>, ReadError> {
        read::rows(&self.root, batch)
    }

    /// The rows appended since the last batch, as a batch; the table is empty again.
    pub fn finish(&mut self) -> RecordBatch {
        let columns = self.root.finish_columns();
        // The struct's own validity is not a column of the batch: every row is there.
        let _ = self.root.validity.finish();
        self.rows = 0;
        RecordBatch::try_new(self.schema.clone(), columns)
            .unwrap_or_else(|e| unreachable!("batch columns out of step with the schema: {e}"))
    }
}

impl<T: Columnar> Default for Table<T> {
    fn default() -> Self {
        Table::new()
    }
}

/// A resource type of a layer, reached from the layer's enum of resource types `R`
/// (`stu3::Resource`, `careconnect::ProfiledResource`).
pub trait TableOf<R>: Columnar {
    /// The type's Rust name.
    const TYPE: &'static str;
    fn of(r: &R) -> Option<&Self>;
    /// The value as one of `R`.
    fn wrap(v: Self) -> R;
    /// A value read back, checked again: a profile value is converted to its base value
    /// and back, with every rule of the profile; a base value as it is.
    fn checked(v: Self) -> Result<Self, String>;
}

/// A [`Table`] of one of the types of enum `R`, chosen at run time
/// ([`stu3::table`], [`careconnect::table`]).
pub trait AnyTable<R> {
    /// The Rust name of the table's type.
    fn type_name(&self) -> &'static str;
    fn schema(&self) -> SchemaRef;
    /// Appends `r` if it is of the table's type; tells whether it was.
    fn push(&mut self, r: &R) -> bool;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn finish(&mut self) -> RecordBatch;
    /// The values of a batch of the table's schema, each checked ([`TableOf::checked`]).
    fn read(&self, batch: &RecordBatch) -> Result<Vec<R>, ReadError>;
}

impl<R, T: TableOf<R>> AnyTable<R> for Table<T> {
    fn type_name(&self) -> &'static str {
        T::TYPE
    }

    fn schema(&self) -> SchemaRef {
        Table::schema(self)
    }

    fn push(&mut self, r: &R) -> bool {
        match T::of(r) {
            Some(v) => {
                Table::push(self, v);
                true
            }
            None => false,
        }
    }

    fn len(&self) -> usize {
        Table::len(self)
    }

    fn finish(&mut self) -> RecordBatch {
        Table::finish(self)
    }

    fn read(&self, batch: &RecordBatch) -> Result<Vec<R>, ReadError> {
        Table::read(self, batch)?
            .into_iter()
            .enumerate()
            .map(|(row, v)| {
                T::checked(v).map(T::wrap).map_err(|message| ReadError {
                    column: format!("row {row}"),
                    message,
                })
            })
            .collect()
    }
}

/// A Parquet writer of batches of `schema`: zstd compression (level 3), dictionary
/// encoding, statistics per page (so that engines can skip what a filter excludes), and
/// row groups of at most 65,536 rows or 16 MiB encoded, which bounds what the writer
/// holds in memory.
pub fn parquet_writer<W: std::io::Write + Send>(
    out: W,
    schema: SchemaRef,
) -> Result<parquet::arrow::ArrowWriter<W>, parquet::errors::ParquetError> {
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::{EnabledStatistics, WriterProperties};
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3)?))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_row_count(Some(65_536))
        .set_max_row_group_bytes(Some(16 << 20))
        .build();
    parquet::arrow::ArrowWriter::try_new(out, schema, Some(props))
}

/// The Arrow schema of a table of `T`.
pub fn schema<T: Columnar>() -> SchemaRef {
    Table::<T>::new().schema()
}
