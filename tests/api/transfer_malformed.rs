//! Bad, huge and hostile import files: a Dutch message naming the place, never
//! a panic, and nothing half-imported.

use std::io::Write;
use std::path::Path;

use reacties::transfer::run::{Kind, Options};

use crate::helpers::TestApp;
use crate::transfer_import::{fixture, import};

async fn refused(app: &TestApp, kind: Kind, file: &Path) -> String {
    let result = import(app, kind, file, &Options::default()).await;
    let message = format!("{:#}", result.expect_err("refused"));
    assert!(
        message.contains("er is niets opgeslagen") || message.contains("bestaat niet"),
        "{message}"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM reactions").await,
        0,
        "nothing half-imported"
    );
    assert_eq!(app.count("SELECT count(*) FROM import_staging").await, 0);
    message
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

const ONE_COMMENT: &str = "<item><wp:post_name>zeven-redenen-voor-nee</wp:post_name>\
    <wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt>\
    <wp:comment_content>BODY</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment></item>";

fn wxr(doctype: &str, body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doctype}\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>{}</channel></rss>\n",
        ONE_COMMENT.replace("BODY", body)
    )
    .into_bytes()
}

#[tokio::test]
async fn external_entities_and_entity_bombs_are_refused_before_anything_is_read() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("dir");
    let xxe = write(
        dir.path(),
        "xxe.xml",
        &wxr(
            "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
            "&xxe;",
        ),
    );
    let message = refused(&app, Kind::WordPress, &xxe).await;
    assert!(message.contains("entiteiten"), "{message}");
    assert!(message.contains("regel 2"), "{message}");

    let lol = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>";
    let bomb = write(dir.path(), "lol.xml", &wxr(lol, "&lol3;"));
    let message = refused(&app, Kind::Disqus, &bomb).await;
    assert!(message.contains("entiteiten"), "{message}");

    // An undeclared entity is not guessed at either.
    let undeclared = write(dir.path(), "ent.xml", &wxr("", "&nbsp;"));
    let message = refused(&app, Kind::WordPress, &undeclared).await;
    assert!(message.contains("onbekende entiteit &nbsp;"), "{message}");
}

#[tokio::test]
async fn a_cut_off_file_is_refused_with_its_line_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("dir");
    for (kind, name) in [
        (Kind::WordPress, "wordpress.xml"),
        (Kind::Disqus, "disqus.xml"),
    ] {
        let whole = std::fs::read(fixture(name)).expect("fixture");
        // Cut after the first comments, so some were read before the end came.
        let cut = write(dir.path(), name, &whole[..whole.len() * 3 / 4]);
        let message = refused(&app, kind, &cut).await;
        assert!(message.contains("regel "), "{message}");
        assert!(message.contains("afgebroken"), "{message}");
    }
}

#[tokio::test]
async fn other_encodings_wrong_formats_and_missing_files_get_a_dutch_answer() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("dir");
    let latin1 = String::from_utf8(wxr("", "caf\u{e9}"))
        .expect("utf8")
        .replace("UTF-8", "ISO-8859-1");
    let declared = write(dir.path(), "latin1.xml", latin1.as_bytes());
    assert!(
        refused(&app, Kind::WordPress, &declared)
            .await
            .contains("alleen UTF-8")
    );

    let mut bytes = wxr("", "caf_");
    let at = bytes.iter().position(|&b| b == b'_').expect("marker");
    bytes[at] = 0xE9; // é in Latin-1, invalid as UTF-8
    let undeclared = write(dir.path(), "raw.xml", &bytes);
    assert!(
        refused(&app, Kind::WordPress, &undeclared)
            .await
            .contains("UTF-8")
    );

    let json = write(
        dir.path(),
        "export.json",
        b"{\"formaat\": \"reacties-export\"}",
    );
    let message = refused(&app, Kind::WordPress, &json).await;
    assert!(
        message.contains("geen geldige XML") || message.contains("geen WordPress-export"),
        "{message}"
    );
    let disqus_as_wp = refused(&app, Kind::WordPress, &fixture("disqus.xml")).await;
    assert!(
        disqus_as_wp.contains("geen WordPress-export"),
        "{disqus_as_wp}"
    );
    let wp_as_disqus = refused(&app, Kind::Disqus, &fixture("wordpress.xml")).await;
    assert!(
        wp_as_disqus.contains("geen Disqus-export"),
        "{wp_as_disqus}"
    );
    let not_isso = refused(&app, Kind::Isso, &fixture("wordpress.xml")).await;
    assert!(not_isso.contains("geen Isso-database"), "{not_isso}");
    let empty = write(dir.path(), "leeg.db", b"");
    assert!(
        refused(&app, Kind::Isso, &empty)
            .await
            .contains("geen Isso-database")
    );
    let missing = refused(&app, Kind::Disqus, &dir.path().join("nergens.xml")).await;
    assert!(missing.contains("bestaat niet"), "{missing}");
}

#[tokio::test]
async fn a_single_element_too_large_to_be_a_comment_is_refused_without_reading_it_whole() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("groot.xml");
    let mut file = std::fs::File::create(&path).expect("create");
    let head = String::from_utf8(wxr("", "BODY")).expect("utf8");
    let (before, after) = head.split_once("BODY").expect("marker");
    file.write_all(before.as_bytes()).expect("write");
    let block = vec![b'a'; 1 << 20];
    for _ in 0..17 {
        file.write_all(&block).expect("write");
    }
    file.write_all(after.as_bytes()).expect("write");
    drop(file);
    let message = refused(&app, Kind::WordPress, &path).await;
    assert!(message.contains("16 MB"), "{message}");
}

#[tokio::test]
async fn replies_in_a_circle_become_reactions_of_their_own() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("dir");
    let comment = |id: u32, parent: u32| {
        format!(
            "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_parent>{parent}</wp:comment_parent>\
             <wp:comment_date_gmt>2020-01-0{id} 00:00:00</wp:comment_date_gmt><wp:comment_content>tekst {id}</wp:comment_content>\
             <wp:comment_approved>1</wp:comment_approved></wp:comment>"
        )
    };
    let body = format!(
        "<rss><channel><item><wp:post_name>zeven-redenen-voor-nee</wp:post_name>{}{}{}{}</item></channel></rss>",
        comment(1, 2),
        comment(2, 1),
        comment(3, 3),
        comment(4, 0)
    );
    let path = write(dir.path(), "kring.xml", body.as_bytes());
    let report = import(&app, Kind::WordPress, &path, &Options::default())
        .await
        .expect("imports");
    assert_eq!(report.imported(), 4, "{}", report.render());
    assert!(report.render().contains("kring"), "{}", report.render());
    let top = app
        .count("SELECT count(*) FROM reactions WHERE parent_id IS NULL AND root_id IS NULL")
        .await;
    assert_eq!(top, 4);
}
