//! Rules across keys, fields and variants, checked on the ast before any tokens are made.
//! Each rule says why it holds; a broken rule is a spanned error in the [`Ctxt`].

use std::collections::{BTreeMap, HashSet};

use syn::DeriveInput;

use super::ast::{self, Form, Wrapper};
use super::ctxt::Ctxt;
use super::symbol::{ATTRIBUTE, CHOICE, CODE, NAME, PRIMITIVE, TYPE, VALUE_SET, XHTML};

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
    // The key table sends each JSON key to one field and part; of two fields claiming the
    // same key (`value` beside a choice `value[x]` of type `string`... `valueString`), one
    // could never be read.
    // One error per pair of fields: a primitive's `_name` comes along with its `name`.
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
        let field = &input.fields[second];
        let msg = if first == second {
            format!("JSON key `{key}` is claimed twice")
        } else {
            let other = &input.fields[first].ident;
            format!("JSON key `{key}` is claimed twice, by `{other}` too")
        };
        cx.error(field.ident.span(), msg);
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
    if let Form::Choice(types) = field.form() {
        // A choice element (`value[x]`) has at most one value in FHIR, and the reader keeps
        // one type index per field.
        if field.repeats() {
            cx.error_spanned_by(ty, "a choice element cannot repeat");
        }
        choice_types_fit(cx, span, types.len());
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
        // struct's `choice` lists; a Rust variant name cannot give it (`DateTime`, `Uri`
        // for `uri`).
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
