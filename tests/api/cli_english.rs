//! The command line in English and Dutch: the locale environment (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`) chooses, and when it names neither language a
//! command that opens the database follows the site's setting. Run as the
//! real binary; an English run may hold no Dutch catalogue text and no common
//! Dutch word.

use std::path::Path;

use crate::cli::{reacties_binary, run_binary_in};
use crate::english::dutch_in_text;
use crate::helpers::{PASSWORD, TestApp};
use crate::transfer_import::fixture;

/// Every command and subcommand, each asked for its help.
const HELP_OF: &[&[&str]] = &[
    &["--help"],
    &["-h"],
    &["help"],
    &["author", "--help"],
    &["author", "create", "--help"],
    &["author", "promote", "--help"],
    &["author", "reset-password", "--help"],
    &["backup", "--help"],
    &["healthcheck", "--help"],
    &["export", "--help"],
    &["import", "--help"],
    &["import", "wordpress", "--help"],
    &["import", "disqus", "--help"],
    &["import", "isso", "--help"],
    &["import", "reacties", "--help"],
];

/// What the binary printed, with what is not language left out: the
/// program's own name (`reacties author …`, `REACTIES_BIND`), the paths of
/// this test, which hold it too, and the articles' slugs (the author's words).
fn words_of(out: &str, paths: &[&Path]) -> String {
    let mut text = out.to_owned();
    for path in paths {
        text = text.replace(&path.display().to_string(), " ");
    }
    for slug in ["zeven-redenen-voor-nee", "over-mij"] {
        text = text.replace(slug, " ");
    }
    text.replace("REACTIES_", " ")
        .replace("reacties", " ")
        .replace("Reacties", " ")
}

fn assert_english(what: &str, out: &str, paths: &[&Path]) {
    let found = dutch_in_text(&words_of(out, paths));
    assert!(found.is_empty(), "{what}: Dutch {found:?} in:\n{out}");
}

fn run(locale: &str, app: &TestApp, args: &[&str], stdin: &str) -> (bool, String) {
    run_binary_in(
        locale,
        &app.config.database,
        &app.config.content,
        args,
        stdin,
    )
}

#[tokio::test]
async fn with_an_english_locale_the_command_line_reads_in_english() {
    let app = TestApp::spawn_open().await;
    let db = app.config.database.clone();
    let content = app.config.content.clone();
    let paths = [db.as_path(), content.as_path()];
    let en = "en_US.UTF-8";

    for args in HELP_OF {
        let (ok, out) = run(en, &app, args, "");
        assert!(ok, "{args:?}: {out}");
        assert!(out.starts_with("Reacties: a blog"), "{args:?}: {out}");
        assert!(out.contains("LC_MESSAGES"), "{args:?}");
        assert_english(&format!("{args:?}"), &out, &paths);
    }

    // An author created and given a new password.
    let (ok, out) = run(
        en,
        &app,
        &["author", "create", "Writer"],
        &format!("{PASSWORD}\n"),
    );
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "Author 'Writer' has been created.");
    let (ok, out) = run(
        en,
        &app,
        &["author", "create", "Other"],
        &format!("{PASSWORD}\n"),
    );
    assert!(!ok);
    assert!(
        out.starts_with("Error: There is already an author account"),
        "{out}"
    );
    assert_english("second author", &out, &paths);
    let (ok, out) = run(
        en,
        &app,
        &["author", "create", "Other", "--additional"],
        "kort\n",
    );
    assert!(!ok);
    assert_english("weak password", &out, &paths);
    let (ok, out) = run(
        en,
        &app,
        &["author", "reset-password", "Writer"],
        "a-new-and-longer-password\n",
    );
    assert!(ok, "{out}");
    assert!(out.contains("0 sessions ended"), "{out}");
    assert_english("reset", &out, &paths);
    let (ok, out) = run(
        en,
        &app,
        &["author", "promote", "nobody", "--additional"],
        "",
    );
    assert!(!ok);
    assert!(
        out.contains("There is no account with the name 'nobody'"),
        "{out}"
    );

    // An import, first as a dry run, with its report.
    let wxr = fixture("wordpress.xml");
    let wxr = wxr.to_str().expect("utf-8 path");
    let (ok, out) = run(en, &app, &["import", "wordpress", wxr, "--dry-run"], "");
    assert!(ok, "{out}");
    assert!(out.starts_with("Dry run (--dry-run)"), "{out}");
    assert!(out.contains("Without an article here"), "{out}");
    assert!(out.contains("over-mij: 1 reaction\n"), "{out}");
    assert_english("dry run", &out, &paths);
    let (ok, out) = run(en, &app, &["import", "wordpress", wxr], "");
    assert!(ok, "{out}");
    assert!(out.starts_with("Imported: "), "{out}");
    assert!(out.contains("Per state: "), "{out}");
    assert_english("import", &out, &paths);
    let (ok, out) = run(en, &app, &["import", "wordpress", wxr], "");
    assert!(ok, "{out}");
    assert!(out.contains("Imported before (skipped): "), "{out}");

    // An export.
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("all.json");
    let file_arg = file.to_str().expect("utf-8");
    let (ok, out) = run(en, &app, &["export", file_arg], "");
    assert!(ok, "{out}");
    assert_eq!(out.trim(), format!("Export written to {file_arg}."));
    let (ok, out) = run(en, &app, &["export", file_arg], "");
    assert!(!ok);
    assert!(out.contains("exists already"), "{out}");
    assert_english("export twice", &out, &[dir.path(), db.as_path()]);

    // Bad files, a bad map, a wrong command line, a missing database.
    let disqus = fixture("disqus.xml");
    let disqus = disqus.to_str().expect("utf-8");
    let broken = dir.path().join("broken.xml");
    std::fs::write(&broken, "<rss><channel><item>").expect("write");
    let broken = broken.to_str().expect("utf-8");
    for args in [
        vec!["import", "isso", disqus],
        vec!["import", "disqus", wxr],
        vec!["import", "wordpress", broken],
        vec!["import", "wordpress", wxr, "--map", "no-equals-sign"],
        vec!["import", "reacties", wxr],
        vec!["backup", file_arg],
    ] {
        let (ok, out) = run(en, &app, &args, "");
        assert!(!ok, "{args:?}: {out}");
        assert!(out.starts_with("Error: "), "{args:?}: {out}");
        assert!(!out.contains("panicked"), "{out}");
        assert_english(&format!("{args:?}"), &out, &[dir.path(), db.as_path()]);
    }
    for args in [vec!["--nonsense"], vec!["author"], vec!["--bind", "here"]] {
        let (ok, out) = run(en, &app, &args, "");
        assert!(!ok);
        assert!(out.starts_with("Error: "), "{args:?}: {out}");
        assert_english(&format!("{args:?}"), &out, &paths);
    }
    let missing = dir.path().join("nothing.db");
    let (ok, out) = run_binary_in(en, &missing, &content, &["author", "promote", "x"], "");
    assert!(!ok);
    assert!(out.contains("There is no database at"), "{out}");
    assert_english("no database", &out, &[dir.path(), content.as_path()]);
}

#[tokio::test]
async fn with_a_dutch_locale_the_command_line_reads_in_dutch_even_on_an_english_site() {
    let app = TestApp::spawn_open().await;
    app.set("UPDATE settings SET language = 'en'").await;
    let nl = "nl_NL.UTF-8";
    for args in HELP_OF {
        let (ok, out) = run(nl, &app, args, "");
        assert!(ok, "{args:?}");
        assert!(out.contains("Gebruik:"), "{args:?}: {out}");
    }
    let (ok, out) = run(
        nl,
        &app,
        &["author", "create", "Schrijver"],
        &format!("{PASSWORD}\n"),
    );
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "Auteur 'Schrijver' is aangemaakt.");
    let wxr = fixture("wordpress.xml");
    let (ok, out) = run(
        nl,
        &app,
        &["import", "wordpress", wxr.to_str().expect("utf-8")],
        "",
    );
    assert!(ok, "{out}");
    assert!(out.starts_with("Geïmporteerd: 6 reacties."), "{out}");
    let (ok, out) = run(
        nl,
        &app,
        &["import", "isso", wxr.to_str().expect("utf-8")],
        "",
    );
    assert!(!ok);
    assert!(out.starts_with("Fout: "), "{out}");
    assert!(out.contains("geen Isso-database"), "{out}");
    // LC_ALL comes before LANG.
    let out = reacties_binary("nl_NL.UTF-8")
        .env("LC_ALL", "en_GB.UTF-8")
        .arg("--onzin")
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("Error: unknown option '--onzin'."), "{err}");
}

#[tokio::test]
async fn with_a_neutral_locale_a_command_follows_the_sites_language() {
    let app = TestApp::spawn_open().await;
    // Without a database there is no site to ask: Dutch.
    let (ok, out) = run("C", &app, &["--help"], "");
    assert!(ok && out.contains("Gebruik:"), "{out}");
    let (ok, out) = run(
        "C",
        &app,
        &["author", "create", "Schrijver"],
        &format!("{PASSWORD}\n"),
    );
    assert!(ok && out.contains("is aangemaakt"), "{out}");

    app.set("UPDATE settings SET language = 'en'").await;
    for locale in ["C", "POSIX", "de_DE.UTF-8", ""] {
        let (ok, out) = run(
            locale,
            &app,
            &["author", "promote", "Schrijver", "--additional"],
            "",
        );
        assert!(ok, "{locale}: {out}");
        assert!(out.contains("is now the author"), "{locale}: {out}");
    }
    let wxr = fixture("wordpress.xml");
    let (ok, out) = run(
        "C",
        &app,
        &[
            "import",
            "wordpress",
            wxr.to_str().expect("utf-8"),
            "--dry-run",
        ],
        "",
    );
    assert!(ok, "{out}");
    assert!(out.starts_with("Dry run"), "{out}");
    let (ok, out) = run(
        "C",
        &app,
        &["import", "isso", wxr.to_str().expect("utf-8")],
        "",
    );
    assert!(!ok);
    assert!(out.starts_with("Error: "), "{out}");
}
