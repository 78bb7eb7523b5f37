//! `careconnect-codegen explain URL[#element-id]`: what the generator made of one
//! definition or element, and why.

use serde::Serialize;

use crate::Lowered;

/// What the generator made of one definition or element.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub url: String,
    pub element: Option<String>,
}

impl Explanation {
    /// The explanation for a terminal.
    pub fn text(&self) -> String {
        format!("{}#{}\n", self.url, self.element.as_deref().unwrap_or(""))
    }
}

/// Explains `query` (`URL`, `URL#element-id`, or a generated type name).
pub fn explain(lowered: &Lowered, query: &str) -> Result<Explanation, String> {
    let _ = lowered;
    let (url, element) = match query.split_once('#') {
        Some((u, e)) => (u.to_owned(), Some(e.to_owned())),
        None => (query.to_owned(), None),
    };
    Ok(Explanation { url, element })
}
