//! Every published dataset, each in its own module.

pub mod design;
pub mod geographical_indication;
pub mod ic_layout;
pub mod legal_event;
pub mod parts;
pub mod patent;
pub mod provenance;
pub mod quarantine;
pub mod reference;
pub mod trademark;

use crate::dataset::Dataset;

/// All datasets with a published schema file, in publication order.
pub const ALL: &[Dataset] = &[
    patent::PATENT_PUBLICATION,
    patent::PATENT_FULLTEXT,
    legal_event::PATENT_LEGAL_EVENT,
    ic_layout::IC_LAYOUT_DESIGN,
    trademark::TRADEMARK,
    geographical_indication::GEOGRAPHICAL_INDICATION,
    design::DESIGN_REGISTRATION,
    reference::COUNTRY_CODE,
    reference::NICE_CLASS,
    reference::IPC_SYMBOL,
    reference::CPC_SYMBOL,
    quarantine::QUARANTINE,
];

/// The dataset named `name`.
pub fn by_name(name: &str) -> Option<&'static Dataset> {
    ALL.iter().find(|d| d.name == name)
}
