//! The canonicaliser: run once by the pipeline on every record of every source.
//!
//! Connectors *map* source shape to records and fill the `*_raw` fields (and raw dates, raw
//! classification text); this module *canonicalises*: ST.3 offices, ST.13 application keys with
//! the CN check digit, ST.6 publication numbers, ST.16 kinds read with office and date, IPC/CPC
//! display + packed + version, ISO dates, NFC names. Raw values stay beside canonical ones.

pub mod classification;
pub mod design;
pub mod geographical_indication;
pub mod kind;
pub mod number;
pub mod office;
pub mod org_code;
pub mod text;
pub mod trademark;

mod ic_layout;
pub mod legal_event;
mod patent;
mod reference;

pub use design::normalize_design;
pub use geographical_indication::{GI_STATUSES, GI_SYSTEMS, normalize_geographical_indication};
pub use ic_layout::{IC_STATUSES, normalize_ic_layout, protection_expiry};
pub use legal_event::{is_st27, normalize_legal_event};
pub use patent::{normalize_fulltext, normalize_publication};
pub use reference::{normalize_class_symbol, normalize_country_code, normalize_nice_class};
pub use trademark::{TM_STATUSES, normalize_trademark};

/// What a rule found wrong with a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Machine-readable rule id, e.g. `cn.check_digit`.
    pub rule: &'static str,
    /// Human-readable reason naming the field and the value.
    pub reason: String,
    /// Whether the record must be quarantined.
    pub severity: Severity,
}

/// How serious a [`Violation`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The record breaks a schema rule: it goes to quarantine, not to the table.
    Reject,
    /// A secondary value could not be read and was left null; the record is written and the
    /// finding is counted and logged.
    Warn,
}

impl Violation {
    pub(crate) fn reject(rule: &'static str, reason: String) -> Self {
        Self { rule, reason, severity: Severity::Reject }
    }

    pub(crate) fn warn(rule: &'static str, reason: String) -> Self {
        Self { rule, reason, severity: Severity::Warn }
    }
}
