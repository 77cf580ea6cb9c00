//! The impact dashboard: what the fund has given, where, for what, and what it achieved.

use rocket::response::content::RawHtml;
use rocket::{FromForm, Route, get, routes};
use sea_orm::DatabaseConnection;
use serde::Serialize;

use super::Published;
use super::projects::{Choices, ProjectQuery, Resolved, link, year_range};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::format;
use crate::services::publishing::cache::PublishedCache;
use crate::services::publishing::impact::{Impact, Share};
use crate::services::publishing::query::GrantFilter;
use crate::views::Layout;
use crate::views::chart::{BarChart, bar_chart};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![dashboard]
}

/// A breakdown drawn as a chart, with its table.
#[derive(Serialize)]
pub struct Breakdown {
    pub heading: String,
    /// What the first column of the table holds: "Ward", "Outcome" or "Year".
    pub key_label: &'static str,
    pub chart: BarChart,
    pub rows: Vec<Share>,
    /// Said under the table when one grant can count in several rows.
    pub note: Option<&'static str>,
}

fn breakdown(
    id: &str,
    heading: &str,
    key_label: &'static str,
    rows: Vec<Share>,
    by_count: bool,
    note: Option<&'static str>,
) -> Breakdown {
    let chart = bar_chart(
        id,
        heading,
        rows.iter().map(|s| {
            if by_count {
                (
                    s.label.clone(),
                    s.grants as i64,
                    format::count(s.grants as i64),
                )
            } else {
                (
                    s.label.clone(),
                    s.awarded_pence,
                    format::money(s.awarded_pence),
                )
            }
        }),
    );
    Breakdown {
        heading: heading.to_owned(),
        key_label,
        chart,
        rows,
        note,
    }
}

/// The dashboard's charts, in the order the page shows them.
pub fn breakdowns(impact: &Impact) -> Vec<Breakdown> {
    vec![
        breakdown(
            "by-outcome",
            "Amount awarded by outcome",
            "Outcome",
            impact.by_outcome.clone(),
            false,
            Some("A project working towards several outcomes is counted under each of them."),
        ),
        breakdown(
            "by-ward",
            "Amount awarded by ward",
            "Ward",
            impact.by_ward.clone(),
            false,
            Some(
                "A project serving several wards is counted in each of them; borough-wide projects are in no ward.",
            ),
        ),
        breakdown(
            "by-year",
            "Amount awarded by year",
            "Year",
            impact.by_year.clone(),
            false,
            None,
        ),
        breakdown(
            "grants-by-year",
            "Number of grants by year",
            "Year",
            impact.by_year.clone(),
            true,
            None,
        ),
    ]
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct DashboardPage {
    layout: Layout,
    impact: Impact,
    breakdowns: Vec<Breakdown>,
    funds: Vec<Choice>,
    years: Vec<Choice>,
    filtered: bool,
    projects_href: String,
    api_href: String,
}

/// The dashboard's filter, fund and year only, read the same way as the directory's; and
/// the pair of address parameters that give it.
pub fn dashboard_filter(
    fund: Option<String>,
    year: Option<String>,
    choices: &Choices,
) -> (GrantFilter, Vec<(&'static str, String)>) {
    let resolved = Resolved::new(
        &ProjectQuery {
            fund,
            year,
            ..ProjectQuery::default()
        },
        choices,
    );
    let filter = GrantFilter {
        fund_id: resolved.filter.fund_id,
        year: resolved.filter.year,
        ..GrantFilter::default()
    };
    let pairs = resolved
        .filters
        .into_iter()
        .filter(|(k, _)| matches!(*k, "fund" | "year"))
        .collect();
    (filter, pairs)
}

/// The dashboard's address parameters, both optional.
#[derive(FromForm)]
struct DashboardQuery {
    fund: Option<String>,
    year: Option<String>,
}

#[get("/impact?<query..>")]
async fn dashboard(
    page: Published<'_>,
    query: DashboardQuery,
) -> Result<RawHtml<String>, AppError> {
    let (db, cache, config) = (page.db, page.cache, page.config);
    page.render(|layout| dashboard_page(layout, db, cache, config, query.fund, query.year))
        .await
}

async fn dashboard_page(
    layout: Layout,
    db: &DatabaseConnection,
    cache: &PublishedCache,
    config: &AppConfig,
    fund: Option<String>,
    year: Option<String>,
) -> Result<(&'static str, DashboardPage), AppError> {
    let choices = cache.shared(db, "choices", || Choices::load(db)).await?;
    let (filter, pairs) = dashboard_filter(fund, year, &choices);
    let figures = cache.impact(db, &filter, config.time_zone).await?;
    let filtered = pairs.iter().any(|(_, v)| !v.is_empty());
    let fund_slug = pairs[0].1.clone();
    let year_value = pairs[1].1.clone();
    let years = year_range(&choices);
    Ok((
        "public/impact",
        DashboardPage {
            layout: layout.titled("Impact dashboard", None),
            breakdowns: breakdowns(&figures),
            impact: Impact::clone(&figures),
            funds: choices
                .funds
                .iter()
                .map(|f| Choice {
                    value: f.slug.clone(),
                    label: f.name.clone(),
                    selected: f.slug == fund_slug,
                })
                .collect(),
            years: years
                .into_iter()
                .map(|y| Choice {
                    value: y.to_string(),
                    label: y.to_string(),
                    selected: y.to_string() == year_value,
                })
                .collect(),
            filtered,
            projects_href: link("/projects", &pairs),
            api_href: link("/api/v1/impact", &pairs),
        },
    ))
}
