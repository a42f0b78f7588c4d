//! The words of the audit log's details, written when an action is taken in
//! the language of that moment (see `moderation::settings_words`). The
//! sentences with numbers are in `audit_sentences`.

use super::catalogue::catalogue;

catalogue!(
    /// Fixed words of the audit log's details.
    AuditTexts {
        yes: "ja", "yes";
        no: "nee", "no";
        off: "uit", "off";
        none: "geen", "none";
        never: "nooit", "never";
        premoderation: "Voormoderatie", "Pre-moderation";
        premoderation_none: "niets", "nothing";
        premoderation_first: "eerste reactie", "first reaction";
        premoderation_all: "alles", "everything";
        guests_allowed: "Gasten mogen reageren", "Guests may react";
        hold_links: "Vasthouden vanaf aantal links", "Hold from number of links";
        hold_account_hours: "Vasthouden bij account jonger dan (uur)", "Hold when the account is younger than (hours)";
        hold_words: "Woorden om vast te houden", "Words to hold";
        block_words: "Geblokkeerde woorden", "Blocked words";
        auto_close_days: "Automatisch sluiten na (dagen)", "Close automatically after (days)";
        report_threshold: "Verbergen na aantal meldingen", "Hide after number of reports";
        nothing_changed: "niets veranderd", "nothing changed";
        indefinitely: "voor onbepaalde tijd", "indefinitely";
    }
);
