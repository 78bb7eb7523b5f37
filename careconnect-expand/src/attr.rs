//! The `#[fhir(...)]` attribute vocabulary, parsed with spans and duplicate detection.

use proc_macro2::Span;
use syn::{Attribute, LitStr, Result};

/// Collects many spanned errors so users see all of them at once.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub fn error(&mut self, span: Span, msg: impl std::fmt::Display) {
        self.push(syn::Error::new(span, msg));
    }

    pub fn finish(self) -> Result<()> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// One attribute value with the span it was written at.
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// Sets `slot` once; a second occurrence is an error.
fn set<T>(errors: &mut Errors, slot: &mut Option<Spanned<T>>, value: T, span: Span, key: &str) {
    if slot.is_some() {
        errors.error(span, format_args!("duplicate `{key}` in #[fhir(...)]"));
    } else {
        *slot = Some(Spanned { value, span });
    }
}

/// Everything `#[fhir(...)]` may say, on a container, a field or a variant. Each derive
/// then checks that only the keys meaningful in its position were given.
#[derive(Default)]
pub struct FhirAttrs {
    pub name: Option<Spanned<String>>,
    pub resource: Option<Spanned<()>>,
    pub backbone: Option<Spanned<()>>,
    pub primitive: Option<Spanned<()>>,
    pub required: Option<Spanned<()>>,
    pub attribute: Option<Spanned<()>>,
    pub xhtml: Option<Spanned<()>>,
    pub choice: Option<Spanned<Vec<String>>>,
    pub type_code: Option<Spanned<String>>,
    pub code: Option<Spanned<String>>,
    pub system: Option<Spanned<String>>,
    pub display: Option<Spanned<String>>,
    pub value_set: Option<Spanned<String>>,
}

impl FhirAttrs {
    pub fn parse(attrs: &[Attribute], errors: &mut Errors) -> FhirAttrs {
        let mut out = FhirAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("fhir")) {
            let res = attr.parse_nested_meta(|meta| {
                let span = meta
                    .path
                    .segments
                    .first()
                    .map_or_else(Span::call_site, |s| s.ident.span());
                let key = meta
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let string = |meta: &syn::meta::ParseNestedMeta<'_>| -> Result<String> {
                    Ok(meta.value()?.parse::<LitStr>()?.value())
                };
                match key.as_str() {
                    "name" => set(errors, &mut out.name, string(&meta)?, span, "name"),
                    "type" => set(errors, &mut out.type_code, string(&meta)?, span, "type"),
                    "code" => set(errors, &mut out.code, string(&meta)?, span, "code"),
                    "system" => set(errors, &mut out.system, string(&meta)?, span, "system"),
                    "display" => set(errors, &mut out.display, string(&meta)?, span, "display"),
                    "value_set" => set(
                        errors,
                        &mut out.value_set,
                        string(&meta)?,
                        span,
                        "value_set",
                    ),
                    "choice" => {
                        let types: Vec<String> = string(&meta)?
                            .split_whitespace()
                            .map(str::to_string)
                            .collect();
                        if types.is_empty() {
                            errors.error(span, "`choice` lists no types");
                        }
                        set(errors, &mut out.choice, types, span, "choice")
                    }
                    "resource" => set(errors, &mut out.resource, (), span, "resource"),
                    "backbone" => set(errors, &mut out.backbone, (), span, "backbone"),
                    "primitive" => set(errors, &mut out.primitive, (), span, "primitive"),
                    "required" => set(errors, &mut out.required, (), span, "required"),
                    "attribute" => set(errors, &mut out.attribute, (), span, "attribute"),
                    "xhtml" => set(errors, &mut out.xhtml, (), span, "xhtml"),
                    _ => return Err(meta.error(format_args!("unknown #[fhir] key `{key}`"))),
                }
                Ok(())
            });
            if let Err(e) = res {
                errors.push(e);
            }
        }
        out
    }

    /// Reports every key that was given but is not in `allowed`.
    pub fn only(&self, allowed: &[&str], what: &str, errors: &mut Errors) {
        let given: [(&str, Option<Span>); 13] = [
            ("display", self.display.as_ref().map(|s| s.span)),
            ("name", self.name.as_ref().map(|s| s.span)),
            ("resource", self.resource.as_ref().map(|s| s.span)),
            ("backbone", self.backbone.as_ref().map(|s| s.span)),
            ("primitive", self.primitive.as_ref().map(|s| s.span)),
            ("required", self.required.as_ref().map(|s| s.span)),
            ("attribute", self.attribute.as_ref().map(|s| s.span)),
            ("xhtml", self.xhtml.as_ref().map(|s| s.span)),
            ("choice", self.choice.as_ref().map(|s| s.span)),
            ("type", self.type_code.as_ref().map(|s| s.span)),
            ("code", self.code.as_ref().map(|s| s.span)),
            ("system", self.system.as_ref().map(|s| s.span)),
            ("value_set", self.value_set.as_ref().map(|s| s.span)),
        ];
        for (key, span) in given {
            if let Some(span) = span
                && !allowed.contains(&key)
            {
                errors.error(span, format_args!("`{key}` is not allowed on {what}"));
            }
        }
    }
}
