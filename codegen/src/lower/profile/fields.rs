//! A profile struct and each of its base fields: the entry point of every rule.
//!
//! [`ProfileLowering::lower_member`] decides, for one base field, which member it becomes
//! (in this order): a narrowed choice ([`super::choice`]), nothing changed (no element in
//! the snapshot), a removed element (max 0), a fixed value ([`super::fixed`]), a sliced
//! element ([`super::slicing`]) or a field whose type [`ProfileLowering::element_type`]
//! decides (a nested struct, another module's type, a bound code ([`super::binding`]), a
//! typed reference ([`super::reference`]) or the base type), limited by `maxLength` where
//! the element holds text.

use std::collections::BTreeSet;

use crate::diag::{DiagnosticKind, Error, Result};
use crate::ir::profile::{Member, PField, PStruct, PType, RemovedElement, StructRef};
use crate::ir::{Bounds, Field, FieldType, Max, Primitive};
use crate::load::model::ElementDefinition;
use crate::lower::profile::{ModuleBuilder, ProfileLowering, Scope, located, tree::NodeId};
use crate::names;

/// One base field, lowered.
pub(super) struct Lowered {
    pub(super) member: Member,
    /// Whether the member differs from the base field (derived from the lowered form by
    /// [`differs`], except where the caller knows better: a content reference is not a
    /// constraint of its own).
    pub(super) constrained: bool,
}

impl Lowered {
    /// A member that differs from its base field by construction (removed, fixed, sliced).
    pub(super) fn constrained(member: Member) -> Lowered {
        Lowered {
            member,
            constrained: true,
        }
    }

    /// A field, constrained when it differs from `bf`.
    pub(super) fn field(field: PField, bf: &Field) -> Lowered {
        Lowered {
            constrained: differs(&field, bf),
            member: Member::Field(field),
        }
    }
}

/// Whether a lowered field differs from its base field: other bounds or another type.
pub(super) fn differs(field: &PField, bf: &Field) -> bool {
    field.bounds != bf.bounds || field.ty != base_type(bf)
}

/// The base field's own type.
pub(super) fn base_type(bf: &Field) -> PType {
    PType::Base {
        ty: bf.ty.clone(),
        boxed: bf.boxed,
    }
}

/// The base field as a profile field of element `element`, unchanged.
pub(super) fn identity(bf: &Field, element: String) -> PField {
    PField {
        name: bf.name.clone(),
        element,
        base_field: bf.name.clone(),
        bounds: bf.bounds,
        base: bf.cardinality(),
        ty: base_type(bf),
    }
}

impl<'a> ProfileLowering<'a> {
    /// Lowers node `node` as a struct named `name` narrowing base struct `base`, into
    /// `module`; whether any member differs from its base field.
    pub(super) fn lower_struct(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        base: &str,
        name: String,
        module: &mut ModuleBuilder,
    ) -> Result<bool> {
        let Some(&base_struct) = self.base.structs.get(base) else {
            return Err(Error::input(
                scope.sd.source.location(&scope.sd.url),
                format!("base struct {base} not found"),
            ));
        };
        // Pushed before its members are lowered: a content reference below may point back
        // at it (`Composition.section.section`).
        let index = module.structs.len();
        module.open.push(name.clone());
        module.structs.push(PStruct {
            name,
            element: scope.tree.node(node).id.clone(),
            base: base.to_string(),
            members: Vec::new(),
        });
        let mut members = Vec::with_capacity(base_struct.fields.len());
        let mut constrained = false;
        for bf in &base_struct.fields {
            let lowered = self.lower_member(scope, node, bf, module)?;
            constrained |= lowered.constrained;
            members.push(lowered.member);
        }
        let mut s = std::mem::replace(
            &mut module.structs[index],
            PStruct {
                name: String::new(),
                element: String::new(),
                base: String::new(),
                members: Vec::new(),
            },
        );
        s.members = members;
        rename_colliding_slice_fields(&mut s)?;
        module.structs[index] = s;
        module.open.pop();
        Ok(constrained)
    }

    /// The struct of a complex element, if the profile constrains anything inside it:
    /// lowered, and kept only when it differs from its base struct.
    pub(super) fn nested(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        base: &str,
        module: &mut ModuleBuilder,
    ) -> Result<Option<String>> {
        let mark = module.mark();
        let candidates = names::nested_struct(scope.module, &scope.tree.node(node).id, base);
        let name = self.claim(scope, node, candidates, module)?;
        if self.lower_struct(scope, node, base, name.clone(), module)? {
            Ok(Some(name))
        } else {
            module.rollback(mark, &mut self.taken);
            Ok(None)
        }
    }

    /// What the profile makes of base field `bf` of the struct at `parent`.
    pub(super) fn lower_member(
        &mut self,
        scope: &Scope<'_, 'a>,
        parent: NodeId,
        bf: &Field,
        module: &mut ModuleBuilder,
    ) -> Result<Lowered> {
        if let FieldType::Choice(enum_name) = &bf.ty {
            return self.lower_choice(scope, parent, bf, enum_name, module);
        }
        let tree = scope.tree;
        let Some(node) = tree.child(parent, &bf.fhir_name) else {
            let element = element_id(scope, parent, bf);
            return Ok(Lowered::field(identity(bf, element), bf));
        };
        let n = tree.node(node);
        let def = n.def;
        let bounds = self.bounds(scope, def, bf.bounds);
        if bounds.is_removed() {
            return Ok(self.removed(scope, def, bf, n.id.clone()));
        }
        if let Some(lowered) = self.fixed_member(scope, node, bf, bounds) {
            return Ok(lowered);
        }
        if !n.slices.is_empty() && bf.cardinality().repeats() {
            return self.lower_slicing(scope, node, bf, module, bounds);
        }
        if matches!(bf.ty, FieldType::Primitive(_) | FieldType::Code { .. })
            && n.children.iter().any(|&c| {
                let child = tree.node(c);
                !child.slices.is_empty() || child.slice_name.is_some()
            })
        {
            self.diagnostics.push(located(
                scope.sd,
                def,
                DiagnosticKind::UnsupportedConstraint,
                "extension slices on a primitive element are not typed: its extensions stay in the primitive's `extension_mut()`",
            ));
        }
        let ty = match self.element_type(scope, node, bf, &bf.ty, bf.boxed, module)? {
            // A boxed optional base element the profile requires is held unboxed, as a
            // profile holds every struct (a required `Box` would need a constant default).
            PType::Base { ty, boxed: true } if bounds.cardinality().is_required() => {
                PType::Unboxed(Box::new(PType::Base { ty, boxed: false }))
            }
            // These two convert the boxed base item themselves.
            ty @ (PType::Base { .. } | PType::Ref { .. }) => ty,
            ty if bf.boxed => PType::Unboxed(Box::new(ty)),
            ty => ty,
        };
        let ty = self.max_length(scope, def, bf, ty);
        let field = PField {
            bounds,
            ty,
            ..identity(bf, n.id.clone())
        };
        if def.content_reference.is_some() {
            // A content reference takes the referenced element's struct if it has one: a
            // constraint here when that struct is complete, not when it is a struct being
            // lowered around this element (a struct containing itself constrains nothing
            // by that alone).
            let open = field.ty.walk().any(
                |t| matches!(t, PType::Struct(StructRef::Nested(n)) if module.open.contains(n)),
            );
            return Ok(Lowered {
                constrained: field.bounds != bf.bounds || (!open && differs(&field, bf)),
                member: Member::Field(field),
            });
        }
        Ok(Lowered::field(field, bf))
    }

    /// The bounds of element `def` narrowing `base`; a definition that would loosen them is
    /// reported and keeps the base's.
    pub(super) fn bounds(
        &mut self,
        scope: &Scope<'_, 'a>,
        def: &ElementDefinition,
        base: Bounds,
    ) -> Bounds {
        let max = def.max.as_deref().and_then(Max::parse);
        if base.loosened_by(def.min, max) {
            self.diagnostics.push(located(
                scope.sd,
                def,
                DiagnosticKind::InvalidConstraint,
                format!(
                    "cardinality {}..{} is wider than the base's {base}; the base's bounds are kept",
                    def.min.map_or("?".to_string(), |m| m.to_string()),
                    def.max.as_deref().unwrap_or("?")
                ),
            ));
        }
        base.narrowed(def.min, max)
    }

    /// A base field the profile removes (max 0); a required base field cannot be removed
    /// (the base type must hold a value), so that is reported and the field kept.
    pub(super) fn removed(
        &mut self,
        scope: &Scope<'_, 'a>,
        def: &ElementDefinition,
        bf: &Field,
        element: String,
    ) -> Lowered {
        if bf.cardinality().is_required() {
            self.diagnostics.push(located(
                scope.sd,
                def,
                DiagnosticKind::InvalidConstraint,
                format!(
                    "max 0 on an element the base requires ({}); the element is kept",
                    bf.bounds
                ),
            ));
            return Lowered::field(identity(bf, element), bf);
        }
        Lowered::constrained(Member::Removed(RemovedElement {
            base_field: bf.name.clone(),
            element,
            base: bf.cardinality(),
        }))
    }

    /// The type of element `node` whose base type is `base_ty`: the base type, a nested
    /// struct, another module's type, a bound code, or a typed reference.
    pub(super) fn element_type(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        bf: &Field,
        base_ty: &FieldType,
        boxed: bool,
        module: &mut ModuleBuilder,
    ) -> Result<PType> {
        let tree = scope.tree;
        let def = tree.node(node).def;
        // A content reference (`Observation.component.referenceRange` →
        // `#Observation.referenceRange`) has the referenced element's definition, profile
        // constraints included: its struct, if the profile constrained it.
        if let Some(target) = def
            .content_reference
            .as_deref()
            .map(|r| r.trim_start_matches('#'))
            && let Some(s) = module.struct_for(target)
        {
            return Ok(PType::Struct(StructRef::Nested(s.name.clone())));
        }
        let base_ptype = PType::Base {
            ty: base_ty.clone(),
            boxed,
        };
        // A type profile (CareConnect-Quantity-1 on Observation.valueQuantity): that
        // module's type, unless the profile constrains the element further here.
        // (An extension's profile is its definition, not a narrowing of `Extension`.)
        let is_extension = matches!(base_ty, FieldType::Complex(t) if t == "Extension");
        let type_profile = if is_extension {
            None
        } else {
            self.type_profile(scope, def, base_ty)
        };
        let has_children = !tree.node(node).children.is_empty();
        match base_ty {
            FieldType::Complex(t) | FieldType::Backbone(t) => {
                let nested = if has_children || !tree.node(node).slices.is_empty() {
                    let mark = module.mark();
                    self.nested(scope, node, t, module)?.map(|n| (n, mark))
                } else {
                    None
                };
                let Some((nested, mark)) = nested else {
                    if let Some(m) = type_profile {
                        return Ok(PType::Struct(StructRef::Module(m)));
                    }
                    if t == "Reference"
                        && let Some(targets) = self.typed_targets(scope, node, bf)
                    {
                        return Ok(PType::Ref { targets, boxed });
                    }
                    if (t == "CodeableConcept" || t == "Coding")
                        && let Some(value_set) = self.bound_code(scope, node, bf, module)
                    {
                        return Ok(if t == "Coding" {
                            PType::Coding(value_set)
                        } else {
                            PType::Concept(value_set)
                        });
                    }
                    return Ok(base_ptype);
                };
                // Constrained inside. A narrowed reference is still a typed reference (its
                // other constraints are the base's business); a bound code is reported.
                if t == "Reference"
                    && let Some(targets) = self.typed_targets(scope, node, bf)
                {
                    module.rollback(mark, &mut self.taken);
                    return Ok(PType::Ref { targets, boxed });
                }
                if (t == "CodeableConcept" || t == "Coding")
                    && self.bound_code(scope, node, bf, module).is_some()
                {
                    self.diagnostics.push(located(
                        scope.sd,
                        def,
                        DiagnosticKind::UnsupportedConstraint,
                        format!("a required binding on a {t} whose elements the profile also constrains: the struct checks the elements, not the binding"),
                    ));
                }
                Ok(PType::Struct(StructRef::Nested(nested)))
            }
            FieldType::Primitive(Primitive::Code) | FieldType::Code { .. } => {
                match self.bound_code(scope, node, bf, module) {
                    Some(value_set) => Ok(PType::Code {
                        value_set,
                        base: base_ty.clone(),
                    }),
                    None => Ok(base_ptype),
                }
            }
            FieldType::Primitive(_)
            | FieldType::Resource
            | FieldType::Choice(_)
            | FieldType::Attribute
            | FieldType::Xhtml => Ok(base_ptype),
        }
    }

    /// `maxLength` on a string element: its values are checked to be at most that many
    /// characters long. On other elements it is reported and left to the base type.
    fn max_length(
        &mut self,
        scope: &Scope<'_, 'a>,
        def: &ElementDefinition,
        bf: &Field,
        ty: PType,
    ) -> PType {
        let Some(max) = def.max_length else {
            return ty;
        };
        let holds_text = match &bf.ty {
            FieldType::Primitive(p) => p.holds_text(),
            FieldType::Code { .. }
            | FieldType::Complex(_)
            | FieldType::Backbone(_)
            | FieldType::Resource
            | FieldType::Choice(_)
            | FieldType::Attribute
            | FieldType::Xhtml => false,
        };
        match holds_text {
            true => PType::MaxLength {
                max,
                ty: Box::new(ty),
            },
            false => {
                self.diagnostics.push(located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnsupportedConstraint,
                    "maxLength on an element that does not hold a string is checked by the base type only",
                ));
                ty
            }
        }
    }

    /// The module of an element's type profile, when a package defines it; a profile that
    /// no package defines is reported.
    ///
    /// The profile must constrain the element's own type (`base`, a Rust name of the base
    /// layer): a resource profile given as the `profile` of a `Reference` (where
    /// `targetProfile` was meant) or a `Quantity` profile on a `SimpleQuantity` is reported
    /// and the base type used.
    fn type_profile(
        &mut self,
        scope: &Scope<'_, 'a>,
        def: &ElementDefinition,
        base: &FieldType,
    ) -> Option<String> {
        let url = def.types.iter().find_map(|t| t.profile.as_deref())?;
        if let Some(module) = self.module_names.get(url) {
            let constrained = self
                .registry
                .structure_definitions
                .get(url)
                .map(|sd| names::type_name(&sd.type_name));
            let base_name = match base {
                FieldType::Complex(t) | FieldType::Backbone(t) => Some(t.as_str()),
                FieldType::Primitive(_)
                | FieldType::Code { .. }
                | FieldType::Resource
                | FieldType::Choice(_)
                | FieldType::Attribute
                | FieldType::Xhtml => None,
            };
            if constrained.as_deref() == base_name {
                return Some(module.clone());
            }
            self.diagnostics.push(located(
                scope.sd,
                def,
                DiagnosticKind::InvalidConstraint,
                format!(
                    "type profile {url} constrains {}, not the element's type {}; the base type is used{}",
                    constrained.as_deref().unwrap_or("?"),
                    base_name.unwrap_or("(not a datatype)"),
                    if base_name == Some("Reference") {
                        " (a profile of the referenced resource belongs in targetProfile)"
                    } else {
                        ""
                    }
                ),
            ));
            return None;
        }
        if let Some(package) = self.later_package(scope, url) {
            self.diagnostics.push(located(
                scope.sd,
                def,
                DiagnosticKind::UnresolvedProfile,
                format!("type profile {url} is defined by package `{package}`, listed after this one in sources.toml; the base type is used (list packages in the order they build on each other)"),
            ));
        } else if !self.registry.structure_definitions.contains_key(url) {
            self.diagnostics.push(located(
                scope.sd,
                def,
                DiagnosticKind::UnresolvedProfile,
                format!("type profile {url} is in no package; the base type is used"),
            ));
        }
        None
    }
}

/// The id of the element base field `bf` stands for below node `parent`, whether or not
/// the snapshot has it (`Patient.contact.name`).
pub(super) fn element_id(scope: &Scope<'_, '_>, parent: NodeId, bf: &Field) -> String {
    let last = bf.path.rsplit('.').next().unwrap_or(&bf.path);
    format!("{}.{last}", scope.tree.node(parent).id)
}

/// Slice fields may collide with element fields (`extension` slices named like an
/// element): the slice field is renamed.
fn rename_colliding_slice_fields(s: &mut PStruct) -> Result<()> {
    let mut seen = BTreeSet::new();
    let element = s.element.clone();
    for f in s.fields_mut() {
        if seen.insert(f.name.clone()) {
            continue;
        }
        let sliced = f
            .element
            .rsplit('.')
            .next()
            .and_then(|last| last.split(':').next())
            .unwrap_or_default()
            .to_string();
        match names::first_free(names::renamed_slice_field(&f.name, &sliced), &mut seen) {
            Some(name) => f.name = name,
            None => {
                return Err(Error::input(
                    crate::diag::Location::default().with_element(element),
                    format!("two fields of the struct are named `{}`", f.name),
                ));
            }
        }
    }
    Ok(())
}
