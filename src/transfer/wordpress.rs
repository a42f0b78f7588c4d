//! WordPress' export (WXR: RSS with `wp:` elements). Each `<item>` is a post
//! with its `<wp:comment>`s; the post's `wp:post_name` and `<link>` say which
//! article it was.

use std::io::BufRead;

use super::item::{Body, Emit, Item, Status, parse_date};
use super::xml::{Step, XmlSteps};

#[derive(Debug, Default)]
struct Comment {
    id: String,
    parent: String,
    author: String,
    date_gmt: String,
    date: String,
    content: String,
    approved: String,
    kind: String,
    line: u64,
}

impl Comment {
    fn field(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "comment_id" => &mut self.id,
            "comment_parent" => &mut self.parent,
            "comment_author" => &mut self.author,
            "comment_date_gmt" => &mut self.date_gmt,
            "comment_date" => &mut self.date,
            "comment_content" => &mut self.content,
            "comment_approved" => &mut self.approved,
            "comment_type" => &mut self.kind,
            _ => return None,
        })
    }
}

/// Reads a WXR file, giving each comment to `emit` as it is read.
pub fn read(input: impl BufRead, emit: Emit<'_>) -> anyhow::Result<()> {
    let mut steps = XmlSteps::new(input, "rss", crate::i18n::t().terminal.not_wordpress);
    // What names the post being read: its slug first, then its address.
    let mut thread: Vec<String> = Vec::new();
    let mut comment: Option<Comment> = None;
    while let Some(step) = steps.next_step()? {
        let in_item = steps.parent() == Some("item");
        match step {
            Step::Start { name, .. } => match name.as_str() {
                "item" => thread.clear(),
                "comment" if in_item => {
                    comment = Some(Comment {
                        line: steps.line(),
                        ..Comment::default()
                    });
                }
                _ => {}
            },
            Step::End { name, text } => {
                let in_comment = steps.parent() == Some("comment");
                match (name.as_str(), comment.as_mut()) {
                    ("comment", Some(_)) if in_item => {
                        if let Some(c) = comment.take() {
                            emit(to_item(c, &thread))?;
                        }
                    }
                    (field, Some(c)) if in_comment => {
                        if let Some(slot) = c.field(field) {
                            *slot = text;
                        }
                    }
                    ("post_name", _) if in_item && !text.trim().is_empty() => {
                        thread.insert(0, text.trim().to_owned());
                    }
                    ("link", _) if in_item && !text.trim().is_empty() => {
                        thread.push(text.trim().to_owned());
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

fn to_item(c: Comment, thread: &[String]) -> Item {
    let status = match (c.kind.trim(), c.approved.trim()) {
        ("pingback" | "trackback", _) | (_, "trash" | "post-trashed") => Status::Trash,
        (_, "1" | "approve" | "approved") => Status::Approved,
        (_, "spam") => Status::Spam,
        _ => Status::Pending,
    };
    let parent = c.parent.trim();
    Item {
        source_id: c.id.trim().to_owned(),
        parent_id: (!parent.is_empty() && parent != "0").then(|| parent.to_owned()),
        thread: thread.to_vec(),
        author: c.author,
        body: Body::Html(c.content),
        status,
        created_at: parse_date(&c.date_gmt).or_else(|| parse_date(&c.date)),
        place: crate::i18n::t().cli_line(c.line),
    }
}
