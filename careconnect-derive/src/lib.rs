//! Derives for `careconnect-models`: FHIR JSON and XML reading and writing for structs and
//! enums with `#[fhir(...)]` attributes. The expansions live in `careconnect-expand`, whose
//! docs give the attribute vocabulary; the generator runs the same expansions itself and
//! writes their output into the generated models, so building the models needs no
//! procedural macro.
//!
//! An input with mistakes gets one error per mistake, and stub impls of the derive's traits
//! so that uses of the type elsewhere report nothing more (`careconnect_expand::derive`).

use careconnect_expand::Derive;
use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// FHIR JSON and XML reading and writing for a struct.
#[proc_macro_derive(FhirType, attributes(fhir))]
pub fn derive_fhir_type(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::derive(Derive::FhirType, &input).into()
}

/// FHIR JSON and XML for the enum of a choice element.
#[proc_macro_derive(FhirChoice, attributes(fhir))]
pub fn derive_fhir_choice(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::derive(Derive::FhirChoice, &input).into()
}

/// Codes of a required value set.
#[proc_macro_derive(FhirCode, attributes(fhir))]
pub fn derive_fhir_code(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::derive(Derive::FhirCode, &input).into()
}

/// The enum of all resource types.
#[proc_macro_derive(FhirResource, attributes(fhir))]
pub fn derive_fhir_resource(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::derive(Derive::FhirResource, &input).into()
}

/// A user struct mapped onto a generated profile type, checked at compile time: see
/// [`careconnect_expand::profiled`] for the attributes, and the README for an example.
#[proc_macro_derive(Profiled, attributes(careconnect, fhir))]
pub fn derive_profiled(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::profiled(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
