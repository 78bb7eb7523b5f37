//! The expansions of `careconnect-derive`, as a library.
//!
//! A struct or enum with `#[fhir(...)]` attributes gets its FHIR wire-format impls against
//! the runtime in `careconnect_models::rt`. Two callers: the derives in `careconnect-derive`
//! (for types written by hand) and the generator, `careconnect-codegen`, which runs these
//! expansions itself and writes their output into the generated models (see below). The
//! attribute vocabulary:
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
//! | field | `type = "id"` | the FHIR type of a string-valued `primitive` or `attribute` (`code`, `id`, `uri`, `oid`, `uuid`, `markdown`; `string` when absent): the lexical rule its values are read under |
//! | field | `skip` | not an element: state the struct carries beside its elements, set to its constant default and never read or written |
//! | choice variant | `type = "dateTime"` | the FHIR type code of the variant |
//! | code enum | `value_set = "http://…"` | canonical URL of the required value set |
//! | code enum | `system = "http://…"` | the code system of every variant that names none |
//! | code variant | `code = "male"` | the code |
//! | code variant | `system = "http://…"` | the code system, when the value set draws on several |
//! | code variant | `display = "Male"` | the code's display text |
//!
//! Cardinality in the attribute and in the Rust type must agree: a `required` field is a
//! plain `T` or a `Vec<T>` (min ≥ 1), an optional one `Option<T>` or `Vec<T>`.
//!
//! The keywords are the constants of [`symbol`], which the generator uses too when it
//! writes the attributes. An input is read in three steps before any code is made
//! (`internals`: parse the keys of each position, see the input as its derive does, check
//! the rules across fields); every mistake found is a spanned error, and [`derive()`] adds
//! stub impls to them so that a mistake is reported once, where it was made.
//!
//! Compile cost shapes the expansion: a struct gets one static table (key and field tables
//! as byte strings, which the compiler type-checks as one literal each) and two small
//! `match`es; the object loop, key lookup and all checks live once in the runtime.
//! `Clone` and `PartialEq` stay derived: the derived methods are `#[inline]`, so the crate
//! that defines the types only type-checks them; a table-driven version (field by field
//! through the runtime) had to be compiled to machine code there, and measured slower:
//! 13.7–15.1 s of CPU against 10.7–14.2 s for `careconnect-stu3` alone, 100 MB more peak
//! memory.
//!
//! Derive or emit the impls directly? The generator emits them. Measured on this machine
//! (2 cores, rustc 1.95, clean non-incremental debug build of `careconnect-models` with
//! `cargo build --timings`): with the derives, nothing of the models could start compiling
//! before `proc-macro2`, `quote`, `syn` and `careconnect-derive` were built, 2.9 s of a
//! 18.9 s build spent on one core, and expanding the derives took another 1.0 s inside
//! `careconnect-stu3` (`-Z time-passes`). Emitting the expansions removes both from the
//! build of the models; the printed impls cost less to parse than the derive cost to run.

mod choice;
mod code;
mod fallback;
mod fhir_type;
mod internals;
pub mod profiled;
mod resource;

pub use internals::symbol;
pub use profiled::element_key;

/// A user struct mapped onto a generated profile type (`#[derive(Profiled)]`).
pub fn profiled(input: &DeriveInput) -> syn::Result<TokenStream> {
    profiled::expand(input)
}

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

/// serde's `Serialize` and `Deserialize` through FHIR JSON (the runtime's `rt::serde`),
/// inside the runtime's `if_serde!`: a type has them exactly when the runtime was built with
/// its `serde` feature.
pub(crate) fn serde_impls(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let rt = quote!(::careconnect_models::rt);
    // Like the `FhirValue` impl beside them, for a type without generics (the checks
    // refuse generic types).
    quote! {
        #rt::if_serde! {
            impl #rt::serde::Serialize for #ident {
                fn serialize<S: #rt::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    #rt::serde::serialize(self, serializer)
                }
            }
            impl<'de> #rt::serde::Deserialize<'de> for #ident {
                fn deserialize<D: #rt::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    #rt::serde::deserialize(deserializer)
                }
            }
        }
    }
}

/// FHIR JSON and XML reading and writing for a struct (`#[derive(FhirType)]`).
pub fn fhir_type(input: &DeriveInput) -> syn::Result<TokenStream> {
    fhir_type::expand(input)
}

/// FHIR JSON and XML for the enum of a choice element (`#[derive(FhirChoice)]`).
pub fn fhir_choice(input: &DeriveInput) -> syn::Result<TokenStream> {
    choice::expand(input)
}

/// Codes of a required value set (`#[derive(FhirCode)]`).
pub fn fhir_code(input: &DeriveInput) -> syn::Result<TokenStream> {
    code::expand(input)
}

/// The enum of all resource types (`#[derive(FhirResource)]`).
pub fn fhir_resource(input: &DeriveInput) -> syn::Result<TokenStream> {
    resource::expand(input)
}

/// One of the derives of `careconnect-derive`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    FhirType,
    FhirChoice,
    FhirCode,
    FhirResource,
}

impl Derive {
    /// The expansion ([`fhir_type`], [`fhir_choice`], [`fhir_code`], [`fhir_resource`]).
    pub fn expand(self, input: &DeriveInput) -> syn::Result<TokenStream> {
        match self {
            Derive::FhirType => fhir_type(input),
            Derive::FhirChoice => fhir_choice(input),
            Derive::FhirCode => fhir_code(input),
            Derive::FhirResource => fhir_resource(input),
        }
    }
}

/// What the derive macro emits: the expansion, or for an input with mistakes, one
/// `compile_error!` per mistake together with stub impls of the traits the derive
/// implements, so that uses of the type elsewhere add no errors of their own.
pub fn derive(derive: Derive, input: &DeriveInput) -> TokenStream {
    derive
        .expand(input)
        .unwrap_or_else(|errors| fallback::expand(derive, input, errors))
}
