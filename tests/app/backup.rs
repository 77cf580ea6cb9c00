//! Backups: `dealfund backup` run as a separate process while the app goes on writing,
//! then the backup restored to a new database that the app opens and signs in to.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use dealfund::services::audit::Actor;
use dealfund::services::organisations::{self, OrganisationInput};
use entity::user::Role;
use entity::{audit_event, organisation, organisation_member};
use migration::{Migrator, MigratorTrait};
use rocket::http::Status;
use rocket::local::asynchronous::Client;
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter,
};

use crate::support::{PASSWORD, TestApp, TestClient};

fn dealfund(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dealfund"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .output()
        .expect("run dealfund")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Keeps adding organisations (each with its owner and its audit entry, in one
/// transaction) until told to stop; counts those committed.
fn keep_writing(
    app: &TestApp,
    owner_id: i32,
) -> (Arc<AtomicBool>, Arc<AtomicU32>, tokio::task::JoinHandle<()>) {
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU32::new(0));
    let (db, clock) = (app.db.clone(), app.clock.clone());
    let (stop_flag, count) = (stop.clone(), written.clone());
    let writer = tokio::spawn(async move {
        let actor = Actor::system();
        while !stop_flag.load(Ordering::Relaxed) {
            let n = count.load(Ordering::Relaxed);
            let input = OrganisationInput {
                name: format!("Group {n}"),
                kind: "other".into(),
                postcode: "AS1 2AB".into(),
                ..Default::default()
            };
            organisations::create(&db, &clock, &actor, owner_id, &input)
                .await
                .expect("an organisation is added");
            count.fetch_add(1, Ordering::Relaxed);
        }
    });
    (stop, written, writer)
}

async fn wait_for(written: &AtomicU32, at_least: u32) {
    for _ in 0..500 {
        if written.load(Ordering::Relaxed) >= at_least {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the writer made no progress");
}

/// Runs a blocking command on another thread, so the writer goes on meanwhile.
async fn run_while_writing(f: impl FnOnce() -> Output + Send + 'static) -> Output {
    tokio::task::spawn_blocking(f)
        .await
        .expect("the command's thread")
}

/// Takes a backup while `written` grows, restores it, and gives the restored
/// database's URL.
async fn back_up_and_restore(app: &TestApp, written: &AtomicU32, dir: &Path) -> String {
    let url = app.database_url.clone();
    if url.starts_with("postgres") {
        let dump = dir.join("dealfund.dump");
        let dump_arg = dump.display().to_string();
        let asked = dealfund(&url, &["backup", "--out", &dump_arg]);
        assert_eq!(
            asked.status.code(),
            Some(2),
            "no backup made yet: {}",
            text(&asked.stderr)
        );
        let command = text(&asked.stdout).trim().to_owned();
        assert!(command.starts_with("pg_dump "), "{command}");
        assert!(text(&asked.stderr).contains("No backup has been made"));

        let before = written.load(Ordering::Relaxed);
        let dumped = run_while_writing(move || {
            Command::new("sh")
                .args(["-c", &command])
                .output()
                .expect("run pg_dump")
        })
        .await;
        assert!(dumped.status.success(), "{}", text(&dumped.stderr));
        assert!(
            written.load(Ordering::Relaxed) > before,
            "writes went on during the dump"
        );

        let mut restored = url::Url::parse(&url).unwrap();
        let name = format!("{}_restored", restored.path().trim_start_matches('/'));
        let admin = Database::connect(std::env::var("DATABASE_URL").unwrap())
            .await
            .unwrap();
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        admin.close().await.ok();
        restored.set_path(&format!("/{name}"));
        let restored = restored.to_string();
        let loaded = Command::new("pg_restore")
            .args(["--no-owner", "--exit-on-error", "--dbname", &restored])
            .arg(&dump)
            .output()
            .expect("run pg_restore");
        assert!(loaded.status.success(), "{}", text(&loaded.stderr));
        restored
    } else {
        let backup = dir.join("backup.db");
        let backup_arg = backup.display().to_string();
        let before = written.load(Ordering::Relaxed);
        let made =
            run_while_writing(move || dealfund(&url, &["backup", "--out", &backup_arg])).await;
        assert!(made.status.success(), "{}", text(&made.stderr));
        assert!(text(&made.stdout).contains("integrity check: ok"));
        assert!(
            written.load(Ordering::Relaxed) > before,
            "writes went on during the backup"
        );
        assert!(
            !dir.join(".backup.db.partial").exists(),
            "nothing half-made is left"
        );
        // Restoring is copying the file into place.
        let restored = dir.join("restored.db");
        std::fs::copy(&backup, &restored).unwrap();
        format!("sqlite://{}?mode=rw", restored.display())
    }
}

async fn count_where_owner(db: &DatabaseConnection) -> u64 {
    organisation_member::Entity::find()
        .filter(organisation_member::Column::IsOwner.eq(true))
        .count(db)
        .await
        .unwrap()
}

#[rocket::async_test]
async fn a_backup_taken_during_writes_restores_to_a_working_database() {
    let app = TestApp::on_disk().await;
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "dealfund-backup-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let owner = app.create_user("owner@example.org", Role::Applicant).await;
    let (stop, written, writer) = keep_writing(&app, owner.id);
    wait_for(&written, 20).await;

    let restored_url = back_up_and_restore(&app, &written, &dir).await;

    wait_for(&written, written.load(Ordering::Relaxed) + 5).await;
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    let total = written.load(Ordering::Relaxed) as u64;

    // The check the deployment guide gives for a restored backup.
    let checked = dealfund(&restored_url, &["check-backup"]);
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    assert!(
        text(&checked.stdout).contains("users: 1"),
        "{}",
        text(&checked.stdout)
    );

    let restored = dealfund::db::connect(&restored_url, 2).await.unwrap();
    assert!(
        Migrator::get_pending_migrations(&restored)
            .await
            .unwrap()
            .is_empty(),
        "the restored database is fully migrated"
    );
    let organisations = organisation::Entity::find().count(&restored).await.unwrap();
    assert!(
        organisations >= 20 && organisations < total,
        "the backup is a moment during the writes: {organisations} of {total}"
    );
    // A moment between transactions: every organisation with its owner and its audit entry.
    assert_eq!(count_where_owner(&restored).await, organisations);
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("organisation.created"))
        .count(&restored)
        .await
        .unwrap();
    assert_eq!(audited, organisations);

    // The app runs on the restored database: the owner signs in and sees their groups.
    let rocket = dealfund::build(
        app.figment(),
        app.config.clone(),
        restored.clone(),
        app.clock.clone(),
    );
    let browser = TestClient {
        client: Client::tracked(rocket).await.expect("the app starts"),
    };
    assert_eq!(
        browser.login("owner@example.org", PASSWORD).await.status,
        Status::SeeOther
    );
    let page = browser.get("/organisations").await;
    assert_eq!(page.status, Status::Ok);
    assert!(page.body.contains("Group 0"));
    // And it can be written to.
    assert_eq!(
        browser
            .post(
                "/organisations",
                &[
                    ("name", "After the restore"),
                    ("kind", "other"),
                    ("charity_number", ""),
                    ("company_number", ""),
                    ("postcode", "AS1 2AB"),
                    ("ward_id", ""),
                    ("website", ""),
                    ("phone", ""),
                ],
            )
            .await
            .status,
        Status::SeeOther
    );

    drop(browser);
    restored.close().await.ok();
    if restored_url.starts_with("postgres") {
        let name = url::Url::parse(&restored_url).unwrap().path()[1..].to_owned();
        let admin = Database::connect(std::env::var("DATABASE_URL").unwrap())
            .await
            .unwrap();
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[rocket::async_test]
async fn check_backup_refuses_a_file_that_is_not_a_dealfund_database() {
    let dir = std::env::temp_dir().join(format!("dealfund-notdb-{:08x}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("empty.db");
    std::fs::write(&file, b"").unwrap();
    let checked = Command::new(env!("CARGO_BIN_EXE_dealfund"))
        .args(["check-backup", "--file"])
        .arg(&file)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(!checked.status.success());
    assert!(text(&checked.stderr).contains("not a dealfund database"));
    let missing = Command::new(env!("CARGO_BIN_EXE_dealfund"))
        .args(["check-backup", "--file"])
        .arg(dir.join("nowhere.db"))
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("does not exist"));
    let _ = std::fs::remove_dir_all(&dir);
}
