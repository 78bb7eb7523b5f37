//! `#[derive(FhirType)]` on structs: the static field/key table and the slot accessors.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, GenericArgument, PathArguments, Type};

use crate::attr::{Errors, FhirAttrs};

/// `Part::encode` values (see `careconnect_models::rt::value::Part`).
const PART_VALUE: u16 = 0;
const PART_EXTENSION: u16 = 1;
const PART_CHOICE: u16 = 0x100;
const PART_CHOICE_EXTENSION: u16 = 0x200;

/// The largest number of elements a struct may have (the reader tracks them in a `u128`).
const MAX_FIELDS: usize = 128;

enum Form {
    Complex,
    Primitive,
    Choice(Vec<String>),
    Attribute,
    Xhtml,
}

struct Field {
    ident: syn::Ident,
    name: String,
    required: bool,
    repeats: bool,
    form: Form,
    /// The element type inside `Option`/`Vec`/`Box`, for the choice consistency check.
    inner: Type,
}

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let attrs = FhirAttrs::parse(&input.attrs, &mut errors);
    attrs.only(&["name", "resource", "backbone"], "a struct", &mut errors);
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "FhirType derives only on structs",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "FhirType needs named fields",
        ));
    };
    let Some(type_name) = attrs.name.as_ref().map(|n| n.value.clone()) else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "missing #[fhir(name = \"...\")] with the FHIR type name or element path",
        ));
    };
    if attrs.resource.is_some() && attrs.backbone.is_some() {
        errors.error(
            Span::call_site(),
            "a struct is a resource or a backbone element, not both",
        );
    }

    let mut fields = Vec::new();
    for f in &named.named {
        let fa = FhirAttrs::parse(&f.attrs, &mut errors);
        fa.only(
            &[
                "name",
                "primitive",
                "required",
                "attribute",
                "xhtml",
                "choice",
            ],
            "a field",
            &mut errors,
        );
        let Some(ident) = f.ident.clone() else {
            continue;
        };
        let Some(name) = fa.name.as_ref().map(|n| n.value.clone()) else {
            errors.error(
                ident.span(),
                "missing #[fhir(name = \"...\")] with the element name",
            );
            continue;
        };
        let (wrapper, inner) = unwrap_type(&f.ty);
        let required = fa.required.is_some();
        // Cardinality in the attribute and in the Rust type must agree.
        match (wrapper, required) {
            (Wrapper::Option, true) => {
                errors.error(ident.span(), "a `required` element cannot be an `Option`")
            }
            (Wrapper::None, false) => errors.error(
                ident.span(),
                "an optional element must be `Option<_>` or `Vec<_>`; mark it `required` otherwise",
            ),
            _ => {}
        }
        let kinds = [
            fa.primitive.is_some(),
            fa.choice.is_some(),
            fa.attribute.is_some(),
            fa.xhtml.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() > 1 {
            errors.error(
                ident.span(),
                "at most one of primitive, choice, attribute, xhtml",
            );
        }
        let form = if let Some(c) = &fa.choice {
            if wrapper == Wrapper::Vec {
                errors.error(ident.span(), "a choice element cannot repeat");
            }
            Form::Choice(c.value.clone())
        } else if fa.primitive.is_some() {
            Form::Primitive
        } else if fa.attribute.is_some() {
            Form::Attribute
        } else if fa.xhtml.is_some() {
            Form::Xhtml
        } else {
            Form::Complex
        };
        fields.push(Field {
            ident,
            name,
            required,
            repeats: wrapper == Wrapper::Vec,
            form,
            inner: inner.clone(),
        });
    }
    if fields.len() > MAX_FIELDS {
        errors.error(
            input.ident.span(),
            format_args!(
                "{} elements; at most {MAX_FIELDS} are supported",
                fields.len()
            ),
        );
    }

    // JSON keys with their field and part (as `Part::encode` gives it); every key must be
    // unique.
    let mut keys: Vec<(String, usize, u16)> = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        match &f.form {
            Form::Complex | Form::Attribute | Form::Xhtml => {
                keys.push((f.name.clone(), i, PART_VALUE));
            }
            Form::Primitive => {
                keys.push((f.name.clone(), i, PART_VALUE));
                keys.push((format!("_{}", f.name), i, PART_EXTENSION));
            }
            Form::Choice(types) => {
                for (t, ty) in types.iter().enumerate() {
                    let Ok(t) = u8::try_from(t) else {
                        errors.error(f.ident.span(), "a choice element has at most 255 types");
                        break;
                    };
                    let key = format!("{}{}", f.name, upper_first(ty));
                    keys.push((key.clone(), i, PART_CHOICE | u16::from(t)));
                    if is_primitive_code(ty) {
                        keys.push((format!("_{key}"), i, PART_CHOICE_EXTENSION | u16::from(t)));
                    }
                }
            }
        }
    }
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    for pair in keys.windows(2) {
        if pair[0].0 == pair[1].0 {
            let f = &fields[pair[1].1];
            errors.error(
                f.ident.span(),
                format_args!("JSON key `{}` is claimed twice", pair[0].0),
            );
        }
    }
    errors.finish()?;

    let rt = quote!(::careconnect_models::rt::value);
    let ident = &input.ident;
    let kind = if attrs.resource.is_some() {
        quote!(Resource)
    } else if attrs.backbone.is_some() {
        quote!(Backbone)
    } else {
        quote!(Datatype)
    };
    let field_names = fields.iter().map(|f| f.name.as_str());
    let field_flags = fields
        .iter()
        .map(|f| {
            // `FieldForm::code`, `FIELD_REQUIRED` and `FIELD_REPEATS` in the runtime.
            let form = match &f.form {
                Form::Complex => 0u8,
                Form::Primitive => 1,
                Form::Choice(_) => 2,
                Form::Attribute => 3,
                Form::Xhtml => 4,
            };
            form | if f.required { 8 } else { 0 } | if f.repeats { 16 } else { 0 }
        })
        .collect::<Vec<u8>>();
    let field_flags = proc_macro2::Literal::byte_string(&field_flags);
    let key_names = keys.iter().map(|k| k.0.as_str());
    let mut table = Vec::new();
    for slot in hash_table(keys.iter().map(|k| k.0.as_str())) {
        let mut bytes = [0u8; 24];
        if let Some(index) = slot {
            let (key, field, part) = &keys[index];
            let (head, tail) = key_words(key.as_bytes());
            bytes[..8].copy_from_slice(&head.to_le_bytes());
            bytes[8..16].copy_from_slice(&tail.to_le_bytes());
            // At most MAX_FIELDS fields with a few keys each: these fit in u16.
            for (at, v) in [
                (16, key.len() as u16),
                (18, index as u16 + 1),
                (20, *field as u16),
                (22, *part),
            ] {
                bytes[at..at + 2].copy_from_slice(&v.to_le_bytes());
            }
        }
        table.extend_from_slice(&bytes);
    }
    let table = proc_macro2::Literal::byte_string(&table);
    let mask = |pick: &dyn Fn(&Field) -> bool| -> u128 {
        fields
            .iter()
            .enumerate()
            .filter(|(_, f)| pick(f))
            .fold(0, |m, (i, _)| m | 1u128 << i)
    };
    let required = mask(&|f| f.required);
    let checked = mask(&|f| matches!(f.form, Form::Primitive | Form::Choice(_)));
    let indexes = (0..fields.len()).collect::<Vec<_>>();
    let idents = fields.iter().map(|f| &f.ident).collect::<Vec<_>>();
    let choice_checks = fields.iter().filter_map(|f| match &f.form {
        Form::Choice(types) => {
            let inner = &f.inner;
            let msg = format!(
                "the types in #[fhir(choice = ...)] on `{}` differ from the variants of its enum",
                f.ident
            );
            Some(quote! {
                const _: () = ::core::assert!(
                    #rt::same_types(<#inner as #rt::ChoiceValue>::TYPES, &[#(#types),*]),
                    #msg
                );
            })
        }
        _ => None,
    });

    Ok(quote! {
        const _: () = {
            static INFO: #rt::TypeInfo = #rt::TypeInfo {
                name: #type_name,
                kind: #rt::StructKind::#kind,
                field_names: &[#(#field_names),*],
                field_flags: #field_flags,
                keys: &[#(#key_names),*],
                table: #table,
                required: #required,
                checked: #checked,
            };
            #(#choice_checks)*
            impl #rt::ConstDefault for #ident {
                const DEFAULT: Self = #ident {
                    #(#idents: #rt::ConstDefault::DEFAULT,)*
                };
            }
            impl ::core::default::Default for #ident {
                fn default() -> Self {
                    <Self as #rt::ConstDefault>::DEFAULT
                }
            }
            impl #rt::FhirStruct for #ident {
                fn type_info(&self) -> &'static #rt::TypeInfo {
                    &INFO
                }
                fn field(&self, index: usize) -> &dyn #rt::Slot {
                    match index {
                        #(#indexes => &self.#idents,)*
                        _ => #rt::no_field(),
                    }
                }
                fn field_mut(&mut self, index: usize) -> &mut dyn #rt::Slot {
                    match index {
                        #(#indexes => &mut self.#idents,)*
                        _ => #rt::no_field_mut(),
                    }
                }
            }
            impl #rt::FhirValue for #ident {
                fn read_json(
                    &mut self,
                    r: &mut ::careconnect_models::rt::JsonReader<'_>,
                    part: #rt::Part,
                ) -> ::careconnect_models::rt::Result<()> {
                    #rt::read_struct(self, r, part)
                }
                fn read_new(
                    r: &mut ::careconnect_models::rt::JsonReader<'_>,
                    part: #rt::Part,
                ) -> ::careconnect_models::rt::Result<Self> {
                    let mut v = <Self as #rt::ConstDefault>::DEFAULT;
                    match #rt::read_struct(&mut v, r, part) {
                        ::core::result::Result::Ok(()) => ::core::result::Result::Ok(v),
                        ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                    }
                }
                fn write_json_field(
                    &self,
                    name: &str,
                    suffix: &str,
                    w: &mut ::careconnect_models::rt::JsonWriter,
                ) {
                    w.key(false, name, suffix);
                    #rt::write_struct(self, w);
                }
                fn write_json_bare(&self, w: &mut ::careconnect_models::rt::JsonWriter) {
                    #rt::write_struct(self, w);
                }
                fn type_name() -> ::core::option::Option<&'static str> {
                    ::core::option::Option::Some(#type_name)
                }
                ::careconnect_models::rt::if_xml! {
                    fn read_xml<'a>(
                        &mut self,
                        r: &mut ::careconnect_models::rt::XmlReader<'a>,
                        el: &::careconnect_models::rt::XmlElement<'a>,
                        part: #rt::Part,
                    ) -> ::careconnect_models::rt::Result<()> {
                        ::careconnect_models::rt::xml::read_struct(self, r, el, part)
                    }
                    fn read_new_xml<'a>(
                        r: &mut ::careconnect_models::rt::XmlReader<'a>,
                        el: &::careconnect_models::rt::XmlElement<'a>,
                        part: #rt::Part,
                    ) -> ::careconnect_models::rt::Result<Self> {
                        let mut v = <Self as #rt::ConstDefault>::DEFAULT;
                        match ::careconnect_models::rt::xml::read_struct(&mut v, r, el, part) {
                            ::core::result::Result::Ok(()) => ::core::result::Result::Ok(v),
                            ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                        }
                    }
                    fn write_xml(
                        &self,
                        name: &str,
                        suffix: &str,
                        w: &mut ::careconnect_models::rt::XmlWriter,
                    ) {
                        ::careconnect_models::rt::xml::write_struct(self, name, suffix, w);
                    }
                }
            }
            impl ::core::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #rt::debug_struct(self, f)
                }
            }
        };
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wrapper {
    None,
    Option,
    Vec,
}

/// `Option<T>` → (Option, T), `Vec<T>` → (Vec, T), `Box<T>` looks through to `T`.
fn unwrap_type(ty: &Type) -> (Wrapper, &Type) {
    let (wrapper, inner) = match single_arg(ty, "Option") {
        Some(inner) => (Wrapper::Option, inner),
        None => match single_arg(ty, "Vec") {
            Some(inner) => (Wrapper::Vec, inner),
            None => (Wrapper::None, ty),
        },
    };
    (wrapper, single_arg(inner, "Box").unwrap_or(inner))
}

fn single_arg<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(t)) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

/// FHIR primitive type codes start with a lower-case letter (`dateTime`, `boolean`).
pub fn is_primitive_code(code: &str) -> bool {
    code.starts_with(|c: char| c.is_ascii_lowercase())
}

/// `dateTime` → `DateTime`: the suffix of a choice element name.
pub fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The same functions as `careconnect_models::rt::value::{key_words, key_hash}`.
fn key_words(key: &[u8]) -> (u64, u64) {
    let n = key.len();
    let mut head = [0u8; 8];
    let mut tail = [0u8; 8];
    if n >= 8 {
        head.copy_from_slice(&key[..8]);
        tail.copy_from_slice(&key[n - 8..]);
    } else {
        head[..n].copy_from_slice(key);
    }
    (u64::from_le_bytes(head), u64::from_le_bytes(tail))
}

fn key_hash(head: u64, tail: u64, len: usize) -> u32 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let x = head ^ tail.rotate_left(23) ^ (len as u64).wrapping_mul(K);
    (x.wrapping_mul(K) >> 32) as u32
}

/// The open-addressing table the runtime probes: a power-of-two length at least twice the
/// number of keys, linear probing. Per slot: `None` (empty) or the index of its key in the
/// sorted key list.
fn hash_table<'a>(keys: impl ExactSizeIterator<Item = &'a str>) -> Vec<Option<usize>> {
    let len = (keys.len() * 2).next_power_of_two().max(2);
    let mut table = vec![None; len];
    for (index, key) in keys.enumerate() {
        let (head, tail) = key_words(key.as_bytes());
        let mut i = key_hash(head, tail, key.len()) as usize & (len - 1);
        while table[i].is_some() {
            i = (i + 1) & (len - 1);
        }
        table[i] = Some(index);
    }
    table
}
