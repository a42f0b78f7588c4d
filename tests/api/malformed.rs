use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{Browser, SLUG, TestApp, texts};

async fn raw_post(
    browser: &Browser,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    browser
        .client
        .post(format!("{}{}", browser.base, path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("POST")
}

/// A 4xx with a Dutch page: an h1 and the page in Dutch.
async fn assert_dutch_4xx(response: reqwest::Response, what: &str) -> StatusCode {
    let status = response.status();
    assert!(status.is_client_error(), "{what}: got {status}");
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert!(!texts(&html, "h1").is_empty(), "{what}: no page");
    assert!(
        html.html().contains("lang=\"nl\""),
        "{what}: not a Dutch page"
    );
    status
}

#[tokio::test]
async fn an_oversized_form_gets_a_413_page_in_dutch() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let huge = "x".repeat(100 * 1024);
    let response = reader.post_reaction(&huge, None).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, "h1"), ["Te veel tekst"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);
}

#[tokio::test]
async fn malformed_forms_get_a_dutch_4xx_and_never_a_500() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Bestaand", None).await;
    let post_path = format!("/{SLUG}/reacties");
    let edit_path = format!("/reacties/{id}/bewerken");
    let report_path = format!("/reacties/{id}/melden");
    let cases: Vec<(&str, &str, &str, Vec<u8>)> = vec![
        (
            "json",
            &post_path,
            "application/json",
            br#"{"body":"hoi"}"#.to_vec(),
        ),
        ("no content type", &post_path, "", b"body=hoi".to_vec()),
        ("text/plain", &post_path, "text/plain", b"body=hoi".to_vec()),
        (
            "duplicate field",
            &post_path,
            "application/x-www-form-urlencoded",
            b"body=a&body=b".to_vec(),
        ),
        (
            "login duplicate",
            "/inloggen",
            "application/x-www-form-urlencoded",
            b"username=a&username=b&password=c".to_vec(),
        ),
        (
            "register json",
            "/registreren",
            "application/json",
            b"{}".to_vec(),
        ),
        (
            "edit duplicate",
            &edit_path,
            "application/x-www-form-urlencoded",
            b"body=a&body=b".to_vec(),
        ),
        (
            "password duplicate",
            "/account/wachtwoord",
            "application/x-www-form-urlencoded",
            b"huidig=a&huidig=b".to_vec(),
        ),
        (
            "delete json",
            "/account/verwijderen",
            "application/json",
            b"{}".to_vec(),
        ),
        (
            "report duplicate",
            &report_path,
            "application/x-www-form-urlencoded",
            b"reden=a&reden=b".to_vec(),
        ),
    ];
    for (what, path, content_type, body) in cases {
        let response = raw_post(&reader, path, content_type, body).await;
        assert_dutch_4xx(response, what).await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 1);
}

#[tokio::test]
async fn invalid_utf8_is_never_a_500_and_is_stored_only_as_replacement_characters() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let path = format!("/{SLUG}/reacties");
    for body in [
        b"body=%FF%FEhoi".to_vec(),
        vec![b'b', b'o', b'd', b'y', b'=', 0xff, b'h', b'o', b'i'],
    ] {
        let response = raw_post(&reader, &path, "application/x-www-form-urlencoded", body).await;
        assert!(
            response.status() == StatusCode::SEE_OTHER || response.status().is_client_error(),
            "got {}",
            response.status()
        );
    }
    let stored: Vec<String> = sqlx::query_scalar("SELECT body_source FROM reactions")
        .fetch_all(&app.pool)
        .await
        .expect("rows");
    for text in stored {
        assert!(
            text.ends_with("hoi") && text.contains('\u{fffd}'),
            "{text:?}"
        );
    }
}

#[tokio::test]
async fn missing_fields_and_odd_parent_ids_never_lose_the_text() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;

    let empty = raw_post(
        &reader,
        &format!("/{SLUG}/reacties"),
        "application/x-www-form-urlencoded",
        vec![],
    )
    .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);

    for parent in ["abc", "-1", "0", "99999999999999999999999", "1.5", " "] {
        let response = reader
            .post(
                &format!("/{SLUG}/reacties"),
                &[("body", "Mijn tekst"), ("parent_id", parent)],
            )
            .await;
        let status = response.status();
        let html = Html::parse_document(&response.text().await.expect("body"));
        if parent.trim().is_empty() {
            assert_eq!(
                status,
                StatusCode::SEE_OTHER,
                "blank parent is a top-level reaction"
            );
        } else {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "parent {parent}");
            assert_eq!(
                texts(&html, "#reageer textarea"),
                ["Mijn tekst"],
                "parent {parent}"
            );
        }
    }
}

#[tokio::test]
async fn odd_ids_and_long_paths_get_a_404_not_a_500() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let long = format!("/{}", "a".repeat(2_000));
    let paths = [
        "/reacties/-1/bewerken",
        "/reacties/0/bewerken",
        "/reacties/abc/bewerken",
        "/reacties/99999999999999999999999/bewerken",
        "/reacties/1e3/verwijderen",
        "/reacties/%00/bewerken",
        "/reacties/-7/melden",
        long.as_str(),
    ];
    for path in paths {
        let short: String = path.chars().take(40).collect();
        let status = assert_dutch_4xx(reader.get(path).await, &short).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{short}");
        let status = assert_dutch_4xx(reader.post(path, &[("body", "x")]).await, &short).await;
        assert!(
            matches!(
                status,
                StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
            ),
            "{short}"
        );
    }
    // Beyond the server's URI limit the HTTP layer itself refuses, still with a 4xx.
    let huge = format!("/{}", "a".repeat(60_000));
    let response = reader.get(&huge).await;
    assert!(
        response.status().is_client_error(),
        "got {}",
        response.status()
    );

    let odd_queries = [
        format!("/{SLUG}?reageer=abc"),
        format!("/{SLUG}?reageer=-5&reageer=7"),
        format!("/{SLUG}?%FF=%FF"),
    ];
    for path in odd_queries {
        assert_eq!(reader.get(&path).await.status(), StatusCode::OK, "{path}");
    }
}
