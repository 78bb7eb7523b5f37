//! The FHIR STU3 spec examples, and what each of the three readers makes of each file.

use careconnect_models::rt::FhirJson;
use careconnect_models::stu3::Resource;
use fhir_model::stu3::resources as fm;
use serde_json::Value;

use careconnect_bench_runtime::data::{self, Doc};
use careconnect_bench_runtime::jsontext::{self, Json};

/// The spec examples with, per file, our own tree of it and each reader's verdict.
pub struct SpecCorpus {
    pub docs: Vec<Doc>,
    pub trees: Vec<Json>,
    /// `Err` with the reader's message where our reader refuses the file.
    pub ours: Vec<Result<(), String>>,
    pub value: Vec<Result<(), String>>,
    pub fhir: Vec<Result<(), String>>,
}

impl SpecCorpus {
    /// Reads `fhir-stu3-spec/*.json` and runs each reader over each file once.
    pub fn load() -> Result<SpecCorpus, String> {
        let dir = data::examples_subdir("fhir-stu3-spec")?;
        let docs = data::files(&dir, "json")?;
        if docs.is_empty() {
            return Err(format!("no .json files in {}", dir.display()));
        }
        let trees = docs
            .iter()
            .map(|d| jsontext::parse(&d.bytes).map_err(|e| format!("{}: {e}", d.name)))
            .collect::<Result<Vec<_>, _>>()?;
        let ours = docs
            .iter()
            .map(|d| {
                Resource::from_json(&d.bytes)
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
            .collect();
        let value = docs
            .iter()
            .map(|d| {
                serde_json::from_slice::<Value>(&d.bytes)
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
            .collect();
        let fhir = docs
            .iter()
            .map(|d| {
                serde_json::from_slice::<fm::Resource>(&d.bytes)
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
            .collect();
        Ok(SpecCorpus {
            docs,
            trees,
            ours,
            value,
            fhir,
        })
    }

    /// The files both our reader and serde_json read: the corpus the Value comparisons use.
    pub fn read_by_ours(&self) -> Vec<usize> {
        (0..self.docs.len())
            .filter(|&i| self.ours[i].is_ok() && self.value[i].is_ok())
            .collect()
    }

    /// The files all three read: the corpus the fhir-model comparisons use.
    pub fn read_by_all(&self) -> Vec<usize> {
        (0..self.docs.len())
            .filter(|&i| self.ours[i].is_ok() && self.value[i].is_ok() && self.fhir[i].is_ok())
            .collect()
    }

    /// The resource type of file `i` (its top-level `resourceType`).
    pub fn resource_type(&self, i: usize) -> &str {
        self.trees[i]
            .get("resourceType")
            .and_then(Json::as_str)
            .unwrap_or("")
    }

    pub fn resources(&self, indexes: &[usize]) -> usize {
        indexes
            .iter()
            .map(|&i| self.trees[i].count_resources())
            .sum()
    }

    pub fn bytes(&self, indexes: &[usize]) -> usize {
        indexes.iter().map(|&i| self.docs[i].bytes.len()).sum()
    }

    pub fn docs(&self, indexes: &[usize]) -> Vec<&Doc> {
        indexes.iter().map(|&i| &self.docs[i]).collect()
    }

    /// The index of the file named `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.name == name)
    }
}
