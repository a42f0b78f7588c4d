//! Logging: `tracing` to standard error, as text for people or JSON for log
//! collectors; the level follows `RUST_LOG`.
//!
//! A request only formats its line and appends it to a shared buffer; a thread
//! of its own writes what has gathered every 50 ms (sooner when a lot has), in
//! one system call. Handing each line to a writer thread that wakes for it
//! (`tracing-appender`'s design) cost more than the line itself: a wake-up, a
//! context switch and a write per request, measured at 3-5 µs of CPU for reads
//! that otherwise take about 11.

use std::cell::RefCell;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

/// How long a line may wait before it is written.
const EVERY: Duration = Duration::from_millis(50);
/// Past this many bytes waiting, the writer is woken at once.
const WAKE_AT: usize = 256 * 1024;
/// Past this many bytes waiting (standard error blocked, say), new lines are
/// dropped and counted rather than slowing requests down or growing memory.
const MAX_WAITING: usize = 8 * 1024 * 1024;

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

#[derive(Debug, Default)]
struct Waiting {
    lines: Mutex<Vec<u8>>,
    dropped: AtomicU64,
    stop: AtomicBool,
}

/// Where the subscriber puts its lines.
#[derive(Debug, Clone)]
struct Batched {
    waiting: Arc<Waiting>,
    writer: std::thread::Thread,
}

impl Batched {
    fn start() -> (Self, LogGuard) {
        let waiting = Arc::new(Waiting::default());
        let shared = Arc::clone(&waiting);
        let thread = std::thread::Builder::new()
            .name("reacties-log".into())
            .spawn(move || write_until_stopped(&shared, &mut std::io::stderr()));
        match thread {
            Ok(handle) => (
                Self {
                    waiting: Arc::clone(&waiting),
                    writer: handle.thread().clone(),
                },
                LogGuard {
                    waiting,
                    handle: Some(handle),
                },
            ),
            // No thread for it: lines are written by whoever logs.
            Err(_) => (
                Self {
                    waiting: Arc::clone(&waiting),
                    writer: std::thread::current(),
                },
                LogGuard {
                    waiting,
                    handle: None,
                },
            ),
        }
    }
}

fn write_until_stopped(waiting: &Waiting, out: &mut impl Write) {
    let mut spare = Vec::new();
    loop {
        let stopping = waiting.stop.load(Ordering::Acquire);
        std::mem::swap(
            &mut *waiting
                .lines
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            &mut spare,
        );
        let dropped = waiting.dropped.swap(0, Ordering::Relaxed);
        if dropped > 0 {
            let _ = writeln!(
                out,
                "{dropped} logregels weggelaten: standaardfout nam ze niet snel genoeg aan"
            );
        }
        if !spare.is_empty() {
            // Nothing to report a failure to: the log is where it would go.
            let _ = out.write_all(&spare);
            let _ = out.flush();
            spare.clear();
            // Keep a modest buffer, not the largest burst's.
            spare.shrink_to(WAKE_AT);
        }
        if stopping {
            return;
        }
        std::thread::park_timeout(EVERY);
    }
}

/// One line being written.
struct Line<'a> {
    batched: &'a Batched,
    /// Warnings and errors are written at once, not within 50 ms: whoever
    /// watches the log (at start-up, say) should see them when they happen.
    urgent: bool,
}

impl Write for Line<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let waiting = &self.batched.waiting;
        // A thread that panicked mid-line leaves at worst half a line.
        let mut lines = waiting
            .lines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let before = lines.len();
        if before + bytes.len() > MAX_WAITING {
            waiting.dropped.fetch_add(1, Ordering::Relaxed);
            return Ok(bytes.len());
        }
        lines.extend_from_slice(bytes);
        let after = lines.len();
        drop(lines);
        if self.urgent || (before < WAKE_AT && after >= WAKE_AT) {
            self.batched.writer.unpark();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Batched {
    type Writer = Line<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        Line {
            batched: self,
            urgent: false,
        }
    }

    fn make_writer_for(&'a self, meta: &tracing::Metadata<'_>) -> Self::Writer {
        Line {
            batched: self,
            urgent: *meta.level() <= tracing::Level::WARN,
        }
    }
}

/// Writes out what is waiting when dropped.
#[derive(Debug)]
pub struct LogGuard {
    waiting: Arc<Waiting>,
    handle: Option<JoinHandle<()>>,
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        self.waiting.stop.store(true, Ordering::Release);
        match self.handle.take() {
            Some(handle) => {
                handle.thread().unpark();
                let _ = handle.join();
            }
            None => write_until_stopped(&self.waiting, &mut std::io::stderr()),
        }
    }
}

/// The time of a line in UTC, as RFC 3339 with microseconds (as the default
/// timer writes it), with the part up to the second made once per second per
/// thread: at tens of thousands of lines a second, formatting the date was a
/// good part of what a line cost.
struct Timestamps;

impl FormatTime for Timestamps {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        thread_local! {
            static SECOND: RefCell<(u64, String)> = const { RefCell::new((0, String::new())) };
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let second = now.as_secs();
        SECOND.with_borrow_mut(|(cached, prefix)| {
            if *cached != second || prefix.is_empty() {
                *cached = second;
                prefix.clear();
                let whole = i64::try_from(second)
                    .ok()
                    .and_then(|s| jiff::Timestamp::from_second(s).ok())
                    .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
                // "2026-11-28T01:35:51Z" without its "Z".
                let text = whole.to_string();
                prefix.push_str(text.strip_suffix('Z').unwrap_or(&text));
            }
            write!(w, "{prefix}.{:06}Z", now.subsec_micros())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_written_in_order_and_a_flood_is_counted_not_kept() {
        // No writer thread: this test writes into its own sink.
        let waiting = Arc::new(Waiting::default());
        let batched = Batched {
            waiting: Arc::clone(&waiting),
            writer: std::thread::current(),
        };
        let mut line = batched.make_writer();
        line.write_all(b"een\n").expect("kept");
        line.write_all(b"twee\n").expect("kept");
        let flood = vec![b'x'; MAX_WAITING];
        line.write_all(&flood).expect("dropped, not failed");
        waiting.stop.store(true, Ordering::Release);
        let mut out = Vec::new();
        write_until_stopped(&waiting, &mut out);
        let text = String::from_utf8(out).expect("text");
        assert!(text.starts_with("1 logregels weggelaten"), "{text}");
        assert!(text.ends_with("een\ntwee\n"), "{text}");
    }

    #[test]
    fn timestamps_read_as_rfc_3339_with_microseconds() {
        let mut line = String::new();
        Timestamps
            .format_time(&mut Writer::new(&mut line))
            .expect("formats");
        let (date, rest) = line.split_once('T').expect("date and time");
        assert_eq!(date.len(), 10, "{line}");
        assert!(
            rest.ends_with('Z') && rest.len() == "01:35:51.583115Z".len(),
            "{line}"
        );
        let parsed: jiff::Timestamp = line.parse().expect("RFC 3339");
        let age = jiff::Timestamp::now().duration_since(parsed);
        assert!(age.as_secs() < 5, "{line}");
    }
}
