//! Applicants read their decision and answer their offer.

use dealfund::services::funds;
use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{Round, at, award_of, eligible, events, member, round};
use crate::support::{TestApp, TestClient};

/// An application awarded £1,200 by an officer, and its member signed in.
async fn awarded(app: &TestApp, slug: &str) -> (Round, entity::application::Model, TestClient) {
    let r = round(app, slug, 3_000).await;
    let a = eligible(
        app,
        &r,
        &format!("{}-1", slug.to_uppercase()),
        120_000,
        at(9),
    )
    .await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer
        .post(
            &format!("/officer/rounds/{slug}/moderation/{}/award-full", a.id),
            &[("version", "1"), ("conditions", "Keep the hall insured")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    let (client, user) = app.login_as(Role::Applicant).await;
    member(app, &a, &user).await;
    (r, a, client)
}

#[rocket::async_test]
async fn an_applicant_accepts_the_offer_once_and_a_second_time_changes_nothing() {
    let app = TestApp::new().await;
    let (_, a, client) = awarded(&app, "accept").await;
    let key = a.reference.clone().unwrap_or_default();
    let path = format!("/applications/{key}/decision");

    let page = client.get(&path).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(
        page.body
            .contains("You have been offered a grant of £1,200.00")
    );
    assert!(page.body.contains("Keep the hall insured"));
    assert!(page.body.contains("Standard terms and conditions"));
    let task_list = client.get(&format!("/applications/{key}")).await;
    assert!(
        task_list
            .body
            .contains("Read the decision and respond to your offer")
    );

    let invalid = client
        .post(&format!("{path}/accept"), &[("name", "")])
        .await;
    assert_eq!(invalid.status, Status::UnprocessableEntity);
    assert!(invalid.body.contains("Tick the box to confirm"));
    assert!(
        invalid
            .body
            .contains("Enter the name of the person accepting")
    );
    assert_eq!(
        award_of(&app, a.id).await.unwrap().status,
        entity::award::Status::Offered
    );

    let fields = [("agree", "true"), ("name", "Sam Whitfield")];
    let accepted = client.post(&format!("{path}/accept"), &fields).await;
    assert_eq!(accepted.status, Status::SeeOther, "{}", accepted.body);
    let award = award_of(&app, a.id).await.unwrap();
    assert_eq!(award.status, entity::award::Status::Accepted);
    assert_eq!(award.accepted_by_name.as_deref(), Some("Sam Whitfield"));
    assert!(award.responded_at.is_some());

    let again = client.post(&format!("{path}/accept"), &fields).await;
    assert_eq!(again.status, Status::SeeOther);
    let shown = client.get(&path).await;
    assert!(
        shown
            .body
            .contains("You had already accepted this grant: nothing has changed")
    );
    assert_eq!(events(&app, a.id, "award.accepted").await.len(), 1);
}

#[rocket::async_test]
async fn a_refused_offer_no_longer_counts_as_committed() {
    let app = TestApp::new().await;
    let (r, a, client) = awarded(&app, "refuse").await;
    let key = a.reference.clone().unwrap_or_default();
    let confirm = client
        .get(&format!("/applications/{key}/decision/refuse"))
        .await;
    assert_eq!(confirm.status, Status::Ok);
    assert!(
        confirm
            .body
            .contains("Are you sure you want to refuse the grant of £1,200.00?")
    );

    let refused = client
        .post(&format!("/applications/{key}/decision/refuse"), &[])
        .await;

    assert_eq!(refused.status, Status::SeeOther, "{}", refused.body);
    assert_eq!(
        award_of(&app, a.id).await.unwrap().status,
        entity::award::Status::Refused
    );
    assert_eq!(events(&app, a.id, "award.refused").await.len(), 1);
    assert_eq!(
        dealfund::services::rounds::committed_in_round(&app.db, r.round.id)
            .await
            .unwrap(),
        0
    );
    let figures = funds::figures(&app.db, r.round.fund_id).await.unwrap();
    assert_eq!(figures.committed, 0);
    // Accepting after refusing is refused, with nothing changed.
    let late = client
        .post(
            &format!("/applications/{key}/decision/accept"),
            &[("agree", "true"), ("name", "Sam")],
        )
        .await;
    assert_eq!(late.status, Status::Conflict);
    assert_eq!(
        award_of(&app, a.id).await.unwrap().status,
        entity::award::Status::Refused
    );
}

#[rocket::async_test]
async fn other_applicants_cannot_see_or_answer_the_decision() {
    let app = TestApp::new().await;
    let (_, a, _) = awarded(&app, "private").await;
    let key = a.reference.clone().unwrap_or_default();
    let (stranger, _) = app.login_as(Role::Applicant).await;

    let page = stranger.get(&format!("/applications/{key}/decision")).await;
    let accept = stranger
        .post(
            &format!("/applications/{key}/decision/accept"),
            &[("agree", "true"), ("name", "Mallory")],
        )
        .await;
    let refuse = stranger
        .post(&format!("/applications/{key}/decision/refuse"), &[])
        .await;

    assert_eq!(page.status, Status::NotFound);
    assert_eq!(accept.status, Status::NotFound);
    assert_eq!(refuse.status, Status::NotFound);
    assert_eq!(
        award_of(&app, a.id).await.unwrap().status,
        entity::award::Status::Offered
    );
}

#[rocket::async_test]
async fn a_declined_applicant_reads_the_panels_feedback() {
    let app = TestApp::new().await;
    let r = round(&app, "declined", 3_000).await;
    let a = eligible(&app, &r, "DECLINED-1", 120_000, at(9)).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    officer
        .post(
            &format!("/officer/rounds/declined/moderation/{}/decline", a.id),
            &[("version", "1"), ("feedback", "Show more local need")],
        )
        .await;
    let (client, user) = app.login_as(Role::Applicant).await;
    member(&app, &a, &user).await;

    let page = client.get("/applications/DECLINED-1/decision").await;

    assert_eq!(page.status, Status::Ok);
    assert!(page.body.contains("Your application has not been funded"));
    assert!(page.body.contains("Show more local need"));
    let task_list = client.get("/applications/DECLINED-1").await;
    assert!(task_list.body.contains("Read the decision and the panel"));
}
