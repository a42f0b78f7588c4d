//! Benchmark baseline (not part of the site): the smallest axum 0.8 server that
//! answers every GET with the bytes of one file, or of its gzip copy when the
//! request accepts gzip. `benches/run.sh` serves the article page's exact bytes
//! with it, to show what the framework itself costs next to Reacties.
//!
//! Usage: `cargo bench --bench bare_axum -- PAGE.html PAGE.html.gz 127.0.0.1:4001`
//! (cargo adds `--bench`, which is ignored).

use std::net::SocketAddr;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

#[derive(Clone)]
struct Page {
    plain: Bytes,
    gzip: Bytes,
}

async fn page(State(page): State<Page>, headers: HeaderMap) -> Response {
    let gzip = headers
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));
    let html = HeaderValue::from_static("text/html; charset=utf-8");
    if gzip {
        let encoding = HeaderValue::from_static("gzip");
        (
            [(CONTENT_TYPE, html), (CONTENT_ENCODING, encoding)],
            page.gzip,
        )
            .into_response()
    } else {
        ([(CONTENT_TYPE, html)], page.plain).into_response()
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [plain, gzip, addr] = args.as_slice() else {
        anyhow::bail!("gebruik: bare_axum PAGINA.html PAGINA.html.gz ADRES:POORT");
    };
    let bytes = Page {
        plain: Bytes::from(std::fs::read(plain)?),
        gzip: Bytes::from(std::fs::read(gzip)?),
    };
    let addr: SocketAddr = addr.parse()?;
    let app = Router::new().fallback(page).with_state(bytes);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
