//! Counting the links in a reaction the way a reader meets them: on the
//! rendered, sanitised HTML, so a link spelled with entities
//! (`[x](https&#58;//…)`) counts as the real link it becomes, and a link the
//! sanitiser removed does not. Addresses written out in the text count too.

use unicode_normalization::UnicodeNormalization;

/// Links in rendered reaction HTML: every `<a>` with an `href`, plus every
/// address written out in the text outside those links.
pub fn count_in_html(html: &str) -> i64 {
    let (anchors, text) = anchors_and_text(html);
    let bare = text
        .nfkc()
        .collect::<String>()
        .to_lowercase()
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '[' | ']' | '"' | '\'')
        })
        .filter(|token| token.contains("://") || token.starts_with("www."))
        .count();
    i64::try_from(anchors + bare).unwrap_or(i64::MAX)
}

/// The number of `<a href>` elements, and the text outside them (entities
/// decoded, each tag read as a space).
fn anchors_and_text(html: &str) -> (usize, String) {
    let mut anchors = 0;
    let mut in_link = false;
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some((before, after)) = rest.split_once('<') {
        if !in_link {
            text.push_str(before);
        }
        text.push(' ');
        let (tag, remainder) = split_tag(after);
        rest = remainder;
        let mut parts = tag.split_ascii_whitespace();
        match parts.next().map(str::to_ascii_lowercase).as_deref() {
            Some("a") if parts.any(|attribute| has_name(attribute, "href")) => {
                anchors += 1;
                in_link = true;
            }
            Some("/a") => in_link = false,
            _ => {}
        }
    }
    if !in_link {
        text.push_str(rest);
    }
    (anchors, decode_entities(&text))
}

/// Splits `a href="x">rest` after its closing `>` (quoted values may hold one).
fn split_tag(after_open: &str) -> (&str, &str) {
    let mut quote = None;
    for (i, c) in after_open.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => {
                let (tag, rest) = after_open.split_at(i);
                return (tag, rest.get(1..).unwrap_or_default());
            }
            _ => {}
        }
    }
    (after_open, "")
}

fn has_name(attribute: &str, name: &str) -> bool {
    attribute
        .split('=')
        .next()
        .is_some_and(|n| n.eq_ignore_ascii_case(name))
}

/// The entities the HTML serialiser writes in text.
fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_and_written_out_addresses_count_once_each() {
        assert_eq!(count_in_html("<p>geen links</p>"), 0);
        assert_eq!(
            count_in_html(
                r#"<p><a href="https://a.nl" rel="nofollow ugc noopener">https://a.nl</a> en www.b.nl</p>"#
            ),
            2
        );
        assert_eq!(
            count_in_html(r#"<p><a rel="nofollow ugc noopener">https://c.nl</a></p>"#),
            1,
            "a link without href is text"
        );
        assert_eq!(
            count_in_html(r#"<p><a href="https://a.nl/?q=>" rel="x">x</a>https://d.nl</p>"#),
            2
        );
    }
}
