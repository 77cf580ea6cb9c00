//! Error pages: HTML for people, JSON under `/api`.

use rocket::Responder;
use rocket::http::{Header, Status};
use rocket::response::Redirect;
use rocket::serde::json::{Json, Value, json};
use rocket::{Catcher, Request, Route, catch, catchers, get, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::csrf::FAILURE_PATH;
use crate::routes::api::methods::NotAllowed;
use crate::routes::query_string;
use crate::views::Layout;

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![csrf_failure]
}

/// Every catcher.
pub fn catchers() -> Vec<Catcher> {
    catchers![
        unauthorized,
        forbidden,
        not_found,
        too_large,
        unprocessable,
        internal,
        default
    ]
}

#[derive(Serialize)]
struct ErrorPage {
    layout: Layout,
}

fn is_api(req: &Request<'_>) -> bool {
    req.uri().path().as_str().starts_with("/api/")
}

/// The API's error body: the HTTP status, a stable code to branch on, and a sentence.
fn api_error(status: Status) -> Json<Value> {
    let (code, message) = match status.code {
        400 => ("bad_request", "The request could not be understood."),
        401 => ("unauthorized", "Sign in first."),
        403 => ("forbidden", "This is not open to you."),
        404 => ("not_found", "Nothing is published at this address."),
        405 => (
            "method_not_allowed",
            "This address does not answer that method: see the Allow header.",
        ),
        413 => (
            "too_large",
            "The request body is larger than the server accepts.",
        ),
        422 => (
            "invalid",
            "The request was understood but its values are not valid.",
        ),
        429 => (
            "too_many_requests",
            "Too many requests: wait a minute and try again.",
        ),
        500 => (
            "internal_error",
            "Something went wrong on our side; it has been logged.",
        ),
        _ => ("error", status.reason_lossy()),
    };
    Json(json!({ "status": status.code, "code": code, "message": message }))
}

/// Renders an error page. When even the layout cannot be built (e.g. the database
/// is down), the page is still shown, with what the layout could not provide left out.
async fn page(req: &Request<'_>, name: &'static str, title: &str) -> Template {
    let layout = match req.guard::<Layout>().await.succeeded() {
        Some(layout) => layout,
        None => Layout {
            council_name: String::new(),
            demo: false,
            user: None,
            nav: Vec::new(),
            flash: None,
            csrf: String::new(),
            title: String::new(),
        },
    };
    Template::render(
        name,
        ErrorPage {
            layout: layout.titled(title, None),
        },
    )
}

/// Anonymous visitors asking for a protected page sign in and come back.
#[catch(401)]
fn unauthorized(req: &Request<'_>) -> Result<Redirect, (Status, Json<Value>)> {
    if is_api(req) {
        return Err((Status::Unauthorized, api_error(Status::Unauthorized)));
    }
    let next = req.uri().to_string();
    Ok(Redirect::to(format!(
        "/login?{}",
        query_string(&[("next", next)])
    )))
}

#[catch(403)]
async fn forbidden(req: &Request<'_>) -> Result<Template, Json<Value>> {
    if is_api(req) {
        return Err(api_error(Status::Forbidden));
    }
    Ok(page(
        req,
        "errors/403",
        "You do not have permission to see this page",
    )
    .await)
}

/// 405 with the methods the path does declare.
#[derive(Responder)]
#[response(status = 405, content_type = "json")]
struct MethodNotAllowed {
    body: Json<Value>,
    allow: Header<'static>,
}

/// What the 404 catcher answers: a page, the API's JSON, or 405 for an API path asked
/// with a method it does not declare (see `routes::api::methods`).
#[derive(Responder)]
enum NotFoundReply {
    Page(Template),
    Api(Json<Value>),
    NotAllowed(MethodNotAllowed),
}

#[catch(404)]
async fn not_found(req: &Request<'_>) -> NotFoundReply {
    if is_api(req) {
        if let NotAllowed(Some(allow)) = req.local_cache(|| NotAllowed(None)) {
            return NotFoundReply::NotAllowed(MethodNotAllowed {
                body: api_error(Status::MethodNotAllowed),
                allow: Header::new("Allow", allow.clone()),
            });
        }
        return NotFoundReply::Api(api_error(Status::NotFound));
    }
    NotFoundReply::Page(page(req, "errors/404", "Page not found").await)
}

#[derive(Serialize)]
struct TooLargePage {
    layout: Layout,
    /// The form's page, to go back to.
    back: String,
    /// The largest form accepted, as people read sizes.
    limit: String,
}

/// A form bigger than the `form` limit. Nothing could be read, so nothing was saved;
/// the page names the limit and links back to the form (browsers keep what was typed
/// when going back), so that it is never a dead end.
#[catch(413)]
async fn too_large(req: &Request<'_>) -> Result<Template, Json<Value>> {
    if is_api(req) {
        return Err(api_error(Status::PayloadTooLarge));
    }
    let layout = match req.guard::<Layout>().await.succeeded() {
        Some(layout) => layout,
        None => return Ok(page(req, "errors/default", "Your form was too large").await),
    };
    let limit = crate::routes::form::form_limit(req).as_u64();
    Ok(Template::render(
        "errors/413",
        TooLargePage {
            layout: layout.titled("Your form was too large to send", None),
            back: req.uri().path().to_string(),
            limit: crate::format::file_size(limit),
        },
    ))
}

#[catch(422)]
async fn unprocessable(req: &Request<'_>) -> Result<Template, Json<Value>> {
    if is_api(req) {
        return Err(api_error(Status::UnprocessableEntity));
    }
    Ok(page(req, "errors/422", "The form could not be read").await)
}

#[catch(500)]
async fn internal(req: &Request<'_>) -> Result<Template, Json<Value>> {
    if is_api(req) {
        return Err(api_error(Status::InternalServerError));
    }
    Ok(page(
        req,
        "errors/500",
        "Sorry, there is a problem with the service",
    )
    .await)
}

#[catch(default)]
async fn default(status: Status, req: &Request<'_>) -> (Status, Result<Template, Json<Value>>) {
    if is_api(req) {
        return (status, Err(api_error(status)));
    }
    (
        status,
        Ok(page(req, "errors/default", status.reason_lossy()).await),
    )
}

/// Where the CSRF check sends a request without a valid token.
#[get("/csrf-failure")]
async fn csrf_failure(layout: Layout) -> (Status, Template) {
    debug_assert_eq!(FAILURE_PATH, "/csrf-failure");
    let page = ErrorPage {
        layout: layout.titled("Your form could not be sent", None),
    };
    (Status::Forbidden, Template::render("errors/csrf", page))
}
