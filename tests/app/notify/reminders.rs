//! The reminders job: each reminder once per recipient, however often it runs.

use chrono::Duration;
use dealfund::services::notify::reminders::run_reminders;
use entity::monitoring_report;
use entity::user::Role;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::fixtures::{outbox, outbox_of};
use crate::payments::fixtures as paid;
use crate::support::builders::ApplicationBuilder;
use crate::support::{TestApp, builders};

#[rocket::async_test]
async fn a_report_is_reminded_a_fortnight_ahead_on_the_day_and_a_week_late_once_each() {
    let app = TestApp::new().await;
    let notifier = app.notifier();
    let made = paid::two_tranches(&app).await;
    let sam = app.create_user("sam@group.example", Role::Applicant).await;
    paid::member(&app, &made.application, sam.id).await;
    let now = app.clock.now();
    monitoring_report::ActiveModel {
        award_id: Set(made.award.id),
        position: Set(1),
        is_final: Set(false),
        due_date: Set(paid::in_days(&app, 14)),
        status: Set(entity::monitoring_report::Status::Due),
        version: Set(1),
        went_well: Set(String::new()),
        was_hard: Set(String::new()),
        case_study: Set(String::new()),
        case_study_consent: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();

    let mut kinds = Vec::new();
    for (advance, kind) in [
        (0, "report_due_soon"),
        (14, "report_due_today"),
        (7, "report_overdue"),
    ] {
        app.clock.advance(Duration::days(advance));
        let first = run_reminders(&app.db, &app.clock, &notifier).await.unwrap();
        let again = run_reminders(&app.db, &app.clock, &notifier).await.unwrap();
        assert_eq!(
            (first, again),
            (1, 0),
            "{kind}: once, however often it runs"
        );
        let sent = outbox_of(&app, kind).await;
        assert_eq!(sent.len(), 1, "{kind}");
        assert_eq!(sent[0].to_address, "sam@group.example");
        assert!(
            sent[0].body_text.contains("Report 1"),
            "{}",
            sent[0].body_text
        );
        kinds.push(sent[0].subject.clone());
    }
    assert!(kinds[1].ends_with("is due today"), "{kinds:?}");
    assert!(kinds[2].ends_with("is overdue"), "{kinds:?}");

    app.clock.advance(Duration::days(3));
    assert_eq!(
        run_reminders(&app.db, &app.clock, &notifier).await.unwrap(),
        0,
        "nothing more for that report"
    );
    assert_eq!(outbox(&app).await.len(), 3);
}

#[rocket::async_test]
async fn holders_of_drafts_hear_three_days_before_a_round_closes_even_with_two_servers() {
    let app = TestApp::new().await;
    let notifier = app.notifier();
    let fund = builders::fund(&app, "remind-fund", 100_000).await;
    let round = builders::published_round(&app, &fund, "remind", 50_000).await;
    let draft = ApplicationBuilder::new(&round).draft().create(&app).await;
    let submitted = ApplicationBuilder::new(&round).create(&app).await;
    let sam = app.create_user("sam@group.example", Role::Applicant).await;
    paid::member(&app, &draft, sam.id).await;
    let kim = app.create_user("kim@group.example", Role::Applicant).await;
    paid::member(&app, &submitted, kim.id).await;

    assert_eq!(
        run_reminders(&app.db, &app.clock, &notifier).await.unwrap(),
        0,
        "a fortnight before closing: too early"
    );
    app.clock.advance(Duration::days(11) + Duration::hours(1));
    let (one, two) = tokio::join!(
        run_reminders(&app.db, &app.clock, &notifier),
        run_reminders(&app.db, &app.clock, &notifier)
    );
    assert_eq!(one.unwrap() + two.unwrap(), 1);
    assert_eq!(
        run_reminders(&app.db, &app.clock, &notifier).await.unwrap(),
        0
    );
    let sent = outbox_of(&app, "round_closing").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].to_address, "sam@group.example",
        "not the submitted one"
    );
    assert!(
        sent[0].subject.contains("Round remind"),
        "{}",
        sent[0].subject
    );
}
