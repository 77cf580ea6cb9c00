//! Invitations to join an organisation: the same answer for every address, nothing of
//! an account shown before it accepts, and links that are single-use, expire, can be
//! withdrawn and work only for the address invited.

use chrono::Duration;
use entity::user::{self, Role};
use entity::{audit_event, organisation_invitation, organisation_member, outbox};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::support::{PASSWORD, Page, TestApp, TestClient};

const ORGANISATION: &str = "Moss Side Allotments";

/// The owner, signed in, with an organisation of theirs: its id.
async fn owner_with_organisation(app: &TestApp, email: &str) -> (TestClient, user::Model, i32) {
    let owner = app.create_user(email, Role::Applicant).await;
    let browser = app.client().await;
    browser.login(email, PASSWORD).await;
    let created = browser
        .post(
            "/organisations",
            &[
                ("name", ORGANISATION),
                ("kind", "other"),
                ("charity_number", ""),
                ("company_number", ""),
                ("postcode", "AS1 2AB"),
                ("ward_id", ""),
                ("website", ""),
                ("phone", ""),
            ],
        )
        .await;
    assert_eq!(created.status, Status::SeeOther, "{}", created.body);
    let id = created
        .location
        .as_deref()
        .and_then(|l| l.rsplit('/').next())
        .and_then(|id| id.parse().ok())
        .expect("the new organisation's address");
    (browser, owner, id)
}

/// A signed-in browser for a new account with this name and address.
async fn person(app: &TestApp, name: &str, email: &str) -> (TestClient, user::Model) {
    let account = dealfund::services::users::create(
        &app.db,
        &app.clock,
        &dealfund::services::audit::Actor::system(),
        dealfund::services::users::NewUser {
            name: name.to_owned(),
            email: email.to_owned(),
            password: PASSWORD.to_owned(),
            role: Role::Applicant,
        },
    )
    .await
    .expect("create an account");
    let browser = app.client().await;
    assert_eq!(
        browser.login(email, PASSWORD).await.status,
        Status::SeeOther
    );
    (browser, account)
}

async fn invite(owner: &TestClient, organisation_id: i32, email: &str) -> Page {
    owner
        .post(
            &format!("/organisations/{organisation_id}/invitations"),
            &[("email", email)],
        )
        .await
}

/// The invitation links emailed to `address`, oldest first.
async fn links_sent_to(app: &TestApp, address: &str) -> Vec<String> {
    outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("organisation_invitation"))
        .filter(outbox::Column::ToAddress.eq(address))
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .expect("read the outbox")
        .into_iter()
        .map(|m| {
            let start = m.body_text.find("/invitations/").expect("a link");
            m.body_text[start..start + "/invitations/".len() + 43].to_owned()
        })
        .collect()
}

async fn the_link(app: &TestApp, address: &str) -> String {
    links_sent_to(app, address)
        .await
        .pop()
        .expect("an invitation was emailed")
}

async fn is_member(app: &TestApp, organisation_id: i32, user_id: i32) -> bool {
    organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(organisation_id))
        .filter(organisation_member::Column::UserId.eq(user_id))
        .count(&app.db)
        .await
        .expect("count members")
        > 0
}

async fn audited(app: &TestApp, action: &str) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .all(&app.db)
        .await
        .expect("read the audit log")
}

/// The page with every CSRF token blanked, the only part that differs by browser.
fn without_tokens(body: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let mut out = String::new();
    let mut rest = body;
    while let Some(i) = rest.find(marker) {
        out.push_str(&rest[..i + marker.len()]);
        rest = &rest[i + marker.len()..];
        rest = &rest[rest.find('"').unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

/// Everything the owner sees when inviting `invited`, in an app where `existing` has
/// an account: the answer to the form, and the organisation's page after it.
async fn what_the_owner_sees(existing: &str, invited: &str) -> (Status, Option<String>, String) {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    person(&app, "Priya Shah", existing).await;
    let answer = invite(&owner, id, invited).await;
    let page = owner.get(&format!("/organisations/{id}")).await;
    assert_eq!(page.status, Status::Ok);
    assert_eq!(
        links_sent_to(&app, invited).await.len(),
        1,
        "an invitation is emailed to the address typed, account or not"
    );
    (answer.status, answer.location, without_tokens(&page.body))
}

#[rocket::async_test]
async fn inviting_an_address_gives_the_same_answer_whether_or_not_it_has_an_account() {
    let with_account = what_the_owner_sees("priya@example.org", "priya@example.org").await;
    let without_account = what_the_owner_sees("someone@example.org", "priya@example.org").await;

    assert_eq!(with_account.0, Status::SeeOther);
    assert_eq!(with_account.0, without_account.0);
    assert_eq!(with_account.1, without_account.1);
    assert_eq!(
        with_account.2, without_account.2,
        "the organisation's page is byte for byte the same, apart from the CSRF token"
    );
    assert!(
        with_account
            .2
            .contains("We have emailed an invitation to priya@example.org")
    );
    assert!(with_account.2.contains("priya@example.org"));
    assert!(
        !with_account.2.contains("Priya Shah"),
        "no name is shown before the invitation is accepted"
    );
}

#[rocket::async_test]
async fn the_invited_person_accepts_and_only_then_the_group_sees_their_name() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    let (priya, priya_account) = person(&app, "Priya Shah", "priya@example.org").await;

    let sent = invite(&owner, id, "  Priya@Example.org ").await;
    assert_eq!(sent.status, Status::SeeOther, "{}", sent.body);
    let before = owner.get(&format!("/organisations/{id}")).await;
    assert!(
        before.body.contains("priya@example.org"),
        "the address typed"
    );
    assert!(
        !before.body.contains("Priya Shah"),
        "no name before accepting"
    );
    assert!(
        !is_member(&app, id, priya_account.id).await,
        "not added without asking"
    );
    assert_eq!(
        priya.get(&format!("/organisations/{id}")).await.status,
        Status::NotFound
    );

    let link = the_link(&app, "priya@example.org").await;
    let stored = organisation_invitation::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let token = link.trim_start_matches("/invitations/");
    assert_ne!(
        stored.token_hash, token,
        "only a hash of the token is stored"
    );
    assert!(!stored.token_hash.contains(token));

    let page = priya.get(&link).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(page.body.contains(&format!("Join {ORGANISATION}")));
    assert_eq!(page.body.matches("<h1").count(), 1);

    let accepted = priya.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(accepted.status, Status::SeeOther, "{}", accepted.body);
    assert_eq!(
        accepted.location.as_deref(),
        Some(format!("/organisations/{id}").as_str())
    );
    assert!(is_member(&app, id, priya_account.id).await);
    assert_eq!(
        priya.get(&format!("/organisations/{id}")).await.status,
        Status::Ok
    );
    let after = owner.get(&format!("/organisations/{id}")).await;
    assert!(after.body.contains("Priya Shah"), "shown once accepted");
    assert!(after.body.contains("No invitations are waiting"));

    let again = priya.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(again.status, Status::Gone, "a link works once");
    assert!(again.body.contains("already been accepted"));
    assert_eq!(priya.get(&link).await.status, Status::Gone);

    assert_eq!(audited(&app, "organisation.invitation_sent").await.len(), 1);
    let accepts = audited(&app, "organisation.invitation_accepted").await;
    assert_eq!(accepts.len(), 1);
    assert_eq!(accepts[0].actor_id, Some(priya_account.id));
}

#[rocket::async_test]
async fn the_invited_person_can_decline_and_is_not_added() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    let (priya, priya_account) = person(&app, "Priya Shah", "priya@example.org").await;
    invite(&owner, id, "priya@example.org").await;
    let link = the_link(&app, "priya@example.org").await;

    let declined = priya.post(&format!("{link}/decline"), &[]).await;
    assert_eq!(declined.status, Status::SeeOther);
    assert_eq!(declined.location.as_deref(), Some("/organisations"));
    assert!(!is_member(&app, id, priya_account.id).await);
    owner.get("/organisations").await; // shows the invitation's flash message
    let page = owner.get(&format!("/organisations/{id}")).await;
    assert!(
        !page.body.contains("priya@example.org"),
        "no longer waiting"
    );
    assert!(!page.body.contains("Priya Shah"));
    let later = priya.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(later.status, Status::Gone);
    assert!(later.body.contains("already been declined"));
    assert!(!is_member(&app, id, priya_account.id).await);
    assert_eq!(
        audited(&app, "organisation.invitation_declined")
            .await
            .len(),
        1
    );
}

#[rocket::async_test]
async fn an_invitation_expires_after_fourteen_days() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    let (priya, priya_account) = person(&app, "Priya Shah", "priya@example.org").await;
    invite(&owner, id, "priya@example.org").await;
    let link = the_link(&app, "priya@example.org").await;

    app.clock.advance(Duration::days(13));
    priya.login("priya@example.org", PASSWORD).await;
    assert_eq!(priya.get(&link).await.status, Status::Ok, "still open");
    app.clock.advance(Duration::days(1) + Duration::minutes(1));
    // Two weeks on, everyone signs in again.
    priya.login("priya@example.org", PASSWORD).await;
    owner.login("owner@example.org", PASSWORD).await;
    let page = priya.get(&link).await;
    assert_eq!(page.status, Status::Gone);
    assert!(page.body.contains("This invitation has expired"));
    let accepted = priya.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(accepted.status, Status::Gone);
    assert!(!is_member(&app, id, priya_account.id).await);
    let listed = owner.get(&format!("/organisations/{id}")).await;
    assert!(listed.body.contains("Expired"), "the owner sees it expired");

    // Expired, the address may be invited again, with a new link.
    assert_eq!(
        invite(&owner, id, "priya@example.org").await.status,
        Status::SeeOther
    );
    let fresh = the_link(&app, "priya@example.org").await;
    assert_ne!(fresh, link);
    assert_eq!(
        priya.post(&format!("{fresh}/accept"), &[]).await.status,
        Status::SeeOther
    );
    assert!(is_member(&app, id, priya_account.id).await);
}

#[rocket::async_test]
async fn the_owner_can_withdraw_an_invitation_and_its_link_stops_working() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    let (priya, priya_account) = person(&app, "Priya Shah", "priya@example.org").await;
    invite(&owner, id, "priya@example.org").await;
    let link = the_link(&app, "priya@example.org").await;
    let again = invite(&owner, id, "priya@example.org").await;
    assert_eq!(again.status, Status::UnprocessableEntity);
    assert!(
        again
            .body
            .contains("You have already invited priya@example.org")
    );

    let invitation = organisation_invitation::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let withdrawn = owner
        .post(
            &format!("/organisations/{id}/invitations/{}/withdraw", invitation.id),
            &[],
        )
        .await;
    assert_eq!(withdrawn.status, Status::SeeOther, "{}", withdrawn.body);
    let page = priya.get(&link).await;
    assert_eq!(page.status, Status::Gone);
    assert!(page.body.contains("withdrawn"));
    assert_eq!(
        priya.post(&format!("{link}/accept"), &[]).await.status,
        Status::Gone
    );
    assert!(!is_member(&app, id, priya_account.id).await);
    let twice = owner
        .post(
            &format!("/organisations/{id}/invitations/{}/withdraw", invitation.id),
            &[],
        )
        .await;
    assert_eq!(twice.status, Status::UnprocessableEntity);
    assert!(twice.body.contains("already been answered"));
    assert_eq!(
        audited(&app, "organisation.invitation_withdrawn")
            .await
            .len(),
        1
    );
}

#[rocket::async_test]
async fn an_invitation_works_only_for_the_account_with_the_address_invited() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    let (priya, priya_account) = person(&app, "Priya Shah", "priya@example.org").await;
    let (other, other_account) = person(&app, "Sam Jones", "sam@example.org").await;
    invite(&owner, id, "priya@example.org").await;
    let link = the_link(&app, "priya@example.org").await;

    let page = other.get(&link).await;
    assert_eq!(page.status, Status::Forbidden);
    assert!(
        page.body
            .contains("This invitation is for a different email address")
    );
    assert!(page.body.contains("You are signed in as sam@example.org"));
    assert!(!page.body.contains("priya@example.org"), "{}", page.body);
    for answer in ["accept", "decline"] {
        let refused = other.post(&format!("{link}/{answer}"), &[]).await;
        assert_eq!(refused.status, Status::Forbidden);
    }
    assert!(!is_member(&app, id, other_account.id).await);
    assert_eq!(
        priya.post(&format!("{link}/accept"), &[]).await.status,
        Status::SeeOther,
        "still open for the address invited"
    );
    assert!(is_member(&app, id, priya_account.id).await);
}

#[rocket::async_test]
async fn someone_without_an_account_registers_from_the_link_and_comes_back_to_accept() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    invite(&owner, id, "new.person@example.org").await;
    let link = the_link(&app, "new.person@example.org").await;

    let visitor = app.client().await;
    let page = visitor.get(&link).await;
    assert_eq!(page.status, Status::Ok);
    let next = format!("next=%2Finvitations%2F{}", &link["/invitations/".len()..]);
    assert!(
        page.body.contains(&format!("/register?{next}")),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!("/login?{next}")));
    assert!(!page.body.contains("/accept"), "answering needs an account");

    let form = visitor.get(&format!("/register?{next}")).await;
    assert!(
        form.body
            .contains(&format!("name=\"next\" value=\"{link}\""))
    );
    let registered = visitor
        .post(
            "/register",
            &[
                ("name", "New Person"),
                ("email", "new.person@example.org"),
                ("password", PASSWORD),
                ("confirm_password", PASSWORD),
                ("next", &link),
            ],
        )
        .await;
    assert_eq!(registered.status, Status::SeeOther, "{}", registered.body);
    assert_eq!(registered.location.as_deref(), Some("/register/sent"));
    // The account is made from the emailed link, which carries the invitation along.
    let confirm = crate::accounts::emailed_link(
        &app,
        "registration_confirm",
        "new.person@example.org",
        "/register/confirm/",
    )
    .await;
    assert!(confirm.ends_with(&format!("?{next}")), "{confirm}");
    let confirm_page = visitor.get(&confirm).await;
    assert!(confirm_page.body.contains(&format!("?{next}\"")));
    let made = visitor.post(&confirm, &[]).await;
    assert_eq!(made.status, Status::SeeOther, "{}", made.body);
    assert_eq!(made.location.as_deref(), Some(link.as_str()));
    assert_eq!(visitor.get(&link).await.status, Status::Ok);
    assert_eq!(
        visitor.post(&format!("{link}/accept"), &[]).await.status,
        Status::SeeOther
    );
    assert!(
        owner
            .get(&format!("/organisations/{id}"))
            .await
            .body
            .contains("New Person")
    );
}

#[rocket::async_test]
async fn signing_in_from_the_link_comes_back_to_it() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    app.create_user("priya@example.org", Role::Applicant).await;
    invite(&owner, id, "priya@example.org").await;
    let link = the_link(&app, "priya@example.org").await;

    let visitor = app.client().await;
    let signed_in = visitor
        .post(
            "/login",
            &[
                ("email", "priya@example.org"),
                ("password", PASSWORD),
                ("next", &link),
            ],
        )
        .await;
    assert_eq!(signed_in.location.as_deref(), Some(link.as_str()));
    assert_eq!(
        visitor.post(&format!("{link}/accept"), &[]).await.status,
        Status::SeeOther
    );
}

#[rocket::async_test]
async fn invitations_are_limited_to_twenty_a_day_per_person() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    for n in 0..20 {
        let sent = invite(&owner, id, &format!("person{n}@example.org")).await;
        assert_eq!(
            sent.status,
            Status::SeeOther,
            "invitation {n}: {}",
            sent.body
        );
    }
    let refused = invite(&owner, id, "one.more@example.org").await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(
        refused
            .body
            .contains("You have sent 20 invitations in the last 24 hours"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("value=\"one.more@example.org\""),
        "kept"
    );
    assert!(refused.title().starts_with("Error: "));
    assert!(links_sent_to(&app, "one.more@example.org").await.is_empty());

    // Withdrawing does not give any back: the limit counts what was sent.
    let first = organisation_invitation::Entity::find()
        .order_by_asc(organisation_invitation::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    owner
        .post(
            &format!("/organisations/{id}/invitations/{}/withdraw", first.id),
            &[],
        )
        .await;
    assert_eq!(
        invite(&owner, id, "one.more@example.org").await.status,
        Status::UnprocessableEntity
    );

    app.clock
        .advance(Duration::hours(24) + Duration::minutes(1));
    assert_eq!(
        invite(&owner, id, "one.more@example.org").await.status,
        Status::SeeOther,
        "a day later"
    );
}

#[rocket::async_test]
async fn only_the_owner_may_invite_or_withdraw() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    let (member, _) = person(&app, "Priya Shah", "priya@example.org").await;
    invite(&owner, id, "priya@example.org").await;
    let link = the_link(&app, "priya@example.org").await;
    member.post(&format!("{link}/accept"), &[]).await;
    invite(&owner, id, "waiting@example.org").await;
    let waiting = organisation_invitation::Entity::find()
        .filter(organisation_invitation::Column::Email.eq("waiting@example.org"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    let by_member = invite(&member, id, "friend@example.org").await;
    assert_eq!(by_member.status, Status::Forbidden);
    let page = member.get(&format!("/organisations/{id}")).await;
    assert!(
        !page.body.contains("Send invitation"),
        "no form for members"
    );
    assert!(
        page.body.contains("waiting@example.org"),
        "members see who is invited"
    );
    let withdraw = format!("/organisations/{id}/invitations/{}/withdraw", waiting.id);
    assert_eq!(member.post(&withdraw, &[]).await.status, Status::Forbidden);

    let (stranger, _) = app.login_as(Role::Applicant).await;
    assert_eq!(
        invite(&stranger, id, "friend@example.org").await.status,
        Status::NotFound
    );
    assert_eq!(stranger.post(&withdraw, &[]).await.status, Status::NotFound);
    assert!(links_sent_to(&app, "friend@example.org").await.is_empty());

    // An admin's address may be invited, but nothing happens unless they accept.
    let admin = app.create_user("admin@example.org", Role::Admin).await;
    assert_eq!(
        invite(&owner, id, "admin@example.org").await.status,
        Status::SeeOther
    );
    assert!(!is_member(&app, id, admin.id).await);
}

#[rocket::async_test]
async fn bad_addresses_and_links_get_a_message_not_a_server_error() {
    let app = TestApp::new().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;

    let blank = invite(&owner, id, "  ").await;
    assert_eq!(blank.status, Status::UnprocessableEntity);
    assert!(
        blank
            .body
            .contains("Enter the email address of the person to invite")
    );
    let malformed = invite(&owner, id, "priya at example").await;
    assert_eq!(malformed.status, Status::UnprocessableEntity);
    assert!(
        malformed
            .body
            .contains("Enter an email address in the correct format")
    );
    assert!(
        malformed.body.contains("value=\"priya at example\""),
        "kept"
    );
    assert!(malformed.body.contains("error-summary"));
    let own = invite(&owner, id, "owner@example.org").await;
    assert_eq!(own.status, Status::UnprocessableEntity);
    assert!(own.body.contains("That person is already a member"));
    let missing = owner
        .post(&format!("/organisations/{id}/invitations"), &[])
        .await;
    assert_eq!(missing.status, Status::UnprocessableEntity);

    let (priya, _) = person(&app, "Priya Shah", "priya@example.org").await;
    for path in [
        "/invitations/nonsense".to_owned(),
        format!("/invitations/{}", "a".repeat(43)),
        "/invitations/%3Cscript%3E".to_owned(),
    ] {
        assert_eq!(priya.get(&path).await.status, Status::NotFound, "{path}");
        assert_eq!(
            priya.post(&format!("{path}/accept"), &[]).await.status,
            Status::NotFound,
            "{path}"
        );
        assert_eq!(app.client().await.get(&path).await.status, Status::NotFound);
    }
}

/// Holds four transactions at once, so that the pool opens four connections before
/// the race (otherwise the first calls finish while it is still connecting).
async fn warm(db: &sea_orm::DatabaseConnection) {
    use sea_orm::TransactionTrait;
    let mut open = Vec::new();
    for _ in 0..4 {
        open.push(db.begin().await.expect("a connection"));
    }
    for txn in open {
        txn.rollback().await.expect("rolled back");
    }
}

#[rocket::async_test]
async fn invitations_sent_at_the_same_moment_by_two_servers_still_stop_at_twenty() {
    use dealfund::services::audit::Actor;
    use dealfund::services::invitations;

    let app = TestApp::on_disk().await;
    let (_, owner, id) = owner_with_organisation(&app, "owner@example.org").await;
    // A second pool on the same database stands for a second server.
    let second = dealfund::db::connect(&app.database_url, 4).await.unwrap();
    warm(&app.db).await;
    warm(&second).await;
    let actor = Actor::known(owner.id, &owner.email);
    let tasks: Vec<_> = (0..26)
        .map(|n| {
            let db = if n % 2 == 0 {
                app.db.clone()
            } else {
                second.clone()
            };
            let (clock, notifier, actor) = (app.clock.clone(), app.notifier(), actor.clone());
            let owner_id = owner.id;
            tokio::spawn(async move {
                invitations::invite(
                    &db,
                    &clock,
                    &notifier,
                    &actor,
                    owner_id,
                    id,
                    &format!("racer{n}@example.org"),
                )
                .await
            })
        })
        .collect();
    let mut sent = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => sent += 1,
            Err(dealfund::error::AppError::Invalid(errors)) => {
                assert!(errors.0[0].1.contains("20 invitations"), "{errors:?}");
            }
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!(sent, 20);
    assert_eq!(
        organisation_invitation::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        20
    );
    second.close().await.ok();
}

#[rocket::async_test]
async fn one_link_answered_twice_at_the_same_moment_counts_once() {
    use dealfund::services::audit::Actor;
    use dealfund::services::invitations::{self, Answered, Viewer};

    let app = TestApp::on_disk().await;
    let (owner, _, id) = owner_with_organisation(&app, "owner@example.org").await;
    let (_, priya) = person(&app, "Priya Shah", "priya@example.org").await;
    invite(&owner, id, "priya@example.org").await;
    let link = the_link(&app, "priya@example.org").await;
    let token = link.trim_start_matches("/invitations/").to_owned();
    let second = dealfund::db::connect(&app.database_url, 4).await.unwrap();
    warm(&app.db).await;
    warm(&second).await;

    let tasks: Vec<_> = (0..6)
        .map(|n| {
            let db = if n % 2 == 0 {
                app.db.clone()
            } else {
                second.clone()
            };
            let (clock, token, email) = (app.clock.clone(), token.clone(), priya.email.clone());
            let (user_id, actor) = (priya.id, Actor::known(priya.id, &priya.email));
            tokio::spawn(async move {
                let viewer = Viewer {
                    user_id,
                    email: &email,
                };
                invitations::answer(&db, &clock, &actor, &token, viewer, n % 3 != 0).await
            })
        })
        .collect();
    let mut done = 0;
    for task in tasks {
        if let Answered::Done { .. } = task.await.unwrap().unwrap() {
            done += 1;
        }
    }
    assert_eq!(done, 1, "the link works once");
    let answers = audited(&app, "organisation.invitation_accepted")
        .await
        .len()
        + audited(&app, "organisation.invitation_declined")
            .await
            .len();
    assert_eq!(answers, 1);
    assert!(
        organisation_member::Entity::find()
            .filter(organisation_member::Column::UserId.eq(priya.id))
            .count(&app.db)
            .await
            .unwrap()
            <= 1
    );
    second.close().await.ok();
}
