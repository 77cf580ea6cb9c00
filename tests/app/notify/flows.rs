//! Each flow writes its message with its own change: to the organisation's members
//! (and nobody else), to officers, or to the panel member concerned.

use chrono::Utc;
use entity::user::Role;
use entity::{review, user};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::fixtures::outbox_of;
use crate::decisions::fixtures as decided;
use crate::payments::fixtures as paid;
use crate::screening::fixtures::open_round;
use crate::support::TestApp;
use crate::support::builders::ApplicationBuilder;

/// A member of the application's organisation, with an account.
async fn member_of(app: &TestApp, application: &entity::application::Model, email: &str) {
    let person = app.create_user(email, Role::Applicant).await;
    paid::member(app, application, person.id).await;
}

#[rocket::async_test]
async fn returning_an_application_emails_its_members_the_message_and_date() {
    let app = TestApp::new().await;
    let round = open_round(&app, "notify-return").await;
    let application = ApplicationBuilder::new(&round)
        .reference("DCF-2026-0101")
        .create(&app)
        .await;
    member_of(&app, &application, "sam@group.example").await;
    member_of(&app, &application, "kim@group.example").await;
    let outsider = app
        .create_user("other@group.example", Role::Applicant)
        .await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let date = (Utc::now().date_naive() + chrono::Days::new(10)).to_string();

    let page = officer
        .post(
            &format!("/officer/applications/{}/return", application.id),
            &[
                ("version", "1"),
                ("message", "Please add the hall hire quote."),
                ("resubmit_by", &date),
            ],
        )
        .await;

    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    let sent = outbox_of(&app, "application_returned").await;
    let to: Vec<&str> = sent.iter().map(|m| m.to_address.as_str()).collect();
    assert_eq!(to, ["kim@group.example", "sam@group.example"]);
    assert!(!to.contains(&outsider.email.as_str()));
    assert!(sent[0].subject.contains("DCF-2026-0101"));
    assert!(
        sent[0]
            .body_text
            .contains("Please add the hall hire quote.")
    );
    assert!(
        sent[0]
            .body_text
            .contains("http://127.0.0.1:8000/applications/DCF-2026-0101")
    );
}

#[rocket::async_test]
async fn an_ineligible_application_is_told_the_reason_and_a_refused_decision_sends_nothing() {
    let app = TestApp::new().await;
    let round = open_round(&app, "notify-ineligible").await;
    let application = ApplicationBuilder::new(&round)
        .reference("DCF-2026-0102")
        .create(&app)
        .await;
    member_of(&app, &application, "sam@group.example").await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let path = format!("/officer/applications/{}/ineligible", application.id);

    let stale = officer
        .post(
            &path,
            &[("version", "7"), ("reason", "Outside the borough")],
        )
        .await;
    assert_ne!(stale.status, Status::SeeOther);
    assert!(
        outbox_of(&app, "application_ineligible").await.is_empty(),
        "a decision that was refused (and rolled back) sends nothing"
    );

    officer
        .post(
            &path,
            &[("version", "1"), ("reason", "Outside the borough")],
        )
        .await;
    let sent = outbox_of(&app, "application_ineligible").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to_address, "sam@group.example");
    assert!(sent[0].body_text.contains("Outside the borough"));
    assert!(sent[0].body_html.contains("Outside the borough"));
}

#[rocket::async_test]
async fn an_award_sends_the_offer_link_and_accepting_it_tells_the_officers() {
    let app = TestApp::new().await;
    let round = decided::round(&app, "notify-award", 5_000).await;
    let application =
        decided::eligible(&app, &round, "DCF-2026-0103", 150_000, decided::at(9)).await;
    let applicant = app.create_user("sam@group.example", Role::Applicant).await;
    paid::member(&app, &application, applicant.id).await;
    let (officer, officer_user) = app.login_as(Role::Officer).await;
    let (_, admin_user) = app.login_as(Role::Admin).await;

    let page = officer
        .post(
            &format!(
                "/officer/rounds/notify-award/moderation/{}/award-full",
                application.id
            ),
            &[("version", "1")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    let offer = outbox_of(&app, "decision").await;
    assert_eq!(offer.len(), 1);
    assert_eq!(offer[0].to_address, "sam@group.example");
    assert!(
        offer[0].subject.contains("£1,500.00"),
        "{}",
        offer[0].subject
    );
    assert!(
        offer[0]
            .body_text
            .contains("http://127.0.0.1:8000/applications/DCF-2026-0103/decision")
    );

    let browser = app.client().await;
    browser
        .login("sam@group.example", crate::support::PASSWORD)
        .await;
    let accepted = browser
        .post(
            "/applications/DCF-2026-0103/decision/accept",
            &[("agree", "true"), ("name", "Sam Whitfield")],
        )
        .await;
    assert_eq!(accepted.status, Status::SeeOther, "{}", accepted.body);
    let told = outbox_of(&app, "offer_accepted").await;
    let mut to: Vec<&str> = told.iter().map(|m| m.to_address.as_str()).collect();
    to.sort();
    let mut officers = vec![officer_user.email.as_str(), admin_user.email.as_str()];
    officers.sort();
    assert_eq!(to, officers, "officers and admins, not the applicant");
    assert!(told[0].body_text.contains("Sam Whitfield"));
}

#[rocket::async_test]
async fn a_decline_sends_the_feedback() {
    let app = TestApp::new().await;
    let round = decided::round(&app, "notify-decline", 5_000).await;
    let application =
        decided::eligible(&app, &round, "DCF-2026-0104", 150_000, decided::at(9)).await;
    member_of(&app, &application, "sam@group.example").await;
    let (officer, _) = app.login_as(Role::Officer).await;

    officer
        .post(
            &format!(
                "/officer/rounds/notify-decline/moderation/{}/decline",
                application.id
            ),
            &[("version", "1"), ("feedback", "The plan needs partners.")],
        )
        .await;

    let sent = outbox_of(&app, "decision").await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].subject.contains("not funded"));
    assert!(sent[0].body_text.contains("The plan needs partners."));
}

#[rocket::async_test]
async fn recording_a_payment_tells_the_organisation() {
    let app = TestApp::new().await;
    let made = paid::two_tranches(&app).await;
    member_of(&app, &made.application, "sam@group.example").await;
    let first = paid::tranches(&app, made.award.id).await[0].id;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            &format!("/officer/tranches/{first}/pay"),
            &[
                ("paid_date", &paid::in_days(&app, 0).to_string()),
                ("finance_reference", "FIN-2041"),
            ],
        )
        .await;

    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    let sent = outbox_of(&app, "payment_made").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to_address, "sam@group.example");
    assert!(sent[0].subject.contains("£2,500.00"));
    assert!(sent[0].body_text.contains("FIN-2041"));
}

#[rocket::async_test]
async fn panel_members_hear_when_they_join_a_panel_and_when_a_review_is_reopened() {
    let app = TestApp::new().await;
    let round = decided::round(&app, "notify-panel", 5_000).await;
    let reviewer = app.create_user("ada@panel.example", Role::Panel).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let added = officer
        .post(
            "/officer/rounds/notify-panel/panel-members",
            &[("user_id", &reviewer.id.to_string())],
        )
        .await;
    assert_eq!(added.status, Status::SeeOther, "{}", added.body);
    let joined = outbox_of(&app, "panel_assigned").await;
    assert_eq!(joined.len(), 1);
    assert_eq!(joined[0].to_address, "ada@panel.example");
    assert!(joined[0].body_text.contains(&round.round.name));

    let application =
        decided::eligible(&app, &round, "DCF-2026-0105", 100_000, decided::at(9)).await;
    let reviewer_model = user::Entity::find_by_id(reviewer.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    decided::review(&app, &round, &application, &reviewer_model, 3, 4, "fund").await;
    let submitted = review::Entity::find()
        .filter(review::Column::ReviewerId.eq(reviewer.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let reopened = officer
        .post(
            &format!("/officer/reviews/{}/reopen", submitted.id),
            &[("reason", "Please recheck the budget score.")],
        )
        .await;
    assert_eq!(reopened.status, Status::SeeOther, "{}", reopened.body);
    let told = outbox_of(&app, "review_reopened").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].to_address, "ada@panel.example");
    assert!(
        told[0]
            .body_text
            .contains("Please recheck the budget score.")
    );
}
