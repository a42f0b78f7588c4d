//! The `reacties` binary. The application is compiled twice, once per database
//! (see README, "PostgreSQL"); the database setting picks which one runs.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().collect();
    if reacties::entry::wants_postgres(args.clone()) {
        reacties_pg::entry::run(args).await
    } else {
        reacties::entry::run(args).await
    }
}
