//! Each decision through the officer's forms, with its validation and refusals.

use dealfund::services::funds;
use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{at, award_of, decisions_of, eligible, events, reload, round};
use crate::support::TestApp;

fn path(slug: &str, id: i32, action: &str) -> String {
    format!("/officer/rounds/{slug}/moderation/{id}/{action}")
}

#[rocket::async_test]
async fn an_award_in_full_offers_the_grant_and_commits_the_money() {
    let app = TestApp::new().await;
    let r = round(&app, "full", 3_000).await;
    let a = eligible(&app, &r, "FULL-1", 120_000, at(9)).await;
    let (officer, account) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            &path("full", a.id, "award-full"),
            &[
                ("version", "1"),
                ("conditions", "Send the safeguarding policy"),
            ],
        )
        .await;

    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    let saved = reload(&app, a.id).await;
    assert_eq!(
        (saved.status, saved.version),
        (entity::application::Status::Awarded, 2)
    );
    let decision = &decisions_of(&app, a.id).await[0];
    assert_eq!(
        (decision.outcome.as_str(), decision.amount_pence),
        ("award", 120_000)
    );
    assert_eq!(decision.decided_by, account.id);
    let award = award_of(&app, a.id).await.expect("an award");
    assert_eq!(
        (award.status, award.amount_pence),
        (entity::award::Status::Offered, 120_000)
    );
    assert_eq!(award.conditions, "Send the safeguarding policy");
    let recorded = events(&app, a.id, "decision.awarded").await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].actor_id, Some(account.id));
    let figures = funds::figures(&app.db, r.round.fund_id).await.unwrap();
    assert_eq!(figures.committed, 120_000);
    assert_eq!(figures.uncommitted, figures.budget - 120_000);
    let shown = officer.get("/officer/funds/full-fund").await;
    assert!(
        shown.body.contains("£1,200.00"),
        "the fund page shows it committed"
    );
}

#[rocket::async_test]
async fn an_award_in_part_needs_an_amount_below_the_request_and_a_reason() {
    let app = TestApp::new().await;
    let r = round(&app, "part", 3_000).await;
    let a = eligible(&app, &r, "PART-1", 120_000, at(9)).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let missing = officer
        .post(
            &path("part", a.id, "award-part"),
            &[("version", "1"), ("amount", "")],
        )
        .await;
    let too_much = officer
        .post(
            &path("part", a.id, "award-part"),
            &[("version", "1"), ("amount", "1200"), ("reason", "Because")],
        )
        .await;

    assert_eq!(missing.status, Status::UnprocessableEntity);
    assert!(missing.body.contains("Enter the amount to award"));
    assert!(
        missing
            .body
            .contains("Enter the reason for awarding less than was asked for")
    );
    assert!(
        missing.body.contains("href=\"#part_amount\""),
        "the summary links to the field"
    );
    assert_eq!(too_much.status, Status::UnprocessableEntity);
    assert!(
        too_much
            .body
            .contains("must be less than the £1,200.00 asked for")
    );
    assert!(too_much.body.contains("Because"), "what was typed is kept");
    assert_eq!(
        reload(&app, a.id).await.status,
        entity::application::Status::Eligible
    );
    assert!(decisions_of(&app, a.id).await.is_empty());

    let page = officer
        .post(
            &path("part", a.id, "award-part"),
            &[
                ("version", "1"),
                ("amount", "900"),
                ("reason", "No equipment"),
            ],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    let award = award_of(&app, a.id).await.expect("an award");
    assert_eq!(award.amount_pence, 90_000);
    assert_eq!(decisions_of(&app, a.id).await[0].reason, "No equipment");
}

#[rocket::async_test]
async fn a_decline_needs_feedback_for_the_applicant() {
    let app = TestApp::new().await;
    let r = round(&app, "decline", 3_000).await;
    let a = eligible(&app, &r, "DECL-1", 120_000, at(9)).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let refused = officer
        .post(
            &path("decline", a.id, "decline"),
            &[("version", "1"), ("feedback", " ")],
        )
        .await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(refused.body.contains("Enter feedback for the applicant"));
    assert_eq!(
        reload(&app, a.id).await.status,
        entity::application::Status::Eligible
    );

    let page = officer
        .post(
            &path("decline", a.id, "decline"),
            &[("version", "1"), ("feedback", "Show more local need")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    assert_eq!(
        reload(&app, a.id).await.status,
        entity::application::Status::Declined
    );
    assert_eq!(
        decisions_of(&app, a.id).await[0].feedback,
        "Show more local need"
    );
    assert!(award_of(&app, a.id).await.is_none());
    assert_eq!(events(&app, a.id, "decision.declined").await.len(), 1);
}

#[rocket::async_test]
async fn a_reserve_application_can_be_awarded_later_and_keeps_one_decision() {
    let app = TestApp::new().await;
    let r = round(&app, "reserve", 3_000).await;
    let a = eligible(&app, &r, "RES-1", 120_000, at(9)).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let reserved = officer
        .post(&path("reserve", a.id, "reserve"), &[("version", "1")])
        .await;
    assert_eq!(reserved.status, Status::SeeOther, "{}", reserved.body);
    assert_eq!(
        reload(&app, a.id).await.status,
        entity::application::Status::Reserve
    );
    assert_eq!(events(&app, a.id, "decision.reserved").await.len(), 1);

    let awarded = officer
        .post(&path("reserve", a.id, "award-full"), &[("version", "2")])
        .await;
    assert_eq!(awarded.status, Status::SeeOther, "{}", awarded.body);
    assert_eq!(
        reload(&app, a.id).await.status,
        entity::application::Status::Awarded
    );
    let decisions = decisions_of(&app, a.id).await;
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].outcome, "award");
}

#[rocket::async_test]
async fn a_stale_or_illegal_decision_is_refused_with_409_and_changes_nothing() {
    let app = TestApp::new().await;
    let r = round(&app, "stale", 3_000).await;
    let a = eligible(&app, &r, "STALE-1", 120_000, at(9)).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let first = officer
        .post(
            &path("stale", a.id, "decline"),
            &[("version", "1"), ("feedback", "No")],
        )
        .await;
    assert_eq!(first.status, Status::SeeOther);

    let stale = officer
        .post(&path("stale", a.id, "award-full"), &[("version", "1")])
        .await;
    let illegal = officer
        .post(&path("stale", a.id, "award-full"), &[("version", "2")])
        .await;

    assert_eq!(stale.status, Status::Conflict);
    assert!(stale.body.contains("has changed since you opened it"));
    assert_eq!(illegal.status, Status::Conflict);
    assert!(illegal.body.contains("so it cannot be awarded a grant"));
    assert!(award_of(&app, a.id).await.is_none());
    assert_eq!(
        reload(&app, a.id).await.status,
        entity::application::Status::Declined
    );
}
