//! AppState: what every handler shares. It holds plumbing (pool, settings, clock,
//! keys, limits, caches) and handles to two long-lived domain services (the
//! reaction writer and the author's policy); those service files import only
//! plumbing, so the import graph stays one-directional.

use std::sync::Arc;

use crate::sql::Pool;

use crate::article::cache::PageCache;
use crate::article::content::Articles;
use crate::article::shared::SharedPages;
use crate::clock::Clock;
use crate::comments::paging::PagedArticles;
use crate::comments::writer::Writer;
use crate::config::Config;
use crate::health::WriteHealth;
use crate::instances::Notifier;
use crate::limits::Limits;
use crate::live::seen::Hubs;
use crate::mail::settings::MailSettings;
use crate::policy::cache::PolicyCache;
use crate::security::ServerKey;
use crate::workers::Workers;

/// Shared by every handler. One pointer: every layer and extractor clones the
/// state per request, and a clone of the fields themselves (a key's `Vec`, channel
/// senders, a dozen reference counts) cost a fifth of an anonymous read.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What the state holds.
#[derive(Debug)]
pub struct Shared {
    pub pool: Pool,
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
    /// Article pages for logged-in readers (see `article::shared`).
    pub shared_pages: SharedPages,
    /// The author's settings and closed articles.
    pub policy: Arc<PolicyCache>,
    /// Articles whose reactions span several pages.
    pub paged: Arc<PagedArticles>,
    /// Dedicated threads for password hashing (bounded: memory stays flat).
    pub hashing: Workers,
    /// Dedicated threads for rendering reactions' Markdown.
    pub rendering: Workers,
    /// The live streams' hubs (see `live`).
    pub live: Arc<Hubs>,
    /// The mail transport, when the server has mail settings.
    pub mail: Option<MailSettings>,
    /// Tells the site's other instances what changed (PostgreSQL).
    pub instances: Notifier,
}

/// Hashes that may wait per hashing thread before a login is refused as busy.
const HASH_QUEUE_PER_THREAD: usize = 4;
/// Renders that may wait per rendering thread (a render takes milliseconds).
const RENDER_QUEUE_PER_THREAD: usize = 16;

impl AppState {
    /// Opens, checks and migrates the database and loads the articles.
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let articles = Articles::load(&config.content)?;
        let mail = MailSettings::from_config(&config)?;
        let pool = crate::db::connect(&config).await?;
        let key = ServerKey::load(&pool).await?;
        crate::health::ensure_writable(&pool, &config.database).await?;
        let health = Arc::new(WriteHealth::default());
        let hash_threads = match config.hash_threads {
            0 => crate::workers::cores(),
            n => n,
        };
        let render_threads = crate::workers::cores();
        Ok(Self(Arc::new(Shared {
            hashing: Workers::new(
                "hashing",
                hash_threads,
                hash_threads * HASH_QUEUE_PER_THREAD,
            )?,
            rendering: Workers::new(
                "rendering",
                render_threads,
                render_threads * RENDER_QUEUE_PER_THREAD,
            )?,
            key,
            limits: Arc::new(Limits::new(&config)),
            writer: Writer::spawn(pool.clone(), Arc::clone(&health)),
            health,
            cache: Arc::new(PageCache::default()),
            shared_pages: SharedPages::default(),
            policy: Arc::new(PolicyCache::default()),
            paged: Arc::new(PagedArticles::default()),
            live: Arc::new(Hubs::default()),
            mail,
            instances: Notifier::new(&pool)?,
            pool,
            config: Arc::new(config),
            articles: Arc::new(articles),
            clock,
        })))
    }

    /// Now, as stored in the database: Unix seconds, UTC.
    pub fn now_unix(&self) -> i64 {
        self.clock.now().as_second()
    }
}
