//! The API answers a method a path does not declare with 405 Method Not Allowed and an
//! `Allow` header, worked out from the mounted routes.

use rocket::http::{Method, Status};

use crate::support::TestApp;

/// A request path for a route's path: each `<segment>` filled in.
fn concrete(route: &str) -> String {
    route
        .split('/')
        .map(|s| if s.starts_with('<') { "x" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[rocket::async_test]
async fn every_api_path_answers_undeclared_methods_with_405_and_allow() {
    let app = TestApp::new().await;
    let rocket = app.rocket();
    let paths: Vec<String> = rocket
        .routes()
        .filter(|r| r.uri.path().starts_with("/api/"))
        .map(|r| concrete(r.uri.path()))
        .collect();
    assert!(paths.len() >= 6, "{paths:?}");
    let client = app.client().await;

    for path in &paths {
        for method in [
            Method::Trace,
            Method::Options,
            Method::Post,
            Method::Put,
            Method::Delete,
            Method::Patch,
        ] {
            let response = client.client.req(method, path.clone()).dispatch().await;
            assert_eq!(
                response.status(),
                Status::MethodNotAllowed,
                "{method} {path}"
            );
            assert_eq!(
                response.headers().get_one("Allow"),
                Some("GET, HEAD"),
                "{method} {path}"
            );
            let body = response.into_string().await.unwrap_or_default();
            let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
            assert_eq!(json["status"], 405);
            assert_eq!(json["code"], "method_not_allowed");
        }
    }
}

#[rocket::async_test]
async fn declared_methods_still_answer_and_unknown_api_paths_are_404() {
    let app = TestApp::new().await;
    let client = app.client().await;
    let get = client.client.get("/api/v1/rounds").dispatch().await;
    assert_eq!(get.status(), Status::Ok);
    let head = client.client.head("/api/v1/rounds").dispatch().await;
    assert_eq!(head.status(), Status::Ok);
    let missing = client
        .client
        .req(Method::Trace, "/api/v1/nothing-here")
        .dispatch()
        .await;
    assert_eq!(missing.status(), Status::NotFound);
    // Pages outside the API keep their own answers.
    let page = client.client.req(Method::Trace, "/rounds").dispatch().await;
    assert_eq!(page.status(), Status::NotFound);
}
