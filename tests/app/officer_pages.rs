//! Every page under `/officer`, found from the app's own route table, refuses
//! anyone who is not an officer, so a new page cannot be left unguarded.

use entity::user::Role;
use rocket::http::{Method, Status};

use crate::support::TestApp;

/// Each officer route as (method, a concrete path for it).
fn officer_routes(app: &TestApp) -> Vec<(Method, String)> {
    let rocket = app.rocket();
    let mut routes: Vec<(Method, String)> = rocket
        .routes()
        .filter(|r| r.uri.path().starts_with("/officer"))
        .map(|r| {
            let path = r
                .uri
                .path()
                .split('/')
                .map(|segment| match segment {
                    "<id>" | "<item>" => "1",
                    "<kind>" => "criteria",
                    "<part>" => "sections",
                    s if s.starts_with('<') => "some-slug",
                    s => s,
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
async fn no_officer_page_is_open_to_applicants_panel_members_or_the_public() {
    let app = TestApp::new().await;
    let routes = officer_routes(&app);
    assert!(
        routes.len() >= 20,
        "the walk found the officer pages: {routes:?}"
    );
    for page in [
        "/officer/publications",
        "/officer/publications/new",
        "/officer/publications/1/edit",
        "/officer/publications/1/preview",
        "/officer/publications/1/sections",
        "/officer/publications/1/projects",
        "/officer/publications/1/case-studies",
        "/officer/publications/1/publish",
        "/officer/publications/1/unpublish",
        "/officer/publications/1/sections/1/move",
        "/officer/publications/1/sections/1/remove",
        "/officer/reports/1/case-study/publish",
        "/officer/reports/1/case-study/unpublish",
    ] {
        assert!(
            routes.iter().any(|(_, path)| path == page),
            "the walk covers {page}"
        );
    }
    let (applicant, _) = app.login_as(Role::Applicant).await;
    let (panel, _) = app.login_as(Role::Panel).await;
    let anonymous = app.client().await;

    for (method, path) in &routes {
        for (who, browser) in [("applicant", &applicant), ("panel member", &panel)] {
            let page = if *method == Method::Get {
                browser.get(path).await
            } else {
                browser.post(path, &[]).await
            };
            assert_eq!(page.status, Status::Forbidden, "{who}: {method} {path}");
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

#[rocket::async_test]
async fn officers_and_admins_reach_the_officer_pages() {
    let app = TestApp::new().await;
    for role in [Role::Officer, Role::Admin] {
        let (browser, _) = app.login_as(role).await;
        for path in [
            "/officer",
            "/officer/funds",
            "/officer/funds/new",
            "/officer/publications",
            "/officer/publications/new",
        ] {
            assert_eq!(
                browser.get(path).await.status,
                Status::Ok,
                "{role:?} {path}"
            );
        }
    }
}
