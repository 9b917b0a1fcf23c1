//! Records of the datasets written beside the patent tables (legal events, IC layout-designs,
//! ST.3 codes, trademarks, geographical indications, designs): for each, its dataset, its canonicaliser, what names it in a
//! quarantine row, and the key by which a later report replaces it. The runner writes them all
//! the same way ([`crate::runner`]).

use ipdc_schemas::normalize::{
    Violation, normalize_country_code, normalize_design, normalize_geographical_indication, normalize_ic_layout,
    normalize_legal_event, normalize_trademark,
};
use ipdc_schemas::{
    COUNTRY_CODE, CountryCode, DESIGN_REGISTRATION, Dataset, DesignRegistration, GEOGRAPHICAL_INDICATION,
    GeographicalIndication, IC_LAYOUT_DESIGN, IcLayoutDesign, PATENT_LEGAL_EVENT, PatentLegalEvent, TRADEMARK,
    Trademark,
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
    /// Partition office and `doc_id` by which a later report of the same thing from the same
    /// source replaces this one; `None` for datasets that only ever append.
    fn replace_key(&self) -> Option<(&str, &str)> {
        None
    }
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

impl PlainRecord for Trademark {
    const DATASET: &'static Dataset = &TRADEMARK;

    fn normalise(&mut self) -> Vec<Violation> {
        normalize_trademark(self)
    }

    fn locator(&self) -> &str {
        &self.provenance.locator
    }

    fn key(&self) -> Option<String> {
        (!self.doc_id.is_empty()).then(|| self.doc_id.clone()).or_else(|| Some(self.appl_number.clone()))
    }

    fn replace_key(&self) -> Option<(&str, &str)> {
        Some((&self.office, &self.doc_id))
    }
}

impl PlainRecord for GeographicalIndication {
    const DATASET: &'static Dataset = &GEOGRAPHICAL_INDICATION;

    fn normalise(&mut self) -> Vec<Violation> {
        normalize_geographical_indication(self)
    }

    fn locator(&self) -> &str {
        &self.provenance.locator
    }

    fn key(&self) -> Option<String> {
        (!self.doc_id.is_empty()).then(|| self.doc_id.clone()).or_else(|| Some(self.appl_number.clone()))
    }

    fn replace_key(&self) -> Option<(&str, &str)> {
        Some((&self.office, &self.doc_id))
    }
}

impl PlainRecord for DesignRegistration {
    const DATASET: &'static Dataset = &DESIGN_REGISTRATION;

    fn normalise(&mut self) -> Vec<Violation> {
        normalize_design(self)
    }

    fn locator(&self) -> &str {
        &self.provenance.locator
    }

    fn key(&self) -> Option<String> {
        (!self.doc_id.is_empty()).then(|| self.doc_id.clone()).or_else(|| Some(self.design_number.clone()))
    }

    fn replace_key(&self) -> Option<(&str, &str)> {
        Some((&self.office, &self.doc_id))
    }
}
