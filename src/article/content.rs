//! Articles on disk: Markdown files in `content/` with TOML front matter between
//! `+++` lines. Loaded once at start-up; a broken file stops the server with a
//! message that names it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use jiff::civil::Date;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    slug: String,
    author: String,
    published: String,
    language: String,
    summary: String,
    /// Each `## N. …` heading is a reason readers can say JA or NEE to.
    #[serde(default)]
    reasons: bool,
}

/// One article, ready to serve.
#[derive(Debug)]
pub struct Article {
    pub title: String,
    pub slug: String,
    pub author: String,
    pub published: Date,
    pub language: String,
    pub summary: String,
    /// The body as HTML. The author's own file, so it is trusted and not sanitised.
    pub html: String,
    /// The body cut into pieces, each reason its own (see `reasons::split`);
    /// one piece without a reason for an article that has none.
    pub parts: Vec<super::reasons::Part>,
}

impl Article {
    /// The reasons readers can take a stance on (numbered from 1).
    pub fn reasons(&self) -> impl Iterator<Item = &super::reasons::Reason> {
        self.parts.iter().filter_map(|p| p.reason.as_ref())
    }

    /// The reason with this number.
    pub fn reason(&self, number: i64) -> Option<&super::reasons::Reason> {
        self.reasons().find(|r| r.number == number)
    }
}

/// All articles, newest first, and an index by slug.
#[derive(Debug, Default)]
pub struct Articles {
    list: Vec<Arc<Article>>,
    by_slug: HashMap<String, Arc<Article>>,
}

impl Articles {
    /// Loads every `*.md` file in `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("kan de artikelmap {} niet lezen", dir.display()))?;
        let mut articles = Vec::new();
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("kan {} niet lezen", path.display()))?;
                let article = parse(&text)
                    .with_context(|| format!("artikel {} is ongeldig", path.display()))?;
                articles.push(article);
            }
        }
        Self::from_articles(articles)
    }

    fn from_articles(mut articles: Vec<Article>) -> anyhow::Result<Self> {
        articles.sort_by(|a, b| b.published.cmp(&a.published).then(a.title.cmp(&b.title)));
        let mut by_slug = HashMap::new();
        let list: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
        for article in &list {
            if by_slug
                .insert(article.slug.clone(), Arc::clone(article))
                .is_some()
            {
                bail!("twee artikelen hebben dezelfde slug '{}'", article.slug);
            }
        }
        Ok(Self { list, by_slug })
    }

    /// Newest first.
    pub fn all(&self) -> &[Arc<Article>] {
        &self.list
    }

    /// The article with this slug.
    pub fn get(&self, slug: &str) -> Option<&Arc<Article>> {
        self.by_slug.get(slug)
    }

    /// The article with this slug, or the "not found" page for a handler.
    pub fn find(&self, slug: &str) -> crate::error::Result<Arc<Article>> {
        self.get(slug)
            .cloned()
            .ok_or(crate::error::AppError::NotFound)
    }
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The article's Markdown as HTML. A heading that only repeats the article's
/// title (already the page's one h1) becomes a lead-in paragraph: the author's
/// words stay, the outline does not say the title twice.
fn render_body(body: &str, title: &str, reasons: bool) -> (String, Vec<super::reasons::Part>) {
    let events: Vec<Event<'_>> = Parser::new_ext(body, Options::empty()).collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i]
            && let Some(end) = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
        {
            let inner = &events[i + 1..i + end];
            let text: String = inner
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            if text.trim() == title.trim() {
                out.push(Event::Html(r#"<p class="tussenkop">"#.into()));
                out.extend(inner.iter().cloned());
                out.push(Event::Html("</p>\n".into()));
                i += end + 1;
                continue;
            }
        }
        out.push(events[i].clone());
        i += 1;
    }
    let parts = super::reasons::split(out, reasons);
    let html_out = parts.iter().map(|p| p.html.as_str()).collect();
    (html_out, parts)
}

/// Parses one article file.
pub fn parse(text: &str) -> anyhow::Result<Article> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        bail!("het bestand begint niet met front matter tussen '+++'-regels");
    };
    let Some((front, body)) = rest.split_once("\n+++") else {
        bail!("de front matter wordt niet afgesloten met '+++'");
    };
    let meta: FrontMatter = toml::from_str(front).context("front matter is geen geldige TOML")?;
    if !valid_slug(&meta.slug) {
        bail!(
            "slug '{}' mag alleen kleine letters, cijfers en '-' bevatten",
            meta.slug
        );
    }
    let published: Date = meta
        .published
        .parse()
        .with_context(|| format!("published '{}' is geen datum (JJJJ-MM-DD)", meta.published))?;
    let (html_out, parts) = render_body(body, &meta.title, meta.reasons);
    if meta.reasons && !parts.iter().any(|p| p.reason.is_some()) {
        bail!("reasons = true, maar geen kop heeft de vorm '## 1. …'");
    }
    Ok(Article {
        title: meta.title,
        slug: meta.slug,
        author: meta.author,
        published,
        language: meta.language,
        summary: meta.summary,
        html: html_out,
        parts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\ntitle = \"T\"\nslug = \"een-stuk\"\nauthor = \"A\"\npublished = \"2026-11-26\"\nlanguage = \"nl\"\nsummary = \"S\"\n+++\n\nTekst *hier*.\n";

    #[test]
    fn parses_front_matter_and_body() {
        let article = parse(GOOD).expect("valid article");
        assert_eq!(article.slug, "een-stuk");
        assert_eq!(article.published.to_string(), "2026-11-26");
        assert!(article.html.contains("<em>hier</em>"));
    }

    #[test]
    fn refuses_missing_front_matter_bad_dates_and_bad_slugs() {
        // Slugs taken by the site's own routes are refused at start-up, against
        // the router itself (app::check_article_slugs; tested in tests/api/article.rs).
        assert!(parse("Geen front matter").is_err());
        assert!(parse(&GOOD.replace("2026-11-26", "gisteren")).is_err());
        assert!(parse(&GOOD.replace("een-stuk", "Een Stuk")).is_err());
    }

    #[test]
    fn duplicate_slugs_are_refused() {
        let a = parse(GOOD).expect("valid");
        let b = parse(GOOD).expect("valid");
        assert!(Articles::from_articles(vec![a, b]).is_err());
    }
}
