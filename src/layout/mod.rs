//! The frame of every page (base.html): who is logged in and the author's
//! waiting count. Plain data here; `load` fills it in for a request.

pub mod load;

/// What the page header shows.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub user: Option<HeaderUser>,
    /// For the author: items waiting in the moderation queue.
    pub waiting: i64,
}

/// The logged-in visitor, as the header names them.
#[derive(Debug, Clone)]
pub struct HeaderUser {
    pub name: String,
    pub is_author: bool,
}

impl Layout {
    /// The frame for a visitor who is not logged in.
    pub fn anonymous() -> Self {
        Self::default()
    }
}
