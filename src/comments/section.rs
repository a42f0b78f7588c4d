//! The reactions below an article as one viewer sees them: the page of threads,
//! the forms, and what each reaction offers this viewer (reply, edit, report,
//! the author's tools).

pub use super::compose::Compose;
use super::model::{EDIT_WINDOW_SECS, LAST_PAGE, ReactionStatus, THREADS_PER_PAGE};
use super::{threads, tree};
use crate::accounts::model::{CurrentUser, Session};
use crate::article::content::Article;
use crate::conversation::appreciation::{self, Counts};
use crate::conversation::order::Order;
use crate::dates;
use crate::error::Result;
use crate::http::redirect::{login_path, register_path};
use crate::state::AppState;

/// A confirmation after a redirect, and where on the page it belongs: at the
/// reaction it is about, at the form, or at the top of the reactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub text: &'static str,
    pub place: NoticePlace,
}

/// Where a notice is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticePlace {
    /// Above the reactions.
    Top,
    /// Beside the main form (where a guest lands after posting).
    Form,
    /// Inside this reaction, where the reader lands after posting or editing it.
    Reaction(i64),
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
    /// Not visible to this viewer, kept as "[verborgen]" for the replies below it.
    pub placeholder: bool,
    pub iso: String,
    pub relative: String,
    pub exact: String,
    pub edited: bool,
    pub replying_to: Option<String>,
    /// A label for a reaction not everyone sees ("wacht op goedkeuring", …).
    pub mark: Option<&'static str>,
    /// The confirmation for the reaction just posted or edited.
    pub notice: Option<&'static str>,
    /// For its writer: why the author did not place it.
    pub rejection_reason: Option<String>,
    /// The article's reason it is about ("over reden 3").
    pub reason: Option<i64>,
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
    /// Counted readers who appreciated it, whether this viewer did, and may.
    pub appreciations: i64,
    pub appreciated: bool,
    pub can_appreciate: bool,
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
    /// A confirmation shown above the reactions.
    pub notice: Option<&'static str>,
    /// A confirmation shown beside the main form.
    pub form_notice: Option<&'static str>,
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
    /// The order of the threads.
    pub order: Order,
    /// The article's reasons, which a new reaction may name.
    pub reasons: Vec<crate::article::reasons::Reason>,
}

impl ReactionView {
    /// The id of this reaction's reply form (and the anchor that opens it).
    pub fn reply_anchor(&self) -> String {
        format!("reageer-{}", self.id)
    }
}

/// What the page marks on its reactions: the open reply form and a notice.
struct Marks {
    reply_to: Option<i64>,
    notice: Option<Notice>,
    appreciation: Counts,
}

/// Who is looking, as far as the thread cares.
struct Viewer {
    id: Option<i64>,
    is_author: bool,
    can_write: bool,
    logged_in: bool,
    /// A reader (the author's tools fold into "Beheer"), not banned; closed articles too.
    can_appreciate: bool,
}

fn view(node: tree::Node, viewer: &Viewer, marks: &Marks, now: i64) -> ReactionView {
    let reply_to = marks.reply_to;
    use ReactionStatus as S;
    let row = node.row;
    let at = dates::from_unix(row.created_at);
    let deleted = row.status == S::Deleted;
    let own = viewer.id.is_some() && viewer.id == row.user_id && !deleted && !row.placeholder;
    let approved = row.status == S::Approved;
    let mark = match row.status {
        S::Pending => Some(crate::i18n::t().reading.mark_pending),
        S::Shadow if viewer.is_author => Some(crate::i18n::t().reading.mark_shadow),
        S::Hidden => Some("verborgen"),
        S::Rejected if !row.placeholder => Some(crate::i18n::t().reading.mark_rejected),
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
        placeholder: row.placeholder,
        iso: dates::iso(at),
        relative: dates::relative(at, dates::from_unix(now)),
        exact: dates::exact_time(at),
        edited: row.edited_at.is_some(),
        replying_to: node.replying_to,
        mark,
        rejection_reason: row.rejection_reason.clone(),
        reason: row.reason,
        notice: marks
            .notice
            .filter(|n| n.place == NoticePlace::Reaction(row.id))
            .map(|n| n.text),
        pinned: row.pinned,
        locked: row.locked,
        thread_locked: node.thread_locked,
        own,
        can_edit: own && viewer.can_write && now - row.created_at <= EDIT_WINDOW_SECS,
        can_reply,
        can_report: viewer.logged_in && viewer.can_write && !own && approved && !viewer.is_author,
        moderate: viewer.is_author && !deleted,
        seen: row.status.as_db(),
        hidden: matches!(row.status, S::Hidden | S::Rejected | S::Spam),
        level: node.level,
        reply_open: can_reply && reply_to == Some(row.id),
        as_parent: Some(row.id),
        appreciations: marks.appreciation.of(row.id),
        appreciated: marks.appreciation.mine.contains(&row.id),
        can_appreciate: viewer.can_appreciate && approved && !own,
        children: node
            .children
            .into_iter()
            .map(|child| view(child, viewer, marks, now))
            .collect(),
    }
}

fn contains_open(views: &[ReactionView], id: i64) -> bool {
    views
        .iter()
        .any(|v| (v.id == id && v.reply_open) || contains_open(&v.children, id))
}

fn contains_notice(views: &[ReactionView]) -> bool {
    views
        .iter()
        .any(|v| v.notice.is_some() || contains_notice(&v.children))
}

/// The page of threads to show and what is on it.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// 1-based page number.
    pub page: i64,
    /// The reaction whose reply form is open.
    pub reply_to: Option<i64>,
    pub compose: Compose,
    pub notice: Option<Notice>,
    pub order: Order,
}

/// The page's threads for this viewer, in the order the query chose them (the
/// tree keeps id order).
fn in_order(
    rows: Vec<tree::Row>,
    viewer: &Viewer,
    marks: &Marks,
    now: i64,
    order: Order,
) -> Vec<ReactionView> {
    let mut threads: Vec<ReactionView> = tree::build(rows)
        .into_iter()
        .map(|node| view(node, viewer, marks, now))
        .collect();
    match order {
        Order::Oldest => {}
        Order::Newest => threads.sort_by_key(|t| (!t.pinned, -t.id)),
        Order::Appreciated => threads.sort_by_key(|t| (!t.pinned, -t.appreciations, t.id)),
    }
    threads
}

/// Who the section is loaded for.
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    /// Someone without an account, or this account.
    Known(Option<&'a CurrentUser>),
    /// Any logged-in reader who has written nothing here and is not banned: what
    /// they all see alike (see `article::shared`).
    AnyAccount,
}

/// The page asked for (`LAST_PAGE` for the last) and how many there are, for
/// this many threads; `None` past the last page.
fn page_among(asked: i64, threads_total: i64) -> Option<(i64, i64)> {
    let pages = ((threads_total + THREADS_PER_PAGE - 1) / THREADS_PER_PAGE).max(1);
    let page = if asked == LAST_PAGE {
        pages
    } else {
        asked.max(1)
    };
    (page <= pages).then_some((page, pages))
}

/// Loads one page of an article's threads for this viewer; `None` when the page
/// does not exist.
pub async fn load_section(
    state: &AppState,
    article: &Article,
    session: Option<&Session>,
    view_of: View,
) -> Result<Option<Section>> {
    load_section_for(
        state,
        article,
        Reader::Known(session.map(|s| &s.user)),
        view_of,
    )
    .await
}

/// `load_section` for a `Reader`.
pub async fn load_section_for(
    state: &AppState,
    article: &Article,
    reader: Reader<'_>,
    view_of: View,
) -> Result<Option<Section>> {
    let View {
        page,
        reply_to,
        compose,
        notice,
        order,
    } = view_of;
    let slug = article.slug.as_str();
    let (user, logged_in) = match reader {
        Reader::Known(user) => (user, user.is_some()),
        Reader::AnyAccount => (None, true),
    };
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
        logged_in,
        can_appreciate: logged_in && ban_message.is_none() && !is_author,
    };
    let threads_total = threads::thread_count(&state.pool, slug, viewer.id, is_author).await?;
    let Some((page, pages)) = page_among(page, threads_total) else {
        return Ok(None);
    };
    let page_of = threads::PageOf {
        slug,
        limit: THREADS_PER_PAGE,
        offset: (page - 1) * THREADS_PER_PAGE,
        order: order.as_str(),
        now,
    };
    let rows = threads::thread_page(&state.pool, page_of, viewer.id, is_author).await?;
    let appreciation = appreciation::for_article(&state.pool, slug, viewer.id, now).await?;
    let marks = Marks {
        reply_to,
        notice,
        appreciation,
    };
    let threads = in_order(rows, &viewer, &marks, now, order);
    // A reply form that cannot open would swallow the text: use the main form.
    let reply_to = reply_to.filter(|id| contains_open(&threads, *id));
    // A notice for a reaction that is not on this page goes above the reactions.
    let (notice, form_notice) = match notice {
        Some(n) if n.place == NoticePlace::Form => (None, Some(n.text)),
        Some(n) if n.place == NoticePlace::Top || !contains_notice(&threads) => {
            (Some(n.text), None)
        }
        _ => (None, None),
    };
    let back = format!("/{slug}");
    Ok(Some(Section {
        slug: slug.to_owned(),
        count: threads::approved_in(&state.pool, slug).await?,
        page,
        pages,
        threads,
        logged_in,
        reply_to,
        compose,
        notice,
        form_notice,
        login_url: login_path(&back),
        register_url: register_path(&back),
        closed,
        ban_message,
        guests_allowed: settings.guests_allowed,
        form_token: state.key.form_token(now),
        order,
        reasons: article.reasons().cloned().collect(),
    }))
}
