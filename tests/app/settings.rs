//! The council settings page: an admin sets how many weeks a returned application
//! may be given to resubmit, and the screening form holds to it.

use chrono::Duration;
use entity::user::Role;
use rocket::http::Status;

use crate::screening::fixtures::{ApplicationBuilder, open_round, reload};
use crate::support::{TestApp, TestClient};

fn date_in(app: &TestApp, days: i64) -> String {
    (app.clock.now().with_timezone(&app.config.time_zone) + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

async fn return_for_changes(
    officer: &TestClient,
    application_id: i32,
    resubmit_by: &str,
) -> crate::support::Page {
    officer
        .post(
            &format!("/officer/applications/{application_id}/return"),
            &[
                ("version", "1"),
                ("message", "Add quotes for the equipment."),
                ("resubmit_by", resubmit_by),
            ],
        )
        .await
}

#[rocket::async_test]
async fn an_admin_finds_the_settings_page_and_shortens_the_resubmission_window() {
    let app = TestApp::new().await;
    let (admin, admin_user) = app.login_as(Role::Admin).await;

    let home = admin.get("/").await;
    assert!(
        home.body.contains("href=\"/admin/settings\""),
        "linked for admins: {}",
        home.body
    );
    let page = admin.get("/admin/settings").await;
    assert_eq!(page.status, Status::Ok);
    assert_eq!(page.body.matches("<h1").count(), 1);
    assert!(
        page.body
            .contains("<label class=\"label\" for=\"resubmit_weeks\">Weeks allowed to resubmit a returned application</label>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"resubmit_weeks-hint\""));
    assert!(page.body.contains("value=\"12\""), "the default is shown");
    assert!(!page.body.contains("<script"));

    let saved = admin
        .post("/admin/settings", &[("resubmit_weeks", "2")])
        .await;
    assert_eq!(saved.status, Status::SeeOther, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/admin/settings"));
    let after = admin.get("/admin/settings").await;
    assert!(
        after.body.contains(
            "Returned applications may now be given up to 2 weeks to resubmit (it was 12 weeks)"
        ),
        "flash message: {}",
        after.body
    );
    assert!(after.body.contains("value=\"2\""));
    assert_eq!(
        dealfund::services::settings::get(&app.db, dealfund::services::settings::RESUBMIT_WEEKS)
            .await
            .unwrap()
            .as_deref(),
        Some("2")
    );

    let audit = admin.get("/admin/audit?action=setting.changed").await;
    assert!(
        audit.body.contains("resubmit_weeks: 12 → 2"),
        "{}",
        audit.body
    );
    assert!(audit.body.contains(&admin_user.email));

    // The screening form now refuses a date three weeks ahead and takes one ten days
    // ahead.
    let round = open_round(&app, "spring").await;
    let application = ApplicationBuilder::new(&round)
        .reference("DCF-2026-0007")
        .create(&app)
        .await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let form = officer
        .get(&format!("/officer/applications/{}", application.id))
        .await;
    assert!(
        form.body.contains(&format!(
            "at most 2 weeks from today, as year-month-day, for example {}",
            date_in(&app, 14)
        )),
        "the hint names the window and an example inside it: {}",
        form.body
    );
    let refused = return_for_changes(&officer, application.id, &date_in(&app, 21)).await;
    assert_eq!(
        refused.status,
        Status::UnprocessableEntity,
        "{}",
        refused.body
    );
    assert!(refused.body.contains("at most 2 weeks from today"));
    assert!(refused.body.contains("href=\"#resubmit_by\""));
    assert_eq!(reload(&app, application.id).await.resubmit_by, None);

    let taken = return_for_changes(&officer, application.id, &date_in(&app, 10)).await;
    assert_eq!(taken.status, Status::SeeOther, "{}", taken.body);
    assert!(reload(&app, application.id).await.resubmit_by.is_some());

    // A second change starts from the saved value.
    let again = admin
        .post("/admin/settings", &[("resubmit_weeks", "3")])
        .await;
    assert_eq!(again.status, Status::SeeOther, "{}", again.body);
    let audit = admin.get("/admin/audit?action=setting.changed").await;
    assert!(
        audit.body.contains("resubmit_weeks: 2 → 3"),
        "{}",
        audit.body
    );
}

#[rocket::async_test]
async fn a_longer_window_lets_an_officer_set_a_later_date() {
    let app = TestApp::new().await;
    let (admin, _) = app.login_as(Role::Admin).await;
    let round = open_round(&app, "spring").await;
    let application = ApplicationBuilder::new(&round)
        .reference("DCF-2026-0008")
        .create(&app)
        .await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let twenty_weeks = date_in(&app, 20 * 7);

    let refused = return_for_changes(&officer, application.id, &twenty_weeks).await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(refused.body.contains("at most 12 weeks from today"));

    let saved = admin
        .post("/admin/settings", &[("resubmit_weeks", "20")])
        .await;
    assert_eq!(saved.status, Status::SeeOther, "{}", saved.body);
    let beyond = return_for_changes(&officer, application.id, &date_in(&app, 20 * 7 + 1)).await;
    assert_eq!(beyond.status, Status::UnprocessableEntity);
    assert!(beyond.body.contains("at most 20 weeks from today"));
    let taken = return_for_changes(&officer, application.id, &twenty_weeks).await;
    assert_eq!(taken.status, Status::SeeOther, "{}", taken.body);
}

#[rocket::async_test]
async fn a_bad_number_of_weeks_is_refused_beside_the_field_and_kept() {
    let app = TestApp::new().await;
    let (admin, _) = app.login_as(Role::Admin).await;
    for (typed, message) in [
        ("", "Enter the number of weeks"),
        ("abc", "The number of weeks must be a whole number"),
        ("0", "The number of weeks must be 1 or more"),
        ("53", "The number of weeks must be 52 or less"),
        ("12.5", "The number of weeks must be a whole number"),
    ] {
        let page = admin
            .post("/admin/settings", &[("resubmit_weeks", typed)])
            .await;
        assert_eq!(page.status, Status::UnprocessableEntity, "{typed:?}");
        assert!(
            page.body.contains("There is a problem"),
            "summary: {typed:?}"
        );
        assert!(
            page.body.contains("href=\"#resubmit_weeks\""),
            "the summary links to the field: {typed:?}"
        );
        assert!(
            page.body.contains("id=\"resubmit_weeks-error\""),
            "beside the field: {typed:?}"
        );
        assert_eq!(
            page.body.matches(message).count(),
            2,
            "{message} in the summary and beside the field: {}",
            page.body
        );
        assert!(
            page.body.contains(&format!("value=\"{typed}\"")),
            "kept: {typed:?}"
        );
        assert!(page.body.contains("<title>Error: Council settings"));
    }
    assert_eq!(
        dealfund::services::settings::get(&app.db, dealfund::services::settings::RESUBMIT_WEEKS)
            .await
            .unwrap(),
        None,
        "nothing saved"
    );
    let audit = admin.get("/admin/audit?action=setting.changed").await;
    assert!(!audit.body.contains("resubmit_weeks:"), "nothing audited");
}

#[rocket::async_test]
async fn saving_the_same_number_of_weeks_changes_and_records_nothing() {
    let app = TestApp::new().await;
    let (admin, _) = app.login_as(Role::Admin).await;
    let page = admin
        .post("/admin/settings", &[("resubmit_weeks", "12")])
        .await;
    assert_eq!(page.status, Status::SeeOther);
    let after = admin.get("/admin/settings").await;
    assert!(after.body.contains("Nothing changed"), "{}", after.body);
    let audit = admin.get("/admin/audit?action=setting.changed").await;
    assert!(!audit.body.contains("resubmit_weeks:"), "nothing audited");
}

#[rocket::async_test]
async fn only_admins_see_or_change_the_settings() {
    let app = TestApp::new().await;
    for role in [Role::Applicant, Role::Panel, Role::Officer] {
        let (browser, _) = app.login_as(role).await;
        assert_eq!(
            browser.get("/admin/settings").await.status,
            Status::Forbidden,
            "{role:?}"
        );
        assert_eq!(
            browser
                .post("/admin/settings", &[("resubmit_weeks", "2")])
                .await
                .status,
            Status::Forbidden,
            "{role:?}"
        );
        assert!(
            !browser.get("/").await.body.contains("/admin/settings"),
            "not linked for {role:?}"
        );
    }
    let anonymous = app.client().await;
    let page = anonymous
        .post("/admin/settings", &[("resubmit_weeks", "2")])
        .await;
    assert_eq!(page.status, Status::SeeOther);
    assert!(
        page.location
            .unwrap_or_default()
            .starts_with("/login?next=")
    );
    assert_eq!(
        dealfund::services::settings::get(&app.db, dealfund::services::settings::RESUBMIT_WEEKS)
            .await
            .unwrap(),
        None,
        "unchanged"
    );
}
