//! The one place that reads the wall clock, so tests can reason about time.

/// Now, RFC 3339 in UTC with microseconds.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// A new run id: UTC timestamp plus a random suffix, sortable by start time.
pub fn new_run_id() -> String {
    let now = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let uuid = uuid::Uuid::new_v4().simple().to_string();
    format!("{now}-{}", &uuid[..8])
}
