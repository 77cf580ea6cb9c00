//! The demo's fund and its four rounds, one in each part of a round's life.

use chrono::{DateTime, Duration, TimeZone, Utc};
use entity::{
    criterion, eligibility_question, fund, fund_contribution, funding_round, outcome,
    round_question,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

use crate::clock::Clock;
use crate::domain::round::QuestionKind;
use crate::domain::round::RoundStatus;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// One round of the demo.
struct DemoRound {
    name: &'static str,
    slug: &'static str,
    guidance: &'static str,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    budget: i64,
    min_grant: i64,
    max_grant: i64,
    months: i32,
    status: RoundStatus,
}

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

const POUND: i64 = 100;

/// A whole hour, `days` from today: demo deadlines fall on the hour, as real ones do.
fn days_from(now: DateTime<Utc>, days: i64, hour: u32) -> DateTime<Utc> {
    let day = (now + Duration::days(days)).date_naive();
    day.and_hms_opt(hour, 0, 0).map_or(now, |t| t.and_utc())
}

fn demo_rounds(now: DateTime<Utc>) -> Vec<DemoRound> {
    vec![
        DemoRound {
            name: "Small grants 2025",
            slug: "small-grants-2025",
            guidance: "Grants of up to £2,000 for community groups running activities that bring people together, \
                       help people stay active and well, or look after their neighbourhood. Projects must finish within 12 months.",
            opens_at: utc(2025, 4, 1, 8),
            closes_at: utc(2025, 6, 30, 16),
            budget: 100_000 * POUND,
            min_grant: 250 * POUND,
            max_grant: 2_000 * POUND,
            months: 12,
            status: RoundStatus::Decided,
        },
        DemoRound {
            name: "Big ideas 2026",
            slug: "big-ideas-2026",
            guidance: "Larger grants for projects that change how things are done in a neighbourhood over one to three years. \
                       We want bids that are led by residents, work with partners, and can show what they achieve.",
            opens_at: utc(2026, 6, 1, 8),
            closes_at: utc(2026, 9, 30, 16),
            budget: 400_000 * POUND,
            min_grant: 2_001 * POUND,
            max_grant: 50_000 * POUND,
            months: 36,
            status: RoundStatus::Assessment,
        },
        DemoRound {
            name: "Small grants 2026",
            slug: "small-grants-2026",
            guidance: "Grants of £250 to £2,000 for community groups. This year we especially welcome projects that reach \
                       people who are lonely or isolated, and projects led by young people.",
            opens_at: days_from(now, -30, 9),
            closes_at: days_from(now, 24, 17),
            budget: 100_000 * POUND,
            min_grant: 250 * POUND,
            max_grant: 2_000 * POUND,
            months: 12,
            status: RoundStatus::Published,
        },
        DemoRound {
            name: "Community spaces 2027",
            slug: "community-spaces-2027",
            guidance: "Grants to improve community buildings and green spaces so that more groups can use them: \
                       accessible toilets, kitchens, heating, garden beds, storage.",
            opens_at: days_from(now, 60, 9),
            closes_at: days_from(now, 130, 17),
            budget: 250_000 * POUND,
            min_grant: 1_000 * POUND,
            max_grant: 25_000 * POUND,
            months: 18,
            status: RoundStatus::Published,
        },
    ]
}

const QUIZ: &[(&str, bool, &str)] = &[
    (
        "Is your group based in Ashworth, or does its work mainly benefit people who live in Ashworth?",
        true,
        "The fund is for work in Ashworth. Groups elsewhere may find support from their own council or community foundation.",
    ),
    (
        "Is your group a not-for-profit organisation (a charity, community group, CIC, or similar)?",
        true,
        "The fund supports not-for-profit groups only. A local business might look at the council's business support instead.",
    ),
    (
        "Does your group have a bank account in its own name, with at least two unrelated people to sign?",
        true,
        "We can only pay grants into a group's own account. The community voluntary service can help you open one.",
    ),
];

/// An extra question: prompt, help, kind, word limit, choices, required.
type DemoQuestion = (
    &'static str,
    &'static str,
    QuestionKind,
    Option<i32>,
    &'static str,
    bool,
);

const QUESTIONS: &[DemoQuestion] = &[
    (
        "Who will take part, and how will you reach them?",
        "Tell us who the project is for and how they will hear about it.",
        QuestionKind::LongText,
        Some(250),
        "",
        true,
    ),
    (
        "How have the people who will benefit helped shape the project?",
        "",
        QuestionKind::LongText,
        Some(200),
        "",
        true,
    ),
    (
        "How did you hear about the fund?",
        "",
        QuestionKind::SingleChoice,
        None,
        "Council website\nAnother group\nSocial media\nA council officer\nOther",
        false,
    ),
];

const CRITERIA: &[(&str, &str, i32, Option<&str>)] = &[
    (
        "Meets local need",
        "Clear evidence of need in the neighbourhood, ideally from the people it will serve.",
        3,
        None,
    ),
    (
        "Delivers the Deal's outcomes",
        "The project will plausibly change the outcomes it claims, with sensible targets.",
        3,
        Some("O1"),
    ),
    (
        "Led by the community",
        "Residents and volunteers shape and run the project.",
        2,
        Some("O4"),
    ),
    (
        "Value for money and deliverability",
        "A realistic budget and plan that the group can deliver.",
        2,
        None,
    ),
];

/// Adds the Deal for Communities Investment Fund and its four rounds.
pub async fn seed(db: &DatabaseConnection, clock: &Clock) -> Result<(), AppError> {
    let system = Actor::system();
    let txn = Write::begin(db, clock, &system).await?;
    let now = txn.now;
    let fund = fund::ActiveModel {
        name: Set("Deal for Communities Investment Fund".into()),
        slug: Set("communities-fund".into()),
        description: Set("The fund that pays for the community's part of the Ashworth Deal: grants to community groups \
                          for work that delivers the Deal's outcomes, pooled by the council and its partners."
            .into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (partner, org_id, pounds) in [
        ("Ashworth Borough Council", Some("GB-LAE-ASH"), 600_000),
        ("Ashworth Health and Care Partnership (NHS)", None, 250_000),
        (
            "Ashworth Community Foundation",
            Some("GB-CHC-1109876"),
            150_000,
        ),
    ] {
        fund_contribution::ActiveModel {
            fund_id: Set(fund.id),
            partner_name: Set(partner.into()),
            partner_org_id: Set(org_id.map(str::to_owned)),
            amount_pence: Set(pounds * POUND),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let outcomes = outcome::Entity::find()
        .filter(outcome::Column::Code.is_in(["O1", "O4"]))
        .all(&txn)
        .await?;
    let outcome_id = |code: Option<&str>| {
        code.and_then(|c| outcomes.iter().find(|o| o.code == c))
            .map(|o| o.id)
    };
    for r in demo_rounds(now) {
        let round = funding_round::ActiveModel {
            fund_id: Set(fund.id),
            name: Set(r.name.into()),
            slug: Set(r.slug.into()),
            guidance: Set(r.guidance.split_whitespace().collect::<Vec<_>>().join(" ")),
            opens_at: Set(r.opens_at),
            closes_at: Set(r.closes_at),
            budget_pence: Set(r.budget),
            min_grant_pence: Set(r.min_grant),
            max_grant_pence: Set(r.max_grant),
            max_duration_months: Set(r.months),
            fundable_threshold: Set(60),
            disagreement_margin: Set(20),
            status: Set(r.status),
            published_at: Set(Some(r.opens_at - Duration::days(14))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (i, (question, qualifying, message)) in QUIZ.iter().enumerate() {
            eligibility_question::ActiveModel {
                round_id: Set(round.id),
                question: Set((*question).into()),
                qualifying_answer: Set(*qualifying),
                failure_message: Set((*message).into()),
                position: Set(i32::try_from(i).unwrap_or(0) + 1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for (i, (prompt, help, kind, limit, choices, required)) in QUESTIONS.iter().enumerate() {
            round_question::ActiveModel {
                round_id: Set(round.id),
                prompt: Set((*prompt).into()),
                help_text: Set((*help).into()),
                kind: Set(*kind),
                word_limit: Set(*limit),
                choices: Set((*choices).into()),
                required: Set(*required),
                position: Set(i32::try_from(i).unwrap_or(0) + 1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for (i, (title, guidance, weight, outcome)) in CRITERIA.iter().enumerate() {
            criterion::ActiveModel {
                round_id: Set(round.id),
                title: Set((*title).into()),
                guidance: Set((*guidance).into()),
                weight: Set(*weight),
                outcome_id: Set(outcome_id(*outcome)),
                position: Set(i32::try_from(i).unwrap_or(0) + 1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.audit(
        Action::DemoFundsSeeded,
        fund.id,
        "demo fund and four rounds",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
