//! Start-up refuses what it cannot serve safely, with a Dutch message naming
//! the file: a second server on the same database, a database or folder it
//! cannot write, a damaged file.

use std::io::{Seek, SeekFrom, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use reacties::config::Config;
use reacties::startup::Application;
use tempfile::TempDir;

use crate::helpers::{TestApp, test_config};

/// A file or folder made unwritable for the length of a test.
struct ReadOnly {
    path: PathBuf,
    immutable: bool,
    mode: u32,
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
        } else {
            let _ =
                std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(self.mode));
        }
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// Makes `path` unwritable: permissions for an ordinary user, `chattr +i` for
/// root (whom permissions do not stop). `None`, with a message, where neither works.
fn make_read_only(path: &Path) -> Option<ReadOnly> {
    let mode = std::fs::metadata(path)
        .expect("exists")
        .permissions()
        .mode();
    if running_as_root() {
        let done = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        if !done {
            eprintln!(
                "overgeslagen: als root kan {} niet alleen-lezen worden gemaakt (chattr +i werkt hier niet)",
                path.display()
            );
            return None;
        }
        return Some(ReadOnly {
            path: path.to_owned(),
            immutable: true,
            mode,
        });
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o222)).expect("chmod");
    Some(ReadOnly {
        path: path.to_owned(),
        immutable: false,
        mode,
    })
}

/// A database created and migrated by a first start, then closed cleanly.
async fn created_database() -> (TempDir, Config) {
    let dir = tempfile::tempdir().expect("dir");
    let config = test_config(&dir, "http://127.0.0.1");
    let app = Application::build(config.clone())
        .await
        .expect("first start");
    app.state().pool.close().await;
    drop(app);
    (dir, config)
}

async fn refusal(config: &Config) -> String {
    match Application::build(config.clone()).await {
        Ok(_) => panic!("start-up on {} should refuse", config.database.display()),
        Err(error) => format!("{error:#}"),
    }
}

#[tokio::test]
async fn a_second_server_on_the_same_database_refuses_to_start_naming_the_lock_file() {
    let app = TestApp::spawn().await;
    let message = refusal(&app.config).await;
    let lock = format!("{}.lock", app.config.database.display());
    assert!(message.contains(&lock), "{message}");
    assert!(message.contains("draait al"), "{message}");
    // The first keeps serving.
    assert_eq!(
        app.browser().get("/healthz").await.status(),
        reqwest::StatusCode::OK
    );
}

#[tokio::test]
async fn the_server_refuses_to_start_on_a_read_only_database_file() {
    let (_dir, config) = created_database().await;
    let Some(_read_only) = make_read_only(&config.database) else {
        return;
    };
    let message = refusal(&config).await;
    assert!(
        message.contains(&config.database.display().to_string()),
        "{message}"
    );
    assert!(message.contains("alleen-lezen"), "{message}");
}

#[tokio::test]
async fn the_server_refuses_to_start_in_a_folder_it_cannot_write() {
    let (_dir, config) = created_database().await;
    let folder = config.database.parent().expect("folder").to_owned();
    let Some(_read_only) = make_read_only(&folder) else {
        return;
    };
    let message = refusal(&config).await;
    assert!(message.contains(&folder.display().to_string()), "{message}");
    assert!(message.contains("niet schrijven"), "{message}");
}

fn overwrite(path: &Path, offset: u64, bytes: &[u8]) {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open");
    file.seek(SeekFrom::Start(offset)).expect("seek");
    file.write_all(bytes).expect("write");
}

#[tokio::test]
async fn the_server_refuses_to_start_on_a_damaged_database() {
    // The header, and one page in the middle of the file.
    for (offset, what) in [(0, "header"), (2 * 4096, "page")] {
        let (_dir, config) = created_database().await;
        overwrite(&config.database, offset, &[0x55; 4096]);
        let message = refusal(&config).await;
        assert!(
            message.contains(&config.database.display().to_string()),
            "{what}: {message}"
        );
        assert!(message.contains("beschadigd"), "{what}: {message}");
    }
}
