//! Dates the way a reader says them in the request's language: "3 uur geleden",
//! "26 november 2026, 21:15" ("3 hours ago", "26 November 2026, 21:15"), always
//! in Europe/Amsterdam time.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::i18n::Texts;
use crate::i18n::sentences::TimeUnit;

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
        crate::i18n::t().month(date.month()),
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

/// How long ago `then` was, seen from `now`, in the request's language.
pub fn relative(then: Timestamp, now: Timestamp) -> String {
    relative_in(crate::i18n::t(), then, now)
}

/// How long ago `then` was, seen from `now`, in the language of `t`.
pub fn relative_in(t: &Texts, then: Timestamp, now: Timestamp) -> String {
    let seconds = (now.as_second() - then.as_second()).max(0);
    let minutes = seconds / 60;
    let hours = minutes / 60;
    let days = hours / 24;
    match () {
        _ if seconds < 60 => t.frame.just_now.to_owned(),
        _ if minutes < 60 => t.ago(minutes, TimeUnit::Minute),
        _ if hours < 24 => t.ago(hours, TimeUnit::Hour),
        _ if days < 7 => t.ago(days, TimeUnit::Day),
        _ if days < 31 => t.ago(days / 7, TimeUnit::Week),
        _ if days < 365 => t.ago((days / 30).max(1), TimeUnit::Month),
        _ => t.ago(days / 365, TimeUnit::Year),
    }
}

/// How old something made at `created` is at `now`: "3 dagen", "3 days".
pub fn age(created: i64, now: i64) -> String {
    let t = crate::i18n::t();
    relative(from_unix(created), from_unix(now))
        .trim_end_matches(t.moderation.ago_suffix)
        .replace(t.frame.just_now, t.moderation.less_than_a_minute)
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
    fn relative_time_reads_naturally_in_english() {
        let en = crate::i18n::Lang::En.texts();
        assert_eq!(relative_in(en, at(0), at(30)), "just now");
        assert_eq!(relative_in(en, at(0), at(60)), "1 minute ago");
        assert_eq!(relative_in(en, at(0), at(3 * 3600)), "3 hours ago");
        assert_eq!(relative_in(en, at(0), at(800 * 24 * 3600)), "2 years ago");
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
