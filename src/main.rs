//! The `reacties` binary: parse settings, set up logging, serve or run a command.

use clap::Parser;

use reacties::cli::{self, Cli};
use reacties::startup::Application;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    reacties::telemetry::init(cli.config.log_format == "json");
    match cli.command {
        None => {
            Application::build(cli.config)
                .await?
                .run_until_stopped(shutdown_signal())
                .await
        }
        Some(command) => {
            println!("{}", cli::run(command, &cli.config).await?);
            Ok(())
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
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
