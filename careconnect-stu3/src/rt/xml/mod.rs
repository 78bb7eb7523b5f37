//! FHIR XML: the reader, the writer, the table-driven struct reader and writer, and the
//! entry points generated types use.
//!
//! The same tables that drive FHIR JSON drive XML (see [`crate::rt::value`]): element
//! names come from [`TypeInfo`](crate::rt::value::TypeInfo), attributes are the fields marked `attribute`, choice
//! elements are found by their typed names. What XML adds: elements are written in
//! definition order and must be read in it, a repeating element's items stand together,
//! and primitives carry their value in a `value` attribute.
//!
//! The reader and writer are always built: the JSON reader checks narrative `div`s with
//! the XML reader, so that whatever JSON it accepts can be written as XML that reads back.
//! What every generated type gets for XML (`FhirXml`, the struct reader and writer here,
//! the XML methods of `FhirValue`) is built with the `xml` feature.

mod div;
mod lex;
mod read;
#[cfg(feature = "xml")]
mod typed;
mod write;
pub mod xhtml;

pub use read::{FHIR_NS, Namespace, RawAttribute, XHTML_NS, XSI_NS, XmlElement, XmlReader};
#[cfg(feature = "xml")]
pub use typed::*;
pub use write::XmlWriter;
