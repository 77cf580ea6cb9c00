//! Public pages: home, accessibility statement and the health check.

use rocket::http::Status;
use rocket::{Route, get, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::routes::context::Ctx;
use crate::views::Layout;

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![home, accessibility, healthz]
}

#[derive(Serialize)]
struct Plain {
    layout: Layout,
}

#[get("/")]
fn home(layout: Layout) -> Template {
    Template::render(
        "pages/home",
        Plain {
            layout: layout.titled("Community Deal and investment fund", None),
        },
    )
}

#[get("/accessibility")]
fn accessibility(layout: Layout) -> Template {
    Template::render(
        "pages/accessibility",
        Plain {
            layout: layout.titled("Accessibility statement", None),
        },
    )
}

/// 200 when the database answers, 503 when it does not.
#[get("/healthz")]
async fn healthz(ctx: Ctx<'_>) -> (Status, &'static str) {
    match ctx.db.ping().await {
        Ok(()) => (Status::Ok, "ok"),
        Err(error) => {
            tracing::error!(%error, "health check: database unreachable");
            (Status::ServiceUnavailable, "database unreachable")
        }
    }
}
