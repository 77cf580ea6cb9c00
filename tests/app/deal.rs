//! The Deal: officers writing it, the public reading it, and residents pledging.

use chrono::Duration;
use dealfund::services::deal::{self, PledgeInput, PledgeResult};
use entity::user::Role;
use rocket::http::Status;

use crate::support::{Page, TestApp, TestClient};

/// Asserts the page came back as a failed form: the status, an "Error: " title,
/// the error summary, and the message.
fn assert_refused_with(page: &Page, status: Status, message: &str) {
    assert_eq!(page.status, status, "{}", page.body);
    assert!(
        page.title().starts_with("Error: "),
        "title: {}",
        page.title()
    );
    assert!(page.body.contains("There is a problem"), "error summary");
    assert!(page.body.contains(message), "expected {message:?}");
}

fn assert_refused(page: &Page, message: &str) {
    assert_refused_with(page, Status::UnprocessableEntity, message);
}

/// The number after `marker` in a redirect, like the 12 of `/officer/deal#theme-12`.
fn id_after(page: &Page, marker: &str) -> i32 {
    let location = page.location.clone().unwrap_or_default();
    let at = location
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {location:?}: {}", page.body));
    location[at + marker.len()..]
        .parse()
        .unwrap_or_else(|_| panic!("an id in {location}"))
}

/// True when each text appears on the page after the one before it.
fn in_order(body: &str, texts: &[&str]) -> bool {
    let mut from = 0;
    for text in texts {
        match body[from..].find(text) {
            Some(at) => from += at + text.len(),
            None => return false,
        }
    }
    true
}

async fn write_deal(officer: &TestClient) -> Page {
    officer
        .post(
            "/officer/deal/edit",
            &[
                ("title", "The Testbury Deal"),
                ("introduction", "We do our bit.\r\n\r\nYou do yours."),
            ],
        )
        .await
}

async fn add_theme(officer: &TestClient, title: &str) -> i32 {
    let page = officer
        .post(
            "/officer/deal/themes/new",
            &[("title", title), ("description", "About this theme")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    id_after(&page, "#theme-")
}

async fn add_commitment(officer: &TestClient, theme: i32, side: &str, body: &str) -> i32 {
    let page = officer
        .post(
            &format!("/officer/deal/themes/{theme}/commitments/new"),
            &[("side", side), ("body", body)],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    id_after(&page, "#commitment-")
}

async fn pledge(browser: &TestClient, commitment: i32, name: &str, ward: &str) -> Page {
    browser
        .post(
            &format!("/deal/commitments/{commitment}/pledge"),
            &[("first_name", name), ("ward", ward)],
        )
        .await
}

async fn pledge_from(browser: &TestClient, address: &str, commitment: i32) -> Page {
    browser
        .post_from(
            address,
            &format!("/deal/commitments/{commitment}/pledge"),
            &[("first_name", ""), ("ward", "")],
        )
        .await
}

/// An officer's browser and a Deal with one theme and one commitment on each side.
async fn deal_with_both_sides(app: &TestApp) -> (TestClient, i32, i32, i32) {
    let (officer, _) = app.login_as(Role::Officer).await;
    write_deal(&officer).await;
    let theme = add_theme(&officer, "Health and wellness").await;
    let ours = add_commitment(&officer, theme, "council", "We keep the pools open").await;
    let yours = add_commitment(&officer, theme, "residents", "I walk to the shops").await;
    (officer, theme, ours, yours)
}

#[rocket::async_test]
async fn an_officer_writes_the_deals_title_and_introduction_and_the_public_reads_them() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    assert!(
        app.client()
            .await
            .get("/deal")
            .await
            .body
            .contains("The Deal will be published here soon")
    );

    let saved = write_deal(&officer).await;

    assert_eq!(saved.status, Status::SeeOther);
    assert_eq!(saved.location.as_deref(), Some("/officer/deal"));
    let page = app.client().await.get("/deal").await;
    assert_eq!(page.status, Status::Ok);
    assert!(page.title().starts_with("The Testbury Deal"));
    assert!(
        page.body
            .contains("<h1 class=\"heading-xl\">The Testbury Deal</h1>")
    );
    assert!(page.body.contains("<p class=\"lead\">We do our bit.</p>"));
    assert!(page.body.contains("<p class=\"body\">You do yours.</p>"));

    let again = officer
        .post(
            "/officer/deal/edit",
            &[("title", "The New Deal"), ("introduction", "Changed.")],
        )
        .await;
    assert_eq!(again.status, Status::SeeOther);
    let page = app.client().await.get("/deal").await;
    assert!(page.body.contains("The New Deal") && !page.body.contains("Testbury"));
    let form = officer.get("/officer/deal/edit").await;
    assert!(
        form.body.contains("value=\"The New Deal\""),
        "one Deal, edited"
    );
}

#[rocket::async_test]
async fn a_deal_without_a_title_comes_back_with_the_message_and_the_introduction_kept() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            "/officer/deal/edit",
            &[("title", "  "), ("introduction", "Kept as typed")],
        )
        .await;

    assert_refused(&page, "Enter the Deal&#x27;s title");
    assert!(page.body.contains("id=\"title-error\""), "beside the field");
    assert!(page.body.contains(">Kept as typed</textarea>"));
    assert!(
        app.client()
            .await
            .get("/deal")
            .await
            .body
            .contains("published here soon"),
        "nothing saved"
    );
}

#[rocket::async_test]
async fn an_officer_adds_and_changes_a_theme_and_a_blank_title_is_refused() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let blank = officer
        .post(
            "/officer/deal/themes/new",
            &[("title", ""), ("description", "Typed description")],
        )
        .await;
    assert_refused(&blank, "Enter the theme&#x27;s title");
    assert!(blank.body.contains(">Typed description</textarea>"));

    let theme = add_theme(&officer, "Helth").await;
    let form = officer
        .get(&format!("/officer/deal/themes/{theme}/edit"))
        .await;
    assert!(form.body.contains("value=\"Helth\""));
    let too_long = "x".repeat(121);
    let refused = officer
        .post(
            &format!("/officer/deal/themes/{theme}/edit"),
            &[("title", &too_long), ("description", "")],
        )
        .await;
    assert_refused(&refused, "Title must be 120 characters or fewer");
    assert!(refused.body.contains(&format!("value=\"{too_long}\"")));
    let saved = officer
        .post(
            &format!("/officer/deal/themes/{theme}/edit"),
            &[("title", "Health"), ("description", "Living well")],
        )
        .await;

    assert_eq!(saved.status, Status::SeeOther);
    let page = officer.get("/officer/deal").await;
    assert!(page.body.contains("Theme saved: Health"));
    assert!(page.body.contains("<h3 class=\"heading-m\">Health</h3>"));
    assert!(page.body.contains("Living well"));
}

#[rocket::async_test]
async fn themes_move_up_and_down_and_the_public_page_follows_the_order() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    write_deal(&officer).await;
    let first = add_theme(&officer, "Alpha theme").await;
    add_theme(&officer, "Bravo theme").await;
    let third = add_theme(&officer, "Charlie theme").await;

    let moved = officer
        .post(
            &format!("/officer/deal/themes/{third}/move"),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(moved.status, Status::SeeOther);
    let stuck = officer
        .post(
            &format!("/officer/deal/themes/{first}/move"),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(stuck.status, Status::SeeOther);
    assert!(
        officer
            .get("/officer/deal")
            .await
            .body
            .contains("Nothing moved: the theme Alpha theme is already first")
    );
    officer
        .post(
            &format!("/officer/deal/themes/{first}/move"),
            &[("direction", "down")],
        )
        .await;

    let public = app.client().await.get("/deal").await;
    assert!(
        in_order(
            &public.body,
            &["Charlie theme", "Alpha theme", "Bravo theme"]
        ),
        "{}",
        public.body
    );
    let officers = officer.get("/officer/deal").await;
    assert!(in_order(
        &officers.body,
        &["Charlie theme", "Alpha theme", "Bravo theme"]
    ));
    let sideways = officer
        .post(
            &format!("/officer/deal/themes/{first}/move"),
            &[("direction", "sideways")],
        )
        .await;
    assert_eq!(sideways.status, Status::BadRequest);
}

#[rocket::async_test]
async fn commitments_show_in_their_own_column_and_only_your_part_can_be_pledged_to() {
    let app = TestApp::new().await;
    let (_officer, _, ours, yours) = deal_with_both_sides(&app).await;

    let page = app.client().await.get("/deal").await;

    assert!(in_order(
        &page.body,
        &[
            "<h3 class=\"heading-m\">Our part</h3>",
            "We keep the pools open",
            "<h3 class=\"heading-m\">Your part</h3>",
            "I walk to the shops",
            "Pledge to do this",
        ]
    ));
    assert!(page.body.contains("grid-column-one-third"), "two columns");
    assert!(
        page.body
            .contains(&format!("/deal/commitments/{yours}/pledge"))
    );
    assert!(
        !page
            .body
            .contains(&format!("/deal/commitments/{ours}/pledge"))
    );
    assert!(page.body.contains("No one has pledged yet"));
}

#[rocket::async_test]
async fn a_commitment_without_a_side_or_words_comes_back_with_both_messages() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let theme = add_theme(&officer, "Health").await;

    let no_side = officer
        .post(
            &format!("/officer/deal/themes/{theme}/commitments/new"),
            &[("body", "A promise kept as typed")],
        )
        .await;
    assert_refused(&no_side, "Choose whose part this is");
    assert!(no_side.body.contains(">A promise kept as typed</textarea>"));
    assert!(
        no_side.body.contains("<a href=\"#side\">"),
        "summary links to the radios"
    );

    let no_words = officer
        .post(
            &format!("/officer/deal/themes/{theme}/commitments/new"),
            &[("side", "residents"), ("body", " ")],
        )
        .await;
    assert_refused(&no_words, "Enter what is promised");
    assert!(
        no_words.body.contains("value=\"residents\" checked"),
        "the chosen side is kept"
    );

    let form = officer
        .get(&format!(
            "/officer/deal/themes/{theme}/commitments/new?side=council"
        ))
        .await;
    assert!(
        form.body
            .contains("<legend class=\"fieldset__legend\">Whose part is it?</legend>")
    );
    assert!(form.body.contains("value=\"council\" checked"));
}

#[rocket::async_test]
async fn an_officer_changes_a_commitment_and_blank_words_are_refused() {
    let app = TestApp::new().await;
    let (officer, _, _, yours) = deal_with_both_sides(&app).await;
    let edit = format!("/officer/deal/commitments/{yours}/edit");

    let refused = officer.post(&edit, &[("body", "")]).await;
    assert_refused(&refused, "Enter what is promised");
    let saved = officer
        .post(&edit, &[("body", "I cycle to the shops")])
        .await;

    assert_eq!(saved.status, Status::SeeOther);
    let public = app.client().await.get("/deal").await;
    assert!(public.body.contains("I cycle to the shops"));
    assert!(!public.body.contains("I walk to the shops"));
}

#[rocket::async_test]
async fn commitments_move_within_their_own_side_only() {
    let app = TestApp::new().await;
    let (officer, theme, ours, first) = deal_with_both_sides(&app).await;
    let second = add_commitment(&officer, theme, "residents", "I recycle my glass").await;

    let up = officer
        .post(
            &format!("/officer/deal/commitments/{second}/move"),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(up.status, Status::SeeOther);
    let council_alone = officer
        .post(
            &format!("/officer/deal/commitments/{ours}/move"),
            &[("direction", "down")],
        )
        .await;
    assert_eq!(council_alone.status, Status::SeeOther);

    let public = app.client().await.get("/deal").await;
    assert!(in_order(
        &public.body,
        &[
            "We keep the pools open",
            "I recycle my glass",
            "I walk to the shops"
        ]
    ));
    let officers = officer.get("/officer/deal").await;
    assert!(
        officers
            .body
            .contains("Nothing moved: the commitment is already last")
    );
    assert!(
        officers
            .body
            .contains(&format!("id=\"commitment-{first}\""))
    );
}

#[rocket::async_test]
async fn a_retired_commitment_is_hidden_from_the_public_but_kept_with_its_pledges() {
    let app = TestApp::new().await;
    let (officer, _, _, yours) = deal_with_both_sides(&app).await;
    let visitor = app.client().await;
    pledge(&visitor, yours, "", "").await;

    let retired = officer
        .post(&format!("/officer/deal/commitments/{yours}/retire"), &[])
        .await;

    assert_eq!(retired.status, Status::SeeOther);
    assert!(
        !visitor
            .get("/deal")
            .await
            .body
            .contains("I walk to the shops")
    );
    let officers = officer.get("/officer/deal").await;
    assert!(officers.body.contains("Commitment retired"));
    assert!(in_order(
        &officers.body,
        &[
            "I walk to the shops",
            "Retired",
            "1 person has pledged",
            "Restore"
        ]
    ));

    officer
        .post(&format!("/officer/deal/commitments/{yours}/restore"), &[])
        .await;
    let public = visitor.get("/deal").await;
    assert!(public.body.contains("I walk to the shops"));
    assert!(public.body.contains("1 person has pledged"), "pledges kept");
}

#[rocket::async_test]
async fn missing_themes_and_commitments_are_404s() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    for path in [
        "/officer/deal/themes/999/edit",
        "/officer/deal/themes/999/commitments/new",
        "/officer/deal/commitments/999/edit",
    ] {
        assert_eq!(officer.get(path).await.status, Status::NotFound, "{path}");
    }
    let post = officer
        .post(
            "/officer/deal/themes/999/commitments/new",
            &[("side", "council"), ("body", "")],
        )
        .await;
    assert_eq!(
        post.status,
        Status::NotFound,
        "404 before checking the form"
    );
    for path in [
        "/officer/deal/commitments/999/retire",
        "/officer/deal/commitments/999/restore",
    ] {
        assert_eq!(officer.post(path, &[]).await.status, Status::NotFound);
    }
    let moved = officer
        .post("/officer/deal/themes/999/move", &[("direction", "up")])
        .await;
    assert_eq!(moved.status, Status::NotFound);
}

#[rocket::async_test]
async fn changes_to_the_deal_are_written_to_the_audit_log() {
    let app = TestApp::new().await;
    let (officer, theme, _, yours) = deal_with_both_sides(&app).await;
    let other = add_theme(&officer, "Second theme").await;
    officer
        .post(
            &format!("/officer/deal/themes/{other}/move"),
            &[("direction", "up")],
        )
        .await;
    officer
        .post(
            &format!("/officer/deal/themes/{theme}/edit"),
            &[("title", "Health for all"), ("description", "")],
        )
        .await;
    officer
        .post(&format!("/officer/deal/commitments/{yours}/retire"), &[])
        .await;
    officer
        .post(&format!("/officer/deal/commitments/{yours}/restore"), &[])
        .await;
    write_deal(&officer).await;

    let (admin, _) = app.login_as(Role::Admin).await;
    let audit = admin.get("/admin/audit?entity=").await;
    for action in [
        "deal.created",
        "deal.updated",
        "theme.created",
        "theme.updated",
        "theme.moved",
        "commitment.created",
        "commitment.retired",
        "commitment.restored",
    ] {
        assert!(
            audit.body.contains(&format!("<code>{action}</code>")),
            "{action} recorded"
        );
    }
    let renamed = admin.get("/admin/audit?action=theme.updated").await;
    assert!(
        renamed
            .body
            .contains("title &quot;Health and wellness&quot; → &quot;Health for all&quot;")
    );
}

#[rocket::async_test]
async fn applicants_and_visitors_cannot_reach_the_officers_deal_pages() {
    let app = TestApp::new().await;
    let (_, theme, _, yours) = deal_with_both_sides(&app).await;
    let (applicant, _) = app.login_as(Role::Applicant).await;
    for path in [
        "/officer/deal".to_owned(),
        "/officer/deal/edit".to_owned(),
        format!("/officer/deal/themes/{theme}/edit"),
        format!("/officer/deal/commitments/{yours}/edit"),
    ] {
        assert_eq!(
            applicant.get(&path).await.status,
            Status::Forbidden,
            "{path}"
        );
    }
    let retire = applicant
        .post(&format!("/officer/deal/commitments/{yours}/retire"), &[])
        .await;
    assert_eq!(retire.status, Status::Forbidden);
    assert!(
        app.client()
            .await
            .get("/deal")
            .await
            .body
            .contains("I walk to the shops")
    );
    let visitor = app.client().await.get("/officer/deal").await;
    assert_eq!(visitor.status, Status::SeeOther, "sent to sign in");
}

#[rocket::async_test]
async fn anyone_can_pledge_without_an_account_and_the_count_goes_up() {
    let app = TestApp::new().await;
    let (officer, _, _, yours) = deal_with_both_sides(&app).await;
    officer
        .post(
            "/officer/wards/new",
            &[("name", "Abbey Fields"), ("code", "E05011201")],
        )
        .await;
    let visitor = app.client().await;
    let page = visitor.get("/deal").await;
    let ward = page
        .body
        .split("<option value=\"")
        .nth(2)
        .and_then(|rest| rest.split('"').next())
        .expect("a ward in the list")
        .to_owned();

    let pledged = pledge(&visitor, yours, "Zebedee", &ward).await;

    assert_eq!(pledged.status, Status::SeeOther, "{}", pledged.body);
    assert_eq!(pledged.location, Some(format!("/deal#commitment-{yours}")));
    let page = visitor.get("/deal").await;
    assert!(page.body.contains("Thank you for your pledge"));
    assert!(page.body.contains("1 person has pledged"));
    assert!(!page.body.contains("Zebedee"), "names are never published");
    pledge(&app.client().await, yours, "", "").await;
    assert!(
        visitor
            .get("/deal")
            .await
            .body
            .contains("2 people have pledged")
    );
    let (admin, _) = app.login_as(Role::Admin).await;
    let audit = admin.get("/admin/audit?action=pledge.created").await;
    assert_eq!(audit.body.matches("<code>pledge.created</code>").count(), 2);
    assert!(!audit.body.contains("Zebedee"), "the log names nobody");
}

#[rocket::async_test]
async fn a_pledge_with_a_long_name_or_a_ward_not_on_the_list_is_refused_and_kept() {
    let app = TestApp::new().await;
    let (_, _, _, yours) = deal_with_both_sides(&app).await;
    let visitor = app.client().await;
    let long = "Bartholomew".repeat(5);

    let page = pledge(&visitor, yours, &long, "9999").await;

    assert_refused(&page, "First name must be 50 characters or fewer");
    assert!(page.body.contains("Choose your ward from the list"));
    assert!(
        page.body
            .contains(&format!("id=\"first_name-{yours}-error\""))
    );
    assert!(page.body.contains(&format!("href=\"#ward-{yours}\"")));
    assert!(
        page.body.contains(&format!("value=\"{long}\"")),
        "name kept"
    );
    assert!(
        page.body.contains("No one has pledged yet"),
        "nothing counted"
    );

    let ward = app.client().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    officer
        .post(
            "/officer/wards/new",
            &[("name", "Abbey Fields"), ("code", "E05011201")],
        )
        .await;
    let listed = ward.get("/deal").await;
    let id = listed
        .body
        .split("<option value=\"")
        .nth(2)
        .and_then(|rest| rest.split('"').next())
        .expect("a ward in the list")
        .to_owned();
    let kept = pledge(&ward, yours, &long, &id).await;
    assert_refused(&kept, "First name must be 50 characters or fewer");
    assert!(
        kept.body.contains(&format!(
            "<option value=\"{id}\" selected>Abbey Fields</option>"
        )),
        "the ward chosen is kept"
    );
}

#[rocket::async_test]
async fn the_eleventh_pledge_in_an_hour_from_one_address_is_refused_politely_until_the_hour_passes()
{
    let app = TestApp::new().await;
    let (_, _, _, yours) = deal_with_both_sides(&app).await;
    let visitor = app.client().await;
    for n in 1..=10 {
        let page = pledge_from(&visitor, "203.0.113.9", yours).await;
        assert_eq!(page.status, Status::SeeOther, "pledge {n}");
    }

    let eleventh = pledge_from(&visitor, "203.0.113.9", yours).await;

    assert_refused_with(
        &eleventh,
        Status::TooManyRequests,
        "pledged a lot in the last hour",
    );
    assert!(eleventh.body.contains("10 people have pledged"));
    let elsewhere = pledge_from(&visitor, "198.51.100.4", yours).await;
    assert_eq!(
        elsewhere.status,
        Status::SeeOther,
        "other addresses may pledge"
    );
    app.clock.advance(Duration::hours(1));
    let later = pledge_from(&visitor, "203.0.113.9", yours).await;
    assert_eq!(
        later.status,
        Status::SeeOther,
        "allowed once the hour has passed"
    );
    assert!(
        visitor
            .get("/deal")
            .await
            .body
            .contains("12 people have pledged")
    );
}

#[rocket::async_test]
async fn pledges_sent_at_the_same_moment_from_one_address_still_stop_at_ten() {
    let app = TestApp::new().await;
    let (_, _, _, yours) = deal_with_both_sides(&app).await;

    let tasks: Vec<_> = (0..15)
        .map(|_| {
            let (db, clock) = (app.db.clone(), app.clock.clone());
            rocket::tokio::spawn(async move {
                deal::pledge(&db, &clock, yours, PledgeInput::default(), "192.0.2.50").await
            })
        })
        .collect();
    let mut saved = 0;
    for task in tasks {
        if let Ok(Ok(PledgeResult::Pledged(_))) = task.await {
            saved += 1;
        }
    }

    assert_eq!(saved, 10);
    assert!(
        app.client()
            .await
            .get("/deal")
            .await
            .body
            .contains("10 people have pledged")
    );
}

#[rocket::async_test]
async fn a_pledge_without_the_csrf_token_is_refused_and_not_counted() {
    let app = TestApp::new().await;
    let (_, _, _, yours) = deal_with_both_sides(&app).await;
    let visitor = app.client().await;
    visitor.get("/deal").await;

    let page = visitor
        .post_raw(
            &format!("/deal/commitments/{yours}/pledge"),
            &[("first_name", "Sam"), ("ward", "")],
        )
        .await;

    assert_eq!(page.status, Status::Forbidden);
    assert!(
        visitor
            .get("/deal")
            .await
            .body
            .contains("No one has pledged yet")
    );
}

#[rocket::async_test]
async fn retired_council_side_and_missing_commitments_cannot_be_pledged_to() {
    let app = TestApp::new().await;
    let (officer, _, ours, yours) = deal_with_both_sides(&app).await;
    officer
        .post(&format!("/officer/deal/commitments/{yours}/retire"), &[])
        .await;
    let visitor = app.client().await;

    assert_eq!(
        pledge(&visitor, ours, "", "").await.status,
        Status::NotFound
    );
    assert_eq!(
        pledge(&visitor, yours, "", "").await.status,
        Status::NotFound
    );
    assert_eq!(pledge(&visitor, 999, "", "").await.status, Status::NotFound);
    officer
        .post(&format!("/officer/deal/commitments/{yours}/restore"), &[])
        .await;
    assert!(
        officer
            .get("/officer/deal")
            .await
            .body
            .contains("No one has pledged yet")
    );
}

#[rocket::async_test]
async fn the_demo_fills_the_deal_the_outcomes_and_the_wards() {
    let app = TestApp::new().await;

    dealfund::services::demo::seed(&app.db, &app.clock)
        .await
        .expect("the demo seeds");

    let visitor = app.client().await;
    let deal = visitor.get("/deal").await;
    assert_eq!(deal.status, Status::Ok);
    assert!(deal.body.contains("Ashworth Deal"));
    for theme in [
        "Health and wellness",
        "Stronger communities",
        "A greener Ashworth",
    ] {
        assert!(deal.body.contains(theme), "{theme}");
    }
    assert!(deal.body.contains("9 people have pledged"));
    assert!(deal.body.contains("<option value=\"") && deal.body.contains(">Millbrook</option>"));
    let outcomes = visitor.get("/outcomes").await;
    for code in ["O1", "O2", "O3", "O4", "O5", "O6"] {
        assert!(outcomes.body.contains(&format!("Outcome {code}")), "{code}");
    }
    assert!(outcomes.body.contains("Fewer people lonely or isolated"));
    let (officer, _) = app.login_as(Role::Officer).await;
    let wards = officer.get("/officer/wards").await;
    assert!(wards.body.contains("E05011201") && wards.body.contains("E05011212"));
}
