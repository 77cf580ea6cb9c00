//! Every route that removes or deletes something, walked against data that still refers
//! to the thing: each answers with a page that says why (409 or 422), never a server
//! error, and nothing is lost. An indicator in use can be retired instead.

use std::collections::BTreeSet;

use entity::user::Role;
use entity::{application_target, indicator};
use rocket::http::{Method, Status};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use crate::outcomes_wards::fixtures::{add_indicator, add_outcome};
use crate::panel::fixtures::{declare_and_review, eligible, full_review, member_of, scored_round};
use crate::support::builders::{self, ApplicationBuilder};
use crate::support::{Page, TestApp};

/// The removal routes this file walks. A new one fails
/// `every_removal_route_is_walked` until a case is added for it below.
const WALKED: &[&str] = &[
    "/officer/funds/<slug>/contributions/<id>/delete",
    "/officer/outcomes/<outcome_id>/indicators/<id>/remove",
    "/officer/publications/<id>/<part>/<item>/remove",
    "/officer/rounds/<slug>/<kind>/<id>/delete",
    "/officer/rounds/<slug>/panel-remove",
    "/organisations/<id>/members/<member>/remove",
];

fn refused_with_a_reason(page: &Page, reason: &str) {
    assert!(
        page.status == Status::Conflict || page.status == Status::UnprocessableEntity,
        "a refusal, not {}: {}",
        page.status,
        page.body
    );
    assert!(page.body.contains("There is a problem"), "{}", page.body);
    assert!(page.body.contains(reason), "says why: {}", page.body);
}

#[rocket::async_test]
async fn every_removal_route_is_walked() {
    let app = TestApp::new().await;
    let rocket = app.rocket();
    let found: BTreeSet<String> = rocket
        .routes()
        .filter(|r| r.method != Method::Get)
        .map(|r| r.uri.path().to_string())
        .filter(|p| {
            p.split('/')
                .any(|s| s.contains("remove") || s.contains("delete"))
        })
        .collect();
    let walked: BTreeSet<String> = WALKED.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(found, walked, "a removal route without a walk below");
}

#[rocket::async_test]
async fn an_indicator_that_an_application_uses_is_refused_with_a_reason_and_can_be_retired() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let outcome = add_outcome(&officer, "R1", "Fewer people lonely").await;
    let used = add_indicator(&officer, outcome, "People reached", "people").await;
    let spare = add_indicator(&officer, outcome, "Sessions run", "sessions").await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    let round = builders::published_round(&app, &fund, "r", 5_000).await;
    let bid = ApplicationBuilder::new(&round)
        .outcome(outcome, "We count them")
        .target(used, 40)
        .create(&app)
        .await;
    let base = format!("/officer/outcomes/{outcome}/indicators");

    let confirm = officer.get(&format!("{base}/{used}/remove")).await;
    assert_eq!(confirm.status, Status::Ok);
    assert!(confirm.body.contains("is in use"), "{}", confirm.body);
    assert!(confirm.body.contains("Retire indicator"));

    let refused = officer.post(&format!("{base}/{used}/remove"), &[]).await;
    assert_eq!(refused.status, Status::Conflict, "{}", refused.body);
    refused_with_a_reason(
        &refused,
        "cannot be removed because applications or monitoring reports use it",
    );
    assert!(
        refused.body.contains("Retire indicator"),
        "offers what it can do"
    );
    assert_eq!(
        application_target::Entity::find()
            .filter(application_target::Column::ApplicationId.eq(bid.id))
            .count(&app.db)
            .await
            .unwrap(),
        1,
        "the target is kept"
    );

    let retired = officer.post(&format!("{base}/{used}/retire"), &[]).await;
    assert_eq!(retired.status, Status::SeeOther, "{}", retired.body);
    let row = indicator::Entity::find_by_id(used)
        .one(&app.db)
        .await
        .unwrap()
        .expect("kept");
    assert!(row.retired);
    let page = officer.get(&format!("/officer/outcomes/{outcome}")).await;
    assert!(page.body.contains("Retired"));

    // An unused indicator still goes.
    let removed = officer.post(&format!("{base}/{spare}/remove"), &[]).await;
    assert_eq!(removed.status, Status::SeeOther, "{}", removed.body);

    // Restoring brings it back to the choices.
    let restored = officer.post(&format!("{base}/{used}/restore"), &[]).await;
    assert_eq!(restored.status, Status::SeeOther);
    assert!(
        !indicator::Entity::find_by_id(used)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .retired
    );
}

#[rocket::async_test]
async fn a_retired_indicator_is_not_offered_to_new_applications_but_stays_on_old_ones() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let outcome = add_outcome(&officer, "R2", "More people active").await;
    let kept = add_indicator(&officer, outcome, "Hours of activity", "hours").await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    let round = builders::published_round(&app, &fund, "r", 5_000).await;
    let (browser, owner) = app.login_as(Role::Applicant).await;
    let group = builders::OrganisationBuilder::new("Walking group")
        .create(&app)
        .await;
    entity::organisation_member::ActiveModel {
        organisation_id: Set(group.id),
        user_id: Set(owner.id),
        is_owner: Set(true),
        created_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let old = ApplicationBuilder::new(&round)
        .draft()
        .owned_by(&owner)
        .organisation_id(group.id)
        .reference("DCF-2026-0001")
        .outcome(outcome, "We count them")
        .target(kept, 40)
        .create(&app)
        .await;
    let other_round = builders::published_round(&app, &fund, "r2", 5_000).await;
    let fresh = ApplicationBuilder::new(&other_round)
        .draft()
        .owned_by(&owner)
        .organisation_id(group.id)
        .reference("DCF-2026-0002")
        .create(&app)
        .await;
    let retired = officer
        .post(
            &format!("/officer/outcomes/{outcome}/indicators/{kept}/retire"),
            &[],
        )
        .await;
    assert_eq!(retired.status, Status::SeeOther);

    let key = |a: &entity::application::Model| dealfund::format::application_key(a);
    let old_page = browser
        .get(&format!("/applications/{}/outcomes", key(&old)))
        .await;
    assert!(
        old_page.body.contains("Hours of activity"),
        "{}",
        old_page.body
    );
    let new_page = browser
        .get(&format!("/applications/{}/outcomes", key(&fresh)))
        .await;
    assert_eq!(new_page.status, Status::Ok);
    assert!(!new_page.body.contains("Hours of activity"));
}

#[rocket::async_test]
async fn a_contribution_that_rounds_rely_on_is_refused_with_a_reason() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    builders::round(&app, &fund, "round-a", 8_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let contribution = dealfund::services::funds::contributions(&app.db, fund.id)
        .await
        .unwrap()
        .remove(0);
    let refused = officer
        .post(
            &format!(
                "/officer/funds/fund/contributions/{}/delete",
                contribution.id
            ),
            &[],
        )
        .await;
    refused_with_a_reason(&refused, "already have £8,000.00 between them");
}

#[rocket::async_test]
async fn a_criterion_of_a_round_with_submitted_applications_is_refused_with_a_reason() {
    let app = TestApp::new().await;
    let fund = builders::fund(&app, "fund", 10_000).await;
    let round = builders::published_round(&app, &fund, "r", 5_000).await;
    builders::submitted_application(&app, &round, "DCF-2026-0001").await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let criterion = dealfund::services::rounds::items::criteria(&app.db, round.id)
        .await
        .unwrap()
        .remove(0);
    let refused = officer
        .post(
            &format!("/officer/rounds/r/criteria/{}/delete", criterion.id),
            &[],
        )
        .await;
    refused_with_a_reason(&refused, "can no longer change");
}

#[rocket::async_test]
async fn a_panel_member_whose_reviews_count_is_refused_with_a_reason() {
    let app = TestApp::new().await;
    let (round, criteria) = scored_round(&app, "walk-panel").await;
    let application = eligible(&app, &round).await;
    let (browser, member) = member_of(&app, &round).await;
    let submitted = declare_and_review(
        &browser,
        application.id,
        &full_review(&criteria, "4"),
        "submit",
    )
    .await;
    assert_eq!(submitted.status, Status::SeeOther);
    let (officer, _) = app.login_as(Role::Officer).await;
    let refused = officer
        .post(
            "/officer/rounds/walk-panel/panel-remove",
            &[("user_id", &member.id.to_string())],
        )
        .await;
    refused_with_a_reason(&refused, "has submitted reviews in this round");
}

/// The report version the page's forms carry.
fn version_on(page: &Page) -> String {
    let marker = "name=\"version\" value=\"";
    let start = page.body.find(marker).expect("a version field") + marker.len();
    let end = page.body[start..].find('"').expect("the value ends") + start;
    page.body[start..end].to_owned()
}

#[rocket::async_test]
async fn a_section_of_a_report_changed_by_someone_else_is_refused_with_a_reason() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let created = officer
        .post(
            "/officer/publications",
            &[
                ("title", "Our year"),
                ("slug", "our-year"),
                ("introduction", "What the fund did."),
                ("period_start", "2026-01-01"),
                ("period_end", "2026-12-31"),
                ("fund", ""),
            ],
        )
        .await;
    assert_eq!(created.status, Status::SeeOther, "{}", created.body);
    let id: i32 = created
        .location
        .unwrap()
        .trim_start_matches("/officer/publications/")
        .parse()
        .unwrap();
    let seen = version_on(&officer.get(&format!("/officer/publications/{id}")).await);
    let added = officer
        .post(
            &format!("/officer/publications/{id}/sections"),
            &[("version", &seen), ("heading", "Hello"), ("body", "Text")],
        )
        .await;
    assert_eq!(added.status, Status::SeeOther, "{}", added.body);
    let section = entity::publication_section::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("a section");
    let refused = officer
        .post(
            &format!("/officer/publications/{id}/sections/{}/remove", section.id),
            &[("version", &seen)],
        )
        .await;
    refused_with_a_reason(&refused, "Someone else changed this report");
}

#[rocket::async_test]
async fn the_owner_of_an_organisation_is_refused_with_a_reason() {
    let app = TestApp::new().await;
    let (owner, owner_user) = app.login_as(Role::Applicant).await;
    let created = owner
        .post(
            "/organisations",
            &[
                ("name", "Community Cafe"),
                ("kind", "other"),
                ("charity_number", ""),
                ("company_number", ""),
                ("postcode", "as1 2ab"),
                ("ward_id", ""),
                ("website", ""),
                ("phone", ""),
            ],
        )
        .await;
    assert_eq!(created.status, Status::SeeOther, "{}", created.body);
    let id = entity::organisation::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("made")
        .id;
    let refused = owner
        .post(
            &format!("/organisations/{id}/members/{}/remove", owner_user.id),
            &[],
        )
        .await;
    refused_with_a_reason(&refused, "The owner cannot be removed");
}
