//! The author's policy: what happens to a new reaction (publish, hold, shadow,
//! refuse), when articles close, and how many reports take a reaction down.
//! Comments apply it, moderation edits it; it depends on neither.
//!
//! Public API: `rules` (pure decisions and the `Settings` type), `store` (the
//! `settings` and `article_settings` tables), `cache` (the policy kept in
//! memory, `Policy::is_closed`).

pub mod cache;
pub mod rules;
pub mod store;
