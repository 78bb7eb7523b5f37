//! Errors from reading FHIR content: what went wrong, at which FHIR path, at which position.

use std::fmt;

/// One step of a FHIR path: an element name or an index into a repeating element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// An element name as it appears on the wire (`birthDate`, `valueQuantity`, `_given`).
    Field(Box<str>),
    /// A 0-based index into a repeating element.
    Index(usize),
    /// The resource type of a resource inside another (`entry[0].resource.ofType(Patient)`).
    Type(&'static str),
}

/// A line/column position in the input (1-based; the column counts characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    /// 0-based byte offset.
    pub offset: usize,
}

impl Position {
    /// The position of byte `offset` in `src`.
    pub fn locate(src: &[u8], offset: usize) -> Position {
        let offset = offset.min(src.len());
        let before = &src[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        // Count characters, not bytes: UTF-8 continuation bytes do not start a character.
        let column = before[line_start..]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count()
            + 1;
        Position {
            line,
            column,
            offset,
        }
    }
}

/// Turns byte offsets of one input into [`Position`]s, exactly as [`Position::locate`]
/// does, but counting on from the offset asked for last instead of from the start: asked
/// in increasing order, the positions of any number of offsets cost one pass over the
/// input. An offset before the last one is counted from the start again.
///
/// [`Position::locate`] alone costs the length of the input per position, which made
/// lenient reading quadratic in the number of issues (each one located from the start).
#[derive(Debug, Clone)]
pub struct Locator<'a> {
    src: &'a [u8],
    last: Position,
}

impl<'a> Locator<'a> {
    /// A locator over `src`, starting at its first byte.
    pub fn new(src: &'a [u8]) -> Self {
        Locator {
            src,
            last: Position {
                line: 1,
                column: 1,
                offset: 0,
            },
        }
    }

    /// The position of byte `offset` (clamped to the input's length, as
    /// [`Position::locate`] does).
    pub fn locate(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.src.len());
        if offset < self.last.offset {
            self.last = Position::locate(self.src, offset);
            return self.last;
        }
        // Lines and characters are counted byte by byte, so the counts over
        // `..last.offset` and `last.offset..offset` add up even when `last.offset` falls
        // inside a character.
        let span = &self.src[self.last.offset..offset];
        let (line, column) = match memchr::memrchr(b'\n', span) {
            None => (self.last.line, self.last.column + characters(span)),
            Some(end) => (
                self.last.line + memchr::memchr_iter(b'\n', span).count(),
                characters(&span[end + 1..]) + 1,
            ),
        };
        self.last = Position {
            line,
            column,
            offset,
        };
        self.last
    }
}

/// The characters that start in `bytes` (UTF-8 continuation bytes do not start one).
fn characters(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not well-formed in the wire format (JSON syntax, bad escape, ...).
    Syntax(String),
    /// The input is not UTF-8.
    InvalidUtf8,
    /// The input ended in the middle of a value.
    UnexpectedEnd,
    /// An element has the wrong JSON type (e.g. a string where an object is expected).
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    /// An element name the type does not define.
    UnknownElement {
        name: String,
        did_you_mean: Option<&'static str>,
    },
    /// The same element appears twice in one object.
    DuplicateElement(String),
    /// A required element is absent.
    MissingElement(&'static str),
    /// Two different types were given for one choice element (`valueString` and
    /// `valueQuantity`).
    ChoiceConflict { first: String, second: String },
    /// `resourceType` names a type other than the one being read.
    ResourceTypeMismatch {
        expected: &'static str,
        found: String,
    },
    /// `resourceType` names no STU3 resource.
    UnknownResourceType(String),
    /// `resourceType` is absent on a resource.
    MissingResourceType,
    /// A primitive value does not match its type's lexical rules.
    InvalidValue {
        type_name: &'static str,
        message: String,
    },
    /// A code outside the required value set of its element.
    UnknownCode {
        code: String,
        value_set: &'static str,
    },
    /// A primitive with neither a value nor extensions (`null` with no `_name` partner).
    EmptyPrimitive,
    /// A value longer than allowed (FHIR strings are limited to 1 MiB).
    TooLong { limit: usize, found: usize },
    /// Nesting deeper than the reader allows (protects the stack).
    TooDeep { limit: usize },
    /// `name` and `_name` arrays of different lengths.
    MisalignedArrays { values: usize, extensions: usize },
    /// Content after the end of the top-level value.
    TrailingContent,
    /// An XML element in another namespace than FHIR's (or XHTML's, for the narrative).
    WrongNamespace {
        expected: &'static str,
        found: String,
    },
    /// An XML attribute the element does not take (a `value` on a complex element, say).
    UnexpectedAttribute { name: String },
    /// An XML element before one that the definition puts ahead of it.
    OutOfOrder { name: String, after: String },
    /// Text where FHIR XML has only elements.
    UnexpectedText,
    /// A rule of the FHIR specification that the value breaks, named by its key: `ele-1`
    /// (an element has a value or children), `txt-1` and `txt-2` (the narrative's XHTML),
    /// `dom-1`, `dom-2`, `dom-3` and `dom-4` (contained resources).
    Constraint { key: &'static str, message: String },
    /// A choice element named with a type it does not take (`valueInteger` where
    /// `value[x]` has no `integer`).
    ChoiceTypeNotAllowed {
        /// The element name as written (`valueInteger`).
        name: String,
        /// The FHIR type it names (`integer`).
        type_name: String,
        /// The choice element (`value[x]`) and the types it takes, for the message.
        element: String,
        allowed: String,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Syntax(msg) => write!(f, "{msg}"),
            ErrorKind::InvalidUtf8 => write!(f, "invalid UTF-8"),
            ErrorKind::UnexpectedEnd => write!(f, "unexpected end of input"),
            ErrorKind::WrongType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ErrorKind::UnknownElement { name, did_you_mean } => {
                write!(f, "unknown element '{name}'")?;
                if let Some(s) = did_you_mean {
                    write!(f, " (did you mean '{s}'?)")?;
                }
                Ok(())
            }
            ErrorKind::DuplicateElement(name) => write!(f, "element '{name}' appears twice"),
            ErrorKind::MissingElement(name) => write!(f, "missing required element '{name}'"),
            ErrorKind::ChoiceConflict { first, second } => {
                write!(
                    f,
                    "'{second}' conflicts with '{first}': a choice element takes one type"
                )
            }
            ErrorKind::ResourceTypeMismatch { expected, found } => {
                write!(f, "resourceType is '{found}', expected '{expected}'")
            }
            ErrorKind::UnknownResourceType(found) => {
                write!(f, "'{found}' is not a FHIR STU3 resource type")
            }
            ErrorKind::MissingResourceType => write!(f, "missing 'resourceType'"),
            ErrorKind::InvalidValue { type_name, message } => {
                write!(f, "invalid {type_name}: {message}")
            }
            ErrorKind::UnknownCode { code, value_set } => {
                write!(
                    f,
                    "code '{code}' is not in the required value set {value_set}"
                )
            }
            ErrorKind::EmptyPrimitive => {
                write!(
                    f,
                    "a primitive element needs a value or extensions, found neither"
                )
            }
            ErrorKind::TooLong { limit, found } => {
                write!(
                    f,
                    "value of {found} bytes exceeds the limit of {limit} bytes"
                )
            }
            ErrorKind::TooDeep { limit } => write!(f, "nesting deeper than {limit} levels"),
            ErrorKind::MisalignedArrays { values, extensions } => write!(
                f,
                "the value array has {values} entries but its '_' extension array has {extensions}"
            ),
            ErrorKind::TrailingContent => write!(f, "unexpected content after the resource"),
            ErrorKind::WrongNamespace { expected, found } => {
                write!(f, "element in {found}, expected namespace {expected}")
            }
            ErrorKind::UnexpectedAttribute { name } => {
                write!(f, "attribute '{name}' is not allowed on this element")
            }
            ErrorKind::OutOfOrder { name, after } => write!(
                f,
                "element '{name}' comes after '{after}'; FHIR XML requires definition order"
            ),
            ErrorKind::UnexpectedText => {
                write!(f, "text content where FHIR XML allows only elements")
            }
            ErrorKind::Constraint { key, message } => write!(f, "{key}: {message}"),
            ErrorKind::ChoiceTypeNotAllowed {
                name,
                type_name,
                element,
                allowed,
            } => write!(
                f,
                "'{name}': the choice element {element} does not take the type {type_name} (it takes {allowed})"
            ),
        }
    }
}

/// Writes a FHIR path: `root` then each segment (`.name`, `[0]`, `.ofType(Patient)`; a
/// resource type with nothing before it becomes the root).
pub fn format_path<'s>(root: &str, segments: impl Iterator<Item = &'s PathSegment>) -> String {
    let mut s = String::from(root);
    for seg in segments {
        match seg {
            PathSegment::Type(t) if s.is_empty() => s.push_str(t),
            PathSegment::Type(t) => {
                s.push_str(".ofType(");
                s.push_str(t);
                s.push(')');
            }
            PathSegment::Field(name) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(name);
            }
            PathSegment::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// An error reading FHIR content: a kind, the FHIR path of the element and the position.
///
/// Displays as `Patient.contact[0].name.given[1]: expected string, found number (line 12,
/// column 19)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    /// Innermost segment first while the error travels up; reversed by `path()`.
    path_rev: Vec<PathSegment>,
    root: Option<&'static str>,
    position: Option<Position>,
}

impl Error {
    /// A new error of `kind` at `position`, with an empty path.
    pub fn new(kind: ErrorKind, position: Option<Position>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                path_rev: Vec::new(),
                root: None,
                position,
            }),
        }
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    pub fn position(&self) -> Option<Position> {
        self.inner.position
    }

    /// The FHIR path segments from the root type down to the failing element.
    pub fn path(&self) -> impl Iterator<Item = &PathSegment> {
        self.inner.path_rev.iter().rev()
    }

    /// The FHIR path as text: `Patient.name[0].given`.
    pub fn path_string(&self) -> String {
        format_path(self.inner.root.unwrap_or(""), self.path())
    }

    /// Prefixes the path with an element name (called while the error travels outwards).
    pub fn in_field(mut self, name: &str) -> Self {
        self.inner.path_rev.push(PathSegment::Field(name.into()));
        self
    }

    /// Prefixes the path with an index into a repeating element.
    pub fn at_index(mut self, index: usize) -> Self {
        self.inner.path_rev.push(PathSegment::Index(index));
        self
    }

    /// Records that the failing element is inside a resource of type `name`.
    pub fn in_resource(mut self, name: &'static str) -> Self {
        self.inner.path_rev.push(PathSegment::Type(name));
        self
    }

    /// Sets the root type name of the path (the resource or datatype being read).
    pub fn with_root(mut self, root: &'static str) -> Self {
        if self.inner.root.is_none() {
            self.inner.root = Some(root);
        }
        self
    }

    /// The same path with another kind and position.
    #[cfg(feature = "xml")]
    pub(crate) fn replace_kind(mut self, kind: ErrorKind, position: Position) -> Self {
        self.inner.kind = kind;
        self.inner.position = Some(position);
        self
    }

    /// Sets the position if none is known yet.
    pub fn with_position(mut self, position: Position) -> Self {
        if self.inner.position.is_none() {
            self.inner.position = Some(position);
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path_string();
        if !path.is_empty() {
            write!(f, "{path}: ")?;
        }
        write!(f, "{}", self.inner.kind)?;
        if let Some(p) = self.inner.position {
            write!(f, " (line {}, column {})", p.line, p.column)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({self})")
    }
}

impl std::error::Error for Error {}

/// Result with the runtime's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something the reader accepted but reports (lenient mode): an element it did not know
/// and skipped, with its path and position.
///
/// A read records at most [`ReadOptions::max_issues`](crate::rt::ReadOptions::max_issues)
/// of them; when it finds more, one issue more, last, says how many were not recorded and
/// stands where the first of them was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub path: String,
    pub message: String,
    pub position: Position,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (line {}, column {})",
            self.path, self.message, self.position.line, self.position.column
        )
    }
}

/// The issues of one read, as the readers collect them: at most `max` kept, the rest
/// counted. An issue's path and message are only built when it is kept, and positions
/// are located once, when the issues are taken, in one pass over the input (issues are
/// not found in the order of their offsets: a missing required element is reported at the
/// start of its object, after the issues inside it).
#[derive(Debug)]
pub(crate) struct IssueLog {
    kept: Vec<Found>,
    max: usize,
    /// Issues found once `max` were kept.
    not_kept: usize,
    /// Path and offset of the first of them.
    first_not_kept: Option<(String, usize)>,
}

/// An issue before its position is located.
#[derive(Debug)]
struct Found {
    path: String,
    message: String,
    offset: usize,
}

impl IssueLog {
    pub(crate) fn new(max: usize) -> Self {
        IssueLog {
            kept: Vec::new(),
            max,
            not_kept: 0,
            first_not_kept: None,
        }
    }

    /// Records an issue found at byte `offset`. `describe` gives its path and message;
    /// past the limit it is called only for the first issue not kept (for its path).
    pub(crate) fn record(&mut self, offset: usize, describe: impl FnOnce() -> (String, String)) {
        if self.kept.len() < self.max {
            let (path, message) = describe();
            self.kept.push(Found {
                path,
                message,
                offset,
            });
            return;
        }
        if self.not_kept == 0 {
            let (path, _) = describe();
            self.first_not_kept = Some((path, offset));
        }
        self.not_kept += 1;
    }

    /// The issues recorded so far, in the order found, with their positions in `src`; a
    /// last one says how many more were not recorded. The log is left empty.
    pub(crate) fn take(&mut self, src: &[u8]) -> Vec<Issue> {
        let kept = std::mem::take(&mut self.kept);
        let not_kept = std::mem::take(&mut self.not_kept);
        let first_not_kept = self.first_not_kept.take();
        let mut order: Vec<usize> = (0..kept.len()).collect();
        order.sort_by_key(|&i| kept[i].offset);
        let mut locator = Locator::new(src);
        let mut positions = vec![locator.locate(0); kept.len()];
        for i in order {
            positions[i] = locator.locate(kept[i].offset);
        }
        let mut issues: Vec<Issue> = kept
            .into_iter()
            .zip(positions)
            .map(|(found, position)| Issue {
                path: found.path,
                message: found.message,
                position,
            })
            .collect();
        if let Some((path, offset)) = first_not_kept {
            let what = if not_kept == 1 { "issue" } else { "issues" };
            issues.push(Issue {
                path,
                message: format!(
                    "{not_kept} more {what} found and not recorded, the first of them here \
                     (ReadOptions::max_issues is {})",
                    self.max
                ),
                position: Position::locate(src, offset),
            });
        }
        issues
    }
}
