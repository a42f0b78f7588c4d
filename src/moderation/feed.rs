//! A private Atom feed of waiting items, so the author can follow the queue in
//! any feed reader. The URL holds a secret token the author can renew.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::store::queue::{self, QueueRow};
use crate::comments::model::ReactionStatus;
use crate::dates;
use crate::error::{AppError, Result};
use crate::policy::store;
use crate::security::same_secret;
use crate::state::AppState;
use crate::text;

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

/// One waiting item as a feed entry.
fn entry(state: &AppState, r: QueueRow) -> Entry {
    let article = state
        .articles
        .get(&r.article_slug)
        .map_or_else(|| r.article_slug.clone(), |a| a.title.clone());
    let t = crate::i18n::t();
    let (why, html) = if let Some((html, why)) = r.edit {
        (
            format!("{} {}", t.moderation.change_colon, t.held_reason(&why)),
            html,
        )
    } else if r.status == ReactionStatus::Pending {
        let why = r.held_reason.map_or_else(
            || t.reading.mark_pending.to_owned(),
            |why| t.held_reason(&why),
        );
        (why, r.body_html)
    } else {
        (t.moderation.reported.to_owned(), r.body_html)
    };
    // Askama escapes for XML; what XML cannot hold at all (controls,
    // noncharacters, perhaps in rows from before input was cleaned) is dropped.
    let title = format!("{} {} “{article}” ({why})", r.writer, t.moderation.at);
    Entry {
        id: r.id,
        title: text::xml_safe(&title).into_owned(),
        updated: dates::iso(dates::from_unix(r.created_at)),
        summary: text::xml_safe(&html).into_owned(),
    }
}

/// GET /moderatie/feed/{token}
pub(crate) async fn waiting_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response> {
    let settings = store::settings(&state.pool).await?;
    if !same_secret(&token, &settings.feed_token) {
        return Err(AppError::NotFound);
    }
    let rows = queue::queue(&state.pool).await?;
    let updated = rows
        .iter()
        .map(|r| r.created_at)
        .max()
        .unwrap_or_else(|| state.now_unix());
    let entries = rows.into_iter().map(|r| entry(&state, r)).collect();
    let feed = Feed {
        base: state.config.base_url().to_owned(),
        updated: dates::iso(dates::from_unix(updated)),
        entries,
    };
    Ok(atom(feed.render()?))
}

/// A private Atom feed as a response: never kept by a cache on the way.
pub fn atom(xml: String) -> Response {
    (
        [
            (CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (CACHE_CONTROL, "private, no-store"),
        ],
        xml,
    )
        .into_response()
}
