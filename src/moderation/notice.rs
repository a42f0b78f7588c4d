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
    let t = crate::i18n::t().moderation;
    Some(match code {
        "goedgekeurd" => t.did_approve,
        "afgewezen" => t.did_reject,
        "spam" => t.did_spam,
        "verwijderd" => t.did_delete,
        "verborgen" => t.did_hide,
        "vastgepind" => t.did_pin,
        "losgemaakt" => t.did_unpin,
        "vergrendeld" => t.did_lock,
        "ontgrendeld" => t.did_unlock,
        "bewerkt" => t.did_edit,
        "bewerking-goedgekeurd" => t.did_approve_edit,
        "bewerking-afgewezen" => t.did_reject_edit,
        "bewerking-wacht" => crate::i18n::t().messages.edit_waits,
        "al-gedaan" => t.already_done,
        "verouderd" => t.stale,
        "bulk-goedgekeurd" => t.bulk_approved,
        "bulk-afgewezen" => t.bulk_rejected,
        "niets-gekozen" => t.nothing_chosen,
        "geblokkeerd" => t.did_block,
        "gedeblokkeerd" => t.did_unblock,
        "schaduwban" => t.did_shadowban,
        "schaduwban-opgeheven" => t.did_lift_shadowban,
        "vertrouwd" => t.did_trust,
        "vertrouwen-ingetrokken" => t.did_distrust,
        "instellingen" => t.did_settings,
        "site" => t.did_site,
        "feed-vernieuwd" => t.did_renew_feed,
        "geopend" => t.did_open,
        "gesloten" => t.did_close,
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
