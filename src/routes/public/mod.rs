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

use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::content::RawHtml;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::config::AppConfig;
use crate::error::AppError;
use crate::services::publishing::cache::PublishedCache;
use crate::views::templates::Compiled;
use crate::views::{Layout, PublicLayout};

/// What a public page made only of published data needs. A visitor who is not signed in
/// and has no message waiting sees the same page as every other such visitor at that
/// address, until published data changes: so for them it is rendered once per published
/// version and kept (see [`PublishedCache::html`]). Anyone else has it rendered afresh.
pub struct Published<'r> {
    layout: Layout,
    address: String,
    templates: &'r Compiled,
    pub db: &'r DatabaseConnection,
    pub cache: &'r PublishedCache,
    pub config: &'r AppConfig,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Published<'r> {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let rocket = req.rocket();
        let (Some(db), Some(cache), Some(config), Some(templates)) = (
            rocket.state::<DatabaseConnection>(),
            rocket.state::<PublishedCache>(),
            rocket.state::<AppConfig>(),
            rocket.state::<Compiled>(),
        ) else {
            return Outcome::Error((rocket::http::Status::InternalServerError, ()));
        };
        req.guard::<PublicLayout>()
            .await
            .map(|PublicLayout(layout)| Published {
                layout,
                address: req.uri().to_string(),
                templates,
                db,
                cache,
                config,
            })
    }
}

impl Published<'_> {
    /// The page `build` describes: given the layout, it answers the template's name and
    /// context.
    pub async fn render<T, Fut>(
        self,
        build: impl FnOnce(Layout) -> Fut,
    ) -> Result<RawHtml<String>, AppError>
    where
        T: Serialize,
        Fut: Future<Output = Result<(&'static str, T), AppError>>,
    {
        let templates = self.templates;
        let render = |layout| async move {
            let (name, context) = build(layout).await?;
            templates.render(name, &context).map(Arc::<str>::from)
        };
        let layout = self.layout;
        let html = if layout.user.is_none() && layout.flash.is_none() {
            self.cache
                .html(self.db, &self.address, || render(layout))
                .await?
        } else {
            render(layout).await?
        };
        Ok(RawHtml(String::from(&*html)))
    }
}
