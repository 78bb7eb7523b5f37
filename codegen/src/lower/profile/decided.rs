//! An IR pass: the structs the profiles decide entirely ([`ProfileLayer::decided`]), so
//! that building a value never spells out a chain of constructors for what the profile
//! already says (`category` of a vital-signs observation: a CodeableConcept whose one
//! required Coding has its system and code fixed).
//!
//! A struct is decided when every field its constructor would take is decided too, and it
//! holds something: a fixed element value, or a decided field. A struct that requires
//! nothing and fixes nothing stays the caller's to fill (an element with nothing in it is
//! not valid FHIR), and so does an extension whose only fixed value is its `url`.
//!
//! Decided structs are found from the leaves up, until nothing changes: a struct that
//! (through other modules' types) would need itself is never decided.

use crate::ir::profile::{Literal, Member, PStruct, ProfileLayer};

/// Fills [`ProfileLayer::decided`] from the layer's structs.
pub(super) fn decide(layer: &mut ProfileLayer) {
    layer.decided.clear();
    loop {
        let found: Vec<String> = structs(layer)
            .filter(|s| !layer.decided.contains(&s.name) && is_decided(layer, s))
            .map(|s| s.name.clone())
            .collect();
        if found.is_empty() {
            return;
        }
        layer.decided.extend(found);
    }
}

fn structs(layer: &ProfileLayer) -> impl Iterator<Item = &PStruct> {
    layer
        .modules()
        .flat_map(|m| &m.structs)
        .chain(layer.shared.iter().map(|s| &s.def))
}

/// Whether `s` takes nothing and holds something, with the structs decided so far.
fn is_decided(layer: &ProfileLayer, s: &PStruct) -> bool {
    if layer.arguments(s).next().is_some() {
        return false;
    }
    let fixes = s.members.iter().any(|m| match m {
        // An attribute (`Extension.url`) is not content of the element.
        Member::Fixed(f) => !matches!(f.value.literal, Literal::Attribute(_)),
        Member::Field(_) | Member::Sliced(_) | Member::Removed(_) => false,
    });
    fixes || s.fields().any(|f| layer.filled(f).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::profile::{FixedElement, FixedValue, PField, PType, ProfileModule, StructRef};
    use crate::ir::profile::{ProfileKind, SharedStruct};
    use crate::ir::{Bounds, Cardinality, FieldType, Max};

    fn fixed(name: &str, literal: Literal) -> Member {
        Member::Fixed(FixedElement {
            base_field: name.into(),
            element: format!("X.{name}"),
            base: Cardinality::Optional,
            value: FixedValue {
                constant: name.to_uppercase(),
                literal,
            },
        })
    }

    fn field(name: &str, min: u32, max: Max, ty: PType) -> Member {
        Member::Field(PField {
            name: name.into(),
            element: format!("X.{name}"),
            base_field: name.into(),
            bounds: Bounds::new(min, max),
            base: Bounds::new(0, max).cardinality(),
            ty,
        })
    }

    fn nested(name: &str) -> PType {
        PType::Struct(StructRef::Nested(name.into()))
    }

    fn text() -> PType {
        PType::Base {
            ty: FieldType::Complex("Narrative".into()),
            boxed: false,
        }
    }

    fn layer(structs: Vec<(&str, Vec<Member>)>) -> ProfileLayer {
        let structs = structs
            .into_iter()
            .map(|(name, members)| PStruct {
                name: name.into(),
                element: name.into(),
                base: "Coding".into(),
                members,
            })
            .collect();
        ProfileLayer {
            profiles: vec![ProfileModule {
                file: "x".into(),
                name: "X".into(),
                url: "http://example.org/X".into(),
                version: None,
                package: "p".into(),
                kind: ProfileKind::Datatype {
                    base: "Coding".into(),
                },
                structs,
                choices: Vec::new(),
                binding_consts: Vec::new(),
                element_facts: Default::default(),
            }],
            ..ProfileLayer::default()
        }
    }

    fn decided(mut layer: ProfileLayer) -> Vec<String> {
        decide(&mut layer);
        layer.decided.into_iter().collect()
    }

    #[test]
    fn fixed_coding_and_concepts_requiring_it_are_decided_up_the_chain() {
        let l = layer(vec![
            (
                "Coding",
                vec![
                    fixed("system", Literal::Text("s".into())),
                    fixed("code", Literal::Text("c".into())),
                    field("display", 0, Max::Bounded(1), text()),
                ],
            ),
            (
                "Concept",
                vec![field("coding", 1, Max::Bounded(1), nested("Coding"))],
            ),
            (
                "Parent",
                vec![field("category", 1, Max::Unbounded, nested("Concept"))],
            ),
        ]);
        assert_eq!(decided(l), ["Coding", "Concept", "Parent"]);
    }

    #[test]
    fn a_required_field_the_caller_gives_keeps_the_struct_undecided() {
        let l = layer(vec![
            ("Coding", vec![fixed("system", Literal::Text("s".into()))]),
            (
                "Concept",
                vec![
                    field("coding", 1, Max::Bounded(1), nested("Coding")),
                    field("text", 1, Max::Bounded(1), text()),
                ],
            ),
        ]);
        assert_eq!(decided(l), ["Coding"]);
    }

    #[test]
    fn nothing_fixed_or_only_an_attribute_is_not_decided() {
        let l = layer(vec![
            ("Empty", vec![field("display", 0, Max::Bounded(1), text())]),
            (
                "Extension",
                vec![fixed(
                    "url",
                    Literal::Attribute("http://example.org/e".into()),
                )],
            ),
            (
                "Parent",
                vec![field("e", 1, Max::Bounded(1), nested("Empty"))],
            ),
        ]);
        assert_eq!(decided(l), Vec::<String>::new());
    }

    #[test]
    fn a_list_of_at_least_two_is_not_filled_with_one_item() {
        let l = layer(vec![
            ("Coding", vec![fixed("system", Literal::Text("s".into()))]),
            (
                "Concept",
                vec![field("coding", 2, Max::Unbounded, nested("Coding"))],
            ),
        ]);
        assert_eq!(decided(l), ["Coding"]);
    }

    #[test]
    fn a_shared_struct_is_decided_like_a_nested_one() {
        let mut l = layer(vec![(
            "Concept",
            vec![field(
                "coding",
                1,
                Max::Bounded(1),
                PType::Struct(StructRef::Shared("SharedCoding".into())),
            )],
        )]);
        l.shared.push(SharedStruct {
            def: PStruct {
                name: "SharedCoding".into(),
                element: "X.coding".into(),
                base: "Coding".into(),
                members: vec![fixed("code", Literal::Text("c".into()))],
            },
            package: "p".into(),
            used_by: Vec::new(),
        });
        assert_eq!(decided(l), ["Concept", "SharedCoding"]);
    }
}
