//! Parsing on several threads gives exactly what one thread gives, in the same order: records,
//! rejects and skips of every real sample, and of a weekly-style file of many documents with a
//! broken one among them.

mod common;

use std::io::Write;

use ipdc_connectors::{Collected, Limits};

fn parse(path: &std::path::Path, rel: &str, threads: usize) -> Result<Collected, String> {
    let limits = Limits { parse_threads: threads, ..Limits::default() };
    common::parse_with(common::kind_of(rel), path, &limits).map_err(|e| e.to_string())
}

fn assert_same(one: &Result<Collected, String>, many: &Result<Collected, String>, what: &str) {
    match (one, many) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.records, b.records, "{what}: records");
            assert_eq!(a.rejects, b.rejects, "{what}: rejects");
            assert_eq!(a.skips, b.skips, "{what}: skips");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{what}: refusal"),
        _ => panic!("{what}: one thread gave {:?}, several {:?}", one.is_ok(), many.is_ok()),
    }
}

#[test]
fn every_real_sample_reads_the_same_on_one_thread_and_on_four() {
    let mut compared = 0;
    for dir in std::fs::read_dir(common::real()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let rel = format!(
                "{}/{}",
                dir.file_name().unwrap().to_string_lossy(),
                path.file_name().unwrap().to_string_lossy()
            );
            assert_same(&parse(&path, &rel, 1), &parse(&path, &rel, 4), &rel);
            compared += 1;
        }
    }
    assert_eq!(compared, 60, "every real sample");
}

#[test]
fn a_weekly_file_keeps_document_order_across_threads() {
    let real = common::real();
    let mut grants = Vec::new();
    for dir in ["uspto-grant-v40", "uspto-grant-v42", "uspto-grant-v45", "uspto-grant-v47"] {
        let mut paths: Vec<_> = std::fs::read_dir(real.join(dir)).unwrap().map(|f| f.unwrap().path()).collect();
        paths.sort();
        paths.retain(|p| p.extension().is_some_and(|e| e == "xml"));
        grants.extend(paths.iter().map(|p| std::fs::read(p).unwrap()));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weekly.xml");
    let mut file = std::fs::File::create(&path).unwrap();
    let mut written = 0;
    for round in 0..6 {
        for (i, grant) in grants.iter().enumerate() {
            // One document cut in half: rejected, in its place.
            let bytes = if round == 3 && i == 1 { &grant[..grant.len() / 2] } else { &grant[..] };
            file.write_all(bytes).unwrap();
            written += memchr::memmem::find_iter(bytes, b"<?xml ").count();
        }
    }
    drop(file);
    let one = parse(&path, "weekly.xml", 1).unwrap();
    let four = parse(&path, "weekly.xml", 4);
    assert_same(&Ok(one), &four, "weekly file");
    let four = four.unwrap();
    assert_eq!(four.records.len() + four.rejects.len() + four.skips.len(), written);
    assert_eq!(four.rejects.len(), 1, "{:?}", four.rejects);
}
