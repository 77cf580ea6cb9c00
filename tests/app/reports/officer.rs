//! Officers review reports: accept, or send back with a message; illegal and stale
//! moves are refused; overdue comes from the clock; only officers get in.

use chrono::{Duration, TimeZone, Utc};
use entity::{audit_event, user::Role};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::fixtures::{self, accepted, complete, pairs, reports};
use crate::support::{PASSWORD, TestApp};

async fn count_events(app: &TestApp, action: &str) -> usize {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .all(&app.db)
        .await
        .unwrap()
        .len()
}

#[rocket::async_test]
async fn officers_accept_or_send_back_only_submitted_reports() {
    let app = TestApp::new().await;
    let o = accepted(&app, "review", 150_000).await;
    let id = reports(&app, o.award.id).await[0].id;
    let (officer, _) = app.login_as(Role::Officer).await;
    let show = format!("/officer/reports/{id}");

    let early = officer
        .post(&format!("{show}/accept"), &[("version", "1")])
        .await;
    assert_eq!(
        early.status,
        Status::UnprocessableEntity,
        "a due report cannot be accepted"
    );
    assert!(
        early
            .body
            .contains("This report is “Due”, so it cannot be accepted")
    );

    let path = format!("/applications/{}/reports/1", o.key);
    assert_eq!(
        o.member.post(&path, &pairs(&complete(&o, 1))).await.status,
        Status::SeeOther
    );
    let page = officer.get(&show).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(page.body.contains("Sessions run (count)"));
    assert!(page.body.contains("The Tuesday lunches filled up"));
    assert!(page.body.contains("£1,450.50"));

    let no_message = officer
        .post(
            &format!("{show}/changes"),
            &[("version", "2"), ("message", "  ")],
        )
        .await;
    assert_eq!(no_message.status, Status::UnprocessableEntity);
    assert!(
        no_message
            .body
            .contains("Enter what the group needs to change")
    );
    let stale = officer
        .post(
            &format!("{show}/changes"),
            &[("version", "1"), ("message", "More")],
        )
        .await;
    assert_eq!(stale.status, Status::UnprocessableEntity);
    assert!(stale.body.contains("Someone else changed this report"));

    let back = officer
        .post(
            &format!("{show}/changes"),
            &[
                ("version", "2"),
                ("message", "Please add volunteer hours by month"),
            ],
        )
        .await;
    assert_eq!(back.status, Status::SeeOther, "{}", back.body);
    assert_eq!(
        reports(&app, o.award.id).await[0].status,
        entity::monitoring_report::Status::ChangesRequested
    );
    let form = o.member.get(&path).await;
    assert!(form.body.contains("Please add volunteer hours by month"));
    assert!(
        form.body.contains("value=\"131\""),
        "their answers are kept to change"
    );
    assert_eq!(
        o.member.post(&path, &pairs(&complete(&o, 3))).await.status,
        Status::SeeOther
    );

    let ok = officer
        .post(&format!("{show}/accept"), &[("version", "4")])
        .await;
    assert_eq!(ok.status, Status::SeeOther, "{}", ok.body);
    let stored = &reports(&app, o.award.id).await[0];
    assert_eq!(stored.status, entity::monitoring_report::Status::Accepted);
    assert!(stored.reviewed_at.is_some() && stored.reviewed_by.is_some());
    let twice = officer
        .post(&format!("{show}/accept"), &[("version", "5")])
        .await;
    assert_eq!(twice.status, Status::UnprocessableEntity);
    assert!(
        twice
            .body
            .contains("This report is “Accepted”, so it cannot be accepted")
    );
    assert!(
        dealfund::services::reports::final_report_accepted(&app.db, o.award.id)
            .await
            .unwrap()
    );

    assert_eq!(count_events(&app, "report.submitted").await, 2);
    assert_eq!(count_events(&app, "report.changes_requested").await, 1);
    assert_eq!(count_events(&app, "report.accepted").await, 1);
}

#[rocket::async_test]
async fn a_report_is_overdue_only_once_its_due_date_has_passed_in_the_council_s_time_zone() {
    let app = TestApp::new().await;
    let o = accepted(&app, "late", 150_000).await;
    // Due 30 April 2027: move the clock to noon on the day it falls due (London
    // summer time), and sign in again, since sessions do not last that long.
    let due_day = Utc
        .with_ymd_and_hms(2027, 4, 30, 11, 0, 0)
        .single()
        .unwrap();
    app.clock.advance(due_day - app.clock.now());
    let (officer, _) = app.login_as(Role::Officer).await;
    o.member.login(&o.email, PASSWORD).await;

    let list = officer.get("/officer/reports?status=overdue").await;
    assert!(
        list.body.contains("There are no reports here"),
        "{}",
        list.body
    );
    let mine = o
        .member
        .get(&format!("/applications/{}/reports", o.key))
        .await;
    assert!(mine.body.contains(">Due<"), "{}", mine.body);

    // 00:30 on 1 May in London is still 30 April in UTC: late all the same.
    app.clock.advance(Duration::minutes(12 * 60 + 30));
    let (officer, _) = app.login_as(Role::Officer).await;
    o.member.login(&o.email, PASSWORD).await;
    let list = officer.get("/officer/reports?status=overdue").await;
    assert!(list.body.contains(&o.key), "{}", list.body);
    assert!(list.body.contains("Overdue"));
    let due = officer.get("/officer/reports?status=due").await;
    assert!(!due.body.contains(&o.key));
    let mine = o
        .member
        .get(&format!("/applications/{}/reports", o.key))
        .await;
    assert!(mine.body.contains(">Overdue<"));

    // Submitting ends it being overdue, whatever the date.
    let path = format!("/applications/{}/reports/1", o.key);
    assert_eq!(
        o.member.post(&path, &pairs(&complete(&o, 1))).await.status,
        Status::SeeOther
    );
    let list = officer.get("/officer/reports?status=overdue").await;
    assert!(!list.body.contains(&o.key));
    let submitted = officer.get("/officer/reports?status=submitted").await;
    assert!(submitted.body.contains(&o.key));
    assert!(submitted.body.contains("Friends of late"));
}

#[rocket::async_test]
async fn only_officers_reach_the_reports_pages_and_the_list_pages() {
    let app = TestApp::new().await;
    let o = accepted(&app, "many", 150_000).await;
    // Enough more reports on the same award to need a second page.
    let now = app.clock.now();
    let more: Vec<_> = (2..=27)
        .map(|position| {
            let due = fixtures::date(2027, 5, 1) + Duration::days(i64::from(position));
            dealfund::services::reports::blank(o.award.id, position, false, due, now)
        })
        .collect();
    entity::monitoring_report::Entity::insert_many(more)
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    let (applicant, _) = app.login_as(Role::Applicant).await;
    let (panel, _) = app.login_as(Role::Panel).await;
    for browser in [&applicant, &panel] {
        assert_eq!(
            browser.get("/officer/reports").await.status,
            Status::Forbidden
        );
        assert_eq!(
            browser.get("/officer/reports/1").await.status,
            Status::Forbidden
        );
        assert_eq!(
            browser
                .post("/officer/reports/1/accept", &[("version", "1")])
                .await
                .status,
            Status::Forbidden
        );
    }
    let (officer, _) = app.login_as(Role::Officer).await;
    let first = officer.get("/officer/reports").await;
    assert_eq!(first.status, Status::Ok, "{}", first.body);
    assert!(first.body.contains("Page 1 of 2 (27 in all)"));
    assert!(first.body.contains("Due (27)"));
    let second = officer.get("/officer/reports?page=2").await;
    assert!(second.body.contains("Page 2 of 2"));
    assert_eq!(
        officer.get("/officer/reports/999999").await.status,
        Status::NotFound
    );
    let index = officer.get("/officer").await;
    assert!(index.body.contains("href=\"/officer/reports\""));
}
