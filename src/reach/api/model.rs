//! What the API answers with: plain data, documented for the OpenAPI
//! document by `utoipa::ToSchema`.

use serde::Serialize;
use utoipa::ToSchema;

/// An article in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleSummary {
    /// The article's address on the site is `/{slug}`.
    #[schema(example = "zeven-redenen-voor-nee")]
    pub slug: String,
    pub title: String,
    pub author: String,
    /// The day it was published (`YYYY-MM-DD`).
    #[schema(example = "2026-11-26", format = Date)]
    pub published: String,
    pub summary: String,
    /// The language of the article (`nl`).
    pub language: String,
    /// The article page.
    #[schema(format = "uri")]
    pub url: String,
    /// Approved reactions.
    pub reaction_count: i64,
}

/// The list of articles, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleList {
    pub articles: Vec<ArticleSummary>,
}

/// JA and NEE on one reason of an article (banned and shadowbanned readers not counted).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonTally {
    pub number: i64,
    pub title: String,
    pub ja: i64,
    pub nee: i64,
}

/// One article with its text and the tallies of its reasons.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleDetail {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    /// The article's HTML.
    pub html: String,
    /// The reasons readers say JA or NEE to; empty for an article without reasons.
    pub reasons: Vec<ReasonTally>,
    /// The first page of reactions in this API.
    pub reactions_url: String,
    /// The Atom feed of its reactions.
    #[schema(format = "uri")]
    pub feed_url: String,
}

/// How a reaction in the list stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReactionState {
    /// Readable by everyone.
    Published,
    /// Deleted by its writer; kept because replies hang below it.
    Deleted,
    /// Not shown to readers; kept because replies hang below it.
    Hidden,
}

/// One reaction and its replies. Replies deeper than three levels are listed
/// at the third level, with `replying_to` naming whom they answer (as on the page).
#[derive(Debug, Serialize, ToSchema)]
pub struct Reaction {
    pub id: i64,
    /// The reaction it answers.
    pub parent_id: Option<i64>,
    pub state: ReactionState,
    /// The writer's shown name; `null` unless published.
    pub author: Option<String>,
    /// Written by the site's author.
    pub by_site_author: bool,
    /// Written by a guest (without an account).
    pub guest: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub edited_at: Option<String>,
    /// The sanitised HTML of the text; `null` unless published.
    pub html: Option<String>,
    /// Its place on the site.
    #[schema(format = "uri")]
    pub url: String,
    /// For a reply listed shallower than it really is: whom it answers.
    pub replying_to: Option<String>,
    #[schema(no_recursion)]
    pub replies: Vec<Reaction>,
}

/// A page of an article's threads (top-level reactions with all their replies).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReactionPage {
    pub slug: String,
    /// Threads in the whole article.
    pub thread_count: i64,
    /// Approved reactions in the whole article.
    pub reaction_count: i64,
    pub reactions: Vec<Reaction>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}
