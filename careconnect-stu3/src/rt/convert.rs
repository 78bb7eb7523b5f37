//! Conversions between the values of user types and the items of model elements, for
//! `#[derive(Profiled)]` (see `careconnect_models::rt::derive`). They live beside the code
//! enums' trait so that one impl covers every code enum.

use crate::rt::value::{CodeValue, FhirValue};
use crate::rt::{Date, DateTime, Decimal, Instant, Primitive, Time};

/// A user value that converts into an item of a profile element.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not convert into the element's type `{T}`",
    label = "this field's type does not fit the element",
    note = "the std types, the runtime's Date/DateTime/Instant/Time/Decimal, code enums and structs deriving Profiled for the element convert; implement `careconnect_models::rt::derive::IntoValue` for a type of your own"
)]
pub trait IntoValue<T> {
    fn to_value(&self) -> T;
}

/// An item of a profile element converted back into a user value: `None` when it has no
/// value (only extensions, or a text a lenient read kept as invalid).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be made from the element's type `{T}`",
    label = "this field's type does not fit the element",
    note = "implement `careconnect_models::rt::derive::FromValue` for a type of your own"
)]
pub trait FromValue<T>: Sized {
    fn from_value(value: &T) -> Option<Self>;
}

/// Values held as they are: a user field of the element's own type.
macro_rules! same {
    ($($t:ty),*) => {$(
        impl IntoValue<Primitive<$t>> for $t {
            fn to_value(&self) -> Primitive<$t> {
                Primitive::from(self.clone())
            }
        }
        impl FromValue<Primitive<$t>> for $t {
            fn from_value(value: &Primitive<$t>) -> Option<Self> {
                value.get().cloned()
            }
        }
    )*};
}

same!(
    String, bool, i32, u32, Decimal, Date, DateTime, Instant, Time
);

impl IntoValue<Primitive<String>> for &str {
    fn to_value(&self) -> Primitive<String> {
        Primitive::from(self.to_string())
    }
}

/// Code enums (`AdministrativeGender`): held in a primitive.
impl<C: CodeValue> IntoValue<Primitive<C>> for C {
    fn to_value(&self) -> Primitive<C> {
        Primitive::from(*self)
    }
}

impl<C: CodeValue> FromValue<Primitive<C>> for C {
    fn from_value(value: &Primitive<C>) -> Option<Self> {
        value.get().copied()
    }
}

/// A type of the models (every base type, primitive, choice and resource; the profile
/// layer's types with the models' `derive` feature): a user field of the element's own
/// item type is taken as it is. User types are not: a struct deriving Profiled for an
/// element converts into the element's item type through impls of its own, which a
/// blanket impl for every type would overlap.
pub trait Model {}

impl<T: FhirValue> Model for T {}

/// A value of the element's own item type (a `stu3::Address`, a `Ref<_>`, a
/// `Primitive<String>` with extensions) is taken as it is.
impl<T: Model + Clone> IntoValue<T> for T {
    fn to_value(&self) -> T {
        self.clone()
    }
}

impl<T: Model + Clone> FromValue<T> for T {
    fn from_value(value: &T) -> Option<Self> {
        Some(value.clone())
    }
}
