//! Officers' pages for the Deal: the whole Deal on one page, and its title and
//! introduction. Themes are in [`themes`], commitments in [`commitments`].

mod commitments;
mod themes;

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Officer;
use crate::domain::deal::{Side, paragraphs, pledge_count_text};
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::routes::officer::ordering::MoveButtons;
use crate::services::audit::Actor;
use crate::services::deal::{self, Audience, CommitmentOutline, DealText};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    let mut all = routes![deal_page, edit_deal_page, save_deal];
    all.extend(themes::routes());
    all.extend(commitments::routes());
    all
}

#[derive(Serialize)]
struct DealView {
    title: String,
    introduction: Vec<String>,
}

#[derive(Serialize)]
struct CommitmentRow {
    id: i32,
    body: String,
    retired: bool,
    /// How many have pledged; only "Your part" commitments take pledges.
    pledges: Option<String>,
    moving: MoveButtons,
}

#[derive(Serialize)]
struct SideBlock {
    side: &'static str,
    label: &'static str,
    commitments: Vec<CommitmentRow>,
}

#[derive(Serialize)]
struct ThemeBlock {
    id: i32,
    title: String,
    description: String,
    moving: MoveButtons,
    sides: Vec<SideBlock>,
}

#[derive(Serialize)]
struct DealPage {
    layout: Layout,
    deal: Option<DealView>,
    themes: Vec<ThemeBlock>,
}

fn side_block(side: Side, items: Vec<CommitmentOutline>) -> SideBlock {
    let len = items.len();
    let commitments = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let c = item.commitment;
            CommitmentRow {
                moving: MoveButtons::new(
                    format!("/officer/deal/commitments/{}/move", c.id),
                    c.body.clone(),
                    index,
                    len,
                ),
                id: c.id,
                body: c.body,
                retired: c.retired,
                pledges: (side == Side::Residents).then(|| pledge_count_text(item.pledges)),
            }
        })
        .collect();
    SideBlock {
        side: side.as_str(),
        label: side.label(),
        commitments,
    }
}

#[get("/officer/deal")]
async fn deal_page(_officer: Officer, layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    let outline = deal::outline(ctx.db, Audience::Officers).await?;
    let len = outline.themes.len();
    let themes = outline
        .themes
        .into_iter()
        .enumerate()
        .map(|(index, t)| ThemeBlock {
            moving: MoveButtons::new(
                format!("/officer/deal/themes/{}/move", t.theme.id),
                format!("theme {}", t.theme.title),
                index,
                len,
            ),
            id: t.theme.id,
            title: t.theme.title,
            description: t.theme.description,
            sides: vec![
                side_block(Side::Council, t.council),
                side_block(Side::Residents, t.residents),
            ],
        })
        .collect();
    Ok(Template::render(
        "officer/deal/index",
        DealPage {
            layout: layout.titled("The Deal", None),
            deal: outline.deal.map(|d| DealView {
                introduction: paragraphs(&d.introduction),
                title: d.title,
            }),
            themes,
        },
    ))
}

const FIELDS: &[&str] = &["title", "introduction"];

#[derive(Serialize)]
struct EditPage {
    layout: Layout,
    form: FormView,
}

fn edit_page(layout: Layout, form: FormView) -> Template {
    Template::render(
        "officer/deal/edit",
        EditPage {
            layout: layout.titled("The Deal's title and introduction", Some(&form)),
            form,
        },
    )
}

#[get("/officer/deal/edit")]
async fn edit_deal_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
) -> Result<Template, AppError> {
    let form = match deal::current(ctx.db).await? {
        Some(d) => FormView::new(FIELDS)
            .with("title", d.title)
            .with("introduction", d.introduction),
        None => FormView::new(FIELDS),
    };
    Ok(edit_page(layout, form))
}

#[derive(FromForm)]
struct DealForm {
    title: String,
    introduction: String,
}

#[post("/officer/deal/edit", data = "<form>")]
async fn save_deal(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    form: Form<DealForm>,
) -> Result<Reply, AppError> {
    let input = DealText {
        title: form.title.clone(),
        introduction: form.introduction.clone(),
    };
    match deal::save(ctx.db, ctx.clock, &Actor::user(&officer), input)
        .await
        .split_invalid()?
    {
        Ok(_) => Ok(Reply::done(
            "/officer/deal",
            "The Deal's title and introduction are saved",
        )),
        Err(errors) => {
            let view = FormView::new(FIELDS)
                .with("title", form.title.clone())
                .with("introduction", form.introduction.clone())
                .with_errors(&errors);
            Ok(Reply::invalid(edit_page(layout, view)))
        }
    }
}
