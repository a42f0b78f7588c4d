//! A reader's own account: password, sessions, their data and leaving. Plus the
//! privacy page that says what is kept and why.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::handlers::start_session;
use super::{CurrentUser, MaybeUser, Session, password, queries, session};
use crate::app::AppState;
use crate::dates;
use crate::error::{AppError, Result};
use crate::form::AppForm;

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage<'a> {
    user: Option<CurrentUser>,
    since: String,
    sessions: i64,
    notice: Option<&'static str>,
    password_error: Option<&'a str>,
    delete_error: Option<&'a str>,
}

/// `?melding=` on the account page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AccountQuery {
    melding: String,
}

fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "wachtwoord" => "Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd.",
        "overal-uitgelogd" => "Je bent op alle andere apparaten uitgelogd.",
        _ => return None,
    })
}

async fn render(
    state: &AppState,
    session: &Session,
    status: StatusCode,
    notice: Option<&'static str>,
    password_error: Option<&str>,
    delete_error: Option<&str>,
) -> Result<Response> {
    let sessions = queries::session_count(&state.pool, session.user.id, state.now_unix()).await?;
    let page = AccountPage {
        since: dates::long_date(dates::today(dates::from_unix(session.user.created_at))),
        user: Some(session.user.clone()),
        sessions,
        notice,
        password_error,
        delete_error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// Which form on the account page a refusal belongs to.
#[derive(Clone, Copy)]
enum Form {
    Password,
    Delete,
}

/// The account page again (422) with `message` at the form it is about.
async fn refuse(
    state: &AppState,
    session: &Session,
    form: Form,
    message: &str,
) -> Result<Response> {
    let (password_error, delete_error) = match form {
        Form::Password => (Some(message), None),
        Form::Delete => (None, Some(message)),
    };
    render(
        state,
        session,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        password_error,
        delete_error,
    )
    .await
}

/// GET /account
pub async fn show_account(
    State(state): State<AppState>,
    session: Session,
    RawQuery(raw): RawQuery,
) -> Result<Response> {
    let q: AccountQuery =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    render(
        &state,
        &session,
        StatusCode::OK,
        notice(&q.melding),
        None,
        None,
    )
    .await
}

/// The password change form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    huidig: String,
    nieuw: String,
}

async fn current_password_ok(
    state: &AppState,
    user_id: i64,
    typed: &str,
) -> Result<Option<String>> {
    let hash = queries::password_hash(&state.pool, user_id).await?;
    let ok = password::verify(typed.to_owned(), hash.clone()).await?;
    Ok(hash.filter(|_| ok))
}

/// POST /account/wachtwoord: a new password ends every other session.
pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    AppForm(form): AppForm<PasswordForm>,
) -> Result<Response> {
    let user = &session.user;
    if current_password_ok(&state, user.id, &form.huidig)
        .await?
        .is_none()
    {
        return refuse(
            &state,
            &session,
            Form::Password,
            "Je huidige wachtwoord klopt niet.",
        )
        .await;
    }
    if let Err(message) = password::check_strength(&form.nieuw, &user.username) {
        return refuse(&state, &session, Form::Password, message).await;
    }
    let hash = password::hash(form.nieuw.clone()).await?;
    queries::set_password(&state.pool, user.id, &hash).await?;
    // Every session, this one included, was tied to the old password; this
    // device gets a fresh one.
    queries::delete_sessions_of(&state.pool, user.id).await?;
    let to = Redirect::to("/account?melding=wachtwoord").into_response();
    start_session(&state, None, user.id, &hash, None, to).await
}

/// POST /account/overal-uitloggen: ends every other session.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response> {
    queries::delete_other_sessions(&state.pool, session.user.id, &session.token_hash).await?;
    Ok(Redirect::to("/account?melding=overal-uitgelogd").into_response())
}

#[derive(Serialize)]
struct Export {
    account: ExportAccount,
    reacties: Vec<queries::ExportReaction>,
    meldingen: Vec<queries::ExportReport>,
    sessies: Vec<queries::ExportSession>,
}

#[derive(Serialize)]
struct ExportAccount {
    gebruikersnaam: String,
    rol: &'static str,
    aangemaakt: String,
}

/// GET /account/gegevens: everything stored about this reader, as JSON.
pub async fn export_data(State(state): State<AppState>, session: Session) -> Result<Response> {
    let user = &session.user;
    let export = Export {
        account: ExportAccount {
            gebruikersnaam: user.username.clone(),
            rol: if user.is_author() { "auteur" } else { "lezer" },
            aangemaakt: dates::iso(dates::from_unix(user.created_at)),
        },
        reacties: queries::export_reactions(&state.pool, user.id).await?,
        meldingen: queries::export_reports(&state.pool, user.id).await?,
        sessies: queries::export_sessions(&state.pool, user.id).await?,
    };
    let json = serde_json::to_string_pretty(&export).map_err(anyhow::Error::from)?;
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
pub struct DeleteForm {
    wachtwoord: String,
    reacties: String,
}

/// POST /account/verwijderen
pub async fn delete_account(
    State(state): State<AppState>,
    session: Session,
    AppForm(form): AppForm<DeleteForm>,
) -> Result<Response> {
    let user = &session.user;
    if user.is_author() {
        return Err(AppError::Forbidden(
            "Het auteursaccount kan niet via de site worden verwijderd.".into(),
        ));
    }
    let keep = match form.reacties.as_str() {
        "behouden" => true,
        "verwijderen" => false,
        _ => {
            return refuse(
                &state,
                &session,
                Form::Delete,
                "Kies wat er met je reacties moet gebeuren.",
            )
            .await;
        }
    };
    if current_password_ok(&state, user.id, &form.wachtwoord)
        .await?
        .is_none()
    {
        return refuse(
            &state,
            &session,
            Form::Delete,
            "Je wachtwoord klopt niet; je account is niet verwijderd.",
        )
        .await;
    }
    queries::delete_account(&state.pool, user.id, keep, state.now_unix()).await?;
    let mut response = Redirect::to("/?account-verwijderd=1").into_response();
    if let Some(removal) = session::removal_cookie(&state) {
        response.headers_mut().append(SET_COOKIE, removal);
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "accounts/privacy.html")]
struct PrivacyPage {
    user: Option<CurrentUser>,
}

/// GET /privacy
pub async fn show_privacy(MaybeUser(user): MaybeUser) -> Result<Response> {
    Ok(Html(PrivacyPage { user }.render()?).into_response())
}
