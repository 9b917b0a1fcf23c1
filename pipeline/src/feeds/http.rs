//! HTTP acquisition (reqwest, rustls): index pages and artifacts fetched with connect and
//! read timeouts, retries ([`super::retry`]), per-host concurrency and rate limits shared by
//! every source of the process, credentials from environment variables (never logged),
//! conditional requests (ETag / Last-Modified), and downloads streamed to a `.part` file that
//! a dropped connection resumes with `Range` (guarded by `If-Range`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use reqwest::header::{self, HeaderMap};
use reqwest::{RequestBuilder, Response, StatusCode};
use tokio::io::AsyncWriteExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::{debug, warn};
use url::Url;

use super::retry::{retry_after, retryable_status};
use super::settings::{Auth, FeedSettings};
use crate::metrics::Metrics;

/// Largest index page or file list read into memory.
const MAX_LISTING_BYTES: usize = 64 << 20;

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The server refused in a way retrying will not change (4xx other than 408/425/429).
    #[error("{url}: HTTP {status}; not retried (check the URL and the credentials)")]
    Refused {
        /// URL.
        url: String,
        /// Status.
        status: u16,
    },
    /// Every attempt failed.
    #[error("{url}: failed after {attempts} attempts; last error: {last}")]
    Exhausted {
        /// URL.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// The artifact is larger than `max_artifact_bytes`.
    #[error(
        "{url}: {size} bytes is more than max_artifact_bytes = {max}; raise it for this source if the file is genuine"
    )]
    TooLarge {
        /// URL.
        url: String,
        /// Size announced or reached.
        size: u64,
        /// Limit.
        max: u64,
    },
    /// A credential variable is not set.
    #[error("environment variable {0} is not set (it holds this source's credentials)")]
    MissingCredential(String),
    /// Local file trouble.
    #[error("{path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The HTTP client could not be built.
    #[error("HTTP client: {0}")]
    Client(String),
}

/// What the server said last time, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// `ETag`.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
}

impl Validators {
    fn from_headers(h: &HeaderMap) -> Self {
        let get = |name| h.get(name).and_then(|v: &header::HeaderValue| v.to_str().ok()).map(str::to_owned);
        Self { etag: get(header::ETAG), last_modified: get(header::LAST_MODIFIED) }
    }

    /// Whether the server sent neither.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// An index body, or word that it has not changed.
#[derive(Debug)]
pub enum ListingBody {
    /// `304 Not Modified`.
    NotModified,
    /// The body with its content type and validators.
    Body {
        /// `Content-Type`.
        content_type: Option<String>,
        /// Bytes.
        bytes: Vec<u8>,
        /// Validators for next time.
        validators: Validators,
    },
}

/// A completed download.
#[derive(Debug, Clone)]
pub struct Downloaded {
    /// The file.
    pub path: PathBuf,
    /// Its size.
    pub size: u64,
    /// Validators of the response.
    pub validators: Validators,
    /// Times the transfer resumed from an offset.
    pub resumed: u32,
}

/// The outcome of a download.
#[derive(Debug)]
pub enum Download {
    /// `304 Not Modified`: the copy fetched before is current.
    NotModified,
    /// Bytes are in `path`.
    Complete(Downloaded),
}

/// Concurrency and pacing of requests to one host, shared by every source of the process.
#[derive(Debug)]
struct HostGate {
    permits: Arc<Semaphore>,
    next: tokio::sync::Mutex<Instant>,
    interval: Duration,
}

static HOSTS: LazyLock<Mutex<HashMap<String, Arc<HostGate>>>> = LazyLock::new(Mutex::default);

impl HostGate {
    /// The gate of `host`; the first source to use a host sets its limits.
    fn of(host: &str, concurrency: usize, per_second: f64) -> Arc<Self> {
        let mut hosts = HOSTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(hosts.entry(host.to_owned()).or_insert_with(|| {
            Arc::new(HostGate {
                permits: Arc::new(Semaphore::new(concurrency)),
                next: tokio::sync::Mutex::new(Instant::now()),
                interval: Duration::from_secs_f64(1.0 / per_second),
            })
        }))
    }

    /// Waits for a free slot and this host's next turn.
    async fn enter(&self) -> OwnedSemaphorePermit {
        let permit = Arc::clone(&self.permits).acquire_owned().await.expect("the semaphore is never closed");
        let at = {
            let mut next = self.next.lock().await;
            let at = (*next).max(Instant::now());
            *next = at + self.interval;
            at
        };
        tokio::time::sleep_until(at.into()).await;
        permit
    }
}

/// Fetches over HTTP for one source.
#[derive(Debug, Clone)]
pub struct HttpFetcher {
    client: reqwest::Client,
    source: String,
    settings: Arc<FeedSettings>,
    metrics: Arc<Metrics>,
}

/// What one attempt came to.
enum Attempt {
    Response(Response),
    Retry { wait: Option<Duration>, why: String },
}

impl HttpFetcher {
    /// A fetcher with the source's timeouts, limits and credentials.
    ///
    /// # Errors
    /// [`FetchError::Client`] when the TLS stack cannot start.
    pub fn new(source: &str, settings: Arc<FeedSettings>, metrics: Arc<Metrics>) -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("ipdc/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(settings.connect_timeout)
            .read_timeout(settings.read_timeout)
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Self { client, source: source.to_owned(), settings, metrics })
    }

    fn gate(&self, url: &Url) -> Arc<HostGate> {
        let host = format!("{}:{}", url.host_str().unwrap_or(""), url.port_or_known_default().unwrap_or(0));
        HostGate::of(&host, self.settings.concurrency, self.settings.requests_per_second)
    }

    fn authorize(&self, req: RequestBuilder) -> Result<RequestBuilder, FetchError> {
        let var = |name: &str| std::env::var(name).map_err(|_| FetchError::MissingCredential(name.to_owned()));
        Ok(match &self.settings.auth {
            Auth::None => req,
            // Both mark the header sensitive, so it is never printed.
            Auth::Bearer { token_env } => req.bearer_auth(var(token_env)?),
            Auth::Basic { user_env, password_env } => req.basic_auth(var(user_env)?, Some(var(password_env)?)),
        })
    }

    /// One request: waits for the host's turn, sends, and sorts the outcome into a response to
    /// use, a reason to retry, or a failure.
    async fn attempt(&self, url: &Url, req: RequestBuilder) -> Result<(Attempt, OwnedSemaphorePermit), FetchError> {
        let permit = self.gate(url).enter().await;
        let req = self.authorize(req)?;
        let limit = self.settings.connect_timeout + self.settings.read_timeout;
        let sent = match tokio::time::timeout(limit, req.send()).await {
            Err(_) => return Ok((Attempt::Retry { wait: None, why: format!("no response within {limit:?}") }, permit)),
            Ok(Err(e)) => return Ok((Attempt::Retry { wait: None, why: describe(&e) }, permit)),
            Ok(Ok(r)) => r,
        };
        let status = sent.status();
        if status.is_success() || status == StatusCode::NOT_MODIFIED || status == StatusCode::RANGE_NOT_SATISFIABLE {
            return Ok((Attempt::Response(sent), permit));
        }
        if retryable_status(status.as_u16()) {
            let wait = sent
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| retry_after(v, chrono::Utc::now()));
            return Ok((Attempt::Retry { wait, why: format!("HTTP {status}") }, permit));
        }
        Err(FetchError::Refused { url: url.to_string(), status: status.as_u16() })
    }

    /// Waits before the attempt after `attempt`, unless it was the last.
    async fn pause_after(&self, attempt: u32, url: &Url, wait: Option<Duration>, why: &str) {
        if attempt >= self.settings.retry.attempts {
            return;
        }
        let attempt = attempt + 1;
        let delay = self.settings.retry.backoff(attempt, wait);
        self.metrics.retries.get_or_create(&Metrics::source(&self.source)).inc();
        warn!(source = %self.source, %url, attempt, delay_ms = delay.as_millis() as u64, reason = why, "Request failed; retrying.");
        tokio::time::sleep(delay).await;
    }

    fn exhausted(&self, url: &Url, last: String) -> FetchError {
        self.metrics.fetch_failures.get_or_create(&Metrics::source(&self.source)).inc();
        FetchError::Exhausted { url: url.to_string(), attempts: self.settings.retry.attempts, last }
    }

    /// Reads an index page, file list or feed (conditionally, when `known` has validators).
    ///
    /// # Errors
    /// See [`FetchError`].
    pub async fn listing(&self, url: &Url, known: Option<&Validators>) -> Result<ListingBody, FetchError> {
        let mut last = String::new();
        for attempt in 1..=self.settings.retry.attempts {
            let mut req = self.client.get(url.clone());
            if let Some(v) = known {
                req = conditional(req, v);
            }
            let (outcome, _permit) = self.attempt(url, req).await?;
            let mut resp = match outcome {
                Attempt::Response(r) if r.status() == StatusCode::NOT_MODIFIED => return Ok(ListingBody::NotModified),
                Attempt::Response(r) => r,
                Attempt::Retry { wait, why } => {
                    last = why;
                    self.pause_after(attempt, url, wait, &last).await;
                    continue;
                }
            };
            let content_type =
                resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let validators = Validators::from_headers(resp.headers());
            let mut bytes = Vec::new();
            let read = async {
                while let Some(chunk) = resp.chunk().await? {
                    if bytes.len() + chunk.len() > MAX_LISTING_BYTES {
                        return Ok::<_, reqwest::Error>(false);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(true)
            };
            match read.await {
                Ok(true) => return Ok(ListingBody::Body { content_type, bytes, validators }),
                Ok(false) => {
                    return Err(FetchError::TooLarge {
                        url: url.to_string(),
                        size: MAX_LISTING_BYTES as u64,
                        max: MAX_LISTING_BYTES as u64,
                    });
                }
                Err(e) => {
                    last = describe(&e);
                    self.pause_after(attempt, url, None, &last).await;
                }
            }
        }
        Err(self.exhausted(url, last))
    }

    /// Downloads `url` into `dest` through `dest.part`, resuming a partial file left by an
    /// earlier attempt or run. With `known` validators the request is conditional and a `304`
    /// returns [`Download::NotModified`].
    ///
    /// # Errors
    /// See [`FetchError`].
    pub async fn download(
        &self,
        url: &Url,
        dest: &Path,
        listed_size: Option<u64>,
        known: Option<&Validators>,
    ) -> Result<Download, FetchError> {
        let max = self.settings.max_artifact_bytes;
        if let Some(size) = listed_size.filter(|s| *s > max) {
            return Err(FetchError::TooLarge { url: url.to_string(), size, max });
        }
        let part = part_path(dest);
        if let Some(dir) = part.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(|e| io(dir, e))?;
        }
        let mut last = String::new();
        let mut seen = Validators::default();
        let mut resumed = 0;
        for attempt in 1..=self.settings.retry.attempts {
            let offset = tokio::fs::metadata(&part).await.map(|m| m.len()).unwrap_or(0);
            let mut req = self.client.get(url.clone());
            if offset > 0 {
                req = req.header(header::RANGE, format!("bytes={offset}-"));
                // Resume only the same version of the file; otherwise the server sends it whole.
                if let Some(tag) = seen.etag.as_ref().or(seen.last_modified.as_ref()) {
                    req = req.header(header::IF_RANGE, tag);
                }
            } else if let Some(v) = known.filter(|v| !v.is_empty()) {
                req = conditional(req, v);
            }
            let (outcome, _permit) = self.attempt(url, req).await?;
            let resp = match outcome {
                Attempt::Response(r) => r,
                Attempt::Retry { wait, why } => {
                    last = why;
                    self.pause_after(attempt, url, wait, &last).await;
                    continue;
                }
            };
            let validators = Validators::from_headers(resp.headers());
            let start = match resp.status() {
                StatusCode::NOT_MODIFIED => return Ok(Download::NotModified),
                StatusCode::PARTIAL_CONTENT => match content_range_start(resp.headers()) {
                    Some(s) if s == offset => {
                        resumed += 1;
                        debug!(%url, offset, "Resuming the download.");
                        offset
                    }
                    _ => {
                        last = "the server answered a range other than the one asked for".into();
                        truncate(&part).await?;
                        continue;
                    }
                },
                StatusCode::RANGE_NOT_SATISFIABLE if offset > 0 && listed_size.is_none_or(|s| s == offset) => {
                    // The partial file is already whole.
                    self.metrics.fetched.get_or_create(&Metrics::source(&self.source)).inc();
                    return finish(&part, dest, offset, seen, resumed).await.map(Download::Complete);
                }
                StatusCode::RANGE_NOT_SATISFIABLE => {
                    last = "the partial file is longer than the server's".into();
                    truncate(&part).await?;
                    continue;
                }
                _ => 0,
            };
            seen = validators;
            let announced = resp.content_length().map(|l| l + start);
            if let Some(size) = announced.filter(|s| *s > max) {
                return Err(FetchError::TooLarge { url: url.to_string(), size, max });
            }
            match self.stream_into(resp, &part, start, max, url).await? {
                Ok(total) if announced.is_none_or(|a| a == total) => {
                    self.metrics.fetched.get_or_create(&Metrics::source(&self.source)).inc();
                    return finish(&part, dest, total, seen, resumed).await.map(Download::Complete);
                }
                Ok(total) => last = format!("the body ended at byte {total} of {}", announced.unwrap_or(0)),
                Err(why) => last = why,
            }
            self.pause_after(attempt, url, None, &last).await;
        }
        Err(self.exhausted(url, last))
    }

    /// Appends the body to `part` from `start`; `Ok(Ok(total))` when the body ended, `Ok(Err)`
    /// with the reason when the connection dropped or stalled (the bytes so far are kept).
    async fn stream_into(
        &self,
        resp: Response,
        part: &Path,
        start: u64,
        max: u64,
        url: &Url,
    ) -> Result<Result<u64, String>, FetchError> {
        let file = tokio::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(start == 0)
            .append(start > 0)
            .open(part)
            .await
            .map_err(|e| io(part, e))?;
        let mut out = tokio::io::BufWriter::with_capacity(1 << 20, file);
        let mut total = start;
        let mut body = resp.bytes_stream();
        let bytes = self.metrics.fetched_bytes.get_or_create(&Metrics::source(&self.source)).clone();
        let ended = loop {
            match tokio::time::timeout(self.settings.read_timeout, body.next()).await {
                Err(_) => break Err(format!("no bytes for {:?}", self.settings.read_timeout)),
                Ok(None) => break Ok(total),
                Ok(Some(Err(e))) => break Err(describe(&e)),
                Ok(Some(Ok(chunk))) => {
                    total += chunk.len() as u64;
                    if total > max {
                        return Err(FetchError::TooLarge { url: url.to_string(), size: total, max });
                    }
                    out.write_all(&chunk).await.map_err(|e| io(part, e))?;
                    bytes.inc_by(chunk.len() as u64);
                }
            }
        };
        out.flush().await.map_err(|e| io(part, e))?;
        out.into_inner().sync_data().await.map_err(|e| io(part, e))?;
        Ok(ended)
    }
}

async fn finish(
    part: &Path,
    dest: &Path,
    size: u64,
    validators: Validators,
    resumed: u32,
) -> Result<Downloaded, FetchError> {
    tokio::fs::rename(part, dest).await.map_err(|e| io(dest, e))?;
    Ok(Downloaded { path: dest.to_owned(), size, validators, resumed })
}

fn conditional(mut req: RequestBuilder, v: &Validators) -> RequestBuilder {
    if let Some(etag) = &v.etag {
        req = req.header(header::IF_NONE_MATCH, etag);
    }
    if let Some(lm) = &v.last_modified {
        req = req.header(header::IF_MODIFIED_SINCE, lm);
    }
    req
}

/// `Content-Range: bytes START-END/TOTAL` → START.
fn content_range_start(h: &HeaderMap) -> Option<u64> {
    let v = h.get(header::CONTENT_RANGE)?.to_str().ok()?;
    v.strip_prefix("bytes ")?.split('-').next()?.trim().parse().ok()
}

/// `<dest>.part`.
pub fn part_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part");
    dest.with_file_name(name)
}

async fn truncate(part: &Path) -> Result<(), FetchError> {
    match tokio::fs::remove_file(part).await {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(part, e)),
    }
}

fn io(path: &Path, source: std::io::Error) -> FetchError {
    FetchError::Io { path: path.display().to_string(), source }
}

/// A transport error in a line, with its causes (reqwest's own text is terse).
fn describe(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "could not connect".to_owned()
    } else if e.is_body() || e.is_decode() {
        "the connection dropped during the body".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
