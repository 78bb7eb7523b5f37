//! Checking a resource against the Care Connect profiles it declares in `meta.profile`
//! (its own and, for a Bundle, those of every entry's resource), and against profiles
//! named on the command line.

use careconnect_models::careconnect::ProfiledResource;
use careconnect_models::rt::profile::Conformance;
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
    /// Resources read: the file's own and every Bundle entry's (recursively).
    pub resources: usize,
    /// Of those, the ones checked against at least one Care Connect profile.
    pub checked: usize,
    /// Of the checked ones, those that fail a profile.
    pub failing: usize,
    /// The profiles checked, each once, in the order first checked.
    pub profiles: Vec<&'static str>,
    pub findings: Vec<Finding>,
    /// Declared profiles that are not HL7 UK Care Connect profiles (not checked), in the
    /// order first seen, with how many resources declare each.
    pub unchecked: Vec<(String, usize)>,
    /// The resource types read, each once, in the order first seen.
    pub types: Vec<&'static str>,
}

impl Report {
    #[cfg(test)]
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
}

/// Checks `resource` and, if it is a Bundle, every entry's resource (recursively)
/// against each profile declared in their `meta.profile`, and against each of `extra`
/// (canonical URLs of [`ProfiledResource::URLS`]) that is of their type. An `extra`
/// profile that fits no resource is an error: the user asked for a check that could not
/// be made.
pub fn check(resource: &Resource, extra: &[&'static str]) -> Report {
    let mut report = Report::default();
    let mut applied = vec![false; extra.len()];
    check_at(resource, None, extra, &mut applied, &mut report);
    for (url, applied) in extra.iter().zip(applied) {
        if !applied {
            let n = report.resources;
            report.findings.push(Finding {
                severity: Severity::Error,
                message: format!(
                    "--profile {url} fits none of the {n} resource{} read ({}): none is of \
                     the type it profiles",
                    if n == 1 { "" } else { "s" },
                    report.types.join(", ")
                ),
            });
        }
    }
    report
}

fn check_at(
    resource: &Resource,
    at: Option<&str>,
    extra: &[&'static str],
    applied: &mut [bool],
    report: &mut Report,
) {
    report.resources += 1;
    let ty = resource.resource_type();
    if !report.types.contains(&ty) {
        report.types.push(ty);
    }
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
    // (checked, failed) for this resource.
    let mut outcome = (false, false);
    let mut done: Vec<&str> = Vec::new();
    for declared in &declared {
        // A canonical reference may carry a version (`url|1.0`).
        let url = declared.split('|').next().unwrap_or_default();
        if done.contains(&url) {
            continue;
        }
        done.push(url);
        match ProfiledResource::from_resource(url, resource.clone()) {
            Some(result) => record(url, result, &prefix, &mut outcome, report),
            None if ProfiledResource::URLS.contains(&url) => {
                report.findings.push(Finding {
                    severity: Severity::Error,
                    message: format!(
                        "{prefix}{ty} declares {url}, a profile of another resource type"
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
    for (i, &url) in extra.iter().enumerate() {
        if done.contains(&url) {
            // Declared too: checked above.
            applied[i] = true;
            continue;
        }
        // `None`: a profile of another resource type (the URL is a known one).
        if let Some(result) = ProfiledResource::from_resource(url, resource.clone()) {
            applied[i] = true;
            record(url, result, &prefix, &mut outcome, report);
        }
    }
    if outcome.0 {
        report.checked += 1;
    }
    if outcome.1 {
        report.failing += 1;
    }
    if let Resource::Bundle(bundle) = resource {
        for (i, entry) in bundle.entry.iter().enumerate() {
            if let Some(r) = &entry.resource {
                let here = match at {
                    Some(a) => format!("{a}.entry[{i}].resource"),
                    None => format!("Bundle.entry[{i}].resource"),
                };
                check_at(r, Some(&here), extra, applied, report);
            }
        }
    }
}

/// Records the outcome of checking one resource against the profile `url`.
fn record(
    url: &str,
    result: Result<ProfiledResource, Conformance>,
    prefix: &str,
    outcome: &mut (bool, bool),
    report: &mut Report,
) {
    outcome.0 = true;
    if let Some(&known) = ProfiledResource::URLS.iter().find(|u| **u == url)
        && !report.profiles.contains(&known)
    {
        report.profiles.push(known);
    }
    if let Err(conformance) = result {
        outcome.1 = true;
        for v in &conformance.violations {
            report.findings.push(Finding {
                severity: Severity::Error,
                message: format!("{prefix}{v} (profile {url})"),
            });
        }
    }
}

/// Reads the value of `--profile`: a Care Connect resource profile's canonical URL (a
/// `|version` suffix is ignored), or its last segment (`CareConnect-Patient-1`, any
/// case). The error names the text and lists close matches.
pub fn parse_profile(text: &str) -> Result<&'static str, String> {
    let url = text.split('|').next().unwrap_or_default();
    if let Some(&known) = ProfiledResource::URLS.iter().find(|u| **u == url) {
        return Ok(known);
    }
    if !url.contains('/')
        && let Some(&known) = ProfiledResource::URLS
            .iter()
            .find(|u| last_segment(u).eq_ignore_ascii_case(url))
    {
        return Ok(known);
    }
    let close = close_matches(url);
    let mut message = format!(
        "not a Care Connect resource profile this tool knows (it knows {}, such as {})",
        ProfiledResource::URLS.len(),
        ProfiledResource::URLS
            .iter()
            .find(|u| u.ends_with("/CareConnect-Patient-1"))
            .or(ProfiledResource::URLS.first())
            .unwrap_or(&"")
    );
    if !close.is_empty() {
        message.push_str("; close matches:");
        for c in close {
            message.push_str("\n  ");
            message.push_str(c);
        }
    }
    Err(message)
}

/// The part after the last `/`.
fn last_segment(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

/// Up to five known URLs whose name is like `text`'s: the names compared without the
/// `CareConnect-` prefix and the version suffix (`observation` for
/// `CareConnect-Observation-1`); one containing the other, or a few edits apart. The
/// closest first.
fn close_matches(text: &str) -> Vec<&'static str> {
    let wanted = core_name(text);
    if wanted.len() < 3 {
        return Vec::new();
    }
    let mut scored: Vec<(bool, usize, &'static str)> = ProfiledResource::URLS
        .iter()
        .filter_map(|&url| {
            let name = core_name(url);
            let contains = name.contains(&wanted) || wanted.contains(&name);
            let distance = edit_distance(&wanted, &name);
            (contains || distance <= (name.len() / 4).max(1)).then_some((!contains, distance, url))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, _, url)| url).collect()
}

/// `observation` for `https://…/CareConnect-Observation-1`: the last segment in lower
/// case, without `careconnect-` and `-1`.
fn core_name(url: &str) -> String {
    let name = last_segment(url).to_ascii_lowercase();
    let name = name.strip_prefix("careconnect-").unwrap_or(&name);
    let name = match name.rsplit_once('-') {
        Some((rest, version)) if version.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => name,
    };
    name.to_string()
}

/// The Levenshtein distance between two strings, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
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
        let report = check(&resource(&bundle), &[]);
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
            (
                report.resources,
                report.checked,
                report.failing,
                report.errors()
            ),
            (4, 2, 1, 2)
        );
        assert_eq!(report.profiles, [org, patient]);
        assert_eq!(report.types, ["Bundle", "Organization", "Patient"]);
        assert_eq!(report.unchecked, [("http://example.org/b".to_string(), 1)]);
    }

    #[test]
    fn a_profile_given_is_checked_on_every_resource_of_its_type_once() {
        let patient = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";
        let bundle = format!(
            r#"{{"resourceType":"Bundle","type":"collection","entry":[
              {{"resource":{{"resourceType":"Patient","meta":{{"profile":["{patient}"]}}}}}},
              {{"resource":{{"resourceType":"Patient"}}}},
              {{"resource":{{"resourceType":"Organization"}}}}]}}"#
        );
        let report = check(&resource(&bundle), &[patient]);
        let paths: Vec<&str> = report
            .findings
            .iter()
            .map(|f| f.message.split(':').next().unwrap_or_default())
            .collect();
        // The declared one once, the undeclared one too; not the Organization.
        assert_eq!(
            paths,
            ["Bundle.entry[0].resource", "Bundle.entry[1].resource"]
        );
        assert_eq!(
            (report.resources, report.checked, report.failing),
            (4, 2, 2)
        );
    }

    #[test]
    fn a_profile_given_that_fits_no_resource_is_an_error() {
        let patient = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";
        let report = check(&resource(r#"{"resourceType":"Organization"}"#), &[patient]);
        assert_eq!(
            report.findings,
            [Finding {
                severity: Severity::Error,
                message: format!(
                    "--profile {patient} fits none of the 1 resource read (Organization): \
                     none is of the type it profiles"
                ),
            }]
        );
        assert_eq!(report.checked, 0);
    }

    #[test]
    fn profile_names_resolve_and_unknown_ones_list_close_matches() {
        let patient = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";
        assert_eq!(parse_profile(patient), Ok(patient));
        assert_eq!(parse_profile(&format!("{patient}|1.0.0")), Ok(patient));
        assert_eq!(parse_profile("careconnect-patient-1"), Ok(patient));
        // Another host is another profile, whatever its last segment.
        let other = "http://example.org/StructureDefinition/CareConnect-Patient-1";
        assert!(parse_profile(other).is_err_and(|e| e.contains(patient)));
        let wrong = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient";
        assert_eq!(
            parse_profile(wrong),
            Err(format!(
                "not a Care Connect resource profile this tool knows (it knows {}, such as \
                 {patient}); close matches:\n  {patient}",
                ProfiledResource::URLS.len()
            ))
        );
        let url = |name: &str| format!("https://fhir.hl7.org.uk/STU3/StructureDefinition/{name}");
        assert_eq!(
            close_matches("CareConnect-Organisation-1"),
            [url("CareConnect-Organization-1")]
        );
        assert_eq!(
            close_matches("Observaton"),
            [url("CareConnect-Observation-1")]
        );
        // Contained names first, the closest of them first; five at most.
        let observations = close_matches(&url("CareConnect-Observation"));
        assert_eq!(observations.len(), 5);
        assert_eq!(observations[0], url("CareConnect-Observation-1"));
        assert!(observations.iter().all(|u| u.contains("Observation")));
        assert!(close_matches("zzzz").is_empty());
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("organisation", "organization"), 1);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
