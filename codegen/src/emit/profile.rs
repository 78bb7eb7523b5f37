//! Profile layer IR → Rust tokens: the profile structs, their constructors, and their
//! conversions to and from the base layer (`Narrow`), all written directly (the
//! conversions are profile logic, not a wire format).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{GeneratedFile, code_enum, value_type};
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
            path: format!("careconnect/{}.rs", m.file),
            tokens: module_file(m),
        });
    }
    for c in &layer.code_enums {
        files.push(GeneratedFile {
            path: format!("careconnect/codes/{}.rs", c.file),
            tokens: code_enum(c),
        });
    }
    let code_mods: Vec<_> = layer
        .code_enums
        .iter()
        .map(|c| format_ident!("{}", c.file))
        .collect();
    files.push(GeneratedFile {
        path: "careconnect/codes/mod.rs".into(),
        tokens: quote! {
            #![doc = " Codes of the required value sets the Care Connect profiles bind, one enum per value set."]
            #(mod #code_mods; pub use #code_mods::*;)*
        },
    });
    files.push(GeneratedFile {
        path: "careconnect/targets.rs".into(),
        tokens: targets_file(&layer.targets),
    });
    files.push(GeneratedFile {
        path: "careconnect/profiled.rs".into(),
        tokens: profiled_file(layer),
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
        path: "careconnect/mod.rs".into(),
        tokens: quote! {
            #![doc = #summary]
            pub mod codes;
            pub mod targets;
            mod profiled;
            pub use profiled::ProfiledResource;
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

fn struct_def(m: &ProfileModule, s: &PStruct, main: bool) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let base = format_ident!("{}", s.base);
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
    let fields = s.fields.iter().map(|f| {
        let fname = format_ident!("{}", f.name);
        let ty = field_type(f);
        let mut doc = format!(" `{}` · {}..{}", f.element, f.min, f.max);
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
    let from_base = from_base(s);
    let into_base = into_base(s);
    quote! {
        #[doc = #doc]
        #rules_doc
        #[derive(Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
            order: crate::rt::profile::SliceOrder,
        }
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                crate::rt::profile::debug_profile(self, ::core::stringify!(#name), f)
            }
        }
        #constructor
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
    quote! {
        impl #name {
            #[doc = #doc]
            #[allow(clippy::too_many_arguments)]
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
        PType::ChoiceOnly { ty, .. } => item_type(ty),
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

/// `x` (a base item) → `Option<profile item>`.
fn item_in(ty: &PType, x: TokenStream) -> TokenStream {
    match ty {
        PType::Base { .. } => quote!(Some(#x)),
        PType::Struct(n) | PType::Module(n) | PType::Choice(n) => {
            let n = format_ident!("{}", n);
            quote!(<crate::careconnect::#n as crate::rt::profile::Narrow>::from_base(cx, #x))
        }
        PType::Code { .. } => quote!(Some(cx.recode(#x, ""))),
        PType::Concept(_) => quote!(Some(cx.concept(#x, ""))),
        PType::Coding(_) => quote!(Some(cx.coding(#x, ""))),
        PType::Ref { boxed, .. } => {
            let x = if *boxed { quote!(*#x) } else { x };
            quote!(Some(cx.reference(#x, "")))
        }
        PType::Fixed {
            value,
            attribute: false,
        } => quote!(cx.fixed_item(#x, #value, "")),
        PType::Fixed {
            value,
            attribute: true,
        } => quote!(cx.fixed_attribute(#x, #value, "")),
        PType::ChoiceOnly {
            base_enum,
            variant,
            boxed,
            ty,
        } => {
            let e = format_ident!("{}", base_enum);
            let v = format_ident!("{}", variant);
            let inner = if *boxed { quote!(*y) } else { quote!(y) };
            let conv = item_in(ty, inner);
            let vs = variant.as_str();
            quote! {
                match #x {
                    crate::stu3::#e::#v(y) => #conv,
                    other => {
                        crate::rt::profile::wrong_choice(cx, &other, &[#vs]);
                        None
                    }
                }
            }
        }
    }
}

/// `p` (a profile item) → the base item.
fn item_out(ty: &PType, p: TokenStream) -> TokenStream {
    match ty {
        PType::Base { .. } => p,
        PType::Struct(_) | PType::Module(_) | PType::Choice(_) => {
            quote!(crate::rt::profile::Narrow::into_base(#p))
        }
        PType::Code { base, .. } => match base {
            FieldType::Code { enum_name } => {
                let e = format_ident!("{}", enum_name);
                quote!(crate::rt::profile::uncode::<_, crate::stu3::codes::#e>(#p))
            }
            _ => quote!(crate::rt::profile::uncode::<_, String>(#p)),
        },
        PType::Concept(_) => quote!(#p.into_concept()),
        PType::Coding(_) => quote!(#p.into_coding()),
        PType::Ref { boxed, .. } => {
            if *boxed {
                quote!(Box::new(#p.into_reference()))
            } else {
                quote!(#p.into_reference())
            }
        }
        PType::Fixed {
            value,
            attribute: false,
        } => {
            quote!({ let _ = #p; crate::rt::profile::fixed_value(#value).unwrap_or_default() })
        }
        PType::Fixed {
            value,
            attribute: true,
        } => quote!({ let _ = #p; #value.to_string() }),
        PType::ChoiceOnly {
            base_enum,
            variant,
            boxed,
            ty,
        } => {
            let e = format_ident!("{}", base_enum);
            let v = format_ident!("{}", variant);
            let inner = item_out(ty, p);
            let inner = if *boxed {
                quote!(Box::new(#inner))
            } else {
                inner
            };
            quote!(crate::stu3::#e::#v(#inner))
        }
    }
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
fn path_name(element: &str) -> String {
    element.rsplit('.').next().unwrap_or(element).to_string()
}

/// Converts `x`, a base field of cardinality `base`, into a profile field: an expression
/// of type `Option<field type>` for required fields, the field type otherwise.
fn convert_in(f: &PField, base: Cardinality, x: TokenStream, name: &str) -> TokenStream {
    let identity = is_identity(&f.ty);
    let item = item_in(&f.ty, quote!(x));
    match (base, f.cardinality) {
        (Cardinality::Required, _) => {
            if identity {
                quote!(Some(#x))
            } else {
                quote!({ cx.enter(#name); let x = #x; let r = #item; cx.leave(); r })
            }
        }
        (Cardinality::Optional, Cardinality::Optional) => {
            if identity {
                x
            } else {
                quote!(#x.and_then(|x| { cx.enter(#name); let r = #item; cx.leave(); r }))
            }
        }
        (Cardinality::Optional, _) => {
            if identity {
                quote!(cx.required(#x, #name))
            } else {
                quote!({ let v = cx.required(#x, #name); v.and_then(|x| { cx.enter(#name); let r = #item; cx.leave(); r }) })
            }
        }
        _ => {
            let each = if identity {
                quote!(v)
            } else {
                quote!(crate::rt::profile::each(cx, v, #name, |cx, x| #item))
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
        Cardinality::Optional | Cardinality::Required => quote!(#each.into_iter().next()),
    };
    quote!({ let v = #items; #check #finish })
}

/// Converts profile field `p` back into the base field of cardinality `base`.
fn convert_out(f: &PField, base: Cardinality, p: TokenStream) -> TokenStream {
    let identity = is_identity(&f.ty);
    let item = item_out(&f.ty, quote!(p));
    let map = |it: TokenStream| {
        if identity {
            it
        } else {
            quote!(#it.map(|p| #item))
        }
    };
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
        (Cardinality::Optional, Cardinality::Optional) => map(p),
        (Cardinality::Optional, _) => {
            let m = map(quote!(#p.into_iter()));
            quote!(#m.collect())
        }
        (Cardinality::Many, _) => {
            if identity {
                p
            } else {
                quote!(#p.into_iter().map(|p| #item).collect())
            }
        }
        (Cardinality::NonEmpty, _) => {
            if identity {
                quote!(#p.into_vec())
            } else {
                quote!(#p.into_vec().into_iter().map(|p| #item).collect())
            }
        }
    }
}

fn from_base(s: &PStruct) -> TokenStream {
    let base = format_ident!("{}", s.base);
    let mut base_fields: Vec<String> = Vec::new();
    for f in &s.fields {
        if !base_fields.contains(&f.base_field) {
            base_fields.push(f.base_field.clone());
        }
    }
    for r in &s.rules {
        let b = match r {
            Rule::Fixed { base_field, .. } | Rule::Removed { base_field, .. } => base_field,
        };
        if !base_fields.contains(b) {
            base_fields.push(b.clone());
        }
    }
    for sl in &s.slicings {
        if !base_fields.contains(&sl.base_field) {
            base_fields.push(sl.base_field.clone());
        }
    }
    let destructure = base_fields.iter().map(|b| format_ident!("{}", b));
    let mut stmts = Vec::new();
    // Rules.
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
                    quote!(!#b.is_empty())
                } else {
                    quote!(#b.is_some())
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
                let base_required = *base_required;
                let stmt = match (primitive, base_required) {
                    (FieldType::Attribute, true) => {
                        quote!(cx.fixed_str(Some(#b.as_str()), #value, #required, #name);)
                    }
                    (FieldType::Attribute, false) => {
                        quote!(cx.fixed_str(#b.as_deref(), #value, #required, #name);)
                    }
                    (_, true) => quote!(cx.fixed(Some(&#b), #value, #required, #name);),
                    (_, false) => quote!(cx.fixed(#b.as_ref(), #value, #required, #name);),
                };
                stmts.push(stmt);
            }
        }
    }
    // Slicings.
    for (k, sl) in s.slicings.iter().enumerate() {
        stmts.push(slicing_in(s, k, sl));
    }
    // Element fields. Required fields come out as `Option`s, unwrapped below once every
    // violation has been reported; unchanged ones are moved as they are.
    let mut required_names = Vec::new();
    for f in &s.fields {
        let n = format_ident!("{}", f.name);
        if f.source == FieldSource::Element && unchanged(f) {
            if f.name != f.base_field {
                let b = format_ident!("{}", f.base_field);
                stmts.push(quote!(let #n = #b;));
            }
            continue;
        }
        if f.source == FieldSource::Element {
            let b = format_ident!("{}", f.base_field);
            let conv = convert_in(f, f.base_cardinality, quote!(#b), &path_name(&f.element));
            stmts.push(quote!(let #n = #conv;));
        }
        if f.cardinality.is_required() {
            required_names.push(n);
        }
    }
    let fields = s.fields.iter().map(|f| format_ident!("{}", f.name));
    let required = &required_names;
    let unwrap = if required.is_empty() {
        quote!()
    } else {
        quote! {
            let (#(Some(#required),)*) = (#(#required,)*) else { return None; };
        }
    };
    quote! {
        #[allow(unused_variables)]
        fn from_base(cx: &mut crate::rt::profile::Checker, v: crate::stu3::#base) -> Option<Self> {
            let crate::stu3::#base { #(#destructure,)* .. } = v;
            let before = cx.count();
            #[allow(unused_mut)]
            let mut order = crate::rt::profile::SliceOrder::default();
            #(#stmts)*
            if cx.count() != before {
                return None;
            }
            #unwrap
            Some(Self { #(#fields,)* order })
        }
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
        let (mut #buckets, order_k) = crate::rt::profile::split(#b, &[#(#matchers),*]);
        order.set(#k, order_k);
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
                let item = item_in(&f.ty, quote!(x));
                let each =
                    quote!(crate::rt::profile::each_indexed(cx, v, #base_name, |cx, x| #item));
                let conv = repeated_in(f, quote!(std::mem::take(&mut #buckets[#i])), each, &path);
                stmts.push(quote!(let #n = #conv;));
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
            let item = item_in(&f.ty, quote!(x));
            stmts.push(quote! {
                let #n = crate::rt::profile::each_indexed(cx, std::mem::take(&mut #buckets[#count]), #base_name, |cx, x| #item);
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
        stmts.push(quote!(cx.count_between(order.get(#k).len(), #min, #max, #base_name);));
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

fn into_base(s: &PStruct) -> TokenStream {
    let base = format_ident!("{}", s.base);
    let fields = s.fields.iter().map(|f| format_ident!("{}", f.name));
    let mut inits = Vec::new();
    for f in s.fields.iter().filter(|f| f.source == FieldSource::Element) {
        let b = format_ident!("{}", f.base_field);
        let n = format_ident!("{}", f.name);
        if unchanged(f) && f.name == f.base_field {
            inits.push(quote!(#b));
        } else if unchanged(f) {
            inits.push(quote!(#b: #n));
        } else {
            let conv = convert_out(f, f.base_cardinality, quote!(#n));
            inits.push(quote!(#b: #conv));
        }
    }
    for r in &s.rules {
        match r {
            Rule::Removed {
                base_field,
                repeats,
                ..
            } => {
                let b = format_ident!("{}", base_field);
                inits.push(if *repeats {
                    quote!(#b: Vec::new())
                } else {
                    quote!(#b: None)
                });
            }
            Rule::Fixed {
                base_field,
                value,
                base_required,
                primitive,
                ..
            } => {
                let b = format_ident!("{}", base_field);
                let v = match (primitive, *base_required) {
                    (FieldType::Attribute, true) => quote!(#value.to_string()),
                    (FieldType::Attribute, false) => quote!(Some(#value.to_string())),
                    (_, true) => {
                        quote!(crate::rt::profile::fixed_value(#value).unwrap_or_default())
                    }
                    (_, false) => quote!(crate::rt::profile::fixed_value(#value)),
                };
                inits.push(quote!(#b: #v));
            }
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
                    let conv = convert_out(f, Cardinality::Many, quote!(#n));
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
                let conv = convert_out(f, Cardinality::Many, quote!(#n));
                parts.push(quote!({ let v: Vec<_> = #conv; v }));
            }
            None => parts.push(quote!(Vec::new())),
        }
        inits.push(quote!(#b: crate::rt::profile::merge(vec![#(#parts),*], order.get(#k))));
    }
    quote! {
        #[allow(clippy::needless_update)]
        fn into_base(self) -> crate::stu3::#base {
            let Self { #(#fields,)* order } = self;
            let _ = &order;
            crate::stu3::#base { #(#inits,)* ..Default::default() }
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
        #[derive(Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                crate::rt::profile::debug_profile(self, ::core::stringify!(#name), f)
            }
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
