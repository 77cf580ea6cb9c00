//! Officers' pages under `/officer`: setting up the Deal, outcomes, wards, funds and rounds,
//! running the money and reports, and publishing.
//! Every handler here takes the [`crate::auth::Officer`] guard.

pub mod applications;
pub mod deal;
pub mod funds;
pub mod moderation;
pub mod ordering;
pub mod outcomes;
pub mod panel;
pub mod payments;
pub mod publications;
pub mod reports;
pub mod rounds;
pub mod wards;

use rocket::{Route, get, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::views::Layout;

/// Every officer route.
pub fn routes() -> Vec<Route> {
    let mut all = routes![index];
    all.extend(deal::routes());
    all.extend(outcomes::routes());
    all.extend(wards::routes());
    all.extend(funds::routes());
    all.extend(rounds::routes());
    all.extend(applications::routes());
    all.extend(panel::routes());
    all.extend(moderation::routes());
    all.extend(payments::routes());
    all.extend(reports::routes());
    all.extend(publications::routes());
    all
}

#[derive(Serialize)]
struct IndexPage {
    layout: Layout,
}

#[get("/officer")]
fn index(_officer: Officer, layout: Layout) -> Template {
    Template::render(
        "officer/index",
        IndexPage {
            layout: layout.titled("Manage the Deal and fund", None),
        },
    )
}
