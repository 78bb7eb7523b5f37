//! FHIR `decimal` values that keep their exact text.

use std::fmt;
use std::str::FromStr;

use crate::rt::datetime::{ParseError, ValueError, describe_at};

/// A FHIR `decimal`, kept as the exact text it was read from.
///
/// The text matches `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`: the STU3 decimal
/// grammar plus an exponent, which is exactly the JSON number grammar, so the JSON reader can
/// hand over a number's text as is. The digits are never re-rendered, so precision survives a
/// round trip (`1.50` stays `1.50`, `-0.0` stays `-0.0`, `1e2` stays `1e2`).
///
/// Equality and hashing are by text: `1.5`, `1.50` and `15e-1` are three different values.
/// Compare [`to_f64`](Self::to_f64) results to compare numbers loosely. One boxed `str`,
/// 16 bytes.
///
/// ```
/// use careconnect_stu3::rt::decimal::Decimal;
///
/// let d: Decimal = "1.50".parse()?;
/// assert_eq!(d.as_str(), "1.50");
/// assert_eq!(d.to_f64(), 1.5);
/// assert!("01".parse::<Decimal>().is_err());
///
/// assert_eq!(Decimal::from(42).as_str(), "42");
/// assert_eq!(Decimal::try_from(0.1)?.as_str(), "0.1");
/// assert!(Decimal::try_from(f64::NAN).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Decimal(Box<str>);

impl Decimal {
    /// The text, exactly as parsed or built.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`. Magnitudes beyond `f64::MAX` give an infinity and ones below the
    /// smallest subnormal give a (signed) zero; digits beyond `f64` precision are rounded.
    pub fn to_f64(&self) -> f64 {
        // The decimal grammar is a subset of what `f64::from_str` accepts, so this never falls
        // back (the tests parse every accepted form).
        self.0.parse().unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal(\"{}\")", self.0)
    }
}

impl AsRef<str> for Decimal {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Decimal {
    type Err = ParseError;

    /// Accepts exactly the JSON number grammar; see [`Decimal`].
    fn from_str(text: &str) -> Result<Decimal, ParseError> {
        check_syntax(text)?;
        Ok(Decimal(text.into()))
    }
}

impl TryFrom<&str> for Decimal {
    type Error = ParseError;

    fn try_from(text: &str) -> Result<Decimal, ParseError> {
        text.parse()
    }
}

macro_rules! decimal_from_integer {
    ($($int:ty),*) => {$(
        impl From<$int> for Decimal {
            /// The integer in plain digits: `-42`.
            fn from(value: $int) -> Decimal {
                Decimal(value.to_string().into_boxed_str())
            }
        }
    )*};
}

decimal_from_integer!(i32, i64, u32, u64);

impl TryFrom<f64> for Decimal {
    type Error = ValueError;

    /// The shortest text that reads back as the same `f64`: `0.1`, `1` (not `1.0`), `-0`,
    /// `1e21`, `1.5e-7`. Plain digits are used from 1e-6 up to below 1e21 and an exponent
    /// outside that, like JavaScript's `Number#toString`. NaN and infinities are refused.
    fn try_from(value: f64) -> Result<Decimal, ValueError> {
        if value.is_finite() {
            Ok(Decimal(shortest_text(value).into_boxed_str()))
        } else {
            Err(ValueError::new(format!("{value} has no decimal form")))
        }
    }
}

/// Checks `text` against `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn check_syntax(text: &str) -> Result<(), ParseError> {
    let bytes = text.as_bytes();
    let unexpected =
        |index: usize, expected: &str| ParseError::unexpected("decimal", text, index, expected);
    let error = |index: usize, message: &'static str| ParseError::new("decimal", index, message);
    let digits_from = |mut index: usize| {
        while bytes.get(index).is_some_and(u8::is_ascii_digit) {
            index += 1;
        }
        index
    };

    if text.is_empty() {
        return Err(error(0, "the text is empty"));
    }
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let word = bytes.get(i..i + 3).unwrap_or_default();
    if word.eq_ignore_ascii_case(b"nan") || word.eq_ignore_ascii_case(b"inf") {
        return Err(error(i, "NaN and infinities are not decimals"));
    }
    match bytes.get(i) {
        Some(b'0') if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
            return Err(error(i, "leading zeros are not allowed"));
        }
        Some(b'0'..=b'9') => i = digits_from(i),
        Some(b'+') if i == 0 => return Err(error(0, "a leading '+' is not allowed")),
        Some(b'.') => return Err(error(i, "a digit is required before '.'")),
        _ => return Err(unexpected(i, "a digit")),
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(unexpected(i, "a digit after '.'"));
        }
        i = digits_from(i);
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(unexpected(i, "a digit in the exponent"));
        }
        i = digits_from(i);
    }
    if i < bytes.len() {
        return Err(ParseError::new(
            "decimal",
            i,
            format!("unexpected {} after the number", describe_at(text, i)),
        ));
    }
    Ok(())
}

/// Shortest round-trip text for a finite `f64` (see `TryFrom<f64>`).
fn shortest_text(value: f64) -> String {
    // `{:e}` gives the shortest digits that read back as `value`: `-1.2345e-7`, `0e0`.
    let scientific = format!("{value:e}");
    let (sign, unsigned) = match scientific.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", scientific.as_str()),
    };
    let (mantissa, exponent) = unsigned.split_once('e').unwrap_or((unsigned, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let (first, rest) = digits.split_at(1.min(digits.len()));

    // `point`: where the decimal point goes, counted in digits from the left of `digits`.
    let point = exponent + 1;
    let count = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    let zeros = |n: i32| "0".repeat(usize::try_from(n).unwrap_or(0));
    if (count..=21).contains(&point) {
        format!("{sign}{digits}{}", zeros(point - count))
    } else if (1..=21).contains(&point) {
        let (whole, fraction) = digits.split_at(usize::try_from(point).unwrap_or(0));
        format!("{sign}{whole}.{fraction}")
    } else if (-5..=0).contains(&point) {
        format!("{sign}0.{}{digits}", zeros(-point))
    } else if rest.is_empty() {
        format!("{sign}{first}e{exponent}")
    } else {
        format!("{sign}{first}.{rest}e{exponent}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_decimals_keep_their_exact_text() {
        let long_digits = format!("1{}", "0".repeat(1 << 20));
        let texts = [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "1",
            "-1",
            "1.50",
            "123.456",
            "0.000001",
            "100",
            "1e10",
            "1E10",
            "1e+10",
            "1e-10",
            "-1.5E-3",
            "1.0e0",
            "0e0",
            "1e0001",
            "12345678901234567890.12345678901234567890",
            &long_digits,
        ];
        for text in texts {
            match text.parse::<Decimal>() {
                Ok(decimal) => {
                    assert_eq!(decimal.as_str(), text);
                    assert_eq!(decimal.to_string(), text);
                    assert!(!decimal.to_f64().is_nan(), "{text}");
                }
                Err(error) => panic!("{text:?}: {error}"),
            }
        }
    }

    #[test]
    fn invalid_decimals_report_reason_and_byte_index() {
        let cases = [
            ("", 0, "empty"),
            ("01", 0, "leading zeros"),
            ("00", 0, "leading zeros"),
            ("-01", 1, "leading zeros"),
            ("+1", 0, "leading '+'"),
            (".5", 0, "a digit is required before '.'"),
            ("-.5", 1, "before '.'"),
            ("1.", 2, "expected a digit after '.', found end of text"),
            ("1.e5", 2, "a digit after '.'"),
            ("1e", 2, "a digit in the exponent"),
            ("1e+", 3, "a digit in the exponent"),
            ("1ee5", 2, "exponent, found 'e'"),
            ("NaN", 0, "NaN and infinities"),
            ("nan", 0, "NaN and infinities"),
            ("Infinity", 0, "NaN and infinities"),
            ("-Infinity", 1, "NaN and infinities"),
            ("inf", 0, "NaN and infinities"),
            (" 1", 0, "expected a digit, found ' '"),
            ("1 ", 1, "unexpected ' ' after the number"),
            ("1,5", 1, "unexpected ','"),
            ("１", 0, "only ASCII digits"),
            ("1２", 1, "only ASCII digits"),
            ("0x10", 1, "unexpected 'x'"),
            ("--1", 1, "expected a digit, found '-'"),
            ("-", 1, "found end of text"),
            ("1.5.5", 3, "unexpected '.'"),
            ("1e5.5", 3, "unexpected '.'"),
            ("e5", 0, "expected a digit"),
        ];
        for (text, index, fragment) in cases {
            match text.parse::<Decimal>() {
                Ok(decimal) => panic!("{text:?} should be rejected, got {decimal:?}"),
                Err(error) => {
                    assert_eq!(error.index(), index, "{text:?}: {error}");
                    assert!(error.message().contains(fragment), "{text:?}: {error}");
                    assert_eq!(error.fhir_type(), "decimal");
                }
            }
        }
        let long = format!("{}x", "1".repeat(1 << 20));
        assert_eq!(
            long.parse::<Decimal>().err().map(|e| e.index()),
            Some(1 << 20)
        );
    }

    #[test]
    fn equality_is_by_text() -> Result<(), ParseError> {
        assert_ne!("1.5".parse::<Decimal>()?, "1.50".parse::<Decimal>()?);
        assert_ne!("15e-1".parse::<Decimal>()?, "1.5".parse::<Decimal>()?);
        assert_eq!("1.50".parse::<Decimal>()?, Decimal::try_from("1.50")?);
        Ok(())
    }

    #[test]
    fn to_f64_reads_every_form_including_out_of_range_exponents() -> Result<(), ParseError> {
        let cases = [
            ("1.50", 1.5),
            ("-1.5E-3", -0.0015),
            ("1e+10", 1e10),
            ("1e400", f64::INFINITY),
            ("-1e400", f64::NEG_INFINITY),
            ("1e-400", 0.0),
            ("1e99999999999999999999999", f64::INFINITY),
            ("1e-99999999999999999999999", 0.0),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<Decimal>()?.to_f64(), expected, "{text}");
        }
        assert!("-0.0".parse::<Decimal>()?.to_f64().is_sign_negative());
        Ok(())
    }

    #[test]
    fn integers_convert_to_plain_digits() {
        assert_eq!(Decimal::from(0i32).as_str(), "0");
        assert_eq!(Decimal::from(-42i32).as_str(), "-42");
        assert_eq!(Decimal::from(i64::MIN).as_str(), "-9223372036854775808");
        assert_eq!(Decimal::from(u32::MAX).as_str(), "4294967295");
        assert_eq!(Decimal::from(u64::MAX).as_str(), "18446744073709551615");
    }

    #[test]
    fn floats_convert_to_the_shortest_text_that_reads_back() -> Result<(), ValueError> {
        let cases = [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (0.1, "0.1"),
            (1.5, "1.5"),
            (100.0, "100"),
            (123.456, "123.456"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (0.00000123, "0.00000123"),
            (1.5e-7, "1.5e-7"),
            (1e20, "100000000000000000000"),
            (1e21, "1e21"),
            (1.25e21, "1.25e21"),
            (123456789012345680000.0, "123456789012345680000"),
            (f64::MAX, "1.7976931348623157e308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
        ];
        for (value, text) in cases {
            assert_eq!(Decimal::try_from(value)?.as_str(), text, "{value:e}");
        }
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(Decimal::try_from(value).is_err(), "{value}");
        }
        Ok(())
    }

    #[test]
    fn float_texts_parse_as_decimals_and_read_back_bit_for_bit() {
        // xorshift64 over raw bit patterns reaches every exponent, subnormals included.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut checked = 0;
        while checked < 100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = f64::from_bits(state);
            if !value.is_finite() {
                continue;
            }
            checked += 1;
            let text = match Decimal::try_from(value) {
                Ok(decimal) => decimal.as_str().to_owned(),
                Err(error) => panic!("{value:e}: {error}"),
            };
            match text.parse::<Decimal>() {
                Ok(decimal) => assert_eq!(decimal.to_f64().to_bits(), value.to_bits(), "{text}"),
                Err(error) => panic!("{value:e} gave {text:?}: {error}"),
            }
        }
    }

    #[test]
    fn debug_shows_the_text() {
        assert_eq!(format!("{:?}", Decimal::from(7)), "Decimal(\"7\")");
    }
}
