//! Outcomes and their indicators: adding, changing, ordering, removing, who may,
//! and the public outcomes page.

use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{add_indicator, add_outcome, add_ward};
use crate::deal::fixtures::{assert_refused, id_after, in_order};
use crate::support::TestApp;

#[rocket::async_test]
async fn an_officer_adds_an_outcome_with_an_indicator_and_the_public_sees_both() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let created = officer
        .post(
            "/officer/outcomes/new",
            &[
                ("code", " o1 "),
                ("title", "Fewer people lonely or isolated"),
                ("description", "Everyone has someone to talk to."),
            ],
        )
        .await;
    let outcome = id_after(&created, "/officer/outcomes/");
    add_indicator(&officer, outcome, "Social sessions held", "sessions").await;

    let page = officer.get(&format!("/officer/outcomes/{outcome}")).await;
    assert!(page.body.contains("Indicator added: Social sessions held"));
    assert!(
        page.body
            .contains("<span class=\"caption\">Outcome O1</span>")
    );
    let public = app.client().await.get("/outcomes").await;
    assert_eq!(public.status, Status::Ok);
    assert!(in_order(
        &public.body,
        &[
            "Outcome O1",
            "Fewer people lonely or isolated",
            "Everyone has someone to talk to.",
            "Social sessions held",
            "Sessions",
            "Count each one once",
        ]
    ));
}

#[rocket::async_test]
async fn an_outcome_with_a_bad_code_and_no_title_comes_back_with_the_messages_and_what_was_typed() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .post(
            "/officer/outcomes/new",
            &[("code", "O 1"), ("title", ""), ("description", "Kept")],
        )
        .await;

    assert_refused(&page, "Code must use only letters, numbers and hyphens");
    assert!(page.body.contains("Enter the outcome&#x27;s title"));
    assert!(page.body.contains("id=\"code-error\""));
    assert!(page.body.contains("value=\"O 1\""), "code kept as typed");
    assert!(page.body.contains(">Kept</textarea>"));
    let long = officer
        .post(
            "/officer/outcomes/new",
            &[
                ("code", &"A".repeat(17)),
                ("title", "T"),
                ("description", ""),
            ],
        )
        .await;
    assert_refused(&long, "Code must be 16 characters or fewer");
}

#[rocket::async_test]
async fn an_outcome_code_already_used_is_refused_beside_the_field() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    add_outcome(&officer, "O1", "First").await;
    let second = add_outcome(&officer, "O2", "Second").await;

    let same = officer
        .post(
            "/officer/outcomes/new",
            &[("code", "o1"), ("title", "Again"), ("description", "")],
        )
        .await;
    assert_refused(&same, "Another outcome already has this code");
    assert!(same.body.contains("value=\"Again\""));
    let taken = officer
        .post(
            &format!("/officer/outcomes/{second}/edit"),
            &[("code", "O1"), ("title", "Second"), ("description", "")],
        )
        .await;
    assert_refused(&taken, "Another outcome already has this code");
    let kept = officer
        .post(
            &format!("/officer/outcomes/{second}/edit"),
            &[
                ("code", "O2"),
                ("title", "Second, renamed"),
                ("description", ""),
            ],
        )
        .await;

    assert_eq!(
        kept.status,
        Status::SeeOther,
        "keeping its own code is fine"
    );
    assert!(
        officer
            .get("/officer/outcomes")
            .await
            .body
            .contains("Second, renamed")
    );
}

#[rocket::async_test]
async fn outcomes_move_up_and_down_and_the_public_page_follows_the_order() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let first = add_outcome(&officer, "O1", "Alpha outcome").await;
    add_outcome(&officer, "O2", "Bravo outcome").await;
    let third = add_outcome(&officer, "O3", "Charlie outcome").await;

    officer
        .post(
            &format!("/officer/outcomes/{third}/move"),
            &[("direction", "up")],
        )
        .await;
    let moved = officer
        .post(
            &format!("/officer/outcomes/{first}/move"),
            &[("direction", "down")],
        )
        .await;

    assert_eq!(moved.status, Status::SeeOther);
    let list = officer.get("/officer/outcomes").await;
    assert!(list.body.contains("Moved outcome O1 down"));
    let expected = ["Charlie outcome", "Alpha outcome", "Bravo outcome"];
    assert!(in_order(&list.body, &expected));
    assert!(in_order(
        &app.client().await.get("/outcomes").await.body,
        &expected
    ));
}

#[rocket::async_test]
async fn an_indicator_needs_a_name_a_unit_from_the_list_and_how_it_is_counted() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let outcome = add_outcome(&officer, "O1", "Lonely").await;

    let page = officer
        .post(
            &format!("/officer/outcomes/{outcome}/indicators/new"),
            &[
                ("name", "Miles walked"),
                ("unit", "miles"),
                ("description", ""),
            ],
        )
        .await;

    assert_refused(&page, "Choose a unit from the list");
    assert!(page.body.contains("Say how this indicator is counted"));
    assert!(page.body.contains("value=\"Miles walked\""), "name kept");
    let blank = officer
        .post(
            &format!("/officer/outcomes/{outcome}/indicators/new"),
            &[("name", ""), ("unit", "hours"), ("description", "Typed")],
        )
        .await;
    assert_refused(&blank, "Enter the indicator&#x27;s name");
    assert!(
        blank.body.contains("<option value=\"hours\" selected>"),
        "unit kept"
    );
    assert!(
        officer
            .get(&format!("/officer/outcomes/{outcome}"))
            .await
            .body
            .contains("No indicators yet")
    );
}

#[rocket::async_test]
async fn an_officer_changes_reorders_and_removes_indicators_and_each_change_is_audited() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let outcome = add_outcome(&officer, "O1", "Lonely").await;
    let first = add_indicator(&officer, outcome, "People reached", "people").await;
    let second = add_indicator(&officer, outcome, "Sessions run", "sessions").await;
    let base = format!("/officer/outcomes/{outcome}/indicators");

    let form = officer.get(&format!("{base}/{first}/edit")).await;
    assert!(form.body.contains("<option value=\"people\" selected>"));
    officer
        .post(
            &format!("{base}/{first}/edit"),
            &[
                ("name", "Volunteers reached"),
                ("unit", "volunteers"),
                ("description", "Count each volunteer once"),
            ],
        )
        .await;
    officer
        .post(&format!("{base}/{second}/move"), &[("direction", "up")])
        .await;
    let reordered = officer.get(&format!("/officer/outcomes/{outcome}")).await;
    assert!(in_order(
        &reordered.body,
        &["Sessions run", "Volunteers reached", "Volunteers"]
    ));
    let confirm = officer.get(&format!("{base}/{first}/remove")).await;
    assert!(
        confirm
            .body
            .contains("Remove the indicator “Volunteers reached”?")
    );
    let removed = officer.post(&format!("{base}/{first}/remove"), &[]).await;

    assert_eq!(removed.status, Status::SeeOther);
    let page = officer.get(&format!("/officer/outcomes/{outcome}")).await;
    assert!(page.body.contains("Indicator removed: Volunteers reached"));
    assert!(page.body.contains("Sessions run"));
    assert!(
        !page
            .body
            .contains("<td class=\"table__cell\">Volunteers reached</td>")
    );
    let (admin, _) = app.login_as(Role::Admin).await;
    let audit = admin.get("/admin/audit?entity=indicator").await;
    for action in [
        "indicator.created",
        "indicator.updated",
        "indicator.moved",
        "indicator.removed",
    ] {
        assert!(
            audit.body.contains(&format!("<code>{action}</code>")),
            "{action}"
        );
    }
    assert!(
        audit
            .body
            .contains("unit &quot;people&quot; → &quot;volunteers&quot;")
    );
    let outcomes = admin.get("/admin/audit?entity=outcome").await;
    assert!(outcomes.body.contains("<code>outcome.created</code>"));
}

#[rocket::async_test]
async fn missing_outcomes_and_indicators_are_404s_even_under_another_outcome() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let one = add_outcome(&officer, "O1", "One").await;
    let two = add_outcome(&officer, "O2", "Two").await;
    let indicator = add_indicator(&officer, one, "Counted", "items").await;

    for path in [
        "/officer/outcomes/999".to_owned(),
        "/officer/outcomes/999/edit".to_owned(),
        "/officer/outcomes/999/indicators/new".to_owned(),
        format!("/officer/outcomes/{two}/indicators/{indicator}/edit"),
        format!("/officer/outcomes/{two}/indicators/{indicator}/remove"),
    ] {
        assert_eq!(officer.get(&path).await.status, Status::NotFound, "{path}");
    }
    let removed = officer
        .post(
            &format!("/officer/outcomes/{two}/indicators/{indicator}/remove"),
            &[],
        )
        .await;
    assert_eq!(removed.status, Status::NotFound);
    assert!(
        officer
            .get(&format!("/officer/outcomes/{one}"))
            .await
            .body
            .contains("Counted"),
        "still there"
    );
}

#[rocket::async_test]
async fn applicants_cannot_reach_the_outcomes_or_wards_pages() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let outcome = add_outcome(&officer, "O1", "One").await;
    let (applicant, _) = app.login_as(Role::Applicant).await;

    for path in [
        "/officer/outcomes".to_owned(),
        "/officer/outcomes/new".to_owned(),
        format!("/officer/outcomes/{outcome}"),
        "/officer/wards".to_owned(),
        "/officer/wards/new".to_owned(),
    ] {
        assert_eq!(
            applicant.get(&path).await.status,
            Status::Forbidden,
            "{path}"
        );
    }
    let post = add_ward(&applicant, "Abbey Fields", "E05011201").await;
    assert_eq!(post.status, Status::Forbidden);
    let moved = applicant
        .post(
            &format!("/officer/outcomes/{outcome}/move"),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(moved.status, Status::Forbidden);
    assert!(
        !officer
            .get("/officer/wards")
            .await
            .body
            .contains("Abbey Fields"),
        "nothing saved"
    );
}
