//! Integration tests: the real router over HTTP, a fresh SQLite file per test.
// Helpers are `pub` for the sibling test modules; this binary has no outside users.
// A failed `expect` is how a test reports a broken arrangement, and a table of
// cases may make a long test.
#![allow(unreachable_pub, clippy::expect_used, clippy::too_many_lines)]

mod about_reasons;
mod abuse_accounts;
mod abuse_content;
mod accounts;
mod appreciation;
mod article;
mod audit_language;
mod cli;
mod cli_english;
mod comments;
mod conversation;
mod disk_full;
mod dos;
mod durability;
mod english;
mod fast_path;
mod hardening;
mod health;
mod helpers;
mod house;
mod landing;
mod limits;
mod live;
mod mail_accounts;
mod mail_english;
mod mail_notify;
mod malformed;
mod moderation_access;
mod moderation_policy;
mod moderation_queue;
mod moderation_readers;
mod notifications;
mod paging;
mod privacy;
mod reach_api;
mod reach_feeds;
mod reach_jsonld;
mod reach_sitemap;
mod schema_postgres;
mod security;
mod shared_pages;
mod smtp;
mod startup;
mod transfer_cli;
mod transfer_export;
mod transfer_fuzz;
mod transfer_import;
mod transfer_malformed;
mod xss;
