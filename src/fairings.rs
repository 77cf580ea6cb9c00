//! Response headers that every page carries.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Request, Response};

/// Security headers on every response, and no caching of pages that may be personal
/// (unless a handler marks its response public).
pub struct SecurityHeaders;

/// No inline script or style anywhere; only our own files.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; form-action 'self'; base-uri 'none'; \
     object-src 'none'; frame-ancestors 'none'";

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info {
            name: "Security headers",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, res: &mut Response<'r>) {
        res.set_header(Header::new(
            "Content-Security-Policy",
            CONTENT_SECURITY_POLICY,
        ));
        res.set_header(Header::new("X-Content-Type-Options", "nosniff"));
        res.set_header(Header::new("X-Frame-Options", "DENY"));
        res.set_header(Header::new(
            "Referrer-Policy",
            "strict-origin-when-cross-origin",
        ));
        res.set_header(Header::new(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ));
        // A response may ask to be cached publicly (open data), but never one that sets a
        // cookie: that could hand one person's session to the next through a shared cache.
        let public = res
            .headers()
            .get_one("Cache-Control")
            .is_some_and(|v| v.starts_with("public"))
            && res.headers().get("Set-Cookie").next().is_none();
        if !req.uri().path().as_str().starts_with("/static/") && !public {
            res.set_header(Header::new("Cache-Control", "no-store"));
        }
    }
}
