//! Stage 6: IR → Rust tokens. No I/O, no strings of code: `quote!` only.
//!
//! The structs are plain data with `#[fhir(...)]` attributes and derives of
//! `careconnect-derive`; [`crate::expand`] replaces those by their expansions when the files
//! are written. The attribute keywords come from `careconnect_expand::symbol`, the table the
//! derives parse them with, so the two cannot disagree.

pub mod columns;
pub mod profile;

use std::collections::BTreeMap;

use careconnect_expand::symbol::{
    ATTRIBUTE, BACKBONE, CHOICE, CODE, DISPLAY, FHIR, NAME, PRIMITIVE, REQUIRED, RESOURCE, SKIP,
    SYSTEM, TYPE, VALUE_SET, XHTML,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::diag::{Error, Result};

use crate::ir::{
    BindingInfo, Cardinality, ChoiceEnum, CodeEnum, Field, FieldType, Model, Module, Primitive,
    StructDef, StructKind,
};

/// One generated file: its path relative to the workspace root and its tokens.
pub struct GeneratedFile {
    pub path: String,
    pub tokens: TokenStream,
}

/// All files of the base layer (`stu3/`), in folder `dir`.
pub fn base_layer(model: &Model, dir: &str) -> Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    let docs = Docs::new(model);
    for module in model.datatypes.iter().chain(&model.resources) {
        let path = format!("{dir}/{}.rs", module.file);
        files.push(GeneratedFile {
            tokens: module_file(module, &model.shared_choices, &docs, &path)?,
            path,
        });
    }
    for code in &model.code_enums {
        files.push(GeneratedFile {
            path: format!("{dir}/codes/{}.rs", code.file),
            tokens: code_enum(code),
        });
    }
    for choice in &model.shared_choices {
        files.push(GeneratedFile {
            path: format!("{dir}/{}.rs", crate::names::module(&choice.name)),
            tokens: choice_enum(choice),
        });
    }
    files.push(GeneratedFile {
        path: format!("{dir}/codes/mod.rs"),
        tokens: codes_mod(model),
    });
    files.push(GeneratedFile {
        path: format!("{dir}/resource.rs"),
        tokens: resource_enum(model),
    });
    files.push(GeneratedFile {
        path: format!("{dir}/primitive_extras.rs"),
        tokens: primitive_extras(),
    });
    files.push(GeneratedFile {
        path: format!("{dir}/mod.rs"),
        tokens: stu3_mod(model),
    });
    Ok(files)
}

fn stu3_mod(model: &Model) -> TokenStream {
    let modules: Vec<_> = model
        .datatypes
        .iter()
        .chain(&model.resources)
        .map(|m| format_ident!("{}", m.file))
        .chain(
            model
                .shared_choices
                .iter()
                .map(|c| format_ident!("{}", crate::names::module(&c.name))),
        )
        .collect();
    let datatypes = model.datatypes.len().to_string();
    let resources = model.resources.len().to_string();
    let codes = model.code_enums.len().to_string();
    let summary = format!(
        " FHIR STU3 (3.0.1): {datatypes} datatypes, {resources} resources and {codes} code \
         enums for required bindings, generated from the core definitions."
    );
    quote! {
        #![doc = #summary]
        #![doc = ""]
        #![doc = " Every type is re-exported here; code enums live in [`codes`]. The docs of each type"]
        #![doc = " and field link its entry in the specification, <https://hl7.org/fhir/STU3/>."]
        pub mod codes;
        mod resource;
        pub use resource::Resource;
        pub(crate) mod primitive_extras;
        #(mod #modules; pub use #modules::*;)*
    }
}

fn codes_mod(model: &Model) -> TokenStream {
    let modules: Vec<_> = model
        .code_enums
        .iter()
        .map(|c| format_ident!("{}", c.file))
        .collect();
    quote! {
        #![doc = " Codes of the required value sets bound in the base layer, one enum per value set."]
        #(mod #modules; pub use #modules::*;)*
    }
}

/// What the docs of the base layer look up: the Rust types of reference targets.
struct Docs<'m> {
    /// Resource structs by canonical URL.
    resources: BTreeMap<&'m str, &'m str>,
}

impl<'m> Docs<'m> {
    fn new(model: &'m Model) -> Self {
        let resources = model
            .resources
            .iter()
            .filter_map(|m| m.structs.first())
            .map(|s| (s.url.as_str(), s.name.as_str()))
            .collect();
        Docs { resources }
    }

    /// A target profile as an intra-doc link to its Rust type (the `Resource` enum for any
    /// resource), or its URL where the layer has no type for it.
    fn target(&self, url: &str) -> String {
        if let Some(name) = self.resources.get(url) {
            return format!("[`{name}`](crate::stu3::{name})");
        }
        match url.strip_prefix(crate::lower::CORE_PREFIX) {
            Some("Resource" | "DomainResource") => "[`Resource`](crate::stu3::Resource)".into(),
            _ => format!("<{url}>"),
        }
    }
}

/// `text` as a link to `url`, or as code where there is none.
pub(crate) fn doc_link(text: &str, url: Option<&str>) -> String {
    match url {
        Some(url) => format!("[`{text}`]({url})"),
        None => format!("`{text}`"),
    }
}

fn module_file(
    module: &Module,
    shared: &[ChoiceEnum],
    docs: &Docs<'_>,
    path: &str,
) -> Result<TokenStream> {
    let structs = module
        .structs
        .iter()
        .map(|s| struct_def(s, &module.choices, shared, docs, path))
        .collect::<Result<Vec<_>>>()?;
    let choices = module.choices.iter().map(choice_enum);
    Ok(quote! {
        #(#structs)*
        #(#choices)*
    })
}

fn struct_def(
    s: &StructDef,
    choices: &[ChoiceEnum],
    shared: &[ChoiceEnum],
    docs: &Docs<'_>,
    path: &str,
) -> Result<TokenStream> {
    let name = format_ident!("{}", s.name);
    let fhir_name = &s.fhir_name;
    let (kind_attr, what) = match s.kind {
        StructKind::Resource => (quote!(, #RESOURCE), "resource"),
        StructKind::Datatype => (quote!(), "datatype"),
        StructKind::Backbone => (quote!(, #BACKBONE), "backbone element"),
    };
    let doc = format!(" FHIR {what} {}.", doc_link(fhir_name, s.spec.as_deref()));
    let url = format!(" Definition: <{}>", s.url);
    let fields = s
        .fields
        .iter()
        .map(|f| field(f, choices, shared, docs, path))
        .collect::<Result<Vec<_>>>()?;
    Ok(quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = #url]
        #[derive(Clone, PartialEq, ::careconnect_derive::FhirType)]
        #[#FHIR(#NAME = #fhir_name #kind_attr)]
        pub struct #name {
            #(#fields)*
        }
    })
}

fn field(
    f: &Field,
    choices: &[ChoiceEnum],
    shared: &[ChoiceEnum],
    docs: &Docs<'_>,
    path: &str,
) -> Result<TokenStream> {
    let name = format_ident!("{}", f.name);
    let fhir_name = &f.fhir_name;
    let doc = field_doc(f, choices.iter().chain(shared), docs);
    let mut attrs = vec![quote!(#NAME = #fhir_name)];
    if f.cardinality().is_required() {
        attrs.push(quote!(#REQUIRED));
    }
    match &f.ty {
        FieldType::Primitive(p) => {
            attrs.push(quote!(#PRIMITIVE));
            // The lexical rule of a string value (`string` is the default).
            if p.holds_text() && *p != Primitive::String {
                let code = p.code();
                attrs.push(quote!(#TYPE = #code));
            }
        }
        FieldType::Code { .. } => attrs.push(quote!(#PRIMITIVE)),
        FieldType::Attribute => {
            attrs.push(quote!(#ATTRIBUTE));
            // The two attribute elements of FHIR: `Element.id` (a `string`, the default)
            // and `Extension.url`, a `uri`.
            if f.path == "Extension.url" {
                attrs.push(quote!(#TYPE = "uri"));
            }
        }
        FieldType::Xhtml => attrs.push(quote!(#XHTML)),
        FieldType::Choice(enum_name) => {
            // In the enum's variant order; the derive checks that they agree.
            let Some(choice) = choices.iter().chain(shared).find(|c| &c.name == enum_name) else {
                return Err(Error::Emit {
                    file: path.into(),
                    message: format!(
                        "{}: choice enum {enum_name} is not in the module (the IR is inconsistent)",
                        f.path
                    ),
                });
            };
            let types = choice
                .variants
                .iter()
                .map(|v| v.type_code.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            attrs.push(quote!(#CHOICE = #types));
        }
        FieldType::Complex(_) | FieldType::Backbone(_) | FieldType::Resource => {}
    }
    let inner = value_type(&f.ty);
    let inner = if f.boxed { quote!(Box<#inner>) } else { inner };
    let ty = match f.cardinality() {
        Cardinality::Required => inner,
        Cardinality::Optional => quote!(Option<#inner>),
        Cardinality::Many | Cardinality::NonEmpty => quote!(Vec<#inner>),
    };
    Ok(quote! {
        #(#[doc = #doc])*
        #[#FHIR(#(#attrs),*)]
        pub #name: #ty,
    })
}

/// A field's doc lines: its path linked to its entry in the specification, cardinality and
/// type, then a list of the facts its type does not show (binding, reference targets).
fn field_doc<'c>(
    f: &Field,
    mut choices: impl Iterator<Item = &'c ChoiceEnum>,
    docs: &Docs<'_>,
) -> Vec<String> {
    let ty = match &f.ty {
        FieldType::Choice(name) if name == crate::lower::ANY_VALUE => "any type".to_string(),
        FieldType::Choice(name) => match choices.find(|c| &c.name == name) {
            Some(c) => c
                .variants
                .iter()
                .map(|v| v.type_code.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            None => describe(&f.ty),
        },
        other => describe(other),
    };
    let mut summary = format!(
        " {} · {} · {ty}",
        doc_link(&f.path, f.spec.as_deref()),
        f.bounds
    );
    if f.is_modifier {
        summary.push_str(" · modifier");
    }
    let mut facts = Vec::new();
    if let Some(b) = &f.binding {
        let code_enum = match &f.ty {
            FieldType::Code { enum_name } => {
                format!(", [`{enum_name}`](crate::stu3::codes::{enum_name})")
            }
            _ => String::new(),
        };
        facts.push(format!("{}{code_enum}", binding_doc(b)));
    }
    if !f.targets.is_empty() {
        let targets: Vec<String> = f.targets.iter().map(|t| docs.target(t)).collect();
        facts.push(format!(" - targets: {}", targets.join(", ")));
    }
    doc_lines(summary, facts)
}

/// A summary line, then a list of facts (after an empty line) if there are any.
pub(crate) fn doc_lines(summary: String, facts: Vec<String>) -> Vec<String> {
    let mut lines = vec![summary];
    if !facts.is_empty() {
        lines.push(String::new());
        lines.extend(facts);
    }
    lines
}

fn describe(ty: &FieldType) -> String {
    match ty {
        FieldType::Primitive(p) => p.code().to_string(),
        FieldType::Code { .. } => "code".into(),
        FieldType::Complex(t) => t.clone(),
        FieldType::Backbone(_) => "BackboneElement".into(),
        FieldType::Resource => "Resource".into(),
        FieldType::Choice(_) => "choice".into(),
        FieldType::Attribute => "string (XML attribute)".into(),
        FieldType::Xhtml => "xhtml".into(),
    }
}

/// A binding as a fact of a doc list.
pub(crate) fn binding_doc(b: &BindingInfo) -> String {
    format!(" - binding: {} <{}>", b.strength.code(), b.value_set)
}

/// The Rust type holding one value of `ty`.
pub(crate) fn value_type(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::Primitive(p) => {
            let v = primitive_value(*p);
            quote!(crate::rt::Primitive<#v>)
        }
        FieldType::Code { enum_name } => {
            let e = format_ident!("{}", enum_name);
            quote!(crate::rt::Primitive<crate::stu3::codes::#e>)
        }
        FieldType::Complex(t) | FieldType::Backbone(t) | FieldType::Choice(t) => {
            let t = format_ident!("{}", t);
            quote!(crate::stu3::#t)
        }
        FieldType::Resource => quote!(crate::stu3::Resource),
        FieldType::Attribute | FieldType::Xhtml => quote!(String),
    }
}

fn primitive_value(p: Primitive) -> TokenStream {
    match p {
        Primitive::Boolean => quote!(bool),
        Primitive::Integer => quote!(i32),
        Primitive::UnsignedInt => quote!(u32),
        Primitive::PositiveInt => quote!(::core::num::NonZeroU32),
        Primitive::Decimal => quote!(crate::rt::Decimal),
        Primitive::String
        | Primitive::Uri
        | Primitive::Code
        | Primitive::Id
        | Primitive::Markdown
        | Primitive::Oid
        | Primitive::Uuid => quote!(String),
        Primitive::Base64Binary => quote!(crate::rt::Base64Binary),
        Primitive::Date => quote!(crate::rt::Date),
        Primitive::DateTime => quote!(crate::rt::DateTime),
        Primitive::Instant => quote!(crate::rt::Instant),
        Primitive::Time => quote!(crate::rt::Time),
    }
}

fn choice_enum(c: &ChoiceEnum) -> TokenStream {
    let name = format_ident!("{}", c.name);
    let doc = if c.path == "*" {
        " Any datatype: the value of every element of FHIR's open type `*` (`Extension.value[x]`, `ElementDefinition.fixed[x]`, ...).".to_string()
    } else {
        format!(
            " The types of choice element {}.",
            doc_link(&c.path, c.spec.as_deref())
        )
    };
    let variants = c.variants.iter().map(|v| {
        let vname = format_ident!("{}", v.name);
        let code = &v.type_code;
        let inner = value_type(&v.ty);
        let inner = if v.boxed { quote!(Box<#inner>) } else { inner };
        quote! {
            #[#FHIR(#TYPE = #code)]
            #vname(#inner),
        }
    });
    quote! {
        #[doc = #doc]
        #[allow(clippy::large_enum_variant)] // required choices keep complex types inline, for a constant default
        #[derive(Clone, PartialEq, ::careconnect_derive::FhirChoice)]
        pub enum #name {
            #(#variants)*
        }
    }
}

pub(crate) fn code_enum(c: &CodeEnum) -> TokenStream {
    let name = format_ident!("{}", c.name);
    let vs = &c.value_set;
    let doc = format!(" Codes of the required value set <{vs}>.");
    // One system for all codes is said once, on the enum.
    let first_system = c.variants.first().and_then(|v| v.system.clone());
    let common_system =
        first_system.filter(|s| c.variants.iter().all(|v| v.system.as_ref() == Some(s)));
    let enum_system = common_system.as_ref().map(|s| quote!(, #SYSTEM = #s));
    let variants = c.variants.iter().map(|v| {
        let vname = format_ident!("{}", v.name);
        let code = &v.code;
        let mut doc = match &v.system {
            Some(s) if common_system.is_none() => format!(" `{code}` from <{s}>"),
            _ => format!(" `{code}`"),
        };
        if let Some(d) = &v.display {
            doc.push_str(&format!(" · {d}"));
        }
        let mut attrs = vec![quote!(#CODE = #code)];
        if let Some(s) = v.system.as_ref().filter(|_| common_system.is_none()) {
            attrs.push(quote!(#SYSTEM = #s));
        }
        if let Some(d) = &v.display {
            attrs.push(quote!(#DISPLAY = #d));
        }
        quote! {
            #[doc = #doc]
            #[#FHIR(#(#attrs),*)]
            #vname,
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, ::careconnect_derive::FhirCode)]
        #[#FHIR(#VALUE_SET = #vs #enum_system)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The runtime's `PrimitiveExtras` (`rt::PrimitiveExtras`): generated like the models so
/// that its impls are written out too.
fn primitive_extras() -> TokenStream {
    quote! {
        #[doc = " The id and extensions of a primitive element (`_birthDate` in JSON)."]
        #[doc = ""]
        #[doc = " Kept behind a `Box` in [`Primitive`](crate::rt::Primitive), so a primitive without them"]
        #[doc = " costs one pointer."]
        #[derive(Clone, PartialEq, ::careconnect_derive::FhirType)]
        #[#FHIR(#NAME = "Element")]
        pub struct PrimitiveExtras {
            #[#FHIR(#NAME = "id", #ATTRIBUTE)]
            pub id: Option<String>,
            #[#FHIR(#NAME = "extension")]
            pub extension: Vec<crate::stu3::Extension>,
            #[doc = " The text of the value if it breaks the rule of its type, as a lenient read"]
            #[doc = " kept it (see [`Primitive::try_get`](crate::rt::Primitive::try_get))."]
            #[#FHIR(#SKIP)]
            pub invalid: Option<crate::rt::InvalidText>,
        }
    }
}

fn resource_enum(model: &Model) -> TokenStream {
    let names: Vec<_> = model
        .resources
        .iter()
        .filter_map(|m| m.structs.first())
        .map(|s| format_ident!("{}", s.name))
        .collect();
    quote! {
        #[doc = " Any FHIR STU3 resource: what `contained` and `Bundle.entry.resource` hold."]
        #[doc = ""]
        #[doc = " Read from JSON by its `resourceType`, wherever that key is in the object."]
        #[derive(Clone, PartialEq, ::careconnect_derive::FhirResource)]
        pub enum Resource {
            #(#names(Box<crate::stu3::#names>),)*
        }
    }
}
