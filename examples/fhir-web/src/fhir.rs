//! FHIR JSON for axum: an extractor that reads a request body as a Care Connect profile
//! type, answering with an `OperationOutcome` when it cannot (415 for another media type,
//! 400 for a body that is not valid FHIR, 422 with one issue per profile violation), and a
//! responder that writes any careconnect type as `application/fhir+json`.
//!
//! With the `serde` feature of careconnect-models, `axum::Json<T>` works too for every
//! careconnect type (it reads and writes the same FHIR JSON); what this module adds is the
//! FHIR media type and errors a FHIR client understands.

use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use careconnect_models::Primitive;
use careconnect_models::rt::profile::{Profile, ProfileError};
use careconnect_models::stu3::codes::{IssueSeverity, IssueType};
use careconnect_models::stu3::{OperationOutcome, OperationOutcomeIssue};

/// The FHIR JSON media type (`application/fhir+json`).
pub const FHIR_JSON: &str = "application/fhir+json";

/// A request body read as the profile type `P`, or a response body written as FHIR JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Fhir<T>(pub T);

/// Why a request body was refused: the status and the `OperationOutcome` to answer with.
#[derive(Debug)]
pub struct Rejection {
    pub status: StatusCode,
    pub outcome: OperationOutcome,
}

impl<S: Send + Sync, P: Profile> FromRequest<S> for Fhir<P> {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        let media_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            });
        match media_type.as_deref() {
            Some(FHIR_JSON | "application/json") => {}
            other => {
                return Err(Rejection::one(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    IssueType::NotSupported,
                    format!(
                        "expected a body of type {FHIR_JSON} (or application/json), found {}",
                        other.unwrap_or("none")
                    ),
                    None,
                ));
            }
        }
        let body = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| Rejection::one(e.status(), IssueType::Processing, e.body_text(), None))?;
        match P::from_json(&body) {
            Ok(p) => Ok(Fhir(p)),
            Err(ProfileError::Read(e)) => Err(Rejection::one(
                StatusCode::BAD_REQUEST,
                IssueType::Structure,
                match e.position() {
                    Some(p) => format!("{} (line {}, column {})", e.kind(), p.line, p.column),
                    None => e.kind().to_string(),
                },
                Some(e.path_string()),
            )),
            Err(ProfileError::Conformance(c)) => Err(Rejection {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                outcome: OperationOutcome {
                    issue: c
                        .violations
                        .iter()
                        .map(|v| {
                            issue(
                                IssueType::Invariant,
                                format!("{} (profile {})", v.kind, c.profile),
                                Some(v.path.clone()),
                            )
                        })
                        .collect(),
                    ..OperationOutcome::default()
                },
            }),
            // `ProfileError` may gain variants; answer them as a bad request.
            #[allow(unreachable_patterns)]
            Err(e) => Err(Rejection::one(
                StatusCode::BAD_REQUEST,
                IssueType::Processing,
                e.to_string(),
                None,
            )),
        }
    }
}

impl Rejection {
    fn one(status: StatusCode, code: IssueType, message: String, path: Option<String>) -> Self {
        Rejection {
            status,
            outcome: OperationOutcome {
                issue: vec![issue(code, message, path)],
                ..OperationOutcome::default()
            },
        }
    }
}

/// One error issue: what was wrong, and where (a FHIRPath expression).
pub fn issue(code: IssueType, diagnostics: String, path: Option<String>) -> OperationOutcomeIssue {
    OperationOutcomeIssue {
        severity: Primitive::new(IssueSeverity::Error),
        code: Primitive::new(code),
        diagnostics: Some(Primitive::new(diagnostics)),
        expression: path.into_iter().map(Primitive::new).collect(),
        ..OperationOutcomeIssue::default()
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        (self.status, Fhir(self.outcome)).into_response()
    }
}

impl<T: serde::Serialize> IntoResponse for Fhir<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => ([(header::CONTENT_TYPE, FHIR_JSON)], body).into_response(),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        }
    }
}
