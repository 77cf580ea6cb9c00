//! The two open-data files, written a batch of grants at a time, so that a hundred
//! thousand grants never sit in memory together. The web routes and the command line
//! both take their bytes from [`Prepared::chunks`], so they write the same file.
//!
//! No snapshot is held across batches (a long download would hold a transaction, and on
//! SQLite the write-ahead log, open): each batch is read fresh, walking award ids upwards,
//! so every grant is written once even when grants are published during the download.
//!
//! A failure part-way is never a silently shorter file: the stream yields the error, and
//! [`failure_marker`] gives what a web response should end with instead, because an HTTP
//! body that has begun cannot be turned into an error status any more. The JSON is then
//! left without its closing brackets and with a message, so it is not valid JSON; the CSV
//! ends with a row that says the file is incomplete.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::{application_ward, award, outcome};
use futures::stream::{self, BoxStream, StreamExt};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};

use super::csv::Columns;
use super::{Publisher, date_time, grant, metadata};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::format::spreadsheet::BOM;
use crate::services::publishing::grants::PublicGrant;
use crate::services::publishing::query::{self, Batch, GrantFilter};

/// Grants read and written at a time.
pub const BATCH_SIZE: u64 = 500;

/// JSON package or CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    /// Reads `json` or `csv`.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// What to write, for whom, and how many grants at a time.
#[derive(Debug, Clone)]
pub struct Export {
    pub format: Format,
    pub publisher: Publisher,
    pub filter: GrantFilter,
    pub tz: Tz,
    /// The day the file is made, in the council's time zone.
    pub issued: NaiveDate,
    pub batch_size: u64,
}

impl Export {
    /// Every published grant, in `format`, made `now`.
    pub fn new(config: &AppConfig, format: Format, now: DateTime<Utc>) -> Self {
        Export {
            format,
            publisher: Publisher::from(config),
            filter: GrantFilter::default(),
            tz: config.time_zone,
            issued: now.with_timezone(&config.time_zone).date_naive(),
            batch_size: BATCH_SIZE,
        }
    }
}

/// An export with at least one grant, its first batch read, ready to stream.
pub struct Prepared {
    export: Export,
    /// Holds at least one grant.
    first: Batch,
    columns: Columns,
}

/// Reads the first batch (and, for the CSV, how many numbered ward and outcome columns it
/// needs), so that a database that is down answers with an error before anything is sent.
/// `None` when no grant has been published: the standard's package needs at least one.
pub async fn prepare(
    db: &DatabaseConnection,
    mut export: Export,
) -> Result<Option<Prepared>, AppError> {
    export.batch_size = Ord::max(export.batch_size, 1);
    let batch = |after| query::batch_after(db, &export.filter, after, export.batch_size, export.tz);
    let mut first = batch(0).await?;
    while first.grants.is_empty() {
        match first.next {
            Some(after) => first = batch(after).await?,
            None => return Ok(None),
        }
    }
    let columns = match export.format {
        Format::Json => Columns::new(1, 1),
        Format::Csv => Columns::new(most_wards(db, &export).await?, most_outcomes(db).await?),
    };
    Ok(Some(Prepared {
        export,
        first,
        columns,
    }))
}

/// The most wards any one of the exported grants serves: each is a link to the
/// application, so counting the links per application bounds what `grants::load` finds.
async fn most_wards(db: &DatabaseConnection, export: &Export) -> Result<usize, AppError> {
    let applications = query::select(&export.filter, export.tz)
        .select_only()
        .column(award::Column::ApplicationId)
        .into_query();
    let count = Expr::col(application_ward::Column::WardId).count();
    let most: Option<i64> = application_ward::Entity::find()
        .select_only()
        .expr(count.clone())
        .filter(application_ward::Column::ApplicationId.in_subquery(applications))
        .group_by(application_ward::Column::ApplicationId)
        .order_by(count, Order::Desc)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(most.map_or(0, |n| usize::try_from(n).unwrap_or(0)))
}

/// Room for every outcome in the framework: a grant lists each outcome at most once, and
/// which ones it has is `grants::load`'s rule (chosen outcomes, and those of indicators it
/// has targets for), so the framework's size is the bound that cannot go stale.
async fn most_outcomes(db: &DatabaseConnection) -> Result<usize, AppError> {
    let outcomes = outcome::Entity::find().count(db).await?;
    Ok(usize::try_from(outcomes).unwrap_or(0))
}

/// Where the walk through the grants has got to.
enum Step {
    Start(Batch),
    /// The next batch, being read while the one before it is written.
    Reading(tokio::task::JoinHandle<Result<Batch, AppError>>),
    Done,
}

/// What the writer carries from one batch to the next.
struct Walk {
    db: DatabaseConnection,
    export: Export,
    columns: Columns,
    step: Step,
    /// The latest `dateModified` so far: the package's `modified`.
    modified: Option<DateTime<Utc>>,
}

impl Prepared {
    /// The file, a batch at a time: the opening (JSON metadata, or the CSV's byte order
    /// mark and header) with the first batch, one chunk per further batch, then the end.
    /// After an error the stream yields it and stops.
    pub fn chunks(self, db: DatabaseConnection) -> BoxStream<'static, Result<Vec<u8>, AppError>> {
        let walk = Walk {
            db,
            export: self.export,
            columns: self.columns,
            step: Step::Start(self.first),
            modified: None,
        };
        stream::unfold(walk, |mut walk| async move {
            let step = std::mem::replace(&mut walk.step, Step::Done);
            let (batch, opening) = match step {
                Step::Done => return None,
                Step::Start(first) => (Ok(first), true),
                Step::Reading(reading) => (
                    reading.await.unwrap_or_else(|e| {
                        Err(AppError::Internal(format!(
                            "reading a batch of grants: {e}"
                        )))
                    }),
                    false,
                ),
            };
            let chunk = batch.and_then(|batch| {
                match batch.next {
                    Some(after) => walk.step = Step::Reading(walk.read(after)),
                    None => walk.step = Step::Done,
                }
                let mut written = walk.write(&batch.grants, opening)?;
                if batch.next.is_none() {
                    written.extend(walk.closing());
                }
                Ok(written)
            });
            if chunk.is_err() {
                walk.step = Step::Done;
            }
            Some((chunk, walk))
        })
        .boxed()
    }
}

impl Walk {
    /// Starts reading the batch after award `after`, to run while this one is written.
    fn read(&self, after: i32) -> tokio::task::JoinHandle<Result<Batch, AppError>> {
        let (db, filter) = (self.db.clone(), self.export.filter.clone());
        let (size, tz) = (self.export.batch_size, self.export.tz);
        tokio::spawn(async move { query::batch_after(&db, &filter, after, size, tz).await })
    }

    fn write(&mut self, batch: &[PublicGrant], opening: bool) -> Result<Vec<u8>, AppError> {
        let mut out = if opening { self.opening()? } else { Vec::new() };
        match self.export.format {
            Format::Json => {
                for (i, public) in batch.iter().enumerate() {
                    let mapped = grant(public, &self.export.publisher)?;
                    if !(opening && i == 0) {
                        out.extend_from_slice(b",\n");
                    }
                    serde_json::to_writer(&mut out, &mapped).map_err(json_error)?;
                    self.modified = Ord::max(self.modified, Some(public.modified_at));
                }
            }
            Format::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                for public in batch {
                    let mapped = grant(public, &self.export.publisher)?;
                    writer
                        .write_record(self.columns.row(&mapped)?)
                        .map_err(csv_error)?;
                }
                out = writer.into_inner().map_err(csv_error)?;
            }
        }
        Ok(out)
    }

    fn opening(&self) -> Result<Vec<u8>, AppError> {
        match self.export.format {
            Format::Json => {
                let meta = metadata(&self.export.publisher, self.export.issued);
                let fields = [
                    ("title", serde_json::to_value(&meta.title)),
                    ("description", serde_json::to_value(&meta.description)),
                    ("publisher", serde_json::to_value(&meta.publisher)),
                    ("issued", serde_json::to_value(meta.issued)),
                    ("license", serde_json::to_value(&meta.license)),
                    ("version", serde_json::to_value(meta.version)),
                ];
                let mut out = b"{\n".to_vec();
                for (name, value) in fields {
                    out.extend_from_slice(format!("  \"{name}\": ").as_bytes());
                    serde_json::to_writer(&mut out, &value.map_err(json_error)?)
                        .map_err(json_error)?;
                    out.extend_from_slice(b",\n");
                }
                out.extend_from_slice(b"  \"grants\": [\n");
                Ok(out)
            }
            Format::Csv => {
                let mut writer = csv::Writer::from_writer(BOM.to_vec());
                writer
                    .write_record(self.columns.header())
                    .map_err(csv_error)?;
                writer.into_inner().map_err(csv_error)
            }
        }
    }

    fn closing(&self) -> Vec<u8> {
        match self.export.format {
            Format::Json => {
                let modified = self.modified.map(date_time).unwrap_or_default();
                format!("\n  ],\n  \"modified\": \"{modified}\"\n}}\n").into_bytes()
            }
            Format::Csv => Vec::new(),
        }
    }
}

fn json_error(error: serde_json::Error) -> AppError {
    AppError::Internal(format!("writing the 360Giving JSON: {error}"))
}

fn csv_error(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("writing the 360Giving CSV: {error}"))
}

/// What a download ends with when the export fails part-way: for the JSON, text that
/// makes the unfinished package invalid; for the CSV, a last row saying it is incomplete.
pub fn failure_marker(format: Format) -> Vec<u8> {
    const MESSAGE: &str = "ERROR: the export failed part-way, so this file is incomplete. \
                           Please download it again later.";
    match format {
        Format::Json => format!("\n\n{MESSAGE}\n").into_bytes(),
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            let _ = writer.write_record([MESSAGE]);
            writer.into_inner().unwrap_or_default()
        }
    }
}
