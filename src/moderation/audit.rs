//! The audit log page.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use super::{Author, queries};
use crate::accounts::CurrentUser;
use crate::app::AppState;
use crate::dates;
use crate::error::Result;

/// How many entries the page shows.
const SHOWN: i64 = 500;

struct Line {
    exact: String,
    iso: String,
    actor: String,
    action: String,
    reaction: Option<(i64, String)>,
    target_user: Option<String>,
    detail: Option<String>,
    before: Option<String>,
    after: Option<String>,
}

#[derive(Template)]
#[template(path = "moderation/audit.html")]
struct AuditPage {
    user: Option<CurrentUser>,
    lines: Vec<Line>,
}

/// GET /moderatie/logboek
pub async fn show_audit_log(
    State(state): State<AppState>,
    Author(user): Author,
) -> Result<Response> {
    let lines = queries::audit_log(&state.pool, SHOWN)
        .await?
        .into_iter()
        .map(|r| {
            let at = dates::from_unix(r.created_at);
            Line {
                exact: dates::exact_time(at),
                iso: dates::iso(at),
                actor: r.actor.unwrap_or_else(|| "systeem".into()),
                action: r.action,
                reaction: r.reaction_id.zip(r.article_slug),
                target_user: r.target_user,
                detail: r.detail,
                before: r.before,
                after: r.after,
            }
        })
        .collect();
    let page = AuditPage {
        user: Some(user),
        lines,
    };
    Ok(Html(page.render()?).into_response())
}
