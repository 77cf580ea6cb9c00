//! Registering, signing in and out, lockout, passwords and sessions.

use chrono::Duration;
use entity::user::Role;
use rocket::http::Status;

use entity::outbox;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::support::{PASSWORD, TestApp};

/// The path of the link in the newest email of this kind to this address.
pub async fn emailed_link(app: &TestApp, kind: &str, to: &str, path: &str) -> String {
    let sent = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq(kind))
        .filter(outbox::Column::ToAddress.eq(to))
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .expect("read the outbox");
    let body = &sent.last().expect("an email").body_text;
    let start = body.find(path).expect("a link in the email");
    let end = body[start..]
        .find(|c: char| c.is_whitespace())
        .map(|i| i + start)
        .unwrap_or(body.len());
    body[start..end].to_owned()
}

#[rocket::async_test]
async fn a_visitor_registers_through_the_emailed_link_then_signs_out_and_back_in() {
    let app = TestApp::new().await;
    let browser = app.client().await;

    let page = browser
        .post(
            "/register",
            &[
                ("name", "Jo Bloggs"),
                ("email", "Jo@Example.org"),
                ("password", "river lantern cobbles"),
                ("confirm_password", "river lantern cobbles"),
            ],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther);
    assert_eq!(page.location.as_deref(), Some("/register/sent"));
    assert!(
        browser
            .get("/register/sent")
            .await
            .body
            .contains("Check your email")
    );
    assert_eq!(
        browser.get("/account").await.status,
        Status::SeeOther,
        "no account until the link is used"
    );
    let link = emailed_link(
        &app,
        "registration_confirm",
        "jo@example.org",
        "/register/confirm/",
    )
    .await;
    let confirm = browser.get(&link).await;
    assert_eq!(confirm.status, Status::Ok);
    assert!(confirm.body.contains("jo@example.org"));
    let created = browser.post(&link, &[]).await;
    assert_eq!(created.status, Status::SeeOther, "{}", created.body);
    assert_eq!(created.location.as_deref(), Some("/account"));
    let account = browser.get("/account").await;
    assert_eq!(account.status, Status::Ok);
    assert!(
        account.body.contains("jo@example.org"),
        "email is stored lower-cased"
    );
    assert!(account.body.contains("applicant"));
    assert_eq!(
        app.client().await.post(&link, &[]).await.status,
        Status::Gone,
        "the link works once"
    );

    let out = browser.post("/logout", &[]).await;
    assert_eq!(out.status, Status::SeeOther);
    assert_eq!(
        browser.get("/account").await.status,
        Status::SeeOther,
        "signed out"
    );

    let back = browser
        .login("JO@example.org", "river lantern cobbles")
        .await;
    assert_eq!(back.status, Status::SeeOther);
    assert_eq!(browser.get("/account").await.status, Status::Ok);
}

#[rocket::async_test]
async fn weak_passwords_are_refused_with_a_clear_message_and_the_rest_is_kept() {
    let app = TestApp::new().await;
    let browser = app.client().await;
    for (password, message) in [
        ("short", "Password must be 10 characters or more"),
        ("password123", "Password is too common"),
        ("sam@example.org", "Password must not be your email address"),
    ] {
        let page = browser
            .post(
                "/register",
                &[
                    ("name", "Sam Brown"),
                    ("email", "sam@example.org"),
                    ("password", password),
                    ("confirm_password", password),
                ],
            )
            .await;
        assert_eq!(page.status, Status::UnprocessableEntity, "{password}");
        assert!(
            page.title().starts_with("Error: "),
            "title: {}",
            page.title()
        );
        assert!(page.body.contains("There is a problem"), "error summary");
        assert!(
            page.body.contains(message),
            "{password}: expected {message}"
        );
        assert!(
            page.body.contains("id=\"password-error\""),
            "message beside the field"
        );
        assert!(
            page.body.contains("value=\"sam@example.org\""),
            "email kept"
        );
        assert!(
            !page.body.contains(&format!("value=\"{password}\"")) || password == "sam@example.org"
        );
    }
    assert_eq!(
        app.client()
            .await
            .login("sam@example.org", "short")
            .await
            .status,
        Status::UnprocessableEntity
    );
}

#[rocket::async_test]
async fn a_wrong_password_is_refused_without_saying_which_part_was_wrong() {
    let app = TestApp::new().await;
    app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;

    let wrong = browser.login("jo@example.org", "not the password").await;
    assert_eq!(wrong.status, Status::UnprocessableEntity);
    assert!(
        wrong
            .body
            .contains("Email address or password is not right")
    );
    assert!(
        wrong.body.contains("value=\"jo@example.org\""),
        "email kept"
    );
    let unknown = browser
        .login("nobody@example.org", "not the password")
        .await;
    assert!(
        unknown
            .body
            .contains("Email address or password is not right")
    );
    assert_eq!(
        browser.get("/account").await.status,
        Status::SeeOther,
        "still signed out"
    );
}

#[rocket::async_test]
async fn five_failures_lock_an_account_for_fifteen_minutes() {
    let app = TestApp::new().await;
    app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;

    for _ in 0..4 {
        let page = browser.login("jo@example.org", "wrong wrong wrong").await;
        assert!(page.body.contains("Email address or password is not right"));
    }
    let fifth = browser.login("jo@example.org", "wrong wrong wrong").await;
    assert!(
        fifth.body.contains("This account is locked"),
        "{}",
        fifth.body
    );

    let right_but_locked = browser.login("jo@example.org", PASSWORD).await;
    assert_eq!(right_but_locked.status, Status::UnprocessableEntity);
    assert!(right_but_locked.body.contains("This account is locked"));

    app.clock.advance(Duration::minutes(14));
    assert!(
        browser
            .login("jo@example.org", PASSWORD)
            .await
            .body
            .contains("locked")
    );

    app.clock.advance(Duration::minutes(2));
    let after = browser.login("jo@example.org", PASSWORD).await;
    assert_eq!(after.status, Status::SeeOther, "unlocked after the period");
}

#[rocket::async_test]
async fn an_address_with_thirty_failures_is_slowed_down_but_others_are_not() {
    let app = TestApp::new().await;
    app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;
    for i in 0..30 {
        let email = format!("guess{i}@example.org");
        browser
            .post_from(
                "203.0.113.7",
                "/login",
                &[("email", &email), ("password", "wrong wrong")],
            )
            .await;
    }
    let slowed = browser
        .post_from(
            "203.0.113.7",
            "/login",
            &[("email", "jo@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(slowed.status, Status::UnprocessableEntity);
    assert!(
        slowed
            .body
            .contains("Too many failed sign-ins from your network")
    );

    let elsewhere = browser
        .post_from(
            "198.51.100.1",
            "/login",
            &[("email", "jo@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(elsewhere.status, Status::SeeOther);

    app.clock.advance(Duration::minutes(16));
    let later = app
        .client()
        .await
        .post_from(
            "203.0.113.7",
            "/login",
            &[("email", "jo@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        later.status,
        Status::SeeOther,
        "the address recovers after the window"
    );
}

#[rocket::async_test]
async fn changing_the_password_signs_out_every_other_session() {
    let app = TestApp::new().await;
    let account = app.create_user("jo@example.org", Role::Applicant).await;
    let laptop = app.client().await;
    let phone = app.client().await;
    assert_eq!(
        laptop.login(&account.email, PASSWORD).await.status,
        Status::SeeOther
    );
    assert_eq!(
        phone.login(&account.email, PASSWORD).await.status,
        Status::SeeOther
    );

    let changed = laptop
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
                ("confirm_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(changed.status, Status::SeeOther);

    assert_eq!(
        laptop.get("/account").await.status,
        Status::Ok,
        "this browser stays signed in"
    );
    let phone_page = phone.get("/account").await;
    assert_eq!(
        phone_page.status,
        Status::SeeOther,
        "the other session has ended"
    );
    assert!(
        phone_page
            .location
            .unwrap_or_default()
            .starts_with("/login")
    );

    assert_eq!(
        app.client()
            .await
            .login(&account.email, PASSWORD)
            .await
            .status,
        Status::UnprocessableEntity
    );
    assert_eq!(
        app.client()
            .await
            .login(&account.email, "a brand new passphrase")
            .await
            .status,
        Status::SeeOther
    );
}

#[rocket::async_test]
async fn a_password_change_with_a_wrong_current_password_changes_nothing() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Applicant).await;
    let page = browser
        .post(
            "/account/password",
            &[
                ("current_password", "not my password"),
                ("new_password", "a brand new passphrase"),
                ("confirm_password", "something different"),
            ],
        )
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.body.contains("Your current password is not right"));
    assert!(page.body.contains("The passwords do not match"));
    assert_eq!(
        app.client()
            .await
            .login(&account.email, PASSWORD)
            .await
            .status,
        Status::SeeOther
    );
}

#[rocket::async_test]
async fn a_session_ends_after_twelve_hours_idle() {
    let app = TestApp::new().await;
    let (browser, _) = app.login_as(Role::Applicant).await;
    app.clock.advance(Duration::hours(11));
    assert_eq!(
        browser.get("/account").await.status,
        Status::Ok,
        "still active after 11 hours"
    );
    app.clock.advance(Duration::hours(11));
    assert_eq!(
        browser.get("/account").await.status,
        Status::Ok,
        "use keeps it alive"
    );
    app.clock
        .advance(Duration::hours(12) + Duration::minutes(1));
    assert_eq!(
        browser.get("/account").await.status,
        Status::SeeOther,
        "idle too long"
    );
}

#[rocket::async_test]
async fn a_disabled_user_is_signed_out_at_their_next_request_and_cannot_sign_in() {
    let app = TestApp::new().await;
    let (admin, _) = app.login_as(Role::Admin).await;
    let (member, account) = app.login_as(Role::Applicant).await;
    assert_eq!(member.get("/account").await.status, Status::Ok);

    let disabled = admin
        .post(
            &format!("/admin/users/{}/status", account.id),
            &[("disabled", "true")],
        )
        .await;
    assert_eq!(disabled.status, Status::SeeOther);

    assert_eq!(
        member.get("/account").await.status,
        Status::SeeOther,
        "signed out"
    );
    let again = member.login(&account.email, PASSWORD).await;
    assert_eq!(again.status, Status::UnprocessableEntity);
    assert!(again.body.contains("This account has been disabled"));

    admin
        .post(
            &format!("/admin/users/{}/status", account.id),
            &[("disabled", "false")],
        )
        .await;
    assert_eq!(
        member.login(&account.email, PASSWORD).await.status,
        Status::SeeOther
    );
}

#[rocket::async_test]
async fn signing_in_comes_back_to_the_page_asked_for() {
    let app = TestApp::new().await;
    let account = app.create_user("officer@example.org", Role::Admin).await;
    let browser = app.client().await;

    let asked = browser.get("/admin/users?q=officer").await;
    assert_eq!(asked.status, Status::SeeOther);
    let login_url = asked.location.expect("a redirect");
    assert!(login_url.starts_with("/login?next="), "{login_url}");
    let form = browser.get(&login_url).await;
    assert!(
        form.body.contains("value=\"/admin/users?q&#x3D;officer\""),
        "the form carries the way back"
    );

    let page = browser
        .post(
            "/login",
            &[
                ("email", &account.email),
                ("password", PASSWORD),
                ("next", "/admin/users?q=officer"),
            ],
        )
        .await;
    assert_eq!(page.location.as_deref(), Some("/admin/users?q=officer"));
}

#[rocket::async_test]
async fn signing_in_never_sends_anyone_to_another_site() {
    let app = TestApp::new().await;
    let account = app.create_user("jo@example.org", Role::Applicant).await;
    for next in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
    ] {
        let browser = app.client().await;
        let page = browser
            .post(
                "/login",
                &[
                    ("email", &account.email),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(page.status, Status::SeeOther);
        assert_eq!(page.location.as_deref(), Some("/"), "{next}");
    }
}
