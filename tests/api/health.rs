use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn healthz_answers_200_while_the_database_answers_and_503_when_it_does_not() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    assert_eq!(browser.get("/healthz").await.status(), StatusCode::OK);

    app.pool.close().await;
    assert_eq!(
        browser.get("/healthz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
}

#[tokio::test]
async fn the_database_file_and_its_folder_are_created_at_start_up() {
    let app = TestApp::spawn().await;
    assert!(app.config.database.exists());
    let tables = app
        .count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'sessions', 'reactions')")
        .await;
    assert_eq!(tables, 3);
}
