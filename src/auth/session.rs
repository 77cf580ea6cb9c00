//! Sessions in Rocket's private (encrypted, authenticated) cookies.

use chrono::{DateTime, Duration, Utc};
use rocket::http::{Cookie, CookieJar, SameSite};
use serde::{Deserialize, Serialize};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "dealfund_session";

/// A session ends after this long without a request.
pub fn idle_limit() -> Duration {
    Duration::hours(12)
}

/// What the session cookie carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionData {
    /// The user's id.
    pub uid: i32,
    /// The user's session epoch when the session began.
    pub epoch: i32,
    /// When the session was last used (Unix seconds).
    pub seen: i64,
}

fn cookie(value: String, secure: bool) -> Cookie<'static> {
    let builder = Cookie::build((SESSION_COOKIE, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(rocket::time::Duration::hours(12));
    // Left unset, Rocket marks the cookie Secure itself whenever it serves TLS.
    if secure {
        builder.secure(true).build()
    } else {
        builder.build()
    }
}

/// Starts (or refreshes) a session for a user.
pub fn start(cookies: &CookieJar<'_>, uid: i32, epoch: i32, now: DateTime<Utc>, secure: bool) {
    let data = SessionData {
        uid,
        epoch,
        seen: now.timestamp(),
    };
    if let Ok(json) = serde_json::to_string(&data) {
        cookies.add_private(cookie(json, secure));
    }
}

/// Reads the session, if there is one and it is not idle too long.
pub fn read(cookies: &CookieJar<'_>, now: DateTime<Utc>) -> Option<SessionData> {
    let cookie = cookies.get_private(SESSION_COOKIE)?;
    let data: SessionData = serde_json::from_str(cookie.value()).ok()?;
    let seen = DateTime::from_timestamp(data.seen, 0)?;
    if now - seen > idle_limit() {
        end(cookies);
        return None;
    }
    Some(data)
}

/// Ends the session in this browser.
pub fn end(cookies: &CookieJar<'_>) {
    cookies.remove_private(Cookie::build(SESSION_COOKIE).path("/").build());
}
