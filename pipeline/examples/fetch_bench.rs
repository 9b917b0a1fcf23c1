//! Measures acquisition over loopback, step by step, on one file: a bare HTTP read that keeps
//! nothing (the ceiling of this server and client), ipdc's download into `<file>.part` (with
//! its resume bookkeeping), landing (copy into the object store with SHA-256 on the way), and
//! verification against an MD5 the feed published (a second read; a published SHA-256 costs
//! nothing more, it is computed while landing). Prints MB/s per step and the overhead of
//! landing + verification relative to the download.
//!
//! Usage: `cargo run --release -p ipdc-pipeline --example fetch_bench -- FILE`
//! (`deploy/bench/fetch.sh` builds a file and runs it).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::routing::get;
use futures::StreamExt;
use ipdc_pipeline::feeds::http::{Download, HttpFetcher};
use ipdc_pipeline::feeds::listing::Checksum;
use ipdc_pipeline::feeds::settings::{FeedSettings, ListingForm, Origin};
use ipdc_pipeline::landing::Landing;
use ipdc_pipeline::metrics::Metrics;
use ipdc_pipeline::runner::Expected;
use md5::{Digest, Md5};
use tokio::io::AsyncReadExt;

/// Serves the file in 1 MiB chunks read from disk, as a static file server would.
async fn serve_file(State(path): State<Arc<PathBuf>>) -> Body {
    let file = tokio::fs::File::open(path.as_ref()).await.expect("the benchmark file opens");
    let chunks = futures::stream::unfold(file, |mut f| async move {
        let mut buf = vec![0u8; 1 << 20];
        match f.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(bytes::Bytes::from(buf)), f))
            }
            Err(e) => Some((Err(e), f)),
        }
    });
    Body::from_stream(chunks)
}

fn line(step: &str, bytes: u64, started: Instant) -> f64 {
    let secs = started.elapsed().as_secs_f64();
    println!("{step:<44} {secs:>8.2} s {:>9.1} MB/s", bytes as f64 / 1e6 / secs);
    secs
}

fn md5_hex(path: &Path) -> String {
    let mut hasher = Md5::new();
    std::io::copy(&mut std::fs::File::open(path).unwrap(), &mut hasher).unwrap();
    hex::encode(hasher.finalize())
}

#[tokio::main]
async fn main() {
    let file = PathBuf::from(std::env::args().nth(1).expect("usage: fetch_bench FILE"));
    let size = std::fs::metadata(&file).expect("FILE exists").len();
    let work = tempfile::tempdir_in(file.parent().unwrap_or(Path::new("."))).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url: url::Url = format!("http://{}/weekly.xml", listener.local_addr().unwrap()).parse().unwrap();
    let app = Router::new().route("/weekly.xml", get(serve_file)).with_state(Arc::new(file.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    println!("{} MB over http://{} (server in this process)", size / 1_000_000, url.authority());

    let started = Instant::now();
    let mut body = reqwest::get(url.clone()).await.unwrap().bytes_stream();
    let mut read = 0u64;
    while let Some(chunk) = body.next().await {
        read += chunk.unwrap().len() as u64;
    }
    assert_eq!(read, size);
    line("bare HTTP read, bytes dropped (ceiling)", size, started);

    let mut settings = FeedSettings::new(Origin::Http { index: url.clone(), listing: ListingForm::Auto });
    settings.max_artifact_bytes = u64::MAX;
    settings.read_timeout = std::time::Duration::from_secs(60);
    let fetcher = HttpFetcher::new("bench", Arc::new(settings), Arc::new(Metrics::default())).unwrap();
    let dest = work.path().join("weekly.xml");
    let started = Instant::now();
    let Download::Complete(done) = fetcher.download(&url, &dest, Some(size), None).await.unwrap() else {
        panic!("a first download cannot be 304")
    };
    let download = line("ipdc download to disk (.part, then renamed)", done.size, started);

    let root = work.path().join("root");
    std::fs::create_dir_all(&root).unwrap();
    let store = Arc::new(object_store::local::LocalFileSystem::new_with_prefix(&root).unwrap());
    let started = Instant::now();
    let landed = Landing::new(store, Some(root.clone())).land("bench", &dest, "run").await.unwrap();
    let landing = line("landing: kernel copy into the local root + SHA-256", landed.size, started);

    let expected = Expected { size: Some(size), checksum: Some(Checksum::Md5(md5_hex(&file))) };
    let started = Instant::now();
    let verdict = ipdc_pipeline::feeds::verify(&expected, &landed, &dest).await.unwrap();
    assert!(verdict.is_none(), "{verdict:?}");
    let verify = line("verification against a published MD5", size, started);
    // A published SHA-256 is compared with the one landing computed: no further read.
    let sha = Expected { size: Some(size), checksum: Some(Checksum::Sha256(landed.sha256.clone())) };
    assert!(ipdc_pipeline::feeds::verify(&sha, &landed, &dest).await.unwrap().is_none());

    println!(
        "overhead of landing + verification: {:.0}% of the download time with a SHA-256 listing, {:.0}% with MD5",
        landing / download * 100.0,
        (landing + verify) / download * 100.0
    );
}
