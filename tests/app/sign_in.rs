//! Signing in safely: where it sends you afterwards, and what it tells a stranger
//! about which accounts exist.

use entity::user::Role;
use rocket::http::Status;

use crate::support::{PASSWORD, TestApp};

/// Ways of trying to leave the site after signing in, as an attacker would write them.
const OPEN_REDIRECTS: &[&str] = &[
    "//evil.com",
    "//evil.com/path",
    "///evil.com",
    "/\\evil.com",
    "/\\/evil.com",
    "\\\\evil.com",
    "https://evil.com",
    "http://evil.com/",
    "HTTPS://evil.com",
    "https:evil.com",
    "/%2F%2Fevil.com",
    "/%2f%2fevil.com",
    "/%5Cevil.com",
    "%2F%2Fevil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "/\t/evil.com",
    "/\n/evil.com",
    "\t//evil.com",
    " //evil.com",
    "/\r\n//evil.com",
    "evil.com",
    "@evil.com",
    "//evil.com%2F@dealfund.example",
    "/%09/evil.com",
];

#[rocket::async_test]
async fn a_next_page_with_a_space_or_markup_is_ignored_and_the_user_is_signed_in() {
    let app = TestApp::new().await;
    let account = app.create_user("jo@example.org", Role::Applicant).await;
    for next in ["/a b", "/a<b", "/a\"b", "/<script>", "/\"onmouseover=\"x"] {
        let browser = app.client().await;
        let form = browser
            .get(&format!(
                "/login?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(form.status, Status::Ok, "{next}");
        let page = browser
            .post(
                "/login",
                &[
                    ("email", &account.email),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(page.status, Status::SeeOther, "{next}: {}", page.body);
        assert_eq!(page.location.as_deref(), Some("/"), "{next}");
        assert_eq!(browser.get("/account").await.status, Status::Ok, "{next}");
        // Already signed in, the sign-in page sends the user on without failing too.
        let again = browser.get("/login?next=/a%20b").await;
        assert_eq!(again.status, Status::SeeOther);
        assert_eq!(again.location.as_deref(), Some("/"));
    }
}

#[rocket::async_test]
async fn no_next_page_ever_sends_anyone_to_another_site() {
    let app = TestApp::new().await;
    let account = app.create_user("jo@example.org", Role::Applicant).await;
    assert!(OPEN_REDIRECTS.len() >= 15);
    for next in OPEN_REDIRECTS {
        let browser = app.client().await;
        let page = browser
            .post(
                "/login",
                &[
                    ("email", &account.email),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(page.status, Status::SeeOther, "{next:?}: {}", page.body);
        assert_eq!(page.location.as_deref(), Some("/"), "{next:?}");
        let signed_in = browser
            .get(&format!(
                "/login?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(signed_in.location.as_deref(), Some("/"), "{next:?}");
    }
}

#[rocket::async_test]
async fn a_local_next_page_is_still_followed() {
    let app = TestApp::new().await;
    let account = app.create_user("jo@example.org", Role::Applicant).await;
    let browser = app.client().await;
    let page = browser
        .post(
            "/login",
            &[
                ("email", &account.email),
                ("password", PASSWORD),
                ("next", "/organisations?page=2"),
            ],
        )
        .await;
    assert_eq!(page.location.as_deref(), Some("/organisations?page=2"));
}
