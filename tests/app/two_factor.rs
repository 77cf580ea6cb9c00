//! Two-factor sign-in: set-up from "Your account", the code after the password, codes
//! and recovery codes that work once, the lockout, the council's requirement for
//! officers and admins, and an admin's reset. Codes are computed from the secret the
//! set-up page shows, as an authenticator app would.

use chrono::Duration;
use dealfund::auth::totp;
use entity::user::Role;
use entity::{recovery_code, user};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::support::{PASSWORD, Page, TestApp, TestClient};

/// The secret in the set-up page's text, as an app would read it.
fn secret_on(page: &Page) -> Vec<u8> {
    let marker = "<code id=\"secret-key\">";
    let start = page.body.find(marker).expect("the key as text") + marker.len();
    let end = page.body[start..].find('<').expect("the key ends") + start;
    let text: String = page.body[start..end].split_whitespace().collect();
    base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &text).expect("base32")
}

/// The code an app shows now.
fn code_now(app: &TestApp, secret: &[u8]) -> String {
    totp::code_at(secret, app.clock.now().timestamp()).expect("a code")
}

/// The recovery codes on the page shown after set-up.
fn recovery_codes_on(page: &Page) -> Vec<String> {
    let start = page.body.find("id=\"recovery-codes\"").expect("the codes");
    let list = &page.body[start..page.body[start..].find("</ul>").unwrap() + start];
    list.split("<code>")
        .skip(1)
        .map(|c| c[..c.find("</code>").unwrap()].to_owned())
        .collect()
}

/// Sets two-factor sign-in up for a signed-in browser; returns the secret and the
/// recovery codes.
async fn set_up(app: &TestApp, browser: &TestClient) -> (Vec<u8>, Vec<String>) {
    let page = browser.get("/account/two-factor").await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    let secret = secret_on(&page);
    let done = browser
        .post("/account/two-factor", &[("code", &code_now(app, &secret))])
        .await;
    assert_eq!(done.status, Status::Ok, "{}", done.body);
    let codes = recovery_codes_on(&done);
    // The code just used is spent: the next sign-in needs the next one.
    app.clock.advance(Duration::seconds(30));
    (secret, codes)
}

async fn sign_in_with_password(browser: &TestClient, email: &str) -> Page {
    browser.login(email, PASSWORD).await
}

#[rocket::async_test]
async fn a_user_turns_on_two_factor_and_then_signs_in_with_a_code_after_the_password() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Applicant).await;
    let mine = browser.get("/account").await;
    assert!(mine.body.contains("href=\"/account/two-factor\""));

    let page = browser.get("/account/two-factor").await;
    assert_eq!(page.status, Status::Ok);
    assert_eq!(page.body.matches("<h1").count(), 1);
    assert!(
        page.body.contains("<svg"),
        "the QR code is drawn on the server"
    );
    assert!(!page.body.contains("<script"));
    assert!(page.body.contains("<label class=\"label\" for=\"code\">"));
    let secret = secret_on(&page);
    assert_eq!(secret.len(), 20);
    assert_eq!(
        secret_on(&browser.get("/account/two-factor").await),
        secret,
        "reloading shows the same secret"
    );

    let wrong = browser
        .post("/account/two-factor", &[("code", "12345x")])
        .await;
    assert_eq!(wrong.status, Status::UnprocessableEntity);
    assert!(wrong.body.contains("There is a problem"), "error summary");
    assert!(
        wrong.body.contains("id=\"code-error\""),
        "message beside the field"
    );
    assert!(
        wrong.body.contains("value=\"12345x\""),
        "what was typed is kept"
    );
    assert_eq!(secret_on(&wrong), secret);

    let done = browser
        .post("/account/two-factor", &[("code", &code_now(&app, &secret))])
        .await;
    assert_eq!(done.status, Status::Ok, "{}", done.body);
    let codes = recovery_codes_on(&done);
    assert_eq!(codes.len(), 10);

    // Stored: the secret sealed (not its text), the recovery codes as argon2 hashes.
    let stored = user::Entity::find_by_id(account.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let sealed = stored.totp_secret.clone().expect("a secret");
    let text = base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &secret);
    assert!(!sealed.contains(&text));
    assert_eq!(
        totp::SecretBox::new(&app.config.totp_key())
            .open(account.id, &sealed)
            .unwrap(),
        secret
    );
    assert!(
        totp::SecretBox::new(&[9; 32])
            .open(account.id, &sealed)
            .is_none()
    );
    let hashes = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(account.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 10);
    assert!(hashes.iter().all(|h| h.code_hash.starts_with("$argon2id$")));
    assert!(hashes.iter().all(|h| !codes.contains(&h.code_hash)));

    app.clock.advance(Duration::seconds(30));
    let phone = app.client().await;
    let first = sign_in_with_password(&phone, &account.email).await;
    assert_eq!(first.status, Status::SeeOther);
    assert_eq!(first.location.as_deref(), Some("/login/code"));
    assert_eq!(
        phone.get("/applications").await.status,
        Status::SeeOther,
        "the password alone opens nothing"
    );
    let ask = phone.get("/login/code").await;
    assert_eq!(ask.status, Status::Ok);
    assert_eq!(ask.body.matches("<h1").count(), 1);
    let wrong = phone.post("/login/code", &[("code", "000000")]).await;
    assert_eq!(wrong.status, Status::UnprocessableEntity);
    assert!(wrong.body.contains("id=\"code-error\""));
    assert!(wrong.body.contains("value=\"000000\""));
    let right = phone
        .post("/login/code", &[("code", &code_now(&app, &secret))])
        .await;
    assert_eq!(right.status, Status::SeeOther, "{}", right.body);
    assert_eq!(phone.get("/applications").await.status, Status::Ok);
    assert!(
        phone
            .get("/account")
            .await
            .body
            .contains("10 unused recovery codes")
    );
}

#[rocket::async_test]
async fn the_page_asked_for_before_signing_in_comes_after_the_code() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Applicant).await;
    let (secret, _) = set_up(&app, &browser).await;

    let phone = app.client().await;
    let asked = phone
        .post(
            "/login",
            &[
                ("email", account.email.as_str()),
                ("password", PASSWORD),
                ("next", "/applications"),
            ],
        )
        .await;
    assert_eq!(asked.status, Status::SeeOther, "{}", asked.body);
    let step = asked.location.expect("to the code step");
    assert_eq!(step, "/login/code?next=%2Fapplications");
    let page = phone.get(&step).await;
    assert_eq!(page.status, Status::Ok);
    let wrong = phone.post(&step, &[("code", "000000")]).await;
    assert_eq!(wrong.status, Status::UnprocessableEntity);
    let right = phone
        .post(&step, &[("code", &code_now(&app, &secret))])
        .await;
    assert_eq!(right.status, Status::SeeOther, "{}", right.body);
    assert_eq!(right.location.as_deref(), Some("/applications"));
    // An address elsewhere is dropped, as at the password step.
    let elsewhere = app.client().await;
    let asked = elsewhere
        .post(
            "/login",
            &[
                ("email", account.email.as_str()),
                ("password", PASSWORD),
                ("next", "//evil.example"),
            ],
        )
        .await;
    assert_eq!(asked.location.as_deref(), Some("/login/code"));
    let tricked = elsewhere
        .post("/login/code?next=%2F%2Fevil.example", &[("code", "000000")])
        .await;
    assert!(!tricked.body.contains("evil.example"), "{}", tricked.body);
}

#[rocket::async_test]
async fn a_code_works_once_and_so_does_each_recovery_code() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Applicant).await;
    let (secret, codes) = set_up(&app, &browser).await;

    let code = code_now(&app, &secret);
    let first = app.client().await;
    sign_in_with_password(&first, &account.email).await;
    let used = first.post("/login/code", &[("code", &code)]).await;
    assert_eq!(used.status, Status::SeeOther);
    let second = app.client().await;
    sign_in_with_password(&second, &account.email).await;
    let again = second.post("/login/code", &[("code", &code)]).await;
    assert_eq!(
        again.status,
        Status::UnprocessableEntity,
        "a code works once"
    );

    let recovery = codes[3].to_uppercase().replace('-', " ");
    let third = second.post("/login/code", &[("code", &recovery)]).await;
    assert_eq!(third.status, Status::SeeOther, "{}", third.body);
    assert_eq!(second.get("/applications").await.status, Status::Ok);
    let fourth = app.client().await;
    sign_in_with_password(&fourth, &account.email).await;
    let spent = fourth.post("/login/code", &[("code", &codes[3])]).await;
    assert_eq!(
        spent.status,
        Status::UnprocessableEntity,
        "a recovery code works once"
    );
    let other = fourth.post("/login/code", &[("code", &codes[4])]).await;
    assert_eq!(other.status, Status::SeeOther);
    let left = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(account.id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 8);
}

#[rocket::async_test]
async fn wrong_codes_count_towards_the_lockout() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Applicant).await;
    let (secret, _) = set_up(&app, &browser).await;
    let phone = app.client().await;
    sign_in_with_password(&phone, &account.email).await;
    for n in 1..=5 {
        let page = phone.post("/login/code", &[("code", "000000")]).await;
        assert_eq!(page.status, Status::UnprocessableEntity);
        assert_eq!(
            page.body.contains("This account is locked"),
            n == 5,
            "attempt {n}"
        );
    }
    let right = phone
        .post("/login/code", &[("code", &code_now(&app, &secret))])
        .await;
    assert_eq!(
        right.status,
        Status::UnprocessableEntity,
        "locked: no code is checked"
    );
    let password = app.client().await.login(&account.email, PASSWORD).await;
    assert!(password.body.contains("This account is locked"));

    app.clock.advance(Duration::minutes(16));
    let later = phone
        .post("/login/code", &[("code", &code_now(&app, &secret))])
        .await;
    assert_eq!(later.status, Status::SeeOther);
}

#[rocket::async_test]
async fn when_the_council_requires_it_an_officer_without_it_sets_it_up_at_sign_in() {
    let app = TestApp::new().await;
    let officer = app.create_user("officer@example.org", Role::Officer).await;
    let applicant = app.create_user("jo@example.org", Role::Applicant).await;
    let (admin, _) = app.login_as(Role::Admin).await;
    let users = admin.get("/admin/users").await;
    assert!(users.body.contains("Require it for officers and admins"));
    let set = admin
        .post("/admin/two-factor-requirement", &[("required", "true")])
        .await;
    assert_eq!(set.status, Status::SeeOther);
    assert!(
        admin
            .get("/admin/users")
            .await
            .body
            .contains("Stop requiring it")
    );

    // An applicant is not asked.
    let jo = app.client().await;
    let page = sign_in_with_password(&jo, &applicant.email).await;
    assert_eq!(page.location.as_deref(), Some("/"));

    let browser = app.client().await;
    let page = sign_in_with_password(&browser, &officer.email).await;
    assert_eq!(page.location.as_deref(), Some("/account/two-factor"));
    let officer_page = browser.get("/officer").await;
    assert_eq!(officer_page.status, Status::SeeOther, "not signed in yet");
    let via = browser.get(officer_page.location.as_deref().unwrap()).await;
    assert_eq!(via.location.as_deref(), Some("/account/two-factor"));
    let setup = browser.get("/account/two-factor").await;
    assert!(
        setup
            .body
            .contains("The council requires two-factor sign-in")
    );
    let secret = secret_on(&setup);
    let done = browser
        .post("/account/two-factor", &[("code", &code_now(&app, &secret))])
        .await;
    assert_eq!(done.status, Status::Ok);
    assert_eq!(recovery_codes_on(&done).len(), 10);
    assert_eq!(browser.get("/officer").await.status, Status::Ok);

    let audit = admin
        .get("/admin/audit?action=setting.two_factor_required")
        .await;
    assert!(audit.body.contains("required for officers and admins"));
}

#[rocket::async_test]
async fn an_admin_resets_a_users_second_factor_and_it_is_audited() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Officer).await;
    set_up(&app, &browser).await;
    let (admin, _) = app.login_as(Role::Admin).await;
    let page = admin.get(&format!("/admin/users/{}", account.id)).await;
    assert!(page.body.contains("Reset two-factor sign-in"));

    let reset = admin
        .post(
            &format!("/admin/users/{}/two-factor/reset", account.id),
            &[],
        )
        .await;
    assert_eq!(reset.status, Status::SeeOther);
    let phone = app.client().await;
    let page = sign_in_with_password(&phone, &account.email).await;
    assert_eq!(
        page.location.as_deref(),
        Some("/"),
        "the password alone again"
    );
    let left = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(account.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let audit = admin.get("/admin/audit?action=user.two_factor_reset").await;
    assert!(audit.body.contains("second factor removed"));
}

#[rocket::async_test]
async fn the_same_code_or_recovery_code_sent_twice_at_once_signs_in_only_once() {
    let app = TestApp::new().await;
    let (browser, account) = app.login_as(Role::Applicant).await;
    let (secret, codes) = set_up(&app, &browser).await;
    for code in [code_now(&app, &secret), codes[0].clone()] {
        let one = app.client().await;
        let two = app.client().await;
        sign_in_with_password(&one, &account.email).await;
        sign_in_with_password(&two, &account.email).await;
        let fields = [("code", code.as_str())];
        let (a, b) = tokio::join!(
            one.post("/login/code", &fields),
            two.post("/login/code", &fields)
        );
        let signed_in = [a.status, b.status]
            .iter()
            .filter(|s| **s == Status::SeeOther)
            .count();
        assert_eq!(signed_in, 1, "{code}: {} and {}", a.status, b.status);
    }
}
