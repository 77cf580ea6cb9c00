//! Who may open the panel pages: every `/panel` route, found from the app's own
//! route table, is 404 to a panel member who is not on the round, and 403 to applicants.

use entity::review_assignment;
use entity::user::Role;
use rocket::http::{Method, Status};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::fixtures::{application_in, eligible, member_of, scored_round};
use crate::support::TestApp;

/// Each panel route as (method, a concrete path), `<id>` and `<slug>` filled in.
fn panel_routes(app: &TestApp, id: i32, slug: &str) -> Vec<(Method, String)> {
    let mut routes: Vec<(Method, String)> = app
        .rocket()
        .routes()
        .filter(|r| r.uri.path().starts_with("/panel"))
        .map(|r| {
            let path = r
                .uri
                .path()
                .split('/')
                .map(|segment| match segment {
                    "<id>" => id.to_string(),
                    "<slug>" => slug.to_owned(),
                    s => s.to_owned(),
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
async fn a_panel_member_not_on_the_round_gets_404_for_everything_in_it() {
    let app = TestApp::new().await;
    let (round, _) = scored_round(&app, "panel-walk").await;
    let application = eligible(&app, &round).await;
    let (_, _) = member_of(&app, &round).await;
    let (outsider, _) = app.login_as(Role::Panel).await;
    let routes = panel_routes(&app, application.id, &round.slug);
    assert!(
        routes.len() >= 5,
        "the walk found the panel pages: {routes:?}"
    );

    for (method, path) in &routes {
        if path == "/panel" {
            let page = outsider.get(path).await;
            assert_eq!(page.status, Status::Ok);
            assert!(!page.body.contains(&round.name), "not listed");
            continue;
        }
        let page = if *method == Method::Get {
            outsider.get(path).await
        } else {
            outsider.post(path, &[]).await
        };
        assert_eq!(page.status, Status::NotFound, "{method} {path}");
    }
}

#[rocket::async_test]
async fn applicants_are_refused_the_panel_pages() {
    let app = TestApp::new().await;
    let (round, _) = scored_round(&app, "panel-applicants").await;
    let application = eligible(&app, &round).await;
    let (applicant, _) = app.login_as(Role::Applicant).await;
    for (method, path) in panel_routes(&app, application.id, &round.slug) {
        let page = if method == Method::Get {
            applicant.get(&path).await
        } else {
            applicant.post(&path, &[]).await
        };
        assert_eq!(page.status, Status::Forbidden, "{method} {path}");
    }
    let home = applicant.get("/").await;
    assert!(
        !home.body.contains("Your reviews"),
        "no nav link for applicants"
    );
}

#[rocket::async_test]
async fn members_see_only_eligible_applications_and_only_their_own_once_allocated() {
    let app = TestApp::new().await;
    let (round, _) = scored_round(&app, "panel-scope").await;
    let mine = eligible(&app, &round).await;
    let theirs = eligible(&app, &round).await;
    let submitted = application_in(&app, &round, entity::application::Status::Submitted).await;
    let (browser, member) = member_of(&app, &round).await;
    assert!(
        browser.get("/").await.body.contains("Your reviews"),
        "nav link"
    );
    let list = browser.get("/panel/rounds/panel-scope").await;
    assert!(list.body.contains(mine.reference.as_deref().unwrap()));
    assert!(list.body.contains(theirs.reference.as_deref().unwrap()));
    assert!(
        !list.body.contains(submitted.reference.as_deref().unwrap()),
        "not yet screened"
    );
    assert_eq!(
        browser
            .get(&format!("/panel/applications/{}/declare", submitted.id))
            .await
            .status,
        Status::NotFound
    );

    review_assignment::ActiveModel {
        application_id: Set(mine.id),
        reviewer_id: Set(member.id),
        created_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let list = browser.get("/panel/rounds/panel-scope").await;
    assert!(list.body.contains(mine.reference.as_deref().unwrap()));
    assert!(
        !list.body.contains(theirs.reference.as_deref().unwrap()),
        "not assigned"
    );
    assert_eq!(
        browser
            .get(&format!("/panel/applications/{}/declare", theirs.id))
            .await
            .status,
        Status::NotFound
    );
    assert_eq!(
        browser
            .get(&format!("/panel/applications/{}/declare", mine.id))
            .await
            .status,
        Status::Ok
    );
}
