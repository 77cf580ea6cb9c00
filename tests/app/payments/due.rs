//! The list of payments due soon or overdue follows the app's clock, and its CSV parses back.

use chrono::Duration;
use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{accepted, in_days};
use crate::support::TestApp;

#[rocket::async_test]
async fn payments_join_the_list_thirty_days_ahead_and_turn_overdue_after_their_date() {
    let app = TestApp::new().await;
    let made = accepted(&app, 100_000, Some(in_days(&app, 40)), None).await;
    let reference = made.application.reference.clone().unwrap();
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer.get("/officer/payments").await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(
        !page.body.contains(&reference),
        "40 days away is not yet listed"
    );

    app.clock.advance(Duration::days(15));
    // Sessions end after a while without use: sign in again after each jump.
    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer.get("/officer/payments").await;
    assert!(page.body.contains(&reference));
    assert!(
        page.body
            .contains(&format!("/officer/awards/{}", made.award.id))
    );
    assert!(!page.body.contains(">Overdue<"));

    app.clock.advance(Duration::days(30));
    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer.get("/officer/payments").await;
    assert!(page.body.contains(">Overdue<"), "{}", page.body);
}

#[rocket::async_test]
async fn the_finance_csv_parses_back_into_the_listed_payments() {
    let app = TestApp::new().await;
    let made = accepted(&app, 123_456, Some(in_days(&app, 3)), None).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer.get("/officer/payments.csv").await;
    assert_eq!(page.status, Status::Ok);
    assert!(
        page.header("Content-Type")
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    let body = page.body.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "Organisation");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(&row[1], made.application.reference.as_deref().unwrap());
    assert_eq!(&row[2], made.award.id.to_string());
    assert_eq!(&row[5], "1234.56");
    assert_eq!(&row[6], in_days(&app, 3).to_string());
    assert_eq!(&row[7], "Due");
}
