//! Which article a thread from elsewhere belongs to: by `--map old=slug`, by
//! slug, or by the last part of its address.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Matches threads to articles and remembers what matched nothing.
#[derive(Debug)]
pub struct Mapper {
    slugs: HashSet<String>,
    maps: HashMap<String, String>,
    /// Thread (as named in the file) → comments that found no article.
    pub unmatched: BTreeMap<String, u64>,
}

/// Reads `old=slug` pairs, refusing slugs that are no article here.
pub fn parse_maps(
    raw: &[String],
    slugs: &HashSet<String>,
) -> anyhow::Result<HashMap<String, String>> {
    let mut maps = HashMap::new();
    for pair in raw {
        let Some((old, slug)) = pair.rsplit_once('=') else {
            anyhow::bail!(crate::i18n::t().cli_map_syntax(pair));
        };
        let slug = slug.trim();
        if !slugs.contains(slug) {
            anyhow::bail!(crate::i18n::t().cli_map_no_article(pair, slug));
        }
        maps.insert(normalise(old), slug.to_owned());
    }
    Ok(maps)
}

/// An address without scheme, `www.`, fragment or trailing slash, so
/// http/https and with/without slash name the same thread. The query stays:
/// `?p=12` is how WordPress names a post without pretty addresses.
fn normalise(key: &str) -> String {
    let key = key.trim();
    let key = key.split_once("://").map_or(key, |(_, rest)| rest);
    let key = key.strip_prefix("www.").unwrap_or(key);
    let key = key.split('#').next().unwrap_or(key);
    key.trim_end_matches('/').to_owned()
}

/// The last part of an address's path, without `.html` and the like.
fn last_segment(key: &str) -> Option<String> {
    let normal = normalise(key);
    let path = normal
        .split('?')
        .next()
        .unwrap_or(&normal)
        .trim_end_matches('/');
    let last = path.rsplit('/').next()?;
    let last = [".html", ".htm", ".php"]
        .iter()
        .find_map(|ext| last.strip_suffix(ext))
        .unwrap_or(last);
    (!last.is_empty()).then(|| last.to_lowercase())
}

impl Mapper {
    pub fn new(slugs: HashSet<String>, maps: HashMap<String, String>) -> Self {
        Self {
            slugs,
            maps,
            unmatched: BTreeMap::new(),
        }
    }

    /// The article for a thread named by `keys` (best first); `None` counts it
    /// as unmatched.
    pub fn article(&mut self, keys: &[String]) -> Option<String> {
        let found = keys
            .iter()
            .find_map(|k| self.maps.get(&normalise(k)).cloned())
            .or_else(|| keys.iter().find(|k| self.slugs.contains(k.trim())).cloned())
            .or_else(|| {
                keys.iter()
                    .filter_map(|k| last_segment(k))
                    .find(|s| self.slugs.contains(s))
            });
        if found.is_none() {
            let name = keys.first().map_or_else(
                || crate::i18n::t().terminal.no_address.to_owned(),
                |k| k.trim().to_owned(),
            );
            *self.unmatched.entry(name).or_default() += 1;
        }
        found.map(|s| s.trim().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapper(maps: &[&str]) -> Mapper {
        let slugs: HashSet<String> = ["hallo-wereld".to_owned()].into();
        let raw: Vec<String> = maps.iter().map(|m| (*m).to_owned()).collect();
        let maps = parse_maps(&raw, &slugs).expect("valid maps");
        Mapper::new(slugs, maps)
    }

    #[test]
    fn threads_match_by_map_slug_or_address_and_the_rest_is_counted() {
        let mut m = mapper(&["https://oud.nl/?p=12=hallo-wereld"]);
        let keys = |k: &[&str]| k.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            m.article(&keys(&["http://oud.nl/?p=12"])).as_deref(),
            Some("hallo-wereld")
        );
        assert_eq!(m.article(&keys(&["http://oud.nl/?p=13"])), None);
        assert_eq!(
            m.article(&keys(&["https://www.oud.nl/2020/01/Hallo-Wereld.html"]))
                .as_deref(),
            Some("hallo-wereld")
        );
        assert_eq!(
            m.article(&keys(&["hallo-wereld"])).as_deref(),
            Some("hallo-wereld")
        );
        assert_eq!(m.article(&keys(&["https://oud.nl/elders/"])), None);
        assert_eq!(m.unmatched.len(), 2, "{:?}", m.unmatched);
    }

    #[test]
    fn a_map_to_a_missing_article_is_refused() {
        let slugs: HashSet<String> = ["a".to_owned()].into();
        assert!(parse_maps(&["x=b".to_owned()], &slugs).is_err());
        assert!(parse_maps(&["zonder-is-teken".to_owned()], &slugs).is_err());
    }
}
