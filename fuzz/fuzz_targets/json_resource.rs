//! FHIR JSON bytes → `stu3::Resource`, strict and lenient; accepted input must round-trip
//! through JSON and XML (see `careconnect_fuzz::json_resource`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| careconnect_fuzz::json_resource(data));
