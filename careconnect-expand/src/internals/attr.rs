//! The `#[fhir(...)]` attributes of each position, parsed into typed values that keep the
//! span of their keyword. A key that is unknown, given twice, or given where it does not
//! belong is an error here; rules that look at several keys or at the Rust types are
//! `check`'s.

use std::fmt;

use proc_macro2::{Span, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr, Token};

use super::ctxt::Ctxt;
use super::symbol::{
    self, ATTRIBUTE, BACKBONE, CHOICE, CODE, DISPLAY, FHIR, NAME, PRIMITIVE, REQUIRED, RESOURCE,
    SKIP, SYSTEM, Symbol, TYPE, VALUE_SET, XHTML,
};

/// One attribute value with the span of its keyword.
pub struct Attr<T> {
    pub value: T,
    pub span: Span,
}

impl Attr<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// The text of a key `check` makes sure is given; empty while it is missing.
pub fn text(slot: &Option<Attr<String>>) -> &str {
    slot.as_ref().map_or("", Attr::as_str)
}

/// A keyword that takes no value (`required`).
pub type Flag = Option<Attr<()>>;

/// Where an attribute stands; error messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Struct,
    Field,
    ChoiceEnum,
    ChoiceVariant,
    CodeEnum,
    CodeVariant,
    ResourceEnum,
    ResourceVariant,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Position::Struct => "a struct",
            Position::Field => "a field",
            Position::ChoiceEnum => "a choice enum",
            Position::ChoiceVariant => "a choice variant",
            Position::CodeEnum => "a code enum",
            Position::CodeVariant => "a code variant",
            Position::ResourceEnum => "a resource enum",
            Position::ResourceVariant => "a resource variant",
        })
    }
}

/// The keys of one position.
pub trait Attrs: Default {
    /// Parses `key`'s value into its slot; `Ok(false)` if the key does not belong here.
    fn take(&mut self, key: &Key<'_>) -> syn::Result<bool>;
}

/// On a struct deriving `FhirType`.
#[derive(Default)]
pub struct Struct {
    pub name: Option<Attr<String>>,
    pub resource: Flag,
    pub backbone: Flag,
}

impl Attrs for Struct {
    fn take(&mut self, key: &Key<'_>) -> syn::Result<bool> {
        match key.symbol {
            NAME => key.string(&mut self.name)?,
            RESOURCE => key.flag(&mut self.resource)?,
            BACKBONE => key.flag(&mut self.backbone)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// On a field of a struct deriving `FhirType`.
#[derive(Default)]
pub struct Field {
    pub name: Option<Attr<String>>,
    pub required: Flag,
    pub primitive: Flag,
    pub choice: Option<Attr<Vec<String>>>,
    pub attribute: Flag,
    pub xhtml: Flag,
    /// The FHIR type of a string-valued `primitive` or `attribute` (`"id"`): its lexical
    /// rule.
    pub type_code: Option<Attr<String>>,
    pub skip: Flag,
}

impl Attrs for Field {
    fn take(&mut self, key: &Key<'_>) -> syn::Result<bool> {
        match key.symbol {
            NAME => key.string(&mut self.name)?,
            REQUIRED => key.flag(&mut self.required)?,
            PRIMITIVE => key.flag(&mut self.primitive)?,
            CHOICE => key.words(&mut self.choice)?,
            ATTRIBUTE => key.flag(&mut self.attribute)?,
            XHTML => key.flag(&mut self.xhtml)?,
            TYPE => key.string(&mut self.type_code)?,
            SKIP => key.flag(&mut self.skip)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// On a variant of an enum deriving `FhirChoice`.
#[derive(Default)]
pub struct ChoiceVariant {
    pub type_code: Option<Attr<String>>,
}

impl Attrs for ChoiceVariant {
    fn take(&mut self, key: &Key<'_>) -> syn::Result<bool> {
        match key.symbol {
            TYPE => key.string(&mut self.type_code)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// On an enum deriving `FhirCode`.
#[derive(Default)]
pub struct CodeEnum {
    pub value_set: Option<Attr<String>>,
    /// The system of every code that does not name its own.
    pub system: Option<Attr<String>>,
}

impl Attrs for CodeEnum {
    fn take(&mut self, key: &Key<'_>) -> syn::Result<bool> {
        match key.symbol {
            VALUE_SET => key.string(&mut self.value_set)?,
            SYSTEM => key.string(&mut self.system)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// On a variant of an enum deriving `FhirCode`.
#[derive(Default)]
pub struct CodeVariant {
    pub code: Option<Attr<String>>,
    pub system: Option<Attr<String>>,
    pub display: Option<Attr<String>>,
}

impl Attrs for CodeVariant {
    fn take(&mut self, key: &Key<'_>) -> syn::Result<bool> {
        match key.symbol {
            CODE => key.string(&mut self.code)?,
            SYSTEM => key.string(&mut self.system)?,
            DISPLAY => key.string(&mut self.display)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// A position that takes no keys (the enums of choices and resources, resource variants).
#[derive(Default)]
pub struct NoKeys;

impl Attrs for NoKeys {
    fn take(&mut self, _key: &Key<'_>) -> syn::Result<bool> {
        Ok(false)
    }
}

/// A known keyword inside `#[fhir(...)]`, its value not yet parsed.
pub struct Key<'a> {
    symbol: Symbol,
    meta: &'a ParseNestedMeta<'a>,
    cx: &'a Ctxt,
}

impl Key<'_> {
    fn span(&self) -> Span {
        self.meta
            .path
            .get_ident()
            .map_or_else(Span::call_site, syn::Ident::span)
    }

    /// The keyword alone; a value after it is an error, and passed over.
    fn flag(&self, slot: &mut Flag) -> syn::Result<()> {
        if !self.meta.input.is_empty() && !self.meta.input.peek(Token![,]) {
            self.cx.error(
                self.span(),
                format_args!("`{}` takes no value", self.symbol),
            );
            skip_value(self.meta)?;
        }
        self.set(slot, ());
        Ok(())
    }

    /// `key = "text"`.
    fn string(&self, slot: &mut Option<Attr<String>>) -> syn::Result<()> {
        let text = self.text()?;
        self.set(slot, text);
        Ok(())
    }

    /// `key = "word word"`: at least one word, separated by whitespace.
    fn words(&self, slot: &mut Option<Attr<Vec<String>>>) -> syn::Result<()> {
        let text = self.text()?;
        let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            self.cx.error(
                self.span(),
                format_args!("`{}` lists no types", self.symbol),
            );
        }
        self.set(slot, words);
        Ok(())
    }

    /// The string after `=`. A value that is not one is an error, and the key counts as
    /// given (empty), so it is not reported missing as well.
    fn text(&self) -> syn::Result<String> {
        match self.meta.value().and_then(|v| v.parse::<LitStr>()) {
            Ok(lit) => Ok(lit.value()),
            Err(e) => {
                self.cx.syn_error(e);
                skip_value(self.meta)?;
                Ok(String::new())
            }
        }
    }

    /// Fills `slot` the first time; a second occurrence of the key is an error.
    fn set<T>(&self, slot: &mut Option<Attr<T>>, value: T) {
        if slot.is_some() {
            self.cx.error(
                self.span(),
                format_args!("duplicate `{}` in #[fhir(...)]", self.symbol),
            );
        } else {
            *slot = Some(Attr {
                value,
                span: self.span(),
            });
        }
    }
}

/// The keys of the `#[fhir(...)]` attributes among `attrs`, for an item at `position`.
pub fn parse<A: Attrs>(cx: &Ctxt, attrs: &[Attribute], position: Position) -> A {
    let mut out = A::default();
    for attr in attrs.iter().filter(|a| *a.path() == FHIR) {
        let parsed = attr.parse_nested_meta(|meta| {
            let Some(symbol) = symbol::keyword(&meta.path) else {
                cx.syn_error(meta.error(format_args!(
                    "unknown #[fhir] key `{}`",
                    path_text(&meta.path)
                )));
                return skip_value(&meta);
            };
            let key = Key {
                symbol,
                meta: &meta,
                cx,
            };
            if !out.take(&key)? {
                cx.error(
                    key.span(),
                    format_args!("`{symbol}` is not allowed on {position}"),
                );
                skip_value(&meta)?;
            }
            Ok(())
        });
        if let Err(e) = parsed {
            cx.syn_error(e);
        }
    }
    out
}

/// Passes over the value of a key that was not taken (up to the next comma), so the keys
/// after it are still read.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    meta.input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
            rest = next;
        }
        Ok(((), rest))
    })
}

fn path_text(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.join("::")
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use super::*;
    use crate::internals::symbol::KEYWORDS;

    /// Parses `attrs` at `position`, with the errors as text.
    fn parse_at<A: Attrs>(attrs: &[Attribute], position: Position) -> (A, Vec<String>) {
        let cx = Ctxt::new();
        let parsed = parse(&cx, attrs, position);
        let errors = match cx.check() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        };
        (parsed, errors)
    }

    #[test]
    fn field_keys_parse_into_typed_values() {
        let attrs: Vec<Attribute> = vec![
            parse_quote!(#[doc = "not ours"]),
            parse_quote!(#[fhir(name = "value", required)]),
            parse_quote!(#[fhir(choice = " string  dateTime ")]),
        ];
        let (field, errors) = parse_at::<Field>(&attrs, Position::Field);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(text(&field.name), "value");
        assert!(field.required.is_some());
        assert!(field.primitive.is_none());
        let choice = field.choice.map(|c| c.value);
        assert_eq!(
            choice,
            Some(vec!["string".to_string(), "dateTime".to_string()])
        );
    }

    #[test]
    fn unknown_key_is_an_error_and_the_keys_after_it_are_read() {
        let attrs = [parse_quote!(#[fhir(nmae = "x", name = "value", optional, primitive)])];
        let (field, errors) = parse_at::<Field>(&attrs, Position::Field);
        assert_eq!(
            errors,
            [
                "unknown #[fhir] key `nmae`",
                "unknown #[fhir] key `optional`"
            ]
        );
        assert_eq!(text(&field.name), "value");
        assert!(field.primitive.is_some());
    }

    #[test]
    fn key_given_twice_is_one_error_and_the_first_value_stays() {
        let attrs: Vec<Attribute> = vec![
            parse_quote!(#[fhir(name = "first", primitive)]),
            parse_quote!(#[fhir(name = "second", primitive)]),
        ];
        let (field, errors) = parse_at::<Field>(&attrs, Position::Field);
        assert_eq!(
            errors,
            [
                "duplicate `name` in #[fhir(...)]",
                "duplicate `primitive` in #[fhir(...)]"
            ]
        );
        assert_eq!(text(&field.name), "first");
    }

    #[test]
    fn value_that_is_not_a_string_is_an_error_but_counts_as_given() {
        let attrs = [parse_quote!(#[fhir(name = value, primitive)])];
        let (field, errors) = parse_at::<Field>(&attrs, Position::Field);
        assert_eq!(errors, ["expected string literal"]);
        assert!(field.name.is_some());
        assert!(field.primitive.is_some());
    }

    #[test]
    fn flag_with_a_value_is_an_error_and_the_keys_after_it_are_read() {
        let attrs = [parse_quote!(#[fhir(required = "yes", name = "value")])];
        let (field, errors) = parse_at::<Field>(&attrs, Position::Field);
        assert_eq!(errors, ["`required` takes no value"]);
        assert!(field.required.is_some());
        assert_eq!(text(&field.name), "value");
    }

    #[test]
    fn choice_without_types_is_an_error() {
        let attrs = [parse_quote!(#[fhir(name = "value", choice = "  ")])];
        let (_, errors) = parse_at::<Field>(&attrs, Position::Field);
        assert_eq!(errors, ["`choice` lists no types"]);
    }

    /// Which keywords each position takes: the crate docs' table, row by row.
    #[test]
    fn each_position_takes_the_keywords_of_the_docs_table() {
        let table: [(Position, &[&str]); 8] = [
            (Position::Struct, &["name", "resource", "backbone"]),
            (
                Position::Field,
                &[
                    "name",
                    "required",
                    "primitive",
                    "choice",
                    "attribute",
                    "xhtml",
                    "type",
                    "skip",
                ],
            ),
            (Position::ChoiceEnum, &[]),
            (Position::ChoiceVariant, &["type"]),
            (Position::CodeEnum, &["value_set", "system"]),
            (Position::CodeVariant, &["code", "system", "display"]),
            (Position::ResourceEnum, &[]),
            (Position::ResourceVariant, &[]),
        ];
        for (position, allowed) in table {
            for keyword in KEYWORDS {
                let attrs = [parse_quote!(#[fhir(#keyword = "x")])];
                let errors = match position {
                    Position::Struct => parse_at::<Struct>(&attrs, position).1,
                    Position::Field => parse_at::<Field>(&attrs, position).1,
                    Position::ChoiceVariant => parse_at::<ChoiceVariant>(&attrs, position).1,
                    Position::CodeEnum => parse_at::<CodeEnum>(&attrs, position).1,
                    Position::CodeVariant => parse_at::<CodeVariant>(&attrs, position).1,
                    Position::ChoiceEnum | Position::ResourceEnum | Position::ResourceVariant => {
                        parse_at::<NoKeys>(&attrs, position).1
                    }
                };
                // A flag refuses the value; only the position error matters here.
                let refused = format!("`{keyword}` is not allowed on {position}");
                let is_refused = errors.contains(&refused);
                assert_eq!(
                    is_refused,
                    !allowed.contains(&keyword.as_str()),
                    "{keyword} on {position}: {errors:?}"
                );
            }
        }
    }

    #[test]
    fn refused_key_is_one_error_and_its_value_is_passed_over() {
        let attrs = [parse_quote!(#[fhir(code = "red", name = "x")])];
        let (field, errors) = parse_at::<Field>(&attrs, Position::Field);
        assert_eq!(errors, ["`code` is not allowed on a field"]);
        assert_eq!(text(&field.name), "x");
    }
}
