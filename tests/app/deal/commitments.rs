//! Officers' commitments: each side of a theme, in order, changed, retired and restored.

use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{
    add_commitment, add_theme, assert_refused, deal_with_both_sides, in_order, pledge,
};
use crate::support::TestApp;

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
