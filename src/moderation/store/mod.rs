//! Moderation's tables and reads, one file per concern: the queue (reads), the
//! `reports` table, the `audit_log` table, and the readers overview (reads).

pub mod audit;
pub mod queue;
pub mod readers;
pub mod reports;
