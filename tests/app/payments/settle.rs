//! Money that counts as disbursed, and the award's end: completed or cancelled.

use dealfund::services::funds;
use entity::{fund, monitoring_report, user::Role};
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use super::fixtures::{Awarded, accepted, award, events, in_days, today, tranches, two_tranches};
use crate::support::{TestApp, TestClient};

async fn pay(officer: &TestClient, app: &TestApp, tranche_id: i32, reference: &str) {
    let today = today(app).to_string();
    let page = officer
        .post(
            &format!("/officer/tranches/{tranche_id}/pay"),
            &[("paid_date", &today), ("finance_reference", reference)],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
}

/// An accepted final report, as the reports area would store it.
async fn final_report(app: &TestApp, made: &Awarded) {
    let now = app.clock.now();
    monitoring_report::ActiveModel {
        award_id: Set(made.award.id),
        position: Set(1),
        is_final: Set(true),
        due_date: Set(in_days(app, 0)),
        status: Set(entity::monitoring_report::Status::Accepted),
        version: Set(1),
        beneficiaries: Set(Some(120)),
        volunteers: Set(Some(8)),
        volunteer_hours: Set(Some(300)),
        spend_to_date_pence: Set(Some(made.award.amount_pence)),
        went_well: Set("Well attended".into()),
        was_hard: Set("Winter heating".into()),
        case_study: Set(String::new()),
        case_study_consent: Set(false),
        officer_message: Set(None),
        submitted_at: Set(Some(now)),
        reviewed_at: Set(Some(now)),
        reviewed_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a final report");
}

#[rocket::async_test]
async fn withheld_and_cancelled_payments_are_not_disbursed_and_the_fund_shows_what_was_paid() {
    let app = TestApp::new().await;
    let paid = two_tranches(&app).await;
    let withheld = two_tranches(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let first = tranches(&app, paid.award.id).await[0].id;
    pay(&officer, &app, first, "FIN-2025-00123").await;
    let held = tranches(&app, withheld.award.id).await[0].id;
    let page = officer
        .post(
            &format!("/officer/tranches/{held}/withhold"),
            &[("reason", "Report overdue")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther);
    let page = officer
        .post(
            &format!("/officer/awards/{}/cancel", paid.award.id),
            &[("cancel_reason", "Group closed")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);

    let figures = funds::round_figures(&app.db, paid.round.id).await.unwrap();
    assert_eq!(
        figures.disbursed, 250_000,
        "the paid tranche stays disbursed"
    );
    assert_eq!(figures.committed, 0, "a cancelled award commits nothing");
    let other = funds::round_figures(&app.db, withheld.round.id)
        .await
        .unwrap();
    assert_eq!((other.disbursed, other.committed), (0, 500_000));

    let fund_id = paid.round.fund_id;
    assert_eq!(
        funds::figures(&app.db, fund_id).await.unwrap().disbursed,
        250_000
    );
    assert_eq!(
        funds::all_figures(&app.db).await.unwrap()[&fund_id].disbursed,
        250_000
    );
    let slug = fund::Entity::find_by_id(fund_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .slug;
    let page = officer.get(&format!("/officer/funds/{slug}")).await;
    assert!(page.body.contains("£2,500.00"), "{}", page.body);
}

#[rocket::async_test]
async fn cancelling_an_award_cancels_every_unpaid_payment_and_keeps_the_paid_one() {
    let app = TestApp::new().await;
    let made = accepted(&app, 900_000, Some(today(&app)), Some(in_days(&app, 700))).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let all = tranches(&app, made.award.id).await;
    assert_eq!(all.len(), 4);
    pay(&officer, &app, all[0].id, "FIN-1").await;
    officer
        .post(
            &format!("/officer/tranches/{}/withhold", all[1].id),
            &[("reason", "Report overdue")],
        )
        .await;
    let path = format!("/officer/awards/{}/cancel", made.award.id);

    let invalid = officer.post(&path, &[("cancel_reason", "")]).await;
    assert_eq!(invalid.status, Status::UnprocessableEntity);
    assert!(invalid.body.contains("Enter why the award is cancelled"));
    let done = officer
        .post(&path, &[("cancel_reason", "The group has closed")])
        .await;
    assert_eq!(done.status, Status::SeeOther, "{}", done.body);

    let statuses: Vec<entity::payment_tranche::Status> = tranches(&app, made.award.id)
        .await
        .into_iter()
        .map(|t| t.status)
        .collect();
    assert_eq!(
        statuses,
        [
            entity::payment_tranche::Status::Paid,
            entity::payment_tranche::Status::Cancelled,
            entity::payment_tranche::Status::Cancelled,
            entity::payment_tranche::Status::Cancelled
        ]
    );
    assert_eq!(
        award(&app, made.award.id).await.status,
        entity::award::Status::Cancelled
    );
    assert_eq!(events(&app, made.award.id, "award.cancelled").await, 1);
    let again = officer.post(&path, &[("cancel_reason", "Twice")]).await;
    assert_eq!(again.status, Status::Conflict);
}

#[rocket::async_test]
async fn an_award_completes_only_when_every_payment_is_settled_and_the_final_report_accepted() {
    let app = TestApp::new().await;
    let made = two_tranches(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let all = tranches(&app, made.award.id).await;
    let path = format!("/officer/awards/{}/complete", made.award.id);

    pay(&officer, &app, all[0].id, "FIN-1").await;
    let refused = officer.post(&path, &[]).await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(
        refused
            .body
            .contains("1 payment is still scheduled or withheld"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("the final report has not been accepted")
    );

    pay(&officer, &app, all[1].id, "FIN-2").await;
    let refused = officer.post(&path, &[]).await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(!refused.body.contains("still scheduled"));
    assert!(
        refused
            .body
            .contains("the final report has not been accepted")
    );
    assert_eq!(
        award(&app, made.award.id).await.status,
        entity::award::Status::Active
    );

    final_report(&app, &made).await;
    let done = officer.post(&path, &[]).await;
    assert_eq!(done.status, Status::SeeOther, "{}", done.body);
    assert_eq!(
        award(&app, made.award.id).await.status,
        entity::award::Status::Completed
    );
    assert_eq!(events(&app, made.award.id, "award.completed").await, 1);
}

#[rocket::async_test]
async fn a_final_report_alone_does_not_complete_an_award_with_a_payment_still_scheduled() {
    let app = TestApp::new().await;
    let made = two_tranches(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let all = tranches(&app, made.award.id).await;
    pay(&officer, &app, all[0].id, "FIN-1").await;
    final_report(&app, &made).await;
    let refused = officer
        .post(&format!("/officer/awards/{}/complete", made.award.id), &[])
        .await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(refused.body.contains("still scheduled or withheld"));
    assert!(!refused.body.contains("final report has not"));
}
