//! `#[derive(FhirType)]` on structs: the static field/key table and the slot accessors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Ident};

use crate::internals::ast::{self, Form, Part};
use crate::internals::{check, checked};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let ast = checked(input, ast::Struct::from_syn, check::fhir_type)?;
    let fields = &ast.fields;
    let type_name = ast.name();
    let keys = ast.json_keys();
    let rt = quote!(::careconnect_models::rt::value);
    let ident = &input.ident;
    let kind = if ast.attrs.resource.is_some() {
        quote!(Resource)
    } else if ast.attrs.backbone.is_some() {
        quote!(Backbone)
    } else {
        quote!(Datatype)
    };
    let field_names = fields.iter().map(ast::Field::name);
    let field_flags = fields
        .iter()
        .map(|f| {
            // `FieldForm::code`, `FIELD_REQUIRED`, `FIELD_REPEATS` and `FIELD_REFERENCE` in
            // the runtime.
            let form = match f.form() {
                Form::Complex => 0u8,
                Form::Primitive => 1,
                Form::Choice(_) => 2,
                Form::Attribute => 3,
                Form::Xhtml => 4,
            };
            let reference = f.form() == Form::Primitive && f.name() == "reference";
            form | if f.required() { 8 } else { 0 }
                | if f.repeats() { 16 } else { 0 }
                | if reference { 32 } else { 0 }
        })
        .collect::<Vec<u8>>();
    let field_flags = proc_macro2::Literal::byte_string(&field_flags);
    let key_names = keys.iter().map(|k| k.key.as_str());
    let mut table = Vec::new();
    for slot in hash_table(keys.iter().map(|k| k.key.as_str())) {
        let mut bytes = [0u8; 24];
        if let Some(index) = slot {
            let ast::JsonKey {
                key,
                field,
                part,
                rule,
            } = &keys[index];
            let (head, tail) = key_words(key.as_bytes());
            bytes[..8].copy_from_slice(&head.to_le_bytes());
            bytes[8..16].copy_from_slice(&tail.to_le_bytes());
            // At most `check::MAX_FIELDS` fields with a few keys each: these fit in u16.
            for (at, v) in [
                (16, key.len() as u16),
                (18, index as u16 + 1),
                (20, *field as u16),
                (22, encode(*part) | u16::from(*rule) << 12),
            ] {
                bytes[at..at + 2].copy_from_slice(&v.to_le_bytes());
            }
        }
        table.extend_from_slice(&bytes);
    }
    let table = proc_macro2::Literal::byte_string(&table);
    let mask = |pick: &dyn Fn(&ast::Field<'_>) -> bool| -> u128 {
        fields
            .iter()
            .enumerate()
            .filter(|(_, f)| pick(f))
            .fold(0, |m, (i, _)| m | 1u128 << i)
    };
    let required = mask(&|f| f.required());
    let checked = mask(&|f| matches!(f.form(), Form::Primitive | Form::Choice(_)));
    let indexes = (0..fields.len()).collect::<Vec<_>>();
    let idents = fields.iter().map(|f| f.ident).collect::<Vec<_>>();
    let const_default = const_default(input, &ast.idents());
    let choice_checks = fields.iter().filter_map(|f| match f.form() {
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

    let serde_impls = crate::serde_impls(input);
    Ok(quote! {
        const _: () = {
            #serde_impls
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
            #const_default
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

/// `Part::encode` of the runtime (`careconnect_models::rt::value::Part`); the top four bits
/// of the table's `u16` are the key's lexical rule.
fn encode(part: Part) -> u16 {
    match part {
        Part::Value => 0,
        Part::Extension => 1,
        Part::Choice(t) => 0x100 | u16::from(t),
        Part::ChoiceExtension(t) => 0x200 | u16::from(t),
    }
}

/// `ConstDefault`, field by field. The fallback gives a struct whose attributes are wrong
/// the same, so that structs holding it still have theirs.
pub(crate) fn const_default(input: &DeriveInput, fields: &[&Ident]) -> TokenStream {
    let rt = quote!(::careconnect_models::rt::value);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics #rt::ConstDefault for #ident #ty_generics #where_clause {
            const DEFAULT: Self = #ident {
                #(#fields: #rt::ConstDefault::DEFAULT,)*
            };
        }
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
