//! Logging: `tracing` to standard error, as text for people or JSON for log
//! collectors; the level follows `RUST_LOG`.
//!
//! A request only formats its line and appends it to a shared buffer; a thread
//! of its own writes what has gathered every 50 ms (sooner when a lot has), in
//! one system call (`batched`). Handing each line to a writer thread that wakes
//! for it (`tracing-appender`'s design) cost more than the line itself: a
//! wake-up, a context switch and a write per request, measured at 3-5 µs of
//! CPU for reads that otherwise take about 11. The early answer's line is
//! written by hand (`request_line`), which costs a fifth of what
//! `tracing-subscriber`'s formatting of the same line does.

mod batched;
mod request_line;
mod timestamps;

use tracing_subscriber::EnvFilter;

pub use batched::LogGuard;
pub use request_line::request_finished;

use batched::Batched;
use timestamps::Timestamps;

/// Installs the global subscriber. Keep the guard until the program ends:
/// dropping it writes out the lines still waiting.
#[must_use = "dropping the guard stops the log writer"]
pub fn init(json: bool) -> LogGuard {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    let (writer, guard) = Batched::start();
    // Colours only for a person at a terminal: in a file or the journal the
    // escape codes are noise (and each line costs more to make).
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    if !colours {
        request_line::write_lines_to(writer.clone(), json);
    }
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colours)
        .with_timer(Timestamps)
        .with_writer(writer);
    if json {
        logs.json().init();
    } else {
        logs.init();
    }
    guard
}
