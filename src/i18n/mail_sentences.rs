//! The mails' sentences with names and numbers: one branch per language,
//! since word order differs.

use super::lang::Lang;
use super::texts::Texts;
use crate::mail::sending::Failure;

impl Texts {
    /// Why a mail did not arrive, for the author's page of failed mail.
    pub fn mail_failure(&self, failure: &Failure) -> String {
        let with_reply = |sentence: String, reply: &str| {
            if reply.is_empty() {
                sentence
            } else {
                format!("{sentence}: {reply}")
            }
        };
        match (self.lang, failure) {
            (Lang::Nl, Failure::Refused(code, reply)) => {
                with_reply(format!("geweigerd door de mailserver ({code})"), reply)
            }
            (Lang::En, Failure::Refused(code, reply)) => {
                with_reply(format!("refused by the mail server ({code})"), reply)
            }
            (Lang::Nl, Failure::Temporary(code, reply)) => {
                with_reply(format!("tijdelijk geweigerd ({code})"), reply)
            }
            (Lang::En, Failure::Temporary(code, reply)) => {
                with_reply(format!("temporarily refused ({code})"), reply)
            }
            (Lang::Nl, Failure::Unreachable(server)) => {
                format!("mailserver {server} niet bereikbaar")
            }
            (Lang::En, Failure::Unreachable(server)) => {
                format!("mail server {server} not reachable")
            }
            (Lang::Nl, Failure::Compose) => "kon niet worden opgesteld".to_owned(),
            (Lang::En, Failure::Compose) => "could not be composed".to_owned(),
        }
    }

    /// The subject of the confirmation mail.
    pub fn mail_confirm_subject(&self, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Bevestig je e-mailadres voor {site}"),
            Lang::En => format!("Confirm your e-mail address for {site}"),
        }
    }

    /// Who asked for the confirmation mail.
    pub fn mail_confirm_intro(&self, username: &str, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Iemand (hopelijk jij) wil dit adres gebruiken voor het account {username} op {site}."
            ),
            Lang::En => format!(
                "Someone (hopefully you) wants to use this address for the account {username} on {site}."
            ),
        }
    }

    /// Why the confirmation mail came.
    pub fn mail_confirm_footer(&self, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Deze mail komt van {site}, omdat dit adres op de accountpagina werd ingevuld."
            ),
            Lang::En => format!(
                "This e-mail comes from {site}, because this address was entered on the account page."
            ),
        }
    }

    /// The subject of the mail to an address no longer used.
    pub fn mail_changed_subject(&self, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Je e-mailadres bij {site} is gewijzigd"),
            Lang::En => format!("Your e-mail address at {site} has changed"),
        }
    }

    /// What changed.
    pub fn mail_changed_intro(&self, username: &str, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Het account {username} op {site} gebruikt voortaan een ander e-mailadres. Naar dit adres sturen we niets meer."
            ),
            Lang::En => format!(
                "The account {username} on {site} now uses another e-mail address. We send nothing more to this address."
            ),
        }
    }

    /// Why the changed mail came.
    pub fn mail_changed_footer(&self, site: &str) -> String {
        match self.lang {
            Lang::Nl => {
                format!("Deze mail komt van {site}, omdat dit adres bij het account hoorde.")
            }
            Lang::En => format!(
                "This e-mail comes from {site}, because this address belonged to the account."
            ),
        }
    }

    /// The subject of the reset mail.
    pub fn mail_reset_subject(&self, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Nieuw wachtwoord voor {site}"),
            Lang::En => format!("New password for {site}"),
        }
    }

    /// Who asked for the reset mail.
    pub fn mail_reset_intro(&self, username: &str, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Iemand (hopelijk jij) vroeg een nieuw wachtwoord voor het account {username} op {site}."
            ),
            Lang::En => format!(
                "Someone (hopefully you) asked for a new password for the account {username} on {site}."
            ),
        }
    }

    /// Why the reset mail came.
    pub fn mail_reset_footer(&self, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Deze mail komt van {site}, omdat op de inlogpagina om een nieuw wachtwoord is gevraagd."
            ),
            Lang::En => format!(
                "This e-mail comes from {site}, because a new password was asked for on the login page."
            ),
        }
    }

    /// Subject and opening line of a reply mail: one reply by `writer`, or `n`.
    pub fn mail_replies(&self, writer: Option<&str>, n: usize, title: &str) -> (String, String) {
        match (self.lang, writer) {
            (Lang::Nl, Some(w)) => (
                format!("{w} reageerde op je reactie bij “{title}”"),
                format!("{w} reageerde op je reactie bij “{title}”:"),
            ),
            (Lang::Nl, None) => (
                format!("{n} nieuwe antwoorden op je reactie bij “{title}”"),
                format!("Er kwamen {n} antwoorden op je reactie bij “{title}”:"),
            ),
            (Lang::En, Some(w)) => (
                format!("{w} replied to your reaction on “{title}”"),
                format!("{w} replied to your reaction on “{title}”:"),
            ),
            (Lang::En, None) => (
                format!("{n} new replies to your reaction on “{title}”"),
                format!("There were {n} replies to your reaction on “{title}”:"),
            ),
        }
    }

    /// Why a reply mail came (the unsubscribe link follows).
    pub fn mail_replies_footer(&self, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!(
                "Je krijgt deze mail omdat je op {site} koos voor mail bij antwoorden (hooguit één per gesprek per uur). Afmelden kan met één klik, zonder in te loggen:"
            ),
            Lang::En => format!(
                "You receive this e-mail because you chose e-mail on replies on {site} (at most one per conversation per hour). You can unsubscribe with one click, without logging in:"
            ),
        }
    }

    /// The heading of an alert item: `detail` is `held`, `edit` or `report`.
    pub fn mail_alert_heading(&self, detail: &str, writer: &str, title: &str) -> String {
        match (self.lang, detail) {
            (Lang::Nl, "held") => format!("Wacht op goedkeuring: {writer} bij “{title}”"),
            (Lang::Nl, "edit") => {
                format!("Wijziging wacht op goedkeuring: {writer} bij “{title}”")
            }
            (Lang::Nl, _) => format!("Gemeld: {writer} bij “{title}”"),
            (Lang::En, "held") => format!("Awaiting approval: {writer} on “{title}”"),
            (Lang::En, "edit") => format!("Edit awaiting approval: {writer} on “{title}”"),
            (Lang::En, _) => format!("Reported: {writer} on “{title}”"),
        }
    }

    /// The subject of an alert digest.
    pub fn mail_alerts_subject(&self, n: usize, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!("{n} meldingen uit de wachtrij van {site}"),
            Lang::En => format!("{n} notices from the queue of {site}"),
        }
    }

    /// The opening line of an alert mail.
    pub fn mail_alerts_intro(&self, site: &str) -> String {
        match self.lang {
            Lang::Nl => format!("Nieuw in de wachtrij van {site}:"),
            Lang::En => format!("New in the queue of {site}:"),
        }
    }

    /// Which kind of mail failed, for the author.
    pub fn mail_kind_name(&self, kind: &str) -> &'static str {
        let m = self.mail;
        match kind {
            "confirm" => m.kind_confirm,
            "changed" => m.kind_changed,
            "reply" => m.kind_reply,
            "alert" => m.kind_alert,
            "reset" => m.kind_reset,
            _ => m.kind_other,
        }
    }
}
