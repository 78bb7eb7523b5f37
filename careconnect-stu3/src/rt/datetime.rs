//! FHIR `date`, `dateTime`, `instant` and `time` values that keep their exact text.
//!
//! Each type parses the FHIR 3.0.1 lexical form and displays exactly the text it was parsed
//! from, so a value read from JSON is written back byte for byte: the precision (`2015-02`
//! stays a month), the fractional-second digits (`.5` and `.500` stay different) and the
//! spelling of the offset (`Z`, `+00:00` and `-00:00` stay distinct). Equality and hashing
//! follow that text: two values are equal exactly when they display the same. Nothing here
//! converts between time zones or orders values in time.
//!
//! Beyond the STU3 regexes:
//! - days are checked against the proleptic Gregorian calendar (0000 is a leap year);
//! - negative years, which the regexes allow, are rejected;
//! - fractional seconds have at most 9 digits (nanoseconds);
//! - second 60 (a leap second) is rejected, as the STU3 regexes do.
//!
//! Parsing never panics; a [`ParseError`] says what is wrong and at which byte.
//!
//! ```
//! use careconnect_stu3::rt::datetime::{DateTime, DateTimePrecision, Offset};
//!
//! let dt: DateTime = "2015-02-07T13:28:17.239+02:00".parse()?;
//! assert_eq!(dt.precision(), DateTimePrecision::Second);
//! assert_eq!(dt.nanosecond(), Some(239_000_000));
//! assert_eq!(dt.offset().map(Offset::minutes), Some(120));
//! assert_eq!(dt.to_string(), "2015-02-07T13:28:17.239+02:00");
//!
//! let err = "2015-02-07T13:28:17".parse::<DateTime>().unwrap_err();
//! assert_eq!(err.index(), 19);
//! # Ok::<(), careconnect_stu3::rt::datetime::ParseError>(())
//! ```

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::num::NonZeroU8;
use std::str::FromStr;

/// Fractional seconds keep at most this many digits (nanoseconds).
const MAX_FRACTION_DIGITS: u8 = 9;

/// `±14:00`, the largest offset the STU3 regex allows, in minutes.
const MAX_OFFSET_MINUTES: u16 = 14 * 60;

// --- Errors ----------------------------------------------------------------------------------

/// A text that is not a valid FHIR value: what is wrong, and the byte index where it is.
///
/// Displays as `day 29 is out of range for 2019-02 (01-28) at byte 8`; the FHIR type is left
/// out because the caller usually says it already, and is available from
/// [`fhir_type`](Self::fhir_type). The parsed text is not copied in, so a huge input gives a
/// small error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    fhir_type: &'static str,
    index: usize,
    message: Cow<'static, str>,
}

impl ParseError {
    pub(crate) fn new(
        fhir_type: &'static str,
        index: usize,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        ParseError {
            fhir_type,
            index,
            message: message.into(),
        }
    }

    /// `expected {expected}, found {whatever is at index in text}`.
    pub(crate) fn unexpected(
        fhir_type: &'static str,
        text: &str,
        index: usize,
        expected: &str,
    ) -> Self {
        let found = describe_at(text, index);
        ParseError::new(
            fhir_type,
            index,
            format!("expected {expected}, found {found}"),
        )
    }

    /// Byte index into the parsed text where the problem starts; the length of the text when
    /// it ended too early.
    pub fn index(&self) -> usize {
        self.index
    }

    /// What is wrong, without the index: `month 13 is out of range (01-12)`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The FHIR type that was being parsed: `date`, `dateTime`, `instant`, `time`, `decimal`,
    /// or `time zone offset`.
    pub fn fhir_type(&self) -> &'static str {
        self.fhir_type
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.index)
    }
}

impl Error for ParseError {}

/// The character at byte `index` of `text` for an error message: `'x'`, or `end of text`.
pub(crate) fn describe_at(text: &str, index: usize) -> String {
    match text.get(index..).and_then(|rest| rest.chars().next()) {
        None => "end of text".to_owned(),
        Some(ch) if ch.is_numeric() && !ch.is_ascii_digit() => {
            format!("{ch:?} (only ASCII digits 0-9 are allowed)")
        }
        Some(ch) => format!("{ch:?}"),
    }
}

/// Components given to a constructor that do not make a valid value, such as day 29 of
/// 2019-02, or a number that has no decimal form, such as `f64::NAN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    message: Cow<'static, str>,
}

impl ValueError {
    pub(crate) fn new(message: impl Into<Cow<'static, str>>) -> Self {
        ValueError {
            message: message.into(),
        }
    }

    /// What is wrong: `day 29 is out of range for 2019-02 (01-28)`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for ValueError {}

// --- Calendar and clock rules ----------------------------------------------------------------

fn is_leap_year(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn check_year(year: u16) -> Result<u16, ValueError> {
    if year <= 9999 {
        Ok(year)
    } else {
        Err(ValueError::new(format!(
            "year {year} is out of range (0000-9999)"
        )))
    }
}

fn check_month(month: u8) -> Result<NonZeroU8, ValueError> {
    match NonZeroU8::new(month) {
        Some(nonzero) if month <= 12 => Ok(nonzero),
        _ => Err(ValueError::new(format!(
            "month {month:02} is out of range (01-12)"
        ))),
    }
}

fn check_day(year: u16, month: u8, day: u8) -> Result<NonZeroU8, ValueError> {
    let last = days_in_month(year, month);
    match NonZeroU8::new(day) {
        Some(nonzero) if day <= last => Ok(nonzero),
        _ => Err(ValueError::new(format!(
            "day {day:02} is out of range for {year:04}-{month:02} (01-{last})"
        ))),
    }
}

fn check_hour(hour: u8) -> Result<u8, ValueError> {
    if hour < 24 {
        Ok(hour)
    } else {
        Err(ValueError::new(format!(
            "hour {hour:02} is out of range (00-23)"
        )))
    }
}

fn check_minute(minute: u8) -> Result<u8, ValueError> {
    if minute < 60 {
        Ok(minute)
    } else {
        Err(ValueError::new(format!(
            "minute {minute:02} is out of range (00-59)"
        )))
    }
}

fn check_second(second: u8) -> Result<u8, ValueError> {
    match second {
        0..=59 => Ok(second),
        // The STU3 regexes have no leap second; R4 added it.
        60 => Err(ValueError::new(
            "second 60 is out of range (00-59; no leap seconds in STU3)",
        )),
        _ => Err(ValueError::new(format!(
            "second {second:02} is out of range (00-59)"
        ))),
    }
}

fn check_nanosecond(nanosecond: u32) -> Result<u32, ValueError> {
    if nanosecond < 1_000_000_000 {
        Ok(nanosecond)
    } else {
        Err(ValueError::new(format!(
            "nanosecond {nanosecond} is out of range (0-999999999)"
        )))
    }
}

/// `10^(9 - digits)`: what one unit of the last of `digits` fractional digits is in
/// nanoseconds.
fn fraction_unit(digits: u8) -> u32 {
    10u32.pow(u32::from(MAX_FRACTION_DIGITS.saturating_sub(digits)))
}

// --- Date ------------------------------------------------------------------------------------

/// Which components a [`Date`] has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    /// `YYYY`.
    Year,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-MM-DD`.
    Day,
}

/// A FHIR `date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, kept at the precision it was written in.
///
/// Years run 0000-9999 on the proleptic Gregorian calendar; a day must exist in its month
/// (`2020-02-29` yes, `2019-02-29` no). Values are equal when their text is: `2015`,
/// `2015-01` and `2015-01-01` are three different dates. 4 bytes.
///
/// ```
/// use careconnect_stu3::rt::datetime::{Date, DatePrecision};
///
/// let date: Date = "2020-02-29".parse()?;
/// assert_eq!((date.year(), date.month(), date.day()), (2020, Some(2), Some(29)));
/// assert!("2019-02-29".parse::<Date>().is_err());
///
/// let month = Date::from_year_month(2015, 2)?;
/// assert_eq!(month.precision(), DatePrecision::Month);
/// assert_eq!(month.to_string(), "2015-02");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    // Invariant: year <= 9999; `day` only with `month`; the day exists in that month.
    year: u16,
    month: Option<NonZeroU8>,
    day: Option<NonZeroU8>,
}

impl Date {
    /// `YYYY`; the year must be at most 9999.
    pub fn from_year(year: u16) -> Result<Date, ValueError> {
        Ok(Date {
            year: check_year(year)?,
            month: None,
            day: None,
        })
    }

    /// `YYYY-MM`; the month is 1-12.
    pub fn from_year_month(year: u16, month: u8) -> Result<Date, ValueError> {
        let year = check_year(year)?;
        Ok(Date {
            year,
            month: Some(check_month(month)?),
            day: None,
        })
    }

    /// `YYYY-MM-DD`; the day must exist in that month of that year.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Result<Date, ValueError> {
        let year = check_year(year)?;
        let month_nonzero = check_month(month)?;
        let day = check_day(year, month, day)?;
        Ok(Date {
            year,
            month: Some(month_nonzero),
            day: Some(day),
        })
    }

    /// The year, 0-9999.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1-12, if given.
    pub fn month(self) -> Option<u8> {
        self.month.map(NonZeroU8::get)
    }

    /// The day of the month, 1-31, if given.
    pub fn day(self) -> Option<u8> {
        self.day.map(NonZeroU8::get)
    }

    /// Which components are given.
    pub fn precision(self) -> DatePrecision {
        match (self.month, self.day) {
            (None, _) => DatePrecision::Year,
            (Some(_), None) => DatePrecision::Month,
            (Some(_), Some(_)) => DatePrecision::Day,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{:02}", month.get())?;
        }
        if let Some(day) = self.day {
            write!(f, "-{:02}", day.get())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date(\"{self}\")")
    }
}

impl FromStr for Date {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Date, ParseError> {
        let mut cursor = Cursor::new(text, "date")?;
        let date = cursor.date()?;
        match cursor.peek() {
            None => Ok(date),
            Some(b'T') => Err(cursor.error("a date has no time (a dateTime can)")),
            Some(b'Z' | b'+' | b'-') => Err(cursor.error("a date has no time zone")),
            Some(_) if date.day.is_some() => Err(cursor.unexpected("end of text")),
            Some(_) => Err(cursor.unexpected("'-' or end of text")),
        }
    }
}

impl TryFrom<&str> for Date {
    type Error = ParseError;

    fn try_from(text: &str) -> Result<Date, ParseError> {
        text.parse()
    }
}

// --- Time ------------------------------------------------------------------------------------

/// A time of day, `hh:mm:ss` with optional fractional seconds: a FHIR `time`, and the time
/// part of a [`DateTime`] or [`Instant`].
///
/// The fractional digits are kept as written (1-9 of them), so `12:00:00.5` and
/// `12:00:00.500` have the same [`nanosecond`](Self::nanosecond) but are different values.
/// A FHIR `time` has no time zone. 8 bytes.
///
/// ```
/// use careconnect_stu3::rt::datetime::Time;
///
/// let time: Time = "09:30:00.50".parse()?;
/// assert_eq!((time.hour(), time.minute(), time.second()), (9, 30, 0));
/// assert_eq!((time.nanosecond(), time.fraction_digits()), (500_000_000, 2));
///
/// let built = Time::from_hms_nano(9, 30, 0, 500_000_000)?;
/// assert_eq!(built.to_string(), "09:30:00.5");
/// assert_eq!(built.with_fraction_digits(3)?.to_string(), "09:30:00.500");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Time {
    // Invariant: hour < 24, minute < 60, second < 60; fraction_digits <= 9 (0: no '.');
    // nanosecond < 10^9 and a multiple of fraction_unit(fraction_digits).
    nanosecond: u32,
    hour: u8,
    minute: u8,
    second: u8,
    fraction_digits: u8,
}

impl Time {
    /// `hh:mm:ss` without fractional seconds.
    pub fn from_hms(hour: u8, minute: u8, second: u8) -> Result<Time, ValueError> {
        Time::from_hms_nano(hour, minute, second, 0)
    }

    /// `hh:mm:ss.f`, with as few fractional digits as show `nanosecond` exactly (none when it
    /// is 0); use [`with_fraction_digits`](Self::with_fraction_digits) for more.
    pub fn from_hms_nano(
        hour: u8,
        minute: u8,
        second: u8,
        nanosecond: u32,
    ) -> Result<Time, ValueError> {
        let nanosecond = check_nanosecond(nanosecond)?;
        let mut fraction_digits = 0;
        while !nanosecond.is_multiple_of(fraction_unit(fraction_digits)) {
            fraction_digits += 1;
        }
        Ok(Time {
            nanosecond,
            hour: check_hour(hour)?,
            minute: check_minute(minute)?,
            second: check_second(second)?,
            fraction_digits,
        })
    }

    /// The same time written with exactly `digits` fractional digits (0-9; 0 means no
    /// fraction). Fails rather than drop a non-zero digit.
    pub fn with_fraction_digits(self, digits: u8) -> Result<Time, ValueError> {
        if digits > MAX_FRACTION_DIGITS {
            return Err(ValueError::new(format!(
                "{digits} fractional digits requested; at most 9 are supported"
            )));
        }
        if !self.nanosecond.is_multiple_of(fraction_unit(digits)) {
            return Err(ValueError::new(format!(
                "nanosecond {} needs more than {digits} fractional digits",
                self.nanosecond
            )));
        }
        Ok(Time {
            fraction_digits: digits,
            ..self
        })
    }

    /// The hour, 0-23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0-59.
    pub fn minute(self) -> u8 {
        self.minute
    }

    /// The second, 0-59.
    pub fn second(self) -> u8 {
        self.second
    }

    /// The fractional second in nanoseconds, 0-999 999 999 (`.5` is 500 000 000).
    pub fn nanosecond(self) -> u32 {
        self.nanosecond
    }

    /// How many fractional digits the text has, 0-9.
    pub fn fraction_digits(self) -> u8 {
        self.fraction_digits
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.hour, self.minute, self.second)?;
        if self.fraction_digits > 0 {
            let digits = self.nanosecond / fraction_unit(self.fraction_digits);
            write!(
                f,
                ".{digits:0width$}",
                width = usize::from(self.fraction_digits)
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Time(\"{self}\")")
    }
}

impl FromStr for Time {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Time, ParseError> {
        let mut cursor = Cursor::new(text, "time")?;
        let time = cursor.time()?;
        if matches!(cursor.peek(), Some(b'Z' | b'+' | b'-')) {
            return Err(cursor.error("a FHIR time has no time zone"));
        }
        cursor.end()?;
        Ok(time)
    }
}

impl TryFrom<&str> for Time {
    type Error = ParseError;

    fn try_from(text: &str) -> Result<Time, ParseError> {
        text.parse()
    }
}

// --- Offset ----------------------------------------------------------------------------------

/// The time zone of a [`DateTime`] or [`Instant`], kept as written.
///
/// `Z`, `+00:00` and `-00:00` all mean UTC, but are different values so that each displays as
/// written. Numeric offsets reach at most 14:00 either way. 3 bytes.
///
/// ```
/// use careconnect_stu3::rt::datetime::Offset;
///
/// let offset: Offset = "-05:30".parse()?;
/// assert_eq!(offset.minutes(), -330);
/// assert!(matches!(offset, Offset::Minus(m) if (m.hours(), m.minutes()) == (5, 30)));
/// assert_eq!(Offset::from_minutes(60)?.to_string(), "+01:00");
/// assert_eq!(Offset::Utc.to_string(), "Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Offset {
    /// `Z`.
    Utc,
    /// `+hh:mm`, ahead of UTC, including `+00:00`.
    Plus(OffsetMagnitude),
    /// `-hh:mm`, behind UTC, including `-00:00`.
    Minus(OffsetMagnitude),
}

impl Offset {
    /// The offset `minutes` from UTC (east positive), written `+hh:mm`/`-hh:mm`; 0 gives
    /// `+00:00` (use [`Offset::Utc`] for `Z`). At most ±840 (14 hours).
    pub fn from_minutes(minutes: i16) -> Result<Offset, ValueError> {
        let total = minutes.unsigned_abs();
        let (Ok(hours), Ok(rest)) = (u8::try_from(total / 60), u8::try_from(total % 60)) else {
            return Err(ValueError::new(format!(
                "offset of {minutes} minutes is beyond ±14:00"
            )));
        };
        let magnitude = OffsetMagnitude::new(hours, rest)?;
        Ok(if minutes < 0 {
            Offset::Minus(magnitude)
        } else {
            Offset::Plus(magnitude)
        })
    }

    /// Minutes from UTC, east positive: `Z`, `+00:00` and `-00:00` are 0, `-05:30` is -330.
    pub fn minutes(self) -> i16 {
        match self {
            Offset::Utc => 0,
            Offset::Plus(magnitude) => magnitude.signed_minutes(),
            Offset::Minus(magnitude) => -magnitude.signed_minutes(),
        }
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Offset::Utc => f.write_str("Z"),
            Offset::Plus(magnitude) => write!(f, "+{magnitude}"),
            Offset::Minus(magnitude) => write!(f, "-{magnitude}"),
        }
    }
}

impl fmt::Debug for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Offset(\"{self}\")")
    }
}

impl FromStr for Offset {
    type Err = ParseError;

    /// `Z`, `+hh:mm` or `-hh:mm`.
    fn from_str(text: &str) -> Result<Offset, ParseError> {
        let mut cursor = Cursor::new(text, "time zone offset")?;
        let offset = cursor.offset()?;
        cursor.end()?;
        Ok(offset)
    }
}

impl TryFrom<&str> for Offset {
    type Error = ParseError;

    fn try_from(text: &str) -> Result<Offset, ParseError> {
        text.parse()
    }
}

/// The `hh:mm` of a numeric [`Offset`], at most `14:00`. Displays as `hh:mm`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct OffsetMagnitude {
    // Invariant: minutes < 60 and hours * 60 + minutes <= MAX_OFFSET_MINUTES.
    hours: u8,
    minutes: u8,
}

impl OffsetMagnitude {
    /// `00:00`.
    pub const ZERO: OffsetMagnitude = OffsetMagnitude {
        hours: 0,
        minutes: 0,
    };

    /// `hh:mm`: minutes 0-59, and no more than 14:00 in all.
    pub fn new(hours: u8, minutes: u8) -> Result<OffsetMagnitude, ValueError> {
        if minutes >= 60 {
            return Err(ValueError::new(format!(
                "offset minute {minutes:02} is out of range (00-59)"
            )));
        }
        if u16::from(hours) * 60 + u16::from(minutes) > MAX_OFFSET_MINUTES {
            return Err(ValueError::new(format!(
                "offset {hours:02}:{minutes:02} is beyond 14:00"
            )));
        }
        Ok(OffsetMagnitude { hours, minutes })
    }

    /// The `hh` part, 0-14.
    pub fn hours(self) -> u8 {
        self.hours
    }

    /// The `mm` part, 0-59 (not the total; see [`total_minutes`](Self::total_minutes)).
    pub fn minutes(self) -> u8 {
        self.minutes
    }

    /// `hh * 60 + mm`, 0-840.
    pub fn total_minutes(self) -> u16 {
        u16::from(self.hours) * 60 + u16::from(self.minutes)
    }

    fn signed_minutes(self) -> i16 {
        i16::from(self.hours) * 60 + i16::from(self.minutes)
    }
}

impl fmt::Display for OffsetMagnitude {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hours, self.minutes)
    }
}

impl fmt::Debug for OffsetMagnitude {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OffsetMagnitude(\"{self}\")")
    }
}

// --- DateTime --------------------------------------------------------------------------------

/// Which components a [`DateTime`] has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateTimePrecision {
    /// `YYYY`.
    Year,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM-DDThh:mm:ss`, with or without fractional digits, and always a time zone.
    Second,
}

/// A FHIR `dateTime`: a [`Date`] at any precision, or a full date with a time to the second
/// (fraction optional) and a time zone.
///
/// A time always comes with seconds and a time zone (`2015-02-07T13:28:17Z`); a time zone never
/// comes without a time. Values are equal when their text is. 16 bytes.
///
/// ```
/// use careconnect_stu3::rt::datetime::{Date, DateTime, DateTimePrecision, Offset, Time};
///
/// let month: DateTime = "2015-02".parse()?;
/// assert_eq!((month.precision(), month.day(), month.hour()), (DateTimePrecision::Month, None, None));
///
/// let date = Date::from_ymd(2015, 2, 7)?;
/// let built = DateTime::from_parts(date, Time::from_hms(13, 28, 17)?, Offset::Utc)?;
/// assert_eq!(built.to_string(), "2015-02-07T13:28:17Z");
/// assert_eq!(DateTime::from(date).to_string(), "2015-02-07");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    // Invariant: `time` only with a day-precision `date`.
    date: Date,
    time: Option<(Time, Offset)>,
}

impl DateTime {
    /// A dateTime without a time, at the precision of `date`.
    pub fn from_date(date: Date) -> DateTime {
        DateTime { date, time: None }
    }

    /// A dateTime with a time; `date` must have a day.
    pub fn from_parts(date: Date, time: Time, offset: Offset) -> Result<DateTime, ValueError> {
        if date.day.is_none() {
            return Err(ValueError::new(format!(
                "a dateTime with a time needs a full date (YYYY-MM-DD), not {date}"
            )));
        }
        Ok(DateTime {
            date,
            time: Some((time, offset)),
        })
    }

    /// The date part, at its precision.
    pub fn date(self) -> Date {
        self.date
    }

    /// The time, if given.
    pub fn time(self) -> Option<Time> {
        self.time.map(|(time, _)| time)
    }

    /// The time zone, given exactly when a time is.
    pub fn offset(self) -> Option<Offset> {
        self.time.map(|(_, offset)| offset)
    }

    /// Which components are given.
    pub fn precision(self) -> DateTimePrecision {
        match (self.date.precision(), self.time) {
            (_, Some(_)) => DateTimePrecision::Second,
            (DatePrecision::Year, None) => DateTimePrecision::Year,
            (DatePrecision::Month, None) => DateTimePrecision::Month,
            (DatePrecision::Day, None) => DateTimePrecision::Day,
        }
    }

    /// The year, 0-9999.
    pub fn year(self) -> u16 {
        self.date.year()
    }

    /// The month, 1-12, if given.
    pub fn month(self) -> Option<u8> {
        self.date.month()
    }

    /// The day of the month, 1-31, if given.
    pub fn day(self) -> Option<u8> {
        self.date.day()
    }

    /// The hour, 0-23, if a time is given.
    pub fn hour(self) -> Option<u8> {
        self.time().map(Time::hour)
    }

    /// The minute, 0-59, if a time is given.
    pub fn minute(self) -> Option<u8> {
        self.time().map(Time::minute)
    }

    /// The second, 0-59, if a time is given.
    pub fn second(self) -> Option<u8> {
        self.time().map(Time::second)
    }

    /// The fractional second in nanoseconds (0 when no fraction is written), if a time is
    /// given.
    pub fn nanosecond(self) -> Option<u32> {
        self.time().map(Time::nanosecond)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some((time, offset)) = self.time {
            write!(f, "T{time}{offset}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime(\"{self}\")")
    }
}

impl FromStr for DateTime {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<DateTime, ParseError> {
        let mut cursor = Cursor::new(text, "dateTime")?;
        let date = cursor.date()?;
        let time = match cursor.peek() {
            None => None,
            Some(b'T') if date.day.is_some() => {
                cursor.pos += 1;
                let time = cursor.time()?;
                Some((time, cursor.offset()?))
            }
            Some(b'T') => {
                return Err(cursor.error("a time needs a full date (YYYY-MM-DD) before it"));
            }
            Some(b'Z' | b'+' | b'-') => {
                return Err(cursor.error(
                    "a time zone needs a time before it (YYYY-MM-DDThh:mm:ss and then the zone)",
                ));
            }
            Some(_) if date.day.is_some() => return Err(cursor.unexpected("'T' or end of text")),
            Some(_) => return Err(cursor.unexpected("'-' or end of text")),
        };
        cursor.end()?;
        Ok(DateTime { date, time })
    }
}

impl TryFrom<&str> for DateTime {
    type Error = ParseError;

    fn try_from(text: &str) -> Result<DateTime, ParseError> {
        text.parse()
    }
}

impl From<Date> for DateTime {
    fn from(date: Date) -> DateTime {
        DateTime::from_date(date)
    }
}

impl From<Instant> for DateTime {
    /// The same text as a dateTime.
    fn from(instant: Instant) -> DateTime {
        DateTime {
            date: instant.date(),
            time: Some((instant.time, instant.offset)),
        }
    }
}

// --- Instant ---------------------------------------------------------------------------------

/// A FHIR `instant`: always `YYYY-MM-DDThh:mm:ss`, optional fractional seconds, and a time zone.
///
/// Values are equal when their text is: `…T10:00:00Z` and `…T10:00:00+00:00` differ. 16 bytes.
///
/// ```
/// use careconnect_stu3::rt::datetime::{DateTime, Instant, Offset};
///
/// let instant: Instant = "2017-01-01T00:00:00.000-00:00".parse()?;
/// assert_eq!((instant.year(), instant.month(), instant.day()), (2017, 1, 1));
/// assert_eq!(instant.time().fraction_digits(), 3);
/// assert_eq!(instant.offset().minutes(), 0);
/// assert_eq!(instant.to_string(), "2017-01-01T00:00:00.000-00:00");
///
/// let dt = DateTime::from(instant);
/// assert_eq!(Instant::try_from(dt)?, instant);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instant {
    // Invariant: year <= 9999; the day exists in that month.
    year: u16,
    month: NonZeroU8,
    day: NonZeroU8,
    time: Time,
    offset: Offset,
}

impl Instant {
    /// An instant from its parts; `date` must have a day.
    pub fn from_parts(date: Date, time: Time, offset: Offset) -> Result<Instant, ValueError> {
        match (date.month, date.day) {
            (Some(month), Some(day)) => Ok(Instant {
                year: date.year,
                month,
                day,
                time,
                offset,
            }),
            _ => Err(ValueError::new(format!(
                "an instant needs a full date (YYYY-MM-DD), not {date}"
            ))),
        }
    }

    /// The date part, always at day precision.
    pub fn date(self) -> Date {
        Date {
            year: self.year,
            month: Some(self.month),
            day: Some(self.day),
        }
    }

    /// The time part.
    pub fn time(self) -> Time {
        self.time
    }

    /// The time zone.
    pub fn offset(self) -> Offset {
        self.offset
    }

    /// The year, 0-9999.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1-12.
    pub fn month(self) -> u8 {
        self.month.get()
    }

    /// The day of the month, 1-31.
    pub fn day(self) -> u8 {
        self.day.get()
    }

    /// The hour, 0-23.
    pub fn hour(self) -> u8 {
        self.time.hour
    }

    /// The minute, 0-59.
    pub fn minute(self) -> u8 {
        self.time.minute
    }

    /// The second, 0-59.
    pub fn second(self) -> u8 {
        self.time.second
    }

    /// The fractional second in nanoseconds (0 when no fraction is written).
    pub fn nanosecond(self) -> u32 {
        self.time.nanosecond
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}{}", self.date(), self.time, self.offset)
    }
}

impl fmt::Debug for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Instant(\"{self}\")")
    }
}

impl FromStr for Instant {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Instant, ParseError> {
        let mut cursor = Cursor::new(text, "instant")?;
        let date = cursor.date()?;
        let (Some(month), Some(day)) = (date.month, date.day) else {
            return Err(cursor.unexpected("'-' (an instant is a full YYYY-MM-DDThh:mm:ss+zz:zz)"));
        };
        cursor.expect(b'T', "'T' and a time (an instant always has one)")?;
        let time = cursor.time()?;
        let offset = cursor.offset()?;
        cursor.end()?;
        Ok(Instant {
            year: date.year,
            month,
            day,
            time,
            offset,
        })
    }
}

impl TryFrom<&str> for Instant {
    type Error = ParseError;

    fn try_from(text: &str) -> Result<Instant, ParseError> {
        text.parse()
    }
}

impl TryFrom<DateTime> for Instant {
    type Error = ValueError;

    /// The same text as an instant; fails unless the dateTime has a time.
    fn try_from(date_time: DateTime) -> Result<Instant, ValueError> {
        match date_time.time {
            Some((time, offset)) => Instant::from_parts(date_time.date, time, offset),
            None => Err(ValueError::new(format!(
                "an instant needs a time and a time zone, not just {}",
                date_time.date
            ))),
        }
    }
}

// --- Parser ----------------------------------------------------------------------------------

/// Reads a date/time text left to right. It only ever steps over ASCII bytes, so `pos` is
/// always a char boundary.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    fhir_type: &'static str,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, fhir_type: &'static str) -> Result<Cursor<'a>, ParseError> {
        if text.is_empty() {
            return Err(ParseError::new(fhir_type, 0, "the text is empty"));
        }
        Ok(Cursor {
            text,
            pos: 0,
            fhir_type,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    /// An error at the current position.
    fn error(&self, message: impl Into<Cow<'static, str>>) -> ParseError {
        ParseError::new(self.fhir_type, self.pos, message)
    }

    fn unexpected(&self, expected: &str) -> ParseError {
        ParseError::unexpected(self.fhir_type, self.text, self.pos, expected)
    }

    /// A rule check on a component that starts at `index`.
    fn check<T>(&self, index: usize, checked: Result<T, ValueError>) -> Result<T, ParseError> {
        checked.map_err(|error| ParseError::new(self.fhir_type, index, error.message))
    }

    fn expect(&mut self, byte: u8, expected: &str) -> Result<(), ParseError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn end(&self) -> Result<(), ParseError> {
        if self.pos == self.text.len() {
            Ok(())
        } else {
            Err(self.unexpected("end of text"))
        }
    }

    fn digit(&mut self, count: &str, name: &str) -> Result<u8, ParseError> {
        match self.peek() {
            Some(byte @ b'0'..=b'9') => {
                self.pos += 1;
                Ok(byte - b'0')
            }
            _ => Err(self.unexpected(&format!("{count} digits for the {name}"))),
        }
    }

    fn no_further_digit(&self, count: &str, name: &str) -> Result<(), ParseError> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                Err(self.error(format!("the {name} has more than {count} digits")))
            }
            _ => Ok(()),
        }
    }

    /// Exactly two digits; returns where they start and their value.
    fn two_digits(&mut self, name: &str) -> Result<(usize, u8), ParseError> {
        let start = self.pos;
        let tens = self.digit("two", name)?;
        let ones = self.digit("two", name)?;
        self.no_further_digit("two", name)?;
        Ok((start, tens * 10 + ones))
    }

    /// `YYYY(-MM(-DD)?)?`.
    fn date(&mut self) -> Result<Date, ParseError> {
        if self.peek() == Some(b'-') {
            return Err(self.error("negative years are not supported"));
        }
        let mut year = 0;
        for _ in 0..4 {
            year = year * 10 + u16::from(self.digit("four", "year")?);
        }
        self.no_further_digit("four", "year")?;
        let mut date = Date {
            year,
            month: None,
            day: None,
        };
        if !self.eat(b'-') {
            return Ok(date);
        }
        let (at, month) = self.two_digits("month")?;
        date.month = Some(self.check(at, check_month(month))?);
        if !self.eat(b'-') {
            return Ok(date);
        }
        let (at, day) = self.two_digits("day")?;
        date.day = Some(self.check(at, check_day(year, month, day))?);
        Ok(date)
    }

    /// `hh:mm:ss(.f{1,9})?`.
    fn time(&mut self) -> Result<Time, ParseError> {
        let (at, hour) = self.two_digits("hour")?;
        let hour = self.check(at, check_hour(hour))?;
        self.expect(b':', "':' after the hour")?;
        let (at, minute) = self.two_digits("minute")?;
        let minute = self.check(at, check_minute(minute))?;
        self.expect(
            b':',
            "':' and seconds (a time is hh:mm:ss; seconds are required)",
        )?;
        let (at, second) = self.two_digits("second")?;
        let second = self.check(at, check_second(second))?;
        let (nanosecond, fraction_digits) = self.fraction()?;
        Ok(Time {
            nanosecond,
            hour,
            minute,
            second,
            fraction_digits,
        })
    }

    /// `(.f{1,9})?` as (nanoseconds, digit count).
    fn fraction(&mut self) -> Result<(u32, u8), ParseError> {
        if !self.eat(b'.') {
            return Ok((0, 0));
        }
        let mut value = 0u32;
        let mut digits = 0u8;
        while let Some(byte @ b'0'..=b'9') = self.peek() {
            if digits == MAX_FRACTION_DIGITS {
                return Err(self.error(
                    "more than 9 fractional-second digits (nanoseconds are the finest supported)",
                ));
            }
            value = value * 10 + u32::from(byte - b'0');
            digits += 1;
            self.pos += 1;
        }
        if digits == 0 {
            return Err(self.unexpected("a digit after '.'"));
        }
        Ok((value * fraction_unit(digits), digits))
    }

    /// `Z` or `(+|-)hh:mm`, at most 14:00.
    fn offset(&mut self) -> Result<Offset, ParseError> {
        let start = self.pos;
        let plus = match self.peek() {
            Some(b'Z') => {
                self.pos += 1;
                return Ok(Offset::Utc);
            }
            Some(b'+') => true,
            Some(b'-') => false,
            None => {
                return Err(
                    self.error("a time zone (Z, +hh:mm or -hh:mm) is required after a time")
                );
            }
            Some(_) => return Err(self.unexpected("a time zone (Z, +hh:mm or -hh:mm)")),
        };
        self.pos += 1;
        let (_, hours) = self.two_digits("offset hour")?;
        self.expect(b':', "':' between the offset hours and minutes")?;
        let (at, minutes) = self.two_digits("offset minute")?;
        self.check(at, check_minute(minutes))?;
        let magnitude = self.check(start, OffsetMagnitude::new(hours, minutes))?;
        Ok(if plus {
            Offset::Plus(magnitude)
        } else {
            Offset::Minus(magnitude)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::fmt::Debug;

    fn assert_round_trips<T>(texts: &[&str])
    where
        T: FromStr<Err = ParseError> + fmt::Display,
    {
        for text in texts {
            match text.parse::<T>() {
                Ok(value) => assert_eq!(value.to_string(), *text),
                Err(error) => panic!("{text:?} should parse: {error}"),
            }
        }
    }

    /// Each case: the text, the byte index of the error, and a fragment of its message.
    fn assert_rejects<T>(cases: &[(&str, usize, &str)])
    where
        T: FromStr<Err = ParseError> + Debug,
    {
        for &(text, index, fragment) in cases {
            match text.parse::<T>() {
                Ok(value) => panic!("{text:?} should be rejected, got {value:?}"),
                Err(error) => {
                    assert_eq!(error.index(), index, "{text:?}: {error}");
                    assert!(
                        error.message().contains(fragment),
                        "{text:?}: {error:?} does not mention {fragment:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn date_texts_round_trip_at_every_precision() {
        assert_round_trips::<Date>(&[
            "2015",
            "2015-02",
            "2015-02-07",
            "0000",
            "0000-02-29",
            "0001-01-01",
            "1970-01-01",
            "2000-02-29",
            "2019-12-31",
            "2020-02-29",
            "9999",
            "9999-12-31",
        ]);
    }

    #[test]
    fn invalid_dates_report_reason_and_byte_index() {
        assert_rejects::<Date>(&[
            ("", 0, "empty"),
            ("2015-13", 5, "month 13 is out of range"),
            ("2015-00", 5, "month 00 is out of range"),
            ("2015-02-00", 8, "day 00 is out of range"),
            (
                "2019-02-29",
                8,
                "day 29 is out of range for 2019-02 (01-28)",
            ),
            ("2100-02-29", 8, "day 29 is out of range for 2100-02"),
            (
                "2015-04-31",
                8,
                "day 31 is out of range for 2015-04 (01-30)",
            ),
            ("2015-01-32", 8, "day 32"),
            (
                "2015-1-01",
                6,
                "expected two digits for the month, found '-'",
            ),
            (
                "2015-01-1",
                9,
                "expected two digits for the day, found end of text",
            ),
            (
                "15",
                2,
                "expected four digits for the year, found end of text",
            ),
            ("20150", 4, "the year has more than four digits"),
            ("2015-011", 7, "the month has more than two digits"),
            ("2015-01-011", 10, "the day has more than two digits"),
            ("-2015", 0, "negative years are not supported"),
            ("２０１５", 0, "only ASCII digits"),
            ("2015-0２", 6, "only ASCII digits"),
            (" 2015", 0, "found ' '"),
            ("2015 ", 4, "expected '-' or end of text, found ' '"),
            ("2015-02-07 ", 10, "expected end of text, found ' '"),
            ("2015-02-07\n", 10, "found '\\n'"),
            ("2015-02-07x", 10, "found 'x'"),
            ("2015/02/07", 4, "found '/'"),
            ("2015-", 5, "found end of text"),
            ("+2015", 0, "found '+'"),
            ("2015-02-07T10:00:00Z", 10, "a date has no time"),
            ("2015-02-07Z", 10, "no time zone"),
            ("2015-02-07+01:00", 10, "no time zone"),
            ("2015-02-07-", 10, "no time zone"),
            ("201a", 3, "found 'a'"),
            ("2015-02-07é", 10, "found 'é'"),
        ]);
    }

    #[test]
    fn date_times_round_trip_with_precision_fraction_and_offset_as_written() {
        assert_round_trips::<DateTime>(&[
            "2015",
            "2015-02",
            "2015-02-07",
            "2015-02-07T13:28:17Z",
            "2015-02-07T13:28:17-05:00",
            "2015-02-07T13:28:17+00:00",
            "2015-02-07T13:28:17-00:00",
            "2015-02-07T13:28:17.239+02:00",
            "2017-01-01T00:00:00.000Z",
            "2017-01-01T00:00:00.5Z",
            "2017-01-01T00:00:00.50Z",
            "2017-01-01T00:00:00.000000001Z",
            "2017-01-01T00:00:00.123456789+14:00",
            "2017-01-01T00:00:00-14:00",
            "2017-01-01T23:59:59+13:59",
            "1904-02-29T23:59:59.999999999Z",
            "2020-02-29T00:00:00+05:30",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.9-09:30",
        ]);
    }

    #[test]
    fn invalid_date_times_report_reason_and_byte_index() {
        assert_rejects::<DateTime>(&[
            ("", 0, "empty"),
            (
                "2015-02-07T13:28:17",
                19,
                "a time zone (Z, +hh:mm or -hh:mm) is required",
            ),
            ("2015-02-07T13:28:17.5", 21, "a time zone"),
            ("2015-02-07T13:28Z", 16, "seconds are required"),
            ("2015-02-07T13:28", 16, "seconds are required"),
            (
                "2015-02-07T13Z",
                13,
                "expected ':' after the hour, found 'Z'",
            ),
            (
                "2015-02-07T",
                11,
                "expected two digits for the hour, found end of text",
            ),
            ("2015-02-07T1:28:17Z", 12, "two digits for the hour"),
            ("2015-02-07Z", 10, "a time zone needs a time before it"),
            ("2015-02-07+01:00", 10, "a time zone needs a time"),
            ("2015-02-07-01:00", 10, "a time zone needs a time"),
            ("2015Z", 4, "a time zone needs a time"),
            ("2015-02+01:00", 7, "a time zone needs a time"),
            ("2015-02T10:00:00Z", 7, "a time needs a full date"),
            ("2015T10:00:00Z", 4, "a time needs a full date"),
            (
                "2015-02-07T24:00:00Z",
                11,
                "hour 24 is out of range (00-23)",
            ),
            ("2015-02-07T23:60:00Z", 14, "minute 60 is out of range"),
            ("2015-02-07T23:59:60Z", 17, "no leap seconds"),
            (
                "2015-02-07T00:00:00.1234567890Z",
                29,
                "more than 9 fractional-second digits",
            ),
            (
                "2015-02-07T00:00:00.Z",
                20,
                "expected a digit after '.', found 'Z'",
            ),
            (
                "2015-02-07T00:00:00+14:01",
                19,
                "offset 14:01 is beyond 14:00",
            ),
            (
                "2015-02-07T00:00:00-15:00",
                19,
                "offset 15:00 is beyond 14:00",
            ),
            ("2015-02-07T00:00:00+05:60", 23, "minute 60 is out of range"),
            (
                "2015-02-07T00:00:00+0500",
                22,
                "the offset hour has more than two digits",
            ),
            (
                "2015-02-07T00:00:00+05-00",
                22,
                "expected ':' between the offset hours",
            ),
            ("2015-02-07T00:00:00+05", 22, "found end of text"),
            (
                "2015-02-07T00:00:00+5:00",
                21,
                "two digits for the offset hour",
            ),
            (
                "2015-02-07T00:00:00z",
                19,
                "expected a time zone (Z, +hh:mm or -hh:mm), found 'z'",
            ),
            ("2015-02-07T00:00:00 Z", 19, "found ' '"),
            (
                "2015-02-07t13:28:17Z",
                10,
                "expected 'T' or end of text, found 't'",
            ),
            ("2015-02-07 13:28:17Z", 10, "found ' '"),
            (
                "2015-02-07T13:28:17Z ",
                20,
                "expected end of text, found ' '",
            ),
            (
                "2015-02-07T13:28:17Zx",
                20,
                "expected end of text, found 'x'",
            ),
            ("2015-02-07T13:28:17+01:00:00", 25, "expected end of text"),
            (
                "2019-02-29T00:00:00Z",
                8,
                "day 29 is out of range for 2019-02",
            ),
            ("-2015-01-01T00:00:00Z", 0, "negative years"),
            ("２０１５-01-01", 0, "only ASCII digits"),
        ]);
    }

    #[test]
    fn instants_round_trip_and_need_every_component() {
        assert_round_trips::<Instant>(&[
            "2015-02-07T13:28:17.239+02:00",
            "2017-01-01T00:00:00Z",
            "2017-01-01T00:00:00-00:00",
            "2017-01-01T00:00:00+00:00",
            "2017-01-01T00:00:00.000000000Z",
        ]);
        assert_rejects::<Instant>(&[
            ("", 0, "empty"),
            ("2015", 4, "an instant is a full"),
            ("2015-02", 7, "an instant is a full"),
            ("2015-02-07", 10, "expected 'T' and a time"),
            ("2015-02-07T13:28:17", 19, "a time zone"),
            ("2015-02-07T13:28Z", 16, "seconds are required"),
            ("2015-02-07T13:28:17Zx", 20, "expected end of text"),
            ("2015-02-31T13:28:17Z", 8, "day 31 is out of range"),
        ]);
    }

    #[test]
    fn times_round_trip_and_refuse_time_zones() {
        assert_round_trips::<Time>(&[
            "00:00:00",
            "23:59:59",
            "12:30:00.5",
            "12:30:00.500",
            "12:30:00.123456789",
            "12:30:00.000000000",
        ]);
        assert_rejects::<Time>(&[
            ("", 0, "empty"),
            ("24:00:00", 0, "hour 24 is out of range"),
            ("12:60:00", 3, "minute 60"),
            ("12:00:60", 6, "second 60"),
            ("12:00", 5, "seconds are required"),
            ("12:00:00Z", 8, "a FHIR time has no time zone"),
            ("12:00:00+01:00", 8, "no time zone"),
            ("1:00:00", 1, "two digits for the hour"),
            ("12:00:00.", 9, "a digit after '.'"),
            ("12:00:00.1234567890", 18, "more than 9"),
            ("12:00:00 ", 8, "expected end of text"),
            ("T12:00:00", 0, "two digits for the hour"),
        ]);
    }

    #[test]
    fn offsets_round_trip_and_give_signed_minutes() {
        assert_round_trips::<Offset>(&["Z", "+00:00", "-00:00", "+05:30", "-14:00", "+13:59"]);
        let cases = [
            ("Z", 0),
            ("+00:00", 0),
            ("-00:00", 0),
            ("+05:30", 330),
            ("-14:00", -840),
        ];
        for (text, minutes) in cases {
            assert_eq!(
                text.parse::<Offset>().map(Offset::minutes),
                Ok(minutes),
                "{text}"
            );
        }
        assert_rejects::<Offset>(&[
            ("", 0, "empty"),
            ("z", 0, "found 'z'"),
            ("+14:30", 0, "beyond 14:00"),
            ("UTC", 0, "found 'U'"),
            ("+05:00Z", 6, "expected end of text"),
        ]);
    }

    #[test]
    fn every_day_of_sample_years_is_accepted_exactly_when_it_is_on_the_calendar() {
        // Independent of `days_in_month`: a literal table and a literal list of leap years.
        const MONTH_LENGTHS: [u8; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        const LEAP: [u16; 6] = [0, 4, 400, 2000, 2020, 2024];
        for year in [
            0, 1, 4, 100, 400, 1900, 1970, 2000, 2019, 2020, 2024, 2100, 9999,
        ] {
            let mut valid_days = 0;
            for month in 0..=13u8 {
                for day in 0..=32u8 {
                    let length = match month {
                        2 if LEAP.contains(&year) => 29,
                        1..=12 => MONTH_LENGTHS[usize::from(month - 1)],
                        _ => 0,
                    };
                    let expected = (1..=length).contains(&day);
                    let text = format!("{year:04}-{month:02}-{day:02}");
                    let parsed = text.parse::<Date>();
                    assert_eq!(parsed.is_ok(), expected, "{text}: {parsed:?}");
                    assert_eq!(Date::from_ymd(year, month, day).is_ok(), expected, "{text}");
                    let with_time = format!("{text}T12:34:56.7+01:00");
                    assert_eq!(
                        with_time.parse::<DateTime>().is_ok(),
                        expected,
                        "{with_time}"
                    );
                    assert_eq!(
                        with_time.parse::<Instant>().is_ok(),
                        expected,
                        "{with_time}"
                    );
                    if let Ok(date) = parsed {
                        valid_days += 1;
                        assert_eq!(date.to_string(), text);
                        assert_eq!(
                            (date.year(), date.month(), date.day()),
                            (year, Some(month), Some(day))
                        );
                    }
                }
            }
            let expected_days = if LEAP.contains(&year) { 366 } else { 365 };
            assert_eq!(valid_days, expected_days, "{year}");
        }
    }

    #[test]
    fn every_two_digit_clock_value_is_accepted_exactly_when_in_range() {
        for first in 0..=99u8 {
            for second in 0..=99u8 {
                let hm = format!("{first:02}:{second:02}:00");
                assert_eq!(
                    hm.parse::<Time>().is_ok(),
                    first < 24 && second < 60,
                    "{hm}"
                );
                let ms = format!("00:{first:02}:{second:02}");
                assert_eq!(
                    ms.parse::<Time>().is_ok(),
                    first < 60 && second < 60,
                    "{ms}"
                );
            }
        }
    }

    #[test]
    fn every_two_digit_offset_is_accepted_exactly_up_to_fourteen_hours() {
        for hours in 0..=99u8 {
            for minutes in 0..=99u8 {
                let expected = minutes < 60 && (hours < 14 || (hours == 14 && minutes == 0));
                for sign in ['+', '-'] {
                    let text = format!("2015-02-07T00:00:00{sign}{hours:02}:{minutes:02}");
                    match text.parse::<DateTime>() {
                        Ok(value) => {
                            assert!(expected, "{text} should be rejected");
                            assert_eq!(value.to_string(), text);
                            let magnitude = i16::from(hours) * 60 + i16::from(minutes);
                            let signed = if sign == '-' { -magnitude } else { magnitude };
                            assert_eq!(value.offset().map(Offset::minutes), Some(signed));
                        }
                        Err(error) => assert!(!expected, "{text}: {error}"),
                    }
                }
            }
        }
    }

    #[test]
    fn fraction_digits_are_kept_and_scaled_to_nanoseconds() {
        let cases = [
            (".5", 500_000_000, 1),
            (".50", 500_000_000, 2),
            (".500", 500_000_000, 3),
            (".05", 50_000_000, 2),
            (".123", 123_000_000, 3),
            (".000000001", 1, 9),
            (".999999999", 999_999_999, 9),
            (".0", 0, 1),
            ("", 0, 0),
        ];
        for (fraction, nanosecond, digits) in cases {
            let text = format!("10:20:30{fraction}");
            match text.parse::<Time>() {
                Ok(time) => {
                    assert_eq!(
                        (time.nanosecond(), time.fraction_digits()),
                        (nanosecond, digits)
                    );
                    assert_eq!(time.to_string(), text);
                }
                Err(error) => panic!("{text}: {error}"),
            }
        }
    }

    #[test]
    fn values_are_equal_exactly_when_their_text_is() {
        let groups: [&[&str]; 3] = [
            &["2015", "2015-01", "2015-01-01"],
            &[
                "2015-01-01T00:00:00Z",
                "2015-01-01T00:00:00+00:00",
                "2015-01-01T00:00:00-00:00",
            ],
            &[
                "2015-01-01T00:00:00.5Z",
                "2015-01-01T00:00:00.50Z",
                "2015-01-01T00:00:00Z",
            ],
        ];
        for group in groups {
            let mut set = HashSet::new();
            for text in group {
                match text.parse::<DateTime>() {
                    Ok(value) => assert!(set.insert(value), "{text} equals an earlier value"),
                    Err(error) => panic!("{text}: {error}"),
                }
            }
            for text in group {
                // Parsing again gives an equal (and equally hashed) value.
                assert!(
                    text.parse::<DateTime>()
                        .is_ok_and(|value| set.contains(&value)),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn accessors_return_the_components_of_the_text() -> Result<(), Box<dyn Error>> {
        let dt: DateTime = "2015-02-07T13:28:17.239-05:30".parse()?;
        assert_eq!(dt.precision(), DateTimePrecision::Second);
        assert_eq!((dt.year(), dt.month(), dt.day()), (2015, Some(2), Some(7)));
        assert_eq!(
            (dt.hour(), dt.minute(), dt.second()),
            (Some(13), Some(28), Some(17))
        );
        assert_eq!(dt.nanosecond(), Some(239_000_000));
        assert_eq!(dt.offset().map(Offset::minutes), Some(-330));
        assert_eq!(dt.date().precision(), DatePrecision::Day);

        let precisions = [
            ("2015", DateTimePrecision::Year, DatePrecision::Year),
            ("2015-02", DateTimePrecision::Month, DatePrecision::Month),
            ("2015-02-07", DateTimePrecision::Day, DatePrecision::Day),
        ];
        for (text, precision, date_precision) in precisions {
            let dt: DateTime = text.parse()?;
            assert_eq!(dt.precision(), precision);
            assert_eq!(dt.date().precision(), date_precision);
            assert_eq!(
                (dt.time(), dt.offset(), dt.hour(), dt.nanosecond()),
                (None, None, None, None)
            );
        }

        let instant: Instant = "2015-02-07T13:28:17.239Z".parse()?;
        assert_eq!(
            (instant.year(), instant.month(), instant.day()),
            (2015, 2, 7)
        );
        assert_eq!(
            (instant.hour(), instant.minute(), instant.second()),
            (13, 28, 17)
        );
        assert_eq!(
            (instant.nanosecond(), instant.offset()),
            (239_000_000, Offset::Utc)
        );
        assert_eq!(instant.date(), Date::from_ymd(2015, 2, 7)?);
        Ok(())
    }

    #[test]
    fn constructors_validate_like_the_parser() -> Result<(), Box<dyn Error>> {
        assert_eq!(Date::from_year(2015)?.to_string(), "2015");
        assert_eq!(Date::from_year(0)?.to_string(), "0000");
        assert!(Date::from_year(10_000).is_err());
        assert_eq!(Date::from_year_month(2015, 12)?.to_string(), "2015-12");
        assert!(Date::from_year_month(2015, 0).is_err());
        assert!(Date::from_year_month(2015, 13).is_err());
        assert_eq!(Date::from_ymd(2020, 2, 29)?.to_string(), "2020-02-29");
        let error = Date::from_ymd(2019, 2, 29).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("day 29 is out of range for 2019-02 (01-28)")
        );

        assert!(Time::from_hms(24, 0, 0).is_err());
        assert!(Time::from_hms(0, 60, 0).is_err());
        assert!(Time::from_hms(0, 0, 60).is_err());
        assert!(Time::from_hms_nano(0, 0, 0, 1_000_000_000).is_err());
        assert_eq!(Time::from_hms(9, 5, 0)?.to_string(), "09:05:00");
        assert_eq!(
            Time::from_hms_nano(9, 5, 0, 120_000_000)?.to_string(),
            "09:05:00.12"
        );
        assert_eq!(
            Time::from_hms_nano(9, 5, 0, 1)?.to_string(),
            "09:05:00.000000001"
        );
        let tenth = Time::from_hms_nano(9, 5, 0, 100_000_000)?;
        assert_eq!(tenth.with_fraction_digits(3)?.to_string(), "09:05:00.100");
        assert!(tenth.with_fraction_digits(0).is_err());
        assert!(tenth.with_fraction_digits(10).is_err());
        assert_eq!(
            Time::from_hms(9, 5, 0)?
                .with_fraction_digits(0)?
                .to_string(),
            "09:05:00"
        );

        assert_eq!(Offset::from_minutes(0)?.to_string(), "+00:00");
        assert_eq!(Offset::from_minutes(-300)?.to_string(), "-05:00");
        assert_eq!(Offset::from_minutes(840)?.to_string(), "+14:00");
        assert_eq!(Offset::from_minutes(-840)?.to_string(), "-14:00");
        for minutes in [841, -841, i16::MAX, i16::MIN] {
            assert!(Offset::from_minutes(minutes).is_err(), "{minutes}");
        }
        for minutes in -840..=840 {
            assert_eq!(Offset::from_minutes(minutes)?.minutes(), minutes);
        }
        assert!(OffsetMagnitude::new(14, 1).is_err());
        assert!(OffsetMagnitude::new(0, 60).is_err());
        assert_eq!(OffsetMagnitude::new(5, 30)?.total_minutes(), 330);
        assert_eq!(Offset::Plus(OffsetMagnitude::ZERO).to_string(), "+00:00");

        let day = Date::from_ymd(2015, 2, 7)?;
        let time = Time::from_hms(13, 28, 17)?;
        let dt = DateTime::from_parts(day, time, Offset::Utc)?;
        assert_eq!(dt.to_string(), "2015-02-07T13:28:17Z");
        assert!(DateTime::from_parts(Date::from_year_month(2015, 2)?, time, Offset::Utc).is_err());
        let instant = Instant::from_parts(day, time, Offset::Utc)?;
        assert_eq!(instant.to_string(), "2015-02-07T13:28:17Z");
        assert!(Instant::from_parts(Date::from_year(2015)?, time, Offset::Utc).is_err());
        Ok(())
    }

    #[test]
    fn conversions_keep_the_text() -> Result<(), Box<dyn Error>> {
        let date: Date = "2015-02".parse()?;
        assert_eq!(DateTime::from(date).to_string(), "2015-02");
        let instant: Instant = "2015-02-07T13:28:17.10-00:00".parse()?;
        let dt = DateTime::from(instant);
        assert_eq!(dt.to_string(), "2015-02-07T13:28:17.10-00:00");
        assert_eq!(Instant::try_from(dt)?, instant);
        assert!(Instant::try_from(DateTime::from(date)).is_err());
        assert_eq!(Date::try_from("2015")?.to_string(), "2015");
        assert_eq!(DateTime::try_from("2015")?.to_string(), "2015");
        assert_eq!(
            Instant::try_from("2015-02-07T13:28:17Z")?.to_string(),
            "2015-02-07T13:28:17Z"
        );
        assert_eq!(Time::try_from("13:28:17")?.to_string(), "13:28:17");
        assert_eq!(Offset::try_from("Z")?, Offset::Utc);
        Ok(())
    }

    #[test]
    fn very_long_inputs_fail_at_the_first_byte_past_the_value() {
        let padding = "0".repeat(1 << 20);
        let cases: [(String, usize); 5] = [
            (format!("2015-02-07{padding}"), 10),
            (format!("2015{padding}"), 4),
            (format!("2015-02-07T00:00:00.{padding}Z"), 29),
            (format!("2015-02-07T00:00:00Z{padding}"), 20),
            (format!("2015-02-07T00:00:00Z{}", "x".repeat(1 << 20)), 20),
        ];
        for (text, index) in &cases {
            let error = text.parse::<DateTime>().err().map(|e| e.index());
            assert_eq!(error, Some(*index));
        }
        let error = "9".repeat(1 << 20).parse::<Date>().err();
        assert!(error.is_some_and(|e| e.index() == 4 && e.to_string().len() < 100));
    }

    #[test]
    fn errors_display_message_and_index_and_know_their_type() {
        let error = "2015-13".parse::<Date>().err();
        let shown = error.as_ref().map(ToString::to_string);
        assert_eq!(
            shown.as_deref(),
            Some("month 13 is out of range (01-12) at byte 5")
        );
        assert_eq!(error.map(|e| e.fhir_type()), Some("date"));
        let types = [
            "x".parse::<DateTime>().err().map(|e| e.fhir_type()),
            "x".parse::<Instant>().err().map(|e| e.fhir_type()),
            "x".parse::<Time>().err().map(|e| e.fhir_type()),
        ];
        assert_eq!(types, [Some("dateTime"), Some("instant"), Some("time")]);
    }

    #[test]
    fn debug_shows_the_text() -> Result<(), Box<dyn Error>> {
        assert_eq!(
            format!("{:?}", "2015-02".parse::<Date>()?),
            "Date(\"2015-02\")"
        );
        assert_eq!(
            format!("{:?}", "2015".parse::<DateTime>()?),
            "DateTime(\"2015\")"
        );
        assert_eq!(
            format!("{:?}", "01:02:03.4".parse::<Time>()?),
            "Time(\"01:02:03.4\")"
        );
        assert_eq!(
            format!("{:?}", "-01:00".parse::<Offset>()?),
            "Offset(\"-01:00\")"
        );
        let instant = "2015-02-07T13:28:17Z".parse::<Instant>()?;
        assert_eq!(format!("{instant:?}"), "Instant(\"2015-02-07T13:28:17Z\")");
        Ok(())
    }

    #[test]
    fn values_stay_small() {
        assert_eq!(size_of::<Date>(), 4);
        assert_eq!(size_of::<Time>(), 8);
        assert_eq!(size_of::<Offset>(), 3);
        assert!(size_of::<DateTime>() <= 16, "{}", size_of::<DateTime>());
        assert!(size_of::<Instant>() <= 16, "{}", size_of::<Instant>());
    }
}
