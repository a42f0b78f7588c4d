//! JSON-LD (schema.org) for the article page: a `BlogPosting` with the
//! approved reactions on the page as `Comment`s and their count as an
//! `InteractionCounter`, for search engines and link previews.
//!
//! It goes inside `<script type="application/ld+json">`: a data block, never
//! executed, so the Content-Security-Policy (script-src 'self') does not apply
//! and it needs no nonce. Reaction text could hold `</script>` or `<!--`,
//! which would end the block early: every `<`, `>` and `&` is written as a
//! JSON `\u` escape, which a JSON parser reads back unchanged.

use serde_json::{Value, json};

use super::cached::Identity;
use crate::article::content::Article;
use crate::comments::model::ReactionStatus;
use crate::comments::section::{ReactionView, Section};

/// The `BlogPosting` of `article` at `url`, with the reactions on this page of
/// `section` that everyone sees, ready to put between the script tags.
pub fn article(who: &Identity, url: &str, article: &Article, section: &Section) -> String {
    let page_url = if section.page > 1 {
        format!("{url}?pagina={}", section.page)
    } else {
        url.to_owned()
    };
    let mut comments = Vec::new();
    collect(&section.threads, &page_url, None, &mut comments);
    let mut author = json!({ "@type": "Person", "name": who.author });
    if let Some(email) = &who.email {
        author["email"] = json!(email);
    }
    let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
    let posting = json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.title,
        "description": article.summary,
        "inLanguage": article.language,
        "datePublished": article.published.to_string(),
        "author": author,
        "isPartOf": { "@type": "Blog", "name": who.site_name, "url": format!("{base}/") },
        "commentCount": section.count,
        "interactionStatistic": {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/CommentAction",
            "userInteractionCount": section.count,
        },
        "comment": comments,
    });
    script_safe(&posting.to_string())
}

/// The approved reactions of these threads, depth first (page order), each
/// pointing at the comment it answers when that one is shown too.
fn collect(views: &[ReactionView], page_url: &str, parent: Option<&str>, out: &mut Vec<Value>) {
    for view in views {
        let shown = view.seen == ReactionStatus::Approved.as_db() && !view.placeholder;
        let own_url = format!("{page_url}#reactie-{}", view.id);
        if shown {
            let mut comment = json!({
                "@type": "Comment",
                "@id": own_url,
                "url": own_url,
                "author": { "@type": "Person", "name": view.author_name },
                "dateCreated": view.iso,
                "text": plain_text(&view.body_html),
            });
            if let Some(parent) = parent {
                comment["parentItem"] = json!({ "@id": parent });
            }
            out.push(comment);
        }
        let next = shown.then_some(own_url.as_str());
        collect(&view.children, page_url, next, out);
    }
}

/// JSON that cannot end the script element it sits in nor open a comment.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The text of sanitised reaction HTML: tags dropped (a paragraph or line
/// break becomes a line break), the entities our renderer writes decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let (text, tag) = rest.split_at(open);
        out.push_str(text);
        let Some(close) = tag.find('>') else {
            rest = tag;
            break;
        };
        let (name, after) = tag.split_at(close + 1);
        if name.starts_with("</p") || name.starts_with("<br") || name.starts_with("</li") {
            out.push('\n');
        }
        rest = after;
    }
    out.push_str(rest);
    decode_entities(out.trim())
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let (before, entity) = rest.split_at(amp);
        out.push_str(before);
        let decoded = entity.find(';').and_then(|end| {
            let (name, after) = entity.split_at(end + 1);
            let c = match name.trim_start_matches('&').trim_end_matches(';') {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                n => n
                    .strip_prefix("#x")
                    .or_else(|| n.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, after))
        });
        if let Some((c, after)) = decoded {
            out.push(c);
            rest = after;
        } else {
            out.push('&');
            rest = entity.split_at(1).1;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        let html = "<p>Een &lt;b&gt; &amp; &quot;twee&quot; &#39;drie&#x27;</p>\n<p>vier<br>vijf &onbekend</p>";
        assert_eq!(
            plain_text(html),
            "Een <b> & \"twee\" 'drie'\n\nvier\nvijf &onbekend"
        );
    }

    #[test]
    fn script_safe_json_cannot_end_the_script_and_parses_back() {
        let text = "</script><script>alert(1)</script><!-- & -->";
        let json = script_safe(&json!({ "text": text }).to_string());
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back: Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back["text"], text);
    }
}
