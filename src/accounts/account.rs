//! A reader's own account page: password and sessions. (Their data and leaving
//! are the privacy module's; it draws its refusals on this same page.)

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;

use super::model::Session;
use super::reauth::{self, PasswordChange};
use super::sessions;
use crate::dates;
use crate::error::{FormRefusal, Result};
use crate::http::form::AppForm;
use crate::http::query::LenientQuery;
use crate::layout::Layout;
use crate::mail::addresses::{self, MailAccount};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage<'a> {
    layout: Layout,
    username: &'a str,
    /// The name shown with reactions (as typed, after a refusal).
    shown: &'a str,
    name_error: Option<&'a str>,
    is_author: bool,
    since: String,
    sessions: i64,
    notice: Option<&'static str>,
    password_error: Option<&'a str>,
    delete_error: Option<&'a str>,
    /// The e-mail section; `None` when the server sends no mail.
    mail: Option<MailSection<'a>>,
}

/// What the e-mail section of the account page shows.
#[derive(Debug)]
struct MailSection<'a> {
    account: MailAccount,
    /// What was typed, after a refusal.
    typed: &'a str,
    error: Option<&'a str>,
}

impl MailSection<'_> {
    fn alerts_is(&self, value: &str) -> bool {
        self.account.alerts.as_deref().unwrap_or("each") == value
    }
}

/// `?melding=` on the account page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AccountQuery {
    melding: String,
}

fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "wachtwoord" => crate::i18n::t().messages.password_changed,
        "overal-uitgelogd" => crate::i18n::t().messages.logged_out_elsewhere,
        "naam" => crate::i18n::t().messages.name_changed,
        "e-mail-verstuurd" => crate::i18n::t().messages.mail_sent,
        "e-mail-keuzes" => crate::i18n::t().messages.mail_choices_saved,
        "e-mail-weg" => crate::i18n::t().messages.mail_removed,
        _ => return None,
    })
}

/// Which form on the account page a refusal belongs to.
#[derive(Debug, Clone, Copy)]
pub enum AccountForm {
    /// The name shown with reactions (the rejected text comes along).
    Name,
    Password,
    Delete,
    /// The e-mail address (the typed address comes along).
    Email,
}

/// The account page; with `refusal`, answered 422 with the message at its form.
pub async fn render(
    state: &AppState,
    session: &Session,
    notice: Option<&'static str>,
    refusal: Option<(AccountForm, &str)>,
) -> Result<Response> {
    let status = if refusal.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    draw(state, session, notice, refusal, status, "").await
}

/// The account page with a refused e-mail address, kept as typed.
pub async fn refuse_email(
    state: &AppState,
    session: &Session,
    typed: &str,
    refusal: &FormRefusal,
) -> Result<Response> {
    let message = refusal.message.as_str();
    let page = draw(
        state,
        session,
        None,
        Some((AccountForm::Email, message)),
        refusal.status,
        typed,
    )
    .await?;
    Ok(refusal.apply(page))
}

/// The account page with `refusal` at `form`: its message, status and Retry-After.
pub async fn refuse(
    state: &AppState,
    session: &Session,
    form: AccountForm,
    refusal: &FormRefusal,
) -> Result<Response> {
    let page = draw(
        state,
        session,
        None,
        Some((form, &refusal.message)),
        refusal.status,
        "",
    )
    .await?;
    Ok(refusal.apply(page))
}

async fn draw(
    state: &AppState,
    session: &Session,
    notice: Option<&'static str>,
    refusal: Option<(AccountForm, &str)>,
    status: StatusCode,
    typed_email: &str,
) -> Result<Response> {
    let user = &session.user;
    let now = state.now_unix();
    let sessions = sessions::count_of(&state.pool, user.id, now).await?;
    let (mut name_error, mut password_error, mut delete_error) = (None, None, None);
    let mut email_error = None;
    match refusal {
        Some((AccountForm::Email, message)) => email_error = Some(message),
        Some((AccountForm::Name, message)) => name_error = Some(message),
        Some((AccountForm::Password, message)) => password_error = Some(message),
        Some((AccountForm::Delete, message)) => delete_error = Some(message),
        None => {}
    }
    let page = AccountPage {
        layout: crate::layout::load::for_session(state, Some(session)).await?,
        username: &user.username,
        shown: &user.display_name,
        name_error,
        is_author: user.is_author(),
        since: dates::long_date(dates::today(dates::from_unix(user.created_at))),
        sessions,
        notice,
        password_error,
        delete_error,
        mail: match state.mail {
            Some(_) => {
                let mut conn = state.pool.acquire().await?;
                Some(MailSection {
                    account: addresses::get(&mut conn, user.id, now).await?,
                    typed: typed_email,
                    error: email_error,
                })
            }
            None => None,
        },
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// GET /account
pub(crate) async fn show_account(
    State(state): State<AppState>,
    session: Session,
    LenientQuery(q): LenientQuery<AccountQuery>,
) -> Result<Response> {
    render(&state, &session, notice(&q.melding), None).await
}

/// The password change form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PasswordForm {
    huidig: SecretString,
    nieuw: SecretString,
}

/// POST /account/wachtwoord: a new password ends every other session.
pub(crate) async fn change_password(
    State(state): State<AppState>,
    session: Session,
    AppForm(form): AppForm<PasswordForm>,
) -> Result<Response> {
    match reauth::change_password(&state, &session, form.huidig, form.nieuw).await? {
        PasswordChange::Changed(cookie) => {
            let mut response = Redirect::to("/account?melding=wachtwoord").into_response();
            if let Some(cookie) = cookie {
                response.headers_mut().append(SET_COOKIE, cookie);
            }
            Ok(response)
        }
        PasswordChange::Refused(refusal) => {
            refuse(&state, &session, AccountForm::Password, &refusal).await
        }
    }
}

/// POST /account/overal-uitloggen: ends every other session.
pub(crate) async fn logout_everywhere(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response> {
    sessions::delete_others(&state.pool, session.user.id, &session.token_hash).await?;
    Ok(Redirect::to("/account?melding=overal-uitgelogd").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_form_never_prints_either_password() {
        let form: PasswordForm =
            serde_urlencoded::from_str("huidig=oud-geheim-woord&nieuw=nieuw-geheim-woord")
                .expect("form");
        let printed = format!("{form:?}");
        assert!(
            !printed.contains("oud-geheim") && !printed.contains("nieuw-geheim"),
            "{printed}"
        );
    }
}
