//! What a derive emits for an input it rejects: the errors, and the impls it would have
//! written, with bodies that never run (the crate does not compile, so nothing runs them).
//! Code elsewhere that reads, writes, prints or holds the type still finds its impls, so
//! the user sees one error per mistake in the input and not a "trait bound not satisfied"
//! at every use of the type. The stubs read the input through the ast again, dropping the
//! errors of that reading: they are the ones already reported.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Fields};

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
    let const_default = match ast::Struct::from_syn(&Ctxt::new(), input) {
        Ok(ast) => fhir_type::const_default(input, &ast.idents()),
        Err(_) => quote!(),
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
    let serde = serde_stubs(input);
    quote! {
        #serde
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
    let ast = ast::code(&Ctxt::new(), input).ok();
    let const_default = match ast.as_ref().and_then(|a| a.variants.first()) {
        Some(first) if matches!(first.original.fields, Fields::Unit) => {
            code::const_default(input, first.ident())
        }
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

/// The serde impls the expansion gives (through the `FhirValue` stub), for a type without
/// generics; a generic one is an error of its own, and impls without its generics would
/// only add more.
fn serde_stubs(input: &DeriveInput) -> TokenStream {
    if input.generics.params.is_empty() {
        crate::serde_impls(input)
    } else {
        quote!()
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
    let serde = serde_stubs(input);
    quote! {
        #serde
        #fhir_value
        #debug
        impl #impl_generics #ident #ty_generics #where_clause {
            pub fn resource_type(&self) -> &'static str {
                ::core::unreachable!()
            }
            pub fn meta(&self) -> ::core::option::Option<&crate::stu3::Meta> {
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

#[cfg(test)]
mod tests {
    use proc_macro2::{Delimiter, TokenTree};
    use syn::parse_quote;

    use super::*;

    /// The traits impls in `tokens` are for (`inherent` for an impl of the type itself),
    /// sorted, with repeats.
    fn implemented(tokens: TokenStream) -> Vec<String> {
        let mut out = Vec::new();
        let mut header: Option<Vec<String>> = None;
        // Depth inside the impl's own generics (`impl<'de>`), which name no trait.
        let mut impl_generics = 0usize;
        for tree in tokens {
            if let (Some(h), TokenTree::Punct(p)) = (&header, &tree)
                && (impl_generics > 0 || h.is_empty())
                && matches!(p.as_char(), '<' | '>')
            {
                if p.as_char() == '<' {
                    impl_generics += 1;
                } else {
                    impl_generics -= 1;
                }
                continue;
            }
            if impl_generics > 0 {
                continue;
            }
            match (&mut header, &tree) {
                (_, TokenTree::Ident(i)) if i == "impl" => header = Some(Vec::new()),
                (Some(h), TokenTree::Ident(i)) if i == "for" => {
                    out.push(h.first().cloned().unwrap_or_default());
                    header = None;
                }
                (Some(_), TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                    out.push("inherent".to_string());
                    header = None;
                }
                // The trait's name is the last identifier before its generic arguments.
                (Some(h), TokenTree::Ident(i)) if !h.contains(&"<".to_string()) => {
                    h.insert(0, i.to_string());
                }
                (Some(h), TokenTree::Punct(p)) if p.as_char() == '<' => h.push("<".to_string()),
                (None, TokenTree::Group(g)) => out.extend(implemented(g.stream())),
                _ => {}
            }
        }
        out.sort();
        out
    }

    /// `input` with an unknown key added to its own `#[fhir(...)]`.
    fn broken(mut input: DeriveInput) -> DeriveInput {
        input.attrs.push(parse_quote!(#[fhir(nonsense)]));
        input
    }

    #[test]
    fn stubs_implement_what_the_expansion_implements() {
        let inputs: [(Derive, DeriveInput); 5] = [
            (
                Derive::FhirType,
                parse_quote! {
                    #[fhir(name = "Tag")]
                    struct Tag {
                        #[fhir(name = "code", primitive)]
                        code: Option<Primitive<String>>,
                    }
                },
            ),
            (
                Derive::FhirChoice,
                parse_quote! {
                    enum TagValue {
                        #[fhir(type = "string")]
                        String(Primitive<String>),
                    }
                },
            ),
            (
                Derive::FhirChoice,
                parse_quote! {
                    enum TagValue {
                        #[fhir(type = "Quantity")]
                        Quantity(Box<Quantity>),
                    }
                },
            ),
            (
                Derive::FhirCode,
                parse_quote! {
                    #[fhir(value_set = "http://example.org/vs")]
                    enum Colour {
                        #[fhir(code = "red")]
                        Red,
                    }
                },
            ),
            (
                Derive::FhirResource,
                parse_quote! {
                    enum Resource {
                        Patient(Box<Patient>),
                        Observation(Box<Observation>),
                    }
                },
            ),
        ];
        let expected: [&[&str]; 5] = [
            &[
                "ConstDefault",
                "Debug",
                "Default",
                "Deserialize",
                "FhirStruct",
                "FhirValue",
                "Serialize",
            ],
            &[
                "ChoiceValue",
                "ConstDefault",
                "Debug",
                "Default",
                "FhirValue",
            ],
            // A boxed first variant has no constant default.
            &["ChoiceValue", "Debug", "Default", "FhirValue"],
            &[
                "CodeValue",
                "ConstDefault",
                "Debug",
                "Default",
                "Display",
                "FromStr",
            ],
            &[
                "Debug",
                "Deserialize",
                "FhirValue",
                "From",
                "From",
                "Serialize",
                "TryFrom",
                "TryFrom",
                "inherent",
            ],
        ];
        for ((derive, input), expected) in inputs.into_iter().zip(expected) {
            let expanded = derive.expand(&input).map_err(|e| e.to_string());
            assert_eq!(
                expanded.map(implemented),
                Ok(expected.iter().map(|s| s.to_string()).collect())
            );
            let fallback = crate::derive(derive, &broken(input));
            assert!(
                fallback.to_string().contains("compile_error"),
                "{derive:?}: {fallback}"
            );
            assert_eq!(implemented(fallback), expected, "{derive:?}");
        }
    }

    #[test]
    fn choice_stub_lists_the_types_given_and_guesses_the_rest() {
        let input: DeriveInput = parse_quote! {
            #[fhir(nonsense)]
            enum TagValue {
                #[fhir(type = "string")]
                Text(Primitive<String>),
                DateTime(Primitive<DateTime>),
                Quantity(Box<Quantity>),
            }
        };
        let stubs = choice_stubs(&input).to_string();
        let types = quote!(
            const TYPES: &'static [&'static str] = &["string", "dateTime", "Quantity"];
        );
        assert!(stubs.contains(&types.to_string()), "{stubs}");
    }
}
