//! A Care Connect web service and its client, in one program: the axum service accepts and
//! returns `CareConnectPatient`s as `application/fhir+json` (see `fhir.rs`), and the reqwest
//! client creates, reads and sends invalid patients to it. It prints what happened and
//! exits with status 1 if any answer differs from what the service promises.
//!
//! ```text
//! cargo run                      # the demonstration (what CI runs)
//! cargo run -- serve 127.0.0.1:8080   # only the service, until stopped
//! ```

mod fhir;

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use careconnect_models::careconnect::CareConnectPatient;
use careconnect_models::rt::profile::Profile;
use careconnect_models::stu3::{self, OperationOutcome};
use fhir::{FHIR_JSON, Fhir};

/// The service's store: patients by id.
type Store = Arc<Mutex<BTreeMap<String, CareConnectPatient>>>;

fn app() -> Router {
    let store: Store = Arc::default();
    Router::new()
        .route("/Patient", post(create_patient))
        .route("/Patient/{id}", get(read_patient))
        // Plain `axum::Json` works for every careconnect type with the `serde` feature:
        // here a base `Observation`, echoed back as FHIR JSON.
        .route("/Observation/$echo", post(echo_observation))
        .with_state(store)
}

/// `POST /Patient`: a body that is not a conforming Care Connect patient never gets here;
/// the extractor answered 415, 400 or 422 with an `OperationOutcome`.
async fn create_patient(
    State(store): State<Store>,
    Fhir(mut patient): Fhir<CareConnectPatient>,
) -> Response {
    let mut store = match store.lock() {
        Ok(s) => s,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let id = (store.len() + 1).to_string();
    patient.id = Some(careconnect_models::Primitive::new(id.clone()));
    store.insert(id.clone(), patient.clone());
    (
        StatusCode::CREATED,
        [(header::LOCATION, format!("/Patient/{id}"))],
        Fhir(patient),
    )
        .into_response()
}

/// `GET /Patient/{id}`.
async fn read_patient(State(store): State<Store>, Path(id): Path<String>) -> Response {
    let found = store.lock().ok().and_then(|s| s.get(&id).cloned());
    match found {
        Some(p) => Fhir(p).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Fhir(OperationOutcome {
                issue: vec![fhir::issue(
                    stu3::codes::IssueType::NotFound,
                    format!("no Patient with id {id}"),
                    None,
                )],
                ..OperationOutcome::default()
            }),
        )
            .into_response(),
    }
}

async fn echo_observation(axum::Json(o): axum::Json<stu3::Observation>) -> Fhir<stu3::Observation> {
    Fhir(o)
}

/// A Care Connect patient built through the profile type (NHS number with its
/// verification status, an official name, a gender from the profile's value set).
const PATIENT: &str = r#"{"resourceType":"Patient","identifier":[{"extension":[{"url":"https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1","valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1","code":"01","display":"Number present and verified"}]}}],"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}],"name":[{"use":"official","family":"Smith","given":["Jane"]}],"gender":"female","birthDate":"1970-01-01"}"#;

/// Runs the client against the service at `base`; the list of failed checks.
async fn client(base: &str) -> Result<Vec<String>, reqwest::Error> {
    let http = reqwest::Client::new();
    let mut failed = Vec::new();
    let mut check = |ok: bool, what: String| {
        println!("{} {what}", if ok { "ok  " } else { "FAIL" });
        if !ok {
            failed.push(what);
        }
    };

    // Create: the body written with serde (`.json()` sends the exact FHIR JSON), the media
    // type set to FHIR's.
    let patient = CareConnectPatient::from_json(PATIENT).unwrap_or_else(|e| panic!("{e}"));
    let created = http
        .post(format!("{base}/Patient"))
        .json(&patient)
        .header(header::CONTENT_TYPE, FHIR_JSON)
        .send()
        .await?;
    let status = created.status();
    let location = created
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let media = created
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let echoed: CareConnectPatient = created.json().await?;
    check(
        status == StatusCode::CREATED && location == "/Patient/1" && media == FHIR_JSON,
        format!("POST /Patient → {status}, Location {location}, {media}"),
    );

    // Read back: `.json()` reads the response as the profile type, checked.
    let read = http.get(format!("{base}{location}")).send().await?;
    let status = read.status();
    let read: CareConnectPatient = read.json().await?;
    check(
        status == StatusCode::OK && read == echoed && read.id.is_some(),
        format!("GET {location} → {status}, the patient as created"),
    );

    // A gender outside FHIR's own value set: not valid FHIR at all, 400 with its path.
    let invalid = PATIENT.replace(r#""gender":"female""#, r#""gender":"F""#);
    let (status, issues) = post_patient(&http, base, invalid).await?;
    check(
        status == StatusCode::BAD_REQUEST && issues.iter().any(|i| i.contains("Patient.gender")),
        format!(
            "POST /Patient with gender F → {status}: {}",
            issues.join("; ")
        ),
    );

    // Valid FHIR, but not a Care Connect patient: a verification status code outside the
    // profile's value set, 422 with the violation at its FHIR path.
    let invalid = PATIENT.replace(r#""code":"01""#, r#""code":"99""#);
    let (status, issues) = post_patient(&http, base, invalid).await?;
    check(
        status == StatusCode::UNPROCESSABLE_ENTITY
            && issues
                .iter()
                .any(|i| i.starts_with("Patient.identifier[0].extension[0].valueCodeableConcept")),
        format!(
            "POST /Patient with verification status 99 → {status}: {}",
            issues.join("; ")
        ),
    );

    // No NHS number verification status: the profile requires it.
    let mut missing: serde_json::Value = serde_json::from_str(PATIENT).unwrap_or_default();
    if let Some(identifier) = missing["identifier"][0].as_object_mut() {
        identifier.remove("extension");
    }
    let (status, issues) = post_patient(&http, base, missing.to_string()).await?;
    check(
        status == StatusCode::UNPROCESSABLE_ENTITY
            && issues
                .iter()
                .any(|i| i.contains("nhsNumberVerificationStatus")),
        format!(
            "POST /Patient without the verification status → {status}: {}",
            issues.join("; ")
        ),
    );

    // Not FHIR: an unknown element is a 400 with its path.
    let (status, issues) = post_patient(
        &http,
        base,
        r#"{"resourceType":"Patient","gendre":"female"}"#,
    )
    .await?;
    check(
        status == StatusCode::BAD_REQUEST && issues.iter().any(|i| i.contains("gendre")),
        format!(
            "POST /Patient with an unknown element → {status}: {}",
            issues.join("; ")
        ),
    );

    // Another media type: 415.
    let answer = http
        .post(format!("{base}/Patient"))
        .header(header::CONTENT_TYPE, "application/fhir+xml")
        .body("<Patient xmlns=\"http://hl7.org/fhir\"/>")
        .send()
        .await?;
    let status = answer.status();
    check(
        status == StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("POST /Patient as XML → {status}"),
    );

    // An unknown id: 404 with an OperationOutcome.
    let answer = http.get(format!("{base}/Patient/99")).send().await?;
    let status = answer.status();
    let outcome: OperationOutcome = answer.json().await?;
    check(
        status == StatusCode::NOT_FOUND && outcome.issue.len() == 1,
        format!(
            "GET /Patient/99 → {status}: {}",
            describe(&outcome).join("; ")
        ),
    );

    // Plain `axum::Json` and `reqwest`'s `.json()` with a base resource: decimals keep
    // their text both ways.
    let observation = r#"{"resourceType":"Observation","status":"final","code":{"text":"weight"},"valueQuantity":{"value":72.50,"unit":"kg"}}"#;
    let answer = http
        .post(format!("{base}/Observation/$echo"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(observation)
        .send()
        .await?;
    let status = answer.status();
    let text = answer.text().await?;
    check(
        status == StatusCode::OK && text == observation,
        format!("POST /Observation/$echo → {status}, the same bytes back (72.50 kept)"),
    );

    Ok(failed)
}

/// Posts `body` as FHIR JSON to `/Patient`; the status and the answer's issues.
async fn post_patient(
    http: &reqwest::Client,
    base: &str,
    body: impl Into<reqwest::Body>,
) -> Result<(StatusCode, Vec<String>), reqwest::Error> {
    let answer = http
        .post(format!("{base}/Patient"))
        .header(header::CONTENT_TYPE, FHIR_JSON)
        .body(body)
        .send()
        .await?;
    let status = answer.status();
    let outcome: OperationOutcome = answer.json().await?;
    Ok((status, describe(&outcome)))
}

/// Each issue as `expression: diagnostics`.
fn describe(outcome: &OperationOutcome) -> Vec<String> {
    outcome
        .issue
        .iter()
        .map(|i| {
            let text =
                |p: &careconnect_models::Primitive<String>| p.value.clone().unwrap_or_default();
            let at = i.expression.iter().map(text).collect::<Vec<_>>().join(", ");
            let what = i.diagnostics.as_ref().map(text).unwrap_or_default();
            if at.is_empty() {
                what
            } else {
                format!("{at}: {what}")
            }
        })
        .collect()
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let serve_only = match args.as_slice() {
        [] => None,
        [cmd, addr] if cmd == "serve" => Some(addr.clone()),
        _ => {
            eprintln!("usage: fhir-web-example [serve ADDRESS]");
            return ExitCode::from(2);
        }
    };
    let addr = serve_only.clone().unwrap_or_else(|| "127.0.0.1:0".into());
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return ExitCode::from(2);
        }
    };
    let base = match listener.local_addr() {
        Ok(a) => format!("http://{a}"),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if serve_only.is_some() {
        println!("serving Care Connect patients on {base}");
        return match axum::serve(listener, app()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    tokio::spawn(async move { axum::serve(listener, app()).await });
    match client(&base).await {
        Ok(failed) if failed.is_empty() => {
            println!("all checks passed");
            ExitCode::SUCCESS
        }
        Ok(failed) => {
            eprintln!("{} check(s) failed", failed.len());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: the client failed: {e}");
            ExitCode::FAILURE
        }
    }
}
