//! Facts for the docs: what the definition of each element that became a field (or a
//! sliced element) says besides the field's type (must-support, binding, reference
//! targets, slicing), kept by element id ([`ProfileModule::element_facts`]). No rule of
//! the types is decided here, and nothing here changes a type.
//!
//! [`ProfileModule::element_facts`]: crate::ir::profile::ProfileModule::element_facts

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::profile::{
    Discriminator, DiscriminatorKind, ElementFacts, Member, PStruct, SlicingRule, SlicingRules,
};
use crate::ir::{BindingInfo, BindingStrength};
use crate::load::model::ElementDefinition;
use crate::lower::profile::tree::Tree;

/// The facts of the elements `structs` have fields (or slicings) for.
pub(super) fn element_facts(
    tree: &Tree<'_>,
    structs: &[PStruct],
) -> BTreeMap<String, ElementFacts> {
    let mut ids = BTreeSet::new();
    for s in structs {
        for m in &s.members {
            match m {
                Member::Field(f) => {
                    ids.insert(f.element.as_str());
                }
                Member::Sliced(sliced) => {
                    ids.insert(sliced.element.as_str());
                    ids.extend(sliced.fields().map(|f| f.element.as_str()));
                }
                Member::Fixed(_) | Member::Removed(_) => {}
            }
        }
    }
    let mut out = BTreeMap::new();
    for node in tree.nodes() {
        if ids.contains(node.id.as_str()) && !out.contains_key(&node.id) {
            let facts = of(node.def);
            if !facts.is_empty() {
                out.insert(node.id.clone(), facts);
            }
        }
    }
    out
}

/// What one element definition says (a slicing without `rules` is open, as lowering reads
/// it).
fn of(def: &ElementDefinition) -> ElementFacts {
    ElementFacts {
        must_support: def.must_support == Some(true),
        binding: def.binding.as_ref().and_then(|b| {
            Some(BindingInfo {
                strength: BindingStrength::from_code(&b.strength)?,
                value_set: b.value_set.clone()?,
            })
        }),
        targets: def
            .types
            .iter()
            .filter_map(|t| t.target_profile.clone())
            .collect(),
        slicing: def.slicing.as_ref().map(|s| SlicingRule {
            discriminators: s
                .discriminators
                .iter()
                .filter_map(|d| {
                    Some(Discriminator {
                        kind: DiscriminatorKind::from_code(&d.kind)?,
                        path: d.path.clone(),
                    })
                })
                .collect(),
            ordered: s.ordered == Some(true),
            rules: s
                .rules
                .as_deref()
                .and_then(SlicingRules::from_code)
                .unwrap_or(SlicingRules::Open),
        }),
    }
}
