//! The closed list of connectors, chosen by name in config or on the command line.

use std::sync::Arc;

use crate::{Connector, Format, Scope};

/// Every connector ipdc has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectorKind {
    /// USPTO Red Book grants and applications (v4.x), single files, weekly files, zips.
    UsptoPatents,
    /// CNIPA patent XML, current bulk format and legacy `cn-patent-document`.
    CnipaPatents,
    /// EPO DOCDB exchange files (containers and single fragments), create/amend/delete.
    EpoDocdb,
    /// EPO full text: EP publication server `ep-patent-document` and BDDS FTM packages.
    EpoFulltext,
    /// EPO OPS responses for targeted refreshes: biblio (exchange documents) and legal status.
    EpoOps,
    /// CNIPA IC layout-design registrations, `cnipa_ic_layout_design` exchange files (CSV / JSON Lines).
    CnipaIcLayout,
    /// The WIPO ST.3 code list (`wipo_st3_codes`, CSV / JSON Lines) into the `country_code` reference table.
    WipoSt3Codes,
    /// USPTO trademarks: the daily XML (`case-file`s) and TSDR status documents (ST.96, ST.66).
    UsptoTrademarks,
    /// EUIPO trademark files (`EM-TM-TradeMark` V3).
    EuipoTrademarks,
    /// EUIPO design files (`EM-DS-Design` V2).
    EuipoDesigns,
    /// DPMA register extracts (DPMAconnect): ST.66 trademarks (`DE-TM-Register` V1.1, `de:`
    /// extensions) and ST.86 designs (`st86model-V1-0_de`).
    DpmaRegisters,
    /// JPO patent gazette XML (`jp-official-gazette`).
    JpoPatents,
    /// WIPO ST.96 documents from any office (patent publications, trademarks, geographical
    /// indications, designs).
    WipoSt96,
    /// CNIPA trademark register extracts, `cnipa_trademark` exchange files (CSV / JSON Lines).
    CnipaTrademarks,
    /// Chinese geographical indications, `cnipa_geographical_indication` exchange files.
    CnipaGeographicalIndications,
    /// CNIPA patent legal status, `cnipa_patent_legal_status` exchange files, into
    /// `patent_legal_event` (ST.27 codes by the proposed mapping).
    CnipaLegalStatus,
    /// The WIPO Nice classification master files (one archive per edition) into `nice_class`.
    WipoNice,
    /// The IPC symbol–title table (TSV) into `ipc_symbol`.
    WipoIpcTitles,
    /// CPC scheme XML (`class-scheme`) into `cpc_symbol`.
    CpcScheme,
    /// Any patent XML format ipdc reads, detected per document.
    PatentXml,
    /// Any XML format ipdc reads (patents, legal status, trademarks, GIs, designs, the CPC
    /// scheme), detected per document:
    /// the default of `ipdc ingest --path` without a source.
    AnyXml,
}

impl ConnectorKind {
    /// All kinds, for `--help` and config errors.
    pub const ALL: &[ConnectorKind] = &[
        ConnectorKind::UsptoPatents,
        ConnectorKind::CnipaPatents,
        ConnectorKind::EpoDocdb,
        ConnectorKind::EpoFulltext,
        ConnectorKind::EpoOps,
        ConnectorKind::CnipaIcLayout,
        ConnectorKind::WipoSt3Codes,
        ConnectorKind::UsptoTrademarks,
        ConnectorKind::EuipoTrademarks,
        ConnectorKind::EuipoDesigns,
        ConnectorKind::DpmaRegisters,
        ConnectorKind::JpoPatents,
        ConnectorKind::WipoSt96,
        ConnectorKind::CnipaTrademarks,
        ConnectorKind::CnipaGeographicalIndications,
        ConnectorKind::CnipaLegalStatus,
        ConnectorKind::WipoNice,
        ConnectorKind::WipoIpcTitles,
        ConnectorKind::CpcScheme,
        ConnectorKind::PatentXml,
        ConnectorKind::AnyXml,
    ];

    /// The config / CLI name.
    pub fn name(self) -> &'static str {
        match self {
            ConnectorKind::UsptoPatents => "uspto_patents",
            ConnectorKind::CnipaPatents => "cnipa_patents",
            ConnectorKind::EpoDocdb => "epo_docdb",
            ConnectorKind::EpoFulltext => "epo_fulltext",
            ConnectorKind::EpoOps => "epo_ops",
            ConnectorKind::CnipaIcLayout => "cnipa_ic_layout",
            ConnectorKind::WipoSt3Codes => "wipo_st3_codes",
            ConnectorKind::UsptoTrademarks => "uspto_trademarks",
            ConnectorKind::EuipoTrademarks => "euipo_trademarks",
            ConnectorKind::EuipoDesigns => "euipo_designs",
            ConnectorKind::DpmaRegisters => "dpma_registers",
            ConnectorKind::JpoPatents => "jpo_patents",
            ConnectorKind::WipoSt96 => "wipo_st96",
            ConnectorKind::CnipaTrademarks => "cnipa_trademarks",
            ConnectorKind::CnipaGeographicalIndications => "cnipa_geographical_indications",
            ConnectorKind::CnipaLegalStatus => "cnipa_legal_status",
            ConnectorKind::WipoNice => "wipo_nice",
            ConnectorKind::WipoIpcTitles => "wipo_ipc_titles",
            ConnectorKind::CpcScheme => "cpc_scheme",
            ConnectorKind::PatentXml => "patent_xml",
            ConnectorKind::AnyXml => "xml",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }
}

#[derive(Debug)]
struct XmlFeed {
    kind: ConnectorKind,
    scope: Scope,
}

impl Connector for XmlFeed {
    fn name(&self) -> &'static str {
        self.kind.name()
    }

    fn formats(&self) -> &'static [Format] {
        match self.kind {
            ConnectorKind::UsptoPatents => &[
                Format::UsPatentGrant,
                Format::UsPatentApplication,
                Format::UsSequenceListing,
                Format::UsPatdoc,
                Format::UsPap,
                Format::UsGreenBook,
            ],
            ConnectorKind::CnipaPatents => &[Format::CnPatentBusiness, Format::CnPatentLegacy],
            ConnectorKind::EpoDocdb => &[Format::EpDocdb],
            ConnectorKind::EpoFulltext => &[Format::EpPatentDocument, Format::EpFtmDocument, Format::EpFtmPackageIndex],
            ConnectorKind::EpoOps => &[Format::EpDocdb, Format::EpOpsLegal, Format::EpOpsFamily],
            ConnectorKind::UsptoTrademarks => &[Format::UsTrademarkDaily, Format::TmSt96, Format::TmSt66],
            ConnectorKind::EuipoTrademarks => &[Format::EuTrademark],
            ConnectorKind::EuipoDesigns => &[Format::EuDesign],
            ConnectorKind::DpmaRegisters => &[Format::TmSt66, Format::DsSt86],
            ConnectorKind::JpoPatents => &[Format::JpGazette],
            ConnectorKind::WipoSt96 => &[Format::PatSt96, Format::TmSt96, Format::GiSt96, Format::DsSt96],
            ConnectorKind::CnipaIcLayout
            | ConnectorKind::WipoSt3Codes
            | ConnectorKind::CnipaTrademarks
            | ConnectorKind::CnipaGeographicalIndications
            | ConnectorKind::CnipaLegalStatus
            | ConnectorKind::WipoNice
            | ConnectorKind::WipoIpcTitles => &[],
            ConnectorKind::CpcScheme => &[Format::CpcScheme],
            ConnectorKind::AnyXml => Format::ALL,
            ConnectorKind::PatentXml => Format::PATENTS,
        }
    }

    fn parse(
        &self,
        artifact: &crate::Artifact,
        limits: &crate::Limits,
        out: &mut dyn crate::Emit,
    ) -> crate::Result<()> {
        crate::feed::parse_xml_artifact(artifact, limits, self.formats(), self.scope, out)
    }
}

/// A connector of exchange files checked against a published exchange schema.
#[derive(Debug)]
struct ExchangeFiles {
    kind: ConnectorKind,
    schema: &'static ipdc_schemas::exchange::ExchangeSchema,
    map: crate::exchange::MapRow,
}

impl Connector for ExchangeFiles {
    fn name(&self) -> &'static str {
        self.kind.name()
    }

    fn formats(&self) -> &'static [Format] {
        &[]
    }

    fn parse(
        &self,
        artifact: &crate::Artifact,
        limits: &crate::Limits,
        out: &mut dyn crate::Emit,
    ) -> crate::Result<()> {
        crate::exchange::parse(artifact, limits, self.schema, self.map, out)
    }
}

/// A connector of a file format that is not framed as XML documents (a reference table, an
/// archive whose members are read together).
#[derive(Debug)]
struct WholeFile {
    kind: ConnectorKind,
    parse: fn(&crate::Artifact, &crate::Limits, &mut dyn crate::Emit) -> crate::Result<()>,
}

impl Connector for WholeFile {
    fn name(&self) -> &'static str {
        self.kind.name()
    }

    fn formats(&self) -> &'static [Format] {
        &[]
    }

    fn parse(
        &self,
        artifact: &crate::Artifact,
        limits: &crate::Limits,
        out: &mut dyn crate::Emit,
    ) -> crate::Result<()> {
        (self.parse)(artifact, limits, out)
    }
}

/// The connector of a kind, reading patent documents whole.
pub fn connector(kind: ConnectorKind) -> Arc<dyn Connector> {
    connector_with(kind, Scope::Full)
}

/// The connector of a kind, reading patent documents in `scope` (other documents are always
/// read whole).
pub fn connector_with(kind: ConnectorKind, scope: Scope) -> Arc<dyn Connector> {
    match kind {
        ConnectorKind::CnipaIcLayout => Arc::new(ExchangeFiles {
            kind,
            schema: &ipdc_schemas::exchange::CNIPA_IC_LAYOUT_DESIGN,
            map: crate::exchange::ic_layout::map,
        }),
        ConnectorKind::WipoSt3Codes => Arc::new(ExchangeFiles {
            kind,
            schema: &ipdc_schemas::exchange::WIPO_ST3_CODES,
            map: crate::exchange::country_code::map,
        }),
        ConnectorKind::CnipaTrademarks => Arc::new(ExchangeFiles {
            kind,
            schema: &ipdc_schemas::exchange::CNIPA_TRADEMARK,
            map: crate::exchange::trademark::map,
        }),
        ConnectorKind::CnipaGeographicalIndications => Arc::new(ExchangeFiles {
            kind,
            schema: &ipdc_schemas::exchange::CNIPA_GEOGRAPHICAL_INDICATION,
            map: crate::exchange::geographical_indication::map,
        }),
        ConnectorKind::CnipaLegalStatus => Arc::new(ExchangeFiles {
            kind,
            schema: &ipdc_schemas::exchange::CNIPA_PATENT_LEGAL_STATUS,
            map: crate::exchange::legal_status::map,
        }),
        ConnectorKind::WipoNice => Arc::new(WholeFile { kind, parse: crate::reference::nice::parse }),
        ConnectorKind::WipoIpcTitles => Arc::new(WholeFile { kind, parse: crate::reference::ipc::parse }),
        _ => Arc::new(XmlFeed { kind, scope }),
    }
}
