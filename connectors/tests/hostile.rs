//! Hostile and broken inputs: each is reported with its place and reason, and good documents
//! beside a bad one still parse. Inputs are made up here (no real sample shows them), except
//! where a real sample is cut or wrapped.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use ipdc_connectors::{ConnectorKind, Error, Limits};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn real_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(common::real().join(rel)).unwrap()
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const GRANT: &str = "uspto-grant-v42/ipg120327.two.xml";

#[test]
fn billion_laughs_is_refused_with_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE us-patent-grant [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_owned() } else { format!("lol{}", i - 1) };
        doc.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    doc.push_str("]>\n<us-patent-grant>&lol9;</us-patent-grant>\n");
    let path = write(dir.path(), "laughs.xml", doc.as_bytes());
    let out = common::parse_with(ConnectorKind::PatentXml, &path, &Limits::default()).unwrap();
    assert_eq!(out.records.len(), 0);
    assert_eq!(out.rejects.len(), 1);
    assert_eq!(out.rejects[0].rule, "xml.hostile_doctype");
    assert!(out.rejects[0].reason.contains("expands other entities"), "{}", out.rejects[0].reason);
}

#[test]
fn external_entity_is_never_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let doc = b"<?xml version=\"1.0\"?>\n<!DOCTYPE us-patent-grant [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<us-patent-grant><x>&xxe;</x></us-patent-grant>\n";
    let path = write(dir.path(), "xxe.xml", doc);
    let out = common::parse_with(ConnectorKind::PatentXml, &path, &Limits::default()).unwrap();
    assert_eq!(out.rejects.len(), 1);
    assert_eq!(out.rejects[0].rule, "xml.external_entity");
    assert!(!format!("{out:?}").contains("root:"), "nothing from /etc/passwd may appear");
}

#[test]
fn bad_document_is_rejected_while_neighbours_parse() {
    // The real, not-well-formed US07057742 between two good real documents in one weekly file.
    let dir = tempfile::tempdir().unwrap();
    let mut weekly = real_bytes(GRANT);
    let bad_at = weekly.len();
    weekly.extend(real_bytes("uspto-grant-v41/US07057742-20060606.XML"));
    weekly.extend(real_bytes("uspto-grant-v45/US08930553.xml"));
    let path = write(dir.path(), "ipg-mixed.xml", &weekly);
    let out = common::parse_with(ConnectorKind::UsptoPatents, &path, &Limits::default()).unwrap();
    assert_eq!(out.records.len(), 3);
    assert_eq!(out.rejects.len(), 1);
    let bad = &out.rejects[0];
    assert_eq!(bad.rule, "xml.not_well_formed");
    assert!(bad.locator.starts_with(&format!("@{bad_at} (error at @")), "{}", bad.locator);
    assert!(bad.reason.contains("</maths>"), "{}", bad.reason);
    assert_eq!(bad.doc_id.as_deref(), Some("US07057742"));
    assert!(bad.fragment.as_deref().unwrap().starts_with("<?xml"));
}

#[test]
fn file_cut_mid_document_keeps_the_complete_ones() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = real_bytes(GRANT);
    let cut = &bytes[..bytes.len() - 2000];
    let path = write(dir.path(), "cut.xml", cut);
    let out = common::parse_with(ConnectorKind::UsptoPatents, &path, &Limits::default()).unwrap();
    assert_eq!(out.records.len(), 1);
    assert_eq!(out.rejects.len(), 1);
    assert_eq!(out.rejects[0].rule, "xml.truncated", "{:?}", out.rejects[0]);
}

#[test]
fn zip_of_real_samples_parses_every_member() {
    let dir = tempfile::tempdir().unwrap();
    let zip = zip_of(&[
        ("ipg120327.xml", &real_bytes(GRANT)),
        ("dir/cn_new1.xml", &real_bytes("cnipa-cn-xml-new/cn_new1.xml")),
    ]);
    let path = write(dir.path(), "weekly.zip", &zip);
    let out = common::parse_with(ConnectorKind::PatentXml, &path, &Limits::default()).unwrap();
    assert_eq!(out.records.len(), 3);
    let locators: Vec<_> = out.patents().map(|p| p.publication.provenance.locator.clone()).collect();
    assert_eq!(locators[2], "dir/cn_new1.xml@0");
    assert!(locators[0].starts_with("ipg120327.xml@"));
}

#[test]
fn zip_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = vec![0u8; 20 << 20];
    let path = write(dir.path(), "bomb.zip", &zip_of(&[("bomb.xml", &zeros)]));
    assert!(std::fs::metadata(&path).unwrap().len() < 100_000, "the bomb compresses well");
    let limits = Limits { max_decompressed_bytes: 1 << 20, ..Limits::default() };
    let err = common::parse_with(ConnectorKind::PatentXml, &path, &limits).unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("decompresses past the cap"), "{err}");
}

#[test]
fn gzip_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![b' '; 20 << 20]).unwrap();
    let path = write(dir.path(), "bomb.xml.gz", &gz.finish().unwrap());
    let limits = Limits { max_decompressed_bytes: 1 << 20, ..Limits::default() };
    let err = common::parse_with(ConnectorKind::PatentXml, &path, &limits).unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
}

#[test]
fn zip_slip_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "slip.zip", &zip_of(&[("../../evil.xml", b"<a/>")]));
    let err = common::parse_with(ConnectorKind::PatentXml, &path, &Limits::default()).unwrap_err();
    assert!(matches!(err, Error::PathTraversal { .. }), "{err}");
}

#[test]
fn truncated_zip_is_a_damaged_archive() {
    let dir = tempfile::tempdir().unwrap();
    let zip = zip_of(&[("ipg120327.xml", &real_bytes(GRANT))]);
    let path = write(dir.path(), "cut.zip", &zip[..zip.len() / 2]);
    let err = common::parse_with(ConnectorKind::PatentXml, &path, &Limits::default()).unwrap_err();
    assert!(matches!(err, Error::Archive { .. }), "{err}");
    assert!(err.to_string().contains("re-fetch"), "{err}");
}

#[test]
fn unknown_format_refuses_the_artifact_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "other.xml", b"<?xml version=\"1.0\"?><ops:world-patent-data/>");
    let err = common::parse_with(ConnectorKind::PatentXml, &path, &Limits::default()).unwrap_err();
    assert!(matches!(err, Error::UnknownFormat { .. }), "{err}");
    assert!(err.to_string().contains("<world-patent-data>"), "{err}");
    // A CNIPA file given to the USPTO connector is refused too, not half-parsed.
    let cn = common::real().join("cnipa-cn-xml-new/cn_new1.xml");
    assert!(matches!(
        common::parse_with(ConnectorKind::UsptoPatents, &cn, &Limits::default()),
        Err(Error::UnknownFormat { .. })
    ));
}

#[test]
fn unknown_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(real_bytes("uspto-grant-v45/US08930553.xml"))
        .unwrap()
        .replace("dtd-version=\"v4.5 2014-04-03\"", "dtd-version=\"v5.0 2030-01-01\"");
    let path = write(dir.path(), "v50.xml", text.as_bytes());
    let err = common::parse_with(ConnectorKind::UsptoPatents, &path, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("v5.0"), "{err}");
}

#[test]
fn wrong_encoding_is_rejected_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "gb.xml", b"<?xml version=\"1.0\" encoding=\"GB2312\"?><cn-patent-document/>");
    let out = common::parse_with(ConnectorKind::CnipaPatents, &path, &Limits::default()).unwrap();
    assert_eq!(out.rejects[0].rule, "xml.encoding");
    assert!(out.rejects[0].reason.contains("convert the file to UTF-8"));
}

fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, bytes) in members {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        // Written into the raw header so that hostile names are kept as they are.
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_cksum();
        b.append(&h, *bytes).unwrap();
    }
    b.into_inner().unwrap()
}

#[test]
fn tar_gz_of_real_samples_parses_every_member() {
    let dir = tempfile::tempdir().unwrap();
    let tar = tar_of(&[
        ("a/ipg120327.xml", &real_bytes(GRANT)),
        ("b/cn_old1.xml", &real_bytes("cnipa-cn-xml-old/CN104223352A_cn_old1.xml")),
    ]);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar).unwrap();
    let path = write(dir.path(), "feed.tar.gz", &gz.finish().unwrap());
    let out = common::parse_with(ConnectorKind::PatentXml, &path, &Limits::default()).unwrap();
    assert_eq!(out.records.len(), 3);
    // The legacy CN file starts with a UTF-8 BOM: the document starts at its declaration, byte 3.
    assert_eq!(out.patents().last().unwrap().publication.provenance.locator, "b/cn_old1.xml@3");
    let plain = write(dir.path(), "feed.tar", &tar);
    assert_eq!(common::parse_with(ConnectorKind::PatentXml, &plain, &Limits::default()).unwrap().records.len(), 3);
}

#[test]
fn tar_slip_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "slip.tar", &tar_of(&[("../etc/evil.xml", b"<a/>")]));
    let err = common::parse_with(ConnectorKind::PatentXml, &path, &Limits::default()).unwrap_err();
    assert!(matches!(err, Error::PathTraversal { .. }), "{err}");
}

#[test]
fn docdb_container_of_unknown_version_or_hostile_header_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let real = String::from_utf8(real_bytes("epo-docdb/DE-backfile.xml")).unwrap();
    let v3 = write(dir.path(), "v3.xml", real.replace("dtd-version=\"2.5.9\"", "dtd-version=\"3.0\"").as_bytes());
    let err = common::parse_with(ConnectorKind::EpoDocdb, &v3, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("DOCDB exchange version \"3.0\""), "{err}");
    let laughs = real.replace(
        "<!DOCTYPE exch:exchange-documents SYSTEM \"docdb-entities.dtd\">",
        "<!DOCTYPE exch:exchange-documents [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>",
    );
    let path = write(dir.path(), "laughs.xml", laughs.as_bytes());
    let err = common::parse_with(ConnectorKind::EpoDocdb, &path, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("DOCDB container header"), "{err}");
    // A DOCDB file handed to the USPTO connector is refused whole, not half-parsed.
    let de = common::real().join("epo-docdb/DE-backfile.xml");
    assert!(matches!(
        common::parse_with(ConnectorKind::UsptoPatents, &de, &Limits::default()),
        Err(Error::UnknownFormat { .. })
    ));
}

#[test]
fn docdb_container_cut_mid_document_keeps_the_complete_ones() {
    let dir = tempfile::tempdir().unwrap();
    let real = real_bytes("epo-docdb/DE-backfile.xml");
    // The 10th document starts at byte 52266; cut 500 bytes into it.
    let path = write(dir.path(), "cut.xml", &real[..52_766]);
    let out = common::parse_with(ConnectorKind::EpoDocdb, &path, &Limits::default()).unwrap();
    assert_eq!(out.records.len(), 9);
    assert_eq!(out.rejects.len(), 1);
    assert!(out.rejects[0].locator.starts_with("@52266"), "{:?}", out.rejects[0]);
}

#[test]
fn docdb_status_other_than_create_amend_delete_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let real = String::from_utf8(real_bytes("epo-docdb/YU-6701-A_381353354.xml")).unwrap();
    let path = write(dir.path(), "x.xml", real.replacen("kind=\"A\"", "kind=\"A\" status=\"X\"", 1).as_bytes());
    let out = common::parse_with(ConnectorKind::EpoDocdb, &path, &Limits::default()).unwrap();
    assert_eq!((out.records.len(), out.rejects[0].rule.as_str()), (0, "docdb.status"));
}
