//! The Arrow columns of the generated types (the crate `careconnect-arrow`): for every
//! struct the list of its fields, for every choice enum its types, for every code enum
//! its dictionary column. Read off the emitted base and profile files themselves, so the
//! list is exactly the types as emitted; how each kind of field becomes columns is decided
//! once, by the field's Rust type, in careconnect-arrow's runtime.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::diag::{Error, Result};
use crate::emit::GeneratedFile;

/// The generator's own files that hold no type with columns of its own: the base layer's
/// primitive extras (held by `Primitive`, whose id and extensions go to `_rest`), and the
/// enums of every resource type of a layer (the base layer's `Resource`, the profile
/// layer's `ProfiledResource`), which give each layer's tables instead: a table is of
/// one type, and a resource inside another is kept as JSON text.
const SKIPPED_FILES: &[&str] = &["primitive_extras.rs"];
const RESOURCE_ENUMS: &[&str] = &["resource.rs", "profiled.rs"];

/// One layer's emitted files, and the module path its types are reached by from
/// `careconnect_models` (`stu3`, `careconnect`).
pub struct Layer<'a> {
    pub files: &'a [GeneratedFile],
    pub dir: &'a str,
    pub module: &'a str,
}

/// The files of careconnect-arrow's generated module, in folder `dir`: per layer, one file
/// per emitted file with types (the same relative path), so that a new package adds files
/// and leaves the others as they were; the `mod.rs` of each folder; and `mod.rs` of the
/// layers.
pub fn arrow_files(layers: &[Layer<'_>], dir: &str) -> Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    let mut layer_mods = Vec::new();
    for layer in layers {
        // Relative path → the file's items; folder → its files and sub-folders.
        let mut emitted: Vec<(String, Vec<TokenStream>)> = Vec::new();
        let mut tables_file = None;
        for file in layer.files {
            let relative = file
                .path
                .strip_prefix(layer.dir)
                .unwrap_or(&file.path)
                .trim_start_matches('/');
            let name = relative.rsplit('/').next().unwrap_or(relative);
            if SKIPPED_FILES.contains(&name) {
                continue;
            }
            let parsed: syn::File = syn::parse2(file.tokens.clone()).map_err(|e| Error::Emit {
                file: file.path.clone().into(),
                message: e.to_string(),
            })?;
            let module = match relative.split_once('/') {
                Some(("codes", _)) => format!("{}::codes", layer.module),
                _ => layer.module.to_string(),
            };
            let module: syn::Path = syn::parse_str(&format!("careconnect_models::{module}"))
                .map_err(|e| Error::Emit {
                    file: file.path.clone().into(),
                    message: format!("module path: {e}"),
                })?;
            let mut items = Vec::new();
            for item in &parsed.items {
                if RESOURCE_ENUMS.contains(&name) {
                    items.extend(tables(item, &module, layer.module));
                } else {
                    items.extend(item_columns(item, &module, layer.module));
                }
            }
            if items.is_empty() {
                continue;
            }
            if RESOURCE_ENUMS.contains(&name) {
                tables_file = Some(relative.trim_end_matches(".rs").to_string());
            }
            emitted.push((relative.to_string(), items));
        }
        let mut folders: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            std::collections::BTreeMap::new();
        folders.entry(String::new()).or_default();
        for (relative, items) in emitted {
            let mut parts: Vec<&str> = relative.trim_end_matches(".rs").split('/').collect();
            let leaf = parts.pop().unwrap_or_default().to_string();
            // Each folder on the way is a module of its parent.
            for i in 0..parts.len() {
                folders
                    .entry(parts[..i].join("/"))
                    .or_default()
                    .insert(parts[i].to_string());
            }
            folders.entry(parts.join("/")).or_default().insert(leaf);
            files.push(GeneratedFile {
                path: format!("{dir}/{}/{relative}", layer.module),
                tokens: quote!(#(#items)*),
            });
        }
        for (folder, mods) in folders {
            let mods = mods.iter().map(|m| format_ident!("{}", m));
            let reexport = (folder.is_empty())
                .then_some(tables_file.as_ref())
                .flatten()
                .map(|f| {
                    let f = format_ident!("{}", f);
                    quote!(pub use #f::{table, TYPES};)
                });
            let path = match folder.as_str() {
                "" => format!("{dir}/{}/mod.rs", layer.module),
                f => format!("{dir}/{}/{f}/mod.rs", layer.module),
            };
            files.push(GeneratedFile {
                path,
                tokens: quote! {
                    #(mod #mods;)*
                    #reexport
                },
            });
        }
        layer_mods.push(format_ident!("{}", layer.module));
    }
    files.push(GeneratedFile {
        path: format!("{dir}/mod.rs"),
        tokens: quote! {
            //! The columns of the generated types, generated with them: per layer, a file per
            //! file of the models.
            #(pub mod #layer_mods;)*
        },
    });
    Ok(files)
}

fn item_columns(item: &syn::Item, module: &syn::Path, layer: &str) -> Option<TokenStream> {
    match item {
        syn::Item::Struct(s) if is_pub(&s.vis) => struct_columns(s, module, layer),
        syn::Item::Enum(e) if is_pub(&e.vis) => enum_columns(e, module),
        _ => None,
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// A struct with named fields: its fields in order. The field `order` of a profile
/// struct with sliced elements (a `SliceOrder`) is the `_order` column, not a field.
fn struct_columns(s: &syn::ItemStruct, module: &syn::Path, layer: &str) -> Option<TokenStream> {
    let syn::Fields::Named(fields) = &s.fields else {
        return None;
    };
    let name = &s.ident;
    let type_name = format!("{layer}::{name}");
    let mut sliced = false;
    let mut shape = Vec::new();
    let mut push = Vec::new();
    let mut read = Vec::new();
    let mut merge = Vec::new();
    for f in &fields.named {
        let ident = f.ident.as_ref()?;
        if is_slice_order(&f.ty) {
            sliced = true;
            read.push(quote!(#ident: f.order()?,));
            continue;
        }
        let column = ident.to_string().trim_start_matches("r#").to_string();
        let index = merge.len();
        shape.push(quote!(s.field(#column, |v: &Self| &v.#ident);));
        push.push(quote!(p.field(&self.#ident);));
        read.push(quote!(#ident: f.field()?,));
        merge.push(quote!(#index => crate::Column::merge(&mut self.#ident, m),));
    }
    let order = sliced.then(|| {
        quote! {
            const SLICED: bool = true;
            fn slice_order(&self) -> Option<Vec<&[u8]>> {
                let orders = self.order.orders();
                (!orders.is_empty()).then(|| orders.iter().map(|o| &o[..]).collect())
            }
        }
    });
    // Base structs write themselves as FHIR JSON; profile structs write their base
    // value's JSON by reference.
    let (write_json, from_json) = if layer == "stu3" {
        (
            quote!(careconnect_models::rt::value::FhirValue::write_json_bare(
                self, w
            )),
            quote!(crate::base_from_json(text)),
        )
    } else {
        (
            quote!(careconnect_models::rt::plumbing::Narrow::write_base_json(
                self, w
            )),
            quote!(crate::narrowed_from_json(text)),
        )
    };
    Some(quote! {
        impl crate::Columnar for #module::#name {
            const NAME: &'static str = #type_name;
            #order
            fn shape(s: &mut crate::Fields<'_, Self>) {
                #(#shape)*
            }
            fn push(&self, p: &mut crate::Push<'_>) {
                #(#push)*
            }
            fn write_json(&self, w: &mut careconnect_models::rt::JsonWriter) {
                #write_json
            }
            fn read(s: &crate::StructRead, row: usize) -> Result<Self, crate::ReadError> {
                let mut f = s.row(row);
                let mut v = Self { #(#read)* };
                f.merge_rest(&mut v)?;
                Ok(v)
            }
            fn merge(&mut self, field: usize, m: &mut crate::Member<'_, '_>) -> Result<(), crate::ReadError> {
                match field {
                    #(#merge)*
                    _ => Err(m.unexpected()),
                }
            }
            fn from_json(text: &str) -> Result<Self, String> {
                #from_json
            }
        }
        impl crate::Column for #module::#name {
            fn builder(s: &mut crate::Shaper, name: &str) -> crate::Builder {
                s.structure::<Self>(name)
            }
            fn push(&self, b: &mut crate::Builder) {
                crate::push_struct(self, b)
            }
            fn read(r: &crate::Reader, row: usize) -> Result<Self, crate::ReadError> {
                crate::read_struct(r, row)
            }
        }
    })
}

fn is_slice_order(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "SliceOrder"))
}

/// An enum of unit variants is a code enum (a dictionary column of its codes); an enum of
/// one-value variants is a choice (one column per variant).
fn enum_columns(e: &syn::ItemEnum, module: &syn::Path) -> Option<TokenStream> {
    let name = &e.ident;
    if e.variants
        .iter()
        .all(|v| matches!(v.fields, syn::Fields::Unit))
    {
        return Some(quote! {
            impl crate::Leaf for #module::#name {
                fn kind() -> crate::Kind {
                    crate::code_kind()
                }
                fn push_leaf(&self, kind: &mut crate::Kind) {
                    crate::push_code(self, kind)
                }
                fn read_leaf(r: &crate::Reader, row: usize) -> Result<Self, crate::ReadError> {
                    crate::read_code(r, row)
                }
            }
        });
    }
    let one_value =
        |v: &syn::Variant| matches!(&v.fields, syn::Fields::Unnamed(f) if f.unnamed.len() == 1);
    if !e.variants.iter().all(one_value) {
        return None;
    }
    let variants: Vec<_> = e.variants.iter().map(|v| &v.ident).collect();
    let suffixes: Vec<String> = variants
        .iter()
        .map(|v| v.to_string().to_snake_case())
        .collect();
    let indices = (0..variants.len()).collect::<Vec<_>>();
    let indices2 = (0..variants.len()).map(|i| u8::try_from(i).unwrap_or(u8::MAX));
    let indices3 = indices2.clone();
    Some(quote! {
        impl crate::Column for #module::#name {
            fn builder(s: &mut crate::Shaper, name: &str) -> crate::Builder {
                crate::choice(vec![#(crate::variant(s, name, #suffixes, Self::#variants)),*], name)
            }
            fn push(&self, b: &mut crate::Builder) {
                match self {
                    #(Self::#variants(v) => crate::push_variant(b, #indices, v),)*
                }
            }
            fn rest(&self, name: &str, rest: &mut crate::Rest) {
                match self {
                    #(Self::#variants(v) => crate::Column::rest(v, &crate::variant_name(name, #suffixes), rest),)*
                }
            }
            fn read(r: &crate::Reader, row: usize) -> Result<Self, crate::ReadError> {
                let variants = r.variants()?;
                #(
                    if let Some(v) = crate::read_variant(variants, #indices, row, Self::#variants) {
                        return v;
                    }
                )*
                Err(r.error("no type of the choice has a value"))
            }
            #[allow(unreachable_patterns)]
            fn merge(&mut self, m: &mut crate::Member<'_, '_>) -> Result<(), crate::ReadError> {
                match (self, crate::choice_index(m)) {
                    #((Self::#variants(v), Some(#indices2)) => crate::Column::merge(v, m),)*
                    _ => Err(m.unexpected()),
                }
            }
            #[allow(unreachable_patterns)]
            fn merge_option(slot: &mut Option<Self>, m: &mut crate::Member<'_, '_>) -> Result<(), crate::ReadError> {
                match crate::choice_index(m) {
                    #(Some(#indices3) => crate::merge_variant(slot, m, Self::#variants, |e| match e {
                        Self::#variants(v) => Some(v),
                        _ => None,
                    }),)*
                    _ => Err(m.unexpected()),
                }
            }
        }
    })
}

/// A layer's enum of resource types: each type reached from it (`TableOf`) and the
/// layer's `table(name)`, a table of the type of that Rust name.
fn tables(item: &syn::Item, module: &syn::Path, layer: &str) -> Option<TokenStream> {
    let syn::Item::Enum(e) = item else {
        return None;
    };
    if !is_pub(&e.vis) {
        return None;
    }
    let enum_name = &e.ident;
    let variants: Vec<_> = e.variants.iter().map(|v| &v.ident).collect();
    let names: Vec<String> = variants.iter().map(|v| v.to_string()).collect();
    // A profile value read back is converted to its base value and checked again: a
    // file may have been written by anything.
    let checked = if layer == "stu3" {
        quote!(Ok(v))
    } else {
        quote! {
            let base = careconnect_models::rt::plumbing::Narrow::into_base(v);
            Self::try_from(base).map_err(|c| c.to_string())
        }
    };
    Some(quote! {
        #(
            impl crate::TableOf<#module::#enum_name> for #module::#variants {
                const TYPE: &'static str = #names;
                fn of(r: &#module::#enum_name) -> Option<&Self> {
                    match r {
                        #module::#enum_name::#variants(v) => Some(v),
                        _ => None,
                    }
                }
                fn wrap(v: Self) -> #module::#enum_name {
                    #module::#enum_name::#variants(Box::new(v))
                }
                fn checked(v: Self) -> Result<Self, String> {
                    #checked
                }
            }
        )*
        /// A table of the type of this Rust name (`None` for a name the layer does not have).
        pub fn table(name: &str) -> Option<Box<dyn crate::AnyTable<#module::#enum_name>>> {
            match name {
                #(#names => Some(Box::new(crate::Table::<#module::#variants>::new())),)*
                _ => None,
            }
        }
        /// The Rust names of the layer's resource types, as [`table`] takes them.
        pub const TYPES: &[&str] = &[#(#names),*];
    })
}
