//! One page per task-list section: shown with what is saved, saved on every
//! submit (even when something is wrong), and shown again with the messages.

use std::collections::BTreeSet;

use entity::{
    application, application_answer, application_outcome, application_partner, application_target,
    application_ward, budget_line, indicator, match_funding, outcome, round_question, ward,
};
use rocket::data::Data;
use rocket::response::Redirect;
use rocket::{Route, State, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use super::Fields;
use crate::auth::Applicant;
use crate::clock::Clock;
use crate::domain::application::StatusRules;
use crate::domain::application_budget::BUDGET_CATEGORIES;
use crate::domain::money::Money;
use crate::error::{AppError, FieldErrors};
use crate::services::applications::sections::{
    self, FundingInput, LineInput, PartnerInput, Saved, SectionInput,
};
use crate::services::applications::{self as apps, STALE_MESSAGE, Section};
use crate::services::audit::Actor;
use crate::views::form::FieldView;
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![show, save]
}

fn field(value: impl Into<String>, errors: &FieldErrors, name: &str) -> FieldView {
    FieldView {
        value: value.into(),
        error: errors
            .0
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| m.clone()),
    }
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    checked: bool,
}

#[derive(Serialize)]
struct LineRow {
    index: usize,
    /// The row's number as people count: from 1.
    number: usize,
    item: FieldView,
    category: FieldView,
    amount: FieldView,
}

#[derive(Serialize)]
struct IndicatorRow {
    id: i32,
    name: String,
    unit: String,
    target: FieldView,
}

#[derive(Serialize)]
struct OutcomeRow {
    id: i32,
    code: String,
    title: String,
    checked: bool,
    measure: FieldView,
    indicators: Vec<IndicatorRow>,
}

#[derive(Serialize)]
struct QuestionRow {
    field: String,
    prompt: String,
    help_text: String,
    kind: String,
    word_limit: Option<i32>,
    required: bool,
    choices: Vec<String>,
    answer: FieldView,
}

#[derive(Serialize)]
struct PartnerRow {
    index: usize,
    /// The row's number as people count: from 1.
    number: usize,
    name: FieldView,
    role: FieldView,
}

#[derive(Serialize)]
struct FundingRow {
    index: usize,
    /// The row's number as people count: from 1.
    number: usize,
    source: FieldView,
    amount: FieldView,
    secured: FieldView,
}

/// Everything a section page may show; each template reads its own part.
#[derive(Serialize, Default)]
struct SectionPage {
    key: String,
    version: i32,
    section: &'static str,
    section_title: &'static str,
    return_to_check: bool,
    form: FormView,
    wards: Vec<Choice>,
    lines: Vec<LineRow>,
    total: i64,
    categories: Vec<(String, String)>,
    outcomes: Vec<OutcomeRow>,
    questions: Vec<QuestionRow>,
    partners: Vec<PartnerRow>,
    funding: Vec<FundingRow>,
}

#[derive(Serialize)]
struct Page {
    layout: Layout,
    #[serde(flatten)]
    page: SectionPage,
}

/// What is saved, as a form would send it.
async fn saved_input<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    section: Section,
) -> Result<SectionInput, AppError> {
    let id = app.id;
    Ok(match section {
        Section::About => SectionInput::About {
            title: app.title.clone(),
            summary: app.summary.clone(),
            start_date: app.start_date.map(|d| d.to_string()).unwrap_or_default(),
            end_date: app.end_date.map(|d| d.to_string()).unwrap_or_default(),
            wards: application_ward::Entity::find()
                .filter(application_ward::Column::ApplicationId.eq(id))
                .all(conn)
                .await?
                .into_iter()
                .map(|w| w.ward_id.to_string())
                .collect(),
        },
        Section::Budget => SectionInput::Budget {
            lines: budget_line::Entity::find()
                .filter(budget_line::Column::ApplicationId.eq(id))
                .order_by_asc(budget_line::Column::Position)
                .all(conn)
                .await?
                .into_iter()
                .map(|l| LineInput {
                    item: l.item,
                    category: l.category,
                    amount: if l.amount_pence > 0 {
                        Money(l.amount_pence).to_input()
                    } else {
                        String::new()
                    },
                })
                .collect(),
        },
        Section::Outcomes => {
            let claimed = application_outcome::Entity::find()
                .filter(application_outcome::Column::ApplicationId.eq(id))
                .all(conn)
                .await?;
            SectionInput::Outcomes {
                chosen: claimed.iter().map(|c| c.outcome_id.to_string()).collect(),
                measures: claimed
                    .into_iter()
                    .map(|c| (c.outcome_id, c.measurement))
                    .collect(),
                targets: application_target::Entity::find()
                    .filter(application_target::Column::ApplicationId.eq(id))
                    .all(conn)
                    .await?
                    .into_iter()
                    .map(|t| (t.indicator_id, t.target.to_string()))
                    .collect(),
            }
        }
        Section::Questions => SectionInput::Questions {
            answers: application_answer::Entity::find()
                .filter(application_answer::Column::ApplicationId.eq(id))
                .all(conn)
                .await?
                .into_iter()
                .map(|a| (a.question_id, a.answer))
                .collect(),
        },
        Section::Partners => SectionInput::Partners {
            partners: application_partner::Entity::find()
                .filter(application_partner::Column::ApplicationId.eq(id))
                .all(conn)
                .await?
                .into_iter()
                .map(|p| PartnerInput {
                    name: p.name,
                    role: p.role,
                })
                .collect(),
            funding: match_funding::Entity::find()
                .filter(match_funding::Column::ApplicationId.eq(id))
                .all(conn)
                .await?
                .into_iter()
                .map(|f| FundingInput {
                    source: f.source,
                    amount: Money(f.amount_pence).to_input(),
                    secured: if f.secured { "yes" } else { "no" }.into(),
                })
                .collect(),
        },
        Section::Declaration => SectionInput::Declaration {
            confirm_true: app.declaration_true,
            consent: app.declaration_consent,
            name: app.declaration_name.clone(),
        },
    })
}

/// What the form sent, for a section.
fn sent_input(section: Section, fields: &Fields) -> SectionInput {
    let rows = |prefix: &str, names: &[&str]| -> Vec<Vec<String>> {
        (0..200)
            .map_while(|i| {
                let row: Vec<String> = names
                    .iter()
                    .map(|n| fields.get(&format!("{prefix}-{i}-{n}")))
                    .collect();
                let present = names.iter().any(|n| {
                    fields
                        .0
                        .iter()
                        .any(|(k, _)| *k == format!("{prefix}-{i}-{n}"))
                });
                present.then_some(row)
            })
            .collect()
    };
    match section {
        Section::About => SectionInput::About {
            title: fields.get("title"),
            summary: fields.get("summary"),
            start_date: fields.get("start_date"),
            end_date: fields.get("end_date"),
            wards: fields.all("wards"),
        },
        Section::Budget => SectionInput::Budget {
            lines: rows("line", &["item", "category", "amount"])
                .into_iter()
                .map(|r| LineInput {
                    item: r[0].clone(),
                    category: r[1].clone(),
                    amount: r[2].clone(),
                })
                .collect(),
        },
        Section::Outcomes => SectionInput::Outcomes {
            chosen: fields.all("outcomes"),
            targets: fields.by_id("target-"),
            measures: fields.by_id("measure-"),
        },
        Section::Questions => SectionInput::Questions {
            answers: fields.by_id("q"),
        },
        Section::Partners => SectionInput::Partners {
            partners: rows("partner", &["name", "role"])
                .into_iter()
                .map(|r| PartnerInput {
                    name: r[0].clone(),
                    role: r[1].clone(),
                })
                .collect(),
            funding: rows("funding", &["source", "amount", "secured"])
                .into_iter()
                .map(|r| FundingInput {
                    source: r[0].clone(),
                    amount: r[1].clone(),
                    secured: r[2].clone(),
                })
                .collect(),
        },
        Section::Declaration => SectionInput::Declaration {
            confirm_true: fields.get("confirm_true") == "yes",
            consent: fields.get("consent") == "yes",
            name: fields.get("name"),
        },
    }
}

#[allow(clippy::too_many_lines)]
async fn page<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    input: &SectionInput,
    errors: &FieldErrors,
    blank_rows: usize,
    return_to_check: bool,
) -> Result<SectionPage, AppError> {
    let section = input.section();
    let mut form = FormView::default().with_errors(errors);
    let mut page = SectionPage {
        key: apps::key(app),
        version: app.version,
        section: section.path(),
        section_title: section.title(),
        return_to_check,
        categories: BUDGET_CATEGORIES
            .iter()
            .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
            .collect(),
        ..Default::default()
    };
    match input {
        SectionInput::About {
            title,
            summary,
            start_date,
            end_date,
            wards,
        } => {
            form = form
                .with("title", title)
                .with("summary", summary)
                .with("start_date", start_date)
                .with("end_date", end_date);
            for name in ["title", "summary", "start_date", "end_date", "wards"] {
                form.fields.entry(name.to_owned()).or_default();
            }
            let chosen: BTreeSet<&String> = wards.iter().collect();
            page.wards = ward::Entity::find()
                .order_by_asc(ward::Column::Name)
                .all(conn)
                .await?
                .into_iter()
                .map(|w| Choice {
                    checked: chosen.contains(&w.id.to_string()),
                    value: w.id.to_string(),
                    label: w.name,
                })
                .collect();
        }
        SectionInput::Budget { lines } => {
            let mut rows: Vec<LineInput> = lines.clone();
            rows.extend(std::iter::repeat_with(LineInput::default).take(blank_rows));
            page.total = lines
                .iter()
                .filter_map(|l| Money::parse(&l.amount).ok())
                .map(|m| m.0)
                .sum();
            page.lines = rows
                .into_iter()
                .enumerate()
                .map(|(i, l)| LineRow {
                    index: i,
                    number: i + 1,
                    item: field(l.item, errors, &format!("line-{i}-item")),
                    category: field(l.category, errors, &format!("line-{i}-category")),
                    amount: field(l.amount, errors, &format!("line-{i}-amount")),
                })
                .collect();
            form.fields.entry("total".to_owned()).or_default();
        }
        SectionInput::Outcomes {
            chosen,
            targets,
            measures,
        } => {
            let chosen: BTreeSet<i32> = chosen.iter().filter_map(|c| c.parse().ok()).collect();
            let indicators = indicator::Entity::find()
                .order_by_asc(indicator::Column::Position)
                .all(conn)
                .await?;
            page.outcomes = outcome::Entity::find()
                .order_by_asc(outcome::Column::Position)
                .all(conn)
                .await?
                .into_iter()
                .map(|o| OutcomeRow {
                    checked: chosen.contains(&o.id),
                    measure: field(
                        measures.get(&o.id).cloned().unwrap_or_default(),
                        errors,
                        &format!("measure-{}", o.id),
                    ),
                    indicators: indicators
                        .iter()
                        .filter(|i| i.outcome_id == o.id)
                        .map(|i| IndicatorRow {
                            id: i.id,
                            name: i.name.clone(),
                            unit: i.unit.clone(),
                            target: field(
                                targets.get(&i.id).cloned().unwrap_or_default(),
                                errors,
                                &format!("target-{}", i.id),
                            ),
                        })
                        .collect(),
                    id: o.id,
                    code: o.code,
                    title: o.title,
                })
                .collect();
            form.fields.entry("outcomes".to_owned()).or_default();
        }
        SectionInput::Questions { answers } => {
            page.questions = round_question::Entity::find()
                .filter(round_question::Column::RoundId.eq(app.round_id))
                .order_by_asc(round_question::Column::Position)
                .all(conn)
                .await?
                .into_iter()
                .map(|q| {
                    let name = format!("q{}", q.id);
                    QuestionRow {
                        answer: field(
                            answers.get(&q.id).cloned().unwrap_or_default(),
                            errors,
                            &name,
                        ),
                        field: name,
                        prompt: q.prompt,
                        help_text: q.help_text,
                        kind: q.kind,
                        word_limit: q.word_limit,
                        required: q.required,
                        choices: q
                            .choices
                            .lines()
                            .map(str::trim)
                            .filter(|c| !c.is_empty())
                            .map(str::to_owned)
                            .collect(),
                    }
                })
                .collect();
        }
        SectionInput::Partners { partners, funding } => {
            let mut partner_rows = partners.clone();
            partner_rows.push(PartnerInput::default());
            page.partners = partner_rows
                .into_iter()
                .enumerate()
                .map(|(i, p)| PartnerRow {
                    index: i,
                    number: i + 1,
                    name: field(p.name, errors, &format!("partner-{i}-name")),
                    role: field(p.role, errors, &format!("partner-{i}-role")),
                })
                .collect();
            let mut funding_rows = funding.clone();
            funding_rows.push(FundingInput::default());
            page.funding = funding_rows
                .into_iter()
                .enumerate()
                .map(|(i, f)| FundingRow {
                    index: i,
                    number: i + 1,
                    source: field(f.source, errors, &format!("funding-{i}-source")),
                    amount: field(f.amount, errors, &format!("funding-{i}-amount")),
                    secured: field(f.secured, errors, &format!("funding-{i}-secured")),
                })
                .collect();
        }
        SectionInput::Declaration {
            confirm_true,
            consent,
            name,
        } => {
            form = form
                .with("confirm_true", if *confirm_true { "yes" } else { "" })
                .with("consent", if *consent { "yes" } else { "" })
                .with("name", name);
        }
    }
    form.fields.entry("section".to_owned()).or_default();
    page.form = form;
    Ok(page)
}

fn render(layout: Layout, page: SectionPage) -> Template {
    let layout = layout.titled(page.section_title, Some(&page.form));
    Template::render(
        format!("applications/sections/{}", page.section),
        Page { layout, page },
    )
}

fn section_of(segment: &str) -> Result<Section, AppError> {
    Section::from_path(segment).ok_or(AppError::NotFound)
}

#[get("/applications/<key>/<section>?<add>&<from>", rank = 2)]
async fn show(
    user: Applicant,
    layout: Layout,
    db: &State<DatabaseConnection>,
    key: &str,
    section: &str,
    add: Option<usize>,
    from: Option<&str>,
) -> Result<Reply, AppError> {
    let section = section_of(section)?;
    let app = apps::for_member(db.inner(), user.id, key).await?;
    if !app.status.is_editable() {
        return Ok(Reply::Redirect(Redirect::to(format!(
            "/applications/{}/check",
            apps::key(&app)
        ))));
    }
    let input = saved_input(db.inner(), &app, section).await?;
    let blank = if matches!(section, Section::Budget) {
        1 + add.unwrap_or(0).min(20)
    } else {
        0
    };
    let page = page(
        db.inner(),
        &app,
        &input,
        &FieldErrors::new(),
        blank,
        from == Some("check"),
    )
    .await?;
    Ok(Reply::Page(render(layout, page)))
}

#[post("/applications/<key>/<section>", data = "<data>", rank = 2)]
async fn save(
    user: Applicant,
    layout: Layout,
    db: &State<DatabaseConnection>,
    clock: &State<Clock>,
    key: &str,
    section: &str,
    data: Data<'_>,
) -> Result<Reply, AppError> {
    let section = section_of(section)?;
    let fields = Fields::read(data).await?;
    let version: i32 = fields
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("missing version".into()))?;
    let action = fields.get("action");
    let to_check = fields.get("return_to") == "check";
    let mut input = sent_input(section, &fields);
    if let (Some(index), SectionInput::Budget { lines }) =
        (action.strip_prefix("remove-line-"), &mut input)
        && let Ok(index) = index.parse::<usize>()
        && index < lines.len()
    {
        lines.remove(index);
    }
    let app = apps::for_member(db.inner(), user.id, key).await?;
    let key = apps::key(&app);
    match sections::save(
        db,
        clock,
        &Actor::user(&user),
        user.id,
        &key,
        version,
        &input,
    )
    .await?
    {
        Saved::Stale(current) => {
            let saved = saved_input(db.inner(), &current, section).await?;
            let errors = FieldErrors::single("section", STALE_MESSAGE);
            let page = page(
                db.inner(),
                &current,
                &saved,
                &errors,
                usize::from(section == Section::Budget),
                to_check,
            )
            .await?;
            Ok(Reply::invalid(render(layout, page)))
        }
        Saved::Stored {
            application,
            errors,
        } => {
            if action == "add-line" || action.starts_with("remove-line-") {
                let rows = if action == "add-line" { "?add=1" } else { "" };
                return Ok(Reply::Redirect(Redirect::to(format!(
                    "/applications/{key}/budget{rows}"
                ))));
            }
            if action == "later" {
                return Ok(Reply::done(
                    format!("/applications/{key}"),
                    "Your answers have been saved. You can come back to them at any time",
                ));
            }
            if !errors.is_empty() {
                let page = page(
                    db.inner(),
                    &application,
                    &input,
                    &errors,
                    usize::from(section == Section::Budget),
                    to_check,
                )
                .await?;
                return Ok(Reply::invalid(render(layout, page)));
            }
            let next = if to_check {
                format!("/applications/{key}/check")
            } else {
                next_section(db.inner(), &application, section).await?
            };
            Ok(Reply::Redirect(Redirect::to(next)))
        }
    }
}

async fn next_section<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    current: Section,
) -> Result<String, AppError> {
    let all = apps::sections_of(conn, app).await?;
    let key = apps::key(app);
    let next = all.iter().skip_while(|s| **s != current).nth(1);
    Ok(match next {
        Some(section) => format!("/applications/{key}/{}", section.path()),
        None => format!("/applications/{key}/check"),
    })
}
