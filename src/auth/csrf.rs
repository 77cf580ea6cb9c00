//! CSRF protection: a random token in a private cookie, echoed in every form as the
//! first field `_csrf` (or in an `X-CSRF-Token` header). A fairing checks every unsafe
//! request before any handler runs and sends a mismatch to a 403 page, so no handler
//! can forget the check.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rocket::Request;
use rocket::data::Data;
use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::uri::Origin;
use rocket::http::{Cookie, CookieJar, Method, SameSite};

/// The CSRF cookie's name.
pub const CSRF_COOKIE: &str = "dealfund_csrf";
/// The form field that carries the token.
pub const CSRF_FIELD: &str = "_csrf";
/// The header that may carry the token instead.
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// Where a request that fails the check is sent.
pub const FAILURE_PATH: &str = "/csrf-failure";

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn set(cookies: &CookieJar<'_>, token: &str) {
    cookies.add_private(
        Cookie::build((CSRF_COOKIE, token.to_owned()))
            .http_only(true)
            .same_site(SameSite::Lax)
            .path("/")
            .build(),
    );
}

/// This browser's token, made on first use.
pub fn token(cookies: &CookieJar<'_>) -> String {
    if let Some(cookie) = cookies.get_private(CSRF_COOKIE) {
        return cookie.value().to_owned();
    }
    // A token made earlier in this request is pending, not yet encrypted. A plain
    // (unencrypted) cookie of the same name sent by the browser is never trusted.
    if let Some(pending) = cookies.get_pending(CSRF_COOKIE) {
        let sent_plain = cookies
            .get(CSRF_COOKIE)
            .map(|c| c.value() == pending.value());
        if sent_plain != Some(true) {
            return pending.value().to_owned();
        }
    }
    let token = new_token();
    set(cookies, &token);
    token
}

/// Replaces the token, e.g. when someone signs in, so a token seen before cannot be reused.
pub fn rotate(cookies: &CookieJar<'_>) -> String {
    let token = new_token();
    set(cookies, &token);
    token
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Finds `_csrf` at the start of a urlencoded or multipart body.
fn token_in_body(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let urlencoded_prefix = format!("{CSRF_FIELD}=");
    if let Some(rest) = text.strip_prefix(&urlencoded_prefix) {
        return Some(rest.split('&').next().unwrap_or_default().to_owned());
    }
    let marker = format!("name=\"{CSRF_FIELD}\"");
    let after = &text[text.find(&marker)? + marker.len()..];
    let value = &after[after.find("\r\n\r\n")? + 4..];
    Some(value.split("\r\n").next().unwrap_or_default().to_owned())
}

/// Checks the token on every POST, PUT, PATCH and DELETE.
pub struct CsrfFairing;

#[rocket::async_trait]
impl Fairing for CsrfFairing {
    fn info(&self) -> Info {
        Info {
            name: "CSRF check",
            kind: Kind::Request,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, data: &mut Data<'_>) {
        if !matches!(
            req.method(),
            Method::Post | Method::Put | Method::Patch | Method::Delete
        ) {
            return;
        }
        let expected = req
            .cookies()
            .get_private(CSRF_COOKIE)
            .map(|c| c.value().to_owned());
        let provided = match req.headers().get_one(CSRF_HEADER) {
            Some(header) => Some(header.to_owned()),
            None => token_in_body(data.peek(512).await),
        };
        let valid = matches!((&expected, &provided),
            (Some(e), Some(p)) if !e.is_empty() && constant_time_eq(e.as_bytes(), p.as_bytes()));
        if !valid {
            tracing::warn!(uri = %req.uri(), "refused a request without a valid CSRF token");
            req.set_method(Method::Get);
            req.set_uri(Origin::ROOT);
            if let Ok(failure) = Origin::parse(FAILURE_PATH) {
                req.set_uri(failure);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_first_in_a_urlencoded_body() {
        assert_eq!(
            token_in_body(b"_csrf=abc-_1&email=x"),
            Some("abc-_1".into())
        );
        assert_eq!(token_in_body(b"email=x&_csrf=abc"), None);
    }

    #[test]
    fn finds_the_token_in_a_multipart_body() {
        let body =
            b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok123\r\n--XyZ--";
        assert_eq!(token_in_body(body), Some("tok123".into()));
    }

    #[test]
    fn tokens_compare_only_when_equal() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
