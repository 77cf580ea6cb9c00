//! A small published world with hand-countable figures, shared by the directory,
//! dashboard and API tests.
//!
//! | grant | status    | fund/round | awarded | paid   | wards         | outcomes      | year |
//! |-------|-----------|------------|---------|--------|---------------|---------------|------|
//! | SWIM  | accepted  | alpha      | £1,500  | £750   | Abbey         | health        | 2026 |
//! | CAFE  | completed | beta       | £2,000  | £2,000 | Abbey, Bridge | health, jobs  | 2025 |
//! | SHED  | active    | alpha      | £500    | —      | —             | —             | 2026 |
//! | OFFER | offered   | alpha      | £900    | hidden |               |               |      |
//! | NOPE  | refused   | alpha      | £800    | hidden |               |               |      |
//! | GONE  | cancelled | alpha      | £700    | hidden |               |               |      |

use entity::{indicator, outcome, ward};

use super::fixtures::{Grant, Report, Scheme, noon, outcome_with_indicator, scheme, ward};
use crate::support::TestApp;

/// The world's pieces, for building addresses and checking results.
pub struct World {
    pub alpha: Scheme,
    pub beta: Scheme,
    pub abbey: ward::Model,
    pub bridge: ward::Model,
    pub health: outcome::Model,
    pub active: indicator::Model,
    pub jobs: outcome::Model,
    pub trained: indicator::Model,
}

/// Writes the world.
pub async fn world(app: &TestApp) -> World {
    let alpha = scheme(app, "alpha").await;
    let beta = scheme(app, "beta").await;
    let abbey = ward(app, "Abbey", "E05000001").await;
    let bridge = ward(app, "Bridge", "E05000002").await;
    let (health, active) =
        outcome_with_indicator(app, "HEALTH", "Healthier lives", "People more active").await;
    let (jobs, trained) =
        outcome_with_indicator(app, "JOBS", "Skills and jobs", "People trained").await;

    Grant {
        title: "Swimming for all".into(),
        summary: "Lessons for adults who never learned.".into(),
        organisation: "Abbey Swimmers".into(),
        kind: "registered_charity",
        charity_number: Some("1234567".into()),
        amount_pence: 150_000,
        requested_pence: 180_000,
        ward_ids: vec![abbey.id],
        outcome_ids: vec![health.id],
        targets: vec![(active.id, 100)],
        paid: vec![75_000],
        scheduled: vec![75_000],
        reports: vec![Report {
            beneficiaries: Some(60),
            volunteers: Some(5),
            volunteer_hours: Some(200),
            achieved: vec![(active.id, 60)],
            case_study: "Maisie swam her first length at 71.".into(),
            consent: true,
            published: true,
            ..Report::default()
        }],
        ..Grant::new("SWIM-1")
    }
    .create(app, &alpha)
    .await;

    Grant {
        title: "Bridge cafe training".into(),
        summary: "Barista training in a community cafe.".into(),
        organisation: "Bridge Cafe CIC".into(),
        kind: "cic",
        company_number: Some("01234567".into()),
        amount_pence: 200_000,
        award_status: entity::award::Status::Completed,
        offered_at: noon(2025, 6, 10),
        ward_ids: vec![abbey.id, bridge.id],
        outcome_ids: vec![health.id, jobs.id],
        targets: vec![(active.id, 50), (trained.id, 12)],
        paid: vec![200_000],
        reports: vec![
            Report {
                beneficiaries: Some(10),
                achieved: vec![(active.id, 5)],
                ..Report::default()
            },
            Report {
                beneficiaries: Some(40),
                volunteers: Some(3),
                volunteer_hours: Some(50),
                achieved: vec![(active.id, 40), (trained.id, 12)],
                ..Report::default()
            },
        ],
        ..Grant::new("CAFE-1")
    }
    .create(app, &beta)
    .await;

    Grant {
        title: "Men's shed tools".into(),
        summary: "Tools for the shed on Mill Lane.".into(),
        organisation: "Mill Lane Shed".into(),
        amount_pence: 50_000,
        award_status: entity::award::Status::Active,
        offered_at: noon(2026, 5, 5),
        reports: vec![Report {
            status: Some(entity::monitoring_report::Status::Submitted),
            beneficiaries: Some(999),
            ..Report::default()
        }],
        ..Grant::new("SHED-1")
    }
    .create(app, &alpha)
    .await;

    for (reference, status, pence) in [
        ("OFFER-1", entity::award::Status::Offered, 90_000),
        ("NOPE-1", entity::award::Status::Refused, 80_000),
        ("GONE-1", entity::award::Status::Cancelled, 70_000),
    ] {
        Grant {
            title: format!("Hidden {reference}"),
            award_status: status,
            amount_pence: pence,
            ..Grant::new(reference)
        }
        .create(app, &alpha)
        .await;
    }

    World {
        alpha,
        beta,
        abbey,
        bridge,
        health,
        active,
        jobs,
        trained,
    }
}
