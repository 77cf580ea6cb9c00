//! Applicants' pages: starting an application from a round, the task list, check
//! your answers, submitting, "my applications" and withdrawing.

mod decision;
mod payments;
pub(crate) mod reports;
mod sections;
mod views;

use std::collections::HashMap;

use crate::routes::form::{Fields, Form};
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::Applicant;
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::services::applications::{self as apps, StartRefused};
use crate::services::audit::Actor;
use crate::services::{organisations, rounds};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    let mut all = routes![
        list,
        start_page,
        start,
        task_list,
        check_page,
        submit,
        submitted,
        withdraw_page,
        withdraw
    ];
    all.extend(sections::routes());
    all.extend(decision::routes());
    all.extend(payments::routes());
    all.extend(reports::routes());
    all
}

#[get("/applications")]
async fn list(user: Applicant, layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    let rows = apps::of_user(ctx.db, user.id).await?;
    let page = views::ListPage::new(layout, rows, ctx.now(), ctx.tz);
    Ok(Template::render("applications/list", page))
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct QuizQuestion {
    field: String,
    question: String,
    answer: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct StartPage {
    layout: Layout,
    round_name: String,
    round_slug: String,
    organisations: Vec<Choice>,
    questions: Vec<QuizQuestion>,
    form: FormView,
    reasons: Vec<String>,
}

async fn start_template(
    db: &DatabaseConnection,
    layout: Layout,
    user_id: i32,
    round: &entity::funding_round::Model,
    fields: Option<&Fields>,
    form: FormView,
    reasons: Vec<String>,
) -> Result<Template, AppError> {
    let organisations = organisations::of_user(db, user_id)
        .await?
        .into_iter()
        .map(|(o, _)| Choice {
            value: o.id.to_string(),
            label: o.name,
        })
        .collect();
    let questions = crate::services::rounds::items::quiz(db, round.id)
        .await?
        .into_iter()
        .map(|q| {
            let field = format!("q{}", q.id);
            QuizQuestion {
                answer: fields.map(|f| f.get(&field)).unwrap_or_default(),
                error: form.fields.get(&field).and_then(|f| f.error.clone()),
                field,
                question: q.question,
            }
        })
        .collect();
    let title = format!("Apply to {}", round.name);
    Ok(Template::render(
        "applications/start",
        StartPage {
            layout: layout.titled(&title, Some(&form)),
            round_name: round.name.clone(),
            round_slug: round.slug.clone(),
            organisations,
            questions,
            form,
            reasons,
        },
    ))
}

#[get("/rounds/<slug>/apply")]
async fn start_page(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
) -> Result<Template, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    if !rounds::phase(&round, ctx.now()).is_public() {
        return Err(AppError::NotFound);
    }
    start_template(
        ctx.db,
        layout,
        user.id,
        &round,
        None,
        FormView::new(&["organisation_id"]),
        Vec::new(),
    )
    .await
}

#[post("/rounds/<slug>/apply", data = "<fields>")]
async fn start(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    fields: Fields,
) -> Result<Reply, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    if !rounds::phase(&round, ctx.now()).is_public() {
        return Err(AppError::NotFound);
    }
    let organisation_id = fields.get("organisation_id").parse().ok();
    let answers: HashMap<i32, bool> = fields
        .by_id("q")
        .into_iter()
        .filter_map(|(id, v)| match v.as_str() {
            "yes" => Some((id, true)),
            "no" => Some((id, false)),
            _ => None,
        })
        .collect();
    let form =
        FormView::new(&["organisation_id"]).with("organisation_id", fields.get("organisation_id"));
    match apps::start(
        ctx.db,
        ctx.clock,
        &Actor::user(&user),
        user.id,
        &round,
        organisation_id,
        &answers,
    )
    .await?
    {
        Ok(app) => Ok(Reply::done(
            format!("/applications/{}", crate::format::application_key(&app)),
            "Your application has been started",
        )),
        Err(StartRefused::Invalid(errors)) => {
            let form = form.with_errors(&errors);
            Ok(Reply::invalid(
                start_template(
                    ctx.db,
                    layout,
                    user.id,
                    &round,
                    Some(&fields),
                    form,
                    Vec::new(),
                )
                .await?,
            ))
        }
        Err(StartRefused::NotEligible(reasons)) => Ok(Reply::invalid(
            start_template(
                ctx.db,
                layout,
                user.id,
                &round,
                Some(&fields),
                form,
                reasons,
            )
            .await?,
        )),
    }
}

#[get("/applications/<key>")]
async fn task_list(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Template, AppError> {
    let app = apps::for_member(ctx.db, user.id, key).await?;
    let page = views::TaskListPage::load(
        ctx.db,
        layout,
        &app,
        ctx.now(),
        ctx.tz,
        FormView::new(&["submit"]),
    )
    .await?;
    Ok(Template::render("applications/task_list", page))
}

#[get("/applications/<key>/check")]
async fn check_page(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Template, AppError> {
    let app = apps::for_member(ctx.db, user.id, key).await?;
    let page = views::CheckPage::load(
        ctx.db,
        layout,
        &app,
        ctx.now(),
        ctx.tz,
        FormView::new(&["submit"]),
    )
    .await?;
    Ok(Template::render("applications/check", page))
}

#[derive(FromForm)]
struct VersionForm {
    version: i32,
}

#[post("/applications/<key>/submit", data = "<form>")]
async fn submit(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
    form: Form<VersionForm>,
) -> Result<Reply, AppError> {
    match apps::submit(
        ctx.db,
        ctx.clock,
        ctx.notifier,
        &Actor::user(&user),
        ctx.tz,
        user.id,
        key,
        form.version,
    )
    .await
    .split_invalid()?
    {
        Ok(app) => Ok(Reply::Redirect(rocket::response::Redirect::to(format!(
            "/applications/{}/submitted",
            crate::format::application_key(&app)
        )))),
        Err(errors) => {
            let app = apps::for_member(ctx.db, user.id, key).await?;
            let view = FormView::new(&["submit"]).with_errors(&errors);
            let page =
                views::CheckPage::load(ctx.db, layout, &app, ctx.now(), ctx.tz, view).await?;
            Ok(Reply::invalid(Template::render("applications/check", page)))
        }
    }
}

#[derive(Serialize)]
struct SubmittedPage {
    layout: Layout,
    reference: String,
    round_name: String,
}

#[get("/applications/<key>/submitted")]
async fn submitted(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Template, AppError> {
    let app = apps::for_member(ctx.db, user.id, key).await?;
    let round = rounds::by_id(ctx.db, app.round_id).await?;
    Ok(Template::render(
        "applications/submitted",
        SubmittedPage {
            layout: layout.titled("Application submitted", None),
            reference: crate::format::application_key(&app),
            round_name: round.name,
        },
    ))
}

#[derive(Serialize)]
struct WithdrawPage {
    layout: Layout,
    key: String,
    title: String,
    form: FormView,
}

#[get("/applications/<key>/withdraw")]
async fn withdraw_page(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Template, AppError> {
    let app = apps::for_member(ctx.db, user.id, key).await?;
    let form = FormView::new(&["withdraw"]);
    Ok(Template::render(
        "applications/withdraw",
        WithdrawPage {
            layout: layout.titled("Withdraw your application", Some(&form)),
            key: crate::format::application_key(&app),
            title: app.title,
            form,
        },
    ))
}

#[post("/applications/<key>/withdraw")]
async fn withdraw(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Reply, AppError> {
    match apps::withdraw(ctx.db, ctx.clock, &Actor::user(&user), user.id, key)
        .await
        .split_invalid()?
    {
        Ok(_) => Ok(Reply::done(
            "/applications",
            "Your application has been withdrawn",
        )),
        Err(errors) => {
            let app = apps::for_member(ctx.db, user.id, key).await?;
            let form = FormView::new(&["withdraw"]).with_errors(&errors);
            Ok(Reply::invalid(Template::render(
                "applications/withdraw",
                WithdrawPage {
                    layout: layout.titled("Withdraw your application", Some(&form)),
                    key: crate::format::application_key(&app),
                    title: app.title,
                    form,
                },
            )))
        }
    }
}
