//! The `reacties` binary: parse settings, set up logging, serve or run a command.

use std::process::ExitCode;

use reacties::cli;
use reacties::cli_help::{self, Parsed};
use reacties::i18n::Lang;
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
    let (lang, result) = match cli.command {
        None => serve(cli.config).await,
        Some(command) => {
            let (lang, result) = cli::run(command, &cli.config).await;
            (lang, result.map(|done| println!("{done}")))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The message and its causes in one line, without a backtrace.
            eprintln!("{} {e:#}", lang.texts().terminal.error);
            ExitCode::FAILURE
        }
    }
}

/// Serves until stopped; returns the language the start-up spoke.
async fn serve(config: reacties::config::Config) -> (Lang, anyhow::Result<()>) {
    reacties::server::raise_file_limit(config.max_connections);
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(e) => {
            return (
                reacties::i18n::locale::from_env().unwrap_or_default(),
                Err(e),
            );
        }
    };
    let lang = app.lang();
    (lang, app.run_until_stopped(shutdown_signal()).await)
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
