//! Public pages about the Deal, the outcomes framework, the funding rounds, the funded
//! projects and what they achieved, the published reports and the open data.

pub mod data;
pub mod deal;
pub mod impact;
pub mod outcomes;
pub mod projects;
pub mod reports;
pub mod rounds;

use rocket::Route;

/// Every public route of these areas.
pub fn routes() -> Vec<Route> {
    let mut all = deal::routes();
    all.extend(outcomes::routes());
    all.extend(rounds::routes());
    all.extend(projects::routes());
    all.extend(impact::routes());
    all.extend(reports::routes());
    all.extend(data::routes());
    all
}
