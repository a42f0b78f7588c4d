//! Reacties: a self-hosted blog server whose articles invite reactions that really work.

/// Users, passwords, sessions and the extractors that tell who is asking.
pub mod accounts;
/// AppState and the router that merges every domain.
pub mod app;
/// Articles loaded from `content/`, the index and the article page.
pub mod article;
/// The command line: serving and the `author` commands.
pub mod cli;
/// The time source, injectable so tests can move time forward.
pub mod clock;
/// Reactions: model, queries, Markdown rendering, handlers.
pub mod comments;
/// Command-line and environment settings.
pub mod config;
/// Dutch date and relative-time formatting.
pub mod dates;
/// The SQLite pool and migrations.
pub mod db;
/// AppError and how it becomes a response.
pub mod error;
/// A form extractor whose rejections speak Dutch.
pub mod form;
/// Rate limits, the failed-login throttle and who the client is.
pub mod limits;
/// The author's policy, queue, actions on reactions and readers, reports, audit log.
pub mod moderation;
/// Security headers, the server key, keyed IP hashes, form honeypot and fill time.
pub mod security;
/// Static assets compiled into the binary.
pub mod static_files;
/// Cleaning typed text: NFC, no control characters or bidi overrides.
pub mod text;
