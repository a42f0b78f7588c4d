//! Request rates per account and per client, kept in memory. Clients are keyed
//! by a daily-keyed hash of their address (see `http::client`).

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Config;
use crate::error::{AppError, Result};

fn at_least_one(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN)
}

fn per_hour(n: u32) -> Quota {
    Quota::per_hour(at_least_one(n))
}

/// The in-memory rate limiters.
pub struct Limits {
    enabled: bool,
    login_failures: i64,
    posts_per_account: DefaultKeyedRateLimiter<i64>,
    posts_per_client: DefaultKeyedRateLimiter<String>,
    registrations_per_client: DefaultKeyedRateLimiter<String>,
    logins_per_client: DefaultKeyedRateLimiter<String>,
    reports_per_account: DefaultKeyedRateLimiter<i64>,
    forwarded: ForwardedWatch,
    previews_per_client: DefaultKeyedRateLimiter<String>,
    resets_per_client: DefaultKeyedRateLimiter<String>,
    resets_per_address: DefaultKeyedRateLimiter<String>,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

/// What is being limited, for the message.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    Post,
    Register,
    Login,
    Report,
    Preview,
    Reset,
}

impl Limits {
    /// Limits as configured.
    pub fn new(config: &Config) -> Self {
        Self {
            enabled: config.rate_limits,
            login_failures: i64::from(config.login_failures),
            posts_per_account: RateLimiter::keyed(per_hour(config.posts_per_hour)),
            posts_per_client: RateLimiter::keyed(per_hour(config.posts_per_hour_per_client)),
            registrations_per_client: RateLimiter::keyed(per_hour(config.registrations_per_hour)),
            logins_per_client: RateLimiter::keyed(per_hour(config.logins_per_hour)),
            reports_per_account: RateLimiter::keyed(per_hour(config.reports_per_hour)),
            forwarded: ForwardedWatch::default(),
            previews_per_client: RateLimiter::keyed(Quota::per_minute(at_least_one(
                config.previews_per_minute,
            ))),
            resets_per_client: RateLimiter::keyed(per_hour(RESETS_PER_CLIENT_PER_HOUR)),
            resets_per_address: RateLimiter::keyed(per_hour(RESETS_PER_ADDRESS_PER_HOUR)),
        }
    }

    fn check<K>(limiter: &DefaultKeyedRateLimiter<K>, key: &K, action: Action) -> Result<()>
    where
        K: std::hash::Hash + Eq + Clone,
    {
        limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            AppError::TooMany {
                retry_after: wait.as_secs() + 1,
                message: message(action, wait.as_secs() + 1),
            }
        })
    }

    /// Before a reaction is stored.
    pub fn check_post(&self, user_id: Option<i64>, client: &str) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        if let Some(user_id) = user_id {
            Self::check(&self.posts_per_account, &user_id, Action::Post)?;
        }
        Self::check(&self.posts_per_client, &client.to_owned(), Action::Post)
    }

    /// Before an account is created.
    pub fn check_register(&self, client: &str) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        Self::check(
            &self.registrations_per_client,
            &client.to_owned(),
            Action::Register,
        )
    }

    /// Before a login attempt.
    pub fn check_login(&self, client: &str) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        Self::check(&self.logins_per_client, &client.to_owned(), Action::Login)
    }

    /// Before a report is recorded.
    pub fn check_report(&self, user_id: i64) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        Self::check(&self.reports_per_account, &user_id, Action::Report)
    }

    /// Before a preview is rendered.
    pub fn check_preview(&self, client: &str) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        Self::check(
            &self.previews_per_client,
            &client.to_owned(),
            Action::Preview,
        )
    }

    /// Before a password-reset mail is asked for: per client and per address
    /// (`address_key`, a keyed hash: no address is kept in memory).
    pub fn check_reset(&self, client: &str, address_key: &str) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        Self::check(&self.resets_per_client, &client.to_owned(), Action::Reset)?;
        Self::check(
            &self.resets_per_address,
            &address_key.to_owned(),
            Action::Reset,
        )
    }

    /// Counts a request that carries X-Forwarded-For but does not come from a
    /// trusted proxy; `true` when it is time to warn about it (see [`ForwardedWatch`]).
    pub fn untrusted_forwarded(&self, now: i64) -> bool {
        self.forwarded.observe(now)
    }

    /// How many failed logins per account and client the window allows.
    pub fn login_failures_allowed(&self) -> Option<i64> {
        self.enabled.then_some(self.login_failures)
    }

    /// Forgets clients that have not been seen for a while (keeps memory flat).
    pub fn housekeeping(&self) {
        self.posts_per_account.retain_recent();
        self.posts_per_client.retain_recent();
        self.registrations_per_client.retain_recent();
        self.logins_per_client.retain_recent();
        self.reports_per_account.retain_recent();
        self.previews_per_client.retain_recent();
        self.resets_per_client.retain_recent();
        self.resets_per_address.retain_recent();
    }
}

/// The refusal for `action`, in the request's language.
fn message(action: Action, wait_secs: u64) -> String {
    use crate::i18n::sentences::LimitAction as L;
    let t = crate::i18n::t();
    let wait = t.wait_minutes(wait_secs);
    let action = match action {
        Action::Post => L::Post,
        Action::Register => L::Register,
        Action::Login => L::Login,
        Action::Report => L::Report,
        Action::Preview => L::Preview,
        Action::Reset => L::Reset,
    };
    t.too_many(action, &wait)
}

/// Password-reset requests one client may make per hour.
pub const RESETS_PER_CLIENT_PER_HOUR: u32 = 10;
/// Password-reset requests for one address per hour (from any client).
pub const RESETS_PER_ADDRESS_PER_HOUR: u32 = 3;

/// Requests with X-Forwarded-For from an untrusted peer before the first warning.
pub const FORWARDED_WARN_AFTER: u64 = 20;
/// At most one warning per this many seconds.
pub const FORWARDED_WARN_EVERY_SECS: i64 = 3600;

/// Notices a reverse proxy nobody told us about. Behind a proxy that is not in
/// `REACTIES_TRUSTED_PROXIES` every visitor arrives from the proxy's address, so
/// the rate limits and the failed-login throttle see one client (five wrong
/// passwords would then lock the author out for everyone). Such a proxy shows
/// itself by sending X-Forwarded-For, which we ignore from untrusted peers; after
/// [`FORWARDED_WARN_AFTER`] such requests the server warns, and again at most
/// once an hour while they keep coming.
#[derive(Debug)]
pub struct ForwardedWatch {
    seen: AtomicU64,
    warned_at: AtomicI64,
}

impl Default for ForwardedWatch {
    fn default() -> Self {
        Self {
            seen: AtomicU64::new(0),
            warned_at: AtomicI64::new(i64::MIN),
        }
    }
}

impl ForwardedWatch {
    /// Counts one such request at `now` (Unix seconds); `true` when a warning is due.
    pub fn observe(&self, now: i64) -> bool {
        let seen = self.seen.fetch_add(1, Ordering::Relaxed).saturating_add(1);
        if seen < FORWARDED_WARN_AFTER {
            return false;
        }
        let last = self.warned_at.load(Ordering::Acquire);
        if last != i64::MIN && now.saturating_sub(last) < FORWARDED_WARN_EVERY_SECS {
            return false;
        }
        // One request wins the right to warn; the count starts again after it.
        let won = self
            .warned_at
            .compare_exchange(last, now, Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
        if won {
            self.seen.store(0, Ordering::Relaxed);
        }
        won
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_proxy_is_reported_after_a_few_requests_and_then_at_most_hourly() {
        let watch = ForwardedWatch::default();
        let warnings = |from: i64, n: i64| (from..from + n).filter(|&t| watch.observe(t)).count();
        assert_eq!(warnings(1000, 19), 0);
        assert_eq!(warnings(1019, 1), 1, "the 20th request warns");
        assert_eq!(warnings(1020, 500), 0, "not again within the hour");
        assert_eq!(warnings(1019 + 3600, 5), 1, "still coming an hour later");
        // A few stray requests after a warning are not "many".
        assert_eq!(warnings(1019 + 3 * 3600, 10), 0);
    }
}
