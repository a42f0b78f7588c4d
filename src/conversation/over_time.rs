//! For the author: the tallies of each article's reasons over time, day by day,
//! replayed from the log of every stance readers chose. Stances of readers who
//! are banned or shadowbanned now are left out, as on the article.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use super::stances::Choice;
use crate::accounts::extract::Author;
use crate::dates;
use crate::error::Result;
use crate::layout::Layout;
use crate::state::AppState;

/// Days shown per article, the newest first.
const DAYS: usize = 30;

/// One day: the tally of every reason at its end.
struct DayRow {
    day: String,
    cells: Vec<String>,
}

/// One article with reasons.
struct ArticleRows {
    title: String,
    slug: String,
    reasons: Vec<String>,
    days: Vec<DayRow>,
}

#[derive(Template)]
#[template(path = "conversation/over_time.html")]
struct OverTimePage {
    layout: Layout,
    articles: Vec<ArticleRows>,
}

/// The tally per reason number in `numbers`, from the stances in force.
fn snapshot(state: &HashMap<(i64, i64), Choice>, numbers: &[i64]) -> Vec<String> {
    numbers
        .iter()
        .map(|n| {
            let count = |c: Choice| {
                state
                    .iter()
                    .filter(|((r, _), s)| r == n && **s == c)
                    .count()
            };
            format!("{} JA · {} NEE", count(Choice::Ja), count(Choice::Nee))
        })
        .collect()
}

/// Replays an article's log into one row per day with changes, newest first.
async fn rows_for(state: &AppState, slug: &str, numbers: &[i64]) -> Result<Vec<DayRow>> {
    let now = state.now_unix();
    let log = sqlx::query!(
        r#"SELECT c.reason, c.user_id, c.stance, c.created_at FROM stance_changes c
           JOIN users u ON u.id = c.user_id
           WHERE c.article_slug = $1 AND u.shadowbanned = 0
             AND NOT (u.banned_at IS NOT NULL AND (u.banned_until IS NULL OR u.banned_until > $2))
           ORDER BY c.id"#,
        slug,
        now
    )
    .fetch_all(&state.pool)
    .await?;
    let mut in_force: HashMap<(i64, i64), Choice> = HashMap::new();
    let mut days: Vec<DayRow> = Vec::new();
    let mut current: Option<jiff::civil::Date> = None;
    for change in log {
        let day = dates::today(dates::from_unix(change.created_at));
        if let Some(previous) = current.filter(|d| *d != day) {
            days.push(DayRow {
                day: dates::long_date(previous),
                cells: snapshot(&in_force, numbers),
            });
        }
        current = Some(day);
        let key = (change.reason, change.user_id);
        match change.stance.as_deref().and_then(Choice::parse) {
            Some(choice) => in_force.insert(key, choice),
            None => in_force.remove(&key),
        };
    }
    if let Some(last) = current {
        days.push(DayRow {
            day: dates::long_date(last),
            cells: snapshot(&in_force, numbers),
        });
    }
    days.reverse();
    days.truncate(DAYS);
    Ok(days)
}

/// GET /moderatie/redenen
pub(crate) async fn show_over_time(
    State(state): State<AppState>,
    Author(_): Author,
    layout: Layout,
) -> Result<Response> {
    let mut articles = Vec::new();
    for article in state.articles.all() {
        let numbers: Vec<i64> = article.reasons().map(|r| r.number).collect();
        if numbers.is_empty() {
            continue;
        }
        articles.push(ArticleRows {
            title: article.title.clone(),
            slug: article.slug.clone(),
            reasons: article
                .reasons()
                .map(|r| format!("{}. {}", r.number, r.title))
                .collect(),
            days: rows_for(&state, &article.slug, &numbers).await?,
        });
    }
    Ok(Html(OverTimePage { layout, articles }.render()?).into_response())
}
