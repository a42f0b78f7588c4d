//! The texts with numbers and names in them: whole sentences per language,
//! since word order and plurals differ.

use super::lang::Lang;
use super::texts::{Texts, counted};

impl Texts {
    /// The author's menu link to mails that did not arrive.
    pub fn mails_not_delivered(&self, n: &i64) -> String {
        match self.lang {
            Lang::Nl => format!("Mail ({n} niet aangekomen)"),
            Lang::En => format!("E-mail ({n} not delivered)"),
        }
    }

    /// How long ago, in whole units: "5 minuten geleden", "5 minutes ago".
    pub fn ago(&self, n: i64, unit: TimeUnit) -> String {
        let (one, many) = match (self.lang, unit) {
            (Lang::Nl, TimeUnit::Minute) => ("minuut", "minuten"),
            (Lang::Nl, TimeUnit::Hour) => ("uur", "uur"),
            (Lang::Nl, TimeUnit::Day) => ("dag", "dagen"),
            (Lang::Nl, TimeUnit::Week) => ("week", "weken"),
            (Lang::Nl, TimeUnit::Month) => ("maand", "maanden"),
            (Lang::Nl, TimeUnit::Year) => ("jaar", "jaar"),
            (Lang::En, TimeUnit::Minute) => ("minute", "minutes"),
            (Lang::En, TimeUnit::Hour) => ("hour", "hours"),
            (Lang::En, TimeUnit::Day) => ("day", "days"),
            (Lang::En, TimeUnit::Week) => ("week", "weeks"),
            (Lang::En, TimeUnit::Month) => ("month", "months"),
            (Lang::En, TimeUnit::Year) => ("year", "years"),
        };
        let amount = counted(n, one, many);
        match self.lang {
            Lang::Nl => format!("{amount} geleden"),
            Lang::En => format!("{amount} ago"),
        }
    }

    /// "7 minuten": a wait, rounded up to whole minutes.
    pub fn wait_minutes(&self, seconds: u64) -> String {
        let n = seconds.div_ceil(60).max(1);
        self.minutes(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// A rate limit's refusal.
    pub fn too_many(&self, action: LimitAction, wait: &str) -> String {
        match (self.lang, action) {
            (Lang::Nl, LimitAction::Post) => format!(
                "Je plaatst nu wel heel veel reacties achter elkaar. Probeer het over {wait} opnieuw."
            ),
            (Lang::Nl, LimitAction::Register) => format!(
                "Er zijn vanaf dit adres te veel accounts aangemaakt. Probeer het over {wait} opnieuw."
            ),
            (Lang::Nl, LimitAction::Login) => {
                format!("Te veel inlogpogingen vanaf dit adres. Probeer het over {wait} opnieuw.")
            }
            (Lang::Nl, LimitAction::Report) => format!(
                "Je hebt de afgelopen tijd veel reacties gemeld. Probeer het over {wait} opnieuw; de auteur bekijkt je meldingen."
            ),
            (Lang::Nl, LimitAction::Preview) => format!(
                "Je vraagt wel heel vaak een voorbeeld op. Probeer het over {wait} opnieuw."
            ),
            (Lang::En, LimitAction::Post) => format!(
                "You are posting a great many reactions in a row. Please try again in {wait}."
            ),
            (Lang::En, LimitAction::Register) => format!(
                "Too many accounts have been created from this address. Please try again in {wait}."
            ),
            (Lang::En, LimitAction::Login) => {
                format!("Too many login attempts from this address. Please try again in {wait}.")
            }
            (Lang::En, LimitAction::Report) => format!(
                "You have reported many reactions lately. Please try again in {wait}; the author reads your reports."
            ),
            (Lang::En, LimitAction::Preview) => {
                format!("You are asking for a preview very often. Please try again in {wait}.")
            }
            (Lang::Nl, LimitAction::Reset) => format!(
                "Er is de afgelopen tijd al vaak om een nieuw wachtwoord gevraagd. Probeer het over {wait} opnieuw."
            ),
            (Lang::En, LimitAction::Reset) => format!(
                "A new password has been asked for often lately. Please try again in {wait}."
            ),
        }
    }

    /// Too many wrong passwords for one account.
    pub fn wrong_passwords(&self, allowed: i64, minutes: i64) -> String {
        let wait = self.minutes(minutes);
        match self.lang {
            Lang::Nl => format!(
                "Er is {allowed} keer een verkeerd wachtwoord gegeven voor dit account. Probeer het over {wait} opnieuw."
            ),
            Lang::En => format!(
                "A wrong password was given {allowed} times for this account. Please try again in {wait}."
            ),
        }
    }

    /// What a banned reader is told; `until` is a written date, `reason` may be empty.
    pub fn banned(&self, until: Option<&str>, reason: &str) -> String {
        match self.lang {
            Lang::Nl => {
                let period = until.map_or_else(String::new, |u| format!(" tot {u}"));
                let reason = if reason.is_empty() {
                    String::new()
                } else {
                    format!(" Reden: {reason}")
                };
                format!(
                    "De auteur heeft je geblokkeerd{period}: je kunt niet reageren, bewerken of melden.{reason}"
                )
            }
            Lang::En => {
                let period = until.map_or_else(String::new, |u| format!(" until {u}"));
                let reason = if reason.is_empty() {
                    String::new()
                } else {
                    format!(" Reason: {reason}")
                };
                format!(
                    "The author has blocked you{period}: you cannot react, edit or report.{reason}"
                )
            }
        }
    }

    /// A reaction over the length limit.
    pub fn too_long(&self, length: usize) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Je reactie is {length} tekens lang; het maximum is 5.000. Maak hem wat korter."
            ),
            Lang::En => format!(
                "Your reaction is {length} characters long; the maximum is 5,000. Please make it a little shorter."
            ),
        }
    }

    /// One line under "Voor jou".
    pub fn notification(&self, n: &Notification<'_>) -> String {
        let a = n.article;
        match (self.lang, n.kind) {
            (Lang::Nl, NoteKind::Reply) => {
                format!("{} reageerde op je reactie bij “{a}”.", n.writer)
            }
            (Lang::Nl, NoteKind::Approved) => format!("Je reactie bij “{a}” is geplaatst."),
            (Lang::Nl, NoteKind::Rejected) => format!("Je reactie bij “{a}” is niet geplaatst."),
            (Lang::Nl, NoteKind::Appreciated) if n.count == 1 => {
                format!("1 lezer waardeerde je reactie bij “{a}”.")
            }
            (Lang::Nl, NoteKind::Appreciated) => {
                format!("{} lezers waardeerden je reactie bij “{a}”.", n.count)
            }
            (Lang::Nl, NoteKind::New) => format!("Nieuwe reactie van {} bij “{a}”.", n.writer),
            (Lang::Nl, NoteKind::Report) => {
                format!("De reactie van {} bij “{a}” is gemeld.", n.writer)
            }
            (Lang::Nl, NoteKind::Reason) => {
                let about = n
                    .reason
                    .map_or_else(String::new, |r| format!(" over reden {r}"));
                format!(
                    "{} reageerde{about} bij “{a}”, een reden waar je JA of NEE op zei.",
                    n.writer
                )
            }
            (Lang::En, NoteKind::Reply) => {
                format!("{} replied to your reaction on “{a}”.", n.writer)
            }
            (Lang::En, NoteKind::Approved) => format!("Your reaction on “{a}” has been published."),
            (Lang::En, NoteKind::Rejected) => {
                format!("Your reaction on “{a}” has not been published.")
            }
            (Lang::En, NoteKind::Appreciated) if n.count == 1 => {
                format!("1 reader appreciated your reaction on “{a}”.")
            }
            (Lang::En, NoteKind::Appreciated) => {
                format!("{} readers appreciated your reaction on “{a}”.", n.count)
            }
            (Lang::En, NoteKind::New) => format!("New reaction by {} on “{a}”.", n.writer),
            (Lang::En, NoteKind::Report) => {
                format!("The reaction by {} on “{a}” has been reported.", n.writer)
            }
            (Lang::En, NoteKind::Reason) => {
                let about = n
                    .reason
                    .map_or_else(String::new, |r| format!(" about reason {r}"));
                format!(
                    "{} reacted{about} on “{a}”, a reason you said YES or NO to.",
                    n.writer
                )
            }
        }
    }
}

impl Texts {
    /// A settings field that needs a whole number in a range.
    pub fn whole_number(&self, label: &str, min: i64, max: i64) -> String {
        match self.lang {
            Lang::Nl => format!("{label}: vul een geheel getal van {min} tot en met {max} in."),
            Lang::En => format!("{label}: fill in a whole number from {min} to {max}."),
        }
    }

    /// A word list over its length limit.
    pub fn list_too_long(&self, label: &str) -> String {
        match self.lang {
            Lang::Nl => format!("{label}: hoogstens 10.000 tekens."),
            Lang::En => format!("{label}: at most 10,000 characters."),
        }
    }

    /// Why a reaction was held, as stored (in Dutch, when it was held), said
    /// in this language: the stored forms are the few `policy::rules` writes.
    pub fn held_reason(&self, stored: &str) -> String {
        if self.lang == Lang::Nl {
            return stored.to_owned();
        }
        if stored == "alles wordt eerst bekeken" {
            return "everything is reviewed first".to_owned();
        }
        if stored == "eerste reactie van dit account" {
            return "this account's first reaction".to_owned();
        }
        if stored == "1 melding" {
            return "1 report".to_owned();
        }
        if let Some(n) = stored.strip_suffix(" meldingen") {
            return format!("{n} reports");
        }
        if let Some(n) = stored.strip_suffix(" links") {
            return format!("{n} links");
        }
        if let Some(word) = stored.strip_prefix("bevat ") {
            return format!("contains {word}");
        }
        if let Some(hours) = stored
            .strip_prefix("account jonger dan ")
            .and_then(|r| r.strip_suffix(" uur"))
        {
            return format!("account younger than {hours} hours");
        }
        stored.to_owned()
    }

    /// An audit log action, stored as a Dutch code, in this language.
    pub fn audit_action(&self, code: &str) -> String {
        if self.lang == Lang::Nl {
            return code.to_owned();
        }
        let english = match code {
            "goedgekeurd" => "approved",
            "afgewezen" => "rejected",
            "spam" => "marked as spam",
            "verwijderd" => "deleted",
            "verborgen" => "hidden",
            "vastgepind" => "pinned",
            "losgemaakt" => "unpinned",
            "vergrendeld" => "thread closed",
            "ontgrendeld" => "thread opened",
            "bewerkt" => "edited",
            "bewerking-goedgekeurd" => "change approved",
            "bewerking-afgewezen" => "change rejected",
            "geblokkeerd" => "blocked",
            "gedeblokkeerd" => "block lifted",
            "schaduwban" => "shadowbanned",
            "schaduwban-opgeheven" => "shadowban lifted",
            "vertrouwd" => "trusted",
            "vertrouwen-ingetrokken" => "no longer trusted",
            "verborgen-na-meldingen" => "hidden after reports",
            "instellingen" => "settings changed",
            "artikel-gesloten" => "article closed",
            "artikel-geopend" => "article opened",
            "feed-vernieuwd" => "feed address renewed",
            "site" => "site details changed",
            other => other,
        };
        english.to_owned()
    }

    /// A feed's title: "Reacties op Olaf Rutten".
    pub fn reactions_on(&self, what: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Reacties op {what}"),
            Lang::En => format!("Reactions to {what}"),
        }
    }

    /// A reaction's title in a feed: "Anna over “Zeven redenen”".
    pub fn reaction_on(&self, writer: &str, title: &str) -> String {
        match self.lang {
            Lang::Nl => format!("{writer} over “{title}”"),
            Lang::En => format!("{writer} on “{title}”"),
        }
    }

    /// A field of the site's identity over its length limit.
    pub fn at_most_chars(&self, label: &str, max: usize) -> String {
        match self.lang {
            Lang::Nl => format!("{label} mag hoogstens {max} tekens lang zijn."),
            Lang::En => format!("{label} may be at most {max} characters long."),
        }
    }
}

/// An action with a rate limit.
#[derive(Debug, Clone, Copy)]
pub enum LimitAction {
    Post,
    Register,
    Login,
    Report,
    Preview,
    Reset,
}

/// The kinds of notification.
#[derive(Debug, Clone, Copy)]
pub enum NoteKind {
    Reply,
    Approved,
    Rejected,
    Appreciated,
    New,
    Report,
    Reason,
}

/// What a notification's sentence needs.
#[derive(Debug)]
pub struct Notification<'a> {
    pub kind: NoteKind,
    pub article: &'a str,
    pub writer: &'a str,
    /// Readers who appreciated (for `Appreciated`).
    pub count: i64,
    /// The reason a reaction is about (for `Reason`).
    pub reason: Option<i64>,
}

/// A unit of relative time.
#[derive(Debug, Clone, Copy)]
pub enum TimeUnit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Texts {
    /// A `limit` outside what the JSON API gives.
    pub fn api_bad_limit(&self, max: i64) -> String {
        match self.lang {
            Lang::Nl => format!("limit moet een geheel getal van 1 tot en met {max} zijn."),
            Lang::En => format!("limit must be a whole number from 1 to {max}."),
        }
    }
}
