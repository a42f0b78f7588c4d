//! Reactions: posting, replying, editing and deleting, the Markdown subset, and
//! the threaded list shown below an article.

mod handlers;
pub mod markdown;
pub mod queries;
pub mod tree;

use axum::Router;
use axum::routing::{get, post};

use crate::accounts::{self, Session};
use crate::app::AppState;
use crate::dates;
use crate::error::Result;

/// A reaction's length limit in characters, after trimming.
pub const MAX_CHARS: usize = 5000;
/// How long a writer may still edit a reaction.
pub const EDIT_WINDOW_SECS: i64 = 15 * 60;

/// Routes for writing reactions.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{slug}/reacties", post(handlers::create_reaction))
        .route(
            "/reacties/{id}/bewerken",
            get(handlers::edit_form).post(handlers::update_reaction),
        )
        .route(
            "/reacties/{id}/verwijderen",
            get(handlers::delete_form).post(handlers::delete_reaction),
        )
}

/// Trims and checks a reaction's text; the error is a Dutch sentence for the form.
pub fn validate_body(raw: &str) -> Result<String, String> {
    let body = raw.replace("\r\n", "\n").trim().to_owned();
    let length = body.chars().count();
    if length == 0 {
        return Err("Je reactie is nog leeg. Schrijf eerst iets.".into());
    }
    if length > MAX_CHARS {
        return Err(format!(
            "Je reactie is {length} tekens lang; het maximum is 5.000. Maak hem wat korter."
        ));
    }
    Ok(body)
}

/// What is in the reaction form being written (the main form or a reply form).
#[derive(Debug, Clone, Default)]
pub struct Compose {
    pub body: String,
    pub error: Option<String>,
    /// The text came back from before a login.
    pub from_draft: bool,
}

/// One reaction as the template shows it to this viewer.
#[derive(Debug, Clone)]
pub struct ReactionView {
    pub id: i64,
    pub author_name: String,
    pub by_author: bool,
    pub body_html: String,
    pub deleted: bool,
    pub iso: String,
    pub relative: String,
    pub exact: String,
    pub edited: bool,
    pub replying_to: Option<String>,
    pub own: bool,
    pub can_edit: bool,
    pub level: usize,
    /// This reaction's reply form is open.
    pub reply_open: bool,
    /// `Some(id)`: the value of a reply form's `parent_id`.
    pub as_parent: Option<i64>,
    pub children: Vec<ReactionView>,
}

/// Everything below an article: the threads and the form.
#[derive(Debug, Clone)]
pub struct Section {
    pub slug: String,
    pub threads: Vec<ReactionView>,
    pub count: usize,
    pub logged_in: bool,
    /// The reaction whose reply form is open, if any.
    pub reply_to: Option<i64>,
    pub compose: Compose,
    pub notice: Option<&'static str>,
    pub login_url: String,
    pub register_url: String,
}

impl Section {
    /// The compose state for the main form (empty when a reply form is open).
    pub fn main_compose(&self) -> Compose {
        if self.reply_to.is_none() {
            self.compose.clone()
        } else {
            Compose::default()
        }
    }
}

fn view(node: tree::Node, viewer: Option<i64>, reply_to: Option<i64>, now: i64) -> ReactionView {
    let row = node.row;
    let at = dates::from_unix(row.created_at);
    let own = viewer == Some(row.user_id) && !row.deleted;
    ReactionView {
        id: row.id,
        author_name: row.username,
        by_author: row.is_author,
        body_html: row.body_html,
        deleted: row.deleted,
        iso: dates::iso(at),
        relative: dates::relative(at, dates::from_unix(now)),
        exact: dates::exact_time(at),
        edited: row.edited_at.is_some(),
        replying_to: node.replying_to,
        own,
        can_edit: own && now - row.created_at <= EDIT_WINDOW_SECS,
        level: node.level,
        reply_open: reply_to == Some(row.id) && !row.deleted,
        as_parent: Some(row.id),
        children: node
            .children
            .into_iter()
            .map(|child| view(child, viewer, reply_to, now))
            .collect(),
    }
}

fn count_live(views: &[ReactionView]) -> usize {
    views
        .iter()
        .map(|v| usize::from(!v.deleted) + count_live(&v.children))
        .sum()
}

fn contains_live(views: &[ReactionView], id: i64) -> bool {
    views
        .iter()
        .any(|v| (v.id == id && !v.deleted) || contains_live(&v.children, id))
}

/// Loads the threads of an article for this viewer.
pub async fn load_section(
    state: &AppState,
    slug: &str,
    session: Option<&Session>,
    reply_to: Option<i64>,
    compose: Compose,
    notice: Option<&'static str>,
) -> Result<Section> {
    let rows = queries::thread_rows(&state.pool, slug).await?;
    let now = state.now_unix();
    let viewer = session.map(|s| s.user.id);
    let threads: Vec<ReactionView> = tree::build(rows)
        .into_iter()
        .map(|node| view(node, viewer, reply_to, now))
        .collect();
    // A reply form for a reaction that is gone would swallow the text: use the main form.
    let reply_to = reply_to.filter(|id| contains_live(&threads, *id));
    let back = format!("/{slug}");
    Ok(Section {
        slug: slug.to_owned(),
        count: count_live(&threads),
        threads,
        logged_in: session.is_some(),
        reply_to,
        compose,
        notice,
        login_url: accounts::login_path(&back),
        register_url: accounts::register_path(&back),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_trimmed_and_limited_to_5000_characters() {
        assert_eq!(
            validate_body("  hallo \r\n wereld  "),
            Ok("hallo \n wereld".into())
        );
        assert!(validate_body("   \n ").is_err());
        assert!(validate_body(&"é".repeat(MAX_CHARS)).is_ok());
        assert!(validate_body(&"é".repeat(MAX_CHARS + 1)).is_err());
    }
}
