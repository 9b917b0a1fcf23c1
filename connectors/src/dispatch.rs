//! Which parser reads a recognised XML document, and the one step that gives every record it
//! returns its provenance: the document's, with the record's own place inside the document
//! (`#member 2`, `#A01L 1/02`) appended and the schema version of the record's dataset.

use ipdc_schemas::Provenance;

use crate::detect::Format;
use crate::xml::{DocError, XmlDoc};
use crate::{Change, Record, Skipped, cnipa, design, epo, gi, jpo, reference, trademark, uspto, wipo};

/// What one document became: records, and parts deliberately not read.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// Records, each with its place inside the document in `provenance.locator` (or none).
    pub records: Vec<Record>,
    /// Parts skipped, each with its place inside the document.
    pub skipped: Vec<Skipped>,
}

impl Parsed {
    fn records(records: impl IntoIterator<Item = Record>) -> Self {
        Self { records: records.into_iter().collect(), skipped: Vec::new() }
    }
}

/// Parses `doc` as `format`.
///
/// # Errors
/// [`DocError`] when the document lacks what its format requires.
pub(crate) fn parse(format: Format, doc: &XmlDoc) -> Result<Parsed, DocError> {
    let patent = |p: crate::PatentDocument| Parsed::records([Record::Patent(Box::new(p))]);
    Ok(match format {
        Format::UsPatentGrant | Format::UsPatentApplication => patent(uspto::red_book::parse(doc)?),
        Format::UsPatdoc => patent(uspto::patdoc::parse(doc)?),
        Format::UsPap => patent(uspto::pap::parse(doc)?),
        Format::CnPatentBusiness => patent(cnipa::business::parse(doc)?),
        Format::CnPatentLegacy => patent(cnipa::legacy::parse(doc)?),
        Format::EpDocdb => patent(epo::docdb::parse(doc)?),
        Format::EpPatentDocument => patent(epo::fulltext::parse_ep_document(doc)?),
        Format::EpFtmDocument => patent(epo::fulltext::parse_ftm_document(doc)?),
        Format::PatSt96 => patent(wipo::st96_patent::parse(doc)?),
        Format::JpGazette => patent(jpo::gazette::parse(doc)?),
        Format::EpOpsLegal => {
            Parsed::records(epo::ops_legal::parse(doc)?.into_iter().map(|e| Record::LegalEvent(Box::new(e))))
        }
        Format::EpOpsFamily => {
            let mut parsed = Parsed::default();
            for (i, member) in epo::ops_family::parse(doc)?.into_iter().enumerate() {
                let locator = format!("#member {}", i + 1);
                match member {
                    Some(mut p) => {
                        p.publication.provenance.locator = locator;
                        parsed.records.push(Record::Patent(Box::new(p)));
                    }
                    None => parsed
                        .skipped
                        .push(Skipped { locator, reason: "ops family member without bibliography".into() }),
                }
            }
            parsed
        }
        Format::TmSt96 | Format::TmSt66 | Format::EuTrademark | Format::UsTrademarkDaily => {
            let marks = match format {
                Format::TmSt96 => trademark::st96::parse(doc)?,
                Format::TmSt66 | Format::EuTrademark => trademark::st66::parse(doc)?,
                _ => trademark::us_daily::parse(doc)?,
            };
            Parsed::records(marks.into_iter().map(|(m, change)| Record::Trademark(Box::new(m), change)))
        }
        Format::EuDesign | Format::DsSt96 | Format::DsSt86 => {
            let designs = match format {
                Format::EuDesign => design::euipo::parse(doc)?,
                Format::DsSt86 => design::st86::parse(doc)?,
                _ => design::st96::parse(doc)?,
            };
            Parsed::records(designs.into_iter().map(|(d, change)| Record::Design(Box::new(d), change)))
        }
        Format::GiSt96 => {
            Parsed::records([Record::GeographicalIndication(Box::new(gi::st96::parse(doc)?), Change::Upsert)])
        }
        Format::CpcScheme => Parsed::records(reference::cpc::parse(doc).into_iter().map(|mut s| {
            s.provenance.locator = format!("#{}", s.symbol);
            Record::ClassSymbol(Box::new(s))
        })),
        Format::UsSequenceListing | Format::EpFtmPackageIndex => unreachable!("skipped before parsing"),
        Format::UsGreenBook => unreachable!("text, not XML: read before framing"),
    })
}

/// Gives `record` the document's provenance, keeping the record's place inside the document
/// and setting the schema version of the record's dataset.
pub(crate) fn stamp(record: &mut Record, document: &Provenance) {
    let with = |own: &Provenance, schema: &ipdc_schemas::Dataset| Provenance {
        locator: format!("{}{}", document.locator, own.locator),
        schema_version: schema.version(),
        ..document.clone()
    };
    match record {
        Record::Patent(p) => {
            p.publication.provenance = with(&p.publication.provenance, &ipdc_schemas::PATENT_PUBLICATION);
            if let Some(ft) = p.fulltext.as_mut() {
                ft.provenance = Provenance {
                    schema_version: ipdc_schemas::PATENT_FULLTEXT.version(),
                    ..p.publication.provenance.clone()
                };
            }
        }
        Record::LegalEvent(e) => e.provenance = with(&e.provenance, &ipdc_schemas::PATENT_LEGAL_EVENT),
        Record::Trademark(t, _) => t.provenance = with(&t.provenance, &ipdc_schemas::TRADEMARK),
        Record::Design(d, _) => d.provenance = with(&d.provenance, &ipdc_schemas::DESIGN_REGISTRATION),
        Record::GeographicalIndication(g, _) => {
            g.provenance = with(&g.provenance, &ipdc_schemas::GEOGRAPHICAL_INDICATION)
        }
        Record::ClassSymbol(s) => {
            let table = if s.scheme == "cpc" { &ipdc_schemas::CPC_SYMBOL } else { &ipdc_schemas::IPC_SYMBOL };
            s.provenance = with(&s.provenance, table);
        }
        Record::IcLayout(_) | Record::CountryCode(_) | Record::NiceClass(_) => {}
    }
}
