//! Stage 1: read the package folders into a [`model::Registry`].

pub mod model;
