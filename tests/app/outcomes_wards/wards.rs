//! Wards: adding, changing, duplicates and their messages.

use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{add_ward, first_link};
use crate::deal::fixtures::assert_refused;
use crate::support::TestApp;

#[rocket::async_test]
async fn an_officer_adds_a_ward_and_sees_it_in_the_list() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let added = add_ward(&officer, "Abbey Fields", "e05011201").await;

    assert_eq!(added.status, Status::SeeOther);
    assert_eq!(added.location.as_deref(), Some("/officer/wards"));
    let list = officer.get("/officer/wards").await;
    assert!(list.body.contains("Ward added: Abbey Fields (E05011201)"));
    assert!(
        list.body
            .contains("<td class=\"table__cell\">Abbey Fields</td>")
    );
    assert!(
        list.body.contains("<code>E05011201</code>"),
        "code in capitals"
    );
}

#[rocket::async_test]
async fn a_ward_with_a_bad_code_or_no_name_comes_back_with_the_messages_and_what_was_typed() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = add_ward(&officer, " ", "E06000001").await;

    assert_refused(&page, "Enter the ward&#x27;s name");
    assert!(
        page.body.contains("id=\"code-error\""),
        "message beside the code"
    );
    assert!(page.body.contains("Enter an ONS ward code"));
    assert!(
        page.body.contains("value=\"E06000001\""),
        "code kept as typed"
    );
    assert!(
        !officer
            .get("/officer/wards")
            .await
            .body
            .contains("E06000001"),
        "nothing saved"
    );
}

#[rocket::async_test]
async fn a_ward_name_or_code_already_used_is_refused_beside_its_field() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    add_ward(&officer, "Abbey Fields", "E05011201").await;

    let same_name = add_ward(&officer, "abbey fields", "E05011202").await;
    assert_refused(&same_name, "Another ward already has this name");
    assert!(same_name.body.contains("id=\"name-error\""));
    assert!(
        same_name.body.contains("value=\"E05011202\""),
        "typed code kept"
    );

    let same_code = add_ward(&officer, "Brook Vale", "E05011201").await;
    assert_refused(&same_code, "Another ward already has this ONS code");
    assert!(same_code.body.contains("id=\"code-error\""));
    assert!(
        same_code.body.contains("value=\"Brook Vale\""),
        "typed name kept"
    );
}

#[rocket::async_test]
async fn an_officer_changes_a_ward_and_the_change_is_audited() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    add_ward(&officer, "Abbey", "E05011201").await;
    add_ward(&officer, "Brook Vale", "E05011202").await;
    let list = officer.get("/officer/wards").await;
    let edit = first_link(&list.body, "/officer/wards/", "/edit");

    let form = officer.get(&edit).await;
    assert_eq!(form.status, Status::Ok);
    assert!(
        form.body.contains("value=\"Abbey\""),
        "current values shown"
    );
    let taken = officer
        .post(&edit, &[("name", "Abbey"), ("code", "E05011202")])
        .await;
    assert_refused(&taken, "Another ward already has this ONS code");
    let saved = officer
        .post(&edit, &[("name", "Abbey Fields"), ("code", "E05011201")])
        .await;

    assert_eq!(saved.status, Status::SeeOther);
    assert!(
        officer
            .get("/officer/wards")
            .await
            .body
            .contains("Abbey Fields")
    );
    let (admin, _) = app.login_as(Role::Admin).await;
    let audit = admin.get("/admin/audit?action=ward.updated").await;
    assert!(
        audit
            .body
            .contains("name &quot;Abbey&quot; → &quot;Abbey Fields&quot;"),
        "{}",
        audit.body
    );
    let created = admin.get("/admin/audit?action=ward.created").await;
    assert_eq!(created.body.matches("<code>ward.created</code>").count(), 2);
}

#[rocket::async_test]
async fn a_missing_ward_is_a_404() {
    let app = TestApp::new().await;
    let (officer, _) = app.login_as(Role::Officer).await;
    assert_eq!(
        officer.get("/officer/wards/9999/edit").await.status,
        Status::NotFound
    );
    let post = officer
        .post(
            "/officer/wards/9999/edit",
            &[("name", "X"), ("code", "E05011201")],
        )
        .await;
    assert_eq!(post.status, Status::NotFound);
}
