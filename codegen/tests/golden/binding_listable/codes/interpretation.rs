/// Codes of the required value set <https://example.org/fhir/ValueSet/interpretation>.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interpretation {
    /// `L` · Low
    L,
    /// `N` · Normal
    N,
    /// `H` · High
    H,
}
const _: () = {
    impl ::careconnect_models::rt::CodeValue for Interpretation {
        const VALUE_SET: &'static str = "https://example.org/fhir/ValueSet/interpretation";
        const CODES: &'static [&'static str] = &["L", "N", "H"];
        fn from_code(code: &str) -> ::core::option::Option<Self> {
            match code {
                "L" => ::core::option::Option::Some(Interpretation::L),
                "N" => ::core::option::Option::Some(Interpretation::N),
                "H" => ::core::option::Option::Some(Interpretation::H),
                _ => ::core::option::Option::None,
            }
        }
        fn code(&self) -> &'static str {
            <Self as ::careconnect_models::rt::CodeValue>::CODES[*self as usize]
        }
        fn system(&self) -> ::core::option::Option<&'static str> {
            const SYSTEMS: &[::core::option::Option<&str>] = &[
                ::core::option::Option::Some(
                    "https://example.org/CodeSystem/interpretation",
                ),
                ::core::option::Option::Some(
                    "https://example.org/CodeSystem/interpretation",
                ),
                ::core::option::Option::Some(
                    "https://example.org/CodeSystem/interpretation",
                ),
            ];
            SYSTEMS[*self as usize]
        }
        fn display(&self) -> ::core::option::Option<&'static str> {
            const DISPLAYS: &[::core::option::Option<&str>] = &[
                ::core::option::Option::Some("Low"),
                ::core::option::Option::Some("Normal"),
                ::core::option::Option::Some("High"),
            ];
            DISPLAYS[*self as usize]
        }
    }
    #[allow(clippy::derivable_impls)]
    impl ::core::default::Default for Interpretation {
        fn default() -> Self {
            Interpretation::L
        }
    }
    impl ::careconnect_models::rt::value::ConstDefault for Interpretation {
        const DEFAULT: Self = Interpretation::L;
    }
    impl ::core::fmt::Debug for Interpretation {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            const NAMES: &[&str] = &["L", "N", "H"];
            f.write_str(NAMES[*self as usize])
        }
    }
    impl ::core::fmt::Display for Interpretation {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.write_str(::careconnect_models::rt::CodeValue::code(self))
        }
    }
    impl ::core::str::FromStr for Interpretation {
        type Err = ::careconnect_models::rt::value::UnknownCode;
        fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
            <Self as ::careconnect_models::rt::CodeValue>::from_code(s)
                .ok_or_else(|| ::careconnect_models::rt::value::UnknownCode::new::<
                    Self,
                >(s))
        }
    }
};
