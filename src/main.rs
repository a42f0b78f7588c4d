//! The `reacties` binary: parse settings, set up logging, serve or run a command.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use tracing_subscriber::EnvFilter;

use reacties::accounts::admin;
use reacties::accounts::queries::purge_expired_sessions;
use reacties::app::{self, AppState};
use reacties::cli::{AuthorAction, Cli, Command, read_password};
use reacties::clock::SystemClock;
use reacties::db;
use reacties::limits::purge_login_failures;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if cli.config.log_format == "json" {
        logs.json().init();
    } else {
        logs.init();
    }
    match cli.command {
        None => serve(cli).await,
        Some(Command::Healthcheck) => {
            if reacties::cli::healthcheck(cli.config.bind) {
                Ok(())
            } else {
                anyhow::bail!(
                    "Reacties op {} is niet gezond of niet bereikbaar",
                    cli.config.bind
                )
            }
        }
        Some(Command::Backup { file }) => {
            let pool = db::connect(&cli.config).await?;
            let result = db::backup(&pool, &file).await;
            pool.close().await;
            result?;
            println!("Back-up geschreven naar {}.", file.display());
            Ok(())
        }
        Some(Command::Author { action }) => {
            let pool = db::connect(&cli.config).await?;
            let result = match action {
                AuthorAction::Create { username } => {
                    let password = read_password()?;
                    let now = jiff::Timestamp::now().as_second();
                    admin::create_author(&pool, &username, &password, now)
                        .await
                        .map(|_| format!("Auteur '{username}' is aangemaakt."))
                }
                AuthorAction::ResetPassword { username } => {
                    let password = read_password()?;
                    admin::reset_password(&pool, &username, &password)
                        .await
                        .map(|n| format!("Nieuw wachtwoord voor '{username}' ingesteld; {n} sessies beëindigd."))
                }
            };
            pool.close().await;
            println!("{}", result?);
            Ok(())
        }
    }
}

async fn serve(cli: Cli) -> anyhow::Result<()> {
    let bind = cli.config.bind;
    let state = AppState::build(cli.config, Arc::new(SystemClock)).await?;
    spawn_session_purger(state.clone());
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("kan niet luisteren op {bind}"))?;
    tracing::info!("Reacties luistert op http://{bind}");
    let pool = state.pool.clone();
    let app = app::router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    pool.close().await;
    Ok(())
}

/// Expired sessions, old login failures and idle rate-limit entries are removed
/// at start-up and then every few minutes.
fn spawn_session_purger(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            let now = state.now_unix();
            match purge_expired_sessions(&state.pool, now).await {
                Ok(n) if n > 0 => tracing::info!(purged = n, "verlopen sessies opgeruimd"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "opruimen van sessies mislukt"),
            }
            if let Err(e) = purge_login_failures(&state.pool, now).await {
                tracing::warn!(error = %e, "opruimen van inlogpogingen mislukt");
            }
            state.limits.housekeeping();
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
