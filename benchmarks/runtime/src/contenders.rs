//! The passes being timed: one function per kind of pass, generic over the model type, so
//! that every contender does exactly the same around its parse or write (loop over the
//! documents in memory, drop the result, clear one reused output buffer).

use std::hint::black_box;

use careconnect_models::rt::{FhirJson, FhirXml};
use serde::Serialize;
use serde::de::DeserializeOwned;

use careconnect_bench_runtime::data::Doc;

/// Parse each document with our reader into `T`, then drop it.
pub fn ours_parse<'a, T: FhirJson + 'a>(docs: &'a [&'a Doc]) -> impl FnMut() + 'a {
    move || {
        for d in docs {
            black_box(T::from_json(&d.bytes).ok());
        }
    }
}

/// Parse each document with our XML reader into `T`, then drop it.
pub fn ours_parse_xml<'a, T: FhirXml + 'a>(docs: &'a [&'a Doc]) -> impl FnMut() + 'a {
    move || {
        for d in docs {
            black_box(T::from_xml(&d.bytes).ok());
        }
    }
}

/// Write each model with our writer into one reused buffer.
pub fn ours_write<'a, T: FhirJson>(models: &'a [&'a T]) -> impl FnMut() + 'a {
    let mut buf = Vec::new();
    move || {
        for m in models {
            buf.clear();
            m.write_json(&mut buf);
            black_box(&buf);
        }
    }
}

/// Parse each document into `T` and write it into one reused buffer.
pub fn ours_parse_write<'a, T: FhirJson + 'a>(docs: &'a [&'a Doc]) -> impl FnMut() + 'a {
    let mut buf = Vec::new();
    move || {
        for d in docs {
            if let Ok(m) = T::from_json(&d.bytes) {
                buf.clear();
                m.write_json(&mut buf);
                black_box(&buf);
            }
        }
    }
}

/// Parse each document with serde_json into `T` (`serde_json::Value` or a fhir-model
/// type), then drop it.
pub fn serde_parse<'a, T: DeserializeOwned + 'a>(docs: &'a [&'a Doc]) -> impl FnMut() + 'a {
    move || {
        for d in docs {
            black_box(serde_json::from_slice::<T>(&d.bytes).ok());
        }
    }
}

/// Write each model with `serde_json::to_writer` into one reused buffer.
pub fn serde_write<'a, T: Serialize>(models: &'a [&'a T]) -> impl FnMut() + 'a {
    let mut buf = Vec::new();
    move || {
        for m in models {
            buf.clear();
            black_box(serde_json::to_writer(&mut buf, m).is_ok());
            black_box(&buf);
        }
    }
}

/// Parse each document with serde_json into `T` and write it into one reused buffer.
pub fn serde_parse_write<'a, T: DeserializeOwned + Serialize + 'a>(
    docs: &'a [&'a Doc],
) -> impl FnMut() + 'a {
    let mut buf = Vec::new();
    move || {
        for d in docs {
            if let Ok(m) = serde_json::from_slice::<T>(&d.bytes) {
                buf.clear();
                black_box(serde_json::to_writer(&mut buf, &m).is_ok());
                black_box(&buf);
            }
        }
    }
}

/// Parse each document, held as a `&str` (what a user holding a `String` has), with
/// `serde_json::from_str` into `T`, then drop it.
pub fn serde_parse_str<'a, T: DeserializeOwned + 'a>(texts: &'a [&'a str]) -> impl FnMut() + 'a {
    move || {
        for t in texts {
            black_box(serde_json::from_str::<T>(t).ok());
        }
    }
}

/// Parse each document with sonic-rs into its DOM (`sonic_rs::Value`), then drop it.
pub fn sonic_parse<'a>(docs: &'a [&'a Doc]) -> impl FnMut() + 'a {
    move || {
        for d in docs {
            black_box(sonic_rs::from_slice::<sonic_rs::Value>(&d.bytes).ok());
        }
    }
}

/// Write each sonic-rs DOM with `sonic_rs::to_writer` into one reused buffer.
pub fn sonic_write<'a>(values: &'a [&'a sonic_rs::Value]) -> impl FnMut() + 'a {
    let mut buf = Vec::new();
    move || {
        for v in values {
            buf.clear();
            black_box(sonic_rs::to_writer(&mut buf, *v).is_ok());
            black_box(&buf);
        }
    }
}
