//! The reader's data: downloading it, deleting the account, and the privacy page.

use askama::Template;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;

use super::export::{self, Export, ExportAccount};
use super::{conversation_export, erase, mail_export};
use crate::accounts::account::{self, AccountForm};
use crate::accounts::cookie::removal_cookie;
use crate::accounts::model::Session;
use crate::accounts::reauth::{CurrentPassword, check_current_password};
use crate::dates;
use crate::error::{AppError, Result};
use crate::http::form::AppForm;
use crate::layout::Layout;
use crate::state::AppState;

/// GET /account/gegevens: everything stored about this reader, as JSON.
pub(crate) async fn export_data(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response> {
    let user = &session.user;
    let data = Export {
        account: ExportAccount {
            gebruikersnaam: user.username.clone(),
            rol: if user.is_author() { "auteur" } else { "lezer" },
            aangemaakt: dates::iso(dates::from_unix(user.created_at)),
        },
        reacties: export::export_reactions(&state.pool, user.id).await?,
        eerdere_versies: export::export_revisions(&state.pool, user.id).await?,
        meldingen: export::export_reports(&state.pool, user.id).await?,
        sessies: export::export_sessions(&state.pool, user.id).await?,
        concepten: export::export_drafts(&state.pool, user.id).await?,
        standpunten: conversation_export::stances(&state.pool, user.id).await?,
        gekozen_en_ingetrokken: conversation_export::stance_changes(&state.pool, user.id).await?,
        waarderingen: conversation_export::appreciations(&state.pool, user.id).await?,
        voor_jou: conversation_export::notifications(&state.pool, user.id).await?,
        e_mail: mail_export::mail(&state.pool, user.id, user.is_author()).await?,
    };
    let json = serde_json::to_string_pretty(&data).map_err(anyhow::Error::from)?;
    Ok((
        [
            (CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"reacties-mijn-gegevens.json\"",
            ),
            (CACHE_CONTROL, "private, no-store"),
        ],
        json,
    )
        .into_response())
}

/// The delete form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct DeleteForm {
    wachtwoord: SecretString,
    reacties: String,
}

/// POST /account/verwijderen
pub(crate) async fn delete_account(
    State(state): State<AppState>,
    session: Session,
    AppForm(form): AppForm<DeleteForm>,
) -> Result<Response> {
    let user = &session.user;
    if user.is_author() {
        return Err(AppError::Forbidden(
            crate::i18n::t().messages.author_cannot_delete.into(),
        ));
    }
    let refuse =
        |message| account::render(&state, &session, None, Some((AccountForm::Delete, message)));
    let keep = match form.reacties.as_str() {
        "behouden" => true,
        "verwijderen" => false,
        _ => return refuse(crate::i18n::t().messages.choose_what_happens).await,
    };
    match check_current_password(&state, user.id, form.wachtwoord).await? {
        CurrentPassword::Correct(_) => {}
        CurrentPassword::Wrong => {
            return refuse(crate::i18n::t().messages.delete_password_wrong).await;
        }
        CurrentPassword::Refused(refusal) => {
            return account::refuse(&state, &session, AccountForm::Delete, &refusal).await;
        }
    }
    erase::delete_account(&state.pool, user.id, keep, state.now_unix()).await?;
    let mut response =
        crate::article::cache::changed(Redirect::to("/?account-verwijderd=1").into_response());
    if let Some(removal) = removal_cookie(&state.config) {
        response.headers_mut().append(SET_COOKIE, removal);
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "accounts/privacy.html")]
struct PrivacyPage {
    layout: Layout,
}

/// GET /privacy
pub(crate) async fn show_privacy(layout: Layout) -> Result<Response> {
    Ok(Html(PrivacyPage { layout }.render()?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delete_form_never_prints_the_password() {
        let form: DeleteForm =
            serde_urlencoded::from_str("wachtwoord=geheim-woord&reacties=behouden").expect("form");
        let printed = format!("{form:?}");
        assert!(
            !printed.contains("geheim-woord") && printed.contains("behouden"),
            "{printed}"
        );
    }
}
