//! A source as configured under `[sources.<name>]`: its connector, and how it is fetched —
//! where it comes from, when, which files, how fast, how to retry and authenticate, how long
//! landed files are kept. [`RawSource`] is the file's form; [`FeedSettings::validate`] checks
//! the fetch keys and reports every problem.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use ipdc_jobs::storage::{DataRoot, StorageOptions};
use serde::Deserialize;
use url::Url;

use crate::schedule::CronSchedule;

/// `[sources.<name>]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Connector name (see [`ipdc_connectors::ConnectorKind::ALL`]), e.g. `uspto_patents`.
    pub connector: String,
    /// Files or folders ingested when `ipdc ingest <name>` is given no `--path`.
    #[serde(default)]
    pub paths: Vec<PathBuf>,
    /// Whether patent claims and descriptions are read into `patent_fulltext`. `false` reads
    /// the bibliography and abstract only, stepping over the full text unparsed (several
    /// times faster on full-text feeds). Default `true`.
    pub fulltext: Option<bool>,
    /// Where the files come from: an `http(s)://` index (a listing page, JSON file list or
    /// Atom/RSS feed), a local folder, or an `s3://bucket/prefix` object-store prefix.
    pub from: Option<String>,
    /// Listing form of an HTTP index: `html`, `json`, `atom` (RSS too) or `auto` (by content
    /// type). Default `auto`.
    pub listing: Option<String>,
    /// Cron expression (5 fields: minute hour day-of-month month day-of-week).
    pub schedule: Option<String>,
    /// IANA time zone of the schedule, e.g. `Asia/Shanghai`. Default `UTC`.
    pub timezone: Option<String>,
    /// What `ipdc serve` does when a scheduled time passed while it was not running:
    /// `run_once` (default) or `skip`.
    pub missed: Option<String>,
    /// File-name glob a file must match, e.g. `ipg*.zip`. Default: every file.
    pub include: Option<String>,
    /// File-name glob of files to leave alone.
    pub exclude: Option<String>,
    /// Only files dated on or after this day (`YYYY-MM-DD`; from the listing, else the name).
    #[serde(default, deserialize_with = "day")]
    pub since: Option<NaiveDate>,
    /// Only files dated on or before this day.
    #[serde(default, deserialize_with = "day")]
    pub until: Option<NaiveDate>,
    /// Downloads in flight at once for this source. Default 2.
    pub concurrency: Option<usize>,
    /// Most requests per second to one host. Default 2.
    pub requests_per_second: Option<f64>,
    /// Connect timeout, seconds. Default 10.
    pub connect_timeout_seconds: Option<u64>,
    /// Longest wait for the next bytes of a response, seconds. Default 60.
    pub read_timeout_seconds: Option<u64>,
    /// Largest artifact accepted, bytes. Default 16 GiB.
    pub max_artifact_bytes: Option<u64>,
    /// Retry policy of requests.
    #[serde(default)]
    pub retry: RawRetry,
    /// Credentials, by environment-variable name.
    #[serde(default)]
    pub auth: RawAuth,
    /// Folder and object-store sources: a file is complete once a file named
    /// `<name><suffix>` exists beside it (e.g. `.done`). Default: complete when listed.
    pub complete_marker: Option<String>,
    /// Landed raw files of committed artifacts older than this many days are deleted after a
    /// run. Default: kept forever.
    pub keep_landed_days: Option<u32>,
    /// Object-store options of an `s3://` origin (same keys as `[storage]`).
    #[serde(default)]
    pub storage: BTreeMap<String, String>,
}

/// A day written as a TOML date (`2024-01-01`) or a string (`"2024-01-01"`).
fn day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Day {
        Date(toml::value::Datetime),
        Text(String),
    }
    let text = match Day::deserialize(d)? {
        Day::Date(t) => t.to_string(),
        Day::Text(t) => t,
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a day (YYYY-MM-DD)")))
}

/// `retry = { … }`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetry {
    /// Attempts per request, the first included. Default 6.
    pub attempts: Option<u32>,
    /// First back-off, milliseconds (doubled each retry, with jitter). Default 500.
    pub initial_backoff_ms: Option<u64>,
    /// Longest back-off, seconds (also caps an honoured `Retry-After`). Default 120.
    pub max_backoff_seconds: Option<u64>,
}

/// `auth = { … }`: the names of environment variables, never their values.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAuth {
    /// Variable holding a bearer token.
    pub bearer_token_env: Option<String>,
    /// Variable holding the basic-auth user name.
    pub basic_user_env: Option<String>,
    /// Variable holding the basic-auth password.
    pub basic_password_env: Option<String>,
}

/// Where a source's files come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// An HTTP index page, file list or feed.
    Http {
        /// The index URL.
        index: Url,
        /// How to read it.
        listing: ListingForm,
    },
    /// A local folder (walked recursively).
    Folder(PathBuf),
    /// An object-store prefix.
    ObjectStore {
        /// `s3://bucket/prefix`.
        root: DataRoot,
        /// Its options.
        options: StorageOptions,
    },
}

/// How an HTTP index is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingForm {
    /// By the response's content type.
    Auto,
    /// An HTML directory listing: every link.
    Html,
    /// A JSON product/file listing.
    Json,
    /// An Atom or RSS feed.
    Atom,
}

/// What to do about a scheduled time that passed while `ipdc serve` was down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissedRuns {
    /// Run once at start-up.
    RunOnce,
    /// Wait for the next scheduled time.
    Skip,
}

/// Retries of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts, the first included.
    pub attempts: u32,
    /// First back-off.
    pub initial_backoff: Duration,
    /// Longest back-off.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { attempts: 6, initial_backoff: Duration::from_millis(500), max_backoff: Duration::from_secs(120) }
    }
}

/// Credentials of a source, as environment-variable names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Auth {
    /// None.
    #[default]
    None,
    /// `Authorization: Bearer $VAR`.
    Bearer {
        /// Variable name.
        token_env: String,
    },
    /// Basic auth.
    Basic {
        /// Variable holding the user.
        user_env: String,
        /// Variable holding the password.
        password_env: String,
    },
}

/// Which listed files a source takes.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Name must match.
    pub include: Option<glob::Pattern>,
    /// Name must not match.
    pub exclude: Option<glob::Pattern>,
    /// Dated on or after.
    pub since: Option<NaiveDate>,
    /// Dated on or before.
    pub until: Option<NaiveDate>,
}

/// A validated feed.
#[derive(Debug, Clone)]
pub struct FeedSettings {
    /// Where from.
    pub origin: Origin,
    /// When, if scheduled.
    pub schedule: Option<CronSchedule>,
    /// Missed-run policy.
    pub missed: MissedRuns,
    /// Which files.
    pub filters: Filters,
    /// Downloads in flight at once.
    pub concurrency: usize,
    /// Requests per second per host.
    pub requests_per_second: f64,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// Read timeout (between bytes).
    pub read_timeout: Duration,
    /// Largest artifact.
    pub max_artifact_bytes: u64,
    /// Retries.
    pub retry: RetryPolicy,
    /// Credentials.
    pub auth: Auth,
    /// Completion-marker suffix of folder/object-store files.
    pub complete_marker: Option<String>,
    /// Retention of landed raw files, days.
    pub keep_landed_days: Option<u32>,
}

impl FeedSettings {
    /// Settings for a source fetched from `origin` with every default.
    pub fn new(origin: Origin) -> Self {
        Self {
            origin,
            schedule: None,
            missed: MissedRuns::RunOnce,
            filters: Filters::default(),
            concurrency: 2,
            requests_per_second: 2.0,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            max_artifact_bytes: 16 << 30,
            retry: RetryPolicy::default(),
            auth: Auth::None,
            complete_marker: None,
            keep_landed_days: None,
        }
    }

    /// Checks the fetch keys of source `name`; `None` when it has no `from`. Problems are
    /// appended to `problems` (all of them, not just the first).
    pub fn validate(name: &str, raw: RawSource, base: &Path, problems: &mut Vec<String>) -> Option<Self> {
        let at = |key: &str| format!("sources.{name}.{key}");
        let Some(from) = raw.from else {
            for (key, set) in [
                ("schedule", raw.schedule.is_some()),
                ("listing", raw.listing.is_some()),
                ("complete_marker", raw.complete_marker.is_some()),
            ] {
                if set {
                    problems.push(format!(
                        "{} is set but {} is not: say where the files come from",
                        at(key),
                        at("from")
                    ));
                }
            }
            return None;
        };
        let listing = match raw.listing.as_deref().unwrap_or("auto") {
            "auto" => ListingForm::Auto,
            "html" => ListingForm::Html,
            "json" => ListingForm::Json,
            "atom" | "rss" => ListingForm::Atom,
            other => {
                problems.push(format!("{} {other:?} is not one of auto, html, json, atom", at("listing")));
                ListingForm::Auto
            }
        };
        let origin = if from.starts_with("http://") || from.starts_with("https://") {
            match Url::parse(&from) {
                Ok(index) => Origin::Http { index, listing },
                Err(e) => {
                    problems.push(format!("{} {from:?}: {e}", at("from")));
                    return None;
                }
            }
        } else if from.contains("://") {
            let root = DataRoot::parse(&from, base).map_err(|p| problems.push(format!("{}: {p}", at("from")))).ok()?;
            let options = StorageOptions::new(raw.storage.clone())
                .map_err(|p| problems.extend(p.into_iter().map(|p| format!("{}: {p}", at("storage")))))
                .ok()?;
            Origin::ObjectStore { root, options }
        } else {
            let path = Path::new(&from);
            Origin::Folder(if path.is_absolute() { path.to_owned() } else { base.join(path) })
        };
        if !raw.storage.is_empty() && !matches!(origin, Origin::ObjectStore { .. }) {
            problems.push(format!("{} only applies to an s3:// origin", at("storage")));
        }
        let mut feed = FeedSettings::new(origin);
        let timezone = raw.timezone.as_deref().unwrap_or("UTC");
        if let Some(expr) = raw.schedule.as_deref() {
            match CronSchedule::parse(expr, timezone) {
                Ok(s) => feed.schedule = Some(s),
                Err(e) => problems.push(format!("{}: {e}", at("schedule"))),
            }
        } else if raw.timezone.is_some() {
            problems.push(format!("{} is set but {} is not", at("timezone"), at("schedule")));
        }
        feed.missed = match raw.missed.as_deref().unwrap_or("run_once") {
            "run_once" => MissedRuns::RunOnce,
            "skip" => MissedRuns::Skip,
            other => {
                problems.push(format!("{} {other:?} is not one of run_once, skip", at("missed")));
                MissedRuns::RunOnce
            }
        };
        let mut pattern = |key: &str, value: Option<String>| {
            value
                .and_then(|g| glob::Pattern::new(&g).map_err(|e| problems.push(format!("{} {g:?}: {e}", at(key)))).ok())
        };
        feed.filters.include = pattern("include", raw.include);
        feed.filters.exclude = pattern("exclude", raw.exclude);
        feed.filters.since = raw.since;
        feed.filters.until = raw.until;
        if let (Some(s), Some(u)) = (raw.since, raw.until)
            && s > u
        {
            problems.push(format!("{} {s} is after {} {u}", at("since"), at("until")));
        }
        if let Some(c) = raw.concurrency {
            if c == 0 || c > 64 {
                problems.push(format!("{} must be between 1 and 64", at("concurrency")));
            }
            feed.concurrency = c.clamp(1, 64);
        }
        if let Some(r) = raw.requests_per_second {
            if !(r > 0.0 && r.is_finite()) {
                problems.push(format!("{} must be a positive number", at("requests_per_second")));
            } else {
                feed.requests_per_second = r;
            }
        }
        let mut seconds = |key: &str, value: Option<u64>, default: Duration| match value {
            Some(0) => {
                problems.push(format!("{} must be greater than 0", at(key)));
                default
            }
            Some(s) => Duration::from_secs(s),
            None => default,
        };
        feed.connect_timeout = seconds("connect_timeout_seconds", raw.connect_timeout_seconds, feed.connect_timeout);
        feed.read_timeout = seconds("read_timeout_seconds", raw.read_timeout_seconds, feed.read_timeout);
        feed.retry.max_backoff =
            seconds("retry.max_backoff_seconds", raw.retry.max_backoff_seconds, feed.retry.max_backoff);
        if let Some(b) = raw.max_artifact_bytes {
            if b == 0 {
                problems.push(format!("{} must be greater than 0", at("max_artifact_bytes")));
            }
            feed.max_artifact_bytes = b;
        }
        if let Some(a) = raw.retry.attempts {
            if a == 0 || a > 100 {
                problems.push(format!("{} must be between 1 and 100", at("retry.attempts")));
            }
            feed.retry.attempts = a.clamp(1, 100);
        }
        if let Some(ms) = raw.retry.initial_backoff_ms {
            feed.retry.initial_backoff = Duration::from_millis(ms);
        }
        feed.auth = match (raw.auth.bearer_token_env, raw.auth.basic_user_env, raw.auth.basic_password_env) {
            (None, None, None) => Auth::None,
            (Some(token_env), None, None) => Auth::Bearer { token_env },
            (None, Some(user_env), Some(password_env)) => Auth::Basic { user_env, password_env },
            _ => {
                problems.push(format!(
                    "{} takes either bearer_token_env, or basic_user_env with basic_password_env",
                    at("auth")
                ));
                Auth::None
            }
        };
        if let Auth::Bearer { token_env: v } | Auth::Basic { user_env: v, .. } = &feed.auth
            && !v.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            problems.push(format!(
                "{}: {v:?} is not an environment-variable name; put the NAME of the variable here, never the secret",
                at("auth")
            ));
        }
        if let Some(m) = raw.complete_marker {
            if matches!(feed.origin, Origin::Http { .. }) {
                problems.push(format!("{} applies to folder and object-store origins only", at("complete_marker")));
            } else if m.is_empty() || m.contains('/') {
                problems.push(format!("{} must be a file-name suffix such as \".done\"", at("complete_marker")));
            }
            feed.complete_marker = Some(m);
        }
        feed.keep_landed_days = raw.keep_landed_days;
        Some(feed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> (Option<FeedSettings>, Vec<String>) {
        let raw: RawSource = toml::from_str(&format!("connector = \"patent_xml\"\n{text}")).unwrap();
        let mut problems = Vec::new();
        (FeedSettings::validate("s", raw, Path::new("/etc/ipdc"), &mut problems), problems)
    }

    #[test]
    fn an_http_feed_with_every_key() {
        let (feed, problems) = check(
            r#"from = "https://bulkdata.uspto.gov/data/patent/grant/redbook/fulltext/2024/"
listing = "html"
schedule = "30 6 * * 2"
timezone = "America/New_York"
missed = "skip"
include = "ipg*.zip"
since = 2024-01-01
concurrency = 3
requests_per_second = 0.5
retry = { attempts = 4, initial_backoff_ms = 200, max_backoff_seconds = 30 }
auth = { bearer_token_env = "USPTO_TOKEN" }
keep_landed_days = 30
"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        let feed = feed.unwrap();
        assert!(matches!(feed.origin, Origin::Http { listing: ListingForm::Html, .. }));
        assert_eq!(feed.missed, MissedRuns::Skip);
        assert_eq!(feed.retry.attempts, 4);
        assert_eq!(feed.auth, Auth::Bearer { token_env: "USPTO_TOKEN".into() });
        assert!(feed.filters.include.unwrap().matches("ipg240102.zip"));
    }

    #[test]
    fn folders_are_relative_to_the_config_file() {
        let (feed, problems) = check("from = \"inbox\"\ncomplete_marker = \".done\"\n");
        assert!(problems.is_empty());
        assert_eq!(feed.unwrap().origin, Origin::Folder("/etc/ipdc/inbox".into()));
    }

    #[test]
    fn every_problem_is_reported() {
        let (_, problems) = check(
            r#"from = "https://x.example/"
listing = "xml"
schedule = "61 * * * *"
missed = "later"
include = "[a"
since = 2024-02-01
until = 2024-01-01
concurrency = 0
requests_per_second = -1
retry = { attempts = 0 }
auth = { bearer_token_env = "s3cr3t-token" }
complete_marker = ".done"
"#,
        );
        assert_eq!(problems.len(), 10, "{problems:#?}");
        assert!(problems.iter().any(|p| p.contains("never the secret")));
        let (none, problems) = check("schedule = \"0 * * * *\"\n");
        assert!(none.is_none());
        assert_eq!(problems.len(), 1);
    }
}
