//! A private Atom feed of waiting items, so the author can follow the queue in
//! any feed reader. The URL holds a secret token the author can renew.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::{queries, same_secret};
use crate::app::AppState;
use crate::dates;
use crate::error::{AppError, Result};

struct Entry {
    id: i64,
    title: String,
    updated: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "moderation/feed.xml")]
struct Feed {
    base: String,
    updated: String,
    entries: Vec<Entry>,
}

/// GET /moderatie/feed/{token}
pub async fn waiting_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response> {
    let settings = queries::settings(&state.pool).await?;
    if !same_secret(&token, &settings.feed_token) {
        return Err(AppError::NotFound);
    }
    let rows = queries::queue(&state.pool).await?;
    let updated = rows
        .iter()
        .map(|r| r.created_at)
        .max()
        .unwrap_or_else(|| state.now_unix());
    let entries = rows
        .into_iter()
        .map(|r| {
            let article = state
                .articles
                .get(&r.article_slug)
                .map_or_else(|| r.article_slug.clone(), |a| a.title.clone());
            let why = if r.status == "pending" {
                r.held_reason
                    .unwrap_or_else(|| "wacht op goedkeuring".into())
            } else {
                "gemeld".into()
            };
            Entry {
                id: r.id,
                title: format!("{} bij “{article}” ({why})", r.writer),
                updated: dates::iso(dates::from_unix(r.created_at)),
                summary: r.body_html,
            }
        })
        .collect();
    let feed = Feed {
        base: state.config.base_url().to_owned(),
        updated: dates::iso(dates::from_unix(updated)),
        entries,
    };
    Ok((
        [
            (CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (CACHE_CONTROL, "private, no-store"),
        ],
        feed.render()?,
    )
        .into_response())
}
