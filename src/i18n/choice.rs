//! Which language a request gets: the reader's own choice (a cookie, set only
//! when they press the footer's button), their browser's, the site's.

use axum::http::HeaderMap;
use axum::http::header::COOKIE as COOKIE_HEADER;

use super::lang::Lang;

/// The reader's choice. Not prefixed `reacties_` (the fast path answers
/// requests with such cookies through the router): pages in a chosen language
/// are cached like any anonymous page.
pub const COOKIE: &str = "taal";

/// How long a choice is kept.
pub const CHOICE_DAYS: i64 = 365;

/// The language for a request: the reader's cookie, else (when the author
/// allows it) their browser's preference, else the site's. Allocates nothing:
/// the fast path calls it on every anonymous read.
pub fn choose(headers: &HeaderMap, site: Lang, accept: bool) -> Lang {
    cookie_choice(headers).unwrap_or_else(|| choose_without_cookie(headers, site, accept))
}

/// The language for an API request, which reads no cookie: the browser's
/// preference when the author allows it, else the site's.
pub fn choose_without_cookie(headers: &HeaderMap, site: Lang, accept: bool) -> Lang {
    if accept && let Some(lang) = accept_language(headers) {
        return lang;
    }
    site
}

/// The language the reader chose, from the `taal` cookie.
pub fn cookie_choice(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(COOKIE_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim() == COOKIE)
        .and_then(|(_, value)| Lang::parse(value))
}

/// The supported language the browser prefers most (RFC 9110 §12.5.4): the
/// highest weight wins, the earlier one on a tie; `*` and others are skipped.
fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let mut best: Option<(Lang, u16)> = None;
    for range in headers
        .get_all("accept-language")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut fields = range.split(';');
        let tag = fields.next().unwrap_or("").trim();
        let primary = tag.split('-').next().unwrap_or("");
        let Some(lang) = Lang::parse(primary) else {
            continue;
        };
        let weight = fields
            .find_map(|f| f.trim().strip_prefix("q="))
            .map_or(1000, weight);
        if weight > 0 && best.is_none_or(|(_, w)| weight > w) {
            best = Some((lang, weight));
        }
    }
    best.map(|(lang, _)| lang)
}

/// A q-value in thousandths ("0.8" → 800); a malformed one counts as 0.
fn weight(q: &str) -> u16 {
    let q = q.trim();
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    if whole == "1" {
        return 1000;
    }
    if whole != "0" || fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let digits = format!("{fraction:0<3}");
    digits.parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_static(value));
        }
        h
    }

    #[test]
    fn the_readers_cookie_wins_over_the_browser_and_the_site() {
        let h = headers(&[("cookie", "x=1; taal=en"), ("accept-language", "nl")]);
        assert_eq!(choose(&h, Lang::Nl, true), Lang::En);
        let h = headers(&[("cookie", "taal=klingon"), ("accept-language", "en")]);
        assert_eq!(choose(&h, Lang::Nl, false), Lang::Nl, "browser not allowed");
        assert_eq!(choose(&h, Lang::Nl, true), Lang::En);
    }

    #[test]
    fn accept_language_takes_the_highest_weight_among_supported_languages() {
        let h = headers(&[("accept-language", "de-DE, en-GB;q=0.8, nl;q=0.9")]);
        assert_eq!(choose(&h, Lang::En, true), Lang::Nl);
        let h = headers(&[("accept-language", "fr, *;q=0.5, en-US;q=0.3")]);
        assert_eq!(choose(&h, Lang::Nl, true), Lang::En);
        let h = headers(&[("accept-language", "en;q=0, fr")]);
        assert_eq!(choose(&h, Lang::Nl, true), Lang::Nl, "q=0 refuses");
        let h = headers(&[("accept-language", "en;q=abc")]);
        assert_eq!(choose(&h, Lang::Nl, true), Lang::Nl);
        assert_eq!(weight("0.5"), 500);
        assert_eq!(weight("1.000"), 1000);
    }
}
