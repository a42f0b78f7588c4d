//! The `reactions` and `reaction_revisions` tables: every statement that writes
//! them lives in these files (the author's actions and account deletion call
//! them), plus the single-row reads that go with them.

#[cfg(postgres)]
mod batch_postgres;
mod edits;
mod reactions;

#[cfg(postgres)]
pub use batch_postgres::insert_batch;

pub use edits::*;
pub use reactions::*;
