//! HTTP acquisition end to end: a server in this process (127.0.0.1) serves real USPTO grant
//! files through each discovery form (HTML directory listing, JSON file list with sizes and
//! checksums, Atom feed) and injects faults — a connection reset mid-body, 503 then 200, 429
//! with `Retry-After`, a hung response, a wrong published checksum. Each test asserts the
//! tables, the ledger and the feed log afterwards.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arrow::array::{Array, AsArray};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use futures::StreamExt;
use ipdc_connectors::{ConnectorKind, Scope};
use ipdc_pipeline::feeds::settings::{FeedSettings, ListingForm, Origin};
use ipdc_pipeline::feeds::{PullReport, PullRequest};
use ipdc_pipeline::runner::{ArtifactReport, Outcome, Pipeline, Progress};
use ipdc_pipeline::workspace;
use sha2::{Digest, Sha256};

const SAMPLES: [&str; 3] = [
    "uspto-grant-v45/US08926509.xml",
    "uspto-grant-v45/US08930553.xml",
    "uspto-grant-v47/grant_us11646472b2_17248024.xml",
];

struct Quiet;

impl Progress for Quiet {
    fn begin(&self, _: usize, _: u64) {}
    fn artifact_done(&self, _: &ArtifactReport, _: u64) {}
}

#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Send half the body, then drop the connection.
    ResetMidBody,
    /// Answer with this status.
    Status(u16),
    /// 429 with `Retry-After: 1`.
    TooMany,
    /// Say nothing for longer than the client's read timeout.
    Hang,
}

#[derive(Default)]
struct Served {
    files: BTreeMap<String, Bytes>,
    faults: Mutex<HashMap<String, VecDeque<Fault>>>,
    /// Requests per file, with the Range header they carried.
    requests: Mutex<Vec<(String, Option<String>)>>,
    /// A checksum to publish instead of the true one.
    wrong_checksum: Option<String>,
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

fn etag(b: &[u8]) -> String {
    format!("\"{}\"", &sha(b)[..16])
}

async fn html(State(s): State<Arc<Served>>) -> impl IntoResponse {
    let links: String = s.files.keys().map(|k| format!("<a href=\"{k}\">{k}</a>\n")).collect();
    let body =
        format!("<html><body><a href=\"?C=M;O=A\">Last modified</a><a href=\"../\">Parent</a>\n{links}</body></html>");
    ([(header::CONTENT_TYPE, "text/html"), (header::ETAG, "\"listing-1\"")], body)
}

async fn html_conditional(State(s): State<Arc<Served>>, headers: HeaderMap) -> Response {
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == "\"listing-1\"") {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    html(State(s)).await.into_response()
}

async fn json(State(s): State<Arc<Served>>) -> impl IntoResponse {
    let files: Vec<_> = s
        .files
        .iter()
        .map(|(k, v)| {
            let checksum = match &s.wrong_checksum {
                Some(w) if k.contains("US08930553") => w.clone(),
                _ => sha(v),
            };
            serde_json::json!({"fileName": k, "fileSize": v.len().to_string(), "sha256": checksum, "downloadUrl": format!("/grants/{k}")})
        })
        .collect();
    ([(header::CONTENT_TYPE, "application/json")], serde_json::json!({"deliveries": [{"files": files}]}).to_string())
}

async fn atom(State(s): State<Arc<Served>>) -> impl IntoResponse {
    let entries: String = s
        .files
        .keys()
        .map(|k| format!("<entry><title>{k}</title><updated>2024-01-02T00:00:00Z</updated><link rel=\"enclosure\" href=\"/grants/{k}\"/></entry>"))
        .collect();
    (
        [(header::CONTENT_TYPE, "application/atom+xml")],
        format!(
            "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>grants</title>{entries}</feed>"
        ),
    )
}

async fn file(State(s): State<Arc<Served>>, UrlPath(name): UrlPath<String>, headers: HeaderMap) -> Response {
    let Some(bytes) = s.files.get(&name).cloned() else { return StatusCode::NOT_FOUND.into_response() };
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    s.requests.lock().unwrap().push((name.clone(), range.clone()));
    let fault = s.faults.lock().unwrap().get_mut(&name).and_then(VecDeque::pop_front);
    let tag = etag(&bytes);
    match fault {
        Some(Fault::Status(code)) => return StatusCode::from_u16(code).unwrap().into_response(),
        Some(Fault::TooMany) => return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response(),
        Some(Fault::Hang) => tokio::time::sleep(Duration::from_secs(5)).await,
        Some(Fault::ResetMidBody) => {
            let half = bytes.slice(..bytes.len() / 2);
            // The first half goes out; a moment later the connection breaks.
            let body = futures::stream::once(async move { Ok::<_, std::io::Error>(half) }).chain(
                futures::stream::once(async {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "injected reset"))
                }),
            );
            return Response::builder()
                .header(header::CONTENT_LENGTH, bytes.len())
                .header(header::ETAG, tag)
                .body(Body::from_stream(body))
                .unwrap();
        }
        None => {}
    }
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.to_str().unwrap_or("") == tag) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    if let Some(start) = range.as_deref().and_then(|r| r.strip_prefix("bytes=")).and_then(|r| r.strip_suffix('-')) {
        let start: usize = start.parse().unwrap();
        let if_range_ok = headers.get(header::IF_RANGE).is_none_or(|v| v.to_str().unwrap_or("") == tag);
        if if_range_ok && start < bytes.len() {
            return Response::builder()
                .status(StatusCode::PARTIAL_CONTENT)
                .header(header::CONTENT_RANGE, format!("bytes {start}-{}/{}", bytes.len() - 1, bytes.len()))
                .header(header::ETAG, tag)
                .body(Body::from(bytes.slice(start..)))
                .unwrap();
        }
    }
    ([(header::ETAG, tag)], bytes).into_response()
}

/// Serves the samples; returns the base URL.
async fn serve(served: Arc<Served>) -> String {
    let app = Router::new()
        .route("/grants/", get(html_conditional))
        .route("/grants/files.json", get(json))
        .route("/grants/feed.atom", get(atom))
        .route("/grants/{name}", get(file))
        .with_state(served);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn samples() -> BTreeMap<String, Bytes> {
    SAMPLES
        .iter()
        .map(|rel| {
            let path = Path::new(ipdc_tests::REAL_SAMPLES).join(rel);
            (path.file_name().unwrap().to_string_lossy().into_owned(), Bytes::from(std::fs::read(&path).unwrap()))
        })
        .collect()
}

fn request(index: &str, form: ListingForm) -> PullRequest {
    let mut feed = FeedSettings::new(Origin::Http { index: index.parse().unwrap(), listing: form });
    feed.read_timeout = Duration::from_millis(800);
    feed.connect_timeout = Duration::from_secs(2);
    feed.requests_per_second = 500.0;
    feed.concurrency = 2;
    feed.retry.initial_backoff = Duration::from_millis(20);
    feed.retry.max_backoff = Duration::from_secs(2);
    feed.retry.attempts = 4;
    PullRequest {
        source: "uspto_http".into(),
        connector: ConnectorKind::UsptoPatents,
        scope: Scope::Full,
        feed: Arc::new(feed),
        window: None,
    }
}

async fn pipeline(dir: &Path) -> Pipeline {
    workspace::open(workspace::Layout::local(dir.join("root")), &Default::default(), Default::default()).unwrap().0
}

async fn column(pipeline: &Pipeline, sql: &str) -> Vec<String> {
    let (ctx, _) = ipdc_jobs::session(&pipeline.lake).await.unwrap();
    let mut out = Vec::new();
    for b in ipdc_jobs::query(&ctx, sql).await.unwrap() {
        let col = arrow::compute::cast(b.column(0), &arrow::datatypes::DataType::Utf8).unwrap();
        let col = col.as_string::<i32>();
        out.extend((0..col.len()).map(|i| col.value(i).to_owned()));
    }
    out
}

fn committed(r: &PullReport) -> usize {
    r.run.artifacts.iter().filter(|a| matches!(a.outcome, Outcome::Committed(_))).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_discovery_form_fetches_commits_and_then_has_nothing_new() {
    let served = Arc::new(Served { files: samples(), ..Served::default() });
    let base = serve(Arc::clone(&served)).await;
    for (index, form) in [
        (format!("{base}/grants/"), ListingForm::Auto),
        (format!("{base}/grants/files.json"), ListingForm::Json),
        (format!("{base}/grants/feed.atom"), ListingForm::Auto),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let pipeline = pipeline(dir.path()).await;
        let req = request(&index, form);
        let first = pipeline.pull(&req, &Quiet).await.unwrap();
        assert_eq!((first.listed, first.new, committed(&first)), (3, 3, 3), "{index}: {first:?}");
        assert_eq!(first.run.status, "succeeded", "{index}");
        let docs = column(&pipeline, "select doc_id from patent_publication order by doc_id").await;
        assert_eq!(docs, ["US11646472B2", "US8926509B2", "US8930553B2"], "{index}");
        for key in served.files.keys() {
            let row = pipeline.state.fetched("uspto_http", key).unwrap().unwrap();
            assert_eq!((row.status.as_str(), row.sha256.as_str()), ("done", sha(&served.files[key]).as_str()));
        }
        let again = pipeline.pull(&req, &Quiet).await.unwrap();
        assert_eq!((again.new, again.run.counts.artifacts), (0, 0), "{index}: nothing new the second time");
        if index.ends_with("/grants/") {
            assert!(again.index_unchanged, "the HTML index is asked for conditionally and answers 304");
        }
        assert_eq!(column(&pipeline, "select count(*) from patent_publication").await, ["3"]);
        // A lineage event names the artifacts and the table versions.
        let event: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.path().join(format!("root/lineage/uspto_http/{}.json", first.run.run_id))).unwrap(),
        )
        .unwrap();
        assert_eq!(event["inputs"].as_array().unwrap().len(), 3);
        assert_eq!(event["outputs"][0]["name"], "patent_fulltext");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resets_5xx_429_and_hangs_are_retried_and_resumed() {
    let files = samples();
    let names: Vec<String> = files.keys().cloned().collect();
    let faults = HashMap::from([
        (names[0].clone(), VecDeque::from([Fault::ResetMidBody, Fault::Hang])),
        (names[1].clone(), VecDeque::from([Fault::Status(503), Fault::TooMany])),
        (names[2].clone(), VecDeque::from([Fault::Status(502)])),
    ]);
    let served = Arc::new(Served { files, faults: Mutex::new(faults), ..Served::default() });
    let base = serve(Arc::clone(&served)).await;
    let dir = tempfile::tempdir().unwrap();
    let pipeline = pipeline(dir.path()).await;
    let started = std::time::Instant::now();
    let report =
        pipeline.pull(&request(&format!("{base}/grants/files.json"), ListingForm::Json), &Quiet).await.unwrap();
    assert_eq!((report.run.status.as_str(), committed(&report)), ("succeeded", 3), "{report:?}");
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After: 1 was honoured");
    // The reset file was resumed from where the body broke off, after the hang timed out.
    let requests = served.requests.lock().unwrap().clone();
    let first: Vec<_> = requests.iter().filter(|(n, _)| *n == names[0]).map(|(_, r)| r.clone()).collect();
    let half = served.files[&names[0]].len() / 2;
    assert_eq!(first, [None, Some(format!("bytes={half}-")), Some(format!("bytes={half}-"))], "{requests:?}");
    for name in &names {
        let row = pipeline.state.fetched("uspto_http", name).unwrap().unwrap();
        assert_eq!(row.sha256, sha(&served.files[name]), "{name}: the bytes are whole");
    }
    assert_eq!(column(&pipeline, "select count(*) from patent_publication").await, ["3"]);
    let metrics = pipeline.metrics.render();
    assert!(metrics.contains("ipdc_request_retries_total{source=\"uspto_http\"} 5"), "{metrics}");
    assert!(metrics.contains("ipdc_artifacts_committed_total{source=\"uspto_http\"} 3"), "{metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_checksum_quarantines_the_artifact_and_commits_nothing_of_it() {
    let wrong = "0".repeat(64);
    let served = Arc::new(Served { files: samples(), wrong_checksum: Some(wrong.clone()), ..Served::default() });
    let base = serve(Arc::clone(&served)).await;
    let dir = tempfile::tempdir().unwrap();
    let pipeline = pipeline(dir.path()).await;
    let report =
        pipeline.pull(&request(&format!("{base}/grants/files.json"), ListingForm::Json), &Quiet).await.unwrap();
    assert_eq!(report.run.status, "partial");
    let bad = report.run.artifacts.iter().find(|a| a.id == "US08930553.xml").unwrap();
    assert!(matches!(&bad.outcome, Outcome::Quarantined(why) if why.contains(&format!("sha256:{wrong}"))), "{bad:?}");
    assert_eq!(
        column(&pipeline, "select doc_id from patent_publication order by doc_id").await,
        ["US11646472B2", "US8926509B2"]
    );
    assert_eq!(
        column(&pipeline, "select rule from quarantine where artifact_id = 'US08930553.xml'").await,
        ["fetch.checksum"]
    );
    let row = pipeline.state.fetched("uspto_http", "US08930553.xml").unwrap().unwrap();
    assert_eq!(row.status, "quarantined");
    // The raw bytes are kept in the landing zone.
    let true_sha = sha(&served.files["US08930553.xml"]);
    let landed = dir.path().join(format!("root/landing/uspto_http/{}/{true_sha}/US08930553.xml", &true_sha[..2]));
    assert!(landed.exists(), "{}", landed.display());
    assert!(pipeline.metrics.render().contains("ipdc_checksum_mismatches_total{source=\"uspto_http\"} 1"));
    // Nothing new next time: the quarantined file is not fetched again until republished.
    // With a retention of 0 days, that pull also deletes the landed bytes of the committed
    // artifacts, and keeps the quarantined one's.
    let mut keep_none = request(&format!("{base}/grants/files.json"), ListingForm::Json);
    Arc::make_mut(&mut keep_none.feed).keep_landed_days = Some(0);
    let again = pipeline.pull(&keep_none, &Quiet).await.unwrap();
    assert_eq!((again.new, again.pruned), (0, 2), "{again:?}");
    assert!(landed.exists(), "quarantined raw bytes are never pruned");
    for good in ["US08926509.xml", "grant_us11646472b2_17248024.xml"] {
        let s = sha(&served.files[good]);
        assert!(!dir.path().join(format!("root/landing/uspto_http/{}/{s}/{good}", &s[..2])).exists(), "{good}");
    }
    assert_eq!(column(&pipeline, "select count(*) from patent_publication").await, ["2"], "tables are untouched");
}
