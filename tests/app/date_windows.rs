//! Typed dates must fall in sensible windows (`domain::dates`): an absurd date such as
//! 9999-12-31 is refused beside its field, with the window named and what was typed
//! kept, and nothing is saved, scheduled or emailed.

use chrono::Duration;
use entity::user::Role;
use rocket::http::Status;

use crate::payments::fixtures::{in_days, tranches, two_tranches};
use crate::screening::fixtures::{ApplicationBuilder, open_round, reload};
use crate::support::{Page, TestApp, builders};

const ABSURD: &str = "9999-12-31";

fn refused_beside(page: &Page, field: &str, words: &str) {
    assert_eq!(page.status, Status::UnprocessableEntity, "{}", page.body);
    assert!(
        page.body.contains(words),
        "the window is named: {}",
        page.body
    );
    assert!(
        page.body.contains(&format!("href=\"#{field}\"")),
        "the summary links to the field"
    );
}

#[rocket::async_test]
async fn a_payment_due_in_the_year_9999_is_refused_beside_the_date() {
    let app = TestApp::new().await;
    let made = two_tranches(&app).await;
    let before = tranches(&app, made.award.id).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let path = format!("/officer/tranches/{}/edit", before[0].id);

    let page = officer
        .post(
            &path,
            &[("due_date", ABSURD), ("amount", "2500"), ("take_from", "")],
        )
        .await;

    refused_beside(&page, "due_date", "The due date must be between");
    assert!(page.body.contains("within three months of the project"));
    assert!(page.body.contains(&format!("value=\"{ABSURD}\"")), "kept");
    assert_eq!(tranches(&app, made.award.id).await, before, "unchanged");

    // A date within the project still moves the payment.
    let fine = in_days(&app, 10).to_string();
    let moved = officer
        .post(
            &path,
            &[("due_date", &fine), ("amount", "2500"), ("take_from", "")],
        )
        .await;
    assert_eq!(moved.status, Status::SeeOther, "{}", moved.body);
}

#[rocket::async_test]
async fn a_payment_recorded_long_before_the_award_is_refused() {
    let app = TestApp::new().await;
    let made = two_tranches(&app).await;
    let first = tranches(&app, made.award.id).await[0].id;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            &format!("/officer/tranches/{first}/pay"),
            &[("paid_date", "1900-01-01"), ("finance_reference", "FIN-1")],
        )
        .await;

    refused_beside(&page, "paid_date", "The paid date must be between");
}

async fn submitted(app: &TestApp) -> entity::application::Model {
    let round = open_round(app, "spring").await;
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0007")
        .create(app)
        .await
}

fn date_in(app: &TestApp, days: i64) -> String {
    (app.clock.now().with_timezone(&app.config.time_zone) + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

#[rocket::async_test]
async fn a_resubmission_date_in_the_year_9999_is_refused_and_nothing_is_sent() {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            &format!("/officer/applications/{}/return", application.id),
            &[
                ("version", "1"),
                ("message", "Add quotes for the equipment."),
                ("resubmit_by", ABSURD),
            ],
        )
        .await;

    refused_beside(
        &page,
        "resubmit_by",
        "The resubmission date must be between",
    );
    assert!(page.body.contains("at most 12 weeks from today"));
    assert!(page.body.contains("Add quotes for the equipment."), "kept");
    let saved = reload(&app, application.id).await;
    assert_eq!(saved.resubmit_by, None);
    assert_eq!(
        saved.status,
        dealfund::domain::application::Status::Submitted
    );
}

#[rocket::async_test]
async fn the_resubmission_window_follows_the_setting() {
    let app = TestApp::new().await;
    dealfund::services::settings::put(&app.db, dealfund::services::settings::RESUBMIT_WEEKS, "2")
        .await
        .unwrap();
    let application = submitted(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let path = format!("/officer/applications/{}/return", application.id);

    let three_weeks = date_in(&app, 21);
    let page = officer
        .post(
            &path,
            &[
                ("version", "1"),
                ("message", "Fix it"),
                ("resubmit_by", &three_weeks),
            ],
        )
        .await;
    refused_beside(&page, "resubmit_by", "at most 2 weeks from today");

    let ten_days = date_in(&app, 10);
    let page = officer
        .post(
            &path,
            &[
                ("version", "1"),
                ("message", "Fix it"),
                ("resubmit_by", &ten_days),
            ],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
}

fn round_form<'a>(opens: &'a str, closes: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("name", "Spring grants"),
        ("slug", "spring-grants"),
        ("guidance", "What it funds."),
        ("opens_date", opens),
        ("opens_time", "09:00"),
        ("closes_date", closes),
        ("closes_time", "17:00"),
        ("budget", "5000"),
        ("min_grant", "250"),
        ("max_grant", "2000"),
        ("max_duration_months", "12"),
        ("fundable_threshold", "60"),
        ("disagreement_margin", "20"),
        ("single_payment_max", "2000"),
        ("upfront_percent", "50"),
        ("tranche_interval_months", "6"),
        ("report_interval_months", "6"),
    ]
}

#[rocket::async_test]
async fn a_round_cannot_open_in_9999_nor_stay_open_for_decades() {
    let app = TestApp::new().await;
    builders::fund(&app, "fund", 50_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let today = date_in(&app, 0);

    let page = officer
        .post("/officer/funds/fund/rounds", &round_form(ABSURD, ABSURD))
        .await;
    refused_beside(&page, "opens_date", "The opening date must be between");
    assert!(page.body.contains(&format!("value=\"{ABSURD}\"")), "kept");

    let page = officer
        .post("/officer/funds/fund/rounds", &round_form(&today, ABSURD))
        .await;
    refused_beside(&page, "closes_date", "The closing date must be between");

    let closes = date_in(&app, 30);
    let page = officer
        .post("/officer/funds/fund/rounds", &round_form(&today, &closes))
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
}

#[rocket::async_test]
async fn a_published_report_cannot_cover_a_period_ending_in_9999() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer
        .post(
            "/officer/publications",
            &[
                ("title", "Our year"),
                ("slug", "our-year"),
                ("introduction", ""),
                ("period_start", "2026-01-01"),
                ("period_end", ABSURD),
                ("fund", ""),
            ],
        )
        .await;
    refused_beside(&page, "period_end", "The last day must be between");
}

#[rocket::async_test]
async fn a_project_cannot_start_in_the_year_9999() {
    let app = TestApp::new().await;
    let d = crate::limits::draft(&app).await;

    let page = d
        .save(
            "about",
            &[
                ("title", "Walks"),
                ("summary", "Walks in the park."),
                ("start_date", ABSURD),
                ("end_date", ABSURD),
            ],
        )
        .await;

    refused_beside(&page, "start_date", "The start date must be between");
    assert!(page.body.contains(&format!("value=\"{ABSURD}\"")), "kept");
    assert_eq!(d.stored(&app).await.start_date, None);
}
