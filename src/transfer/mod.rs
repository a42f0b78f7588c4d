//! Moving in and out: importing comments from WordPress (WXR), Disqus (XML
//! export) and Isso (its SQLite database), exporting everything as one JSON
//! file, and restoring that file into an empty database.
//!
//! The public API: `run::import` (with `run::Kind` and `run::Options`),
//! `export::export_bytes`, `restore::restore`, and the author's download at
//! GET /moderatie/export.

pub mod cli;
pub mod disqus;
pub mod export;
pub mod isso;
pub mod item;
pub mod map;
pub mod report;
pub mod restore;
pub mod run;
pub mod stage;
/// Tables as export and restore see them, per database.
pub mod tables;
pub mod wordpress;
pub mod xml;

use axum::Router;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::accounts::extract::Author;
use crate::error::Result;
use crate::state::AppState;

/// The author's download of the export.
pub fn router() -> Router<AppState> {
    Router::new().route("/moderatie/export", get(download_export))
}

/// GET /moderatie/export: the whole site as JSON, without password hashes.
async fn download_export(State(state): State<AppState>, Author(_): Author) -> Result<Response> {
    let bytes = export::export_bytes(&state.pool, false).await?;
    let name = format!(
        "attachment; filename=\"reacties-export-{}.json\"",
        state.clock.now().strftime("%Y-%m-%d")
    );
    Ok((
        [
            (CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, name),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
