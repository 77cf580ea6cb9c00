//! The session cookie: Rocket's private (encrypted, authenticated) cookie holding the
//! random token of a row in the `session` table (see `services::sessions`). The row,
//! not the cookie, decides whether the session is good, so signing out anywhere ends it.

use rocket::http::{Cookie, CookieJar, SameSite};
use rocket::request::{FromRequest, Outcome, Request};

use crate::routes::ClientAddr;
use crate::services::sessions::{self, Device};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "dealfund_session";

/// Puts a new session's token in this browser.
pub fn set(cookies: &CookieJar<'_>, token: String, secure: bool) {
    let lifetime = sessions::absolute_limit().num_seconds();
    let builder = Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(rocket::time::Duration::seconds(lifetime));
    // Left unset, Rocket marks the cookie Secure itself whenever it serves TLS.
    if secure {
        cookies.add_private(builder.secure(true).build());
    } else {
        cookies.add_private(builder.build());
    }
}

/// This browser's session token, if it sent one.
pub fn token(cookies: &CookieJar<'_>) -> Option<String> {
    cookies
        .get_private(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|t| !t.is_empty())
}

/// Forgets the session in this browser (the row is ended by the service).
pub fn clear(cookies: &CookieJar<'_>) {
    cookies.remove_private(Cookie::build(SESSION_COOKIE).path("/").build());
}

/// The browser making the request: its address and what it calls itself.
pub struct ThisDevice(pub Device);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ThisDevice {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let ip_address = match ClientAddr::from_request(req).await {
            Outcome::Success(addr) => addr.0,
            _ => "unknown".to_owned(),
        };
        let user_agent = req
            .headers()
            .get_one("User-Agent")
            .unwrap_or_default()
            .to_owned();
        Outcome::Success(ThisDevice(Device {
            ip_address,
            user_agent,
        }))
    }
}
