//! Readers report ("melden") reactions. After enough distinct reports a reaction
//! is taken down until the author decides.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::store::audit::{self, AuditEntry};
use super::store::reports;
use crate::accounts::model::{CurrentUser, Role};
use crate::accounts::users;
use crate::comments::model::{Reaction, ReactionStatus};
use crate::comments::store;
use crate::conversation::notify::{self, Again};
use crate::error::{AppError, Result};
use crate::http::form::AppForm;
use crate::http::id::PathId;
use crate::layout::Layout;
use crate::state::AppState;

/// Longest report reason, in characters.
const MAX_REASON: usize = 500;

#[derive(Template)]
#[template(path = "moderation/report.html")]
struct ReportPage<'a> {
    layout: Layout,
    id: i64,
    slug: &'a str,
    excerpt: &'a str,
    reason: &'a str,
    error: Option<&'a str>,
}

/// Loads a reaction a reader may report: visible, not their own.
async fn reportable(state: &AppState, user: &CurrentUser, id: i64) -> Result<Reaction> {
    user.ensure_not_banned()?;
    let reaction = store::find(&state.pool, id)
        .await?
        .filter(|r| r.status == ReactionStatus::Approved)
        .ok_or(AppError::NotFound)?;
    if reaction.user_id == Some(user.id) {
        return Err(AppError::Forbidden(
            crate::i18n::t().messages.report_own.into(),
        ));
    }
    Ok(reaction)
}

fn render(
    status: StatusCode,
    layout: Layout,
    reaction: &Reaction,
    reason: &str,
    error: Option<&str>,
) -> Result<Response> {
    let text = excerpt(&reaction.body_source);
    let page = ReportPage {
        layout,
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
pub(crate) async fn report_form(
    State(state): State<AppState>,
    user: CurrentUser,
    layout: Layout,
    PathId(id): PathId,
) -> Result<Response> {
    let reaction = reportable(&state, &user, id).await?;
    if reports::has_reported(&state.pool, reaction.id, user.id).await? {
        return Ok(Redirect::to(&format!(
            "/{slug}?melding=al-gemeld&bij={id}#reactie-{id}",
            slug = reaction.article_slug,
            id = reaction.id
        ))
        .into_response());
    }
    render(StatusCode::OK, layout, &reaction, "", None)
}

/// The report form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ReportForm {
    reden: String,
}

/// POST /reacties/{id}/melden
pub(crate) async fn report_reaction(
    State(state): State<AppState>,
    user: CurrentUser,
    layout: Layout,
    PathId(id): PathId,
    AppForm(form): AppForm<ReportForm>,
) -> Result<Response> {
    let reaction = reportable(&state, &user, id).await?;
    let cleaned = crate::text::clean(&form.reden);
    let reason = cleaned.trim();
    let length = reason.chars().count();
    if length == 0 || length > MAX_REASON {
        let message = if length == 0 {
            crate::i18n::t().messages.report_why
        } else {
            crate::i18n::t().messages.report_long
        };
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            layout,
            &reaction,
            &form.reden,
            Some(message),
        );
    }
    let added = file_report(&state, &reaction, user.id, reason).await?;
    let code = if added { "gemeld" } else { "al-gemeld" };
    let to = format!(
        "/{slug}?melding={code}&bij={id}#reactie-{id}",
        slug = reaction.article_slug,
        id = reaction.id
    );
    let response = Redirect::to(&to).into_response();
    // A report may reach the threshold and take the reaction down.
    Ok(if added {
        crate::article::cache::changed(response)
    } else {
        response
    })
}

/// How old an account must be before its reports count towards the threshold:
/// the policy's hold age for new accounts, and at least a day.
const MIN_STANDING_SECS: i64 = 24 * 3600;

/// Records a report and, at the threshold, takes the reaction down until the
/// author decides; `false` when this reader had already reported it.
///
/// Only reports from readers with standing count towards the threshold (see
/// `weighty_report_count`): three accounts made a minute ago cannot take
/// anything down. A reaction by the author is never taken down by reports.
/// Every report is kept and shown to the author all the same.
async fn file_report(
    state: &AppState,
    reaction: &Reaction,
    reporter: i64,
    reason: &str,
) -> Result<bool> {
    state.limits.check_report(reporter)?;
    let now = state.now_unix();
    let policy = state.policy.get(&state.pool).await?;
    let settings = &policy.settings;
    let min_age = (settings.hold_account_hours * 3600).max(MIN_STANDING_SECS);
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let added = reports::insert_report(&mut *tx, reaction.id, reporter, reason, now).await?;
    let by_author = match reaction.user_id {
        Some(writer) => users::standing(&mut *tx, writer).await?.role == Role::Author,
        None => false,
    };
    if added {
        notify::again(&mut tx, Again::Reported, reaction.id, now).await?;
        let alert = crate::mail::outbox::Alert::Report { reporter };
        crate::mail::outbox::queue_alert(&mut tx, reaction.id, alert, now).await?;
    }
    if added && !by_author {
        let count =
            reports::weighty_report_count(&mut *tx, reaction.id, now - min_age, now).await?;
        if count >= settings.report_threshold {
            // Stored in Dutch, as every hold reason is (`Texts::held_reason`
            // tells it in the reader's language); the audit detail is written
            // in the language of the moment, as every detail is.
            let why = if count == 1 {
                "1 melding".to_owned()
            } else {
                format!("{count} meldingen")
            };
            let detail = crate::i18n::t().audit_reports(count);
            store::hold(&mut *tx, reaction.id, &why).await?;
            notify::withdrawn(&mut tx, reaction.id).await?;
            audit::audit(
                &mut *tx,
                &AuditEntry {
                    action: "verborgen-na-meldingen",
                    reaction_id: Some(reaction.id),
                    user_id: reaction.user_id,
                    detail: Some(&detail),
                    ..AuditEntry::default()
                },
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(added)
}
