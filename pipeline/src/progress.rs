//! Progress for people: a bar on a terminal, plain lines otherwise.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use crate::runner::{ArtifactReport, Outcome, Progress};

/// Progress on standard error.
#[derive(Debug)]
pub struct ConsoleProgress {
    bar: Option<ProgressBar>,
}

impl ConsoleProgress {
    /// A bar when standard error is a terminal, plain lines otherwise.
    pub fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}")
                    .expect("static template"),
            );
            bar
        });
        Self { bar }
    }
}

impl Default for ConsoleProgress {
    fn default() -> Self {
        Self::new()
    }
}

fn describe(r: &ArtifactReport) -> String {
    match &r.outcome {
        Outcome::Committed(v) => format!(
            "committed {} docs ({} records, {} rejects) -> {}",
            r.counts.documents,
            r.counts.records,
            r.counts.rejects,
            v.iter().map(|(d, v)| format!("{d}@v{v}")).collect::<Vec<_>>().join(" ")
        ),
        Outcome::Unchanged => "already committed, skipped".into(),
        Outcome::Quarantined(why) => format!("QUARANTINED: {why}"),
        Outcome::Failed(why) => format!("FAILED: {why}"),
    }
}

impl Progress for ConsoleProgress {
    fn begin(&self, artifacts: usize, bytes: u64) {
        match &self.bar {
            Some(bar) => bar.set_length(bytes),
            None => eprintln!("ingesting {artifacts} artifacts, {bytes} bytes"),
        }
    }

    fn artifact_done(&self, r: &ArtifactReport, bytes: u64) {
        match &self.bar {
            Some(bar) => {
                bar.inc(bytes);
                bar.set_message(r.id.clone());
                if !matches!(r.outcome, Outcome::Committed(_) | Outcome::Unchanged) {
                    bar.println(format!("{}: {}", r.id, describe(r)));
                }
            }
            None => eprintln!("{}: {}", r.id, describe(r)),
        }
    }
}

impl Drop for ConsoleProgress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
