//! Screening decisions: each move, its audit event, and every way one is refused.

use chrono::Duration;
use dealfund::domain::application::Status;
use dealfund::services::audit::Actor;
use dealfund::services::screening::{self, Decision, ScreeningError};
use entity::{application, audit_event, user::Role};
use rocket::http::Status as Http;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::fixtures::{ApplicationBuilder, open_round, reload};
use crate::support::TestApp;

async fn events(app: &TestApp, application_id: i32) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("application"))
        .filter(audit_event::Column::EntityId.eq(application_id.to_string()))
        .all(&app.db)
        .await
        .unwrap()
}

async fn submitted(app: &TestApp) -> application::Model {
    let round = open_round(app, "spring").await;
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0007")
        .create(app)
        .await
}

/// A date `days` from today in the council's zone, as the form takes it.
fn date_in(app: &TestApp, days: i64) -> String {
    (app.clock.now().with_timezone(&app.config.time_zone) + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

#[rocket::async_test]
async fn marking_eligible_moves_the_application_on_and_records_who_did_it() {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (officer, account) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            &format!("/officer/applications/{}/eligible", application.id),
            &[("version", "1")],
        )
        .await;

    assert_eq!(page.status, Http::SeeOther, "{}", page.body);
    let location = format!("/officer/applications/{}", application.id);
    assert_eq!(page.location.as_deref(), Some(location.as_str()));
    let saved = reload(&app, application.id).await;
    assert_eq!(saved.status, Status::Eligible);
    assert_eq!(saved.version, 2);
    assert_eq!(saved.officer_message, None);
    let events = events(&app, application.id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "application.screened_eligible");
    assert_eq!(events[0].actor_id, Some(account.id));
    assert_eq!(events[0].detail, "Submitted → Eligible: with the panel");
    let shown = officer.get(&location).await;
    assert!(shown.body.contains("DCF-2026-0007 is marked eligible"));
    assert!(shown.body.contains("Marked eligible"), "on the timeline");
}

#[rocket::async_test]
async fn marking_not_eligible_keeps_the_reason_for_the_applicant() {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            &format!("/officer/applications/{}/ineligible", application.id),
            &[
                ("version", "1"),
                ("reason", "  The group is based outside the borough.  "),
            ],
        )
        .await;

    assert_eq!(page.status, Http::SeeOther, "{}", page.body);
    let saved = reload(&app, application.id).await;
    assert_eq!(saved.status, Status::Ineligible);
    assert_eq!(
        saved.officer_message.as_deref(),
        Some("The group is based outside the borough.")
    );
    assert_eq!(saved.version, 2);
    let events = events(&app, application.id).await;
    assert_eq!(events[0].action, "application.screened_ineligible");
    assert_eq!(
        events[0].detail,
        "Submitted → Not eligible; reason: The group is based outside the borough."
    );
}

#[rocket::async_test]
async fn returning_for_changes_keeps_the_message_and_the_date_to_resubmit_by() {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let date = date_in(&app, 14);

    let page = officer
        .post(
            &format!("/officer/applications/{}/return", application.id),
            &[
                ("version", "1"),
                ("message", "Add quotes for the equipment."),
                ("resubmit_by", &date),
            ],
        )
        .await;

    assert_eq!(page.status, Http::SeeOther, "{}", page.body);
    let saved = reload(&app, application.id).await;
    assert_eq!(saved.status, Status::Returned);
    assert_eq!(
        saved.officer_message.as_deref(),
        Some("Add quotes for the equipment.")
    );
    assert_eq!(
        saved.resubmit_by.map(|d| d.format("%Y-%m-%d").to_string()),
        Some(date)
    );
    let events = events(&app, application.id).await;
    assert_eq!(events[0].action, "application.returned");
    assert!(
        events[0]
            .detail
            .starts_with("Submitted → Returned for changes; resubmit by ")
    );
    assert!(
        events[0]
            .detail
            .ends_with("; message: Add quotes for the equipment.")
    );
}

#[rocket::async_test]
async fn not_eligible_without_a_reason_is_refused_beside_the_field() {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            &format!("/officer/applications/{}/ineligible", application.id),
            &[("version", "1"), ("reason", "   ")],
        )
        .await;

    assert_eq!(page.status, Http::UnprocessableEntity);
    assert!(page.title().starts_with("Error: "));
    assert!(page.body.contains("There is a problem"));
    assert!(page.body.contains("href=\"#reason\""));
    assert!(
        page.body
            .contains("Enter the reason the application is not eligible")
    );
    assert_eq!(
        reload(&app, application.id).await,
        application,
        "nothing changed"
    );
    assert!(events(&app, application.id).await.is_empty());
}

#[rocket::async_test]
async fn a_return_without_a_message_or_with_a_past_or_unreal_date_is_refused_keeping_what_was_typed()
 {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let path = format!("/officer/applications/{}/return", application.id);

    let empty = officer
        .post(
            &path,
            &[("version", "1"), ("message", ""), ("resubmit_by", "")],
        )
        .await;
    assert_eq!(empty.status, Http::UnprocessableEntity);
    assert!(
        empty
            .body
            .contains("Enter what the applicant needs to change")
    );
    assert!(
        empty
            .body
            .contains("Enter the date by which the applicant must resubmit")
    );

    let yesterday = date_in(&app, -1);
    let past = officer
        .post(
            &path,
            &[
                ("version", "1"),
                ("message", "Fix the <budget> & dates"),
                ("resubmit_by", &yesterday),
            ],
        )
        .await;
    assert_eq!(past.status, Http::UnprocessableEntity);
    assert!(
        past.body
            .contains("The resubmission date must be in the future")
    );
    assert!(
        past.body
            .contains("Fix the &lt;budget&gt; &amp; dates</textarea>"),
        "the message is kept"
    );
    assert!(past.body.contains(&format!("value=\"{yesterday}\"")));
    assert!(
        past.body.contains("name=\"version\" value=\"1\""),
        "the version read is kept"
    );

    let today = date_in(&app, 0);
    for date in [today.as_str(), "2027-02-30", "next week"] {
        let refused = officer
            .post(
                &path,
                &[
                    ("version", "1"),
                    ("message", "Fix it"),
                    ("resubmit_by", date),
                ],
            )
            .await;
        assert_eq!(refused.status, Http::UnprocessableEntity, "{date}");
    }
    assert_eq!(
        reload(&app, application.id).await,
        application,
        "nothing changed"
    );
    assert!(events(&app, application.id).await.is_empty());
}

#[rocket::async_test]
async fn screening_an_application_that_was_already_screened_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let eligible = format!("/officer/applications/{}/eligible", application.id);
    officer.post(&eligible, &[("version", "1")]).await;
    let after = reload(&app, application.id).await;

    // The officer reads the page again (version 2) and tries to screen it a second time.
    let again = officer.post(&eligible, &[("version", "2")]).await;
    let other = officer
        .post(
            &format!("/officer/applications/{}/ineligible", application.id),
            &[("version", "2"), ("reason", "Changed my mind")],
        )
        .await;

    for page in [&again, &other] {
        assert_eq!(page.status, Http::Conflict);
        assert!(
            page.body
                .contains("This application is “Eligible: with the panel”, so it cannot be"),
            "{}",
            page.body
        );
        assert!(page.body.contains("href=\"#screening\""));
    }
    assert!(other.body.contains("cannot be marked not eligible"));
    assert_eq!(reload(&app, application.id).await, after, "nothing changed");
    assert_eq!(events(&app, application.id).await.len(), 1);
}

#[rocket::async_test]
async fn a_decision_on_an_application_that_changed_since_it_was_opened_is_refused() {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let opened = officer
        .get(&format!("/officer/applications/{}", application.id))
        .await;
    assert!(opened.body.contains("name=\"version\" value=\"1\""));
    // Meanwhile the applicant withdraws it.
    let mut withdraw: application::ActiveModel = application.clone().into();
    withdraw.status = Set(Status::Withdrawn);
    withdraw.version = Set(2);
    let withdrawn = withdraw.update(&app.db).await.unwrap();

    let page = officer
        .post(
            &format!("/officer/applications/{}/return", application.id),
            &[
                ("version", "1"),
                ("message", "Add quotes"),
                ("resubmit_by", &date_in(&app, 7)),
            ],
        )
        .await;

    assert_eq!(page.status, Http::Conflict);
    assert!(
        page.body
            .contains("This application has changed since you opened it: it is now “Withdrawn”")
    );
    assert!(page.body.contains("there is nothing to screen"));
    assert_eq!(
        reload(&app, application.id).await,
        withdrawn,
        "nothing changed"
    );
    assert!(events(&app, application.id).await.is_empty());
}

#[rocket::async_test]
async fn two_officers_deciding_at_the_same_moment_make_exactly_one_decision() {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (a, b) = (Actor::system(), Actor::system());
    let tz = app.config.time_zone;
    let reason = Decision::Ineligible {
        reason: "Outside the borough".into(),
    };

    let notifier = app.notifier();
    let (first, second) = tokio::join!(
        screening::screen(
            &app.db,
            &app.clock,
            &notifier,
            &a,
            tz,
            application.id,
            1,
            &Decision::Eligible
        ),
        screening::screen(
            &app.db,
            &app.clock,
            &notifier,
            &b,
            tz,
            application.id,
            1,
            &reason
        ),
    );

    let made = [&first, &second].iter().filter(|r| r.is_ok()).count();
    assert_eq!(made, 1, "{first:?} {second:?}");
    let refused = [first, second].into_iter().find_map(Result::err);
    assert!(
        matches!(refused, Some(ScreeningError::Refused(ref m)) if m.starts_with("This application has changed")),
        "{refused:?}"
    );
    assert_eq!(reload(&app, application.id).await.version, 2);
    assert_eq!(events(&app, application.id).await.len(), 1);
}

#[rocket::async_test]
async fn a_screening_form_without_its_version_is_a_bad_request() {
    let app = TestApp::new().await;
    let application = submitted(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            &format!("/officer/applications/{}/eligible", application.id),
            &[("version", "latest")],
        )
        .await;

    assert_eq!(page.status, Http::BadRequest);
    assert_eq!(reload(&app, application.id).await, application);
}
