//! Bytes → the definitions loader, as a `.json` and as a `.xml` file (see
//! `careconnect_fuzz::definitions`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| careconnect_fuzz::definitions(data));
