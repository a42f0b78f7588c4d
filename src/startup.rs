//! Building and running the server: the one path both `main` and the tests use.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::article::fast::FastPath;
use crate::change::Change;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::db::ServerLock;
use crate::i18n::{Lang, locale, with_lang};
use crate::instances::{self, Duty};
use crate::server::{self, ConnectionLimits};
use crate::state::AppState;
use crate::{accounts, app};

/// A built server: database locked for this process, state ready, articles
/// checked, socket bound.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    state: AppState,
    /// Held until the server has stopped and closed the database.
    lock: ServerLock,
    /// The language of the lines for whoever started the server.
    lang: Lang,
}

impl Application {
    /// Builds the server with the real clock.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// Builds the server: locks, opens, checks and migrates the database, loads
    /// and checks the articles, and binds `config.bind` (port 0 picks a free port).
    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let bind = config.bind;
        // The terminal's language: the locale environment, else (once the
        // database is open) the site's, as the commands do.
        let asked = locale::from_env();
        if let Some(lang) = asked {
            crate::i18n::set_log_lang(lang);
        }
        let (lock, state) = with_lang(asked.unwrap_or_default(), async {
            let lock = ServerLock::take(&config.database).await?;
            let state = AppState::build(config, clock).await?;
            anyhow::Ok((lock, state))
        })
        .await?;
        let lang = crate::policy::site::terminal_language(&state.pool, asked).await;
        // The log lines follow it from here (no-op when the environment chose).
        crate::i18n::set_log_lang(lang);
        with_lang(lang, async move {
            for warning in state.config.warnings() {
                tracing::warn!("{warning}");
            }
            app::check_article_slugs(&state).await?;
            let filled = accounts::users::backfill_skeletons(&state.pool).await?;
            if filled > 0 {
                tracing::info!(filled, "{}", crate::i18n::logs().log.skeletons_filled);
            }
            // The author shows the name the articles carry, unless they chose another.
            if let Some(article) = state.articles.all().first()
                && let Ok(shown) = accounts::username::display_name(&article.author)
            {
                accounts::users::default_author_display(&state.pool, &shown).await?;
            }
            if !accounts::users::has_author(&state.pool).await? {
                tracing::warn!("{}", lang.texts().terminal.no_author_yet);
            }
            let listener = TcpListener::bind(bind)
                .await
                .with_context(|| lang.texts().cli_cannot_listen(bind))?;
            Ok(Self {
                listener,
                state,
                lock,
                lang,
            })
        })
        .await
    }

    /// The language of the start-up lines (and of `main`'s last words).
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// The shared state (tests use it to retire caches after arranging rows).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests
    /// (within the grace period) and closes the database.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // The lock is let go at the end, after the database was closed.
        let Self {
            listener,
            state,
            lock: _lock,
            lang,
        } = self;
        let t = lang.texts();
        tracing::info!("{}", t.cli_listening(listener.local_addr()?));
        let housekeeping = tokio::spawn(housekeeping(state.clone()));
        let live = tokio::spawn(crate::live::refresh::run(state.clone()));
        let listening = tokio::spawn({
            let state = state.clone();
            async move { instances::listen(&state.instances, applier(state.clone())).await }
        });
        let (stop_mail, mail_stopped) = tokio::sync::watch::channel(false);
        let mail = state.mail.clone().map(|settings| {
            tokio::spawn(crate::mail::worker::run(
                state.clone(),
                settings,
                mail_stopped,
            ))
        });
        let grace = Duration::from_secs(state.config.shutdown_grace);
        if let Some(settings) = &state.mail {
            tracing::info!(server = %settings.server, "{}", t.terminal.mail_via);
        }
        let hubs = Arc::clone(&state.live);
        let pool = state.pool.clone();
        let limits = ConnectionLimits::from_config(&state.config);
        let service = FastPath::new(state.clone(), app::router(state));
        // Live streams never end by themselves: at shutdown they are ended, so
        // their connections close within the grace period like any other.
        let shutdown = async move {
            shutdown.await;
            hubs.close();
        };
        server::serve(listener, service, limits, shutdown).await;
        housekeeping.abort();
        live.abort();
        listening.abort();
        if let Some(mut mail) = mail {
            // A mail on its way is finished and marked within the grace period;
            // one cut off after that is sent again after the next start (with
            // the same Message-ID).
            let _ = stop_mail.send(true);
            if tokio::time::timeout(grace, &mut mail).await.is_err() {
                mail.abort();
            }
        }
        pool.close().await;
        Ok(())
    }
}

/// Expired sessions, old login failures and idle rate-limit entries are removed
/// at start-up and then every five minutes.
/// One instance of a site does it (see `instances::Duty`).
async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(300));
    let mut duty = Duty::new("housekeeping");
    loop {
        tick.tick().await;
        // The in-memory limits are this instance's own.
        state.limits.housekeeping();
        if !duty.mine(&state.pool).await {
            continue;
        }
        let now = state.now_unix();
        match accounts::sessions::purge_expired(&state.pool, now).await {
            Ok(n) if n > 0 => {
                tracing::info!(purged = n, "{}", crate::i18n::logs().log.sessions_purged)
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "{}", crate::i18n::logs().log.sessions_purge_failed)
            }
        }
        if let Err(e) = accounts::throttle::purge(&state.pool, now).await {
            tracing::warn!(error = %e, "{}", crate::i18n::logs().log.attempts_purge_failed);
        }
    }
}

/// What a change heard from another instance of the site does here: what the
/// instance that made it did to its own caches and streams after its commit.
fn applier(state: AppState) -> impl Fn(Change) + Send + Sync + 'static {
    move |change| {
        if change.has(Change::POLICY) {
            state.policy.forget();
        }
        if change.has(Change::PAGES) || change.has(Change::POLICY) {
            state.cache.bump();
        } else if change.has(Change::PAGES_SOON) {
            state.cache.bump_soon();
        }
        if change.has(Change::WRITES) || change.has(Change::POLICY) {
            state.shared_pages.bump();
            state.live.touch();
        }
    }
}
