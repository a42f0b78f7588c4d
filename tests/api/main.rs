//! Integration tests: the real router over HTTP, a fresh SQLite file per test.

mod accounts;
mod article;
mod cli;
mod comments;
mod health;
mod helpers;
mod limits;
mod malformed;
mod moderation_access;
mod moderation_policy;
mod moderation_queue;
mod moderation_readers;
mod paging;
mod privacy;
mod security;
mod xss;
