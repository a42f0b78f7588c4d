//! Building and running the server: the one path both `main` and the tests use.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::article::fast::FastPath;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::db::ServerLock;
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
        for warning in config.warnings() {
            tracing::warn!("{warning}");
        }
        let lock = ServerLock::take(&config.database).await?;
        let state = AppState::build(config, clock).await?;
        app::check_article_slugs(&state).await?;
        let filled = accounts::users::backfill_skeletons(&state.pool).await?;
        if filled > 0 {
            tracing::info!(filled, "naamskeletten van bestaande accounts aangevuld");
        }
        // The author shows the name the articles carry, unless they chose another.
        if let Some(article) = state.articles.all().first()
            && let Ok(shown) = accounts::username::display_name(&article.author)
        {
            accounts::users::default_author_display(&state.pool, &shown).await?;
        }
        if !accounts::users::has_author(&state.pool).await? {
            tracing::warn!(
                "Er is nog geen auteursaccount. Maak het aan op deze machine met: reacties author create <gebruikersnaam> (met dezelfde --database); heb je je al via de site geregistreerd, gebruik dan: reacties author promote <gebruikersnaam>"
            );
        }
        let listener = TcpListener::bind(bind)
            .await
            .with_context(|| format!("kan niet luisteren op {bind}"))?;
        Ok(Self {
            listener,
            state,
            lock,
        })
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
        let Self {
            listener,
            state,
            lock,
        } = self;
        tracing::info!("Reacties luistert op http://{}", listener.local_addr()?);
        let housekeeping = tokio::spawn(housekeeping(state.clone()));
        let live = tokio::spawn(crate::live::refresh::run(state.clone()));
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
            tracing::info!(server = %settings.server, "mail gaat via deze SMTP-server");
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
        drop(lock);
        Ok(())
    }
}

/// Expired sessions, old login failures and idle rate-limit entries are removed
/// at start-up and then every five minutes.
async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(300));
    loop {
        tick.tick().await;
        let now = state.now_unix();
        match accounts::sessions::purge_expired(&state.pool, now).await {
            Ok(n) if n > 0 => tracing::info!(purged = n, "verlopen sessies opgeruimd"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "opruimen van sessies mislukt"),
        }
        if let Err(e) = accounts::throttle::purge(&state.pool, now).await {
            tracing::warn!(error = %e, "opruimen van inlogpogingen mislukt");
        }
        state.limits.housekeeping();
    }
}
