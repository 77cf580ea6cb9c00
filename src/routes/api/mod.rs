//! The public JSON API, version 1: read-only, public data only, described by the OpenAPI
//! document it serves at `/api/v1/openapi.json`. Errors are JSON too (see `routes::errors`).

pub mod methods;

use rocket::http::ContentType;
use rocket::serde::json::Json;
use rocket::{Route, State, get, routes};
use serde::Serialize;

use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::routes::public::impact::dashboard_filter;
use crate::routes::public::projects::{Choices, ProjectQuery, directory_page, link};
use crate::routes::public::rounds::{self, RoundCard, RoundDetail};
use crate::services::publishing::cache::PublishedCache;
use crate::services::publishing::grants::PublicGrant;
use crate::services::publishing::impact::Impact;

/// The OpenAPI 3.1 description of this API.
const OPENAPI: &str = include_str!("openapi.json");

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        openapi,
        round_list,
        round_show,
        project_list,
        project_show,
        impact_figures
    ]
}

#[get("/api/v1/openapi.json")]
fn openapi() -> (ContentType, &'static str) {
    (ContentType::JSON, OPENAPI)
}

#[derive(Serialize)]
struct RoundList {
    rounds: Vec<RoundCard>,
}

#[get("/api/v1/rounds")]
async fn round_list(ctx: Ctx<'_>) -> Result<Json<RoundList>, AppError> {
    Ok(Json(RoundList {
        rounds: rounds::cards(ctx.db, ctx.now()).await?,
    }))
}

#[get("/api/v1/rounds/<slug>")]
async fn round_show(ctx: Ctx<'_>, slug: &str) -> Result<Json<RoundDetail>, AppError> {
    Ok(Json(rounds::detail(ctx.db, slug, ctx.now()).await?))
}

/// A project with the address of its page.
#[derive(Serialize)]
struct ApiProject {
    #[serde(flatten)]
    grant: PublicGrant,
    url: String,
}

impl From<PublicGrant> for ApiProject {
    fn from(grant: PublicGrant) -> Self {
        ApiProject {
            url: format!("/projects/{}", grant.reference),
            grant,
        }
    }
}

#[derive(Serialize)]
struct ProjectList {
    total: u64,
    page: u64,
    pages: u64,
    per_page: u64,
    /// Addresses of the neighbouring pages with the same filters, or null.
    next: Option<String>,
    previous: Option<String>,
    projects: Vec<ApiProject>,
}

#[get("/api/v1/projects?<query..>")]
async fn project_list(
    ctx: Ctx<'_>,
    cache: &State<PublishedCache>,
    query: ProjectQuery,
) -> Result<Json<ProjectList>, AppError> {
    let (_, resolved, page) = directory_page(ctx.db, cache, ctx.config, &query).await?;
    let page_link = |number: u64| {
        let mut pairs = resolved.filters.clone();
        pairs.push(("page", number.to_string()));
        link("/api/v1/projects", &pairs)
    };
    Ok(Json(ProjectList {
        total: page.paging.total,
        page: page.paging.number,
        pages: page.paging.last(),
        per_page: page.paging.size,
        next: page.paging.next().map(page_link),
        previous: page.paging.previous().map(page_link),
        projects: page.grants.iter().cloned().map(ApiProject::from).collect(),
    }))
}

#[get("/api/v1/projects/<reference>")]
async fn project_show(
    ctx: Ctx<'_>,
    cache: &State<PublishedCache>,
    reference: &str,
) -> Result<Json<ApiProject>, AppError> {
    let grant = cache
        .grant(ctx.db, reference, ctx.tz)
        .await?
        .map(|g| PublicGrant::clone(&g))
        .ok_or(AppError::NotFound)?;
    Ok(Json(ApiProject::from(grant)))
}

#[get("/api/v1/impact?<fund>&<year>")]
async fn impact_figures(
    ctx: Ctx<'_>,
    cache: &State<PublishedCache>,
    fund: Option<String>,
    year: Option<String>,
) -> Result<Json<Impact>, AppError> {
    let choices = cache
        .shared(ctx.db, "choices", || Choices::load(ctx.db))
        .await?;
    let (filter, _) = dashboard_filter(fund, year, &choices);
    let figures = cache.impact(ctx.db, &filter, ctx.tz).await?;
    Ok(Json(Impact::clone(&figures)))
}
