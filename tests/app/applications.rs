//! Applying online: start after the quiz, the task list, check your answers,
//! submitting by the deadline, withdrawing, and privacy between organisations.

use chrono::Duration;
use entity::user::Role;
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::support::{TestApp, TestClient, builders};

/// What a test needs: an open round with a quiz question, an extra question, an
/// outcome with an indicator and a ward; and an applicant with an organisation.
struct World {
    round_slug: String,
    quiz_field: String,
    question_field: String,
    outcome_id: i32,
    indicator_id: i32,
    ward_id: i32,
    organisation_id: i32,
    browser: TestClient,
    applicant_email: String,
}

async fn world(app: &TestApp) -> World {
    let fund = builders::fund(app, "fund", 50_000).await;
    let round = builders::published_round(app, &fund, "small-grants", 10_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    officer
        .post(
            "/officer/rounds/small-grants/quiz",
            &[
                ("question", "Are you based here?"),
                ("qualifying_answer", "yes"),
                ("failure_message", "Local groups only"),
            ],
        )
        .await;
    officer
        .post(
            "/officer/rounds/small-grants/questions",
            &[
                ("prompt", "Who will take part?"),
                ("kind", "long_text"),
                ("word_limit", "50"),
                ("required", "true"),
            ],
        )
        .await;
    let quiz = dealfund::services::rounds::items::quiz(&app.db, round.id)
        .await
        .unwrap();
    let question = dealfund::services::rounds::items::questions(&app.db, round.id)
        .await
        .unwrap();
    let outcome = entity::outcome::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("an outcome");
    let indicator = entity::indicator::ActiveModel {
        outcome_id: Set(outcome.id),
        name: Set("People taking part".into()),
        unit: Set("people".into()),
        description: Set(String::new()),
        position: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let ward = entity::ward::ActiveModel {
        name: Set("Northfield".into()),
        code: Set("E05011201".into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let (browser, applicant) = app.login_as(Role::Applicant).await;
    let page = browser
        .post(
            "/organisations",
            &[
                ("name", "Northfield Befriending"),
                ("kind", "constituted_group"),
                ("charity_number", ""),
                ("company_number", ""),
                ("postcode", "AS1 2AB"),
                ("ward_id", ""),
                ("website", ""),
                ("phone", ""),
            ],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther);
    let organisation = entity::organisation::Entity::find()
        .filter(entity::organisation::Column::Name.eq("Northfield Befriending"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    World {
        round_slug: round.slug,
        quiz_field: format!("q{}", quiz[0].id),
        question_field: format!("q{}", question[0].id),
        outcome_id: outcome.id,
        indicator_id: indicator.id,
        ward_id: ward.id,
        organisation_id: organisation.id,
        browser,
        applicant_email: applicant.email,
    }
}

/// Starts an application and returns its task-list path.
async fn start(w: &World) -> String {
    start_for(w, w.organisation_id).await
}

/// Starts an application for one of the applicant's organisations.
async fn start_for(w: &World, organisation_id: i32) -> String {
    let org = organisation_id.to_string();
    let page = w
        .browser
        .post(
            &format!("/rounds/{}/apply", w.round_slug),
            &[("organisation_id", &org), (&w.quiz_field, "yes")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    page.location.expect("the task list")
}

async fn version(w: &World, path: &str) -> String {
    let page = w.browser.get(path).await;
    let marker = "name=\"version\" value=\"";
    let start = page
        .body
        .find(marker)
        .map(|i| i + marker.len())
        .expect("a version field");
    page.body[start..start + page.body[start..].find('"').unwrap()].to_owned()
}

/// Fills in every section correctly.
async fn complete(w: &World, task_list: &str) {
    let ward = w.ward_id.to_string();
    let sections: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "about",
            vec![
                ("title".into(), "Phone friends for older neighbours".into()),
                (
                    "summary".into(),
                    "Weekly befriending calls from trained volunteers.".into(),
                ),
                ("start_date".into(), "2027-01-10".into()),
                ("end_date".into(), "2027-12-10".into()),
                ("wards".into(), ward.clone()),
            ],
        ),
        (
            "budget",
            vec![
                ("line-0-item".into(), "Volunteer training".into()),
                ("line-0-category".into(), "training".into()),
                ("line-0-amount".into(), "600".into()),
                ("line-1-item".into(), "Phone credit".into()),
                ("line-1-category".into(), "equipment".into()),
                ("line-1-amount".into(), "400.50".into()),
            ],
        ),
        (
            "outcomes",
            vec![
                ("outcomes".into(), w.outcome_id.to_string()),
                (format!("target-{}", w.indicator_id), "40".into()),
                (
                    format!("measure-{}", w.outcome_id),
                    "A register of calls and a short survey".into(),
                ),
            ],
        ),
        (
            "questions",
            vec![(
                w.question_field.clone(),
                "Older people living alone in Northfield".into(),
            )],
        ),
        (
            "partners",
            vec![
                ("funding-0-source".into(), "Parish council".into()),
                ("funding-0-amount".into(), "250".into()),
                ("funding-0-secured".into(), "yes".into()),
            ],
        ),
        (
            "declaration",
            vec![
                ("confirm_true".into(), "yes".into()),
                ("consent".into(), "yes".into()),
                ("name".into(), "Jo Bloggs".into()),
            ],
        ),
    ];
    for (section, fields) in sections {
        let path = format!("{task_list}/{section}");
        let v = version(w, &path).await;
        let mut all: Vec<(&str, &str)> = vec![("version", &v), ("action", "continue")];
        all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let page = w.browser.post(&path, &all).await;
        assert_eq!(page.status, Status::SeeOther, "{section}: {}", page.body);
    }
}

#[rocket::async_test]
async fn a_group_applies_from_start_to_submission_and_gets_a_reference() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    let tasks = w.browser.get(&task_list).await;
    assert!(tasks.body.contains("You have completed 0 of 6 sections"));
    assert!(tasks.body.contains("Not started"));

    complete(&w, &task_list).await;
    let tasks = w.browser.get(&task_list).await;
    assert!(
        tasks.body.contains("You have completed 6 of 6 sections"),
        "{}",
        tasks.body
    );

    let check = w.browser.get(&format!("{task_list}/check")).await;
    for shown in [
        "Phone friends for older neighbours",
        "Northfield",
        "£1,000.50",
        "40 people",
        "Parish council",
        "Jo Bloggs",
    ] {
        assert!(
            check.body.contains(shown),
            "check your answers shows {shown}"
        );
    }
    let v = version(&w, &format!("{task_list}/check")).await;
    let submitted = w
        .browser
        .post(&format!("{task_list}/submit"), &[("version", &v)])
        .await;
    assert_eq!(submitted.status, Status::SeeOther, "{}", submitted.body);
    let year = app.clock.now().format("%Y").to_string();
    let expected = format!("/applications/DCF-{year}-0001/submitted");
    assert_eq!(submitted.location.as_deref(), Some(expected.as_str()));
    let confirmation = w.browser.get(&expected).await;
    assert!(
        confirmation.body.contains(&format!("DCF-{year}-0001"))
            && confirmation.body.contains("What happens next")
    );
    let mine = w.browser.get("/applications").await;
    assert!(
        mine.body.contains("Submitted")
            && mine
                .body
                .contains("The council is checking your application")
    );
    let old_link = w.browser.get(&format!("{task_list}/about")).await;
    assert_eq!(
        old_link.status,
        Status::SeeOther,
        "a submitted application is read-only"
    );
}

#[rocket::async_test]
async fn the_quiz_must_be_passed_and_one_live_application_per_round_is_allowed() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let org = w.organisation_id.to_string();
    let apply = format!("/rounds/{}/apply", w.round_slug);
    let refused = w
        .browser
        .post(&apply, &[("organisation_id", &org), (&w.quiz_field, "no")])
        .await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(refused.body.contains("Local groups only"));
    let unanswered = w.browser.post(&apply, &[("organisation_id", "")]).await;
    assert!(
        unanswered
            .body
            .contains("Choose the organisation you are applying for")
    );
    assert!(unanswered.body.contains("Select yes or no"));

    start(&w).await;
    let twice = w
        .browser
        .post(&apply, &[("organisation_id", &org), (&w.quiz_field, "yes")])
        .await;
    assert_eq!(twice.status, Status::UnprocessableEntity);
    assert!(
        twice
            .body
            .contains("This organisation has already applied to this round")
    );
}

#[rocket::async_test]
async fn every_section_keeps_what_was_typed_and_says_what_is_wrong() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    let path = format!("{task_list}/about");
    let v = version(&w, &path).await;
    let long_summary = "word ".repeat(301);
    let page = w
        .browser
        .post(
            &path,
            &[
                ("version", &v),
                ("action", "continue"),
                ("title", "Kept title"),
                ("summary", &long_summary),
                ("start_date", "2027-05-01"),
                ("end_date", "2029-05-01"),
            ],
        )
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.title().starts_with("Error: "));
    assert!(
        page.body
            .contains("Summary must be 300 words or fewer: it has 301")
    );
    assert!(page.body.contains("can last up to 12 months"));
    assert!(page.body.contains("Choose at least one ward"));
    assert!(page.body.contains("value=\"Kept title\""));
    let tasks = w.browser.get(&task_list).await;
    assert!(
        tasks.body.contains("In progress"),
        "saved even though something was wrong"
    );
    assert!(tasks.body.contains("Kept title"));

    let budget = format!("{task_list}/budget");
    let v = version(&w, &budget).await;
    let page = w
        .browser
        .post(
            &budget,
            &[
                ("version", &v),
                ("action", "continue"),
                ("line-0-item", "Hall hire"),
                ("line-0-category", "venue"),
                ("line-0-amount", "9000"),
            ],
        )
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(page.body.contains(
        "Your budget adds up to £9,000.00: this round gives grants of £250.00 to £2,000.00"
    ));
    let v = version(&w, &budget).await;
    let bad_amount = w
        .browser
        .post(
            &budget,
            &[
                ("version", &v),
                ("action", "continue"),
                ("line-0-item", "Hall hire"),
                ("line-0-category", ""),
                ("line-0-amount", "lots"),
            ],
        )
        .await;
    assert!(bad_amount.body.contains("Line 1: choose a category"));
    assert!(bad_amount.body.contains("value=\"lots\""));

    let declaration = format!("{task_list}/declaration");
    let v = version(&w, &declaration).await;
    let page = w
        .browser
        .post(
            &declaration,
            &[("version", &v), ("action", "continue"), ("name", "")],
        )
        .await;
    assert!(
        page.body
            .contains("Confirm that the information you have given is true")
    );
    assert!(
        page.body
            .contains("Enter the full name of the person making this declaration")
    );
}

#[rocket::async_test]
async fn a_save_from_an_older_tab_is_refused_and_the_newer_text_shown() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    let path = format!("{task_list}/about");
    let old = version(&w, &path).await;
    let first = w
        .browser
        .post(
            &path,
            &[
                ("version", &old),
                ("action", "later"),
                ("title", "Newer title"),
                ("summary", "s"),
            ],
        )
        .await;
    assert_eq!(first.status, Status::SeeOther);
    let second = w
        .browser
        .post(
            &path,
            &[
                ("version", &old),
                ("action", "later"),
                ("title", "Older tab's title"),
                ("summary", "s"),
            ],
        )
        .await;
    assert_eq!(second.status, Status::UnprocessableEntity);
    assert!(second.body.contains("changed somewhere else"));
    assert!(
        second.body.contains("value=\"Newer title\""),
        "the newer text is shown"
    );
    assert!(w.browser.get(&task_list).await.body.contains("Newer title"));
}

#[rocket::async_test]
async fn submitting_follows_the_server_clock_to_the_second() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    complete(&w, &task_list).await;
    let round = dealfund::services::rounds::by_slug(&app.db, &w.round_slug)
        .await
        .unwrap();
    // A session ends after 12 idle hours or 7 days in all: jump, then sign in again.
    app.clock
        .advance(round.closes_at - app.clock.now() - Duration::minutes(1));
    w.browser
        .login(&w.applicant_email, crate::support::PASSWORD)
        .await;
    app.clock
        .advance(round.closes_at - app.clock.now() - Duration::seconds(1));
    let check = w.browser.get(&format!("{task_list}/check")).await;
    assert!(
        check.body.contains("Submit application"),
        "one second before the deadline"
    );

    app.clock.advance(Duration::seconds(2));
    let v = version(&w, &format!("{task_list}/about")).await;
    let late = w
        .browser
        .post(&format!("{task_list}/submit"), &[("version", &v)])
        .await;
    assert_eq!(late.status, Status::UnprocessableEntity);
    assert!(
        late.body
            .contains("so this draft can no longer be submitted")
    );
    let tasks = w.browser.get(&task_list).await;
    assert!(
        tasks
            .body
            .contains("You can still read it and copy its text")
    );
}

#[rocket::async_test]
async fn submitting_before_every_section_is_complete_is_refused() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    let v = version(&w, &format!("{task_list}/about")).await;
    let page = w
        .browser
        .post(&format!("{task_list}/submit"), &[("version", &v)])
        .await;
    assert_eq!(page.status, Status::UnprocessableEntity);
    assert!(
        page.body
            .contains("Complete every section before you submit")
    );
}

#[rocket::async_test]
async fn concurrent_submits_get_distinct_references_without_gaps() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let mut keys = Vec::new();
    for n in 0..3 {
        let org = entity::organisation::ActiveModel {
            name: Set(format!("Group {n}")),
            kind: Set(entity::organisation::Kind::Other),
            postcode: Set("AS1 2AB".into()),
            created_at: Set(app.clock.now()),
            updated_at: Set(app.clock.now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        let owner = entity::organisation_member::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .user_id;
        entity::organisation_member::ActiveModel {
            organisation_id: Set(org.id),
            user_id: Set(owner),
            is_owner: Set(true),
            created_at: Set(app.clock.now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        let task_list = start_for(&w, org.id).await;
        complete(&w, &task_list).await;
        keys.push(task_list.trim_start_matches("/applications/").to_owned());
    }
    let owner = entity::organisation_member::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .user_id;
    let actor = dealfund::services::audit::Actor::system();
    let tz = app.config.time_zone;
    let submit = |key: String| {
        let (actor, db, clock) = (actor.clone(), app.db.clone(), app.clock.clone());
        let notifier = app.notifier();
        async move {
            let current = dealfund::services::applications::for_member(&db, owner, &key)
                .await
                .unwrap();
            dealfund::services::applications::submit(
                &db,
                &clock,
                &notifier,
                &actor,
                tz,
                owner,
                &key,
                current.version,
            )
            .await
        }
    };
    let (a, b, c) = tokio::join!(
        submit(keys[0].clone()),
        submit(keys[1].clone()),
        submit(keys[2].clone())
    );
    let results = vec![a, b, c];
    let mut references: Vec<String> = results
        .into_iter()
        .map(|r| r.expect("submitted").reference.unwrap())
        .collect();
    references.sort();
    let year = app.clock.now().format("%Y").to_string();
    assert_eq!(
        references,
        (1..=3)
            .map(|n| format!("DCF-{year}-{n:04}"))
            .collect::<Vec<_>>()
    );
}

#[rocket::async_test]
async fn an_applicant_withdraws_after_confirming() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    let confirm = w.browser.get(&format!("{task_list}/withdraw")).await;
    assert!(
        confirm
            .body
            .contains("Are you sure you want to withdraw this application?")
    );
    let done = w.browser.post(&format!("{task_list}/withdraw"), &[]).await;
    assert_eq!(done.status, Status::SeeOther);
    assert!(
        w.browser
            .get("/applications")
            .await
            .body
            .contains("Withdrawn")
    );
    let again = w.browser.post(&format!("{task_list}/withdraw"), &[]).await;
    assert_eq!(again.status, Status::UnprocessableEntity);
    start(&w).await; // a withdrawn one no longer counts
}

#[rocket::async_test]
async fn nobody_outside_the_organisation_can_read_or_change_its_application() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    let (stranger, _) = app.login_as(Role::Applicant).await;
    for section in [
        "",
        "/about",
        "/budget",
        "/outcomes",
        "/questions",
        "/partners",
        "/declaration",
        "/check",
        "/withdraw",
        "/submitted",
    ] {
        assert_eq!(
            stranger.get(&format!("{task_list}{section}")).await.status,
            Status::NotFound,
            "GET {section}"
        );
    }
    for section in ["/about", "/submit", "/withdraw"] {
        let page = stranger
            .post(
                &format!("{task_list}{section}"),
                &[("version", "1"), ("action", "later"), ("title", "x")],
            )
            .await;
        assert_eq!(page.status, Status::NotFound, "POST {section}");
    }
    assert!(
        !stranger
            .get("/applications")
            .await
            .body
            .contains("/applications/draft-")
    );
}

#[rocket::async_test]
async fn a_returned_application_shows_the_message_and_can_be_resubmitted_until_its_date() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    complete(&w, &task_list).await;
    let v = version(&w, &format!("{task_list}/about")).await;
    let submitted = w
        .browser
        .post(&format!("{task_list}/submit"), &[("version", &v)])
        .await;
    let reference_path = submitted
        .location
        .unwrap()
        .trim_end_matches("/submitted")
        .to_owned();
    let reference = reference_path
        .trim_start_matches("/applications/")
        .to_owned();

    // The council returns it (screening is the officers' area): message and a date.
    let stored = entity::application::Entity::find()
        .filter(entity::application::Column::Reference.eq(&reference))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let by = (app.clock.now() + Duration::days(3)).date_naive();
    let mut change: entity::application::ActiveModel = stored.clone().into();
    change.status = Set(entity::application::Status::Returned);
    change.officer_message = Set(Some("Please split the training costs by session".into()));
    change.resubmit_by = Set(Some(by));
    change.version = Set(stored.version + 1);
    change.update(&app.db).await.unwrap();

    let tasks = w.browser.get(&reference_path).await;
    assert!(tasks.body.contains("The council has asked for changes"));
    assert!(
        tasks
            .body
            .contains("Please split the training costs by session")
    );
    let about = format!("{reference_path}/about");
    let v = version(&w, &about).await;
    let ward = w.ward_id.to_string();
    let changed = w
        .browser
        .post(
            &about,
            &[
                ("version", &v),
                ("action", "continue"),
                ("title", "Phone friends, with training by session"),
                ("summary", "Weekly calls."),
                ("start_date", "2027-01-10"),
                ("end_date", "2027-12-10"),
                ("wards", &ward),
            ],
        )
        .await;
    assert_eq!(changed.status, Status::SeeOther, "{}", changed.body);
    let v = version(&w, &about).await;
    let again = w
        .browser
        .post(&format!("{reference_path}/submit"), &[("version", &v)])
        .await;
    assert_eq!(again.status, Status::SeeOther, "{}", again.body);
    assert_eq!(
        again.location.as_deref(),
        Some(format!("{reference_path}/submitted").as_str()),
        "same reference"
    );
    let audit = app
        .login_as(Role::Admin)
        .await
        .0
        .get("/admin/audit?action=application.resubmitted")
        .await;
    assert!(audit.body.contains(&reference));
}

#[rocket::async_test]
async fn a_returned_application_cannot_be_resubmitted_after_its_date() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    complete(&w, &task_list).await;
    let stored = entity::application::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut change: entity::application::ActiveModel = stored.clone().into();
    change.status = Set(entity::application::Status::Returned);
    change.reference = Set(Some("DCF-2026-0099".into()));
    change.officer_message = Set(Some("Add your constitution".into()));
    change.resubmit_by = Set(Some((app.clock.now() - Duration::days(2)).date_naive()));
    let updated = change.update(&app.db).await.unwrap();
    let check = w.browser.get("/applications/DCF-2026-0099/check").await;
    assert!(
        !check.body.contains("Submit application"),
        "no submit button after the date"
    );
    let v = updated.version.to_string();
    let late = w
        .browser
        .post("/applications/DCF-2026-0099/submit", &[("version", &v)])
        .await;
    assert_eq!(late.status, Status::UnprocessableEntity);
    assert!(late.body.contains("can no longer be resubmitted"));
}

#[rocket::async_test]
async fn every_application_and_organisation_page_is_404_to_other_applicants() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    let key = task_list.trim_start_matches("/applications/").to_owned();
    let organisation = w.organisation_id.to_string();
    let (stranger, _) = app.login_as(Role::Applicant).await;
    let rocket = app.rocket();
    let routes: Vec<(rocket::http::Method, String)> = rocket
        .routes()
        .filter(|r| {
            r.uri.path().starts_with("/applications/<")
                || r.uri.path().starts_with("/organisations/<")
        })
        .map(|r| {
            let path = r
                .uri
                .path()
                .split('/')
                .map(|segment| match segment {
                    "<key>" => key.as_str(),
                    "<id>" => organisation.as_str(),
                    "<section>" => "about",
                    "<member>" | "<invitation>" => "1",
                    s => s,
                })
                .collect::<Vec<_>>()
                .join("/");
            (r.method, path)
        })
        .collect();
    assert!(routes.len() >= 12, "{routes:?}");
    for (method, path) in routes {
        let page = if method == rocket::http::Method::Get {
            stranger.get(&path).await
        } else {
            // Every field any of these forms reads, so that each reaches its handler.
            let fields = [
                ("version", "1"),
                ("action", "later"),
                ("email", "x@example.org"),
                ("name", "Taken over"),
                ("kind", "other"),
                ("charity_number", ""),
                ("company_number", ""),
                ("postcode", "AS1 2AB"),
                ("ward_id", ""),
                ("website", ""),
                ("phone", ""),
            ];
            stranger.post(&path, &fields).await
        };
        assert_eq!(page.status, Status::NotFound, "{method} {path}");
    }
}

#[rocket::async_test]
async fn the_demo_applicant_can_carry_on_with_a_returned_application() {
    let app = TestApp::new().await;
    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .expect("seed the demo");
    let browser = app.client().await;
    let page = browser
        .login(
            "applicant@example.org",
            dealfund::tools::demo::DEMO_PASSWORD,
        )
        .await;
    assert_eq!(page.status, Status::SeeOther);
    let mine = browser.get("/applications").await;
    assert!(
        mine.body.contains("Returned for changes") && mine.body.contains("Draft"),
        "{}",
        mine.body
    );
    let returned = entity::application::Entity::find()
        .filter(entity::application::Column::Status.eq("returned"))
        .all(&app.db)
        .await
        .unwrap();
    let mut found = false;
    for candidate in returned {
        let key = dealfund::format::application_key(&candidate);
        let tasks = browser.get(&format!("/applications/{key}")).await;
        if tasks.status == Status::Ok {
            found = true;
            assert!(tasks.body.contains("The council has asked for changes"));
            assert!(
                tasks.body.contains("You have completed 6 of 6 sections"),
                "{}",
                tasks.body
            );
        }
    }
    assert!(found, "the demo applicant has a returned application");
}

#[rocket::async_test]
async fn submitting_emails_the_reference_to_the_organisations_members_over_smtp() {
    use dealfund::services::notify::deliver;
    let app = TestApp::new().await;
    let w = world(&app).await;
    let member = entity::organisation_member::Entity::find()
        .filter(entity::organisation_member::Column::OrganisationId.eq(w.organisation_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let applicant = entity::user::Entity::find_by_id(member.user_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let task_list = start(&w).await;
    complete(&w, &task_list).await;
    let v = version(&w, &format!("{task_list}/check")).await;
    assert!(
        crate::notify::fixtures::outbox_of(&app, "application_submitted")
            .await
            .is_empty(),
        "nothing is sent for a draft"
    );

    w.browser
        .post(&format!("{task_list}/submit"), &[("version", &v)])
        .await;
    let receiver = crate::notify::smtp::SmtpReceiver::start().await;
    let worker = crate::notify::fixtures::mailer(&app, receiver.port, "w1");
    let done = deliver::deliver_once(&app.db, &app.clock, &worker)
        .await
        .unwrap();

    assert_eq!(done.sent, 1);
    let reference = format!("DCF-{}-0001", app.clock.now().format("%Y"));
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, [applicant.email.as_str()]);
    assert!(
        received[0].subject().contains(&reference),
        "{}",
        received[0].subject()
    );
    let body = received[0].decoded();
    assert!(body.contains(&format!("Your reference is <strong>{reference}</strong>")));
    assert!(body.contains(&format!("Reference: {reference}")));
    assert!(body.contains("Phone friends for older neighbours"));
    assert!(body.contains(&format!("http://127.0.0.1:8000/applications/{reference}")));
}

#[rocket::async_test]
async fn a_long_answer_on_several_lines_comes_back_exactly_as_typed() {
    let app = TestApp::new().await;
    let w = world(&app).await;
    let task_list = start(&w).await;
    let path = format!("{task_list}/about");
    let v = version(&w, &path).await;
    let summary = "Weekly calls.\nA lunch club on Fridays.\n\nTrips in the summer.";
    let saved = w
        .browser
        .post(
            &path,
            &[
                ("version", &v),
                ("action", "later"),
                ("title", "Phone friends"),
                ("summary", summary),
            ],
        )
        .await;
    assert_eq!(saved.status, Status::SeeOther);
    let form = w.browser.get(&path).await;
    // What the browser would send back on the next save: the textarea's text, untouched.
    let expected = format!(">{summary}</textarea>");
    assert!(
        form.body.contains(&expected),
        "the textarea holds the answer as typed:\n{}",
        form.body
    );
}
