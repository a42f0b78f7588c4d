//! Public Atom feeds (RFC 4287): the articles, every approved reaction of the
//! site, and one article's approved reactions. Anonymous readers' view only.
//! The private feeds (the author's queue, a reader's notifications) live with
//! their domains and are never cached.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::cached::{self, ATOM, Identity};
use super::store::{self, PublicReaction};
use crate::article::content::Article;
use crate::dates;
use crate::error::Result;
use crate::state::AppState;
use crate::text::xml_safe;

/// Where the public feeds are (base.html links them in every page's head and footer).
pub const ARTICLES_FEED: &str = "/feed.xml";
/// Every approved reaction of the site.
pub const REACTIONS_FEED: &str = "/reacties.xml";

/// The path of one article's reactions feed.
pub fn article_feed(slug: &str) -> String {
    format!("/{slug}/reacties.xml")
}

/// Entries in a reactions feed: the newest ones.
pub const FEED_REACTIONS: i64 = 50;

/// One entry.
#[derive(Debug)]
struct Entry {
    id: String,
    title: String,
    link: String,
    published: String,
    updated: String,
    author: String,
    summary: String,
    content: String,
}

#[derive(Template)]
#[template(path = "reach/atom.xml")]
struct Feed {
    id: String,
    title: String,
    subtitle: String,
    updated: String,
    author: String,
    email: Option<String>,
    self_url: String,
    alternate: String,
    entries: Vec<Entry>,
    /// The feed's `xml:lang`: the request's language.
    lang: &'static str,
}

impl Feed {
    /// The feed at `path`, its `updated` the newest entry's (or `since`, Unix
    /// seconds, when it has none). Askama escapes for XML; what XML cannot hold
    /// at all (controls, noncharacters) is dropped here.
    fn new(
        who: &Identity,
        base: &str,
        path: &str,
        title: &str,
        since: i64,
        entries: Vec<Entry>,
    ) -> Self {
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| dates::iso(dates::from_unix(since)));
        let self_url = format!("{base}{path}");
        Self {
            id: self_url.clone(),
            title: xml_safe(title).into_owned(),
            subtitle: xml_safe(&who.description).into_owned(),
            updated,
            author: xml_safe(&who.author).into_owned(),
            email: who.email.as_deref().map(|e| xml_safe(e).into_owned()),
            self_url,
            alternate: format!("{base}/"),
            entries,
            lang: crate::i18n::current().code(),
        }
    }
}

/// When an article came out: the start of its day in Amsterdam, as Unix seconds.
pub fn published_at(article: &Article) -> i64 {
    dates::start_of_day(article.published).unwrap_or(0)
}

fn article_entry(base: &str, article: &Article) -> Entry {
    let at = dates::iso(dates::from_unix(published_at(article)));
    let url = format!("{base}/{}", article.slug);
    Entry {
        id: url.clone(),
        title: xml_safe(&article.title).into_owned(),
        link: url,
        published: at.clone(),
        updated: at,
        author: xml_safe(&article.author).into_owned(),
        summary: xml_safe(&article.summary).into_owned(),
        content: xml_safe(&article.html).into_owned(),
    }
}

fn reaction_entry(state: &AppState, base: &str, r: PublicReaction) -> Entry {
    let title = state
        .articles
        .get(&r.article_slug)
        .map_or_else(|| r.article_slug.clone(), |a| a.title.clone());
    // The reaction's own address redirects to the page of threads that shows it.
    let url = format!("{base}/reacties/{}", r.id);
    Entry {
        id: url.clone(),
        title: xml_safe(&crate::i18n::t().reaction_on(&r.writer, &title)).into_owned(),
        link: url,
        published: dates::iso(dates::from_unix(r.created_at)),
        updated: dates::iso(dates::from_unix(r.edited_at.unwrap_or(r.created_at))),
        author: xml_safe(&r.writer).into_owned(),
        summary: String::new(),
        content: xml_safe(&r.body_html).into_owned(),
    }
}

/// GET /feed.xml: every article, newest first.
pub(crate) async fn articles_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response> {
    // Kept per language, like the pages (the feed's language follows the request's).
    let key = format!("reach:feed:{}", crate::i18n::current().code());
    cached::serve(&state, &key, ATOM, &headers, || async {
        let who = cached::identity(&state).await?;
        let base = state.config.base_url();
        let mut articles: Vec<_> = state.articles.all().iter().collect();
        articles.sort_by_key(|a| std::cmp::Reverse(a.published));
        let entries = articles.iter().map(|a| article_entry(base, a)).collect();
        let feed = Feed::new(&who, base, ARTICLES_FEED, &who.site_name, 0, entries);
        Ok(feed.render()?)
    })
    .await
}

/// GET /reacties.xml: the newest approved reactions of the whole site.
pub(crate) async fn reactions_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response> {
    let key = format!("reach:reacties:{}", crate::i18n::current().code());
    cached::serve(&state, &key, ATOM, &headers, || async {
        let who = cached::identity(&state).await?;
        let base = state.config.base_url();
        let rows = store::newest_approved(&state.pool, None, FEED_REACTIONS).await?;
        let entries = rows
            .into_iter()
            .map(|r| reaction_entry(&state, base, r))
            .collect();
        let title = crate::i18n::t().reactions_on(&who.site_name);
        let since = state
            .articles
            .all()
            .iter()
            .map(|a| published_at(a))
            .max()
            .unwrap_or(0);
        let feed = Feed::new(&who, base, REACTIONS_FEED, &title, since, entries);
        Ok(feed.render()?)
    })
    .await
}

/// GET /{slug}/reacties.xml: the newest approved reactions of one article.
pub(crate) async fn article_reactions_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let article = state.articles.find(&slug)?;
    let key = format!(
        "reach:reacties:{}:{}",
        article.slug,
        crate::i18n::current().code()
    );
    cached::serve(&state, &key, ATOM, &headers, || async {
        let who = cached::identity(&state).await?;
        let base = state.config.base_url();
        let rows = store::newest_approved(&state.pool, Some(&article.slug), FEED_REACTIONS).await?;
        let entries = rows
            .into_iter()
            .map(|r| reaction_entry(&state, base, r))
            .collect();
        let title = crate::i18n::t().reactions_on(&format!("“{}”", article.title));
        let path = article_feed(&article.slug);
        let since = published_at(&article);
        let mut feed = Feed::new(&who, base, &path, &title, since, entries);
        feed.alternate = format!("{base}/{}", article.slug);
        Ok(feed.render()?)
    })
    .await
}
