//! Typed Arrow columns (careconnect-arrow): every example of both corpora fills the table
//! of its base type and, where it declares a Care Connect profile it conforms to, the
//! table of that profile type; the columns hold the model's values; Parquet files of the
//! batches read back equal.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, TimestampMicrosecondType};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::DataType;
use careconnect_arrow::{AnyTable, Table};
use careconnect_models::careconnect::{CareConnectPatient, ProfiledResource};
use careconnect_models::rt::FhirJson;
use careconnect_models::rt::profile::Profile;
use careconnect_models::stu3::{self, Resource};
use careconnect_tests::example_resources;

/// The column `name` of a struct array or batch.
fn column<'a>(columns: &'a StructArray, name: &str) -> &'a Arc<dyn Array> {
    columns
        .column_by_name(name)
        .unwrap_or_else(|| panic!("no column `{name}`"))
}

fn batch_struct(batch: &RecordBatch) -> StructArray {
    StructArray::from(batch.clone())
}

/// Writes `batches` to a Parquet file in memory and reads them back.
fn parquet_round_trip(batches: &[RecordBatch]) -> Vec<RecordBatch> {
    let schema = batches[0].schema();
    let mut writer = careconnect_arrow::parquet_writer(Vec::new(), schema.clone())
        .unwrap_or_else(|e| panic!("{e}"));
    for b in batches {
        writer.write(b).unwrap_or_else(|e| panic!("{e}"));
    }
    let bytes = writer.into_inner().unwrap_or_else(|e| panic!("{e}"));
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        bytes::Bytes::from(bytes),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .build()
    .unwrap_or_else(|e| panic!("{e}"));
    reader
        .map(|b| b.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn every_example_fills_the_table_of_its_type_and_parquet_keeps_it() {
    let resources = example_resources();
    assert!(resources.len() > 600, "{} examples", resources.len());
    let mut tables: BTreeMap<&'static str, Box<dyn AnyTable<Resource>>> = BTreeMap::new();
    for (name, r) in &resources {
        let ty = r.resource_type();
        let table = tables.entry(ty).or_insert_with(|| {
            careconnect_arrow::stu3::table(ty).unwrap_or_else(|| panic!("no table of {ty}"))
        });
        assert!(table.push(r), "{name}: the {ty} table refused it");
        // A resource of another type is refused, not appended.
        let other = if ty == "Patient" { "Basic" } else { "Patient" };
        let mut other = careconnect_arrow::stu3::table(other).unwrap_or_else(|| panic!("table"));
        assert!(!other.push(r), "{name}: a table of another type took it");
        assert!(other.is_empty());
    }
    assert!(tables.len() > 100, "{} resource types", tables.len());
    let mut by_type: BTreeMap<&str, Vec<(&String, &Resource)>> = BTreeMap::new();
    for (name, r) in &resources {
        by_type
            .entry(r.resource_type())
            .or_default()
            .push((name, r));
    }
    let mut rows = 0;
    let mut round_trips = 0;
    for (ty, table) in &mut tables {
        let expected_rows = table.len();
        let schema = table.schema();
        let batch = table.finish();
        assert_eq!(batch.schema(), schema, "{ty}");
        assert_eq!(batch.num_rows(), expected_rows, "{ty}");
        assert!(table.is_empty(), "{ty}: the table is empty after a batch");
        rows += batch.num_rows();
        let back = parquet_round_trip(std::slice::from_ref(&batch));
        let back_rows: usize = back.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(back_rows, batch.num_rows(), "{ty}");
        let back = arrow_select_concat(&back);
        assert_eq!(
            back.columns(),
            batch.columns(),
            "{ty}: the Parquet file read back differs"
        );
        // The values read back from the file are the values appended, written the same.
        let values = table.read(&back).unwrap_or_else(|e| panic!("{ty}: {e}"));
        let originals = &by_type[ty];
        assert_eq!(values.len(), originals.len(), "{ty}");
        for (v, (name, original)) in values.iter().zip(originals) {
            assert_eq!(
                v.to_json(),
                original.to_json(),
                "{name}: written differently after Parquet"
            );
            assert!(v == *original, "{name}: a different value after Parquet");
            round_trips += 1;
        }
    }
    assert_eq!(rows, resources.len());
    assert_eq!(round_trips, resources.len());
}

/// The batches as one (they share a schema).
fn arrow_select_concat(batches: &[RecordBatch]) -> RecordBatch {
    assert_eq!(batches.len(), 1, "one batch per file here");
    batches[0].clone()
}

#[test]
fn profile_examples_fill_their_profile_tables() {
    let mut tables: Vec<Box<dyn AnyTable<ProfiledResource>>> =
        careconnect_arrow::careconnect::TYPES
            .iter()
            .map(|t| careconnect_arrow::careconnect::table(t).unwrap_or_else(|| panic!("{t}")))
            .collect();
    assert_eq!(tables.len(), ProfiledResource::URLS.len());
    let mut conforming = 0;
    let mut originals: BTreeMap<&str, Vec<(String, ProfiledResource)>> = BTreeMap::new();
    for (name, r) in example_resources() {
        let json = r.to_json();
        for url in ProfiledResource::URLS {
            let Some(Ok(p)) = ProfiledResource::from_json(url, json.as_bytes()) else {
                continue;
            };
            conforming += 1;
            let mut taken = 0;
            for t in &mut tables {
                if t.push(&p) {
                    taken += 1;
                    originals
                        .entry(t.type_name())
                        .or_default()
                        .push((name.clone(), p.clone()));
                }
            }
            assert_eq!(taken, 1, "{name} as {url}: taken by {taken} tables");
        }
    }
    assert!(conforming > 30, "{conforming} profile values");
    let mut rows = 0;
    let mut round_trips = 0;
    for table in &mut tables {
        if table.is_empty() {
            continue;
        }
        let batch = table.finish();
        rows += batch.num_rows();
        let back = parquet_round_trip(std::slice::from_ref(&batch));
        assert_eq!(back[0].columns(), batch.columns(), "{}", table.type_name());
        let values = table
            .read(&back[0])
            .unwrap_or_else(|e| panic!("{}: {e}", table.type_name()));
        let expected = &originals[table.type_name()];
        assert_eq!(values.len(), expected.len());
        for (v, (name, original)) in values.iter().zip(expected) {
            assert!(
                v == original,
                "{name} as {}: a different value after Parquet",
                table.type_name()
            );
            assert_eq!(
                v.clone().into_resource().to_json(),
                original.clone().into_resource().to_json(),
                "{name}"
            );
            round_trips += 1;
        }
    }
    assert_eq!(rows, conforming);
    assert_eq!(round_trips, conforming);
}

#[test]
fn the_nhs_number_slice_is_a_column_with_the_models_value() {
    let mut table = Table::<CareConnectPatient>::new();
    let mut expected = Vec::new();
    for (name, r) in example_resources() {
        let Resource::Patient(_) = &r else { continue };
        let Ok(p) = CareConnectPatient::from_json(r.to_json().as_bytes()) else {
            continue;
        };
        let nhs = p.nhs_number.as_ref().and_then(|n| n.value.value.clone());
        expected.push((name, nhs));
        table.push(&p);
    }
    assert!(
        expected.iter().any(|(_, n)| n.is_some()),
        "an example with an NHS number"
    );
    let batch = batch_struct(&table.finish());
    let nhs = column(&batch, "nhs_number").as_struct();
    let value = column(nhs, "value").as_string::<i32>();
    for (row, (name, n)) in expected.iter().enumerate() {
        let got = (!value.is_null(row)).then(|| value.value(row).to_string());
        assert_eq!(&got, n, "{name}");
    }
}

#[test]
fn primitives_take_typed_columns_and_their_extensions_go_to_rest() {
    let json = br#"{"resourceType":"Observation","status":"final",
        "code":{"text":"weight"},
        "effectiveDateTime":"2017-03-01T10:30:00+01:00",
        "issued":"2017-03-01T10:30:00.250Z",
        "valueQuantity":{"value":72.50,"unit":"kg"},
        "comment":"first","_comment":{"extension":[{"url":"http://example.org/x","valueBoolean":true}]}}"#;
    let obs = stu3::Observation::from_json(json).unwrap_or_else(|e| panic!("{e}"));
    let mut table = Table::<stu3::Observation>::new();
    table.push(&obs);
    let batch = batch_struct(&table.finish());
    // A code of a required binding: a dictionary column.
    let status = column(&batch, "status");
    assert!(matches!(status.data_type(), DataType::Dictionary(..)));
    let status = status.as_dictionary::<Int32Type>();
    let codes = status.values().as_string::<i32>();
    assert_eq!(codes.value(status.keys().value(0) as usize), "final");
    // A dateTime: its text and the instant in UTC.
    let text = column(&batch, "effective_date_time").as_string::<i32>();
    assert_eq!(text.value(0), "2017-03-01T10:30:00+01:00");
    let ts = column(&batch, "effective_date_time_ts").as_primitive::<TimestampMicrosecondType>();
    // 2017-03-01T09:30:00Z: 17226 days after 1970-01-01, and 9.5 hours.
    assert_eq!(
        ts.value(0),
        (17_226 * 86_400 + 9 * 3_600 + 1_800) * 1_000_000
    );
    let issued = column(&batch, "issued_ts").as_primitive::<TimestampMicrosecondType>();
    assert_eq!(
        issued.value(0),
        (17_226 * 86_400 + 10 * 3_600 + 1_800) * 1_000_000 + 250_000
    );
    // A choice: one column per type; the decimal as a number and its exact text.
    let quantity = column(&batch, "value_quantity").as_struct();
    let value = column(quantity, "value").as_primitive::<Float64Type>();
    assert_eq!(value.value(0), 72.5);
    assert_eq!(
        column(quantity, "value_text").as_string::<i32>().value(0),
        "72.50"
    );
    assert!(column(&batch, "value_string").is_null(0));
    // The extension of `comment` is not in a typed column: it is in `_rest`, with the
    // value, as FHIR JSON writes the field under the column's name.
    assert_eq!(
        column(&batch, "comment").as_string::<i32>().value(0),
        "first"
    );
    let rest = column(&batch, "_rest").as_string::<i32>();
    assert_eq!(
        rest.value(0),
        r#"{"comment":"first","_comment":{"extension":[{"url":"http://example.org/x","valueBoolean":true}]}}"#
    );
    assert!(
        column(quantity, "_rest").is_null(0),
        "nothing left over in the quantity"
    );
}

#[test]
fn the_schema_stops_where_a_type_recurs_and_keeps_extensions_as_json() {
    let schema = careconnect_arrow::schema::<stu3::Patient>();
    let field = |fields: &arrow_schema::Fields, name: &str| {
        fields
            .iter()
            .find(|f| f.name() == name)
            .unwrap_or_else(|| panic!("no field {name}"))
            .clone()
    };
    let struct_fields = |t: &DataType| match t {
        DataType::Struct(f) => f.clone(),
        DataType::List(item) => match item.data_type() {
            DataType::Struct(f) => f.clone(),
            other => panic!("a list of {other}"),
        },
        other => panic!("{other} is not a struct"),
    };
    // Patient.identifier[].assigner is a Reference; its identifier is an Identifier
    // inside an Identifier: JSON text.
    let identifier = struct_fields(field(schema.fields(), "identifier").data_type());
    let assigner = struct_fields(field(&identifier, "assigner").data_type());
    assert_eq!(field(&assigner, "identifier").data_type(), &DataType::Utf8);
    // Base extensions are FHIR JSON text, one item each.
    let extension = field(schema.fields(), "extension");
    assert_eq!(
        extension.data_type(),
        &DataType::List(Arc::new(arrow_schema::Field::new(
            "item",
            DataType::Utf8,
            true
        )))
    );
    // Contained resources too.
    let contained = field(schema.fields(), "contained");
    assert!(matches!(contained.data_type(), DataType::List(i) if i.data_type() == &DataType::Utf8));
    // Every struct ends with `_rest`.
    assert_eq!(
        schema.fields().last().map(|f| f.name().as_str()),
        Some("_rest")
    );
}

#[test]
fn values_a_lenient_read_kept_as_written_come_back_as_written() {
    use careconnect_models::rt::{InvalidValues, ReadOptions};
    let json = br#"{"resourceType":"Patient","birthDate":"1970-13-45","active":"yes","name":[{"given":["A","B"],"_given":[null,{"id":"g2"}]}],"deceasedDateTime":"not a date"}"#;
    let options = ReadOptions {
        invalid_values: InvalidValues::Report,
        ..ReadOptions::default()
    };
    let (patient, issues) =
        stu3::Patient::from_json_with(json, options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(issues.len(), 3, "{issues:?}");
    let mut table = Table::<stu3::Patient>::new();
    table.push(&patient);
    let batch = table.finish();
    let columns = batch_struct(&batch);
    // No typed value for what is not valid; the text is in `_rest`.
    assert!(column(&columns, "birth_date").is_null(0));
    assert!(column(&columns, "birth_date_date").is_null(0));
    assert!(column(&columns, "deceased_date_time").is_null(0));
    let rest = column(&columns, "_rest").as_string::<i32>().value(0);
    assert!(rest.contains(r#""birth_date":"1970-13-45""#), "{rest}");
    assert!(
        rest.contains(r#""deceased_date_time":"not a date""#),
        "{rest}"
    );
    let back = parquet_round_trip(std::slice::from_ref(&batch));
    let values = table.read(&back[0]).unwrap_or_else(|e| panic!("{e}"));
    assert!(values[0] == patient);
    assert_eq!(values[0].to_json(), patient.to_json());
}

#[test]
fn a_batch_of_another_schema_is_refused_naming_the_column() {
    let mut patients = Table::<stu3::Patient>::new();
    patients.push(&stu3::Patient::default());
    let batch = patients.finish();
    let observations = Table::<stu3::Observation>::new();
    let e = match observations.read(&batch) {
        Ok(_) => panic!("a Patient batch read as Observations"),
        Err(e) => e,
    };
    assert!(e.message.contains("not of this table's schema"), "{e}");
    assert!(e.message.contains("column `"), "{e}");
}

#[test]
fn a_profile_value_read_back_is_checked_again() {
    // A Care Connect Patient whose managing organisation is changed in the file into a
    // reference to a Patient: the value read back breaks the profile (the element allows
    // Organizations only), and reading says so instead of handing it out.
    let mut table = careconnect_arrow::careconnect::table("CareConnectPatient")
        .unwrap_or_else(|| panic!("no CareConnectPatient table"));
    let mut pushed = false;
    for (_, r) in example_resources() {
        let Some(Ok(p)) = ProfiledResource::from_json(
            "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1",
            r.to_json().as_bytes(),
        ) else {
            continue;
        };
        let ProfiledResource::CareConnectPatient(cp) = &p else {
            continue;
        };
        let has_reference = cp
            .managing_organization
            .as_ref()
            .is_some_and(|m| m.reference().reference.is_some());
        if has_reference && table.push(&p) {
            pushed = true;
            break;
        }
    }
    assert!(
        pushed,
        "an example Care Connect Patient with a managing organisation"
    );
    let batch = table.finish();
    assert!(table.read(&batch).is_ok());
    let columns = batch_struct(&batch);
    let org = column(&columns, "managing_organization").as_struct();
    let reference = org
        .fields()
        .iter()
        .position(|f| f.name() == "reference")
        .unwrap_or_else(|| panic!("no reference column"));
    let mut org_columns = org.columns().to_vec();
    org_columns[reference] = Arc::new(arrow_array::StringArray::from(vec!["Patient/2"]));
    let org = StructArray::new(org.fields().clone(), org_columns, org.nulls().cloned());
    let index = batch
        .schema()
        .index_of("managing_organization")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut batch_columns = batch.columns().to_vec();
    batch_columns[index] = Arc::new(org);
    let tampered =
        RecordBatch::try_new(batch.schema(), batch_columns).unwrap_or_else(|e| panic!("{e}"));
    let e = match table.read(&tampered) {
        Ok(_) => panic!("a reference to a Patient read back as a managing organisation"),
        Err(e) => e,
    };
    assert!(e.to_string().contains("row 0"), "{e}");
    assert!(e.to_string().contains("managingOrganization"), "{e}");
}
