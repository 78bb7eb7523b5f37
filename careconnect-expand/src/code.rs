//! `#[derive(FhirCode)]` on the enum of a required value set's codes.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

use crate::attr::{Errors, FhirAttrs};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let attrs = FhirAttrs::parse(&input.attrs, &mut errors);
    attrs.only(&["value_set", "system"], "a code enum", &mut errors);
    // The enum's system is every variant's, unless the variant names its own.
    let default_system = attrs.system.as_ref().map(|s| s.value.clone());
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "FhirCode derives only on enums",
        ));
    };
    let mut variants = Vec::new();
    let mut codes = Vec::new();
    let mut systems = Vec::new();
    let mut displays = Vec::new();
    for v in &data.variants {
        let va = FhirAttrs::parse(&v.attrs, &mut errors);
        va.only(
            &["code", "system", "display"],
            "a code variant",
            &mut errors,
        );
        systems.push(option_str(
            va.system
                .as_ref()
                .map(|s| s.value.as_str())
                .or(default_system.as_deref()),
        ));
        displays.push(option_str(va.display.as_ref().map(|s| s.value.as_str())));
        if !matches!(v.fields, Fields::Unit) {
            errors.error(v.ident.span(), "a code variant holds no data");
        }
        if v.discriminant.is_some() {
            errors.error(
                v.ident.span(),
                "code variants take no explicit discriminant",
            );
        }
        match va.code {
            Some(c) => {
                if codes.contains(&c.value) {
                    errors.error(c.span, format_args!("code `{}` appears twice", c.value));
                }
                codes.push(c.value);
            }
            None => errors.error(
                v.ident.span(),
                "missing #[fhir(code = \"...\")] on a variant",
            ),
        }
        variants.push(&v.ident);
    }
    if variants.is_empty() {
        errors.error(input.ident.span(), "a code enum needs at least one code");
    }
    let value_set = match attrs.value_set {
        Some(v) => v.value,
        None => {
            errors.error(input.ident.span(), "missing #[fhir(value_set = \"...\")]");
            String::new()
        }
    };
    errors.finish()?;

    let rt = quote!(::careconnect_models::rt);
    let ident = &input.ident;
    let first = variants[0];
    let names = variants.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    Ok(quote! {
        const _: () = {
            impl #rt::CodeValue for #ident {
                const VALUE_SET: &'static str = #value_set;
                const CODES: &'static [&'static str] = &[#(#codes),*];
                fn from_code(code: &str) -> ::core::option::Option<Self> {
                    match code {
                        #(#codes => ::core::option::Option::Some(#ident::#variants),)*
                        _ => ::core::option::Option::None,
                    }
                }
                fn code(&self) -> &'static str {
                    <Self as #rt::CodeValue>::CODES[*self as usize]
                }
                fn system(&self) -> ::core::option::Option<&'static str> {
                    const SYSTEMS: &[::core::option::Option<&str>] = &[#(#systems),*];
                    SYSTEMS[*self as usize]
                }
                fn display(&self) -> ::core::option::Option<&'static str> {
                    const DISPLAYS: &[::core::option::Option<&str>] = &[#(#displays),*];
                    DISPLAYS[*self as usize]
                }
            }
            // Written out rather than derived: the expansion cannot add `#[default]` to the
            // enum it is given.
            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for #ident {
                fn default() -> Self {
                    #ident::#first
                }
            }
            impl #rt::value::ConstDefault for #ident {
                const DEFAULT: Self = #ident::#first;
            }
            impl ::core::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    const NAMES: &[&str] = &[#(#names),*];
                    f.write_str(NAMES[*self as usize])
                }
            }
            impl ::core::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(#rt::CodeValue::code(self))
                }
            }
            impl ::core::str::FromStr for #ident {
                type Err = #rt::value::UnknownCode;
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    <Self as #rt::CodeValue>::from_code(s).ok_or_else(|| #rt::value::UnknownCode::new::<Self>(s))
                }
            }
        };
    })
}

fn option_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}
