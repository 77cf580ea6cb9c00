//! Thin HTTP handlers, grouped by area: guard, parse, service, then render or redirect.

pub mod account;
pub mod admin;
pub mod api;
pub mod applications;
pub mod auth;
pub mod context;
pub mod errors;
pub mod form;
pub mod invitations;
pub mod officer;
pub mod organisations;
pub mod outbox;
pub mod pages;
pub mod panel;
pub mod password;
pub mod public;

use std::net::IpAddr;

use rocket::Route;
use rocket::request::{FromRequest, Outcome, Request};
use serde::Serialize;

use crate::domain::pagination::Paging;

/// Every route of the app.
pub fn routes() -> Vec<Route> {
    let mut all = Vec::new();
    all.extend(pages::routes());
    all.extend(auth::routes());
    all.extend(password::routes());
    all.extend(outbox::routes());
    all.extend(account::routes());
    all.extend(applications::routes());
    all.extend(admin::routes());
    all.extend(api::routes());
    all.extend(errors::routes());
    all.extend(officer::routes());
    all.extend(organisations::routes());
    all.extend(invitations::routes());
    all.extend(panel::routes());
    all.extend(public::routes());
    all
}

/// The client's address (Rocket honours `X-Real-IP` from a trusted proxy via `ip_header`).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ClientAddr {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let addr = req
            .client_ip()
            .map(|ip: IpAddr| ip.to_string())
            .unwrap_or_else(|| "unknown".into());
        Outcome::Success(ClientAddr(addr))
    }
}

/// A path to come back to after signing in: only a local path, never another site.
///
/// Anything that is not a plain, well-formed local path (a space, `<` or `"` left
/// unencoded, another scheme, a protocol-relative `//host`, a backslash, a control
/// character, or any of these hidden behind percent-encoding) is treated as absent, so
/// the redirect after signing in can neither fail nor leave the site.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let looks_local = |path: &str| {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path.chars().any(|c| c.is_control() || c == '\\')
    };
    if !looks_local(next) {
        return None;
    }
    // Browsers read `%2F` and `%5C` as a slash in some places; decoded, it must still be local.
    let decoded = percent_decode(next)?;
    if !looks_local(&decoded) {
        return None;
    }
    // Rocket must accept it as a path, or the redirect itself would fail.
    rocket::http::uri::Origin::parse(next).ok()?;
    Some(next.to_owned())
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A value encoded to go in a link's query string (`/login?next={}`).
pub fn url_encoded(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A query string built from pairs, blank values left out.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        if !value.is_empty() {
            serializer.append_pair(key, value);
        }
    }
    serializer.finish()
}

/// Links to the previous and next pages of a list, keeping its filters.
#[derive(Serialize)]
pub struct Pager {
    pub number: u64,
    pub last: u64,
    pub total: u64,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// The pager for `paging`, its links on `base` with these filters.
    pub fn new(base: &str, paging: &Paging, filters: &[(&str, String)]) -> Self {
        let link = |page: u64| {
            let mut pairs = filters.to_vec();
            pairs.push(("page", page.to_string()));
            format!("{base}?{}", query_string(&pairs))
        };
        Pager {
            number: paging.number,
            last: paging.last(),
            total: paging.total,
            previous: paging.previous().map(link),
            next: paging.next().map(link),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/admin/users?page=2")),
            Some("/admin/users?page=2".into())
        );
        assert_eq!(safe_next(Some("//evil.example/x")), None);
        assert_eq!(safe_next(Some("https://evil.example/")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(None), None);
        assert_eq!(safe_next(Some("/a b")), None);
        assert_eq!(safe_next(Some("/%2F%2Fevil.example")), None);
        assert_eq!(safe_next(Some("/%5Cevil.example")), None);
        assert_eq!(safe_next(Some("/a%20b")), Some("/a%20b".into()));
        assert_eq!(safe_next(Some("/%zz")), None);
    }
}
