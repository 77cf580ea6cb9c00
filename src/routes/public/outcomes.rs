//! The public outcomes framework: each outcome with the indicators that measure it.

use rocket::{Route, get, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::domain::deal::{Unit, paragraphs};
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::services::outcomes;
use crate::views::Layout;

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![outcomes_page]
}

#[derive(Serialize)]
struct IndicatorView {
    name: String,
    unit: String,
    description: String,
}

#[derive(Serialize)]
struct OutcomeView {
    code: String,
    title: String,
    description: Vec<String>,
    indicators: Vec<IndicatorView>,
}

#[derive(Serialize)]
struct OutcomesPage {
    layout: Layout,
    outcomes: Vec<OutcomeView>,
}

#[get("/outcomes")]
async fn outcomes_page(layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    let framework = outcomes::framework(ctx.db).await?;
    let outcomes = framework
        .into_iter()
        .map(|item| OutcomeView {
            code: item.outcome.code,
            title: item.outcome.title,
            description: paragraphs(&item.outcome.description),
            indicators: item
                .indicators
                .into_iter()
                .map(|i| IndicatorView {
                    unit: Unit::label_for(&i.unit),
                    name: i.name,
                    description: i.description,
                })
                .collect(),
        })
        .collect();
    Ok(Template::render(
        "public/outcomes",
        OutcomesPage {
            layout: layout.titled("Outcomes framework", None),
            outcomes,
        },
    ))
}
