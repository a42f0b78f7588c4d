//! The read-only JSON API: what it shows, its cursor, its errors, and that it
//! never reads or sets a cookie; and that its OpenAPI document and its routes agree.

use reqwest::StatusCode;
use reqwest::header::{
    ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_TYPE, COOKIE, ETAG, IF_NONE_MATCH, ORIGIN, SET_COOKIE,
};
use serde_json::Value;

use crate::helpers::{PASSWORD, SLUG, TestApp, set_cookies};

async fn get_json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let response = reqwest::get(app.url(path)).await.expect("GET");
    let status = response.status();
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .is_ok_and(|t| t.starts_with("application/json")),
        "{path} answers JSON"
    );
    let body = response.text().await.expect("body");
    (status, serde_json::from_str(&body).expect("JSON body"))
}

/// Every reaction in a page of threads, depth first.
fn flatten(reactions: &Value, out: &mut Vec<Value>) {
    for r in reactions.as_array().expect("list") {
        out.push(r.clone());
        flatten(&r["replies"], out);
    }
}

#[tokio::test]
async fn the_article_list_and_an_article_with_its_tallies_come_as_json() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("stemmer").await;
    reader
        .post(&format!("/{SLUG}/redenen/2"), &[("keuze", "nee")])
        .await;
    reader.react("Hallo", None).await;
    let (status, list) = get_json(&app, "/api/v1/articles").await;
    assert_eq!(status, StatusCode::OK);
    let first = &list["articles"][0];
    assert_eq!(first["slug"], SLUG);
    assert_eq!(first["published"], "2026-11-26");
    assert_eq!(first["reaction_count"], 1);

    let (status, article) = get_json(&app, &format!("/api/v1/articles/{SLUG}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(article["title"], "Zeven redenen voor NEE");
    let reasons = article["reasons"].as_array().expect("reasons");
    assert_eq!(reasons.len(), 7);
    assert_eq!(reasons[1]["number"], 2);
    assert_eq!(
        (reasons[1]["ja"].clone(), reasons[1]["nee"].clone()),
        (0.into(), 1.into())
    );
    assert!(article["html"].as_str().is_some_and(|h| h.contains("<h2")));
}

#[tokio::test]
async fn reactions_come_in_threads_with_only_what_anonymous_readers_see() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let alice = app.reader("alice_r").await;
    let top = alice.react("Bovenaan", None).await;
    let bob = app.reader("bob_r").await;
    let reply = bob.react("Antwoord", Some(top)).await;
    let hidden = alice.react("Verborgen draad", None).await;
    bob.react("Onder verborgen", Some(hidden)).await;
    author.moderate(hidden, "verbergen", "/moderatie").await;
    crate::reach_feeds::add_unseen(&app, &author).await;

    let response = reqwest::get(app.url(&format!("/api/v1/articles/{SLUG}/reactions")))
        .await
        .expect("GET");
    let text = response.text().await.expect("body");
    for gone in ["Verborgen draad", "Schaduw", "Wacht"] {
        assert!(!text.contains(gone), "leaks {gone}");
    }
    let page: Value = serde_json::from_str(&text).expect("JSON");
    let threads = page["reactions"].as_array().expect("threads");
    assert_eq!(threads.len(), 2, "{page}");
    assert_eq!(threads[0]["id"], top);
    assert_eq!(threads[0]["state"], "published");
    assert_eq!(threads[0]["author"], "alice_r");
    assert_eq!(threads[0]["replies"][0]["id"], reply);
    assert_eq!(threads[0]["replies"][0]["parent_id"], top);
    // A hidden reaction stays as a placeholder, without its text, for the reply below it.
    assert_eq!(threads[1]["state"], "hidden");
    assert_eq!(threads[1]["author"], Value::Null);
    assert_eq!(threads[1]["html"], Value::Null);
    assert_eq!(threads[1]["replies"][0]["html"], "<p>Onder verborgen</p>\n");
    assert_eq!(page["reaction_count"], 3);
    assert_eq!(page["next_cursor"], Value::Null);
}

#[tokio::test]
async fn the_cursor_walks_every_thread_once() {
    let app = TestApp::spawn_open().await;
    let alice = app.reader("alice_r").await;
    let mut posted = Vec::new();
    for n in 0..5 {
        posted.push(alice.react(&format!("Draad {n}"), None).await);
    }
    let mut seen = Vec::new();
    let mut path = format!("/api/v1/articles/{SLUG}/reactions?limit=2");
    loop {
        let (status, page) = get_json(&app, &path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page["thread_count"], 5);
        let mut all = Vec::new();
        flatten(&page["reactions"], &mut all);
        seen.extend(all.iter().map(|r| r["id"].as_i64().expect("id")));
        match page["next_cursor"].as_str() {
            Some(cursor) => {
                path = format!("/api/v1/articles/{SLUG}/reactions?limit=2&cursor={cursor}")
            }
            None => break,
        }
    }
    assert_eq!(seen, posted);
}

#[tokio::test]
async fn bad_input_gets_a_dutch_json_error_with_a_4xx() {
    let app = TestApp::spawn().await;
    for (path, status, words) in [
        (
            format!("/api/v1/articles/{SLUG}/reactions?cursor=zomaar"),
            400,
            "cursor",
        ),
        (
            format!("/api/v1/articles/{SLUG}/reactions?cursor=p"),
            400,
            "cursor",
        ),
        (
            format!("/api/v1/articles/{SLUG}/reactions?limit=0"),
            400,
            "limit",
        ),
        (
            format!("/api/v1/articles/{SLUG}/reactions?limit=veel"),
            400,
            "limit",
        ),
        ("/api/v1/articles/bestaat-niet".into(), 404, "bestaat niet"),
        (
            "/api/v1/articles/bestaat-niet/reactions".into(),
            404,
            "bestaat niet",
        ),
        ("/api/v1/niets".into(), 404, "bestaat niet"),
    ] {
        let (got, body) = get_json(&app, &path).await;
        assert_eq!(got.as_u16(), status, "{path}");
        assert!(
            body["error"].as_str().is_some_and(|e| e.contains(words)),
            "{path}: {body}"
        );
    }
    let post = reqwest::Client::new()
        .post(app.url("/api/v1/articles"))
        .send()
        .await
        .expect("POST");
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(post.headers().get("allow").is_some());
    let body: Value = serde_json::from_str(&post.text().await.expect("body")).expect("JSON");
    assert!(body["error"].as_str().is_some_and(|e| e.contains("GET")));
}

#[tokio::test]
async fn the_api_neither_reads_nor_sets_cookies_and_any_origin_may_read_it() {
    let app = TestApp::spawn().await;
    // A logged-in reader's real session, a stale one, and a confirmation cookie.
    let reader = app.browser();
    let registered = reader.register("koekje", PASSWORD).await;
    let session = set_cookies(&registered)
        .into_iter()
        .find(|c| c.starts_with("reacties_sessie="))
        .and_then(|c| c.split(';').next().map(str::to_owned))
        .expect("the reader has a session cookie");
    let client = reqwest::Client::new();
    for cookie in [
        session.as_str(),
        "reacties_sessie=0000000000000000000000000000000000000000000000000000000000000000",
        "reacties_melding=ingelogd",
    ] {
        for path in [
            "/api/v1/articles".to_owned(),
            format!("/api/v1/articles/{SLUG}"),
            format!("/api/v1/articles/{SLUG}/reactions"),
            "/api/v1/openapi.json".into(),
            "/api/v1/niets".into(),
        ] {
            let response = client
                .get(app.url(&path))
                .header(COOKIE, cookie)
                .header(ORIGIN, "https://elders.example")
                .send()
                .await
                .expect("GET");
            assert!(
                response.headers().get(SET_COOKIE).is_none(),
                "{path} sets a cookie"
            );
            assert_eq!(
                response.headers()[ACCESS_CONTROL_ALLOW_ORIGIN],
                "*",
                "{path}"
            );
        }
    }
    // The session was not used: nothing personal came back, and it still works on the site.
    let account = reader.get("/account").await;
    assert_eq!(account.status(), StatusCode::OK);
}

#[tokio::test]
async fn api_answers_have_etags_and_304() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    for path in [
        "/api/v1/articles".to_owned(),
        format!("/api/v1/articles/{SLUG}"),
        format!("/api/v1/articles/{SLUG}/reactions"),
    ] {
        let first = client.get(app.url(&path)).send().await.expect("GET");
        let etag = first.headers()[ETAG].clone();
        let again = client
            .get(app.url(&path))
            .header(IF_NONE_MATCH, etag)
            .send()
            .await
            .expect("GET");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
    }
}

#[tokio::test]
async fn the_openapi_document_and_the_api_routes_agree() {
    let app = TestApp::spawn().await;
    let (status, doc) = get_json(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    let documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    assert_eq!(
        documented.len(),
        4,
        "articles, one article, its reactions, this document: {documented:?}"
    );
    // Every documented operation is answered by a route of its own, not by the
    // catch-all for unknown API paths.
    for (path, item) in paths {
        let methods: Vec<&String> = item.as_object().expect("path item").keys().collect();
        assert_eq!(methods, ["get"], "{path} is read-only");
        let concrete = path.replace("{slug}", SLUG);
        let response = reqwest::get(app.url(&concrete)).await.expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{path} has a route");
    }
    // And no API route is added beside the document: the only routes under the
    // prefix that skip utoipa's `routes!` are the two catch-alls.
    let mut direct = Vec::new();
    for file in
        std::fs::read_dir(crate::helpers::repo().join("src/reach/api")).expect("api sources")
    {
        let path = file.expect("entry").path();
        let source = std::fs::read_to_string(&path).expect("source");
        for (_, after) in source
            .match_indices(".route(")
            .map(|(i, _)| source.split_at(i))
        {
            let call: String = after.chars().take(120).collect();
            direct.push(call.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    assert_eq!(direct.len(), 2, "{direct:?}");
    assert!(
        direct.iter().all(|c| c.contains("error::unknown_path")),
        "{direct:?}"
    );
}

/// GET with headers; the status, the JSON body and the response's headers.
async fn get_json_with(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    let mut request = reqwest::Client::new().get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("GET");
    let status = response.status();
    let head = response.headers().clone();
    let body = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&body).expect("JSON body"),
        head,
    )
}

/// The error message of each kind of mistake, with the given headers.
async fn api_errors(app: &TestApp, headers: &[(&str, &str)]) -> Vec<String> {
    let mut messages = Vec::new();
    for (path, expected) in [
        (
            "/api/v1/articles/bestaat-niet".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/v1/articles/{SLUG}/reactions?cursor=x"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/api/v1/articles/{SLUG}/reactions?limit=500"),
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/niets".to_owned(), StatusCode::NOT_FOUND),
    ] {
        let (status, body, head) = get_json_with(app, &path, headers).await;
        assert_eq!(status, expected, "{path}");
        assert!(head.get(SET_COOKIE).is_none(), "{path} sets a cookie");
        messages.push(body["error"].as_str().expect("message").to_owned());
    }
    let refused = reqwest::Client::new()
        .post(app.url("/api/v1/articles"))
        .headers(
            headers
                .iter()
                .map(|(n, v)| {
                    (
                        reqwest::header::HeaderName::from_bytes(n.as_bytes()).expect("name"),
                        reqwest::header::HeaderValue::from_str(v).expect("value"),
                    )
                })
                .collect(),
        )
        .send()
        .await
        .expect("POST");
    assert_eq!(refused.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: Value = serde_json::from_str(&refused.text().await.expect("body")).expect("JSON");
    messages.push(body["error"].as_str().expect("message").to_owned());
    messages
}

#[tokio::test]
async fn api_errors_speak_the_sites_language_or_the_allowed_browsers_and_read_no_cookie() {
    let app = TestApp::spawn().await;
    let dutch = api_errors(&app, &[]).await;
    assert_eq!(dutch[0], "Dit artikel bestaat niet.");
    assert!(dutch[1].contains("cursor kennen we niet"), "{dutch:?}");
    assert!(dutch[2].contains("1 tot en met 50"), "{dutch:?}");
    assert!(dutch[4].contains("alleen lezen"), "{dutch:?}");
    // The reader's language cookie is a page's, not the API's; and a browser
    // is not asked while the author does not allow it.
    let same = api_errors(&app, &[("cookie", "taal=en"), ("accept-language", "en")]).await;
    assert_eq!(same, dutch);

    app.set("UPDATE settings SET language = 'en'").await;
    let english = api_errors(&app, &[]).await;
    assert_eq!(english[0], "This article does not exist.");
    assert_eq!(english[2], "limit must be a whole number from 1 to 50.");
    for message in &english {
        let found = crate::english::dutch_in_text(message);
        assert!(found.is_empty(), "{message}: {found:?}");
    }
    assert_eq!(api_errors(&app, &[("cookie", "taal=nl")]).await, english);

    app.set("UPDATE settings SET language = 'nl', accept_language = 1")
        .await;
    assert_eq!(
        api_errors(&app, &[("accept-language", "en-GB,en;q=0.9")]).await,
        english
    );
    assert_eq!(api_errors(&app, &[]).await, dutch);
    let (_, _, head) =
        get_json_with(&app, "/api/v1/articles/x", &[("accept-language", "en")]).await;
    assert!(
        head[reqwest::header::VARY]
            .to_str()
            .is_ok_and(|v| v.contains("Accept-Language")),
        "{head:?}"
    );
}

/// Every description and summary in an OpenAPI document.
fn doc_texts(doc: &Value, out: &mut Vec<String>) {
    match doc {
        Value::Object(fields) => {
            for (key, value) in fields {
                match value {
                    Value::String(text) if key == "description" || key == "summary" => {
                        out.push(text.clone());
                    }
                    other => doc_texts(other, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| doc_texts(item, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_is_written_in_the_sites_language() {
    let app = TestApp::spawn().await;
    let (_, dutch, _) = get_json_with(&app, "/api/v1/openapi.json", &[]).await;
    let mut texts = Vec::new();
    doc_texts(&dutch, &mut texts);
    assert!(
        texts.contains(&"Alle artikelen, nieuwste eerst.".to_owned()),
        "{texts:?}"
    );
    assert!(!texts.contains(&"Every article, newest first.".to_owned()));

    app.set("UPDATE settings SET language = 'en'").await;
    let (status, english, head) = get_json_with(&app, "/api/v1/openapi.json", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(head.get(SET_COOKIE).is_none());
    let mut texts = Vec::new();
    doc_texts(&english, &mut texts);
    assert!(texts.len() > 30, "{texts:?}");
    let all = texts.join("\n");
    let found = crate::english::dutch_in_text(&all.replace("JA", " ").replace("NEE", " "));
    assert!(
        found.is_empty(),
        "Dutch in the English document: {found:?}\n{all}"
    );
    assert_eq!(
        english["info"]["description"],
        "Read-only: the articles and the reactions everyone sees on the site."
    );
    let keys = |doc: &Value| {
        doc["paths"]
            .as_object()
            .map(|p| p.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert_eq!(
        keys(&english),
        keys(&dutch),
        "both documents have the same routes"
    );
    assert_eq!(keys(&english).len(), 4);
    for path in keys(&english) {
        let concrete = path.replace("{slug}", SLUG);
        let response = reqwest::get(app.url(&concrete)).await.expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{path} has a route");
    }
}
