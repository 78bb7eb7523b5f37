//! Lenient reading at scale: issues are located in one pass over the input (positions
//! exactly those `Position::locate` gives), at most `ReadOptions::max_issues` are recorded
//! and one more says how many were not, in both readers; a strict read of the same input
//! fails as it always did. Timings are in `benchmarks/lenient-scaling.sh`, never here.

use careconnect_models::rt::error::Locator;
use careconnect_models::rt::{ErrorKind, FhirJson, FhirXml, Issue, Position, ReadOptions};
use careconnect_models::stu3::Patient;

/// Line and column of `offset` computed on text, independently of the runtime: the line
/// is one more than the `\n`s before it, the column one more than the characters since
/// the last of them (a `\r` is a character).
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Multi-byte UTF-8 (2, 3 and 4 bytes), CRLF and LF line ends, a lone CR, blank lines, no
/// line end at the end; and bytes that are not UTF-8, which are counted byte by byte.
const INPUTS: [&[u8]; 8] = [
    b"",
    b"\n",
    b"\r\n",
    b"abc",
    "Zo\u{eb} \u{20ac}\u{1f600}\r\nx\n\n\u{df}\r\n\r\n".as_bytes(),
    "\u{1f600}\u{1f600}\n\u{e9}\r\u{e9}\r\n  \"\u{fc}nknown\": 1\n".as_bytes(),
    b"\xff\x80\n\xc3\r\n\xe2\x82",
    b"{\r\n  \"a\": \"\xc3\xa9\",\n  \"b\": [1,\r\n 2]\r\n}",
];

/// Every offset of `src` and a few past its end (clamped), in increasing order.
fn offsets(src: &[u8]) -> Vec<usize> {
    (0..src.len() + 3).collect()
}

#[test]
fn the_locator_gives_the_positions_position_locate_gives_in_any_order() {
    for src in INPUTS {
        let forward = offsets(src);
        let backward: Vec<usize> = forward.iter().rev().copied().collect();
        // A fixed shuffle: steps of 7 around the offsets, so each jump goes forward or back.
        let n = forward.len();
        let shuffled: Vec<usize> = (0..n).map(|i| (i * 7 + 3) % n).collect();
        // Forward with repeats and with offsets skipped.
        let repeats: Vec<usize> = forward.iter().flat_map(|&o| [o, o]).step_by(3).collect();
        for order in [&forward, &backward, &shuffled, &repeats] {
            let mut locator = Locator::new(src);
            for &offset in order {
                assert_eq!(
                    locator.locate(offset),
                    Position::locate(src, offset),
                    "offset {offset} of {:?} (order {order:?})",
                    String::from_utf8_lossy(src)
                );
            }
        }
    }
}

#[test]
fn position_locate_counts_lines_at_lf_and_columns_in_characters() {
    // The reference the locator is held to, checked against text on the valid inputs.
    for src in INPUTS {
        let Ok(text) = std::str::from_utf8(src) else {
            continue;
        };
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let p = Position::locate(src, offset);
            assert_eq!(
                (p.line, p.column),
                line_column(text, offset),
                "{text:?} at {offset}"
            );
            assert_eq!(p.offset, offset);
        }
    }
}

/// A Patient with unknown elements at three levels and a `communication` without its
/// required `language`, with CRLF and LF line ends and multi-byte characters before each.
const JSON: &str = "{\r\n  \"resourceType\": \"Patient\",\r\n  \"x\u{20ac}1\": 1,\n  \
    \"name\": [{\"family\": \"Zo\u{eb} \u{1f600}\", \"nick\u{e9}\": \"y\"}],\r\n  \
    \"communication\": [\n    {\"preferred\": true, \"dialect\": \"\u{e9}\"},\r\n    \
    {\"language\": {\"text\": \"Cymraeg\"}}\n  ],\n  \"\u{fc}nknown\": {\"a\": [1, {\"b\": \"\u{df}\"}]}\n}";

/// The same content in FHIR XML.
const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Patient xmlns=\"http://hl7.org/fhir\">\r\n  \
    <x\u{20ac}1 value=\"1\"/>\n  <name><family value=\"Zo\u{eb} \u{1f600}\"/><nick\u{e9} value=\"y\"/></name>\r\n  \
    <communication>\n    <preferred value=\"true\"/><dialect value=\"\u{e9}\"/></communication>\r\n  \
    <communication><language><text value=\"Cymraeg\"/></language></communication>\n  \
    <\u{fc}nknown><a><b value=\"\u{df}\"/></a></\u{fc}nknown>\n</Patient>";

/// What each issue of [`JSON`] / [`XML`] is, in the order found (the missing `language` is
/// found at the end of its object, after the unknown element inside it, though it stands
/// before it), and the text its position points at.
const EXPECTED: [(&str, &str, &str, &str); 5] = [
    (
        "Patient",
        "unknown element 'x\u{20ac}1'",
        "\"x\u{20ac}1\"",
        "<x\u{20ac}1 ",
    ),
    (
        "Patient.name[0]",
        "unknown element 'nick\u{e9}'",
        "\"nick\u{e9}\"",
        "<nick\u{e9} ",
    ),
    (
        "Patient.communication[0]",
        "unknown element 'dialect'",
        "\"dialect\"",
        "<dialect ",
    ),
    (
        "Patient.communication[0]",
        "missing required element 'language'",
        "{\"preferred\"",
        "<communication>\n",
    ),
    (
        "Patient",
        "unknown element '\u{fc}nknown'",
        "\"\u{fc}nknown\"",
        "<\u{fc}nknown>",
    ),
];

fn check_issues(text: &str, issues: &[Issue], xml: bool) {
    assert_eq!(issues.len(), EXPECTED.len(), "{issues:#?}");
    for (issue, (path, message, json_at, xml_at)) in issues.iter().zip(EXPECTED) {
        let at = if xml { xml_at } else { json_at };
        let p = issue.position;
        assert_eq!(issue.path, path, "{issue}");
        assert!(issue.message.starts_with(message), "{issue}");
        assert!(
            text[p.offset..].starts_with(at),
            "{issue} points at {:?}",
            &text[p.offset..]
        );
        // Exactly what the reader computed before issues were located in one pass.
        assert_eq!(p, Position::locate(text.as_bytes(), p.offset), "{issue}");
        assert_eq!((p.line, p.column), line_column(text, p.offset), "{issue}");
    }
}

#[test]
fn json_issue_positions_are_those_position_locate_gives() {
    let (_, issues) = Patient::from_json_with(JSON, ReadOptions::lenient()).expect("lenient");
    check_issues(JSON, &issues, false);
    // Two written out: after a multi-byte character on a line ending in CRLF, and the
    // missing element before the unknown one found first.
    let at = |i: usize| (issues[i].position.line, issues[i].position.column);
    assert_eq!(at(1), (4, 32));
    assert_eq!((at(2), at(3)), ((6, 25), (6, 5)));
}

#[test]
fn xml_issue_positions_are_those_position_locate_gives() {
    let (_, issues) = Patient::from_xml_with(XML, ReadOptions::lenient()).expect("lenient");
    check_issues(XML, &issues, true);
    let at = |i: usize| (issues[i].position.line, issues[i].position.column);
    assert_eq!(at(1), (4, 32));
    assert_eq!((at(2), at(3)), ((6, 30), (5, 3)));
}

#[test]
fn a_strict_read_fails_at_the_first_issue_of_the_lenient_one() {
    let (_, json_issues) = Patient::from_json_with(JSON, ReadOptions::lenient()).expect("json");
    let e = Patient::from_json(JSON).expect_err("strict JSON");
    assert_eq!(
        e.kind(),
        &ErrorKind::UnknownElement {
            name: "x\u{20ac}1".into(),
            did_you_mean: None
        }
    );
    assert_eq!(e.position(), Some(json_issues[0].position));
    assert_eq!(
        e.to_string(),
        "Patient: unknown element 'x\u{20ac}1' (line 3, column 3)"
    );

    let (_, xml_issues) = Patient::from_xml_with(XML, ReadOptions::lenient()).expect("xml");
    let e = Patient::from_xml(XML).expect_err("strict XML");
    assert!(matches!(e.kind(), ErrorKind::UnknownElement { name, .. } if name == "x\u{20ac}1"));
    assert_eq!(e.position(), Some(xml_issues[0].position));
    assert_eq!(
        e.to_string(),
        "Patient: unknown element 'x\u{20ac}1' (line 3, column 3)"
    );

    // A missing required element alone: the strict error stands where the issue does.
    let json =
        "{\"resourceType\": \"Patient\",\r\n \"communication\": [\n  {\"preferred\": true}]}";
    let (_, issues) = Patient::from_json_with(json, ReadOptions::lenient()).expect("lenient");
    let e = Patient::from_json(json).expect_err("strict");
    assert_eq!(e.kind(), &ErrorKind::MissingElement("language"));
    assert_eq!(e.position(), Some(issues[0].position));
    assert_eq!(
        e.to_string(),
        "Patient.communication[0]: missing required element 'language' (line 3, column 3)"
    );
}

/// A Patient with `n` unknown elements, one per line from line 2, in JSON.
fn json_unknowns(n: usize) -> String {
    let mut s = String::from("{\"resourceType\": \"Patient\"");
    for i in 0..n {
        s.push_str(&format!(",\n  \"u{i}\": {i}"));
    }
    s.push_str("\n}");
    s
}

/// The same in XML.
fn xml_unknowns(n: usize) -> String {
    let mut s = String::from("<Patient xmlns=\"http://hl7.org/fhir\">");
    for i in 0..n {
        s.push_str(&format!("\n  <u{i} value=\"{i}\"/>"));
    }
    s.push_str("\n</Patient>");
    s
}

fn lenient_json(text: &str, options: ReadOptions) -> Vec<Issue> {
    Patient::from_json_with(text, options)
        .expect("lenient JSON")
        .1
}

fn lenient_xml(text: &str, options: ReadOptions) -> Vec<Issue> {
    Patient::from_xml_with(text, options)
        .expect("lenient XML")
        .1
}

/// Checks that `issues` are the first `kept` of `found` unknown elements `u0`, `u1`, ...
/// (one per line from line 2), then the one saying how many more were not recorded.
fn check_bound(issues: &[Issue], found: usize, kept: usize, max: usize) {
    let summary = usize::from(found > kept);
    assert_eq!(issues.len(), kept + summary);
    for (i, issue) in issues[..kept].iter().enumerate() {
        assert!(
            issue
                .message
                .starts_with(&format!("unknown element 'u{i}'")),
            "{issue}"
        );
        assert_eq!(
            (issue.position.line, issue.position.column),
            (i + 2, 3),
            "{issue}"
        );
    }
    if summary == 1 {
        let last = &issues[kept];
        let more = found - kept;
        let what = if more == 1 { "issue" } else { "issues" };
        assert_eq!(
            last.message,
            format!(
                "{more} more {what} found and not recorded, the first of them here \
                 (ReadOptions::max_issues is {max})"
            )
        );
        assert_eq!(last.path, "Patient");
        // Where `u{kept}`, the first not recorded, stands.
        assert_eq!((last.position.line, last.position.column), (kept + 2, 3));
    }
}

#[test]
fn the_default_bound_records_1000_issues_then_says_how_many_more() {
    assert_eq!(ReadOptions::lenient().max_issues, 1000);
    assert_eq!(ReadOptions::default().max_issues, 1000);
    let (json, xml) = (json_unknowns(2500), xml_unknowns(2500));
    check_bound(
        &lenient_json(&json, ReadOptions::lenient()),
        2500,
        1000,
        1000,
    );
    check_bound(&lenient_xml(&xml, ReadOptions::lenient()), 2500, 1000, 1000);
    // Exactly as many as the bound: all recorded, nothing more to say.
    let (json, xml) = (json_unknowns(1000), xml_unknowns(1000));
    check_bound(
        &lenient_json(&json, ReadOptions::lenient()),
        1000,
        1000,
        1000,
    );
    check_bound(&lenient_xml(&xml, ReadOptions::lenient()), 1000, 1000, 1000);
}

#[test]
fn max_issues_sets_the_bound_in_both_readers() {
    let (json, xml) = (json_unknowns(40), xml_unknowns(40));
    for (max, kept) in [
        (0, 0),
        (1, 1),
        (39, 39),
        (40, 40),
        (41, 40),
        (usize::MAX, 40),
    ] {
        let options = ReadOptions::lenient().with_max_issues(max);
        assert_eq!(options.max_issues, max);
        check_bound(&lenient_json(&json, options), 40, kept, max);
        check_bound(&lenient_xml(&xml, options), 40, kept, max);
    }
    // The field, as the other options are set.
    let options = ReadOptions {
        max_issues: 5,
        ..ReadOptions::lenient()
    };
    check_bound(&lenient_json(&json, options), 40, 5, 5);
    check_bound(&lenient_xml(&xml, options), 40, 5, 5);
}

#[test]
fn missing_required_elements_count_against_the_bound_in_the_order_found() {
    // Each `communication` item has an unknown element and lacks `language`: the issues
    // alternate, the missing element standing before the unknown one found first (where
    // the item's value starts: at its `{` for the first, just after the `,` for the next).
    let items: Vec<String> = (0..6)
        .map(|i| format!("\n {{\"preferred\": true, \"d{i}\": 1}}"))
        .collect();
    let json = format!(
        "{{\"resourceType\": \"Patient\", \"communication\": [{}]}}",
        items.join(",")
    );
    let issues = lenient_json(&json, ReadOptions::lenient().with_max_issues(5));
    let found: Vec<(&str, (usize, usize))> = issues
        .iter()
        .map(|i| (i.message.as_str(), (i.position.line, i.position.column)))
        .collect();
    assert_eq!(
        found,
        [
            ("unknown element 'd0'; skipped", (2, 22)),
            ("missing required element 'language'; left empty", (2, 2)),
            ("unknown element 'd1'; skipped", (3, 22)),
            ("missing required element 'language'; left empty", (2, 31)),
            ("unknown element 'd2'; skipped", (4, 22)),
            (
                "7 more issues found and not recorded, the first of them here \
                 (ReadOptions::max_issues is 5)",
                (3, 31)
            ),
        ]
    );
    assert_eq!(issues[5].path, "Patient.communication[2]");
}

#[test]
fn a_strict_read_of_many_unknown_elements_fails_at_the_first() {
    let json = json_unknowns(2500);
    let e = Patient::from_json(&json).expect_err("strict JSON");
    assert_eq!(
        e.to_string(),
        "Patient: unknown element 'u0' (line 2, column 3)"
    );
    assert_eq!(
        e.position(),
        Some(lenient_json(&json, ReadOptions::lenient())[0].position)
    );
    let xml = xml_unknowns(2500);
    let e = Patient::from_xml(&xml).expect_err("strict XML");
    assert_eq!(
        e.to_string(),
        "Patient: unknown element 'u0' (line 2, column 3)"
    );
    assert_eq!(
        e.position(),
        Some(lenient_xml(&xml, ReadOptions::lenient())[0].position)
    );
}
