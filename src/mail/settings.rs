//! The mail settings: REACTIES_SMTP_URL and REACTIES_MAIL_FROM read and checked
//! at start-up into a ready transport. Both or neither: without them the site
//! sends no mail and asks nobody for an address.

use std::net::IpAddr;
use std::time::Duration;

use anyhow::{Context, bail};
use lettre::message::Mailbox;
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, AsyncSmtpTransport, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::Config;
use crate::i18n::t;

/// How long one SMTP conversation may take before it counts as a failure.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A configured mail transport and sender.
#[derive(Clone)]
pub struct MailSettings {
    pub transport: AsyncSmtpTransport<Tokio1Executor>,
    pub from: Address,
    /// Where the SMTP server is, for log lines (never the credentials).
    pub server: String,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds the credentials: never printed.
        f.debug_struct("MailSettings")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl MailSettings {
    /// The settings from `config`: `None` without mail settings, an error (in
    /// the terminal's language, without the password) when they are incomplete or wrong.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Self>> {
        let (url, from) = match (&config.smtp_url, &config.mail_from) {
            (None, None) => return Ok(None),
            (Some(url), Some(from)) => (url, from),
            _ => bail!(t().terminal.mail_needs_both),
        };
        let from: Address = from
            .trim()
            .parse()
            .with_context(|| t().cli_mail_from_wrong(from))?;
        let (lettre_url, server) = lettre_url(url.expose_secret())?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&lettre_url)
            .map_err(|e| anyhow::anyhow!(t().cli_smtp_url_wrong(e)))?
            .hello_name(ClientId::Domain(from.domain().to_owned()))
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Some(Self {
            transport,
            from,
            server,
        }))
    }

    /// The sender, with the site's name as the name readers see.
    pub fn sender(&self, site_name: &str) -> Mailbox {
        Mailbox::new(Some(site_name.to_owned()), self.from.clone())
    }
}

/// Checks the URL and turns it into the form lettre reads: `smtp://` means
/// STARTTLS required (lettre's plain `smtp://` would send in the clear), and
/// `tls=none` is allowed only towards this machine. Also returns `host:port`.
fn lettre_url(raw: &str) -> anyhow::Result<(String, String)> {
    let texts = &t().terminal;
    let wrong = |why: &str| anyhow::anyhow!(t().cli_smtp_url_wrong(why));
    let mut url = url::Url::parse(raw).map_err(|_| wrong(texts.smtp_no_url))?;
    let host = url
        .host_str()
        .ok_or_else(|| wrong(texts.smtp_no_server))?
        .to_owned();
    let tls: Option<String> = url
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    if url.query_pairs().any(|(k, _)| k != "tls") {
        return Err(wrong(texts.smtp_only_tls));
    }
    match (url.scheme(), tls.as_deref()) {
        ("smtp", None | Some("required")) => {
            url.set_query(Some("tls=required"));
        }
        ("smtp", Some("none")) => {
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            let loopback =
                bare == "localhost" || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if !loopback {
                return Err(wrong(texts.smtp_none_loopback));
            }
            url.set_query(None);
        }
        ("smtps", None) => {}
        ("smtp" | "smtps", Some(_)) => {
            return Err(wrong(texts.smtp_tls_value));
        }
        _ => return Err(wrong(texts.smtp_scheme)),
    }
    let default_port = if url.scheme() == "smtps" { 465 } else { 587 };
    let server = format!("{host}:{}", url.port().unwrap_or(default_port));
    Ok((url.to_string(), server))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_means_starttls_required_and_plain_text_only_to_this_machine() {
        let (url, server) = lettre_url("smtp://u:p@mail.example.org:587").expect("ok");
        assert!(url.ends_with("?tls=required"), "{url}");
        assert_eq!(server, "mail.example.org:587");
        let (url, _) = lettre_url("smtp://127.0.0.1:2525?tls=none").expect("ok");
        assert!(!url.contains("tls"), "{url}");
        assert!(lettre_url("smtp://[::1]:2525?tls=none").is_ok());
        assert!(lettre_url("smtp://mail.example.org:25?tls=none").is_err());
        assert!(lettre_url("smtp://mail.example.org?tls=opportunistic").is_err());
        assert!(lettre_url("smtps://u:p@mail.example.org").is_ok());
        assert!(lettre_url("http://mail.example.org").is_err());
    }

    #[test]
    fn an_error_never_repeats_the_password() {
        let error = lettre_url("smtp://u:geheim@mail.example.org?tls=none")
            .expect_err("refused")
            .to_string();
        assert!(!error.contains("geheim"), "{error}");
    }
}
