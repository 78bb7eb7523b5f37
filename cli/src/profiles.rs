//! Checking a resource against the Care Connect profiles it declares in `meta.profile`
//! (its own and, for a Bundle, those of every entry's resource).

use careconnect_models::careconnect::ProfiledResource;
use careconnect_models::rt::{FhirJson, JsonReader, ReadOptions};
use careconnect_models::stu3::Resource;

/// The start of every Care Connect profile's canonical URL.
const CARECONNECT_PREFIX: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The resource does not conform to a profile it declares.
    Error,
    /// A declared Care Connect profile that could not be checked.
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One thing to tell the user; the message names the FHIR path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
}

/// What checking one resource (and its Bundle entries) found.
#[derive(Debug, Default)]
pub struct Report {
    /// Declared Care Connect profiles checked.
    pub checked: usize,
    /// Of those, the ones the resource conforms to.
    pub conforming: usize,
    pub findings: Vec<Finding>,
    /// Declared profiles that are not HL7 UK Care Connect profiles (not checked), in the
    /// order first seen, with how many resources declare each.
    pub unchecked: Vec<(String, usize)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
}

/// Checks `resource` and, if it is a Bundle, every entry's resource (recursively)
/// against each profile declared in their `meta.profile`.
pub fn check(resource: &Resource) -> Report {
    let mut report = Report::default();
    check_at(resource, None, &mut report);
    report
}

fn check_at(resource: &Resource, at: Option<&str>, report: &mut Report) {
    let prefix = at.map(|a| format!("{a}: ")).unwrap_or_default();
    let declared = match declared_profiles(resource) {
        Ok(urls) => urls,
        Err(e) => {
            report.findings.push(Finding {
                severity: Severity::Error,
                message: format!("{prefix}cannot list the declared profiles: {e}"),
            });
            Vec::new()
        }
    };
    for declared in declared {
        // A canonical reference may carry a version (`url|1.0`).
        let url = declared.split('|').next().unwrap_or_default();
        match ProfiledResource::from_resource(url, resource.clone()) {
            Some(Ok(_)) => {
                report.checked += 1;
                report.conforming += 1;
            }
            Some(Err(conformance)) => {
                report.checked += 1;
                for v in &conformance.violations {
                    report.findings.push(Finding {
                        severity: Severity::Error,
                        message: format!("{prefix}{v} (profile {url})"),
                    });
                }
            }
            None if ProfiledResource::URLS.contains(&url) => {
                report.findings.push(Finding {
                    severity: Severity::Error,
                    message: format!(
                        "{prefix}{} declares {url}, a profile of another resource type",
                        resource.resource_type()
                    ),
                });
            }
            None if url.starts_with(CARECONNECT_PREFIX) => {
                report.findings.push(Finding {
                    severity: Severity::Warning,
                    message: format!(
                        "{prefix}{url} is not a Care Connect resource profile this tool \
                         knows; not checked"
                    ),
                });
            }
            None => match report.unchecked.iter_mut().find(|(u, _)| u == url) {
                Some((_, n)) => *n += 1,
                None => report.unchecked.push((url.to_string(), 1)),
            },
        }
    }
    if let Resource::Bundle(bundle) = resource {
        for (i, entry) in bundle.entry.iter().enumerate() {
            if let Some(r) = &entry.resource {
                let here = match at {
                    Some(a) => format!("{a}.entry[{i}].resource"),
                    None => format!("Bundle.entry[{i}].resource"),
                };
                check_at(r, Some(&here), report);
            }
        }
    }
}

/// The URLs in the resource's own `meta.profile` (not those of contained or entry
/// resources).
pub fn declared_profiles(resource: &Resource) -> careconnect_models::rt::Result<Vec<String>> {
    let json = resource.to_json();
    let mut r = JsonReader::new(json.as_bytes(), ReadOptions::default());
    let mut urls = Vec::new();
    r.begin_object("a resource")?;
    let mut first = true;
    while let Some(key) = r.next_key(&mut first)? {
        if key != "meta" {
            r.skip_value()?;
            continue;
        }
        r.begin_object("Meta")?;
        let mut first = true;
        while let Some(key) = r.next_key(&mut first)? {
            if key != "profile" {
                r.skip_value()?;
                continue;
            }
            r.begin_array("an array of uri")?;
            let mut first = true;
            while r.next_item(&mut first)? {
                // `null` stands for an item that has only extensions (in `_profile`).
                if !r.read_null()? {
                    urls.push(r.read_string("a uri")?);
                }
            }
        }
    }
    Ok(urls)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(json: &str) -> Resource {
        Resource::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    #[test]
    fn declared_profiles_are_read_from_meta_only() {
        let r = resource(
            r#"{"resourceType":"Patient","id":"x","meta":{"versionId":"1",
            "profile":["http://a/1",null,"http://b/2"],
            "_profile":[null,{"extension":[{"url":"http://e","valueString":"v"}]},null]},
            "contained":[{"resourceType":"Patient","meta":{"profile":["http://c/3"]}}]}"#,
        );
        assert_eq!(
            declared_profiles(&r).map_err(|e| e.to_string()),
            Ok(vec!["http://a/1".to_string(), "http://b/2".to_string()])
        );
        assert_eq!(
            declared_profiles(&resource(r#"{"resourceType":"Patient"}"#))
                .map_err(|e| e.to_string()),
            Ok(vec![])
        );
    }

    #[test]
    fn findings_name_the_entry_the_path_and_the_profile() {
        let org = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Organization-1";
        let patient = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";
        let bundle = format!(
            r#"{{"resourceType":"Bundle","type":"collection","meta":{{"profile":["http://example.org/b"]}},
            "entry":[
              {{"resource":{{"resourceType":"Organization","meta":{{"profile":["{org}"]}},"name":"A"}}}},
              {{"resource":{{"resourceType":"Organization","meta":{{"profile":["{patient}|1.0"]}},"name":"B"}}}},
              {{"resource":{{"resourceType":"Patient","meta":{{"profile":["{patient}",
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Nothing-1"]}}}}}}
            ]}}"#
        );
        let report = check(&resource(&bundle));
        let findings: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.severity.label(), f.message))
            .collect();
        assert_eq!(
            findings,
            [
                format!(
                    "error: Bundle.entry[1].resource: Organization declares {patient}, a profile \
                     of another resource type"
                ),
                format!(
                    "error: Bundle.entry[2].resource: Patient.name:official: required by the profile but absent \
                     (profile {patient})"
                ),
                "warning: Bundle.entry[2].resource: https://fhir.hl7.org.uk/STU3/StructureDefinition/\
                 CareConnect-Nothing-1 is not a Care Connect resource profile this tool knows; not checked"
                    .to_string(),
            ]
        );
        assert_eq!(
            (report.checked, report.conforming, report.errors()),
            (2, 1, 2)
        );
        assert_eq!(report.unchecked, [("http://example.org/b".to_string(), 1)]);
    }
}
