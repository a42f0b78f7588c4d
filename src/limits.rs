//! Abuse limits: who the client is (socket address, or X-Forwarded-For from a
//! trusted proxy), request rates per account and per client, and the throttle on
//! failed logins. Clients are only ever keyed by a daily-keyed hash of their address.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::app::AppState;
use crate::config::Config;
use crate::error::{AppError, Result};

/// Failed logins count within this window.
pub const LOGIN_WINDOW_SECS: i64 = 15 * 60;

/// The client's address as far as we can tell: the socket's, or when the socket is
/// a trusted proxy, the last address in X-Forwarded-For that is not a trusted proxy.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        let trusted = &state.config.trusted_proxies;
        if !trusted.contains(&peer) {
            return Ok(Self(peer));
        }
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        let client = forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted.contains(ip))
            .unwrap_or(peer);
        Ok(Self(client))
    }
}

fn per_hour(n: u32) -> Quota {
    Quota::per_hour(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

/// The in-memory rate limiters.
pub struct Limits {
    enabled: bool,
    login_failures: i64,
    posts_per_account: DefaultKeyedRateLimiter<i64>,
    posts_per_client: DefaultKeyedRateLimiter<String>,
    registrations_per_client: DefaultKeyedRateLimiter<String>,
    logins_per_client: DefaultKeyedRateLimiter<String>,
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
                message: message(action),
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
    }
}

fn message(action: Action) -> String {
    match action {
        Action::Post => "Je plaatst nu wel heel veel reacties achter elkaar. Wacht even en probeer het dan opnieuw.",
        Action::Register => "Er zijn vanaf dit adres te veel accounts aangemaakt. Probeer het later opnieuw.",
        Action::Login => "Te veel inlogpogingen vanaf dit adres. Wacht even en probeer het dan opnieuw.",
    }
    .to_owned()
}

/// The key of a client for today.
pub fn client_key(state: &AppState, ip: ClientIp) -> String {
    let day = crate::dates::today(state.clock.now()).to_string();
    state.key.ip_hash(ip.0, &day)
}

/// The key under which failed logins for this account from this client are counted.
pub fn login_key(state: &AppState, account_key: &str, client: &str) -> String {
    state.key.sign(&["login", account_key, client])
}

/// Refuses a login attempt while this account has too many recent failures from
/// this client.
pub async fn check_login_failures(state: &AppState, key: &str) -> Result<()> {
    let Some(allowed) = state.limits.login_failures_allowed() else {
        return Ok(());
    };
    let now = state.now_unix();
    let since = now - LOGIN_WINDOW_SECS;
    let row = sqlx::query!(
        r#"SELECT COUNT(*) AS "n!: i64", MIN(created_at) AS "oldest: i64"
           FROM login_failures WHERE key_hash = ? AND created_at > ?"#,
        key,
        since
    )
    .fetch_one(&state.pool)
    .await?;
    if row.n >= allowed {
        let oldest = row.oldest.unwrap_or(now);
        let wait = (oldest + LOGIN_WINDOW_SECS - now).max(1);
        let minutes = (wait + 59) / 60;
        return Err(AppError::TooMany {
            retry_after: u64::try_from(wait).unwrap_or(1),
            message: format!(
                "Er is {allowed} keer een verkeerd wachtwoord gegeven voor dit account. Probeer het over {minutes} {} opnieuw.",
                if minutes == 1 { "minuut" } else { "minuten" }
            ),
        });
    }
    Ok(())
}

/// Counts a failed login.
pub async fn record_login_failure(state: &AppState, key: &str) -> Result<()> {
    if state.limits.login_failures_allowed().is_none() {
        return Ok(());
    }
    let now = state.now_unix();
    sqlx::query!(
        "INSERT INTO login_failures (key_hash, created_at) VALUES (?, ?)",
        key,
        now
    )
    .execute(&state.pool)
    .await?;
    Ok(())
}

/// Forgets the failures after a successful login.
pub async fn clear_login_failures(state: &AppState, key: &str) -> Result<()> {
    sqlx::query!("DELETE FROM login_failures WHERE key_hash = ?", key)
        .execute(&state.pool)
        .await?;
    Ok(())
}

/// Deletes failure records older than the window; returns how many.
pub async fn purge_login_failures(pool: &sqlx::SqlitePool, now: i64) -> Result<u64> {
    let before = now - LOGIN_WINDOW_SECS;
    let done = sqlx::query!("DELETE FROM login_failures WHERE created_at <= ?", before)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
