//! Sessions that really end: kept in the database, ended by signing out (anywhere), by
//! their limits, by the user from "Your account" and by an admin.

use chrono::Duration;
use entity::session;
use entity::user::Role;
use rocket::http::{ContentType, Cookie, Header, Status};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::support::{PASSWORD, TestApp, TestClient};

/// This browser's session cookie as the browser holds it (encrypted).
fn session_cookie(browser: &TestClient) -> String {
    browser
        .client
        .cookies()
        .get("dealfund_session")
        .expect("a session cookie")
        .value()
        .to_owned()
}

/// A GET from another browser that presents a copied session cookie.
async fn get_with_cookie(app: &TestApp, cookie: &str, path: &str) -> Status {
    let thief = app.client().await;
    thief
        .client
        .get(path.to_owned())
        .cookie(Cookie::new("dealfund_session", cookie.to_owned()))
        .dispatch()
        .await
        .status()
}

async fn sessions_of(app: &TestApp, user_id: i32) -> Vec<session::Model> {
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .order_by_asc(session::Column::Id)
        .all(&app.db)
        .await
        .expect("read sessions")
}

#[rocket::async_test]
async fn a_cookie_copied_before_signing_out_no_longer_works_after() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Applicant).await;
    let copied = session_cookie(&browser);
    assert_eq!(
        get_with_cookie(&app, &copied, "/applications").await,
        Status::Ok,
        "the copy works while the session lasts"
    );
    assert_eq!(sessions_of(&app, account.id).await.len(), 1);

    let out = browser.post("/logout", &[]).await;
    assert_eq!(out.status, Status::SeeOther);
    assert!(
        sessions_of(&app, account.id).await.is_empty(),
        "the row is gone"
    );
    assert_eq!(
        get_with_cookie(&app, &copied, "/applications").await,
        Status::SeeOther,
        "the copied cookie is sent to sign in"
    );
}

#[rocket::async_test]
async fn a_session_ends_seven_days_after_sign_in_however_often_it_is_used() {
    let app = TestApp::new().await;
    let (browser, _) = app.login_as(Role::Applicant).await;
    // Used every 6 hours: never idle for 12, but 7 days old in the end.
    for step in 1..=27 {
        app.clock.advance(Duration::hours(6));
        assert_eq!(
            browser.get("/account").await.status,
            Status::Ok,
            "after {} hours",
            step * 6
        );
    }
    app.clock.advance(Duration::hours(6));
    assert_eq!(
        browser.get("/account").await.status,
        Status::SeeOther,
        "7 days after signing in"
    );
}

#[rocket::async_test]
async fn last_seen_is_written_at_most_once_a_minute() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Applicant).await;
    let first = sessions_of(&app, account.id).await.remove(0).last_seen_at;
    app.clock.advance(Duration::seconds(30));
    for _ in 0..3 {
        assert_eq!(browser.get("/account").await.status, Status::Ok);
    }
    let within = sessions_of(&app, account.id).await.remove(0).last_seen_at;
    assert_eq!(within, first, "not written within the minute");
    app.clock.advance(Duration::seconds(45));
    browser.get("/account").await;
    let after = sessions_of(&app, account.id).await.remove(0).last_seen_at;
    assert!(after > first, "written once a minute has passed");
}

#[rocket::async_test]
async fn your_account_lists_your_devices_and_signs_out_one_or_all_the_others() {
    let app = TestApp::new().await;
    let account = app.create_user("jo@example.org", Role::Applicant).await;
    let mut browsers = Vec::new();
    for n in 1..=3 {
        let browser = app.client().await;
        let body = format!(
            "_csrf={}&email=jo%40example.org&password={}",
            browser.csrf_token().await,
            PASSWORD.replace(' ', "+")
        );
        let status = browser
            .client
            .post("/login")
            .header(ContentType::Form)
            .header(Header::new("X-Real-IP", format!("10.3.0.{n}")))
            .header(Header::new("User-Agent", format!("Test Browser {n}")))
            .body(body)
            .dispatch()
            .await
            .status();
        assert_eq!(status, Status::SeeOther);
        browsers.push(browser);
    }
    let ids: Vec<i32> = sessions_of(&app, account.id)
        .await
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids.len(), 3);

    let page = browsers[0].get("/account").await;
    assert_eq!(page.status, Status::Ok);
    for n in 1..=3 {
        assert!(
            page.body.contains(&format!("Test Browser {n}")),
            "{}",
            page.body
        );
        assert!(page.body.contains(&format!("10.3.0.{n}")));
    }
    assert_eq!(page.body.matches("This device").count(), 1);
    assert!(
        page.body
            .contains(&format!("action=\"/account/sessions/{}/end\"", ids[1]))
    );

    // Sign out the second device from the first.
    let ended = browsers[0]
        .post(&format!("/account/sessions/{}/end", ids[1]), &[])
        .await;
    assert_eq!(ended.status, Status::SeeOther);
    assert_eq!(browsers[1].get("/account").await.status, Status::SeeOther);
    assert_eq!(browsers[2].get("/account").await.status, Status::Ok);

    // Nobody can end someone else's session.
    let (stranger, _) = app.login_as(Role::Applicant).await;
    let refused = stranger
        .post(&format!("/account/sessions/{}/end", ids[2]), &[])
        .await;
    assert_eq!(refused.status, Status::NotFound);
    assert_eq!(browsers[2].get("/account").await.status, Status::Ok);

    // All the others, at once.
    let others = browsers[0].post("/account/sessions/end-others", &[]).await;
    assert_eq!(others.status, Status::SeeOther);
    assert_eq!(browsers[2].get("/account").await.status, Status::SeeOther);
    assert_eq!(browsers[0].get("/account").await.status, Status::Ok);
    assert_eq!(sessions_of(&app, account.id).await.len(), 1);
    // Without a CSRF token, nothing ends.
    let forged = browsers[0]
        .post_raw("/account/sessions/end-others", &[])
        .await;
    assert_ne!(forged.status, Status::SeeOther);
}

#[rocket::async_test]
async fn an_admin_ends_every_session_of_a_user_and_it_is_audited() {
    let app = TestApp::new().await;
    let jo = app.create_user("jo@example.org", Role::Officer).await;
    let laptop = app.client().await;
    let phone = app.client().await;
    laptop.login(&jo.email, PASSWORD).await;
    phone.login(&jo.email, PASSWORD).await;
    assert_eq!(laptop.get("/account").await.status, Status::Ok);
    let (admin, _) = app.login_as(Role::Admin).await;
    let user_page = admin.get(&format!("/admin/users/{}", jo.id)).await;
    assert!(user_page.body.contains("End all sessions"));

    let ended = admin
        .post(&format!("/admin/users/{}/sessions/end", jo.id), &[])
        .await;
    assert_eq!(ended.status, Status::SeeOther);
    assert_eq!(laptop.get("/account").await.status, Status::SeeOther);
    assert_eq!(phone.get("/account").await.status, Status::SeeOther);
    assert_eq!(
        admin.get("/account").await.status,
        Status::Ok,
        "the admin's own stays"
    );
    let audit = admin.get("/admin/audit?action=user.sessions_ended").await;
    assert!(
        audit.body.contains("all 2 sessions ended by an admin"),
        "{}",
        audit.body
    );
}

#[rocket::async_test]
async fn disabling_an_account_ends_every_session() {
    let app = TestApp::new().await;
    let (browser, jo) = app.login_as(Role::Applicant).await;
    let (admin, _) = app.login_as(Role::Admin).await;
    admin
        .post(
            &format!("/admin/users/{}/status", jo.id),
            &[("disabled", "true")],
        )
        .await;
    assert!(sessions_of(&app, jo.id).await.is_empty());
    assert_eq!(browser.get("/account").await.status, Status::SeeOther);
}
