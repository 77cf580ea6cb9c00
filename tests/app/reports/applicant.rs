//! Applicants' reports: made on acceptance, only their own, the form's validation,
//! saving for later, submitting, and stale saves.

use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{accept, accepted, complete, date, offer, pairs, reports};
use crate::support::TestApp;

#[rocket::async_test]
async fn accepting_an_offer_creates_the_reports_the_round_asks_for() {
    let app = TestApp::new().await;
    let small = offer(&app, "small", 150_000).await;
    assert!(
        reports(&app, small.award.id).await.is_empty(),
        "nothing before acceptance"
    );
    accept(&small).await;
    let made = reports(&app, small.award.id).await;
    assert_eq!(made.len(), 1, "a small grant owes one final report");
    assert!(made[0].is_final);
    assert_eq!(made[0].due_date, date(2027, 4, 30));
    assert_eq!(made[0].status, entity::monitoring_report::Status::Due);

    let large = accepted(&app, "large", 500_000).await;
    let made = reports(&app, large.award.id).await;
    let dates: Vec<_> = made
        .iter()
        .map(|r| (r.position, r.is_final, r.due_date))
        .collect();
    assert_eq!(
        dates,
        [(1, false, date(2026, 10, 1)), (2, true, date(2027, 4, 30))]
    );

    // Accepting again changes nothing, so the schedule is not doubled.
    accept(&large).await;
    assert_eq!(reports(&app, large.award.id).await.len(), 2);
}

#[rocket::async_test]
async fn an_applicant_sees_only_their_own_award_s_reports() {
    let app = TestApp::new().await;
    let mine = accepted(&app, "mine", 150_000).await;
    let theirs = accepted(&app, "theirs", 150_000).await;
    let (stranger, _) = app.login_as(Role::Applicant).await;

    let list = mine
        .member
        .get(&format!("/applications/{}/reports", mine.key))
        .await;
    assert_eq!(list.status, Status::Ok, "{}", list.body);
    assert!(list.body.contains("Final report"));
    assert!(list.body.contains("30 April 2027"));

    for browser in [&stranger, &mine.member] {
        for path in [
            format!("/applications/{}/reports", theirs.key),
            format!("/applications/{}/reports/1", theirs.key),
        ] {
            assert_eq!(browser.get(&path).await.status, Status::NotFound, "{path}");
            let posted = browser.post(&path, &pairs(&complete(&theirs, 1))).await;
            assert_eq!(posted.status, Status::NotFound, "POST {path}");
        }
    }
    let missing = mine
        .member
        .get(&format!("/applications/{}/reports/9", mine.key))
        .await;
    assert_eq!(missing.status, Status::NotFound, "no such report");
    assert_eq!(
        reports(&app, theirs.award.id).await[0].status,
        entity::monitoring_report::Status::Due
    );
}

#[rocket::async_test]
async fn bad_numbers_are_refused_beside_the_field_and_everything_typed_is_kept() {
    let app = TestApp::new().await;
    let o = accepted(&app, "invalid", 150_000).await;
    let path = format!("/applications/{}/reports/1", o.key);
    let mut fields = complete(&o, 1);
    fields.retain(|(k, _)| !matches!(k.as_str(), "volunteers" | "beneficiaries" | "action"));
    fields.push(("volunteers".into(), "-2".into()));
    fields.push(("beneficiaries".into(), "lots".into()));
    fields.push(("action".into(), "later".into()));
    let page = o.member.post(&path, &pairs(&fields)).await;
    assert_eq!(page.status, Status::UnprocessableEntity, "{}", page.body);
    assert!(
        page.body.contains("Volunteers")
            || page.body.contains("number of volunteers must be 0 or more")
    );
    assert!(page.body.contains("must be a whole number"));
    assert!(page.body.contains("There is a problem"));
    assert!(page.body.contains("value=\"-2\""), "typed values are kept");
    assert!(page.body.contains("Finding drivers in winter"));
    assert_eq!(
        reports(&app, o.award.id).await[0].version,
        1,
        "nothing saved"
    );

    let mut blank = vec![
        ("version".to_owned(), "1".to_owned()),
        ("action".into(), "submit".into()),
    ];
    blank.push(("case_study".into(), "Mary came every week".into()));
    let page = o.member.post(&path, &pairs(&blank)).await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.body.contains("Enter what went well"));
    assert!(
        page.body
            .contains("Enter the number achieved for “Sessions run”")
    );
    assert!(
        page.body
            .contains("Tick the box to confirm the people in the case study")
    );
}

#[rocket::async_test]
async fn a_report_saved_for_later_keeps_its_values_and_then_submits_read_only() {
    let app = TestApp::new().await;
    let o = accepted(&app, "save", 150_000).await;
    let path = format!("/applications/{}/reports/1", o.key);
    let partial = [
        ("version", "1"),
        ("beneficiaries", "80"),
        ("went_well", "A good start"),
        ("action", "later"),
    ];
    let saved = o.member.post(&path, &partial).await;
    assert_eq!(saved.status, Status::SeeOther, "{}", saved.body);
    let stored = &reports(&app, o.award.id).await[0];
    assert_eq!(
        (stored.status, stored.version, stored.beneficiaries),
        (entity::monitoring_report::Status::Due, 2, Some(80))
    );
    let page = o.member.get(&path).await;
    assert!(page.body.contains("value=\"80\""));
    assert!(page.body.contains("A good start"));
    assert!(page.body.contains("the council has paid £0.00 so far"));

    let submitted = o.member.post(&path, &pairs(&complete(&o, 2))).await;
    assert_eq!(submitted.status, Status::SeeOther, "{}", submitted.body);
    let stored = &reports(&app, o.award.id).await[0];
    assert_eq!(stored.status, entity::monitoring_report::Status::Submitted);
    assert_eq!(stored.spend_to_date_pence, Some(145_050));
    assert!(stored.submitted_at.is_some());
    let page = o.member.get(&path).await;
    assert!(
        page.body
            .contains("cannot be changed unless the council asks")
    );
    assert!(!page.body.contains("name=\"went_well\""), "read-only now");
    let again = o.member.post(&path, &pairs(&complete(&o, 3))).await;
    assert_eq!(again.status, Status::UnprocessableEntity);
    assert!(again.body.contains("cannot be changed now"));
    let events = entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::Action.eq("report.submitted"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
}

#[rocket::async_test]
async fn a_save_from_a_stale_tab_is_refused_and_shows_the_newer_values() {
    let app = TestApp::new().await;
    let o = accepted(&app, "stale", 150_000).await;
    let path = format!("/applications/{}/reports/1", o.key);
    let first = o
        .member
        .post(
            &path,
            &[("version", "1"), ("volunteers", "5"), ("action", "later")],
        )
        .await;
    assert_eq!(first.status, Status::SeeOther);
    let stale = o
        .member
        .post(
            &path,
            &[("version", "1"), ("volunteers", "7"), ("action", "later")],
        )
        .await;
    assert_eq!(stale.status, Status::UnprocessableEntity);
    assert!(stale.body.contains("Someone else changed this report"));
    assert!(
        stale.body.contains("value=\"5\""),
        "the newer value is shown"
    );
    assert!(stale.body.contains("name=\"version\" value=\"2\""));
    assert_eq!(reports(&app, o.award.id).await[0].volunteers, Some(5));
}

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[rocket::async_test]
async fn the_form_shows_the_total_paid_so_far_from_paid_tranches_only() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let app = TestApp::new().await;
    let o = accepted(&app, "paid", 150_000).await;
    let now = app.clock.now();
    for (position, pence, status) in [
        (1, 75_000, entity::payment_tranche::Status::Paid),
        (2, 50_050, entity::payment_tranche::Status::Paid),
        (3, 24_950, entity::payment_tranche::Status::Scheduled),
    ] {
        entity::payment_tranche::ActiveModel {
            award_id: Set(o.award.id),
            position: Set(100 + position),
            due_date: Set(date(2026, 4, 1)),
            amount_pence: Set(pence),
            status: Set(status),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    let page = o
        .member
        .get(&format!("/applications/{}/reports/1", o.key))
        .await;
    assert!(
        page.body.contains("the council has paid £1,250.50 so far"),
        "{}",
        page.body
    );
}
