//! The parts of the runtime benchmark harness that do not involve the contenders: the
//! counting allocator, reading the examples, the harness's own JSON tree, interleaved
//! timing and the Markdown report. The binary (`src/main.rs`, which documents the
//! commands) puts them together with the workloads.
//!
//! These modules are a library of their own so that their tests (`cargo test --lib`) build
//! quickly, without instantiating fhir-model's serde code.

pub mod alloc;
pub mod data;
pub mod jsontext;
pub mod measure;
pub mod report;
