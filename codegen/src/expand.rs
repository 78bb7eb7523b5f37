//! The wire-format impls, written out: every struct and enum that names a derive of
//! `careconnect-derive` gets that derive's expansion (from `careconnect-expand`, the same
//! code the derive runs) printed beside it, and loses the derive and its `#[fhir(...)]`
//! attributes. Building the models then needs no procedural macro; `careconnect-expand`'s
//! docs give the measurement behind this.
//!
//! The expansions wrap a type's XML methods in the runtime's `if_xml!`, which keeps them
//! only when the runtime has its `xml` feature; written out in the runtime's own crates,
//! that becomes a plain `#[cfg(feature = "xml")]` on each method.

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
            let mut gates = XmlGates(Ok(()));
            gates.visit_file_mut(&mut expanded);
            gates.0?;
            items.extend(expanded.items);
        }
    }
    file.items = items;
    Ok(())
}

/// An impl item under `#[cfg(feature = "xml")]`.
fn gate(mut item: ImplItem) -> ImplItem {
    let cfg: Attribute = syn::parse_quote!(#[cfg(feature = "xml")]);
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

/// Replaces each `if_xml! { ... }` among an impl's items by the items it holds, each under
/// `#[cfg(feature = "xml")]`.
struct XmlGates(syn::Result<()>);

impl VisitMut for XmlGates {
    fn visit_item_impl_mut(&mut self, item: &mut ItemImpl) {
        let mut items = Vec::with_capacity(item.items.len());
        for impl_item in std::mem::take(&mut item.items) {
            match impl_item {
                ImplItem::Macro(m)
                    if m.mac
                        .path
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "if_xml") =>
                {
                    let parsed = (|input: ParseStream| {
                        let mut inner = Vec::new();
                        while !input.is_empty() {
                            inner.push(input.parse::<ImplItem>()?);
                        }
                        Ok(inner)
                    })
                    .parse2(m.mac.tokens);
                    match parsed {
                        Ok(inner) => items.extend(inner.into_iter().map(gate)),
                        Err(e) => self.0 = Err(e),
                    }
                }
                other => items.push(other),
            }
        }
        item.items = items;
        syn::visit_mut::visit_item_impl_mut(self, item);
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
