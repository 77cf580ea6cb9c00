//! Moderation and decisions for a round: the ranked board, one application's
//! reviews with the decision forms, and "fund down the list".
//!
//! These routes carry explicit ranks because their paths overlap the round items'
//! `/officer/rounds/<slug>/<kind>/…` routes; the static `moderation` segment makes
//! the meaning plain, and the items' routes refuse or forward what is not theirs.

mod decide;
mod fund_down;
mod views;

use rocket::response::content::RawHtml;
use rocket::{Route, State, get, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;

use crate::auth::Officer;
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::services::{moderation, rounds};
use crate::views::templates::Compiled;
use crate::views::{FormView, Layout};

use self::views::{BoardPage, DetailPage};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    let mut all = routes![board, detail];
    all.extend(decide::routes());
    all.extend(fund_down::routes());
    all
}

#[get("/officer/rounds/<slug>/moderation?<normalised>", rank = 1)]
async fn board(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    templates: &State<Compiled>,
    slug: &str,
    normalised: Option<u8>,
) -> Result<RawHtml<String>, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let board = moderation::board(ctx.db, &round, normalised == Some(1)).await?;
    let page = BoardPage::new(layout, &board);
    Ok(RawHtml(
        templates.render("officer/moderation/board", &page)?,
    ))
}

/// Every field of the decision forms; `decision` holds a refusal that belongs to no one field.
pub(super) const FIELDS: &[&str] = &[
    "decision",
    "full_amount",
    "full_conditions",
    "full_feedback",
    "part_amount",
    "part_reason",
    "part_conditions",
    "part_feedback",
    "reserve_conditions",
    "reserve_feedback",
    "decline_feedback",
    "decline_conditions",
];

/// The application's moderation page with these forms.
pub(super) async fn detail_page(
    db: &DatabaseConnection,
    layout: Layout,
    slug: &str,
    id: i32,
    seen_version: Option<i32>,
    form: FormView,
) -> Result<Template, AppError> {
    let round = rounds::by_slug(db, slug).await?;
    let found = moderation::detail(db, &round, id).await?;
    let version = seen_version.unwrap_or(found.application.version);
    Ok(Template::render(
        "officer/moderation/detail",
        DetailPage::new(layout, &round, found, version, form),
    ))
}

#[get("/officer/rounds/<slug>/moderation/<id>", rank = 2)]
async fn detail(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    id: i32,
) -> Result<Template, AppError> {
    detail_page(ctx.db, layout, slug, id, None, FormView::new(FIELDS)).await
}
