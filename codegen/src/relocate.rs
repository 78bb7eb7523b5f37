//! Generated code moved out of `careconnect-models` into a user's crate.
//!
//! The emitters write every path as the models crate sees it: `crate::rt::…`,
//! `crate::stu3::…`, `crate::careconnect::Name`, `crate::careconnect::codes::Name`,
//! `crate::careconnect::targets::Name`. For a user's build those paths are rewritten
//! here, in one place, on the emitted tokens (so paths inside macro invocations are
//! rewritten too):
//!
//! - the runtime, the base layer and the models' own macros → the models crate
//!   (`::careconnect_models::rt::…`);
//! - a profile-layer item the user's build generates → `super::Name` (each generated file
//!   becomes a module directly under the include file's module, see [`crate::include`]);
//! - a profile-layer item the models provide → `::careconnect_models::careconnect::Name`:
//!   referred to by path, never generated again.
//!
//! The intra-doc links of the docs (`[`Patient`](crate::stu3::Patient)`) name the same
//! paths and are rewritten alike, so that a user's `cargo doc` resolves them.
//!
//! Code the models gate behind their features (`derive`, `xml`) is kept or left out as
//! the models the user's crate depends on have them (`cfg(feature = "derive")` becomes
//! `cfg(all())` or `cfg(any())`), since the user's crate has features of its own.

use std::collections::BTreeSet;

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

/// Which items of the profile layer are the user's own.
#[derive(Debug, Default, Clone)]
pub struct Local {
    /// Types at the layer's root: module main types, their nested structs and choice
    /// enums, shared structs.
    pub root: BTreeSet<String>,
    /// Code enums (`codes::Name`).
    pub codes: BTreeSet<String>,
    /// Reference target markers (`targets::Name`).
    pub targets: BTreeSet<String>,
}

/// How to rewrite.
#[derive(Debug, Clone)]
pub struct Relocation<'a> {
    /// The models crate's path, as the user's crate names it (`careconnect_models`).
    pub models: &'a str,
    pub local: &'a Local,
    /// The models' features that generated code is gated on (`derive`, `xml`), and whether
    /// the models the user's crate depends on have them.
    pub features: &'a [(&'a str, bool)],
}

/// A reference found in the emitted tokens to an item of the profile layer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemRef {
    Root(String),
    Code(String),
    Target(String),
}

impl Relocation<'_> {
    /// `tokens` with every models-crate path rewritten for the user's crate.
    pub fn apply(&self, tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(trees.len());
        let mut i = 0;
        while i < trees.len() {
            if let Some((path, used)) = crate_path(&trees[i..]) {
                out.extend(self.rewrite(&path));
                i += used;
                continue;
            }
            if let Some(used) = self.models_path(&trees, i, &mut out) {
                i += used;
                continue;
            }
            if let Some(doc) = self.doc_links(&trees, i) {
                out.push(doc);
                i += 1;
                continue;
            }
            match &trees[i] {
                TokenTree::Group(g) => {
                    let inner = if let Some(on) = self.feature_cfg(&trees, i) {
                        cfg_constant(on, g.span())
                    } else {
                        self.apply(g.stream())
                    };
                    let mut group = Group::new(g.delimiter(), inner);
                    group.set_span(g.span());
                    out.push(TokenTree::Group(group));
                }
                other => out.push(other.clone()),
            }
            i += 1;
        }
        out.into_iter().collect()
    }

    /// The same rewriting on a parsed file, for what derive expansions added after the
    /// tokens were moved: `cfg` attributes of the models' features, and paths that name
    /// the models crate `::careconnect_models`.
    pub fn visit_file(&self, file: &mut syn::File) {
        syn::visit_mut::VisitMut::visit_file_mut(&mut Visitor(self), file);
    }

    /// `(feature = "name")` of a `cfg` at `trees[i]`, for a feature of the models: whether
    /// the models have it.
    fn feature_cfg(&self, trees: &[TokenTree], i: usize) -> Option<bool> {
        let Some(TokenTree::Group(g)) = trees.get(i) else {
            return None;
        };
        let after_cfg = i > 0 && matches!(&trees[i - 1], TokenTree::Ident(id) if id == "cfg");
        if !after_cfg || g.delimiter() != Delimiter::Parenthesis {
            return None;
        }
        let text = g.stream().to_string().replace(' ', "");
        self.features
            .iter()
            .find(|(name, _)| text == format!("feature=\"{name}\""))
            .map(|(_, on)| *on)
    }

    /// `::careconnect_models` (the derives' expansions name the models so) at a path's
    /// start, when the user's crate names the models otherwise.
    fn models_path(
        &self,
        trees: &[TokenTree],
        i: usize,
        out: &mut Vec<TokenTree>,
    ) -> Option<usize> {
        if self.models == MODELS {
            return None;
        }
        let starts_path = i == 0 || !matches!(&trees[i - 1], TokenTree::Ident(_));
        let is_models = is_colons(trees.get(i..i + 2))
            && matches!(trees.get(i + 2), Some(TokenTree::Ident(id)) if id == MODELS);
        if !(starts_path && is_models) {
            return None;
        }
        let TokenTree::Ident(id) = &trees[i + 2] else {
            return None;
        };
        push_colons(out);
        for (k, segment) in self
            .models
            .split("::")
            .filter(|s| !s.is_empty())
            .enumerate()
        {
            if k > 0 {
                push_colons(out);
            }
            out.push(TokenTree::Ident(Ident::new(segment, id.span())));
        }
        Some(3)
    }

    /// The doc string at `trees[i]` (the value of `doc = "…"`) with the `crate::…` paths of
    /// its intra-doc links (`](crate::stu3::Patient)`) rewritten; `None` if it is no doc
    /// string or has no such link.
    fn doc_links(&self, trees: &[TokenTree], i: usize) -> Option<TokenTree> {
        const LINK: &str = "](crate::";
        let TokenTree::Literal(literal) = &trees[i] else {
            return None;
        };
        let is_doc = i >= 2
            && matches!(&trees[i - 2], TokenTree::Ident(id) if id == "doc")
            && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '=');
        if !is_doc {
            return None;
        }
        let text = syn::parse2::<syn::LitStr>(TokenTree::Literal(literal.clone()).into())
            .ok()?
            .value();
        if !text.contains(LINK) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(LINK) {
            out.push_str(&rest[..at + 2]);
            let path = &rest[at + LINK.len()..];
            let end = path.find(')').unwrap_or(path.len());
            let names: Vec<&str> = path[..end].split("::").collect();
            let (_, segments) = self.relocated(&names);
            out.push_str(&segments.join("::"));
            rest = &path[end..];
        }
        out.push_str(rest);
        let mut doc = proc_macro2::Literal::string(&out);
        doc.set_span(literal.span());
        Some(TokenTree::Literal(doc))
    }

    /// Where the item of a `crate::…` path (its segments after `crate`) is in the user's
    /// crate: whether it is the user's own (then the path is relative, from a generated
    /// file's module), and the new path's segments.
    fn relocated(&self, names: &[&str]) -> (bool, Vec<String>) {
        let local = match names {
            ["careconnect", "codes", name, ..] => self.local.codes.contains(*name),
            ["careconnect", "targets", name, ..] => self.local.targets.contains(*name),
            ["careconnect", name, ..] => self.local.root.contains(*name),
            _ => false,
        };
        let head: Vec<String> = if local {
            vec!["super".to_owned()]
        } else {
            self.models
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let rest = if local { &names[1..] } else { names };
        (
            local,
            head.into_iter()
                .chain(rest.iter().map(|n| (*n).to_owned()))
                .collect(),
        )
    }

    /// The replacement of one `crate::…` path (the segments after `crate`).
    fn rewrite(&self, segments: &[Ident]) -> TokenStream {
        let names: Vec<String> = segments.iter().map(Ident::to_string).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let local = self.relocated(&names).0;
        let (head, rest): (Vec<Ident>, &[Ident]) = if local {
            // `careconnect` is the include file's module: `super` from a file's module.
            (
                vec![Ident::new("super", segments[0].span())],
                &segments[1..],
            )
        } else {
            (
                self.models
                    .split("::")
                    .filter(|s| !s.is_empty())
                    .map(|s| Ident::new(s, segments[0].span()))
                    .collect(),
                segments,
            )
        };
        let mut out = Vec::new();
        if !local {
            push_colons(&mut out);
        }
        for (k, ident) in head.iter().chain(rest).enumerate() {
            if k > 0 {
                push_colons(&mut out);
            }
            out.push(TokenTree::Ident(ident.clone()));
        }
        out.into_iter().collect()
    }
}

/// Every reference to a profile-layer item in `tokens` (`crate::careconnect::…` paths).
pub fn item_refs(tokens: &TokenStream, out: &mut BTreeSet<ItemRef>) {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        if let Some((path, used)) = crate_path(&trees[i..]) {
            let names: Vec<String> = path.iter().map(Ident::to_string).collect();
            match names
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["careconnect", "codes", name, ..] => {
                    out.insert(ItemRef::Code((*name).to_owned()));
                }
                ["careconnect", "targets", name, ..] => {
                    out.insert(ItemRef::Target((*name).to_owned()));
                }
                ["careconnect", name, ..] => {
                    out.insert(ItemRef::Root((*name).to_owned()));
                }
                _ => {}
            }
            i += used;
            continue;
        }
        if let TokenTree::Group(g) = &trees[i] {
            item_refs(&g.stream(), out);
        }
        i += 1;
    }
}

struct Visitor<'r, 'a>(&'r Relocation<'a>);

impl syn::visit_mut::VisitMut for Visitor<'_, '_> {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if let syn::Meta::List(list) = &mut attr.meta
            && list.path.is_ident("cfg")
        {
            let text = list.tokens.to_string().replace(' ', "");
            if let Some((_, on)) = self
                .0
                .features
                .iter()
                .find(|(name, _)| text == format!("feature=\"{name}\""))
            {
                list.tokens = cfg_constant(*on, Span::call_site());
            }
        }
        syn::visit_mut::visit_attribute_mut(self, attr);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let names_models = path.leading_colon.is_some()
            && path.segments.first().is_some_and(|s| s.ident == MODELS);
        if names_models && self.0.models != MODELS {
            let rest: Vec<syn::PathSegment> = path.segments.iter().skip(1).cloned().collect();
            path.segments = self
                .0
                .models
                .split("::")
                .filter(|s| !s.is_empty())
                .map(|s| syn::PathSegment::from(Ident::new(s, Span::call_site())))
                .chain(rest)
                .collect();
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

/// The name the derives' expansions give the models crate.
const MODELS: &str = "careconnect_models";

/// `all()` (always) or `any()` (never), for a `cfg`.
fn cfg_constant(on: bool, span: Span) -> TokenStream {
    let word = if on { "all" } else { "any" };
    [
        TokenTree::Ident(Ident::new(word, span)),
        TokenTree::Group(Group::new(Delimiter::Parenthesis, TokenStream::new())),
    ]
    .into_iter()
    .collect()
}

fn push_colons(out: &mut Vec<TokenTree>) {
    out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
    out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
}

/// `crate :: a :: b …` at the start of `trees`: the segments after `crate` and how many
/// tokens the path takes.
fn crate_path(trees: &[TokenTree]) -> Option<(Vec<Ident>, usize)> {
    match trees.first() {
        Some(TokenTree::Ident(i)) if i == "crate" => {}
        _ => return None,
    }
    // `$crate` inside macro_rules is a different token (`$` then `crate`): not followed.
    let mut segments = Vec::new();
    let mut at = 1;
    while is_colons(trees.get(at..at + 2)) {
        match trees.get(at + 2) {
            Some(TokenTree::Ident(ident)) => {
                segments.push(ident.clone());
                at += 3;
            }
            _ => break,
        }
    }
    (!segments.is_empty()).then_some((segments, at))
}

fn is_colons(pair: Option<&[TokenTree]>) -> bool {
    matches!(pair, Some([TokenTree::Punct(a), TokenTree::Punct(b)])
        if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn local() -> Local {
        Local {
            root: ["TrustPatient".to_owned()].into(),
            codes: ["TrustCode".to_owned()].into(),
            targets: BTreeSet::new(),
        }
    }

    fn relocated(tokens: TokenStream, derive: bool) -> String {
        let local = local();
        Relocation {
            models: "careconnect_models",
            local: &local,
            features: &[("derive", derive), ("xml", true)],
        }
        .apply(tokens)
        .to_string()
    }

    #[test]
    fn local_items_go_to_super_and_provided_ones_to_the_models() {
        let out = relocated(
            quote! {
                struct S {
                    a: crate::careconnect::TrustPatient,
                    b: crate::careconnect::CareConnectPatient,
                    c: Vec<crate::careconnect::codes::TrustCode>,
                    d: crate::careconnect::codes::AdministrativeGender,
                    e: crate::rt::Primitive<crate::stu3::Patient>,
                    f: crate::rt::profile::Ref<crate::careconnect::targets::Patient>,
                }
            },
            false,
        );
        let expected = quote! {
            struct S {
                a: super::TrustPatient,
                b: ::careconnect_models::careconnect::CareConnectPatient,
                c: Vec<super::codes::TrustCode>,
                d: ::careconnect_models::careconnect::codes::AdministrativeGender,
                e: ::careconnect_models::rt::Primitive<::careconnect_models::stu3::Patient>,
                f: ::careconnect_models::rt::profile::Ref<::careconnect_models::careconnect::targets::Patient>,
            }
        };
        assert_eq!(out, expected.to_string());
    }

    #[test]
    fn intra_doc_links_are_moved_like_paths() {
        let out = relocated(
            quote! {
                #[doc = " [`TrustPatient`](crate::careconnect::TrustPatient), [`Patient::gender`](crate::stu3::Patient::gender)"]
                #[doc = " [`TrustCode`](crate::careconnect::codes::TrustCode) and <https://example.org/x>"]
                struct S;
            },
            false,
        );
        let expected = quote! {
            #[doc = " [`TrustPatient`](super::TrustPatient), [`Patient::gender`](careconnect_models::stu3::Patient::gender)"]
            #[doc = " [`TrustCode`](super::codes::TrustCode) and <https://example.org/x>"]
            struct S;
        };
        assert_eq!(out, expected.to_string());
    }

    #[test]
    fn derive_gates_follow_the_build() {
        let tokens = quote! { #[cfg(feature = "derive")] crate::__careconnect_elements! { x } };
        assert_eq!(
            relocated(tokens.clone(), true),
            quote! { #[cfg(all())] ::careconnect_models::__careconnect_elements! { x } }
                .to_string()
        );
        assert_eq!(
            relocated(tokens, false),
            quote! { #[cfg(any())] ::careconnect_models::__careconnect_elements! { x } }
                .to_string()
        );
    }

    #[test]
    fn references_are_collected() {
        let mut refs = BTreeSet::new();
        item_refs(
            &quote! { fn f(x: crate::careconnect::A) -> crate::careconnect::codes::B { crate::rt::x() } },
            &mut refs,
        );
        assert_eq!(
            refs.into_iter().collect::<Vec<_>>(),
            vec![ItemRef::Root("A".into()), ItemRef::Code("B".into())]
        );
    }
}
