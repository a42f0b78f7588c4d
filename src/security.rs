//! Cross-cutting protection: the response headers every page gets, the server's
//! secret key, keyed hashes of IP addresses, and the honeypot and signed fill time
//! on the registration and reaction forms.

use std::net::IpAddr;

use axum::extract::Request;
use axum::http::header;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The Content-Security-Policy: only our own scripts, styles and images; no
/// framing, no forms to elsewhere, no `<base>`.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
                       object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// Adds the security headers to every response.
pub async fn headers(https: bool, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    add_headers(response.headers_mut(), https);
    response
}

/// The security headers, also for answers that skip the layers (see `article::fast`).
pub fn add_headers(h: &mut HeaderMap, https: bool) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=(), interest-cohort=()",
        ),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}

/// The installation's secret, made once in the database.
#[derive(Clone)]
pub struct ServerKey(Vec<u8>);

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(…)")
    }
}

impl ServerKey {
    /// Reads the installation's key from the `secrets` table (made by a migration).
    pub async fn load(pool: &crate::sql::Pool) -> anyhow::Result<Self> {
        let value = sqlx::query_scalar!("SELECT value FROM secrets WHERE name = 'server_key'")
            .fetch_one(pool)
            .await?;
        Self::from_hex(&value)
    }

    /// Rewrites the key with itself: a write that changes nothing, which proves
    /// the database takes writes (see `health`).
    pub async fn rewrite(conn: &mut crate::sql::Conn) -> sqlx::Result<()> {
        sqlx::query!("UPDATE secrets SET value = value WHERE name = 'server_key'")
            .execute(conn)
            .await?;
        Ok(())
    }

    /// From the hex value in the `secrets` table.
    pub fn from_hex(value: &str) -> anyhow::Result<Self> {
        hex::decode(value)
            .ok()
            .filter(|b| b.len() >= 16)
            .map(Self)
            .ok_or_else(|| anyhow::anyhow!("server key in the database is not valid hex"))
    }

    /// HMAC-SHA256 of `parts`, hex encoded.
    pub fn sign(&self, parts: &[&str]) -> String {
        // HMAC takes keys of any length; the error branch cannot be reached.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        for part in parts {
            mac.update(part.as_bytes());
            mac.update(&[0x1f]);
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// A keyed hash of an IP address with a key that changes every day, so a
    /// hash cannot be linked to one from another day.
    pub fn ip_hash(&self, ip: IpAddr, day: &str) -> String {
        self.client_hash(&ip.to_string(), day)
    }

    /// [`ServerKey::ip_hash`] for a client known by some other text.
    pub fn client_hash(&self, client: &str, day: &str) -> String {
        let mut hash = self.sign(&["ip", day, client]);
        hash.truncate(32);
        hash
    }

    /// A signed moment, for the hidden fill-time field of a form.
    pub fn form_token(&self, now: i64) -> String {
        let now = now.to_string();
        let signature = self.sign(&["formulier", &now]);
        let short: String = signature.chars().take(32).collect();
        format!("{now}.{short}")
    }

    /// Checks a form's hidden fields.
    pub fn check_form(
        &self,
        token: &str,
        honeypot: &str,
        now: i64,
        min_fill_secs: i64,
    ) -> FormCheck {
        if !honeypot.trim().is_empty() {
            return FormCheck::Bot;
        }
        if token.is_empty() {
            // Scripts that post the documented fields without loading the form.
            return FormCheck::Ok;
        }
        let Some((issued, _)) = token.split_once('.') else {
            return FormCheck::Bot;
        };
        let Ok(issued) = issued.parse::<i64>() else {
            return FormCheck::Bot;
        };
        if !same_secret(&self.form_token(issued), token) {
            return FormCheck::Bot;
        }
        if now - issued < min_fill_secs {
            FormCheck::TooFast
        } else {
            FormCheck::Ok
        }
    }
}

/// The verdict on a form's hidden fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormCheck {
    Ok,
    /// Sent sooner than a person could: refuse neutrally, keep the text.
    TooFast,
    /// Honeypot filled or token forged: look like success, store nothing.
    Bot,
}

/// Compares secrets (tokens, signatures) in constant time, so timing reveals
/// nothing about where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// 32 random bytes as 64 hex characters: tokens that must not be guessed.
pub fn random_hex() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("getrandom: {e}"))?;
    Ok(hex::encode(bytes))
}

/// SHA-256 of `text`, hex encoded.
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ServerKey {
        ServerKey::from_hex(&"ab".repeat(32)).expect("valid key")
    }

    #[test]
    fn a_form_token_must_be_ours_and_old_enough() {
        let key = key();
        let token = key.form_token(1000);
        assert_eq!(key.check_form(&token, "", 1003, 3), FormCheck::Ok);
        assert_eq!(key.check_form(&token, "", 1001, 3), FormCheck::TooFast);
        assert_eq!(
            key.check_form(&token, "http://spam", 1010, 3),
            FormCheck::Bot
        );
        assert_eq!(key.check_form("1000.deadbeef", "", 1010, 3), FormCheck::Bot);
        assert_eq!(key.check_form("kapot", "", 1010, 3), FormCheck::Bot);
        assert_eq!(key.check_form("", "", 1010, 3), FormCheck::Ok);
        let other = ServerKey::from_hex(&"cd".repeat(32)).expect("valid key");
        assert_eq!(other.check_form(&token, "", 1010, 3), FormCheck::Bot);
    }

    #[test]
    fn ip_hashes_change_with_the_day_and_hide_the_address() {
        let key = key();
        let ip: IpAddr = "192.0.2.7".parse().expect("ip");
        let monday = key.ip_hash(ip, "2026-11-30");
        assert_eq!(monday, key.ip_hash(ip, "2026-11-30"));
        assert_ne!(monday, key.ip_hash(ip, "2026-12-01"));
        assert!(!monday.contains("192"));
        assert_eq!(monday.len(), 32);
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }

    #[test]
    fn the_key_is_never_printed() {
        assert_eq!(format!("{:?}", key()), "ServerKey(…)");
        assert!(ServerKey::from_hex("zz").is_err());
    }
}
