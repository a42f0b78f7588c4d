//! Who the client is: the socket's address, or, when the socket is a trusted
//! proxy, the last address in X-Forwarded-For that is not a trusted proxy.
//! Clients are only ever keyed by a daily-keyed hash of their address.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::state::AppState;

/// The client's address as far as we can tell.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        let trusted = &state.config.trusted_proxies;
        if !trusted.contains(&peer) {
            return Ok(Self(peer));
        }
        let client = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .find(|ip| !trusted.contains(ip))
            .unwrap_or(peer);
        Ok(Self(client))
    }
}

impl ClientIp {
    /// The key of this client for today (a keyed hash, never the address).
    pub fn key(self, state: &AppState) -> String {
        let day = crate::dates::today(state.clock.now()).to_string();
        state.key.ip_hash(self.0, &day)
    }
}
