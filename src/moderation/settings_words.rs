//! The author's settings in words, for the audit log: "Voormoderatie: eerste
//! reactie → alles" instead of raw values, in the language of the moment
//! (the entry records which).

use crate::policy::rules::{Premoderation, Settings};

/// Each setting as the author reads it: a label and a value in words.
fn in_words(s: &Settings) -> Vec<(&'static str, String)> {
    let w = crate::i18n::t().audit;
    let yes_no = |on: bool| if on { w.yes } else { w.no }.to_owned();
    let count = |n: i64, off: &str| {
        if n == 0 {
            off.to_owned()
        } else {
            n.to_string()
        }
    };
    let list = |words: &str| {
        let words: Vec<&str> = words
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            w.none.to_owned()
        } else {
            words.join(", ")
        }
    };
    vec![
        (
            w.premoderation,
            match s.premoderation {
                Premoderation::None => w.premoderation_none.to_owned(),
                Premoderation::FirstReaction => w.premoderation_first.to_owned(),
                Premoderation::All => w.premoderation_all.to_owned(),
            },
        ),
        (w.guests_allowed, yes_no(s.guests_allowed)),
        (w.hold_links, count(s.hold_min_links, w.off)),
        (w.hold_account_hours, count(s.hold_account_hours, w.off)),
        (w.hold_words, list(&s.hold_words)),
        (w.block_words, list(&s.block_words)),
        (
            w.auto_close_days,
            s.auto_close_days
                .map_or_else(|| w.never.to_owned(), |d| d.to_string()),
        ),
        (w.report_threshold, s.report_threshold.to_string()),
    ]
}

/// All settings in words, one per line (the log's before and after).
pub(crate) fn describe(s: &Settings) -> String {
    in_words(s)
        .into_iter()
        .map(|(label, value)| format!("{label}: {value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What changed, in words: "Voormoderatie: eerste reactie → alles".
pub(crate) fn describe_change(before: &Settings, after: &Settings) -> String {
    let changes: Vec<String> = in_words(before)
        .into_iter()
        .zip(in_words(after))
        .filter(|((_, old), (_, new))| old != new)
        .map(|((label, old), (_, new))| format!("{label}: {old} → {new}"))
        .collect();
    if changes.is_empty() {
        crate::i18n::t().audit.nothing_changed.to_owned()
    } else {
        changes.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settings_change_reads_as_words() {
        let before = Settings {
            premoderation: Premoderation::FirstReaction,
            guests_allowed: false,
            hold_min_links: 2,
            hold_account_hours: 0,
            hold_words: String::new(),
            block_words: String::new(),
            auto_close_days: None,
            report_threshold: 3,
            feed_token: "t".into(),
        };
        let mut after = before.clone();
        after.premoderation = Premoderation::All;
        after.guests_allowed = true;
        assert_eq!(
            describe_change(&before, &after),
            "Voormoderatie: eerste reactie → alles; Gasten mogen reageren: nee → ja"
        );
        assert_eq!(describe_change(&before, &before), "niets veranderd");
        assert!(describe(&before).contains("Automatisch sluiten na (dagen): nooit"));
        let english =
            crate::i18n::in_lang(crate::i18n::Lang::En, || describe_change(&before, &after));
        assert_eq!(
            english,
            "Pre-moderation: first reaction → everything; Guests may react: no → yes"
        );
    }
}
