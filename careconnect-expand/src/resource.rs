//! `#[derive(FhirResource)]` on the enum of all resource types (`contained`,
//! `Bundle.entry.resource`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Ident, Type};

use crate::internals::ast;
use crate::internals::{check, checked};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let ast = checked(input, ast::resources, check::resources)?;
    // Every variant holds a `Box<Resource>`: `check::resources` made sure.
    let (variants, types): (Vec<_>, Vec<_>) = ast
        .variants
        .iter()
        .filter_map(|v| Some((v.ident(), v.value().and_then(ast::unbox)?)))
        .unzip();
    let rt = quote!(::careconnect_models::rt);
    let ident = &input.ident;
    let rtv = quote!(::careconnect_models::rt::value);
    let names = variants.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    let conversions = conversions(input, &variants, &types);
    let serde_impls = crate::serde_impls(input);
    Ok(quote! {
        const _: () = {
            #serde_impls
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
                /// The resource's `meta`: every resource type has one.
                pub fn meta(&self) -> ::core::option::Option<&crate::stu3::Meta> {
                    match self {
                        #(#ident::#variants(r) => r.meta.as_deref(),)*
                    }
                }
            }
            #conversions
        };
    })
}

/// `From` each resource and `TryFrom` the enum. The fallback gives an enum whose variants
/// are partly wrong these for the variants that are right.
pub(crate) fn conversions(
    input: &DeriveInput,
    variants: &[&Ident],
    types: &[&Type],
) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #(
            impl #impl_generics ::core::convert::From<#types> for #ident #ty_generics #where_clause {
                fn from(v: #types) -> Self {
                    #ident::#variants(::std::boxed::Box::new(v))
                }
            }
            impl #impl_generics ::core::convert::TryFrom<#ident #ty_generics> for #types #where_clause {
                type Error = #ident #ty_generics;
                fn try_from(v: #ident #ty_generics) -> ::core::result::Result<Self, #ident #ty_generics> {
                    match v {
                        #ident::#variants(v) => ::core::result::Result::Ok(*v),
                        other => ::core::result::Result::Err(other),
                    }
                }
            }
        )*
    }
}
