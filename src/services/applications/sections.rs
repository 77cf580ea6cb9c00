//! Saving each section of the task list. Whatever can be stored is stored, even
//! when something else on the page is wrong, so nobody loses their work; a section
//! is completed only when everything in it passes.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use entity::{
    application, application_answer, application_outcome, application_partner, application_target,
    application_ward, budget_line, funding_round, indicator, match_funding, outcome,
    round_question, ward,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use super::{Progress, STALE_MESSAGE, Section, claim_version, for_member, set_progress};
use crate::clock::Clock;
use crate::domain::application::StatusRules;
use crate::domain::application_budget::BUDGET_CATEGORIES;
use crate::domain::fields::FieldErrors;
use crate::domain::local_time::months_spanned;
use crate::domain::money::Money;
use crate::domain::round::QuestionKind;
use crate::domain::text::{parse_whole, word_count};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// A budget line as typed.
#[derive(Debug, Clone, Default)]
pub struct LineInput {
    pub item: String,
    pub category: String,
    pub amount: String,
}

/// A partner as typed.
#[derive(Debug, Clone, Default)]
pub struct PartnerInput {
    pub name: String,
    pub role: String,
}

/// Other funding as typed.
#[derive(Debug, Clone, Default)]
pub struct FundingInput {
    pub source: String,
    pub amount: String,
    pub secured: String,
}

/// What one section's form holds.
#[derive(Debug, Clone)]
pub enum SectionInput {
    About {
        title: String,
        summary: String,
        start_date: String,
        end_date: String,
        wards: Vec<String>,
    },
    Budget {
        lines: Vec<LineInput>,
    },
    Outcomes {
        chosen: Vec<String>,
        targets: HashMap<i32, String>,
        measures: HashMap<i32, String>,
    },
    Questions {
        answers: HashMap<i32, String>,
    },
    Partners {
        partners: Vec<PartnerInput>,
        funding: Vec<FundingInput>,
    },
    Declaration {
        confirm_true: bool,
        consent: bool,
        name: String,
    },
}

/// The most characters each of an application's fields keeps. Long answers also have
/// word limits (the summary, and long-text questions that set one); the character
/// limits stop one enormous "word" and are far above what the word limits allow.
pub mod limits {
    /// The project's title.
    pub const TITLE: usize = 150;
    /// The summary (300 words).
    pub const SUMMARY: usize = 3_000;
    /// An answer to one of the round's questions (short answers are held to 200
    /// characters by their own rule).
    pub const ANSWER: usize = 20_000;
    /// How an outcome will be measured.
    pub const MEASURE: usize = 2_000;
    /// What a budget line is for; a partner's name; where other funding comes from;
    /// the name on the declaration.
    pub const NAME: usize = 200;
    /// What a partner will do.
    pub const ROLE: usize = 2_000;
    /// A date, an amount, a target or a choice.
    pub const SHORT: usize = 100;
}

fn clamp_field(errors: &mut FieldErrors, field: &str, what: &str, max: usize, value: &mut String) {
    if !errors.check_length(field, what, max, value) {
        *value = crate::domain::text::keep_chars(value, max).to_owned();
    }
}

impl SectionInput {
    /// Holds every field to its character limit: what is over is cut to the limit
    /// (so what fits is kept and saved) and named in the errors, beside its field.
    pub fn clamp(&mut self) -> FieldErrors {
        use limits::*;
        let mut e = FieldErrors::new();
        match self {
            SectionInput::About {
                title,
                summary,
                start_date,
                end_date,
                wards,
            } => {
                clamp_field(&mut e, "title", "Title", TITLE, title);
                clamp_field(&mut e, "summary", "Summary", SUMMARY, summary);
                clamp_field(&mut e, "start_date", "Start date", SHORT, start_date);
                clamp_field(&mut e, "end_date", "End date", SHORT, end_date);
                for ward in wards.iter_mut() {
                    clamp_field(&mut e, "wards", "A ward", SHORT, ward);
                }
            }
            SectionInput::Budget { lines } => {
                for (i, line) in lines.iter_mut().enumerate() {
                    let n = i + 1;
                    let what = format!("Line {n}: what the money is for");
                    clamp_field(
                        &mut e,
                        &format!("line-{i}-item"),
                        &what,
                        NAME,
                        &mut line.item,
                    );
                    let what = format!("Line {n}: the category");
                    let field = format!("line-{i}-category");
                    clamp_field(&mut e, &field, &what, SHORT, &mut line.category);
                    let what = format!("Line {n}: the amount");
                    clamp_field(
                        &mut e,
                        &format!("line-{i}-amount"),
                        &what,
                        SHORT,
                        &mut line.amount,
                    );
                }
            }
            SectionInput::Outcomes {
                chosen,
                targets,
                measures,
            } => {
                for outcome in chosen.iter_mut() {
                    clamp_field(&mut e, "outcomes", "An outcome", SHORT, outcome);
                }
                for (id, target) in targets.iter_mut() {
                    clamp_field(&mut e, &format!("target-{id}"), "The target", SHORT, target);
                }
                for (id, measure) in measures.iter_mut() {
                    let field = format!("measure-{id}");
                    clamp_field(&mut e, &field, "How you will measure it", MEASURE, measure);
                }
            }
            SectionInput::Questions { answers } => {
                for (id, answer) in answers.iter_mut() {
                    clamp_field(&mut e, &format!("q{id}"), "Your answer", ANSWER, answer);
                }
            }
            SectionInput::Partners { partners, funding } => {
                for (i, p) in partners.iter_mut().enumerate() {
                    let n = i + 1;
                    let what = format!("Partner {n}: the name");
                    clamp_field(
                        &mut e,
                        &format!("partner-{i}-name"),
                        &what,
                        NAME,
                        &mut p.name,
                    );
                    let what = format!("Partner {n}: what they will do");
                    clamp_field(
                        &mut e,
                        &format!("partner-{i}-role"),
                        &what,
                        ROLE,
                        &mut p.role,
                    );
                }
                for (i, f) in funding.iter_mut().enumerate() {
                    let n = i + 1;
                    let what = format!("Funding {n}: where it comes from");
                    let field = format!("funding-{i}-source");
                    clamp_field(&mut e, &field, &what, NAME, &mut f.source);
                    let what = format!("Funding {n}: the amount");
                    let field = format!("funding-{i}-amount");
                    clamp_field(&mut e, &field, &what, SHORT, &mut f.amount);
                    let field = format!("funding-{i}-secured");
                    clamp_field(
                        &mut e,
                        &field,
                        "Whether it is secured",
                        SHORT,
                        &mut f.secured,
                    );
                }
            }
            SectionInput::Declaration { name, .. } => {
                clamp_field(&mut e, "name", "Your name", NAME, name);
            }
        }
        e
    }

    /// Which section this input is for.
    pub fn section(&self) -> Section {
        match self {
            SectionInput::About { .. } => Section::About,
            SectionInput::Budget { .. } => Section::Budget,
            SectionInput::Outcomes { .. } => Section::Outcomes,
            SectionInput::Questions { .. } => Section::Questions,
            SectionInput::Partners { .. } => Section::Partners,
            SectionInput::Declaration { .. } => Section::Declaration,
        }
    }
}

/// What happened to a save.
#[derive(Debug)]
pub enum Saved {
    /// Stored; the section is completed when `errors` is empty.
    Stored {
        application: application::Model,
        errors: FieldErrors,
    },
    /// Someone else saved first: nothing was stored.
    Stale(application::Model),
}

fn parse_date(errors: &mut FieldErrors, field: &str, input: &str, what: &str) -> Option<NaiveDate> {
    let text = input.trim();
    if text.is_empty() {
        errors.add(field, format!("Enter the {what}"));
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| {
            errors.add(
                field,
                format!("The {what} must be a real date, like 2027-04-01"),
            )
        })
        .ok()
}

/// Saves one section, checking the version the page was based on.
pub async fn save(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    app_key: &str,
    seen_version: i32,
    input: &mut SectionInput,
) -> Result<Saved, AppError> {
    // What is over its limit is cut to it (and so shown and saved cut) and named.
    let over = input.clamp();
    let input = &*input;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let app = for_member(&txn, user_id, app_key).await?;
    if !app.status.is_editable() {
        return Err(AppError::Invalid(FieldErrors::single(
            "section",
            "This application has been sent to the council, so it can no longer be changed",
        )));
    }
    if !claim_version(&txn, app.id, seen_version, now).await? {
        drop(txn);
        let current = for_member(db, user_id, app_key).await?;
        return Ok(Saved::Stale(current));
    }
    let round = funding_round::Entity::find_by_id(app.round_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let errors = match input {
        SectionInput::About {
            title,
            summary,
            start_date,
            end_date,
            wards,
        } => {
            let today = now.date_naive();
            save_about(
                &txn, &app, &round, today, title, summary, start_date, end_date, wards,
            )
            .await?
        }
        SectionInput::Budget { lines } => save_budget(&txn, &app, &round, lines).await?,
        SectionInput::Outcomes {
            chosen,
            targets,
            measures,
        } => save_outcomes(&txn, &app, chosen, targets, measures).await?,
        SectionInput::Questions { answers } => save_answers(&txn, &app, answers).await?,
        SectionInput::Partners { partners, funding } => {
            save_partners(&txn, &app, partners, funding).await?
        }
        SectionInput::Declaration {
            confirm_true,
            consent,
            name,
        } => save_declaration(&txn, &app, *confirm_true, *consent, name).await?,
    };
    let errors = over.merged(errors);
    let state = if errors.is_empty() {
        Progress::Completed
    } else {
        Progress::InProgress
    };
    set_progress(&txn, &app, input.section(), state).await?;
    txn.audit(
        Action::ApplicationSectionSaved,
        app.id,
        input.section().path(),
    )
    .await?;
    let saved = application::Entity::find_by_id(app.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    txn.commit().await?;
    Ok(Saved::Stored {
        application: saved,
        errors,
    })
}

/// The message for a stale save, for callers that show it.
pub fn stale_message() -> &'static str {
    STALE_MESSAGE
}

#[allow(clippy::too_many_arguments)]
async fn save_about<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    round: &funding_round::Model,
    today: NaiveDate,
    title: &str,
    summary: &str,
    start_date: &str,
    end_date: &str,
    wards: &[String],
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::new();
    let title = title.trim();
    if title.is_empty() {
        errors.add("title", "Enter your project's title");
    }
    let words = word_count(summary);
    if words == 0 {
        errors.add("summary", "Enter a summary of your project");
    } else if words > 300 {
        errors.add(
            "summary",
            format!("Summary must be 300 words or fewer: it has {words}"),
        );
    }
    let start = parse_date(&mut errors, "start_date", start_date, "start date");
    let end = parse_date(&mut errors, "end_date", end_date, "end date");
    // An absurd start (9999-12-31) is refused beside the field and not kept.
    let start = start.filter(|day| {
        match crate::domain::dates::project_start(today).check(
            *day,
            "The start date",
            "up to a year ago or three years ahead",
        ) {
            Ok(_) => true,
            Err(message) => {
                errors.add("start_date", message);
                false
            }
        }
    });
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            errors.add("end_date", "The end date must be after the start date");
        } else if months_spanned(start, end) > i64::from(round.max_duration_months) {
            errors.add(
                "end_date",
                format!(
                    "Projects in this round can last up to {} months: choose an earlier end date",
                    round.max_duration_months
                ),
            );
        }
    }
    let known: BTreeSet<i32> = ward::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|w| w.id)
        .collect();
    let chosen: BTreeSet<i32> = wards
        .iter()
        .filter_map(|w| w.parse().ok())
        .filter(|id| known.contains(id))
        .collect();
    if chosen.is_empty() {
        errors.add(
            "wards",
            "Choose at least one ward where the project happens",
        );
    }
    let mut change: application::ActiveModel = app.clone().into();
    change.title = Set(title.chars().take(150).collect());
    change.summary = Set(summary.trim().to_owned());
    change.start_date = Set(start);
    change.end_date = Set(end);
    change.version = sea_orm::ActiveValue::NotSet;
    change.updated_at = sea_orm::ActiveValue::NotSet;
    change.update(conn).await?;
    application_ward::Entity::delete_many()
        .filter(application_ward::Column::ApplicationId.eq(app.id))
        .exec(conn)
        .await?;
    for ward_id in chosen {
        application_ward::ActiveModel {
            application_id: Set(app.id),
            ward_id: Set(ward_id),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(errors)
}

async fn save_budget<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    round: &funding_round::Model,
    lines: &[LineInput],
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::new();
    budget_line::Entity::delete_many()
        .filter(budget_line::Column::ApplicationId.eq(app.id))
        .exec(conn)
        .await?;
    let mut total: i64 = 0;
    let mut position = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.item.trim().is_empty()
            && line.amount.trim().is_empty()
            && line.category.trim().is_empty()
        {
            continue;
        }
        let item = line.item.trim();
        if item.is_empty() {
            errors.add(
                &format!("line-{i}-item"),
                format!("Line {}: say what the money is for", i + 1),
            );
        }
        let category_ok = BUDGET_CATEGORIES.iter().any(|(c, _)| *c == line.category);
        if !category_ok {
            errors.add(
                &format!("line-{i}-category"),
                format!("Line {}: choose a category", i + 1),
            );
        }
        let amount = match Money::parse(&line.amount) {
            Ok(Money(0)) => {
                errors.add(
                    &format!("line-{i}-amount"),
                    format!("Line {}: the amount must be more than £0", i + 1),
                );
                None
            }
            Ok(Money(pence)) => Some(pence),
            Err(message) => {
                errors.add(
                    &format!("line-{i}-amount"),
                    format!("Line {}: {}", i + 1, message.to_lowercase()),
                );
                None
            }
        };
        position += 1;
        total += amount.unwrap_or(0);
        budget_line::ActiveModel {
            application_id: Set(app.id),
            item: Set(item.chars().take(200).collect()),
            category: Set(if category_ok {
                line.category.clone()
            } else {
                String::new()
            }),
            amount_pence: Set(amount.unwrap_or(0)),
            position: Set(position),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    if position == 0 {
        errors.add("line-0-item", "Add at least one line to your budget");
    } else if errors.is_empty() && (total < round.min_grant_pence || total > round.max_grant_pence)
    {
        errors.add(
            "total",
            format!(
                "Your budget adds up to {}: this round gives grants of {} to {}",
                Money(total),
                Money(round.min_grant_pence),
                Money(round.max_grant_pence)
            ),
        );
    }
    application::Entity::update_many()
        .col_expr(
            application::Column::RequestedPence,
            sea_orm::sea_query::Expr::value(total),
        )
        .filter(application::Column::Id.eq(app.id))
        .exec(conn)
        .await?;
    Ok(errors)
}

async fn save_outcomes<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    chosen: &[String],
    targets: &HashMap<i32, String>,
    measures: &HashMap<i32, String>,
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::new();
    let outcomes: HashMap<i32, outcome::Model> = outcome::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let indicators = offered_indicators(conn, app.id).await?;
    let chosen: BTreeSet<i32> = chosen
        .iter()
        .filter_map(|c| c.parse().ok())
        .filter(|id| outcomes.contains_key(id))
        .collect();
    application_outcome::Entity::delete_many()
        .filter(application_outcome::Column::ApplicationId.eq(app.id))
        .exec(conn)
        .await?;
    application_target::Entity::delete_many()
        .filter(application_target::Column::ApplicationId.eq(app.id))
        .exec(conn)
        .await?;
    if chosen.is_empty() {
        errors.add(
            "outcomes",
            "Choose at least one outcome your project will deliver",
        );
    }
    for outcome_id in &chosen {
        let code = outcomes.get(outcome_id).map_or("", |o| o.code.as_str());
        let measurement = measures
            .get(outcome_id)
            .map(|m| m.trim().to_owned())
            .unwrap_or_default();
        if measurement.is_empty() {
            errors.add(
                &format!("measure-{outcome_id}"),
                format!("{code}: say how you will measure this outcome"),
            );
        }
        application_outcome::ActiveModel {
            application_id: Set(app.id),
            outcome_id: Set(*outcome_id),
            measurement: Set(measurement),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        let mut any_target = false;
        for ind in indicators.iter().filter(|i| i.outcome_id == *outcome_id) {
            let Some(typed) = targets.get(&ind.id).filter(|t| !t.trim().is_empty()) else {
                continue;
            };
            match parse_whole(typed, "the target", 1, 10_000_000) {
                Ok(target) => {
                    any_target = true;
                    application_target::ActiveModel {
                        application_id: Set(app.id),
                        indicator_id: Set(ind.id),
                        target: Set(target),
                        ..Default::default()
                    }
                    .insert(conn)
                    .await?;
                }
                Err(message) => errors.add(
                    &format!("target-{}", ind.id),
                    format!("{}: {message}", ind.name),
                ),
            }
        }
        if !any_target && !errors.0.iter().any(|(f, _)| f.starts_with("target-")) {
            errors.add(
                &format!("measure-{outcome_id}"),
                format!("{code}: give a target for at least one indicator"),
            );
        }
    }
    Ok(errors)
}

/// The indicators an application may set targets against: every one that is not
/// retired, and the retired ones it already had targets for (so old drafts keep them).
pub async fn offered_indicators<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
) -> Result<Vec<indicator::Model>, AppError> {
    let already = sea_orm::sea_query::Query::select()
        .column(application_target::Column::IndicatorId)
        .from(application_target::Entity)
        .and_where(application_target::Column::ApplicationId.eq(application_id))
        .to_owned();
    Ok(indicator::Entity::find()
        .filter(
            Condition::any()
                .add(indicator::Column::Retired.eq(false))
                .add(indicator::Column::Id.in_subquery(already)),
        )
        .order_by_asc(indicator::Column::Position)
        .all(conn)
        .await?)
}

async fn save_answers<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    answers: &HashMap<i32, String>,
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::new();
    let questions = round_question::Entity::find()
        .filter(round_question::Column::RoundId.eq(app.round_id))
        .order_by_asc(round_question::Column::Position)
        .all(conn)
        .await?;
    application_answer::Entity::delete_many()
        .filter(application_answer::Column::ApplicationId.eq(app.id))
        .exec(conn)
        .await?;
    for q in questions {
        let field = format!("q{}", q.id);
        let answer = answers
            .get(&q.id)
            .map(|a| a.trim().to_owned())
            .unwrap_or_default();
        if answer.is_empty() {
            if q.required {
                errors.add(&field, "Answer this question");
            }
            continue;
        }
        let problem = match q.kind {
            QuestionKind::ShortText if answer.chars().count() > 200 => {
                Some("Keep this answer to 200 characters or fewer".to_owned())
            }
            QuestionKind::LongText => q
                .word_limit
                .filter(|limit| word_count(&answer) > usize::try_from(*limit).unwrap_or(usize::MAX))
                .map(|limit| {
                    format!(
                        "Keep this answer to {limit} words or fewer: it has {}",
                        word_count(&answer)
                    )
                }),
            QuestionKind::YesNo if answer != "yes" && answer != "no" => {
                Some("Select yes or no".to_owned())
            }
            QuestionKind::Number if answer.replace(',', "").parse::<f64>().is_err() => {
                Some("Enter a number, like 25".to_owned())
            }
            QuestionKind::SingleChoice if !q.choices.lines().any(|c| c.trim() == answer) => {
                Some("Choose one of the options".to_owned())
            }
            _ => None,
        };
        if let Some(message) = problem {
            errors.add(&field, message);
        }
        application_answer::ActiveModel {
            application_id: Set(app.id),
            question_id: Set(q.id),
            answer: Set(answer),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(errors)
}

async fn save_partners<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    partners: &[PartnerInput],
    funding: &[FundingInput],
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::new();
    application_partner::Entity::delete_many()
        .filter(application_partner::Column::ApplicationId.eq(app.id))
        .exec(conn)
        .await?;
    match_funding::Entity::delete_many()
        .filter(match_funding::Column::ApplicationId.eq(app.id))
        .exec(conn)
        .await?;
    for (i, p) in partners.iter().enumerate() {
        if p.name.trim().is_empty() && p.role.trim().is_empty() {
            continue;
        }
        if p.name.trim().is_empty() {
            errors.add(
                &format!("partner-{i}-name"),
                format!("Partner {}: enter the organisation's name", i + 1),
            );
        }
        application_partner::ActiveModel {
            application_id: Set(app.id),
            name: Set(p.name.trim().chars().take(200).collect()),
            role: Set(p.role.trim().to_owned()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    for (i, f) in funding.iter().enumerate() {
        if f.source.trim().is_empty() && f.amount.trim().is_empty() {
            continue;
        }
        if f.source.trim().is_empty() {
            errors.add(
                &format!("funding-{i}-source"),
                format!("Funding {}: say where the money comes from", i + 1),
            );
        }
        let amount = Money::parse(&f.amount)
            .map_err(|m| {
                errors.add(
                    &format!("funding-{i}-amount"),
                    format!("Funding {}: {}", i + 1, m.to_lowercase()),
                )
            })
            .map(|m| m.0)
            .unwrap_or(0);
        let secured = match f.secured.as_str() {
            "yes" => true,
            "no" => false,
            _ => {
                errors.add(
                    &format!("funding-{i}-secured"),
                    format!("Funding {}: say whether it is secured", i + 1),
                );
                false
            }
        };
        match_funding::ActiveModel {
            application_id: Set(app.id),
            source: Set(f.source.trim().chars().take(200).collect()),
            amount_pence: Set(amount),
            secured: Set(secured),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(errors)
}

async fn save_declaration<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    confirm_true: bool,
    consent: bool,
    name: &str,
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::new();
    if !confirm_true {
        errors.add(
            "confirm_true",
            "Confirm that the information you have given is true",
        );
    }
    if !consent {
        errors.add(
            "consent",
            "Agree to how the council will use your information",
        );
    }
    let name = name.trim();
    if name.is_empty() {
        errors.add(
            "name",
            "Enter the full name of the person making this declaration",
        );
    }
    application::Entity::update_many()
        .col_expr(
            application::Column::DeclarationTrue,
            sea_orm::sea_query::Expr::value(confirm_true),
        )
        .col_expr(
            application::Column::DeclarationConsent,
            sea_orm::sea_query::Expr::value(consent),
        )
        .col_expr(
            application::Column::DeclarationName,
            sea_orm::sea_query::Expr::value(name.chars().take(200).collect::<String>()),
        )
        .filter(application::Column::Id.eq(app.id))
        .exec(conn)
        .await?;
    Ok(errors)
}
