//! The author's view of mail that could not be delivered: what kind of mail,
//! when, how often it was tried and the server's answer (never the address).

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use crate::accounts::extract::Author;
use crate::dates;
use crate::error::Result;
use crate::layout::Layout;
use crate::mail::{compose, sending};
use crate::state::AppState;

/// How many failures the page shows.
const SHOWN: i64 = 100;

#[derive(Debug)]
struct Line {
    what: &'static str,
    exact: String,
    iso: String,
    attempts: i64,
    error: String,
}

#[derive(Template)]
#[template(path = "moderation/mail.html")]
struct MailFailuresPage {
    layout: Layout,
    mail_on: bool,
    lines: Vec<Line>,
    notice: Option<&'static str>,
}

/// GET /moderatie/mail
pub(crate) async fn show_mail_failures(
    State(state): State<AppState>,
    Author(_): Author,
    layout: Layout,
) -> Result<Response> {
    let lines = sending::failed(&state.pool, SHOWN)
        .await?
        .into_iter()
        .map(|f| {
            let at = dates::from_unix(f.created_at);
            Line {
                what: compose::kind_name(&f.kind),
                exact: dates::exact_time(at),
                iso: dates::iso(at),
                attempts: f.attempts,
                error: sending::failure_text(&f.error),
            }
        })
        .collect();
    let page = MailFailuresPage {
        layout,
        mail_on: state.mail.is_some(),
        lines,
        notice: None,
    };
    Ok(Html(page.render()?).into_response())
}
