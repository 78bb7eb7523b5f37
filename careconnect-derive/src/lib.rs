//! Derives for `careconnect-models`.
//!
//! **For your own types: `#[derive(Profiled)]`** maps a struct of yours onto a generated
//! profile type (enable the `derive` feature of `careconnect-models`), checked when your
//! crate compiles:
//!
//! | where | attribute | meaning |
//! |---|---|---|
//! | struct | `#[careconnect(profile = path::To::ProfileType)]` | the profile type the struct maps onto (`careconnect_models::careconnect::CareConnectPatient`, or a type generated for a package of your own) |
//! | struct | `#[careconnect(element = "contact")]` | the struct maps one item of this element of the profile, for a field of another mapped struct (`contacts: Vec<ContactRow>` with `#[fhir(path = "contact")]`) |
//! | struct | `#[careconnect(crate = path)]` | where `careconnect-models` is, if not at `::careconnect_models` (a renamed dependency, a re-export) |
//! | struct | `#[careconnect(reverse)]` | also `TryFrom<&Profile>` (or, with `element`, `FromValue` of the item) into the struct, naming every element it does not find |
//! | field | `#[fhir(path = "name:official.family")]` | the element the field fills, from the struct's root in the profile's own terms: element names separated by `.`, a slice after `:` (`identifier:nhsNumber.value`, `extension:ethnicCategory.value`), a choice by its typed name (`valueQuantity`) |
//! | field | `#[fhir(skip)]` | not mapped (`Default` in the reverse conversion) |
//!
//! A field `T` fills one value, `Option<T>` an element that may be absent, `Vec<T>` a
//! repeating one. Mistakes are compile errors on the field or struct they are about: an
//! unknown path, a fixed or removed element, a required element no field fills, a
//! container the element cannot hold, a path through a repeating element, two fields on
//! one element, a type that does not convert, a type that is not a profile type. The
//! checks of one struct are evaluated together: a build reports its first mistake. The
//! README has a worked example; `careconnect_models::rt::derive` says how the checks work.
//!
//! **Wire format derives** (`FhirType`, `FhirChoice`, `FhirCode`, `FhirResource`): FHIR JSON
//! and XML reading and writing for structs and enums with `#[fhir(...)]` attributes. The
//! expansions live in `careconnect-expand`, whose docs give that attribute vocabulary; the
//! generator runs the same expansions itself and writes their output into the generated
//! models, so building the models needs no procedural macro. An input with mistakes gets
//! one error per mistake, and stub impls of the derive's traits so that uses of the type
//! elsewhere report nothing more (`careconnect_expand::derive`).

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

/// A user struct mapped onto a generated profile type, checked at compile time (see the
/// crate docs for the attributes).
#[proc_macro_derive(Profiled, attributes(careconnect, fhir))]
pub fn derive_profiled(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    careconnect_expand::profiled(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
