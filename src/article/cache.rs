//! The rendered article pages that anonymous readers get, kept in memory. Every
//! request that changed what they see bumps a generation number, which retires all
//! pages at once; pages also retire after a short time so relative dates and
//! automatic closing stay right. Compressed variants are made once, on demand.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::renders::{RenderClaim, Renders};

/// Put on a response whose request changed what anonymous readers see (a
/// published reaction, an edit, a moderation action): the page cache is retired
/// once the response leaves. Other requests, a login or a preview say, leave
/// the cached pages alone.
#[derive(Debug, Clone, Copy)]
pub struct PageChanged;

/// Marks `response` as having changed what anonymous readers see.
pub fn changed(mut response: Response) -> Response {
    response.extensions_mut().insert(PageChanged);
    response
}

/// The longest a coalesced change (`bump_soon`) waits to retire the pages.
pub const COALESCE: Duration = Duration::from_secs(1);
/// How long a rendered page may be served.
const TTL: Duration = Duration::from_secs(30);
/// What anonymous readers' browsers and proxies may do with a page.
pub const PUBLIC_CACHE_CONTROL: &str = "public, max-age=5, stale-while-revalidate=30";
/// Pages for a logged-in reader are theirs alone.
pub const PRIVATE_CACHE_CONTROL: &str = "private, no-cache";

/// One rendered page.
#[derive(Debug)]
pub struct CachedPage {
    generation: u64,
    made: Instant,
    etag: HeaderValue,
    /// `text/html` for pages; feeds and the sitemap are kept here too.
    content_type: &'static str,
    html: Bytes,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

/// The most pages kept; the oldest go first.
const MAX_PAGES: usize = 64;

/// The cache of rendered pages.
#[derive(Debug, Default)]
pub struct PageCache {
    generation: AtomicU64,
    /// Pages answered before the router (see `fast`), for the operator and the tests.
    early: AtomicU64,
    /// Pages rendered and handed to `put` since start-up, for the tests.
    rendered: AtomicU64,
    /// A bump is scheduled (see `bump_soon`).
    bump_pending: AtomicBool,
    pages: RwLock<HashMap<String, Arc<CachedPage>>>,
    /// Keys being rendered right now, so a burst of readers renders a page once.
    renders: Renders,
}

/// What the cache has for a key.
#[derive(Debug)]
pub enum Lookup {
    Fresh(Arc<CachedPage>),
    /// Retired, but good enough to serve while one request renders its successor.
    Stale(Arc<CachedPage>),
    Missing,
}

impl PageCache {
    /// The current generation; read it before querying, so a page rendered from
    /// data older than a concurrent write is never stored as current.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Counts a page answered before the router.
    pub fn count_early_answer(&self) {
        self.early.fetch_add(1, Ordering::Relaxed);
    }

    /// How many pages were answered before the router since start-up.
    pub fn early_answers(&self) -> u64 {
        self.early.load(Ordering::Relaxed)
    }

    /// How many pages were rendered for the cache since start-up.
    pub fn rendered(&self) -> u64 {
        self.rendered.load(Ordering::Relaxed)
    }

    /// Retires every page (something changed).
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Retires every page within `COALESCE` from now: for changes that come in
    /// bursts (thousands of stances a second), so the cache still serves in
    /// between. Call it after the change committed: a bump already scheduled
    /// then still comes after the commit.
    pub fn bump_soon(self: &Arc<Self>) {
        if self.bump_pending.swap(true, Ordering::AcqRel) {
            return;
        }
        let cache = Arc::clone(self);
        tokio::spawn(async move {
            tokio::time::sleep(COALESCE).await;
            cache.bump_pending.store(false, Ordering::Release);
            cache.bump();
        });
    }

    /// The page for `key`: current, retired, or none.
    pub fn lookup(&self, key: &str) -> Lookup {
        let Ok(pages) = self.pages.read() else {
            return Lookup::Missing;
        };
        match pages.get(key) {
            Some(page) if page.generation == self.generation() && page.made.elapsed() < TTL => {
                Lookup::Fresh(Arc::clone(page))
            }
            Some(page) => Lookup::Stale(Arc::clone(page)),
            None => Lookup::Missing,
        }
    }

    /// Claims the rendering of `key`; `None` when another request is rendering
    /// it (the others serve the stale copy, or wait for it).
    pub fn claim(&self, key: &str) -> Option<RenderClaim<'_>> {
        self.renders.claim(key)
    }

    /// Waits (a little while at most) for the request rendering `key` to finish.
    pub async fn wait_for(&self, key: &str) {
        self.renders.wait_for(key).await;
    }

    /// Stores a page rendered at `generation` (current, or retired when
    /// something changed meanwhile).
    pub fn put(&self, key: String, generation: u64, html: String) -> Arc<CachedPage> {
        self.put_as(key, generation, html, "text/html; charset=utf-8")
    }

    /// Stores a document of another type (a feed, the sitemap) rendered at `generation`.
    pub fn put_as(
        &self,
        key: String,
        generation: u64,
        html: String,
        content_type: &'static str,
    ) -> Arc<CachedPage> {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let page = Arc::new(CachedPage::new(generation, html, content_type));
        // A page rendered while something changed is kept too, but as retired
        // (its generation is behind): the next reader renders its successor
        // and the others are served this one meanwhile. Dropping it instead
        // left nothing to serve under steady writes, when a change lands
        // during every render, and then every waiting reader rendered the
        // page itself: 200 req/s where 19,000 were served without writes.
        // A render never replaces a newer one that finished first.
        if let Ok(mut pages) = self.pages.write()
            && pages
                .get(&key)
                .is_none_or(|kept| kept.generation <= generation)
        {
            if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
                let oldest = pages
                    .iter()
                    .min_by_key(|(_, p)| p.made)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    pages.remove(&oldest);
                }
            }
            pages.insert(key, Arc::clone(&page));
        }
        page
    }
}

pub fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut fields = part.split(';');
            let name = fields.next().unwrap_or("").trim();
            let refused = fields.any(|f| f.trim().replace(' ', "") == "q=0");
            name.eq_ignore_ascii_case(coding) && !refused
        })
}

fn gzip(html: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    match encoder.write_all(html).and_then(|()| encoder.finish()) {
        Ok(out) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

fn brotli(html: &[u8]) -> Bytes {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        if writer.write_all(html).is_err() {
            return Bytes::new();
        }
    }
    Bytes::from(out)
}

impl CachedPage {
    /// A rendered document with its ETag (the generation and a hash of the
    /// body), not stored: `PageCache::put_as` stores one, the API answers with
    /// one per request.
    pub fn new(generation: u64, body: String, content_type: &'static str) -> Self {
        let mut hasher = DefaultHasher::new();
        body.hash(&mut hasher);
        let etag = HeaderValue::from_str(&format!("\"{generation:x}-{:016x}\"", hasher.finish()))
            .unwrap_or(HeaderValue::from_static("\"0\""));
        Self {
            generation,
            made: Instant::now(),
            etag,
            content_type,
            html: Bytes::from(body),
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    /// The response for a request with these headers: 304 when the reader has it,
    /// otherwise the page in the best encoding the reader accepts.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(ETAG, self.etag.clone());
        headers.insert(
            CACHE_CONTROL,
            HeaderValue::from_static(PUBLIC_CACHE_CONTROL),
        );
        headers.insert(VARY, HeaderValue::from_static("Cookie, Accept-Encoding"));
        let fresh = request
            .get_all(IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|tag| tag.trim() == self.etag.to_str().unwrap_or_default() || tag.trim() == "*");
        if fresh {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        let body = if accepts(request, "br") {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static("br"));
            self.brotli.get_or_init(|| brotli(&self.html)).clone()
        } else if accepts(request, "gzip") {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            self.gzip.get_or_init(|| gzip(&self.html)).clone()
        } else {
            self.html.clone()
        };
        (StatusCode::OK, headers, body).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bump_retires_pages_and_stale_renders_are_kept_as_retired() {
        let cache = PageCache::default();
        let generation = cache.generation();
        cache.put("a/1".into(), generation, "<p>een</p>".into());
        assert!(matches!(cache.lookup("a/1"), Lookup::Fresh(_)));
        cache.bump();
        assert!(!matches!(cache.lookup("a/1"), Lookup::Fresh(_)));
        // A render that started before the bump is not kept as current, but
        // it is there to serve while its successor is rendered.
        cache.put("b/1".into(), generation, "<p>oud</p>".into());
        assert!(matches!(cache.lookup("b/1"), Lookup::Stale(_)));
    }

    #[test]
    fn an_older_render_never_replaces_a_newer_one() {
        let cache = PageCache::default();
        let before = cache.generation();
        cache.bump();
        let after = cache.generation();
        cache.put("a/1".into(), after, "<p>nieuw</p>".into());
        cache.put("a/1".into(), before, "<p>oud</p>".into());
        let Lookup::Fresh(page) = cache.lookup("a/1") else {
            panic!("the newer page is current");
        };
        assert_eq!(&page.html[..], b"<p>nieuw</p>");
    }

    #[test]
    fn a_retired_page_is_served_while_one_request_renders_its_successor() {
        let cache = PageCache::default();
        cache.put("a/1".into(), cache.generation(), "<p>oud</p>".into());
        cache.bump();
        assert!(matches!(cache.lookup("a/1"), Lookup::Stale(_)));
        let claim = cache.claim("a/1");
        assert!(claim.is_some());
        assert!(cache.claim("a/1").is_none(), "only one renderer");
        drop(claim);
        assert!(cache.claim("a/1").is_some());
        assert!(matches!(cache.lookup("b/1"), Lookup::Missing));
    }

    #[test]
    fn encodings_follow_accept_encoding_and_etags_give_304() {
        let cache = PageCache::default();
        let page = cache.put("a/1".into(), 0, "<p>hallo</p>".repeat(100));
        let mut request = HeaderMap::new();
        request.insert(
            ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br"),
        );
        let response = page.respond(&request);
        assert_eq!(response.headers()[CONTENT_ENCODING], "br");
        request.insert(
            ACCEPT_ENCODING,
            HeaderValue::from_static("gzip;q=1, br;q=0"),
        );
        assert_eq!(page.respond(&request).headers()[CONTENT_ENCODING], "gzip");
        request.remove(ACCEPT_ENCODING);
        let plain = page.respond(&request);
        assert!(plain.headers().get(CONTENT_ENCODING).is_none());
        let etag = plain.headers()[ETAG].clone();
        request.insert(IF_NONE_MATCH, etag);
        assert_eq!(page.respond(&request).status(), StatusCode::NOT_MODIFIED);
    }
}
