//! The derive input, understood before any tokens are made.
//!
//! In: a `syn::DeriveInput`. Out: its ast, checked, or every error found in it. `attr`
//! parses the `#[fhir(...)]` keys of each position (the keywords are `symbol`'s), `ast`
//! gives the input the shape its derive reads, `check` applies the rules across keys and
//! fields; the errors collect in a `ctxt::Ctxt`, so one run reports every mistake.

pub mod ast;
pub mod attr;
pub mod check;
pub mod ctxt;
pub mod symbol;

use syn::DeriveInput;

use ctxt::Ctxt;

/// Reads `input` into its ast and checks it: the ast if there was no error, else all of
/// them. A shape the derive cannot read at all (an enum where a struct is needed) is the
/// one error reported.
pub fn checked<'a, T>(
    input: &'a DeriveInput,
    from_syn: impl FnOnce(&Ctxt, &'a DeriveInput) -> syn::Result<T>,
    check: impl FnOnce(&Ctxt, &T),
) -> syn::Result<T> {
    let cx = Ctxt::new();
    let ast = from_syn(&cx, input)?;
    check(&cx, &ast);
    cx.check()?;
    Ok(ast)
}
