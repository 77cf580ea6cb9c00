//! The moderation board and one application's moderation page.

use entity::user::Role;
use rocket::http::Status;

use super::fixtures::example;
use crate::support::TestApp;

/// Where `needle` first appears in the page, for checking order.
fn position(body: &str, needle: &str) -> usize {
    body.find(needle)
        .unwrap_or_else(|| panic!("{needle} is on the page"))
}

#[rocket::async_test]
async fn the_board_ranks_by_mean_flags_disagreement_and_marks_where_the_money_runs_out() {
    let app = TestApp::new().await;
    let e = example(&app, "board").await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer.get("/officer/rounds/board/moderation").await;

    assert_eq!(page.status, Status::Ok, "{}", page.body);
    let body = &page.body;
    let (x, y, z, w) = (
        position(body, "BOARD-X"),
        position(body, "BOARD-Y"),
        position(body, "BOARD-Z"),
        position(body, "BOARD-W"),
    );
    let line = position(body, "The money runs out here");
    assert!(x < y && y < line && line < z && z < w, "X, Y, line, Z, W");
    // X: 100 and 72, mean 86, spread 28 over the margin of 20, sd 14.
    assert!(body.contains("Ada Reviewer: 100.0"));
    assert!(body.contains("Ben Reviewer: 72.0"));
    assert!(body.contains("86.0"));
    assert!(body.contains("28.0 (14.0)"));
    assert_eq!(body.matches("Reviewers disagree</strong>").count(), 1);
    assert!(body.contains("Fund 1, in part 1, not 0"));
    assert!(body.contains("3 of 3"), "Y has all its reviews");
    // Running totals down the list.
    for total in ["£1,500.00", "£2,500.00", "£3,500.00", "£4,000.00"] {
        assert!(body.contains(total), "{total}");
    }
    // W is under the threshold of 60, and Cy declared a conflict on it.
    assert_eq!(body.matches("Below threshold</strong>").count(), 1);
    assert!(position(body, "Below threshold") > w);
    assert!(position(body, "Cy Reviewer</td>") > w);
    assert!(body.contains(&format!("/officer/rounds/board/moderation/{}\"", e.w.id)));
}

#[rocket::async_test]
async fn the_normalised_board_says_what_normalising_means() {
    let app = TestApp::new().await;
    example(&app, "normal").await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .get("/officer/rounds/normal/moderation?normalised=1")
        .await;

    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(page.body.contains("Showing normalised scores."));
    assert!(page.body.contains("harsh and generous reviewers"));
    assert!(page.body.contains("NORMAL-X"));
}

#[rocket::async_test]
async fn the_application_page_shows_each_criterions_mean_and_every_reviewers_scores() {
    let app = TestApp::new().await;
    let e = example(&app, "detail").await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .get(&format!("/officer/rounds/detail/moderation/{}", e.x.id))
        .await;

    assert_eq!(page.status, Status::Ok, "{}", page.body);
    // Need: 5 and 4 → 4.50; Plan: 5 and 3 → 4.00.
    assert!(page.body.contains("4.50"));
    assert!(page.body.contains("4.00"));
    assert!(page.body.contains("Ben Reviewer: 3</strong>. Scored 3"));
    assert!(page.body.contains("Overall, fund_in_part"));
    assert!(page.body.contains("2 of 3"));
    assert!(page.body.contains("Award £1,500.00"));
}

#[rocket::async_test]
async fn moderation_is_for_officers_only() {
    let app = TestApp::new().await;
    let e = example(&app, "guarded").await;
    for role in [Role::Applicant, Role::Panel] {
        let (browser, _) = app.login_as(role).await;
        for path in [
            "/officer/rounds/guarded/moderation".to_owned(),
            format!("/officer/rounds/guarded/moderation/{}", e.x.id),
            "/officer/rounds/guarded/moderation/fund-down".to_owned(),
        ] {
            assert_eq!(browser.get(&path).await.status, Status::Forbidden, "{path}");
        }
    }
}
