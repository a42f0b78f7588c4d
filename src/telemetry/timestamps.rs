//! The time of a line in UTC, as RFC 3339 with microseconds (as
//! `tracing-subscriber`'s default timer writes it), with the part up to the
//! second made once per second per thread: at tens of thousands of lines a
//! second, formatting the date was a good part of what a line cost.

use std::cell::RefCell;
use std::time::{SystemTime, UNIX_EPOCH};

use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

/// The timer of the subscriber.
pub(super) struct Timestamps;

impl FormatTime for Timestamps {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        with_now(|second, micros| write!(w, "{second}.{micros:06}Z"))
    }
}

/// Calls `write` with the current time as "2026-11-28T01:35:51" (no zone)
/// and its microseconds.
pub(super) fn with_now<R>(write: impl FnOnce(&str, u32) -> R) -> R {
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
        write(prefix, now.subsec_micros())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
