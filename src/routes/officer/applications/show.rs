//! One application in full, for an officer, and the screening forms on it.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::http::Status as HttpStatus;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;

use super::page::{PageState, long_date, render};
use crate::auth::Officer;
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::screening::detail;
use crate::services::screening::{self, Decision, ScreeningError};
use crate::views::{FormView, Layout, Reply};

/// This page's routes.
pub fn routes() -> Vec<Route> {
    routes![show, mark_eligible, mark_ineligible, return_for_changes]
}

/// The screening fields; `screening` holds a refusal that belongs to no one field.
const FIELDS: &[&str] = &["screening", "reason", "message", "resubmit_by"];

#[get("/officer/applications/<id>")]
async fn show(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let found = detail::load(ctx.db, id).await?;
    let state = PageState {
        form: FormView::new(FIELDS),
        seen_version: found.application.version,
        today: ctx.today(),
    };
    Ok(render(layout, found, state))
}

/// Every screening form carries the version the officer read.
#[derive(FromForm)]
struct EligibleForm {
    version: Option<i32>,
}

#[derive(FromForm)]
struct IneligibleForm {
    version: Option<i32>,
    reason: Option<String>,
}

#[derive(FromForm)]
struct ReturnForm {
    version: Option<i32>,
    message: Option<String>,
    resubmit_by: Option<String>,
}

/// What the three screening handlers share once their forms are read.
struct Screening<'a> {
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'a>,
    id: i32,
}

impl Screening<'_> {
    async fn decide(
        self,
        version: Option<i32>,
        decision: Decision,
        typed: FormView,
    ) -> Result<Reply, AppError> {
        // Only a broken or forged form leaves this out: the page always sends it.
        let version =
            version.ok_or_else(|| AppError::BadRequest("the form's version is missing".into()))?;
        let Screening {
            officer,
            layout,
            ctx,
            id,
        } = self;
        let actor = Actor::user(&officer);
        match screening::screen(
            ctx.db,
            ctx.clock,
            ctx.notifier,
            &actor,
            ctx.tz,
            id,
            version,
            &decision,
        )
        .await
        {
            Ok(saved) => {
                let reference = saved.reference.unwrap_or_default();
                let message = match &decision {
                    Decision::Eligible => format!("{reference} is marked eligible"),
                    Decision::Ineligible { .. } => format!(
                        "{reference} is marked not eligible: the applicant will see your reason"
                    ),
                    Decision::Return { .. } => format!(
                        "{reference} is returned for changes, to resubmit by {}",
                        saved.resubmit_by.map(long_date).unwrap_or_default()
                    ),
                };
                Ok(Reply::done(format!("/officer/applications/{id}"), message))
            }
            Err(ScreeningError::Invalid(errors)) => {
                let found = detail::load(ctx.db, id).await?;
                // Keep the version the officer read, so that a change made meanwhile
                // is still caught when they send the corrected form.
                let state = PageState {
                    form: typed.with_errors(&errors),
                    seen_version: version,
                    today: ctx.today(),
                };
                Ok(Reply::invalid(render(layout, found, state)))
            }
            Err(ScreeningError::Refused(message)) => {
                let found = detail::load(ctx.db, id).await?;
                let mut form = FormView::new(FIELDS);
                form.add_error("screening", &message);
                // The page now shows the application as it is, so its version is the one read.
                let state = PageState {
                    form,
                    seen_version: found.application.version,
                    today: ctx.today(),
                };
                Ok(Reply::Invalid((
                    HttpStatus::Conflict,
                    render(layout, found, state),
                )))
            }
            Err(ScreeningError::App(error)) => Err(error),
        }
    }
}

#[post("/officer/applications/<id>/eligible", data = "<form>")]
async fn mark_eligible(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<EligibleForm>,
) -> Result<Reply, AppError> {
    let screening = Screening {
        officer,
        layout,
        ctx,
        id,
    };
    screening
        .decide(form.version, Decision::Eligible, FormView::new(FIELDS))
        .await
}

#[post("/officer/applications/<id>/ineligible", data = "<form>")]
async fn mark_ineligible(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<IneligibleForm>,
) -> Result<Reply, AppError> {
    let reason = form.reason.clone().unwrap_or_default();
    let typed = FormView::new(FIELDS).with("reason", &reason);
    let screening = Screening {
        officer,
        layout,
        ctx,
        id,
    };
    screening
        .decide(form.version, Decision::Ineligible { reason }, typed)
        .await
}

#[post("/officer/applications/<id>/return", data = "<form>")]
async fn return_for_changes(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<ReturnForm>,
) -> Result<Reply, AppError> {
    let message = form.message.clone().unwrap_or_default();
    let resubmit_by = form.resubmit_by.clone().unwrap_or_default();
    let typed = FormView::new(FIELDS)
        .with("message", &message)
        .with("resubmit_by", &resubmit_by);
    let screening = Screening {
        officer,
        layout,
        ctx,
        id,
    };
    screening
        .decide(
            form.version,
            Decision::Return {
                message,
                resubmit_by,
            },
            typed,
        )
        .await
}
