//! The catalogue of one language: its areas (each a struct of texts written by
//! `catalogue!`) and the texts with numbers in them, which differ in grammar
//! and so are functions here rather than fill-in templates.

use std::borrow::Borrow;
use std::sync::LazyLock;

pub use super::account::AccountTexts;
pub use super::api::ApiTexts;
pub use super::audit::AuditTexts;
pub use super::frame::Frame;
use super::lang::Lang;
pub use super::log::LogTexts;
pub use super::mail::MailTexts;
pub use super::messages::Messages;
pub use super::moderation::Moderation;
pub use super::personal::Personal;
pub use super::reading::Reading;
pub use super::script::Script;
pub use super::terminal::Terminal;

/// Every text of one language.
#[derive(Debug)]
pub struct Texts {
    pub lang: Lang,
    pub frame: &'static Frame,
    pub reading: &'static Reading,
    pub account: &'static AccountTexts,
    pub personal: &'static Personal,
    pub messages: &'static Messages,
    pub moderation: &'static Moderation,
    pub script: &'static Script,
    pub mail: &'static MailTexts,
    pub terminal: &'static Terminal,
    pub api: &'static ApiTexts,
    pub log: &'static LogTexts,
    pub audit: &'static AuditTexts,
}

impl Lang {
    /// This language's catalogue.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }
}

/// Dutch, the original.
pub static NL: Texts = Texts {
    lang: Lang::Nl,
    frame: &Frame::NL,
    reading: &Reading::NL,
    account: &AccountTexts::NL,
    personal: &Personal::NL,
    messages: &Messages::NL,
    moderation: &Moderation::NL,
    script: &Script::NL,
    mail: &MailTexts::NL,
    terminal: &Terminal::NL,
    api: &ApiTexts::NL,
    log: &LogTexts::NL,
    audit: &AuditTexts::NL,
};

/// English.
pub static EN: Texts = Texts {
    lang: Lang::En,
    frame: &Frame::EN,
    reading: &Reading::EN,
    account: &AccountTexts::EN,
    personal: &Personal::EN,
    messages: &Messages::EN,
    moderation: &Moderation::EN,
    script: &Script::EN,
    mail: &MailTexts::EN,
    terminal: &Terminal::EN,
    api: &ApiTexts::EN,
    log: &LogTexts::EN,
    audit: &AuditTexts::EN,
};

const MONTHS_NL: [&str; 12] = [
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

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `one` or `many` after the number, as both languages do it.
pub(super) fn counted(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl Texts {
    /// The BCP 47 code, for `<html lang>`.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// Every text of every area, `area.key` with its value (for the tests).
    pub fn entries(&self) -> Vec<(String, &'static str)> {
        let area = |name: &str, entries: Vec<(&'static str, &'static str)>| {
            entries
                .into_iter()
                .map(|(k, v)| (format!("{name}.{k}"), v))
                .collect::<Vec<_>>()
        };
        let mut all = area("frame", self.frame.entries());
        all.extend(area("reading", self.reading.entries()));
        all.extend(area("account", self.account.entries()));
        all.extend(area("personal", self.personal.entries()));
        all.extend(area("messages", self.messages.entries()));
        all.extend(area("moderation", self.moderation.entries()));
        all.extend(area("script", self.script.entries()));
        all.extend(area("mail", self.mail.entries()));
        all.extend(area("terminal", self.terminal.entries()));
        all.extend(area("api", self.api.entries()));
        all
    }

    /// The script's texts as a JSON object, for the script element's
    /// `data-teksten` (escaped there like any attribute): made once per language.
    pub fn script_json(&self) -> &'static str {
        static NL_JSON: LazyLock<String> = LazyLock::new(|| NL.build_script_json());
        static EN_JSON: LazyLock<String> = LazyLock::new(|| EN.build_script_json());
        match self.lang {
            Lang::Nl => &NL_JSON,
            Lang::En => &EN_JSON,
        }
    }

    fn build_script_json(&self) -> String {
        let mut map: std::collections::BTreeMap<&str, &str> =
            self.script.entries().into_iter().collect();
        let r = self.reading;
        for (key, value) in [
            ("preview_label", r.preview_label),
            ("preview_intro", r.preview_intro),
            ("your_answer", r.your_answer),
            ("cancel", r.cancel),
            ("no_reactions", r.no_reactions),
            ("yes", r.yes),
            ("share_yes", r.share_ja),
            ("percent", r.percent),
            ("reactions_heading", r.reactions_heading),
            ("waiting", self.frame.waiting),
        ] {
            map.insert(key, value);
        }
        serde_json::to_string(&map).unwrap_or_else(|_| "{}".to_owned())
    }

    /// The name of month `month` (1–12), as in a date.
    pub fn month(&self, month: i8) -> &'static str {
        let i = usize::from(month.unsigned_abs()).saturating_sub(1) % 12;
        match self.lang {
            Lang::Nl => MONTHS_NL[i],
            Lang::En => MONTHS_EN[i],
        }
    }

    /// "3 reacties", "1 reaction".
    pub fn reactions(&self, n: impl Borrow<i64>) -> String {
        let n = *n.borrow();
        match self.lang {
            Lang::Nl => counted(n, "reactie", "reacties"),
            Lang::En => counted(n, "reaction", "reactions"),
        }
    }

    /// "2 lezers waarderen dit".
    pub fn appreciations(&self, n: impl Borrow<i64>) -> String {
        let n = *n.borrow();
        match self.lang {
            Lang::Nl if n == 1 => "1 lezer waardeert dit".to_owned(),
            Lang::Nl => format!("{n} lezers waarderen dit"),
            Lang::En if n == 1 => "1 reader appreciates this".to_owned(),
            Lang::En => format!("{n} readers appreciate this"),
        }
    }

    /// "Pagina 2 van 5".
    pub fn page_of(&self, page: impl Borrow<i64>, pages: impl Borrow<i64>) -> String {
        let (page, pages) = (*page.borrow(), *pages.borrow());
        match self.lang {
            Lang::Nl => format!("Pagina {page} van {pages}"),
            Lang::En => format!("Page {page} of {pages}"),
        }
    }

    /// "3 minuten".
    pub fn minutes(&self, n: impl Borrow<i64>) -> String {
        let n = *n.borrow();
        match self.lang {
            Lang::Nl => counted(n, "minuut", "minuten"),
            Lang::En => counted(n, "minute", "minutes"),
        }
    }

    /// "3 JA · 1 NEE".
    pub fn tally(&self, ja: i64, nee: i64) -> String {
        format!("{ja} {} · {nee} {}", self.reading.yes, self.reading.no)
    }

    /// The confirmation after registering.
    pub fn welcome_new(&self, name: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Welkom, {name}! Je account is aangemaakt en je bent ingelogd."),
            Lang::En => {
                format!("Welcome, {name}! Your account has been created and you are logged in.")
            }
        }
    }

    /// The confirmation after logging in.
    pub fn welcome_back(&self, name: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Je bent ingelogd als {name}."),
            Lang::En => format!("You are logged in as {name}."),
        }
    }

    /// "Je bent het eens met 5 van de 7 redenen." (and how many are still open).
    pub fn stance_summary(&self, agreed: usize, total: usize, open: usize) -> String {
        match self.lang {
            Lang::Nl => {
                let noun = if total == 1 { "reden" } else { "redenen" };
                let rest = match open {
                    0 => String::new(),
                    1 => " Bij 1 reden heb je nog niets gekozen.".to_owned(),
                    n => format!(" Bij {n} redenen heb je nog niets gekozen."),
                };
                format!("Je bent het eens met {agreed} van de {total} {noun}.{rest}")
            }
            Lang::En => {
                let noun = if total == 1 { "reason" } else { "reasons" };
                let rest = match open {
                    0 => String::new(),
                    1 => " You have not chosen on 1 reason yet.".to_owned(),
                    n => format!(" You have not chosen on {n} reasons yet."),
                };
                format!("You agree with {agreed} of the {total} {noun}.{rest}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::sentences::TimeUnit;

    /// Texts that are the same word in both languages.
    const SAME_IN_BOTH: &[&str] = &[
        "frame.account_nav",
        "frame.privacy",
        "frame.contact",
        "reading.log_in",
        "moderation.export",
        "moderation.account",
        "moderation.spam",
        "moderation.open",
        "mail.account_heading",
        "terminal.state_spam",
    ];

    #[test]
    fn both_languages_have_every_key() {
        let nl: Vec<_> = NL.entries().into_iter().map(|(k, _)| k).collect();
        let en: Vec<_> = EN.entries().into_iter().map(|(k, _)| k).collect();
        assert_eq!(nl, en);
        assert!(nl.len() > 100);
    }

    #[test]
    fn no_english_text_is_left_in_dutch() {
        let same: Vec<String> = NL
            .entries()
            .into_iter()
            .zip(EN.entries())
            .filter(|((key, nl), (_, en))| nl == en && !SAME_IN_BOTH.contains(&key.as_str()))
            .map(|((key, _), _)| key)
            .collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }

    #[test]
    fn numbers_read_naturally_in_both_languages() {
        assert_eq!(NL.reactions(1), "1 reactie");
        assert_eq!(EN.reactions(3), "3 reactions");
        assert_eq!(EN.ago(1, TimeUnit::Hour), "1 hour ago");
        assert_eq!(NL.ago(3, TimeUnit::Hour), "3 uur geleden");
        assert_eq!(
            EN.stance_summary(5, 7, 1),
            "You agree with 5 of the 7 reasons. You have not chosen on 1 reason yet."
        );
        assert_eq!(EN.month(11), "November");
    }
}
