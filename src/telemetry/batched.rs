//! The shared buffer every log line goes into, and the thread that writes it
//! out.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

/// How long a line may wait before it is written.
const EVERY: Duration = Duration::from_millis(50);
/// Past this many bytes waiting, the writer is woken at once.
const WAKE_AT: usize = 256 * 1024;
/// Past this many bytes waiting (standard error blocked, say), new lines are
/// dropped and counted rather than slowing requests down or growing memory.
const MAX_WAITING: usize = 8 * 1024 * 1024;
/// How long stopping waits for the last lines to be written: standard error
/// that nobody reads (a full pipe) must not keep the server from stopping.
const LAST_WRITE: Duration = Duration::from_secs(2);

#[derive(Debug, Default)]
struct Waiting {
    lines: Mutex<Vec<u8>>,
    dropped: AtomicU64,
    stop: AtomicBool,
}

/// Where the subscriber puts its lines.
#[derive(Debug, Clone)]
pub(super) struct Batched {
    waiting: Arc<Waiting>,
    writer: std::thread::Thread,
}

impl Batched {
    pub(super) fn start() -> (Self, LogGuard) {
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

    /// Adds `bytes` (whole lines, or the part of one a formatter writes at a
    /// time) to what is waiting. `urgent`: warnings and errors are written at
    /// once, not within 50 ms, so whoever watches the log (at start-up, say)
    /// sees them when they happen.
    pub(super) fn append(&self, bytes: &[u8], urgent: bool) {
        let waiting = &self.waiting;
        // A thread that panicked mid-line leaves at worst half a line.
        let mut lines = waiting
            .lines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let before = lines.len();
        if before + bytes.len() > MAX_WAITING {
            waiting.dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        lines.extend_from_slice(bytes);
        let after = lines.len();
        drop(lines);
        if urgent || (before < WAKE_AT && after >= WAKE_AT) {
            self.writer.unpark();
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
            let _ = writeln!(out, "{}", crate::i18n::logs().log_lines_dropped(dropped));
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

/// One line being written by the subscriber.
pub(super) struct Line<'a> {
    batched: &'a Batched,
    urgent: bool,
}

impl Write for Line<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.batched.append(bytes, self.urgent);
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
                let deadline = std::time::Instant::now() + LAST_WRITE;
                while !handle.is_finished() && std::time::Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(5));
                }
                // A writer still stuck in a write is left behind; the process
                // ends around it.
                if handle.is_finished() {
                    let _ = handle.join();
                }
            }
            None => write_until_stopped(&self.waiting, &mut std::io::stderr()),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A buffer with no writer thread, for tests that write into their own
    /// sink; `drain` hands back what was written.
    pub(in crate::telemetry) fn unwritten() -> Batched {
        Batched {
            waiting: Arc::new(Waiting::default()),
            writer: std::thread::current(),
        }
    }

    pub(in crate::telemetry) fn drain(batched: &Batched) -> String {
        let mut out = Vec::new();
        std::mem::swap(
            &mut *batched
                .waiting
                .lines
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            &mut out,
        );
        String::from_utf8(out).expect("text")
    }

    #[test]
    fn lines_are_written_in_order_and_a_flood_is_counted_not_kept() {
        let batched = unwritten();
        let mut line = batched.make_writer();
        line.write_all(b"een\n").expect("kept");
        line.write_all(b"twee\n").expect("kept");
        let flood = vec![b'x'; MAX_WAITING];
        line.write_all(&flood).expect("dropped, not failed");
        batched.waiting.stop.store(true, Ordering::Release);
        let mut out = Vec::new();
        write_until_stopped(&batched.waiting, &mut out);
        let text = String::from_utf8(out).expect("text");
        assert!(text.starts_with("1 logregels weggelaten"), "{text}");
        assert!(text.ends_with("een\ntwee\n"), "{text}");
    }
}
