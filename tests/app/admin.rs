//! Administration: users, roles, disabling, and the audit log.

use entity::user::Role;
use rocket::http::Status;

use crate::support::{PASSWORD, TestApp};

#[rocket::async_test]
async fn an_admin_finds_users_by_name_or_email_a_page_at_a_time() {
    let app = TestApp::new().await;
    let (admin, _) = app.login_as(Role::Admin).await;
    for i in 0..30 {
        app.create_user(&format!("member{i:02}@groups.example"), Role::Applicant)
            .await;
    }
    app.create_user("zara@council.example", Role::Officer).await;

    let first = admin.get("/admin/users?q=groups.example").await;
    assert_eq!(first.status, Status::Ok);
    assert!(
        first.body.contains("Page 1 of 2 (30 in all)"),
        "{}",
        first.body
    );
    assert!(!first.body.contains("zara@council.example"));
    let second = admin.get("/admin/users?q=groups.example&page=2").await;
    assert!(second.body.contains("Page 2 of 2"));
    assert_eq!(second.body.matches("@groups.example</td>").count(), 5);

    let by_email = admin.get("/admin/users?q=ZARA").await;
    assert!(
        by_email.body.contains("zara@council.example"),
        "search ignores case"
    );
    let literal = admin.get("/admin/users?q=%25").await;
    assert!(
        literal.body.contains("No users match"),
        "a % is searched for, not a wildcard"
    );
}

#[rocket::async_test]
async fn an_admin_changes_a_role_and_the_change_is_audited() {
    let app = TestApp::new().await;
    let (admin, admin_user) = app.login_as(Role::Admin).await;
    let target = app.create_user("jo@example.org", Role::Applicant).await;

    let page = admin
        .post(
            &format!("/admin/users/{}/role", target.id),
            &[("role", "officer")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther);
    let detail = admin.get(&format!("/admin/users/{}", target.id)).await;
    assert!(
        detail.body.contains("Test applicant is now officer"),
        "flash message"
    );
    assert!(detail.body.contains("<option value=\"officer\" selected>"));

    let officer = app.client().await;
    officer.login(&target.email, PASSWORD).await;
    assert_eq!(
        officer.get("/admin/users").await.status,
        Status::Forbidden,
        "officers are not admins"
    );

    let audit = admin.get("/admin/audit?action=user.role_changed").await;
    assert!(audit.body.contains("applicant → officer"), "{}", audit.body);
    assert!(audit.body.contains(&admin_user.email));
}

#[rocket::async_test]
async fn a_role_that_does_not_exist_is_refused_beside_the_field() {
    let app = TestApp::new().await;
    let (admin, _) = app.login_as(Role::Admin).await;
    let target = app.create_user("jo@example.org", Role::Applicant).await;
    let page = admin
        .post(
            &format!("/admin/users/{}/role", target.id),
            &[("role", "emperor")],
        )
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.body.contains("Choose a role from the list"));
}

#[rocket::async_test]
async fn the_only_admin_cannot_demote_or_disable_themselves() {
    let app = TestApp::new().await;
    let (admin, me) = app.login_as(Role::Admin).await;
    let demote = admin
        .post(
            &format!("/admin/users/{}/role", me.id),
            &[("role", "officer")],
        )
        .await;
    assert_eq!(demote.status, Status::UnprocessableEntity);
    assert!(demote.body.contains("This is the only active admin"));
    let disable = admin
        .post(
            &format!("/admin/users/{}/status", me.id),
            &[("disabled", "true")],
        )
        .await;
    assert_eq!(disable.status, Status::UnprocessableEntity);
    assert!(disable.body.contains("You cannot disable your own account"));
    assert_eq!(
        admin.get("/admin/users").await.status,
        Status::Ok,
        "still an admin"
    );
}

#[rocket::async_test]
async fn a_missing_user_is_a_404() {
    let app = TestApp::new().await;
    let (admin, _) = app.login_as(Role::Admin).await;
    assert_eq!(
        admin.get("/admin/users/99999").await.status,
        Status::NotFound
    );
    let post = admin
        .post("/admin/users/99999/status", &[("disabled", "true")])
        .await;
    assert_eq!(post.status, Status::NotFound);
}

#[rocket::async_test]
async fn the_audit_log_records_sign_ins_failures_lockouts_and_disabling() {
    let app = TestApp::new().await;
    let jo = app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;
    browser.login(&jo.email, PASSWORD).await;
    for _ in 0..5 {
        browser.login("sam@example.org", "wrong guess!").await;
    }
    let sam = app.create_user("sam@example.org", Role::Applicant).await;
    for _ in 0..5 {
        browser.login(&sam.email, "wrong guess!").await;
    }
    let (admin, _) = app.login_as(Role::Admin).await;
    admin
        .post(
            &format!("/admin/users/{}/status", jo.id),
            &[("disabled", "true")],
        )
        .await;

    let all = admin.get("/admin/audit").await;
    assert_eq!(all.status, Status::Ok);
    for action in [
        "auth.login",
        "auth.login_failed",
        "auth.lockout",
        "user.disabled",
        "user.created",
    ] {
        assert!(
            all.body.contains(&format!("<code>{action}</code>")),
            "{action} recorded"
        );
    }
    let sign_ins = admin
        .get("/admin/audit?action=auth.login&actor=jo%40example")
        .await;
    assert_eq!(sign_ins.body.matches("<code>auth.login</code>").count(), 1);
    assert!(!sign_ins.body.contains("<code>user.disabled</code>"));
    let lockouts = admin
        .get("/admin/audit?action=auth.lockout&entity=user")
        .await;
    assert!(lockouts.body.contains("5 failed sign-ins"));
}

#[rocket::async_test]
async fn the_audit_log_cannot_be_changed_or_deleted() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::new().await;
    app.create_user("jo@example.org", Role::Applicant).await;
    assert!(
        app.db
            .execute_unprepared("UPDATE audit_event SET action = 'forged'")
            .await
            .is_err()
    );
    assert!(
        app.db
            .execute_unprepared("DELETE FROM audit_event")
            .await
            .is_err()
    );
}

/// Each admin route as (method, a concrete path for it).
fn admin_routes(app: &TestApp) -> Vec<(rocket::http::Method, String)> {
    let mut routes: Vec<(rocket::http::Method, String)> = app
        .rocket()
        .routes()
        .filter(|r| r.uri.path().starts_with("/admin"))
        .map(|r| {
            let path = r
                .uri
                .path()
                .split('/')
                .map(|segment| {
                    if segment.starts_with('<') {
                        "1"
                    } else {
                        segment
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            (r.method, path)
        })
        .collect();
    routes.sort_by(|a, b| a.1.cmp(&b.1));
    routes
}

#[rocket::async_test]
async fn no_admin_page_is_open_to_officers_panel_members_applicants_or_the_public() {
    use rocket::http::Method;
    let app = TestApp::new().await;
    let routes = admin_routes(&app);
    for expected in [
        "/admin/users",
        "/admin/audit",
        "/admin/outbox",
        "/admin/outbox/1/retry",
        "/admin/settings",
    ] {
        assert!(
            routes.iter().any(|(_, p)| p == expected),
            "the walk finds {expected}: {routes:?}"
        );
    }
    let mut browsers = Vec::new();
    for role in [Role::Applicant, Role::Panel, Role::Officer] {
        browsers.push((role, app.login_as(role).await.0));
    }
    let anonymous = app.client().await;
    for (method, path) in &routes {
        for (role, browser) in &browsers {
            let page = if *method == Method::Get {
                browser.get(path).await
            } else {
                browser.post(path, &[]).await
            };
            assert_eq!(page.status, Status::Forbidden, "{role:?}: {method} {path}");
        }
        let page = if *method == Method::Get {
            anonymous.get(path).await
        } else {
            anonymous.post(path, &[]).await
        };
        assert_eq!(page.status, Status::SeeOther, "anonymous: {method} {path}");
        assert!(
            page.location
                .unwrap_or_default()
                .starts_with("/login?next="),
            "anonymous: {method} {path}"
        );
    }
}
