//! The author's policy (settings and closed articles) kept in memory: it is read
//! on every post and page, and changes only when the author saves it.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::sql::Pool;

use super::rules::Settings;
use super::site::{self, Site};
use super::store;
use crate::article::content::Article;
use crate::error::Result;
use crate::i18n::Lang;

/// The policy as loaded from the database.
#[derive(Debug)]
pub struct Policy {
    pub settings: Settings,
    /// The site's name, description and contact address.
    pub site: Site,
    /// Articles the author closed by hand.
    pub closed: HashSet<String>,
}

impl Policy {
    /// Whether new reactions are refused on this article at `now`: closed by
    /// hand, or past the automatic closing period of the settings.
    pub fn is_closed(&self, article: &Article, now: i64) -> bool {
        if let Some(days) = self.settings.auto_close_days {
            let published = crate::dates::start_of_day(article.published).unwrap_or(0);
            if now >= published + days * 24 * 3600 {
                return true;
            }
        }
        self.closed.contains(&article.slug)
    }
}

/// The cached policy.
#[derive(Debug, Default)]
pub struct PolicyCache {
    generation: AtomicU64,
    current: RwLock<Option<Arc<Policy>>>,
}

impl PolicyCache {
    /// The policy, loading it when it was changed or never read.
    pub async fn get(&self, pool: &Pool) -> Result<Arc<Policy>> {
        if let Ok(current) = self.current.read()
            && let Some(policy) = current.as_ref()
        {
            return Ok(Arc::clone(policy));
        }
        let generation = self.generation.load(Ordering::Acquire);
        let policy = Arc::new(Policy {
            settings: store::settings(pool).await?,
            site: site::site(pool).await?,
            closed: store::closed_articles(pool).await?.into_iter().collect(),
        });
        // A change that landed while loading wins: do not keep what was read before it.
        if generation == self.generation.load(Ordering::Acquire)
            && let Ok(mut current) = self.current.write()
        {
            *current = Some(Arc::clone(&policy));
        }
        Ok(policy)
    }

    /// The site's language and whether browsers may choose, when the policy is
    /// in memory (`None` otherwise: the caller goes the slow way, which loads it).
    /// For the fast path, which may not wait.
    pub fn language_now(&self) -> Option<(Lang, bool)> {
        let current = self.current.read().ok()?;
        let policy = current.as_ref()?;
        Some((policy.site.language, policy.site.accept_language))
    }

    /// Forgets the policy after a change; the next read loads it again.
    pub fn forget(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut current) = self.current.write() {
            *current = None;
        }
    }
}
