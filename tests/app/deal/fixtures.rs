//! Shared setup for the deal tests.

use entity::user::Role;
use rocket::http::Status;

use crate::support::{Page, TestApp, TestClient};

/// Asserts the page came back as a failed form: the status, an "Error: " title,
/// the error summary, and the message.
pub fn assert_refused_with(page: &Page, status: Status, message: &str) {
    assert_eq!(page.status, status, "{}", page.body);
    assert!(
        page.title().starts_with("Error: "),
        "title: {}",
        page.title()
    );
    assert!(page.body.contains("There is a problem"), "error summary");
    assert!(page.body.contains(message), "expected {message:?}");
}

/// Like [`assert_refused_with`], for the usual status 422.
pub fn assert_refused(page: &Page, message: &str) {
    assert_refused_with(page, Status::UnprocessableEntity, message);
}

/// The number after `marker` in a redirect, like the 12 of `/officer/deal#theme-12`.
pub fn id_after(page: &Page, marker: &str) -> i32 {
    let location = page.location.clone().unwrap_or_default();
    let at = location
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {location:?}: {}", page.body));
    location[at + marker.len()..]
        .parse()
        .unwrap_or_else(|_| panic!("an id in {location}"))
}

/// True when each text appears on the page after the one before it.
pub fn in_order(body: &str, texts: &[&str]) -> bool {
    let mut from = 0;
    for text in texts {
        match body[from..].find(text) {
            Some(at) => from += at + text.len(),
            None => return false,
        }
    }
    true
}

/// Saves the Deal's title and a two-paragraph introduction.
pub async fn write_deal(officer: &TestClient) -> Page {
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

/// Adds a theme through the form and returns its id.
pub async fn add_theme(officer: &TestClient, title: &str) -> i32 {
    let page = officer
        .post(
            "/officer/deal/themes/new",
            &[("title", title), ("description", "About this theme")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    id_after(&page, "#theme-")
}

/// Adds a commitment to a side of a theme and returns its id.
pub async fn add_commitment(officer: &TestClient, theme: i32, side: &str, body: &str) -> i32 {
    let page = officer
        .post(
            &format!("/officer/deal/themes/{theme}/commitments/new"),
            &[("side", side), ("body", body)],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    id_after(&page, "#commitment-")
}

/// Pledges as a visitor would, from the page's form.
pub async fn pledge(browser: &TestClient, commitment: i32, name: &str, ward: &str) -> Page {
    browser
        .post(
            &format!("/deal/commitments/{commitment}/pledge"),
            &[("first_name", name), ("ward", ward)],
        )
        .await
}

/// An anonymous pledge from a given client address.
pub async fn pledge_from(browser: &TestClient, address: &str, commitment: i32) -> Page {
    browser
        .post_from(
            address,
            &format!("/deal/commitments/{commitment}/pledge"),
            &[("first_name", ""), ("ward", "")],
        )
        .await
}

/// An officer's browser and a Deal with one theme and one commitment on each side.
pub async fn deal_with_both_sides(app: &TestApp) -> (TestClient, i32, i32, i32) {
    let (officer, _) = app.login_as(Role::Officer).await;
    write_deal(&officer).await;
    let theme = add_theme(&officer, "Health and wellness").await;
    let ours = add_commitment(&officer, theme, "council", "We keep the pools open").await;
    let yours = add_commitment(&officer, theme, "residents", "I walk to the shops").await;
    (officer, theme, ours, yours)
}
