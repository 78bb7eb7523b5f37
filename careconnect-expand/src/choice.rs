//! `#[derive(FhirChoice)]` on the enum of a choice element (`Observation.value[x]`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Ident};

use crate::internals::ast::{self, upper_first};
use crate::internals::attr::text;
use crate::internals::{check, checked};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let ast = checked(input, ast::choice, check::choice)?;
    let variants = ast.variants.iter().map(|v| v.ident()).collect::<Vec<_>>();
    let codes = ast
        .variants
        .iter()
        .map(|v| text(&v.attrs.type_code))
        .collect::<Vec<_>>();
    let rt = quote!(::careconnect_models::rt::value);
    let ident = &input.ident;
    let rtv = quote!(::careconnect_models::rt::value);
    let suffixes = codes.iter().map(|c| upper_first(c)).collect::<Vec<_>>();
    // At most `check::MAX_CHOICE_TYPES` variants.
    let indexes = (0..variants.len()).map(|i| i as u8).collect::<Vec<_>>();
    let first = variants[0];
    let const_default = const_default(input, first, first_boxed(input));
    Ok(quote! {
        const _: () = {
            impl ::core::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #rtv::debug_value(self, ::core::stringify!(#ident), f)
                }
            }
            impl #rt::ChoiceValue for #ident {
                const TYPES: &'static [&'static str] = &[#(#codes),*];
                fn type_code(&self) -> &'static str {
                    match self { #(#ident::#variants(_) => #codes,)* }
                }
            }
            impl ::core::default::Default for #ident {
                fn default() -> Self {
                    #ident::#first(::core::default::Default::default())
                }
            }
            #const_default
            impl #rt::FhirValue for #ident {
                fn read_json(
                    &mut self,
                    r: &mut ::careconnect_models::rt::JsonReader<'_>,
                    part: #rt::Part,
                ) -> ::careconnect_models::rt::Result<()> {
                    let (#rt::Part::Choice(t) | #rt::Part::ChoiceExtension(t)) = part else {
                        return ::core::result::Result::Err(#rt::not_a_choice(r));
                    };
                    let current = match self { #(#ident::#variants(_) => #indexes,)* };
                    if current != t {
                        *self = match t {
                            #(#indexes => #ident::#variants(::core::default::Default::default()),)*
                            _ => return ::core::result::Result::Err(#rt::not_a_choice(r)),
                        };
                    }
                    let part = part.member_part();
                    match self {
                        #(#ident::#variants(v) => #rt::FhirValue::read_json(v, r, part),)*
                    }
                }
                fn read_new(
                    r: &mut ::careconnect_models::rt::JsonReader<'_>,
                    part: #rt::Part,
                ) -> ::careconnect_models::rt::Result<Self> {
                    let mut v = <Self as ::core::default::Default>::default();
                    #rt::FhirValue::read_json(&mut v, r, part)?;
                    ::core::result::Result::Ok(v)
                }
                fn write_json_field(
                    &self,
                    name: &str,
                    _suffix: &str,
                    w: &mut ::careconnect_models::rt::JsonWriter,
                ) {
                    match self {
                        #(#ident::#variants(v) => #rt::FhirValue::write_json_field(v, name, #suffixes, w),)*
                    }
                }
                fn write_json_bare(&self, w: &mut ::careconnect_models::rt::JsonWriter) {
                    match self {
                        #(#ident::#variants(v) => #rt::FhirValue::write_json_bare(v, w),)*
                    }
                }
                fn check(&self) -> ::careconnect_models::rt::Result<()> {
                    match self {
                        #(#ident::#variants(v) => #rt::FhirValue::check(v),)*
                    }
                }
                fn is_empty(&self) -> bool {
                    match self {
                        #(#ident::#variants(v) => #rt::FhirValue::is_empty(v),)*
                    }
                }
                ::careconnect_models::rt::if_xml! {
                    fn read_xml<'a>(
                        &mut self,
                        r: &mut ::careconnect_models::rt::XmlReader<'a>,
                        el: &::careconnect_models::rt::XmlElement<'a>,
                        part: #rt::Part,
                    ) -> ::careconnect_models::rt::Result<()> {
                        let #rt::Part::Choice(t) = part else {
                            return ::core::result::Result::Err(::careconnect_models::rt::xml::not_a_choice(r, el));
                        };
                        let current = match self { #(#ident::#variants(_) => #indexes,)* };
                        if current != t {
                            *self = match t {
                                #(#indexes => #ident::#variants(::core::default::Default::default()),)*
                                _ => return ::core::result::Result::Err(::careconnect_models::rt::xml::not_a_choice(r, el)),
                            };
                        }
                        match self {
                            #(#ident::#variants(v) => #rt::FhirValue::read_xml(v, r, el, #rt::Part::Value),)*
                        }
                    }
                    fn read_new_xml<'a>(
                        r: &mut ::careconnect_models::rt::XmlReader<'a>,
                        el: &::careconnect_models::rt::XmlElement<'a>,
                        part: #rt::Part,
                    ) -> ::careconnect_models::rt::Result<Self> {
                        let mut v = <Self as ::core::default::Default>::default();
                        #rt::FhirValue::read_xml(&mut v, r, el, part)?;
                        ::core::result::Result::Ok(v)
                    }
                    fn write_xml(
                        &self,
                        name: &str,
                        _suffix: &str,
                        w: &mut ::careconnect_models::rt::XmlWriter,
                    ) {
                        match self {
                            #(#ident::#variants(v) => #rt::FhirValue::write_xml(v, name, #suffixes, w),)*
                        }
                    }
                }
            }
        };
    })
}

/// Whether the first variant holds a `Box`.
pub(crate) fn first_boxed(input: &DeriveInput) -> bool {
    let syn::Data::Enum(data) = &input.data else {
        return false;
    };
    data.variants.first().is_some_and(|v| match &v.fields {
        syn::Fields::Unnamed(f) => f.unnamed.first().is_some_and(|f| is_box(&f.ty)),
        _ => false,
    })
}

fn is_box(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Box"))
}

/// `ConstDefault`: the first variant holding its type's constant default. A boxed value has
/// none (required choices keep their first variant unboxed for this). The fallback gives
/// an enum whose attributes are wrong the same.
pub(crate) fn const_default(input: &DeriveInput, first: &Ident, boxed: bool) -> TokenStream {
    if boxed {
        return quote!();
    }
    let rt = quote!(::careconnect_models::rt::value);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics #rt::ConstDefault for #ident #ty_generics #where_clause {
            const DEFAULT: Self = #ident::#first(#rt::ConstDefault::DEFAULT);
        }
    }
}
