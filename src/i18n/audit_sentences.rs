//! The audit log's details with numbers and names: one branch per language.

use super::lang::Lang;
use super::texts::{Texts, counted};

impl Texts {
    /// Why a reaction was hidden: the reports it had.
    pub fn audit_reports(&self, count: i64) -> String {
        match self.lang {
            Lang::Nl => counted(count, "melding", "meldingen"),
            Lang::En => counted(count, "report", "reports"),
        }
    }

    /// A ban until a moment (`until` in words).
    pub fn audit_until(&self, until: &str) -> String {
        match self.lang {
            Lang::Nl => format!("tot {until}"),
            Lang::En => format!("until {until}"),
        }
    }

    /// A ban: its period, its reason and how many reactions it hid.
    pub fn audit_ban(&self, period: &str, reason: &str, hidden: u64) -> String {
        let hidden = i64::try_from(hidden).unwrap_or(i64::MAX);
        match self.lang {
            Lang::Nl => format!(
                "{period}; reden: {reason}; {} verborgen",
                counted(hidden, "reactie", "reacties")
            ),
            Lang::En => format!(
                "{period}; reason: {reason}; {} hidden",
                counted(hidden, "reaction", "reactions")
            ),
        }
    }

    /// A ban lifted with the reactions it hid put back.
    pub fn audit_restored(&self, back: u64) -> String {
        let back = i64::try_from(back).unwrap_or(i64::MAX);
        match self.lang {
            Lang::Nl => format!(
                "{} teruggezet",
                counted(back, "verborgen reactie", "verborgen reacties")
            ),
            Lang::En => format!(
                "{} put back",
                counted(back, "hidden reaction", "hidden reactions")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    #[test]
    fn reports_are_counted_in_both_languages_when_written_and_when_held() {
        let (nl, en) = (Lang::Nl.texts(), Lang::En.texts());
        assert_eq!(nl.audit_reports(1), "1 melding");
        assert_eq!(en.audit_reports(3), "3 reports");
        // Hold reasons are stored in Dutch and told in the reader's language.
        assert_eq!(en.held_reason("1 melding"), "1 report");
        assert_eq!(en.held_reason("4 meldingen"), "4 reports");
        assert_eq!(nl.held_reason("4 meldingen"), "4 meldingen");
        assert_eq!(
            en.audit_ban("until 1 May", "spam", 1),
            "until 1 May; reason: spam; 1 reaction hidden"
        );
    }
}
