//! Published reports composed by officers, and publishing monitoring reports' case studies.

use entity::user::Role;
use entity::{award, monitoring_report};
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::fixtures::world::world;
use super::fixtures::{Grant, Report, noon, scheme};
use crate::support::{Page, TestApp, TestClient};

/// The report version the page's forms carry.
fn version_on(page: &Page) -> String {
    let marker = "name=\"version\" value=\"";
    let start = page
        .body
        .find(marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("a version field on the page: {}", page.body));
    let end = page.body[start..].find('"').expect("the value ends") + start;
    page.body[start..end].to_owned()
}

/// The report id in a redirect to its overview.
fn report_id(page: &Page) -> i32 {
    let location = page.location.clone().unwrap_or_default();
    location
        .trim_start_matches("/officer/publications/")
        .parse()
        .unwrap_or_else(|_| panic!("a redirect to the report: {location:?} {}", page.body))
}

/// The first monitoring report of an award.
async fn report_of(app: &TestApp, award: &award::Model) -> monitoring_report::Model {
    monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.eq(award.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the award has a report")
}

fn details<'a>(
    title: &'a str,
    slug: &'a str,
    start: &'a str,
    end: &'a str,
    fund: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("title", title),
        ("slug", slug),
        ("introduction", "What the fund did.\n\nAnd why."),
        ("period_start", start),
        ("period_end", end),
        ("fund", fund),
    ]
}

/// Starts a draft through the form; returns its id.
async fn start(officer: &TestClient, fields: &[(&str, &str)]) -> i32 {
    let created = officer.post("/officer/publications", fields).await;
    assert_eq!(created.status, Status::SeeOther, "{}", created.body);
    report_id(&created)
}

/// Posts to one of report `id`'s forms with the version its overview shows now.
async fn post_current(officer: &TestClient, id: i32, path: &str, fields: &[(&str, &str)]) -> Page {
    let version = version_on(&officer.get(&format!("/officer/publications/{id}")).await);
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    officer.post(path, &all).await
}

async fn publish(officer: &TestClient, id: i32) {
    let done = post_current(
        officer,
        id,
        &format!("/officer/publications/{id}/publish"),
        &[],
    )
    .await;
    assert_eq!(done.status, Status::SeeOther, "{}", done.body);
}

fn with_case_study(text: &str, consent: bool, published: bool) -> Report {
    Report {
        beneficiaries: Some(40),
        case_study: text.into(),
        consent,
        published,
        ..Report::default()
    }
}

#[rocket::async_test]
async fn an_officer_composes_a_report_end_to_end_and_the_public_reads_it_once_published() {
    let app = TestApp::new().await;
    let scheme = scheme(&app, "annual").await;
    let mut a = Grant::new("DCF-2026-0001");
    a.title = "Lunch club for older neighbours".into();
    a.reports = vec![with_case_study(
        "Mary found friends at the club.",
        true,
        true,
    )];
    let a_award = a.create(&app, &scheme).await;
    let mut b = Grant::new("DCF-2026-0002");
    b.title = "Riverside litter pick".into();
    b.create(&app, &scheme).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let fund_id = scheme.fund.id.to_string();

    let id = start(
        &officer,
        &details(
            "Investment Fund annual report 2026",
            "annual-report-2026",
            "2026-01-01",
            "2026-12-31",
            &fund_id,
        ),
    )
    .await;
    let sections = format!("/officer/publications/{id}/sections");
    for (heading, body) in [
        ("The year in brief", "A busy year."),
        ("What groups told us", "They told us plenty."),
    ] {
        let added = post_current(
            &officer,
            id,
            &sections,
            &[("heading", heading), ("body", body)],
        )
        .await;
        assert_eq!(added.status, Status::SeeOther, "{}", added.body);
    }
    let page = officer.get(&sections).await;
    let second = page
        .body
        .rfind("What groups told us")
        .and_then(|at| page.body[..at].rfind("id=\"section-"))
        .map(|at| &page.body[at + 12..])
        .and_then(|rest| rest.split('"').next())
        .expect("the second section's id")
        .to_owned();
    let moved = post_current(
        &officer,
        id,
        &format!("{sections}/{second}/move"),
        &[("direction", "up")],
    )
    .await;
    assert_eq!(moved.status, Status::SeeOther, "{}", moved.body);
    let changed = post_current(
        &officer,
        id,
        &format!("{sections}/{second}/edit"),
        &[
            ("heading", "What groups said"),
            ("body", "They said plenty."),
        ],
    )
    .await;
    assert_eq!(changed.status, Status::SeeOther, "{}", changed.body);

    for reference in ["dcf-2026-0001", "DCF-2026-0002"] {
        let added = post_current(
            &officer,
            id,
            &format!("/officer/publications/{id}/projects"),
            &[("reference", reference)],
        )
        .await;
        assert_eq!(added.status, Status::SeeOther, "{}", added.body);
    }
    let study = report_of(&app, &a_award).await;
    let choices = officer
        .get(&format!("/officer/publications/{id}/case-studies"))
        .await;
    assert!(choices.body.contains("Mary found friends at the club."));
    let added = post_current(
        &officer,
        id,
        &format!("/officer/publications/{id}/case-studies"),
        &[("report", &study.id.to_string())],
    )
    .await;
    assert_eq!(added.status, Status::SeeOther, "{}", added.body);

    let anonymous = app.client().await;
    assert_eq!(
        anonymous.get("/reports/annual-report-2026").await.status,
        Status::NotFound
    );
    let preview = officer
        .get(&format!("/officer/publications/{id}/preview"))
        .await;
    assert_eq!(preview.status, Status::Ok);
    assert!(preview.body.contains("Draft preview"));

    publish(&officer, id).await;

    let list = anonymous.get("/reports").await;
    assert!(list.body.contains("href=\"/reports/annual-report-2026\""));
    let report = anonymous.get("/reports/annual-report-2026").await;
    assert_eq!(report.status, Status::Ok);
    let body = &report.body;
    assert!(body.contains("Investment Fund annual report 2026"));
    assert!(body.contains("<p class=\"lead\">What the fund did.</p>"));
    let said = body.find("What groups said").expect("the changed section");
    let brief = body.find("The year in brief").expect("the first section");
    assert!(said < brief, "the moved section comes first");
    assert!(body.contains("They said plenty."));
    let lunch = body.find("Lunch club for older neighbours").unwrap();
    let litter = body.find("Riverside litter pick").unwrap();
    assert!(lunch < litter, "projects in the order chosen");
    assert!(body.contains("Mary found friends at the club."));
    assert!(body.contains("Amount awarded</dt><dd class=\"figures__value\">£3,000.00</dd>"));
    assert!(body.contains("Print this report"));
    assert!(!body.contains("Draft preview"));

    let audit = app
        .login_as(Role::Admin)
        .await
        .0
        .get("/admin/audit?entity=publication")
        .await;
    for action in [
        "publication.created",
        "publication.section_added",
        "publication.section_moved",
        "publication.section_changed",
        "publication.project_added",
        "publication.case_study_added",
        "publication.published",
    ] {
        assert!(audit.body.contains(action), "{action} in the audit log");
    }
}

#[rocket::async_test]
async fn the_figures_count_only_the_funds_awards_made_in_the_period_in_the_councils_time_zone() {
    let app = TestApp::new().await;
    let main = scheme(&app, "main").await;
    let other = scheme(&app, "other").await;
    let at = |y, m, d, h, min| {
        use chrono::TimeZone;
        chrono::Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    };
    // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (summer time): inside.
    let mut first = Grant::new("DCF-2026-0011");
    first.offered_at = at(2026, 3, 31, 23, 30);
    first.amount_pence = 100_000;
    first.paid = vec![40_000];
    first.reports = vec![Report {
        beneficiaries: Some(30),
        ..Report::default()
    }];
    first.create(&app, &main).await;
    // 22:30 UTC on 31 March 2026 is still 31 March in London: outside.
    let mut before = Grant::new("DCF-2026-0012");
    before.offered_at = at(2026, 3, 31, 22, 30);
    before.amount_pence = 200_000;
    before.create(&app, &main).await;
    // Noon on the last day: inside.
    let mut last = Grant::new("DCF-2027-0013");
    last.offered_at = noon(2027, 3, 31);
    last.amount_pence = 300_000;
    last.reports = vec![Report {
        beneficiaries: Some(5),
        ..Report::default()
    }];
    last.create(&app, &main).await;
    // 00:30 UTC on 1 April 2027 is 01:30 in London: the day after the period.
    let mut after = Grant::new("DCF-2027-0014");
    after.offered_at = at(2027, 4, 1, 0, 30);
    after.amount_pence = 400_000;
    after.create(&app, &main).await;
    // Inside the period, but another fund's.
    let mut elsewhere = Grant::new("DCF-2026-0015");
    elsewhere.offered_at = noon(2026, 6, 1);
    elsewhere.amount_pence = 500_000;
    elsewhere.create(&app, &other).await;
    // Inside the period and the fund, but cancelled: never a public grant.
    let mut cancelled = Grant::new("DCF-2026-0016");
    cancelled.award_status = entity::award::Status::Cancelled;
    cancelled.offered_at = noon(2026, 6, 1);
    cancelled.amount_pence = 600_000;
    cancelled.create(&app, &main).await;

    let (officer, _) = app.login_as(Role::Officer).await;
    let fund_id = main.fund.id.to_string();
    let id = start(
        &officer,
        &details(
            "Main fund 2026 to 2027",
            "main-2026",
            "2026-04-01",
            "2027-03-31",
            &fund_id,
        ),
    )
    .await;
    publish(&officer, id).await;

    let anonymous = app.client().await;
    let report = anonymous.get("/reports/main-2026").await;
    let tile =
        |label: &str, value: &str| format!("{label}</dt><dd class=\"figures__value\">{value}</dd>");
    // £1,000 + £3,000 awarded; £400 paid; 30 + 5 people; two grants from two groups.
    for (label, value) in [
        ("Amount awarded", "£4,000.00"),
        ("Amount paid", "£400.00"),
        ("Grants", "2"),
        ("Organisations funded", "2"),
        ("People reached", "35"),
    ] {
        assert!(
            report.body.contains(&tile(label, value)),
            "{label} {value}: {}",
            report.body
        );
    }

    // The same period over every fund adds the other fund's £5,000.
    let edit = format!("/officer/publications/{id}/edit");
    let changed = post_current(
        &officer,
        id,
        &edit,
        &details(
            "Main fund 2026 to 2027",
            "main-2026",
            "2026-04-01",
            "2027-03-31",
            "",
        ),
    )
    .await;
    assert_eq!(changed.status, Status::SeeOther, "{}", changed.body);
    let report = anonymous.get("/reports/main-2026").await;
    assert!(report.body.contains(&tile("Amount awarded", "£9,000.00")));
    assert!(report.body.contains("from every fund"));
}

#[rocket::async_test]
async fn a_draft_is_not_found_for_anyone_on_the_public_side_until_published() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let (applicant, _) = app.login_as(Role::Applicant).await;
    let (panel, _) = app.login_as(Role::Panel).await;
    let anonymous = app.client().await;
    let id = start(
        &officer,
        &details(
            "Draft report",
            "draft-report",
            "2026-01-01",
            "2026-12-31",
            "",
        ),
    )
    .await;

    for (who, browser) in [
        ("officer", &officer),
        ("applicant", &applicant),
        ("panel member", &panel),
        ("anonymous", &anonymous),
    ] {
        assert_eq!(
            browser.get("/reports/draft-report").await.status,
            Status::NotFound,
            "{who}"
        );
        assert!(!browser.get("/reports").await.body.contains("Draft report"));
    }
    for browser in [&applicant, &panel] {
        let preview = browser
            .get(&format!("/officer/publications/{id}/preview"))
            .await;
        assert_eq!(preview.status, Status::Forbidden);
    }
    assert_eq!(
        anonymous.get("/reports/no-such-report").await.status,
        Status::NotFound
    );

    publish(&officer, id).await;
    assert_eq!(
        anonymous.get("/reports/draft-report").await.status,
        Status::Ok
    );

    let back = post_current(
        &officer,
        id,
        &format!("/officer/publications/{id}/unpublish"),
        &[],
    )
    .await;
    assert_eq!(back.status, Status::SeeOther, "{}", back.body);
    assert_eq!(
        anonymous.get("/reports/draft-report").await.status,
        Status::NotFound
    );
    let audit = app
        .login_as(Role::Admin)
        .await
        .0
        .get("/admin/audit?entity=publication")
        .await;
    assert!(audit.body.contains("publication.unpublished"));
}

#[rocket::async_test]
async fn a_cancelled_award_and_an_unpublished_case_study_drop_out_of_a_published_report() {
    let app = TestApp::new().await;
    let scheme = scheme(&app, "drop").await;
    let mut kept = Grant::new("DCF-2026-0021");
    kept.title = "Kept project".into();
    kept.reports = vec![with_case_study("A story that stays.", true, true)];
    let kept_award = kept.create(&app, &scheme).await;
    let mut lost = Grant::new("DCF-2026-0022");
    lost.title = "Cancelled project".into();
    lost.reports = vec![with_case_study("A story of a cancelled grant.", true, true)];
    let lost_award = lost.create(&app, &scheme).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let id = start(
        &officer,
        &details("Stories", "stories", "2026-01-01", "2026-12-31", ""),
    )
    .await;
    for reference in ["DCF-2026-0021", "DCF-2026-0022"] {
        let added = post_current(
            &officer,
            id,
            &format!("/officer/publications/{id}/projects"),
            &[("reference", reference)],
        )
        .await;
        assert_eq!(added.status, Status::SeeOther, "{}", added.body);
    }
    let kept_study = report_of(&app, &kept_award).await;
    let lost_study = report_of(&app, &lost_award).await;
    for study in [&kept_study, &lost_study] {
        let added = post_current(
            &officer,
            id,
            &format!("/officer/publications/{id}/case-studies"),
            &[("report", &study.id.to_string())],
        )
        .await;
        assert_eq!(added.status, Status::SeeOther, "{}", added.body);
    }
    publish(&officer, id).await;
    let anonymous = app.client().await;
    let before = anonymous.get("/reports/stories").await;
    assert!(
        before.body.contains("Cancelled project") && before.body.contains("A story that stays.")
    );

    // The award is cancelled, and the kept project's case study is unpublished.
    let mut cancel: award::ActiveModel = lost_award.into();
    cancel.status = Set(entity::award::Status::Cancelled);
    cancel.update(&app.db).await.unwrap();
    let page = officer
        .get(&format!("/officer/reports/{}", kept_study.id))
        .await;
    let taken_back = officer
        .post(
            &format!("/officer/reports/{}/case-study/unpublish", kept_study.id),
            &[("version", &version_on(&page))],
        )
        .await;
    assert_eq!(taken_back.status, Status::SeeOther, "{}", taken_back.body);

    let after = anonymous.get("/reports/stories").await;
    assert_eq!(after.status, Status::Ok);
    assert!(after.body.contains("Kept project"));
    assert!(!after.body.contains("Cancelled project"));
    assert!(!after.body.contains("A story of a cancelled grant."));
    assert!(!after.body.contains("A story that stays."));
    let projects = officer
        .get(&format!("/officer/publications/{id}/projects"))
        .await;
    assert!(projects.body.contains("No longer public"));
    let studies = officer
        .get(&format!("/officer/publications/{id}/case-studies"))
        .await;
    assert_eq!(studies.status, Status::Ok);
    assert_eq!(studies.body.matches("No longer public</strong>").count(), 2);
}

#[rocket::async_test]
async fn bad_details_come_back_with_messages_beside_the_fields_and_what_was_typed() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    start(
        &officer,
        &details("Taken", "taken", "2026-01-01", "2026-12-31", ""),
    )
    .await;

    let blank = officer
        .post(
            "/officer/publications",
            &details("", "fresh-slug", "2026-12-31", "2026-01-01", ""),
        )
        .await;
    assert_eq!(blank.status, Status::UnprocessableEntity);
    assert!(blank.title().starts_with("Error: "));
    assert!(blank.body.contains("There is a problem"));
    assert!(blank.body.contains("id=\"title-error\""));
    assert!(blank.body.contains("Enter the report&#x27;s title"));
    assert!(blank.body.contains("id=\"period_end-error\""));
    assert!(
        blank
            .body
            .contains("The last day must be the same as or after the first day")
    );
    assert!(blank.body.contains("value=\"fresh-slug\""));
    assert!(
        blank.body.contains("value=\"2026-12-31\"") && blank.body.contains("value=\"2026-01-01\"")
    );
    assert!(
        blank
            .body
            .contains(">What the fund did.\n\nAnd why.</textarea>"),
        "{}",
        blank.body
    );

    let duplicate = officer
        .post(
            "/officer/publications",
            &details("Another", "taken", "2026-01-01", "2026-12-31", ""),
        )
        .await;
    assert_eq!(duplicate.status, Status::UnprocessableEntity);
    assert!(duplicate.body.contains("id=\"slug-error\""));
    assert!(
        duplicate
            .body
            .contains("Another published report already uses this web address name")
    );
    assert!(duplicate.body.contains("value=\"Another\""));

    let unknown_fund = officer
        .post(
            "/officer/publications",
            &details("Fund", "fund-report", "2026-01-01", "2026-12-31", "99999"),
        )
        .await;
    assert_eq!(unknown_fund.status, Status::UnprocessableEntity);
    assert!(unknown_fund.body.contains("Choose a fund from the list"));
}

#[rocket::async_test]
async fn only_published_projects_can_be_chosen_by_reference() {
    let app = TestApp::new().await;
    let scheme = scheme(&app, "refs").await;
    let mut offered = Grant::new("DCF-2026-0031");
    offered.award_status = entity::award::Status::Offered;
    offered.create(&app, &scheme).await;
    Grant::new("DCF-2026-0032").create(&app, &scheme).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let id = start(
        &officer,
        &details("Refs", "refs", "2026-01-01", "2026-12-31", ""),
    )
    .await;
    let path = format!("/officer/publications/{id}/projects");

    for reference in ["DCF-2099-9999", "DCF-2026-0031"] {
        let refused = post_current(&officer, id, &path, &[("reference", reference)]).await;
        assert_eq!(refused.status, Status::UnprocessableEntity, "{reference}");
        assert!(refused.body.contains("id=\"reference-error\""));
        assert!(refused.body.contains(&format!(
            "There is no published project with the reference {reference}"
        )));
        assert!(refused.body.contains(&format!("value=\"{reference}\"")));
    }
    let added = post_current(&officer, id, &path, &[("reference", "DCF-2026-0032")]).await;
    assert_eq!(added.status, Status::SeeOther);
    let twice = post_current(&officer, id, &path, &[("reference", "DCF-2026-0032")]).await;
    assert_eq!(twice.status, Status::UnprocessableEntity);
    assert!(
        twice
            .body
            .contains("DCF-2026-0032 is already in this report")
    );

    let blank_section = post_current(
        &officer,
        id,
        &format!("/officer/publications/{id}/sections"),
        &[("heading", ""), ("body", "Typed text")],
    )
    .await;
    assert_eq!(blank_section.status, Status::UnprocessableEntity);
    assert!(
        blank_section
            .body
            .contains("Enter the section&#x27;s heading")
    );
    assert!(blank_section.body.contains(">Typed text</textarea>"));
}

#[rocket::async_test]
async fn a_change_made_from_a_stale_page_is_refused_and_nothing_is_saved() {
    let app = TestApp::new().await;
    let (first, _) = app.login_as(Role::Officer).await;
    let (second, _) = app.login_as(Role::Officer).await;
    let id = start(
        &first,
        &details("Original", "original", "2026-01-01", "2026-12-31", ""),
    )
    .await;
    let edit = format!("/officer/publications/{id}/edit");
    let seen = version_on(&first.get(&edit).await);

    let added = post_current(
        &second,
        id,
        &format!("/officer/publications/{id}/sections"),
        &[
            ("heading", "Meanwhile"),
            ("body", "Another officer wrote this."),
        ],
    )
    .await;
    assert_eq!(added.status, Status::SeeOther);

    let mut fields = vec![("version", seen.as_str())];
    fields.extend(details(
        "Overwritten",
        "original",
        "2026-01-01",
        "2026-12-31",
        "",
    ));
    let stale = first.post(&edit, &fields).await;
    assert_eq!(stale.status, Status::UnprocessableEntity);
    assert!(
        stale
            .body
            .contains("Someone else changed this report while you were working on it")
    );
    assert!(
        stale.body.contains("value=\"Overwritten\""),
        "what was typed is kept"
    );
    let overview = first.get(&format!("/officer/publications/{id}")).await;
    assert!(overview.body.contains("Original") && !overview.body.contains("Overwritten"));

    let stale_publish = first
        .post(
            &format!("/officer/publications/{id}/publish"),
            &[("version", seen.as_str())],
        )
        .await;
    assert_eq!(stale_publish.status, Status::UnprocessableEntity);
    assert_eq!(
        app.client().await.get("/reports/original").await.status,
        Status::NotFound
    );
}

#[rocket::async_test]
async fn an_officer_publishes_a_consented_case_study_of_an_accepted_report_and_can_take_it_back() {
    let app = TestApp::new().await;
    let scheme = scheme(&app, "studies").await;
    let mut grant = Grant::new("DCF-2026-0041");
    grant.reports = vec![with_case_study("Sam learnt to cook.", true, false)];
    let award = grant.create(&app, &scheme).await;
    let report = report_of(&app, &award).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let anonymous = app.client().await;
    let page_path = format!("/officer/reports/{}", report.id);

    assert!(
        !anonymous
            .get("/projects/DCF-2026-0041")
            .await
            .body
            .contains("Sam learnt to cook.")
    );
    let page = officer.get(&page_path).await;
    assert!(page.body.contains("Not published"));
    let published = officer
        .post(
            &format!("{page_path}/case-study/publish"),
            &[("version", &version_on(&page))],
        )
        .await;
    assert_eq!(published.status, Status::SeeOther, "{}", published.body);
    let project = anonymous.get("/projects/DCF-2026-0041").await;
    assert!(
        project.body.contains("Sam learnt to cook."),
        "{}",
        project.body
    );
    let page = officer.get(&page_path).await;
    assert!(page.body.contains("Unpublish the case study"));

    let again = officer
        .post(
            &format!("{page_path}/case-study/publish"),
            &[("version", &version_on(&page))],
        )
        .await;
    assert_eq!(again.status, Status::UnprocessableEntity);
    assert!(again.body.contains("This case study is already published."));

    let unpublished = officer
        .post(
            &format!("{page_path}/case-study/unpublish"),
            &[("version", &version_on(&page))],
        )
        .await;
    assert_eq!(unpublished.status, Status::SeeOther, "{}", unpublished.body);
    assert!(
        !anonymous
            .get("/projects/DCF-2026-0041")
            .await
            .body
            .contains("Sam learnt to cook.")
    );

    let audit = app
        .login_as(Role::Admin)
        .await
        .0
        .get("/admin/audit?entity=monitoring_report")
        .await;
    assert!(audit.body.contains("report.case_study_published"));
    assert!(audit.body.contains("report.case_study_unpublished"));
}

#[rocket::async_test]
async fn a_case_study_without_consent_or_text_or_from_an_unaccepted_report_is_never_published() {
    let app = TestApp::new().await;
    let scheme = scheme(&app, "refusals").await;
    let cases = [
        (
            "DCF-2026-0051",
            with_case_study("No consent given.", false, false),
            "did not confirm",
        ),
        (
            "DCF-2026-0052",
            with_case_study("", true, false),
            "no case study to publish",
        ),
        (
            "DCF-2026-0053",
            Report {
                status: Some(entity::monitoring_report::Status::Submitted),
                ..with_case_study("Not yet accepted.", true, false)
            },
            "accept the report first",
        ),
    ];
    let (officer, _) = app.login_as(Role::Officer).await;
    for (reference, report, message) in cases {
        let mut grant = Grant::new(reference);
        grant.reports = vec![report.clone()];
        let award = grant.create(&app, &scheme).await;
        let report = report_of(&app, &award).await;
        let path = format!("/officer/reports/{}", report.id);
        let page = officer.get(&path).await;
        assert!(!page.body.contains("Publish the case study"), "{reference}");
        let refused = officer
            .post(
                &format!("{path}/case-study/publish"),
                &[("version", &report.version.to_string())],
            )
            .await;
        assert_eq!(refused.status, Status::UnprocessableEntity, "{reference}");
        assert!(
            refused.body.contains(message),
            "{reference}: {}",
            refused.body
        );
        let stored = report_of(&app, &award).await;
        assert_eq!(stored.case_study_published_at, None, "{reference}");
    }

    // A form drawn before the report changed is refused too.
    let mut grant = Grant::new("DCF-2026-0054");
    grant.reports = vec![with_case_study("Fine to publish.", true, false)];
    let award = grant.create(&app, &scheme).await;
    let report = report_of(&app, &award).await;
    let stale = officer
        .post(
            &format!("/officer/reports/{}/case-study/publish", report.id),
            &[("version", &(report.version - 1).to_string())],
        )
        .await;
    assert_eq!(stale.status, Status::UnprocessableEntity);
    assert!(stale.body.contains("Someone else changed this report"));
}

/// The cells of the table row headed `label`.
fn row_of<'a>(body: &'a str, label: &str) -> &'a str {
    let start = body
        .find(&format!("scope=\"row\">{label}</th>"))
        .unwrap_or_else(|| panic!("a row for {label}"));
    let end = body[start..].find("</tr>").expect("the row ends") + start;
    &body[start..end]
}

#[rocket::async_test]
async fn a_report_on_one_fund_and_year_shows_the_hand_counted_figures_of_the_shared_world() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let alpha = w.alpha.fund.id.to_string();
    let beta = w.beta.fund.id.to_string();
    let id = start(
        &officer,
        &details(
            "Alpha in 2026",
            "alpha-2026",
            "2026-01-01",
            "2026-12-31",
            &alpha,
        ),
    )
    .await;
    publish(&officer, id).await;
    let other = start(
        &officer,
        &details(
            "Beta in 2026",
            "beta-2026",
            "2026-01-01",
            "2026-12-31",
            &beta,
        ),
    )
    .await;
    publish(&officer, other).await;
    let anonymous = app.client().await;

    // SWIM (£1,500, £750 paid, 60 people) and SHED (£500, its report not yet accepted);
    // CAFE is beta's and 2025's; the offered, refused and cancelled awards never count.
    let report = anonymous.get("/reports/alpha-2026").await;
    let tile =
        |label: &str, value: &str| format!("{label}</dt><dd class=\"figures__value\">{value}</dd>");
    for (label, value) in [
        ("Amount awarded", "£2,000.00"),
        ("Amount paid", "£750.00"),
        ("Grants", "2"),
        ("People reached", "60"),
    ] {
        assert!(report.body.contains(&tile(label, value)), "{label} {value}");
    }
    assert!(row_of(&report.body, &w.abbey.name).contains("£1,500.00"));
    assert!(row_of(&report.body, &w.bridge.name).contains("£0.00"));
    assert!(row_of(&report.body, &w.health.title).contains("£1,500.00"));
    assert!(row_of(&report.body, &w.jobs.title).contains("£0.00"));
    assert!(
        report.body.contains("<svg class=\"chart\""),
        "charts are drawn"
    );

    let empty = anonymous.get("/reports/beta-2026").await;
    assert!(empty.body.contains(&tile("Amount awarded", "£0.00")));
    assert!(empty.body.contains(&tile("Grants", "0")));

    // The world's published case study is there to choose; SHED's submitted report is not.
    let choices = officer
        .get(&format!("/officer/publications/{id}/case-studies"))
        .await;
    assert!(choices.body.contains("Maisie swam her first length at 71."));
    assert_eq!(choices.body.matches("Add to the report").count(), 1);
}
