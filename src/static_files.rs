//! Static assets, compiled into the binary so one file deploys. Each is also
//! served under a name with a hash of its content, cached by browsers for a year.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::state::AppState;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
    hashed: String,
}

fn asset(name: &'static str, content_type: &'static str, body: &'static str) -> Asset {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    let hash = format!("{:08x}", hasher.finish() & 0xffff_ffff);
    let hashed = match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    };
    Asset {
        name,
        content_type,
        body,
        hashed,
    }
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    vec![
        asset(
            "reacties.css",
            "text/css; charset=utf-8",
            include_str!("../static/reacties.css"),
        ),
        asset(
            "icoon.svg",
            "image/svg+xml",
            include_str!("../static/icoon.svg"),
        ),
        asset(
            "reacties.js",
            "text/javascript; charset=utf-8",
            include_str!("../static/reacties.js"),
        ),
    ]
});

/// The URL of an asset, with its content hash: `/static/reacties.1a2b3c4d.css`.
pub fn url(name: &str) -> String {
    ASSETS.iter().find(|a| a.name == name).map_or_else(
        || format!("/static/{name}"),
        |a| format!("/static/{}", a.hashed),
    )
}

/// Routes for the assets.
pub fn router() -> Router<AppState> {
    Router::new().route("/static/{name}", get(serve_asset))
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=3600";

async fn serve_asset(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    if let Some(asset) = ASSETS.iter().find(|a| a.hashed == name) {
        return respond(
            asset.content_type,
            IMMUTABLE,
            Bytes::from_static(asset.body.as_bytes()),
        );
    }
    if let Some(asset) = ASSETS.iter().find(|a| a.name == name) {
        return respond(
            asset.content_type,
            SHORT,
            Bytes::from_static(asset.body.as_bytes()),
        );
    }
    if let Some(body) = bench_asset(&state, &name) {
        return respond("text/html; charset=utf-8", SHORT, body);
    }
    AppError::NotFound.into_response()
}

fn respond(content_type: &'static str, cache: &'static str, body: Bytes) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        body,
    )
        .into_response()
}

/// With `--bench-static-bytes N`, `/static/bench.html` is N bytes of HTML served
/// through this same route: the benchmark's baseline for "a static file of the
/// same size as the article page".
fn bench_asset(state: &AppState, name: &str) -> Option<Bytes> {
    static BODY: std::sync::OnceLock<Bytes> = std::sync::OnceLock::new();
    let size = state.config.bench_static_bytes;
    if name != "bench.html" || size == 0 {
        return None;
    }
    Some(
        BODY.get_or_init(|| {
            let line = "<p>Reacties zijn van harte welkom, voel je vrij om NEE te zeggen!</p>\n";
            Bytes::from(
                line.repeat(size / line.len() + 1)
                    .into_bytes()
                    .into_iter()
                    .take(size)
                    .collect::<Vec<u8>>(),
            )
        })
        .clone(),
    )
}
