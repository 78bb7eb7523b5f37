//! The rules the struct readers check across an element's children, the same way for FHIR
//! JSON and XML: `ele-1` (every element has a value or children), the `dom-*` rules on
//! contained resources, and a choice element named with a type it does not take.
//!
//! The `dom-*` rules, as the STU3 `DomainResource` definition states them
//! (<http://hl7.org/fhir/STU3/domainresource.html>):
//!
//! | key | rule | checked while reading |
//! |---|---|---|
//! | dom-1 | a contained resource SHALL NOT contain any narrative | yes: its `text` |
//! | dom-2 | a contained resource SHALL NOT contain nested resources | yes: its `contained` |
//! | dom-3 | a contained resource SHALL be referred to from elsewhere in the resource | yes: when the container ends ([`crate::rt::dom3`]) |
//! | dom-4 | a contained resource SHALL NOT have a `meta.versionId` or `meta.lastUpdated` | yes: its `meta` |

use crate::rt::error::ErrorKind;
use crate::rt::value::{FhirStruct, FieldForm, StructKind, TypeInfo};

/// Whether a struct read with elements `present` (bit `i`: field `i`) breaks ele-1: a
/// datatype or backbone element with no element at all, or only attribute elements (`id`,
/// `url`), which FHIR XML writes as attributes and which are therefore not children
/// (ele-1's XPath: `@value|f:*|h:div`). Resources are not elements, and `Element` is the
/// `_name` object of a primitive, whose value may stand beside it.
#[inline]
pub(crate) fn breaks_ele_1(info: &TypeInfo, present: u128) -> bool {
    if info.kind == StructKind::Resource {
        return false;
    }
    let mut rest = present;
    while rest != 0 {
        let i = rest.trailing_zeros() as usize;
        if info.field(i).form != FieldForm::Attribute {
            return false;
        }
        rest &= rest - 1;
    }
    info.name != "Element"
}

/// The ele-1 error of a struct that [`breaks_ele_1`].
pub(crate) fn ele_1(info: &TypeInfo) -> ErrorKind {
    ErrorKind::Constraint {
        key: "ele-1",
        message: format!(
            "{} has no value and no child elements (every element must have a @value or children)",
            info.name
        ),
    }
}

/// The ele-1 error of a primitive with an id and nothing else.
pub(crate) fn primitive_ele_1() -> ErrorKind {
    ErrorKind::Constraint {
        key: "ele-1",
        message: "a primitive element with an id but no value and no extensions \
                  (every element must have a @value or children)"
            .into(),
    }
}

/// What a resource's reader knows about where it stands: whether it is contained, and
/// which of its elements holds contained resources.
#[derive(Clone, Copy)]
pub(crate) struct ResourceScope {
    /// Whether this struct is a resource (nothing else is checked otherwise).
    pub active: bool,
    /// Whether the resource stands in another's `contained`.
    pub contained: bool,
    /// The field of `contained` (`u16::MAX`: none).
    contained_field: u16,
}

impl ResourceScope {
    /// The scope of a struct of type `info` read where the reader's contained flag is
    /// `contained`.
    #[inline]
    pub fn enter(info: &TypeInfo, contained: bool) -> ResourceScope {
        if info.kind != StructKind::Resource {
            return ResourceScope {
                active: false,
                contained: false,
                contained_field: u16::MAX,
            };
        }
        ResourceScope::resource(info, contained)
    }

    #[inline(never)]
    fn resource(info: &TypeInfo, contained: bool) -> ResourceScope {
        ResourceScope {
            active: true,
            contained,
            contained_field: info.lookup(b"contained").map_or(u16::MAX, |k| k.field),
        }
    }

    /// Whether field `field` holds contained resources.
    #[inline]
    pub fn holds_contained(&self, field: u16) -> bool {
        field == self.contained_field
    }

    /// The dom rule that element `field`, found in a contained resource, breaks by being
    /// there: its narrative (dom-1) or resources of its own (dom-2).
    pub fn misplaced(&self, info: &TypeInfo, field: u16) -> Option<ErrorKind> {
        if !self.contained {
            return None;
        }
        let (key, message) = match info.field(usize::from(field)).name {
            "text" => ("dom-1", "a contained resource has a narrative (text)"),
            "contained" => (
                "dom-2",
                "a contained resource has contained resources of its own",
            ),
            _ => return None,
        };
        Some(ErrorKind::Constraint {
            key,
            message: message.into(),
        })
    }

    /// The dom-4 error if element `field` of the contained resource `v`, just read, is a
    /// `meta` with a `versionId` or `lastUpdated`.
    pub fn meta_versioned(&self, v: &dyn FhirStruct, field: u16) -> Option<ErrorKind> {
        if !self.contained || v.type_info().field(usize::from(field)).name != "meta" {
            return None;
        }
        let slot: &dyn std::any::Any = v.field(usize::from(field));
        let meta = slot
            .downcast_ref::<Option<Box<crate::stu3::Meta>>>()?
            .as_ref()?;
        let which = match (&meta.version_id, &meta.last_updated) {
            (Some(_), Some(_)) => "meta.versionId and meta.lastUpdated",
            (Some(_), None) => "meta.versionId",
            (None, Some(_)) => "meta.lastUpdated",
            (None, None) => return None,
        };
        Some(ErrorKind::Constraint {
            key: "dom-4",
            message: format!("a contained resource has {which}"),
        })
    }
}

/// The FHIR types a choice element may be named with; a key made of a choice element's
/// name and one of these, which the struct does not take, names the wrong type rather than
/// an unknown element.
const TYPES: &[&str] = &[
    "base64Binary",
    "boolean",
    "code",
    "date",
    "dateTime",
    "decimal",
    "id",
    "instant",
    "integer",
    "markdown",
    "oid",
    "positiveInt",
    "string",
    "time",
    "unsignedInt",
    "uri",
    "uuid",
    "Address",
    "Age",
    "Annotation",
    "Attachment",
    "CodeableConcept",
    "Coding",
    "ContactDetail",
    "ContactPoint",
    "Contributor",
    "Count",
    "DataRequirement",
    "Distance",
    "Dosage",
    "Duration",
    "HumanName",
    "Identifier",
    "Meta",
    "Money",
    "ParameterDefinition",
    "Period",
    "Quantity",
    "Range",
    "Ratio",
    "Reference",
    "RelatedArtifact",
    "SampledData",
    "Signature",
    "SimpleQuantity",
    "Timing",
    "TriggerDefinition",
    "UsageContext",
];

/// The type a choice element's name carries (`valueInteger` → `integer`), if `key` is
/// the name of one of `info`'s choice elements followed by a FHIR type (with or without
/// the `_` of a primitive's extensions) that the struct does not take (its table did not
/// have the key).
pub(crate) fn wrong_choice_type(info: &TypeInfo, key: &str) -> Option<ErrorKind> {
    let name = key.strip_prefix('_').unwrap_or(key);
    (0..info.field_names.len()).find_map(|i| {
        let f = info.field(i);
        if f.form != FieldForm::Choice {
            return None;
        }
        let suffix = name.strip_prefix(f.name)?;
        let type_name = TYPES.iter().find(|t| upper_first_eq(t, suffix))?;
        Some(ErrorKind::ChoiceTypeNotAllowed {
            name: key.to_string(),
            type_name: (*type_name).to_string(),
            element: format!("{}[x]", f.name),
            allowed: choice_types(info, f.name).join(", "),
        })
    })
}

/// Whether `suffix` is `type_name` with its first letter upper case.
fn upper_first_eq(type_name: &str, suffix: &str) -> bool {
    let mut t = type_name.chars();
    let mut s = suffix.chars();
    match (t.next(), s.next()) {
        (Some(a), Some(b)) => a.to_ascii_uppercase() == b && t.eq(s),
        _ => false,
    }
}

/// The types choice element `name` takes, from the struct's keys.
fn choice_types(info: &TypeInfo, name: &str) -> Vec<&'static str> {
    info.keys
        .iter()
        .filter_map(|k| k.strip_prefix(name))
        .filter_map(|suffix| TYPES.iter().find(|t| upper_first_eq(t, suffix)).copied())
        .collect()
}
