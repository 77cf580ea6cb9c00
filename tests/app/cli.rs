//! The command line, run as a separate process on a database the test then serves.

use std::io::Write;
use std::process::{Command, Stdio};

use entity::user::Role;
use rocket::http::Status;

use crate::support::TestApp;

fn create_user(app: &TestApp, email: &str, role: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dealfund"))
        .args([
            "create-user",
            "--email",
            email,
            "--name",
            "Ada Admin",
            "--role",
            role,
        ])
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dealfund");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{password}\n").as_bytes())
        .expect("write password");
    child.wait_with_output().expect("dealfund finishes")
}

#[rocket::async_test]
async fn create_user_makes_an_account_that_can_sign_in() {
    let app = TestApp::on_disk().await;
    let output = create_user(
        &app,
        "ada@council.example",
        "admin",
        "first admin passphrase",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("Created Ada Admin (ada@council.example) as admin")
    );

    let browser = app.client().await;
    let page = browser
        .login("ada@council.example", "first admin passphrase")
        .await;
    assert_eq!(page.status, Status::SeeOther);
    assert_eq!(
        browser.get("/admin/users").await.status,
        Status::Ok,
        "the account is an admin"
    );
}

#[rocket::async_test]
async fn create_user_refuses_a_weak_password_and_a_bad_role() {
    let app = TestApp::on_disk().await;
    let weak = create_user(&app, "ada@council.example", "admin", "password123");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("Password is too common"));
    let bad_role = create_user(
        &app,
        "ada@council.example",
        "emperor",
        "first admin passphrase",
    );
    assert!(!bad_role.status.success());
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("role must be one of"));
    let browser = app.client().await;
    assert_eq!(
        browser
            .login("ada@council.example", "password123")
            .await
            .status,
        Status::UnprocessableEntity
    );
}

#[rocket::async_test]
async fn the_demo_logins_all_sign_in() {
    let app = TestApp::new().await;
    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .expect("seed the demo");
    for (email, _, role) in dealfund::tools::demo::DEMO_LOGINS {
        let browser = app.client().await;
        let page = browser
            .login(email, dealfund::tools::demo::DEMO_PASSWORD)
            .await;
        assert_eq!(page.status, Status::SeeOther, "{email}");
        let admin_page = browser.get("/admin/users").await.status;
        let expected = if *role == Role::Admin {
            Status::Ok
        } else {
            Status::Forbidden
        };
        assert_eq!(admin_page, expected, "{email}");
    }
}
