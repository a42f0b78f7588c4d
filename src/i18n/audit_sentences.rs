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
