//! The line logged for each request the early answer (`article::fast`) serves,
//! written by hand. Through `tracing-subscriber` the same line cost about
//! 1 µs, mostly its field visitor and `fmt` machinery: a tenth of what the
//! whole request costs otherwise. Written here it is the same bytes (a test
//! compares the two, as text and as JSON), at a fraction of the cost.
//!
//! The subscriber's filter still decides whether the line is logged at all
//! (`RUST_LOG=warn` silences it, as it silences the router's lines); with
//! colours on (a person at a terminal), the line goes through `tracing` as
//! any other.

use std::cell::RefCell;
use std::sync::OnceLock;

use super::batched::Batched;
use super::timestamps::with_now;

/// The target the line is logged under, as `tracing` would name it.
const TARGET: &str = "reacties::request";
const MESSAGE: &str = "finished processing request";

struct Lean {
    out: Batched,
    json: bool,
}

static LEAN: OnceLock<Lean> = OnceLock::new();

/// From now on, request lines are written by hand into `out`.
pub(super) fn write_lines_to(out: Batched, json: bool) {
    // Set once, by `init`; a second `init` (which `tracing` would refuse
    // anyway) keeps the first.
    let _ = LEAN.set(Lean { out, json });
}

/// Logs that a GET of `route` was answered with `status` after `latency_ms`.
pub fn request_finished(route: &'static str, latency_ms: u128, status: u16) {
    if !tracing::enabled!(target: "reacties::request", tracing::Level::INFO) {
        return;
    }
    let Some(lean) = LEAN.get() else {
        log_through_tracing(route, latency_ms, status);
        return;
    };
    thread_local! {
        static LINE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    LINE.with_borrow_mut(|line| {
        line.clear();
        write_line(line, lean.json, route, latency_ms, status);
        lean.out.append(line, false);
    });
}

/// The same line as an event, for a subscriber to format.
fn log_through_tracing(route: &'static str, latency_ms: u128, status: u16) {
    tracing::info!(
        target: "reacties::request",
        method = "GET",
        route,
        latency = %format_args!("{latency_ms} ms"),
        status,
        "finished processing request"
    );
}

/// The line as `tracing-subscriber`'s full text format or its JSON format
/// writes it (no span is open on the early answer).
fn write_line(line: &mut Vec<u8>, json: bool, route: &str, latency_ms: u128, status: u16) {
    with_now(|second, micros| {
        let mut digits = itoa::Buffer::new();
        let micros = digits.format(micros);
        if json {
            line.extend_from_slice(b"{\"timestamp\":\"");
            line.extend_from_slice(second.as_bytes());
            line.push(b'.');
            zero_padded(line, micros, 6);
            line.extend_from_slice(b"Z\",\"level\":\"INFO\",\"fields\":{\"message\":\"");
            line.extend_from_slice(MESSAGE.as_bytes());
            line.extend_from_slice(b"\",\"method\":\"GET\",\"route\":");
            // A route is ours and plain, but a quote or backslash in one
            // must not break the line.
            if serde_json::to_writer(&mut *line, route).is_err() {
                line.extend_from_slice(b"\"\"");
            }
            line.extend_from_slice(b",\"latency\":\"");
            line.extend_from_slice(digits.format(latency_ms).as_bytes());
            line.extend_from_slice(b" ms\",\"status\":");
            line.extend_from_slice(digits.format(status).as_bytes());
            line.extend_from_slice(b"},\"target\":\"");
            line.extend_from_slice(TARGET.as_bytes());
            line.extend_from_slice(b"\"}\n");
        } else {
            line.extend_from_slice(second.as_bytes());
            line.push(b'.');
            zero_padded(line, micros, 6);
            line.extend_from_slice(b"Z  INFO ");
            line.extend_from_slice(TARGET.as_bytes());
            line.extend_from_slice(b": ");
            line.extend_from_slice(MESSAGE.as_bytes());
            line.extend_from_slice(b" method=\"GET\" route=");
            // `tracing` writes a string field with `Debug`: quoted, escaped.
            escaped_debug(line, route);
            line.extend_from_slice(b" latency=");
            line.extend_from_slice(digits.format(latency_ms).as_bytes());
            line.extend_from_slice(b" ms status=");
            line.extend_from_slice(digits.format(status).as_bytes());
            line.push(b'\n');
        }
    });
}

fn zero_padded(line: &mut Vec<u8>, digits: &str, width: usize) {
    line.extend(std::iter::repeat_n(
        b'0',
        width.saturating_sub(digits.len()),
    ));
    line.extend_from_slice(digits.as_bytes());
}

fn escaped_debug(line: &mut Vec<u8>, text: &str) {
    use std::io::Write;
    // Only routes with something to escape pay for `fmt`.
    if text
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
    {
        line.push(b'"');
        line.extend_from_slice(text.as_bytes());
        line.push(b'"');
    } else {
        let _ = write!(line, "{text:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::Timestamps;
    use crate::telemetry::batched::tests::{drain, unwritten};

    /// What `tracing-subscriber`, set up as `init` sets it up, writes for the
    /// same request.
    fn through_tracing(json: bool, route: &'static str, latency_ms: u128, status: u16) -> String {
        let out = unwritten();
        let logs = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_timer(Timestamps)
            .with_writer(out.clone());
        let event = || log_through_tracing(route, latency_ms, status);
        if json {
            tracing::subscriber::with_default(logs.json().finish(), event);
        } else {
            tracing::subscriber::with_default(logs.finish(), event);
        }
        drain(&out)
    }

    fn by_hand(json: bool, route: &str, latency_ms: u128, status: u16) -> String {
        let mut line = Vec::new();
        write_line(&mut line, json, route, latency_ms, status);
        String::from_utf8(line).expect("text")
    }

    /// The line without its time (the one part that differs between two
    /// lines), checked to be a time first.
    fn timeless(line: &str, json: bool) -> String {
        if json {
            let mut value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let time = value["timestamp"].take();
            let time = time.as_str().expect("a timestamp");
            time.parse::<jiff::Timestamp>().expect("RFC 3339");
            value.to_string()
        } else {
            let (time, rest) = line.split_once(' ').expect("time first");
            time.parse::<jiff::Timestamp>().expect("RFC 3339");
            rest.to_owned()
        }
    }

    #[test]
    fn the_line_by_hand_is_the_line_tracing_writes() {
        for json in [false, true] {
            for (route, latency, status) in [
                ("/{slug}", 0, 200),
                ("/{slug}", 1234, 304),
                ("/a \"quoted\" \\ route", 7, 404),
            ] {
                let expected = through_tracing(json, route, latency, status);
                let written = by_hand(json, route, latency, status);
                assert!(written.ends_with('\n'), "{written}");
                assert_eq!(
                    timeless(&written, json),
                    timeless(&expected, json),
                    "json: {json}"
                );
                if !json {
                    // Same bytes, time aside: the text format has no keys
                    // to reorder.
                    assert_eq!(written.len(), expected.len(), "{written}{expected}");
                }
            }
        }
    }
}
