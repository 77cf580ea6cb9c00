//! What is typed is held to limits without losing work: every field has a character
//! limit, named beside it when passed, with what fits kept; control characters never
//! reach the database; and a form too large to read gets a page that names the limit
//! and leads back to the form.

use entity::user::Role;
use entity::{application, application_answer, application_outcome, application_partner};
use rocket::http::{ContentType, Status};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::support::builders::{self, ApplicationBuilder};
use crate::support::{Page, TestApp, TestClient};

/// A draft application of the browser's organisation, in an open round with a
/// long-text question and an outcome with an indicator.
pub struct Draft {
    browser: TestClient,
    application: application::Model,
    key: String,
    question: i32,
    outcome: i32,
    indicator: i32,
}

pub async fn draft(app: &TestApp) -> Draft {
    let fund = builders::fund(app, "fund", 50_000).await;
    let round = builders::published_round(app, &fund, "r", 10_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let added = officer
        .post(
            "/officer/rounds/r/questions",
            &[
                ("prompt", "Who will take part?"),
                ("help_text", ""),
                ("kind", "long_text"),
                ("word_limit", "500"),
                ("choices", ""),
                ("required", "true"),
            ],
        )
        .await;
    assert_eq!(added.status, Status::SeeOther, "{}", added.body);
    let question = dealfund::services::rounds::items::questions(&app.db, round.id)
        .await
        .unwrap()
        .remove(0)
        .id;
    let outcome = entity::outcome::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("an outcome")
        .id;
    let indicator = entity::indicator::ActiveModel {
        outcome_id: Set(outcome),
        name: Set("People taking part".into()),
        unit: Set("people".into()),
        description: Set(String::new()),
        position: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let (browser, owner) = app.login_as(Role::Applicant).await;
    let group = builders::OrganisationBuilder::new("Walking group")
        .create(app)
        .await;
    entity::organisation_member::ActiveModel {
        organisation_id: Set(group.id),
        user_id: Set(owner.id),
        is_owner: Set(true),
        created_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let application = ApplicationBuilder::new(&round)
        .draft()
        .owned_by(&owner)
        .organisation_id(group.id)
        .create(app)
        .await;
    let key = dealfund::format::application_key(&application);
    Draft {
        browser,
        application,
        key,
        question,
        outcome,
        indicator,
    }
}

impl Draft {
    /// Posts a section's form with the version its page shows now.
    pub async fn save(&self, section: &str, fields: &[(&str, &str)]) -> Page {
        let path = format!("/applications/{}/{section}", self.key);
        let page = self.browser.get(&path).await;
        assert_eq!(page.status, Status::Ok, "{}", page.body);
        let marker = "name=\"version\" value=\"";
        let start = page.body.find(marker).expect("a version field") + marker.len();
        let end = page.body[start..].find('"').unwrap() + start;
        let version = page.body[start..end].to_owned();
        let mut all = vec![("version", version.as_str())];
        all.extend_from_slice(fields);
        self.browser.post(&path, &all).await
    }

    pub async fn stored(&self, app: &TestApp) -> application::Model {
        application::Entity::find_by_id(self.application.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
    }
}

/// The page came back (422) with the limit named and exactly what fits kept.
fn came_back_cut(page: &Page, limit: &str, kept: usize, letter: char) {
    assert_eq!(
        page.status,
        Status::UnprocessableEntity,
        "{}",
        &page.body[..page.body.len().min(3000)]
    );
    assert!(
        page.body
            .contains(&format!("must be {limit} characters or fewer")),
        "the limit is named"
    );
    assert!(page.body.contains("There is a problem"), "an error summary");
    let fits: String = std::iter::repeat_n(letter, kept).collect();
    let more: String = std::iter::repeat_n(letter, kept + 1).collect();
    assert!(page.body.contains(&fits), "what fits is kept");
    assert!(!page.body.contains(&more), "cut to the limit");
}

fn about<'a>(title: &'a str, summary: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("title", title),
        ("summary", summary),
        ("start_date", "2027-01-01"),
        ("end_date", "2027-06-30"),
    ]
}

#[rocket::async_test]
async fn a_100000_character_word_is_not_saved_as_a_summary() {
    let app = TestApp::new().await;
    let d = draft(&app).await;
    let word = "s".repeat(100_000);

    let page = d.save("about", &about("Walks", &word)).await;

    came_back_cut(&page, "3,000", 3_000, 's');
    let at = page
        .body
        .find("You typed")
        .expect("says how much was typed");
    assert!(
        page.body[at..].starts_with("You typed more than 50,000"),
        "{}",
        &page.body[at..at + 80]
    );
    assert_eq!(d.stored(&app).await.summary.chars().count(), 3_000);
}

#[rocket::async_test]
async fn a_300_kb_answer_in_any_long_text_section_comes_back_cut_to_its_limit() {
    let app = TestApp::new().await;
    let d = draft(&app).await;
    let huge = "w".repeat(300 * 1024);

    // The summary.
    let page = d.save("about", &about("Walks", &huge)).await;
    came_back_cut(&page, "3,000", 3_000, 'w');

    // An answer to one of the round's questions.
    let field = format!("q{}", d.question);
    let page = d.save("questions", &[(&field, &huge)]).await;
    came_back_cut(&page, "20,000", 20_000, 'w');
    let answer = application_answer::Entity::find()
        .filter(application_answer::Column::ApplicationId.eq(d.application.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("saved");
    assert_eq!(answer.answer.chars().count(), 20_000);

    // How an outcome will be measured.
    let outcome = d.outcome.to_string();
    let target = format!("target-{}", d.indicator);
    let measure = format!("measure-{}", d.outcome);
    let page = d
        .save(
            "outcomes",
            &[("outcomes", &outcome), (&target, "40"), (&measure, &huge)],
        )
        .await;
    came_back_cut(&page, "2,000", 2_000, 'w');
    let claimed = application_outcome::Entity::find()
        .filter(application_outcome::Column::ApplicationId.eq(d.application.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("saved");
    assert_eq!(claimed.measurement.chars().count(), 2_000);

    // What a partner will do.
    let page = d
        .save(
            "partners",
            &[
                ("partner-0-name", "Friends of the park"),
                ("partner-0-role", &huge),
            ],
        )
        .await;
    came_back_cut(&page, "2,000", 2_000, 'w');
    let partner = application_partner::Entity::find()
        .filter(application_partner::Column::ApplicationId.eq(d.application.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("saved");
    assert_eq!(partner.role.chars().count(), 2_000);
}

#[rocket::async_test]
async fn saving_for_later_with_text_over_its_limit_shows_what_was_kept() {
    let app = TestApp::new().await;
    let d = draft(&app).await;
    let long = "x".repeat(5_000);
    let mut fields = about("Walks", &long);
    fields.push(("action", "later"));

    let page = d.save("about", &fields).await;

    came_back_cut(&page, "3,000", 3_000, 'x');
}

#[rocket::async_test]
async fn control_characters_are_dropped_from_every_field_and_new_lines_are_kept() {
    let app = TestApp::new().await;
    let d = draft(&app).await;

    let page = d
        .save(
            "about",
            &about("Walks\0 in the\u{7} park\u{1b}", "Line one\r\nLine\ttwo\0"),
        )
        .await;
    assert_ne!(page.status, Status::InternalServerError);

    let stored = d.stored(&app).await;
    assert_eq!(stored.title, "Walks in the park");
    assert_eq!(stored.summary, "Line one\nLine\ttwo");

    // An officer's form goes through the same reader.
    let (officer, _) = app.login_as(Role::Officer).await;
    let added = officer
        .post(
            &format!("/officer/outcomes/{}/indicators/new", d.outcome),
            &[
                ("name", "Walks\0 led"),
                ("unit", "sessions"),
                ("description", "Count\u{0} each walk"),
            ],
        )
        .await;
    assert_eq!(added.status, Status::SeeOther, "{}", added.body);
    let made = entity::indicator::Entity::find()
        .filter(entity::indicator::Column::Name.eq("Walks led"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("saved without the NUL");
    assert_eq!(made.description, "Count each walk");
}

#[rocket::async_test]
async fn an_officer_form_with_a_300_kb_field_comes_back_with_what_fits_beside_the_field() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let outcome = builders::outcome(&app, "L1").await;
    let huge = "n".repeat(300 * 1024);

    let page = officer
        .post(
            &format!("/officer/outcomes/{}/indicators/new", outcome.id),
            &[
                ("name", huge.as_str()),
                ("unit", "people"),
                ("description", "Count each person once"),
            ],
        )
        .await;

    came_back_cut(&page, "150", 150, 'n');
    assert!(
        page.body.contains("Count each person once"),
        "the rest is kept"
    );
    assert!(
        page.body.contains("error-message"),
        "the message is beside the field"
    );
}

#[rocket::async_test]
async fn a_form_too_large_to_read_gets_a_page_naming_the_limit_with_a_way_back() {
    let app = TestApp::new().await;
    let d = draft(&app).await;
    let path = format!("/applications/{}/about", d.key);
    let token = d.browser.csrf_token().await;
    let body = format!(
        "_csrf={token}&version=1&summary={}",
        "z".repeat(3 * 1024 * 1024)
    );

    let response = d
        .browser
        .client
        .post(path.clone())
        .header(ContentType::Form)
        .body(body)
        .dispatch()
        .await;

    assert_eq!(response.status(), Status::PayloadTooLarge);
    let page = response.into_string().await.unwrap_or_default();
    assert!(page.contains("Your form was too large to send"), "{page}");
    assert!(page.contains("at most 2 MB"), "the limit is named");
    assert!(
        page.contains(&format!("href=\"{path}\"")),
        "a way back to the form"
    );
    assert!(page.contains("back button"));
}
