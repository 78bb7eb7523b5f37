//! Profile layer IR → Rust tokens: the profile structs, their constructors, and their
//! conversions to and from the base layer (`Narrow`), all written directly (the
//! conversions are profile logic, not a wire format).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{GeneratedFile, PROFILE_DIR, code_enum, value_type};
use crate::ir::profile::{
    FieldSource, Matcher, PChoice, PField, PStruct, PType, PathStep, ProfileKind, ProfileLayer,
    ProfileModule, Rule, SlicingDef, StepKind, TargetSet,
};
use crate::ir::{Cardinality, FieldType, Max};

/// All files of the profile layer (`careconnect/`).
pub fn profile_layer(layer: &ProfileLayer) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    for m in layer.profiles.iter().chain(&layer.extensions) {
        files.push(GeneratedFile {
            path: format!("{PROFILE_DIR}/{}.rs", m.file),
            tokens: module_file(m),
        });
    }
    for c in &layer.code_enums {
        files.push(GeneratedFile {
            path: format!("{PROFILE_DIR}/codes/{}.rs", c.file),
            tokens: code_enum(c),
        });
    }
    let code_mods: Vec<_> = layer
        .code_enums
        .iter()
        .map(|c| format_ident!("{}", c.file))
        .collect();
    files.push(GeneratedFile {
        path: format!("{PROFILE_DIR}/codes/mod.rs"),
        tokens: quote! {
            #![doc = " Codes of the required value sets the Care Connect profiles bind, one enum per value set."]
            #(mod #code_mods; pub use #code_mods::*;)*
        },
    });
    files.push(GeneratedFile {
        path: format!("{PROFILE_DIR}/targets.rs"),
        tokens: targets_file(&layer.targets),
    });
    files.push(GeneratedFile {
        path: format!("{PROFILE_DIR}/profiled.rs"),
        tokens: profiled_file(layer),
    });
    let shared = layer.shared.iter().map(shared_struct);
    files.push(GeneratedFile {
        path: format!("{PROFILE_DIR}/shared.rs"),
        tokens: quote! {
            #![doc = " Structs that several profiles constrain in the same way, shared by them."]
            #(#shared)*
        },
    });
    let modules: Vec<_> = layer
        .profiles
        .iter()
        .chain(&layer.extensions)
        .map(|m| format_ident!("{}", m.file))
        .collect();
    let summary = format!(
        " NHS Care Connect (STU3): {} profiles and {} extensions as types, generated from their \
         definitions. Every profile type converts from its base type (`TryFrom`, checking every \
         rule) and back (`From`, losing nothing).",
        layer.profiles.len(),
        layer.extensions.len()
    );
    files.push(GeneratedFile {
        path: format!("{PROFILE_DIR}/mod.rs"),
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
    files
}

/// The enum of all resource profiles, to dispatch on a profile URL (`meta.profile`).
fn profiled_file(layer: &ProfileLayer) -> TokenStream {
    let resources: Vec<&ProfileModule> = layer
        .profiles
        .iter()
        .filter(|m| matches!(m.kind, ProfileKind::Resource { .. }))
        .collect();
    let names: Vec<_> = resources
        .iter()
        .map(|m| format_ident!("{}", m.name))
        .collect();
    let urls: Vec<&str> = resources.iter().map(|m| m.url.as_str()).collect();
    let bases: Vec<_> = resources
        .iter()
        .map(|m| match &m.kind {
            ProfileKind::Resource { base } => format_ident!("{}", base),
            _ => format_ident!("Resource"),
        })
        .collect();
    quote! {
        #![doc = " Any Care Connect resource profile value, chosen by profile URL."]
        #[doc = " A resource checked against the Care Connect profile its URL names."]
        #[derive(Clone, PartialEq, Debug)]
        pub enum ProfiledResource {
            #(#names(Box<crate::careconnect::#names>),)*
        }
        impl ProfiledResource {
            /// The canonical URLs of the resource profiles.
            pub const URLS: &'static [&'static str] = &[#(#urls),*];

            /// Checks `resource` against the profile `url` names: `None` if no resource
            /// profile has that URL or the resource is of another type than the profile's.
            pub fn from_resource(
                url: &str,
                resource: crate::stu3::Resource,
            ) -> Option<Result<Self, crate::rt::profile::Conformance>> {
                match (url, resource) {
                    #((#urls, crate::stu3::Resource::#bases(r)) => Some(
                        <crate::careconnect::#names as crate::rt::profile::Profile>::try_from_base(*r)
                            .map(|p| ProfiledResource::#names(Box::new(p))),
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

            /// Back to the base resource (loses nothing).
            pub fn into_resource(self) -> crate::stu3::Resource {
                match self {
                    #(ProfiledResource::#names(p) => crate::stu3::Resource::#bases(Box::new(
                        crate::rt::profile::Narrow::into_base(*p),
                    )),)*
                }
            }
        }
    }
}

fn targets_file(targets: &[TargetSet]) -> TokenStream {
    let items = targets.iter().map(|t| {
        let name = format_ident!("{}", t.name);
        let types = &t.types;
        let doc = format!(" References to {}.", t.types.join(" or "));
        let impls = t.implementors.iter().map(|(path, ty)| {
            let path: syn::Path = syn::parse_str(&format!("crate::{path}"))
                .unwrap_or_else(|_| syn::parse_quote!(crate::stu3::Resource));
            let id_expr = if path.segments.iter().any(|s| s.ident == "careconnect") {
                quote!(crate::rt::profile::ResourceId::resource_id(self))
            } else {
                quote!(self.id.as_ref().and_then(|p| p.value.as_deref()))
            };
            quote! {
                impl crate::rt::profile::RefTarget<#name> for #path {
                    const TYPE: &'static str = #ty;
                    fn ref_id(&self) -> Option<&str> {
                        #id_expr
                    }
                }
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct #name;
            impl crate::rt::profile::RefTargets for #name {
                const TYPES: &'static [&'static str] = &[#(#types),*];
            }
            #(#impls)*
        }
    });
    quote! {
        #![doc = " Markers for typed references: `Ref<targets::Organization>` may only point at an Organization."]
        #(#items)*
    }
}

fn module_file(m: &ProfileModule) -> TokenStream {
    let structs = m
        .structs
        .iter()
        .enumerate()
        .map(|(i, s)| struct_def(m, s, i == 0));
    let choices = m.choices.iter().map(choice_def);
    let main = format_ident!("{}", m.name);
    let consts = m.binding_consts.iter().map(|c| {
        let name = format_ident!("{}", c.name);
        let vs = &c.value_set;
        let doc = format!(" `{}`: {} binding to <{}>, a value set that cannot be listed (the element keeps its base type).", c.element, c.strength, c.value_set);
        quote! { #[doc = #doc] pub const #name: &'static str = #vs; }
    });
    let url = &m.url;
    let root = m
        .structs
        .first()
        .map(|s| s.element.clone())
        .unwrap_or_default();
    let base = match &m.kind {
        ProfileKind::Resource { base } | ProfileKind::Datatype { base } => base.clone(),
        ProfileKind::Extension => "Extension".into(),
    };
    let base_ident = format_ident!("{}", base);
    let is_resource = matches!(m.kind, ProfileKind::Resource { .. });
    let resource_id = if is_resource {
        let id_field = m
            .structs
            .first()
            .and_then(|s| s.fields.iter().find(|f| f.name == "id"));
        let expr = match id_field.map(|f| f.cardinality) {
            Some(Cardinality::Required) => quote!(self.id.value.as_deref()),
            Some(_) => quote!(self.id.as_ref().and_then(|p| p.value.as_deref())),
            None => quote!(None),
        };
        quote! {
            impl crate::rt::profile::ResourceId for #main {
                fn resource_id(&self) -> Option<&str> {
                    #expr
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #(#structs)*
        #(#choices)*
        impl #main {
            #(#consts)*
        }
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
                crate::rt::profile::Narrow::into_base(v)
            }
        }
        #resource_id
    }
}

fn shared_struct(s: &PStruct) -> TokenStream {
    let mut doc = vec![format!(
        " `{}` as several profiles constrain it; stands for:",
        s.base
    )];
    for (url, element) in &s.used_by {
        doc.push(format!(" - `{element}` in <{url}>"));
    }
    struct_body(s, doc)
}

fn struct_def(m: &ProfileModule, s: &PStruct, main: bool) -> TokenStream {
    let doc = if main {
        let version = m
            .version
            .as_deref()
            .map(|v| format!(" version {v}"))
            .unwrap_or_default();
        format!(
            " `{}`: profile <{}>{version} on `{}`.",
            m.name, m.url, s.base
        )
    } else {
        format!(
            " `{}` in profile <{}>, narrowing `{}`.",
            s.element, m.url, s.base
        )
    };
    struct_body(s, vec![doc])
}

fn struct_body(s: &PStruct, doc: Vec<String>) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let base = format_ident!("{}", s.base);
    let fields = s.fields.iter().map(|f| {
        let fname = format_ident!("{}", f.name);
        let ty = field_type(f);
        // Relative to the struct's own element: the same for every place a shared struct
        // stands for.
        let element = f
            .element
            .strip_prefix(&s.element)
            .map_or(f.element.as_str(), |r| r.trim_start_matches('.'));
        let mut doc = format!(" `{element}` · {}..{}", f.min, f.max);
        match &f.source {
            FieldSource::Slice { .. } => doc.push_str(" · slice"),
            FieldSource::Remainder { .. } => doc.push_str(" · the items no slice matches"),
            FieldSource::Element => {}
        }
        quote! { #[doc = #doc] pub #fname: #ty, }
    });
    let implicit = s.rules.iter().map(|r| match r {
        Rule::Fixed { element, value, .. } => {
            format!(" - `{element}` is fixed to `{value}` (written on output, checked on input).")
        }
        Rule::Removed { element, .. } => format!(" - `{element}` is not allowed (max 0)."),
    });
    let has_rules = !s.rules.is_empty();
    let rules_doc = if has_rules {
        quote!(#[doc = ""] #[doc = " Not fields:"] #(#[doc = #implicit])*)
    } else {
        quote!()
    };
    let constructor = constructor(s);
    let placeholders = s.fields.iter().map(|f| {
        let n = format_ident!("{}", f.name);
        quote!(#n: crate::rt::profile::Placeholder::PLACEHOLDER,)
    });
    let from_base = from_base(s);
    let into_base = into_base(s);
    quote! {
        #(#[doc = #doc])*
        #rules_doc
        #[derive(Clone, PartialEq, Debug)]
        pub struct #name {
            #(#fields)*
            order: crate::rt::profile::SliceOrder,
        }
        #constructor
        impl crate::rt::profile::Placeholder for #name {
            const PLACEHOLDER: Self = #name {
                #(#placeholders)*
                order: crate::rt::profile::SliceOrder::EMPTY,
            };
        }
        impl crate::rt::profile::Narrow for #name {
            type Base = crate::stu3::#base;
            #from_base
            #into_base
        }
    }
}

fn constructor(s: &PStruct) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let required: Vec<&PField> = s
        .fields
        .iter()
        .filter(|f| f.cardinality.is_required())
        .collect();
    let args = required.iter().map(|f| {
        let n = format_ident!("{}", f.name);
        let t = field_type(f);
        quote!(#n: #t)
    });
    let inits = s.fields.iter().map(|f| {
        let n = format_ident!("{}", f.name);
        match f.cardinality {
            Cardinality::Required | Cardinality::NonEmpty => quote!(#n),
            Cardinality::Optional => quote!(#n: None),
            Cardinality::Many => quote!(#n: Vec::new()),
        }
    });
    let doc = if required.is_empty() {
        " A value with nothing set.".to_string()
    } else {
        format!(
            " A value with the elements the profile requires ({}); set the others on the fields.",
            required
                .iter()
                .map(|f| format!("`{}`", f.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
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
    quote! {
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#args),*) -> Self {
                #name { #(#inits,)* order: crate::rt::profile::SliceOrder::default() }
            }
        }
        #default
    }
}

/// The Rust type of one item of `ty`.
fn item_type(ty: &PType) -> TokenStream {
    match ty {
        PType::Base { ty, boxed } => {
            let t = value_type(ty);
            if *boxed { quote!(Box<#t>) } else { t }
        }
        PType::Struct(n) | PType::Module(n) | PType::Choice(n) => {
            let n = format_ident!("{}", n);
            quote!(crate::careconnect::#n)
        }
        PType::Code { enum_name, .. } => {
            let e = format_ident!("{}", enum_name);
            quote!(crate::rt::Primitive<crate::careconnect::codes::#e>)
        }
        PType::Concept(e) => {
            let e = format_ident!("{}", e);
            quote!(crate::rt::profile::BoundConcept<crate::careconnect::codes::#e>)
        }
        PType::Coding(e) => {
            let e = format_ident!("{}", e);
            quote!(crate::rt::profile::BoundCoding<crate::careconnect::codes::#e>)
        }
        PType::Ref { targets, .. } => {
            let t = format_ident!("{}", targets);
            quote!(crate::rt::profile::Ref<crate::careconnect::targets::#t>)
        }
        PType::ChoiceOnly { ty, .. } | PType::Unboxed(ty) => item_type(ty),
        PType::Fixed { .. } => quote!(crate::rt::profile::Fixed),
    }
}

fn field_type(f: &PField) -> TokenStream {
    let t = item_type(&f.ty);
    match f.cardinality {
        Cardinality::Required => t,
        Cardinality::Optional => quote!(Option<#t>),
        Cardinality::Many => quote!(Vec<#t>),
        Cardinality::NonEmpty => quote!(crate::rt::profile::NonEmpty<#t>),
    }
}

/// A function pointer `fn(&mut Checker, base item) -> Option<profile item>` converting
/// one item. Generated conversions pass these to small generic runtime helpers instead of
/// writing closures, which would each be compiled separately.
fn fn_in(ty: &PType) -> TokenStream {
    match ty {
        PType::Base { .. } => quote!(crate::rt::profile::keep),
        PType::Struct(n) | PType::Module(n) | PType::Choice(n) => {
            let n = format_ident!("{}", n);
            quote!(<crate::careconnect::#n as crate::rt::profile::Narrow>::from_base)
        }
        PType::Code { enum_name, base } => {
            let e = format_ident!("{}", enum_name);
            let b = code_base(base);
            quote!(crate::rt::profile::recode_item::<#b, crate::careconnect::codes::#e>)
        }
        PType::Concept(e) => {
            let e = format_ident!("{}", e);
            quote!(crate::rt::profile::concept_item::<crate::careconnect::codes::#e>)
        }
        PType::Coding(e) => {
            let e = format_ident!("{}", e);
            quote!(crate::rt::profile::coding_item::<crate::careconnect::codes::#e>)
        }
        PType::Ref { targets, boxed } => {
            let t = format_ident!("{}", targets);
            if *boxed {
                quote!(crate::rt::profile::ref_item_boxed::<crate::careconnect::targets::#t>)
            } else {
                quote!(crate::rt::profile::ref_item::<crate::careconnect::targets::#t>)
            }
        }
        PType::Fixed {
            value,
            attribute: false,
        } => quote!(|cx, x| cx.fixed_item(x, #value, "")),
        PType::Fixed {
            value,
            attribute: true,
        } => quote!(|cx, x| cx.fixed_attribute(x, #value, "")),
        PType::Unboxed(ty) => {
            let f = fn_in(ty);
            quote!(|cx, x| (#f)(cx, *x))
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
            let f = fn_in(ty);
            let vs = variant.as_str();
            quote! {
                |cx, x| match x {
                    crate::stu3::#e::#v(y) => (#f)(cx, #inner),
                    other => {
                        crate::rt::profile::wrong_choice(cx, &other, &[#vs]);
                        None
                    }
                }
            }
        }
    }
}

/// A function pointer `fn(profile item) -> base item`.
fn fn_out(ty: &PType) -> TokenStream {
    match ty {
        PType::Base { .. } => quote!(::core::convert::identity),
        PType::Struct(_) | PType::Module(_) | PType::Choice(_) => {
            quote!(crate::rt::profile::Narrow::into_base)
        }
        PType::Code { enum_name, base } => {
            let e = format_ident!("{}", enum_name);
            let b = code_base(base);
            quote!(crate::rt::profile::uncode::<crate::careconnect::codes::#e, #b>)
        }
        PType::Concept(_) => quote!(crate::rt::profile::BoundConcept::into_concept),
        PType::Coding(_) => quote!(crate::rt::profile::BoundCoding::into_coding),
        PType::Ref { boxed: false, .. } => quote!(crate::rt::profile::Ref::into_reference),
        PType::Ref { boxed: true, .. } => quote!(crate::rt::profile::ref_out_boxed),
        PType::Fixed {
            value,
            attribute: false,
        } => {
            quote!(|_| crate::rt::profile::fixed_value(#value).unwrap_or_default())
        }
        PType::Fixed {
            value,
            attribute: true,
        } => quote!(|_| #value.to_string()),
        PType::Unboxed(ty) => {
            let f = fn_out(ty);
            quote!(|p| Box::new((#f)(p)))
        }
        PType::ChoiceOnly {
            base_enum,
            variant,
            boxed,
            ty,
        } => {
            let e = format_ident!("{}", base_enum);
            let v = format_ident!("{}", variant);
            let f = fn_out(ty);
            let inner = quote!((#f)(p));
            let inner = if *boxed {
                quote!(Box::new(#inner))
            } else {
                inner
            };
            quote!(|p| crate::stu3::#e::#v(#inner))
        }
    }
}

/// The value type of the base primitive a code is re-typed from.
fn code_base(base: &FieldType) -> TokenStream {
    match base {
        FieldType::Code { enum_name } => {
            let e = format_ident!("{}", enum_name);
            quote!(crate::stu3::codes::#e)
        }
        _ => quote!(String),
    }
}

/// `x` (a base item) → `Option<profile item>`.
fn item_in(ty: &PType, x: TokenStream) -> TokenStream {
    let f = fn_in(ty);
    quote!((#f)(cx, #x))
}

/// `p` (a profile item) → the base item.
fn item_out(ty: &PType, p: TokenStream) -> TokenStream {
    let f = fn_out(ty);
    quote!((#f)(#p))
}

/// A field the profile leaves as the base has it: same type, same container.
fn unchanged(f: &PField) -> bool {
    is_identity(&f.ty)
        && f.cardinality == f.base_cardinality
        && f.cardinality != Cardinality::NonEmpty
}

fn is_identity(ty: &PType) -> bool {
    matches!(ty, PType::Base { .. })
}

/// The element name for paths: the last segment of the element id.
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
    match &f.ty {
        PType::ChoiceOnly { variant, .. } if !name.ends_with(variant.as_str()) => {
            format!("{name}{variant}")
        }
        _ => name,
    }
}

/// Converts `x`, a base field of cardinality `base`, into a profile field: an expression
/// of type `Option<field type>` for required fields, the field type otherwise.
fn convert_in(f: &PField, base: Cardinality, x: TokenStream, name: &str) -> TokenStream {
    let identity = is_identity(&f.ty);
    let conv = fn_in(&f.ty);
    match (base, f.cardinality) {
        (Cardinality::Required, _) => {
            if identity {
                quote!(Some(#x))
            } else {
                quote!(crate::rt::profile::one(cx, #x, #name, #conv))
            }
        }
        (Cardinality::Optional, Cardinality::Optional) => {
            if identity {
                x
            } else {
                quote!(crate::rt::profile::opt(cx, #x, #name, #conv))
            }
        }
        (Cardinality::Optional, _) => {
            if identity {
                quote!(cx.required(#x, #name))
            } else {
                quote!(crate::rt::profile::req(cx, #x, #name, #conv))
            }
        }
        _ => {
            let each = if identity {
                quote!(v)
            } else {
                quote!(crate::rt::profile::each(cx, v, #name, #conv))
            };
            repeated_in(f, x, each, name)
        }
    }
}

/// Converts the items of a repeating base element (`items`, bound to `v` for `each`):
/// counts are checked on the base items (so a bad item is not also reported as missing),
/// then the items are converted and put in the field's container.
fn repeated_in(f: &PField, items: TokenStream, each: TokenStream, count_name: &str) -> TokenStream {
    let min = f.min;
    let max = match f.max {
        Max::Bounded(n) => quote!(Some(#n)),
        Max::Unbounded => quote!(None),
    };
    let check = if min > 0 || matches!(f.max, Max::Bounded(_)) {
        quote!(cx.check_count(v.len(), #min, #max, #count_name);)
    } else {
        quote!()
    };
    let finish = match f.cardinality {
        Cardinality::Many => each,
        Cardinality::NonEmpty => quote!(crate::rt::profile::NonEmpty::from_vec(#each)),
        Cardinality::Optional | Cardinality::Required => {
            quote!(crate::rt::profile::first(#each))
        }
    };
    quote!({ let v = #items; #check #finish })
}

/// Converts profile field `p` back into the base field of cardinality `base`.
fn convert_out(f: &PField, base: Cardinality, p: TokenStream) -> TokenStream {
    let identity = is_identity(&f.ty);
    let conv = fn_out(&f.ty);
    match (f.cardinality, base) {
        (Cardinality::Required, Cardinality::Required) => item_out(&f.ty, p),
        (Cardinality::Required, Cardinality::Optional) => {
            let v = item_out(&f.ty, p);
            quote!(Some(#v))
        }
        (Cardinality::Required, _) => {
            let v = item_out(&f.ty, p);
            quote!(vec![#v])
        }
        (Cardinality::Optional, Cardinality::Optional) => {
            if identity {
                p
            } else {
                quote!(#p.map(#conv))
            }
        }
        (Cardinality::Optional, _) => quote!(crate::rt::profile::opt_vec(#p, #conv)),
        (Cardinality::Many, _) => {
            if identity {
                p
            } else {
                quote!(crate::rt::profile::out_vec(#p, #conv))
            }
        }
        (Cardinality::NonEmpty, _) => {
            if identity {
                quote!(#p.into_vec())
            } else {
                quote!(crate::rt::profile::out_vec(#p.into_vec(), #conv))
            }
        }
    }
}

/// `Narrow::from_base`: checks and moves each base field into a profile value that starts
/// as a placeholder. Working in place keeps the function linear in the number of fields
/// (destructuring into locals would make every early exit and unwind path drop them all).
fn from_base(s: &PStruct) -> TokenStream {
    let base = format_ident!("{}", s.base);
    let mut stmts = Vec::new();
    for r in &s.rules {
        match r {
            Rule::Removed {
                base_field,
                element,
                repeats,
            } => {
                let b = format_ident!("{}", base_field);
                let name = path_name(element);
                let present = if *repeats {
                    quote!(!v.#b.is_empty())
                } else {
                    quote!(v.#b.is_some())
                };
                stmts.push(quote!(cx.absent(#present, #name);));
            }
            Rule::Fixed {
                base_field,
                element,
                value,
                required,
                base_required,
                primitive,
            } => {
                let b = format_ident!("{}", base_field);
                let name = path_name(element);
                let stmt = match (primitive, *base_required) {
                    (FieldType::Attribute, true) => {
                        quote!(cx.fixed_str(Some(v.#b.as_str()), #value, #required, #name);)
                    }
                    (FieldType::Attribute, false) => {
                        quote!(cx.fixed_str(v.#b.as_deref(), #value, #required, #name);)
                    }
                    (_, true) => quote!(cx.fixed(Some(&v.#b), #value, #required, #name);),
                    (_, false) => quote!(cx.fixed(v.#b.as_ref(), #value, #required, #name);),
                };
                stmts.push(stmt);
            }
        }
    }
    for (k, sl) in s.slicings.iter().enumerate() {
        stmts.push(slicing_in(s, k, sl));
    }
    for f in s.fields.iter().filter(|f| f.source == FieldSource::Element) {
        let n = format_ident!("{}", f.name);
        let b = format_ident!("{}", f.base_field);
        if unchanged(f) {
            stmts.push(quote!(out.#n = v.#b;));
        } else {
            let conv = convert_in(f, f.base_cardinality, quote!(v.#b), &field_path_name(f));
            stmts.push(assign(f, &n, conv));
        }
    }
    quote! {
        #[allow(unused_variables, unused_mut)]
        fn from_base(cx: &mut crate::rt::profile::Checker, v: crate::stu3::#base) -> Option<Self> {
            let mut v = v;
            let before = cx.count();
            let mut out = <Self as crate::rt::profile::Placeholder>::PLACEHOLDER;
            #(#stmts)*
            (cx.count() == before).then_some(out)
        }
    }
}

/// Assigns a converted value: required fields come out of the conversion as `Option`s.
fn assign(f: &PField, n: &proc_macro2::Ident, conv: TokenStream) -> TokenStream {
    if f.cardinality.is_required() {
        quote!(if let Some(x) = #conv { out.#n = x; })
    } else {
        quote!(out.#n = #conv;)
    }
}

fn slicing_in(s: &PStruct, k: usize, sl: &SlicingDef) -> TokenStream {
    let b = format_ident!("{}", sl.base_field);
    let item_ty = value_type(&sl.item);
    let matchers = sl.slices.iter().map(|slice| {
        let m = matcher_expr(&slice.matcher, quote!(x));
        quote!(&|x: &#item_ty| #m)
    });
    let base_name = path_name(&sl.element);
    let mut stmts = Vec::new();
    let buckets = format_ident!("buckets_{}", k);
    stmts.push(quote! {
        let (mut #buckets, order_k) = crate::rt::profile::split(std::mem::take(&mut v.#b), &[#(#matchers),*]);
        out.order.set(#k, order_k);
    });
    let count = sl.slices.len();
    for (i, slice) in sl.slices.iter().enumerate() {
        let field = s.fields.iter().find(|f| {
            f.source
                == FieldSource::Slice {
                    slicing: k,
                    slice: i,
                }
        });
        let path = format!("{base_name}:{}", slice.name);
        match field {
            Some(f) => {
                let n = format_ident!("{}", f.name);
                let conv = fn_in(&f.ty);
                let each = quote!(crate::rt::profile::each_indexed(cx, v, #base_name, #conv));
                let conv = repeated_in(f, quote!(std::mem::take(&mut #buckets[#i])), each, &path);
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
    match s
        .fields
        .iter()
        .find(|f| f.source == FieldSource::Remainder { slicing: k })
    {
        Some(f) => {
            let n = format_ident!("{}", f.name);
            let conv = fn_in(&f.ty);
            stmts.push(quote! {
                out.#n = crate::rt::profile::each_indexed(cx, std::mem::take(&mut #buckets[#count]), #base_name, #conv);
            });
        }
        None => stmts.push(quote! {
            for (i, _) in &#buckets[#count] {
                cx.enter(#base_name);
                cx.enter_index(*i);
                cx.report("", crate::rt::profile::ViolationKind::UnmatchedSlice);
                cx.leave();
                cx.leave();
            }
        }),
    }
    if sl.min > 0 || matches!(sl.max, Max::Bounded(_)) {
        let min = sl.min;
        let max = match sl.max {
            Max::Bounded(n) => quote!(Some(#n)),
            Max::Unbounded => quote!(None),
        };
        stmts.push(quote!(cx.count_between(out.order.get(#k).len(), #min, #max, #base_name);));
    }
    quote!(#(#stmts)*)
}

/// A boolean expression: does item `x` match?
fn matcher_expr(m: &Matcher, x: TokenStream) -> TokenStream {
    match m {
        Matcher::All(ms) => {
            let parts = ms.iter().map(|m| matcher_expr(m, x.clone()));
            quote!(#(#parts)&&*)
        }
        Matcher::Value { path, value } => step_expr(path, value, x),
    }
}

fn step_expr(path: &[PathStep], value: &str, x: TokenStream) -> TokenStream {
    let Some((step, rest)) = path.split_first() else {
        return quote!(false);
    };
    let f = format_ident!("{}", step.field);
    match step.kind {
        StepKind::Attribute => match step.cardinality {
            Cardinality::Required => quote!(#x.#f == #value),
            _ => quote!(#x.#f.as_deref() == Some(#value)),
        },
        StepKind::Primitive => match step.cardinality {
            Cardinality::Required => quote!(crate::rt::profile::has_value(Some(&#x.#f), #value)),
            Cardinality::Optional => quote!(crate::rt::profile::has_value(#x.#f.as_ref(), #value)),
            _ => quote!(#x.#f.iter().any(|p| crate::rt::profile::has_value(Some(p), #value))),
        },
        StepKind::Complex => {
            let inner = step_expr(rest, value, quote!(y));
            match step.cardinality {
                Cardinality::Required => quote!({ let y = &#x.#f; #inner }),
                Cardinality::Optional => quote!(#x.#f.as_ref().is_some_and(|y| #inner)),
                _ => quote!(#x.#f.iter().any(|y| #inner)),
            }
        }
    }
}

/// `Narrow::into_base`: one struct literal of the base type that moves each field in;
/// fixed values are written back, removed elements stay empty (the rest of the literal
/// comes from the constant default), slices are merged in their read order. A literal
/// rather than assignments to a default value: each assignment would first drop the
/// default it replaces, code the compiler generates for every field.
fn into_base(s: &PStruct) -> TokenStream {
    let base = format_ident!("{}", s.base);
    let mut stmts = Vec::new();
    for f in s.fields.iter().filter(|f| f.source == FieldSource::Element) {
        let b = format_ident!("{}", f.base_field);
        let n = format_ident!("{}", f.name);
        if unchanged(f) {
            stmts.push((b, quote!(self.#n)));
        } else {
            let conv = convert_out(f, f.base_cardinality, quote!(self.#n));
            stmts.push((b, conv));
        }
    }
    for r in &s.rules {
        if let Rule::Fixed {
            base_field,
            value,
            base_required,
            primitive,
            ..
        } = r
        {
            let b = format_ident!("{}", base_field);
            let v = match (primitive, *base_required) {
                (FieldType::Attribute, true) => quote!(#value.to_string()),
                (FieldType::Attribute, false) => quote!(Some(#value.to_string())),
                (_, true) => quote!(crate::rt::profile::fixed_value(#value).unwrap_or_default()),
                (_, false) => quote!(crate::rt::profile::fixed_value(#value)),
            };
            stmts.push((b, v));
        }
    }
    for (k, sl) in s.slicings.iter().enumerate() {
        let b = format_ident!("{}", sl.base_field);
        let mut parts = Vec::new();
        for i in 0..sl.slices.len() {
            match s.fields.iter().find(|f| {
                f.source
                    == FieldSource::Slice {
                        slicing: k,
                        slice: i,
                    }
            }) {
                Some(f) => {
                    let n = format_ident!("{}", f.name);
                    let conv = convert_out(f, Cardinality::Many, quote!(self.#n));
                    parts.push(quote!({ let v: Vec<_> = #conv; v }));
                }
                None => parts.push(quote!(Vec::new())),
            }
        }
        match s
            .fields
            .iter()
            .find(|f| f.source == FieldSource::Remainder { slicing: k })
        {
            Some(f) => {
                let n = format_ident!("{}", f.name);
                let conv = convert_out(f, Cardinality::Many, quote!(self.#n));
                parts.push(quote!({ let v: Vec<_> = #conv; v }));
            }
            None => parts.push(quote!(Vec::new())),
        }
        stmts.push((
            b,
            quote!(crate::rt::profile::merge(vec![#(#parts),*], self.order.get(#k))),
        ));
    }
    // A base field set twice keeps the later value, as assignments in this order would.
    let mut fields: Vec<(proc_macro2::Ident, TokenStream)> = Vec::with_capacity(stmts.len());
    for (b, v) in stmts {
        fields.retain(|(seen, _)| *seen != b);
        fields.push((b, v));
    }
    let (names, values): (Vec<_>, Vec<_>) = fields.into_iter().unzip();
    quote! {
        fn into_base(self) -> crate::stu3::#base {
            crate::stu3::#base {
                #(#names: #values,)*
                ..<crate::stu3::#base as crate::rt::value::ConstDefault>::DEFAULT
            }
        }
    }
}

fn choice_def(c: &PChoice) -> TokenStream {
    let name = format_ident!("{}", c.name);
    let base = format_ident!("{}", c.base);
    let doc = format!(" The types the profile allows for `{}`.", c.element);
    let variants = c.variants.iter().map(|v| {
        let vn = format_ident!("{}", v.name);
        let t = item_type(&v.ty);
        quote!(#vn(#t),)
    });
    let allowed: Vec<&str> = c.variants.iter().map(|v| v.name.as_str()).collect();
    let first = format_ident!(
        "{}",
        c.variants.first().map_or("Missing", |v| v.name.as_str())
    );
    let arms_in = c.variants.iter().map(|v| {
        let vn = format_ident!("{}", v.name);
        let x = if v.base_boxed { quote!(*x) } else { quote!(x) };
        let conv = item_in(&v.ty, x);
        quote!(crate::stu3::#base::#vn(x) => (#conv).map(#name::#vn),)
    });
    let arms_out = c.variants.iter().map(|v| {
        let vn = format_ident!("{}", v.name);
        let conv = item_out(&v.ty, quote!(p));
        let conv = if v.base_boxed {
            quote!(Box::new(#conv))
        } else {
            conv
        };
        quote!(#name::#vn(p) => crate::stu3::#base::#vn(#conv),)
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, PartialEq, Debug)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
        impl crate::rt::profile::Placeholder for #name {
            const PLACEHOLDER: Self = #name::#first(crate::rt::profile::Placeholder::PLACEHOLDER);
        }
        impl crate::rt::profile::Narrow for #name {
            type Base = crate::stu3::#base;
            fn from_base(cx: &mut crate::rt::profile::Checker, v: crate::stu3::#base) -> Option<Self> {
                #[allow(unreachable_patterns)]
                match v {
                    #(#arms_in)*
                    other => {
                        crate::rt::profile::wrong_choice(cx, &other, &[#(#allowed),*]);
                        None
                    }
                }
            }
            fn into_base(self) -> crate::stu3::#base {
                match self {
                    #(#arms_out)*
                }
            }
        }
    }
}
