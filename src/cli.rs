//! The command line: `reacties` serves; `reacties author …` manages accounts;
//! `import` and `export` move a site in and out.

use std::io::{BufRead, IsTerminal};

use clap::{Parser, Subcommand};
use secrecy::SecretString;

use crate::accounts::admin;
use crate::config::Config;
use crate::db;
use crate::i18n::{Lang, locale, t, with_lang};

/// Reacties: een blog waar reacties echt welkom zijn.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do instead of serving.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage the author's account.
    Author {
        #[command(subcommand)]
        action: AuthorAction,
    },
    /// Ask the running server (at --bind) whether it is healthy; exit 0 if so.
    /// For container health checks, which then need no curl in the image.
    Healthcheck,
    /// Write a consistent copy of the database to FILE, also while the server runs.
    Backup {
        /// Where to write the copy; must not exist yet.
        file: std::path::PathBuf,
    },
    /// Import comments from another system, or restore an export.
    Import {
        #[command(subcommand)]
        from: ImportFrom,
    },
    /// Write everything to FILE as JSON (accounts without password hashes).
    Export {
        /// Where to write it; must not exist yet.
        file: std::path::PathBuf,
        /// Include the accounts' password hashes.
        #[arg(long)]
        with_passwords: bool,
    },
}

/// `reacties import …`
#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// A WordPress export (WXR).
    Wordpress {
        file: std::path::PathBuf,
        #[command(flatten)]
        options: ImportArgs,
    },
    /// A Disqus export (XML).
    Disqus {
        file: std::path::PathBuf,
        #[command(flatten)]
        options: ImportArgs,
    },
    /// Isso's SQLite database.
    Isso {
        file: std::path::PathBuf,
        #[command(flatten)]
        options: ImportArgs,
    },
    /// An export of Reacties, into an empty database.
    Reacties { file: std::path::PathBuf },
}

/// Options of every import from another system.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// OLD=SLUG: comments of the thread at OLD go to article SLUG.
    #[arg(long = "map", value_name = "OUD=SLUG")]
    pub map: Vec<String>,
    /// Attribute comments to an account with the writer's name, if any.
    #[arg(long)]
    pub match_accounts: bool,
    /// Tell what would happen; store nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `reacties author …`
#[derive(Debug, Subcommand)]
pub enum AuthorAction {
    /// Create the author account; the password is read from standard input.
    Create {
        username: String,
        /// Allow a second author account.
        #[arg(long)]
        additional: bool,
    },
    /// Make an existing account (registered on the site) the author.
    Promote {
        username: String,
        /// Allow a second author account.
        #[arg(long)]
        additional: bool,
    },
    /// Set a new password for any account and log it out everywhere.
    ResetPassword { username: String },
}

/// Reads a password: asked twice on a terminal, one line from a pipe.
pub fn read_password() -> anyhow::Result<SecretString> {
    if std::io::stdin().is_terminal() {
        let texts = &t().terminal;
        let first = rpassword::prompt_password(texts.password_prompt)?;
        let second = rpassword::prompt_password(texts.password_again)?;
        if first != second {
            anyhow::bail!(texts.passwords_differ);
        }
        Ok(first.into())
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).into())
    }
}

/// Runs a command other than serving; returns the language it spoke and what
/// to print. The language is the locale environment's (see `i18n::locale`),
/// else the site's setting once the database is open, else Dutch.
pub async fn run(command: Command, config: &Config) -> (Lang, anyhow::Result<String>) {
    let asked = locale::from_env();
    let first = asked.unwrap_or_default();
    let command = match command {
        Command::Healthcheck => {
            let result = if healthcheck(config.bind) {
                Ok("ok".into())
            } else {
                Err(anyhow::anyhow!(first.texts().cli_unhealthy(config.bind)))
            };
            return (first, result);
        }
        // Restoring may create the database: a new one has no setting yet.
        Command::Import {
            from: ImportFrom::Reacties { file },
        } => {
            let result = with_lang(first, crate::transfer::cli::restore(config, &file)).await;
            return (first, result);
        }
        other => other,
    };
    // Commands never create a database: a wrong path must not look like an
    // empty one (an empty back-up, an author nobody's server knows).
    let pool = match with_lang(first, db::open_existing(&config.database)).await {
        Ok(pool) => pool,
        Err(e) => return (first, Err(e)),
    };
    let lang = crate::policy::site::terminal_language(&pool, asked).await;
    let result = with_lang(lang, on_database(&pool, command, config)).await;
    if result.is_ok() {
        // Servers running on the same PostgreSQL database retire their pages
        // and policy at once (nothing to tell on SQLite).
        if let Ok(notifier) = crate::instances::Notifier::new(&pool) {
            notifier.announce(crate::change::Change::ALL).await;
        }
    }
    pool.close().await;
    (lang, result)
}

/// A command on the open database, in the chosen language.
async fn on_database(
    pool: &crate::sql::Pool,
    command: Command,
    config: &Config,
) -> anyhow::Result<String> {
    match command {
        Command::Backup { file } => {
            db::backup(pool, &file).await?;
            Ok(t().cli_backup_written(file.display()))
        }
        Command::Import { from } => import(pool, config, from).await,
        Command::Export {
            file,
            with_passwords,
        } => crate::transfer::cli::export(pool, &file, with_passwords).await,
        Command::Author { action } => {
            let result = author(pool, action).await;
            if result.is_ok() {
                show_articles_author_name(pool, config).await;
            }
            result
        }
        // Answered before the database was opened.
        Command::Healthcheck => Ok("ok".into()),
    }
}

/// The author shows the name the articles carry (the server does the same at
/// start-up); a content folder that cannot be read only skips this.
async fn show_articles_author_name(pool: &crate::sql::Pool, config: &Config) {
    let Ok(articles) = crate::article::content::Articles::load(&config.content) else {
        return;
    };
    if let Some(article) = articles.all().first()
        && let Ok(shown) = crate::accounts::username::display_name(&article.author)
    {
        let _ = crate::accounts::users::default_author_display(pool, &shown).await;
    }
}

async fn author(pool: &crate::sql::Pool, action: AuthorAction) -> anyhow::Result<String> {
    match action {
        AuthorAction::Create {
            username,
            additional,
        } => {
            let password = read_password()?;
            let now = jiff::Timestamp::now().as_second();
            admin::create_author(pool, &username, &password, now, additional).await?;
            Ok(t().cli_author_created(&username))
        }
        AuthorAction::Promote {
            username,
            additional,
        } => {
            admin::promote(pool, &username, additional).await?;
            Ok(t().cli_author_promoted(&username))
        }
        AuthorAction::ResetPassword { username } => {
            let password = read_password()?;
            let n = admin::reset_password(pool, &username, &password).await?;
            Ok(t().cli_password_reset(&username, n))
        }
    }
}

async fn import(
    pool: &crate::sql::Pool,
    config: &Config,
    from: ImportFrom,
) -> anyhow::Result<String> {
    use crate::transfer::run::{Kind, Options};
    let (kind, file, args) = match from {
        ImportFrom::Reacties { file } => return crate::transfer::cli::restore(config, &file).await,
        ImportFrom::Wordpress { file, options } => (Kind::WordPress, file, options),
        ImportFrom::Disqus { file, options } => (Kind::Disqus, file, options),
        ImportFrom::Isso { file, options } => (Kind::Isso, file, options),
    };
    let options = Options {
        maps: args.map,
        match_accounts: args.match_accounts,
        dry_run: args.dry_run,
    };
    crate::transfer::cli::import(pool, config, kind, &file, &options).await
}

/// GET /healthz on the server at `bind` (an unspecified address means this
/// machine); true when it answers 200.
pub fn healthcheck(bind: std::net::SocketAddr) -> bool {
    use std::io::{Read, Write};
    use std::time::Duration;
    let mut addr = bind;
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let answer = (|| -> std::io::Result<String> {
        let mut stream = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(3))?;
        stream.set_read_timeout(Some(Duration::from_secs(3)))?;
        stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
        let mut head = [0u8; 16];
        let n = stream.read(&mut head)?;
        Ok(String::from_utf8_lossy(&head[..n]).into_owned())
    })();
    answer.is_ok_and(|status| {
        status.starts_with("HTTP/1.1 200") || status.starts_with("HTTP/1.0 200")
    })
}
