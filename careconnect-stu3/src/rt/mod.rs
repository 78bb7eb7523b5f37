//! The hand-written runtime under the generated models: primitives, dates, decimals, the
//! FHIR JSON, NDJSON and XML readers and writers, and errors with FHIR paths.

mod constraint;
pub mod convert;
pub mod datetime;
pub mod decimal;
mod dom3;
pub mod error;
pub mod json;
pub mod lexical;
pub mod ndjson;
pub mod primitive;
#[cfg(feature = "serde")]
pub mod serde;
pub mod value;
mod word;
pub mod xml;

pub use datetime::{Date, DateTime, Instant, Offset, Time};
pub use decimal::Decimal;
pub use error::{Error, ErrorKind, Issue, PathSegment, Position, Result};
pub use json::{
    FhirJson, InvalidValues, JsonReader, JsonWriter, MissingRequired, ReadOptions, UnknownElements,
};
pub use lexical::TextRule;
pub use ndjson::{LineError, NdjsonOptions, NdjsonReader, NdjsonWriter, ParallelReader};
pub use primitive::{Base64Binary, InvalidText, Primitive, PrimitiveExtras, PrimitiveValue};
pub use value::{
    ChoiceValue, CodeValue, FhirStruct, FhirValue, FieldForm, FieldInfo, FromText, Key, Part,
    PrimitiveText, Slot, StructKind, TypeInfo,
};
#[cfg(feature = "xml")]
pub use xml::FhirXml;
pub use xml::{XmlElement, XmlReader, XmlWriter};

/// Keeps its items when this crate is built with the `xml` feature and drops them
/// otherwise. The derives wrap the XML methods of a type in it, so that a hand-written type
/// gets them exactly when the runtime has them; the generator writes
/// `#[cfg(feature = "xml")]` instead.
#[cfg(feature = "xml")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_xml {
    ($($item:tt)*) => { $($item)* };
}

/// See the other definition: this is the one without the `xml` feature.
#[cfg(not(feature = "xml"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_xml {
    ($($item:tt)*) => {};
}

#[doc(hidden)]
pub use crate::__if_xml as if_xml;

/// Keeps its items when this crate is built with the `serde` feature and drops them
/// otherwise: the derives put a type's `Serialize` and `Deserialize` impls in it, so that a
/// hand-written type gets them exactly when the runtime has serde; the generator writes
/// `#[cfg(feature = "serde")]` instead.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_serde {
    ($($item:tt)*) => { $($item)* };
}

/// See the other definition: this is the one without the `serde` feature.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_serde {
    ($($item:tt)*) => {};
}

#[doc(hidden)]
pub use crate::__if_serde as if_serde;
