//! Slicing: a repeating element split into named slices, each a typed field, and the
//! items no slice matches (a remainder field, or violations when the slicing is closed).
//! An extension slice is matched by its URL and typed by its extension's module; any
//! other slice by the fixed values its discriminator paths reach.

use std::collections::BTreeSet;

use crate::diag::{DiagnosticKind, Error, Result};
use crate::ir::profile::{
    Matcher, Member, PField, PType, PathStep, Rest, Slice, Slicing, StepKind, StructRef,
};
use crate::ir::{Bounds, Cardinality, Field, FieldType, Max};
use crate::load::model::Value;
use crate::lower::profile::fields::{Lowered, differs, identity};
use crate::lower::profile::{ModuleBuilder, ProfileLowering, Scope, located, tree::NodeId};
use crate::names;

/// The most slices one element may have (the order of read items is kept in a byte each).
const MAX_SLICES: usize = 255;

impl<'a> ProfileLowering<'a> {
    pub(super) fn lower_slicing(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        bf: &Field,
        module: &mut ModuleBuilder,
        bounds: Bounds,
    ) -> Result<Lowered> {
        let tree = scope.tree;
        let n = tree.node(node);
        let def = n.def;
        let closed = def.slicing.as_ref().and_then(|s| s.rules.as_deref()) == Some("closed");
        let item_type = match &bf.ty {
            FieldType::Complex(t) | FieldType::Backbone(t) => t.clone(),
            other => {
                self.diagnostics.push(located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnsupportedConstraint,
                    format!("slicing of a {other:?} element is checked by the base type only"),
                ));
                let field = PField {
                    element: n.id.clone(),
                    bounds,
                    ..identity(bf, n.id.clone())
                };
                return Ok(Lowered {
                    constrained: differs(&field, bf),
                    member: Member::Field(field),
                });
            }
        };
        let is_extension = item_type == "Extension";
        let discriminators: Vec<String> = def
            .slicing
            .as_ref()
            .map(|s| s.discriminators.iter().map(|d| d.path.clone()).collect())
            .unwrap_or_default();
        let mut slices = Vec::new();
        let mut slice_names = BTreeSet::new();
        for &s in &n.slices {
            let sn = tree.node(s);
            let Some(slice_name) = sn.slice_name.clone() else {
                continue;
            };
            if !slice_names.insert(slice_name.clone()) {
                self.diagnostics.push(located(
                    scope.sd,
                    sn.def,
                    DiagnosticKind::DuplicateSliceName,
                    format!("slice name '{slice_name}' is used twice; the second is ignored"),
                ));
                continue;
            }
            let ext_profile = if is_extension {
                sn.def.types.iter().find_map(|t| t.profile.clone())
            } else {
                None
            };
            let slice_bounds = Bounds::new(
                sn.def.min.unwrap_or(0),
                sn.def
                    .max
                    .as_deref()
                    .and_then(Max::parse)
                    .unwrap_or(Max::Unbounded),
            );
            let (matcher, ty) = if let Some(url) = ext_profile {
                let Some(ext_module) = self.module_names.get(&url).cloned() else {
                    let why = match self.later_package(scope, &url) {
                        Some(package) => format!(
                            "is defined by package `{package}`, listed after this one in sources.toml"
                        ),
                        None => "is in no package".to_string(),
                    };
                    self.diagnostics.push(located(
                        scope.sd,
                        sn.def,
                        DiagnosticKind::UnresolvedProfile,
                        format!("extension {url} {why}; its items stay in `{}`", bf.name),
                    ));
                    continue;
                };
                (
                    url_matcher(&url),
                    Some(PType::Struct(StructRef::Module(ext_module))),
                )
            } else {
                let Some(matcher) = self.slice_matcher(scope, s, &item_type, &discriminators)
                else {
                    self.diagnostics.push(located(scope.sd, sn.def, DiagnosticKind::SliceWithoutDiscriminatorValue, format!("discriminator {} has no fixed value in slice '{slice_name}': its items cannot be told apart and stay in `{}`", discriminators.join(", "), bf.name)));
                    continue;
                };
                if slice_bounds.is_removed() {
                    // A forbidden slice: its items are violations, it has no type.
                    (matcher, None)
                } else {
                    // A slice is a typed field whatever it constrains besides its
                    // discriminator.
                    let candidates = names::nested_struct(scope.module, &sn.id, &item_type);
                    let name = self.claim(scope, s, candidates, module)?;
                    self.lower_struct(scope, s, &item_type, name.clone(), module)?;
                    (matcher, Some(PType::Struct(StructRef::Nested(name))))
                }
            };
            let field = ty.filter(|_| !slice_bounds.is_removed()).map(|ty| PField {
                name: names::slice_field(&slice_name),
                element: sn.id.clone(),
                base_field: bf.name.clone(),
                bounds: slice_bounds,
                base: Cardinality::Many,
                ty,
            });
            slices.push(Slice {
                name: slice_name,
                matcher,
                field,
            });
        }
        if slices.len() > MAX_SLICES {
            return Err(Error::input(
                scope
                    .sd
                    .source
                    .location(&scope.sd.url)
                    .with_element(n.id.clone()),
                format!("more than {MAX_SLICES} slices on one element"),
            ));
        }
        let rest = if closed {
            Rest::Closed
        } else {
            // The items no slice matches get a struct too when the profile constrains the
            // sliced element's own children.
            let ty = match self.nested(scope, node, &item_type, module)? {
                Some(name) => PType::Struct(StructRef::Nested(name)),
                None => PType::Base {
                    ty: bf.ty.clone(),
                    boxed: bf.boxed,
                },
            };
            Rest::Open(PField {
                name: bf.name.clone(),
                element: n.id.clone(),
                base_field: bf.name.clone(),
                bounds: Bounds::ANY,
                base: Cardinality::Many,
                ty,
            })
        };
        Ok(Lowered::constrained(Member::Sliced(Slicing {
            base_field: bf.name.clone(),
            element: n.id.clone(),
            item: bf.ty.clone(),
            bounds,
            slices,
            rest,
        })))
    }

    /// A matcher for slice `slice` from the discriminator paths: the fixed value found at
    /// each path inside the slice.
    fn slice_matcher(
        &self,
        scope: &Scope<'_, 'a>,
        slice: NodeId,
        item_type: &str,
        discriminators: &[String],
    ) -> Option<Matcher> {
        if discriminators.is_empty() {
            return None;
        }
        let mut all = Vec::new();
        for path in discriminators {
            all.push(self.value_at(scope, slice, item_type, path)?);
        }
        if all.len() == 1 {
            all.pop()
        } else {
            Some(Matcher::All(all))
        }
    }

    /// The fixed value at discriminator `path` below `node` (an item of base struct
    /// `struct_name`), as a matcher.
    fn value_at(
        &self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        struct_name: &str,
        path: &str,
    ) -> Option<Matcher> {
        let tree = scope.tree;
        let mut steps = Vec::new();
        let mut current = node;
        let mut current_struct = self.base.structs.get(struct_name).copied()?;
        let segments: Vec<&str> = path.split('.').collect();
        for (i, seg) in segments.iter().enumerate() {
            let bf = current_struct.fields.iter().find(|f| f.fhir_name == *seg)?;
            let child = tree.child(current, seg)?;
            let last = i + 1 == segments.len();
            let kind = match &bf.ty {
                FieldType::Primitive(_) | FieldType::Code { .. } => StepKind::Primitive,
                FieldType::Attribute => StepKind::Attribute,
                FieldType::Complex(t) | FieldType::Backbone(t) if !last => {
                    current_struct = self.base.structs.get(t.as_str()).copied()?;
                    StepKind::Complex
                }
                // A discriminator ends at a primitive, and only complex types have children.
                FieldType::Complex(_)
                | FieldType::Backbone(_)
                | FieldType::Resource
                | FieldType::Choice(_)
                | FieldType::Xhtml => return None,
            };
            steps.push(PathStep {
                field: bf.name.clone(),
                cardinality: bf.cardinality(),
                kind,
            });
            if last {
                let def = tree.node(child).def;
                let value = def.fixed.as_ref().or(def.pattern.as_ref())?;
                return match &value.value {
                    Value::Primitive { value: Some(v), .. } => Some(Matcher::Value {
                        path: steps,
                        value: v.clone(),
                    }),
                    _ => None,
                };
            }
            current = child;
        }
        None
    }
}

/// A matcher on `Extension.url`.
fn url_matcher(url: &str) -> Matcher {
    Matcher::Value {
        path: vec![PathStep {
            field: "url".into(),
            cardinality: Cardinality::Required,
            kind: StepKind::Attribute,
        }],
        value: url.to_string(),
    }
}
