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
    /// The index of the element this one is inside.
    parent: Option<usize>,
    /// For a typed name, the index of its choice element.
    choice: Option<usize>,
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
    // The runtime's `NONE` is `u16::MAX`: every index is below it.
    if facts.len() >= usize::from(u16::MAX) {
        return Err(cx.error(
            &main.element,
            format!("{} elements: a schema holds at most 65534", facts.len()),
        ));
    }
    let links = links(&facts);
    let name = m.url.rsplit('/').next().unwrap_or(&m.url).to_string();
    let rows = facts.iter().zip(&links).map(|(f, links)| {
        let (path, min) = (&f.path, Lit::u32_unsuffixed(f.min));
        let max = if f.max == u32::MAX {
            quote!(u32::MAX)
        } else {
            let max = Lit::u32_unsuffixed(f.max);
            quote!(#max)
        };
        let links = links.iter().map(|&l| Lit::u16_unsuffixed(l));
        let links = quote!([#(#links),*]);
        match (f.kind, f.choice) {
            (Kind::Field, Some(choice)) => {
                let choice = Lit::u16_unsuffixed(choice as u16);
                quote!(crate::rt::derive::Fact::typed(#path, #links, #choice),)
            }
            (Kind::Field, None) => {
                quote!(crate::rt::derive::Fact::field(#path, #min, #max, #links),)
            }
            (Kind::Choice, _) => {
                quote!(crate::rt::derive::Fact::choice(#path, #min, #max, #links),)
            }
            (Kind::Fixed, _) => quote!(crate::rt::derive::Fact::fixed(#path, #min, #max, #links),),
            (Kind::Removed, _) => quote!(crate::rt::derive::Fact::removed(#path, #links),),
        }
    });
    let keys: Vec<u64> = facts
        .iter()
        .map(|f| careconnect_expand::element_key(&f.path))
        .collect();
    let index = match table(&keys) {
        Ok(table) => table,
        Err((a, b)) => {
            return Err(cx.error(
                &main.element,
                format!(
                    "element paths `{}` and `{}` have the same key: the derive could not tell them apart",
                    facts[a].path, facts[b].path
                ),
            ));
        }
    };
    let index = index.iter().map(|&(key, i)| {
        let key = Lit::u64_suffixed(key);
        let i = Lit::u16_unsuffixed(i);
        quote!((#key, #i),)
    });
    let main = format_ident!("{}", m.name);
    let url = &m.url;
    Ok(quote! {
        #[cfg(feature = "derive")]
        static SCHEMA: crate::rt::derive::Schema = crate::rt::derive::Schema {
            name: #name,
            url: #url,
            elements: &[#(#rows)*],
            index: &[#(#index)*],
        };
        // A reference to a static: the user's crate reads the schema the models crate
        // evaluated instead of evaluating it again.
        #[cfg(feature = "derive")]
        impl crate::rt::derive::ProfileSchema for #main {
            const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
        }
    })
}

/// The runtime's `NONE`.
const NONE: u16 = u16::MAX;

/// The tree links of each fact, as the runtime's `Fact` has them: `[parent, end, next,
/// anchor]` (see there).
fn links(facts: &[Fact]) -> Vec<[u16; 4]> {
    let ends = ends(facts);
    let index = |i: Option<usize>| i.map_or(NONE, |i| i as u16);
    let mut anchors: Vec<Option<usize>> = Vec::with_capacity(facts.len());
    for f in facts {
        let anchor = f.parent.and_then(|p| {
            if facts[p].max > 1 {
                Some(p)
            } else {
                anchors[p]
            }
        });
        anchors.push(anchor);
    }
    facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let limit = f.parent.map_or(facts.len(), |p| ends[p]);
            let mut next = ends[i];
            while next < limit && facts[next].min == 0 {
                next = ends[next];
            }
            [
                index(f.parent),
                ends[i] as u16,
                next as u16,
                index(anchors[i]),
            ]
        })
        .collect()
}

/// The runtime's table of elements by key: a power of two at least twice the number of
/// keys, each element at the first free slot from `key & (len - 1)`; `(0, NONE)` is free.
/// Two elements with one key are an error (their indices).
fn table(keys: &[u64]) -> std::result::Result<Vec<(u64, u16)>, (usize, usize)> {
    let len = (keys.len() * 2).next_power_of_two().max(1);
    let mut slots = vec![(0, NONE); len];
    for (i, &key) in keys.iter().enumerate() {
        let mut slot = key as usize & (len - 1);
        while slots[slot].1 != NONE {
            if slots[slot].0 == key {
                return Err((usize::from(slots[slot].1), i));
            }
            slot = (slot + 1) & (len - 1);
        }
        slots[slot] = (key, i as u16);
    }
    Ok(slots)
}

/// One past the index of the last element inside each element: `walk` adds an element's
/// insides right after it, so they are the indices up to there.
fn ends(facts: &[Fact]) -> Vec<usize> {
    let mut ends: Vec<usize> = (1..=facts.len()).collect();
    for (i, f) in facts.iter().enumerate().rev() {
        if let Some(p) = f.parent {
            ends[p] = ends[p].max(ends[i]);
        }
    }
    ends
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
    parent: Option<usize>,
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
        let at = out.len();
        out.push(Fact {
            path: path.clone(),
            min: f.bounds.min,
            max,
            kind,
            parent,
            choice: None,
        });
        let suffixes: Vec<String> = match (typed, only_type(f)) {
            (Some((_, types)), _) => types.into_iter().map(|t| t.suffix).collect(),
            (None, Some(only)) => vec![only.to_string()],
            (None, None) => Vec::new(),
        };
        if depth < MAX_DEPTH {
            for t in f.ty.walk() {
                if let PType::Struct(r) = t
                    && let Some((module, target)) = resolve(cx, m, r)
                {
                    walk(cx, module, target, &path, Some(at), depth + 1, out);
                }
            }
        }
        // The typed names after the choice's insides: those stay together.
        for suffix in suffixes {
            out.push(Fact {
                path: format!("{path}{suffix}"),
                min: 0,
                max: 1,
                kind: Kind::Field,
                parent,
                choice: Some(at),
            });
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
                            parent,
                            choice: None,
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
                parent,
                choice: None,
            }),
            Member::Removed(x) => out.push(Fact {
                path: path_of(&x.element),
                min: 0,
                max: 0,
                kind: Kind::Removed,
                parent,
                choice: None,
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

    fn fact(path: &str, min: u32, max: u32, parent: Option<usize>) -> Fact {
        Fact {
            path: path.into(),
            min,
            max,
            kind: Kind::Field,
            parent,
            choice: None,
        }
    }

    #[test]
    fn links_give_insides_required_siblings_and_repeating_ancestors() {
        let facts = [
            fact("a", 0, 1, None),
            fact("a.x", 0, 1, Some(0)),
            fact("a.y", 1, 1, Some(0)),
            fact("b", 0, u32::MAX, None),
            fact("b.z", 1, 1, Some(3)),
            fact("b.z.w", 0, 1, Some(4)),
            fact("c", 1, 1, None),
        ];
        let n = NONE;
        assert_eq!(
            links(&facts),
            [
                // `a` holds 1..3; its next required sibling is `c`.
                [n, 3, 6, n],
                [0, 2, 2, n],
                [0, 3, 3, n],
                [n, 6, 6, n],
                // Inside repeating `b`.
                [3, 6, 6, 3],
                [4, 6, 6, 3],
                // The last: the schema's length.
                [n, 7, 7, n],
            ]
        );
    }

    #[test]
    fn the_key_table_is_half_empty_and_finds_each_key_by_probing() {
        let keys = [5, 13, 21, 2];
        let slots = table(&keys).expect("four different keys");
        assert_eq!(slots.len(), 8);
        // 5, 13 and 21 all start at slot 5 and take the next free ones.
        assert_eq!(slots[5], (5, 0));
        assert_eq!(slots[6], (13, 1));
        assert_eq!(slots[7], (21, 2));
        assert_eq!(slots[2], (2, 3));
        assert_eq!(slots.iter().filter(|s| s.1 == NONE).count(), 4);
        assert_eq!(table(&[7, 9, 7]), Err((0, 2)));
    }

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
