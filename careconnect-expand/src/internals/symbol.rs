//! Every keyword of the `#[fhir(...)]` attribute, spelled once.
//!
//! The derives parse attributes by these constants, and the generator
//! (`careconnect-codegen`'s emitter) builds the `#[fhir(...)]` attributes it writes into the
//! models from them too, so the two cannot disagree on a keyword: a [`Symbol`] prints as
//! the keyword (`Display`, [`Symbol::as_str`]) and quotes as it (`quote!(#NAME = #value)`).
//! The crate docs' table says where each keyword may stand.

use std::fmt;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};
use syn::Path;

/// A keyword of `#[fhir(...)]`, or the attribute's own name ([`FHIR`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Symbol(&'static str);

impl Symbol {
    /// The keyword as written (`"value_set"`).
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The keyword as an identifier, for attributes built with `quote!`.
impl ToTokens for Symbol {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append(Ident::new(self.0, Span::call_site()));
    }
}

impl PartialEq<Symbol> for Ident {
    fn eq(&self, symbol: &Symbol) -> bool {
        self == symbol.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, symbol: &Symbol) -> bool {
        self.is_ident(symbol.0)
    }
}

/// The attribute itself: `#[fhir(...)]`.
pub const FHIR: Symbol = Symbol("fhir");

macro_rules! keywords {
    ($($(#[$doc:meta])* $name:ident = $word:literal,)*) => {
        $($(#[$doc])* pub const $name: Symbol = Symbol($word);)*

        /// Every keyword that may stand inside `#[fhir(...)]`.
        pub const KEYWORDS: &[Symbol] = &[$($name),*];
    };
}

keywords! {
    /// `name = "Patient"` on a struct, `name = "birthDate"` on a field.
    NAME = "name",
    /// `resource` on a struct.
    RESOURCE = "resource",
    /// `backbone` on a struct.
    BACKBONE = "backbone",
    /// `required` on a field.
    REQUIRED = "required",
    /// `primitive` on a field.
    PRIMITIVE = "primitive",
    /// `choice = "boolean dateTime"` on a field.
    CHOICE = "choice",
    /// `attribute` on a field.
    ATTRIBUTE = "attribute",
    /// `xhtml` on a field.
    XHTML = "xhtml",
    /// `type = "dateTime"` on a choice variant; `type = "id"` on a string-valued
    /// `primitive` or `attribute` field.
    TYPE = "type",
    /// `skip` on a field: not an element (runtime state the struct carries beside its
    /// elements); set to its constant default, never read or written.
    SKIP = "skip",
    /// `value_set = "http://…"` on a code enum.
    VALUE_SET = "value_set",
    /// `code = "male"` on a code variant.
    CODE = "code",
    /// `system = "http://…"` on a code enum or a code variant.
    SYSTEM = "system",
    /// `display = "Male"` on a code variant.
    DISPLAY = "display",
}

/// The keyword `path` spells, if it is one.
pub(crate) fn keyword(path: &Path) -> Option<Symbol> {
    KEYWORDS.iter().copied().find(|k| path == k)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use quote::quote;
    use syn::parse_quote;

    use super::*;

    #[test]
    fn keywords_are_distinct_and_print_and_quote_as_written() {
        let words: HashSet<&str> = KEYWORDS.iter().map(|k| k.as_str()).collect();
        assert_eq!(words.len(), KEYWORDS.len());
        assert!(!words.contains(FHIR.as_str()));
        for k in KEYWORDS {
            assert_eq!(k.to_string(), k.as_str());
            assert_eq!(quote!(#k).to_string(), k.as_str());
            assert!(Ident::new(k.as_str(), Span::call_site()) == *k);
        }
        // What the generator writes: `quote!(#TYPE = #code)` is the attribute's text.
        let code = "dateTime";
        assert_eq!(quote!(#TYPE = #code).to_string(), "type = \"dateTime\"");
    }

    #[test]
    fn only_a_lone_keyword_is_a_keyword() {
        assert_eq!(keyword(&parse_quote!(value_set)), Some(VALUE_SET));
        assert_eq!(keyword(&parse_quote!(fhir::name)), None);
        assert_eq!(keyword(&parse_quote!(fhir)), None);
        assert_eq!(keyword(&parse_quote!(Name)), None);
    }
}
