//! Choice elements: the types a profile leaves of a `[x]` element, from the element's
//! types and from its renamed-choice slices (`valueQuantity:valueQuantity`, or Forge's
//! `valueQuantity` alone). One type left: a field of that type; several: a narrowed enum
//! of this module; all of them, unchanged: the base enum.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{DiagnosticKind, Error, Result};
use crate::ir::profile::{PChoice, PField, PType, PVariant};
use crate::ir::{ChoiceVariant, Field, Max};
use crate::lower::profile::fields::{Lowered, element_id};
use crate::lower::profile::{ModuleBuilder, ProfileLowering, Scope, located, tree::NodeId};
use crate::names;

impl<'a> ProfileLowering<'a> {
    pub(super) fn lower_choice(
        &mut self,
        scope: &Scope<'_, 'a>,
        parent: NodeId,
        bf: &Field,
        enum_name: &str,
        module: &mut ModuleBuilder,
    ) -> Result<Lowered> {
        let tree = scope.tree;
        let Some(&base_enum) = self.base.choices.get(enum_name) else {
            return Err(Error::input(
                scope.sd.source.location(&scope.sd.url),
                format!("choice enum {enum_name} not in the base layer"),
            ));
        };
        let choice_node = tree.child(parent, &bf.fhir_name);
        let type_slices = tree.type_slices(parent, &bf.fhir_name);
        let mut bounds = bf.bounds;
        let mut allowed: Vec<&ChoiceVariant> = base_enum.variants.iter().collect();
        if let Some(c) = choice_node {
            let def = tree.node(c).def;
            bounds = self.bounds(scope, def, bf.bounds);
            let codes: BTreeSet<&str> =
                def.types.iter().filter_map(|t| t.code.as_deref()).collect();
            if !codes.is_empty() {
                allowed.retain(|v| codes.contains(v.type_code.as_str()));
            }
        }
        let element = choice_node.map_or_else(
            || element_id(scope, parent, bf),
            |c| tree.node(c).id.clone(),
        );
        let removed_def = choice_node.map(|c| tree.node(c).def);
        if bounds.is_removed()
            && let Some(def) = removed_def
        {
            return Ok(self.removed(scope, def, bf, element));
        }
        // Per variant: the type-slice constraining it, if any.
        let mut slice_of: BTreeMap<String, NodeId> = BTreeMap::new();
        for s in type_slices {
            let sn = tree.node(s);
            let suffix = sn.name.strip_prefix(&bf.fhir_name).unwrap_or(&sn.name);
            if let Some(v) = base_enum
                .variants
                .iter()
                .find(|v| v.name == suffix || names::choice_variant(&v.type_code) == suffix)
            {
                let smax = sn
                    .def
                    .max
                    .as_deref()
                    .and_then(Max::parse)
                    .unwrap_or(Max::Bounded(1));
                let smin = sn.def.min.unwrap_or(0);
                if smax == Max::Bounded(0) {
                    allowed.retain(|a| a.name != v.name);
                    continue;
                }
                if smin >= 1 {
                    allowed.retain(|a| a.name == v.name);
                    bounds.min = bounds.min.max(smin);
                }
                slice_of.insert(v.name.clone(), s);
            }
        }
        // Without a `[x]` element, the renamed elements are all there is of the choice
        // (Forge writes a one-type choice as `valuePeriod` alone): only their types remain.
        if choice_node.is_none() && !slice_of.is_empty() {
            allowed.retain(|a| slice_of.contains_key(&a.name));
        }
        if allowed.is_empty() {
            let def = choice_node
                .or_else(|| slice_of.values().next().copied())
                .map(|n| tree.node(n).def);
            let Some(def) = def else {
                return Err(Error::input(
                    scope
                        .sd
                        .source
                        .location(&scope.sd.url)
                        .with_element(element),
                    "a choice left with no type but no element that removed them",
                ));
            };
            return Ok(self.removed(scope, def, bf, element));
        }
        let mut variants = Vec::new();
        for v in &allowed {
            let ty = match slice_of.get(&v.name) {
                Some(&s) => self.element_type(scope, s, bf, &v.ty, false, module)?,
                None => PType::Base {
                    ty: v.ty.clone(),
                    boxed: false,
                },
            };
            variants.push(PVariant {
                name: v.name.clone(),
                type_code: v.type_code.clone(),
                base_boxed: v.boxed,
                ty,
            });
        }
        if let Some(c) = choice_node {
            self.untyped_choice_targets(scope, c, bf, &variants);
        }
        let cardinality = bounds.cardinality();
        // A choice made required keeps its types in a profile enum of its own: that one
        // holds its variants unboxed (the base enum of an optional choice boxes them).
        let unchanged = variants.len() == base_enum.variants.len()
            && variants.iter().all(|v| matches!(v.ty, PType::Base { .. }))
            && cardinality == bf.cardinality();
        let ty = if unchanged {
            PType::Base {
                ty: bf.ty.clone(),
                boxed: bf.boxed,
            }
        } else if variants.len() == 1 {
            let v = variants.remove(0);
            PType::ChoiceOnly {
                base_enum: enum_name.to_string(),
                variant: v.name,
                boxed: v.base_boxed,
                ty: Box::new(v.ty),
            }
        } else {
            let name = self.claim(
                scope,
                choice_node.unwrap_or(parent),
                names::choice_enum(scope.module, &element),
                module,
            )?;
            module.choices.push(PChoice {
                name: name.clone(),
                element: element.clone(),
                base: enum_name.to_string(),
                variants,
            });
            PType::Choice(name)
        };
        Ok(Lowered::field(
            PField {
                name: bf.name.clone(),
                element,
                base_field: bf.name.clone(),
                bounds,
                base: bf.cardinality(),
                ty,
            },
            bf,
        ))
    }

    /// Target profiles on the `Reference` type of a choice element whose Reference is left
    /// as the base has it (no renamed-choice slice types it): the narrowing is reported,
    /// the base type checks only that it is a reference.
    fn untyped_choice_targets(
        &mut self,
        scope: &Scope<'_, 'a>,
        choice: NodeId,
        bf: &Field,
        variants: &[PVariant],
    ) {
        let def = scope.tree.node(choice).def;
        let targets: Vec<&str> = def
            .types
            .iter()
            .filter_map(|t| t.target_profile.as_deref())
            .collect();
        let narrowed = !targets.is_empty()
            && !targets
                .iter()
                .copied()
                .eq(bf.targets.iter().map(String::as_str));
        let untyped = variants
            .iter()
            .any(|v| v.type_code == "Reference" && matches!(v.ty, PType::Base { .. }));
        if narrowed && untyped {
            self.diagnostics.push(located(
                scope.sd,
                def,
                DiagnosticKind::UnsupportedConstraint,
                format!(
                    "target profiles on the Reference type of a choice element ({}) are checked by the base type only",
                    targets.join(", ")
                ),
            ));
        }
    }
}
