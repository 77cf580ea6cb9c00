//! Panel members' pages under `/panel`: their rounds, each round's applications,
//! the conflict-of-interest declaration, and scoring (in [`scoring`]). Every
//! handler takes the [`PanelMember`] guard; the services check round membership,
//! assignment and conflicts by query, and answer 404 for anything else.

mod scoring;

use crate::routes::form::Form;
use chrono::{DateTime, Utc};
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::PanelMember;
use crate::error::{AppError, SplitInvalid};
use crate::routes::Pager;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::panel::reviewer::{self, Declaration};
use crate::services::panel::{self, Access};
use crate::services::rounds;
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    let mut all = routes![index, round_page, declare_page, declare];
    all.extend(scoring::routes());
    all
}

#[derive(Serialize)]
struct RoundView {
    name: String,
    slug: String,
    phase: &'static str,
    closes_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct IndexPage {
    layout: Layout,
    rounds: Vec<RoundView>,
}

#[get("/panel")]
async fn index(member: PanelMember, layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    let now = ctx.now();
    let found = reviewer::my_rounds(ctx.db, member.id).await?;
    Ok(Template::render(
        "panel/index",
        IndexPage {
            layout: layout.titled("Your reviews", None),
            rounds: found
                .into_iter()
                .map(|r| RoundView {
                    phase: rounds::phase(&r, now).label(),
                    closes_at: r.closes_at,
                    name: r.name,
                    slug: r.slug,
                })
                .collect(),
        },
    ))
}

#[derive(Serialize)]
struct RowView {
    id: i32,
    reference: String,
    title: String,
    standing: &'static str,
    tag_class: &'static str,
    /// Where the row links: the declaration first, then the review; none after a conflict.
    href: Option<String>,
}

#[derive(Serialize)]
struct RoundPage {
    layout: Layout,
    round: RoundView,
    rows: Vec<RowView>,
    pager: Pager,
}

#[get("/panel/rounds/<slug>?<page>")]
async fn round_page(
    member: PanelMember,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let round = reviewer::my_round(ctx.db, member.id, slug).await?;
    let (rows, paging) = reviewer::applications(ctx.db, member.id, round.id, page).await?;
    let base = format!("/panel/rounds/{}", round.slug);
    Ok(Template::render(
        "panel/round",
        RoundPage {
            layout: layout.titled(&format!("Your reviews: {}", round.name), None),
            pager: Pager::new(&base, &paging, &[]),
            rows: rows
                .into_iter()
                .map(|row| {
                    use crate::domain::review::Standing;
                    let id = row.application.id;
                    RowView {
                        href: match row.standing {
                            Standing::Conflict => None,
                            Standing::ToDeclare => {
                                Some(format!("/panel/applications/{id}/declare"))
                            }
                            _ => Some(format!("/panel/applications/{id}")),
                        },
                        id,
                        reference: row.application.reference.unwrap_or_default(),
                        title: row.application.title,
                        standing: row.standing.label(),
                        tag_class: row.standing.tag_class(),
                    }
                })
                .collect(),
            round: RoundView {
                phase: rounds::phase(&round, ctx.now()).label(),
                closes_at: round.closes_at,
                name: round.name,
                slug: round.slug,
            },
        },
    ))
}

const DECLARE_FIELDS: &[&str] = &["choice", "nature"];

#[derive(Serialize)]
struct DeclarePage {
    layout: Layout,
    id: i32,
    reference: String,
    title: String,
    organisation: String,
    round_name: String,
    round_slug: String,
    form: FormView,
}

async fn declare_render(
    db: &DatabaseConnection,
    layout: Layout,
    found: Access,
    form: FormView,
) -> Result<Template, AppError> {
    let name = panel::organisation_name(db, found.application.organisation_id).await?;
    let reference = found.application.reference.unwrap_or_default();
    Ok(Template::render(
        "panel/declare",
        DeclarePage {
            layout: layout.titled(&format!("Conflicts of interest: {reference}"), Some(&form)),
            id: found.application.id,
            title: found.application.title,
            organisation: name,
            round_name: found.round.name,
            round_slug: found.round.slug,
            reference,
            form,
        },
    ))
}

#[get("/panel/applications/<id>/declare")]
async fn declare_page(
    member: PanelMember,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Reply, AppError> {
    let found = panel::access(ctx.db, member.id, id).await?;
    if found.declared.is_some() {
        return Ok(Reply::Redirect(rocket::response::Redirect::to(format!(
            "/panel/applications/{id}"
        ))));
    }
    let form = FormView::new(DECLARE_FIELDS);
    Ok(Reply::Page(
        declare_render(ctx.db, layout, found, form).await?,
    ))
}

#[derive(FromForm)]
struct DeclareForm {
    choice: Option<String>,
    nature: Option<String>,
}

#[post("/panel/applications/<id>/declare", data = "<form>")]
async fn declare(
    member: PanelMember,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<DeclareForm>,
) -> Result<Reply, AppError> {
    // Someone who may not see the application learns nothing from the form's errors.
    let found = panel::access(ctx.db, member.id, id).await?;
    let choice = form.choice.clone().unwrap_or_default();
    let nature = form.nature.clone().unwrap_or_default();
    let typed = FormView::new(DECLARE_FIELDS)
        .with("choice", &choice)
        .with("nature", &nature);
    let outcome = match Declaration::parse(&choice, &nature) {
        Ok(declaration) => {
            let actor = Actor::user(&member);
            reviewer::declare(ctx.db, ctx.clock, &actor, member.id, id, &declaration)
                .await
                .map(|()| declaration)
        }
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match outcome.split_invalid()? {
        Ok(Declaration::NoConflict) => Ok(Reply::done(
            format!("/panel/applications/{id}"),
            "You declared no conflict of interest: you can now score the application",
        )),
        Ok(Declaration::Conflict { .. }) => Ok(Reply::done(
            format!("/panel/rounds/{}", found.round.slug),
            "You declared a conflict of interest: the application is no longer shown to you, and officers can see your declaration",
        )),
        Err(errors) => Ok(Reply::invalid(
            declare_render(ctx.db, layout, found, typed.with_errors(&errors)).await?,
        )),
    }
}
