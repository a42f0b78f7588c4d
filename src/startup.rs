//! Building and running the server: the one path both `main` and the tests use.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::server::{self, ConnectionLimits};
use crate::state::AppState;
use crate::{accounts, app};

/// A built server: state ready, articles checked, socket bound.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Builds the server with the real clock.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// Builds the server: opens and migrates the database, loads and checks the
    /// articles, and binds `config.bind` (port 0 picks a free port).
    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let bind = config.bind;
        let state = AppState::build(config, clock).await?;
        app::check_article_slugs(&state).await?;
        let listener = TcpListener::bind(bind)
            .await
            .with_context(|| format!("kan niet luisteren op {bind}"))?;
        Ok(Self { listener, state })
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
        let Self { listener, state } = self;
        tracing::info!("Reacties luistert op http://{}", listener.local_addr()?);
        let housekeeping = tokio::spawn(housekeeping(state.clone()));
        let pool = state.pool.clone();
        let limits = ConnectionLimits::from_config(&state.config);
        server::serve(listener, app::router(state), limits, shutdown).await;
        housekeeping.abort();
        pool.close().await;
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
