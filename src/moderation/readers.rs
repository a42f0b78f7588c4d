//! The readers page: every account with its counts, and ban, shadowban and trust.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::Date;
use serde::Deserialize;

use super::actions::{self, ReaderAction};
use super::queue::notice_from;
use super::{Author, queries};
use crate::accounts::{Ban, CurrentUser};
use crate::app::AppState;
use crate::dates;
use crate::error::{AppError, Result};
use crate::form::{AppForm, parse_id};

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
}

#[derive(Template)]
#[template(path = "moderation/readers.html")]
struct ReadersPage {
    user: Option<CurrentUser>,
    readers: Vec<ReaderView>,
    notice: Option<&'static str>,
    error: Option<String>,
    today: String,
}

async fn render(
    state: &AppState,
    user: CurrentUser,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<Response> {
    let now = state.now_unix();
    let readers = queries::readers(&state.pool)
        .await?
        .into_iter()
        .map(|r| ReaderView {
            id: r.id,
            is_author: r.role == "author",
            since: dates::long_date(dates::today(dates::from_unix(r.created_at))),
            trusted: r.trusted,
            shadowbanned: r.shadowbanned,
            ban: Ban::active(r.banned_at, r.banned_until, r.ban_reason, now).map(|b| {
                let until = b
                    .until
                    .map(|u| format!("tot {}", dates::exact_time(dates::from_unix(u))))
                    .unwrap_or_else(|| "voor onbepaalde tijd".into());
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
        })
        .collect();
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = ReadersPage {
        user: Some(user),
        readers,
        notice,
        error,
        today: dates::today(state.clock.now()).to_string(),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// GET /moderatie/lezers
pub async fn show_readers(
    State(state): State<AppState>,
    Author(user): Author,
    RawQuery(raw): RawQuery,
) -> Result<Response> {
    render(&state, user, notice_from(raw.as_deref()), None).await
}

/// The fields of the reader forms (only the ban form uses them).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReaderForm {
    reden: String,
    tot: String,
    verbergen: String,
}

/// POST /moderatie/lezers/{id}/{action}
pub async fn act_on_reader(
    State(state): State<AppState>,
    Author(user): Author,
    Path((id, action)): Path<(String, String)>,
    AppForm(form): AppForm<ReaderForm>,
) -> Result<Response> {
    let id = parse_id(&id).ok_or(AppError::NotFound)?;
    let now = state.now_unix();
    let action = match action.as_str() {
        "blokkeren" => {
            let cleaned = crate::text::clean_line(&form.reden);
            let reason = cleaned.trim();
            if reason.chars().count() > 500 {
                return render(
                    &state,
                    user,
                    None,
                    Some("De reden mag hoogstens 500 tekens lang zijn.".into()),
                )
                .await;
            }
            let until = match form.tot.trim() {
                "" => None,
                raw => match raw.parse::<Date>().ok().and_then(dates::start_of_day) {
                    Some(until) if until > now => Some(until),
                    Some(_) => {
                        return render(&state, user, None, Some("Kies een einddatum in de toekomst, of laat het veld leeg voor een blokkade zonder einde.".into())).await;
                    }
                    None => {
                        return render(
                            &state,
                            user,
                            None,
                            Some("De einddatum is geen geldige datum (JJJJ-MM-DD).".into()),
                        )
                        .await;
                    }
                },
            };
            ReaderAction::Ban {
                reason: reason.to_owned(),
                until,
                hide_earlier: !form.verbergen.is_empty(),
            }
        }
        "deblokkeren" => ReaderAction::Unban,
        "schaduwban" => ReaderAction::Shadowban(true),
        "schaduwban-opheffen" => ReaderAction::Shadowban(false),
        "vertrouwen" => ReaderAction::Trust(true),
        "wantrouwen" => ReaderAction::Trust(false),
        _ => return Err(AppError::NotFound),
    };
    let outcome = actions::on_reader(&state.pool, user.id, id, action, now).await?;
    Ok(Redirect::to(&format!(
        "/moderatie/lezers?melding={}#lezer-{id}",
        outcome.code()
    ))
    .into_response())
}
