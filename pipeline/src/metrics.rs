//! Operator metrics in Prometheus form (`/metrics` of `ipdc serve`): per source, artifacts
//! discovered, fetched, committed and quarantined, bytes fetched, records written and rejected,
//! request retries, checksum mismatches, run outcomes and durations, last success time.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::ledger::Counts;

/// Labels of per-source series.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SourceLabel {
    /// Source name.
    pub source: String,
}

/// Labels of run outcomes.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RunLabel {
    /// Source name.
    pub source: String,
    /// `succeeded`, `partial`, `failed`.
    pub status: String,
}

type PerSource = Family<SourceLabel, Counter>;

/// Every series ipdc exports.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Files listed as new by discovery.
    pub discovered: PerSource,
    /// Files downloaded (or copied in) completely.
    pub fetched: PerSource,
    /// Bytes downloaded.
    pub fetched_bytes: PerSource,
    /// Artifacts committed.
    pub committed: PerSource,
    /// Artifacts quarantined whole.
    pub quarantined: PerSource,
    /// Artifacts whose bytes did not match the published checksum or size.
    pub checksum_mismatches: PerSource,
    /// Requests retried.
    pub retries: PerSource,
    /// Fetches that failed after every retry.
    pub fetch_failures: PerSource,
    /// Records written.
    pub records_written: PerSource,
    /// Records quarantined.
    pub records_rejected: PerSource,
    /// Runs by outcome.
    pub runs: Family<RunLabel, Counter>,
    /// Run durations.
    pub run_seconds: Family<SourceLabel, Histogram, fn() -> Histogram>,
    /// Unix time of the last successful run.
    pub last_success: Family<SourceLabel, Gauge>,
    /// Runs in progress.
    pub running: Family<SourceLabel, Gauge>,
}

fn run_histogram() -> Histogram {
    Histogram::new(exponential_buckets(1.0, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("ipdc");
        let mut m = Metrics {
            registry: Registry::default(),
            discovered: PerSource::default(),
            fetched: PerSource::default(),
            fetched_bytes: PerSource::default(),
            committed: PerSource::default(),
            quarantined: PerSource::default(),
            checksum_mismatches: PerSource::default(),
            retries: PerSource::default(),
            fetch_failures: PerSource::default(),
            records_written: PerSource::default(),
            records_rejected: PerSource::default(),
            runs: Family::default(),
            run_seconds: Family::new_with_constructor(run_histogram as fn() -> Histogram),
            last_success: Family::default(),
            running: Family::default(),
        };
        registry.register("artifacts_discovered", "Files listed as new by discovery", m.discovered.clone());
        registry.register("artifacts_fetched", "Files downloaded or copied in completely", m.fetched.clone());
        registry.register("fetched_bytes", "Bytes downloaded or copied in", m.fetched_bytes.clone());
        registry.register("artifacts_committed", "Artifacts committed to the lake", m.committed.clone());
        registry.register("artifacts_quarantined", "Artifacts quarantined whole", m.quarantined.clone());
        registry.register(
            "checksum_mismatches",
            "Artifacts whose bytes did not match the published checksum or size (alert)",
            m.checksum_mismatches.clone(),
        );
        registry.register("request_retries", "HTTP requests tried again", m.retries.clone());
        registry.register("fetch_failures", "Fetches that failed after every retry", m.fetch_failures.clone());
        registry.register("records_written", "Records written to dataset tables", m.records_written.clone());
        registry.register("records_rejected", "Records quarantined", m.records_rejected.clone());
        registry.register("runs", "Runs by outcome", m.runs.clone());
        registry.register("run_duration_seconds", "Run wall time", m.run_seconds.clone());
        registry.register(
            "last_success_timestamp_seconds",
            "Unix time of the last successful run",
            m.last_success.clone(),
        );
        registry.register("runs_in_progress", "Runs in progress", m.running.clone());
        m.registry = registry;
        m
    }
}

impl Metrics {
    /// The label of `source`.
    pub fn source(source: &str) -> SourceLabel {
        SourceLabel { source: source.to_owned() }
    }

    /// Records a finished run.
    pub fn run_finished(&self, source: &str, status: &str, counts: &Counts, seconds: f64) {
        let l = Self::source(source);
        self.runs.get_or_create(&RunLabel { source: source.to_owned(), status: status.to_owned() }).inc();
        self.run_seconds.get_or_create(&l).observe(seconds);
        self.records_written.get_or_create(&l).inc_by(counts.records);
        self.records_rejected.get_or_create(&l).inc_by(counts.rejects);
        if status != "failed" {
            self.last_success.get_or_create(&l).set(chrono::Utc::now().timestamp());
        }
    }

    /// The Prometheus text exposition of every series.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_exposition_format() {
        let m = Metrics::default();
        m.fetched_bytes.get_or_create(&Metrics::source("uspto")).inc_by(1234);
        m.run_finished("uspto", "partial", &Counts { records: 9, rejects: 1, ..Counts::default() }, 3.5);
        let text = m.render();
        assert!(text.contains("ipdc_fetched_bytes_total{source=\"uspto\"} 1234"), "{text}");
        assert!(text.contains("ipdc_runs_total{source=\"uspto\",status=\"partial\"} 1"), "{text}");
        assert!(text.contains("ipdc_records_written_total{source=\"uspto\"} 9"), "{text}");
        assert!(text.contains("ipdc_run_duration_seconds_count{source=\"uspto\"} 1"), "{text}");
        assert!(text.ends_with("# EOF\n"));
    }
}
