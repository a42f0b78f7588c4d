//! AppState: what every handler shares. It holds plumbing (pool, settings, clock,
//! keys, limits, caches) and handles to two long-lived domain services (the
//! reaction writer and the author's policy); those service files import only
//! plumbing, so the import graph stays one-directional.

use std::sync::Arc;

use sqlx::SqlitePool;

use crate::article::cache::PageCache;
use crate::article::content::Articles;
use crate::clock::Clock;
use crate::comments::paging::PagedArticles;
use crate::comments::writer::Writer;
use crate::config::Config;
use crate::health::WriteHealth;
use crate::limits::Limits;
use crate::policy::cache::PolicyCache;
use crate::security::ServerKey;

/// Shared by every handler; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub pool: SqlitePool,
    pub config: Arc<Config>,
    pub articles: Arc<Articles>,
    pub clock: Arc<dyn Clock>,
    /// Signs forms and keys client hashes.
    pub key: ServerKey,
    pub limits: Arc<Limits>,
    /// Stores new reactions with group commit.
    pub writer: Writer,
    /// Whether the last write of reactions failed (for /healthz).
    pub health: Arc<WriteHealth>,
    /// Rendered pages for anonymous readers.
    pub cache: Arc<PageCache>,
    /// The author's settings and closed articles.
    pub policy: Arc<PolicyCache>,
    /// Articles whose reactions span several pages.
    pub paged: Arc<PagedArticles>,
}

impl AppState {
    /// Opens, checks and migrates the database and loads the articles.
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let articles = Articles::load(&config.content)?;
        let pool = crate::db::connect(&config).await?;
        let key = ServerKey::load(&pool).await?;
        crate::health::ensure_writable(&pool, &config.database).await?;
        let health = Arc::new(WriteHealth::default());
        Ok(Self {
            key,
            limits: Arc::new(Limits::new(&config)),
            writer: Writer::spawn(pool.clone(), Arc::clone(&health)),
            health,
            cache: Arc::new(PageCache::default()),
            policy: Arc::new(PolicyCache::default()),
            paged: Arc::new(PagedArticles::default()),
            pool,
            config: Arc::new(config),
            articles: Arc::new(articles),
            clock,
        })
    }

    /// Now, as stored in the database: Unix seconds, UTC.
    pub fn now_unix(&self) -> i64 {
        self.clock.now().as_second()
    }
}
