//! The FHIR STU3 base layer of `careconnect-models` and the runtime under it. Use it through
//! `careconnect-models`, which re-exports [`stu3`] and [`rt`]; it is a crate of its own so
//! that the profile layer compiles beside it.
//!
//! - [`stu3`]: every FHIR 3.0.1 datatype and resource, lossless, generated from the core
//!   definitions.
//! - [`rt`]: the small hand-written runtime the generated code stands on: primitives,
//!   dates, decimals, the FHIR JSON reader and writer, errors with FHIR paths.

// docs.rs documents every feature and marks the items that need one.
#![cfg_attr(docsrs, feature(doc_cfg))]

// The derives in `careconnect-derive` emit `::careconnect_models::...` paths, so that the
// same expansion works here, in `careconnect-models` (which re-exports this crate's modules)
// and in downstream crates.
extern crate self as careconnect_models;

pub mod rt;
#[rustfmt::skip] // generated code is laid out by prettyplease
pub mod stu3;
