//! Who the client is, for the rate limits: the socket's address, or, when the
//! socket is a trusted proxy, the last hop in X-Forwarded-For that is not a
//! trusted proxy. IPv6 clients count per /64 (one household or server gets a
//! whole /64, so single addresses are free to rotate). Clients are only ever
//! keyed by a daily-keyed hash, never stored or logged as an address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// The client as far as we can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientIp {
    Addr(IpAddr),
    /// A hop a trusted proxy forwarded that is no address (`unknown`, an
    /// obfuscated name). It is a client of its own: neither merged with every
    /// visitor of the proxy nor skipped for an earlier hop, which the client
    /// itself may have written.
    Unparsed(String),
}

/// The longest forwarded hop kept as a client key.
const MAX_HOP_CHARS: usize = 100;

/// One X-Forwarded-For entry: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]`, `[2001:db8::1]:4711`, or something else.
fn parse_hop(raw: &str) -> ClientIp {
    let hop = raw.trim().trim_matches('"');
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return ClientIp::Addr(ip.to_canonical());
    }
    if let Ok(socket) = hop.parse::<SocketAddr>() {
        return ClientIp::Addr(socket.ip().to_canonical());
    }
    if let Some(ip) = hop
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .and_then(|h| h.parse::<Ipv6Addr>().ok())
    {
        return ClientIp::Addr(IpAddr::V6(ip).to_canonical());
    }
    ClientIp::Unparsed(hop.to_lowercase().chars().take(MAX_HOP_CHARS).collect())
}

/// The client behind `peer`, given the X-Forwarded-For values in order.
pub fn resolve<'a>(
    peer: IpAddr,
    trusted: &[IpAddr],
    forwarded: impl Iterator<Item = &'a str>,
) -> ClientIp {
    let peer = peer.to_canonical();
    if !trusted.contains(&peer) {
        return ClientIp::Addr(peer);
    }
    let hops: Vec<&str> = forwarded
        .flat_map(|v| v.split(','))
        .filter(|hop| !hop.trim().is_empty())
        .collect();
    hops.into_iter()
        .rev()
        .map(parse_hop)
        .find(|hop| !matches!(hop, ClientIp::Addr(ip) if trusted.contains(ip)))
        .unwrap_or(ClientIp::Addr(peer))
}

fn peer_of(parts_or_request: &axum::http::Extensions) -> IpAddr {
    parts_or_request
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        Ok(resolve(
            peer_of(&parts.extensions),
            &state.config.trusted_proxies,
            forwarded,
        ))
    }
}

/// The part of an address that names one client: an IPv4 address, or the /64
/// network of an IPv6 address.
pub fn limit_address(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(bits))
        }
        v4 @ IpAddr::V4(_) => v4,
    }
}

impl ClientIp {
    /// The key of this client for today (a keyed hash, never the address).
    pub fn key(&self, state: &AppState) -> String {
        let day = crate::dates::today(state.clock.now()).to_string();
        match self {
            Self::Addr(ip) => state.key.ip_hash(limit_address(*ip), &day),
            Self::Unparsed(hop) => state.key.client_hash(&format!("hop:{hop}"), &day),
        }
    }
}

/// Watches for a reverse proxy that is not in `REACTIES_TRUSTED_PROXIES`: a
/// request with X-Forwarded-For from an untrusted peer is counted, and when
/// there are many the server logs a warning (then at most once an hour).
pub async fn watch_forwarded(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    note_forwarded(&state, request.headers(), request.extensions());
    next.run(request).await
}

/// The check of `watch_forwarded`, also for answers that skip the layers.
pub fn note_forwarded(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    extensions: &axum::http::Extensions,
) {
    if headers.contains_key("x-forwarded-for") {
        let peer = peer_of(extensions).to_canonical();
        if !state.config.trusted_proxies.contains(&peer)
            && state.limits.untrusted_forwarded(state.now_unix())
        {
            tracing::warn!("{}", crate::i18n::logs().log.untrusted_forwarded);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn forwarded_hops_with_ports_and_brackets_are_addresses() {
        for (hop, expected) in [
            ("192.0.2.1", "192.0.2.1"),
            (" 192.0.2.1:4711 ", "192.0.2.1"),
            ("2001:db8::1", "2001:db8::1"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("[2001:db8::1]:4711", "2001:db8::1"),
            ("\"[2001:db8::1]:80\"", "2001:db8::1"),
            ("::ffff:192.0.2.1", "192.0.2.1"),
        ] {
            assert_eq!(parse_hop(hop), ClientIp::Addr(ip(expected)), "{hop}");
        }
        assert_eq!(parse_hop("unknown"), ClientIp::Unparsed("unknown".into()));
        assert_eq!(parse_hop("_hidden"), ClientIp::Unparsed("_hidden".into()));
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_never_past_a_hop_it_wrote() {
        let proxy = ip("127.0.0.1");
        let trusted = [proxy];
        let one = |header: &'static str| resolve(proxy, &trusted, std::iter::once(header));
        assert_eq!(
            resolve(ip("198.51.100.9"), &trusted, std::iter::once("192.0.2.1")),
            ClientIp::Addr(ip("198.51.100.9"))
        );
        assert_eq!(one("192.0.2.1"), ClientIp::Addr(ip("192.0.2.1")));
        assert_eq!(
            one("203.0.113.5, 192.0.2.1:5678"),
            ClientIp::Addr(ip("192.0.2.1"))
        );
        assert_eq!(one("192.0.2.1, 127.0.0.1"), ClientIp::Addr(ip("192.0.2.1")));
        // The proxy wrote "unknown": do not believe the spoofable hop before it.
        assert_eq!(
            one("203.0.113.5, unknown"),
            ClientIp::Unparsed("unknown".into())
        );
        assert_eq!(
            resolve(proxy, &trusted, std::iter::empty()),
            ClientIp::Addr(proxy)
        );
    }

    #[test]
    fn ipv6_clients_count_per_64_and_ipv4_per_address() {
        assert_eq!(
            limit_address(ip("2001:db8:1:2:aaaa::1")),
            limit_address(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            limit_address(ip("2001:db8:1:2::1")),
            limit_address(ip("2001:db8:1:3::1"))
        );
        assert_ne!(
            limit_address(ip("192.0.2.1")),
            limit_address(ip("192.0.2.2"))
        );
        assert_eq!(
            limit_address(ip("::ffff:192.0.2.1")),
            limit_address(ip("192.0.2.1"))
        );
    }
}
