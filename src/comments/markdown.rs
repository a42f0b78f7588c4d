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
        // `empty()` clears the tags but keeps ammonia's default attributes
        // (title, lang, hreflang, …); a reaction needs none of them.
        .generic_attributes(HashSet::new())
        .tag_attributes(std::collections::HashMap::new())
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("nofollow ugc noopener"));
    builder
});

/// Lists and block quotes nest at most this deep. Deeper ones are flattened
/// into the deepest one shown (their text kept): a reaction never needs more,
/// and thousands of levels took seconds to render.
pub const MAX_NESTING: usize = 8;

/// Renders a reaction's Markdown to sanitised HTML.
pub fn render(source: &str) -> String {
    let mut nesting = Nesting::default();
    let parser = Parser::new_ext(source, Options::empty()).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Heading { .. }) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::Heading(_)) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Rule => None,
        // A newline in a reaction is meant as one.
        Event::SoftBreak => Some(Event::HardBreak),
        other => nesting.keep(other),
    });
    let mut unsafe_html = String::with_capacity(source.len() * 2);
    html::push_html(&mut unsafe_html, parser);
    SANITIZER.clean(&unsafe_html).to_string()
}

/// Sanitises HTML from elsewhere (an imported comment) with the same rules as
/// a reaction's rendered Markdown: the same few tags, safe links only.
pub fn sanitize_html(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// Counts open lists and block quotes, and drops the start and end of those
/// (and of their items) deeper than `MAX_NESTING`. Events nest properly, so a
/// container's end is seen at the depth its start was.
#[derive(Debug, Default)]
struct Nesting {
    depth: usize,
}

impl Nesting {
    fn keep<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        let shown = match &event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                self.depth += 1;
                self.depth <= MAX_NESTING
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {
                let shown = self.depth <= MAX_NESTING;
                self.depth = self.depth.saturating_sub(1);
                shown
            }
            // An item belongs to the list around it.
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) => self.depth <= MAX_NESTING,
            _ => true,
        };
        shown.then_some(event)
    }
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
    fn only_href_rel_and_start_survive_as_attributes() {
        let html = render("[x](https://example.nl/ \"titel\")\n\n3. drie");
        assert!(!html.contains("title="), "{html}");
        assert!(html.contains(r#"<ol start="3">"#), "{html}");
    }

    #[test]
    fn nesting_beyond_the_limit_is_flattened_and_the_text_kept() {
        for (source, open, close) in [
            (format!("{}diep", "- ".repeat(2_000)), "<ul>", "</ul>"),
            (format!("{}diep", "1. ".repeat(1_500)), "<ol>", "</ol>"),
            (
                format!("{}diep", "> ".repeat(2_000)),
                "<blockquote>",
                "</blockquote>",
            ),
        ] {
            let html = render(&source);
            assert_eq!(html.matches(open).count(), MAX_NESTING, "{html}");
            assert_eq!(html.matches(close).count(), MAX_NESTING, "{html}");
            assert!(html.contains("diep"), "{html}");
        }
        // Lists and quotes count together.
        let mixed = render(&format!("{}x", "> - ".repeat(100)));
        let depth = mixed.matches("<blockquote>").count() + mixed.matches("<ul>").count();
        assert_eq!(depth, MAX_NESTING, "{mixed}");
        // Shallow nesting is untouched.
        let shallow = render("- een\n  - twee\n    > drie");
        assert!(
            shallow.contains("<ul>\n<li>een\n<ul>\n<li>twee\n<blockquote>"),
            "{shallow}"
        );
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

#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;
    use scraper::{Html, Selector};

    /// Pieces that tend to find holes: tags, handlers, schemes in many
    /// encodings, Markdown link syntax and the characters that delimit them.
    const FRAGMENTS: &[&str] = &[
        "<script>",
        "</script>",
        "<SCRIPT SRC=//x.example/x.js>",
        "<scr<script>ipt>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><a xlink:href=\"javascript:alert(1)\">",
        "<math><mtext><table><mglyph><style>",
        "<iframe src=",
        "<object data=",
        "<embed src=",
        "<style>",
        "<a href=\"",
        "<a href=",
        "</a>",
        "<p ",
        "<div onmouseover=alert(1)>",
        " onerror=",
        " onfocus=alert(1) autofocus ",
        " style=\"x:expression(alert(1))\"",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<plaintext>",
        "<noscript>",
        "<template>",
        "javascript:",
        "JaVaScRiPt:",
        " javascript:",
        "java\tscript:",
        "java\nscript:",
        "java\0script:",
        "&#106;avascript:",
        "&#x6A;avascript:",
        "&#0000106;avascript:",
        "&#X6a;",
        "java&#x09;script:",
        "java&#10;script:",
        "javascript&#58;",
        "javascript&colon;",
        "&Tab;",
        "&NewLine;",
        "data:",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:",
        "%6A%61vascript:",
        "alert(1)",
        "http://",
        "https://example.nl/",
        "mailto:",
        "//x.example",
        "[",
        "]",
        "(",
        ")",
        "](",
        "[x](",
        "![x](",
        "[x][r]",
        "[r]: ",
        "\n[r]: ",
        "<",
        ">",
        "\"",
        "'",
        "`",
        "```",
        "\\",
        "&",
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "\n",
        "\n\n",
        "    ",
        "\t",
        "> ",
        "* ",
        "1. ",
        "# ",
        "---\n",
        "=",
        "\0",
        "\u{200b}",
        "\u{202e}",
        "\u{ff1c}",
    ];

    const SCHEMES: &[&str] = &[
        "javascript:",
        "JAVASCRIPT:",
        "&#106;avascript:",
        "&#x6A;avascript:",
        "java&#x09;script:",
        "java\tscript:",
        "data:text/html,",
        "vbscript:",
        "https://",
        "http://",
        "mailto:",
        "",
    ];

    fn fragment() -> impl Strategy<Value = String> {
        prop::sample::select(FRAGMENTS).prop_map(str::to_owned)
    }

    /// A link, autolink, reference link or image with a chosen scheme.
    fn link() -> impl Strategy<Value = String> {
        (
            prop::sample::select(SCHEMES),
            "[a-z0-9()<>\"' .:/%&#;\\\\-]{0,12}",
            0..5u8,
        )
            .prop_map(|(scheme, rest, kind)| match kind {
                0 => format!("[x]({scheme}{rest})"),
                1 => format!("<{scheme}{rest}>"),
                2 => format!("[x][r]\n\n[r]: {scheme}{rest}\n"),
                3 => format!("![x]({scheme}{rest})"),
                _ => format!("<a href=\"{scheme}{rest}\">x</a>"),
            })
    }

    fn input() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => fragment(),
            2 => link(),
            2 => "\\PC{0,8}",
            1 => any::<String>(),
        ];
        prop::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
    }

    const ALLOWED_ELEMENTS: &[&str] = &[
        "html",
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
    ];

    /// `title` comes from a Markdown link title (`[x](url "title")`): ammonia
    /// keeps it, as one of its default generic attributes; it is inert.
    const ALLOWED_ATTRIBUTES: &[&str] = &["href", "rel", "start", "title"];

    proptest! {
        // Cases: proptest's default (256), or PROPTEST_CASES when set.
        #![proptest_config(ProptestConfig::default())]

        #[test]
        fn rendered_markdown_never_contains_active_content(input in input()) {
            let html = Html::parse_fragment(&super::render(&input));
            let all = Selector::parse("*").expect("valid selector");
            for element in html.select(&all) {
                let el = element.value();
                let name = el.name();
                prop_assert!(
                    !matches!(
                        name,
                        "script" | "iframe" | "object" | "embed" | "svg" | "math" | "img" | "style"
                    ),
                    "active element <{}> in {:?}",
                    name,
                    element.html()
                );
                prop_assert!(
                    ALLOWED_ELEMENTS.contains(&name),
                    "unexpected element <{}> in {:?}",
                    name,
                    element.html()
                );
                for (attribute, value) in el.attrs() {
                    prop_assert!(
                        !attribute.to_ascii_lowercase().starts_with("on"),
                        "event handler {}={:?}",
                        attribute,
                        value
                    );
                    prop_assert!(
                        ALLOWED_ATTRIBUTES.contains(&attribute),
                        "unexpected attribute {}={:?} on <{}>",
                        attribute,
                        value,
                        name
                    );
                }
                if let Some(href) = el.attr("href") {
                    prop_assert!(
                        ["http://", "https://", "mailto:"]
                            .iter()
                            .any(|scheme| href.starts_with(scheme)),
                        "href {:?}",
                        href
                    );
                }
                if name == "a" {
                    prop_assert_eq!(el.attr("rel"), Some("nofollow ugc noopener"));
                }
            }
        }
    }
}
