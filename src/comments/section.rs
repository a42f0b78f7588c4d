//! The reactions below an article as one viewer sees them: the page of threads,
//! the forms, and what each reaction offers this viewer (reply, edit, report,
//! the author's tools).

use super::model::{EDIT_WINDOW_SECS, LAST_PAGE, ReactionStatus, THREADS_PER_PAGE};
use super::{threads, tree};
use crate::accounts::model::Session;
use crate::article::content::Article;
use crate::dates;
use crate::error::Result;
use crate::http::redirect::{login_path, register_path};
use crate::state::AppState;

/// What is in the reaction form being written (the main form or a reply form).
#[derive(Debug, Clone, Default)]
pub struct Compose {
    pub body: String,
    /// A guest's name, when guests may react.
    pub guest_name: String,
    pub error: Option<String>,
    /// The text came back from before a login.
    pub from_draft: bool,
    /// The text rendered, after the reader asked for a preview ("Voorbeeld").
    pub preview: Option<String>,
}

/// One reaction as the template shows it to this viewer.
#[derive(Debug, Clone)]
pub struct ReactionView {
    pub id: i64,
    pub author_name: String,
    pub by_author: bool,
    pub is_guest: bool,
    pub body_html: String,
    pub deleted: bool,
    pub iso: String,
    pub relative: String,
    pub exact: String,
    pub edited: bool,
    pub replying_to: Option<String>,
    /// A label for a reaction not everyone sees ("wacht op goedkeuring", …).
    pub mark: Option<&'static str>,
    pub pinned: bool,
    /// Locked here (not just below a locked reaction).
    pub locked: bool,
    pub thread_locked: bool,
    pub own: bool,
    pub can_edit: bool,
    pub can_reply: bool,
    pub can_report: bool,
    /// The viewer is the author: show the moderation buttons.
    pub moderate: bool,
    /// What the moderation forms saw: the status (see `moderation::actions::seen`).
    pub seen: &'static str,
    pub hidden: bool,
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
    /// Approved reactions in the whole article.
    pub count: i64,
    /// This page (1-based) and how many there are.
    pub page: i64,
    pub pages: i64,
    pub logged_in: bool,
    /// The reaction whose reply form is open, if any.
    pub reply_to: Option<i64>,
    pub compose: Compose,
    pub notice: Option<&'static str>,
    pub login_url: String,
    pub register_url: String,
    /// New reactions are refused: the article is closed.
    pub closed: bool,
    /// Set when the viewer is banned: why they cannot write.
    pub ban_message: Option<String>,
    /// Visitors without an account may react with a name.
    pub guests_allowed: bool,
    /// The signed moment the forms were shown (see `security::ServerKey::form_token`).
    pub form_token: String,
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

    fn page_path(&self, n: i64) -> String {
        if n <= 1 {
            format!("/{}", self.slug)
        } else {
            format!("/{}?pagina={n}", self.slug)
        }
    }

    /// This page's path.
    pub fn current_path(&self) -> String {
        self.page_path(self.page)
    }

    /// The previous page's path.
    pub fn prev_path(&self) -> String {
        self.page_path(self.page - 1)
    }

    /// The next page's path.
    pub fn next_path(&self) -> String {
        self.page_path(self.page + 1)
    }

    /// The query prefix that keeps this page in links ("pagina=2&" or "").
    pub fn page_query(&self) -> String {
        if self.page <= 1 {
            String::new()
        } else {
            format!("pagina={}&", self.page)
        }
    }

    /// Whether the forms are shown at all.
    pub fn can_write(&self) -> bool {
        !self.closed && self.ban_message.is_none()
    }
}

/// Who is looking, as far as the thread cares.
struct Viewer {
    id: Option<i64>,
    is_author: bool,
    can_write: bool,
    logged_in: bool,
}

fn view(node: tree::Node, viewer: &Viewer, reply_to: Option<i64>, now: i64) -> ReactionView {
    use ReactionStatus as S;
    let row = node.row;
    let at = dates::from_unix(row.created_at);
    let deleted = row.status == S::Deleted;
    let own = viewer.id.is_some() && viewer.id == row.user_id && !deleted;
    let approved = row.status == S::Approved;
    let mark = match row.status {
        S::Pending => Some("wacht op goedkeuring"),
        S::Shadow if viewer.is_author => Some("schaduwban: alleen de schrijver ziet dit"),
        S::Hidden => Some("verborgen"),
        S::Approved | S::Shadow | S::Rejected | S::Spam | S::Deleted => None,
    };
    let can_reply = viewer.can_write && approved && !node.thread_locked;
    ReactionView {
        id: row.id,
        author_name: row.username,
        by_author: row.is_author,
        is_guest: row.is_guest,
        body_html: row.body_html,
        deleted,
        iso: dates::iso(at),
        relative: dates::relative(at, dates::from_unix(now)),
        exact: dates::exact_time(at),
        edited: row.edited_at.is_some(),
        replying_to: node.replying_to,
        mark,
        pinned: row.pinned,
        locked: row.locked,
        thread_locked: node.thread_locked,
        own,
        can_edit: own && viewer.can_write && now - row.created_at <= EDIT_WINDOW_SECS,
        can_reply,
        can_report: viewer.logged_in && viewer.can_write && !own && approved && !viewer.is_author,
        moderate: viewer.is_author && !deleted,
        seen: row.status.as_db(),
        hidden: row.status == S::Hidden,
        level: node.level,
        reply_open: can_reply && reply_to == Some(row.id),
        as_parent: Some(row.id),
        children: node
            .children
            .into_iter()
            .map(|child| view(child, viewer, reply_to, now))
            .collect(),
    }
}

fn contains_open(views: &[ReactionView], id: i64) -> bool {
    views
        .iter()
        .any(|v| (v.id == id && v.reply_open) || contains_open(&v.children, id))
}

/// The page of threads to show and what is on it.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// 1-based page number.
    pub page: i64,
    /// The reaction whose reply form is open.
    pub reply_to: Option<i64>,
    pub compose: Compose,
    pub notice: Option<&'static str>,
}

/// Loads one page of an article's threads for this viewer; `None` when the page
/// does not exist.
pub async fn load_section(
    state: &AppState,
    article: &Article,
    session: Option<&Session>,
    view_of: View,
) -> Result<Option<Section>> {
    let View {
        page,
        reply_to,
        compose,
        notice,
    } = view_of;
    let slug = article.slug.as_str();
    let user = session.map(|s| &s.user);
    let is_author = user.is_some_and(|u| u.is_author());
    let policy = state.policy.get(&state.pool).await?;
    let settings = &policy.settings;
    let now = state.now_unix();
    let closed = policy.is_closed(article, now);
    let ban_message = user.and_then(|u| u.ban.as_ref()).map(|b| b.message());
    let viewer = Viewer {
        id: user.map(|u| u.id),
        is_author,
        can_write: !closed && ban_message.is_none(),
        logged_in: user.is_some(),
    };
    let threads_total = threads::thread_count(&state.pool, slug, viewer.id, is_author).await?;
    let pages = ((threads_total + THREADS_PER_PAGE - 1) / THREADS_PER_PAGE).max(1);
    let page = if page == LAST_PAGE {
        pages
    } else {
        page.max(1)
    };
    if page > pages {
        return Ok(None);
    }
    let rows = threads::thread_page(
        &state.pool,
        slug,
        viewer.id,
        is_author,
        THREADS_PER_PAGE,
        (page - 1) * THREADS_PER_PAGE,
    )
    .await?;
    let threads: Vec<ReactionView> = tree::build(rows)
        .into_iter()
        .map(|node| view(node, &viewer, reply_to, now))
        .collect();
    // A reply form that cannot open would swallow the text: use the main form.
    let reply_to = reply_to.filter(|id| contains_open(&threads, *id));
    let back = format!("/{slug}");
    Ok(Some(Section {
        slug: slug.to_owned(),
        count: threads::approved_in(&state.pool, slug).await?,
        page,
        pages,
        threads,
        logged_in: session.is_some(),
        reply_to,
        compose,
        notice,
        login_url: login_path(&back),
        register_url: register_path(&back),
        closed,
        ban_message,
        guests_allowed: settings.guests_allowed,
        form_token: state.key.form_token(now),
    }))
}
