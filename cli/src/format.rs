//! Which wire format a file is in, and reading and writing one resource in it.

use std::path::Path;

use careconnect_models::rt::{FhirJson, FhirXml, Issue, ReadOptions};
use careconnect_models::stu3::Resource;

/// FHIR JSON or FHIR XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// The format an extension names (`json`, `xml`, any case).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("json") {
            Some(Format::Json)
        } else if ext.eq_ignore_ascii_case("xml") {
            Some(Format::Xml)
        } else {
            None
        }
    }

    /// The format of an input file: by its extension, else by its first character that
    /// is not whitespace (after a byte order mark): `{` is JSON, `<` is XML.
    pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format, String> {
        if let Some(format) = Format::from_extension(path) {
            return Ok(format);
        }
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Ok(Format::Json),
            Some(b'<') => Ok(Format::Xml),
            Some(_) => Err(
                "cannot tell JSON from XML: the name does not end in .json or .xml and the \
                 content starts with neither '{' nor '<'"
                    .into(),
            ),
            None => Err("the file is empty".into()),
        }
    }
}

/// Reads one resource; with `lenient`, unknown elements are skipped and returned as
/// issues.
pub fn read_resource(
    bytes: &[u8],
    format: Format,
    lenient: bool,
) -> careconnect_models::rt::Result<(Resource, Vec<Issue>)> {
    let options = if lenient {
        ReadOptions::lenient()
    } else {
        ReadOptions::default()
    };
    match format {
        Format::Json => Resource::from_json_with(bytes, options),
        Format::Xml => Resource::from_xml_with(bytes, options),
    }
}

const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// Writes one resource as a whole file (XML with its declaration), ending in a newline.
pub fn write_resource(resource: &Resource, format: Format, pretty: bool) -> String {
    let mut out = match (format, pretty) {
        (Format::Json, false) => resource.to_json(),
        (Format::Json, true) => resource.to_json_pretty(),
        (Format::Xml, false) => format!("{XML_DECLARATION}\n{}", resource.to_xml()),
        (Format::Xml, true) => format!("{XML_DECLARATION}\n{}", resource.to_xml_pretty()),
    };
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_then_first_character() {
        let p = |s: &str| Path::new(s).to_path_buf();
        assert_eq!(Format::detect(&p("a.JSON"), b"<x/>"), Ok(Format::Json));
        assert_eq!(Format::detect(&p("a.xml"), b"{}"), Ok(Format::Xml));
        assert_eq!(Format::detect(&p("a.txt"), b" \n\t{}"), Ok(Format::Json));
        assert_eq!(
            Format::detect(&p("a"), b"\xEF\xBB\xBF  <Patient/>"),
            Ok(Format::Xml)
        );
        assert!(Format::detect(&p("a"), b"[1]").is_err_and(|e| e.contains("neither '{' nor '<'")));
        assert_eq!(
            Format::detect(&p("a"), b"  \n"),
            Err("the file is empty".into())
        );
    }
}
