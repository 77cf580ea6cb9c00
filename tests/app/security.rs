//! CSRF, role guards, security headers, error pages and the health check.

use entity::user::Role;
use rocket::http::Status;

use crate::support::{PASSWORD, TestApp};

#[rocket::async_test]
async fn a_post_without_a_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let browser = app.client().await;
    browser.get("/register").await; // the browser has a token cookie, but sends none

    let page = browser
        .post_raw(
            "/register",
            &[
                ("name", "Jo Bloggs"),
                ("email", "jo@example.org"),
                ("password", "river lantern cobbles"),
                ("confirm_password", "river lantern cobbles"),
            ],
        )
        .await;
    assert_eq!(page.status, Status::Forbidden);
    assert!(page.body.contains("Your form could not be sent"));
    assert_eq!(
        browser
            .login("jo@example.org", "river lantern cobbles")
            .await
            .status,
        Status::UnprocessableEntity
    );
}

#[rocket::async_test]
async fn a_post_with_a_wrong_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let (admin, _) = app.login_as(Role::Admin).await;
    let target = app.create_user("jo@example.org", Role::Applicant).await;

    let page = admin
        .post_raw(
            &format!("/admin/users/{}/role", target.id),
            &[("_csrf", "forged-token"), ("role", "admin")],
        )
        .await;
    assert_eq!(page.status, Status::Forbidden);
    let detail = admin.get(&format!("/admin/users/{}", target.id)).await;
    assert!(
        detail
            .body
            .contains("<option value=\"applicant\" selected>"),
        "role unchanged"
    );
}

#[rocket::async_test]
async fn another_browsers_token_does_not_work_in_this_one() {
    let app = TestApp::new().await;
    let (victim, _) = app.login_as(Role::Applicant).await;
    let attacker = app.client().await;
    let attackers_token = attacker.csrf_token().await;
    let page = victim
        .post_raw("/logout", &[("_csrf", &attackers_token)])
        .await;
    assert_eq!(page.status, Status::Forbidden);
    assert_eq!(
        victim.get("/account").await.status,
        Status::Ok,
        "still signed in"
    );
}

#[rocket::async_test]
async fn signing_in_replaces_the_csrf_token() {
    let app = TestApp::new().await;
    let account = app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;
    let before = browser.csrf_token().await;
    browser.login(&account.email, PASSWORD).await;
    assert_ne!(browser.csrf_token().await, before);
    let stale = browser.post_raw("/logout", &[("_csrf", &before)]).await;
    assert_eq!(stale.status, Status::Forbidden);
}

#[rocket::async_test]
async fn anonymous_visitors_are_sent_to_sign_in_for_every_protected_page() {
    let app = TestApp::new().await;
    let browser = app.client().await;
    for path in ["/account", "/admin/users", "/admin/audit", "/admin/users/1"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, Status::SeeOther, "{path}");
        let location = page.location.unwrap_or_default();
        assert!(location.starts_with("/login?next="), "{path} → {location}");
    }
}

#[rocket::async_test]
async fn users_without_the_admin_role_get_a_403_page_on_admin_pages() {
    let app = TestApp::new().await;
    for role in [Role::Applicant, Role::Panel, Role::Officer] {
        let (browser, account) = app.login_as(role).await;
        for path in [
            "/admin/users",
            "/admin/audit",
            &format!("/admin/users/{}", account.id),
        ] {
            let page = browser.get(path).await;
            assert_eq!(page.status, Status::Forbidden, "{role:?} on {path}");
            assert!(
                page.body
                    .contains("You do not have permission to see this page")
            );
        }
        let post = browser
            .post(
                &format!("/admin/users/{}/role", account.id),
                &[("role", "admin")],
            )
            .await;
        assert_eq!(
            post.status,
            Status::Forbidden,
            "{role:?} cannot promote themselves"
        );
    }
}

#[rocket::async_test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    let browser = app.client().await;
    for path in ["/", "/login", "/no-such-page"] {
        let page = browser.get(path).await;
        let csp = page.header("Content-Security-Policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(page.header("X-Content-Type-Options"), Some("nosniff"));
        assert!(page.header("Referrer-Policy").is_some());
    }
}

#[rocket::async_test]
async fn session_cookies_are_http_only_and_same_site_lax() {
    let app = TestApp::new().await;
    let account = app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;
    let page = browser.login(&account.email, PASSWORD).await;
    let cookie = page
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Set-Cookie"))
        .map(|(_, v)| v.clone())
        .find(|v| v.starts_with("dealfund_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains(&account.email), "the cookie is encrypted");
}

#[rocket::async_test]
async fn unknown_pages_get_a_404_page_and_the_api_gets_json() {
    let app = TestApp::new().await;
    let browser = app.client().await;
    let page = browser.get("/no-such-page").await;
    assert_eq!(page.status, Status::NotFound);
    assert!(page.body.contains("Page not found"));
    let api = browser.get("/api/v1/nothing").await;
    assert_eq!(api.status, Status::NotFound);
    assert!(
        api.body.starts_with('{') && api.body.contains("\"status\":404"),
        "{}",
        api.body
    );
}

#[rocket::async_test]
async fn a_form_missing_its_fields_gets_a_422_page_not_a_crash() {
    let app = TestApp::new().await;
    let browser = app.client().await;
    let page = browser.post("/login", &[("email", "jo@example.org")]).await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.body.contains("The form could not be read"));
}

#[rocket::async_test]
async fn the_health_check_answers_when_the_database_does_and_503_when_it_does_not() {
    let app = TestApp::new().await;
    let browser = app.client().await;
    let ok = browser.get("/healthz").await;
    assert_eq!((ok.status, ok.body.as_str()), (Status::Ok, "ok"));
    app.db.clone().close().await.expect("close the pool");
    assert_eq!(
        browser.get("/healthz").await.status,
        Status::ServiceUnavailable
    );
}

#[rocket::async_test]
async fn public_pages_are_open_to_everyone_with_a_skip_link_and_accessibility_statement() {
    let app = TestApp::new().await;
    let browser = app.client().await;
    let home = browser.get("/").await;
    assert_eq!(home.status, Status::Ok);
    assert!(home.body.contains("Skip to main content"));
    assert!(home.body.contains("Test Borough Council"));
    assert!(home.body.contains("href=\"/accessibility\""));
    assert_eq!(browser.get("/accessibility").await.status, Status::Ok);
}

#[rocket::async_test]
async fn a_database_failure_shows_a_plain_500_page() {
    let app = TestApp::new().await;
    let (browser, _) = app.login_as(Role::Applicant).await;
    app.db.clone().close().await.expect("close the pool");
    let page = browser.get("/account").await;
    assert_eq!(page.status, Status::InternalServerError);
    assert!(
        page.body
            .contains("Sorry, there is a problem with the service")
    );
    assert!(
        !page.body.to_lowercase().contains("sqlx"),
        "no internals shown"
    );
}
