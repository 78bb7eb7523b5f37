//! The wire-format impls, written out: every struct and enum that names a derive of
//! `careconnect-derive` gets that derive's expansion (from `careconnect-expand`, the same
//! code the derive runs) printed beside it, and loses the derive and its `#[fhir(...)]`
//! attributes. Building the models then needs no procedural macro; `careconnect-expand`'s
//! docs give the measurement behind this.

use proc_macro2::TokenStream;
use syn::punctuated::Punctuated;
use syn::{Attribute, DeriveInput, Item, Meta, Path, Token};

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
            let expanded: syn::File = syn::parse2(f(&input)?)?;
            items.extend(expanded.items);
        }
    }
    file.items = items;
    Ok(())
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
