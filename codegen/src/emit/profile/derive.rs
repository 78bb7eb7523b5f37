//! What the profile layer gives `#[derive(Profiled)]` (`careconnect_models::rt::derive`):
//! one `Element<KEY>` impl per field of each profile struct, and for each profile and
//! extension its schema, the facts of every element by path in the profile's own terms.
//! Both are generated under the models' `derive` feature, so that crates without the
//! derive do not compile them.

use proc_macro2::{Literal as Lit, TokenStream};
use quote::{format_ident, quote};

use super::{Cx, item_type, value_type};
use crate::diag::Result;
use crate::ir::FieldType;
use crate::ir::profile::{Member, PField, PStruct, PType, ProfileModule, Rest, StructRef};
use crate::ir::{Cardinality, Max};

/// The name of `element` (an element id) inside the element `parent` stands for:
/// `name:official` for `Patient.name:official` in `Patient`; `value` for a choice
/// `value[x]`.
fn segment<'e>(parent: &str, element: &'e str) -> &'e str {
    let relative = element
        .strip_prefix(parent)
        .and_then(|r| r.strip_prefix('.'))
        .unwrap_or_else(|| element.rsplit('.').next().unwrap_or(element));
    relative.strip_suffix("[x]").unwrap_or(relative)
}

/// One type of a choice field: its typed name's suffix (`Quantity`), the enum's variant,
/// the item (unboxed) and whether the variant boxes it.
struct Typed {
    suffix: String,
    variant: proc_macro2::Ident,
    item: TokenStream,
    boxed: bool,
}

/// The one type left of a base choice the profile narrows (`Quantity`: the typed name's
/// suffix), if the field is such a choice.
fn only_type(f: &PField) -> Option<&str> {
    f.ty.walk().find_map(|t| match t {
        PType::ChoiceOnly { variant, .. } => Some(variant.as_str()),
        _ => None,
    })
}

/// The enum of a choice field and its types, if the field holds a choice (a narrowed one
/// of the profile layer or a base one as it is).
fn choice_types(cx: &Cx<'_>, f: &PField) -> Result<Option<(TokenStream, Vec<Typed>)>> {
    let upper = |code: &str| {
        let mut c = code.chars();
        c.next()
            .map(|first| first.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    match &f.ty {
        PType::Choice(n) => {
            let Some(c) = cx
                .layer
                .modules()
                .flat_map(|m| &m.choices)
                .find(|c| &c.name == n)
            else {
                return Err(cx.error(&f.element, format!("no choice enum {n}")));
            };
            let mut types = Vec::new();
            for v in &c.variants {
                let (item, boxed) = match &v.ty {
                    PType::Base { ty, boxed: true } => (value_type(ty), true),
                    ty => (item_type(cx, &f.element, ty)?, false),
                };
                types.push(Typed {
                    suffix: upper(&v.type_code),
                    variant: format_ident!("{}", v.name),
                    item,
                    boxed,
                });
            }
            let n = format_ident!("{}", n);
            Ok(Some((quote!(crate::careconnect::#n), types)))
        }
        PType::Base {
            ty: FieldType::Choice(n),
            ..
        } => {
            let Some(c) = cx.layer.base_choices.iter().find(|c| &c.name == n) else {
                return Err(cx.error(&f.element, format!("no base choice enum {n}")));
            };
            let types = c
                .variants
                .iter()
                .map(|v| Typed {
                    suffix: upper(&v.type_code),
                    variant: format_ident!("{}", v.name),
                    item: value_type(&v.ty),
                    boxed: v.boxed,
                })
                .collect();
            let n = format_ident!("{}", n);
            Ok(Some((quote!(crate::stu3::#n), types)))
        }
        _ => Ok(None),
    }
}

/// The `Element` impls of struct `s`: one per field that a user value can set (not the
/// optional fixed ones), and one per type of each choice field, under its typed name.
pub(super) fn elements(cx: &Cx<'_>, s: &PStruct) -> Result<TokenStream> {
    let name = format_ident!("{}", s.name);
    let mut rows = Vec::new();
    let mut typed_rows = Vec::new();
    for f in s.fields() {
        let seg = segment(&s.element, &f.element);
        if let Some((enum_path, types)) = choice_types(cx, f)? {
            let kind = match f.cardinality() {
                Cardinality::Required => quote!(one),
                _ => quote!(opt),
            };
            let field = format_ident!("{}", f.name);
            for t in types {
                let key = Lit::u64_suffixed(careconnect_expand::element_key(&format!(
                    "{seg}{}",
                    t.suffix
                )));
                let (variant, item) = (&t.variant, &t.item);
                let boxed = if t.boxed {
                    quote!(boxed)
                } else {
                    quote!(plain)
                };
                typed_rows.push(quote!(#key => #field: #kind #enum_path, #variant, #item, #boxed;));
            }
        }
        if matches!(f.ty, PType::Fixed(_)) {
            continue;
        }
        let key = Lit::u64_suffixed(careconnect_expand::element_key(segment(
            &s.element, &f.element,
        )));
        let field = format_ident!("{}", f.name);
        let (kind, item) = match (f.cardinality(), &f.ty) {
            (Cardinality::Optional, PType::Base { ty, boxed: true }) => {
                (quote!(opt_box), value_type(ty))
            }
            (Cardinality::Required, _) => (quote!(one), item_type(cx, &f.element, &f.ty)?),
            (Cardinality::Optional, _) => (quote!(opt), item_type(cx, &f.element, &f.ty)?),
            (Cardinality::Many, _) => (quote!(vec), item_type(cx, &f.element, &f.ty)?),
            (Cardinality::NonEmpty, _) => (quote!(non_empty), item_type(cx, &f.element, &f.ty)?),
        };
        // A longer path goes on into a profile struct, single or optional.
        let node = matches!(
            f.cardinality(),
            Cardinality::Required | Cardinality::Optional
        ) && f.ty.walk().any(|t| matches!(t, PType::Struct(_)));
        let node = if node { quote!(, node) } else { quote!() };
        rows.push(quote!(#key => #field: #kind #item #node;));
        // A choice the profile narrows to one type is also reached by its typed name.
        if let Some(typed) = only_type(f) {
            let key = Lit::u64_suffixed(careconnect_expand::element_key(&format!("{seg}{typed}")));
            rows.push(quote!(#key => #field: #kind #item #node;));
        }
    }
    let typed = if typed_rows.is_empty() {
        quote!()
    } else {
        quote! {
            #[cfg(feature = "derive")]
            crate::__careconnect_choice_elements! { #name { #(#typed_rows)* } }
        }
    };
    Ok(quote! {
        #[cfg(feature = "derive")]
        crate::__careconnect_elements! { #name { #(#rows)* } }
        #typed
    })
}

/// One fact of a schema.
struct Fact {
    path: String,
    min: u32,
    max: u32,
    kind: Kind,
    /// The nearest repeating element the path goes through (where a nested user struct
    /// is rooted), if any.
    anchor: Option<String>,
}

/// What the profile made of an element (the runtime's `FactKind`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Field,
    Choice,
    Fixed,
    Removed,
}

/// How deep the schema follows struct types into struct types (extensions in extensions
/// could go on for ever; no profile constrains that deep).
const MAX_DEPTH: usize = 8;

/// The schema of module `m`'s main type.
pub(super) fn schema(cx: &Cx<'_>, m: &ProfileModule) -> Result<TokenStream> {
    let Some(main) = m.structs.first() else {
        return Ok(quote!());
    };
    let mut facts = Vec::new();
    walk(cx, m, main, "", None, 0, &mut facts);
    let name = m.url.rsplit('/').next().unwrap_or(&m.url).to_string();
    let rows = facts.iter().map(|f| {
        let (path, min) = (&f.path, f.min);
        let max = if f.max == u32::MAX {
            quote!(u32::MAX)
        } else {
            let max = f.max;
            quote!(#max)
        };
        match f.kind {
            Kind::Field => {
                let missing = if f.min > 0 {
                    missing_message(&name, f)
                } else {
                    String::new()
                };
                quote!(crate::rt::derive::Fact::field(#path, #min, #max, #missing),)
            }
            Kind::Choice => {
                let missing = if f.min > 0 {
                    missing_message(&name, f)
                } else {
                    String::new()
                };
                quote!(crate::rt::derive::Fact::choice(#path, #min, #max, #missing),)
            }
            Kind::Fixed => quote!(crate::rt::derive::Fact::fixed(#path, #min, #max),),
            Kind::Removed => quote!(crate::rt::derive::Fact::removed(#path),),
        }
    });
    let main = format_ident!("{}", m.name);
    let url = &m.url;
    Ok(quote! {
        #[cfg(feature = "derive")]
        impl crate::rt::derive::ProfileSchema for #main {
            const SCHEMA: &'static crate::rt::derive::Schema = &crate::rt::derive::Schema {
                name: #name,
                url: #url,
                elements: &[#(#rows)*],
            };
        }
    })
}

/// What a compile error says when the required element of `fact` is left unmapped.
fn missing_message(profile: &str, fact: &Fact) -> String {
    let bounds = if fact.max == u32::MAX {
        format!("{}..*", fact.min)
    } else {
        format!("{}..{}", fact.min, fact.max)
    };
    match &fact.anchor {
        None => format!(
            "{profile} requires `{}` ({bounds}): add `#[fhir(path = \"{}\")]` to a field",
            fact.path, fact.path
        ),
        Some(anchor) => {
            let relative = fact
                .path
                .strip_prefix(anchor.as_str())
                .map_or(fact.path.as_str(), |r| r.trim_start_matches('.'));
            format!(
                "{profile} requires `{}` ({bounds}) in each `{anchor}`: add `#[fhir(path = \"{relative}\")]` to a field of the struct mapped to `{anchor}`",
                fact.path
            )
        }
    }
}

fn max_of(max: Max) -> u32 {
    match max {
        Max::Bounded(n) => n,
        Max::Unbounded => u32::MAX,
    }
}

/// Adds the facts of struct `s` (standing at `prefix`) and of the structs its fields hold.
fn walk<'l>(
    cx: &Cx<'l>,
    m: &'l ProfileModule,
    s: &'l PStruct,
    prefix: &str,
    anchor: Option<&str>,
    depth: usize,
    out: &mut Vec<Fact>,
) {
    let path_of = |element: &str| {
        let seg = segment(&s.element, element);
        if prefix.is_empty() {
            seg.to_string()
        } else {
            format!("{prefix}.{seg}")
        }
    };
    let field = |f: &PField, out: &mut Vec<Fact>| {
        let path = path_of(&f.element);
        let max = max_of(f.bounds.max);
        // The choice's types were looked up, and an inconsistency reported, by `elements`.
        let typed = choice_types(cx, f).ok().flatten();
        let kind = match (&f.ty, &typed) {
            (PType::Fixed(_), _) => Kind::Fixed,
            (_, Some(_)) => Kind::Choice,
            (_, None) if only_type(f).is_some() => Kind::Choice,
            (_, None) => Kind::Field,
        };
        out.push(Fact {
            path: path.clone(),
            min: f.bounds.min,
            max,
            kind,
            anchor: anchor.map(str::to_string),
        });
        let suffixes: Vec<String> = match (typed, only_type(f)) {
            (Some((_, types)), _) => types.into_iter().map(|t| t.suffix).collect(),
            (None, Some(only)) => vec![only.to_string()],
            (None, None) => Vec::new(),
        };
        for suffix in suffixes {
            out.push(Fact {
                path: format!("{path}{suffix}"),
                min: 0,
                max: 1,
                kind: Kind::Field,
                anchor: anchor.map(str::to_string),
            });
        }
        if depth >= MAX_DEPTH {
            return;
        }
        let inner_anchor = if max > 1 { Some(path.as_str()) } else { anchor };
        for t in f.ty.walk() {
            if let PType::Struct(r) = t
                && let Some((module, target)) = resolve(cx, m, r)
            {
                walk(cx, module, target, &path, inner_anchor, depth + 1, out);
            }
        }
    };
    for member in &s.members {
        match member {
            Member::Field(f) => field(f, out),
            Member::Sliced(sl) => {
                for slice in &sl.slices {
                    match &slice.field {
                        Some(f) => field(f, out),
                        None => out.push(Fact {
                            path: format!("{}:{}", path_of(&sl.element), slice.name),
                            min: 0,
                            max: 0,
                            kind: Kind::Removed,
                            anchor: anchor.map(str::to_string),
                        }),
                    }
                }
                match &sl.rest {
                    Rest::Open(f) => field(f, out),
                    Rest::Closed => {}
                }
            }
            Member::Fixed(x) => out.push(Fact {
                path: path_of(&x.element),
                min: u32::from(x.base == Cardinality::Required),
                max: 1,
                kind: Kind::Fixed,
                anchor: anchor.map(str::to_string),
            }),
            Member::Removed(x) => out.push(Fact {
                path: path_of(&x.element),
                min: 0,
                max: 0,
                kind: Kind::Removed,
                anchor: anchor.map(str::to_string),
            }),
        }
    }
}

/// The struct a field's type names, and the module to look its own nested structs up in.
fn resolve<'l>(
    cx: &Cx<'l>,
    m: &'l ProfileModule,
    r: &StructRef,
) -> Option<(&'l ProfileModule, &'l PStruct)> {
    match r {
        StructRef::Nested(n) => m.structs.iter().find(|s| &s.name == n).map(|s| (m, s)),
        StructRef::Shared(n) => cx
            .layer
            .shared
            .iter()
            .find(|s| &s.def.name == n)
            .map(|s| (m, &s.def)),
        StructRef::Module(n) => cx
            .layer
            .modules()
            .find(|x| &x.name == n)
            .and_then(|x| x.structs.first().map(|s| (x, s))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_relative_to_the_struct_and_drop_the_choice_suffix() {
        assert_eq!(segment("Patient", "Patient.name:official"), "name:official");
        assert_eq!(
            segment("Patient.name:official", "Patient.name:official.family"),
            "family"
        );
        assert_eq!(segment("Observation", "Observation.value[x]"), "value");
        // A shared struct names the elements of the first place it stands for.
        assert_eq!(segment("Other.code", "Observation.code.coding"), "coding");
    }
}
