//! Reacties: a self-hosted blog server whose articles invite reactions that really work.
//!
//! The house, bottom to top: plumbing (`config`, `clock`, `dates`, `text`,
//! `error`, `db`, `health`, `http`, `security`, `limits`, `workers`, `layout`,
//! `state`), then the domains (`policy`, `accounts`, `conversation`, `comments`, `moderation`,
//! `privacy`, `article`, `transfer`, `reach`, `live`, `mail`), then `app` (the router), `server`, `startup`, `cli`
//! and `main`. Imports
//! point down or sideways to a domain's public files, never up; a test in
//! tests/api/house.rs keeps the import graph free of cycles.

/// Users, passwords, sessions and the extractors that tell who is asking.
pub mod accounts;
/// The router: every domain's routes and the layers around them.
pub mod app;
/// Articles loaded from `content/`, the index and the article page.
pub mod article;
/// What a request changed, as the other instances of a site need to hear it.
pub mod change;
/// The command line: the `author`, `backup` and `healthcheck` commands.
pub mod cli;
/// The command line's help and parse errors, in Dutch.
pub mod cli_help;
/// The time source, injectable so tests can move time forward.
pub mod clock;
/// Reactions: model, storage, Markdown rendering, posting and editing.
pub mod comments;
/// Command-line and environment settings.
pub mod config;
/// The conversation: stances on an article's reasons, appreciation, the order
/// of reactions, and notifications ("Voor jou", "Mijn reacties", a private feed).
pub mod conversation;
/// Dutch date and relative-time formatting.
pub mod dates;
/// The SQLite pool, start-up checks, the server's lock file, write transactions, backups.
#[cfg(not(postgres))]
pub mod db;
/// The PostgreSQL pool: the same functions as `db.rs`, for the PostgreSQL build.
#[cfg(postgres)]
#[path = "db_postgres.rs"]
pub mod db;
/// The program: settings, logging, serving or a command (what `main` runs).
pub mod entry;
/// AppError and how it becomes a response (the one place error pages are drawn).
pub mod error;
/// Whether the database takes writes: the probe behind /healthz and start-up.
pub mod health;
/// Request plumbing: forms, query strings, ids, redirects, the client's address.
pub mod http;
/// The interface in Dutch and English: the catalogue and the choice of language.
pub mod i18n;
/// What the instances of one site tell each other, and the periodic jobs
/// only one of them runs (nothing to tell on SQLite: one server per file).
#[cfg(not(postgres))]
pub mod instances;
/// The same functions as `instances.rs`, for the PostgreSQL build: LISTEN/NOTIFY
/// and advisory locks.
#[cfg(postgres)]
#[path = "instances_postgres.rs"]
pub mod instances;
/// The language of each request (the layer) and the reader's choice of it.
pub mod language;
/// The frame of every page: who is logged in, the author's waiting count.
pub mod layout;
/// Rate limits per account and per client.
pub mod limits;
/// Live updates over Server-Sent Events: article pages and the author's queue.
pub mod live;
/// Optional e-mail: settings, the durable outbox and its worker, single-use
/// links, confirmed addresses, the mails' words, unsubscribing.
pub mod mail;
/// The author's queue, actions on reactions and readers, reports, audit log, feed.
pub mod moderation;
/// The author's policy: the rules for new reactions and when articles close.
pub mod policy;
/// A reader's data: export, account deletion, the privacy page.
pub mod privacy;
/// Reach: public Atom feeds, sitemap and robots.txt, JSON-LD, the read-only JSON API.
pub mod reach;
/// Security headers, the server key, keyed IP hashes, form honeypot and fill time.
pub mod security;
/// The HTTP server: accepting connections (capped), header and idle timeouts,
/// graceful shutdown with a bounded grace period.
pub mod server;
/// The database the queries are written against, by one name.
pub mod sql;
/// Building and serving the application (used by `main` and the tests).
pub mod startup;
/// AppState: what every handler shares.
pub mod state;
/// Static assets compiled into the binary.
pub mod static_files;
/// Logging set-up.
pub mod telemetry;
/// Cleaning typed text: NFC, no control characters or bidi overrides.
pub mod text;
/// Moving in and out: imports from WordPress, Disqus and Isso, export, restore.
pub mod transfer;
/// Fixed pools of dedicated threads with a short queue, for hashing and rendering.
pub mod workers;
