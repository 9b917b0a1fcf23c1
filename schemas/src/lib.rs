//! ipdc-schemas: the published datasets and the canonicaliser every source goes through.
//!
//! - [`field`] and [`dataset`]: one definition per dataset yields the Arrow schema used for
//!   writing and the machine-readable schema file published under `schemas/published/`.
//! - [`datasets`]: the datasets and their record structs.
//! - [`normalize`]: office codes, identifiers, kinds, classifications, dates and names.

pub mod dataset;
pub mod datasets;
pub mod exchange;
pub mod field;
pub mod normalize;

pub use dataset::Dataset;
pub use datasets::design::{DESIGN_REGISTRATION, DesignRegistration};
pub use datasets::geographical_indication::{AuthorizedUser, GEOGRAPHICAL_INDICATION, GeographicalIndication};
pub use datasets::ic_layout::{IC_LAYOUT_DESIGN, IcLayoutDesign};
pub use datasets::legal_event::{PATENT_LEGAL_EVENT, PatentLegalEvent};
pub use datasets::parts::{Citation, Claim, Classification, LangText, Locarno, Party, Priority, RelatedDocument};
pub use datasets::patent::{PATENT_FULLTEXT, PATENT_PUBLICATION, PatentFulltext, PatentPublication};
pub use datasets::provenance::Provenance;
pub use datasets::quarantine::{MAX_FRAGMENT_BYTES, QUARANTINE, QuarantineRecord};
pub use datasets::reference::{COUNTRY_CODE, CPC_SYMBOL, ClassSymbol, CountryCode, IPC_SYMBOL, NICE_CLASS, NiceClass};
pub use datasets::trademark::{GoodsServices, TRADEMARK, Trademark};
