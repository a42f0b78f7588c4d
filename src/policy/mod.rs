//! The author's policy: what happens to a new reaction (publish, hold, shadow,
//! refuse), when articles close, and how many reports take a reaction down.
//! Comments apply it, moderation edits it; it depends on neither (only the
//! unit tests of `rules` render Markdown, to feed the rules real HTML).
//!
//! Public API: `rules` (pure decisions and the `Settings` type), `words` (word
//! lists matched on a normalised skeleton), `links` (links counted on rendered
//! HTML), `store` (the `settings` and `article_settings` tables), `cache` (the
//! policy kept in memory, `Policy::is_closed`).

pub mod cache;
pub mod links;
pub mod rules;
pub mod site;
pub mod store;
pub mod words;
