//! `ipdc serve` as an operator starts it: the README's feed example, unchanged but for `from`
//! (pointed at an HTTP server on 127.0.0.1 in this process, which answers only with the bearer
//! token the example names), is written to `ipdc.toml` and `ipdc serve` is started on it. The
//! example's scheduled slot has passed and `missed = "run_once"`, so the source runs at start-up
//! with no manual step: the listing is read, `include` and `since` filter it, the weekly zips
//! are fetched and committed. `/metrics`, `ipdc status` and `ipdc query` then show it, and
//! SIGTERM stops the process cleanly.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

const TOKEN: &str = "tok-4b1d-not-for-logs";

/// The weekly files the index lists: name and the real sample zipped inside it.
const LISTED: [(&str, &str); 4] = [
    ("ipg240102.zip", "uspto-grant-v42/ipg120327.two.xml"),
    ("ipg240109.zip", "uspto-grant-weekly-concat/test_2docs_v45.xml"),
    // Left out by `include = "ipg*.zip"`.
    ("ipa240104.zip", "uspto-app-v45/US20220159901A1_v4-5-A1.xml"),
    // Left out by `since = 2024-01-01`.
    ("ipg231226.zip", "uspto-grant-v45/US08930553.xml"),
];

struct Served {
    zips: Vec<(String, Vec<u8>)>,
    /// File requests, with whether they carried the right token.
    requests: Mutex<Vec<(String, bool)>>,
}

fn zip_of(name: &str, sample: &str) -> Vec<u8> {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../connectors/tests/fixtures/real").join(sample);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    out.start_file(name.replace(".zip", ".xml"), zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(&std::fs::read(real).unwrap()).unwrap();
    out.finish().unwrap().into_inner()
}

fn authorised(headers: &HeaderMap) -> bool {
    headers.get(header::AUTHORIZATION).is_some_and(|v| v == format!("Bearer {TOKEN}").as_str())
}

async fn index(State(s): State<Arc<Served>>, headers: HeaderMap) -> Response {
    if !authorised(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let links: String = s.zips.iter().map(|(n, _)| format!("<a href=\"{n}\">{n}</a><br>\n")).collect();
    ([(header::CONTENT_TYPE, "text/html")], format!("<html><body><h1>Index</h1>\n{links}</body></html>"))
        .into_response()
}

async fn file(State(s): State<Arc<Served>>, UrlPath(name): UrlPath<String>, headers: HeaderMap) -> Response {
    s.requests.lock().unwrap().push((name.clone(), authorised(&headers)));
    if !authorised(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match s.zips.iter().find(|(n, _)| *n == name) {
        Some((_, bytes)) => ([(header::CONTENT_TYPE, "application/zip")], bytes.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The TOML block of the README's "Feeds" section.
fn readme_feed_example() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
    let section = &readme[readme.find("### Feeds").expect("README has a Feeds section")..];
    let start = section.find("```toml\n").expect("with a TOML example") + "```toml\n".len();
    section[start..start + section[start..].find("```").unwrap()].to_owned()
}

fn ipdc(config: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ipdc")).arg("--config").arg(config).args(args).output().unwrap();
    assert!(out.status.success(), "ipdc {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_from_the_readme_example_fetches_and_commits_a_feed() {
    let served = Arc::new(Served {
        zips: LISTED.iter().map(|(n, s)| ((*n).to_owned(), zip_of(n, s))).collect(),
        requests: Mutex::default(),
    });
    let app =
        Router::new().route("/bulk/", get(index)).route("/bulk/{name}", get(file)).with_state(Arc::clone(&served));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}/bulk/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let example = readme_feed_example();
    let from = example.lines().find(|l| l.starts_with("from = ")).expect("the example has a `from`");
    let config = dir.path().join("ipdc.toml");
    std::fs::write(&config, format!("root = \"data\"\n\n{}", example.replace(from, &format!("from = \"{origin}\""))))
        .unwrap();

    let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
    let mut serve = Command::new(env!("CARGO_BIN_EXE_ipdc"))
        .arg("--config")
        .arg(&config)
        .args(["serve", "--listen", "127.0.0.1:0", "--grace", "10"])
        .env("USPTO_TOKEN", TOKEN)
        .env_remove("IPDC_LOG")
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(serve.stdout.take().unwrap());
    let mut banner = String::new();
    stdout.read_line(&mut banner).unwrap();
    // Keep reading, so the process never writes to a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let Some(metrics_url) = banner.split_whitespace().find(|w| w.ends_with("/metrics,")) else {
        let _ = serve.wait();
        panic!("serve did not start: {}", std::fs::read_to_string(dir.path().join("serve.log")).unwrap());
    };
    let metrics_url = metrics_url.trim_end_matches(',');

    // The missed slot runs at start-up; wait for its outcome on /metrics.
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    let metrics = loop {
        let text = client.get(metrics_url).send().await.unwrap().text().await.unwrap();
        if text.contains("ipdc_runs_total{source=\"uspto_grants\"") {
            break text;
        }
        assert!(Instant::now() < deadline, "no run finished within 2 minutes:\n{text}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let ready = client.get(metrics_url.replace("/metrics", "/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    for line in [
        "ipdc_runs_total{source=\"uspto_grants\",status=\"succeeded\"} 1",
        "ipdc_artifacts_discovered_total{source=\"uspto_grants\"} 2",
        "ipdc_artifacts_fetched_total{source=\"uspto_grants\"} 2",
        "ipdc_artifacts_committed_total{source=\"uspto_grants\"} 2",
        "ipdc_records_written_total{source=\"uspto_grants\"} 4",
    ] {
        assert!(metrics.contains(line), "{line} missing from\n{metrics}");
    }

    // Only the two files `include` and `since` let through were asked for, each with the token.
    let mut asked = served.requests.lock().unwrap().clone();
    asked.sort();
    assert_eq!(asked, [("ipg240102.zip".to_owned(), true), ("ipg240109.zip".to_owned(), true)]);

    let status = ipdc(&config, &["status"]);
    assert!(status.contains("uspto_grants (uspto_patents)"), "{status}");
    assert!(status.contains("schedule    0 9 * * 2 (America/New_York)"), "{status}");
    assert!(status.contains(" succeeded, "), "last run: {status}");
    assert!(status.contains("cursor      ipg240109.zip (dated 2024-01-09)"), "{status}");
    assert!(status.contains("next run    20"), "{status}");

    let docs = ipdc(&config, &["query", "select doc_id from patent_publication order by doc_id", "--format", "csv"]);
    let docs: Vec<&str> = docs.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(docs, ["doc_id", "US11147202B2", "US11147203B2", "USD656308S1", "USD656309S1"]);

    // SIGTERM: the scheduler stops, nothing is abandoned, the exit is clean.
    let killed = Command::new("kill").args(["-TERM", &serve.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let exit = serve.wait().unwrap();
    let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap();
    assert!(exit.success(), "serve exited {exit:?}:\n{log}");
    assert!(log.contains("missed while ipdc was not running"), "{log}");
    assert!(!log.contains(TOKEN), "the token never reaches the log");
}
