//! For search engines: `/sitemap.xml` lists the index and every article, each
//! with the moment it last changed (its newest approved reaction, else its
//! date); `/robots.txt` lets them read the articles and keeps them out of the
//! account pages, the author's pages and the form endpoints.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::cached::{self, XML};
use super::feeds::published_at;
use crate::article::cache::PUBLIC_CACHE_CONTROL;
use crate::dates;
use crate::error::Result;
use crate::state::AppState;

struct Url {
    loc: String,
    lastmod: String,
}

#[derive(Template)]
#[template(path = "reach/sitemap.xml")]
struct Sitemap {
    urls: Vec<Url>,
}

/// GET /sitemap.xml
pub(crate) async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    cached::serve(&state, "reach:sitemap", XML, &headers, || async {
        let last = super::store::last_reaction_at(&state.pool).await?;
        let base = state.config.base_url();
        let mut urls: Vec<(String, i64)> = state
            .articles
            .all()
            .iter()
            .map(|a| {
                let changed = last.get(&a.slug).copied().unwrap_or(0).max(published_at(a));
                (format!("{base}/{}", a.slug), changed)
            })
            .collect();
        let newest = urls.iter().map(|(_, at)| *at).max().unwrap_or(0);
        urls.insert(0, (format!("{base}/"), newest));
        let urls = urls
            .into_iter()
            .map(|(loc, at)| Url {
                loc,
                lastmod: dates::iso(dates::from_unix(at)),
            })
            .collect();
        Ok(Sitemap { urls }.render()?)
    })
    .await
}

/// Paths no search engine needs: accounts, the author's pages, what only forms
/// reach (posting, previews, stances, editing, reporting), private feeds.
const DISALLOWED: &[&str] = &[
    "/account",
    "/inloggen",
    "/registreren",
    "/uitloggen",
    "/moderatie",
    "/voor-jou",
    "/mijn-reacties",
    "/voorbeeld",
    "/reacties/",
    "/*/reacties$",
    "/*/redenen/",
    "/wachtwoord-",
    "/e-mail/",
];

/// The text of robots.txt (RFC 9309) for a site at `base`.
pub fn robots_txt(base: &str) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    for path in DISALLOWED {
        out.push_str("Disallow: ");
        out.push_str(path);
        out.push('\n');
    }
    out.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    out
}

/// GET /robots.txt
pub(crate) async fn robots(State(state): State<AppState>) -> Response {
    (
        [
            (CONTENT_TYPE, "text/plain; charset=utf-8"),
            (CACHE_CONTROL, PUBLIC_CACHE_CONTROL),
        ],
        robots_txt(state.config.base_url()),
    )
        .into_response()
}
