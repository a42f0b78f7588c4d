//! Articles on disk: Markdown files in `content/` with TOML front matter between
//! `+++` lines. Loaded once at start-up; a broken file stops the server with a
//! message that names it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use jiff::civil::Date;
use pulldown_cmark::{Options, Parser, html};
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
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
    let mut html_out = String::new();
    html::push_html(&mut html_out, Parser::new_ext(body, Options::empty()));
    Ok(Article {
        title: meta.title,
        slug: meta.slug,
        author: meta.author,
        published,
        language: meta.language,
        summary: meta.summary,
        html: html_out,
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
