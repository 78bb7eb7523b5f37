//! Errors and diagnostics of the generator.
//!
//! Every problem found in an input carries where it was found: the file (relative to the
//! definitions root), the canonical URL of the resource and the element id, and prints as
//! `careconnect-stu3/profiles/CareConnect-Patient-1.xml: https://…/CareConnect-Patient-1:
//! Patient.identifier:nhsNumber.system: message`.
//!
//! A [`Diagnostic`] is a finding that does not stop generation (unless the caller asks for
//! `--deny-warnings`); an [`Error`] stops it.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Where in the inputs a finding points.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The file, relative to the definitions root (e.g. `careconnect-stu3/profiles/X.xml`).
    pub file: PathBuf,
    /// Canonical URL of the resource the finding is about, when known.
    pub url: Option<String>,
    /// Element id (or path) inside the resource, when the finding is about one element.
    pub element: Option<String>,
    /// 1-based line in the file, when the format gives one.
    pub line: Option<u32>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    /// This location, narrowed to a resource URL.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// This location, narrowed to one element.
    pub fn with_element(mut self, element: impl Into<String>) -> Self {
        self.element = Some(element.into());
        self
    }

    /// This location, with a line number.
    pub fn with_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(url) = &self.url {
            write!(f, ": {url}")?;
        }
        if let Some(element) = &self.element {
            write!(f, ": {element}")?;
        }
        Ok(())
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing was changed or dropped.
    Note,
    /// An input defect the generator worked around (the workaround is in the message).
    Warning,
}

/// What kind of finding a diagnostic is; used to count and group them in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    /// The file starts with a UTF-8 byte order mark (stripped).
    ByteOrderMark,
    /// A canonical URL or reference had leading/trailing whitespace (trimmed).
    UntrimmedUrl,
    /// Two resources declare the same canonical URL; the message says which one is used.
    DuplicateUrl,
    /// A reference (base definition, profile, target profile, binding, value set include,
    /// code system) names a resource that no package contains.
    DanglingReference,
    /// A resource of a type the generator does not use (e.g. ConceptMap) was skipped.
    SkippedResource,
    /// The input has a shape the generator does not understand in this place; the message
    /// says what was expected and what was done instead.
    UnexpectedContent,
    /// A value set cannot be enumerated (filters, external code systems), so a required
    /// binding falls back to an open code type.
    UnenumerableValueSet,
    /// Two generated names collided and one was renamed.
    NameCollision,
    /// A slice whose discriminator path has no fixed or pattern value in the slice, so
    /// items cannot be matched to it; its items stay in the remainder.
    SliceWithoutDiscriminatorValue,
    /// A slice whose discriminator path has no fixed value, matched instead by the values
    /// that its required descendants fix (the message gives the condition).
    InferredSliceMatch,
    /// Two slices of one element have the same name; the second is ignored.
    DuplicateSliceName,
    /// A `type.profile` or `targetProfile` that no package defines.
    UnresolvedProfile,
    /// A binding to a value set that no package contains; the element keeps its base type.
    UnresolvedBinding,
    /// A constraint the profile layer does not turn into types; the message says what
    /// happens instead.
    UnsupportedConstraint,
    /// A differential-only definition's `baseDefinition` is missing, has no snapshot or
    /// leads back to the definition itself: no snapshot could be generated for it.
    UnresolvedBase,
    /// A differential element matches no element of the base snapshot (or is out of
    /// order); snapshot generation ignored it.
    UnmatchedDifferential,
    /// A differential breaks a snapshot rule (slices a non-repeating element, adds slices to
    /// closed slicing, uses a type the base does not allow, changes isModifier outside an
    /// extension); the message says what snapshot generation did.
    InvalidConstraint,
}

/// One finding about the inputs that does not stop generation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: DiagnosticKind,
    pub location: Location,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(kind: DiagnosticKind, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            kind,
            location,
            message: message.into(),
        }
    }

    pub fn note(kind: DiagnosticKind, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            kind,
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}: {}", self.location, self.message)
    }
}

/// A problem that stops the generator.
#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// An input file could not be parsed or lacks something the generator needs.
    Input { location: Location, message: String },
    /// The definitions root does not exist (the message says how to point at it).
    MissingDefinitions { root: PathBuf, hint: String },
    /// An input file is not what the lock recorded.
    Lock { message: String },
    /// Generated code failed to parse back (a bug in an emitter).
    Emit { file: PathBuf, message: String },
    /// Several errors at once.
    Many(Vec<Error>),
    /// Warnings were reported and the build denies them.
    Denied { warnings: Vec<Diagnostic> },
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input {
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Input { location, message } => write!(f, "{location}: {message}"),
            Error::MissingDefinitions { root, hint } => {
                write!(f, "definitions not found at {}: {hint}", root.display())
            }
            Error::Lock { message } => write!(f, "{message}"),
            Error::Emit { file, message } => {
                write!(
                    f,
                    "generated code for {} does not parse: {message}",
                    file.display()
                )
            }
            Error::Denied { warnings } => {
                write!(
                    f,
                    "{} warnings, and warnings are denied (deny_warnings):",
                    warnings.len()
                )?;
                for w in warnings {
                    write!(f, "\n{w}")?;
                }
                Ok(())
            }
            Error::Many(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
