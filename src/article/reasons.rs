//! The reasons of an article: with `reasons = true` in its front matter, each
//! `## N. …` heading starts a reason that readers can say JA or NEE to. A reason
//! runs until the next heading or horizontal rule (`---`), so the author decides
//! where the last one ends.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd, html};

/// A numbered reason of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// As numbered in the heading (1-based).
    pub number: i64,
    /// The heading's text without the number.
    pub title: String,
}

impl Reason {
    /// The id of the reason's heading (and the anchor that links to it).
    pub fn anchor(&self) -> String {
        format!("reden-{}", self.number)
    }
}

/// A piece of an article's body: a reason (its heading and text) or what lies
/// between reasons.
#[derive(Debug, Clone)]
pub struct Part {
    pub html: String,
    pub reason: Option<Reason>,
}

/// The number and title of a heading like "3. NEE is vertrouwen".
fn numbered(text: &str) -> Option<(i64, String)> {
    let (number, title) = text.trim().split_once(". ")?;
    let number: i64 = number.parse().ok().filter(|n| (1..=99).contains(n))?;
    let title = title.trim();
    (!title.is_empty()).then(|| (number, title.to_owned()))
}

fn heading_text(events: &[Event<'_>]) -> String {
    events
        .iter()
        .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

fn flush(parts: &mut Vec<Part>, events: &mut Vec<Event<'_>>, reason: Option<Reason>) {
    if events.is_empty() && reason.is_none() {
        return;
    }
    let mut out = String::new();
    html::push_html(&mut out, events.drain(..));
    parts.push(Part { html: out, reason });
}

/// Cuts a rendered body into parts; without `reasons`, one part holds it all.
pub fn split(events: Vec<Event<'_>>, reasons: bool) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut current: Vec<Event<'_>> = Vec::new();
    let mut reason: Option<Reason> = None;
    let mut seen = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let event = event.clone();
        let starts_reason = match &event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) if reasons => {
                numbered(&heading_text(&events[i + 1..])).filter(|(n, _)| !seen.contains(n))
            }
            _ => None,
        };
        let ends_part = matches!(event, Event::Start(Tag::Heading { .. }) | Event::Rule);
        if let Some((number, title)) = starts_reason {
            flush(&mut parts, &mut current, reason.take());
            seen.push(number);
            reason = Some(Reason { number, title });
            if let Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) = event
            {
                current.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(format!("reden-{number}"))),
                    classes,
                    attrs,
                }));
            }
            continue;
        }
        if ends_part && reason.is_some() {
            flush(&mut parts, &mut current, reason.take());
        }
        current.push(event);
    }
    flush(&mut parts, &mut current, reason.take());
    parts
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser};

    use super::*;

    fn parts(md: &str, reasons: bool) -> Vec<Part> {
        split(Parser::new_ext(md, Options::empty()).collect(), reasons)
    }

    #[test]
    fn numbered_headings_start_reasons_that_end_at_a_rule_or_heading() {
        let md = "Inleiding.\n\n## 1. Eerste\nTekst een.\n\n## 2. Tweede\nTekst twee.\n\n---\n\nSlot.\n\n## Nawoord\n";
        let p = parts(md, true);
        let numbers: Vec<Option<i64>> = p
            .iter()
            .map(|p| p.reason.as_ref().map(|r| r.number))
            .collect();
        assert_eq!(numbers, [None, Some(1), Some(2), None]);
        assert!(p[1].html.contains(r#"<h2 id="reden-1">1. Eerste</h2>"#));
        assert!(p[2].html.contains("Tekst twee") && !p[2].html.contains("Slot"));
        assert!(p[3].html.contains("Slot") && p[3].html.contains("Nawoord"));
        assert_eq!(
            p[2].reason.as_ref().map(|r| r.title.as_str()),
            Some("Tweede")
        );
    }

    #[test]
    fn without_reasons_or_numbers_nothing_is_a_reason() {
        let md = "## 1. Eerste\nTekst.\n";
        assert!(parts(md, false).iter().all(|p| p.reason.is_none()));
        assert!(
            parts("## Geen nummer\n", true)
                .iter()
                .all(|p| p.reason.is_none())
        );
        // A number used twice counts once.
        let twice = parts("## 1. A\n\n## 1. B\n", true);
        assert_eq!(twice.iter().filter(|p| p.reason.is_some()).count(), 1);
    }
}
