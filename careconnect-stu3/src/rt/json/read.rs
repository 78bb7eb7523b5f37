//! A pull reader for FHIR JSON over a byte slice.
//!
//! The typed readers drive it directly: no intermediate tree is built, object keys are
//! borrowed from the input, and only string values are allocated. Every error carries a
//! byte offset that is turned into line/column when the error is made; FHIR paths are
//! added by the typed readers while the error travels outwards. Issues (lenient mode) are
//! located all at once when they are taken, in one pass over the input.

use std::borrow::Cow;

use crate::rt::lexical::TextRule;
use crate::rt::word;

use crate::rt::error::{
    Error, ErrorKind, Issue, IssueLog, PathSegment, Position, Result, format_path,
};

/// What to do with an element the type does not define.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownElements {
    /// Fail with [`ErrorKind::UnknownElement`] (the default).
    #[default]
    Error,
    /// Skip the element and record an [`Issue`] naming its path and position.
    Report,
}

/// Options for reading FHIR JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    pub unknown_elements: UnknownElements,
    /// Deepest nesting of JSON arrays and objects accepted (default 128). The XML reader
    /// counts the same levels (those of the value's JSON form), so a value within the
    /// limit in one format is within it in the other.
    pub max_depth: usize,
    /// Longest string value accepted for string-based primitives other than
    /// `base64Binary` (default 1 MiB, FHIR's limit for `string`).
    pub max_string_len: usize,
    /// What to do with a required element that is absent: fail (the default), or record
    /// an issue and leave it empty, so that an invalid instance can still be read. A
    /// primitive or repeating element left empty is written back absent, as it came; a
    /// complex one is written as an empty object (`{}`, `<name/>` in XML).
    pub missing_required: MissingRequired,
    /// Most issues one read records (default 1000). Past it, issues are counted, not
    /// kept, and one more issue at the end says how many were not recorded and where the
    /// first of them was found: the memory and time a lenient read spends on issues stay
    /// bounded however many the input holds. `usize::MAX` records every one. See
    /// [`ReadOptions::with_max_issues`].
    pub max_issues: usize,
    /// What to do with a value that breaks a rule FHIR sets for it: the lexical rule of its
    /// type (an empty string, an `id` with a space), a control character, a constraint the
    /// reader checks (`ele-1`: an element has a value or children; `txt-1`, `txt-2`: the
    /// narrative's XHTML; `dom-1` to `dom-4`: contained resources). Fail (the
    /// default), or record an issue and go on (see [`InvalidValues`]).
    pub invalid_values: InvalidValues,
}

/// See [`ReadOptions::invalid_values`].
///
/// With `Report`, the value is kept as written wherever both wire formats can carry it
/// back out (an empty string, a code with two spaces, an empty object, a narrative with a
/// `<script>`): writing gives it back unchanged, and reading that output gives the same
/// issue again. A control character is not kept: XML 1.0 cannot carry it, so it is
/// replaced by U+FFFD and the issue says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidValues {
    Error,
    Report,
}

/// See [`ReadOptions::missing_required`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingRequired {
    Error,
    Report,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            unknown_elements: UnknownElements::Error,
            max_depth: 128,
            max_string_len: 1024 * 1024,
            missing_required: MissingRequired::Error,
            max_issues: 1000,
            invalid_values: InvalidValues::Error,
        }
    }
}

impl ReadOptions {
    /// Whether any problem is reported as an issue rather than an error (readers then
    /// track the path of each element they are in).
    pub fn reports(&self) -> bool {
        self.unknown_elements == UnknownElements::Report
            || self.missing_required == MissingRequired::Report
            || self.invalid_values == InvalidValues::Report
    }

    /// Options that read what is there: unknown elements are skipped, required elements
    /// may be absent and values may break their rules, each reported as an issue instead
    /// of failing.
    pub fn lenient() -> Self {
        ReadOptions {
            unknown_elements: UnknownElements::Report,
            missing_required: MissingRequired::Report,
            invalid_values: InvalidValues::Report,
            ..ReadOptions::default()
        }
    }

    /// The same options recording at most `max` issues (see [`ReadOptions::max_issues`]):
    /// `ReadOptions::lenient().with_max_issues(100)`.
    #[must_use]
    pub const fn with_max_issues(mut self, max: usize) -> Self {
        self.max_issues = max;
        self
    }
}

/// The JSON type of the next value, for error messages and dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

impl Token {
    pub fn describe(self) -> &'static str {
        match self {
            Token::Object => "an object",
            Token::Array => "an array",
            Token::String => "a string",
            Token::Number => "a number",
            Token::Bool => "a boolean",
            Token::Null => "null",
        }
    }
}

/// A saved reader position.
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint {
    pos: usize,
    depth: usize,
}

/// Reads FHIR JSON from a byte slice.
pub struct JsonReader<'a> {
    src: &'a [u8],
    /// The longest prefix of `src` that is UTF-8 (all of it, for any input that can be
    /// read): validated once, so that string values are slices of it and need no check of
    /// their own. The first byte past it is the first invalid one.
    text: &'a str,
    pos: usize,
    depth: usize,
    options: ReadOptions,
    /// Element names and indexes from the root to the current value; only kept in
    /// lenient mode, where issues need their path at the moment they are found.
    path: Vec<PathSegment>,
    issues: IssueLog,
    /// Byte offset of the last key returned by `next_key`.
    key_offset: usize,
    /// Type name of the value being read at the top level (for issue paths).
    root: &'static str,
    /// Offset of the last `\u` escape (or `\b`, `\f`) that gave a control character; see
    /// [`JsonReader::had_control`].
    control_at: usize,
    /// The lexical rule of the string element being read (set by the struct reader).
    text_rule: TextRule,
    /// Whether the resource about to be read stands in `contained` (set by the struct
    /// reader around a `contained` element).
    contained: bool,
    /// What dom-3 needs of the resources being read.
    local_refs: crate::rt::dom3::LocalRefs,
}

impl<'a> JsonReader<'a> {
    pub fn new(src: &'a [u8], options: ReadOptions) -> Self {
        let text = match std::str::from_utf8(src) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&src[..e.valid_up_to()]).unwrap_or(""),
        };
        JsonReader {
            src,
            text,
            pos: 0,
            depth: 0,
            options,
            path: Vec::new(),
            issues: IssueLog::new(options.max_issues),
            key_offset: 0,
            root: "",
            control_at: usize::MAX,
            text_rule: TextRule::String,
            contained: false,
            local_refs: Default::default(),
        }
    }

    /// What the struct readers have noted for dom-3 (see [`crate::rt::dom3`]).
    pub(crate) fn local_refs(&mut self) -> &mut crate::rt::dom3::LocalRefs {
        &mut self.local_refs
    }

    pub fn options(&self) -> &ReadOptions {
        &self.options
    }

    /// Issues recorded in lenient mode (at most [`ReadOptions::max_issues`], then one
    /// saying how many more were found), with their positions.
    pub fn take_issues(&mut self) -> Vec<Issue> {
        self.issues.take(self.src)
    }

    /// The current byte offset.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// How many arrays and objects enclose the current position.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// An error of `kind` at the current position.
    pub fn error(&self, kind: ErrorKind) -> Error {
        self.error_at(kind, self.pos)
    }

    /// An error of `kind` at byte `offset`.
    pub fn error_at(&self, kind: ErrorKind, offset: usize) -> Error {
        Error::new(kind, Some(Position::locate(self.src, offset)))
    }

    fn syntax(&self, msg: impl Into<String>) -> Error {
        if self.pos >= self.src.len() {
            return self.error(ErrorKind::UnexpectedEnd);
        }
        self.error(ErrorKind::Syntax(msg.into()))
    }

    /// Rejects a byte order mark: FHIR JSON is UTF-8 without one.
    pub fn check_start(&self) -> Result<()> {
        if self.src.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Err(self.error_at(
                ErrorKind::Syntax("the input starts with a byte order mark (U+FEFF)".into()),
                0,
            ));
        }
        Ok(())
    }

    /// Checks that only whitespace follows the top-level value.
    pub fn finish(&mut self) -> Result<()> {
        self.skip_ws();
        if self.pos < self.src.len() {
            return Err(self.error(ErrorKind::TrailingContent));
        }
        // Bytes that are not UTF-8 inside skipped content (an unknown element read
        // leniently) were never turned into text: the input is refused all the same.
        if self.text.len() < self.src.len() {
            return Err(self.error_at(ErrorKind::InvalidUtf8, self.text.len()));
        }
        Ok(())
    }

    #[inline]
    fn skip_ws(&mut self) {
        self.pos = word::skip_whitespace(self.src, self.pos);
    }

    /// The type of the next value (after whitespace), without consuming it.
    pub fn peek(&mut self) -> Result<Token> {
        self.skip_ws();
        match self.src.get(self.pos) {
            Some(b'{') => Ok(Token::Object),
            Some(b'[') => Ok(Token::Array),
            Some(b'"') => Ok(Token::String),
            Some(b'-' | b'0'..=b'9') => Ok(Token::Number),
            Some(b't' | b'f') => Ok(Token::Bool),
            Some(b'n') => Ok(Token::Null),
            Some(_) => Err(self.syntax("expected a JSON value")),
            None => Err(self.error(ErrorKind::UnexpectedEnd)),
        }
    }

    /// A [`ErrorKind::WrongType`] error for the next value.
    pub fn wrong_type(&mut self, expected: &'static str) -> Error {
        match self.peek() {
            Ok(found) => self.error(ErrorKind::WrongType {
                expected,
                found: found.describe(),
            }),
            Err(e) => e,
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > self.options.max_depth {
            return Err(self.error(ErrorKind::TooDeep {
                limit: self.options.max_depth,
            }));
        }
        Ok(())
    }

    /// Consumes `{`; the caller then loops over [`JsonReader::next_key`].
    pub fn begin_object(&mut self, expected: &'static str) -> Result<()> {
        if self.peek()? != Token::Object {
            return Err(self.wrong_type(expected));
        }
        self.enter()?;
        self.pos += 1;
        Ok(())
    }

    /// The next key of the current object, or `None` after consuming its `}`.
    /// `first` must start as `true` for each object.
    pub fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>> {
        if !self.key_start(first)? {
            return Ok(None);
        }
        let key = self.string_body()?;
        self.key_end()?;
        Ok(Some(key))
    }

    /// Like [`JsonReader::next_key`], but the key's bytes are not checked to be UTF-8
    /// (the typed readers compare them with their ASCII element names, and check a key
    /// with [`JsonReader::key_text`] only when it is unknown).
    pub fn next_key_bytes(&mut self, first: &mut bool) -> Result<Option<Cow<'a, [u8]>>> {
        if !self.key_start(first)? {
            return Ok(None);
        }
        let start = self.pos + 1;
        let end = skip_plain(self.src, start);
        let key = if self.src.get(end) == Some(&b'"') {
            self.pos = end + 1;
            Cow::Borrowed(&self.src[start..end])
        } else {
            match self.string_body()? {
                Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
                Cow::Owned(s) => Cow::Owned(s.into_bytes()),
            }
        };
        self.key_end()?;
        Ok(Some(key))
    }

    /// A key from [`JsonReader::next_key_bytes`] as text, or an error at the key if it is
    /// not UTF-8.
    pub fn key_text<'k>(&self, key: &'k [u8]) -> Result<&'k str> {
        std::str::from_utf8(key).map_err(|e| {
            self.error_at(
                ErrorKind::InvalidUtf8,
                self.key_offset + 1 + e.valid_up_to(),
            )
        })
    }

    /// Moves past `,` (or `}`, returning false) to the opening quote of the next key.
    #[inline]
    fn key_start(&mut self, first: &mut bool) -> Result<bool> {
        self.skip_ws();
        match self.src.get(self.pos) {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(false);
            }
            Some(b',') if !*first => {
                self.pos += 1;
                self.skip_ws();
            }
            Some(b'"') if *first => {}
            _ => {
                return Err(self.syntax(if *first {
                    "expected a key or '}'"
                } else {
                    "expected ',' or '}'"
                }));
            }
        }
        *first = false;
        if self.src.get(self.pos) != Some(&b'"') {
            return Err(self.syntax("expected a key"));
        }
        self.key_offset = self.pos;
        Ok(true)
    }

    /// Consumes the `:` after a key.
    #[inline]
    fn key_end(&mut self) -> Result<()> {
        self.skip_ws();
        if self.src.get(self.pos) != Some(&b':') {
            return Err(self.syntax("expected ':' after a key"));
        }
        self.pos += 1;
        Ok(())
    }

    /// Consumes `[`; the caller then loops over [`JsonReader::next_item`].
    pub fn begin_array(&mut self, expected: &'static str) -> Result<()> {
        if self.peek()? != Token::Array {
            return Err(self.wrong_type(expected));
        }
        self.enter()?;
        self.pos += 1;
        Ok(())
    }

    /// Whether another item follows in the current array (consuming `,` or the final `]`).
    pub fn next_item(&mut self, first: &mut bool) -> Result<bool> {
        self.skip_ws();
        match self.src.get(self.pos) {
            Some(b']') => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            Some(b',') if !*first => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            _ => Err(self.syntax(if *first {
                "expected a value or ']'"
            } else {
                "expected ',' or ']'"
            })),
        }
    }

    /// Reads a string value.
    pub fn read_str(&mut self, expected: &'static str) -> Result<Cow<'a, str>> {
        if self.peek()? != Token::String {
            return Err(self.wrong_type(expected));
        }
        self.string_body()
    }

    /// Reads a string value into an owned `String`, enforcing `max_string_len`.
    pub fn read_string(&mut self, expected: &'static str) -> Result<String> {
        let start = self.pos;
        let s = self.read_str(expected)?;
        let limit = self.options.max_string_len;
        if s.len() > limit {
            return Err(self.error_at(
                ErrorKind::TooLong {
                    limit,
                    found: s.len(),
                },
                start,
            ));
        }
        Ok(s.into_owned())
    }

    /// Reads a string value with no length limit (base64Binary).
    pub fn read_string_unlimited(&mut self, expected: &'static str) -> Result<String> {
        Ok(self.read_str(expected)?.into_owned())
    }

    /// Parses the string starting at the current `"`.
    ///
    /// Runs of plain bytes are found eight at a time and copied whole; only escapes are
    /// decoded one by one. A string without escapes is borrowed from the input.
    fn string_body(&mut self) -> Result<Cow<'a, str>> {
        debug_assert_eq!(self.src.get(self.pos), Some(&b'"'));
        let src = self.src;
        let start = self.pos + 1;
        let mut i = start;
        let mut run = start;
        let mut buf: Option<String> = None;
        loop {
            i = skip_plain(src, i);
            match src.get(i) {
                Some(b'"') => {
                    let tail = self.text_at(run, i)?;
                    self.pos = i + 1;
                    return Ok(match buf {
                        None => Cow::Borrowed(tail),
                        Some(mut b) => {
                            b.push_str(tail);
                            Cow::Owned(b)
                        }
                    });
                }
                Some(b'\\') => {
                    let plain = self.text_at(run, i)?;
                    let b = buf.get_or_insert_with(|| String::with_capacity(i - start + 16));
                    b.push_str(plain);
                    let esc = src.get(i + 1).copied();
                    i += 2;
                    match esc {
                        Some(b'"') => b.push('"'),
                        Some(b'\\') => b.push('\\'),
                        Some(b'/') => b.push('/'),
                        Some(b'b') => {
                            self.control_at = i - 2;
                            b.push('\u{8}');
                        }
                        Some(b'f') => {
                            self.control_at = i - 2;
                            b.push('\u{c}');
                        }
                        Some(b'n') => b.push('\n'),
                        Some(b'r') => b.push('\r'),
                        Some(b't') => b.push('\t'),
                        Some(b'u') => {
                            let c = self.unicode_escape(&mut i)?;
                            if c < ' ' && !matches!(c, '\t' | '\n' | '\r') {
                                self.control_at = i - 6;
                            }
                            b.push(c);
                        }
                        Some(_) => {
                            self.pos = i - 2;
                            return Err(self.syntax("invalid escape in a string"));
                        }
                        None => {
                            self.pos = src.len();
                            return Err(self.error(ErrorKind::UnexpectedEnd));
                        }
                    }
                    run = i;
                }
                Some(_) => {
                    self.pos = i;
                    return Err(self.syntax("control character in a string (must be escaped)"));
                }
                None => {
                    self.pos = src.len();
                    return Err(self.error(ErrorKind::UnexpectedEnd));
                }
            }
        }
    }

    /// The input from byte `from` to byte `to` as text: a slice of the part validated
    /// once, or an error at the input's first byte that is not UTF-8 (the first within
    /// `from..to`, unless skipped content before it had one).
    #[inline]
    fn text_at(&self, from: usize, to: usize) -> Result<&'a str> {
        match self.text.get(from..to) {
            Some(t) => Ok(t),
            None => Err(self.error_at(ErrorKind::InvalidUtf8, self.text.len())),
        }
    }

    /// Decodes the four hex digits after `\u` at `*i` (and a following low surrogate).
    fn unicode_escape(&mut self, i: &mut usize) -> Result<char> {
        let hi = self.hex4(*i)?;
        *i += 4;
        if (0xD800..0xDC00).contains(&hi) {
            if self.src.get(*i) == Some(&b'\\') && self.src.get(*i + 1) == Some(&b'u') {
                let lo = self.hex4(*i + 2)?;
                if (0xDC00..0xE000).contains(&lo) {
                    *i += 6;
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return char::from_u32(c).ok_or_else(|| self.bad_escape(*i));
                }
            }
            return Err(self.bad_escape(*i));
        }
        char::from_u32(hi).ok_or_else(|| self.bad_escape(*i))
    }

    fn bad_escape(&self, at: usize) -> Error {
        self.error_at(
            ErrorKind::Syntax("invalid \\u escape (lone surrogate)".into()),
            at,
        )
    }

    fn hex4(&self, at: usize) -> Result<u32> {
        let digits = self
            .src
            .get(at..at + 4)
            .ok_or_else(|| self.error(ErrorKind::UnexpectedEnd))?;
        let mut v = 0u32;
        for &d in digits {
            let n = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => {
                    return Err(self.error_at(ErrorKind::Syntax("invalid \\u escape".into()), at));
                }
            };
            v = v * 16 + u32::from(n);
        }
        Ok(v)
    }

    /// Reads a number and returns its exact text (validated against JSON's grammar).
    pub fn read_number(&mut self, expected: &'static str) -> Result<&'a str> {
        if self.peek()? != Token::Number {
            return Err(self.wrong_type(expected));
        }
        let src = self.src;
        let start = self.pos;
        let mut i = start;
        if src.get(i) == Some(&b'-') {
            i += 1;
        }
        match src.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while matches!(src.get(i), Some(b'0'..=b'9')) {
                    i += 1;
                }
            }
            _ => {
                self.pos = i;
                return Err(self.syntax("invalid number"));
            }
        }
        if src.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(src.get(i), Some(b'0'..=b'9')) {
                self.pos = i;
                return Err(self.syntax("invalid number: digits must follow '.'"));
            }
            while matches!(src.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        if matches!(src.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(src.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(src.get(i), Some(b'0'..=b'9')) {
                self.pos = i;
                return Err(self.syntax("invalid number: digits must follow the exponent"));
            }
            while matches!(src.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        self.pos = i;
        // Only ASCII was consumed, so this is within the valid text.
        self.text_at(start, i)
    }

    /// Reads `true` or `false`.
    pub fn read_bool(&mut self, expected: &'static str) -> Result<bool> {
        if self.peek()? != Token::Bool {
            return Err(self.wrong_type(expected));
        }
        if self.src[self.pos..].starts_with(b"true") {
            self.pos += 4;
            Ok(true)
        } else if self.src[self.pos..].starts_with(b"false") {
            self.pos += 5;
            Ok(false)
        } else {
            Err(self.syntax("invalid literal"))
        }
    }

    /// Consumes `null` if it is next; returns whether it was.
    pub fn read_null(&mut self) -> Result<bool> {
        if self.peek()? != Token::Null {
            return Ok(false);
        }
        if self.src[self.pos..].starts_with(b"null") {
            self.pos += 4;
            Ok(true)
        } else {
            Err(self.syntax("invalid literal"))
        }
    }

    /// Skips the next value of any type, checking its syntax, without recursion.
    pub fn skip_value(&mut self) -> Result<()> {
        // `true` = inside an object, `false` = inside an array.
        let mut stack: Vec<bool> = Vec::new();
        loop {
            // One value.
            match self.peek()? {
                Token::Object => {
                    self.begin_object("an object")?;
                    let mut first = true;
                    if self.next_key_bytes(&mut first)?.is_some() {
                        stack.push(true);
                        continue;
                    }
                }
                Token::Array => {
                    self.begin_array("an array")?;
                    let mut first = true;
                    if self.next_item(&mut first)? {
                        stack.push(false);
                        continue;
                    }
                }
                Token::String => {
                    self.string_body()?;
                }
                Token::Number => {
                    self.read_number("a number")?;
                }
                Token::Bool => {
                    self.read_bool("a boolean")?;
                }
                Token::Null => {
                    self.read_null()?;
                }
            }
            // After a value: continue the innermost container or close it.
            loop {
                match stack.last() {
                    None => return Ok(()),
                    Some(true) => {
                        let mut first = false;
                        if self.next_key_bytes(&mut first)?.is_some() {
                            break;
                        }
                        stack.pop();
                    }
                    Some(false) => {
                        let mut first = false;
                        if self.next_item(&mut first)? {
                            break;
                        }
                        stack.pop();
                    }
                }
            }
        }
    }

    /// Looks ahead in the object just opened for `resourceType` and returns its value,
    /// leaving the reader where it was. Used when `resourceType` is not the first key.
    pub fn find_resource_type(&mut self) -> Result<Option<Cow<'a, str>>> {
        let (pos, depth) = (self.pos, self.depth);
        let mut found = None;
        let mut first = true;
        while let Some(key) = self.next_key_bytes(&mut first)? {
            if &*key == b"resourceType" {
                found = Some(self.read_str("a string")?);
                break;
            }
            self.skip_value()?;
        }
        self.pos = pos;
        self.depth = depth;
        Ok(found)
    }

    /// A position to come back to with [`JsonReader::restore`].
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            pos: self.pos,
            depth: self.depth,
        }
    }

    /// Goes back to a checkpoint taken earlier on this reader.
    pub fn restore(&mut self, cp: Checkpoint) {
        self.pos = cp.pos;
        self.depth = cp.depth;
    }

    /// The position of `key` in the object starting at `object` (for errors found after
    /// the object was read); the reader is left where it was.
    pub fn key_position(&mut self, object: Checkpoint, key: &str) -> Option<Position> {
        let at = self.key_offset_in(object, key)?;
        Some(Position::locate(self.src, at))
    }

    /// The byte offset of `key` in the object starting at `object`, as
    /// [`JsonReader::key_position`] finds it, without locating it in lines and columns
    /// (issues are located all at once, when they are taken).
    pub fn key_offset_in(&mut self, object: Checkpoint, key: &str) -> Option<usize> {
        let here = self.checkpoint();
        self.restore(object);
        let mut found = None;
        if self.begin_object("an object").is_ok() {
            let mut first = true;
            while let Ok(Some(k)) = self.next_key_bytes(&mut first) {
                if &*k == key.as_bytes() {
                    found = Some(self.key_offset);
                    break;
                }
                if self.skip_value().is_err() {
                    break;
                }
            }
        }
        self.restore(here);
        found
    }

    /// The input being read.
    pub fn source(&self) -> &'a [u8] {
        self.src
    }

    /// Whether issues need paths (lenient mode); typed readers then call
    /// [`JsonReader::push_path`] / [`JsonReader::pop_path`] around each element.
    #[inline]
    pub fn tracks_path(&self) -> bool {
        self.options.reports()
    }

    /// Sets the type name that issue paths start with.
    pub fn set_root(&mut self, root: &'static str) {
        self.root = root;
    }

    /// Byte offset of the key last returned by [`JsonReader::next_key`].
    pub fn key_offset(&self) -> usize {
        self.key_offset
    }

    pub fn push_path(&mut self, seg: PathSegment) {
        self.path.push(seg);
    }

    pub fn pop_path(&mut self) {
        self.path.pop();
    }

    /// Handles required elements that are absent (`missing` has bit `i` set for field `i`
    /// of `info`) from the object that started at `start`: fails on the first, or
    /// (lenient) records an issue for each.
    pub fn missing_required(
        &mut self,
        info: &crate::rt::value::TypeInfo,
        missing: u128,
        start: usize,
    ) -> Result<()> {
        let first = info.field_names[missing.trailing_zeros() as usize];
        if self.options.missing_required == MissingRequired::Error {
            return Err(self.error_at(ErrorKind::MissingElement(first), start));
        }
        let mut rest = missing;
        while rest != 0 {
            let name = info.field_names[rest.trailing_zeros() as usize];
            rest &= rest - 1;
            let (root, path) = (self.root, &self.path);
            self.issues.record(start, || {
                (
                    format_path(root, path.iter()),
                    format!("{}; left empty", ErrorKind::MissingElement(name)),
                )
            });
        }
        Ok(())
    }

    /// Whether the string value that started at byte `start` and was just read holds a
    /// control character (U+0000–U+001F other than tab, LF, CR). JSON only lets one in as
    /// an escape, so only strings with escapes are ever looked at again.
    #[inline]
    pub fn had_control(&self, start: usize) -> bool {
        (start..self.pos).contains(&self.control_at)
    }

    /// The lexical rule of the string element being read.
    #[inline]
    pub fn text_rule(&self) -> TextRule {
        self.text_rule
    }

    /// Sets the lexical rule of the string element read next (the struct readers do, from
    /// the element's key).
    #[inline]
    pub fn set_text_rule(&mut self, rule: TextRule) {
        self.text_rule = rule;
    }

    /// Whether the resource read next stands in a `contained` element.
    pub fn in_contained(&self) -> bool {
        self.contained
    }

    /// Marks whether the resources read next stand in a `contained` element.
    pub fn set_contained(&mut self, contained: bool) {
        self.contained = contained;
    }

    /// A value that breaks a rule FHIR sets for it (a lexical rule of its type, a
    /// constraint), found at byte `at`: an error, or with
    /// [`InvalidValues::Report`] an issue saying what was done with the value (`outcome`:
    /// "kept as written"), and the read goes on.
    pub fn invalid(
        &mut self,
        kind: impl FnOnce() -> ErrorKind,
        at: usize,
        outcome: &str,
    ) -> Result<()> {
        if self.options.invalid_values == InvalidValues::Error {
            return Err(self.error_at(kind(), at));
        }
        let (root, path) = (self.root, &self.path);
        self.issues.record(at, || {
            (
                format_path(root, path.iter()),
                format!("{}; {outcome}", kind()),
            )
        });
        Ok(())
    }

    /// Handles an element the type does not define: fails, or (lenient) records an issue
    /// and skips the value.
    pub fn unknown_element(
        &mut self,
        name: &str,
        did_you_mean: Option<&'static str>,
    ) -> Result<()> {
        self.not_taken(ErrorKind::UnknownElement {
            name: name.to_string(),
            did_you_mean,
        })
    }

    /// Handles a key the type does not take (`kind` says why: an unknown element, a choice
    /// element named with a type it does not take): fails at the key, or (lenient) records
    /// an issue and skips the value.
    pub fn not_taken(&mut self, kind: ErrorKind) -> Result<()> {
        let key_offset = self.key_offset;
        match self.options.unknown_elements {
            UnknownElements::Error => Err(self.error_at(kind, key_offset)),
            UnknownElements::Report => {
                let (root, path) = (self.root, &self.path);
                self.issues.record(key_offset, || {
                    (format_path(root, path.iter()), format!("{kind}; skipped"))
                });
                self.skip_value()
            }
        }
    }
}

/// The index of the first byte at or after `i` that is `"`, `\\` or a control
/// character, or `src.len()`.
#[inline]
pub(super) fn skip_plain(src: &[u8], mut i: usize) -> usize {
    let from = i;
    while let Some(w) = word::load(src, i) {
        let found = stops(w);
        if found != 0 {
            return i + word::first(found);
        }
        i += 8;
    }
    if i >= src.len() {
        return i;
    }
    // Fewer than eight bytes are left (the end of every string the writer writes): the
    // last eight bytes of the input read again as one word when this call has scanned its
    // bytes before `i` (plain, so they raise no flag and no borrow into the flags above
    // them); otherwise what is left, padded with a plain byte.
    let last = src.len().checked_sub(8).filter(|&at| at >= from);
    let (at, w) = match last.and_then(|at| Some((at, word::load(src, at)?))) {
        Some(last) => last,
        None => {
            let mut padded = [b'a'; 8];
            let rest = &src[i..];
            padded[..rest.len()].copy_from_slice(rest);
            (i, u64::from_le_bytes(padded))
        }
    };
    let found = stops(w);
    if found == 0 {
        src.len()
    } else {
        at + word::first(found)
    }
}

/// The high bit of each byte of `w` that ends a plain run: `"`, `\\` or a control character.
#[inline]
fn stops(w: u64) -> u64 {
    word::equal(w, b'"') | word::equal(w, b'\\') | word::below(w, 0x20)
}

#[cfg(test)]
mod tests {
    use super::skip_plain;

    fn needs_escape(b: u8) -> bool {
        b == b'"' || b == b'\\' || b < 0x20
    }

    #[test]
    fn the_first_byte_ending_a_plain_run_is_found_in_every_lane() {
        // Every byte value in every position of inputs that end inside, at and past a
        // word, with a second stop byte after it (a borrow must not move the first).
        for len in 1..20 {
            for at in 0..len {
                for b in 0u8..=255 {
                    for after in [b'a', b'"', 0x00, 0x01, b'\\'] {
                        let mut text = vec![b'a'; len];
                        text[at] = b;
                        if at + 1 < len {
                            text[at + 1] = after;
                        }
                        // From every start up to the byte: the word loop, the overlapping
                        // last word and the padded rest each find it.
                        for start in 0..=len {
                            let expected = text[start..]
                                .iter()
                                .position(|&c| needs_escape(c))
                                .map_or(len, |p| start + p);
                            assert_eq!(skip_plain(&text, start), expected, "{text:?} from {start}");
                        }
                    }
                }
            }
        }
    }
}
