//! `#[derive(Profiled)]`: a user struct mapped onto a generated profile type, element by
//! element, in the profile's own terms.
//!
//! ```ignore
//! #[derive(Profiled)]
//! #[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
//! struct PatientRow {
//!     #[fhir(path = "identifier:nhsNumber.value")]
//!     nhs_number: String,
//!     #[fhir(path = "name:official.family")]
//!     family: String,
//!     #[fhir(path = "name:official.given")]
//!     given: Vec<String>,
//!     #[fhir(path = "birthDate")]
//!     birth_date: Option<Date>,
//!     #[fhir(skip)]
//!     row_id: i64,
//! }
//! ```
//!
//! | where | attribute | meaning |
//! |---|---|---|
//! | struct | `#[careconnect(profile = Path)]` | the generated profile type the struct maps onto |
//! | struct | `#[careconnect(element = "contact")]` | the struct maps one item of this element of the profile, not the whole profile (for a field of another mapped struct: `Vec<ContactRow>` → `contact`) |
//! | struct | `#[careconnect(crate = path)]` | where `careconnect-models` is, if not at `::careconnect_models` |
//! | struct | `#[careconnect(reverse)]` | also `TryFrom<&Profile>` into the struct |
//! | field | `#[fhir(path = "name:official.family")]` | the element the field fills, from the struct's root: element names, slice names after `:` |
//! | field | `#[fhir(skip)]` | not mapped (left to `Default` by the reverse conversion) |
//!
//! What it expands to, and why so: a proc macro cannot see the generated types of another
//! crate, so the generated code exposes what the derive needs (see
//! `careconnect_models::rt::derive`) and the expansion lets rustc decide:
//!
//! - One `const` item per struct finds each field's element in the profile's `SCHEMA` (by
//!   the [`element_key`] of its path) and calls `field` for each field and `require` for
//!   the struct, each call spanned on what it checks: an unknown path, a fixed or removed
//!   element, a container the element cannot hold, a path through a repeating element, a
//!   required element no field fills fail to compile with a message that names the
//!   profile, the path and the fix. One item, not one per field: each const item costs
//!   rustc a body to build, check and evaluate; the price is that a build reports the
//!   first mistake of a struct.
//! - The conversion reaches each element through `Node<KEY>` / `Element<KEY>` impls keyed by
//!   [`element_key`] of each path segment, and converts the field with `IntoValue` /
//!   `FromValue`: rustc checks every step and every type.
//!
//! Two fields filling the same single element, and attribute mistakes, are found here.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericArgument, LitStr, Path, PathArguments, Type};

/// The key of an element name in a profile (`name:official`, `family`): 64-bit FNV-1a of
/// its UTF-8 bytes. The generator writes one `Element<KEY>` impl per element with it, and
/// the derive reaches an element by the keys of its path's segments.
pub const fn element_key(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// The struct's attributes.
struct Target {
    profile: Path,
    /// The path of `careconnect-models` (`crate = ...`, for a renamed dependency).
    krate: Option<Path>,
    /// The element one value of the struct maps (`""`: the whole profile).
    element: Option<LitStr>,
    reverse: bool,
}

/// How a field holds its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wrapper {
    One,
    Option,
    Vec,
    /// `NonEmpty<T>` (`careconnect_models::rt::profile::NonEmpty`): at least one item.
    NonEmpty,
}

struct Mapped<'a> {
    ident: &'a syn::Ident,
    ty: &'a Type,
    path: LitStr,
    wrapper: Wrapper,
}

/// Expands `#[derive(Profiled)]`.
pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "Profiled derives only on structs with named fields",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "Profiled derives only on structs with named fields",
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "Profiled does not derive on generic structs",
        ));
    }
    let target = target(input)?;
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    let mut mapped = Vec::new();
    let mut skipped = Vec::new();
    for f in &named.named {
        let Some(ident) = f.ident.as_ref() else {
            continue;
        };
        match field_attr(f) {
            Ok(FieldAttr::Path(path)) => {
                if let Err(e) = check_path_syntax(&path) {
                    push(e);
                    continue;
                }
                mapped.push(Mapped {
                    ident,
                    ty: &f.ty,
                    wrapper: wrapper(&f.ty),
                    path,
                });
            }
            Ok(FieldAttr::Skip) => skipped.push(ident),
            Ok(FieldAttr::None) => push(syn::Error::new_spanned(
                ident,
                format!(
                    "`{ident}` maps no element: add `#[fhir(path = \"...\")]` with the element it fills, or `#[fhir(skip)]`"
                ),
            )),
            Err(e) => push(e),
        }
    }
    // Two fields filling one element: only a repeating element takes several, and then
    // the check of each field says whether it repeats; the same path twice is never meant.
    let mut seen: BTreeMap<String, &syn::Ident> = BTreeMap::new();
    for m in &mapped {
        if let Some(first) = seen.insert(m.path.value(), m.ident) {
            push(syn::Error::new(
                m.path.span(),
                format!(
                    "`{}` and `{first}` both fill `{}`: map each element from one field",
                    m.ident,
                    m.path.value()
                ),
            ));
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    Ok(expansion(input, &target, &mapped, &skipped))
}

enum FieldAttr {
    Path(LitStr),
    Skip,
    None,
}

fn target(input: &DeriveInput) -> syn::Result<Target> {
    let mut profile = None;
    let mut krate = None;
    let mut element = None;
    let mut reverse = false;
    for attr in &input.attrs {
        if !attr.path().is_ident("careconnect") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("profile") {
                profile = Some(meta.value()?.parse::<Path>()?);
            } else if meta.path.is_ident("crate") {
                krate = Some(meta.value()?.parse::<Path>()?);
            } else if meta.path.is_ident("element") {
                let lit: LitStr = meta.value()?.parse()?;
                check_path_syntax(&lit)?;
                element = Some(lit);
            } else if meta.path.is_ident("reverse") {
                reverse = true;
            } else {
                return Err(meta.error(
                    "unknown key: #[careconnect(...)] takes `profile = Type`, `element = \"...\"`, `reverse` and `crate = path`",
                ));
            }
            Ok(())
        })?;
    }
    let Some(profile) = profile else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "missing #[careconnect(profile = ...)] naming the profile type the struct maps onto (e.g. `careconnect_models::careconnect::CareConnectPatient`)",
        ));
    };
    Ok(Target {
        profile,
        krate,
        element,
        reverse,
    })
}

fn field_attr(f: &syn::Field) -> syn::Result<FieldAttr> {
    let mut out = FieldAttr::None;
    for attr in &f.attrs {
        if !attr.path().is_ident("fhir") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("path") {
                out = FieldAttr::Path(meta.value()?.parse()?);
            } else if meta.path.is_ident("skip") {
                out = FieldAttr::Skip;
            } else {
                return Err(meta.error(
                    "unknown key: #[fhir(...)] on a Profiled field takes `path = \"...\"` or `skip`",
                ));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// A path is element names (slices after one `:`) separated by dots.
fn check_path_syntax(path: &LitStr) -> syn::Result<()> {
    let text = path.value();
    let ok = !text.is_empty()
        && text.split('.').all(|seg| {
            let mut parts = seg.split(':');
            let name = parts.next().unwrap_or("");
            let slice = parts.next();
            parts.next().is_none()
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && slice.is_none_or(|s| !s.is_empty() && !s.contains(char::is_whitespace))
        });
    if ok {
        Ok(())
    } else {
        Err(syn::Error::new(
            path.span(),
            format!(
                "`{text}` is not an element path: element names separated by `.`, a slice after `:` (`name:official.family`)"
            ),
        ))
    }
}

fn wrapper(ty: &Type) -> Wrapper {
    match outer(ty) {
        Some(("Option", _)) => Wrapper::Option,
        Some(("Vec", _)) => Wrapper::Vec,
        Some(("NonEmpty", _)) => Wrapper::NonEmpty,
        _ => Wrapper::One,
    }
}

/// The last segment's name of a path type and its one type argument.
fn outer(ty: &Type) -> Option<(&'static str, &Type)> {
    let Type::Path(p) = ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    let name = match last.ident.to_string().as_str() {
        "Option" => "Option",
        "Vec" => "Vec",
        "NonEmpty" => "NonEmpty",
        _ => return None,
    };
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(t) => Some((name, t)),
        _ => None,
    }
}

/// Where the type of one value of a field is written (inside `Option`/`Vec`).
fn item_span(m: &Mapped<'_>) -> proc_macro2::Span {
    match (m.wrapper, outer(m.ty)) {
        (Wrapper::Option | Wrapper::Vec | Wrapper::NonEmpty, Some((_, inner))) => inner.span(),
        _ => m.ty.span(),
    }
}

/// The type of one value of a field (inside `Option`/`Vec`).
fn item_type(m: &Mapped<'_>) -> TokenStream {
    match (m.wrapper, outer(m.ty)) {
        (Wrapper::Option | Wrapper::Vec | Wrapper::NonEmpty, Some((_, inner))) => {
            quote!(#inner)
        }
        _ => {
            let ty = m.ty;
            quote!(#ty)
        }
    }
}

impl Target {
    /// The path of the runtime's derive module (`careconnect_models::rt::derive`) with
    /// every token spanned at `span`.
    fn rt(&self, span: proc_macro2::Span) -> TokenStream {
        let krate = self.krate(span);
        quote_spanned!(span=> #krate::rt::derive)
    }

    /// The path of `careconnect-models` with every token spanned at `span`, so that an
    /// error in a call through it points where the call is about.
    fn krate(&self, span: proc_macro2::Span) -> TokenStream {
        let tokens = match &self.krate {
            Some(path) => quote!(#path),
            None => quote!(::careconnect_models),
        };
        tokens
            .into_iter()
            .map(|mut t| {
                t.set_span(span);
                t
            })
            .collect()
    }
}

fn segments(path: &str) -> Vec<u64> {
    path.split('.').map(element_key).collect()
}

fn key_lit(key: u64) -> proc_macro2::Literal {
    proc_macro2::Literal::u64_suffixed(key)
}

fn expansion(
    input: &DeriveInput,
    target: &Target,
    mapped: &[Mapped<'_>],
    skipped: &[&syn::Ident],
) -> TokenStream {
    let rt = target.rt(proc_macro2::Span::call_site());
    let ident = &input.ident;
    let profile = &target.profile;
    let profile_name = quote!(#profile).to_string().replace(' ', "");
    let short = profile_name
        .rsplit("::")
        .next()
        .unwrap_or(&profile_name)
        .to_string();
    let root = target
        .element
        .as_ref()
        .map(LitStr::value)
        .unwrap_or_default();
    let absolute = |p: &str| {
        if root.is_empty() {
            p.to_string()
        } else {
            format!("{root}.{p}")
        }
    };
    // The type one value of the struct converts into: the profile, or an item of the
    // element it maps.
    let mut item_ty = quote!(#profile);
    if let Some(element) = &target.element {
        for key in segments(&element.value()) {
            let key = key_lit(key);
            item_ty = quote_spanned!(element.span()=> <#item_ty as #rt::Element<#key>>::Item);
        }
    }

    // The elements of the struct's root and fields, looked up once by their keys; each
    // check below takes them.
    let schema = quote!(<#profile as #rt::ProfileSchema>::SCHEMA);
    let root_index = match &target.element {
        Some(element) => {
            let key = key_lit(element_key(&root));
            let message = format!("`{short}` has no element `{root}` (the struct's `element`)");
            let span = element.span();
            let rt = target.rt(span);
            quote_spanned!(span=> #rt::root(#schema, #key, #root, #message))
        }
        None => quote!(#rt::NONE),
    };
    let resolved = mapped.iter().map(|m| {
        let abs = absolute(&m.path.value());
        let key = key_lit(element_key(&abs));
        quote!(#rt::find(#schema, #key, #abs))
    });
    // One `const` for all the checks of the struct: each const item costs rustc a body to
    // build, borrow-check, evaluate and validate, whatever it holds. Each call in it is
    // spanned on what it checks, so an error points there; evaluation stops at the first.
    let field_checks = mapped.iter().enumerate().map(|(i, m)| {
        let path = m.path.value();
        let name = m.ident.to_string();
        let wrapper = match m.wrapper {
            Wrapper::One => quote!(One),
            Wrapper::Option => quote!(Option),
            Wrapper::Vec => quote!(Vec),
            Wrapper::NonEmpty => quote!(NonEmpty),
        };
        let span = m.path.span();
        let rt = target.rt(span);
        let schema = quote_spanned!(span=> <#profile as #rt::ProfileSchema>::SCHEMA);
        quote_spanned! {span=>
            #rt::field(#schema, map, #i, #rt::Wrapper::#wrapper, #name, #path);
        }
    });
    let required_check = {
        let span = ident.span();
        let rt = target.rt(span);
        let schema = quote_spanned!(span=> <#profile as #rt::ProfileSchema>::SCHEMA);
        quote_spanned! {span=>
            #rt::require(#schema, map);
        }
    };
    let checks = quote! {
        const _: () = {
            let fields = [#(#resolved),*];
            let mut sorted = fields;
            #rt::sort(&mut sorted);
            let map = #rt::Mapping {
                profile: #short,
                root_path: #root,
                root: #root_index,
                fields: &fields,
                sorted: &sorted,
            };
            #(#field_checks)*
            #required_check
        };
    };

    let puts = mapped.iter().map(|m| {
        let keys = segments(&m.path.value());
        let (last, walk) = keys.split_last().map_or((0, &[][..]), |(l, w)| (*l, w));
        let last = key_lit(last);
        let walk = walk.iter().map(|k| {
            let k = key_lit(*k);
            quote_spanned!(m.path.span()=> let n = #rt::Node::<#k>::enter(n);)
        });
        let field = m.ident;
        // The element's item type is known from `put`, so a field type that does not
        // convert fails on `IntoValue`, spanned on the field's type.
        let span = item_span(m);
        let rt = target.rt(span);
        let put = quote_spanned! {span=>
            #rt::Element::<#last>::put(n, #rt::IntoValue::to_value(v));
        };
        match m.wrapper {
            Wrapper::One => quote! {{
                let n = &mut out;
                #(#walk)*
                let v = &from.#field;
                #put
            }},
            Wrapper::Option => quote! {
                if let ::core::option::Option::Some(v) = &from.#field {
                    let n = &mut out;
                    #(#walk)*
                    #put
                }
            },
            Wrapper::Vec | Wrapper::NonEmpty => {
                let put_all = quote_spanned! {span=>
                    #rt::Element::<#last>::put_all(n, #rt::to_values(&from.#field));
                };
                quote! {
                    if !from.#field.is_empty() {
                        let n = &mut out;
                        #(#walk)*
                        #put_all
                    }
                }
            }
        }
    });
    let into = if target.element.is_some() {
        quote! {
            impl #rt::IntoValue<#item_ty> for #ident {
                fn to_value(&self) -> #item_ty {
                    let from = self;
                    let mut out: #item_ty =
                        <#item_ty as #rt::Start>::start();
                    #(#puts)*
                    out
                }
            }
        }
    } else {
        quote! {
            impl ::core::convert::From<&#ident> for #profile {
                fn from(from: &#ident) -> #profile {
                    let mut out: #profile =
                        <#profile as #rt::Start>::start();
                    #(#puts)*
                    out
                }
            }
            impl ::core::convert::From<#ident> for #profile {
                fn from(from: #ident) -> #profile {
                    <#profile as ::core::convert::From<&#ident>>::from(&from)
                }
            }
        }
    };
    let reverse = if target.reverse {
        reverse(target, ident, mapped, skipped, &item_ty, &absolute)
    } else {
        quote!()
    };
    quote! {
        const _: () = {
            #checks
            #into
            #reverse
        };
    }
}

/// `TryFrom<&Profile>` (or, for a struct mapping an element, `FromValue` of its item):
/// every field from its element, every element a field needs and does not find noted.
fn reverse(
    target: &Target,
    ident: &syn::Ident,
    mapped: &[Mapped<'_>],
    skipped: &[&syn::Ident],
    item_ty: &TokenStream,
    absolute: &dyn Fn(&str) -> String,
) -> TokenStream {
    let krate = target.krate(proc_macro2::Span::call_site());
    let rt = target.rt(proc_macro2::Span::call_site());
    let profile = &target.profile;
    let gets = mapped.iter().map(|m| {
        // The element's items, one call per path segment: the profile's own method for
        // the first, then a runtime function, checked once there, not in code of the
        // user's crate.
        let mut keys = segments(&m.path.value()).into_iter().map(key_lit);
        let first = keys.next().unwrap_or_else(|| key_lit(0));
        let mut items = quote!(#rt::Element::<#first>::items(from));
        for k in keys {
            items = quote!(#rt::items_in::<#k, _>(#items));
        }
        let field = m.ident;
        let item = item_type(m);
        let path = absolute(&m.path.value());
        let take = match m.wrapper {
            Wrapper::One => quote!(one),
            Wrapper::Option => quote!(opt),
            Wrapper::Vec => quote!(all),
            Wrapper::NonEmpty => quote!(non_empty),
        };
        let span = item_span(m);
        let rt_spanned = target.rt(span);
        let take = quote_spanned!(span=> #rt_spanned::#take::<_, #item>);
        quote! {
            let #field = #take(#items, &mut missing, #path);
        }
    });
    let idents: Vec<_> = mapped.iter().map(|m| m.ident).collect();
    let tmp: Vec<_> = mapped
        .iter()
        .map(|m| format_ident!("__{}", m.ident))
        .collect();
    let body = quote! {
        // The URL alone, evaluated when compiling: the schema stays out of the binary.
        const URL: &str = <#profile as #rt::ProfileSchema>::SCHEMA.url;
        let mut missing = #rt::Missing::default();
        #(#gets)*
        match (#(#idents,)*) {
            (#(::core::option::Option::Some(#tmp),)*) if missing.is_empty() => {
                ::core::result::Result::Ok(#ident {
                    #(#idents: #tmp,)*
                    #(#skipped: ::core::default::Default::default(),)*
                })
            }
            _ => ::core::result::Result::Err(missing.into_error(URL)),
        }
    };
    if target.element.is_some() {
        quote! {
            impl #rt::FromElement<#item_ty> for #ident {
                fn from_element(from: &#item_ty) -> ::core::result::Result<Self, #krate::rt::profile::Conformance> {
                    #body
                }
            }
            impl #rt::FromValue<#item_ty> for #ident {
                fn from_value(value: &#item_ty) -> ::core::option::Option<Self> {
                    <Self as #rt::FromElement<#item_ty>>::from_element(value).ok()
                }
            }
        }
    } else {
        quote! {
            impl ::core::convert::TryFrom<&#profile> for #ident {
                type Error = #krate::rt::profile::Conformance;
                fn try_from(from: &#profile) -> ::core::result::Result<Self, Self::Error> {
                    #body
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fnv_1a() {
        assert_eq!(element_key(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(element_key("a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(element_key("name:official"), element_key("name"));
    }
}
