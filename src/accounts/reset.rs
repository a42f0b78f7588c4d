//! "Wachtwoord vergeten?": a link by mail to choose a new password, for
//! accounts with a confirmed address. The answer is the same whether an
//! account has that address or not, and takes the same time: the lookup and
//! the mail are done after the answer, in a task of their own. The link is a
//! single-use token (only its hash stored) valid for 30 minutes; using it ends
//! every session of the account. Limited per client and per address.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use secrecy::SecretString;
use serde::Deserialize;

use super::{password, sessions, users};
use crate::error::{AppError, FormRefusal, Result};
use crate::http::client::ClientIp;
use crate::http::form::AppForm;
use crate::http::query::LenientQuery;
use crate::i18n::t;
use crate::layout::Layout;
use crate::mail::addresses;
use crate::mail::handlers::MailPage;
use crate::mail::outbox::{self, Kind};
use crate::mail::tokens::{self, Purpose};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage<'a> {
    layout: Layout,
    /// Choosing a new password with this token; `None`: asking for the link.
    token: Option<&'a str>,
    error: Option<&'a str>,
    typed: &'a str,
    sent: bool,
}

impl ResetPage<'_> {
    fn respond(&self, status: StatusCode) -> Result<Response> {
        Ok((status, Html(self.render()?)).into_response())
    }
}

fn mail_on(state: &AppState) -> Result<()> {
    match state.mail {
        Some(_) => Ok(()),
        None => Err(AppError::NotFound),
    }
}

/// GET /wachtwoord-vergeten
pub(crate) async fn forgot_form(State(state): State<AppState>, layout: Layout) -> Result<Response> {
    mail_on(&state)?;
    ResetPage {
        layout,
        token: None,
        error: None,
        typed: "",
        sent: false,
    }
    .respond(StatusCode::OK)
}

/// The request form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ForgotForm {
    adres: String,
}

/// POST /wachtwoord-vergeten
pub(crate) async fn request_reset(
    State(state): State<AppState>,
    layout: Layout,
    client: ClientIp,
    AppForm(form): AppForm<ForgotForm>,
) -> Result<Response> {
    mail_on(&state)?;
    let mut page = ResetPage {
        layout,
        token: None,
        error: None,
        typed: &form.adres,
        sent: false,
    };
    let address = match addresses::parse(&form.adres) {
        Ok(address) => address,
        Err(message) => {
            page.error = Some(message);
            return page.respond(StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let address_key = state.key.sign(&["reset", &address.to_lowercase()]);
    if let Err(e) = state.limits.check_reset(&client.key(&state), &address_key) {
        let refusal = e.into_form_refusal()?;
        page.error = Some(&refusal.message);
        let response = page.respond(refusal.status)?;
        return Ok(refusal.apply(response));
    }
    // The same answer at once, whatever the address: the work happens after it.
    let work = state.clone();
    tokio::spawn(async move {
        if let Err(e) = send_links(&work, &address).await {
            tracing::warn!(error = %e, "{}", crate::i18n::logs().log.reset_link_not_queued);
        }
    });
    page.sent = true;
    page.respond(StatusCode::OK)
}

/// Queues a reset link for every account whose confirmed address this is.
async fn send_links(state: &AppState, address: &str) -> Result<()> {
    let accounts = addresses::accounts_with(&state.pool, address).await?;
    for user_id in accounts {
        let now = state.now_unix();
        let mut tx = crate::db::begin_write(&state.pool).await?;
        let token = tokens::issue(&mut tx, user_id, Purpose::Reset, None, now).await?;
        outbox::queue_direct(&mut tx, Kind::Reset, user_id, address, Some(&token), now).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// `?token=` from the mail.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TokenQuery {
    token: String,
}

fn dead_link(layout: Layout) -> Result<Response> {
    let mut page = MailPage::new(
        layout,
        t().mail.page_reset_title,
        &[t().mail.page_reset_dead],
    );
    page.is_error = true;
    page.link = Some((t().mail.page_reset_new_link, "/wachtwoord-vergeten"));
    page.respond(StatusCode::GONE)
}

/// GET /wachtwoord-herstellen?token=…: the form (the token is used only when
/// the new password is sent, so a mail scanner opening the link uses nothing).
pub(crate) async fn reset_form(
    State(state): State<AppState>,
    layout: Layout,
    LenientQuery(q): LenientQuery<TokenQuery>,
) -> Result<Response> {
    mail_on(&state)?;
    let mut conn = state.pool.acquire().await?;
    if !tokens::is_valid(&mut conn, &q.token, Purpose::Reset, state.now_unix()).await? {
        return dead_link(layout);
    }
    ResetPage {
        layout,
        token: Some(&q.token),
        error: None,
        typed: "",
        sent: false,
    }
    .respond(StatusCode::OK)
}

/// The new password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NewPasswordForm {
    token: String,
    nieuw: SecretString,
}

/// POST /wachtwoord-herstellen: sets the password, uses up the token and ends
/// every session of the account, in one transaction.
pub(crate) async fn reset_password(
    State(state): State<AppState>,
    layout: Layout,
    AppForm(form): AppForm<NewPasswordForm>,
) -> Result<Response> {
    mail_on(&state)?;
    let now = state.now_unix();
    let mut conn = state.pool.acquire().await?;
    let Some(user_id) = tokens::peek(&mut conn, &form.token, Purpose::Reset, now).await? else {
        return dead_link(layout);
    };
    let username = users::username_of(&mut *conn, user_id).await?;
    drop(conn);
    let refuse = |layout, refusal: FormRefusal| -> Result<Response> {
        let page = ResetPage {
            layout,
            token: Some(&form.token),
            error: Some(&refusal.message),
            typed: "",
            sent: false,
        };
        Ok(refusal.apply(page.respond(refusal.status)?))
    };
    if let Err(message) = password::check_strength(&form.nieuw, &username) {
        return refuse(layout, FormRefusal::invalid(message));
    }
    let hash = match password::hash(&state.hashing, form.nieuw.clone()).await {
        Ok(hash) => hash,
        Err(e) => return refuse(layout, e.into_form_refusal()?),
    };
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let Some(used) = tokens::consume(&mut tx, &form.token, Purpose::Reset, now).await? else {
        drop(tx);
        return dead_link(layout);
    };
    users::set_password(&mut *tx, used.user_id, &hash).await?;
    sessions::delete_all_of(&mut *tx, used.user_id).await?;
    tx.commit().await?;
    let mut page = MailPage::new(
        layout,
        t().mail.page_reset_done_title,
        &[t().mail.page_reset_done],
    );
    page.link = Some((t().mail.page_log_in, "/inloggen"));
    page.respond(StatusCode::OK)
}
