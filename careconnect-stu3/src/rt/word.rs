//! Scanning bytes eight at a time in a `u64` (little-endian, so the byte that comes first
//! in the input is the lowest): the JSON reader's strings, whitespace in both readers, the
//! narrative `div` check's text.

/// The eight bytes at `i` as a word, if there are eight.
#[inline]
pub(crate) fn load(src: &[u8], i: usize) -> Option<u64> {
    let chunk = src.get(i..i + 8)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    Some(u64::from_le_bytes(word))
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` equal to `b`. A byte above a flagged one may be
/// flagged wrongly (a borrow carries into it), never one below: the lowest flag is exact.
#[inline]
pub(crate) fn equal(w: u64, b: u8) -> u64 {
    let v = w ^ (ONES * u64::from(b));
    v.wrapping_sub(ONES) & !v & HIGH
}

/// The high bit of each byte of `w` below `limit` (at most 0x80), exact for the lowest as
/// [`equal`] is: subtracting `limit` borrows into the high bit only for those bytes (bytes
/// with the high bit already set are excluded by `!w`).
#[inline]
pub(crate) fn below(w: u64, limit: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(limit)) & !w & HIGH
}

/// The end of the whitespace (space, tab, line breaks) that starts at `i` in `src`.
/// Indentation comes in runs of spaces: they are counted eight at a time (the first byte
/// that is not a space ends the run; little-endian, so it is the lowest).
#[inline]
pub(crate) fn skip_whitespace(src: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = src.get(i) {
        i += 1;
        while let Some(w) = load(src, i) {
            let other = w ^ 0x2020_2020_2020_2020;
            if other != 0 {
                i += first(other);
                break;
            }
            i += 8;
        }
    }
    i
}

/// The offset in its word of the lowest flagged byte (`flags` not zero).
#[inline]
pub(crate) fn first(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}
