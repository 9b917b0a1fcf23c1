//! When a failed request is tried again, and how long to wait: exponential back-off with
//! jitter, `Retry-After` honoured (seconds or an HTTP date, capped by the policy), retries on
//! timeouts, dropped connections, 408, 425, 429 and 5xx — never on other 4xx.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::settings::RetryPolicy;

/// Whether a response status is worth another attempt.
pub fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 425 | 429) || (500..=599).contains(&status) && status != 501 && status != 505
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date.
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?.with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

impl RetryPolicy {
    /// The wait before attempt `next` (2 = the first retry): `initial × 2^(next-2)`, capped,
    /// with 50–100 % jitter so many clients do not retry in step; a server's `Retry-After` wins
    /// when longer, capped by `max_backoff` too.
    pub fn backoff(&self, next: u32, asked: Option<Duration>) -> Duration {
        let exp = next.saturating_sub(2).min(20);
        let full = self.initial_backoff.saturating_mul(1u32 << exp).min(self.max_backoff);
        let jittered = full.mul_f64(0.5 + fastrand::f64() * 0.5);
        match asked {
            Some(a) => a.min(self.max_backoff).max(jittered),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_statuses_are_retried() {
        for s in [408, 425, 429, 500, 502, 503, 504] {
            assert!(retryable_status(s), "{s}");
        }
        for s in [400, 401, 403, 404, 410, 416, 501] {
            assert!(!retryable_status(s), "{s}");
        }
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now: DateTime<Utc> = "2026-11-22T10:00:00Z".parse().unwrap();
        assert_eq!(retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(retry_after("Sun, 22 Nov 2026 10:00:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(retry_after("Sun, 22 Nov 2026 09:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = RetryPolicy {
            attempts: 6,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
        };
        for _ in 0..50 {
            let first = p.backoff(2, None);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let third = p.backoff(4, None);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400), "{third:?}");
            assert!(p.backoff(30, None) <= Duration::from_secs(1));
        }
        assert_eq!(p.backoff(2, Some(Duration::from_secs(5))), Duration::from_secs(1), "Retry-After capped");
        assert!(p.backoff(2, Some(Duration::from_millis(300))) >= Duration::from_millis(300));
    }
}
