//! Shared setup for the outcomes and wards tests.

use rocket::http::Status;

use crate::deal::fixtures::id_after;
use crate::support::{Page, TestClient};

/// Submits the new-ward form.
pub async fn add_ward(officer: &TestClient, name: &str, code: &str) -> Page {
    officer
        .post("/officer/wards/new", &[("name", name), ("code", code)])
        .await
}

/// Adds an outcome through the form and returns its id.
pub async fn add_outcome(officer: &TestClient, code: &str, title: &str) -> i32 {
    let page = officer
        .post(
            "/officer/outcomes/new",
            &[("code", code), ("title", title), ("description", "")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    id_after(&page, "/officer/outcomes/")
}

/// Adds an indicator through the form and returns its id.
pub async fn add_indicator(officer: &TestClient, outcome: i32, name: &str, unit: &str) -> i32 {
    let page = officer
        .post(
            &format!("/officer/outcomes/{outcome}/indicators/new"),
            &[
                ("name", name),
                ("unit", unit),
                ("description", "Count each one once"),
            ],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
    id_after(&page, "#indicator-")
}

/// The first link on a page that starts and ends like this.
pub fn first_link(body: &str, starts: &str, ends: &str) -> String {
    let marker = format!("href=\"{starts}");
    let mut rest = body;
    while let Some(at) = rest.find(&marker) {
        let from = at + "href=\"".len();
        let len = rest[from..].find('"').unwrap_or(0);
        let link = &rest[from..from + len];
        if link.ends_with(ends) {
            return link.to_owned();
        }
        rest = &rest[from..];
    }
    panic!("no link {starts}…{ends} on the page");
}
