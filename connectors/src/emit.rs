//! What a connector hands to the pipeline: records, rejects and skips.

use ipdc_schemas::{
    ClassSymbol, CountryCode, DesignRegistration, GeographicalIndication, IcLayoutDesign, NiceClass, PatentFulltext,
    PatentLegalEvent, PatentPublication, Trademark,
};

/// A patent document: its bibliographic row and, when the source carries text, its full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatentDocument {
    /// Row for `patent_publication`.
    pub publication: PatentPublication,
    /// Row for `patent_fulltext`, when the source carries claims or description.
    pub fulltext: Option<PatentFulltext>,
    /// What the record does to the tables.
    pub change: Change,
}

/// What a record does to the rows of its document or mark (keyed by `doc_id` and source).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Change {
    /// Adds a row: a feed where each document is published once (USPTO, CNIPA).
    #[default]
    Append,
    /// Replaces the source's row of the document, or adds it (DOCDB create and amend).
    Upsert,
    /// Removes the source's row of the document (DOCDB delete); the record carries only keys.
    Delete,
}

/// A good record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A patent publication.
    Patent(Box<PatentDocument>),
    /// A patent legal-status event.
    LegalEvent(Box<PatentLegalEvent>),
    /// An IC layout-design registration.
    IcLayout(Box<IcLayoutDesign>),
    /// A WIPO ST.3 code (reference data).
    CountryCode(Box<CountryCode>),
    /// A Nice class heading or item (reference data).
    NiceClass(Box<NiceClass>),
    /// An IPC or CPC symbol with its title (reference data; `scheme` names the table).
    ClassSymbol(Box<ClassSymbol>),
    /// A trademark, and what it does to the source's earlier row of the mark.
    Trademark(Box<Trademark>, Change),
    /// A geographical indication, and what it does to the source's earlier row of it.
    GeographicalIndication(Box<GeographicalIndication>, Change),
    /// An industrial design, and what it does to the source's earlier row of it.
    Design(Box<DesignRegistration>, Change),
}

impl Record {
    /// Sets the SHA-256 of the artifact on every provenance the record carries: the pipeline
    /// parses while the artifact is still being landed, before its checksum is known.
    pub fn set_artifact_sha256(&mut self, sha256: &str) {
        let provenance = match self {
            Record::Patent(p) => {
                if let Some(ft) = p.fulltext.as_mut() {
                    sha256.clone_into(&mut ft.provenance.artifact_sha256);
                }
                &mut p.publication.provenance
            }
            Record::LegalEvent(r) => &mut r.provenance,
            Record::IcLayout(r) => &mut r.provenance,
            Record::CountryCode(r) => &mut r.provenance,
            Record::NiceClass(r) => &mut r.provenance,
            Record::ClassSymbol(r) => &mut r.provenance,
            Record::Trademark(r, _) => &mut r.provenance,
            Record::GeographicalIndication(r, _) => &mut r.provenance,
            Record::Design(r, _) => &mut r.provenance,
        };
        sha256.clone_into(&mut provenance.artifact_sha256);
    }
}

/// A document that could not become a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    /// Archive member and byte offset (`member@offset`).
    pub locator: String,
    /// Machine-readable rule id.
    pub rule: String,
    /// What is wrong and, where it helps, what to do.
    pub reason: String,
    /// Document id, when it could be read.
    pub doc_id: Option<String>,
    /// Start of the raw document.
    pub fragment: Option<String>,
    /// Detected format, when known.
    pub format: Option<String>,
    /// Dataset the document was meant for, when known.
    pub dataset: Option<&'static str>,
}

/// A document deliberately not turned into a record (e.g. a USPTO `sequence-cwu` listing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Archive member and byte offset.
    pub locator: String,
    /// Why, e.g. `sequence-cwu`.
    pub reason: String,
}

/// Where a connector sends what it read.
pub trait Emit {
    /// A good record.
    fn record(&mut self, record: Record);
    /// A bad document.
    fn reject(&mut self, bad: BadRecord);
    /// A document not meant for any dataset.
    fn skip(&mut self, skipped: Skipped);
    /// What a document was recognised as, e.g. `us-patent-grant v4.5 2014-04-03 <us-patent-grant>`
    /// (format, version, root element), once per document; recorded on the artifact.
    fn fingerprint(&mut self, _label: &str) {}
    /// True once the receiver wants no more of the artifact (it turned out to be committed
    /// already, or its writer failed): the connector stops at the next document.
    fn stopped(&self) -> bool {
        false
    }
}

/// An [`Emit`] that keeps everything in memory (tests, small inputs).
#[derive(Debug, Default)]
pub struct Collected {
    /// Records in order.
    pub records: Vec<Record>,
    /// Rejects in order.
    pub rejects: Vec<BadRecord>,
    /// Skips in order.
    pub skips: Vec<Skipped>,
}

impl Collected {
    /// The patent documents among the records.
    pub fn patents(&self) -> impl Iterator<Item = &PatentDocument> {
        self.records.iter().filter_map(|r| match r {
            Record::Patent(p) => Some(p.as_ref()),
            _ => None,
        })
    }

    /// The legal-status events among the records.
    pub fn legal_events(&self) -> impl Iterator<Item = &PatentLegalEvent> {
        self.records.iter().filter_map(|r| match r {
            Record::LegalEvent(e) => Some(e.as_ref()),
            _ => None,
        })
    }

    /// The IC layout-design registrations among the records.
    pub fn ic_layouts(&self) -> impl Iterator<Item = &IcLayoutDesign> {
        self.records.iter().filter_map(|r| match r {
            Record::IcLayout(d) => Some(d.as_ref()),
            _ => None,
        })
    }

    /// The geographical indications among the records.
    pub fn geographical_indications(&self) -> impl Iterator<Item = &GeographicalIndication> {
        self.records.iter().filter_map(|r| match r {
            Record::GeographicalIndication(g, _) => Some(g.as_ref()),
            _ => None,
        })
    }

    /// The designs among the records.
    pub fn designs(&self) -> impl Iterator<Item = &DesignRegistration> {
        self.records.iter().filter_map(|r| match r {
            Record::Design(d, _) => Some(d.as_ref()),
            _ => None,
        })
    }

    /// The trademarks among the records.
    pub fn trademarks(&self) -> impl Iterator<Item = &Trademark> {
        self.records.iter().filter_map(|r| match r {
            Record::Trademark(t, _) => Some(t.as_ref()),
            _ => None,
        })
    }
}

impl Emit for Collected {
    fn record(&mut self, record: Record) {
        self.records.push(record);
    }
    fn reject(&mut self, bad: BadRecord) {
        self.rejects.push(bad);
    }
    fn skip(&mut self, skipped: Skipped) {
        self.skips.push(skipped);
    }
}
