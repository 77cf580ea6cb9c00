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

/// The message shown beside the email field, without the time it names.
fn refusal(page: &crate::support::Page) -> &'static str {
    if page
        .body
        .contains("This account is locked for 15 minutes after 5 failed attempts")
    {
        "locked"
    } else if page.body.contains("Email address or password is not right") {
        "not right"
    } else {
        "something else"
    }
}

#[rocket::async_test]
async fn an_address_with_no_account_is_locked_after_five_failures_just_as_an_account_is() {
    let app = TestApp::new().await;
    app.create_user("jo@example.org", Role::Applicant).await;
    let mut answers = Vec::new();
    for email in ["jo@example.org", "nobody@example.org"] {
        // A browser and a client address of its own for each, as an attacker would use.
        let browser = app.client().await;
        let mut seen = Vec::new();
        for attempt in 0..7 {
            let page = browser
                .post_from(
                    &format!("10.0.0.{}", answers.len() + 1),
                    "/login",
                    &[("email", email), ("password", "wrong wrong wrong")],
                )
                .await;
            assert_eq!(
                page.status,
                Status::UnprocessableEntity,
                "{email} #{attempt}"
            );
            seen.push(refusal(&page));
        }
        answers.push(seen);
    }
    assert_eq!(
        answers[0],
        [
            "not right",
            "not right",
            "not right",
            "not right",
            "locked",
            "locked",
            "locked"
        ]
    );
    assert_eq!(answers[1], answers[0], "the same answers, account or not");

    // Both open again after the period, alike.
    app.clock.advance(chrono::Duration::minutes(16));
    let browser = app.client().await;
    for email in ["jo@example.org", "nobody@example.org"] {
        let page = browser
            .post_from(
                "10.0.0.9",
                "/login",
                &[("email", email), ("password", "wrong wrong wrong")],
            )
            .await;
        assert_eq!(refusal(&page), "not right", "{email}");
    }
}

async fn register(browser: &crate::support::TestClient, email: &str) -> crate::support::Page {
    browser
        .post(
            "/register",
            &[
                ("name", "Someone Else"),
                ("email", email),
                ("password", "river lantern cobbles"),
                ("confirm_password", "river lantern cobbles"),
            ],
        )
        .await
}

async fn emails(app: &TestApp, kind: &str, to: &str) -> usize {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Kind.eq(kind))
        .filter(entity::outbox::Column::ToAddress.eq(to))
        .count(&app.db)
        .await
        .expect("count emails") as usize
}

#[rocket::async_test]
async fn registering_an_address_with_an_account_answers_as_for_a_new_one_and_tells_the_owner() {
    let app = TestApp::new().await;
    app.create_user("taken@example.org", Role::Applicant).await;
    let browser = app.client().await;

    let taken = register(&browser, "taken@example.org").await;
    let fresh = register(&browser, "fresh@example.org").await;
    assert_eq!(taken.status, Status::SeeOther, "{}", taken.body);
    assert_eq!(fresh.status, taken.status);
    assert_eq!(taken.location.as_deref(), Some("/register/sent"));
    assert_eq!(fresh.location, taken.location);
    assert!(!taken.body.contains("already exists"));

    assert_eq!(emails(&app, "account_exists", "taken@example.org").await, 1);
    assert_eq!(
        emails(&app, "registration_confirm", "taken@example.org").await,
        0
    );
    assert_eq!(
        emails(&app, "registration_confirm", "fresh@example.org").await,
        1
    );
    assert_eq!(emails(&app, "account_exists", "fresh@example.org").await, 0);

    // The owner's account is as it was: their own password still works.
    let owner = app.client().await;
    assert_eq!(
        owner.login("taken@example.org", PASSWORD).await.status,
        Status::SeeOther
    );
    // And the password typed by the stranger opens nothing, for either address.
    for email in ["taken@example.org", "fresh@example.org"] {
        let page = app
            .client()
            .await
            .login(email, "river lantern cobbles")
            .await;
        assert_eq!(refusal(&page), "not right", "{email}");
    }
}

#[rocket::async_test]
async fn registration_is_throttled_per_email_address() {
    let app = TestApp::new().await;
    app.create_user("taken@example.org", Role::Applicant).await;
    for n in 0..6 {
        // A new browser and client address each time: the limit is on the email address.
        let browser = app.client().await;
        let page = browser
            .post_from(
                &format!("10.1.0.{n}"),
                "/register",
                &[
                    ("name", "Someone Else"),
                    ("email", "taken@example.org"),
                    ("password", "river lantern cobbles"),
                    ("confirm_password", "river lantern cobbles"),
                ],
            )
            .await;
        assert_eq!(page.location.as_deref(), Some("/register/sent"), "#{n}");
    }
    assert_eq!(emails(&app, "account_exists", "taken@example.org").await, 3);
    for n in 0..5 {
        let page = app
            .client()
            .await
            .post_from(
                &format!("10.2.0.{n}"),
                "/register",
                &[
                    ("name", "Someone New"),
                    ("email", "new@example.org"),
                    ("password", "river lantern cobbles"),
                    ("confirm_password", "river lantern cobbles"),
                ],
            )
            .await;
        assert_eq!(page.location.as_deref(), Some("/register/sent"), "#{n}");
    }
    assert_eq!(
        emails(&app, "registration_confirm", "new@example.org").await,
        3
    );
}

#[rocket::async_test]
async fn wrong_current_passwords_count_towards_the_sign_in_lockout() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Applicant).await;
    // Three failed sign-ins elsewhere, then two wrong current passwords: five in a row.
    let elsewhere = app.client().await;
    for _ in 0..3 {
        let page = elsewhere.login(&account.email, "wrong wrong wrong").await;
        assert_eq!(refusal(&page), "not right");
    }
    let change = |current: &'static str| {
        let browser = &browser;
        async move {
            browser
                .post(
                    "/account/password",
                    &[
                        ("current_password", current),
                        ("new_password", "lighthouse orchard pebble"),
                        ("confirm_password", "lighthouse orchard pebble"),
                    ],
                )
                .await
        }
    };
    let fourth = change("not my password").await;
    assert_eq!(fourth.status, Status::UnprocessableEntity);
    assert!(fourth.body.contains("Your current password is not right"));
    let fifth = change("still not it").await;
    assert_eq!(fifth.status, Status::UnprocessableEntity);
    assert!(
        fifth
            .body
            .contains("This account is locked for 15 minutes after 5 failed attempts"),
        "{}",
        fifth.body
    );
    // Locked: even the right current password is not checked, and sign-in is refused.
    let right = change(PASSWORD).await;
    assert_eq!(right.status, Status::UnprocessableEntity);
    assert!(right.body.contains("This account is locked"));
    assert_eq!(
        refusal(&app.client().await.login(&account.email, PASSWORD).await),
        "locked"
    );

    app.clock.advance(chrono::Duration::minutes(16));
    let done = change(PASSWORD).await;
    assert_eq!(done.status, Status::SeeOther, "{}", done.body);
}
