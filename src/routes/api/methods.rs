//! An API path asked with a method it does not declare is answered 405 Method Not
//! Allowed, with an `Allow` header listing the methods it does declare. What each path
//! declares is read from the mounted routes, so a new API route is covered without a
//! list to keep up to date.
//!
//! It is a request fairing, attached before the CSRF check: an unsafe method (POST,
//! PUT, DELETE, PATCH) would otherwise be taken to the CSRF failure page first. The
//! request is sent to a path no route serves, and the 404 catcher, finding the methods
//! left here, answers 405 instead.
//!
//! Methods Rocket does not know at all (`QUERY`, `PROPFIND` …) are refused by Rocket
//! before any fairing or route sees the request, with 400 Bad Request; that is
//! documented in the OpenAPI description.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Method;
use rocket::http::uri::Origin;
use rocket::{Data, Orbit, Request, Rocket};

/// Where a request with an undeclared method is sent: no route serves it.
const NOWHERE: &str = "/api/v1/.method-not-allowed";

/// What the 404 catcher finds when the path exists with other methods: the value of
/// the `Allow` header.
#[derive(Debug, Clone, Default)]
pub struct NotAllowed(pub Option<String>);

/// The fairing.
pub struct ApiMethods;

/// True when a route's path (`/api/v1/rounds/<slug>`) matches a request's path.
fn path_matches(route: &str, path: &str) -> bool {
    let route: Vec<&str> = route.trim_start_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    for (i, segment) in route.iter().enumerate() {
        if segment.starts_with('<') && segment.ends_with("..>") {
            return true;
        }
        let Some(sent) = path.get(i) else {
            return false;
        };
        let dynamic = segment.starts_with('<') && segment.ends_with('>');
        if (dynamic && sent.is_empty()) || (!dynamic && segment != sent) {
            return false;
        }
    }
    route.len() == path.len()
}

/// The methods the mounted routes declare for `path`, in a stable order; a path with
/// GET also answers HEAD (Rocket does that itself).
pub fn declared_methods(rocket: &Rocket<Orbit>, path: &str) -> Vec<Method> {
    let mut methods: Vec<Method> = rocket
        .routes()
        .filter(|r| path_matches(r.uri.path(), path))
        .map(|r| r.method)
        .collect();
    if methods.contains(&Method::Get) {
        methods.push(Method::Head);
    }
    methods.sort_by_key(|m| m.as_str());
    methods.dedup();
    methods
}

#[rocket::async_trait]
impl Fairing for ApiMethods {
    fn info(&self) -> Info {
        Info {
            name: "API methods: 405 with Allow",
            kind: Kind::Request,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, _: &mut Data<'_>) {
        let path = req.uri().path().as_str().to_owned();
        if !path.starts_with("/api/") {
            return;
        }
        let declared = declared_methods(req.rocket(), &path);
        if declared.is_empty() || declared.contains(&req.method()) {
            return;
        }
        let allow = declared
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        req.local_cache(|| NotAllowed(Some(allow)));
        req.set_method(Method::Get);
        if let Ok(nowhere) = Origin::parse(NOWHERE) {
            req.set_uri(nowhere);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::path_matches;

    #[test]
    fn route_paths_match_their_dynamic_segments() {
        assert!(path_matches("/api/v1/rounds", "/api/v1/rounds"));
        assert!(path_matches(
            "/api/v1/rounds/<slug>",
            "/api/v1/rounds/spring"
        ));
        assert!(!path_matches("/api/v1/rounds/<slug>", "/api/v1/rounds"));
        assert!(!path_matches("/api/v1/rounds/<slug>", "/api/v1/rounds/a/b"));
        assert!(!path_matches("/api/v1/rounds", "/api/v1/projects"));
        assert!(path_matches("/static/<path..>", "/static/a/b.css"));
    }
}
