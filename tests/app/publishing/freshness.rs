//! The dashboard and the directory are cached, keyed by a version the database moves on
//! any change to published data: a change shows at once, and drafts leave the caches be.

use entity::{application, award, monitoring_report, organisation};
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::Value;

use super::fixtures::world::world;
use super::fixtures::{self, Grant};
use crate::support::{TestApp, TestClient, builders};
use dealfund::services::publishing::cache::version;
use dealfund::services::publishing::query::{GrantFilter, batch_after};

async fn json(client: &TestClient, path: &str) -> Value {
    let page = client.get(path).await;
    assert_eq!(page.status, Status::Ok, "{path}");
    serde_json::from_str(&page.body).unwrap()
}

async fn award_of(app: &TestApp, reference: &str) -> award::Model {
    let application = application::Entity::find()
        .filter(application::Column::Reference.eq(reference))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    award::Entity::find()
        .filter(award::Column::ApplicationId.eq(application.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

#[rocket::async_test]
async fn a_change_to_published_data_shows_on_the_very_next_request() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;
    // Fill the caches.
    let impact = json(&visitor, "/api/v1/impact").await;
    assert_eq!(impact["totals"]["awarded_pence"], 400_000);
    let projects = json(&visitor, "/api/v1/projects?sort=amount").await;
    assert_eq!(projects["total"], 3);
    assert_eq!(projects["projects"][0]["reference"], "CAFE-1");

    // An officer changes an amount: the totals and the order by amount follow.
    let mut swim = award_of(&app, "SWIM-1").await.into_active_model();
    swim.amount_pence = Set(350_000);
    swim.update(&app.db).await.unwrap();
    let impact = json(&visitor, "/api/v1/impact").await;
    assert_eq!(impact["totals"]["awarded_pence"], 600_000);
    let projects = json(&visitor, "/api/v1/projects?sort=amount").await;
    assert_eq!(projects["projects"][0]["reference"], "SWIM-1");

    // An award is cancelled: it leaves the figures, the directory and its count.
    let mut shed = award_of(&app, "SHED-1").await.into_active_model();
    shed.status = Set(entity::award::Status::Cancelled);
    shed.update(&app.db).await.unwrap();
    let impact = json(&visitor, "/api/v1/impact").await;
    assert_eq!(impact["totals"]["grants"], 2);
    let projects = json(&visitor, "/api/v1/projects?sort=amount").await;
    assert_eq!(projects["total"], 2);
    let page = visitor.get("/projects").await;
    assert!(!page.body.contains("SHED-1"));

    // A group renames itself: the directory shows the new name.
    let swim = award_of(&app, "SWIM-1").await;
    let app_row = application::Entity::find_by_id(swim.application_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut org = organisation::Entity::find_by_id(app_row.organisation_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    org.name = Set("Abbey Swimming Club".into());
    org.update(&app.db).await.unwrap();
    let projects = json(&visitor, "/api/v1/projects?sort=organisation").await;
    assert_eq!(
        projects["projects"][0]["organisation"]["name"],
        "Abbey Swimming Club"
    );
}

#[rocket::async_test]
async fn a_newly_accepted_report_counts_at_once_and_a_draft_report_never() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;
    let before = json(&visitor, "/api/v1/impact").await;
    assert_eq!(before["totals"]["beneficiaries"], 100);
    let shed = award_of(&app, "SHED-1").await;
    let report = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.eq(shed.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("SHED has a submitted report");
    let version_before = version(&app.db).await.unwrap();

    // Filling in a report that is not accepted changes nothing public.
    let mut draft = report.clone().into_active_model();
    draft.beneficiaries = Set(Some(5));
    draft.update(&app.db).await.unwrap();
    assert_eq!(version(&app.db).await.unwrap(), version_before);

    let mut accepted = report.into_active_model();
    accepted.status = Set(entity::monitoring_report::Status::Accepted);
    accepted.update(&app.db).await.unwrap();
    assert!(version(&app.db).await.unwrap() > version_before);
    let after = json(&visitor, "/api/v1/impact").await;
    assert_eq!(after["totals"]["beneficiaries"], 105);
}

#[rocket::async_test]
async fn drafts_and_new_applications_leave_the_published_version_alone() {
    let app = TestApp::new().await;
    world(&app).await;
    let first = version(&app.db).await.unwrap();
    let w_alpha = fixtures::scheme(&app, "gamma").await;
    let before = version(&app.db).await.unwrap();
    assert!(before > first, "a new fund and round are published data");

    // A new group and its application, then changes to it, as when its group saves it again and again.
    builders::submitted_application(&app, &w_alpha.round, "NEW-1").await;
    let draft = application::Entity::find()
        .filter(application::Column::Reference.eq("NEW-1"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    for title in ["A first go", "A better title"] {
        let mut row = draft.clone().into_active_model();
        row.title = Set(title.into());
        row.update(&app.db).await.unwrap();
    }
    assert_eq!(version(&app.db).await.unwrap(), before);

    // A change to an awarded application's public text does move it.
    let swim = award_of(&app, "SWIM-1").await;
    let mut row = application::Entity::find_by_id(swim.application_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.summary = Set("Lessons for adults and children.".into());
    row.update(&app.db).await.unwrap();
    assert!(version(&app.db).await.unwrap() > before);
}

#[rocket::async_test]
async fn walking_in_batches_passes_over_a_batch_with_nothing_published() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    // After the three unpublished awards (offered, refused, cancelled), one more grant.
    Grant::new("LATE-1").create(&app, &w.alpha).await;

    let mut seen = Vec::new();
    let mut after = Some(0);
    let mut batches = 0;
    while let Some(from) = after {
        let batch = batch_after(
            &app.db,
            &GrantFilter::default(),
            from,
            1,
            app.config.time_zone,
        )
        .await
        .unwrap();
        seen.extend(batch.grants.into_iter().map(|g| g.reference));
        after = batch.next;
        batches += 1;
    }

    assert_eq!(seen, ["SWIM-1", "CAFE-1", "SHED-1", "LATE-1"]);
    assert!(batches > seen.len(), "some batches held nothing published");
}

#[rocket::async_test]
async fn pages_kept_for_visitors_follow_changes_and_never_show_one_visitor_another_s_page() {
    use dealfund::format;
    use entity::user::Role;

    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;
    for path in ["/projects", "/projects/SWIM-1", "/impact"] {
        assert_eq!(visitor.get(path).await.status, Status::Ok, "{path}");
    }

    // Someone signed in gets their own page, not the one kept for visitors...
    let (officer, _) = app.login_as(Role::Officer).await;
    for path in ["/projects", "/projects/SWIM-1", "/impact"] {
        let page = officer.get(path).await;
        assert!(page.body.contains("Sign out"), "{path}");
        assert!(page.body.contains(r#"href="/officer""#), "{path}");
    }
    // ...and never leaves theirs behind for the next visitor.
    let stranger = app.client().await;
    for path in ["/projects", "/projects/SWIM-1", "/impact"] {
        let page = stranger.get(path).await;
        assert!(!page.body.contains("Sign out"), "{path}");
        assert!(!page.body.contains(r#"href="/officer""#), "{path}");
        assert!(page.body.contains("Sign in"), "{path}");
    }

    // A new amount shows on the project's page and in the directory at once.
    let swim = award_of(&app, "SWIM-1").await;
    assert!(
        !visitor
            .get("/projects/SWIM-1")
            .await
            .body
            .contains(&format::money(987_654))
    );
    let mut changed = swim.into_active_model();
    changed.amount_pence = Set(987_654);
    changed.update(&app.db).await.unwrap();
    for path in ["/projects", "/projects/SWIM-1"] {
        let page = visitor.get(path).await;
        assert!(page.body.contains(&format::money(987_654)), "{path}");
    }
}

#[rocket::async_test]
async fn visitors_get_published_pages_without_a_cookie_and_signed_in_users_can_still_sign_out() {
    use entity::user::Role;

    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;
    for path in ["/projects", "/projects/SWIM-1", "/impact"] {
        // Twice: as first rendered, and as kept.
        for _ in 0..2 {
            let page = visitor.get(path).await;
            assert_eq!(page.status, Status::Ok, "{path}");
            assert_eq!(page.header("Set-Cookie"), None, "{path}");
            assert!(!page.body.contains("_csrf"), "{path}");
        }
    }

    // Signed in, the same pages carry the sign-out form with a token that works.
    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer.get("/projects/SWIM-1").await;
    let marker = "name=\"_csrf\" value=\"";
    let start = page.body.find(marker).expect("the sign-out form") + marker.len();
    let end = page.body[start..].find('"').unwrap() + start;
    let token = page.body[start..end].to_owned();
    assert!(!token.is_empty());
    let signed_out = officer.post_raw("/logout", &[("_csrf", &token)]).await;
    assert_eq!(signed_out.status, Status::SeeOther);
    let after = officer.get("/projects").await;
    assert!(after.body.contains("Sign in"));
    assert!(!after.body.contains("Sign out"));
}

#[rocket::async_test]
async fn requests_that_arrive_together_after_a_change_all_see_it() {
    use dealfund::format;

    let app = TestApp::new().await;
    world(&app).await;
    let visitors = [app.client().await, app.client().await, app.client().await];
    let all = |path: &'static str| {
        rocket::futures::future::join_all(
            visitors
                .iter()
                .cycle()
                .take(24)
                .map(move |v| async move { v.get(path).await.body }),
        )
    };
    // Many at once, so that they share reads of the published version.
    for body in all("/projects/SWIM-1").await {
        assert!(!body.contains(&format::money(123_456)));
    }

    let mut changed = award_of(&app, "SWIM-1").await.into_active_model();
    changed.amount_pence = Set(123_456);
    changed.update(&app.db).await.unwrap();
    for path in ["/projects/SWIM-1", "/projects"] {
        for body in all(path).await {
            assert!(body.contains(&format::money(123_456)), "{path}");
        }
    }
}
