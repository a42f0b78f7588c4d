//! The readers page: every account with its counts, and ban, shadowban and trust.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::Date;
use serde::Deserialize;

use super::notice::NoticeQuery;
use super::reader_actions::{self, ReaderAction};
use super::store::readers;
use crate::accounts::extract::Author;
use crate::accounts::model::{Ban, Role};
use crate::dates;
use crate::error::{AppError, Result};
use crate::http::form::AppForm;
use crate::http::id::PathIdAction;
use crate::http::query::LenientQuery;
use crate::layout::Layout;
use crate::state::AppState;

struct ReaderView {
    id: i64,
    username: String,
    is_author: bool,
    since: String,
    trusted: bool,
    shadowbanned: bool,
    ban: Option<String>,
    approved: i64,
    waiting: i64,
    removed: i64,
    /// Reactions a ban hid, which lifting it can put back.
    hidden_by_ban: i64,
}

#[derive(Template)]
#[template(path = "moderation/readers.html")]
struct ReadersPage {
    layout: Layout,
    readers: Vec<ReaderView>,
    notice: Option<&'static str>,
    error: Option<String>,
    today: String,
}

async fn render(
    state: &AppState,
    layout: Layout,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<Response> {
    let now = state.now_unix();
    let m = crate::i18n::t().moderation;
    let readers = readers::readers(&state.pool)
        .await?
        .into_iter()
        .map(|r| ReaderView {
            id: r.id,
            is_author: r.role == Role::Author,
            since: dates::long_date(dates::today(dates::from_unix(r.created_at))),
            trusted: r.trusted,
            shadowbanned: r.shadowbanned,
            ban: Ban::active(r.banned_at, r.banned_until, r.ban_reason, now).map(|b| {
                let until = b
                    .until
                    .map(|u| format!("{} {}", m.until, dates::exact_time(dates::from_unix(u))))
                    .unwrap_or_else(|| m.indefinitely.into());
                if b.reason.is_empty() {
                    until
                } else {
                    format!("{until}: {}", b.reason)
                }
            }),
            username: r.username,
            approved: r.approved,
            waiting: r.waiting,
            removed: r.removed,
            hidden_by_ban: r.hidden_by_ban,
        })
        .collect();
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = ReadersPage {
        layout,
        readers,
        notice,
        error,
        today: dates::today(state.clock.now()).to_string(),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// GET /moderatie/lezers
pub(crate) async fn show_readers(
    State(state): State<AppState>,
    Author(_): Author,
    layout: Layout,
    LenientQuery(q): LenientQuery<NoticeQuery>,
) -> Result<Response> {
    render(&state, layout, q.notice(), None).await
}

/// The fields of the reader forms (only the ban form uses them).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ReaderForm {
    reden: String,
    tot: String,
    verbergen: String,
    /// On lifting a ban: put back the reactions it hid.
    terugzetten: String,
}

/// The ban the form asks for, or the Dutch reason it cannot be done.
fn ban_from(form: &ReaderForm, now: i64) -> std::result::Result<ReaderAction, String> {
    let cleaned = crate::text::clean_line(&form.reden);
    let reason = cleaned.trim();
    if reason.chars().count() > 500 {
        return Err(crate::i18n::t().moderation.ban_reason_long.into());
    }
    let until = match form.tot.trim() {
        "" => None,
        raw => match raw.parse::<Date>().ok().and_then(dates::start_of_day) {
            Some(until) if until > now => Some(until),
            Some(_) => {
                return Err(crate::i18n::t().moderation.ban_date_past.into());
            }
            None => return Err(crate::i18n::t().moderation.ban_date_invalid.into()),
        },
    };
    Ok(ReaderAction::Ban {
        reason: reason.to_owned(),
        until,
        hide_earlier: !form.verbergen.is_empty(),
    })
}

/// POST /moderatie/lezers/{id}/{action}
pub(crate) async fn act_on_reader(
    State(state): State<AppState>,
    Author(user): Author,
    layout: Layout,
    PathIdAction(id, action): PathIdAction,
    AppForm(form): AppForm<ReaderForm>,
) -> Result<Response> {
    let now = state.now_unix();
    let action = match action.as_str() {
        "blokkeren" => match ban_from(&form, now) {
            Ok(ban) => ban,
            Err(message) => return render(&state, layout, None, Some(message)).await,
        },
        "deblokkeren" => ReaderAction::Unban {
            restore: !form.terugzetten.is_empty(),
        },
        "schaduwban" => ReaderAction::Shadowban(true),
        "schaduwban-opheffen" => ReaderAction::Shadowban(false),
        "vertrouwen" => ReaderAction::Trust(true),
        "wantrouwen" => ReaderAction::Trust(false),
        _ => return Err(AppError::NotFound),
    };
    let outcome = reader_actions::on_reader(&state.pool, user.id, id, action, now).await?;
    let to = format!("/moderatie/lezers?melding={}#lezer-{id}", outcome.code());
    Ok(outcome.mark(Redirect::to(&to).into_response()))
}
