//! Parse throughput over the real samples: framing + XML tree + format parser + normaliser,
//! reported in bytes/s of decompressed input. Run with `cargo bench -p ipdc-connectors`.

#![allow(missing_docs)]

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ipdc_connectors::{Artifact, Collected, ConnectorKind, Limits, connector};

const SAMPLES: &[&str] = &[
    "uspto-grant-v43/ipg130416.small.xml.gz",
    "epo-docdb/DE-backfile.xml",
    "uspto-grant-v40/ipg050104.small.xml.gz",
    "uspto-grant-v45/US08926509.xml",
    "uspto-app-v46/US20220240350A1-20220728.XML",
    "cnipa-cn-xml-old/CN103492414A_200880114428_A.xml",
    "cnipa-cn-xml-new/cn_new1.xml",
    "ep-patent-document/EP05255002A1_DOC00001.xml",
    "epo-ftm-fulltext/ES2993312T1.xml",
    "epo-ops/search_with_constituent_biblio.xml",
    "epo-ops/legal_EP2400812.xml",
    "uspto-grant-v25-patdoc/US06530116_v2-5-B2.xml",
    "uspto-pap-v15/US20010000943A1.xml",
    "uspto-trademark-daily/seed.xml",
    "euipo-trademark/018229617.xml",
    "wipo-st96-trademark/USPTO_TSDR_rn2178784-ST96-2.2.1.xml",
    "wipo-st96-trademark/TrademarkApplication_Example.xml",
    "wipo-st66-trademark/USPTO_TSDR_sn76044902-ST66.xml",
    "wipo-st96-gi/GIApplication_Example.xml",
    "euipo-design/001063002-0001.xml",
    "wipo-st96-design/DesignApplication_Example.xml",
    "dpma-st86-design/M8800174-register-info.xml",
    "dpma-st66-trademark/DE919224-register-info.xml",
    "wipo-st96-trademark/USPTO_TSDR_rn2178784-ST96-D3.xml",
    "wipo-st96-patent/PatentPublication_Example.xml",
    "jpo-gazette-xml/JP2021044377A_jp_example1.xml",
    "uspto-greenbook-aps/US03937375.greenbook",
    "cpc-scheme/cpc-scheme-A01L.xml",
];

fn decompressed_len(path: &std::path::Path) -> u64 {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out).unwrap();
        out.len() as u64
    } else {
        bytes.len() as u64
    }
}

fn parse(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real");
    let conn = connector(ConnectorKind::AnyXml);
    let mut group = c.benchmark_group("parse");
    for rel in SAMPLES {
        let path = root.join(rel);
        let artifact =
            Artifact { source: "bench".into(), id: (*rel).into(), sha256: String::new(), path: path.clone() };
        group.throughput(Throughput::Bytes(decompressed_len(&path)));
        group.bench_function(*rel, |b| {
            b.iter(|| {
                let mut out = Collected::default();
                conn.parse(&artifact, &Limits::default(), &mut out).unwrap();
                for p in out.patents() {
                    let mut publication = p.publication.clone();
                    ipdc_schemas::normalize::normalize_publication(&mut publication);
                }
                for e in out.legal_events() {
                    ipdc_schemas::normalize::normalize_legal_event(&mut e.clone());
                }
                for t in out.trademarks() {
                    ipdc_schemas::normalize::normalize_trademark(&mut t.clone());
                }
                for g in out.geographical_indications() {
                    ipdc_schemas::normalize::normalize_geographical_indication(&mut g.clone());
                }
                for d in out.designs() {
                    ipdc_schemas::normalize::normalize_design(&mut d.clone());
                }
                out.records.len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
