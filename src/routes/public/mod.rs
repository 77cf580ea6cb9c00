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

use std::future::Future;
use std::sync::Arc;

use rocket::http::uri::Origin;
use rocket::response::content::RawHtml;
use rocket_dyn_templates::Metadata;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::error::AppError;
use crate::services::publishing::cache::PublishedCache;
use crate::views::{Layout, PublicLayout};

/// A public page made only of published data. A visitor who is not signed in and has no
/// message waiting sees the same page as every other such visitor at that address, until
/// published data changes: so for them it is rendered once per published version and kept
/// (see [`PublishedCache::html`]). Anyone else has it rendered afresh. `build` is given the
/// layout and answers the template's name and context.
pub async fn published_page<T, Fut>(
    PublicLayout(layout): PublicLayout,
    address: &Origin<'_>,
    cache: &PublishedCache,
    db: &DatabaseConnection,
    templates: &Metadata<'_>,
    build: impl FnOnce(Layout) -> Fut,
) -> Result<RawHtml<String>, AppError>
where
    T: Serialize,
    Fut: Future<Output = Result<(&'static str, T), AppError>>,
{
    let render = |layout| async move {
        let (name, context) = build(layout).await?;
        templates
            .render(name, context)
            .map(|(_, html)| Arc::<str>::from(html))
            .ok_or_else(|| AppError::Internal(format!("the template {name} did not render")))
    };
    let html = if layout.user.is_none() && layout.flash.is_none() {
        cache
            .html(db, &address.to_string(), || render(layout))
            .await?
    } else {
        render(layout).await?
    };
    Ok(RawHtml(String::from(&*html)))
}
