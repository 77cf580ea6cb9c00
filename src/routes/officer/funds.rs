//! Officers' pages for funds and their partners' contributions.

use crate::routes::form::Form;
use entity::{fund, fund_contribution};
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::domain::money::Money;
use crate::domain::round::Phase;
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::funds::{self, ContributionInput, FundFigures, FundInput};
use crate::services::rounds;
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        list,
        new_fund,
        create_fund,
        show,
        edit_fund,
        update_fund,
        add_contribution,
        edit_contribution,
        update_contribution,
        remove_contribution
    ]
}

const FUND_FIELDS: &[&str] = &["name", "slug", "description"];
const CONTRIBUTION_FIELDS: &[&str] = &["partner_name", "partner_org_id", "amount", "contributions"];

#[derive(Serialize)]
struct FundRow {
    name: String,
    slug: String,
    figures: FundFigures,
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    funds: Vec<FundRow>,
}

#[get("/officer/funds")]
async fn list(_officer: Officer, layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    let figures = funds::all_figures(ctx.db).await?;
    let rows = funds::list(ctx.db)
        .await?
        .into_iter()
        .map(|f| FundRow {
            figures: figures.get(&f.id).copied().unwrap_or_default(),
            name: f.name,
            slug: f.slug,
        })
        .collect();
    Ok(Template::render(
        "officer/funds/list",
        ListPage {
            layout: layout.titled("Funds", None),
            funds: rows,
        },
    ))
}

#[derive(Serialize)]
struct FundFormPage {
    layout: Layout,
    form: FormView,
    /// The fund being edited; none when adding one.
    slug: Option<String>,
}

fn fund_form(layout: Layout, form: FormView, slug: Option<String>) -> Template {
    let title = if slug.is_some() {
        "Change the fund"
    } else {
        "Add a fund"
    };
    Template::render(
        "officer/funds/form",
        FundFormPage {
            layout: layout.titled(title, Some(&form)),
            form,
            slug,
        },
    )
}

#[derive(FromForm)]
struct FundForm {
    name: String,
    slug: String,
    description: String,
}

impl FundForm {
    fn view(&self) -> FormView {
        FormView::new(FUND_FIELDS)
            .with("name", &self.name)
            .with("slug", &self.slug)
            .with("description", &self.description)
    }

    fn input(&self) -> FundInput {
        FundInput {
            name: self.name.clone(),
            slug: self.slug.clone(),
            description: self.description.clone(),
        }
    }
}

#[get("/officer/funds/new")]
fn new_fund(_officer: Officer, layout: Layout) -> Template {
    fund_form(layout, FormView::new(FUND_FIELDS), None)
}

#[post("/officer/funds", data = "<form>")]
async fn create_fund(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    form: Form<FundForm>,
) -> Result<Reply, AppError> {
    match funds::create(ctx.db, ctx.clock, &Actor::user(&officer), form.input())
        .await
        .split_invalid()?
    {
        Ok(created) => Ok(Reply::done(
            format!("/officer/funds/{}", created.slug),
            "Fund added",
        )),
        Err(errors) => Ok(Reply::invalid(fund_form(
            layout,
            form.view().with_errors(&errors),
            None,
        ))),
    }
}

#[derive(Serialize)]
struct ContributionRow {
    id: i32,
    partner_name: String,
    partner_org_id: Option<String>,
    amount: i64,
}

impl From<fund_contribution::Model> for ContributionRow {
    fn from(c: fund_contribution::Model) -> Self {
        ContributionRow {
            id: c.id,
            partner_name: c.partner_name,
            partner_org_id: c.partner_org_id,
            amount: c.amount_pence,
        }
    }
}

#[derive(Serialize)]
struct RoundRow {
    name: String,
    slug: String,
    phase: Phase,
    phase_label: &'static str,
    budget: i64,
    opens_at: chrono::DateTime<chrono::Utc>,
    closes_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize)]
struct ShowPage {
    layout: Layout,
    fund: FundView,
    figures: FundFigures,
    contributions: Vec<ContributionRow>,
    rounds: Vec<RoundRow>,
    form: FormView,
}

#[derive(Serialize)]
struct FundView {
    name: String,
    slug: String,
    description: String,
}

impl From<&fund::Model> for FundView {
    fn from(f: &fund::Model) -> Self {
        FundView {
            name: f.name.clone(),
            slug: f.slug.clone(),
            description: f.description.clone(),
        }
    }
}

async fn show_page(
    ctx: Ctx<'_>,
    layout: Layout,
    fund: &fund::Model,
    form: FormView,
) -> Result<Template, AppError> {
    let now = ctx.now();
    let figures = funds::figures(ctx.db, fund.id).await?;
    let contributions = funds::contributions(ctx.db, fund.id)
        .await?
        .into_iter()
        .map(ContributionRow::from)
        .collect();
    let rounds = rounds::of_fund(ctx.db, fund.id)
        .await?
        .into_iter()
        .map(|r| {
            let phase = rounds::phase(&r, now);
            RoundRow {
                phase,
                phase_label: phase.label(),
                budget: r.budget_pence,
                opens_at: r.opens_at,
                closes_at: r.closes_at,
                name: r.name,
                slug: r.slug,
            }
        })
        .collect();
    Ok(Template::render(
        "officer/funds/show",
        ShowPage {
            layout: layout.titled(&fund.name, Some(&form)),
            fund: fund.into(),
            figures,
            contributions,
            rounds,
            form,
        },
    ))
}

#[get("/officer/funds/<slug>")]
async fn show(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
) -> Result<Template, AppError> {
    let fund = funds::by_slug(ctx.db, slug).await?;
    show_page(ctx, layout, &fund, FormView::new(CONTRIBUTION_FIELDS)).await
}

#[get("/officer/funds/<slug>/edit")]
async fn edit_fund(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
) -> Result<Template, AppError> {
    let fund = funds::by_slug(ctx.db, slug).await?;
    let form = FormView::new(FUND_FIELDS)
        .with("name", &fund.name)
        .with("slug", &fund.slug)
        .with("description", &fund.description);
    Ok(fund_form(layout, form, Some(fund.slug)))
}

#[post("/officer/funds/<slug>", data = "<form>")]
async fn update_fund(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    form: Form<FundForm>,
) -> Result<Reply, AppError> {
    let fund = funds::by_slug(ctx.db, slug).await?;
    match funds::update(
        ctx.db,
        ctx.clock,
        &Actor::user(&officer),
        fund.id,
        form.input(),
    )
    .await
    .split_invalid()?
    {
        Ok(updated) => Ok(Reply::done(
            format!("/officer/funds/{}", updated.slug),
            "Fund saved",
        )),
        Err(errors) => Ok(Reply::invalid(fund_form(
            layout,
            form.view().with_errors(&errors),
            Some(fund.slug),
        ))),
    }
}

#[derive(FromForm)]
struct ContributionForm {
    partner_name: String,
    partner_org_id: String,
    amount: String,
}

impl ContributionForm {
    fn view(&self) -> FormView {
        FormView::new(CONTRIBUTION_FIELDS)
            .with("partner_name", &self.partner_name)
            .with("partner_org_id", &self.partner_org_id)
            .with("amount", &self.amount)
    }

    fn input(&self) -> ContributionInput {
        ContributionInput {
            partner_name: self.partner_name.clone(),
            partner_org_id: self.partner_org_id.clone(),
            amount: self.amount.clone(),
        }
    }
}

#[post("/officer/funds/<slug>/contributions", data = "<form>")]
async fn add_contribution(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    form: Form<ContributionForm>,
) -> Result<Reply, AppError> {
    let fund = funds::by_slug(ctx.db, slug).await?;
    match funds::add_contribution(
        ctx.db,
        ctx.clock,
        &Actor::user(&officer),
        fund.id,
        form.input(),
    )
    .await
    .split_invalid()?
    {
        Ok(()) => Ok(Reply::done(
            format!("/officer/funds/{slug}"),
            "Contribution added",
        )),
        Err(errors) => Ok(Reply::invalid(
            show_page(ctx, layout, &fund, form.view().with_errors(&errors)).await?,
        )),
    }
}

#[derive(Serialize)]
struct ContributionPage {
    layout: Layout,
    fund: FundView,
    id: i32,
    form: FormView,
}

fn contribution_form(layout: Layout, fund: &fund::Model, id: i32, form: FormView) -> Template {
    Template::render(
        "officer/funds/contribution",
        ContributionPage {
            layout: layout.titled("Change a contribution", Some(&form)),
            fund: fund.into(),
            id,
            form,
        },
    )
}

#[get("/officer/funds/<slug>/contributions/<id>/edit")]
async fn edit_contribution(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    id: i32,
) -> Result<Template, AppError> {
    let fund = funds::by_slug(ctx.db, slug).await?;
    let c = funds::contribution(ctx.db, fund.id, id).await?;
    let form = FormView::new(CONTRIBUTION_FIELDS)
        .with("partner_name", &c.partner_name)
        .with(
            "partner_org_id",
            c.partner_org_id.clone().unwrap_or_default(),
        )
        .with("amount", Money(c.amount_pence).to_input());
    Ok(contribution_form(layout, &fund, id, form))
}

#[post("/officer/funds/<slug>/contributions/<id>", data = "<form>")]
async fn update_contribution(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    id: i32,
    form: Form<ContributionForm>,
) -> Result<Reply, AppError> {
    let fund = funds::by_slug(ctx.db, slug).await?;
    match funds::update_contribution(
        ctx.db,
        ctx.clock,
        &Actor::user(&officer),
        fund.id,
        id,
        form.input(),
    )
    .await
    .split_invalid()?
    {
        Ok(()) => Ok(Reply::done(
            format!("/officer/funds/{slug}"),
            "Contribution saved",
        )),
        Err(errors) => Ok(Reply::invalid(contribution_form(
            layout,
            &fund,
            id,
            form.view().with_errors(&errors),
        ))),
    }
}

#[post("/officer/funds/<slug>/contributions/<id>/delete")]
async fn remove_contribution(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    id: i32,
) -> Result<Reply, AppError> {
    let fund = funds::by_slug(ctx.db, slug).await?;
    match funds::remove_contribution(ctx.db, ctx.clock, &Actor::user(&officer), fund.id, id)
        .await
        .split_invalid()?
    {
        Ok(()) => Ok(Reply::done(
            format!("/officer/funds/{slug}"),
            "Contribution removed",
        )),
        Err(errors) => {
            let form = FormView::new(CONTRIBUTION_FIELDS).with_errors(&errors);
            Ok(Reply::invalid(show_page(ctx, layout, &fund, form).await?))
        }
    }
}
