//! The order a reader reads reactions in: oldest first (the default), newest
//! first, or most appreciated first; pinned threads always on top. Chosen with
//! links (`?volgorde=…`) and remembered in the reader's session.

use crate::sql::Pool;

use crate::error::Result;

/// How threads are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    Oldest,
    Newest,
    Appreciated,
}

impl Order {
    /// Every order, as the links list them.
    pub const ALL: [Self; 3] = [Self::Oldest, Self::Newest, Self::Appreciated];

    /// From the query string or the session.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "oudste" => Some(Self::Oldest),
            "nieuwste" => Some(Self::Newest),
            "gewaardeerd" => Some(Self::Appreciated),
            _ => None,
        }
    }

    /// In the query string, the session and the thread query.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Oldest => "oudste",
            Self::Newest => "nieuwste",
            Self::Appreciated => "gewaardeerd",
        }
    }

    /// The link's text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Oldest => crate::i18n::t().reading.oldest_first,
            Self::Newest => crate::i18n::t().reading.newest_first,
            Self::Appreciated => crate::i18n::t().reading.most_appreciated,
        }
    }
}

/// A link that chooses an order.
#[derive(Debug, Clone)]
pub struct OrderLink {
    pub label: &'static str,
    pub path: String,
    /// The order shown now.
    pub current: bool,
}

/// The links that choose an order, `current` marked.
pub fn links(slug: &str, current: Order) -> Vec<OrderLink> {
    Order::ALL
        .iter()
        .map(|o| OrderLink {
            label: o.label(),
            path: format!("/{slug}?volgorde={}#reacties", o.as_str()),
            current: *o == current,
        })
        .collect()
}

/// Remembers the order for the session.
pub async fn remember(pool: &Pool, token_hash: &str, order: Order) -> Result<()> {
    let raw = order.as_str();
    sqlx::query!(
        "UPDATE sessions SET reaction_order = $1 WHERE token_hash = $2",
        raw,
        token_hash
    )
    .execute(pool)
    .await?;
    Ok(())
}
