//! Slicing: a repeating element split into named slices, each a typed field, and the
//! items no slice matches (a remainder field, or violations when the slicing is closed).
//! An extension slice is matched by its URL and typed by its extension's module; any
//! other slice by the fixed values its discriminator paths reach.

use std::collections::BTreeSet;

use crate::diag::{DiagnosticKind, Error, Result};
use crate::ir::profile::{
    Matcher, Member, PField, PType, PathStep, Rest, Slice, Slicing, StepKind, StructRef,
};
use crate::ir::{Bounds, Cardinality, Field, FieldType, Max, StructDef};
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
                let Some((matcher, inferred)) =
                    self.slice_matcher(scope, s, &item_type, &discriminators)
                else {
                    self.diagnostics.push(located(scope.sd, sn.def, DiagnosticKind::SliceWithoutDiscriminatorValue, format!("discriminator {} has no fixed value in slice '{slice_name}' and nothing below it that is required and fixed: its items cannot be told apart and stay in `{}`", discriminators.join(", "), bf.name)));
                    continue;
                };
                if inferred {
                    let mut d = located(
                        scope.sd,
                        sn.def,
                        DiagnosticKind::InferredSliceMatch,
                        format!(
                            "discriminator {} has no fixed value in slice '{slice_name}'; its items are matched by the values fixed below it: {}",
                            discriminators.join(", "),
                            matcher.describe()
                        ),
                    );
                    d.severity = crate::diag::Severity::Note;
                    self.diagnostics.push(d);
                }
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

    /// A matcher for slice `slice` from the discriminator paths: at each path, the fixed
    /// or pattern value the slice sets, or, on a complex element without one, the values
    /// its required descendants fix ([`Self::required_values`]). The flag says whether any
    /// part was inferred that way.
    fn slice_matcher(
        &self,
        scope: &Scope<'_, 'a>,
        slice: NodeId,
        item_type: &str,
        discriminators: &[String],
    ) -> Option<(Matcher, bool)> {
        if discriminators.is_empty() {
            return None;
        }
        let mut all = Vec::new();
        let mut inferred = false;
        for path in discriminators {
            let (m, i) = self.value_at(scope, slice, item_type, path)?;
            inferred |= i;
            all.push(m);
        }
        Some((all_of(all)?, inferred))
    }

    /// The matcher at discriminator `path` below `node` (an item of base struct
    /// `struct_name`).
    fn value_at(
        &self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        struct_name: &str,
        path: &str,
    ) -> Option<(Matcher, bool)> {
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
                FieldType::Complex(t) | FieldType::Backbone(t) => {
                    current_struct = self.base.structs.get(t.as_str()).copied()?;
                    StepKind::Complex
                }
                // A discriminator ends at a primitive or a complex element.
                FieldType::Resource | FieldType::Choice(_) | FieldType::Xhtml => return None,
            };
            steps.push(step(bf, kind));
            if !last {
                current = child;
                continue;
            }
            let def = tree.node(child).def;
            let value = def.fixed.as_ref().or(def.pattern.as_ref());
            return match kind {
                StepKind::Primitive | StepKind::Attribute => match value.map(|v| &v.value) {
                    Some(Value::Primitive { value: Some(v), .. }) => Some((
                        Matcher::Value {
                            path: steps,
                            value: v.clone(),
                        },
                        false,
                    )),
                    _ => None,
                },
                StepKind::Complex => {
                    let (inner, inferred) = match value {
                        Some(v) => (self.pattern_matcher(&v.value, current_struct)?, false),
                        None => (self.required_values(scope, child, current_struct)?, true),
                    };
                    Some((within(steps, inner), inferred))
                }
            };
        }
        None
    }

    /// What an item of base struct `s` at node `node` must hold, from the values its
    /// required descendants fix: a required primitive with a fixed or pattern value, and
    /// below it a required complex element, or the required slices of a repeating one,
    /// each matched on one value (`code.coding:loinc` 1..1 fixing `system` and `code` →
    /// some coding has both). `None` when nothing required is fixed.
    fn required_values(
        &self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        s: &StructDef,
    ) -> Option<Matcher> {
        let tree = scope.tree;
        let mut all = Vec::new();
        for bf in &s.fields {
            let Some(child) = tree.child(node, &bf.fhir_name) else {
                continue;
            };
            let cn = tree.node(child);
            let required = cn.def.min.unwrap_or(bf.bounds.min) >= 1;
            let value = cn.def.fixed.as_ref().or(cn.def.pattern.as_ref());
            match &bf.ty {
                FieldType::Primitive(_) | FieldType::Code { .. } | FieldType::Attribute => {
                    let kind = if bf.ty == FieldType::Attribute {
                        StepKind::Attribute
                    } else {
                        StepKind::Primitive
                    };
                    if required
                        && let Some(Value::Primitive { value: Some(v), .. }) =
                            value.map(|v| &v.value)
                    {
                        all.push(Matcher::Value {
                            path: vec![step(bf, kind)],
                            value: v.clone(),
                        });
                    }
                }
                FieldType::Complex(t) | FieldType::Backbone(t) => {
                    let Some(inner_struct) = self.base.structs.get(t.as_str()).copied() else {
                        continue;
                    };
                    let at = vec![step(bf, StepKind::Complex)];
                    // The element itself, when required (or fixed by a pattern).
                    let own = match value {
                        Some(v) => self.pattern_matcher(&v.value, inner_struct),
                        None if required => self.required_values(scope, child, inner_struct),
                        None => None,
                    };
                    if let Some(m) = own {
                        all.push(within(at.clone(), m));
                    }
                    // Its required slices: some item for each.
                    for &r in &cn.slices {
                        let rn = tree.node(r);
                        if rn.def.min.unwrap_or(0) == 0 {
                            continue;
                        }
                        let inner = match rn.def.fixed.as_ref().or(rn.def.pattern.as_ref()) {
                            Some(v) => self.pattern_matcher(&v.value, inner_struct),
                            None => self.required_values(scope, r, inner_struct),
                        };
                        if let Some(m) = inner {
                            all.push(within(at.clone(), m));
                        }
                    }
                }
                FieldType::Resource | FieldType::Choice(_) | FieldType::Xhtml => {}
            }
        }
        all_of(all)
    }

    /// What a value of base struct `s` must hold to match a pattern (or fixed) value: each
    /// primitive the pattern gives, and for each complex child (one per repetition) some
    /// value that matches it.
    fn pattern_matcher(&self, value: &Value, s: &StructDef) -> Option<Matcher> {
        let Value::Complex(children) = value else {
            return None;
        };
        let mut all = Vec::new();
        for (name, v) in children {
            let Some(bf) = s.fields.iter().find(|f| &f.fhir_name == name) else {
                continue;
            };
            match (&bf.ty, v) {
                (
                    FieldType::Primitive(_) | FieldType::Code { .. },
                    Value::Primitive {
                        value: Some(text), ..
                    },
                ) => all.push(Matcher::Value {
                    path: vec![step(bf, StepKind::Primitive)],
                    value: text.clone(),
                }),
                (
                    FieldType::Attribute,
                    Value::Primitive {
                        value: Some(text), ..
                    },
                ) => {
                    all.push(Matcher::Value {
                        path: vec![step(bf, StepKind::Attribute)],
                        value: text.clone(),
                    });
                }
                (FieldType::Complex(t) | FieldType::Backbone(t), Value::Complex(_)) => {
                    if let Some(inner_struct) = self.base.structs.get(t.as_str()).copied()
                        && let Some(m) = self.pattern_matcher(v, inner_struct)
                    {
                        all.push(within(vec![step(bf, StepKind::Complex)], m));
                    }
                }
                // A primitive without a value (extensions only), or a shape the base type
                // does not have: nothing to match on.
                _ => {}
            }
        }
        all_of(all)
    }
}

/// One step through base field `bf`.
fn step(bf: &Field, kind: StepKind) -> PathStep {
    PathStep {
        field: bf.name.clone(),
        cardinality: bf.cardinality(),
        kind,
    }
}

/// `inner` on a value reached through `path`; a single primitive comparison is folded
/// into one path.
fn within(path: Vec<PathStep>, inner: Matcher) -> Matcher {
    match inner {
        Matcher::Value { path: rest, value } if path.iter().all(|s| !s.cardinality.repeats()) => {
            Matcher::Value {
                path: path.into_iter().chain(rest).collect(),
                value,
            }
        }
        inner => Matcher::Within {
            path,
            inner: Box::new(inner),
        },
    }
}

/// One matcher for several (`None` for none).
fn all_of(mut all: Vec<Matcher>) -> Option<Matcher> {
    match all.len() {
        0 => None,
        1 => all.pop(),
        _ => Some(Matcher::All(all)),
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
