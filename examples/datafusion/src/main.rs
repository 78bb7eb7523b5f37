//! DataFusion SQL over the Parquet files `careconnect export` writes: the latest systolic
//! blood pressure of each NHS number, from the `CareConnectPatient` and
//! `CareConnectBloodPressureObservation` tables. The answer is checked against the same
//! question answered from the NDJSON the files were exported from, with the profile types;
//! the run fails if they differ.
//!
//! Usage: `datafusion-example NDJSON_DIR PARQUET_DIR` (a folder `careconnect synth` wrote,
//! and the folder `careconnect export` wrote from it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use careconnect_models::careconnect::{CareConnectBloodPressureObservation, CareConnectPatient};
use careconnect_models::rt::convert::FromValue;
use careconnect_models::rt::profile::Profile;
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::Float64Type;
use datafusion::prelude::{ParquetReadOptions, SessionContext};

/// The latest systolic pressure per NHS number. Ties on the time are broken by the
/// observation's id, so that the answer is one.
const LATEST_SYSTOLIC: &str = "
SELECT p.nhs_number['value'] AS nhs_number, latest.systolic
FROM (
  SELECT subject['reference'] AS patient,
         systolic_component[1]['value']['value'] AS systolic,
         ROW_NUMBER() OVER (
           PARTITION BY subject['reference']
           ORDER BY effective_date_time_ts DESC, id DESC
         ) AS n
  FROM blood_pressure
) latest
JOIN patient p ON latest.patient = 'Patient/' || p.id
WHERE latest.n = 1
ORDER BY nhs_number";

type Answer = BTreeMap<String, f64>;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [ndjson, parquet] = args.as_slice() else {
        eprintln!("usage: datafusion-example NDJSON_DIR PARQUET_DIR");
        return ExitCode::from(2);
    };
    match run(ndjson, parquet).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("datafusion-example: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(ndjson: &Path, parquet: &Path) -> Result<(), String> {
    let started = std::time::Instant::now();
    let sql = sql_answer(parquet).await?;
    let seconds = started.elapsed().as_secs_f64();
    let expected = ndjson_answer(ndjson)?;
    println!(
        "latest systolic pressure of {} NHS numbers by SQL in {seconds:.3} s, e.g.:",
        sql.len()
    );
    for (nhs, systolic) in sql.iter().take(5) {
        println!("  {nhs}: {systolic} mmHg");
    }
    if expected.is_empty() {
        return Err("the data has no blood pressure of a patient with an NHS number".into());
    }
    if sql != expected {
        let differ = expected
            .iter()
            .find(|(k, v)| sql.get(*k) != Some(v))
            .map(|(k, v)| format!("{k}: SQL {:?}, NDJSON {v}", sql.get(k)));
        return Err(format!(
            "SQL answers {} NHS numbers, the NDJSON {}; first difference: {}",
            sql.len(),
            expected.len(),
            differ.unwrap_or_else(|| "an NHS number only SQL has".into())
        ));
    }
    println!("the same as the answer from the NDJSON");
    Ok(())
}

/// The answer of DataFusion over the exported tables.
async fn sql_answer(parquet: &Path) -> Result<Answer, String> {
    let ctx = SessionContext::new();
    for (table, file) in [
        ("patient", "CareConnectPatient.parquet"),
        (
            "blood_pressure",
            "CareConnectBloodPressureObservation.parquet",
        ),
    ] {
        let path = parquet.join(file);
        let path = path
            .to_str()
            .ok_or_else(|| format!("{} is not UTF-8", path.display()))?;
        ctx.register_parquet(table, path, ParquetReadOptions::default())
            .await
            .map_err(|e| format!("{path}: {e}"))?;
    }
    let batches: Vec<RecordBatch> = ctx
        .sql(LATEST_SYSTOLIC)
        .await
        .map_err(|e| e.to_string())?
        .collect()
        .await
        .map_err(|e| e.to_string())?;
    let mut answer = Answer::new();
    for b in &batches {
        let nhs = b.column(0).as_string::<i32>();
        let systolic = b.column(1).as_primitive::<Float64Type>();
        for row in 0..b.num_rows() {
            if nhs.is_null(row) || systolic.is_null(row) {
                continue;
            }
            answer.insert(nhs.value(row).to_string(), systolic.value(row));
        }
    }
    Ok(answer)
}

/// The same question answered from the NDJSON, with the profile types.
fn ndjson_answer(dir: &Path) -> Result<Answer, String> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut nhs_numbers = BTreeMap::new();
    for line in read("Patient.ndjson")?.lines() {
        let Ok(p) = CareConnectPatient::from_json(line.as_bytes()) else {
            continue;
        };
        if let (Some(id), Some(nhs)) = (
            p.id.as_ref().and_then(|id| id.value.clone()),
            p.nhs_number.as_ref().and_then(|n| n.value.value.clone()),
        ) {
            nhs_numbers.insert(format!("Patient/{id}"), nhs);
        }
    }
    // Per patient: (time, observation id, systolic) of the latest.
    let mut latest: BTreeMap<String, (i64, String, f64)> = BTreeMap::new();
    for line in read("Observation.ndjson")?.lines() {
        let Ok(o) = CareConnectBloodPressureObservation::from_json(line.as_bytes()) else {
            continue;
        };
        let Some(patient) = o
            .subject
            .reference()
            .reference
            .as_ref()
            .and_then(|r| r.value.clone())
        else {
            continue;
        };
        let careconnect_models::careconnect::CareConnectBloodPressureObservationEffective::DateTime(
            at,
        ) = &o.effective
        else {
            continue;
        };
        let Some(at) = chrono::DateTime::<chrono::Utc>::from_value(at) else {
            continue;
        };
        let systolic = o
            .systolic_component
            .first()
            .and_then(|c| c.value.as_ref())
            .and_then(|q| q.value.value.as_ref())
            .map(|d| d.to_f64());
        let Some(systolic) = systolic else { continue };
        let id =
            o.id.as_ref()
                .and_then(|i| i.value.clone())
                .unwrap_or_default();
        let key = (at.timestamp_micros(), id, systolic);
        let newer = latest
            .get(&patient)
            .is_none_or(|(t, i, _)| (key.0, &key.1) > (*t, i));
        if newer {
            latest.insert(patient, key);
        }
    }
    Ok(latest
        .into_iter()
        .filter_map(|(patient, (_, _, systolic))| {
            nhs_numbers.get(&patient).map(|nhs| (nhs.clone(), systolic))
        })
        .collect())
}
