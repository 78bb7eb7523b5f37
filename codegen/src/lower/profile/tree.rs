//! The element tree of a snapshot: children by path, slices under the element they
//! slice, STU3 renamed-choice slices (`valueQuantity:valueQuantity`) under their
//! `value[x]`, element ids in one canonical form.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, DiagnosticKind};
use crate::load::model::{ElementDefinition, StructureDefinition};
use crate::lower::profile::located;
use crate::names;

/// An index into [`Tree::nodes`].
pub(super) type NodeId = usize;

/// One element of a snapshot, with its children and slices.
pub(super) struct Node<'a> {
    pub(super) def: &'a ElementDefinition,
    pub(super) id: String,
    /// The last path segment (`identifier`, `value[x]`, `valueQuantity`).
    pub(super) name: String,
    pub(super) slice_name: Option<String>,
    pub(super) children: Vec<NodeId>,
    pub(super) slices: Vec<NodeId>,
}

pub(super) struct Tree<'a> {
    nodes: Vec<Node<'a>>,
}

impl<'a> Tree<'a> {
    pub(super) fn build(
        sd: &StructureDefinition,
        elements: &'a [ElementDefinition],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Tree<'a>> {
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        for def in elements {
            let id = match (&def.id, &def.slice_name) {
                (Some(id), _) => id.clone(),
                (None, Some(s)) => format!("{}:{s}", def.path),
                (None, None) => def.path.clone(),
            };
            // Forge writes a renamed-choice slice both as `value[x]:valueQuantity` and as
            // `valueQuantity:valueQuantity` (even within one file): one form for lookups.
            let id = canonical_id(&id);
            let segments: Vec<&str> = id.split('.').collect();
            let index = nodes.len();
            let last = segments.last().copied().unwrap_or_default();
            let (name, slice) = match last.split_once(':') {
                Some((n, s)) => (n.to_string(), Some(s.to_string())),
                None => (last.to_string(), None),
            };
            nodes.push(Node {
                def,
                id: id.clone(),
                name,
                slice_name: slice.clone(),
                children: Vec::new(),
                slices: Vec::new(),
            });
            by_id.insert(id.clone(), index);
            if segments.len() == 1 {
                if index != 0 {
                    diags.push(located(
                        sd,
                        def,
                        DiagnosticKind::UnexpectedContent,
                        "a second root element; ignored",
                    ));
                }
                continue;
            }
            let parent_id = segments[..segments.len() - 1].join(".");
            let Some(&parent) = by_id.get(&parent_id) else {
                diags.push(located(
                    sd,
                    def,
                    DiagnosticKind::UnexpectedContent,
                    "an element whose parent is not in the snapshot; ignored",
                ));
                continue;
            };
            match slice {
                None => nodes[parent].children.push(index),
                Some(_) => {
                    let sliced = format!("{parent_id}.{}", nodes[index].name);
                    match by_id.get(&sliced) {
                        Some(&s) if s != index => nodes[s].slices.push(index),
                        // A renamed-choice slice without its `[x]` element (`valueQuantity`
                        // with no `value[x]`): kept as a child; lowering finds it by name.
                        _ => nodes[parent].children.push(index),
                    }
                }
            }
        }
        if nodes.is_empty() {
            None
        } else {
            Some(Tree { nodes })
        }
    }

    pub(super) fn node(&self, i: NodeId) -> &Node<'a> {
        &self.nodes[i]
    }

    /// Every element, in snapshot order.
    pub(super) fn nodes(&self) -> &[Node<'a>] {
        &self.nodes
    }

    /// The child of `parent` for base field `fhir_name` (`value` matches `value[x]`).
    pub(super) fn child(&self, parent: NodeId, fhir_name: &str) -> Option<NodeId> {
        self.nodes[parent].children.iter().copied().find(|&c| {
            let n = &self.nodes[c];
            n.slice_name.is_none() && names::strip_choice(&n.name) == fhir_name
        })
    }

    /// Renamed-choice slices of choice field `fhir_name` (`valueQuantity:valueQuantity`),
    /// wherever the snapshot put them.
    pub(super) fn type_slices(&self, parent: NodeId, fhir_name: &str) -> Vec<NodeId> {
        let mut out = Vec::new();
        if let Some(choice) = self.child(parent, fhir_name) {
            out.extend(self.nodes[choice].slices.iter().copied());
        }
        // Renamed choice elements: `valueQuantity:valueQuantity`, or just `valueBoolean`
        // (Forge writes both); the caller keeps those whose suffix is a type of the choice.
        for &c in &self.nodes[parent].children {
            let n = &self.nodes[c];
            let suffix = n.name.strip_prefix(fhir_name).unwrap_or_default();
            if suffix.starts_with(|ch: char| ch.is_ascii_uppercase()) && !n.name.ends_with("[x]") {
                out.push(c);
            }
        }
        out
    }
}

/// `Extension.value[x]:valueCodeableConcept.coding` → `Extension.valueCodeableConcept:valueCodeableConcept.coding`.
fn canonical_id(id: &str) -> String {
    id.split('.')
        .map(|seg| match seg.split_once(':') {
            Some((name, slice))
                if name.ends_with("[x]") && slice.starts_with(names::strip_choice(name)) =>
            {
                format!("{slice}:{slice}")
            }
            _ => seg.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}
