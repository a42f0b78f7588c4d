//! TestApp: the real server on a free port with its own database in a temp dir,
//! and Browser: a cookie-keeping client, one per simulated reader.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use reacties::clock::ManualClock;
use reacties::config::Config;
use reacties::sql::Pool;
use reacties::startup::Application;
use reacties::state::AppState;
use reqwest::StatusCode;
use reqwest::header::{LOCATION, SET_COOKIE};
use scraper::{Html, Selector};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::database::TestDatabase;

pub const SLUG: &str = "zeven-redenen-voor-nee";
pub const PASSWORD: &str = "paars-fietsje-onder-de-maan";

pub struct TestApp {
    pub addr: SocketAddr,
    pub pool: Pool,
    pub clock: Arc<ManualClock>,
    pub config: Config,
    state: Option<AppState>,
    _database: TestDatabase,
    _dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

/// The repository's folder (the PostgreSQL build of the suite lives in src/postgres).
pub fn repo() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if cfg!(postgres) {
        manifest.join("../..")
    } else {
        manifest
    }
}

pub fn test_config(dir: &TempDir, public_url: &str) -> Config {
    Config {
        bind: "127.0.0.1:0".parse().expect("valid address"),
        database: dir.path().join("data").join("reacties.db"),
        content: repo().join("content"),
        public_url: public_url.into(),
        // Off by default so tests about other things can post freely; the tests
        // about limits switch them on.
        rate_limits: false,
        trusted_proxies: Vec::new(),
        posts_per_hour: 30,
        posts_per_hour_per_client: 120,
        registrations_per_hour: 10,
        logins_per_hour: 60,
        reports_per_hour: 10,
        login_failures: 5,
        previews_per_minute: 30,
        request_timeout: 30,
        header_timeout: 10,
        max_connections: 10_000,
        shutdown_grace: 10,
        hash_threads: 0,
        bench_static_bytes: 0,
        smtp_url: None,
        mail_from: None,
        log_format: "text".into(),
        min_fill_secs: 3,
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// A server whose policy publishes reactions immediately, for tests about
    /// reacting itself rather than moderation.
    pub async fn spawn_open() -> Self {
        let app = Self::spawn().await;
        app.set("UPDATE settings SET premoderation = 'none'").await;
        app
    }

    /// Changes a setting or a row directly, for arranging a test.
    pub async fn set(&self, sql: &'static str) {
        sqlx::query(sql).execute(&self.pool).await.expect("arrange");
        // Written behind the application's back: retire its cached pages.
        if let Some(state) = &self.state {
            state.cache.bump();
            state.policy.forget();
        }
    }

    pub async fn spawn_with_url(public_url: &str) -> Self {
        Self::spawn_with(|config| config.public_url = public_url.into()).await
    }

    /// A server with settings adjusted by `adjust`.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = test_config(&dir, "http://127.0.0.1");
        let (database, path) = TestDatabase::create(&dir).await;
        config.database = path;
        adjust(&mut config);
        let clock = Arc::new(ManualClock::new());
        let mut app = Self {
            addr: "127.0.0.1:0".parse().expect("valid address"),
            pool: TestDatabase::placeholder_pool(),
            clock,
            config,
            state: None,
            _database: database,
            _dir: dir,
            stop: None,
            server: None,
        };
        app.start().await;
        app
    }

    /// Builds and serves the application exactly as `main` does, on `self.addr`
    /// (port 0 the first time).
    async fn start(&mut self) {
        let mut config = self.config.clone();
        config.bind = self.addr;
        let application = Application::build_with_clock(config, self.clock.clone())
            .await
            .expect("application builds");
        self.addr = application.local_addr().expect("local addr");
        let state = application.state().clone();
        self.pool = state.pool.clone();
        self.state = Some(state);
        let (stop, stopped) = oneshot::channel::<()>();
        self.server = Some(tokio::spawn(async move {
            application
                .run_until_stopped(async move {
                    let _ = stopped.await;
                })
                .await
                .expect("server runs");
        }));
        self.stop = Some(stop);
    }

    /// Stops the server, closes the database and starts again on the same file and port.
    pub async fn restart(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server stopped");
        }
        self.pool.close().await;
        self.start().await;
    }

    /// The running application's shared state (its writer, caches, policy).
    pub fn state(&self) -> &AppState {
        self.state.as_ref().expect("the application runs")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A new reader with an empty cookie jar.
    pub fn browser(&self) -> Browser {
        Browser {
            base: format!("http://{}", self.addr),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
        }
    }

    /// A reader who has registered (and so is logged in) under `name`.
    pub async fn reader(&self, name: &str) -> Browser {
        let browser = self.browser();
        let response = browser.register(name, PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "registering {name}"
        );
        browser
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        // Tests count rows with ad-hoc SQL; the app itself only uses checked queries.
        sqlx::query_scalar(sql)
            .fetch_one(&self.pool)
            .await
            .expect("count query")
    }
}

#[derive(Clone)]
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
}

impl Browser {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.expect("body")
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{}", self.base, path))
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    pub async fn register(&self, name: &str, password: &str) -> reqwest::Response {
        self.post(
            "/registreren",
            &[("username", name), ("password", password)],
        )
        .await
    }

    pub async fn login(&self, name: &str, password: &str) -> reqwest::Response {
        self.post("/inloggen", &[("username", name), ("password", password)])
            .await
    }

    pub async fn logout(&self) -> reqwest::Response {
        self.post("/uitloggen", &[]).await
    }

    pub async fn post_reaction(&self, body: &str, parent: Option<i64>) -> reqwest::Response {
        let parent = parent.map(|p| p.to_string()).unwrap_or_default();
        let mut form = vec![("body", body)];
        if !parent.is_empty() {
            form.push(("parent_id", parent.as_str()));
        }
        self.post(&format!("/{SLUG}/reacties"), &form).await
    }

    /// Posts a reaction that must be accepted; returns its id.
    pub async fn react(&self, body: &str, parent: Option<i64>) -> i64 {
        let response = self.post_reaction(body, parent).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "posting {body:?}");
        reaction_id(&response)
    }

    pub async fn article(&self) -> Html {
        Html::parse_document(&self.get_html(&format!("/{SLUG}")).await)
    }
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .expect("Location header")
        .to_str()
        .expect("ascii location")
        .to_owned()
}

/// The id in a redirect to `…#reactie-<id>`.
pub fn reaction_id(response: &reqwest::Response) -> i64 {
    let location = location(response);
    location
        .rsplit_once("#reactie-")
        .and_then(|(_, id)| id.parse().ok())
        .unwrap_or_else(|| panic!("no reaction anchor in {location}"))
}

pub fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().expect("ascii cookie").to_owned())
        .collect()
}

pub fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(selector).expect("valid selector");
    html.select(&selector).collect()
}

pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    select(html, selector)
        .into_iter()
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

impl TestApp {
    /// The app's clock, in Unix seconds.
    pub fn clock_now(&self) -> i64 {
        use reacties::clock::Clock;
        self.clock.now().as_second()
    }
}

pub const AUTHOR: &str = "Olaf_Rutten";

impl TestApp {
    /// Creates the author account (as the CLI does) and logs in.
    pub async fn author(&self) -> Browser {
        reacties::accounts::admin::create_author(
            &self.pool,
            AUTHOR,
            &PASSWORD.into(),
            self.clock_now(),
            false,
        )
        .await
        .expect("author created");
        let browser = self.browser();
        let response = browser.login(AUTHOR, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "author logs in");
        browser
    }

    /// The id of the account with this name.
    pub async fn user_id(&self, name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(name.to_owned())
            .fetch_one(&self.pool)
            .await
            .expect("user exists")
    }

    /// A reaction's status column.
    pub async fn status_of(&self, id: i64) -> String {
        sqlx::query_scalar("SELECT status FROM reactions WHERE id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .expect("reaction exists")
    }

    /// Audit actions recorded for a reaction, oldest first.
    pub async fn audit_actions(&self, reaction_id: i64) -> Vec<String> {
        sqlx::query_scalar("SELECT action FROM audit_log WHERE reaction_id = $1 ORDER BY id")
            .bind(reaction_id)
            .fetch_all(&self.pool)
            .await
            .expect("audit rows")
    }
}

impl Browser {
    /// Posts a moderation action form, returning to `terug`.
    pub async fn moderate(&self, id: i64, action: &str, terug: &str) -> reqwest::Response {
        self.post(
            &format!("/moderatie/reacties/{id}/{action}"),
            &[("terug", terug)],
        )
        .await
    }

    /// Posts a reaction that is accepted, held or shadowed; returns its id.
    pub async fn react_any(&self, body: &str, parent: Option<i64>) -> i64 {
        let response = self.post_reaction(body, parent).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "posting {body:?}");
        reaction_id(&response)
    }
}

/// The texts of the reactions a page shows.
pub fn reaction_texts(html: &Html) -> Vec<String> {
    texts(html, "#reacties .reactie .tekst")
}
