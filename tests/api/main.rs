//! Integration tests: the real router over HTTP, a fresh SQLite file per test.

mod accounts;
mod article;
mod comments;
mod health;
mod helpers;
mod malformed;
