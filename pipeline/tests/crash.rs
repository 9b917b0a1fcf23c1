//! Kill the `ipdc` process at every boundary of an artifact's life (and at arbitrary moments
//! with SIGKILL), then re-run: the tables must converge to exactly the uninterrupted result —
//! same rows, no duplicates — and the ledger must end consistent. Re-ingesting then commits
//! nothing new.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const SAMPLES: &[&str] = &[
    "uspto-grant-v45/US08930553.xml",
    "uspto-grant-v41/US07057742-20060606.XML",
    "uspto-grant-v42/ipg120327.two.xml",
    "uspto-grant-v43/ipg130416.small.xml.gz",
    "cnipa-cn-xml-new/cn_new1.xml",
    "cnipa-cn-xml-old/CN104223352A_cn_old1.xml",
];

fn inputs(dir: &Path) -> PathBuf {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../connectors/tests/fixtures/real");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).unwrap();
    for (i, s) in SAMPLES.iter().enumerate() {
        let name = Path::new(s).file_name().unwrap().to_string_lossy().into_owned();
        std::fs::copy(real.join(s), input.join(format!("{i:02}-{name}"))).unwrap();
    }
    input
}

fn ipdc(root: &Path, args: &[&str], crash: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipdc"));
    cmd.arg("--root").arg(root).args(args).env_remove("IPDC_CRASH_AT");
    if let Some(c) = crash {
        cmd.env("IPDC_CRASH_AT", c);
    }
    cmd.output().unwrap()
}

fn ingest(root: &Path, input: &Path, crash: Option<&str>) -> Output {
    ipdc(root, &["ingest", "patent_xml", "--path", input.to_str().unwrap()], crash)
}

/// Everything that must be identical between runs, as CSV text.
fn snapshot(root: &Path) -> String {
    let mut out = String::new();
    for sql in [
        "SELECT count(*) - count(DISTINCT doc_id) AS duplicate_rows FROM patent_publication",
        "SELECT doc_id, count(*) AS n FROM patent_publication GROUP BY doc_id ORDER BY doc_id",
        "SELECT doc_id, count(*) AS n, sum(cardinality(claims)) AS claims FROM patent_fulltext GROUP BY doc_id ORDER BY doc_id",
        "SELECT artifact_id, locator, rule, count(*) AS n FROM quarantine GROUP BY artifact_id, locator, rule ORDER BY artifact_id, locator",
    ] {
        let o = ipdc(root, &["query", sql, "--format", "csv"], None);
        assert!(o.status.success(), "{sql}: {}", String::from_utf8_lossy(&o.stderr));
        out.push_str(&String::from_utf8_lossy(&o.stdout));
    }
    out
}

fn delta_versions(root: &Path, table: &str) -> usize {
    std::fs::read_dir(root.join("lake").join(table).join("_delta_log"))
        .map(|d| d.filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "json")).count())
        .unwrap_or(0)
}

#[test]
fn crashes_at_every_boundary_converge_to_the_uninterrupted_result() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let reference_root = dir.path().join("reference");
    let first = ingest(&reference_root, &input, None);
    assert_eq!(first.status.code(), Some(2), "rejects make exit code 2: {}", String::from_utf8_lossy(&first.stderr));
    let reference = snapshot(&reference_root);
    assert!(reference.contains("US8930553B2,1"), "{reference}");
    assert!(reference.contains("xml.not_well_formed"), "{reference}");
    assert!(reference.starts_with("duplicate_rows\n0\n"), "no duplicates in the reference: {reference}");

    // Re-ingesting commits nothing new.
    let versions = delta_versions(&reference_root, "patent_publication");
    let again = ingest(&reference_root, &input, None);
    let summary = String::from_utf8_lossy(&again.stdout).into_owned();
    assert!(summary.lines().any(|l| l.contains("already committed") && l.trim_end().ends_with(" 6")), "{summary}");
    assert_eq!(again.status.code(), Some(0), "a no-op re-run succeeds: {summary}");
    assert_eq!(delta_versions(&reference_root, "patent_publication"), versions);
    assert_eq!(snapshot(&reference_root), reference);

    for plan in
        ["landed:2", "files_written:3", "between_commits:2", "between_commits:5", "before_ledger:1", "before_ledger:4"]
    {
        let root = dir.path().join(plan.replace(':', "-"));
        let crashed = ingest(&root, &input, Some(plan));
        assert!(crashed.status.code().is_none() || !crashed.status.success(), "{plan}: the process should have died");
        assert!(
            String::from_utf8_lossy(&crashed.stderr).contains("aborting at"),
            "{plan}: {}",
            String::from_utf8_lossy(&crashed.stderr)
        );
        // The dead run left its lock behind; the next run recovers it and finishes the work.
        let resumed = ingest(&root, &input, None);
        assert!(
            resumed.status.code() == Some(0) || resumed.status.code() == Some(2),
            "{plan}: {}",
            String::from_utf8_lossy(&resumed.stderr)
        );
        assert_eq!(snapshot(&root), reference, "{plan}: tables differ from the uninterrupted run");
        let runs = String::from_utf8_lossy(&ipdc(&root, &["runs"], None).stdout).into_owned();
        assert!(
            runs.contains("abandoned") && !runs.contains("running"),
            "{plan}: the crashed run is shown as abandoned: {runs}"
        );
    }
}

#[test]
fn sigkill_at_arbitrary_moments_converges() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let reference_root = dir.path().join("reference");
    ingest(&reference_root, &input, None);
    let reference = snapshot(&reference_root);

    let root = dir.path().join("killed");
    for delay_ms in [150, 400, 700, 1000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ipdc"))
            .arg("--root")
            .arg(&root)
            .args(["ingest", "patent_xml", "--path", input.to_str().unwrap()])
            .env_remove("IPDC_CRASH_AT")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    let last = ingest(&root, &input, None);
    assert!(
        last.status.code() == Some(0) || last.status.code() == Some(2),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    assert_eq!(snapshot(&root), reference);
}
