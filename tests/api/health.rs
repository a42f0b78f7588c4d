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

// A SQLite file; on PostgreSQL the schema comparison covers the tables.
#[cfg(not(postgres))]
#[tokio::test]
async fn the_database_file_and_its_folder_are_created_at_start_up() {
    let app = TestApp::spawn().await;
    assert!(app.config.database.exists());
    let tables = app
        .count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'sessions', 'reactions')")
        .await;
    assert_eq!(tables, 3);
}

#[cfg(not(postgres))]
#[tokio::test]
async fn healthz_answers_503_while_another_process_holds_the_write_lock() {
    let app = TestApp::spawn().await;
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&app.config.database);
    let mut other = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options)
        .await
        .expect("a second connection");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .expect("the write lock");
    let browser = app.browser();
    let response = browser.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text().await.expect("body").contains("schrijven"));

    sqlx::query("ROLLBACK")
        .execute(&mut other)
        .await
        .expect("release");
    assert_eq!(browser.get("/healthz").await.status(), StatusCode::OK);
}
