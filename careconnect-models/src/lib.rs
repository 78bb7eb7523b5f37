//! FHIR STU3 and NHS Care Connect models.
//!
//! - [`stu3`]: every FHIR 3.0.1 datatype and resource, lossless, generated from the core
//!   definitions.
//! - [`careconnect`]: one type per Care Connect profile and extension, generated from their
//!   definitions, converting from and to the [`stu3`] types.
//! - [`rt`]: the small hand-written runtime the generated code stands on: primitives,
//!   dates, decimals, the FHIR JSON reader and writer, errors with FHIR paths, and
//!   [`rt::profile`] for profile types.
//!
//! The base layer and its runtime compile as the crate `careconnect-stu3`, re-exported
//! here, so that the two layers compile in parallel.

// docs.rs documents every feature and marks the items that need one.
#![cfg_attr(docsrs, feature(doc_cfg))]

// The derives in `careconnect-derive` (used here for the profile code enums) emit
// `::careconnect_models::...` paths.
extern crate self as careconnect_models;

pub use careconnect_stu3::stu3;

/// The runtime: everything from `careconnect-stu3`'s runtime, and [`rt::profile`].
pub mod rt {
    pub use careconnect_stu3::rt::*;
    pub mod bundle;
    pub mod derive;
    pub mod direct;
    #[doc(hidden)]
    pub mod plumbing;
    pub mod profile;
    #[doc(hidden)]
    pub mod write_base;
}

// Generated code is laid out by prettyplease, not rustfmt. Conversions are written per
// field by the generator; these style lints would only make the generator more complex for
// no change in the code's meaning (`needless_update`: every `into_base` literal is
// completed from the base type's default, also when it happens to name every field).
#[rustfmt::skip]
#[allow(
    clippy::needless_update,
    clippy::redundant_closure,
    clippy::redundant_closure_call,
    clippy::unnecessary_map_on_constructor
)]
pub mod careconnect;

pub use rt::{Error, FhirJson, Primitive, ReadOptions};

/// The README's examples, compiled and run as doctests (they use FHIR XML, the `Profiled`
/// derive and serde too: `cargo test --doc --features xml,derive,serde`).
#[cfg_attr(
    all(feature = "xml", feature = "derive", feature = "serde"),
    doc = include_str!("../../README.md")
)]
#[cfg(doctest)]
pub struct ReadmeDoctests;
