//! The program: parse settings, set up logging, serve or run a command. `main`
//! calls this in the build that matches the database (SQLite or PostgreSQL).

use std::ffi::OsString;
use std::process::ExitCode;

use crate::cli;
use crate::cli_help::{self, Parsed};
use crate::i18n::Lang;
use crate::startup::Application;

/// Whether these arguments (and the environment) ask for a PostgreSQL database.
pub fn wants_postgres(args: Vec<OsString>) -> bool {
    matches!(cli_help::parse(args), Parsed::Run(cli) if crate::sql::is_postgres(&cli.config.database))
}

/// Runs the program with these arguments; what the process exits with.
pub async fn run(args: Vec<OsString>) -> ExitCode {
    let cli = match cli_help::parse(args) {
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
    let _logs = crate::telemetry::init(cli.config.log_format == "json");
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
async fn serve(config: crate::config::Config) -> (Lang, anyhow::Result<()>) {
    crate::server::raise_file_limit(config.max_connections);
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(e) => {
            return (crate::i18n::locale::from_env().unwrap_or_default(), Err(e));
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
