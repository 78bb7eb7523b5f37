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

/// A value of another crate's date or time type, as the FHIR type's parts: made into the
/// runtime's value when FHIR can hold it, else kept as invalid text (a year past 9999, say)
/// so that nothing is dropped and the accessor says what is wrong.
#[cfg(any(feature = "chrono", feature = "time"))]
fn date_value(year: i32, month: u8, day: u8) -> Primitive<Date> {
    let made = u16::try_from(year)
        .ok()
        .and_then(|y| Date::from_ymd(y, month, day).ok());
    match made {
        Some(d) => Primitive::from(d),
        None => Primitive::with_invalid_text(format!("{year:04}-{month:02}-{day:02}")),
    }
}

#[cfg(any(feature = "chrono", feature = "time"))]
fn time_parts(hour: u8, minute: u8, second: u8, nano: u32) -> Option<Time> {
    Time::from_hms_nano(hour, minute, second, nano).ok()
}

#[cfg(any(feature = "chrono", feature = "time"))]
fn time_value(hour: u8, minute: u8, second: u8, nano: u32) -> Primitive<Time> {
    match time_parts(hour, minute, second, nano) {
        Some(t) => Primitive::from(t),
        None => Primitive::with_invalid_text(format!("{hour:02}:{minute:02}:{second:02}")),
    }
}

/// The parts of a date and time with an offset (seconds east of UTC).
#[cfg(any(feature = "chrono", feature = "time"))]
struct Stamp {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nano: u32,
    offset_seconds: i32,
}

#[cfg(any(feature = "chrono", feature = "time"))]
impl Stamp {
    fn parts(&self) -> Option<(Date, Time, crate::rt::Offset)> {
        let date = Date::from_ymd(u16::try_from(self.year).ok()?, self.month, self.day).ok()?;
        let time = time_parts(self.hour, self.minute, self.second, self.nano)?;
        let offset = match self.offset_seconds {
            0 => crate::rt::Offset::Utc,
            s if s % 60 == 0 => {
                crate::rt::Offset::from_minutes(i16::try_from(s / 60).ok()?).ok()?
            }
            _ => return None,
        };
        Some((date, time, offset))
    }

    fn text(&self) -> String {
        let s = self.offset_seconds;
        let sign = if s < 0 { '-' } else { '+' };
        let (h, m) = (s.unsigned_abs() / 3600, s.unsigned_abs() % 3600 / 60);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{h:02}:{m:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    fn date_time(&self) -> Primitive<DateTime> {
        match self
            .parts()
            .and_then(|(d, t, o)| DateTime::from_parts(d, t, o).ok())
        {
            Some(v) => Primitive::from(v),
            None => Primitive::with_invalid_text(self.text()),
        }
    }

    fn instant(&self) -> Primitive<Instant> {
        match self
            .parts()
            .and_then(|(d, t, o)| Instant::from_parts(d, t, o).ok())
        {
            Some(v) => Primitive::from(v),
            None => Primitive::with_invalid_text(self.text()),
        }
    }
}

/// `chrono` dates and times: `NaiveDate` ↔ `date`, `NaiveTime` ↔ `time`,
/// `DateTime<FixedOffset>` and `DateTime<Utc>` ↔ `dateTime` and `instant`. Back from FHIR,
/// only values with the precision of the chrono type convert (a `date` of a year alone is
/// no `NaiveDate`).
#[cfg(feature = "chrono")]
mod chrono_values {
    use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime, Offset as _, Timelike, Utc};

    use super::{FromValue, IntoValue, Stamp, date_value, time_value};
    use crate::rt::{Date, DateTime, Instant, Primitive, Time};

    fn stamp<Tz: chrono::TimeZone>(v: &chrono::DateTime<Tz>) -> Stamp {
        let offset = v.offset().fix().local_minus_utc();
        let local = v.naive_local();
        Stamp {
            year: local.year(),
            month: local.month() as u8,
            day: local.day() as u8,
            hour: local.hour() as u8,
            minute: local.minute() as u8,
            second: local.second() as u8,
            nano: local.nanosecond(),
            offset_seconds: offset,
        }
    }

    fn from_parts(
        date: Date,
        time: Time,
        offset_minutes: i32,
    ) -> Option<chrono::DateTime<FixedOffset>> {
        let day = NaiveDate::from_ymd_opt(
            i32::from(date.year()),
            u32::from(date.month()?),
            u32::from(date.day()?),
        )?;
        let t = NaiveTime::from_hms_nano_opt(
            u32::from(time.hour()),
            u32::from(time.minute()),
            u32::from(time.second()),
            time.nanosecond(),
        )?;
        let offset = FixedOffset::east_opt(offset_minutes * 60)?;
        day.and_time(t).and_local_timezone(offset).single()
    }

    impl IntoValue<Primitive<Date>> for NaiveDate {
        fn to_value(&self) -> Primitive<Date> {
            date_value(self.year(), self.month() as u8, self.day() as u8)
        }
    }

    impl FromValue<Primitive<Date>> for NaiveDate {
        fn from_value(value: &Primitive<Date>) -> Option<Self> {
            let d = value.get()?;
            NaiveDate::from_ymd_opt(
                i32::from(d.year()),
                u32::from(d.month()?),
                u32::from(d.day()?),
            )
        }
    }

    impl IntoValue<Primitive<Time>> for NaiveTime {
        fn to_value(&self) -> Primitive<Time> {
            time_value(
                self.hour() as u8,
                self.minute() as u8,
                self.second() as u8,
                self.nanosecond(),
            )
        }
    }

    impl FromValue<Primitive<Time>> for NaiveTime {
        fn from_value(value: &Primitive<Time>) -> Option<Self> {
            let t = value.get()?;
            NaiveTime::from_hms_nano_opt(
                u32::from(t.hour()),
                u32::from(t.minute()),
                u32::from(t.second()),
                t.nanosecond(),
            )
        }
    }

    macro_rules! zoned {
        ($($tz:ty => $back:expr),*) => {$(
            impl IntoValue<Primitive<DateTime>> for chrono::DateTime<$tz> {
                fn to_value(&self) -> Primitive<DateTime> {
                    stamp(self).date_time()
                }
            }
            impl IntoValue<Primitive<Instant>> for chrono::DateTime<$tz> {
                fn to_value(&self) -> Primitive<Instant> {
                    stamp(self).instant()
                }
            }
            impl FromValue<Primitive<DateTime>> for chrono::DateTime<$tz> {
                fn from_value(value: &Primitive<DateTime>) -> Option<Self> {
                    let v = value.get()?;
                    let back: fn(chrono::DateTime<FixedOffset>) -> Self = $back;
                    from_parts(v.date(), v.time()?, i32::from(v.offset()?.minutes())).map(back)
                }
            }
            impl FromValue<Primitive<Instant>> for chrono::DateTime<$tz> {
                fn from_value(value: &Primitive<Instant>) -> Option<Self> {
                    let v = value.get()?;
                    let back: fn(chrono::DateTime<FixedOffset>) -> Self = $back;
                    from_parts(v.date(), v.time(), i32::from(v.offset().minutes())).map(back)
                }
            }
        )*};
    }

    zoned!(FixedOffset => |v| v, Utc => |v| v.with_timezone(&Utc));
}

/// `time` dates and times: `time::Date` ↔ `date`, `time::Time` ↔ `time`,
/// `OffsetDateTime` ↔ `dateTime` and `instant`, with the precision of the `time` type.
#[cfg(feature = "time")]
mod time_values {
    use super::{FromValue, IntoValue, Stamp, date_value, time_value};
    use crate::rt::{Date, DateTime, Instant, Primitive, Time};

    fn stamp(v: &time::OffsetDateTime) -> Stamp {
        Stamp {
            year: v.year(),
            month: u8::from(v.month()),
            day: v.day(),
            hour: v.hour(),
            minute: v.minute(),
            second: v.second(),
            nano: v.nanosecond(),
            offset_seconds: v.offset().whole_seconds(),
        }
    }

    fn date(d: Date) -> Option<time::Date> {
        let month = time::Month::try_from(d.month()?).ok()?;
        time::Date::from_calendar_date(i32::from(d.year()), month, d.day()?).ok()
    }

    fn clock(t: Time) -> Option<time::Time> {
        time::Time::from_hms_nano(t.hour(), t.minute(), t.second(), t.nanosecond()).ok()
    }

    fn offset_date_time(d: Date, t: Time, minutes: i16) -> Option<time::OffsetDateTime> {
        let offset = time::UtcOffset::from_whole_seconds(i32::from(minutes) * 60).ok()?;
        Some(time::PrimitiveDateTime::new(date(d)?, clock(t)?).assume_offset(offset))
    }

    impl IntoValue<Primitive<Date>> for time::Date {
        fn to_value(&self) -> Primitive<Date> {
            date_value(self.year(), u8::from(self.month()), self.day())
        }
    }

    impl FromValue<Primitive<Date>> for time::Date {
        fn from_value(value: &Primitive<Date>) -> Option<Self> {
            date(*value.get()?)
        }
    }

    impl IntoValue<Primitive<Time>> for time::Time {
        fn to_value(&self) -> Primitive<Time> {
            time_value(self.hour(), self.minute(), self.second(), self.nanosecond())
        }
    }

    impl FromValue<Primitive<Time>> for time::Time {
        fn from_value(value: &Primitive<Time>) -> Option<Self> {
            clock(*value.get()?)
        }
    }

    impl IntoValue<Primitive<DateTime>> for time::OffsetDateTime {
        fn to_value(&self) -> Primitive<DateTime> {
            stamp(self).date_time()
        }
    }

    impl IntoValue<Primitive<Instant>> for time::OffsetDateTime {
        fn to_value(&self) -> Primitive<Instant> {
            stamp(self).instant()
        }
    }

    impl FromValue<Primitive<DateTime>> for time::OffsetDateTime {
        fn from_value(value: &Primitive<DateTime>) -> Option<Self> {
            let v = value.get()?;
            offset_date_time(v.date(), v.time()?, v.offset()?.minutes())
        }
    }

    impl FromValue<Primitive<Instant>> for time::OffsetDateTime {
        fn from_value(value: &Primitive<Instant>) -> Option<Self> {
            let v = value.get()?;
            offset_date_time(v.date(), v.time(), v.offset().minutes())
        }
    }
}
