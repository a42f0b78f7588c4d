//! The author's policy: whether a new reaction (or an edit) is published, held
//! for review, shadowed or refused. Pure rules over plain data, so they are
//! unit-tested here.

use super::{links, words};

/// How new reactions are treated before anyone looks at them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Premoderation {
    /// Publish immediately.
    None,
    /// Hold each account's reactions until one of them has been approved.
    FirstReaction,
    /// Hold everything.
    All,
}

impl Premoderation {
    /// From the database column; unknown values fall back to the careful default.
    pub fn from_db(value: &str) -> Self {
        match value {
            "none" => Self::None,
            "all" => Self::All,
            _ => Self::FirstReaction,
        }
    }

    /// The database value.
    pub fn as_db(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::FirstReaction => "first",
            Self::All => "all",
        }
    }
}

/// The author's settings, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub premoderation: Premoderation,
    pub guests_allowed: bool,
    /// Hold a reaction with at least this many links; 0 switches the rule off.
    pub hold_min_links: i64,
    /// Hold reactions from accounts younger than this; 0 switches the rule off.
    pub hold_account_hours: i64,
    pub hold_words: String,
    pub block_words: String,
    /// Close an article's reactions this many days after publication; `None`: never.
    pub auto_close_days: Option<i64>,
    /// Distinct reports that take a reaction down until the author decides.
    pub report_threshold: i64,
    pub feed_token: String,
}

/// Who is writing, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    Author,
    /// A reader with an account.
    Reader {
        trusted: bool,
        shadowbanned: bool,
        approved_count: i64,
        account_age_secs: i64,
    },
    Guest,
}

/// What happens to a new reaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Publish,
    /// Held for the author, with the reason shown in the queue.
    Hold(String),
    /// Looks published to its writer, invisible to everyone else.
    Shadow,
    /// Refused with a neutral message; nothing is stored.
    Block,
}

/// Decides what happens to a new reaction or an edit: `body` is its Markdown,
/// `html` what that renders to (links are counted there, as readers meet them).
pub fn decide(settings: &Settings, writer: Writer, body: &str, html: &str) -> Decision {
    if writer == Writer::Author {
        return Decision::Publish;
    }
    if words::find_listed(body, &settings.block_words).is_some() {
        return Decision::Block;
    }
    let (trusted, approved_count, account_age_secs) = match writer {
        Writer::Guest => return Decision::Hold("gastreactie".into()),
        Writer::Reader {
            shadowbanned: true, ..
        } => return Decision::Shadow,
        Writer::Reader {
            trusted,
            approved_count,
            account_age_secs,
            ..
        } => (trusted, approved_count, account_age_secs),
        Writer::Author => return Decision::Publish,
    };
    if trusted {
        return Decision::Publish;
    }
    match settings.premoderation {
        Premoderation::All => return Decision::Hold("alles wordt eerst bekeken".into()),
        Premoderation::FirstReaction if approved_count == 0 => {
            return Decision::Hold("eerste reactie van dit account".into());
        }
        _ => {}
    }
    let links = links::count_in_html(html);
    if settings.hold_min_links > 0 && links >= settings.hold_min_links {
        return Decision::Hold(format!("{links} links"));
    }
    if let Some(word) = words::find_listed(body, &settings.hold_words) {
        return Decision::Hold(format!("bevat “{word}”"));
    }
    if settings.hold_account_hours > 0 && account_age_secs < settings.hold_account_hours * 3600 {
        return Decision::Hold(format!(
            "account jonger dan {} uur",
            settings.hold_account_hours
        ));
    }
    Decision::Publish
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::markdown::render;

    /// The rules as posting applies them: on the text and its rendered HTML.
    fn decide(settings: &Settings, writer: Writer, body: &str) -> Decision {
        super::decide(settings, writer, body, &render(body))
    }

    fn count_links(body: &str) -> i64 {
        links::count_in_html(&render(body))
    }

    fn settings() -> Settings {
        Settings {
            premoderation: Premoderation::None,
            guests_allowed: false,
            hold_min_links: 2,
            hold_account_hours: 0,
            hold_words: String::new(),
            block_words: String::new(),
            auto_close_days: None,
            report_threshold: 3,
            feed_token: "t".into(),
        }
    }

    fn reader(approved_count: i64) -> Writer {
        Writer::Reader {
            trusted: false,
            shadowbanned: false,
            approved_count,
            account_age_secs: 10 * 24 * 3600,
        }
    }

    #[test]
    fn each_premoderation_mode() {
        let mut s = settings();
        assert_eq!(decide(&s, reader(0), "hoi"), Decision::Publish);
        s.premoderation = Premoderation::FirstReaction;
        assert!(matches!(decide(&s, reader(0), "hoi"), Decision::Hold(_)));
        assert_eq!(decide(&s, reader(1), "hoi"), Decision::Publish);
        s.premoderation = Premoderation::All;
        assert!(matches!(decide(&s, reader(5), "hoi"), Decision::Hold(_)));
        assert_eq!(decide(&s, Writer::Author, "hoi"), Decision::Publish);
    }

    #[test]
    fn links_are_counted_however_they_are_written() {
        assert_eq!(count_links("geen links"), 0);
        assert_eq!(
            count_links("[a](https://a.nl) en <http://b.nl> en www.c.nl"),
            3
        );
        let s = settings();
        assert_eq!(decide(&s, reader(1), "zie https://a.nl"), Decision::Publish);
        assert_eq!(
            decide(&s, reader(1), "zie https://a.nl en https://b.nl"),
            Decision::Hold("2 links".into())
        );
        let mut off = settings();
        off.hold_min_links = 0;
        assert_eq!(
            decide(&off, reader(1), "https://a.nl https://b.nl"),
            Decision::Publish
        );
    }

    #[test]
    fn hold_and_block_words_match_whole_words_case_insensitively() {
        let mut s = settings();
        s.hold_words = "casino\ngratis geld".into();
        s.block_words = "sex".into();
        assert!(matches!(
            decide(&s, reader(1), "Naar het CASINO!"),
            Decision::Hold(_)
        ));
        assert!(matches!(
            decide(&s, reader(1), "Wil je Gratis  geld? gratis geld!"),
            Decision::Hold(_)
        ));
        assert_eq!(decide(&s, reader(1), "Ik woon in Essex"), Decision::Publish);
        assert_eq!(decide(&s, reader(1), "SEX"), Decision::Block);
        assert_eq!(decide(&s, Writer::Guest, "sex"), Decision::Block);
    }

    #[test]
    fn the_evasions_from_the_review_are_held_or_refused() {
        let s = settings();
        // Links spelled with entities become real links and count.
        assert_eq!(
            decide(
                &s,
                reader(1),
                "[x](https&#58;//a.nl) en [y](https&#58;//b.nl)"
            ),
            Decision::Hold("2 links".into())
        );
        assert_eq!(
            decide(
                &s,
                reader(1),
                "[x](javascript:alert(1)) [y](data:text/html,x)"
            ),
            Decision::Publish,
            "links the sanitiser removed are not links"
        );
        let mut words = settings();
        words.hold_words = "casino".into();
        words.block_words = "goedkope pillen".into();
        for body in ["cas\u{200B}ino", "c\u{0430}sino", "cas\u{AD}ino", "CASINO"] {
            assert_eq!(
                decide(&words, reader(1), body),
                Decision::Hold("bevat “casino”".into()),
                "{body:?}"
            );
        }
        for body in [
            "Goedkope  pillen",
            "goedkope\u{200B} pillen",
            "g\u{043E}edkope pillen",
        ] {
            assert_eq!(decide(&words, reader(1), body), Decision::Block, "{body:?}");
        }
    }

    #[test]
    fn young_accounts_are_held_when_the_rule_is_on() {
        let mut s = settings();
        s.hold_account_hours = 24;
        let young = Writer::Reader {
            trusted: false,
            shadowbanned: false,
            approved_count: 3,
            account_age_secs: 3600,
        };
        assert!(matches!(decide(&s, young, "hoi"), Decision::Hold(_)));
        assert_eq!(decide(&s, reader(3), "hoi"), Decision::Publish);
    }

    #[test]
    fn trusted_readers_skip_premoderation_shadowbanned_are_shadowed_guests_are_held() {
        let mut s = settings();
        s.premoderation = Premoderation::All;
        let trusted = Writer::Reader {
            trusted: true,
            shadowbanned: false,
            approved_count: 0,
            account_age_secs: 0,
        };
        assert_eq!(
            decide(&s, trusted, "https://a.nl https://b.nl"),
            Decision::Publish
        );
        let shadowed = Writer::Reader {
            trusted: false,
            shadowbanned: true,
            approved_count: 9,
            account_age_secs: 0,
        };
        assert_eq!(decide(&s, shadowed, "hoi"), Decision::Shadow);
        s.premoderation = Premoderation::None;
        assert!(matches!(
            decide(&s, Writer::Guest, "hoi"),
            Decision::Hold(_)
        ));
    }
}
