//! The demo's Deal, outcomes framework, wards and pledges, for the fictional
//! borough of Ashworth. Written through the services, so the demo obeys the same
//! rules and leaves the same audit trail as real use; only the pledges go in
//! directly, because they are backdated and the public limit would refuse them.

use chrono::Duration;
use entity::pledge;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

use crate::clock::Clock;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::deal::{self, DealText, ThemeInput};
use crate::services::outcomes::{self, IndicatorInput, OutcomeInput};
use crate::services::wards::{self, WardInput};
use crate::services::write::Write;

const TITLE: &str = "The Ashworth Deal";

const INTRODUCTION: &str = "The Ashworth Deal is an informal agreement between Ashworth \
Borough Council and everyone who lives and works in the borough. It sets out what we, the \
council, will do, and what you can do, so that Ashworth is a place where people look out for \
one another, stay well and get on in life.

Money is tighter than it has ever been, and the council cannot do everything on its own. \
Through the Deal we promise to keep council tax among the lowest in the region, to be open \
about how we spend your money, and to back the community groups that make Ashworth special. \
In return we ask you to do your bit: to look after yourself and your neighbours, to recycle, \
and to get involved.

The Deal for Communities Investment Fund puts money behind these promises. It gives grants to \
community groups whose work delivers the Deal's outcomes, from lunch clubs and walking groups \
to litter picks and homework clubs.";

/// A theme: title, description, "Our part", "Your part".
type ThemeSeed = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// An indicator: name, unit, how it is counted.
type IndicatorSeed = (&'static str, &'static str, &'static str);

/// An outcome: code, title, description, indicators.
type OutcomeSeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static [IndicatorSeed],
);

const THEMES: &[ThemeSeed] = &[
    (
        "Health and wellness",
        "Helping everyone in Ashworth live longer, healthier and happier lives.",
        &[
            "We will keep every leisure centre open, with free swimming for under-16s and \
             over-65s during the school holidays.",
            "We will run free health checks in community venues in every ward, twice a year.",
            "We will fund community groups that help people who are lonely or isolated.",
        ],
        &[
            "I will be active for 30 minutes, five days a week, even if it is a brisk walk.",
            "I will check in on a neighbour who lives alone.",
            "I will use my pharmacy or NHS 111 before going to A&E.",
        ],
    ),
    (
        "Stronger communities",
        "Neighbours who know one another, and groups that bring people together.",
        &[
            "We will keep all eleven libraries open as community hubs.",
            "We will let community groups use council halls at low cost, booked in one step.",
        ],
        &[
            "I will give a few hours a month to a local group.",
            "I will say hello to my neighbours and join in with street events.",
            "I will shop locally and support Ashworth businesses.",
        ],
    ),
    (
        "A greener Ashworth",
        "Cleaner streets, greener parks, and a borough ready for a changing climate.",
        &[
            "We will collect recycling every fortnight and never miss a street.",
            "We will plant 10,000 trees in parks and streets by 2030.",
            "We will clear reported fly-tipping within two working days.",
        ],
        &[
            "I will recycle everything I can, and put the right things in the right bin.",
            "I will join a litter pick in my local park.",
        ],
    ),
];

const OUTCOMES: &[OutcomeSeed] = &[
    (
        "O1",
        "Fewer people lonely or isolated",
        "People have someone to talk to and somewhere to go, whatever their age.",
        &[
            (
                "People taking part in regular social activities",
                "people",
                "Count each person once, however many times they come.",
            ),
            (
                "Social sessions held",
                "sessions",
                "Count each lunch club, coffee morning or group meeting held.",
            ),
            (
                "Participants who say they feel less lonely",
                "percent",
                "The share of participants asked who say so, asked at least three months after joining.",
            ),
        ],
    ),
    (
        "O2",
        "More people active and healthy",
        "More people move more, eat well and look after their health.",
        &[
            (
                "People taking part in physical activity",
                "people",
                "Count each person once, however many sessions they come to.",
            ),
            (
                "Hours of physical activity delivered",
                "hours",
                "The length of each session, added up; not multiplied by the number of people.",
            ),
        ],
    ),
    (
        "O3",
        "Children and young people thrive",
        "Children and young people are safe, happy and have things to do and people to turn to.",
        &[
            (
                "Children and young people taking part",
                "people",
                "Count each person under 25 once.",
            ),
            (
                "Youth sessions delivered",
                "sessions",
                "Count each club night, trip or workshop.",
            ),
            (
                "Young people gaining an award or qualification",
                "people",
                "Count each young person once, whatever the award.",
            ),
        ],
    ),
    (
        "O4",
        "People volunteer and help each other",
        "More people give their time, and groups have the volunteers they need.",
        &[
            (
                "Volunteers recruited",
                "volunteers",
                "Count new volunteers who help at least twice.",
            ),
            (
                "Volunteer hours given",
                "hours",
                "Hours given by all volunteers, from sign-in sheets or rotas.",
            ),
        ],
    ),
    (
        "O5",
        "Greener, cleaner neighbourhoods",
        "Streets, parks and open spaces that people are proud of.",
        &[
            (
                "Community clean-up events held",
                "events",
                "Count each litter pick or clean-up day.",
            ),
            (
                "Trees and hedges planted",
                "items",
                "Count each tree, and each metre of hedge.",
            ),
            (
                "Bags of litter collected",
                "items",
                "Count full bags, as weighed or counted at the end of each event.",
            ),
        ],
    ),
    (
        "O6",
        "People have the skills to get on",
        "People have the skills and confidence for work, money and life online.",
        &[
            (
                "People completing a course or training",
                "people",
                "Count each person who finishes, once per course.",
            ),
            (
                "Training sessions delivered",
                "sessions",
                "Count each class or one-to-one session.",
            ),
            (
                "Money gained through advice",
                "pounds",
                "Benefits claimed and debts written off, as the adviser records them, for the first year.",
            ),
        ],
    ),
];

const WARDS: &[&str] = &[
    "Abbey Fields",
    "Brookside",
    "Castle Hill",
    "Dunmore",
    "Elmbridge",
    "Fairholme",
    "Greenacre",
    "Harrow Vale",
    "Ingleby",
    "Kingsmead",
    "Lark Rise",
    "Millbrook",
];

const FIRST_NAMES: &[&str] = &[
    "Aisha", "Tom", "Grace", "Mohammed", "Ellie", "Jack", "Priya", "Callum", "Nia", "Dan",
];

/// How many demo pledges each "Your part" commitment gets, in order: 40 in all.
const PLEDGES_PER_COMMITMENT: &[usize] = &[9, 5, 3, 6, 4, 7, 4, 2];

/// Adds the Ashworth Deal, its outcomes, wards and some pledges.
pub async fn seed(db: &DatabaseConnection, clock: &Clock) -> Result<(), AppError> {
    let actor = Actor::system();
    let text = DealText {
        title: TITLE.to_owned(),
        introduction: INTRODUCTION.to_owned(),
    };
    deal::save(db, clock, &actor, text).await?;

    let mut residents = Vec::new();
    for (title, description, ours, yours) in THEMES {
        let input = ThemeInput {
            title: (*title).to_owned(),
            description: (*description).to_owned(),
        };
        let theme = deal::add_theme(db, clock, &actor, input).await?;
        for body in *ours {
            deal::add_commitment(db, clock, &actor, theme.id, "council", body).await?;
        }
        for body in *yours {
            let c = deal::add_commitment(db, clock, &actor, theme.id, "residents", body).await?;
            residents.push(c.id);
        }
    }

    for (code, title, description, indicators) in OUTCOMES {
        let input = OutcomeInput {
            code: (*code).to_owned(),
            title: (*title).to_owned(),
            description: (*description).to_owned(),
        };
        let outcome = outcomes::add_outcome(db, clock, &actor, input).await?;
        for (name, unit, how) in *indicators {
            let input = IndicatorInput {
                name: (*name).to_owned(),
                unit: (*unit).to_owned(),
                description: (*how).to_owned(),
            };
            outcomes::add_indicator(db, clock, &actor, outcome.id, input).await?;
        }
    }

    let mut ward_ids = Vec::new();
    for (n, name) in (1..).zip(WARDS) {
        let input = WardInput {
            name: (*name).to_owned(),
            code: format!("E050112{n:02}"),
        };
        ward_ids.push(wards::add_ward(db, clock, &actor, input).await?.id);
    }

    seed_pledges(db, clock, &residents, &ward_ids).await
}

/// Backdated pledges spread over the last few weeks. Fixed, not random, so every
/// demo looks the same.
async fn seed_pledges(
    db: &DatabaseConnection,
    clock: &Clock,
    commitments: &[i32],
    wards: &[i32],
) -> Result<(), AppError> {
    let now = clock.now();
    let mut rows = Vec::new();
    for (commitment_id, count) in commitments.iter().zip(PLEDGES_PER_COMMITMENT) {
        for _ in 0..*count {
            let n = rows.len();
            // Some give a name, some a ward, some both, some neither.
            let first_name = (n % 3 != 0).then(|| FIRST_NAMES[n % FIRST_NAMES.len()].to_owned());
            let ward_id = (n % 4 != 1).then(|| wards[(n * 5) % wards.len()]);
            let hours_ago = i64::try_from(n).unwrap_or(0) * 17 + 3;
            rows.push(pledge::ActiveModel {
                commitment_id: Set(*commitment_id),
                first_name: Set(first_name),
                ward_id: Set(ward_id),
                client_ip: Set("demo".to_owned()),
                created_at: Set(now - Duration::hours(hours_ago)),
                ..Default::default()
            });
        }
    }
    let count = rows.len();
    let system = Actor::system();
    let txn = Write::begin_at(db, now, &system).await?;
    pledge::Entity::insert_many(rows)
        .exec_without_returning(&txn)
        .await?;
    let detail = format!("{count} demo pledges");
    txn.audit(Action::PledgeSeeded, "", detail).await?;
    txn.commit().await?;
    Ok(())
}
