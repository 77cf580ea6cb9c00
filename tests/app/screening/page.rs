//! The application page: every answer, the organisation, and the timeline.

use chrono::NaiveDate;
use dealfund::domain::application::Status;
use dealfund::services::audit::{self, Action, Actor};
use entity::round_question::Kind as QuestionKind;
use entity::user::Role;
use entity::{eligibility_question, indicator, round_question};
use rocket::http::Status as Http;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::fixtures::{ApplicationBuilder, OrganisationBuilder, open_round, ward};
use crate::support::{TestApp, builders};

async fn indicator(app: &TestApp, outcome_id: i32, name: &str, unit: &str, position: i32) -> i32 {
    indicator::ActiveModel {
        outcome_id: Set(outcome_id),
        name: Set(name.to_owned()),
        unit: Set(unit.to_owned()),
        description: Set(String::new()),
        position: Set(position),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

async fn question(
    app: &TestApp,
    round_id: i32,
    prompt: &str,
    kind: QuestionKind,
    position: i32,
) -> i32 {
    round_question::ActiveModel {
        round_id: Set(round_id),
        prompt: Set(prompt.to_owned()),
        help_text: Set(String::new()),
        kind: Set(kind),
        word_limit: Set(None),
        choices: Set(String::new()),
        required: Set(false),
        position: Set(position),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

async fn quiz_question(app: &TestApp, round_id: i32, text: &str, qualifying: bool) -> i32 {
    eligibility_question::ActiveModel {
        round_id: Set(round_id),
        question: Set(text.to_owned()),
        qualifying_answer: Set(qualifying),
        failure_message: Set("Not for you".into()),
        position: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// Where each text first appears on the page, so that order can be checked.
fn position(body: &str, text: &str) -> usize {
    body.find(text)
        .unwrap_or_else(|| panic!("{text:?} is on the page"))
}

#[rocket::async_test]
async fn the_application_page_shows_every_answer_and_the_timeline_oldest_first() {
    let app = TestApp::new().await;
    let round = open_round(&app, "spring").await;
    let brookside = ward(&app, "Brookside", "E05011202").await;
    let dunmore = ward(&app, "Dunmore", "E05011204").await;
    let lonely = builders::outcome(&app, "O7").await;
    let people = indicator(&app, lonely.id, "People taking part", "people", 1).await;
    let percent = indicator(&app, lonely.id, "Feel less lonely", "percent", 2).await;
    let who = question(
        &app,
        round.id,
        "Who will take part?",
        QuestionKind::LongText,
        1,
    )
    .await;
    let shaped = question(
        &app,
        round.id,
        "Did residents shape it?",
        QuestionKind::YesNo,
        2,
    )
    .await;
    question(
        &app,
        round.id,
        "How did you hear about us?",
        QuestionKind::ShortText,
        3,
    )
    .await;
    let local = quiz_question(&app, round.id, "Are you based in the borough?", true).await;
    let profit = quiz_question(&app, round.id, "Do you make a profit?", false).await;
    let organisation = OrganisationBuilder::new("Brookside Befrienders")
        .charity("1123456")
        .ward(dunmore.id)
        .contact("https://befrienders.example", "01632 960 001")
        .create(&app)
        .await;
    let application = ApplicationBuilder::new(&round)
        .reference("DCF-2026-0042")
        .organisation(&organisation)
        .title("Befriending calls for older people")
        .summary("Weekly phone calls.\n\nA monthly tea dance.")
        .requested(180_000)
        .dates(
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            NaiveDate::from_ymd_opt(2027, 12, 17).unwrap(),
        )
        .ward(brookside.id)
        .ward(dunmore.id)
        .budget_line("Volunteer travel", "volunteer_expenses", 60_000)
        .budget_line("Hall for the tea dance", "venue", 120_000)
        .outcome(
            lonely.id,
            "A short survey at the start and after six months.",
        )
        .target(people, 40)
        .target(percent, 75)
        .answer(
            who,
            "Older people living alone, found through GP surgeries.",
        )
        .answer(shaped, "yes")
        .partner("Brookside Surgery", "Refers patients who are lonely")
        .match_funding("Brookside Rotary", 50_000, true)
        .match_funding("Lottery small grant", 25_000, false)
        .quiz_answers(&format!(r#"{{"{local}": true, "{profit}": true}}"#))
        .declared_by("Margaret Okoye")
        .create(&app)
        .await;
    let applicant = app
        .create_user("margaret@befrienders.example", Role::Applicant)
        .await;
    audit::record(
        &app.db,
        app.clock.now() - chrono::Duration::days(2),
        &Actor::known(applicant.id, &applicant.email),
        Action::ApplicationSubmitted,
        application.id,
        "Draft → Submitted",
    )
    .await
    .unwrap();
    let (officer, officer_account) = app.login_as(Role::Officer).await;
    // Within the resubmission window (12 weeks unless the setting says otherwise).
    let resubmit_day = app
        .clock
        .now()
        .with_timezone(&app.config.time_zone)
        .date_naive()
        + chrono::Duration::days(30);
    let resubmit_by = resubmit_day.format("%Y-%m-%d").to_string();
    let resubmit_text = dealfund::format::date(resubmit_day);
    let returned = officer
        .post(
            &format!("/officer/applications/{}/return", application.id),
            &[
                ("version", "1"),
                ("message", "Please split the hall costs by month."),
                ("resubmit_by", &resubmit_by),
            ],
        )
        .await;
    assert_eq!(returned.status, Http::SeeOther, "{}", returned.body);

    let page = officer
        .get(&format!("/officer/applications/{}", application.id))
        .await;

    assert_eq!(page.status, Http::Ok, "{}", page.body);
    assert!(page.title().starts_with("DCF-2026-0042: Befriending calls"));
    for text in [
        // The organisation.
        "Registered charity",
        "1123456",
        "AS1 2AB",
        "https://befrienders.example",
        "01632 960 001",
        // The project.
        "<p class=\"body\">Weekly phone calls.</p><p class=\"body\">A monthly tea dance.</p>",
        "4 January 2027",
        "17 December 2027",
        "<li>Brookside</li><li>Dunmore</li>",
        // The budget.
        "Volunteer travel",
        "Volunteer expenses",
        "Hall for the tea dance",
        "Venue hire",
        "£1,800.00",
        // Outcomes and targets.
        "O7 Outcome O7",
        "A short survey at the start and after six months.",
        "People taking part",
        "40 people",
        "Feel less lonely",
        "75%",
        // The round's questions.
        "Who will take part?",
        "Older people living alone, found through GP surgeries.",
        "Did residents shape it?",
        "Not answered",
        // Partners and match funding.
        "Brookside Surgery",
        "Refers patients who are lonely",
        "Brookside Rotary",
        "£500.00",
        "Not yet secured",
        "£750.00",
        // Quiz and declaration.
        "Are you based in the borough?",
        "Qualifies",
        "Does not qualify",
        "Margaret Okoye",
        // Where it is now.
        "Returned for changes",
        "Please split the hall costs by month.",
        resubmit_text.as_str(),
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    assert!(
        page.body
            .contains("<dd class=\"summary-list__value\"><p class=\"body\">Yes</p></dd>"),
        "a yes/no answer reads as words"
    );
    let timeline = position(&page.body, "id=\"timeline\"");
    let submitted = position(&page.body, "<strong>Submitted</strong>");
    let returned = position(&page.body, "<strong>Returned for changes</strong>");
    assert!(timeline < submitted && submitted < returned, "oldest first");
    assert!(page.body.contains("margaret@befrienders.example"));
    assert!(
        page.body.contains(&format!(
            "{} ({})",
            officer_account.name, officer_account.email
        )),
        "the timeline names who acted"
    );
    assert!(
        !page.body.contains("action=\"/officer/applications/"),
        "a returned application has nothing to screen"
    );
}

#[rocket::async_test]
async fn drafts_and_unknown_applications_are_not_found_by_officers() {
    let app = TestApp::new().await;
    let round = open_round(&app, "spring").await;
    let draft = ApplicationBuilder::new(&round).draft().create(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    for path in [
        format!("/officer/applications/{}", draft.id),
        "/officer/applications/999999".to_owned(),
        "/officer/rounds/no-such-round/applications".to_owned(),
        "/officer/rounds/no-such-round/applications.csv".to_owned(),
    ] {
        assert_eq!(officer.get(&path).await.status, Http::NotFound, "{path}");
    }
    let screened = officer
        .post(
            &format!("/officer/applications/{}/eligible", draft.id),
            &[("version", "1")],
        )
        .await;
    assert_eq!(screened.status, Http::NotFound, "drafts are not screened");
    assert_eq!(
        super::fixtures::reload(&app, draft.id).await.status,
        Status::Draft
    );
}

#[rocket::async_test]
async fn only_officers_see_the_list_the_download_and_the_application() {
    let app = TestApp::new().await;
    let round = open_round(&app, "spring").await;
    let application = ApplicationBuilder::new(&round).create(&app).await;
    let (applicant, _) = app.login_as(Role::Applicant).await;
    let (panel, _) = app.login_as(Role::Panel).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let pages = [
        "/officer/rounds/spring/applications".to_owned(),
        "/officer/rounds/spring/applications.csv".to_owned(),
        format!("/officer/applications/{}", application.id),
    ];

    for path in &pages {
        assert_eq!(applicant.get(path).await.status, Http::Forbidden, "{path}");
        assert_eq!(panel.get(path).await.status, Http::Forbidden, "{path}");
        assert_eq!(officer.get(path).await.status, Http::Ok, "{path}");
    }
    let forged = applicant
        .post(
            &format!("/officer/applications/{}/eligible", application.id),
            &[("version", "1")],
        )
        .await;
    assert_eq!(forged.status, Http::Forbidden);
    assert_eq!(
        super::fixtures::reload(&app, application.id).await.status,
        entity::application::Status::Submitted
    );
}

#[rocket::async_test]
async fn the_round_page_links_to_its_applications() {
    let app = TestApp::new().await;
    open_round(&app, "spring").await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer.get("/officer/rounds/spring").await;

    assert!(
        page.body
            .contains("href=\"/officer/rounds/spring/applications\"")
    );
}
