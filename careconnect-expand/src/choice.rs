//! `#[derive(FhirChoice)]` on the enum of a choice element (`Observation.value[x]`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

use crate::attr::{Errors, FhirAttrs};
use crate::fhir_type::upper_first;

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    FhirAttrs::parse(&input.attrs, &mut errors).only(&[], "a choice enum", &mut errors);
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "FhirChoice derives only on enums",
        ));
    };
    let mut variants = Vec::new();
    let mut codes = Vec::new();
    let first_boxed = data.variants.first().is_some_and(|v| match &v.fields {
        Fields::Unnamed(f) => f.unnamed.first().is_some_and(|f| is_box(&f.ty)),
        _ => false,
    });
    for v in &data.variants {
        let va = FhirAttrs::parse(&v.attrs, &mut errors);
        va.only(&["type"], "a choice variant", &mut errors);
        match &v.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {}
            _ => errors.error(v.ident.span(), "a choice variant holds exactly one value"),
        }
        match va.type_code {
            Some(t) => codes.push(t.value),
            None => errors.error(
                v.ident.span(),
                "missing #[fhir(type = \"...\")] on a variant",
            ),
        }
        variants.push(&v.ident);
    }
    if variants.is_empty() {
        errors.error(
            input.ident.span(),
            "a choice enum needs at least one variant",
        );
    }
    if variants.len() > 255 {
        errors.error(input.ident.span(), "a choice element has at most 255 types");
    }
    errors.finish()?;

    let rt = quote!(::careconnect_models::rt::value);
    let ident = &input.ident;
    let rtv = quote!(::careconnect_models::rt::value);
    let suffixes = codes.iter().map(|c| upper_first(c)).collect::<Vec<_>>();
    // At most 255 variants, checked above.
    let indexes = (0..variants.len()).map(|i| i as u8).collect::<Vec<_>>();
    let first = variants[0];
    // A constant default needs a first variant that is not boxed (required choices).
    let const_default = if first_boxed {
        quote!()
    } else {
        quote! {
            impl #rt::ConstDefault for #ident {
                const DEFAULT: Self = #ident::#first(#rt::ConstDefault::DEFAULT);
            }
        }
    };
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

fn is_box(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Box"))
}
