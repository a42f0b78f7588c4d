//! Disqus' export: `<thread>`s (an article's address and identifier) followed
//! by `<post>`s that point at their thread and parent by `dsq:id`.

use std::collections::HashMap;
use std::io::BufRead;

use super::item::{Body, Emit, Item, Status, parse_date};
use super::xml::{Step, XmlSteps};

#[derive(Debug, Default)]
struct Post {
    id: String,
    thread: String,
    parent: Option<String>,
    message: String,
    created_at: String,
    author: String,
    username: String,
    deleted: bool,
    spam: bool,
    unapproved: bool,
    line: u64,
}

impl Post {
    /// A field directly inside `<post>` or its `<author>`.
    fn set(&mut self, within: Option<&str>, name: &str, text: String) {
        let yes = text.trim() == "true";
        match (within, name) {
            (Some("post"), "message") => self.message = text,
            (Some("post"), "createdAt") => self.created_at = text,
            (Some("post"), "isDeleted") => self.deleted = yes,
            (Some("post"), "isSpam") => self.spam = yes,
            (Some("post"), "isApproved") => self.unapproved = text.trim() == "false",
            (Some("author"), "name") => self.author = text,
            (Some("author"), "username") => self.username = text,
            _ => {}
        }
    }
}

/// Reads a Disqus export, giving each post to `emit` as it is read. Threads
/// are kept in memory (one address per article), posts are not.
pub fn read(input: impl BufRead, emit: Emit<'_>) -> anyhow::Result<()> {
    let mut steps = XmlSteps::new(input, "disqus", crate::i18n::t().terminal.not_disqus);
    let mut threads: HashMap<String, Vec<String>> = HashMap::new();
    // The thread being read: its dsq:id, then its link and identifier.
    let mut thread: Option<(String, Vec<String>)> = None;
    let mut post: Option<Post> = None;
    while let Some(step) = steps.next_step()? {
        let top = steps.depth() == 1;
        match step {
            Step::Start { name, id } => match (name.as_str(), post.as_mut()) {
                ("thread", None) if top => thread = Some((id.unwrap_or_default(), Vec::new())),
                ("post", None) if top => {
                    post = Some(Post {
                        id: id.unwrap_or_default(),
                        line: steps.line(),
                        ..Post::default()
                    });
                }
                ("thread", Some(p)) => p.thread = id.unwrap_or_default(),
                ("parent", Some(p)) => p.parent = id.filter(|i| !i.is_empty()),
                _ => {}
            },
            Step::End { name, .. } if top => {
                if let (Some((id, keys)), "thread") = (thread.take(), name.as_str()) {
                    threads.insert(id, keys);
                } else if let (Some(p), "post") = (post.take(), name.as_str()) {
                    let keys = threads.get(&p.thread).cloned().unwrap_or_default();
                    emit(to_item(p, keys))?;
                }
            }
            Step::End { name, text } => {
                let within = steps.parent();
                if let Some(p) = post.as_mut() {
                    p.set(within, &name, text);
                } else if let (Some((_, keys)), Some("thread")) = (thread.as_mut(), within) {
                    let text = text.trim();
                    match name.as_str() {
                        "link" => keys.insert(0, text.to_owned()),
                        "id" if !text.is_empty() => keys.push(text.to_owned()),
                        _ => {}
                    }
                }
            }
        }
    }
    Ok(())
}

fn to_item(p: Post, thread: Vec<String>) -> Item {
    let status = if p.deleted {
        Status::Trash
    } else if p.spam {
        Status::Spam
    } else if p.unapproved {
        Status::Pending
    } else {
        Status::Approved
    };
    let author = if p.author.trim().is_empty() {
        p.username
    } else {
        p.author
    };
    Item {
        source_id: p.id.trim().to_owned(),
        parent_id: p.parent,
        thread,
        author,
        body: Body::Html(p.message),
        status,
        created_at: parse_date(&p.created_at),
        place: crate::i18n::t().cli_line(p.line),
    }
}
