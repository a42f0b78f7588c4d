//! The reactions about one reason of an article ("over reden 3"): the page the
//! reason's count links to. Only what every reader may see is listed (approved
//! reactions), so the page is the same for everyone.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use crate::dates;
use crate::error::{AppError, Result};
use crate::layout::Layout;
use crate::state::AppState;

/// The most reactions listed (the oldest first, as on the article).
const LIMIT: i64 = 500;

/// One reaction about the reason.
struct About {
    id: i64,
    writer: String,
    by_author: bool,
    /// Sanitised by ammonia when the reaction was written.
    body_html: String,
    iso: String,
    relative: String,
}

#[derive(Template)]
#[template(path = "conversation/about_reason.html")]
struct AboutReasonPage {
    layout: Layout,
    slug: String,
    article_title: String,
    number: i64,
    title: String,
    reactions: Vec<About>,
}

/// GET /{slug}/redenen/{number}/reacties
pub(crate) async fn show_about_reason(
    State(state): State<AppState>,
    layout: Layout,
    Path((slug, number)): Path<(String, String)>,
) -> Result<Response> {
    let article = state.articles.find(&slug)?;
    let reason = number
        .parse::<i64>()
        .ok()
        .and_then(|n| article.reason(n))
        .cloned()
        .ok_or(AppError::NotFound)?;
    let now = dates::from_unix(state.now_unix());
    let rows = sqlx::query!(
        r#"SELECT r.id AS "id!", r.body_html, r.created_at, u.role AS "role?: String",
                  COALESCE(u.display_name, u.username, r.guest_name, '') AS "writer!: String"
           FROM reactions r LEFT JOIN users u ON u.id = r.user_id
           WHERE r.article_slug = $1 AND r.reason = $2 AND r.status = 'approved'
           ORDER BY r.id LIMIT $3"#,
        slug,
        reason.number,
        LIMIT
    )
    .fetch_all(&state.pool)
    .await?;
    let reactions = rows
        .into_iter()
        .map(|r| {
            let at = dates::from_unix(r.created_at);
            About {
                id: r.id,
                writer: r.writer,
                by_author: r.role.as_deref() == Some("author"),
                body_html: r.body_html,
                iso: dates::iso(at),
                relative: dates::relative(at, now),
            }
        })
        .collect();
    let page = AboutReasonPage {
        layout,
        article_title: article.title.clone(),
        slug,
        number: reason.number,
        title: reason.title,
        reactions,
    };
    Ok(Html(page.render()?).into_response())
}
