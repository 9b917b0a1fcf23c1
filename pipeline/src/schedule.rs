//! The scheduler of `ipdc serve`: cron schedules per source (in their time zones), at most one
//! run per source at a time, the missed-run policy, and graceful shutdown. Time comes from a
//! [`Clock`], so tests drive it by hand ([`ManualClock`]).

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::{info, warn};

use crate::feeds::settings::MissedRuns;
use crate::ledger::StateStore;

/// A cron expression (5 fields) read in a time zone.
#[derive(Debug, Clone)]
pub struct CronSchedule {
    expr: String,
    cron: croner::Cron,
    tz: Tz,
}

impl PartialEq for CronSchedule {
    fn eq(&self, other: &Self) -> bool {
        self.expr == other.expr && self.tz == other.tz
    }
}

impl CronSchedule {
    /// Parses `expr` (minute hour day-of-month month day-of-week) in time zone `tz`.
    ///
    /// # Errors
    /// A message saying what is wrong with the expression or the zone.
    pub fn parse(expr: &str, tz: &str) -> Result<Self, String> {
        let zone = Tz::from_str(tz)
            .map_err(|_| format!("unknown time zone {tz:?} (use an IANA name such as Asia/Shanghai)"))?;
        if expr.split_whitespace().count() != 5 && !expr.trim_start().starts_with('@') {
            return Err(format!("{expr:?} must have 5 fields: minute hour day-of-month month day-of-week"));
        }
        let cron = croner::Cron::from_str(expr).map_err(|e| format!("{expr:?}: {e}"))?;
        Ok(Self { expr: expr.to_owned(), cron, tz: zone })
    }

    /// The expression and zone, for display.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.expr, self.tz.name())
    }

    /// The first scheduled time strictly after `t`.
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let from = whole_second(t).with_timezone(&self.tz);
        self.cron.find_next_occurrence(&from, false).ok().map(|d| d.with_timezone(&Utc))
    }

    /// The last scheduled time at or before `t`.
    pub fn last_at_or_before(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let from = whole_second(t).with_timezone(&self.tz);
        self.cron.find_previous_occurrence(&from, true).ok().map(|d| d.with_timezone(&Utc))
    }
}

/// Slots are whole seconds (the cron library carries the start's fraction through).
fn whole_second(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}

/// Where the scheduler reads the time and waits.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now.
    fn now(&self) -> DateTime<Utc>;
    /// Resolves once [`Clock::now`] reaches `deadline`.
    fn sleep_until(&self, deadline: DateTime<Utc>) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep_until(&self, deadline: DateTime<Utc>) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        let wait = (deadline - Utc::now()).to_std().unwrap_or(Duration::ZERO);
        Box::pin(tokio::time::sleep(wait))
    }
}

/// A clock moved by hand, for tests.
#[derive(Debug)]
pub struct ManualClock {
    now: watch::Sender<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock showing `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        Self { now: watch::Sender::new(start) }
    }

    /// Moves the clock to `t` (never backwards).
    pub fn set(&self, t: DateTime<Utc>) {
        self.now.send_modify(|now| *now = (*now).max(t));
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.borrow()
    }

    fn sleep_until(&self, deadline: DateTime<Utc>) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        let mut rx = self.now.subscribe();
        Box::pin(async move {
            // The sender lives as long as the clock, which outlives this borrow.
            let _ = rx.wait_for(|now| *now >= deadline).await;
        })
    }
}

/// Starts one run of a source; the future ends when the run does.
pub trait RunSource: Send + Sync {
    /// Runs `source` for the scheduled time `slot`.
    fn run(&self, source: String, slot: DateTime<Utc>) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
}

/// A source on a schedule.
#[derive(Debug, Clone)]
pub struct Scheduled {
    /// Source name.
    pub source: String,
    /// When.
    pub schedule: CronSchedule,
    /// Missed-run policy.
    pub missed: MissedRuns,
}

/// What happened while the scheduler ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchedulerReport {
    /// Runs started: (source, slot).
    pub started: Vec<(String, DateTime<Utc>)>,
    /// Runs that ended while the scheduler was running.
    pub finished: Vec<String>,
    /// Slots passed over because the source's previous run was still going.
    pub skipped_overlapping: Vec<(String, DateTime<Utc>)>,
    /// Runs that finished during the grace period after shutdown was asked.
    pub finished_in_grace: Vec<String>,
    /// Runs still going when the grace period ended; stopped (their uncommitted work is
    /// redone by the next run).
    pub abandoned: Vec<String>,
}

/// Runs sources on their schedules.
#[derive(Debug)]
pub struct Scheduler {
    sources: BTreeMap<String, Scheduled>,
    clock: Arc<dyn Clock>,
    state: Arc<dyn StateStore>,
    grace: Duration,
    report: watch::Sender<SchedulerReport>,
}

impl Scheduler {
    /// A scheduler of `sources`; each slot fired is recorded in `state`, so a restart knows
    /// which times were missed. At shutdown runs in flight get `grace` to finish.
    pub fn new(sources: Vec<Scheduled>, clock: Arc<dyn Clock>, state: Arc<dyn StateStore>, grace: Duration) -> Self {
        Self {
            sources: sources.into_iter().map(|s| (s.source.clone(), s)).collect(),
            clock,
            state,
            grace,
            report: watch::Sender::new(SchedulerReport::default()),
        }
    }

    /// Watches what the scheduler has done so far.
    pub fn subscribe(&self) -> watch::Receiver<SchedulerReport> {
        self.report.subscribe()
    }

    /// Runs until `shutdown` turns true (or its sender is dropped), then waits up to the grace
    /// period for runs in flight and abandons the rest.
    pub async fn run(self, runner: Arc<dyn RunSource>, mut shutdown: watch::Receiver<bool>) -> SchedulerReport {
        let now = self.clock.now();
        // Next due time per source, with the slot it stands for.
        let mut due: BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
        for (name, s) in &self.sources {
            let last_fired = self.state.last_slot(name).ok().flatten();
            let missed = s.schedule.last_at_or_before(now).filter(|slot| last_fired.is_none_or(|l| *slot > l));
            match (s.missed, missed) {
                (MissedRuns::RunOnce, Some(slot)) => {
                    info!(source = %name, slot = %slot, "A scheduled run was missed while ipdc was not running; running it now.");
                    due.insert(name.clone(), (now, slot));
                }
                _ => {
                    if let Some(next) = s.schedule.next_after(now) {
                        due.insert(name.clone(), (next, next));
                    }
                }
            }
        }
        let mut in_flight: JoinSet<String> = JoinSet::new();
        let mut running: BTreeSet<String> = BTreeSet::new();
        loop {
            let now = self.clock.now();
            let ready: Vec<(String, DateTime<Utc>)> =
                due.iter().filter(|(_, (at, _))| *at <= now).map(|(n, (_, slot))| (n.clone(), *slot)).collect();
            for (name, slot) in ready {
                if running.contains(&name) {
                    warn!(source = %name, slot = %slot, "The previous run of this source is still going; this scheduled time is skipped.");
                    self.report.send_modify(|r| r.skipped_overlapping.push((name.clone(), slot)));
                } else {
                    info!(source = %name, slot = %slot, "Scheduled run starting.");
                    if let Err(e) = self.state.record_slot(&name, slot) {
                        warn!(source = %name, error = %e, "Could not record the scheduled time; a restart may run it again.");
                    }
                    self.report.send_modify(|r| r.started.push((name.clone(), slot)));
                    running.insert(name.clone());
                    let run = runner.run(name.clone(), slot);
                    let finished = name.clone();
                    in_flight.spawn(async move {
                        run.await;
                        finished
                    });
                }
                match self.sources[&name].schedule.next_after(now) {
                    Some(next) => due.insert(name, (next, next)),
                    None => due.remove(&name),
                };
            }
            let wake = due.values().map(|(at, _)| *at).min();
            tokio::select! {
                changed = shutdown.changed() => {
                    if changed.is_err() || *shutdown.borrow() {
                        break;
                    }
                }
                Some(done) = in_flight.join_next(), if !in_flight.is_empty() => {
                    if let Ok(name) = done {
                        running.remove(&name);
                        self.report.send_modify(|r| r.finished.push(name));
                    }
                }
                () = sleep_until_or_forever(self.clock.as_ref(), wake) => {}
            }
        }
        info!(
            in_flight = running.len(),
            grace_seconds = self.grace.as_secs_f64(),
            "Scheduler stopping; waiting for runs in flight."
        );
        let waited = tokio::time::timeout(self.grace, async {
            while let Some(done) = in_flight.join_next().await {
                if let Ok(name) = done {
                    running.remove(&name);
                    self.report.send_modify(|r| r.finished_in_grace.push(name));
                }
            }
        })
        .await;
        if waited.is_err() {
            in_flight.abort_all();
            for name in running {
                warn!(source = %name, "Run abandoned at shutdown; nothing it had not committed is visible, and its next run redoes it.");
                self.report.send_modify(|r| r.abandoned.push(name));
            }
        }
        self.report.borrow().clone()
    }
}

async fn sleep_until_or_forever(clock: &dyn Clock, wake: Option<DateTime<Utc>>) {
    match wake {
        Some(t) => clock.sleep_until(t).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn cron_in_a_time_zone() {
        let s = CronSchedule::parse("30 6 * * 2", "Asia/Shanghai").unwrap();
        // Tuesday 2026-11-24 06:30 in Shanghai is 2026-11-23 22:30 UTC.
        assert_eq!(s.next_after(at("2026-11-22T00:00:00Z")), Some(at("2026-11-23T22:30:00Z")));
        assert_eq!(s.last_at_or_before(at("2026-11-23T22:30:00Z")), Some(at("2026-11-23T22:30:00Z")));
        assert_eq!(s.last_at_or_before(at("2026-11-23T22:29:00Z")), Some(at("2026-11-16T22:30:00Z")));
        assert!(CronSchedule::parse("0 0 6 * * 2", "UTC").is_err(), "six fields");
        let hourly = CronSchedule::parse("0 * * * *", "UTC").unwrap();
        assert_eq!(hourly.last_at_or_before(at("2026-11-22T09:30:00Z")), Some(at("2026-11-22T09:00:00Z")));
        assert_eq!(hourly.next_after(at("2026-11-22T09:30:00Z")), Some(at("2026-11-22T10:00:00Z")));
        assert_eq!(hourly.next_after(at("2026-11-22T10:00:00Z")), Some(at("2026-11-22T11:00:00Z")));
        let fraction = at("2026-11-22T06:49:10.5977Z");
        assert_eq!(
            CronSchedule::parse("* * * * *", "UTC").unwrap().next_after(fraction),
            Some(at("2026-11-22T06:50:00Z"))
        );
        assert!(CronSchedule::parse("0 6 * * 2", "Mars/Olympus").is_err());
        assert!(CronSchedule::parse("0 25 * * *", "UTC").is_err());
    }

    /// Records each run it is asked for; a run of a source with a gate waits until the test
    /// opens it.
    #[derive(Debug, Default)]
    struct Recorder {
        calls: std::sync::Mutex<Vec<(String, DateTime<Utc>)>>,
        gates: BTreeMap<String, Arc<tokio::sync::Semaphore>>,
    }

    impl RunSource for Arc<Recorder> {
        fn run(&self, source: String, slot: DateTime<Utc>) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
            self.calls.lock().unwrap().push((source.clone(), slot));
            let gate = self.gates.get(&source).cloned();
            Box::pin(async move {
                if let Some(g) = gate {
                    g.acquire().await.unwrap().forget();
                }
            })
        }
    }

    fn hourly(source: &str, missed: MissedRuns) -> Scheduled {
        Scheduled { source: source.into(), schedule: CronSchedule::parse("0 * * * *", "UTC").unwrap(), missed }
    }

    fn state() -> (tempfile::TempDir, Arc<dyn StateStore>) {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::ledger::SqliteStore::open(&dir.path().join("ipdc.sqlite")).unwrap();
        (dir, Arc::new(store))
    }

    async fn until(rx: &mut watch::Receiver<SchedulerReport>, what: impl Fn(&SchedulerReport) -> bool) {
        tokio::time::timeout(Duration::from_secs(10), rx.wait_for(what)).await.expect("scheduler reacts").unwrap();
    }

    #[tokio::test]
    async fn fires_on_time_catches_up_once_and_never_overlaps() {
        let (_dir, state) = state();
        state.record_slot("uspto", at("2026-11-22T06:00:00Z")).unwrap();
        let clock = Arc::new(ManualClock::new(at("2026-11-22T09:30:00Z")));
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        let runner =
            Arc::new(Recorder { gates: BTreeMap::from([("uspto".into(), Arc::clone(&gate))]), ..Recorder::default() });
        let scheduler = Scheduler::new(
            vec![hourly("uspto", MissedRuns::RunOnce)],
            Arc::clone(&clock) as Arc<dyn Clock>,
            Arc::clone(&state),
            Duration::from_secs(5),
        );
        let mut seen = scheduler.subscribe();
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(scheduler.run(Arc::new(Arc::clone(&runner)), stopped));
        // 07:00, 08:00 and 09:00 were missed: one catch-up run, for the latest.
        until(&mut seen, |r| r.started.len() == 1).await;
        assert_eq!(runner.calls.lock().unwrap()[0], ("uspto".into(), at("2026-11-22T09:00:00Z")));
        // 10:00 comes while that run is still going: skipped, not stacked.
        clock.set(at("2026-11-22T10:00:00Z"));
        until(&mut seen, |r| r.skipped_overlapping.len() == 1).await;
        gate.add_permits(1);
        until(&mut seen, |r| r.finished.len() == 1).await;
        clock.set(at("2026-11-22T11:00:00Z"));
        until(&mut seen, |r| r.started.len() == 2).await;
        gate.add_permits(1);
        stop.send(true).unwrap();
        let report = task.await.unwrap();
        assert_eq!(
            report.started,
            [("uspto".into(), at("2026-11-22T09:00:00Z")), ("uspto".into(), at("2026-11-22T11:00:00Z"))]
        );
        assert_eq!(report.skipped_overlapping, [("uspto".into(), at("2026-11-22T10:00:00Z"))]);
        assert_eq!(state.last_slot("uspto").unwrap(), Some(at("2026-11-22T11:00:00Z")));
        assert!(report.abandoned.is_empty());
    }

    #[tokio::test]
    async fn skip_policy_waits_and_shutdown_finishes_or_abandons() {
        let (_dir, state) = state();
        let clock = Arc::new(ManualClock::new(at("2026-11-22T09:30:00Z")));
        let quick = Arc::new(tokio::sync::Semaphore::new(0));
        let stuck = Arc::new(tokio::sync::Semaphore::new(0));
        let runner = Arc::new(Recorder {
            gates: BTreeMap::from([("cnipa".into(), Arc::clone(&quick)), ("docdb".into(), Arc::clone(&stuck))]),
            ..Recorder::default()
        });
        let scheduler = Scheduler::new(
            vec![hourly("cnipa", MissedRuns::Skip), hourly("docdb", MissedRuns::Skip)],
            Arc::clone(&clock) as Arc<dyn Clock>,
            Arc::clone(&state),
            Duration::from_millis(1000),
        );
        let mut seen = scheduler.subscribe();
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(scheduler.run(Arc::new(Arc::clone(&runner)), stopped));
        clock.set(at("2026-11-22T09:59:59Z"));
        tokio::task::yield_now().await;
        assert!(seen.borrow().started.is_empty(), "skip: no catch-up run, and not before 10:00");
        clock.set(at("2026-11-22T10:00:00Z"));
        until(&mut seen, |r| r.started.len() == 2).await;
        stop.send(true).unwrap();
        // One run ends during the grace period; the other never does.
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            quick.add_permits(1);
        });
        let report = task.await.unwrap();
        assert!(report.started.iter().all(|(_, slot)| *slot == at("2026-11-22T10:00:00Z")), "{report:?}");
        assert_eq!(report.finished_in_grace, ["cnipa"]);
        assert_eq!(report.abandoned, ["docdb"]);
    }
}
