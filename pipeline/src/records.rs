//! Records of the datasets written beside the patent tables (legal events, IC layout-designs,
//! trademarks, geographical indications, designs, and the reference tables): for each, its
//! dataset, its canonicaliser, what names it in a quarantine row, and the key by which a later
//! report replaces it. The runner writes them all the same way ([`crate::runner`]).

use ipdc_schemas::normalize::{
    Violation, normalize_class_symbol, normalize_country_code, normalize_design, normalize_geographical_indication,
    normalize_ic_layout, normalize_legal_event, normalize_nice_class, normalize_trademark,
};
use ipdc_schemas::{
    COUNTRY_CODE, CPC_SYMBOL, ClassSymbol, CountryCode, DESIGN_REGISTRATION, Dataset, DesignRegistration,
    GEOGRAPHICAL_INDICATION, GeographicalIndication, IC_LAYOUT_DESIGN, IPC_SYMBOL, IcLayoutDesign, NICE_CLASS,
    NiceClass, PATENT_LEGAL_EVENT, PatentLegalEvent, TRADEMARK, Trademark,
};
use serde::Serialize;

/// A record that is normalised, then written to its own table or quarantined.
pub(crate) trait PlainRecord: Serialize {
    /// The dataset it is written to.
    fn dataset(&self) -> &'static Dataset;
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
    fn dataset(&self) -> &'static Dataset {
        &PATENT_LEGAL_EVENT
    }

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
    fn dataset(&self) -> &'static Dataset {
        &IC_LAYOUT_DESIGN
    }

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
    fn dataset(&self) -> &'static Dataset {
        &COUNTRY_CODE
    }

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
    fn dataset(&self) -> &'static Dataset {
        &TRADEMARK
    }

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
    fn dataset(&self) -> &'static Dataset {
        &GEOGRAPHICAL_INDICATION
    }

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
    fn dataset(&self) -> &'static Dataset {
        &DESIGN_REGISTRATION
    }

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

impl PlainRecord for NiceClass {
    fn dataset(&self) -> &'static Dataset {
        &NICE_CLASS
    }

    fn normalise(&mut self) -> Vec<Violation> {
        normalize_nice_class(self)
    }

    fn locator(&self) -> &str {
        &self.provenance.locator
    }

    fn key(&self) -> Option<String> {
        Some(self.wipo_id.clone())
    }
}

impl PlainRecord for ClassSymbol {
    /// `ipc_symbol` or `cpc_symbol`, as the row's scheme says.
    fn dataset(&self) -> &'static Dataset {
        if self.scheme == "cpc" { &CPC_SYMBOL } else { &IPC_SYMBOL }
    }

    fn normalise(&mut self) -> Vec<Violation> {
        normalize_class_symbol(self)
    }

    fn locator(&self) -> &str {
        &self.provenance.locator
    }

    fn key(&self) -> Option<String> {
        Some(self.symbol.clone())
    }
}
