//! The read-only JSON API under `/api/v1`: articles, one article with its
//! reasons' tallies, and its reactions in threads with a cursor. Anonymous
//! data only: the session layer skips these paths (no cookie is read or set),
//! any origin may GET them (CORS), and answers carry ETags like the pages.
//!
//! The OpenAPI 3.1 document is generated from the handlers' annotations by
//! utoipa; the router and the document come from one list (`api_routes`), and
//! a test checks that they agree. It is served in the request's language
//! (`docs`), like the error messages.

pub mod docs;
pub mod error;
pub mod handlers;
pub mod model;

use axum::Router;
use axum::http::header::{ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use tower_http::cors::{Any, CorsLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Reacties",
        description = "Alleen-lezen: de artikelen en de reacties die iedereen op de site ziet.",
        version = "1"
    ),
    tags(
        (name = "artikelen", description = "De artikelen"),
        (name = "reacties", description = "De reacties, in draden"),
        (name = "api", description = "Deze beschrijving"),
    )
)]
struct ApiDoc;

/// The API's routes with their documentation.
fn api_routes() -> OpenApiRouter<AppState> {
    let api = OpenApiRouter::new()
        .routes(routes!(handlers::list_articles))
        .routes(routes!(handlers::get_article))
        .routes(routes!(handlers::list_reactions))
        .routes(routes!(openapi_json));
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(PREFIX, api)
}

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().into_openapi()
}

/// The API's router: JSON errors for unknown paths and methods, CORS for any origin.
pub fn router() -> Router<AppState> {
    let (router, _) = api_routes().split_for_parts();
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

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "api",
    responses((status = 200, description = "Het OpenAPI-3.1-document van deze API", content_type = "application/json", body = Object))
)]
pub(crate) async fn openapi_json(headers: HeaderMap) -> Result<Response, error::ApiError> {
    handlers::respond_json(docs::document(crate::i18n::current()), &headers)
}
