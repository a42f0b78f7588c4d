//! The `reacties import …` and `reacties export FILE` commands.

use std::path::Path;

use anyhow::Context;

use super::run::{self, Kind, Options};
use crate::config::Config;
use crate::db;
use crate::i18n::t;

/// Runs an import; returns the report to print.
pub async fn import(
    pool: &crate::sql::Pool,
    config: &Config,
    kind: Kind,
    file: &Path,
    options: &Options,
) -> anyhow::Result<String> {
    let report = run::import(pool, &config.content, kind, file, options).await?;
    Ok(report.render())
}

/// Restores an export. Unlike the other commands this one may create the
/// database: putting a site back on a new machine starts from nothing.
pub async fn restore(config: &Config, file: &Path) -> anyhow::Result<String> {
    let pool = db::connect(config).await?;
    let result = super::restore::restore(&pool, file).await;
    pool.close().await;
    let restored = result.with_context(|| t().cli_not_restored(file.display()))?;
    let parts: Vec<String> = restored.iter().map(|(t, n)| format!("{t}: {n}")).collect();
    Ok(t().cli_restored(&parts.join(", ")))
}

/// Writes the export to `file`, which must not exist yet.
pub async fn export(
    pool: &crate::sql::Pool,
    file: &Path,
    with_passwords: bool,
) -> anyhow::Result<String> {
    if file.exists() {
        anyhow::bail!(t().cli_file_exists(file.display()));
    }
    let bytes = super::export::export_bytes(pool, with_passwords).await?;
    // Written under a temporary name and renamed, so a half-written file never
    // looks like an export.
    let partial = file.with_extension("json.deel");
    std::fs::write(&partial, &bytes)
        .and_then(|()| std::fs::rename(&partial, file))
        .with_context(|| t().cli_cannot_write(file.display()))?;
    Ok(t().cli_export_written(file.display(), with_passwords))
}
