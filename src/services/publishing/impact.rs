//! The impact dashboard's figures: totals and breakdowns over the funded projects a filter
//! picks. They are folded from the same [`PublicGrant`] records the directory, the API and
//! the 360Giving export publish, a batch at a time, so every public number agrees.

use std::collections::{BTreeMap, HashSet};

use chrono::Datelike;
use chrono_tz::Tz;
use entity::{outcome, ward};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use serde::Serialize;

use super::grants::PublicGrant;
use super::query::{GrantFilter, batch_after};
use crate::error::AppError;

/// How many grants are loaded at once while folding.
const BATCH: u64 = 500;

/// The headline figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub grants: u64,
    pub organisations: u64,
    pub awarded_pence: i64,
    pub paid_pence: i64,
    /// From each project's latest accepted report.
    pub beneficiaries: i64,
    pub volunteers: i64,
    pub volunteer_hours: i64,
    /// How many projects have an accepted report behind the last three figures.
    pub projects_reporting: u64,
}

/// One bar of a breakdown: a ward, an outcome or a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Share {
    /// The ward or outcome id, or the year.
    pub key: i32,
    pub label: String,
    pub grants: u64,
    pub awarded_pence: i64,
    pub paid_pence: i64,
}

impl Share {
    fn new(key: i32, label: String) -> Self {
        Self {
            key,
            label,
            grants: 0,
            awarded_pence: 0,
            paid_pence: 0,
        }
    }

    fn add(&mut self, grant: &PublicGrant) {
        self.grants += 1;
        self.awarded_pence += grant.amount_awarded_pence;
        self.paid_pence += grant.amount_paid_pence;
    }
}

/// One indicator's target and achieved totals over the projects counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorTotal {
    pub indicator_id: i32,
    pub outcome: String,
    pub name: String,
    pub unit: String,
    pub target: i64,
    pub achieved: i64,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Impact {
    pub totals: Totals,
    /// Every outcome of the Deal, in its order. A project working towards several outcomes
    /// counts in each, so these add up to more than the totals.
    pub by_outcome: Vec<Share>,
    /// Every ward, by name; a project serving several wards counts in each.
    pub by_ward: Vec<Share>,
    /// Years with awards, oldest first.
    pub by_year: Vec<Share>,
    /// Indicators with a target or an achieved value, in outcome order.
    pub indicators: Vec<IndicatorTotal>,
}

/// Folds grants into the dashboard's figures.
#[derive(Debug, Default)]
pub struct Tally {
    impact: Impact,
    organisations: HashSet<i32>,
    years: BTreeMap<i32, Share>,
    indicators: BTreeMap<(usize, i32), IndicatorTotal>,
}

impl Tally {
    /// A tally listing these outcomes and wards (in this order) even where nothing was funded.
    pub fn new(outcomes: Vec<(i32, String)>, wards: Vec<(i32, String)>) -> Self {
        Self {
            impact: Impact {
                by_outcome: outcomes
                    .into_iter()
                    .map(|(id, label)| Share::new(id, label))
                    .collect(),
                by_ward: wards
                    .into_iter()
                    .map(|(id, label)| Share::new(id, label))
                    .collect(),
                ..Impact::default()
            },
            ..Self::default()
        }
    }

    /// Counts one grant.
    pub fn add(&mut self, grant: &PublicGrant) {
        let totals = &mut self.impact.totals;
        totals.grants += 1;
        totals.awarded_pence += grant.amount_awarded_pence;
        totals.paid_pence += grant.amount_paid_pence;
        if grant.beneficiaries.is_some()
            || grant.volunteers.is_some()
            || grant.volunteer_hours.is_some()
        {
            totals.projects_reporting += 1;
        }
        totals.beneficiaries += grant.beneficiaries.unwrap_or(0);
        totals.volunteers += grant.volunteers.unwrap_or(0);
        totals.volunteer_hours += grant.volunteer_hours.unwrap_or(0);
        self.organisations.insert(grant.organisation.id);
        for outcome in &grant.outcomes {
            if let Some(share) = self
                .impact
                .by_outcome
                .iter_mut()
                .find(|s| s.key == outcome.id)
            {
                share.add(grant);
            }
        }
        for ward in &grant.wards {
            if let Some(share) = self.impact.by_ward.iter_mut().find(|s| s.key == ward.id) {
                share.add(grant);
            }
        }
        let year = grant.award_date.year();
        self.years
            .entry(year)
            .or_insert_with(|| Share::new(year, year.to_string()))
            .add(grant);
        for outcome in &grant.outcomes {
            let rank = self
                .impact
                .by_outcome
                .iter()
                .position(|s| s.key == outcome.id)
                .unwrap_or(usize::MAX);
            for indicator in &outcome.indicators {
                let total = self
                    .indicators
                    .entry((rank, indicator.id))
                    .or_insert_with(|| IndicatorTotal {
                        indicator_id: indicator.id,
                        outcome: outcome.title.clone(),
                        name: indicator.name.clone(),
                        unit: indicator.unit.clone(),
                        target: 0,
                        achieved: 0,
                    });
                total.target += indicator.target.unwrap_or(0);
                total.achieved += indicator.achieved.unwrap_or(0);
            }
        }
    }

    /// The figures.
    pub fn finish(mut self) -> Impact {
        self.impact.totals.organisations = self.organisations.len() as u64;
        self.impact.by_year = self.years.into_values().collect();
        self.impact.indicators = self.indicators.into_values().collect();
        self.impact
    }
}

/// The dashboard's figures over the projects `filter` picks.
pub async fn impact<C: ConnectionTrait>(
    conn: &C,
    filter: &GrantFilter,
    tz: Tz,
) -> Result<Impact, AppError> {
    let outcomes = outcome::Entity::find()
        .order_by_asc(outcome::Column::Position)
        .order_by_asc(outcome::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.title))
        .collect();
    let wards = ward::Entity::find()
        .order_by_asc(ward::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|w| (w.id, w.name))
        .collect();
    let mut tally = Tally::new(outcomes, wards);
    let mut after = Some(0);
    while let Some(from) = after {
        let batch = batch_after(conn, filter, from, BATCH, tz).await?;
        for grant in &batch.grants {
            tally.add(grant);
        }
        after = batch.next;
    }
    Ok(tally.finish())
}
