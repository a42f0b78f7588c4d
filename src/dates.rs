//! Dates the way a Dutch reader says them: "3 uur geleden", "26 november 2026, 21:15",
//! always in Europe/Amsterdam time.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

fn amsterdam() -> TimeZone {
    // Bundled tzdb: the name always resolves; UTC is a safe fallback all the same.
    TimeZone::get("Europe/Amsterdam").unwrap_or(TimeZone::UTC)
}

/// Converts stored Unix seconds into a timestamp (out-of-range values clamp to the epoch).
pub fn from_unix(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// "26 november 2026".
pub fn long_date(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[usize::from(date.month().unsigned_abs()).saturating_sub(1) % 12],
        date.year()
    )
}

/// Today's date in Amsterdam.
pub fn today(now: Timestamp) -> Date {
    now.to_zoned_datetime(amsterdam()).date()
}

/// Midnight at the start of `date` in Amsterdam, as Unix seconds.
pub fn start_of_day(date: Date) -> Option<i64> {
    date.to_zoned_datetime(amsterdam())
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// "26 november 2026, 21:15" in Amsterdam time.
pub fn exact_time(at: Timestamp) -> String {
    let local = at.to_zoned_datetime(amsterdam());
    format!(
        "{}, {:02}:{:02}",
        long_date(local.date()),
        local.hour(),
        local.minute()
    )
}

/// The machine-readable form for `<time datetime>`: RFC 3339 in UTC.
pub fn iso(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// How long ago `then` was, seen from `now`, in Dutch.
pub fn relative(then: Timestamp, now: Timestamp) -> String {
    let seconds = (now.as_second() - then.as_second()).max(0);
    let minutes = seconds / 60;
    let hours = minutes / 60;
    let days = hours / 24;
    let plural = |n: i64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one} geleden")
        } else {
            format!("{n} {many} geleden")
        }
    };
    match () {
        _ if seconds < 60 => "zojuist".to_string(),
        _ if minutes < 60 => plural(minutes, "minuut", "minuten"),
        _ if hours < 24 => format!("{hours} uur geleden"),
        _ if days < 7 => plural(days, "dag", "dagen"),
        _ if days < 31 => plural(days / 7, "week", "weken"),
        _ if days < 365 => plural((days / 30).max(1), "maand", "maanden"),
        _ => format!("{} jaar geleden", days / 365),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        from_unix(1_700_000_000 + seconds)
    }

    #[test]
    fn relative_time_reads_naturally_in_dutch() {
        let cases = [
            (0, "zojuist"),
            (59, "zojuist"),
            (60, "1 minuut geleden"),
            (5 * 60, "5 minuten geleden"),
            (3600, "1 uur geleden"),
            (3 * 3600, "3 uur geleden"),
            (24 * 3600, "1 dag geleden"),
            (3 * 24 * 3600, "3 dagen geleden"),
            (7 * 24 * 3600, "1 week geleden"),
            (20 * 24 * 3600, "2 weken geleden"),
            (40 * 24 * 3600, "1 maand geleden"),
            (100 * 24 * 3600, "3 maanden geleden"),
            (800 * 24 * 3600, "2 jaar geleden"),
        ];
        for (ago, expected) in cases {
            assert_eq!(relative(at(0), at(ago)), expected, "{ago} seconds ago");
        }
    }

    #[test]
    fn a_time_in_the_future_counts_as_just_now() {
        assert_eq!(relative(at(100), at(0)), "zojuist");
    }

    #[test]
    fn exact_time_is_shown_in_amsterdam_time() {
        // 2026-07-01T10:00:00Z is 12:00 in Amsterdam (summer time).
        let summer: Timestamp = "2026-07-01T10:00:00Z".parse().expect("valid timestamp");
        assert_eq!(exact_time(summer), "1 juli 2026, 12:00");
        let winter: Timestamp = "2026-01-05T10:00:00Z".parse().expect("valid timestamp");
        assert_eq!(exact_time(winter), "5 januari 2026, 11:00");
        assert_eq!(iso(winter), "2026-01-05T10:00:00Z");
    }
}
