//! Derives for `careconnect-models`.
//!
//! The generator (`careconnect-codegen`) writes plain structs and enums with `#[fhir(...)]`
//! attributes; these derives write the FHIR wire-format impls against the runtime in
//! `careconnect_models::rt`. The attribute vocabulary is the contract between the two:
//!
//! | where | attribute | meaning |
//! |---|---|---|
//! | struct | `name = "Patient"` | FHIR type name, or element path for a backbone element (`"Patient.contact"`) |
//! | struct | `resource` | a resource: `resourceType` is written and checked |
//! | struct | `backbone` | a backbone element nested in a resource or datatype |
//! | field | `name = "birthDate"` | the element name (without `[x]` for choices) |
//! | field | `required` | min ≥ 1: absence is an error; the field is not an `Option` |
//! | field | `primitive` | a primitive element: JSON `name` plus `_name` |
//! | field | `choice = "boolean dateTime"` | a choice element: FHIR type codes, in the order of the enum's variants (checked at compile time) |
//! | field | `attribute` | a plain string that is an XML attribute (`Element.id`, `Extension.url`) |
//! | field | `xhtml` | XHTML (`Narrative.div`) |
//! | choice variant | `type = "dateTime"` | the FHIR type code of the variant |
//! | code enum | `value_set = "http://…"` | canonical URL of the required value set |
//! | code variant | `code = "male"` | the code |
//! | code variant | `system = "http://…"` | the code system, when the value set draws on several |
//!
//! Cardinality in the attribute and in the Rust type must agree: a `required` field is a
//! plain `T` or a `Vec<T>` (min ≥ 1), an optional one `Option<T>` or `Vec<T>`.
//!
//! Compile cost shapes the expansion: a struct gets one static table (key and field tables
//! as byte strings, which the compiler type-checks as one literal each) and two small
//! `match`es; the object loop, key lookup and all checks live once in the runtime.
//!
//! Derive or emit the impls directly? Measured on the full STU3 base (2 cores, rustc 1.95,
//! `-Z time-passes`): macro expansion is about 0.8 s of a 12 s clean, non-incremental debug
//! build of `careconnect-models`; the rest is type-checking and code generation of the
//! impls themselves, which emitting them from the generator would not reduce. So the
//! generator writes attributes and these derives write the impls.

mod attr;
mod choice;
mod code;
mod fhir_type;
mod resource;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// FHIR JSON reading and writing for a generated struct.
#[proc_macro_derive(FhirType, attributes(fhir))]
pub fn derive_fhir_type(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    fhir_type::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// FHIR JSON for the enum of a choice element.
#[proc_macro_derive(FhirChoice, attributes(fhir))]
pub fn derive_fhir_choice(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    choice::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Codes of a required value set.
#[proc_macro_derive(FhirCode, attributes(fhir))]
pub fn derive_fhir_code(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    code::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The enum of all resource types.
#[proc_macro_derive(FhirResource, attributes(fhir))]
pub fn derive_fhir_resource(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    resource::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
