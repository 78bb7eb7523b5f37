//! Typed references: a Reference whose `targetProfile`s are narrower than the base's
//! becomes `Ref<marker>`, the marker naming the allowed resource types and implemented by
//! the types that may be referenced (the base resources, and the resource profiles the
//! target profiles name).

use std::collections::BTreeSet;

use crate::diag::DiagnosticKind;
use crate::ir::Field;
use crate::ir::profile::{Implementor, TargetSet, TargetType};
use crate::load::model::Derivation;
use crate::lower::CORE_PREFIX;
use crate::lower::profile::{ProfileLowering, Scope, located, tree::NodeId};
use crate::names;

impl<'a> ProfileLowering<'a> {
    /// The marker for a Reference element's targets, when the profile narrows them.
    pub(super) fn typed_targets(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        bf: &Field,
    ) -> Option<String> {
        let def = scope.tree.node(node).def;
        let urls: Vec<&str> = def
            .types
            .iter()
            .filter_map(|t| t.target_profile.as_deref())
            .collect();
        if urls.is_empty()
            || urls
                .iter()
                .copied()
                .eq(bf.targets.iter().map(String::as_str))
        {
            return None;
        }
        let mut types = BTreeSet::new();
        let mut implementors = BTreeSet::new();
        for url in urls {
            let Some(target) = self.registry.structure_definitions.get(url) else {
                self.diagnostics.push(located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnresolvedProfile,
                    format!(
                        "targetProfile {url} is in no package; dropped from the allowed targets"
                    ),
                ));
                continue;
            };
            let is_base_resource = target.url.starts_with(CORE_PREFIX)
                && target.derivation != Some(Derivation::Constraint);
            if is_base_resource
                && (target.type_name == "Resource" || target.type_name == "DomainResource")
            {
                // Any resource: nothing to narrow.
                return None;
            }
            types.insert(target.type_name.clone());
            if !is_base_resource && let Some(m) = self.module_names.get(url) {
                implementors.insert(Implementor {
                    ty: TargetType::Profile(m.clone()),
                    resource_type: target.type_name.clone(),
                });
            }
            // The base type may be referenced too: a profile is checked on conversion,
            // not on the reference.
            implementors.insert(Implementor {
                ty: TargetType::Base(names::type_name(&target.type_name)),
                resource_type: target.type_name.clone(),
            });
        }
        if types.is_empty() {
            return None;
        }
        let types: Vec<String> = types.into_iter().collect();
        let set = self
            .targets
            .entry(types.clone())
            .or_insert_with(|| TargetSet {
                name: names::target_set(&types),
                types,
                implementors: Vec::new(),
            });
        for i in implementors {
            if !set.implementors.contains(&i) {
                set.implementors.push(i);
            }
        }
        set.implementors.sort();
        Some(set.name.clone())
    }
}
