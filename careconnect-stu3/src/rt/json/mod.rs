//! FHIR JSON: the reader, the writer, and the entry points generated types use.

mod read;
mod write;

pub use read::{
    Checkpoint, InvalidValues, JsonReader, MissingRequired, ReadOptions, Token, UnknownElements,
};
pub use write::JsonWriter;

use crate::rt::error::{Issue, Result};
use crate::rt::value::{FhirValue, Part};

/// Reading and writing FHIR JSON; implemented for every generated resource, datatype and
/// the [`Resource`](crate::stu3::Resource) enum.
pub trait FhirJson: Sized {
    /// Reads FHIR JSON, failing on any unknown element.
    fn from_json(json: impl AsRef<[u8]>) -> Result<Self>;

    /// Reads FHIR JSON with options; returns the issues recorded in lenient mode
    /// (unknown elements skipped, with their paths).
    fn from_json_with(json: impl AsRef<[u8]>, options: ReadOptions) -> Result<(Self, Vec<Issue>)>;

    /// Writes compact FHIR JSON.
    fn to_json(&self) -> String;

    /// Writes FHIR JSON indented by two spaces.
    fn to_json_pretty(&self) -> String;

    /// Appends compact FHIR JSON to `out`.
    fn write_json(&self, out: &mut Vec<u8>);
}

impl<T: FhirValue> FhirJson for T {
    fn from_json(json: impl AsRef<[u8]>) -> Result<Self> {
        let (v, _) = from_slice(json.as_ref(), ReadOptions::default())?;
        Ok(v)
    }

    fn from_json_with(json: impl AsRef<[u8]>, options: ReadOptions) -> Result<(Self, Vec<Issue>)> {
        from_slice(json.as_ref(), options)
    }

    fn to_json(&self) -> String {
        let mut w = JsonWriter::compact();
        self.write_json_bare(&mut w);
        w.into_string()
    }

    fn to_json_pretty(&self) -> String {
        let mut w = JsonWriter::pretty(2);
        self.write_json_bare(&mut w);
        w.into_string()
    }

    fn write_json(&self, out: &mut Vec<u8>) {
        let mut w = JsonWriter::with_buffer(std::mem::take(out));
        self.write_json_bare(&mut w);
        *out = w.into_bytes();
    }
}

/// Reads one top-level value of type `T` from `src`.
pub fn from_slice<T: FhirValue>(src: &[u8], options: ReadOptions) -> Result<(T, Vec<Issue>)> {
    read_root(src, options, T::type_name(), |r| {
        T::read_new(r, Part::Value)
    })
}

/// Reads one top-level JSON value from `src` with `read`, with the document checks of
/// [`from_slice`] (what may stand before and after the value) and `root`, the type's
/// name, at the start of error paths. Returns what `read` gave and the issues of a lenient
/// read. A reader that does not go through [`FhirValue`] (a profile type filling its
/// fields straight from the wire) calls this with its own `read`.
pub fn read_root<T>(
    src: &[u8],
    options: ReadOptions,
    root: Option<&'static str>,
    read: impl FnOnce(&mut JsonReader<'_>) -> Result<T>,
) -> Result<(T, Vec<Issue>)> {
    let mut r = JsonReader::new(src, options);
    r.set_root(root.unwrap_or(""));
    let with_root = |e: crate::rt::error::Error| match root {
        Some(name) => e.with_root(name),
        None => e,
    };
    r.check_start().map_err(with_root)?;
    let v = read(&mut r).map_err(with_root)?;
    r.finish().map_err(with_root)?;
    Ok((v, r.take_issues()))
}
