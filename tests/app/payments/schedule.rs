//! Accepting an offer writes its payment schedule, in the same transaction.

use chrono::NaiveDate;
use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{award, member, offered, today, total, tranches};
use crate::support::TestApp;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[rocket::async_test]
async fn accepting_an_offer_creates_a_schedule_that_adds_up_to_the_award() {
    let app = TestApp::new().await;
    // Far enough ahead that the project's own start date is after the acceptance.
    let made = offered(
        &app,
        1_000_001,
        Some(day(2031, 1, 31)),
        Some(day(2032, 7, 30)),
    )
    .await;
    let (client, user) = app.login_as(Role::Applicant).await;
    member(&app, &made.application, user.id).await;
    assert!(tranches(&app, made.award.id).await.is_empty());

    let key = made.application.reference.clone().unwrap();
    let page = client
        .post(
            &format!("/applications/{key}/decision/accept"),
            &[("agree", "true"), ("name", "Sam Whitfield")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);

    let schedule = tranches(&app, made.award.id).await;
    let shape: Vec<(i32, NaiveDate, i64, entity::payment_tranche::Status)> = schedule
        .iter()
        .map(|t| (t.position, t.due_date, t.amount_pence, t.status))
        .collect();
    assert_eq!(
        shape,
        [
            (
                1,
                day(2031, 1, 31),
                500_000,
                entity::payment_tranche::Status::Scheduled
            ),
            (
                2,
                day(2031, 7, 31),
                250_000,
                entity::payment_tranche::Status::Scheduled
            ),
            (
                3,
                day(2032, 1, 31),
                250_001,
                entity::payment_tranche::Status::Scheduled
            ),
        ]
    );
    assert_eq!(
        total(&schedule),
        award(&app, made.award.id).await.amount_pence
    );
}

#[rocket::async_test]
async fn a_small_grant_without_dates_is_one_payment_due_on_the_day_it_is_accepted() {
    let app = TestApp::new().await;
    let made = offered(&app, 150_000, None, None).await;
    let (client, user) = app.login_as(Role::Applicant).await;
    member(&app, &made.application, user.id).await;
    let key = made.application.reference.clone().unwrap();
    let page = client
        .post(
            &format!("/applications/{key}/decision/accept"),
            &[("agree", "true"), ("name", "Sam Whitfield")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    let schedule = tranches(&app, made.award.id).await;
    assert_eq!(schedule.len(), 1);
    assert_eq!(schedule[0].amount_pence, 150_000);
    // The hook dates the acceptance in UTC; only around midnight can that differ.
    let utc_today = app.clock.now().date_naive();
    assert!(schedule[0].due_date == utc_today || schedule[0].due_date == today(&app));
}
