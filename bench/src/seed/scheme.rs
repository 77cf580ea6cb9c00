//! The scheme's fixed parts: wards, outcomes and indicators, funds and rounds.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn round_model(
    id: i32,
    fund_id: i32,
    name: String,
    slug: String,
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
    status: funding_round::Status,
    now: DateTime<Utc>,
) -> funding_round::ActiveModel {
    funding_round::Model {
        id,
        fund_id,
        name,
        slug,
        guidance: "Bids for community projects in the borough.".into(),
        opens_at: opens,
        closes_at: closes,
        budget_pence: 2_000_000_000,
        min_grant_pence: 50_000,
        max_grant_pence: 5_000_000,
        max_duration_months: 24,
        fundable_threshold: 60,
        disagreement_margin: 25,
        status,
        published_at: Some(opens),
        created_at: now,
        updated_at: now,
        reviews_needed: 3,
        single_payment_max_pence: 200_000,
        upfront_percent: 50,
        tranche_interval_months: 6,
        report_interval_months: 6,
    }
    .into_active_model()
}

pub(super) async fn seed_scheme<C: ConnectionTrait>(
    conn: &C,
    report: &mut SeedReport,
    now: DateTime<Utc>,
) -> Result<Scheme, AppError> {
    let first_ward = next_id(conn, "ward").await?;
    let wards: Vec<ward::ActiveModel> = WARDS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            ward::Model {
                id: first_ward + i as i32,
                name: format!("{name} (bench)"),
                code: format!("E05{:06}", 900_000 + i),
            }
            .into_active_model()
        })
        .collect();
    let ward_ids = (0..WARDS.len()).map(|i| first_ward + i as i32).collect();
    insert_all(conn, report, "ward", 3, wards).await?;

    let first_outcome = next_id(conn, "outcome").await?;
    let first_indicator = next_id(conn, "indicator").await?;
    let mut outcomes = Vec::new();
    let mut outcome_rows = Vec::new();
    let mut indicator_rows = Vec::new();
    for (i, (code, title, indicators)) in OUTCOMES.iter().enumerate() {
        let id = first_outcome + i as i32;
        outcome_rows.push(
            outcome::Model {
                id,
                code: format!("B{code}"),
                title: (*title).into(),
                description: String::new(),
                position: 100 + i as i32,
            }
            .into_active_model(),
        );
        let pair = [
            first_indicator + 2 * i as i32,
            first_indicator + 2 * i as i32 + 1,
        ];
        for (j, name) in indicators.iter().enumerate() {
            indicator_rows.push(
                indicator::Model {
                    id: pair[j],
                    outcome_id: id,
                    name: (*name).into(),
                    unit: "people".into(),
                    description: String::new(),
                    position: j as i32 + 1,
                    retired: false,
                }
                .into_active_model(),
            );
        }
        outcomes.push((id, pair));
    }
    insert_all(conn, report, "outcome", 5, outcome_rows).await?;
    insert_all(conn, report, "indicator", 6, indicator_rows).await?;

    let first_fund = next_id(conn, "fund").await?;
    let first_round = next_id(conn, "funding_round").await?;
    let mut fund_rows = Vec::new();
    let mut round_rows = Vec::new();
    let mut rounds = Vec::new();
    for (f, (name, slug)) in FUNDS.iter().enumerate() {
        let fund_id = first_fund + f as i32;
        fund_rows.push(
            fund::Model {
                id: fund_id,
                name: (*name).into(),
                slug: format!("bench-{slug}"),
                description: format!("{name}: grants for community groups."),
                created_at: now,
                updated_at: now,
            }
            .into_active_model(),
        );
        for y in 0..YEARS {
            let year = FIRST_YEAR + y;
            let id = first_round + rounds.len() as i32;
            let opens = noon(NaiveDate::from_ymd_opt(year, 1, 10).unwrap_or_default());
            round_rows.push(round_model(
                id,
                fund_id,
                format!("{name} {year}"),
                format!("bench-{slug}-{year}"),
                opens,
                opens + Duration::days(60),
                funding_round::Status::Decided,
                now,
            ));
            rounds.push((id, year));
        }
    }
    insert_all(conn, report, "fund", 6, fund_rows).await?;
    insert_all(conn, report, "funding_round", 22, round_rows).await?;
    Ok(Scheme {
        ward_ids,
        outcomes,
        rounds,
    })
}
