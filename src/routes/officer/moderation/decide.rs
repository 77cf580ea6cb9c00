//! The decision forms: award in full, award in part, reserve list, decline.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::http::Status as HttpStatus;
use rocket::{Route, post, routes};

use super::{FIELDS, detail_page};
use crate::auth::Officer;
use crate::domain::award::Outcome;
use crate::domain::fields::FieldErrors;
use crate::domain::money::Money;
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::decisions::{self, DecisionError, DecisionInput, Kind};
use crate::services::rounds;
use crate::views::{FormView, Layout, Reply};

/// This page's routes.
pub(super) fn routes() -> Vec<Route> {
    routes![decide_route]
}

/// Every decision form sends the version the officer read, and some of these.
#[derive(FromForm)]
struct DecisionForm {
    version: Option<i32>,
    amount: Option<String>,
    reason: Option<String>,
    conditions: Option<String>,
    feedback: Option<String>,
}

/// The prefix of a form's field ids on the page.
fn prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::AwardFull => "full",
        Kind::AwardPart => "part",
        Kind::Reserve => "reserve",
        Kind::Decline => "decline",
    }
}

/// Who is deciding, with what: what every decision handler shares.
struct Officers<'a> {
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'a>,
}

async fn decide(
    who: Officers<'_>,
    slug: &str,
    id: i32,
    kind: Kind,
    form: &DecisionForm,
) -> Result<Reply, AppError> {
    let Officers {
        officer,
        layout,
        ctx,
    } = who;
    // Only a broken or forged form leaves this out: the page always sends it.
    let version = form
        .version
        .ok_or_else(|| AppError::BadRequest("the form's version is missing".into()))?;
    let input = DecisionInput {
        kind,
        amount: form.amount.clone().unwrap_or_default(),
        reason: form.reason.clone().unwrap_or_default(),
        conditions: form.conditions.clone().unwrap_or_default(),
        feedback: form.feedback.clone().unwrap_or_default(),
    };
    let round = rounds::by_slug(ctx.db, slug).await?;
    let actor = Actor::user(&officer);
    match decisions::decide(
        ctx.db,
        ctx.clock,
        ctx.notifier,
        &actor,
        round.id,
        id,
        Some(version),
        &input,
    )
    .await
    {
        Ok(done) => {
            let reference = done.application.reference.unwrap_or_default();
            let message = match done.outcome {
                Outcome::Award => format!(
                    "{reference} is awarded {}: the offer is with the applicant",
                    Money(done.amount)
                ),
                Outcome::Reserve => format!("{reference} is on the reserve list"),
                Outcome::Decline => {
                    format!("{reference} is declined: the applicant will see your feedback")
                }
            };
            Ok(Reply::done(
                format!("/officer/rounds/{slug}/moderation/{id}"),
                message,
            ))
        }
        Err(DecisionError::Invalid(errors)) => {
            let p = prefix(kind);
            let mut renamed = FieldErrors::new();
            for (field, message) in errors.0 {
                renamed.add(&format!("{p}_{field}"), message);
            }
            let typed = FormView::new(FIELDS)
                .with(&format!("{p}_amount"), &input.amount)
                .with(&format!("{p}_reason"), &input.reason)
                .with(&format!("{p}_conditions"), &input.conditions)
                .with(&format!("{p}_feedback"), &input.feedback)
                .with_errors(&renamed);
            // Keep the version the officer read, so a change made meanwhile is still caught.
            let page = detail_page(ctx.db, layout, slug, id, Some(version), typed).await?;
            Ok(Reply::invalid(page))
        }
        Err(DecisionError::Refused(message)) => {
            let mut form = FormView::new(FIELDS);
            form.add_error("decision", &message);
            // The page now shows the application as it is, so its version is the one read.
            let page = detail_page(ctx.db, layout, slug, id, None, form).await?;
            Ok(Reply::Invalid((HttpStatus::Conflict, page)))
        }
        Err(DecisionError::App(error)) => Err(error),
    }
}

/// The decision named by the last part of the path, as each form posts it.
fn kind_of(segment: &str) -> Option<Kind> {
    Some(match segment {
        "award-full" => Kind::AwardFull,
        "award-part" => Kind::AwardPart,
        "reserve" => Kind::Reserve,
        "decline" => Kind::Decline,
        _ => return None,
    })
}

#[post(
    "/officer/rounds/<slug>/moderation/<id>/<decision>",
    data = "<form>",
    rank = 1
)]
async fn decide_route(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    id: i32,
    decision: &str,
    form: Form<DecisionForm>,
) -> Result<Reply, AppError> {
    let kind = kind_of(decision).ok_or(AppError::NotFound)?;
    let who = Officers {
        officer,
        layout,
        ctx,
    };
    decide(who, slug, id, kind, &form).await
}
