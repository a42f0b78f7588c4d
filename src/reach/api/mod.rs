//! The read-only JSON API under `/api/v1`: articles, one article with its
//! reasons' tallies, and its reactions in threads with a cursor. Anonymous
//! data only: the session layer skips these paths (no cookie is read or set),
//! any origin may GET them (CORS), and answers carry ETags like the pages.
//!
//! The OpenAPI 3.1 document is generated from the handlers' annotations by
//! utoipa; the router and the document come from one list (`api_routes`), and
//! a test checks that they agree (both in `docs`). It is served in the
//! request's language, like the error messages.

pub mod docs;
pub mod error;
pub mod handlers;
pub mod model;

use axum::Router;
use axum::http::Method;
use axum::http::header::{ETAG, IF_NONE_MATCH};
use tower_http::cors::{Any, CorsLayer};

pub use docs::{PREFIX, openapi};

use crate::state::AppState;

/// The API's router: JSON errors for unknown paths and methods, CORS for any origin.
pub fn router() -> Router<AppState> {
    let (router, _) = docs::api_routes().split_for_parts();
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([IF_NONE_MATCH])
        .expose_headers([ETAG]);
    let unknown = Router::new()
        .route(
            &format!("{PREFIX}/{{*rest}}"),
            axum::routing::any(error::unknown_path),
        )
        .route(PREFIX, axum::routing::any(error::unknown_path));
    router
        .merge(unknown)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(cors)
}
