//! Stage 3: named corrections for defects in published definitions.
//!
//! One function per defect, with a comment on what is wrong. Each fails generation when it
//! no longer finds what it corrects, so a fixed upstream definition is noticed and the
//! fixup removed rather than left to rot.

use crate::diag::{Error, Location, Result};
use crate::load::model::{ElementDefinition, Registry, StructureKind, TypedValue, Value};

/// A named correction.
type Fixup = (&'static str, fn(&mut Registry) -> Result<()>);

/// Applies every fixup; the list of what was corrected, for the generation report.
pub fn apply(registry: &mut Registry) -> Result<Vec<String>> {
    let fixups: &[Fixup] = &[
        (
            "problem-header-display-leading-space",
            problem_header_display_leading_space,
        ),
        ("patient-birth-time-kind", patient_birth_time_kind),
    ];
    let mut applied = Vec::new();
    for (name, fixup) in fixups {
        fixup(registry)?;
        applied.push((*name).to_string());
    }
    Ok(applied)
}

const PROBLEM_HEADER: &str =
    "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-ProblemHeader-Condition-1";

/// CareConnect-ProblemHeader-Condition-1 fixes `Condition.category.coding.display` to
/// `" Problem List Item"`, with a leading space that the code's display
/// (`problem-list-item` in `http://hl7.org/fhir/condition-category`) does not have; every
/// instance, the profile's own example included, writes it without. Trimmed.
fn problem_header_display_leading_space(registry: &mut Registry) -> Result<()> {
    let element = "Condition.category.coding.display";
    let sd = registry
        .structure_definitions
        .get_mut(PROBLEM_HEADER)
        .ok_or_else(|| {
            Error::input(
                Location::default().with_url(PROBLEM_HEADER),
                "fixup: profile not found",
            )
        })?;
    let location = sd.source.location(&sd.url).with_element(element);
    let mut found = false;
    for list in [sd.snapshot.as_mut(), sd.differential.as_mut()]
        .into_iter()
        .flatten()
    {
        for e in list.iter_mut().filter(|e| element_is(e, element)) {
            if let Some(TypedValue {
                value: Value::Primitive { value: Some(v), .. },
                ..
            }) = &mut e.fixed
                && v == " Problem List Item"
            {
                *v = "Problem List Item".to_string();
                found = true;
            }
        }
    }
    if found {
        Ok(())
    } else {
        Err(Error::input(
            location,
            "fixup problem-header-display-leading-space no longer applies: remove it",
        ))
    }
}

const PATIENT_BIRTH_TIME: &str = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";

/// Care Connect's copy of the `patient-birthTime` extension declares `kind` =
/// `primitive-type`; an extension definition is a `complex-type` (it constrains
/// `Extension`), as the core copy of the same extension says. Corrected.
fn patient_birth_time_kind(registry: &mut Registry) -> Result<()> {
    let sd = registry
        .structure_definitions
        .get_mut(PATIENT_BIRTH_TIME)
        .ok_or_else(|| {
            Error::input(
                Location::default().with_url(PATIENT_BIRTH_TIME),
                "fixup: extension not found",
            )
        })?;
    if sd.kind != StructureKind::PrimitiveType || sd.type_name != "Extension" {
        return Err(Error::input(
            sd.source.location(&sd.url),
            "fixup patient-birth-time-kind no longer applies: remove it",
        ));
    }
    sd.kind = StructureKind::ComplexType;
    Ok(())
}

fn element_is(e: &ElementDefinition, id: &str) -> bool {
    e.id.as_deref().unwrap_or(&e.path) == id
}
