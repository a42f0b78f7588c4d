//! Which page of an article holds a reaction, and the links that lead there.

use crate::sql::Pool;

use super::model::THREADS_PER_PAGE;
use super::threads;
use crate::error::Result;

/// Articles whose discussion spans more than one page. Discussions only grow
/// (deleted threads keep their place while they have replies), so once listed an
/// article stays listed; at worst a link names the last page explicitly.
#[derive(Debug, Default)]
pub struct PagedArticles(std::sync::RwLock<std::collections::HashSet<String>>);

impl PagedArticles {
    /// Whether the article is known to span pages.
    pub fn contains(&self, slug: &str) -> bool {
        self.0.read().is_ok_and(|set| set.contains(slug))
    }

    /// Notes that the article spans pages.
    pub fn insert(&self, slug: &str) {
        if !self.contains(slug)
            && let Ok(mut set) = self.0.write()
        {
            set.insert(slug.to_owned());
        }
    }
}

/// Where a reaction is: anywhere, or known to be the newest thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Anywhere,
    /// A new top-level reaction: after every other thread.
    NewestThread,
}

/// The article path that shows reaction `id` (on the page that holds its thread),
/// with an extra query parameter, ending at `#anchor`. Cheap for the common
/// cases: a thread on the first page, or a new thread (on the last page).
pub async fn reaction_url(
    pool: &Pool,
    paged: &PagedArticles,
    slug: &str,
    id: i64,
    param: &str,
    anchor: &str,
    place: Place,
) -> Result<String> {
    // A new thread in a discussion already known to span pages goes on the last
    // page: no need to count.
    let known_paged = place == Place::NewestThread && paged.contains(slug);
    let page = if !known_paged && threads::thread_among_first(pool, id, THREADS_PER_PAGE).await? {
        String::new()
    } else if place == Place::NewestThread {
        paged.insert(slug);
        "pagina=laatste&".to_owned()
    } else {
        let page = page_of(pool, id).await?;
        format!("pagina={page}&")
    };
    let query = format!("{page}{param}");
    let query = query.trim_end_matches('&');
    Ok(if query.is_empty() {
        format!("/{slug}#{anchor}")
    } else {
        format!("/{slug}?{query}#{anchor}")
    })
}

/// The address of a public reaction for a reader who reads in `order`: the page
/// that shows its thread in that order, ending at the reaction.
pub async fn reaction_url_in(
    pool: &Pool,
    paged: &PagedArticles,
    slug: &str,
    id: i64,
    order: crate::conversation::order::Order,
    now: i64,
) -> Result<String> {
    let anchor = format!("reactie-{id}");
    if order == crate::conversation::order::Order::Oldest {
        return reaction_url(pool, paged, slug, id, "", &anchor, Place::Anywhere).await;
    }
    let page =
        threads::thread_position_in(pool, id, order.as_str(), now).await? / THREADS_PER_PAGE + 1;
    Ok(if page == 1 {
        format!("/{slug}#{anchor}")
    } else {
        format!("/{slug}?pagina={page}#{anchor}")
    })
}

/// The 1-based page that shows reaction `id`'s thread.
pub async fn page_of(pool: &Pool, id: i64) -> Result<i64> {
    Ok(threads::thread_position(pool, id).await? / THREADS_PER_PAGE + 1)
}
