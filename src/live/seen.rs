//! What a hub's subscribers were last told: kept apart from `changes` (which
//! reads the database) so that `state` can hold the hubs without importing it.

use std::collections::HashMap;

use super::hub::Live;

/// Every hub of the server: articles remember an `ArticleSeen`, the queue its count.
pub type Hubs = Live<ArticleSeen, i64>;

/// One reaction as anonymous readers last saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// What its HTML depends on, apart from the clock and the appreciation count.
    pub look: u64,
    pub appreciations: i64,
}

/// An article as anonymous readers last saw it.
#[derive(Debug, Default)]
pub struct ArticleSeen {
    pub reactions: HashMap<i64, Seen>,
    /// Approved reactions (the heading "Reacties (N)").
    pub count: i64,
    /// JA and NEE per reason.
    pub tallies: Vec<(i64, i64, i64)>,
}
