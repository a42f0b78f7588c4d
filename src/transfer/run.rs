//! One import from start to finish: the file is read on a blocking thread and
//! handed over a short queue (so memory stays flat), each comment is staged,
//! and the whole file is stored in one transaction, or nothing is.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashSet;
use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};

use crate::sql::Pool;
use anyhow::Context;
use tokio::sync::mpsc;

use super::item::Item;
use super::map::{Mapper, parse_maps};
use super::report::Report;
use super::stage::{self, Accounts};
use super::{disqus, isso, wordpress};
use crate::i18n;

/// Where the comments come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    WordPress,
    Disqus,
    Isso,
}

impl Kind {
    /// The name kept with each imported reaction's source id.
    fn source(self) -> &'static str {
        match self {
            Self::WordPress => "wordpress",
            Self::Disqus => "disqus",
            Self::Isso => "isso",
        }
    }
}

/// `--map`, `--match-accounts` and `--dry-run`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub maps: Vec<String>,
    pub match_accounts: bool,
    pub dry_run: bool,
}

/// How many comments between two progress lines when not on a terminal.
const PROGRESS_EVERY: u64 = 10_000;

/// Starts reading `file` on its own thread or task.
/// The reader's messages (places, problems) are in the caller's language: a
/// new task does not inherit the task-local, so it is carried over.
fn produce(
    kind: Kind,
    file: PathBuf,
    tx: mpsc::Sender<Item>,
) -> tokio::task::JoinHandle<anyhow::Result<()>> {
    let lang = i18n::current();
    match kind {
        Kind::Isso => tokio::spawn(i18n::with_lang(
            lang,
            async move { isso::read(&file, tx).await },
        )),
        Kind::WordPress | Kind::Disqus => tokio::task::spawn_blocking(move || {
            i18n::in_lang(lang, || {
                let opened = std::fs::File::open(&file)
                    .with_context(|| i18n::t().cli_cannot_open(file.display()))?;
                let input = BufReader::with_capacity(1 << 16, opened);
                let mut emit = |item: Item| {
                    tx.blocking_send(item)
                        .map_err(|_| anyhow::anyhow!(i18n::t().terminal.storing_stopped))
                };
                if kind == Kind::WordPress {
                    wordpress::read(input, &mut emit)
                } else {
                    disqus::read(input, &mut emit)
                }
            })
        }),
    }
}

/// Imports `file` into the database; returns what was (or would be) done.
pub async fn import(
    pool: &Pool,
    content: &Path,
    kind: Kind,
    file: &Path,
    options: &Options,
) -> anyhow::Result<Report> {
    let articles = crate::article::content::Articles::load(content)?;
    let slugs: HashSet<String> = articles.all().iter().map(|a| a.slug.clone()).collect();
    let maps = parse_maps(&options.maps, &slugs)?;
    if !file.is_file() {
        anyhow::bail!(i18n::t().cli_not_a_file(file.display()));
    }
    let result = store(pool, kind, file, options, Mapper::new(slugs, maps)).await;
    result.with_context(|| i18n::t().cli_not_imported(file.display()))
}

async fn store(
    pool: &Pool,
    kind: Kind,
    file: &Path,
    options: &Options,
    mut mapper: Mapper,
) -> anyhow::Result<Report> {
    let (tx, mut rx) = mpsc::channel::<Item>(1024);
    let producer = produce(kind, file.to_path_buf(), tx);
    let mut report = Report {
        dry_run: options.dry_run,
        ..Report::default()
    };
    let mut accounts = Accounts::new(options.match_accounts);
    let mut db = crate::db::begin_write(pool).await?;
    let progress = !std::io::stderr().is_terminal();
    // On a terminal a bar that counts; elsewhere (a log, a pipe) plain lines.
    let bar = if progress {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template(i18n::t().cli_progress_template())
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        )
    };
    let mut seen: u64 = 0;
    let source = kind.source();
    while let Some(item) = rx.recv().await {
        let slug = if item.status.as_reaction_status().is_some() {
            mapper.article(&item.thread)
        } else {
            None
        };
        stage::stage(&mut db, source, slug, item, &mut accounts, &mut report).await?;
        seen += 1;
        bar.inc(1);
        if progress && seen.is_multiple_of(PROGRESS_EVERY) {
            eprintln!("{}", i18n::t().cli_progress(seen));
        }
    }
    producer
        .await
        .map_err(|_| anyhow::anyhow!(i18n::t().terminal.reading_stopped))??;
    bar.finish_and_clear();
    stage::finish(&mut db, source, &mut report).await?;
    report.unmatched = std::mem::take(&mut mapper.unmatched);
    if options.dry_run {
        db.rollback().await?;
    } else {
        db.commit().await?;
    }
    Ok(report)
}
