//! The `reacties import …` and `reacties export FILE` commands.

use std::path::Path;

use anyhow::Context;

use super::run::{self, Kind, Options};
use crate::config::Config;
use crate::db;

/// Runs an import; returns the report to print.
pub async fn import(
    config: &Config,
    kind: Kind,
    file: &Path,
    options: &Options,
) -> anyhow::Result<String> {
    let pool = db::open_existing(&config.database).await?;
    let result = run::import(&pool, &config.content, kind, file, options).await;
    pool.close().await;
    Ok(result?.render())
}

/// Restores an export. Unlike the other commands this one may create the
/// database: putting a site back on a new machine starts from nothing.
pub async fn restore(config: &Config, file: &Path) -> anyhow::Result<String> {
    let pool = db::connect(config).await?;
    let result = super::restore::restore(&pool, file).await;
    pool.close().await;
    let restored = result.with_context(|| {
        format!(
            "{} is niet teruggezet; er is niets opgeslagen",
            file.display()
        )
    })?;
    let parts: Vec<String> = restored.iter().map(|(t, n)| format!("{t}: {n}")).collect();
    Ok(format!("Export teruggezet ({}).", parts.join(", ")))
}

/// Writes the export to `file`, which must not exist yet.
pub async fn export(
    pool: &sqlx::SqlitePool,
    file: &Path,
    with_passwords: bool,
) -> anyhow::Result<String> {
    if file.exists() {
        anyhow::bail!(
            "{} bestaat al; kies een nieuwe bestandsnaam",
            file.display()
        );
    }
    let bytes = super::export::export_bytes(pool, with_passwords).await?;
    // Written under a temporary name and renamed, so a half-written file never
    // looks like an export.
    let partial = file.with_extension("json.deel");
    std::fs::write(&partial, &bytes)
        .and_then(|()| std::fs::rename(&partial, file))
        .with_context(|| format!("kan {} niet schrijven", file.display()))?;
    let hashes = if with_passwords {
        " (met wachtwoord-hashes: bewaar het veilig)"
    } else {
        ""
    };
    Ok(format!(
        "Export geschreven naar {}{hashes}.",
        file.display()
    ))
}
