//! The `reacties` binary: parse settings, set up logging, serve or run a command.

use std::process::ExitCode;

use reacties::cli;
use reacties::cli_help::{self, Parsed};
use reacties::startup::Application;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match cli_help::parse(std::env::args_os()) {
        Parsed::Run(cli) => cli,
        Parsed::Show(text) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Parsed::Wrong(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let _logs = reacties::telemetry::init(cli.config.log_format == "json");
    let result = match cli.command {
        None => serve(cli.config).await,
        Some(command) => cli::run(command, &cli.config)
            .await
            .map(|done| println!("{done}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The message and its causes in one Dutch line, without a backtrace.
            eprintln!("Fout: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: reacties::config::Config) -> anyhow::Result<()> {
    reacties::server::raise_file_limit(config.max_connections);
    Application::build(config)
        .await?
        .run_until_stopped(shutdown_signal())
        .await
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
