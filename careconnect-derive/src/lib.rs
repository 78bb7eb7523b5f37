//! Derives for careconnect-models.
