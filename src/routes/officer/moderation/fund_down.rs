//! "Fund down the list": the proposed awards, confirmed one at a time or all at once.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::views::RoundView;
use crate::auth::Officer;
use crate::domain::scoring::one_decimal;
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::decisions::fund_down;
use crate::services::moderation::Row;
use crate::services::rounds;
use crate::views::Layout;

/// This page's routes.
pub(super) fn routes() -> Vec<Route> {
    routes![proposal, confirm]
}

#[derive(Serialize)]
struct ProposedView {
    id: i32,
    reference: String,
    organisation: String,
    mean: String,
    requested: i64,
    cumulative: i64,
}

fn proposed(row: &Row, cumulative: i64) -> ProposedView {
    ProposedView {
        id: row.application.id,
        reference: row.application.reference.clone().unwrap_or_default(),
        organisation: row.organisation.clone(),
        mean: row.ranked_mean.map(one_decimal).unwrap_or_default(),
        requested: row.application.requested_pence,
        cumulative,
    }
}

#[derive(Serialize)]
struct ProposalPage {
    layout: Layout,
    round: RoundView,
    remaining: i64,
    count: usize,
    rows: Vec<ProposedView>,
    stopped_at: Option<ProposedView>,
}

#[get("/officer/rounds/<slug>/moderation/fund-down", rank = 1)]
async fn proposal(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
) -> Result<Template, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let found = fund_down::propose(ctx.db, &round).await?;
    let mut total = 0;
    let rows: Vec<ProposedView> = found
        .rows
        .iter()
        .map(|r| {
            total += r.application.requested_pence;
            proposed(r, total)
        })
        .collect();
    let title = format!("Fund down the list: {}", round.name);
    Ok(Template::render(
        "officer/moderation/fund_down",
        ProposalPage {
            layout: layout.titled(&title, None),
            round: RoundView::from(&round),
            remaining: found.remaining,
            count: rows.len(),
            rows,
            stopped_at: found
                .stopped_at
                .as_ref()
                .map(|r| proposed(r, total + r.application.requested_pence)),
        },
    ))
}

/// The applications to award, in rank order (one, or all proposed).
#[derive(FromForm)]
struct ConfirmForm {
    application: Vec<i32>,
}

#[derive(Serialize)]
struct ResultView {
    id: i32,
    reference: String,
    awarded: Option<i64>,
    refused: Option<String>,
}

#[derive(Serialize)]
struct ResultsPage {
    layout: Layout,
    round: RoundView,
    results: Vec<ResultView>,
    awarded: usize,
    refused: usize,
}

#[post(
    "/officer/rounds/<slug>/moderation/fund-down",
    data = "<form>",
    rank = 1
)]
async fn confirm(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    form: Form<ConfirmForm>,
) -> Result<Template, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let actor = Actor::user(&officer);
    let done = fund_down::confirm(
        ctx.db,
        ctx.clock,
        ctx.notifier,
        &actor,
        &round,
        &form.application,
    )
    .await?;
    let results: Vec<ResultView> = done
        .into_iter()
        .map(|c| ResultView {
            id: c.application_id,
            reference: c.reference,
            awarded: c.result.as_ref().ok().copied(),
            refused: c.result.err(),
        })
        .collect();
    let title = format!("Awards made: {}", round.name);
    Ok(Template::render(
        "officer/moderation/fund_down_results",
        ResultsPage {
            layout: layout.titled(&title, None),
            round: RoundView::from(&round),
            awarded: results.iter().filter(|r| r.awarded.is_some()).count(),
            refused: results.iter().filter(|r| r.refused.is_some()).count(),
            results,
        },
    ))
}
