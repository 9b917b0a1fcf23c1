//! The key facts of every real sample, stated by hand from reading each XML (first document of
//! each file): what a reader of the document sees. Independent of the goldens.

mod common;

struct Facts {
    file: &'static str,
    documents: usize,
    doc_id: &'static str,
    pub_date: &'static str,
    appl_key: &'static str,
    claims: Option<usize>,
    ipc_main: Option<&'static str>,
    title_starts: &'static str,
}

const FACTS: &[Facts] = &[
    Facts {
        file: "uspto-greenbook-aps/US03937375.greenbook",
        documents: 1,
        doc_id: "US3937375A",
        pub_date: "1976-02-10",
        // SRC 5 + APN 518454 (its seventh digit, 1, is a check digit).
        appl_key: "US05518454",
        claims: Some(3),
        ipc_main: Some("B60R 9/00"),
        title_starts: "Bumper support for a boat loader",
    },
    Facts {
        file: "jpo-gazette-xml/JP2021044377A_jp_example1.xml",
        documents: 1,
        doc_id: "JP2021044377A",
        pub_date: "2021-03-18",
        appl_key: "JP2019165329",
        claims: Some(6),
        ipc_main: Some("H01L 21/301"),
        title_starts: "ウェーハの加工方法",
    },
    Facts {
        file: "wipo-st96-patent/PatentPublication_Example.xml",
        documents: 1,
        doc_id: "US8936998B2",
        pub_date: "2015-01-20",
        appl_key: "US13797521",
        claims: Some(10),
        ipc_main: Some("H01L 21/30"),
        // The misspelling is the sample's.
        title_starts: "Manufcaturing method for room-temperature substrate bonding",
    },
    Facts {
        file: "uspto-pap-v15/US20010000943A1.xml",
        documents: 1,
        doc_id: "US20010000943A1",
        pub_date: "2001-05-10",
        appl_key: "US09727454",
        claims: Some(13),
        ipc_main: Some("H01J 1/62"),
        title_starts: "Organic electroluminescence device and method of manufacturing same",
    },
    Facts {
        file: "uspto-grant-v25-patdoc/US06530116_v2-5-B2.xml",
        documents: 1,
        doc_id: "US6530116B2",
        pub_date: "2003-03-11",
        appl_key: "US09782496",
        claims: Some(20),
        ipc_main: Some("A47L 5/14"),
        title_starts: "Vacuum cleaner with muffled detachable blower exhaust",
    },
    Facts {
        file: "uspto-grant-v25-patdoc/USD0452599_v2-5-S1.xml",
        documents: 1,
        doc_id: "USD452599S1",
        pub_date: "2002-01-01",
        appl_key: "US29129833",
        claims: Some(1),
        ipc_main: None,
        title_starts: "Confection item in the form of a tied braid",
    },
    Facts {
        file: "epo-ops/biblio_EP2400812.xml",
        documents: 1,
        doc_id: "EP2400812A1",
        pub_date: "2011-12-28",
        appl_key: "EP10167109",
        claims: None,
        ipc_main: Some("H04W 84/20"),
        title_starts: "BLUETOOTH-VERNETZUNG",
    },
    Facts {
        file: "epo-ops/search_with_constituent_biblio.xml",
        documents: 3,
        doc_id: "AU2024270787A1",
        pub_date: "2025-10-23",
        appl_key: "AU2024270787",
        claims: None,
        ipc_main: Some("F03D 17/00"),
        title_starts: "MONITORING THE OPERATION OF A WIND TURBINE",
    },
    Facts {
        file: "ep-patent-document/EP05255002A1_DOC00001.xml",
        documents: 1,
        doc_id: "EP1667425A1",
        pub_date: "2006-06-07",
        appl_key: "EP05255002",
        claims: Some(9),
        ipc_main: Some("H04N 1/40"),
        title_starts: "Bilderzeugungsverfahren und -apparat",
    },
    Facts {
        file: "epo-docdb/DE-backfile.xml",
        documents: 10,
        doc_id: "DE1258188B",
        pub_date: "1968-01-04",
        appl_key: "DEB0077613",
        claims: None,
        ipc_main: Some("F02M 41/12"),
        title_starts: "Kraftstoffeinspritzpumpe fuer mehrzylindrige",
    },
    Facts {
        file: "epo-docdb/WO-2022259205-A1_544370561.xml",
        documents: 1,
        doc_id: "WO2022259205A1",
        pub_date: "2022-12-15",
        appl_key: "WO2022055385",
        claims: None,
        ipc_main: Some("A61K 9/00"),
        title_starts: "SELF-EMULSIFYING COMPOSITION",
    },
    Facts {
        file: "epo-docdb/YU-6701-A_381353354.xml",
        documents: 1,
        doc_id: "YU6701A",
        pub_date: "2003-12-31",
        appl_key: "YU6701",
        claims: None,
        ipc_main: Some("A61K 31/18"),
        title_starts: "TRICYCLIC SULFONAMIDES",
    },
    Facts {
        file: "cnipa-cn-xml-new/CN102015000481495CN00001152124630AFULZH20221021CN00D.XML",
        documents: 1,
        doc_id: "CN115212463A",
        pub_date: "2022-10-21",
        appl_key: "CN201510481495",
        claims: Some(12),
        ipc_main: None,
        title_starts: "一种医用放射治疗装置",
    },
    Facts {
        file: "cnipa-cn-xml-new/cn_new1.xml",
        documents: 1,
        doc_id: "CN113781974A",
        pub_date: "2021-12-10",
        appl_key: "CN202111286633",
        claims: Some(17),
        ipc_main: Some("G09G 3/36"),
        title_starts: "显示设备",
    },
    Facts {
        file: "cnipa-cn-xml-old/CN103492414A_200880114428_A.xml",
        documents: 1,
        doc_id: "CN103492414A",
        pub_date: "2014-01-01",
        appl_key: "CN200880114428",
        claims: Some(44),
        ipc_main: None,
        title_starts: "抗HEPCIDIN抗体及其用途",
    },
    Facts {
        file: "cnipa-cn-xml-old/CN104223352A_cn_old1.xml",
        documents: 1,
        doc_id: "CN104223352A",
        pub_date: "2014-12-24",
        appl_key: "CN201410408762",
        claims: Some(3),
        ipc_main: Some("A24B 15/18"),
        title_starts: "一种甘草发酵所得烟用香料",
    },
    Facts {
        file: "cnipa-cn-xml-old/CN104245682A_cn_old3.xml",
        documents: 1,
        doc_id: "CN104245682A",
        pub_date: "2014-12-24",
        appl_key: "CN201480000788",
        claims: Some(5),
        ipc_main: Some("C07D 251/18"),
        title_starts: "马来酸伊索拉定的制造方法",
    },
    Facts {
        file: "uspto-app-v40/US20050004437A1.xml",
        documents: 1,
        doc_id: "US20050004437A1",
        pub_date: "2005-01-06",
        appl_key: "US10830857",
        claims: Some(10),
        ipc_main: None,
        title_starts: "Simulation device for playful evaluation",
    },
    Facts {
        file: "uspto-app-v40/US20050004655A2_v4-0-A2.xml",
        documents: 1,
        doc_id: "US20050004655A2",
        pub_date: "2005-01-06",
        appl_key: "US10743857",
        claims: None,
        ipc_main: None,
        title_starts: "METHODS AND APPARATUS FOR A STENT",
    },
    Facts {
        file: "uspto-app-v41/ipa061228.one.xml",
        documents: 1,
        doc_id: "US20060288462A1",
        pub_date: "2006-12-28",
        appl_key: "US11197279",
        claims: Some(10),
        ipc_main: None,
        title_starts: "Garments composed of fabric panels",
    },
    Facts {
        file: "uspto-app-v44/US20210049351A1_us_example1.xml",
        documents: 1,
        doc_id: "US20210049351A1",
        pub_date: "2021-02-18",
        appl_key: "US17043275",
        claims: Some(15),
        ipc_main: None,
        title_starts: "ACTION RECOGNITION APPARATUS",
    },
    Facts {
        file: "uspto-app-v44/US20210267109A1_v4-4-A1.xml",
        documents: 1,
        doc_id: "US20210267109A1",
        pub_date: "2021-09-02",
        appl_key: "US17173265",
        claims: Some(20),
        ipc_main: None,
        title_starts: "METHODS AND APPARATUS FOR YARD AND GARDEN",
    },
    Facts {
        file: "uspto-app-v45/US20220159901A1_v4-5-A1.xml",
        documents: 1,
        doc_id: "US20220159901A1",
        pub_date: "2022-05-26",
        appl_key: "US17437086",
        claims: Some(6),
        ipc_main: None,
        title_starts: "SEED DISTRIBUTOR USED FOR AGRICULTURAL",
    },
    Facts {
        file: "uspto-app-v46/US20220240350A1-20220728.XML",
        documents: 1,
        doc_id: "US20220240350A1",
        pub_date: "2022-07-28",
        appl_key: "US17718024",
        claims: Some(19),
        ipc_main: None,
        title_starts: "APPARATUS, SYSTEM AND METHOD OF PROVIDING A CONFOR",
    },
    Facts {
        file: "uspto-app-v46/US20220240351A1-20220728.XML",
        documents: 1,
        doc_id: "US20220240351A1",
        pub_date: "2022-07-28",
        appl_key: "US17360846",
        claims: Some(10),
        ipc_main: None,
        title_starts: "SELF-REGULATING ELECTRIC HEATING FILM",
    },
    Facts {
        file: "uspto-grant-v40/US06857133-20050222_v4-0-B2.xml",
        documents: 1,
        doc_id: "US6857133B2",
        pub_date: "2005-02-22",
        appl_key: "US10141259",
        claims: Some(6),
        ipc_main: None,
        title_starts: "Method and apparatus for manufacturing and install",
    },
    Facts {
        file: "uspto-grant-v40/US06970935.xml",
        documents: 1,
        doc_id: "US6970935B1",
        pub_date: "2005-11-29",
        appl_key: "US09703574",
        claims: Some(30),
        ipc_main: None,
        title_starts: "Conversational networking via transport",
    },
    Facts {
        file: "uspto-grant-v40/ipg050104.small.xml.gz",
        documents: 25,
        doc_id: "US6836899B1",
        pub_date: "2005-01-04",
        appl_key: "US10339710",
        claims: Some(23),
        ipc_main: Some("A45F 5/04"),
        title_starts: "Device for detachably holding an absorbent napkin",
    },
    Facts {
        file: "uspto-grant-v42/US07272630B2.xml",
        documents: 1,
        doc_id: "US7272630B2",
        pub_date: "2007-09-18",
        appl_key: "US10991571",
        claims: Some(17),
        ipc_main: None,
        title_starts: "Locating potentially identical objects",
    },
    Facts {
        file: "uspto-grant-v42/ipg070102.small.xml.gz",
        documents: 26,
        doc_id: "USD534340S1",
        pub_date: "2007-01-02",
        appl_key: "US29231270",
        claims: Some(1),
        ipc_main: None,
        title_starts: "Footwear upper",
    },
    Facts {
        file: "uspto-grant-v42/ipg120327.two.xml",
        documents: 2,
        doc_id: "USD656308S1",
        pub_date: "2012-03-27",
        appl_key: "US29379369",
        claims: Some(1),
        ipc_main: None,
        title_starts: "Replaceable cartridge for a pain management system",
    },
    Facts {
        file: "uspto-grant-v43/ipg130416.small.xml.gz",
        documents: 27,
        doc_id: "USD680087S1",
        pub_date: "2013-04-16",
        appl_key: "US29410027",
        claims: Some(1),
        ipc_main: None,
        title_starts: "Television set",
    },
    Facts {
        file: "uspto-grant-v45/US08926509.xml",
        documents: 1,
        doc_id: "US8926509B2",
        pub_date: "2015-01-06",
        appl_key: "US12134151",
        claims: Some(31),
        ipc_main: None,
        title_starts: "Wireless physiological sensor patches",
    },
    Facts {
        file: "uspto-grant-v45/US08930553.xml",
        documents: 1,
        doc_id: "US8930553B2",
        pub_date: "2015-01-06",
        appl_key: "US13648029",
        claims: Some(8),
        ipc_main: Some("G06F 15/16"),
        title_starts: "Managing mid-dialog session initiation protocol (SIP) messages",
    },
    Facts {
        file: "uspto-grant-v45/US09358892-20160607_v4-5-B1.xml",
        documents: 1,
        doc_id: "US9358892B1",
        pub_date: "2016-06-07",
        appl_key: "US14558596",
        claims: Some(20),
        ipc_main: None,
        title_starts: "System and method for pre-charging a hybrid vehicle",
    },
    Facts {
        file: "uspto-grant-v47/grant_us11646472b2_17248024.xml",
        documents: 1,
        doc_id: "US11646472B2",
        pub_date: "2023-05-09",
        appl_key: "US17248024",
        claims: Some(17),
        ipc_main: None,
        title_starts: "Making lithium metal\u{2014}seawater battery cells",
    },
    Facts {
        file: "uspto-grant-weekly-concat/test_2docs_v45.xml",
        documents: 2,
        doc_id: "US11147202B2",
        pub_date: "2021-10-19",
        appl_key: "US16232658",
        claims: Some(9),
        ipc_main: None,
        title_starts: "Wheeled hand truck",
    },
];

#[test]
fn first_document_of_every_sample() {
    for f in FACTS {
        let out = common::parse_real(f.file);
        assert_eq!(out.records.len() + out.rejects.len() + out.skips.len(), f.documents, "{}", f.file);
        assert!(out.rejects.is_empty(), "{}: {:?}", f.file, out.rejects);
        let doc = out.patents().next().unwrap();
        let mut p = doc.publication.clone();
        let found = ipdc_schemas::normalize::normalize_publication(&mut p);
        assert!(found.iter().all(|v| v.severity == ipdc_schemas::normalize::Severity::Warn), "{}: {found:?}", f.file);
        assert_eq!(p.doc_id, f.doc_id, "{}", f.file);
        assert_eq!(p.pub_date.as_deref(), Some(f.pub_date), "{}", f.file);
        assert_eq!(p.appl_key.as_deref(), Some(f.appl_key), "{}", f.file);
        assert_eq!(doc.fulltext.as_ref().map(|t| t.claims.len()).filter(|n| *n > 0), f.claims, "{}", f.file);
        if let Some(ipc) = f.ipc_main {
            assert_eq!(p.ipc_main.as_deref(), Some(ipc), "{}", f.file);
        }
        assert!(p.titles[0].text.starts_with(f.title_starts), "{}: {:?}", f.file, p.titles[0].text);
    }
}

#[test]
fn sequence_listings_are_skipped_and_counted() {
    let out = common::parse_real("uspto-grant-v43/ipg130416.small.xml.gz");
    assert_eq!((out.records.len(), out.skips.len()), (25, 2));
    assert!(out.skips.iter().all(|s| s.reason == "sequence-cwu"));
}

#[test]
fn cn_details_read_from_the_documents() {
    let out = common::parse_real("cnipa-cn-xml-new/cn_new1.xml");
    let p = &out.patents().next().unwrap().publication;
    assert_eq!(p.appl_st13.as_deref(), Some("102021001286633"));
    assert_eq!(p.gazette_issue.as_deref(), Some("37-5002"));
    assert_eq!(p.priorities[0].number_raw.as_deref(), Some("10-2016-0063019"));
    assert_eq!(p.priorities[0].number_std.as_deref(), Some("102016000063019"));
    assert_eq!(p.applicants[0].name_raw, "三星显示有限公司");
    assert_eq!(p.applicants[0].country.as_deref(), Some("KR"));
    assert_eq!(p.agents[0].org_code.as_deref(), Some("11204"));
    assert_eq!(p.related[0].number.as_deref(), Some("201710269973.9"));

    let out = common::parse_real("cnipa-cn-xml-old/CN103492414A_200880114428_A.xml");
    let mut p = out.patents().next().unwrap().publication.clone();
    ipdc_schemas::normalize::normalize_publication(&mut p);
    assert_eq!(p.appl_type.as_deref(), Some("invention"));
    assert_eq!(p.appl_check_ok, Some(true));
    assert_eq!(p.pct_appl_number.as_deref(), Some("PCT/US2008/081493"));
}

#[test]
fn us_design_grant_has_locarno() {
    let out = common::parse_real("uspto-grant-v42/ipg120327.two.xml");
    let p = &out.patents().next().unwrap().publication;
    assert!(!p.locarno.is_empty(), "{:?}", p.locarno);
    assert!(p.locarno[0].class.as_deref().is_some_and(|c| c.len() == 5 && c.as_bytes()[2] == b'-'));
}

#[test]
fn docdb_details_read_from_the_documents() {
    let out = common::parse_real("epo-docdb/DE-backfile.xml");
    let p = &out.patents().next().unwrap().publication;
    assert_eq!(p.family_id.as_deref(), Some("6979546"));
    // No `original` name: the `docdba` form is preferred to the abbreviated `docdb` one.
    assert_eq!(p.applicants[0].name_raw, "ROBERT BOSCH G.M.B.H.");
    assert_eq!(p.inventors.len(), 2);
    assert_eq!(p.citations.len(), 4);
    assert_eq!((p.citations[3].office.as_deref(), p.citations[3].number.as_deref()), (Some("FR"), Some("1343388")));
    assert!(out.patents().all(|d| d.change == ipdc_connectors::Change::Upsert));

    let out = common::parse_real("epo-docdb/YU-6701-A_381353354.xml");
    let p = &out.patents().next().unwrap().publication;
    // `&#x0010C;` and `&ccaron;` (docdb-entities) both give Č / č.
    assert!(p.titles.iter().any(|t| t.lang.as_deref() == Some("sh") && t.text.starts_with("TRICIKLIČNI")));
    assert!(p.abstracts.iter().any(|t| t.lang.as_deref() == Some("sh") && t.text.contains("triciklična")));
    assert_eq!(p.inventors[0].name_raw, "O'Brien, Patrick Michael");
    assert_eq!(p.priorities[0].number_raw.as_deref(), Some("9500698"));

    let out = common::parse_real("epo-docdb/WO-2022259205-A1_544370561.xml");
    let p = &out.patents().next().unwrap().publication;
    assert_eq!(p.pct_appl_number.as_deref(), Some("PCT/IB2022/055385"));
    assert_eq!(p.cpc[0].symbol, None, "symbols are set by the normaliser");
    assert_eq!(p.cpc[0].raw, "A61K 9/1075");
}

#[test]
fn ep_full_text_details_read_from_the_documents() {
    let out = common::parse_real("ep-patent-document/EP05255002A1_DOC00001.xml");
    let doc = out.patents().next().unwrap();
    let p = &doc.publication;
    // B540: language, then title, three times.
    let titles: Vec<_> = p.titles.iter().map(|t| (t.lang.as_deref().unwrap(), t.text.as_str())).collect();
    assert_eq!(titles[1], ("en", "Image forming method and image forming apparatus"));
    assert_eq!(titles[2].0, "fr");
    assert_eq!(p.gazette_issue.as_deref(), Some("200623"));
    assert_eq!(p.appl_number_raw.as_deref(), Some("05255002.7"));
    assert_eq!(p.filing_date.as_deref(), Some("20050811"));
    let prio = &p.priorities[0];
    assert_eq!(
        (prio.office.as_deref(), prio.number_raw.as_deref(), prio.date.as_deref()),
        (Some("JP"), Some("2004351438"), Some("20041203"))
    );
    assert_eq!(
        (p.applicants[0].name_raw.as_str(), p.applicants[0].org_code.as_deref()),
        ("Wedg Co. Ltd", Some("07113040"))
    );
    assert_eq!(p.applicants[0].city.as_deref(), Some("Tokyo"));
    assert_eq!(p.inventors.len(), 2);
    assert_eq!(p.agents[0].name_raw, "Denmark, James Christopher");
    assert_eq!(p.agents[0].country.as_deref(), Some("GB"));
    assert!(p.abstracts[0].text.starts_with("An image with sufficient gray-scale representation"));
    let text = doc.fulltext.as_ref().unwrap();
    assert_eq!(text.lang.as_deref(), Some("en"));
    assert!(text.description.as_deref().unwrap().starts_with("2. BACKGROUND OF THE INVENTION"));
}

#[test]
fn ftm_full_text_and_its_package_index() {
    let out = common::parse_real("epo-ftm-fulltext/ES2993312T1.xml");
    let doc = out.patents().next().unwrap();
    let mut p = doc.publication.clone();
    ipdc_schemas::normalize::normalize_publication(&mut p);
    assert_eq!((p.doc_id.as_str(), p.pub_date.as_deref()), ("ES2993312T1", Some("2024-12-27")));
    assert_eq!((p.appl_number_raw.as_deref(), p.filing_date.as_deref()), (Some("20752248"), Some("2020-02-05")));
    let text = doc.fulltext.as_ref().unwrap();
    assert_eq!(text.lang.as_deref(), Some("es"));
    // Empty spacer paragraphs are not lines.
    let lines: Vec<_> = text.description.as_deref().unwrap().lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "DESCRIPCIÓN",
            "Detección de cáncer, tejido canceroso de origen y/o un tipo de célula cancerosa",
            "Antecedentes"
        ]
    );
    assert!(!text.claims.is_empty());
    assert_eq!(p.claims_count, Some(i32::try_from(text.claims.len()).unwrap()));

    let index = common::parse_real("epo-ftm-fulltext/index.xml");
    assert_eq!((index.records.len(), index.skips.len()), (0, 1));
    assert_eq!(index.skips[0].reason, "ftm-package-index");
}

#[test]
fn ops_biblio_responses_read_as_docdb() {
    let out = common::parse_real("epo-ops/biblio_EP2400812.xml");
    let mut p = out.patents().next().unwrap().publication.clone();
    ipdc_schemas::normalize::normalize_publication(&mut p);
    assert_eq!(p.family_id.as_deref(), Some("43088294"));
    // OPS gives the application date only in the epodoc form, and CPC as parts.
    assert_eq!(p.filing_date.as_deref(), Some("2010-06-24"));
    assert_eq!(p.cpc[0].symbol.as_deref(), Some("H04W 84/20"));
    assert_eq!(p.ipc[0].value.as_deref(), Some("I"));
    let prio = &p.priorities[0];
    assert_eq!((prio.office.as_deref(), prio.date.as_deref()), (Some("EP"), Some("2010-06-24")));
    // The `original` form lists six: three people, each in capitals and again in mixed case.
    assert_eq!(p.inventors.len(), 6, "{:?}", p.inventors);
}

#[test]
fn ops_legal_events_read_from_the_response() {
    let out = common::parse_real("epo-ops/legal_EP2400812.xml");
    let events: Vec<_> = out.legal_events().collect();
    assert_eq!((events.len(), out.rejects.len()), (69, 0));
    let first = events[0];
    assert_eq!((first.office.as_str(), first.national_event_code.as_str()), ("EP", "AK"));
    assert_eq!(first.national_event_text.as_deref(), Some("DESIGNATED CONTRACTING STATES"));
    assert_eq!((first.event_date.as_deref(), first.influence.as_deref()), (Some("2011-12-28"), Some("+")));
    assert_eq!(first.appl_number_raw.as_deref(), Some("10167109"));
    assert!(first.details.as_deref().unwrap().contains("\"Designated State(s)\":\"AL AT BE"));
    // A fee paid in Germany: the state the event applies in is the office; the fee year is kept.
    let de_fee = events.iter().find(|e| e.office == "DE" && e.national_event_code == "PGFP").unwrap();
    assert_eq!(de_fee.event_date.as_deref(), Some("2025-07-09"));
    assert!(de_fee.details.as_deref().unwrap().contains("\"Year of Fee Payment\":\"16\""));
    assert!(
        events
            .iter()
            .all(|e| e.family_id.as_deref() == Some("43088294") && e.pub_number_raw.as_deref() == Some("2400812"))
    );
}

#[test]
fn patdoc_v25_details_read_from_the_documents() {
    let out = common::parse_real("uspto-grant-v25-patdoc/US06530116_v2-5-B2.xml");
    let p = &out.patents().next().unwrap().publication;
    assert_eq!(p.inventors[0].name_raw, "Berfield, Robert C.");
    assert_eq!((p.inventors[0].city.as_deref(), p.inventors[0].state.as_deref()), (Some("Jersey Shore"), Some("PA")));
    assert_eq!(p.assignees[0].name_raw, "Shop Vac Corporation");
    assert_eq!(p.examiners[0].role.as_deref(), Some("primary"));
    // US classes are column-aligned, so they are kept exactly as written.
    assert_eq!(p.national_class[0], " 15328");
    assert_eq!(p.citations.len(), 37);
    assert_eq!(
        (p.citations[0].number.as_deref(), p.citations[0].name.as_deref()),
        (Some("2276844"), Some("Holm-Hansen"))
    );
    assert_eq!(p.related[0].number.as_deref(), Some("20020108205"));

    let out = common::parse_real("uspto-grant-v25-patdoc/USD0452599_v2-5-S1.xml");
    let p = &out.patents().next().unwrap().publication;
    // A design grant's B511 is its Locarno class.
    assert_eq!((p.locarno[0].class.as_deref(), p.ipc.len()), (Some("01-01"), 0));
    assert_eq!(p.priorities[0].number_raw.as_deref(), Some("400 02 946"));
    assert_eq!(p.priorities[0].office.as_deref(), Some("DE"));
    assert_eq!(p.agents[0].name_raw, "Darby & Darby");
}

#[test]
fn pap_v15_details_read_from_the_document() {
    let out = common::parse_real("uspto-pap-v15/US20010000943A1.xml");
    let p = &out.patents().next().unwrap().publication;
    assert_eq!(p.provenance.format_version.as_deref(), Some("pap-v15-2001-01-31.dtd"));
    assert_eq!(
        p.inventors.iter().map(|i| i.name_raw.as_str()).collect::<Vec<_>>(),
        ["Fukuoka, Kenichi", "Eida, Mitsura"]
    );
    assert_eq!(p.inventors[0].country.as_deref(), Some("JP"));
    assert_eq!(p.assignees[0].name_raw, "IDEMITSU KOSAN CO., LTD.");
    assert_eq!(
        (p.priorities[0].office.as_deref(), p.priorities[0].number_raw.as_deref()),
        (Some("JP"), Some("11-097727"))
    );
    assert_eq!(
        (p.related[0].relation.as_str(), p.related[0].number.as_deref()),
        ("continuation-of", Some("PCT/JP00/02182"))
    );
    assert_eq!(p.national_class, ["313 503000", "313 504000"]);
    // Named ISO entities (&minus;, &emsp;) resolve from the bundled entity table.
    assert!(p.abstracts[0].text.contains("Min\u{2212}20 nm"), "{}", p.abstracts[0].text);
}

#[test]
fn ops_family_members_read_as_docdb() {
    let out = common::parse_real("epo-ops/family_with_biblio_EP2400812.xml");
    let members: Vec<_> = out
        .patents()
        .map(|p| {
            let mut publication = p.publication.clone();
            ipdc_schemas::normalize::normalize_publication(&mut publication);
            (publication.doc_id, publication.family_id, p.change)
        })
        .collect();
    let ids: Vec<_> = members.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids, ["EP2400812A1", "EP2400812B1", "CA2744162A1", "US2012057518A1", "US9648662B2"]);
    assert!(
        members
            .iter()
            .all(|(_, family, change)| family.as_deref() == Some("43088294")
                && *change == ipdc_connectors::Change::Upsert)
    );
}
