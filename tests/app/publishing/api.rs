//! The JSON API: filters and paging like the directory, JSON errors, and an OpenAPI
//! description that matches what every endpoint really returns.

use std::collections::BTreeSet;

use rocket::http::Status;
use serde_json::{Value, json};

use super::fixtures::world::world;
use super::fixtures::{Grant, scheme};
use crate::support::{TestApp, TestClient};

async fn json(client: &TestClient, path: &str) -> (Status, Value) {
    let page = client.get(path).await;
    let body = serde_json::from_str(&page.body)
        .unwrap_or_else(|e| panic!("{path} is not JSON ({e}): {}", page.body));
    (page.status, body)
}

fn references(list: &Value) -> Vec<String> {
    list["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["reference"].as_str().unwrap().to_owned())
        .collect()
}

#[rocket::async_test]
async fn the_projects_endpoint_filters_and_pages_like_the_directory() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;

    let (status, all) = json(&visitor, "/api/v1/projects").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(all["total"], 3);
    assert_eq!(references(&all), ["SHED-1", "SWIM-1", "CAFE-1"]);
    assert_eq!(all["next"], Value::Null);

    let (_, bridge) = json(&visitor, "/api/v1/projects?ward=E05000002").await;
    assert_eq!(references(&bridge), ["CAFE-1"]);
    let (_, search) = json(&visitor, "/api/v1/projects?q=swim&status=active").await;
    assert_eq!(references(&search), ["SWIM-1"]);
    let swim = &search["projects"][0];
    assert_eq!(swim["amount_awarded_pence"], 150_000);
    assert_eq!(swim["amount_paid_pence"], 75_000);
    assert_eq!(swim["organisation"]["charity_number"], "1234567");
    assert_eq!(swim["wards"][0]["code"], "E05000001");
    assert_eq!(swim["url"], "/projects/SWIM-1");

    let (status, one) = json(&visitor, "/api/v1/projects/CAFE-1").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(one["status"], "completed");
    assert_eq!(one["beneficiaries"], 40);
}

#[rocket::async_test]
async fn the_next_page_link_keeps_the_filters() {
    let app = TestApp::new().await;
    let scheme = scheme(&app, "paged").await;
    for n in 0..21 {
        Grant::new(&format!("PAGED-{n:02}"))
            .create(&app, &scheme)
            .await;
    }
    let visitor = app.client().await;
    let (_, first) = json(&visitor, "/api/v1/projects?round=paged&sort=title").await;
    assert_eq!(
        (first["total"].clone(), first["pages"].clone()),
        (json!(21), json!(2))
    );
    let next = first["next"].as_str().unwrap().to_owned();
    assert_eq!(
        next,
        "/api/v1/projects?round=paged&sort=title&dir=asc&page=2"
    );
    let (_, second) = json(&visitor, &next).await;
    assert_eq!(references(&second), ["PAGED-20"]);
    assert_eq!(
        second["previous"],
        "/api/v1/projects?round=paged&sort=title&dir=asc&page=1"
    );
}

#[rocket::async_test]
async fn api_errors_are_json_with_a_code_and_a_message() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;
    for path in [
        "/api/v1/projects/OFFER-1",
        "/api/v1/projects/NOSUCH",
        "/api/v1/rounds/no-such-round",
        "/api/v1/nothing",
    ] {
        let (status, body) = json(&visitor, path).await;
        assert_eq!(status, Status::NotFound, "{path}");
        assert_eq!(body["code"], "not_found", "{path}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

/// Validates `instance` against the named schema of the OpenAPI document.
fn check(doc: &Value, reference: &str, instance: &Value, what: &str) {
    let mut schema = doc.clone();
    schema["$ref"] = json!(reference);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the OpenAPI schemas compile");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match {reference}: {errors:#?}"
    );
}

#[rocket::async_test]
async fn every_endpoint_returns_what_the_openapi_description_says() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;
    let (status, doc) = json(&visitor, "/api/v1/openapi.json").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(doc["openapi"], "3.1.0");

    // The description lists exactly the API's routes.
    let described: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let mounted: BTreeSet<String> = app
        .rocket()
        .routes()
        .map(|r| r.uri.path().to_string())
        .filter(|p| p.starts_with("/api/v1"))
        .map(|p| p.replace('<', "{").replace('>', "}"))
        .collect();
    assert_eq!(described, mounted);

    // Each operation, called with real values, returns its documented schema.
    let concrete = |path: &str| {
        path.replace("{slug}", "alpha")
            .replace("{reference}", "CAFE-1")
    };
    for (path, item) in doc["paths"].as_object().unwrap() {
        let responses = &item["get"]["responses"];
        let (status, body) = json(&visitor, &concrete(path)).await;
        assert_eq!(status, Status::Ok, "{path}");
        let schema = &responses["200"]["content"]["application/json"]["schema"];
        if let Some(reference) = schema["$ref"].as_str() {
            check(&doc, reference, &body, path);
        }
        if let Some(not_found) =
            responses["404"]["content"]["application/json"]["schema"]["$ref"].as_str()
        {
            let missing = concrete(path)
                .replace("alpha", "no-such")
                .replace("CAFE-1", "NO-SUCH");
            let (status, body) = json(&visitor, &missing).await;
            assert_eq!(status, Status::NotFound, "{missing}");
            check(&doc, not_found, &body, &missing);
        }
    }
    // Filtered and empty answers match too.
    for path in [
        "/api/v1/projects?ward=E05000002&page=1",
        "/api/v1/projects?q=nothing-at-all",
    ] {
        let (_, body) = json(&visitor, path).await;
        check(&doc, "#/components/schemas/ProjectList", &body, path);
    }
    let (_, swim) = json(&visitor, "/api/v1/projects/SWIM-1").await;
    check(&doc, "#/components/schemas/Project", &swim, "SWIM-1");
    // The schemas are strict: an undocumented field would fail.
    let mut extra = swim.clone();
    extra["surprise"] = json!(1);
    let mut schema = doc.clone();
    schema["$ref"] = json!("#/components/schemas/Project");
    assert!(!jsonschema::is_valid(&schema, &extra));
}
