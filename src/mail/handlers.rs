//! The pages a mail links to, which work without logging in: confirming an
//! address (a GET only shows a button, so a mail scanner that follows links
//! uses up nothing) and unsubscribing from reply mail (RFC 8058: the POST
//! itself unsubscribes, from a mail program's t().mail.page_unsubscribe_title too).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::outbox::{self, Kind};
use super::{addresses, tokens};
use crate::error::{AppError, Result};
use crate::http::form::AppForm;
use crate::http::query::LenientQuery;
use crate::i18n::t;
use crate::layout::Layout;
use crate::state::AppState;

/// A form with one button on a mail page.
#[derive(Debug)]
pub struct OneButton {
    pub action: String,
    pub token: Option<String>,
    pub button: &'static str,
}

/// A short page: a title, a few sentences, maybe one button or link.
#[derive(Debug, Template)]
#[template(path = "mail/page.html")]
pub struct MailPage {
    pub layout: Layout,
    pub title: &'static str,
    pub paragraphs: Vec<String>,
    pub is_error: bool,
    pub form: Option<OneButton>,
    pub link: Option<(&'static str, &'static str)>,
}

impl MailPage {
    /// A page with `title` and `paragraphs`.
    pub fn new(layout: Layout, title: &'static str, paragraphs: &[&str]) -> Self {
        Self {
            layout,
            title,
            paragraphs: paragraphs.iter().map(|p| (*p).to_owned()).collect(),
            is_error: false,
            form: None,
            link: None,
        }
    }

    /// Rendered with `status`.
    pub fn respond(&self, status: StatusCode) -> Result<Response> {
        Ok((status, Html(self.render()?)).into_response())
    }
}

/// `?token=` on a link from a mail.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TokenQuery {
    token: String,
}

fn mail_off(state: &AppState) -> Result<()> {
    if state.mail.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// GET /e-mail/bevestigen?token=…
pub(crate) async fn confirm_page(
    State(state): State<AppState>,
    layout: Layout,
    LenientQuery(q): LenientQuery<TokenQuery>,
) -> Result<Response> {
    mail_off(&state)?;
    let mut conn = state.pool.acquire().await?;
    let now = state.now_unix();
    if !tokens::is_valid(&mut conn, &q.token, tokens::Purpose::Confirm, now).await? {
        let mut page = MailPage::new(
            layout,
            t().mail.page_confirm_title,
            &[t().mail.page_confirm_dead],
        );
        page.is_error = true;
        page.link = Some((t().mail.page_to_account, "/account"));
        return page.respond(StatusCode::GONE);
    }
    let mut page = MailPage::new(
        layout,
        t().mail.page_confirm_title,
        &[t().mail.page_confirm_click],
    );
    page.form = Some(OneButton {
        action: "/e-mail/bevestigen".to_owned(),
        token: Some(q.token),
        button: t().mail.page_confirm_button,
    });
    page.respond(StatusCode::OK)
}

/// The confirm form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TokenForm {
    token: String,
}

/// POST /e-mail/bevestigen: the address becomes the account's; an address it
/// replaces is told.
pub(crate) async fn confirm_address(
    State(state): State<AppState>,
    layout: Layout,
    AppForm(form): AppForm<TokenForm>,
) -> Result<Response> {
    mail_off(&state)?;
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let used = tokens::consume(&mut tx, &form.token, tokens::Purpose::Confirm, now).await?;
    let Some(tokens::Used {
        user_id,
        address: Some(address),
    }) = used
    else {
        drop(tx);
        let mut page = MailPage::new(
            layout,
            t().mail.page_confirm_title,
            &[t().mail.page_confirm_dead],
        );
        page.is_error = true;
        page.link = Some((t().mail.page_to_account, "/account"));
        return page.respond(StatusCode::GONE);
    };
    if let Some(old) = addresses::confirm(&mut tx, user_id, &address, now).await? {
        outbox::queue_direct(&mut tx, Kind::Changed, user_id, &old, None, now).await?;
    }
    tx.commit().await?;
    let mut page = MailPage::new(
        layout,
        t().mail.page_confirmed_title,
        &[t().mail.page_confirmed],
    );
    page.link = Some((t().mail.page_to_account, "/account"));
    page.respond(StatusCode::OK)
}

/// GET /e-mail/afmelden/{secret}
pub(crate) async fn unsubscribe_page(
    State(state): State<AppState>,
    layout: Layout,
    Path(secret): Path<String>,
) -> Result<Response> {
    if !addresses::unsubscribe_known(&state.pool, &secret).await? {
        return Err(AppError::NotFound);
    }
    let mut page = MailPage::new(
        layout,
        t().mail.page_unsubscribe_title,
        &[t().mail.page_unsubscribe_ask],
    );
    page.form = Some(OneButton {
        action: format!("/e-mail/afmelden/{secret}"),
        token: None,
        button: t().mail.page_unsubscribe_title,
    });
    page.respond(StatusCode::OK)
}

/// POST /e-mail/afmelden/{secret}: reply mail off (also the one-click POST a
/// mail program sends, RFC 8058, whatever its body).
pub(crate) async fn unsubscribe(
    State(state): State<AppState>,
    layout: Layout,
    Path(secret): Path<String>,
) -> Result<Response> {
    if !addresses::unsubscribe(&state.pool, &secret).await? {
        return Err(AppError::NotFound);
    }
    let mut page = MailPage::new(
        layout,
        t().mail.page_unsubscribed_title,
        &[t().mail.page_unsubscribed],
    );
    page.link = Some((t().mail.page_to_front, "/"));
    page.respond(StatusCode::OK)
}
