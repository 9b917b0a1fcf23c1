//! Records of the datasets written beside the patent tables (legal events, IC layout-designs,
//! ST.3 codes):
//! for each, its dataset, its canonicaliser, and what names it in a quarantine row. The runner
//! writes them all the same way ([`crate::runner`]).

use ipdc_schemas::normalize::{Violation, normalize_country_code, normalize_ic_layout, normalize_legal_event};
use ipdc_schemas::{
    COUNTRY_CODE, CountryCode, Dataset, IC_LAYOUT_DESIGN, IcLayoutDesign, PATENT_LEGAL_EVENT, PatentLegalEvent,
};
use serde::Serialize;

/// A record that is normalised, then written to its own table or quarantined.
pub(crate) trait PlainRecord: Serialize {
    /// The dataset it is written to.
    const DATASET: &'static Dataset;
    /// Canonicalises it in place; what the rules found.
    fn normalise(&mut self) -> Vec<Violation>;
    /// Where in its artifact it was.
    fn locator(&self) -> &str;
    /// What identifies it in a quarantine row.
    fn key(&self) -> Option<String>;
}

impl PlainRecord for PatentLegalEvent {
    const DATASET: &'static Dataset = &PATENT_LEGAL_EVENT;

    fn normalise(&mut self) -> Vec<Violation> {
        normalize_legal_event(self)
    }

    fn locator(&self) -> &str {
        &self.provenance.locator
    }

    fn key(&self) -> Option<String> {
        self.doc_id.clone()
    }
}

impl PlainRecord for IcLayoutDesign {
    const DATASET: &'static Dataset = &IC_LAYOUT_DESIGN;

    fn normalise(&mut self) -> Vec<Violation> {
        normalize_ic_layout(self)
    }

    fn locator(&self) -> &str {
        &self.provenance.locator
    }

    fn key(&self) -> Option<String> {
        Some(self.reg_number.clone())
    }
}

impl PlainRecord for CountryCode {
    const DATASET: &'static Dataset = &COUNTRY_CODE;

    fn normalise(&mut self) -> Vec<Violation> {
        normalize_country_code(self)
    }

    fn locator(&self) -> &str {
        &self.provenance.locator
    }

    fn key(&self) -> Option<String> {
        Some(self.code.clone())
    }
}
