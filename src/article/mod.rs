//! Articles: loaded from `content/`, listed on the index, shown with their reactions.
//!
//! The public API other domains use:
//! - `content`: `Article` and `Articles` (loaded once at start-up);
//! - `cache`: the page cache for anonymous readers;
//! - `shared`: pages for logged-in readers, rendered once per change;
//! - `fast::FastPath`: cached pages for anonymous readers, answered before the router;
//! - `page::render_with_compose`: the article again with a refused or previewed form.

pub mod cache;
pub mod content;
pub mod fast;
pub mod handlers;
pub mod page;
pub mod reasons;
pub mod renders;
pub mod shared;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

/// The index and the article pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(handlers::show_index))
        .route("/{slug}", get(handlers::show_article))
}
