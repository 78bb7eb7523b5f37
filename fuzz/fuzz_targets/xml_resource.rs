//! FHIR XML bytes → `stu3::Resource`, strict and lenient; accepted input must round-trip
//! through XML and JSON (see `careconnect_fuzz::xml_resource`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| careconnect_fuzz::xml_resource(data));
