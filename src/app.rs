//! AppState and the router: merges the domain routers and adds the layers.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sqlx::SqlitePool;
use tower_http::LatencyUnit;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use crate::article::cache::PageCache;
use crate::article::{self, Articles};
use crate::clock::Clock;
use crate::comments::PagedArticles;
use crate::comments::writer::Writer;
use crate::config::Config;
use crate::error::AppError;
use crate::form::MAX_FORM_BYTES;
use crate::limits::Limits;
use crate::moderation::cached::PolicyCache;
use crate::security::{self, ServerKey};
use crate::{accounts, comments, db, moderation, static_files};

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub config: Arc<Config>,
    pub articles: Arc<Articles>,
    pub clock: Arc<dyn Clock>,
    /// Signs forms and keys client hashes.
    pub key: ServerKey,
    pub limits: Arc<Limits>,
    /// Stores new reactions with group commit.
    pub writer: Writer,
    /// Rendered pages for anonymous readers.
    pub cache: Arc<PageCache>,
    /// The author's settings and closed articles.
    pub policy: Arc<PolicyCache>,
    /// Articles whose reactions span several pages.
    pub paged: Arc<PagedArticles>,
}

impl AppState {
    /// Opens the database, runs migrations and loads the articles.
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let articles = Articles::load(&config.content)?;
        let pool = db::connect(&config).await?;
        let key = sqlx::query_scalar!("SELECT value FROM secrets WHERE name = 'server_key'")
            .fetch_one(&pool)
            .await?;
        Ok(Self {
            key: ServerKey::from_hex(&key)?,
            limits: Arc::new(Limits::new(&config)),
            writer: Writer::spawn(pool.clone()),
            cache: Arc::new(PageCache::default()),
            policy: Arc::new(PolicyCache::default()),
            paged: Arc::new(PagedArticles::default()),
            pool,
            config: Arc::new(config),
            articles: Arc::new(articles),
            clock,
        })
    }

    /// Now, as stored in the database: Unix seconds, UTC.
    pub fn now_unix(&self) -> i64 {
        self.clock.now().as_second()
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let csrf = CsrfLayer::new().with_rejection_response(|_| AppError::CrossSite.into_response());
    let https = state.config.is_https();
    let timeout = Duration::from_secs(state.config.request_timeout.max(1));
    Router::new()
        .merge(article::router())
        .merge(comments::router())
        .merge(accounts::router())
        .merge(moderation::router())
        .merge(static_files::router())
        .route("/healthz", get(healthz))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            retire_cached_pages,
        ))
        .layer(middleware::from_fn(crate::error::with_user_on_error_pages))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            accounts::session::load_session,
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

/// Any request that may have changed something retires the cached pages once it
/// is done (after its commit).
async fn retire_cached_pages(
    State(state): State<AppState>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let changes = !matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    let response = next.run(request).await;
    if changes && response.status().as_u16() < 400 {
        state.cache.bump();
    }
    response
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> Response {
    match sqlx::query_scalar!("SELECT 1").fetch_one(&state.pool).await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(_) => AppError::Unavailable.into_response(),
    }
}
