//! Feeds and the sitemap go out like anonymous article pages: rendered once
//! per change into the page cache (so they retire with it), with an ETag, 304
//! for a reader that has them, compressed variants, and the same
//! `Cache-Control`. Also who the site is, as feeds and JSON-LD name it.

use std::future::Future;

use axum::http::HeaderMap;
use axum::response::Response;

use crate::article::cache::Lookup;
use crate::error::Result;
use crate::state::AppState;

/// Atom, as RFC 4287 registers it.
pub const ATOM: &str = "application/atom+xml; charset=utf-8";
/// The sitemap.
pub const XML: &str = "application/xml; charset=utf-8";

/// The document under `key` from the cache, or rendered by `render` and kept.
pub async fn serve<F, Fut>(
    state: &AppState,
    key: &str,
    content_type: &'static str,
    headers: &HeaderMap,
    render: F,
) -> Result<Response>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<String>>,
{
    if let Lookup::Fresh(page) = state.cache.lookup(key) {
        return Ok(page.respond(headers));
    }
    // Read before querying: a document made from data older than a concurrent
    // change is never kept as current (see `PageCache::generation`).
    let generation = state.cache.generation();
    let body = render().await?;
    Ok(state
        .cache
        .put_as(key.to_owned(), generation, body, content_type)
        .respond(headers))
}

/// Who writes the site, as feeds and JSON-LD name them.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The site's name (the author's setting, else the author's name).
    pub site_name: String,
    pub description: String,
    /// The author account's shown name, else the name the articles give.
    pub author: String,
    /// The contact address, when it is an e-mail address.
    pub email: Option<String>,
}

/// The site's identity from the author's settings and account.
pub async fn identity(state: &AppState) -> Result<Identity> {
    let site = crate::layout::load::site(state).await?;
    let fallback = state
        .articles
        .all()
        .first()
        .map_or_else(|| site.name.clone(), |a| a.author.clone());
    let author = super::store::author_name(&state.pool)
        .await?
        .unwrap_or(fallback);
    Ok(Identity {
        site_name: site.name,
        description: site.description,
        author,
        email: site.contact_email,
    })
}
