//! FHIR STU3 models.
