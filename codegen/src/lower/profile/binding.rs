//! Required bindings: a code, Coding or CodeableConcept bound (more narrowly than its base)
//! to a value set that can be listed becomes typed by that value set's enum; one that
//! cannot keeps the base type and gets a `…_BINDING` constant and a diagnostic.

use crate::diag::{DiagnosticKind, Severity};
use crate::ir::profile::BindingConst;
use crate::ir::{BindingStrength, Field, FieldType};
use crate::lower::profile::{ModuleBuilder, ProfileLowering, Scope, located, tree::NodeId};
use crate::lower::unversioned;
use crate::names;

impl<'a> ProfileLowering<'a> {
    /// The value set (canonical URL, no version) whose enum types element `node`, when the
    /// profile sets or changes a required binding and the value set can be listed;
    /// otherwise a constant and a diagnostic where it cannot.
    pub(super) fn bound_code(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        bf: &Field,
        module: &mut ModuleBuilder,
    ) -> Option<String> {
        let def = scope.tree.node(node).def;
        let b = def.binding.as_ref()?;
        if BindingStrength::from_code(&b.strength) != Some(BindingStrength::Required) {
            return None;
        }
        let url = b.value_set.as_deref()?;
        let unchanged = bf.binding.as_ref().is_some_and(|base| {
            base.strength == BindingStrength::Required && base.value_set == url
        });
        if unchanged {
            return None;
        }
        if !self.registry.value_sets.contains_key(unversioned(url)) {
            self.diagnostics.push(located(scope.sd, def, DiagnosticKind::UnresolvedBinding, format!("required binding to {url}, which no package contains; the element keeps its base type")));
            self.binding_const(scope, node, url, module);
            return None;
        }
        match self.codes.listed(self.registry, url) {
            Ok(profile_enum) => {
                // A code element whose base is a closed enum: every profile code must be one
                // of the base codes, or the value could not be written back.
                if let FieldType::Code { enum_name } = &bf.ty
                    && let Some(base_enum) = self.base.code_enums.get(enum_name.as_str())
                    && let Some(missing) = profile_enum
                        .variants
                        .iter()
                        .find(|v| !base_enum.variants.iter().any(|b| b.code == v.code))
                {
                    let msg = format!(
                        "value set {url} has code '{}', which the base value set lacks; the element keeps its base type",
                        missing.code
                    );
                    self.diagnostics.push(located(
                        scope.sd,
                        def,
                        DiagnosticKind::UnsupportedConstraint,
                        msg,
                    ));
                    return None;
                }
                Some(unversioned(url).to_string())
            }
            Err(reason) => {
                let mut d = located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnenumerableValueSet,
                    format!(
                        "required value set {url} cannot be listed ({reason}); the element keeps its base type"
                    ),
                );
                d.severity = Severity::Note;
                self.diagnostics.push(d);
                self.binding_const(scope, node, url, module);
                None
            }
        }
    }

    /// A constant naming the value set of a required binding that could not become a type.
    fn binding_const(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        url: &str,
        module: &mut ModuleBuilder,
    ) {
        let n = scope.tree.node(node);
        let name = names::binding_const(&n.id);
        if module.binding_consts.iter().any(|c| c.name == name) {
            return;
        }
        module.binding_consts.push(BindingConst {
            name,
            element: n.id.clone(),
            value_set: url.to_string(),
            strength: BindingStrength::Required,
        });
    }
}
