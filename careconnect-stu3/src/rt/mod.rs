//! The hand-written runtime under the generated models: primitives, dates, decimals, the
//! FHIR JSON, NDJSON and XML readers and writers, and errors with FHIR paths.

pub mod datetime;
pub mod decimal;
pub mod error;
pub mod json;
pub mod ndjson;
pub mod primitive;
pub mod value;
pub mod xml;

pub use datetime::{Date, DateTime, Instant, Offset, Time};
pub use decimal::Decimal;
pub use error::{Error, ErrorKind, Issue, PathSegment, Position, Result};
pub use json::{FhirJson, JsonReader, JsonWriter, ReadOptions, UnknownElements};
pub use ndjson::{LineError, NdjsonOptions, NdjsonReader, NdjsonWriter, ParallelReader};
pub use primitive::{Base64Binary, Primitive, PrimitiveExtras, PrimitiveValue};
pub use value::{
    ChoiceValue, CodeValue, FhirStruct, FhirValue, FieldForm, FieldInfo, FromText, Key, Part,
    PrimitiveText, Slot, StructKind, TypeInfo,
};
pub use xml::{FhirXml, XmlElement, XmlReader, XmlWriter};
