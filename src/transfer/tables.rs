//! Tables as export and restore see them: one file per database, the same
//! functions in each.

#[cfg(not(postgres))]
#[path = "tables_sqlite.rs"]
mod backend;

#[cfg(postgres)]
#[path = "tables_postgres.rs"]
mod backend;

pub use backend::*;
