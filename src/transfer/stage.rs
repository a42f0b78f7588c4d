//! Storing one import: each comment is checked and staged as it is read, then
//! the staged rows become reactions in a few set-based statements that put
//! every parent before its replies and link replies across runs.

use std::collections::HashMap;

use crate::sql::Conn;

use super::item::{Body, Item};
use super::report::Report;
use crate::comments::markdown;

/// Longest imported text, in characters: far above what a reaction may be
/// here, so nothing real is lost, but a bound all the same.
const MAX_IMPORTED_CHARS: usize = 100_000;
/// Longest guest name kept.
const MAX_NAME_CHARS: usize = 80;

/// Accounts looked up by name, when `--match-accounts` asks for it.
#[derive(Debug, Default)]
pub struct Accounts {
    pub enabled: bool,
    seen: HashMap<String, Option<i64>>,
}

impl Accounts {
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            seen: HashMap::new(),
        }
    }

    async fn find(&mut self, conn: &mut Conn, name: &str) -> sqlx::Result<Option<i64>> {
        if !self.enabled {
            return Ok(None);
        }
        let key = crate::accounts::username::key(name);
        if let Some(found) = self.seen.get(&key) {
            return Ok(*found);
        }
        let found = sqlx::query_scalar!(
            "SELECT id FROM users WHERE username_key = $1 AND deleted_at IS NULL",
            key
        )
        .fetch_optional(&mut *conn)
        .await?;
        self.seen.insert(key, found);
        Ok(found)
    }
}

/// HTML written as plain lines (WordPress stores comments so): blank lines
/// become paragraphs and single newlines line breaks, as WordPress showed them.
fn paragraphs(html: &str) -> String {
    if html.contains("<p") {
        return html.to_owned();
    }
    html.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
        .collect()
}

/// The text to store and its sanitised HTML.
fn bodies(body: &Body) -> (String, String) {
    match body {
        Body::Html(html) => {
            let source = crate::text::clean(html.trim());
            let html = markdown::sanitize_html(&paragraphs(&source));
            (source, html)
        }
        Body::Markdown(md) => {
            let source = crate::text::clean(md.trim());
            let html = markdown::render(&source);
            (source, html)
        }
    }
}

fn guest_name(raw: &str) -> String {
    let name: String = crate::text::clean_line(raw)
        .trim()
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    if name.trim().is_empty() {
        "Anoniem".to_owned()
    } else {
        name.trim().to_owned()
    }
}

/// Checks one comment and stages it, or counts why not.
pub async fn stage(
    conn: &mut Conn,
    source: &str,
    slug: Option<String>,
    item: Item,
    accounts: &mut Accounts,
    report: &mut Report,
) -> sqlx::Result<()> {
    let Some(status) = item.status.as_reaction_status() else {
        report.trash += 1;
        return Ok(());
    };
    let Some(slug) = slug else {
        return Ok(());
    };
    if item.source_id.is_empty() {
        report.problem(&item.place, crate::i18n::t().terminal.no_id);
        return Ok(());
    }
    let Some(created_at) = item.created_at else {
        report.problem(&item.place, crate::i18n::t().terminal.bad_date);
        return Ok(());
    };
    let done = sqlx::query_scalar!(
        "SELECT reaction_id FROM import_sources WHERE source = $1 AND source_id = $2",
        source,
        item.source_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if done.is_some() {
        report.already += 1;
        return Ok(());
    }
    let (body_source, body_html) = bodies(&item.body);
    if body_html.trim().is_empty() {
        report.problem(&item.place, crate::i18n::t().terminal.empty_text);
        return Ok(());
    }
    if body_source.chars().count() > MAX_IMPORTED_CHARS {
        report.problem(&item.place, crate::i18n::t().terminal.text_too_long);
        return Ok(());
    }
    let name = guest_name(&item.author);
    let user_id = accounts.find(conn, &name).await?;
    let guest = user_id.is_none().then_some(name);
    let staged = sqlx::query!(
        "INSERT INTO import_staging (source_id, parent_source, slug, user_id, guest_name,
                                     body_source, body_html, status, created_at, place)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (source_id) DO NOTHING",
        item.source_id,
        item.parent_id,
        slug,
        user_id,
        guest,
        body_source,
        body_html,
        status,
        created_at,
        item.place
    )
    .execute(&mut *conn)
    .await?;
    if staged.rows_affected() == 0 {
        report.problem(
            &item.place,
            &crate::i18n::t().cli_duplicate_id(&item.source_id),
        );
    }
    Ok(())
}

/// Gives every staged row its depth, thread and place in time. Rows whose
/// parent is not (yet) reachable keep a NULL depth.
async fn place_in_threads(conn: &mut Conn) -> sqlx::Result<()> {
    sqlx::query!(
        "WITH RECURSIVE tree (seq, depth, sort_at, root_seq) AS (
             SELECT seq, 1, created_at, seq FROM import_staging
             WHERE depth IS NULL AND (parent_source IS NULL OR parent_ext IS NOT NULL OR orphan = 1)
             UNION ALL
             SELECT c.seq, t.depth + 1, CASE WHEN t.sort_at > c.created_at THEN t.sort_at ELSE c.created_at END, t.root_seq
             FROM tree t
             JOIN import_staging p ON p.seq = t.seq
             JOIN import_staging c ON c.parent_source = p.source_id AND c.slug = p.slug
             WHERE c.orphan = 0 AND c.parent_ext IS NULL
         )
         UPDATE import_staging
         SET depth = tree.depth, sort_at = tree.sort_at, root_seq = tree.root_seq
         FROM tree WHERE tree.seq = import_staging.seq"
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Turns the staged rows into reactions and forgets them.
pub async fn finish(conn: &mut Conn, source: &str, report: &mut Report) -> sqlx::Result<()> {
    // Replies to comments imported by an earlier run of the same source.
    sqlx::query!(
        "UPDATE import_staging
         SET parent_ext = r.id, root_ext = COALESCE(r.root_id, r.id)
         FROM import_sources s JOIN reactions r ON r.id = s.reaction_id
         WHERE s.source = $1 AND s.source_id = import_staging.parent_source
           AND r.article_slug = import_staging.slug",
        source
    )
    .execute(&mut *conn)
    .await?;
    place_in_threads(conn).await?;
    // A reply whose parent is nowhere in this file (or in another article)
    // becomes a reaction of its own; then its replies can be placed.
    sqlx::query!(
        "UPDATE import_staging SET orphan = 1
         WHERE depth IS NULL AND NOT EXISTS (
             SELECT 1 FROM import_staging p
             WHERE p.source_id = import_staging.parent_source AND p.slug = import_staging.slug)"
    )
    .execute(&mut *conn)
    .await?;
    place_in_threads(conn).await?;
    // What is still unplaced answers itself in a circle.
    sqlx::query!(
        "UPDATE import_staging SET orphan = 2, depth = 1, sort_at = created_at, root_seq = seq
         WHERE depth IS NULL"
    )
    .execute(&mut *conn)
    .await?;
    let orphans = sqlx::query!(
        r#"SELECT place, source_id, parent_source, orphan AS "orphan!: i64"
           FROM import_staging WHERE orphan > 0 ORDER BY seq"#
    )
    .fetch_all(&mut *conn)
    .await?;
    for o in orphans {
        let parent = o.parent_source.unwrap_or_default();
        let why = if o.orphan == 1 {
            crate::i18n::t().cli_unknown_parent(&parent)
        } else {
            crate::i18n::t().terminal.reply_circle.to_owned()
        };
        let place = if o.place.starts_with("id ") {
            o.place
        } else {
            format!("{} (id {})", o.place, o.source_id)
        };
        report.problem(&place, &why);
    }
    number_and_insert(conn, source).await?;
    let counts = sqlx::query!(
        r#"SELECT slug, status, count(*) AS "n!: i64" FROM import_staging
           GROUP BY slug, status ORDER BY slug, status"#
    )
    .fetch_all(&mut *conn)
    .await?;
    for c in counts {
        report.add(&c.slug, &c.status, u64::try_from(c.n).unwrap_or(0));
    }
    sqlx::query!("DELETE FROM import_staging")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// New ids in time order (a parent always first, so threads build in one
/// pass), then the reactions and the record of where each came from.
async fn number_and_insert(conn: &mut Conn, source: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "WITH ordered AS (
             SELECT seq, row_number() OVER (ORDER BY sort_at, depth, seq) AS n FROM import_staging
         )
         UPDATE import_staging
         SET new_id = (SELECT COALESCE(max(id), 0) FROM reactions) + ordered.n
         FROM ordered WHERE ordered.seq = import_staging.seq"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO reactions (id, article_slug, user_id, guest_name, parent_id, root_id,
                                body_source, body_html, status, created_at)
         SELECT s.new_id, s.slug, s.user_id, s.guest_name,
                CASE WHEN s.orphan > 0 THEN NULL ELSE COALESCE(s.parent_ext, p.new_id) END,
                CASE WHEN s.orphan > 0 OR s.parent_source IS NULL THEN NULL
                     ELSE COALESCE(s.root_ext, root.root_ext, root.new_id) END,
                s.body_source, s.body_html, s.status, s.created_at
         FROM import_staging s
         LEFT JOIN import_staging p ON p.source_id = s.parent_source AND s.orphan = 0
         LEFT JOIN import_staging root ON root.seq = s.root_seq
         ORDER BY s.new_id"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO import_sources (source, source_id, reaction_id)
         SELECT $1, source_id, new_id FROM import_staging",
        source
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
