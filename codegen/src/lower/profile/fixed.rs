//! Fixed and pattern values.
//!
//! A fixed (or pattern) value on a single primitive element is parsed here into the Rust
//! value its element holds ([`Literal`]), so that a value the element's type cannot hold
//! is reported when generating instead of failing when a value is written. A required
//! element becomes a [`FixedElement`] (no field); an optional one a field of type
//! [`PType::Fixed`] (present or absent, never another value). Fixed values on repeating or
//! complex elements are left to the base type, with a diagnostic.

use crate::diag::DiagnosticKind;
use crate::ir::profile::{FixedElement, FixedValue, Literal, Member, PField, PType};
use crate::ir::{Bounds, Field, FieldType, Primitive};
use crate::load::model::{ElementDefinition, Value};
use crate::lower::profile::fields::{Lowered, identity};
use crate::lower::profile::{ProfileLowering, Scope, located, tree::NodeId};
use crate::names;

impl<'a> ProfileLowering<'a> {
    /// The member for base field `bf` if element `node` fixes its value; `None` when it
    /// does not, or when the value cannot be typed (reported) and the element is lowered
    /// as any other.
    pub(super) fn fixed_member(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        bf: &Field,
        bounds: Bounds,
    ) -> Option<Lowered> {
        let n = scope.tree.node(node);
        let def = n.def;
        let value = def.fixed.as_ref().or(def.pattern.as_ref())?;
        let simple = matches!(
            bf.ty,
            FieldType::Primitive(_) | FieldType::Code { .. } | FieldType::Attribute
        ) && !bf.cardinality().repeats();
        let text = match &value.value {
            Value::Primitive { value: Some(v), .. } if simple => v,
            _ => {
                self.diagnostics.push(located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnsupportedConstraint,
                    "a fixed or pattern value on a repeating or complex element is checked by the base type only",
                ));
                return None;
            }
        };
        let literal = self.literal(scope, def, &bf.ty, text)?;
        let value = FixedValue {
            constant: names::fixed_const(&bf.fhir_name),
            literal,
        };
        if bounds.min == 0 {
            // Optional: the field says whether the fixed value is there.
            return Some(Lowered::constrained(Member::Field(PField {
                element: n.id.clone(),
                bounds,
                ty: PType::Fixed(value),
                ..identity(bf, n.id.clone())
            })));
        }
        Some(Lowered::constrained(Member::Fixed(FixedElement {
            base_field: bf.name.clone(),
            element: n.id.clone(),
            base: bf.cardinality(),
            value,
        })))
    }

    /// `text` as a value of an element of type `ty`; `None` (reported) when it is not one.
    fn literal(
        &mut self,
        scope: &Scope<'_, 'a>,
        def: &ElementDefinition,
        ty: &FieldType,
        text: &str,
    ) -> Option<Literal> {
        let literal = match ty {
            FieldType::Attribute => Ok(Literal::Attribute(text.to_string())),
            FieldType::Code { enum_name } => match self.base.code_enums.get(enum_name.as_str()) {
                Some(e) => match e.variants.iter().find(|v| v.code == text) {
                    Some(v) => Ok(Literal::Code {
                        enum_name: enum_name.clone(),
                        variant: v.name.clone(),
                        code: text.to_string(),
                    }),
                    None => Err(format!(
                        "'{text}' is not a code of the element's value set {}",
                        e.value_set
                    )),
                },
                None => Err(format!(
                    "the element's code enum {enum_name} is not in the base layer"
                )),
            },
            FieldType::Primitive(p) => primitive_literal(*p, text),
            FieldType::Complex(_)
            | FieldType::Backbone(_)
            | FieldType::Resource
            | FieldType::Choice(_)
            | FieldType::Xhtml => Err("the element is not a primitive".to_string()),
        };
        match literal {
            Ok(l) => Some(l),
            Err(reason) => {
                self.diagnostics.push(located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnsupportedConstraint,
                    format!("fixed value not used: {reason}; the element is checked by the base type only"),
                ));
                None
            }
        }
    }
}

/// A fixed value of a primitive type, checked against the type's lexical rules.
fn primitive_literal(p: Primitive, text: &str) -> Result<Literal, String> {
    let invalid = || format!("'{text}' is not a valid {}", p.code());
    match p {
        Primitive::String
        | Primitive::Uri
        | Primitive::Code
        | Primitive::Id
        | Primitive::Markdown
        | Primitive::Oid
        | Primitive::Uuid => {
            if text.trim().is_empty() {
                Err(format!("an empty {} value", p.code()))
            } else {
                Ok(Literal::Text(text.to_string()))
            }
        }
        Primitive::Boolean => match text {
            "true" => Ok(Literal::Boolean(true)),
            "false" => Ok(Literal::Boolean(false)),
            _ => Err(invalid()),
        },
        Primitive::Integer => canonical_digits(text.strip_prefix('-').unwrap_or(text))
            .then(|| text.parse().ok())
            .flatten()
            .filter(|_| text != "-0")
            .map(Literal::Integer)
            .ok_or_else(invalid),
        Primitive::UnsignedInt => canonical_digits(text)
            .then(|| text.parse().ok())
            .flatten()
            .filter(|n: &u32| i32::try_from(*n).is_ok())
            .map(Literal::UnsignedInt)
            .ok_or_else(invalid),
        Primitive::PositiveInt => canonical_digits(text)
            .then(|| text.parse().ok())
            .flatten()
            .filter(|n: &u32| *n > 0 && i32::try_from(*n).is_ok())
            .map(Literal::PositiveInt)
            .ok_or_else(invalid),
        Primitive::Decimal
        | Primitive::Base64Binary
        | Primitive::Date
        | Primitive::DateTime
        | Primitive::Instant
        | Primitive::Time => Err(format!(
            "fixed {} values are not turned into constants",
            p.code()
        )),
    }
}

/// Digits without a leading zero (`0`, `12`; not `012`, `+1` or empty).
fn canonical_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !(s.len() > 1 && s.starts_with('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_follow_the_lexical_rules() {
        assert_eq!(
            primitive_literal(Primitive::Integer, "-12"),
            Ok(Literal::Integer(-12))
        );
        for bad in ["01", "-0", "+1", "1.0", "", "2147483648"] {
            assert!(primitive_literal(Primitive::Integer, bad).is_err(), "{bad}");
        }
        assert!(primitive_literal(Primitive::PositiveInt, "0").is_err());
        assert_eq!(
            primitive_literal(Primitive::UnsignedInt, "0"),
            Ok(Literal::UnsignedInt(0))
        );
    }

    #[test]
    fn booleans_and_text() {
        assert_eq!(
            primitive_literal(Primitive::Boolean, "true"),
            Ok(Literal::Boolean(true))
        );
        assert!(primitive_literal(Primitive::Boolean, "yes").is_err());
        assert!(primitive_literal(Primitive::Uri, " ").is_err());
        assert!(primitive_literal(Primitive::Decimal, "1.5").is_err());
    }
}
