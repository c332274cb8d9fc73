//! libvirt domain XML: parsing (`xml.rs`, generic XML with spans) and the adapter that reads a
//! `<domain>` as a workload (`workloads.rs`).

pub mod elements;
pub mod guarantees;
pub mod workloads;
pub mod xml;

use std::path::PathBuf;
use std::sync::Arc;

use crate::document::Document;
use crate::formats::{Format, ParseError};
use crate::limits::ParseLimits;

/// Parse `source`, refusing what goes beyond `limits` (nesting, documents, aliases).
pub fn parse(
    path: PathBuf,
    source: Arc<str>,
    limits: &ParseLimits,
) -> Result<Document, ParseError> {
    let parsed = xml::parse_within(&source, limits)?;
    if parsed.tree.get("domain").is_none() {
        return Err(ParseError::at(
            0,
            "not a libvirt domain: the root element is not <domain>",
        ));
    }
    Ok(Document::new(
        path,
        Format::Libvirt,
        source,
        parsed.tree,
        parsed.source_map,
        parsed.comments,
    ))
}
