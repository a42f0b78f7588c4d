//! Every setting, once, with its default. Each is a flag and an environment variable.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::Args;
use secrecy::SecretString;

/// Settings for serving Reacties.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "REACTIES_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,

    /// SQLite database file; created (with its folder) and migrated at start-up.
    #[arg(long, env = "REACTIES_DATABASE", default_value = "data/reacties.db")]
    pub database: PathBuf,

    /// Folder with the articles (Markdown with TOML front matter).
    #[arg(long, env = "REACTIES_CONTENT", default_value = "content")]
    pub content: PathBuf,

    /// The address readers use, e.g. https://blog.example.nl. Used for Open Graph links;
    /// when it starts with https:// the session cookie is marked Secure.
    #[arg(
        long,
        env = "REACTIES_PUBLIC_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    pub public_url: String,

    /// Rate limits and the failed-login throttle: `on`, or `off` for benchmarks.
    #[arg(long, env = "REACTIES_RATE_LIMITS", default_value = "on", value_parser = parse_on_off, action = clap::ArgAction::Set)]
    pub rate_limits: bool,

    /// Reverse proxies whose X-Forwarded-For is believed (comma-separated IP addresses).
    #[arg(long, env = "REACTIES_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,

    /// Reactions one account may post per hour.
    #[arg(long, env = "REACTIES_POSTS_PER_HOUR", default_value_t = 30)]
    pub posts_per_hour: u32,

    /// Reactions one client address may post per hour (all accounts and guests together).
    #[arg(
        long,
        env = "REACTIES_POSTS_PER_HOUR_PER_CLIENT",
        default_value_t = 120
    )]
    pub posts_per_hour_per_client: u32,

    /// Accounts one client address may create per hour.
    #[arg(long, env = "REACTIES_REGISTRATIONS_PER_HOUR", default_value_t = 10)]
    pub registrations_per_hour: u32,

    /// Login attempts one client address may make per hour.
    #[arg(long, env = "REACTIES_LOGINS_PER_HOUR", default_value_t = 60)]
    pub logins_per_hour: u32,

    /// Reactions one account may report per hour.
    #[arg(long, env = "REACTIES_REPORTS_PER_HOUR", default_value_t = 10)]
    pub reports_per_hour: u32,

    /// Failed logins for one account from one client within 15 minutes before that
    /// client must wait.
    #[arg(long, env = "REACTIES_LOGIN_FAILURES", default_value_t = 5)]
    pub login_failures: u32,

    /// Previews (the "Voorbeeld" button) one client address may ask for per minute.
    #[arg(long, env = "REACTIES_PREVIEWS_PER_MINUTE", default_value_t = 30)]
    pub previews_per_minute: u32,

    /// Seconds a request may take before it is answered with 408.
    #[arg(long, env = "REACTIES_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,

    /// Seconds a connection may take to send a request's headers, counted from
    /// when it opens or its previous answer went out (so an idle keep-alive
    /// connection is closed after this too).
    #[arg(long, env = "REACTIES_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,

    /// Connections served at once; further ones wait in the operating system's
    /// queue until one closes.
    #[arg(long, env = "REACTIES_MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: usize,

    /// Seconds requests in flight get to finish at shutdown before every
    /// connection is closed.
    #[arg(long, env = "REACTIES_SHUTDOWN_GRACE", default_value_t = 10)]
    pub shutdown_grace: u64,

    /// Passwords hashed or checked at once (each takes ~19 MiB for a moment);
    /// 0 means one per core. Four per slot may wait; beyond that a login is
    /// answered with 503 and Retry-After.
    #[arg(long, env = "REACTIES_HASH_THREADS", default_value_t = 0)]
    pub hash_threads: usize,

    /// Seconds a person needs at least to fill in the registration or reaction form;
    /// a form sent sooner is refused (its text kept).
    #[arg(long, env = "REACTIES_MIN_FILL_SECS", default_value_t = 3)]
    pub min_fill_secs: i64,

    /// Log format: `text` for people, `json` for log collectors (one object per line).
    #[arg(long, env = "REACTIES_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,

    /// SMTP server for mail (optional): `smtp://user:pass@host:587` (STARTTLS
    /// required), `smtps://user:pass@host:465` (implicit TLS), or
    /// `smtp://127.0.0.1:2525?tls=none` (no TLS; loopback only). Without it and
    /// `mail_from`, the site sends no mail and asks for no address.
    #[arg(long, env = "REACTIES_SMTP_URL", value_parser = parse_secret, hide_env_values = true)]
    pub smtp_url: Option<SecretString>,

    /// The sender address of every mail, e.g. `reacties@blog.example.nl`; the
    /// site's name is the sender name.
    #[arg(long, env = "REACTIES_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Benchmark baseline only: serve `/static/bench.html` with this many bytes (0 = off).
    #[arg(long, env = "REACTIES_BENCH_STATIC_BYTES", default_value_t = 0)]
    pub bench_static_bytes: usize,
}

fn parse_secret(value: &str) -> Result<SecretString, String> {
    Ok(SecretString::from(value))
}

fn parse_on_off(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "on" | "true" | "1" | "yes" => Ok(true),
        "off" | "false" | "0" | "no" => Ok(false),
        other => Err(format!("expected on or off, got '{other}'")),
    }
}

impl Config {
    /// Whether readers reach us over https, so cookies must be Secure.
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Settings that work but are probably not what the operator meant, as
    /// log lines in the terminal's language: a loopback public URL on a server others can reach makes
    /// every canonical link, link preview and feed address point at the wrong host.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let host = self
            .public_url
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        let host = host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else {
                host
            }
        });
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let loopback =
            host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if loopback && !self.bind.ip().is_loopback() {
            warnings.push(crate::i18n::t().cli_public_url_warning(&self.public_url, self.bind));
        }
        warnings
    }

    /// The public URL without a trailing slash, for building absolute links.
    pub fn base_url(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Args {
        #[command(flatten)]
        config: Config,
    }

    fn config(args: &[&str]) -> Config {
        let mut all = vec!["reacties"];
        all.extend_from_slice(args);
        Args::parse_from(all).config
    }

    #[test]
    fn rate_limits_take_on_or_off_as_a_flag_value() {
        assert!(config(&[]).rate_limits);
        assert!(!config(&["--rate-limits", "off"]).rate_limits);
        assert!(config(&["--rate-limits", "on"]).rate_limits);
    }

    #[test]
    fn a_loopback_public_url_on_a_reachable_server_is_warned_about() {
        assert!(config(&[]).warnings().is_empty(), "both on loopback: fine");
        assert_eq!(config(&["--bind", "0.0.0.0:3000"]).warnings().len(), 1);
        assert_eq!(
            config(&[
                "--bind",
                "0.0.0.0:3000",
                "--public-url",
                "http://localhost:3000/"
            ])
            .warnings()
            .len(),
            1
        );
        assert!(
            config(&[
                "--bind",
                "0.0.0.0:3000",
                "--public-url",
                "https://blog.example.nl"
            ])
            .warnings()
            .is_empty()
        );
    }
}
