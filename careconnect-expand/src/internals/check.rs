//! Rules across keys, fields and variants, checked on the ast before any tokens are made.
//! Each rule says why it holds; a broken rule is a spanned error in the [`Ctxt`].

use std::collections::{BTreeMap, HashSet};

use syn::DeriveInput;

use super::ast::{self, Wrapper};
use super::ctxt::Ctxt;
use super::symbol::{ATTRIBUTE, CHOICE, CODE, NAME, PRIMITIVE, SKIP, TYPE, VALUE_SET, XHTML};

/// The most elements a struct may have.
pub const MAX_FIELDS: usize = 128;

/// The most types a choice may have.
pub const MAX_CHOICE_TYPES: usize = 255;

/// `#[derive(FhirType)]`.
pub fn fhir_type(cx: &Ctxt, input: &ast::Struct<'_>) {
    no_generics(cx, input.original);
    // The FHIR name is what errors and XML call the value; it cannot come from the Rust
    // name (casing, and a backbone element is named by its path, `Patient.contact`).
    if input.attrs.name.is_none() {
        cx.error_spanned_by(
            &input.original.ident,
            format_args!(
                "missing #[fhir({NAME} = \"...\")] with the FHIR type name or element path"
            ),
        );
    }
    // The runtime's `StructKind` is one of resource, datatype and backbone element: a
    // resource is written with its `resourceType`, a backbone element never stands alone.
    if let (Some(_), Some(backbone)) = (&input.attrs.resource, &input.attrs.backbone) {
        cx.error(
            backbone.span,
            "a struct is a resource or a backbone element, not both",
        );
    }
    for field in &input.fields {
        field_rules(cx, field);
    }
    // A skipped field is no element: a key that says how to read it would be ignored.
    for field in &input.skipped {
        let a = &field.attrs;
        let others = [
            a.name.is_some(),
            a.required.is_some(),
            a.primitive.is_some(),
            a.choice.is_some(),
            a.attribute.is_some(),
            a.xhtml.is_some(),
            a.type_code.is_some(),
        ];
        if others.into_iter().any(|given| given) {
            cx.error(
                field.ident.span(),
                format_args!("`{SKIP}` stands alone: a skipped field is not an element"),
            );
        }
    }
    // The reader marks the elements it has seen in a `u128`, and `TypeInfo::required` and
    // `checked` are `u128` masks over the fields.
    if input.fields.len() > MAX_FIELDS {
        cx.error(
            input.original.ident.span(),
            format_args!(
                "{} elements; at most {MAX_FIELDS} are supported",
                input.fields.len()
            ),
        );
    }
    json_keys_unique(cx, input);
}

/// The key table sends each JSON key to one field and part: of two fields claiming one key
/// (a field `valueString` beside a choice `value[x]` of type `string`), one could never be
/// read. One error per pair of fields, as a primitive's `_name` clashes along with its
/// `name`.
fn json_keys_unique(cx: &Ctxt, input: &ast::Struct<'_>) {
    let keys = input.json_keys();
    let mut clashes: BTreeMap<(usize, usize), &str> = BTreeMap::new();
    for pair in keys.windows(2) {
        let [a, b] = pair else { continue };
        if a.key == b.key {
            let fields = (a.field.min(b.field), a.field.max(b.field));
            let named = clashes.entry(fields).or_insert(&a.key);
            if named.starts_with('_') {
                *named = &a.key;
            }
        }
    }
    for ((first, second), key) in clashes {
        let msg = if first == second {
            format!("JSON key `{key}` is claimed twice")
        } else {
            let other = &input.fields[first].ident;
            format!("JSON key `{key}` is claimed twice, by `{other}` too")
        };
        cx.error(input.fields[second].ident.span(), msg);
    }
}

fn field_rules(cx: &Ctxt, field: &ast::Field<'_>) {
    let span = field.ident.span();
    // The element name is the JSON key and the XML element; the Rust field name is snake
    // case, or a raw identifier.
    if field.attrs.name.is_none() {
        cx.error(
            span,
            format_args!("missing #[fhir({NAME} = \"...\")] with the element name"),
        );
    }
    // Cardinality in the attribute and in the Rust type must agree: the reader reports a
    // missing required element instead of leaving it empty, so it needs no `Option`; an
    // optional element needs a way to be absent.
    let ty = &field.original.ty;
    match (field.wrapper, field.required()) {
        (Wrapper::Option, true) => {
            cx.error_spanned_by(ty, "a `required` element cannot be an `Option`");
        }
        (Wrapper::None, false) => cx.error_spanned_by(
            ty,
            "an optional element must be `Option<_>` or `Vec<_>`; mark it `required` otherwise",
        ),
        _ => {}
    }
    // Each of these keys picks how the element is read and written; an element is read one
    // way.
    let a = &field.attrs;
    let forms = [
        a.primitive.is_some(),
        a.choice.is_some(),
        a.attribute.is_some(),
        a.xhtml.is_some(),
    ];
    let forms = forms.into_iter().filter(|given| *given).count();
    if forms > 1 {
        cx.error(
            span,
            format_args!("at most one of {PRIMITIVE}, {CHOICE}, {ATTRIBUTE}, {XHTML}"),
        );
    }
    // The lexical rule of a string value; the other primitive types have their own, from
    // their Rust type, and a choice's types come from `choice`.
    if let Some(code) = &a.type_code {
        if a.primitive.is_none() && a.attribute.is_none() {
            cx.error(
                code.span,
                format_args!("`{TYPE}` on a field goes with `{PRIMITIVE}` or `{ATTRIBUTE}`"),
            );
        } else if ast::text_rule(code.as_str()).is_none() {
            cx.error(
                code.span,
                format_args!(
                    "`{TYPE}` names the FHIR type of a string value: string, code, id, uri, oid, uuid or markdown, not `{}`",
                    code.value
                ),
            );
        }
    }
    if let Some(choice) = &a.choice {
        // A choice element (`value[x]`) has at most one value in FHIR, and the reader keeps
        // one type index per field.
        if field.repeats() {
            cx.error_spanned_by(ty, "a choice element cannot repeat");
        }
        choice_types_fit(cx, choice.span, choice.value.len());
    }
}

/// The index of a choice's type travels as a `u8` (the runtime's `Part::Choice`), and
/// the choice enum's reader keeps a catch-all arm for indexes past its last variant, which
/// 256 variants would leave unreachable.
fn choice_types_fit(cx: &Ctxt, span: proc_macro2::Span, types: usize) {
    if types > MAX_CHOICE_TYPES {
        cx.error(
            span,
            format_args!("a choice element has at most {MAX_CHOICE_TYPES} types"),
        );
    }
}

/// `#[derive(FhirChoice)]`.
pub fn choice(cx: &Ctxt, input: &ast::Choice<'_>) {
    no_generics(cx, input.original);
    for v in &input.variants {
        // The expansion reads and writes a variant as `Variant(v)`: the value of one type.
        if v.value().is_none() {
            cx.error(v.ident().span(), "a choice variant holds exactly one value");
        }
        // The type code is the suffix of the JSON key (`valueDateTime`) and what the
        // struct's `choice` lists; the variant name does not say it (`DateTime` is
        // `dateTime`, `Quantity` stays `Quantity`).
        if v.attrs.type_code.is_none() {
            cx.error(
                v.ident().span(),
                format_args!("missing #[fhir({TYPE} = \"...\")] on a variant"),
            );
        }
    }
    // The default value is the first variant's default.
    at_least_one_variant(cx, input, "a choice enum needs at least one variant");
    choice_types_fit(cx, input.original.ident.span(), input.variants.len());
}

/// `#[derive(FhirCode)]`.
pub fn code(cx: &Ctxt, input: &ast::Code<'_>) {
    no_generics(cx, input.original);
    let mut seen = HashSet::new();
    for v in &input.variants {
        // A code is nothing but its text: the tables of codes, systems and displays are
        // indexed by `*self as usize`, which needs unit variants numbered 0, 1, 2...
        if !matches!(v.original.fields, syn::Fields::Unit) {
            cx.error(v.ident().span(), "a code variant holds no data");
        }
        if v.original.discriminant.is_some() {
            cx.error(
                v.ident().span(),
                "code variants take no explicit discriminant",
            );
        }
        match &v.attrs.code {
            // `from_code` matches on the text; a second variant with the same code could
            // never be read.
            Some(code) if !seen.insert(code.as_str()) => {
                cx.error(
                    code.span,
                    format_args!("code `{}` appears twice", code.value),
                );
            }
            Some(_) => {}
            // The code is the wire value; the variant name is a Rust spelling of it.
            None => cx.error(
                v.ident().span(),
                format_args!("missing #[fhir({CODE} = \"...\")] on a variant"),
            ),
        }
    }
    // The default value is the first code.
    at_least_one_variant(cx, input, "a code enum needs at least one code");
    // Errors for a code outside the value set name it (`CodeValue::VALUE_SET`).
    if input.attrs.value_set.is_none() {
        cx.error(
            input.original.ident.span(),
            format_args!("missing #[fhir({VALUE_SET} = \"...\")]"),
        );
    }
}

/// `#[derive(FhirResource)]`.
pub fn resources(cx: &Ctxt, input: &ast::Resources<'_>) {
    no_generics(cx, input.original);
    for v in &input.variants {
        // Each variant boxes its resource, so the enum stays small however large the
        // biggest resource; `From` and `TryFrom` convert the resource inside the box.
        if v.value().and_then(ast::unbox).is_none() {
            cx.error(
                v.ident().span(),
                "a resource variant holds exactly one `Box<Resource>`",
            );
        }
    }
}

fn at_least_one_variant<A, V>(cx: &Ctxt, input: &ast::Enum<'_, A, V>, msg: &str) {
    if input.variants.is_empty() {
        cx.error(input.original.ident.span(), msg);
    }
}

/// The expansions implement the runtime's traits for the type's bare name, as the
/// generated models need (`impl FhirValue for Patient`); a generic parameter would be left
/// out of every impl.
fn no_generics(cx: &Ctxt, input: &DeriveInput) {
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            "the FHIR derives take no generic parameters",
        );
    }
}

#[cfg(test)]
mod tests {
    use syn::{DeriveInput, parse_quote};

    use crate::Derive;

    /// The errors `derive` finds in `input`, as text.
    fn errors(derive: Derive, input: &DeriveInput) -> Vec<String> {
        match derive.expand(input) {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    fn struct_errors(input: DeriveInput) -> Vec<String> {
        errors(Derive::FhirType, &input)
    }

    #[test]
    fn well_formed_inputs_have_no_errors() {
        let tag: DeriveInput = parse_quote! {
            #[fhir(name = "Tag", resource)]
            struct Tag {
                #[fhir(name = "id", attribute)]
                id: Option<String>,
                #[fhir(name = "code", primitive, required)]
                code: Primitive<Colour>,
                #[fhir(name = "value", choice = "string boolean")]
                value: Option<TagValue>,
                #[fhir(name = "note", primitive)]
                note: Vec<Primitive<String>>,
                #[fhir(name = "div", xhtml, required)]
                div: String,
                #[fhir(name = "part", required)]
                part: Vec<Box<Part>>,
            }
        };
        assert_eq!(struct_errors(tag), Vec::<String>::new());
        let choice: DeriveInput = parse_quote! {
            enum TagValue {
                #[fhir(type = "string")]
                String(Primitive<String>),
                #[fhir(type = "Quantity")]
                Quantity(Box<Quantity>),
            }
        };
        assert_eq!(errors(Derive::FhirChoice, &choice), Vec::<String>::new());
        let code: DeriveInput = parse_quote! {
            #[fhir(value_set = "http://example.org/vs", system = "http://example.org/cs")]
            enum Colour {
                #[fhir(code = "red", display = "Red")]
                Red,
                #[fhir(code = "green", system = "http://example.org/other")]
                Green,
            }
        };
        assert_eq!(errors(Derive::FhirCode, &code), Vec::<String>::new());
        let resources: DeriveInput = parse_quote! {
            enum Resource {
                Patient(Box<Patient>),
                Observation(::std::boxed::Box<Observation>),
            }
        };
        assert_eq!(
            errors(Derive::FhirResource, &resources),
            Vec::<String>::new()
        );
    }

    #[test]
    fn struct_and_field_without_name_are_errors() {
        let input = parse_quote! {
            #[fhir(resource)]
            struct Tag {
                #[fhir(primitive)]
                code: Option<Primitive<String>>,
            }
        };
        assert_eq!(
            struct_errors(input),
            [
                "missing #[fhir(name = \"...\")] with the FHIR type name or element path",
                "missing #[fhir(name = \"...\")] with the element name",
            ]
        );
    }

    #[test]
    fn resource_and_backbone_together_is_an_error() {
        let input = parse_quote! {
            #[fhir(name = "Tag", resource, backbone)]
            struct Tag {}
        };
        assert_eq!(
            struct_errors(input),
            ["a struct is a resource or a backbone element, not both"]
        );
    }

    #[test]
    fn cardinality_of_attribute_and_type_must_agree() {
        let input = parse_quote! {
            #[fhir(name = "Tag")]
            struct Tag {
                #[fhir(name = "a", required)]
                a: Option<Box<A>>,
                #[fhir(name = "b")]
                b: B,
                #[fhir(name = "c", required)]
                c: C,
                #[fhir(name = "d", required)]
                d: Vec<D>,
                #[fhir(name = "e")]
                e: ::std::vec::Vec<E>,
            }
        };
        assert_eq!(
            struct_errors(input),
            [
                "a `required` element cannot be an `Option`",
                "an optional element must be `Option<_>` or `Vec<_>`; mark it `required` otherwise",
            ]
        );
    }

    #[test]
    fn an_element_takes_one_form() {
        let input = parse_quote! {
            #[fhir(name = "Tag")]
            struct Tag {
                #[fhir(name = "a", primitive, xhtml)]
                a: Option<A>,
                #[fhir(name = "b", choice = "string", attribute)]
                b: Option<B>,
            }
        };
        let error = "at most one of primitive, choice, attribute, xhtml";
        assert_eq!(struct_errors(input), [error, error]);
    }

    #[test]
    fn repeating_choice_is_an_error() {
        let input = parse_quote! {
            #[fhir(name = "Tag")]
            struct Tag {
                #[fhir(name = "value", choice = "string")]
                value: Vec<TagValue>,
            }
        };
        assert_eq!(struct_errors(input), ["a choice element cannot repeat"]);
    }

    /// A struct with `n` optional complex fields.
    fn with_fields(n: usize) -> DeriveInput {
        let fields = (0..n).map(|i| {
            let ident = quote::format_ident!("e{i}");
            let name = ident.to_string();
            quote::quote!(#[fhir(name = #name)] #ident: Option<E>,)
        });
        parse_quote!(#[fhir(name = "Tag")] struct Tag { #(#fields)* })
    }

    #[test]
    fn at_most_128_fields() {
        assert_eq!(struct_errors(with_fields(128)), Vec::<String>::new());
        assert_eq!(
            struct_errors(with_fields(129)),
            ["129 elements; at most 128 are supported"]
        );
    }

    /// A struct whose choice field lists `n` complex types.
    fn with_choice_types(n: usize) -> DeriveInput {
        let types: Vec<String> = (0..n).map(|i| format!("T{i}")).collect();
        let types = types.join(" ");
        parse_quote! {
            #[fhir(name = "Tag")]
            struct Tag {
                #[fhir(name = "value", choice = #types)]
                value: Option<TagValue>,
            }
        }
    }

    /// A choice enum with `n` variants.
    fn with_variants(n: usize) -> DeriveInput {
        let variants = (0..n).map(|i| {
            let ident = quote::format_ident!("T{i}");
            let code = ident.to_string();
            quote::quote!(#[fhir(type = #code)] #ident(#ident),)
        });
        parse_quote!(enum TagValue { #(#variants)* })
    }

    #[test]
    fn at_most_255_choice_types() {
        let error = "a choice element has at most 255 types";
        assert_eq!(struct_errors(with_choice_types(255)), Vec::<String>::new());
        assert_eq!(struct_errors(with_choice_types(256)), [error]);
        assert_eq!(
            errors(Derive::FhirChoice, &with_variants(255)),
            Vec::<String>::new()
        );
        assert_eq!(errors(Derive::FhirChoice, &with_variants(256)), [error]);
    }

    #[test]
    fn json_key_claimed_twice_is_one_error_per_pair_of_fields() {
        let input = parse_quote! {
            #[fhir(name = "Tag")]
            struct Tag {
                #[fhir(name = "value", choice = "string Quantity")]
                value: Option<TagValue>,
                #[fhir(name = "valueString", primitive)]
                value_string: Option<Primitive<String>>,
                #[fhir(name = "valueQuantity")]
                value_quantity: Option<Quantity>,
                #[fhir(name = "_note")]
                note_extension: Option<Extras>,
                #[fhir(name = "note", primitive)]
                note: Option<Primitive<String>>,
                #[fhir(name = "twice", choice = "string string")]
                twice: Option<TagValue>,
            }
        };
        assert_eq!(
            struct_errors(input),
            [
                "JSON key `valueString` is claimed twice, by `value` too",
                "JSON key `valueQuantity` is claimed twice, by `value` too",
                "JSON key `_note` is claimed twice, by `note_extension` too",
                "JSON key `twiceString` is claimed twice",
            ]
        );
    }

    #[test]
    fn choice_variants_hold_one_value_and_name_their_type() {
        let input = parse_quote! {
            enum TagValue {
                #[fhir(type = "string")]
                String(Primitive<String>),
                #[fhir(type = "boolean")]
                Boolean,
                Pair(A, B),
            }
        };
        assert_eq!(
            errors(Derive::FhirChoice, &input),
            [
                "a choice variant holds exactly one value",
                "a choice variant holds exactly one value",
                "missing #[fhir(type = \"...\")] on a variant",
            ]
        );
    }

    #[test]
    fn enums_need_a_first_variant() {
        let input = parse_quote!(
            #[fhir(value_set = "http://example.org/vs")]
            enum Empty {}
        );
        assert_eq!(
            errors(Derive::FhirChoice, &input),
            [
                "`value_set` is not allowed on a choice enum",
                "a choice enum needs at least one variant"
            ]
        );
        assert_eq!(
            errors(Derive::FhirCode, &input),
            ["a code enum needs at least one code"]
        );
        // The enum of resources may be empty: nothing is read from its first variant.
        let input = parse_quote!(
            enum Empty {}
        );
        assert_eq!(errors(Derive::FhirResource, &input), Vec::<String>::new());
    }

    #[test]
    fn code_variants_are_unit_variants_with_distinct_codes() {
        let input = parse_quote! {
            enum Colour {
                #[fhir(code = "red")]
                Red(u8),
                #[fhir(code = "green")]
                Green = 3,
                #[fhir(code = "red")]
                Crimson,
                Blue,
            }
        };
        assert_eq!(
            errors(Derive::FhirCode, &input),
            [
                "a code variant holds no data",
                "code variants take no explicit discriminant",
                "code `red` appears twice",
                "missing #[fhir(code = \"...\")] on a variant",
                "missing #[fhir(value_set = \"...\")]",
            ]
        );
    }

    #[test]
    fn resource_variants_hold_a_box() {
        let input = parse_quote! {
            enum Resource {
                Patient(Box<Patient>),
                Observation(Observation),
                Nothing,
            }
        };
        let error = "a resource variant holds exactly one `Box<Resource>`";
        assert_eq!(errors(Derive::FhirResource, &input), [error, error]);
    }

    #[test]
    fn generic_parameters_are_errors_for_every_derive() {
        let error = "the FHIR derives take no generic parameters";
        let input = parse_quote!(
            #[fhir(name = "Tag")]
            struct Tag<T> {
                #[fhir(name = "a")]
                a: Vec<T>,
            }
        );
        assert_eq!(struct_errors(input), [error]);
        let input = parse_quote!(
            enum E<'a> {
                #[fhir(type = "string")]
                S(&'a str),
            }
        );
        assert_eq!(errors(Derive::FhirChoice, &input), [error]);
        let input = parse_quote!(
            #[fhir(value_set = "v")]
            enum E<T> {
                #[fhir(code = "c")]
                C,
            }
        );
        assert_eq!(errors(Derive::FhirCode, &input), [error]);
        let input = parse_quote!(
            enum E<T> {
                P(Box<T>),
            }
        );
        assert_eq!(errors(Derive::FhirResource, &input), [error]);
    }

    #[test]
    fn shape_the_derive_cannot_read_is_the_only_error() {
        let input = parse_quote!(
            #[fhir(name = "Tag", nonsense)]
            enum Tag {
                A(A),
            }
        );
        assert_eq!(struct_errors(input), ["FhirType derives only on structs"]);
        let input = parse_quote!(
            #[fhir(name = "Tag")]
            struct Tag(Option<A>);
        );
        assert_eq!(struct_errors(input), ["FhirType needs named fields"]);
        let input = parse_quote!(
            struct S {
                a: A,
            }
        );
        for (derive, name) in [
            (Derive::FhirChoice, "FhirChoice"),
            (Derive::FhirCode, "FhirCode"),
            (Derive::FhirResource, "FhirResource"),
        ] {
            let error = format!("{name} derives only on enums");
            assert_eq!(errors(derive, &input), [error]);
        }
    }
}
