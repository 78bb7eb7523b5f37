//! `#[derive(FhirCode)]` on the enum of a required value set's codes.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Ident};

use crate::internals::ast;
use crate::internals::attr::text;
use crate::internals::{check, checked};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let ast = checked(input, ast::code, check::code)?;
    let value_set = text(&ast.attrs.value_set);
    let mut variants = Vec::new();
    let mut codes = Vec::new();
    let mut systems = Vec::new();
    let mut displays = Vec::new();
    for v in &ast.variants {
        variants.push(v.ident());
        codes.push(text(&v.attrs.code));
        // The enum's system is every variant's, unless the variant names its own.
        let system = v.attrs.system.as_ref().or(ast.attrs.system.as_ref());
        systems.push(option_str(system.map(|s| s.as_str())));
        displays.push(option_str(v.attrs.display.as_ref().map(|d| d.as_str())));
    }
    let rt = quote!(::careconnect_models::rt);
    let ident = &input.ident;
    let first = variants[0];
    let names = variants.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    let const_default = const_default(input, first);
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
            #const_default
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

/// `ConstDefault`: the first code. The fallback gives an enum whose attributes are wrong
/// the same.
pub(crate) fn const_default(input: &DeriveInput, first: &Ident) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics ::careconnect_models::rt::value::ConstDefault for #ident #ty_generics #where_clause {
            const DEFAULT: Self = #ident::#first;
        }
    }
}
