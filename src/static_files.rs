//! Static assets, compiled into the binary so one file deploys.

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::app::AppState;

const CSS: &str = include_str!("../static/reacties.css");
const ICON: &str = include_str!("../static/icoon.svg");

/// Routes for the stylesheet and icon.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/static/reacties.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/static/icoon.svg",
            get(|| async { asset("image/svg+xml", ICON) }),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
