//! Changing the name an account shows with its reactions (the login name stays).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::account::{AccountForm, refuse};
use super::model::Session;
use super::{username, users};
use crate::article::cache::changed;
use crate::error::{FormRefusal, Result};
use crate::http::form::AppForm;
use crate::state::AppState;

/// The form on the account page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NameForm {
    weergavenaam: String,
}

/// How a change of the shown name went.
#[derive(Debug)]
pub enum NameChange {
    Changed,
    Refused(&'static str),
}

/// Sets the shown name: the display rules, not a look-alike of another account
/// or of a reserved name (the author keeps the articles' name). Empty: the
/// login name again.
pub async fn change(state: &AppState, session: &Session, raw: &str) -> Result<NameChange> {
    let user = &session.user;
    let shown = match raw.trim() {
        "" => None,
        raw => match username::display_name(raw) {
            Ok(shown) if shown.display == user.username => None,
            Ok(shown) => Some(shown),
            Err(message) => return Ok(NameChange::Refused(message)),
        },
    };
    if let Some(shown) = &shown
        && !user.is_author()
    {
        let authors = state.articles.all().iter().map(|a| a.author.as_str());
        if username::is_reserved(shown, authors) {
            return Ok(NameChange::Refused(crate::i18n::t().messages.name_reserved));
        }
    }
    if users::set_display_name(&state.pool, user.id, shown.as_ref()).await? {
        Ok(NameChange::Changed)
    } else {
        Ok(NameChange::Refused(crate::i18n::t().messages.name_taken))
    }
}

/// POST /account/naam
pub(crate) async fn change_shown_name(
    State(state): State<AppState>,
    mut session: Session,
    AppForm(form): AppForm<NameForm>,
) -> Result<Response> {
    match change(&state, &session, &form.weergavenaam).await? {
        NameChange::Changed => Ok(changed(
            Redirect::to("/account?melding=naam").into_response(),
        )),
        NameChange::Refused(message) => {
            // The page shows what was typed, not the name that stayed.
            session.user.display_name = form.weergavenaam.clone();
            refuse(
                &state,
                &session,
                AccountForm::Name,
                &FormRefusal::invalid(message),
            )
            .await
        }
    }
}
