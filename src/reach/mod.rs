//! Reach: the standard ways in and out for readers who are not on the site.
//! Public Atom feeds (articles, every reaction, one article's reactions), the
//! sitemap and robots.txt for search engines, JSON-LD on the article page for
//! link previews, and a read-only JSON API with its OpenAPI document.
//!
//! Everything here shows only what an anonymous reader sees on the page: the
//! feeds and the API read reactions through the same rules (`comments::threads`
//! for threads; approved only for flat lists).
//!
//! The public API other domains use:
//! - `jsonld::article`: the `BlogPosting` for the article page's head;
//! - `cached::identity`: the site's name and its author, as feeds and JSON-LD name them.

pub mod api;
pub mod cached;
pub mod feeds;
pub mod jsonld;
pub mod sitemap;
pub mod store;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

/// Feeds, sitemap, robots.txt and the API.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(feeds::ARTICLES_FEED, get(feeds::articles_feed))
        .route(feeds::REACTIONS_FEED, get(feeds::reactions_feed))
        .route("/{slug}/reacties.xml", get(feeds::article_reactions_feed))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/robots.txt", get(sitemap::robots))
        .merge(api::router())
}
