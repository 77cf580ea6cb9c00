//! Open data: the page that explains it, and every published grant in the 360Giving
//! Data Standard as a JSON package and as CSV, streamed a batch at a time.

use rocket::futures::StreamExt;
use rocket::http::{ContentType, Header, Status};
use rocket::response::stream::ByteStream;
use rocket::response::{self, Responder};
use rocket::{Request, Response, Route, State, get, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::clock::Clock;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::format;
use crate::services::publishing::giving360::STANDARD_VERSION;
use crate::services::publishing::giving360::export::{self, Export, Format, Prepared};
use crate::services::publishing::query::{self, GrantFilter};
use crate::views::Layout;

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![page, json, csv]
}

/// Nothing private is in the files (only what `PublicGrant` publishes), so shared caches
/// may keep them for a few minutes.
const CACHE_CONTROL: &str = "public, max-age=300";

#[derive(Serialize)]
struct DataPage {
    layout: Layout,
    grants: u64,
    /// "1 grant", "1,204 grants".
    grants_label: String,
    version: &'static str,
    licence_name: String,
    licence_url: String,
}

#[get("/data")]
async fn page(
    layout: Layout,
    db: &State<DatabaseConnection>,
    config: &State<AppConfig>,
) -> Result<Template, AppError> {
    let grants = query::count(db.inner(), &GrantFilter::default(), config.time_zone).await?;
    Ok(Template::render(
        "public/data",
        DataPage {
            layout: layout.titled("Open data", None),
            grants,
            grants_label: match grants {
                1 => "1 grant".to_owned(),
                n => format!(
                    "{} grants",
                    format::count(i64::try_from(n).unwrap_or(i64::MAX))
                ),
            },
            version: STANDARD_VERSION,
            licence_name: config.open_data_licence_name.clone(),
            licence_url: config.open_data_licence_url.clone(),
        },
    ))
}

/// A data file being streamed, or the explanation that there is none yet.
pub enum DataFile {
    Stream {
        format: Format,
        prepared: Box<Prepared>,
        db: DatabaseConnection,
        file_name: String,
    },
    Nothing,
}

impl<'r> Responder<'r, 'r> for DataFile {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'r> {
        let DataFile::Stream {
            format,
            prepared,
            db,
            file_name,
        } = self
        else {
            // The standard's package needs at least one grant, so an empty file would not
            // be valid 360Giving data: say so instead.
            let message = "No grants have been published yet, so there is no 360Giving data \
                           to download. See /data for what will be published here.\n";
            return Response::build_from(message.respond_to(request)?)
                .status(Status::NotFound)
                .ok();
        };
        let body = prepared.chunks(db).map(move |chunk| match chunk {
            Ok(bytes) => bytes,
            Err(error) => {
                tracing::error!(%error, "the 360Giving export failed part-way");
                export::failure_marker(format)
            }
        });
        let (content_type, disposition) = match format {
            Format::Json => (
                ContentType::JSON,
                format!("inline; filename=\"{file_name}\""),
            ),
            Format::Csv => (
                ContentType::new("text", "csv").with_params(("charset", "utf-8")),
                format!("attachment; filename=\"{file_name}\""),
            ),
        };
        Response::build_from(ByteStream(body).respond_to(request)?)
            .header(content_type)
            .header(Header::new("Content-Disposition", disposition))
            .header(Header::new("Cache-Control", CACHE_CONTROL))
            .ok()
    }
}

async fn download(
    db: &DatabaseConnection,
    config: &AppConfig,
    clock: &Clock,
    format: Format,
) -> Result<DataFile, AppError> {
    let export = Export::new(config, format, clock.now());
    let file_name = match format {
        Format::Json => format!("360giving-{}.json", export.issued),
        Format::Csv => format!("360giving-{}.csv", export.issued),
    };
    Ok(match export::prepare(db, export).await? {
        Some(prepared) => DataFile::Stream {
            format,
            prepared: Box::new(prepared),
            db: db.clone(),
            file_name,
        },
        None => DataFile::Nothing,
    })
}

#[get("/data/360giving.json")]
async fn json(
    db: &State<DatabaseConnection>,
    config: &State<AppConfig>,
    clock: &State<Clock>,
) -> Result<DataFile, AppError> {
    download(db, config, clock, Format::Json).await
}

#[get("/data/360giving.csv")]
async fn csv(
    db: &State<DatabaseConnection>,
    config: &State<AppConfig>,
    clock: &State<Clock>,
) -> Result<DataFile, AppError> {
    download(db, config, clock, Format::Csv).await
}
