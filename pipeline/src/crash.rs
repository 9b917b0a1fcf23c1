//! Fault injection for the crash tests: `IPDC_CRASH_AT=<point>:<n>` aborts the process, with
//! no destructors run (as `kill -9` would), the `n`-th time `point` is reached. Points:
//! `landed` (artifact landed, ledger not yet told), `files_written` (Parquet files written,
//! nothing committed), `between_commits` (first table committed, the others not),
//! `before_ledger` (all tables committed, ledger not updated). Unset, it costs one atomic load.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

struct Plan {
    point: String,
    at: u64,
    seen: AtomicU64,
}

fn plan() -> Option<&'static Plan> {
    static PLAN: OnceLock<Option<Plan>> = OnceLock::new();
    PLAN.get_or_init(|| {
        let spec = std::env::var("IPDC_CRASH_AT").ok()?;
        let (point, at) = spec.split_once(':').unwrap_or((spec.as_str(), "1"));
        Some(Plan { point: point.to_owned(), at: at.parse().unwrap_or(1), seen: AtomicU64::new(0) })
    })
    .as_ref()
}

/// Aborts here when the crash plan names this point and count.
pub(crate) fn point(name: &str) {
    if let Some(p) = plan().filter(|p| p.point == name)
        && p.seen.fetch_add(1, Ordering::SeqCst) + 1 == p.at
    {
        eprintln!("IPDC_CRASH_AT: aborting at {name}");
        std::process::abort();
    }
}
