//! serde support (the `serde` feature): every generated resource and datatype, the
//! [`Resource`](crate::stu3::Resource) enum and the profile types of `careconnect-models`
//! implement [`Serialize`] and [`Deserialize`] through the FHIR JSON reader and writer, so
//! that `axum::Json`, `reqwest`'s `.json()`, JSON columns and any other serde_json user
//! read and write exactly FHIR JSON.
//!
//! # What each format gets
//!
//! - **serde_json** (`to_string`, `to_vec`, `to_writer`, `from_str`, `from_slice`,
//!   `from_reader`, `to_value`, `from_value`): exactly FHIR JSON. The value is written by
//!   the native writer and handed to serde_json as a raw JSON value (serde_json's
//!   `raw_value` protocol, which this feature turns on), so the bytes are those of
//!   [`FhirJson::to_json`](crate::rt::FhirJson::to_json) and decimals keep their text.
//!   Reading takes the value's raw JSON text from serde_json and runs the native reader on
//!   it: the same checks and the same errors, with their FHIR paths, as
//!   [`FhirJson::from_json`](crate::rt::FhirJson::from_json) (serde_json appends where in its
//!   input the value ends). A resource can sit anywhere in a larger serde value (a field of
//!   a struct, an item of a `Vec`). `serde_json::Value` holds numbers as `f64`/`i64`, so a
//!   trip through `to_value` keeps a decimal's value but not always its text.
//! - **Binary formats** (those whose serializer is not human-readable: postcard, bincode,
//!   MessagePack, CBOR …): the value is carried as one string, its compact FHIR JSON, and
//!   read back through the native reader. Round trips are exact.
//! - **Other human-readable formats** (YAML, TOML, RON): they see serde_json's raw-value
//!   marker, a one-field struct whose field holds the FHIR JSON text. Round trips are exact
//!   but the document is not a YAML/TOML rendering of the resource's structure; convert to
//!   `serde_json::Value` first when that is wanted.
//!
//! Reading in any format also accepts a plain string holding FHIR JSON.

use std::fmt;
use std::marker::PhantomData;

use ::serde::de::{MapAccess, Visitor};
use ::serde::ser::SerializeStruct;
pub use ::serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use crate::rt::json::{JsonWriter, from_slice};
use crate::rt::{FhirValue, ReadOptions};

/// The name serde_json's raw-value protocol gives the struct (and its one field) that
/// carries raw JSON text: serde_json writes the field's string as it is, and reading a
/// newtype struct of this name hands the visitor the value's raw JSON text instead of
/// parsing it. `serde_json::value::RawValue` uses the same name; going through it directly
/// would parse the text once more. A test (`tests/serde.rs`) compares the bytes serde_json
/// writes with the native writer's, so a change of the protocol cannot go unnoticed.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Serializes `value` as its FHIR JSON (see the module docs for each kind of format).
pub fn serialize<T: FhirValue, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    // The text is written into a buffer this thread keeps between calls, so that writing
    // many resources does not grow a new buffer for each.
    let mut w = JsonWriter::with_buffer(BUFFER.take());
    value.write_json_bare(&mut w);
    let text = w.into_string();
    let result = serialize_json_text(&text, serializer);
    let mut buffer = text.into_bytes();
    if buffer.capacity() <= KEEP_BUFFER {
        buffer.clear();
        BUFFER.set(buffer);
    }
    result
}

thread_local! {
    /// [`serialize`]'s buffer; taken while in use, so a nested call starts a fresh one.
    static BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The largest buffer a thread keeps (a larger one, written for a large Bundle, is freed).
const KEEP_BUFFER: usize = 4 << 20;

/// Serializes FHIR JSON text that the native writer produced (also what the profile types
/// of `careconnect-models` call, after writing their base value).
pub fn serialize_json_text<S: Serializer>(json: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        let mut s = serializer.serialize_struct(RAW_VALUE, 1)?;
        s.serialize_field(RAW_VALUE, json)?;
        s.end()
    } else {
        serializer.serialize_str(json)
    }
}

/// Deserializes a `T` from its FHIR JSON, read with the native reader's default options
/// (strict: unknown elements are errors).
pub fn deserialize<'de, T: FhirValue, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserialize_json_text(deserializer, |json| {
        from_slice::<T>(json, ReadOptions::default()).map(|(v, _)| v)
    })
}

/// Deserializes FHIR JSON text and hands it to `read` (the native reader, or a profile
/// type's reader); `read`'s error becomes the format's error with the same message.
pub fn deserialize_json_text<'de, T, E, D>(
    deserializer: D,
    read: impl FnOnce(&[u8]) -> Result<T, E>,
) -> Result<T, D::Error>
where
    E: fmt::Display,
    D: Deserializer<'de>,
{
    let visitor = TextVisitor {
        read,
        _out: PhantomData,
    };
    if deserializer.is_human_readable() {
        deserializer.deserialize_newtype_struct(RAW_VALUE, visitor)
    } else {
        deserializer.deserialize_str(visitor)
    }
}

/// Receives FHIR JSON text in whichever shape the format hands it over: the raw text
/// (serde_json), a string (binary formats, or a string holding FHIR JSON), or the raw-value
/// marker struct (other human-readable formats).
struct TextVisitor<F, T, E> {
    read: F,
    _out: PhantomData<fn() -> Result<T, E>>,
}

impl<F, T, E> TextVisitor<F, T, E>
where
    F: FnOnce(&[u8]) -> Result<T, E>,
    E: fmt::Display,
{
    fn text<Er: de::Error>(self, json: &[u8]) -> Result<T, Er> {
        (self.read)(json).map_err(Er::custom)
    }
}

impl<'de, F, T, E> Visitor<'de> for TextVisitor<F, T, E>
where
    F: FnOnce(&[u8]) -> Result<T, E>,
    E: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a FHIR JSON value")
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<T, Er> {
        self.text(v.as_bytes())
    }

    fn visit_bytes<Er: de::Error>(self, v: &[u8]) -> Result<T, Er> {
        self.text(v)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // The raw-value marker: one entry whose value is the text.
        if map.next_key::<MarkerKey>()?.is_none() {
            return Err(de::Error::invalid_length(0, &self));
        }
        let value = map.next_value_seed(TextSeed(self))?;
        if map.next_key::<MarkerKey>()?.is_some() {
            return Err(de::Error::invalid_length(2, &"one entry holding FHIR JSON"));
        }
        Ok(value)
    }
}

/// The key of the raw-value marker; any other key is an error (a map of the resource's
/// own elements is not FHIR JSON text: see the module docs).
struct MarkerKey;

impl<'de> Deserialize<'de> for MarkerKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = MarkerKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "the key {RAW_VALUE:?} holding FHIR JSON text (a resource's own elements \
                     are read from JSON only)"
                )
            }
            fn visit_str<Er: de::Error>(self, v: &str) -> Result<MarkerKey, Er> {
                if v == RAW_VALUE {
                    Ok(MarkerKey)
                } else {
                    Err(de::Error::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the marker's value as text.
struct TextSeed<V>(V);

impl<'de, F, T, E> de::DeserializeSeed<'de> for TextSeed<TextVisitor<F, T, E>>
where
    F: FnOnce(&[u8]) -> Result<T, E>,
    E: fmt::Display,
{
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_str(self.0)
    }
}
