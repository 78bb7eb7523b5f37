//! Derives for `careconnect-models`: FHIR JSON and XML reading and writing for structs and
//! enums with `#[fhir(...)]` attributes. The expansions live in `careconnect-expand`, whose
//! docs give the attribute vocabulary; the generator runs the same expansions itself and
//! writes their output into the generated models, so building the models needs no
//! procedural macro.

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// FHIR JSON and XML reading and writing for a struct.
#[proc_macro_derive(FhirType, attributes(fhir))]
pub fn derive_fhir_type(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::fhir_type(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// FHIR JSON and XML for the enum of a choice element.
#[proc_macro_derive(FhirChoice, attributes(fhir))]
pub fn derive_fhir_choice(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::fhir_choice(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Codes of a required value set.
#[proc_macro_derive(FhirCode, attributes(fhir))]
pub fn derive_fhir_code(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::fhir_code(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The enum of all resource types.
#[proc_macro_derive(FhirResource, attributes(fhir))]
pub fn derive_fhir_resource(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::fhir_resource(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
