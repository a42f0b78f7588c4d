//! Logging: `tracing` to standard error, as text for people or JSON for log
//! collectors; the level follows `RUST_LOG`.
//!
//! Lines are written by a thread of their own: a request only formats its line
//! and hands it over, instead of waiting for standard error (a terminal, a pipe
//! to journald) under a lock that every worker shares. The thread writes what has
//! queued up in one go (it flushes whenever the queue is empty), not one system
//! call per line: under load that was most of what logging cost.

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

/// Lines waiting for the writer thread; beyond this, new lines are dropped
/// (and counted by the writer) rather than slowing requests down.
const BUFFERED_LINES: usize = 64 * 1024;

/// Installs the global subscriber. Keep the guard until the program ends: dropping
/// it writes out the lines still waiting.
#[must_use = "dropping the guard stops the log writer"]
pub fn init(json: bool) -> WorkerGuard {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    let (writer, guard) = NonBlockingBuilder::default()
        .buffered_lines_limit(BUFFERED_LINES)
        .thread_name("reacties-log")
        .finish(std::io::BufWriter::with_capacity(
            64 * 1024,
            std::io::stderr(),
        ));
    // Colours only for a person at a terminal: in a file or the journal the
    // escape codes are noise (and each line costs more to make).
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colours)
        .with_writer(writer);
    if json {
        logs.json().init();
    } else {
        logs.init();
    }
    guard
}
