//! Profile layer IR → Rust tokens: the profile structs, their constructors, and their
//! conversions to and from the base layer (`Narrow`), all written directly (the
//! conversions are profile logic, not a wire format).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::diag::{Error, Result};
use crate::emit::{GeneratedFile, code_enum, value_type};
use crate::ir::profile::{
    FixedElement, FixedValue, Implementor, Literal, Matcher, Member, PChoice, PField, PStruct,
    PType, PathStep, ProfileKind, ProfileLayer, ProfileModule, RemovedElement, Rest, SharedStruct,
    Slicing, StepKind, TargetSet, TargetType,
};
use crate::ir::{Cardinality, FieldType, Max};

mod derive;
mod docs;

use docs::Place;

/// What every emitting function may look up: the layer, for the links inside it.
struct Cx<'l> {
    layer: &'l ProfileLayer,
    /// The file being emitted (named in errors).
    file: String,
}

impl Cx<'_> {
    /// An IR state lowering never produces.
    fn error(&self, element: &str, message: impl std::fmt::Display) -> Error {
        Error::Emit {
            file: self.file.clone().into(),
            message: format!("{element}: {message} (the IR is inconsistent)"),
        }
    }

    /// The Rust name of the code enum of value set `url`.
    fn code_enum(&self, element: &str, url: &str) -> Result<proc_macro2::Ident> {
        match self.layer.code_enum(url) {
            Some(e) => Ok(format_ident!("{}", e.name)),
            None => Err(self.error(element, format!("no code enum for value set {url}"))),
        }
    }
}

/// All files of the profile layer (`careconnect/`), in folder `dir`.
pub fn profile_layer(layer: &ProfileLayer, dir: &str) -> Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    for m in layer.modules() {
        let path = format!("{dir}/{}.rs", m.file);
        let cx = Cx {
            layer,
            file: path.clone(),
        };
        files.push(GeneratedFile {
            tokens: module_file(&cx, m)?,
            path,
        });
    }
    for c in &layer.code_enums {
        files.push(GeneratedFile {
            path: format!("{dir}/codes/{}.rs", c.file),
            tokens: code_enum(c),
        });
    }
    let code_mods: Vec<_> = layer
        .code_enums
        .iter()
        .map(|c| format_ident!("{}", c.file))
        .collect();
    let code_enums: Vec<_> = layer
        .code_enums
        .iter()
        .map(|c| format_ident!("{}", c.name))
        .collect();
    files.push(GeneratedFile {
        path: format!("{dir}/codes/mod.rs"),
        tokens: quote! {
            #![doc = " Codes of the required value sets the profiles bind, one enum per value set."]
            #(mod #code_mods; pub use #code_mods::*;)*
            #(
                #[cfg(feature = "derive")]
                crate::__careconnect_bound_codes!(#code_enums);
            )*
        },
    });
    files.push(GeneratedFile {
        path: format!("{dir}/targets.rs"),
        tokens: targets_file(&layer.targets),
    });
    files.push(GeneratedFile {
        path: format!("{dir}/profiled.rs"),
        tokens: profiled_file(&layer.profiles),
    });
    // One file per shared struct, so that a struct another package adds is a file of its
    // own and leaves the others as they are.
    let mut shared_mods = Vec::new();
    for s in &layer.shared {
        let file = crate::names::module(&s.def.name);
        let path = format!("{dir}/shared/{file}.rs");
        let cx = Cx {
            layer,
            file: path.clone(),
        };
        files.push(GeneratedFile {
            tokens: shared_struct(&cx, s)?,
            path,
        });
        shared_mods.push(format_ident!("{}", file));
    }
    files.push(GeneratedFile {
        path: format!("{dir}/shared/mod.rs"),
        tokens: quote! {
            #![doc = " Structs that several profiles constrain in the same way, shared by them."]
            #(mod #shared_mods; pub use #shared_mods::*;)*
        },
    });
    let modules: Vec<_> = layer
        .modules()
        .map(|m| format_ident!("{}", m.file))
        .collect();
    // Says nothing that adding a definition would change (no counts, no package names).
    let summary = " Profiles and extensions (STU3) as types, generated from their definitions. \
         Every profile type converts from its base type (`TryFrom`, checking every rule) and \
         back (`From`, losing nothing).";
    files.push(GeneratedFile {
        path: format!("{dir}/mod.rs"),
        tokens: quote! {
            #![doc = #summary]
            pub mod codes;
            pub mod targets;
            mod profiled;
            pub use profiled::ProfiledResource;
            mod shared;
            pub use shared::*;
            #(mod #modules; pub use #modules::*;)*
        },
    });
    Ok(files)
}

/// The enum of all resource profiles, to dispatch on a profile URL (`meta.profile`).
/// The `ProfiledResource` enum of the resource profiles among `modules`.
pub fn profiled_file<'m>(modules: impl IntoIterator<Item = &'m ProfileModule>) -> TokenStream {
    let resources: Vec<&ProfileModule> = modules
        .into_iter()
        .filter(|m| matches!(m.kind, ProfileKind::Resource { .. }))
        .collect();
    let names: Vec<_> = resources
        .iter()
        .map(|m| format_ident!("{}", m.name))
        .collect();
    let urls: Vec<&str> = resources.iter().map(|m| m.url.as_str()).collect();
    let bases: Vec<_> = resources
        .iter()
        .map(|m| format_ident!("{}", m.kind.base()))
        .collect();
    let types: Vec<&str> = resources.iter().map(|m| m.kind.base()).collect();
    quote! {
        #![doc = " Any resource profile value, chosen by profile URL."]
        #[doc = " A resource checked against the profile its URL names."]
        #[derive(Clone, PartialEq, Debug)]
        pub enum ProfiledResource {
            #(#names(Box<crate::careconnect::#names>),)*
        }
        impl ProfiledResource {
            /// The canonical URLs of the resource profiles.
            pub const URLS: &'static [&'static str] = &[#(#urls),*];
            /// The resource type each profile of [`ProfiledResource::URLS`] constrains, in
            /// the same order.
            pub const RESOURCE_TYPES: &'static [&'static str] = &[#(#types),*];

            /// Checks `resource` against the profile `url` names: `None` if no resource
            /// profile has that URL or the resource is of another type than the profile's.
            pub fn from_resource(
                url: &str,
                resource: crate::stu3::Resource,
            ) -> Option<Result<Self, crate::rt::profile::Conformance>> {
                match (url, resource) {
                    #((#urls, crate::stu3::Resource::#bases(r)) => Some(
                        <crate::careconnect::#names as crate::rt::profile::Profile>::try_from_base_boxed(*r)
                            .map(ProfiledResource::#names),
                    ),)*
                    _ => None,
                }
            }

            /// Reads FHIR JSON as the resource profile `url` names, in one pass (see
            /// `Profile::from_json`): `None` if no resource profile has that URL.
            pub fn from_json(
                url: &str,
                json: impl AsRef<[u8]>,
            ) -> Option<Result<Self, crate::rt::profile::ProfileError>> {
                match url {
                    #(#urls => Some(
                        <crate::careconnect::#names as crate::rt::profile::Profile>::from_json_boxed(json)
                            .map(ProfiledResource::#names),
                    ),)*
                    _ => None,
                }
            }

            /// Reads FHIR XML as the resource profile `url` names, in one pass (see
            /// `Profile::from_xml`): `None` if no resource profile has that URL.
            #[cfg(feature = "xml")]
            pub fn from_xml(
                url: &str,
                xml: impl AsRef<[u8]>,
            ) -> Option<Result<Self, crate::rt::profile::ProfileError>> {
                match url {
                    #(#urls => Some(
                        crate::rt::direct::from_xml::<crate::careconnect::#names>(xml.as_ref(), crate::rt::ReadOptions::default())
                            .map(|(p, _)| ProfiledResource::#names(p)),
                    ),)*
                    _ => None,
                }
            }

            /// The profile's canonical URL.
            pub fn url(&self) -> &'static str {
                match self {
                    #(ProfiledResource::#names(_) => #urls,)*
                }
            }

            /// Writes compact FHIR JSON by reference (nothing is copied).
            pub fn to_json(&self) -> String {
                match self {
                    #(ProfiledResource::#names(p) => <crate::careconnect::#names as crate::rt::profile::Profile>::to_json(p),)*
                }
            }

            /// Back to the base resource (loses nothing).
            pub fn into_resource(self) -> crate::stu3::Resource {
                match self {
                    #(ProfiledResource::#names(p) => crate::stu3::Resource::#bases(Box::new(
                        crate::rt::plumbing::Narrow::into_base(*p),
                    )),)*
                }
            }

            /// Reads FHIR JSON through serde as the profile `url` names (the profile chosen
            /// at run time, e.g. from a route's configuration); an unknown URL is an error
            /// of the format, like a violation of the profile.
            #[cfg(feature = "serde")]
            pub fn deserialize_as<'de, D: crate::rt::serde::Deserializer<'de>>(
                url: &str,
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                match url {
                    #(#urls => <crate::careconnect::#names as crate::rt::serde::Deserialize>::deserialize(deserializer)
                        .map(|p| ProfiledResource::#names(Box::new(p))),)*
                    _ => ::core::result::Result::Err(<D::Error as crate::rt::serde::de::Error>::custom(
                        ::core::format_args!("no resource profile has the URL '{url}'"),
                    )),
                }
            }
        }
        #[cfg(feature = "serde")]
        impl crate::rt::serde::Serialize for ProfiledResource {
            fn serialize<S: crate::rt::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #(ProfiledResource::#names(p) => crate::rt::serde::Serialize::serialize(&**p, serializer),)*
                }
            }
        }
    }
}

fn targets_file(targets: &[TargetSet]) -> TokenStream {
    targets_items(
        targets
            .iter()
            .map(|t| (t, true, t.implementors.iter().collect())),
    )
}

/// Reference target markers: each set with the implementors given, and its marker struct
/// when `declare` (a build on top of the models adds implementors to the models' markers).
pub fn targets_items<'t>(
    sets: impl IntoIterator<Item = (&'t TargetSet, bool, Vec<&'t Implementor>)>,
) -> TokenStream {
    let items = sets.into_iter().map(|(t, declare, implementors)| {
        let name = format_ident!("{}", t.name);
        let types = &t.types;
        let linked: Vec<String> = t
            .types
            .iter()
            .map(|ty| format!("[`{0}`](crate::stu3::{0})", crate::names::type_name(ty)))
            .collect();
        let doc = format!(" References to {}.", linked.join(" or "));
        let impls = implementors.into_iter().map(|i| {
            let ty = &i.resource_type;
            let (path, id_expr) = match &i.ty {
                TargetType::Profile(name) => {
                    let n = format_ident!("{}", name);
                    (
                        quote!(crate::careconnect::#n),
                        quote!(crate::rt::plumbing::ResourceId::resource_id(self)),
                    )
                }
                TargetType::Base(name) => {
                    let n = format_ident!("{}", name);
                    (
                        quote!(crate::stu3::#n),
                        quote!(self.id.as_ref().and_then(|p| p.value.as_deref())),
                    )
                }
            };
            quote! {
                impl crate::rt::profile::RefTarget<crate::careconnect::targets::#name> for #path {
                    const TYPE: &'static str = #ty;
                    fn ref_id(&self) -> Option<&str> {
                        #id_expr
                    }
                }
            }
        });
        let marker = declare.then(|| {
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub struct #name;
                impl crate::rt::profile::RefTargets for #name {
                    const TYPES: &'static [&'static str] = &[#(#types),*];
                }
            }
        });
        quote! {
            #marker
            #(#impls)*
        }
    });
    quote! {
        #![doc = " Markers for typed references: `Ref<targets::Organization>` may only point at an Organization."]
        #(#items)*
    }
}

/// The tokens of one profile or extension module's file.
pub fn module_tokens(layer: &ProfileLayer, m: &ProfileModule, file: &str) -> Result<TokenStream> {
    module_file(
        &Cx {
            layer,
            file: file.to_owned(),
        },
        m,
    )
}

/// The tokens of one shared struct's file.
pub fn shared_tokens(layer: &ProfileLayer, s: &SharedStruct, file: &str) -> Result<TokenStream> {
    shared_struct(
        &Cx {
            layer,
            file: file.to_owned(),
        },
        s,
    )
}

fn module_file(cx: &Cx<'_>, m: &ProfileModule) -> Result<TokenStream> {
    let structs = m
        .structs
        .iter()
        .enumerate()
        .map(|(i, s)| struct_def(cx, m, s, i == 0))
        .collect::<Result<Vec<_>>>()?;
    let choices = m
        .choices
        .iter()
        .map(|c| choice_def(cx, c))
        .collect::<Result<Vec<_>>>()?;
    let main = format_ident!("{}", m.name);
    let consts: Vec<TokenStream> = m.binding_consts.iter().map(|c| {
        let name = format_ident!("{}", c.name);
        let vs = &c.value_set;
        let doc = format!(" `{}`: {} binding to <{}>, a value set that cannot be listed (the element keeps its base type).", c.element, c.strength.code(), c.value_set);
        quote! { #[doc = #doc] pub const #name: &'static str = #vs; }
    }).collect();
    let consts = if consts.is_empty() {
        quote!()
    } else {
        quote!(impl #main { #(#consts)* })
    };
    let url = &m.url;
    let Some(root) = m.structs.first().map(|s| s.element.clone()) else {
        return Err(cx.error(&m.url, "a module without its main struct"));
    };
    let base_ident = format_ident!("{}", m.kind.base());
    let schema = derive::schema(cx, m)?;
    let is_resource = matches!(m.kind, ProfileKind::Resource { .. });
    let resource_id = if is_resource {
        let id_field = m
            .structs
            .first()
            .and_then(|s| s.fields().find(|f| f.name == "id"));
        let expr = match id_field.map(PField::cardinality) {
            Some(Cardinality::Required) => quote!(self.id.value.as_deref()),
            Some(_) => quote!(self.id.as_ref().and_then(|p| p.value.as_deref())),
            None => quote!(None),
        };
        quote! {
            impl crate::rt::plumbing::ResourceId for #main {
                fn resource_id(&self) -> Option<&str> {
                    #expr
                }
            }
        }
    } else {
        quote!()
    };
    Ok(quote! {
        #(#structs)*
        #(#choices)*
        #consts
        impl crate::rt::profile::Profile for #main {
            const URL: &'static str = #url;
            const ROOT: &'static str = #root;
        }
        impl ::core::convert::TryFrom<crate::stu3::#base_ident> for #main {
            type Error = crate::rt::profile::Conformance;
            fn try_from(v: crate::stu3::#base_ident) -> Result<Self, Self::Error> {
                <Self as crate::rt::profile::Profile>::try_from_base(v)
            }
        }
        impl ::core::convert::From<#main> for crate::stu3::#base_ident {
            fn from(v: #main) -> Self {
                crate::rt::plumbing::Narrow::into_base(v)
            }
        }
        // FHIR JSON through serde: the base value's JSON, checked against the profile on
        // the way in (see `rt::serde`).
        #[cfg(feature = "serde")]
        impl crate::rt::serde::Serialize for #main {
            fn serialize<S: crate::rt::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                crate::rt::serde::serialize_json_text(
                    &<Self as crate::rt::profile::Profile>::to_json(self),
                    serializer,
                )
            }
        }
        #[cfg(feature = "serde")]
        impl<'de> crate::rt::serde::Deserialize<'de> for #main {
            fn deserialize<D: crate::rt::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::rt::serde::deserialize_json_text(deserializer, |json| {
                    <Self as crate::rt::profile::Profile>::from_json(json)
                })
            }
        }
        #resource_id
        #schema
    })
}

fn shared_struct(cx: &Cx<'_>, s: &SharedStruct) -> Result<TokenStream> {
    let mut doc = vec![format!(
        " [`{0}`](crate::stu3::{0}) as several profiles constrain it; stands for:",
        s.def.base
    )];
    for u in &s.used_by {
        doc.push(format!(" - `{}` in <{}>", u.element, u.profile));
    }
    struct_body(cx, Place::Shared(s), &s.def, doc, false)
}

fn struct_def(cx: &Cx<'_>, m: &ProfileModule, s: &PStruct, main: bool) -> Result<TokenStream> {
    let doc = if main {
        let version = m
            .version
            .as_deref()
            .map(|v| format!(" version {v}"))
            .unwrap_or_default();
        format!(
            " `{}`: profile <{}>{version} on [`{2}`](crate::stu3::{2}).",
            m.name, m.url, s.base
        )
    } else {
        format!(
            " `{}` in profile <{}>, narrowing [`{2}`](crate::stu3::{2}).",
            s.element, m.url, s.base
        )
    };
    let boxed = main && matches!(m.kind, ProfileKind::Resource { .. });
    struct_body(cx, Place::Module(m), s, vec![doc], boxed)
}

/// `boxed`: the struct is a resource profile's main struct, which conversions from a
/// `Resource` put in a box (see [`from_base`]).
fn struct_body(
    cx: &Cx<'_>,
    place: Place<'_>,
    s: &PStruct,
    doc: Vec<String>,
    boxed: bool,
) -> Result<TokenStream> {
    let name = format_ident!("{}", s.name);
    let base = format_ident!("{}", s.base);
    let mut fields = Vec::new();
    for f in s.fields() {
        let fname = format_ident!("{}", f.name);
        let ty = field_type(cx, f)?;
        let doc = docs::field_doc(cx, place, s, f)?;
        fields.push(quote! { #(#[doc = #doc])* pub #fname: #ty, });
    }
    let implicit = docs::rules_doc(s);
    let rules_doc = if implicit.is_empty() {
        quote!()
    } else {
        quote!(#[doc = ""] #[doc = " Not fields:"] #(#[doc = #implicit])*)
    };
    let constructor = constructor(cx, s)?;
    let placeholders = s.fields().map(|f| {
        let n = format_ident!("{}", f.name);
        quote!(#n: crate::rt::plumbing::Placeholder::PLACEHOLDER,)
    });
    let from_base = from_base(cx, s, boxed)?;
    let into_base = into_base(cx, s)?;
    let write_base = write_base(cx, s)?;
    let elements = derive::elements(cx, s)?;
    // The order items were read in, kept only where elements are sliced; public (hidden)
    // for careconnect-arrow, which keeps it in a column of its own.
    let (order_field, order_placeholder) = if s.has_slicing() {
        (
            quote!(#[doc(hidden)] pub order: crate::rt::plumbing::SliceOrder,),
            quote!(order: crate::rt::plumbing::SliceOrder::EMPTY,),
        )
    } else {
        (quote!(), quote!())
    };
    Ok(quote! {
        #(#[doc = #doc])*
        #rules_doc
        #[derive(Clone, PartialEq, Debug)]
        pub struct #name {
            #(#fields)*
            #order_field
        }
        #constructor
        impl crate::rt::plumbing::Placeholder for #name {
            const PLACEHOLDER: Self = #name {
                #(#placeholders)*
                #order_placeholder
            };
        }
        impl crate::rt::plumbing::Narrow for #name {
            type Base = crate::stu3::#base;
            #from_base
            #into_base
            #write_base
        }
        #elements
    })
}

fn constructor(cx: &Cx<'_>, s: &PStruct) -> Result<TokenStream> {
    let name = format_ident!("{}", s.name);
    let required: Vec<&PField> = cx.layer.arguments(s).collect();
    let args = required
        .iter()
        .map(|f| {
            let n = format_ident!("{}", f.name);
            let t = field_type(cx, f)?;
            Ok(quote!(#n: #t))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut filled = Vec::new();
    let inits = s.fields().map(|f| {
        let n = format_ident!("{}", f.name);
        if let Some(r) = cx.layer.filled(f) {
            filled.push(f);
            let t = format_ident!("{}", r.name());
            return match f.cardinality() {
                Cardinality::NonEmpty => quote! {
                    #n: crate::rt::profile::NonEmpty::new(crate::careconnect::#t::new())
                },
                Cardinality::Required | Cardinality::Optional | Cardinality::Many => {
                    quote!(#n: crate::careconnect::#t::new())
                }
            };
        }
        match f.cardinality() {
            Cardinality::Required | Cardinality::NonEmpty => quote!(#n),
            Cardinality::Optional => quote!(#n: None),
            Cardinality::Many => quote!(#n: Vec::new()),
        }
    });
    let inits: Vec<TokenStream> = inits.collect();
    let listed = |fields: &[&PField]| {
        fields
            .iter()
            .map(|f| format!("`{}`", f.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let doc = match (required.is_empty(), filled.is_empty()) {
        (true, true) => " A value with nothing set.".to_string(),
        (true, false) => format!(
            " A value with the elements the profile fixes ({}); set the others on the fields.",
            listed(&filled)
        ),
        (false, true) => format!(
            " A value with the elements the profile requires ({}); set the others on the fields.",
            listed(&required)
        ),
        (false, false) => format!(
            " A value with the elements the profile requires ({}) and those it fixes ({}); set \
             the others on the fields.",
            listed(&required),
            listed(&filled)
        ),
    };
    let default = if required.is_empty() {
        quote! {
            impl ::core::default::Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        quote!()
    };
    let many = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let order = if s.has_slicing() {
        quote!(order: crate::rt::plumbing::SliceOrder::EMPTY,)
    } else {
        quote!()
    };
    let constants = fixed_constants(cx, s)?;
    Ok(quote! {
        impl #name {
            #(#constants)*
            #[doc = #doc]
            #many
            pub fn new(#(#args),*) -> Self {
                #name { #(#inits,)* #order }
            }
        }
        #default
    })
}

/// The fixed values of a struct's elements, as associated constants.
fn fixed_constants(cx: &Cx<'_>, s: &PStruct) -> Result<Vec<TokenStream>> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for m in &s.members {
        let (element, value) = match m {
            Member::Fixed(f) => (&f.element, &f.value),
            Member::Field(PField {
                element,
                ty: PType::Fixed(value),
                ..
            }) => (element, value),
            Member::Field(_) | Member::Sliced(_) | Member::Removed(_) => continue,
        };
        if seen.contains(&value.constant) {
            return Err(cx.error(element, format!("constant {} twice", value.constant)));
        }
        seen.push(value.constant.clone());
        let name = format_ident!("{}", value.constant);
        let relative = element
            .strip_prefix(&s.element)
            .map_or(element.as_str(), |r| r.trim_start_matches('.'));
        let doc =
            format!(" `{relative}` is fixed to this value (written on output, checked on input).");
        let (ty, v) = literal_constant(&value.literal);
        out.push(quote! {
            #[doc = #doc]
            pub const #name: #ty = #v;
        });
    }
    Ok(out)
}

/// The type and value of a fixed value's constant.
fn literal_constant(l: &Literal) -> (TokenStream, TokenStream) {
    match l {
        Literal::Attribute(t) | Literal::Text(t) => (quote!(&'static str), quote!(#t)),
        Literal::Code {
            enum_name, variant, ..
        } => {
            let e = format_ident!("{}", enum_name);
            let v = format_ident!("{}", variant);
            (
                quote!(crate::stu3::codes::#e),
                quote!(crate::stu3::codes::#e::#v),
            )
        }
        Literal::Boolean(b) => (quote!(bool), quote!(#b)),
        Literal::Integer(n) => (quote!(i32), quote!(#n)),
        Literal::UnsignedInt(n) => (quote!(u32), quote!(#n)),
        Literal::PositiveInt(n) => {
            // 1 + (n - 1): the generator checked that n > 0.
            let more = n.saturating_sub(1);
            (
                quote!(::core::num::NonZeroU32),
                quote!(::core::num::NonZeroU32::MIN.saturating_add(#more)),
            )
        }
    }
}

/// How a fixed value is shown in a violation: its constant where that is text, else its
/// text.
fn fixed_shown(value: &FixedValue) -> TokenStream {
    let c = format_ident!("{}", value.constant);
    match &value.literal {
        Literal::Attribute(_) | Literal::Text(_) => quote!(Self::#c),
        other => {
            let text = other.text();
            quote!(#text)
        }
    }
}

/// The base value of a fixed value, from its constant (`Self::SYSTEM`): a plain `String`
/// for an attribute, a primitive otherwise.
fn fixed_base_value(value: &FixedValue) -> TokenStream {
    let c = format_ident!("{}", value.constant);
    match value.literal {
        Literal::Attribute(_) => quote!(::std::string::String::from(Self::#c)),
        Literal::Text(_) => {
            quote!(crate::rt::Primitive::from(::std::string::String::from(Self::#c)))
        }
        Literal::Code { .. }
        | Literal::Boolean(_)
        | Literal::Integer(_)
        | Literal::UnsignedInt(_)
        | Literal::PositiveInt(_) => quote!(crate::rt::Primitive::from(Self::#c)),
    }
}

/// The Rust type of one item of `ty`.
fn item_type(cx: &Cx<'_>, element: &str, ty: &PType) -> Result<TokenStream> {
    Ok(match ty {
        PType::Base { ty, boxed } => {
            let t = value_type(ty);
            if *boxed { quote!(Box<#t>) } else { t }
        }
        PType::Struct(r) => {
            let n = format_ident!("{}", r.name());
            quote!(crate::careconnect::#n)
        }
        PType::Choice(n) => {
            let n = format_ident!("{}", n);
            quote!(crate::careconnect::#n)
        }
        PType::Code { value_set, .. } => {
            let e = cx.code_enum(element, value_set)?;
            quote!(crate::rt::Primitive<crate::careconnect::codes::#e>)
        }
        PType::Concept(value_set) => {
            let e = cx.code_enum(element, value_set)?;
            quote!(crate::rt::profile::BoundConcept<crate::careconnect::codes::#e>)
        }
        PType::Coding(value_set) => {
            let e = cx.code_enum(element, value_set)?;
            quote!(crate::rt::profile::BoundCoding<crate::careconnect::codes::#e>)
        }
        PType::Ref { targets, .. } => {
            let t = format_ident!("{}", targets);
            quote!(crate::rt::profile::Ref<crate::careconnect::targets::#t>)
        }
        PType::ChoiceOnly { ty, .. } | PType::Unboxed(ty) | PType::MaxLength { ty, .. } => {
            item_type(cx, element, ty)?
        }
        PType::Fixed(_) => quote!(crate::rt::profile::Fixed),
    })
}

/// The Rust type of a field as the generated code declares it, as text with the crate's
/// own paths relative to the crate (`Option<careconnect::codes::AdministrativeGender>`):
/// for reports (`diff`, `explain`) and for code written against the models.
pub fn field_type_text(layer: &ProfileLayer, f: &PField) -> Result<String> {
    let cx = Cx {
        layer,
        file: f.element.clone(),
    };
    let text = field_type(&cx, f)?.to_string();
    Ok(tokens_text(&text))
}

/// The Rust type of one item of a field (inside its container), as text like
/// [`field_type_text`].
pub fn item_type_text(layer: &ProfileLayer, f: &PField) -> Result<String> {
    let cx = Cx {
        layer,
        file: f.element.clone(),
    };
    Ok(tokens_text(&item_type(&cx, &f.element, &f.ty)?.to_string()))
}

/// Token text as a person writes it: no spaces around `::`, `<`, `>`, and `crate::` dropped.
pub(crate) fn tokens_text(text: &str) -> String {
    text.replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("crate::", "")
}

fn field_type(cx: &Cx<'_>, f: &PField) -> Result<TokenStream> {
    let t = item_type(cx, &f.element, &f.ty)?;
    Ok(match f.cardinality() {
        Cardinality::Required => t,
        Cardinality::Optional => quote!(Option<#t>),
        Cardinality::Many => quote!(Vec<#t>),
        Cardinality::NonEmpty => quote!(crate::rt::profile::NonEmpty<#t>),
    })
}

/// A function pointer `fn(&mut Checker, base item) -> Option<profile item>` converting
/// one item. Generated conversions pass these to small generic runtime helpers instead of
/// writing closures, which would each be compiled separately.
fn fn_in(cx: &Cx<'_>, element: &str, ty: &PType) -> Result<TokenStream> {
    Ok(match ty {
        PType::Base { .. } => quote!(crate::rt::plumbing::keep),
        PType::Struct(r) => {
            let n = format_ident!("{}", r.name());
            quote!(<crate::careconnect::#n as crate::rt::plumbing::Narrow>::from_base)
        }
        PType::Choice(n) => {
            let n = format_ident!("{}", n);
            quote!(<crate::careconnect::#n as crate::rt::plumbing::Narrow>::from_base)
        }
        PType::Code { value_set, base } => {
            let e = cx.code_enum(element, value_set)?;
            let b = code_base(cx, element, base)?;
            quote!(crate::rt::plumbing::recode_item::<#b, crate::careconnect::codes::#e>)
        }
        PType::Concept(value_set) => {
            let e = cx.code_enum(element, value_set)?;
            quote!(crate::rt::plumbing::concept_item::<crate::careconnect::codes::#e>)
        }
        PType::Coding(value_set) => {
            let e = cx.code_enum(element, value_set)?;
            quote!(crate::rt::plumbing::coding_item::<crate::careconnect::codes::#e>)
        }
        PType::Ref { targets, boxed } => {
            let t = format_ident!("{}", targets);
            if *boxed {
                quote!(crate::rt::plumbing::ref_item_boxed::<crate::careconnect::targets::#t>)
            } else {
                quote!(crate::rt::plumbing::ref_item::<crate::careconnect::targets::#t>)
            }
        }
        PType::Fixed(value) => {
            let c = format_ident!("{}", value.constant);
            let shown = fixed_shown(value);
            match value.literal {
                Literal::Attribute(_) => {
                    quote!(|cx, x| cx.fixed_attribute_item(x, Self::#c, ""))
                }
                Literal::Text(_)
                | Literal::Code { .. }
                | Literal::Boolean(_)
                | Literal::Integer(_)
                | Literal::UnsignedInt(_)
                | Literal::PositiveInt(_) => {
                    quote!(|cx, x| cx.fixed_item(x, Self::#c, #shown, ""))
                }
            }
        }
        PType::Unboxed(ty) => {
            let f = fn_in(cx, element, ty)?;
            quote!(|cx, x| (#f)(cx, *x))
        }
        PType::MaxLength { max, ty } => {
            let f = fn_in(cx, element, ty)?;
            quote!(|cx, x| (#f)(cx, crate::rt::plumbing::max_length(cx, x, #max)))
        }
        PType::ChoiceOnly {
            base_enum,
            variant,
            boxed,
            ty,
        } => {
            let e = format_ident!("{}", base_enum);
            let v = format_ident!("{}", variant);
            let inner = if *boxed { quote!(*y) } else { quote!(y) };
            let f = fn_in(cx, element, ty)?;
            let vs = variant.as_str();
            quote! {
                |cx, x| match x {
                    crate::stu3::#e::#v(y) => (#f)(cx, #inner),
                    other => {
                        crate::rt::plumbing::wrong_choice(cx, &other, &[#vs]);
                        None
                    }
                }
            }
        }
    })
}

/// A function pointer `fn(profile item) -> base item`.
fn fn_out(cx: &Cx<'_>, element: &str, ty: &PType) -> Result<TokenStream> {
    Ok(match ty {
        PType::Base { .. } => quote!(::core::convert::identity),
        PType::Struct(_) | PType::Choice(_) => {
            quote!(crate::rt::plumbing::Narrow::into_base)
        }
        PType::Code { value_set, base } => {
            let e = cx.code_enum(element, value_set)?;
            let b = code_base(cx, element, base)?;
            quote!(crate::rt::plumbing::uncode::<crate::careconnect::codes::#e, #b>)
        }
        PType::Concept(_) => quote!(crate::rt::profile::BoundConcept::into_concept),
        PType::Coding(_) => quote!(crate::rt::profile::BoundCoding::into_coding),
        PType::Ref { boxed: false, .. } => quote!(crate::rt::profile::Ref::into_reference),
        PType::Ref { boxed: true, .. } => quote!(crate::rt::plumbing::ref_out_boxed),
        PType::Fixed(value) => {
            let v = fixed_base_value(value);
            quote!(|_| #v)
        }
        PType::Unboxed(ty) => {
            let f = fn_out(cx, element, ty)?;
            quote!(|p| Box::new((#f)(p)))
        }
        PType::MaxLength { ty, .. } => fn_out(cx, element, ty)?,
        PType::ChoiceOnly {
            base_enum,
            variant,
            boxed,
            ty,
        } => {
            let e = format_ident!("{}", base_enum);
            let v = format_ident!("{}", variant);
            let f = fn_out(cx, element, ty)?;
            let inner = quote!((#f)(p));
            let inner = if *boxed {
                quote!(Box::new(#inner))
            } else {
                inner
            };
            quote!(|p| crate::stu3::#e::#v(#inner))
        }
    })
}

/// The value type of the base primitive a code is re-typed from.
fn code_base(cx: &Cx<'_>, element: &str, base: &FieldType) -> Result<TokenStream> {
    match base {
        FieldType::Code { enum_name } => {
            let e = format_ident!("{}", enum_name);
            Ok(quote!(crate::stu3::codes::#e))
        }
        FieldType::Primitive(crate::ir::Primitive::Code) => Ok(quote!(String)),
        other => Err(cx.error(element, format!("a bound code re-typed from {other:?}"))),
    }
}

/// The element name for paths: the last segment of the element id, without a slice name
/// or `[x]` (`identifier:nhsNumber` → `identifier`, `value[x]` → `value`; a renamed-choice
/// slice `valueQuantity:valueQuantity` keeps its typed name, `valueQuantity`).
fn path_name(element: &str) -> String {
    let last = element.rsplit('.').next().unwrap_or(element);
    let name = last.split(':').next().unwrap_or(last);
    crate::names::strip_choice(name).to_string()
}

/// The name of a field's element on the wire, for paths: a field narrowed to one type of a
/// choice is named with that type (`valueCodeableConcept`).
fn field_path_name(f: &PField) -> String {
    let name = path_name(&f.element);
    // The type a choice is narrowed to, wherever it is in the wrappers.
    let variant = f.ty.walk().find_map(|t| {
        if let PType::ChoiceOnly { variant, .. } = t {
            Some(variant)
        } else {
            None
        }
    });
    match variant {
        Some(variant) if !name.ends_with(variant.as_str()) => format!("{name}{variant}"),
        Some(_) | None => name,
    }
}

/// Converts `x`, a base field of cardinality `base`, into a profile field: an expression
/// of type `Option<field type>` for required fields, the field type otherwise.
fn convert_in(
    cx: &Cx<'_>,
    f: &PField,
    base: Cardinality,
    x: TokenStream,
    name: &str,
) -> Result<TokenStream> {
    let identity = matches!(f.ty, PType::Base { .. });
    let conv = fn_in(cx, &f.element, &f.ty)?;
    Ok(match (base, f.cardinality()) {
        (Cardinality::Required, _) => {
            if identity {
                quote!(Some(#x))
            } else {
                quote!(crate::rt::plumbing::one(cx, #x, #name, #conv))
            }
        }
        (Cardinality::Optional, Cardinality::Optional) => {
            if identity {
                x
            } else {
                quote!(crate::rt::plumbing::opt(cx, #x, #name, #conv))
            }
        }
        (Cardinality::Optional, _) => {
            if identity {
                quote!(cx.required(#x, #name))
            } else {
                quote!(crate::rt::plumbing::req(cx, #x, #name, #conv))
            }
        }
        _ => {
            let each = if identity {
                quote!(v)
            } else {
                quote!(crate::rt::plumbing::each(cx, v, #name, #conv))
            };
            repeated_in(f, x, each, name)
        }
    })
}

/// Converts the items of a repeating base element (`items`, bound to `v` for `each`):
/// counts are checked on the base items (so a bad item is not also reported as missing),
/// then the items are converted and put in the field's container.
fn repeated_in(f: &PField, items: TokenStream, each: TokenStream, count_name: &str) -> TokenStream {
    let check = count_check(f, count_name);
    let finish = match f.cardinality() {
        Cardinality::Many => each,
        Cardinality::NonEmpty => quote!(crate::rt::profile::NonEmpty::from_vec(#each)),
        Cardinality::Optional | Cardinality::Required => {
            quote!(crate::rt::plumbing::first(#each))
        }
    };
    quote!({ let v = #items; #check #finish })
}

/// The check of a repeating base element's item count against the field's bounds (bound
/// to `v`), where the bounds are not `0..*`.
fn count_check(f: &PField, count_name: &str) -> TokenStream {
    let min = f.bounds.min;
    let max = match f.bounds.max {
        Max::Bounded(n) => quote!(Some(#n)),
        Max::Unbounded => quote!(None),
    };
    if min > 0 || matches!(f.bounds.max, Max::Bounded(_)) {
        quote!(cx.check_count(v.len(), #min, #max, #count_name);)
    } else {
        quote!()
    }
}

/// Converts profile field `p` back into the base field of cardinality `base`.
fn convert_out(cx: &Cx<'_>, f: &PField, base: Cardinality, p: TokenStream) -> Result<TokenStream> {
    let identity = matches!(f.ty, PType::Base { .. });
    let conv = fn_out(cx, &f.element, &f.ty)?;
    let item = quote!((#conv)(#p));
    Ok(match (f.cardinality(), base) {
        (Cardinality::Required, Cardinality::Required) => item,
        (Cardinality::Required, Cardinality::Optional) => quote!(Some(#item)),
        (Cardinality::Required, _) => quote!(vec![#item]),
        (Cardinality::Optional, Cardinality::Optional) => {
            if identity {
                p
            } else {
                quote!(#p.map(#conv))
            }
        }
        (Cardinality::Optional, _) => quote!(crate::rt::plumbing::opt_vec(#p, #conv)),
        (Cardinality::Many, _) => {
            if identity {
                p
            } else {
                quote!(crate::rt::plumbing::out_vec(#p, #conv))
            }
        }
        (Cardinality::NonEmpty, _) => {
            if identity {
                quote!(#p.into_vec())
            } else {
                quote!(crate::rt::plumbing::out_vec(#p.into_vec(), #conv))
            }
        }
    })
}

/// `Narrow::from_base`: checks and moves each base field into a profile value that starts
/// as a placeholder. Working in place keeps the function linear in the number of fields
/// (destructuring into locals would make every early exit and unwind path drop them all).
///
/// A resource profile's main struct (`boxed`) is filled in place in a box instead
/// (`Narrow::from_base_boxed`, which `from_base` unboxes): such a struct holds every
/// extension slice of the resource inline and runs to kilobytes, and a conversion from a
/// `Resource` ends in a box anyway, so building it on the stack cost a copy of the whole
/// struct at every return on the way. Such a struct also reads straight from the wire
/// (`rt::direct`): it hands out the fields it keeps as the base has them
/// (`Narrow::direct`), and everything else `from_base` does is `Narrow::narrow_rest`,
/// which the reader calls on what remains once the document is read. Every struct has a
/// `narrow_rest` (for the others it is the whole conversion), so an element narrowed to a
/// struct of the layer is converted in place by that struct's `narrow_rest` (`in_place`).
fn from_base(cx: &Cx<'_>, s: &PStruct, boxed: bool) -> Result<TokenStream> {
    let base = format_ident!("{}", s.base);
    let mut stmts = Vec::new();
    for m in &s.members {
        match m {
            Member::Removed(RemovedElement {
                base_field,
                element,
                base,
            }) => {
                let b = format_ident!("{}", base_field);
                let name = path_name(element);
                let present = match base {
                    Cardinality::Many | Cardinality::NonEmpty => quote!(!v.#b.is_empty()),
                    Cardinality::Optional => quote!(v.#b.is_some()),
                    Cardinality::Required => {
                        return Err(cx.error(element, "a required base element removed"));
                    }
                };
                stmts.push(quote!(cx.absent(#present, #name);));
            }
            Member::Fixed(FixedElement {
                base_field,
                element,
                base,
                value,
            }) => {
                let b = format_ident!("{}", base_field);
                let c = format_ident!("{}", value.constant);
                let name = path_name(element);
                let text = fixed_shown(value);
                let stmt = match (&value.literal, base) {
                    (Literal::Attribute(_), Cardinality::Required) => {
                        quote!(cx.fixed_attribute(Some(v.#b.as_str()), Self::#c, #name);)
                    }
                    (Literal::Attribute(_), Cardinality::Optional) => {
                        quote!(cx.fixed_attribute(v.#b.as_deref(), Self::#c, #name);)
                    }
                    (_, Cardinality::Required) => {
                        quote!(cx.fixed(Some(&v.#b), Self::#c, #text, #name);)
                    }
                    (_, Cardinality::Optional) => {
                        quote!(cx.fixed(v.#b.as_ref(), Self::#c, #text, #name);)
                    }
                    (_, Cardinality::Many | Cardinality::NonEmpty) => {
                        return Err(cx.error(element, "a fixed value on a repeating element"));
                    }
                };
                stmts.push(stmt);
            }
            Member::Field(_) | Member::Sliced(_) => {}
        }
    }
    for (k, sl) in s.slicings().enumerate() {
        stmts.push(slicing_in(cx, k, sl)?);
    }
    // The fields a resource profile keeps as the base has them: its reader fills them
    // straight from the wire, by the base field's index (`members` follows the base
    // struct's order), and `from_base_boxed` moves them before the conversion of the rest.
    let mut direct = Vec::new();
    for (i, m) in s.members.iter().enumerate() {
        let Member::Field(f) = m else { continue };
        let n = format_ident!("{}", f.name);
        let b = format_ident!("{}", f.base_field);
        if f.is_unchanged() && boxed {
            direct.push((i, n, b));
        } else if f.is_unchanged() {
            stmts.push(quote!(out.#n = v.#b;));
        } else if let Some(function) = in_place(f) {
            let name = field_path_name(f);
            stmts.push(quote!(crate::rt::plumbing::#function(cx, &mut out.#n, v.#b, #name);));
        } else {
            let conv = convert_in(cx, f, f.base, quote!(v.#b), &field_path_name(f))?;
            stmts.push(assign(f, &n, conv));
        }
    }
    let narrow_rest = quote! {
        #[allow(unused_variables, unused_mut)]
        fn narrow_rest(cx: &mut crate::rt::plumbing::Checker, out: &mut Self, v: crate::stu3::#base) -> bool {
            let mut v = v;
            let before = cx.count();
            #(#stmts)*
            cx.count() == before
        }
    };
    if !boxed {
        // No direct fields: `narrow_rest` is the whole conversion, into a placeholder.
        return Ok(quote! {
            fn from_base(cx: &mut crate::rt::plumbing::Checker, v: crate::stu3::#base) -> Option<Self> {
                crate::rt::plumbing::narrow_new(cx, v)
            }
            #narrow_rest
        });
    }
    let init = quote!(Box::new(
        <Self as crate::rt::plumbing::Placeholder>::PLACEHOLDER
    ));
    let index: Vec<usize> = direct.iter().map(|(i, _, _)| *i).collect();
    let names: Vec<_> = direct.iter().map(|(_, n, _)| n).collect();
    let bases = direct.iter().map(|(_, _, b)| b);
    let slot = quote!(crate::rt::plumbing::Slot);
    Ok(quote! {
        fn from_base(cx: &mut crate::rt::plumbing::Checker, v: crate::stu3::#base) -> Option<Self> {
            Self::from_base_boxed(cx, v).map(|b| *b)
        }
        fn from_base_boxed(cx: &mut crate::rt::plumbing::Checker, v: crate::stu3::#base) -> Option<Box<Self>> {
            let mut v = v;
            let mut out = #init;
            #(out.#names = crate::rt::plumbing::take(&mut v.#bases);)*
            Self::narrow_rest(cx, &mut out, v).then_some(out)
        }
        fn direct(&self, i: usize) -> Option<&dyn #slot> {
            match i {
                #(#index => Some(&self.#names),)*
                _ => None,
            }
        }
        fn direct_mut(&mut self, i: usize) -> Option<&mut dyn #slot> {
            match i {
                #(#index => Some(&mut self.#names),)*
                _ => None,
            }
        }
        #narrow_rest
    })
}

/// The `plumbing` function that converts field `f` in place, when `f` narrows its base
/// element to a struct of the layer with the same cardinality and no bounds of its own:
/// the struct's `narrow_rest` fills the field where it stands, rather than building the
/// value and moving it in.
fn in_place(f: &PField) -> Option<proc_macro2::Ident> {
    let boxed = match &f.ty {
        PType::Struct(_) => false,
        PType::Unboxed(inner) if matches!(**inner, PType::Struct(_)) => true,
        _ => return None,
    };
    let function = match (f.base, f.cardinality(), boxed) {
        (Cardinality::Required, Cardinality::Required, false) => "narrow_one",
        (Cardinality::Optional, Cardinality::Optional, false) => "narrow_opt",
        (Cardinality::Optional, Cardinality::Optional, true) => "narrow_opt_boxed",
        (Cardinality::Many, Cardinality::Many, false)
            if f.bounds.min == 0 && f.bounds.max == Max::Unbounded =>
        {
            "narrow_each"
        }
        _ => return None,
    };
    Some(format_ident!("{function}"))
}

/// Assigns a converted value: required fields come out of the conversion as `Option`s.
fn assign(f: &PField, n: &proc_macro2::Ident, conv: TokenStream) -> TokenStream {
    if f.cardinality().is_required() {
        quote!(if let Some(x) = #conv { out.#n = x; })
    } else {
        quote!(out.#n = #conv;)
    }
}

fn slicing_in(cx: &Cx<'_>, k: usize, sl: &Slicing) -> Result<TokenStream> {
    let b = format_ident!("{}", sl.base_field);
    let item_ty = value_type(&sl.item);
    let matchers = sl
        .slices
        .iter()
        .map(|slice| {
            let m = matcher_expr(cx, &sl.element, &slice.matcher, quote!(x))?;
            Ok(quote!(&|x: &#item_ty| #m))
        })
        .collect::<Result<Vec<_>>>()?;
    let base_name = path_name(&sl.element);
    let mut stmts = Vec::new();
    let buckets = format_ident!("buckets_{}", k);
    stmts.push(quote! {
        let (mut #buckets, order_k) = crate::rt::plumbing::split(std::mem::take(&mut v.#b), &[#(#matchers),*]);
        out.order.set(#k, order_k);
    });
    let count = sl.slices.len();
    for (i, slice) in sl.slices.iter().enumerate() {
        let path = format!("{base_name}:{}", slice.name);
        match &slice.field {
            Some(f) => {
                let n = format_ident!("{}", f.name);
                let conv = fn_in(cx, &f.element, &f.ty)?;
                let items = quote!(std::mem::take(&mut #buckets[#i]));
                let conv = match f.cardinality() {
                    // A slice of at most one item: its items converted (each checked), the
                    // first kept, without a vector in between.
                    Cardinality::Optional | Cardinality::Required => {
                        let check = count_check(f, &path);
                        quote!({
                            let v = #items;
                            #check
                            crate::rt::plumbing::first_indexed(cx, v, #base_name, #conv)
                        })
                    }
                    Cardinality::Many | Cardinality::NonEmpty => {
                        let each =
                            quote!(crate::rt::plumbing::each_indexed(cx, v, #base_name, #conv));
                        repeated_in(f, items, each, &path)
                    }
                };
                stmts.push(assign(f, &n, conv));
            }
            None => {
                stmts.push(quote! {
                    for (i, _) in &#buckets[#i] {
                        cx.enter(#base_name);
                        cx.enter_index(*i);
                        cx.report("", crate::rt::profile::ViolationKind::NotAllowed);
                        cx.leave();
                        cx.leave();
                    }
                });
            }
        }
    }
    match &sl.rest {
        // Items kept as they are only lose their indexes: no conversion, nothing to report.
        Rest::Open(f) if matches!(f.ty, PType::Base { .. }) => {
            let n = format_ident!("{}", f.name);
            stmts.push(quote! {
                out.#n = crate::rt::plumbing::rest(std::mem::take(&mut #buckets[#count]));
            });
        }
        Rest::Open(f) => {
            let n = format_ident!("{}", f.name);
            let conv = fn_in(cx, &f.element, &f.ty)?;
            stmts.push(quote! {
                out.#n = crate::rt::plumbing::each_indexed(cx, std::mem::take(&mut #buckets[#count]), #base_name, #conv);
            });
        }
        Rest::Closed => stmts.push(quote! {
            for (i, _) in &#buckets[#count] {
                cx.enter(#base_name);
                cx.enter_index(*i);
                cx.report("", crate::rt::profile::ViolationKind::UnmatchedSlice);
                cx.leave();
                cx.leave();
            }
        }),
    }
    if sl.bounds.min > 0 || matches!(sl.bounds.max, Max::Bounded(_)) {
        let min = sl.bounds.min;
        let max = match sl.bounds.max {
            Max::Bounded(n) => quote!(Some(#n)),
            Max::Unbounded => quote!(None),
        };
        stmts.push(quote!(cx.count_between(out.order.get(#k).len(), #min, #max, #base_name);));
    }
    Ok(quote!(#(#stmts)*))
}

/// A boolean expression: does item `x` match?
fn matcher_expr(cx: &Cx<'_>, element: &str, m: &Matcher, x: TokenStream) -> Result<TokenStream> {
    match m {
        Matcher::All(ms) => {
            let parts = ms
                .iter()
                .map(|m| matcher_expr(cx, element, m, x.clone()))
                .collect::<Result<Vec<_>>>()?;
            Ok(quote!(#(#parts)&&*))
        }
        Matcher::Value { path, value } => step_expr(cx, element, path, value, x),
        Matcher::Within { path, inner } => within_expr(cx, element, path, inner, x),
    }
}

/// Does some value reached from `x` through complex steps `path` satisfy `inner`?
fn within_expr(
    cx: &Cx<'_>,
    element: &str,
    path: &[PathStep],
    inner: &Matcher,
    x: TokenStream,
) -> Result<TokenStream> {
    let Some((step, rest)) = path.split_first() else {
        return matcher_expr(cx, element, inner, x);
    };
    if step.kind != StepKind::Complex {
        return Err(cx.error(element, "a slice matcher stepping into a primitive"));
    }
    let f = format_ident!("{}", step.field);
    let body = within_expr(cx, element, rest, inner, quote!(y))?;
    Ok(match step.cardinality {
        Cardinality::Required => quote!({ let y = &#x.#f; #body }),
        Cardinality::Optional => quote!(#x.#f.as_ref().is_some_and(|y| #body)),
        Cardinality::Many | Cardinality::NonEmpty => quote!(#x.#f.iter().any(|y| #body)),
    })
}

fn step_expr(
    cx: &Cx<'_>,
    element: &str,
    path: &[PathStep],
    value: &str,
    x: TokenStream,
) -> Result<TokenStream> {
    let Some((step, rest)) = path.split_first() else {
        return Err(cx.error(element, "a slice matcher without a path"));
    };
    let f = format_ident!("{}", step.field);
    Ok(match step.kind {
        StepKind::Attribute => match step.cardinality {
            Cardinality::Required => quote!(#x.#f == #value),
            _ => quote!(#x.#f.as_deref() == Some(#value)),
        },
        StepKind::Primitive => match step.cardinality {
            Cardinality::Required => quote!(crate::rt::plumbing::has_value(Some(&#x.#f), #value)),
            Cardinality::Optional => quote!(crate::rt::plumbing::has_value(#x.#f.as_ref(), #value)),
            _ => quote!(#x.#f.iter().any(|p| crate::rt::plumbing::has_value(Some(p), #value))),
        },
        StepKind::Complex => {
            let inner = step_expr(cx, element, rest, value, quote!(y))?;
            match step.cardinality {
                Cardinality::Required => quote!({ let y = &#x.#f; #inner }),
                Cardinality::Optional => quote!(#x.#f.as_ref().is_some_and(|y| #inner)),
                _ => quote!(#x.#f.iter().any(|y| #inner)),
            }
        }
    })
}

/// `Narrow::into_base`: one struct literal of the base type that moves each field in;
/// fixed values are written back, removed elements stay empty (the rest of the literal
/// comes from the constant default), slices are merged in their read order. A literal
/// rather than assignments to a default value: each assignment would first drop the
/// default it replaces, code the compiler generates for every field.
fn into_base(cx: &Cx<'_>, s: &PStruct) -> Result<TokenStream> {
    let base = format_ident!("{}", s.base);
    let mut stmts = Vec::new();
    for m in &s.members {
        let Member::Field(f) = m else { continue };
        let b = format_ident!("{}", f.base_field);
        let n = format_ident!("{}", f.name);
        if f.is_unchanged() {
            stmts.push((b, quote!(self.#n)));
        } else {
            let conv = convert_out(cx, f, f.base, quote!(self.#n))?;
            stmts.push((b, conv));
        }
    }
    for m in &s.members {
        let Member::Fixed(FixedElement {
            base_field,
            base,
            value,
            ..
        }) = m
        else {
            continue;
        };
        let b = format_ident!("{}", base_field);
        let v = fixed_base_value(value);
        let v = match base {
            Cardinality::Required => v,
            _ => quote!(Some(#v)),
        };
        stmts.push((b, v));
    }
    for (k, sl) in s.slicings().enumerate() {
        let b = format_ident!("{}", sl.base_field);
        let mut parts = Vec::new();
        for slice in &sl.slices {
            match &slice.field {
                Some(f) => {
                    let n = format_ident!("{}", f.name);
                    let conv = convert_out(cx, f, Cardinality::Many, quote!(self.#n))?;
                    parts.push(conv);
                }
                None => parts.push(quote!(Vec::new())),
            }
        }
        match &sl.rest {
            Rest::Open(f) => {
                let n = format_ident!("{}", f.name);
                let conv = convert_out(cx, f, Cardinality::Many, quote!(self.#n))?;
                parts.push(conv);
            }
            Rest::Closed => parts.push(quote!(Vec::new())),
        }
        stmts.push((
            b,
            // An array rather than `vec![..]`: prettyplease lays out calls, not macro input.
            quote!(crate::rt::plumbing::merge(
                ::std::vec::Vec::from([#(#parts),*]),
                self.order.get(#k),
            )),
        ));
    }
    // A base field set twice keeps the later value, as assignments in this order would.
    let mut fields: Vec<(proc_macro2::Ident, TokenStream)> = Vec::with_capacity(stmts.len());
    for (b, v) in stmts {
        fields.retain(|(seen, _)| *seen != b);
        fields.push((b, v));
    }
    let (names, values): (Vec<_>, Vec<_>) = fields.into_iter().unzip();
    Ok(quote! {
        fn into_base(self) -> crate::stu3::#base {
            crate::stu3::#base {
                #(#names: #values,)*
                ..<crate::stu3::#base as crate::rt::value::ConstDefault>::DEFAULT
            }
        }
    })
}

/// How one profile item is written by reference ([`write_base`]).
enum ItemWriter {
    /// The item writes itself as the base item would (a base value, a profile code, whose
    /// code text is the base code's): a primitive writes its `_name` partner too.
    Same,
    /// A function writing the item alone (`Narrow::write_base_json`, a fixed
    /// value's closure, ...).
    View(TokenStream),
    /// A narrowed choice: its key carries the chosen type.
    Choice,
    /// A base choice left with one type: the key takes that type's suffix.
    Suffixed(String, Box<ItemWriter>),
}

fn item_writer(cx: &Cx<'_>, element: &str, ty: &PType) -> Result<ItemWriter> {
    let wb = quote!(crate::rt::write_base);
    Ok(match ty {
        PType::Base { .. } | PType::Code { .. } => ItemWriter::Same,
        PType::Struct(_) => ItemWriter::View(quote!(crate::rt::plumbing::Narrow::write_base_json)),
        PType::Choice(_) => ItemWriter::Choice,
        PType::Concept(_) => ItemWriter::View(quote!(#wb::concept)),
        PType::Coding(_) => ItemWriter::View(quote!(#wb::coding)),
        PType::Ref { .. } => ItemWriter::View(quote!(#wb::reference)),
        PType::Fixed(value) => {
            let v = fixed_base_value(value);
            ItemWriter::View(quote!(
                |_: &crate::rt::profile::Fixed, w: &mut crate::rt::JsonWriter| #wb::bare(&#v, w)
            ))
        }
        PType::Unboxed(ty) | PType::MaxLength { ty, .. } => item_writer(cx, element, ty)?,
        PType::ChoiceOnly {
            base_enum,
            variant,
            ty,
            ..
        } => {
            let Some(suffix) = cx
                .layer
                .wire
                .suffixes
                .get(base_enum)
                .and_then(|v| v.get(variant))
            else {
                return Err(cx.error(element, format!("no wire facts for {base_enum}::{variant}")));
            };
            ItemWriter::Suffixed(suffix.clone(), Box::new(item_writer(cx, element, ty)?))
        }
    })
}

/// The function writing an item alone (an array item, a slice's item).
fn bare_writer(cx: &Cx<'_>, element: &str, w: &ItemWriter) -> Result<TokenStream> {
    Ok(match w {
        ItemWriter::Same => quote!(crate::rt::write_base::bare),
        ItemWriter::View(f) => f.clone(),
        ItemWriter::Choice | ItemWriter::Suffixed(..) => {
            return Err(cx.error(element, "a choice element that repeats"));
        }
    })
}

/// Profile field `acc` of cardinality `card` as a slice of items.
fn as_items(acc: &TokenStream, card: Cardinality) -> TokenStream {
    match card {
        Cardinality::Required => quote!(::core::slice::from_ref(&#acc)),
        _ => quote!(#acc.as_slice()),
    }
}

/// Writes profile field `f` as base field `json`.
fn write_field(cx: &Cx<'_>, f: &PField, json: &str, xhtml: bool) -> Result<TokenStream> {
    let wb = quote!(crate::rt::write_base);
    let n = format_ident!("{}", f.name);
    let acc = quote!(self.#n);
    if f.is_unchanged() {
        let slot = quote!(crate::rt::value::Slot::write_json(&#acc, #json, w););
        return Ok(if xhtml {
            quote!(if !#wb::empty_div(&#acc) { #slot })
        } else {
            slot
        });
    }
    let writer = item_writer(cx, &f.element, &f.ty)?;
    let card = f.cardinality();
    if matches!(f.base, Cardinality::Many | Cardinality::NonEmpty) {
        let items = as_items(&acc, card);
        return Ok(match &writer {
            ItemWriter::Same => quote!(#wb::same_items(#items, #json, w);),
            other => {
                let bare = bare_writer(cx, &f.element, other)?;
                quote!(#wb::many(&#wb::Items(#items, #bare), #json, w);)
            }
        });
    }
    let opt = match card {
        Cardinality::Required => quote!(::core::option::Option::Some(&#acc)),
        Cardinality::Optional => quote!(#acc.as_ref()),
        _ => return Err(cx.error(&f.element, "a repeating field of a single base element")),
    };
    single(&writer, (&opt, &as_items(&acc, card)), &quote!(#json), "")
}

/// A single element: `opt` is it as an `Option<&item>` and `items` as a slice of at most
/// one item; `json` is the key's expression.
fn single(
    writer: &ItemWriter,
    (opt, items): (&TokenStream, &TokenStream),
    json: &TokenStream,
    suffix: &str,
) -> Result<TokenStream> {
    let wb = quote!(crate::rt::write_base);
    Ok(match writer {
        ItemWriter::Same => quote!(#wb::same(#opt, #json, #suffix, w);),
        ItemWriter::View(f) => quote!(#wb::one(&#wb::Items(#items, #f), #json, #suffix, w);),
        ItemWriter::Choice => quote!(#wb::choice(#opt, #json, w);),
        ItemWriter::Suffixed(suffix, inner) => single(inner, (opt, items), json, suffix)?,
    })
}

/// `Narrow::write_base_json`: the base type's fields in the base order, each written from
/// what the profile made of it, with the bytes `into_base` and the base writer would give
/// (fixed values written back, removed elements absent, slices merged in their read
/// order).
fn write_base(cx: &Cx<'_>, s: &PStruct) -> Result<TokenStream> {
    let wb = quote!(crate::rt::write_base);
    let Some(wire) = cx.layer.wire.structs.get(&s.base) else {
        return Err(cx.error(
            &s.element,
            format!("no wire facts for base struct {}", s.base),
        ));
    };
    let json_of = |base_field: &str| -> Result<(&str, bool)> {
        match wire.fields.iter().find(|w| w.name == base_field) {
            Some(w) => Ok((w.json.as_str(), w.xhtml)),
            None => Err(cx.error(&s.element, format!("{} has no field {base_field}", s.base))),
        }
    };
    let mut writes: Vec<(String, TokenStream)> = Vec::new();
    for m in &s.members {
        let Member::Field(f) = m else { continue };
        let (json, xhtml) = json_of(&f.base_field)?;
        writes.push((f.base_field.clone(), write_field(cx, f, json, xhtml)?));
    }
    for m in &s.members {
        let Member::Fixed(FixedElement {
            base_field, value, ..
        }) = m
        else {
            continue;
        };
        let (json, _) = json_of(base_field)?;
        let v = fixed_base_value(value);
        writes.push((
            base_field.clone(),
            quote!(#wb::same(::core::option::Option::Some(&#v), #json, "", w);),
        ));
    }
    for (k, sl) in s.slicings().enumerate() {
        let (json, _) = json_of(&sl.base_field)?;
        let primitive = matches!(
            sl.item,
            FieldType::Primitive(_)
                | FieldType::Code { .. }
                | FieldType::Attribute
                | FieldType::Xhtml
        );
        if primitive {
            // Slice matchers look into the items' elements, so lowering slices complex
            // items only; a primitive's items could not be written one by one (their
            // `_name` array).
            return Err(cx.error(&sl.element, "a slicing of primitive items"));
        }
        let write = {
            let mut buckets = Vec::new();
            let slice_fields = sl.slices.iter().map(|slice| slice.field.as_ref());
            let rest = match &sl.rest {
                Rest::Open(f) => Some(f),
                Rest::Closed => None,
            };
            for f in slice_fields.chain(std::iter::once(rest)) {
                buckets.push(match f {
                    Some(f) => {
                        let n = format_ident!("{}", f.name);
                        let items = as_items(&quote!(self.#n), f.cardinality());
                        let writer = item_writer(cx, &f.element, &f.ty)?;
                        let bare = bare_writer(cx, &f.element, &writer)?;
                        quote!(&#wb::Items(#items, #bare))
                    }
                    None => quote!(&#wb::Empty),
                });
            }
            quote!(#wb::merged(#json, &[#(#buckets),*], self.order.get(#k), w);)
        };
        writes.push((sl.base_field.clone(), write));
    }
    // In the base order; a base field written twice keeps the later write, as
    // `into_base` keeps the later value.
    let mut ordered = Vec::new();
    for field in &wire.fields {
        if let Some((_, write)) = writes.iter().rev().find(|(b, _)| *b == field.name) {
            ordered.push(write.clone());
        }
    }
    let resource_type = match &wire.resource {
        Some(name) => quote! {
            w.key(false, "resourceType", "");
            w.string(#name);
        },
        None => quote!(),
    };
    Ok(quote! {
        fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
            w.begin_object();
            #resource_type
            #(#ordered)*
            w.end_object();
        }
    })
}

fn choice_def(cx: &Cx<'_>, c: &PChoice) -> Result<TokenStream> {
    let name = format_ident!("{}", c.name);
    let base = format_ident!("{}", c.base);
    let doc = format!(
        " The types the profile allows for `{}`, narrowing [`{1}`](crate::stu3::{1}).",
        c.element, c.base
    );
    let Some(first) = c.variants.first() else {
        return Err(cx.error(&c.element, "a narrowed choice without variants"));
    };
    if c.variants.iter().any(|v| matches!(v.ty, PType::Fixed(_))) {
        // Fixed values are constants of a struct; a choice enum has none.
        return Err(cx.error(&c.element, "a fixed value as a choice variant"));
    }
    let first = format_ident!("{}", first.name);
    let mut variants = Vec::new();
    let mut arms_in = Vec::new();
    let mut arms_out = Vec::new();
    let mut arms_field = Vec::new();
    let mut arms_bare = Vec::new();
    for v in &c.variants {
        let vn = format_ident!("{}", v.name);
        let t = item_type(cx, &c.element, &v.ty)?;
        variants.push(quote!(#vn(#t),));
        let x = if v.base_boxed { quote!(*x) } else { quote!(x) };
        let f = fn_in(cx, &c.element, &v.ty)?;
        arms_in.push(quote!(crate::stu3::#base::#vn(x) => ((#f)(cx, #x)).map(#name::#vn),));
        let f = fn_out(cx, &c.element, &v.ty)?;
        let conv = quote!((#f)(p));
        let conv = if v.base_boxed {
            quote!(Box::new(#conv))
        } else {
            conv
        };
        arms_out.push(quote!(#name::#vn(p) => crate::stu3::#base::#vn(#conv),));
        let writer = item_writer(cx, &c.element, &v.ty)?;
        let Some(suffix) = cx
            .layer
            .wire
            .suffixes
            .get(&c.base)
            .and_then(|s| s.get(&v.name))
        else {
            return Err(cx.error(
                &c.element,
                format!("no wire facts for {}::{}", c.base, v.name),
            ));
        };
        let field = single(
            &writer,
            (
                &quote!(::core::option::Option::Some(p)),
                &quote!(::core::slice::from_ref(p)),
            ),
            &quote!(name),
            suffix,
        )?;
        arms_field.push(quote!(#name::#vn(p) => { #field }));
        let bare = bare_writer(cx, &c.element, &writer)?;
        arms_bare.push(quote!(#name::#vn(p) => (#bare)(p, w),));
    }
    let allowed: Vec<&str> = c.variants.iter().map(|v| v.name.as_str()).collect();
    Ok(quote! {
        #[doc = #doc]
        #[derive(Clone, PartialEq, Debug)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
        impl crate::rt::plumbing::Placeholder for #name {
            const PLACEHOLDER: Self = #name::#first(crate::rt::plumbing::Placeholder::PLACEHOLDER);
        }
        impl crate::rt::plumbing::Narrow for #name {
            type Base = crate::stu3::#base;
            fn from_base(cx: &mut crate::rt::plumbing::Checker, v: crate::stu3::#base) -> Option<Self> {
                #[allow(unreachable_patterns)]
                match v {
                    #(#arms_in)*
                    other => {
                        crate::rt::plumbing::wrong_choice(cx, &other, &[#(#allowed),*]);
                        None
                    }
                }
            }
            fn into_base(self) -> crate::stu3::#base {
                match self {
                    #(#arms_out)*
                }
            }
            fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
                match self {
                    #(#arms_bare)*
                }
            }
            fn write_base_field(&self, name: &str, w: &mut crate::rt::JsonWriter) {
                match self {
                    #(#arms_field)*
                }
            }
        }
        #[cfg(feature = "derive")]
        impl crate::rt::derive::Model for #name {}
    })
}
