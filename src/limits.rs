//! Request rates per account and per client, kept in memory. Clients are keyed
//! by a daily-keyed hash of their address (see `http::client`).

use std::num::NonZeroU32;

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
    previews_per_client: DefaultKeyedRateLimiter<String>,
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
    Preview,
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
            previews_per_client: RateLimiter::keyed(Quota::per_minute(at_least_one(
                config.previews_per_minute,
            ))),
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
        self.previews_per_client.retain_recent();
    }
}

fn message(action: Action) -> String {
    match action {
        Action::Post => "Je plaatst nu wel heel veel reacties achter elkaar. Wacht even en probeer het dan opnieuw.",
        Action::Register => "Er zijn vanaf dit adres te veel accounts aangemaakt. Probeer het later opnieuw.",
        Action::Login => "Te veel inlogpogingen vanaf dit adres. Wacht even en probeer het dan opnieuw.",
        Action::Preview => "Je vraagt wel heel vaak een voorbeeld op. Wacht even en probeer het dan opnieuw.",
    }
    .to_owned()
}
