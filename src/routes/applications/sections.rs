//! One page per task-list section: shown with what is saved, saved on every
//! submit (even when something is wrong), and shown again with the messages.

use std::collections::{BTreeSet, HashMap};

use entity::{application, indicator, outcome, round_question, ward};
use rocket::response::Redirect;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::auth::Applicant;
use crate::domain::application::StatusRules;
use crate::domain::application_budget::BUDGET_CATEGORIES;
use crate::domain::fields::FieldErrors;
use crate::domain::money::Money;
use crate::domain::round::QuestionKind;
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::routes::form::Fields;
use crate::services::applications::pages::{self, SectionChoices, saved_input};
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
    kind: QuestionKind,
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

/// What the form sent, for a section.
fn sent_input(section: Section, fields: &Fields) -> SectionInput {
    let rows = |prefix: &str, names: &[&str]| -> Vec<Vec<String>> {
        (0..200)
            .map_while(|i| {
                let row: Vec<String> = names
                    .iter()
                    .map(|n| fields.get(&format!("{prefix}-{i}-{n}")))
                    .collect();
                let present = names
                    .iter()
                    .any(|n| fields.has(&format!("{prefix}-{i}-{n}")));
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

/// Loads what the section's form offers to choose from, and builds its page.
async fn page<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    input: &SectionInput,
    errors: &FieldErrors,
    blank_rows: usize,
    return_to_check: bool,
) -> Result<SectionPage, AppError> {
    let choices = pages::section_choices(conn, app, input.section()).await?;
    Ok(section_page(
        app,
        input,
        choices,
        errors,
        blank_rows,
        return_to_check,
    ))
}

fn section_page(
    app: &application::Model,
    input: &SectionInput,
    choices: SectionChoices,
    errors: &FieldErrors,
    blank_rows: usize,
    return_to_check: bool,
) -> SectionPage {
    let section = input.section();
    let mut page = SectionPage {
        key: crate::format::application_key(app),
        version: app.version,
        section: section.path(),
        section_title: section.title(),
        return_to_check,
        categories: BUDGET_CATEGORIES
            .iter()
            .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
            .collect(),
        form: section_form(input, errors),
        ..Default::default()
    };
    match input {
        SectionInput::About { wards, .. } => {
            page.wards = ward_choices(choices.wards, wards);
        }
        SectionInput::Budget { lines } => {
            page.total = lines
                .iter()
                .filter_map(|l| Money::parse(&l.amount).ok())
                .map(|m| m.0)
                .sum();
            page.lines = line_rows(lines, blank_rows, errors);
        }
        SectionInput::Outcomes {
            chosen,
            targets,
            measures,
        } => {
            page.outcomes = outcome_rows(&choices, chosen, targets, measures, errors);
        }
        SectionInput::Questions { answers } => {
            page.questions = question_rows(choices.questions, answers, errors);
        }
        SectionInput::Partners { partners, funding } => {
            page.partners = partner_rows(partners, errors);
            page.funding = funding_rows(funding, errors);
        }
        SectionInput::Declaration { .. } => {}
    }
    page
}

/// The form's plain fields with their values, and the errors.
fn section_form(input: &SectionInput, errors: &FieldErrors) -> FormView {
    let form = FormView::default().with_errors(errors);
    let form = match input {
        SectionInput::About {
            title,
            summary,
            start_date,
            end_date,
            ..
        } => form
            .with("title", title)
            .with("summary", summary)
            .with("start_date", start_date)
            .with("end_date", end_date),
        SectionInput::Declaration {
            confirm_true,
            consent,
            name,
        } => form
            .with("confirm_true", if *confirm_true { "yes" } else { "" })
            .with("consent", if *consent { "yes" } else { "" })
            .with("name", name),
        _ => form,
    };
    with_blank_fields(form, input.section())
}

/// The section's template reads these fields by name and strict mode refuses a missing
/// one, so each is in the form even when empty.
fn with_blank_fields(mut form: FormView, section: Section) -> FormView {
    let names: &[&str] = match section {
        Section::About => &["title", "summary", "start_date", "end_date", "wards"],
        Section::Budget => &["total"],
        Section::Outcomes => &["outcomes"],
        Section::Questions | Section::Partners | Section::Declaration => &[],
    };
    for name in names.iter().chain(&["section"]) {
        form.fields.entry((*name).to_owned()).or_default();
    }
    form
}

fn ward_choices(wards: Vec<ward::Model>, chosen: &[String]) -> Vec<Choice> {
    let chosen: BTreeSet<&String> = chosen.iter().collect();
    wards
        .into_iter()
        .map(|w| Choice {
            checked: chosen.contains(&w.id.to_string()),
            value: w.id.to_string(),
            label: w.name,
        })
        .collect()
}

/// The budget lines, then `blank_rows` empty ones to fill in.
fn line_rows(lines: &[LineInput], blank_rows: usize, errors: &FieldErrors) -> Vec<LineRow> {
    let mut rows: Vec<LineInput> = lines.to_vec();
    rows.extend(std::iter::repeat_with(LineInput::default).take(blank_rows));
    rows.into_iter()
        .enumerate()
        .map(|(i, l)| LineRow {
            index: i,
            number: i + 1,
            item: field(l.item, errors, &format!("line-{i}-item")),
            category: field(l.category, errors, &format!("line-{i}-category")),
            amount: field(l.amount, errors, &format!("line-{i}-amount")),
        })
        .collect()
}

fn outcome_rows(
    choices: &SectionChoices,
    chosen: &[String],
    targets: &HashMap<i32, String>,
    measures: &HashMap<i32, String>,
    errors: &FieldErrors,
) -> Vec<OutcomeRow> {
    let chosen: BTreeSet<i32> = chosen.iter().filter_map(|c| c.parse().ok()).collect();
    choices
        .outcomes
        .iter()
        .map(|o: &outcome::Model| OutcomeRow {
            checked: chosen.contains(&o.id),
            measure: field(
                measures.get(&o.id).cloned().unwrap_or_default(),
                errors,
                &format!("measure-{}", o.id),
            ),
            indicators: choices
                .indicators
                .iter()
                .filter(|i| i.outcome_id == o.id)
                .map(|i| indicator_row(i, targets, errors))
                .collect(),
            id: o.id,
            code: o.code.clone(),
            title: o.title.clone(),
        })
        .collect()
}

fn indicator_row(
    i: &indicator::Model,
    targets: &HashMap<i32, String>,
    errors: &FieldErrors,
) -> IndicatorRow {
    IndicatorRow {
        id: i.id,
        name: i.name.clone(),
        unit: i.unit.clone(),
        target: field(
            targets.get(&i.id).cloned().unwrap_or_default(),
            errors,
            &format!("target-{}", i.id),
        ),
    }
}

fn question_rows(
    questions: Vec<round_question::Model>,
    answers: &HashMap<i32, String>,
    errors: &FieldErrors,
) -> Vec<QuestionRow> {
    questions
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
        .collect()
}

/// The partners, then one empty row to add another.
fn partner_rows(partners: &[PartnerInput], errors: &FieldErrors) -> Vec<PartnerRow> {
    let mut rows = partners.to_vec();
    rows.push(PartnerInput::default());
    rows.into_iter()
        .enumerate()
        .map(|(i, p)| PartnerRow {
            index: i,
            number: i + 1,
            name: field(p.name, errors, &format!("partner-{i}-name")),
            role: field(p.role, errors, &format!("partner-{i}-role")),
        })
        .collect()
}

/// The match funding, then one empty row to add another.
fn funding_rows(funding: &[FundingInput], errors: &FieldErrors) -> Vec<FundingRow> {
    let mut rows = funding.to_vec();
    rows.push(FundingInput::default());
    rows.into_iter()
        .enumerate()
        .map(|(i, f)| FundingRow {
            index: i,
            number: i + 1,
            source: field(f.source, errors, &format!("funding-{i}-source")),
            amount: field(f.amount, errors, &format!("funding-{i}-amount")),
            secured: field(f.secured, errors, &format!("funding-{i}-secured")),
        })
        .collect()
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
    ctx: Ctx<'_>,
    key: &str,
    section: &str,
    add: Option<usize>,
    from: Option<&str>,
) -> Result<Reply, AppError> {
    let section = section_of(section)?;
    let app = apps::for_member(ctx.db, user.id, key).await?;
    if !app.status.is_editable() {
        return Ok(Reply::Redirect(Redirect::to(format!(
            "/applications/{}/check",
            crate::format::application_key(&app)
        ))));
    }
    let input = saved_input(ctx.db, &app, section).await?;
    let blank = if matches!(section, Section::Budget) {
        1 + add.unwrap_or(0).min(20)
    } else {
        0
    };
    let page = page(
        ctx.db,
        &app,
        &input,
        &FieldErrors::new(),
        blank,
        from == Some("check"),
    )
    .await?;
    Ok(Reply::Page(render(layout, page)))
}

#[post("/applications/<key>/<section>", data = "<fields>", rank = 2)]
async fn save(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
    section: &str,
    fields: Fields,
) -> Result<Reply, AppError> {
    let section = section_of(section)?;
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
    let app = apps::for_member(ctx.db, user.id, key).await?;
    let key = crate::format::application_key(&app);
    match sections::save(
        ctx.db,
        ctx.clock,
        &Actor::user(&user),
        user.id,
        &key,
        version,
        &mut input,
    )
    .await?
    {
        Saved::Stale(current) => {
            let saved = saved_input(ctx.db, &current, section).await?;
            let errors = FieldErrors::single("section", STALE_MESSAGE);
            let page = page(
                ctx.db,
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
            // Text cut to its limit is always shown, whatever the button: the user
            // must see what was kept before going on.
            let cut = !errors.1.is_empty();
            if !cut && (action == "add-line" || action.starts_with("remove-line-")) {
                let rows = if action == "add-line" { "?add=1" } else { "" };
                return Ok(Reply::Redirect(Redirect::to(format!(
                    "/applications/{key}/budget{rows}"
                ))));
            }
            if !cut && action == "later" {
                return Ok(Reply::done(
                    format!("/applications/{key}"),
                    "Your answers have been saved. You can come back to them at any time",
                ));
            }
            if !errors.is_empty() {
                let page = page(
                    ctx.db,
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
                next_section(ctx.db, &application, section).await?
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
    let key = crate::format::application_key(app);
    let next = all.iter().skip_while(|s| **s != current).nth(1);
    Ok(match next {
        Some(section) => format!("/applications/{key}/{}", section.path()),
        None => format!("/applications/{key}/check"),
    })
}
