//! The doc lines of profile fields: the element id linked to the profile's canonical page,
//! cardinality and the base field (an intra-doc link, whose docs link the specification),
//! then a short list of what the element's definition says besides: slicing, binding (with
//! its code enum), fixed value, reference targets, choice types, maxLength, must-support.
//! Facts and links only; nothing of a definition's prose.

use crate::diag::Result;
use crate::emit::{binding_doc, doc_lines};
use crate::ir::FieldType;
use crate::ir::profile::{
    ElementFacts, Member, PField, PStruct, PType, ProfileKind, ProfileModule, Rest, SharedStruct,
    Slicing, SlicingRule, SlicingRules,
};

use super::Cx;

/// Where a struct stands, for the docs of its fields.
#[derive(Clone, Copy)]
pub(super) enum Place<'l> {
    /// A struct of this module (its main type or a nested struct).
    Module(&'l ProfileModule),
    /// A shared struct, standing for several places.
    Shared(&'l SharedStruct),
}

/// The doc lines of field `f` of struct `s`.
pub(super) fn field_doc(
    cx: &Cx<'_>,
    place: Place<'_>,
    s: &PStruct,
    f: &PField,
) -> Result<Vec<String>> {
    let base = format!("[`{0}::{1}`](crate::stu3::{0}::{1})", s.base, f.base_field);
    let (summary, facts) = match place {
        Place::Module(m) => (
            format!(" [`{}`]({}) · {} · base {base}", f.element, m.url, f.bounds),
            m.element_facts.get(&f.element).cloned().unwrap_or_default(),
        ),
        // The places' profiles are listed on the struct; the element as the struct has it.
        Place::Shared(shared) => (
            format!(
                " `{}` · {} · base {base}",
                relative(s, &f.element),
                f.bounds
            ),
            common_facts(cx, shared, s, &f.element),
        ),
    };
    let mut lines = Vec::new();
    if let Some(slicing) = s.slicings().find(|sl| sl.fields().any(|x| x == f)) {
        lines.extend(slice_doc(cx, place, s, slicing, f));
    }
    lines.extend(type_doc(cx, place, s, f, &facts)?);
    if !facts.targets.is_empty() {
        let targets: Vec<String> = facts.targets.iter().map(|t| target(cx, t)).collect();
        lines.push(format!(" - targets: {}", targets.join(", ")));
    }
    if facts.must_support {
        lines.push(" - must support".to_string());
    }
    Ok(doc_lines(summary, lines))
}

/// `element` relative to the struct's own element (the same for every place a shared struct
/// stands for).
fn relative<'e>(s: &PStruct, element: &'e str) -> &'e str {
    element
        .strip_prefix(&s.element)
        .map_or(element, |r| r.trim_start_matches('.'))
}

/// What every place a shared struct stands for says of its element `element`.
fn common_facts(cx: &Cx<'_>, shared: &SharedStruct, s: &PStruct, element: &str) -> ElementFacts {
    let suffix = element.strip_prefix(&s.element).unwrap_or_default();
    let mut out: Option<ElementFacts> = None;
    for u in &shared.used_by {
        let facts = cx
            .layer
            .modules()
            .find(|m| m.url == u.profile)
            .and_then(|m| m.element_facts.get(&format!("{}{suffix}", u.element)))
            .cloned()
            .unwrap_or_default();
        out = Some(match out {
            None => facts,
            Some(o) => o.common(&facts),
        });
    }
    out.unwrap_or_default()
}

/// The slice a field is, or that it holds the items no slice matches, with how the
/// element is sliced.
fn slice_doc(
    cx: &Cx<'_>,
    place: Place<'_>,
    s: &PStruct,
    slicing: &Slicing,
    f: &PField,
) -> Option<String> {
    let rule = match place {
        Place::Module(m) => m
            .element_facts
            .get(&slicing.element)
            .and_then(|x| x.slicing.clone()),
        Place::Shared(shared) => common_facts(cx, shared, s, &slicing.element).slicing,
    };
    let by = rule.as_ref().map(sliced_by).unwrap_or_default();
    let element = relative(s, &slicing.element);
    if let Some(slice) = slicing.slices.iter().find(|x| x.field.as_ref() == Some(f)) {
        return Some(format!(" - slice `{}` of `{element}`{by}", slice.name));
    }
    match &slicing.rest {
        Rest::Open(r) if r == f => {
            let rules = rule.map_or(SlicingRules::Open, |r| r.rules).code();
            Some(format!(
                " - the items of `{element}` no slice matches{by}; {rules}"
            ))
        }
        Rest::Open(_) | Rest::Closed => None,
    }
}

/// `, by value `system`` (and `, ordered`).
fn sliced_by(rule: &SlicingRule) -> String {
    let mut out = String::new();
    if !rule.discriminators.is_empty() {
        let ds: Vec<String> = rule
            .discriminators
            .iter()
            .map(|d| format!("{} `{}`", d.kind.code(), d.path))
            .collect();
        out.push_str(&format!(", by {}", ds.join(" and ")));
    }
    if rule.ordered {
        out.push_str(", ordered");
    }
    out
}

/// What the field's type says: binding and code enum, fixed value, choice types,
/// maxLength.
fn type_doc(
    cx: &Cx<'_>,
    place: Place<'_>,
    s: &PStruct,
    f: &PField,
    facts: &ElementFacts,
) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    // The profile's code enum, else the base field's (unless the binding is a constant).
    let mut code_enum = None;
    let mut base_enum = None;
    let mut max_length = None;
    for t in f.ty.walk() {
        match t {
            PType::Code { value_set, .. }
            | PType::Concept(value_set)
            | PType::Coding(value_set) => {
                let e = cx.code_enum(&f.element, value_set)?;
                code_enum = Some(format!("[`{e}`](crate::careconnect::codes::{e})"));
            }
            PType::Base {
                ty: FieldType::Code { enum_name },
                ..
            } => base_enum = Some(format!("[`{enum_name}`](crate::stu3::codes::{enum_name})")),
            PType::Fixed(value) => lines.push(format!(
                " - fixed: `{}`, [`{1}`](crate::careconnect::{2}::{1})",
                value.literal.text(),
                value.constant,
                s.name
            )),
            PType::Choice(name) => {
                let variants = cx
                    .layer
                    .modules()
                    .flat_map(|m| &m.choices)
                    .find(|c| &c.name == name)
                    .map(|c| c.variants.iter().map(|v| v.type_code.as_str()).collect());
                lines.extend(variants.map(choice_types));
            }
            PType::Base {
                ty: FieldType::Choice(name),
                ..
            } => {
                let variants = cx
                    .layer
                    .base_choices
                    .iter()
                    .find(|c| &c.name == name)
                    .map(|c| c.variants.iter().map(|v| v.type_code.as_str()).collect());
                lines.extend(variants.map(choice_types));
            }
            PType::ChoiceOnly {
                base_enum, variant, ..
            } => {
                let code = cx
                    .layer
                    .base_choices
                    .iter()
                    .find(|c| &c.name == base_enum)
                    .and_then(|c| c.variants.iter().find(|v| &v.name == variant))
                    .map_or(variant.as_str(), |v| v.type_code.as_str());
                lines.push(choice_types(vec![code]));
            }
            PType::MaxLength { max, .. } => max_length = Some(*max),
            PType::Base { .. } | PType::Struct(_) | PType::Ref { .. } | PType::Unboxed(_) => {}
        }
    }
    // A required binding that could not become a type is a constant of the main type.
    let constant = match place {
        Place::Module(m) => m
            .binding_consts
            .iter()
            .find(|c| c.element == f.element)
            .map(|c| format!("[`{0}`](crate::careconnect::{1}::{0})", c.name, m.name)),
        Place::Shared(_) => None,
    };
    if let Some(b) = &facts.binding {
        let link = code_enum
            .or(constant)
            .or(base_enum)
            .map(|l| format!(", {l}"));
        lines.insert(0, format!("{}{}", binding_doc(b), link.unwrap_or_default()));
    } else if let Some(e) = code_enum.or(base_enum) {
        lines.insert(0, format!(" - codes: {e}"));
    }
    if let Some(max) = max_length {
        lines.push(format!(" - maxLength: {max}"));
    }
    Ok(lines)
}

fn choice_types(codes: Vec<&str>) -> String {
    format!(" - types: {}", codes.join(" | "))
}

/// A target profile as an intra-doc link to its Rust type: a resource profile's main type,
/// a base resource (the `Resource` enum for any), or its URL where there is no type.
fn target(cx: &Cx<'_>, url: &str) -> String {
    let profile = cx
        .layer
        .profiles
        .iter()
        .find(|m| m.url == url && matches!(m.kind, ProfileKind::Resource { .. }));
    if let Some(m) = profile {
        return format!("[`{0}`](crate::careconnect::{0})", m.name);
    }
    match url.strip_prefix(crate::lower::CORE_PREFIX) {
        Some("Resource" | "DomainResource") => "[`Resource`](crate::stu3::Resource)".to_string(),
        // A core resource (core profiles, named in lower case, have no type of their own).
        Some(name)
            if name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            let ty = crate::names::type_name(name);
            format!("[`{ty}`](crate::stu3::{ty})")
        }
        _ => format!("<{url}>"),
    }
}

/// The rule docs of a struct's members that are not fields (fixed and removed elements).
pub(super) fn rules_doc(s: &PStruct) -> Vec<String> {
    s.members
        .iter()
        .filter_map(|m| match m {
            Member::Fixed(f) => Some(format!(
                " - `{}` is fixed to `{}` ([`{2}`](crate::careconnect::{3}::{2}); written on output, checked on input).",
                relative(s, &f.element),
                f.value.literal.text(),
                f.value.constant,
                s.name
            )),
            Member::Removed(r) => Some(format!(
                " - `{}` is not allowed (max 0).",
                relative(s, &r.element)
            )),
            Member::Field(_) | Member::Sliced(_) => None,
        })
        .collect()
}
