//! The two streams: `GET /{slug}/live` for everyone reading an article (one
//! shared fan-out; an event carries only what anonymous readers see, so it is
//! the same for every viewer) and `GET /moderatie/live` for the author.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, HeaderMap, HeaderName, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use tokio::sync::{broadcast, watch};

use super::hub::{ClientSlot, Hub, Missed, Stamped};
use super::refresh;
use crate::accounts::extract::Author;
use crate::error::{AppError, Result};
use crate::http::client::ClientIp;
use crate::state::AppState;

/// Streams one client may hold open at once (a reader with many tabs, or a
/// household behind one address); beyond it the stream is refused with 429.
pub const STREAMS_PER_CLIENT: usize = 64;
/// How long a browser waits before it reconnects (the SSE `retry:` field).
const RETRY: Duration = Duration::from_secs(3);
/// A comment line this often keeps proxies from closing a quiet stream.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// GET /{slug}/live
pub(crate) async fn article_stream(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    client: ClientIp,
    headers: HeaderMap,
) -> Result<Response> {
    let article = state.articles.find(&slug)?;
    let slot = take_slot(&state, &client)?;
    let (hub, subscription) = state.live.article(&slug, last_event_id(&headers));
    // The first subscriber's look is what later changes are compared with.
    refresh::ensure_article_seen(&state, &hub, &article).await?;
    Ok(respond(&state, subscription, slot, hub))
}

/// GET /moderatie/live: the author's waiting count.
pub(crate) async fn queue_stream(
    State(state): State<AppState>,
    _author: Author,
    client: ClientIp,
    headers: HeaderMap,
) -> Result<Response> {
    let slot = take_slot(&state, &client)?;
    let hub = state.live.queue();
    let subscription = hub.subscribe(last_event_id(&headers));
    refresh::ensure_queue_seen(&state, &hub).await?;
    Ok(respond(&state, subscription, slot, hub))
}

fn take_slot(state: &AppState, client: &ClientIp) -> Result<ClientSlot> {
    let max = state.config.rate_limits.then_some(STREAMS_PER_CLIENT);
    state
        .live
        .take_slot(client.key(state), max)
        .ok_or_else(|| AppError::TooMany {
            retry_after: 60,
            message: crate::i18n::t().messages.too_many_live.into(),
        })
}

fn last_event_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|id| !id.is_empty())
}

/// The SSE response: a `retry:` first, then what was missed, then live events,
/// until the client goes, falls too far behind, or the server shuts down.
fn respond<S: Send + Sync + 'static>(
    state: &AppState,
    subscription: super::hub::Subscription,
    slot: ClientSlot,
    hub: Arc<Hub<S>>,
) -> Response {
    let mut first = vec![Event::default().retry(RETRY).comment("verbonden")];
    match subscription.missed {
        Missed::Events(events) => first.extend(events.iter().map(|e| to_event(e))),
        Missed::TooMuch => first.push(Event::default().event("herladen").data("{}")),
    }
    let open = Open {
        first: first.into_iter(),
        events: subscription.events,
        closing: state.live.closing(),
        _slot: slot,
        _hub: hub,
    };
    let stream = events(open);
    let sse = Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT).text("."));
    (
        [
            // Nginx would otherwise hold the events back in its buffer.
            (
                HeaderName::from_static("x-accel-buffering"),
                HeaderValue::from_static("no"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        sse,
    )
        .into_response()
}

fn to_event(stamped: &Stamped) -> Event {
    Event::default()
        .id(&stamped.id)
        .event(stamped.name)
        .data(&stamped.data)
}

/// One open stream's state.
struct Open<S> {
    first: std::vec::IntoIter<Event>,
    events: broadcast::Receiver<Arc<Stamped>>,
    closing: watch::Receiver<bool>,
    _slot: ClientSlot,
    /// Keeps the hub while someone listens.
    _hub: Arc<Hub<S>>,
}

fn events<S: Send + Sync + 'static>(
    open: Open<S>,
) -> impl Stream<Item = std::result::Result<Event, Infallible>> + Send {
    futures_util::stream::unfold(open, |mut open| async move {
        if let Some(event) = open.first.next() {
            return Some((Ok(event), open));
        }
        let next = tokio::select! {
            _ = open.closing.wait_for(|closing| *closing) => None,
            received = open.events.recv() => match received {
                Ok(event) => Some(to_event(&event)),
                // Too far behind (or the hub is gone): the stream ends and the
                // browser reconnects with Last-Event-ID, replayed from the buffer.
                Err(broadcast::error::RecvError::Lagged(_) | broadcast::error::RecvError::Closed) => None,
            },
        };
        next.map(|event| (Ok(event), open))
    })
}
