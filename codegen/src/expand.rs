//! The wire-format impls, written out: every struct and enum that names a derive of
//! `careconnect-derive` gets that derive's expansion (from `careconnect-expand`, the same
//! code the derive runs) printed beside it, and loses the derive and its `#[fhir(...)]`
//! attributes. Building the models then needs no procedural macro; `careconnect-expand`'s
//! docs give the measurement behind this.
//!
//! The expansions wrap a type's XML methods in the runtime's `if_xml!` and its serde impls
//! in `if_serde!`, which keep them only when the runtime has its `xml` or `serde` feature;
//! written out in the runtime's own crates, that becomes a plain `#[cfg(feature = "...")]`
//! on each method or impl.

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Attribute, DeriveInput, ImplItem, Item, ItemImpl, Meta, Path, Token};

type Expansion = fn(&DeriveInput) -> syn::Result<TokenStream>;

/// The expansion a derive path names, if it is one of `careconnect-derive`'s.
fn expansion(path: &Path) -> Option<Expansion> {
    let mut segments = path.segments.iter().map(|s| s.ident.to_string());
    if segments.next().as_deref() != Some("careconnect_derive") {
        return None;
    }
    let f: Expansion = match segments.next().as_deref()? {
        "FhirType" => careconnect_expand::fhir_type,
        "FhirChoice" => careconnect_expand::fhir_choice,
        "FhirCode" => careconnect_expand::fhir_code,
        "FhirResource" => careconnect_expand::fhir_resource,
        _ => return None,
    };
    segments.next().is_none().then_some(f)
}

/// Replaces the derives of `careconnect-derive` in `file` by their expansions.
pub fn expand_derives(file: &mut syn::File) -> syn::Result<()> {
    let mut items = Vec::with_capacity(file.items.len());
    for mut item in std::mem::take(&mut file.items) {
        // The derive input keeps the `#[fhir]` attributes; the printed item loses them.
        let (input, expansions): (DeriveInput, _) = match &mut item {
            Item::Struct(s) => {
                let found = take_expansions(&mut s.attrs)?;
                (s.clone().into(), found)
            }
            Item::Enum(e) => {
                let found = take_expansions(&mut e.attrs)?;
                (e.clone().into(), found)
            }
            _ => {
                items.push(item);
                continue;
            }
        };
        if !expansions.is_empty() {
            strip_fhir_attrs(&mut item);
        }
        items.push(item);
        for f in expansions {
            let mut expanded: syn::File = syn::parse2(f(&input)?)?;
            let mut gates = Gates(Ok(()));
            gates.visit_file_mut(&mut expanded);
            gates.0?;
            items.extend(expanded.items);
        }
    }
    file.items = items;
    Ok(())
}

/// The runtime's feature gates the expansions use: `if_xml!` around impl items (a type's
/// XML methods), `if_serde!` around items (a type's serde impls).
const GATES: [(&str, &str); 2] = [("if_xml", "xml"), ("if_serde", "serde")];

/// The feature a gate macro's path names, if it is one of [`GATES`].
fn gate_feature(path: &Path) -> Option<&'static str> {
    let last = path.segments.last()?;
    GATES
        .iter()
        .find(|(name, _)| last.ident == name)
        .map(|&(_, feature)| feature)
}

/// An impl item under `#[cfg(feature = "...")]`.
fn gate(mut item: ImplItem, feature: &str) -> ImplItem {
    let cfg: Attribute = syn::parse_quote!(#[cfg(feature = #feature)]);
    match &mut item {
        ImplItem::Fn(f) => f.attrs.push(cfg),
        ImplItem::Const(c) => c.attrs.push(cfg),
        ImplItem::Type(t) => t.attrs.push(cfg),
        ImplItem::Macro(m) => m.attrs.push(cfg),
        // Verbatim tokens take no attribute; the expansions never produce them.
        _ => {}
    }
    item
}

/// Parses the contents of a gate macro as a sequence of `T`.
fn parse_all<T: syn::parse::Parse>(tokens: TokenStream) -> syn::Result<Vec<T>> {
    (|input: ParseStream| {
        let mut inner = Vec::new();
        while !input.is_empty() {
            inner.push(input.parse::<T>()?);
        }
        Ok(inner)
    })
    .parse2(tokens)
}

/// Replaces each gate macro by the items it holds, each under `#[cfg(feature = "...")]`:
/// `if_xml! { ... }` among an impl's items, `if_serde! { ... }` among the statements of a
/// block (the expansions' `const _: () = { ... };`).
struct Gates(syn::Result<()>);

impl VisitMut for Gates {
    fn visit_item_impl_mut(&mut self, item: &mut ItemImpl) {
        let mut items = Vec::with_capacity(item.items.len());
        for impl_item in std::mem::take(&mut item.items) {
            match impl_item {
                ImplItem::Macro(m) if let Some(feature) = gate_feature(&m.mac.path) => {
                    match parse_all::<ImplItem>(m.mac.tokens) {
                        Ok(inner) => items.extend(inner.into_iter().map(|i| gate(i, feature))),
                        Err(e) => self.0 = Err(e),
                    }
                }
                other => items.push(other),
            }
        }
        item.items = items;
        syn::visit_mut::visit_item_impl_mut(self, item);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let mut stmts = Vec::with_capacity(block.stmts.len());
        for stmt in std::mem::take(&mut block.stmts) {
            let mac = match &stmt {
                syn::Stmt::Macro(m) => Some(&m.mac),
                syn::Stmt::Item(Item::Macro(m)) => Some(&m.mac),
                _ => None,
            };
            match mac.and_then(|m| Some((gate_feature(&m.path)?, m.tokens.clone()))) {
                Some((feature, tokens)) => match parse_all::<Item>(tokens) {
                    Ok(inner) => {
                        for mut item in inner {
                            match item_attrs(&mut item) {
                                Some(attrs) => {
                                    attrs.push(syn::parse_quote!(#[cfg(feature = #feature)]))
                                }
                                None => {
                                    self.0 = Err(syn::Error::new_spanned(
                                        &item,
                                        "an item of a kind the feature gates do not take",
                                    ))
                                }
                            }
                            stmts.push(syn::Stmt::Item(item));
                        }
                    }
                    Err(e) => self.0 = Err(e),
                },
                None => stmts.push(stmt),
            }
        }
        block.stmts = stmts;
        syn::visit_mut::visit_block_mut(self, block);
    }
}

/// The attributes of the items the expansions put in gates.
fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    match item {
        Item::Impl(i) => Some(&mut i.attrs),
        Item::Const(c) => Some(&mut c.attrs),
        Item::Fn(f) => Some(&mut f.attrs),
        Item::Static(s) => Some(&mut s.attrs),
        Item::Struct(s) => Some(&mut s.attrs),
        Item::Use(u) => Some(&mut u.attrs),
        _ => None,
    }
}

/// Removes the derives of `careconnect-derive` from the `#[derive(...)]` attributes and
/// returns their expansions.
fn take_expansions(attrs: &mut Vec<Attribute>) -> syn::Result<Vec<Expansion>> {
    let mut found = Vec::new();
    let mut kept = Vec::with_capacity(attrs.len());
    for attr in std::mem::take(attrs) {
        if !attr.path().is_ident("derive") {
            kept.push(attr);
            continue;
        }
        let paths = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)?;
        let mut rest = Punctuated::<Path, Token![,]>::new();
        for path in paths {
            match expansion(&path) {
                Some(f) => found.push(f),
                None => rest.push(path),
            }
        }
        if !rest.is_empty() {
            kept.push(syn::parse_quote!(#[derive(#rest)]));
        }
    }
    *attrs = kept;
    Ok(found)
}

fn strip_fhir_attrs(item: &mut Item) {
    let strip = |attrs: &mut Vec<Attribute>| {
        attrs.retain(|a| !matches!(&a.meta, Meta::List(l) if l.path.is_ident("fhir")));
    };
    match item {
        Item::Struct(s) => {
            strip(&mut s.attrs);
            s.fields.iter_mut().for_each(|f| strip(&mut f.attrs));
        }
        Item::Enum(e) => {
            strip(&mut e.attrs);
            for v in &mut e.variants {
                strip(&mut v.attrs);
                v.fields.iter_mut().for_each(|f| strip(&mut f.attrs));
            }
        }
        _ => {}
    }
}
