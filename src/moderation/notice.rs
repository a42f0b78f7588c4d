//! The confirmations shown after the author's actions (and a reader's report),
//! carried through a redirect as `?melding=<code>`.

use serde::Deserialize;

use crate::http::redirect::safe_back;

/// `?melding=` after an action.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeQuery {
    pub melding: String,
}

impl NoticeQuery {
    /// The confirmation this query asks for, if any.
    pub fn notice(&self) -> Option<&'static str> {
        notice(&self.melding)
    }
}

/// The message shown after a redirect with `?melding=<code>`.
pub fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "goedgekeurd" => "De reactie is goedgekeurd.",
        "afgewezen" => "De reactie is afgewezen.",
        "spam" => "De reactie is als spam gemarkeerd.",
        "verwijderd" => "De reactie is verwijderd.",
        "verborgen" => "De reactie is verborgen. Alleen jij ziet haar nog.",
        "vastgepind" => "De reactie staat nu bovenaan.",
        "losgemaakt" => "De reactie staat niet meer bovenaan.",
        "vergrendeld" => "Onder deze reactie kan niemand meer reageren.",
        "ontgrendeld" => "Onder deze reactie kan weer gereageerd worden.",
        "bewerkt" => "De reactie is bijgewerkt; het origineel staat in haar geschiedenis.",
        "bewerking-goedgekeurd" => {
            "De wijziging is goedgekeurd en staat online; de vorige tekst staat in de geschiedenis."
        }
        "bewerking-afgewezen" => "De wijziging is afgewezen; de vorige tekst blijft staan.",
        "bewerking-wacht" => crate::i18n::t().messages.edit_waits,
        "al-gedaan" => "Dat was al gebeurd; er is niets veranderd.",
        "verouderd" => {
            "Deze reactie of lezer is intussen veranderd; de actie is niet uitgevoerd. Bekijk de actuele stand."
        }
        "bulk-goedgekeurd" => "De gekozen reacties zijn goedgekeurd.",
        "bulk-afgewezen" => "De gekozen reacties zijn afgewezen.",
        "niets-gekozen" => "Kies eerst een of meer reacties met de vakjes.",
        "geblokkeerd" => "De lezer is geblokkeerd.",
        "gedeblokkeerd" => "De blokkade is opgeheven.",
        "schaduwban" => {
            "De lezer heeft nu een schaduwban: nieuwe reacties ziet alleen de lezer zelf."
        }
        "schaduwban-opgeheven" => "De schaduwban is opgeheven.",
        "vertrouwd" => "De lezer wordt vertrouwd: reacties verschijnen zonder voormoderatie.",
        "vertrouwen-ingetrokken" => "De lezer wordt niet langer vertrouwd.",
        "instellingen" => "De instellingen zijn opgeslagen.",
        "site" => "De gegevens van de site zijn opgeslagen.",
        "feed-vernieuwd" => "Er is een nieuw feedadres; het oude werkt niet meer.",
        "geopend" => "De reacties bij dit artikel zijn open.",
        "gesloten" => "De reacties bij dit artikel zijn gesloten.",
        "gemeld" => crate::i18n::t().messages.reported,
        "al-gemeld" => crate::i18n::t().messages.already_reported,
        _ => return None,
    })
}

/// Where to go after an action: a local path from the form, or the queue.
pub fn back_to(terug: &str, code: &str, anchor: Option<i64>) -> String {
    let anchor = anchor.map(|id| format!("reactie-{id}")).unwrap_or_default();
    back_to_anchor(terug, code, &anchor)
}

/// Where to go after an action, ending at `#anchor` (none when empty).
pub fn back_to_anchor(terug: &str, code: &str, anchor: &str) -> String {
    let path = safe_back(terug);
    let path = if path == "/" { "/moderatie" } else { path };
    let separator = if path.contains('?') { '&' } else { '?' };
    // On the article the notice belongs beside the reaction the page lands at.
    let at = anchor
        .strip_prefix("reactie-")
        .map(|id| format!("&bij={id}"))
        .unwrap_or_default();
    let anchor = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    format!("{path}{separator}melding={code}{at}{anchor}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_to_stays_local_and_carries_the_message() {
        assert_eq!(
            back_to("/moderatie", "goedgekeurd", None),
            "/moderatie?melding=goedgekeurd"
        );
        assert_eq!(
            back_to("/een-stuk", "verborgen", Some(4)),
            "/een-stuk?melding=verborgen&bij=4#reactie-4"
        );
        assert_eq!(
            back_to("https://kwaad.example", "x", None),
            "/moderatie?melding=x"
        );
    }

    #[test]
    fn every_outcome_code_has_a_message() {
        for code in [
            "goedgekeurd",
            "afgewezen",
            "spam",
            "verwijderd",
            "verborgen",
            "vastgepind",
            "losgemaakt",
            "vergrendeld",
            "ontgrendeld",
            "bewerkt",
            "bewerking-goedgekeurd",
            "bewerking-afgewezen",
            "bewerking-wacht",
            "al-gedaan",
            "verouderd",
            "geblokkeerd",
            "gedeblokkeerd",
            "schaduwban",
            "schaduwban-opgeheven",
            "vertrouwd",
            "vertrouwen-ingetrokken",
        ] {
            assert!(notice(code).is_some(), "{code}");
        }
    }
}
