//! Reaction text to safe HTML. A reader's Markdown subset: paragraphs, line
//! breaks, emphasis, links, lists, block quotes and code. Raw HTML shows as
//! text, images become their alt text, headings become paragraphs; ammonia then
//! removes anything else, so even a parser surprise cannot inject markup.

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(HashSet::from([
            "p",
            "br",
            "em",
            "strong",
            "a",
            "ul",
            "ol",
            "li",
            "blockquote",
            "code",
            "pre",
        ]))
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("nofollow ugc noopener"));
    builder
});

/// Renders a reaction's Markdown to sanitised HTML.
pub fn render(source: &str) -> String {
    let parser = Parser::new_ext(source, Options::empty()).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Heading { .. }) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::Heading(_)) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Rule => None,
        // A newline in a reaction is meant as one.
        Event::SoftBreak => Some(Event::HardBreak),
        other => Some(other),
    });
    let mut unsafe_html = String::with_capacity(source.len() * 2);
    html::push_html(&mut unsafe_html, parser);
    SANITIZER.clean(&unsafe_html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_allowed_subset() {
        let html =
            render("*nadruk* en **sterk**\nnieuwe regel\n\n> citaat\n\n- een\n- twee\n\n`code`");
        assert!(html.contains("<em>nadruk</em>"));
        assert!(html.contains("<strong>sterk</strong>"));
        assert!(html.contains("<br>"));
        assert!(html.contains("<blockquote>"));
        assert!(html.contains("<ul>"));
        assert!(html.contains("<code>code</code>"));
    }

    #[test]
    fn links_get_rel_nofollow_ugc_noopener() {
        let html = render("[site](https://example.nl/)");
        assert!(html.contains(r#"href="https://example.nl/""#));
        assert!(html.contains(r#"rel="nofollow ugc noopener""#));
    }

    #[test]
    fn script_event_handlers_and_javascript_links_are_inert() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[klik](javascript:alert(1))\n\n<a href=\"javascript:alert(1)\">x</a>",
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<a href=\"javascript"));
        assert!(html.contains(r#"<a rel="nofollow ugc noopener">klik</a>"#));
        // Raw HTML is shown as text, escaped.
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn headings_and_images_are_flattened() {
        let html = render("# Kop\n\n![alt tekst](https://example.nl/x.png)");
        assert!(!html.contains("<h1"));
        assert!(html.contains("<p>Kop</p>"));
        assert!(!html.contains("<img"));
        assert!(html.contains("alt tekst"));
    }
}
