//! `#[derive(FhirResource)]` on the enum of all resource types (`contained`,
//! `Bundle.entry.resource`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, GenericArgument, PathArguments, Type};

use crate::attr::{Errors, FhirAttrs};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    FhirAttrs::parse(&input.attrs, &mut errors).only(&[], "a resource enum", &mut errors);
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "FhirResource derives only on enums",
        ));
    };
    let mut variants = Vec::new();
    let mut types = Vec::new();
    for v in &data.variants {
        FhirAttrs::parse(&v.attrs, &mut errors).only(&[], "a resource variant", &mut errors);
        let inner = match &v.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => boxed(&f.unnamed[0].ty),
            _ => None,
        };
        match inner {
            Some(t) => types.push(t),
            None => {
                errors.error(
                    v.ident.span(),
                    "a resource variant holds exactly one `Box<Resource>`",
                );
                continue;
            }
        }
        variants.push(&v.ident);
    }
    errors.finish()?;

    let rt = quote!(::careconnect_models::rt);
    let ident = &input.ident;
    let rtv = quote!(::careconnect_models::rt::value);
    let names = variants.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    Ok(quote! {
        const _: () = {
            impl #rt::FhirValue for #ident {
                fn read_json(
                    &mut self,
                    r: &mut #rt::JsonReader<'_>,
                    part: #rt::Part,
                ) -> #rt::Result<()> {
                    *self = <Self as #rt::FhirValue>::read_new(r, part)?;
                    ::core::result::Result::Ok(())
                }
                fn read_new(r: &mut #rt::JsonReader<'_>, part: #rt::Part) -> #rt::Result<Self> {
                    let (at, ty) = #rt::value::peek_resource_type(r, part)?;
                    match &*ty {
                        #(#names => match #rt::value::read_resource::<#types>(r, #names) {
                            ::core::result::Result::Ok(v) => ::core::result::Result::Ok(#ident::#variants(v)),
                            ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                        },)*
                        _ => ::core::result::Result::Err(#rt::value::unknown_resource_type(r, &ty, at)),
                    }
                }
                fn write_json_field(&self, name: &str, suffix: &str, w: &mut #rt::JsonWriter) {
                    w.key(false, name, suffix);
                    #rt::FhirValue::write_json_bare(self, w);
                }
                fn write_json_bare(&self, w: &mut #rt::JsonWriter) {
                    match self {
                        #(#ident::#variants(v) => #rt::FhirValue::write_json_bare(&**v, w),)*
                    }
                }
                ::careconnect_models::rt::if_xml! {
                    fn read_xml<'a>(
                        &mut self,
                        r: &mut #rt::XmlReader<'a>,
                        el: &#rt::XmlElement<'a>,
                        part: #rt::Part,
                    ) -> #rt::Result<()> {
                        *self = <Self as #rt::FhirValue>::read_new_xml(r, el, part)?;
                        ::core::result::Result::Ok(())
                    }
                    fn read_new_xml<'a>(
                        r: &mut #rt::XmlReader<'a>,
                        el: &#rt::XmlElement<'a>,
                        _part: #rt::Part,
                    ) -> #rt::Result<Self> {
                        let inner = #rt::xml::wrapped_resource(r, el)?;
                        r.enter(inner.offset())?;
                        let v = <Self as #rt::FhirValue>::read_xml_bare(r, &inner);
                        r.leave();
                        let v = v?;
                        #rt::xml::end_of_wrapper(r, el)?;
                        ::core::result::Result::Ok(v)
                    }
                    fn read_xml_bare<'a>(
                        r: &mut #rt::XmlReader<'a>,
                        el: &#rt::XmlElement<'a>,
                    ) -> #rt::Result<Self> {
                        match el.name() {
                            #(#names => match #rt::xml::read_resource::<#types>(r, el, #names) {
                                ::core::result::Result::Ok(v) => ::core::result::Result::Ok(#ident::#variants(v)),
                                ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                            },)*
                            _ => ::core::result::Result::Err(#rt::xml::unknown_resource_type(r, el)),
                        }
                    }
                    fn write_xml(&self, name: &str, suffix: &str, w: &mut #rt::XmlWriter) {
                        w.start(name, suffix);
                        #rt::FhirValue::write_xml_bare(self, w);
                        w.end(name, suffix);
                    }
                    fn write_xml_bare(&self, w: &mut #rt::XmlWriter) {
                        match self {
                            #(#ident::#variants(v) => #rt::FhirValue::write_xml_bare(&**v, w),)*
                        }
                    }
                }
            }
            impl ::core::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #rtv::debug_bare(self, ::core::stringify!(#ident), f)
                }
            }
            impl #ident {
                /// The resource type name (`"Patient"`).
                pub fn resource_type(&self) -> &'static str {
                    match self {
                        #(#ident::#variants(_) => #names,)*
                    }
                }
            }
            #(
                impl ::core::convert::From<#types> for #ident {
                    fn from(v: #types) -> Self {
                        #ident::#variants(::std::boxed::Box::new(v))
                    }
                }
                impl ::core::convert::TryFrom<#ident> for #types {
                    type Error = #ident;
                    fn try_from(v: #ident) -> ::core::result::Result<Self, #ident> {
                        match v {
                            #ident::#variants(v) => ::core::result::Result::Ok(*v),
                            other => ::core::result::Result::Err(other),
                        }
                    }
                }
            )*
        };
    })
}

fn boxed(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Box" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(t)) => Some(t),
        _ => None,
    }
}
