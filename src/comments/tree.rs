//! Turns a flat, oldest-first list of reactions into threads at most three
//! levels deep. Deeper replies are shown at level three, saying whom they answer.
//! A deleted reaction stays as "[verwijderd]" only while a live reply hangs below it.

use std::collections::HashMap;

use super::model::ReactionStatus;

/// Deepest level shown; deeper replies are lifted to this level.
pub const MAX_DEPTH: usize = 3;

/// One reaction as read from the database, oldest first.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// `None` for a guest.
    pub user_id: Option<i64>,
    pub is_guest: bool,
    pub username: String,
    pub is_author: bool,
    pub body_html: String,
    /// Not visible to this viewer: shown as "[verborgen]" only while a reply hangs below.
    pub placeholder: bool,
    pub status: ReactionStatus,
    pub pinned: bool,
    pub locked: bool,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    /// Why the author did not place it (shown to its writer).
    pub rejection_reason: Option<String>,
    /// The article's reason it is about.
    pub reason: Option<i64>,
}

/// A reaction placed in its thread.
#[derive(Debug, Clone)]
pub struct Node {
    pub row: Row,
    /// 1 for a top-level reaction.
    pub level: usize,
    /// Set when the reaction is shown at a shallower level than it really has.
    pub replying_to: Option<String>,
    /// This reaction or one above it is locked: no new replies.
    pub thread_locked: bool,
    pub children: Vec<Node>,
}

/// Builds the threads. Rows must be in id (= creation) order.
pub fn build(rows: Vec<Row>) -> Vec<Node> {
    let index: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let parent: Vec<Option<usize>> = rows
        .iter()
        .map(|r| r.parent_id.and_then(|p| index.get(&p).copied()))
        .collect();

    // A reply always comes after its parent, so one pass back to front marks
    // every reaction that is live or has a live reply somewhere below it.
    let mut shown: Vec<bool> = rows
        .iter()
        .map(|r| r.status != ReactionStatus::Deleted && !r.placeholder)
        .collect();
    for i in (0..rows.len()).rev() {
        if shown[i]
            && let Some(p) = parent[i]
        {
            shown[p] = true;
        }
    }

    let mut locked: Vec<bool> = rows.iter().map(|r| r.locked).collect();
    let mut depth = vec![1usize; rows.len()];
    let mut display_parent: Vec<Option<usize>> = vec![None; rows.len()];
    let mut replying_to: Vec<Option<String>> = vec![None; rows.len()];
    for i in 0..rows.len() {
        if let Some(p) = parent[i] {
            depth[i] = depth[p] + 1;
            locked[i] |= locked[p];
            if depth[p] < MAX_DEPTH {
                display_parent[i] = Some(p);
            } else {
                display_parent[i] = display_parent[p];
                replying_to[i] = Some(rows[p].username.clone());
            }
        }
    }

    let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    let mut roots = Vec::new();
    for i in 0..rows.len() {
        if !shown[i] {
            continue;
        }
        match display_parent[i] {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }

    // Pinned threads first; otherwise oldest first (a stable sort keeps id order).
    roots.sort_by_key(|&i| !rows[i].pinned);
    let mut slots: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
    let places = Places {
        children: &children,
        locked: &locked,
    };
    roots
        .into_iter()
        .filter_map(|i| assemble(i, 1, &places, &mut slots, &mut replying_to))
        .collect()
}

struct Places<'a> {
    children: &'a [Vec<usize>],
    locked: &'a [bool],
}

fn assemble(
    i: usize,
    level: usize,
    places: &Places<'_>,
    slots: &mut [Option<Row>],
    replying_to: &mut [Option<String>],
) -> Option<Node> {
    let row = slots[i].take()?;
    let kids = places.children[i]
        .iter()
        .filter_map(|&c| assemble(c, level + 1, places, slots, replying_to))
        .collect();
    Some(Node {
        row,
        level,
        replying_to: replying_to[i].take(),
        thread_locked: places.locked[i],
        children: kids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, parent: Option<i64>, name: &str) -> Row {
        Row {
            id,
            parent_id: parent,
            user_id: Some(id),
            is_guest: false,
            username: name.into(),
            is_author: false,
            body_html: format!("<p>{id}</p>"),
            placeholder: false,
            rejection_reason: None,
            reason: None,
            status: ReactionStatus::Approved,
            pinned: false,
            locked: false,
            created_at: id,
            edited_at: None,
        }
    }

    #[test]
    fn replies_nest_under_their_parent_oldest_first() {
        let tree = build(vec![
            row(1, None, "a"),
            row(2, Some(1), "b"),
            row(3, None, "c"),
            row(4, Some(1), "d"),
        ]);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].row.id, 1);
        let kids: Vec<i64> = tree[0].children.iter().map(|n| n.row.id).collect();
        assert_eq!(kids, [2, 4]);
        assert_eq!(tree[0].children[0].level, 2);
        assert_eq!(tree[1].row.id, 3);
    }

    #[test]
    fn deeper_replies_stay_at_level_three_and_say_whom_they_answer() {
        let tree = build(vec![
            row(1, None, "a"),
            row(2, Some(1), "b"),
            row(3, Some(2), "c"),
            row(4, Some(3), "d"),
            row(5, Some(4), "e"),
        ]);
        let level2 = &tree[0].children[0];
        let level3: Vec<(i64, usize, Option<&str>)> = level2
            .children
            .iter()
            .map(|n| (n.row.id, n.level, n.replying_to.as_deref()))
            .collect();
        assert_eq!(level3, [(3, 3, None), (4, 3, Some("c")), (5, 3, Some("d"))]);
        assert!(level2.children.iter().all(|n| n.children.is_empty()));
    }

    #[test]
    fn a_deleted_reaction_stays_only_while_it_has_live_replies() {
        let mut lonely = row(1, None, "a");
        lonely.status = ReactionStatus::Deleted;
        let mut with_reply = row(2, None, "b");
        with_reply.status = ReactionStatus::Deleted;
        let tree = build(vec![lonely, with_reply, row(3, Some(2), "c")]);
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].row.id, 2);
        assert_eq!(tree[0].children[0].row.id, 3);

        let mut parent = row(1, None, "a");
        parent.status = ReactionStatus::Deleted;
        let mut child = row(2, Some(1), "b");
        child.status = ReactionStatus::Deleted;
        assert!(build(vec![parent, child]).is_empty());
    }

    #[test]
    fn pinned_threads_come_first_and_locks_reach_down() {
        let mut pinned = row(3, None, "c");
        pinned.pinned = true;
        let mut locked = row(1, None, "a");
        locked.locked = true;
        let tree = build(vec![
            locked,
            row(2, Some(1), "b"),
            pinned,
            row(4, None, "d"),
        ]);
        let order: Vec<i64> = tree.iter().map(|n| n.row.id).collect();
        assert_eq!(order, [3, 1, 4]);
        assert!(tree[1].thread_locked && tree[1].children[0].thread_locked);
        assert!(!tree[0].thread_locked && !tree[2].thread_locked);
    }
}
