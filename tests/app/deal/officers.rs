//! Officers writing the Deal: its title and introduction and its themes; missing
//! records, the audit trail, and who may.

use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{add_theme, assert_refused, deal_with_both_sides, in_order, write_deal};
use crate::support::TestApp;

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
