//! The audit log page.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use super::store::audit;
use crate::accounts::extract::Author;
use crate::dates;
use crate::error::Result;
use crate::layout::Layout;
use crate::state::AppState;

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
    /// The language the details were written in.
    lang: String,
}

#[derive(Template)]
#[template(path = "moderation/audit.html")]
struct AuditPage {
    layout: Layout,
    lines: Vec<Line>,
}

/// GET /moderatie/logboek
pub(crate) async fn show_audit_log(
    State(state): State<AppState>,
    Author(_): Author,
    layout: Layout,
) -> Result<Response> {
    let lines = audit::audit_log(&state.pool, SHOWN)
        .await?
        .into_iter()
        .map(|r| {
            let at = dates::from_unix(r.created_at);
            Line {
                exact: dates::exact_time(at),
                iso: dates::iso(at),
                actor: r
                    .actor
                    .unwrap_or_else(|| crate::i18n::t().moderation.system.into()),
                action: crate::i18n::t().audit_action(&r.action),
                reaction: r.reaction_id.zip(r.article_slug),
                target_user: r.target_user,
                detail: r.detail,
                before: r.before,
                after: r.after,
                lang: r.lang,
            }
        })
        .collect();
    let page = AuditPage { layout, lines };
    Ok(Html(page.render()?).into_response())
}
