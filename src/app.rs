//! The whole application: merges the domain routers, adds the layers, and
//! checks that no article's slug is shadowed by a route of its own.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower::ServiceExt;
use tower_http::LatencyUnit;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use crate::article::cache::PageChanged;
use crate::change::Change;
use crate::error::{AppError, ErrorText, render_error_page};
use crate::http::form::MAX_FORM_BYTES;
use crate::layout::Layout;
use crate::state::AppState;
use crate::{
    accounts, article, comments, conversation, live, mail, moderation, privacy, reach, security,
    static_files, transfer,
};

/// Every route, without the layers.
fn routes() -> Router<AppState> {
    Router::new()
        .merge(article::router())
        .merge(comments::router())
        .merge(conversation::router())
        .merge(accounts::router())
        .merge(privacy::router())
        .merge(moderation::router())
        .merge(transfer::router())
        .merge(reach::router())
        .merge(live::router())
        .merge(mail::router())
        .merge(static_files::router())
        .route("/healthz", get(healthz))
        .route("/taal", post(crate::language::switch_language))
        .route_layer(middleware::from_fn(answer_route_probe))
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let csrf = CsrfLayer::new().with_rejection_response(|_| AppError::CrossSite.into_response());
    let https = state.config.is_https();
    let timeout = Duration::from_secs(state.config.request_timeout.max(1));
    routes()
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            retire_cached_pages,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            with_layout_on_error_pages,
        ))
        .layer(middleware::from_fn(private_by_default))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            accounts::cookie::load_session,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::http::client::watch_forwarded,
        ))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
        .layer(csrf)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(middleware::from_fn(move |request, next| {
            security::headers(https, request, next)
        }))
        // Outside every other layer but the trace, so error pages drawn by any
        // of them speak the request's language.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::language::scope,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                ),
        )
        .with_state(state)
}

/// One span per request: method and matched route, never the query string
/// (it can hold return paths) or any header (cookies).
fn request_span(request: &Request) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(geen route)", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}

/// A request that changed what anonymous readers see (its handler marked the
/// response with `PageChanged`) retires the cached pages once it is done, after
/// its commit; any POST retires the pages shared by logged-in readers and
/// has the live streams look for changes.
async fn retire_cached_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !request.method().is_safe();
    let response = next.run(request).await;
    let mut change = Change::default();
    if response.extensions().get::<PageChanged>().is_some() {
        state.cache.bump();
        change = Change::PAGES;
    }
    // Pages for logged-in readers show more (pending reactions, the author's
    // queue): any request that may have changed something retires them.
    if writes {
        state.shared_pages.bump();
        // The live streams look at what changed (see `live::refresh`).
        state.live.touch();
        change = change.with(Change::WRITES);
        // The site's other instances hear it before the response leaves (on
        // PostgreSQL; nothing to tell on SQLite).
        state.instances.announce(change).await;
    }
    response
}

/// Pages for a logged-in visitor (the account page, the author's pages, any page
/// with their name in it) and responses that set a cookie are kept by no one:
/// `Cache-Control: private, no-store` unless the handler chose otherwise.
async fn private_by_default(request: Request, next: Next) -> Response {
    use axum::http::header::{CACHE_CONTROL, SET_COOKIE};
    let personal = request
        .extensions()
        .get::<accounts::model::Session>()
        .is_some();
    let mut response = next.run(request).await;
    let sets_cookie = response.headers().contains_key(SET_COOKIE);
    if (personal || sets_cookie) && !response.headers().contains_key(CACHE_CONTROL) {
        response.headers_mut().insert(
            CACHE_CONTROL,
            axum::http::HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// An error page drawn before anyone knew the visitor or the site is drawn again
/// with the site's name and the visitor's header (name, logout, queue count).
async fn with_layout_on_error_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let user = request
        .extensions()
        .get::<accounts::model::Session>()
        .map(|s| s.user.clone());
    let response = next.run(request).await;
    let Some(text) = response.extensions().get::<ErrorText>().cloned() else {
        return response;
    };
    // Drawn again with the site's name and, for a logged-in visitor, their header.
    let layout = crate::layout::load::for_user(&state, user.as_ref())
        .await
        .unwrap_or_else(|_| Layout::anonymous());
    let (parts, _) = response.into_parts();
    let mut redrawn = render_error_page(parts.status, text.title, &text.message, &layout);
    redrawn.headers_mut().extend(
        parts
            .headers
            .into_iter()
            .filter_map(|(name, value)| name.map(|n| (n, value)))
            .filter(|(name, _)| {
                name != axum::http::header::CONTENT_LENGTH
                    && name != axum::http::header::CONTENT_TYPE
            }),
    );
    redrawn
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// 200 when the database takes a write now, 503 otherwise (see `health`).
async fn healthz(State(state): State<AppState>) -> Response {
    if crate::health::can_write(&state.pool, &state.health).await {
        (StatusCode::OK, "ok").into_response()
    } else {
        AppError::Unavailable.into_response()
    }
}

/// Marks a request that only asks which route would answer it.
#[derive(Debug, Clone, Copy)]
struct RouteProbe;

/// The route that would have answered a probe.
#[derive(Debug, Clone)]
struct ProbedRoute(String);

/// Answers a probe (an extension no client can set) with the matched route,
/// without running the handler.
async fn answer_route_probe(request: Request, next: Next) -> Response {
    if request.extensions().get::<RouteProbe>().is_none() {
        return next.run(request).await;
    }
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_default();
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.extensions_mut().insert(ProbedRoute(route));
    response
}

/// Refuses to start when an article's address is taken by another route (say an
/// article with slug `voorbeeld`, which `/voorbeeld` already answers): the
/// reserved words are whatever the router holds, not a list kept by hand.
pub async fn check_article_slugs(state: &AppState) -> anyhow::Result<()> {
    let router = routes().with_state(state.clone());
    for article in state.articles.all() {
        let path = format!("/{}", article.slug);
        let mut request = Request::get(&path).body(Body::empty())?;
        request.extensions_mut().insert(RouteProbe);
        let response = router.clone().oneshot(request).await?;
        let route = response
            .extensions()
            .get::<ProbedRoute>()
            .map(|r| r.0.as_str());
        if route != Some("/{slug}") {
            anyhow::bail!(
                "het artikel '{}' kan niet op {path} staan: dat adres is al van de site zelf. Kies een andere slug.",
                article.title
            );
        }
    }
    Ok(())
}
