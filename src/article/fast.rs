//! The early answer for the most common request: an anonymous reader fetching an
//! article page that is in the page cache. It runs before the router and its
//! layers (session loading, CSRF, compression, timeouts, error redrawing), all of
//! which do nothing for such a request, and answers with the same headers and the
//! same log line. Everything else, and a page that is not fresh in the cache, goes
//! through the router as usual.

use std::convert::Infallible;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::http::header::COOKIE;
use axum::http::{Method, Request as HttpRequest};
use axum::response::Response;
use futures_util::future::{Either, Ready, ready};
use tower::Service;

use super::cache::Lookup;
use crate::conversation::order::Order;
use crate::i18n::Lang;
use crate::state::AppState;

/// The router with the early answer in front of it.
#[derive(Clone, Debug)]
pub struct FastPath {
    state: AppState,
    router: Router,
    https: bool,
}

impl FastPath {
    /// `router` answers what the fast path does not.
    pub fn new(state: AppState, router: Router) -> Self {
        let https = state.config.is_https();
        Self {
            state,
            router,
            https,
        }
    }

    /// The cached answer, when the request is one the fast path may answer.
    fn answer<B>(&self, request: &HttpRequest<B>) -> Option<Response> {
        let started = Instant::now();
        // The author's language setting, when it is in memory; else the router loads it.
        let (site, accept) = self.state.policy.language_now()?;
        let lang = crate::i18n::choose(request.headers(), site, accept);
        let key = cache_key(&self.state, request, lang)?;
        let Lookup::Fresh(page) = self.state.cache.lookup(&key) else {
            return None;
        };
        self.state.cache.count_early_answer();
        crate::http::client::note_forwarded(&self.state, request.headers(), request.extensions());
        let mut response = page.respond(request.headers());
        crate::i18n::vary_on_accept_language(&mut response, accept);
        crate::security::add_headers(response.headers_mut(), self.https);
        // The fields the router's trace layer logs for a request, in one line
        // without a span: the span (made, formatted, closed per request) cost
        // more than the line.
        crate::telemetry::request_finished(
            "/{slug}",
            started.elapsed().as_millis(),
            response.status().as_u16(),
        );
        Some(response)
    }
}

/// The cache key of an anonymous GET of an article page (`/{slug}`, with at most
/// `?pagina=N`), or `None` for anything else: another method, path or query,
/// or any of our cookies (a session, a confirmation to show). Pages are kept
/// per language (`lang`), in the same one string.
fn cache_key<B>(state: &AppState, request: &HttpRequest<B>, lang: Lang) -> Option<String> {
    if request.method() != Method::GET {
        return None;
    }
    let carries_ours = request
        .headers()
        .get_all(COOKIE)
        .iter()
        .any(|v| v.as_bytes().windows(9).any(|w| w == b"reacties_"));
    if carries_ours {
        return None;
    }
    let uri = request.uri();
    let slug = uri.path().strip_prefix('/')?;
    let article = state.articles.get(slug)?;
    let page = match uri.query() {
        None | Some("") => 1,
        Some(query) => {
            let digits = query.strip_prefix("pagina=")?;
            if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            digits.parse::<i64>().ok().filter(|p| *p >= 1)?
        }
    };
    // The anonymous page's key (see `page::anonymous_page`): the default order.
    Some(format!(
        "{}/{}/{page}/{}",
        article.slug,
        Order::default().as_str(),
        lang.code()
    ))
}

// For any request body: hyper's, and the one the live streams' own path
// (`server::streams`) makes.
impl<B> Service<HttpRequest<B>> for FastPath
where
    Router: Service<HttpRequest<B>, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future =
        Either<Ready<Result<Response, Infallible>>, <Router as Service<HttpRequest<B>>>::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        <Router as Service<HttpRequest<B>>>::poll_ready(&mut self.router, cx)
    }

    fn call(&mut self, request: HttpRequest<B>) -> Self::Future {
        match self.answer(&request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.router.call(request)),
        }
    }
}
