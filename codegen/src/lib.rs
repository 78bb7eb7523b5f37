//! careconnect-codegen: reads FHIR STU3 and Care Connect definitions and generates the
//! `careconnect-models` crate.
//!
//! The pipeline runs one way, one stage per module: [`load`] → snapshot → fixups → lower →
//! ir → emit → write.

pub mod diag;
pub mod load;
