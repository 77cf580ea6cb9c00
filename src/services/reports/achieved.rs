//! What funded projects achieved, for public pages, the dashboard and exports.
//!
//! Only what an officer has accepted is published: for each award, the latest
//! accepted report (the highest position) stands for the project so far, because each
//! report gives totals to date rather than the change since the last one. Values in
//! reports that are due, submitted or sent back are never counted.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use entity::{
    application_target, award, funding_round, indicator, monitoring_report, report_value,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::domain::award::AwardStatus;
use crate::domain::report::ReportStatus;
use crate::error::AppError;

/// Which awards to count; `None` counts all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AchievedFilter {
    pub fund_id: Option<i32>,
    pub round_id: Option<i32>,
    /// The calendar year the award was offered.
    pub year: Option<i32>,
}

/// One indicator's totals over the awards counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorTotal {
    pub indicator_id: i32,
    pub outcome_id: i32,
    pub name: String,
    pub unit: String,
    /// The sum of the targets the awarded applications set.
    pub target: i64,
    /// The sum of the achieved values in accepted reports.
    pub achieved: i64,
}

/// Totals over the awards counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Achieved {
    /// By indicator, in outcome and indicator order.
    pub indicators: Vec<IndicatorTotal>,
    pub beneficiaries: i64,
    pub volunteers: i64,
    pub volunteer_hours: i64,
    /// How many awards have an accepted report behind these figures.
    pub awards_reporting: usize,
}

/// The awards that were taken up: the ones whose projects can achieve anything.
const TAKEN_UP: &[AwardStatus] = &[
    AwardStatus::Accepted,
    AwardStatus::Active,
    AwardStatus::Completed,
];

/// Target and achieved totals per indicator, and the headline counts, for the awards
/// `filter` picks. A handful of queries, whatever the number of awards.
pub async fn achieved_by_indicator<C: ConnectionTrait>(
    conn: &C,
    filter: AchievedFilter,
) -> Result<Achieved, AppError> {
    let mut query = award::Entity::find()
        .filter(award::Column::Status.is_in(TAKEN_UP.iter().map(|s| s.as_str())));
    if let Some(round_id) = filter.round_id {
        query = query.filter(award::Column::RoundId.eq(round_id));
    }
    if let Some(fund_id) = filter.fund_id {
        let rounds: Vec<i32> = funding_round::Entity::find()
            .filter(funding_round::Column::FundId.eq(fund_id))
            .all(conn)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect();
        query = query.filter(award::Column::RoundId.is_in(rounds));
    }
    let awards: Vec<award::Model> = query
        .all(conn)
        .await?
        .into_iter()
        .filter(|a| filter.year.is_none_or(|y| a.offered_at.year() == y))
        .collect();
    if awards.is_empty() {
        return Ok(Achieved::default());
    }
    let targets = application_target::Entity::find()
        .filter(
            application_target::Column::ApplicationId
                .is_in(awards.iter().map(|a| a.application_id)),
        )
        .all(conn)
        .await?;
    let accepted = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.is_in(awards.iter().map(|a| a.id)))
        .filter(monitoring_report::Column::Status.eq(ReportStatus::Accepted.as_str()))
        .all(conn)
        .await?;
    let mut latest: HashMap<i32, monitoring_report::Model> = HashMap::new();
    for report in accepted {
        let newer = latest
            .get(&report.award_id)
            .is_none_or(|seen| report.position > seen.position);
        if newer {
            latest.insert(report.award_id, report);
        }
    }
    let values = report_value::Entity::find()
        .filter(report_value::Column::ReportId.is_in(latest.values().map(|r| r.id)))
        .all(conn)
        .await?;
    let mut totals: BTreeMap<i32, (i64, i64)> = BTreeMap::new();
    for t in &targets {
        totals.entry(t.indicator_id).or_default().0 += t.target;
    }
    for v in &values {
        totals.entry(v.indicator_id).or_default().1 += v.achieved.unwrap_or(0);
    }
    let indicators: HashMap<i32, indicator::Model> = indicator::Entity::find()
        .filter(indicator::Column::Id.is_in(totals.keys().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut lines: Vec<(i32, IndicatorTotal)> = totals
        .into_iter()
        .filter_map(|(id, (target, achieved))| {
            let i = indicators.get(&id)?;
            Some((
                i.position,
                IndicatorTotal {
                    indicator_id: id,
                    outcome_id: i.outcome_id,
                    name: i.name.clone(),
                    unit: i.unit.clone(),
                    target,
                    achieved,
                },
            ))
        })
        .collect();
    lines.sort_by_key(|(position, l)| (l.outcome_id, *position, l.indicator_id));
    let sum = |f: fn(&monitoring_report::Model) -> Option<i64>| -> i64 {
        latest.values().filter_map(f).sum()
    };
    Ok(Achieved {
        indicators: lines.into_iter().map(|(_, l)| l).collect(),
        beneficiaries: sum(|r| r.beneficiaries),
        volunteers: sum(|r| r.volunteers),
        volunteer_hours: sum(|r| r.volunteer_hours),
        awards_reporting: latest.len(),
    })
}
