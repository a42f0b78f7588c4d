//! The `reactions` and `reaction_revisions` tables: every statement that writes
//! them lives in these files (the author's actions and account deletion call
//! them), plus the single-row reads that go with them.

mod edits;
mod reactions;

pub use edits::*;
pub use reactions::*;
