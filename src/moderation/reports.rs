//! Readers report ("melden") reactions. After enough distinct reports a reaction
//! is taken down until the author decides.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::queries::{self, AuditEntry};
use crate::accounts::CurrentUser;
use crate::app::AppState;
use crate::comments::queries as reaction_queries;
use crate::error::{AppError, Result};
use crate::form::{AppForm, parse_id};

/// Longest report reason, in characters.
const MAX_REASON: usize = 500;

#[derive(Template)]
#[template(path = "moderation/report.html")]
struct ReportPage<'a> {
    user: Option<CurrentUser>,
    id: i64,
    slug: &'a str,
    excerpt: &'a str,
    reason: &'a str,
    error: Option<&'a str>,
}

/// Loads a reaction a reader may report: visible, not their own.
async fn reportable(
    state: &AppState,
    user: &CurrentUser,
    raw_id: &str,
) -> Result<reaction_queries::Reaction> {
    user.ensure_not_banned()?;
    let id = parse_id(raw_id).ok_or(AppError::NotFound)?;
    let reaction = reaction_queries::find(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if reaction.status != "approved" {
        return Err(AppError::NotFound);
    }
    if reaction.user_id == Some(user.id) {
        return Err(AppError::Forbidden(
            "Je kunt je eigen reactie niet melden.".into(),
        ));
    }
    Ok(reaction)
}

fn render(
    status: StatusCode,
    user: CurrentUser,
    reaction: &reaction_queries::Reaction,
    reason: &str,
    error: Option<&str>,
) -> Result<Response> {
    let text = excerpt(&reaction.body_source);
    let page = ReportPage {
        user: Some(user),
        id: reaction.id,
        slug: &reaction.article_slug,
        excerpt: &text,
        reason,
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn excerpt(source: &str) -> String {
    let mut text: String = source.chars().take(300).collect();
    if source.chars().count() > 300 {
        text.push('…');
    }
    text
}

/// GET /reacties/{id}/melden
pub async fn report_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response> {
    let reaction = reportable(&state, &user, &id).await?;
    if queries::has_reported(&state.pool, reaction.id, user.id).await? {
        return Ok(Redirect::to(&format!(
            "/{}?melding=al-gemeld#reactie-{}",
            reaction.article_slug, reaction.id
        ))
        .into_response());
    }
    render(StatusCode::OK, user, &reaction, "", None)
}

/// The report form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    reden: String,
}

/// POST /reacties/{id}/melden
pub async fn report_reaction(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    AppForm(form): AppForm<ReportForm>,
) -> Result<Response> {
    let reaction = reportable(&state, &user, &id).await?;
    let cleaned = crate::text::clean(&form.reden);
    let reason = cleaned.trim();
    let length = reason.chars().count();
    if length == 0 || length > MAX_REASON {
        let message = if length == 0 {
            "Schrijf kort waarom je deze reactie meldt."
        } else {
            "Je toelichting mag hoogstens 500 tekens lang zijn."
        };
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            user,
            &reaction,
            &form.reden,
            Some(message),
        );
    }
    let now = state.now_unix();
    let policy = state.policy.get(&state.pool).await?;
    let settings = &policy.settings;
    let mut tx = state.pool.begin().await?;
    let added = queries::insert_report(&mut tx, reaction.id, user.id, reason, now).await?;
    if added {
        let reports = queries::open_report_count(&mut tx, reaction.id).await?;
        if reports >= settings.report_threshold {
            let why = format!("{reports} meldingen");
            queries::hold(&mut tx, reaction.id, &why).await?;
            queries::audit(
                &mut tx,
                &AuditEntry {
                    action: "verborgen-na-meldingen",
                    reaction_id: Some(reaction.id),
                    user_id: reaction.user_id,
                    detail: Some(&why),
                    ..AuditEntry::default()
                },
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    let code = if added { "gemeld" } else { "al-gemeld" };
    Ok(Redirect::to(&format!(
        "/{}?melding={code}#reactie-{}",
        reaction.article_slug, reaction.id
    ))
    .into_response())
}
