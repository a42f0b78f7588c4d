//! Connections that open with a request for a live stream (`GET /{slug}/live`,
//! `GET /moderatie/live`) are answered here instead of by hyper.
//!
//! hyper gives every connection an 8 KB read buffer and an 8 KB write buffer
//! for as long as it is open. A live stream is open for as long as its page is,
//! and with ten thousand readers on one article those buffers were most of the
//! server's memory. Here the request head is read into a buffer that is dropped
//! once it is parsed; the request goes through the same service as every other
//! (every layer, every check), and the answer is written straight to the socket,
//! chunk by chunk, as it comes. The connection serves that one answer and closes.
//!
//! What is not recognised from the first bytes goes to hyper, so a request that
//! arrives in pieces, or a stream asked for on a connection that already served
//! a page (browsers reuse idle connections), is still answered, only without the
//! saving.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use axum::http::{HeaderName, HeaderValue, Method, Request, Uri, Version};
use axum::response::Response;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::{Service, ServiceExt};

/// Bytes looked at (without taking them) to recognise a stream request.
const PEEK_BYTES: usize = 256;
/// The largest request head accepted here; a stream request is far smaller.
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// A non-stream answer that reaches this path (a 404, a 429) is small; this
/// bounds what is held to send it.
const MAX_PLAIN_ANSWER: usize = 1024 * 1024;
/// A reader whose connection takes no data for this long is let go: its
/// events would only queue up in the kernel.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Whether the first bytes on `stream` are a `GET` of a path that ends in
/// `/live` (waits until some bytes arrive; takes none of them).
pub(super) async fn asks_for_stream(stream: &TcpStream) -> std::io::Result<bool> {
    let mut first = [0u8; PEEK_BYTES];
    let n = stream.peek(&mut first).await?;
    Ok(first.get(..n).is_some_and(is_stream_request_line))
}

fn is_stream_request_line(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"GET /") else {
        return false;
    };
    // The whole target must be here, up to the space before the version.
    let Some(end) = rest.iter().position(|&b| b == b' ') else {
        return false;
    };
    let target = rest.get(..end).unwrap_or_default();
    let path = target.split(|&b| b == b'?').next().unwrap_or_default();
    path.ends_with(b"/live")
}

/// Serves the one request on `stream` (known to ask for a stream) through
/// `service`, then closes the connection.
pub(super) async fn serve<S>(
    mut stream: TcpStream,
    peer: SocketAddr,
    service: S,
    header_timeout: Duration,
) where
    S: Service<Request<Body>, Response = Response, Error = Infallible>,
{
    let head = match tokio::time::timeout(header_timeout, read_head(&mut stream)).await {
        Ok(Ok(Some(head))) => head,
        Ok(Ok(None)) => {
            let _ = stream.write_all(BAD_REQUEST).await;
            return;
        }
        // Too slow, or gone.
        Ok(Err(_)) | Err(_) => return,
    };
    let Some(mut request) = parse_head(&head) else {
        let _ = stream.write_all(BAD_REQUEST).await;
        return;
    };
    drop(head);
    request.extensions_mut().insert(ConnectInfo(peer));
    let Ok(response) = service.oneshot(request).await;
    if let Err(e) = answer(&mut stream, response).await {
        tracing::debug!(error = %e, "live verbinding beëindigd");
    }
    let _ = stream.shutdown().await;
}

const BAD_REQUEST: &[u8] =
    b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

/// The request head, read up to its blank line; `None` when it is too large.
async fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if head
            .get(from..)
            .is_some_and(|tail| tail.windows(4).any(|w| w == b"\r\n\r\n"))
        {
            return Ok(Some(head));
        }
        if head.len() > MAX_HEAD {
            return Ok(None);
        }
    }
}

/// The request, if the head is a well-formed HTTP/1.1 `GET` without a body.
fn parse_head(bytes: &[u8]) -> Option<Request<Body>> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(_) = parsed.parse(bytes).ok()? else {
        return None;
    };
    if parsed.method? != "GET" || parsed.version? != 1 {
        return None;
    }
    let uri: Uri = parsed.path?.parse().ok()?;
    let mut request = Request::builder()
        .method(Method::GET)
        .uri(uri)
        .version(Version::HTTP_11)
        .body(Body::empty())
        .ok()?;
    for header in parsed.headers.iter() {
        let name = HeaderName::from_bytes(header.name.as_bytes()).ok()?;
        // A body on a GET has no place here; refusing it keeps the parse simple.
        if name == CONTENT_LENGTH && header.value != b"0" || name == TRANSFER_ENCODING {
            return None;
        }
        let value = HeaderValue::from_bytes(header.value).ok()?;
        request.headers_mut().append(name, value);
    }
    Some(request)
}

/// Writes `response`: an event stream chunk by chunk as its events come, until
/// it ends or the reader goes; anything else in one piece.
async fn answer(stream: &mut TcpStream, response: Response) -> std::io::Result<()> {
    let (mut parts, body) = response.into_parts();
    let streaming = parts
        .headers
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
    parts
        .headers
        .insert(CONNECTION, HeaderValue::from_static("close"));
    parts.headers.remove(TRANSFER_ENCODING);
    if !streaming {
        let bytes = axum::body::to_bytes(body, MAX_PLAIN_ANSWER)
            .await
            .map_err(std::io::Error::other)?;
        parts
            .headers
            .insert(CONTENT_LENGTH, HeaderValue::from(bytes.len()));
        let mut out = status_and_headers(&parts);
        out.extend_from_slice(&bytes);
        return write(stream, &out).await;
    }
    parts.headers.remove(CONTENT_LENGTH);
    parts
        .headers
        .insert(TRANSFER_ENCODING, HeaderValue::from_static("chunked"));
    write(stream, &status_and_headers(&parts)).await?;
    drop(parts);
    let mut events = body.into_data_stream();
    let (mut reader, mut writer) = stream.split();
    let mut probe = [0u8; 1];
    loop {
        tokio::select! {
            next = events.next() => match next {
                Some(Ok(data)) if data.is_empty() => {}
                Some(Ok(data)) => {
                    let mut chunk = Vec::with_capacity(data.len() + 12);
                    chunk.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
                    chunk.extend_from_slice(&data);
                    chunk.extend_from_slice(b"\r\n");
                    write(&mut writer, &chunk).await?;
                }
                // The stream ended (shutdown, a reader too far behind): say so properly.
                Some(Err(_)) | None => return write(&mut writer, b"0\r\n\r\n").await,
            },
            // A reader of a stream sends nothing more: end of file (or anything
            // else) means it has gone or does not speak the protocol.
            _ = reader.read(&mut probe) => return Ok(()),
        }
    }
}

async fn write<W: AsyncWriteExt + Unpin>(writer: &mut W, bytes: &[u8]) -> std::io::Result<()> {
    tokio::time::timeout(WRITE_TIMEOUT, writer.write_all(bytes))
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))?
}

fn status_and_headers(parts: &axum::http::response::Parts) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    out.extend_from_slice(b"HTTP/1.1 ");
    out.extend_from_slice(parts.status.as_str().as_bytes());
    out.push(b' ');
    out.extend_from_slice(
        parts
            .status
            .canonical_reason()
            .unwrap_or_default()
            .as_bytes(),
    );
    out.extend_from_slice(b"\r\n");
    for (name, value) in &parts.headers {
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_get_of_a_live_path_is_taken() {
        assert!(is_stream_request_line(b"GET /een-stuk/live HTTP/1.1\r\n"));
        assert!(is_stream_request_line(
            b"GET /moderatie/live?x=1 HTTP/1.1\r\nHost"
        ));
        assert!(!is_stream_request_line(b"GET /een-stuk HTTP/1.1\r\n"));
        assert!(!is_stream_request_line(b"GET /een-stuk/live"));
        assert!(!is_stream_request_line(b"POST /een-stuk/live HTTP/1.1\r\n"));
        assert!(!is_stream_request_line(b"GET /live-stuk HTTP/1.1\r\n"));
        assert!(!is_stream_request_line(b"GET /x?naar=/live HTTP/1.1\r\n"));
    }

    #[test]
    fn a_head_with_a_body_or_another_method_is_refused() {
        let ok = parse_head(b"GET /a/live HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 7\r\n\r\n")
            .expect("parses");
        assert_eq!(ok.uri().path(), "/a/live");
        assert_eq!(ok.headers()["last-event-id"], "7");
        assert!(parse_head(b"GET /a/live HTTP/1.1\r\nContent-Length: 5\r\n\r\n").is_none());
        assert!(
            parse_head(b"GET /a/live HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").is_none()
        );
        assert!(parse_head(b"DELETE /a/live HTTP/1.1\r\n\r\n").is_none());
        assert!(parse_head(b"GET /a/live HTTP/1.0\r\n\r\n").is_none());
    }
}
