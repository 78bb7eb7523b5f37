//! The derive input as the derives see it: a struct with its fields, or an enum with its
//! variants, each with its parsed attributes and the syn node it came from (for spans).
//! Only a shape a derive cannot read at all is an error here (`FhirType` on an enum, a
//! tuple struct); everything else is `check`'s.

use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

use super::attr::{self, Attr, Attrs, Position};
use super::ctxt::Ctxt;

/// A struct deriving `FhirType`.
pub struct Struct<'a> {
    pub original: &'a DeriveInput,
    pub attrs: attr::Struct,
    /// The elements, in order: field `i` of the runtime's tables.
    pub fields: Vec<Field<'a>>,
    /// The fields marked `skip`: not elements, set to their constant default.
    pub skipped: Vec<Field<'a>>,
}

/// A field of a `FhirType` struct.
pub struct Field<'a> {
    pub original: &'a syn::Field,
    pub ident: &'a Ident,
    pub attrs: attr::Field,
    /// `Option` or `Vec` around the element type, or neither.
    pub wrapper: Wrapper,
    /// The element type inside `Option`/`Vec`, and inside a `Box` within those.
    pub inner: &'a Type,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    None,
    Option,
    Vec,
}

/// How an element is read and written, from its field's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form<'a> {
    Complex,
    Primitive,
    /// The FHIR type codes, in the order of the choice enum's variants.
    Choice(&'a [String]),
    Attribute,
    Xhtml,
}

/// An enum deriving `FhirChoice`, `FhirCode` or `FhirResource`, with the keys of its
/// positions: `A` on the enum, `V` on each variant.
pub struct Enum<'a, A, V> {
    pub original: &'a DeriveInput,
    pub attrs: A,
    pub variants: Vec<Variant<'a, V>>,
}

pub struct Variant<'a, V> {
    pub original: &'a syn::Variant,
    pub attrs: V,
}

pub type Choice<'a> = Enum<'a, attr::NoKeys, attr::ChoiceVariant>;
pub type Code<'a> = Enum<'a, attr::CodeEnum, attr::CodeVariant>;
pub type Resources<'a> = Enum<'a, attr::NoKeys, attr::NoKeys>;

impl<'a> Struct<'a> {
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> syn::Result<Self> {
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
        let (skipped, fields) = named
            .named
            .iter()
            .filter_map(|f| Field::from_syn(cx, f))
            .partition(|f| f.attrs.skip.is_some());
        Ok(Struct {
            original: input,
            attrs: attr::parse(cx, &input.attrs, Position::Struct),
            fields,
            skipped,
        })
    }

    /// Every field's identifier, elements first, then the skipped ones.
    pub fn idents(&self) -> Vec<&'a Ident> {
        self.fields
            .iter()
            .chain(&self.skipped)
            .map(|f| f.ident)
            .collect()
    }

    /// The FHIR type name or element path; empty only when missing, which `check` reports.
    pub fn name(&self) -> &str {
        attr::text(&self.attrs.name)
    }

    /// Every JSON key of the struct's elements, sorted by key; fields without a name have
    /// none.
    pub fn json_keys(&self) -> Vec<JsonKey> {
        let mut keys = Vec::new();
        for (field, f) in self.fields.iter().enumerate() {
            let Some(name) = f.attrs.name.as_ref().map(Attr::as_str) else {
                continue;
            };
            let rule = f.text_rule().unwrap_or(0);
            let mut push = |key: String, part, rule| {
                keys.push(JsonKey {
                    key,
                    field,
                    part,
                    rule,
                })
            };
            match f.form() {
                Form::Complex | Form::Xhtml => push(name.to_string(), Part::Value, 0),
                Form::Attribute => push(name.to_string(), Part::Value, rule),
                Form::Primitive => {
                    push(name.to_string(), Part::Value, rule);
                    push(format!("_{name}"), Part::Extension, 0);
                }
                // A type past the 256th has no index; `check` reports the count.
                Form::Choice(types) => {
                    for (t, code) in (0..=u8::MAX).zip(types) {
                        let key = format!("{name}{}", upper_first(code));
                        let extension = is_primitive_code(code).then(|| format!("_{key}"));
                        push(key, Part::Choice(t), text_rule(code).unwrap_or(0));
                        if let Some(extension) = extension {
                            push(extension, Part::ChoiceExtension(t), 0);
                        }
                    }
                }
            }
        }
        keys.sort_by(|a, b| a.key.cmp(&b.key));
        keys
    }
}

/// A JSON key and what it fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonKey {
    pub key: String,
    /// Index into [`Struct::fields`].
    pub field: usize,
    pub part: Part,
    /// The lexical rule of the value's string ([`text_rule`]; 0 for any other value).
    pub rule: u8,
}

/// The number of the lexical rule of a string-valued FHIR type (the runtime's
/// `TextRule::code`: `string` 0, `code` 1, `id` 2, `uri` 3, `oid` 4, `uuid` 5, `markdown`
/// 6), or `None` for a type whose value is not a `String`.
pub fn text_rule(code: &str) -> Option<u8> {
    Some(match code {
        "string" => 0,
        "code" => 1,
        "id" => 2,
        "uri" => 3,
        "oid" => 4,
        "uuid" => 5,
        "markdown" => 6,
        _ => return None,
    })
}

/// The part of an element a JSON key holds (the runtime's `Part`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `name`: the value.
    Value,
    /// `_name`: a primitive's id and extensions.
    Extension,
    /// `nameDateTime`: the value of the choice's type at this index.
    Choice(u8),
    /// `_nameDateTime`: the id and extensions of a primitive choice type.
    ChoiceExtension(u8),
}

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, field: &'a syn::Field) -> Option<Self> {
        let (wrapper, inner) = unwrap_type(&field.ty);
        Some(Field {
            original: field,
            ident: field.ident.as_ref()?,
            attrs: attr::parse(cx, &field.attrs, Position::Field),
            wrapper,
            inner,
        })
    }

    /// The element name; empty only when missing, which `check` reports.
    pub fn name(&self) -> &str {
        attr::text(&self.attrs.name)
    }

    pub fn required(&self) -> bool {
        self.attrs.required.is_some()
    }

    pub fn repeats(&self) -> bool {
        self.wrapper == Wrapper::Vec
    }

    /// The rule number of `type` ([`text_rule`]), if given and known (`check` reports the
    /// others).
    pub fn text_rule(&self) -> Option<u8> {
        text_rule(self.attrs.type_code.as_ref()?.as_str())
    }

    /// The first of `choice`, `primitive`, `attribute`, `xhtml` given (`check` makes sure
    /// there is at most one), else a complex element.
    pub fn form(&self) -> Form<'_> {
        let a = &self.attrs;
        if let Some(types) = &a.choice {
            Form::Choice(&types.value)
        } else if a.primitive.is_some() {
            Form::Primitive
        } else if a.attribute.is_some() {
            Form::Attribute
        } else if a.xhtml.is_some() {
            Form::Xhtml
        } else {
            Form::Complex
        }
    }
}

impl<'a, V> Variant<'a, V> {
    pub fn ident(&self) -> &'a Ident {
        &self.original.ident
    }

    /// The type of the one value the variant holds (`Variant(T)`), if that is its shape.
    pub fn value(&self) -> Option<&'a Type> {
        match &self.original.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => f.unnamed.first().map(|f| &f.ty),
            _ => None,
        }
    }
}

/// An enum deriving `FhirChoice`.
pub fn choice<'a>(cx: &Ctxt, input: &'a DeriveInput) -> syn::Result<Choice<'a>> {
    read_enum(
        cx,
        input,
        "FhirChoice",
        Position::ChoiceEnum,
        Position::ChoiceVariant,
    )
}

/// An enum deriving `FhirCode`.
pub fn code<'a>(cx: &Ctxt, input: &'a DeriveInput) -> syn::Result<Code<'a>> {
    read_enum(
        cx,
        input,
        "FhirCode",
        Position::CodeEnum,
        Position::CodeVariant,
    )
}

/// An enum deriving `FhirResource`.
pub fn resources<'a>(cx: &Ctxt, input: &'a DeriveInput) -> syn::Result<Resources<'a>> {
    read_enum(
        cx,
        input,
        "FhirResource",
        Position::ResourceEnum,
        Position::ResourceVariant,
    )
}

fn read_enum<'a, A: Attrs, V: Attrs>(
    cx: &Ctxt,
    input: &'a DeriveInput,
    derive: &str,
    on_enum: Position,
    on_variant: Position,
) -> syn::Result<Enum<'a, A, V>> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            format_args!("{derive} derives only on enums"),
        ));
    };
    Ok(Enum {
        original: input,
        attrs: attr::parse(cx, &input.attrs, on_enum),
        variants: data
            .variants
            .iter()
            .map(|v| Variant {
                original: v,
                attrs: attr::parse(cx, &v.attrs, on_variant),
            })
            .collect(),
    })
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
    (wrapper, unbox(inner).unwrap_or(inner))
}

/// `Box<T>` → `T`.
pub fn unbox(ty: &Type) -> Option<&Type> {
    single_arg(ty, "Box")
}

/// `T` of `name<T>` (the last path segment; `std::vec::Vec<T>` too).
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
