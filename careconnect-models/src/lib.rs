//! FHIR STU3 and NHS Care Connect models.
//!
//! - [`stu3`]: every FHIR 3.0.1 datatype and resource, lossless, generated from the core
//!   definitions.
//! - [`rt`]: the small hand-written runtime the generated code stands on: primitives,
//!   dates, decimals, the FHIR JSON reader and writer, errors with FHIR paths.

// The derives in `careconnect-derive` emit `::careconnect_models::...` paths so that the same
// expansion works here and in downstream crates.
extern crate self as careconnect_models;

pub mod rt;
#[rustfmt::skip] // generated code is laid out by prettyplease
pub mod stu3;
#[rustfmt::skip] // generated code is laid out by prettyplease
                 // Conversions are written per field by the generator; these style lints would only make
                 // the generator more complex for no change in the code's meaning.
#[allow(
    clippy::redundant_closure,
    clippy::redundant_closure_call,
    clippy::unnecessary_map_on_constructor
)]
pub mod careconnect;

pub use rt::{Error, FhirJson, Primitive, ReadOptions};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
