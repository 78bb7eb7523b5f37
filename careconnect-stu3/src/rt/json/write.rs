//! A FHIR JSON writer into a byte buffer, compact or indented.

use super::read::skip_plain;

/// Writes JSON tokens, handling commas and (optionally) indentation.
pub struct JsonWriter {
    out: Vec<u8>,
    indent: Option<usize>,
    level: usize,
    /// Whether the current container already has a member (so the next needs a comma).
    has_member: bool,
}

impl JsonWriter {
    /// A writer producing compact JSON.
    pub fn compact() -> Self {
        JsonWriter {
            out: Vec::new(),
            indent: None,
            level: 0,
            has_member: false,
        }
    }

    /// A writer producing JSON indented by `indent` spaces per level.
    pub fn pretty(indent: usize) -> Self {
        JsonWriter {
            out: Vec::new(),
            indent: Some(indent),
            level: 0,
            has_member: false,
        }
    }

    /// A compact writer appending to `out`.
    pub fn with_buffer(out: Vec<u8>) -> Self {
        JsonWriter {
            out,
            indent: None,
            level: 0,
            has_member: false,
        }
    }

    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// The text written so far (always UTF-8: only `str`s are written).
    pub fn into_string(self) -> String {
        // Every byte came from a `str` or an ASCII literal.
        String::from_utf8(self.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    #[inline]
    fn newline(&mut self) {
        if let Some(n) = self.indent {
            self.out.push(b'\n');
            for _ in 0..self.level * n {
                self.out.push(b' ');
            }
        }
    }

    #[inline]
    fn separator(&mut self) {
        if self.has_member {
            self.out.push(b',');
        }
        self.has_member = true;
        self.newline();
    }

    /// Writes an object key made of `name` followed by `suffix` (choice types:
    /// `value` + `Quantity`), with `_` in front when `underscore` is set.
    pub fn key(&mut self, underscore: bool, name: &str, suffix: &str) {
        self.separator();
        self.out.push(b'"');
        if underscore {
            self.out.push(b'_');
        }
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(suffix.as_bytes());
        self.out.push(b'"');
        self.out.push(b':');
        if self.indent.is_some() {
            self.out.push(b' ');
        }
        // The value that follows is not a member of anything yet.
        self.has_member = false;
    }

    /// Starts an array item (call before writing each item).
    pub fn item(&mut self) {
        self.separator();
    }

    pub fn begin_object(&mut self) {
        self.out.push(b'{');
        self.level += 1;
        self.has_member = false;
    }

    pub fn end_object(&mut self) {
        self.level -= 1;
        if self.has_member {
            self.newline();
        }
        self.out.push(b'}');
        self.has_member = true;
    }

    pub fn begin_array(&mut self) {
        self.out.push(b'[');
        self.level += 1;
        self.has_member = false;
    }

    pub fn end_array(&mut self) {
        self.level -= 1;
        if self.has_member {
            self.newline();
        }
        self.out.push(b']');
        self.has_member = true;
    }

    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
        self.has_member = true;
    }

    pub fn bool(&mut self, v: bool) {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        self.has_member = true;
    }

    /// Writes number text as is (the caller guarantees it is a JSON number).
    pub fn number(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
        self.has_member = true;
    }

    pub fn i64(&mut self, v: i64) {
        // Small and common; avoids going through `fmt`.
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let neg = v < 0;
        let mut n = v.unsigned_abs();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if neg {
            self.out.push(b'-');
        }
        self.out.extend_from_slice(&buf[i..]);
        self.has_member = true;
    }

    /// Writes a string with JSON escaping. Runs of bytes that need none are found eight at
    /// a time (as the reader finds them) and copied whole.
    pub fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.out.reserve(bytes.len() + 2);
        self.out.push(b'"');
        let mut i = 0;
        loop {
            let run_end = skip_plain(bytes, i);
            self.out.extend_from_slice(&bytes[i..run_end]);
            let Some(&b) = bytes.get(run_end) else {
                break;
            };
            self.escape(b);
            i = run_end + 1;
        }
        self.out.push(b'"');
        self.has_member = true;
    }

    /// Writes `v`'s text as a string, formatted straight into the output: for values whose
    /// text never needs escaping (dates and times: digits, `-`, `:`, `.`, `T`, `Z`, `+`).
    pub fn display_string(&mut self, v: &dyn std::fmt::Display) {
        use std::io::Write as _;
        let from = self.out.len();
        self.out.push(b'"');
        // Writing into a `Vec` cannot fail; should a `Display` impl fail, nothing is left.
        if write!(self.out, "{v}").is_err() {
            self.out.truncate(from + 1);
        }
        debug_assert_eq!(
            skip_plain(&self.out, from + 1),
            self.out.len(),
            "needs escaping"
        );
        self.out.push(b'"');
        self.has_member = true;
    }

    /// Writes the escape for `b`, one of `"`, `\` or a control character.
    fn escape(&mut self, b: u8) {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.extend_from_slice(b"\\u00");
                self.out.push(HEX[usize::from(b >> 4)]);
                self.out.push(HEX[usize::from(b & 0xF)]);
                return;
            }
        };
        self.out.extend_from_slice(esc);
    }
}
