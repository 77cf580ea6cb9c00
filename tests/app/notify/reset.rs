//! "Forgot your password?" from the sign-in page to a new password, and the links
//! that must not work: expired, used, or made up.

use chrono::Duration;
use dealfund::services::notify::deliver;
use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{mailer, outbox_of};
use super::smtp::SmtpReceiver;
use crate::support::{PASSWORD, TestApp};

const NEW_PASSWORD: &str = "lighthouse orchard pebble";

/// The path of the reset link in the newest reset email.
async fn reset_link(app: &TestApp) -> String {
    let sent = outbox_of(app, "password_reset").await;
    let body = &sent.last().expect("a reset email").body_text;
    let start = body.find("/password/reset/").expect("a link in the email");
    let end = body[start..]
        .find(|c: char| c.is_whitespace())
        .map(|i| i + start)
        .unwrap_or(body.len());
    body[start..end].to_owned()
}

#[rocket::async_test]
async fn a_forgotten_password_is_reset_through_the_emailed_link_once() {
    let app = TestApp::new().await;
    let jo = app.create_user("jo@example.org", Role::Applicant).await;
    let (old_session, _) = (app.client().await, ());
    old_session.login(&jo.email, PASSWORD).await;
    assert_eq!(old_session.get("/account").await.status, Status::Ok);
    let browser = app.client().await;
    let sign_in = browser.get("/login").await;
    assert!(sign_in.body.contains("href=\"/password/forgot\""));

    let asked = browser
        .post("/password/forgot", &[("email", " JO@example.org ")])
        .await;
    assert_eq!(asked.status, Status::Ok);
    assert!(asked.body.contains("Check your email"));
    let sent = outbox_of(&app, "password_reset").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to_address, "jo@example.org");

    // The email really goes out, with the link in it.
    let receiver = SmtpReceiver::start().await;
    deliver::deliver_once(&app.db, &app.clock, &mailer(&app, receiver.port, "w1"))
        .await
        .unwrap();
    let link = reset_link(&app).await;
    let delivered = receiver.received();
    assert_eq!(delivered[0].to, ["jo@example.org"]);
    assert!(delivered[0].decoded().contains(&link));

    let form = browser.get(&link).await;
    assert_eq!(form.status, Status::Ok);
    assert!(form.body.contains("jo@example.org"));
    let weak = browser
        .post(
            &link,
            &[("password", "short"), ("confirm_password", "short")],
        )
        .await;
    assert_eq!(weak.status, Status::UnprocessableEntity);
    assert!(weak.body.contains("id=\"password-error\""), "{}", weak.body);
    let mismatch = browser
        .post(
            &link,
            &[
                ("password", NEW_PASSWORD),
                ("confirm_password", "other words here"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, Status::UnprocessableEntity);
    assert!(mismatch.body.contains("The passwords do not match"));

    let done = browser
        .post(
            &link,
            &[
                ("password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, Status::SeeOther, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/login"));

    assert_eq!(
        old_session.get("/account").await.status,
        Status::SeeOther,
        "every session ended"
    );
    assert_eq!(
        app.client().await.login(&jo.email, PASSWORD).await.status,
        Status::UnprocessableEntity,
        "the old password no longer works"
    );
    assert_eq!(
        app.client()
            .await
            .login(&jo.email, NEW_PASSWORD)
            .await
            .status,
        Status::SeeOther
    );
    let reused = browser.get(&link).await;
    assert_eq!(reused.status, Status::Gone);
    assert!(reused.body.contains("already been used"));
    let reused_post = browser
        .post(
            &link,
            &[
                ("password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(reused_post.status, Status::Gone);

    let (admin, _) = app.login_as(Role::Admin).await;
    let audit = admin.get("/admin/audit?action=user.password_reset").await;
    assert!(audit.body.contains("jo@example.org"));
    let outbox_page = admin.get(&format!("/admin/outbox/{}", sent[0].id)).await;
    assert!(outbox_page.body.contains("/password/reset/[hidden]"));
    assert!(!outbox_page.body.contains(&link));
}

#[rocket::async_test]
async fn the_answer_is_the_same_whether_or_not_an_account_exists() {
    let app = TestApp::new().await;
    app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;

    let known = browser
        .post("/password/forgot", &[("email", "jo@example.org")])
        .await;
    let unknown = browser
        .post("/password/forgot", &[("email", "nobody@example.org")])
        .await;

    assert_eq!(known.status, unknown.status);
    let strip = |body: &str, email: &str| {
        body.replace(email, "EMAIL")
            .lines()
            .filter(|l| !l.contains("_csrf"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(&known.body, "jo@example.org"),
        strip(&unknown.body, "nobody@example.org")
    );
    assert_eq!(outbox_of(&app, "password_reset").await.len(), 1);

    let blank = browser
        .post("/password/forgot", &[("email", "not an email")])
        .await;
    assert_eq!(blank.status, Status::UnprocessableEntity);
    assert!(blank.body.contains("id=\"email-error\""));
    assert!(
        blank.body.contains("value=\"not an email\""),
        "what was typed is kept"
    );
}

#[rocket::async_test]
async fn an_expired_or_made_up_link_gets_a_clear_page_and_changes_nothing() {
    let app = TestApp::new().await;
    app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;
    browser
        .post("/password/forgot", &[("email", "jo@example.org")])
        .await;
    let link = reset_link(&app).await;

    let mut tampered = link.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let made_up = browser.get(&tampered).await;
    assert_eq!(made_up.status, Status::NotFound);
    assert!(made_up.body.contains("The link is not right"));
    let short = browser.get("/password/reset/abc").await;
    assert_eq!(short.status, Status::NotFound);

    app.clock.advance(Duration::minutes(61));
    let expired = browser.get(&link).await;
    assert_eq!(expired.status, Status::Gone);
    assert!(expired.body.contains("The link has expired"));
    let post = browser
        .post(
            &link,
            &[
                ("password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(post.status, Status::Gone);
    assert_eq!(
        app.client()
            .await
            .login("jo@example.org", PASSWORD)
            .await
            .status,
        Status::SeeOther,
        "the password is unchanged"
    );
}

#[rocket::async_test]
async fn requests_are_limited_per_account_and_per_address_without_saying_so() {
    let app = TestApp::new().await;
    app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;
    for _ in 0..5 {
        let page = browser
            .post_from(
                "10.0.0.1",
                "/password/forgot",
                &[("email", "jo@example.org")],
            )
            .await;
        assert_eq!(page.status, Status::Ok);
        assert!(page.body.contains("Check your email"));
    }
    assert_eq!(
        outbox_of(&app, "password_reset").await.len(),
        3,
        "three links an hour for one account"
    );
    app.create_user("kim@example.org", Role::Applicant).await;
    for i in 0..10 {
        browser
            .post_from(
                "10.0.0.2",
                "/password/forgot",
                &[("email", &format!("someone{i}@example.org"))],
            )
            .await;
    }
    let from_busy = browser
        .post_from(
            "10.0.0.2",
            "/password/forgot",
            &[("email", "kim@example.org")],
        )
        .await;
    assert_eq!(from_busy.status, Status::Ok);
    assert!(from_busy.body.contains("Check your email"));
    assert_eq!(
        outbox_of(&app, "password_reset").await.len(),
        3,
        "ten requests an hour from one address"
    );
    app.clock.advance(Duration::minutes(61));
    browser
        .post_from(
            "10.0.0.2",
            "/password/forgot",
            &[("email", "kim@example.org")],
        )
        .await;
    assert_eq!(
        outbox_of(&app, "password_reset").await.len(),
        4,
        "an hour later, a link again"
    );
}
