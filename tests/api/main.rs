//! Integration tests: the real router over HTTP, a fresh database per test: a
//! SQLite file, or (the same suite compiled by src/postgres) a PostgreSQL schema.
//! Tests of what only a SQLite file has (its lock, back-ups, a full disk, kill -9
//! on the file, the commands that open it) run on SQLite; their PostgreSQL
//! counterparts are in postgres_*.rs.
// Helpers are `pub` for the sibling test modules; this binary has no outside users.
// A failed `expect` is how a test reports a broken arrangement, and a table of
// cases may make a long test.
#![allow(unreachable_pub, clippy::expect_used, clippy::too_many_lines)]
// The PostgreSQL build of the suite is empty unless a test server is named.
#![cfg(any(not(postgres), pg_tests))]

mod about_reasons;
mod abuse_accounts;
mod abuse_content;
mod accounts;
mod appreciation;
mod article;
mod audit_language;
#[cfg(not(postgres))]
mod cli;
#[cfg(not(postgres))]
mod cli_english;
mod comments;
mod conversation;
mod database;
#[cfg(not(postgres))]
mod disk_full;
mod dos;
mod durability;
mod duties;
mod english;
mod fast_path;
mod group_commit;
mod hardening;
mod health;
mod helpers;
#[cfg(not(postgres))]
mod house;
#[cfg(not(postgres))]
mod instances;
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
#[cfg(not(postgres))]
mod postgres_binary;
mod privacy;
mod reach_api;
mod reach_feeds;
mod reach_jsonld;
mod reach_sitemap;
#[cfg(not(postgres))]
mod schema_postgres;
mod security;
mod shared_pages;
mod smtp;
#[cfg(not(postgres))]
mod startup;
#[cfg(not(postgres))]
mod stopping;
#[cfg(not(postgres))]
mod transfer_cli;
mod transfer_export;
mod transfer_fuzz;
mod transfer_import;
mod transfer_malformed;
mod xss;
