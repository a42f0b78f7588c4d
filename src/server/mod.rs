//! The HTTP server under the router, in place of `axum::serve`, for the limits
//! that lacks: at most `max_connections` connections at once (more wait in the
//! operating system's queue), a deadline for a request's headers that also
//! closes idle keep-alive connections, and a shutdown that lets requests in
//! flight finish but closes everything after a bounded grace period.
//!
//! HTTP/1.1 only, as `axum::serve` was in this build (axum's `http2` feature is
//! off): a reverse proxy speaks HTTP/1.1 to its backend. A connection that opens
//! with a request for a live stream is answered by `streams`, without hyper.

mod streams;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use std::convert::Infallible;

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;
use tower::{Service, ServiceExt};

use crate::config::Config;

/// The connection limits, from the settings.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// From a connection's start, or its previous answer, to a request's full
    /// headers (hyper starts this clock whenever it waits for a request head,
    /// so it is also the idle keep-alive timeout).
    pub header_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// How long shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
}

impl ConnectionLimits {
    /// The limits as configured.
    pub fn from_config(config: &Config) -> Self {
        Self {
            header_timeout: Duration::from_secs(config.header_timeout.max(1)),
            max_connections: config.max_connections.max(1),
            shutdown_grace: Duration::from_secs(config.shutdown_grace),
        }
    }
}

/// Serves `router` (the app's router, or anything in front of it) on `listener` until `shutdown` completes; then stops
/// accepting, lets requests in flight finish and closes idle connections, and
/// after the grace period closes whatever is left.
pub async fn serve<S>(
    listener: TcpListener,
    router: S,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) where
    S: Service<Request<Incoming>, Response = Response, Error = Infallible>
        + Service<Request<axum::body::Body>, Response = Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    <S as Service<Request<Incoming>>>::Future: Send + 'static,
    <S as Service<Request<axum::body::Body>>>::Future: Send + 'static,
{
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    // Connections not yet handed to hyper (still showing what they ask for, or
    // answered by `streams`) hear of the shutdown through this.
    let (stopping, stop) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // Forget connections that have ended.
        while connections.try_join_next().is_some() {}
        let (stream, peer, slot) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = accept(&listener, &slots) => match accepted {
                Some(accepted) => accepted,
                None => continue,
            },
        };
        // Answers go out as soon as they are written, not after Nagle's delay.
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY niet gezet");
        }
        let router = router.clone();
        let watcher = graceful.watcher();
        let mut stop = stop.clone();
        let http = http.clone();
        connections.spawn(async move {
            // What the connection asks for first decides who serves it; one that
            // says nothing within the header deadline is closed, as hyper would.
            let first = tokio::select! {
                _ = stop.wait_for(|stopping| *stopping) => return,
                first = tokio::time::timeout(limits.header_timeout, streams::asks_for_stream(&stream)) => first,
            };
            match first {
                // A stream ends by itself at shutdown (`live::Hubs::close`).
                Ok(Ok(true)) => streams::serve(stream, peer, router, limits.header_timeout).await,
                Ok(Ok(false)) => {
                    // The router for this connection, with the peer's address for `ClientIp`.
                    let service = router.map_request(move |mut request: Request<Incoming>| {
                        request.extensions_mut().insert(ConnectInfo(peer));
                        request
                    });
                    let service = TowerToHyperService::new(service);
                    let connection = http.serve_connection(TokioIo::new(stream), service);
                    if let Err(e) = watcher.watch(connection).await {
                        // Timeouts and clients that go away mid-request end up here.
                        tracing::debug!(error = %e, "verbinding beëindigd");
                    }
                }
                Ok(Err(_)) | Err(_) => {}
            }
            drop(slot);
        });
    }
    drop(listener);
    tracing::info!(
        open = graceful.count(),
        "{}",
        crate::i18n::logs().log.stopping
    );
    // The live streams end by themselves at shutdown (`live::Hubs::close`);
    // what is still waiting to say what it asks for is let go now.
    let _ = stopping.send(true);
    let deadline = tokio::time::Instant::now() + limits.shutdown_grace;
    let finished = tokio::time::timeout_at(deadline, graceful.shutdown()).await;
    if finished.is_err() {
        tracing::warn!("{}", crate::i18n::logs().log.grace_over);
    }
    // The streams, whose connections hyper does not know, within the same grace.
    let _ = tokio::time::timeout_at(deadline, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    // Ends what is left (after the grace period, or tasks already done).
    connections.shutdown().await;
}

/// Waits for a free slot, then for a connection; `None` after an accept error.
async fn accept(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> Option<(TcpStream, SocketAddr, OwnedSemaphorePermit)> {
    let slot = Arc::clone(slots).acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, peer)) => Some((stream, peer, slot)),
        Err(e) if is_connection_error(&e) => None,
        Err(e) => {
            // Out of file descriptors, say: wait a moment instead of spinning.
            tracing::error!(error = %e, "{}", crate::i18n::logs().log.accept_failed);
            tokio::time::sleep(Duration::from_secs(1)).await;
            None
        }
    }
}

/// Errors that concern one connection only (as `axum::serve` treats them).
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Raises the soft limit on open files to the hard limit: every connection (and
/// every live stream holds one for as long as a page is open) needs a file
/// descriptor, and the usual soft limit of 1,024 is far below `max_connections`.
/// Warns when even the hard limit is lower than that.
#[cfg(unix)]
pub fn raise_file_limit(max_connections: usize) {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => {
            // Beside connections: the database, the log, the listener.
            let needed = u64::try_from(max_connections)
                .unwrap_or(u64::MAX)
                .saturating_add(64);
            if limit < needed {
                tracing::warn!(
                    limit,
                    needed,
                    "{}",
                    crate::i18n::logs().log_file_limit_low(limit)
                );
            } else {
                tracing::debug!(limit, "grens voor open bestanden");
            }
        }
        Err(e) => tracing::warn!(error = %e, "{}", crate::i18n::logs().log.file_limit_not_raised),
    }
}

/// Elsewhere the operating system's default stands.
#[cfg(not(unix))]
pub fn raise_file_limit(_max_connections: usize) {}
