//! Every setting, once, with its default. Each is a flag and an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

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
}

impl Config {
    /// Whether readers reach us over https, so cookies must be Secure.
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The public URL without a trailing slash, for building absolute links.
    pub fn base_url(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }
}
