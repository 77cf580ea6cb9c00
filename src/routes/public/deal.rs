//! The public Deal, and pledging to a "Your part" commitment without an account.
//!
//! Pledges are published only as counts. A pledger's first name and ward, both
//! optional, are stored but never shown on any page.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::domain::deal::{paragraphs, pledge_count_text};
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::routes::ClientAddr;
use crate::routes::context::Ctx;
use crate::services::deal::{self, Audience, CommitmentOutline, PledgeInput, PledgeResult};
use crate::services::wards;
use crate::views::form::FieldView;
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![deal_page, pledge]
}

const TOO_MANY: &str = "Thank you: you have pledged a lot in the last hour. To keep the \
     counts fair, please try again later.";

#[derive(Serialize)]
struct WardOption {
    value: String,
    label: String,
}

/// The pledge form under one commitment: what was typed, and what was wrong.
#[derive(Serialize, Default)]
struct PledgeFields {
    first_name: FieldView,
    ward: FieldView,
    /// A problem with the pledge as a whole, like pledging too often.
    problem: Option<String>,
}

#[derive(Serialize)]
struct CommitmentView {
    id: i32,
    body: String,
    /// "12 people have pledged": "Your part" commitments only.
    pledged: Option<String>,
    pledge: PledgeFields,
}

#[derive(Serialize)]
struct ThemeView {
    id: i32,
    title: String,
    description: String,
    council: Vec<CommitmentView>,
    residents: Vec<CommitmentView>,
}

#[derive(Serialize)]
struct DealPage {
    layout: Layout,
    /// Only the error summary of a failed pledge.
    form: FormView,
    published: bool,
    title: String,
    introduction: Vec<String>,
    themes: Vec<ThemeView>,
    wards: Vec<WardOption>,
}

/// A pledge that did not go through, to show beside its form.
struct Attempt {
    commitment_id: i32,
    input: PledgeInput,
    errors: FieldErrors,
    problem: Option<&'static str>,
}

fn commitment_view(
    item: CommitmentOutline,
    residents: bool,
    attempt: Option<&Attempt>,
) -> CommitmentView {
    let id = item.commitment.id;
    let mut pledge = PledgeFields::default();
    if let Some(attempt) = attempt.filter(|a| a.commitment_id == id) {
        pledge.first_name.value = attempt.input.first_name.clone();
        pledge.ward.value = attempt.input.ward.clone();
        for (field, message) in &attempt.errors.0 {
            let slot = if field == "ward" {
                &mut pledge.ward
            } else {
                &mut pledge.first_name
            };
            slot.error.get_or_insert_with(|| message.clone());
        }
        pledge.problem = attempt.problem.map(str::to_owned);
    }
    CommitmentView {
        id,
        body: item.commitment.body,
        pledged: residents.then(|| pledge_count_text(item.pledges)),
        pledge,
    }
}

/// The error summary for a failed pledge, its links pointing at that commitment's fields.
fn summary(attempt: Option<&Attempt>) -> FormView {
    let mut form = FormView::default();
    if let Some(attempt) = attempt {
        let id = attempt.commitment_id;
        if let Some(problem) = attempt.problem {
            form.add_error(&format!("commitment-{id}"), problem);
        }
        for (field, message) in &attempt.errors.0 {
            form.add_error(&format!("{field}-{id}"), message);
        }
    }
    form
}

async fn render(
    db: &DatabaseConnection,
    layout: Layout,
    attempt: Option<&Attempt>,
) -> Result<Template, AppError> {
    let outline = deal::outline(db, Audience::Public).await?;
    let wards = wards::all(db)
        .await?
        .into_iter()
        .map(|w| WardOption {
            value: w.id.to_string(),
            label: w.name,
        })
        .collect();
    let themes: Vec<ThemeView> = outline
        .themes
        .into_iter()
        .map(|t| ThemeView {
            id: t.theme.id,
            title: t.theme.title,
            description: t.theme.description,
            council: t
                .council
                .into_iter()
                .map(|c| commitment_view(c, false, attempt))
                .collect(),
            residents: t
                .residents
                .into_iter()
                .map(|c| commitment_view(c, true, attempt))
                .collect(),
        })
        .collect();
    let (title, introduction) = match outline.deal {
        Some(d) => (d.title, paragraphs(&d.introduction)),
        None => ("The Deal".to_owned(), Vec::new()),
    };
    let form = summary(attempt);
    Ok(Template::render(
        "public/deal",
        DealPage {
            layout: layout.titled(&title, Some(&form)),
            form,
            published: !themes.is_empty() || !introduction.is_empty(),
            title,
            introduction,
            themes,
            wards,
        },
    ))
}

#[get("/deal")]
async fn deal_page(layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    render(ctx.db, layout, None).await
}

#[derive(FromForm)]
struct PledgeForm {
    first_name: Option<String>,
    ward: Option<String>,
}

#[post("/deal/commitments/<id>/pledge", data = "<form>")]
async fn pledge(
    layout: Layout,
    ctx: Ctx<'_>,
    client: ClientAddr,
    id: i32,
    form: Form<PledgeForm>,
) -> Result<Reply, AppError> {
    let form = form.into_inner();
    let input = PledgeInput {
        first_name: form.first_name.unwrap_or_default(),
        ward: form.ward.unwrap_or_default(),
    };
    let (status, attempt) =
        match deal::pledge(ctx.db, ctx.clock, id, input.clone(), &client.0).await {
            Ok(PledgeResult::Pledged(_)) => {
                return Ok(Reply::done(
                    format!("/deal#commitment-{id}"),
                    "Thank you for your pledge. Every promise kept makes a difference",
                ));
            }
            Ok(PledgeResult::TooMany) => (
                Status::TooManyRequests,
                Attempt {
                    commitment_id: id,
                    input,
                    errors: FieldErrors::new(),
                    problem: Some(TOO_MANY),
                },
            ),
            Err(AppError::Invalid(errors)) => (
                Status::UnprocessableEntity,
                Attempt {
                    commitment_id: id,
                    input,
                    errors,
                    problem: None,
                },
            ),
            Err(other) => return Err(other),
        };
    let page = render(ctx.db, layout, Some(&attempt)).await?;
    Ok(Reply::Invalid((status, page)))
}
