/// Codes of the required value set <https://example.org/fhir/ValueSet/final-status>.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum FinalStatus {
    /// `final` · Final
    Final,
    /// `amended` · Amended
    Amended,
}
const _: () = {
    impl ::careconnect_models::rt::CodeValue for FinalStatus {
        const VALUE_SET: &'static str = "https://example.org/fhir/ValueSet/final-status";
        const CODES: &'static [&'static str] = &["final", "amended"];
        fn from_code(code: &str) -> ::core::option::Option<Self> {
            match code {
                "final" => ::core::option::Option::Some(FinalStatus::Final),
                "amended" => ::core::option::Option::Some(FinalStatus::Amended),
                _ => ::core::option::Option::None,
            }
        }
        fn code(&self) -> &'static str {
            <Self as ::careconnect_models::rt::CodeValue>::CODES[*self as usize]
        }
        fn system(&self) -> ::core::option::Option<&'static str> {
            const SYSTEMS: &[::core::option::Option<&str>] = &[
                ::core::option::Option::Some("http://hl7.org/fhir/observation-status"),
                ::core::option::Option::Some("http://hl7.org/fhir/observation-status"),
            ];
            SYSTEMS[*self as usize]
        }
        fn display(&self) -> ::core::option::Option<&'static str> {
            const DISPLAYS: &[::core::option::Option<&str>] = &[
                ::core::option::Option::Some("Final"),
                ::core::option::Option::Some("Amended"),
            ];
            DISPLAYS[*self as usize]
        }
    }
    #[allow(clippy::derivable_impls)]
    impl ::core::default::Default for FinalStatus {
        fn default() -> Self {
            FinalStatus::Final
        }
    }
    impl ::careconnect_models::rt::value::ConstDefault for FinalStatus {
        const DEFAULT: Self = FinalStatus::Final;
    }
    impl ::core::fmt::Debug for FinalStatus {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            const NAMES: &[&str] = &["Final", "Amended"];
            f.write_str(NAMES[*self as usize])
        }
    }
    impl ::core::fmt::Display for FinalStatus {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.write_str(::careconnect_models::rt::CodeValue::code(self))
        }
    }
    impl ::core::str::FromStr for FinalStatus {
        type Err = ::careconnect_models::rt::value::UnknownCode;
        fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
            <Self as ::careconnect_models::rt::CodeValue>::from_code(s)
                .ok_or_else(|| ::careconnect_models::rt::value::UnknownCode::new::<
                    Self,
                >(s))
        }
    }
};
