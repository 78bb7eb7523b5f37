//! Errors collected while reading a derive input, so that one run reports every mistake.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::Span;
use quote::ToTokens;

/// The errors found so far. Shared by reference through parsing, building the ast and
/// checking; [`Ctxt::check`] hands them over.
#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    pub fn new() -> Self {
        Ctxt::default()
    }

    /// An error at `span`.
    pub fn error(&self, span: Span, msg: impl Display) {
        self.syn_error(syn::Error::new(span, msg));
    }

    /// An error spanning the tokens of `node`.
    pub fn error_spanned_by(&self, node: impl ToTokens, msg: impl Display) {
        self.syn_error(syn::Error::new_spanned(node, msg));
    }

    /// An error syn reported (a malformed attribute).
    pub fn syn_error(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error);
    }

    /// All errors as one, in the order they were found; `Ok` if there were none.
    pub fn check(self) -> syn::Result<()> {
        let mut errors = self.errors.into_inner().into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut all) => {
                all.extend(errors);
                Err(all)
            }
        }
    }
}
