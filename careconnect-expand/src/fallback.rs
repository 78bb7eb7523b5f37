//! What a derive emits for an input it rejects: the errors, and the impls it would have
//! written, with bodies that never run (the crate does not compile, so nothing runs them).
//! Code elsewhere that reads, writes, prints or holds the type still finds its impls, so
//! the user sees one error per mistake in the input and not a "trait bound not satisfied"
//! at every use of the type.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

use crate::Derive;
use crate::internals::ast;
use crate::internals::ctxt::Ctxt;
use crate::{choice, code, fhir_type, resource};

/// `errors` as `compile_error!`s, and stub impls of what `derive` implements.
pub fn expand(derive: Derive, input: &DeriveInput, errors: syn::Error) -> TokenStream {
    let errors = errors.into_compile_error();
    let stubs = match derive {
        Derive::FhirType => fhir_type_stubs(input),
        Derive::FhirChoice => choice_stubs(input),
        Derive::FhirCode => code_stubs(input),
        Derive::FhirResource => resource_stubs(input),
    };
    quote! {
        #errors
        const _: () = {
            #stubs
        };
    }
}

fn fhir_type_stubs(input: &DeriveInput) -> TokenStream {
    let rt = quote!(::careconnect_models::rt::value);
    // Structs holding this one build their constant default from its; a struct of another
    // shape has no fields to build it from.
    let const_default = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => {
                let idents: Vec<_> = named
                    .named
                    .iter()
                    .filter_map(|f| f.ident.as_ref())
                    .collect();
                fhir_type::const_default(input, &idents)
            }
            _ => quote!(),
        },
        _ => quote!(),
    };
    let fhir_struct = stub_impl(
        input,
        quote!(#rt::FhirStruct),
        quote! {
            fn type_info(&self) -> &'static #rt::TypeInfo {
                ::core::unreachable!()
            }
            fn field(&self, _: usize) -> &dyn #rt::Slot {
                ::core::unreachable!()
            }
            fn field_mut(&mut self, _: usize) -> &mut dyn #rt::Slot {
                ::core::unreachable!()
            }
        },
    );
    let (default, fhir_value, debug) = (default(input), fhir_value(input), debug(input));
    quote! {
        #const_default
        #default
        #fhir_struct
        #fhir_value
        #debug
    }
}

fn choice_stubs(input: &DeriveInput) -> TokenStream {
    let rt = quote!(::careconnect_models::rt::value);
    // The types as far as they are given, so that a struct's check of its `choice` list
    // against them does not fail as well. A variant without its `type` is guessed the way
    // the generator names variants (`DateTime` holds a `dateTime` primitive).
    let ast = ast::choice(&Ctxt::new(), input).ok();
    let variants = ast.as_ref().map_or(&[][..], |a| &a.variants[..]);
    let types = variants.iter().map(|v| match &v.attrs.type_code {
        Some(code) => code.value.clone(),
        None if v.value().is_some_and(is_primitive) => lower_first(&v.ident().to_string()),
        None => v.ident().to_string(),
    });
    let choice_value = stub_impl(
        input,
        quote!(#rt::ChoiceValue),
        quote! {
            const TYPES: &'static [&'static str] = &[#(#types),*];
            fn type_code(&self) -> &'static str {
                ::core::unreachable!()
            }
        },
    );
    let const_default = match variants.first() {
        Some(first) if first.value().is_some() => {
            choice::const_default(input, first.ident(), choice::first_boxed(input))
        }
        _ => quote!(),
    };
    let (default, fhir_value, debug) = (default(input), fhir_value(input), debug(input));
    quote! {
        #choice_value
        #default
        #const_default
        #fhir_value
        #debug
    }
}

fn code_stubs(input: &DeriveInput) -> TokenStream {
    let rt = quote!(::careconnect_models::rt);
    let const_default = match &input.data {
        Data::Enum(e) => match e.variants.first() {
            Some(first) if matches!(first.fields, Fields::Unit) => {
                code::const_default(input, &first.ident)
            }
            _ => quote!(),
        },
        _ => quote!(),
    };
    let from_str = stub_impl(
        input,
        quote!(::core::str::FromStr),
        quote! {
            type Err = #rt::value::UnknownCode;
            fn from_str(_: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::unreachable!()
            }
        },
    );
    let display = stub_impl(input, quote!(::core::fmt::Display), fmt_body());
    let (default, debug) = (default(input), debug(input));
    let code_value = stub_impl(
        input,
        quote!(#rt::CodeValue),
        quote! {
            const VALUE_SET: &'static str = "";
            const CODES: &'static [&'static str] = &[];
            fn from_code(_: &str) -> ::core::option::Option<Self> {
                ::core::unreachable!()
            }
            fn code(&self) -> &'static str {
                ::core::unreachable!()
            }
            fn system(&self) -> ::core::option::Option<&'static str> {
                ::core::unreachable!()
            }
            fn display(&self) -> ::core::option::Option<&'static str> {
                ::core::unreachable!()
            }
        },
    );
    quote! {
        #code_value
        #default
        #const_default
        #debug
        #display
        #from_str
    }
}

fn resource_stubs(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let ast = ast::resources(&Ctxt::new(), input).ok();
    let (variants, types): (Vec<_>, Vec<_>) = ast
        .iter()
        .flat_map(|a| &a.variants)
        .filter_map(|v| Some((v.ident(), v.value().and_then(ast::unbox)?)))
        .unzip();
    let conversions = resource::conversions(input, &variants, &types);
    let (fhir_value, debug) = (fhir_value(input), debug(input));
    quote! {
        #fhir_value
        #debug
        impl #impl_generics #ident #ty_generics #where_clause {
            pub fn resource_type(&self) -> &'static str {
                ::core::unreachable!()
            }
        }
        #conversions
    }
}

/// `impl #trait_path for` the input's type, with its generics.
fn stub_impl(input: &DeriveInput, trait_path: TokenStream, items: TokenStream) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics #trait_path for #ident #ty_generics #where_clause {
            #items
        }
    }
}

fn fmt_body() -> TokenStream {
    quote! {
        fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            ::core::unreachable!()
        }
    }
}

fn debug(input: &DeriveInput) -> TokenStream {
    stub_impl(input, quote!(::core::fmt::Debug), fmt_body())
}

fn default(input: &DeriveInput) -> TokenStream {
    stub_impl(
        input,
        quote!(::core::default::Default),
        quote! {
            fn default() -> Self {
                ::core::unreachable!()
            }
        },
    )
}

fn fhir_value(input: &DeriveInput) -> TokenStream {
    let rt = quote!(::careconnect_models::rt);
    stub_impl(
        input,
        quote!(#rt::value::FhirValue),
        quote! {
            fn read_json(&mut self, _: &mut #rt::JsonReader<'_>, _: #rt::value::Part) -> #rt::Result<()> {
                ::core::unreachable!()
            }
            fn read_new(_: &mut #rt::JsonReader<'_>, _: #rt::value::Part) -> #rt::Result<Self> {
                ::core::unreachable!()
            }
            fn write_json_field(&self, _: &str, _: &str, _: &mut #rt::JsonWriter) {
                ::core::unreachable!()
            }
            fn write_json_bare(&self, _: &mut #rt::JsonWriter) {
                ::core::unreachable!()
            }
            #rt::if_xml! {
                fn read_xml<'a>(
                    &mut self,
                    _: &mut #rt::XmlReader<'a>,
                    _: &#rt::XmlElement<'a>,
                    _: #rt::value::Part,
                ) -> #rt::Result<()> {
                    ::core::unreachable!()
                }
                fn read_new_xml<'a>(
                    _: &mut #rt::XmlReader<'a>,
                    _: &#rt::XmlElement<'a>,
                    _: #rt::value::Part,
                ) -> #rt::Result<Self> {
                    ::core::unreachable!()
                }
                fn write_xml(&self, _: &str, _: &str, _: &mut #rt::XmlWriter) {
                    ::core::unreachable!()
                }
            }
        },
    )
}

/// Whether `ty` is the runtime's `Primitive<_>`.
fn is_primitive(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Primitive"))
}

/// `DateTime` → `dateTime`.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
