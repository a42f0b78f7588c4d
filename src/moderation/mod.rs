//! Moderation: the author's policy, the queue of held and reported reactions,
//! actions on reactions and readers, reports by readers, the audit log and the
//! private Atom feed of waiting items. Every page here needs the author role.

pub mod actions;
mod audit;
pub mod cached;
mod feed;
pub mod policy;
pub mod queries;
mod queue;
mod readers;
mod reports;
mod settings;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post};

use crate::accounts::CurrentUser;
use crate::app::AppState;
use crate::error::AppError;

/// Routes for the author and for readers' reports.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/moderatie", get(queue::show_queue))
        .route("/moderatie/bulk", post(queue::bulk_action))
        .route(
            "/moderatie/reacties/{id}/bewerken",
            get(queue::edit_form).post(queue::edit_reaction),
        )
        .route(
            "/moderatie/reacties/{id}/{action}",
            post(queue::act_on_reaction),
        )
        .route("/moderatie/lezers", get(readers::show_readers))
        .route(
            "/moderatie/lezers/{id}/{action}",
            post(readers::act_on_reader),
        )
        .route(
            "/moderatie/instellingen",
            get(settings::show_settings).post(settings::save_settings),
        )
        .route(
            "/moderatie/artikelen/{slug}",
            post(settings::open_or_close_article),
        )
        .route(
            "/moderatie/feed/vernieuwen",
            post(settings::renew_feed_token),
        )
        .route("/moderatie/logboek", get(audit::show_audit_log))
        .route("/moderatie/feed/{token}", get(feed::waiting_feed))
        .route(
            "/reacties/{id}/melden",
            get(reports::report_form).post(reports::report_reaction),
        )
}

/// The logged-in author. Anonymous visitors go to the login page; anyone else gets 403.
pub struct Author(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Author {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if user.is_author() {
            Ok(Self(user))
        } else {
            Err(AppError::Forbidden(
                "Deze pagina is alleen voor de auteur van deze site.".into(),
            ))
        }
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
        "feed-vernieuwd" => "Er is een nieuw feedadres; het oude werkt niet meer.",
        "geopend" => "De reacties bij dit artikel zijn open.",
        "gesloten" => "De reacties bij dit artikel zijn gesloten.",
        "gemeld" => "Bedankt. Je melding is doorgegeven aan de auteur.",
        "al-gemeld" => "Je had deze reactie al gemeld.",
        _ => return None,
    })
}

/// Where to go after an action: a local path from the form, or the queue.
fn back_to(terug: &str, code: &str, anchor: Option<i64>) -> String {
    let path = crate::accounts::safe_back(terug);
    let path = if path == "/" { "/moderatie" } else { path };
    let separator = if path.contains('?') { '&' } else { '?' };
    let anchor = anchor
        .map(|id| format!("#reactie-{id}"))
        .unwrap_or_default();
    format!("{path}{separator}melding={code}{anchor}")
}

/// Compares secrets without revealing through timing where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether new reactions are refused on this article: closed by hand, or past
/// the automatic closing period of the settings.
pub fn article_closed(
    state: &AppState,
    article: &crate::article::Article,
    policy: &cached::Policy,
) -> bool {
    if let Some(days) = policy.settings.auto_close_days {
        let published = crate::dates::start_of_day(article.published).unwrap_or(0);
        if state.now_unix() >= published + days * 24 * 3600 {
            return true;
        }
    }
    policy.closed.contains(&article.slug)
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
            "/een-stuk?melding=verborgen#reactie-4"
        );
        assert_eq!(
            back_to("https://kwaad.example", "x", None),
            "/moderatie?melding=x"
        );
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
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
